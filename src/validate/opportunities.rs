//! Checks of an opportunity's `metric` and `experiment` that span fields or files: metrics
//! that site.yaml defines, an experiment's dates in order, arms that are each a rate or a
//! mean and both alike, and counts the statistics can take. Each problem names the path
//! of the field it is at.

use crate::analysis::experiment::{self, Arm, StatsError};
use crate::analysis::outcome::{self, ArmsProblem};
use crate::model::{Better, Experiment, Journey, MetricDef, Opportunity};
use crate::yaml::Seg;
use std::collections::{BTreeMap, BTreeSet};

/// One problem of an opportunity, at the front-matter field `path`.
pub(super) struct Problem {
    pub path: Vec<Seg<'static>>,
    pub message: String,
    pub hint: Option<String>,
}

/// Every problem of the opportunities of `journey`. Without `defs` (site.yaml did not
/// read) metric names are not checked, so its errors are not repeated here.
pub(super) fn problems(
    journey: &Journey,
    defs: Option<&BTreeMap<String, MetricDef>>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (s, stage) in journey.front.stages.iter().enumerate() {
        for (o, opportunity) in stage.opportunities.iter().enumerate() {
            let at = Path(vec![
                Seg::Key("stages"),
                Seg::Index(s),
                Seg::Key("opportunities"),
                Seg::Index(o),
            ]);
            if let (Some(metric), Some(defs)) = (&opportunity.metric, defs) {
                unknown_metric(metric, defs, at.then(&[Seg::Key("metric")]), &mut problems);
            }
            if let Some(experiment) = opportunity.experiment.as_deref() {
                let at = at.then(&[Seg::Key("experiment")]);
                experiment_problems(opportunity, experiment, defs, &at, &mut problems);
            }
        }
    }
    problems
}

