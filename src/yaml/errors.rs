//! Turning what the YAML parser and serde report into a [`YamlError`]: placed at the byte
//! the problem is at (in the lines and characters the caret counts), in plain words, and
//! with no line numbers of the parser's own inside the message (they count from the
//! start of the YAML, not of the file, and its line breaks differ from ours).

use super::prescan::{TooDeep, MAX_NESTING};
use super::strict::Refusal;
use super::{char_column, locate_path, Seg, YamlError};

const TAB_HINT: &str =
    "YAML indents with spaces, not tabs: replace the tabs at the start of this line with spaces";

/// The error for nesting the pre-scan refused.
pub(super) fn nesting_error(text: &str, too_deep: TooDeep) -> YamlError {
    let (line, column) = position(text, too_deep.offset);
    YamlError {
        line,
        column,
        message: format!("the YAML is nested more than {MAX_NESTING} levels deep"),
        hint: Some("flatten the nested lists and mappings from here on".into()),
    }
}

/// The error for a failed parse of `text`; `refusal` is what the strict layer refused, if
/// that is why it failed.
pub(super) fn parse_error(
    text: &str,
    err: &serde_yaml::Error,
    refusal: Option<Refusal>,
) -> YamlError {
    let at = err.location().map_or((1, 1), |l| position(text, l.index()));
    let shown = err.to_string();
    let mut error = match refusal {
        // A refusal swallowed by an impl that tried something else is not this error.
        Some(refusal) if shown.contains(&refusal.message) => YamlError {
            line: at.0,
            column: at.1,
            message: refusal.message,
            hint: Some(refusal.hint.into()),
        },
        // The parser's own errors show as a struct when debug-printed; serde's as a string.
        _ if format!("{err:?}").starts_with("Error {") => syntax_error(text, &shown, at),
        _ => value_error(text, &shown, at),
    };
    if error.hint.is_none() && after_indenting_tab(text, error.line, error.column) {
        error.hint = Some(TAB_HINT.into());
    }
    error
}

/// The 1-based line and column (in characters) of byte `offset` of `text`, counting lines
/// at `\n` as the rendering of a diagnostic does.
pub(super) fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    (line, char_column(&text[line_start..], offset - line_start))
}

/// The byte offset of the parser's 1-based `line` and `column`: it counts characters, and
/// breaks lines at `\r\n`, `\r`, `\n`, U+0085, U+2028 and U+2029.
fn parser_offset(text: &str, line: usize, column: usize) -> usize {
    let (mut at_line, mut at_column) = (1, 1);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if (at_line, at_column) == (line, column) {
            return i;
        }
        match c {
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
                    chars.next();
                }
                at_line += 1;
                at_column = 1;
            }
            _ => at_column += 1,
        }
    }
    text.len()
}

/// A message of the parser, `problem[ at line L column C| at position N][, while
/// context[ at line L column C]]`, split into its parts.
struct SyntaxMessage<'m> {
    problem: &'m str,
    /// The byte offset a problem of reading the text is at.
    problem_offset: Option<usize>,
    context: &'m str,
    context_at: Option<(usize, usize)>,
}

fn split_syntax_message(shown: &str) -> SyntaxMessage<'_> {
    let (problem, context) = shown.split_once(", while ").unwrap_or((shown, ""));
    let problem_offset = problem
        .rsplit_once(" at position ")
        .and_then(|(_, n)| n.parse().ok());
    let (problem, _) = strip_position(problem);
    let (context, context_at) = strip_position(context);
    SyntaxMessage {
        problem,
        problem_offset,
        context,
        context_at,
    }
}

/// `text` without a trailing ` at line L column C` or ` at position N`, and the line and
/// column if they were given.
fn strip_position(text: &str) -> (&str, Option<(usize, usize)>) {
    if let Some(i) = text.rfind(" at line ") {
        let numbers = text[i + " at line ".len()..]
            .split_once(" column ")
            .and_then(|(l, c)| Some((l.parse().ok()?, c.parse().ok()?)));
        if numbers.is_some() {
            return (&text[..i], numbers);
        }
    }
    if let Some(i) = text.rfind(" at position ") {
        if text[i + " at position ".len()..]
            .bytes()
            .all(|b| b.is_ascii_digit())
        {
            return (&text[..i], None);
        }
    }
    (text, None)
}

