//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task lists and
//! heading anchors; raw HTML sanitized unless the site opts out.

use crate::model::{is_safe_url, UrlKind};
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashMap, HashSet};
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

/// Ids the built-in theme gives its own page sections; a heading in a document gets
/// `summary-1` rather than a second `summary` on the page.
const RESERVED_IDS: &[&str] = &[
    "main",
    "completeness",
    "summary",
    "map",
    "emotion",
    "emotions",
    "kpi-trends",
    "pain-heatmap",
    "touchpoint-heatmap",
    "by-severity",
    "every-pain-point",
    "funnel",
    "kpis",
    "pain-points",
    "opportunities",
    "compare",
    "narrative",
    "profile",
    "persona-journeys",
    "about",
    "at-a-glance",
    "personas",
    "journeys",
    "top-pain-points",
    "quick-wins",
    "touchpoints",
];

/// Gives every heading without an explicit `{#id}` an id from its text, and moves it
/// one level down.
fn add_heading_anchors(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|id| id.to_string()).collect();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            for event in &events[i + 1..] {
                match event {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let base = slug(&text);
            let base = if base.is_empty() {
                "section".to_string()
            } else {
                base
            };
            let mut anchor = base.clone();
            // Numbering resumes where it stopped for this text: a thousand headings with
            // the same text must not test a thousand candidates each.
            let n = next_suffix.entry(base.clone()).or_insert(1);
            while !used.insert(anchor.clone()) {
                anchor = format!("{base}-{n}");
                *n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(anchor));
            }
        } else if let Event::Start(Tag::Heading { id: Some(id), .. }) = &events[i] {
            used.insert(id.to_string());
        }
        // Documents sit under the page's own headings, so their levels move down one.
        match &mut events[i] {
            Event::Start(Tag::Heading { level, .. }) => *level = demote(*level),
            Event::End(TagEnd::Heading(level)) => *level = demote(*level),
            _ => {}
        }
        i += 1;
    }
    events
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Lowercase words joined by `-`; letters of any script are kept.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Replaces footnote references and definitions with HTML whose ids carry `scope`, and
/// links each definition back to its first reference.
/// Each table in a box of its own that scrolls sideways when the table is wider than the
/// page, and that the keyboard can reach to scroll it, as the theme's own tables are.
fn scrolling_tables(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-scroll\" tabindex=\"0\">",
                )));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            other => out.push(other),
        }
    }
    out
}

fn scope_footnotes<'a>(events: Vec<Event<'a>>, scope: &str) -> Vec<Event<'a>> {
    let mut notes = FootnoteKeys::default();
    let mut out = Vec::with_capacity(events.len());
    let mut open: Option<String> = None;
    let mut citations: BTreeMap<String, usize> = BTreeMap::new();
    for event in events {
        match event {
            Event::FootnoteReference(name) => {
                let (n, key) = notes.get(&name);
                // A note cited again gets its own id; the back link goes to the first.
                let seen = citations.entry(key.clone()).or_insert(0);
                *seen += 1;
                let id = match *seen {
                    1 => format!("{scope}-fnref-{key}"),
                    k => format!("{scope}-fnref-{key}-{k}"),
                };
                out.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-reference\" id=\"{id}\"><a href=\"#{scope}-fn-{key}\">{n}</a></sup>"
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let (n, key) = notes.get(&name);
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{scope}-fn-{key}\"><span class=\"footnote-label\">{n}.</span>"
                ))));
                open = Some(key);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let key = open.take().unwrap_or_default();
                out.push(Event::Html(CowStr::from(format!(
                    "<a class=\"footnote-backref\" href=\"#{scope}-fnref-{key}\" aria-label=\"Back to the text\">↩</a></div>\n"
                ))));
            }
            // A read-only box needs a name of its own for screen readers.
            Event::TaskListMarker(done) => out.push(Event::Html(CowStr::from(if done {
                "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
            } else {
                "<input type=\"checkbox\" disabled aria-label=\"Not done\"> "
            }))),
            other => out.push(other),
        }
    }
    out
}

/// Footnote numbers and id keys by label. Labels match regardless of case, as in
/// CommonMark; two labels whose slugs coincide (`smith 2024`, `smith-2024`) get
/// different keys.
#[derive(Default)]
struct FootnoteKeys {
    by_label: BTreeMap<String, (usize, String)>,
    keys: HashSet<String>,
    /// The next number to try after each slug, so many labels with one slug stay cheap.
    next_suffix: HashMap<String, usize>,
}

impl FootnoteKeys {
    fn get(&mut self, label: &str) -> (usize, String) {
        let label = label.to_lowercase();
        if let Some(found) = self.by_label.get(&label) {
            return found.clone();
        }
        let n = self.by_label.len() + 1;
        let base = slug(&label);
        let mut key = if base.is_empty() {
            n.to_string()
        } else {
            base.clone()
        };
        let k = self.next_suffix.entry(base.clone()).or_insert(2);
        while !self.keys.insert(key.clone()) {
            key = format!("{base}-{k}");
            *k += 1;
        }
        self.by_label.insert(label, (n, key.clone()));
        (n, key)
    }
}

#[cfg(test)]
mod tests {
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
