//! Experiments and outcomes: an opportunity's A/B test in site.json with its statistics and
//! verdict, the KPI before and after a shipped change, every inconsistent experiment as a
//! located error, the lint of changes that leave the loop open, and snapshots of schema 1
//! that stay as they were.
//!
//! `tests/fixtures/experiments` has a rate experiment that improved, a mean experiment of a
//! lower-is-better metric, a running one, an underpowered one and one with a sample-ratio
//! mismatch; and shipped changes on monthly, quarterly and mixed series.

mod common;

use common::{build_error, Diag, Run, Site};
use serde_json::{json, Value};

const JOURNEY: &str = "journeys/ordering.md";
const JOURNEY_PATH: &str = "site/journeys/ordering.md";

/// The data/site.json of the fixture, built.
fn site_json() -> Value {
    Site::fixture("experiments").built(&[]).json()
}

/// The entry of the journey's `opportunities` with `text`.
fn opportunity<'a>(json: &'a Value, text: &str) -> &'a Value {
    json["journeys"][0]["opportunities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["text"] == text)
        .unwrap_or_else(|| panic!("no opportunity {text:?}"))
}

#[track_caller]
fn assert_near(value: &Value, want: f64, tolerance: f64) {
    let got = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is not a number"));
    assert!(
        (got - want).abs() <= tolerance,
        "got {got}, want {want} ± {tolerance}"
    );
}

#[test]
fn site_json_gives_a_rate_experiment_its_difference_lift_p_value_and_verdict() {
    let json = site_json();
    let e = &opportunity(&json, "Show the delivery date in the order confirmation")["experiment"];
    assert_eq!(e["name"], "Delivery date on the confirmation step");
    assert_eq!(e["metric"], "conversion_rate");
    assert_eq!(e["kind"], "rate");
    assert_eq!(
        (&e["started"], &e["ended"]),
        (&json!("2026-04-01"), &json!("2026-04-28"))
    );
    // 310 and 362 conversions out of 10,000 each.
    assert_near(&e["control"], 0.031, 1e-15);
    assert_near(&e["variant"], 0.0362, 1e-15);
    assert_near(&e["difference"], 0.0052, 1e-15);
    // Wald: 0.0052 ± 1.96 · √(0.031·0.969/10⁴ + 0.0362·0.9638/10⁴) = 0.0052 ± 0.004994.
    assert_near(&e["ci_low"], 0.000206, 1e-6);
    assert_near(&e["ci_high"], 0.010194, 1e-6);
    // Lift 0.0362 / 0.031 − 1; its interval is exp(ln 1.1677 ± 1.96 · 0.0749) − 1.
    assert_near(&e["lift"], 0.167742, 1e-6);
    assert_near(&e["lift_low"], 0.00597, 1e-4);
    assert_near(&e["lift_high"], 0.3555, 1e-4);
    // Pooled: z = 0.0052 / √(0.0336 · 0.9664 · 2/10⁴) = 2.0405, two-sided p = 0.0413.
    assert_near(&e["statistic"], 2.0405, 1e-4);
    assert_near(&e["p_value"], 0.0413, 1e-4);
    assert_eq!(e["verdict"], "improved");
    // An even split, met exactly.
    assert_eq!(
        e["srm"],
        json!({ "chi_square": 0.0, "p_value": 1.0, "mismatch": false })
    );
    assert_eq!(e["decision"], "ship");
}

#[test]
fn a_mean_experiment_is_judged_by_its_metrics_direction() {
    let json = site_json();
    let e = &opportunity(&json, "SMS tracking with a one-hour window")["experiment"];
    assert_eq!(
        (&e["kind"], &e["metric"]),
        (&json!("mean"), &json!("time_in_stage"))
    );
    assert_near(&e["difference"], -0.3, 1e-12);
    assert_near(&e["lift"], -0.3 / 3.6, 1e-12);
    // Welch: t = −0.3 / √(0.81/420 + 1/410) = −4.539; a lift of a mean has no interval.
    assert_near(&e["statistic"], -4.5394, 1e-4);
    assert!(e["p_value"].as_f64().unwrap() < 1e-5);
    assert_eq!(
        (&e["lift_low"], &e["lift_high"]),
        (&Value::Null, &Value::Null)
    );
    // Fewer days in the stage: better, as time_in_stage is lower-is-better.
    assert_eq!(e["verdict"], "improved");
    assert_eq!(e["srm"], Value::Null);
}

