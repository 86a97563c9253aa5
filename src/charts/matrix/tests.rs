use super::*;
use crate::charts::test_support::en;

/// The chart in English.
fn opportunity_matrix(id: &str, title: &str, points: &[MatrixPoint]) -> String {
    super::opportunity_matrix(id, title, points, en())
}

fn point(number: usize, impact: u8, effort: u8, done: bool) -> MatrixPoint {
    MatrixPoint {
        number,
        impact,
        effort,
        done,
    }
}

/// A small portfolio: 2 quick wins, 3 big bets, 1 fill-in, 1 money pit; 2 done.
fn portfolio() -> Vec<MatrixPoint> {
    vec![
        point(1, 2, 0, false),
        point(2, 1, 0, true),
        point(3, 2, 2, false),
        point(4, 2, 1, false),
        point(5, 1, 1, true),
        point(6, 0, 0, false),
        point(7, 0, 2, false),
    ]
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

/// The markers drawn: (centre x, centre y, radius, hollow), the legend's left out.
fn markers(doc: &roxmltree::Document) -> Vec<(f64, f64, f64, bool)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("circle"))
        .map(|n| {
            (
                attr(n, "cx"),
                attr(n, "cy"),
                attr(n, "r"),
                n.attribute("fill") == Some("none"),
            )
        })
        .filter(|&(_, _, r, _)| r > f64::from(LEGEND_R))
        .collect()
}

/// The numbers written on the chart, sorted.
fn numbers(doc: &roxmltree::Document) -> Vec<usize> {
    let mut numbers: Vec<usize> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text()?.trim().parse().ok())
        .collect();
    numbers.sort_unstable();
    numbers
}

#[test]
fn is_accessible_and_states_the_quadrants() {
    let svg = opportunity_matrix(
        "chart-matrix",
        "Opportunities by impact and effort",
        &portfolio(),
    );
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(
        root.attribute("aria-labelledby"),
        Some("chart-matrix-title chart-matrix-desc")
    );
    assert_eq!(
        doc.descendants()
            .find(|n| n.has_tag_name("title"))
            .unwrap()
            .attribute("id"),
        Some("chart-matrix-title")
    );
    assert_eq!(
        text_of(&doc, "chart-matrix-title"),
        "Opportunities by impact and effort"
    );
    assert_eq!(
        text_of(&doc, "chart-matrix-desc"),
        "7 opportunities by impact and effort: 2 quick wins, 3 big bets, 1 fill-in, 1 money pit. 2 are done."
    );
    let texts: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.has_tag_name("text").then(|| n.text()).flatten())
        .collect();
    for label in [
        "Quick wins (2)",
        "Big bets (3)",
        "Fill-ins (1)",
        "Money pits (1)",
        "Impact →",
        "Effort →",
        "Low",
        "Medium",
        "High",
    ] {
        assert!(
            texts.iter().any(|t| t.trim() == label),
            "{label} missing from {texts:?}"
        );
    }
}

#[test]
fn draws_one_numbered_marker_per_opportunity_done_ones_hollow() {
    let svg = opportunity_matrix("m", "Matrix", &portfolio());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let marks = markers(&doc);
    assert_eq!(marks.len(), 7);
    assert_eq!(marks.iter().filter(|m| m.3).count(), 2);
    assert_eq!(numbers(&doc), vec![1, 2, 3, 4, 5, 6, 7]);
    // The quick win numbered 1 (high impact, low effort) is in the top-left cell.
    let layout = Layout::new(&portfolio());
    let (x, y) = layout.marker(layout.cell_origin(0, 2), 0);
    assert!(marks
        .iter()
        .any(|m| (m.0, m.1) == (f64::from(x), f64::from(y))));
}

#[test]
fn matches_its_snapshot() {
    // The snapshot stays with the other charts' in src/charts/snapshots.
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!(opportunity_matrix(
            "chart-matrix",
            "Opportunities by impact and effort",
            &portfolio()
        ));
    });
}

#[test]
fn is_deterministic_and_ids_stay_unique() {
    let a = opportunity_matrix("a", "Matrix", &portfolio());
    assert_eq!(a, opportunity_matrix("a", "Matrix", &portfolio()));
    let b = opportunity_matrix("b", "Matrix", &portfolio());
    let ids = |svg: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter_map(|n| n.attribute("id").map(String::from))
            .collect()
    };
    let (ia, ib) = (ids(&a), ids(&b));
    assert_eq!(ia.len(), 3);
    assert!(ia.iter().all(|id| !ib.contains(id)), "{ia:?} {ib:?}");
}

