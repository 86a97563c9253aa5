//! Completeness: how much of a good journey map a journey has. Each [`Rule`] is a check a
//! CX lead would make in review; a journey's score is the share of rules it passes, and
//! every miss is a [`Finding`] that lint reports as a located warning.

use super::RankedPainPoint;
use crate::model::{Date, Journey, JourneyKind, JourneyMetrics, Site};
use crate::yaml::Seg;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

/// The checks of a journey, in the order pages list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    EnoughStages,
    StageEmotions,
    StageTouchpoints,
    PainPointsAddressed,
    OpportunityOwners,
    Metrics,
    MetricTargets,
    Fresh,
}

impl Rule {
    pub const ALL: [Rule; 8] = [
        Rule::EnoughStages,
        Rule::StageEmotions,
        Rule::StageTouchpoints,
        Rule::PainPointsAddressed,
        Rule::OpportunityOwners,
        Rule::Metrics,
        Rule::MetricTargets,
        Rule::Fresh,
    ];

    /// What a journey that passes the rule has, for the pages.
    pub fn description(self) -> &'static str {
        match self {
            Rule::EnoughStages => "at least 3 stages",
            Rule::StageEmotions => "an emotion for every stage",
            Rule::StageTouchpoints => "touchpoints for every stage",
            Rule::PainPointsAddressed => "an opportunity for every pain point",
            Rule::OpportunityOwners => "an owner for every opportunity",
            Rule::Metrics => "metrics (not asked of a future state or a day in the life)",
            Rule::MetricTargets => "a target for every metric it reports",
            Rule::Fresh => "a review within stale_after_days of the newest data",
        }
    }
}

/// Fewer stages than this hardly make a journey.
pub const MIN_STAGES: usize = 3;

/// Where a finding points.
#[derive(Clone, Debug, PartialEq)]
pub enum Location {
    /// A field of the journey's front-matter, by its path.
    Field(Vec<Seg<'static>>),
    /// A line of a metrics CSV.
    Line(Arc<Path>, usize),
}

/// One missed rule at one place.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule: Rule,
    pub at: Location,
    pub message: String,
    pub hint: String,
}

/// A journey's score and the rules it misses.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Completeness {
    /// Rules passed, in percent, rounded down.
    pub score: u32,
    pub passed: usize,
    pub total: usize,
    /// Every rule, in [`Rule::ALL`] order.
    pub checks: Vec<Check>,
    /// Every finding, for lint; not part of the data.
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    pub rule: Rule,
    pub description: &'static str,
    pub passed: bool,
    /// How many places miss it.
    pub findings: usize,
}

/// The day staleness is judged at: the last day of the newest metric period of the site,
/// else the newest `updated` of its journeys. Both come from the content, so the same
/// content always gets the same score, whatever day it is built.
pub fn reference_date(site: &Site) -> Option<Date> {
    reference_date_from(newest_metric_period(site), &site.journeys)
}

/// The last day of the newest metric period of `site`.
pub fn newest_metric_period(site: &Site) -> Option<Date> {
    site.metrics
        .values()
        .flat_map(|m| &m.series)
        .filter_map(|s| s.points.last())
        .map(|p| p.period.end())
        .max()
        .map(Date::from_days_since_epoch)
}

/// [`reference_date`] given the site's [`newest_metric_period`] and its journeys.
pub fn reference_date_from<'a>(
    newest_metric_period: Option<Date>,
    journeys: impl IntoIterator<Item = &'a Journey>,
) -> Option<Date> {
    newest_metric_period.or_else(|| journeys.into_iter().filter_map(|j| j.front.updated).max())
}

