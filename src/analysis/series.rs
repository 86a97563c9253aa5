//! Which observations stand for one (stage, metric) pair of a journey.

use crate::model::{JourneyMetrics, Period, Point, Unit};
use std::collections::BTreeMap;

/// The observations of `metric` at `stage`, one per period, sorted by period.
///
/// The unsegmented series is the journey's own total, so it wins when present. Otherwise
/// the segments are combined per period: counts add up, while rates, scores and durations
/// are averaged, because adding them would mean nothing. A combined target exists only
/// when every segment observed in that period has one, so a partial target is never
/// passed off as the whole.
pub fn stage_series(metrics: &JourneyMetrics, stage: &str, metric: &str, unit: Unit) -> Vec<Point> {
    let matching: Vec<_> = metrics
        .series
        .iter()
        .filter(|s| s.stage.as_str() == stage && &*s.metric == metric)
        .collect();
    if let Some(total) = matching.iter().find(|s| s.segment.is_none()) {
        let mut points = total.points.clone();
        points.sort_by_key(|p| p.period);
        return points;
    }
    let mut by_period: BTreeMap<&Period, Vec<&Point>> = BTreeMap::new();
    for point in matching.iter().flat_map(|s| &s.points) {
        by_period.entry(&point.period).or_default().push(point);
    }
    by_period
        .into_iter()
        .map(|(period, points)| {
            let targets: Option<Vec<f64>> = points.iter().map(|p| p.target).collect();
            Point {
                period: *period,
                value: combine(unit, points.iter().map(|p| p.value)),
                target: targets.map(|t| combine(unit, t)),
            }
        })
        .collect()
}

/// Sum for counts, mean for everything else. Callers pass at least one value.
fn combine(unit: Unit, values: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(sum, n), v| (sum + v, n + 1));
    match unit {
        Unit::Count => sum,
        _ if n == 0 => 0.0,
        _ => sum / n as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::*;

    fn values(points: &[Point]) -> Vec<(String, f64, Option<f64>)> {
        points
            .iter()
            .map(|p| (p.period.label(), p.value, p.target))
            .collect()
    }

    #[test]
    fn the_unsegmented_series_wins() {
        let m = metrics(vec![
            series("buy", "visitors", Some("b2b"), &[("2026-Q1", 10.0, None)]),
            series("buy", "visitors", None, &[("2026-Q1", 99.0, Some(100.0))]),
            series("buy", "visitors", Some("b2c"), &[("2026-Q1", 20.0, None)]),
        ]);
        let points = stage_series(&m, "buy", "visitors", Unit::Count);
        assert_eq!(values(&points), vec![("2026-Q1".into(), 99.0, Some(100.0))]);
    }

    #[test]
    fn segmented_counts_add_up_per_period() {
        let m = metrics(vec![
            series(
                "buy",
                "visitors",
                Some("b2b"),
                &[("2026-Q1", 10.0, Some(12.0)), ("2026-Q2", 15.0, Some(12.0))],
            ),
            series(
                "buy",
                "visitors",
                Some("b2c"),
                &[("2026-Q1", 20.0, Some(30.0))],
            ),
            series("other", "visitors", None, &[("2026-Q1", 1000.0, None)]),
        ]);
        let points = stage_series(&m, "buy", "visitors", Unit::Count);
        assert_eq!(
            values(&points),
            vec![
                ("2026-Q1".into(), 30.0, Some(42.0)),
                ("2026-Q2".into(), 15.0, Some(12.0)),
            ]
        );
    }

    #[test]
    fn segmented_scores_are_averaged_and_partial_targets_dropped() {
        let m = metrics(vec![
            series("buy", "csat", Some("b2b"), &[("2026-Q1", 4.0, Some(4.5))]),
            series("buy", "csat", Some("b2c"), &[("2026-Q1", 3.0, None)]),
        ]);
        let points = stage_series(&m, "buy", "csat", Unit::Score);
        assert_eq!(values(&points), vec![("2026-Q1".into(), 3.5, None)]);
    }

    #[test]
    fn no_series_gives_no_points() {
        let m = metrics(vec![series("buy", "csat", None, &[("2026-Q1", 4.0, None)])]);
        assert!(stage_series(&m, "buy", "visitors", Unit::Count).is_empty());
        assert!(stage_series(&m, "sell", "csat", Unit::Score).is_empty());
    }
}
