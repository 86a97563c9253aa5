//! How the pages hang together: links between pages are relative and every one of them
//! resolves to an existing file and anchor; every page has a language, a title and one
//! `h1`.
//!
//! The site is tests/fixtures/basic; the bundled site and tests/fixtures/releases add
//! frozen release snapshots.

mod common;

use common::{fixture, Page, Site, BASE_URL};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

#[test]
fn pages_link_to_each_other_relatively() {
    let (_site, out) = fixture();
    for file in out.html_files() {
        if file == "404.html" {
            continue;
        }
        let page = out.page(&file);
        for element in page.select("[href], [src]") {
            if element.value().attr("rel") == Some("canonical") {
                continue;
            }
            let url = element
                .value()
                .attr("href")
                .or_else(|| element.value().attr("src"))
                .unwrap();
            assert!(!url.starts_with('/'), "{file}: absolute path {url}");
            assert!(!url.starts_with(BASE_URL), "{file}: absolute URL {url}");
        }
    }
}

/// Resolves `href` found in the page at `from` (both relative to the output folder).
fn resolve(from: &str, href: &str) -> PathBuf {
    let mut path = PathBuf::new();
    for component in Path::new(from).parent().unwrap().join(href).components() {
        match component {
            Component::ParentDir => {
                assert!(path.pop(), "{from}: {href} leaves the site");
            }
            Component::Normal(part) => path.push(part),
            _ => {}
        }
    }
    path
}

/// Checks every `href` and `src` of every page of `out`: each internal link resolves to a
/// file of the site and each `#fragment` to an id on its target page. Links of the 404
/// page are absolute (it is served at any depth): they must start with `base_url`, and
/// are resolved from the site's root. Returns how many links were checked.
fn check_links(out: &common::Output, base_url: &str) -> usize {
    let files = out.html_files();
    let mut checked = 0;
    for file in &files {
        let page = out.page(file);
        for element in page.select("[href], [src]") {
            let url = element
                .value()
                .attr("href")
                .or_else(|| element.value().attr("src"))
                .unwrap();
            if element.value().attr("rel") == Some("canonical") {
                assert!(
                    url.starts_with(base_url),
                    "{file}: canonical {url} is not under {base_url}"
                );
                continue;
            }
            let internal = if file == "404.html" && !url.starts_with('#') {
                let Some(rest) = url.strip_prefix(base_url) else {
                    assert!(
                        url.contains("://"),
                        "{file}: {url} is neither under {base_url} nor external"
                    );
                    continue;
                };
                format!("/{rest}")
            } else if url.contains("://") || url.starts_with("mailto:") {
                continue;
            } else {
                url.to_string()
            };
            let (path, fragment) = match internal.split_once('#') {
                Some((path, fragment)) => (path.to_string(), Some(fragment.to_string())),
                None => (internal.clone(), None),
            };
            let target = if path.is_empty() {
                PathBuf::from(file)
            } else if let Some(from_root) = path.strip_prefix('/') {
                PathBuf::from(from_root)
            } else {
                resolve(file, &path)
            };
            assert!(
                out.dir.join(&target).is_file(),
                "{file}: {url} points at a missing file"
            );
            if let Some(fragment) = fragment {
                let target = target.to_string_lossy().replace('\\', "/");
                let ids: BTreeSet<String> = if target == *file {
                    page.ids().into_iter().collect()
                } else {
                    out.page(&target).ids().into_iter().collect()
                };
                assert!(
                    ids.contains(&fragment),
                    "{file}: no #{fragment} in {target}"
                );
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_link_resolves_to_a_file_and_anchor() {
    let (_site, out) = fixture();
    let checked = check_links(&out, BASE_URL);
    assert!(checked > 50, "only {checked} links were checked");
}

#[test]
fn links_resolve_under_a_project_path_prefix() {
    let site = Site::fixture("basic");
    let out = site.built(&["--base-url", "/cx-journeys/"]);
    assert!(check_links(&out, "/cx-journeys/") > 50);
    assert_eq!(
        out.page("404.html")
            .attrs("head link[rel=stylesheet]", "href"),
        ["/cx-journeys/assets/style.css"]
    );
}

#[test]
fn links_resolve_in_the_bundled_site_and_the_i18n_fixture() {
    let bundled = Site::empty();
    common::copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &bundled.dir(),
    );
    assert!(check_links(&bundled.built(&[]), "/") > 100);
    assert!(check_links(&Site::fixture("i18n").built(&[]), "/") > 20);
}

#[test]
fn links_resolve_across_the_pages_of_long_lists() {
    let site = common::site_with_long_lists(250);
    let out = site.built(&["--base-url", "/project/"]);
    assert!(check_links(&out, "/project/") > 0);
}

#[test]
fn links_resolve_in_a_site_with_snapshots_under_a_project_path() {
    let site = Site::fixture("releases");
    let out = site.built(&["--base-url", "https://cx.example.com/acme/"]);
    assert!(out.path("releases/2026-Q1/journeys/buy.html").is_file());
    assert!(check_links(&out, "https://cx.example.com/acme/") > 50);
}

#[test]
fn every_page_has_a_title_and_one_h1() {
    let (_site, out) = fixture();
    let pages: Vec<Page> = out.html_files().iter().map(|f| out.page(f)).collect();
    for page in &pages {
        assert_eq!(page.select("h1").len(), 1, "{}", page.path);
        assert_eq!(page.select("html[lang=en]").len(), 1, "{}", page.path);
    }
    let title = |file: &str| {
        pages
            .iter()
            .find(|p| p.path == file)
            .unwrap()
            .texts("head > title")
    };
    assert_eq!(title("index.html"), ["Acme Home — customer journeys"]);
    assert_eq!(
        title("journeys/store-advice-blueprint.html"),
        ["Advice in the store · Acme Home — customer journeys"]
    );
}

#[test]
fn long_page_titles_drop_the_site_name() {
    let site = Site::minimal();
    site.journey(
        "buy",
        &common::MINIMAL_JOURNEY.replace(
            "title: Buying online",
            "title: Buying a quiet humidifier for a child's bedroom online before winter",
        ),
    );
    let out = site.built(&[]);
    assert_eq!(
        out.page("journeys/buy.html").texts("head > title"),
        ["Buying a quiet humidifier for a child's bedroom online before winter"]
    );
    assert_eq!(
        out.page("personas/anna.html").texts("head > title"),
        ["Anna · Minimal"]
    );
}
