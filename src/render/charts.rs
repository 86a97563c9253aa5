//! From the model and its analysis to the data each chart takes, in the page's language.

use super::i18n::Locale;
use crate::analysis::series::stage_series;
use crate::analysis::{JourneyAnalysis, Portfolio, PortfolioOpportunity};
use crate::charts::{
    self, EmotionSeries, FunnelBar, KpiLine, LegendEntry, MatrixPoint, PersonaCurve,
};
use crate::model::{
    Better, Journey, Level, Period, Persona, Point, Severity, Site, Stage, Status, Unit,
};
use serde::Serialize;
use std::collections::BTreeSet;

/// The journey's emotion curve, with the `compare_to` journey overlaid: its stages are
/// matched by id where the two share ids, else by position.
pub fn emotion(journey: &Journey, compare: Option<&Journey>, locale: &Locale) -> String {
    let stages: Vec<String> = journey
        .front
        .stages
        .iter()
        .map(|s| s.name.to_string())
        .collect();
    let mut series = vec![EmotionSeries {
        name: journey.front.title.clone(),
        values: journey
            .front
            .stages
            .iter()
            .map(|s| s.emotion.map(|e| e.value()))
            .collect(),
    }];
    if let Some(other) = compare {
        let shares_ids = journey
            .front
            .stages
            .iter()
            .any(|s| other.front.stages.iter().any(|o| o.id == s.id));
        let values = journey
            .front
            .stages
            .iter()
            .enumerate()
            .map(|(i, stage)| {
                let matched = if shares_ids {
                    other.front.stages.iter().find(|o| o.id == stage.id)
                } else {
                    other.front.stages.get(i)
                };
                matched.and_then(|o| o.emotion.map(|e| e.value()))
            })
            .collect();
        series.push(EmotionSeries {
            name: other.front.title.clone(),
            values,
        });
    }
    charts::framed(&charts::emotion_curve(
        "chart-emotion",
        &locale.text(
            "chart.emotion.title",
            None,
            &[("journey", &journey.front.title)],
        ),
        &stages,
        &series,
        locale,
    ))
}

/// The emotion curves of every journey of `persona`, overlaid, and their legend.
pub fn persona(
    persona: &Persona,
    journeys: &[&Journey],
    locale: &Locale,
) -> (String, Vec<LegendEntry>) {
    let curves: Vec<PersonaCurve> = journeys
        .iter()
        .map(|j| PersonaCurve {
            journey: j.front.title.clone(),
            values: j
                .front
                .stages
                .iter()
                .map(|s| s.emotion.map(|e| e.value()))
                .collect(),
        })
        .collect();
    let (svg, legend) = charts::persona_curves(
        "chart-persona",
        &locale.text(
            "chart.persona.title",
            None,
            &[("persona", &persona.front.name)],
        ),
        &curves,
        locale,
    );
    (charts::framed(&svg), legend)
}

/// The funnel of the journey's latest period, its bottleneck marked.
pub fn funnel(analysis: &JourneyAnalysis, locale: &Locale) -> Option<String> {
    let funnel = analysis.funnel.as_ref()?;
    let bars: Vec<FunnelBar> = funnel
        .steps
        .iter()
        .map(|s| FunnelBar {
            stage: s.stage_name.to_string(),
            value: s.value,
            conversion: s.conversion,
        })
        .collect();
    let bottleneck = funnel
        .bottleneck
        .as_ref()
        .and_then(|b| funnel.steps.iter().position(|s| s.stage == b.stage));
    let period = period_text(&funnel.period, locale);
    Some(charts::framed(&charts::funnel_chart(
        "chart-funnel",
        &locale.text(
            "chart.funnel.title",
            None,
            &[("metric", &funnel.label), ("period", &period)],
        ),
        &funnel.label,
        &period,
        &bars,
        bottleneck,
        locale,
    )))
}

/// A period label of the analysis (`2026-Q3`) as the language writes it.
fn period_text(label: &str, locale: &Locale) -> String {
    crate::metrics::parse_period(label).map_or_else(|_| label.to_string(), |p| locale.period(p))
}

/// One metric's values over time at each stage of a journey: the data of a KPI trend
/// chart and of the table beside it.
#[derive(Serialize)]
pub struct KpiTrend {
    pub metric: String,
    pub label: String,
    pub unit: Unit,
    pub periods: Vec<String>,
    pub stages: Vec<KpiTrendStage>,
    pub svg: String,
}

#[derive(Serialize)]
pub struct KpiTrendStage {
    pub name: String,
    pub values: Vec<Option<f64>>,
    pub target: Option<f64>,
}

/// A journey's KPI trend charts and the one legend they share.
#[derive(Default, Serialize)]
pub struct KpiTrends {
    pub charts: Vec<KpiTrend>,
    /// The stages drawn on any of the charts, in journey order.
    pub legend: Vec<LegendEntry>,
}

