//! Rebuilding while a site is edited, for `serve`. The site and its analysis stay in
//! memory between builds; when a change touches only the text of journeys the last build
//! wrote (same stage ids, still published, same reference date for freshness, and no
//! release snapshots, whose what-changed pages compare with the live content), only the
//! pages that show those journeys are rendered again: each journey, the journeys compared
//! with it, its persona, the home page and the pages of the lists of pain points and
//! opportunities whose rows changed, written in place and only where their bytes changed.
//! site.json, the largest file by far, and the search index, which also hold every
//! journey, follow in [`Builder::write_site_wide_files`], so that open pages can reload
//! first. Any other change, or one that changes how many pages the lists take, is a full
//! build, and [`FullBuild`] says why.

use crate::analysis::{self, completeness, portfolio, Analysis};
use crate::content::{self, IdFile};
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Journey, Site};
use crate::{build_keeping, output, render, validate, BuildOptions, BuildReport, Keep, NoProgress};
use crate::{Built, Timings};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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

/// What putting changed journeys in place of the kept ones touched.
struct Replaced {
    /// The journeys whose pages show a changed one: it, and those compared with it,
    /// before or after the change.
    journeys: BTreeSet<String>,
    /// The personas whose pages show a changed journey, before or after the change.
    personas: BTreeSet<String>,
    /// The journeys as they were, with their indices, for the portfolio's update.
    old: Vec<(usize, Journey)>,
}

/// How a [`Builder::rebuild`] went.
pub struct Rebuilt {
    pub report: BuildReport,
    /// Why the whole site was built; `None` when only the pages of the changed journeys
    /// were rendered.
    pub full: Option<FullBuild>,
}

/// Why a rebuild built the whole site rather than the pages of some journeys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FullBuild {
    /// Nothing is built yet, the last build failed, or no file was named.
    First,
    /// The site has releases, whose what-changed pages compare with the live content.
    Releases,
    /// The file is not the text of a journey the last build wrote: site.yaml, a
    /// persona, a CSV, a template, a new journey, or one that failed to parse before.
    NotAJourney(PathBuf),
    /// The journey in this file has other stage ids, which change what its metrics mean.
    StagesChanged(PathBuf),
    /// The journey in this file is a draft now, so it leaves the site.
    Draft(PathBuf),
    /// The date that freshness is measured from changed, for every journey.
    ReferenceDate,
    /// A list of pain points or opportunities takes another number of pages.
    PageCount,
    /// The output folder cannot be written in place.
    Output,
}

impl FullBuild {
    /// The reason in words, each path shown by `show`.
    pub fn reason(&self, show: &dyn Fn(&Path) -> String) -> String {
        match self {
            FullBuild::First => "nothing was built before".into(),
            FullBuild::Releases => {
                "the site has releases, whose pages compare with the live content".into()
            }
            FullBuild::NotAJourney(path) => {
                format!("{} is not the text of a built journey", show(path))
            }
            FullBuild::StagesChanged(path) => {
                format!("the stage ids of {} changed", show(path))
            }
            FullBuild::Draft(path) => format!("{} is a draft now", show(path)),
            FullBuild::ReferenceDate => "the date that freshness is measured from changed".into(),
            FullBuild::PageCount => {
                "a list of pain points or opportunities takes another number of pages".into()
            }
            FullBuild::Output => "the output folder cannot be written in place".into(),
        }
    }
}

/// An update's outcome when it needs no full build: a report, or the problems found.
type Updated = Result<BuildReport, Vec<Diagnostic>>;