#[test]
fn running_underpowered_and_mismatched_experiments_say_so() {
    let json = site_json();
    let running = &opportunity(&json, "Room-size selector")["experiment"];
    assert_eq!(running["verdict"], "running");
    assert_eq!(
        (&running["ended"], &running["decision"]),
        (&Value::Null, &Value::Null)
    );
    // The numbers so far are there all the same.
    assert_near(&running["difference"], 0.1, 1e-12);

    // 8 conversions out of 400: n·p < 10 in the control arm.
    let small = &opportunity(&json, "Free delivery banner")["experiment"];
    assert_eq!(small["verdict"], "underpowered");
    assert_eq!(small["decision"], "stop");

    // 10,000 against 9,000 on a 50/50 split: χ² = 2 · 500² / 9,500 = 52.63.
    let skewed = &opportunity(&json, "Guest checkout")["experiment"];
    assert_near(&skewed["srm"]["chi_square"], 52.6316, 1e-4);
    assert!(skewed["srm"]["p_value"].as_f64().unwrap() < 1e-12);
    assert_eq!(skewed["srm"]["mismatch"], true);
    assert_eq!(skewed["verdict"], "inconclusive");
    // Its metric is the opportunity's.
    assert_eq!(skewed["metric"], "conversion_rate");

    // No experiment, no key.
    let plain = opportunity(&json, "Courier choice");
    assert!(plain.get("experiment").is_none(), "{plain}");
    let not_done = opportunity(&json, "Free delivery banner");
    assert!(not_done.get("outcome").is_none(), "{not_done}");
}

