//! waymark: a static site generator for customer-journey reports.
//!
//! The pipeline runs in one direction, each stage a module:
//! [`content`] and [`metrics`] read files into the [`model`], [`validate`] checks what
//! spans files, [`analysis`] derives funnels, KPI statuses and priorities, [`render`]
//! turns model and analysis into pages, and [`output`] writes them atomically.
//! [`serve`] builds, serves and rebuilds a site while it is edited.
//! [`snapshot`] freezes the content as a release and reads the releases back.
//! [`review`] says what a change to the content does to the journeys (`waymark diff`).
//! [`workspace`] finds the site and its output from where the user stands.
//! [`scaffold`] writes new sites, personas, journeys and theme copies for authors to
//! start from. [`interop`] brings journeys in from Mermaid diagrams and spreadsheets
//! and takes them out again.

pub mod analysis;
pub mod charts;
pub mod content;
pub mod diagnostics;
pub mod escape;
pub mod feedback;
pub mod incremental;
pub mod interop;
pub mod metrics;
pub mod model;
pub mod output;
pub mod render;
pub mod review;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod snapshot;
mod timings;
pub mod validate;
pub mod workspace;
pub(crate) mod yaml;

use diagnostics::Diagnostic;
use model::{Id, Site};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
pub use timings::Phase;
use timings::Timings;

/// What to build and where.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub site_dir: PathBuf,
    pub out_dir: PathBuf,
    /// Overrides `base_url` of site.yaml (e.g. for a preview deployment).
    pub base_url: Option<String>,
    /// Includes journeys marked `draft: true`.
    pub drafts: bool,
}

/// The outcome of a successful build.
#[derive(Clone, Debug)]
pub struct BuildReport {
    pub files_written: usize,
    pub journeys: usize,
    pub personas: usize,
    /// Warnings: they do not fail a build.
    pub warnings: Vec<Diagnostic>,
    /// How long each phase took (load, analyse, render, write).
    pub timings: Vec<Phase>,
    /// What the build left out and why, for the user to know: neither errors nor
    /// warnings, since the site is as it should be.
    pub notes: Vec<String>,
    /// What masking replaced in the feedback verbatims; `None` for a site without
    /// feedback.
    pub masked: Option<feedback::mask::MaskCounts>,
}

/// Reads, parses and validates the site at `site_dir`. Returns the site when there is no
/// error, and every diagnostic (errors and warnings) in a stable order.
pub fn load(site_dir: &Path, drafts: bool) -> (Option<Site>, Vec<Diagnostic>) {
    load_site(site_dir, drafts, Purpose::Build)
}

/// What a site is loaded for.
#[derive(Clone, Copy)]
enum Purpose {
    Build,
    /// Only its diagnostics: Markdown bodies are checked but not rendered.
    Check,
}

