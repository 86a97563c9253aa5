//! Hostile input: content that tries to read or write outside the site and its output
//! folder, to publish files from elsewhere on the machine, or to run script in readers'
//! browsers.
//!
//! - File names and ids are ids (lowercase letters, digits and `-`): `..` is refused.
//! - Symbolic links are never followed inside a site: not for content files, not for the
//!   content folders themselves, not in `static/`, not for `index.md`.
//! - A non-regular file (a named pipe) is refused instead of blocking the build.
//! - `theme:` must name a folder inside the site folder once links are resolved; anything
//!   else is an error at the `theme:` line of site.yaml.
//! - The output folder may not hold the site, lie inside its `static/`, or be a file.
//! - Raw HTML in Markdown passes only with `unsafe_html: true`; YAML text never does.
//!
//! Refused builds exit with 1 and change nothing (see `common::build_error`).

mod common;

use common::{build_error, tree, Run, Site, MINIMAL_JOURNEY};
use std::fs;
use std::time::Duration;

/// Long enough for any build here; a build that blocks or goes quadratic fails instead
/// of hanging the test run.
const TIME_LIMIT: Duration = Duration::from_secs(60);

fn timed_build(site: &Site, args: &[&str]) -> Run {
    let mut cmd = site.command();
    cmd.args(args).timeout(TIME_LIMIT);
    Run::of(&mut cmd)
}

/// A folder outside the site, with a file nobody wants published.
fn secrets() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("waymark-secrets-")
        .tempdir()
        .unwrap();
    fs::write(dir.path().join("secret.md"), "---\nname: TOP-SECRET\n---\n").unwrap();
    fs::write(dir.path().join("buy.md"), MINIMAL_JOURNEY).unwrap();
    fs::create_dir_all(dir.path().join("templates")).unwrap();
    fs::write(dir.path().join("templates/404.html"), "TOP-SECRET").unwrap();
    dir
}

#[test]
fn a_file_stem_of_dots_is_refused() {
    let run = build_error(&Site::minimal(), |site| {
        site.write("journeys/...md", MINIMAL_JOURNEY);
    });
    let d = run.diagnostic("site/journeys/...md");
    assert!(
        d.message
            .starts_with("bad file name: `..` is not a valid id"),
        "{}",
        d.message
    );
}

#[test]
fn ids_in_the_content_that_try_to_escape_are_refused() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "a",
            &MINIMAL_JOURNEY.replace("persona: anna", "persona: ../../etc/passwd"),
        );
        site.journey(
            "b",
            &MINIMAL_JOURNEY.replace(
                "kind: current-state",
                "kind: current-state\ncompare_to: ../buy",
            ),
        );
        site.journey("c", &MINIMAL_JOURNEY.replace("id: search", "id: ../search"));
        site.metrics(
            "buy",
            "period,stage,metric,value,journey\n2026-Q1,search,visitors,1,../buy\n",
        );
    });
    let messages: Vec<(String, String)> = run
        .diagnostics()
        .into_iter()
        .map(|d| (d.location, d.message))
        .collect();
    let expect = |location: &str, start: &str| {
        assert!(
            messages
                .iter()
                .any(|(l, m)| l == location && m.contains(start)),
            "no {location}: …{start}… in {messages:#?}"
        );
    };
    expect(
        "site/journeys/a.md:3:10",
        "`../../etc/passwd` is not a valid id",
    );
    expect("site/journeys/b.md:5:13", "`../buy` is not a valid id");
    expect("site/journeys/c.md:6:9", "`../search` is not a valid id");
    expect("site/metrics/buy.csv:2:27", "no journey `../buy`");
}

