//! Watching the files a build reads, and saying when a rebuild is due.
//!
//! Changes come debounced (many writes of one save, or a `git checkout`, make one
//! rebuild). Reads are not changes: the build itself opens every file it watches, so
//! access events would make each build start the next. Writes into the output folder and
//! its temporary siblings are ignored too, for the output may lie inside a watched folder.
//!
//! A watch holds on to a folder, not to its name: once the site folder is removed (`rm -rf
//! site`, or a `git checkout` that replaces it), a folder made again under the same name
//! is not watched. So the folder that holds each watched one is watched too (not
//! recursively), and each watched folder is looked at every [`CHECK_EVERY`] besides;
//! when one is gone, it is watched again once it is back, and the site rebuilt.

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long files must be quiet before a rebuild starts: long enough for an editor to
/// finish saving (a write, or a write to a temporary file and a rename), short enough not
/// to add to the time from saving to seeing the page.
const QUIET: Duration = Duration::from_millis(50);

/// How often the watched folders are looked at, in case the events of one being removed
/// or made again were missed (the folder that holds it may not be watchable).
const CHECK_EVERY: Duration = Duration::from_millis(500);

/// A recursive watch over some folders, minus some paths.
pub struct Watch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    roots: Vec<Root>,
    /// The folders holding the roots, watched alone to see a root removed or made again.
    parents: Vec<PathBuf>,
    ignored: Vec<PathBuf>,
}

/// A folder watched recursively.
struct Root {
    /// Absolute, links resolved (when it was first added).
    path: PathBuf,
    /// Which folder was last watched under that path; `None` while there is none.
    identity: Option<Identity>,
}

/// What tells one folder from another made under the same name.
#[cfg(unix)]
type Identity = (u64, u64);
#[cfg(not(unix))]
type Identity = ();

/// What changed: the paths to rebuild for (none when only warnings are to be told).
pub struct Change {
    pub paths: Vec<PathBuf>,
    /// Errors of the watcher, to print as warnings.
    pub warnings: Vec<String>,
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
            parents: Vec::new(),
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
            if self.roots.iter().any(|root| folder.starts_with(&root.path)) {
                continue;
            }
            match self.debouncer.watch(&folder, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watch_parent(&folder);
                    self.roots.push(Root {
                        identity: identity(&folder),
                        path: folder,
                    });
                }
                Err(err) => failed.push((folder, err)),
            }
        }
        failed
    }

    /// Watches the folder holding `root`, alone, unless it is watched already. Should it
    /// not be watchable, [`CHECK_EVERY`] still finds the root made again, only later.
    fn watch_parent(&mut self, root: &Path) {
        let Some(parent) = root.parent() else {
            return;
        };
        let watched = self.parents.iter().any(|p| p == parent)
            || self.roots.iter().any(|r| parent.starts_with(&r.path));
        if !watched
            && self
                .debouncer
                .watch(parent, RecursiveMode::NonRecursive)
                .is_ok()
        {
            self.parents.push(parent.to_path_buf());
        }
    }

    /// Blocks until files change; returns what changed, or `None` once the watcher has
    /// stopped.
    pub fn next_change(&mut self) -> Option<Change> {
        loop {
            let mut paths = Vec::new();
            let mut warnings = Vec::new();
            match self.events.recv_timeout(CHECK_EVERY) {
                Ok(Ok(events)) => {
                    if events.iter().any(|event| event.need_rescan()) {
                        paths.extend(self.roots.iter().map(|root| root.path.clone()));
                    }
                    paths.extend(
                        events
                            .iter()
                            .filter(|event| is_change(&event.kind))
                            .flat_map(|event| event.paths.iter())
                            .filter(|path| self.is_watched(path))
                            .cloned(),
                    );
                }
                Ok(Err(errors)) => warnings.extend(errors.iter().map(ToString::to_string)),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
            let (rewatched, failed) = self.rewatch(&paths);
            paths.extend(rewatched);
            warnings.extend(failed);
            paths.sort();
            paths.dedup();
            if !paths.is_empty() || !warnings.is_empty() {
                return Some(Change { paths, warnings });
            }
        }
    }

    /// Watches again each root that was removed, replaced or named by an event of its
    /// own (`touched`), if it is there now. Returns the roots that were removed or are
    /// watched anew (each a reason to rebuild), and the errors of watching.
    fn rewatch(&mut self, touched: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
        let mut changed = Vec::new();
        let mut failed = Vec::new();
        for root in &mut self.roots {
            let now = identity(&root.path);
            if now.is_none() {
                if root.identity.take().is_some() {
                    // Gone: what was watched under its name is no more.
                    let _ = self.debouncer.unwatch(&root.path);
                    changed.push(root.path.clone());
                }
                continue;
            }
            if now == root.identity && !touched.contains(&root.path) {
                continue;
            }
            // The watch may be gone already (with its folder), or follow the old folder
            // elsewhere (moved away): either way, it goes.
            let _ = self.debouncer.unwatch(&root.path);
            root.identity = now;
            match self.debouncer.watch(&root.path, RecursiveMode::Recursive) {
                Ok(()) => changed.push(root.path.clone()),
                Err(err) => failed.push(format!("cannot watch {}: {err}", root.path.display())),
            }
        }
        (changed, failed)
    }

    /// Whether a change at `path` is one to rebuild for: under a watched folder (the
    /// folders holding them report their other entries too) and not ignored.
    fn is_watched(&self, path: &Path) -> bool {
        self.roots.iter().any(|root| path.starts_with(&root.path))
            && !self.ignored.iter().any(|ignored| path.starts_with(ignored))
            && !is_scratch_file(path)
    }
}

