//! Writing a journey file as text, in the layout `waymark new journey` writes: the fields
//! in the order of the template, one stage after another, touchpoints as one-line
//! mappings, pain points and opportunities as indented ones. Every string goes through
//! [`scalar`], which quotes exactly those a YAML reader would misread.
//!
//! The writer walks the serialized form of the model (`serde_json::Value`), so a field
//! added to the model later is written too (after the known ones), not lost.

use crate::model::JourneyFront;
use serde_json::{Map, Value};

/// The journey fields in the template's order; any others follow, sorted.
const JOURNEY_KEYS: &[&str] = &[
    "title",
    "persona",
    "kind",
    "scenario",
    "owner",
    "updated",
    "compare_to",
    "draft",
];
const STAGE_KEYS: &[&str] = &[
    "id",
    "name",
    "goal",
    "actions",
    "thoughts",
    "emotion",
    "touchpoints",
    "pain_points",
    "opportunities",
    "blueprint",
];
const TOUCHPOINT_KEYS: &[&str] = &["name", "channel", "kind", "mode"];
const PAIN_POINT_KEYS: &[&str] = &["id", "text", "severity"];
const OPPORTUNITY_KEYS: &[&str] = &[
    "id",
    "text",
    "impact",
    "effort",
    "owner",
    "status",
    "addresses",
];
const BLUEPRINT_KEYS: &[&str] = &["frontstage", "backstage", "support", "evidence"];
/// Fields written even when empty, as the template writes them.
const JOURNEY_ALWAYS: &[&str] = &["scenario", "owner"];
const STAGE_ALWAYS: &[&str] = &[
    "goal",
    "actions",
    "thoughts",
    "emotion",
    "touchpoints",
    "pain_points",
    "opportunities",
];
/// Lists of prose, one item a line; other lists of strings stay on one line when short.
const PROSE_LISTS: &[&str] = &[
    "actions",
    "thoughts",
    "frontstage",
    "backstage",
    "support",
    "evidence",
];
/// A one-line list or mapping longer than this is written over several lines.
const FLOW_WIDTH: usize = 100;

/// The whole text of `journeys/<id>.md`: front matter and `body`.
pub fn journey_file(front: &JourneyFront, body: &str) -> String {
    let value = serde_json::to_value(front).unwrap_or(Value::Null);
    let empty = Map::new();
    let fields = value.as_object().unwrap_or(&empty);
    let mut out = String::from("---\n");
    for (key, value) in ordered(fields, JOURNEY_KEYS, JOURNEY_ALWAYS) {
        if key == "stages" {
            continue;
        }
        if key == "draft" && value == &Value::Bool(true) {
            out.push_str("draft: true  # true keeps it off the site until it is reviewed; --drafts shows it\n");
            continue;
        }
        field(&mut out, 0, key, value);
    }
    out.push_str("stages:\n");
    for stage in fields
        .get("stages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(stage) = stage.as_object() else {
            continue;
        };
        let mut first = true;
        for (key, value) in ordered(stage, STAGE_KEYS, STAGE_ALWAYS) {
            let mut line = String::new();
            field(&mut line, 4, key, value);
            if first && !line.is_empty() {
                line.replace_range(2..4, "- ");
                first = false;
            }
            out.push_str(&line);
        }
    }
    out.push_str("---\n");
    out.push_str(body);
    if !body.is_empty() && !body.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The entries of `map`: those of `known` in that order, then the rest sorted; empty
/// values are left out unless they are among `always`.
fn ordered<'m>(
    map: &'m Map<String, Value>,
    known: &[&str],
    always: &[&str],
) -> Vec<(&'m str, &'m Value)> {
    let mut entries: Vec<(&str, &Value)> = known
        .iter()
        .filter_map(|k| map.get_key_value(*k))
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    entries.extend(
        map.iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, v)| (k.as_str(), v)),
    );
    entries.retain(|(k, v)| always.contains(k) || !left_out(k, v));
    entries
}

/// Text fields whose value when left out is the empty string.
const BLANK_TEXT: &[&str] = &["scenario", "owner", "goal", "channel"];

