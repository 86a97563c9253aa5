//! The funnel: how many customers reach each stage, and where most of them are lost.

use super::ratio;
use super::series::stage_series;
use crate::model::{Id, Journey, JourneyMetrics, MetricDef, Period, Stage};
use serde::Serialize;
use std::sync::Arc;

/// The funnel metric across a journey's stages in one period.
///
/// Serialized with `bottleneck` as the stage id (what consumers of site.json match on)
/// and the whole [`Bottleneck`] as `bottleneck_detail`.
#[derive(Clone, Debug, PartialEq)]
pub struct Funnel {
    pub metric: String,
    pub label: String,
    pub period: String,
    pub steps: Vec<FunnelStep>,
    /// Last step's value over the first's.
    pub overall_conversion: Option<f64>,
    pub bottleneck: Option<Bottleneck>,
}

impl Serialize for Funnel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Funnel", 7)?;
        out.serialize_field("metric", &self.metric)?;
        out.serialize_field("label", &self.label)?;
        out.serialize_field("period", &self.period)?;
        out.serialize_field("steps", &self.steps)?;
        out.serialize_field("overall_conversion", &self.overall_conversion)?;
        out.serialize_field("bottleneck", &self.bottleneck.as_ref().map(|b| &b.stage))?;
        out.serialize_field("bottleneck_detail", &self.bottleneck)?;
        out.end()
    }
}

/// One stage of a funnel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunnelStep {
    pub stage: Id,
    pub stage_name: Arc<str>,
    pub value: f64,
    /// This value over the previous step's; `None` for the first step or after a zero.
    pub conversion: Option<f64>,
    /// `1 - conversion`.
    pub drop_off: Option<f64>,
}

/// The step entered with the lowest conversion: where the funnel leaks most.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bottleneck {
    pub stage: Id,
    pub stage_name: Arc<str>,
    pub from_stage: Id,
    pub from_stage_name: Arc<str>,
    pub conversion: f64,
    pub drop_off: f64,
}

/// The funnel of `metric_key` for `journey`, in the latest period with any value of it.
///
/// Stages without a value in that period are left out rather than read as zero: a missing
/// export is not a stage nobody reached. A single step is not a funnel.
pub fn funnel(
    journey: &Journey,
    metrics: &JourneyMetrics,
    metric_key: &str,
    def: &MetricDef,
) -> Option<Funnel> {
    let per_stage: Vec<_> = journey
        .front
        .stages
        .iter()
        .map(|stage| {
            let points = stage_series(metrics, stage.id.as_str(), metric_key, def.unit);
            (stage, points)
        })
        .collect();
    let latest: &Period = per_stage
        .iter()
        .flat_map(|(_, points)| points.iter().map(|p| &p.period))
        .max()?;
    let values: Vec<(&Stage, f64)> = per_stage
        .iter()
        .filter_map(|(stage, points)| {
            let point = points.iter().find(|p| &p.period == latest)?;
            Some((*stage, point.value))
        })
        .collect();
    let steps = funnel_steps(&values);
    if steps.len() < 2 {
        return None;
    }
    Some(Funnel {
        metric: metric_key.to_string(),
        label: def.label.clone(),
        period: latest.label(),
        overall_conversion: overall_conversion(&steps),
        bottleneck: bottleneck(&steps),
        steps,
    })
}

/// Steps with the conversion from each previous step.
pub fn funnel_steps(values: &[(&Stage, f64)]) -> Vec<FunnelStep> {
    let mut previous: Option<f64> = None;
    values
        .iter()
        .map(|&(stage, value)| {
            let conversion = previous.and_then(|p| ratio(value, p));
            previous = Some(value);
            FunnelStep {
                stage: stage.id.clone(),
                stage_name: stage.name.clone(),
                value,
                conversion,
                drop_off: conversion.map(|c| 1.0 - c),
            }
        })
        .collect()
}

/// Last step over first step.
pub fn overall_conversion(steps: &[FunnelStep]) -> Option<f64> {
    match (steps.first(), steps.last()) {
        (Some(first), Some(last)) if steps.len() >= 2 => ratio(last.value, first.value),
        _ => None,
    }
}

/// The step with the lowest conversion; the earliest wins a tie, as the first leak is the
/// one every later stage inherits.
pub fn bottleneck(steps: &[FunnelStep]) -> Option<Bottleneck> {
    let mut worst: Option<(usize, f64)> = None;
    for (i, step) in steps.iter().enumerate().skip(1) {
        if let Some(c) = step.conversion {
            match worst {
                Some((_, w)) if w <= c => {}
                _ => worst = Some((i, c)),
            }
        }
    }
    let (i, _) = worst?;
    Bottleneck::at(steps, i)
}

