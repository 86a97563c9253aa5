//! The heatmap: a value per row × column, each cell shaded on a sequential white-to-blue
//! scale and labelled with its number, so it reads without colour.

mod layout;

use super::svg::{self, font, GRID, MUTED, TEXT};
use super::words::Words;
use layout::{span, ColumnLabels, Layout};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

const LABEL_SIZE: f64 = 12.0;
const SLANT_SIZE: f64 = 11.0;
const MARGIN: i32 = 12;
const SWATCH: i32 = 12;
const SWATCHES: i32 = 10;

/// The sequential scale, light to dark (ColorBrewer "Blues", its white end tinted so the
/// smallest value still shows against the page).
const RAMP: [RGBColor; 9] = [
    RGBColor(0xee, 0xf5, 0xfc),
    RGBColor(0xde, 0xeb, 0xf7),
    RGBColor(0xc6, 0xdb, 0xef),
    RGBColor(0x9e, 0xca, 0xe1),
    RGBColor(0x6b, 0xae, 0xd6),
    RGBColor(0x42, 0x92, 0xc6),
    RGBColor(0x21, 0x71, 0xb5),
    RGBColor(0x08, 0x51, 0x9c),
    RGBColor(0x08, 0x30, 0x6b),
];

/// The value of a cell: missing (ragged rows) and non-finite values count as none.
fn value(values: &[Vec<f64>], r: usize, c: usize) -> Option<f64> {
    values.get(r)?.get(c).copied().filter(|v| v.is_finite())
}

/// A cell that is drawn shaded and numbered; zero and missing cells are left blank.
fn shown(values: &[Vec<f64>], r: usize, c: usize) -> Option<f64> {
    value(values, r, c).filter(|&v| v != 0.0)
}

/// The scale's ends: from zero (or a negative minimum) to the largest value.
fn range(rows: &[String], columns: &[String], values: &[Vec<f64>]) -> (f64, f64) {
    let all = (0..rows.len())
        .flat_map(|r| (0..columns.len()).map(move |c| (r, c)))
        .filter_map(|(r, c)| value(values, r, c));
    all.fold((0.0, 0.0), |(lo, hi), v| (f64::min(lo, v), f64::max(hi, v)))
}

