//! Draft journeys (`draft: true`): left out of every page, the sitemap and site.json by
//! default, and built and marked as drafts with `--drafts`.

mod common;

use common::{Output, Site};

const DRAFT: &str = "\
---
title: Returning a faulty unit
persona: marco
kind: current-state
draft: true
stages:
  - id: notice
    name: Noticing the fault
    emotion: -2
    pain_points:
      - { text: The hotline is always busy, severity: critical }
  - id: send
    name: Sending it back
    emotion: -1
---
Work in progress.
";

fn with_draft() -> Site {
    let site = Site::fixture("basic");
    site.journey("returns-draft", DRAFT).metrics(
        "returns-draft",
        "period,stage,metric,value\n2026-Q4,notice,visitors,100\n2026-Q4,send,visitors,40\n",
    );
    site
}

#[test]
fn drafts_are_left_out_by_default() {
    let site = with_draft();
    let run = site.build(&[]);
    run.success();
    assert!(run.stderr.contains("built 3 journeys"), "{}", run.stderr);
    let out = Output::at(site.out());
    assert!(!out.path("journeys/returns-draft.html").exists());
    for page in ["index.html", "personas/marco.html", "pain-points.html"] {
        let text = out.page(page).text();
        assert!(
            !text.contains("Returning a faulty unit"),
            "{page} shows the draft"
        );
        assert!(
            !text.contains("The hotline is always busy"),
            "{page} shows the draft"
        );
    }
    assert!(!out.read("sitemap.xml").contains("returns-draft"));
    assert!(!out.read("data/site.json").contains("returns-draft"));
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = with_draft();
    let run = site.build(&["--drafts"]);
    run.success();
    assert!(run.stderr.contains("built 4 journeys"), "{}", run.stderr);
    let out = Output::at(site.out());
    let page = out.page("journeys/returns-draft.html");
    assert_eq!(page.texts("h1"), ["Returning a faulty unit Draft"]);
    let index = out.page("index.html");
    assert!(index
        .texts("table.journeys tbody th[scope=row]")
        .contains(&"Returning a faulty unit Draft".to_string()));
    assert_eq!(
        out.page("personas/marco.html")
            .texts("table.journeys tbody th[scope=row] a"),
        // By journey id: `returns-draft` before `store-advice-blueprint`.
        ["Returning a faulty unit", "Advice in the store"]
    );
    assert!(out
        .read("sitemap.xml")
        .contains("<loc>https://cx.example.com/acme/journeys/returns-draft.html</loc>"));
}