/// Whether the field `key` can be left out, its value being the one it reads as when
/// missing: null, an empty list, or an empty string where the model's default is one.
pub fn left_out(key: &str, value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty() && BLANK_TEXT.contains(&key),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// `key: value` at `indent`, with the value in the style its key calls for.
fn field(out: &mut String, indent: usize, key: &str, value: &Value) {
    let pad = " ".repeat(indent);
    let key_text = scalar(key);
    match value {
        Value::Null => out.push_str(&format!("{pad}{key_text}:\n")),
        Value::Array(items) if items.is_empty() => out.push_str(&format!("{pad}{key_text}: []\n")),
        Value::Array(items) => {
            let strings = items.iter().all(Value::is_string);
            let flow = flow(value);
            if strings && !PROSE_LISTS.contains(&key) && flow.len() <= FLOW_WIDTH {
                out.push_str(&format!("{pad}{key_text}: {flow}\n"));
                return;
            }
            out.push_str(&format!("{pad}{key_text}:\n"));
            for item in items {
                list_item(out, indent + 2, key, item);
            }
        }
        Value::Object(map) => {
            out.push_str(&format!("{pad}{key_text}:"));
            if map.is_empty() {
                out.push_str(" {}\n");
                return;
            }
            out.push('\n');
            let known = if key == "blueprint" {
                BLUEPRINT_KEYS
            } else {
                &[]
            };
            // The four lanes of a blueprint are all written, as the template does.
            for (k, v) in ordered(map, known, known) {
                field(out, indent + 2, k, v);
            }
        }
        Value::String(text) => out.push_str(&format!("{pad}{key_text}: {}\n", scalar(text))),
        other => out.push_str(&format!("{pad}{key_text}: {}\n", flow(other))),
    }
}

/// One `- item` of the list `key` at `indent`.
fn list_item(out: &mut String, indent: usize, key: &str, item: &Value) {
    let pad = " ".repeat(indent);
    let Value::Object(map) = item else {
        let text = match item {
            Value::String(text) => scalar(text),
            other => flow(other),
        };
        out.push_str(&format!("{pad}- {text}\n"));
        return;
    };
    let known = match key {
        "touchpoints" => TOUCHPOINT_KEYS,
        "pain_points" => PAIN_POINT_KEYS,
        "opportunities" => OPPORTUNITY_KEYS,
        _ => &[],
    };
    let entries = ordered(map, known, &[]);
    if key == "touchpoints" {
        let line = flow_mapping(&entries);
        if line.len() <= FLOW_WIDTH {
            out.push_str(&format!("{pad}- {line}\n"));
            return;
        }
    }
    if entries.is_empty() {
        out.push_str(&format!("{pad}- {{}}\n"));
        return;
    }
    let mut block = String::new();
    for (k, v) in entries {
        field(&mut block, indent + 2, k, v);
    }
    block.replace_range(indent..indent + 2, "- ");
    out.push_str(&block);
}

/// `value` on one line, in YAML flow style.
pub fn flow(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => flow_scalar(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let entries: Vec<(&str, &Value)> = map
                .iter()
                .filter(|(k, v)| !left_out(k, v))
                .map(|(k, v)| (k.as_str(), v))
                .collect();
            flow_mapping(&entries)
        }
    }
}

