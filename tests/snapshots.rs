//! Release snapshots: `waymark snapshot NAME` freezes the content and its analysis as
//! `releases/NAME.json`, and `build` renders every snapshot as a frozen sub-site beside
//! the live one, with a releases index, what changed between releases, and each journey's
//! history.

mod common;

use common::{Output, Run, Site, MINIMAL_JOURNEY};
use std::fs;

/// Runs `waymark snapshot NAME site` plus `extra`, without `SOURCE_DATE_EPOCH` unless
/// `epoch` is given.
fn snapshot(site: &Site, name: &str, extra: &[&str], epoch: Option<&str>) -> Run {
    let mut cmd = site.command();
    cmd.env_remove("SOURCE_DATE_EPOCH");
    if let Some(epoch) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", epoch);
    }
    cmd.args(["snapshot", name, "site"]).args(extra);
    Run::of(&mut cmd)
}

fn read_snapshot(site: &Site, name: &str) -> serde_json::Value {
    let text = fs::read_to_string(site.dir().join(format!("releases/{name}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The minimal site through three states: frozen as 2026-Q1, changed and frozen as
/// 2026-Q2, then changed again and left live.
fn site_with_history() -> Site {
    let site = Site::minimal();
    site.journey(
        "buy",
        &MINIMAL_JOURNEY.replace(
            "kind: current-state\n",
            "kind: current-state\nupdated: 2026-03-20\n",
        ),
    );
    site.journey(
        "retire",
        "---\ntitle: Retiring the old model\npersona: anna\nkind: current-state\nstages:\n  - { id: notice, name: Notice, emotion: -2 }\n---\n",
    );
    snapshot(&site, "2026-Q1", &["--date", "2026-03-31"], None).success();

    // A quarter later: the search feels better, the fix is done, a new pain point shows,
    // the funnel leaks less, CSAT fell, and a journey was added.
    let q2 = MINIMAL_JOURNEY
        .replace("kind: current-state\n", "kind: current-state\nupdated: 2026-06-20\n")
        .replace("    emotion: -1\n", "    emotion: 0\n")
        .replace("addresses: [slow] }", "status: done, addresses: [slow] }")
        .replace(
            "      - { id: slow, text: Slow pages, severity: high }\n",
            "      - { id: slow, text: Slow pages, severity: high }\n      - { text: No dark mode, severity: low }\n",
        );
    site.journey("buy", &q2);
    site.journey(
        "care",
        "---\ntitle: Caring for the humidifier\npersona: anna\nkind: current-state\nstages:\n  - { id: clean, name: Clean, emotion: 1 }\n---\n",
    );
    site.metrics(
        "buy",
        "period,stage,metric,value,target\n2026-Q1,search,visitors,1000,\n2026-Q1,purchase,visitors,100,\n2026-Q1,purchase,csat,4.1,4.0\n2026-Q2,search,visitors,1000,\n2026-Q2,purchase,visitors,250,\n2026-Q2,purchase,csat,3.5,4.0\n",
    );
    snapshot(&site, "2026-Q2", &[], None).success();

    // Live: the old model's journey is gone.
    site.remove("journeys/retire.md");
    site
}

#[test]
fn a_snapshot_is_pretty_key_sorted_json_of_the_model_and_its_analysis() {
    let site = Site::minimal();
    snapshot(&site, "2026-Q1", &["--date", "2026-03-31"], None).success();
    let path = site.dir().join("releases/2026-Q1.json");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.ends_with("}\n"));
    assert!(text.starts_with("{\n  \"date\": \"2026-03-31\",\n  \"generator\": \"waymark "));
    let json = read_snapshot(&site, "2026-Q1");
    assert_eq!(json["schema_version"], 2);
    let buy = &json["journeys"][0];
    // A journey without feedback says so.
    assert!(buy["feedback"].is_null(), "{}", buy["feedback"]);
    assert_eq!(buy["id"], "buy");
    assert_eq!(
        buy["map"]["stages"][0]["pain_points"][0]["text"],
        "Slow pages"
    );
    assert_eq!(buy["body_html"], "<p>Notes from the interviews.</p>\n");
    assert_eq!(buy["funnel"]["bottleneck"], "purchase");
    assert_eq!(buy["kpis"][0]["status"], "on-track");
    assert_eq!(buy["completeness"]["total"], 8);
    // The series as the KPI trends show them: one per stage and metric.
    assert_eq!(buy["series"].as_array().unwrap().len(), 3);
    // Keys are sorted at every level, so a snapshot diffs well.
    let keys: Vec<&String> = buy.as_object().unwrap().keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // The same content gives the same bytes.
    snapshot(&site, "2026-Q1", &["--date", "2026-03-31", "--force"], None).success();
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn frozen_pages_keep_the_old_content_under_a_banner_linking_to_the_live_page() {
    let site = site_with_history();
    let out = site.built(&[]);
    let frozen = out.page("releases/2026-Q1/journeys/buy.html");
    assert_eq!(
        frozen.texts(".snapshot-banner"),
        ["Frozen Snapshot 2026-Q1 of 31 March 2026 — see the current version"]
    );
    assert_eq!(
        frozen.attrs(".snapshot-banner a", "href"),
        ["../../../journeys/buy.html"]
    );
    // The map as it was: emotion -1 at search, one pain point, the fix not done.
    let text = frozen.text();
    assert!(text.contains("−1") || text.contains("-1"), "{text}");
    assert!(!text.contains("No dark mode"));
    assert!(out.read("journeys/buy.html").contains("No dark mode"));
    // Its links stay inside the frozen sub-site, and the stylesheet is the live one.
    assert!(frozen
        .attrs(".breadcrumbs a", "href")
        .contains(&"../index.html".to_string()));
    assert_eq!(
        frozen.attrs("head link[rel=stylesheet]", "href"),
        ["../../../assets/style.css"]
    );
    // A journey gone from the live site sends its readers to the live home page.
    let retired = out.page("releases/2026-Q1/journeys/retire.html");
    assert_eq!(
        retired.attrs(".snapshot-banner a", "href"),
        ["../../../index.html"]
    );
    // Every page type of the live site is frozen.
    for page in [
        "index.html",
        "pain-points.html",
        "opportunities.html",
        "personas/anna.html",
    ] {
        assert!(
            out.path(&format!("releases/2026-Q2/{page}")).is_file(),
            "{page}"
        );
    }
    assert!(out.path("releases/2026-Q2/journeys/care.html").is_file());
    assert!(!out.path("releases/2026-Q1/journeys/care.html").exists());
    // The live site's data stays live; each snapshot's data is published beside it.
    assert_eq!(out.json()["journeys"].as_array().unwrap().len(), 2);
    assert!(out.path("releases/2026-Q1.json").is_file());
}

#[test]
fn the_releases_index_lists_current_then_snapshots_newest_first_with_figures() {
    let site = site_with_history();
    let out = site.built(&[]);
    let index = out.page("releases/index.html");
    let rows = index.table("table.releases");
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["Current (live site)", "2026-Q2", "2026-Q1"]);
    let dates: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(dates, ["2026-06-20", "2026-06-20", "2026-03-31"]);
    let journeys: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(journeys, ["2", "3", "2"]);
    // Q1: the slow pages are open (high); Q2: fixed, and a low one is new.
    assert!(
        rows[2][3].starts_with("1 open: Critical 0, High 1"),
        "{:?}",
        rows[2]
    );
    assert!(
        rows[1][3].contains("High 0, Medium 0, Low 1"),
        "{:?}",
        rows[1]
    );
    assert_eq!(rows[2][4], "1 / 0 / 0");
    assert_eq!(rows[1][4], "0 / 0 / 1");
    assert_eq!(rows[2][5], "−0.67");
    assert_eq!(
        index.attrs("table.releases a", "href"),
        [
            "../index.html",
            "../releases/changes/2026-Q2...current.html",
            "../releases/2026-Q2/index.html",
            "../releases/changes/2026-Q1...2026-Q2.html",
            "../releases/2026-Q1/index.html",
        ]
    );
    // Every page gets "Releases" in its navigation once there is a snapshot.
    assert!(out
        .page("index.html")
        .texts("nav[aria-label=Site] a")
        .contains(&"Releases".to_string()));
    let plain_site = Site::minimal();
    let plain = plain_site.built(&[]);
    assert!(!plain
        .page("index.html")
        .texts("nav[aria-label=Site] a")
        .contains(&"Releases".to_string()));
    assert!(!plain.path("releases").exists());
}

#[test]
fn what_changed_names_every_kind_of_change() {
    let site = site_with_history();
    let out = site.built(&[]);
    let page = out.page("releases/changes/2026-Q1...2026-Q2.html");
    assert_eq!(page.texts("h1"), ["What changed from 2026-Q1 to 2026-Q2"]);
    assert_eq!(
        page.texts("section h2")[1..],
        [
            "Journeys added and removed (1)",
            "Pain points added and resolved (1)",
            "Opportunities added and moved on (1)",
            "Emotion changes (1)",
            "KPI changes (1)",
            "Funnel bottleneck moves (0)",
            "Overall conversion changes (1)",
            "Experiments concluded (0)",
            "Outcomes of shipped changes measured (0)",
            "Stages where customers now contradict the map (0)",
        ]
    );
    let text = page.text();
    assert!(text.contains("+ Added Caring for the humidifier"), "{text}");
    let row = |section: &str, n: usize| {
        page.table(&format!("section[aria-labelledby={section}] table"))[n].join(" | ")
    };
    assert_eq!(
        row("pain-points", 0),
        "+ Added | No dark mode | Low | Buying online | Search"
    );
    assert_eq!(
        row("opportunities", 0),
        "→ Status | Faster pages | Idea → Done | Buying online | Purchase"
    );
    // Emotion -1 to 0 reads better; CSAT 4.1 to 3.5 reads worse, in words and symbols.
    assert_eq!(
        row("emotions", 0),
        "Buying online | Search | −1 negative | 0 neutral | ▲ Better"
    );
    assert_eq!(
        row("kpis", 0),
        "Buying online | Purchase | CSAT | 4.1 (2026-Q1, target 4) ✓ On track | 3.5 (2026-Q2, target 4) ✗ Off track | ▼ Worse"
    );
    assert!(text.contains("Buying online: 10% → 25% ▲ Better"), "{text}");

    let latest = out.page("releases/changes/2026-Q2...current.html");
    assert!(latest
        .text()
        .contains("− Removed Retiring the old model (as it was in 2026-Q2)"));
    assert_eq!(
        latest.attrs("section[aria-labelledby=journeys] a", "href"),
        ["../../releases/2026-Q2/journeys/retire.html"]
    );
}

#[test]
fn each_journey_page_shows_its_history_across_releases() {
    let site = site_with_history();
    let out = site.built(&[]);
    let live = out.page("journeys/buy.html");
    let rows = live.table("table.history");
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["Current (this page)", "2026-Q2", "2026-Q1"]);
    assert_eq!(
        live.attrs("table.history a", "href"),
        [
            "../journeys/buy.html",
            "../releases/2026-Q2/journeys/buy.html",
            "../releases/2026-Q1/journeys/buy.html",
        ]
    );
    // Open pain points per release: 1 in Q1; in Q2 the slow pages were fixed.
    assert_eq!(rows[2][4], "1");
    assert_eq!(rows[1][4], "1");
    let frozen = out.page("releases/2026-Q1/journeys/buy.html");
    let rows = frozen.table("table.history");
    assert_eq!(rows[2][0], "2026-Q1 (this page)");
    // A journey that only existed in the past lists only those releases.
    let retired = out.page("releases/2026-Q2/journeys/retire.html");
    let names: Vec<String> = retired
        .table("table.history")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(names, ["2026-Q2 (this page)", "2026-Q1"]);
}

#[test]
fn names_must_be_safe_and_taken_names_need_force() {
    let site = Site::minimal();
    for bad in ["../x", ".hidden", "a..b", "a b", "Q3/x", "", "changes"] {
        let run = snapshot(&site, bad, &["--date", "2026-01-01"], None);
        run.code(2);
        assert!(
            run.stderr.contains("not a snapshot name") || run.stderr.contains("must not be empty"),
            "{}",
            run.stderr
        );
    }
    assert!(
        !site.dir().join("releases").exists()
            || fs::read_dir(site.dir().join("releases"))
                .unwrap()
                .next()
                .is_none()
    );

    snapshot(&site, "v1.2", &["--date", "2026-01-01"], None).success();
    let run = snapshot(&site, "v1.2", &["--date", "2026-02-02"], None);
    run.code(2);
    assert!(run.stderr.contains("pass --force"), "{}", run.stderr);
    assert_eq!(read_snapshot(&site, "v1.2")["date"], "2026-01-01");
    snapshot(&site, "v1.2", &["--date", "2026-02-02", "--force"], None).success();
    assert_eq!(read_snapshot(&site, "v1.2")["date"], "2026-02-02");
}

#[test]
fn the_date_is_the_newest_updated_or_source_date_epoch_or_date() {
    let site = Site::minimal();
    // No journey says when it was updated: the date must be given.
    let run = snapshot(&site, "a", &[], None);
    run.code(1);
    assert!(run.stderr.contains("--date"), "{}", run.stderr);

    site.journey(
        "buy",
        &MINIMAL_JOURNEY.replace(
            "kind: current-state\n",
            "kind: current-state\nupdated: 2026-05-04\n",
        ),
    );
    snapshot(&site, "a", &[], None).success();
    assert_eq!(read_snapshot(&site, "a")["date"], "2026-05-04");
    // 1767225600 is 2026-01-01T00:00:00Z.
    snapshot(&site, "b", &[], Some("1767225600")).success();
    assert_eq!(read_snapshot(&site, "b")["date"], "2026-01-01");
    snapshot(&site, "c", &["--date", "2025-12-24"], Some("1767225600")).success();
    assert_eq!(read_snapshot(&site, "c")["date"], "2025-12-24");
    snapshot(&site, "d", &["--date", "24.12.2025"], None).code(2);
}

#[test]
fn content_errors_write_no_snapshot() {
    let site = Site::minimal();
    site.journey(
        "buy",
        &MINIMAL_JOURNEY.replace("persona: anna", "persona: ana"),
    );
    let run = snapshot(&site, "x", &["--date", "2026-01-01"], None);
    run.code(1);
    run.diagnostic("site/journeys/buy.md:3:10");
    assert!(!site.dir().join("releases/x.json").exists());
}

#[test]
fn the_schema_1_fixture_still_builds() {
    let fixture = common::fixture_dir("releases").join("releases/2026-Q1.json");
    let before = fs::read(&fixture).unwrap();
    let site = Site::fixture("releases");
    let out = site.built(&[]);
    let page = out.page("releases/2026-Q1/journeys/buy.html");
    assert_eq!(
        page.texts(".snapshot-banner"),
        ["Frozen Snapshot 2026-Q1 of 20 March 2026 — see the current version"]
    );
    assert!(page.text().contains("Bottleneck: Purchase"));
    assert!(page
        .text()
        .contains("KPIs in the latest period: 1 on track, 0 at risk, 0 off track."));
    // The frozen file is read, never rewritten.
    assert_eq!(fs::read(&fixture).unwrap(), before);
    let changes = out.page("releases/changes/2026-Q1...current.html");
    assert!(
        changes.text().contains(": 0 changes."),
        "{}",
        changes.text()
    );
}

/// Builds a good site, breaks its snapshot with `edit`, and expects the build to fail
/// with one error at `location` (or starting so) whose message contains `message`, leaving the output.
fn broken(edit: impl Fn(&str) -> String, location: &str, message: &str) {
    let site = Site::fixture("releases");
    let before: Output = site.built(&[]);
    let tree = site.out_tree();
    let path = site.dir().join("releases/2026-Q1.json");
    fs::write(&path, edit(&fs::read_to_string(&path).unwrap())).unwrap();
    let run = site.build(&[]);
    run.code(1);
    let found: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.location.starts_with(location))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "no one error at {location}:\n{}",
        run.stderr
    );
    let diagnostic = &found[0];
    assert_eq!(diagnostic.severity, "error");
    assert!(diagnostic.message.contains(message), "{}", run.stderr);
    assert!(diagnostic.hint.is_some(), "{}", run.stderr);
    assert_eq!(site.out_tree(), tree, "the output changed");
    assert!(before.path("index.html").is_file());
    site.check(&[]).code(1);
}