#[test]
fn a_yaml_tag_does_not_include_a_file() {
    let outside = secrets();
    let secret = outside.path().join("secret.md");
    let site = Site::minimal();
    site.persona(
        "anna",
        &format!(
            "---\nname: !include {}\nrole: !!binary aGVsbG8=\n---\n",
            secret.display()
        ),
    );
    let out = site.built(&[]);
    let page = out.read("personas/anna.html");
    assert!(page.contains("secret.md"), "the tag's text is the name");
    assert!(!page.contains("TOP-SECRET"), "the file was read");
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_linked_journey_file_is_refused() {
        let outside = secrets();
        let run = build_error(&Site::minimal(), |site| {
            symlink(
                outside.path().join("buy.md"),
                site.dir().join("journeys/other.md"),
            )
            .unwrap();
        });
        let d = run.diagnostic("site/journeys/other.md");
        assert_eq!(d.message, "symbolic links are not read in content folders");
    }

    #[test]
    fn a_linked_journeys_folder_is_refused() {
        let outside = secrets();
        let run = build_error(&Site::minimal(), |site| {
            fs::remove_dir_all(site.dir().join("journeys")).unwrap();
            symlink(outside.path(), site.dir().join("journeys")).unwrap();
        });
        let d = run.diagnostic("site/journeys");
        assert_eq!(d.message, "symbolic links are not read in a site");
    }

    #[test]
    fn a_link_in_static_pointing_outside_is_refused_and_not_copied() {
        let outside = secrets();
        let site = Site::minimal();
        site.write("static/logo.svg", "<svg/>");
        let run = build_error(&site, |site| {
            symlink(
                outside.path().join("secret.md"),
                site.dir().join("static/notes.md"),
            )
            .unwrap();
        });
        let d = run.diagnostic("site/static/notes.md");
        assert_eq!(d.message, "symbolic links are not copied from static/");
        assert!(d.hint.unwrap().contains("copy the file"));
        assert!(tree(&site.out())
            .values()
            .all(|bytes| !String::from_utf8_lossy(bytes).contains("TOP-SECRET")));
    }

    #[test]
    fn a_linked_folder_in_static_is_refused() {
        let outside = secrets();
        let run = build_error(&Site::minimal(), |site| {
            fs::create_dir_all(site.dir().join("static")).unwrap();
            symlink(outside.path(), site.dir().join("static/docs")).unwrap();
        });
        let d = run.diagnostic("site/static/docs");
        assert_eq!(d.message, "symbolic links are not copied from static/");
    }

    #[test]
    fn a_linked_static_folder_is_refused() {
        let outside = secrets();
        let run = build_error(&Site::minimal(), |site| {
            symlink(outside.path(), site.dir().join("static")).unwrap();
        });
        let d = run.diagnostic("site/static");
        assert_eq!(d.message, "symbolic links are not read in a site");
    }

    #[test]
    fn a_linked_index_md_is_refused() {
        let outside = secrets();
        let run = build_error(&Site::minimal(), |site| {
            symlink(
                outside.path().join("secret.md"),
                site.dir().join("index.md"),
            )
            .unwrap();
        });
        let d = run.diagnostic("site/index.md");
        assert_eq!(d.message, "symbolic links are not read in a site");
    }

    #[test]
    fn a_theme_linked_from_outside_the_site_is_refused() {
        let outside = secrets();
        let run = build_error(&Site::minimal(), |site| {
            symlink(outside.path(), site.dir().join("my-theme")).unwrap();
            site.site_yaml(&format!("{}theme: my-theme\n", common::MINIMAL_SITE_YAML));
        });
        let d = run.diagnostic("site/site.yaml:6:8");
        assert_eq!(d.message, "theme `my-theme` is outside the site folder");
    }

    #[test]
    fn a_linked_templates_folder_in_a_theme_is_refused() {
        let outside = secrets();
        let run = build_error(&Site::minimal(), |site| {
            fs::create_dir_all(site.dir().join("my-theme")).unwrap();
            symlink(
                outside.path().join("templates"),
                site.dir().join("my-theme/templates"),
            )
            .unwrap();
            site.site_yaml(&format!("{}theme: my-theme\n", common::MINIMAL_SITE_YAML));
        });
        let d = run.diagnostic("site/my-theme/templates");
        assert_eq!(d.message, "symbolic links are not read from themes");
    }

    #[test]
    fn a_named_pipe_in_journeys_is_refused_without_blocking() {
        let site = Site::minimal();
        site.build(&[]).success();
        let before = site.out_tree();
        let pipe = site.dir().join("journeys/pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
        let run = timed_build(&site, &["build", "site", "-o", "public"]);
        run.code(1);
        let d = run.diagnostic("site/journeys/pipe.md");
        assert_eq!(d.message, "not a regular file");
        assert!(site.out_tree() == before);
    }
}

#[test]
fn a_theme_path_leaving_the_site_is_refused_at_the_theme_line() {
    for theme in ["../../etc", "../public", "/etc"] {
        let run = build_error(&Site::minimal(), |site| {
            fs::create_dir_all(site.root().join("public")).unwrap();
            site.site_yaml(&format!(
                "title: Minimal\ntheme: {theme}\nmetrics:\n  visitors: {{ label: Visitors, funnel: true }}\n  csat: {{ label: CSAT, min: 1, max: 5 }}\n"
            ));
        });
        let d = run.diagnostic("site/site.yaml:2:8");
        assert_eq!(
            d.message,
            format!("theme `{theme}` is outside the site folder"),
            "theme: {theme}"
        );
        assert_eq!(
            d.source.as_deref(),
            Some(format!("theme: {theme}").as_str())
        );
        assert!(d.hint.unwrap().contains("inside the site folder"));
    }
}

#[test]
fn a_missing_theme_is_reported_at_the_theme_line() {
    let run = build_error(&Site::minimal(), |site| {
        site.site_yaml(&format!("{}theme: nowhere\n", common::MINIMAL_SITE_YAML));
    });
    let d = run.diagnostic("site/site.yaml:6:8");
    assert!(
        d.message
            .starts_with("theme `nowhere` is neither `default` nor a folder"),
        "{}",
        d.message
    );
}

#[test]
fn a_theme_inside_the_site_is_used() {
    let site = Site::minimal();
    site.site_yaml(&format!(
        "{}theme: themes/plain\n",
        common::MINIMAL_SITE_YAML
    ));
    site.write("themes/plain/templates/404.html", "Lost? plain-theme-404");
    site.write("themes/plain/static/extra.css", "p { color: teal }");
    let out = site.built(&[]);
    assert_eq!(out.read("404.html"), "Lost? plain-theme-404");
    assert_eq!(out.read("assets/extra.css"), "p { color: teal }");
}

/// Builds `site` into `public/`, then runs `args`, which must be refused with `message`
/// at `location`, leaving every file under the temporary folder as it was.
fn refused_output(site: &Site, args: &[&str], location: &str, message: &str) {
    site.build(&[]).success();
    let before = tree(site.root());
    let run = timed_build(site, args);
    run.code(1);
    let d = run.diagnostic(location);
    assert!(d.message.starts_with(message), "{}", d.message);
    assert!(
        tree(site.root()) == before,
        "a refused build changed files: {:?}",
        tree(site.root()).keys().collect::<Vec<_>>()
    );
}

#[test]
fn an_output_folder_that_holds_the_site_is_refused() {
    let site = Site::minimal();
    refused_output(
        &site,
        &["build", "site", "-o", "."],
        ".",
        "refusing to replace .: it holds the site being built",
    );
    refused_output(
        &site,
        &["build", "site", "-o", "site"],
        "site",
        "refusing to replace site: it holds the site being built",
    );
}

#[test]
fn an_output_folder_inside_static_is_refused() {
    let site = Site::minimal();
    site.write("static/logo.svg", "<svg/>");
    refused_output(
        &site,
        &["build", "site", "-o", "site/static/out"],
        "site/static/out",
        "refusing to write into site/static/out: it is inside the static/ folder of the site",
    );
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let site = Site::minimal();
    fs::write(site.root().join("notes.txt"), "keep me").unwrap();
    refused_output(
        &site,
        &["build", "site", "-o", "notes.txt"],
        "notes.txt",
        "notes.txt exists and is not a folder",
    );
    assert_eq!(
        fs::read_to_string(site.root().join("notes.txt")).unwrap(),
        "keep me"
    );
}

/// A journey whose narrative holds raw HTML, and a title that looks like HTML.
fn site_with_raw_html(unsafe_html: bool) -> Site {
    let site = Site::minimal();
    site.site_yaml(&format!(
        "{}unsafe_html: {unsafe_html}\n",
        common::MINIMAL_SITE_YAML
    ));
    site.journey(
        "buy",
        &MINIMAL_JOURNEY
            .replace("title: Buying online", "title: '<b>bold-title</b>'")
            .replace(
                "Notes from the interviews.",
                "<div class=\"callout\">raw-div</div>\n\n<script>alert('raw-script')</script>\n\nText <img src=x onerror=\"alert('raw-img')\"> <iframe src=\"https://evil.example\"></iframe>",
            ),
    );
    site
}

#[test]
fn raw_html_is_sanitized_by_default() {
    let site = site_with_raw_html(false);
    let out = site.built(&[]);
    let html = out.read("journeys/buy.html");
    for gone in [
        "<script",
        "raw-script",
        "onerror",
        "<iframe",
        "evil.example",
    ] {
        assert!(!html.contains(gone), "{gone} passed the sanitizer");
    }
    let page = out.page("journeys/buy.html");
    assert!(page.texts(".prose").join(" ").contains("raw-div"));
    assert!(html.contains("&lt;b&gt;bold-title"));
}

#[test]
fn raw_html_passes_only_with_unsafe_html() {
    let site = site_with_raw_html(true);
    let out = site.built(&[]);
    let html = out.read("journeys/buy.html");
    for kept in [
        "<div class=\"callout\">raw-div</div>",
        "<script>alert('raw-script')</script>",
        "onerror=\"alert('raw-img')\"",
        "<iframe src=\"https://evil.example\">",
    ] {
        assert!(html.contains(kept), "{kept} was changed");
    }
    // The option is about Markdown: text from YAML is escaped all the same.
    assert!(!html.contains("<b>bold-title</b>"));
    assert!(html.contains("&lt;b&gt;bold-title"));
}

#[test]
fn many_headings_and_footnotes_sharing_a_slug_build_in_linear_time() {
    // 20,000 headings with one text and 20,000 footnote labels with one slug (`n`): each
    // new one must not test every number already taken.
    let marks = ['!', '?', '.', ',', ';', ':', '\'', '(', ')', '+'];
    let label = |mut i: usize| {
        let mut label = String::from("n");
        for _ in 0..5 {
            label.push(marks[i % 10]);
            i /= 10;
        }
        label
    };
    let mut body = String::new();
    for i in 0..20_000 {
        body.push_str(&format!("## Notes\n\nSaid so.[^{}]\n\n", label(i)));
    }
    for i in 0..20_000 {
        body.push_str(&format!("[^{}]: Interview {i}.\n", label(i)));
    }
    let site = Site::minimal();
    site.journey(
        "buy",
        &MINIMAL_JOURNEY.replace("Notes from the interviews.", &body),
    );
    timed_build(&site, &["build", "site", "-o", "public"]).success();
    let html = fs::read_to_string(site.out().join("journeys/buy.html")).unwrap();
    assert!(html.contains("id=\"notes-19999\""));
    assert!(
        html.contains("journey-buy-fn-n-20000"),
        "the last footnote key"
    );
}

#[test]
fn a_csv_header_of_many_columns_is_checked_in_linear_time() {
    // Each reported column is located by scanning the header from its start: repeated
    // or unknown columns past the first few must not each scan it again.
    let columns = 200_000;
    let site = Site::minimal();
    let metrics = format!(
        "period,stage,metric,value{}\n2026-Q1,search,visitors,1000\n",
        ",stage".repeat(columns)
    );
    site.metrics("buy", &metrics);
    let feedback = format!(
        "stage,date,text{}\nsearch,2026-03-01,Fine\n",
        ",extra".repeat(columns)
    );
    site.write("feedback/buy.csv", &feedback);
    let run = timed_build(&site, &["check", "site"]);
    run.code(1);
    assert!(
        run.stderr.contains("too many errors (100); stopping"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "this column and {} more are not read",
            columns - 11
        )),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("is not read").count(), 10);
}

