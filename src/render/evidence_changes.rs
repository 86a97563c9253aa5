//! What changed in the evidence between two states, for the pages of what changed
//! between releases: experiments that reached a verdict, outcomes of shipped changes
//! that became measurable, and stages whose customers' ratings came to contradict the
//! map. Journeys are paired by id, opportunities by id or else by stage and text,
//! experiments by name within their opportunity, stages by id.

use crate::analysis::experiment::Verdict;
use crate::analysis::{JourneyAnalysis, RankedOpportunity};
use crate::model::Journey;
use crate::snapshot::diff::State;
use serde::Serialize;

/// An experiment with a verdict in the newer state that was absent or running in the
/// older one.
#[derive(Debug, Serialize)]
pub struct ConcludedExperiment {
    pub journey: String,
    pub journey_title: String,
    pub stage_name: String,
    pub opportunity: String,
    pub name: String,
    /// The verdict keyword: improved, worsened, inconclusive or underpowered.
    pub verdict: &'static str,
}

/// A shipped change whose outcome was judged in the newer state and not in the older.
#[derive(Debug, Serialize)]
pub struct AppearedOutcome {
    pub journey: String,
    pub journey_title: String,
    pub stage_name: String,
    pub opportunity: String,
    /// better, worse or same.
    pub trend: &'static str,
}

/// A stage whose ratings contradict the map in the newer state and did not in the older.
#[derive(Debug, Serialize)]
pub struct AppearedMismatch {
    pub journey: String,
    pub journey_title: String,
    pub stage_name: String,
    pub emotion: Option<i8>,
    pub perceived_emotion: Option<f64>,
    pub ratings: usize,
}

/// The evidence that changed from an older state to a newer one.
#[derive(Debug, Default, Serialize)]
pub struct EvidenceChanges {
    pub experiments_concluded: Vec<ConcludedExperiment>,
    pub outcomes_appeared: Vec<AppearedOutcome>,
    pub mismatches_appeared: Vec<AppearedMismatch>,
}

impl EvidenceChanges {
    /// How many changes there are of the three kinds together.
    pub fn total(&self) -> usize {
        self.experiments_concluded.len()
            + self.outcomes_appeared.len()
            + self.mismatches_appeared.len()
    }
}

/// The evidence changes from `older` to `newer`, in the newer state's journey order.
pub fn evidence_changes(older: State, newer: State) -> EvidenceChanges {
    let mut changes = EvidenceChanges::default();
    for journey in &newer.site.journeys {
        let Some(after) = newer.analysis.journeys.get(&journey.id) else {
            continue;
        };
        let before = older
            .site
            .journeys
            .iter()
            .find(|j| j.id == journey.id)
            .and_then(|j| older.analysis.journeys.get(&j.id));
        journey_changes(journey, before, after, &mut changes);
    }
    changes
}

fn same_opportunity(a: &RankedOpportunity, b: &RankedOpportunity) -> bool {
    match (&a.id, &b.id) {
        (Some(x), Some(y)) => x == y,
        _ => a.stage == b.stage && a.text == b.text,
    }
}

fn journey_changes(
    journey: &Journey,
    before: Option<&JourneyAnalysis>,
    after: &JourneyAnalysis,
    changes: &mut EvidenceChanges,
) {
    let id = journey.id.to_string();
    let title = &journey.front.title;
    for o in &after.opportunities {
        let earlier = before.and_then(|b| b.opportunities.iter().find(|p| same_opportunity(p, o)));
        if let Some(e) = o.experiment.as_deref() {
            let was_concluded = earlier
                .and_then(|p| p.experiment.as_deref())
                .is_some_and(|p| p.name == e.name && p.result.verdict != Verdict::Running);
            if e.result.verdict != Verdict::Running && !was_concluded {
                changes.experiments_concluded.push(ConcludedExperiment {
                    journey: id.clone(),
                    journey_title: title.clone(),
                    stage_name: o.stage_name.to_string(),
                    opportunity: o.text.to_string(),
                    name: e.name.clone(),
                    verdict: e.result.verdict.as_str(),
                });
            }
        }
        let trend = o.outcome.as_deref().and_then(|x| x.trend);
        let was_judged = earlier
            .and_then(|p| p.outcome.as_deref())
            .is_some_and(|x| x.trend.is_some());
        if let Some(trend) = trend.filter(|_| !was_judged) {
            changes.outcomes_appeared.push(AppearedOutcome {
                journey: id.clone(),
                journey_title: title.clone(),
                stage_name: o.stage_name.to_string(),
                opportunity: o.text.to_string(),
                trend: trend.as_str(),
            });
        }
    }
    for v in after.feedback.stages.iter().filter(|v| v.mismatch) {
        let was = before.is_some_and(|b| {
            b.feedback
                .stages
                .iter()
                .any(|w| w.stage == v.stage && w.mismatch)
        });
        let Some(stage) = journey.front.stages.get(v.stage_index) else {
            continue;
        };
        if !was {
            changes.mismatches_appeared.push(AppearedMismatch {
                journey: id.clone(),
                journey_title: title.clone(),
                stage_name: stage.name.to_string(),
                emotion: v.emotion,
                perceived_emotion: v.perceived_emotion,
                ratings: v.ratings,
            });
        }
    }
}
