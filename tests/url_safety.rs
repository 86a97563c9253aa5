//! Addresses from input never run script: `repo_url`, `base_url` and `--base-url` accept
//! only web addresses (and, for the base, a path from the root), read as browsers read
//! schemes; links and images in Markdown and in the stored HTML of release snapshots
//! keep only web, `mailto:` and relative addresses; every attribute a browser follows on
//! every page passes the same rule.

mod common;

use common::{build_error, Output, Site, MINIMAL_SITE_YAML};

/// Schemes that run script or load data, written as an attacker would: in any case, with
/// spaces, control characters, tabs and line breaks that browsers ignore.
const HOSTILE: &[&str] = &[
    "javascript:window.__x=1;0//x",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\\u0001javascript:alert(1)",
    "java\\tscript:alert(1)",
    "java\\nscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "file:///etc/passwd",
];

/// Every address-valued attribute of every page, with the page it is on.
fn addresses(out: &Output) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for path in out.html_files() {
        let page = out.page(&path);
        for attr in ["href", "src", "action", "xlink:href", "formaction"] {
            for value in page.attrs(&format!("[{}]", attr.replace(':', "\\:")), attr) {
                found.push((path.clone(), value));
            }
        }
    }
    found
}

/// The scheme a browser would see in `url`, lowercased, if it has one.
fn scheme(url: &str) -> Option<String> {
    let seen: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (name, _) = seen.split_once(':')?;
    let mut chars = name.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
    .then(|| name.to_ascii_lowercase())
}

fn assert_only_safe_addresses(out: &Output) {
    let addresses = addresses(out);
    assert!(!addresses.is_empty());
    for (page, url) in addresses {
        if let Some(scheme) = scheme(&url) {
            assert!(
                ["http", "https", "mailto"].contains(&scheme.as_str()),
                "{page}: `{url}`"
            );
        }
    }
}

/// The minimal site.yaml without its `base_url`, so a test can set its own.
fn yaml() -> String {
    MINIMAL_SITE_YAML.replace("base_url: /\n", "")
}

/// [`yaml`] with `key` set to `value` on its last line, as a double-quoted YAML scalar.
fn yaml_with(key: &str, value: &str) -> String {
    format!("{}{key}: \"{value}\"\n", yaml())
}

#[test]
fn a_repo_url_that_is_not_a_web_address_is_an_error_at_its_line() {
    for url in HOSTILE {
        let run = build_error(&Site::minimal(), |site| {
            site.site_yaml(&yaml_with("repo_url", url));
        });
        let line = yaml().lines().count() + 1;
        let d = run.diagnostic(&format!("site/site.yaml:{line}:11"));
        assert!(
            d.message.starts_with("`repo_url`: ")
                && d.message.contains("addresses are not allowed"),
            "{url}: {}",
            d.message
        );
        assert!(d.hint.unwrap().contains("https://"));
    }
}

#[test]
fn a_base_url_that_is_neither_an_address_nor_a_path_is_an_error_at_its_line() {
    for url in HOSTILE
        .iter()
        .chain(&["//evil.example/", "/\\\\evil.example/", "cx/"])
    {
        let run = build_error(&Site::minimal(), |site| {
            site.site_yaml(&yaml_with("base_url", url));
        });
        let line = yaml().lines().count() + 1;
        let d = run.diagnostic(&format!("site/site.yaml:{line}:11"));
        assert!(
            d.message.starts_with("`base_url`: "),
            "{url}: {}",
            d.message
        );
    }
}

#[test]
fn both_bad_addresses_are_reported_in_one_run() {
    let run = build_error(&Site::minimal(), |site| {
        site.site_yaml(&format!(
            "{}base_url: \"javascript:alert(1)\"\nrepo_url: \"data:text/html,x\"\n",
            yaml()
        ));
    });
    let keys: Vec<String> = run
        .diagnostics()
        .iter()
        .map(|d| d.message.split(':').next().unwrap().to_string())
        .collect();
    assert_eq!(keys, ["`base_url`", "`repo_url`"]);
}

