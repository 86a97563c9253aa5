//! KPIs: the latest value of each targeted metric against its target, and its trend.

use super::series::stage_series;
use super::tolerance;
use crate::model::{Better, Id, Journey, JourneyMetrics, MetricDef, Period, Point, Stage, Unit};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::sync::Arc;

/// Where a KPI stands against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KpiStatus {
    OnTrack,
    AtRisk,
    OffTrack,
}

impl KpiStatus {
    /// The status as written in site.json and the pages' classes.
    pub fn as_str(self) -> &'static str {
        match self {
            KpiStatus::OnTrack => "on-track",
            KpiStatus::AtRisk => "at-risk",
            KpiStatus::OffTrack => "off-track",
        }
    }
}

/// Which way a KPI moved since the previous period, judged by the metric's `better`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    Better,
    Worse,
    Flat,
}

/// One metric at one stage whose latest observation has a target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kpi {
    pub stage: Id,
    pub stage_name: Arc<str>,
    pub metric: Arc<str>,
    pub label: Arc<str>,
    pub unit: Unit,
    pub period: Arc<str>,
    pub value: f64,
    pub target: f64,
    pub status: KpiStatus,
    pub previous_period: Option<Arc<str>>,
    pub previous: Option<f64>,
    /// `value - previous`.
    pub delta: Option<f64>,
    pub trend: Option<Trend>,
}

/// How far a value may miss its target, as a share of the target, and still be at risk
/// rather than off track.
pub const AT_RISK_MARGIN: f64 = 0.1;

/// The KPIs of a journey, in stage order and then by metric key.
///
/// Only metrics defined in `site.yaml` are read; validation has already rejected the rest.
pub fn kpis(
    journey: &Journey,
    metrics: &JourneyMetrics,
    defs: &BTreeMap<String, MetricDef>,
) -> Vec<Kpi> {
    let mut names = Names::default();
    journey
        .front
        .stages
        .iter()
        .flat_map(|stage| defs.iter().map(move |(key, def)| (stage, key, def)))
        .filter_map(|(stage, key, def)| {
            let points = stage_series(metrics, stage.id.as_str(), key, def.unit);
            kpi_named(stage, key, def, &points, &mut names)
        })
        .collect()
}

/// The KPI of one (stage, metric) series sorted by period, if its latest point has a target.
pub fn kpi(stage: &Stage, key: &str, def: &MetricDef, points: &[Point]) -> Option<Kpi> {
    kpi_named(stage, key, def, points, &mut Names::default())
}

/// The texts a journey's KPIs repeat: each metric's key and label for every stage, and
/// mostly one or two periods. Each is made once per journey and shared; at 10,000
/// journeys the copies were about 40 MB, with the stage names (which the KPIs now share
/// with the stages).
#[derive(Default)]
struct Names<'a> {
    texts: HashMap<&'a str, Arc<str>>,
    periods: Vec<(Period, Arc<str>)>,
}

impl<'a> Names<'a> {
    fn text(&mut self, text: &'a str) -> Arc<str> {
        self.texts
            .entry(text)
            .or_insert_with(|| text.into())
            .clone()
    }

    fn period(&mut self, period: Period) -> Arc<str> {
        if let Some((_, label)) = self.periods.iter().find(|(p, _)| *p == period) {
            return label.clone();
        }
        let label: Arc<str> = period.label().into();
        self.periods.push((period, label.clone()));
        label
    }
}

fn kpi_named<'a>(
    stage: &'a Stage,
    key: &'a str,
    def: &'a MetricDef,
    points: &[Point],
    names: &mut Names<'a>,
) -> Option<Kpi> {
    let (latest, earlier) = points.split_last()?;
    let target = latest.target?;
    let previous = earlier.last();
    let delta = previous.map(|p| latest.value - p.value);
    Some(Kpi {
        stage: stage.id.clone(),
        stage_name: stage.name.clone(),
        metric: names.text(key),
        label: names.text(&def.label),
        unit: def.unit,
        period: names.period(latest.period),
        value: latest.value,
        target,
        status: kpi_status(latest.value, target, def.better),
        previous_period: previous.map(|p| names.period(p.period)),
        previous: previous.map(|p| p.value),
        delta,
        trend: delta.map(|d| trend(d, latest.value, def.better)),
    })
}

