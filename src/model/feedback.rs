//! Customer feedback in the model: the `feedback:` settings of site.yaml, and each
//! journey's feedback rows as the reader folds them (counts per stage, tags, and the few
//! verbatims kept to quote), never the rows themselves.

use super::{Id, Period};
use crate::feedback::mask::MaskCounts;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// How many verbatims each stage keeps to quote.
pub const QUOTES_PER_STAGE: usize = 3;

/// `site.yaml` → `feedback`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackConfig {
    /// The scale of a rating whose row names none.
    #[serde(default)]
    pub scale: Scale,
    /// Whether verbatims are masked (personal data replaced); off only with a warning.
    #[serde(default = "default_mask")]
    pub mask: bool,
}

fn default_mask() -> bool {
    true
}

impl Default for FeedbackConfig {
    fn default() -> Self {
        FeedbackConfig {
            scale: Scale::default(),
            mask: true,
        }
    }
}

/// The range of a rating, `min` the worst answer and `max` the best.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ScaleFields")]
pub struct Scale {
    pub min: f64,
    pub max: f64,
}

impl Default for Scale {
    fn default() -> Self {
        Scale { min: 1.0, max: 5.0 }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaleFields {
    min: f64,
    max: f64,
}

impl TryFrom<ScaleFields> for Scale {
    type Error = String;
    fn try_from(fields: ScaleFields) -> Result<Self, String> {
        Scale::new(fields.min, fields.max)
    }
}

impl Scale {
    /// A scale from `min` to `max`; Err says why it is none.
    pub fn new(min: f64, max: f64) -> Result<Scale, String> {
        if !min.is_finite() || !max.is_finite() {
            return Err("a scale's `min` and `max` are numbers".into());
        }
        if min >= max {
            return Err(format!("scale min {min} is not below max {max}"));
        }
        Ok(Scale { min, max })
    }

    /// Whether `rating` lies on the scale.
    pub fn contains(&self, rating: f64) -> bool {
        (self.min..=self.max).contains(&rating)
    }

    /// Where `rating` lies on the scale, from 0 (the worst answer) to 1 (the best).
    pub fn score(&self, rating: f64) -> f64 {
        (rating - self.min) / (self.max - self.min)
    }

    /// The sentiment of `rating`: negative below 0.4 of the scale, positive above 0.6.
    /// Compared without dividing, so `4` on `0-10` is exactly 0.4 and neutral.
    pub fn sentiment(&self, rating: f64) -> Sentiment {
        let (above_min, range) = (rating - self.min, self.max - self.min);
        if above_min * 5.0 < range * 2.0 {
            Sentiment::Negative
        } else if above_min * 5.0 > range * 3.0 {
            Sentiment::Positive
        } else {
            Sentiment::Neutral
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.min, self.max)
    }
}

/// How a rating leans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sentiment {
    Negative,
    Neutral,
    Positive,
}

/// The sentiments a verbatim can have, by keyword: a rated row's, or `unrated`.
pub const VERBATIM_SENTIMENTS: [&str; 4] = ["negative", "neutral", "positive", "unrated"];

/// The place in [`VERBATIM_SENTIMENTS`] of a row rated `sentiment`, or not rated.
pub fn verbatim_sentiment(sentiment: Option<Sentiment>) -> usize {
    match sentiment {
        Some(Sentiment::Negative) => 0,
        Some(Sentiment::Neutral) => 1,
        Some(Sentiment::Positive) => 2,
        None => 3,
    }
}

/// A verbatim kept to quote: masked, with what it was rated and when.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verbatim {
    pub id: Option<String>,
    /// The row's `date`, or its `period` when it has no date.
    pub date: Period,
    pub rating: Option<f64>,
    pub scale: Scale,
    pub source: Option<String>,
    /// The verbatim, masked unless the site turned masking off.
    pub text: String,
    /// Where the rating lies on its scale (0..1); orders the quotes.
    #[serde(skip)]
    pub score: Option<f64>,
    /// The file (by its place among the site's feedback files) and line: the last
    /// tiebreak, so the choice never depends on which file was read first.
    #[serde(skip)]
    pub order: (usize, usize),
}

impl Verbatim {
    /// The order quotes are chosen in: lowest rating first (unrated last), then newest,
    /// then by id (none last), then by file and line.
    pub fn sort_key(&self) -> QuoteKey<'_> {
        quote_key(self.score, self.date, self.id.as_deref(), self.order)
    }
}

/// The order of [`Verbatim::sort_key`], of a verbatim's parts.
pub type QuoteKey<'a> = (
    bool,
    TotalF64,
    std::cmp::Reverse<(i64, i64)>,
    bool,
    Option<&'a str>,
    (usize, usize),
);

/// [`Verbatim::sort_key`] of a verbatim not built yet.
pub fn quote_key(
    score: Option<f64>,
    date: Period,
    id: Option<&str>,
    order: (usize, usize),
) -> QuoteKey<'_> {
    (
        score.is_none(),
        TotalF64(score.unwrap_or(0.0)),
        std::cmp::Reverse((date.end(), date.first_day())),
        id.is_none(),
        id,
        order,
    )
}

/// An `f64` ordered by [`f64::total_cmp`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TotalF64(pub f64);

impl Eq for TotalF64 {}

impl PartialOrd for TotalF64 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TotalF64 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// One stage's feedback, folded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageFeedback {
    /// Rows of the stage.
    pub rows: usize,
    /// Rows with a rating.
    pub ratings: usize,
    /// The sum of the rated rows' scores (each on its own scale, 0..1).
    pub score_sum: f64,
    pub negative: usize,
    pub neutral: usize,
    pub positive: usize,
    /// Rows with a text.
    pub verbatims: usize,
    /// Up to [`QUOTES_PER_STAGE`] verbatims in [`Verbatim::sort_key`] order.
    pub quotes: Vec<Verbatim>,
}

