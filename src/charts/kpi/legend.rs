//! How each stage's line looks (colour, dash and marker, so lines differ without colour)
//! and the legend that names them.

use super::{LEGEND_ROW, SIDE, SIZE, WIDTH};
use crate::charts::svg::{self, font, Marker, MARKERS, SERIES, TEXT};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Stage names in the legend are shortened to this width.
pub(super) const LEGEND_NAME: f64 = 164.0;

/// Dash patterns (dash, gap): solid, dashed, dotted, long-dashed.
const DASHES: [Option<(u32, u32)>; 4] = [None, Some((8, 4)), Some((2, 3)), Some((14, 4))];

/// How line `c` is drawn: its colour, dash and marker. Dash and marker step through
/// different pairs, so the first sixteen lines differ without colour.
pub(super) fn look(c: usize) -> (RGBColor, Option<(u32, u32)>, Marker) {
    (
        SERIES[c % SERIES.len()],
        DASHES[(c + c / MARKERS.len()) % DASHES.len()],
        MARKERS[c % MARKERS.len()],
    )
}

/// Where each legend entry goes: (entry, x, row), in a grid of equal columns.
pub(super) fn legend_layout(legend: &[(usize, String)]) -> Vec<(usize, i32, i32)> {
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
pub(super) fn legend_names(names: &[String]) -> Vec<String> {
    let short: Vec<String> = names
        .iter()
        .map(|n| svg::shorten(n, LEGEND_NAME, SIZE))
        .collect();
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

pub(super) fn draw_legend<DB: DrawingBackend>(
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
            Some(d) => root.draw(&PathElement::new(line, svg::dashed(color, 2, d)))?,
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

pub(super) fn draw_marker<DB: DrawingBackend>(
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
