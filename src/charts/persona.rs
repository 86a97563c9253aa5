//! A persona's journeys on one chart: each journey's emotion curve, its stages placed by
//! how far through the journey they are, so journeys of different lengths line up.

use super::emotion::{scale_labels, scale_left};
use super::svg::{self, font, LegendEntry, Marker, GRID, MARKERS, MUTED, SERIES, TEXT};
use super::words::{self, Words};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One journey's emotions, a value (or none) per stage in order.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonaCurve {
    pub journey: String,
    pub values: Vec<Option<i8>>,
}

const WIDTH: u32 = 960;
const HEIGHT: u32 = 340;
const LEFT: u32 = 120;
const RIGHT: u32 = 24;
const TOP: u32 = 20;
const BOTTOM: u32 = 44;

/// Dash patterns (dash, gap) cycled with the colours, so curves differ without colour.
const DASHES: [Option<(u32, u32)>; 4] = [None, Some((10, 6)), Some((3, 5)), Some((16, 4))];

/// The overlaid emotion curves of a persona's journeys, and their legend entries; the
/// chart's words from `words`.
pub fn persona_curves(
    id: &str,
    title: &str,
    curves: &[PersonaCurve],
    words: &dyn Words,
) -> (String, Vec<LegendEntry>) {
    let scale = scale_labels(words);
    let left = scale_left(&scale, LEFT);
    let ticks = [
        (0.0, words.text("chart.persona.start", None, &[])),
        (0.25, words::percent(words, 0.25)),
        (0.5, words.text("chart.persona.halfway", None, &[])),
        (0.75, words::percent(words, 0.75)),
        (1.0, words.text("chart.persona.end", None, &[])),
    ];
    let axis = words.text("chart.persona.axis", None, &[]);
    let body = svg::draw(WIDTH, HEIGHT, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(TOP)
            .margin_left(left)
            .margin_right(RIGHT)
            .margin_bottom(BOTTOM)
            .build_cartesian_2d(-0.04..1.04, -2.6..2.6)?;
        let area = chart.plotting_area().clone();
        for level in -2i32..=2 {
            let y = f64::from(level);
            let (color, width) = if level == 0 { (MUTED, 2) } else { (GRID, 1) };
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(-0.04, y), (1.04, y)],
                color.stroke_width(width),
            )))?;
            let (_, py) = area.map_coordinate(&(0.0, y));
            root.draw(&Text::new(
                scale[(level + 2) as usize].as_str(),
                (left as i32 - 8, py),
                font(12.0, MUTED).pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
        }
        for (tick, label) in &ticks {
            let (px, _) = area.map_coordinate(&(*tick, -2.6));
            root.draw(&Text::new(
                label.as_str(),
                (px, (HEIGHT - BOTTOM) as i32 + 8),
                font(12.0, MUTED).pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
        root.draw(&Text::new(
            axis.as_str(),
            (
                (left + (WIDTH - left - RIGHT) / 2) as i32,
                (HEIGHT - 14) as i32,
            ),
            font(12.0, TEXT).pos(Pos::new(HPos::Center, VPos::Center)),
        ))?;
        for (c, curve) in curves.iter().enumerate() {
            let color = SERIES[c % SERIES.len()];
            let points = positions(&curve.values);
            match DASHES[c % DASHES.len()] {
                None => {
                    chart.draw_series(LineSeries::new(points.clone(), color.stroke_width(3)))?;
                }
                Some((dash, gap)) => {
                    chart.draw_series(LineSeries::new(
                        points.clone(),
                        svg::dashed(color, 3, (dash, gap)),
                    ))?;
                }
            }
            let marker = MARKERS[c % MARKERS.len()];
            for &p in &points {
                match marker {
                    Marker::Circle => {
                        chart.draw_series(std::iter::once(Circle::new(p, 5, color.filled())))?
                    }
                    Marker::Square => chart.draw_series(std::iter::once(
                        EmptyElement::at(p) + Rectangle::new([(-5, -5), (5, 5)], color.filled()),
                    ))?,
                    Marker::Triangle => chart.draw_series(std::iter::once(TriangleMarker::new(
                        p,
                        7,
                        color.filled(),
                    )))?,
                    Marker::Diamond => chart.draw_series(std::iter::once(
                        EmptyElement::at(p)
                            + Polygon::new(vec![(0, -7), (7, 0), (0, 7), (-7, 0)], color.filled()),
                    ))?,
                };
            }
        }
        Ok(())
    });
    let legend = curves
        .iter()
        .enumerate()
        .map(|(c, curve)| LegendEntry {
            label: curve.journey.clone(),
            swatch: swatch(c),
        })
        .collect();
    (
        svg::accessible(&body, id, title, &describe(curves, words)),
        legend,
    )
}

/// Each known value at its stage's position from 0 (first stage) to 1 (last).
fn positions(values: &[Option<i8>]) -> Vec<(f64, f64)> {
    let n = values.len();
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let x = if n <= 1 {
                0.5
            } else {
                i as f64 / (n - 1) as f64
            };
            v.map(|v| (x, f64::from(v)))
        })
        .collect()
}

