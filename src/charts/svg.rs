//! What every chart shares: drawing into an SVG string with plotters, the accessible
//! wrapper (`role="img"`, `<title>`, `<desc>`), text measurement and wrapping, and the
//! palette.

use super::backend::SvgWriter;
use memchr::memmem::Finder;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::sync::LazyLock;

/// Series colours: each has at least 4.5:1 contrast against white, so lines, marks and
/// labels in them stay readable; series are also told apart by line style and marker.
pub const SERIES: [RGBColor; 6] = [
    RGBColor(0x0b, 0x5c, 0xad), // blue
    RGBColor(0xa0, 0x3c, 0x00), // burnt orange
    RGBColor(0x1b, 0x6e, 0x3a), // green
    RGBColor(0x7a, 0x2e, 0x8e), // purple
    RGBColor(0xa1, 0x1b, 0x1b), // red
    RGBColor(0x38, 0x4a, 0x5c), // slate
];
pub const TEXT: RGBColor = RGBColor(0x1d, 0x24, 0x30);
pub const MUTED: RGBColor = RGBColor(0x4a, 0x55, 0x66);
pub const GRID: RGBColor = RGBColor(0xd5, 0xdb, 0xe3);
pub const BAD: RGBColor = RGBColor(0xa1, 0x1b, 0x1b);
pub const GOOD: RGBColor = RGBColor(0x14, 0x63, 0x2f);
pub const WARN: RGBColor = RGBColor(0x7a, 0x4b, 0x00);
pub const FONT: &str = "sans-serif";

/// The shape that marks a series' points, cycled with colour and dash so that series
/// differ without colour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

pub const MARKERS: [Marker; 4] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
];

/// How one series is drawn, for a legend the page writes in HTML.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LegendEntry {
    pub label: String,
    /// A small inline SVG showing the series' colour, dash and marker ([`swatch`]).
    pub swatch: String,
}

/// A 36×14 inline SVG of a line in `color`, dashed as `dash`, with `marker` on it: the
/// key of an HTML legend.
pub fn swatch(color: RGBColor, dash: Option<Dash>, marker: Marker) -> String {
    let hex = format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2);
    let dash = dash.map_or(String::new(), |(d, g)| {
        format!(" stroke-dasharray=\"{d} {g}\"")
    });
    let marker = match marker {
        Marker::Circle => format!("<circle cx=\"18\" cy=\"7\" r=\"4\" fill=\"{hex}\"/>"),
        Marker::Square => {
            format!("<rect x=\"14\" y=\"3\" width=\"8\" height=\"8\" fill=\"{hex}\"/>")
        }
        Marker::Triangle => format!("<polygon points=\"18,2 23,11 13,11\" fill=\"{hex}\"/>"),
        Marker::Diamond => format!("<polygon points=\"18,1 24,7 18,13 12,7\" fill=\"{hex}\"/>"),
    };
    format!(
        "<svg class=\"swatch\" width=\"36\" height=\"14\" viewBox=\"0 0 36 14\" aria-hidden=\"true\" focusable=\"false\"><line x1=\"0\" y1=\"7\" x2=\"36\" y2=\"7\" stroke=\"{hex}\" stroke-width=\"3\"{dash}/>{marker}</svg>"
    )
}

/// A dash pattern: dash and gap lengths in px.
pub type Dash = (u32, u32);

/// Every dash pattern the charts use. plotters draws a dashed line as one element per
/// dash, hundreds for a long line; [`dashed`] draws it as one solid line instead, marked
/// by an opacity just under 1 that names its pattern, and [`super::backend::SvgWriter`]
/// writes that mark as `stroke-dasharray`.
pub const DASHES: [Dash; 8] = [
    (5, 4),
    (8, 4),
    (2, 3),
    (14, 4),
    (8, 6),
    (10, 6),
    (3, 5),
    (16, 4),
];

/// The opacity that marks dash pattern `k` of [`DASHES`].
pub(super) fn dash_mark(k: usize) -> f64 {
    1.0 - (k as f64 + 1.0) / 1000.0
}

/// The style of a line `width` px wide in `color`, dashed as `dash` (one of [`DASHES`];
/// any other pattern draws solid).
pub fn dashed(color: RGBColor, width: u32, dash: Dash) -> ShapeStyle {
    let opacity = DASHES
        .iter()
        .position(|d| *d == dash)
        .map_or(1.0, dash_mark);
    ShapeStyle {
        color: color.mix(opacity),
        filled: false,
        stroke_width: width,
    }
}