/// Whether `text` holds a character a terminal acts on (but tab and line feed).
fn has_terminal_controls(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

#[test]
fn terminal_escapes_in_content_are_never_printed_as_they_are() {
    // Clear the screen, set the window title, and reverse the text direction.
    let run = build_error(&Site::minimal(), |site| {
        site.metrics(
            "buy",
            "period,stage,metric,value\n2026-Q1,\u{1b}[2J\u{1b}]0;owned\u{7}search,visitors,1\n2026-Q1,purchase,\u{202e}visitors,2\n",
        );
        site.persona("anna", "---\nname: Anna\nrole: \u{9b}31m\n---\n");
    });
    assert!(!has_terminal_controls(&run.stderr), "{:?}", run.stderr);
    let d = run.diagnostic("site/metrics/buy.csv:2:9");
    assert_eq!(
        d.message,
        "no stage `\\x1b[2J\\x1b]0;owned\\x07search` in journey `buy`"
    );
    assert_eq!(
        d.source.as_deref(),
        Some("2026-Q1,\\x1b[2J\\x1b]0;owned\\x07search,visitors,1")
    );
    let d = run.diagnostic("site/metrics/buy.csv:3:18");
    assert!(d.message.contains("`\\u{202e}visitors`"), "{}", d.message);
    let d = run.diagnostic("site/personas/anna.md:3:7");
    assert!(d.message.contains("U+009B"), "{}", d.message);
    let check = site_check_stderr(|site| {
        site.metrics(
            "buy",
            "period,stage,metric,value\n2026-Q1,\u{1b}[2Jx,visitors,1\n",
        );
    });
    assert!(!has_terminal_controls(&check), "{check:?}");
}

/// The stderr of `waymark check` on the minimal site after `breakage`.
fn site_check_stderr(breakage: impl FnOnce(&Site)) -> String {
    let site = Site::minimal();
    breakage(&site);
    let run = site.check(&[]);
    run.code(1);
    run.stderr
}

#[test]
fn a_merge_key_cannot_add_a_metric_and_a_repeated_one_cannot_replace_it() {
    for metrics in [
        "  <<: { csat: { label: Sneaked in, unit: count } }\n",
        "  csat: { label: Replaced, unit: count, funnel: true }\n",
    ] {
        let run = build_error(&Site::minimal(), |site| {
            site.site_yaml(&format!("{}{metrics}", common::MINIMAL_SITE_YAML));
        });
        let d = run.diagnostic("site/site.yaml:6:3");
        assert!(
            d.message.starts_with("merge keys") || d.message.starts_with("duplicate key `csat`"),
            "{}",
            d.message
        );
    }
}
