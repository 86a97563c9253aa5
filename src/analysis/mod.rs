//! Analysis: what the content means, computed once from the site model.
//!
//! Every function here is pure and deterministic (sorted maps, stable sorts with id
//! tiebreaks), so the same site always yields the same `data/site.json` and the same pages.

pub mod completeness;
pub mod experiment;
pub mod feedback;
pub mod funnel;
pub mod health;
pub mod kpi;
mod lint;
pub mod outcome;
pub mod portfolio;
pub mod priority;
pub mod series;
pub mod touchpoints;

#[cfg(test)]
pub(crate) mod testutil;

pub use completeness::{Completeness, Rule};
pub use funnel::{Bottleneck, Funnel, FunnelStep};
pub use health::{Health, KpiStatusCounts, Rating, StageEmotion};
pub use kpi::{Kpi, KpiStatus, Trend};
pub use lint::{lint_journey, lint_journeys, lint_personas, today};
pub use outcome::{Change, EvaluatedExperiment, OpenLoop, Outcome, Reading, ShipDate};
pub use portfolio::{Portfolio, PortfolioOpportunity, PortfolioPainPoint};
pub use priority::{Quadrant, RankedOpportunity, RankedPainPoint};
pub use touchpoints::TouchpointMatrix;

use crate::model::{Date, Id, Journey, JourneyMetrics, Site};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// The analysis of the whole site.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    pub journeys: BTreeMap<Id, JourneyAnalysis>,
    pub portfolio: Portfolio,
}

/// What one journey's map and metrics say.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JourneyAnalysis {
    pub funnel: Option<Funnel>,
    pub kpis: Vec<Kpi>,
    pub opportunities: Vec<RankedOpportunity>,
    pub pain_points: Vec<RankedPainPoint>,
    pub unaddressed: Vec<RankedPainPoint>,
    pub health: Health,
    pub completeness: Completeness,
    /// Done changes and ended experiments that leave the loop open, for lint; not part of
    /// the data.
    #[serde(skip)]
    pub open_loops: Vec<OpenLoop>,
    /// What customers say of each stage; in site.json as `feedback`.
    pub feedback: feedback::FeedbackAnalysis,
}

/// Analyses every journey of the site and the portfolio across them.
pub fn analyse(site: &Site) -> Analysis {
    let reference = completeness::reference_date(site);
    let journeys: BTreeMap<Id, JourneyAnalysis> = site
        .journeys
        .par_iter()
        .map(|journey| {
            let analysis = analyse_journey(site, journey, reference);
            (journey.id.clone(), analysis)
        })
        .collect();
    let portfolio = portfolio::portfolio(site, &journeys);
    Analysis {
        journeys,
        portfolio,
    }
}

/// Analyses one journey of `site`; `reference` is the day freshness is judged at (see
/// [`completeness::reference_date`]).
pub fn analyse_journey(site: &Site, journey: &Journey, reference: Option<Date>) -> JourneyAnalysis {
    let no_metrics = JourneyMetrics::default();
    let metrics = site.metrics.get(&journey.id).unwrap_or(&no_metrics);
    let funnel = site
        .funnel_metric()
        .and_then(|(key, def)| funnel::funnel(journey, metrics, key, def));
    let kpis = kpi::kpis(journey, metrics, &site.config.metrics);
    let mut opportunities = priority::rank_opportunities(journey);
    outcome::attach(journey, metrics, &site.config.metrics, &mut opportunities);
    let open_loops = outcome::open_loops(journey, reference);
    let mut pain_points = priority::rank_pain_points(journey);
    let journey_feedback = site.feedback.get(&journey.id);
    feedback::add_evidence(&mut pain_points, journey, journey_feedback);
    let unaddressed = priority::unaddressed(&pain_points);
    let health = health::health(journey, &kpis);
    let completeness = completeness::completeness(site, journey, metrics, &unaddressed, reference);
    let feedback = feedback::analyse(site, journey, metrics);
    // Its lists are collected item by item; at 10,000 journeys the room they leave
    // unused is about 40 MB.
    crate::model::compacted(JourneyAnalysis {
        funnel,
        kpis,
        opportunities,
        pain_points,
        unaddressed,
        health,
        completeness,
        open_loops,
        feedback,
    })
}

