//! The heatmap: a value per row × column, each cell shaded on a sequential white-to-blue
//! scale and labelled with its number, so it reads without colour.

use super::svg::{self, font, label_number, GRID, MUTED, TEXT};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

/// The chart grows with its columns up to this width, then its cells shrink.
const MAX_WIDTH: f64 = 960.0;
const LABEL_SIZE: f64 = 12.0;
const SLANT_SIZE: f64 = 11.0;
const ROW_LABEL_MAX: f64 = 220.0;
const IDEAL_CELL: f64 = 88.0;
/// Narrower columns than this take slanted labels; upright ones would be a word or two.
const UPRIGHT_MIN: f64 = 64.0;
/// Slanted labels 11 px tall need about 14 px between them across the slant: 20 px columns.
const MIN_CELL: f64 = 20.0;
const SLANT_MAX: f64 = 150.0;
const MIN_NUMBER_SIZE: f64 = 9.0;
const MARGIN: i32 = 12;
const RIGHT: i32 = 16;
const LEGEND_H: i32 = 52;
const SWATCH: i32 = 12;
const SWATCHES: i32 = 10;
const BLANK: &str = "Blank cell: none";
const SIN45: f64 = std::f64::consts::FRAC_1_SQRT_2;

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

enum ColumnLabels {
    /// Wrapped into the column's width.
    Upright(Vec<Vec<String>>),
    /// One line each, slanted at 45° up to the right from the column's centre.
    Slanted(Vec<String>),
}

struct Layout {
    left: i32,
    top: i32,
    cell_w: i32,
    row_h: i32,
    width: i32,
    height: i32,
    row_labels: Vec<Vec<String>>,
    columns: ColumnLabels,
    number_size: f64,
}

