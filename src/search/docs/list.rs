//! The list of a site's documents, each kept as a small reference and made into a
//! [`Doc`] when it is read.

use super::{
    feedback, journey_doc, narrative, opportunity, pain_point, persona, stage, Doc, Kind, Verbatim,
    NARRATIVE_CHARS, VERBATIM_CHARS,
};
use crate::analysis::portfolio::Entry;
use crate::analysis::{Analysis, JourneyAnalysis};
use crate::model::Site;
use crate::search::plain::{cut, plain_text};
use rayon::prelude::*;
use std::borrow::Cow;

/// Every document of a site, in id order: grouped by kind in [`Kind`] order, pain points
/// most severe first and opportunities in work order, as the portfolio lists them, so a
/// group's first hits are the ones that matter most.
///
/// Each document is a small reference, made into a [`Doc`] when it is read: at 10,000
/// journeys a list of the documents themselves took 53 MB while the index was written.
pub struct Docs<'a> {
    site: &'a Site,
    /// Each journey's analysis, by the journey's place in the site.
    analyses: Vec<Option<&'a JourneyAnalysis>>,
    /// The first part of each persona's story, as plain text.
    stories: Vec<String>,
    /// The first part of each journey's narrative, as plain text.
    narratives: Vec<String>,
    /// The verbatims placed at their journey and stage (by place), cut, in that order.
    verbatims: Vec<(Place, Cow<'a, str>)>,
    refs: Vec<Ref>,
}

/// A journey and one of its stages or ranked items, by their places.
type Place = (u32, u32);

/// A document, by the places of what it shows.
#[derive(Clone, Copy, Debug)]
enum Ref {
    Persona(u32),
    Journey(u32),
    Stage(Place),
    PainPoint(Place),
    Opportunity(Place),
    /// By its place in [`Docs::verbatims`].
    Feedback(u32),
    Narrative(u32),
}

impl Ref {
    fn kind(self) -> Kind {
        match self {
            Ref::Persona(_) => Kind::Persona,
            Ref::Journey(_) => Kind::Journey,
            Ref::Stage(_) => Kind::Stage,
            Ref::PainPoint(_) => Kind::PainPoint,
            Ref::Opportunity(_) => Kind::Opportunity,
            Ref::Feedback(_) => Kind::Feedback,
            Ref::Narrative(_) => Kind::Narrative,
        }
    }
}

/// A place in a list, as the references keep it; the index refuses more than 2^32
/// documents long before.
fn at(place: usize) -> u32 {
    u32::try_from(place).unwrap_or(u32::MAX)
}

impl<'a> Docs<'a> {
    /// The documents of `site`, its `analysis` and its feedback `verbatims`.
    pub fn new(site: &'a Site, analysis: &'a Analysis, verbatims: Vec<Verbatim<'a>>) -> Self {
        // Narratives and stories are the only texts that need work (HTML to plain text):
        // done in parallel.
        let (narratives, stories) = rayon::join(
            || {
                (site.journeys.par_iter())
                    .map(|j| plain_text(&j.body_html, NARRATIVE_CHARS))
                    .collect::<Vec<_>>()
            },
            || {
                (site.personas.par_iter())
                    .map(|p| plain_text(&p.body_html, NARRATIVE_CHARS))
                    .collect::<Vec<_>>()
            },
        );
        let analyses: Vec<Option<&JourneyAnalysis>> = site
            .journeys
            .iter()
            .map(|j| analysis.journeys.get(&j.id))
            .collect();
        let verbatims = placed(site, verbatims);
        let portfolio = &analysis.portfolio;
        let resolves = |place: Place, len: fn(&JourneyAnalysis) -> usize| {
            analyses
                .get(place.0 as usize)
                .copied()
                .flatten()
                .is_some_and(|a| (place.1 as usize) < len(a))
        };
        let entry = |e: Entry| (at(e.journey), at(e.item));
        let stage_count: usize = site.journeys.iter().map(|j| j.front.stages.len()).sum();
        let mut refs = Vec::with_capacity(
            site.personas.len()
                + 2 * site.journeys.len()
                + stage_count
                + portfolio.pain_points.len()
                + portfolio.opportunities.len()
                + verbatims.len(),
        );
        refs.extend((0..site.personas.len()).map(|i| Ref::Persona(at(i))));
        refs.extend((0..site.journeys.len()).map(|i| Ref::Journey(at(i))));
        for (i, j) in site.journeys.iter().enumerate() {
            refs.extend((0..j.front.stages.len()).map(|s| Ref::Stage((at(i), at(s)))));
        }
        refs.extend(
            (portfolio.pain_points.iter().map(|&e| entry(e)))
                .filter(|&place| resolves(place, |a| a.pain_points.len()))
                .map(Ref::PainPoint),
        );
        refs.extend(
            (portfolio.opportunities.iter().map(|&e| entry(e)))
                .filter(|&place| resolves(place, |a| a.opportunities.len()))
                .map(Ref::Opportunity),
        );
        refs.extend((0..verbatims.len()).map(|i| Ref::Feedback(at(i))));
        refs.extend(
            (narratives.iter().enumerate())
                .filter(|(_, text)| !text.is_empty())
                .map(|(i, _)| Ref::Narrative(at(i))),
        );
        debug_assert!(refs.windows(2).all(|w| w[0].kind() <= w[1].kind()));
        Docs {
            site,
            analyses,
            stories,
            narratives,
            verbatims,
            refs,
        }
    }

