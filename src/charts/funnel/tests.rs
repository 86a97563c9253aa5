use super::*;
use crate::charts::test_support::{assert_texts_fit, en, ids, text_boxes, texts, title_and_desc};

/// The chart in English.
fn funnel_chart(
    id: &str,
    title: &str,
    label: &str,
    period: &str,
    steps: &[FunnelBar],
    bottleneck: Option<usize>,
) -> String {
    super::funnel_chart(id, title, label, period, steps, bottleneck, en())
}

fn bar(stage: &str, value: f64, conversion: Option<f64>) -> FunnelBar {
    FunnelBar {
        stage: stage.into(),
        value,
        conversion,
    }
}

fn realistic() -> Vec<FunnelBar> {
    vec![
        bar("Awareness", 12000.0, None),
        bar("Consideration", 5400.0, Some(0.45)),
        bar("Purchase", 648.0, Some(0.12)),
        bar("Delivery and first use", 600.0, Some(600.0 / 648.0)),
    ]
}

/// The bars: filled rectangles in the bar colours (the background is white).
fn bars(svg: &str) -> Vec<(String, f64)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter(|n| !matches!(n.attribute("fill"), Some("#FFFFFF" | "#FCEEEE")))
        .map(|n| {
            (
                n.attribute("fill").unwrap().to_string(),
                n.attribute("width").unwrap().parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn snapshot() {
    let svg = funnel_chart(
        "funnel-buying",
        "Funnel: Buying a humidifier online",
        "Visitors",
        "2026-Q3",
        &realistic(),
        Some(2),
    );
    // The snapshot stays with the other charts' in src/charts/snapshots.
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!(svg);
    });
}

#[test]
fn accessible_with_the_finding_in_words() {
    let steps = [
        bar("Awareness", 12000.0, None),
        bar("Consideration", 3000.0, Some(0.25)),
        bar("Purchase", 360.0, Some(0.12)),
    ];
    let svg = funnel_chart("f1", "Funnel", "Visitors", "2026-Q3", &steps, Some(2));
    let (title, desc) = title_and_desc(&svg);
    assert_eq!(title, "Funnel");
    assert_eq!(
        desc,
        "Visitors by stage in 2026-Q3, from 12,000 at Awareness to 360 at Purchase (3% overall). \
         Largest drop: 88% between Consideration and Purchase."
    );
    let drawn = texts(&svg);
    for expected in [
        "12,000",
        "→ 25%",
        "→ 12%",
        "Bottleneck: largest drop 88%",
        "Overall: 3% of Awareness reached Purchase",
    ] {
        assert!(drawn.iter().any(|t| t == expected), "{expected}: {drawn:?}");
    }
    assert_texts_fit(&svg);
}

#[test]
fn a_bar_per_stage_the_bottleneck_by_colour_pattern_and_outline() {
    let svg = funnel_chart("f", "Funnel", "Visitors", "2026-Q3", &realistic(), Some(2));
    let bars = bars(&svg);
    assert_eq!(bars.len(), 4);
    let red = format!("#{:02X}{:02X}{:02X}", BAD.0, BAD.1, BAD.2);
    let blue = format!("#{:02X}{:02X}{:02X}", SERIES[0].0, SERIES[0].1, SERIES[0].2);
    let colours: Vec<_> = bars.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(colours, [&blue, &blue, &red, &blue]);
    // Lengths follow the values.
    assert!(bars[0].1 > bars[1].1 && bars[1].1 > bars[2].1 && bars[2].1 > bars[3].1);
    let ratio = bars[1].1 / bars[0].1;
    assert!((ratio - 0.45).abs() < 0.01, "{ratio}");
    // White stripes and a dark outline on the bottleneck only.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // Stripes are segments: polylines, or the subpaths of a merged path.
    let stripes: usize = doc
        .descendants()
        .filter(|n| n.attribute("stroke") == Some("#FFFFFF"))
        .map(|n| match n.attribute("d") {
            Some(d) => d.matches('M').count(),
            None => usize::from(n.has_tag_name("polyline")),
        })
        .sum();
    assert!(stripes > 3, "{stripes}");
    let outlines = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("polyline")
                && n.attribute("stroke") == Some("#1D2430")
                && n.attribute("points")
                    .is_some_and(|p| p.split_whitespace().count() == 5)
        })
        .count();
    assert_eq!(outlines, 1);
    let without = funnel_chart("f", "Funnel", "Visitors", "2026-Q3", &realistic(), None);
    assert!(!without.contains("Bottleneck"));
    assert!(!without.contains("#FFFFFF\" stroke-width=\"2\""));
}

#[test]
fn deterministic_and_ids_unique_per_chart() {
    let a = funnel_chart("fa", "F", "Visitors", "2026-Q3", &realistic(), Some(2));
    assert_eq!(
        a,
        funnel_chart("fa", "F", "Visitors", "2026-Q3", &realistic(), Some(2))
    );
    let b = funnel_chart("fb", "F", "Visitors", "2026-Q3", &realistic(), Some(2));
    let (ia, ib) = (ids(&a), ids(&b));
    assert_eq!(ia, ["fa", "fa-title", "fa-desc"]);
    assert!(ia.iter().all(|i| !ib.contains(i)));
}

