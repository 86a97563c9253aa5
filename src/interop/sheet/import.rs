//! A sheet's map as a waymark journey: each stage's cells read by lane, items split,
//! the `{…}` fields of touchpoints, pain points and opportunities applied, emotions
//! read on the scale the sheet uses.

use super::emotion;
use super::grid::{self, Cell};
use super::items::{parse_item, split, unguard};
use super::labels::{Field, Lane};
use super::layout::{self, StageCells, Table};
use crate::diagnostics::Diagnostic;
use crate::interop::slug::{slug, unique};
use crate::interop::{Context, Draft, Reading};
use crate::model::{
    id_problem, Blueprint, Date, Id, JourneyFront, JourneyKind, Opportunity, PainPoint, Stage,
    Touchpoint,
};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;

/// Reads the sheet `bytes` of the file at `path` into a journey for `context`.
pub fn read(bytes: &[u8], path: &Path, context: &Context) -> Reading {
    let mut diagnostics = Vec::new();
    let grid = match grid::read(bytes, path) {
        Ok(grid) => grid,
        Err(d) => {
            return Reading {
                draft: None,
                diagnostics: vec![d],
                notes: Vec::new(),
            }
        }
    };
    let Some(table) = layout::table(&grid, path, &mut diagnostics) else {
        return Reading {
            draft: None,
            diagnostics,
            notes: Vec::new(),
        };
    };
    let mut mapper = Mapper {
        path,
        context,
        diagnostics,
        notes: Vec::new(),
        defaults: Defaults::default(),
    };
    let draft = mapper.journey(&table);
    let Mapper {
        mut diagnostics,
        mut notes,
        defaults,
        ..
    } = mapper;
    notes.extend(defaults.notes());
    diagnostics.sort();
    let draft = draft.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    Reading {
        draft,
        diagnostics,
        notes,
    }
}

/// Counts of values the sheet left out and the importer filled in.
#[derive(Default)]
struct Defaults {
    severities: usize,
    levels: usize,
}

impl Defaults {
    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.severities > 0 {
            notes.push(format!(
                "{} without a severity: set to `medium`; review them in the written journey",
                crate::diagnostics::counted(self.severities, "pain point")
            ));
        }
        if self.levels > 0 {
            notes.push(format!(
                "{} without an impact or effort: set to `medium`; review them in the written journey",
                match self.levels {
                    1 => "1 opportunity".to_string(),
                    n => format!("{n} opportunities"),
                }
            ));
        }
        notes
    }
}

struct Mapper<'a> {
    path: &'a Path,
    context: &'a Context,
    diagnostics: Vec<Diagnostic>,
    notes: Vec<String>,
    defaults: Defaults,
}

