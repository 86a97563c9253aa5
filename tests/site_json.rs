//! `data/site.json`: the whole model and its analysis, for other tools to read.
//!
//! Values are worked out by hand from tests/fixtures/basic.

mod common;

use common::Site;
use serde_json::{json, Value};

fn site_json() -> Value {
    Site::fixture("basic").built(&[]).json()
}

fn journey<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["journeys"]
        .as_array()
        .expect("journeys is an array")
        .iter()
        .find(|j| j["id"] == id)
        .unwrap_or_else(|| panic!("no journey {id} in site.json"))
}

fn assert_close(actual: &Value, expected: f64, what: &str) {
    let actual = actual
        .as_f64()
        .unwrap_or_else(|| panic!("{what} is not a number: {actual}"));
    assert!(
        (actual - expected).abs() < 1e-9,
        "{what}: {actual} is not {expected}"
    );
}

#[test]
fn lists_every_journey_by_id_in_order() {
    let doc = site_json();
    let ids: Vec<&str> = doc["journeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "buying-online-current",
            "buying-online-future",
            "store-advice-blueprint"
        ]
    );
    let personas: Vec<&str> = doc["personas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(personas, ["anna", "marco"]);
}

#[test]
fn journeys_keep_their_front_matter() {
    let doc = site_json();
    let current = journey(&doc, "buying-online-current");
    assert_eq!(current["title"], "Buying a humidifier online — today");
    assert_eq!(current["persona"], "anna");
    assert_eq!(current["kind"], "current-state");
    assert_eq!(current["compare_to"], "buying-online-future");
    assert_eq!(current["updated"], "2026-10-01");
    let stages: Vec<&str> = current["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["awareness", "research", "checkout", "delivery"]);
    assert_eq!(current["stages"][2]["emotion"], -2);
}

#[test]
fn funnel_bottleneck_is_a_stage_id() {
    let doc = site_json();
    let funnel = &journey(&doc, "buying-online-current")["funnel"];
    assert_eq!(funnel["bottleneck"], "checkout");
    assert_eq!(funnel["metric"], "visitors");
    assert_eq!(funnel["period"], "2026-Q4");
    assert_close(&funnel["overall_conversion"], 0.09, "overall conversion");
    let steps: Vec<(&str, f64)> = funnel["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["stage"].as_str().unwrap(), s["value"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            ("awareness", 20000.0),
            ("research", 8000.0),
            ("checkout", 2000.0),
            ("delivery", 1800.0)
        ]
    );
    assert_close(
        &funnel["steps"][2]["conversion"],
        0.25,
        "checkout conversion",
    );

    let blueprint = &journey(&doc, "store-advice-blueprint")["funnel"];
    assert_eq!(blueprint["bottleneck"], "purchase");
    assert_close(&blueprint["overall_conversion"], 0.25, "300 / 1200");
}

#[test]
fn a_journey_without_metrics_has_no_funnel_and_no_kpis() {
    let doc = site_json();
    let future = journey(&doc, "buying-online-future");
    assert_eq!(future["funnel"], Value::Null);
    assert_eq!(future["kpis"], json!([]));
}

/// The KPI fields this test file cares about, with numbers rounded for comparison.
fn kpi_rows(journey: &Value) -> Vec<Value> {
    journey["kpis"]
        .as_array()
        .expect("kpis is an array")
        .iter()
        .map(|k| {
            json!({
                "stage": k["stage"],
                "metric": k["metric"],
                "period": k["period"],
                "value": k["value"],
                "target": k["target"],
                "status": k["status"],
            })
        })
        .collect()
}

#[test]
fn kpis_carry_stage_metric_period_value_target_and_status() {
    let doc = site_json();
    let current = journey(&doc, "buying-online-current");
    assert_eq!(
        kpi_rows(current),
        [
            json!({"stage": "checkout", "metric": "conversion_rate", "period": "2026-Q4",
                   "value": 3.8, "target": 4.0, "status": "at-risk"}),
            json!({"stage": "delivery", "metric": "csat", "period": "2026-Q4",
                   "value": 4.3, "target": 4.2, "status": "on-track"}),
            json!({"stage": "delivery", "metric": "time_in_stage", "period": "2026-Q4",
                   "value": 6.0, "target": 4.0, "status": "off-track"}),
        ]
    );
    let kpis = &current["kpis"];
    assert_close(&kpis[0]["delta"], 0.8, "3.8 - 3.0");
    assert_eq!(kpis[0]["previous_period"], "2026-Q3");
    assert_eq!(kpis[0]["trend"], "better");
    assert_eq!(kpis[2]["trend"], "worse");
}

#[test]
fn kpis_of_the_semicolon_csv_have_decimal_values() {
    let doc = site_json();
    assert_eq!(
        kpi_rows(journey(&doc, "store-advice-blueprint")),
        [
            json!({"stage": "advice", "metric": "csat", "period": "2026-Q4",
                   "value": 4.4, "target": 4.5, "status": "at-risk"}),
            json!({"stage": "advice", "metric": "time_in_stage", "period": "2026-Q4",
                   "value": 0.5, "target": 0.5, "status": "on-track"}),
        ]
    );
}

#[test]
fn portfolio_counts_match_the_fixture() {
    let doc = site_json();
    let portfolio = &doc["portfolio"];
    assert_eq!(portfolio["journey_count"], 3);
    assert_eq!(portfolio["persona_count"], 2);
    assert_eq!(
        portfolio["severity_counts"],
        json!({"critical": 1, "high": 2, "medium": 3, "low": 2})
    );
    assert_eq!(
        portfolio["kpi_status_counts"],
        json!({"on_track": 2, "at_risk": 2, "off_track": 1})
    );
    // Touchpoint channels across all journeys, sorted.
    assert_eq!(
        portfolio["touchpoint_matrix"]["channels"],
        json!(["email", "partner", "store", "web"])
    );
}

#[test]
fn site_settings_are_included() {
    let doc = site_json();
    assert_eq!(doc["site"]["title"], "Acme Home — customer journeys");
    assert_eq!(doc["site"]["base_url"], "https://cx.example.com/acme/");
    assert_eq!(doc["site"]["metrics"]["visitors"]["funnel"], true);
    assert_eq!(doc["site"]["metrics"]["time_in_stage"]["better"], "lower");
}
