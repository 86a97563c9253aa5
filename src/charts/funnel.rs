//! The funnel: the funnel metric at each stage in one period, the conversion from each
//! stage to the next, and the bottleneck (the largest drop) marked.

use super::svg::{self, font, wrap, BAD, GRID, MUTED, SERIES, TEXT};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One stage of the funnel, in journey order.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelBar {
    pub stage: String,
    pub value: f64,
    /// This value over the previous stage's, as a fraction; `None` for the first stage.
    pub conversion: Option<f64>,
}

const WIDTH: u32 = 960;
const PAD: i32 = 12;
/// Room above the bars for the caption and the key to the arrows.
const HEADER: u32 = 36;
const FOOTER: u32 = 32;
/// Stage names get at most this much room; longer ones wrap, then shorten.
const MAX_LABEL: f64 = 260.0;
const MIN_LABEL: f64 = 64.0;
/// Between the end of a bar and its value, and between the value and what follows it.
const GAP: f64 = 8.0;
/// A light tint behind the bottleneck's row; every text colour keeps 4.5:1 on it.
const BAND: RGBColor = RGBColor(0xfc, 0xee, 0xee);

/// Row sizes: roomy with two-line names for a usual funnel, compact with one-line names
/// once the chart would otherwise grow taller than a page.
struct Rows {
    height: u32,
    bar: u32,
    name_size: f64,
    name_lines: usize,
    /// Numbered names tell apart stages whose shortened names look alike.
    numbered: bool,
    value_size: f64,
    note_size: f64,
}

fn rows(n: usize) -> Rows {
    if n <= 12 {
        Rows {
            height: 44,
            bar: 26,
            name_size: 13.0,
            name_lines: 2,
            numbered: false,
            value_size: 13.0,
            note_size: 12.0,
        }
    } else {
        Rows {
            height: 26,
            bar: 18,
            name_size: 12.0,
            name_lines: 1,
            numbered: true,
            value_size: 12.0,
            note_size: 11.0,
        }
    }
}

/// The texts written after one bar, left to right.
struct Notes {
    value: String,
    conversion: Option<String>,
    marker: Option<String>,
}

