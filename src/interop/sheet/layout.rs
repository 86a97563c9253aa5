//! Finding the journey map in a grid of cells: lanes as rows and stages as columns (the
//! NN/g template, most Miro and Excel exports), or the transposed form, told apart by
//! where the known lane labels are; journey fields as a label and a value above it.

use super::grid::{Cell, Grid};
use super::labels::{self, Field, Label, Lane};
use crate::diagnostics::Diagnostic;
use std::path::Path;

/// The labels searched for the column of lane labels, from the left.
const LABEL_COLUMNS: usize = 4;

/// The map's cells, sorted out of the grid.
#[derive(Debug, Default)]
pub struct Table {
    /// Journey fields and the cell of each value.
    pub fields: Vec<(Field, Cell)>,
    pub stages: Vec<StageCells>,
    /// The lanes the sheet has, whether or not any stage fills them.
    pub lanes: Vec<Lane>,
}

/// The cells of one stage.
#[derive(Debug, Default)]
pub struct StageCells {
    pub name: Option<Cell>,
    pub id: Option<Cell>,
    pub lanes: Vec<(Lane, Cell)>,
    /// Where the stage is in the file (its name, else its first cell).
    pub spot: (usize, usize),
}

/// Sorts `grid` into a [`Table`]; problems go into `diagnostics` (an error when no
/// lane label is found).
pub fn table(grid: &Grid, path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Table> {
    let is_lane = |cell: &Cell| {
        matches!(
            labels::label(&cell.text),
            Some(Label::Lane(_) | Label::StageId)
        )
    };
    let row_scores: Vec<usize> = grid
        .rows
        .iter()
        .map(|row| row.iter().filter(|c| is_lane(c)).count())
        .collect();
    let column_scores: Vec<usize> = (0..grid.width().min(LABEL_COLUMNS))
        .map(|c| {
            grid.rows
                .iter()
                .filter(|row| row.get(c).is_some_and(is_lane))
                .count()
        })
        .collect();
    let best = |scores: &[usize]| {
        scores.iter().enumerate().fold(
            (0, 0),
            |best, (i, &n)| if n > best.1 { (i, n) } else { best },
        )
    };
    let (label_column, by_column) = best(&column_scores);
    let (header_row, by_row) = best(&row_scores);
    if by_column == 0 && by_row == 0 {
        diagnostics.push(
            Diagnostic::error(path, 1, 1, "no lane labels found: this does not look like a journey map")
                .with_hint(format!(
                    "label the rows (or columns) of the map with lane names such as {} (or Цель, Действия…, Mērķis, Darbības…)",
                    labels::lane_names()
                )),
        );
        return None;
    }
    let mut reader = Reader {
        grid,
        path,
        diagnostics,
        table: Table::default(),
    };
    match by_column >= by_row {
        true => reader.wide(label_column),
        false => reader.transposed(header_row),
    }
    Some(reader.table)
}

struct Reader<'a> {
    grid: &'a Grid,
    path: &'a Path,
    diagnostics: &'a mut Vec<Diagnostic>,
    table: Table,
}