/// Draws a `width` × `height` chart with `paint` and returns the SVG. A drawing error
/// (which plotters reports for impossible coordinates) yields an empty chart rather than
/// a failed build: the numbers are in the table beside every chart anyway. The
/// background is left transparent, so that the page's shows through: the shadows that
/// tell a chart scrolls sideways are painted behind it.
pub fn draw<F>(width: u32, height: u32, paint: F) -> String
where
    F: for<'a> FnOnce(&DrawingArea<SvgWriter<'a>, Shift>) -> Result<(), Box<dyn std::error::Error>>,
{
    let mut out = String::new();
    let painted = {
        let root = SvgWriter::new(&mut out, (width, height)).into_drawing_area();
        let painted = paint(&root).is_ok();
        let _ = root.present();
        painted
    };
    if !painted {
        out.clear();
        let root = SvgWriter::new(&mut out, (width, height)).into_drawing_area();
        let _ = root.present();
    }
    out
}

/// Makes a plotters SVG an accessible, self-describing image: `role="img"`, an `id`, and
/// `<title>` and `<desc>` referenced by `aria-labelledby`. `id` must be unique on the page.
pub fn accessible(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return String::new();
    };
    let open = &svg[..open_end];
    let rest = &svg[open_end + 1..];
    let open = open.replacen(
        "<svg ",
        &format!(
            "<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" "
        ),
        1,
    );
    format!(
        "{open}>\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>{rest}",
        escape(title),
        escape(desc)
    )
}

pub use crate::escape::escape;

/// The smallest size, in CSS px, at which a chart's text may be shown.
pub const MIN_TEXT_PX: f64 = 10.0;

/// The narrowest width, in CSS px, at which `svg` (one chart) shows all its text at
/// least [`MIN_TEXT_PX`] tall: its viewBox width scaled so that its smallest
/// `font-size` becomes that size. `None` when the SVG has no viewBox; a chart without
/// text may shrink to a quarter of its width.
pub fn readable_width(svg: &str) -> Option<f64> {
    let open = &svg[..svg.find('>')?];
    let view_box = attribute(open, "viewBox")?;
    let width: f64 = view_box.split_ascii_whitespace().nth(2)?.parse().ok()?;
    // Pages frame hundreds of charts: the sizes are found with a searcher built once,
    // and a size like the one before it (most are) is not parsed again.
    const FONT_SIZE: &str = " font-size=\"";
    static FIND: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(FONT_SIZE));
    let mut smallest = f64::INFINITY;
    let mut last = None;
    for at in FIND.find_iter(svg.as_bytes()) {
        let rest = &svg[at + FONT_SIZE.len()..];
        let value = &rest[..memchr::memchr(b'"', rest.as_bytes()).unwrap_or(rest.len())];
        if last == Some(value) {
            continue;
        }
        last = Some(value);
        if let Ok(size) = value.parse::<f64>() {
            if size > 0.0 {
                smallest = smallest.min(size);
            }
        }
    }
    if smallest.is_finite() {
        Some(width * MIN_TEXT_PX / smallest)
    } else {
        Some(width / 4.0)
    }
}

/// The value of `name` in the start tag `open`.
fn attribute<'a>(open: &'a str, name: &str) -> Option<&'a str> {
    let start = open.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = open[start..].find('"')?;
    Some(&open[start..start + len])
}

/// `svg` (an [`accessible`] chart) as a page shows it: its `width` and `height` are the
/// [`readable_width`] and the height that goes with it, the smallest size the page's
/// stylesheet lets it shrink to (it grows with its column up to its natural width or
/// more); it sits in a `div.chart-scroll` that scrolls sideways where the page is
/// narrower than that, focusable so that a keyboard can scroll it, and named by the
/// chart's title. An SVG without a viewBox or id is returned as it is.
pub fn framed(svg: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg.to_string();
    };
    let open = &svg[..open_end];
    let (Some(id), Some(view_box), Some(min_width)) = (
        attribute(open, "id"),
        attribute(open, "viewBox"),
        readable_width(svg),
    ) else {
        return svg.to_string();
    };
    let mut size = view_box.split_ascii_whitespace().skip(2);
    let (Some(Ok(vw)), Some(Ok(vh))) = (
        size.next().map(str::parse::<f64>),
        size.next().map(str::parse::<f64>),
    ) else {
        return svg.to_string();
    };
    let width = min_width.ceil();
    let height = (vh * width / vw).ceil();
    let mut open = open.to_string();
    for (name, value) in [("width", width), ("height", height)] {
        if let Some(old) = attribute(&open, name) {
            open = open.replacen(
                &format!(" {name}=\"{old}\""),
                &format!(" {name}=\"{value}\""),
                1,
            );
        }
    }
    format!(
        "<div class=\"chart-scroll\" role=\"group\" tabindex=\"0\" aria-labelledby=\"{id}-title\">{open}{}</div>",
        &svg[open_end..]
    )
}

