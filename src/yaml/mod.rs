//! The one place that knows the YAML library: typed deserialization with located errors,
//! and finding the line of a value by its path for errors found after parsing.

mod aliases;
mod locate;

pub use locate::{locate, Seg};

use aliases::check_alias_expansion;
use locate::{key_of, locate_path};
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
    // Editors on Windows save a byte-order mark, which the YAML parser takes for content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(YamlError {
            line: 1,
            column: 1,
            message: "the YAML is empty: expected a mapping of fields".into(),
        });
    }
    check_alias_expansion(text)?;
    serde_yaml::from_str(text).map_err(|err| {
        let mut at = err
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        let message = clean_message(&err.to_string());
        // Errors raised by value checks (such as the emotion range) are placed by serde_yaml
        // at the start of the enclosing mapping; the path in the message finds the value.
        let path = message_path(&message);
        let (mapping, complete) = match &path {
            Some(path) => {
                let segs: Vec<Seg> = path.iter().map(PathPart::as_seg).collect();
                locate_path(text, &segs)
            }
            None => ((1, 1), true),
        };
        if complete {
            if let Some(key) = duplicate_key(&message) {
                // serde_yaml names the mapping; the second use of the key is the mistake.
                let line = path.is_some().then_some(mapping.0);
                at = find_second_key(text, line, key).unwrap_or(at);
            } else if path.is_some() {
                at = at.max(mapping);
                // The path stops at the mapping; the value the message quotes is inside it.
                if let Some(needle) = quoted_value(&message) {
                    at = find_within(text, mapping.0, &needle).unwrap_or(at);
                }
            } else if let Some(needle) = leading_quote(&message) {
                // A value check of a top-level field has no path: its mapping is the
                // whole document, and serde_yaml places it at the first line.
                at = find_value(text, needle).unwrap_or(at);
            }
        }
        YamlError {
            line: at.0,
            column: at.1,
            message,
        }
    })
}
/// The key of a "duplicate field `key`" message.
fn duplicate_key(message: &str) -> Option<&str> {
    let rest = match message.split_once(": duplicate field `") {
        Some((_, rest)) => rest,
        None => message.strip_prefix("duplicate field `")?,
    };
    rest.split('`').next()
}

/// The second `key:` of a block mapping: the whole document when `line` is None, else
/// the mapping at 1-based `line`, which is either a sequence item (`- key: value`) or a
/// `key:` whose value is the indented block below it.
fn find_second_key(text: &str, line: Option<usize>, key: &str) -> Option<(usize, usize)> {
    let content = |l: &str| {
        let bare = l.trim_start();
        !bare.is_empty() && !bare.starts_with('#')
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let lines: Vec<(usize, &str)> = text.lines().enumerate().collect();
    let (start, key_indent) = match line {
        None => {
            let first = lines.iter().position(|(_, l)| content(l))?;
            (first, indent(lines[first].1))
        }
        Some(line) => {
            let first = lines.get(line - 1)?.1;
            match first.trim_start().strip_prefix("- ") {
                Some(rest) => (line - 1, first.len() - rest.trim_start().len()),
                None => {
                    let next = lines[line..].iter().position(|(_, l)| content(l))? + line;
                    (next, indent(lines[next].1))
                }
            }
        }
    };
    let mut seen = 0;
    for (n, (i, l)) in lines[start..].iter().enumerate() {
        if !content(l) {
            continue;
        }
        let at = if n == 0 { key_indent } else { indent(l) };
        if at < key_indent {
            break;
        }
        if at == key_indent && key_of(l[at..].trim_end()) == Some(key) {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, at + 1));
            }
        }
    }
    None
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

/// The value a check quotes at the start of its message: `` `2026-02-30` is not a date ``.
fn leading_quote(message: &str) -> Option<&str> {
    let rest = message.strip_prefix('`')?;
    let end = rest.find('`')?;
    (end > 0).then(|| &rest[..end])
}

/// The first `key: needle` of the document, at the needle.
fn find_value(text: &str, needle: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let at = line.find(needle)?;
        line[..at]
            .trim_end()
            .ends_with(':')
            .then(|| (i + 1, char_column(line, at)))
    })
}

