//! The portfolio as tidy tables for BI tools (Power BI, Looker Studio, Excel): one CSV
//! a kind of thing, one thing a row, joined by the ids in their first columns (`journey`,
//! then `stage`), with the analysis the pages show (health, priorities, quadrants).

use super::sheet::guard_cell;
use super::site::write_file;
use super::InteropError;
use crate::analysis::Analysis;
use crate::model::Site;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One table: its file name and its CSV bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct TableFile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

/// Every table of `site`: `journeys.csv`, `stages.csv`, `touchpoints.csv`,
/// `pain_points.csv` and `opportunities.csv`. UTF-8 with a BOM (so Excel reads the
/// letters right), `,` between cells, CRLF line ends, numbers with a `.`.
pub fn tables(site: &Site, analysis: &Analysis) -> Vec<TableFile> {
    let mut journeys = Csv::new(&[
        "journey",
        "title",
        "persona",
        "persona_name",
        "kind",
        "owner",
        "updated",
        "draft",
        "stages",
        "mean_emotion",
        "health_score",
        "health_rating",
        "completeness",
    ]);
    let mut stages = Csv::new(&[
        "journey",
        "stage",
        "position",
        "name",
        "goal",
        "emotion",
        "actions",
        "thoughts",
        "touchpoints",
        "pain_points",
        "opportunities",
    ]);
    let mut touchpoints = Csv::new(&[
        "journey", "stage", "position", "name", "channel", "kind", "mode",
    ]);
    let mut pain_points = Csv::new(&[
        "journey",
        "stage",
        "position",
        "pain_point",
        "text",
        "severity",
        "addressed_by",
    ]);
    let mut opportunities = Csv::new(&[
        "journey",
        "stage",
        "position",
        "opportunity",
        "text",
        "impact",
        "effort",
        "owner",
        "status",
        "priority",
        "quadrant",
        "addresses",
    ]);
    for journey in &site.journeys {
        let front = &journey.front;
        let id = journey.id.to_string();
        let found = analysis.journeys.get(&journey.id);
        let persona_name = site
            .persona(front.persona.as_str())
            .map(|p| p.front.name.clone())
            .unwrap_or_default();
        journeys.row(vec![
            id.clone(),
            text(&front.title),
            front.persona.to_string(),
            text(&persona_name),
            front.kind.to_string(),
            text(&front.owner),
            front.updated.map(|d| d.to_string()).unwrap_or_default(),
            front.draft.to_string(),
            front.stages.len().to_string(),
            found
                .and_then(|a| a.health.mean_emotion)
                .map(number)
                .unwrap_or_default(),
            found.map(|a| number(a.health.score)).unwrap_or_default(),
            found.map(|a| word(&a.health.rating)).unwrap_or_default(),
            found
                .map(|a| a.completeness.score.to_string())
                .unwrap_or_default(),
        ]);
        for (position, stage) in front.stages.iter().enumerate() {
            let position = (position + 1).to_string();
            stages.row(vec![
                id.clone(),
                stage.id.to_string(),
                position.clone(),
                text(&stage.name),
                text(&stage.goal),
                stage
                    .emotion
                    .map(|e| e.value().to_string())
                    .unwrap_or_default(),
                stage.actions.len().to_string(),
                stage.thoughts.len().to_string(),
                stage.touchpoints.len().to_string(),
                stage.pain_points.len().to_string(),
                stage.opportunities.len().to_string(),
            ]);
            for touchpoint in &stage.touchpoints {
                touchpoints.row(vec![
                    id.clone(),
                    stage.id.to_string(),
                    position.clone(),
                    text(&touchpoint.name),
                    text(&touchpoint.channel),
                    touchpoint.kind.map(|k| k.to_string()).unwrap_or_default(),
                    touchpoint.mode.map(|m| m.to_string()).unwrap_or_default(),
                ]);
            }
        }
        let Some(analysis) = found else {
            continue;
        };
        for pain in &analysis.pain_points {
            pain_points.row(vec![
                id.clone(),
                pain.stage.to_string(),
                pain.stage_position.to_string(),
                pain.id
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                text(&pain.text),
                pain.severity.to_string(),
                text(&pain.addressed_by.join("; ")),
            ]);
        }
        for opportunity in &analysis.opportunities {
            let addresses: Vec<&str> = opportunity.addresses.iter().map(|a| a.as_str()).collect();
            opportunities.row(vec![
                id.clone(),
                opportunity.stage.to_string(),
                opportunity.stage_position.to_string(),
                opportunity
                    .id
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                text(&opportunity.text),
                opportunity.impact.to_string(),
                opportunity.effort.to_string(),
                text(opportunity.owner.as_deref().unwrap_or_default()),
                opportunity.status.to_string(),
                opportunity.priority.to_string(),
                word(&opportunity.quadrant),
                addresses.join(" "),
            ]);
        }
    }
    vec![
        journeys.finish("journeys.csv"),
        stages.finish("stages.csv"),
        touchpoints.finish("touchpoints.csv"),
        pain_points.finish("pain_points.csv"),
        opportunities.finish("opportunities.csv"),
    ]
}

/// Writes `tables` into `dir`, which is created when missing. Without `force`, nothing
/// is written when any of the files exists.
pub fn write_tables(
    dir: &Path,
    tables: &[TableFile],
    force: bool,
) -> Result<Vec<PathBuf>, InteropError> {
    let paths: Vec<PathBuf> = tables.iter().map(|t| dir.join(t.name)).collect();
    if !force {
        if let Some(taken) = paths.iter().find(|p| p.exists()) {
            return Err(InteropError::usage(
                format!(
                    "{} exists already; nothing was written",
                    crate::diagnostics::display_path(taken).display()
                ),
                "pass `--force` to replace the tables, or `--out` to write them elsewhere",
            ));
        }
    }
    for (table, path) in tables.iter().zip(&paths) {
        write_file(path, &table.bytes, force)?;
    }
    Ok(paths)
}

/// Text that a spreadsheet shows as it is (see [`guard_cell`]).
fn text(value: &str) -> String {
    guard_cell(value)
}

/// A number as BI tools read it: `.` for decimals, at most two of them.
fn number(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{rounded}");
    if text == "-0" {
        "0".into()
    } else {
        text
    }
}

/// A keyword of the analysis as its site.json spelling.
fn word<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A CSV table being written.
struct Csv {
    writer: csv::Writer<Vec<u8>>,
}

impl Csv {
    fn new(header: &[&str]) -> Csv {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(b"\xEF\xBB\xBF".to_vec());
        // Writing into memory cannot fail.
        let _ = writer.write_record(header);
        Csv { writer }
    }

    fn row(&mut self, cells: Vec<String>) {
        let _ = self.writer.write_record(&cells);
    }

    fn finish(self, name: &'static str) -> TableFile {
        TableFile {
            name,
            bytes: self.writer.into_inner().unwrap_or_default(),
        }
    }
}
