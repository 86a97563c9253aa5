//! What changed between two states of a site (two snapshots, or a snapshot and the live
//! content), and the headline figures the releases pages show. Pure functions: the same
//! two states always give the same changes, in journey and stage order.
//!
//! Releases pair journeys by id ([`diff`]); a review of a change also finds renames
//! ([`pairs`], [`diff_paired`]), the portfolio's shape ([`outline`]) and lint warnings
//! that appeared or went away ([`warnings`]). Within a pair of journeys, [`journey`]
//! compares their items.

mod journey;
pub mod outline;
pub mod pairs;
#[cfg(test)]
mod tests;
pub mod warnings;

use crate::analysis::{Analysis, JourneyAnalysis, KpiStatus, KpiStatusCounts};
use crate::model::{Journey, Severity, Site, Status, Unit};
use serde::Serialize;
use std::collections::BTreeMap;

/// A site and its analysis: a snapshot, or the live content.
#[derive(Clone, Copy)]
pub struct State<'a> {
    pub site: &'a Site,
    pub analysis: &'a Analysis,
}

/// How a change reads for the customer or the business.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Better,
    Worse,
    /// Moved, but neither better nor worse (or no longer comparable).
    Changed,
}

/// The figures a release is summed up by.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Headline {
    pub journeys: usize,
    /// Pain points no done opportunity addresses, by severity (every severity a key).
    pub open_pain_points: BTreeMap<String, usize>,
    pub open_pain_points_total: usize,
    pub kpis: KpiStatusCounts,
    pub mean_emotion: Option<f64>,
}

