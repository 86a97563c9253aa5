//! `waymark build` of the fixture site: which files it writes and what the pages show.
//!
//! Expected numbers are worked out by hand from tests/fixtures/basic, not copied from
//! the output.

mod common;

use common::{Output, Page, Site};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

const BASE_URL: &str = "https://cx.example.com/acme/";

const JOURNEYS: [&str; 3] = [
    "buying-online-current",
    "buying-online-future",
    "store-advice-blueprint",
];

fn fixture() -> (Site, Output) {
    let site = Site::fixture("basic");
    let out = site.built(&[]);
    (site, out)
}

#[test]
fn writes_every_expected_file() {
    let (_site, out) = fixture();
    for file in [
        "index.html",
        "personas/anna.html",
        "personas/marco.html",
        "journeys/buying-online-current.html",
        "journeys/buying-online-future.html",
        "journeys/store-advice-blueprint.html",
        "pain-points.html",
        "opportunities.html",
        "404.html",
        "sitemap.xml",
        "data/site.json",
        ".nojekyll",
        "assets/style.css",
        "static/logo.svg",
    ] {
        assert!(
            out.path(file).is_file(),
            "{file} is missing; files: {:?}",
            out.files()
        );
    }
}

#[test]
fn reports_what_it_built() {
    let site = Site::fixture("basic");
    let run = site.build(&[]);
    run.success();
    assert!(
        run.stderr.contains("built 3 journeys and 2 personas"),
        "{}",
        run.stderr
    );
}

#[test]
fn static_files_are_copied_as_they_are() {
    let (site, out) = fixture();
    let original = std::fs::read(site.dir().join("static/logo.svg")).unwrap();
    assert_eq!(
        std::fs::read(out.path("static/logo.svg")).unwrap(),
        original
    );
}

#[test]
fn nojekyll_is_written_for_github_pages() {
    let (_site, out) = fixture();
    assert_eq!(std::fs::read(out.path(".nojekyll")).unwrap(), b"");
}

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
            "-1 negative",
            "-1 negative",
            "-2 very negative",
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

#[test]
fn persona_page_lists_its_journeys() {
    let (_site, out) = fixture();
    let anna = out.page("personas/anna.html");
    assert_eq!(anna.texts("h1"), ["Anna Berger"]);
    assert_eq!(
        anna.texts("table.journeys tbody th[scope=row] a"),
        [
            "Buying a humidifier online — today",
            "Buying a humidifier online — target",
        ]
    );
    assert_eq!(
        anna.attrs("table.journeys tbody th[scope=row] a", "href"),
        [
            "../journeys/buying-online-current.html",
            "../journeys/buying-online-future.html",
        ]
    );
    assert_eq!(
        anna.texts(".profile-grid dt"),
        [
            "Segment",
            "Goals",
            "Frustrations",
            "Motivations",
            "Channels"
        ]
    );
    assert_eq!(
        anna.texts(".profile-grid dd li"),
        [
            "A quiet humidifier under 100 EUR",
            "Healthy air for the kids",
            "Jargon in product pages",
            "Slow delivery",
            "Family health",
            "web",
            "social",
            "store",
        ]
    );
    assert_eq!(
        anna.texts("blockquote.quote"),
        ["“I just want the air to stop hurting my skin.”"]
    );

    let marco = out.page("personas/marco.html");
    assert_eq!(
        marco.texts("table.journeys tbody th[scope=row] a"),
        ["Advice in the store"]
    );
}

const DRAFT: &str = "\
---
title: Returning a faulty unit
persona: marco
kind: current-state
draft: true
stages:
  - id: notice
    name: Noticing the fault
    emotion: -2
    pain_points:
      - { text: The hotline is always busy, severity: critical }
  - id: send
    name: Sending it back
    emotion: -1
---
Work in progress.
";

fn with_draft() -> Site {
    let site = Site::fixture("basic");
    site.journey("returns-draft", DRAFT).metrics(
        "returns-draft",
        "period,stage,metric,value\n2026-Q4,notice,visitors,100\n2026-Q4,send,visitors,40\n",
    );
    site
}

