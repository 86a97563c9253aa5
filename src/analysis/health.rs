//! A journey's health at a glance: emotion, pain, open work and KPI status in one place.

use super::kpi::{Kpi, KpiStatus};
use super::mean;
use crate::model::{Id, Journey, Severity, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// How many KPIs are in each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KpiStatusCounts {
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
}

impl KpiStatusCounts {
    pub fn of<'a>(kpis: impl IntoIterator<Item = &'a Kpi>) -> Self {
        let mut counts = Self::default();
        for kpi in kpis {
            match kpi.status {
                KpiStatus::OnTrack => counts.on_track += 1,
                KpiStatus::AtRisk => counts.at_risk += 1,
                KpiStatus::OffTrack => counts.off_track += 1,
            }
        }
        counts
    }

    pub fn total(self) -> usize {
        self.on_track + self.at_risk + self.off_track
    }
}

impl std::ops::Add for KpiStatusCounts {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        KpiStatusCounts {
            on_track: self.on_track + other.on_track,
            at_risk: self.at_risk + other.at_risk,
            off_track: self.off_track + other.off_track,
        }
    }
}

/// The stage where the customer feels worst.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageEmotion {
    pub stage: Id,
    pub stage_name: Arc<str>,
    pub emotion: f64,
}

/// The word for a health score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Good,
    Fair,
    Poor,
    /// No emotion, KPI or pain point to judge by: a journey just started.
    #[serde(rename = "not-rated")]
    NotRated,
}

/// A journey's health at a glance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Health {
    pub mean_emotion: Option<f64>,
    pub lowest_stage: Option<StageEmotion>,
    /// Every severity as a key, zero counts included, so templates need no defaults.
    pub pain_points_by_severity: BTreeMap<&'static str, usize>,
    /// Every status as a key, zero counts included.
    pub opportunities_by_status: BTreeMap<&'static str, usize>,
    pub kpi_status_counts: KpiStatusCounts,
    /// 0 (worst) ..= 100 (best); see [`score`].
    pub score: f64,
    pub rating: Rating,
}

/// The health of a journey given its KPIs.
pub fn health(journey: &Journey, kpis: &[Kpi]) -> Health {
    let stages = &journey.front.stages;
    let mean_emotion = mean(
        stages
            .iter()
            .filter_map(|s| s.emotion.map(|e| f64::from(e.value()))),
    );
    let lowest_stage = stages
        .iter()
        .filter_map(|s| s.emotion.map(|e| (s, e)))
        // `min_by_key` keeps the first of equals: the earliest stage.
        .min_by_key(|(_, e)| *e)
        .map(|(s, e)| StageEmotion {
            stage: s.id.clone(),
            stage_name: s.name.clone(),
            emotion: f64::from(e.value()),
        });
    let pain_points_by_severity = severity_counts(
        stages
            .iter()
            .flat_map(|s| &s.pain_points)
            .map(|p| p.severity),
    );
    let opportunities_by_status = status_counts(
        stages
            .iter()
            .flat_map(|s| &s.opportunities)
            .map(|o| o.status),
    );
    let kpi_status_counts = KpiStatusCounts::of(kpis);
    let score = score(mean_emotion, kpi_status_counts, &pain_points_by_severity);
    let evidence = mean_emotion.is_some()
        || !kpis.is_empty()
        || pain_points_by_severity.values().any(|&n| n > 0);
    Health {
        mean_emotion,
        lowest_stage,
        pain_points_by_severity,
        opportunities_by_status,
        kpi_status_counts,
        score,
        rating: if evidence {
            rating(score)
        } else {
            Rating::NotRated
        },
    }
}

/// Counts per severity, with all four severities present.
pub fn severity_counts(
    severities: impl IntoIterator<Item = Severity>,
) -> BTreeMap<&'static str, usize> {
    let mut counts: BTreeMap<&'static str, usize> =
        Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    for s in severities {
        *counts.entry(s.as_str()).or_default() += 1;
    }
    counts
}

