use super::*;
use crate::charts::test_support::{assert_texts_fit, en, ids, text_boxes, texts, title_and_desc};

/// The chart in English.
fn kpi_trend_chart(
    id: &str,
    title: &str,
    unit: &str,
    better_higher: bool,
    periods: &[String],
    lines: &[KpiLine],
) -> String {
    super::kpi_trend_chart(id, title, unit, better_higher, periods, lines, en())
}

fn line(stage: &str, values: &[Option<f64>], target: Option<f64>, status: Option<&str>) -> KpiLine {
    KpiLine {
        stage: stage.into(),
        series: 0,
        values: values.to_vec(),
        target,
        status: status.map(str::to_string),
    }
}

/// `lines` drawn as the journey's stages in their order.
fn numbered<const N: usize>(mut lines: [KpiLine; N]) -> [KpiLine; N] {
    for (i, line) in lines.iter_mut().enumerate() {
        line.series = i;
    }
    lines
}

fn quarters(n: usize) -> Vec<String> {
    ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"][4 - n..]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn realistic() -> [KpiLine; 2] {
    numbered([
        line(
            "Consideration",
            &[Some(38.0), Some(41.0), None, Some(45.0)],
            Some(50.0),
            Some("at-risk"),
        ),
        line(
            "Purchase",
            &[Some(2.6), Some(2.9), Some(2.8), Some(3.1)],
            Some(4.0),
            Some("off-track"),
        ),
    ])
}

/// Data marks by shape: (circles, squares, polygons), without the white background.
fn marks(svg: &str) -> (usize, usize, usize) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let count = |tag: &str| {
        doc.descendants()
            .filter(|n| n.has_tag_name(tag) && n.attribute("fill") != Some("#FFFFFF"))
            .count()
    };
    (count("circle"), count("rect"), count("polygon"))
}

#[test]
fn snapshot() {
    let svg = kpi_trend_chart(
        "kpi-conversion",
        "Conversion",
        "percent",
        true,
        &quarters(4),
        &realistic(),
    );
    // The snapshot stays with the other charts' in src/charts/snapshots.
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!(svg);
    });
}

#[test]
fn accessible_with_the_finding_in_words() {
    let lines = [line(
        "Purchase",
        &[Some(2.5), Some(2.8), Some(3.1)],
        Some(4.0),
        Some("off-track"),
    )];
    let svg = kpi_trend_chart("k1", "Conversion", "number", true, &quarters(3), &lines);
    let (title, desc) = title_and_desc(&svg);
    assert_eq!(title, "Conversion");
    assert_eq!(
        desc,
        "Conversion at Purchase: 3.1 in 2026-Q3 against a target of 4 (off track), \
         up 0.3 from 2026-Q2. Higher is better."
    );
    let drawn = texts(&svg);
    for expected in ["3.1", "· ✗ off track", "target 4", "↑ higher is better"] {
        assert!(drawn.iter().any(|t| t == expected), "{expected}: {drawn:?}");
    }
    assert_texts_fit(&svg);
}

#[test]
fn units_statuses_and_direction_in_words() {
    let svg = kpi_trend_chart(
        "k",
        "Conversion",
        "percent",
        true,
        &quarters(4),
        &realistic(),
    );
    let desc = title_and_desc(&svg).1;
    assert_eq!(
        desc,
        "Conversion at Consideration: 45% in 2026-Q3 against a target of 50% (at risk), \
         up 4 points from 2026-Q1. \
         Conversion at Purchase: 3.1% in 2026-Q3 against a target of 4% (off track), \
         up 0.3 points from 2026-Q2. Higher is better."
    );
    let lines = [line(
        "Delivery",
        &[Some(5.0), Some(4.0)],
        Some(3.0),
        Some("on-track"),
    )];
    let svg = kpi_trend_chart("k", "Time in stage", "days", false, &quarters(2), &lines);
    assert_eq!(
        title_and_desc(&svg).1,
        "Time in stage at Delivery: 4 days in 2026-Q3 against a target of 3 days (on track), \
         down 1 day from 2026-Q2. Lower is better."
    );
    let drawn = texts(&svg);
    assert!(drawn.contains(&"· ✓ on track".to_string()), "{drawn:?}");
    assert!(
        drawn.contains(&"↓ lower is better".to_string()),
        "{drawn:?}"
    );
    assert!(drawn.contains(&"4 d".to_string()), "{drawn:?}");
}

