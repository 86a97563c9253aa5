use super::layout::{IDEAL_CELL, MAX_WIDTH, MIN_CELL, ROW_LABEL_MAX, SIN45, SLANT_MAX};
use super::*;
use crate::charts::test_support::en;

/// The chart in English, counting what the entries of `keys` name.
fn heatmap(
    id: &str,
    title: &str,
    rows: &[String],
    columns: &[String],
    values: &[Vec<f64>],
    keys: &str,
) -> String {
    super::heatmap(id, title, rows, columns, values, keys, en())
}

const PAIN: &str = "chart.pain_heatmap";
const TOUCH: &str = "chart.touchpoint_heatmap";

fn names(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn stages(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("Stage {i}")).collect()
}

/// Pain points by journey and stage position, weighted by severity.
fn pain() -> (Vec<String>, Vec<String>, Vec<Vec<f64>>) {
    let journeys = names(&[
        "Buying online",
        "Сравнение моделей и выбор подходящего увлажнителя",
        "Returns",
    ]);
    let values = vec![
        vec![3.0, 0.0, 7.0, 11.0, 8.0],
        vec![1.0, 2.0, 0.0, 4.0, 0.0],
        vec![0.0, 4.0, 2.0, 2.0, 5.0],
    ];
    (journeys, stages(5), values)
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap()
}

fn text_of<'a>(doc: &'a roxmltree::Document, id: &str) -> &'a str {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .and_then(|n| n.text())
        .unwrap_or("")
}

fn attr(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

fn color(hex: &str) -> RGBColor {
    let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
    RGBColor(c(1), c(3), c(5))
}

/// The shaded cells: filled rectangles taller than the legend's swatches, the
/// background left out.
fn cells<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter(|n| !matches!(n.attribute("fill"), Some("none" | "#FFFFFF")))
        .filter(|n| attr(*n, "height") > f64::from(SWATCH))
        .collect()
}

fn texts<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .collect()
}

#[test]
fn is_accessible_and_states_the_hottest_cell() {
    let (rows, columns, values) = pain();
    let svg = heatmap(
        "chart-pain",
        "Pain points by journey and stage",
        &rows,
        &columns,
        &values,
        PAIN,
    );
    let doc = parse(&svg);
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(
        root.attribute("aria-labelledby"),
        Some("chart-pain-title chart-pain-desc")
    );
    assert_eq!(
        text_of(&doc, "chart-pain-title"),
        "Pain points by journey and stage"
    );
    assert_eq!(
        text_of(&doc, "chart-pain-desc"),
        "Severity-weighted pain points, 49 in all: highest 11 at Buying online × Stage 4; \
         most in Buying online (29) and in Stage 4 (17)."
    );
}

#[test]
fn shades_and_numbers_every_non_zero_cell_and_only_those() {
    let (rows, columns, values) = pain();
    let svg = heatmap("h", "Pain", &rows, &columns, &values, PAIN);
    let doc = parse(&svg);
    let cells = cells(&doc);
    assert_eq!(cells.len(), 11);
    // The darkest cell holds the largest value; each number reads on its cell.
    for cell in &cells {
        let (x, y, w, h) = (
            attr(*cell, "x"),
            attr(*cell, "y"),
            attr(*cell, "width"),
            attr(*cell, "height"),
        );
        let inside: Vec<_> = texts(&doc)
            .into_iter()
            .filter(|t| (x..x + w).contains(&attr(*t, "x")) && (y..y + h).contains(&attr(*t, "y")))
            .collect();
        assert_eq!(inside.len(), 1, "one number per cell");
        let ratio = contrast(
            color(inside[0].attribute("fill").unwrap()),
            color(cell.attribute("fill").unwrap()),
        );
        assert!(
            ratio >= 4.5,
            "{} on {}: {ratio}",
            inside[0].text().unwrap(),
            cell.attribute("fill").unwrap()
        );
        if inside[0].text() == Some("11") {
            assert_eq!(cell.attribute("fill"), Some("#08306B"));
        }
    }
}

#[test]
fn every_shade_of_the_scale_has_a_readable_number_colour() {
    for k in 0..=100 {
        let fill = shade(f64::from(k), (0.0, 100.0));
        assert!(contrast(ink(fill), fill) >= 4.5, "{fill:?}");
    }
}

#[test]
fn matches_its_snapshot() {
    let (rows, columns, values) = pain();
    // The snapshot stays with the other charts' in src/charts/snapshots.
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!(heatmap(
            "chart-pain",
            "Pain points by journey and stage",
            &rows,
            &columns,
            &values,
            PAIN
        ));
    });
}

