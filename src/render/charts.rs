//! From the model and its analysis to the data each chart takes.

use crate::charts::{self, EmotionSeries, LegendEntry, PersonaCurve};
use crate::model::{Journey, Persona};

/// The journey's emotion curve, with the `compare_to` journey overlaid: its stages are
/// matched by id where the two share ids, else by position.
pub fn emotion(journey: &Journey, compare: Option<&Journey>) -> String {
    let stages: Vec<String> = journey
        .front
        .stages
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let mut series = vec![EmotionSeries {
        name: journey.front.title.clone(),
        values: journey
            .front
            .stages
            .iter()
            .map(|s| s.emotion.map(|e| e.value()))
            .collect(),
    }];
    if let Some(other) = compare {
        let shares_ids = journey
            .front
            .stages
            .iter()
            .any(|s| other.front.stages.iter().any(|o| o.id == s.id));
        let values = journey
            .front
            .stages
            .iter()
            .enumerate()
            .map(|(i, stage)| {
                let matched = if shares_ids {
                    other.front.stages.iter().find(|o| o.id == stage.id)
                } else {
                    other.front.stages.get(i)
                };
                matched.and_then(|o| o.emotion.map(|e| e.value()))
            })
            .collect();
        series.push(EmotionSeries {
            name: other.front.title.clone(),
            values,
        });
    }
    charts::emotion_curve(
        "chart-emotion",
        &format!("Emotion curve: {}", journey.front.title),
        &stages,
        &series,
    )
}

/// The emotion curves of every journey of `persona`, overlaid, and their legend.
pub fn persona(persona: &Persona, journeys: &[&Journey]) -> (String, Vec<LegendEntry>) {
    let curves: Vec<PersonaCurve> = journeys
        .iter()
        .map(|j| PersonaCurve {
            journey: j.front.title.clone(),
            values: j
                .front
                .stages
                .iter()
                .map(|s| s.emotion.map(|e| e.value()))
                .collect(),
        })
        .collect();
    charts::persona_curves(
        "chart-persona",
        &format!("Emotion through the journeys of {}", persona.front.name),
        &curves,
    )
}
