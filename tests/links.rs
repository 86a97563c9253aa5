//! How the pages hang together: links between pages are relative and every one of them
//! resolves to an existing file and anchor; every page has a language, a title and one
//! `h1`.
//!
//! The site is tests/fixtures/basic.

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

#[test]
fn every_relative_link_resolves_to_a_file_and_anchor() {
    let (_site, out) = fixture();
    let files = out.html_files();
    let mut checked = 0;
    for file in &files {
        if file == "404.html" {
            continue;
        }
        let page = out.page(file);
        for (element, url) in page
            .select("a[href], link[href]")
            .into_iter()
            .filter_map(|e| e.value().attr("href").map(|h| (e, h)))
        {
            if element.value().attr("rel") == Some("canonical") || url.contains("://") {
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (url, None),
            };
            let target = if path.is_empty() {
                PathBuf::from(file)
            } else {
                resolve(file, path)
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
                assert!(ids.contains(fragment), "{file}: no #{fragment} in {target}");
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links were checked");
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
