//! What the index finds: one document for each persona, journey, stage, pain point,
//! opportunity, feedback verbatim and journey narrative, with what a result shows of it
//! and the text its words come from.

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
    /// The id of its section in the page (`stage-awareness`), when the kind's
    /// [`Kind::default_anchor`] is not it.
    pub anchor: Cow<'a, str>,
    /// The title of the journey it belongs to (its own, for a journey); empty for personas.
    pub journey: &'a str,
    /// The name of the stage it belongs to; empty where it belongs to none.
    pub stage: &'a str,
    /// A line of context shown under the title.
    pub snippet: Cow<'a, str>,
    /// Further text whose words find it but which the result does not show.
    pub more: Vec<Cow<'a, str>>,
}

/// A page of the site, by folder and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Page<'a> {
    pub folder: &'static str,
    pub id: &'a str,
}

impl Page<'_> {
    /// Its path from the site's root.
    pub fn path(self) -> String {
        format!("{}/{}.html", self.folder, self.id)
    }
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
    let mut docs: Vec<Doc<'a>> = site.personas.iter().map(persona).collect();
    // Narratives are the only text that needs work (HTML to plain text): done in parallel.
    let per_journey: Vec<(Doc<'a>, Vec<Doc<'a>>, Option<Doc<'a>>)> = site
        .journeys
        .par_iter()
        .map(|j| (journey(site, j), stages(j), narrative(j)))
        .collect();
    let mut stage_docs = Vec::new();
    let mut narratives = Vec::new();
    for (journey, stages, narrative) in per_journey {
        docs.push(journey);
        stage_docs.extend(stages);
        narratives.extend(narrative);
    }
    docs.extend(stage_docs);
    docs.extend(pain_points(site, analysis));
    docs.extend(opportunities(site, analysis));
    docs.extend(feedback(site, verbatims));
    docs.extend(narratives);
    debug_assert!(docs.windows(2).all(|w| w[0].kind <= w[1].kind));
    docs
}

fn persona(p: &crate::model::Persona) -> Doc<'_> {
    let f = &p.front;
    let mut more: Vec<Cow<str>> = vec![f.segment.as_str().into()];
    more.extend(
        [&f.goals, &f.frustrations, &f.motivations, &f.channels]
            .into_iter()
            .flatten()
            .map(|s| Cow::from(s.as_str())),
    );
    more.extend(f.quote.as_deref().map(Cow::from));
    more.push(plain_text(&p.body_html, NARRATIVE_CHARS).into());
    Doc {
        kind: Kind::Persona,
        title: f.name.as_str().into(),
        page: Page {
            folder: "personas",
            id: p.id.as_str(),
        },
        anchor: "".into(),
        journey: "",
        stage: "",
        snippet: f.role.as_str().into(),
        more,
    }
}

fn journey<'a>(site: &'a Site, j: &'a Journey) -> Doc<'a> {
    let mut more: Vec<Cow<str>> = vec![j.front.owner.as_str().into()];
    // "Anna" finds her journeys as well as her profile.
    more.extend(
        site.persona(j.front.persona.as_str())
            .map(|p| Cow::from(p.front.name.as_str())),
    );
    Doc {
        kind: Kind::Journey,
        title: j.front.title.as_str().into(),
        page: journey_page(j),
        anchor: "".into(),
        journey: &j.front.title,
        stage: "",
        snippet: j.front.scenario.as_str().into(),
        more,
    }
}

fn stages(j: &Journey) -> Vec<Doc<'_>> {
    j.front
        .stages
        .iter()
        .map(|s| {
            let mut more: Vec<Cow<str>> = Vec::new();
            more.extend(s.actions.iter().map(|a| Cow::from(a.as_str())));
            more.extend(s.thoughts.iter().map(|t| Cow::from(t.as_str())));
            for t in &s.touchpoints {
                more.push(t.name.as_str().into());
                more.push(t.channel.as_str().into());
            }
            if let Some(b) = &s.blueprint {
                more.extend(
                    [&b.frontstage, &b.backstage, &b.support, &b.evidence]
                        .into_iter()
                        .flatten()
                        .map(|x| Cow::from(x.as_str())),
                );
            }
            Doc {
                kind: Kind::Stage,
                title: s.name.as_str().into(),
                page: journey_page(j),
                anchor: stage_anchor(s),
                journey: &j.front.title,
                stage: "",
                snippet: s.goal.as_str().into(),
                more,
            }
        })
        .collect()
}

