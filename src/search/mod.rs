//! Search: an index built with the site that the theme's `search.js` queries in the
//! browser, offline and from `file://` alike.
//!
//! [`write_index`] writes the index under `search/` (see [`index`] for the files); the
//! results page `search.html` is a page of the render, with [`page_context`] as its data.
//! A document ([`docs::Doc`]) is a persona, journey, stage, pain point, opportunity,
//! feedback verbatim or journey narrative; its words are folded by [`fold`], the rule the
//! script applies to a query. `search: false` in site.yaml turns it all off; a frozen
//! release gets no index of its own.

mod chunks;
mod docs;
mod fold;
mod index;
mod plain;
mod postings;
#[cfg(test)]
mod tests;

pub use docs::{Kind, Verbatim};
pub use fold::{fold, stem, words};

use crate::analysis::Analysis;
use crate::model::Site;
use crate::render::i18n::Locale;
use crate::render::Sink;
use minijinja::{context, Value};
use std::collections::BTreeMap;
use std::io;

/// The words the search script shows, by the name it knows them by (`label-stage`,
/// `count-few`, `none`, …), in the site's language, placeholders such as `{count}` left
/// for the script to fill. The manifest carries them, so a box on any page has them
/// without its page holding them.
pub type Labels = BTreeMap<String, String>;

/// [`Labels`] from the site's translation table (`search.*`): a group name for each
/// [`Kind`], the count of results in every plural form the language uses, and the rest.
pub fn labels(locale: &Locale) -> Labels {
    let mut labels = Labels::new();
    for kind in Kind::ALL {
        let key = format!("search.kind_{}", kind.name().replace('-', "_"));
        for (_, text) in locale.forms(&key) {
            labels.insert(format!("label-{}", kind.name()), text);
        }
    }
    for (category, text) in locale.forms("search.results") {
        labels.insert(format!("count-{category}"), text);
    }
    for name in ["none", "more", "all", "failed"] {
        for (_, text) in locale.forms(&format!("search.{name}")) {
            labels.insert(name.into(), text);
        }
    }
    labels
}

/// Writes the search index of `site` into `sink`, with `labels` in its manifest; returns
/// how many files it wrote, none when site.yaml says `search: false`.
pub fn write_index(
    site: &Site,
    analysis: &Analysis,
    labels: &Labels,
    sink: &dyn Sink,
) -> io::Result<usize> {
    if !site.config.search {
        return Ok(0);
    }
    let docs = docs::Docs::new(site, analysis, verbatims(site));
    index::write(&docs, labels, sink)
}

/// The feedback verbatims kept to quote, as `data/site.json` has them (masked, unless
/// site.yaml turned masking off), by journey and stage.
fn verbatims(site: &Site) -> Vec<Verbatim<'_>> {
    site.feedback
        .iter()
        .flat_map(|(journey, feedback)| {
            feedback.stages.iter().flat_map(move |(stage, quotes)| {
                quotes
                    .quotes
                    .iter()
                    .map(move |q| (journey.as_str(), stage.as_str(), q.text.as_str()))
            })
        })
        .collect()
}

/// The data of the results page, `search.html`: every persona and every journey, which
/// the page lists for a reader without JavaScript.
pub fn page_context(site: &Site) -> Value {
    let personas: Vec<Value> = site
        .personas
        .iter()
        .map(|p| context! { id => p.id.as_str(), name => &p.front.name, role => &p.front.role })
        .collect();
    let journeys: Vec<Value> = site
        .journeys
        .iter()
        .map(|j| {
            let persona = site
                .persona(j.front.persona.as_str())
                .map(|p| p.front.name.as_str());
            context! { id => j.id.as_str(), title => &j.front.title, persona => persona }
        })
        .collect();
    context! { personas => personas, journeys => journeys }
}
