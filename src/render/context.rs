//! The data each template receives. Values shared by many pages are serialized once.

use super::i18n::Locale;
use super::pages;
use crate::analysis::portfolio::Entry;
use crate::analysis::{
    Analysis, Completeness, Health, JourneyAnalysis, Portfolio, PortfolioOpportunity,
    PortfolioPainPoint,
};
use crate::charts::LegendEntry;
use crate::model::{Journey, JourneyKind, Persona, Site};
use crate::snapshot::diff::{journey_figures, State};
use crate::snapshot::Snapshot;
use minijinja::{context, Value};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a journey looks like in lists: on the home page and persona pages.
#[derive(Serialize)]
struct JourneySummary<'a> {
    id: &'a str,
    title: &'a str,
    kind: JourneyKind,
    persona: &'a str,
    persona_name: &'a str,
    scenario: &'a str,
    owner: &'a str,
    updated: Option<String>,
    draft: bool,
    stages: usize,
    pain_points: usize,
    opportunities: usize,
    health: &'a Health,
    completeness: &'a Completeness,
    overall_conversion: Option<f64>,
    bottleneck: Option<&'a str>,
    /// Stages whose customers' ratings contradict the map.
    mismatches: usize,
    /// Whether the journey has rated feedback to compare its map with.
    has_ratings: bool,
}

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

    /// The journey in every release that has it, newest first, the live one on top, each
    /// with its figures and the path of its page from the top of the output.
    fn history(&self, journey_id: &str) -> Vec<Value> {
        let live = self.live;
        if live.site.releases.is_empty() {
            return Vec::new();
        }
        let this = self.frozen.map_or("", |s| s.name.as_str());
        let entry = |name: &str,
                     date: Option<String>,
                     path: String,
                     site: &Site,
                     analysis: &Analysis| {
            let journey = site.journey(journey_id)?;
            let figures = journey_figures(journey, analysis.journeys.get(&journey.id)?);
            Some(
                context! { name => name, date => date, path => path, this => name == this || (this.is_empty() && name.is_empty()), figures => to_value(figures) },
            )
        };
        let newest_updated = crate::snapshot::newest_updated(live.site).map(|d| d.to_string());
        let current = entry(
            "",
            newest_updated,
            format!("journeys/{journey_id}.html"),
            live.site,
            live.analysis,
        );
        let past = live.site.releases.iter().rev().filter_map(|s| {
            let path = format!("releases/{}/journeys/{journey_id}.html", s.name);
            entry(
                &s.name,
                Some(s.date.to_string()),
                path,
                &s.site,
                &s.analysis,
            )
        });
        current.into_iter().chain(past).collect()
    }

    /// The summaries of the journeys at `range` of `site.journeys`.
    fn summaries(&self, range: std::ops::Range<usize>) -> Vec<Value> {
        match &self.kept_summaries {
            Some(kept) => kept[range].to_vec(),
            None => self.site.journeys[range]
                .iter()
                .map(|j| journey_summary(self.site, self.analysis, j))
                .collect(),
        }
    }

    /// The summary of `journey`, the one at `index` of `site.journeys`.
    fn summary(&self, index: usize, journey: &Journey) -> Value {
        match &self.kept_summaries {
            Some(kept) => kept[index].clone(),
            None => journey_summary(self.site, self.analysis, journey),
        }
    }

    /// The personas' cards, those with the most journeys first (in the site's order among
    /// equals).
    fn persona_cards(&self) -> Vec<Value> {
        let mut journeys: HashMap<&str, usize> = HashMap::new();
        for j in &self.site.journeys {
            *journeys.entry(j.front.persona.as_str()).or_default() += 1;
        }
        let mut cards: Vec<(usize, Value)> = self
            .site
            .personas
            .iter()
            .map(|p| {
                let journeys = journeys.get(p.id.as_str()).copied().unwrap_or(0);
                (journeys, context! { id => p.id.as_str(), name => &p.front.name, role => &p.front.role, segment => &p.front.segment, journeys => journeys })
            })
            .collect();
        cards.sort_by_key(|(journeys, _)| std::cmp::Reverse(*journeys));
        cards.into_iter().map(|(_, card)| card).collect()
    }

    /// Page `page` (from 1) of every persona's card.
    pub fn personas_page(&self, page: usize) -> Value {
        let cards = self.persona_cards();
        let (range, pager) = pages::pager(cards.len(), page, "personas");
        let path = pages::page_path("personas", page);
        context! {
            ..self.base("personas", &self.locale.text("personas.title", None, &[]), &path, ""),
            ..context! {
                personas => &cards[range],
                pager => pager,
            }
        }
    }

    pub fn index(&self) -> Value {
        let portfolio = &self.analysis.portfolio;
        let mut personas = self.persona_cards();
        let persona_count = personas.len();
        // The home page stays small at any portfolio size: the rest are a link away.
        personas.truncate(pages::HOME_PERSONAS);
        let (range, pager) =
            pages::pager_at(self.site.journeys.len(), 1, &pages::journeys_page_path);
        context! {
            ..self.base("index", &self.site.config.title, "index.html", ""),
            ..context! {
                intro_html => self.site.intro_html.as_deref(),
                personas => personas,
                persona_count => persona_count,
                journeys => self.summaries(range),
                journeys_pager => pager,
                portfolio => self.portfolio.clone(),
                top_pain_points => to_value(self.pain_point_entries(&portfolio.pain_points[..portfolio.pain_points.len().min(10)])),
                quick_wins => to_value(self.opportunity_entries(&portfolio.quick_wins[..portfolio.quick_wins.len().min(10)])),
                pain_heatmap => to_value(super::charts::pain_heatmap(self.site, self.locale)),
                touchpoint_heatmap => to_value(super::charts::touchpoint_heatmap(self.site, portfolio, self.locale)),
            }
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

    /// The portfolio's voice of the customer: themes across journeys, the negative share
    /// of ratings by journey and stage, and the stages that contradict their maps.
    pub fn voice(&self) -> Value {
        let (site, analysis) = (self.site, self.analysis);
        let title = self.text("voice.title", &[]);
        let rows: usize = analysis.journeys.values().map(|a| a.feedback.count).sum();
        let journeys = analysis
            .journeys
            .values()
            .filter(|a| a.feedback.count > 0)
            .count();
        context! {
            ..self.base("voice", &title, super::VOICE_PAGE, ""),
            ..context! {
                rows => rows,
                journeys_with_feedback => journeys,
                themes => to_value(super::evidence_portfolio::portfolio_themes(site, analysis)),
                mismatches => to_value(super::evidence_portfolio::portfolio_mismatches(site, analysis)),
                heatmap => to_value(super::evidence_portfolio::negative_heatmap(site, analysis, self.locale)),
                journeys => self.summaries(0..site.journeys.len()),
            }
        }
    }

    /// Every experiment of the portfolio with its verdict, and every shipped change with
    /// its outcome.
    pub fn experiments(&self) -> Value {
        let title = self.text("experiments.title", &[]);
        let (experiments, outcomes, counts) =
            super::evidence_portfolio::portfolio_loop(self.site, self.analysis, self.locale);
        context! {
            ..self.base("experiments", &title, super::EXPERIMENTS_PAGE, ""),
            ..context! {
                experiments => to_value(experiments),
                outcomes => to_value(outcomes),
                counts => to_value(counts),
            }
        }
    }

    fn pain_point_entries(&self, entries: &[Entry]) -> Vec<PortfolioPainPoint<'a>> {
        entries
            .iter()
            .map(|&e| Portfolio::pain_point(self.site, &self.analysis.journeys, e))
            .collect()
    }

    fn opportunity_entries(&self, entries: &[Entry]) -> Vec<PortfolioOpportunity<'a>> {
        entries
            .iter()
            .map(|&e| Portfolio::opportunity(self.site, &self.analysis.journeys, e))
            .collect()
    }

    /// Page `page` (from 2; the home page has the first) of every journey.
    pub fn journeys_page(&self, page: usize) -> Value {
        let (range, pager) =
            pages::pager_at(self.site.journeys.len(), page, &pages::journeys_page_path);
        let path = pages::journeys_page_path(page);
        context! {
            ..self.base("journeys", &self.locale.text("journeys.title", None, &[]), &path, ""),
            ..context! {
                portfolio => self.portfolio.clone(),
                journeys => self.summaries(range),
                pager => pager,
            }
        }
    }

    /// Page `page` (from 1) of every pain point.
    pub fn pain_points(&self, page: usize) -> Value {
        let all = &self.analysis.portfolio.pain_points;
        let (range, pager) = pages::pager(all.len(), page, "pain-points");
        let path = pages::page_path("pain-points", page);
        context! {
            ..self.base("pain-points", &self.locale.text("pain_points.title", None, &[]), &path, ""),
            ..context! {
                portfolio => self.portfolio.clone(),
                items => to_value(self.pain_point_entries(&all[range])),
                pager => pager,
            }
        }
    }

    /// Page `page` (from 1) of every opportunity, with its matrix.
    pub fn opportunities(&self, page: usize) -> Value {
        let all = &self.analysis.portfolio.opportunities;
        let (range, pager) = pages::pager(all.len(), page, "opportunities");
        let items = self.opportunity_entries(&all[range.clone()]);
        let matrix = super::charts::opportunity_matrix(&items, range.start + 1, self.locale);
        let path = pages::page_path("opportunities", page);
        context! {
            ..self.base("opportunities", &self.locale.text("opportunities.title", None, &[]), &path, ""),
            ..context! {
                portfolio => self.portfolio.clone(),
                items => to_value(items),
                pager => pager,
                matrix => Value::from_safe_string(matrix),
            }
        }
    }

    pub fn not_found(&self) -> Value {
        // Served for missing paths at any depth, so links must be absolute.
        let root = format!("{}/", self.site.config.base_url.trim_end_matches('/'));
        let title = self.locale.text("not_found.title", None, &[]);
        self.base("404", &title, "404.html", &root)
    }

    pub fn persona(&self, persona: &Persona) -> Value {
        let path = format!("personas/{}.html", persona.id);
        let (own, journeys): (Vec<&Journey>, Vec<Value>) = self
            .site
            .journeys
            .iter()
            .enumerate()
            .filter(|(_, j)| j.front.persona == persona.id)
            .map(|(i, j)| (j, self.summary(i, j)))
            .unzip();
        let (chart, entries) = super::charts::persona(persona, &own, self.locale);
        context! {
            ..self.base("persona", &persona.front.name, &path, "../"),
            ..context! {
                persona => to_value(persona),
                journeys => journeys,
                stages => own.iter().map(|j| to_value(&j.front.stages)).collect::<Vec<_>>(),
                charts => context! {
                    persona => Value::from_safe_string(chart),
                    legend => legend(entries),
                },
                edit_url => self.edit_url(&persona.source),
            }
        }
    }

    pub fn journey(&self, journey: &Journey) -> Value {
        let path = format!("journeys/{}.html", journey.id);
        let compared = journey
            .front
            .compare_to
            .as_ref()
            .and_then(|id| self.site.journey(id.as_str()));
        let analysis = &self.analysis.journeys[&journey.id];
        let locale = self.locale;
        let trends = super::charts::kpi_trends(self.site, journey, analysis, locale);
        let voice = super::evidence::voice_charts(journey, analysis, locale);
        let charts = context! {
            emotion => Value::from_safe_string(super::charts::emotion(journey, compared, locale)),
            funnel => super::charts::funnel(analysis, locale).map(Value::from_safe_string),
            kpi_trends => to_value(trends.charts),
            kpi_legend => legend(trends.legend),
            sentiment => voice.as_ref().map(|v| Value::from_safe_string(v.sentiment.clone())),
            perceived => voice.map(|v| Value::from_safe_string(v.perceived)),
            forest => super::evidence::forest(self.site, journey, analysis, locale).map(Value::from_safe_string),
        };
        let experiments = super::evidence::experiment_rows(self.site, journey, analysis, locale);
        let outcomes = super::evidence::outcome_rows(self.site, journey, analysis, locale);
        let compare = compared.map(|other| {
            context! {
                journey => to_value(other),
                analysis => to_value(&self.analysis.journeys[&other.id]),
            }
        });
        context! {
            ..self.base("journey", &journey.front.title, &path, "../"),
            ..context! {
                analysis => to_value(analysis),
                compare => compare,
                charts => charts,
                min_stages => crate::analysis::completeness::MIN_STAGES,
                min_ratings => crate::analysis::feedback::MIN_RATINGS,
                history => self.history(journey.id.as_str()),
                experiments => to_value(experiments),
                outcomes => to_value(outcomes),
                feedback_page => self.feedback_page(journey),
            },
            ..self.journey_map(journey)
        }
    }

    /// What a page that shows a journey's map needs of it, and no more (its poster has no
    /// charts but the curve it draws itself): the journey, its persona, whether it has
    /// blueprint lanes and where to edit it.
    pub fn journey_map(&self, journey: &Journey) -> Value {
        let persona = self.site.persona(journey.front.persona.as_str());
        // A service blueprint shows its lanes even while they are empty: an empty lane
        // says that nothing happens there, and a new blueprint shows what to fill in.
        let has_blueprint = journey.front.kind == JourneyKind::ServiceBlueprint
            || journey
                .front
                .stages
                .iter()
                .any(|s| s.blueprint.as_ref().is_some_and(|b| !b.is_empty()));
        context! {
            journey => to_value(journey),
            persona => persona.map(|p| context! { id => p.id.as_str(), name => &p.front.name, role => &p.front.role }),
            has_blueprint => has_blueprint,
            edit_url => self.edit_url(&journey.source),
        }
    }

    /// The first page of every verbatim of `journey`, when it has any and its rows can
    /// be read again (not in a snapshot, which keeps only the quotes).
    fn feedback_page(&self, journey: &Journey) -> Option<String> {
        let feedback = self.site.feedback.get(&journey.id)?;
        (super::feedback_pages::has_verbatims(feedback))
            .then(|| super::feedback_pages::first_page(journey.id.as_str()))
    }

    fn edit_url(&self, source: &Path) -> Option<String> {
        let repo = self.site.config.repo_url.as_deref()?;
        let relative = source.strip_prefix(&self.site.root).ok()?;
        let relative: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(format!(
            "{}/edit/{}/{}{}",
            repo.trim_end_matches('/'),
            self.site.config.repo_branch,
            self.repo_prefix,
            relative.join("/")
        ))
    }
}

