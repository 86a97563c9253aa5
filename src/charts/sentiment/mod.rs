//! Sentiment per stage as a diverging stacked bar: each stage's negative ratings run left
//! of a zero line, its positive ones right, and its neutral ones straddle it, all as
//! shares of the stage's ratings. Sides are told apart by where they lie and by their
//! numbers, not by colour alone.

use super::svg::{self, font, BAD, GOOD, GRID, MUTED, TEXT};
use super::words::{percent, Words};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One stage's rated rows by sentiment.
#[derive(Clone, Debug, PartialEq)]
pub struct SentimentRow {
    pub stage: String,
    pub negative: usize,
    pub neutral: usize,
    pub positive: usize,
}

impl SentimentRow {
    fn total(&self) -> usize {
        self.negative + self.neutral + self.positive
    }

    /// The shares of negative, neutral and positive ratings; `None` without ratings.
    fn shares(&self) -> Option<(f64, f64, f64)> {
        let total = self.total() as f64;
        (total > 0.0).then(|| {
            (
                self.negative as f64 / total,
                self.neutral as f64 / total,
                self.positive as f64 / total,
            )
        })
    }
}

const WIDTH: i32 = 640;
const MARGIN: i32 = 10;
const SIZE: f64 = 12.0;
const LEGEND_H: i32 = 30;
const ROW_H: i32 = 34;
const BAR_H: i32 = 20;
const AXIS_H: i32 = 24;
/// The neutral share's grey: 3:1 against white, and black text on it reaches 4.5:1.
const NEUTRAL: RGBColor = RGBColor(0x86, 0x93, 0xa3);
const SWATCH: i32 = 12;

/// Where everything goes, measured before anything is drawn.
struct Plot {
    /// The stage labels' lines.
    labels: Vec<Vec<String>>,
    /// The left and right ends of the bars' area, and its zero line.
    left: f64,
    right: f64,
    /// The largest share either side of zero that the scale shows.
    extent: f64,
    count_x: i32,
    height: i32,
}

impl Plot {
    fn measure(rows: &[SentimentRow], counts: &[String]) -> Plot {
        let label_room = 170.0;
        let labels: Vec<Vec<String>> = rows
            .iter()
            .map(|r| svg::wrap(&r.stage, label_room, SIZE, 2))
            .collect();
        let label_w = labels
            .iter()
            .flatten()
            .map(|l| svg::text_width(l, SIZE))
            .fold(40.0, f64::max);
        let count_w = counts
            .iter()
            .map(|c| svg::text_width(c, SIZE))
            .fold(0.0, f64::max);
        let left = f64::from(MARGIN) + label_w.ceil() + 10.0;
        let right = f64::from(WIDTH - MARGIN) - count_w.ceil() - 10.0;
        // The widest side, so that both fit; never less than half the scale.
        let side = rows
            .iter()
            .filter_map(SentimentRow::shares)
            .map(|(neg, neu, pos)| (neg + neu / 2.0).max(pos + neu / 2.0))
            .fold(0.5, f64::max);
        let extent = if side <= 0.5 {
            0.5
        } else if side <= 0.75 {
            0.75
        } else {
            1.0
        };
        Plot {
            labels,
            left,
            right,
            extent,
            count_x: WIDTH - MARGIN,
            height: LEGEND_H + rows.len() as i32 * ROW_H + AXIS_H + MARGIN,
        }
    }

    fn zero(&self) -> f64 {
        (self.left + self.right) / 2.0
    }

    /// The x of a share `v` left (negative) or right (positive) of zero.
    fn x(&self, v: f64) -> i32 {
        (self.zero() + v / self.extent * (self.right - self.left) / 2.0).round() as i32
    }

    fn row_top(&self, r: usize) -> i32 {
        LEGEND_H + r as i32 * ROW_H
    }
}

/// Each stage of `rows` as a diverging bar of its ratings' sentiment. `id` must be unique
/// on the page. Returns a complete, accessible SVG, its words from `words`.
pub fn sentiment_chart(id: &str, title: &str, rows: &[SentimentRow], words: &dyn Words) -> String {
    let desc = describe(rows, words);
    let counts: Vec<String> = rows
        .iter()
        .map(|r| {
            let n = words.decimal(r.total() as f64, 0);
            words.text(
                "chart.sentiment.ratings",
                Some(r.total() as f64),
                &[("count", &n)],
            )
        })
        .collect();
    let plot = Plot::measure(rows, &counts);
    let body = svg::draw(WIDTH as u32, plot.height as u32, |root| {
        legend(root, words)?;
        axis(root, &plot, rows.len(), words)?;
        for (r, row) in rows.iter().enumerate() {
            bar(root, &plot, r, row, &counts[r], words)?;
        }
        Ok(())
    });
    svg::accessible(&body, id, title, &desc)
}

