//! The SVG writer the charts draw through: a plotters drawing backend that writes what
//! plotters' own SVG backend (`plotters-svg`) writes, already shrunk as the test module
//! `compact.rs` shrinks it, at a fraction of the cost of both.
//!
//! plotters' backend formats every attribute with `format!` into a new string: a colour
//! as hex, the opacity and font size as `f64`, each coordinate; the document was then
//! read again to shrink it. Charts were a fifth of a build, and most of that was this
//! formatting and rereading. Here integers are written in place, the colour from a
//! table, each distinct opacity and font size is formatted once per chart with
//! `Display`, as plotters does, so the digits cannot differ, and the shrinking happens
//! as elements are written. The tests draw every kind of element through both paths and
//! compare the documents.

use super::svg::{dash_mark, DASHES, FONT};
use crate::escape::escape_into;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};
use std::convert::Infallible;
use std::fmt::Write;

/// Draws into an SVG document in a string.
pub struct SvgWriter<'a> {
    out: &'a mut String,
    size: (u32, u32),
    /// Whether the document is closed (`</svg>` written).
    closed: bool,
    /// `f64`s already written, by their bits, as `Display` wrote them.
    decimals: Vec<(u64, String)>,
    /// Two-point polylines of one style waiting to be written as one element.
    run: Run,
    /// The style of the polyline being written, to compare with the run's.
    style: String,
}

/// Consecutive segments of one style, written as one `<path>` (the same strokes in the
/// same paint order) when the run ends.
#[derive(Default)]
struct Run {
    /// The polylines' attributes before `points`.
    style: String,
    /// The segments as path data, `M1,2L9,2M…`.
    d: String,
    segments: usize,
    /// Where the first segment's `L` is in `d`, to write a lone segment back as points.
    first_to: usize,
}

type Drawn = Result<(), DrawingErrorKind<Infallible>>;

impl<'a> SvgWriter<'a> {
    /// Starts a `width` × `height` document at the end of `out`.
    pub fn new(out: &'a mut String, (width, height): (u32, u32)) -> Self {
        // Text inherits the font family from the root rather than repeat it.
        out.push_str("<svg font-family=\"");
        out.push_str(FONT);
        out.push_str("\" width=\"");
        push_int(out, width);
        out.push_str("\" height=\"");
        push_int(out, height);
        out.push_str("\" viewBox=\"0 0 ");
        push_int(out, width);
        out.push(' ');
        push_int(out, height);
        out.push_str("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        SvgWriter {
            out,
            size: (width, height),
            closed: false,
            decimals: Vec::new(),
            run: Run::default(),
            style: String::new(),
        }
    }

    /// Starts an element other than a two-point polyline in `color`, ending the run
    /// before it; false, and nothing written, for an invisible colour, which plotters
    /// leaves out.
    fn open(&mut self, tag: &str, color: BackendColor) -> bool {
        if color.alpha == 0.0 {
            return false;
        }
        self.flush_run();
        self.out.push('<');
        self.out.push_str(tag);
        true
    }

    fn end_empty(&mut self) {
        self.out.push_str("/>\n");
    }

    /// ` opacity="…"`, left out where it is the default 1.
    fn opacity(&mut self, alpha: f64) {
        if alpha != 1.0 {
            push_decimal(self.out, &mut self.decimals, " opacity", alpha);
        }
    }

    fn flush_run(&mut self) {
        let run = &mut self.run;
        match run.segments {
            0 => return,
            1 => {
                // A lone segment stays a polyline: "M1,2L9,2" back to "1,2 9,2".
                let (from, to) = (&run.d[1..run.first_to], &run.d[run.first_to + 1..]);
                for part in [
                    "<polyline",
                    &run.style,
                    " points=\"",
                    from,
                    " ",
                    to,
                    "\"/>\n",
                ] {
                    self.out.push_str(part);
                }
            }
            _ => {
                for part in ["<path", &run.style, " d=\"", &run.d, "\"/>\n"] {
                    self.out.push_str(part);
                }
            }
        }
        run.d.clear();
        run.segments = 0;
    }
}

/// ` name="value"`, the value escaped.
fn push_text_attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_into(out, value);
    out.push('"');
}

/// ` name="value"` for an integer value.
fn push_int_attribute(out: &mut String, name: &str, value: impl itoa::Integer) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_int(out, value);
    out.push('"');
}

/// `name="value"` (`name` with its leading space) for a decimal value, written as
/// `Display` writes it; `written` keeps each value's digits for the next time.
fn push_decimal(out: &mut String, written: &mut Vec<(u64, String)>, name: &str, value: f64) {
    let bits = value.to_bits();
    let at = match written.iter().position(|(b, _)| *b == bits) {
        Some(at) => at,
        None => {
            let mut text = String::new();
            let _ = write!(text, "{value}");
            written.push((bits, text));
            written.len() - 1
        }
    };
    out.push_str(name);
    out.push_str("=\"");
    out.push_str(&written[at].1);
    out.push('"');
}

/// ` name="#RRGGBB"`.
fn push_color_attribute(out: &mut String, name: &str, color: BackendColor) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let (r, g, b) = color.rgb;
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"#");
    for byte in [r, g, b] {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    out.push('"');
}

/// ` fill="…" stroke="…"` of a shape: its colour on one, `none` on the other.
fn push_fill_and_stroke(out: &mut String, color: BackendColor, filled: bool) {
    if filled {
        push_color_attribute(out, "fill", color);
        push_text_attribute(out, "stroke", "none");
    } else {
        push_text_attribute(out, "fill", "none");
        push_color_attribute(out, "stroke", color);
    }
}

/// `x,y`.
fn push_point(out: &mut String, (x, y): BackendCoord) {
    push_int(out, x);
    out.push(',');
    push_int(out, y);
}

