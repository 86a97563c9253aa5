//! The pages about the whole portfolio: the index (personas, journeys, key figures and
//! quick wins), pain-points.html and opportunities.html, each in its documented order.
//!
//! Expected numbers are worked out by hand from tests/fixtures/basic, not copied from
//! the output.

mod common;

use common::fixture;

const JOURNEYS: [&str; 3] = [
    "buying-online-current",
    "buying-online-future",
    "store-advice-blueprint",
];

#[test]
fn index_lists_every_persona_and_journey_with_links_that_resolve() {
    let (_site, out) = fixture();
    let index = out.page("index.html");
    assert_eq!(index.texts(".cards h3 a"), ["Anna Berger", "Marco Rossi"]);
    assert_eq!(
        index.attrs(".cards h3 a", "href"),
        ["personas/anna.html", "personas/marco.html"]
    );
    assert_eq!(
        index.texts("table.journeys tbody th[scope=row] a"),
        [
            "Buying a humidifier online — today",
            "Buying a humidifier online — target",
            "Advice in the store",
        ]
    );
    let hrefs = index.attrs("table.journeys tbody th[scope=row] a", "href");
    let expected: Vec<String> = JOURNEYS
        .iter()
        .map(|j| format!("journeys/{j}.html"))
        .collect();
    assert_eq!(hrefs, expected);
    for href in hrefs.iter().chain(&index.attrs(".cards h3 a", "href")) {
        assert!(out.path(href).is_file(), "{href} does not resolve");
    }
}

#[test]
fn index_shows_the_intro_and_the_portfolio_figures() {
    let (_site, out) = fixture();
    let index = out.page("index.html");
    assert_eq!(
        index.texts(".intro p"),
        ["Journey maps of the Acme Home customer experience team, reviewed every quarter."]
    );
    assert_eq!(
        index.texts("dl.figures dt"),
        [
            "Journeys",
            "Personas",
            "Mean emotion",
            "Critical and high pain points",
            "KPIs off track",
        ]
    );
    // Mean of the 11 stage emotions: (-1 -1 -2 +1) + (0 +1 +1 +2) + (0 +1 +1) = 3 / 11;
    // 1 critical + 2 high pain points; 1 of 5 KPIs (3 + 2 in the two CSVs) off track.
    assert_eq!(
        index.texts("dl.figures dd"),
        ["3", "2", "+0.27", "3", "1 of 5"]
    );
}

#[test]
fn index_quick_wins_are_the_open_high_or_medium_impact_low_effort_ones() {
    let (_site, out) = fixture();
    let index = out.page("index.html");
    let rows = index.table("section[aria-labelledby=quick-wins] table.opportunities");
    let texts: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    // "Publish a humidity guide" is a quick win too, but done.
    assert_eq!(
        texts,
        [
            "Show delivery costs on the product page",
            "Show noise in dB(A) on every product card",
        ]
    );
}

#[test]
fn portfolio_pain_points_are_by_severity_then_journey_then_stage() {
    let (_site, out) = fixture();
    let page = out.page("pain-points.html");
    let rows = page.table("table.pain-points");
    let got: Vec<[&str; 3]> = rows
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str()])
        .collect();
    assert_eq!(
        got,
        [
            [
                "Critical",
                "Delivery costs appear only at the last step",
                "Buying a humidifier online — today"
            ],
            [
                "High",
                "Product pages never say which model suits which room",
                "Buying a humidifier online — today"
            ],
            [
                "High",
                "Nobody in the climate aisle before 10:00",
                "Advice in the store"
            ],
            [
                "Medium",
                "Few trustworthy explanations of healthy humidity",
                "Buying a humidifier online — today"
            ],
            [
                "Medium",
                "An account is required to buy",
                "Buying a humidifier online — today"
            ],
            [
                "Medium",
                "Delivery window of three to five working days",
                "Buying a humidifier online — today"
            ],
            [
                "Low",
                "Noise level only in the PDF data sheet",
                "Buying a humidifier online — today"
            ],
            [
                "Low",
                "Few payment options",
                "Buying a humidifier online — target"
            ],
        ]
    );
    assert_eq!(
        page.texts("ul.counts li"),
        ["Critical 1", "High 2", "Medium 3", "Low 2"]
    );
}

#[test]
fn portfolio_opportunities_are_in_work_order_across_journeys() {
    let (_site, out) = fixture();
    let page = out.page("opportunities.html");
    let rows = page.table("table.opportunities");
    let got: Vec<[&str; 3]> = rows
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str()])
        .collect();
    let today = "Buying a humidifier online — today";
    assert_eq!(
        got,
        [
            ["1", "Show delivery costs on the product page", today],
            ["2", "Show noise in dB(A) on every product card", today],
            // Big bets with high impact: medium effort before high effort.
            ["3", "Room-size and noise selector", today],
            [
                "4",
                "Staff the climate aisle from opening time",
                "Advice in the store"
            ],
            // Big bets with medium impact.
            ["5", "SMS tracking with a one-hour window", today],
            [
                "6",
                "Add instalment payments",
                "Buying a humidifier online — target"
            ],
            ["7", "Guest checkout", today],
            ["8", "Loyalty programme", today],
            ["9", "Publish a humidity guide", today],
        ]
    );
    assert_eq!(
        page.attrs("table.opportunities tbody a", "href")[3],
        "journeys/store-advice-blueprint.html"
    );
}
