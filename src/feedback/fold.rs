//! Folding feedback rows into each journey's [`JourneyFeedback`] as they are read: counts
//! per stage, tag counts and the few verbatims each stage keeps to quote. Memory grows
//! with journeys, stages and distinct tags, never with rows.

use super::reader::{read_feedback_file, FeedbackRow, FeedbackSchema};
use crate::diagnostics::Diagnostic;
use crate::model::{
    quote_key, verbatim_sentiment, Id, JourneyFeedback, Sentiment, StageFeedback, Verbatim,
};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// One journey's rows of one file, as they are folded.
#[derive(Default)]
struct Journey {
    rows: usize,
    /// By the stage's place in the journey.
    stages: Vec<StageFeedback>,
    tag_index: HashMap<String, u32>,
    tags: Vec<(String, usize)>,
    tag_sets: HashMap<Vec<u32>, usize>,
    masked: crate::feedback::mask::MaskCounts,
    verbatim_sentiments: [usize; 4],
    verbatim_sources: HashMap<String, usize>,
}

/// Reads the feedback file at `path` (the `file`-th of the site's feedback files, in
/// order) and folds its rows per journey.
pub fn fold_file(
    path: &Path,
    file: usize,
    file_journey: &str,
    schema: &FeedbackSchema,
) -> (BTreeMap<Id, JourneyFeedback>, Vec<Diagnostic>) {
    let mut journeys: Vec<(Id, Journey)> = Vec::new();
    let mut index: HashMap<Id, usize> = HashMap::new();
    // Rows of one journey mostly follow each other: the last one is tried first.
    let mut last = 0;
    let mut set = Vec::new();
    let diagnostics = read_feedback_file(path, file_journey, schema, &mut |row| {
        if journeys.get(last).is_none_or(|(id, _)| id != row.journey) {
            last = *index.entry(row.journey.clone()).or_insert_with(|| {
                journeys.push((row.journey.clone(), Journey::default()));
                journeys.len() - 1
            });
        }
        journeys[last].1.add(row, file, &mut set);
    });
    let source: Arc<Path> = Arc::from(path);
    let folded = journeys
        .into_iter()
        .map(|(id, journey)| {
            let stages = schema.journeys.get(&id);
            (id, journey.finish(stages, source.clone()))
        })
        .collect();
    (folded, diagnostics)
}

impl Journey {
    fn add(&mut self, row: &FeedbackRow, file: usize, set: &mut Vec<u32>) {
        self.rows += 1;
        if self.stages.len() < row.stage_count {
            self.stages
                .resize_with(row.stage_count, StageFeedback::default);
        }
        let stage = &mut self.stages[row.stage_index];
        stage.rows += 1;
        if let Some(rating) = row.rating {
            stage.ratings += 1;
            stage.score_sum += row.scale.score(rating);
            match row.scale.sentiment(rating) {
                Sentiment::Negative => stage.negative += 1,
                Sentiment::Neutral => stage.neutral += 1,
                Sentiment::Positive => stage.positive += 1,
            }
        }
        if let Some(text) = &row.text {
            stage.verbatims += 1;
            let sentiment = row.rating.map(|r| row.scale.sentiment(r));
            self.verbatim_sentiments[verbatim_sentiment(sentiment)] += 1;
            if let Some(source) = row.source {
                match self.verbatim_sources.get_mut(source) {
                    Some(n) => *n += 1,
                    None => {
                        self.verbatim_sources.insert(source.to_string(), 1);
                    }
                }
            }
            let order = (file, row.line);
            // Most verbatims are not quoted: copy nothing of those.
            if stage.would_keep(quote_key(row.score(), row.date, row.id, order)) {
                stage.offer(Verbatim {
                    id: row.id.map(String::from),
                    date: row.date,
                    rating: row.rating,
                    scale: row.scale,
                    source: row.source.map(String::from),
                    text: text.to_string(),
                    score: row.score(),
                    order,
                });
            }
        }
        self.masked += row.masked;
        set.clear();
        for tag in row.tags() {
            let index = match self.tag_index.get(tag) {
                Some(&index) => index,
                None => {
                    let index = self.tags.len() as u32;
                    self.tag_index.insert(tag.to_string(), index);
                    self.tags.push((tag.to_string(), 0));
                    index
                }
            };
            set.push(index);
        }
        set.sort_unstable();
        set.dedup();
        for &index in set.iter() {
            self.tags[index as usize].1 += 1;
        }
        if !set.is_empty() {
            match self.tag_sets.get_mut(set.as_slice()) {
                Some(n) => *n += 1,
                None => {
                    self.tag_sets.insert(set.clone(), 1);
                }
            }
        }
    }

    fn finish(self, stage_ids: Option<&Vec<Id>>, source: Arc<Path>) -> JourneyFeedback {
        let stages = self
            .stages
            .into_iter()
            .enumerate()
            .filter(|(_, s)| s.rows > 0)
            .filter_map(|(i, s)| Some((stage_ids?.get(i)?.clone(), s)))
            .collect();
        let name = |i: &u32| self.tags[*i as usize].0.clone();
        let tag_sets = self
            .tag_sets
            .iter()
            .map(|(set, n)| {
                let mut names: Vec<String> = set.iter().map(name).collect();
                names.sort();
                (names, *n)
            })
            .collect();
        JourneyFeedback {
            rows: self.rows,
            stages,
            tags: self.tags.into_iter().collect(),
            tag_sets,
            masked: self.masked,
            verbatim_sentiments: self.verbatim_sentiments,
            verbatim_sources: self.verbatim_sources.into_iter().collect(),
            sources: vec![source],
        }
    }
}
