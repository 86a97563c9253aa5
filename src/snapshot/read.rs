//! Reading snapshot files: by their `schema_version`, each with the reader of its schema,
//! into the current in-memory form. Every problem is a located error.

use super::{check_name, v1, v2, Snapshot, FOLDER, NAME_HINT};
use crate::diagnostics::Diagnostic;
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;

/// What to do about a snapshot that does not read.
const RESTORE_HINT: &str = "snapshots are written by `waymark snapshot`; restore this one from \
     version control (e.g. `git checkout -- <file>`), or delete it to drop the release";

/// Reads every `releases/*.json` of the site at `site_dir`, sorted by date and then name,
/// and an error for each one that does not read. Other files in the folder are left alone.
/// Their stored HTML is sanitized again unless the site has `unsafe_html`.
pub fn load_all(site_dir: &Path, unsafe_html: bool) -> (Vec<Snapshot>, Vec<Diagnostic>) {
    let dir = site_dir.join(FOLDER);
    let mut snapshots = Vec::new();
    let mut diagnostics = Vec::new();
    if dir.is_symlink() {
        diagnostics.push(
            Diagnostic::in_file(&dir, "the releases folder is a symbolic link")
                .with_hint("make it a folder inside the site"),
        );
        return (snapshots, diagnostics);
    }
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (snapshots, diagnostics);
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            // A temporary file of a snapshot being written.
            continue;
        }
        if let Err(message) = check_name(&name) {
            diagnostics.push(Diagnostic::in_file(&path, message).with_hint(NAME_HINT));
            continue;
        }
        if path.is_symlink() || !path.is_file() {
            diagnostics.push(
                Diagnostic::in_file(&path, "a snapshot must be a plain file")
                    .with_hint("copy the file here rather than linking it"),
            );
            continue;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) => {
                diagnostics.push(Diagnostic::in_file(&path, err.to_string()));
                continue;
            }
        };
        match read(&path, &name, &text, site_dir, unsafe_html) {
            Ok(snapshot) => snapshots.push(snapshot),
            Err(err) => diagnostics.push(err),
        }
    }
    snapshots.sort_by(|a, b| (a.date, &a.name).cmp(&(b.date, &b.name)));
    (snapshots, diagnostics)
}

/// The version a file says it is in; everything else is read by that version's reader.
#[derive(Deserialize)]
struct Probe {
    schema_version: u64,
}

/// Reads the snapshot `name` from `text` (the contents of `path`); `root` is the live
/// site's folder, and `unsafe_html` its setting (stored HTML is sanitized without it).
pub fn read(
    path: &Path,
    name: &str,
    text: &str,
    root: &Path,
    unsafe_html: bool,
) -> Result<Snapshot, Diagnostic> {
    let located = |err: serde_json::Error| {
        let message = err.to_string();
        // serde_json appends " at line L column C", which the location already says.
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_string(),
            None => message,
        };
        Diagnostic::error(path, err.line(), err.column(), message).with_hint(RESTORE_HINT)
    };
    let probe: Probe = serde_json::from_str(text).map_err(located)?;
    let inconsistent = |inconsistency: v1::Inconsistency| {
        let (line, column) = position_of(text, &inconsistency.needle);
        Diagnostic::error(path, line, column, inconsistency.message).with_hint(RESTORE_HINT)
    };
    let (date, generator, (site, analysis)) = match probe.schema_version {
        1 => {
            let file: v1::File = serde_json::from_str(text).map_err(located)?;
            let (date, generator) = (file.date, file.generator.clone());
            let thawed = v1::thaw(file, root, unsafe_html).map_err(inconsistent)?;
            (date, generator, thawed)
        }
        2 => {
            let file: v2::File = serde_json::from_str(text).map_err(located)?;
            let (date, generator) = (file.date, file.generator.clone());
            let thawed = v2::thaw(file, root, unsafe_html).map_err(inconsistent)?;
            (date, generator, thawed)
        }
        other => {
            let (line, column) = position_of(text, "\"schema_version\"");
            return Err(Diagnostic::error(
                path,
                line,
                column,
                format!("unknown schema_version {other}: this waymark reads schemas 1 and 2"),
            )
            .with_hint("a newer waymark wrote this snapshot: build the site with that version"));
        }
    };
    Ok(Snapshot {
        name: name.to_string(),
        date,
        generator,
        schema_version: probe.schema_version as u32,
        site,
        analysis,
        json: Arc::from(text),
    })
}

/// The 1-based line and column (in characters) of the first `needle` in `text`, or 1:1.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let Some(at) = text.find(needle) else {
        return (1, 1);
    };
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        assert_eq!(position_of("{\n  \"a\": 1\n}", "\"a\""), (2, 3));
        assert_eq!(position_of("abc", "x"), (1, 1));
    }

    #[test]
    fn broken_files_are_located_errors() {
        let at = |text: &str| {
            let err = read(Path::new("r/x.json"), "x", text, Path::new("."), false).unwrap_err();
            (err.line, err.column, err.message)
        };
        let (line, column, message) = at("{\n  \"schema_version\": 1,\n  oops\n}");
        assert_eq!((line, column), (3, 3), "{message}");
        let (line, _, message) = at("{\n  \"schema_version\": 9\n}");
        assert_eq!(line, 2);
        assert!(message.contains("unknown schema_version 9"), "{message}");
        let (_, _, message) = at("{\"schema_version\": \"one\"}");
        assert!(message.contains("invalid type"), "{message}");
        let (_, _, message) = at("{\"schema_version\": 1}");
        assert!(message.contains("missing field"), "{message}");
    }
}
