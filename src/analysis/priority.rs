//! Priorities: opportunities by impact against effort, pain points by severity.

use super::outcome::{EvaluatedExperiment, Outcome};
use crate::model::{Date, Id, Journey, Level, Severity, Status};
use serde::Serialize;
use std::cmp::Reverse;
use std::sync::Arc;

/// Where an opportunity falls on the impact × effort matrix. Declared in the order the
/// quadrants are worked on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quadrant {
    QuickWin,
    BigBet,
    FillIn,
    MoneyPit,
}

impl Quadrant {
    pub const ALL: &'static [Quadrant] = &[
        Quadrant::QuickWin,
        Quadrant::BigBet,
        Quadrant::FillIn,
        Quadrant::MoneyPit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Quadrant::QuickWin => "quick-win",
            Quadrant::BigBet => "big-bet",
            Quadrant::FillIn => "fill-in",
            Quadrant::MoneyPit => "money-pit",
        }
    }
}

/// The quadrant of an impact and an effort: medium impact counts as worth doing, medium
/// effort as costly.
pub fn quadrant(impact: Level, effort: Level) -> Quadrant {
    match (impact, effort) {
        (Level::Low, Level::Low) => Quadrant::FillIn,
        (Level::Low, _) => Quadrant::MoneyPit,
        (_, Level::Low) => Quadrant::QuickWin,
        _ => Quadrant::BigBet,
    }
}

/// An opportunity of a journey with its place in the work order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankedOpportunity {
    pub stage: Id,
    pub stage_name: Arc<str>,
    /// The stage's place in the journey, 1-based.
    pub stage_position: usize,
    /// The opportunity's place in its stage's list, 0-based.
    pub index_in_stage: usize,
    pub id: Option<Id>,
    pub text: Arc<str>,
    pub impact: Level,
    pub effort: Level,
    pub status: Status,
    pub owner: Option<Arc<str>>,
    pub addresses: Vec<Id>,
    /// 1 = do first.
    pub priority: u8,
    pub quadrant: Quadrant,
    /// When it shipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done_on: Option<Date>,
    /// The site.yaml metric it is meant to move.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// Its experiment's statistics and verdict, set by [`super::outcome::attach`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experiment: Option<Box<EvaluatedExperiment>>,
    /// Its KPI before and after it shipped, set by [`super::outcome::attach`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Box<Outcome>>,
}

/// A pain point of a journey with the opportunities that address it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankedPainPoint {
    pub stage: Id,
    pub stage_name: Arc<str>,
    /// The stage's place in the journey, 1-based.
    pub stage_position: usize,
    /// The pain point's place in its stage's list, 0-based.
    pub index_in_stage: usize,
    pub id: Option<Id>,
    pub text: Arc<str>,
    pub severity: Severity,
    /// Texts of the journey's opportunities (done ones included) whose `addresses` name it.
    pub addressed_by: Vec<Arc<str>>,
    /// The rows of feedback that carry any of its tags.
    pub evidence: usize,
}

/// The sort key of the work order, short of the position tiebreak: open before done,
/// then by quadrant, higher impact first, lower effort first.
pub type PriorityKey = (bool, Quadrant, Reverse<Level>, Level);

/// The [`PriorityKey`] of an opportunity.
pub fn priority_key(impact: Level, effort: Level, status: Status) -> PriorityKey {
    (
        status == Status::Done,
        quadrant(impact, effort),
        Reverse(impact),
        effort,
    )
}

