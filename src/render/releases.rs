//! The releases of a site: each snapshot as a frozen sub-site under `releases/<name>/`
//! (the live page types, through the live theme), the releases index, and a page of what
//! changed between each two consecutive releases and from the latest one to the live
//! content.

use super::context::Shared;
use super::i18n::{Locale, Locales};
use super::pages::{journeys_page_path, page_count, page_path};
use super::{render_template, theme, theme::Theme, RenderError, Sink};
use crate::analysis::Analysis;
use crate::model::Site;
use crate::snapshot::diff::{self, State};
use crate::snapshot::Snapshot;
use minijinja::{context, Value};
use rayon::prelude::*;

/// A page of a frozen sub-site: its template, its path inside the sub-site and how to
/// make its context.
type FrozenPage<'a> = (&'a str, String, Box<dyn Fn(&Shared) -> Value + Sync + 'a>);

/// Renders every release of `site` into `sink`: the frozen pages of each in the language
/// it was frozen in (with `theme`, the live site's, or the same theme in that language),
/// the releases index and the change pages in the live site's. Returns the paths that
/// belong in the sitemap (the releases index and the change pages; the frozen pages
/// repeat content of their time and are left to the live pages) and how many files were
/// written.
pub(super) fn render(
    site: &Site,
    analysis: &Analysis,
    theme: &Theme,
    locales: &Locales,
    sink: &dyn Sink,
) -> Result<(Vec<String>, usize), RenderError> {
    if site.releases.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let live = State { site, analysis };
    let live_language = site.config.language.as_str();
    let mut themes: Vec<(&str, Theme)> = Vec::new();
    for (language, locale) in locales.all() {
        if language != live_language {
            let other = theme::load(site, locale).map_err(RenderError::Templates)?;
            themes.push((language, other));
        }
    }
    let theme_of = |language: &str| {
        themes
            .iter()
            .find(|(l, _)| *l == language)
            .map_or(theme, |(_, t)| t)
    };
    let frozen: Vec<(Shared, &Theme)> = site
        .releases
        .iter()
        .map(|snapshot| {
            let language = snapshot.site.config.language.as_str();
            let locale: &Locale = locales.get(language);
            (Shared::frozen(snapshot, live, locale), theme_of(language))
        })
        .collect();
    let mut jobs: Vec<(&Shared, &Theme, &Snapshot, FrozenPage)> = Vec::new();
    for ((shared, theme), snapshot) in frozen.iter().zip(&site.releases) {
        let portfolio = &snapshot.analysis.portfolio;
        let mut pages: Vec<FrozenPage> = vec![(
            "index.html",
            "index.html".into(),
            Box::new(|s: &Shared| s.index()),
        )];
        for page in 2..=page_count(snapshot.site.journeys.len()) {
            pages.push((
                "journeys.html",
                journeys_page_path(page),
                Box::new(move |s: &Shared| s.journeys_page(page)),
            ));
        }
        for page in 1..=page_count(portfolio.pain_points.len()) {
            pages.push((
                "pain-points.html",
                page_path("pain-points", page),
                Box::new(move |s: &Shared| s.pain_points(page)),
            ));
        }
        if super::evidence::has_voice(&snapshot.analysis) {
            pages.push((
                "voice.html",
                super::VOICE_PAGE.into(),
                Box::new(|s: &Shared| s.voice()),
            ));
        }
        if super::evidence::has_experiments(&snapshot.analysis) {
            pages.push((
                "experiments.html",
                super::EXPERIMENTS_PAGE.into(),
                Box::new(|s: &Shared| s.experiments()),
            ));
        }
        for page in 1..=page_count(portfolio.opportunities.len()) {
            pages.push((
                "opportunities.html",
                page_path("opportunities", page),
                Box::new(move |s: &Shared| s.opportunities(page)),
            ));
        }
        for page in 1..=page_count(snapshot.site.personas.len()) {
            pages.push((
                "personas.html",
                page_path("personas", page),
                Box::new(move |s: &Shared| s.personas_page(page)),
            ));
        }
        jobs.extend(
            pages
                .into_iter()
                .map(|page| (shared, *theme, snapshot, page)),
        );
        for persona in &snapshot.site.personas {
            let page: FrozenPage = (
                "persona.html",
                format!("personas/{}.html", persona.id),
                Box::new(move |s: &Shared| s.persona(persona)),
            );
            jobs.push((shared, *theme, snapshot, page));
        }
        for journey in &snapshot.site.journeys {
            let page: FrozenPage = (
                "journey.html",
                format!("journeys/{}.html", journey.id),
                Box::new(move |s: &Shared| s.journey(journey)),
            );
            jobs.push((shared, *theme, snapshot, page));
        }
    }
    let failures: Vec<RenderError> = jobs
        .par_iter()
        .filter_map(|(shared, theme, snapshot, (template, path, ctx))| {
            let path = format!("releases/{}/{path}", snapshot.name);
            let html = match render_template(theme, template, ctx(shared)) {
                Ok(html) => html,
                Err(err) => return Some(RenderError::Templates(vec![err])),
            };
            sink.write(&path, html.as_bytes())
                .err()
                .map(|err| RenderError::Write(path, err))
        })
        .collect();
    let mut errors = Vec::new();
    for failure in failures {
        match failure {
            RenderError::Templates(e) => errors.extend(e),
            write => return Err(write),
        }
    }
    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(RenderError::Templates(errors));
    }
    let mut written = jobs.len();

    let write = |path: &str, bytes: &[u8]| {
        sink.write(path, bytes)
            .map_err(|err| RenderError::Write(path.to_string(), err))
    };
    for snapshot in &site.releases {
        write(
            &format!("releases/{}.json", snapshot.name),
            snapshot.json.as_bytes(),
        )?;
        written += 1;
    }

    let locale: &Locale = &locales.live;
    let shared = Shared::new(site, analysis, locale);
    let sides = sides(site, analysis, locale);
    let pairs: Vec<(&Release, &Release)> = sides.windows(2).map(|w| (&w[0], &w[1])).collect();
    let mut sitemap = vec!["releases/index.html".to_string()];
    let index = context! {
        ..shared.base("releases", &locale.text("releases.title", None, &[]), "releases/index.html", "../"),
        ..context! { releases => index_entries(site, analysis, &pairs) }
    };
    write(
        "releases/index.html",
        render_template(theme, "releases.html", index)
            .map_err(|e| RenderError::Templates(vec![e]))?
            .as_bytes(),
    )?;
    written += 1;
    for &(older, newer) in &pairs {
        let path = change_path(older, newer);
        let title = locale.text(
            "changes.title",
            None,
            &[("from", &older.label), ("to", &newer.label)],
        );
        let changes = diff::diff(older.state, newer.state);
        let evidence = super::evidence_changes::evidence_changes(older.state, newer.state);
        let ctx = context! {
            ..shared.base("changes", &title, &path, "../../"),
            ..context! {
                from => older.ctx(),
                to => newer.ctx(),
                total => changes.total() + evidence.total(),
                changes => Value::from(minijinja::value::Serde(&changes)),
                evidence => Value::from(minijinja::value::Serde(&evidence)),
            }
        };
        let html = render_template(theme, "changes.html", ctx)
            .map_err(|e| RenderError::Templates(vec![e]))?;
        write(&path, html.as_bytes())?;
        sitemap.push(path);
        written += 1;
    }
    Ok((sitemap, written))
}

