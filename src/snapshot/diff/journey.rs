//! The changes within one journey paired with its earlier self: pain points and
//! opportunities matched by id or text, stage emotions, KPIs and the funnel.

use super::{
    BottleneckMove, Changes, ConversionChange, EmotionChange, JourneyRef, KpiChange, KpiSide,
    OpportunityChange, PainPointChange, Verdict,
};
use crate::analysis::{tolerance, JourneyAnalysis};
use crate::model::{Better, Journey, Site};

/// Pairs items of two lists: first by id where the newer item has one, then by exact text
/// among the rest. Returns, for each newer item, the index of its older match.
fn match_items<T>(
    older: &[T],
    newer: &[T],
    id: impl Fn(&T) -> Option<&str>,
    text: impl Fn(&T) -> &str,
) -> Vec<Option<usize>> {
    let mut taken = vec![false; older.len()];
    let mut matches = vec![None; newer.len()];
    for (n, item) in newer.iter().enumerate() {
        let Some(wanted) = id(item) else { continue };
        if let Some(o) = (0..older.len()).find(|&o| !taken[o] && id(&older[o]) == Some(wanted)) {
            taken[o] = true;
            matches[n] = Some(o);
        }
    }
    for (n, item) in newer.iter().enumerate() {
        if matches[n].is_some() {
            continue;
        }
        if let Some(o) = (0..older.len()).find(|&o| !taken[o] && text(&older[o]) == text(item)) {
            taken[o] = true;
            matches[n] = Some(o);
        }
    }
    matches
}

/// Every item of a list field of the stages, with its stage.
fn items<'a, T>(
    journey: &'a Journey,
    field: impl Fn(&'a crate::model::Stage) -> &'a [T],
) -> Vec<(&'a crate::model::Stage, &'a T)> {
    journey
        .front
        .stages
        .iter()
        .flat_map(|s| field(s).iter().map(move |item| (s, item)))
        .collect()
}

pub(super) fn pain_points(old: &Journey, new: &Journey, at: &JourneyRef, changes: &mut Changes) {
    let older = items(old, |s| &s.pain_points);
    let newer = items(new, |s| &s.pain_points);
    let matches = match_items(
        &older,
        &newer,
        |(_, p)| p.id.as_ref().map(|i| i.as_str()),
        |(_, p)| &p.text,
    );
    let change = |(stage, p): &(&crate::model::Stage, &crate::model::PainPoint)| PainPointChange {
        journey: at.clone(),
        stage: stage.id.to_string(),
        stage_name: stage.name.to_string(),
        id: p.id.as_ref().map(ToString::to_string),
        text: p.text.to_string(),
        severity: p.severity,
    };
    for (n, item) in newer.iter().enumerate() {
        if matches[n].is_none() {
            changes.pain_points_added.push(change(item));
        }
    }
    for (o, item) in older.iter().enumerate() {
        if !matches.contains(&Some(o)) {
            changes.pain_points_resolved.push(change(item));
        }
    }
}

pub(super) fn opportunities(old: &Journey, new: &Journey, at: &JourneyRef, changes: &mut Changes) {
    let older = items(old, |s| &s.opportunities);
    let newer = items(new, |s| &s.opportunities);
    let matches = match_items(
        &older,
        &newer,
        |(_, o)| o.id.as_ref().map(|i| i.as_str()),
        |(_, o)| &o.text,
    );
    for (n, (stage, opportunity)) in newer.iter().enumerate() {
        let before = matches[n].map(|o| older[o].1.status);
        if before == Some(opportunity.status) {
            continue;
        }
        let change = OpportunityChange {
            journey: at.clone(),
            stage: stage.id.to_string(),
            stage_name: stage.name.to_string(),
            id: opportunity.id.as_ref().map(ToString::to_string),
            text: opportunity.text.to_string(),
            before,
            after: opportunity.status,
        };
        match before {
            None => changes.opportunities_added.push(change),
            Some(_) => changes.opportunity_status_changes.push(change),
        }
    }
}

