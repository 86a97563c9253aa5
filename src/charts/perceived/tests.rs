//! Tests of the chart.

use super::*;
use crate::charts::test_support::{assert_texts_fit, en, texts, title_and_desc};

fn row(stage: &str, map: Option<i8>, perceived: Option<f64>, mismatch: bool) -> PerceivedRow {
    PerceivedRow {
        stage: stage.into(),
        map,
        perceived,
        mismatch,
    }
}

fn chart(rows: &[PerceivedRow]) -> String {
    perceived_chart(
        "chart-perceived",
        "The map against the customers",
        rows,
        en(),
    )
}

#[test]
fn a_mismatch_is_named_in_words_in_the_chart_and_its_description() {
    let svg = chart(&[
        row("Order", Some(1), Some(0.6), false),
        row("Porting", Some(-1), Some(1.2), true),
        row("Support", Some(2), None, false),
    ]);
    let (_, desc) = title_and_desc(&svg);
    assert!(
        desc.starts_with("1 of 2 stages contradicts the map: Porting"),
        "{desc}"
    );
    assert!(
        desc.contains("map −1") && desc.contains("customers +1.2"),
        "{desc}"
    );
    let words = texts(&svg);
    assert_eq!(
        words.iter().filter(|w| w.contains("mismatch")).count(),
        1,
        "{words:?}"
    );
    assert_texts_fit(&svg);
}

#[test]
fn agreeing_stages_are_described_as_agreeing() {
    let svg = chart(&[
        row("Order", Some(1), Some(0.6), false),
        row("Porting", Some(0), Some(0.2), false),
    ]);
    let (_, desc) = title_and_desc(&svg);
    assert_eq!(
        desc,
        "The customers' ratings agree with the map at all 2 stages compared."
    );
}

#[test]
fn with_nothing_to_compare_the_chart_says_so() {
    let svg = chart(&[
        row("Order", None, Some(0.5), false),
        row("Porting", Some(1), None, false),
    ]);
    let (_, desc) = title_and_desc(&svg);
    assert_eq!(
        desc,
        "No stage has both a map emotion and ratings to compare."
    );
}
