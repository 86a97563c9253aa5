//! What the code draws of a feedback page, rather than its template: the rows, since a
//! portfolio's feedback can be a million of them, each on several pages, and the filter
//! links, which the template would draw again on every page.

use super::super::context::Shared;
use super::super::i18n::{push_escaped, Locale, MISSING};
use super::Listing;
use crate::escape::escape_into;
use crate::feedback::reader::FeedbackRow;
use crate::model::Period;
use minijinja::{context, HtmlEscape, Value};
use std::collections::HashMap;
use std::fmt::Write;

/// Draws verbatims as rows of the table: the quote with its id, its stage, its rating on
/// its scale with the sentiment in words, its source and its date, in the site's
/// language. Drawn here rather than in the template, since a portfolio's feedback can be
/// a million rows, each on several pages; the cells that repeat from row to row (a
/// rating, a date) are written once and kept.
pub(super) struct RowDrawer<'a> {
    locale: &'a Locale,
    /// By rating, scale minimum and maximum (as bits) and sentiment.
    ratings: HashMap<(u64, u64, u64, &'static str), String>,
    dates: HashMap<Period, String>,
    /// The row being drawn, and its escaped text: kept from row to row so that a row
    /// allocates nothing.
    html: String,
    escaped: String,
}

impl<'a> RowDrawer<'a> {
    pub(super) fn new(locale: &'a Locale) -> Self {
        RowDrawer {
            locale,
            ratings: HashMap::new(),
            dates: HashMap::new(),
            html: String::new(),
            escaped: String::new(),
        }
    }

    pub(super) fn draw(
        &mut self,
        row: &FeedbackRow,
        text: &str,
        stage_name: &str,
        sentiment: &'static str,
    ) -> &str {
        let locale = self.locale;
        let out = &mut self.html;
        out.clear();
        out.push_str("<tr class=\"verbatim-row sentiment-");
        out.push_str(sentiment);
        out.push_str("\"><td>");
        self.escaped.clear();
        escape_into(&mut self.escaped, text);
        locale.write_html(out, "site.quoted", None, &[("text", &self.escaped)]);
        if let Some(id) = row.id {
            out.push_str(" <span class=\"meta\">(");
            push_escaped(out, id);
            out.push_str(")</span>");
        }
        out.push_str("</td><td>");
        push_escaped(out, stage_name);
        out.push_str("</td><td>");
        match row.rating {
            Some(rating) => {
                let key = (
                    rating.to_bits(),
                    row.scale.min.to_bits(),
                    row.scale.max.to_bits(),
                    sentiment,
                );
                let cell = self.ratings.entry(key).or_insert_with(|| {
                    let number = |v: f64| locale.decimal(v, 2);
                    let values = [
                        ("rating", number(rating)),
                        ("min", number(row.scale.min)),
                        ("max", number(row.scale.max)),
                    ];
                    let values = values.each_ref().map(|(k, v)| (*k, v.as_str()));
                    let mut cell = String::new();
                    locale.write_html(&mut cell, "voice.rating", None, &values);
                    cell.push_str(" <span class=\"meta\">(");
                    let key = format!("feedback.rated.{sentiment}");
                    locale.write_html(&mut cell, &key, None, &[]);
                    cell.push_str(")</span>");
                    cell
                });
                out.push_str(cell);
            }
            None => locale.write_html(out, "feedback.sentiment.unrated", None, &[]),
        }
        out.push_str("</td><td>");
        push_escaped(out, row.source.unwrap_or(MISSING));
        out.push_str("</td><td>");
        let date = self.dates.entry(row.date).or_insert_with(|| {
            let mut cell = String::new();
            push_escaped(&mut cell, &locale.period(row.date));
            cell
        });
        out.push_str(date);
        out.push_str("</td></tr>\n");
        out
    }
}

/// The filter links of a journey's listings in groups, each with its name (none for the
/// link to all) and its links. The words are looked up here, once a journey, rather than
/// on each of its pages.
pub(super) struct Filters {
    groups: Vec<FilterGroup>,
    /// The groups as a template's `filters`, for themes that draw the links their way.
    pub(super) value: Value,
}

struct FilterGroup {
    name: Option<String>,
    links: Vec<FilterLink>,
}

struct FilterLink {
    stem: String,
    text: String,
    count: usize,
}

impl Filters {
    pub(super) fn new(shared: &Shared, listings: &[Listing]) -> Filters {
        let link = |l: &Listing| FilterLink {
            stem: l.stem.clone(),
            text: match l.kind {
                "all" => shared.text("feedback.all", &[]),
                "sentiment" => shared.text(&format!("feedback.sentiment.{}", l.label), &[]),
                _ => l.label.clone(),
            },
            count: l.total,
        };
        let mut groups = vec![FilterGroup {
            name: None,
            links: vec![link(&listings[0])],
        }];
        for (kind, name) in [
            ("stage", "feedback.by_stage"),
            ("sentiment", "feedback.by_sentiment"),
            ("source", "feedback.by_source"),
        ] {
            let links: Vec<FilterLink> = listings
                .iter()
                .filter(|l| l.kind == kind)
                .map(link)
                .collect();
            if !links.is_empty() {
                let name = Some(shared.text(name, &[]));
                groups.push(FilterGroup { name, links });
            }
        }
        let value = Value::from_iter(groups.iter().map(|g| {
            let links = Value::from_iter(g.links.iter().map(|l| {
                context! { stem => &l.stem, href => format!("{}.html", l.stem), text => &l.text, count => l.count }
            }));
            match &g.name {
                Some(name) => context! { name => name, links => links },
                None => context! { links => links },
            }
        }));
        Filters { groups, value }
    }

    /// The groups as the default theme draws them, a paragraph each, the link to the
    /// listing `current` marked as the page's own: drawn here rather than in the
    /// template, where the links of every page cost a third of its time.
    pub(super) fn draw(&self, current: &str) -> String {
        let mut out = String::new();
        for group in &self.groups {
            out.push_str("<p>");
            if let Some(name) = &group.name {
                let _ = write!(
                    out,
                    "<span class=\"filter-name\">{}</span> ",
                    HtmlEscape(name)
                );
            }
            for (i, link) in group.links.iter().enumerate() {
                if i > 0 {
                    out.push_str(" · ");
                }
                let _ = write!(
                    out,
                    "<a href=\"{}\"",
                    HtmlEscape(&format!("{}.html", link.stem))
                );
                if link.stem == current {
                    out.push_str(" aria-current=\"page\"");
                }
                let _ = write!(
                    out,
                    ">{} <span class=\"count\">({})</span></a>",
                    HtmlEscape(&link.text),
                    link.count
                );
            }
            out.push_str("</p>\n  ");
        }
        out
    }
}
