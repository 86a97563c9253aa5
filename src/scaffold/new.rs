//! `waymark new persona|journey`: a new content file with every field present and a
//! comment on each saying what it is for, so that the file is its own manual.

use super::{create_file, ScaffoldError};
use crate::content::IdFile;
use crate::model::{id_problem, Date, JourneyKind};
use minijinja::syntax::SyntaxConfig;
use minijinja::{context, Environment, UndefinedBehavior};
use std::path::{Path, PathBuf};

const PERSONA_TEMPLATE: &str = include_str!("templates/persona.md");
const JOURNEY_TEMPLATE: &str = include_str!("templates/journey.md");

/// The stages a new journey of `kind` starts with, as ids and headings, for a team to
/// rename or replace with its own steps.
fn stages(kind: JourneyKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        // The classic customer lifecycle; a future state keeps the ids of the current
        // state it is set against, so the two line up side by side.
        JourneyKind::CurrentState | JourneyKind::FutureState => &[
            ("awareness", "Awareness"),
            ("consideration", "Consideration"),
            ("purchase", "Purchase"),
            ("retention", "Retention"),
            ("advocacy", "Advocacy"),
        ],
        // A person's day, of which the product is one part.
        JourneyKind::DayInTheLife => &[
            ("morning", "Morning"),
            ("commute", "Commute"),
            ("work", "At work"),
            ("evening", "Evening"),
            ("night", "Night"),
        ],
        // One service delivered from the request to the follow-up.
        JourneyKind::ServiceBlueprint => &[
            ("request", "Request"),
            ("scheduling", "Scheduling"),
            ("delivery", "Service delivery"),
            ("resolution", "Resolution"),
            ("follow-up", "Follow-up"),
        ],
    }
}

/// The column trailing comments are aligned to, so the file reads as two columns.
const COMMENT_COLUMN: usize = 40;

/// Writes `personas/<id>.md` in the site folder `site` and returns its path.
pub fn new_persona(site: &Path, id: &str) -> Result<PathBuf, ScaffoldError> {
    check_id(id)?;
    let path = site.join("personas").join(format!("{id}.md"));
    let text = render(
        &path,
        PERSONA_TEMPLATE,
        context! { name => yaml_text(&words(id, true)) },
    )?;
    // The file must load as the build reads it: a template or naming mistake is caught
    // here, not by the user's next build.
    let file = IdFile {
        id: id.to_string(),
        path: path.clone(),
    };
    if let Err(err) =
        crate::content::parse_persona_text(&file, &text, crate::content::Body::Sanitized)
    {
        return Err(generated_invalid(&path, &err.message));
    }
    create_file(&path, text.as_bytes())?;
    Ok(path)
}

/// Writes `journeys/<id>.md` in the site folder `site`, a journey of `kind` for the
/// persona `persona` (which must have a file), reviewed `today`; returns its path.
pub fn new_journey(
    site: &Path,
    id: &str,
    persona: &str,
    kind: JourneyKind,
    today: Date,
) -> Result<PathBuf, ScaffoldError> {
    check_id(id)?;
    let known = persona_ids(site)?;
    if !known.iter().any(|p| p == persona) {
        return Err(ScaffoldError::UnknownPersona {
            id: persona.to_string(),
            known,
        });
    }
    let stages: Vec<_> = stages(kind)
        .iter()
        .map(|&(id, name)| context! { id => id, name => name })
        .collect();
    let path = site.join("journeys").join(format!("{id}.md"));
    let text = render(
        &path,
        JOURNEY_TEMPLATE,
        context! {
            title => yaml_text(&words(id, false)),
            persona => persona,
            kind => kind.as_str(),
            updated => today.to_string(),
            stages => stages,
            blueprint => kind == JourneyKind::ServiceBlueprint,
        },
    )?;
    let file = IdFile {
        id: id.to_string(),
        path: path.clone(),
    };
    if let Err(err) =
        crate::content::parse_journey_text(&file, &text, crate::content::Body::Sanitized)
    {
        return Err(generated_invalid(&path, &err.message));
    }
    create_file(&path, text.as_bytes())?;
    Ok(path)
}

