//! KPI trends: one small chart per metric with a line per stage over the periods, each
//! stage's target as a dashed reference line, and the latest value with its status.

mod layout;
mod legend;
mod words;

use super::svg::{self, font, GRID, MUTED, TEXT};
use super::words::Words;
use layout::{decimals, parts_width, period_labels, spread, text_width, y_range};
pub use legend::kpi_legend;
use legend::{draw_marker, look};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use words::{describe, labelled, metric, status, Finding};

/// One stage's values of the chart's metric.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiLine {
    pub stage: String,
    /// Which of the journey's stages this is: its colour, dash and marker follow it, so a
    /// stage looks the same on every chart of a page and one legend ([`kpi_legend`])
    /// serves them all.
    pub series: usize,
    /// Aligned with the chart's periods; `None` where the period has no value.
    pub values: Vec<Option<f64>>,
    /// The target of the latest value.
    pub target: Option<f64>,
    /// "on-track", "at-risk" or "off-track": where the latest value stands.
    pub status: Option<String>,
}

/// A change shipped within the chart's periods: a labelled vertical line.
#[derive(Clone, Debug, PartialEq)]
pub struct ShipMark {
    /// Where it lies among the periods: 0 at the first, 1 at the second, fractions
    /// between them.
    pub position: f64,
    /// The words beside the line ("Shipped 10 May 2026").
    pub label: String,
    /// The sentence the chart's description ends with.
    pub desc: String,
}

const WIDTH: u32 = 440;
/// Room for the title and the "higher is better" note above the plot.
const TOP: i32 = 34;
const SIDE: i32 = 8;
/// The plot grows past this only when the labels beside it need more room.
const PLOT_HEIGHT: i32 = 168;
/// Room below the plot for one line of period labels, and for each further line.
const X_LABELS: i32 = 22;
const X_LINE: i32 = 13;
const BOTTOM: i32 = 6;
const SIZE: f64 = 11.0;
/// Vertical distance between the labels beside the plot.
const LABEL_STEP: f64 = 14.0;
/// Space between a value and its status.
const PART_GAP: f64 = 5.0;
/// Space between the plot's edges and its first and last periods.
const INSET: f64 = 14.0;

/// A label beside the plot, pointing at `anchor` (a y in px) from `from_x`: its parts
/// are (text, colour, bold).
struct Note {
    anchor: f64,
    from_x: f64,
    color: RGBColor,
    parts: Vec<(String, RGBColor, bool)>,
}

/// A small multiple for the metric `title` (in `unit`, a `site.yaml` unit keyword): a line
/// per stage in `lines` over `periods` (in time order), with gaps where a value is
/// missing, each stage's target dashed, and the latest value labelled with its status.
/// `better_higher` says which way is good. `periods` are labels as the page writes them;
/// a long one may take two lines. Returns a complete, accessible SVG, its words from
/// `words`; `id` must be unique on the page.
pub fn kpi_trend_chart(
    id: &str,
    title: &str,
    unit: &str,
    better_higher: bool,
    periods: &[String],
    lines: &[KpiLine],
    words: &dyn Words,
) -> String {
    kpi_trend_chart_marked(id, title, unit, better_higher, periods, lines, &[], words)
}