#[test]
fn a_broken_snapshot_is_a_located_error_and_nothing_is_written() {
    let line_of =
        |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let fixture =
        fs::read_to_string(common::fixture_dir("releases").join("releases/2026-Q1.json")).unwrap();

    // Not JSON: a comma gone.
    let at = line_of(&fixture, "\"generator\"");
    broken(
        |t| {
            t.replacen(
                "\"generator\": \"waymark 0.1.0\",",
                "\"generator\": \"waymark 0.1.0\"",
                1,
            )
        },
        &format!("site/releases/2026-Q1.json:{}:3", at + 1),
        "expected `,` or `}`",
    );
    // A wrong type.
    let at = line_of(&fixture, "\"passed\": 4");
    broken(
        |t| t.replacen("\"passed\": 4", "\"passed\": \"four\"", 1),
        &format!("site/releases/2026-Q1.json:{at}:24"),
        "invalid type: string \"four\"",
    );
    // A schema this waymark does not know.
    let at = line_of(&fixture, "\"schema_version\"");
    broken(
        |t| t.replacen("\"schema_version\": 1", "\"schema_version\": 7", 1),
        &format!("site/releases/2026-Q1.json:{at}:3"),
        "unknown schema_version 7",
    );
    // An unknown field, and a missing one.
    let at = line_of(&fixture, "\"generator\"");
    broken(
        |t| t.replacen("\"generator\"", "\"colour\": 1,\n  \"generator\"", 1),
        &format!("site/releases/2026-Q1.json:{at}:10"),
        "unknown field `colour`",
    );
    broken(
        |t| t.replacen("  \"generator\": \"waymark 0.1.0\",\n", "", 1),
        "site/releases/2026-Q1.json:",
        "missing field `generator`",
    );
}

