//! Rendering: the model and its analysis into pages, in parallel, through one shared
//! template environment.
//!
//! Every page links to others relatively (`root` in the template context is `""` or
//! `"../"`), so a site works under any path prefix; `base_url` is only used where an
//! absolute URL is required (sitemap, canonical links, the 404 page).

mod badges;
mod charts;
mod context;
mod evidence;
mod evidence_changes;
mod evidence_portfolio;
mod feedback_pages;
mod filters;
pub(crate) mod i18n;
mod pages;
mod poster;
mod releases;
mod site_json;
mod theme;
mod update;

pub(crate) use theme::builtin_files as builtin_theme_files;
pub use update::{list_pages_to_update, render_update, ListPages, Summaries};

use crate::analysis::Analysis;
use crate::diagnostics::Diagnostic;
use crate::model::{Site, TranslationFile};
use crate::snapshot::Snapshot;
use context::Shared;
use i18n::Locales;
use minijinja::Value;
use rayon::prelude::*;
use std::io;
use std::path::PathBuf;

/// Where rendered files go: the output being written, or nowhere for `check`. Called
/// from many threads at once; each file is handed over as soon as it is rendered, so a
/// build holds one page per thread in memory, not the whole site.
pub trait Sink: Sync {
    /// Takes the file at `path` (relative, `/`-separated).
    fn write(&self, path: &str, contents: &[u8]) -> io::Result<()>;
    /// Takes a large file written piece by piece by `fill`.
    fn write_streamed(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()>;
}

/// A [`Sink`] that keeps nothing, for renders that only look for errors.
struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn write_streamed(
        &self,
        _: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        fill(&mut io::sink())
    }
}

/// Why a render failed: the templates, or the sink.
#[derive(Debug)]
pub enum RenderError {
    /// Template errors, located in the theme's files.
    Templates(Vec<Diagnostic>),
    /// The sink could not take the file at this path.
    Write(String, io::Error),
}

impl RenderError {
    /// The failure as diagnostics, a file the sink refused named inside `out_dir`.
    pub fn into_diagnostics(self, out_dir: &std::path::Path) -> Vec<Diagnostic> {
        match self {
            RenderError::Templates(errors) => errors,
            RenderError::Write(path, err) => {
                vec![Diagnostic::in_file(out_dir.join(path), err.to_string())]
            }
        }
    }
}

/// What a page is, and so which template and context it gets.
enum Job<'a> {
    /// A page (from 1) of all journeys: the first is the home page.
    Index(usize),
    /// A page (from 1) of all pain points.
    PainPoints(usize),
    /// A page (from 1) of all opportunities.
    Opportunities(usize),
    /// A page (from 1) of all personas.
    Personas(usize),
    NotFound,
    /// The portfolio's voice of the customer.
    Voice,
    /// Every experiment and shipped change of the portfolio.
    Experiments,
    Persona(&'a crate::model::Persona),
    Journey(&'a crate::model::Journey),
    /// A journey's poster, to print on A3.
    Poster(&'a crate::model::Journey),
    /// The search results page, which also lists every journey and persona.
    Search,
}

impl Job<'_> {
    fn path(&self) -> String {
        match self {
            Job::Index(page) => pages::journeys_page_path(*page),
            Job::PainPoints(page) => pages::page_path("pain-points", *page),
            Job::Opportunities(page) => pages::page_path("opportunities", *page),
            Job::Personas(page) => pages::page_path("personas", *page),
            Job::NotFound => "404.html".into(),
            Job::Voice => VOICE_PAGE.into(),
            Job::Experiments => EXPERIMENTS_PAGE.into(),
            Job::Persona(p) => format!("personas/{}.html", p.id),
            Job::Journey(j) => format!("journeys/{}.html", j.id),
            Job::Poster(j) => poster::path(j),
            Job::Search => "search.html".into(),
        }
    }
}

/// The portfolio's page of what customers say.
pub(crate) const VOICE_PAGE: &str = "voice-of-the-customer.html";
/// The portfolio's page of experiments and outcomes.
pub(crate) const EXPERIMENTS_PAGE: &str = "experiments.html";

/// Reads the site's own translation tables, `i18n/<language>.yaml` in `site_dir`.
pub fn read_translations(site_dir: &std::path::Path) -> (Vec<TranslationFile>, Vec<Diagnostic>) {
    i18n::read_tables(site_dir)
}

/// Checks the site's `language:` (in `site_yaml`) and translation tables, and the
/// languages its `releases` were frozen in: an unknown language is an error at
/// `language:`, a table's problems are located in it.
pub fn check_language(
    site_dir: &std::path::Path,
    site_yaml: &std::path::Path,
    language: &str,
    tables: &[TranslationFile],
    releases: &[Snapshot],
) -> Vec<Diagnostic> {
    let mut diagnostics = i18n::check_site(site_yaml, language, tables);
    diagnostics.extend(i18n::check_releases(site_dir, language, releases, tables));
    diagnostics
}

/// How many pages list `items` pain points or opportunities.
pub fn list_page_count(items: usize) -> usize {
    pages::page_count(items)
}

/// How many HTML pages [`render`] writes for `site`.
pub fn page_count(site: &Site, analysis: &Analysis) -> usize {
    jobs(site, analysis).len()
}

/// Every page of `site`.
fn jobs<'a>(site: &'a Site, analysis: &Analysis) -> Vec<Job<'a>> {
    let portfolio = &analysis.portfolio;
    let mut jobs = vec![Job::NotFound];
    jobs.extend((1..=pages::page_count(site.journeys.len())).map(Job::Index));
    if evidence::has_voice(analysis) {
        jobs.push(Job::Voice);
    }
    if evidence::has_experiments(analysis) {
        jobs.push(Job::Experiments);
    }
    jobs.extend((1..=pages::page_count(portfolio.pain_points.len())).map(Job::PainPoints));
    jobs.extend((1..=pages::page_count(portfolio.opportunities.len())).map(Job::Opportunities));
    jobs.extend((1..=pages::page_count(site.personas.len())).map(Job::Personas));
    jobs.extend(site.personas.iter().map(Job::Persona));
    jobs.extend(site.journeys.iter().map(Job::Journey));
    jobs.extend(site.journeys.iter().map(Job::Poster));
    if site.config.search {
        jobs.push(Job::Search);
    }
    jobs
}