/// On track when the target is met in the `better` direction; at risk when it is missed
/// by at most [`AT_RISK_MARGIN`] of |target| (a miss of exactly 10% is still at risk);
/// off track beyond that.
pub fn kpi_status(value: f64, target: f64, better: Better) -> KpiStatus {
    let shortfall = match better {
        Better::Higher => target - value,
        Better::Lower => value - target,
    };
    let slack = tolerance(target);
    if shortfall <= slack {
        KpiStatus::OnTrack
    } else if shortfall <= AT_RISK_MARGIN * target.abs() + slack {
        KpiStatus::AtRisk
    } else {
        KpiStatus::OffTrack
    }
}

/// Judges a change of `delta` (ending at `value`) by the metric's `better` direction.
pub fn trend(delta: f64, value: f64, better: Better) -> Trend {
    if delta.abs() <= tolerance(value) {
        return Trend::Flat;
    }
    match (delta > 0.0, better) {
        (true, Better::Higher) | (false, Better::Lower) => Trend::Better,
        _ => Trend::Worse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::*;
    use KpiStatus::*;

    #[test]
    fn higher_is_better_status_at_the_boundaries() {
        let h = Better::Higher;
        assert_eq!(kpi_status(100.0, 100.0, h), OnTrack);
        assert_eq!(kpi_status(120.0, 100.0, h), OnTrack);
        assert_eq!(kpi_status(99.0, 100.0, h), AtRisk);
        assert_eq!(kpi_status(90.0, 100.0, h), AtRisk);
        assert_eq!(kpi_status(89.99, 100.0, h), OffTrack);
        // Decimals from a CSV: 3.6 is exactly 10% under 4.0, 0.27 exactly 10% under 0.3.
        assert_eq!(kpi_status(3.6, 4.0, h), AtRisk);
        assert_eq!(kpi_status(0.27, 0.3, h), AtRisk);
        assert_eq!(kpi_status(0.1 + 0.2, 0.3, h), OnTrack);
        assert_eq!(kpi_status(3.1, 4.0, h), OffTrack);
    }

    #[test]
    fn lower_is_better_status_at_the_boundaries() {
        let l = Better::Lower;
        assert_eq!(kpi_status(5.0, 5.0, l), OnTrack);
        assert_eq!(kpi_status(2.0, 5.0, l), OnTrack);
        assert_eq!(kpi_status(5.5, 5.0, l), AtRisk);
        assert_eq!(kpi_status(5.51, 5.0, l), OffTrack);
        assert_eq!(kpi_status(1.1, 1.0, l), AtRisk);
        // A target of zero leaves no room to be at risk.
        assert_eq!(kpi_status(0.0, 0.0, l), OnTrack);
        assert_eq!(kpi_status(0.5, 0.0, l), OffTrack);
    }

    #[test]
    fn negative_targets_use_their_magnitude() {
        assert_eq!(kpi_status(-11.0, -10.0, Better::Higher), AtRisk);
        assert_eq!(kpi_status(-12.0, -10.0, Better::Higher), OffTrack);
        assert_eq!(kpi_status(-9.0, -10.0, Better::Lower), AtRisk);
    }

    #[test]
    fn trends_follow_the_better_direction() {
        assert_eq!(trend(0.3, 4.2, Better::Higher), Trend::Better);
        assert_eq!(trend(-0.3, 3.6, Better::Higher), Trend::Worse);
        assert_eq!(trend(-2.0, 5.0, Better::Lower), Trend::Better);
        assert_eq!(trend(2.0, 9.0, Better::Lower), Trend::Worse);
        assert_eq!(trend(0.0, 4.0, Better::Lower), Trend::Flat);
        assert_eq!(trend((0.1 + 0.2) - 0.3, 0.3, Better::Higher), Trend::Flat);
    }

    #[test]
    fn kpis_come_in_stage_then_metric_order_with_deltas() {
        let j = journey("buy", vec![stage("search", None), stage("checkout", None)]);
        let m = metrics(vec![
            series(
                "checkout",
                "csat",
                None,
                &[("2026-Q1", 4.0, Some(4.5)), ("2026-Q2", 4.25, Some(4.5))],
            ),
            series(
                "checkout",
                "time_in_stage",
                None,
                &[("2026-Q1", 3.0, Some(2.0)), ("2026-Q2", 5.0, Some(2.0))],
            ),
            series(
                "search",
                "time_in_stage",
                None,
                &[("2026-Q2", 1.0, Some(2.0))],
            ),
            // Latest point has no target: not a KPI, even though an earlier one had.
            series(
                "search",
                "csat",
                None,
                &[("2026-Q1", 4.0, Some(4.0)), ("2026-Q2", 4.1, None)],
            ),
            // Not in the site's metrics: skipped.
            series("search", "nps", None, &[("2026-Q2", 30.0, Some(40.0))]),
        ]);
        let k = kpis(&j, &m, &metric_defs());
        let keys: Vec<_> = k.iter().map(|k| (k.stage.as_str(), &*k.metric)).collect();
        assert_eq!(
            keys,
            vec![
                ("search", "time_in_stage"),
                ("checkout", "csat"),
                ("checkout", "time_in_stage"),
            ]
        );

        let first = &k[0];
        assert_eq!(
            (first.value, first.target, first.status),
            (1.0, 2.0, OnTrack)
        );
        assert_eq!(first.unit, Unit::Days);
        assert_eq!(
            (first.previous_period.as_deref(), first.previous),
            (None, None)
        );
        assert_eq!((first.delta, first.trend), (None, None));

        let csat = &k[1];
        assert_eq!(&*csat.label, "CSAT");
        assert_eq!(&*csat.stage_name, "Stage checkout");
        assert_eq!(&*csat.period, "2026-Q2");
        assert_eq!(csat.status, AtRisk);
        assert_eq!(csat.previous_period.as_deref(), Some("2026-Q1"));
        assert_eq!(csat.previous, Some(4.0));
        assert_eq!(csat.delta, Some(0.25));
        assert_eq!(csat.trend, Some(Trend::Better));

        let time = &k[2];
        assert_eq!(time.status, OffTrack);
        assert_eq!(time.delta, Some(2.0));
        assert_eq!(time.trend, Some(Trend::Worse));
    }

    #[test]
    fn a_journeys_kpis_share_the_texts_they_repeat() {
        let j = journey("buy", vec![stage("search", None), stage("checkout", None)]);
        let quarters = &[("2026-Q1", 4.0, Some(4.5)), ("2026-Q2", 4.2, Some(4.5))];
        let m = metrics(vec![
            series("search", "csat", None, quarters),
            series("checkout", "csat", None, quarters),
            series(
                "checkout",
                "time_in_stage",
                None,
                &[("2026-Q2", 1.0, Some(2.0))],
            ),
        ]);
        let k = kpis(&j, &m, &metric_defs());
        let [search_csat, checkout_csat, checkout_time] = &k[..] else {
            panic!("{k:?}");
        };
        // One key and label per metric, one label per period, and the stages' own names.
        let checkout = j.front.stages.iter().find(|s| s.id.as_str() == "checkout");
        assert!(Arc::ptr_eq(
            &checkout.unwrap().name,
            &checkout_time.stage_name
        ));
        assert!(Arc::ptr_eq(&search_csat.metric, &checkout_csat.metric));
        assert!(Arc::ptr_eq(&search_csat.label, &checkout_csat.label));
        assert!(Arc::ptr_eq(
            &checkout_csat.stage_name,
            &checkout_time.stage_name
        ));
        assert!(Arc::ptr_eq(&search_csat.period, &checkout_time.period));
        let previous = |k: &Kpi| k.previous_period.clone().unwrap();
        assert!(Arc::ptr_eq(
            &previous(search_csat),
            &previous(checkout_csat)
        ));
        // What they say is unchanged.
        let json = serde_json::to_value(checkout_time).unwrap();
        assert_eq!(json["stage_name"], "Stage checkout");
        assert_eq!(json["metric"], "time_in_stage");
        assert_eq!(json["period"], "2026-Q2");
        assert_eq!(&*search_csat.stage_name, "Stage search");
    }

    #[test]
    fn segmented_kpis_are_averaged() {
        let j = journey("buy", vec![stage("checkout", None)]);
        let m = metrics(vec![
            series(
                "checkout",
                "csat",
                Some("b2b"),
                &[("2026-Q1", 4.0, Some(4.0))],
            ),
            series(
                "checkout",
                "csat",
                Some("b2c"),
                &[("2026-Q1", 3.0, Some(4.0))],
            ),
        ]);
        let k = kpis(&j, &m, &metric_defs());
        assert_eq!(k.len(), 1);
        assert_eq!((k[0].value, k[0].target, k[0].status), (3.5, 4.0, OffTrack));
    }

    #[test]
    fn statuses_serialize_in_kebab_case() {
        let json = serde_json::to_string(&[OnTrack, AtRisk, OffTrack]).unwrap();
        assert_eq!(json, r#"["on-track","at-risk","off-track"]"#);
        let json = serde_json::to_string(&[Trend::Better, Trend::Worse, Trend::Flat]).unwrap();
        assert_eq!(json, r#"["better","worse","flat"]"#);
    }
}
