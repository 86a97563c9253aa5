//! The pages of what changes did: each journey's experiments (control against variant,
//! difference and lift with their intervals, p-value, verdict in words) with a forest
//! plot, the outcomes of shipped changes before and after, the ship dates on the KPI
//! charts, the portfolio's experiments-and-outcomes page, and releases: frozen pages of
//! schema 2 and the page of what changed.
//!
//! `tests/fixtures/experiments` (read by tests/experiments.rs too) has five experiments
//! (improved twice, inconclusive with a split mismatch, underpowered, running) and five
//! shipped changes (three better, one too early, one without data before).

mod common;

use common::{Output, Page, Site};

fn built() -> (Site, Output) {
    let site = Site::fixture("experiments");
    let out = site.built(&[]);
    (site, out)
}

/// The row of `table` whose first cell starts with `name`.
fn row<'a>(rows: &'a [Vec<String>], name: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0].starts_with(name))
        .unwrap_or_else(|| panic!("no row {name:?} in {rows:?}"))
}

#[test]
fn each_experiment_shows_both_arms_difference_lift_p_value_and_verdict_in_words() {
    let (_site, out) = built();
    let page = out.page("journeys/ordering.html");
    let rows = page.table("section[aria-labelledby=experiments] table.experiments");
    assert_eq!(rows.len(), 5);
    // The golden example: 310 and 362 of 10,000.
    assert_eq!(
        row(&rows, "Delivery date on the confirmation step"),
        [
            "Delivery date on the confirmation step 2026-04-01 – 2026-04-28",
            "Show the delivery date in the order confirmation (Checkout)",
            "Conversion",
            "3.1% n = 10,000",
            "3.6% n = 10,000",
            "+0.52 pp +0.02 pp to +1.02 pp",
            "+16.8% +0.6% to +35.6%",
            "0.041",
            "▲ Improved",
            "Ship",
        ]
    );
    // A mean of a lower-is-better metric, its p-value below what three decimals show.
    let sms = row(&rows, "SMS tracking in one region");
    assert_eq!(
        sms[5..9],
        ["−0.3 d −0.4 d to −0.2 d", "−8.3%", "< 0.001", "▲ Improved"]
    );
    let guest = row(&rows, "Guest checkout for first orders");
    assert_eq!(guest[8], "● Inconclusive Split mismatch");
    let running = row(&rows, "Selector on the category page");
    assert_eq!(
        running[0],
        "Selector on the category page 2026-07-01 – running"
    );
    assert_eq!(running[8], "◌ Running");

    let readings = page.texts("ul.experiment-readings li");
    assert!(readings.iter().any(|r| r
        == "Delivery date on the confirmation step: ▲ Improved a real change for the better, at the 5% level."));
    assert!(
        readings
            .iter()
            .any(|r| r
                .starts_with("Banner on the basket page: ● Underpowered too small for its test"))
    );
}

#[test]
fn the_forest_plot_is_a_described_image_with_a_row_per_experiment() {
    let (_site, out) = built();
    let page = out.page("journeys/ordering.html");
    let svg = page.one("svg#chart-forest");
    assert_eq!(svg.value().attr("role"), Some("img"));
    assert_eq!(
        svg.value().attr("aria-labelledby"),
        Some("chart-forest-title chart-forest-desc")
    );
    assert_eq!(
        page.texts("svg#chart-forest title")[0],
        "Experiments: Ordering a humidifier online"
    );
    assert_eq!(
        page.texts("svg#chart-forest desc")[0],
        "5 experiments, each difference with its 95% interval against zero: 2 improved, 0 worsened, 1 still running."
    );
    // Every experiment is named in the plot, beside the table that gives its numbers.
    let drawn = page.texts("svg#chart-forest text").join(" ");
    for name in [
        "Delivery date on the confirmation step",
        "Guest checkout for first orders",
        "Banner on the basket page",
        "Selector on the category page",
        "SMS tracking in one region",
    ] {
        assert!(drawn.contains(name), "{name} not in {drawn}");
    }
}

#[test]
fn outcomes_show_before_and_after_with_the_judgement() {
    let (_site, out) = built();
    let page = out.page("journeys/ordering.html");
    let rows = page.table("table.outcomes");
    assert_eq!(
        row(&rows, "Show the delivery date"),
        [
            "Show the delivery date in the order confirmation",
            "Checkout",
            "Conversion",
            "2026-05-10",
            "3.1% (2026-04) → 3.7% (2026-07)",
            "+0.6 pp",
            "▲ Better",
        ]
    );
    assert_eq!(
        row(&rows, "SMS tracking")[4..],
        ["5 d (2026-Q1) → 4 d (2026-Q3)", "−1 d", "▲ Better"]
    );
    assert_eq!(
        row(&rows, "Guest checkout")[4..],
        ["3.6% (2026-06) → –", "–", "Too early to tell"]
    );
    assert_eq!(
        row(&rows, "Courier choice")[4..],
        ["– → 4 (2026-Q3)", "–", "No data before"]
    );
}

#[test]
fn the_kpi_chart_of_a_shipped_changes_metric_marks_the_ship_date() {
    let (_site, out) = built();
    let page = out.page("journeys/ordering.html");
    let desc = &page.texts("svg#chart-kpi-conversion_rate desc")[0];
    assert!(
        desc.ends_with(
            "The dotted line marks 10 May 2026, when “Show the delivery date in the order confirmation” shipped at Checkout. \
             The dotted line marks 20 July 2026, when “Guest checkout” shipped at Checkout."
        ),
        "{desc}"
    );
    let labels = page.texts("svg#chart-kpi-conversion_rate text");
    assert!(
        labels.iter().any(|l| l == "Shipped 10 May 2026"),
        "{labels:?}"
    );
    // A metric no shipped change names has no line.
    let visitors = page.texts("svg#chart-kpi-visitors desc");
    assert!(visitors.iter().all(|d| !d.contains("dotted line")));
}

