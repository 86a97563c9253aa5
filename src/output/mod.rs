//! Writing a built site: everything goes into a temporary sibling folder that replaces
//! the output folder only once complete, so a failed build never loses the previous site.

use crate::model::StaticFile;
use crate::render::Sink;
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

mod lock;
pub use lock::OutputLock;

/// The file every waymark output has at its top; its presence tells us a folder is
/// waymark's own and may be replaced whole.
pub const MARKER: &str = ".waymark-output";

const MARKER_TEXT: &str =
    "This folder is written by waymark: each `waymark build` replaces all of it.\n";

/// What outputs written before the marker existed hold at their top, besides
/// `data/site.json`: a folder with anything else is not taken for one.
const LEGACY_ENTRIES: &[&str] = &[
    ".nojekyll",
    "404.html",
    "assets",
    "data",
    "index.html",
    "journeys",
    "personas",
    "releases",
    "robots.txt",
    "search",
    "search.html",
    "sitemap.xml",
    "static",
    "voice-of-the-customer.html",
    "experiments.html",
];

/// A site being written. Files go into a temporary sibling of the output folder, which
/// replaces the output folder in [`Staging::commit`]; a staging dropped before its commit
/// is removed, so a failed build never loses the previous site nor leaves half of one.
pub struct Staging {
    out_dir: PathBuf,
    staging: PathBuf,
    previous: PathBuf,
    /// Folders already created, so each is created once however many files it gets.
    dirs: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    committed: bool,
    /// Held from the start of the write to the end of the swap.
    _lock: OutputLock,
}

