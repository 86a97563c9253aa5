//! A CSV file as a grid of cells, each with the line and column it starts at, read as
//! the metrics reader reads spreadsheets from any locale (a UTF-8 BOM, `,` `;` or tab
//! delimiters, CRLF, quoted fields over several lines).

use crate::diagnostics::Diagnostic;
use crate::metrics::{leading_breaks, sniff};
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
        let starts = field_starts(raw, delimiter, record.len());
        let mut cells = Vec::with_capacity(record.len());
        for (index, field) in record.iter().enumerate() {
            let (lines, column) = starts.get(index).copied().unwrap_or((0, 1));
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

/// Where each of the first `count` fields of the record at the start of `raw` begins,
/// as `metrics::locate` finds one field (lines after the record's first, 1-based column
/// in characters), in one pass: a wide sheet has rows of hundreds of long cells.
fn field_starts(raw: &[u8], delimiter: u8, count: usize) -> Vec<(usize, usize)> {
    let mut starts = Vec::with_capacity(count);
    let mut line = 0;
    let mut column = 1;
    let mut in_quotes = false;
    let mut at_field_start = true;
    let mut quoted_field = false;
    let mut previous = 0u8;
    starts.push((0, 1));
    for &b in raw {
        if starts.len() >= count {
            break;
        }
        let starts_char = (b & 0xC0) != 0x80;
        if in_quotes {
            if b == b'"' {
                in_quotes = false;
            } else if b == b'\n' {
                line += 1;
                column = 0;
            }
        } else if b == delimiter {
            column += 1;
            starts.push((line, column));
            at_field_start = true;
            quoted_field = false;
            previous = b;
            continue;
        } else if b == b'\n' || b == b'\r' {
            break;
        } else if b == b'"' && at_field_start {
            in_quotes = true;
            quoted_field = true;
        } else if b == b'"' && quoted_field {
            // A doubled quote inside a quoted field reopens it.
            in_quotes = previous == b'"';
        }
        at_field_start = false;
        if starts_char {
            column += 1;
        }
        previous = b;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_as_the_metrics_reader_finds_them() {
        // The cases of `metrics::raw`'s own test of `locate`.
        let raw = "2026-Q1,\"a,b\",é,x\nnext".as_bytes();
        assert_eq!(
            field_starts(raw, b',', 9),
            [(0, 1), (0, 9), (0, 15), (0, 17)]
        );
        let multi = b"\"line\nbreak\";\"say \"\"hi\"\";\";v\n";
        assert_eq!(field_starts(multi, b';', 3), [(0, 1), (1, 8), (1, 22)]);
        assert_eq!(field_starts(b";;a;;\r\n", b';', 9).len(), 5);
    }

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
