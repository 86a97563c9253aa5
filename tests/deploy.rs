//! Publishing the built site: the files `waymark build` writes, static files copied as
//! they are, `.nojekyll` for GitHub Pages, the 404 page, the sitemap, and how `base_url`
//! (from site.yaml or `--base-url`) makes URLs and canonical links absolute; with a path
//! alone for `base_url`, no sitemap (it needs whole addresses) and a note that says so.
//!
//! The site is tests/fixtures/basic, whose base_url is `common::BASE_URL`.

mod common;

use common::{fixture, Site, BASE_URL};

#[test]
fn writes_every_expected_file() {
    let (_site, out) = fixture();
    for file in [
        "index.html",
        "personas/anna.html",
        "personas/marco.html",
        "journeys/buying-online-current.html",
        "journeys/buying-online-future.html",
        "journeys/store-advice-blueprint.html",
        "pain-points.html",
        "opportunities.html",
        "404.html",
        "sitemap.xml",
        "data/site.json",
        ".nojekyll",
        "assets/style.css",
        "static/logo.svg",
    ] {
        assert!(
            out.path(file).is_file(),
            "{file} is missing; files: {:?}",
            out.files()
        );
    }
}

#[test]
fn reports_what_it_built() {
    let site = Site::fixture("basic");
    let run = site.build(&[]);
    run.success();
    assert!(
        run.stderr.contains("built 3 journeys and 2 personas"),
        "{}",
        run.stderr
    );
}

#[test]
fn static_files_are_copied_as_they_are() {
    let (site, out) = fixture();
    let original = std::fs::read(site.dir().join("static/logo.svg")).unwrap();
    assert_eq!(
        std::fs::read(out.path("static/logo.svg")).unwrap(),
        original
    );
}

#[test]
fn nojekyll_is_written_for_github_pages() {
    let (_site, out) = fixture();
    assert_eq!(std::fs::read(out.path(".nojekyll")).unwrap(), b"");
}

#[test]
fn not_found_page_uses_base_url_for_assets_and_links() {
    let (_site, out) = fixture();
    let page = out.page("404.html");
    assert_eq!(
        page.attrs("head link[rel=stylesheet]", "href"),
        [format!("{BASE_URL}assets/style.css")]
    );
    assert_eq!(
        page.attrs("nav a", "href"),
        [
            format!("{BASE_URL}index.html"),
            format!("{BASE_URL}pain-points.html"),
            format!("{BASE_URL}opportunities.html"),
        ]
    );
}

#[test]
fn not_found_page_uses_a_path_base_url_too() {
    let site = Site::fixture("basic");
    let out = site.built(&["--base-url", "/acme-cx/"]);
    let page = out.page("404.html");
    assert_eq!(
        page.attrs("head link[rel=stylesheet]", "href"),
        ["/acme-cx/assets/style.css"]
    );
    assert_eq!(page.attrs("main a", "href"), ["/acme-cx/index.html"]);
}

/// The `<loc>`s of a sitemap, sorted (the order of a sitemap carries no meaning).
fn sitemap_locs(xml: &str) -> Vec<String> {
    let mut locs: Vec<String> = xml
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().to_string())
        .collect();
    locs.sort();
    locs
}

fn expected_locs(base: &str) -> Vec<String> {
    [
        "index.html",
        "journeys/buying-online-current-poster.html",
        "journeys/buying-online-current.html",
        "journeys/buying-online-future-poster.html",
        "journeys/buying-online-future.html",
        "journeys/store-advice-blueprint-poster.html",
        "journeys/store-advice-blueprint.html",
        "opportunities.html",
        "pain-points.html",
        "personas.html",
        "personas/anna.html",
        "personas/marco.html",
    ]
    .iter()
    .map(|p| format!("{base}{p}"))
    .collect()
}