/// Renders every file of the site into `sink`, pages in parallel; returns how many files
/// it took.
pub fn render(site: &Site, analysis: &Analysis, sink: &dyn Sink) -> Result<usize, RenderError> {
    let locales = Locales::new(site).map_err(RenderError::Templates)?;
    let theme = theme::load(site, &locales.live).map_err(RenderError::Templates)?;
    let shared = Shared::new(site, analysis, &locales.live);
    let jobs = jobs(site, analysis);
    let search_labels = crate::search::labels(&locales.live);
    // site.json is the largest file by far: it is written beside the pages rather than
    // after them, so it does not keep one core busy alone at the end.
    let ((site_json, search_files), failures) = rayon::join(
        || {
            (
                write_site_json(site, analysis, sink),
                crate::search::write_index(site, analysis, &search_labels, sink),
            )
        },
        || render_pages(&theme, &shared, &jobs, sink),
    );
    first_failure(failures)?;
    site_json.map_err(|err| RenderError::Write("data/site.json".into(), err))?;
    let search_files = search_files.map_err(|err| RenderError::Write(SEARCH_FOLDER.into(), err))?;
    let feedback_paths = feedback_pages::render(&theme, &shared, site, None, sink)?;
    let written = |path: &str, result: io::Result<()>| {
        result.map_err(|err| RenderError::Write(path.to_string(), err))
    };
    let mut html_paths: Vec<String> = jobs.iter().map(Job::path).collect();
    let feedback_files = feedback_paths.len();
    html_paths.extend(feedback_paths);
    let (release_paths, release_files) = releases::render(site, analysis, &theme, &locales, sink)?;
    html_paths.extend(release_paths);
    html_paths.sort();
    let base_url = &site.config.base_url;
    let has_sitemap = has_full_address(base_url);
    if has_sitemap {
        let xml = sitemap(base_url, &html_paths);
        written("sitemap.xml", sink.write("sitemap.xml", xml.as_bytes()))?;
    }
    written(
        "robots.txt",
        sink.write("robots.txt", robots(base_url, has_sitemap).as_bytes()),
    )?;
    written(".nojekyll", sink.write(".nojekyll", b""))?;
    let assets: Vec<_> = theme
        .assets
        .iter()
        .filter(|(name, _)| site.config.search || !theme::is_search_asset(name))
        .collect();
    for (name, bytes) in &assets {
        let path = format!("assets/{name}");
        written(&path, sink.write(&path, bytes))?;
    }
    let diagrams = site.journeys.len();
    Ok(jobs.len()
        + feedback_files
        + diagrams
        + 3
        + usize::from(has_sitemap)
        + assets.len()
        + release_files
        + search_files)
}

