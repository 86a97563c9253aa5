//! Spreadsheets (CSV), both ways: [`read`] makes a journey of a sheet laid out as teams
//! lay out journey maps, and [`sheet_source`] writes a journey as a sheet that reads
//! back the same.

mod emotion;
mod export;
mod grid;
mod import;
mod items;
mod labels;
mod layout;

pub use export::sheet_export;
pub use import::read;

use crate::model::{Journey, Persona};

/// The sheet of `journey` as the bytes of a CSV file (see [`sheet_export`], which also
/// says what the sheet could not hold).
pub fn sheet_source(journey: &Journey, persona: Option<&Persona>) -> Vec<u8> {
    sheet_export(journey, persona).0
}

/// Text as a cell a spreadsheet shows as text, not as a formula.
pub(crate) use items::guard as guard_cell;
