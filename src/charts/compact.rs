//! Shrinks the SVG that plotters' own backend writes without changing what it draws:
//! what [`super::backend::SvgWriter`] does as it writes, done here after the fact, as the
//! reference its tests compare with.
//!
//! plotters writes every grid line and tick as its own `<polyline>` with the full set of
//! attributes, `opacity="1"` on every element and the font family on every label. Here
//! each run of consecutive two-point polylines with the same style becomes one `<path>`
//! (the same strokes in the same paint order), default attributes are dropped, the font
//! family moves to the root element, from which text inherits it, and the opacity that
//! [`super::svg::dashed`] uses to mark a dashed line becomes its `stroke-dasharray`.

use super::svg::{dash_mark, DASHES, FONT};
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// `svg` (one plotters document) with the same rendering in fewer bytes.
pub fn compact(svg: &str) -> String {
    // Built once: every chart of a build uses the same finders and dash arrays.
    static EDITS: LazyLock<Edits> = LazyLock::new(Edits::new);
    let edits = &*EDITS;
    let mut out = String::with_capacity(svg.len() / 2);
    let mut run = Run::default();
    let mut style = String::new();
    for line in svg.split_inclusive('\n') {
        if let Some((attributes, points)) = polyline(line.trim_end()) {
            style.clear();
            edits.push(&mut style, attributes, true);
            let mut pairs = points.split_ascii_whitespace();
            match (pairs.next(), pairs.next(), pairs.next()) {
                (Some(from), Some(to), None) => {
                    if run.style != style {
                        run.flush(&mut out);
                        std::mem::swap(&mut run.style, &mut style);
                    }
                    for part in ["M", from, "L", to] {
                        run.d.push_str(part);
                    }
                    run.segments += 1;
                }
                _ => {
                    run.flush(&mut out);
                    for part in [
                        "<polyline",
                        &style,
                        " points=\"",
                        points.trim_end(),
                        "\"/>\n",
                    ] {
                        out.push_str(part);
                    }
                }
            }
            continue;
        }
        run.flush(&mut out);
        if let Some(rest) = line.strip_prefix("<svg ") {
            out.push_str("<svg");
            out.push_str(&edits.font);
            out.push(' ');
            out.push_str(rest);
        } else {
            edits.push(&mut out, line, false);
        }
    }
    run.flush(&mut out);
    out
}

/// What changes in the attributes of an element.
struct Edits {
    /// The font family attribute, which text inherits from the root instead.
    font: String,
    find_font: Finder<'static>,
    find_opacity: Finder<'static>,
    /// The opacity values that mark a dash (as plotters writes them), and the dash array
    /// that replaces each.
    dashes: Vec<(String, String)>,
}

const OPACITY: &str = " opacity=\"";

impl Edits {
    fn new() -> Edits {
        let font = format!(" font-family=\"{FONT}\"");
        Edits {
            find_font: Finder::new(&font).into_owned(),
            find_opacity: Finder::new(OPACITY).into_owned(),
            font,
            dashes: DASHES
                .iter()
                .enumerate()
                .map(|(k, (dash, gap))| {
                    (
                        dash_mark(k).to_string(),
                        format!(" stroke-dasharray=\"{dash} {gap}\""),
                    )
                })
                .collect(),
        }
    }

    /// Appends the element `line` to `out` without its font family and its default
    /// opacity; with `dashes`, an opacity that marks a dash becomes its dash array.
    /// Plotters writes each attribute once, and escapes `"` in values and text, so a
    /// quoted attribute is only ever found where it is one.
    fn push(&self, out: &mut String, line: &str, dashes: bool) {
        let mut cuts: [Option<(usize, usize, &str)>; 2] = [None, None];
        if let Some(at) = self.find_font.find(line.as_bytes()) {
            cuts[0] = Some((at, at + self.font.len(), ""));
        }
        if let Some(at) = self.find_opacity.find(line.as_bytes()) {
            let value_at = at + OPACITY.len();
            if let Some(len) = memchr::memchr(b'"', &line.as_bytes()[value_at..]) {
                let value = &line[value_at..value_at + len];
                let replacement = if value == "1" {
                    Some("")
                } else if dashes {
                    self.dashes
                        .iter()
                        .find(|(mark, _)| mark == value)
                        .map(|(_, array)| array.as_str())
                } else {
                    None
                };
                if let Some(replacement) = replacement {
                    cuts[1] = Some((at, value_at + len + 1, replacement));
                }
            }
        }
        if let [Some(a), Some(b)] = cuts {
            if b.0 < a.0 {
                cuts = [Some(b), Some(a)];
            }
        }
        let mut kept_from = 0;
        for (from, to, replacement) in cuts.into_iter().flatten() {
            out.push_str(&line[kept_from..from]);
            out.push_str(replacement);
            kept_from = to;
        }
        out.push_str(&line[kept_from..]);
    }
}

/// Consecutive segments of one style.
#[derive(Default)]
struct Run {
    /// The polyline's attributes before `points`.
    style: String,
    /// The segments as path data.
    d: String,
    segments: usize,
}

