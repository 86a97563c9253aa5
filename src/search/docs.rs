//! What the index finds: one document for each persona, journey, stage, pain point,
//! opportunity, feedback verbatim and journey narrative, with what a result shows of it
//! and the text its words come from.

use super::plain::{cut, plain_text};
use crate::analysis::portfolio::Entry;
use crate::analysis::{Analysis, JourneyAnalysis};
use crate::model::{Journey, Site, Stage};
use rayon::prelude::*;
use std::borrow::Cow;

/// What a document is. The order is the order of the result groups and of the document
/// ids: every persona before every journey, and so on, so that a group is a range of ids
/// and the search script knows a hit's kind before it loads the hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Persona,
    Journey,
    Stage,
    PainPoint,
    Opportunity,
    Feedback,
    Narrative,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Persona,
        Kind::Journey,
        Kind::Stage,
        Kind::PainPoint,
        Kind::Opportunity,
        Kind::Feedback,
        Kind::Narrative,
    ];

    /// The name the search script and the results page know the kind by.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Persona => "persona",
            Kind::Journey => "journey",
            Kind::Stage => "stage",
            Kind::PainPoint => "pain-point",
            Kind::Opportunity => "opportunity",
            Kind::Feedback => "feedback",
            Kind::Narrative => "narrative",
        }
    }

    /// The section of its page a document of this kind is in, unless it says otherwise.
    pub fn default_anchor(self) -> &'static str {
        match self {
            // A verbatim is found at its stage: `anchor` names the stage's column.
            Kind::Persona | Kind::Journey | Kind::Stage | Kind::Feedback => "",
            Kind::PainPoint => "pain-points",
            Kind::Opportunity => "opportunities",
            Kind::Narrative => "narrative",
        }
    }
}

/// One thing a search can find.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc<'a> {
    pub kind: Kind,
    /// What the result is called: a name, a title, or the text itself.
    pub title: Cow<'a, str>,
    /// Its page: `journeys/<id>.html` or `personas/<id>.html`.
    pub page: Page<'a>,
    /// The section of its page.
    pub anchor: Anchor<'a>,
    /// The title of the journey it belongs to (its own, for a journey); empty for personas.
    pub journey: &'a str,
    /// The name of the stage it belongs to; empty where it belongs to none.
    pub stage: &'a str,
    /// A line of context shown under the title.
    pub snippet: Cow<'a, str>,
    /// Further text whose words find it but which the result does not show.
    pub more: More<'a>,
}

impl Doc<'_> {
    /// Calls `each` with every text whose words find the document.
    pub fn for_each_text<'s>(&'s self, mut each: impl FnMut(&'s str)) {
        each(&self.title);
        each(&self.snippet);
        self.more.for_each_text(each);
    }
}

/// The section of its page a document is in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Anchor<'a> {
    /// Its kind's [`Kind::default_anchor`].
    Kind,
    /// The column of the stage of this id in the map: `stage-<id>`.
    Stage(&'a str),
}

impl Anchor<'_> {
    /// The part of the id of the section before [`Anchor::Stage`]'s stage id.
    pub const STAGE_PREFIX: &'static str = "stage-";
}

/// The text of a document that finds it without being shown, borrowed from the site:
/// no document copies it.
#[derive(Clone, Debug, PartialEq)]
pub enum More<'a> {
    None,
    /// A persona's segment, goals, frustrations, motivations, channels and quote, and the
    /// first part of its story.
    Persona(&'a crate::model::PersonaFront, String),
    /// A journey's owner and the name of its persona.
    Journey(&'a str, Option<&'a str>),
    /// A stage's actions, thoughts, touchpoints and their channels, and blueprint lanes.
    Stage(&'a Stage),
}

impl More<'_> {
    fn for_each_text<'s>(&'s self, mut each: impl FnMut(&'s str)) {
        match self {
            More::None => {}
            More::Persona(front, story) => {
                each(&front.segment);
                [
                    &front.goals,
                    &front.frustrations,
                    &front.motivations,
                    &front.channels,
                ]
                .into_iter()
                .flatten()
                .for_each(|text| each(text));
                if let Some(quote) = &front.quote {
                    each(quote);
                }
                each(story);
            }
            More::Journey(owner, persona) => {
                each(owner);
                if let Some(name) = persona {
                    each(name);
                }
            }
            More::Stage(s) => {
                s.actions
                    .iter()
                    .chain(&s.thoughts)
                    .for_each(|text| each(text));
                for t in &s.touchpoints {
                    each(&t.name);
                    each(&t.channel);
                }
                if let Some(b) = &s.blueprint {
                    [&b.frontstage, &b.backstage, &b.support, &b.evidence]
                        .into_iter()
                        .flatten()
                        .for_each(|text| each(text));
                }
            }
        }
    }
}

