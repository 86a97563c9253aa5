//! The lock of an output folder: one writer at a time, named to the others.

use super::temporary_siblings;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// An exclusive lock on an output folder, held while a build or an update writes it, so
/// two writers (two terminals, `serve` beside `build`, two CI steps) never mix their
/// sites. The lock is a file beside the output that names its holder; the system releases
/// it when the holder ends, however it ends.
pub struct OutputLock {
    file: fs::File,
    path: PathBuf,
}

impl OutputLock {
    /// Takes the lock of `out_dir`, or fails at once, naming the process that holds it.
    pub fn acquire(out_dir: &Path) -> io::Result<OutputLock> {
        let path = lock_path(out_dir)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        loop {
            let lock = OutputLock::try_acquire(&path)?;
            // A holder that was finishing may have removed the file between our opening
            // and locking it: then ours is a lock on nothing, and the next try is real.
            if lock.is_current() {
                return Ok(lock);
            }
        }
    }

    fn try_acquire(path: &Path) -> io::Result<OutputLock> {
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = io::Read::read_to_string(&mut file, &mut holder);
                let holder = match holder.trim() {
                    "" => String::new(),
                    holder => format!(" ({holder})"),
                };
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    format!(
                        "another waymark is writing this folder{holder}; wait for it to finish, \
                         or write into another folder with -o"
                    ),
                ));
            }
            Err(fs::TryLockError::Error(err)) => return Err(err),
        }
        file.set_len(0)?;
        let arguments: Vec<String> = std::env::args().skip(1).collect();
        let holder = format!(
            "process {}, `waymark {}`\n",
            std::process::id(),
            arguments.join(" ")
        );
        file.write_all(holder.as_bytes())?;
        Ok(OutputLock {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Whether the locked file is still the one at the lock's path.
    #[cfg(unix)]
    fn is_current(&self) -> bool {
        use std::os::unix::fs::MetadataExt;
        match (self.file.metadata(), fs::metadata(&self.path)) {
            (Ok(ours), Ok(there)) => ours.dev() == there.dev() && ours.ino() == there.ino(),
            _ => false,
        }
    }

    /// Windows does not remove a file that is open, so the file is never replaced.
    #[cfg(not(unix))]
    fn is_current(&self) -> bool {
        true
    }
}

impl Drop for OutputLock {
    /// Removes the lock file while still holding it, so no file is left beside the
    /// output; a writer that opened it meanwhile sees it is gone and tries again.
    fn drop(&mut self) {
        if cfg!(unix) && self.is_current() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The lock file of `out_dir`: beside it, hidden, named after it.
fn lock_path(out_dir: &Path) -> io::Result<PathBuf> {
    let name = out_dir.file_name().ok_or_else(|| {
        io::Error::other(format!("{} cannot be an output folder", out_dir.display()))
    })?;
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let [_, _, lock] = temporary_siblings(parent, &name.to_string_lossy());
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_is_taken_once_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let lock = OutputLock::acquire(&out).unwrap();
        let err = OutputLock::acquire(&out).err().unwrap();
        assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
        assert!(err
            .to_string()
            .contains(&format!("process {}", std::process::id())));
        drop(lock);
        let again = OutputLock::acquire(&out).unwrap();
        drop(again);
        assert!(!dir.path().join(".public.waymark-lock").exists());
    }
}