impl Run {
    fn flush(&mut self, out: &mut String) {
        match self.segments {
            0 => return,
            1 => {
                // A lone segment stays a polyline: "M1,2L9,2" back to "1,2 9,2".
                let (from, to) = self.d[1..].split_once('L').unwrap_or(("", ""));
                for part in [
                    "<polyline",
                    &self.style,
                    " points=\"",
                    from,
                    " ",
                    to,
                    "\"/>\n",
                ] {
                    out.push_str(part);
                }
            }
            _ => {
                for part in ["<path", &self.style, " d=\"", &self.d, "\"/>\n"] {
                    out.push_str(part);
                }
            }
        }
        self.d.clear();
        self.segments = 0;
    }
}

/// A polyline's attributes before `points`, and its points.
fn polyline(line: &str) -> Option<(&str, &str)> {
    line.strip_prefix("<polyline")?
        .strip_suffix("\"/>")?
        .split_once(" points=\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLOTTERS: &str = "\
<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">
<rect x=\"0\" y=\"0\" width=\"10\" height=\"10\" opacity=\"1\" fill=\"#FFFFFF\" stroke=\"none\"/>
<polyline fill=\"none\" opacity=\"1\" stroke=\"#D5DBE3\" stroke-width=\"1\" points=\"1,2 9,2 \"/>
<polyline fill=\"none\" opacity=\"1\" stroke=\"#D5DBE3\" stroke-width=\"1\" points=\"1,4 9,4 \"/>
<text x=\"1\" y=\"1\" font-family=\"sans-serif\" font-size=\"11\" opacity=\"1\" fill=\"#4A5566\">
a opacity=&quot;1&quot;
</text>
<polyline fill=\"none\" opacity=\"1\" stroke=\"#D5DBE3\" stroke-width=\"1\" points=\"1,6 9,6 \"/>
<polyline fill=\"none\" opacity=\"1\" stroke=\"#0B5CAD\" stroke-width=\"2\" points=\"1,6 5,3 9,1 \"/>
<polyline fill=\"none\" opacity=\"0.5\" stroke=\"#0B5CAD\" stroke-width=\"2\" points=\"1,7 2,7 \"/>
<polyline fill=\"none\" opacity=\"0.5\" stroke=\"#0B5CAD\" stroke-width=\"2\" points=\"3,7 4,7 \"/>
</svg>
";

    #[test]
    fn merges_runs_of_segments_and_keeps_everything_else_in_order() {
        let out = compact(PLOTTERS);
        assert_eq!(
            out,
            "\
<svg font-family=\"sans-serif\" width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">
<rect x=\"0\" y=\"0\" width=\"10\" height=\"10\" fill=\"#FFFFFF\" stroke=\"none\"/>
<path fill=\"none\" stroke=\"#D5DBE3\" stroke-width=\"1\" d=\"M1,2L9,2M1,4L9,4\"/>
<text x=\"1\" y=\"1\" font-size=\"11\" fill=\"#4A5566\">
a opacity=&quot;1&quot;
</text>
<polyline fill=\"none\" stroke=\"#D5DBE3\" stroke-width=\"1\" points=\"1,6 9,6\"/>
<polyline fill=\"none\" stroke=\"#0B5CAD\" stroke-width=\"2\" points=\"1,6 5,3 9,1\"/>
<path fill=\"none\" opacity=\"0.5\" stroke=\"#0B5CAD\" stroke-width=\"2\" d=\"M1,7L2,7M3,7L4,7\"/>
</svg>
"
        );
        assert!(roxmltree::Document::parse(&out).is_ok());
    }

    #[test]
    fn dashed_lines_are_one_element_with_their_dash_array() {
        use crate::charts::svg::{dashed, draw, SERIES};
        use plotters::prelude::*;
        let svg = draw(100, 20, |root| {
            root.draw(&PathElement::new(
                vec![(0, 10), (50, 12), (100, 10)],
                dashed(SERIES[0], 2, (8, 4)),
            ))?;
            root.draw(&PathElement::new(
                vec![(0, 5), (100, 5)],
                dashed(SERIES[1], 1, (5, 4)),
            ))?;
            Ok(())
        });
        assert!(svg.contains(
            "<polyline fill=\"none\" stroke-dasharray=\"8 4\" stroke=\"#0B5CAD\" stroke-width=\"2\" points=\"0,10 50,12 100,10\"/>"
        ), "{svg}");
        assert!(
            svg.contains("stroke-dasharray=\"5 4\" stroke=\"#A03C00\""),
            "{svg}"
        );
        assert!(!svg.contains("opacity"), "{svg}");
    }

    #[test]
    fn an_svg_without_segments_only_loses_default_attributes() {
        let svg = "<svg width=\"1\" height=\"1\">\n<circle cx=\"0\" cy=\"0\" r=\"1\" opacity=\"1\" fill=\"#000000\"/>\n</svg>\n";
        assert_eq!(
            compact(svg),
            "<svg font-family=\"sans-serif\" width=\"1\" height=\"1\">\n<circle cx=\"0\" cy=\"0\" r=\"1\" fill=\"#000000\"/>\n</svg>\n"
        );
    }
}