/// `{ key: value, … }`, or `{}`.
pub fn flow_mapping(entries: &[(&str, &Value)]) -> String {
    if entries.is_empty() {
        return "{}".into();
    }
    let parts: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{}: {}", flow_scalar(k), flow(v)))
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// `text` as a YAML scalar outside brackets: plain when it reads back as the same
/// string, else double-quoted.
pub fn scalar(text: &str) -> String {
    if plain_is_safe(text, false) {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// `text` as a YAML scalar inside `[…]` or `{…}`, where `,` `[` `]` `{` `}` end it.
pub fn flow_scalar(text: &str) -> String {
    if plain_is_safe(text, true) {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// Whether `text` written plain reads back as the same string. Conservative: anything
/// that could be a number, a bool, null, a date, an indicator or a comment is quoted.
fn plain_is_safe(text: &str, in_flow: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    // A date stays plain, as `waymark new` writes `updated:`; the reader keeps it a string.
    if is_date(text) {
        return true;
    }
    if text.trim() != text || text.len() > 1024 {
        return false;
    }
    // Indicators, and characters that start numbers or special floats (`.inf`, `-1`).
    if "-?:,[]{}#&*!|>'\"%@`+.~=".contains(first) || first.is_ascii_digit() {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    if in_flow && text.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    if text
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{85}'))
    {
        return false;
    }
    // Words YAML 1.1 readers (and some 1.2 ones) take for booleans or null.
    let lower = text.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}

/// Whether `text` is written `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// `text` double-quoted, with `\` `"` and every non-printable character escaped.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Reads `text: <scalar>` back with the site's YAML reader.
    fn reads_back(written: &str) -> String {
        let map: BTreeMap<String, String> = crate::yaml::from_str(&format!("text: {written}\n"))
            .unwrap_or_else(|err| {
                panic!("{written:?} does not read: {}", err.message);
            });
        map["text"].clone()
    }

    fn reads_back_in_flow(written: &str) -> String {
        let map: BTreeMap<String, Vec<String>> =
            crate::yaml::from_str(&format!("text: [{written}, x]\n")).unwrap_or_else(|err| {
                panic!("{written:?} does not read in a list: {}", err.message);
            });
        map["text"][0].clone()
    }

    #[test]
    fn every_string_reads_back_as_written() {
        let texts = [
            "Plain words",
            "Searches \"dry air at home\"",
            "",
            " leading",
            "trailing ",
            "2026",
            "2026-10-01",
            "1e3",
            ".inf",
            "-1",
            "+1",
            "- item",
            "? question",
            ": colon",
            "key: value",
            "ends with:",
            "a #hash",
            "#comment",
            "yes",
            "No",
            "null",
            "~",
            "true",
            "[list]",
            "{map}",
            "a, b",
            "a[0]",
            "&anchor",
            "*alias",
            "!tag",
            "|block",
            ">folded",
            "'single'",
            "%directive",
            "@at",
            "`tick`",
            "line\nbreak",
            "tab\there",
            "back\\slash",
            "Цель: найти",
            "bell\u{7}",
            "\u{feff}bom",
            "sep\u{2028}arator",
            "nel\u{85}",
            "emoji 😀",
            "=SUM(A1)",
        ];
        for text in texts {
            assert_eq!(reads_back(&scalar(text)), text, "{:?}", scalar(text));
            assert_eq!(
                reads_back_in_flow(&flow_scalar(text)),
                text,
                "{:?}",
                flow_scalar(text)
            );
        }
        assert_eq!(scalar("Plain words"), "Plain words");
        assert_eq!(scalar("No"), "\"No\"");
        assert_eq!(flow_scalar("a, b"), "\"a, b\"");
    }

    #[test]
    fn a_journey_is_written_in_the_template_layout_and_reads_back() {
        let text = "---\ntitle: 'Returns: the label'\npersona: anna\nkind: service-blueprint\nupdated: 2026-10-01\ndraft: true\nstages:\n  - id: request\n    name: Request\n    actions: [Opens the page, \"Says: hi\"]\n    emotion: -1\n    touchpoints:\n      - { name: Returns page, channel: web, kind: direct }\n    pain_points:\n      - { id: no-printer, text: 'Needs a printer, again', severity: high }\n    opportunities:\n      - { text: QR code, impact: high, effort: low, addresses: [no-printer] }\n    blueprint: { frontstage: [Agent], backstage: [] }\n  - id: done\n    name: '2026'\n---\n";
        let front: JourneyFront =
            crate::yaml::from_str(text.trim_start_matches("---\n").trim_end_matches("---\n"))
                .unwrap();
        let written = journey_file(&front, "## Notes\n");
        let expected = "---
title: \"Returns: the label\"
persona: anna
kind: service-blueprint
scenario: \"\"
owner: \"\"
updated: 2026-10-01
draft: true  # true keeps it off the site until it is reviewed; --drafts shows it
stages:
  - id: request
    name: Request
    goal: \"\"
    actions:
      - Opens the page
      - \"Says: hi\"
    thoughts: []
    emotion: -1
    touchpoints:
      - { name: Returns page, channel: web, kind: direct }
    pain_points:
      - id: no-printer
        text: Needs a printer, again
        severity: high
    opportunities:
      - text: QR code
        impact: high
        effort: low
        status: idea
        addresses: [no-printer]
    blueprint:
      frontstage:
        - Agent
      backstage: []
      support: []
      evidence: []
  - id: done
    name: \"2026\"
    goal: \"\"
    actions: []
    thoughts: []
    emotion:
    touchpoints: []
    pain_points: []
    opportunities: []
---
## Notes
";
        assert_eq!(written, expected);
        let doc = crate::content::split(&written).unwrap();
        let again: JourneyFront = crate::yaml::from_str(doc.front).unwrap();
        assert_eq!(again, front);
    }
}