/// The width in pixels of `text` at `size` px. plotters' own estimate counts bytes, which
/// doubles the width of Cyrillic or Latvian text; this counts characters, and wide (CJK)
/// ones double. Latvian letters measure as their Latin base letters; the widest Cyrillic
/// ones (ж, ш, щ, ы, ю, ф, м and their capitals) as wide as they are in common sans-serif
/// fonts, about 1.4 times a Latin letter.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(char_width).sum::<f64>() * size
}

/// The width of `c` in ems. A match on ranges rather than lookups in tables of letters:
/// charts measure every label several times while they lay it out.
fn char_width(c: char) -> f64 {
    match c {
        'm' | 'w' | 'A'..='Z' => 0.7,
        'i' | 'l' | 'j' | 't' | 'f' | '.' | ',' | ':' | ';' | '\'' | '|' | ' ' => 0.32,
        '\0'..='\u{7f}' => 0.56,
        'Ж' | 'Ш' | 'Щ' | 'Ы' | 'Ю' | 'Ф' | 'М' | 'Д' => 0.95,
        'ж' | 'ш' | 'щ' | 'ы' | 'ю' | 'ф' | 'м' => 0.8,
        'Ё' | 'А'..='Я' => 0.7,
        'ё' | 'а'..='я' => 0.56,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FF60}' => 1.0,
        _ if c.is_uppercase() => 0.7,
        _ => 0.56,
    }
}