impl Staging {
    /// Starts writing a site that will replace `out_dir`. Refuses a non-empty folder that
    /// is not a previous waymark output, and one that holds the site at `site_dir`.
    pub fn create(out_dir: &Path, site_dir: &Path) -> io::Result<Staging> {
        guard_output(out_dir, site_dir)?;
        let lock = OutputLock::acquire(out_dir)?;
        let name = out_dir
            .file_name()
            .ok_or_else(|| {
                io::Error::other(format!("{} cannot be an output folder", out_dir.display()))
            })?
            .to_string_lossy()
            .into_owned();
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let [staging, previous, _] = temporary_siblings(&parent, &name);
        for leftover in [&staging, &previous] {
            if leftover.exists() {
                fs::remove_dir_all(leftover)?;
            }
        }
        fs::create_dir(&staging)?;
        fs::write(staging.join(MARKER), MARKER_TEXT)?;
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            staging,
            previous,
            dirs: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            committed: false,
            _lock: lock,
        })
    }

    /// Writes one file at `path` (relative, `/`-separated); callable from many threads.
    /// A file the previous output already holds with the same bytes is linked, not
    /// rewritten: it keeps its modification time, and the file system is spared a new
    /// inode per page on every rebuild.
    pub fn write(&self, path: &str, contents: &[u8]) -> io::Result<()> {
        let target = self.staging.join(path);
        self.create_parent(&target)?;
        let previous = self.out_dir.join(path);
        if !(unchanged(&previous, contents) && fs::hard_link(&previous, &target).is_ok()) {
            fs::write(&target, contents)?;
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Copies the site's static files under `static/`. A file that cannot be copied is
    /// returned with the error, since the fault is usually the file's (unreadable), not
    /// the output's.
    pub fn copy_statics(&self, statics: &[StaticFile]) -> Result<(), (PathBuf, io::Error)> {
        statics.par_iter().try_for_each(|file| {
            let target = self.staging.join("static").join(&file.relative);
            self.create_parent(&target)
                .map_err(|err| (self.out_dir.join("static").join(&file.relative), err))?;
            fs::copy(&file.source, &target).map_err(|err| (file.source.clone(), err))?;
            self.files.fetch_add(1, Ordering::Relaxed);
            Ok(())
        })
    }

    fn create_parent(&self, target: &Path) -> io::Result<()> {
        let Some(dir) = target.parent() else {
            return Ok(());
        };
        let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
        if !dirs.contains(dir) {
            fs::create_dir_all(dir)?;
            dirs.insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// Replaces the output folder with the files written; returns how many there are.
    pub fn commit(mut self) -> io::Result<usize> {
        if self.out_dir.exists() {
            rename_patiently(&self.out_dir, &self.previous)?;
        }
        if let Err(err) = rename_patiently(&self.staging, &self.out_dir) {
            // Put the previous site back rather than leave nothing.
            if self.previous.exists() {
                let _ = rename_patiently(&self.previous, &self.out_dir);
            }
            return Err(err);
        }
        self.committed = true;
        if self.previous.exists() {
            fs::remove_dir_all(&self.previous)?;
        }
        Ok(self.files.load(Ordering::Relaxed))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, contents: &[u8]) -> io::Result<()> {
        Staging::write(self, path, contents)
    }

    fn write_streamed(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let target = self.staging.join(path);
        self.create_parent(&target)?;
        let mut out = io::BufWriter::with_capacity(256 * 1024, fs::File::create(&target)?);
        fill(&mut out)?;
        out.flush()?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Writes files straight into an output folder that a build wrote whole, for updates
/// of a few pages: each file is written beside its place and renamed over it, so a
/// reader never sees half a file, and a file whose bytes did not change is left alone.
pub struct InPlace {
    out_dir: PathBuf,
    written: AtomicUsize,
    _lock: OutputLock,
}

impl InPlace {
    /// Starts an update of `out_dir`, holding its lock until dropped.
    pub fn new(out_dir: &Path) -> io::Result<InPlace> {
        Ok(InPlace {
            out_dir: out_dir.to_path_buf(),
            written: AtomicUsize::new(0),
            _lock: OutputLock::acquire(out_dir)?,
        })
    }

    /// How many files were (re)written.
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    fn replace(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let target = self.out_dir.join(path);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = target.with_file_name(format!(".{name}.waymark-new"));
        let result = fs::File::create(&temporary).and_then(|file| {
            let mut out = io::BufWriter::with_capacity(256 * 1024, file);
            fill(&mut out)?;
            out.flush()
        });
        if let Err(err) = result.and_then(|()| fs::rename(&temporary, &target)) {
            let _ = fs::remove_file(&temporary);
            return Err(err);
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl Sink for InPlace {
    fn write(&self, path: &str, contents: &[u8]) -> io::Result<()> {
        if unchanged(&self.out_dir.join(path), contents) {
            return Ok(());
        }
        self.replace(path, &mut |out| out.write_all(contents))
    }

    fn write_streamed(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.replace(path, fill)
    }
}

/// Renames a folder, trying again for a moment when the system refuses because another
/// program has a file in it open: on Windows a virus scanner or the search indexer opens
/// new files for a moment, and a folder with an open file cannot be renamed.
fn rename_patiently(from: &Path, to: &Path) -> io::Result<()> {
    let mut wait = std::time::Duration::from_millis(10);
    for _ in 0..8 {
        match fs::rename(from, to) {
            Err(err) if err.kind() == io::ErrorKind::PermissionDenied && cfg!(windows) => {
                std::thread::sleep(wait);
                wait *= 2;
            }
            result => return result,
        }
    }
    fs::rename(from, to)
}

/// Whether the regular file at `path` holds exactly `contents`.
fn unchanged(path: &Path, contents: &[u8]) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    meta.is_file()
        && meta.len() == contents.len() as u64
        && fs::read(path).is_ok_and(|old| old == contents)
}

/// What a write puts beside the output for a while: the folder of the new site while it
/// is written, the previous one while it is removed, and the lock file.
pub(crate) fn temporary_siblings(parent: &Path, name: &str) -> [PathBuf; 3] {
    [
        parent.join(format!(".{name}.waymark-new")),
        parent.join(format!(".{name}.waymark-old")),
        parent.join(format!(".{name}.waymark-lock")),
    ]
}

fn guard_output(out_dir: &Path, site_dir: &Path) -> io::Result<()> {
    // Every build copies static/: an output inside it would be copied into the next
    // output, which grows with every build.
    if let (Some(out), Ok(statics)) = (resolve(out_dir), fs::canonicalize(site_dir.join("static")))
    {
        if out.starts_with(&statics) {
            return Err(io::Error::other(format!(
                "refusing to write into {}: it is inside the static/ folder of the site",
                out_dir.display()
            )));
        }
    }
    if !out_dir.exists() {
        return Ok(());
    }
    if !out_dir.is_dir() {
        return Err(io::Error::other(format!(
            "{} exists and is not a folder",
            out_dir.display()
        )));
    }
    let out = fs::canonicalize(out_dir)?;
    if let Ok(site) = fs::canonicalize(site_dir) {
        if site.starts_with(&out) {
            return Err(io::Error::other(format!(
                "refusing to replace {}: it holds the site being built",
                out_dir.display()
            )));
        }
    }
    let empty = fs::read_dir(out_dir)?.next().is_none();
    if !empty && !is_waymark_output(out_dir) {
        return Err(io::Error::other(format!(
            "refusing to replace {}: it is not empty and was not written by waymark (no {MARKER} in it)",
            out_dir.display()
        )));
    }
    Ok(())
}

/// Whether `dir` is an output waymark wrote: it has the marker, or it was written before
/// the marker existed (`data/site.json` says waymark made it, and nothing at its top is
/// something waymark never writes). Any other folder may hold work of its own.
fn is_waymark_output(dir: &Path) -> bool {
    if fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file()) {
        return true;
    }
    let generated_by_waymark = fs::File::open(dir.join("data/site.json")).is_ok_and(|file| {
        let mut head = [0u8; 64];
        let read = io::Read::read(&mut io::BufReader::new(file), &mut head).unwrap_or(0);
        head[..read].starts_with(b"{\"generator\":\"waymark ")
    });
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    generated_by_waymark
        && entries.filter_map(Result::ok).all(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            LEGACY_ENTRIES.contains(&name.as_str())
                || (name.ends_with(".html")
                    && ["pain-points", "opportunities", "journeys-", "personas"]
                        .iter()
                        .any(|list| name.starts_with(list)))
        })
}

/// `path` with links and `..` resolved, also when it does not exist yet: its nearest
/// existing ancestor resolved, with the rest of the path appended.
pub(crate) fn resolve(path: &Path) -> Option<PathBuf> {
    let mut existing = path;
    let mut rest = Vec::new();
    loop {
        if let Ok(resolved) = fs::canonicalize(existing) {
            return Some(rest.iter().rev().fold(resolved, |p, name| p.join(name)));
        }
        rest.push(existing.file_name()?);
        existing = match existing.parent()? {
            p if p.as_os_str().is_empty() => Path::new("."),
            p => p,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_static_file_that_cannot_be_copied_is_named_rather_than_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(&site).unwrap();
        let staging = Staging::create(&dir.path().join("public"), &site).unwrap();
        let missing = site.join("static/logo.svg");
        let statics = [StaticFile {
            source: missing.clone(),
            relative: "logo.svg".into(),
        }];
        let (path, _) = staging.copy_statics(&statics).unwrap_err();
        assert_eq!(path, missing);
    }
}
