//! What the pages show of the evidence behind a journey: what customers say (the
//! sentiment and perceived-emotion charts, the portfolio's themes, heatmap and
//! mismatches) and what changes did (each experiment's numbers in the page's language,
//! the forest plot, each shipped change's outcome, the ship dates on the KPI charts).

use super::i18n::Locale;
use crate::analysis::experiment::{Kind, Verdict};
use crate::analysis::{Analysis, JourneyAnalysis, RankedOpportunity};
use crate::charts::{
    self, ForestPanel, ForestRow, ForestTone, PerceivedRow, SentimentRow, ShipMark,
};
use crate::model::{Journey, Period, Site, Status, Unit};
use serde::Serialize;
use std::collections::BTreeMap;

/// Whether any journey of `analysis` has feedback: the site then has its
/// voice-of-the-customer page.
pub fn has_voice(analysis: &Analysis) -> bool {
    analysis.journeys.values().any(|a| a.feedback.count > 0)
}

/// Whether any opportunity of `analysis` has an experiment or an outcome: the site then
/// has its experiments-and-outcomes page.
pub fn has_experiments(analysis: &Analysis) -> bool {
    analysis
        .journeys
        .values()
        .flat_map(|a| &a.opportunities)
        .any(|o| o.experiment.is_some() || o.outcome.is_some())
}

/// The sentiment chart and the perceived-against-map chart of a journey with rated
/// feedback.
pub struct VoiceCharts {
    pub sentiment: String,
    pub perceived: String,
}

/// The charts of what `journey`'s customers say, when they rated any stage.
pub fn voice_charts(
    journey: &Journey,
    analysis: &JourneyAnalysis,
    locale: &Locale,
) -> Option<VoiceCharts> {
    let voice = &analysis.feedback;
    if voice.stages.iter().all(|v| v.ratings == 0) {
        return None;
    }
    let stages = &journey.front.stages;
    let title = &journey.front.title;
    let rows: Vec<SentimentRow> = voice
        .stages
        .iter()
        .filter_map(|v| {
            Some(SentimentRow {
                stage: stages.get(v.stage_index)?.name.clone(),
                negative: v.negative,
                neutral: v.neutral,
                positive: v.positive,
            })
        })
        .collect();
    let perceived: Vec<PerceivedRow> = stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let v = voice.stages.iter().find(|v| v.stage_index == i);
            PerceivedRow {
                stage: stage.name.clone(),
                map: stage.emotion.map(|e| e.value()),
                perceived: v.and_then(|v| v.perceived_emotion),
                mismatch: v.is_some_and(|v| v.mismatch),
            }
        })
        .collect();
    let text = |key: &str| locale.text(key, None, &[("journey", title)]);
    Some(VoiceCharts {
        sentiment: charts::sentiment_chart(
            "chart-sentiment",
            &text("chart.sentiment.title"),
            &rows,
            locale,
        ),
        perceived: charts::perceived_chart(
            "chart-perceived",
            &text("chart.perceived.title"),
            &perceived,
            locale,
        ),
    })
}

/// An experiment as its table row shows it: numbers written in the page's language.
#[derive(Serialize)]
pub struct ExperimentRow<'a> {
    pub journey: &'a str,
    pub journey_title: &'a str,
    pub stage_name: &'a str,
    pub opportunity: &'a str,
    pub status: Status,
    pub name: &'a str,
    pub metric: &'a str,
    pub metric_label: &'a str,
    pub kind: &'static str,
    pub started: String,
    pub ended: Option<String>,
    pub control_n: Option<u64>,
    pub variant_n: Option<u64>,
    pub control: String,
    pub variant: String,
    pub difference: String,
    pub interval: String,
    pub lift: Option<String>,
    pub lift_interval: Option<String>,
    pub p_value: String,
    pub verdict: &'static str,
    pub decision: Option<&'static str>,
    pub srm_mismatch: bool,
}

/// A shipped change's outcome as its table row shows it.
#[derive(Serialize)]
pub struct OutcomeRow<'a> {
    pub journey: &'a str,
    pub journey_title: &'a str,
    pub stage_name: &'a str,
    pub opportunity: &'a str,
    pub metric_label: &'a str,
    pub unit: Unit,
    pub done_on: Option<String>,
    pub before_period: Option<String>,
    pub before: Option<f64>,
    pub after_period: Option<String>,
    pub after: Option<f64>,
    pub delta: Option<f64>,
    /// The delta in the page's language: percentage points for a percent metric.
    pub delta_text: Option<String>,
    /// better, worse or same; `None` while after or before is missing.
    pub trend: Option<&'static str>,
}