/// Changed journeys parsed anew, each with its index in `site.journeys`.
type Parsed = Vec<(usize, Journey)>;

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
        // Whatever an update did to `last` before it gave up or failed is dropped here,
        // on every exit but success: a half-updated model never outlives the call.
        let why = match self.update(changed) {
            Ok(Ok(report)) => return Ok(Rebuilt { report, full: None }),
            Ok(Err(errors)) => {
                self.last = None;
                return Err(errors);
            }
            Err(why) => why,
        };
        self.last = None;
        let Built {
            report,
            site,
            analysis,
            load_warnings,
            journey_warnings,
        } = build_keeping(&self.options, &NoProgress, Keep::ByJourney)?;
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
            full: Some(why),
        })
    }

    /// The update for `changed`, or why it needs a full build. What can be decided
    /// from the changed files alone is decided before the kept model is touched.
    fn update(&mut self, changed: &[PathBuf]) -> Result<Updated, FullBuild> {
        let kept = self.last.as_mut().ok_or(FullBuild::First)?;
        let mut timings = Timings::default();
        let indices = kept.changed_journeys(changed)?;
        let parsed = match kept.parse_changed(&indices, self.options.drafts)? {
            Ok(parsed) => parsed,
            Err(errors) => return Ok(Err(errors)),
        };
        if kept.reference_date_after(&parsed) != kept.reference {
            return Err(FullBuild::ReferenceDate);
        }
        timings.mark("load");

        let replaced = kept.replace(parsed);
        let persona_ids: Vec<&str> = kept.site.personas.iter().map(|p| p.id.as_str()).collect();
        let edited: Vec<usize> = indices.iter().copied().collect();
        let mut errors = validate::journeys_among(
            &persona_ids,
            Some(&kept.site.config.metrics),
            &kept.site.journeys,
            &edited,
        );
        if errors.iter().any(Diagnostic::is_error) {
            crate::diagnostics::finish(&mut errors);
            return Ok(Err(errors));
        }
        let analysed = kept.analyse(&replaced.journeys);
        let lists = kept.update_portfolio(&replaced.old, &analysed)?;
        timings.mark("analyse");
        let warnings = crate::all_warnings(
            &kept.site,
            kept.load_warnings.clone(),
            kept.journey_warnings.clone(),
        );
        timings.mark("lint");
        // Another writer of the output: the full build that follows says who.
        let sink = output::InPlace::new(&self.options.out_dir).map_err(|_| FullBuild::Output)?;
        let journeys: Vec<&str> = replaced.journeys.iter().map(String::as_str).collect();
        let personas: Vec<&str> = replaced.personas.iter().map(String::as_str).collect();
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
            return Ok(Err(err.into_diagnostics(&self.options.out_dir)));
        }
        kept.site_json_stale = true;
        timings.mark("render and write");
        Ok(Ok(BuildReport {
            files_written: sink.written(),
            journeys: kept.site.journeys.len(),
            personas: kept.site.personas.len(),
            warnings,
            timings: timings.phases,
            notes: Vec::new(),
            masked: crate::feedback::masked_total(&kept.site.feedback),
        }))
    }

    /// Writes what the latest update left behind, if anything: site.json and the search
    /// index, which hold every journey. Returns the names of what it wrote.
    pub fn write_site_wide_files(&mut self) -> Result<Vec<&'static str>, Vec<Diagnostic>> {
        let Some(kept) = self.last.as_mut().filter(|k| k.site_json_stale) else {
            return Ok(Vec::new());
        };
        kept.site_json_stale = false;
        let out_dir = &self.options.out_dir;
        let sink = output::InPlace::new(out_dir)
            .map_err(|err| vec![Diagnostic::in_file(out_dir, err.to_string())])?;
        let mut written = vec!["data/site.json"];
        render::write_site_json(&kept.site, &kept.analysis, &sink)
            .map_err(|err| render::RenderError::Write(written[0].into(), err))
            .map_err(|err| err.into_diagnostics(out_dir))?;
        if kept.site.config.search {
            rewrite_search_index(kept, &sink, out_dir)
                .map_err(|err| err.into_diagnostics(out_dir))?;
            written.push("the search index");
        }
        Ok(written)
    }
}

/// Writes the search index of `kept` again and removes the files of the previous one
/// that it no longer has: its words may fall into other files now.
fn rewrite_search_index(
    kept: &Kept,
    sink: &output::InPlace,
    out_dir: &Path,
) -> Result<(), render::RenderError> {
    let recording = Recording {
        inner: sink,
        paths: Mutex::new(HashSet::new()),
    };
    render::write_search_index(&kept.site, &kept.analysis, &recording)?;
    let written = recording
        .paths
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    let folder = out_dir.join(render::SEARCH_FOLDER);
    for entry in walkdir::WalkDir::new(&folder).into_iter().flatten() {
        let Ok(relative) = entry.path().strip_prefix(out_dir) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_file() && !written.contains(&relative) {
            std::fs::remove_file(entry.path())
                .map_err(|err| render::RenderError::Write(relative, err))?;
        }
    }
    Ok(())
}

/// A sink that passes each file on and remembers its path.
struct Recording<'a> {
    inner: &'a dyn render::Sink,
    paths: Mutex<HashSet<String>>,
}

impl Recording<'_> {
    fn record(&self, path: &str) {
        let mut paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        paths.insert(path.to_string());
    }
}

impl render::Sink for Recording<'_> {
    fn write(&self, path: &str, contents: &[u8]) -> std::io::Result<()> {
        self.record(path);
        self.inner.write(path, contents)
    }

    fn write_streamed(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.record(path);
        self.inner.write_streamed(path, fill)
    }
}

impl Kept {
    /// The index in `site.journeys` of each changed file, which must each be the text
    /// of a journey the last build wrote.
    fn changed_journeys(&self, changed: &[PathBuf]) -> Result<BTreeSet<usize>, FullBuild> {
        if changed.is_empty() {
            return Err(FullBuild::First);
        }
        if !self.site.releases.is_empty() {
            return Err(FullBuild::Releases);
        }
        let mut indices = BTreeSet::new();
        for path in changed {
            let index = std::fs::canonicalize(path)
                .ok()
                .and_then(|resolved| self.sources.get(&resolved).copied())
                .ok_or_else(|| FullBuild::NotAJourney(path.clone()))?;
            indices.insert(index);
        }
        Ok(indices)
    }