#[test]
fn the_portfolio_page_lists_every_experiment_and_outcome_and_counts_wins_and_losses() {
    let (_site, out) = built();
    let page = out.page("experiments.html");
    assert_eq!(
        page.attrs("nav a[aria-current=page]", "href"),
        ["experiments.html"]
    );
    assert_eq!(
        page.texts("dl.figures dd"),
        ["5", "2", "0", "3 of 5", "0 of 5"]
    );
    assert_eq!(
        page.texts("section[aria-labelledby=all-experiments] > p")[0],
        "5 experiments: 2 improved, 0 worsened, 1 inconclusive, 1 underpowered, 1 running."
    );
    let experiments = page.table("table.experiments");
    assert_eq!(experiments.len(), 5);
    assert_eq!(experiments[0][1], "Ordering a humidifier online");
    let outcomes = page.table("table.outcomes");
    assert_eq!(outcomes.len(), 5);
    assert!(page.texts("section[aria-labelledby=all-outcomes] > p")[0]
        .starts_with("5 shipped changes: 3 better, 0 worse, 0 the same, 2 not yet measurable."));
    let links = page.attrs("table.outcomes a", "href");
    assert!(
        links.iter().all(|l| l == "journeys/ordering.html#outcomes"),
        "{links:?}"
    );

    // A site without experiments or outcomes has no such page, nor a link to it.
    let minimal = Site::minimal();
    let minimal_out = minimal.built(&[]);
    assert!(!minimal_out.path("experiments.html").exists());
    let index = minimal_out.page("index.html");
    assert!(index
        .attrs("nav a", "href")
        .iter()
        .all(|h| !h.contains("experiments")));
}

fn frozen_then_changed() -> (Site, Output) {
    let site = Site::fixture("experiments");
    site.run(&["snapshot", "2026-Q3", "site", "--date", "2026-09-01"])
        .success();
    // Since: the running experiment ended, and the guest checkout's KPI was measured
    // after it shipped.
    let journey = std::fs::read_to_string(site.dir().join("journeys/ordering.md")).unwrap();
    site.write(
        "journeys/ordering.md",
        &journey.replace(
            "          started: 2026-07-01\n",
            "          started: 2026-07-01\n          ended: 2026-07-31\n",
        ),
    );
    let metrics = std::fs::read_to_string(site.dir().join("metrics/ordering.csv")).unwrap();
    site.write(
        "metrics/ordering.csv",
        &format!("{metrics}2026-08,checkout,conversion_rate,3.9,4.0\n"),
    );
    let out = site.built(&[]);
    (site, out)
}

#[test]
fn a_frozen_release_shows_its_experiments_and_outcomes_as_they_were() {
    let (_site, out) = frozen_then_changed();
    let frozen = out.page("releases/2026-Q3/journeys/ordering.html");
    let rows = frozen.table("table.experiments");
    assert_eq!(row(&rows, "Selector on the category page")[8], "◌ Running");
    assert_eq!(frozen.select("svg#chart-forest").len(), 1);
    let outcomes = frozen.table("table.outcomes");
    assert_eq!(row(&outcomes, "Guest checkout")[6], "Too early to tell");
    let portfolio = out.page("releases/2026-Q3/experiments.html");
    assert_eq!(portfolio.texts("dl.figures dd")[..3], ["5", "2", "0"]);

    let live = out.page("journeys/ordering.html");
    let rows = live.table("table.experiments");
    assert_eq!(
        row(&rows, "Selector on the category page")[8],
        "● Inconclusive"
    );
}

#[test]
fn the_page_of_what_changed_lists_concluded_experiments_and_new_outcomes() {
    let (_site, out) = frozen_then_changed();
    let page = out.page("releases/changes/2026-Q3...current.html");
    assert_eq!(
        page.texts("section[aria-labelledby=experiments] li"),
        ["Ordering a humidifier online, Browsing: Selector on the category page (Room-size selector) ● Inconclusive"]
    );
    assert_eq!(
        page.texts("section[aria-labelledby=outcomes] li"),
        ["Ordering a humidifier online, Checkout: Guest checkout ▲ Better"]
    );
    assert_eq!(
        page.texts("section[aria-labelledby=mismatches] p"),
        ["No stage newly contradicts its map."]
    );
    let summary = page.texts("ul.change-summary li");
    assert!(
        summary.contains(&"Experiments concluded: 1".to_string()),
        "{summary:?}"
    );
    assert!(
        summary.contains(&"Outcomes measured: 1".to_string()),
        "{summary:?}"
    );
    assert_eq!(
        page.attrs("section[aria-labelledby=outcomes] a", "href"),
        ["../../journeys/ordering.html"]
    );
}

#[test]
fn the_pages_speak_russian_and_latvian() {
    for (language, heading, verdict) in [
        ("ru", "Эксперименты и результаты", "▲ Улучшение"),
        ("lv", "Eksperimenti un rezultāti", "▲ Uzlabojums"),
    ] {
        let site = Site::fixture("experiments");
        let yaml = std::fs::read_to_string(site.dir().join("site.yaml")).unwrap();
        site.write(
            "site.yaml",
            &yaml.replace("language: en", &format!("language: {language}")),
        );
        let out = site.built(&[]);
        let page: Page = out.page("experiments.html");
        assert_eq!(page.texts("h1"), [heading], "{language}");
        let rows = page.table("table.experiments");
        assert_eq!(row(&rows, "Delivery date")[9], verdict, "{language}");
    }
}