#[test]
fn sitemap_has_absolute_urls_from_base_url() {
    let (_site, out) = fixture();
    let xml = out.read("sitemap.xml");
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{xml}"
    );
    assert!(xml.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    // Every page but the 404 page.
    assert_eq!(sitemap_locs(&xml), expected_locs(BASE_URL));
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let site = Site::fixture("basic");
    let out = site.built(&["--base-url", "https://preview.example.org/pr-7/"]);
    assert_eq!(
        sitemap_locs(&out.read("sitemap.xml")),
        expected_locs("https://preview.example.org/pr-7/")
    );
    assert_eq!(
        out.page("journeys/buying-online-current.html")
            .attrs("link[rel=canonical]", "href"),
        ["https://preview.example.org/pr-7/journeys/buying-online-current.html"]
    );
    assert_eq!(
        out.page("404.html")
            .attrs("head link[rel=stylesheet]", "href"),
        ["https://preview.example.org/pr-7/assets/style.css"]
    );
}

#[test]
fn base_url_without_a_trailing_slash_gives_the_same_urls() {
    let site = Site::fixture("basic");
    let out = site.built(&["--base-url", "https://cx.example.com/acme"]);
    assert_eq!(
        sitemap_locs(&out.read("sitemap.xml")),
        expected_locs(BASE_URL)
    );
}

#[test]
fn canonical_links_are_absolute_when_base_url_is_a_full_url() {
    let (_site, out) = fixture();
    for (file, canonical) in [
        ("index.html", "https://cx.example.com/acme/index.html"),
        (
            "personas/anna.html",
            "https://cx.example.com/acme/personas/anna.html",
        ),
        (
            "journeys/store-advice-blueprint.html",
            "https://cx.example.com/acme/journeys/store-advice-blueprint.html",
        ),
        (
            "pain-points.html",
            "https://cx.example.com/acme/pain-points.html",
        ),
    ] {
        assert_eq!(
            out.page(file).attrs("link[rel=canonical]", "href"),
            [canonical],
            "{file}"
        );
    }
}

#[test]
fn no_canonical_link_when_base_url_is_a_path() {
    let site = Site::fixture("basic");
    let out = site.built(&["--base-url", "/acme-cx/"]);
    for file in out.html_files() {
        assert!(
            out.page(&file).select("link[rel=canonical]").is_empty(),
            "{file} has a canonical link"
        );
    }
}

#[test]
fn a_path_only_base_url_writes_no_sitemap_and_says_why_once() {
    let site = Site::fixture("basic");
    for base in ["/", "/cx/"] {
        let run = site.build(&["--base-url", base]);
        run.success();
        let out = common::Output::at(site.out());
        assert!(
            !out.path("sitemap.xml").exists(),
            "{base}: a sitemap of relative URLs"
        );
        assert_eq!(out.read("robots.txt"), "User-agent: *\nAllow: /\n");
        assert_eq!(
            run.stderr.matches("note: no sitemap.xml").count(),
            1,
            "{}",
            run.stderr
        );
        assert!(run
            .diagnostics()
            .iter()
            .all(|d| !d.message.contains("sitemap")));
    }
    // A note is not a warning: `check --strict` does not fail on it.
    site.site_yaml(
        &std::fs::read_to_string(site.dir().join("site.yaml"))
            .unwrap()
            .replace(BASE_URL, "/cx/"),
    );
    let strict = site.check(&["--strict"]);
    assert!(!strict.stderr.contains("sitemap"), "{}", strict.stderr);
}

#[test]
fn robots_txt_points_at_the_sitemap_when_there_is_one() {
    let (_site, out) = fixture();
    assert_eq!(
        out.read("robots.txt"),
        format!("User-agent: *\nAllow: /\nSitemap: {BASE_URL}sitemap.xml\n")
    );
}

/// What the CI files `init` writes pass as `--base-url`: the address GitHub's
/// configure-pages reports for a user or organisation site (no path) and GitLab's
/// `CI_PAGES_URL` of a project, each with the `/` the files add after it.
#[test]
fn the_addresses_pages_services_report_make_the_absolute_urls() {
    for reported in [
        "https://acme.github.io",
        "https://acme.gitlab.io/cx-journeys",
    ] {
        let base = format!("{reported}/");
        let site = Site::fixture("basic");
        let out = site.built(&["--base-url", &base]);
        assert_eq!(sitemap_locs(&out.read("sitemap.xml")), expected_locs(&base));
        assert_eq!(
            out.page("404.html")
                .attrs("head link[rel=stylesheet]", "href"),
            [format!("{base}assets/style.css")]
        );
    }
}