/// Counts per opportunity status, with all four statuses present.
pub fn status_counts(statuses: impl IntoIterator<Item = Status>) -> BTreeMap<&'static str, usize> {
    let mut counts: BTreeMap<&'static str, usize> =
        Status::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    for s in statuses {
        *counts.entry(s.as_str()).or_default() += 1;
    }
    counts
}

/// The most the KPIs, and separately the pain points, can take off the score, so that
/// one long list cannot hide how customers feel.
const KPI_PENALTY_CAP: f64 = 30.0;
const PAIN_PENALTY_CAP: f64 = 30.0;

/// A 0..=100 health score, rounded to a whole number. Starting from 100, it subtracts:
/// - emotion: 10 points per step below +2 on the mean emotion (-2..=+2 → 40..=0); a journey
///   with no emotions is scored as neutral (0 → 20), since no evidence is not good news;
/// - KPIs: 10 per off-track and 5 per at-risk KPI, at most 30;
/// - pain: 10 per critical and 5 per high pain point, at most 30.
pub fn score(
    mean_emotion: Option<f64>,
    kpis: KpiStatusCounts,
    pain_points_by_severity: &BTreeMap<&'static str, usize>,
) -> f64 {
    let emotion = mean_emotion.unwrap_or(0.0).clamp(-2.0, 2.0);
    let emotion_penalty = (2.0 - emotion) * 10.0;
    let kpi_penalty =
        (10.0 * kpis.off_track as f64 + 5.0 * kpis.at_risk as f64).min(KPI_PENALTY_CAP);
    let count = |s: Severity| {
        pain_points_by_severity
            .get(s.as_str())
            .copied()
            .unwrap_or(0) as f64
    };
    let pain_penalty =
        (10.0 * count(Severity::Critical) + 5.0 * count(Severity::High)).min(PAIN_PENALTY_CAP);
    (100.0 - emotion_penalty - kpi_penalty - pain_penalty)
        .clamp(0.0, 100.0)
        .round()
}