/// [`load`], for `purpose`.
fn load_site(site_dir: &Path, drafts: bool, purpose: Purpose) -> (Option<Site>, Vec<Diagnostic>) {
    let (files, mut diagnostics) = content::discover(site_dir);
    let config = match content::load_config(&files.config) {
        Ok(config) => Some(config),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    let body = match purpose {
        Purpose::Build => content::Body::rendered(config.as_ref().is_some_and(|c| c.unsafe_html)),
        Purpose::Check => content::Body::Checked,
    };

    let (personas, journeys) = rayon::join(
        || {
            collect(
                files
                    .personas
                    .par_iter()
                    .map(|f| content::parse_persona(f, body))
                    .collect(),
            )
        },
        || {
            collect(
                files
                    .journeys
                    .par_iter()
                    .map(|f| content::parse_journey(f, body))
                    .collect(),
            )
        },
    );
    let (personas, persona_errors) = personas;
    let (mut journeys, journey_errors) = journeys;
    diagnostics.extend(persona_errors);
    diagnostics.extend(journey_errors);
    // References are checked against every persona file, parsed or not, so one broken
    // persona is reported once rather than again in every journey that names it.
    let persona_ids: Vec<&str> = files.personas.iter().map(|f| f.id.as_str()).collect();
    diagnostics.extend(validate::journeys(
        &persona_ids,
        config.as_ref().map(|c| &c.metrics),
        &journeys,
    ));

    let intro_html = files
        .index
        .as_ref()
        .and_then(|path| match content::parse_index(path, body) {
            Ok(html) => Some(html),
            Err(err) => {
                diagnostics.push(err);
                None
            }
        });

    let mut metrics: BTreeMap<Id, model::JourneyMetrics> = BTreeMap::new();
    if let Some(config) = &config {
        let stage_ids: BTreeMap<Id, Vec<Id>> = journeys
            .iter()
            .map(|j| {
                (
                    j.id.clone(),
                    j.front.stages.iter().map(|s| s.id.clone()).collect(),
                )
            })
            .collect();
        let schema = metrics::MetricsSchema {
            metrics: &config.metrics,
            journeys: &stage_ids,
        };
        // A CSV of a journey that failed to parse cannot be checked against its stages.
        let journey_files: std::collections::HashSet<&str> =
            files.journeys.iter().map(|f| f.id.as_str()).collect();
        let unparsed = |id: &str| journey_files.contains(id) && !stage_ids.contains_key(id);
        let results: Vec<_> = files
            .metrics
            .par_iter()
            .filter(|f| !unparsed(&f.id))
            .map(|f| metrics::read_metrics_file(&f.path, &f.path, &f.id, &schema))
            .collect();
        for (tables, errors) in results {
            diagnostics.extend(errors);
            for (journey, table) in tables {
                let entry = metrics.entry(journey).or_default();
                entry.series.extend(table.series);
                entry.series.sort_by(|a, b| {
                    (&a.metric, &a.stage, &a.segment).cmp(&(&b.metric, &b.stage, &b.segment))
                });
            }
        }
    }

    let mut feedback = BTreeMap::new();
    if let Some(config) = &config {
        let (read, errors) = feedback::load(&files, &journeys, config);
        feedback = read;
        diagnostics.extend(errors);
    }

    let unsafe_html = config.as_ref().is_some_and(|c| c.unsafe_html);
    let (releases, release_errors) = snapshot::load_all(site_dir, unsafe_html);
    diagnostics.extend(release_errors);

    let (translations, translation_errors) = render::read_translations(site_dir);
    diagnostics.extend(translation_errors);
    if let Some(config) = &config {
        diagnostics.extend(render::check_language(
            site_dir,
            &files.config,
            &config.language,
            &translations,
            &releases,
        ));
    }

    diagnostics::finish(&mut diagnostics);
    let Some(config) = config else {
        return (None, diagnostics);
    };
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (None, diagnostics);
    }
    let mut draft_personas = Vec::new();
    if !drafts {
        draft_personas = journeys
            .iter()
            .filter(|j| j.front.draft)
            .map(|j| j.front.persona.clone())
            .collect();
        draft_personas.sort();
        draft_personas.dedup();
        journeys.retain(|j| !j.front.draft);
        let published: std::collections::HashSet<&Id> = journeys.iter().map(|j| &j.id).collect();
        metrics.retain(|id, _| published.contains(id));
        feedback.retain(|id, _| published.contains(id));
    }
    let site = Site {
        root: site_dir.to_path_buf(),
        config,
        intro_html,
        personas,
        journeys,
        draft_personas,
        metrics,
        feedback,
        static_files: files.statics,
        releases,
        translations,
    };
    (Some(site), diagnostics)
}

/// Splits parse results into values (sorted by id, as the files were) and errors.
fn collect<T>(results: Vec<Result<T, Diagnostic>>) -> (Vec<T>, Vec<Diagnostic>) {
    let mut values = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(err) => errors.push(err),
        }
    }
    (values, errors)
}

/// Everything `build` does except writing: returns every diagnostic.
pub fn check(site_dir: &Path, drafts: bool) -> Vec<Diagnostic> {
    check_timed(site_dir, drafts).diagnostics
}

/// What [`check_timed`] found, and how long each of its phases took.
pub struct CheckReport {
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Vec<Phase>,
}

/// [`check`], timing its phases.
pub fn check_timed(site_dir: &Path, drafts: bool) -> CheckReport {
    let mut timings = Timings::default();
    let (site, mut diagnostics) = load_site(site_dir, drafts, Purpose::Check);
    timings.mark("load");
    if let Some(site) = site {
        let mut analysis = analysis::analyse(&site);
        timings.mark("analyse");
        let journey_warnings = analysis::lint_journeys(&site, &mut analysis);
        diagnostics = all_warnings(&site, diagnostics, journey_warnings);
        timings.mark("lint");
        diagnostics.extend(render::check_templates(&site, &analysis));
        timings.mark("templates");
    }
    diagnostics.sort();
    CheckReport {
        diagnostics,
        timings: timings.phases,
    }
}

/// The floor under `check`'s time: finding the personas and journeys of the site at
/// `site_dir`, reading them, and parsing their front matter with the YAML library into
/// untyped values, in parallel as `check` does, and nothing else.
pub fn yaml_floor(site_dir: &Path) -> Phase {
    let mut timings = Timings::default();
    let (files, _) = content::discover(site_dir);
    (files.personas.par_iter())
        .chain(files.journeys.par_iter())
        .for_each(|file| {
            if let Ok(text) = std::fs::read_to_string(&file.path) {
                if let Ok(document) = content::split(&text) {
                    yaml::parse_untyped(document.front);
                }
            }
        });
    timings.mark("YAML floor");
    timings.phases.remove(0)
}

/// Hears how far a build is, e.g. to draw a progress bar. Called from render threads.
pub trait Progress: Sync {
    /// Rendering starts with this many pages to write.
    fn start(&self, pages: u64);
    /// One more page is written.
    fn advance(&self);
    /// Every page is written.
    fn finish(&self);
}

/// A [`Progress`] that ignores everything.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: u64) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// A sink that tells `progress` of every page it passes on.
struct ProgressSink<'a> {
    inner: &'a dyn render::Sink,
    progress: &'a dyn Progress,
}