    /// The changed journeys parsed anew, each with its index, or every parse error.
    fn parse_changed(
        &self,
        indices: &BTreeSet<usize>,
        drafts: bool,
    ) -> Result<Result<Parsed, Vec<Diagnostic>>, FullBuild> {
        let body = content::Body::rendered(self.site.config.unsafe_html);
        let mut parsed = Vec::new();
        let mut errors = Vec::new();
        for &i in indices {
            let old = &self.site.journeys[i];
            let file = IdFile {
                id: old.id.to_string(),
                path: old.source.clone(),
            };
            let new = match content::parse_journey(&file, body) {
                Ok(new) => new,
                Err(err) => {
                    errors.push(err);
                    continue;
                }
            };
            let same_stages =
                (new.front.stages.iter().map(|s| &s.id)).eq(old.front.stages.iter().map(|s| &s.id));
            if !same_stages {
                return Err(FullBuild::StagesChanged(old.source.clone()));
            }
            if new.front.draft && !drafts {
                return Err(FullBuild::Draft(old.source.clone()));
            }
            parsed.push((i, new));
        }
        if errors.is_empty() {
            Ok(Ok(parsed))
        } else {
            crate::diagnostics::finish(&mut errors);
            Ok(Err(errors))
        }
    }

    /// The reference date for freshness once `parsed` replace the journeys at their
    /// indices.
    fn reference_date_after(&self, parsed: &[(usize, Journey)]) -> Option<Date> {
        let replaced = |i: usize| parsed.iter().any(|(p, _)| *p == i);
        let kept = (self.site.journeys.iter().enumerate())
            .filter(|(i, _)| !replaced(*i))
            .map(|(_, j)| j);
        let journeys = kept.chain(parsed.iter().map(|(_, j)| j));
        completeness::reference_date_from(self.newest_metric_period, journeys)
    }

    /// Puts `parsed` in place of the journeys at their indices.
    fn replace(&mut self, parsed: Vec<(usize, Journey)>) -> Replaced {
        let mut journeys: BTreeSet<String> = BTreeSet::new();
        let mut personas: BTreeSet<String> = BTreeSet::new();
        let mut old_journeys = Vec::new();
        for (i, new) in parsed {
            let old = std::mem::replace(&mut self.site.journeys[i], new);
            let new = &self.site.journeys[i];
            journeys.insert(new.id.to_string());
            journeys.extend(old.front.compare_to.iter().map(|c| c.to_string()));
            journeys.extend(new.front.compare_to.iter().map(|c| c.to_string()));
            personas.insert(old.front.persona.to_string());
            personas.insert(new.front.persona.to_string());
            old_journeys.push((i, old));
        }
        for journey in &self.site.journeys {
            if let Some(other) = &journey.front.compare_to {
                if journeys.contains(other.as_str()) {
                    journeys.insert(journey.id.to_string());
                }
            }
        }
        Replaced {
            journeys,
            personas,
            old: old_journeys,
        }
    }

    /// Analyses and lints the journeys named `ids` again; returns their indices, sorted
    /// (as `site.journeys` is in id order).
    fn analyse(&mut self, ids: &BTreeSet<String>) -> Vec<usize> {
        let mut analysed = Vec::new();
        for id in ids {
            let found = self
                .site
                .journeys
                .binary_search_by(|j| j.id.as_str().cmp(id));
            if let Ok(i) = found {
                let journey = &self.site.journeys[i];
                let mut analysis = analysis::analyse_journey(&self.site, journey, self.reference);
                self.journey_warnings[i] = analysis::lint_journey(journey, Some(&mut analysis));
                self.analysis.journeys.insert(journey.id.clone(), analysis);
                analysed.push(i);
            }
        }
        analysed
    }

    /// Updates the portfolio for the replaced journeys; returns the pages of its lists
    /// whose rows changed. A list that takes another number of pages needs a full
    /// build: fewer pages would leave the last ones behind.
    fn update_portfolio(
        &mut self,
        old: &[(usize, Journey)],
        analysed: &[usize],
    ) -> Result<render::ListPages, FullBuild> {
        let pages = |p: &analysis::Portfolio| {
            (
                render::list_page_count(p.pain_points.len()),
                render::list_page_count(p.opportunities.len()),
            )
        };
        let replaced: Vec<(usize, &Journey)> = old.iter().map(|(i, j)| (*i, j)).collect();
        let after = portfolio::portfolio_after_edit(
            &self.site,
            &self.analysis.journeys,
            &self.analysis.portfolio,
            &replaced,
        );
        let before = std::mem::replace(&mut self.analysis.portfolio, after);
        if pages(&self.analysis.portfolio) != pages(&before) {
            return Err(FullBuild::PageCount);
        }
        Ok(render::list_pages_to_update(
            &before,
            &self.analysis.portfolio,
            &|j| analysed.binary_search(&j).is_ok(),
        ))
    }
}

#[cfg(test)]
mod tests;