#[test]
fn drafts_are_left_out_by_default() {
    let site = with_draft();
    let run = site.build(&[]);
    run.success();
    assert!(run.stderr.contains("built 3 journeys"), "{}", run.stderr);
    let out = Output::at(site.out());
    assert!(!out.path("journeys/returns-draft.html").exists());
    for page in ["index.html", "personas/marco.html", "pain-points.html"] {
        let text = out.page(page).text();
        assert!(
            !text.contains("Returning a faulty unit"),
            "{page} shows the draft"
        );
        assert!(
            !text.contains("The hotline is always busy"),
            "{page} shows the draft"
        );
    }
    assert!(!out.read("sitemap.xml").contains("returns-draft"));
    assert!(!out.read("data/site.json").contains("returns-draft"));
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = with_draft();
    let run = site.build(&["--drafts"]);
    run.success();
    assert!(run.stderr.contains("built 4 journeys"), "{}", run.stderr);
    let out = Output::at(site.out());
    let page = out.page("journeys/returns-draft.html");
    assert_eq!(page.texts("h1"), ["Returning a faulty unit Draft"]);
    let index = out.page("index.html");
    assert!(index
        .texts("table.journeys tbody th[scope=row]")
        .contains(&"Returning a faulty unit Draft".to_string()));
    assert_eq!(
        out.page("personas/marco.html")
            .texts("table.journeys tbody th[scope=row] a"),
        // By journey id: `returns-draft` before `store-advice-blueprint`.
        ["Returning a faulty unit", "Advice in the store"]
    );
    assert!(out
        .read("sitemap.xml")
        .contains("<loc>https://cx.example.com/acme/journeys/returns-draft.html</loc>"));
}

#[test]
fn not_found_page_uses_base_url_for_assets_and_links() {
    let (_site, out) = fixture();
    let page = out.page("404.html");
    assert_eq!(
        page.attrs("link[rel=stylesheet]", "href"),
        [format!("{BASE_URL}assets/style.css")]
    );
    assert_eq!(
        page.attrs("nav a", "href"),
        [
            format!("{BASE_URL}index.html"),
            format!("{BASE_URL}pain-points.html"),
            format!("{BASE_URL}opportunities.html"),
        ]
    );
}

#[test]
fn not_found_page_uses_a_path_base_url_too() {
    let site = Site::fixture("basic");
    let out = site.built(&["--base-url", "/acme-cx/"]);
    let page = out.page("404.html");
    assert_eq!(
        page.attrs("link[rel=stylesheet]", "href"),
        ["/acme-cx/assets/style.css"]
    );
    assert_eq!(page.attrs("main a", "href"), ["/acme-cx/index.html"]);
}

/// The `<loc>`s of a sitemap, sorted (the order of a sitemap carries no meaning).
fn sitemap_locs(xml: &str) -> Vec<String> {
    let mut locs: Vec<String> = xml
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().to_string())
        .collect();
    locs.sort();
    locs
}

fn expected_locs(base: &str) -> Vec<String> {
    [
        "index.html",
        "journeys/buying-online-current.html",
        "journeys/buying-online-future.html",
        "journeys/store-advice-blueprint.html",
        "opportunities.html",
        "pain-points.html",
        "personas/anna.html",
        "personas/marco.html",
    ]
    .iter()
    .map(|p| format!("{base}{p}"))
    .collect()
}

#[test]
fn sitemap_has_absolute_urls_from_base_url() {
    let (_site, out) = fixture();
    let xml = out.read("sitemap.xml");
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{xml}"
    );
    assert!(xml.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    // Every page but the 404 page.
    assert_eq!(sitemap_locs(&xml), expected_locs(BASE_URL));
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let site = Site::fixture("basic");
    let out = site.built(&["--base-url", "https://preview.example.org/pr-7/"]);
    assert_eq!(
        sitemap_locs(&out.read("sitemap.xml")),
        expected_locs("https://preview.example.org/pr-7/")
    );
    assert_eq!(
        out.page("journeys/buying-online-current.html")
            .attrs("link[rel=canonical]", "href"),
        ["https://preview.example.org/pr-7/journeys/buying-online-current.html"]
    );
    assert_eq!(
        out.page("404.html").attrs("link[rel=stylesheet]", "href"),
        ["https://preview.example.org/pr-7/assets/style.css"]
    );
}

