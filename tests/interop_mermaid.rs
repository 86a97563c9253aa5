//! `waymark import mermaid FILE --persona ID`: Mermaid `journey` diagrams as Mermaid's
//! documentation and tests write them (front matter, `%%` comments, accessibility lines,
//! tasks without actors, `<br>` in section names) become journeys that `waymark check`
//! accepts; each section a stage, each task an action, the emotion the mean score less 3.
//! Problems in the diagram are errors at their line and column, and nothing is written.

mod common;
mod interop;

use common::Site;
use interop::{checks_clean, fixture, front, import, journey, journey_files, outline, site, TODAY};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_documentation_example_becomes_a_draft_journey() {
    let site = site();
    let file = fixture(&site, "working-day.mmd");
    let run = import(&site, "mermaid", &file, &[]);
    run.success();
    assert!(
        run.stderr
            .contains("wrote site/journeys/working-day.md as a draft"),
        "{}",
        run.stderr
    );
    let imported = journey(&site, "working-day");
    let front = &imported.front;
    assert_eq!(front.title, "My working day");
    assert_eq!(front.persona.as_str(), "anna");
    assert_eq!(front.kind.as_str(), "current-state");
    assert!(front.draft);
    assert_eq!(front.updated.unwrap().to_string(), TODAY);
    assert_eq!(
        outline(front),
        [
            (
                "go-to-work".into(),
                "Go to work".into(),
                strings(&["Make tea", "Go upstairs", "Do work"]),
                Some(0) // (5 + 3 + 1) / 3 − 3
            ),
            (
                "go-home".into(),
                "Go home".into(),
                strings(&["Go downstairs", "Sit down"]),
                Some(2)
            ),
        ]
    );
    // The actors are kept in the narrative.
    let written = std::fs::read_to_string(site.dir().join("journeys/working-day.md")).unwrap();
    assert!(
        written.contains("Actors in the diagram: Me, Cat."),
        "{written}"
    );
    // `Cat` is another persona of the site: the only warning, at the actor.
    let warning = run.diagnostic("working-day.mmd:6:23");
    assert_eq!(warning.severity, "warning");
    assert!(
        warning.message.contains("actor `Cat` is the persona `cat`"),
        "{}",
        warning.message
    );
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);
    checks_clean(&site);
}

#[test]
fn front_matter_and_tasks_without_actors_are_read_as_mermaid_reads_them() {
    let site = site();
    let file = fixture(&site, "front-matter.mmd");
    let run = import(
        &site,
        "mermaid",
        &file,
        &["--id", "example", "--kind", "future-state"],
    );
    run.success();
    let front = front(&site, "example");
    assert_eq!(front.title, "User Journey Example");
    assert_eq!(front.kind.as_str(), "future-state");
    let outline = outline(&front);
    assert_eq!(
        outline[0].2,
        strings(&["Sign Up", "Browse Features", "Use Core Functionality"])
    );
    assert_eq!(outline[0].3, Some(1)); // (5 + 3 + 4) / 3 − 3
                                       // (3 + 4) / 2 − 3 = 0.5, rounded half away from zero, with a warning at the section.
    assert_eq!(outline[1].3, Some(1));
    let warning = run.diagnostic("front-matter.mmd:12:17");
    assert!(
        warning.message.contains("0.50, rounded to +1"),
        "{}",
        warning.message
    );
    assert_eq!(
        warning.source.as_deref(),
        Some("        section Engagement")
    );
    checks_clean(&site);
}

#[test]
fn accessibility_lines_give_the_title_and_the_scenario() {
    let site = site();
    let file = fixture(&site, "accessibility.mmd");
    import(&site, "mermaid", &file, &[]).success();
    let imported = journey(&site, "accessibility");
    // No `title` line: the front matter's title, as Mermaid shows it.
    assert_eq!(imported.front.title, "My working day");
    assert_eq!(
        imported.front.scenario,
        "2 main sections: work and home, each with just a few tasks"
    );
    assert_eq!(outline(&imported.front)[1].3, Some(1));
    let written = std::fs::read_to_string(site.dir().join("journeys/accessibility.md")).unwrap();
    assert!(
        written.contains("Accessible title of the diagram: Very simple journey demo"),
        "{written}"
    );
}

#[test]
fn comments_keywords_in_any_case_breaks_and_stage_ids() {
    let site = site();
    let file = fixture(&site, "comments-and-breaks.mmd");
    import(&site, "mermaid", &file, &["--id", "returns"]).success();
    let front = front(&site, "returns");
    assert_eq!(front.title, "Returning a parcel");
    assert_eq!(
        front.scenario,
        "A customer sends back\na parcel that did not fit"
    );
    let outline = outline(&front);
    let ids: Vec<&str> = outline.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(ids, ["start", "hand-over", "hand-over-2"]);
    let names: Vec<&str> = outline.iter().map(|s| s.1.as_str()).collect();
    assert_eq!(names, ["Start the return", "Hand over", "Hand over"]);
    assert_eq!(
        outline[0].2,
        strings(&[
            "Opens the returns page",
            "Prints the label; finds no printer"
        ])
    );
    assert_eq!(outline[0].3, Some(0));
}

/// The diagram `text` imported into a fresh site: it must fail with exit 1 at
/// `location`, write nothing, and say so.
fn fails_at(text: &str, location: &str, message: &str) {
    let site = site();
    std::fs::write(site.root().join("bad.mmd"), text).unwrap();
    let before = journey_files(&site);
    let run = import(&site, "mermaid", "bad.mmd", &[]);
    run.code(1);
    let error = run.diagnostic(&format!("bad.mmd:{location}"));
    assert_eq!(error.severity, "error");
    assert!(error.message.contains(message), "{}", error.message);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(journey_files(&site), before);
}

