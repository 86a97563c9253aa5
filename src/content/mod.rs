//! Reading content files into the model: `site.yaml`, `index.md`, personas and journeys.

mod discover;
mod frontmatter;
pub mod markdown;
pub mod rebase;

pub use discover::{discover, IdFile, SiteFiles};
pub use frontmatter::{split, Document};
pub use markdown::Body;

use crate::diagnostics::Diagnostic;
use crate::model::{
    check_url, Id, Journey, JourneyFront, Persona, PersonaFront, SiteConfig, UrlKind,
};
use crate::yaml;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Reads a file as UTF-8 text; a read failure or invalid UTF-8 is a located error.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|err| Diagnostic::error(path, 0, 0, format!("cannot read the file: {err}")))?;
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        // Valid up to here, so it is text; columns count its characters, as the caret does.
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let (line, column) = line_column(valid, valid.len());
        Diagnostic::error(path, line, column, "the file is not valid UTF-8 text")
            .with_hint("save the file as UTF-8")
    })
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// The Markdown `body` (a slice at the end of the file's `text`) as HTML; nesting too deep
/// to render in reasonable time is an error at the place it happens.
fn body_html(
    path: &Path,
    text: &str,
    body: &str,
    scope: &str,
    mode: Body,
) -> Result<String, Diagnostic> {
    markdown::read_body(body, scope, mode).map_err(|too_deep| {
        let (line, column) = line_column(text, text.len() - body.len() + too_deep.offset);
        Diagnostic::error(
            path,
            line,
            column,
            format!(
                "the Markdown is nested more than {} levels deep",
                markdown::MAX_NESTING
            ),
        )
        .with_hint("flatten the nested lists, quotes or HTML elements from here on")
    })
}

/// Reads and checks `site.yaml`.
pub fn load_config(path: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    if !path.is_file() {
        return Err(vec![Diagnostic::error(
            path,
            0,
            0,
            "no site.yaml: this folder is not a waymark site",
        )
        .with_hint(
            "name the folder that holds site.yaml, or start a site with `waymark init my-journeys`",
        )]);
    }
    let text = read_text(path).map_err(|d| vec![d])?;
    parse_config_text(path, &text)
}

/// Parses and checks `text`, the content of the `site.yaml` at `path`, without reading it.
/// For the fuzz targets; the site reads its settings with [`load_config`].
#[doc(hidden)]
pub fn parse_config_text(path: &Path, text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    let config: SiteConfig = yaml::from_str(text)
        .map_err(|err| vec![yaml_diagnostic(path, YamlSource::Settings, err)])?;
    let mut diagnostics = Vec::new();
    let funnels: Vec<&String> = config
        .metrics
        .iter()
        .filter(|(_, d)| d.funnel)
        .map(|(k, _)| k)
        .collect();
    if funnels.len() > 1 {
        let (line, column) = yaml::locate(
            text,
            &[yaml::Seg::Key("metrics"), yaml::Seg::Key(funnels[1])],
        );
        diagnostics.push(
            Diagnostic::error(
                path,
                line,
                column,
                format!(
                    "metrics `{}` and `{}` are both marked `funnel: true`",
                    funnels[0], funnels[1]
                ),
            )
            .with_hint("a site has one funnel metric; keep `funnel: true` on one of them"),
        );
    }
    for (key, def) in &config.metrics {
        if let (Some(min), Some(max)) = (def.min, def.max) {
            if min >= max {
                let (line, column) = yaml::locate(
                    text,
                    &[
                        yaml::Seg::Key("metrics"),
                        yaml::Seg::Key(key),
                        yaml::Seg::Key("min"),
                    ],
                );
                diagnostics.push(Diagnostic::error(
                    path,
                    line,
                    column,
                    format!("metric `{key}`: min {min} is not below max {max}"),
                ));
            }
        }
    }
    let addresses = [
        ("base_url", Some(&config.base_url), UrlKind::Base),
        ("repo_url", config.repo_url.as_ref(), UrlKind::Web),
    ];
    for (key, value, kind) in addresses {
        let Some(Err(problem)) = value.map(|v| check_url(v, kind)) else {
            continue;
        };
        let (line, column) = yaml::locate(text, &[yaml::Seg::Key(key)]);
        diagnostics.push(
            Diagnostic::error(path, line, column, format!("`{key}`: {problem}")).with_hint(
                match kind {
                    UrlKind::Base => {
                        "e.g. `base_url: https://acme.github.io/cx/` or `base_url: /cx/`"
                    }
                    _ => "e.g. `repo_url: https://github.com/acme/cx-journeys`",
                },
            ),
        );
    }
    if diagnostics.is_empty() {
        Ok(config)
    } else {
        Err(diagnostics)
    }
}

/// Which YAML a problem is in: it names the document in messages about it as a whole.
#[derive(Clone, Copy)]
enum YamlSource {
    /// `site.yaml`, which starts at the first line of its file.
    Settings,
    /// The front matter of a Markdown file, which starts at `line` of the file.
    FrontMatter { line: usize },
}

