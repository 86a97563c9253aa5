//! `data/site.json`: the whole model and its analysis, for other tools to read.

use crate::analysis::{Analysis, JourneyAnalysis, KpiStatusCounts, TouchpointMatrix};
use crate::model::{Journey, Persona, Series, Site, SiteConfig};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Writes the site.json of `site` to `out`, streamed rather than built in memory first.
pub fn write(site: &Site, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    let portfolio = &analysis.portfolio;
    let doc = SiteJson {
        generator: concat!("waymark ", env!("CARGO_PKG_VERSION")),
        site: &site.config,
        personas: &site.personas,
        journeys: site
            .journeys
            .iter()
            .map(|j| JourneyJson {
                journey: j,
                metrics: site.metrics.get(&j.id).map_or(&[], |m| m.series.as_slice()),
                analysis: &analysis.journeys[&j.id],
            })
            .collect(),
        // The portfolio's lists of pain points and opportunities repeat what each
        // journey already holds (with severity, priority and quadrant): only the
        // aggregates go here.
        portfolio: PortfolioJson {
            journey_count: portfolio.journey_count,
            persona_count: portfolio.persona_count,
            mean_emotion: portfolio.mean_emotion,
            kpi_status_counts: portfolio.kpi_status_counts,
            severity_counts: &portfolio.severity_counts,
            touchpoint_matrix: &portfolio.touchpoint_matrix,
        },
    };
    serde_json::to_writer(&mut *out, &doc)?;
    out.write_all(b"\n")
}

/// A journey in site.json: its fields, metric series and analysis side by side.
#[derive(Serialize)]
struct JourneyJson<'a> {
    #[serde(flatten)]
    journey: &'a Journey,
    metrics: &'a [Series],
    #[serde(flatten)]
    analysis: &'a JourneyAnalysis,
}

#[derive(Serialize)]
struct PortfolioJson<'a> {
    journey_count: usize,
    persona_count: usize,
    mean_emotion: Option<f64>,
    kpi_status_counts: KpiStatusCounts,
    severity_counts: &'a BTreeMap<&'static str, usize>,
    touchpoint_matrix: &'a TouchpointMatrix,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    generator: &'static str,
    site: &'a SiteConfig,
    personas: &'a [Persona],
    journeys: Vec<JourneyJson<'a>>,
    portfolio: PortfolioJson<'a>,
}
