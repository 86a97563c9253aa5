//! The outcome rule on hand-made series of mixed granularity, the experiment's metric and
//! direction, the open loops lint reports, and the ship dates of the KPI charts.

use super::*;
use crate::analysis::experiment::Verdict;
use crate::analysis::testutil::*;
use crate::metrics::parse_period;
use crate::model::{Count, ExperimentArm, Level, Point, Series};

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// A series of any period labels (the test utilities know years and quarters only).
fn series_of(stage: &str, metric: &str, points: &[(&str, f64)]) -> Series {
    let mut s = series(stage, metric, None, &[]);
    s.points = points
        .iter()
        .map(|&(label, value)| Point {
            period: parse_period(label).unwrap(),
            value,
            target: None,
        })
        .collect();
    s.points.sort_by_key(|p| p.period);
    s
}

fn done(metric: Option<&str>, done_on: Option<&str>) -> Opportunity {
    let mut o = opp("Change", Level::High, Level::Low, Status::Done, &[]);
    o.metric = metric.map(str::to_string);
    o.done_on = done_on.map(date);
    o
}

/// The outcome of a change done on `done_on` to `metric` at stage `a` of `series`.
fn outcome_of(metric: &str, done_on: &str, series: Vec<Series>) -> Outcome {
    outcome(
        &id("a"),
        &done(Some(metric), Some(done_on)),
        &metrics(series),
        &metric_defs(),
    )
    .expect("a done change with a date and a known metric has an outcome")
}

fn labels(outcome: &Outcome) -> (Option<String>, Option<String>) {
    (
        outcome.before.map(|r| r.period.label()),
        outcome.after.map(|r| r.period.label()),
    )
}

#[test]
fn before_is_the_latest_period_ending_by_the_ship_date_and_after_the_latest_starting_after() {
    // Quarters, then months from April: shipped on 10 May.
    let csat = series_of(
        "a",
        "csat",
        &[
            ("2025-Q4", 3.5),
            ("2026-Q1", 3.6),
            ("2026-04", 3.7),
            ("2026-05", 3.8),
            ("2026-06", 4.2),
        ],
    );
    let o = outcome_of("csat", "2026-05-10", vec![csat]);
    // May holds the ship date: neither before nor after.
    assert_eq!(labels(&o), (Some("2026-04".into()), Some("2026-06".into())));
    assert_eq!(o.before.unwrap().value, 3.7);
    assert_eq!(o.after.unwrap().value, 4.2);
    assert!((o.delta.unwrap() - 0.5).abs() < 1e-12);
    assert_eq!(o.trend, Some(Change::Better));
    assert_eq!((o.metric.as_str(), o.stage.as_str()), ("csat", "a"));
}

#[test]
fn a_period_that_ends_on_the_ship_date_is_before_it_and_the_shorter_of_two_wins() {
    let csat = series_of(
        "a",
        "csat",
        &[("2026-Q1", 3.6), ("2026-03", 3.9), ("2026-Q2", 4.0)],
    );
    let o = outcome_of("csat", "2026-03-31", vec![csat]);
    // 2026-Q1 and 2026-03 both end on 31 March; March is nearer the change.
    assert_eq!(labels(&o), (Some("2026-03".into()), Some("2026-Q2".into())));
}

#[test]
fn a_period_starting_on_the_ship_date_is_not_after_it() {
    let csat = series_of("a", "csat", &[("2026-Q1", 3.6), ("2026-Q2", 4.0)]);
    let o = outcome_of("csat", "2026-04-01", vec![csat.clone()]);
    assert_eq!(labels(&o), (Some("2026-Q1".into()), None));
    assert_eq!((o.delta, o.trend), (None, None));
    let o = outcome_of("csat", "2026-03-31", vec![csat]);
    assert_eq!(labels(&o), (Some("2026-Q1".into()), Some("2026-Q2".into())));
}

