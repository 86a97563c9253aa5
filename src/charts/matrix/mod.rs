//! The opportunity matrix: impact against effort on a 3 × 3 grid with its four quadrants
//! named, each opportunity a numbered marker that points to its row in the table.

use super::svg::{self, bold, font, BAD, GOOD, GRID, MUTED, SERIES, TEXT};
use super::words::Words;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

/// One opportunity on the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatrixPoint {
    /// The row number in the table beside the chart, 1-based; written in the marker.
    pub number: usize,
    /// 0 low, 1 medium, 2 high (larger values count as high).
    pub impact: u8,
    /// 0 low, 1 medium, 2 high (larger values count as high).
    pub effort: u8,
    pub done: bool,
}

const LEFT: i32 = 100;
const RIGHT: i32 = 16;
const TOP: i32 = 12;
const CELL_W: i32 = 228;
const WIDTH: i32 = LEFT + 3 * CELL_W + RIGHT;
/// Room at the top of every cell for the quadrant name, so marker rows line up across cells.
const BAND: i32 = 30;
const PAD: i32 = 8;
const MIN_ROW_H: i32 = 140;
/// Crowded cells make the rows taller, up to this; beyond it markers shrink, then overflow.
const MAX_ROW_H: i32 = 300;
const BOTTOM: i32 = 88;
const GAP: i32 = 4;
const MAX_R: i32 = 13;
/// Below 9 px a number in a marker is hard to read, so markers never shrink past that.
const MIN_NUMBER_SIZE: f64 = 9.0;
const LEGEND_R: i32 = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quadrant {
    QuickWins,
    BigBets,
    FillIns,
    MoneyPits,
}

impl Quadrant {
    const ALL: [Quadrant; 4] = [
        Quadrant::QuickWins,
        Quadrant::BigBets,
        Quadrant::FillIns,
        Quadrant::MoneyPits,
    ];

    fn of(impact: usize, effort: usize) -> Quadrant {
        match (impact >= 1, effort >= 1) {
            (true, false) => Quadrant::QuickWins,
            (true, true) => Quadrant::BigBets,
            (false, false) => Quadrant::FillIns,
            (false, true) => Quadrant::MoneyPits,
        }
    }

    /// The key of its name: `chart.matrix.quick_wins`; `…_count` is its count in words.
    fn key(self) -> &'static str {
        match self {
            Quadrant::QuickWins => "chart.matrix.quick_wins",
            Quadrant::BigBets => "chart.matrix.big_bets",
            Quadrant::FillIns => "chart.matrix.fill_ins",
            Quadrant::MoneyPits => "chart.matrix.money_pits",
        }
    }

    fn counted(self, n: usize, words: &dyn Words) -> String {
        words.text(&format!("{}_count", self.key()), Some(n as f64), &[])
    }

    /// (light tint, ink): the ink keeps 4.5:1 contrast on the tint.
    fn colors(self) -> (RGBColor, RGBColor) {
        match self {
            Quadrant::QuickWins => (RGBColor(0xe6, 0xf3, 0xea), GOOD),
            Quadrant::BigBets => (RGBColor(0xe8, 0xf0, 0xfa), SERIES[0]),
            Quadrant::FillIns => (RGBColor(0xf1, 0xf3, 0xf5), MUTED),
            Quadrant::MoneyPits => (RGBColor(0xfb, 0xec, 0xec), BAD),
        }
    }

    /// The cells it covers: (efforts, impacts), and the cell its name is written in.
    fn span(self) -> ((usize, usize), (usize, usize)) {
        match self {
            Quadrant::QuickWins => ((0, 0), (1, 2)),
            Quadrant::BigBets => ((1, 2), (1, 2)),
            Quadrant::FillIns => ((0, 0), (0, 0)),
            Quadrant::MoneyPits => ((1, 2), (0, 0)),
        }
    }
}

