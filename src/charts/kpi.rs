//! KPI trends: one small chart per metric with a line per stage over the periods, each
//! stage's target as a dashed reference line, and the latest value with its status.

use super::funnel::{bold as bold_font, fit, thousands};
use super::svg::{self, font, BAD, GOOD, GRID, MUTED, SERIES, TEXT, WARN};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One stage's values of the chart's metric.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiLine {
    pub stage: String,
    /// Aligned with the chart's periods; `None` where the period has no value.
    pub values: Vec<Option<f64>>,
    /// The target of the latest value.
    pub target: Option<f64>,
    /// "on-track", "at-risk" or "off-track": where the latest value stands.
    pub status: Option<String>,
}

const WIDTH: u32 = 440;
/// Room for the title and the "higher is better" note above the plot.
const TOP: i32 = 34;
const SIDE: i32 = 8;
/// The plot grows past this only when the labels beside it need more room.
const PLOT_HEIGHT: i32 = 168;
const X_LABELS: i32 = 22;
const LEGEND_ROW: i32 = 18;
const BOTTOM: i32 = 6;
const SIZE: f64 = 11.0;
/// Vertical distance between the labels beside the plot.
const LABEL_STEP: f64 = 14.0;
/// Space between a value and its status.
const PART_GAP: f64 = 5.0;
/// Space between the plot's edges and its first and last periods.
const INSET: f64 = 14.0;
/// Stage names in the legend are shortened to this width.
const LEGEND_NAME: f64 = 164.0;

/// Dash patterns (dash, gap): solid, dashed, dotted, long-dashed.
const DASHES: [Option<(u32, u32)>; 4] = [None, Some((8, 4)), Some((2, 3)), Some((14, 4))];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

const MARKERS: [Marker; 4] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
];

/// How line `c` is drawn: its colour, dash and marker. Dash and marker step through
/// different pairs, so the first sixteen lines differ without colour.
fn look(c: usize) -> (RGBColor, Option<(u32, u32)>, Marker) {
    (
        SERIES[c % SERIES.len()],
        DASHES[(c + c / MARKERS.len()) % DASHES.len()],
        MARKERS[c % MARKERS.len()],
    )
}

/// A label beside the plot, pointing at `anchor` (a y in px) from `from_x`: its parts
/// are (text, colour, bold).
struct Note {
    anchor: f64,
    from_x: f64,
    color: RGBColor,
    parts: Vec<(String, RGBColor, bool)>,
}

fn parts_width(parts: &[(String, RGBColor, bool)]) -> f64 {
    parts
        .iter()
        .map(|(text, _, bold)| text_width(text, *bold))
        .sum::<f64>()
        + PART_GAP * parts.len().saturating_sub(1) as f64
}

/// The width of a label at the chart's text size; bold text and symbols run wider than
/// the estimate, so they get a margin.
fn text_width(text: &str, bold: bool) -> f64 {
    let wide = text
        .chars()
        .filter(|&c| c == '%' || (!c.is_alphanumeric() && !c.is_ascii()))
        .count();
    svg::text_width(text, SIZE) * if bold { 1.1 } else { 1.0 } + wide as f64 * 0.35 * SIZE
}

