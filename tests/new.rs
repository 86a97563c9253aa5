//! `waymark new persona ID` and `waymark new journey ID --persona P --kind K`: a new file
//! with every field present and explained, which loads and builds as it is. A new journey
//! has five stages that fit its kind (the customer lifecycle from awareness to advocacy
//! for a current or future state, the parts of a day for a day in the life, the steps of
//! one service for a blueprint), starts as a draft and is dated today. Existing files are never overwritten; bad ids, unknown
//! personas and unknown kinds are usage errors (exit 2) that write nothing.
//!
//! The site is found from `--site DIR`, else from the current folder or the nearest parent
//! with a site.yaml.

mod common;

use common::{Run, Site};
use std::fs;

const KINDS: [&str; 4] = [
    "current-state",
    "future-state",
    "day-in-the-life",
    "service-blueprint",
];

/// The stage headings a new journey of each kind of [`KINDS`] starts with.
const STAGE_NAMES: [[&str; 5]; 4] = [
    LIFECYCLE,
    LIFECYCLE,
    ["Morning", "Commute", "At work", "Evening", "Night"],
    [
        "Request",
        "Scheduling",
        "Service delivery",
        "Resolution",
        "Follow-up",
    ],
];

const LIFECYCLE: [&str; 5] = [
    "Awareness",
    "Consideration",
    "Purchase",
    "Retention",
    "Advocacy",
];

const BLUEPRINT_LANES: [&str; 4] = ["frontstage", "backstage", "support", "evidence"];

/// `waymark new journey <id> --persona anna --kind <kind> --site site`.
fn new_journey(site: &Site, id: &str, kind: &str) -> Run {
    site.run(&[
        "new",
        "journey",
        id,
        "--persona",
        "anna",
        "--kind",
        kind,
        "--site",
        "site",
    ])
}

/// The front-matter of `relative` under the site folder, as text.
fn front_matter(site: &Site, relative: &str) -> String {
    let text = fs::read_to_string(site.dir().join(relative)).unwrap();
    let rest = text.strip_prefix("---\n").expect("front-matter");
    rest.split_once("\n---\n")
        .expect("a closed front-matter")
        .0
        .to_string()
}

#[test]
fn every_kind_builds_and_shows_the_five_stages_of_its_kind() {
    let site = Site::minimal();
    for kind in KINDS {
        new_journey(&site, &format!("new-{kind}"), kind).success();
    }
    let out = site.built(&["--drafts"]);
    for (kind, names) in KINDS.iter().zip(STAGE_NAMES) {
        let page = out.page(&format!("journeys/new-{kind}.html"));
        let headings: Vec<String> = page
            .texts("table.journey-map thead th[id^=stage-]")
            .into_iter()
            .map(|t| t.trim_start_matches(char::is_numeric).trim().to_string())
            .collect();
        assert_eq!(headings, names, "{kind}");
        let lanes = page.select("table.journey-map tr.lane-blueprint").len();
        let expected = if *kind == "service-blueprint" { 4 } else { 0 };
        assert_eq!(lanes, expected, "blueprint lanes of {kind}");
        // Nothing to judge a blank map by: no health score yet.
        let health: Vec<String> = page
            .texts(".meta-list div")
            .into_iter()
            .filter(|t| t.starts_with("Health"))
            .collect();
        assert_eq!(health, ["HealthNot rated"], "{kind}");
    }
    let blueprint = out.page("journeys/new-service-blueprint.html");
    for lane in BLUEPRINT_LANES {
        blueprint.one(&format!("table.journey-map tr.lane-{lane}"));
    }
}

#[test]
fn a_new_journey_has_every_field_with_a_comment() {
    let site = Site::minimal();
    new_journey(&site, "returns", "service-blueprint").success();
    let front = front_matter(&site, "journeys/returns.md");
    let value: serde_yaml::Value = serde_yaml::from_str(&front).unwrap();
    let keys = |v: &serde_yaml::Value| -> Vec<String> {
        v.as_mapping()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        keys(&value),
        ["title", "persona", "kind", "scenario", "owner", "updated", "draft", "stages"]
    );
    let first = &value["stages"][0];
    assert_eq!(
        keys(first),
        [
            "id",
            "name",
            "goal",
            "actions",
            "thoughts",
            "emotion",
            "touchpoints",
            "pain_points",
            "opportunities",
            "blueprint"
        ]
    );
    assert_eq!(keys(&first["blueprint"]), BLUEPRINT_LANES);
    // Every field up to the second stage says what it is for; the stages after the first
    // repeat its fields without the comments.
    let second = front.find("  - id: scheduling").unwrap();
    for line in front[..second]
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
    {
        assert!(line.contains("  # "), "no comment on `{line}`");
    }
    assert_eq!(value["persona"], "anna");
    assert_eq!(value["kind"], "service-blueprint");
    assert_eq!(value["title"], "Returns");
}

#[test]
fn a_new_persona_has_every_field_with_a_comment_and_builds() {
    let site = Site::minimal();
    let run = site.run(&["new", "persona", "maria-lopez", "--site", "site"]);
    run.success();
    assert!(
        run.stderr.contains("created site/personas/maria-lopez.md"),
        "{}",
        run.stderr
    );
    let front = front_matter(&site, "personas/maria-lopez.md");
    let fields: Vec<&str> = front
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "name",
            "role",
            "segment",
            "goals",
            "frustrations",
            "motivations",
            "channels",
            "quote"
        ]
    );
    assert!(front.lines().all(|l| l.contains("  # ")), "{front}");
    let out = site.built(&[]);
    let page = out.page("personas/maria-lopez.html");
    assert_eq!(page.texts("h1"), ["Maria Lopez"]);
}

