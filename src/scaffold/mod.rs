//! Authoring: the files a team starts from. `init` writes a new site that builds at once
//! and the CI file that publishes it (`ci`), `new` adds a persona or a journey with every field explained, and `eject_theme` copies
//! the built-in theme out to be changed.
//!
//! Everything written comes from files embedded in the binary (`templates/`), so an
//! installed `waymark` can do this anywhere. Nothing here overwrites a file: an existing
//! file or a non-empty folder is refused before anything is written.

mod ci;
mod eject;
mod init;
mod new;

pub use ci::{
    action_reference, ci_file, ci_files, release_commit, review_workflow, Ci, PACKAGE, REPOSITORY,
    REVIEW_WORKFLOW, VERSION,
};
pub use eject::{eject_theme, theme_setting};
pub use init::{init, Language};
pub use new::{new_journey, new_persona};

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file could not be written. All but [`ScaffoldError::Io`] are mistakes in what
/// was asked for, reported before anything is written.
#[derive(Debug)]
pub enum ScaffoldError {
    /// A folder that must be empty (or missing) has files in it.
    NotEmpty(PathBuf),
    /// A path that must be a folder is something else.
    NotAFolder(PathBuf),
    /// The file to create exists already.
    Exists(PathBuf),
    /// The id given for a new persona or journey cannot be a file stem.
    InvalidId { id: String, problem: String },
    /// The journey names a persona that has no file; `known` lists those that have one.
    UnknownPersona { id: String, known: Vec<String> },
    /// No site.yaml where one was expected.
    NoSite(PathBuf),
    /// The CI file `init` would write at the root of the repository exists already.
    CiFileExists(PathBuf),
    /// The site's path cannot be written into a CI file.
    UnfitSitePath { path: PathBuf, problem: String },
    /// Reading or writing failed.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl ScaffoldError {
    /// Whether the command was asked for something it refuses (a usage error), rather
    /// than failing to do what it was asked.
    pub fn is_usage(&self) -> bool {
        !matches!(self, ScaffoldError::Io { .. })
    }

    /// What to do about it, where there is something to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            ScaffoldError::NotEmpty(_) => {
                Some("choose a new folder name, or empty this one first".into())
            }
            ScaffoldError::Exists(_) => {
                Some("choose another id, or edit the existing file".into())
            }
            ScaffoldError::InvalidId { .. } => Some(
                "an id is the file name: lowercase ASCII letters, digits and `-`, e.g. `buying-online`"
                    .into(),
            ),
            ScaffoldError::UnknownPersona { known, .. } if known.is_empty() => {
                Some("the site has no persona yet: add one with `waymark new persona <id>`".into())
            }
            ScaffoldError::UnknownPersona { known, .. } => Some(format!(
                "known personas: {}; add another with `waymark new persona <id>`",
                known.join(", ")
            )),
            ScaffoldError::NoSite(_) => Some(
                "run this inside a site folder (one with site.yaml), pass `--site <folder>`, or create a site with `waymark init <folder>`"
                    .into(),
            ),
            ScaffoldError::CiFileExists(_) => Some(
                "pass `--ci none` and add waymark's job to it by hand (README: Deploying)".into(),
            ),
            ScaffoldError::UnfitSitePath { .. } => {
                Some("rename the folder, or pass `--ci none` and write the CI file by hand".into())
            }
            ScaffoldError::NotAFolder(_) | ScaffoldError::Io { .. } => None,
        }
    }
}

impl fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |path: &Path| match crate::diagnostics::display_path(path) {
            // The current folder itself, which `display_path` shows as nothing.
            shown if shown.as_os_str().is_empty() => ".".to_string(),
            shown => shown.display().to_string(),
        };
        match self {
            ScaffoldError::NotEmpty(dir) => write!(f, "{} is not empty", shown(dir)),
            ScaffoldError::NotAFolder(path) => write!(f, "{} is not a folder", shown(path)),
            ScaffoldError::Exists(path) => {
                write!(f, "{} exists already; it is left as it is", shown(path))
            }
            ScaffoldError::InvalidId { problem, .. } => f.write_str(problem),
            ScaffoldError::UnknownPersona { id, .. } => {
                write!(f, "no persona `{id}` (personas/{id}.md does not exist)")
            }
            ScaffoldError::NoSite(dir) => {
                write!(f, "no site.yaml in {} or its parent folders", shown(dir))
            }
            ScaffoldError::CiFileExists(path) => write!(
                f,
                "{} exists already; it is left as it is, and nothing was written",
                shown(path)
            ),
            ScaffoldError::UnfitSitePath { path, problem } => {
                write!(f, "{} cannot be named in a CI file: {problem}", shown(path))
            }
            ScaffoldError::Io { path, error } => write!(f, "{}: {error}", shown(path)),
        }
    }
}

impl std::error::Error for ScaffoldError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ScaffoldError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// The site folder a command works on, found as every command finds it
/// ([`crate::workspace::find_site`]); it must hold site.yaml.
pub fn find_site(site: Option<&Path>, cwd: &Path) -> Result<PathBuf, ScaffoldError> {
    let found = crate::workspace::find_site(site, cwd)
        .map_err(|_| ScaffoldError::NoSite(cwd.to_path_buf()))?;
    if !found.join(crate::workspace::SITE_FILE).is_file() {
        return Err(ScaffoldError::NoSite(found));
    }
    Ok(found)
}

/// Makes sure `dir` is an empty folder, creating it (and its parents) when missing.
/// `allowed` names entries that do not count, such as `.git` of a fresh clone.
fn empty_folder(dir: &Path, allowed: &[&str]) -> Result<(), ScaffoldError> {
    let io = |error| ScaffoldError::Io {
        path: dir.to_path_buf(),
        error,
    };
    match fs::symlink_metadata(dir) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return fs::create_dir_all(dir).map_err(io)
        }
        Err(err) => return Err(io(err)),
        Ok(meta) if !meta.is_dir() => return Err(ScaffoldError::NotAFolder(dir.to_path_buf())),
        Ok(_) => {}
    }
    for entry in fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        if !allowed.iter().any(|name| entry.file_name() == **name) {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    Ok(())
}

/// Writes a new file, creating its folder; refuses to replace an existing one. The check
/// and the creation are one step, so a file made meanwhile is not overwritten either.
fn create_file(path: &Path, contents: &[u8]) -> Result<(), ScaffoldError> {
    let io = |error| ScaffoldError::Io {
        path: path.to_path_buf(),
        error,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AlreadyExists => ScaffoldError::Exists(path.to_path_buf()),
            _ => io(error),
        })?;
    file.write_all(contents).map_err(io)
}
