//! Finding the line and column of a value by its path, for errors found after parsing.

use super::char_column;

/// One step of a path into a YAML document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    number: usize,
    indent: usize,
    text: &'a str,
}

/// The 1-based (line, column) of the value at `path` in `text`, or of its deepest
/// ancestor that could be found. Understands block mappings and sequences with flow
/// (`{ .. }`, `[ .. ]`) values inside them, which is how front-matter is written; other
/// layouts fall back to the nearest ancestor, so an error is never unlocated.
pub fn locate(text: &str, path: &[Seg]) -> (usize, usize) {
    locate_path(text, path).0
}

/// Like [`locate`], also telling whether the whole path was found.
pub(super) fn locate_path(text: &str, path: &[Seg]) -> ((usize, usize), bool) {
    let mut block: Vec<Line> = text
        .lines()
        .enumerate()
        .filter_map(|(i, raw)| {
            let text = raw.trim_start_matches(' ');
            let bare = text.trim();
            (!bare.is_empty() && !bare.starts_with('#')).then(|| Line {
                number: i + 1,
                indent: raw.len() - text.len(),
                text: text.trim_end(),
            })
        })
        .collect();
    let mut found = (1, 1);
    let mut resolved = 0;
    // Set once the path enters a value written on one line, such as `{ id: x }`.
    let mut flow: Option<Line> = None;
    for seg in path {
        if let Some(line) = flow {
            match locate_in_flow(line.text, *seg) {
                Some(offset) => {
                    let rest = &line.text[offset..];
                    let hit = Line {
                        number: line.number,
                        indent: line.indent + offset,
                        text: rest,
                    };
                    found = (hit.number, hit.indent + 1);
                    flow = Some(hit);
                    resolved += 1;
                    continue;
                }
                None => break,
            }
        }
        let Some(first) = block.first() else { break };
        let indent = first.indent;
        let (pos, rest) = match seg {
            Seg::Key(key) => {
                let Some(pos) = block
                    .iter()
                    .position(|l| l.indent == indent && key_of(l.text).is_some_and(|k| k == *key))
                else {
                    break;
                };
                let text = block[pos].text;
                let colon = text.find(':').unwrap_or(text.len());
                (pos, text[colon + 1..].trim_start())
            }
            Seg::Index(n) => {
                let items: Vec<usize> = block
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.indent == indent && is_item(l.text))
                    .map(|(i, _)| i)
                    .collect();
                if items.is_empty() {
                    // A flow sequence after its key: `actions: [a, b]` is handled by flow.
                    break;
                }
                let Some(&pos) = items.get(*n) else { break };
                (pos, block[pos].text[1..].trim_start())
            }
        };
        let line = block[pos];
        found = (line.number, line.indent + 1);
        let rest_offset = line.text.len() - rest.len();
        let children: Vec<Line> = block[pos + 1..]
            .iter()
            .take_while(|l| {
                l.indent > line.indent
                    || (matches!(seg, Seg::Key(_)) && l.indent == line.indent && is_item(l.text))
            })
            .copied()
            .collect();
        let inline = Line {
            number: line.number,
            indent: line.indent + rest_offset,
            text: rest,
        };
        match seg {
            Seg::Key(_) if rest.is_empty() || rest.starts_with('#') => {
                block = children;
                flow = None;
            }
            Seg::Key(_) => {
                found = (inline.number, inline.indent + 1);
                flow = Some(inline);
                block = Vec::new();
            }
            Seg::Index(_) => {
                found = (inline.number, inline.indent + 1);
                if rest.starts_with('{') || rest.starts_with('[') || key_of(rest).is_none() {
                    flow = Some(inline);
                    block = Vec::new();
                } else {
                    // `- key: value` opens a mapping whose first line follows the dash.
                    block = std::iter::once(inline).chain(children).collect();
                    flow = None;
                }
            }
        }
        resolved += 1;
    }
    // `found` counts bytes; diagnostics count characters.
    let line = text.lines().nth(found.0 - 1).unwrap_or("");
    let found = (found.0, char_column(line, found.1 - 1));
    (found, resolved == path.len())
}

fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// The key of a `key: value` line, unquoted.
pub(super) fn key_of(text: &str) -> Option<&str> {
    let colon = text
        .find(": ")
        .or_else(|| text.strip_suffix(':').map(|t| t.len()))?;
    let key = text[..colon].trim();
    let key = key.trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty() && !key.starts_with('-') && !key.starts_with('{')).then_some(key)
}

/// The byte offset of `seg` inside a one-line flow value: the key of a `{ k: v }`
/// mapping, or the n-th element of a `[a, b]` sequence.
fn locate_in_flow(text: &str, seg: Seg) -> Option<usize> {
    let open = text.find(['{', '['])?;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut element = 0usize;
    let mut start = open + 1;
    for (i, c) in text.char_indices().skip_while(|(i, _)| *i < open) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => {
                if depth == 1 {
                    return check_element(text, start, i, element, seg);
                }
                depth -= 1;
            }
            (None, ',') if depth == 1 => {
                if let Some(found) = check_element(text, start, i, element, seg) {
                    return Some(found);
                }
                element += 1;
                start = i + 1;
            }
            _ => {}
        }
    }
    None
}

fn check_element(text: &str, start: usize, end: usize, element: usize, seg: Seg) -> Option<usize> {
    let raw = &text[start..end];
    let offset = start + (raw.len() - raw.trim_start().len());
    match seg {
        Seg::Index(n) if n == element => Some(offset),
        Seg::Key(key) if key_of(raw.trim()).is_some_and(|k| k == key) => Some(offset),
        _ => None,
    }
}