impl Layout {
    fn new(rows: &[String], columns: &[String], values: &[Vec<f64>]) -> Layout {
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
            .map(|v| svg::text_width(&label_number(v), 1.0))
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
                .map(|c| {
                    if svg::text_width(c, SLANT_SIZE) <= SLANT_MAX {
                        c.clone()
                    } else {
                        svg::shorten(c, SLANT_MAX, SLANT_SIZE)
                    }
                })
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

    fn cell(&self, r: usize, c: usize) -> (i32, i32) {
        (
            self.left.saturating_add(span(c, self.cell_w)),
            self.top.saturating_add(span(r, self.row_h)),
        )
    }
}

/// `n` times `size` pixels; float casts saturate, so no count can overflow.
fn span(n: usize, size: i32) -> i32 {
    (n as f64 * f64::from(size)).min(f64::from(i32::MAX / 2)) as i32
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

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `values[r][c]` for `rows` × `columns`, each cell shaded from white to dark blue and
/// numbered; zero and missing cells (ragged rows, NaN) are blank, values beyond the labels
/// are left out. `value_label` names what is counted ("severity-weighted pain points").
/// `id` must be unique on the page. Returns a complete, accessible SVG.
pub fn heatmap(
    id: &str,
    title: &str,
    rows: &[String],
    columns: &[String],
    values: &[Vec<f64>],
    value_label: &str,
) -> String {
    let desc = describe(rows, columns, values, value_label);
    if rows.is_empty() || columns.is_empty() {
        let body = svg::draw(480, 60, |root| {
            let text = format!("No {value_label} to show.");
            root.draw(&Text::new(
                svg::shorten(&text, 456.0, 13.0),
                (240, 30),
                font(13.0, MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
            ))?;
            Ok(())
        });
        return svg::accessible(&body, id, title, &desc);
    }
    let mut layout = Layout::new(rows, columns, values);
    let scale = range(rows, columns, values);
    let legend = svg::shorten(&capitalised(value_label), 240.0, LABEL_SIZE);
    let legend_w = [
        legend.as_str(),
        &label_number(scale.0),
        &label_number(scale.1),
        BLANK,
    ]
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
                            label_number(v),
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
            let lo = label_number(scale.0);
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
            let hi = label_number(scale.1);
            root.draw(&Text::new(
                hi.clone(),
                (x, y + SWATCH / 2),
                font(LABEL_SIZE, MUTED).pos(centre),
            ))?;
            x += svg::text_width(&hi, LABEL_SIZE).ceil() as i32 + 20;
            root.draw(&Text::new(
                BLANK,
                (x, y + SWATCH / 2),
                font(LABEL_SIZE, MUTED).pos(centre),
            ))?;
        } else {
            root.draw(&Text::new(
                "none",
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
fn describe(rows: &[String], columns: &[String], values: &[Vec<f64>], value_label: &str) -> String {
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
        return format!("No {value_label} recorded.");
    };
    let name = |names: &[String], i: usize, kind: &str| {
        let n = names.get(i).map(|s| s.trim()).unwrap_or_default();
        if n.is_empty() {
            format!("{kind} {}", i + 1)
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
    let others = match ties {
        0 => String::new(),
        1 => " and 1 other cell".into(),
        n => format!(" and {n} other cells"),
    };
    format!(
        "{}, {} in all: highest {} at {} × {}{others}; most in {} ({}) and in {} ({}).",
        capitalised(value_label),
        label_number(total),
        label_number(best),
        name(rows, hr, "row"),
        name(columns, hc, "column"),
        name(rows, mr, "row"),
        label_number(row_totals[mr]),
        name(columns, mc, "column"),
        label_number(column_totals[mc]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn stages(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("Stage {i}")).collect()
    }

    /// Pain points by journey and stage position, weighted by severity.
    fn pain() -> (Vec<String>, Vec<String>, Vec<Vec<f64>>) {
        let journeys = names(&[
            "Buying online",
            "Сравнение моделей и выбор подходящего увлажнителя",
            "Returns",
        ]);
        let values = vec![
            vec![3.0, 0.0, 7.0, 11.0, 8.0],
            vec![1.0, 2.0, 0.0, 4.0, 0.0],
            vec![0.0, 4.0, 2.0, 2.0, 5.0],
        ];
        (journeys, stages(5), values)
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap()
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

    fn color(hex: &str) -> RGBColor {
        let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
        RGBColor(c(1), c(3), c(5))
    }

    /// The shaded cells: filled rectangles taller than the legend's swatches, the
    /// background left out.
    fn cells<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
        doc.descendants()
            .filter(|n| n.has_tag_name("rect"))
            .filter(|n| !matches!(n.attribute("fill"), Some("none" | "#FFFFFF")))
            .filter(|n| attr(*n, "height") > f64::from(SWATCH))
            .collect()
    }

    fn texts<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .collect()
    }

    #[test]
    fn is_accessible_and_states_the_hottest_cell() {
        let (rows, columns, values) = pain();
        let svg = heatmap(
            "chart-pain",
            "Pain points by journey and stage",
            &rows,
            &columns,
            &values,
            "severity-weighted pain points",
        );
        let doc = parse(&svg);
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some("chart-pain-title chart-pain-desc")
        );
        assert_eq!(
            text_of(&doc, "chart-pain-title"),
            "Pain points by journey and stage"
        );
        assert_eq!(
            text_of(&doc, "chart-pain-desc"),
            "Severity-weighted pain points, 49 in all: highest 11 at Buying online × Stage 4; \
             most in Buying online (29) and in Stage 4 (17)."
        );
    }

    #[test]
    fn shades_and_numbers_every_non_zero_cell_and_only_those() {
        let (rows, columns, values) = pain();
        let svg = heatmap("h", "Pain", &rows, &columns, &values, "pain points");
        let doc = parse(&svg);
        let cells = cells(&doc);
        assert_eq!(cells.len(), 11);
        // The darkest cell holds the largest value; each number reads on its cell.
        for cell in &cells {
            let (x, y, w, h) = (
                attr(*cell, "x"),
                attr(*cell, "y"),
                attr(*cell, "width"),
                attr(*cell, "height"),
            );
            let inside: Vec<_> = texts(&doc)
                .into_iter()
                .filter(|t| {
                    (x..x + w).contains(&attr(*t, "x")) && (y..y + h).contains(&attr(*t, "y"))
                })
                .collect();
            assert_eq!(inside.len(), 1, "one number per cell");
            let ratio = contrast(
                color(inside[0].attribute("fill").unwrap()),
                color(cell.attribute("fill").unwrap()),
            );
            assert!(
                ratio >= 4.5,
                "{} on {}: {ratio}",
                inside[0].text().unwrap(),
                cell.attribute("fill").unwrap()
            );
            if inside[0].text() == Some("11") {
                assert_eq!(cell.attribute("fill"), Some("#08306B"));
            }
        }
    }

    #[test]
    fn every_shade_of_the_scale_has_a_readable_number_colour() {
        for k in 0..=100 {
            let fill = shade(f64::from(k), (0.0, 100.0));
            assert!(contrast(ink(fill), fill) >= 4.5, "{fill:?}");
        }
    }

    #[test]
    fn matches_its_snapshot() {
        let (rows, columns, values) = pain();
        insta::assert_snapshot!(heatmap(
            "chart-pain",
            "Pain points by journey and stage",
            &rows,
            &columns,
            &values,
            "severity-weighted pain points"
        ));
    }

    #[test]
    fn is_deterministic_and_ids_stay_unique() {
        let (rows, columns, values) = pain();
        let a = heatmap("a", "Pain", &rows, &columns, &values, "pain points");
        assert_eq!(
            a,
            heatmap("a", "Pain", &rows, &columns, &values, "pain points")
        );
        let b = heatmap("b", "Pain", &rows, &columns, &values, "pain points");
        let ids = |svg: &str| -> Vec<String> {
            parse(svg)
                .descendants()
                .filter_map(|n| n.attribute("id").map(String::from))
                .collect()
        };
        let (ia, ib) = (ids(&a), ids(&b));
        assert_eq!(ia.len(), 3);
        assert!(ia.iter().all(|id| !ib.contains(id)), "{ia:?} {ib:?}");
    }

    #[test]
    fn one_cell_and_no_data() {
        let svg = heatmap(
            "h",
            "One",
            &names(&["Web"]),
            &names(&["Buying"]),
            &[vec![4.0]],
            "touchpoints",
        );
        let doc = parse(&svg);
        assert_eq!(cells(&doc).len(), 1);
        assert_eq!(
            text_of(&doc, "h-desc"),
            "Touchpoints, 4 in all: highest 4 at Web × Buying; most in Web (4) and in Buying (4)."
        );

        for (rows, columns) in [
            (vec![], vec![]),
            (names(&["Web"]), vec![]),
            (vec![], stages(3)),
        ] {
            let svg = heatmap("h", "None", &rows, &columns, &[], "touchpoints");
            let doc = parse(&svg);
            assert_eq!(cells(&doc).len(), 0);
            assert_eq!(text_of(&doc, "h-desc"), "No touchpoints recorded.");
        }
        let svg = heatmap(
            "h",
            "Zeros",
            &names(&["Web", "Store"]),
            &stages(3),
            &[vec![0.0; 3], vec![0.0; 3]],
            "touchpoints",
        );
        let doc = parse(&svg);
        assert_eq!(cells(&doc).len(), 0);
        assert_eq!(text_of(&doc, "h-desc"), "No touchpoints recorded.");
    }

    #[test]
    fn ragged_rows_and_non_finite_values_are_blank() {
        let values = vec![
            vec![1.0, f64::NAN],
            vec![],
            vec![f64::INFINITY, 2.0, 3.0, 99.0],
            vec![5.0],
        ];
        let svg = heatmap(
            "h",
            "Ragged",
            &names(&["A", "B", "C"]),
            &stages(3),
            &values,
            "touchpoints",
        );
        let doc = parse(&svg);
        // 1, 2 and 3; the 99 beyond the columns and the fourth row beyond the rows are left out.
        assert_eq!(cells(&doc).len(), 3);
        assert_eq!(
            text_of(&doc, "h-desc"),
            "Touchpoints, 6 in all: highest 3 at C × Stage 3; most in C (5) and in Stage 3 (3)."
        );
    }

    #[test]
    fn odd_values_and_blank_names_do_not_break_it() {
        let values = vec![vec![-2.0, 1e12], vec![f64::NEG_INFINITY, 0.5]];
        let svg = heatmap(
            "h",
            "Odd",
            &names(&["", "B"]),
            &names(&["", "<b>"]),
            &values,
            "x",
        );
        let doc = parse(&svg);
        assert_eq!(cells(&doc).len(), 3);
        assert!(
            text_of(&doc, "h-desc").contains("at row 1 × <b>"),
            "{}",
            text_of(&doc, "h-desc")
        );
    }

    #[test]
    fn all_equal_values_share_one_shade() {
        let values = vec![vec![3.0; 3]; 2];
        let svg = heatmap(
            "h",
            "Equal",
            &names(&["Web", "Store"]),
            &stages(3),
            &values,
            "touchpoints",
        );
        let doc = parse(&svg);
        let cells = cells(&doc);
        assert_eq!(cells.len(), 6);
        assert!(cells
            .iter()
            .all(|c| c.attribute("fill") == cells[0].attribute("fill")));
        assert_eq!(
            text_of(&doc, "h-desc"),
            "Touchpoints, 18 in all: highest 3 at Web × Stage 1 and 5 other cells; most in Web (9) and in Stage 1 (6)."
        );
    }

    #[test]
    fn thirty_long_non_ascii_columns_fit_slanted() {
        let long = [
            "Сравнение моделей и выбор подходящего увлажнителя",
            "Pirkuma noformēšana un apmaksa",
            "Оформление заказа",
        ];
        let columns: Vec<String> = (0..30)
            .map(|i| format!("{} {}", long[i % 3], i + 1))
            .collect();
        let rows = names(&[
            "Web",
            "Мобильное приложение и сайт магазина бытовой техники",
            "Veikals",
        ]);
        let values: Vec<Vec<f64>> = (0..3)
            .map(|r| (0..30).map(|c| ((r * 7 + c * 3) % 13) as f64).collect())
            .collect();
        let svg = heatmap("h", "Touchpoints", &rows, &columns, &values, "touchpoints");
        let doc = parse(&svg);
        let width = attr(doc.root_element(), "width");
        assert!(width <= MAX_WIDTH, "{width}");
        let nonzero = values.iter().flatten().filter(|&&v| v != 0.0).count();
        assert_eq!(cells(&doc).len(), nonzero);

        let slanted: Vec<_> = texts(&doc)
            .into_iter()
            .filter(|t| {
                t.attribute("transform")
                    .is_some_and(|t| t.starts_with("rotate(-45,"))
            })
            .collect();
        assert_eq!(slanted.len(), 30);
        for (label, full) in slanted.iter().zip(&columns) {
            let text = label.text().unwrap().trim();
            let size = attr(*label, "font-size");
            let w = svg::text_width(text, size);
            assert!(w <= SLANT_MAX + 0.01, "{text}: {w}");
            assert!(text == full || text.ends_with('…'), "{text}");
            assert!(
                attr(*label, "x") + (w + size) * SIN45 <= width,
                "{text} runs off the right"
            );
            assert!(
                attr(*label, "y") - (w + size) * SIN45 >= 0.0,
                "{text} runs off the top"
            );
        }
        // Adjacent slanted labels stay a line apart across the slant.
        assert!((attr(slanted[1], "x") - attr(slanted[0], "x")) * SIN45 >= SLANT_SIZE * 1.2);

        // Row labels: the long one wraps into two lines, each inside the left margin.
        let row_labels: Vec<_> = texts(&doc)
            .into_iter()
            .filter(|t| t.attribute("text-anchor") == Some("end"))
            .collect();
        assert_eq!(row_labels.len(), 4);
        for label in &row_labels {
            let text = label.text().unwrap().trim();
            let w = svg::text_width(text, attr(*label, "font-size"));
            assert!(
                w <= ROW_LABEL_MAX + 0.01 && attr(*label, "x") - w >= 0.0,
                "{text}: {w}"
            );
        }
    }

    #[test]
    fn few_long_columns_wrap_upright_inside_their_cells() {
        let columns = names(&[
            "Сравнение моделей и выбор подходящего увлажнителя",
            "Pirkuma noformēšana un apmaksa",
            "Delivery",
        ]);
        let values = vec![vec![1.0, 2.0, 3.0]];
        let svg = heatmap(
            "h",
            "Upright",
            &names(&["Web"]),
            &columns,
            &values,
            "touchpoints",
        );
        let doc = parse(&svg);
        let layout = Layout::new(&names(&["Web"]), &columns, &values);
        assert_eq!(layout.cell_w, IDEAL_CELL as i32);
        assert!(!svg.contains("rotate("));
        let heads: Vec<_> = texts(&doc)
            .into_iter()
            .filter(|t| attr(*t, "y") < f64::from(layout.top))
            .collect();
        assert!(heads.len() > 3, "long names wrap");
        for head in heads {
            let text = head.text().unwrap().trim();
            let w = svg::text_width(text, attr(head, "font-size"));
            assert!(w <= f64::from(layout.cell_w) - 8.0 + 0.01, "{text}: {w}");
        }
    }

    #[test]
    fn the_chart_grows_with_its_columns_then_its_cells_shrink() {
        let widths: Vec<(f64, i32)> = [3, 8, 20, 40]
            .iter()
            .map(|&n| {
                let values = vec![vec![1.0; n]];
                let layout = Layout::new(&names(&["Web"]), &stages(n), &values);
                let svg = heatmap(
                    "h",
                    "Grow",
                    &names(&["Web"]),
                    &stages(n),
                    &values,
                    "touchpoints",
                );
                (attr(parse(&svg).root_element(), "width"), layout.cell_w)
            })
            .collect();
        assert!(widths[0].0 < widths[1].0, "{widths:?}");
        assert!(widths.iter().all(|&(w, _)| w <= MAX_WIDTH), "{widths:?}");
        assert!(
            widths[3].1 < widths[2].1 && widths[3].1 >= MIN_CELL as i32,
            "{widths:?}"
        );
    }
}