impl render::Sink for ProgressSink<'_> {
    fn write(&self, path: &str, contents: &[u8]) -> std::io::Result<()> {
        self.inner.write(path, contents)?;
        if path.ends_with(".html") {
            self.progress.advance();
        }
        Ok(())
    }

    fn write_streamed(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.inner.write_streamed(path, fill)
    }
}

/// Builds the site into `options.out_dir`. On any error nothing is written and the
/// previous output stays as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    build_with_progress(options, &NoProgress)
}

/// [`build`], telling `progress` how rendering goes.
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<BuildReport, Vec<Diagnostic>> {
    build_keeping(options, progress, Keep::Report).map(|built| built.report)
}

/// What [`build_keeping`] keeps of the warnings besides the report's list.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// The report alone: each warning is held once, in the report.
    Report,
    /// Also the warnings of loading and of each journey apart, for updates of some
    /// journeys.
    ByJourney,
}

/// A finished build with the site and analysis it wrote, for [`incremental`] updates.
/// The warnings of loading and of each journey are empty unless asked for with
/// [`Keep::ByJourney`].
pub(crate) struct Built {
    pub report: BuildReport,
    pub site: Site,
    pub analysis: analysis::Analysis,
    /// The warnings of loading the site, which an update of journeys keeps.
    pub load_warnings: Vec<Diagnostic>,
    /// The lint warnings of each journey, in the order of `site.journeys`.
    pub journey_warnings: Vec<Vec<Diagnostic>>,
}

/// [`build_with_progress`], keeping the site and its analysis.
pub(crate) fn build_keeping(
    options: &BuildOptions,
    progress: &dyn Progress,
    keep: Keep,
) -> Result<Built, Vec<Diagnostic>> {
    let mut timings = Timings::default();
    let (site, diagnostics) = load(&options.site_dir, options.drafts);
    timings.mark("load");
    let Some(mut site) = site else {
        return Err(diagnostics);
    };
    let mut load_warnings = diagnostics;
    if let Some(base_url) = &options.base_url {
        if let Err(problem) = model::check_url(base_url, model::UrlKind::Base) {
            let at = options.site_dir.join("site.yaml");
            return Err(vec![Diagnostic::in_file(
                at,
                format!("--base-url: {problem}"),
            )]);
        }
        site.config.base_url = base_url.clone();
    }
    let mut analysis = analysis::analyse(&site);
    timings.mark("analyse");
    let mut journey_warnings = analysis::lint_journeys(&site, &mut analysis);
    // At 10,000 journeys the warnings can be tens of megabytes: a one-shot build moves
    // them into the report rather than holding a second copy while it renders.
    let diagnostics = match keep {
        Keep::Report => all_warnings(
            &site,
            std::mem::take(&mut load_warnings),
            std::mem::take(&mut journey_warnings),
        ),
        Keep::ByJourney => all_warnings(&site, load_warnings.clone(), journey_warnings.clone()),
    };
    timings.mark("lint");
    let out_error =
        |err: std::io::Error| vec![Diagnostic::in_file(&options.out_dir, err.to_string())];
    let staging =
        output::Staging::create(&options.out_dir, &options.site_dir).map_err(out_error)?;
    progress.start(render::page_count(&site, &analysis) as u64);
    let sink = ProgressSink {
        inner: &staging,
        progress,
    };
    let rendered = render::render(&site, &analysis, &sink);
    progress.finish();
    rendered.map_err(|err| err.into_diagnostics(&options.out_dir))?;
    staging
        .copy_statics(&site.static_files)
        .map_err(|(path, err)| vec![Diagnostic::in_file(path, format!("cannot copy: {err}"))])?;
    timings.mark("render and write");
    let files_written = staging.commit().map_err(out_error)?;
    timings.mark("commit");
    let report = BuildReport {
        files_written,
        journeys: site.journeys.len(),
        personas: site.personas.len(),
        warnings: diagnostics,
        timings: timings.phases,
        notes: notes(&site),
        masked: feedback::masked_total(&site.feedback),
    };
    Ok(Built {
        report,
        site,
        analysis,
        load_warnings,
        journey_warnings,
    })
}

/// What a build of `site` leaves out on purpose, in words.
fn notes(site: &Site) -> Vec<String> {
    let base_url = &site.config.base_url;
    if render::has_full_address(base_url) {
        return Vec::new();
    }
    vec![format!(
        "no sitemap.xml: `base_url` is the path `{base_url}`, and a sitemap needs the site's \
         full address; set `base_url` to it (e.g. `https://acme.github.io/cx/`) or pass \
         `--base-url`"
    )]
}

/// The warnings of a build or a check, sorted: those of loading, of each journey and of
/// personas.
pub(crate) fn all_warnings(
    site: &Site,
    load_warnings: Vec<Diagnostic>,
    journey_warnings: Vec<Vec<Diagnostic>>,
) -> Vec<Diagnostic> {
    let mut warnings = load_warnings;
    warnings.extend(journey_warnings.into_iter().flatten());
    warnings.extend(analysis::lint_personas(site));
    warnings.sort();
    warnings
}
