//! Charts on the pages: every chart is an inline SVG image with a title and a
//! description that states its finding, sits beside the same numbers in a table, and
//! keeps the page's element ids unique.

mod common;

use common::{fixture, Page, Site};

/// Every `svg[role=img]` of the page, with its title and description.
fn charts(page: &Page) -> Vec<(String, String, String)> {
    let ids = page.attrs("svg[role=img]", "id");
    ids.into_iter()
        .map(|id| {
            let labelled_by = page.attrs(&format!("svg#{id}"), "aria-labelledby");
            assert_eq!(
                labelled_by,
                [format!("{id}-title {id}-desc")],
                "{}: {id}",
                page.path
            );
            let title = page.texts(&format!("svg#{id} > title#{id}-title"));
            let desc = page.texts(&format!("svg#{id} > desc#{id}-desc"));
            assert_eq!(
                (title.len(), desc.len()),
                (1, 1),
                "{}: {id} needs one title and one desc",
                page.path
            );
            (id, title[0].clone(), desc[0].clone())
        })
        .collect()
}

fn assert_unique_ids(page: &Page) {
    let mut ids = page.ids();
    let total = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "{}: duplicate element ids", page.path);
}

#[test]
fn a_journey_page_has_its_emotion_curve_funnel_and_kpi_trends() {
    let (_site, out) = fixture();
    let page = out.page("journeys/buying-online-current.html");
    let charts = charts(&page);
    let ids: Vec<&str> = charts.iter().map(|(id, _, _)| id.as_str()).collect();
    assert!(ids.contains(&"chart-emotion"), "{ids:?}");
    assert!(ids.contains(&"chart-funnel"), "{ids:?}");
    assert!(ids.iter().any(|id| id.starts_with("chart-kpi-")), "{ids:?}");
    let funnel = charts
        .iter()
        .find(|(id, _, _)| id == "chart-funnel")
        .unwrap();
    assert!(
        funnel
            .2
            .contains("Largest drop: 75% between Researching options and Checkout"),
        "{}",
        funnel.2
    );
    let emotion = charts
        .iter()
        .find(|(id, _, _)| id == "chart-emotion")
        .unwrap();
    assert!(emotion.2.contains("lowest at"), "{}", emotion.2);
    // The compared journey is overlaid and named in the finding.
    assert!(emotion.2.contains("Compared with"), "{}", emotion.2);
    assert_unique_ids(&page);
}

#[test]
fn every_chart_sits_beside_its_numbers() {
    let (_site, out) = fixture();
    let page = out.page("journeys/buying-online-current.html");
    // Emotion and every KPI trend carry their table in the same figure; the funnel's
    // table follows the chart in its section.
    for figure in page.select("figure.chart-figure") {
        let html = figure.html();
        if html.contains("id=\"chart-funnel\"") {
            continue;
        }
        assert!(
            html.contains("<table"),
            "a chart without its numbers: {}",
            &html[..200.min(html.len())]
        );
    }
    assert_eq!(
        page.select("section[aria-labelledby=funnel] table.funnel")
            .len(),
        1
    );
}

#[test]
fn the_opportunity_matrix_numbers_every_row_of_the_table() {
    let (_site, out) = fixture();
    let page = out.page("opportunities.html");
    let charts = charts(&page);
    assert_eq!(charts.len(), 1);
    assert_eq!(charts[0].0, "chart-matrix");
    let rows = page.table("table.opportunities").len();
    let mut numbers: Vec<usize> = page
        .texts("svg#chart-matrix text")
        .iter()
        .filter_map(|t| t.parse().ok())
        .collect();
    numbers.sort();
    assert_eq!(numbers, (1..=rows).collect::<Vec<_>>());
    assert!(
        charts[0]
            .2
            .starts_with(&format!("{rows} opportunities by impact and effort")),
        "{}",
        charts[0].2
    );
}

