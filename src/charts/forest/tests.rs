//! Tests of the chart.

use super::*;
use crate::charts::test_support::{assert_texts_fit, en, texts, title_and_desc};

fn row(
    name: &str,
    difference: f64,
    low: f64,
    high: f64,
    verdict: &str,
    tone: ForestTone,
) -> ForestRow {
    ForestRow {
        name: name.into(),
        difference,
        low,
        high,
        verdict: verdict.into(),
        tone,
    }
}

fn panels() -> Vec<ForestPanel> {
    vec![
        ForestPanel {
            title: "Conversion: difference in percentage points, variant less control".into(),
            rate: true,
            unit: "percent".into(),
            rows: vec![
                row(
                    "Delivery date",
                    0.0052,
                    0.0002,
                    0.0102,
                    "Improved",
                    ForestTone::Good,
                ),
                row(
                    "Guest checkout",
                    0.0022,
                    -0.0027,
                    0.0072,
                    "Inconclusive",
                    ForestTone::Neutral,
                ),
            ],
        },
        ForestPanel {
            title: "Time in stage: difference of means, variant less control".into(),
            rate: false,
            unit: "days".into(),
            rows: vec![row(
                "SMS tracking",
                -0.3,
                -0.4,
                -0.2,
                "Running",
                ForestTone::Running,
            )],
        },
    ]
}

#[test]
fn every_experiment_is_a_named_row_with_its_verdict_in_words() {
    let svg = forest_plot("chart-forest", "Experiments: Ordering", &panels(), en());
    let (title, desc) = title_and_desc(&svg);
    assert_eq!(title, "Experiments: Ordering");
    assert_eq!(
        desc,
        "3 experiments, each difference with its 95% interval against zero: 1 improved, 0 worsened, 1 still running."
    );
    let words = texts(&svg);
    for expected in [
        "Delivery date",
        "Guest checkout",
        "SMS tracking",
        "Improved",
        "Inconclusive",
        "Running",
    ] {
        assert!(
            words.iter().any(|w| w == expected),
            "{expected} not in {words:?}"
        );
    }
    assert_texts_fit(&svg);
}

#[test]
fn rate_panels_count_in_percentage_points() {
    let svg = forest_plot("chart-forest", "Experiments", &panels()[..1], en());
    let words = texts(&svg);
    assert!(words.iter().any(|w| w == "0 pp"), "{words:?}");
}

#[test]
fn without_experiments_the_chart_says_so() {
    let svg = forest_plot("chart-forest", "Experiments", &[], en());
    let (_, desc) = title_and_desc(&svg);
    assert_eq!(desc, "No experiments.");
}
