//! The report for a terminal: the lead sentence, then each kind of change as a table of
//! aligned columns under its title. Control characters and direction marks of the
//! content are shown as `�`, so that no text can move the cursor, recolour the terminal
//! or turn a line around.

use super::sections::{lead, sections, Cell, Part};
use super::Report;

/// A cell longer than this many characters is cut, with `…`; `--format json` has all.
const MAX_CELL: usize = 120;

impl Report {
    /// The report as plain text, ending in a newline.
    pub fn text(&self) -> String {
        let mut out = plain(&lead(self));
        out.push('\n');
        for section in sections(self) {
            out.push_str(&format!("\n{} ({})\n", section.title, section.rows.len()));
            let header: Vec<String> = section.headers.iter().map(|h| h.to_string()).collect();
            let rows: Vec<Vec<String>> = std::iter::once(header)
                .chain(
                    section
                        .rows
                        .iter()
                        .map(|row| row.iter().map(|c| cut(&plain(c))).collect()),
                )
                .collect();
            let widths: Vec<usize> = (0..section.headers.len())
                .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
                .collect();
            for row in &rows {
                let mut line = String::from(" ");
                for (i, cell) in row.iter().enumerate() {
                    line.push(' ');
                    line.push_str(cell);
                    if i + 1 < row.len() {
                        let pad = widths[i] - cell.chars().count() + 1;
                        line.extend(std::iter::repeat_n(' ', pad));
                    }
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
        out
    }
}

/// A cell's words, with anything that is not printable text replaced.
fn plain(cell: &Cell) -> String {
    cell.iter()
        .map(|part| match part {
            Part::Text(text) | Part::Code(text) | Part::Page { text, .. } => text.as_str(),
        })
        .flat_map(str::chars)
        .map(|c| match unsafe_in_a_terminal(c) {
            true => '\u{FFFD}',
            false => c,
        })
        .collect()
}

/// Control characters (escape sequences start with one) and the marks that reorder
/// text right to left, which could make a line read as something else.
fn unsafe_in_a_terminal(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_CELL) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}