/// What the templates see of each journey of `site` in lists, in the order of
/// `site.journeys`.
pub fn summaries(site: &Site, analysis: &Analysis) -> Vec<Value> {
    site.journeys
        .iter()
        .map(|j| journey_summary(site, analysis, j))
        .collect()
}

/// The summary of `journey` in lists.
pub fn journey_summary(site: &Site, analysis: &Analysis, journey: &Journey) -> Value {
    to_value(summary(site, &analysis.journeys[&journey.id], journey))
}

fn summary<'a>(
    site: &'a Site,
    analysis: &'a JourneyAnalysis,
    journey: &'a Journey,
) -> JourneySummary<'a> {
    let persona_name = site
        .persona(journey.front.persona.as_str())
        .map_or("", |p| p.front.name.as_str());
    JourneySummary {
        id: journey.id.as_str(),
        title: &journey.front.title,
        kind: journey.front.kind,
        persona: journey.front.persona.as_str(),
        persona_name,
        scenario: &journey.front.scenario,
        owner: &journey.front.owner,
        updated: journey.front.updated.map(|d| d.to_string()),
        draft: journey.front.draft,
        stages: journey.front.stages.len(),
        pain_points: journey
            .front
            .stages
            .iter()
            .map(|s| s.pain_points.len())
            .sum(),
        opportunities: journey
            .front
            .stages
            .iter()
            .map(|s| s.opportunities.len())
            .sum(),
        health: &analysis.health,
        completeness: &analysis.completeness,
        overall_conversion: analysis.funnel.as_ref().and_then(|f| f.overall_conversion),
        bottleneck: analysis
            .funnel
            .as_ref()
            .and_then(|f| f.bottleneck.as_ref())
            .map(|b| b.stage_name.as_str()),
        mismatches: analysis
            .feedback
            .stages
            .iter()
            .filter(|v| v.mismatch)
            .count(),
        has_ratings: analysis.feedback.stages.iter().any(|v| v.ratings > 0),
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

/// Whether the templates see the same figures of `a` and `b`.
pub fn same_figures(a: &Portfolio, b: &Portfolio) -> bool {
    portfolio_figures(a) == portfolio_figures(b)
}

/// The portfolio's figures for the templates: counts and aggregates, with the numbers of
/// pain points and opportunities rather than the lists.
fn portfolio_figures(portfolio: &Portfolio) -> Value {
    context! {
        journey_count => portfolio.journey_count,
        persona_count => portfolio.persona_count,
        mean_emotion => portfolio.mean_emotion,
        pain_point_count => portfolio.pain_points.len(),
        opportunity_count => portfolio.opportunities.len(),
        quick_win_count => portfolio.quick_wins.len(),
        touchpoint_matrix => to_value(&portfolio.touchpoint_matrix),
        kpi_status_counts => to_value(portfolio.kpi_status_counts),
        severity_counts => to_value(&portfolio.severity_counts),
    }
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
