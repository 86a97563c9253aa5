//! Finding the files of a site directory.

use crate::diagnostics::Diagnostic;
use crate::model::{id_problem, StaticFile};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A content file whose stem is the id of what it defines.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct IdFile {
    pub id: String,
    pub path: PathBuf,
}

/// Every input file of a site, sorted so that everything downstream is deterministic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteFiles {
    pub config: PathBuf,
    pub index: Option<PathBuf>,
    pub personas: Vec<IdFile>,
    pub journeys: Vec<IdFile>,
    pub metrics: Vec<IdFile>,
    pub feedback: Vec<IdFile>,
    pub statics: Vec<StaticFile>,
}

/// Lists the files of the site at `root`; names that cannot become safe ids are errors.
pub fn discover(root: &Path) -> (SiteFiles, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let index = root.join("index.md");
    // index.md is published as the front page: a link could publish any file.
    let index = if is_symlink(&index) {
        diagnostics.push(symlink_error(&index));
        None
    } else {
        index.is_file().then_some(index)
    };
    let files = SiteFiles {
        config: root.join("site.yaml"),
        index,
        personas: id_files(root, "personas", "md", &mut diagnostics),
        journeys: id_files(root, "journeys", "md", &mut diagnostics),
        metrics: id_files(root, "metrics", "csv", &mut diagnostics),
        feedback: id_files(root, "feedback", "csv", &mut diagnostics),
        statics: static_files(root, &mut diagnostics),
    };
    (files, diagnostics)
}

