//! Rendering again what an edit of some journeys changed, for `serve`: which pages of
//! the long lists show something else now, the list summaries kept between updates, and
//! the pages that show the edited journeys.

use super::context::{self, Shared};
use super::i18n::Locales;
use super::{feedback_pages, first_failure, jobs, pages, render_pages, theme, Job};
use super::{RenderError, Sink};
use crate::analysis::{Analysis, Portfolio};
use crate::model::Site;
use minijinja::Value;

/// The pages (from 1) of the lists of all pain points and all opportunities to render
/// again after an update.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListPages {
    pub pain_points: Vec<usize>,
    pub opportunities: Vec<usize>,
}

/// The list pages that show something else in `after` than in `before`, the portfolio
/// before and after journeys changed; `changed` says which journeys (by index in
/// `site.journeys`) changed, their pages keep their rows' indices.
pub fn list_pages_to_update(
    before: &Portfolio,
    after: &Portfolio,
    changed: &dyn Fn(usize) -> bool,
) -> ListPages {
    // The figures are on every list page.
    let every = &|_: usize| true;
    let changed = if context::same_figures(before, after) {
        changed
    } else {
        every
    };
    ListPages {
        pain_points: pages::changed_pages(&before.pain_points, &after.pain_points, changed),
        opportunities: pages::changed_pages(&before.opportunities, &after.opportunities, changed),
    }
}

/// What the list pages show of every journey, kept between updates so that an update
/// summarises only the journeys it changed.
pub struct Summaries(Vec<Value>);

impl Summaries {
    pub fn new(site: &Site, analysis: &Analysis) -> Summaries {
        Summaries(context::summaries(site, analysis))
    }

    /// Summarises again the journeys at `indices` of `site.journeys`.
    pub fn update(&mut self, site: &Site, analysis: &Analysis, indices: &[usize]) {
        for &i in indices {
            if let (Some(journey), Some(slot)) = (site.journeys.get(i), self.0.get_mut(i)) {
                *slot = context::journey_summary(site, analysis, journey);
            }
        }
    }
}

/// Renders again what shows the journeys `journeys` and the personas `personas`: their
/// pages, the home page and the `lists` pages, into `sink`. For a site already written
/// whole whose only change is in those journeys (same stages, same pages, no releases),
/// with `summaries` up to date; site.json is left to [`super::write_site_json`].
pub fn render_update(
    site: &Site,
    analysis: &Analysis,
    summaries: &Summaries,
    journeys: &[&str],
    personas: &[&str],
    lists: &ListPages,
    sink: &dyn Sink,
) -> Result<usize, RenderError> {
    let locales = Locales::new(site).map_err(RenderError::Templates)?;
    let theme = theme::load(site, &locales.live).map_err(RenderError::Templates)?;
    let shared = Shared::with_summaries(site, analysis, &locales.live, Some(summaries.0.clone()));
    // The home page has the figures; the other pages of the journeys table show only rows.
    let journey_pages: Vec<usize> = site
        .journeys
        .iter()
        .enumerate()
        .filter(|(_, j)| journeys.contains(&j.id.as_str()))
        .map(|(i, _)| pages::page_of(i))
        .collect();
    let jobs: Vec<Job> = jobs(site, analysis)
        .into_iter()
        .filter(|job| match job {
            Job::NotFound => false,
            Job::Persona(p) => personas.contains(&p.id.as_str()),
            // Their cards count each persona's journeys.
            Job::Personas(_) => !personas.is_empty(),
            Job::Journey(j) | Job::Poster(j) => journeys.contains(&j.id.as_str()),
            Job::PainPoints(page) => lists.pain_points.contains(page),
            Job::Opportunities(page) => lists.opportunities.contains(page),
            Job::Index(page) => *page == 1 || journey_pages.contains(page),
            // It lists every journey by its title.
            Job::Search => true,
            Job::Voice | Job::Experiments => true,
        })
        .collect();
    first_failure(render_pages(&theme, &shared, &jobs, sink))?;
    let feedback = feedback_pages::render(&theme, &shared, site, Some(journeys), sink)?;
    let diagrams = jobs.iter().filter(|j| matches!(j, Job::Journey(_))).count();
    Ok(jobs.len() + diagrams + feedback.len())
}
