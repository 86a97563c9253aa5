//! Where the site and its output are, from where the user stands: one rule for every
//! command that takes a site folder.
//!
//! The site is the folder given; else the nearest folder with a `site.yaml` from the
//! current folder up (as cargo finds `Cargo.toml`); else `content/` of the current
//! folder (a repository that keeps its site in `content/`). The output is `public/`
//! beside the site's `site.yaml`, except for a site folder named `content`, whose
//! output is `public/` beside it, at the root of its repository.

use crate::diagnostics::display_path as shown;
use std::fmt;
use std::path::{Path, PathBuf};

/// The name of the settings file that makes a folder a site.
pub const SITE_FILE: &str = "site.yaml";

/// No site where one was looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSite {
    /// The folder the search started from.
    pub searched_from: PathBuf,
    /// Folders directly below it that are sites, to suggest.
    pub sites_below: Vec<PathBuf>,
}

impl fmt::Display for NoSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no site here: no {SITE_FILE} in {} or the folders above it, and no content/{SITE_FILE}",
            shown(&self.searched_from).display()
        )
    }
}

impl NoSite {
    /// What would work from where the user stands.
    pub fn hint(&self, command: &str) -> String {
        match self.sites_below.as_slice() {
            [] => format!(
                "start one with `waymark init my-journeys`, or name the site folder: `waymark {command} path/to/site`"
            ),
            [site] => {
                let site = shown(site);
                format!(
                    "`{0}` is a site: run `waymark {command} {0}`, or `cd {0}` first",
                    site.display()
                )
            }
            sites => {
                let names: Vec<String> = sites
                    .iter()
                    .map(|s| format!("`{}`", shown(s).display()))
                    .collect();
                format!(
                    "these folders are sites: {}; name one: `waymark {command} <folder>`",
                    names.join(", ")
                )
            }
        }
    }
}

/// The site folder a command works on; see the module doc. A folder that is given is
/// taken as it is, `site.yaml` or not: reading it reports what is missing.
pub fn find_site(given: Option<&Path>, cwd: &Path) -> Result<PathBuf, NoSite> {
    if let Some(site) = given {
        return Ok(site.to_path_buf());
    }
    if let Some(found) = cwd.ancestors().find(|dir| dir.join(SITE_FILE).is_file()) {
        // The last ancestor of a relative path is the empty path: the current folder.
        return Ok(match found.as_os_str().is_empty() {
            true => PathBuf::from("."),
            false => found.to_path_buf(),
        });
    }
    let content = cwd.join("content");
    if content.join(SITE_FILE).is_file() {
        return Ok(content);
    }
    Err(NoSite {
        searched_from: cwd.to_path_buf(),
        sites_below: sites_below(cwd),
    })
}

/// The output folder of the site at `site_dir` when none is given; see the module doc.
pub fn default_output(site_dir: &Path) -> PathBuf {
    let is_content = site_dir
        .components()
        .next_back()
        .is_some_and(|c| c.as_os_str() == "content");
    match site_dir.parent() {
        Some(parent) if is_content => parent.join("public"),
        _ if site_dir == Path::new(".") => PathBuf::from("public"),
        _ => site_dir.join("public"),
    }
}

/// Folders directly in `dir` that hold a site, sorted.
fn sites_below(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut sites: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join(SITE_FILE).is_file())
        .collect();
    sites.sort();
    sites
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site(dir: &Path) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join(SITE_FILE), "title: T\n").unwrap();
    }

    #[test]
    fn the_nearest_site_above_wins_then_content() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        site(&root.join("content"));
        assert_eq!(find_site(None, root), Ok(root.join("content")));
        site(&root.join("mine"));
        let deep = root.join("mine/journeys/drafts");
        fs::create_dir_all(&deep).unwrap();
        assert_eq!(find_site(None, &deep), Ok(root.join("mine")));
        assert_eq!(
            find_site(Some(Path::new("elsewhere")), &deep),
            Ok(PathBuf::from("elsewhere"))
        );
    }

    #[test]
    fn no_site_names_the_sites_just_below() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let err = find_site(None, root).unwrap_err();
        assert!(err.sites_below.is_empty());
        assert!(err.hint("build").contains("waymark init"));
        site(&root.join("my-journeys"));
        fs::create_dir_all(root.join("notes")).unwrap();
        let err = find_site(None, root).unwrap_err();
        assert_eq!(err.sites_below, [root.join("my-journeys")]);
    }

    #[test]
    fn the_output_sits_beside_site_yaml_or_beside_content() {
        assert_eq!(
            default_output(Path::new("my-journeys")),
            Path::new("my-journeys/public")
        );
        assert_eq!(default_output(Path::new(".")), Path::new("public"));
        assert_eq!(default_output(Path::new("content")), Path::new("public"));
        assert_eq!(
            default_output(Path::new("/repo/content")),
            Path::new("/repo/public")
        );
        assert_eq!(
            default_output(Path::new("/repo/content/")),
            Path::new("/repo/public")
        );
    }
}