#[test]
fn base_url_without_a_trailing_slash_gives_the_same_urls() {
    let site = Site::fixture("basic");
    let out = site.built(&["--base-url", "https://cx.example.com/acme"]);
    assert_eq!(
        sitemap_locs(&out.read("sitemap.xml")),
        expected_locs(BASE_URL)
    );
}

#[test]
fn pages_link_to_each_other_relatively() {
    let (_site, out) = fixture();
    for file in out.html_files() {
        if file == "404.html" {
            continue;
        }
        let page = out.page(&file);
        for element in page.select("[href], [src]") {
            if element.value().attr("rel") == Some("canonical") {
                continue;
            }
            let url = element
                .value()
                .attr("href")
                .or_else(|| element.value().attr("src"))
                .unwrap();
            assert!(!url.starts_with('/'), "{file}: absolute path {url}");
            assert!(!url.starts_with(BASE_URL), "{file}: absolute URL {url}");
        }
    }
}

/// Resolves `href` found in the page at `from` (both relative to the output folder).
fn resolve(from: &str, href: &str) -> PathBuf {
    let mut path = PathBuf::new();
    for component in Path::new(from).parent().unwrap().join(href).components() {
        match component {
            Component::ParentDir => {
                assert!(path.pop(), "{from}: {href} leaves the site");
            }
            Component::Normal(part) => path.push(part),
            _ => {}
        }
    }
    path
}

#[test]
fn every_relative_link_resolves_to_a_file_and_anchor() {
    let (_site, out) = fixture();
    let files = out.html_files();
    let mut checked = 0;
    for file in &files {
        if file == "404.html" {
            continue;
        }
        let page = out.page(file);
        for (element, url) in page
            .select("a[href], link[href]")
            .into_iter()
            .filter_map(|e| e.value().attr("href").map(|h| (e, h)))
        {
            if element.value().attr("rel") == Some("canonical") || url.contains("://") {
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (url, None),
            };
            let target = if path.is_empty() {
                PathBuf::from(file)
            } else {
                resolve(file, path)
            };
            assert!(
                out.dir.join(&target).is_file(),
                "{file}: {url} points at a missing file"
            );
            if let Some(fragment) = fragment {
                let target = target.to_string_lossy().replace('\\', "/");
                let ids: BTreeSet<String> = if target == *file {
                    page.ids().into_iter().collect()
                } else {
                    out.page(&target).ids().into_iter().collect()
                };
                assert!(ids.contains(fragment), "{file}: no #{fragment} in {target}");
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links were checked");
}

#[test]
fn canonical_links_are_absolute_when_base_url_is_a_full_url() {
    let (_site, out) = fixture();
    for (file, canonical) in [
        ("index.html", "https://cx.example.com/acme/index.html"),
        (
            "personas/anna.html",
            "https://cx.example.com/acme/personas/anna.html",
        ),
        (
            "journeys/store-advice-blueprint.html",
            "https://cx.example.com/acme/journeys/store-advice-blueprint.html",
        ),
        (
            "pain-points.html",
            "https://cx.example.com/acme/pain-points.html",
        ),
    ] {
        assert_eq!(
            out.page(file).attrs("link[rel=canonical]", "href"),
            [canonical],
            "{file}"
        );
    }
}

#[test]
fn no_canonical_link_when_base_url_is_a_path() {
    let site = Site::fixture("basic");
    let out = site.built(&["--base-url", "/acme-cx/"]);
    for file in out.html_files() {
        assert!(
            out.page(&file).select("link[rel=canonical]").is_empty(),
            "{file} has a canonical link"
        );
    }
}

#[test]
fn every_page_has_a_title_and_one_h1() {
    let (_site, out) = fixture();
    let pages: Vec<Page> = out.html_files().iter().map(|f| out.page(f)).collect();
    for page in &pages {
        assert_eq!(page.select("h1").len(), 1, "{}", page.path);
        assert_eq!(page.select("html[lang=en]").len(), 1, "{}", page.path);
    }
    let title = |file: &str| {
        pages
            .iter()
            .find(|p| p.path == file)
            .unwrap()
            .texts("title")
    };
    assert_eq!(title("index.html"), ["Acme Home — customer journeys"]);
    assert_eq!(
        title("journeys/store-advice-blueprint.html"),
        ["Advice in the store · Acme Home — customer journeys"]
    );
}
