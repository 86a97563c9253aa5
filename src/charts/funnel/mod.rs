//! The funnel: the funnel metric at each stage in one period, the conversion from each
//! stage to the next, and the bottleneck (the largest drop) marked.

use super::svg::{self, bold, font, wrap, BAD, GRID, MUTED, SERIES, TEXT};
use super::words::{self, Words};
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
/// ("Visitors"), `period` the period the values are from, as the page writes it. Returns a
/// complete, accessible SVG, its words from `words`; `id` must be unique on the page.
pub fn funnel_chart(
    id: &str,
    title: &str,
    label: &str,
    period: &str,
    steps: &[FunnelBar],
    bottleneck: Option<usize>,
    words: &dyn Words,
) -> String {
    let bottleneck = bottleneck.filter(|&b| b < steps.len());
    let desc = describe(label, period, steps, bottleneck, words);
    if steps.is_empty() {
        let body = svg::draw(WIDTH, 96, |root| {
            root.draw(&Text::new(
                svg::shorten(&desc, f64::from(WIDTH) - 2.0 * f64::from(PAD), 14.0),
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
            value: group(s.value, words),
            conversion: s
                .conversion
                .filter(|c| c.is_finite())
                .map(|c| format!("→ {}", words::percent(words, c))),
            marker: (Some(i) == bottleneck).then(|| marker(s.conversion, words)),
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
    let overall = overall_note(steps, words);
    let key = format!("→ {}", words.text("chart.funnel.key", None, &[]));
    let caption = if period.trim().is_empty() {
        words.text(
            "chart.funnel.caption",
            None,
            &[("metric", metric(label, words).as_ref())],
        )
    } else {
        words.text(
            "chart.funnel.title",
            None,
            &[
                ("metric", metric(label, words).as_ref()),
                ("period", period.trim()),
            ],
        )
    };

    let body = svg::draw(WIDTH, height, |root| {
        // The caption says what the bars are; the key says what the arrows are.
        let key_width = svg::text_width(&key, 12.0);
        root.draw(&Text::new(
            key.as_str(),
            (WIDTH as i32 - PAD, 18),
            font(12.0, MUTED).pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        let caption_room = f64::from(WIDTH) - 2.0 * f64::from(PAD) - key_width - 24.0;
        root.draw(&Text::new(
            svg::shorten(&caption, caption_room / 1.1, 13.0),
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
            // Only notes of absurd numbers can run past the edge; they are cut there.
            let fit = |text: &str, x: f64, size: f64, wider: f64| {
                let room = f64::from(WIDTH as i32 - PAD) - x;
                if svg::text_width(text, size) * wider > room {
                    svg::shorten(text, room / wider, size)
                } else {
                    text.to_string()
                }
            };
            let mut x = f64::from(bar_x + length) + GAP;
            root.draw(&Text::new(
                fit(&note.value, x, r.value_size, 1.0),
                (x.round() as i32, middle),
                font(r.value_size, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            x += widths[0] + GAP + 2.0;
            if let Some(conversion) = &note.conversion {
                root.draw(&Text::new(
                    fit(conversion, x, r.note_size, 1.1),
                    (x.round() as i32, middle),
                    font(r.note_size, MUTED).pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
                x += widths[1] + 2.0 * GAP;
            }
            if let Some(marker) = &note.marker {
                root.draw(&Text::new(
                    fit(marker, x, r.note_size, 1.1),
                    (x.round() as i32, middle),
                    bold(r.note_size, BAD).pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
            }
        }

        if let Some(overall) = &overall {
            root.draw(&Text::new(
                svg::shorten(overall, f64::from(WIDTH) - 2.0 * f64::from(PAD), 12.0),
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

fn marker(conversion: Option<f64>, words: &dyn Words) -> String {
    match conversion.filter(|c| c.is_finite()) {
        Some(c) if c < 1.0 => words.text(
            "chart.funnel.marker_drop",
            None,
            &[("drop", &words::percent(words, 1.0 - c))],
        ),
        Some(c) => words.text(
            "chart.funnel.marker_conversion",
            None,
            &[("conversion", &words::percent(words, c))],
        ),
        None => words.text("chart.funnel.marker", None, &[]),
    }
}

/// "Overall: 3% of Awareness reached Purchase", when the first stage has anyone in it.
fn overall_note(steps: &[FunnelBar], words: &dyn Words) -> Option<String> {
    let (first, last) = (steps.first()?, steps.last()?);
    if steps.len() < 2 {
        return None;
    }
    let share = overall(steps)?;
    Some(words.text(
        "chart.funnel.overall",
        None,
        &[
            ("share", &words::percent(words, share)),
            ("first", first.stage.trim()),
            ("last", last.stage.trim()),
        ],
    ))
}

fn overall(steps: &[FunnelBar]) -> Option<f64> {
    let (first, last) = (steps.first()?, steps.last()?);
    let share = last.value / first.value;
    (first.value > 0.0 && share.is_finite()).then_some(share)
}

/// The finding in words: where the funnel starts and ends, and where it leaks most.
fn describe(
    label: &str,
    period: &str,
    steps: &[FunnelBar],
    bottleneck: Option<usize>,
    words: &dyn Words,
) -> String {
    let metric = metric(label, words);
    let period = period.trim();
    let dated = !period.is_empty();
    let key = |plain: &'static str, in_period: &'static str| if dated { in_period } else { plain };
    let (first, last) = match (steps.first(), steps.last()) {
        (Some(first), Some(last)) => (first, last),
        _ => {
            return words.text(
                key("chart.funnel.none", "chart.funnel.none_in"),
                None,
                &[("metric", &metric), ("period", period)],
            )
        }
    };
    if steps.len() == 1 {
        return words.text(
            key("chart.funnel.one_stage", "chart.funnel.one_stage_in"),
            None,
            &[
                ("metric", &metric),
                ("period", period),
                ("value", &group(first.value, words)),
                ("stage", first.stage.trim()),
            ],
        );
    }
    let share = overall(steps).map(|s| words::percent(words, s));
    let steps_key = match &share {
        Some(_) => key(
            "chart.funnel.steps_overall",
            "chart.funnel.steps_in_overall",
        ),
        None => key("chart.funnel.steps", "chart.funnel.steps_in"),
    };
    let mut text = words.text(
        steps_key,
        None,
        &[
            ("metric", &metric),
            ("period", period),
            ("first_value", &group(first.value, words)),
            ("first", first.stage.trim()),
            ("last_value", &group(last.value, words)),
            ("last", last.stage.trim()),
            ("overall", share.as_deref().unwrap_or_default()),
        ],
    );
    if let Some(b) = bottleneck {
        let stage = steps[b].stage.trim();
        let from = b.checked_sub(1).map(|p| steps[p].stage.trim());
        let sentence = match (from, steps[b].conversion.filter(|c| c.is_finite())) {
            (Some(from), Some(c)) if c < 1.0 => words.text(
                "chart.funnel.drop",
                None,
                &[
                    ("drop", &words::percent(words, 1.0 - c)),
                    ("from", from),
                    ("stage", stage),
                ],
            ),
            (Some(from), Some(c)) => words.text(
                "chart.funnel.lowest",
                None,
                &[
                    ("conversion", &words::percent(words, c)),
                    ("from", from),
                    ("stage", stage),
                ],
            ),
            _ => words.text("chart.funnel.bottleneck", None, &[("stage", stage)]),
        };
        text.push(' ');
        text.push_str(&sentence);
    }
    text
}

/// The metric's name, or the word for a value when it has none.
fn metric<'a>(label: &'a str, words: &dyn Words) -> std::borrow::Cow<'a, str> {
    match label.trim() {
        "" => words.text("chart.value", None, &[]).into(),
        label => label.into(),
    }
}

/// A value with grouped thousands ("12,000", "1,234.5"); "–" when there is none.
fn group(v: f64, words: &dyn Words) -> String {
    words.decimal(v, 1)
}

#[cfg(test)]
mod tests;