#[test]
fn building_twice_gives_identical_files() {
    let site = site_with_history();
    let full_address = ["--base-url", "https://cx.example.com/"];
    site.built(&full_address);
    let first = site.out_tree();
    site.built(&full_address);
    assert_eq!(site.out_tree(), first);
    let sitemap = String::from_utf8(first["sitemap.xml"].clone()).unwrap();
    // The releases index and what changed are in the sitemap; frozen copies are not.
    assert!(sitemap.contains("/releases/index.html"));
    assert!(sitemap.contains("/releases/changes/2026-Q1...2026-Q2.html"));
    assert!(!sitemap.contains("/releases/2026-Q1/"));
}

#[test]
fn check_finds_errors_in_the_templates_of_the_releases() {
    let site = Site::fixture("releases");
    site.check(&[]).success();
    site.write(
        "templates/releases.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ releases | no_such_filter }}{% endblock %}\n",
    );
    let run = site.check(&[]);
    run.code(1);
    let errors: Vec<String> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity == "error")
        .map(|d| d.location)
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with("site/templates/releases.html:"),
        "{}",
        run.stderr
    );
}

#[test]
fn links_of_narratives_resolve_on_frozen_pages_within_their_release() {
    let site = Site::minimal();
    site.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.journey(
        "buy",
        &format!(
            "{MINIMAL_JOURNEY}\n![Logo](../static/logo.svg) Seen by [Anna](../personas/anna.html), [elsewhere](https://example.com/) and [below](#notes).\n"
        ),
    );
    snapshot(&site, "2026-Q1", &[], Some("1767225600")).success();
    let out = site.built(&[]);
    for (page, img) in [
        ("journeys/buy.html", "../static/logo.svg"),
        (
            "releases/2026-Q1/journeys/buy.html",
            "../../../static/logo.svg",
        ),
    ] {
        let html = out.page(page);
        let src = html
            .one(".prose img")
            .value()
            .attr("src")
            .unwrap()
            .to_string();
        assert_eq!(src, img, "{page}");
        let from = out.path(page);
        let target = from.parent().unwrap().join(&src);
        assert!(target.is_file(), "{page}: {src} does not resolve");
        let links: Vec<String> = html
            .select(".prose a")
            .iter()
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect();
        assert!(
            links.contains(&"https://example.com/".to_string()),
            "{links:?}"
        );
        assert!(links.contains(&"#notes".to_string()), "{links:?}");
        // The persona link stays inside its release: the frozen persona page.
        assert!(
            links.contains(&"../personas/anna.html".to_string()),
            "{links:?}"
        );
        assert!(from
            .parent()
            .unwrap()
            .join("../personas/anna.html")
            .is_file());
    }
}
