//! The portfolio: every journey's pain points, opportunities and touchpoints side by side.

use super::health::{severity_counts, KpiStatusCounts};
use super::priority::{priority_key, PriorityKey, Quadrant, RankedOpportunity, RankedPainPoint};
use super::touchpoints::{self, TouchpointMatrix};
use super::{mean, JourneyAnalysis};
use crate::model::{Id, Journey, Severity, Site, Status};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// A pain point or opportunity in a portfolio list: the journey, by its index in
/// `site.journeys`, and the item, by its index in that journey's ranked list. The lists
/// hold these rather than copies of the items, which for a large portfolio would repeat
/// every text of every journey in memory; [`Portfolio::pain_point`] and
/// [`Portfolio::opportunity`] resolve them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub journey: usize,
    pub item: usize,
}

/// A pain point with the journey it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PortfolioPainPoint<'a> {
    pub journey: &'a Id,
    pub journey_title: &'a str,
    #[serde(flatten)]
    pub pain_point: &'a RankedPainPoint,
}

/// An opportunity with the journey it belongs to; `priority` stays its rank in the journey.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PortfolioOpportunity<'a> {
    pub journey: &'a Id,
    pub journey_title: &'a str,
    #[serde(flatten)]
    pub opportunity: &'a RankedOpportunity,
}

/// Everything across journeys that the portfolio pages show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Portfolio {
    pub journey_count: usize,
    pub persona_count: usize,
    /// Over every stage of every journey that has an emotion.
    pub mean_emotion: Option<f64>,
    /// Most severe first, then by journey id and stage order.
    #[serde(skip)]
    pub pain_points: Vec<Entry>,
    /// In work order: open before done, then by quadrant, impact, effort, journey id and
    /// stage order.
    #[serde(skip)]
    pub opportunities: Vec<Entry>,
    /// The open quick wins, in the same order.
    #[serde(skip)]
    pub quick_wins: Vec<Entry>,
    pub touchpoint_matrix: TouchpointMatrix,
    pub kpi_status_counts: KpiStatusCounts,
    /// Every severity as a key.
    pub severity_counts: BTreeMap<&'static str, usize>,
}

impl Portfolio {
    /// The pain point `entry` of [`Portfolio::pain_points`]; `site` and `analyses` are
    /// the ones the portfolio was made from.
    pub fn pain_point<'a>(
        site: &'a Site,
        analyses: &'a BTreeMap<Id, JourneyAnalysis>,
        entry: Entry,
    ) -> PortfolioPainPoint<'a> {
        let journey = &site.journeys[entry.journey];
        PortfolioPainPoint {
            journey: &journey.id,
            journey_title: &journey.front.title,
            pain_point: &analyses[&journey.id].pain_points[entry.item],
        }
    }

    /// The opportunity `entry` of [`Portfolio::opportunities`] or
    /// [`Portfolio::quick_wins`]; `site` and `analyses` are the ones the portfolio was
    /// made from.
    pub fn opportunity<'a>(
        site: &'a Site,
        analyses: &'a BTreeMap<Id, JourneyAnalysis>,
        entry: Entry,
    ) -> PortfolioOpportunity<'a> {
        let journey = &site.journeys[entry.journey];
        PortfolioOpportunity {
            journey: &journey.id,
            journey_title: &journey.front.title,
            opportunity: &analyses[&journey.id].opportunities[entry.item],
        }
    }
}

/// The portfolio of `site`, given each journey's analysis.
pub fn portfolio(site: &Site, analyses: &BTreeMap<Id, JourneyAnalysis>) -> Portfolio {
    with_matrix(
        site,
        analyses,
        touchpoints::touchpoint_matrix(&site.journeys),
    )
}

/// [`portfolio`] after the journeys at the indices of `edited` changed, given the
/// portfolio `before` and those journeys as they were: the same portfolio, with the
/// touchpoint matrix updated rather than counted anew where the channels stay the same.
pub fn portfolio_after_edit(
    site: &Site,
    analyses: &BTreeMap<Id, JourneyAnalysis>,
    before: &Portfolio,
    edited: &[(usize, &Journey)],
) -> Portfolio {
    let matrix = touchpoints::updated(&before.touchpoint_matrix, &site.journeys, edited)
        .unwrap_or_else(|| touchpoints::touchpoint_matrix(&site.journeys));
    with_matrix(site, analyses, matrix)
}

fn with_matrix(
    site: &Site,
    analyses: &BTreeMap<Id, JourneyAnalysis>,
    touchpoint_matrix: TouchpointMatrix,
) -> Portfolio {
    let analysed: Vec<(usize, &JourneyAnalysis)> = site
        .journeys
        .iter()
        .enumerate()
        .filter_map(|(i, j)| analyses.get(&j.id).map(|a| (i, a)))
        .collect();

    let mut pain_points: Vec<(PainPointOrder, Entry)> = analysed
        .iter()
        .flat_map(|&(journey, a)| {
            a.pain_points
                .iter()
                .enumerate()
                .map(move |(item, p)| (pain_point_order(journey, p), Entry { journey, item }))
        })
        .collect();
    pain_points.sort_unstable_by_key(|&(key, _)| key);

    // Each with whether it is an open quick win.
    let mut opportunities: Vec<(OpportunityOrder, Entry, bool)> = analysed
        .iter()
        .flat_map(|&(journey, a)| {
            a.opportunities.iter().enumerate().map(move |(item, o)| {
                let open_quick_win = o.quadrant == Quadrant::QuickWin && o.status != Status::Done;
                (
                    opportunity_order(journey, o),
                    Entry { journey, item },
                    open_quick_win,
                )
            })
        })
        .collect();
    opportunities.sort_unstable_by_key(|&(key, _, _)| key);
    let quick_wins = opportunities
        .iter()
        .filter(|(_, _, quick)| *quick)
        .map(|&(_, e, _)| e)
        .collect();

    let kpi_status_counts = analysed
        .iter()
        .fold(KpiStatusCounts::default(), |sum, (_, a)| {
            sum + a.health.kpi_status_counts
        });
    let severity_counts = severity_counts(
        analysed
            .iter()
            .flat_map(|(_, a)| &a.pain_points)
            .map(|p| p.severity),
    );
    let mean_emotion = mean(
        site.journeys
            .iter()
            .flat_map(|j| &j.front.stages)
            .filter_map(|s| s.emotion.map(|e| f64::from(e.value()))),
    );

    Portfolio {
        journey_count: site.journeys.len(),
        persona_count: site.personas.len(),
        mean_emotion,
        // By reference: collected from `into_iter()`, each list would keep the allocation
        // of its sort keys, three times its size.
        pain_points: pain_points.iter().map(|&(_, e)| e).collect(),
        opportunities: opportunities.iter().map(|&(_, e, _)| e).collect(),
        quick_wins,
        touchpoint_matrix,
        kpi_status_counts,
        severity_counts,
    }
}

