//! `waymark diff`: what a change to the content does to the journeys, said in the words
//! of the releases' what-changed pages, for reviewing it where teams review (a terminal,
//! a pull request).
//!
//! [`review`] loads the site as it is and the site it is compared with — the same folder
//! at a git revision ([`git`]), or another folder — with the normal loader, analyses and
//! lints both, and pairs them up with [`crate::snapshot::diff`] into a [`Report`]. The
//! report is written as plain text ([`Report::text`]), GitHub-flavoured Markdown
//! ([`Report::markdown`]) or JSON ([`Report::json`]); the first two say the same
//! sections (`sections.rs`), so that they cannot drift apart.

mod arguments;
mod git;
mod json;
mod markdown;
mod sections;
mod text;
mod words;

pub use arguments::Arguments;
pub use git::{GitError, Repository, Revision};

use crate::analysis::{self, Analysis};
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::snapshot::diff::outline::{outline, Outline};
use crate::snapshot::diff::warnings::{warnings, RenamedFile, Warning, WarningChanges};
use crate::snapshot::diff::{diff_paired, pairs, Changes, State, Verdict};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What the site is compared with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Against {
    /// The merge base of `HEAD` and the default branch ([`Repository::default_base`]).
    DefaultBranch,
    /// A git revision: a branch, a tag, a commit, `HEAD~2`.
    Revision(String),
    /// Another site folder.
    Folder(PathBuf),
}

/// The state the site was compared with, as found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    Revision(Revision),
    Folder(PathBuf),
}

/// How the base read.
#[derive(Clone, Debug, PartialEq)]
pub enum BaseState {
    Loaded,
    /// No site.yaml there: the site is new, and everything in it is added.
    Missing,
    /// The base has errors, so nothing could be compared; its diagnostics, located at
    /// `REVISION:path` for a revision.
    Broken(Vec<Diagnostic>),
}

/// One state of a site, loaded and analysed, with its warnings.
pub struct Side {
    pub site: Site,
    pub analysis: Analysis,
    /// Every warning `check` prints, located relative to the site folder.
    pub warnings: Vec<Warning>,
}

/// Everything that changed, of every kind.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Review {
    pub changes: Changes,
    pub outline: Outline,
    pub warnings: WarningChanges,
}

impl Review {
    pub fn total(&self) -> usize {
        self.changes.total() + self.outline.total() + self.warnings.total()
    }

    /// How many emotions, KPIs and overall conversions the change makes worse.
    pub fn worse(&self) -> usize {
        self.count(Verdict::Worse)
    }

    /// How many emotions, KPIs and overall conversions the change makes better.
    pub fn better(&self) -> usize {
        self.count(Verdict::Better)
    }

    fn count(&self, verdict: Verdict) -> usize {
        let c = &self.changes;
        let verdicts = (c.emotion_changes.iter().map(|e| e.verdict))
            .chain(c.kpi_changes.iter().map(|k| k.verdict))
            .chain(c.conversion_changes.iter().map(|v| v.verdict));
        verdicts.filter(|v| *v == verdict).count()
    }
}

/// The outcome of [`review`].
#[derive(Clone, Debug)]
pub struct Report {
    /// The site folder as the user named it.
    pub site_dir: PathBuf,
    pub base: Base,
    /// What names a file of the site at the base, put before its path in the site
    /// folder: `main:content/` (as git names files of a revision) or `old/`.
    pub base_files: String,
    pub base_state: BaseState,
    pub review: Review,
}

/// Why there is no report.
#[derive(Debug)]
pub enum ReviewError {
    /// What the command names is not there (a repository, a revision): a usage error.
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// The site as it is has errors.
    Content(Vec<Diagnostic>),
    /// Git failed, or the base could not be written out.
    Failed(String),
}

impl From<GitError> for ReviewError {
    fn from(err: GitError) -> ReviewError {
        match err {
            GitError::NoRepository(message) => ReviewError::Usage {
                message,
                hint: Some(
                    "`waymark diff` compares with a git revision of the site's repository; \
                     `--against DIR` compares with another folder instead"
                        .into(),
                ),
            },
            GitError::UnknownRevision(message) => ReviewError::Usage {
                message,
                hint: Some(
                    "name a branch, tag or commit (`main`, `origin/main`, `HEAD~1`); in a \
                     shallow clone (CI), fetch the history first (`fetch-depth: 0` for \
                     actions/checkout)"
                        .into(),
                ),
            },
            GitError::Failed(message) => ReviewError::Failed(message),
        }
    }
}

/// Compares the site at `site_dir` as it is (the working tree, saved or not) with
/// `against`. Drafts count on both sides only with `drafts`.
pub fn review(site_dir: &Path, against: &Against, drafts: bool) -> Result<Report, ReviewError> {
    let (source, base, base_files) = match against {
        Against::Folder(dir) => {
            let shown = crate::diagnostics::display_path(dir)
                .display()
                .to_string()
                .replace('\\', "/");
            let files = format!("{}/", shown.trim_end_matches('/'));
            (Source::Folder(dir), Base::Folder(dir.clone()), files)
        }
        Against::DefaultBranch | Against::Revision(_) => {
            let repository = Repository::of(site_dir)?;
            let revision = match against {
                Against::Revision(name) => repository.resolve(name)?,
                _ => repository.default_base()?,
            };
            let files = format!("{}:{}", revision.name, repository.prefix());
            let source = Source::Revision(repository, revision.commit.clone());
            (source, Base::Revision(revision), files)
        }
    };
    let (newer, older) = rayon::join(
        || Side::load(site_dir, drafts),
        || source.load(&base_files, drafts),
    );
    let newer = newer.map_err(ReviewError::Content)?;
    let (base_state, review) = match older? {
        Ok(older) => (BaseState::Loaded, compare(&older, &newer)),
        Err(BaseState::Missing) => (
            BaseState::Missing,
            compare(&Side::empty_like(&newer), &newer),
        ),
        Err(broken) => (broken, Review::default()),
    };
    Ok(Report {
        site_dir: site_dir.to_path_buf(),
        base,
        base_files,
        base_state,
        review,
    })
}

