//! Round trips of journeys written to be hard to carry: every character that ends a
//! token in Mermaid or a cell in a sheet, keywords, formulas, empty values, line breaks;
//! and hostile files that must give diagnostics, never a panic.

use super::{mermaid, sheet, Context};
use crate::model::{Id, Journey, JourneyFront};
use std::path::{Path, PathBuf};

fn context() -> Context {
    Context {
        persona: id("anna"),
        personas: vec![(id("anna"), "Anna: the parent".into())],
        kind: None,
        today: "2026-01-01".parse().unwrap(),
        file_stem: "hard".into(),
        file_name: "hard.mmd".into(),
    }
}

fn id(text: &str) -> Id {
    Id::try_from(text.to_string()).unwrap()
}

/// A journey whose every text is awkward somewhere.
fn hard_journey() -> Journey {
    let front: JourneyFront = crate::yaml::from_str(
        r##"
title: "Title: #1; the %%{init}%% one <br> here"
persona: anna
kind: service-blueprint
scenario: "Line one\nline two; with # and } and \"quotes\""
owner: "=HYPERLINK(\"x\")"
compare_to: other
draft: false
stages:
  - id: journey
    name: "section of: the; #form"
    goal: "Goal; with a ; and\nbreak"
    actions: ["Title of the page", "journey planning", "accTitle: x", " padded ", "%% not a comment", "a, b: c", "-1 starts like a number", "'quoted'"]
    thoughts: ["{beta}", "Set {severity: low}", "x; y"]
    emotion: -2
    touchpoints:
      - { name: "App {beta}", channel: "web; app", kind: direct }
      - { name: "" }
    pain_points:
      - { id: p1, text: "Needs a printer; again {not: yaml", severity: critical }
      - { text: "", severity: low }
    opportunities:
      - { id: o1, text: "Fix: it", impact: low, effort: high, owner: "R&D; Ops", status: in-progress, addresses: [p1] }
    blueprint: { frontstage: ["@mention"], backstage: [], support: [], evidence: ["+1"] }
  - id: empty
    name: ""
    actions: []
    blueprint: {}
  - id: goal-only
    name: Only a goal
    goal: "The goal: stands in"
    emotion: 1
    blueprint: { support: ["CMS"] }
"##,
    )
    .unwrap();
    Journey {
        id: id("hard"),
        front,
        body_html: String::new(),
        source: PathBuf::from("journeys/hard.md"),
    }
}

#[test]
fn an_awkward_journey_survives_mermaid() {
    let journey = hard_journey();
    let text = mermaid::mermaid_source(&journey, None);
    let reading = mermaid::read(&text, Path::new("hard.mmd"), &context());
    assert!(
        reading.diagnostics.is_empty(),
        "{:#?}\n{text}",
        reading.diagnostics
    );
    assert_eq!(reading.draft.unwrap().front, journey.front, "{text}");
    // Nothing in it can start a directive or a second front matter.
    assert!(!text.contains("%%{"), "{text}");
}

#[test]
fn an_awkward_journey_survives_the_sheet_but_for_what_a_cell_cannot_hold() {
    let journey = hard_journey();
    let (bytes, losses) = sheet::sheet_export(&journey, None);
    let reading = sheet::read(&bytes, Path::new("hard.csv"), &context());
    assert!(reading.diagnostics.is_empty(), "{:#?}", reading.diagnostics);
    let mut expected = journey.front.clone();
    // A blank item is left out, the empty stage name becomes its id; the losses say so.
    expected.stages[0].actions[3] = "padded".into();
    expected.stages[0].touchpoints.remove(1);
    expected.stages[1].name = "empty".into();
    assert_eq!(losses.len(), 3, "{losses:?}");
    let read = reading.draft.unwrap().front;
    assert_eq!(read, expected);
    // Formulas stay text in a spreadsheet.
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("Owner;\"'=HYPERLINK"), "{text}");
}

#[test]
fn hostile_files_give_diagnostics_not_panics() {
    let journey = hard_journey();
    let mermaid_text = mermaid::mermaid_source(&journey, None);
    let (sheet_bytes, _) = sheet::sheet_export(&journey, None);
    let samples: Vec<Vec<u8>> = vec![
        mermaid_text.clone().into_bytes(),
        sheet_bytes.clone(),
        b"journey\n  section \xff\n".to_vec(),
        "journey\n%% waymark:stage=a\n%% waymark:journey {\"persona\": \"x\"}\n".into(),
        "---\n: : :\n---\njourney\n".into(),
        "journey\n  accDescr {\n".into(),
        "Stage;A\nEmotion;99999999999999999999999\n".into(),
        "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{}".into(),
        format!("Stage,A\nPain points,\"x {}\"\n", "{".repeat(5000)).into_bytes(),
    ];
    // Every prefix of the exports, cut anywhere, and the samples as they are.
    for sample in &samples {
        for cut in (0..sample.len()).step_by(7).chain([sample.len()]) {
            let part = &sample[..cut];
            let _ = mermaid::read_bytes(part, Path::new("x.mmd"), &context());
            let _ = sheet::read(part, Path::new("x.csv"), &context());
        }
    }
}
