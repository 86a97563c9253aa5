//! What the portfolio's pages show of the evidence across journeys: every experiment and
//! shipped change with their counts, the themes of all feedback, the stages whose
//! customers contradict the map, and the negative share of ratings by journey and stage.

use super::evidence::{experiment_rows, outcome_rows, ExperimentRow, OutcomeRow};
use super::i18n::Locale;
use crate::analysis::experiment::Verdict;
use crate::analysis::Analysis;
use crate::charts;
use crate::model::Site;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the portfolio's pages count of experiments and outcomes.
#[derive(Default, Serialize)]
pub struct LoopCounts {
    pub experiments: usize,
    pub verdicts: BTreeMap<&'static str, usize>,
    pub outcomes: usize,
    pub better: usize,
    pub worse: usize,
    pub same: usize,
    pub too_early: usize,
}

/// Every experiment and outcome of the site, journey by journey, and their counts.
pub fn portfolio_loop<'a>(
    site: &'a Site,
    analysis: &'a Analysis,
    locale: &Locale,
) -> (Vec<ExperimentRow<'a>>, Vec<OutcomeRow<'a>>, LoopCounts) {
    let mut experiments = Vec::new();
    let mut outcomes = Vec::new();
    for journey in &site.journeys {
        let Some(a) = analysis.journeys.get(&journey.id) else {
            continue;
        };
        experiments.extend(experiment_rows(site, journey, a, locale));
        outcomes.extend(outcome_rows(site, journey, a, locale));
    }
    let mut counts = LoopCounts {
        experiments: experiments.len(),
        outcomes: outcomes.len(),
        ..LoopCounts::default()
    };
    for verdict in [
        Verdict::Improved,
        Verdict::Worsened,
        Verdict::Inconclusive,
        Verdict::Underpowered,
        Verdict::Running,
    ] {
        counts.verdicts.insert(verdict.as_str(), 0);
    }
    for e in &experiments {
        *counts.verdicts.entry(e.verdict).or_default() += 1;
    }
    for o in &outcomes {
        match o.trend {
            Some("better") => counts.better += 1,
            Some("worse") => counts.worse += 1,
            Some(_) => counts.same += 1,
            None => counts.too_early += 1,
        }
    }
    (experiments, outcomes, counts)
}

/// A tag across the portfolio: the rows that carry it and the journeys it occurs in.
#[derive(Serialize)]
pub struct PortfolioTheme {
    pub tag: String,
    pub count: usize,
    pub journeys: Vec<(String, String)>,
}

/// A stage where the customers' ratings contradict the map.
#[derive(Serialize)]
pub struct PortfolioMismatch<'a> {
    pub journey: &'a str,
    pub journey_title: &'a str,
    pub stage_name: &'a str,
    pub emotion: Option<i8>,
    pub perceived_emotion: Option<f64>,
    pub ratings: usize,
}

/// The themes of every journey's feedback together, most rows first (ties by tag).
pub fn portfolio_themes(site: &Site, analysis: &Analysis) -> Vec<PortfolioTheme> {
    let mut themes: BTreeMap<&str, PortfolioTheme> = BTreeMap::new();
    for journey in &site.journeys {
        let Some(a) = analysis.journeys.get(&journey.id) else {
            continue;
        };
        for t in &a.feedback.themes {
            let theme = themes.entry(&t.tag).or_insert_with(|| PortfolioTheme {
                tag: t.tag.clone(),
                count: 0,
                journeys: Vec::new(),
            });
            theme.count += t.count;
            theme
                .journeys
                .push((journey.id.to_string(), journey.front.title.clone()));
        }
    }
    let mut themes: Vec<PortfolioTheme> = themes.into_values().collect();
    themes.sort_by_key(|t| std::cmp::Reverse(t.count));
    themes
}

/// Every stage whose customers' ratings contradict the map, journey by journey.
pub fn portfolio_mismatches<'a>(
    site: &'a Site,
    analysis: &'a Analysis,
) -> Vec<PortfolioMismatch<'a>> {
    let mut found = Vec::new();
    for journey in &site.journeys {
        let Some(a) = analysis.journeys.get(&journey.id) else {
            continue;
        };
        for v in a.feedback.stages.iter().filter(|v| v.mismatch) {
            let Some(stage) = journey.front.stages.get(v.stage_index) else {
                continue;
            };
            found.push(PortfolioMismatch {
                journey: journey.id.as_str(),
                journey_title: &journey.front.title,
                stage_name: &stage.name,
                emotion: v.emotion,
                perceived_emotion: v.perceived_emotion,
                ratings: v.ratings,
            });
        }
    }
    found
}

/// The share of negative ratings by journey (rows) and stage position (columns), in
/// percent, of the journeys with ratings.
pub fn negative_heatmap(
    site: &Site,
    analysis: &Analysis,
    locale: &Locale,
) -> super::charts::HeatmapData {
    let mut names = Vec::new();
    let mut values = Vec::new();
    let mut width = 0;
    for journey in &site.journeys {
        let Some(a) = analysis.journeys.get(&journey.id) else {
            continue;
        };
        if a.feedback.stages.iter().all(|v| v.ratings == 0) {
            continue;
        }
        let mut cells = vec![f64::NAN; journey.front.stages.len()];
        for v in &a.feedback.stages {
            let rated = v.negative + v.neutral + v.positive;
            if let Some(cell) = cells.get_mut(v.stage_index).filter(|_| rated > 0) {
                *cell = (1000.0 * v.negative as f64 / rated as f64).round() / 10.0;
            }
        }
        width = width.max(cells.len());
        names.push(journey.front.title.clone());
        values.push(cells);
    }
    let columns: Vec<String> = (1..=width)
        .map(|i| {
            let position = locale.decimal(i as f64, 0);
            locale.text("column.stage_position", None, &[("position", &position)])
        })
        .collect();
    let title = locale.text("chart.voice_heatmap.title", None, &[]);
    let svg = charts::framed(&charts::heatmap(
        "chart-voice-heatmap",
        &title,
        &names,
        &columns,
        &values,
        "chart.voice_heatmap",
        locale,
    ));
    super::charts::HeatmapData {
        title,
        // Its columns are stage positions: journeys' stages rarely line up by name.
        by_position: true,
        total_rows: names.len(),
        rows: names,
        columns,
        values,
        svg,
    }
}
