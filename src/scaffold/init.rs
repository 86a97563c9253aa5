//! `waymark init`: a new site with one persona, one journey and its metrics, a README for
//! the team and the CI file that publishes it (GitHub Pages, GitLab Pages, or none). Its
//! sample content and its pages' interface are in English, Russian or Latvian.
//!
//! The CI file goes where its service reads it, at the root of the git repository: the
//! site's own folder when it is the repository (or in none yet), else the root of the
//! repository the folder is in, with the site's path written into the file.

use super::ci::{self, Ci};
use super::{create_file, empty_folder, ScaffoldError};
use crate::model::Date;
use std::fs;
use std::path::{Component, Path, PathBuf};

macro_rules! site_files {
    ($folder:literal: $($path:literal),+ $(,)?) => {
        &[$(($path, include_str!(concat!("templates/", $folder, "/", $path)))),+]
    };
}

/// The files of every new site, whatever its language, by path in the site folder: the
/// README for the team (about the tool, in English like its diagnostics) and `.gitignore`.
const COMMON_FILES: &[(&str, &str)] = site_files!("site": ".gitignore", "README.md");

/// The sample content of a new site in each language. `templates/site/` (English),
/// `templates/site-ru/` and `templates/site-lv/` are each a valid site, so that the
/// examples can be built and reviewed as they are.
const CONTENT_EN: &[(&str, &str)] = site_files!("site":
    "index.md",
    "site.yaml",
    "personas/sam.md",
    "journeys/opening-an-account.md",
    "metrics/opening-an-account.csv",
);
const CONTENT_RU: &[(&str, &str)] = site_files!("site-ru":
    "index.md",
    "site.yaml",
    "personas/sasha.md",
    "journeys/opening-an-account.md",
    "metrics/opening-an-account.csv",
);
const CONTENT_LV: &[(&str, &str)] = site_files!("site-lv":
    "index.md",
    "site.yaml",
    "personas/sanita.md",
    "journeys/opening-an-account.md",
    "metrics/opening-an-account.csv",
);

/// The language of a new site's sample content and interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    English,
    Russian,
    Latvian,
}

impl Language {
    /// Every choice, as `--language` takes them.
    pub const ALL: [Language; 3] = [Language::English, Language::Russian, Language::Latvian];

    /// The language code `--language` takes and site.yaml's `language:` holds.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Russian => "ru",
            Language::Latvian => "lv",
        }
    }

    fn content(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Language::English => CONTENT_EN,
            Language::Russian => CONTENT_RU,
            Language::Latvian => CONTENT_LV,
        }
    }
}

impl std::str::FromStr for Language {
    type Err = String;

    fn from_str(code: &str) -> Result<Language, String> {
        Language::ALL
            .into_iter()
            .find(|l| l.as_str() == code)
            .ok_or_else(|| format!("`{code}` is not a language of the sample site"))
    }
}

/// Entries a folder may hold and still count as empty: a fresh `git clone` of a new
/// repository is where a team would start.
const IGNORED_ENTRIES: &[&str] = &[".git"];

/// Writes a new site into `dir`, which must be missing or empty, with the CI files of
/// `ci`, its sample content and interface in `language`, and returns the paths written.
/// Journeys are marked as reviewed `today`. Nothing is written when anything is refused:
/// a folder with files, a CI file that exists, a site path a CI file cannot hold.
pub fn init(
    dir: &Path,
    ci: Ci,
    language: Language,
    today: Date,
) -> Result<Vec<PathBuf>, ScaffoldError> {
    let ci_files = plan_ci_files(dir, ci)?;
    empty_folder(dir, IGNORED_ENTRIES)?;
    // The CI files first: if one appeared meanwhile, nothing but the empty folder is made.
    for (path, text) in &ci_files {
        create_file(path, text.as_bytes())?;
    }
    let files = COMMON_FILES.iter().chain(language.content());
    let mut written =
        Vec::with_capacity(COMMON_FILES.len() + language.content().len() + ci_files.len());
    for (relative, text) in files {
        let path = in_folder(dir, relative);
        let text = match *relative {
            "README.md" => readme(text, ci),
            _ if relative.starts_with("journeys/") => with_updated(text, today),
            _ => text.to_string(),
        };
        create_file(&path, text.as_bytes())?;
        written.push(path);
    }
    written.extend(ci_files.into_iter().map(|(path, _)| path));
    Ok(written)
}

