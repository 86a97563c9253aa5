//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task lists and
//! heading anchors; raw HTML sanitized unless the site opts out.
//! The passes over the parser's events (heading ids, footnote scopes, table
//! wrappers) are in `events`.

mod events;

use events::{add_heading_anchors, scope_footnotes, scrolling_tables};

use crate::model::{is_safe_url, UrlKind};
use pulldown_cmark::{html, Event, Options, Parser};
use std::collections::HashSet;
use std::sync::OnceLock;

/// How deep blocks, inline elements and raw HTML elements may nest in a document. The
/// sanitizer checks each element against every element it sits in, so its time grows
/// with the square of the depth: a 100 kB file of `>` took minutes. Real documents stay
/// far below this.
pub const MAX_NESTING: usize = 100;

/// A document nested deeper than [`MAX_NESTING`]; `offset` is the byte of the source
/// where it goes too deep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooDeep {
    pub offset: usize,
}

/// What becomes of a document's Markdown body when it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// Rendered to HTML, raw HTML sanitized.
    Sanitized,
    /// Rendered to HTML with raw HTML as written: the site set `unsafe_html: true`.
    Unsanitized,
    /// Only checked for nesting, and left empty: `check` shows no page, and rendering and
    /// sanitizing would be a tenth of its work.
    Checked,
}

impl Body {
    /// The HTML a site's `unsafe_html` setting asks for.
    pub fn rendered(unsafe_html: bool) -> Body {
        if unsafe_html {
            Body::Unsanitized
        } else {
            Body::Sanitized
        }
    }
}

/// `source` as [`Body`] says: its HTML, or an empty string once its nesting is checked.
pub fn read_body(source: &str, scope: &str, body: Body) -> Result<String, TooDeep> {
    match body {
        Body::Sanitized => to_html(source, scope, false),
        Body::Unsanitized => to_html(source, scope, true),
        Body::Checked => check_nesting(source).map(|()| String::new()),
    }
}

/// The options every document is parsed with.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// The error [`to_html`] would give for `source`, without rendering it.
pub fn check_nesting(source: &str) -> Result<(), TooDeep> {
    let mut depth = Depth::default();
    for (event, range) in Parser::new_ext(source, OPTIONS).into_offset_iter() {
        depth.track(&event, source, range)?;
    }
    Ok(())
}

/// Renders `source` to HTML. `scope` prefixes footnote ids so that two documents shown on
/// one page never share an id; heading anchors are unique within the document.
pub fn to_html(source: &str, scope: &str, unsafe_html: bool) -> Result<String, TooDeep> {
    let mut depth = Depth::default();
    let mut events = Vec::new();
    for (event, range) in Parser::new_ext(source, OPTIONS).into_offset_iter() {
        depth.track(&event, source, range)?;
        events.push(event);
    }
    let events = add_heading_anchors(events);
    let events = scope_footnotes(events, scope);
    let events = scrolling_tables(events);
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    Ok(if unsafe_html { out } else { sanitize(&out) })
}

/// The nesting depth of a document as its events go by, raw HTML elements included.
#[derive(Default)]
struct Depth {
    level: usize,
}

/// Elements that never hold others, or whose end tag may be left out (the parser closes
/// them by itself); neither makes a document deeper.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "li", "dt", "dd", "p", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
    "optgroup", "rb", "rt", "rtc", "rp", "colgroup",
];

impl Depth {
    fn track(
        &mut self,
        event: &Event,
        source: &str,
        range: std::ops::Range<usize>,
    ) -> Result<(), TooDeep> {
        match event {
            Event::Start(_) => self.enter(range.start),
            Event::End(_) => {
                self.level = self.level.saturating_sub(1);
                Ok(())
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                // One pass: after a tag, the scan goes on after its `>`.
                let bytes = html.as_bytes();
                let mut from = 0;
                while let Some(found) = html[from..].find('<') {
                    let start = from + found;
                    let rest = &bytes[start + 1..];
                    from = start + 1;
                    if rest.first() == Some(&b'/') {
                        if rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
                            self.level = self.level.saturating_sub(1);
                        }
                        continue;
                    }
                    let name_len = rest
                        .iter()
                        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                        .count();
                    if name_len == 0 || !rest[0].is_ascii_alphabetic() {
                        continue;
                    }
                    let Some(end) = html[start..].find('>') else {
                        break; // No tag is closed after this point.
                    };
                    from = start + end + 1;
                    let name = html[start + 1..start + 1 + name_len].to_ascii_lowercase();
                    let self_closing = html[start..start + end].ends_with('/');
                    if self_closing || NOT_NESTING.contains(&name.as_str()) {
                        continue;
                    }
                    // Raw HTML is usually a slice of the source; if not, blame its start.
                    let at = range.start + start;
                    let at = if at < range.end && source.is_char_boundary(at) {
                        at
                    } else {
                        range.start
                    };
                    self.enter(at)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn enter(&mut self, offset: usize) -> Result<(), TooDeep> {
        self.level += 1;
        if self.level > MAX_NESTING {
            return Err(TooDeep { offset });
        }
        Ok(())
    }
}

/// Attributes a browser follows or loads as an address.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "cite",
    "poster",
    "background",
    "srcset",
];

/// `html` as the sanitizer lets it through: what a Markdown body becomes without
/// `unsafe_html`, and what stored HTML (of a release snapshot) is reduced to again.
pub fn sanitize(html: &str) -> String {
    sanitizer().clean(html).to_string()
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_generic_attributes(["id"])
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled", "aria-label"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("div", ["class", "tabindex"])
            .add_tag_attributes("a", ["class", "aria-label"])
            .add_tag_attributes("span", ["class"])
            .filter_style_properties(HashSet::from(["text-align"]))
            // Ids come from headings and footnotes; keep them as written by us.
            .id_prefix(None)
            .link_rel(Some("noopener noreferrer"))
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            // ammonia knows which attributes hold addresses; the one check of addresses
            // from input decides which of them may stay.
            .attribute_filter(|_, attribute, value| {
                let is_address = URL_ATTRIBUTES.contains(&attribute);
                // A box may be reached by the keyboard, as a table's scrolling box is, but
                // not moved ahead of the page's own order.
                let keeps_order = attribute != "tabindex" || value == "0";
                (keeps_order && (!is_address || is_safe_url(value, UrlKind::Link)))
                    .then_some(value.into())
            });
        builder
    })
}

