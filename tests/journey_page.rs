//! A journey page: the journey map (one column per stage, one row per lane, and the
//! blueprint lanes for service blueprints only), the journey's pain points and
//! opportunities in their documented order, and the side-by-side view of `compare_to`.
//!
//! Expected values are worked out by hand from tests/fixtures/basic, not copied from
//! the output.

mod common;

use common::fixture;

#[test]
fn journey_map_has_one_column_per_stage_in_order() {
    let (_site, out) = fixture();
    let page = out.page("journeys/buying-online-current.html");
    assert_eq!(
        page.texts("table.journey-map thead th"),
        [
            "Lane",
            "1 Noticing the problem",
            "2 Researching options",
            "3 Checkout",
            "4 Waiting for delivery",
        ]
    );
    assert_eq!(
        page.attrs("table.journey-map thead th[id]", "id"),
        [
            "stage-awareness",
            "stage-research",
            "stage-checkout",
            "stage-delivery"
        ]
    );
}

#[test]
fn journey_map_has_the_customer_lanes_as_rows() {
    let (_site, out) = fixture();
    let page = out.page("journeys/buying-online-current.html");
    assert_eq!(
        page.texts("table.journey-map tbody th[scope=row]"),
        [
            "Goal",
            "Actions",
            "Thoughts",
            "Emotion",
            "Touchpoints",
            "Pain points",
            "Opportunities",
        ]
    );
    let rows = page.table("table.journey-map");
    for row in &rows {
        assert_eq!(row.len(), 5, "a lane has one cell per stage: {row:?}");
    }
    assert_eq!(
        rows[0][1..],
        [
            "Understand why the air feels dry",
            "Find a model that suits a small bedroom",
            "Pay quickly without surprises",
            "Know when the parcel arrives",
        ]
    );
    assert_eq!(
        rows[3][1..],
        [
            "−1 negative",
            "−1 negative",
            "−2 very negative",
            "+1 positive"
        ]
    );
    assert_eq!(
        page.texts("tr.lane-touchpoints td:nth-child(2) li"),
        [
            "Search engine (web, indirect, online)",
            "Pharmacist (partner, indirect, offline)",
        ]
    );
    assert_eq!(
        page.texts("tr.lane-pain td:nth-child(4) li"),
        [
            "Critical Delivery costs appear only at the last step",
            "Medium An account is required to buy",
        ]
    );
}

#[test]
fn blueprint_lanes_appear_only_for_the_blueprint_journey() {
    let (_site, out) = fixture();
    let page = out.page("journeys/store-advice-blueprint.html");
    assert_eq!(
        page.texts("table.journey-map tbody th[scope=row]"),
        [
            "Goal",
            "Actions",
            "Thoughts",
            "Emotion",
            "Touchpoints",
            "Pain points",
            "Opportunities",
            "Frontstage",
            "Backstage",
            "Support",
            "Evidence",
        ]
    );
    let rows = page.table("table.journey-map");
    assert_eq!(
        rows[7],
        [
            "Frontstage",
            "Greeter at the entrance",
            "Adviser demonstrates two models",
            ""
        ]
    );
    assert_eq!(rows[10], ["Evidence", "Aisle signage", "Demo units", ""]);

    for journey in ["buying-online-current", "buying-online-future"] {
        let page = out.page(&format!("journeys/{journey}.html"));
        assert!(
            page.select("tr.lane-blueprint").is_empty(),
            "{journey} shows blueprint lanes"
        );
    }
}

#[test]
fn journey_pain_points_are_most_severe_first_then_in_stage_order() {
    let (_site, out) = fixture();
    let page = out.page("journeys/buying-online-current.html");
    let rows = page.table("table.pain-points");
    let got: Vec<[&str; 4]> = rows
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str(), r[3].as_str()])
        .collect();
    assert_eq!(
        got,
        [
            [
                "Critical",
                "Delivery costs appear only at the last step",
                "Checkout",
                "Show delivery costs on the product page"
            ],
            [
                "High",
                "Product pages never say which model suits which room",
                "Researching options",
                "Room-size and noise selector"
            ],
            [
                "Medium",
                "Few trustworthy explanations of healthy humidity",
                "Noticing the problem",
                "Publish a humidity guide"
            ],
            [
                "Medium",
                "An account is required to buy",
                "Checkout",
                "Guest checkout"
            ],
            [
                "Medium",
                "Delivery window of three to five working days",
                "Waiting for delivery",
                "Not addressed"
            ],
            [
                "Low",
                "Noise level only in the PDF data sheet",
                "Researching options",
                "Show noise in dB(A) on every product card"
            ],
        ]
    );
}

#[test]
fn journey_opportunities_are_quick_wins_first_and_done_last() {
    let (_site, out) = fixture();
    let page = out.page("journeys/buying-online-current.html");
    let rows = page.table("table.opportunities");
    let got: Vec<[&str; 4]> = rows
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str(), r[5].as_str(), r[6].as_str()])
        .collect();
    assert_eq!(
        got,
        [
            [
                "1",
                "Show delivery costs on the product page",
                "Quick win",
                "Planned"
            ],
            [
                "2",
                "Show noise in dB(A) on every product card",
                "Quick win",
                "Planned"
            ],
            [
                "3",
                "Room-size and noise selector",
                "Big bet",
                "In progress"
            ],
            [
                "4",
                "SMS tracking with a one-hour window",
                "Big bet",
                "Idea"
            ],
            ["5", "Guest checkout", "Fill in", "Idea"],
            ["6", "Loyalty programme", "Money pit", "Idea"],
            ["7", "Publish a humidity guide", "Quick win", "Done"],
        ]
    );
    // An opportunity without an owner shows a dash.
    assert_eq!(rows[5][7], "–");
}

#[test]
fn compare_to_shows_both_journeys_side_by_side() {
    let (_site, out) = fixture();
    let page = out.page("journeys/buying-online-current.html");
    assert_eq!(
        page.texts("#compare"),
        ["Side by side: Buying a humidifier online — target"]
    );
    assert_eq!(
        page.texts(".side-by-side .side h3"),
        [
            "Buying a humidifier online — today (Current state, this page)",
            "Buying a humidifier online — target (Future state)",
        ]
    );
    assert_eq!(
        page.attrs(".side-by-side .side h3 a", "href"),
        ["../journeys/buying-online-future.html"]
    );
    assert_eq!(
        page.texts(".side-by-side caption"),
        [
            "Stages of Buying a humidifier online — today",
            "Stages of Buying a humidifier online — target",
        ]
    );
    let other = page.select(".side-by-side .side")[1];
    let stages: Vec<String> = other
        .select(&scraper::Selector::parse("tbody th").unwrap())
        .map(common::text)
        .collect();
    assert_eq!(
        stages,
        [
            "Noticing the problem",
            "Choosing with the selector",
            "Checkout",
            "Tracked delivery"
        ]
    );
    // The meta list links the other journey too.
    assert!(page
        .attrs(".meta-list a", "href")
        .contains(&"../journeys/buying-online-future.html".to_string()));

    // compare_to points one way only.
    let future = out.page("journeys/buying-online-future.html");
    assert!(future.select("#compare").is_empty());
}