/// Checks `journey` against every rule.
pub fn completeness(
    site: &Site,
    journey: &Journey,
    metrics: &JourneyMetrics,
    unaddressed: &[RankedPainPoint],
    reference: Option<Date>,
) -> Completeness {
    let mut findings = Vec::new();
    let stages = &journey.front.stages;
    if stages.len() < MIN_STAGES {
        findings.push(Finding {
            rule: Rule::EnoughStages,
            at: Location::Field(vec![Seg::Key("stages")]),
            message: format!(
                "the journey has {} stage(s); a journey map needs at least {MIN_STAGES}",
                stages.len()
            ),
            hint: "split the experience into the steps the customer goes through".into(),
        });
    }
    for (i, stage) in stages.iter().enumerate() {
        let at = |key| Location::Field(vec![Seg::Key("stages"), Seg::Index(i), Seg::Key(key)]);
        if stage.emotion.is_none() {
            findings.push(Finding {
                rule: Rule::StageEmotions,
                at: at("name"),
                message: format!("stage `{}` has no emotion", stage.id),
                hint: "add `emotion:` from -2 (very negative) to 2 (very positive)".into(),
            });
        }
        if stage.touchpoints.is_empty() {
            findings.push(Finding {
                rule: Rule::StageTouchpoints,
                at: at("name"),
                message: format!("stage `{}` has no touchpoints", stage.id),
                hint: "list where the customer meets the company here under `touchpoints:`".into(),
            });
        }
        for (k, opportunity) in stage.opportunities.iter().enumerate() {
            if opportunity
                .owner
                .as_deref()
                .is_none_or(|o| o.trim().is_empty())
            {
                findings.push(Finding {
                    rule: Rule::OpportunityOwners,
                    at: Location::Field(vec![
                        Seg::Key("stages"),
                        Seg::Index(i),
                        Seg::Key("opportunities"),
                        Seg::Index(k),
                    ]),
                    message: format!("opportunity without an owner: {}", opportunity.text),
                    hint: "add `owner:` so someone answers for it".into(),
                });
            }
        }
    }
    for pain in unaddressed {
        findings.push(Finding {
            rule: Rule::PainPointsAddressed,
            at: Location::Field(vec![
                Seg::Key("stages"),
                Seg::Index(pain.stage_position - 1),
                Seg::Key("pain_points"),
                Seg::Index(pain.index_in_stage),
            ]),
            message: format!(
                "{} pain point not addressed: {}",
                pain.severity.as_str(),
                pain.text
            ),
            hint: "give it an `id` and name it in the `addresses` of an opportunity".into(),
        });
    }
    metric_findings(site, journey, metrics, &mut findings);
    if let Some(finding) = freshness(site, journey, reference) {
        findings.push(finding);
    }
    summarize(findings)
}

fn metric_findings(
    site: &Site,
    journey: &Journey,
    metrics: &JourneyMetrics,
    findings: &mut Vec<Finding>,
) {
    // A future state is a vision: nothing has been measured yet. A day in the life
    // follows a person through their day, not a funnel the company counts.
    if matches!(
        journey.front.kind,
        JourneyKind::FutureState | JourneyKind::DayInTheLife
    ) {
        return;
    }
    if metrics.series.is_empty() {
        findings.push(Finding {
            rule: Rule::Metrics,
            at: Location::Field(vec![Seg::Key("title")]),
            message: "the journey has no metrics".into(),
            hint: format!(
                "add metrics/{}.csv with columns period,stage,metric,value,target",
                journey.id
            ),
        });
        return;
    }
    // Series are sorted by metric, so each metric's series are adjacent.
    for group in metrics.series.chunk_by(|a, b| a.metric == b.metric) {
        if group
            .iter()
            .flat_map(|s| &s.points)
            .any(|p| p.target.is_some())
        {
            continue;
        }
        let first = group
            .iter()
            .min_by_key(|s| (&s.source, s.line))
            .expect("chunks are not empty");
        let label = site
            .config
            .metrics
            .get(&*first.metric)
            .map_or(&*first.metric, |d| d.label.as_str());
        findings.push(Finding {
            rule: Rule::MetricTargets,
            at: Location::Line(first.source.clone(), first.line),
            message: format!(
                "metric `{}` ({label}) has no target in any period of journey `{}`",
                first.metric, journey.id
            ),
            hint: "fill the `target` column for the stages you steer by".into(),
        });
    }
}