#[test]
fn a_mark_per_value_and_a_gap_per_missing_period() {
    let svg = kpi_trend_chart(
        "k",
        "Conversion",
        "percent",
        true,
        &quarters(4),
        &realistic(),
    );
    // Consideration: 3 circles; Purchase: 4 squares. The legend is the page's, in HTML.
    assert_eq!(marks(&svg), (3, 4, 0));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let blue = "#0B5CAD";
    // The missing 2026-Q2 breaks Consideration's line: one solid stretch of two
    // points, and the lone 2026-Q3 point has only its mark.
    let solid: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("polyline")
                && n.attribute("stroke") == Some(blue)
                && n.attribute("stroke-width") == Some("2")
        })
        .map(|n| n.attribute("points").unwrap().split_whitespace().count())
        .collect();
    assert_eq!(solid, [2], "the stretch before the gap");

    let five = numbered([
        line("A", &[Some(1.0), Some(2.0)], None, None),
        line("B", &[None, Some(3.0)], None, None),
        line("C", &[Some(2.0), None], None, None),
        line("D", &[Some(1.5), Some(2.5)], None, None),
        line("E", &[Some(f64::NAN), Some(f64::INFINITY)], None, None),
    ]);
    let svg = kpi_trend_chart("k", "X", "count", true, &quarters(2), &five);
    // Markers cycle circle, square, triangle, diamond, circle: A has 2 circles, B a
    // square, C a triangle and D 2 diamonds; E has no values, so no mark.
    assert_eq!(marks(&svg), (2, 1, 1 + 2));
    assert_texts_fit(&svg);
}

#[test]
fn lines_differ_without_colour() {
    let looks: Vec<_> = (0..16).map(|c| (look(c).1, look(c).2)).collect();
    for (i, a) in looks.iter().enumerate() {
        assert!(
            !looks[i + 1..].contains(a),
            "line {i} looks like a later one"
        );
    }
}

#[test]
fn deterministic_and_ids_unique_per_chart() {
    let a = kpi_trend_chart("ka", "C", "percent", true, &quarters(4), &realistic());
    assert_eq!(
        a,
        kpi_trend_chart("ka", "C", "percent", true, &quarters(4), &realistic())
    );
    let b = kpi_trend_chart("kb", "C", "percent", true, &quarters(4), &realistic());
    let (ia, ib) = (ids(&a), ids(&b));
    assert_eq!(ia, ["ka", "ka-title", "ka-desc"]);
    assert!(ia.iter().all(|i| !ib.contains(i)));
}

#[test]
fn no_data_one_period_and_flat_values() {
    for (periods, lines) in [
        (vec![], vec![]),
        (quarters(2), vec![]),
        (vec![], realistic().to_vec()),
        (
            quarters(2),
            vec![line("A", &[None, None], Some(f64::NAN), Some(""))],
        ),
    ] {
        let svg = kpi_trend_chart("k", "Conversion", "percent", true, &periods, &lines);
        assert_eq!(title_and_desc(&svg).1, "Conversion: no values recorded.");
        assert!(texts(&svg).contains(&"No values recorded".to_string()));
        assert_texts_fit(&svg);
    }

    let one = [line(
        "Awareness",
        &[Some(12000.0)],
        Some(12000.0),
        Some("on-track"),
    )];
    let svg = kpi_trend_chart("k", "Visitors", "count", true, &quarters(1), &one);
    assert_eq!(marks(&svg), (1, 0, 0));
    assert_eq!(
        title_and_desc(&svg).1,
        "Visitors at Awareness: 12,000 in 2026-Q3 against a target of 12,000 (on track). \
         Higher is better."
    );
    assert_texts_fit(&svg);

    let flat = [line("Purchase", &[Some(30.0); 4], None, None)];
    let svg = kpi_trend_chart("k", "NPS", "score", true, &quarters(4), &flat);
    assert_eq!(marks(&svg), (4, 0, 0));
    assert!(title_and_desc(&svg).1.contains("unchanged from 2026-Q2"));
    // The flat line is drawn inside the plot, between ticks below and above it.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let ticks: Vec<f64> = text_boxes(&doc)
        .iter()
        .filter_map(|b| b.text.parse().ok())
        .collect();
    assert!(
        ticks.iter().any(|&t| t < 30.0) && ticks.iter().any(|&t| t > 30.0),
        "{ticks:?}"
    );
    assert_texts_fit(&svg);

    let zeros = [line("A", &[Some(0.0), Some(0.0)], Some(0.0), None)];
    let svg = kpi_trend_chart("k", "X", "count", true, &quarters(2), &zeros);
    assert_eq!(marks(&svg), (2, 0, 0));
    assert_texts_fit(&svg);
}

