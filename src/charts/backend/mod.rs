//! The SVG writer the charts draw through: a plotters drawing backend that writes the
//! same bytes as plotters' own SVG backend (`plotters-svg`), element for element, at a
//! fraction of its cost.
//!
//! plotters' backend formats every attribute with `format!` into a new string: a colour
//! as hex, the opacity and font size as `f64`, each coordinate. Charts are a fifth of a
//! build, and most of that was this formatting. Here integers are written in place, the
//! colour from a table, and each distinct opacity and font size is formatted once per
//! chart with `Display`, as plotters does, so the digits cannot differ. The tests below
//! draw every kind of element through both backends and compare the documents.

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
}

type Drawn = Result<(), DrawingErrorKind<Infallible>>;

impl<'a> SvgWriter<'a> {
    /// Starts a `width` × `height` document at the end of `out`.
    pub fn new(out: &'a mut String, (width, height): (u32, u32)) -> Self {
        out.push_str("<svg width=\"");
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
        }
    }

    /// ` name="value"`, the value escaped.
    fn text_attribute(&mut self, name: &str, value: &str) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_into(self.out, value);
        self.out.push('"');
    }

    /// ` name="value"` for an integer value.
    fn int_attribute(&mut self, name: &str, value: impl itoa::Integer) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        push_int(self.out, value);
        self.out.push('"');
    }

    /// ` name="value"` for a decimal value, written as `Display` writes it.
    fn decimal_attribute(&mut self, name: &str, value: f64) {
        let bits = value.to_bits();
        let at = match self.decimals.iter().position(|(b, _)| *b == bits) {
            Some(at) => at,
            None => {
                let mut text = String::new();
                let _ = write!(text, "{value}");
                self.decimals.push((bits, text));
                self.decimals.len() - 1
            }
        };
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        self.out.push_str(&self.decimals[at].1);
        self.out.push('"');
    }

    /// ` name="#RRGGBB"`.
    fn color_attribute(&mut self, name: &str, color: BackendColor) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let (r, g, b) = color.rgb;
        let mut hex = [b'#'; 7];
        for (k, byte) in [r, g, b].into_iter().enumerate() {
            hex[1 + 2 * k] = HEX[usize::from(byte >> 4)];
            hex[2 + 2 * k] = HEX[usize::from(byte & 0xf)];
        }
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        self.out.extend(hex.iter().map(|&b| char::from(b)));
        self.out.push('"');
    }

    /// ` points="x,y x,y "`, as plotters writes them.
    fn points_attribute(&mut self, points: impl IntoIterator<Item = BackendCoord>) {
        self.out.push_str(" points=\"");
        for (x, y) in points {
            push_int(self.out, x);
            self.out.push(',');
            push_int(self.out, y);
            self.out.push(' ');
        }
        self.out.push('"');
    }

    fn open(&mut self, tag: &str) {
        self.out.push('<');
        self.out.push_str(tag);
    }

    fn end_empty(&mut self) {
        self.out.push_str("/>\n");
    }

    /// ` fill="…" stroke="…"` of a shape: its colour on one, `none` on the other.
    fn fill_and_stroke(&mut self, color: BackendColor, filled: bool) {
        if filled {
            self.color_attribute("fill", color);
            self.text_attribute("stroke", "none");
        } else {
            self.text_attribute("fill", "none");
            self.color_attribute("stroke", color);
        }
    }
}

fn push_int(out: &mut String, value: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(value));
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
            self.out.push_str("</svg>\n");
            self.closed = true;
        }
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Drawn {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.open("rect");
        self.int_attribute("x", x);
        self.int_attribute("y", y);
        self.text_attribute("width", "1");
        self.text_attribute("height", "1");
        self.text_attribute("stroke", "none");
        self.decimal_attribute("opacity", color.alpha);
        self.color_attribute("fill", color);
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
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.open("line");
        self.decimal_attribute("opacity", color.alpha);
        self.color_attribute("stroke", color);
        self.int_attribute("stroke-width", style.stroke_width());
        self.int_attribute("x1", from.0);
        self.int_attribute("y1", from.1);
        self.int_attribute("x2", to.0);
        self.int_attribute("y2", to.1);
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
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.open("rect");
        self.int_attribute("x", upper_left.0);
        self.int_attribute("y", upper_left.1);
        self.int_attribute("width", bottom_right.0 - upper_left.0);
        self.int_attribute("height", bottom_right.1 - upper_left.1);
        self.decimal_attribute("opacity", color.alpha);
        self.fill_and_stroke(color, fill);
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
        self.open("polyline");
        self.text_attribute("fill", "none");
        self.decimal_attribute("opacity", color.alpha);
        self.color_attribute("stroke", color);
        self.int_attribute("stroke-width", style.stroke_width());
        self.points_attribute(path);
        self.end_empty();
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.open("polygon");
        self.decimal_attribute("opacity", color.alpha);
        self.color_attribute("fill", color);
        self.points_attribute(path);
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
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.open("circle");
        self.int_attribute("cx", center.0);
        self.int_attribute("cy", center.1);
        self.int_attribute("r", radius);
        self.decimal_attribute("opacity", color.alpha);
        self.fill_and_stroke(color, fill);
        self.int_attribute("stroke-width", style.stroke_width());
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
        if color.alpha == 0.0 {
            return Ok(());
        }
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
        self.open("text");
        self.int_attribute("x", x);
        self.int_attribute("y", y);
        self.text_attribute("dy", dy);
        self.text_attribute("text-anchor", text_anchor);
        self.text_attribute("font-family", style.family().as_str());
        // plotters sizes fonts in pixels and writes them in points.
        self.decimal_attribute("font-size", style.size() / 1.24);
        self.decimal_attribute("opacity", color.alpha);
        self.color_attribute("fill", color);
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.text_attribute("font-weight", "bold"),
            other => self.text_attribute("font-style", other.as_str()),
        }
        let degrees = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            FontTransform::None => None,
        };
        if let Some(degrees) = degrees {
            let transform = format!("rotate({degrees}, {x}, {y})");
            self.text_attribute("transform", &transform);
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
