//! The metrics on a journey page: the funnel of the latest period with its bottleneck,
//! and the KPIs, each latest value judged against its target, read from comma and
//! semicolon CSVs alike; a journey without metrics says so.
//!
//! Expected numbers are worked out by hand from tests/fixtures/basic/metrics, not copied
//! from the output.

mod common;

use common::fixture;

#[test]
fn funnel_table_and_bottleneck_match_the_csv() {
    let (_site, out) = fixture();
    let page = out.page("journeys/buying-online-current.html");
    // 2026-Q4: 20000 -> 8000 (40%) -> 2000 (25%) -> 1800 (90%).
    assert_eq!(
        page.table("table.funnel"),
        [
            ["Noticing the problem", "20,000", "–", "–"],
            ["Researching options", "8,000", "40%", "60%"],
            ["Checkout Bottleneck", "2,000", "25%", "75%"],
            ["Waiting for delivery", "1,800", "90%", "10%"],
        ]
    );
    assert_eq!(
        page.texts("table.funnel tr.bottleneck th"),
        ["Checkout Bottleneck"]
    );
    assert_eq!(
        page.texts("table.funnel caption"),
        ["Visitors by stage, 2026-Q4"]
    );
    let funnel = page.texts("section[aria-labelledby=funnel] > p")[0].clone();
    assert!(
        funnel.contains("overall conversion 9%"),
        "1800 / 20000 = 9%: {funnel}"
    );
    assert!(
        funnel.contains("largest drop: 75% between Researching options and Checkout"),
        "{funnel}"
    );
    let summary = page.text();
    assert!(
        summary.contains(
            "Bottleneck: Checkout, largest drop: 75% between Researching options and Checkout (2026-Q4)."
        ),
        "{summary}"
    );
}

#[test]
fn funnel_reads_a_semicolon_csv_with_decimal_commas() {
    let (_site, out) = fixture();
    let page = out.page("journeys/store-advice-blueprint.html");
    // 2026-Q4: 1200 -> 900 (75%) -> 300 (33.3%).
    assert_eq!(
        page.table("table.funnel"),
        [
            ["Welcome", "1,200", "–", "–"],
            ["Getting advice", "900", "75%", "25%"],
            ["Paying Bottleneck", "300", "33.3%", "66.7%"],
        ]
    );
    assert!(page
        .text()
        .contains("largest drop: 66.7% between Getting advice and Paying"));
}

#[test]
fn kpi_table_judges_the_latest_value_against_its_target() {
    let (_site, out) = fixture();
    let page = out.page("journeys/buying-online-current.html");
    // awareness/csat has no target in 2026-Q4, visitors never has one: neither is a KPI.
    assert_eq!(
        page.table("table.kpis"),
        [
            // 3.8 misses 4.0 by 5% (at most 10%): at risk; 3.8 - 3.0 = +0.8.
            [
                "Checkout",
                "Conversion",
                "2026-Q4",
                "3.8%",
                "4%",
                "! At risk",
                "+0.8% (better than 2026-Q3)",
            ],
            // 4.3 meets 4.2; 4.3 - 4.1 = +0.2.
            [
                "Waiting for delivery",
                "CSAT",
                "2026-Q4",
                "4.3",
                "4.2",
                "✓ On track",
                "+0.2 (better than 2026-Q3)",
            ],
            // Lower is better: 6 days is 50% over a target of 4; 6 - 4 = +2, worse.
            [
                "Waiting for delivery",
                "Time in stage",
                "2026-Q4",
                "6 d",
                "4 d",
                "✗ Off track",
                "+2 d (worse than 2026-Q3)",
            ],
        ]
    );
    assert!(page
        .text()
        .contains("KPIs in the latest period: 1 on track, 1 at risk, 1 off track."));
}

#[test]
fn kpi_table_of_the_semicolon_csv() {
    let (_site, out) = fixture();
    let page = out.page("journeys/store-advice-blueprint.html");
    assert_eq!(
        page.table("table.kpis"),
        [
            // "4,4" against "4,5": 0.1 short, within 10%; down from 4.5.
            [
                "Getting advice",
                "CSAT",
                "2026-Q4",
                "4.4",
                "4.5",
                "! At risk",
                "\u{2212}0.1 (worse than 2026-Q3)",
            ],
            // "0,5" days against "0,5", lower is better: met on the dot; down from 0.6.
            [
                "Getting advice",
                "Time in stage",
                "2026-Q4",
                "0.5 d",
                "0.5 d",
                "✓ On track",
                "\u{2212}0.1 d (better than 2026-Q3)",
            ],
        ]
    );
}

#[test]
fn journey_without_metrics_says_so() {
    let (_site, out) = fixture();
    let page = out.page("journeys/buying-online-future.html");
    assert!(page.select("table.funnel").is_empty());
    assert!(page.select("table.kpis").is_empty());
    let text = page.text();
    assert!(text.contains("No funnel data for this journey."), "{text}");
    assert!(
        text.contains("No KPI with a target for this journey."),
        "{text}"
    );
}
