//! A site as it was at a git revision, read with the `git` command: the revision's tree
//! is listed with `git ls-tree` and the files a site is read from are streamed out of
//! `git cat-file --batch` into a folder of their own. The working tree, the index and the
//! refs are never touched.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The files of a site folder that `diff` compares: what the loader reads, less the
/// release snapshots and static files, which no comparison looks at.
const SITE_FILES: &[&str] = &["site.yaml", "index.md"];
/// The folders of a site folder whose files (not sub-folders) `diff` compares.
const SITE_FOLDERS: &[&str] = &["personas", "journeys", "metrics", "feedback"];

/// Why git could not give what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// The site folder is in no git repository, or git is not installed.
    NoRepository(String),
    /// The revision names no commit of the repository.
    UnknownRevision(String),
    /// Git ran and failed, or its output could not be written.
    Failed(String),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::NoRepository(m) | GitError::UnknownRevision(m) | GitError::Failed(m) => {
                f.write_str(m)
            }
        }
    }
}

/// The git repository a site folder is in.
#[derive(Debug, Clone)]
pub struct Repository {
    /// The repository's top folder.
    top: PathBuf,
    /// The site folder's path from the top, `/`-separated, ending in `/` (empty when the
    /// site is the top folder).
    prefix: String,
}

/// A commit to compare with: its full id and how the user knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub commit: String,
    /// The name given (`main`, `HEAD~2`), or the default branch.
    pub name: String,
    /// Whether `commit` is where `HEAD` left the branch `name` (its merge base).
    pub merge_base: bool,
}

impl Repository {
    /// The repository that holds `site_dir`.
    pub fn of(site_dir: &Path) -> Result<Repository, GitError> {
        let output = git(site_dir, &["rev-parse", "--show-toplevel", "--show-prefix"])
            .map_err(GitError::NoRepository)?;
        let mut lines = output.lines();
        let (Some(top), prefix) = (lines.next(), lines.next().unwrap_or("")) else {
            return Err(GitError::NoRepository(format!(
                "{} is in no git repository",
                site_dir.display()
            )));
        };
        Ok(Repository {
            top: PathBuf::from(top),
            prefix: prefix.to_string(),
        })
    }

    /// The site folder's path from the repository's top, `/`-separated, ending in `/`
    /// (empty for the top itself).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The commit `name` stands for.
    pub fn resolve(&self, name: &str) -> Result<Revision, GitError> {
        // A name starting with `-` would be read as an option.
        if name.starts_with('-') || name.is_empty() {
            return Err(GitError::UnknownRevision(format!(
                "`{name}` is not a git revision"
            )));
        }
        let wanted = format!("{name}^{{commit}}");
        let args = [
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &wanted,
        ];
        match git(&self.top, &args) {
            Ok(commit) if !commit.trim().is_empty() => Ok(Revision {
                commit: commit.trim().to_string(),
                name: name.to_string(),
                merge_base: false,
            }),
            _ => Err(GitError::UnknownRevision(format!(
                "`{name}` names no commit of the repository at {}",
                self.top.display()
            ))),
        }
    }

    /// Where the current branch left the default branch: the merge base of `HEAD` and the
    /// remote's default branch (`origin/HEAD`), else of `main`, `master`, `origin/main` or
    /// `origin/master`, the first that exists.
    pub fn default_base(&self) -> Result<Revision, GitError> {
        let remote_default = git(
            &self.top,
            &[
                "symbolic-ref",
                "--quiet",
                "--short",
                "refs/remotes/origin/HEAD",
            ],
        )
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
        let candidates = remote_default
            .into_iter()
            .chain(["main", "master", "origin/main", "origin/master"].map(String::from));
        let Some(branch) = candidates
            .filter_map(|name| self.resolve(&name).ok())
            .next()
        else {
            return Err(GitError::UnknownRevision(
                "no default branch to compare with: none of origin/HEAD, main, master, \
                 origin/main and origin/master exists"
                    .into(),
            ));
        };
        let base = git(&self.top, &["merge-base", "HEAD", &branch.commit]).map_err(|err| {
            GitError::UnknownRevision(format!(
                "HEAD and {} have no common commit: {err}",
                branch.name
            ))
        })?;
        Ok(Revision {
            commit: base.trim().to_string(),
            name: branch.name,
            merge_base: true,
        })
    }

