//! Voice of the customer: what a journey's feedback says per stage (ratings on one 0..1
//! scale, the emotion they imply, sentiment counts, quotes), its themes, and where the
//! map's emotion disagrees with the customers' ratings or with a satisfaction metric.

use super::series::stage_series;
use super::RankedPainPoint;
use crate::model::{
    Id, Journey, JourneyFeedback, JourneyMetrics, MetricDef, Period, Site, Verbatim,
};
use crate::yaml::Seg;
use serde::Serialize;

/// Fewer ratings than this never contradict the map: too few to judge by.
pub const MIN_RATINGS: usize = 5;

/// A journey's feedback, analysed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FeedbackAnalysis {
    /// Rows of feedback.
    pub count: usize,
    /// The stages with feedback, in journey order.
    pub stages: Vec<StageVoice>,
    /// Tags by the rows that carry them, most frequent first, ties by tag.
    pub themes: Vec<Theme>,
    /// Stages whose satisfaction metric contradicts the map's emotion.
    #[serde(skip)]
    pub satisfaction: Vec<SatisfactionMismatch>,
}

/// What customers say of one stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageVoice {
    pub stage: Id,
    /// The stage's place in the journey, 0-based.
    #[serde(skip)]
    pub stage_index: usize,
    /// Rows with a rating.
    pub ratings: usize,
    /// The mean of the ratings, each placed on its own scale from 0 (worst) to 1 (best).
    pub mean_score: Option<f64>,
    /// `mean_score` on the emotion scale: −2 + 4 × `mean_score`.
    pub perceived_emotion: Option<f64>,
    /// The map's emotion of the stage.
    pub emotion: Option<i8>,
    /// At least [`MIN_RATINGS`] ratings whose perceived emotion is 1 or more away from
    /// the map's.
    pub mismatch: bool,
    pub negative: usize,
    pub neutral: usize,
    pub positive: usize,
    /// Rows with a text.
    pub verbatims: usize,
    /// Up to three verbatims: lowest rating first, then newest, then by id.
    pub quotes: Vec<Verbatim>,
}

/// A tag and the rows that carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Theme {
    pub tag: String,
    pub count: usize,
}

/// A stage where a satisfaction metric's latest value contradicts the map's emotion.
#[derive(Clone, Debug, PartialEq)]
pub struct SatisfactionMismatch {
    pub stage_index: usize,
    pub metric: String,
    pub label: String,
    pub period: Period,
    pub value: f64,
    pub perceived_emotion: f64,
    pub emotion: i8,
}

/// `perceived` is 1 or more away from `emotion` (with room for rounding in the mean).
fn disagrees(perceived: f64, emotion: i8) -> bool {
    (perceived - f64::from(emotion)).abs() >= 1.0 - 1e-9
}

/// The analysis of `journey`'s feedback and satisfaction metrics.
pub fn analyse(site: &Site, journey: &Journey, metrics: &JourneyMetrics) -> FeedbackAnalysis {
    let mut analysis = FeedbackAnalysis {
        satisfaction: satisfaction(journey, metrics, &site.config.metrics),
        ..FeedbackAnalysis::default()
    };
    let Some(feedback) = site.feedback.get(&journey.id) else {
        return analysis;
    };
    analysis.count = feedback.rows;
    for (index, stage) in journey.front.stages.iter().enumerate() {
        let Some(voice) = feedback.stages.get(&stage.id) else {
            continue;
        };
        let mean_score = (voice.ratings > 0).then(|| voice.score_sum / voice.ratings as f64);
        let perceived_emotion = mean_score.map(|m| -2.0 + 4.0 * m);
        let emotion = stage.emotion.map(|e| e.value());
        let mismatch = voice.ratings >= MIN_RATINGS
            && matches!((perceived_emotion, emotion), (Some(p), Some(e)) if disagrees(p, e));
        analysis.stages.push(StageVoice {
            stage: stage.id.clone(),
            stage_index: index,
            ratings: voice.ratings,
            mean_score,
            perceived_emotion,
            emotion,
            mismatch,
            negative: voice.negative,
            neutral: voice.neutral,
            positive: voice.positive,
            verbatims: voice.verbatims,
            quotes: voice.quotes.clone(),
        });
    }
    analysis.themes = feedback
        .tags
        .iter()
        .map(|(tag, &count)| Theme {
            tag: tag.clone(),
            count,
        })
        .collect();
    // Stable: ties keep the tags' alphabetical order.
    analysis.themes.sort_by_key(|t| std::cmp::Reverse(t.count));
    analysis
}

/// The stages where a `satisfaction: true` metric's latest value, placed on the emotion
/// scale through its `min` and `max`, is 1 or more away from the map's emotion.
fn satisfaction(
    journey: &Journey,
    metrics: &JourneyMetrics,
    defs: &std::collections::BTreeMap<String, MetricDef>,
) -> Vec<SatisfactionMismatch> {
    let mut found = Vec::new();
    for (key, def) in defs.iter().filter(|(_, d)| d.satisfaction) {
        let (Some(min), Some(max)) = (def.min, def.max) else {
            continue;
        };
        for (index, stage) in journey.front.stages.iter().enumerate() {
            let Some(emotion) = stage.emotion.map(|e| e.value()) else {
                continue;
            };
            let points = stage_series(metrics, stage.id.as_str(), key, def.unit);
            let Some(latest) = points.last() else {
                continue;
            };
            let perceived = -2.0 + 4.0 * (latest.value - min) / (max - min);
            if perceived.is_finite() && disagrees(perceived, emotion) {
                found.push(SatisfactionMismatch {
                    stage_index: index,
                    metric: key.clone(),
                    label: def.label.clone(),
                    period: latest.period,
                    value: latest.value,
                    perceived_emotion: perceived,
                    emotion,
                });
            }
        }
    }
    found
}

