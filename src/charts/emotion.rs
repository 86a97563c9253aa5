//! The emotion curve: how the customer feels through the stages, on the -2..+2 scale.

use super::svg::{self, draw_lines, font, wrap, GRID, MUTED, SERIES, TEXT};
use super::words::{self, Words};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One curve: a value (or none) per stage, aligned with the chart's stage labels.
#[derive(Clone, Debug, PartialEq)]
pub struct EmotionSeries {
    pub name: String,
    pub values: Vec<Option<i8>>,
}

const WIDTH: u32 = 960;
const PLOT_HEIGHT: u32 = 280;
/// Room left of the plot for the scale's words; more when a language's words need it.
const LEFT: u32 = 120;
const RIGHT: u32 = 24;
const TOP: u32 = 28;
const LABEL_SIZE: f64 = 13.0;

/// The emotion curve of `series[0]` through `stages`, with any further series (a
/// `compare_to` journey) overlaid dashed with square markers. `id` must be unique on the
/// page. Returns a complete, accessible SVG, its words from `words`.
pub fn emotion_curve(
    id: &str,
    title: &str,
    stages: &[String],
    series: &[EmotionSeries],
    words: &dyn Words,
) -> String {
    let n = stages.len().max(1);
    let scale = scale_labels(words);
    let left = scale_left(&scale, LEFT);
    let slot = f64::from(WIDTH - left - RIGHT) / n as f64;
    // Below about 60 px a name cannot be read; number the stages and leave names to the table.
    let numbered = slot < 60.0;
    let names: Vec<Vec<String>> = stages
        .iter()
        .enumerate()
        .map(|(i, name)| {
            if numbered {
                vec![(i + 1).to_string()]
            } else {
                wrap(name, slot - 8.0, LABEL_SIZE, 3)
            }
        })
        .collect();
    let label_lines = names.iter().map(Vec::len).max().unwrap_or(1);
    let bottom = 16 + (label_lines as f64 * LABEL_SIZE * 1.25).ceil() as u32;
    let legend = if series.len() > 1 { 24 } else { 0 };
    let height = TOP + PLOT_HEIGHT + bottom + legend;

    let body = svg::draw(WIDTH, height, |root| {
        let (plot, below) = root.split_vertically(TOP + PLOT_HEIGHT);
        let mut chart = ChartBuilder::on(&plot)
            .margin_top(TOP)
            .margin_left(left)
            .margin_right(RIGHT)
            .build_cartesian_2d(-0.5..(n as f64 - 0.5), -2.6..2.6)?;
        let px = |i: usize| i as f64;
        // Scale lines and words: the scale reads without colour.
        for level in -2i32..=2 {
            let y = f64::from(level);
            let color = if level == 0 { MUTED } else { GRID };
            let width = if level == 0 { 2 } else { 1 };
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(-0.5, y), (n as f64 - 0.5, y)],
                color.stroke_width(width),
            )))?;
        }
        let plot_area = chart.plotting_area().clone();
        for (level, label) in (-2i32..=2).zip(&scale) {
            let (_, y) = plot_area.map_coordinate(&(-0.5, f64::from(level)));
            root.draw(&Text::new(
                label.as_str(),
                (left as i32 - 8, y),
                font(12.0, MUTED).pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
        }

        for (s, curve) in series.iter().enumerate() {
            let color = SERIES[s % SERIES.len()];
            let points: Vec<(f64, f64)> = curve
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (px(i), f64::from(v))))
                .collect();
            if s == 0 {
                chart.draw_series(LineSeries::new(points.clone(), color.stroke_width(3)))?;
                chart.draw_series(points.iter().map(|&p| Circle::new(p, 6, color.filled())))?;
            } else {
                chart.draw_series(LineSeries::new(
                    points.clone(),
                    svg::dashed(color, 2, (8, 6)),
                ))?;
                chart.draw_series(points.iter().map(|&(x, y)| {
                    EmptyElement::at((x, y)) + Rectangle::new([(-5, -5), (5, 5)], color.filled())
                }))?;
            }
            if s == 0 {
                let low = lowest(&curve.values).map(|(i, _)| px(i));
                for &(x, y) in &points {
                    let score = words::signed(words, y);
                    let text = if Some(x) == low {
                        words.text("chart.emotion.lowest", None, &[("score", &score)])
                    } else {
                        score
                    };
                    let offset = if y >= 0.0 { -12 } else { 12 };
                    let pos = Pos::new(
                        HPos::Center,
                        if y >= 0.0 { VPos::Bottom } else { VPos::Top },
                    );
                    chart.draw_series(std::iter::once(
                        EmptyElement::at((x, y))
                            + Text::new(text, (0, offset), font(13.0, TEXT).pos(pos)),
                    ))?;
                }
                if let Some((lx, ly)) = lowest(&curve.values) {
                    chart.draw_series(std::iter::once(
                        EmptyElement::at((px(lx), ly))
                            + Circle::new((0, 0), 11, color.stroke_width(2)),
                    ))?;
                }
            }
        }

        for (i, lines) in names.iter().enumerate() {
            let (x, _) = plot_area.map_coordinate(&(px(i), 0.0));
            draw_lines(
                &below,
                lines,
                (x, 8),
                LABEL_SIZE,
                TEXT,
                Pos::new(HPos::Center, VPos::Top),
            )?;
        }
        if series.len() > 1 {
            let y = (height - TOP - PLOT_HEIGHT - 14) as i32;
            let mut x = left as i32;
            for (s, curve) in series.iter().enumerate() {
                let color = SERIES[s % SERIES.len()];
                let key = words.text(
                    if s == 0 {
                        "chart.emotion.key_solid"
                    } else {
                        "chart.emotion.key_dashed"
                    },
                    None,
                    &[],
                );
                below.draw(&PathElement::new(
                    vec![(x, y), (x + 28, y)],
                    color.stroke_width(if s == 0 { 3 } else { 2 }),
                ))?;
                let name = svg::shorten(&curve.name, 300.0, 12.0);
                let label = words.text(
                    "chart.emotion.legend",
                    None,
                    &[("journey", &name), ("key", &key)],
                );
                below.draw(&Text::new(
                    label.clone(),
                    (x + 36, y),
                    font(12.0, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
                x += 36 + svg::text_width(&label, 12.0) as i32 + 28;
            }
        }
        Ok(())
    });
    svg::accessible(&body, id, title, &describe(stages, series, words))
}