/// Turns a YAML error in `document` into a diagnostic at the line of the file.
fn yaml_diagnostic(path: &Path, document: YamlSource, err: yaml::YamlError) -> Diagnostic {
    let (first_line, name, fields_hint) = match document {
        YamlSource::Settings => (1, "site.yaml", "write one `name: value` setting a line"),
        YamlSource::FrontMatter { line } => (
            line,
            "the front matter",
            "write one `name: value` field a line between the `---` lines",
        ),
    };
    let mut message = err.message;
    // A document that is not a mapping is named as its author knows it.
    if let Some(rest) = message.strip_prefix("the YAML must be") {
        message = format!("{name} must be{rest}");
    }
    let hint = if message.starts_with(name) {
        Some(fields_hint.to_string())
    } else if let Some(hint) = err.hint {
        Some(hint)
    } else if message.starts_with("unknown field") {
        Some("check the spelling; the expected fields are listed above".into())
    } else if message.starts_with("missing field") {
        Some("add the field to the front-matter".into())
    } else if message.starts_with("YAML aliases expand") {
        Some("write the values out instead of repeating them with `*name` aliases".into())
    } else if message.contains("did not find expected")
        || message.contains("mapping values are not allowed")
    {
        Some("check the indentation, and quote text that contains `: ` or starts with a special character".into())
    } else {
        None
    };
    let diagnostic = Diagnostic::error(path, err.line + first_line - 1, err.column, message);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// The parsed front-matter of a Markdown file, and its Markdown body.
fn parse_document<'t, T: DeserializeOwned>(
    path: &Path,
    text: &'t str,
) -> Result<(T, &'t str), Diagnostic> {
    let doc = split(text)
        .map_err(|err| Diagnostic::error(path, err.line, 1, err.message).with_hint(err.hint))?;
    let document = YamlSource::FrontMatter {
        line: doc.front_line,
    };
    let front = yaml::from_str(doc.front).map_err(|err| yaml_diagnostic(path, document, err))?;
    Ok((front, doc.body))
}

/// Reads the persona at `file`, its body as `mode` says.
pub fn parse_persona(file: &IdFile, mode: Body) -> Result<Persona, Diagnostic> {
    parse_persona_text(file, &read_text(&file.path)?, mode)
}

/// Parses `text`, the whole content of the persona file `file`, without reading it.
/// For the fuzz targets; the site reads personas with [`parse_persona`].
#[doc(hidden)]
pub fn parse_persona_text(file: &IdFile, text: &str, mode: Body) -> Result<Persona, Diagnostic> {
    let (front, body): (PersonaFront, &str) = parse_document(&file.path, text)?;
    let id = Id::try_from(file.id.clone())
        .map_err(|problem| Diagnostic::error(&file.path, 0, 0, problem))?;
    let scope = format!("persona-{id}");
    let body_html = body_html(&file.path, text, body, &scope, mode)?;
    Ok(Persona {
        id,
        front,
        body_html,
        source: file.path.clone(),
    })
}

/// Reads the journey at `file`, its body as `mode` says.
pub fn parse_journey(file: &IdFile, mode: Body) -> Result<Journey, Diagnostic> {
    parse_journey_text(file, &read_text(&file.path)?, mode)
}

/// Parses `text`, the whole content of the journey file `file`, without reading it.
/// For the fuzz targets; the site reads journeys with [`parse_journey`].
#[doc(hidden)]
pub fn parse_journey_text(file: &IdFile, text: &str, mode: Body) -> Result<Journey, Diagnostic> {
    let (front, body): (JourneyFront, &str) = parse_document(&file.path, text)?;
    let id = Id::try_from(file.id.clone())
        .map_err(|problem| Diagnostic::error(&file.path, 0, 0, problem))?;
    let scope = format!("journey-{id}");
    let body_html = body_html(&file.path, text, body, &scope, mode)?;
    Ok(Journey {
        id,
        front: crate::model::compacted(front),
        body_html,
        source: file.path.clone(),
    })
}

/// Reads `index.md`: plain Markdown, front-matter optional.
pub fn parse_index(path: &Path, mode: Body) -> Result<String, Diagnostic> {
    let text = read_text(path)?;
    let body = match split(&text) {
        Ok(doc) => doc.body,
        Err(_) => text.as_str(),
    };
    body_html(path, &text, body, "intro", mode)
}

/// Where the value at `path` is in the front-matter of `file`, as (line, column) of the
/// whole file; used for errors found after parsing, such as an unknown persona id.
pub fn locate_in_front_matter(file: &Path, path: &[yaml::Seg]) -> (usize, usize) {
    locate_many_in_front_matter(file, &[path])[0]
}

