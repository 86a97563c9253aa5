//! The theme's templates take every word from the tables: they hold no English of their
//! own, and every key they name is in en.yaml (and so, by the tests of the tables, in
//! every built-in language).

use super::table::{self, Source};
use super::BUILTIN;
use std::collections::BTreeSet;
use std::path::Path;

/// The keys templates put together from a prefix and a keyword of the content, with every
/// keyword the content can hold.
const DYNAMIC: [(&str, &[&str]); 10] = [
    (
        "badge.kind.",
        &[
            "current-state",
            "future-state",
            "day-in-the-life",
            "service-blueprint",
        ],
    ),
    ("badge.touchpoint_kind.", &["direct", "indirect"]),
    ("badge.touchpoint_mode.", &["online", "offline"]),
    ("lane.", &["frontstage", "backstage", "support", "evidence"]),
    ("journey.trend_", &["better", "worse", "flat"]),
    (
        "experiments.verdict.",
        &[
            "running",
            "underpowered",
            "improved",
            "worsened",
            "inconclusive",
        ],
    ),
    (
        "experiments.reading.",
        &[
            "running",
            "underpowered",
            "improved",
            "worsened",
            "inconclusive",
        ],
    ),
    ("experiments.decision.", &["ship", "iterate", "stop"]),
    (
        "feedback.sentiment.",
        &["negative", "neutral", "positive", "unrated"],
    ),
    (
        "completeness.",
        &[
            "enough-stages",
            "stage-emotions",
            "stage-touchpoints",
            "pain-points-addressed",
            "opportunity-owners",
            "metrics",
            "metric-targets",
            "fresh",
        ],
    ),
];

fn templates() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&f).unwrap())
        })
        .collect()
}

#[test]
fn the_templates_hold_no_english_of_their_own() {
    let mut found = Vec::new();
    for (name, source) in templates() {
        for piece in english_pieces(&source) {
            found.push(format!("{name}: {piece:?}"));
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn every_key_the_templates_name_is_in_english() {
    let text = BUILTIN.iter().find(|(c, _)| *c == "en").unwrap().1;
    let en: BTreeSet<String> = table::read(Source {
        path: Path::new("en.yaml"),
        text,
    })
    .unwrap()
    .into_iter()
    .map(|l| l.key)
    .collect();
    // The Rust side's rule for completeness keywords is the serialized rule.
    for rule in crate::analysis::completeness::Rule::ALL {
        let keyword = serde_json::to_value(rule).unwrap();
        assert!(en.contains(&format!("completeness.{}", keyword.as_str().unwrap())));
    }
    // The words of the feedback pages' rows and filters, which are drawn in code.
    for key in [
        "site.quoted",
        "voice.rating",
        "feedback.rated.negative",
        "feedback.rated.neutral",
        "feedback.rated.positive",
        "feedback.sentiment.unrated",
        "feedback.all",
        "feedback.by_stage",
        "feedback.by_sentiment",
        "feedback.by_source",
    ] {
        assert!(en.contains(key), "{key}");
    }
    let mut missing = Vec::new();
    let mut prefixes = BTreeSet::new();
    for (name, source) in templates() {
        for call in source.split("t(\"").skip(1) {
            let Some((key, rest)) = call.split_once('"') else {
                continue;
            };
            if rest.trim_start().starts_with('~') {
                prefixes.insert(key.to_string());
                let Some((_, keywords)) = DYNAMIC.iter().find(|(p, _)| *p == key) else {
                    missing.push(format!("{name}: keys `{key}…` are not listed in DYNAMIC"));
                    continue;
                };
                for keyword in keywords.iter() {
                    if !en.contains(&format!("{key}{keyword}")) {
                        missing.push(format!("{name}: {key}{keyword}"));
                    }
                }
            } else if !en.contains(key) {
                missing.push(format!("{name}: {key}"));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
    // The list above names only prefixes the templates use.
    assert_eq!(prefixes.len(), DYNAMIC.len(), "{prefixes:?}");
}

/// The pieces of English in a template: text between tags and template code, `aria-label`
/// values, and string literals of template code that read as words.
fn english_pieces(source: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = source;
    while !rest.is_empty() {
        let (cut, close) = if rest.starts_with("{{") {
            (true, "}}")
        } else if rest.starts_with("{%") {
            (true, "%}")
        } else if rest.starts_with("{#") {
            (true, "#}")
        } else if rest.starts_with('<') {
            (true, ">")
        } else {
            (false, "")
        };
        if !cut {
            let c = rest.chars().next().unwrap();
            text.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        pieces.push(std::mem::take(&mut text));
        let end = rest.find(close).map_or(rest.len(), |i| i + close.len());
        let code = &rest[..end];
        rest = &rest[end..];
        if code.starts_with('<') {
            if let Some(label) = code.split("aria-label=\"").nth(1) {
                let label = label.split('"').next().unwrap_or("");
                if !label.contains("{{") {
                    pieces.push(label.to_string());
                }
            }
            continue;
        }
        for quote in ['"', '\''] {
            for (i, literal) in code.split(quote).enumerate() {
                if i % 2 == 1 && literal.contains(|c: char| c.is_ascii_uppercase() || c == ' ') {
                    pieces.push(literal.to_string());
                }
            }
        }
    }
    pieces.push(text);
    pieces
        .into_iter()
        .map(|p| {
            let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
            p.trim_matches(|c: char| !c.is_alphanumeric()).to_string()
        })
        .filter(|p| p.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2)
        .filter(|p| !p.starts_with("waymark "))
        .collect()
}
