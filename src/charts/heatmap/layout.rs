//! Where the heatmap's parts go: the row labels' width, the cell size, and whether the
//! column labels stand upright or slant, which sets the room above the grid.

use super::svg;
use super::Words;
use super::{number, shown, LABEL_SIZE, MARGIN, SLANT_SIZE};

/// The chart grows with its columns up to this width, then its cells shrink.
pub(super) const MAX_WIDTH: f64 = 960.0;
pub(super) const ROW_LABEL_MAX: f64 = 220.0;
pub(super) const IDEAL_CELL: f64 = 88.0;
/// Narrower columns than this take slanted labels; upright ones would be a word or two.
const UPRIGHT_MIN: f64 = 64.0;
/// Slanted labels 11 px tall need about 14 px between them across the slant: 20 px columns.
pub(super) const MIN_CELL: f64 = 20.0;
pub(super) const SLANT_MAX: f64 = 150.0;
const MIN_NUMBER_SIZE: f64 = 9.0;
const RIGHT: i32 = 16;
const LEGEND_H: i32 = 52;
pub(super) const SIN45: f64 = std::f64::consts::FRAC_1_SQRT_2;

pub(super) enum ColumnLabels {
    /// Wrapped into the column's width.
    Upright(Vec<Vec<String>>),
    /// One line each, slanted at 45° up to the right from the column's centre.
    Slanted(Vec<String>),
}

/// The chart's geometry in px, and its labels as they are drawn.
pub(super) struct Layout {
    pub(super) left: i32,
    pub(super) top: i32,
    pub(super) cell_w: i32,
    pub(super) row_h: i32,
    pub(super) width: i32,
    pub(super) height: i32,
    pub(super) row_labels: Vec<Vec<String>>,
    pub(super) columns: ColumnLabels,
    pub(super) number_size: f64,
}

impl Layout {
    pub(super) fn new(
        rows: &[String],
        columns: &[String],
        values: &[Vec<f64>],
        words: &dyn Words,
    ) -> Layout {
        let row_labels: Vec<Vec<String>> = rows
            .iter()
            .map(|name| {
                if svg::text_width(name, LABEL_SIZE) <= ROW_LABEL_MAX {
                    vec![name.clone()]
                } else {
                    svg::wrap(name, ROW_LABEL_MAX, LABEL_SIZE, 2)
                }
            })
            .collect();
        let label_w = row_labels
            .iter()
            .flatten()
            .map(|l| svg::text_width(l, LABEL_SIZE))
            .fold(0.0, f64::max);
        let left = MARGIN + label_w.ceil() as i32 + 10;
        let row_h = if row_labels.iter().any(|l| l.len() > 1) {
            38
        } else {
            30
        };

        // Widest number at 1 px: the columns must fit it at MIN_NUMBER_SIZE.
        let widest = (0..rows.len())
            .flat_map(|r| (0..columns.len()).map(move |c| (r, c)))
            .filter_map(|(r, c)| shown(values, r, c))
            .map(|v| svg::text_width(&number(v, words), 1.0))
            .fold(0.0, f64::max);
        let min_cell = MIN_CELL.max((widest * MIN_NUMBER_SIZE + 6.0).ceil());

        let n = columns.len().max(1) as f64;
        let upright = ((MAX_WIDTH - f64::from(left + RIGHT)) / n)
            .min(IDEAL_CELL)
            .floor();
        let (cell_w, labels) = if upright >= UPRIGHT_MIN {
            let cell = upright.max(min_cell);
            let wrapped = columns
                .iter()
                .map(|c| svg::wrap(c, cell - 8.0, LABEL_SIZE, 3))
                .collect();
            (cell, ColumnLabels::Upright(wrapped))
        } else {
            let reserve = SLANT_MAX * SIN45 + 8.0;
            let cell = ((MAX_WIDTH - f64::from(left) - reserve) / n)
                .floor()
                .min(IDEAL_CELL)
                .max(min_cell);
            let shortened = columns
                .iter()
                .map(|c| svg::shorten(c, SLANT_MAX, SLANT_SIZE))
                .collect();
            (cell, ColumnLabels::Slanted(shortened))
        };
        let cell_w = cell_w as i32;
        let grid_w = span(columns.len(), cell_w);

        let (top, right) = match &labels {
            ColumnLabels::Upright(lines) => {
                let most = lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as i32;
                (14 + most * 15, RIGHT)
            }
            ColumnLabels::Slanted(names) => {
                let widths: Vec<f64> = names
                    .iter()
                    .map(|l| svg::text_width(l, SLANT_SIZE))
                    .collect();
                let longest = widths.iter().copied().fold(0.0, f64::max);
                // How far the last labels reach past the grid's right edge.
                let reach = widths
                    .iter()
                    .enumerate()
                    .map(|(i, w)| (i as f64 + 0.5) * f64::from(cell_w) + (w + SLANT_SIZE) * SIN45)
                    .fold(0.0, f64::max);
                let top = ((longest + SLANT_SIZE) * SIN45).ceil() as i32 + 12;
                (top, RIGHT.max(reach.ceil() as i32 + 8 - grid_w))
            }
        };
        let height = top
            .saturating_add(span(rows.len(), row_h))
            .saturating_add(LEGEND_H);
        let width = left.saturating_add(grid_w).saturating_add(right);
        let number_size = if widest > 0.0 {
            // Whole and half pixels keep the SVG tidy.
            ((f64::from(cell_w - 6) / widest)
                .min(12.0)
                .min(f64::from(row_h - 10))
                * 2.0)
                .floor()
                / 2.0
        } else {
            12.0
        };
        Layout {
            left,
            top,
            cell_w,
            row_h,
            width,
            height,
            row_labels,
            columns: labels,
            number_size,
        }
    }

    pub(super) fn cell(&self, r: usize, c: usize) -> (i32, i32) {
        (
            self.left.saturating_add(span(c, self.cell_w)),
            self.top.saturating_add(span(r, self.row_h)),
        )
    }
}

/// `n` times `size` pixels; float casts saturate, so no count can overflow.
pub(super) fn span(n: usize, size: i32) -> i32 {
    (n as f64 * f64::from(size)).min(f64::from(i32::MAX / 2)) as i32
}