fn shade(v: f64, (lo, hi): (f64, f64)) -> RGBColor {
    let t = if hi > lo {
        ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let pos = t * (RAMP.len() - 1) as f64;
    let i = (pos.floor() as usize).min(RAMP.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (RAMP[i], RAMP[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

fn luminance(c: RGBColor) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// The WCAG contrast ratio of two colours.
fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// White on dark cells, the text colour on light ones; black for the few mid blues where
/// neither reaches 4.5:1.
fn ink(background: RGBColor) -> RGBColor {
    [WHITE, TEXT]
        .into_iter()
        .find(|&c| contrast(c, background) >= 4.5)
        .unwrap_or(BLACK)
}

/// A cell's number as the chart writes it.
pub(super) fn number(v: f64, words: &dyn Words) -> String {
    words.decimal(v, 1)
}

/// `values[r][c]` for `rows` × `columns`, each cell shaded from white to dark blue and
/// numbered; zero and missing cells (ragged rows, NaN) are blank, values beyond the labels
/// are left out. `keys` is the group of table entries that say what is counted
/// (`chart.pain_heatmap`: its `legend`, `none_to_show`, `none`, `desc` and `desc_ties`).
/// `id` must be unique on the page. Returns a complete, accessible SVG, its words from
/// `words`.
pub fn heatmap(
    id: &str,
    title: &str,
    rows: &[String],
    columns: &[String],
    values: &[Vec<f64>],
    keys: &str,
    words: &dyn Words,
) -> String {
    let desc = describe(rows, columns, values, keys, words);
    if rows.is_empty() || columns.is_empty() {
        let body = svg::draw(480, 60, |root| {
            let text = words.text(&format!("{keys}.none_to_show"), None, &[]);
            root.draw(&Text::new(
                svg::shorten(&text, 456.0, 13.0),
                (240, 30),
                font(13.0, MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
            ))?;
            Ok(())
        });
        return svg::accessible(&body, id, title, &desc);
    }
    let mut layout = Layout::new(rows, columns, values, words);
    let scale = range(rows, columns, values);
    let legend = svg::shorten(
        &words.text(&format!("{keys}.legend"), None, &[]),
        240.0,
        LABEL_SIZE,
    );
    let blank = words.text("chart.heatmap.blank", None, &[]);
    let (lo, hi) = (number(scale.0, words), number(scale.1, words));
    let legend_w = [legend.as_str(), &lo, &hi, &blank]
        .iter()
        .map(|t| svg::text_width(t, LABEL_SIZE).ceil() as i32)
        .sum::<i32>()
        + 12
        + 6
        + SWATCHES * SWATCH
        + 6
        + 20;
    layout.width = layout.width.max(2 * MARGIN + legend_w);
    let (cw, rh) = (layout.cell_w, layout.row_h);

    let body = svg::draw(layout.width as u32, layout.height as u32, |root| {
        for (r, lines) in layout.row_labels.iter().enumerate() {
            let (_, y) = layout.cell(r, 0);
            let step = (LABEL_SIZE * 1.25).round() as i32;
            let first = y + rh / 2 - (lines.len() as i32 - 1) * step / 2;
            for (k, line) in lines.iter().enumerate() {
                root.draw(&Text::new(
                    line.clone(),
                    (layout.left - 10, first + k as i32 * step),
                    font(LABEL_SIZE, TEXT).pos(Pos::new(HPos::Right, VPos::Center)),
                ))?;
            }
        }
        match &layout.columns {
            ColumnLabels::Upright(labels) => {
                for (c, lines) in labels.iter().enumerate() {
                    let (x, _) = layout.cell(0, c);
                    let last = layout.top - 8;
                    for (k, line) in lines.iter().enumerate() {
                        let y = last - (lines.len() - 1 - k) as i32 * 15;
                        root.draw(&Text::new(
                            line.clone(),
                            (x + cw / 2, y),
                            font(LABEL_SIZE, TEXT).pos(Pos::new(HPos::Center, VPos::Bottom)),
                        ))?;
                    }
                }
            }
            ColumnLabels::Slanted(labels) => {
                for (c, label) in labels.iter().enumerate() {
                    let (x, _) = layout.cell(0, c);
                    // Drawn as a quarter turn, which plotters supports, and turned to 45° below.
                    root.draw(&Text::new(
                        label.clone(),
                        (x + cw / 2, layout.top - 6),
                        font(SLANT_SIZE, TEXT)
                            .transform(FontTransform::Rotate270)
                            .pos(Pos::new(HPos::Left, VPos::Center)),
                    ))?;
                }
            }
        }

        for r in 0..rows.len() {
            for c in 0..columns.len() {
                let (x, y) = layout.cell(r, c);
                let corners = [(x + 1, y + 1), (x + cw - 1, y + rh - 1)];
                match shown(values, r, c) {
                    Some(v) => {
                        let fill = shade(v, scale);
                        root.draw(&Rectangle::new(corners, fill.filled()))?;
                        root.draw(&Text::new(
                            number(v, words),
                            (x + cw / 2, y + rh / 2 + 1),
                            font(layout.number_size, ink(fill))
                                .pos(Pos::new(HPos::Center, VPos::Center)),
                        ))?;
                    }
                    None => root.draw(&Rectangle::new(corners, GRID.stroke_width(1)))?,
                }
            }
        }

        // The legend: what is counted, and the scale from its lowest to its highest value.
        let y = layout.top.saturating_add(span(rows.len(), rh)) + 20;
        let centre = Pos::new(HPos::Left, VPos::Center);
        root.draw(&Text::new(
            legend.clone(),
            (MARGIN, y + SWATCH / 2),
            font(LABEL_SIZE, TEXT).pos(centre),
        ))?;
        let mut x = MARGIN + svg::text_width(&legend, LABEL_SIZE).ceil() as i32 + 12;
        if scale.1 > scale.0 {
            root.draw(&Text::new(
                lo.clone(),
                (x, y + SWATCH / 2),
                font(LABEL_SIZE, MUTED).pos(centre),
            ))?;
            x += svg::text_width(&lo, LABEL_SIZE).ceil() as i32 + 6;
            for k in 0..SWATCHES {
                let v = scale.0 + (scale.1 - scale.0) * f64::from(k) / f64::from(SWATCHES - 1);
                let corners = [(x + k * SWATCH, y), (x + (k + 1) * SWATCH, y + SWATCH)];
                root.draw(&Rectangle::new(corners, shade(v, scale).filled()))?;
            }
            x += SWATCHES * SWATCH + 6;
            root.draw(&Text::new(
                hi.clone(),
                (x, y + SWATCH / 2),
                font(LABEL_SIZE, MUTED).pos(centre),
            ))?;
            x += svg::text_width(&hi, LABEL_SIZE).ceil() as i32 + 20;
            root.draw(&Text::new(
                blank.as_str(),
                (x, y + SWATCH / 2),
                font(LABEL_SIZE, MUTED).pos(centre),
            ))?;
        } else {
            root.draw(&Text::new(
                words.text("chart.heatmap.none", None, &[]),
                (x, y + SWATCH / 2),
                font(LABEL_SIZE, MUTED).pos(centre),
            ))?;
        }
        Ok(())
    });
    // plotters turns text by quarter turns only; the slanted labels are its 270° turned to
    // −45°. Attribute values are escaped, so label text cannot match this.
    let body = body.replace("transform=\"rotate(270, ", "transform=\"rotate(-45, ");
    svg::accessible(&body, id, title, &desc)
}

/// The finding in words: the total, the hottest cell, and the row and column with most.
fn describe(
    rows: &[String],
    columns: &[String],
    values: &[Vec<f64>],
    keys: &str,
    words: &dyn Words,
) -> String {
    let mut hottest: Option<(f64, usize, usize)> = None;
    let mut ties = 0;
    let mut row_totals = vec![0.0; rows.len()];
    let mut column_totals = vec![0.0; columns.len()];
    for (r, row_total) in row_totals.iter_mut().enumerate() {
        for (c, column_total) in column_totals.iter_mut().enumerate() {
            let Some(v) = shown(values, r, c) else {
                continue;
            };
            *row_total += v;
            *column_total += v;
            match hottest {
                Some((best, ..)) if v < best => {}
                Some((best, ..)) if v == best => ties += 1,
                _ => {
                    hottest = Some((v, r, c));
                    ties = 0;
                }
            }
        }
    }
    let Some((best, hr, hc)) = hottest else {
        return words.text(&format!("{keys}.none"), None, &[]);
    };
    let name = |names: &[String], i: usize, kind: &str| {
        let n = names.get(i).map(|s| s.trim()).unwrap_or_default();
        if n.is_empty() {
            let number = words.decimal((i + 1) as f64, 0);
            words.text(kind, None, &[("number", &number)])
        } else {
            n.to_string()
        }
    };
    // The first of the largest, so that ties resolve the same way on every build.
    let most = |totals: &[f64]| {
        totals
            .iter()
            .enumerate()
            .fold(0, |m, (i, &t)| if t > totals[m] { i } else { m })
    };
    let (mr, mc) = (most(&row_totals), most(&column_totals));
    let total: f64 = row_totals.iter().sum();
    let (key, count) = match ties {
        0 => (format!("{keys}.desc"), None),
        n => (format!("{keys}.desc_ties"), Some(n as f64)),
    };
    words.text(
        &key,
        count,
        &[
            ("total", &number(total, words)),
            ("highest", &number(best, words)),
            ("row", &name(rows, hr, "chart.heatmap.row")),
            ("column", &name(columns, hc, "chart.heatmap.column")),
            ("top_row", &name(rows, mr, "chart.heatmap.row")),
            ("top_row_total", &number(row_totals[mr], words)),
            ("top_column", &name(columns, mc, "chart.heatmap.column")),
            ("top_column_total", &number(column_totals[mc], words)),
        ],
    )
}

#[cfg(test)]
mod tests;
