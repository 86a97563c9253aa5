//! Release snapshots: the content and its analysis frozen as `releases/<name>.json` in the
//! site folder, so that a build can show every past release beside the live site and what
//! changed between them.
//!
//! [`create`] writes a snapshot of the current content; [`load_all`] reads every snapshot
//! of a site, whatever schema it was written in, into the same model and analysis types
//! the live site uses, so the same templates render it. [`diff`] compares two states.

pub mod diff;
mod read;
pub mod v1;
pub mod v2;

use crate::analysis::Analysis;
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Site};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use read::{load_all, read};

/// The folder of a site that holds its snapshots.
pub const FOLDER: &str = "releases";

/// A release as it was when it was frozen.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// The file stem: `2026-Q3` for `releases/2026-Q3.json`.
    pub name: String,
    /// The day the release stands for.
    pub date: Date,
    /// The waymark that wrote it, as `waymark 0.1.0`.
    pub generator: String,
    /// The schema the file was written in (it is read into the current form).
    pub schema_version: u32,
    pub site: Site,
    pub analysis: Analysis,
    /// The file as it is, published beside the frozen pages as their data.
    pub json: Arc<str>,
}

/// The longest snapshot name: the what-changed page names two releases in one file name,
/// `OLDER...NEWER.html`, and file systems allow 255 bytes a name.
pub const MAX_NAME_LEN: usize = (255 - "...".len() - ".html".len()) / 2;

/// Whether `name` may name a snapshot: ASCII letters, digits, `-` and `.`, not starting
/// with `.` and without `..`, so it is a safe file and folder name on every system, and
/// short enough for every file name made from it.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("a snapshot name must not be empty".into());
    }
    if name.len() > MAX_NAME_LEN {
        return Err(format!(
            "a snapshot name is at most {MAX_NAME_LEN} characters, and this one has {}: the \
             page of what changed between two releases is named after both \
             (`releases/changes/OLDER...NEWER.html`), and a file name is at most 255 bytes",
            name.len()
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(format!(
            "`{name}` is not a snapshot name: `{bad}` is not allowed"
        ));
    }
    if name.starts_with('.') || name.contains("..") {
        return Err(format!(
            "`{name}` is not a snapshot name: it must not start with `.` or contain `..`"
        ));
    }
    if name == "changes" || name == "index" {
        return Err(format!(
            "`{name}` is not a snapshot name: the releases pages use it"
        ));
    }
    Ok(())
}

/// The hint for a bad snapshot name.
pub const NAME_HINT: &str = "use ASCII letters, digits, `-` and `.`, such as `2026-Q3` or `v1.2`";

/// Why `create` did not write a snapshot.
#[derive(Debug)]
pub enum CreateError {
    /// The content has errors (or the date cannot be found); nothing was written.
    Content(Vec<Diagnostic>),
    /// The name, or a name already taken without `--force`.
    Usage(String),
}

/// Freezes the content of the site at `site_dir` as `releases/<name>.json` and returns
/// the path written. `date` is the day the release stands for; without it, the
/// `SOURCE_DATE_EPOCH` day when set, else the newest `updated` of the journeys. Drafts are
/// never frozen.
pub fn create(
    site_dir: &Path,
    name: &str,
    force: bool,
    date: Option<Date>,
) -> Result<PathBuf, CreateError> {
    check_name(name).map_err(|m| CreateError::Usage(format!("{m}; {NAME_HINT}")))?;
    let path = site_dir.join(FOLDER).join(format!("{name}.json"));
    if path.exists() && !force {
        return Err(CreateError::Usage(format!(
            "{} already exists; pass --force to replace it",
            path.display()
        )));
    }
    let (site, diagnostics) = crate::load(site_dir, false);
    let Some(site) = site else {
        return Err(CreateError::Content(diagnostics));
    };
    let date = match date
        .or_else(source_date_epoch)
        .or_else(|| newest_updated(&site))
    {
        Some(date) => date,
        None => {
            return Err(CreateError::Content(vec![Diagnostic::in_file(
                site_dir.join("journeys"),
                "no date for the snapshot: no journey has `updated:`",
            )
            .with_hint(
                "pass --date YYYY-MM-DD, or set `updated:` in the journeys",
            )]))
        }
    };
    let analysis = crate::analysis::analyse(&site);
    let text = to_json(&v2::freeze(&site, &analysis, date));
    write_atomically(&path, text.as_bytes())
        .map_err(|err| CreateError::Content(vec![Diagnostic::in_file(&path, err.to_string())]))?;
    Ok(path)
}

/// The text of a snapshot file: JSON with every object's keys sorted, one value a line,
/// ending with a newline, so a snapshot diffs well in git. An object or array of plain
/// values only (a metric observation, a funnel step, a pain point, a list of actions)
/// stays on one line: a change to it is a one-line diff, and the file is half the size
/// it would be with a line for every field.
pub fn to_json<T: serde::Serialize>(file: &T) -> String {
    let value = serde_json::to_value(file).unwrap_or(serde_json::Value::Null);
    let mut text = String::new();
    write_value(&mut text, &value, 0);
    text.push('\n');
    text
}

/// Appends `value` at nesting `depth`. Object keys are sorted here rather than trusting
/// serde_json's map to be a BTreeMap: some crate in the build may turn on its
/// `preserve_order` feature at any time.
fn write_value(out: &mut String, value: &serde_json::Value, depth: usize) {
    use serde_json::Value;
    let scalar = |v: &Value| !matches!(v, Value::Array(_) | Value::Object(_));
    let plain = |v: &Value| serde_json::to_string(v).unwrap_or_default();
    let indent = |out: &mut String, depth: usize| out.push_str(&"  ".repeat(depth));
    match value {
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) if items.iter().all(scalar) => {
            let items: Vec<String> = items.iter().map(plain).collect();
            out.push_str(&format!("[{}]", items.join(", ")));
        }
        Value::Object(map) if map.values().all(scalar) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let entries: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| format!("{}: {}", plain(&Value::from(k.as_str())), plain(v)))
                .collect();
            out.push_str(&format!("{{{}}}", entries.join(", ")));
        }
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                indent(out, depth + 1);
                write_value(out, item, depth + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            indent(out, depth);
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push_str("{\n");
            for (i, (key, item)) in entries.iter().enumerate() {
                indent(out, depth + 1);
                out.push_str(&plain(&Value::from(key.as_str())));
                out.push_str(": ");
                write_value(out, item, depth + 1);
                out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
            }
            indent(out, depth);
            out.push('}');
        }
        scalar => out.push_str(&plain(scalar)),
    }
}

/// The day of `SOURCE_DATE_EPOCH`, when set to a number of seconds.
fn source_date_epoch() -> Option<Date> {
    let seconds: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Date::from_days_since_epoch(seconds.div_euclid(86_400)))
}

/// The newest `updated` of the site's journeys.
pub fn newest_updated(site: &Site) -> Option<Date> {
    site.journeys.iter().filter_map(|j| j.front.updated).max()
}

/// Writes a sibling temporary file and renames it over `path`, so a reader never sees a
/// half-written snapshot.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.tmp"));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_file_names() {
        for good in ["2026-Q3", "v1.2", "Q3", "2026.10.01", "a"] {
            assert!(check_name(good).is_ok(), "{good} refused");
        }
        for bad in [
            "", ".hidden", "a..b", "..", "a/b", "a\\b", "a b", "é", "changes", "index", "a_b",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?} accepted");
        }
    }
}
