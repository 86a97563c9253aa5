//! Rebuilding while a site is edited, for `serve`. The site and its analysis stay in
//! memory between builds; when a change touches only the text of journeys the last build
//! wrote (same stage ids, still published, same reference date for freshness, and no
//! release snapshots, whose what-changed pages compare with the live content), only the
//! pages that show those journeys are rendered again: each journey, the journeys compared
//! with it, its persona, the portfolio pages and site.json, written in place and only
//! where their bytes changed. Any other change, or one that changes how many pages the
//! lists of pain points and opportunities take, is a full build.

use crate::analysis::{self, completeness, portfolio, Analysis};
use crate::content::{self, IdFile};
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Site};
use crate::{build_keeping, output, render, validate, BuildOptions, BuildReport, NoProgress};
use crate::{Built, Timings};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Builds a site again and again, as little of it as each change needs.
pub struct Builder {
    options: BuildOptions,
    last: Option<Kept>,
}

/// What the output folder holds now.
struct Kept {
    site: Site,
    analysis: Analysis,
    warnings: Vec<Diagnostic>,
    reference: Option<Date>,
    /// Each journey's source file, resolved, to its index in `site.journeys`.
    sources: HashMap<PathBuf, usize>,
}

/// How a [`Builder::rebuild`] went.
pub struct Rebuilt {
    pub report: BuildReport,
    /// Whether only the pages of the changed journeys were rendered.
    pub incremental: bool,
}

impl Builder {
    pub fn new(options: BuildOptions) -> Builder {
        Builder {
            options,
            last: None,
        }
    }

    /// Builds after the files `changed` changed (a full build when it must, or when
    /// `changed` is empty). On errors nothing is written and the next rebuild is full.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Vec<Diagnostic>> {
        if let Some(result) = self.update(changed) {
            if result.is_err() {
                self.last = None;
            }
            return result.map(|report| Rebuilt {
                report,
                incremental: true,
            });
        }
        self.last = None;
        let Built {
            report,
            site,
            analysis,
        } = build_keeping(&self.options, &NoProgress)?;
        let sources = site
            .journeys
            .iter()
            .enumerate()
            .filter_map(|(i, j)| Some((std::fs::canonicalize(&j.source).ok()?, i)))
            .collect();
        self.last = Some(Kept {
            reference: completeness::reference_date(&site),
            site,
            analysis,
            warnings: report.warnings.clone(),
            sources,
        });
        Ok(Rebuilt {
            report,
            incremental: false,
        })
    }

    /// The update for `changed`, or `None` when it needs a full build.
    fn update(&mut self, changed: &[PathBuf]) -> Option<Result<BuildReport, Vec<Diagnostic>>> {
        let kept = self.last.as_mut()?;
        if changed.is_empty() || !kept.site.releases.is_empty() {
            return None;
        }
        let mut timings = Timings::default();
        let mut indices = BTreeSet::new();
        for path in changed {
            indices.insert(*kept.sources.get(&std::fs::canonicalize(path).ok()?)?);
        }
        let mut parsed = Vec::new();
        for &i in &indices {
            let old = &kept.site.journeys[i];
            let file = IdFile {
                id: old.id.to_string(),
                path: old.source.clone(),
            };
            let new = match content::parse_journey(&file, kept.site.config.unsafe_html) {
                Ok(new) => new,
                Err(err) => return Some(Err(vec![err])),
            };
            let same_stages = new.front.stages.iter().map(|s| &s.id).eq(old
                .front
                .stages
                .iter()
                .map(|s| &s.id));
            if !same_stages || (new.front.draft && !self.options.drafts) {
                return None;
            }
            parsed.push((i, new));
        }
        timings.mark("load");
        // Journeys whose pages show a changed one: compared with it, before or after.
        let mut journeys: BTreeSet<String> = BTreeSet::new();
        let mut personas: BTreeSet<String> = BTreeSet::new();
        for (i, new) in parsed {
            let old = std::mem::replace(&mut kept.site.journeys[i], new);
            let new = &kept.site.journeys[i];
            journeys.insert(new.id.to_string());
            journeys.extend(old.front.compare_to.iter().map(|c| c.to_string()));
            journeys.extend(new.front.compare_to.iter().map(|c| c.to_string()));
            personas.insert(old.front.persona.to_string());
            personas.insert(new.front.persona.to_string());
        }
        for journey in &kept.site.journeys {
            if let Some(other) = &journey.front.compare_to {
                if journeys.contains(other.as_str()) {
                    journeys.insert(journey.id.to_string());
                }
            }
        }
        let persona_ids: Vec<&str> = kept.site.personas.iter().map(|p| p.id.as_str()).collect();
        let errors = validate::journeys(&persona_ids, &kept.site.journeys);
        if errors.iter().any(Diagnostic::is_error) {
            return Some(Err(errors));
        }
        if completeness::reference_date(&kept.site) != kept.reference {
            return None;
        }
        for id in &journeys {
            if let Some(journey) = kept.site.journey(id) {
                let analysed = analysis::analyse_journey(&kept.site, journey, kept.reference);
                kept.analysis.journeys.insert(journey.id.clone(), analysed);
            }
        }
        let pages = |p: &analysis::Portfolio| {
            (
                render::list_page_count(p.pain_points.len()),
                render::list_page_count(p.opportunities.len()),
            )
        };
        let pages_before = pages(&kept.analysis.portfolio);
        kept.analysis.portfolio = portfolio::portfolio(&kept.site, &kept.analysis.journeys);
        // Fewer pages of a list would leave the last ones behind.
        if pages(&kept.analysis.portfolio) != pages_before {
            return None;
        }
        timings.mark("analyse");
        kept.warnings = analysis::lint(&kept.site, &kept.analysis);
        timings.mark("lint");
        let sink = output::InPlace::new(&self.options.out_dir);
        let journeys: Vec<&str> = journeys.iter().map(String::as_str).collect();
        let personas: Vec<&str> = personas.iter().map(String::as_str).collect();
        let rendered =
            render::render_update(&kept.site, &kept.analysis, &journeys, &personas, &sink);
        if let Err(err) = rendered {
            return Some(Err(render_errors(err, &self.options.out_dir)));
        }
        timings.mark("render and write");
        Some(Ok(BuildReport {
            files_written: sink.written(),
            journeys: kept.site.journeys.len(),
            personas: kept.site.personas.len(),
            warnings: kept.warnings.clone(),
            timings: timings.phases,
        }))
    }
}

/// A render failure as diagnostics.
fn render_errors(err: render::RenderError, out_dir: &Path) -> Vec<Diagnostic> {
    match err {
        render::RenderError::Templates(errors) => errors,
        render::RenderError::Write(path, err) => {
            vec![Diagnostic::error(out_dir.join(path), 0, 0, err.to_string())]
        }
    }
}
