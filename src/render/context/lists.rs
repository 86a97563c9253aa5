//! The portfolio's pages: the home page and the pages of all journeys, personas, pain
//! points and opportunities, the voice of the customer and the experiments.

use super::{to_value, Shared};
use crate::analysis::portfolio::Entry;
use crate::analysis::{
    Analysis, Completeness, Health, JourneyAnalysis, Portfolio, PortfolioOpportunity,
    PortfolioPainPoint,
};
use crate::model::{Journey, JourneyKind, Site};
use crate::render::pages;
use minijinja::{context, Value};
use serde::Serialize;
use std::collections::HashMap;

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

impl<'a> Shared<'a> {
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
    pub(super) fn summary(&self, index: usize, journey: &Journey) -> Value {
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
                pain_heatmap => to_value(crate::render::charts::pain_heatmap(self.site, self.locale)),
                touchpoint_heatmap => to_value(crate::render::charts::touchpoint_heatmap(self.site, portfolio, self.locale)),
            }
        }
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
            ..self.base("voice", &title, crate::render::VOICE_PAGE, ""),
            ..context! {
                rows => rows,
                journeys_with_feedback => journeys,
                themes => to_value(crate::render::evidence_portfolio::portfolio_themes(site, analysis)),
                mismatches => to_value(crate::render::evidence_portfolio::portfolio_mismatches(site, analysis)),
                heatmap => to_value(crate::render::evidence_portfolio::negative_heatmap(site, analysis, self.locale)),
                journeys => self.summaries(0..site.journeys.len()),
            }
        }
    }

    /// Every experiment of the portfolio with its verdict, and every shipped change with
    /// its outcome.
    pub fn experiments(&self) -> Value {
        let title = self.text("experiments.title", &[]);
        let (experiments, outcomes, counts) = crate::render::evidence_portfolio::portfolio_loop(
            self.site,
            self.analysis,
            self.locale,
        );
        context! {
            ..self.base("experiments", &title, crate::render::EXPERIMENTS_PAGE, ""),
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
        let matrix =
            crate::render::charts::opportunity_matrix(&items, range.start + 1, self.locale);
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
            .map(|b| b.stage_name.as_ref()),
        mismatches: analysis
            .feedback
            .stages
            .iter()
            .filter(|v| v.mismatch)
            .count(),
        has_ratings: analysis.feedback.stages.iter().any(|v| v.ratings > 0),
    }
}

/// Whether the templates see the same figures of `a` and `b`.
pub fn same_figures(a: &Portfolio, b: &Portfolio) -> bool {
    portfolio_figures(a) == portfolio_figures(b)
}

/// The portfolio's figures for the templates: counts and aggregates, with the numbers of
/// pain points and opportunities rather than the lists.
pub(super) fn portfolio_figures(portfolio: &Portfolio) -> Value {
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