/// `text` broken into at most `max_lines` lines no wider than `max_width` px at `size`
/// px; what does not fit ends in `…` (the full text is in the table beside the chart).
pub fn wrap(text: &str, max_width: f64, size: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if text_width(&candidate, size) <= max_width || current.is_empty() {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_string();
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    let truncated = lines.len() > max_lines;
    lines.truncate(max_lines.max(1));
    for (i, line) in lines.iter_mut().enumerate() {
        let last = i + 1 == max_lines;
        if last && truncated {
            *line = with_ellipsis(line, max_width, size);
        } else {
            *line = shorten(line, max_width, size);
        }
    }
    lines
}

/// `text` followed by `…`, cut so that both fit `max_width` px.
/// [`wrap`], but a `text` too long for `max_lines` keeps its last words on its last line
/// after `…`, as names that start alike ("Buying online — today", "Buying online —
/// target") differ at their ends.
pub fn wrap_keeping_end(text: &str, max_width: f64, size: f64, max_lines: usize) -> Vec<String> {
    let all = wrap(text, max_width, size, usize::MAX);
    if all.len() <= max_lines || max_lines < 2 {
        return wrap(text, max_width, size, max_lines);
    }
    let mut lines = all[..max_lines - 1].to_vec();
    // The most words from the end that fit one line after the ellipsis.
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut tail = String::new();
    for word in words.iter().rev() {
        let candidate = if tail.is_empty() {
            (*word).to_string()
        } else {
            format!("{word} {tail}")
        };
        if !tail.is_empty() && text_width(&format!("…{candidate}"), size) > max_width {
            break;
        }
        tail = candidate;
    }
    lines.push(shorten(&format!("…{tail}"), max_width, size));
    lines
}

fn with_ellipsis(text: &str, max_width: f64, size: f64) -> String {
    let mut out: String = text.to_string();
    while !out.is_empty() && text_width(&out, size) + text_width("…", size) > max_width {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

/// `text` as it is if it fits `max_width` px at `size`, else cut to fit with `…`. A text
/// that fits is left whole even with no room to spare for an ellipsis.
pub fn shorten(text: &str, max_width: f64, size: f64) -> String {
    if text_width(text, size) <= max_width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if text_width(&out, size) + text_width("…", size) > max_width {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

/// A text style at `size` px in `color`.
pub fn font(size: f64, color: RGBColor) -> TextStyle<'static> {
    // plotters divides the size by 1.24 when writing SVG; undo that so `size` is in px.
    TextStyle {
        font: (FONT, size * 1.24).into_font(),
        color: color.to_backend_color(),
        pos: plotters::style::text_anchor::Pos::default(),
    }
}

/// A bold text style at `size` px in `color`.
pub(super) fn bold(size: f64, color: RGBColor) -> TextStyle<'static> {
    let style = font(size, color);
    TextStyle {
        font: style.font.style(FontStyle::Bold),
        ..style
    }
}

/// Draws `lines` of text centred on `x`, the first line's top at `y`.
pub fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &[String],
    (x, y): (i32, i32),
    size: f64,
    color: RGBColor,
    anchor: plotters::style::text_anchor::Pos,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = font(size, color).pos(anchor);
    let step = (size * 1.25).round() as i32;
    for (i, line) in lines.iter().enumerate() {
        area.draw(&Text::new(
            line.clone(),
            (x, y + i as i32 * step),
            style.clone(),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_text_is_measured_by_characters() {
        let latin = text_width("Pirkuma noformēšana", 12.0);
        let cyrillic = text_width("Оформление заказа", 12.0);
        // Bytes would make the Cyrillic twice as wide as its 17 characters.
        assert!(cyrillic < 17.0 * 12.0 * 0.75, "{cyrillic}");
        assert!(latin < 19.0 * 12.0 * 0.75, "{latin}");
    }

    #[test]
    fn wraps_and_shortens_to_fit() {
        let lines = wrap(
            "Сравнение моделей и выбор подходящего увлажнителя воздуха",
            110.0,
            12.0,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(
            lines.iter().all(|l| text_width(l, 12.0) <= 110.0 + 0.01),
            "{lines:?}"
        );
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert_eq!(wrap("Buy", 100.0, 12.0, 2), ["Buy"]);
    }

    #[test]
    fn a_long_name_keeps_its_end_after_an_ellipsis() {
        let today = wrap_keeping_end("Buying a first humidifier online — today", 90.0, 12.0, 2);
        let target = wrap_keeping_end(
            "Buying a first humidifier online — target experience",
            90.0,
            12.0,
            2,
        );
        assert_eq!(today[0], target[0]);
        assert!(
            today[1].starts_with('…') && today[1].ends_with("today"),
            "{today:?}"
        );
        assert!(target[1].ends_with("experience"), "{target:?}");
        for line in today.iter().chain(&target) {
            assert!(text_width(line, 12.0) <= 90.0, "{line}");
        }
        // What fits is wrapped as ever.
        assert_eq!(
            wrap_keeping_end("Buy online", 90.0, 12.0, 2),
            wrap("Buy online", 90.0, 12.0, 2)
        );
    }

    #[test]
    fn a_framed_chart_keeps_its_smallest_text_ten_pixels_tall() {
        let svg = draw(480, 120, |root| {
            root.draw(&Text::new("small", (10, 20), font(12.0, TEXT)))?;
            root.draw(&Text::new("large", (10, 60), font(16.0, TEXT)))?;
            Ok(())
        });
        let chart = accessible(&svg, "c1", "A chart", "What it says");
        // 480 × 10 / 12: at this width the 12 px text is drawn 10 px tall.
        assert_eq!(readable_width(&chart), Some(400.0));
        let framed = framed(&chart);
        assert!(framed.starts_with(
            "<div class=\"chart-scroll\" role=\"group\" tabindex=\"0\" aria-labelledby=\"c1-title\"><svg id=\"c1\""
        ));
        assert!(framed.ends_with("</svg>\n</div>") || framed.ends_with("</svg></div>"));
        let doc = roxmltree::Document::parse(&framed).unwrap();
        let svg = doc.descendants().find(|n| n.has_tag_name("svg")).unwrap();
        assert_eq!(svg.attribute("width"), Some("400"));
        assert_eq!(svg.attribute("height"), Some("100"));
        assert_eq!(svg.attribute("viewBox"), Some("0 0 480 120"));
    }

    #[test]
    fn framing_leaves_what_is_not_a_chart_alone() {
        assert_eq!(framed("no markup"), "no markup");
        let bare = "<svg width=\"10\" height=\"10\"></svg>";
        assert_eq!(framed(bare), bare);
        // A chart with no text may shrink to a quarter of its width.
        let empty = accessible(&draw(400, 100, |_| Ok(())), "c2", "Empty", "Nothing");
        assert_eq!(readable_width(&empty), Some(100.0));
    }

    #[test]
    fn accessible_adds_title_desc_and_role() {
        let svg = draw(100, 50, |_| Ok(()));
        let out = accessible(&svg, "c1", "Emotion <curve>", "Lowest at Checkout");
        assert!(out.starts_with(
            "<svg id=\"c1\" class=\"chart\" role=\"img\" aria-labelledby=\"c1-title c1-desc\""
        ));
        assert!(out.contains("<title id=\"c1-title\">Emotion &lt;curve&gt;</title>"));
        assert!(out.contains("<desc id=\"c1-desc\">Lowest at Checkout</desc>"));
    }
}
