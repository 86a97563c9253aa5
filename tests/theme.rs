//! Templates of the site and themes. A template is looked up in the site's own
//! `templates/` folder (next to site.yaml), then in the theme folder named by `theme:`,
//! then in the built-in theme; the site's folder can also add templates that others
//! include. Errors in a site template are located in its file.
//!
//! `waymark theme eject DIR` copies the built-in theme into DIR; used with `theme:`, the
//! copy builds exactly the pages the built-in theme builds.

mod common;

use common::{Run, Site};
use std::fs;

/// A persona page that says where it came from, and uses the built-in base layout.
const PERSONA_OVERRIDE: &str = r#"{% extends "base.html" %}
{% block content %}<h1>{{ persona.name }}</h1><p class="origin">site template</p>{% endblock %}
"#;

#[test]
fn a_site_template_replaces_one_built_in_template() {
    let site = Site::minimal();
    site.write("templates/persona.html", PERSONA_OVERRIDE);
    let run = site.build(&[]);
    run.success();
    // The folder is not content: nothing is said about it.
    assert!(!run.stderr.contains("templates"), "{}", run.stderr);
    let out = common::Output::at(site.out());
    let persona = out.page("personas/anna.html");
    assert_eq!(persona.texts("p.origin"), ["site template"]);
    assert_eq!(persona.texts("h1"), ["Anna"]);
    // The base layout and every other page still come from the built-in theme.
    persona.one("header");
    let journey = out.page("journeys/buy.html");
    journey.one("table.journey-map");
    assert!(journey.select("p.origin").is_empty());
}

#[test]
fn a_site_template_can_add_a_template_to_include() {
    let site = Site::minimal();
    site.write(
        "templates/404.html",
        "<p>Lost.</p>{% include \"help.html\" %}",
    );
    site.write(
        "templates/help.html",
        "<p class=\"help\">Ask the CX team in #cx-journeys.</p>",
    );
    let out = site.built(&[]);
    assert_eq!(
        out.read("404.html"),
        "<p>Lost.</p><p class=\"help\">Ask the CX team in #cx-journeys.</p>"
    );
}

#[test]
fn site_templates_come_first_then_the_theme_then_the_built_in_theme() {
    let site = Site::minimal();
    site.site_yaml(&format!(
        "{}theme: themes/plain\n",
        common::MINIMAL_SITE_YAML
    ));
    site.write("themes/plain/templates/404.html", "theme 404");
    site.write(
        "themes/plain/templates/pain-points.html",
        "theme pain points",
    );
    site.write("templates/404.html", "site 404");
    let out = site.built(&[]);
    assert_eq!(out.read("404.html"), "site 404");
    assert_eq!(out.read("pain-points.html"), "theme pain points");
    out.page("journeys/buy.html").one("table.journey-map");
}

#[test]
fn an_error_in_a_site_template_is_located_in_its_file() {
    let site = Site::minimal();
    site.write(
        "templates/persona.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ persona.name }\n{% endblock %}\n",
    );
    let run = site.build(&[]);
    run.code(1);
    let located: Vec<String> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity == "error")
        .map(|d| d.location)
        .collect();
    assert_eq!(
        located,
        ["site/templates/persona.html:2:0"],
        "{}",
        run.stderr
    );
}

