//! Schema 2 of a snapshot file: schema 1 and what came after it, each journey's customer
//! feedback as analysed (counts and scores per stage, the verbatims chosen to quote, masked,
//! themes, and the rows that back each pain point) and its opportunities' `done_on`,
//! `metric` and `experiment` as written.
//!
//! What the file shares with schema 1 is schema 1's structs; only the journey is new. As
//! in schema 1, the file holds the judgements made when it was frozen (here: which stages
//! contradict the map) and leaves out what follows from the rest: an experiment's
//! statistics and verdict are exact functions of its arms as written, and a shipped
//! change's outcome of the series stored beside it, so both are derived again on read by
//! the functions the live site uses.
//!
//! These structs are the format: once released, a field is never renamed, retyped or
//! removed here.

mod thaw;

use super::v1::{self, CompletenessV1, FunnelV1, HealthV1, KpiV1, PersonaV1, SeriesV1, SiteV1};
use crate::analysis::feedback::FeedbackAnalysis;
use crate::analysis::{Analysis, JourneyAnalysis};
use crate::model::{Date, Id, JourneyFront, Period, Site};
use serde::{Deserialize, Serialize};

pub use thaw::thaw;

/// The `schema_version` this module reads and writes.
pub const SCHEMA_VERSION: u32 = 2;

/// A whole snapshot file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub schema_version: u32,
    /// The waymark that wrote the file, as `waymark 0.2.0`.
    pub generator: String,
    /// The day the release stands for.
    pub date: Date,
    pub site: SiteV1,
    pub personas: Vec<PersonaV1>,
    pub journeys: Vec<JourneyV2>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JourneyV2 {
    pub id: Id,
    /// The front-matter: stages with every lane, opportunities with their experiments.
    pub map: JourneyFront,
    pub body_html: String,
    /// One series per stage and metric, segments combined, as the KPI trends show them.
    pub series: Vec<SeriesV1>,
    pub funnel: Option<FunnelV1>,
    pub kpis: Vec<KpiV1>,
    pub health: HealthV1,
    pub completeness: CompletenessV1,
    /// What customers say; `null` for a journey without feedback.
    pub feedback: Option<FeedbackV2>,
}

/// A journey's feedback as analysed: never its rows, only what the pages show of them.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackV2 {
    /// Rows of feedback.
    pub count: usize,
    /// The stages with feedback, in journey order.
    pub stages: Vec<StageVoiceV2>,
    /// Tags by the rows that carry them, most frequent first.
    pub themes: Vec<ThemeV2>,
    /// The pain points that rows of feedback back, with how many rows.
    pub evidence: Vec<EvidenceV2>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageVoiceV2 {
    pub stage: Id,
    pub ratings: usize,
    pub mean_score: Option<f64>,
    pub perceived_emotion: Option<f64>,
    /// Whether the ratings contradicted the map's emotion, as judged when frozen.
    pub mismatch: bool,
    pub negative: usize,
    pub neutral: usize,
    pub positive: usize,
    pub verbatims: usize,
    /// The verbatims quoted, masked, in the order they are shown.
    pub quotes: Vec<QuoteV2>,
}

/// A verbatim quoted; one line of the file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteV2 {
    pub id: Option<String>,
    /// The row's date, or its period.
    #[serde(
        serialize_with = "period_label",
        deserialize_with = "v1::period_from_label"
    )]
    pub date: Period,
    pub rating: Option<f64>,
    pub scale_min: f64,
    pub scale_max: f64,
    pub source: Option<String>,
    pub text: String,
}

fn period_label<S: serde::Serializer>(period: &Period, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&period.label())
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeV2 {
    pub tag: String,
    pub count: usize,
}

/// A pain point, by its stage and its place in the stage's list (from 0), and the rows of
/// feedback that carry any of its tags.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceV2 {
    pub stage: Id,
    pub index: usize,
    pub rows: usize,
}

/// The file for `site` and its `analysis`, released on `date`.
pub fn freeze(site: &Site, analysis: &Analysis, date: Date) -> File {
    let base = v1::freeze_with(site, analysis, date, JourneyFront::clone);
    File {
        schema_version: SCHEMA_VERSION,
        generator: base.generator,
        date: base.date,
        site: base.site,
        personas: base.personas,
        journeys: base
            .journeys
            .into_iter()
            .map(|j| {
                let feedback = freeze_feedback(&analysis.journeys[&j.id]);
                JourneyV2 {
                    id: j.id,
                    map: j.map,
                    body_html: j.body_html,
                    series: j.series,
                    funnel: j.funnel,
                    kpis: j.kpis,
                    health: j.health,
                    completeness: j.completeness,
                    feedback,
                }
            })
            .collect(),
    }
}

fn freeze_feedback(analysis: &JourneyAnalysis) -> Option<FeedbackV2> {
    let feedback: &FeedbackAnalysis = &analysis.feedback;
    if feedback.count == 0 {
        return None;
    }
    let mut evidence: Vec<EvidenceV2> = analysis
        .pain_points
        .iter()
        .filter(|p| p.evidence > 0)
        .map(|p| EvidenceV2 {
            stage: p.stage.clone(),
            index: p.index_in_stage,
            rows: p.evidence,
        })
        .collect();
    // In the map's order, whatever the ranking: a change of severity is no change here.
    let position = |e: &EvidenceV2| {
        let stage = analysis.pain_points.iter().find(|p| p.stage == e.stage);
        (stage.map_or(0, |p| p.stage_position), e.index)
    };
    evidence.sort_by_key(position);
    Some(FeedbackV2 {
        count: feedback.count,
        stages: feedback
            .stages
            .iter()
            .map(|v| StageVoiceV2 {
                stage: v.stage.clone(),
                ratings: v.ratings,
                mean_score: v.mean_score,
                perceived_emotion: v.perceived_emotion,
                mismatch: v.mismatch,
                negative: v.negative,
                neutral: v.neutral,
                positive: v.positive,
                verbatims: v.verbatims,
                quotes: v
                    .quotes
                    .iter()
                    .map(|q| QuoteV2 {
                        id: q.id.clone(),
                        date: q.date,
                        rating: q.rating,
                        scale_min: q.scale.min,
                        scale_max: q.scale.max,
                        source: q.source.clone(),
                        text: q.text.clone(),
                    })
                    .collect(),
            })
            .collect(),
        themes: feedback
            .themes
            .iter()
            .map(|t| ThemeV2 {
                tag: t.tag.clone(),
                count: t.count,
            })
            .collect(),
        evidence,
    })
}
