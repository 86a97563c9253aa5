//! The search as a build writes it: the index files, the results page, the assets, and
//! `search: false`.

mod common;

use common::Site;

/// The JSON that an index script hands to `waymarkSearch.<call>(`.
fn payload(text: &str, call: &str) -> serde_json::Value {
    let inner = text
        .strip_prefix(&format!("waymarkSearch.{call}("))
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a {call} script: {text:.80}"));
    serde_json::from_str(&format!("[{inner}]")).unwrap()
}

#[test]
fn a_build_writes_the_index_the_page_and_the_script() {
    let site = Site::fixture("basic");
    let out = site.built(&[]);
    let files = out.files();
    let manifest = payload(&out.read("search/index.js"), "init");
    let manifest = &manifest[0];
    // Every shard and chunk the manifest names is written, and nothing else under search/.
    let mut named: Vec<String> = manifest["shards"]
        .as_object()
        .unwrap()
        .values()
        .map(|entry| format!("search/{}.js", entry[0].as_str().unwrap()))
        .collect();
    named.extend(
        (0..manifest["chunks"].as_array().unwrap().len()).map(|n| format!("search/d-{n}.js")),
    );
    named.push("search/index.js".into());
    named.sort();
    let written: Vec<String> = files
        .iter()
        .filter(|f| f.starts_with("search/"))
        .cloned()
        .collect();
    assert_eq!(written, named);
    // One document per persona and per journey at least, with links into the site.
    let json = out.json();
    let people = json["personas"].as_array().unwrap().len();
    let journeys = json["journeys"].as_array().unwrap().len();
    assert!(manifest["docs"].as_u64().unwrap() as usize > people + journeys);
    let kinds = manifest["kinds"].as_array().unwrap();
    let data = payload(&out.read("search/d-0.js"), "docs");
    for (id, row) in data[2].as_array().unwrap().iter().enumerate() {
        let page = data[1][row[1].as_u64().unwrap() as usize][0]
            .as_str()
            .unwrap();
        assert!(
            files.iter().any(|f| f == page),
            "{page} is no page of the site"
        );
        let kind = kinds
            .iter()
            .rfind(|k| k[1].as_u64().unwrap() as usize <= id)
            .unwrap();
        let anchor = row
            .get(2)
            .and_then(|a| a.as_str())
            .filter(|a| !a.is_empty());
        let anchor = anchor.or(kind[2].as_str()).unwrap_or("");
        if !anchor.is_empty() {
            let ids = out.page(page).ids();
            assert!(ids.iter().any(|i| i == anchor), "{page}: no #{anchor}");
        }
    }
    assert!(files.contains(&"assets/search.js".to_string()));
    assert!(files.contains(&"assets/search.css".to_string()));
    // The page loads the script from the site's root and lists every journey and persona.
    let page = out.page("search.html");
    assert_eq!(page.attrs("script", "src"), ["assets/search.js"]);
    assert_eq!(page.attrs("script", "data-root"), [""]);
    let links = page.attrs("#search-everything a", "href");
    assert_eq!(links.len(), people + journeys);
    for journey in json["journeys"].as_array().unwrap() {
        let href = format!("journeys/{}.html", journey["id"].as_str().unwrap());
        assert!(links.contains(&href), "{href} is not listed");
    }
    // A search page is not content for search engines.
    assert!(!out.read("sitemap.xml").contains("search.html"));
}

#[test]
fn search_false_writes_no_index_no_page_and_no_script() {
    let site = Site::fixture("basic");
    let yaml = std::fs::read_to_string(site.dir().join("site.yaml")).unwrap();
    site.site_yaml(&format!("{yaml}\nsearch: false\n"));
    let out = site.built(&[]);
    let files = out.files();
    let searchy: Vec<&String> = files.iter().filter(|f| f.contains("search")).collect();
    assert!(searchy.is_empty(), "{searchy:?}");
}

#[test]
fn search_must_be_true_or_false() {
    let site = Site::minimal();
    let yaml = std::fs::read_to_string(site.dir().join("site.yaml")).unwrap();
    site.site_yaml(&format!("{yaml}\nsearch: sometimes\n"));
    let run = site.build(&[]);
    run.code(1);
    let diagnostic = run
        .diagnostics()
        .into_iter()
        .find(|d| d.location.starts_with("site/site.yaml:"))
        .unwrap_or_else(|| panic!("no located error: {}", run.stderr));
    assert_eq!(diagnostic.severity, "error");
}

#[test]
fn frozen_releases_have_no_index_of_their_own() {
    let site = Site::fixture("releases");
    let out = site.built(&[]);
    let files = out.files();
    assert!(files
        .iter()
        .any(|f| f.starts_with("releases/") && f.ends_with(".html")));
    let nested: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("releases/") && f.contains("search"))
        .collect();
    assert!(nested.is_empty(), "{nested:?}");
    assert!(files.contains(&"search/index.js".to_string()));
}