fn check_id(id: &str) -> Result<(), ScaffoldError> {
    match id_problem(id) {
        Some(problem) => Err(ScaffoldError::InvalidId {
            id: id.to_string(),
            problem,
        }),
        None => Ok(()),
    }
}

/// The ids of the persona files of `site`, sorted.
fn persona_ids(site: &Path) -> Result<Vec<String>, ScaffoldError> {
    let dir = site.join("personas");
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(ScaffoldError::Io { path: dir, error }),
    };
    let mut ids: Vec<String> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".md")?;
            id_problem(stem).is_none().then(|| stem.to_string())
        })
        .collect();
    ids.sort();
    Ok(ids)
}

/// Renders one of the embedded templates for the file at `path`.
fn render(path: &Path, source: &str, ctx: minijinja::Value) -> Result<String, ScaffoldError> {
    let broken = |err: minijinja::Error| generated_invalid(path, &err.to_string());
    let mut env = Environment::new();
    let syntax = SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .build()
        .map_err(broken)?;
    env.set_syntax(syntax);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let text = env.render_str(source, ctx).map_err(broken)?;
    Ok(align_comments(&text, COMMENT_COLUMN))
}

/// A generated file that does not render or load. The templates are part of the binary
/// and tested, so this is a bug of theirs; it is reported rather than written.
fn generated_invalid(path: &Path, problem: &str) -> ScaffoldError {
    ScaffoldError::Io {
        path: path.to_path_buf(),
        error: std::io::Error::other(format!(
            "the generated file is not valid ({problem}); nothing was written"
        )),
    }
}

/// An id as words: `buying-online` → `Buying online`, or `Buying Online` as a name.
fn words(id: &str, every_word: bool) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, word)| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) if i == 0 || every_word => {
                    first.to_ascii_uppercase().to_string() + chars.as_str()
                }
                _ => word.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as a YAML scalar that reads back as the same string: words made from an id
/// are plain, except those YAML would read as a number, a bool or null (`2026`, `No`).
fn yaml_text(text: &str) -> String {
    let special = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    ];
    let starts_numeric = text.starts_with(|c: char| c.is_ascii_digit());
    if starts_numeric || special.contains(&text.to_ascii_lowercase().as_str()) {
        format!("\"{text}\"")
    } else {
        text.to_string()
    }
}

/// Lines with a trailing comment (a value, two or more spaces, `# `) get the comment at
/// `column`, whatever the length of the value filled in before it.
fn align_comments(text: &str, column: usize) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        match body.find("  # ") {
            Some(at) if !body[..at].trim().is_empty() => {
                let value = body[..at].trim_end();
                let comment = body[at..].trim_start();
                let pad = column.saturating_sub(value.chars().count()).max(2);
                out.push_str(value);
                out.push_str(&" ".repeat(pad));
                out.push_str(comment);
                out.push_str(newline);
            }
            _ => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_titles_and_names() {
        assert_eq!(words("buying-online", false), "Buying online");
        assert_eq!(words("maria-lopez", true), "Maria Lopez");
        assert_eq!(words("2026-returns", false), "2026 returns");
    }

    #[test]
    fn words_yaml_would_misread_are_quoted() {
        assert_eq!(yaml_text("Returns"), "Returns");
        assert_eq!(yaml_text("No"), "\"No\"");
        assert_eq!(yaml_text("2026"), "\"2026\"");
        assert_eq!(yaml_text("1e3"), "\"1e3\"");
    }

    #[test]
    fn comments_line_up_whatever_the_value() {
        let text = "title: A  # the heading\nname: A much longer value  # comment\n# whole line\n";
        let aligned = align_comments(text, 20);
        assert_eq!(
            aligned,
            "title: A            # the heading\nname: A much longer value  # comment\n# whole line\n"
        );
    }
}
