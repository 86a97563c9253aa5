//! Pages that read at a glance on any screen: charts framed to keep their text readable,
//! the home page's figures before its introduction, journeys tables that say what their
//! counts are, the pain heatmap naming the stages its journeys share, a persona's
//! journeys without a persona column, and the research story reachable from the top of
//! a journey page.
//!
//! Expected values are worked out by hand from tests/fixtures/basic and the sites
//! written here, not copied from the output.

mod common;

use common::{fixture, Site, MINIMAL_PERSONA, MINIMAL_SITE_YAML};

#[test]
fn every_chart_sits_in_a_focusable_frame_at_its_readable_width() {
    let (_site, out) = fixture();
    for page in [
        "index.html",
        "journeys/buying-online-current.html",
        "personas/anna.html",
    ] {
        let page = out.page(page);
        let charts = page.select("svg.chart");
        assert!(!charts.is_empty(), "{}", page.path);
        for chart in charts {
            let frame = chart
                .parent()
                .and_then(scraper::ElementRef::wrap)
                .expect("a chart's parent is an element");
            assert_eq!(frame.value().attr("class"), Some("chart-scroll"));
            assert_eq!(frame.value().attr("tabindex"), Some("0"));
            let id = chart.value().attr("id").unwrap();
            assert_eq!(
                frame.value().attr("aria-labelledby"),
                Some(format!("{id}-title").as_str())
            );
            // The SVG's width is no more than its viewBox's: text at least 10 px tall
            // needs it no narrower than the viewBox times 10 over the smallest font.
            let view_box: Vec<f64> = chart
                .value()
                .attr("viewBox")
                .unwrap()
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect();
            let width: f64 = chart.value().attr("width").unwrap().parse().unwrap();
            let smallest = chart
                .descendants()
                .filter_map(scraper::ElementRef::wrap)
                .filter_map(|e| e.value().attr("font-size"))
                .filter_map(|s| s.parse::<f64>().ok())
                .fold(f64::INFINITY, f64::min);
            if smallest.is_finite() {
                assert!(
                    width * smallest / view_box[2] >= 10.0 - 0.01,
                    "{id} in {}: {width} px wide, smallest text {smallest} in {}",
                    page.path,
                    view_box[2]
                );
            }
        }
    }
}

#[test]
fn the_home_page_shows_its_figures_before_its_introduction() {
    let (_site, out) = fixture();
    let home = out.page("index.html");
    let ids: Vec<String> = home
        .select("main > section, main > .intro")
        .into_iter()
        .map(|e| {
            e.value()
                .attr("aria-labelledby")
                .unwrap_or("intro")
                .to_string()
        })
        .collect();
    assert_eq!(ids[..2], ["at-a-glance", "intro"]);
}

#[test]
fn the_journeys_table_labels_its_kpi_counts_and_scores_health_out_of_100() {
    let (_site, out) = fixture();
    let home = out.page("index.html");
    // tests/fixtures/basic: the current journey's three KPIs are one of each status.
    assert_eq!(
        home.texts("table.journeys tbody tr:first-child .kpi-count"),
        ["1 on track", "1 at risk", "1 off track"]
    );
    let health = home.texts("table.journeys tbody tr .score");
    assert_eq!(health.len(), 3);
    assert!(health.iter().all(|s| s.ends_with(" / 100")), "{health:?}");
}

#[test]
fn a_persona_page_lists_its_journeys_without_a_persona_column() {
    let (_site, out) = fixture();
    let anna = out.page("personas/anna.html");
    let heads = anna.texts("table.journeys thead th");
    assert_eq!(heads[..2], ["Journey", "Kind"]);
    assert!(!heads.contains(&"Persona".to_string()));
    // Each row has as many cells as the head.
    for row in anna.table("table.journeys") {
        assert_eq!(row.len(), heads.len());
    }
    let home = out.page("index.html");
    assert_eq!(home.texts("table.journeys thead th")[1], "Persona");
}

#[test]
fn the_journey_summary_links_the_research_story() {
    let (_site, out) = fixture();
    let page = out.page("journeys/buying-online-current.html");
    assert_eq!(
        page.attrs("#summary ~ .jump-narrative a", "href"),
        ["#narrative"]
    );
    assert_eq!(page.select("h2#narrative").len(), 1);
    // A journey without a story has no link to one.
    let site = Site::minimal();
    site.journey(
        "buy",
        &common::MINIMAL_JOURNEY.replace("Notes from the interviews.\n", ""),
    );
    let out = site.built(&[]);
    assert!(out
        .page("journeys/buy.html")
        .select(".jump-narrative")
        .is_empty());
}

/// A journey whose stages are named `names`, each with one pain point.
fn journey(title: &str, names: &[&str]) -> String {
    let stages: String = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            format!(
                "  - id: s{i}\n    name: {name}\n    pain_points:\n      - {{ id: p{i}, text: Slow, severity: low }}\n"
            )
        })
        .collect();
    format!("---\ntitle: {title}\npersona: anna\nkind: current-state\nstages:\n{stages}---\n")
}

#[test]
fn the_pain_heatmap_names_the_stages_its_journeys_share() {
    let site = Site::empty();
    site.site_yaml(MINIMAL_SITE_YAML)
        .persona("anna", MINIMAL_PERSONA)
        .journey("a", &journey("Alpha", &["Search", "Compare", "Pay"]))
        .journey("b", &journey("Beta", &["Search", "Choose", "Pay", "Wait"]));
    let out = site.built(&[]);
    let home = out.page("index.html");
    let columns = home.texts("#pain-heatmap ~ figure table.chart-data thead th");
    assert_eq!(
        columns,
        ["Journey", "Search", "Stage 2", "Pay", "Wait"],
        "the second stage is named differently, the fourth only by one journey"
    );
    assert!(home
        .text()
        .contains("Columns the journeys name differently are numbered"));

    // When every column is shared, there is nothing to explain.
    let site = Site::empty();
    site.site_yaml(MINIMAL_SITE_YAML)
        .persona("anna", MINIMAL_PERSONA)
        .journey("a", &journey("Alpha", &["Search", "Pay"]))
        .journey("b", &journey("Beta", &["Search", "Pay"]));
    let out = site.built(&[]);
    let home = out.page("index.html");
    assert_eq!(
        home.texts("#pain-heatmap ~ figure table.chart-data thead th"),
        ["Journey", "Search", "Pay"]
    );
    assert!(!home.text().contains("name differently"));
}