/// A trend chart for every metric the journey has (funnel metric included), in the order
/// of site.yaml; stages in journey order, periods in time order. A stage is drawn alike
/// on every chart.
pub fn kpi_trends(
    site: &Site,
    journey: &Journey,
    analysis: &JourneyAnalysis,
    locale: &Locale,
) -> KpiTrends {
    let Some(metrics) = site.metrics.get(&journey.id) else {
        return KpiTrends::default();
    };
    let mut trends = Vec::new();
    let mut drawn = vec![false; journey.front.stages.len()];
    for (key, def) in &site.config.metrics {
        let stage_points: Vec<(usize, &Stage, Vec<Point>)> = journey
            .front
            .stages
            .iter()
            .enumerate()
            .map(|(i, stage)| {
                (
                    i,
                    stage,
                    stage_series(metrics, stage.id.as_str(), key, def.unit),
                )
            })
            .filter(|(_, _, points)| !points.is_empty())
            .collect();
        if stage_points.is_empty() {
            continue;
        }
        let periods: BTreeSet<&Period> = stage_points
            .iter()
            .flat_map(|(_, _, p)| p.iter().map(|p| &p.period))
            .collect();
        let periods: Vec<&Period> = periods.into_iter().collect();
        let stages: Vec<KpiTrendStage> = stage_points
            .iter()
            .map(|(_, stage, points)| KpiTrendStage {
                name: stage.name.to_string(),
                values: periods
                    .iter()
                    .map(|period| {
                        points
                            .iter()
                            .find(|p| &p.period == *period)
                            .map(|p| p.value)
                    })
                    .collect(),
                target: points.last().and_then(|p| p.target),
            })
            .collect();
        let lines: Vec<KpiLine> = stage_points
            .iter()
            .zip(&stages)
            .map(|((series, stage, _), trend)| KpiLine {
                stage: trend.name.clone(),
                series: *series,
                values: trend.values.clone(),
                target: trend.target,
                status: analysis
                    .kpis
                    .iter()
                    .find(|k| k.stage == stage.id && *k.metric == **key)
                    .map(|k| k.status.as_str().to_string()),
            })
            .collect();
        for (series, _, _) in &stage_points {
            drawn[*series] = true;
        }
        let period_labels: Vec<String> = periods.iter().map(|p| p.label()).collect();
        let period_texts: Vec<String> = periods.iter().map(|p| locale.period(**p)).collect();
        let drawn_stages: Vec<&crate::model::Id> =
            stage_points.iter().map(|(_, stage, _)| &stage.id).collect();
        let marks = super::evidence::ship_marks(analysis, key, &drawn_stages, &periods, locale);
        let svg = charts::framed(&charts::kpi_trend_chart_marked(
            &format!("chart-kpi-{key}"),
            &def.label,
            def.unit.as_str(),
            def.better == Better::Higher,
            &period_texts,
            &lines,
            &marks,
            locale,
        ));
        trends.push(KpiTrend {
            metric: key.clone(),
            label: def.label.clone(),
            unit: def.unit,
            periods: period_labels,
            stages,
            svg,
        });
    }
    let stages: Vec<(usize, String)> = journey
        .front
        .stages
        .iter()
        .enumerate()
        .filter(|(i, _)| drawn[*i])
        .map(|(i, stage)| (i, stage.name.to_string()))
        .collect();
    KpiTrends {
        charts: trends,
        legend: charts::kpi_legend(&stages),
    }
}

/// `opportunities` on the impact × effort matrix, numbered as the rows of the table on
/// the same page, from `first`.
pub fn opportunity_matrix(
    opportunities: &[PortfolioOpportunity],
    first: usize,
    locale: &Locale,
) -> String {
    let level = |l: Level| match l {
        Level::Low => 0,
        Level::Medium => 1,
        Level::High => 2,
    };
    let points: Vec<MatrixPoint> = opportunities
        .iter()
        .enumerate()
        .map(|(i, o)| MatrixPoint {
            number: first + i,
            impact: level(o.opportunity.impact),
            effort: level(o.opportunity.effort),
            done: o.opportunity.status == Status::Done,
        })
        .collect();
    charts::framed(&charts::opportunity_matrix(
        "chart-matrix",
        &locale.text("chart.matrix.title", None, &[]),
        &points,
        locale,
    ))
}

/// A heatmap's numbers, for the table beside it.
#[derive(Serialize)]
pub struct HeatmapData {
    pub title: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub values: Vec<Vec<f64>>,
    /// How many rows there were before the cut to the heaviest ones.
    pub total_rows: usize,
    /// Whether some column is a bare stage position ("Stage 3"), the journeys naming
    /// that stage differently.
    pub by_position: bool,
    pub svg: String,
}