/// Every opportunity of the journey in the order to work on them.
pub fn rank_opportunities(journey: &Journey) -> Vec<RankedOpportunity> {
    let mut ranked: Vec<RankedOpportunity> = journey
        .front
        .stages
        .iter()
        .enumerate()
        .flat_map(|(position, stage)| {
            stage
                .opportunities
                .iter()
                .enumerate()
                .map(move |(index, o)| RankedOpportunity {
                    stage: stage.id.clone(),
                    stage_name: stage.name.clone(),
                    stage_position: position + 1,
                    index_in_stage: index,
                    id: o.id.clone(),
                    text: o.text.clone(),
                    impact: o.impact,
                    effort: o.effort,
                    status: o.status,
                    owner: o.owner.clone(),
                    addresses: o.addresses.clone(),
                    priority: 0,
                    quadrant: quadrant(o.impact, o.effort),
                    done_on: o.done_on,
                    metric: o.metric.clone(),
                    experiment: None,
                    outcome: None,
                })
        })
        .collect();
    ranked.sort_by_key(|o| {
        (
            priority_key(o.impact, o.effort, o.status),
            o.stage_position,
            o.index_in_stage,
        )
    });
    for (i, o) in ranked.iter_mut().enumerate() {
        // A journey with more than 255 opportunities shares the last rank.
        o.priority = u8::try_from(i + 1).unwrap_or(u8::MAX);
    }
    ranked
}

/// Every pain point of the journey, most severe first, then in stage order.
pub fn rank_pain_points(journey: &Journey) -> Vec<RankedPainPoint> {
    let stages = &journey.front.stages;
    let mut ranked: Vec<RankedPainPoint> = stages
        .iter()
        .enumerate()
        .flat_map(|(position, stage)| {
            stage
                .pain_points
                .iter()
                .enumerate()
                .map(move |(index, p)| RankedPainPoint {
                    stage: stage.id.clone(),
                    stage_name: stage.name.clone(),
                    stage_position: position + 1,
                    index_in_stage: index,
                    id: p.id.clone(),
                    text: p.text.clone(),
                    severity: p.severity,
                    addressed_by: match &p.id {
                        Some(id) => stages
                            .iter()
                            .flat_map(|s| &s.opportunities)
                            .filter(|o| o.addresses.contains(id))
                            .map(|o| o.text.clone())
                            .collect(),
                        None => Vec::new(),
                    },
                    evidence: 0,
                })
        })
        .collect();
    ranked.sort_by_key(|p| (Reverse(p.severity), p.stage_position, p.index_in_stage));
    ranked
}

