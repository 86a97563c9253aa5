//! What the index finds: one document for each persona, journey, stage, pain point,
//! opportunity, feedback verbatim and journey narrative, with what a result shows of it
//! and the text its words come from.

use crate::analysis::{RankedOpportunity, RankedPainPoint};
use crate::model::{Journey, Site, Stage};

mod list;

pub use list::Docs;

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
    pub title: &'a str,
    /// Its page: `journeys/<id>.html` or `personas/<id>.html`.
    pub page: Page<'a>,
    /// The section of its page.
    pub anchor: Anchor<'a>,
    /// The title of the journey it belongs to (its own, for a journey); empty for personas.
    pub journey: &'a str,
    /// The name of the stage it belongs to; empty where it belongs to none.
    pub stage: &'a str,
    /// A line of context shown under the title.
    pub snippet: &'a str,
    /// Further text whose words find it but which the result does not show.
    pub more: More<'a>,
}

impl<'a> Doc<'a> {
    /// Calls `each` with every text whose words find the document.
    pub fn for_each_text(&self, mut each: impl FnMut(&'a str)) {
        each(self.title);
        each(self.snippet);
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
    Persona(&'a crate::model::PersonaFront, &'a str),
    /// A journey's owner and the name of its persona.
    Journey(&'a str, Option<&'a str>),
    /// A stage's actions, thoughts, touchpoints and their channels, and blueprint lanes.
    Stage(&'a Stage),
}

impl<'a> More<'a> {
    fn for_each_text(&self, mut each: impl FnMut(&'a str)) {
        match *self {
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

fn persona<'a>(p: &'a crate::model::Persona, story: &'a str) -> Doc<'a> {
    let f = &p.front;
    Doc {
        kind: Kind::Persona,
        title: &f.name,
        page: Page {
            folder: "personas",
            id: p.id.as_str(),
        },
        anchor: Anchor::Kind,
        journey: "",
        stage: "",
        snippet: &f.role,
        more: More::Persona(f, story),
    }
}

fn journey_doc<'a>(site: &'a Site, j: &'a Journey) -> Doc<'a> {
    // "Anna" finds her journeys as well as her profile.
    let persona = site
        .persona(j.front.persona.as_str())
        .map(|p| p.front.name.as_str());
    Doc {
        kind: Kind::Journey,
        title: &j.front.title,
        page: journey_page(j),
        anchor: Anchor::Kind,
        journey: &j.front.title,
        stage: "",
        snippet: &j.front.scenario,
        more: More::Journey(&j.front.owner, persona),
    }
}

fn stage<'a>(j: &'a Journey, s: &'a Stage) -> Doc<'a> {
    Doc {
        kind: Kind::Stage,
        title: &s.name,
        page: journey_page(j),
        anchor: Anchor::Stage(s.id.as_str()),
        journey: &j.front.title,
        stage: "",
        snippet: &s.goal,
        more: More::Stage(s),
    }
}

fn pain_point<'a>(j: &'a Journey, p: &'a RankedPainPoint) -> Doc<'a> {
    Doc {
        kind: Kind::PainPoint,
        title: &p.text,
        page: journey_page(j),
        anchor: Anchor::Kind,
        journey: &j.front.title,
        stage: &p.stage_name,
        snippet: "",
        more: More::None,
    }
}

fn opportunity<'a>(j: &'a Journey, o: &'a RankedOpportunity) -> Doc<'a> {
    Doc {
        kind: Kind::Opportunity,
        title: &o.text,
        page: journey_page(j),
        anchor: Anchor::Kind,
        journey: &j.front.title,
        stage: &o.stage_name,
        snippet: o.owner.as_deref().unwrap_or(""),
        more: More::None,
    }
}

fn feedback<'a>(j: &'a Journey, stage: &'a Stage, text: &'a str) -> Doc<'a> {
    Doc {
        kind: Kind::Feedback,
        title: text,
        page: journey_page(j),
        anchor: Anchor::Stage(stage.id.as_str()),
        journey: &j.front.title,
        stage: &stage.name,
        snippet: "",
        more: More::None,
    }
}

/// The narrative of `j`, whose first part is `text`.
fn narrative<'a>(j: &'a Journey, text: &'a str) -> Doc<'a> {
    Doc {
        kind: Kind::Narrative,
        title: &j.front.title,
        page: journey_page(j),
        anchor: Anchor::Kind,
        journey: &j.front.title,
        stage: "",
        snippet: text,
        more: More::None,
    }
}