/// Whether `base_url` is a whole address (with scheme and host), which a sitemap's
/// entries must be; a path alone leaves the host unknown.
pub fn has_full_address(base_url: &str) -> bool {
    let lower = base_url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// `robots.txt`: everything may be read, and the sitemap is named when there is one.
fn robots(base_url: &str, has_sitemap: bool) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if has_sitemap {
        text.push_str(&format!(
            "Sitemap: {}\n",
            absolute_url(base_url, "sitemap.xml")
        ));
    }
    text
}

/// Ok when nothing failed; else the first write failure, or every template error.
fn first_failure(failures: Vec<RenderError>) -> Result<(), RenderError> {
    let mut errors = Vec::new();
    for failure in failures {
        match failure {
            RenderError::Templates(e) => errors.extend(e),
            write => return Err(write),
        }
    }
    if errors.is_empty() {
        return Ok(());
    }
    errors.sort();
    errors.dedup();
    Err(RenderError::Templates(errors))
}

/// Renders `jobs` in parallel into `sink`; returns what failed.
fn render_pages(
    theme: &theme::Theme,
    shared: &Shared,
    jobs: &[Job],
    sink: &dyn Sink,
) -> Vec<RenderError> {
    // Each thread renders into one buffer, grown once to the size of its largest page,
    // rather than into a new string that grows page by page.
    jobs.par_iter()
        .map_init(Vec::new, |html, job| {
            let path = job.path();
            html.clear();
            if let Err(err) = render_job(theme, shared, job, html) {
                return Some(RenderError::Templates(vec![err]));
            }
            if let Err(err) = sink.write(&path, html) {
                return Some(RenderError::Write(path, err));
            }
            // Beside each journey's page, the journey as a Mermaid diagram it links to.
            let Job::Journey(journey) = job else {
                return None;
            };
            let persona = shared.site().persona(journey.front.persona.as_str());
            let diagram = crate::interop::mermaid_source(journey, persona);
            let path = format!("journeys/{}.mmd", journey.id);
            sink.write(&path, diagram.as_bytes())
                .err()
                .map(|err| RenderError::Write(path, err))
        })
        .flatten()
        .collect()
}

/// Writes `data/site.json` of `site` into `sink`.
pub fn write_site_json(site: &Site, analysis: &Analysis, sink: &dyn Sink) -> io::Result<()> {
    sink.write_streamed("data/site.json", &mut |out| {
        site_json::write(site, analysis, out)
    })
}

/// Writes the search index alone, as [`render`] writes it beside the pages; returns how
/// many files it wrote.
pub fn write_search_index(
    site: &Site,
    analysis: &Analysis,
    sink: &dyn Sink,
) -> Result<usize, RenderError> {
    let locales = Locales::new(site).map_err(RenderError::Templates)?;
    let labels = crate::search::labels(&locales.live);
    crate::search::write_index(site, analysis, &labels, sink)
        .map_err(|err| RenderError::Write(SEARCH_FOLDER.into(), err))
}

/// The folder of the search index in the output.
pub(crate) const SEARCH_FOLDER: &str = "search/";