/// An error of the YAML syntax, at `at` unless its context says better where it is.
fn syntax_error(text: &str, shown: &str, at: (usize, usize)) -> YamlError {
    let parts = split_syntax_message(shown);
    let context_at = parts
        .context_at
        .map(|(line, column)| parser_offset(text, line, column));
    let error = |at: (usize, usize), message: String, hint: Option<&str>| YamlError {
        line: at.0,
        column: at.1,
        message,
        hint: hint.map(str::to_string),
    };
    match (parts.problem, context_at) {
        // The parser names the byte offset, at the start of the text when it is 0.
        ("control characters are not allowed", _) => {
            let offset = parts.problem_offset.unwrap_or(0);
            let found = text.get(offset..).and_then(|rest| rest.chars().next());
            let code = found.map_or(String::new(), |c| format!(" (U+{:04X})", u32::from(c)));
            error(
                position(text, offset),
                format!("a control character{code} is in the text, and YAML does not allow it"),
                Some("delete it: such characters come in with text copied from other programs"),
            )
        }
        // The parser notices a quote is not closed at the end of the text; the mistake is
        // where it opens.
        ("found unexpected end of stream", Some(open)) if parts.context.contains("quoted") => {
            let quote = text[open..].chars().next().unwrap_or('"');
            error(
                position(text, open),
                format!("this quoted text is never closed: no {quote} ends it"),
                Some(&format!(
                    "end the text with {quote}, or remove the {quote} that starts it"
                )),
            )
        }
        // It notices a missing `:` at the line after the key that lacks it.
        ("could not find expected ':'", Some(key)) => error(
            position(text, key),
            "this line is not a `name: value` field: no `:` follows the name".into(),
            Some("add the `:`; if the line continues the text above it, indent it or quote that text"),
        ),
        (problem, _) => {
            let hint = if after_indenting_tab(text, at.0, at.1) {
                Some(TAB_HINT)
            } else if problem.contains("cannot start any token") {
                Some("quote text that starts with a special character such as `@` or `` ` ``")
            } else {
                None
            };
            error(at, problem.to_string(), hint)
        }
    }
}

/// Whether the 1-based `line` of `text` is indented with a tab at or before `column`.
fn after_indenting_tab(text: &str, line: usize, column: usize) -> bool {
    let Some(line) = text.lines().nth(line.saturating_sub(1)) else {
        return false;
    };
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    line[..indent].find('\t').is_some_and(|tab| column > tab)
}

/// An error of serde: a value of the wrong type or out of range, a missing or unknown
/// field. serde_yaml places value checks made after reading (such as the emotion range) at
/// the start of the enclosing mapping; the path in the message finds the value.
fn value_error(text: &str, shown: &str, mut at: (usize, usize)) -> YamlError {
    let (message, _) = strip_position(shown);
    if let Some(error) = whole_document_error(text, message, at) {
        return error;
    }
    let message = plain_words(message);
    let path = message_path(&message);
    let (mapping, complete) = match &path {
        Some(path) => {
            let segs: Vec<Seg> = path.iter().map(PathPart::as_seg).collect();
            locate_path(text, &segs)
        }
        None => ((1, 1), true),
    };
    if complete {
        if path.is_some() {
            at = at.max(mapping);
            // The path stops at the mapping; the value the message quotes is inside it.
            if let Some(needle) = quoted_value(&message) {
                at = find_within(text, mapping.0, &needle).unwrap_or(at);
            }
        } else if let Some(needle) = leading_quote(&message) {
            // A value check of a top-level field has no path: its mapping is the whole
            // document, and serde_yaml places it at the first line.
            at = find_value(text, needle).unwrap_or(at);
        }
    }
    YamlError {
        line: at.0,
        column: at.1,
        message,
        hint: None,
    }
}

/// Errors about the document as a whole: not a mapping, or more than one document.
fn whole_document_error(text: &str, message: &str, at: (usize, usize)) -> Option<YamlError> {
    if message.starts_with("deserializing from YAML containing more than one document") {
        let (line, column) = second_document(text).unwrap_or(at);
        return Some(YamlError {
            line,
            column,
            message: "a second YAML document starts here; the file holds one".into(),
            hint: Some("remove this `---` line, or the fields after it".into()),
        });
    }
    // serde's words for what it found, with no path before them: the document itself.
    let found = message.strip_prefix("invalid type: ")?;
    let (found, expected) = found.rsplit_once(", expected ")?;
    if !(expected.starts_with("struct ") || expected == "a map") {
        return None;
    }
    let found = match found.split_whitespace().next().unwrap_or("") {
        "sequence" => "a list",
        "string" => "text",
        "integer" | "floating" => "a number",
        "boolean" => "true or false",
        "unit" => "empty (`~` or `null`)",
        _ => "a single value",
    };
    Some(YamlError {
        line: at.0,
        column: at.1,
        message: format!("the YAML must be a mapping of fields (`name: …`), not {found}"),
        hint: Some("write one `name: value` field a line".into()),
    })
}

