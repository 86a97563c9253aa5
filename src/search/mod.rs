//! Search: an index built with the site that the theme's `search.js` queries in the
//! browser, offline and from `file://` alike.
//!
//! [`write_index`] writes the index under `search/` (see [`index`] for the files); the
//! results page `search.html` is a page of the render, with [`page_context`] as its data.
//! A document ([`docs::Doc`]) is a persona, journey, stage, pain point, opportunity,
//! feedback verbatim or journey narrative; its words are folded by [`fold`], the rule the
//! script applies to a query. `search: false` in site.yaml turns it all off; a frozen
//! release gets no index of its own.

mod docs;
mod fold;
mod index;
#[cfg(test)]
mod tests;

pub use docs::{Kind, Verbatim, FEEDBACK_ANCHOR};
pub use fold::{fold, stem, words};

use crate::analysis::Analysis;
use crate::model::Site;
use crate::render::Sink;
use minijinja::{context, Value};
use rayon::prelude::*;
use std::io;

/// Writes the search index of `site` into `sink`; returns how many files it wrote, none
/// when site.yaml says `search: false`.
pub fn write_index(site: &Site, analysis: &Analysis, sink: &dyn Sink) -> io::Result<usize> {
    write_index_with_feedback(site, analysis, Vec::new(), sink)
}

/// [`write_index`], with feedback verbatims as well: `(journey id, stage id, text)`,
/// the text already masked. A verbatim of a journey or stage that `site` lacks is left
/// out; the rest are found under their journey page's `#feedback` section.
pub fn write_index_with_feedback<'a>(
    site: &'a Site,
    analysis: &'a Analysis,
    verbatims: impl IntoIterator<Item = Verbatim<'a>>,
    sink: &dyn Sink,
) -> io::Result<usize> {
    if !site.config.search {
        return Ok(0);
    }
    let files = index_files(site, analysis, verbatims.into_iter().collect());
    files
        .par_iter()
        .try_for_each(|(path, bytes)| sink.write(path, bytes))?;
    Ok(files.len())
}

/// Every index file of `site`, by path, the manifest first.
fn index_files<'a>(
    site: &'a Site,
    analysis: &'a Analysis,
    verbatims: Vec<Verbatim<'a>>,
) -> Vec<index::File> {
    let docs = docs::collect(site, analysis, verbatims);
    index::files(&docs)
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