/// Renders a sample of the pages and keeps none: each page kind once, and a journey of
/// each kind with and without `compare_to`, so every branch of the templates that the
/// content reaches is run. What `check` needs to find template errors, at a fraction of
/// a full render; a data-dependent error in one page of thousands shows in `build`.
/// Returns the errors, and a warning for each translation key the templates name that no
/// table has.
pub fn check_templates(site: &Site, analysis: &Analysis) -> Vec<Diagnostic> {
    let locales = match Locales::new(site) {
        Ok(locales) => locales,
        Err(errors) => return errors,
    };
    let theme = match theme::load(site, &locales.live) {
        Ok(theme) => theme,
        Err(errors) => return errors,
    };
    let shared = Shared::new(site, analysis, &locales.live);
    let mut seen_journeys = std::collections::BTreeSet::new();
    let sample: Vec<Job> = jobs(site, analysis)
        .into_iter()
        .filter(|job| match job {
            Job::Persona(p) => site.personas.first().is_some_and(|first| first.id == p.id),
            Job::Journey(j) => seen_journeys.insert((j.front.kind, j.front.compare_to.is_some())),
            Job::Poster(j) => site.journeys.first().is_some_and(|first| first.id == j.id),
            Job::PainPoints(page) | Job::Opportunities(page) | Job::Personas(page) => *page == 1,
            Job::Index(page) => *page <= 2,
            Job::NotFound | Job::Search | Job::Voice | Job::Experiments => true,
        })
        .collect();
    let mut errors: Vec<Diagnostic> = sample
        .par_iter()
        .filter_map(|job| render_job(&theme, &shared, job, &mut Vec::new()).err())
        .collect();
    // The pages of every verbatim, of the first journey that has them.
    let first = site.journeys.iter().find(|j| {
        site.feedback
            .get(&j.id)
            .is_some_and(feedback_pages::has_verbatims)
    });
    if let Some(first) = first {
        let only = [first.id.as_str()];
        if let Err(RenderError::Templates(more)) =
            feedback_pages::render(&theme, &shared, site, Some(&only), &Discard)
        {
            errors.extend(more);
        }
    }
    // The releases have templates of their own; they are checked whole.
    if let Err(RenderError::Templates(more)) =
        releases::render(site, analysis, &theme, &locales, &Discard)
    {
        errors.extend(more);
    }
    for (_, locale) in locales.all() {
        errors.extend(theme::unknown_keys(site, &theme, &locale.unknown_keys()));
    }
    errors.sort();
    errors.dedup();
    errors
}

/// Renders `job` into `out`.
fn render_job(
    theme: &theme::Theme,
    shared: &Shared,
    job: &Job,
    out: &mut Vec<u8>,
) -> Result<(), Diagnostic> {
    let (template, ctx) = match job {
        Job::Index(1) => ("index.html", shared.index()),
        Job::Index(page) => ("journeys.html", shared.journeys_page(*page)),
        Job::PainPoints(page) => ("pain-points.html", shared.pain_points(*page)),
        Job::Opportunities(page) => ("opportunities.html", shared.opportunities(*page)),
        Job::Personas(page) => ("personas.html", shared.personas_page(*page)),
        Job::NotFound => ("404.html", shared.not_found()),
        Job::Voice => ("voice.html", shared.voice()),
        Job::Experiments => ("experiments.html", shared.experiments()),
        Job::Persona(p) => ("persona.html", shared.persona(p)),
        Job::Journey(j) => ("journey.html", shared.journey(j)),
        Job::Poster(j) => ("journey-poster.html", poster::context(shared, j)),
        Job::Search => ("search.html", shared.search()),
    };
    render_template_into(theme, template, ctx, out)
}

/// Renders the template `name` with `ctx` onto the end of `out`: a buffer a thread keeps
/// from page to page, so that a page does not grow a new one from nothing.
fn render_template_into(
    theme: &theme::Theme,
    name: &str,
    ctx: Value,
    out: &mut Vec<u8>,
) -> Result<(), Diagnostic> {
    let template = theme.env.get_template(name).map_err(located(theme, name))?;
    template
        .render_captured_to(ctx, out)
        .map(|_| ())
        .map_err(located(theme, template.name()))
}

fn render_template(theme: &theme::Theme, name: &str, ctx: Value) -> Result<String, Diagnostic> {
    let template = theme.env.get_template(name).map_err(located(theme, name))?;
    template.render(ctx).map_err(located(theme, name))
}

/// A template error as a diagnostic at its place in the template `name` (or the one the
/// error names: an included or extended template).
fn located<'a>(
    theme: &'a theme::Theme,
    name: &'a str,
) -> impl Fn(minijinja::Error) -> Diagnostic + 'a {
    move |err: minijinja::Error| {
        let template = err.name().unwrap_or(name).to_string();
        let path = theme
            .paths
            .get(&template)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(&template));
        theme::template_diagnostic(&path, &err)
    }
}

/// `base_url` joined with a site path.
pub fn absolute_url(base_url: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base_url.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

fn sitemap(base_url: &str, paths: &[String]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    // Neither the 404 page nor the search page is content to be found by a search engine.
    for path in paths
        .iter()
        .filter(|p| *p != "404.html" && *p != "search.html")
    {
        let loc = absolute_url(base_url, path);
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            crate::escape::escape(&loc)
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}
