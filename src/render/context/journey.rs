//! The pages of one journey or persona, and what they show of the releases.

use super::{legend, to_value, Shared};
use crate::analysis::Analysis;
use crate::model::{Journey, JourneyKind, Persona, Site};
use crate::snapshot::diff::journey_figures;
use minijinja::{context, Value};
use std::path::Path;

impl<'a> Shared<'a> {
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
        let (chart, entries) = crate::render::charts::persona(persona, &own, self.locale);
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
        let trends = crate::render::charts::kpi_trends(self.site, journey, analysis, locale);
        let voice = crate::render::evidence::voice_charts(journey, analysis, locale);
        let charts = context! {
            emotion => Value::from_safe_string(crate::render::charts::emotion(journey, compared, locale)),
            funnel => crate::render::charts::funnel(analysis, locale).map(Value::from_safe_string),
            kpi_trends => to_value(trends.charts),
            kpi_legend => legend(trends.legend),
            sentiment => voice.as_ref().map(|v| Value::from_safe_string(v.sentiment.clone())),
            perceived => voice.map(|v| Value::from_safe_string(v.perceived)),
            forest => crate::render::evidence::forest(self.site, journey, analysis, locale).map(Value::from_safe_string),
        };
        let experiments =
            crate::render::evidence::experiment_rows(self.site, journey, analysis, locale);
        let outcomes = crate::render::evidence::outcome_rows(self.site, journey, analysis, locale);
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
        (crate::render::feedback_pages::has_verbatims(feedback))
            .then(|| crate::render::feedback_pages::first_page(journey.id.as_str()))
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