pub(super) fn emotions(old: &Journey, new: &Journey, at: &JourneyRef, changes: &mut Changes) {
    for stage in &new.front.stages {
        let Some(before) = old.front.stages.iter().find(|s| s.id == stage.id) else {
            continue;
        };
        let (before, after) = (
            before.emotion.map(|e| e.value()),
            stage.emotion.map(|e| e.value()),
        );
        if before == after {
            continue;
        }
        let verdict = match (before, after) {
            (Some(b), Some(a)) if a > b => Verdict::Better,
            (Some(b), Some(a)) if a < b => Verdict::Worse,
            _ => Verdict::Changed,
        };
        changes.emotion_changes.push(EmotionChange {
            journey: at.clone(),
            stage: stage.id.to_string(),
            stage_name: stage.name.to_string(),
            before,
            after,
            verdict,
        });
    }
}

pub(super) fn kpis(
    old: &JourneyAnalysis,
    new: &JourneyAnalysis,
    newer_site: &Site,
    at: &JourneyRef,
    changes: &mut Changes,
) {
    let side = |k: &crate::analysis::Kpi| KpiSide {
        period: k.period.to_string(),
        value: k.value,
        target: k.target,
        status: k.status,
    };
    let better = |metric: &str| {
        newer_site
            .config
            .metrics
            .get(metric)
            .map_or(Better::Higher, |d| d.better)
    };
    for kpi in &new.kpis {
        let before = old
            .kpis
            .iter()
            .find(|k| k.stage == kpi.stage && k.metric == kpi.metric);
        let verdict = match before {
            None => Verdict::Changed,
            Some(b) => {
                let delta = kpi.value - b.value;
                if delta.abs() <= tolerance(b.value) {
                    if b.status == kpi.status {
                        continue;
                    }
                    Verdict::Changed
                } else if (delta > 0.0) == (better(&kpi.metric) == Better::Higher) {
                    Verdict::Better
                } else {
                    Verdict::Worse
                }
            }
        };
        changes.kpi_changes.push(KpiChange {
            journey: at.clone(),
            stage: kpi.stage.to_string(),
            stage_name: kpi.stage_name.to_string(),
            metric: kpi.metric.to_string(),
            label: kpi.label.to_string(),
            unit: kpi.unit,
            before: before.map(side),
            after: Some(side(kpi)),
            verdict,
        });
    }
    for kpi in &old.kpis {
        if !new
            .kpis
            .iter()
            .any(|k| k.stage == kpi.stage && k.metric == kpi.metric)
        {
            changes.kpi_changes.push(KpiChange {
                journey: at.clone(),
                stage: kpi.stage.to_string(),
                stage_name: kpi.stage_name.to_string(),
                metric: kpi.metric.to_string(),
                label: kpi.label.to_string(),
                unit: kpi.unit,
                before: Some(side(kpi)),
                after: None,
                verdict: Verdict::Changed,
            });
        }
    }
}

pub(super) fn funnels(
    old: &JourneyAnalysis,
    new: &JourneyAnalysis,
    at: &JourneyRef,
    changes: &mut Changes,
) {
    let bottleneck = |a: &JourneyAnalysis| {
        a.funnel
            .as_ref()
            .and_then(|f| f.bottleneck.as_ref())
            .map(|b| (b.stage.clone(), b.stage_name.clone()))
    };
    let (before, after) = (bottleneck(old), bottleneck(new));
    if before.as_ref().map(|b| &b.0) != after.as_ref().map(|a| &a.0) {
        changes.bottleneck_moves.push(BottleneckMove {
            journey: at.clone(),
            before: before.map(|b| b.1.to_string()),
            after: after.map(|a| a.1.to_string()),
        });
    }
    let conversion = |a: &JourneyAnalysis| a.funnel.as_ref().and_then(|f| f.overall_conversion);
    let (before, after) = (conversion(old), conversion(new));
    let verdict = match (before, after) {
        (Some(b), Some(a)) if (a - b).abs() <= tolerance(b) => return,
        (Some(b), Some(a)) if a > b => Verdict::Better,
        (Some(_), Some(_)) => Verdict::Worse,
        (None, None) => return,
        _ => Verdict::Changed,
    };
    changes.conversion_changes.push(ConversionChange {
        journey: at.clone(),
        before,
        after,
        verdict,
    });
}
