//! Whether a change worked: an opportunity's experiment evaluated into a verdict, and the
//! KPI it was meant to move before and after it shipped.
//!
//! An opportunity with an `experiment` gets its statistics from [`experiment::evaluate`].
//! A `done` opportunity with `done_on` and `metric` gets an [`Outcome`]: the metric at the
//! opportunity's stage, in the series the KPI trends show (segments combined), in the
//! latest period that ends on or before `done_on` (*before*) and in the latest period with
//! data if it starts after `done_on` (*after*). What leaves the loop open, a done change
//! that names no metric or date, an ended experiment without a decision, is an
//! [`OpenLoop`] that lint reports.

use super::experiment::{self, Arms, ExperimentResult, MeanArm, RateArm};
use super::kpi::{self, Trend};
use super::priority::RankedOpportunity;
use super::series::stage_series;
use super::JourneyAnalysis;
use crate::model::{
    ArmProblem, Better, Date, Decision, Id, Journey, JourneyMetrics, Measure, MetricDef,
    Opportunity, Period, Status,
};
use crate::yaml::Seg;
use serde::Serialize;
use std::collections::BTreeMap;

/// An opportunity's experiment with its statistics and verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvaluatedExperiment {
    pub name: String,
    /// The metric it measures: its own `metric`, else the opportunity's.
    pub metric: String,
    pub started: Date,
    pub ended: Option<Date>,
    #[serde(flatten)]
    pub result: ExperimentResult,
    pub decision: Option<Decision>,
}

/// The KPI an opportunity was meant to move, before and after it shipped.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    pub metric: String,
    pub stage: Id,
    /// The latest period that ends on or before `done_on`; `None`: no data before.
    pub before: Option<Reading>,
    /// The latest period with data, if it starts after `done_on`; `None`: too early to
    /// tell.
    pub after: Option<Reading>,
    /// `after - before`, when both are known.
    pub delta: Option<f64>,
    pub trend: Option<Change>,
}

/// The value of a metric in one period.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Reading {
    pub period: Period,
    pub value: f64,
}

/// How a KPI moved from before a change to after it, judged by the metric's `better`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Better,
    Worse,
    Same,
}

impl Change {
    /// The change as written in site.json.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Better => "better",
            Change::Worse => "worse",
            Change::Same => "same",
        }
    }
}

/// Content that is valid but leaves the loop open; lint reports it as a warning at
/// `at`, outside the completeness score.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenLoop {
    pub at: Vec<Seg<'static>>,
    pub message: String,
    pub hint: String,
}

/// A shipped change on the KPI chart of its stage and metric.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShipDate<'a> {
    pub stage: &'a Id,
    pub metric: &'a str,
    pub date: Date,
    pub opportunity: &'a RankedOpportunity,
}

impl JourneyAnalysis {
    /// Every change shipped with a `done_on` and a `metric`, sorted by metric, stage and
    /// date: the ship dates the KPI chart of each (stage, metric) marks.
    pub fn ship_dates(&self) -> Vec<ShipDate<'_>> {
        let mut dates: Vec<ShipDate> = self
            .opportunities
            .iter()
            .filter_map(|o| {
                let outcome = o.outcome.as_deref()?;
                Some(ShipDate {
                    stage: &o.stage,
                    metric: &outcome.metric,
                    date: o.done_on?,
                    opportunity: o,
                })
            })
            .collect();
        dates.sort_by_key(|d| {
            (
                d.metric,
                d.opportunity.stage_position,
                d.date,
                d.opportunity.index_in_stage,
            )
        });
        dates
    }
}

/// Which arms an experiment's fields do not make, and why.
#[derive(Clone, Debug, PartialEq)]
pub enum ArmsProblem {
    /// One arm is neither a rate nor a mean.
    Arm {
        arm: experiment::Arm,
        problem: ArmProblem,
    },
    /// The control is a rate and the variant a mean, or the other way round.
    Mixed { control_is_rate: bool },
}

/// The arms of `experiment` as the statistics take them.
pub fn arms(experiment: &crate::model::Experiment) -> Result<Arms, ArmsProblem> {
    let measure = |arm, written: &crate::model::ExperimentArm| {
        written
            .measure()
            .map_err(|problem| ArmsProblem::Arm { arm, problem })
    };
    let control = measure(experiment::Arm::Control, &experiment.control)?;
    let variant = measure(experiment::Arm::Variant, &experiment.variant)?;
    match (control, variant) {
        (
            Measure::Rate { n, conversions },
            Measure::Rate {
                n: vn,
                conversions: vc,
            },
        ) => Ok(Arms::Rate {
            control: RateArm { n, conversions },
            variant: RateArm {
                n: vn,
                conversions: vc,
            },
        }),
        (
            Measure::Mean { n, mean, sd },
            Measure::Mean {
                n: vn,
                mean: vm,
                sd: vsd,
            },
        ) => Ok(Arms::Mean {
            control: MeanArm { n, mean, sd },
            variant: MeanArm {
                n: vn,
                mean: vm,
                sd: vsd,
            },
        }),
        (control, _) => Err(ArmsProblem::Mixed {
            control_is_rate: control.is_rate(),
        }),
    }
}

/// What [`experiment::evaluate`] needs of `written`, judged by `better`.
pub fn stats_input(
    written: &crate::model::Experiment,
    better: Better,
) -> Result<experiment::Experiment, ArmsProblem> {
    Ok(experiment::Experiment {
        arms: arms(written)?,
        split: written.split.clone(),
        ended: written.ended.is_some(),
        better,
    })
}