/// The figures of one journey in one release.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JourneyFigures {
    pub health_score: f64,
    pub rating: crate::analysis::Rating,
    pub mean_emotion: Option<f64>,
    pub open_pain_points: usize,
    pub kpis: KpiStatusCounts,
    pub overall_conversion: Option<f64>,
    pub bottleneck: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JourneyRef {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PainPointChange {
    pub journey: JourneyRef,
    pub stage: String,
    pub stage_name: String,
    pub id: Option<String>,
    pub text: String,
    pub severity: Severity,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OpportunityChange {
    pub journey: JourneyRef,
    pub stage: String,
    pub stage_name: String,
    pub id: Option<String>,
    pub text: String,
    /// `None` for an added opportunity.
    pub before: Option<Status>,
    pub after: Status,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmotionChange {
    pub journey: JourneyRef,
    pub stage: String,
    pub stage_name: String,
    pub before: Option<i8>,
    pub after: Option<i8>,
    pub verdict: Verdict,
}

/// A KPI's latest value and judgement on one side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KpiSide {
    pub period: String,
    pub value: f64,
    pub target: f64,
    pub status: KpiStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KpiChange {
    pub journey: JourneyRef,
    pub stage: String,
    pub stage_name: String,
    pub metric: String,
    pub label: String,
    pub unit: Unit,
    pub before: Option<KpiSide>,
    pub after: Option<KpiSide>,
    pub verdict: Verdict,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BottleneckMove {
    pub journey: JourneyRef,
    /// Stage names; `None` where the journey had no bottleneck.
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConversionChange {
    pub journey: JourneyRef,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub verdict: Verdict,
}

/// Everything that changed from an older state to a newer one. Pain points, opportunities,
/// emotions, KPIs and funnels are compared within journeys present in both.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Changes {
    pub journeys_added: Vec<JourneyRef>,
    pub journeys_removed: Vec<JourneyRef>,
    pub pain_points_added: Vec<PainPointChange>,
    pub pain_points_resolved: Vec<PainPointChange>,
    pub opportunities_added: Vec<OpportunityChange>,
    pub opportunity_status_changes: Vec<OpportunityChange>,
    pub emotion_changes: Vec<EmotionChange>,
    pub kpi_changes: Vec<KpiChange>,
    pub bottleneck_moves: Vec<BottleneckMove>,
    pub conversion_changes: Vec<ConversionChange>,
}

impl Changes {
    /// How many changes there are of every kind together.
    pub fn total(&self) -> usize {
        self.journeys_added.len()
            + self.journeys_removed.len()
            + self.pain_points_added.len()
            + self.pain_points_resolved.len()
            + self.opportunities_added.len()
            + self.opportunity_status_changes.len()
            + self.emotion_changes.len()
            + self.kpi_changes.len()
            + self.bottleneck_moves.len()
            + self.conversion_changes.len()
    }
}

/// The headline figures of a state.
pub fn headline(state: State) -> Headline {
    let severities = Severity::ALL.iter().rev().map(|s| s.as_str().to_string());
    let mut open_pain_points: BTreeMap<String, usize> = severities.map(|s| (s, 0)).collect();
    for journey in &state.site.journeys {
        for (_, pain_point) in open_pain_points_of(journey) {
            *open_pain_points
                .entry(pain_point.severity.as_str().to_string())
                .or_default() += 1;
        }
    }
    let portfolio = &state.analysis.portfolio;
    Headline {
        journeys: state.site.journeys.len(),
        open_pain_points_total: open_pain_points.values().sum(),
        open_pain_points,
        kpis: portfolio.kpi_status_counts,
        mean_emotion: portfolio.mean_emotion,
    }
}

/// The figures of `journey` as analysed in `analysis`.
pub fn journey_figures(journey: &Journey, analysis: &JourneyAnalysis) -> JourneyFigures {
    let funnel = analysis.funnel.as_ref();
    JourneyFigures {
        health_score: analysis.health.score,
        rating: analysis.health.rating,
        mean_emotion: analysis.health.mean_emotion,
        open_pain_points: open_pain_points_of(journey).count(),
        kpis: analysis.health.kpi_status_counts,
        overall_conversion: funnel.and_then(|f| f.overall_conversion),
        bottleneck: funnel
            .and_then(|f| f.bottleneck.as_ref())
            .map(|b| b.stage_name.to_string()),
    }
}

/// The pain points of `journey` that no done opportunity addresses, with their stage
/// names. A pain point without an id cannot be addressed, so it is open.
fn open_pain_points_of(
    journey: &Journey,
) -> impl Iterator<Item = (&str, &crate::model::PainPoint)> {
    let done: Vec<&crate::model::Id> = journey
        .front
        .stages
        .iter()
        .flat_map(|s| &s.opportunities)
        .filter(|o| o.status == Status::Done)
        .flat_map(|o| &o.addresses)
        .collect();
    journey.front.stages.iter().flat_map(move |stage| {
        let done = done.clone();
        stage
            .pain_points
            .iter()
            .filter(move |p| !p.id.as_ref().is_some_and(|id| done.contains(&id)))
            .map(move |p| (stage.name.as_ref(), p))
    })
}

/// What changed from `older` to `newer`, journeys paired by id.
pub fn diff(older: State, newer: State) -> Changes {
    diff_paired(older, newer, &pairs::journeys_by_id(older.site, newer.site))
}

/// What changed from `older` to `newer`, journeys paired as `journeys` says; a pair under
/// two ids (a rename) is compared as one journey.
pub fn diff_paired(older: State, newer: State, journeys: &pairs::Pairing) -> Changes {
    let mut changes = Changes::default();
    let (old_journeys, new_journeys) = (&older.site.journeys, &newer.site.journeys);
    changes.journeys_added = journeys
        .added
        .iter()
        .map(|&n| journey_ref(&new_journeys[n]))
        .collect();
    changes.journeys_removed = journeys
        .removed
        .iter()
        .map(|&o| journey_ref(&old_journeys[o]))
        .collect();
    for &(o, n) in &journeys.pairs {
        let (journey, new) = (&old_journeys[o], &new_journeys[n]);
        let (Some(old_analysis), Some(new_analysis)) = (
            older.analysis.journeys.get(&journey.id),
            newer.analysis.journeys.get(&new.id),
        ) else {
            continue;
        };
        let at = journey_ref(new);
        journey::pain_points(journey, new, &at, &mut changes);
        journey::opportunities(journey, new, &at, &mut changes);
        journey::emotions(journey, new, &at, &mut changes);
        journey::kpis(old_analysis, new_analysis, newer.site, &at, &mut changes);
        journey::funnels(old_analysis, new_analysis, &at, &mut changes);
    }
    changes
}

fn journey_ref(journey: &Journey) -> JourneyRef {
    JourneyRef {
        id: journey.id.to_string(),
        title: journey.front.title.clone(),
    }
}
