//! Importers and exporters: journeys in and out of Mermaid `journey` diagrams and
//! spreadsheets, and the whole portfolio as tidy tables for BI tools.
//!
//! They read and write content files, never pages. An import reads a file into a
//! [`Draft`] (a journey's front matter and narrative, or located diagnostics), which
//! [`write_journey`] checks against the site and writes as `journeys/<id>.md`, laid out as
//! `waymark new journey` lays it out. An export turns a parsed journey into text that
//! imports back into the same journey: every field the diagram or sheet cannot show
//! travels along in a form that tools leave alone (`%% waymark:` comment lines in
//! Mermaid, a `{…}` suffix on an item in a sheet).

mod front_matter;
pub mod mermaid;
pub mod sheet;
mod site;
pub(crate) mod slug;
pub mod table;
#[cfg(test)]
mod tests;

pub use mermaid::mermaid_source;
pub use sheet::sheet_source;
pub use site::{find_journey, write_file, ImportOptions, Written};

use crate::diagnostics::Diagnostic;
use crate::model::{Date, Id, JourneyFront, JourneyKind};
use std::fmt;
use std::path::{Path, PathBuf};

/// `waymark import mermaid`: reads the diagram `file` and writes the journey it makes
/// into the site at `site`.
pub fn import_mermaid(
    site: &Path,
    file: &Path,
    options: &ImportOptions,
) -> Result<Written, InteropError> {
    site::import_with(site, file, options, |bytes, context| {
        mermaid::read_bytes(bytes, file, context)
    })
}

/// `waymark import sheet`: reads the CSV `file` and writes the journey it makes into
/// the site at `site`.
pub fn import_sheet(
    site: &Path,
    file: &Path,
    options: &ImportOptions,
) -> Result<Written, InteropError> {
    site::import_with(site, file, options, |bytes, context| {
        sheet::read(bytes, file, context)
    })
}

/// `waymark export mermaid ID`: the diagram of the journey `id` of the site.
pub fn export_mermaid(site: &Path, id: &str) -> Result<String, InteropError> {
    let (journey, persona) = find_journey(site, id)?;
    Ok(mermaid_source(&journey, persona.as_ref()))
}

/// `waymark export sheet ID`: the CSV bytes of the journey `id` of the site, and what
/// the sheet could not hold.
pub fn export_sheet(site: &Path, id: &str) -> Result<(Vec<u8>, Vec<String>), InteropError> {
    let (journey, persona) = find_journey(site, id)?;
    Ok(sheet::sheet_export(&journey, persona.as_ref()))
}

/// `waymark export table`: the tidy tables of the whole site (drafts only when asked
/// for), from the site as `build` loads and analyses it.
pub fn export_tables(site: &Path, drafts: bool) -> Result<Vec<table::TableFile>, InteropError> {
    let (loaded, diagnostics) = crate::load(site, drafts);
    let Some(loaded) = loaded else {
        return Err(InteropError::Content(diagnostics));
    };
    let analysis = crate::analysis::analyse(&loaded);
    Ok(table::tables(&loaded, &analysis))
}

/// What an importer made of its file: a journey to write, or nothing when there are
/// errors; warnings either way. Notes say what was assumed (a scale that was mapped,
/// values that were missing and filled in).
#[derive(Debug, Default)]
pub struct Reading {
    pub draft: Option<Draft>,
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
}

/// A journey read from a file, not yet checked against the site.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub front: JourneyFront,
    /// The Markdown narrative.
    pub body: String,
    /// A name the journey's id can be made from when none is given: the file's stem,
    /// else the title.
    pub id_sources: Vec<String>,
    /// Where the title, and each stage, came from in the file, to locate problems
    /// found later (such as a reference to a journey the site does not have).
    pub title_spot: (usize, usize),
    pub stage_spots: Vec<(usize, usize)>,
}

/// What an importer needs to know beyond its file.
#[derive(Clone, Debug)]
pub struct Context {
    /// The persona the journey is imported for.
    pub persona: Id,
    /// Every persona of the site: its id and its name.
    pub personas: Vec<(Id, String)>,
    /// `--kind`, when given: it wins over a kind the file names.
    pub kind: Option<JourneyKind>,
    /// The review date of a journey whose file gives none.
    pub today: Date,
    /// The file's name without its extension.
    pub file_stem: String,
    /// The file's name, for the narrative's note of where the journey came from.
    pub file_name: String,
}

/// Why an import or export did not happen.
#[derive(Debug)]
pub enum InteropError {
    /// A request that is refused (an existing file without `--force`, a bad or unknown
    /// id, an unknown persona): a usage error.
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// The input has errors, each located (warnings may be among them).
    Content(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl InteropError {
    fn usage(message: impl Into<String>, hint: impl Into<String>) -> InteropError {
        InteropError::Usage {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// Whether this is a usage error (exit status 2) rather than a failure (1).
    pub fn is_usage(&self) -> bool {
        matches!(self, InteropError::Usage { .. })
    }
}

impl fmt::Display for InteropError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InteropError::Usage { message, .. } => f.write_str(message),
            InteropError::Content(diagnostics) => {
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(f, "{}", crate::diagnostics::counted(errors, "error"))
            }
            InteropError::Io { path, error } => write!(
                f,
                "{}: {error}",
                crate::diagnostics::display_path(path).display()
            ),
        }
    }
}

impl std::error::Error for InteropError {}