/// The first place of `needle` in the block that starts at 1-based `line` (that line and
/// the lines indented deeper after it).
fn find_within(text: &str, line: usize, needle: &str) -> Option<(usize, usize)> {
    let mut lines = text.lines().enumerate().skip(line - 1);
    let (_, first) = lines.next()?;
    let indent = first.len() - first.trim_start().len();
    if let Some(col) = first.find(needle) {
        return Some((line, char_column(first, col)));
    }
    for (i, l) in lines {
        if l.trim().is_empty() {
            continue;
        }
        if l.len() - l.trim_start().len() <= indent {
            break;
        }
        if let Some(col) = l.find(needle) {
            return Some((i + 1, char_column(l, col)));
        }
    }
    None
}

/// The 1-based column, in characters as the YAML parser and the caret count them, of
/// byte offset `byte` of `line`.
pub(super) fn char_column(line: &str, byte: usize) -> usize {
    line.get(..byte)
        .map_or(byte, |before| before.chars().count())
        + 1
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

    #[test]
    fn columns_count_characters_not_bytes() {
        let doc = "items:\n  - { text: Größe für Kühe, level: x }\n";
        let at = locate(doc, &[Seg::Key("items"), Seg::Index(0), Seg::Key("level")]);
        // `level` is the 29th character of the line, though its 33rd byte.
        assert_eq!(at, (2, 29));
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Person {
        name: String,
        age: i64,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Team {
        name: String,
        #[serde(default)]
        people: Vec<Person>,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Dated {
        name: String,
        updated: crate::model::Date,
    }

    #[test]
    fn a_bad_top_level_value_is_reported_at_the_value() {
        let err = from_str::<Dated>("name: A\n# when\nupdated: 2026-02-30\n").unwrap_err();
        assert!(
            err.message.starts_with("`2026-02-30` is not a date"),
            "{}",
            err.message
        );
        assert_eq!((err.line, err.column), (3, 10));
    }

    #[test]
    fn a_byte_order_mark_is_not_content() {
        let team: Team = from_str("\u{feff}name: A\n").unwrap();
        assert_eq!(team.name, "A");
    }

    #[test]
    fn a_duplicate_key_is_reported_where_it_is_repeated() {
        let err = from_str::<Team>("# team\nname: A\ntags: []\nname: B\n").unwrap_err();
        assert_eq!((err.line, err.column), (4, 1), "{}", err.message);
        assert!(err.message.contains("duplicate field `name`"));
        let nested =
            "name: T\npeople:\n  - name: A\n    age: 3\n    name: B\n  - name: C\n    age: 4\n";
        let err = from_str::<Team>(nested).unwrap_err();
        assert_eq!((err.line, err.column), (5, 5), "{}", err.message);
    }

    #[test]
    fn non_ascii_text_before_a_bad_value_does_not_shift_its_column() {
        let err = from_str::<Team>("name: T\npeople:\n  - { name: Zoë Ångström, age: old }\n")
            .unwrap_err();
        // `old` starts at character 32 (byte 35).
        assert_eq!((err.line, err.column), (3, 32), "{}", err.message);
    }

    #[test]
    fn aliases_that_expand_without_bound_are_refused_at_the_first_alias() {
        // Every alias repeats a 2,000-value list: 4,000 aliases make 8 million values
        // from 30 kB of text.
        let list = vec!["x"; 2000].join(", ");
        let items = vec!["  - *l"; 4000].join("\n");
        let doc = format!("name: T\nhelp: &l [{list}]\ntags:\n{items}\n");
        let err = from_str::<Team>(&doc).unwrap_err();
        assert!(
            err.message.starts_with("YAML aliases expand"),
            "{}",
            err.message
        );
        assert_eq!((err.line, err.column), (4, 5));
        // A few aliases are fine (and `*` in text is not an alias).
        let team: Team = from_str("name: &n \"A * B\"\ntags: [*n, *n]\n").unwrap();
        assert_eq!(team.tags, ["A * B", "A * B"]);
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