/// Journeys in the tiebreaks are ordered by their index in `site.journeys`, which is
/// sorted by id; every key is unique, so the unstable sort is deterministic.
type PainPointOrder = (Reverse<Severity>, usize, usize, usize);
type OpportunityOrder = (PriorityKey, usize, usize, usize);

/// Most severe first, then by journey id and stage order.
fn pain_point_order(journey: usize, p: &RankedPainPoint) -> PainPointOrder {
    (
        Reverse(p.severity),
        journey,
        p.stage_position,
        p.index_in_stage,
    )
}

/// The journey's priority order, with the journey id ahead of the stage position as the
/// tiebreak.
fn opportunity_order(journey: usize, r: &RankedOpportunity) -> OpportunityOrder {
    (
        priority_key(r.impact, r.effort, r.status),
        journey,
        r.stage_position,
        r.index_in_stage,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;
    use crate::analysis::testutil::*;

    #[test]
    fn the_portfolio_lists_hold_no_unused_room() {
        let analysis = analyse(&two_journeys());
        let p = &analysis.portfolio;
        for list in [&p.pain_points, &p.opportunities] {
            assert!(!list.is_empty());
            assert_eq!(list.capacity(), list.len());
        }
    }

    #[test]
    fn pain_points_by_severity_then_journey_then_stage() {
        let site = two_journeys();
        let analysis = analyse(&site);
        let p = &analysis.portfolio;
        let resolved: Vec<_> = p
            .pain_points
            .iter()
            .map(|&e| Portfolio::pain_point(&site, &analysis.journeys, e))
            .collect();
        let order: Vec<_> = resolved
            .iter()
            .map(|p| (p.journey.as_str(), p.pain_point.text.as_ref()))
            .collect();
        assert_eq!(
            order,
            vec![
                ("buy", "Fees"),
                ("support", "Parts"),
                ("buy", "Lost"),
                ("support", "Queue"),
            ]
        );
        assert_eq!(resolved[0].journey_title, "Journey buy");
        assert_eq!(
            p.severity_counts,
            BTreeMap::from([("critical", 2), ("high", 2), ("low", 0), ("medium", 0),])
        );
    }

    #[test]
    fn opportunities_in_work_order_and_open_quick_wins() {
        let site = two_journeys();
        let analysis = analyse(&site);
        let p = &analysis.portfolio;
        let resolve = |entries: &[Entry]| -> Vec<PortfolioOpportunity> {
            entries
                .iter()
                .map(|&e| Portfolio::opportunity(&site, &analysis.journeys, e))
                .collect()
        };
        let order: Vec<_> = resolve(&p.opportunities)
            .iter()
            .map(|o| {
                (
                    o.journey.as_str(),
                    o.opportunity.text.as_ref(),
                    o.opportunity.priority,
                )
            })
            .collect();
        assert_eq!(
            order,
            vec![
                ("support", "Callback", 1),
                ("buy", "Guide", 1),
                ("buy", "Redesign", 2),
                ("support", "Stock parts", 2),
                ("buy", "Show fees", 3),
            ]
        );
        let wins = resolve(&p.quick_wins);
        let texts: Vec<_> = wins.iter().map(|o| o.opportunity.text.as_ref()).collect();
        assert_eq!(texts, vec!["Callback", "Guide"]);
        let json = serde_json::to_value(wins[1]).unwrap();
        assert_eq!(json["journey"], "buy");
        assert_eq!(json["text"], "Guide");
        assert_eq!(json["quadrant"], "quick-win");
        assert_eq!(json["addresses"][0], "lost");
    }

    #[test]
    fn totals_across_journeys() {
        let p = analyse(&two_journeys()).portfolio;
        assert_eq!((p.journey_count, p.persona_count), (2, 1));
        // Emotions -2, 1, 0, 2 over the four stages that have one.
        assert_eq!(p.mean_emotion, Some(0.25));
        assert_eq!(
            p.kpi_status_counts,
            KpiStatusCounts {
                on_track: 1,
                at_risk: 0,
                off_track: 1
            }
        );
    }

    #[test]
    fn an_empty_site_has_an_empty_portfolio() {
        let p = analyse(&site(vec![], vec![])).portfolio;
        assert_eq!(p.journey_count, 0);
        assert_eq!(p.mean_emotion, None);
        assert_eq!(p.touchpoint_matrix, TouchpointMatrix::default());
        assert_eq!(p.severity_counts.len(), 4);
    }
}