fn id_files(
    root: &Path,
    folder: &str,
    extension: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<IdFile> {
    let dir = root.join(folder);
    if is_symlink(&dir) {
        diagnostics.push(symlink_error(&dir));
        return Vec::new();
    }
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diagnostics.push(Diagnostic::in_file(
                    &dir,
                    format!("cannot read the folder: {err}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        // Hidden files (editor backups, `.DS_Store`) are skipped, but not `..md`, whose
        // stem `.` or `..` is a name that tries to leave the folder.
        let dots_only = name
            .strip_suffix(&format!(".{extension}"))
            .is_some_and(|stem| stem.chars().all(|c| c == '.'));
        if (name.starts_with('.') && !dots_only) || entry.file_type().is_dir() {
            continue;
        }
        let Some(stem) = name.strip_suffix(&format!(".{extension}")) else {
            diagnostics.push(
                Diagnostic::warning_in_file(path, format!("ignored: not a .{extension} file"))
                    .with_hint(format!(
                        "files in {folder}/ are read only when they end in .{extension}"
                    )),
            );
            continue;
        };
        if entry.path_is_symlink() {
            diagnostics.push(
                Diagnostic::in_file(path, "symbolic links are not read in content folders")
                    .with_hint("copy the file into the site instead"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            // A named pipe or a device would block the build or never end.
            diagnostics.push(
                Diagnostic::in_file(path, "not a regular file").with_hint(format!(
                    "files in {folder}/ must be plain .{extension} files"
                )),
            );
            continue;
        }
        if let Some(problem) = id_problem(stem) {
            diagnostics.push(
                Diagnostic::in_file(path, format!("bad file name: {problem}"))
                    .with_hint(rename_hint(folder, stem, extension)),
            );
            continue;
        }
        files.push(IdFile {
            id: stem.to_string(),
            path: path.to_path_buf(),
        });
    }
    // By id, not by file name: `a-b.md` sorts before `a.md`, but `a` before `a-b`, and
    // the model finds journeys and personas by binary search on the id.
    files.sort_by(|a, b| a.id.cmp(&b.id));
    files
}

/// What to rename a file of `folder` with the bad id `stem` to.
fn rename_hint(folder: &str, stem: &str, extension: &str) -> String {
    let what = match folder {
        "personas" => "the file name is the persona's id",
        "journeys" => "the file name is the journey's id",
        "feedback" => "a feedback file is named after the id of its journey",
        _ => "a metrics file is named after the id of its journey",
    };
    let suggested = suggested_id(stem);
    if suggested.is_empty() {
        format!(
            "{what}: use lowercase ASCII letters, digits and `-`, e.g. `buying-online.{extension}`"
        )
    } else {
        format!("{what}: rename it to `{suggested}.{extension}`")
    }
}

/// `stem` made a valid id: lowercase ASCII letters and digits, every run of anything
/// else one `-`. Letters outside ASCII are dropped rather than guessed at.
fn suggested_id(stem: &str) -> String {
    let mut id = String::with_capacity(stem.len());
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// Files under `static/`. Symbolic links are refused: a link could copy a file from
/// anywhere on the machine into a published site.
fn static_files(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<StaticFile> {
    let dir = root.join("static");
    if is_symlink(&dir) {
        diagnostics.push(symlink_error(&dir));
        return Vec::new();
    }
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&dir).min_depth(1).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(&dir).to_path_buf();
                diagnostics.push(Diagnostic::in_file(path, format!("cannot read: {err}")));
                continue;
            }
        };
        if entry.path_is_symlink() {
            diagnostics.push(
                Diagnostic::in_file(entry.path(), "symbolic links are not copied from static/")
                    .with_hint("copy the file into static/ instead of linking to it"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.iter().any(|p| p.starts_with('.')) {
            continue;
        }
        files.push(StaticFile {
            source: entry.path().to_path_buf(),
            relative: parts.join("/"),
        });
    }
    files
}

fn is_symlink(path: &Path) -> bool {
    path.symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
}

/// A link where the site expects a folder or file of its own: following it could read,
/// and publish, anything on the machine.
fn symlink_error(path: &Path) -> Diagnostic {
    Diagnostic::in_file(path, "symbolic links are not read in a site")
        .with_hint("copy the folder or file into the site instead of linking to it")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn files_are_sorted_by_id_not_by_file_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("journeys")).unwrap();
        for name in ["a.md", "a-b.md", "a0.md"] {
            std::fs::write(dir.path().join("journeys").join(name), "").unwrap();
        }
        let mut diagnostics = Vec::new();
        let ids: Vec<String> = id_files(dir.path(), "journeys", "md", &mut diagnostics)
            .into_iter()
            .map(|f| f.id)
            .collect();
        assert_eq!(ids, ["a", "a-b", "a0"]);
    }

    #[test]
    fn finds_files_sorted_and_rejects_bad_names() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("journeys")).unwrap();
        fs::create_dir_all(root.join("static/img")).unwrap();
        fs::write(root.join("journeys/b.md"), "").unwrap();
        fs::write(root.join("journeys/a.md"), "").unwrap();
        fs::write(root.join("journeys/Bad Name.md"), "").unwrap();
        fs::write(root.join("journeys/notes.txt"), "").unwrap();
        fs::write(root.join("static/img/logo.svg"), "").unwrap();
        let (files, diags) = discover(root);
        let ids: Vec<&str> = files.journeys.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(files.statics[0].relative, "img/logo.svg");
        assert_eq!(diags.iter().filter(|d| d.is_error()).count(), 1);
        assert!(diags[0].message.contains("bad file name"), "{:?}", diags);
        assert_eq!(diags.len(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn links_pipes_and_dot_names_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("personas")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("journeys")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("static")).unwrap();
        fs::write(outside.path().join("secret.md"), "").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), root.join("index.md"))
            .unwrap();
        fs::write(root.join("personas/...md"), "").unwrap();
        let fifo = root.join("personas/pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        let (files, diags) = discover(root);
        assert!(files.journeys.is_empty() && files.statics.is_empty() && files.index.is_none());
        let errors: Vec<(String, &str)> = diags
            .iter()
            .map(|d| {
                let name = d.path.strip_prefix(root).unwrap().display().to_string();
                (name, d.message.as_str())
            })
            .collect();
        let mut expected = vec![
            ("index.md".to_string(), "symbolic links are not read in a site"),
            ("journeys".to_string(), "symbolic links are not read in a site"),
            (
                "personas/...md".to_string(),
                "bad file name: `..` is not a valid id: `.` is not allowed (use lowercase ASCII letters, digits and `-`)",
            ),
            ("static".to_string(), "symbolic links are not read in a site"),
        ];
        if made.is_ok_and(|s| s.success()) {
            expected.insert(3, ("personas/pipe.md".to_string(), "not a regular file"));
        }
        let mut errors = errors;
        errors.sort();
        assert_eq!(errors, expected);
    }
}