/// Sets each pain point's `evidence`: the rows of feedback that carry any of its tags.
pub fn add_evidence(
    pain_points: &mut [RankedPainPoint],
    journey: &Journey,
    feedback: Option<&JourneyFeedback>,
) {
    let Some(feedback) = feedback else {
        return;
    };
    for p in pain_points {
        let tags = journey
            .front
            .stages
            .get(p.stage_position - 1)
            .and_then(|s| s.pain_points.get(p.index_in_stage))
            .map_or(&[][..], |pain| pain.tags.as_slice());
        p.evidence = feedback.rows_with_any(tags);
    }
}

/// A lint finding about feedback: where in the journey's front matter, what and a hint.
pub struct Finding {
    pub at: Vec<Seg<'static>>,
    pub message: String,
    pub hint: String,
}

/// Where the map's emotion contradicts the customers (their ratings or a satisfaction
/// metric), located at the stage's `emotion:`, and every pain point tag that no row of
/// feedback carries.
pub fn findings(journey: &Journey, analysis: &FeedbackAnalysis) -> Vec<Finding> {
    let emotion_at = |i: usize| vec![Seg::Key("stages"), Seg::Index(i), Seg::Key("emotion")];
    let mut found = Vec::new();
    for voice in analysis.stages.iter().filter(|v| v.mismatch) {
        let (Some(perceived), Some(emotion)) = (voice.perceived_emotion, voice.emotion) else {
            continue;
        };
        found.push(Finding {
            at: emotion_at(voice.stage_index),
            message: format!(
                "the map says {} but {} customer ratings average {}",
                emotion_words(f64::from(emotion), 0),
                voice.ratings,
                emotion_words(perceived, 1)
            ),
            hint: "the map is probably wrong: set the stage's emotion to what customers \
                   report, or check the feedback rows of this stage"
                .into(),
        });
    }
    for m in &analysis.satisfaction {
        found.push(Finding {
            at: emotion_at(m.stage_index),
            message: format!(
                "the map says {} but satisfaction metric `{}` ({}) is {} in {}, which reads as {}",
                emotion_words(f64::from(m.emotion), 0),
                m.metric,
                m.label,
                m.value,
                m.period,
                emotion_words(m.perceived_emotion, 1)
            ),
            hint: "the map is probably wrong: set the stage's emotion to what the metric \
                   measures"
                .into(),
        });
    }
    let used = |tag: &str| analysis.themes.iter().any(|t| t.tag == tag);
    for (s, stage) in journey.front.stages.iter().enumerate() {
        for (p, pain) in stage.pain_points.iter().enumerate() {
            for (t, tag) in pain.tags.iter().enumerate() {
                if used(tag) {
                    continue;
                }
                let at = vec![
                    Seg::Key("stages"),
                    Seg::Index(s),
                    Seg::Key("pain_points"),
                    Seg::Index(p),
                    Seg::Key("tags"),
                    Seg::Index(t),
                ];
                found.push(Finding {
                    at,
                    message: format!("no feedback row of this journey has the tag `{tag}`"),
                    hint: format!(
                        "tag the rows that back this pain point in feedback/{}.csv \
                         (`tags` column, several separated by `|`), or remove the tag",
                        journey.id
                    ),
                });
            }
        }
    }
    found
}

/// An emotion as a signed number and its word: `−1 (negative)`, `+1.2 (positive)`.
pub fn emotion_words(value: f64, decimals: usize) -> String {
    let shown = format!("{:.decimals$}", value.abs());
    let zero = shown.chars().all(|c| c == '0' || c == '.');
    let sign = match () {
        _ if zero => "",
        _ if value < 0.0 => "\u{2212}",
        _ => "+",
    };
    let word = match value.round() as i64 {
        2.. => "very positive",
        1 => "positive",
        0 => "neutral",
        -1 => "negative",
        _ => "very negative",
    };
    format!("{sign}{shown} ({word})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emotions_read_with_sign_and_word() {
        assert_eq!(emotion_words(-1.0, 0), "\u{2212}1 (negative)");
        assert_eq!(emotion_words(1.2, 1), "+1.2 (positive)");
        assert_eq!(emotion_words(0.0, 0), "0 (neutral)");
        assert_eq!(emotion_words(-0.04, 1), "0.0 (neutral)");
        assert_eq!(emotion_words(1.5, 1), "+1.5 (very positive)");
        assert_eq!(emotion_words(-2.0, 1), "\u{2212}2.0 (very negative)");
    }

    #[test]
    fn a_difference_of_one_disagrees_despite_rounding() {
        assert!(disagrees(-2.0 + 4.0 * 0.75, 0));
        assert!(disagrees(0.1 + 0.2 + 0.7 - 2.0, 0));
        assert!(!disagrees(0.99, 0));
    }
}
