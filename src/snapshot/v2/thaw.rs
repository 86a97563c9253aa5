//! Reading schema 2 back: the journeys as schema 1 reads them, then each one's feedback
//! and pain point evidence as stored, and its experiments' verdicts and shipped changes'
//! outcomes derived again from the map and the series.

use super::{FeedbackV2, File};
use crate::analysis::feedback::{FeedbackAnalysis, StageVoice, Theme};
use crate::analysis::{outcome, Analysis, JourneyAnalysis};
use crate::model::{Journey, JourneyMetrics, Scale, Site, Verbatim};
use crate::snapshot::v1::{self, Inconsistency, JourneyV1};
use std::path::Path;

/// The in-memory site and analysis of a file; as [`v1::thaw`].
pub fn thaw(file: File, root: &Path, unsafe_html: bool) -> Result<(Site, Analysis), Inconsistency> {
    let mut feedback = Vec::new();
    let journeys = file
        .journeys
        .into_iter()
        .map(|j| {
            feedback.push((j.id.clone(), j.feedback));
            JourneyV1 {
                id: j.id,
                map: j.map,
                body_html: j.body_html,
                series: j.series,
                funnel: j.funnel,
                kpis: j.kpis,
                health: j.health,
                completeness: j.completeness,
            }
        })
        .collect();
    let base = v1::File {
        schema_version: v1::SCHEMA_VERSION,
        generator: file.generator,
        date: file.date,
        site: file.site,
        personas: file.personas,
        journeys,
    };
    let (site, mut analysis) = v1::thaw(base, root, unsafe_html)?;
    let no_metrics = JourneyMetrics::default();
    for journey in &site.journeys {
        let Some(journey_analysis) = analysis.journeys.get_mut(&journey.id) else {
            continue;
        };
        let metrics = site.metrics.get(&journey.id).unwrap_or(&no_metrics);
        outcome::attach(
            journey,
            metrics,
            &site.config.metrics,
            &mut journey_analysis.opportunities,
        );
    }
    for (id, stored) in feedback {
        let (Some(journey), Some(stored)) = (site.journey(id.as_str()), stored) else {
            continue;
        };
        if let Some(journey_analysis) = analysis.journeys.get_mut(&id) {
            thaw_feedback(journey, stored, journey_analysis)?;
        }
    }
    Ok((site, analysis))
}

/// Sets `analysis`'s feedback and its pain points' evidence from what `journey`'s entry
/// stored.
fn thaw_feedback(
    journey: &Journey,
    stored: FeedbackV2,
    analysis: &mut JourneyAnalysis,
) -> Result<(), Inconsistency> {
    let stages = &journey.front.stages;
    let position = |id: &crate::model::Id| {
        stages
            .iter()
            .position(|s| &s.id == id)
            .ok_or_else(|| Inconsistency {
                message: format!("journey `{}` has no stage `{id}`", journey.id),
                needle: format!("\"stage\": \"{id}\""),
            })
    };
    let mut voices = Vec::with_capacity(stored.stages.len());
    for v in stored.stages {
        let index = position(&v.stage)?;
        let mut quotes = Vec::with_capacity(v.quotes.len());
        for q in v.quotes {
            let scale = Scale::new(q.scale_min, q.scale_max).map_err(|message| Inconsistency {
                message: format!("a quote of stage `{}`: {message}", v.stage),
                needle: format!("\"scale_min\": {}", q.scale_min),
            })?;
            quotes.push(Verbatim {
                id: q.id,
                date: q.date,
                score: q.rating.map(|r| scale.score(r)),
                rating: q.rating,
                scale,
                source: q.source,
                text: q.text,
                order: (0, 0),
            });
        }
        voices.push(StageVoice {
            stage_index: index,
            emotion: stages[index].emotion.map(|e| e.value()),
            stage: v.stage,
            ratings: v.ratings,
            mean_score: v.mean_score,
            perceived_emotion: v.perceived_emotion,
            mismatch: v.mismatch,
            negative: v.negative,
            neutral: v.neutral,
            positive: v.positive,
            verbatims: v.verbatims,
            quotes,
        });
    }
    voices.sort_by_key(|v| v.stage_index);
    for e in &stored.evidence {
        position(&e.stage)?;
        let backed = |p: &&mut crate::analysis::RankedPainPoint| {
            p.stage == e.stage && p.index_in_stage == e.index
        };
        for p in analysis
            .pain_points
            .iter_mut()
            .chain(analysis.unaddressed.iter_mut())
            .filter(backed)
        {
            p.evidence = e.rows;
        }
    }
    analysis.feedback = FeedbackAnalysis {
        count: stored.count,
        stages: voices,
        themes: stored
            .themes
            .into_iter()
            .map(|t| Theme {
                tag: t.tag,
                count: t.count,
            })
            .collect(),
        satisfaction: Vec::new(),
    };
    Ok(())
}