#[test]
fn scores_outside_missing_or_not_numbers_are_located_errors() {
    let head = "journey\n  title T\n  section S\n";
    fails_at(
        &format!("{head}    Pay: 6: Me\n"),
        "4:10",
        "score 6 of task `Pay` is outside",
    );
    fails_at(
        &format!("{head}    Pay: 0\n"),
        "4:10",
        "outside Mermaid's scale",
    );
    fails_at(
        &format!("{head}    Pay: five: Me\n"),
        "4:10",
        "`five` is not a score",
    );
    fails_at(
        &format!("{head}    Pay: NaN\n"),
        "4:10",
        "`NaN` is not a score",
    );
    fails_at(
        &format!("{head}    Pay:\n"),
        "4:9",
        "task `Pay` has no score",
    );
    fails_at(
        &format!("{head}    Pay:  : Me\n"),
        "4:11",
        "task `Pay` has no score",
    );
    fails_at(&format!("{head}    Pay\n"), "4:8", "a task needs a score");
}

#[test]
fn what_mermaid_cannot_read_is_a_located_error() {
    fails_at("title T\n", "1:1", "expected `journey`");
    fails_at("", "1:1", "no `journey` line");
    fails_at(
        "journey\n  section A; B\n",
        "2:12",
        "`;` cannot be in a section name",
    );
    fails_at(
        "journey\n  section A: B\n",
        "2:12",
        "`:` cannot be in a section name",
    );
    fails_at(
        "journey\n  section A\n  Step #2: 3\n",
        "3:8",
        "`#` starts a comment",
    );
    fails_at(
        "journey\n  section A\n  Pay; now: 3\n",
        "3:6",
        "`;` cannot be in a task name",
    );
    fails_at("journey\n  title T\n", "2:9", "no `section`");
    fails_at(
        "journey\n  section A\n  %% waymark:stage=Bad_Id\n",
        "3:20",
        "stage id: `Bad_Id` is not a valid id",
    );
    fails_at(
        "journey\n  section A\n  %% waymark:stage=a {\"goal\": 1}\n",
        "3:22",
        "stage `a`: invalid type: integer `1`, expected a string",
    );
    fails_at(
        "journey\n  section A\n  %% waymark:stage=a {\"gaol\": \"x\"}\n",
        "3:22",
        "unknown field `gaol`",
    );
    fails_at(
        "journey\n  section A\n  %% waymark:stage=a {goal}\n",
        "3:23",
        "not a JSON object",
    );
    fails_at(
        "journey\n  section A\n  Pay: 3: Me\n  accDescr {\n  never closed\n",
        "4:12",
        "no closing `}`",
    );
}

#[test]
fn an_existing_journey_is_replaced_only_with_force() {
    let site = site();
    let file = fixture(&site, "working-day.mmd");
    let before = std::fs::read_to_string(site.dir().join("journeys/buy.md")).unwrap();
    let run = import(&site, "mermaid", &file, &["--id", "buy"]);
    run.code(2);
    assert!(
        run.stderr.contains("site/journeys/buy.md exists already"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.dir().join("journeys/buy.md")).unwrap(),
        before
    );
    import(&site, "mermaid", &file, &["--id", "buy", "--force"]).success();
    assert_eq!(front(&site, "buy").title, "My working day");
}

#[test]
fn bad_ids_and_unknown_personas_are_usage_errors() {
    let site = site();
    let file = fixture(&site, "working-day.mmd");
    let before = journey_files(&site);
    let run = import(&site, "mermaid", &file, &["--id", "Working_Day"]);
    run.code(2);
    assert!(
        run.stderr.contains("`Working_Day` is not a valid id"),
        "{}",
        run.stderr
    );
    let run = Site::run(
        &site,
        &[
            "import",
            "mermaid",
            &file,
            "--persona",
            "maria",
            "--site",
            "site",
        ],
    );
    run.code(2);
    assert!(run.stderr.contains("no persona `maria`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("known personas: anna, cat"),
        "{}",
        run.stderr
    );
    assert_eq!(journey_files(&site), before);
}

#[test]
fn export_prints_the_diagram_of_a_journey() {
    let site = site();
    let run = site.run(&["export", "mermaid", "buy", "--site", "site"]);
    run.success();
    let lines: Vec<&str> = run.stdout.lines().map(str::trim).collect();
    assert_eq!(lines[0], "journey");
    assert!(lines.contains(&"title Buying online"), "{}", run.stdout);
    assert!(lines.contains(&"section Search"), "{}", run.stdout);
    // No actions: the stage's name stands in, scored emotion + 3, the persona acting.
    assert!(lines.contains(&"Search: 2: Anna"), "{}", run.stdout);
    assert!(lines.contains(&"Purchase: 4: Anna"), "{}", run.stdout);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("%% waymark:stage=search {")
                && l.contains(r#""actions":[]"#)
                && l.contains(r#""severity":"high""#)),
        "{}",
        run.stdout
    );
    // The same journey gives the same bytes.
    let again = site.run(&["export", "mermaid", "buy", "--site", "site"]);
    assert_eq!(again.stdout, run.stdout);
    let run = site.run(&["export", "mermaid", "sell", "--site", "site"]);
    run.code(2);
    assert!(run.stderr.contains("no journey `sell`"), "{}", run.stderr);
    assert!(run.stderr.contains("known journeys: buy"), "{}", run.stderr);
}
