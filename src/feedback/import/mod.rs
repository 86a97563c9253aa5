//! `waymark import feedback`: a survey or helpdesk export turned into rows of
//! `feedback/<journey>.csv`. Header rows of the format are skipped, columns and answers
//! are mapped to stages through the map file ([`map`]), columns of personal data are
//! never copied, verbatims are masked before they are written, and rows whose id is
//! already in the file are left out, so the same export can be imported again.
//!
//! Nothing is written unless the whole export reads: the file is written beside the
//! target and renamed over it, its existing rows copied byte for byte.

mod export;
mod map;
mod plan;

pub use map::{DateFormat, Entry, Format, MapFile};

use crate::content::{self, Body, IdFile};
use crate::diagnostics::Diagnostic;
use crate::feedback::mask::MaskCounts;
use crate::feedback::reader::{read_feedback, FeedbackSchema};
use crate::model::{Id, SiteConfig};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// What to import, from where, into which site.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    pub file: PathBuf,
    pub format: Format,
    pub journey: String,
    pub map: Option<PathBuf>,
    pub site_dir: PathBuf,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportReport {
    /// The feedback file written.
    pub target: PathBuf,
    /// Whether the import created it.
    pub created: bool,
    /// Rows added.
    pub imported: usize,
    /// Rows left out because their id was already in the file (or earlier in the export).
    pub already: usize,
    /// Answers that named no stage of the journey, by answer.
    pub no_stage: BTreeMap<String, usize>,
    /// What masking replaced in the imported verbatims.
    pub masked: MaskCounts,
    /// Columns of the export that hold personal data, none of them copied.
    pub dropped: Vec<String>,
}

/// The columns of a feedback CSV that an import writes, in this order.
const COLUMNS: [&str; 10] = [
    "id", "date", "stage", "rating", "scale", "text", "source", "channel", "segment", "tags",
];

/// Imports `options.file` into `feedback/<journey>.csv` of the site. Every problem (of
/// the site, the map, the export or the existing file) is a located diagnostic, and then
/// nothing is written.
pub fn import_feedback(options: &ImportOptions) -> Result<ImportReport, Vec<Diagnostic>> {
    let config = content::load_config(&options.site_dir.join("site.yaml"))?;
    let stages = journey_stages(&options.site_dir, &options.journey)?;
    let (map, map_text) = read_map(options)?;
    let target = options
        .site_dir
        .join("feedback")
        .join(format!("{}.csv", options.journey));
    let existing = existing_file(&target, &options.journey, &stages, &config)?;
    let plan = plan::Plan::new(options, &map, map_text.as_deref(), &stages, &config)?;
    let read = plan.read(&options.file, &existing.ids)?;
    let columns = match &existing.header {
        Some(header) => {
            let missing: Vec<&str> = read
                .columns
                .iter()
                .filter(|c| !header.iter().any(|h| h == *c))
                .copied()
                .collect();
            if !missing.is_empty() {
                return Err(vec![Diagnostic::error(
                    &target,
                    1,
                    1,
                    format!("this file has no column {}", quoted(&missing)),
                )
                .with_hint("add the columns to its header, or import into a new file")]);
            }
            header.clone()
        }
        // Every column, so that imports of other formats append to it as they are.
        None => COLUMNS.iter().map(|c| c.to_string()).collect(),
    };
    let rows = read.rows.len();
    let bytes = write_rows(
        &columns,
        existing.delimiter,
        &read.rows,
        existing.header.is_none(),
    );
    write_file(&target, existing.bytes.as_deref(), &bytes)?;
    Ok(ImportReport {
        target,
        created: existing.header.is_none(),
        imported: rows,
        already: read.already,
        no_stage: read.no_stage,
        masked: read.masked,
        dropped: plan.dropped,
    })
}

/// `a`, `b` and `c`, each in backticks.
fn quoted(names: &[&str]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    names.join(", ")
}

/// The stage ids of the journey `id`, from its file.
fn journey_stages(site_dir: &Path, id: &str) -> Result<Vec<Id>, Vec<Diagnostic>> {
    let (files, _) = content::discover(site_dir);
    let Some(file) = files.journeys.iter().find(|f| f.id == id) else {
        let known: Vec<&str> = files.journeys.iter().map(|f| f.id.as_str()).collect();
        return Err(vec![Diagnostic::in_file(
            site_dir.join("journeys"),
            format!("no journey `{id}`"),
        )
        .with_hint(format!("known journeys: {}", known.join(", ")))]);
    };
    let journey = content::parse_journey(
        &IdFile {
            id: file.id.clone(),
            path: file.path.clone(),
        },
        Body::Checked,
    )
    .map_err(|d| vec![d])?;
    Ok(journey.front.stages.into_iter().map(|s| s.id).collect())
}

