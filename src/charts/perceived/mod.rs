//! The map against the customers: per stage, the emotion the map gives it and the emotion
//! the customers' ratings imply, on one scale from −2 to +2. The two are told apart by
//! shape (a square for the map, a circle for the customers) and the stages where they
//! disagree are marked in words and by a heavier line, not by colour alone.

use super::svg::{self, bold, font, BAD, GRID, MUTED, SERIES, TEXT};
use super::words::{signed, Words};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One stage: the map's emotion and the customers' perceived emotion.
#[derive(Clone, Debug, PartialEq)]
pub struct PerceivedRow {
    pub stage: String,
    pub map: Option<i8>,
    pub perceived: Option<f64>,
    /// Whether the two disagree by enough, with enough ratings, to mark.
    pub mismatch: bool,
}

const WIDTH: i32 = 640;
const MARGIN: i32 = 10;
const SIZE: f64 = 12.0;
const LEGEND_H: i32 = 30;
const ROW_H: i32 = 32;
const AXIS_H: i32 = 24;
const MAP: RGBColor = SERIES[5];
const CUSTOMERS: RGBColor = SERIES[0];

struct Plot {
    labels: Vec<Vec<String>>,
    left: f64,
    right: f64,
    flag_x: i32,
    height: i32,
}

impl Plot {
    fn measure(rows: &[PerceivedRow], flag: &str) -> Plot {
        let labels: Vec<Vec<String>> = rows
            .iter()
            .map(|r| svg::wrap(&r.stage, 170.0, SIZE, 2))
            .collect();
        let label_w = labels
            .iter()
            .flatten()
            .map(|l| svg::text_width(l, SIZE))
            .fold(40.0, f64::max);
        let flag_w = svg::text_width(flag, SIZE) * 1.1;
        Plot {
            labels,
            left: f64::from(MARGIN) + label_w.ceil() + 18.0,
            right: f64::from(WIDTH - MARGIN) - flag_w.ceil() - 22.0,
            flag_x: WIDTH - MARGIN,
            height: LEGEND_H + rows.len() as i32 * ROW_H + AXIS_H + MARGIN,
        }
    }

    fn x(&self, emotion: f64) -> i32 {
        let t = (emotion.clamp(-2.0, 2.0) + 2.0) / 4.0;
        (self.left + t * (self.right - self.left)).round() as i32
    }

    fn middle(&self, r: usize) -> i32 {
        LEGEND_H + r as i32 * ROW_H + ROW_H / 2
    }
}

/// The map's and the customers' emotion of each stage of `rows`. `id` must be unique on
/// the page. Returns a complete, accessible SVG, its words from `words`.
pub fn perceived_chart(id: &str, title: &str, rows: &[PerceivedRow], words: &dyn Words) -> String {
    let desc = describe(rows, words);
    let flag = format!("≠ {}", words.text("chart.perceived.mismatch", None, &[]));
    let plot = Plot::measure(rows, &flag);
    let body = svg::draw(WIDTH as u32, plot.height as u32, |root| {
        legend(root, words)?;
        scale(root, &plot, rows.len(), words)?;
        for (r, row) in rows.iter().enumerate() {
            stage(root, &plot, r, row, &flag)?;
        }
        Ok(())
    });
    svg::accessible(&body, id, title, &desc)
}

type Drawn<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;
type Area<DB> = DrawingArea<DB, plotters::coord::Shift>;

fn square<DB: DrawingBackend>(root: &Area<DB>, (x, y): (i32, i32)) -> Drawn<DB> {
    root.draw(&Rectangle::new(
        [(x - 5, y - 5), (x + 5, y + 5)],
        MAP.filled(),
    ))
}

fn circle<DB: DrawingBackend>(root: &Area<DB>, at: (i32, i32)) -> Drawn<DB> {
    root.draw(&Circle::new(at, 6, CUSTOMERS.filled()))?;
    root.draw(&Circle::new(at, 6, WHITE.stroke_width(1)))
}