/// The experiments of `journey`, in its opportunities' priority order.
pub fn experiment_rows<'a>(
    site: &'a Site,
    journey: &'a Journey,
    analysis: &'a JourneyAnalysis,
    locale: &Locale,
) -> Vec<ExperimentRow<'a>> {
    analysis
        .opportunities
        .iter()
        .filter_map(|o| experiment_row(site, journey, o, locale))
        .collect()
}

fn experiment_row<'a>(
    site: &'a Site,
    journey: &'a Journey,
    o: &'a RankedOpportunity,
    locale: &Locale,
) -> Option<ExperimentRow<'a>> {
    let e = o.experiment.as_deref()?;
    let def = site.config.metrics.get(&e.metric);
    let unit = def.map_or(Unit::Number, |d| d.unit);
    let r = &e.result;
    let written = journey
        .front
        .stages
        .get(o.stage_position - 1)
        .and_then(|s| s.opportunities.get(o.index_in_stage))
        .and_then(|o| o.experiment.as_deref());
    let rate = r.kind == Kind::Rate;
    let value = |v: f64| {
        if rate {
            locale.pct(Some(v))
        } else {
            locale.num(Some(v), unit.as_str())
        }
    };
    let change = |v: f64| {
        if rate {
            let points = locale.signed(Some(v * 100.0), "");
            locale.text("experiments.points", None, &[("value", &points)])
        } else {
            locale.signed(Some(v), unit.as_str())
        }
    };
    let interval = |low: f64, high: f64, of: &dyn Fn(f64) -> String| {
        locale.text(
            "experiments.interval",
            None,
            &[("low", &of(low)), ("high", &of(high))],
        )
    };
    let lift_text = |v: f64| locale.signed(Some(v * 100.0), "percent");
    let p_value = match r.p_value {
        None => "–".to_string(),
        Some(p) if p < 0.001 => {
            let bound = locale.decimal(0.001, 3);
            locale.text("experiments.p_below", None, &[("value", &bound)])
        }
        Some(p) => locale.decimal(p, 3),
    };
    Some(ExperimentRow {
        journey: journey.id.as_str(),
        journey_title: &journey.front.title,
        stage_name: &o.stage_name,
        opportunity: &o.text,
        status: o.status,
        name: &e.name,
        metric: &e.metric,
        metric_label: def.map_or(e.metric.as_str(), |d| d.label.as_str()),
        kind: r.kind.as_str(),
        started: e.started.to_string(),
        ended: e.ended.map(|d| d.to_string()),
        control_n: written.map(|w| w.control.n.0),
        variant_n: written.map(|w| w.variant.n.0),
        control: value(r.control),
        variant: value(r.variant),
        difference: change(r.difference),
        interval: interval(r.ci_low, r.ci_high, &change),
        lift: r.lift.map(lift_text),
        lift_interval: r
            .lift_low
            .zip(r.lift_high)
            .map(|(low, high)| interval(low, high, &lift_text)),
        p_value,
        verdict: r.verdict.as_str(),
        decision: e.decision.map(|d| d.as_str()),
        srm_mismatch: r.srm.is_some_and(|s| s.mismatch),
    })
}

/// The outcomes of `journey`'s shipped changes, in its opportunities' priority order.
pub fn outcome_rows<'a>(
    site: &'a Site,
    journey: &'a Journey,
    analysis: &'a JourneyAnalysis,
    locale: &Locale,
) -> Vec<OutcomeRow<'a>> {
    analysis
        .opportunities
        .iter()
        .filter_map(|o| {
            let outcome = o.outcome.as_deref()?;
            let def = site.config.metrics.get(&outcome.metric);
            let unit = def.map_or(Unit::Number, |d| d.unit);
            let delta_text = outcome.delta.map(|d| {
                if unit == Unit::Percent {
                    let points = locale.signed(Some(d), "");
                    locale.text("experiments.points", None, &[("value", &points)])
                } else {
                    locale.signed(Some(d), unit.as_str())
                }
            });
            Some(OutcomeRow {
                journey: journey.id.as_str(),
                journey_title: &journey.front.title,
                stage_name: &o.stage_name,
                opportunity: &o.text,
                metric_label: def.map_or(outcome.metric.as_str(), |d| d.label.as_str()),
                unit,
                done_on: o.done_on.map(|d| d.to_string()),
                before_period: outcome.before.map(|b| b.period.label()),
                before: outcome.before.map(|b| b.value),
                after_period: outcome.after.map(|a| a.period.label()),
                after: outcome.after.map(|a| a.value),
                delta: outcome.delta,
                delta_text,
                trend: outcome.trend.map(|t| t.as_str()),
            })
        })
        .collect()
}