    /// Writes the site's files as they are at `commit` into `into`, which must exist and
    /// be empty; returns whether the site was there (had a `site.yaml`).
    pub fn extract(&self, commit: &str, into: &Path) -> Result<bool, GitError> {
        let listing = self.list(commit)?;
        let files: Vec<(String, String)> = listing
            .split('\0')
            .filter_map(|entry| {
                let (meta, path) = entry.split_once('\t')?;
                let mut meta = meta.split(' ');
                let (mode, kind, object) = (meta.next()?, meta.next()?, meta.next()?);
                // Regular files only: no symbolic links (the loader refuses them in a site
                // anyway) and no submodules.
                let regular = kind == "blob" && (mode == "100644" || mode == "100755");
                let relative = path.strip_prefix(self.prefix.as_str())?;
                (regular && compared(relative)).then(|| (object.to_string(), relative.to_string()))
            })
            .collect();
        let found = files.iter().any(|(_, path)| path == "site.yaml");
        for folder in SITE_FOLDERS {
            if files
                .iter()
                .any(|(_, p)| p.starts_with(&format!("{folder}/")))
            {
                std::fs::create_dir(into.join(folder)).map_err(|e| write_error(into, e))?;
            }
        }
        // A file whose content in the working tree is the revision's (the same object id)
        // is linked rather than written out again: on a change to one journey of a
        // thousand, that is every other file, and writing them is most of the time taken.
        let site = self.top.join(&self.prefix);
        let unchanged = unchanged(&self.top, &self.prefix, &files);
        let mut changed = Vec::new();
        for ((object, path), same) in files.iter().zip(unchanged) {
            if !(same && std::fs::hard_link(site.join(path), into.join(path)).is_ok()) {
                changed.push((object.clone(), path.clone()));
            }
        }
        self.write_blobs(&changed, into)?;
        Ok(found)
    }

    /// `git ls-tree` of the site folder at `commit`, NUL-separated.
    fn list(&self, commit: &str) -> Result<String, GitError> {
        let folder = self.prefix.trim_end_matches('/');
        let mut args = vec!["--literal-pathspecs", "ls-tree", "-r", "-z", commit];
        if !folder.is_empty() {
            args.extend(["--", folder]);
        }
        git(&self.top, &args).map_err(GitError::Failed)
    }

    /// Streams the blobs of `files` (object, path) out of `git cat-file --batch` into
    /// their paths under `into`.
    fn write_blobs(&self, files: &[(String, String)], into: &Path) -> Result<(), GitError> {
        if files.is_empty() {
            return Ok(());
        }
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.top)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| GitError::Failed(format!("cannot run git: {e}")))?;
        let mut stdin = child.stdin.take().expect("piped");
        let requests: String = files
            .iter()
            .map(|(object, _)| format!("{object}\n"))
            .collect();
        // Written beside the reading, so that neither side waits for the other's pipe.
        let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let result = files
            .iter()
            .try_for_each(|(object, path)| read_blob(&mut stdout, object, &into.join(path)));
        drop(stdout);
        let _ = writer.join();
        let status = child.wait_with_output();
        result?;
        match status {
            Ok(out) if out.status.success() => Ok(()),
            Ok(out) => Err(GitError::Failed(format!(
                "git cat-file failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ))),
            Err(e) => Err(GitError::Failed(format!("git cat-file failed: {e}"))),
        }
    }
}

/// Whether `relative` (a path in the site folder) is a file `diff` compares; only names
/// that are a plain file name in a known folder pass, so nothing is written outside it.
fn compared(relative: &str) -> bool {
    if SITE_FILES.contains(&relative) {
        return true;
    }
    let Some((folder, name)) = relative.split_once('/') else {
        return false;
    };
    SITE_FOLDERS.contains(&folder)
        && !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', ':'])
}

/// For each of `files` (object, path in the site folder at `prefix` of the repository at
/// `top`), whether the working tree's file there has that object id, as `git hash-object`
/// computes it from the bytes alone. Where git cannot tell, a file counts as changed, and
/// is read from the revision.
fn unchanged(top: &Path, prefix: &str, files: &[(String, String)]) -> Vec<bool> {
    let site = top.join(prefix);
    let mut same = vec![false; files.len()];
    // Plain files only: a symbolic link would be linked as a link. One name a line.
    let candidates: Vec<usize> = (0..files.len())
        .filter(|&i| {
            let path = &files[i].1;
            !path.chars().any(char::is_control)
                && std::fs::symlink_metadata(site.join(path)).is_ok_and(|m| m.is_file())
        })
        .collect();
    if candidates.is_empty() {
        return same;
    }
    // Paths from the top: git reads them from there, whatever folder it runs in.
    let names: String = candidates
        .iter()
        .map(|&i| format!("{prefix}{}\n", files[i].1))
        .collect();
    let args = ["hash-object", "--no-filters", "--stdin-paths"];
    let Ok(hashes) = run(top, &args, Some(names)) else {
        return same;
    };
    let hashes: Vec<&str> = hashes.lines().collect();
    if hashes.len() == candidates.len() {
        for (&i, hash) in candidates.iter().zip(hashes) {
            same[i] = hash.trim() == files[i].0;
        }
    }
    same
}

/// Reads one `--batch` answer for `object` and writes its content to `path`.
fn read_blob(stdout: &mut impl BufRead, object: &str, path: &Path) -> Result<(), GitError> {
    let mut header = String::new();
    stdout
        .read_line(&mut header)
        .map_err(|e| GitError::Failed(format!("cannot read from git cat-file: {e}")))?;
    let mut fields = header.split_whitespace();
    let size = match (fields.next(), fields.next(), fields.next()) {
        (Some(got), Some("blob"), Some(size)) if got == object => size.parse::<u64>().ok(),
        _ => None,
    };
    let Some(size) = size else {
        return Err(GitError::Failed(format!(
            "git cat-file answered `{}` for {object}",
            header.trim()
        )));
    };
    let mut file = std::fs::File::create_new(path).map_err(|e| write_error(path, e))?;
    let copied =
        std::io::copy(&mut stdout.take(size), &mut file).map_err(|e| write_error(path, e))?;
    let mut newline = [0u8; 1];
    if copied != size || stdout.read_exact(&mut newline).is_err() {
        return Err(GitError::Failed(format!(
            "git cat-file ended inside {object}"
        )));
    }
    Ok(())
}

fn write_error(path: &Path, err: std::io::Error) -> GitError {
    GitError::Failed(format!("cannot write {}: {err}", path.display()))
}

/// Runs git in `dir` and returns its output, or its error message.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    run(dir, args, None)
}

