//! A journey as a Mermaid `journey` diagram: one task per action (the goal, else the
//! stage's name, when a stage has none), scored emotion + 3, the persona as the actor.
//! What Mermaid does not draw is kept in `%% waymark:` lines as compact JSON, so that
//! importing the diagram gives back the same journey.

use super::escape::{self, Place};
use crate::interop::front_matter::left_out;
use crate::model::{Journey, Persona, Stage};
use serde_json::{json, Map, Value};

/// The Mermaid source of `journey`, walked by `persona` (its name is the actor; the
/// persona's id when the persona is not given).
pub fn mermaid_source(journey: &Journey, persona: Option<&Persona>) -> String {
    let front = &journey.front;
    let actor = persona
        .map(|p| p.front.name.trim())
        .filter(|name| !name.is_empty())
        .unwrap_or(front.persona.as_str());
    let mut out = String::from("journey\n");
    out.push_str(&format!(
        "    %% From waymark: journeys/{}.md. The waymark: lines keep the fields the diagram does not show.\n",
        journey.id
    ));
    let mut carried = Map::new();
    if front.title.is_empty() {
        carried.insert("title".into(), json!(""));
    } else {
        out.push_str(&format!(
            "    title {}\n",
            escape::visible(&front.title, Place::Title)
        ));
    }
    if !front.scenario.is_empty() {
        out.push_str(&format!(
            "    accDescr: {}\n",
            escape::visible(&front.scenario, Place::Description)
        ));
    }
    let mut fields = match serde_json::to_value(front) {
        Ok(Value::Object(fields)) => fields,
        _ => Map::new(),
    };
    // The stages as the journey's serialization holds them, for their own lines.
    let stage_fields = match fields.remove("stages") {
        Some(Value::Array(stages)) if stages.len() == front.stages.len() => stages,
        _ => Vec::new(),
    };
    for key in ["title", "persona", "scenario"] {
        fields.remove(key);
    }
    // `updated` and `draft` stay even when empty: without them an import takes today
    // and marks the journey a draft.
    fields.retain(|key, value| key == "updated" || key == "draft" || !left_out(key, value));
    fields.append(&mut carried);
    out.push_str(&format!(
        "    %% waymark:journey {}\n",
        comment_json(fields)
    ));
    let actor = escape::visible(actor, Place::Actor);
    let mut stage_fields = stage_fields.into_iter();
    for stage in &front.stages {
        stage_lines(&mut out, stage, stage_fields.next(), &actor);
    }
    out
}

/// The `section`, its `waymark:stage` line and its tasks; `serialized` is the stage as
/// its journey's serialization holds it, if at hand.
fn stage_lines(out: &mut String, stage: &Stage, serialized: Option<Value>, actor: &str) {
    let serialized = serialized.map_or_else(|| serde_json::to_value(stage), Ok);
    let mut fields = match serialized {
        Ok(Value::Object(fields)) => fields,
        _ => Map::new(),
    };
    for key in ["id", "name", "actions", "emotion"] {
        fields.remove(key);
    }
    fields.retain(|key, value| !left_out(key, value));
    let name = match stage.name.is_empty() {
        true => {
            fields.insert("name".into(), json!(""));
            stage.id.as_str()
        }
        false => stage.name.as_ref(),
    };
    out.push_str(&format!(
        "    section {}\n",
        escape::visible(name, Place::Section)
    ));
    let tasks: Vec<&str> = match stage.actions.iter().any(|a| a.is_empty()) {
        false if !stage.actions.is_empty() => stage.actions.iter().map(String::as_str).collect(),
        _ => {
            // The diagram needs a task to draw the stage; the fields say it is none.
            fields.insert("actions".into(), json!(stage.actions));
            let stand_in = [stage.goal.as_str(), stage.name.as_ref(), stage.id.as_str()];
            vec![stand_in.into_iter().find(|t| !t.is_empty()).unwrap_or("—")]
        }
    };
    let score = match stage.emotion {
        Some(emotion) => emotion.value() + 3,
        None => {
            fields.insert("emotion".into(), Value::Null);
            3
        }
    };
    let data = match fields.is_empty() {
        true => String::new(),
        false => format!(" {}", comment_json(fields)),
    };
    out.push_str(&format!("        %% waymark:stage={}{data}\n", stage.id));
    for task in tasks {
        out.push_str(&format!(
            "        {}: {score}: {actor}\n",
            escape::visible(task, Place::Task)
        ));
    }
}

/// `fields` as one line of JSON that cannot end a Mermaid comment or start a directive;
/// empty fields of the items inside are left out, as the journey file leaves them out.
fn comment_json(fields: Map<String, Value>) -> String {
    let fields: Map<String, Value> = fields
        .into_iter()
        .map(|(k, v)| (k, without_empty(v)))
        .collect();
    let json = serde_json::to_string(&fields).unwrap_or_else(|_| "{}".into());
    // `%%{` anywhere would be read as a directive; JSON reads `\u0025` as `%`.
    if json.contains('%') {
        json.replace('%', "\\u0025")
    } else {
        json
    }
}

/// `value` with the empty fields of every object inside it left out.
fn without_empty(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(without_empty).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, v)| !left_out(k, v))
                .map(|(k, v)| (k, without_empty(v)))
                .collect(),
        ),
        other => other,
    }
}
