//! Reading schema 1 back: a file into the same site and analysis types the live site
//! uses, with what it does not store derived again, and the narratives' links rebased for
//! the frozen pages' depth.

use super::{File, FunnelV1};
use crate::analysis::completeness::Check;
use crate::analysis::{
    health, priority, Analysis, Bottleneck, Completeness, Funnel, FunnelStep, JourneyAnalysis, Kpi,
};
use crate::content::markdown::sanitize;
use crate::content::rebase::rebase_links;
use crate::model::{
    Id, Journey, JourneyMetrics, MetricDef, Persona, Point, Series, Site, SiteConfig,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
        || ["", "index.html"].contains(&path)
        || is_list_page(path)
}

/// Whether `path` is a page of a list (`pain-points.html`, `opportunities-3.html`,
/// `journeys-2.html`): every page of every list is frozen.
fn is_list_page(path: &str) -> bool {
    let Some(stem) = path.strip_suffix(".html") else {
        return false;
    };
    let list = match stem.rsplit_once('-') {
        Some((list, page)) if !page.is_empty() && page.bytes().all(|b| b.is_ascii_digit()) => list,
        _ => stem,
    };
    ["pain-points", "opportunities", "journeys"].contains(&list) && list != stem
        || ["pain-points", "opportunities"].contains(&stem)
}

/// The in-memory site and analysis of a file; `root` is the live site's folder (where the
/// theme is found). Stored HTML is sanitized again unless the live site has
/// `unsafe_html`: a snapshot is a file anyone can edit in a pull request.
pub fn thaw(file: File, root: &Path, unsafe_html: bool) -> Result<(Site, Analysis), Inconsistency> {
    let stored = |html: &str, folder: &str| {
        let html = if unsafe_html {
            html.to_string()
        } else {
            sanitize(html)
        };
        rebase_links(&html, folder, FROZEN_DEPTH, is_frozen)
    };
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
        feedback: Default::default(),
        // A frozen release has no index of its own: its pages use the live one.
        search: false,
    };
    let mut personas: Vec<Persona> = file
        .personas
        .into_iter()
        .map(|p| Persona {
            id: p.id,
            front: p.profile,
            body_html: stored(&p.body_html, "personas/"),
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
            body_html: stored(&j.body_html, "journeys/"),
            source: PathBuf::new(),
        };
        let stage_name = |id: &Id| -> Result<std::sync::Arc<str>, Inconsistency> {
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
                metric: s.metric.into(),
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
                label: def.label.as_str().into(),
                unit: def.unit,
                metric: k.metric.into(),
                period: k.period.into(),
                value: k.value,
                target: k.target,
                status: k.status,
                previous_period: k.previous_period.map(Into::into),
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
            feedback: Default::default(),
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
            open_loops: Vec::new(),
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
        intro_html: file.site.intro_html.map(|html| stored(&html, "")),
        personas,
        journeys,
        draft_personas: Vec::new(),
        metrics,
        feedback: BTreeMap::new(),
        static_files: Vec::new(),
        releases: Vec::new(),
        translations: Vec::new(),
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
    stage_name: &dyn Fn(&Id) -> Result<std::sync::Arc<str>, Inconsistency>,
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
            let detail = at.and_then(|i| Bottleneck::at(&steps, i));
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

#[cfg(test)]
mod tests {
    use super::is_frozen;

    #[test]
    fn every_page_of_every_list_is_frozen_and_nothing_else_of_the_root() {
        for frozen in [
            "",
            "index.html",
            "journeys/a.html",
            "personas/p.html",
            "pain-points.html",
            "pain-points-2.html",
            "opportunities-12.html",
            "journeys-2.html",
        ] {
            assert!(is_frozen(frozen), "{frozen}");
        }
        for live in [
            "journeys.html",
            "journeys-.html",
            "pain-points-x.html",
            "static/a.html",
            "data/site.json",
            "404.html",
        ] {
            assert!(!is_frozen(live), "{live}");
        }
    }
}