/// Where the markers go: the same size in every cell, so cells compare at a glance. Each
/// impact row is as tall as its most crowded cell needs, within limits.
#[derive(Clone, Debug, PartialEq)]
struct Layout {
    /// Indexed by impact, 0 low.
    row_h: [i32; 3],
    radius: i32,
    number_size: f64,
    /// Markers per row of markers, and rows of markers a cell of each impact row holds.
    cols: usize,
    rows: [usize; 3],
}

impl Layout {
    fn new(points: &[MatrixPoint]) -> Layout {
        let digits = points
            .iter()
            .map(|p| p.number.to_string().len())
            .max()
            .unwrap_or(1);
        let widest = svg::text_width(&"0".repeat(digits), 1.0);
        // The smallest marker whose number still reads at MIN_NUMBER_SIZE inside the ring.
        let min_r = (((widest * MIN_NUMBER_SIZE + 8.0) / 2.0).ceil() as i32).clamp(8, 24);
        let counts = cell_counts(points);
        let most = |impact: usize| (0..3).map(|e| counts[e][impact]).max().unwrap_or(0);
        let area_w = CELL_W - 2 * PAD;
        let fits = |r: i32, area_h: i32| {
            let pitch = 2 * r + GAP;
            (
                ((area_w + GAP) / pitch).max(1) as usize,
                ((area_h + GAP) / pitch).max(1) as usize,
            )
        };
        // Grow a crowded row at a medium marker size before shrinking markers.
        let comfortable = min_r.max(10);
        let pitch = 2 * comfortable + GAP;
        let per_row = ((area_w + GAP) / pitch).max(1) as usize;
        let row_h = [0, 1, 2].map(|i| {
            let rows = i32::try_from(most(i).div_ceil(per_row)).unwrap_or(i32::MAX);
            let need = rows.saturating_mul(pitch).saturating_add(BAND + PAD - GAP);
            need.clamp(MIN_ROW_H, MAX_ROW_H)
        });
        let radius = (min_r..=MAX_R.max(min_r))
            .rev()
            .find(|&r| {
                (0..3).all(|i| {
                    let (c, rw) = fits(r, row_h[i] - BAND - PAD);
                    c * rw >= most(i)
                })
            })
            .unwrap_or(min_r);
        let (cols, _) = fits(radius, 0);
        let rows = [0, 1, 2].map(|i| fits(radius, row_h[i] - BAND - PAD).1);
        // Whole and half pixels keep the SVG tidy.
        let number_size = (((f64::from(2 * radius) - 8.0) / widest).min(12.0) * 2.0).floor() / 2.0;
        Layout {
            row_h,
            radius,
            number_size,
            cols,
            rows,
        }
    }

    fn height(&self) -> i32 {
        self.row_h.iter().sum()
    }

    /// How many of `n` markers a cell shows; when not all fit, the last row holds a note.
    fn shown(&self, n: usize, impact: usize) -> usize {
        let rows = self.rows[impact.min(2)];
        if n <= self.cols * rows {
            n
        } else {
            self.cols * rows.saturating_sub(1)
        }
    }

    /// The top-left corner of a cell; `effort` 3 gives the grid's right edge.
    fn cell_origin(&self, effort: usize, impact: usize) -> (i32, i32) {
        let above: i32 = self.row_h[impact.min(2) + 1..].iter().sum();
        (LEFT + effort as i32 * CELL_W, TOP + above)
    }

    /// The centre of the `k`-th marker of the cell at `origin`.
    fn marker(&self, origin: (i32, i32), k: usize) -> (i32, i32) {
        let pitch = 2 * self.radius + GAP;
        let (col, row) = ((k % self.cols) as i32, (k / self.cols) as i32);
        (
            origin.0 + PAD + col * pitch + self.radius,
            origin.1 + BAND + row * pitch + self.radius,
        )
    }
}

/// The points in each cell, indexed `[effort][impact]`, ordered by number.
fn cells(points: &[MatrixPoint]) -> [[Vec<MatrixPoint>; 3]; 3] {
    let mut cells: [[Vec<MatrixPoint>; 3]; 3] = Default::default();
    for p in points {
        cells[usize::from(p.effort.min(2))][usize::from(p.impact.min(2))].push(*p);
    }
    for cell in cells.iter_mut().flatten() {
        cell.sort_by_key(|p| (p.number, p.done));
    }
    cells
}

