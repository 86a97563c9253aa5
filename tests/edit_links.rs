//! "Edit this page" links: with `repo_url` (and `repo_branch`, default `main`) in
//! site.yaml, every persona and journey page links to
//! `<repo_url>/edit/<branch>/<path of its source file in the repository>`.
//!
//! The repository is the nearest folder at or above the site folder with a `.git` (a
//! folder, or a file in worktrees and submodules), so a site kept in a subfolder such as
//! `content/` gets that folder in its paths. Outside a git checkout the path is the one
//! inside the site folder.

mod common;

use common::{Output, Run, Site};
use std::fs;

const REPO: &str = "https://github.com/acme/cx-journeys";

/// tests/fixtures/basic with `settings` added to its site.yaml.
fn site_with(settings: &str) -> Site {
    let site = Site::fixture("basic");
    let yaml = fs::read_to_string(site.dir().join("site.yaml")).unwrap();
    site.site_yaml(&format!("{yaml}{settings}"));
    site
}

/// Every persona and journey page of `out` with the source path it was built from.
fn pages_and_sources(out: &Output) -> Vec<(String, String)> {
    let pages: Vec<(String, String)> = out
        .html_files()
        .into_iter()
        .filter(|p| p.starts_with("personas/") || p.starts_with("journeys/"))
        // A journey's poster is for the wall, not for editing.
        .filter(|p| !p.ends_with("-poster.html"))
        .map(|page| {
            let source = page.replace(".html", ".md");
            (page, source)
        })
        .collect();
    assert_eq!(pages.len(), 5, "the fixture's 2 personas and 3 journeys");
    pages
}

/// The target of the page's edit link, if it has one.
fn edit_link(out: &Output, page: &str) -> Option<String> {
    out.page(page).attrs("p.edit a", "href").into_iter().next()
}

#[test]
fn a_site_in_a_subfolder_of_the_repository_links_with_that_folder() {
    let site = site_with(&format!("repo_url: {REPO}\nrepo_branch: main\n"));
    // The temporary folder is the repository; the site is its `site/` folder.
    fs::create_dir(site.root().join(".git")).unwrap();
    let out = site.built(&[]);
    for (page, source) in pages_and_sources(&out) {
        assert_eq!(
            edit_link(&out, &page).as_deref(),
            Some(format!("{REPO}/edit/main/site/{source}").as_str()),
            "{page}"
        );
    }
}

#[test]
fn a_site_at_the_root_of_the_repository_links_to_its_own_paths() {
    let site = site_with(&format!("repo_url: {REPO}\n"));
    // A worktree's `.git` is a file; it marks the repository all the same.
    fs::write(
        site.dir().join(".git"),
        "gitdir: /elsewhere/.git/worktrees/site\n",
    )
    .unwrap();
    let out = site.built(&[]);
    for (page, source) in pages_and_sources(&out) {
        assert_eq!(
            edit_link(&out, &page).as_deref(),
            Some(format!("{REPO}/edit/main/{source}").as_str()),
            "{page}"
        );
    }
}

#[test]
fn outside_a_git_checkout_paths_are_those_in_the_site_folder() {
    let site = site_with(&format!("repo_url: {REPO}\n"));
    let out = site.built(&[]);
    assert_eq!(
        edit_link(&out, "personas/anna.html").as_deref(),
        Some(format!("{REPO}/edit/main/personas/anna.md").as_str())
    );
}

#[test]
fn the_branch_is_used_and_a_trailing_slash_of_repo_url_is_not_doubled() {
    let site = site_with(&format!(
        "repo_url: {REPO}/\nrepo_branch: release/2026-q3\n"
    ));
    fs::create_dir(site.root().join(".git")).unwrap();
    let out = site.built(&[]);
    assert_eq!(
        edit_link(&out, "journeys/buying-online-current.html").as_deref(),
        Some(
            format!("{REPO}/edit/release/2026-q3/site/journeys/buying-online-current.md").as_str()
        )
    );
}

#[test]
fn building_from_inside_the_site_folder_gives_the_same_links() {
    let site = site_with(&format!("repo_url: {REPO}\n"));
    fs::create_dir(site.root().join(".git")).unwrap();
    Run::of(
        site.command()
            .current_dir(site.dir())
            .args(["build", ".", "-o", "../public"]),
    )
    .success();
    let out = Output::at(site.out());
    for (page, source) in pages_and_sources(&out) {
        assert_eq!(
            edit_link(&out, &page).as_deref(),
            Some(format!("{REPO}/edit/main/site/{source}").as_str()),
            "{page}"
        );
    }
}

#[test]
fn without_repo_url_there_are_no_edit_links() {
    let site = Site::fixture("basic");
    let out = site.built(&[]);
    for (page, _) in pages_and_sources(&out) {
        assert_eq!(edit_link(&out, &page), None, "{page}");
    }
}
