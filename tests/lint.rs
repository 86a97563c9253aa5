//! Lint and completeness: `check` and `build` print warnings about content that is valid
//! but incomplete, `check --strict` fails on them, and every journey page and the home
//! page show the share of checks each journey passes.

mod common;

use common::{Output, Run, Site};

const SITE_YAML: &str = "\
title: Lint
base_url: /
stale_after_days: 180
metrics:
  visitors: { label: Visitors, unit: count, funnel: true }
  csat: { label: CSAT, unit: score, min: 1, max: 5 }
";

const PERSONA: &str = "---\nname: Anna\nrole: Parent\n---\n";

/// A journey that passes every check.
const COMPLETE: &str = "\
---
title: Buying online
persona: anna
kind: current-state
updated: 2026-03-01
stages:
  - id: search
    name: Search
    emotion: -1
    touchpoints:
      - { name: Search engine, channel: web }
    pain_points:
      - { id: slow, text: Slow pages, severity: high }
  - id: compare
    name: Compare
    emotion: 0
    touchpoints:
      - { name: Product page, channel: web }
  - id: purchase
    name: Purchase
    emotion: 1
    touchpoints:
      - { name: Checkout, channel: web }
    opportunities:
      - { text: Faster pages, impact: high, effort: low, owner: Web team, addresses: [slow] }
---
";

const METRICS: &str = "\
period,stage,metric,value,target
2026-Q1,search,visitors,1000,
2026-Q1,compare,visitors,400,
2026-Q1,purchase,visitors,100,120
2026-Q1,purchase,csat,4.1,4.0
";

fn complete_site() -> Site {
    let site = Site::empty();
    site.site_yaml(SITE_YAML)
        .persona("anna", PERSONA)
        .journey("buy", COMPLETE)
        .metrics("buy", METRICS);
    site
}

/// The complete site with `from` replaced by `to` in the journey.
fn site_with(from: &str, to: &str) -> Site {
    assert!(COMPLETE.contains(from), "the fixture has no {from:?}");
    let site = complete_site();
    site.journey("buy", &COMPLETE.replacen(from, to, 1));
    site
}

/// Asserts that `site` has exactly one warning, at `location`, whose message contains
/// `message`; that plain `check` passes and `check --strict` fails on it; and that the
/// journey page and site.json count the one failed `rule`.
fn assert_one_warning(site: &Site, location: &str, message: &str, rule: &str) {
    let run = site.check(&[]);
    run.success();
    let warnings = run.diagnostics();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    let warning = run.diagnostic(location);
    assert_eq!(warning.severity, "warning");
    assert!(
        warning.message.contains(message),
        "expected {message:?} in {:?}",
        warning.message
    );
    assert!(warning.hint.is_some(), "no hint: {}", run.stderr);

    let strict = site.check(&["--strict"]);
    strict.code(1);
    assert_eq!(strict.diagnostic(location).severity, "warning");

    let out = site.built(&[]);
    let page = out.page("journeys/buy.html");
    let section = page.one("section[aria-labelledby=completeness]");
    let text: String = section.text().collect();
    assert!(text.contains("7 of 8 checks passed (87%)"), "{text}");
    let missing: Vec<String> = page.texts("#completeness ~ ul li.missing");
    assert_eq!(missing.len(), 1, "{missing:?}");
    let json = out.json();
    let checks = json["journeys"][0]["completeness"]["checks"]
        .as_array()
        .unwrap()
        .clone();
    let failed: Vec<&str> = checks
        .iter()
        .filter(|c| c["passed"] == false)
        .map(|c| c["rule"].as_str().unwrap())
        .collect();
    assert_eq!(failed, vec![rule]);
    assert_eq!(json["journeys"][0]["completeness"]["score"], 87);
}

#[test]
fn a_complete_journey_has_no_warning_and_scores_100() {
    let site = complete_site();
    let strict = site.check(&["--strict"]);
    strict.success();
    assert!(strict.diagnostics().is_empty(), "{}", strict.stderr);

    let out = site.built(&[]);
    let page = out.page("journeys/buy.html");
    let meta = page.texts(".meta-list div");
    assert!(
        meta.iter()
            .any(|m| m.contains("Completeness") && m.contains("100%")),
        "{meta:?}"
    );
    assert_eq!(page.select("#completeness ~ ul li.passed").len(), 8);
    assert!(page.select("#completeness ~ ul li.missing").is_empty());
    let home = out.page("index.html");
    let row = home.texts("table.journeys tbody tr");
    assert!(row[0].ends_with("100%"), "{row:?}");
    assert_eq!(out.json()["journeys"][0]["completeness"]["score"], 100);
}