/// The metric an opportunity's experiment measures: its own, else the opportunity's.
pub fn experiment_metric<'a>(
    opportunity: &'a Opportunity,
    written: &'a crate::model::Experiment,
) -> Option<&'a str> {
    written.metric.as_deref().or(opportunity.metric.as_deref())
}

/// The evaluated experiment of `opportunity`, if it has one that validation let through.
pub fn evaluate_experiment(
    opportunity: &Opportunity,
    defs: &BTreeMap<String, MetricDef>,
) -> Option<EvaluatedExperiment> {
    let written = opportunity.experiment.as_deref()?;
    let metric = experiment_metric(opportunity, written)?;
    let def = defs.get(metric)?;
    let input = stats_input(written, def.better).ok()?;
    let result = experiment::evaluate(&input).ok()?;
    Some(EvaluatedExperiment {
        name: written.name.clone(),
        metric: metric.to_string(),
        started: written.started,
        ended: written.ended,
        result,
        decision: written.decision,
    })
}

/// The outcome of `opportunity` at stage `stage`, if it is done with a `done_on` and a
/// known `metric`.
pub fn outcome(
    stage: &Id,
    opportunity: &Opportunity,
    metrics: &JourneyMetrics,
    defs: &BTreeMap<String, MetricDef>,
) -> Option<Outcome> {
    if opportunity.status != Status::Done {
        return None;
    }
    let done_on = opportunity.done_on?.days_since_epoch();
    let key = opportunity.metric.as_deref()?;
    let def = defs.get(key)?;
    let points = stage_series(metrics, stage.as_str(), key, def.unit);
    let reading = |p: &crate::model::Point| Reading {
        period: p.period,
        value: p.value,
    };
    let before = points
        .iter()
        .filter(|p| p.period.end() <= done_on)
        // Of periods ending the same day, the shorter one is nearer the change.
        .max_by_key(|p| (p.period.end(), p.period.start))
        .map(reading);
    // The latest period is the one the KPI shows: the last by start.
    let after = points
        .last()
        .filter(|p| p.period.first_day() > done_on)
        .map(reading);
    let delta = match (before, after) {
        (Some(b), Some(a)) => Some(a.value - b.value).filter(|d| d.is_finite()),
        _ => None,
    };
    let trend = match (delta, after) {
        (Some(d), Some(a)) => Some(match kpi::trend(d, a.value, def.better) {
            Trend::Better => Change::Better,
            Trend::Worse => Change::Worse,
            Trend::Flat => Change::Same,
        }),
        _ => None,
    };
    Some(Outcome {
        metric: key.to_string(),
        stage: stage.clone(),
        before,
        after,
        delta,
        trend,
    })
}

/// Gives each of `ranked` (the opportunities of `journey`) its experiment and outcome.
pub fn attach(
    journey: &Journey,
    metrics: &JourneyMetrics,
    defs: &BTreeMap<String, MetricDef>,
    ranked: &mut [RankedOpportunity],
) {
    for entry in ranked {
        let Some(stage) = journey.front.stages.get(entry.stage_position - 1) else {
            continue;
        };
        let Some(opportunity) = stage.opportunities.get(entry.index_in_stage) else {
            continue;
        };
        entry.experiment = evaluate_experiment(opportunity, defs).map(Box::new);
        entry.outcome = outcome(&stage.id, opportunity, metrics, defs).map(Box::new);
    }
}

/// What leaves the loop open in `journey`: a done opportunity without `metric` or
/// `done_on`, and an experiment that ended before `reference` (the newest data, see
/// [`super::completeness::reference_date`]) without a `decision`.
pub fn open_loops(journey: &Journey, reference: Option<Date>) -> Vec<OpenLoop> {
    let mut loops = Vec::new();
    for (s, stage) in journey.front.stages.iter().enumerate() {
        for (o, opportunity) in stage.opportunities.iter().enumerate() {
            let path = |rest: &[Seg<'static>]| {
                let mut path = vec![
                    Seg::Key("stages"),
                    Seg::Index(s),
                    Seg::Key("opportunities"),
                    Seg::Index(o),
                ];
                path.extend_from_slice(rest);
                path
            };
            if opportunity.status == Status::Done {
                let missing: Vec<&str> = [
                    ("`metric`", opportunity.metric.is_none()),
                    ("`done_on`", opportunity.done_on.is_none()),
                ]
                .into_iter()
                .filter_map(|(key, missing)| missing.then_some(key))
                .collect();
                if !missing.is_empty() {
                    loops.push(OpenLoop {
                        at: path(&[]),
                        message: format!(
                            "done opportunity without {}: {}",
                            missing.join(" and "),
                            opportunity.text
                        ),
                        hint: "say what it was meant to move: `metric:` names the site.yaml \
                               metric, `done_on:` the day it shipped (YYYY-MM-DD)"
                            .into(),
                    });
                }
            }
            let Some(experiment) = opportunity.experiment.as_deref() else {
                continue;
            };
            if let (Some(ended), Some(reference), None) =
                (experiment.ended, reference, experiment.decision)
            {
                if ended < reference {
                    loops.push(OpenLoop {
                        at: path(&[Seg::Key("experiment"), Seg::Key("ended")]),
                        message: format!(
                            "experiment `{}` ended on {ended} and has no `decision`",
                            experiment.name
                        ),
                        hint: format!(
                            "add `decision: ship`, `iterate` or `stop`; the newest data is of \
                             {reference}"
                        ),
                    });
                }
            }
        }
    }
    loops
}

#[cfg(test)]
mod tests;