/// Which folder is at `path` now, or `None` if there is no folder.
fn identity(path: &Path) -> Option<Identity> {
    let meta = std::fs::metadata(path).ok().filter(|meta| meta.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some(())
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
        let changed = watch.next_change().unwrap().paths;
        assert!(changed.contains(&site.join("site.yaml")), "{changed:?}");
        assert!(!changed.iter().any(|p| p.starts_with(site.join("public"))));
    }

    /// The paths `watch` reports, on a thread of its own, so that a test waits for them
    /// with a deadline.
    fn reported(mut watch: Watch) -> std::sync::mpsc::Receiver<PathBuf> {
        let (sender, paths) = channel();
        std::thread::spawn(move || {
            while let Some(change) = watch.next_change() {
                for path in change.paths {
                    if sender.send(path).is_err() {
                        return;
                    }
                }
            }
        });
        paths
    }

    /// Waits for `path` among the `reported` paths; returns those that came before it.
    fn wait_for(reported: &Receiver<PathBuf>, path: &Path) -> Vec<PathBuf> {
        let mut before = Vec::new();
        loop {
            let next = reported
                .recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| {
                    panic!("{} never reported; before: {before:?}", path.display())
                });
            if next == path {
                return before;
            }
            before.push(next);
        }
    }

    #[test]
    fn a_folder_removed_and_made_again_is_watched_again() {
        let tmp = tempfile::tempdir().unwrap();
        let parent = std::fs::canonicalize(tmp.path()).unwrap();
        let site = parent.join("site");
        std::fs::create_dir(&site).unwrap();
        let mut watch = Watch::new(Vec::new()).unwrap();
        assert!(watch.add(std::slice::from_ref(&site)).is_empty());
        let reported = reported(watch);

        // Beside the site, in the folder watched to see it come back: not a change.
        std::fs::write(parent.join("notes.txt"), "not the site").unwrap();
        std::fs::remove_dir_all(&site).unwrap();
        std::fs::create_dir(&site).unwrap();
        let before = wait_for(&reported, &site);
        assert!(!before.contains(&parent.join("notes.txt")), "{before:?}");

        std::fs::write(site.join("site.yaml"), "title: x").unwrap();
        let before = wait_for(&reported, &site.join("site.yaml"));
        assert!(!before.contains(&parent.join("notes.txt")), "{before:?}");
    }
}