/// Where the base is read from.
enum Source<'a> {
    Folder(&'a Path),
    /// A commit of the repository.
    Revision(Repository, String),
}

impl Source<'_> {
    /// The base side, or why there is none ([`BaseState::Missing`] or
    /// [`BaseState::Broken`]). `files` names a file of the base before its path in the
    /// site (see [`Report::base_files`]).
    fn load(&self, files: &str, drafts: bool) -> Result<Result<Side, BaseState>, ReviewError> {
        let (repository, commit) = match self {
            Source::Revision(repository, commit) => (repository, commit),
            Source::Folder(dir) => {
                if !dir.join(crate::workspace::SITE_FILE).is_file() {
                    return Ok(Err(BaseState::Missing));
                }
                return Ok(Side::load(dir, drafts).map_err(BaseState::Broken));
            }
        };
        let folder = tempfile::Builder::new()
            .prefix("waymark-diff-")
            .tempdir()
            .map_err(|e| ReviewError::Failed(format!("cannot make a temporary folder: {e}")))?;
        if !repository.extract(commit, folder.path())? {
            return Ok(Err(BaseState::Missing));
        }
        Ok(Side::load(folder.path(), drafts).map_err(|diagnostics| {
            // The temporary folder goes away; each file is named as git names it.
            let at = |path: &Path| {
                let relative = path.strip_prefix(folder.path()).unwrap_or(path);
                PathBuf::from(format!("{files}{}", slash_path(relative)))
            };
            let diagnostics = diagnostics
                .into_iter()
                .map(|d| Diagnostic {
                    path: at(&d.path),
                    ..d
                })
                .collect();
            BaseState::Broken(diagnostics)
        }))
    }
}

impl Side {
    /// Loads, analyses and lints the site at `dir`; its errors if it has any. Narratives
    /// are checked as `check` checks them, not rendered: no change is told by them.
    pub fn load(dir: &Path, drafts: bool) -> Result<Side, Vec<Diagnostic>> {
        let (site, diagnostics) = crate::load_site(dir, drafts, crate::Purpose::Check);
        let Some(site) = site else {
            return Err(diagnostics);
        };
        let mut analysis = analysis::analyse(&site);
        let journey_warnings = analysis::lint_journeys(&site, &mut analysis);
        let warnings = crate::all_warnings(&site, diagnostics, journey_warnings)
            .iter()
            .map(|d| Warning {
                file: slash_path(d.path.strip_prefix(dir).unwrap_or(&d.path)),
                line: d.line,
                column: d.column,
                message: d.message.clone(),
            })
            .collect();
        Ok(Side {
            site,
            analysis,
            warnings,
        })
    }

    /// A site with the settings of `side` and nothing in it: what a new site is compared
    /// with.
    fn empty_like(side: &Side) -> Side {
        let site = Site {
            personas: Vec::new(),
            journeys: Vec::new(),
            draft_personas: Vec::new(),
            metrics: Default::default(),
            intro_html: None,
            static_files: Vec::new(),
            releases: Vec::new(),
            ..side.site.clone()
        };
        let analysis = analysis::analyse(&site);
        Side {
            site,
            analysis,
            warnings: Vec::new(),
        }
    }
}

/// What changed from `older` to `newer`.
pub fn compare(older: &Side, newer: &Side) -> Review {
    let (o, n) = (
        State {
            site: &older.site,
            analysis: &older.analysis,
        },
        State {
            site: &newer.site,
            analysis: &newer.analysis,
        },
    );
    let journeys = pairs::journeys(&older.site, &newer.site);
    let personas = pairs::personas(&older.site, &newer.site);
    // A journey or persona renamed takes its files' warnings along.
    let mut renamed = HashMap::new();
    let mut rename =
        |before: &crate::model::Id, after: &crate::model::Id, files: &[(&str, &str)]| {
            if before == after {
                return;
            }
            for (folder, extension) in files {
                let file = |id: &crate::model::Id| RenamedFile {
                    id: id.to_string(),
                    file: format!("{folder}/{id}.{extension}"),
                };
                renamed.insert(file(before).file, (file(before), file(after)));
            }
        };
    for &(o, n) in &journeys.pairs {
        let files = [("journeys", "md"), ("metrics", "csv"), ("feedback", "csv")];
        rename(
            &older.site.journeys[o].id,
            &newer.site.journeys[n].id,
            &files,
        );
    }
    for &(o, n) in &personas.pairs {
        rename(
            &older.site.personas[o].id,
            &newer.site.personas[n].id,
            &[("personas", "md")],
        );
    }
    Review {
        changes: diff_paired(o, n, &journeys),
        outline: outline(o, n, &journeys, &personas),
        warnings: warnings(&older.warnings, &newer.warnings, &renamed),
    }
}

/// A relative path with `/` between its parts, on every system.
fn slash_path(path: &Path) -> String {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
