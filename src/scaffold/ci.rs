//! The continuous-integration files `init` writes for a new site: GitHub Actions workflows
//! that publish it on GitHub Pages and review each pull request through waymark's own
//! action (`action.yml` at the root of waymark's repository), a GitLab CI file with a job
//! for GitLab Pages and one that reviews each merge request, or none.
//!
//! Both install the waymark of the release that wrote them, from that release's files, and
//! check the binary's SHA-256 before running it. The templates are in `templates/ci/`; a
//! `@@name@@` in them is filled in here.

use std::fmt;
use std::str::FromStr;

/// Where waymark is published on GitHub, as `owner/name`: its releases, and the action that
/// site repositories use (`uses: waymark-cx/waymark@…`). It must be the repository's real
/// address, or the files `init` writes download nothing.
pub const REPOSITORY: &str = "waymark-cx/waymark";

/// The package's name on crates.io, for `cargo install`; the command it installs is
/// `waymark`.
pub const PACKAGE: &str = env!("CARGO_PKG_NAME");

/// This waymark's version, the release whose binaries the CI files install.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The commit this binary was released from: the release workflow builds with
/// `WAYMARK_RELEASE_COMMIT` set to the tagged commit, so that the workflows `init` writes
/// pin the action to it. A build from source does not know it.
const RELEASE_COMMIT: Option<&str> = option_env!("WAYMARK_RELEASE_COMMIT");

// A malformed commit would make every workflow `init` writes fail; refuse to build instead.
const _: () = assert!(
    match RELEASE_COMMIT {
        Some(commit) => is_commit(commit),
        None => true,
    },
    "WAYMARK_RELEASE_COMMIT must be a full commit SHA: 40 lowercase hexadecimal digits"
);

/// The commit this binary was released from, if it was built by the release workflow.
pub fn release_commit() -> Option<&'static str> {
    RELEASE_COMMIT
}

/// Whether `text` is a full git commit SHA as GitHub prints it.
const fn is_commit(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 40 {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if !matches!(bytes[i], b'0'..=b'9' | b'a'..=b'f') {
            return false;
        }
        i += 1;
    }
    true
}

/// Which CI service publishes the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ci {
    /// GitHub Actions and GitHub Pages: `.github/workflows/pages.yml`.
    GitHub,
    /// GitLab CI and GitLab Pages: `.gitlab-ci.yml`.
    GitLab,
    /// No CI file: the site is published by hand or by another system.
    None,
}

impl Ci {
    /// Every choice, as `--ci` takes them.
    pub const ALL: [Ci; 3] = [Ci::GitHub, Ci::GitLab, Ci::None];

    /// The name `--ci` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Ci::GitHub => "github",
            Ci::GitLab => "gitlab",
            Ci::None => "none",
        }
    }

    /// The path of the CI file that publishes the site, from the root of the repository,
    /// where the service reads it.
    pub fn file(self) -> Option<&'static str> {
        self.files().first().copied()
    }

    /// Every CI file's path from the root of the repository: the one that publishes the
    /// site first, then GitHub's review of pull requests (GitLab's is a job of its one
    /// file).
    pub fn files(self) -> &'static [&'static str] {
        match self {
            Ci::GitHub => &[".github/workflows/pages.yml", REVIEW_WORKFLOW],
            Ci::GitLab => &[".gitlab-ci.yml"],
            Ci::None => &[],
        }
    }

    /// The "Publish" section of the site's README for this choice.
    pub(super) fn readme_section(self) -> &'static str {
        match self {
            Ci::GitHub => include_str!("templates/ci/readme-github.md"),
            Ci::GitLab => include_str!("templates/ci/readme-gitlab.md"),
            Ci::None => include_str!("templates/ci/readme-none.md"),
        }
    }
}

impl fmt::Display for Ci {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Ci {
    type Err = String;

    fn from_str(text: &str) -> Result<Ci, String> {
        Ci::ALL
            .into_iter()
            .find(|ci| ci.as_str() == text)
            .ok_or_else(|| format!("unknown CI `{text}`: expected github, gitlab or none"))
    }
}

/// The GitHub workflow that says what each pull request changes in the journeys.
pub const REVIEW_WORKFLOW: &str = ".github/workflows/review.yml";

/// How a workflow names waymark's action: pinned to `commit` with the version in a
/// comment, as Dependabot and Renovate keep pins up to date, or else to the release's tag.
pub fn action_reference(commit: Option<&str>) -> String {
    match commit {
        Some(commit) => format!("{REPOSITORY}@{commit} # v{VERSION}"),
        None => format!("{REPOSITORY}@v{VERSION}"),
    }
}

/// The text of `ci`'s file for a site at `site`: its path from the repository's root,
/// `/`-separated, `.` for the root itself. `commit` is the release commit the action is
/// pinned to (see [`release_commit`]). `None` for [`Ci::None`].
///
/// `site` must be fit for [`check_site_path`]; it is written as a quoted YAML string.
pub fn ci_file(ci: Ci, site: &str, commit: Option<&str>) -> Option<String> {
    let template = match ci {
        Ci::GitHub => include_str!("templates/ci/github-pages.yml"),
        Ci::GitLab => include_str!("templates/ci/gitlab-pages.yml"),
        Ci::None => return None,
    };
    let action = action_reference(commit);
    let site = yaml_string(site);
    Some(fill(
        template,
        &[
            ("action", &action),
            ("site", &site),
            ("version", VERSION),
            ("repository", REPOSITORY),
        ],
    ))
}

/// The text of GitHub's review workflow for a site at `site` (as for [`ci_file`]): on every
/// pull request, `waymark check`, a build and `waymark diff` into the run's summary.
pub fn review_workflow(site: &str, commit: Option<&str>) -> String {
    let template = include_str!("templates/ci/github-review.yml");
    let action = action_reference(commit);
    fill(
        template,
        &[("action", &action), ("site", &yaml_string(site))],
    )
}

/// Every CI file of `ci` for a site at `site`, by path from the repository's root, in
/// the order of [`Ci::files`].
pub fn ci_files(ci: Ci, site: &str, commit: Option<&str>) -> Vec<(&'static str, String)> {
    ci.files()
        .iter()
        .filter_map(|&file| match file {
            REVIEW_WORKFLOW => Some((file, review_workflow(site, commit))),
            _ => ci_file(ci, site, commit).map(|text| (file, text)),
        })
        .collect()
}

/// Why `site` cannot be written into a CI file, if it cannot: control characters would
/// break the line, and `$` would be expanded by GitLab and GitHub alike.
pub fn check_site_path(site: &str) -> Result<(), String> {
    if let Some(c) = site.chars().find(|c| c.is_control()) {
        return Err(format!("it holds the control character {c:?}"));
    }
    if site.contains('$') {
        return Err("it holds `$`, which CI services expand as a variable".into());
    }
    Ok(())
}

/// `text` as a double-quoted YAML string: JSON's escapes are YAML's.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serializes")
}

/// `template` with every `@@name@@` replaced by its value, in one pass: a value that
/// happens to hold `@@…@@` (a folder's name) is written as it is.
pub(super) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("@@") {
        let after = &rest[start + 2..];
        let value = after.find("@@").and_then(|end| {
            let name = &after[..end];
            let (_, value) = values.iter().find(|(n, _)| *n == name)?;
            Some((value, end))
        });
        match value {
            Some((value, end)) => {
                text.push_str(&rest[..start]);
                text.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                text.push_str(&rest[..start + 2]);
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests;