/// `numerator / denominator`, or `None` where the ratio means nothing (a zero or
/// non-finite denominator), so a template never shows `inf` or `NaN`.
pub fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    let r = numerator / denominator;
    (denominator != 0.0 && r.is_finite()).then_some(r)
}

/// The arithmetic mean, or `None` for no values.
pub fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(sum, n), v| (sum + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// How far apart two values may be and still count as equal: CSV decimals such as 0.3
/// are not exact in binary, and a target met "on the dot" must not read as missed.
pub(crate) fn tolerance(scale: f64) -> f64 {
    1e-9 * scale.abs().max(1.0)
}

#[cfg(test)]
mod tests {
    use super::testutil::*;
    use super::*;
    use crate::model::{Level, Severity, Status};

    #[test]
    fn a_journeys_analysis_holds_its_lists_without_unused_room() {
        let analysis = analyse(&two_journeys());
        for a in analysis.journeys.values() {
            assert_eq!(a.kpis.capacity(), a.kpis.len());
            assert_eq!(a.opportunities.capacity(), a.opportunities.len());
            assert_eq!(a.pain_points.capacity(), a.pain_points.len());
        }
    }

    #[test]
    fn ratio_guards_zero_denominators() {
        assert_eq!(ratio(1.0, 4.0), Some(0.25));
        assert_eq!(ratio(1.0, 0.0), None);
        assert_eq!(ratio(0.0, 0.0), None);
    }

    #[test]
    fn mean_of_nothing_is_none() {
        assert_eq!(mean([]), None);
        assert_eq!(mean([1.0, 2.0, -3.0, 4.0]), Some(1.0));
    }

    #[test]
    fn analyse_puts_every_journey_and_the_portfolio_together() {
        let mut a = stage("awareness", Some(-1));
        a.pain_points
            .push(pain(Some("slow"), "Slow pages", Severity::High));
        a.opportunities.push(opp(
            "Faster pages",
            Level::High,
            Level::Low,
            Status::Idea,
            &["slow"],
        ));
        let b = stage("purchase", Some(1));
        let site = site(
            vec![
                journey("buy", vec![a, b]),
                journey("care", vec![stage("use", None)]),
            ],
            vec![(
                "buy",
                vec![
                    series("awareness", "visitors", None, &[("2026-Q1", 1000.0, None)]),
                    series("purchase", "visitors", None, &[("2026-Q1", 50.0, None)]),
                    series("purchase", "csat", None, &[("2026-Q1", 4.2, Some(4.0))]),
                ],
            )],
        );
        let analysis = analyse(&site);
        assert_eq!(analysis.journeys.len(), 2);
        let buy = &analysis.journeys["buy"];
        assert_eq!(buy.funnel.as_ref().unwrap().overall_conversion, Some(0.05));
        assert_eq!(buy.kpis.len(), 1);
        assert_eq!(buy.kpis[0].status, KpiStatus::OnTrack);
        assert_eq!(buy.opportunities[0].quadrant, Quadrant::QuickWin);
        assert_eq!(&*buy.pain_points[0].addressed_by[0], "Faster pages");
        assert_eq!(buy.pain_points[0].addressed_by.len(), 1);
        assert!(buy.unaddressed.is_empty());
        let care = &analysis.journeys["care"];
        assert_eq!(care.funnel, None);
        assert!(care.kpis.is_empty());
        assert_eq!(analysis.portfolio.journey_count, 2);
        assert_eq!(analysis.portfolio.quick_wins.len(), 1);
        // Deterministic and serializable as the site's JSON data.
        assert_eq!(analysis, analyse(&site));
        let json = serde_json::to_value(&analysis).unwrap();
        assert_eq!(json["journeys"]["buy"]["kpis"][0]["status"], "on-track");
        assert_eq!(json["portfolio"]["journey_count"], 2);
        let win =
            Portfolio::opportunity(&site, &analysis.journeys, analysis.portfolio.quick_wins[0]);
        assert_eq!(win.journey_title, "Journey buy");
    }
}
