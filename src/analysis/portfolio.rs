//! The portfolio: every journey's pain points, opportunities and touchpoints side by side.

use super::health::{severity_counts, KpiStatusCounts};
use super::priority::{priority_key, PriorityKey, Quadrant, RankedOpportunity, RankedPainPoint};
use super::{mean, JourneyAnalysis};
use crate::model::{Id, Journey, Severity, Site, Status};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

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

/// How many touchpoints each channel has, per journey and per stage position.
///
/// Rows follow `channels`; `by_journey[c][j]` counts channel `c` in `journeys[j]`, and
/// `by_position[c][p]` counts it at the `positions[p]`-th stage of any journey.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TouchpointMatrix {
    /// Sorted and distinct; a touchpoint without a channel counts as `other`.
    pub channels: Vec<String>,
    /// Every journey, sorted by id.
    pub journeys: Vec<Id>,
    pub by_journey: Vec<Vec<usize>>,
    /// 1 ..= the most stages any journey has.
    pub positions: Vec<usize>,
    pub by_position: Vec<Vec<usize>>,
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
    pub severity_counts: BTreeMap<String, usize>,
}

/// The channel name a touchpoint is counted under.
pub const OTHER_CHANNEL: &str = "other";

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
    with_matrix(site, analyses, touchpoint_matrix(&site.journeys))
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
    let matrix = updated_matrix(&before.touchpoint_matrix, &site.journeys, edited)
        .unwrap_or_else(|| touchpoint_matrix(&site.journeys));
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
        pain_points: pain_points.into_iter().map(|(_, e)| e).collect(),
        opportunities: opportunities.into_iter().map(|(_, e, _)| e).collect(),
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

/// The channel a touchpoint is counted under: trimmed, and `other` when empty.
pub fn channel_name(channel: &str) -> &str {
    match channel.trim() {
        "" => OTHER_CHANNEL,
        c => c,
    }
}

/// `before` with the counts of the `edited` journeys (index, as they were) replaced by
/// those of `journeys` now; `None` when a channel comes or goes, or the journeys are not
/// the matrix's columns, and the matrix must be counted anew.
fn updated_matrix(
    before: &TouchpointMatrix,
    journeys: &[Journey],
    edited: &[(usize, &Journey)],
) -> Option<TouchpointMatrix> {
    let mut matrix = before.clone();
    let row = |channel: &str| {
        before
            .channels
            .binary_search_by(|c| c.as_str().cmp(channel_name(channel)))
            .ok()
    };
    for &(column, old) in edited {
        let new = journeys.get(column)?;
        if matrix.journeys.get(column) != Some(&new.id) {
            return None;
        }
        for (journey, add) in [(old, false), (new, true)] {
            for (position, stage) in journey.front.stages.iter().enumerate() {
                for t in &stage.touchpoints {
                    let r = row(&t.channel)?;
                    for cell in [
                        matrix.by_journey.get_mut(r)?.get_mut(column)?,
                        matrix.by_position.get_mut(r)?.get_mut(position)?,
                    ] {
                        *cell = if add { *cell + 1 } else { cell.checked_sub(1)? };
                    }
                }
            }
        }
    }
    let channel_gone = matrix.by_position.iter().any(|r| r.iter().all(|&n| n == 0));
    (!channel_gone).then_some(matrix)
}