/// A page of the site, by folder and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Page<'a> {
    pub folder: &'static str,
    pub id: &'a str,
}

fn journey_page(j: &Journey) -> Page<'_> {
    Page {
        folder: "journeys",
        id: j.id.as_str(),
    }
}

/// How many characters of a narrative (or a persona's story) are indexed, and shown
/// around a match: the first part, which says what the page is about.
pub const NARRATIVE_CHARS: usize = 600;

/// How many characters of a feedback verbatim are indexed and shown.
pub const VERBATIM_CHARS: usize = 600;

/// A feedback verbatim to index: the journey id, the stage id and the text, already
/// masked (the index is published: it must hold nothing the pages may not show).
pub type Verbatim<'a> = (&'a str, &'a str, &'a str);

/// Every document of `site`, grouped by kind in [`Kind`] order; pain points most severe
/// first and opportunities in work order, as the portfolio lists them, so a group's first
/// hits are the ones that matter most.
pub fn collect<'a>(
    site: &'a Site,
    analysis: &'a Analysis,
    verbatims: Vec<Verbatim<'a>>,
) -> Vec<Doc<'a>> {
    // Narratives are the only text that needs work (HTML to plain text): done in parallel.
    let narratives: Vec<String> = site
        .journeys
        .par_iter()
        .map(|j| plain_text(&j.body_html, NARRATIVE_CHARS))
        .collect();
    // Each journey's analysis, by the journey's place in the site, looked up once rather
    // than for every pain point and opportunity.
    let analyses: Vec<Option<&JourneyAnalysis>> = site
        .journeys
        .iter()
        .map(|j| analysis.journeys.get(&j.id))
        .collect();
    let portfolio = &analysis.portfolio;
    let stage_count: usize = site.journeys.iter().map(|j| j.front.stages.len()).sum();
    let mut docs = Vec::with_capacity(
        site.personas.len()
            + 2 * site.journeys.len()
            + stage_count
            + portfolio.pain_points.len()
            + portfolio.opportunities.len()
            + verbatims.len(),
    );
    docs.extend(site.personas.iter().map(persona));
    docs.extend(site.journeys.iter().map(|j| journey(site, j)));
    docs.extend(site.journeys.iter().flat_map(stages));
    docs.extend(pain_points(site, analysis, &analyses));
    docs.extend(opportunities(site, analysis, &analyses));
    docs.extend(feedback(site, verbatims));
    docs.extend(
        site.journeys
            .iter()
            .zip(narratives)
            .filter_map(|(j, text)| narrative(j, text)),
    );
    debug_assert!(docs.windows(2).all(|w| w[0].kind <= w[1].kind));
    docs
}

fn persona(p: &crate::model::Persona) -> Doc<'_> {
    let f = &p.front;
    Doc {
        kind: Kind::Persona,
        title: f.name.as_str().into(),
        page: Page {
            folder: "personas",
            id: p.id.as_str(),
        },
        anchor: Anchor::Kind,
        journey: "",
        stage: "",
        snippet: f.role.as_str().into(),
        more: More::Persona(f, plain_text(&p.body_html, NARRATIVE_CHARS)),
    }
}

fn journey<'a>(site: &'a Site, j: &'a Journey) -> Doc<'a> {
    // "Anna" finds her journeys as well as her profile.
    let persona = site
        .persona(j.front.persona.as_str())
        .map(|p| p.front.name.as_str());
    Doc {
        kind: Kind::Journey,
        title: j.front.title.as_str().into(),
        page: journey_page(j),
        anchor: Anchor::Kind,
        journey: &j.front.title,
        stage: "",
        snippet: j.front.scenario.as_str().into(),
        more: More::Journey(&j.front.owner, persona),
    }
}