/// A path into the front-matter, extended step by step.
struct Path(Vec<Seg<'static>>);

impl Path {
    fn then(&self, more: &[Seg<'static>]) -> Path {
        Path(self.0.iter().chain(more).copied().collect())
    }

    fn problem(&self, message: String, hint: Option<String>) -> Problem {
        Problem {
            path: self.0.clone(),
            message,
            hint,
        }
    }
}

fn unknown_metric(
    metric: &str,
    defs: &BTreeMap<String, MetricDef>,
    at: Path,
    problems: &mut Vec<Problem>,
) {
    if defs.contains_key(metric) {
        return;
    }
    let known: BTreeSet<&str> = defs.keys().map(String::as_str).collect();
    problems.push(at.problem(
        format!("no metric `{metric}` in site.yaml"),
        Some(super::known(
            "metrics",
            &known,
            "define it under `metrics:` in site.yaml",
        )),
    ));
}

fn experiment_problems(
    opportunity: &Opportunity,
    experiment: &Experiment,
    defs: Option<&BTreeMap<String, MetricDef>>,
    at: &Path,
    problems: &mut Vec<Problem>,
) {
    if let (Some(metric), Some(defs)) = (&experiment.metric, defs) {
        unknown_metric(metric, defs, at.then(&[Seg::Key("metric")]), problems);
    }
    if outcome::experiment_metric(opportunity, experiment).is_none() {
        problems.push(
            at.problem(
                "the experiment names no metric".into(),
                Some(
                    "add `metric:` to the experiment or to its opportunity: the verdict needs the \
                 metric's `better` direction"
                        .into(),
                ),
            ),
        );
    }
    if let Some(ended) = experiment.ended {
        if ended < experiment.started {
            problems.push(at.then(&[Seg::Key("ended")]).problem(
                format!(
                    "the experiment ended on {ended}, before it started on {}",
                    experiment.started
                ),
                Some("`ended` is the last day of the experiment, on or after `started`".into()),
            ));
        }
    }
    // The direction only sways the verdict, not whether the numbers can be evaluated.
    let input = match outcome::stats_input(experiment, Better::Higher) {
        Ok(input) => input,
        Err(ArmsProblem::Arm { arm, problem }) => {
            let mut path = at.then(&[Seg::Key(arm.as_str())]);
            path.0.extend(problem.field.map(Seg::Key));
            problems.push(path.problem(
                format!("the {} arm {}", arm.as_str(), problem.message),
                Some(ARMS_HINT.into()),
            ));
            return;
        }
        Err(ArmsProblem::Mixed { control_is_rate }) => {
            let (control, variant) = if control_is_rate {
                ("a rate", "a mean")
            } else {
                ("a mean", "a rate")
            };
            problems.push(at.then(&[Seg::Key("variant")]).problem(
                format!(
                    "the control arm is {control} and the variant arm {variant}; both arms \
                     must measure the same way"
                ),
                Some(ARMS_HINT.into()),
            ));
            return;
        }
    };
    if let Err(err) = experiment::evaluate(&input) {
        let path = stats_error_path(&err, experiment, at);
        let hint = match err {
            StatsError::SplitLength { .. } | StatsError::InvalidShare { .. } => Some(
                "`split` is the planned shares of control and variant, such as [50, 50]".into(),
            ),
            _ => None,
        };
        problems.push(path.problem(err.to_string(), hint));
    }
}

const ARMS_HINT: &str = "write a rate arm as `{ n: 10000, conversions: 310 }` and a mean arm \
                         as `{ n: 420, mean: 3.6, sd: 0.9 }`";

/// The field a statistics error is about.
fn stats_error_path(err: &StatsError, experiment: &Experiment, at: &Path) -> Path {
    let field = match err {
        StatsError::NoObservations { .. } | StatsError::SingleObservation { .. } => "n",
        StatsError::ConversionsExceedN { .. } => "conversions",
        StatsError::InvalidMean { .. } => "mean",
        StatsError::InvalidSd { .. } => "sd",
        StatsError::SplitLength { .. } => return at.then(&[Seg::Key("split")]),
        StatsError::InvalidShare { .. } => {
            let bad = experiment
                .split
                .iter()
                .flatten()
                .position(|s| !(s.is_finite() && *s > 0.0));
            let mut path = at.then(&[Seg::Key("split")]);
            path.0.extend(bad.map(Seg::Index));
            return path;
        }
        StatsError::OutOfRange => return at.then(&[]),
    };
    let arm = err.arm().unwrap_or(Arm::Control);
    at.then(&[Seg::Key(arm.as_str()), Seg::Key(field)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::{journey, metric_defs, opp, stage};
    use crate::model::{Count, Date, ExperimentArm, Level, Status};

    fn mean_arm(n: u64, mean: f64) -> ExperimentArm {
        ExperimentArm {
            n: Count(n),
            conversions: None,
            mean: Some(mean),
            sd: Some(1.0),
        }
    }

    /// A journey whose one opportunity has a mean experiment of `csat` with `split`.
    fn journey_with(control: ExperimentArm, split: Option<Vec<f64>>) -> Journey {
        let date = |s: &str| s.parse::<Date>().unwrap();
        let mut o = opp("Change", Level::High, Level::Low, Status::Idea, &[]);
        o.experiment = Some(Box::new(Experiment {
            name: "Test".into(),
            metric: Some("csat".into()),
            started: date("2026-04-01"),
            ended: Some(date("2026-04-28")),
            split,
            control,
            variant: mean_arm(100, 3.0),
            decision: None,
        }));
        let mut a = stage("a", Some(0));
        a.opportunities = vec![o];
        journey("j", vec![a])
    }

    fn paths(problems: &[Problem]) -> Vec<Vec<Seg<'static>>> {
        problems.iter().map(|p| p.path.clone()).collect()
    }

    const EXPERIMENT: [Seg<'static>; 5] = [
        Seg::Key("stages"),
        Seg::Index(0),
        Seg::Key("opportunities"),
        Seg::Index(0),
        Seg::Key("experiment"),
    ];

    #[test]
    fn a_bad_share_is_located_at_itself_and_numbers_out_of_range_at_the_experiment() {
        let j = journey_with(mean_arm(100, 3.5), Some(vec![50.0, 0.0]));
        let found = problems(&j, Some(&metric_defs()));
        let mut share = EXPERIMENT.to_vec();
        share.extend([Seg::Key("split"), Seg::Index(1)]);
        assert_eq!(paths(&found), [share]);
        // Means at either end of f64 make a difference no f64 holds.
        let mut j = journey_with(mean_arm(100, -1e308), None);
        let variant = &mut j.front.stages[0].opportunities[0]
            .experiment
            .as_mut()
            .unwrap()
            .variant;
        variant.mean = Some(1e308);
        let found = problems(&j, Some(&metric_defs()));
        assert_eq!(paths(&found), [EXPERIMENT.to_vec()]);
        assert!(found[0].message.contains("too large or too small"));
    }

    #[test]
    fn metric_names_wait_for_site_yaml_but_arms_do_not() {
        let mut j = journey_with(mean_arm(0, 3.5), None);
        j.front.stages[0].opportunities[0].metric = Some("nps".into());
        let defs = metric_defs();
        let messages = |defs: Option<&BTreeMap<String, MetricDef>>| {
            problems(&j, defs)
                .into_iter()
                .map(|p| p.message)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            messages(Some(&defs)),
            [
                "no metric `nps` in site.yaml",
                "the control arm has n = 0; an arm needs observations"
            ]
        );
        assert_eq!(
            messages(None),
            ["the control arm has n = 0; an arm needs observations"]
        );
    }

    #[test]
    fn an_edit_of_one_journey_checks_its_experiments() {
        // What `serve` checks after an edit of journey 0 alone.
        let journeys = [journey_with(mean_arm(1, 3.5), None)];
        let found = super::super::journeys_among(&["anna"], Some(&metric_defs()), &journeys, &[0]);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["the control arm has n = 1; a mean arm needs at least 2 observations for a standard deviation"]
        );
    }
}