#[test]
fn a_future_state_suggests_what_to_compare_it_to() {
    let site = Site::minimal();
    new_journey(&site, "returns-future", "future-state").success();
    let front = front_matter(&site, "journeys/returns-future.md");
    assert!(
        front.lines().any(|l| l.starts_with("# compare_to: ")),
        "{front}"
    );
    new_journey(&site, "returns", "current-state").success();
    assert!(!front_matter(&site, "journeys/returns.md").contains("compare_to"));
}

#[test]
fn a_new_journey_is_a_draft_dated_today() {
    let site = Site::minimal();
    // 2027-01-15.
    Run::of(site.command().env("SOURCE_DATE_EPOCH", "1800000000").args([
        "new",
        "journey",
        "returns",
        "--persona",
        "anna",
        "--site",
        "site",
    ]))
    .success();
    let front = front_matter(&site, "journeys/returns.md");
    assert!(front.contains("\nupdated: 2027-01-15 "), "{front}");
    assert!(
        front.contains("\nkind: current-state "),
        "the default kind: {front}"
    );
    let out = site.built(&[]);
    assert!(
        !out.path("journeys/returns.html").exists(),
        "a draft was published"
    );
    let out = site.built(&["--drafts"]);
    let page = out.page("journeys/returns.html");
    assert_eq!(page.texts("time[datetime]"), ["2027-01-15"]);
}

#[test]
fn an_unknown_persona_is_refused_naming_the_known_ones() {
    let site = Site::minimal();
    site.persona("marco", "---\nname: Marco\n---\n");
    let run = site.run(&[
        "new",
        "journey",
        "returns",
        "--persona",
        "nobody",
        "--site",
        "site",
    ]);
    run.code(2);
    assert!(run.stderr.contains("no persona `nobody`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("known personas: anna, marco"),
        "{}",
        run.stderr
    );
    assert!(!site.dir().join("journeys/returns.md").exists());
}

#[test]
fn a_site_without_personas_says_how_to_add_one() {
    let site = Site::empty();
    site.site_yaml(common::MINIMAL_SITE_YAML);
    let run = site.run(&[
        "new",
        "journey",
        "returns",
        "--persona",
        "anna",
        "--site",
        "site",
    ]);
    run.code(2);
    assert!(run.stderr.contains("waymark new persona"), "{}", run.stderr);
}

#[test]
fn an_unknown_kind_is_refused_naming_the_valid_ones() {
    let site = Site::minimal();
    let run = new_journey(&site, "returns", "wishful");
    run.code(2);
    for kind in KINDS {
        assert!(
            run.stderr.contains(kind),
            "{kind} not named:\n{}",
            run.stderr
        );
    }
    assert!(!site.dir().join("journeys/returns.md").exists());
}

#[test]
fn existing_files_are_never_overwritten() {
    let site = Site::minimal();
    let persona = fs::read(site.dir().join("personas/anna.md")).unwrap();
    let journey = fs::read(site.dir().join("journeys/buy.md")).unwrap();
    let run = site.run(&["new", "persona", "anna", "--site", "site"]);
    run.code(2);
    assert!(
        run.stderr.contains("site/personas/anna.md exists already"),
        "{}",
        run.stderr
    );
    new_journey(&site, "buy", "current-state").code(2);
    assert_eq!(
        fs::read(site.dir().join("personas/anna.md")).unwrap(),
        persona
    );
    assert_eq!(
        fs::read(site.dir().join("journeys/buy.md")).unwrap(),
        journey
    );
}

#[test]
fn ids_follow_the_file_name_rules() {
    let site = Site::minimal();
    for bad in [
        "Maria",
        "maria_lopez",
        "maria-",
        "../maria",
        "maria.md",
        "maría",
    ] {
        let run = site.run(&["new", "persona", bad, "--site", "site"]);
        run.code(2);
        assert!(
            run.stderr.contains("is not a valid id"),
            "{bad}: {}",
            run.stderr
        );
        new_journey(&site, bad, "current-state").code(2);
    }
    assert_eq!(
        common::tree(&site.dir()).len(),
        4,
        "something was written: {:?}",
        common::tree(&site.dir()).keys()
    );
}

#[test]
fn ids_that_yaml_would_misread_still_load() {
    let site = Site::minimal();
    site.run(&["new", "persona", "no", "--site", "site"])
        .success();
    new_journey(&site, "2026", "day-in-the-life").success();
    let out = site.built(&["--drafts"]);
    assert_eq!(out.page("personas/no.html").texts("h1"), ["No"]);
    assert_eq!(out.page("journeys/2026.html").texts("h1"), ["2026 Draft"]);
}

#[test]
fn inside_a_site_folder_or_below_it_the_site_is_found() {
    let site = Site::minimal();
    Run::of(
        site.command()
            .current_dir(site.dir())
            .args(["new", "persona", "maria"]),
    )
    .success();
    assert!(site.dir().join("personas/maria.md").is_file());
    let below = site.dir().join("journeys");
    Run::of(site.command().current_dir(&below).args([
        "new",
        "journey",
        "returns",
        "--persona",
        "maria",
    ]))
    .success();
    assert!(site.dir().join("journeys/returns.md").is_file());
}

#[test]
fn without_a_site_it_says_where_it_looked() {
    let site = Site::minimal();
    // The working folder holds `site/`, which is not where a site is looked for.
    let run = site.run(&["new", "persona", "maria"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("no site.yaml in . or its parent folders"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--site"), "{}", run.stderr);

    let run = site.run(&["new", "persona", "maria", "--site", "elsewhere"]);
    run.code(2);
    assert!(
        run.stderr.contains("no site.yaml in elsewhere"),
        "{}",
        run.stderr
    );
}
