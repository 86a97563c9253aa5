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

/// `href` as a path from the site's root, read from the page at `page` (itself a path
/// from the root): relative links are joined and `..` resolved; `None` when it leaves
/// the site.
fn from_root(page: &str, href: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[test]
fn every_page_has_a_search_box_in_its_navigation_that_leads_to_the_results_page() {
    let site = Site::fixture("releases");
    let out = site.built(&[]);
    let pages = out.html_files();
    assert!(pages
        .iter()
        .any(|p| p.starts_with("releases/") && p.matches('/').count() > 1));
    for path in &pages {
        if path == "404.html" {
            // Its links are whole paths from base_url, so it works at any depth.
            continue;
        }
        let page = out.page(path);
        let scripts = page.attrs("script[src]", "src");
        if path == "search.html" {
            assert_eq!(scripts, ["assets/search.js"]);
            // Its own form is the box; the navigation does not repeat it.
            assert!(page.select("nav form").is_empty());
            continue;
        }
        // The box is a plain form: no page but the results page runs a script.
        assert!(scripts.is_empty(), "{path}: {scripts:?}");
        let sheets = page.attrs("nav link[rel=stylesheet]", "href");
        assert_eq!(sheets.len(), 1, "{path}");
        // Frozen pages use the live site's assets and search.
        assert_eq!(
            from_root(path, &sheets[0]).as_deref(),
            Some("assets/search.css"),
            "{path}"
        );
        let action = page.attrs("nav search form[method=get]", "action");
        assert_eq!(action.len(), 1, "{path}: {action:?}");
        assert_eq!(
            from_root(path, &action[0]).as_deref(),
            Some("search.html"),
            "{path}"
        );
        // Without JavaScript the form sends q=… to the results page, which lists everything.
        assert_eq!(page.attrs("nav search input[type=search]", "name"), ["q"]);
        let input = page.attrs("nav search input", "id");
        assert_eq!(page.attrs("nav search label", "for"), input, "{path}");
    }
}

#[test]
fn search_false_leaves_no_box_and_no_script_on_the_pages() {
    let site = Site::fixture("basic");
    let yaml = std::fs::read_to_string(site.dir().join("site.yaml")).unwrap();
    site.site_yaml(&format!("{yaml}\nsearch: false\n"));
    let out = site.built(&[]);
    for path in out.html_files() {
        let page = out.page(&path);
        assert!(
            page.select("search, form[data-search]").is_empty(),
            "{path}"
        );
        assert!(page.attrs("script[src]", "src").is_empty(), "{path}");
        let sheets = page.attrs("link[rel=stylesheet]", "href");
        assert!(sheets.iter().all(|s| !s.contains("search")), "{path}");
    }
}

/// The text of `key` (`search.title`) in the built-in table of `language`.
fn table_text(language: &str, key: &str) -> String {
    let path = format!(
        "{}/src/render/i18n/tables/{language}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let table: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut value = &table;
    for part in key.split('.') {
        value = &value[part];
    }
    value.as_str().unwrap().to_string()
}

#[test]
fn the_search_speaks_the_sites_language() {
    for language in ["ru", "lv"] {
        let site = Site::fixture(language);
        let out = site.built(&[]);
        let page = out.page("search.html");
        assert_eq!(page.texts("h1"), [table_text(language, "search.title")]);
        assert_eq!(
            page.texts("label[for=search-page-q]"),
            [table_text(language, "search.box_label")]
        );
        let index = out.page("index.html");
        assert_eq!(
            index.attrs("nav search input", "placeholder"),
            [table_text(language, "search.title")]
        );
        // The results' words come with the index, in every plural form of the language.
        let manifest = payload(&out.read("search/index.js"), "init");
        let labels = &manifest[0]["labels"];
        assert_eq!(
            labels["label-pain-point"],
            table_text(language, "search.kind_pain_point").as_str()
        );
        assert_eq!(
            labels["count-one"],
            table_text(language, "search.results.one").as_str()
        );
        let plural = if language == "ru" {
            "count-few"
        } else {
            "count-zero"
        };
        assert!(
            labels[plural].as_str().unwrap().contains("{count}"),
            "{language}"
        );
    }
}
