//! Customer feedback: `feedback/*.csv` read in any spreadsheet locale (its errors are in
//! feedback_errors.rs), the analysis per stage and journey in data/site.json with the numbers
//! computed by hand from tests/fixtures/feedback, the warnings where the map contradicts
//! its customers, and masking applied before anything is published.

mod common;

use common::Site;
use serde_json::Value;

fn journey<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["journeys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["id"] == id)
        .unwrap_or_else(|| panic!("no journey {id}"))
}

fn stage<'a>(feedback: &'a Value, id: &str) -> &'a Value {
    feedback["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == id)
        .unwrap_or_else(|| panic!("no stage {id} in {feedback}"))
}

#[track_caller]
fn close(value: &Value, expected: f64) {
    let v = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is not a number"));
    assert!((v - expected).abs() < 1e-9, "{v} is not {expected}");
}

fn quote_ids(stage: &Value) -> Vec<&str> {
    stage["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect()
}

/// The counts of a stage: ratings, negative, neutral, positive, verbatims.
fn counts(stage: &Value) -> [u64; 5] {
    ["ratings", "negative", "neutral", "positive", "verbatims"].map(|k| stage[k].as_u64().unwrap())
}

#[test]
fn every_number_of_the_analysis_is_the_hand_computed_one() {
    let site = Site::fixture("feedback");
    let out = site.built(&[]);
    let json = out.json();
    let switching = journey(&json, "switching");
    let feedback = &switching["feedback"];
    // 11 rows in switching.csv, 3 of the journey in survey-2026.csv.
    assert_eq!(feedback["count"], 14);
    // Stages without feedback (support) are left out; the rest in journey order.
    let stages: Vec<&str> = feedback["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["order", "porting", "activation"]);

    // order: 4 and 2 on 1-5 are 0.75 and 0.25, mean 0.5, perceived 0; two ratings are
    // too few to contradict the map's +1.
    let order = stage(feedback, "order");
    close(&order["mean_score"], 0.5);
    close(&order["perceived_emotion"], 0.0);
    assert_eq!(order["emotion"], 1);
    assert_eq!(order["mismatch"], false);
    assert_eq!(counts(order), [2, 1, 0, 1, 2]);
    assert_eq!(quote_ids(order), ["o-2", "o-1"]);

    // porting: 5, 5, 3 on 1-5 (1, 1, 0.5) and 10, 10, 3 on 0-10 (1, 1, 0.3): mean 4.8 / 6
    // = 0.8, perceived −2 + 4 × 0.8 = +1.2 against the map's −1.
    let porting = stage(feedback, "porting");
    close(&porting["mean_score"], 0.8);
    close(&porting["perceived_emotion"], 1.2);
    assert_eq!(porting["emotion"], -1);
    assert_eq!(porting["mismatch"], true);
    // 0.3 is negative, 0.5 neutral; the PUK question has no rating.
    assert_eq!(counts(porting), [6, 1, 1, 4, 5]);
    // Lowest first (0.3, then 0.5), then of the two 1.0s the newest: 2026-Q1 ends after
    // 2026-03-02.
    assert_eq!(quote_ids(porting), ["s-003", "r-103", "s-001"]);

    // activation: five 4s on 1-5 are 0.75, perceived exactly +1.0: a difference of 1 is
    // a mismatch. Equal ratings and dates fall back to the id.
    let activation = stage(feedback, "activation");
    close(&activation["mean_score"], 0.75);
    close(&activation["perceived_emotion"], 1.0);
    assert_eq!(activation["mismatch"], true);
    assert_eq!(counts(activation), [5, 0, 0, 5, 4]);
    assert_eq!(quote_ids(activation), ["a-1", "a-2", "a-3"]);

    // A quote has its rating, scale, source and date (a period when the row had one).
    let quote = &porting["quotes"][2];
    assert_eq!(quote["rating"], 10.0);
    assert_eq!(quote["scale"]["max"], 10.0);
    assert_eq!(quote["source"], "survey");
    assert_eq!(quote["date"], "2026-Q1");
    assert_eq!(porting["quotes"][0]["date"], "2026-03-04");

    // Themes: most frequent first, ties by tag; `price | communication` is two tags.
    let themes: Vec<(String, u64)> = feedback["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["tag"].as_str().unwrap().to_string(),
                t["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("porting-delay", 3),
        ("communication", 2),
        ("porting-speed", 2),
        ("price", 2),
        ("sim", 1),
    ]
    .map(|(t, n)| (t.to_string(), n));
    assert_eq!(themes, expected);

    // Evidence: rows with porting-delay or communication, each row once (r-103 has both).
    let evidence: Vec<(String, u64)> = switching["pain_points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["evidence"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        evidence,
        [("slow-porting".to_string(), 4), ("late-sim".to_string(), 0)]
    );

    // The `journey` column of survey-2026.csv sends a row to another journey; `2,5` is
    // 2.5 on its 0-10 scale.
    let moving = &journey(&json, "moving")["feedback"];
    assert_eq!(moving["count"], 1);
    close(&stage(moving, "plan")["mean_score"], 0.25);
    close(&stage(moving, "plan")["perceived_emotion"], -1.0);
    assert_eq!(stage(moving, "plan")["mismatch"], false);
}

#[test]
fn a_journey_without_feedback_has_an_empty_feedback_object() {
    let site = Site::minimal();
    let json = site.built(&[]).json();
    let feedback = &journey(&json, "buy")["feedback"];
    assert_eq!(feedback["count"], 0);
    assert_eq!(feedback["stages"], Value::Array(vec![]));
    assert_eq!(feedback["themes"], Value::Array(vec![]));
    assert_eq!(journey(&json, "buy")["pain_points"][0]["evidence"], 0);
}

#[test]
fn a_map_that_contradicts_its_customers_is_warned_at_the_stage_emotion() {
    let site = Site::fixture("feedback");
    let run = site.check(&[]);
    run.success();
    let porting = run.diagnostic("site/journeys/switching.md:15:14");
    assert_eq!(porting.severity, "warning");
    assert_eq!(
        porting.message,
        "the map says \u{2212}1 (negative) but 6 customer ratings average +1.2 (positive)"
    );
    assert!(porting.hint.unwrap().contains("the map is probably wrong"));
    assert_eq!(
        run.diagnostic("site/journeys/switching.md:25:14").message,
        "the map says 0 (neutral) but 5 customer ratings average +1.0 (positive)"
    );
    // The satisfaction metric's latest value per stage: csat 2 on 1-5 reads as −1.
    assert_eq!(
        run.diagnostic("site/journeys/switching.md:10:14").message,
        "the map says +1 (positive) but satisfaction metric `csat` (CSAT) is 2 in 2026-Q1, \
         which reads as \u{2212}1.0 (negative)"
    );
    // A tag no row carries.
    let tag = run.diagnostic("site/journeys/switching.md:20:83");
    assert_eq!(
        tag.message,
        "no feedback row of this journey has the tag `sim-delivery`"
    );
    // No other warning of feedback: porting's csat 2.2 reads as −0.8, near the map's −1.
    let feedback_warnings = run
        .diagnostics()
        .iter()
        .filter(|d| d.message.starts_with("the map says") || d.message.contains("tag"))
        .count();
    assert_eq!(feedback_warnings, 4, "{}", run.stderr);
    site.check(&["--strict"]).code(1);
}

#[test]
fn agreeing_with_the_customers_clears_the_warning() {
    let site = Site::fixture("feedback");
    let path = site.dir().join("journeys/switching.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("    emotion: -1\n", "    emotion: 1\n")).unwrap();
    let run = site.check(&[]);
    assert!(
        !run.stderr.contains("6 customer ratings"),
        "stderr:\n{}",
        run.stderr
    );
    let json = site.built(&[]).json();
    assert_eq!(
        stage(&journey(&json, "switching")["feedback"], "porting")["mismatch"],
        false
    );
}

#[test]
fn verbatims_are_masked_in_site_json_and_the_build_says_what_was_masked() {
    let site = Site::fixture("feedback");
    let run = site.build(&[]);
    run.success();
    assert!(
        run.stderr
            .contains("masked in customer feedback: 1 e-mail address, 1 phone number"),
        "stderr:\n{}",
        run.stderr
    );
    let text = std::fs::read_to_string(site.out().join("data/site.json")).unwrap();
    assert!(!text.contains("26 123 456") && !text.contains("ozola@"));
    let json: Value = serde_json::from_str(&text).unwrap();
    let porting = stage(&journey(&json, "switching")["feedback"], "porting");
    assert_eq!(
        porting["quotes"][0]["text"],
        "Took 4 days, write to me at [email]"
    );
    assert_eq!(
        porting["quotes"][1]["text"],
        "Okay, but nobody told me when the old SIM stops. Call me on [phone]."
    );
    // A quoted field keeps its `;` and line break.
    assert_eq!(
        porting["quotes"][2]["text"],
        "Brilliant; done before lunch\r\nthanks"
    );
    // Nothing of the raw verbatims reaches a page either.
    for page in common::tree(&site.out()).into_keys() {
        let bytes = std::fs::read(site.out().join(&page)).unwrap();
        let page_text = String::from_utf8_lossy(&bytes);
        assert!(!page_text.contains("ozola@"), "{page}");
    }
    // A site without feedback prints no such line.
    let plain = Site::minimal().build(&[]);
    assert!(!plain.success().stderr.contains("masked"));
}

#[test]
fn masking_off_is_a_warning_on_every_build_and_publishes_verbatims_as_they_are() {
    let site = Site::fixture("feedback");
    let yaml = std::fs::read_to_string(site.dir().join("site.yaml")).unwrap();
    let yaml = yaml.replace(
        "  scale: { min: 1, max: 5 }\n",
        "  scale: { min: 1, max: 5 }\n  mask: false\n",
    );
    site.write("site.yaml", &yaml);
    for _ in 0..2 {
        let run = site.build(&[]);
        run.success();
        let warning = run.diagnostic("site/site.yaml:8:9");
        assert_eq!(warning.severity, "warning");
        assert!(warning
            .message
            .starts_with("masking of personal data in feedback is off"));
        assert!(run.stderr.contains("masked in customer feedback: nothing"));
    }
    let text = std::fs::read_to_string(site.out().join("data/site.json")).unwrap();
    assert!(text.contains("liga.ozola@example.lv"));
    site.check(&["--strict"]).code(1);
}

#[test]
fn spreadsheet_exports_of_any_locale_read_alike() {
    let comma = "stage,period,rating,scale,text\nsearch,2026-Q1,7.5,0-10,\"Slow, very slow\"\n";
    let semicolon =
        "\u{feff}stage;period;rating;scale;text\r\nsearch;2026-Q1;7,5;0-10;Slow, very slow\r\n";
    let tab =
        "stage\tperiod\trating\tscale\ttext\nsearch\t2026-Q1\t\"7,5\"\t0-10\tSlow, very slow\n";
    let mut seen = Vec::new();
    for csv in [comma, semicolon, tab] {
        let site = Site::minimal();
        site.write("feedback/buy.csv", csv);
        let json = site.built(&[]).json();
        let search = stage(&journey(&json, "buy")["feedback"], "search").clone();
        close(&search["mean_score"], 0.75);
        assert_eq!(search["quotes"][0]["text"], "Slow, very slow");
        seen.push(search);
    }
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[1], seen[2]);
}

#[test]
fn an_unknown_column_is_a_warning_and_is_not_read() {
    let site = Site::minimal();
    site.write(
        "feedback/buy.csv",
        "stage,period,rating,email\nsearch,2026-Q1,2,anna@example.com\n",
    );
    let run = site.build(&[]);
    run.success();
    let d = run.diagnostic("site/feedback/buy.csv:1:21");
    assert_eq!(d.message, "column `email` is not read");
    let text = std::fs::read_to_string(site.out().join("data/site.json")).unwrap();
    assert!(!text.contains("anna@example.com"));
}

#[test]
fn the_site_scale_and_satisfaction_metrics_are_checked_in_site_yaml() {
    let site = Site::minimal();
    site.site_yaml(
        "title: Minimal\nbase_url: /\nfeedback:\n  scale: { min: 5, max: 1 }\nmetrics:\n  visitors: { label: Visitors, unit: count, funnel: true }\n  csat: { label: CSAT, unit: score, min: 1, max: 5 }\n",
    );
    let run = site.check(&[]);
    run.code(1);
    assert!(
        run.stderr.contains("scale min 5 is not below max 1"),
        "{}",
        run.stderr
    );

    let site = Site::minimal();
    site.site_yaml(
        "title: Minimal\nbase_url: /\nmetrics:\n  visitors: { label: Visitors, unit: count, funnel: true }\n  csat:\n    label: CSAT\n    unit: score\n    satisfaction: true\n",
    );
    let run = site.check(&[]);
    run.code(1);
    let d = run.diagnostic("site/site.yaml:8:19");
    assert_eq!(
        d.message,
        "satisfaction metric `csat` needs `min` and `max`"
    );

    // A site scale of 0-10 places a row without `scale` on it.
    let site = Site::minimal();
    site.site_yaml(
        "title: Minimal\nbase_url: /\nfeedback: { scale: { min: 0, max: 10 } }\nmetrics:\n  visitors: { label: Visitors, unit: count, funnel: true }\n  csat: { label: CSAT, unit: score, min: 1, max: 5 }\n",
    );
    site.write(
        "feedback/buy.csv",
        "stage,period,rating\nsearch,2026-Q1,9\n",
    );
    let json = site.built(&[]).json();
    close(
        &stage(&journey(&json, "buy")["feedback"], "search")["mean_score"],
        0.9,
    );
}

#[test]
fn feedback_of_a_draft_journey_is_left_out_with_it() {
    let site = Site::minimal();
    let draft = common::MINIMAL_JOURNEY.replace(
        "kind: current-state\n",
        "kind: current-state\ndraft: true\n",
    );
    site.journey("later", &draft);
    site.write(
        "feedback/later.csv",
        "stage,period,rating\nsearch,2026-Q1,2\n",
    );
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr.contains("masked"), "{}", run.stderr);
    let json = site.built(&["--drafts"]).json();
    assert_eq!(journey(&json, "later")["feedback"]["count"], 1);
}