#[test]
fn a_base_url_option_that_is_not_an_address_is_a_usage_error() {
    let site = Site::minimal();
    for url in [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:,x",
        "//evil.example/",
    ] {
        let run = site.build(&["--base-url", url]);
        run.code(2);
        assert!(run.stderr.contains("--base-url"), "{}", run.stderr);
        assert!(!site.out().exists());
    }
}

#[test]
fn web_addresses_and_paths_still_build_and_reach_the_pages() {
    let site = Site::minimal();
    site.site_yaml(&format!(
        "{}base_url: \"/cx/\"\nrepo_url: \"https://github.com/acme/cx\"\n",
        yaml()
    ));
    let out = site.built(&["--base-url", "https://acme.github.io/cx/"]);
    let page = out.page("journeys/buy.html");
    let edit = page.attrs("p.edit a", "href");
    assert_eq!(edit.len(), 1);
    assert!(edit[0].starts_with("https://github.com/acme/cx/edit/main/"));
    assert!(out
        .read("sitemap.xml")
        .contains("<loc>https://acme.github.io/cx/"));
    assert_only_safe_addresses(&out);
}

#[test]
fn markdown_links_and_images_keep_only_safe_addresses() {
    let site = Site::minimal();
    let mut body = String::from(
        "\n[safe](https://example.com/) [mail](mailto:cx@example.com) [page](../index.html)\n\n",
    );
    for (i, url) in HOSTILE.iter().enumerate() {
        let url = url
            .replace("\\u0001", "\u{1}")
            .replace("\\t", "\t")
            .replace("\\n", "&#10;");
        body.push_str(&format!(
            "[link {i}](<{url}>) ![image {i}](<{url}>)\n<a href=\"{url}\">raw {i}</a> <img src=\"{url}\" alt=\"\">\n<svg><a xlink:href=\"{url}\">svg {i}</a></svg>\n<form action=\"{url}\"><button formaction=\"{url}\">go</button></form>\n\n"
        ));
    }
    let journey = common::MINIMAL_JOURNEY.to_string() + &body;
    site.journey("buy", &journey);
    let out = site.built(&[]);
    assert_only_safe_addresses(&out);
    let page = out.page("journeys/buy.html");
    let hrefs = page.attrs(".prose a[href]", "href");
    assert!(
        hrefs.contains(&"https://example.com/".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"mailto:cx@example.com".to_string()),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"../index.html".to_string()), "{hrefs:?}");
}

/// The releases fixture with `payload` in the stored HTML of its snapshot's persona.
fn snapshot_with_stored_html(payload: &str) -> Site {
    let site = Site::fixture("releases");
    let path = site.dir().join("releases/2026-Q1.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let stored = "<p>Anna buys online.</p>\\n";
    assert!(text.contains(stored));
    let escaped = serde_json::to_string(payload).unwrap();
    let text = text.replace(stored, &escaped[1..escaped.len() - 1]);
    std::fs::write(&path, text).unwrap();
    site
}

const STORED_PAYLOAD: &str = "<p>Stored</p><img src=x onerror=\"window.__x=1\"><script>window.__y=1</script><a href=\"javascript:window.__z=1\">click</a><a href=\"https://example.com/\" onclick=\"x()\">web</a>";

#[test]
fn stored_html_of_a_snapshot_is_sanitized_again_when_read() {
    let site = snapshot_with_stored_html(STORED_PAYLOAD);
    let out = site.built(&[]);
    let frozen = out.read("releases/2026-Q1/personas/anna.html");
    assert!(frozen.contains("<p>Stored</p>"), "the text stays");
    for gone in ["onerror", "<script", "window.__y", "javascript:", "onclick"] {
        assert!(!frozen.contains(gone), "`{gone}` reached the frozen page");
    }
    assert!(frozen.contains("href=\"https://example.com/\""));
    assert_only_safe_addresses(&out);
}

#[test]
fn a_site_with_unsafe_html_keeps_stored_html_as_it_is() {
    let site = snapshot_with_stored_html(STORED_PAYLOAD);
    let yaml = std::fs::read_to_string(site.dir().join("site.yaml")).unwrap();
    site.site_yaml(&format!("{yaml}unsafe_html: true\n"));
    let out = site.built(&[]);
    let frozen = out.read("releases/2026-Q1/personas/anna.html");
    assert!(frozen.contains("onerror=\"window.__x=1\""));
}