fn push_int(out: &mut String, value: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(value));
}

/// The dash array that the opacity `alpha` marks (see [`super::svg::dashed`]).
fn dash_array(alpha: f64) -> Option<(u32, u32)> {
    DASHES
        .iter()
        .enumerate()
        .find(|(k, _)| dash_mark(*k) == alpha)
        .map(|(_, dash)| *dash)
}

impl DrawingBackend for SvgWriter<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        if !self.closed {
            self.flush_run();
            self.out.push_str("</svg>\n");
            self.closed = true;
        }
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        if !self.open("rect", color) {
            return Ok(());
        }
        push_int_attribute(self.out, "x", point.0);
        push_int_attribute(self.out, "y", point.1);
        self.out
            .push_str(" width=\"1\" height=\"1\" stroke=\"none\"");
        self.opacity(color.alpha);
        push_color_attribute(self.out, "fill", color);
        self.end_empty();
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        if !self.open("line", color) {
            return Ok(());
        }
        self.opacity(color.alpha);
        push_color_attribute(self.out, "stroke", color);
        push_int_attribute(self.out, "stroke-width", style.stroke_width());
        push_int_attribute(self.out, "x1", from.0);
        push_int_attribute(self.out, "y1", from.1);
        push_int_attribute(self.out, "x2", to.0);
        push_int_attribute(self.out, "y2", to.1);
        self.end_empty();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let color = style.color();
        if !self.open("rect", color) {
            return Ok(());
        }
        push_int_attribute(self.out, "x", upper_left.0);
        push_int_attribute(self.out, "y", upper_left.1);
        push_int_attribute(self.out, "width", bottom_right.0 - upper_left.0);
        push_int_attribute(self.out, "height", bottom_right.1 - upper_left.1);
        self.opacity(color.alpha);
        push_fill_and_stroke(self.out, color, fill);
        self.end_empty();
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        // The style: a dashed line's marking opacity becomes its dash array.
        let mut css = std::mem::take(&mut self.style);
        css.clear();
        css.push_str(" fill=\"none\"");
        match dash_array(color.alpha) {
            Some((dash, gap)) => {
                css.push_str(" stroke-dasharray=\"");
                push_int(&mut css, dash);
                css.push(' ');
                push_int(&mut css, gap);
                css.push('"');
            }
            None if color.alpha != 1.0 => {
                push_decimal(&mut css, &mut self.decimals, " opacity", color.alpha);
            }
            None => {}
        }
        push_color_attribute(&mut css, "stroke", color);
        push_int_attribute(&mut css, "stroke-width", style.stroke_width());
        let mut points = path.into_iter();
        match (points.next(), points.next(), points.next()) {
            (Some(from), Some(to), None) => {
                if self.run.style != css {
                    self.flush_run();
                    std::mem::swap(&mut self.run.style, &mut css);
                }
                let d = &mut self.run.d;
                d.push('M');
                push_point(d, from);
                if self.run.segments == 0 {
                    self.run.first_to = d.len();
                }
                d.push('L');
                push_point(d, to);
                self.run.segments += 1;
            }
            (first, second, third) => {
                self.flush_run();
                self.out.push_str("<polyline");
                self.out.push_str(&css);
                self.out.push_str(" points=\"");
                let mut separator = "";
                for point in first.into_iter().chain(second).chain(third).chain(points) {
                    self.out.push_str(separator);
                    push_point(self.out, point);
                    separator = " ";
                }
                self.out.push_str("\"/>\n");
            }
        }
        self.style = css;
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        if !self.open("polygon", color) {
            return Ok(());
        }
        self.opacity(color.alpha);
        push_color_attribute(self.out, "fill", color);
        self.out.push_str(" points=\"");
        for point in path {
            push_point(self.out, point);
            self.out.push(' ');
        }
        self.out.push('"');
        self.end_empty();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let color = style.color();
        if !self.open("circle", color) {
            return Ok(());
        }
        push_int_attribute(self.out, "cx", center.0);
        push_int_attribute(self.out, "cy", center.1);
        push_int_attribute(self.out, "r", radius);
        self.opacity(color.alpha);
        push_fill_and_stroke(self.out, color, fill);
        push_int_attribute(self.out, "stroke-width", style.stroke_width());
        self.end_empty();
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Drawn {
        let color = style.color();
        let anchor = style.anchor();
        let text_anchor = match anchor.h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match anchor.v_pos {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        if !self.open("text", color) {
            return Ok(());
        }
        push_int_attribute(self.out, "x", x);
        push_int_attribute(self.out, "y", y);
        self.out.push_str(" dy=\"");
        self.out.push_str(dy);
        self.out.push_str("\" text-anchor=\"");
        self.out.push_str(text_anchor);
        self.out.push('"');
        let family = style.family();
        if family.as_str() != FONT {
            push_text_attribute(self.out, "font-family", family.as_str());
        }
        // plotters sizes fonts in pixels and writes them in points.
        push_decimal(
            self.out,
            &mut self.decimals,
            " font-size",
            style.size() / 1.24,
        );
        self.opacity(color.alpha);
        push_color_attribute(self.out, "fill", color);
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.out.push_str(" font-weight=\"bold\""),
            other => push_text_attribute(self.out, "font-style", other.as_str()),
        }
        let degrees = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            FontTransform::None => None,
        };
        if let Some(degrees) = degrees {
            let _ = write!(self.out, " transform=\"rotate({degrees}, {x}, {y})\"");
        }
        self.out.push_str(">\n");
        escape_into(self.out, text);
        self.out.push_str("\n</text>\n");
        Ok(())
    }
}

impl Drop for SvgWriter<'_> {
    fn drop(&mut self) {
        let _ = self.present();
    }
}

#[cfg(test)]
mod tests;