/// The line of a `---` or `...` marker that follows content: where a second document
/// starts.
fn second_document(text: &str) -> Option<(usize, usize)> {
    let mut content = false;
    for (i, line) in text.lines().enumerate() {
        let bare = line.trim_end();
        if content && (bare.starts_with("---") || bare.starts_with("...")) {
            return Some((i + 1, 1));
        }
        content |= !bare.is_empty() && !bare.starts_with('#') && !bare.starts_with("---");
    }
    None
}

/// serde's wording with the Rust type names a content author does not know replaced.
fn plain_words(message: &str) -> String {
    let Some((head, expected)) = message.rsplit_once(", expected ") else {
        return message.to_string();
    };
    let expected = match expected {
        "i8" | "i16" | "i32" | "i64" | "i128" => "an integer",
        "u8" | "u16" | "u32" | "u64" | "u128" => "a whole number",
        "f32" | "f64" => "a number",
        "a boolean" => "true or false",
        "a string" => "text",
        "a sequence" => "a list",
        "a map" => "a mapping",
        s if s.starts_with("struct ") => "a mapping of fields",
        s => s,
    };
    format!("{head}, expected {expected}")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_positions_become_byte_offsets_with_its_line_breaks() {
        let text = "a: 1\r\nb: é\u{85}c: 2\u{2028}d\re";
        assert_eq!(parser_offset(text, 1, 1), 0);
        assert_eq!(parser_offset(text, 2, 4), text.find('é').unwrap());
        assert_eq!(parser_offset(text, 3, 1), text.find('c').unwrap());
        assert_eq!(parser_offset(text, 4, 1), text.find('d').unwrap());
        assert_eq!(parser_offset(text, 5, 1), text.find('e').unwrap());
        assert_eq!(parser_offset(text, 9, 9), text.len());
        assert_eq!(position("ab\ncé\nd", 6), (2, 3));
    }

    #[test]
    fn parser_messages_lose_their_positions() {
        let parts = split_syntax_message(
            "found unexpected end of stream at line 4 column 1, while scanning a quoted scalar at line 2 column 4",
        );
        assert_eq!(parts.problem, "found unexpected end of stream");
        assert_eq!(parts.context, "scanning a quoted scalar");
        assert_eq!(parts.context_at, Some((2, 4)));
        let parts = split_syntax_message("did not find expected ',' or ']' at line 1 column 9");
        assert_eq!(parts.problem, "did not find expected ',' or ']'");
        assert_eq!(parts.context_at, None);
        let parts = split_syntax_message("control characters are not allowed at position 9");
        assert_eq!(parts.problem, "control characters are not allowed");
        assert_eq!(parts.problem_offset, Some(9));
        assert_eq!(
            strip_position("control characters are not allowed at position 9").0,
            "control characters are not allowed"
        );
        assert_eq!(strip_position("text \"at line x\"").0, "text \"at line x\"");
    }

    #[test]
    fn type_names_become_words_without_mangling() {
        assert_eq!(
            plain_words("invalid type: sequence, expected struct Stage"),
            "invalid type: sequence, expected a mapping of fields"
        );
        assert_eq!(
            plain_words("metrics: invalid type: sequence, expected a map"),
            "metrics: invalid type: sequence, expected a mapping"
        );
        assert_eq!(
            plain_words("unknown field `x`, expected `a` or `b`"),
            "unknown field `x`, expected `a` or `b`"
        );
    }

    #[test]
    fn a_tab_in_the_indentation_is_found_at_or_after_it() {
        let text = "a:\n  \tb: 1\nc:\td\n";
        assert!(after_indenting_tab(text, 2, 3));
        assert!(after_indenting_tab(text, 2, 5));
        assert!(!after_indenting_tab(text, 2, 2));
        assert!(!after_indenting_tab(text, 3, 3));
        assert!(!after_indenting_tab(text, 9, 1));
    }
}