#[test]
fn outcomes_take_the_last_period_before_the_ship_date_and_the_latest_after_it() {
    let json = site_json();
    let outcome = |text: &str| opportunity(&json, text)["outcome"].clone();
    // Monthly: shipped 10 May, so May holds the change; April before, July the latest.
    let monthly = outcome("Show the delivery date in the order confirmation");
    assert_eq!(monthly["metric"], "conversion_rate");
    assert_eq!(monthly["stage"], "checkout");
    assert_eq!(
        monthly["before"],
        json!({ "period": "2026-04", "value": 3.1 })
    );
    assert_eq!(
        monthly["after"],
        json!({ "period": "2026-07", "value": 3.7 })
    );
    assert_near(&monthly["delta"], 0.6, 1e-12);
    assert_eq!(monthly["trend"], "better");
    // Quarterly: shipped 15 April, inside Q2; Q1 before, Q3 after. Lower is better.
    let quarterly = outcome("SMS tracking with a one-hour window");
    assert_eq!(
        quarterly["before"],
        json!({ "period": "2026-Q1", "value": 5.0 })
    );
    assert_eq!(
        quarterly["after"],
        json!({ "period": "2026-Q3", "value": 4.0 })
    );
    assert_eq!(
        (&quarterly["delta"], &quarterly["trend"]),
        (&json!(-1.0), &json!("better"))
    );
    // Quarters, then months: 2026-Q1 and 2026-03 both end on the ship date, 31 March;
    // the month is nearer the change.
    let mixed = outcome("Plain-language product pages");
    assert_eq!(
        mixed["before"],
        json!({ "period": "2026-03", "value": 3.8 })
    );
    assert_eq!(mixed["after"], json!({ "period": "2026-06", "value": 4.1 }));
    assert_near(&mixed["delta"], 0.3, 1e-12);
    // Shipped 20 July, inside the latest month: too early to tell.
    let early = outcome("Guest checkout");
    assert_eq!(
        early["before"],
        json!({ "period": "2026-06", "value": 3.6 })
    );
    assert_eq!(
        (&early["after"], &early["delta"], &early["trend"]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    // Shipped before the first period: nothing before.
    let first = outcome("Courier choice");
    assert_eq!(first["before"], Value::Null);
    assert_eq!(first["after"], json!({ "period": "2026-Q3", "value": 4.0 }));
}

#[test]
fn the_stage_map_keeps_the_fields_as_written() {
    let json = site_json();
    let written = &json["journeys"][0]["stages"][1]["opportunities"][0];
    assert_eq!(written["done_on"], "2026-05-10");
    assert_eq!(written["metric"], "conversion_rate");
    assert_eq!(
        written["experiment"]["control"],
        json!({ "n": 10000, "conversions": 310 })
    );
    assert_eq!(written["experiment"]["split"], json!([50.0, 50.0]));
    let bare = &json["journeys"][0]["stages"][1]["opportunities"][2];
    assert!(
        bare.get("done_on").is_none() && bare.get("metric").is_none(),
        "{bare}"
    );
}

#[test]
fn the_fixture_is_clean_under_check_strict() {
    let run = Site::fixture("experiments").check(&["--strict"]);
    run.success();
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
}

/// The fixture with `from` replaced by `to` in its journey, and that journey's text.
fn fixture_with(from: &str, to: &str) -> (Site, String) {
    let site = Site::fixture("experiments");
    let text = std::fs::read_to_string(site.dir().join(JOURNEY)).unwrap();
    assert!(text.contains(from), "the fixture has no {from:?}");
    let text = text.replacen(from, to, 1);
    site.write(JOURNEY, &text);
    (site, text)
}

/// `path:line:column` of the first `needle` in the journey's `text`.
fn location(text: &str, needle: &str) -> String {
    let (i, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("no {needle:?} in the journey"));
    let column = line[..line.find(needle).unwrap()].chars().count() + 1;
    format!("{JOURNEY_PATH}:{}:{column}", i + 1)
}

/// Checks the fixture with `from` replaced by `to`: it must fail with one error, at the
/// first `at` of the changed journey.
#[track_caller]
fn one_error(from: &str, to: &str, at: &str) -> Diag {
    let (site, text) = fixture_with(from, to);
    let run = site.check(&[]);
    run.code(1);
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);
    let d = run.diagnostic(&location(&text, at));
    assert_eq!(d.severity, "error");
    d
}

#[test]
fn conversions_above_n_are_an_error_at_the_arms_conversions() {
    let d = one_error(
        "variant: { n: 10000, conversions: 362 }",
        "variant: { n: 10000, conversions: 10362 }",
        "conversions: 10362",
    );
    assert_eq!(
        d.message,
        "the variant arm has 10362 conversions out of n = 10000; conversions cannot exceed n"
    );
}

#[test]
fn an_arm_without_observations_is_an_error_at_its_n() {
    let d = one_error(
        "control: { n: 400, conversions: 8 }",
        "control: { n: 0, conversions: 0 }",
        "n: 0, conversions: 0",
    );
    assert_eq!(
        d.message,
        "the control arm has n = 0; an arm needs observations"
    );
    let d = one_error(
        "control: { n: 420, mean: 3.6, sd: 0.9 }",
        "control: { n: 1, mean: 3.6, sd: 0.9 }",
        "n: 1, mean",
    );
    assert!(
        d.message.starts_with("the control arm has n = 1"),
        "{}",
        d.message
    );
}

#[test]
fn a_negative_count_is_an_error_at_the_value() {
    let d = one_error(
        "variant: { n: 400, conversions: 15 }",
        "variant: { n: -400, conversions: 15 }",
        "-400",
    );
    assert!(
        d.message
            .ends_with("`-400` is not a count: expected a whole number of 0 or more"),
        "{}",
        d.message
    );
}

#[test]
fn a_standard_deviation_of_zero_or_less_is_an_error_at_the_sd() {
    for sd in ["0", "-0.5"] {
        let d = one_error(
            "variant: { n: 410, mean: 3.3, sd: 1.0 }",
            &format!("variant: {{ n: 410, mean: 3.3, sd: {sd} }}"),
            &format!("sd: {sd} }}"),
        );
        assert_eq!(
            d.message,
            format!("the variant arm's sd is {sd}; it must be a finite number above 0")
        );
    }
}

#[test]
fn a_metric_that_site_yaml_does_not_define_is_an_error_at_the_metric() {
    let d = one_error(
        "metric: csat, addresses",
        "metric: nps, addresses",
        "metric: nps",
    );
    assert_eq!(d.message, "no metric `nps` in site.yaml");
    assert_eq!(
        d.hint.as_deref(),
        Some("known metrics: conversion_rate, csat, time_in_stage, visitors")
    );
    // The experiment's own metric is checked too.
    let d = one_error(
        "          metric: time_in_stage\n",
        "          metric: days_to_deliver\n",
        "days_to_deliver",
    );
    assert_eq!(d.message, "no metric `days_to_deliver` in site.yaml");
}

#[test]
fn an_experiment_without_any_metric_is_an_error_at_the_experiment() {
    let d = one_error(
        "        experiment:\n          name: Selector on the category page\n          metric: csat\n",
        "        experiment:\n          name: Selector on the category page\n",
        "experiment:",
    );
    assert_eq!(d.message, "the experiment names no metric");
    assert!(d.hint.unwrap().contains("`better` direction"));
}

#[test]
fn an_end_before_the_start_is_an_error_at_ended() {
    let d = one_error("ended: 2026-06-30", "ended: 2026-05-31", "2026-05-31");
    assert_eq!(
        d.message,
        "the experiment ended on 2026-05-31, before it started on 2026-06-01"
    );
}

#[test]
fn arms_that_measure_differently_are_an_error_at_the_variant() {
    let d = one_error(
        "control: { n: 200, mean: 3.9, sd: 0.8 }",
        "control: { n: 200, conversions: 30 }",
        "{ n: 190",
    );
    assert_eq!(
        d.message,
        "the control arm is a rate and the variant arm a mean; both arms must measure the same way"
    );
}

#[test]
fn an_arm_that_is_neither_a_rate_nor_a_mean_is_an_error_at_the_arm() {
    let d = one_error(
        "control: { n: 400, conversions: 8 }",
        "control: { n: 400 }",
        "{ n: 400 }",
    );
    assert!(
        d.message.starts_with("the control arm has only `n`"),
        "{}",
        d.message
    );
    let d = one_error(
        "variant: { n: 400, conversions: 15 }",
        "variant: { n: 400, conversions: 15, mean: 2.0, sd: 1.0 }",
        "mean: 2.0",
    );
    assert!(
        d.message.starts_with("the variant arm has both"),
        "{}",
        d.message
    );
    let d = one_error(
        "control: { n: 420, mean: 3.6, sd: 0.9 }",
        "control: { n: 420, mean: 3.6 }",
        "mean: 3.6 }",
    );
    assert_eq!(
        d.message,
        "the control arm has a `mean` without `sd`; a mean arm needs both"
    );
}

#[test]
fn a_split_that_is_not_two_positive_shares_is_an_error_at_the_split() {
    let d = one_error("split: [50, 50]", "split: [50, 25, 25]", "[50, 25, 25]");
    assert!(
        d.message.starts_with("the split has 3 shares"),
        "{}",
        d.message
    );
    // At the bad share itself.
    let d = one_error("split: [50, 50]", "split: [50, 0]", "0]");
    assert_eq!(
        d.message,
        "the split has a share of 0; every share must be a finite number above 0"
    );
}

#[test]
fn every_error_is_reported_in_one_run_and_a_failed_build_writes_nothing() {
    let site = Site::fixture("experiments");
    let original = std::fs::read_to_string(site.dir().join(JOURNEY)).unwrap();
    let broken = original
        .replacen("conversions: 362", "conversions: 10362", 1)
        .replacen("ended: 2026-06-30", "ended: 2026-05-31", 1)
        .replacen("sd: 1.0 }", "sd: 0 }", 1);
    let run = build_error(&site, |site| {
        site.write(JOURNEY, &broken);
    });
    let locations: Vec<String> = run.diagnostics().into_iter().map(|d| d.location).collect();
    assert_eq!(
        locations,
        [
            location(&broken, "conversions: 10362"),
            location(&broken, "2026-05-31"),
            location(&broken, "sd: 0 }"),
        ]
    );
}

/// The fixture with `from` replaced by `to`: `check` passes with exactly one warning at
/// the first `at` of the changed journey, and `check --strict` fails on it.
#[track_caller]
fn one_warning(from: &str, to: &str, at: &str) -> Diag {
    let (site, text) = fixture_with(from, to);
    let run = site.check(&[]);
    run.success();
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);
    let d = run.diagnostic(&location(&text, at));
    assert_eq!(d.severity, "warning");
    let strict: Run = site.check(&["--strict"]);
    strict.code(1);
    d
}