/// The pain points no opportunity addresses, in the same order.
pub fn unaddressed(ranked: &[RankedPainPoint]) -> Vec<RankedPainPoint> {
    ranked
        .iter()
        .filter(|p| p.addressed_by.is_empty())
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::*;
    use Level::{High, Low, Medium};

    #[test]
    fn quadrants_of_every_combination() {
        use Quadrant::*;
        assert_eq!(quadrant(High, Low), QuickWin);
        assert_eq!(quadrant(Medium, Low), QuickWin);
        assert_eq!(quadrant(High, Medium), BigBet);
        assert_eq!(quadrant(High, High), BigBet);
        assert_eq!(quadrant(Medium, Medium), BigBet);
        assert_eq!(quadrant(Medium, High), BigBet);
        assert_eq!(quadrant(Low, Low), FillIn);
        assert_eq!(quadrant(Low, Medium), MoneyPit);
        assert_eq!(quadrant(Low, High), MoneyPit);
        let json = serde_json::to_string(Quadrant::ALL).unwrap();
        assert_eq!(json, r#"["quick-win","big-bet","fill-in","money-pit"]"#);
        for q in Quadrant::ALL {
            assert_eq!(serde_json::to_value(q).unwrap(), q.as_str());
        }
    }

    #[test]
    fn opportunities_are_ranked_quick_wins_first_and_done_last() {
        let mut a = stage("a", None);
        a.opportunities = vec![
            opp("money pit", Low, High, Status::Idea, &[]),
            opp("done quick win", High, Low, Status::Done, &[]),
            opp("big bet high/high", High, High, Status::Planned, &[]),
            opp("fill in", Low, Low, Status::Idea, &[]),
        ];
        let mut b = stage("b", None);
        b.opportunities = vec![
            opp("medium quick win", Medium, Low, Status::Idea, &[]),
            opp("big bet medium/medium", Medium, Medium, Status::Idea, &[]),
            opp("big bet high/medium", High, Medium, Status::InProgress, &[]),
            opp("high quick win", High, Low, Status::Idea, &[]),
            opp("money pit medium", Low, Medium, Status::Idea, &[]),
        ];
        let mut c = stage("c", None);
        c.opportunities = vec![opp(
            "second medium quick win",
            Medium,
            Low,
            Status::Idea,
            &[],
        )];
        let ranked = rank_opportunities(&journey("j", vec![a, b, c]));
        let order: Vec<_> = ranked
            .iter()
            .map(|o| (o.priority, o.text.as_ref()))
            .collect();
        assert_eq!(
            order,
            vec![
                (1, "high quick win"),
                (2, "medium quick win"),
                (3, "second medium quick win"),
                (4, "big bet high/medium"),
                (5, "big bet high/high"),
                (6, "big bet medium/medium"),
                (7, "fill in"),
                (8, "money pit medium"),
                (9, "money pit"),
                (10, "done quick win"),
            ]
        );
        let top = &ranked[0];
        assert_eq!(
            (top.stage.as_str(), top.stage_position, top.index_in_stage),
            ("b", 2, 3)
        );
        assert_eq!(top.quadrant, Quadrant::QuickWin);
        assert_eq!(ranked[9].status, Status::Done);
    }

    #[test]
    fn ranked_items_share_their_texts_with_the_journey() {
        let mut a = stage("a", None);
        a.pain_points = vec![pain(Some("slow"), "Slow delivery", Severity::High)];
        a.opportunities = vec![opp("Track parcels", High, Low, Status::Idea, &["slow"])];
        let j = journey("j", vec![a]);
        let (stage, pain, opportunity) = (
            &j.front.stages[0],
            &j.front.stages[0].pain_points[0],
            &j.front.stages[0].opportunities[0],
        );
        let ranked_pain = &rank_pain_points(&j)[0];
        let ranked_opportunity = &rank_opportunities(&j)[0];
        assert!(Arc::ptr_eq(&ranked_pain.text, &pain.text));
        assert!(Arc::ptr_eq(&ranked_pain.stage_name, &stage.name));
        assert!(Arc::ptr_eq(&ranked_pain.addressed_by[0], &opportunity.text));
        assert!(Arc::ptr_eq(&ranked_opportunity.text, &opportunity.text));
        assert!(Arc::ptr_eq(&ranked_opportunity.stage_name, &stage.name));
        // Serialized as the texts they are.
        let json = serde_json::to_value(ranked_pain).unwrap();
        assert_eq!(json["text"], "Slow delivery");
        assert_eq!(json["addressed_by"][0], "Track parcels");
    }

    #[test]
    fn pain_points_by_severity_then_stage_with_what_addresses_them() {
        let mut a = stage("a", None);
        a.pain_points = vec![
            pain(Some("slow"), "Slow delivery", Severity::Medium),
            pain(None, "No id", Severity::Critical),
        ];
        a.opportunities = vec![
            opp("Track parcels", Medium, Low, Status::Done, &["slow"]),
            opp("Unrelated", Medium, Low, Status::Idea, &[]),
        ];
        let mut b = stage("b", None);
        b.pain_points = vec![
            pain(Some("jargon"), "Jargon", Severity::Critical),
            pain(Some("price"), "Price unclear", Severity::Low),
            pain(Some("wait"), "Long wait", Severity::Medium),
        ];
        b.opportunities = vec![opp("Faster couriers", High, High, Status::Idea, &["slow"])];
        let ranked = rank_pain_points(&journey("j", vec![a, b]));
        let order: Vec<_> = ranked.iter().map(|p| p.text.as_ref()).collect();
        assert_eq!(
            order,
            vec![
                "No id",
                "Jargon",
                "Slow delivery",
                "Long wait",
                "Price unclear"
            ]
        );
        assert_eq!(
            ranked[2].addressed_by,
            ["Track parcels", "Faster couriers"].map(std::sync::Arc::<str>::from)
        );
        assert_eq!(ranked[1].stage_position, 2);

        let open: Vec<_> = unaddressed(&ranked).into_iter().map(|p| p.text).collect();
        assert_eq!(
            open,
            ["No id", "Jargon", "Long wait", "Price unclear"].map(std::sync::Arc::<str>::from)
        );
    }
}
