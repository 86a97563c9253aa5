//! Lint warnings that appeared or went away between two states. A warning is the same in
//! both when its file and message are: an edit above it moves its line, not the warning.

use serde::Serialize;
use std::collections::HashMap;

/// A warning of one state, located in the site folder.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    /// The file, relative to the site folder, `/`-separated.
    pub file: String,
    /// 1-based; 0 for the whole file.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WarningChanges {
    /// Newer warnings the older state did not have, located in the newer files.
    pub appeared: Vec<Warning>,
    /// Older warnings the newer state does not have, located in the older files.
    pub gone: Vec<Warning>,
}

impl WarningChanges {
    pub fn total(&self) -> usize {
        self.appeared.len() + self.gone.len()
    }
}

/// A file renamed from one state to the other, and the id its messages name it by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenamedFile {
    pub id: String,
    pub file: String,
}

/// The warnings of `newer` that `older` did not have and the other way round, in each
/// list's order. `renamed` maps an older file to what it is called in `newer`: a journey
/// renamed takes its warnings along, and a message that names it by its old id in
/// backticks matches the same message with the new id. As many warnings of one file and
/// message as both have match.
pub fn warnings(
    older: &[Warning],
    newer: &[Warning],
    renamed: &HashMap<String, (RenamedFile, RenamedFile)>,
) -> WarningChanges {
    let older_key = |w: &Warning| match renamed.get(&w.file) {
        Some((before, after)) => (
            after.file.clone(),
            w.message
                .replace(&format!("`{}`", before.id), &format!("`{}`", after.id)),
        ),
        None => (w.file.clone(), w.message.clone()),
    };
    let mut counts: HashMap<(String, String), isize> = HashMap::new();
    for w in older {
        *counts.entry(older_key(w)).or_default() += 1;
    }
    let mut changes = WarningChanges::default();
    for w in newer {
        match counts.get_mut(&(w.file.clone(), w.message.clone())) {
            Some(left) if *left > 0 => *left -= 1,
            _ => changes.appeared.push(w.clone()),
        }
    }
    // What is left of the older counts went away: the last ones of each key.
    for w in older.iter().rev() {
        if let Some(left) = counts.get_mut(&older_key(w)) {
            if *left > 0 {
                *left -= 1;
                changes.gone.push(w.clone());
            }
        }
    }
    changes.gone.reverse();
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(file: &str, line: usize, message: &str) -> Warning {
        Warning {
            file: file.into(),
            line,
            column: 1,
            message: message.into(),
        }
    }

    #[test]
    fn a_moved_warning_is_the_same_warning() {
        let older = [
            w("journeys/a.md", 10, "no owner"),
            w("journeys/a.md", 20, "stale"),
        ];
        let newer = [
            w("journeys/a.md", 14, "no owner"),
            w("journeys/b.md", 3, "stale"),
        ];
        let changes = warnings(&older, &newer, &HashMap::new());
        assert_eq!(changes.appeared, [w("journeys/b.md", 3, "stale")]);
        assert_eq!(changes.gone, [w("journeys/a.md", 20, "stale")]);
    }

    #[test]
    fn repeated_warnings_are_counted() {
        let older = [w("a", 1, "x"), w("a", 2, "x")];
        let newer = [w("a", 1, "x"), w("a", 2, "x"), w("a", 3, "x")];
        let changes = warnings(&older, &newer, &HashMap::new());
        assert_eq!(changes.appeared, [w("a", 3, "x")]);
        assert!(changes.gone.is_empty());
        let changes = warnings(&newer, &older, &HashMap::new());
        assert_eq!(changes.gone, [w("a", 3, "x")]);
    }

    #[test]
    fn a_renamed_file_keeps_its_warnings() {
        let file = |id: &str| RenamedFile {
            id: id.into(),
            file: format!("metrics/{id}.csv"),
        };
        let renamed = HashMap::from([("metrics/a.csv".to_string(), (file("a"), file("b")))]);
        let changes = warnings(
            &[w("metrics/a.csv", 5, "no target in journey `a`")],
            &[w("metrics/b.csv", 5, "no target in journey `b`")],
            &renamed,
        );
        assert_eq!(changes, WarningChanges::default());
    }
}
