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

/// The file every waymark output has; its presence tells us a folder may be replaced.
const MARKER: &str = "data/site.json";

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
}

impl Staging {
    /// Starts writing a site that will replace `out_dir`. Refuses a non-empty folder that
    /// is not a previous waymark output, and one that holds the site at `site_dir`.
    pub fn create(out_dir: &Path, site_dir: &Path) -> io::Result<Staging> {
        guard_output(out_dir, site_dir)?;
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
        let [staging, previous] = temporary_siblings(&parent, &name);
        for leftover in [&staging, &previous] {
            if leftover.exists() {
                fs::remove_dir_all(leftover)?;
            }
        }
        fs::create_dir(&staging)?;
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            staging,
            previous,
            dirs: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            committed: false,
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

    /// Copies the site's static files under `static/`.
    pub fn copy_statics(&self, statics: &[StaticFile]) -> io::Result<()> {
        statics.par_iter().try_for_each(|file| {
            let target = self.staging.join("static").join(&file.relative);
            self.create_parent(&target)?;
            fs::copy(&file.source, &target)?;
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
            fs::rename(&self.out_dir, &self.previous)?;
        }
        if let Err(err) = fs::rename(&self.staging, &self.out_dir) {
            // Put the previous site back rather than leave nothing.
            if self.previous.exists() {
                let _ = fs::rename(&self.previous, &self.out_dir);
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
}

impl InPlace {
    pub fn new(out_dir: &Path) -> InPlace {
        InPlace {
            out_dir: out_dir.to_path_buf(),
            written: AtomicUsize::new(0),
        }
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

/// Whether the regular file at `path` holds exactly `contents`.
fn unchanged(path: &Path, contents: &[u8]) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    meta.is_file()
        && meta.len() == contents.len() as u64
        && fs::read(path).is_ok_and(|old| old == contents)
}

/// The folders beside the output that a write uses: the new site while it is written, and
/// the previous one while it is removed.
pub(crate) fn temporary_siblings(parent: &Path, name: &str) -> [PathBuf; 2] {
    [
        parent.join(format!(".{name}.waymark-new")),
        parent.join(format!(".{name}.waymark-old")),
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
    if !empty && !out_dir.join(MARKER).is_file() {
        return Err(io::Error::other(format!(
            "refusing to replace {}: it is not empty and was not written by waymark (no {MARKER})",
            out_dir.display()
        )));
    }
    Ok(())
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