/// The words of the emotion scale, from −2 to +2: "−1 negative".
pub(super) fn scale_labels(words: &dyn Words) -> Vec<String> {
    (-2i64..=2)
        .map(|level| {
            let word = words.text(emotion_key(level), None, &[]);
            let score = words::signed(words, level as f64);
            words.text(
                "chart.emotion.scale",
                None,
                &[("score", &score), ("word", &word)],
            )
        })
        .collect()
}

/// The left margin that fits the scale's words: at least `least`.
pub(super) fn scale_left(scale: &[String], least: u32) -> u32 {
    let widest = scale
        .iter()
        .map(|l| svg::text_width(l, 12.0))
        .fold(0.0, f64::max);
    least.max((widest + 16.0).ceil() as u32)
}

/// The table key of an emotion score's words.
fn emotion_key(level: i64) -> &'static str {
    match level {
        2 => "emotion.very-positive",
        1 => "emotion.positive",
        0 => "emotion.neutral",
        -1 => "emotion.negative",
        _ => "emotion.very-negative",
    }
}

/// The stage with the lowest value (the first, if tied).
fn lowest(values: &[Option<i8>]) -> Option<(usize, f64)> {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .min_by_key(|&(i, v)| (v, i))
        .map(|(i, v)| (i, f64::from(v)))
}