fn stages(j: &Journey) -> impl Iterator<Item = Doc<'_>> {
    j.front.stages.iter().map(move |s| Doc {
        kind: Kind::Stage,
        title: s.name.as_str().into(),
        page: journey_page(j),
        anchor: Anchor::Stage(s.id.as_str()),
        journey: &j.front.title,
        stage: "",
        snippet: s.goal.as_str().into(),
        more: More::Stage(s),
    })
}

fn pain_points<'a, 's>(
    site: &'a Site,
    analysis: &'a Analysis,
    analyses: &'s [Option<&'a JourneyAnalysis>],
) -> impl Iterator<Item = Doc<'a>> + 's
where
    'a: 's,
{
    analysis.portfolio.pain_points.iter().filter_map(move |&e| {
        let (j, ranked) = resolve(site, analyses, e)?;
        let p = ranked.pain_points.get(e.item)?;
        Some(Doc {
            kind: Kind::PainPoint,
            title: p.text.as_str().into(),
            page: journey_page(j),
            anchor: Anchor::Kind,
            journey: &j.front.title,
            stage: &p.stage_name,
            snippet: "".into(),
            more: More::None,
        })
    })
}

fn opportunities<'a, 's>(
    site: &'a Site,
    analysis: &'a Analysis,
    analyses: &'s [Option<&'a JourneyAnalysis>],
) -> impl Iterator<Item = Doc<'a>> + 's
where
    'a: 's,
{
    analysis
        .portfolio
        .opportunities
        .iter()
        .filter_map(move |&e| {
            let (j, ranked) = resolve(site, analyses, e)?;
            let o = ranked.opportunities.get(e.item)?;
            Some(Doc {
                kind: Kind::Opportunity,
                title: o.text.as_str().into(),
                page: journey_page(j),
                anchor: Anchor::Kind,
                journey: &j.front.title,
                stage: &o.stage_name,
                snippet: o.owner.as_deref().unwrap_or("").into(),
                more: More::None,
            })
        })
}

/// The journey of a portfolio entry and its analysis; `None` rather than a panic for an
/// analysis made from another site than `site`.
fn resolve<'a>(
    site: &'a Site,
    analyses: &[Option<&'a JourneyAnalysis>],
    entry: Entry,
) -> Option<(&'a Journey, &'a JourneyAnalysis)> {
    let journey = site.journeys.get(entry.journey)?;
    Some((journey, (*analyses.get(entry.journey)?)?))
}

/// The verbatims of journeys and stages that `site` has, by journey and stage order, each
/// cut to [`VERBATIM_CHARS`]; the order among one stage's verbatims is the caller's.
fn feedback<'a>(site: &'a Site, verbatims: Vec<Verbatim<'a>>) -> Vec<Doc<'a>> {
    let mut placed: Vec<((usize, usize), Doc<'a>)> = verbatims
        .into_iter()
        .filter_map(|(journey_id, stage_id, text)| {
            let at = site
                .journeys
                .binary_search_by(|j| j.id.as_str().cmp(journey_id))
                .ok()?;
            let j = &site.journeys[at];
            let (position, stage) = j
                .front
                .stages
                .iter()
                .enumerate()
                .find(|(_, s)| s.id.as_str() == stage_id)?;
            let doc = Doc {
                kind: Kind::Feedback,
                title: cut(text.trim(), VERBATIM_CHARS),
                page: journey_page(j),
                anchor: Anchor::Stage(stage.id.as_str()),
                journey: &j.front.title,
                stage: &stage.name,
                snippet: "".into(),
                more: More::None,
            };
            Some(((at, position), doc))
        })
        .collect();
    placed.sort_by_key(|(at, _)| *at);
    placed.into_iter().map(|(_, doc)| doc).collect()
}

/// The narrative of `j`, whose first part is `text`; `None` for a journey without one.
fn narrative(j: &Journey, text: String) -> Option<Doc<'_>> {
    (!text.is_empty()).then(|| Doc {
        kind: Kind::Narrative,
        title: j.front.title.as_str().into(),
        page: journey_page(j),
        anchor: Anchor::Kind,
        journey: &j.front.title,
        stage: "",
        snippet: text.into(),
        more: More::None,
    })
}