type Drawn<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    words: &dyn Words,
) -> Drawn<DB> {
    let mut x = MARGIN;
    let y = 14;
    for (key, color) in [
        ("chart.sentiment.negative", BAD),
        ("chart.sentiment.neutral", NEUTRAL),
        ("chart.sentiment.positive", GOOD),
    ] {
        let label = words.text(key, None, &[]);
        root.draw(&Rectangle::new(
            [(x, y - SWATCH / 2), (x + SWATCH, y + SWATCH / 2)],
            color.filled(),
        ))?;
        root.draw(&Text::new(
            label.clone(),
            (x + SWATCH + 5, y),
            font(SIZE, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += SWATCH + 5 + svg::text_width(&label, SIZE).ceil() as i32 + 18;
    }
    Ok(())
}

fn axis<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    plot: &Plot,
    rows: usize,
    words: &dyn Words,
) -> Drawn<DB> {
    let top = plot.row_top(0) - 4;
    let bottom = plot.row_top(rows) + 2;
    let step = 0.25;
    let mut v = -plot.extent;
    while v <= plot.extent + 1e-9 {
        let x = plot.x(v);
        let style = if v.abs() < 1e-9 {
            TEXT.stroke_width(1)
        } else {
            GRID.stroke_width(1)
        };
        root.draw(&PathElement::new(vec![(x, top), (x, bottom)], style))?;
        root.draw(&Text::new(
            percent(words, v.abs()),
            (x, bottom + 4),
            font(11.0, MUTED).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        v += step;
    }
    Ok(())
}

fn bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    plot: &Plot,
    r: usize,
    row: &SentimentRow,
    count: &str,
    words: &dyn Words,
) -> Drawn<DB> {
    let top = plot.row_top(r) + (ROW_H - BAR_H) / 2;
    let middle = top + BAR_H / 2;
    svg::draw_lines(
        root,
        &plot.labels[r],
        (
            plot.left as i32 - 10,
            middle - (plot.labels[r].len() as i32 - 1) * 15 / 2,
        ),
        SIZE,
        TEXT,
        Pos::new(HPos::Right, VPos::Center),
    )?;
    root.draw(&Text::new(
        count.to_string(),
        (plot.count_x, middle),
        font(SIZE, MUTED).pos(Pos::new(HPos::Right, VPos::Center)),
    ))?;
    let Some((neg, neu, pos)) = row.shares() else {
        return root.draw(&Text::new(
            words.text("chart.sentiment.no_ratings", None, &[]),
            (plot.x(0.0), middle),
            font(SIZE, MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
        ));
    };
    let start = -(neg + neu / 2.0);
    let segments = [(neg, BAD, WHITE), (neu, NEUTRAL, BLACK), (pos, GOOD, WHITE)];
    let mut from = start;
    for (share, fill, ink) in segments {
        if share <= 0.0 {
            continue;
        }
        let (x0, x1) = (plot.x(from), plot.x(from + share));
        root.draw(&Rectangle::new(
            [(x0, top), (x1, top + BAR_H)],
            fill.filled(),
        ))?;
        // The segments meet at a white hairline, so neighbours never merge.
        root.draw(&Rectangle::new(
            [(x0, top), (x1, top + BAR_H)],
            WHITE.stroke_width(1),
        ))?;
        let label = percent(words, share);
        if f64::from(x1 - x0) >= svg::text_width(&label, 11.0) + 6.0 {
            root.draw(&Text::new(
                label,
                ((x0 + x1) / 2, middle),
                font(11.0, ink).pos(Pos::new(HPos::Center, VPos::Center)),
            ))?;
        }
        from += share;
    }
    Ok(())
}

/// The finding in words: the ratings counted, and the stages with the largest negative
/// and positive shares.
fn describe(rows: &[SentimentRow], words: &dyn Words) -> String {
    let rated: Vec<(&SentimentRow, (f64, f64, f64))> = rows
        .iter()
        .filter_map(|r| r.shares().map(|s| (r, s)))
        .collect();
    let total: usize = rows.iter().map(SentimentRow::total).sum();
    // The first of the largest, so ties resolve the same way on every build.
    let most = |share: fn(&(f64, f64, f64)) -> f64| {
        rated.iter().fold(
            None,
            |best: Option<&(&SentimentRow, (f64, f64, f64))>, item| match best {
                Some(b) if share(&b.1) >= share(&item.1) => Some(b),
                _ => Some(item),
            },
        )
    };
    let (Some(negative), Some(positive)) = (most(|s| s.0), most(|s| s.2)) else {
        return words.text("chart.sentiment.none", None, &[]);
    };
    let count = words.decimal(total as f64, 0);
    words.text(
        "chart.sentiment.desc",
        Some(total as f64),
        &[
            ("count", &count),
            ("negative_stage", &negative.0.stage),
            ("negative_share", &percent(words, negative.1 .0)),
            ("positive_stage", &positive.0.stage),
            ("positive_share", &percent(words, positive.1 .2)),
        ],
    )
}

#[cfg(test)]
mod tests;
