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

/// The warnings of `newer` that `older` did not have and the other way round, in each
/// list's order. `renamed` maps an older file to its newer name (a journey renamed takes
/// its warnings along). As many warnings of one file and message as both have match.
pub fn warnings(
    older: &[Warning],
    newer: &[Warning],
    renamed: &HashMap<String, String>,
) -> WarningChanges {
    let key = |file: &str, message: &str| (file.to_string(), message.to_string());
    let mut counts: HashMap<(String, String), isize> = HashMap::new();
    for w in older {
        let file = renamed.get(&w.file).unwrap_or(&w.file);
        *counts.entry(key(file, &w.message)).or_default() += 1;
    }
    let mut changes = WarningChanges::default();
    for w in newer {
        match counts.get_mut(&key(&w.file, &w.message)) {
            Some(left) if *left > 0 => *left -= 1,
            _ => changes.appeared.push(w.clone()),
        }
    }
    // What is left of the older counts went away: the last ones of each key.
    for w in older.iter().rev() {
        let file = renamed.get(&w.file).unwrap_or(&w.file);
        if let Some(left) = counts.get_mut(&key(file, &w.message)) {
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
        let renamed = HashMap::from([("journeys/a.md".to_string(), "journeys/b.md".to_string())]);
        let changes = warnings(
            &[w("journeys/a.md", 5, "x")],
            &[w("journeys/b.md", 5, "x")],
            &renamed,
        );
        assert_eq!(changes, WarningChanges::default());
    }
}