#[test]
fn a_journey_with_fewer_than_three_stages() {
    let site = site_with(
        "  - id: compare\n    name: Compare\n    emotion: 0\n    touchpoints:\n      - { name: Product page, channel: web }\n",
        "",
    );
    site.metrics(
        "buy",
        &METRICS.replace("2026-Q1,compare,visitors,400,\n", ""),
    );
    assert_one_warning(
        &site,
        "site/journeys/buy.md:6:1",
        "the journey has 2 stage(s); a journey map needs at least 3",
        "enough-stages",
    );
}

#[test]
fn a_stage_without_emotion() {
    let site = site_with("    emotion: 0\n", "");
    assert_one_warning(
        &site,
        "site/journeys/buy.md:15:11",
        "stage `compare` has no emotion",
        "stage-emotions",
    );
}

#[test]
fn a_stage_without_touchpoints() {
    let site = site_with(
        "    touchpoints:\n      - { name: Product page, channel: web }\n",
        "",
    );
    assert_one_warning(
        &site,
        "site/journeys/buy.md:15:11",
        "stage `compare` has no touchpoints",
        "stage-touchpoints",
    );
}

#[test]
fn a_pain_point_that_no_opportunity_addresses() {
    let site = site_with(", addresses: [slow]", "");
    assert_one_warning(
        &site,
        "site/journeys/buy.md:13:9",
        "high pain point not addressed: Slow pages",
        "pain-points-addressed",
    );
}

#[test]
fn an_opportunity_without_owner() {
    let site = site_with(" owner: Web team,", "");
    assert_one_warning(
        &site,
        "site/journeys/buy.md:25:9",
        "opportunity without an owner: Faster pages",
        "opportunity-owners",
    );
}

#[test]
fn a_journey_without_metrics() {
    let site = complete_site();
    site.remove("metrics/buy.csv");
    assert_one_warning(
        &site,
        "site/journeys/buy.md:2:8",
        "the journey has no metrics",
        "metrics",
    );
}

#[test]
fn a_future_state_needs_no_metrics() {
    let site = site_with("kind: current-state", "kind: future-state");
    site.remove("metrics/buy.csv");
    site.check(&["--strict"]).success();
}

#[test]
fn a_metric_without_any_target_is_located_at_its_first_row() {
    let site = complete_site();
    site.metrics("buy", &METRICS.replace(",120\n", ",\n"));
    assert_one_warning(
        &site,
        "site/metrics/buy.csv:2:1",
        "metric `visitors` (Visitors) has no target in any period of journey `buy`",
        "metric-targets",
    );
}

#[test]
fn a_journey_not_updated_within_stale_after_days_of_the_newest_data() {
    // 2026-Q4 ends on 2026-12-31, 305 days after the journey's `updated`.
    let site = complete_site();
    site.metrics("buy", &format!("{METRICS}2026-Q4,purchase,csat,4.3,4.0\n"));
    assert_one_warning(
        &site,
        "site/journeys/buy.md:5:10",
        "stale journey: last updated 2026-03-01, 305 days before the newest data (2026-12-31)",
        "fresh",
    );
    // The limit comes from site.yaml.
    site.site_yaml(&SITE_YAML.replace("180", "400"));
    site.check(&["--strict"]).success();
}

#[test]
fn staleness_does_not_depend_on_the_day_of_the_build() {
    let site = complete_site();
    let far_future = "4102444800"; // 2100-01-01
    Run::of(
        site.command()
            .args(["check", "site", "--strict"])
            .env("SOURCE_DATE_EPOCH", far_future),
    )
    .success();
}

#[test]
fn a_journey_without_updated_date() {
    let site = site_with("updated: 2026-03-01\n", "");
    assert_one_warning(
        &site,
        "site/journeys/buy.md:2:8",
        "the journey has no `updated` date",
        "fresh",
    );
}

#[test]
fn a_persona_without_journey_is_a_warning_outside_the_score() {
    let site = complete_site();
    site.persona("marco", "---\nname: Marco\n---\n");
    let run = site.check(&[]);
    run.success();
    let warning = run.diagnostic("site/personas/marco.md:1:1");
    assert_eq!(warning.message, "persona `marco` has no journey");
    site.check(&["--strict"]).code(1);
    let out: Output = site.built(&[]);
    assert_eq!(out.json()["journeys"][0]["completeness"]["score"], 100);
}

#[test]
fn build_prints_warnings_and_succeeds() {
    let site = site_with("    emotion: 0\n", "");
    let run = site.build(&[]);
    run.success();
    assert_eq!(
        run.diagnostic("site/journeys/buy.md:15:11").severity,
        "warning"
    );
}