/// [`locate_in_front_matter`] for several paths, reading the file once.
pub fn locate_many_in_front_matter(file: &Path, paths: &[&[yaml::Seg]]) -> Vec<(usize, usize)> {
    let Ok(text) = read_text(file) else {
        return vec![(0, 0); paths.len()];
    };
    match split(&text) {
        Ok(doc) => {
            let mut locator = yaml::Locator::new(doc.front);
            paths
                .iter()
                .map(|path| {
                    let (line, column) = locator.locate(path);
                    (line + doc.front_line - 1, column)
                })
                .collect()
        }
        Err(_) => vec![(1, 1); paths.len()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(dir: &Path, name: &str, text: &str) -> IdFile {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        IdFile {
            id: name.trim_end_matches(".md").to_string(),
            path,
        }
    }

    #[test]
    fn persona_errors_point_at_the_offending_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(
            dir.path(),
            "anna.md",
            "---\nname: Anna\nrol: parent\n---\nBody\n",
        );
        let err = parse_persona(&file, Body::Sanitized).unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(
            err.message.contains("unknown field `rol`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn journey_value_errors_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let text = "---\ntitle: T\npersona: anna\nkind: current-state\nstages:\n  - id: a\n    name: A\n    emotion: 3\n---\n";
        let err = parse_journey(&write(dir.path(), "j.md", text), Body::Sanitized).unwrap_err();
        assert_eq!(err.line, 8, "{}", err.message);
        assert!(
            err.message.contains("emotion 3 is outside"),
            "{}",
            err.message
        );
    }

    #[test]
    fn text_parsers_match_the_file_readers() {
        let dir = tempfile::tempdir().unwrap();
        let persona = "---\nname: Anna\n---\nHello *there*\n";
        let file = write(dir.path(), "anna.md", persona);
        let parsed = parse_persona_text(&file, persona, Body::Sanitized).unwrap();
        assert_eq!(parsed, parse_persona(&file, Body::Sanitized).unwrap());
        assert_eq!(parsed.body_html, "<p>Hello <em>there</em></p>\n");
        let journey = "---\ntitle: T\npersona: anna\nkind: current-state\nstages:\n  - id: a\n    name: A\n---\nBody\n";
        let file = write(dir.path(), "j.md", journey);
        let parsed = parse_journey_text(&file, journey, Body::Sanitized).unwrap();
        assert_eq!(parsed, parse_journey(&file, Body::Sanitized).unwrap());
        assert_eq!(parsed.id.as_str(), "j");
        let err = parse_journey_text(&file, "---\ntitle: T\n", Body::Sanitized).unwrap_err();
        assert_eq!(err.path, file.path);
        assert!(err.message.contains("unterminated"), "{}", err.message);
    }

    #[test]
    fn a_parsed_journey_holds_its_lists_without_unused_room() {
        let dir = tempfile::tempdir().unwrap();
        let stage =
            |i: usize| format!("  - id: s{i}\n    name: S{i}\n    actions: [one, two, three]\n");
        let stages: String = (0..5).map(stage).collect();
        let text =
            format!("---\ntitle: T\npersona: anna\nkind: current-state\nstages:\n{stages}---\n");
        let journey = parse_journey(&write(dir.path(), "j.md", &text), Body::Sanitized).unwrap();
        let stages = &journey.front.stages;
        assert_eq!((stages.len(), stages.capacity()), (5, 5));
        for stage in stages {
            assert_eq!((stage.actions.len(), stage.actions.capacity()), (3, 3));
        }
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        fs::write(&path, b"---\nname: A\xff\n---\n").unwrap();
        let err = read_text(&path).unwrap_err();
        assert_eq!((err.line, err.column), (2, 8));
        // Columns count characters: `Zoë` is three of them, though four bytes.
        fs::write(&path, b"---\nname: Zo\xc3\xab \xe2\x80\x94 \xe9t\xe9\n").unwrap();
        let err = read_text(&path).unwrap_err();
        assert_eq!((err.line, err.column), (2, 13));
    }

    #[test]
    fn markdown_nested_too_deep_is_located_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let body = format!("Intro\n\n{} x\n", ">".repeat(markdown::MAX_NESTING + 1));
        let text = format!("---\nname: Anna\n---\n{body}");
        let file = write(dir.path(), "anna.md", &text);
        let err = parse_persona(&file, Body::Sanitized).unwrap_err();
        assert_eq!((err.line, err.column), (6, markdown::MAX_NESTING + 1));
        assert!(err.message.contains("nested more than"), "{}", err.message);
        // `check` reads bodies only for this error, and finds it at the same place.
        assert_eq!(parse_persona(&file, Body::Checked).unwrap_err(), err);
    }

    #[test]
    fn a_checked_body_is_left_empty() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(
            dir.path(),
            "j.md",
            "---
name: Anna
---
Hello *there*
",
        );
        assert_eq!(parse_persona(&file, Body::Checked).unwrap().body_html, "");
        assert_eq!(
            parse_persona(&file, Body::Sanitized).unwrap().body_html,
            "<p>Hello <em>there</em></p>\n"
        );
    }
}
