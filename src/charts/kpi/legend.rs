//! How each stage's line looks (colour, dash and marker, so lines differ without colour)
//! and the legend that names them.

use crate::charts::svg::{self, LegendEntry, Marker, MARKERS, SERIES};
use plotters::prelude::*;

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

/// The legend of a page's KPI charts, written once in HTML for all of them: an entry per
/// `(series, stage name)`, in the order given.
pub fn kpi_legend(stages: &[(usize, String)]) -> Vec<LegendEntry> {
    stages
        .iter()
        .map(|(series, name)| {
            let (color, dash, marker) = look(*series);
            LegendEntry {
                label: name.clone(),
                swatch: svg::swatch(color, dash, marker),
            }
        })
        .collect()
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