impl Bottleneck {
    /// The bottleneck at step `i` of `steps`, from the step before it; `None` for the
    /// first step, or one without a conversion.
    pub fn at(steps: &[FunnelStep], i: usize) -> Option<Bottleneck> {
        let (from, to) = (steps.get(i.checked_sub(1)?)?, steps.get(i)?);
        Some(Bottleneck {
            stage: to.stage.clone(),
            stage_name: to.stage_name.clone(),
            from_stage: from.stage.clone(),
            from_stage_name: from.stage_name.clone(),
            conversion: to.conversion?,
            drop_off: to.drop_off?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::*;
    use crate::model::{Better, Unit};

    fn visitors() -> MetricDef {
        def("Visitors", Unit::Count, Better::Higher, true)
    }

    fn four_stages() -> Journey {
        journey(
            "buy",
            ["aware", "consider", "purchase", "use"]
                .iter()
                .map(|s| stage(s, None))
                .collect(),
        )
    }

    fn q1(stage: &str, value: f64) -> crate::model::Series {
        series(stage, "visitors", None, &[("2026-Q1", value, None)])
    }

    #[test]
    fn steps_conversion_overall_and_bottleneck() {
        let m = metrics(vec![
            q1("aware", 10000.0),
            q1("consider", 4000.0),
            q1("purchase", 400.0),
            q1("use", 300.0),
        ]);
        let f = funnel(&four_stages(), &m, "visitors", &visitors()).unwrap();
        assert_eq!(f.metric, "visitors");
        assert_eq!(f.label, "Visitors");
        assert_eq!(f.period, "2026-Q1");
        let conv: Vec<_> = f.steps.iter().map(|s| s.conversion).collect();
        assert_eq!(conv, vec![None, Some(0.4), Some(0.1), Some(0.75)]);
        assert_eq!(f.steps[1].drop_off, Some(0.6));
        assert_eq!(f.steps[0].drop_off, None);
        assert_eq!(&*f.steps[2].stage_name, "Stage purchase");
        assert_eq!(f.overall_conversion, Some(0.03));
        let b = f.bottleneck.unwrap();
        assert_eq!(b.stage.as_str(), "purchase");
        assert_eq!(b.from_stage.as_str(), "consider");
        assert_eq!(&*b.from_stage_name, "Stage consider");
        assert_eq!(b.conversion, 0.1);
        assert_eq!(b.drop_off, 0.9);
    }

    #[test]
    fn a_zero_step_has_no_conversion_after_it() {
        let m = metrics(vec![
            q1("aware", 0.0),
            q1("consider", 50.0),
            q1("purchase", 0.0),
            q1("use", 10.0),
        ]);
        let f = funnel(&four_stages(), &m, "visitors", &visitors()).unwrap();
        let conv: Vec<_> = f.steps.iter().map(|s| s.conversion).collect();
        assert_eq!(conv, vec![None, None, Some(0.0), None]);
        assert_eq!(f.overall_conversion, None);
        let b = f.bottleneck.unwrap();
        assert_eq!(
            (b.stage.as_str(), b.conversion, b.drop_off),
            ("purchase", 0.0, 1.0)
        );
    }

    #[test]
    fn the_earliest_of_equal_conversions_is_the_bottleneck() {
        let m = metrics(vec![
            q1("aware", 1000.0),
            q1("consider", 500.0),
            q1("purchase", 250.0),
        ]);
        let f = funnel(&four_stages(), &m, "visitors", &visitors()).unwrap();
        assert_eq!(f.steps.len(), 3);
        assert_eq!(f.bottleneck.unwrap().stage.as_str(), "consider");
        assert_eq!(f.overall_conversion, Some(0.25));
    }

    #[test]
    fn a_single_stage_is_no_funnel() {
        let m = metrics(vec![q1("consider", 500.0)]);
        assert_eq!(funnel(&four_stages(), &m, "visitors", &visitors()), None);
        assert_eq!(
            funnel(&four_stages(), &metrics(vec![]), "visitors", &visitors()),
            None
        );
    }

    #[test]
    fn the_latest_period_with_any_value_is_used_and_gaps_are_skipped() {
        let m = metrics(vec![
            series(
                "aware",
                "visitors",
                None,
                &[
                    ("2025", 1.0, None),
                    ("2026-Q1", 900.0, None),
                    ("2026-Q2", 1000.0, None),
                ],
            ),
            // No Q2 value: left out of the Q2 funnel, not read as zero.
            series("consider", "visitors", None, &[("2026-Q1", 450.0, None)]),
            series("purchase", "visitors", None, &[("2026-Q2", 200.0, None)]),
            // Another metric's later period does not move the funnel.
            series("use", "csat", None, &[("2027-Q1", 4.0, None)]),
        ]);
        let f = funnel(&four_stages(), &m, "visitors", &visitors()).unwrap();
        assert_eq!(f.period, "2026-Q2");
        let steps: Vec<_> = f
            .steps
            .iter()
            .map(|s| (s.stage.as_str(), s.value))
            .collect();
        assert_eq!(steps, vec![("aware", 1000.0), ("purchase", 200.0)]);
        assert_eq!(f.steps[1].conversion, Some(0.2));
    }

    #[test]
    fn segments_are_summed_into_the_funnel() {
        let m = metrics(vec![
            series(
                "aware",
                "visitors",
                Some("b2b"),
                &[("2026-Q1", 300.0, None)],
            ),
            series(
                "aware",
                "visitors",
                Some("b2c"),
                &[("2026-Q1", 700.0, None)],
            ),
            series(
                "consider",
                "visitors",
                Some("b2b"),
                &[("2026-Q1", 100.0, None)],
            ),
            series(
                "consider",
                "visitors",
                Some("b2c"),
                &[("2026-Q1", 150.0, None)],
            ),
        ]);
        let f = funnel(&four_stages(), &m, "visitors", &visitors()).unwrap();
        assert_eq!(f.steps[0].value, 1000.0);
        assert_eq!(f.steps[1].value, 250.0);
        assert_eq!(f.overall_conversion, Some(0.25));
    }

    #[test]
    fn steps_follow_the_journeys_stage_order() {
        // Series are stored sorted by stage id; the funnel follows the map instead.
        let m = metrics(vec![q1("use", 10.0), q1("aware", 100.0)]);
        let f = funnel(&four_stages(), &m, "visitors", &visitors()).unwrap();
        assert_eq!(f.steps[0].stage.as_str(), "aware");
        assert_eq!(f.steps[1].stage.as_str(), "use");
    }
}
