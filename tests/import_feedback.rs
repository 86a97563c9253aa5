//! `waymark import feedback`: each export format, written to match its vendor's layout
//! (tests/fixtures/feedback/exports/), becomes rows of feedback/<journey>.csv with its
//! header rows skipped, columns of personal data dropped, verbatims masked, and rows
//! already imported left out; every problem is located and then nothing is written.

mod common;

use common::{fixture_dir, Run, Site};
use std::fs;

/// The feedback fixture without its feedback, so imports start from no file.
fn site() -> Site {
    let site = Site::fixture("feedback");
    fs::remove_dir_all(site.dir().join("feedback")).unwrap();
    site
}

fn export(name: &str) -> String {
    fixture_dir("feedback/exports")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Imports `exports/<name>.csv` with its map into the journey `switching`.
fn import(site: &Site, name: &str, format: &str) -> Run {
    site.run(&[
        "import",
        "feedback",
        &export(&format!("{name}.csv")),
        "--format",
        format,
        "--journey",
        "switching",
        "--map",
        &export(&format!("{name}.yaml")),
        "--site",
        "site",
    ])
}

fn written(site: &Site) -> String {
    fs::read_to_string(site.dir().join("feedback/switching.csv")).unwrap()
}

const HEADER: &str = "id,date,stage,rating,scale,text,source,channel,segment,tags\n";

#[test]
fn qualtrics_skips_its_three_header_rows_and_takes_one_row_per_stage_question() {
    let site = site();
    let run = import(&site, "qualtrics", "qualtrics");
    run.success();
    assert_eq!(
        written(&site),
        format!(
            "{HEADER}\
             R_1a2B3c4D5e6F7g8-order,2026-03-02,order,9,0-10,\"Quick, two clicks.\",survey,,,\n\
             R_1a2B3c4D5e6F7g8-porting,2026-03-02,porting,2,,Took four days. Call [phone] if you need me.,survey,,,\n\
             R_9h8G7f6E5d4C3b2-order,2026-03-03,order,6,0-10,,survey,,,\n\
             R_9h8G7f6E5d4C3b2-porting,2026-03-03,porting,4,,,survey,,,\n"
        )
    );
    assert!(run
        .stderr
        .contains("imported 4 rows into site/feedback/switching.csv, a new file"));
    assert!(run.stderr.contains("masked 1 phone number"));
    assert!(run.stderr.contains(
        "dropped columns of personal data: IPAddress, RecipientLastName, RecipientFirstName, \
         RecipientEmail, LocationLatitude, LocationLongitude"
    ));
    // Nothing of the respondents reaches the repository.
    let text = written(&site);
    for personal in ["Ozola", "liga.ozola", "85.254", "56.9496", "26 123 456"] {
        assert!(!text.contains(personal), "{personal}");
    }
    // The site reads what the import wrote.
    site.check(&[]).success();
}

#[test]
fn surveymonkey_skips_two_header_rows_and_picks_the_stage_by_an_answer() {
    let site = site();
    let run = import(&site, "surveymonkey", "surveymonkey");
    run.success();
    assert_eq!(
        written(&site),
        format!(
            "{HEADER}\
             114691234567,2026-03-02,activation,2,,\"The app crashed, and my card [card] was charged twice\",survey,,,\n\
             114691234568,2026-03-05,porting,5,,Smooth.,survey,,,\n"
        )
    );
    assert!(run.stderr.contains("masked 1 payment card number"));
    assert!(run.stderr.contains(
        "dropped columns of personal data: IP Address, Email Address, First Name, Last Name"
    ));
    assert!(run
        .stderr
        .contains("skipped answers that name no stage of the journey: Paying the bill (1)"));
}

#[test]
fn typeform_reads_its_one_header_row_and_drops_the_network_id() {
    let site = site();
    let run = import(&site, "typeform", "typeform");
    run.success();
    assert_eq!(
        written(&site),
        format!(
            "{HEADER}\
             a1b2c3d4e5,2026-03-03,activation,4,,Worked first time,survey,,Family,\n\
             f6g7h8i9j0,2026-03-04,activation,1,,\"Three calls to support, write to me at [email]\",survey,,Business,\n"
        )
    );
    assert!(run.stderr.contains("masked 1 e-mail address"));
    assert!(run
        .stderr
        .contains("dropped columns of personal data: Network ID"));
}

#[test]
fn zendesk_tickets_take_their_group_as_stage_and_good_or_bad_as_rating() {
    let site = site();
    let run = import(&site, "zendesk", "zendesk");
    run.success();
    assert_eq!(
        written(&site),
        format!(
            "{HEADER}\
             1001,2026-03-05,porting,0,0-1,\"My number is still with the old operator after 3 days. Refund to [iban], please.\",support,,,porting-delay|refund\n\
             1003,2026-03-07,activation,1,0-1,\"Thanks, works now\",support,,,esim\n"
        )
    );
    assert!(run.stderr.contains("masked 1 IBAN"));
    assert!(run
        .stderr
        .contains("dropped columns of personal data: Requester, Requester email"));
    assert!(run.stderr.contains("Billing (1)"));
    // `bad` is the bottom of 0-1, `good` the top.
    let json = site.built(&[]).json();
    let journey = json["journeys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["id"] == "switching")
        .unwrap();
    let stages = journey["feedback"]["stages"].as_array().unwrap();
    assert_eq!(stages[0]["stage"], "porting");
    assert_eq!(stages[0]["negative"], 1);
    assert_eq!(stages[1]["positive"], 1);
}

#[test]
fn a_plain_csv_is_read_in_its_locale_through_a_map_that_names_every_column() {
    let site = site();
    import(&site, "interviews", "csv").success();
    assert_eq!(
        written(&site),
        format!(
            "{HEADER}\
             T-1,2026-03-02,order,4,,\"Fine, really\",interview,web,,\n\
             T-2,2026-03-03,porting,2,,Slow; very slow,interview,phone,,\n"
        )
    );
}

#[test]
fn importing_again_appends_nothing_and_other_exports_append_after_the_rows_there() {
    let site = site();
    import(&site, "zendesk", "zendesk").success();
    let first = written(&site);
    let again = import(&site, "zendesk", "zendesk");
    again.success();
    assert!(again
        .stderr
        .contains("imported 0 rows into site/feedback/switching.csv (2 already there)"));
    assert_eq!(written(&site), first);
    import(&site, "typeform", "typeform").success();
    let both = written(&site);
    assert!(both.starts_with(&first), "existing rows were rewritten");
    assert_eq!(both.lines().count(), 5);
    site.check(&[]).success();
}

#[test]
fn an_existing_file_keeps_its_bytes_and_its_layout() {
    let site = site();
    let existing = "\u{feff}id;stage;date;rating;text;source;channel;segment;tags;scale\r\n1001;porting;2026-03-05;0;Kept as it was;support;;;;0-1";
    site.write("feedback/switching.csv", existing);
    let run = import(&site, "zendesk", "zendesk");
    run.success();
    assert!(run.stderr.contains("imported 1 row into"), "{}", run.stderr);
    let text = written(&site);
    assert!(text.starts_with(existing));
    assert!(
        text.ends_with("\r\n1003;activation;2026-03-07;1;Thanks, works now;support;;;esim;0-1\n")
    );
    site.check(&[]).success();
}

#[test]
fn problems_of_the_map_are_located_in_it_and_nothing_is_written() {
    let site = site();
    let map = site.dir().join("map.yaml");
    let map_arg = "site/map.yaml";
    let run_with = |text: &str, format: &str| {
        fs::write(&map, text).unwrap();
        site.run(&[
            "import",
            "feedback",
            &export("qualtrics.csv"),
            "--format",
            format,
            "--journey",
            "switching",
            "--map",
            map_arg,
            "--site",
            "site",
        ])
    };
    let run = run_with("stages:\n  - { stage: order, rating: Q9 }\n", "qualtrics");
    run.code(1);
    let d = run.diagnostic("site/map.yaml:2:21");
    assert_eq!(d.message, "no column `Q9` in the export");
    let run = run_with(
        "stages:\n  - { stage: shipping, rating: Q1 }\n",
        "qualtrics",
    );
    run.code(1);
    assert_eq!(
        run.diagnostic("site/map.yaml:2:7").message,
        "no stage `shipping` in the journey"
    );
    let run = run_with(
        "stages:\n  - { stage: order, text: RecipientEmail }\n",
        "qualtrics",
    );
    run.code(1);
    assert!(run
        .stderr
        .contains("column `RecipientEmail` holds personal data and is never imported"));
    let run = run_with(
        "stages:\n  - { stage: order, rating: Q1 }\nsorce: survey\n",
        "qualtrics",
    );
    run.code(1);
    assert!(
        run.stderr.contains("unknown field `sorce`"),
        "{}",
        run.stderr
    );
    // A plain CSV needs the map to say everything.
    let run = run_with("stages:\n  - { stage: order, rating: Q1 }\n", "csv");
    run.code(1);
    assert!(run.stderr.contains("the map names no `id` column"));
    assert!(!site.dir().join("feedback").exists());
}

#[test]
fn problems_of_the_export_are_located_at_their_field() {
    let site = site();
    let bad = site.root().join("bad.csv");
    fs::write(
        &bad,
        "Ticket;When;Step;Score;Comment;Channel\nT-1;2026-03-02;order;4;Fine;web\nT-2;03.03.2026;porting;9;Slow;phone\n",
    )
    .unwrap();
    let run = site.run(&[
        "import",
        "feedback",
        "bad.csv",
        "--format",
        "csv",
        "--journey",
        "switching",
        "--map",
        &export("interviews.yaml"),
        "--site",
        "site",
    ]);
    run.code(1);
    assert_eq!(
        run.diagnostic("bad.csv:2:5").message,
        "`2026-03-02` is not a date written DD.MM.YYYY"
    );
    assert_eq!(
        run.diagnostic("bad.csv:3:24").message,
        "rating 9 is outside its scale 1-5"
    );
    assert!(run.stderr.contains("nothing was written"));
    assert!(!site.dir().join("feedback").exists());
}

#[test]
fn an_unknown_journey_names_the_known_ones() {
    let site = site();
    let run = site.run(&[
        "import",
        "feedback",
        &export("zendesk.csv"),
        "--format",
        "zendesk",
        "--journey",
        "switchin",
        "--site",
        "site",
    ]);
    run.code(1);
    let d = &run.diagnostics()[0];
    assert_eq!(d.location, "site/journeys");
    assert_eq!(d.message, "no journey `switchin`");
    assert_eq!(d.hint.as_deref(), Some("known journeys: moving, switching"));
}

#[test]
fn a_column_named_only_in_a_later_header_row_is_found_and_checked_for_personal_data() {
    // SurveyMonkey's second header row may run past the first: columns named only there
    // are read, and checked against personal data by every name they have.
    let site = site();
    let exported = site.dir().join("short-header.csv");
    fs::write(
        &exported,
        "Respondent ID,End Date,Which step are you rating?\n\
         ,,Response,Open-Ended Response,Email Address\n\
         1001,03/02/2026 10:19:01 AM,Number porting,Slow to port,x@example.com\n",
    )
    .unwrap();
    let map = site.dir().join("map.yaml");
    let run_with = |text_column: &str| {
        fs::write(
            &map,
            format!(
                "stages:\n  - stage_column: Which step are you rating?\n    \
                 stage_values: {{ Number porting: porting }}\n    text: {text_column}\n"
            ),
        )
        .unwrap();
        site.run(&[
            "import",
            "feedback",
            "site/short-header.csv",
            "--format",
            "surveymonkey",
            "--journey",
            "switching",
            "--map",
            "site/map.yaml",
            "--site",
            "site",
        ])
    };
    let run = run_with("Email Address");
    run.code(1);
    assert!(
        run.stderr
            .contains("column `Email Address` holds personal data and is never imported"),
        "{}",
        run.stderr
    );
    assert!(!site.dir().join("feedback").exists());
    let run = run_with("Open-Ended Response");
    run.success();
    let text = written(&site);
    assert!(text.contains(",porting,"), "{text}");
    assert!(text.contains("Slow to port"), "{text}");
    assert!(!text.contains("example.com"), "{text}");
}
