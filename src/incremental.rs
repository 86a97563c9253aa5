//! Rebuilding while a site is edited, for `serve`. The site and its analysis stay in
//! memory between builds; when a change touches only the text of journeys the last build
//! wrote (same stage ids, still published, same reference date for freshness, and no
//! release snapshots, whose what-changed pages compare with the live content), only the
//! pages that show those journeys are rendered again: each journey, the journeys compared
//! with it, its persona, the home page and the pages of the lists of pain points and
//! opportunities whose rows changed, written in place and only where their bytes changed.
//! site.json, the largest file by far, follows in [`Builder::write_site_json`], so that
//! open pages can reload first. Any other change, or one that changes how many pages the
//! lists take, is a full build.

use crate::analysis::{self, completeness, portfolio, Analysis};
use crate::content::{self, IdFile};
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Journey, Site};
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
    /// Warnings of loading, and of each journey in the order of `site.journeys`.
    load_warnings: Vec<Diagnostic>,
    journey_warnings: Vec<Vec<Diagnostic>>,
    /// What the list pages show of each journey.
    summaries: render::Summaries,
    /// Whether site.json is yet to be written for the latest update.
    site_json_stale: bool,
    reference: Option<Date>,
    /// The end of the newest metric period, which edits of journeys leave as it is.
    newest_metric_period: Option<Date>,
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
            load_warnings,
            journey_warnings,
        } = build_keeping(&self.options, &NoProgress)?;
        let sources = site
            .journeys
            .iter()
            .enumerate()
            .filter_map(|(i, j)| Some((std::fs::canonicalize(&j.source).ok()?, i)))
            .collect();
        let summaries = render::Summaries::new(&site, &analysis);
        self.last = Some(Kept {
            reference: completeness::reference_date(&site),
            newest_metric_period: completeness::newest_metric_period(&site),
            site,
            analysis,
            summaries,
            load_warnings,
            journey_warnings,
            site_json_stale: false,
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
            let new = match content::parse_journey(
                &file,
                content::Body::rendered(kept.site.config.unsafe_html),
            ) {
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
        let mut replaced = Vec::new();
        for (i, new) in parsed {
            let old = std::mem::replace(&mut kept.site.journeys[i], new);
            let new = &kept.site.journeys[i];
            journeys.insert(new.id.to_string());
            journeys.extend(old.front.compare_to.iter().map(|c| c.to_string()));
            journeys.extend(new.front.compare_to.iter().map(|c| c.to_string()));
            personas.insert(old.front.persona.to_string());
            personas.insert(new.front.persona.to_string());
            replaced.push((i, old));
        }
        for journey in &kept.site.journeys {
            if let Some(other) = &journey.front.compare_to {
                if journeys.contains(other.as_str()) {
                    journeys.insert(journey.id.to_string());
                }
            }
        }
        let persona_ids: Vec<&str> = kept.site.personas.iter().map(|p| p.id.as_str()).collect();
        let edited: Vec<usize> = indices.iter().copied().collect();
        let errors = validate::journeys_among(
            &persona_ids,
            Some(&kept.site.config.metrics),
            &kept.site.journeys,
            &edited,
        );
        if errors.iter().any(Diagnostic::is_error) {
            return Some(Err(errors));
        }
        let reference =
            completeness::reference_date_from(kept.newest_metric_period, &kept.site.journeys);
        if reference != kept.reference {
            return None;
        }
        // In id order, as `site.journeys` is: so the indices are sorted.
        let mut analysed = Vec::new();
        for id in &journeys {
            if let Ok(i) = kept
                .site
                .journeys
                .binary_search_by(|j| j.id.as_str().cmp(id))
            {
                let journey = &kept.site.journeys[i];
                let analysis = analysis::analyse_journey(&kept.site, journey, kept.reference);
                kept.journey_warnings[i] = analysis::lint_journey(journey, Some(&analysis));
                kept.analysis.journeys.insert(journey.id.clone(), analysis);
                analysed.push(i);
            }
        }
        let pages = |p: &analysis::Portfolio| {
            (
                render::list_page_count(p.pain_points.len()),
                render::list_page_count(p.opportunities.len()),
            )
        };
        let replaced: Vec<(usize, &Journey)> = replaced.iter().map(|(i, old)| (*i, old)).collect();
        let after = portfolio::portfolio_after_edit(
            &kept.site,
            &kept.analysis.journeys,
            &kept.analysis.portfolio,
            &replaced,
        );
        let before = std::mem::replace(&mut kept.analysis.portfolio, after);
        // Fewer pages of a list would leave the last ones behind.
        if pages(&kept.analysis.portfolio) != pages(&before) {
            return None;
        }
        let lists = render::list_pages_to_update(&before, &kept.analysis.portfolio, &|j| {
            analysed.binary_search(&j).is_ok()
        });
        timings.mark("analyse");
        let warnings = crate::all_warnings(&kept.site, &kept.load_warnings, &kept.journey_warnings);
        timings.mark("lint");
        // Another writer of the output: the full build that follows says who.
        let sink = output::InPlace::new(&self.options.out_dir).ok()?;
        let journeys: Vec<&str> = journeys.iter().map(String::as_str).collect();
        let personas: Vec<&str> = personas.iter().map(String::as_str).collect();
        kept.summaries.update(&kept.site, &kept.analysis, &analysed);
        let rendered = render::render_update(
            &kept.site,
            &kept.analysis,
            &kept.summaries,
            &journeys,
            &personas,
            &lists,
            &sink,
        );
        if let Err(err) = rendered {
            return Some(Err(render_errors(err, &self.options.out_dir)));
        }
        kept.site_json_stale = true;
        timings.mark("render and write");
        Some(Ok(BuildReport {
            files_written: sink.written(),
            journeys: kept.site.journeys.len(),
            personas: kept.site.personas.len(),
            warnings,
            timings: timings.phases,
            notes: Vec::new(),
            masked: crate::feedback::masked_total(&kept.site.feedback),
        }))
    }

    /// Writes site.json if the latest update left it behind; returns whether it did.
    pub fn write_site_json(&mut self) -> Result<bool, Vec<Diagnostic>> {
        let Some(kept) = self.last.as_mut().filter(|k| k.site_json_stale) else {
            return Ok(false);
        };
        let sink = output::InPlace::new(&self.options.out_dir)
            .map_err(|err| vec![Diagnostic::in_file(&self.options.out_dir, err.to_string())])?;
        let written = render::write_site_json(&kept.site, &kept.analysis, &sink);
        kept.site_json_stale = false;
        written.map(|()| true).map_err(|err| {
            render_errors(
                render::RenderError::Write("data/site.json".into(), err),
                &self.options.out_dir,
            )
        })
    }
}

/// A render failure as diagnostics.
fn render_errors(err: render::RenderError, out_dir: &Path) -> Vec<Diagnostic> {
    match err {
        render::RenderError::Templates(errors) => errors,
        render::RenderError::Write(path, err) => {
            vec![Diagnostic::in_file(out_dir.join(path), err.to_string())]
        }
    }
}
