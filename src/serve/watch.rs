//! Watching the files a build reads, and saying when a rebuild is due.
//!
//! Changes come debounced (many writes of one save, or a `git checkout`, make one
//! rebuild). Reads are not changes: the build itself opens every file it watches, so
//! access events would make each build start the next. Writes into the output folder and
//! its temporary siblings are ignored too, for the output may lie inside a watched folder.

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// How long files must be quiet before a rebuild starts: long enough for an editor to
/// finish saving (a write, or a write to a temporary file and a rename), short enough not
/// to add to the time from saving to seeing the page.
const QUIET: Duration = Duration::from_millis(50);

/// A recursive watch over some folders, minus some paths.
pub struct Watch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    roots: Vec<PathBuf>,
    ignored: Vec<PathBuf>,
}

impl Watch {
    /// A watch that reports no change under any of `ignored` (absolute, links resolved).
    pub fn new(ignored: Vec<PathBuf>) -> notify::Result<Watch> {
        let (sender, events) = channel();
        let debouncer = new_debouncer(QUIET, None, sender)?;
        Ok(Watch {
            debouncer,
            events,
            roots: Vec::new(),
            ignored,
        })
    }

    /// Watches each of `folders` that is not watched yet (as a whole or inside another
    /// watched folder). Returns the folders that could not be watched, with why.
    pub fn add(&mut self, folders: &[PathBuf]) -> Vec<(PathBuf, notify::Error)> {
        let mut failed = Vec::new();
        for folder in folders {
            let Ok(folder) = std::fs::canonicalize(folder) else {
                continue;
            };
            if self.roots.iter().any(|root| folder.starts_with(root)) {
                continue;
            }
            match self.debouncer.watch(&folder, RecursiveMode::Recursive) {
                Ok(()) => self.roots.push(folder),
                Err(err) => failed.push((folder, err)),
            }
        }
        failed
    }

    /// Blocks until files change; returns the changed paths, or `None` once the watcher
    /// has stopped. Errors of the watcher are returned as warnings to print.
    pub fn next_change(&self) -> Option<Result<Vec<PathBuf>, String>> {
        loop {
            let events = match self.events.recv().ok()? {
                Ok(events) => events,
                Err(errors) => {
                    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
                    return Some(Err(text.join("; ")));
                }
            };
            let mut changed: Vec<PathBuf> = events
                .iter()
                .filter(|event| is_change(&event.kind) || event.need_rescan())
                .flat_map(|event| event.paths.iter())
                .filter(|path| !self.is_ignored(path))
                .cloned()
                .collect();
            changed.sort();
            changed.dedup();
            if !changed.is_empty() {
                return Some(Ok(changed));
            }
        }
    }

    fn is_ignored(&self, path: &Path) -> bool {
        self.ignored.iter().any(|ignored| path.starts_with(ignored)) || is_scratch_file(path)
    }
}

/// Whether an event changes a file: everything but reads. A file closed after writing
/// counts, since it is how a completed save shows.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Files editors write beside the one being edited (swap, backup and lock files): they
/// change while the user types, but no build reads them.
fn is_scratch_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_full::notify::event::{CreateKind, ModifyKind};

    #[test]
    fn reads_are_not_changes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Remove(
            notify::event::RemoveKind::File
        )));
    }

    #[test]
    fn editor_scratch_files_are_ignored() {
        for name in ["buy.md~", ".buy.md.swp", ".buy.md.swx", ".#buy.md", "4913"] {
            assert!(is_scratch_file(
                Path::new("site/journeys").join(name).as_path()
            ));
        }
        assert!(!is_scratch_file(Path::new("site/journeys/buy.md")));
    }

    #[test]
    fn a_change_is_reported_and_the_output_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let site = std::fs::canonicalize(tmp.path()).unwrap();
        std::fs::create_dir_all(site.join("public")).unwrap();
        let mut watch = Watch::new(vec![site.join("public")]).unwrap();
        assert!(watch.add(std::slice::from_ref(&site)).is_empty());
        std::fs::write(site.join("public/index.html"), "ignored").unwrap();
        std::fs::write(site.join("site.yaml"), "title: x").unwrap();
        let changed = watch.next_change().unwrap().unwrap();
        assert!(changed.contains(&site.join("site.yaml")), "{changed:?}");
        assert!(!changed.iter().any(|p| p.starts_with(site.join("public"))));
    }
}