/// [`kpi_trend_chart`] with the changes `marks` shipped drawn as labelled vertical lines
/// and named in the description.
#[allow(clippy::too_many_arguments)]
pub fn kpi_trend_chart_marked(
    id: &str,
    title: &str,
    unit: &str,
    better_higher: bool,
    periods: &[String],
    lines: &[KpiLine],
    marks: &[ShipMark],
    words: &dyn Words,
) -> String {
    let n = periods.len();
    // Only finite values with a period count; anything else is a gap.
    let values: Vec<Vec<Option<f64>>> = lines
        .iter()
        .map(|l| {
            (0..n)
                .map(|i| l.values.get(i).copied().flatten().filter(|v| v.is_finite()))
                .collect()
        })
        .collect();
    let targets: Vec<Option<f64>> = lines
        .iter()
        .zip(&values)
        .map(|(l, v)| {
            l.target
                .filter(|t| t.is_finite() && v.iter().any(Option::is_some))
        })
        .collect();
    let desc = describe(
        &Finding {
            title,
            unit,
            better_higher,
            periods,
            lines,
            values: &values,
            targets: &targets,
        },
        words,
    );
    let desc = marks
        .iter()
        .filter(|m| m.position.is_finite() && n > 0)
        .fold(desc, |desc, m| format!("{desc} {}", m.desc));
    let heading = metric(title, words);
    let direction = if better_higher {
        format!("↑ {}", words.text("chart.kpi.higher_is_better", None, &[]))
    } else {
        format!("↓ {}", words.text("chart.kpi.lower_is_better", None, &[]))
    };

    let range = y_range(
        values
            .iter()
            .flatten()
            .flatten()
            .chain(targets.iter().flatten()),
    );
    let Some((lo, hi, ticks)) = range else {
        let height = TOP + 80 + BOTTOM;
        let body = svg::draw(WIDTH, height as u32, |root| {
            header(root, &heading, &direction)?;
            root.draw(&Text::new(
                words.text("chart.kpi.no_values", None, &[]),
                ((WIDTH / 2) as i32, TOP + 40),
                font(12.0, MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
            ))?;
            Ok(())
        });
        return svg::accessible(&body, id, title, &desc);
    };
    let tick_labels: Vec<String> = ticks
        .iter()
        .map(|&t| words.in_unit(&words.fixed(t, decimals(&ticks)), unit.trim()))
        .collect();
    let axis_width = tick_labels
        .iter()
        .map(|l| svg::text_width(l, SIZE))
        .fold(0.0, f64::max);
    let plot_left = f64::from(SIDE) + axis_width.ceil() + 6.0;
    // Each line's colour, dash and marker: those of its stage.
    let looks: Vec<_> = lines.iter().map(|l| look(l.series)).collect();

    // The notes beside the plot: each line's latest value and status, and its target;
    // (line, is a target, value, parts).
    type Parts = Vec<(String, RGBColor, bool)>;
    let mut notes: Vec<(usize, bool, f64, Parts)> = Vec::new();
    for (c, line) in lines.iter().enumerate() {
        let (color, _, _) = looks[c];
        if let Some((_, v)) = latest(&values[c]) {
            let mut parts = vec![(labelled(v, unit, words), color, true)];
            let found = line.status.as_deref().and_then(|s| status(s, words));
            if let Some((symbol, status_words, status_color)) = found {
                parts.push((format!("· {symbol} {status_words}"), status_color, false));
            }
            notes.push((c, false, v, parts));
        }
    }
    // One label for each target value: stages that share a target share its label, in
    // the neutral text colour when there are several of them.
    for (c, target) in targets.iter().enumerate() {
        let Some(t) = *target else { continue };
        let label = words.text(
            "chart.kpi.target",
            None,
            &[("value", &labelled(t, unit, words))],
        );
        if let Some(shared) = notes
            .iter_mut()
            .find(|(_, is_target, _, parts)| *is_target && parts[0].0 == label)
        {
            shared.3[0].1 = MUTED;
            continue;
        }
        notes.push((c, true, t, vec![(label, looks[c].0, false)]));
    }
    let gutter = notes
        .iter()
        .map(|(_, _, _, parts)| parts_width(parts))
        .fold(0.0, f64::max)
        .min(f64::from(WIDTH) * 0.42);
    let plot_right =
        f64::from(WIDTH as i32 - SIDE) - if notes.is_empty() { 0.0 } else { gutter + 14.0 };
    let plot_height = f64::from(PLOT_HEIGHT).max(notes.len() as f64 * LABEL_STEP + 8.0);
    let plot_top = f64::from(TOP);
    let plot_bottom = plot_top + plot_height;
    let slot = if n > 1 {
        (plot_right - plot_left - 2.0 * INSET) / (n - 1) as f64
    } else {
        plot_right - plot_left
    };
    let x_labels = period_labels(periods, slot, plot_right - plot_left);
    let extra_lines = x_labels.lines.saturating_sub(1) as i32;
    let height = plot_bottom as i32 + X_LABELS + extra_lines * X_LINE + BOTTOM;

    let x_at = |i: f64| -> f64 {
        if n <= 1 {
            (plot_left + plot_right) / 2.0
        } else {
            plot_left + INSET + i * (plot_right - plot_left - 2.0 * INSET) / (n - 1) as f64
        }
    };
    let x = |i: usize| x_at(i as f64);
    let y = |v: f64| -> f64 { plot_bottom - (v - lo) / (hi - lo) * plot_height };
    let px = |v: f64| v.round() as i32;

    let notes: Vec<Note> = notes
        .into_iter()
        .map(|(c, is_target, v, parts)| {
            let from_x = if is_target {
                plot_right
            } else {
                latest(&values[c]).map_or(plot_right, |(i, _)| x(i) + 7.0)
            };
            Note {
                anchor: y(v),
                from_x,
                color: parts[0].1,
                parts,
            }
        })
        .collect();
    let placed = spread(
        &notes.iter().map(|n| n.anchor).collect::<Vec<_>>(),
        plot_top + LABEL_STEP / 2.0,
        plot_bottom - LABEL_STEP / 2.0,
    );

    let body = svg::draw(WIDTH, height as u32, |root| {
        header(root, &heading, &direction)?;
        for (t, label) in ticks.iter().zip(&tick_labels) {
            let ty = px(y(*t));
            root.draw(&PathElement::new(
                vec![(px(plot_left), ty), (px(plot_right), ty)],
                GRID.stroke_width(1),
            ))?;
            root.draw(&Text::new(
                label.clone(),
                (px(plot_left) - 6, ty),
                font(SIZE, MUTED).pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
        }

        // Period labels: as many as fit, always including the latest.
        for (i, label) in x_labels.labels.iter().enumerate() {
            if !(n - 1 - i).is_multiple_of(x_labels.stride) {
                continue;
            }
            let half = label
                .iter()
                .map(|l| svg::text_width(l, SIZE))
                .fold(0.0, f64::max)
                / 2.0;
            // Kept inside the chart: the first and last labels may be wider than their inset.
            let cx = x(i).min(f64::from(WIDTH) - half - 2.0).max(half + 2.0);
            root.draw(&PathElement::new(
                vec![(px(x(i)), px(plot_bottom)), (px(x(i)), px(plot_bottom) + 4)],
                MUTED.stroke_width(1),
            ))?;
            for (k, line) in label.iter().enumerate() {
                root.draw(&Text::new(
                    line.clone(),
                    (px(cx), px(plot_bottom) + 7 + k as i32 * X_LINE),
                    font(SIZE, MUTED).pos(Pos::new(HPos::Center, VPos::Top)),
                ))?;
            }
        }

        for (c, target) in targets.iter().enumerate() {
            if let Some(t) = target {
                let ty = px(y(*t));
                root.draw(&PathElement::new(
                    vec![(px(plot_left), ty), (px(plot_right), ty)],
                    svg::dashed(looks[c].0, 1, (5, 4)),
                ))?;
            }
        }

        for (c, vals) in values.iter().enumerate() {
            let (color, dash, marker) = looks[c];
            for run in runs(vals) {
                let points: Vec<(i32, i32)> =
                    run.iter().map(|&(i, v)| (px(x(i)), px(y(v)))).collect();
                if points.len() < 2 {
                    continue;
                }
                match dash {
                    None => root.draw(&PathElement::new(points, color.stroke_width(2)))?,
                    Some(d) => root.draw(&PathElement::new(points, svg::dashed(color, 2, d)))?,
                }
            }
            for (i, v) in vals.iter().enumerate() {
                if let Some(v) = v {
                    draw_marker(root, marker, (px(x(i)), px(y(*v))), color)?;
                }
            }
        }

        for (k, mark) in marks.iter().enumerate() {
            if !mark.position.is_finite() {
                continue;
            }
            let mx = px(x_at(mark.position.clamp(0.0, n.saturating_sub(1) as f64)));
            root.draw(&PathElement::new(
                vec![(mx, px(plot_top)), (mx, px(plot_bottom))],
                svg::dashed(TEXT, 2, (2, 3)),
            ))?;
            let label = svg::shorten(&mark.label, plot_right - plot_left - 8.0, SIZE);
            let width = svg::text_width(&label, SIZE).ceil() as i32;
            let ly = px(plot_top) + 8 + k as i32 * 14;
            let rightwards = f64::from(mx + 4 + width) <= plot_right;
            let (lx, anchor, from) = if rightwards {
                (mx + 4, HPos::Left, mx + 4)
            } else {
                (mx - 4, HPos::Right, mx - 4 - width)
            };
            root.draw(&Rectangle::new(
                [(from - 1, ly - 7), (from + width + 1, ly + 7)],
                WHITE.mix(0.85).filled(),
            ))?;
            root.draw(&Text::new(
                label,
                (lx, ly),
                font(SIZE, TEXT).pos(Pos::new(anchor, VPos::Center)),
            ))?;
        }

        let text_x = plot_right + 14.0;
        for (note, &at) in notes.iter().zip(&placed) {
            root.draw(&PathElement::new(
                vec![
                    (px(note.from_x), px(note.anchor)),
                    (px(text_x - 3.0), px(at)),
                ],
                note.color.stroke_width(1),
            ))?;
            let mut tx = text_x;
            for (text, color, bold) in &note.parts {
                let style = if *bold {
                    svg::bold(SIZE, *color)
                } else {
                    font(SIZE, *color)
                };
                let room = f64::from(WIDTH as i32 - SIDE) - tx;
                // Only labels of absurd numbers can be wider than the room made for them.
                let text = if text_width(text, *bold) > room + 0.5 {
                    svg::shorten(text, room / 1.2, SIZE)
                } else {
                    text.clone()
                };
                root.draw(&Text::new(
                    text.clone(),
                    (px(tx), px(at)),
                    style.pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
                tx += text_width(&text, *bold) + PART_GAP;
            }
        }
        Ok(())
    });
    svg::accessible(&body, id, title, &desc)
}

fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    heading: &str,
    direction: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let direction_width = svg::text_width(direction, SIZE) + 0.4 * SIZE;
    root.draw(&Text::new(
        direction.to_string(),
        (WIDTH as i32 - SIDE, 14),
        font(SIZE, MUTED).pos(Pos::new(HPos::Right, VPos::Center)),
    ))?;
    let room = f64::from(WIDTH as i32 - 2 * SIDE) - direction_width - 12.0;
    root.draw(&Text::new(
        svg::shorten(heading, room / 1.1, 13.0),
        (SIDE, 14),
        svg::bold(13.0, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    Ok(())
}

/// Stretches of consecutive values: a missing period breaks the line.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut out: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => current.push((i, *v)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The last period with a value, and the value.
fn latest(values: &[Option<f64>]) -> Option<(usize, f64)> {
    values
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, v)| v.map(|v| (i, v)))
}

#[cfg(test)]
mod tests;