/// A horizontal bar per stage of `steps` with its value and its conversion from the
/// previous stage; the `bottleneck` step (an index into `steps`) is drawn hatched, outlined
/// and labelled, so it is told by more than its colour. `label` names the metric
/// ("Visitors"), `period` the period the values are from. Returns a complete, accessible
/// SVG; `id` must be unique on the page.
pub fn funnel_chart(
    id: &str,
    title: &str,
    label: &str,
    period: &str,
    steps: &[FunnelBar],
    bottleneck: Option<usize>,
) -> String {
    let bottleneck = bottleneck.filter(|&b| b < steps.len());
    let desc = describe(label, period, steps, bottleneck);
    if steps.is_empty() {
        let body = svg::draw(WIDTH, 96, |root| {
            root.draw(&Text::new(
                fit(&desc, f64::from(WIDTH) - 2.0 * f64::from(PAD), 14.0),
                ((WIDTH / 2) as i32, 48),
                font(14.0, MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
            ))?;
            Ok(())
        });
        return svg::accessible(&body, id, title, &desc);
    }

    let r = rows(steps.len());
    let names: Vec<Vec<String>> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let name = if r.numbered {
                format!("{}. {}", i + 1, s.stage.trim())
            } else {
                s.stage.trim().to_string()
            };
            wrap(&name, MAX_LABEL, r.name_size, r.name_lines)
        })
        .collect();
    let label_width = names
        .iter()
        .flatten()
        .map(|l| svg::text_width(l, r.name_size))
        .fold(MIN_LABEL, f64::max)
        .min(MAX_LABEL);
    let label_right = PAD + label_width.ceil() as i32;
    let bar_x = label_right + 14;
    let room = f64::from(WIDTH as i32 - PAD - bar_x);

    let notes: Vec<Notes> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| Notes {
            value: group(s.value),
            conversion: s
                .conversion
                .filter(|c| c.is_finite())
                .map(|c| format!("→ {}", percent(c))),
            marker: (Some(i) == bottleneck).then(|| marker(s.conversion)),
        })
        .collect();
    // Each note's width, with room for glyphs (arrows, bold) wider than the estimate.
    let note_widths: Vec<[f64; 3]> = notes
        .iter()
        .map(|n| {
            [
                svg::text_width(&n.value, r.value_size),
                n.conversion
                    .as_deref()
                    .map_or(0.0, |c| svg::text_width(c, r.note_size) + 0.4 * r.note_size),
                n.marker
                    .as_deref()
                    .map_or(0.0, |m| svg::text_width(m, r.note_size) * 1.1),
            ]
        })
        .collect();
    let scale = bar_scale(steps, &note_widths, room);

    let rows_top = HEADER as i32;
    let height = HEADER + steps.len() as u32 * r.height + FOOTER;
    let overall = overall_note(steps);

    let body = svg::draw(WIDTH, height, |root| {
        // The caption says what the bars are; the key says what the arrows are.
        let key = "→ share of the previous stage";
        let key_width = svg::text_width(key, 12.0);
        root.draw(&Text::new(
            key,
            (WIDTH as i32 - PAD, 18),
            font(12.0, MUTED).pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        let caption = if period.trim().is_empty() {
            format!("{} by stage", metric(label))
        } else {
            format!("{} by stage, {}", metric(label), period.trim())
        };
        let caption_room = f64::from(WIDTH) - 2.0 * f64::from(PAD) - key_width - 24.0;
        root.draw(&Text::new(
            fit(&caption, caption_room / 1.1, 13.0),
            (PAD, 18),
            bold(13.0, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;

        let rows_bottom = rows_top + (steps.len() as u32 * r.height) as i32;
        if let Some(b) = bottleneck {
            let top = rows_top + (b as u32 * r.height) as i32;
            root.draw(&Rectangle::new(
                [
                    (PAD / 2, top + 2),
                    (WIDTH as i32 - PAD / 2, top + r.height as i32 - 2),
                ],
                BAND.filled(),
            ))?;
        }
        // The zero line: a stage with no one in it still shows where its bar would start.
        root.draw(&PathElement::new(
            vec![(bar_x, rows_top + 4), (bar_x, rows_bottom - 4)],
            GRID.stroke_width(1),
        ))?;

        for (i, step) in steps.iter().enumerate() {
            let top = rows_top + (i as u32 * r.height) as i32;
            let middle = top + (r.height / 2) as i32;
            let bar_top = middle - (r.bar / 2) as i32;
            let bar_bottom = bar_top + r.bar as i32;
            let is_bottleneck = Some(i) == bottleneck;
            let line_step = r.name_size * 1.25;
            let first = f64::from(middle) - (names[i].len().max(1) - 1) as f64 * line_step / 2.0;
            for (k, line) in names[i].iter().enumerate() {
                root.draw(&Text::new(
                    line.clone(),
                    (label_right, (first + k as f64 * line_step).round() as i32),
                    font(r.name_size, TEXT).pos(Pos::new(HPos::Right, VPos::Center)),
                ))?;
            }

            let length = bar_length(step.value, scale);
            let color = if is_bottleneck { BAD } else { SERIES[0] };
            root.draw(&Rectangle::new(
                [(bar_x, bar_top), (bar_x + length, bar_bottom)],
                color.filled(),
            ))?;
            if is_bottleneck && length > 0 {
                for segment in hatch(bar_x, bar_top, bar_x + length, bar_bottom, 7) {
                    root.draw(&PathElement::new(segment, WHITE.stroke_width(2)))?;
                }
                root.draw(&PathElement::new(
                    vec![
                        (bar_x, bar_top),
                        (bar_x + length, bar_top),
                        (bar_x + length, bar_bottom),
                        (bar_x, bar_bottom),
                        (bar_x, bar_top),
                    ],
                    TEXT.stroke_width(2),
                ))?;
            }

            let note = &notes[i];
            let widths = note_widths[i];
            let mut x = f64::from(bar_x + length) + GAP;
            root.draw(&Text::new(
                note.value.clone(),
                (x.round() as i32, middle),
                font(r.value_size, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            x += widths[0] + GAP + 2.0;
            if let Some(conversion) = &note.conversion {
                root.draw(&Text::new(
                    conversion.clone(),
                    (x.round() as i32, middle),
                    font(r.note_size, MUTED).pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
                x += widths[1] + 2.0 * GAP;
            }
            if let Some(marker) = &note.marker {
                root.draw(&Text::new(
                    marker.clone(),
                    (x.round() as i32, middle),
                    bold(r.note_size, BAD).pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
            }
        }

        if let Some(overall) = &overall {
            root.draw(&Text::new(
                fit(overall, f64::from(WIDTH) - 2.0 * f64::from(PAD), 12.0),
                (PAD, rows_bottom + (FOOTER / 2) as i32),
                font(12.0, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        Ok(())
    });
    svg::accessible(&body, id, title, &desc)
}

/// Pixels per unit of value: as large as possible while every bar's notes still fit to
/// its right, so the longest bar is not the one whose label runs off the chart.
fn bar_scale(steps: &[FunnelBar], note_widths: &[[f64; 3]], room: f64) -> f64 {
    let notes_room = |w: &[f64; 3]| {
        let mut total = GAP + w[0];
        if w[1] > 0.0 {
            total += GAP + 2.0 + w[1];
        }
        if w[2] > 0.0 {
            total += 2.0 * GAP + w[2];
        }
        total + 4.0
    };
    let mut scale = f64::INFINITY;
    for (step, widths) in steps.iter().zip(note_widths) {
        if step.value.is_finite() && step.value > 0.0 {
            // Leave at least a quarter of the room to the bars even with absurd notes.
            let free = (room - notes_room(widths)).max(room / 4.0);
            scale = scale.min(free / step.value);
        }
    }
    if scale.is_finite() {
        scale
    } else {
        0.0
    }
}

/// A bar's length in pixels: nothing for zero, negative or missing values.
fn bar_length(value: f64, scale: f64) -> i32 {
    if value.is_finite() && value > 0.0 {
        (value * scale).round().max(1.0) as i32
    } else {
        0
    }
}

/// Diagonal stripes filling the rectangle `(x0, y0)`–`(x1, y1)`, `gap` px apart: the
/// pattern that marks the bottleneck without relying on its colour.
fn hatch(x0: i32, y0: i32, x1: i32, y1: i32, gap: i32) -> Vec<Vec<(i32, i32)>> {
    let h = y1 - y0;
    let mut out = Vec::new();
    let mut c = x0 - h;
    while c < x1 {
        // The stripe runs from (c, y1) up to (c + h, y0); keep the part inside x0..x1.
        let t0 = (x0 - c).max(0);
        let t1 = (x1 - c).min(h);
        if t0 < t1 {
            out.push(vec![(c + t0, y1 - t0), (c + t1, y1 - t1)]);
        }
        c += gap.max(2);
    }
    out
}

fn marker(conversion: Option<f64>) -> String {
    match conversion.filter(|c| c.is_finite()) {
        Some(c) if c < 1.0 => format!("Bottleneck: largest drop {}", percent(1.0 - c)),
        Some(c) => format!("Bottleneck: lowest conversion {}", percent(c)),
        None => "Bottleneck".into(),
    }
}

/// "Overall: 3% of Awareness reached Purchase", when the first stage has anyone in it.
fn overall_note(steps: &[FunnelBar]) -> Option<String> {
    let (first, last) = (steps.first()?, steps.last()?);
    if steps.len() < 2 {
        return None;
    }
    let share = overall(steps)?;
    Some(format!(
        "Overall: {} of {} reached {}",
        percent(share),
        first.stage.trim(),
        last.stage.trim()
    ))
}

fn overall(steps: &[FunnelBar]) -> Option<f64> {
    let (first, last) = (steps.first()?, steps.last()?);
    let share = last.value / first.value;
    (first.value > 0.0 && share.is_finite()).then_some(share)
}

/// The finding in words: where the funnel starts and ends, and where it leaks most.
fn describe(label: &str, period: &str, steps: &[FunnelBar], bottleneck: Option<usize>) -> String {
    let metric = metric(label);
    let period = period.trim();
    let in_period = if period.is_empty() {
        String::new()
    } else {
        format!(" in {period}")
    };
    let (first, last) = match (steps.first(), steps.last()) {
        (Some(first), Some(last)) => (first, last),
        _ => return format!("{metric}: no values recorded{in_period}."),
    };
    if steps.len() == 1 {
        return format!(
            "{metric}{in_period}: {} at {}.",
            group(first.value),
            first.stage.trim()
        );
    }
    let mut text = format!(
        "{metric} by stage{in_period}, from {} at {} to {} at {}",
        group(first.value),
        first.stage.trim(),
        group(last.value),
        last.stage.trim()
    );
    if let Some(share) = overall(steps) {
        text.push_str(&format!(" ({} overall)", percent(share)));
    }
    text.push('.');
    if let Some(b) = bottleneck {
        let stage = steps[b].stage.trim();
        let from = b.checked_sub(1).map(|p| steps[p].stage.trim());
        match (from, steps[b].conversion.filter(|c| c.is_finite())) {
            (Some(from), Some(c)) if c < 1.0 => text.push_str(&format!(
                " Largest drop: {} between {from} and {stage}.",
                percent(1.0 - c)
            )),
            (Some(from), Some(c)) => text.push_str(&format!(
                " Lowest conversion: {} from {from} to {stage}.",
                percent(c)
            )),
            _ => text.push_str(&format!(" Bottleneck: {stage}.")),
        }
    }
    text
}

fn metric(label: &str) -> &str {
    match label.trim() {
        "" => "Value",
        label => label,
    }
}

/// `text` as it is if it fits `max_width` px at `size`, else shortened with `…`.
/// (`svg::shorten` alone also cuts a text that fits with less than an ellipsis to spare.)
pub(super) fn fit(text: &str, max_width: f64, size: f64) -> String {
    if svg::text_width(text, size) <= max_width {
        text.to_string()
    } else {
        svg::shorten(text, max_width, size)
    }
}

/// A value with grouped thousands ("12,000", "1,234.5"); "–" when there is none.
fn group(v: f64) -> String {
    if v.is_finite() {
        thousands(&svg::label_number(v))
    } else {
        "–".into()
    }
}

/// A formatted number ("-1234.5") with its thousands grouped and a true minus sign
/// ("−1,234.5"); a negative zero loses its sign.
pub(super) fn thousands(plain: &str) -> String {
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("−", rest),
        None => ("", plain),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (digits, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let zero = digits.chars().all(|c| c == '0' || c == '.');
    let sign = if zero { "" } else { sign };
    match frac {
        Some(frac) => format!("{sign}{grouped}.{frac}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A fraction as a percentage: whole numbers from 10%, one decimal below ("3.1%").
fn percent(fraction: f64) -> String {
    let p = fraction * 100.0;
    if !p.is_finite() {
        return "–".into();
    }
    let shown = if p.abs() >= 10.0 {
        p.round()
    } else {
        (p * 10.0).round() / 10.0
    };
    format!("{}%", group(shown + 0.0))
}

pub(super) fn bold(size: f64, color: RGBColor) -> TextStyle<'static> {
    let style = font(size, color);
    TextStyle {
        font: style.font.style(FontStyle::Bold),
        ..style
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

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

    /// Where a `<text>` is drawn: its box from its anchor, font size and measured width.
    #[derive(Debug)]
    pub(in crate::charts) struct TextBox {
        pub text: String,
        pub left: f64,
        pub right: f64,
        pub top: f64,
        pub bottom: f64,
    }

    pub(in crate::charts) fn text_boxes(doc: &roxmltree::Document) -> Vec<TextBox> {
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| {
                let number = |a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
                let text = n.text().unwrap_or_default().trim().to_string();
                let size = number("font-size");
                let (x, y) = (number("x"), number("y"));
                let width = svg::text_width(&text, size);
                let left = match n.attribute("text-anchor") {
                    Some("end") => x - width,
                    Some("middle") => x - width / 2.0,
                    _ => x,
                };
                let top = match n.attribute("dy") {
                    Some("0.76em") => y,
                    Some("0.5ex") => y - size / 2.0,
                    _ => y - size,
                };
                TextBox {
                    text,
                    left,
                    right: left + width,
                    top,
                    bottom: top + size,
                }
            })
            .collect()
    }

    /// Every text lies inside the chart and no two overlap.
    pub(in crate::charts) fn assert_texts_fit(svg: &str) {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let root = doc.root_element();
        let width: f64 = root.attribute("width").unwrap().parse().unwrap();
        let height: f64 = root.attribute("height").unwrap().parse().unwrap();
        let boxes = text_boxes(&doc);
        for b in &boxes {
            assert!(
                b.left >= -0.5
                    && b.right <= width + 0.5
                    && b.top >= -0.5
                    && b.bottom <= height + 0.5,
                "{b:?} outside {width}×{height}"
            );
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart = a.right <= b.left + 1.0
                    || b.right <= a.left + 1.0
                    || a.bottom <= b.top + 1.0
                    || b.bottom <= a.top + 1.0;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
    }

    pub(in crate::charts) fn title_and_desc(svg: &str) -> (String, String) {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        let id = root.attribute("id").unwrap();
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some(format!("{id}-title {id}-desc").as_str())
        );
        let text = |tag: &str| {
            let node = doc
                .descendants()
                .find(|n| n.has_tag_name(tag))
                .unwrap_or_else(|| panic!("no <{tag}>"));
            assert_eq!(node.attribute("id"), Some(format!("{id}-{tag}").as_str()));
            node.text().unwrap_or_default().to_string()
        };
        (text("title"), text("desc"))
    }

    /// The drawn texts, in order.
    pub(in crate::charts) fn texts(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        text_boxes(&doc).into_iter().map(|b| b.text).collect()
    }

    pub(in crate::charts) fn ids(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter_map(|n| n.attribute("id").map(str::to_string))
            .collect()
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
        insta::assert_snapshot!(svg);
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
        let stripes = doc
            .descendants()
            .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some("#FFFFFF"))
            .count();
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
}