#[test]
fn is_deterministic_and_ids_stay_unique() {
    let (rows, columns, values) = pain();
    let a = heatmap("a", "Pain", &rows, &columns, &values, PAIN);
    assert_eq!(a, heatmap("a", "Pain", &rows, &columns, &values, PAIN));
    let b = heatmap("b", "Pain", &rows, &columns, &values, PAIN);
    let ids = |svg: &str| -> Vec<String> {
        parse(svg)
            .descendants()
            .filter_map(|n| n.attribute("id").map(String::from))
            .collect()
    };
    let (ia, ib) = (ids(&a), ids(&b));
    assert_eq!(ia.len(), 3);
    assert!(ia.iter().all(|id| !ib.contains(id)), "{ia:?} {ib:?}");
}

#[test]
fn one_cell_and_no_data() {
    let svg = heatmap(
        "h",
        "One",
        &names(&["Web"]),
        &names(&["Buying"]),
        &[vec![4.0]],
        TOUCH,
    );
    let doc = parse(&svg);
    assert_eq!(cells(&doc).len(), 1);
    assert_eq!(
        text_of(&doc, "h-desc"),
        "Touchpoints, 4 in all: highest 4 at Web × Buying; most in Web (4) and in Buying (4)."
    );

    for (rows, columns) in [
        (vec![], vec![]),
        (names(&["Web"]), vec![]),
        (vec![], stages(3)),
    ] {
        let svg = heatmap("h", "None", &rows, &columns, &[], TOUCH);
        let doc = parse(&svg);
        assert_eq!(cells(&doc).len(), 0);
        assert_eq!(text_of(&doc, "h-desc"), "No touchpoints recorded.");
    }
    let svg = heatmap(
        "h",
        "Zeros",
        &names(&["Web", "Store"]),
        &stages(3),
        &[vec![0.0; 3], vec![0.0; 3]],
        TOUCH,
    );
    let doc = parse(&svg);
    assert_eq!(cells(&doc).len(), 0);
    assert_eq!(text_of(&doc, "h-desc"), "No touchpoints recorded.");
}

#[test]
fn ragged_rows_and_non_finite_values_are_blank() {
    let values = vec![
        vec![1.0, f64::NAN],
        vec![],
        vec![f64::INFINITY, 2.0, 3.0, 99.0],
        vec![5.0],
    ];
    let svg = heatmap(
        "h",
        "Ragged",
        &names(&["A", "B", "C"]),
        &stages(3),
        &values,
        TOUCH,
    );
    let doc = parse(&svg);
    // 1, 2 and 3; the 99 beyond the columns and the fourth row beyond the rows are left out.
    assert_eq!(cells(&doc).len(), 3);
    assert_eq!(
        text_of(&doc, "h-desc"),
        "Touchpoints, 6 in all: highest 3 at C × Stage 3; most in C (5) and in Stage 3 (3)."
    );
}

#[test]
fn odd_values_and_blank_names_do_not_break_it() {
    let values = vec![vec![-2.0, 1e12], vec![f64::NEG_INFINITY, 0.5]];
    let svg = heatmap(
        "h",
        "Odd",
        &names(&["", "B"]),
        &names(&["", "<b>"]),
        &values,
        TOUCH,
    );
    let doc = parse(&svg);
    assert_eq!(cells(&doc).len(), 3);
    assert!(
        text_of(&doc, "h-desc").contains("at row 1 × <b>"),
        "{}",
        text_of(&doc, "h-desc")
    );
}

#[test]
fn all_equal_values_share_one_shade() {
    let values = vec![vec![3.0; 3]; 2];
    let svg = heatmap(
        "h",
        "Equal",
        &names(&["Web", "Store"]),
        &stages(3),
        &values,
        TOUCH,
    );
    let doc = parse(&svg);
    let cells = cells(&doc);
    assert_eq!(cells.len(), 6);
    assert!(cells
        .iter()
        .all(|c| c.attribute("fill") == cells[0].attribute("fill")));
    assert_eq!(
        text_of(&doc, "h-desc"),
        "Touchpoints, 18 in all: highest 3 at Web × Stage 1 and 5 other cells; most in Web (9) and in Stage 1 (6)."
    );
}

