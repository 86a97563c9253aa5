//! Passes over a document's parsed events before they become HTML: ids for headings,
//! footnote labels scoped to the document, and tables wrapped to scroll on their own.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::collections::{BTreeMap, HashMap, HashSet};

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
pub(super) fn add_heading_anchors(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
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
pub(super) fn slug(text: &str) -> String {
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
pub(super) fn scrolling_tables(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
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

pub(super) fn scope_footnotes<'a>(events: Vec<Event<'a>>, scope: &str) -> Vec<Event<'a>> {
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
pub(super) struct FootnoteKeys {
    by_label: BTreeMap<String, (usize, String)>,
    keys: HashSet<String>,
    /// The next number to try after each slug, so many labels with one slug stay cheap.
    next_suffix: HashMap<String, usize>,
}

impl FootnoteKeys {
    pub(super) fn get(&mut self, label: &str) -> (usize, String) {
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