/// [`git`], with `input` on its standard input.
fn run(dir: &Path, args: &[&str], input: Option<String>) -> Result<String, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(match input {
            Some(_) => Stdio::piped(),
            None => Stdio::null(),
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    // Written beside the reading, so that neither side waits for the other's pipe.
    let writer = match (input, child.stdin.take()) {
        (Some(input), Some(mut stdin)) => Some(std::thread::spawn(move || {
            stdin.write_all(input.as_bytes())
        })),
        _ => None,
    };
    let output = child
        .wait_with_output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().next().unwrap_or("").trim();
        return Err(match first {
            "" => format!("git {} failed", args.join(" ")),
            message => message.trim_start_matches("fatal: ").to_string(),
        });
    }
    // A name that is not UTF-8 comes out with U+FFFD and is refused by the loader as a
    // bad file name, as it would be in the working tree.
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository in a temporary folder with `files` committed, kept from the
    /// machine's git settings.
    fn repository(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        for args in [
            &["init", "--quiet"][..],
            &["add", "--all"],
            &[
                "-c",
                "user.name=T",
                "-c",
                "user.email=t@example.com",
                "commit",
                "-qm",
                "x",
            ],
        ] {
            let status = Command::new("git")
                .arg("-C")
                .arg(dir.path())
                .args(args)
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_CONFIG_GLOBAL", dir.path().join(".no-config"))
                .status()
                .unwrap();
            assert!(status.success());
        }
        dir
    }

    #[test]
    fn files_unchanged_in_the_working_tree_are_linked_and_the_others_written() {
        let dir = repository(&[
            ("site/site.yaml", "title: T\n"),
            ("site/journeys/a.md", "a\n"),
            ("site/journeys/b.md", "b\n"),
            ("site/static/logo.svg", "<svg/>"),
        ]);
        std::fs::write(dir.path().join("site/journeys/b.md"), "b, edited\n").unwrap();
        std::fs::remove_file(dir.path().join("site/site.yaml")).unwrap();
        let repository = Repository::of(&dir.path().join("site")).unwrap();
        assert_eq!(repository.prefix(), "site/");
        let head = repository.resolve("HEAD").unwrap();
        let into = tempfile::tempdir().unwrap();
        assert!(repository.extract(&head.commit, into.path()).unwrap());
        let read = |p: &str| std::fs::read_to_string(into.path().join(p)).unwrap();
        // As they were committed, whether linked or written.
        assert_eq!(read("site.yaml"), "title: T\n");
        assert_eq!(read("journeys/a.md"), "a\n");
        assert_eq!(read("journeys/b.md"), "b\n");
        assert!(!into.path().join("static").exists());
        let listing = repository.list(&head.commit).unwrap();
        let files: Vec<(String, String)> = listing
            .split('\0')
            .filter_map(|e| {
                let (meta, path) = e.split_once('\t')?;
                let object = meta.split(' ').nth(2)?.to_string();
                Some((object, path.strip_prefix("site/")?.to_string()))
            })
            .filter(|(_, p)| p.starts_with("journeys/") || p == "site.yaml")
            .collect();
        let same = unchanged(&repository.top, "site/", &files);
        let by_path: Vec<(&str, bool)> = files.iter().map(|(_, p)| p.as_str()).zip(same).collect();
        assert_eq!(
            by_path,
            [
                ("journeys/a.md", true),
                ("journeys/b.md", false),
                ("site.yaml", false)
            ]
        );
    }

    #[test]
    fn only_plain_files_of_the_site_folders_are_compared() {
        for good in [
            "site.yaml",
            "index.md",
            "journeys/buy.md",
            "metrics/buy.csv",
        ] {
            assert!(compared(good), "{good}");
        }
        for bad in [
            "journeys/..",
            "journeys/.",
            "journeys/a/b.md",
            "journeys/a\\b.md",
            "journeys/",
            "releases/2026.json",
            "static/logo.svg",
            "public/index.html",
            "README.md",
            "journeys",
        ] {
            assert!(!compared(bad), "{bad}");
        }
    }
}
