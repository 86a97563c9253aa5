//! The forest plot of a journey's experiments: each experiment's difference, variant less
//! control, as a point with its 95 % interval against a zero line, a row per experiment
//! and a panel per metric (a difference in percentage points and one in days share no
//! axis). Each row's verdict is written beside it, and a running experiment is drawn
//! hollow: the finding never rests on colour alone.

use super::svg::{self, bold, font, BAD, GOOD, GRID, MUTED, TEXT};
use super::words::Words;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// How a row's verdict reads: its colour follows, its words say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForestTone {
    Good,
    Bad,
    Neutral,
    /// Still collecting data: drawn hollow.
    Running,
}

/// One experiment.
#[derive(Clone, Debug, PartialEq)]
pub struct ForestRow {
    pub name: String,
    pub difference: f64,
    pub low: f64,
    pub high: f64,
    /// The verdict in words.
    pub verdict: String,
    pub tone: ForestTone,
}

/// The experiments of one metric, on one axis.
#[derive(Clone, Debug, PartialEq)]
pub struct ForestPanel {
    /// The metric's label.
    pub title: String,
    /// Rates: differences are fractions, shown in percentage points.
    pub rate: bool,
    /// The metric's unit keyword, for a difference of means.
    pub unit: String,
    pub rows: Vec<ForestRow>,
}

const WIDTH: i32 = 640;
const MARGIN: i32 = 10;
const SIZE: f64 = 12.0;
const HEADING_H: i32 = 24;
const ROW_H: i32 = 30;
const AXIS_H: i32 = 26;
const PANEL_GAP: i32 = 14;

struct Plot {
    left: f64,
    right: f64,
    verdict_x: i32,
    /// Each panel's top, and its axis: low and high ends and ticks.
    panels: Vec<(i32, Axis)>,
    labels: Vec<Vec<Vec<String>>>,
    height: i32,
}

struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Axis {
    fn of(rows: &[ForestRow]) -> Axis {
        let finite = |v: f64| v.is_finite().then_some(v);
        let (lo, hi) = rows
            .iter()
            .flat_map(|r| [finite(r.low), finite(r.high), finite(r.difference)])
            .flatten()
            .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let span = (hi - lo).max(1e-12);
        let step = nice_step(span / 4.0);
        let lo = (lo / step).floor() * step;
        let hi = (hi / step).ceil() * step;
        let hi = if hi - lo < step { lo + step } else { hi };
        let ticks = (0..)
            .map(|k| lo + f64::from(k) * step)
            .take_while(|t| *t <= hi + step * 1e-6)
            .take(12)
            .map(|t| if t.abs() < step * 1e-6 { 0.0 } else { t })
            .collect();
        Axis { lo, hi, ticks }
    }
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
}

impl Plot {
    fn measure(panels: &[ForestPanel], verdict_w: f64) -> Plot {
        let labels: Vec<Vec<Vec<String>>> = panels
            .iter()
            .map(|p| {
                p.rows
                    .iter()
                    .map(|r| svg::wrap(&r.name, 180.0, SIZE, 2))
                    .collect()
            })
            .collect();
        let label_w = labels
            .iter()
            .flatten()
            .flatten()
            .map(|l| svg::text_width(l, SIZE))
            .fold(60.0, f64::max);
        let mut top = MARGIN;
        let mut tops = Vec::new();
        for panel in panels {
            tops.push((top, Axis::of(&panel.rows)));
            top += HEADING_H + panel.rows.len() as i32 * ROW_H + AXIS_H + PANEL_GAP;
        }
        Plot {
            left: f64::from(MARGIN) + label_w.ceil() + 14.0,
            right: f64::from(WIDTH - MARGIN) - verdict_w.ceil() - 18.0,
            verdict_x: WIDTH - MARGIN,
            panels: tops,
            labels,
            height: top - PANEL_GAP + MARGIN,
        }
    }

    fn x(&self, axis: &Axis, v: f64) -> i32 {
        let t = ((v - axis.lo) / (axis.hi - axis.lo)).clamp(0.0, 1.0);
        (self.left + t * (self.right - self.left)).round() as i32
    }
}

/// A value of `panel` as its axis writes it: percentage points for rates, else the
/// metric's unit.
fn value_text(panel: &ForestPanel, v: f64, words: &dyn Words) -> String {
    let sign = |text: String| {
        if v > 0.0 && !text.starts_with('0') {
            format!("+{text}")
        } else {
            text
        }
    };
    if panel.rate {
        let number = sign(words.decimal(v * 100.0, 2));
        words.text("chart.forest.points", None, &[("value", &number)])
    } else {
        words.in_unit(&sign(words.decimal(v, 2)), panel.unit.trim())
    }
}