    /// How many documents there are.
    pub fn len(&self) -> usize {
        self.refs.len()
    }

    /// The id of the first document of `kind`, or of the next kind's when it has none.
    pub fn kind_start(&self, kind: Kind) -> usize {
        self.refs.partition_point(|r| r.kind() < kind)
    }

    /// Every document, in id order.
    pub fn iter(&self) -> impl Iterator<Item = Doc<'_>> + '_ {
        (0..self.len()).map(|id| self.get(id))
    }

    /// The document `id`; ids are below [`Docs::len`].
    pub fn get(&self, id: usize) -> Doc<'_> {
        let site = self.site;
        let journey = |i: u32| &site.journeys[i as usize];
        match self.refs[id] {
            Ref::Persona(i) => persona(&site.personas[i as usize], &self.stories[i as usize]),
            Ref::Journey(i) => journey_doc(site, journey(i)),
            Ref::Stage((i, s)) => {
                let j = journey(i);
                stage(j, &j.front.stages[s as usize])
            }
            Ref::PainPoint((i, item)) => {
                let ranked = self.ranked(i);
                pain_point(journey(i), &ranked.pain_points[item as usize])
            }
            Ref::Opportunity((i, item)) => {
                let ranked = self.ranked(i);
                opportunity(journey(i), &ranked.opportunities[item as usize])
            }
            Ref::Feedback(k) => {
                let ((i, s), text) = &self.verbatims[k as usize];
                let j = journey(*i);
                feedback(j, &j.front.stages[*s as usize], text)
            }
            Ref::Narrative(i) => narrative(journey(i), &self.narratives[i as usize]),
        }
    }

    /// The analysis of the journey at `place`, which [`Docs::new`] saw it has.
    fn ranked(&self, place: u32) -> &'a JourneyAnalysis {
        self.analyses[place as usize].expect("a reference is made only to an analysis")
    }
}

/// The verbatims of journeys and stages that `site` has, each at the places of its
/// journey and stage, by those places, each cut to [`VERBATIM_CHARS`]; the order among
/// one stage's verbatims is the caller's.
fn placed<'a>(site: &'a Site, verbatims: Vec<Verbatim<'a>>) -> Vec<(Place, Cow<'a, str>)> {
    let mut placed: Vec<(Place, Cow<'a, str>)> = verbatims
        .into_iter()
        .filter_map(|(journey_id, stage_id, text)| {
            let at_journey = site
                .journeys
                .binary_search_by(|j| j.id.as_str().cmp(journey_id))
                .ok()?;
            let position = site.journeys[at_journey]
                .front
                .stages
                .iter()
                .position(|s| s.id.as_str() == stage_id)?;
            let text = cut(text.trim(), VERBATIM_CHARS);
            Some(((at(at_journey), at(position)), text))
        })
        .collect();
    placed.sort_by_key(|(place, _)| *place);
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_kept_in_twelve_bytes() {
        assert!(
            std::mem::size_of::<Ref>() <= 12,
            "{}",
            std::mem::size_of::<Ref>()
        );
    }
}
