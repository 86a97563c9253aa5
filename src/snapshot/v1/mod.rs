//! Schema 1 of a snapshot file: the layout of `releases/<name>.json`, and its conversion
//! from and to the in-memory model and analysis.
//!
//! The file holds the content as the pages show it (front-matter, Markdown already
//! rendered to sanitized HTML, one metric series per stage and metric) and the judgements
//! made when it was frozen (funnel, KPI statuses, health score, completeness). What
//! follows from those by sorting or counting (priorities, the portfolio, stage names,
//! labels) is not stored but derived again when the file is read, so nothing is written
//! twice.
//!
//! These structs are the format: once released, a field is never renamed, retyped or
//! removed here. A change of layout is a new schema with its own module, and this one
//! keeps reading the old files.

use crate::analysis::{Analysis, JourneyAnalysis, KpiStatus, Rating, Rule, Trend};
use crate::model::{
    Date, Id, Journey, JourneyFront, JourneyMetrics, MetricDef, Period, PersonaFront, Site,
};
use serde::{Deserialize, Deserializer, Serialize};

mod thaw;

use std::collections::BTreeMap;
pub use thaw::{thaw, Inconsistency};

/// The `schema_version` this module reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole snapshot file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub schema_version: u32,
    /// The waymark that wrote the file, as `waymark 0.1.0`.
    pub generator: String,
    /// The day the release stands for.
    pub date: Date,
    pub site: SiteV1,
    pub personas: Vec<PersonaV1>,
    pub journeys: Vec<JourneyV1>,
}

