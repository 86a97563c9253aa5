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

use crate::analysis::completeness::Check;
use crate::analysis::{
    health, priority, Analysis, Bottleneck, Completeness, Funnel, FunnelStep, JourneyAnalysis, Kpi,
    KpiStatus, Rating, Rule, Trend,
};
use crate::content::rebase::rebase_links;
use crate::model::{
    Date, Id, Journey, JourneyFront, JourneyMetrics, MetricDef, Period, Persona, PersonaFront,
    Point, Series, Site, SiteConfig,
};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

fn period_from_label<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Period, D::Error> {
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
            .map(|j| freeze_journey(site, j, &analysis.journeys[&j.id]))
            .collect(),
    }
}

fn freeze_journey(site: &Site, journey: &Journey, analysis: &JourneyAnalysis) -> JourneyV1 {
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
        map: journey.front.clone(),
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
                metric: k.metric.clone(),
                period: k.period.clone(),
                value: k.value,
                target: k.target,
                status: k.status,
                previous_period: k.previous_period.clone(),
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

/// What a file says that its layout cannot: a reference to a stage or metric it lacks.
/// `needle` is text to find in the file to locate it.
#[derive(Debug)]
pub struct Inconsistency {
    pub message: String,
    pub needle: String,
}

/// A frozen page lies two folders below its live page (`releases/NAME/`): a relative
/// link of a narrative to anything but another frozen page (a file of `static/`, say)
/// is prefixed with this.
const FROZEN_DEPTH: &str = "../../";

/// Whether the site path `path` has a frozen copy in a release.
fn is_frozen(path: &str) -> bool {
    path.starts_with("journeys/")
        || path.starts_with("personas/")
        || ["", "index.html", "pain-points.html", "opportunities.html"].contains(&path)
}

/// The in-memory site and analysis of a file; `root` is the live site's folder (where the
/// theme is found).
pub fn thaw(file: File, root: &Path) -> Result<(Site, Analysis), Inconsistency> {
    let config = SiteConfig {
        title: file.site.title,
        description: file.site.description,
        base_url: "/".into(),
        language: file.site.language,
        theme: "default".into(),
        unsafe_html: false,
        // A frozen page is not edited: it has no "edit this page" link.
        repo_url: None,
        repo_branch: "main".into(),
        stale_after_days: 180,
        metrics: file.site.metrics,
    };
    let mut personas: Vec<Persona> = file
        .personas
        .into_iter()
        .map(|p| Persona {
            id: p.id,
            front: p.profile,
            body_html: rebase_links(&p.body_html, "personas/", FROZEN_DEPTH, is_frozen),
            source: PathBuf::new(),
        })
        .collect();
    personas.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(twice) = personas.windows(2).find(|w| w[0].id == w[1].id) {
        return Err(Inconsistency {
            message: format!("persona `{}` appears twice", twice[0].id),
            needle: format!("\"id\": \"{}\"", twice[0].id),
        });
    }
    let mut journeys = Vec::with_capacity(file.journeys.len());
    let mut metrics = BTreeMap::new();
    let mut analyses = BTreeMap::new();
    let source: Arc<Path> = Arc::from(Path::new(""));
    for j in file.journeys {
        let journey = Journey {
            id: j.id,
            front: j.map,
            body_html: rebase_links(&j.body_html, "journeys/", FROZEN_DEPTH, is_frozen),
            source: PathBuf::new(),
        };
        let stage_name = |id: &Id| -> Result<String, Inconsistency> {
            journey
                .front
                .stages
                .iter()
                .find(|s| &s.id == id)
                .map(|s| s.name.clone())
                .ok_or_else(|| Inconsistency {
                    message: format!("journey `{}` has no stage `{id}`", journey.id),
                    needle: format!("\"stage\": \"{id}\""),
                })
        };
        let metric_def = |key: &str| -> Result<&MetricDef, Inconsistency> {
            config.metrics.get(key).ok_or_else(|| Inconsistency {
                message: format!("no metric `{key}` in the snapshot's `site.metrics`"),
                needle: format!("\"metric\": \"{key}\""),
            })
        };
        let mut series = Vec::with_capacity(j.series.len());
        for s in j.series {
            stage_name(&s.stage)?;
            metric_def(&s.metric)?;
            series.push(Series {
                stage: s.stage,
                metric: s.metric,
                segment: None,
                points: s
                    .points
                    .into_iter()
                    .map(|p| Point {
                        period: p.period,
                        value: p.value,
                        target: p.target,
                    })
                    .collect(),
                source: source.clone(),
                line: 0,
            });
        }
        series.sort_by(|a, b| (&a.metric, &a.stage).cmp(&(&b.metric, &b.stage)));
        let funnel = match j.funnel {
            Some(f) => Some(thaw_funnel(f, &stage_name, metric_def)?),
            None => None,
        };
        let mut kpis = Vec::with_capacity(j.kpis.len());
        for k in j.kpis {
            let def = metric_def(&k.metric)?;
            kpis.push(Kpi {
                stage_name: stage_name(&k.stage)?,
                stage: k.stage,
                label: def.label.clone(),
                unit: def.unit,
                metric: k.metric,
                period: k.period,
                value: k.value,
                target: k.target,
                status: k.status,
                previous_period: k.previous_period,
                previous: k.previous,
                delta: k.previous.map(|p| k.value - p),
                trend: k.trend,
            });
        }
        // Counts follow from the map; the score and rating are the judgement of the day.
        let mut health = health::health(&journey, &kpis);
        health.score = j.health.score;
        health.rating = j.health.rating;
        let pain_points = priority::rank_pain_points(&journey);
        let analysis = JourneyAnalysis {
            funnel,
            kpis,
            opportunities: priority::rank_opportunities(&journey),
            unaddressed: priority::unaddressed(&pain_points),
            pain_points,
            health,
            completeness: Completeness {
                score: j.completeness.score,
                passed: j.completeness.passed,
                total: j.completeness.total,
                checks: j
                    .completeness
                    .checks
                    .into_iter()
                    .map(|c| Check {
                        rule: c.rule,
                        description: c.rule.description(),
                        passed: c.passed,
                        findings: c.findings,
                    })
                    .collect(),
                findings: Vec::new(),
            },
        };
        if !series.is_empty() {
            metrics.insert(journey.id.clone(), JourneyMetrics { series });
        }
        analyses.insert(journey.id.clone(), analysis);
        journeys.push(journey);
    }
    journeys.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(twice) = journeys.windows(2).find(|w| w[0].id == w[1].id) {
        return Err(Inconsistency {
            message: format!("journey `{}` appears twice", twice[0].id),
            needle: format!("\"id\": \"{}\"", twice[0].id),
        });
    }
    let site = Site {
        root: root.to_path_buf(),
        config,
        intro_html: file
            .site
            .intro_html
            .map(|html| rebase_links(&html, "", FROZEN_DEPTH, is_frozen)),
        personas,
        journeys,
        metrics,
        static_files: Vec::new(),
        releases: Vec::new(),
    };
    let portfolio = crate::analysis::portfolio::portfolio(&site, &analyses);
    let analysis = Analysis {
        journeys: analyses,
        portfolio,
    };
    Ok((site, analysis))
}

fn thaw_funnel<'a>(
    f: FunnelV1,
    stage_name: &dyn Fn(&Id) -> Result<String, Inconsistency>,
    metric_def: impl Fn(&str) -> Result<&'a MetricDef, Inconsistency>,
) -> Result<Funnel, Inconsistency> {
    let label = metric_def(&f.metric)?.label.clone();
    let mut steps = Vec::with_capacity(f.steps.len());
    for s in f.steps {
        steps.push(FunnelStep {
            stage_name: stage_name(&s.stage)?,
            stage: s.stage,
            value: s.value,
            conversion: s.conversion,
            drop_off: s.conversion.map(|c| 1.0 - c),
        });
    }
    let bottleneck = match f.bottleneck {
        None => None,
        Some(id) => {
            let at = steps.iter().position(|s| s.stage == id);
            let detail = at.filter(|&i| i > 0).and_then(|i| {
                let (from, to) = (&steps[i - 1], &steps[i]);
                Some(Bottleneck {
                    stage: to.stage.clone(),
                    stage_name: to.stage_name.clone(),
                    from_stage: from.stage.clone(),
                    from_stage_name: from.stage_name.clone(),
                    conversion: to.conversion?,
                    drop_off: to.drop_off?,
                })
            });
            let Some(detail) = detail else {
                return Err(Inconsistency {
                    message: format!(
                        "the funnel's bottleneck `{id}` is not a step with a conversion"
                    ),
                    needle: format!("\"bottleneck\": \"{id}\""),
                });
            };
            Some(detail)
        }
    };
    Ok(Funnel {
        metric: f.metric,
        label,
        period: f.period,
        steps,
        overall_conversion: f.overall_conversion,
        bottleneck,
    })
}