#[test]
fn one_point_and_no_points() {
    let svg = opportunity_matrix("m", "One", &[point(1, 0, 2, false)]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(markers(&doc).len(), 1);
    assert_eq!(
        text_of(&doc, "m-desc"),
        "1 opportunity by impact and effort: 0 quick wins, 0 big bets, 0 fill-ins, 1 money pit."
    );
    let svg = opportunity_matrix("m", "None", &[]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(markers(&doc).len(), 0);
    assert_eq!(text_of(&doc, "m-desc"), "No opportunities recorded.");
    assert!(svg.contains("Quick wins (0)"));
}

#[test]
fn levels_above_high_count_as_high() {
    let svg = opportunity_matrix(
        "m",
        "Odd",
        &[point(1, 9, 200, true), point(0, 255, 0, false)],
    );
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(markers(&doc).len(), 2);
    assert!(text_of(&doc, "m-desc").contains("1 quick win, 1 big bet"));
}

#[test]
fn long_numbers_still_fit_their_markers() {
    let points = [
        point(0, 0, 0, false),
        point(usize::MAX, 2, 2, true),
        point(1234, 1, 1, false),
    ];
    let svg = opportunity_matrix("m", "Odd", &points);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(markers(&doc).len(), 3);
    assert_laid_out(&points, &markers(&doc));
}

/// No two markers overlap, and each stays inside its cell.
fn assert_laid_out(points: &[MatrixPoint], marks: &[(f64, f64, f64, bool)]) {
    let layout = Layout::new(points);
    for (i, a) in marks.iter().enumerate() {
        for b in &marks[i + 1..] {
            let gap = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
            assert!(gap >= a.2 + b.2, "{a:?} overlaps {b:?}");
        }
        let inside = (0..3).any(|e| {
            (0..3).any(|i| {
                let (x, y) = layout.cell_origin(e, i);
                let (x, y, w, h) = (
                    f64::from(x),
                    f64::from(y),
                    f64::from(CELL_W),
                    f64::from(layout.row_h[i]),
                );
                a.0 - a.2 >= x && a.0 + a.2 <= x + w && a.1 - a.2 >= y && a.1 + a.2 <= y + h
            })
        });
        assert!(inside, "{a:?} leaves its cell");
    }
}

#[test]
fn sixty_in_one_cell_all_show_without_overlap() {
    let points: Vec<MatrixPoint> = (1..=60).map(|n| point(n, 2, 0, n % 5 == 0)).collect();
    let svg = opportunity_matrix("m", "Crowded", &points);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let marks = markers(&doc);
    assert_eq!(marks.len(), 60);
    assert_eq!(marks.iter().filter(|m| m.3).count(), 12);
    assert_eq!(numbers(&doc), (1..=60).collect::<Vec<_>>());
    assert_laid_out(&points, &marks);
    let layout = Layout::new(&points);
    assert!(layout.number_size >= MIN_NUMBER_SIZE, "{layout:?}");
    assert!(!svg.contains("more (see table)"));
}

#[test]
fn too_many_for_one_cell_show_the_first_and_a_note() {
    let points: Vec<MatrixPoint> = (1..=250).map(|n| point(n, 1, 1, false)).collect();
    let svg = opportunity_matrix("m", "Overflow", &points);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let marks = markers(&doc);
    assert!(marks.len() >= 40 && marks.len() < 250, "{}", marks.len());
    assert_eq!(numbers(&doc), (1..=marks.len()).collect::<Vec<_>>());
    assert_laid_out(&points, &marks);
    let hidden = 250 - marks.len();
    assert!(svg.contains(&format!("+{hidden} more (see table)")));
    assert!(text_of(&doc, "m-desc").contains(&format!("{hidden} in crowded cells are not drawn")));
    let layout = Layout::new(&points);
    assert!(layout.number_size >= MIN_NUMBER_SIZE, "{layout:?}");
}

#[test]
fn quadrant_names_keep_their_contrast_on_the_tints() {
    let lum = |c: RGBColor| {
        let ch = |v: u8| {
            let s = f64::from(v) / 255.0;
            if s <= 0.03928 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c.0) + 0.7152 * ch(c.1) + 0.0722 * ch(c.2)
    };
    for q in Quadrant::ALL {
        let (tint, ink) = q.colors();
        let ratio = (lum(tint) + 0.05) / (lum(ink) + 0.05);
        assert!(ratio >= 4.5, "{q:?}: {ratio}");
        // The markers are drawn on the tints too.
        assert!((lum(tint) + 0.05) / (lum(SERIES[0]) + 0.05) >= 4.5, "{q:?}");
    }
}