#[test]
fn without_data_on_one_side_the_outcome_says_which_is_missing() {
    let quarters = || series_of("a", "csat", &[("2026-Q1", 3.6), ("2026-Q2", 4.0)]);
    // Shipped before any data: nothing before.
    let o = outcome_of("csat", "2025-11-01", vec![quarters()]);
    assert_eq!(labels(&o), (None, Some("2026-Q2".into())));
    // Shipped inside the latest period: too early to tell.
    let o = outcome_of("csat", "2026-05-10", vec![quarters()]);
    assert_eq!(labels(&o), (Some("2026-Q1".into()), None));
    // No series of the metric at the stage at all.
    let other_stage = series_of("b", "csat", &[("2026-Q1", 3.6)]);
    let o = outcome_of("csat", "2026-05-10", vec![other_stage]);
    assert_eq!(labels(&o), (None, None));
}

#[test]
fn the_change_is_judged_by_the_metrics_better_direction() {
    let days = series_of("a", "time_in_stage", &[("2026-Q1", 5.0), ("2026-Q3", 6.0)]);
    let o = outcome_of("time_in_stage", "2026-05-10", vec![days]);
    assert_eq!((o.delta, o.trend), (Some(1.0), Some(Change::Worse)));
    let flat = series_of("a", "csat", &[("2026-Q1", 4.0), ("2026-Q3", 4.0)]);
    let o = outcome_of("csat", "2026-05-10", vec![flat]);
    assert_eq!((o.delta, o.trend), (Some(0.0), Some(Change::Same)));
}

#[test]
fn segments_are_combined_as_the_kpi_trends_show_them() {
    let mut b2b = series_of("a", "visitors", &[("2026-Q1", 100.0), ("2026-Q3", 150.0)]);
    b2b.segment = Some("b2b".into());
    let mut b2c = series_of("a", "visitors", &[("2026-Q1", 300.0), ("2026-Q3", 250.0)]);
    b2c.segment = Some("b2c".into());
    let o = outcome_of("visitors", "2026-05-10", vec![b2b, b2c]);
    assert_eq!(o.before.unwrap().value, 400.0);
    assert_eq!(o.after.unwrap().value, 400.0);
    assert_eq!(o.trend, Some(Change::Same));
}

#[test]
fn only_a_done_change_with_a_date_and_a_known_metric_has_an_outcome() {
    let m = metrics(vec![series_of("a", "csat", &[("2026-Q1", 3.6)])]);
    let defs = metric_defs();
    let of = |o: &Opportunity| outcome(&id("a"), o, &m, &defs);
    assert!(of(&done(Some("csat"), Some("2026-05-10"))).is_some());
    assert!(of(&done(None, Some("2026-05-10"))).is_none());
    assert!(of(&done(Some("csat"), None)).is_none());
    assert!(of(&done(Some("nps"), Some("2026-05-10"))).is_none());
    let mut planned = done(Some("csat"), Some("2026-05-10"));
    planned.status = Status::Planned;
    assert!(of(&planned).is_none());
}

fn rate_arm(n: u64, conversions: u64) -> ExperimentArm {
    ExperimentArm {
        n: Count(n),
        conversions: Some(Count(conversions)),
        mean: None,
        sd: None,
    }
}

fn mean_arm(n: u64, mean: f64, sd: f64) -> ExperimentArm {
    ExperimentArm {
        n: Count(n),
        conversions: None,
        mean: Some(mean),
        sd: Some(sd),
    }
}

fn written(control: ExperimentArm, variant: ExperimentArm) -> crate::model::Experiment {
    crate::model::Experiment {
        name: "Test".into(),
        metric: None,
        started: date("2026-04-01"),
        ended: Some(date("2026-04-28")),
        split: None,
        control,
        variant,
        decision: None,
    }
}