/// Touchpoint counts by channel against journeys and against stage positions.
pub fn touchpoint_matrix(journeys: &[Journey]) -> TouchpointMatrix {
    let mut sorted: Vec<&Journey> = journeys.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));

    let channels: Vec<String> = sorted
        .iter()
        .flat_map(|j| &j.front.stages)
        .flat_map(|s| &s.touchpoints)
        .map(|t| channel_name(&t.channel))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    let row = |channel: &str| channels.binary_search_by(|c| c.as_str().cmp(channel));
    let max_stages = sorted
        .iter()
        .map(|j| j.front.stages.len())
        .max()
        .unwrap_or(0);

    let mut by_journey = vec![vec![0; sorted.len()]; channels.len()];
    let mut by_position = vec![vec![0; max_stages]; channels.len()];
    for (col, journey) in sorted.iter().enumerate() {
        for (position, stage) in journey.front.stages.iter().enumerate() {
            for t in &stage.touchpoints {
                if let Ok(r) = row(channel_name(&t.channel)) {
                    by_journey[r][col] += 1;
                    by_position[r][position] += 1;
                }
            }
        }
    }
    TouchpointMatrix {
        channels,
        journeys: sorted.iter().map(|j| j.id.clone()).collect(),
        by_journey,
        positions: (1..=max_stages).collect(),
        by_position,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;
    use crate::analysis::testutil::*;
    use crate::model::Level::{High, Low, Medium};

    fn two_journeys() -> Site {
        let mut a1 = stage("find", Some(-2));
        a1.touchpoints = vec![touchpoint("Search", "web"), touchpoint("Ad", "social")];
        a1.pain_points = vec![pain(Some("lost"), "Lost", Severity::High)];
        a1.opportunities = vec![
            opp("Guide", Medium, Low, Status::Idea, &["lost"]),
            opp("Redesign", High, High, Status::Planned, &[]),
        ];
        let mut a2 = stage("pay", Some(1));
        a2.touchpoints = vec![touchpoint("Checkout", "web"), touchpoint("Call", "")];
        a2.pain_points = vec![pain(None, "Fees", Severity::Critical)];
        a2.opportunities = vec![opp("Show fees", High, Low, Status::Done, &[])];
        let mut b1 = stage("call", Some(0));
        b1.touchpoints = vec![touchpoint("Hotline", " phone "), touchpoint("Site", "web")];
        b1.pain_points = vec![pain(None, "Queue", Severity::High)];
        b1.opportunities = vec![opp("Callback", High, Low, Status::Idea, &[])];
        let mut b2 = stage("fix", None);
        b2.pain_points = vec![pain(None, "Parts", Severity::Critical)];
        b2.opportunities = vec![opp("Stock parts", Low, Low, Status::Idea, &[])];
        let mut b3 = stage("close", Some(2));
        b3.touchpoints = vec![touchpoint("Survey", "email")];
        site(
            vec![
                journey("support", vec![b1, b2, b3]),
                journey("buy", vec![a1, a2]),
            ],
            vec![(
                "support",
                vec![
                    series("call", "csat", None, &[("2026-Q1", 3.0, Some(4.0))]),
                    series("fix", "csat", None, &[("2026-Q1", 4.5, Some(4.0))]),
                ],
            )],
        )
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
            .map(|p| (p.journey.as_str(), p.pain_point.text.as_str()))
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
            BTreeMap::from([
                ("critical".to_string(), 2),
                ("high".to_string(), 2),
                ("low".to_string(), 0),
                ("medium".to_string(), 0),
            ])
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
                    o.opportunity.text.as_str(),
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
        let texts: Vec<_> = wins.iter().map(|o| o.opportunity.text.as_str()).collect();
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
    fn touchpoint_matrices_by_journey_and_stage_position() {
        let m = analyse(&two_journeys()).portfolio.touchpoint_matrix;
        assert_eq!(m.channels, vec!["email", "other", "phone", "social", "web"]);
        let journeys: Vec<_> = m.journeys.iter().map(Id::as_str).collect();
        assert_eq!(journeys, vec!["buy", "support"]);
        assert_eq!(
            m.by_journey,
            vec![vec![0, 1], vec![1, 0], vec![0, 1], vec![1, 0], vec![2, 1]]
        );
        assert_eq!(m.positions, vec![1, 2, 3]);
        assert_eq!(
            m.by_position,
            vec![
                vec![0, 0, 1],
                vec![0, 1, 0],
                vec![1, 0, 0],
                vec![1, 0, 0],
                vec![2, 1, 0],
            ]
        );
    }

    #[test]
    fn an_edit_updates_the_touchpoint_matrix_as_a_recount_would() {
        let before = two_journeys();
        let analysis = analyse(&before);
        let mut after = before.clone();
        // `buy` (index 0) trades its social touchpoint for a web one; `support` (index 1)
        // drops its only email touchpoint, so the email channel goes.
        after.journeys[0].front.stages[0].touchpoints[1].channel = "web".into();
        after.journeys[1].front.stages[2].touchpoints.clear();
        let edited = [(0, &before.journeys[0]), (1, &before.journeys[1])];
        let updated =
            portfolio_after_edit(&after, &analysis.journeys, &analysis.portfolio, &edited);
        assert_eq!(
            updated.touchpoint_matrix,
            touchpoint_matrix(&after.journeys)
        );
        assert_eq!(
            updated.touchpoint_matrix.channels,
            vec!["other", "phone", "web"]
        );
        // Counts move between channels that stay: updated in place.
        let mut moved = before.clone();
        moved.journeys[1].front.stages[0].touchpoints[1].channel = "phone".into();
        let edited = [(1, &before.journeys[1])];
        let m = updated_matrix(
            &analysis.portfolio.touchpoint_matrix,
            &moved.journeys,
            &edited,
        );
        assert_eq!(m, Some(touchpoint_matrix(&moved.journeys)));
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
