//! A journey as a wide sheet: the journey's fields as label and value, then one column
//! per stage and one row per lane, every lane the journey has; UTF-8 with a BOM and
//! `;` between cells, so Excel in Russian or Latvian locales opens it as it is.

use super::items::{format_item, guard, join};
use super::labels::{Field, Label, Lane};
use crate::model::{Journey, Persona, Stage};
use serde::Serialize;
use serde_json::Value;

/// The fields of items a `{…}` suffix carries: all but the one the cell shows.
const TOUCHPOINT_TEXT: &str = "name";
const ITEM_TEXT: &str = "text";

/// The sheet of `journey` as the bytes of a CSV file, and what it could not hold (an
/// item with a line break, which a cell splits in two, or a blank one).
pub fn sheet_export(journey: &Journey, persona: Option<&Persona>) -> (Vec<u8>, Vec<String>) {
    let front = &journey.front;
    let mut losses = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let field = |f: Field| Label::Field(f).english().to_string();
    let persona_id = persona.map_or(front.persona.as_str(), |p| p.id.as_str());
    rows.push(vec![field(Field::Title), guard(&front.title)]);
    rows.push(vec![field(Field::Persona), persona_id.to_string()]);
    rows.push(vec![field(Field::Kind), front.kind.to_string()]);
    rows.push(vec![field(Field::Scenario), guard(&front.scenario)]);
    rows.push(vec![field(Field::Owner), guard(&front.owner)]);
    rows.push(vec![
        field(Field::Updated),
        front.updated.map(|d| d.to_string()).unwrap_or_default(),
    ]);
    rows.push(vec![
        field(Field::CompareTo),
        front
            .compare_to
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    ]);
    let draft = if front.draft { "yes" } else { "no" };
    rows.push(vec![field(Field::Draft), draft.into()]);
    rows.push(vec![String::new(); front.stages.len() + 1]);
    let mut names = vec![Label::Stage.english().to_string()];
    for stage in &front.stages {
        if stage.name.is_empty() {
            losses.push(format!(
                "stage `{}` has no name: the sheet names it by its id",
                stage.id
            ));
        }
        let name = if stage.name.is_empty() {
            stage.id.as_str()
        } else {
            &stage.name
        };
        names.push(guard(name));
    }
    rows.push(names);
    let mut ids = vec![Label::StageId.english().to_string()];
    ids.extend(front.stages.iter().map(|s| s.id.to_string()));
    rows.push(ids);
    let blueprint = front.stages.iter().any(|s| s.blueprint.is_some());
    for lane in Lane::ALL {
        if lane.is_blueprint() && !blueprint {
            continue;
        }
        let mut row = vec![Label::Lane(lane).english().to_string()];
        for stage in &front.stages {
            row.push(cell(stage, lane, &mut losses));
        }
        rows.push(row);
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in &rows {
        // Writing into memory cannot fail.
        let _ = writer.write_record(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    (bytes, losses)
}

/// The cell of `lane` for `stage`.
fn cell(stage: &Stage, lane: Lane, losses: &mut Vec<String>) -> String {
    let mut list = |items: Vec<String>| {
        if items.is_empty() {
            return String::new();
        }
        match join(&items) {
            Some(cell) => guard(&cell),
            None => {
                losses.push(format!(
                    "stage `{}`: an item of {} is blank or has a line break; the sheet has it as the lines it holds",
                    stage.id,
                    lane.key()
                ));
                let kept: Vec<String> = items
                    .iter()
                    .flat_map(|i| i.lines())
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect();
                guard(&kept.join("\n"))
            }
        }
    };
    let blueprint = stage.blueprint.clone().unwrap_or_default();
    match lane {
        Lane::Goal => guard(&stage.goal),
        Lane::Emotion => stage
            .emotion
            .map(|e| e.value().to_string())
            .unwrap_or_default(),
        Lane::Actions => list(stage.actions.clone()),
        Lane::Thoughts => list(stage.thoughts.clone()),
        Lane::Frontstage => list(blueprint.frontstage),
        Lane::Backstage => list(blueprint.backstage),
        Lane::Support => list(blueprint.support),
        Lane::Evidence => list(blueprint.evidence),
        Lane::Touchpoints => list(items(&stage.touchpoints, TOUCHPOINT_TEXT)),
        Lane::PainPoints => list(items(&stage.pain_points, ITEM_TEXT)),
        Lane::Opportunities => list(items(&stage.opportunities, ITEM_TEXT)),
    }
}

/// Each of `values` as its text (the field `text_key`) and a `{…}` suffix of the rest.
fn items<T: Serialize>(values: &[T], text_key: &str) -> Vec<String> {
    values
        .iter()
        .filter_map(|value| match serde_json::to_value(value) {
            Ok(Value::Object(mut fields)) => {
                let keys: Vec<String> = fields.keys().cloned().collect();
                let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                let text = match fields.remove(text_key) {
                    Some(Value::String(text)) => text,
                    _ => String::new(),
                };
                Some(format_item(&text, &fields, &keys))
            }
            _ => None,
        })
        .collect()
}
