//! Helpers of the import and export tests: a site with personas to import for, runs of
//! `waymark import` and `export`, and the journeys they write, parsed.
#![allow(dead_code)]

use crate::common::{fixture_dir, Run, Site};
use std::fs;
use waymark::content::{parse_journey, Body, IdFile};
use waymark::model::{Journey, JourneyFront};

/// 2026-01-01, the day an import dates a journey whose file gives none.
pub const EPOCH: &str = "1767225600";
pub const TODAY: &str = "2026-01-01";

/// A site with the personas `anna` (Anna) and `cat` (Cat) and one journey, `buy`.
pub fn site() -> Site {
    let site = Site::minimal();
    site.persona("cat", "---\nname: Cat\nrole: The household's cat\n---\n");
    site
}

/// Copies `tests/fixtures/interop/<name>` next to the site folder and returns its
/// path as given on the command line.
pub fn fixture(site: &Site, name: &str) -> String {
    fs::copy(fixture_dir("interop").join(name), site.root().join(name)).expect("the fixture");
    name.to_string()
}

/// `waymark import <format> FILE --persona anna --site site` plus `extra`.
pub fn import(site: &Site, format: &str, file: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "import",
        format,
        file,
        "--persona",
        "anna",
        "--site",
        "site",
    ];
    args.extend_from_slice(extra);
    Run::of(site.command().env("SOURCE_DATE_EPOCH", EPOCH).args(&args))
}

/// The journey `id` of the site, parsed as the build parses it.
pub fn journey(site: &Site, id: &str) -> Journey {
    let file = IdFile {
        id: id.to_string(),
        path: site.dir().join("journeys").join(format!("{id}.md")),
    };
    parse_journey(&file, Body::Checked)
        .unwrap_or_else(|d| panic!("journeys/{id}.md does not read: {d}"))
}

pub fn front(site: &Site, id: &str) -> JourneyFront {
    journey(site, id).front
}

/// The stage ids, names, actions and emotions of a journey.
pub fn outline(front: &JourneyFront) -> Vec<(String, String, Vec<String>, Option<i64>)> {
    front
        .stages
        .iter()
        .map(|s| {
            (
                s.id.to_string(),
                s.name.to_string(),
                s.actions.clone(),
                s.emotion.map(i64::from),
            )
        })
        .collect()
}

/// The journey files of the site, by name.
pub fn journey_files(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.dir().join("journeys"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `waymark check site --drafts` finds no error.
pub fn checks_clean(site: &Site) {
    let run = site.check(&["--drafts"]);
    run.success();
    assert!(
        !run.diagnostics().iter().any(|d| d.severity == "error"),
        "{}",
        run.stderr
    );
}
