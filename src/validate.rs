//! Checks that need more than one file or field: references between personas and
//! journeys, ids that must be unique, and opportunities' metrics and experiments
//! (`opportunities.rs`). Field-level checks happen while parsing.

mod opportunities;

use crate::content::locate_in_front_matter;
use crate::diagnostics::Diagnostic;
use crate::model::{Journey, MetricDef};
use crate::yaml::Seg;
use std::collections::{BTreeMap, BTreeSet};

/// Every cross-reference problem of the journeys, each located at its field. `metrics`
/// are site.yaml's, when it read.
pub fn journeys(
    persona_ids: &[&str],
    metrics: Option<&BTreeMap<String, MetricDef>>,
    journeys: &[Journey],
) -> Vec<Diagnostic> {
    let all: Vec<usize> = (0..journeys.len()).collect();
    journeys_among(persona_ids, metrics, journeys, &all)
}

/// The cross-reference problems of `journeys[i]` for each `i` of `which`, against all
/// of `journeys`: what an edit of those journeys alone needs checked.
pub fn journeys_among(
    persona_ids: &[&str],
    metrics: Option<&BTreeMap<String, MetricDef>>,
    journeys: &[Journey],
    which: &[usize],
) -> Vec<Diagnostic> {
    let persona_ids: BTreeSet<&str> = persona_ids.iter().copied().collect();
    let journey_ids: BTreeSet<&str> = journeys.iter().map(|j| j.id.as_str()).collect();
    let mut diagnostics = Vec::new();
    for journey in which.iter().filter_map(|&i| journeys.get(i)) {
        let at = |path: &[Seg]| {
            let (line, column) = locate_in_front_matter(&journey.source, path);
            move |message: String| Diagnostic::error(&journey.source, line, column, message)
        };
        let front = &journey.front;
        if !persona_ids.contains(front.persona.as_str()) {
            diagnostics.push(
                at(&[Seg::Key("persona")])(format!("no persona `{}`", front.persona))
                    .with_hint(known("personas", &persona_ids, "add personas/<id>.md")),
            );
        }
        if let Some(other) = &front.compare_to {
            if other == &journey.id {
                diagnostics.push(at(&[Seg::Key("compare_to")])(
                    "a journey cannot be compared to itself".into(),
                ));
            } else if !journey_ids.contains(other.as_str()) {
                diagnostics.push(
                    at(&[Seg::Key("compare_to")])(format!("no journey `{other}` to compare to"))
                        .with_hint(known("journeys", &journey_ids, "add journeys/<id>.md")),
                );
            }
        }
        if front.stages.is_empty() {
            diagnostics.push(
                at(&[Seg::Key("stages")])("a journey needs at least one stage".into())
                    .with_hint("list the stages under `stages:`, each with an `id` and a `name`"),
            );
        }
        let mut stage_lines: BTreeMap<&str, usize> = BTreeMap::new();
        let mut pain_ids: BTreeMap<&str, usize> = BTreeMap::new();
        for (s, stage) in front.stages.iter().enumerate() {
            if let Some(&first) = stage_lines.get(stage.id.as_str()) {
                diagnostics.push(
                    at(&[Seg::Key("stages"), Seg::Index(s), Seg::Key("id")])(format!(
                        "duplicate stage id `{}`",
                        stage.id
                    ))
                    .with_hint(format!(
                        "stage {} already uses it; stage ids must be unique in a journey",
                        first + 1
                    )),
                );
            } else {
                stage_lines.insert(stage.id.as_str(), s);
            }
            for (p, pain) in stage.pain_points.iter().enumerate() {
                let Some(id) = &pain.id else { continue };
                if pain_ids.insert(id.as_str(), s).is_some() {
                    diagnostics.push(
                        at(&[
                            Seg::Key("stages"),
                            Seg::Index(s),
                            Seg::Key("pain_points"),
                            Seg::Index(p),
                            Seg::Key("id"),
                        ])(format!("duplicate pain point id `{id}`"))
                        .with_hint("pain point ids must be unique in a journey"),
                    );
                }
            }
        }
        let all_pain_ids: BTreeSet<&str> = pain_ids.keys().copied().collect();
        for (s, stage) in front.stages.iter().enumerate() {
            for (o, opportunity) in stage.opportunities.iter().enumerate() {
                for (a, target) in opportunity.addresses.iter().enumerate() {
                    if !all_pain_ids.contains(target.as_str()) {
                        let path = [
                            Seg::Key("stages"),
                            Seg::Index(s),
                            Seg::Key("opportunities"),
                            Seg::Index(o),
                            Seg::Key("addresses"),
                            Seg::Index(a),
                        ];
                        diagnostics.push(
                            at(&path)(format!(
                                "`addresses` names no pain point `{target}` of this journey"
                            ))
                            .with_hint(known(
                                "pain point ids",
                                &all_pain_ids,
                                "give the pain point an `id`",
                            )),
                        );
                    }
                }
            }
        }
        for problem in opportunities::problems(journey, metrics) {
            let diagnostic = at(&problem.path)(problem.message);
            diagnostics.push(match problem.hint {
                Some(hint) => diagnostic.with_hint(hint),
                None => diagnostic,
            });
        }
    }
    diagnostics
}

/// A hint listing the known ids, shortened when there are many.
fn known(what: &str, ids: &BTreeSet<&str>, otherwise: &str) -> String {
    if ids.is_empty() {
        return format!("there are no {what} yet; {otherwise}");
    }
    let shown: Vec<&str> = ids.iter().take(10).copied().collect();
    let more = if ids.len() > shown.len() {
        format!(" and {} more", ids.len() - shown.len())
    } else {
        String::new()
    };
    format!("known {what}: {}{more}", shown.join(", "))
}