#[test]
fn a_done_change_that_names_no_metric_or_date_is_a_warning() {
    let d = one_warning(
        "status: done, done_on: 2025-12-01, metric: csat,",
        "status: done,",
        "{ text: Courier choice",
    );
    assert_eq!(
        d.message,
        "done opportunity without `metric` and `done_on`: Courier choice"
    );
    assert!(
        d.hint.unwrap().starts_with("say what it was meant to move"),
        "hint"
    );
    let d = one_warning("        done_on: 2026-04-15\n", "", "text: SMS tracking");
    assert_eq!(
        d.message,
        "done opportunity without `done_on`: SMS tracking with a one-hour window"
    );
}

#[test]
fn an_experiment_ended_before_the_newest_data_without_a_decision_is_a_warning() {
    // The newest data is 2026-Q3, which ends on 30 September.
    let d = one_warning("          decision: stop\n", "", "2026-06-30");
    assert_eq!(
        d.message,
        "experiment `Banner on the basket page` ended on 2026-06-30 and has no `decision`"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("add `decision: ship`, `iterate` or `stop`; the newest data is of 2026-09-30")
    );
    // Ended on the day of the newest data: not past it yet.
    let (site, _) = fixture_with(
        "          ended: 2026-06-30\n          control: { n: 400, conversions: 8 }\n          variant: { n: 400, conversions: 15 }\n          decision: stop\n",
        "          ended: 2026-09-30\n          control: { n: 400, conversions: 8 }\n          variant: { n: 400, conversions: 15 }\n",
    );
    let run = site.check(&["--strict"]);
    run.success();
}

