//! `waymark init`: a new site with one persona, one journey and its metrics, a README for
//! the team and a workflow that publishes it on GitHub Pages.

use super::{create_file, empty_folder, ScaffoldError};
use crate::model::Date;
use std::path::{Path, PathBuf};

macro_rules! site_files {
    ($($path:literal),+ $(,)?) => {
        &[$(($path, include_str!(concat!("templates/site/", $path)))),+]
    };
}

/// The files of a new site, by path in the site folder. `templates/site/` is itself a
/// valid site, so that the example can be built and reviewed as it is.
const SITE_FILES: &[(&str, &str)] = site_files!(
    ".github/workflows/pages.yml",
    ".gitignore",
    "README.md",
    "index.md",
    "site.yaml",
    "personas/sam.md",
    "journeys/opening-an-account.md",
    "metrics/opening-an-account.csv",
);

/// Entries a folder may hold and still count as empty: a fresh `git clone` of a new
/// repository is where a team would start.
const IGNORED_ENTRIES: &[&str] = &[".git"];

/// Writes a new site into `dir`, which must be missing or empty, and returns the paths
/// written. Journeys are marked as reviewed `today`.
pub fn init(dir: &Path, today: Date) -> Result<Vec<PathBuf>, ScaffoldError> {
    empty_folder(dir, IGNORED_ENTRIES)?;
    let mut written = Vec::with_capacity(SITE_FILES.len());
    for (relative, text) in SITE_FILES {
        let path = dir.join(relative);
        let text = if relative.starts_with("journeys/") {
            with_updated(text, today)
        } else {
            text.to_string()
        };
        create_file(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
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

    /// Every file of templates/site/ is embedded, and nothing else: a file added there
    /// and forgotten in [`SITE_FILES`] would silently be missing from new sites.
    #[test]
    fn every_template_file_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/scaffold/templates/site");
        let on_disk: BTreeSet<String> = walkdir::WalkDir::new(&root)
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
            .collect();
        let embedded: BTreeSet<String> = SITE_FILES.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn the_journey_is_marked_as_reviewed_today() {
        let today = Date {
            year: 2031,
            month: 2,
            day: 3,
        };
        let (_, journey) = SITE_FILES
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