fn cell_counts(points: &[MatrixPoint]) -> [[usize; 3]; 3] {
    let mut counts = [[0; 3]; 3];
    for p in points {
        counts[usize::from(p.effort.min(2))][usize::from(p.impact.min(2))] += 1;
    }
    counts
}

fn quadrant_count(points: &[MatrixPoint], q: Quadrant) -> usize {
    points
        .iter()
        .filter(|p| Quadrant::of(usize::from(p.impact), usize::from(p.effort)) == q)
        .count()
}

/// The opportunities of `points` by impact (up) against effort (right), with the quadrants
/// quick wins, big bets, fill-ins and money pits. Done opportunities are hollow markers.
/// `id` must be unique on the page. Returns a complete, accessible SVG, its words from
/// `words`.
pub fn opportunity_matrix(
    id: &str,
    title: &str,
    points: &[MatrixPoint],
    words: &dyn Words,
) -> String {
    let layout = Layout::new(points);
    let cells = cells(points);
    let grid_h = layout.height();
    let height = TOP + grid_h + BOTTOM;
    let mut hidden = 0;
    for column in &cells {
        for (impact, cell) in column.iter().enumerate() {
            hidden += cell.len() - layout.shown(cell.len(), impact);
        }
    }

    let body = svg::draw(WIDTH as u32, height as u32, |root| {
        for q in Quadrant::ALL {
            let ((e0, e1), (i0, i1)) = q.span();
            let (tint, ink) = q.colors();
            let (x0, y0) = layout.cell_origin(e0, i1);
            let (x1, y1) = layout.cell_origin(e1 + 1, i0);
            root.draw(&Rectangle::new(
                [(x0, y0), (x1, y1 + layout.row_h[i0])],
                tint.filled(),
            ))?;
            let style = bold(13.0, ink).pos(Pos::new(HPos::Left, VPos::Top));
            let count = words.decimal(quadrant_count(points, q) as f64, 0);
            let name = format!("{} ({count})", words.text(q.key(), None, &[]));
            root.draw(&Text::new(name, (x0 + PAD, y0 + 9), style))?;
        }
        // Thin white lines between cells inside a quadrant, a firmer line between quadrants.
        for k in 1..3 {
            let x = LEFT + k as i32 * CELL_W;
            let (_, y) = layout.cell_origin(0, k - 1);
            root.draw(&PathElement::new(
                vec![(x, TOP), (x, TOP + grid_h)],
                WHITE.stroke_width(2),
            ))?;
            root.draw(&PathElement::new(
                vec![(LEFT, y), (LEFT + 3 * CELL_W, y)],
                WHITE.stroke_width(2),
            ))?;
        }
        let divider = MUTED.stroke_width(2);
        let (mx, my) = layout.cell_origin(1, 0);
        root.draw(&PathElement::new(
            vec![(mx, TOP), (mx, TOP + grid_h)],
            divider,
        ))?;
        root.draw(&PathElement::new(
            vec![(LEFT, my), (LEFT + 3 * CELL_W, my)],
            divider,
        ))?;
        root.draw(&Rectangle::new(
            [(LEFT, TOP), (LEFT + 3 * CELL_W, TOP + grid_h)],
            GRID.stroke_width(1),
        ))?;

        let levels = ["badge.level.low", "badge.level.medium", "badge.level.high"]
            .map(|key| words.text(key, None, &[]));
        for (k, level) in levels.iter().enumerate() {
            let (x, y) = layout.cell_origin(k, k);
            root.draw(&Text::new(
                level.as_str(),
                (LEFT - 10, y + layout.row_h[k] / 2),
                font(12.0, MUTED).pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
            root.draw(&Text::new(
                level.as_str(),
                (x + CELL_W / 2, TOP + grid_h + 8),
                font(12.0, MUTED).pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
        root.draw(&Text::new(
            format!("{} →", words.text("chart.matrix.impact", None, &[])),
            (24, TOP + grid_h / 2),
            font(13.0, TEXT)
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))?;
        root.draw(&Text::new(
            format!("{} →", words.text("chart.matrix.effort", None, &[])),
            (LEFT + 3 * CELL_W / 2, TOP + grid_h + 30),
            font(13.0, TEXT).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;

        let r = layout.radius;
        for (effort, column) in cells.iter().enumerate() {
            for (impact, cell) in column.iter().enumerate() {
                let origin = layout.cell_origin(effort, impact);
                let shown = layout.shown(cell.len(), impact);
                for (k, p) in cell.iter().take(shown).enumerate() {
                    let at = layout.marker(origin, k);
                    marker(
                        root,
                        at,
                        r,
                        layout.number_size,
                        &p.number.to_string(),
                        p.done,
                    )?;
                }
                if shown < cell.len() {
                    let (x, y) = layout.marker(origin, shown);
                    let more = (cell.len() - shown) as f64;
                    root.draw(&Text::new(
                        words.text("chart.matrix.more", Some(more), &[]),
                        (x - r, y),
                        font(12.0, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
                    ))?;
                }
            }
        }

        // The legend: fill, not colour, tells open from done.
        let y = TOP + grid_h + 66;
        let mut x = LEFT + LEGEND_R;
        for (key, done) in [("chart.matrix.open", false), ("chart.matrix.done", true)] {
            let label = words.text(key, None, &[]);
            marker(root, (x, y), LEGEND_R, 0.0, "", done)?;
            root.draw(&Text::new(
                label.as_str(),
                (x + LEGEND_R + 6, y),
                font(12.0, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            x += LEGEND_R * 2 + 12 + svg::text_width(&label, 12.0) as i32 + 16;
        }
        root.draw(&Text::new(
            words.text("chart.matrix.numbers", None, &[]),
            (x, y),
            font(12.0, MUTED).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        Ok(())
    });
    svg::accessible(&body, id, title, &describe(points, hidden, words))
}

/// A numbered marker: filled when open, hollow (a ring) when done.
fn marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    at: (i32, i32),
    r: i32,
    size: f64,
    number: &str,
    done: bool,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let color = SERIES[0];
    let (shape, ink) = if done {
        (Circle::new(at, r - 1, color.stroke_width(2)), color)
    } else {
        (Circle::new(at, r, color.filled()), WHITE)
    };
    area.draw(&shape)?;
    if !number.is_empty() {
        // One pixel down: "0.5ex" above the baseline sits a little high for digits.
        let style = font(size, ink).pos(Pos::new(HPos::Center, VPos::Center));
        area.draw(&Text::new(number.to_string(), (at.0, at.1 + 1), style))?;
    }
    Ok(())
}

/// The finding in words: how many opportunities fall in each quadrant.
fn describe(points: &[MatrixPoint], hidden: usize, words: &dyn Words) -> String {
    if points.is_empty() {
        return words.text("chart.matrix.none", None, &[]);
    }
    let counted = |q: Quadrant| q.counted(quadrant_count(points, q), words);
    let mut text = words.text(
        "chart.matrix.desc",
        Some(points.len() as f64),
        &[
            ("quick_wins", &counted(Quadrant::QuickWins)),
            ("big_bets", &counted(Quadrant::BigBets)),
            ("fill_ins", &counted(Quadrant::FillIns)),
            ("money_pits", &counted(Quadrant::MoneyPits)),
        ],
    );
    let done = points.iter().filter(|p| p.done).count();
    if done > 0 {
        text.push(' ');
        text.push_str(&words.text("chart.matrix.desc_done", Some(done as f64), &[]));
    }
    if hidden > 0 {
        text.push(' ');
        text.push_str(&words.text("chart.matrix.desc_hidden", Some(hidden as f64), &[]));
    }
    text
}

#[cfg(test)]
mod tests;
