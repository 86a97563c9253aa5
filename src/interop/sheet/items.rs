//! What a cell holds: several items (one a line, or separated by `;` on one line), each
//! perhaps ending in `{…}`, a YAML mapping of the fields a sheet has no column for
//! (`Few trustworthy guides {id: no-guidance, severity: medium}`); and the `'` that
//! keeps a spreadsheet from running text as a formula.

use crate::interop::front_matter::{flow_mapping, left_out};
use serde_json::{Map, Value};

/// The items of a cell: its lines when it has several, else its parts between `;`
/// (outside `{…}` and `[…]`); blank items are dropped.
pub fn split(cell: &str) -> Vec<String> {
    let parts: Vec<String> = if cell.contains('\n') {
        cell.lines().map(str::to_string).collect()
    } else {
        let mut parts = Vec::new();
        let mut depth = 0usize;
        let mut current = String::new();
        for c in cell.chars() {
            match c {
                '{' | '[' => depth += 1,
                '}' | ']' => depth = depth.saturating_sub(1),
                ';' if depth == 0 => {
                    parts.push(std::mem::take(&mut current));
                    continue;
                }
                _ => {}
            }
            current.push(c);
        }
        parts.push(current);
        parts
    };
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// `items` as one cell that [`split`] gives back; `None` when no cell can (an item that
/// is blank or holds a line break).
pub fn join(items: &[String]) -> Option<String> {
    let mut cell = items.join("\n");
    if items.len() == 1 {
        // One item on one line would be split at its `;`: a line break keeps it whole.
        if split(&cell) != items {
            cell.push('\n');
        }
    }
    (split(&cell) == items).then_some(cell)
}

/// Characters a spreadsheet takes as the start of a formula.
const FORMULA: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// `text` as a cell a spreadsheet shows as text: a `'` before what would start a
/// formula (and before a `'` that [`unguard`] would otherwise take away).
pub fn guard(text: &str) -> String {
    let needs = text.starts_with(FORMULA)
        || (text.starts_with('\'') && text[1..].starts_with(|c| FORMULA.contains(&c) || c == '\''));
    match needs {
        true => format!("'{text}"),
        false => text.to_string(),
    }
}

/// The text of a cell written by [`guard`].
pub fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if guard(rest) != rest || rest.starts_with(FORMULA) => rest,
        _ => text,
    }
}

/// An item's text and the fields of its `{…}` suffix. The suffix counts only when it is
/// a mapping naming at least one of `fields`: `App {beta}` is a name. An error is a
/// suffix that names a field but is not valid YAML.
pub fn parse_item(item: &str, fields: &[&str]) -> (String, Option<Map<String, Value>>) {
    if !item.ends_with('}') {
        return (item.to_string(), None);
    }
    let starts = item
        .char_indices()
        .filter(|&(i, c)| c == '{' && (i == 0 || item[..i].ends_with(char::is_whitespace)))
        .map(|(i, _)| i)
        .collect::<Vec<_>>();
    // The widest suffix that reads; a few tries from the right are enough for any item
    // waymark writes, and keep a hostile cell of braces cheap.
    for &start in starts.iter().rev().take(16).rev() {
        let Ok(map) = crate::yaml::from_str::<Map<String, Value>>(&item[start..]) else {
            continue;
        };
        if map.is_empty() || map.keys().any(|k| fields.contains(&k.as_str())) {
            return (item[..start].trim_end().to_string(), Some(map));
        }
    }
    (item.to_string(), None)
}

/// `text` with `attributes` as its `{…}` suffix, written so that [`parse_item`] gives
/// them back (an empty `{}` when the text itself ends like a suffix).
pub fn format_item(text: &str, attributes: &Map<String, Value>, fields: &[&str]) -> String {
    let entries: Vec<(&str, &Value)> = attributes
        .iter()
        .filter(|(k, v)| !left_out(k, v))
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    if entries.is_empty() {
        return match parse_item(text, fields).1 {
            Some(_) => format!("{text} {{}}"),
            None => text.to_string(),
        };
    }
    let suffix = flow_mapping(&entries);
    match text.is_empty() {
        true => suffix,
        false => format!("{text} {suffix}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_split_into_items() {
        assert_eq!(split("a; b ;; c"), ["a", "b", "c"]);
        assert_eq!(split("a; b\nc\r\n\n"), ["a; b", "c"]);
        assert_eq!(
            split("x {owner: \"A; B\"}; y"),
            ["x {owner: \"A; B\"}", "y"]
        );
        assert!(split("  ").is_empty());
        let one = vec!["Compares; asks".to_string()];
        assert_eq!(split(&join(&one).unwrap()), one);
        let many: Vec<String> = ["a; b", "c"].map(String::from).to_vec();
        assert_eq!(split(&join(&many).unwrap()), many);
        assert_eq!(join(&["two\nlines".to_string()]), None);
        assert_eq!(join(&["".to_string()]), None);
    }

    #[test]
    fn formulas_are_kept_as_text_and_come_back() {
        for text in [
            "=SUM(A1)", "+1", "-2 days", "@x", "'quoted'", "'=x", "''x", "plain", "", "'",
        ] {
            let cell = guard(text);
            assert!(!cell.starts_with(FORMULA), "{cell:?}");
            assert_eq!(unguard(&cell), text, "{cell:?}");
        }
        assert_eq!(guard("=1"), "'=1");
        assert_eq!(guard("'quoted'"), "'quoted'");
    }

    #[test]
    fn items_carry_their_fields() {
        let fields = ["id", "severity"];
        let (text, map) = parse_item("No guide {id: no-guidance, severity: medium}", &fields);
        assert_eq!(text, "No guide");
        assert_eq!(
            Value::Object(map.unwrap()),
            json!({"id": "no-guidance", "severity": "medium"})
        );
        assert_eq!(
            parse_item("App {beta}", &fields),
            ("App {beta}".to_string(), None)
        );
        assert_eq!(parse_item("Plain", &fields), ("Plain".to_string(), None));
        let (text, map) = parse_item("Set {x} {severity: high}", &fields);
        assert_eq!((text.as_str(), map.is_some()), ("Set {x}", true));
        let attrs = json!({"severity": "high", "id": null})
            .as_object()
            .unwrap()
            .clone();
        let written = format_item("Set {severity: low}", &attrs, &fields);
        let (text, map) = parse_item(&written, &fields);
        assert_eq!(text, "Set {severity: low}");
        assert_eq!(map.unwrap()["severity"], "high");
        let written = format_item("Ends {severity: low}", &Map::new(), &fields);
        assert_eq!(parse_item(&written, &fields).0, "Ends {severity: low}");
    }
}