#[test]
fn one_stage_and_no_stages() {
    let svg = funnel_chart(
        "f",
        "F",
        "Visitors",
        "2026-Q3",
        &[bar("Awareness", 12000.0, None)],
        None,
    );
    assert_eq!(bars(&svg).len(), 1);
    assert_eq!(
        title_and_desc(&svg).1,
        "Visitors in 2026-Q3: 12,000 at Awareness."
    );
    assert_texts_fit(&svg);

    let svg = funnel_chart("f", "F", "Visitors", "", &[], Some(3));
    assert_eq!(bars(&svg).len(), 0);
    assert_eq!(title_and_desc(&svg).1, "Visitors: no values recorded.");
    assert_texts_fit(&svg);
}

#[test]
fn zero_equal_and_broken_values() {
    let zeros = [
        bar("A", 0.0, None),
        bar("B", 0.0, None),
        bar("C", 0.0, None),
    ];
    let svg = funnel_chart("f", "F", "Visitors", "2026-Q3", &zeros, None);
    assert!(bars(&svg).iter().all(|(_, w)| *w == 0.0));
    assert_eq!(bars(&svg).len(), 3);
    assert!(title_and_desc(&svg)
        .1
        .starts_with("Visitors by stage in 2026-Q3, from 0 at A to 0 at C."));
    assert_texts_fit(&svg);

    let equal = [
        bar("A", 500.0, None),
        bar("B", 500.0, Some(1.0)),
        bar("C", 500.0, Some(1.0)),
    ];
    let svg = funnel_chart("f", "F", "Visitors", "2026-Q3", &equal, Some(1));
    let widths: Vec<f64> = bars(&svg).iter().map(|b| b.1).collect();
    assert_eq!(widths.len(), 3);
    assert!(widths[0] > 100.0 && widths.iter().all(|&w| w == widths[0]));
    assert!(texts(&svg).contains(&"Bottleneck: lowest conversion 100%".to_string()));
    assert_texts_fit(&svg);

    let broken = [
        bar("A", f64::NAN, None),
        bar("B", f64::INFINITY, Some(f64::NAN)),
        bar("C", -5.0, Some(-1.0)),
        bar("D", 1e300, Some(f64::INFINITY)),
    ];
    let svg = funnel_chart("f", "F", "Visitors", "2026-Q3", &broken, Some(2));
    assert_eq!(bars(&svg).len(), 4);
    title_and_desc(&svg);
    assert_texts_fit(&svg);
}

#[test]
fn thirty_long_cyrillic_stages_fit() {
    let steps: Vec<FunnelBar> = (0..30)
        .map(|i| {
            bar(
                &format!("Сравнение моделей и выбор подходящего увлажнителя {i}"),
                10000.0 - 300.0 * i as f64,
                (i > 0).then_some(0.95),
            )
        })
        .collect();
    let svg = funnel_chart("f", "F", "Посетители", "2026-Q3", &steps, Some(29));
    assert_eq!(bars(&svg).len(), 30);
    assert_texts_fit(&svg);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // Numbered, as shortened names alike would not tell the stages apart.
    let names: Vec<_> = text_boxes(&doc)
        .into_iter()
        .filter(|b| b.text.contains(". Сравнение"))
        .collect();
    assert_eq!(names.len(), 30);
    for (i, name) in names.iter().enumerate() {
        assert!(name.text.starts_with(&format!("{}. ", i + 1)), "{name:?}");
        assert!(name.left >= f64::from(PAD) - 0.5, "{name:?}");
        assert!(name.right - name.left <= MAX_LABEL + 0.01, "{name:?}");
        assert!(name.text.ends_with('…'), "{name:?}");
    }
}

#[test]
fn markup_in_names_is_escaped() {
    let steps = [
        bar("<b>A & B</b>", 10.0, None),
        bar("C \"D\"", 5.0, Some(0.5)),
    ];
    let svg = funnel_chart("f", "<F>", "V", "Q", &steps, Some(1));
    let (title, desc) = title_and_desc(&svg);
    assert_eq!(title, "<F>");
    assert!(desc.contains("<b>A & B</b>"), "{desc}");
}

#[test]
fn numbers_are_grouped() {
    let group = |v: f64| group(v, en());
    let percent = |v: f64| words::percent(en(), v);
    assert_eq!(group(12000.0), "12,000");
    assert_eq!(group(1234567.25), "1,234,567.2");
    assert_eq!(group(999.0), "999");
    assert_eq!(group(-4500.0), "−4,500");
    assert_eq!(group(-0.0), "0");
    assert_eq!(group(f64::NAN), "–");
    assert_eq!(percent(0.03), "3%");
    assert_eq!(percent(0.0312), "3.1%");
    assert_eq!(percent(0.876), "88%");
    assert_eq!(percent(0.0), "0%");
}