/// The finding in words: the lowest and highest stage, and how the overlaid curve compares.
fn describe(stages: &[String], series: &[EmotionSeries], words: &dyn Words) -> String {
    let Some(main) = series.first() else {
        return words.text("chart.emotion.none", None, &[]);
    };
    let known: Vec<(usize, i8)> = main
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    if known.is_empty() {
        return words.text("chart.emotion.none_for", None, &[("journey", &main.name)]);
    }
    let name = |i: usize| stages.get(i).cloned().unwrap_or_default();
    let (low_i, low) = *known
        .iter()
        .min_by_key(|&&(i, v)| (v, i))
        .unwrap_or(&known[0]);
    let (high_i, high) = *known
        .iter()
        .max_by_key(|&&(i, v)| (v, std::cmp::Reverse(i)))
        .unwrap_or(&known[0]);
    let mean = known.iter().map(|&(_, v)| f64::from(v)).sum::<f64>() / known.len() as f64;
    let mean_text = |mean: f64| words.decimal((mean * 100.0).round() / 100.0, 1);
    let mut text = words.text(
        "chart.emotion.desc",
        Some(stages.len() as f64),
        &[
            ("journey", &main.name),
            ("lowest", &name(low_i)),
            ("lowest_score", &words::signed(words, f64::from(low))),
            ("highest", &name(high_i)),
            ("highest_score", &words::signed(words, f64::from(high))),
            ("mean", &mean_text(mean)),
        ],
    );
    for other in &series[1..] {
        let values: Vec<f64> = other
            .values
            .iter()
            .flatten()
            .map(|&v| f64::from(v))
            .collect();
        if !values.is_empty() {
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            text.push(' ');
            text.push_str(&words.text(
                "chart.emotion.compared",
                None,
                &[("journey", &other.name), ("mean", &mean_text(mean))],
            ));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::en;

    /// The chart in English.
    fn emotion_curve(id: &str, title: &str, stages: &[String], series: &[EmotionSeries]) -> String {
        super::emotion_curve(id, title, stages, series, en())
    }

    fn series(name: &str, values: &[Option<i8>]) -> EmotionSeries {
        EmotionSeries {
            name: name.into(),
            values: values.to_vec(),
        }
    }

    fn stages(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn parse(svg: &str) -> (usize, String, String, Vec<String>) {
        let doc = roxmltree::Document::parse(svg).expect("valid XML");
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        let id = root.attribute("id").unwrap();
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some(format!("{id}-title {id}-desc").as_str())
        );
        let text_of = |tag: &str| {
            doc.descendants()
                .find(|n| n.has_tag_name(tag))
                .and_then(|n| n.text())
                .unwrap_or("")
                .to_string()
        };
        let circles = doc
            .descendants()
            .filter(|n| n.has_tag_name("circle"))
            .count();
        let texts = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .map(|t| t.trim().to_string())
            .collect();
        (circles, text_of("title"), text_of("desc"), texts)
    }

    #[test]
    fn marks_every_stage_and_states_the_lowest() {
        let names = stages(&["Aware", "Compare", "Checkout", "Delivery"]);
        let svg = emotion_curve(
            "e",
            "Emotion curve: Buying",
            &names,
            &[series("Buying", &[Some(-1), Some(0), Some(-2), Some(1)])],
        );
        let (circles, title, desc, texts) = parse(&svg);
        // One dot per stage and the ring around the lowest.
        assert_eq!(circles, 5);
        assert_eq!(title, "Emotion curve: Buying");
        assert_eq!(desc, "Buying across 4 stages, on a scale from −2 to +2: lowest at Checkout (−2), highest at Delivery (+1), mean −0.5.");
        assert!(texts.contains(&"−2 lowest".to_string()), "{texts:?}");
        assert!(texts.contains(&"Checkout".to_string()));
        assert_eq!(
            svg,
            emotion_curve(
                "e",
                "Emotion curve: Buying",
                &names,
                &[series("Buying", &[Some(-1), Some(0), Some(-2), Some(1)])]
            )
        );
    }

    #[test]
    fn overlays_the_compared_journey_dashed_with_squares() {
        let names = stages(&["A", "B", "C"]);
        let svg = emotion_curve(
            "e",
            "t",
            &names,
            &[
                series("Today", &[Some(-1), Some(-2), Some(0)]),
                series("Target", &[Some(1), None, Some(2)]),
            ],
        );
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let squares = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("width") == Some("10"))
            .count();
        assert_eq!(
            squares, 2,
            "one square per known value of the compared journey"
        );
        let (_, _, desc, texts) = parse(&svg);
        assert!(desc.ends_with("Compared with Target: mean 1.5."), "{desc}");
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Target (dashed line, squares)")),
            "{texts:?}"
        );
    }

    #[test]
    fn edge_cases_draw_without_panicking() {
        let (circles, _, desc, _) = parse(&emotion_curve(
            "e",
            "t",
            &stages(&["Only"]),
            &[series("One", &[Some(2)])],
        ));
        assert_eq!(circles, 2);
        assert!(
            desc.contains("lowest at Only (+2), highest at Only (+2)"),
            "{desc}"
        );
        let (_, _, desc, _) = parse(&emotion_curve(
            "e",
            "t",
            &stages(&["A", "B"]),
            &[series("Sad", &[Some(-2), Some(-1)])],
        ));
        assert!(
            desc.contains("lowest at A (−2), highest at B (−1)"),
            "{desc}"
        );
        let (circles, _, desc, _) = parse(&emotion_curve(
            "e",
            "t",
            &stages(&["A", "B"]),
            &[series("None", &[None, None])],
        ));
        assert_eq!(circles, 0);
        assert_eq!(desc, "None: no emotions recorded.");
        let (_, _, desc, _) = parse(&emotion_curve("e", "t", &[], &[]));
        assert_eq!(desc, "No emotions recorded.");
    }

    #[test]
    fn thirty_long_cyrillic_stages_are_numbered() {
        let names: Vec<String> = (1..=30)
            .map(|i| format!("Сравнение моделей и выбор подходящего увлажнителя {i}"))
            .collect();
        let values: Vec<Option<i8>> = (0..30).map(|i| Some((i % 5) as i8 - 2)).collect();
        let (circles, _, _, texts) =
            parse(&emotion_curve("e", "t", &names, &[series("Long", &values)]));
        assert_eq!(circles, 31);
        for n in 1..=30 {
            assert!(texts.contains(&n.to_string()), "stage {n} is not labelled");
        }
        assert!(
            !texts.iter().any(|t| t.contains("Сравнение")),
            "names go to the table when they cannot fit"
        );
    }

    #[test]
    fn long_names_are_wrapped_to_their_slot() {
        let names = stages(&[
            "Pirkuma noformēšana un apmaksa internetā",
            "Оформление заказа и оплата доставки на дом",
            "Done",
        ]);
        let (_, _, _, texts) = parse(&emotion_curve(
            "e",
            "t",
            &names,
            &[series("x", &[Some(0), Some(1), Some(2)])],
        ));
        let slot = f64::from(WIDTH - LEFT - RIGHT) / 3.0 - 8.0;
        let label_lines: Vec<&String> = texts
            .iter()
            .filter(|t| {
                t.contains("Pirkuma")
                    || t.contains("Оформление")
                    || t.contains("apmaksa")
                    || t.contains("оплата")
            })
            .collect();
        assert!(label_lines.len() >= 2, "{texts:?}");
        for line in label_lines {
            assert!(
                svg::text_width(line, LABEL_SIZE) <= slot + 0.01,
                "{line} is wider than its slot"
            );
        }
    }

    #[test]
    fn snapshot() {
        let names = stages(&[
            "Noticing the problem",
            "Researching options",
            "Checking out",
            "Setting up",
        ]);
        insta::assert_snapshot!(emotion_curve(
            "chart-emotion",
            "Emotion curve: Buying online",
            &names,
            &[
                series("Today", &[Some(-1), Some(0), Some(-2), Some(1)]),
                series("Target", &[Some(0), Some(1), Some(1), Some(2)])
            ],
        ));
    }
}
