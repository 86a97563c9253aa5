//! How errors are reported: the errors of every file in one run, sorted by file; each
//! quoted with its source line, a caret under the column and a hint; one error per
//! cause, not again in the files that depend on the broken one; and a failed build
//! writes nothing.
//!
//! Most tests start from a valid site, builds it, breaks one thing and builds again (see
//! `common::build_error`): the build exits with 1, writes nothing and leaves the previous
//! output as it was.

mod common;

use common::{build_error, journey_with_stage, Site};

#[test]
fn errors_in_several_files_are_all_reported_in_one_run() {
    let run = build_error(&Site::minimal(), |site| {
        site.persona("bob", "---\nname: Bob\nrol: Buyer\n---\n");
        site.journey(
            "bad",
            &journey_with_stage("  - id: search\n    name: Search\n    emotion: -3\n"),
        );
        site.metrics(
            "buy",
            "period,stage,metric,value\n2026-Q1,search,visitors,many\n",
        );
    });
    let locations: Vec<String> = run.diagnostics().into_iter().map(|d| d.location).collect();
    // Sorted by path, so each file's problems stay together.
    assert_eq!(
        locations,
        [
            "site/journeys/bad.md:8:5",
            "site/metrics/buy.csv:2:25",
            "site/personas/bob.md:3:1",
        ]
    );
    assert!(
        run.stderr
            .contains("error: build failed with 3 errors and 0 warnings; nothing was written"),
        "{}",
        run.stderr
    );
}

#[test]
fn diagnostics_quote_the_line_with_a_caret_and_a_hint() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            "---\ntitle: Buying online\npersona: anne\nkind: current-state\nstages:\n  - id: search\n    name: Search\n---\n",
        );
    });
    let expected = "\
site/journeys/bad.md:3:10: error: no persona `anne`
  |
3 | persona: anne
  |          ^
  = hint: known personas: anna
";
    assert!(run.stderr.contains(expected), "stderr:\n{}", run.stderr);
}

#[test]
fn a_fresh_build_with_errors_creates_no_output_folder() {
    let site = Site::minimal();
    site.journey("bad", "no front-matter\n");
    site.build(&[]).code(1);
    assert!(!site.out().exists());
    assert_eq!(site.root_entries(), ["site"]);
}

#[test]
fn a_broken_journey_is_reported_once_not_again_in_its_metrics() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "buy",
            "---\ntitle: Buying online\npersona: anna\nkind: current-state\nstages:\n  - id: search\n    name: Search\n    emotion: \"low\"\n---\n",
        );
    });
    let locations: Vec<String> = run.diagnostics().into_iter().map(|d| d.location).collect();
    // metrics/buy.csv names stages of `buy`; they cannot be checked, and are not
    // reported as belonging to no journey.
    assert_eq!(locations, ["site/journeys/buy.md:8:14"]);
}

#[test]
fn a_broken_persona_is_reported_once_not_again_in_its_journeys() {
    let run = build_error(&Site::minimal(), |site| {
        site.persona("anna", "---\nname: Anna\nrol: Parent\n---\n");
    });
    let locations: Vec<String> = run.diagnostics().into_iter().map(|d| d.location).collect();
    assert_eq!(locations, ["site/personas/anna.md:3:1"]);
}