/// Every experiment of `panels` as a row with its interval. `id` must be unique on the
/// page. Returns a complete, accessible SVG, its words from `words`.
pub fn forest_plot(id: &str, title: &str, panels: &[ForestPanel], words: &dyn Words) -> String {
    let desc = describe(panels, words);
    let verdict_w = panels
        .iter()
        .flat_map(|p| &p.rows)
        .map(|r| svg::text_width(&r.verdict, SIZE) * 1.1)
        .fold(0.0, f64::max);
    let plot = Plot::measure(panels, verdict_w);
    let body = svg::draw(WIDTH as u32, plot.height.max(40) as u32, |root| {
        for (p, panel) in panels.iter().enumerate() {
            draw_panel(root, &plot, p, panel, words)?;
        }
        Ok(())
    });
    svg::accessible(&body, id, title, &desc)
}

type Drawn<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;
type Area<DB> = DrawingArea<DB, plotters::coord::Shift>;

fn draw_panel<DB: DrawingBackend>(
    root: &Area<DB>,
    plot: &Plot,
    p: usize,
    panel: &ForestPanel,
    words: &dyn Words,
) -> Drawn<DB> {
    let (top, axis) = &plot.panels[p];
    root.draw(&Text::new(
        svg::shorten(&panel.title, f64::from(WIDTH - 2 * MARGIN), 13.0),
        (MARGIN, top + 9),
        bold(13.0, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    let rows_top = top + HEADING_H;
    let rows_bottom = rows_top + panel.rows.len() as i32 * ROW_H;
    for &t in &axis.ticks {
        let x = plot.x(axis, t);
        let style = if t == 0.0 {
            TEXT.stroke_width(2)
        } else {
            GRID.stroke_width(1)
        };
        root.draw(&PathElement::new(
            vec![(x, rows_top - 2), (x, rows_bottom)],
            style,
        ))?;
        root.draw(&Text::new(
            value_text(panel, t, words),
            (x, rows_bottom + 5),
            font(11.0, MUTED).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    for (r, row) in panel.rows.iter().enumerate() {
        let y = rows_top + r as i32 * ROW_H + ROW_H / 2;
        let lines = &plot.labels[p][r];
        svg::draw_lines(
            root,
            lines,
            (plot.left as i32 - 14, y - (lines.len() as i32 - 1) * 15 / 2),
            SIZE,
            TEXT,
            Pos::new(HPos::Right, VPos::Center),
        )?;
        let color = match row.tone {
            ForestTone::Good => GOOD,
            ForestTone::Bad => BAD,
            ForestTone::Neutral | ForestTone::Running => TEXT,
        };
        if row.low.is_finite() && row.high.is_finite() {
            let (x0, x1) = (plot.x(axis, row.low), plot.x(axis, row.high));
            root.draw(&PathElement::new(
                vec![(x0, y), (x1, y)],
                color.stroke_width(2),
            ))?;
            for x in [x0, x1] {
                root.draw(&PathElement::new(
                    vec![(x, y - 5), (x, y + 5)],
                    color.stroke_width(2),
                ))?;
            }
        }
        if row.difference.is_finite() {
            let x = plot.x(axis, row.difference);
            let corners = [(x - 6, y - 6), (x + 6, y + 6)];
            if row.tone == ForestTone::Running {
                root.draw(&Rectangle::new(corners, WHITE.filled()))?;
                root.draw(&Rectangle::new(corners, color.stroke_width(2)))?;
            } else {
                root.draw(&Rectangle::new(corners, color.filled()))?;
            }
        }
        root.draw(&Text::new(
            row.verdict.clone(),
            (plot.verdict_x, y),
            bold(SIZE, color).pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
    }
    Ok(())
}

/// The finding in words: how many experiments, and how many improved and worsened their
/// metric.
fn describe(panels: &[ForestPanel], words: &dyn Words) -> String {
    let rows: Vec<&ForestRow> = panels.iter().flat_map(|p| &p.rows).collect();
    if rows.is_empty() {
        return words.text("chart.forest.none", None, &[]);
    }
    let count = |tone: ForestTone| rows.iter().filter(|r| r.tone == tone).count();
    let number = |n: usize| words.decimal(n as f64, 0);
    words.text(
        "chart.forest.desc",
        Some(rows.len() as f64),
        &[
            ("count", &number(rows.len())),
            ("improved", &number(count(ForestTone::Good))),
            ("worsened", &number(count(ForestTone::Bad))),
            ("running", &number(count(ForestTone::Running))),
        ],
    )
}

#[cfg(test)]
mod tests;
