//! The report as GitHub-flavoured Markdown, for a pull-request comment or a job summary:
//! a heading, the lead, and a table per kind of change. Text from the content is escaped
//! so that none of it becomes markup or HTML; long tables and cells are cut so that a
//! large change still fits a job summary (1 MiB a step).

use super::sections::{lead, sections, Cell, Part};
use super::Report;

/// Rows a table shows; `--format json` lists every change.
const MAX_ROWS: usize = 100;
/// Characters a text of the content keeps, before it is escaped.
const MAX_TEXT: usize = 300;

impl Report {
    /// The report as Markdown. With `preview`, the address of the site as built from the
    /// change (a preview deployment), the titles of journeys and personas link to their
    /// pages there.
    pub fn markdown(&self, preview: Option<&str>) -> String {
        let lead = cell(&lead(self), preview);
        let sections = sections(self);
        // Nothing to show: the lead alone says so, in one line.
        if sections.is_empty() {
            return format!("{lead}\n");
        }
        let mut out = format!("## Journey changes\n\n{lead}\n");
        for section in sections {
            let count = section.rows.len();
            out.push_str(&format!("\n### {} ({count})\n\n", section.title));
            out.push_str(&row(section.headers.iter().map(|h| h.to_string())));
            out.push_str(&row(section.headers.iter().map(|_| "---".to_string())));
            for r in section.rows.iter().take(MAX_ROWS) {
                out.push_str(&row(r.iter().map(|c| cell(c, preview))));
            }
            if count > MAX_ROWS {
                out.push_str(&format!(
                    "\n… and {} more; `waymark diff --format json` lists them all.\n",
                    count - MAX_ROWS
                ));
            }
        }
        out
    }
}

fn row(cells: impl Iterator<Item = String>) -> String {
    let cells: Vec<String> = cells.collect();
    format!("| {} |\n", cells.join(" | "))
}

fn cell(cell: &Cell, preview: Option<&str>) -> String {
    let mut out = String::new();
    for part in cell {
        match part {
            Part::Text(text) => out.push_str(&escape(&shortened(text))),
            Part::Code(code) => out.push_str(&code_span(code)),
            Part::Page { text, path } => match preview {
                Some(base) => out.push_str(&format!(
                    "[{}]({})",
                    escape(&shortened(text)),
                    url(base, path)
                )),
                None => out.push_str(&escape(&shortened(text))),
            },
        }
    }
    out
}

fn shortened(text: &str) -> String {
    match text.char_indices().nth(MAX_TEXT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// `text` with every character that could start markup escaped with a backslash (a
/// CommonMark escape for any ASCII punctuation), and line breaks and other control
/// characters as spaces, so that it stays one table cell of plain text.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '$' | '@' | '!'
            | '#' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An id, revision or location as code; one that holds what a code span cannot (a
/// backtick, a table's `|`, a backslash or a line break) is escaped text instead.
fn code_span(code: &str) -> String {
    match code.contains(['`', '|', '\\']) || code.chars().any(char::is_control) {
        true => escape(code),
        false => format!("`{code}`"),
    }
}

/// The address of `path` on the site at `base`, with every character that could end a
/// link destination or a table cell percent-encoded.
fn url(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    let mut out = String::with_capacity(base.len() + path.len() + 1);
    for byte in format!("{base}/{path}").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => out.push(byte as char),
            b'-' | b'.' | b'_' | b'~' | b':' | b'/' | b'?' | b'#' | b'@' | b'!' | b'$' | b'&'
            | b'\'' | b'*' | b'+' | b',' | b';' | b'=' | b'%' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_keep_their_parts_and_encode_the_rest() {
        assert_eq!(
            url("https://x.example/pr-1/", "journeys/buy.html"),
            "https://x.example/pr-1/journeys/buy.html"
        );
        assert_eq!(url("/a b(c)|/", "x.html"), "/a%20b%28c%29%7C/x.html");
    }

    #[test]
    fn code_that_a_span_cannot_hold_is_escaped_text() {
        assert_eq!(code_span("buy-online"), "`buy-online`");
        assert_eq!(code_span("a`b|c"), "a\\`b\\|c");
    }
}
