//! `waymark diff [BASE] [SITE] [--against DIR]`: what the site is compared with, and
//! which site, from the arguments as given. With two, the first is the revision; with
//! one, a folder is the site and anything else the revision, and a name that is both is
//! refused rather than guessed.

use super::{Against, Repository, ReviewError};
use crate::diagnostics::display_path;
use std::path::{Path, PathBuf};

/// The arguments of `diff` as given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Arguments {
    pub base: Option<String>,
    pub site: Option<PathBuf>,
    pub against: Option<PathBuf>,
}

impl Arguments {
    /// What to compare with, and the site folder when one is named. `cwd` is where the
    /// command runs: a single argument is looked up as a revision of its repository.
    pub fn resolve(self, cwd: &Path) -> Result<(Against, Option<PathBuf>), ReviewError> {
        let usage = |message: String, hint: String| ReviewError::Usage {
            message,
            hint: Some(hint),
        };
        if let Some(dir) = self.against {
            if self.site.is_some() {
                return Err(usage(
                    "--against compares with a folder, not a revision: name the site alone".into(),
                    "`waymark diff --against old-site [SITE]`".into(),
                ));
            }
            if !dir.is_dir() {
                return Err(usage(
                    format!("there is no folder {}", display_path(&dir).display()),
                    "--against names the site folder to compare with".into(),
                ));
            }
            return Ok((Against::Folder(dir), self.base.map(PathBuf::from)));
        }
        let one = match (self.base, self.site) {
            (None, site) => return Ok((Against::DefaultBranch, site)),
            (Some(base), Some(site)) => return Ok((Against::Revision(base), Some(site))),
            (Some(one), None) => one,
        };
        let is_folder = cwd.join(&one).is_dir();
        let is_revision = Repository::of(cwd)
            .and_then(|repository| repository.resolve(&one))
            .is_ok();
        match (is_folder, is_revision) {
            (true, true) => Err(usage(
                format!("`{one}` is both a folder and a git revision"),
                format!(
                    "for the folder, write `./{one}`; for the revision, name the site too: \
                     `waymark diff {one} SITE`"
                ),
            )),
            (true, false) => Ok((Against::DefaultBranch, Some(PathBuf::from(one)))),
            (false, true) => Ok((Against::Revision(one), None)),
            (false, false) => Err(usage(
                format!("`{one}` is neither a folder nor a git revision"),
                "name the revision to compare with (`main`, `HEAD~1`) and the site folder, \
                 as `waymark diff [BASE] [SITE]`"
                    .into(),
            )),
        }
    }
}