#[test]
fn an_experiment_takes_the_opportunitys_metric_and_its_direction() {
    // Shorter times in stage: better for a lower-is-better metric.
    let mut o = done(Some("time_in_stage"), Some("2026-05-10"));
    o.experiment = Some(Box::new(written(
        mean_arm(420, 3.6, 0.9),
        mean_arm(410, 3.3, 1.0),
    )));
    let evaluated = evaluate_experiment(&o, &metric_defs()).unwrap();
    assert_eq!(evaluated.metric, "time_in_stage");
    assert_eq!(evaluated.result.verdict, Verdict::Improved);
    // Its own metric wins: the same drop in CSAT is worse.
    o.experiment.as_mut().unwrap().metric = Some("csat".into());
    let evaluated = evaluate_experiment(&o, &metric_defs()).unwrap();
    assert_eq!(evaluated.metric, "csat");
    assert_eq!(evaluated.result.verdict, Verdict::Worsened);
    // Without any metric there is no verdict to give.
    o.metric = None;
    o.experiment.as_mut().unwrap().metric = None;
    assert!(evaluate_experiment(&o, &metric_defs()).is_none());
}

#[test]
fn arms_must_be_measured_alike() {
    let mixed = written(rate_arm(100, 10), mean_arm(100, 3.0, 1.0));
    assert_eq!(
        arms(&mixed),
        Err(ArmsProblem::Mixed {
            control_is_rate: true
        })
    );
    let mut bare = written(rate_arm(100, 10), rate_arm(100, 12));
    bare.variant.conversions = None;
    match arms(&bare) {
        Err(ArmsProblem::Arm { arm, problem }) => {
            assert_eq!(arm, experiment::Arm::Variant);
            assert_eq!(problem.field, None);
        }
        other => panic!("{other:?}"),
    }
}

/// A journey of one stage `a` with `opportunities`.
fn journey_with(opportunities: Vec<Opportunity>) -> Journey {
    let mut a = stage("a", Some(0));
    a.opportunities = opportunities;
    journey("j", vec![a])
}

#[test]
fn open_loops_are_done_changes_without_a_metric_or_date_and_undecided_ended_experiments() {
    let mut undecided = opp("Test", Level::High, Level::Low, Status::InProgress, &[]);
    undecided.experiment = Some(Box::new(written(rate_arm(100, 10), rate_arm(100, 12))));
    let mut decided = undecided.clone();
    decided.experiment.as_mut().unwrap().decision = Some(Decision::Ship);
    let j = journey_with(vec![
        done(None, None),
        done(Some("csat"), None),
        done(Some("csat"), Some("2026-05-10")),
        undecided,
        decided,
    ]);
    let loops = open_loops(&j, Some(date("2026-06-30")));
    let messages: Vec<&str> = loops.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "done opportunity without `metric` and `done_on`: Change",
            "done opportunity without `done_on`: Change",
            "experiment `Test` ended on 2026-04-28 and has no `decision`",
        ]
    );
    assert_eq!(
        loops[2].at,
        [
            Seg::Key("stages"),
            Seg::Index(0),
            Seg::Key("opportunities"),
            Seg::Index(3),
            Seg::Key("experiment"),
            Seg::Key("ended"),
        ]
    );
    assert_eq!(loops[0].at.len(), 4);
    // An experiment is past its end only once the newest data is later than it.
    for reference in [Some(date("2026-04-28")), None] {
        assert_eq!(open_loops(&j, reference).len(), 2);
    }
}

#[test]
fn ship_dates_mark_each_shipped_change_on_its_stage_and_metric() {
    let mut a = stage("a", Some(0));
    a.opportunities = vec![
        done(Some("csat"), Some("2026-05-10")),
        done(Some("csat"), Some("2026-02-01")),
        done(None, Some("2026-03-01")),
    ];
    let mut b = stage("b", Some(0));
    b.opportunities = vec![
        done(Some("csat"), Some("2026-01-15")),
        done(Some("time_in_stage"), Some("2026-04-01")),
    ];
    let site = site(vec![journey("j", vec![a, b])], vec![]);
    let analysis = crate::analysis::analyse(&site);
    let marks: Vec<(&str, &str, String)> = analysis.journeys["j"]
        .ship_dates()
        .iter()
        .map(|d| (d.metric, d.stage.as_str(), d.date.to_string()))
        .collect();
    assert_eq!(
        marks,
        [
            ("csat", "a", "2026-02-01".into()),
            ("csat", "a", "2026-05-10".into()),
            ("csat", "b", "2026-01-15".into()),
            ("time_in_stage", "b", "2026-04-01".into()),
        ]
    );
}