/// A small multiple for the metric `title` (in `unit`, a `site.yaml` unit keyword): a line
/// per stage in `lines` over `periods` (in time order), with gaps where a value is
/// missing, each stage's target dashed, and the latest value labelled with its status.
/// `better_higher` says which way is good. Returns a complete, accessible SVG; `id` must
/// be unique on the page.
pub fn kpi_trend_chart(
    id: &str,
    title: &str,
    unit: &str,
    better_higher: bool,
    periods: &[String],
    lines: &[KpiLine],
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
    let suffix = suffix(unit);
    let desc = describe(
        title,
        unit,
        better_higher,
        periods,
        lines,
        &values,
        &targets,
    );
    let heading = metric(title).to_string();
    let direction = if better_higher {
        "↑ higher is better"
    } else {
        "↓ lower is better"
    };

    let names: Vec<String> = lines
        .iter()
        .zip(&values)
        .map(|(l, v)| {
            let name = l.stage.trim();
            if v.iter().all(Option::is_none) {
                format!("{name} (no data)")
            } else {
                name.to_string()
            }
        })
        .collect();
    let legend: Vec<(usize, String)> = legend_names(&names).into_iter().enumerate().collect();
    let legend_rows = legend_layout(&legend);
    let rows = legend_rows
        .iter()
        .map(|&(_, _, row)| row + 1)
        .max()
        .unwrap_or(0);

    let range = y_range(
        values
            .iter()
            .flatten()
            .flatten()
            .chain(targets.iter().flatten()),
    );
    let Some((lo, hi, ticks)) = range else {
        let height = TOP + 80 + rows * LEGEND_ROW + BOTTOM;
        let body = svg::draw(WIDTH, height as u32, |root| {
            header(root, &heading, direction)?;
            root.draw(&Text::new(
                "No values recorded",
                ((WIDTH / 2) as i32, TOP + 40),
                font(12.0, MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
            ))?;
            draw_legend(root, &legend, &legend_rows, TOP + 80)?;
            Ok(())
        });
        return svg::accessible(&body, id, title, &desc);
    };
    let tick_labels: Vec<String> = ticks
        .iter()
        .map(|&t| format!("{}{suffix}", fixed(t, decimals(&ticks))))
        .collect();
    let axis_width = tick_labels
        .iter()
        .map(|l| svg::text_width(l, SIZE))
        .fold(0.0, f64::max);
    let plot_left = f64::from(SIDE) + axis_width.ceil() + 6.0;

    // The notes beside the plot: each line's latest value and status, and its target;
    // (line, is a target, value, parts).
    type Parts = Vec<(String, RGBColor, bool)>;
    let mut notes: Vec<(usize, bool, f64, Parts)> = Vec::new();
    for (c, line) in lines.iter().enumerate() {
        let (color, _, _) = look(c);
        if let Some((_, v)) = latest(&values[c]) {
            let mut parts = vec![(format!("{}{suffix}", number(v)), color, true)];
            if let Some((symbol, words, status_color)) = line.status.as_deref().and_then(status) {
                parts.push((format!("· {symbol} {words}"), status_color, false));
            }
            notes.push((c, false, v, parts));
        }
    }
    // One label for each target value: stages that share a target share its label, in
    // the neutral text colour when there are several of them.
    for (c, target) in targets.iter().enumerate() {
        let Some(t) = *target else { continue };
        let label = format!("target {}{suffix}", number(t));
        if let Some(shared) = notes
            .iter_mut()
            .find(|(_, is_target, _, parts)| *is_target && parts[0].0 == label)
        {
            shared.3[0].1 = MUTED;
            continue;
        }
        notes.push((c, true, t, vec![(label, look(c).0, false)]));
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
    let height = plot_bottom as i32 + X_LABELS + rows * LEGEND_ROW + BOTTOM;

    let x = |i: usize| -> f64 {
        if n <= 1 {
            (plot_left + plot_right) / 2.0
        } else {
            plot_left + INSET + i as f64 * (plot_right - plot_left - 2.0 * INSET) / (n - 1) as f64
        }
    };
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
        header(root, &heading, direction)?;
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
        let widest = periods
            .iter()
            .map(|p| svg::text_width(p, SIZE))
            .fold(0.0, f64::max)
            .min(plot_right - plot_left);
        let slot = if n > 1 {
            (plot_right - plot_left - 2.0 * INSET) / (n - 1) as f64
        } else {
            plot_right - plot_left
        };
        let stride = ((widest + 10.0) / slot.max(1.0)).ceil().max(1.0) as usize;
        for (i, period) in periods.iter().enumerate() {
            if (n - 1 - i) % stride != 0 {
                continue;
            }
            let label = fit(period, widest, SIZE);
            let half = svg::text_width(&label, SIZE) / 2.0;
            // Kept inside the chart: the first and last labels may be wider than their inset.
            let cx = x(i).min(f64::from(WIDTH) - half - 2.0).max(half + 2.0);
            root.draw(&PathElement::new(
                vec![(px(x(i)), px(plot_bottom)), (px(x(i)), px(plot_bottom) + 4)],
                MUTED.stroke_width(1),
            ))?;
            root.draw(&Text::new(
                label,
                (px(cx), px(plot_bottom) + 7),
                font(SIZE, MUTED).pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }

        for (c, target) in targets.iter().enumerate() {
            if let Some(t) = target {
                let ty = px(y(*t));
                root.draw(&DashedPathElement::new(
                    vec![(px(plot_left), ty), (px(plot_right), ty)],
                    5,
                    4,
                    look(c).0.stroke_width(1),
                ))?;
            }
        }

        for (c, vals) in values.iter().enumerate() {
            let (color, dash, marker) = look(c);
            for run in runs(vals) {
                let points: Vec<(i32, i32)> =
                    run.iter().map(|&(i, v)| (px(x(i)), px(y(v)))).collect();
                if points.len() < 2 {
                    continue;
                }
                match dash {
                    None => root.draw(&PathElement::new(points, color.stroke_width(2)))?,
                    Some((d, g)) => {
                        root.draw(&DashedPathElement::new(points, d, g, color.stroke_width(2)))?
                    }
                }
            }
            for (i, v) in vals.iter().enumerate() {
                if let Some(v) = v {
                    draw_marker(root, marker, (px(x(i)), px(y(*v))), color)?;
                }
            }
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
                    bold_font(SIZE, *color)
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

        draw_legend(root, &legend, &legend_rows, px(plot_bottom) + X_LABELS)?;
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
        fit(heading, room / 1.1, 13.0),
        (SIDE, 14),
        bold_font(13.0, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    Ok(())
}

/// Where each legend entry goes: (entry, x, row), in a grid of equal columns.
fn legend_layout(legend: &[(usize, String)]) -> Vec<(usize, i32, i32)> {
    let column = legend
        .iter()
        .map(|(_, name)| 30 + svg::text_width(name, SIZE).ceil() as i32)
        .max()
        .unwrap_or(0)
        + 18;
    let columns = ((WIDTH as i32 - 2 * SIDE + 18) / column.max(1)).max(1);
    (0..legend.len())
        .map(|k| {
            let k32 = k as i32;
            (k, SIDE + (k32 % columns) * column, k32 / columns)
        })
        .collect()
}

/// Legend names shortened to fit; names that would then read the same keep their ends
/// ("Сравнение моделей…увлажнителя 12"), which is where such names usually differ.
fn legend_names(names: &[String]) -> Vec<String> {
    let short: Vec<String> = names.iter().map(|n| fit(n, LEGEND_NAME, SIZE)).collect();
    short
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let clash = short.iter().enumerate().any(|(j, t)| j != i && t == s);
            if clash && s != &names[i] {
                shorten_middle(&names[i], LEGEND_NAME)
            } else {
                s.clone()
            }
        })
        .collect()
}

/// `text` cut in the middle to fit `max_width` px.
fn shorten_middle(text: &str, max_width: f64) -> String {
    let chars: Vec<char> = text.chars().collect();
    let half = (max_width - svg::text_width("…", SIZE)) / 2.0;
    let mut tail = String::new();
    for c in chars.iter().rev() {
        tail.insert(0, *c);
        if svg::text_width(&tail, SIZE) > half {
            tail.remove(0);
            break;
        }
    }
    let room = max_width - svg::text_width(&tail, SIZE);
    let head = svg::shorten(text, room, SIZE);
    format!(
        "{}…{}",
        head.trim_end_matches('…').trim_end(),
        tail.trim_start()
    )
}

fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    legend: &[(usize, String)],
    layout: &[(usize, i32, i32)],
    top: i32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for &(k, x, row) in layout {
        let (c, name) = &legend[k];
        let (color, dash, marker) = look(*c);
        let cy = top + row * LEGEND_ROW + LEGEND_ROW / 2;
        let line = vec![(x, cy), (x + 24, cy)];
        match dash {
            None => root.draw(&PathElement::new(line, color.stroke_width(2)))?,
            Some((d, g)) => {
                root.draw(&DashedPathElement::new(line, d, g, color.stroke_width(2)))?
            }
        }
        draw_marker(root, marker, (x + 12, cy), color)?;
        root.draw(&Text::new(
            name.clone(),
            (x + 30, cy),
            font(SIZE, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}

fn draw_marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    marker: Marker,
    at: (i32, i32),
    color: RGBColor,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    match marker {
        Marker::Circle => root.draw(&Circle::new(at, 4, color.filled())),
        Marker::Square => {
            root.draw(&(EmptyElement::at(at) + Rectangle::new([(-4, -4), (4, 4)], color.filled())))
        }
        Marker::Triangle => root.draw(
            &(EmptyElement::at(at) + Polygon::new(vec![(0, -6), (5, 4), (-5, 4)], color.filled())),
        ),
        Marker::Diamond => root.draw(
            &(EmptyElement::at(at)
                + Polygon::new(vec![(0, -6), (5, 0), (0, 6), (-5, 0)], color.filled())),
        ),
    }
}

/// Label centres as near their anchors as possible, at least `LABEL_STEP` apart and within
/// `top..=bottom`, keeping their order.
fn spread(anchors: &[f64], top: f64, bottom: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..anchors.len()).collect();
    order.sort_by(|&a, &b| anchors[a].total_cmp(&anchors[b]).then(a.cmp(&b)));
    let mut placed = vec![0.0; anchors.len()];
    let mut previous = f64::NEG_INFINITY;
    for &k in &order {
        let at = anchors[k]
            .clamp(top, bottom.max(top))
            .max(previous + LABEL_STEP);
        placed[k] = at;
        previous = at;
    }
    // Push back up what ran off the bottom.
    let mut next = f64::INFINITY;
    for &k in order.iter().rev() {
        let at = placed[k].min(bottom).min(next - LABEL_STEP);
        placed[k] = at;
        next = at;
    }
    placed
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

/// The y axis: from the values and targets with some room around them, rounded out to
/// round ticks. A flat series gets room too, so it is drawn mid-height rather than not at all.
fn y_range<'a>(values: impl Iterator<Item = &'a f64>) -> Option<(f64, f64, Vec<f64>)> {
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in values {
        min = min.min(v);
        max = max.max(v);
    }
    if !(min.is_finite() && max.is_finite()) {
        return None;
    }
    let span = max - min;
    let pad = if span > 1e-9 * max.abs().max(min.abs()).max(1.0) {
        span * 0.1
    } else {
        (max.abs() * 0.1).max(1.0)
    };
    let mut lo = min - pad;
    let hi = max + pad;
    // Counts and shares do not go below zero; neither should their axis.
    if min >= 0.0 && lo < 0.0 {
        lo = 0.0;
    }
    let raw = (hi - lo) / 4.0;
    if !(raw.is_finite() && raw > 0.0) {
        return Some((min - 1.0, max + 1.0, vec![min]));
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).floor();
    let last = (hi / step).ceil();
    let count = (last - first).round();
    if !(count.is_finite() && (1.0..=12.0).contains(&count)) {
        return Some((lo, hi, vec![lo, hi]));
    }
    let ticks: Vec<f64> = (0..=count as usize)
        .map(|k| (first + k as f64) * step)
        .collect();
    Some((first * step, last * step, ticks))
}

/// Decimals needed to tell the ticks apart.
fn decimals(ticks: &[f64]) -> usize {
    let step = match ticks {
        [a, b, ..] => (b - a).abs(),
        _ => return 0,
    };
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

fn fixed(v: f64, decimals: usize) -> String {
    thousands(&format!("{v:.decimals$}"))
}

/// A value for a label: about three significant digits, grouped thousands.
fn number(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let magnitude = v.abs();
    let decimals = if magnitude >= 100.0 || magnitude == 0.0 {
        0
    } else if magnitude >= 10.0 {
        1
    } else if magnitude >= 1.0 {
        2
    } else {
        (2.0 - magnitude.log10().floor()).clamp(2.0, 6.0) as usize
    };
    let text = format!("{v:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    thousands(&text)
}

/// What follows a value on the chart: "%", " d", …; nothing for counts and scores.
fn suffix(unit: &str) -> &'static str {
    match unit.trim() {
        "percent" | "%" => "%",
        "days" => " d",
        "hours" => " h",
        "minutes" => " min",
        "seconds" => " s",
        _ => "",
    }
}

/// A value in words for the description: "3.1%", "4 days".
fn spoken(v: f64, unit: &str) -> String {
    let n = number(v);
    let plural = n != "1";
    let word = |one: &str, many: &str| format!("{n} {}", if plural { many } else { one });
    match unit.trim() {
        "percent" | "%" => format!("{n}%"),
        "days" => word("day", "days"),
        "hours" => word("hour", "hours"),
        "minutes" => word("minute", "minutes"),
        "seconds" => word("second", "seconds"),
        _ => n,
    }
}

/// A status keyword as a symbol, words and colour; `None` for an empty one.
fn status(keyword: &str) -> Option<(&'static str, String, RGBColor)> {
    let key = keyword.trim().to_lowercase().replace(['_', ' '], "-");
    Some(match key.as_str() {
        "" => return None,
        "on-track" => ("✓", "on track".into(), GOOD),
        "at-risk" => ("!", "at risk".into(), WARN),
        "off-track" => ("✗", "off track".into(), BAD),
        _ => ("•", keyword.trim().replace(['-', '_'], " "), MUTED),
    })
}

fn metric(title: &str) -> &str {
    match title.trim() {
        "" => "Value",
        title => title,
    }
}

/// The finding in words: each stage's latest value against its target, and its change.
fn describe(
    title: &str,
    unit: &str,
    better_higher: bool,
    periods: &[String],
    lines: &[KpiLine],
    values: &[Vec<Option<f64>>],
    targets: &[Option<f64>],
) -> String {
    let metric = metric(title);
    let mut sentences = Vec::new();
    for (c, line) in lines.iter().enumerate() {
        let Some((i, v)) = latest(&values[c]) else {
            continue;
        };
        let mut s = format!(
            "{metric} at {}: {} in {}",
            line.stage.trim(),
            spoken(v, unit),
            periods[i].trim()
        );
        if let Some(t) = targets[c] {
            s.push_str(&format!(" against a target of {}", spoken(t, unit)));
        }
        if let Some((_, words, _)) = line.status.as_deref().and_then(status) {
            s.push_str(&format!(" ({words})"));
        }
        let previous = values[c][..i]
            .iter()
            .enumerate()
            .rev()
            .find_map(|(j, p)| p.map(|p| (j, p)));
        if let Some((j, p)) = previous {
            let delta = v - p;
            let when = periods[j].trim();
            if number(delta.abs()) == "0" {
                s.push_str(&format!(", unchanged from {when}"));
            } else {
                let size = match unit.trim() {
                    "percent" | "%" => format!("{} points", number(delta.abs())),
                    _ => spoken(delta.abs(), unit),
                };
                let way = if delta > 0.0 { "up" } else { "down" };
                s.push_str(&format!(", {way} {size} from {when}"));
            }
        }
        s.push('.');
        sentences.push(s);
    }
    if sentences.is_empty() {
        return format!("{metric}: no values recorded.");
    }
    sentences.push(if better_higher {
        "Higher is better.".into()
    } else {
        "Lower is better.".into()
    });
    sentences.join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::funnel::tests::{assert_texts_fit, ids, text_boxes, texts, title_and_desc};
    use super::*;

    fn line(
        stage: &str,
        values: &[Option<f64>],
        target: Option<f64>,
        status: Option<&str>,
    ) -> KpiLine {
        KpiLine {
            stage: stage.into(),
            values: values.to_vec(),
            target,
            status: status.map(str::to_string),
        }
    }

    fn quarters(n: usize) -> Vec<String> {
        ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"][4 - n..]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn realistic() -> Vec<KpiLine> {
        vec![
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
        ]
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
        insta::assert_snapshot!(svg);
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
        for expected in [
            "3.1",
            "· ✗ off track",
            "target 4",
            "Purchase",
            "↑ higher is better",
        ] {
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
        // Consideration: 3 circles and a legend circle; Purchase: 4 squares and a legend square.
        assert_eq!(marks(&svg), (3 + 1, 4 + 1, 0));
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
        assert_eq!(solid, [2, 2], "data line and legend swatch");

        let three = [
            line("A", &[Some(1.0), Some(2.0)], None, None),
            line("B", &[None, Some(3.0)], None, None),
            line("C", &[Some(2.0), None], None, None),
            line("D", &[Some(1.5), Some(2.5)], None, None),
            line("E", &[Some(f64::NAN), Some(f64::INFINITY)], None, None),
        ];
        let svg = kpi_trend_chart("k", "X", "count", true, &quarters(2), &three);
        // Circles: A (2) and E's legend… E has no values, so only its legend mark.
        // Markers cycle circle, square, triangle, diamond, circle.
        assert_eq!(marks(&svg), (2 + 1 + 1, 1 + 1, 1 + 2 + 2));
        assert!(texts(&svg).contains(&"E (no data)".to_string()));
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
            (vec![], realistic()),
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
        assert_eq!(marks(&svg), (1 + 1, 0, 0));
        assert_eq!(
            title_and_desc(&svg).1,
            "Visitors at Awareness: 12,000 in 2026-Q3 against a target of 12,000 (on track). \
             Higher is better."
        );
        assert_texts_fit(&svg);

        let flat = [line("Purchase", &[Some(30.0); 4], None, None)];
        let svg = kpi_trend_chart("k", "NPS", "score", true, &quarters(4), &flat);
        assert_eq!(marks(&svg), (4 + 1, 0, 0));
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
        assert_eq!(marks(&svg), (2 + 1, 0, 0));
        assert_texts_fit(&svg);
    }

    #[test]
    fn values_without_periods_are_ignored_and_odd_input_draws() {
        let lines = [
            line(
                "A",
                &[Some(1.0), Some(2.0), Some(99.0)],
                Some(f64::INFINITY),
                Some("weird_status"),
            ),
            line("B", &[Some(-1e12), Some(1e12)], Some(0.0), None),
        ];
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
        assert_eq!(marks(&svg).0, 24 + 1);
        assert_texts_fit(&svg);
    }

    #[test]
    fn thirty_long_cyrillic_stages_fit() {
        let lines: Vec<KpiLine> = (0..30)
            .map(|i| {
                line(
                    &format!("Сравнение моделей и выбор подходящего увлажнителя {i}"),
                    &[Some(f64::from(i)), Some(f64::from(i) + 1.5)],
                    Some(20.0),
                    Some(["on-track", "at-risk", "off-track"][i as usize % 3]),
                )
            })
            .collect();
        let svg = kpi_trend_chart("k", "Конверсия", "percent", true, &quarters(2), &lines);
        assert_texts_fit(&svg);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let names: Vec<_> = text_boxes(&doc)
            .into_iter()
            .filter(|b| b.text.starts_with("Сравнение"))
            .collect();
        assert_eq!(names.len(), 30);
        for name in &names {
            assert!(name.right - name.left <= LEGEND_NAME + 0.01, "{name:?}");
            assert!(name.text.contains('…'), "{name:?}");
        }
        // Shortened in the middle, the names still tell the stages apart.
        let distinct: std::collections::BTreeSet<_> = names.iter().map(|n| &n.text).collect();
        assert_eq!(distinct.len(), 30);
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
}
