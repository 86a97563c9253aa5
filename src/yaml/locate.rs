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
    Locator::new(text).locate_path(path)
}

/// Finds many paths in one text: its lines are split once, and where a path went is
/// remembered by its prefixes, so that the fields of one stage are found from the
/// stage rather than from the top. Hundreds of warnings in one file each cost the size
/// of what they are in, not of the file.
pub struct Locator<'t> {
    /// Every line of the text, for the column of a position in characters.
    lines: Vec<&'t str>,
    top: State<'t>,
    /// The state after each path prefix resolved so far.
    reached: std::collections::HashMap<Vec<OwnedSeg>, State<'t>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum OwnedSeg {
    Key(String),
    Index(usize),
}

impl From<Seg<'_>> for OwnedSeg {
    fn from(seg: Seg<'_>) -> Self {
        match seg {
            Seg::Key(key) => OwnedSeg::Key(key.to_string()),
            Seg::Index(n) => OwnedSeg::Index(n),
        }
    }
}

/// Where a path has led: the lines of the block it is in (or the one-line flow value),
/// and the byte position of the last step found.
#[derive(Clone, Debug)]
struct State<'t> {
    block: Vec<Line<'t>>,
    /// Set once the path enters a value written on one line, such as `{ id: x }`.
    flow: Option<Line<'t>>,
    found: (usize, usize),
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Locator<'t> {
        let block = text
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
        Locator {
            lines: text.lines().collect(),
            top: State {
                block,
                flow: None,
                found: (1, 1),
            },
            reached: std::collections::HashMap::new(),
        }
    }

    /// The 1-based (line, column) of `path`, as [`locate`] finds it.
    pub fn locate(&mut self, path: &[Seg]) -> (usize, usize) {
        self.locate_path(path).0
    }

    fn locate_path(&mut self, path: &[Seg]) -> ((usize, usize), bool) {
        // The longest prefix already resolved, then one step at a time from there.
        let key: Vec<OwnedSeg> = path.iter().map(|&s| s.into()).collect();
        let mut resolved = path.len();
        while resolved > 0 && !self.reached.contains_key(&key[..resolved]) {
            resolved -= 1;
        }
        let mut state = match resolved {
            0 => self.top.clone(),
            n => self.reached[&key[..n]].clone(),
        };
        let mut found = state.found;
        while resolved < path.len() {
            let Some(next) = step(&state, path[resolved]) else {
                break;
            };
            resolved += 1;
            found = next.found;
            // Only blocks that hold more than one line are worth remembering.
            if next.block.len() > 1 || next.flow.is_some() {
                self.reached.insert(key[..resolved].to_vec(), next.clone());
            }
            state = next;
        }
        // `found` counts bytes; diagnostics count characters.
        let line = self.lines.get(found.0 - 1).copied().unwrap_or("");
        let found = (found.0, char_column(line, found.1 - 1));
        (found, resolved == path.len())
    }
}

/// Where `seg` leads from `state`, or `None` when it is not there.
fn step<'t>(state: &State<'t>, seg: Seg) -> Option<State<'t>> {
    if let Some(line) = state.flow {
        let offset = locate_in_flow(line.text, seg)?;
        let hit = Line {
            number: line.number,
            indent: line.indent + offset,
            text: &line.text[offset..],
        };
        return Some(State {
            block: Vec::new(),
            flow: Some(hit),
            found: (hit.number, hit.indent + 1),
        });
    }
    let block = &state.block;
    let indent = block.first()?.indent;
    let (pos, rest) = match seg {
        Seg::Key(key) => {
            let pos = block
                .iter()
                .position(|l| l.indent == indent && key_of(l.text).is_some_and(|k| k == key))?;
            let text = block[pos].text;
            let colon = text.find(':').unwrap_or(text.len());
            (pos, text[colon + 1..].trim_start())
        }
        Seg::Index(n) => {
            // A flow sequence after its key, `actions: [a, b]`, has no items here and is
            // handled as flow.
            let pos = block
                .iter()
                .enumerate()
                .filter(|(_, l)| l.indent == indent && is_item(l.text))
                .map(|(i, _)| i)
                .nth(n)?;
            (pos, block[pos].text[1..].trim_start())
        }
    };
    let line = block[pos];
    let rest_offset = line.text.len() - rest.len();
    let children = block[pos + 1..].iter().take_while(|l| {
        l.indent > line.indent
            || (matches!(seg, Seg::Key(_)) && l.indent == line.indent && is_item(l.text))
    });
    let inline = Line {
        number: line.number,
        indent: line.indent + rest_offset,
        text: rest,
    };
    Some(match seg {
        Seg::Key(_) if rest.is_empty() || rest.starts_with('#') => State {
            block: children.copied().collect(),
            flow: None,
            found: (line.number, line.indent + 1),
        },
        Seg::Key(_) => State {
            block: Vec::new(),
            flow: Some(inline),
            found: (inline.number, inline.indent + 1),
        },
        Seg::Index(_)
            if rest.starts_with('{') || rest.starts_with('[') || key_of(rest).is_none() =>
        {
            State {
                block: Vec::new(),
                flow: Some(inline),
                found: (inline.number, inline.indent + 1),
            }
        }
        // `- key: value` opens a mapping whose first line follows the dash.
        Seg::Index(_) => State {
            block: std::iter::once(inline).chain(children.copied()).collect(),
            flow: None,
            found: (inline.number, inline.indent + 1),
        },
    })
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