#[test]
fn the_home_page_has_the_portfolio_heatmaps() {
    let (_site, out) = fixture();
    let page = out.page("index.html");
    let ids: Vec<String> = charts(&page).into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(ids, ["chart-pain-heatmap", "chart-touchpoint-heatmap"]);
    assert_unique_ids(&page);
}

/// The stroke colours of a chart's data lines (2 px wide), in lower case.
fn line_colours(page: &Page, chart: &str) -> Vec<String> {
    page.select(&format!("svg#{chart} polyline[stroke-width='2']"))
        .iter()
        .filter_map(|l| l.value().attr("stroke"))
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn the_kpi_trends_share_one_legend_and_draw_a_stage_alike_on_every_chart() {
    let (_site, out) = fixture();
    let page = out.page("journeys/buying-online-current.html");
    // The stages that have metrics, in journey order, named once for all the charts.
    let legend = page.texts("#kpi-trends + ul.legend li");
    assert_eq!(
        legend,
        [
            "Noticing the problem",
            "Researching options",
            "Checkout",
            "Waiting for delivery"
        ]
    );
    assert!(page
        .texts("svg[id^=chart-kpi-] text")
        .iter()
        .all(|t| !legend.contains(t)));
    let swatch_colour = |n: usize| {
        let swatches = page.select("#kpi-trends + ul.legend li svg.swatch line");
        swatches[n].value().attr("stroke").unwrap().to_lowercase()
    };
    // Delivery is the only stage with a time in stage, and the fourth stage: its line has
    // the fourth swatch's colour, here and on the CSAT chart beside Awareness.
    let delivery = swatch_colour(3);
    assert_eq!(
        line_colours(&page, "chart-kpi-time_in_stage"),
        std::slice::from_ref(&delivery)
    );
    let csat = line_colours(&page, "chart-kpi-csat");
    assert!(csat.contains(&delivery), "{csat:?}");
    assert!(csat.contains(&swatch_colour(0)), "{csat:?}");
    assert_ne!(swatch_colour(0), delivery);
    assert_eq!(
        line_colours(&page, "chart-kpi-conversion_rate"),
        [swatch_colour(2)],
        "checkout, the third stage"
    );
}

#[test]
fn a_persona_page_overlays_its_journeys_with_a_legend_in_html() {
    let (_site, out) = fixture();
    let page = out.page("personas/anna.html");
    let charts = charts(&page);
    assert_eq!(charts.len(), 1);
    assert!(charts[0].2.contains("2 journeys"), "{}", charts[0].2);
    let legend = page.texts("ul.legend li");
    assert_eq!(legend.len(), 2);
    assert!(legend.iter().all(|l| !l.is_empty()));
}

#[test]
fn long_non_ascii_names_and_thirty_stages_build_and_stay_labelled() {
    let site = Site::fixture("i18n");
    let out = site.built(&[]);
    let page = out.page("journeys/trydtsyat.html");
    let labels = page.texts("svg#chart-emotion text");
    for n in 1..=30 {
        assert!(labels.contains(&n.to_string()), "stage {n} has no label");
    }
    // The names themselves are in the table beside the chart.
    assert_eq!(
        page.select("section[aria-labelledby=emotion] table.chart-data tbody tr")
            .len(),
        30
    );

    let page = out.page("journeys/birojs.html");
    let labels = page.texts("svg#chart-emotion text");
    assert!(
        labels.iter().any(|l| l.starts_with("Pirkuma")),
        "{labels:?}"
    );
    let funnel = charts(&page)
        .into_iter()
        .find(|(id, _, _)| id == "chart-funnel")
        .unwrap();
    assert!(funnel.2.contains("Largest drop: 61%"), "{}", funnel.2);
    for file in out.html_files() {
        assert_unique_ids(&out.page(&file));
    }
}

#[test]
fn a_one_stage_journey_without_metrics_has_only_its_emotion_curve() {
    let site = Site::fixture("i18n");
    let out = site.built(&[]);
    let page = out.page("journeys/odyn.html");
    let ids: Vec<String> = charts(&page).into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(ids, ["chart-emotion"]);
}