/// What of `site.yaml` and `index.md` the pages of a release show.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteV1 {
    pub title: String,
    pub description: String,
    pub language: String,
    pub intro_html: Option<String>,
    pub metrics: BTreeMap<String, MetricDef>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonaV1 {
    pub id: Id,
    pub profile: PersonaFront,
    pub body_html: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JourneyV1 {
    pub id: Id,
    /// The front-matter: stages with every lane.
    pub map: JourneyFront,
    pub body_html: String,
    /// One series per stage and metric, segments combined, as the KPI trends show them.
    pub series: Vec<SeriesV1>,
    pub funnel: Option<FunnelV1>,
    pub kpis: Vec<KpiV1>,
    pub health: HealthV1,
    pub completeness: CompletenessV1,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesV1 {
    pub stage: Id,
    pub metric: String,
    pub points: Vec<PointV1>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointV1 {
    #[serde(deserialize_with = "period_from_label")]
    pub period: Period,
    pub value: f64,
    pub target: Option<f64>,
}

pub(crate) fn period_from_label<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Period, D::Error> {
    let label = String::deserialize(deserializer)?;
    crate::metrics::parse_period(&label).map_err(serde::de::Error::custom)
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunnelV1 {
    pub metric: String,
    pub period: String,
    pub steps: Vec<FunnelStepV1>,
    pub overall_conversion: Option<f64>,
    /// The stage id of the bottleneck; its figures are those of its step.
    pub bottleneck: Option<Id>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunnelStepV1 {
    pub stage: Id,
    pub value: f64,
    /// This value over the previous step's; the drop-off is one less this.
    pub conversion: Option<f64>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiV1 {
    pub stage: Id,
    pub metric: String,
    pub period: String,
    pub value: f64,
    pub target: f64,
    pub status: KpiStatus,
    pub previous_period: Option<String>,
    pub previous: Option<f64>,
    pub trend: Option<Trend>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthV1 {
    pub score: f64,
    pub rating: Rating,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompletenessV1 {
    pub score: u32,
    pub passed: usize,
    pub total: usize,
    pub checks: Vec<CheckV1>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckV1 {
    pub rule: Rule,
    pub passed: bool,
    pub findings: usize,
}

/// The file for `site` and its `analysis`, released on `date`.
pub fn freeze(site: &Site, analysis: &Analysis, date: Date) -> File {
    freeze_with(site, analysis, date, schema_1_map)
}

/// [`freeze`] with each journey's front-matter stored as `map` makes it: what later
/// schemas, which keep more of it, build on.
pub(crate) fn freeze_with(
    site: &Site,
    analysis: &Analysis,
    date: Date,
    map: fn(&JourneyFront) -> JourneyFront,
) -> File {
    let config = &site.config;
    File {
        schema_version: SCHEMA_VERSION,
        generator: concat!("waymark ", env!("CARGO_PKG_VERSION")).to_string(),
        date,
        site: SiteV1 {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            intro_html: site.intro_html.clone(),
            metrics: config.metrics.clone(),
        },
        personas: site
            .personas
            .iter()
            .map(|p| PersonaV1 {
                id: p.id.clone(),
                profile: p.front.clone(),
                body_html: p.body_html.clone(),
            })
            .collect(),
        journeys: site
            .journeys
            .iter()
            .map(|j| freeze_journey(site, j, &analysis.journeys[&j.id], map(&j.front)))
            .collect(),
    }
}

/// The front-matter as schema 1 holds it: without an opportunity's `done_on`, `metric`
/// and `experiment`, which came after it, so a file of schema 1 stays one that every
/// reader of schema 1 reads.
fn schema_1_map(front: &JourneyFront) -> JourneyFront {
    let mut map = front.clone();
    for opportunity in map.stages.iter_mut().flat_map(|s| &mut s.opportunities) {
        opportunity.done_on = None;
        opportunity.metric = None;
        opportunity.experiment = None;
    }
    map
}

/// `journey` in schema 1's layout, its front-matter as `map`.
fn freeze_journey(
    site: &Site,
    journey: &Journey,
    analysis: &JourneyAnalysis,
    map: JourneyFront,
) -> JourneyV1 {
    let no_metrics = JourneyMetrics::default();
    let metrics = site.metrics.get(&journey.id).unwrap_or(&no_metrics);
    let mut series = Vec::new();
    for (key, def) in &site.config.metrics {
        for stage in &journey.front.stages {
            let points =
                crate::analysis::series::stage_series(metrics, stage.id.as_str(), key, def.unit);
            if points.is_empty() {
                continue;
            }
            series.push(SeriesV1 {
                stage: stage.id.clone(),
                metric: key.clone(),
                points: points
                    .into_iter()
                    .map(|p| PointV1 {
                        period: p.period,
                        value: p.value,
                        target: p.target,
                    })
                    .collect(),
            });
        }
    }
    JourneyV1 {
        id: journey.id.clone(),
        map,
        body_html: journey.body_html.clone(),
        series,
        funnel: analysis.funnel.as_ref().map(|f| FunnelV1 {
            metric: f.metric.clone(),
            period: f.period.clone(),
            steps: f
                .steps
                .iter()
                .map(|s| FunnelStepV1 {
                    stage: s.stage.clone(),
                    value: s.value,
                    conversion: s.conversion,
                })
                .collect(),
            overall_conversion: f.overall_conversion,
            bottleneck: f.bottleneck.as_ref().map(|b| b.stage.clone()),
        }),
        kpis: analysis
            .kpis
            .iter()
            .map(|k| KpiV1 {
                stage: k.stage.clone(),
                metric: k.metric.to_string(),
                period: k.period.to_string(),
                value: k.value,
                target: k.target,
                status: k.status,
                previous_period: k.previous_period.as_deref().map(str::to_string),
                previous: k.previous,
                trend: k.trend,
            })
            .collect(),
        health: HealthV1 {
            score: analysis.health.score,
            rating: analysis.health.rating,
        },
        completeness: CompletenessV1 {
            score: analysis.completeness.score,
            passed: analysis.completeness.passed,
            total: analysis.completeness.total,
            checks: analysis
                .completeness
                .checks
                .iter()
                .map(|c| CheckV1 {
                    rule: c.rule,
                    passed: c.passed,
                    findings: c.findings,
                })
                .collect(),
        },
    }
}