#[test]
fn snapshots_of_schema_2_keep_experiments_as_written_and_read_back() {
    let site = Site::fixture("experiments");
    let mut cmd = site.command();
    cmd.args(["snapshot", "2026-Q3", "site", "--date", "2026-09-30"]);
    Run::of(&mut cmd).success();
    let text = std::fs::read_to_string(site.dir().join("releases/2026-Q3.json")).unwrap();
    let snapshot: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(snapshot["schema_version"], 2);
    // The opportunity as written; its results are worked out again when it is read.
    let frozen = &snapshot["journeys"][0]["map"]["stages"][1]["opportunities"][0];
    assert_eq!(frozen["done_on"], "2026-05-10", "{frozen}");
    assert_eq!(frozen["metric"], "conversion_rate", "{frozen}");
    assert_eq!(
        frozen["experiment"]["name"],
        "Delivery date on the confirmation step"
    );
    assert!(!text.contains("\"outcome\""), "outcomes are not stored");
    let out = site.built(&[]);
    let json = out.json();
    assert!(opportunity(&json, "Guest checkout")
        .get("outcome")
        .is_some());
    let page = out.read("releases/2026-Q3/journeys/ordering.html");
    assert!(page.contains("Delivery date on the confirmation step"));
}

#[test]
fn the_readme_example_is_valid_content_and_improved() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme
        .find("### Experiments and outcomes")
        .expect("the README section")..];
    let start = section.find("```yaml\n").unwrap() + "```yaml\n".len();
    let block = &section[start..start + section[start..].find("```").unwrap()];
    // The block is a stage's `opportunities:` with one item; the item joins the checkout
    // stage of the fixture.
    let item = block
        .strip_prefix("    opportunities:\n")
        .expect("the example starts with `opportunities:`");
    let (site, _) = fixture_with("  - id: delivery\n", &format!("{item}  - id: delivery\n"));
    let json = site.built(&[]).json();
    let example = opportunity(&json, "Show the porting date in the order confirmation");
    assert_eq!(example["experiment"]["verdict"], "improved");
    assert_eq!(example["outcome"]["before"]["period"], "2026-04");
}
