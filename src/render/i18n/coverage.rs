//! Every English word the theme's templates show has an entry in en.yaml: the check that
//! keeps the tables whole while templates change.

use super::table::{self, Source};
use super::BUILTIN;
use std::collections::BTreeSet;
use std::path::Path;

/// English text of the templates, each piece between markup and template code, that no
/// entry of en.yaml holds as it stands, with the entry that covers it in other words.
const REWORDED: [(&str, &str); 2] = [
    (
        "pain points across",
        "pain_points.lead with pain_points.across",
    ),
    (
        "journeys, most severe first",
        "pain_points.lead with pain_points.across",
    ),
];

#[test]
fn every_english_word_of_the_templates_has_an_entry() {
    let text = BUILTIN.iter().find(|(c, _)| *c == "en").unwrap().1;
    let en = table::read(Source {
        path: Path::new("en.yaml"),
        text,
    })
    .unwrap();
    let texts: Vec<String> = en
        .iter()
        .flat_map(|l| {
            l.entry.forms().into_iter().map(|(_, t)| {
                let mut out = String::new();
                t.write(&mut out, |_, out| {
                    out.push('\u{1}');
                    true
                });
                out
            })
        })
        .collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut missing = Vec::new();
    let mut reworded_seen = BTreeSet::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for piece in english_pieces(&source) {
            if REWORDED.iter().any(|(p, _)| *p == piece) {
                reworded_seen.insert(piece);
                continue;
            }
            let covered = texts.iter().any(|t| t.contains(&piece));
            if !covered {
                missing.push(format!(
                    "{}: {piece:?}",
                    file.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
    // The list above names only text the templates still have.
    assert_eq!(reworded_seen.len(), REWORDED.len(), "{reworded_seen:?}");
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
        .filter(|p| !p.starts_with("waymark ") && !p.contains('{'))
        .collect()
}
