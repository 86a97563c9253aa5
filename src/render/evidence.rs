//! What a journey page shows of the evidence behind it: what customers say (the
//! sentiment and perceived-emotion charts) and what changes did (each experiment's
//! numbers in the page's language, the forest plot, each shipped change's outcome, the
//! ship dates on the KPI charts); and whether the site has the portfolio's pages of them
//! (`evidence_portfolio`).

use super::i18n::Locale;
use crate::analysis::experiment::{Kind, Verdict};
use crate::analysis::{Analysis, JourneyAnalysis, RankedOpportunity};
use crate::charts::{
    self, ForestPanel, ForestRow, ForestTone, PerceivedRow, SentimentRow, ShipMark,
};
use crate::model::{Journey, Period, Site, Status, Unit};
use serde::Serialize;

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
                stage: stages.get(v.stage_index)?.name.to_string(),
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
                stage: stage.name.to_string(),
                map: stage.emotion.map(|e| e.value()),
                perceived: v.and_then(|v| v.perceived_emotion),
                mismatch: v.is_some_and(|v| v.mismatch),
            }
        })
        .collect();
    let text = |key: &str| locale.text(key, None, &[("journey", title)]);
    Some(VoiceCharts {
        sentiment: charts::framed(&charts::sentiment_chart(
            "chart-sentiment",
            &text("chart.sentiment.title"),
            &rows,
            locale,
        )),
        perceived: charts::framed(&charts::perceived_chart(
            "chart-perceived",
            &text("chart.perceived.title"),
            &perceived,
            locale,
        )),
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
    Some(charts::framed(&charts::forest_plot(
        "chart-forest",
        &locale.text(
            "chart.forest.title",
            None,
            &[("journey", &journey.front.title)],
        ),
        &panels,
        locale,
    )))
}

/// Where `day` lies among `periods` (in time order) as a fractional index between the
/// periods' middles; `None` outside their span.
pub fn ship_position(periods: &[&Period], day: i64) -> Option<f64> {
    let first = periods.first()?;
    let last = periods.last()?;
    if day < first.first_day() || day > last.end() {
        return None;
    }
    let middle = |p: &Period| (p.first_day() + p.end()) as f64 / 2.0;
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
                ("stage", d.opportunity.stage_name.as_ref()),
                ("opportunity", d.opportunity.text.as_ref()),
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
                        ("stage", d.opportunity.stage_name.as_ref()),
                        ("opportunity", d.opportunity.text.as_ref()),
                    ],
                ),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::ship_position;
    use crate::metrics::parse_period;
    use crate::model::{Date, Period};

    fn periods(labels: &[&str]) -> Vec<Period> {
        labels.iter().map(|l| parse_period(l).unwrap()).collect()
    }

    fn day(text: &str) -> i64 {
        text.parse::<Date>().unwrap().days_since_epoch()
    }

    #[test]
    fn a_ship_date_lies_between_the_middles_of_its_periods() {
        let owned = periods(&["2026-04", "2026-05", "2026-06"]);
        let months: Vec<&Period> = owned.iter().collect();
        // The middle of May is the 16th, of June the 15th at noon: 24 May is 8 of the
        // 30.5 days between them.
        assert_eq!(ship_position(&months, day("2026-05-16")), Some(1.0));
        let at = ship_position(&months, day("2026-05-24")).unwrap();
        assert!((at - (1.0 + 8.0 / 30.5)).abs() < 1e-12, "{at}");
        // Before the first middle, the line sits on the first period.
        assert_eq!(ship_position(&months, day("2026-04-02")), Some(0.0));
        // After the last middle, on the last.
        assert_eq!(ship_position(&months, day("2026-06-30")), Some(2.0));
        // Outside their span, no line.
        assert_eq!(ship_position(&months, day("2026-03-31")), None);
        assert_eq!(ship_position(&months, day("2026-07-01")), None);
        assert_eq!(ship_position(&[], day("2026-05-01")), None);
    }
}