impl StageFeedback {
    /// Keeps `quote` if it is among the first [`QUOTES_PER_STAGE`].
    pub fn offer(&mut self, quote: Verbatim) {
        let at = self
            .quotes
            .partition_point(|q| q.sort_key() < quote.sort_key());
        if at < QUOTES_PER_STAGE {
            self.quotes.insert(at, quote);
            self.quotes.truncate(QUOTES_PER_STAGE);
        }
    }

    /// Whether a verbatim of this key would be kept, asked before anything of it is
    /// copied.
    pub fn would_keep(&self, key: QuoteKey) -> bool {
        self.quotes.len() < QUOTES_PER_STAGE
            || self.quotes.last().is_some_and(|last| key < last.sort_key())
    }

    /// Adds what `other` counted (rows of another file).
    pub fn merge(&mut self, other: StageFeedback) {
        self.rows += other.rows;
        self.ratings += other.ratings;
        self.score_sum += other.score_sum;
        self.negative += other.negative;
        self.neutral += other.neutral;
        self.positive += other.positive;
        self.verbatims += other.verbatims;
        for quote in other.quotes {
            self.offer(quote);
        }
    }
}

/// One journey's feedback, folded from every file that has rows of it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JourneyFeedback {
    /// Rows of the journey.
    pub rows: usize,
    /// By stage id; stages without rows have no entry.
    pub stages: BTreeMap<Id, StageFeedback>,
    /// Each tag with the number of rows that carry it.
    pub tags: BTreeMap<String, usize>,
    /// Each set of tags that rows carry (sorted, no repeats) with the number of rows that
    /// carry exactly it: a pain point's evidence is the rows whose set meets its tags,
    /// which per-tag counts cannot tell when it names several.
    pub tag_sets: BTreeMap<Vec<String>, usize>,
    /// What masking replaced in the journey's verbatims.
    pub masked: MaskCounts,
    /// The verbatims (rows with a text) by the sentiment of their rating, in
    /// [`VERBATIM_SENTIMENTS`] order: what the pages that list them count.
    pub verbatim_sentiments: [usize; 4],
    /// The verbatims by source, of rows that name one.
    pub verbatim_sources: BTreeMap<String, usize>,
    /// The files that hold rows of the journey, for a page to read every row again.
    pub sources: Vec<Arc<Path>>,
}

impl JourneyFeedback {
    /// Adds what `other` counted (rows of another file).
    pub fn merge(&mut self, other: JourneyFeedback) {
        self.rows += other.rows;
        for (stage, feedback) in other.stages {
            self.stages.entry(stage).or_default().merge(feedback);
        }
        for (tag, n) in other.tags {
            *self.tags.entry(tag).or_default() += n;
        }
        for (set, n) in other.tag_sets {
            *self.tag_sets.entry(set).or_default() += n;
        }
        self.masked += other.masked;
        for (mine, theirs) in self
            .verbatim_sentiments
            .iter_mut()
            .zip(other.verbatim_sentiments)
        {
            *mine += theirs;
        }
        for (source, n) in other.verbatim_sources {
            *self.verbatim_sources.entry(source).or_default() += n;
        }
        self.sources.extend(other.sources);
    }

    /// The rows that carry at least one of `tags`.
    pub fn rows_with_any(&self, tags: &[String]) -> usize {
        self.tag_sets
            .iter()
            .filter(|(set, _)| set.iter().any(|t| tags.contains(t)))
            .map(|(_, n)| n)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentiment_bounds_are_exact() {
        let nps = Scale::new(0.0, 10.0).unwrap();
        assert_eq!(nps.sentiment(3.0), Sentiment::Negative);
        assert_eq!(nps.sentiment(4.0), Sentiment::Neutral);
        assert_eq!(nps.sentiment(6.0), Sentiment::Neutral);
        assert_eq!(nps.sentiment(7.0), Sentiment::Positive);
        let five = Scale::default();
        assert_eq!(five.sentiment(2.0), Sentiment::Negative);
        assert_eq!(five.sentiment(3.0), Sentiment::Neutral);
        assert_eq!(five.sentiment(4.0), Sentiment::Positive);
        assert!(Scale::new(5.0, 5.0).is_err());
        assert!(Scale::new(f64::NAN, 5.0).is_err());
    }

    fn quote(score: Option<f64>, day: i32, id: Option<&str>) -> Verbatim {
        Verbatim {
            id: id.map(String::from),
            date: Period {
                start: day,
                kind: super::super::PeriodKind::Day,
            },
            rating: score,
            scale: Scale::new(0.0, 1.0).unwrap(),
            source: None,
            text: String::new(),
            score,
            order: (0, day as usize),
        }
    }

    #[test]
    fn quotes_are_lowest_then_newest_then_id() {
        let mut stage = StageFeedback::default();
        for q in [
            quote(None, 9, Some("a")),
            quote(Some(0.5), 1, Some("b")),
            quote(Some(0.0), 1, Some("c")),
            quote(Some(0.0), 2, Some("d")),
            quote(Some(0.0), 2, None),
            quote(Some(0.0), 2, Some("a")),
        ] {
            stage.offer(q);
        }
        let ids: Vec<_> = stage.quotes.iter().map(|q| q.id.as_deref()).collect();
        assert_eq!(ids, [Some("a"), Some("d"), None]);
    }
}
