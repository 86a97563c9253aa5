//! Writing a built site: everything goes into a temporary sibling folder that replaces
//! the output folder only once complete, so a failed build never loses the previous site.

use crate::model::StaticFile;
use crate::render::Page;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The file every waymark output has; its presence tells us a folder may be replaced.
const MARKER: &str = "data/site.json";

/// Writes `pages` and copies `statics` (under `static/`) into `out_dir`, replacing it
/// whole. Refuses to replace a non-empty folder that is not a previous waymark output, or
/// one that holds the site itself. Returns the number of files written.
pub fn write_site(
    out_dir: &Path,
    site_dir: &Path,
    pages: &[Page],
    statics: &[StaticFile],
) -> io::Result<usize> {
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
    let result = write_tree(&staging, pages, statics);
    if let Err(err) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    if out_dir.exists() {
        fs::rename(out_dir, &previous)?;
    }
    if let Err(err) = fs::rename(&staging, out_dir) {
        // Put the previous site back rather than leave nothing.
        if previous.exists() {
            let _ = fs::rename(&previous, out_dir);
        }
        return Err(err);
    }
    if previous.exists() {
        fs::remove_dir_all(&previous)?;
    }
    Ok(pages.len() + statics.len())
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

fn write_tree(root: &Path, pages: &[Page], statics: &[StaticFile]) -> io::Result<()> {
    fs::create_dir_all(root)?;
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for page in pages {
        if let Some(dir) = Path::new(&page.path).parent() {
            dirs.insert(root.join(dir));
        }
    }
    for file in statics {
        if let Some(dir) = Path::new("static").join(&file.relative).parent() {
            dirs.insert(root.join(dir));
        }
    }
    for dir in &dirs {
        fs::create_dir_all(dir)?;
    }
    pages
        .par_iter()
        .try_for_each(|page| fs::write(root.join(&page.path), &page.contents))?;
    statics.par_iter().try_for_each(|file| {
        fs::copy(&file.source, root.join("static").join(&file.relative)).map(|_| ())
    })
}