/// The map file over the format's defaults, and its text for locating problems.
fn read_map(options: &ImportOptions) -> Result<(MapFile, Option<String>), Vec<Diagnostic>> {
    let defaults = options.format.defaults();
    let Some(path) = &options.map else {
        return Ok((defaults, None));
    };
    let text = content::read_text(path).map_err(|d| vec![d])?;
    let map: MapFile = crate::yaml::from_str(&text).map_err(|err| {
        vec![Diagnostic::error(path, err.line, err.column, err.message)
            .with_hint("see \"Importing feedback\" in the documentation for the map's keys")]
    })?;
    Ok((map.over(defaults), Some(text)))
}

/// The feedback file as it is before the import.
struct Existing {
    /// Its header, lowercased, when the file exists.
    header: Option<Vec<String>>,
    delimiter: u8,
    ids: HashSet<String>,
    bytes: Option<Vec<u8>>,
}

/// Reads the target file, if any: its layout, to append in it, and its ids. A file with
/// errors is refused: appending to it would bury them.
fn existing_file(
    target: &Path,
    journey: &str,
    stages: &[Id],
    config: &SiteConfig,
) -> Result<Existing, Vec<Diagnostic>> {
    let mut existing = Existing {
        header: None,
        delimiter: b',',
        ids: HashSet::new(),
        bytes: None,
    };
    let bytes = match std::fs::read(target) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(existing),
        Err(e) => {
            return Err(vec![Diagnostic::in_file(
                target,
                format!("cannot read the file: {e}"),
            )])
        }
    };
    let id = Id::try_from(journey.to_string())
        .map_err(|problem| vec![Diagnostic::in_file(target, problem)])?;
    let journeys = BTreeMap::from([(id, stages.to_vec())]);
    let schema = FeedbackSchema {
        journeys: &journeys,
        config: &config.feedback,
        unparsed: &[],
        verbatims_only: false,
    };
    let ids = &mut existing.ids;
    let errors: Vec<Diagnostic> = read_feedback(&bytes[..], target, journey, &schema, &mut |row| {
        if let Some(id) = row.id {
            ids.insert(id.to_string());
        }
    })
    .into_iter()
    .filter(Diagnostic::is_error)
    .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let sniffed = crate::metrics::raw::sniff(&mut &bytes[..])
        .map_err(|e| vec![Diagnostic::in_file(target, e.to_string())])?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniffed.delimiter)
        .from_reader(&sniffed.prefix[..]);
    let mut header = csv::StringRecord::new();
    let _ = reader.read_record(&mut header);
    existing.header = Some(header.iter().map(|h| h.trim().to_lowercase()).collect());
    existing.delimiter = sniffed.delimiter;
    existing.bytes = Some(bytes);
    Ok(existing)
}

/// The new rows as CSV, in the order of `columns`, with the header when the file is new.
fn write_rows(
    columns: &[String],
    delimiter: u8,
    rows: &[BTreeMap<&'static str, String>],
    with_header: bool,
) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    // Writing into memory cannot fail.
    if with_header {
        let _ = writer.write_record(columns);
    }
    for row in rows {
        let fields = columns
            .iter()
            .map(|c| row.get(c.as_str()).map_or("", String::as_str));
        let _ = writer.write_record(fields);
    }
    writer.into_inner().unwrap_or_default()
}

/// Writes `old` (untouched) and then `new` into `target`, through a sibling file renamed
/// over it, so a failure leaves the file as it was.
fn write_file(target: &Path, old: Option<&[u8]>, new: &[u8]) -> Result<(), Vec<Diagnostic>> {
    let fail = |e: std::io::Error| vec![Diagnostic::in_file(target, format!("cannot write: {e}"))];
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut bytes = Vec::with_capacity(old.map_or(0, <[u8]>::len) + new.len() + 1);
    if let Some(old) = old {
        bytes.extend_from_slice(old);
        if !old.is_empty() && !old.ends_with(b"\n") {
            bytes.extend_from_slice(if old.contains(&b'\r') { b"\r\n" } else { b"\n" });
        }
    }
    bytes.extend_from_slice(new);
    let name = target.file_name().map_or_else(
        || "feedback.csv".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let temporary = dir.join(format!(".{name}.import"));
    std::fs::write(&temporary, &bytes).map_err(fail)?;
    std::fs::rename(&temporary, target).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        fail(e)
    })
}