impl Mapper<'_> {
    fn error(&mut self, cell: &Cell, message: String, hint: Option<String>) {
        let mut d = Diagnostic::error(self.path, cell.line, cell.column, message);
        d.hint = hint;
        self.diagnostics.push(d);
    }

    fn field<'t>(&self, table: &'t Table, field: Field) -> Option<&'t Cell> {
        table
            .fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| c)
    }

    fn journey(&mut self, table: &Table) -> Option<Draft> {
        let text = |cell: Option<&Cell>| cell.map(|c| value(c).to_string());
        let title_cell = self
            .field(table, Field::Title)
            .filter(|c| !c.text.is_empty());
        let title = text(title_cell)
            .unwrap_or_else(|| crate::interop::site::words(&self.context.file_stem));
        let title_spot = title_cell.map_or((1, 1), |c| (c.line, c.column));
        let kind = match (
            self.context.kind,
            self.field(table, Field::Kind)
                .filter(|c| !c.text.is_empty()),
        ) {
            (Some(kind), _) => kind,
            (None, Some(cell)) => self.keyword(cell, JourneyKind::ALL, "kind")?,
            (None, None) => JourneyKind::CurrentState,
        };
        let updated = match self.field(table, Field::Updated) {
            None => Some(self.context.today),
            Some(cell) if cell.text.is_empty() => None,
            Some(cell) => Some(self.date(cell)?),
        };
        let compare_to = match self
            .field(table, Field::CompareTo)
            .filter(|c| !c.text.is_empty())
        {
            None => None,
            Some(cell) => Some(self.id(cell, "compare_to")?),
        };
        let draft = match self
            .field(table, Field::Draft)
            .filter(|c| !c.text.is_empty())
        {
            None => true,
            Some(cell) => self.yes_no(cell)?,
        };
        if let Some(cell) = self
            .field(table, Field::Persona)
            .filter(|c| !c.text.is_empty())
        {
            self.persona(cell);
        }
        let mut front = JourneyFront {
            title,
            persona: self.context.persona.clone(),
            kind,
            scenario: text(self.field(table, Field::Scenario)).unwrap_or_default(),
            owner: text(self.field(table, Field::Owner)).unwrap_or_default(),
            updated,
            compare_to,
            draft,
            stages: Vec::new(),
        };
        let emotions = self.emotions(table);
        let blueprint = table.lanes.iter().any(|l| l.is_blueprint());
        let mut taken = BTreeSet::new();
        let mut failed = false;
        for (cells, emotion) in table.stages.iter().zip(emotions) {
            match self.stage(cells, emotion, blueprint, &mut taken) {
                Some(stage) => front.stages.push(stage),
                None => failed = true,
            }
        }
        if failed {
            return None;
        }
        if front.stages.is_empty() {
            let cell = Cell {
                text: String::new(),
                line: 1,
                column: 1,
            };
            self.error(
                &cell,
                "the sheet has no stages".into(),
                Some("name the stages in a row labelled `Stage`, one a column".into()),
            );
            return None;
        }
        let body = format!(
            "## Research\n\nImported from the sheet `{}`.\n\n## Notes\n",
            self.context.file_name.replace('`', "'")
        );
        let title_text = front.title.clone();
        Some(Draft {
            stage_spots: table.stages.iter().map(|s| s.spot).collect(),
            front,
            body,
            id_sources: vec![self.context.file_stem.clone(), title_text],
            title_spot,
        })
    }

    /// Warns when the sheet's persona is another persona of the site.
    fn persona(&mut self, cell: &Cell) {
        let named = value(cell);
        let other = self.context.personas.iter().find(|(id, name)| {
            *id != self.context.persona
                && (id.as_str().eq_ignore_ascii_case(named)
                    || name.trim().eq_ignore_ascii_case(named))
        });
        if let Some((id, _)) = other {
            let d = Diagnostic::warning(
                self.path,
                cell.line,
                cell.column,
                format!("the sheet's persona `{named}` is the persona `{id}`, but the journey is imported for `{}`", self.context.persona),
            )
            .with_hint(format!("import it with `--persona {id}` if the journey is theirs"));
            self.diagnostics.push(d);
        }
    }

    fn keyword<T: Copy + std::fmt::Display>(
        &mut self,
        cell: &Cell,
        all: &[T],
        what: &str,
    ) -> Option<T> {
        let text = value(cell).to_lowercase();
        let found = all.iter().copied().find(|k| k.to_string() == text);
        if found.is_none() {
            let names: Vec<String> = all.iter().map(ToString::to_string).collect();
            self.error(
                cell,
                format!("`{}` is not a {what}", cell.text),
                Some(format!("expected one of: {}", names.join(", "))),
            );
        }
        found
    }

    /// `YYYY-MM-DD`, or `DD.MM.YYYY` as spreadsheets in Russian and Latvian write dates.
    fn date(&mut self, cell: &Cell) -> Option<Date> {
        let text = value(cell);
        let parts: Vec<&str> = text.split('.').collect();
        let iso = match parts.as_slice() {
            [day, month, year] if year.len() == 4 => format!("{year}-{month:0>2}-{day:0>2}"),
            _ => text.to_string(),
        };
        match iso.parse::<Date>() {
            Ok(date) => Some(date),
            Err(_) => {
                self.error(
                    cell,
                    format!("`{text}` is not a date"),
                    Some("write it as YYYY-MM-DD (2026-10-01) or DD.MM.YYYY (01.10.2026)".into()),
                );
                None
            }
        }
    }

    fn id(&mut self, cell: &Cell, what: &str) -> Option<Id> {
        let text = value(cell);
        match id_problem(text) {
            None => Id::try_from(text.to_string()).ok(),
            Some(problem) => {
                self.error(
                    cell,
                    format!("{what}: {problem}"),
                    Some("an id is lowercase ASCII letters, digits and `-`".into()),
                );
                None
            }
        }
    }

    fn yes_no(&mut self, cell: &Cell) -> Option<bool> {
        let text = value(cell).to_lowercase();
        match text.as_str() {
            "yes" | "true" | "1" | "y" | "да" | "jā" | "ja" => Some(true),
            "no" | "false" | "0" | "n" | "нет" | "nē" | "ne" => Some(false),
            _ => {
                self.error(
                    cell,
                    format!("`{}` is not yes or no", cell.text),
                    Some("write `yes` (a draft, left off the site) or `no`".into()),
                );
                None
            }
        }
    }

    /// Every stage's emotion (see [`emotion::read`]), its errors reported at their cells.
    fn emotions(&mut self, table: &Table) -> Vec<Option<i64>> {
        let cells: Vec<Option<&Cell>> = table
            .stages
            .iter()
            .map(|stage| {
                stage
                    .lanes
                    .iter()
                    .find(|(l, _)| *l == Lane::Emotion)
                    .map(|(_, c)| c)
            })
            .collect();
        let read = emotion::read(&cells);
        for (cell, message, hint) in read.errors {
            self.error(&cell, message, Some(hint.into()));
        }
        if read.one_to_five {
            self.notes.push("the emotions are read on the scale from 1 to 5 and mapped to waymark's -2..+2 (1 → -2, 3 → 0, 5 → +2)".into());
        }
        read.values
    }

    fn stage(
        &mut self,
        cells: &StageCells,
        emotion: Option<i64>,
        blueprint: bool,
        taken: &mut BTreeSet<String>,
    ) -> Option<Stage> {
        let name_cell = cells.name.clone().unwrap_or(Cell {
            text: String::new(),
            line: cells.spot.0,
            column: cells.spot.1,
        });
        let name = value(&name_cell)
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ");
        let id = match &cells.id {
            Some(cell) => {
                let id = self.id(cell, "stage id")?;
                if !taken.insert(id.to_string()) {
                    self.error(
                        cell,
                        format!("duplicate stage id `{id}`"),
                        Some("stage ids must be unique in a journey".into()),
                    );
                    return None;
                }
                id
            }
            None => Id::try_from(unique(&slug(&name), "stage", taken)).ok()?,
        };
        let lane = |lane: Lane| cells.lanes.iter().find(|(l, _)| *l == lane).map(|(_, c)| c);
        let list = |lane: Lane| lane_cell_items(cells, lane);
        let mut ok = true;
        let mut stage = Stage {
            id,
            name: name.into(),
            goal: lane(Lane::Goal)
                .map(|c| value(c).to_string())
                .unwrap_or_default(),
            actions: list(Lane::Actions),
            thoughts: list(Lane::Thoughts),
            emotion: emotion.and_then(|e| crate::model::Emotion::try_from(e).ok()),
            touchpoints: Vec::new(),
            pain_points: Vec::new(),
            opportunities: Vec::new(),
            blueprint: blueprint.then(|| Blueprint {
                frontstage: list(Lane::Frontstage),
                backstage: list(Lane::Backstage),
                support: list(Lane::Support),
                evidence: list(Lane::Evidence),
            }),
        };
        if let Some(cell) = lane(Lane::Touchpoints) {
            match self.items::<Touchpoint>(cell, "name", &[], &json!({"name": ""}), &mut 0) {
                Some(items) => stage.touchpoints = items,
                None => ok = false,
            }
        }
        if let Some(cell) = lane(Lane::PainPoints) {
            let defaults = [("severity", "medium")];
            let sample = json!({"text": "", "severity": "low"});
            let mut filled = 0;
            let items = self.items::<PainPoint>(cell, "text", &defaults, &sample, &mut filled);
            self.defaults.severities += filled;
            match items {
                Some(items) => stage.pain_points = items,
                None => ok = false,
            }
        }
        if let Some(cell) = lane(Lane::Opportunities) {
            let defaults = [("impact", "medium"), ("effort", "medium")];
            let sample = json!({"text": "", "impact": "low", "effort": "low"});
            let mut filled = 0;
            let items = self.items::<Opportunity>(cell, "text", &defaults, &sample, &mut filled);
            self.defaults.levels += filled;
            match items {
                Some(items) => stage.opportunities = items,
                None => ok = false,
            }
        }
        ok.then_some(stage)
    }

    /// The items of `cell`, each its text (as `text_key`) and the fields of its `{…}`
    /// suffix; a missing field of `defaults` is filled in and counted for a note.
    /// `sample` is a valid item, whose fields are those a suffix may name; `filled_in`
    /// counts the items given a default.
    fn items<T: DeserializeOwned + serde::Serialize>(
        &mut self,
        cell: &Cell,
        text_key: &str,
        defaults: &[(&str, &str)],
        sample: &Value,
        filled_in: &mut usize,
    ) -> Option<Vec<T>> {
        let fields: Vec<String> = serde_json::from_value::<T>(sample.clone())
            .ok()
            .and_then(|t| serde_json::to_value(t).ok())
            .and_then(|v| v.as_object().map(|m| m.keys().cloned().collect()))
            .unwrap_or_default();
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        let mut out = Vec::new();
        let mut ok = true;
        for item in split(unguard(&cell.text)) {
            let (text, attributes) = parse_item(&item, &fields);
            let mut map = attributes.unwrap_or_default();
            if map.contains_key(text_key) {
                self.error(
                    cell,
                    format!("`{text_key}` is the item's text, written before `{{`: {item}"),
                    None,
                );
                ok = false;
                continue;
            }
            let mut filled = false;
            for (key, value) in defaults {
                if !map.contains_key(*key) {
                    map.insert(key.to_string(), json!(value));
                    filled = true;
                }
            }
            *filled_in += usize::from(filled);
            map.insert(text_key.to_string(), json!(text));
            match serde_json::from_value::<T>(Value::Object(map)) {
                Ok(value) => out.push(value),
                Err(err) => {
                    self.error(
                        cell,
                        format!("`{item}`: {err}"),
                        Some(format!("the fields in `{{…}}` are {}", fields.join(", "))),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }
}

/// The text of a cell that holds one value.
pub fn value(cell: &Cell) -> &str {
    unguard(cell.text.trim())
}

/// The items of a stage's cell of `lane`.
fn lane_cell_items(cells: &StageCells, lane: Lane) -> Vec<String> {
    cells
        .lanes
        .iter()
        .find(|(l, _)| *l == lane)
        .map(|(_, c)| split(unguard(&c.text)))
        .unwrap_or_default()
}
