//! A Mermaid journey diagram as a waymark journey: each `section` a stage, each task an
//! action, the stage's emotion the mean of its tasks' scores less 3; the fields of
//! `%% waymark:` lines laid over what the diagram shows.

use super::parse::{parse, Diagram, Section, Spot};
use crate::diagnostics::Diagnostic;
use crate::interop::slug::{slug, unique};
use crate::interop::{Context, Draft, Reading};
use crate::model::{JourneyFront, Stage};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::path::Path;

/// Reads the diagram `text` of the file at `path` into a journey for `context`.
pub fn read(text: &str, path: &Path, context: &Context) -> Reading {
    let (diagram, mut diagnostics) = parse(text, path);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Reading {
            draft: None,
            diagnostics,
            notes: Vec::new(),
        };
    }
    let mut mapper = Mapper {
        path,
        context,
        diagnostics: Vec::new(),
    };
    let draft = mapper.journey(&diagram);
    diagnostics.append(&mut mapper.diagnostics);
    let draft = draft.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    Reading {
        draft,
        diagnostics,
        notes: Vec::new(),
    }
}

struct Mapper<'a> {
    path: &'a Path,
    context: &'a Context,
    diagnostics: Vec<Diagnostic>,
}

impl Mapper<'_> {
    fn journey(&mut self, diagram: &Diagram) -> Option<Draft> {
        let stem_title = crate::interop::site::words(&self.context.file_stem);
        let (title, title_spot) = match (&diagram.title, &diagram.front_title, &diagram.acc_title) {
            (Some((title, spot)), _, _) => (title.clone(), *spot),
            (None, Some(title), _) | (None, None, Some(title)) => (title.clone(), (1, 1)),
            (None, None, None) => (stem_title, (1, 1)),
        };
        let mut fields = Map::new();
        fields.insert("title".into(), json!(title));
        fields.insert("kind".into(), json!("current-state"));
        fields.insert(
            "scenario".into(),
            json!(diagram.acc_descr.clone().unwrap_or_default()),
        );
        fields.insert("updated".into(), json!(self.context.today.to_string()));
        fields.insert("draft".into(), json!(true));
        let mut data_spot = title_spot;
        if let Some((data, spot)) = &diagram.journey_data {
            data_spot = *spot;
            for key in ["persona", "stages"] {
                if data.contains_key(key) {
                    self.error(
                        *spot,
                        format!("`{key}` cannot be set in `waymark:journey`"),
                        None,
                    );
                }
            }
            fields.extend(data.clone());
        }
        fields.insert("persona".into(), json!(self.context.persona.as_str()));
        if let Some(kind) = self.context.kind {
            fields.insert("kind".into(), json!(kind.as_str()));
        }
        fields.insert("stages".into(), json!([]));
        let front = serde_json::from_value::<JourneyFront>(Value::Object(fields));
        let mut front = match front {
            Ok(front) => front,
            Err(err) => {
                self.error(
                    data_spot,
                    format!("the journey's waymark fields: {err}"),
                    Some("restore the line as `waymark export mermaid` wrote it, or delete it"),
                );
                return None;
            }
        };
        let mut taken = BTreeSet::new();
        let mut stage_spots = Vec::new();
        let mut failed = false;
        for section in &diagram.sections {
            match self.stage(section, &front.title, &mut taken) {
                Some(stage) => {
                    front.stages.push(stage);
                    stage_spots.push(section.spot);
                }
                None => failed = true,
            }
        }
        if failed {
            return None;
        }
        if front.stages.is_empty() {
            self.error(
                title_spot,
                "the diagram has no `section`: a journey needs at least one stage",
                Some("add `section Stage name` lines, each followed by its tasks"),
            );
            return None;
        }
        let body = self.narrative(diagram, &front.title);
        let mut id_sources = vec![self.context.file_stem.clone()];
        id_sources.push(front.title.clone());
        Some(Draft {
            front,
            body,
            id_sources,
            title_spot,
            stage_spots,
        })
    }

    /// The stage of `section`; its id from `waymark:stage`, else made from its name.
    fn stage(
        &mut self,
        section: &Section,
        title: &str,
        taken: &mut BTreeSet<String>,
    ) -> Option<Stage> {
        let name = match section.name.is_empty() {
            true => title.to_string(),
            false => section.name.clone(),
        };
        let id = match &section.id {
            Some((id, spot)) => {
                if !taken.insert(id.clone()) {
                    self.error(
                        *spot,
                        format!("duplicate stage id `{id}`"),
                        Some("stage ids must be unique in a journey"),
                    );
                    return None;
                }
                id.clone()
            }
            None => unique(&slug(&name), "stage", taken),
        };
        let mut fields = Map::new();
        fields.insert("id".into(), json!(id));
        fields.insert("name".into(), json!(name));
        let actions: Vec<&str> = section.tasks.iter().map(|t| t.name.as_str()).collect();
        fields.insert("actions".into(), json!(actions));
        let data = section.data.as_ref();
        let emotion_given = data.is_some_and(|(d, _)| d.contains_key("emotion"));
        fields.insert(
            "emotion".into(),
            match emotion_given {
                true => Value::Null,
                false => self.emotion(section),
            },
        );
        if let Some((data, spot)) = data {
            if data.contains_key("id") {
                self.error(
                    *spot,
                    "the stage id goes after `waymark:stage=`, not among its fields",
                    None,
                );
            }
            fields.extend(data.clone());
        }
        let spot = data.map_or(section.spot, |(_, spot)| *spot);
        match serde_json::from_value::<Stage>(Value::Object(fields)) {
            Ok(stage) => Some(stage),
            Err(err) => {
                self.error(
                    spot,
                    format!("stage `{id}`: {err}"),
                    Some("restore the line as `waymark export mermaid` wrote it, or delete it"),
                );
                None
            }
        }
    }

    /// The mean of the section's scores less 3 (Mermaid's 1–5 on waymark's −2..+2),
    /// rounded half away from zero with a warning; null without tasks.
    fn emotion(&mut self, section: &Section) -> Value {
        if section.tasks.is_empty() {
            return Value::Null;
        }
        let mean = section.tasks.iter().map(|t| t.score).sum::<f64>() / section.tasks.len() as f64;
        let exact = mean - 3.0;
        let rounded = exact.round();
        if (rounded - exact).abs() > 1e-9 {
            let scores: Vec<String> = section.tasks.iter().map(|t| t.score.to_string()).collect();
            self.diagnostics.push(
                Diagnostic::warning(
                    self.path,
                    section.spot.0,
                    section.spot.1,
                    format!(
                        "the mean score of this section is {} (scores {}): its emotion is {exact:+.2}, rounded to {rounded:+}",
                        round2(mean),
                        scores.join(", "),
                    ),
                )
                .with_hint("waymark's emotions are whole numbers from -2 to +2; edit `emotion:` in the written journey if another fits better"),
            );
        }
        json!(rounded as i64)
    }

    /// The narrative: where the journey came from, the diagram's actors (warning about
    /// an actor who is another persona of the site) and its accessible title.
    fn narrative(&mut self, diagram: &Diagram, title: &str) -> String {
        let mut actors: Vec<(&str, Spot)> = Vec::new();
        for task in diagram.sections.iter().flat_map(|s| &s.tasks) {
            for (actor, spot) in &task.actors {
                if !actors.iter().any(|(a, _)| a == actor) {
                    actors.push((actor, *spot));
                }
            }
        }
        for (actor, spot) in &actors {
            let other = self.context.personas.iter().find(|(id, name)| {
                id != &self.context.persona
                    && (name.trim().eq_ignore_ascii_case(actor)
                        || id.as_str().eq_ignore_ascii_case(actor))
            });
            if let Some((id, _)) = other {
                self.diagnostics.push(
                    Diagnostic::warning(
                        self.path,
                        spot.0,
                        spot.1,
                        format!(
                            "actor `{actor}` is the persona `{id}`, but the journey is imported for `{}`",
                            self.context.persona
                        ),
                    )
                    .with_hint(format!("import it with `--persona {id}` if the journey is theirs")),
                );
            }
        }
        let mut body = format!(
            "## Research\n\nImported from the Mermaid diagram `{}`.\n\n## Notes\n",
            self.context.file_name.replace('`', "'")
        );
        if !actors.is_empty() {
            let names: Vec<&str> = actors.iter().map(|(a, _)| *a).collect();
            body.push_str(&format!(
                "\nActors in the diagram: {}.\n",
                markdown_text(&names.join(", "))
            ));
        }
        if let Some(acc_title) = diagram.acc_title.as_deref().filter(|t| *t != title) {
            body.push_str(&format!(
                "\nAccessible title of the diagram: {}\n",
                markdown_text(acc_title)
            ));
        }
        body
    }

    fn error(&mut self, at: Spot, message: impl Into<String>, hint: Option<&str>) {
        let mut d = Diagnostic::error(self.path, at.0, at.1, message);
        d.hint = hint.map(str::to_string);
        self.diagnostics.push(d);
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `text` for a Markdown paragraph: characters that would start markup are escaped.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#|!~&".contains(c) {
            out.push('\\');
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}