/// The forest plot of `journey`'s experiments, a panel per metric in site.yaml's order;
/// `None` without experiments.
pub fn forest(
    site: &Site,
    journey: &Journey,
    analysis: &JourneyAnalysis,
    locale: &Locale,
) -> Option<String> {
    let experiments: Vec<_> = analysis
        .opportunities
        .iter()
        .filter_map(|o| o.experiment.as_deref())
        .collect();
    if experiments.is_empty() {
        return None;
    }
    let panels: Vec<ForestPanel> = site
        .config
        .metrics
        .iter()
        .filter_map(|(key, def)| {
            let rows: Vec<ForestRow> = experiments
                .iter()
                .filter(|e| &e.metric == key)
                .map(|e| ForestRow {
                    name: e.name.clone(),
                    difference: e.result.difference,
                    low: e.result.ci_low,
                    high: e.result.ci_high,
                    verdict: locale.text(
                        &format!("experiments.verdict.{}", e.result.verdict.as_str()),
                        None,
                        &[],
                    ),
                    tone: match e.result.verdict {
                        Verdict::Improved => ForestTone::Good,
                        Verdict::Worsened => ForestTone::Bad,
                        Verdict::Running => ForestTone::Running,
                        Verdict::Underpowered | Verdict::Inconclusive => ForestTone::Neutral,
                    },
                })
                .collect();
            let rate = experiments
                .iter()
                .find(|e| &e.metric == key)
                .map(|e| e.result.kind == Kind::Rate)?;
            let title = if rate {
                locale.text("chart.forest.panel_rate", None, &[("metric", &def.label)])
            } else {
                locale.text("chart.forest.panel_mean", None, &[("metric", &def.label)])
            };
            Some(ForestPanel {
                title,
                rate,
                unit: def.unit.as_str().to_string(),
                rows,
            })
        })
        .collect();
    Some(charts::forest_plot(
        "chart-forest",
        &locale.text(
            "chart.forest.title",
            None,
            &[("journey", &journey.front.title)],
        ),
        &panels,
        locale,
    ))
}

/// Where `day` lies among `periods` (in time order) as a fractional index between the
/// periods' middles; `None` outside their span.
pub fn ship_position(periods: &[&Period], day: i64) -> Option<f64> {
    let first = periods.first()?;
    let last = periods.last()?;
    if day < first.start || day > last.end() {
        return None;
    }
    let middle = |p: &Period| (p.start + p.end()) as f64 / 2.0;
    let day = day as f64;
    let mut position = 0.0;
    for (i, pair) in periods.windows(2).enumerate() {
        let (a, b) = (middle(pair[0]), middle(pair[1]));
        if day <= a {
            break;
        }
        position = if day < b && b > a {
            i as f64 + (day - a) / (b - a)
        } else {
            (i + 1) as f64
        };
    }
    Some(position)
}

/// The marks of the changes shipped at any of `stages` (drawn on this chart) that moved
/// `metric`, among `periods`.
pub fn ship_marks(
    analysis: &JourneyAnalysis,
    metric: &str,
    stages: &[&crate::model::Id],
    periods: &[&Period],
    locale: &Locale,
) -> Vec<ShipMark> {
    analysis
        .ship_dates()
        .into_iter()
        .filter(|d| d.metric == metric && stages.contains(&d.stage))
        .filter_map(|d| {
            let position = ship_position(periods, d.date.days_since_epoch())?;
            let long = locale.date_long(d.date);
            let values = [
                ("date", long.as_str()),
                ("stage", d.opportunity.stage_name.as_str()),
                ("opportunity", d.opportunity.text.as_str()),
            ];
            let key = if stages.len() > 1 {
                "chart.kpi.shipped_at"
            } else {
                "chart.kpi.shipped"
            };
            Some(ShipMark {
                position,
                label: locale.text(key, None, &values),
                desc: locale.text(
                    "chart.kpi.shipped_desc",
                    None,
                    &[
                        ("date", long.as_str()),
                        ("stage", d.opportunity.stage_name.as_str()),
                        ("opportunity", d.opportunity.text.as_str()),
                    ],
                ),
            })
        })
        .collect()
}

/// What the portfolio's pages count of experiments and outcomes.
#[derive(Default, Serialize)]
pub struct LoopCounts {
    pub experiments: usize,
    pub verdicts: BTreeMap<&'static str, usize>,
    pub outcomes: usize,
    pub better: usize,
    pub worse: usize,
    pub same: usize,
    pub too_early: usize,
}