/// How many journeys a portfolio heatmap shows: beyond this a grid is unreadable, so it
/// shows the heaviest ones and says so.
const HEATMAP_JOURNEYS: usize = 25;

fn severity_weight(severity: Severity) -> f64 {
    match severity {
        Severity::Low => 1.0,
        Severity::Medium => 2.0,
        Severity::High => 3.0,
        Severity::Critical => 4.0,
    }
}

/// The name of the stage at `position` in every one of `journeys` long enough to have
/// one, when they all name it alike: a column of the heatmap is then that stage, not a
/// bare position.
fn shared_stage_name(journeys: &[&Journey], position: usize) -> Option<String> {
    let mut names = journeys
        .iter()
        .filter_map(|j| j.front.stages.get(position))
        .map(|s| s.name.as_ref());
    let first = names.next()?;
    names.all(|n| n == first).then(|| first.to_string())
}

/// Pain points by journey (rows) and stage position (columns), weighted by severity;
/// a column is named by its stage where the journeys shown share it.
pub fn pain_heatmap(site: &Site, locale: &Locale) -> HeatmapData {
    let width = site
        .journeys
        .iter()
        .map(|j| j.front.stages.len())
        .max()
        .unwrap_or(0);
    let mut rows: Vec<(f64, &Journey, Vec<f64>)> = site
        .journeys
        .iter()
        .map(|j| {
            let mut cells = vec![0.0; width];
            for (i, stage) in j.front.stages.iter().enumerate() {
                cells[i] = stage
                    .pain_points
                    .iter()
                    .map(|p| severity_weight(p.severity))
                    .sum();
            }
            (cells.iter().sum::<f64>(), j, cells)
        })
        .filter(|(total, _, _)| *total > 0.0)
        .collect();
    let total_rows = rows.len();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    rows.truncate(HEATMAP_JOURNEYS);
    let names: Vec<String> = rows.iter().map(|(_, j, _)| j.front.title.clone()).collect();
    let journeys: Vec<&Journey> = rows.iter().map(|(_, j, _)| *j).collect();
    let shared: Vec<Option<String>> = (0..width)
        .map(|i| shared_stage_name(&journeys, i))
        .collect();
    let by_position = shared.iter().any(Option::is_none);
    let columns: Vec<String> = shared
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            name.unwrap_or_else(|| {
                let position = locale.decimal((i + 1) as f64, 0);
                locale.text("column.stage_position", None, &[("position", &position)])
            })
        })
        .collect();
    let values: Vec<Vec<f64>> = rows.into_iter().map(|(_, _, cells)| cells).collect();
    let title = locale.text("chart.pain_heatmap.title", None, &[]);
    let svg = charts::framed(&charts::heatmap(
        "chart-pain-heatmap",
        &title,
        &names,
        &columns,
        &values,
        "chart.pain_heatmap",
        locale,
    ));
    HeatmapData {
        title,
        rows: names,
        columns,
        values,
        total_rows,
        by_position,
        svg,
    }
}

/// Touchpoints by channel (rows) and journey (columns).
pub fn touchpoint_heatmap(site: &Site, portfolio: &Portfolio, locale: &Locale) -> HeatmapData {
    let matrix = &portfolio.touchpoint_matrix;
    let mut columns: Vec<(usize, usize)> = (0..matrix.journeys.len())
        .map(|j| {
            (
                matrix
                    .by_journey
                    .iter()
                    .map(|row| row.get(j).copied().unwrap_or(0))
                    .sum(),
                j,
            )
        })
        .filter(|(total, _)| *total > 0)
        .collect();
    let total_rows = columns.len();
    columns.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    columns.truncate(HEATMAP_JOURNEYS);
    columns.sort_by_key(|&(_, j)| j);
    let names: Vec<String> = columns
        .iter()
        .map(|&(_, j)| {
            site.journey(matrix.journeys[j].as_str())
                .map_or_else(|| matrix.journeys[j].to_string(), |x| x.front.title.clone())
        })
        .collect();
    let values: Vec<Vec<f64>> = matrix
        .by_journey
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|&(_, j)| row.get(j).copied().unwrap_or(0) as f64)
                .collect()
        })
        .collect();
    let title = locale.text("chart.touchpoint_heatmap.title", None, &[]);
    let svg = charts::framed(&charts::heatmap(
        "chart-touchpoint-heatmap",
        &title,
        &matrix.channels,
        &names,
        &values,
        "chart.touchpoint_heatmap",
        locale,
    ));
    HeatmapData {
        title,
        rows: matrix.channels.clone(),
        columns: names,
        values,
        total_rows,
        by_position: false,
        svg,
    }
}