/// Good from 70, fair from 40, poor below.
pub fn rating(score: f64) -> Rating {
    if score >= 70.0 {
        Rating::Good
    } else if score >= 40.0 {
        Rating::Fair
    } else {
        Rating::Poor
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::kpi::kpi;
    use crate::analysis::testutil::*;
    use crate::model::{Level, Severity::*};

    fn kpi_with(status_value: f64) -> Kpi {
        // CSAT against a target of 4.0: 4.0 on track, 3.8 at risk, 3.0 off track.
        let points = series("s", "csat", None, &[("2026-Q1", status_value, Some(4.0))]).points;
        kpi(&stage("s", None), "csat", &metric_defs()["csat"], &points).unwrap()
    }

    #[test]
    fn a_journey_with_nothing_to_judge_by_is_not_rated() {
        let blank = journey("blank", vec![stage("a", None), stage("b", None)]);
        assert_eq!(health(&blank, &[]).rating, Rating::NotRated);
        let mut with_pain = stage("a", None);
        with_pain.pain_points = vec![pain(None, "x", Low)];
        let judged = journey("judged", vec![with_pain]);
        assert_ne!(health(&judged, &[]).rating, Rating::NotRated);
        let measured = journey("measured", vec![stage("s", None)]);
        assert_ne!(health(&measured, &[kpi_with(4.0)]).rating, Rating::NotRated);
        assert_eq!(
            serde_json::to_value(Rating::NotRated).unwrap(),
            serde_json::json!("not-rated")
        );
    }

    #[test]
    fn counts_emotion_and_score_of_a_journey() {
        let mut a = stage("a", Some(1));
        a.pain_points = vec![pain(None, "x", Critical), pain(None, "y", High)];
        a.opportunities = vec![
            opp("o1", Level::High, Level::Low, Status::Done, &[]),
            opp("o2", Level::High, Level::Low, Status::Idea, &[]),
            opp("o3", Level::Low, Level::Low, Status::Idea, &[]),
        ];
        let mut b = stage("b", Some(-2));
        b.pain_points = vec![pain(None, "z", High)];
        let c = stage("c", None);
        let d = stage("d", Some(-2));
        let j = journey("j", vec![a, b, c, d]);
        let kpis = vec![kpi_with(4.0), kpi_with(3.8), kpi_with(3.0), kpi_with(2.0)];
        let h = health(&j, &kpis);

        assert_eq!(h.mean_emotion, Some(-1.0));
        let lowest = h.lowest_stage.unwrap();
        assert_eq!((lowest.stage.as_str(), lowest.emotion), ("b", -2.0));
        assert_eq!(&*lowest.stage_name, "Stage b");
        assert_eq!(
            h.pain_points_by_severity,
            BTreeMap::from([("critical", 1), ("high", 2), ("low", 0), ("medium", 0),])
        );
        assert_eq!(
            h.opportunities_by_status,
            BTreeMap::from([("done", 1), ("idea", 2), ("in-progress", 0), ("planned", 0),])
        );
        let counts = KpiStatusCounts {
            on_track: 1,
            at_risk: 1,
            off_track: 2,
        };
        assert_eq!(h.kpi_status_counts, counts);
        assert_eq!(counts.total(), 4);
        // 100 - 30 (emotion -1) - 25 (2 off, 1 at risk) - 20 (1 critical, 2 high) = 25.
        assert_eq!(h.score, 25.0);
        assert_eq!(h.rating, Rating::Poor);
    }

    #[test]
    fn an_empty_journey_is_scored_neutral_but_not_rated() {
        let h = health(&journey("j", vec![stage("a", None)]), &[]);
        assert_eq!(h.mean_emotion, None);
        assert_eq!(h.lowest_stage, None);
        assert_eq!(h.pain_points_by_severity.values().sum::<usize>(), 0);
        assert_eq!(h.pain_points_by_severity.len(), 4);
        assert_eq!(h.opportunities_by_status.len(), 4);
        assert_eq!(h.score, 80.0);
        assert_eq!(h.rating, Rating::NotRated);
    }

    #[test]
    fn penalties_are_capped_and_the_score_bounded() {
        let pains = severity_counts([Critical; 9]);
        let many = KpiStatusCounts {
            on_track: 0,
            at_risk: 0,
            off_track: 9,
        };
        // 100 - 0 - 30 - 30.
        assert_eq!(score(Some(2.0), many, &pains), 40.0);
        assert_eq!(score(Some(-2.0), many, &pains), 0.0);
        assert_eq!(
            score(Some(2.0), KpiStatusCounts::default(), &severity_counts([])),
            100.0
        );
        // Rounded: mean emotion 1/3 costs 16.67 points.
        assert_eq!(
            score(
                Some(1.0 / 3.0),
                KpiStatusCounts::default(),
                &severity_counts([])
            ),
            83.0
        );
    }

    #[test]
    fn ratings_at_their_thresholds() {
        assert_eq!(rating(100.0), Rating::Good);
        assert_eq!(rating(70.0), Rating::Good);
        assert_eq!(rating(69.0), Rating::Fair);
        assert_eq!(rating(40.0), Rating::Fair);
        assert_eq!(rating(39.0), Rating::Poor);
        assert_eq!(serde_json::to_value(Rating::Fair).unwrap(), "fair");
    }

    #[test]
    fn the_earliest_of_equally_low_stages_is_the_lowest() {
        let j = journey(
            "j",
            vec![
                stage("a", Some(0)),
                stage("b", Some(-1)),
                stage("c", Some(-1)),
            ],
        );
        assert_eq!(health(&j, &[]).lowest_stage.unwrap().stage.as_str(), "b");
    }
}