#[test]
fn eject_writes_the_built_in_theme_and_says_how_to_use_it() {
    let site = Site::minimal();
    let run = site.run(&["theme", "eject", "site/themes/mine"]);
    run.success();
    let mut files: Vec<String> = common::tree(&site.dir().join("themes/mine"))
        .into_keys()
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "static/search.css",
            "static/search.js",
            "static/style.css",
            "templates/404.html",
            "templates/base.html",
            "templates/changes.html",
            "templates/experiments.html",
            "templates/feedback.html",
            "templates/index.html",
            "templates/journey-poster.html",
            "templates/journey.html",
            "templates/journeys.html",
            "templates/macros.html",
            "templates/opportunities.html",
            "templates/pager.html",
            "templates/pain-points.html",
            "templates/persona.html",
            "templates/personas.html",
            "templates/releases.html",
            "templates/search.html",
            "templates/voice.html",
        ]
    );
    let builtin = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/templates/journey.html"
    );
    assert_eq!(
        fs::read(site.dir().join("themes/mine/templates/journey.html")).unwrap(),
        fs::read(builtin).unwrap()
    );
    assert!(
        run.stderr
            .contains("set `theme: themes/mine` in site/site.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_ejected_theme_builds_the_same_site_byte_for_byte() {
    let site = Site::fixture("basic");
    site.build(&[]).success();
    let before = site.out_tree();

    site.run(&["theme", "eject", "site/themes/mine", "--site", "site"])
        .success();
    let yaml = fs::read_to_string(site.dir().join("site.yaml")).unwrap();
    assert!(yaml.contains("\ntheme: default\n"));
    site.site_yaml(&yaml.replace("\ntheme: default\n", "\ntheme: themes/mine\n"));
    site.build(&[]).success();
    let after = site.out_tree();

    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &before {
        if path == "data/site.json" {
            continue;
        }
        assert!(
            after[path] == *bytes,
            "{path} differs with the ejected theme"
        );
    }
    // site.json holds the settings, `theme:` among them; everything else is the same.
    let json = |bytes: &[u8]| -> serde_json::Value {
        let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        value["site"]["theme"] = serde_json::Value::Null;
        value
    };
    assert_eq!(
        json(&before["data/site.json"]),
        json(&after["data/site.json"])
    );
}

#[test]
fn eject_refuses_a_folder_with_files() {
    let site = Site::minimal();
    site.write("themes/mine/notes.txt", "keep me");
    let run = site.run(&["theme", "eject", "site/themes/mine"]);
    run.code(2);
    assert!(
        run.stderr.contains("site/themes/mine is not empty"),
        "{}",
        run.stderr
    );
    assert_eq!(
        common::tree(&site.dir().join("themes/mine"))
            .into_keys()
            .collect::<Vec<_>>(),
        ["notes.txt"]
    );
}

#[test]
fn a_theme_ejected_outside_the_site_must_be_moved_into_it() {
    let site = Site::minimal();
    let run = site.run(&["theme", "eject", "outside", "--site", "site"]);
    run.success();
    assert!(site.root().join("outside/templates/base.html").is_file());
    assert!(
        run.stderr.contains("move it into a site folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn eject_with_a_site_that_is_not_one_writes_nothing() {
    let site = Site::minimal();
    let run = site.run(&["theme", "eject", "mine", "--site", "nowhere"]);
    run.code(2);
    assert!(
        run.stderr.contains("no site.yaml in nowhere"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("mine").exists());
}

#[test]
fn eject_inside_a_site_folder_finds_the_site() {
    let site = Site::minimal();
    let run =
        Run::of(
            site.command()
                .current_dir(site.dir())
                .args(["theme", "eject", "themes/mine"]),
        );
    run.success();
    assert!(
        run.stderr.contains("set `theme: themes/mine` in site.yaml"),
        "{}",
        run.stderr
    );
}

/// A linked folder could pull any file of the machine into the pages, as it can for a
/// theme folder.
#[cfg(unix)]
#[test]
fn a_linked_templates_folder_is_refused() {
    let site = Site::minimal();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("404.html"), "from elsewhere").unwrap();
    std::os::unix::fs::symlink(outside.path(), site.dir().join("templates")).unwrap();
    let run = site.build(&[]);
    run.code(1);
    let d = run.diagnostic("site/templates");
    assert_eq!(d.message, "symbolic links are not read from themes");
}

#[test]
fn check_finds_errors_in_the_template_of_every_page_kind() {
    for template in [
        "index.html",
        "persona.html",
        "journey.html",
        "pain-points.html",
        "opportunities.html",
        "404.html",
    ] {
        let site = Site::minimal();
        site.write(
            &format!("templates/{template}"),
            "{% extends \"base.html\" %}\n{% block content %}{{ nothing | no_such_filter }}{% endblock %}\n",
        );
        let run = site.check(&[]);
        run.code(1);
        assert!(
            run.diagnostics().iter().any(|d| d
                .location
                .starts_with(&format!("site/templates/{template}:"))),
            "{template}: {}",
            run.stderr
        );
    }
}

/// The code blocks of the README section `### Overriding single templates`, in order.
fn readme_override_example() -> Vec<String> {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("### Overriding single templates")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .expect("the README section");
    section
        .split("```html\n")
        .skip(1)
        .map(|block| block.split("```").next().unwrap().to_string())
        .collect()
}

#[test]
fn the_readme_override_example_adds_its_note_and_keeps_every_section() {
    let site = Site::fixture("basic");
    let yaml = fs::read_to_string(site.dir().join("site.yaml")).unwrap();
    site.site_yaml(&format!("{yaml}repo_url: https://github.com/acme/cx\n"));
    let before = site.built(&[]).page("personas/anna.html");
    let blocks = readme_override_example();
    assert_eq!(
        blocks.len(),
        2,
        "the README shows the override and its include"
    );
    site.write("templates/persona.html", &blocks[0]);
    site.write("templates/research-note.html", &blocks[1]);
    let after = site.built(&[]).page("personas/anna.html");

    let note = after.one("p.note");
    assert_eq!(
        common::text(note),
        "Personas are reviewed every quarter with the research team."
    );
    // The note sits under the title, and the rest of the page is the built-in one.
    for part in [
        "nav.breadcrumbs",
        "h1",
        "p.lead",
        "blockquote.quote",
        "section.profile",
        "section[aria-labelledby=persona-journeys] table",
        "section[aria-labelledby=emotions] svg",
        "section[aria-labelledby=about]",
        "p.edit a",
    ] {
        assert_eq!(
            after.select(part).len(),
            before.select(part).len(),
            "{part} changed"
        );
        assert!(!after.select(part).is_empty(), "{part} is missing");
    }
    let html = after.text();
    let title_at = html.find("Anna").unwrap();
    assert!(html.find("Personas are reviewed").unwrap() > title_at);
}

#[test]
fn an_override_can_wrap_a_block_of_its_built_in_page() {
    let site = Site::minimal();
    site.write(
        "templates/journey.html",
        r#"{% extends "default/journey.html" %}
{% block funnel %}<p class="before-funnel">Read with care.</p>{{ super() }}{% endblock %}
{% block footer %}<footer class="custom">Acme CX</footer>{% endblock %}
"#,
    );
    let page = site.built(&[]).page("journeys/buy.html");
    page.one("p.before-funnel");
    page.one("section[aria-labelledby=funnel]");
    page.one("footer.custom");
    page.one("section[aria-labelledby=map]");
}
