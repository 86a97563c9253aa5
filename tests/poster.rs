//! A journey's poster, `journeys/<id>-poster.html`: the map with its title, persona,
//! scenario and emotion curve, one sheet up to eight stages and two beyond, linked from
//! the journey page (not from frozen release pages), in the site's language.
//!
//! Expected values are worked out by hand from tests/fixtures/basic, not copied from
//! the output.

mod common;

use common::{fixture, Output, Site, MINIMAL_PERSONA, MINIMAL_SITE_YAML};

#[test]
fn every_journey_page_links_its_poster_which_exists() {
    let (_site, out) = fixture();
    let journeys: Vec<String> = out
        .html_files()
        .into_iter()
        .filter(|f| f.starts_with("journeys/") && !f.ends_with("-poster.html"))
        .collect();
    assert_eq!(journeys.len(), 3);
    for page in &journeys {
        let links = out.page(page).attrs(".poster-link a", "href");
        let id = page
            .trim_start_matches("journeys/")
            .trim_end_matches(".html");
        assert_eq!(links, [format!("../journeys/{id}-poster.html")], "{page}");
        assert!(out.path(&format!("journeys/{id}-poster.html")).is_file());
    }
}

#[test]
fn the_poster_names_the_journey_its_persona_and_scenario() {
    let (_site, out) = fixture();
    let poster = out.page("journeys/buying-online-current-poster.html");
    assert_eq!(poster.texts("h1"), ["Buying a humidifier online — today"]);
    assert_eq!(
        poster.texts(".poster-meta dd"),
        [
            "Anna Berger, Working parent, 35, first-time buyer",
            "Dry winter air at home; wants a quiet humidifier under 100 EUR",
            "Current state",
            "2026-10-01",
        ]
    );
    assert_eq!(
        poster.attrs(".poster-back a", "href"),
        ["../index.html", "../journeys/buying-online-current.html"]
    );
}

#[test]
fn the_poster_map_has_the_stages_as_columns_and_every_lane_as_a_row() {
    let (_site, out) = fixture();
    let poster = out.page("journeys/buying-online-current-poster.html");
    assert_eq!(poster.select(".poster-sheet").len(), 1);
    assert_eq!(
        poster.texts(".poster-map thead th"),
        [
            "Lane",
            "1 Noticing the problem",
            "2 Researching options",
            "3 Checkout",
            "4 Waiting for delivery",
        ]
    );
    let rows = poster.table(".poster-map");
    let heads: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        heads,
        [
            "Emotion curve",
            "Emotion",
            "Goal",
            "Actions",
            "Touchpoints",
            "Pain points",
            "Opportunities",
            "Thoughts",
        ]
    );
    assert_eq!(rows[2][1], "Understand why the air feels dry");
    assert_eq!(
        poster.texts("tr.lane-touchpoints td:first-of-type li"),
        ["Search engine (web)", "Pharmacist (partner)"]
    );
    assert_eq!(
        poster.texts("tr.lane-pain td:nth-of-type(3) li"),
        [
            "Critical Delivery costs appear only at the last step",
            "Medium An account is required to buy"
        ]
    );
    assert_eq!(rows[7][4], "“Will it come before the weekend?”");
    // No blueprint lanes in a journey without them.
    assert!(poster.select("tr.lane-blueprint").is_empty());
}

#[test]
fn the_emotion_curve_spans_the_stage_columns_with_a_point_per_stage() {
    let (_site, out) = fixture();
    let poster = out.page("journeys/buying-online-current-poster.html");
    let cell = poster.one(".poster-curve-row td");
    assert_eq!(cell.value().attr("colspan"), Some("4"));
    let svg = poster.one(".poster-curve");
    assert_eq!(svg.value().attr("viewBox"), Some("0 0 400 100"));
    assert_eq!(svg.value().attr("aria-hidden"), Some("true"));
    // Emotions −1, −1, −2, +1 at the middles of four columns 100 wide; +2 at 10, −2 at 90.
    assert_eq!(
        poster.attrs(".poster-line", "d"),
        ["M50 70L150 70L250 90L350 30"]
    );
    // The values are written out too, as the curve holds no text.
    assert_eq!(
        poster.table(".poster-map")[1][1..],
        [
            "−1 negative",
            "−1 negative",
            "−2 very negative",
            "+1 positive"
        ]
    );
}