/// Where the CI files of a site in `dir` go and what they say; refused if one exists
/// outside `dir` (inside, `dir` must be empty anyway).
fn plan_ci_files(dir: &Path, ci: Ci) -> Result<Vec<(PathBuf, String)>, ScaffoldError> {
    if ci.files().is_empty() {
        return Ok(Vec::new());
    }
    let io = |error| ScaffoldError::Io {
        path: dir.to_path_buf(),
        error,
    };
    let resolved = resolve(dir).map_err(io)?;
    let (root, site) = match repository_root(&resolved) {
        Some(root) if root != resolved => {
            let below = resolved.strip_prefix(&root).expect("an ancestor");
            let site = slash_path(below).ok_or_else(|| ScaffoldError::UnfitSitePath {
                path: dir.to_path_buf(),
                problem: "it is not valid Unicode".into(),
            })?;
            (root, site)
        }
        _ => (dir.to_path_buf(), ".".to_string()),
    };
    ci::check_site_path(&site).map_err(|problem| ScaffoldError::UnfitSitePath {
        path: dir.to_path_buf(),
        problem,
    })?;
    let mut files = Vec::new();
    for (file, text) in ci::ci_files(ci, &site, ci::release_commit()) {
        let path = in_folder(&root, file);
        if fs::symlink_metadata(&path).is_ok() {
            return Err(ScaffoldError::CiFileExists(path));
        }
        files.push((path, text));
    }
    Ok(files)
}

/// `dir` as an absolute path without `.` or `..`, whether or not it exists yet. The
/// folders are those the user named, as git sees them from there.
fn resolve(dir: &Path) -> std::io::Result<PathBuf> {
    let mut resolved = PathBuf::new();
    for component in std::path::absolute(dir)?.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            other => resolved.push(other),
        }
    }
    Ok(resolved)
}

/// The nearest of `dir` and its ancestors that is the root of a git repository (has a
/// `.git` folder, or the `.git` file of a worktree or submodule).
fn repository_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| fs::symlink_metadata(d.join(".git")).is_ok())
        .map(Path::to_path_buf)
}

/// `relative`, a `/`-separated path, inside `dir`, with the system's separators.
fn in_folder(dir: &Path, relative: &str) -> PathBuf {
    relative
        .split('/')
        .fold(dir.to_path_buf(), |path, name| path.join(name))
}

/// A relative path written with `/`, as CI files on every system take it.
fn slash_path(path: &Path) -> Option<String> {
    let names: Option<Vec<&str>> = path
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    Some(names?.join("/"))
}

/// The site's README, its install line naming this release and its "Publish" section
/// saying how `ci` publishes the site.
fn readme(template: &str, ci: Ci) -> String {
    ci::fill(
        template,
        &[
            ("repository", ci::REPOSITORY),
            ("package", ci::PACKAGE),
            ("version", ci::VERSION),
            ("publish", ci.readme_section().trim_end()),
        ],
    )
}

/// `text` with the date of its `updated:` line replaced by `today`.
fn with_updated(text: &str, today: Date) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("updated: ") {
            Some(rest) if rest.len() >= 10 && rest.is_char_boundary(10) => {
                out.push_str(&format!("updated: {today}{}", &rest[10..]));
            }
            _ => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every file of templates/site/ and its translations is embedded, and nothing else: a
    /// file added there and forgotten in the lists would silently be missing from new
    /// sites.
    #[test]
    fn every_template_file_is_embedded() {
        for (folder, language) in [
            ("site", Language::English),
            ("site-ru", Language::Russian),
            ("site-lv", Language::Latvian),
        ] {
            let on_disk = files_in(folder);
            let mut embedded: BTreeSet<String> = language
                .content()
                .iter()
                .map(|(p, _)| p.to_string())
                .collect();
            if language == Language::English {
                embedded.extend(COMMON_FILES.iter().map(|(p, _)| p.to_string()));
            }
            assert_eq!(on_disk, embedded, "{folder}");
            assert_eq!(language.as_str().parse(), Ok(language));
        }
    }

    fn files_in(folder: &str) -> BTreeSet<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/scaffold/templates")
            .join(folder);
        walkdir::WalkDir::new(&root)
            .into_iter()
            .map(|e| e.expect("a readable template folder"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(&root).unwrap();
                relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .collect()
    }

    #[test]
    fn the_journey_is_marked_as_reviewed_today() {
        let today = Date {
            year: 2031,
            month: 2,
            day: 3,
        };
        let (_, journey) = CONTENT_EN
            .iter()
            .find(|(p, _)| p.starts_with("journeys/"))
            .unwrap();
        let text = with_updated(journey, today);
        assert_eq!(
            text.lines()
                .filter(|l| l.starts_with("updated: "))
                .collect::<Vec<_>>(),
            ["updated: 2031-02-03"]
        );
        assert_eq!(text.len(), journey.len());
    }
}