fn freshness(site: &Site, journey: &Journey, reference: Option<Date>) -> Option<Finding> {
    let limit = i64::from(site.config.stale_after_days);
    let Some(updated) = journey.front.updated else {
        return Some(Finding {
            rule: Rule::Fresh,
            at: Location::Field(vec![Seg::Key("title")]),
            message: "the journey has no `updated` date".into(),
            hint: "add `updated: YYYY-MM-DD` so readers know how current it is".into(),
        });
    };
    let reference = reference?;
    let age = reference.days_since_epoch() - updated.days_since_epoch();
    (age > limit).then(|| Finding {
        rule: Rule::Fresh,
        at: Location::Field(vec![Seg::Key("updated")]),
        message: format!(
            "stale journey: last updated {updated}, {age} days before the newest data ({reference})"
        ),
        hint: format!(
            "review it against fresh evidence and set `updated`; the limit is stale_after_days: {limit}"
        ),
    })
}

fn summarize(findings: Vec<Finding>) -> Completeness {
    let checks: Vec<Check> = Rule::ALL
        .iter()
        .map(|&rule| {
            let count = findings.iter().filter(|f| f.rule == rule).count();
            Check {
                rule,
                description: rule.description(),
                passed: count == 0,
                findings: count,
            }
        })
        .collect();
    let total = checks.len();
    let passed = checks.iter().filter(|c| c.passed).count();
    Completeness {
        score: (passed * 100 / total) as u32,
        passed,
        total,
        checks,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;
    use crate::model::{Date, Level, Severity, Status};

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn the_reference_is_the_end_of_the_newest_period_else_the_newest_update() {
        let mut old = journey("old", vec![stage("a", Some(0))]);
        old.front.updated = Some(date("2026-02-01"));
        let site_without_metrics = site(vec![old.clone()], vec![]);
        assert_eq!(
            reference_date(&site_without_metrics),
            Some(date("2026-02-01"))
        );
        let with_metrics = site(
            vec![old],
            vec![(
                "old",
                vec![series(
                    "a",
                    "csat",
                    None,
                    &[("2025-Q4", 4.0, None), ("2026-Q2", 4.0, None)],
                )],
            )],
        );
        assert_eq!(reference_date(&with_metrics), Some(date("2026-06-30")));
    }

    #[test]
    fn a_bare_journey_misses_every_rule_it_can() {
        let mut s = stage("a", None);
        s.pain_points.push(pain(None, "Slow", Severity::High));
        s.opportunities
            .push(opp("Faster", Level::High, Level::Low, Status::Idea, &[]));
        let j = journey("bare", vec![s]);
        let site = site(vec![j.clone()], vec![]);
        let analysis = crate::analysis::analyse(&site);
        let c = &analysis.journeys["bare"].completeness;
        let missed: Vec<Rule> = c
            .checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.rule)
            .collect();
        assert_eq!(
            missed,
            vec![
                Rule::EnoughStages,
                Rule::StageEmotions,
                Rule::StageTouchpoints,
                Rule::PainPointsAddressed,
                Rule::OpportunityOwners,
                Rule::Metrics,
                Rule::Fresh,
            ]
        );
        assert_eq!((c.passed, c.total, c.score), (1, 8, 12));
        assert_eq!(c.findings.len(), 7);
    }

    #[test]
    fn freshness_is_judged_against_the_reference_and_the_limit() {
        let mut j = journey("j", vec![stage("a", Some(0))]);
        j.front.updated = Some(date("2026-01-01"));
        let site = site(vec![j.clone()], vec![]);
        assert!(freshness(&site, &j, Some(date("2026-06-30"))).is_none());
        let stale = freshness(&site, &j, Some(date("2026-07-01"))).unwrap();
        assert_eq!(stale.rule, Rule::Fresh);
        assert!(stale.message.contains("181 days"), "{}", stale.message);
        assert!(freshness(&site, &j, None).is_none());
    }
}