/// Every experiment and outcome of the site, journey by journey, and their counts.
pub fn portfolio_loop<'a>(
    site: &'a Site,
    analysis: &'a Analysis,
    locale: &Locale,
) -> (Vec<ExperimentRow<'a>>, Vec<OutcomeRow<'a>>, LoopCounts) {
    let mut experiments = Vec::new();
    let mut outcomes = Vec::new();
    for journey in &site.journeys {
        let Some(a) = analysis.journeys.get(&journey.id) else {
            continue;
        };
        experiments.extend(experiment_rows(site, journey, a, locale));
        outcomes.extend(outcome_rows(site, journey, a, locale));
    }
    let mut counts = LoopCounts {
        experiments: experiments.len(),
        outcomes: outcomes.len(),
        ..LoopCounts::default()
    };
    for verdict in [
        Verdict::Improved,
        Verdict::Worsened,
        Verdict::Inconclusive,
        Verdict::Underpowered,
        Verdict::Running,
    ] {
        counts.verdicts.insert(verdict.as_str(), 0);
    }
    for e in &experiments {
        *counts.verdicts.entry(e.verdict).or_default() += 1;
    }
    for o in &outcomes {
        match o.trend {
            Some("better") => counts.better += 1,
            Some("worse") => counts.worse += 1,
            Some(_) => counts.same += 1,
            None => counts.too_early += 1,
        }
    }
    (experiments, outcomes, counts)
}

/// A tag across the portfolio: the rows that carry it and the journeys it occurs in.
#[derive(Serialize)]
pub struct PortfolioTheme {
    pub tag: String,
    pub count: usize,
    pub journeys: Vec<(String, String)>,
}

/// A stage where the customers' ratings contradict the map.
#[derive(Serialize)]
pub struct PortfolioMismatch<'a> {
    pub journey: &'a str,
    pub journey_title: &'a str,
    pub stage_name: &'a str,
    pub emotion: Option<i8>,
    pub perceived_emotion: Option<f64>,
    pub ratings: usize,
}

/// The themes of every journey's feedback together, most rows first (ties by tag).
pub fn portfolio_themes(site: &Site, analysis: &Analysis) -> Vec<PortfolioTheme> {
    let mut themes: BTreeMap<&str, PortfolioTheme> = BTreeMap::new();
    for journey in &site.journeys {
        let Some(a) = analysis.journeys.get(&journey.id) else {
            continue;
        };
        for t in &a.feedback.themes {
            let theme = themes.entry(&t.tag).or_insert_with(|| PortfolioTheme {
                tag: t.tag.clone(),
                count: 0,
                journeys: Vec::new(),
            });
            theme.count += t.count;
            theme
                .journeys
                .push((journey.id.to_string(), journey.front.title.clone()));
        }
    }
    let mut themes: Vec<PortfolioTheme> = themes.into_values().collect();
    themes.sort_by_key(|t| std::cmp::Reverse(t.count));
    themes
}

/// Every stage whose customers' ratings contradict the map, journey by journey.
pub fn portfolio_mismatches<'a>(
    site: &'a Site,
    analysis: &'a Analysis,
) -> Vec<PortfolioMismatch<'a>> {
    let mut found = Vec::new();
    for journey in &site.journeys {
        let Some(a) = analysis.journeys.get(&journey.id) else {
            continue;
        };
        for v in a.feedback.stages.iter().filter(|v| v.mismatch) {
            let Some(stage) = journey.front.stages.get(v.stage_index) else {
                continue;
            };
            found.push(PortfolioMismatch {
                journey: journey.id.as_str(),
                journey_title: &journey.front.title,
                stage_name: &stage.name,
                emotion: v.emotion,
                perceived_emotion: v.perceived_emotion,
                ratings: v.ratings,
            });
        }
    }
    found
}

/// The share of negative ratings by journey (rows) and stage position (columns), in
/// percent, of the journeys with ratings.
pub fn negative_heatmap(
    site: &Site,
    analysis: &Analysis,
    locale: &Locale,
) -> super::charts::HeatmapData {
    let mut names = Vec::new();
    let mut values = Vec::new();
    let mut width = 0;
    for journey in &site.journeys {
        let Some(a) = analysis.journeys.get(&journey.id) else {
            continue;
        };
        if a.feedback.stages.iter().all(|v| v.ratings == 0) {
            continue;
        }
        let mut cells = vec![f64::NAN; journey.front.stages.len()];
        for v in &a.feedback.stages {
            let rated = v.negative + v.neutral + v.positive;
            if let Some(cell) = cells.get_mut(v.stage_index).filter(|_| rated > 0) {
                *cell = (1000.0 * v.negative as f64 / rated as f64).round() / 10.0;
            }
        }
        width = width.max(cells.len());
        names.push(journey.front.title.clone());
        values.push(cells);
    }
    let columns: Vec<String> = (1..=width)
        .map(|i| {
            let position = locale.decimal(i as f64, 0);
            locale.text("column.stage_position", None, &[("position", &position)])
        })
        .collect();
    let title = locale.text("chart.voice_heatmap.title", None, &[]);
    let svg = charts::heatmap(
        "chart-voice-heatmap",
        &title,
        &names,
        &columns,
        &values,
        "chart.voice_heatmap",
        locale,
    );
    super::charts::HeatmapData {
        title,
        total_rows: names.len(),
        rows: names,
        columns,
        values,
        svg,
    }
}
