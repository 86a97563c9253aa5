//! Customer feedback that does not read: every problem of a feedback CSV is an error
//! located at its field (or a warning for a column that is not read), all of them in one
//! run.

mod common;

use common::{Run, Site};

/// Writes `csv` as feedback/buy.csv of the minimal site and checks it.
fn check_feedback(csv: &str) -> Run {
    let site = Site::minimal();
    site.write("feedback/buy.csv", csv);
    site.check(&[])
}

#[track_caller]
fn error_at(csv: &str, location: &str, message: &str) {
    let run = check_feedback(csv);
    run.code(1);
    let d = run.diagnostic(&format!("site/feedback/buy.csv:{location}"));
    assert_eq!(d.severity, "error");
    assert!(
        d.message.contains(message),
        "expected `{message}` in `{}`",
        d.message
    );
}

#[test]
fn every_problem_of_a_row_is_an_error_at_its_field() {
    let header = "id,date,stage,rating,scale,text\n";
    let cases = [
        (
            "r1,2026-03-01,search,6,,Too slow\n",
            "2:22",
            "rating 6 is outside its scale 1-5",
        ),
        (
            "r1,2026-03-01,search,11,0-10,x\n",
            "2:22",
            "rating 11 is outside its scale 0-10",
        ),
        (
            "r1,2026-03-01,search,0,1-5,x\n",
            "2:22",
            "rating 0 is outside its scale 1-5",
        ),
        (
            "r1,2026-03-01,search,ok,,x\n",
            "2:22",
            "`ok` is not a number",
        ),
        (
            "r1,2026-03-01,search,3,ten,x\n",
            "2:24",
            "`ten` is not a scale: expected MIN-MAX",
        ),
        (
            "r1,2026-03-01,search,3,5-1,x\n",
            "2:24",
            "`5-1` is not a scale: scale min 5 is not below max 1",
        ),
        (
            "r1,2026-13-01,search,3,,x\n",
            "2:4",
            "`2026-13-01` is not a date: there is no such day",
        ),
        (
            "r1,2026-Q1,search,3,,x\n",
            "2:4",
            "`2026-Q1` is not a date: expected YYYY-MM-DD",
        ),
        (
            "r1,,search,3,,x\n",
            "2:4",
            "this row has neither a date nor a period",
        ),
        (
            "r1,2026-03-01,checkout,3,,x\n",
            "2:15",
            "no stage `checkout` in journey `buy`",
        ),
        ("r1,2026-03-01,,3,,x\n", "2:15", "empty `stage`"),
        (
            "r1,2026-03-01,search,,,\n",
            "2:22",
            "this row has neither a rating nor a text",
        ),
        (
            "r1,2026-03-01\n",
            "2:14",
            "this row has 2 fields but the header needs 3",
        ),
    ];
    for (row, location, message) in cases {
        error_at(&format!("{header}{row}"), location, message);
    }
    let long_tag = format!("{header}r1,2026-03-01,search,3,,x,ok|{}\n", "t".repeat(101));
    error_at(
        &long_tag.replace("text\n", "text,tags\n"),
        "2:27",
        "is longer than 100 characters",
    );
}

#[test]
fn every_problem_of_a_file_is_found_in_one_run() {
    let csv = "date,stage,rating\n2026-03-01,search,9\n2026-03-01,nowhere,3\n2026-02-30,search,2\n";
    let run = check_feedback(csv);
    run.code(1);
    let errors: Vec<String> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity == "error")
        .map(|d| d.location)
        .collect();
    assert_eq!(
        errors,
        [
            "site/feedback/buy.csv:2:19",
            "site/feedback/buy.csv:3:12",
            "site/feedback/buy.csv:4:1"
        ]
    );
}

#[test]
fn the_header_needs_a_stage_a_date_or_period_and_a_rating_or_text() {
    error_at(
        "date,rating\n2026-03-01,3\n",
        "1:1",
        "missing column `stage`",
    );
    error_at(
        "stage,rating\nsearch,3\n",
        "1:1",
        "missing column `date` or `period`",
    );
    error_at(
        "stage,period\nsearch,2026-Q1\n",
        "1:1",
        "missing column `rating` or `text`",
    );
    error_at(
        "stage,period,text,text\nsearch,2026-Q1,a,b\n",
        "1:19",
        "column `text` appears twice",
    );
    error_at("", "1:1", "empty file");
}

#[test]
fn rows_belong_to_the_file_journey_or_to_their_journey_column() {
    let site = Site::minimal();
    site.write(
        "feedback/all-surveys.csv",
        "journey,stage,period,rating\nbuy,search,2026-Q1,2\nsell,search,2026-Q1,2\n",
    );
    let run = site.check(&[]);
    run.code(1);
    let d = run.diagnostic("site/feedback/all-surveys.csv:3:1");
    assert_eq!(d.message, "no journey `sell`");
    assert_eq!(d.hint.as_deref(), Some("known journeys: buy"));

    let site = Site::minimal();
    site.write(
        "feedback/all-surveys.csv",
        "stage,period,rating\nsearch,2026-Q1,2\n",
    );
    let run = site.check(&[]);
    run.code(1);
    assert!(run
        .diagnostic("site/feedback/all-surveys.csv:1:1")
        .message
        .starts_with("no journey `all-surveys`"));

    let site = Site::minimal();
    site.write(
        "feedback/Survey Export.csv",
        "stage,period,rating\nsearch,2026-Q1,2\n",
    );
    let run = site.check(&[]);
    run.code(1);
    assert!(run.stderr.contains("bad file name"), "{}", run.stderr);
}

#[test]
fn a_journey_that_does_not_parse_is_reported_once_not_again_for_its_feedback() {
    let site = Site::fixture("feedback");
    let path = site.dir().join("journeys/switching.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("kind: current-state", "kind: nonsense")).unwrap();
    let run = site.check(&[]);
    run.code(1);
    let errors: Vec<String> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.severity == "error")
        .map(|d| d.location)
        .collect();
    // Neither switching.csv nor the rows of survey-2026.csv that name the journey.
    assert_eq!(errors, ["site/journeys/switching.md:4:7"]);
}