#[cfg(test)]
mod tests {
    use super::events::{slug, FootnoteKeys};
    use super::*;

    fn html(source: &str, scope: &str, unsafe_html: bool) -> String {
        to_html(source, scope, unsafe_html).expect("not nested too deep")
    }

    #[test]
    fn renders_gfm_features() {
        let html = html(
            "# Notes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n- [ ] open\n",
            "p",
            false,
        );
        assert!(html.contains("<h2 id=\"notes\">Notes</h2>"), "{html}");
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>old</del>"));
        assert!(html.contains("type=\"checkbox\""), "{html}");
    }

    #[test]
    fn a_table_scrolls_in_a_box_the_keyboard_reaches_and_no_other_tab_order_survives() {
        for unsafe_html in [false, true] {
            let html = html("| a | b |\n|---|---|\n| 1 | 2 |\n", "p", unsafe_html);
            assert!(
                html.starts_with("<div class=\"table-scroll\" tabindex=\"0\"><table>"),
                "{html}"
            );
            assert!(html.trim_end().ends_with("</table>\n</div>"), "{html}");
        }
        let html = html(
            "<div tabindex=\"3\">first</div><div tabindex=\"0\">reachable</div>\n",
            "p",
            false,
        );
        assert!(!html.contains("tabindex=\"3\""), "{html}");
        assert!(
            html.contains("<div tabindex=\"0\">reachable</div>"),
            "{html}"
        );
    }

    #[test]
    fn heading_anchors_are_unique() {
        let html = html("## Quotes\n\n## Quotes\n\n## Quotes\n", "p", false);
        assert!(html.contains("id=\"quotes\""));
        assert!(html.contains("id=\"quotes-1\""));
        assert!(html.contains("id=\"quotes-2\""));
    }

    #[test]
    fn footnote_ids_are_scoped() {
        let html = html(
            "Said so.[^src]\n\n[^src]: Interview 4.\n",
            "journey-a",
            false,
        );
        assert!(html.contains("id=\"journey-a-fnref-src\""), "{html}");
        assert!(html.contains("href=\"#journey-a-fn-src\""));
        assert!(html.contains("id=\"journey-a-fn-src\""));
    }

    #[test]
    fn raw_html_is_sanitized_unless_allowed() {
        let src =
            "Hi <script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))\n";
        let safe = html(src, "p", false);
        assert!(!safe.contains("<script"), "{safe}");
        assert!(!safe.contains("onerror"));
        assert!(!safe.contains("javascript:"));
        let raw = html(src, "p", true);
        assert!(raw.contains("<script>"));
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused_where_it_happens() {
        let ok = format!("{} x\n", ">".repeat(MAX_NESTING - 1));
        assert!(to_html(&ok, "p", false).is_ok());
        let deep = format!("Intro\n\n{} x\n", ">".repeat(MAX_NESTING + 5));
        let err = to_html(&deep, "p", false).unwrap_err();
        // The quote that goes one level too deep starts at its `>`.
        assert_eq!(err.offset, "Intro\n\n".len() + MAX_NESTING);
        let divs = format!("Text\n\n{}\n", "<div>".repeat(MAX_NESTING + 1));
        let err = to_html(&divs, "p", true).unwrap_err();
        assert_eq!(err.offset, "Text\n\n".len() + 5 * (MAX_NESTING - 1));
        // Elements that close themselves or hold nothing do not count.
        let flat = "<p>a<p>b<br><img src=x><hr/>".repeat(MAX_NESTING * 2);
        assert!(to_html(&flat, "p", false).is_ok());
    }

    #[test]
    fn repeated_heading_texts_and_footnote_slugs_are_numbered_in_order() {
        let html = html("## A\n\n## A {#a-2}\n\n## A\n\n## A\n", "p", false);
        let ids: Vec<&str> = html
            .split("id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        assert_eq!(ids, ["a", "a-2", "a-1", "a-3"]);
        let mut keys = FootnoteKeys::default();
        let got: Vec<String> = ["x!", "x?", "x.", "X!"]
            .iter()
            .map(|l| keys.get(l).1)
            .collect();
        assert_eq!(got, ["x", "x-2", "x-3", "x"]);
    }

    #[test]
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(slug("Research notes: Q3!"), "research-notes-q3");
        assert_eq!(slug("Пошук товару"), "пошук-товару");
    }
}