#[test]
fn values_without_periods_are_ignored_and_odd_input_draws() {
    let lines = numbered([
        line(
            "A",
            &[Some(1.0), Some(2.0), Some(99.0)],
            Some(f64::INFINITY),
            Some("weird_status"),
        ),
        line("B", &[Some(-1e12), Some(1e12)], Some(0.0), None),
    ]);
    let svg = kpi_trend_chart("k", "", "", false, &quarters(2), &lines);
    let desc = title_and_desc(&svg).1;
    assert!(
        desc.starts_with("Value at A: 2 in 2026-Q3 (weird status)"),
        "{desc}"
    );
    assert!(!desc.contains("99"), "{desc}");
    assert_texts_fit(&svg);
    let huge = [line("A", &[Some(f64::MAX), Some(-f64::MAX)], None, None)];
    let svg = kpi_trend_chart("k", "X", "count", true, &quarters(2), &huge);
    title_and_desc(&svg);
}

#[test]
fn many_periods_are_labelled_sparingly() {
    let months: Vec<String> = (1..=24)
        .map(|m| format!("20{}-{:02}", 25 + (m - 1) / 12, (m - 1) % 12 + 1))
        .collect();
    let values: Vec<Option<f64>> = (0..24).map(|i| Some(f64::from(i % 5))).collect();
    let svg = kpi_trend_chart(
        "k",
        "X",
        "count",
        true,
        &months,
        &[line("A", &values, Some(3.0), Some("at-risk"))],
    );
    let drawn = texts(&svg);
    assert!(
        drawn.contains(&"2026-12".to_string()),
        "the latest period is labelled"
    );
    assert!(drawn.iter().filter(|t| t.starts_with("202")).count() < 12);
    assert_eq!(marks(&svg).0, 24);
    assert_texts_fit(&svg);
}

#[test]
fn thirty_long_cyrillic_stages_fit() {
    let lines: Vec<KpiLine> = (0..30)
        .map(|i| KpiLine {
            series: i,
            ..line(
                &format!("Сравнение моделей и выбор подходящего увлажнителя {i}"),
                &[Some(i as f64), Some(i as f64 + 1.5)],
                Some(20.0),
                Some(["on-track", "at-risk", "off-track"][i % 3]),
            )
        })
        .collect();
    let svg = kpi_trend_chart("k", "Конверсия", "percent", true, &quarters(2), &lines);
    assert_texts_fit(&svg);
    // The names are in the page's legend, whole: HTML wraps them.
    assert!(!texts(&svg).iter().any(|t| t.starts_with("Сравнение")));
}

#[test]
fn one_legend_names_each_stage_as_every_chart_draws_it() {
    let stages: Vec<(usize, String)> = [(0, "Awareness"), (2, "Purchase <now>"), (5, "Use")]
        .iter()
        .map(|(i, name)| (*i, name.to_string()))
        .collect();
    let legend = kpi_legend(&stages);
    let labels: Vec<&str> = legend.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["Awareness", "Purchase <now>", "Use"]);
    // Purchase is the journey's third stage: its swatch is the colour, dash and marker of
    // the third line on every chart.
    let (color, dash, marker) = look(2);
    assert_eq!(legend[1].swatch, svg::swatch(color, dash, marker));
    let chart = kpi_trend_chart(
        "k",
        "X",
        "count",
        true,
        &quarters(2),
        &[KpiLine {
            series: 2,
            ..line("Purchase", &[Some(1.0), Some(2.0)], None, None)
        }],
    );
    let hex = format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2);
    assert!(chart.contains(&format!("stroke=\"{hex}\"")), "{chart}");
    assert_eq!(marks(&chart), (0, 0, 2), "the third stage's triangles");
    // Every swatch differs from the others for the first sixteen stages.
    let all = kpi_legend(&(0..16).map(|i| (i, format!("S{i}"))).collect::<Vec<_>>());
    let swatches: std::collections::BTreeSet<_> = all.iter().map(|e| &e.swatch).collect();
    assert_eq!(swatches.len(), 16);
}

#[test]
fn labels_keep_apart_and_near_their_anchors() {
    assert_eq!(spread(&[50.0, 100.0], 0.0, 200.0), [50.0, 100.0]);
    assert_eq!(spread(&[50.0, 52.0], 0.0, 200.0), [50.0, 64.0]);
    assert_eq!(spread(&[200.0, 199.0], 0.0, 200.0), [200.0, 186.0]);
    assert_eq!(spread(&[f64::NAN], 0.0, 200.0).len(), 1);
}

#[test]
fn numbers_for_labels() {
    let number = |v: f64| words::number(v, en());
    let fixed = |v: f64, d: usize| en().fixed(v, d);
    assert_eq!(number(3.1), "3.1");
    assert_eq!(number(4.25), "4.25");
    assert_eq!(number(12000.0), "12,000");
    assert_eq!(number(0.05), "0.05");
    assert_eq!(number(-0.0), "0");
    assert_eq!(number(3.1 - 2.8), "0.3");
    assert_eq!(fixed(2.5, 1), "2.5");
    assert_eq!(decimals(&[0.0, 2.5, 5.0]), 1);
    assert_eq!(decimals(&[0.0, 1000.0]), 0);
}