/// A swatch of curve `c`'s line and marker.
fn swatch(c: usize) -> String {
    svg::swatch(
        SERIES[c % SERIES.len()],
        DASHES[c % DASHES.len()],
        MARKERS[c % MARKERS.len()],
    )
}

fn describe(curves: &[PersonaCurve], words: &dyn Words) -> String {
    let means: Vec<(String, f64)> = curves
        .iter()
        .filter_map(|c| {
            let values: Vec<f64> = c.values.iter().flatten().map(|&v| f64::from(v)).collect();
            (!values.is_empty()).then(|| {
                (
                    c.journey.clone(),
                    values.iter().sum::<f64>() / values.len() as f64,
                )
            })
        })
        .collect();
    if means.is_empty() {
        return words.text("chart.persona.none", None, &[]);
    }
    let best = means
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .cloned()
        .unwrap_or_default();
    let worst = means
        .iter()
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
        .cloned()
        .unwrap_or_default();
    let round = |v: f64| words.decimal((v * 100.0).round() / 100.0, 1);
    if means.len() == 1 {
        return words.text(
            "chart.persona.desc_one",
            None,
            &[("journey", &best.0), ("mean", &round(best.1))],
        );
    }
    words.text(
        "chart.persona.desc",
        Some(means.len() as f64),
        &[
            ("best", &best.0),
            ("best_mean", &round(best.1)),
            ("worst", &worst.0),
            ("worst_mean", &round(worst.1)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::en;

    /// The chart in English.
    fn persona_curves(
        id: &str,
        title: &str,
        curves: &[PersonaCurve],
    ) -> (String, Vec<LegendEntry>) {
        super::persona_curves(id, title, curves, en())
    }

    fn curve(name: &str, values: &[i8]) -> PersonaCurve {
        PersonaCurve {
            journey: name.into(),
            values: values.iter().map(|&v| Some(v)).collect(),
        }
    }

    #[test]
    fn stages_are_placed_by_their_share_of_the_journey() {
        assert_eq!(
            positions(&[Some(1), None, Some(-1)]),
            vec![(0.0, 1.0), (1.0, -1.0)]
        );
        assert_eq!(positions(&[Some(2)]), vec![(0.5, 2.0)]);
    }

    #[test]
    fn draws_every_journey_with_a_legend_and_a_finding() {
        let curves = [
            curve("Buying", &[-1, -2, 1]),
            curve("Renewing", &[0, 1, 1, 2, 1]),
            curve("Repair", &[-2, -1]),
        ];
        let (svg, legend) = persona_curves("chart-persona", "Anna's journeys", &curves);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        let desc = doc
            .descendants()
            .find(|n| n.has_tag_name("desc"))
            .unwrap()
            .text()
            .unwrap();
        assert!(desc.contains("3 journeys"), "{desc}");
        assert!(desc.contains("Renewing feels best (mean 1)"), "{desc}");
        assert!(desc.contains("Repair worst (mean −1.5)"), "{desc}");
        assert_eq!(legend.len(), 3);
        assert!(legend[1].swatch.contains("stroke-dasharray"));
        assert!(!legend[0].swatch.contains("stroke-dasharray"));
        // 3 + 5 + 2 markers: circles for the first curve, squares (rect) for the second,
        // triangles and diamonds (polygon) for the others.
        let circles = doc
            .descendants()
            .filter(|n| n.has_tag_name("circle"))
            .count();
        assert_eq!(circles, 3);
        assert_eq!(
            persona_curves("chart-persona", "Anna's journeys", &curves).0,
            svg
        );
    }

    #[test]
    fn handles_no_journeys_and_no_emotions() {
        let (svg, legend) = persona_curves("c", "None", &[]);
        assert!(svg.contains("No emotions recorded"));
        assert!(legend.is_empty());
        let (svg, _) = persona_curves(
            "c",
            "Blank",
            &[PersonaCurve {
                journey: "x".into(),
                values: vec![None, None],
            }],
        );
        assert!(roxmltree::Document::parse(&svg).is_ok());
    }

    #[test]
    fn many_journeys_keep_distinct_looks() {
        let curves: Vec<PersonaCurve> = (0..8)
            .map(|i| curve(&format!("Journey {i}"), &[-1, 0, 1]))
            .collect();
        let (svg, legend) = persona_curves("c", "t", &curves);
        assert!(roxmltree::Document::parse(&svg).is_ok());
        // Colour, dash and marker cycle with different periods, so no two of the first
        // eight curves look the same.
        let distinct: std::collections::BTreeSet<&String> =
            legend.iter().map(|e| &e.swatch).collect();
        assert_eq!(distinct.len(), 8);
    }

    #[test]
    fn snapshot() {
        let curves = [
            curve("Buying online", &[-1, 0, -2, 1]),
            curve("Renewing", &[0, 1, 2]),
        ];
        insta::assert_snapshot!(
            persona_curves(
                "chart-persona",
                "Emotion through the journeys of Anna",
                &curves
            )
            .0
        );
    }
}