fn legend<DB: DrawingBackend>(root: &Area<DB>, words: &dyn Words) -> Drawn<DB> {
    let y = 14;
    let map = words.text("chart.perceived.map", None, &[]);
    let customers = words.text("chart.perceived.customers", None, &[]);
    square(root, (MARGIN + 5, y))?;
    let style = font(SIZE, TEXT).pos(Pos::new(HPos::Left, VPos::Center));
    root.draw(&Text::new(map.clone(), (MARGIN + 16, y), style.clone()))?;
    let x = MARGIN + 16 + svg::text_width(&map, SIZE).ceil() as i32 + 20;
    circle(root, (x + 6, y))?;
    root.draw(&Text::new(customers, (x + 18, y), style))
}

fn scale<DB: DrawingBackend>(
    root: &Area<DB>,
    plot: &Plot,
    rows: usize,
    words: &dyn Words,
) -> Drawn<DB> {
    let (top, bottom) = (LEGEND_H - 2, LEGEND_H + rows as i32 * ROW_H);
    for e in -2..=2 {
        let x = plot.x(f64::from(e));
        let style = if e == 0 {
            MUTED.stroke_width(1)
        } else {
            GRID.stroke_width(1)
        };
        root.draw(&PathElement::new(vec![(x, top), (x, bottom)], style))?;
        root.draw(&Text::new(
            signed(words, f64::from(e)),
            (x, bottom + 4),
            font(11.0, MUTED).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    Ok(())
}

fn stage<DB: DrawingBackend>(
    root: &Area<DB>,
    plot: &Plot,
    r: usize,
    row: &PerceivedRow,
    flag: &str,
) -> Drawn<DB> {
    let y = plot.middle(r);
    let lines = &plot.labels[r];
    svg::draw_lines(
        root,
        lines,
        (plot.left as i32 - 18, y - (lines.len() as i32 - 1) * 15 / 2),
        SIZE,
        TEXT,
        Pos::new(HPos::Right, VPos::Center),
    )?;
    let map = row.map.map(|e| (plot.x(f64::from(e)), y));
    let perceived = row
        .perceived
        .filter(|p| p.is_finite())
        .map(|p| (plot.x(p), y));
    if let (Some(a), Some(b)) = (map, perceived) {
        let style = if row.mismatch {
            BAD.stroke_width(3)
        } else {
            MUTED.stroke_width(1)
        };
        root.draw(&PathElement::new(vec![a, b], style))?;
    }
    if let Some(at) = map {
        square(root, at)?;
    }
    if let Some(at) = perceived {
        circle(root, at)?;
    }
    if row.mismatch {
        root.draw(&Text::new(
            flag.to_string(),
            (plot.flag_x, y),
            bold(SIZE, BAD).pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
    }
    Ok(())
}

/// The finding in words: which stages the customers' ratings contradict, or that they
/// contradict none.
fn describe(rows: &[PerceivedRow], words: &dyn Words) -> String {
    let compared = rows
        .iter()
        .filter(|r| r.map.is_some() && r.perceived.is_some())
        .count();
    if compared == 0 {
        return words.text("chart.perceived.none", None, &[]);
    }
    let mismatched: Vec<String> = rows
        .iter()
        .filter(|r| r.mismatch)
        .map(|r| {
            let map = signed(words, f64::from(r.map.unwrap_or(0)));
            let perceived = signed(words, r.perceived.unwrap_or(0.0));
            words.text(
                "chart.perceived.desc_stage",
                None,
                &[
                    ("stage", &r.stage),
                    ("map", &map),
                    ("customers", &perceived),
                ],
            )
        })
        .collect();
    let count = words.decimal(compared as f64, 0);
    if mismatched.is_empty() {
        return words.text(
            "chart.perceived.desc_agree",
            Some(compared as f64),
            &[("count", &count)],
        );
    }
    let mismatches = words.decimal(mismatched.len() as f64, 0);
    words.text(
        "chart.perceived.desc",
        Some(mismatched.len() as f64),
        &[
            ("count", &mismatches),
            ("compared", &count),
            ("stages", &mismatched.join("; ")),
        ],
    )
}

#[cfg(test)]
mod tests;
