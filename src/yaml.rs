//! The one place that knows the YAML library: typed deserialization with located errors,
//! and finding the line of a value by its path for errors found after parsing.

use serde::de::DeserializeOwned;

/// A YAML problem at a 1-based line and column of the parsed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Deserializes `text` into `T`, reporting where the first problem is.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if text.trim().is_empty() {
        return Err(YamlError {
            line: 1,
            column: 1,
            message: "the YAML is empty: expected a mapping of fields".into(),
        });
    }
    serde_yaml::from_str(text).map_err(|err| {
        let mut at = err
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        let message = clean_message(&err.to_string());
        // Errors raised by value checks (such as the emotion range) are placed by serde_yaml
        // at the start of the enclosing mapping; the path in the message finds the value.
        if let Some(path) = message_path(&message) {
            let segs: Vec<Seg> = path.iter().map(PathPart::as_seg).collect();
            if let (found, true) = locate_path(text, &segs) {
                at = at.max(found);
                // The path stops at the mapping; the value the message quotes is inside it.
                if let Some(needle) = quoted_value(&message) {
                    at = find_within(text, found.0, &needle).unwrap_or(at);
                }
            }
        }
        YamlError {
            line: at.0,
            column: at.1,
            message,
        }
    })
}

/// The offending value a check quoted in its message: `` `x` `` or `emotion 3`.
fn quoted_value(message: &str) -> Option<String> {
    let (_, rest) = message.split_once(": ")?;
    if let Some(after) = rest.strip_prefix("emotion ") {
        return Some(format!("emotion: {}", after.split_whitespace().next()?));
    }
    let start = rest.find('`')? + 1;
    let end = start + rest[start..].find('`')?;
    (end > start).then(|| rest[start..end].to_string())
}

/// The first place of `needle` in the block that starts at 1-based `line` (that line and
/// the lines indented deeper after it).
fn find_within(text: &str, line: usize, needle: &str) -> Option<(usize, usize)> {
    let mut lines = text.lines().enumerate().skip(line - 1);
    let (_, first) = lines.next()?;
    let indent = first.len() - first.trim_start().len();
    if let Some(col) = first.find(needle) {
        return Some((line, col + 1));
    }
    for (i, l) in lines {
        if l.trim().is_empty() {
            continue;
        }
        if l.len() - l.trim_start().len() <= indent {
            break;
        }
        if let Some(col) = l.find(needle) {
            return Some((i + 1, col + 1));
        }
    }
    None
}

enum PathPart {
    Key(String),
    Index(usize),
}

impl PathPart {
    fn as_seg(&self) -> Seg<'_> {
        match self {
            PathPart::Key(k) => Seg::Key(k),
            PathPart::Index(i) => Seg::Index(*i),
        }
    }
}

/// The path that prefixes a serde_yaml message, such as `stages[0].emotion: ...`.
fn message_path(message: &str) -> Option<Vec<PathPart>> {
    let (prefix, _) = message.split_once(": ")?;
    if prefix.is_empty()
        || !prefix
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.[]".contains(c))
    {
        return None;
    }
    let mut parts = Vec::new();
    for piece in prefix.split('.') {
        let (key, indices) = piece
            .split_once('[')
            .map_or((piece, ""), |(k, rest)| (k, rest));
        if !key.is_empty() {
            parts.push(PathPart::Key(key.to_string()));
        }
        for index in indices.split('[') {
            let index = index.trim_end_matches(']');
            if !index.is_empty() {
                parts.push(PathPart::Index(index.parse().ok()?));
            }
        }
    }
    Some(parts)
}

/// serde_yaml appends " at line L column C" (we report that separately) and uses Rust
/// type names in a few messages that mean nothing to a content author.
fn clean_message(raw: &str) -> String {
    let mut msg = match raw.rfind(" at line ") {
        Some(i) if raw[i..].contains(" column ") => raw[..i].to_string(),
        _ => raw.to_string(),
    };
    for (rust, words) in [
        ("expected i64", "expected an integer"),
        ("expected u32", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected true or false"),
        ("expected a string", "expected text"),
        ("expected a sequence", "expected a list"),
        ("expected struct ", "expected a mapping: "),
        ("expected a map", "expected a mapping"),
    ] {
        msg = msg.replace(rust, words);
    }
    msg
}

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
fn locate_path(text: &str, path: &[Seg]) -> ((usize, usize), bool) {
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
    (found, resolved == path.len())
}

fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// The key of a `key: value` line, unquoted.
fn key_of(text: &str) -> Option<&str> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    const DOC: &str = "title: Buying\npersona: anna\nstages:\n  - id: awareness\n    name: Aware\n    pain_points:\n      - { id: slow, text: Slow, severity: high }\n      - { id: vague, text: \"Vague, odd\", severity: low }\n  - id: purchase\n    opportunities:\n      - text: Faster\n        addresses: [slow, nope]\n";

    #[test]
    fn locates_keys_items_and_flow_values() {
        assert_eq!(locate(DOC, &[Seg::Key("persona")]), (2, 10));
        assert_eq!(
            locate(DOC, &[Seg::Key("stages"), Seg::Index(1), Seg::Key("id")]),
            (9, 9)
        );
        let severity = [
            Seg::Key("stages"),
            Seg::Index(0),
            Seg::Key("pain_points"),
            Seg::Index(1),
            Seg::Key("severity"),
        ];
        assert_eq!(locate(DOC, &severity), (8, 42));
        let address = [
            Seg::Key("stages"),
            Seg::Index(1),
            Seg::Key("opportunities"),
            Seg::Index(0),
            Seg::Key("addresses"),
            Seg::Index(1),
        ];
        assert_eq!(locate(DOC, &address), (12, 27));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        assert_eq!(locate(DOC, &[Seg::Key("stages"), Seg::Index(7)]), (3, 1));
        assert_eq!(locate(DOC, &[Seg::Key("nothing")]), (1, 1));
    }

    #[test]
    fn sequences_may_sit_at_the_indent_of_their_key() {
        let doc = "stages:\n- id: a\n- id: b\nother: 1\n";
        assert_eq!(
            locate(doc, &[Seg::Key("stages"), Seg::Index(1), Seg::Key("id")]),
            (3, 7)
        );
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Person {
        name: String,
        age: i64,
    }

    #[test]
    fn errors_carry_their_location_and_a_plain_message() {
        let err = from_str::<Person>("name: A\nrol: x\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(
            err.message.contains("unknown field `rol`"),
            "{}",
            err.message
        );
        assert!(!err.message.contains(" at line "));
        let err = from_str::<Person>("name: A\nage: old\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(
            err.message.contains("expected an integer"),
            "{}",
            err.message
        );
        assert!(from_str::<Person>("  \n").is_err());
    }
}