impl Reader<'_> {
    fn warn(&mut self, cell: &Cell, message: String, hint: Option<String>) {
        let mut d = Diagnostic::warning(self.path, cell.line, cell.column, message);
        d.hint = hint;
        self.diagnostics.push(d);
    }

    fn unknown_lane(&mut self, cell: &Cell, what: &str) {
        let message = format!("unknown lane `{}`: its {what} is left out", cell.text);
        let hint = format!(
            "the lanes are {}, Stage and Stage id (or their Russian and Latvian names)",
            labels::lane_names()
        );
        self.warn(cell, message, Some(hint));
    }

    /// The first cell with text right of `column` in `row`.
    fn value_after(&self, row: usize, column: usize) -> Option<&Cell> {
        self.grid.rows[row]
            .iter()
            .skip(column + 1)
            .find(|c| !c.text.is_empty())
    }

    fn field(&mut self, field: Field, row: usize, label: &Cell) {
        if self.table.fields.iter().any(|(f, _)| *f == field) {
            self.warn(
                label,
                format!("a second `{}` row is left out", label.text),
                None,
            );
            return;
        }
        let index = self.label_index(row, label);
        let value = self.value_after(row, index).cloned().unwrap_or(Cell {
            text: String::new(),
            line: label.line,
            column: label.column,
        });
        self.table.fields.push((field, value));
    }

    /// The index of `label` in its row.
    fn label_index(&self, row: usize, label: &Cell) -> usize {
        self.grid.rows[row]
            .iter()
            .position(|c| c == label)
            .unwrap_or(0)
    }

    /// Lanes as rows, labelled in `label_column`; stages as the columns right of it.
    fn wide(&mut self, label_column: usize) {
        let mut header: Option<usize> = None;
        // The row of stage names often has nothing in its label cell: the nearest such
        // row above the lanes, unless a row is labelled `Stage`.
        let mut unlabelled_header: Option<usize> = None;
        let mut ids: Option<usize> = None;
        let mut lane_rows: Vec<(Lane, usize)> = Vec::new();
        for (r, row) in self.grid.rows.iter().enumerate() {
            let label = row.get(label_column).filter(|c| !c.text.is_empty());
            let content = row
                .iter()
                .skip(label_column + 1)
                .find(|c| !c.text.is_empty());
            match label.map(|c| (c, labels::label(&c.text))) {
                Some((cell, Some(Label::Field(field)))) => self.field(field, r, cell),
                Some((cell, Some(Label::Stage))) => match header {
                    None => header = Some(r),
                    Some(_) => {
                        self.warn(cell, "a second row of stage names is left out".into(), None)
                    }
                },
                Some((cell, Some(Label::StageId))) => match ids {
                    None => ids = Some(r),
                    Some(_) => {
                        self.warn(cell, "a second row of stage ids is left out".into(), None)
                    }
                },
                Some((cell, Some(Label::Lane(lane)))) => {
                    if lane_rows.iter().any(|(l, _)| *l == lane) {
                        self.warn(
                            cell,
                            format!("a second `{}` row is left out", cell.text),
                            None,
                        );
                    } else {
                        lane_rows.push((lane, r));
                    }
                }
                Some((cell, None)) if content.is_some() => self.unknown_lane(cell, "row"),
                None if content.is_some() && lane_rows.is_empty() && ids.is_none() => {
                    unlabelled_header = Some(r);
                }
                None => {
                    if let Some(cell) = content {
                        let cell = cell.clone();
                        self.warn(
                            &cell,
                            "a row without a lane label is left out".into(),
                            Some(format!(
                                "write the lane's name in column {} of this row",
                                label_column + 1
                            )),
                        );
                    }
                }
                Some((_, None)) => {}
            }
        }
        let header = header.or(unlabelled_header);
        let filled = |r: usize, c: usize| self.grid.get(r, c).is_some();
        let columns: Vec<usize> = match header {
            Some(h) => (label_column + 1..self.grid.width())
                .filter(|&c| filled(h, c))
                .collect(),
            None => (label_column + 1..self.grid.width())
                .filter(|&c| {
                    lane_rows
                        .iter()
                        .map(|(_, r)| *r)
                        .chain(ids)
                        .any(|r| filled(r, c))
                })
                .collect(),
        };
        if header.is_none() && !columns.is_empty() {
            let d = Diagnostic::warning(
                self.path,
                1,
                1,
                "no row of stage names: the stages are named by their column",
            )
            .with_hint("add a row labelled `Stage` with the name of each stage");
            self.diagnostics.push(d);
        }
        for &(lane, r) in &lane_rows {
            self.table.lanes.push(lane);
            self.outside(r, label_column, &columns);
        }
        if let Some(r) = ids {
            self.outside(r, label_column, &columns);
        }
        for (n, &c) in columns.iter().enumerate() {
            let name = header.and_then(|h| self.grid.get(h, c)).cloned();
            let id = ids.and_then(|r| self.grid.get(r, c)).cloned();
            let lanes: Vec<(Lane, Cell)> = lane_rows
                .iter()
                .filter_map(|&(lane, r)| self.grid.get(r, c).map(|cell| (lane, cell.clone())))
                .collect();
            let spot = name
                .as_ref()
                .or(lanes.first().map(|(_, c)| c))
                .map_or((1, 1), |c| (c.line, c.column));
            let name = name.or_else(|| {
                Some(Cell {
                    text: format!("Stage {}", n + 1),
                    line: spot.0,
                    column: spot.1,
                })
            });
            self.table.stages.push(StageCells {
                name,
                id,
                lanes,
                spot,
            });
        }
    }

    /// Warns about the cells of row `r` right of the labels in no stage's column.
    fn outside(&mut self, r: usize, label_column: usize, columns: &[usize]) {
        let stray: Vec<Cell> = self.grid.rows[r]
            .iter()
            .enumerate()
            .skip(label_column + 1)
            .filter(|(c, cell)| !cell.text.is_empty() && !columns.contains(c))
            .map(|(_, cell)| cell.clone())
            .collect();
        for cell in stray {
            self.warn(
                &cell,
                "a value in a column without a stage name is left out".into(),
                Some("name the stage in the row of stage names, or move the value into a stage's column".into()),
            );
        }
    }

    /// Lanes as the columns of `header_row`, one stage a row below it; journey fields
    /// in the rows above it.
    fn transposed(&mut self, header_row: usize) {
        for r in 0..header_row {
            let row = &self.grid.rows[r];
            let Some(label) = row.iter().find(|c| !c.text.is_empty()) else {
                continue;
            };
            let index = self.label_index(r, label);
            let has_value = self.value_after(r, index).is_some();
            match labels::label(&label.text) {
                Some(Label::Field(field)) => {
                    let label = label.clone();
                    self.field(field, r, &label);
                }
                _ if has_value => {
                    let label = label.clone();
                    self.unknown_lane(&label, "row");
                }
                _ => {}
            }
        }
        let mut name_column = None;
        let mut id_column = None;
        let mut lane_columns: Vec<(Lane, usize)> = Vec::new();
        let header: Vec<Cell> = self.grid.rows[header_row].clone();
        let body = header_row + 1..self.grid.rows.len();
        let column_used = |c: usize| body.clone().any(|r| self.grid.get(r, c).is_some());
        for (c, cell) in header.iter().enumerate() {
            match labels::label(&cell.text) {
                Some(Label::Stage) if name_column.is_none() => name_column = Some(c),
                Some(Label::StageId) if id_column.is_none() => id_column = Some(c),
                Some(Label::Lane(lane)) if !lane_columns.iter().any(|(l, _)| *l == lane) => {
                    lane_columns.push((lane, c))
                }
                None if cell.text.is_empty() => {
                    if name_column.is_none() && column_used(c) {
                        name_column = Some(c);
                    }
                }
                None => {
                    if column_used(c) {
                        self.unknown_lane(cell, "column");
                    }
                }
                Some(_) => self.warn(
                    cell,
                    format!("a second `{}` column is left out", cell.text),
                    None,
                ),
            }
        }
        if name_column.is_none() {
            let d = Diagnostic::warning(
                self.path,
                header.first().map_or(1, |c| c.line),
                1,
                "no column of stage names: the stages are named by their row",
            )
            .with_hint("add a column headed `Stage` with the name of each stage");
            self.diagnostics.push(d);
        }
        self.table.lanes = lane_columns.iter().map(|(l, _)| *l).collect();
        for r in body {
            let row = &self.grid.rows[r];
            let Some(first) = row.iter().find(|c| !c.text.is_empty()) else {
                continue;
            };
            let spot = (first.line, first.column);
            let name = name_column
                .and_then(|c| self.grid.get(r, c))
                .cloned()
                .or_else(|| {
                    Some(Cell {
                        text: format!("Stage {}", self.table.stages.len() + 1),
                        line: spot.0,
                        column: spot.1,
                    })
                });
            let id = id_column.and_then(|c| self.grid.get(r, c)).cloned();
            let lanes = lane_columns
                .iter()
                .filter_map(|&(lane, c)| self.grid.get(r, c).map(|cell| (lane, cell.clone())))
                .collect();
            self.table.stages.push(StageCells {
                name,
                id,
                lanes,
                spot,
            });
        }
    }
}
