//! The data each template receives. Values shared by many pages are serialized once:
//! what every page has here, the portfolio's list pages in [`lists`], and the pages of
//! one journey or persona in [`journey`].

mod journey;
mod lists;

pub use lists::{journey_summary, same_figures, summaries};

use super::i18n::Locale;
use crate::analysis::Analysis;
use crate::charts::LegendEntry;
use crate::model::Site;
use crate::snapshot::diff::State;
use crate::snapshot::Snapshot;
use lists::portfolio_figures;
use minijinja::{context, Value};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    repo_url: Option<&'a str>,
    has_intro: bool,
}

/// Everything computed once per build and reused by every page.
pub struct Shared<'a> {
    site: &'a Site,
    analysis: &'a Analysis,
    /// The language the pages are written in.
    locale: &'a Locale,
    /// The live site, whose `releases` every page may link to; `site` itself unless this
    /// renders a snapshot.
    live: State<'a>,
    /// The snapshot whose frozen pages this renders, under `releases/<name>/`.
    frozen: Option<&'a Snapshot>,
    site_ctx: Value,
    /// The journeys' [`summaries`] when kept between renders (by `serve`); otherwise each
    /// page summarises the journeys it lists, so a build never holds them all at once.
    kept_summaries: Option<Vec<Value>>,
    /// The portfolio's figures; its long lists are paged, never serialized whole.
    portfolio: Value,
    /// Where the site folder sits in its git repository, for "edit this page" links.
    repo_prefix: String,
    /// Whether the site has the voice-of-the-customer and experiments pages.
    has_voice: bool,
    has_experiments: bool,
}

impl<'a> Shared<'a> {
    /// The site the pages show.
    pub fn site(&self) -> &'a Site {
        self.site
    }

    pub fn new(site: &'a Site, analysis: &'a Analysis, locale: &'a Locale) -> Self {
        Shared::with_summaries(site, analysis, locale, None)
    }

    /// [`Shared::new`] with the journeys' [`summaries`], if kept from an earlier render.
    pub fn with_summaries(
        site: &'a Site,
        analysis: &'a Analysis,
        locale: &'a Locale,
        kept_summaries: Option<Vec<Value>>,
    ) -> Self {
        let config = &site.config;
        let site_ctx = to_value(SiteContext {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: &config.base_url,
            repo_url: config.repo_url.as_deref(),
            has_intro: site.intro_html.is_some(),
        });
        Shared {
            site,
            analysis,
            locale,
            live: State { site, analysis },
            frozen: None,
            site_ctx,
            kept_summaries,
            portfolio: portfolio_figures(&analysis.portfolio),
            repo_prefix: repo_prefix(&site.root),
            has_voice: super::evidence::has_voice(analysis),
            has_experiments: super::evidence::has_experiments(analysis),
        }
    }

    /// The pages of `snapshot` as frozen under `releases/<name>/`, in `locale`'s
    /// language, linking to the live site's pages and releases.
    pub fn frozen(snapshot: &'a Snapshot, live: State<'a>, locale: &'a Locale) -> Self {
        Shared {
            live,
            frozen: Some(snapshot),
            ..Shared::new(&snapshot.site, &snapshot.analysis, locale)
        }
    }

    /// The context every page has. `path` is the page's path in its (sub)site and `root`
    /// the relative way up to that (sub)site; `site_root` is the way up to the top of the
    /// output, where the assets, the live pages and the releases are.
    pub fn base(&self, kind: &str, title: &str, path: &str, root: &str) -> Value {
        let base_url = &self.live.site.config.base_url;
        let (path_in_output, site_root, snapshot) = match self.frozen {
            None => (path.to_string(), root.to_string(), None),
            Some(snapshot) => {
                let full = format!("releases/{}/{path}", snapshot.name);
                let site_root = "../".repeat(full.matches('/').count());
                let ctx = context! {
                    name => &snapshot.name,
                    date => snapshot.date.to_string(),
                    live_path => self.live_path(path),
                    data_path => format!("releases/{}.json", snapshot.name),
                };
                (full, site_root, Some(ctx))
            }
        };
        let canonical = super::has_full_address(base_url)
            .then(|| super::absolute_url(base_url, &path_in_output));
        context! {
            site => self.site_ctx.clone(),
            root => root,
            site_root => site_root,
            has_releases => !self.live.site.releases.is_empty(),
            // A frozen page's box searches the live site.
            has_search => self.live.site.config.search,
            has_voice => self.has_voice,
            has_experiments => self.has_experiments,
            snapshot => snapshot,
            page => context! { kind => kind, title => title, path => path_in_output, canonical => canonical },
        }
    }

    /// The search results page, `search.html`.
    pub fn search(&self) -> Value {
        context! {
            ..self.base("search", &self.locale.text("search.title", None, &[]), "search.html", ""),
            ..crate::search::page_context(self.site)
        }
    }

    /// The live page that stands for the frozen page at `path`: the same page while its
    /// journey or persona still exists, else the live home page.
    fn live_path(&self, path: &str) -> String {
        let id_of = |folder: &str| {
            path.strip_prefix(folder)
                .and_then(|rest| rest.strip_suffix(".html"))
        };
        let live = self.live.site;
        let gone = match (id_of("journeys/"), id_of("personas/")) {
            (Some(id), _) => live.journey(id).is_none(),
            (_, Some(id)) => live.persona(id).is_none(),
            _ => false,
        };
        if gone {
            "index.html".into()
        } else {
            path.into()
        }
    }

    /// The entry `key` of the page's language, its placeholders filled from `values`.
    pub fn text(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.locale.text(key, None, values)
    }

    /// The site's language, for what a page draws in code rather than in its template.
    pub fn locale(&self) -> &'a Locale {
        self.locale
    }

    pub fn not_found(&self) -> Value {
        // Served for missing paths at any depth, so links must be absolute.
        let root = format!("{}/", self.site.config.base_url.trim_end_matches('/'));
        let title = self.locale.text("not_found.title", None, &[]);
        self.base("404", &title, "404.html", &root)
    }
}

/// The site folder's path inside its git repository (`content/`), or empty when the
/// folder is not in one.
fn repo_prefix(root: &Path) -> String {
    let Ok(root) = root.canonicalize() else {
        return String::new();
    };
    let mut dir: Option<PathBuf> = Some(root.clone());
    while let Some(candidate) = dir {
        if candidate.join(".git").exists() {
            let relative = root.strip_prefix(&candidate).unwrap_or(Path::new(""));
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            return parts.iter().map(|p| format!("{p}/")).collect();
        }
        dir = candidate.parent().map(Path::to_path_buf);
    }
    String::new()
}

/// A serializable value as a template value.
fn to_value<T: Serialize>(value: T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// Legend entries for a template: the swatch is markup the charts wrote.
fn legend(entries: Vec<LegendEntry>) -> Vec<Value> {
    entries
        .into_iter()
        .map(|e| context! { label => e.label, swatch => Value::from_safe_string(e.swatch) })
        .collect()
}