#[test]
fn a_blueprint_poster_has_the_blueprint_lanes() {
    let (_site, out) = fixture();
    let poster = out.page("journeys/store-advice-blueprint-poster.html");
    assert_eq!(
        poster.texts("tr.lane-blueprint th"),
        ["Frontstage", "Backstage", "Support", "Evidence"]
    );
    assert_eq!(
        poster.texts("tr.lane-frontstage td")[0],
        "Greeter at the entrance"
    );
}

/// A journey of `count` stages, each neutral.
fn journey_of(count: usize) -> String {
    let stages: String = (1..=count)
        .map(|i| format!("  - {{ id: s{i}, name: Step {i}, emotion: 0 }}\n"))
        .collect();
    format!("---\ntitle: Long way\npersona: anna\nkind: current-state\nstages:\n{stages}---\n")
}

/// A site with one journey of `stages` stages, built; the site holds the output folder.
fn built_with(stages: usize) -> (Site, Output) {
    let site = Site::empty();
    site.site_yaml(MINIMAL_SITE_YAML)
        .persona("anna", MINIMAL_PERSONA)
        .journey("long", &journey_of(stages));
    let out = site.built(&[]);
    (site, out)
}

#[test]
fn eight_stages_fit_one_sheet_nine_take_two() {
    let (_site, out) = built_with(8);
    let poster = out.page("journeys/long-poster.html");
    assert_eq!(poster.select(".poster-sheet").len(), 1);
    assert_eq!(poster.select(".poster-map thead th.stage").len(), 8);

    let (_site, out) = built_with(9);
    let poster = out.page("journeys/long-poster.html");
    let sheets = poster.select(".poster-sheet");
    assert_eq!(sheets.len(), 2);
    assert_eq!(
        poster.texts(".poster-map thead th.stage .stage-number"),
        ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
    );
    let curves = poster.attrs(".poster-curve", "viewBox");
    assert_eq!(curves, ["0 0 500 100", "0 0 400 100"]);
    // Only the first sheet has the page's heading; the second says it continues.
    assert_eq!(poster.texts("h1"), ["Long way"]);
    assert_eq!(poster.texts(".poster-sheet h2"), ["Long way (continued)"]);
}

#[test]
fn each_sheet_prints_at_a_size_of_its_own_never_below_seven_points() {
    let (_site, out) = fixture();
    for page in out.html_files() {
        if !page.ends_with("-poster.html") {
            continue;
        }
        let poster = out.page(&page);
        for class in poster.attrs(".poster-sheet", "class") {
            let px: u32 = class
                .split_whitespace()
                .find_map(|c| c.strip_prefix("poster-text-"))
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{page}: no text size in {class}"));
            // 7 pt is 9.33 CSS px.
            assert!((10..=13).contains(&px), "{page}: {px} px");
        }
    }
    let css = out.read("assets/style.css");
    assert!(css.contains("@page poster { size: A3 landscape;"));
    assert!(css.contains(".page-poster { page: poster; }"));
    assert_eq!(
        out.page("journeys/buying-online-current-poster.html")
            .attrs("body", "class"),
        ["page-poster"]
    );
}

#[test]
fn frozen_release_pages_do_not_link_a_poster() {
    let site = Site::fixture("releases");
    let out = site.built(&[]);
    let frozen: Vec<String> = out
        .html_files()
        .into_iter()
        .filter(|f| f.starts_with("releases/") && f.contains("/journeys/"))
        .collect();
    assert!(!frozen.is_empty());
    for page in frozen {
        assert!(!page.ends_with("-poster.html"), "{page}");
        assert!(out.page(&page).select(".poster-link").is_empty(), "{page}");
    }
    assert_eq!(
        out.page("journeys/buy.html")
            .attrs(".poster-link a", "href"),
        ["../journeys/buy-poster.html"]
    );
}

#[test]
fn the_poster_is_written_in_the_site_language() {
    let site = Site::fixture("ru");
    let out = site.built(&[]);
    let poster = out.page("journeys/opening-an-account-poster.html");
    assert_eq!(poster.one("html").value().attr("lang"), Some("ru"));
    let heads: Vec<String> = poster
        .table(".poster-map")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(heads[..3], ["Кривая эмоций", "Эмоция", "Цель"]);
    assert!(poster.text().contains("Плакат"));
}
