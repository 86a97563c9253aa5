//! Tests of the chart.

use super::*;
use crate::charts::test_support::{assert_texts_fit, en, texts, title_and_desc};

fn row(stage: &str, negative: usize, neutral: usize, positive: usize) -> SentimentRow {
    SentimentRow {
        stage: stage.into(),
        negative,
        neutral,
        positive,
    }
}

fn chart(rows: &[SentimentRow]) -> String {
    sentiment_chart("chart-sentiment", "Sentiment by stage: Buying", rows, en())
}

#[test]
fn the_description_names_the_most_negative_and_most_positive_stages() {
    let svg = chart(&[
        row("Search", 4, 1, 0),
        row("Checkout", 1, 0, 3),
        row("Delivery", 0, 2, 0),
    ]);
    let (title, desc) = title_and_desc(&svg);
    assert_eq!(title, "Sentiment by stage: Buying");
    assert_eq!(
        desc,
        "11 ratings by sentiment per stage. Most negative: Search, 80% negative. \
         Most positive: Checkout, 75% positive."
    );
    assert!(svg.contains(r#"role="img""#));
    assert_texts_fit(&svg);
}

#[test]
fn each_stage_is_labelled_with_its_ratings_and_shares() {
    let svg = chart(&[row("Search", 4, 1, 0), row("Delivery", 0, 0, 0)]);
    let words = texts(&svg);
    for expected in [
        "Search",
        "5 ratings",
        "80%",
        "20%",
        "Delivery",
        "No ratings",
    ] {
        assert!(
            words.iter().any(|w| w == expected),
            "{expected} not in {words:?}"
        );
    }
    assert_texts_fit(&svg);
}

#[test]
fn without_ratings_the_chart_says_so() {
    let svg = chart(&[]);
    let (_, desc) = title_and_desc(&svg);
    assert_eq!(desc, "No stage has ratings.");
}