fn pain_points<'a>(site: &'a Site, analysis: &'a Analysis) -> Vec<Doc<'a>> {
    analysis
        .portfolio
        .pain_points
        .iter()
        .filter_map(|&e| {
            let (j, ranked) = resolve(site, analysis, e)?;
            let p = ranked.pain_points.get(e.item)?;
            Some(Doc {
                kind: Kind::PainPoint,
                title: p.text.as_str().into(),
                page: journey_page(j),
                anchor: "".into(),
                journey: &j.front.title,
                stage: &p.stage_name,
                snippet: "".into(),
                more: Vec::new(),
            })
        })
        .collect()
}

fn opportunities<'a>(site: &'a Site, analysis: &'a Analysis) -> Vec<Doc<'a>> {
    analysis
        .portfolio
        .opportunities
        .iter()
        .filter_map(|&e| {
            let (j, ranked) = resolve(site, analysis, e)?;
            let o = ranked.opportunities.get(e.item)?;
            Some(Doc {
                kind: Kind::Opportunity,
                title: o.text.as_str().into(),
                page: journey_page(j),
                anchor: "".into(),
                journey: &j.front.title,
                stage: &o.stage_name,
                snippet: o.owner.as_deref().unwrap_or("").into(),
                more: Vec::new(),
            })
        })
        .collect()
}

/// The journey of a portfolio entry and its analysis; `None` rather than a panic for an
/// analysis made from another site than `site`.
fn resolve<'a>(
    site: &'a Site,
    analysis: &'a Analysis,
    entry: Entry,
) -> Option<(&'a Journey, &'a JourneyAnalysis)> {
    let journey = site.journeys.get(entry.journey)?;
    Some((journey, analysis.journeys.get(&journey.id)?))
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
                anchor: stage_anchor(stage),
                journey: &j.front.title,
                stage: &stage.name,
                snippet: "".into(),
                more: Vec::new(),
            };
            Some(((at, position), doc))
        })
        .collect();
    placed.sort_by_key(|(at, _)| *at);
    placed.into_iter().map(|(_, doc)| doc).collect()
}

/// The id of a stage's column in the map of its journey page.
fn stage_anchor(stage: &Stage) -> Cow<'static, str> {
    format!("stage-{}", stage.id).into()
}

fn narrative(j: &Journey) -> Option<Doc<'_>> {
    let text = plain_text(&j.body_html, NARRATIVE_CHARS);
    (!text.is_empty()).then(|| Doc {
        kind: Kind::Narrative,
        title: j.front.title.as_str().into(),
        page: journey_page(j),
        anchor: "".into(),
        journey: &j.front.title,
        stage: "",
        snippet: text.into(),
        more: Vec::new(),
    })
}

/// `text` cut to its first `limit` characters, at a space when one is near the end.
fn cut(text: &str, limit: usize) -> Cow<'_, str> {
    match text.char_indices().nth(limit) {
        None => text.into(),
        Some((end, _)) => {
            let head = &text[..end];
            let at_space = head
                .rfind(char::is_whitespace)
                .filter(|&space| head[space..].chars().count() < 40);
            format!("{}…", head[..at_space.unwrap_or(end)].trim_end()).into()
        }
    }
}

/// The text of the (sanitized) HTML `html`: tags dropped, the common entities decoded,
/// runs of white space made one space; at most `limit` characters.
pub fn plain_text(html: &str, limit: usize) -> String {
    // The HTML comes from the Markdown renderer: a tag never contains a bare `>`.
    let mut text = String::with_capacity(html.len().min(limit * 2));
    let mut rest = html;
    // A character takes at most four bytes: past that, `limit` characters are collected.
    while !rest.is_empty() && text.len() <= 4 * limit {
        let (piece, after) = match rest.find(['<', '&']) {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        text.push_str(piece);
        rest = after;
        if let Some(tag) = rest.strip_prefix('<') {
            let end = tag.find('>').map_or(tag.len(), |e| e + 1);
            if !is_inline_tag(&tag[..end]) {
                text.push(' ');
            }
            rest = &tag[end..];
        } else if rest.starts_with('&') {
            let (decoded, len) = entity(rest);
            text.push_str(&decoded);
            rest = &rest[len..];
        }
    }
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    cut(&collapsed, limit).into_owned()
}

/// Whether the tag that starts `tag` (after its `<`) sits inside a line of text, where
/// dropping it must not split a word (`w<em>or</em>d`).
fn is_inline_tag(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    matches!(
        name.to_ascii_lowercase().as_str(),
        "a" | "abbr"
            | "b"
            | "code"
            | "del"
            | "em"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "u"
    )
}

/// The character the entity at the start of `text` stands for and the entity's length;
/// an unknown one stands for itself.
fn entity(text: &str) -> (Cow<'_, str>, usize) {
    let Some(end) = text[..text.len().min(12)].find(';') else {
        return ("&".into(), 1);
    };
    let name = &text[1..end];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    match decoded {
        Some(c) => (c.to_string().into(), end + 1),
        None => ("&".into(), 1),
    }
}