#[test]
fn thirty_long_non_ascii_columns_fit_slanted() {
    let long = [
        "Сравнение моделей и выбор подходящего увлажнителя",
        "Pirkuma noformēšana un apmaksa",
        "Оформление заказа",
    ];
    let columns: Vec<String> = (0..30)
        .map(|i| format!("{} {}", long[i % 3], i + 1))
        .collect();
    let rows = names(&[
        "Web",
        "Мобильное приложение и сайт магазина бытовой техники",
        "Veikals",
    ]);
    let values: Vec<Vec<f64>> = (0..3)
        .map(|r| (0..30).map(|c| ((r * 7 + c * 3) % 13) as f64).collect())
        .collect();
    let svg = heatmap("h", "Touchpoints", &rows, &columns, &values, TOUCH);
    let doc = parse(&svg);
    let width = attr(doc.root_element(), "width");
    assert!(width <= MAX_WIDTH, "{width}");
    let nonzero = values.iter().flatten().filter(|&&v| v != 0.0).count();
    assert_eq!(cells(&doc).len(), nonzero);

    let slanted: Vec<_> = texts(&doc)
        .into_iter()
        .filter(|t| {
            t.attribute("transform")
                .is_some_and(|t| t.starts_with("rotate(-45,"))
        })
        .collect();
    assert_eq!(slanted.len(), 30);
    for (label, full) in slanted.iter().zip(&columns) {
        let text = label.text().unwrap().trim();
        let size = attr(*label, "font-size");
        let w = svg::text_width(text, size);
        assert!(w <= SLANT_MAX + 0.01, "{text}: {w}");
        assert!(text == full || text.ends_with('…'), "{text}");
        assert!(
            attr(*label, "x") + (w + size) * SIN45 <= width,
            "{text} runs off the right"
        );
        assert!(
            attr(*label, "y") - (w + size) * SIN45 >= 0.0,
            "{text} runs off the top"
        );
    }
    // Adjacent slanted labels stay a line apart across the slant.
    assert!((attr(slanted[1], "x") - attr(slanted[0], "x")) * SIN45 >= SLANT_SIZE * 1.2);

    // Row labels: the long one wraps into two lines, each inside the left margin.
    let row_labels: Vec<_> = texts(&doc)
        .into_iter()
        .filter(|t| t.attribute("text-anchor") == Some("end"))
        .collect();
    assert_eq!(row_labels.len(), 4);
    for label in &row_labels {
        let text = label.text().unwrap().trim();
        let w = svg::text_width(text, attr(*label, "font-size"));
        assert!(
            w <= ROW_LABEL_MAX + 0.01 && attr(*label, "x") - w >= 0.0,
            "{text}: {w}"
        );
    }
}

#[test]
fn few_long_columns_wrap_upright_inside_their_cells() {
    let columns = names(&[
        "Сравнение моделей и выбор подходящего увлажнителя",
        "Pirkuma noformēšana un apmaksa",
        "Delivery",
    ]);
    let values = vec![vec![1.0, 2.0, 3.0]];
    let svg = heatmap("h", "Upright", &names(&["Web"]), &columns, &values, TOUCH);
    let doc = parse(&svg);
    let layout = Layout::new(&names(&["Web"]), &columns, &values, en());
    assert_eq!(layout.cell_w, IDEAL_CELL as i32);
    assert!(!svg.contains("rotate("));
    let heads: Vec<_> = texts(&doc)
        .into_iter()
        .filter(|t| attr(*t, "y") < f64::from(layout.top))
        .collect();
    assert!(heads.len() > 3, "long names wrap");
    for head in heads {
        let text = head.text().unwrap().trim();
        let w = svg::text_width(text, attr(head, "font-size"));
        assert!(w <= f64::from(layout.cell_w) - 8.0 + 0.01, "{text}: {w}");
    }
}

#[test]
fn the_chart_grows_with_its_columns_then_its_cells_shrink() {
    let widths: Vec<(f64, i32)> = [3, 8, 20, 40]
        .iter()
        .map(|&n| {
            let values = vec![vec![1.0; n]];
            let layout = Layout::new(&names(&["Web"]), &stages(n), &values, en());
            let svg = heatmap("h", "Grow", &names(&["Web"]), &stages(n), &values, TOUCH);
            (attr(parse(&svg).root_element(), "width"), layout.cell_w)
        })
        .collect();
    assert!(widths[0].0 < widths[1].0, "{widths:?}");
    assert!(widths.iter().all(|&(w, _)| w <= MAX_WIDTH), "{widths:?}");
    assert!(
        widths[3].1 < widths[2].1 && widths[3].1 >= MIN_CELL as i32,
        "{widths:?}"
    );
}