/// One side of a comparison: a snapshot, or the live content.
struct Release<'a> {
    /// The snapshot's name, or `current`.
    name: &'a str,
    /// What pages call it: the name, or "the current version".
    label: String,
    date: Option<String>,
    /// The path of its sub-site from the top of the output: `releases/<name>/` or empty.
    prefix: String,
    state: State<'a>,
}

impl Release<'_> {
    fn ctx(&self) -> Value {
        context! { name => self.name, label => &self.label, date => &self.date, prefix => &self.prefix }
    }
}

/// Every release oldest first, and the live content last: each two neighbours make a
/// page of what changed.
fn sides<'a>(site: &'a Site, analysis: &'a Analysis, locale: &Locale) -> Vec<Release<'a>> {
    let mut sides: Vec<Release> = site
        .releases
        .iter()
        .map(|s| Release {
            name: &s.name,
            label: s.name.clone(),
            date: Some(s.date.to_string()),
            prefix: format!("releases/{}/", s.name),
            state: State {
                site: &s.site,
                analysis: &s.analysis,
            },
        })
        .collect();
    sides.push(Release {
        name: "current",
        label: locale.text("releases.current_version", None, &[]),
        date: crate::snapshot::newest_updated(site).map(|d| d.to_string()),
        prefix: String::new(),
        state: State { site, analysis },
    });
    sides
}

fn change_path(older: &Release, newer: &Release) -> String {
    format!("releases/changes/{}...{}.html", older.name, newer.name)
}

/// The rows of the releases index: the live site on top, then the snapshots newest first,
/// each with its headline figures and the page of what changed since the one before.
fn index_entries(site: &Site, analysis: &Analysis, pairs: &[(&Release, &Release)]) -> Vec<Value> {
    let changes_to = |name: &str| {
        pairs
            .iter()
            .find(|(_, newer)| newer.name == name)
            .map(|(older, newer)| (older.label.clone(), change_path(older, newer)))
    };
    let entry = |name: &str, current: bool, date: Option<String>, path: String, state: State| {
        let changes = changes_to(if current { "current" } else { name });
        context! {
            name => name,
            current => current,
            date => date,
            path => path,
            headline => Value::from(minijinja::value::Serde(diff::headline(state))),
            changes_from => changes.as_ref().map(|c| c.0.clone()),
            changes_path => changes.map(|c| c.1),
        }
    };
    let mut entries = vec![entry(
        "current",
        true,
        crate::snapshot::newest_updated(site).map(|d| d.to_string()),
        "index.html".into(),
        State { site, analysis },
    )];
    entries.extend(site.releases.iter().rev().map(|s| {
        entry(
            &s.name,
            false,
            Some(s.date.to_string()),
            format!("releases/{}/index.html", s.name),
            State {
                site: &s.site,
                analysis: &s.analysis,
            },
        )
    }));
    entries
}
