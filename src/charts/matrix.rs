//! The opportunity matrix: impact against effort on a 3 × 3 grid with its four quadrants
//! named, each opportunity a numbered marker that points to its row in the table.

use super::svg::{self, font, BAD, GOOD, GRID, MUTED, SERIES, TEXT};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, FontTransform};

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

    fn name(self) -> &'static str {
        match self {
            Quadrant::QuickWins => "Quick wins",
            Quadrant::BigBets => "Big bets",
            Quadrant::FillIns => "Fill-ins",
            Quadrant::MoneyPits => "Money pits",
        }
    }

    fn counted(self, n: usize) -> String {
        let (one, many) = match self {
            Quadrant::QuickWins => ("quick win", "quick wins"),
            Quadrant::BigBets => ("big bet", "big bets"),
            Quadrant::FillIns => ("fill-in", "fill-ins"),
            Quadrant::MoneyPits => ("money pit", "money pits"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
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
/// `id` must be unique on the page. Returns a complete, accessible SVG.
pub fn opportunity_matrix(id: &str, title: &str, points: &[MatrixPoint]) -> String {
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
            let mut style = font(13.0, ink).pos(Pos::new(HPos::Left, VPos::Top));
            style.font = style.font.style(FontStyle::Bold);
            let name = format!("{} ({})", q.name(), quadrant_count(points, q));
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

        let levels = ["Low", "Medium", "High"];
        for (k, level) in levels.iter().enumerate() {
            let (x, y) = layout.cell_origin(k, k);
            root.draw(&Text::new(
                *level,
                (LEFT - 10, y + layout.row_h[k] / 2),
                font(12.0, MUTED).pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
            root.draw(&Text::new(
                *level,
                (x + CELL_W / 2, TOP + grid_h + 8),
                font(12.0, MUTED).pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
        root.draw(&Text::new(
            "Impact →",
            (24, TOP + grid_h / 2),
            font(13.0, TEXT)
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))?;
        root.draw(&Text::new(
            "Effort →",
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
                    root.draw(&Text::new(
                        format!("+{} more (see table)", cell.len() - shown),
                        (x - r, y),
                        font(12.0, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
                    ))?;
                }
            }
        }

        // The legend: fill, not colour, tells open from done.
        let y = TOP + grid_h + 66;
        let mut x = LEFT + LEGEND_R;
        for (label, done) in [("Open", false), ("Done", true)] {
            marker(root, (x, y), LEGEND_R, 0.0, "", done)?;
            root.draw(&Text::new(
                label,
                (x + LEGEND_R + 6, y),
                font(12.0, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            x += LEGEND_R * 2 + 12 + svg::text_width(label, 12.0) as i32 + 16;
        }
        root.draw(&Text::new(
            "Numbers are the rows of the table.",
            (x, y),
            font(12.0, MUTED).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        Ok(())
    });
    svg::accessible(&body, id, title, &describe(points, hidden))
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
fn describe(points: &[MatrixPoint], hidden: usize) -> String {
    if points.is_empty() {
        return "No opportunities recorded.".into();
    }
    let n = points.len();
    let quadrants: Vec<String> = Quadrant::ALL
        .iter()
        .map(|&q| q.counted(quadrant_count(points, q)))
        .collect();
    let mut text = format!(
        "{n} {} by impact and effort: {}.",
        if n == 1 {
            "opportunity"
        } else {
            "opportunities"
        },
        quadrants.join(", ")
    );
    let done = points.iter().filter(|p| p.done).count();
    if done > 0 {
        text.push_str(&if done == 1 {
            " 1 is done.".to_string()
        } else {
            format!(" {done} are done.")
        });
    }
    if hidden > 0 {
        text.push_str(&format!(
            " {hidden} in crowded cells are not drawn; the table lists them all."
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

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
        insta::assert_snapshot!(opportunity_matrix(
            "chart-matrix",
            "Opportunities by impact and effort",
            &portfolio()
        ));
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
        assert!(
            text_of(&doc, "m-desc").contains(&format!("{hidden} in crowded cells are not drawn"))
        );
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
}
