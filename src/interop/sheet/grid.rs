//! A CSV file as a grid of cells, each with the line and column it starts at, read as
//! the metrics reader reads spreadsheets from any locale (a UTF-8 BOM, `,` `;` or tab
//! delimiters, CRLF, quoted fields over several lines).

use crate::diagnostics::Diagnostic;
use crate::metrics::{leading_breaks, locate, sniff};
use std::path::Path;

/// A journey map is a few hundred cells; anything this large is not one.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// One cell: its text (without the spaces around it) and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    pub line: usize,
    pub column: usize,
}

/// The rows of the file, each a list of cells; blank rows are kept (as empty lists of
/// cells) so that rows keep their index.
#[derive(Debug, Default)]
pub struct Grid {
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    /// The cell at `row`, `column`, if it has text.
    pub fn get(&self, row: usize, column: usize) -> Option<&Cell> {
        self.rows
            .get(row)?
            .get(column)
            .filter(|c| !c.text.is_empty())
    }

    /// The number of columns of the widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// Reads `bytes`, the content of the file at `path`.
pub fn read(bytes: &[u8], path: &Path) -> Result<Grid, Diagnostic> {
    if bytes.len() > MAX_BYTES {
        return Err(Diagnostic::in_file(
            path,
            format!(
                "the file has {} MB: a journey map's sheet is far smaller",
                bytes.len() / (1024 * 1024)
            ),
        )
        .with_hint("export the one sheet that holds the journey map"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = sniff(&mut &bytes[..]).map(|s| s.delimiter).unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut grid = Grid::default();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line() as usize);
                return Err(Diagnostic::error(
                    path,
                    line,
                    1,
                    format!("cannot read the file: {err}"),
                ));
            }
        }
        let (byte, line) = record
            .position()
            .map_or((0, 1), |p| (p.byte() as usize, p.line() as usize));
        let raw = bytes.get(byte..).unwrap_or_default();
        let (skipped, breaks) = leading_breaks(raw);
        let raw = &raw[skipped..];
        let line = line + breaks;
        // csv numbers lines of the records it skipped as blank; keep rows aligned to
        // them so that a row's index says nothing, only its cells' lines do.
        let mut cells = Vec::with_capacity(record.len());
        for (index, field) in record.iter().enumerate() {
            let (lines, column) = locate(raw, delimiter, index);
            let text = std::str::from_utf8(field).map_err(|err| {
                let valid = std::str::from_utf8(&field[..err.valid_up_to()]).unwrap_or_default();
                let in_cell = valid.chars().count();
                Diagnostic::error(
                    path,
                    line + lines,
                    column + in_cell,
                    "the file is not valid UTF-8 text",
                )
                .with_hint("save the sheet as \"CSV UTF-8\" (Excel: File → Save As → CSV UTF-8)")
            })?;
            // Blanks around the text go, but not a line break: a cell on several lines
            // holds its items one a line, even when there is one.
            let text = match text.trim().is_empty() {
                true => "",
                false => text.trim_matches(' '),
            };
            cells.push(Cell {
                text: text.to_string(),
                line: line + lines,
                column,
            });
        }
        grid.rows.push(cells);
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_know_where_they_are() {
        let grid = read(
            "\u{feff}Stage;Поиск;\"Buy;\nnow\"\r\nGoal; find ;pay\r\n".as_bytes(),
            Path::new("s.csv"),
        )
        .unwrap();
        let texts: Vec<Vec<&str>> = grid
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            [
                vec!["Stage", "Поиск", "Buy;\nnow"],
                vec!["Goal", "find", "pay"]
            ]
        );
        assert_eq!((grid.rows[0][2].line, grid.rows[0][2].column), (1, 13));
        assert_eq!((grid.rows[1][2].line, grid.rows[1][2].column), (3, 13));
    }

    #[test]
    fn bad_bytes_are_located() {
        let err = read(b"Goal,ok\nActions,a\xffb\n", Path::new("s.csv")).unwrap_err();
        assert_eq!((err.line, err.column), (2, 10));
    }
}
