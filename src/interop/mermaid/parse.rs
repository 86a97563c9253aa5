//! Reading a Mermaid `journey` diagram as Mermaid reads it (its grammar is
//! `packages/mermaid/src/diagrams/user-journey/parser/journey.jison`): a YAML front
//! matter block and `%%` comments before `journey`, keywords in any case, `title`,
//! `accTitle:`, `accDescr:` and `accDescr { … }`, `section`, and tasks
//! `Name: score[: Actor, Actor]`; `#` starts a comment. Plus waymark's own
//! `%% waymark:journey {…}` and `%% waymark:stage=<id> {…}` lines.

mod waymark_lines;

use super::escape::{self, find_stop};
use crate::diagnostics::Diagnostic;
use serde_json::{Map, Value};
use std::path::Path;

/// A 1-based line and column (in characters).
pub type Spot = (usize, usize);

/// What the diagram says, before it is mapped onto a journey.
#[derive(Debug, Default)]
pub struct Diagram {
    /// `title:` of the front matter.
    pub front_title: Option<String>,
    pub title: Option<(String, Spot)>,
    pub acc_title: Option<String>,
    pub acc_descr: Option<String>,
    /// The fields of `%% waymark:journey {…}`.
    pub journey_data: Option<(Map<String, Value>, Spot)>,
    pub sections: Vec<Section>,
}

#[derive(Debug)]
pub struct Section {
    /// Empty for the tasks written before any `section`.
    pub name: String,
    pub spot: Spot,
    /// From `%% waymark:stage=<id>`.
    pub id: Option<(String, Spot)>,
    /// The fields of `%% waymark:stage=<id> {…}`.
    pub data: Option<(Map<String, Value>, Spot)>,
    pub tasks: Vec<Task>,
}

#[derive(Debug)]
pub struct Task {
    pub name: String,
    pub score: f64,
    pub actors: Vec<(String, Spot)>,
}

struct Parser<'a> {
    path: &'a Path,
    diagram: Diagram,
    diagnostics: Vec<Diagnostic>,
    started: bool,
}

/// Reads `text`, the content of the file at `path`. Every problem is in the returned
/// diagnostics; the diagram holds whatever could be read.
pub fn parse(text: &str, path: &Path) -> (Diagram, Vec<Diagnostic>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut parser = Parser {
        path,
        diagram: Diagram::default(),
        diagnostics: Vec::new(),
        started: false,
    };
    let mut i = parser.front_matter(&lines);
    while i < lines.len() {
        let line = lines[i];
        let number = i + 1;
        i += 1;
        let (statement, column) = trim_start(line, 1);
        if statement.starts_with("%%{") && !statement.contains("}%%") {
            // A directive over several lines: Mermaid's configuration, not ours.
            while i < lines.len() && !lines[i - 1].contains("}%%") {
                i += 1;
            }
            continue;
        }
        if let Some(rest) = strip_keyword(statement, "accdescr") {
            let (rest, at) = trim_start(rest, column + 8);
            if let Some(block) = rest.strip_prefix('{') {
                i = parser.description_block(&lines, i, block, (number, at));
                continue;
            }
        }
        parser.statement(statement, number, column);
        if parser.diagnostics.len() >= crate::metrics::MAX_DIAGNOSTICS {
            break;
        }
    }
    if !parser.started && parser.diagnostics.is_empty() {
        parser.error(
            (lines.len().max(1), 1),
            "no `journey` line: this is not a Mermaid journey diagram",
            Some("a journey diagram starts with the line `journey`"),
        );
    }
    (parser.diagram, parser.diagnostics)
}

/// `text` without its leading blanks, and the column its first character has when
/// `text` starts at `column`.
fn trim_start(text: &str, column: usize) -> (&str, usize) {
    let rest = text.trim_start();
    (
        rest,
        column + text[..text.len() - rest.len()].chars().count(),
    )
}

/// What follows `keyword` (compared in any case) at the start of `text`.
fn strip_keyword<'t>(text: &'t str, keyword: &str) -> Option<&'t str> {
    let head = text.get(..keyword.len())?;
    head.eq_ignore_ascii_case(keyword)
        .then(|| &text[keyword.len()..])
}

/// The column of byte `offset` of `text`, which starts at `column`.
fn column_at(text: &str, offset: usize, column: usize) -> usize {
    column + text[..offset.min(text.len())].chars().count()
}

impl Parser<'_> {
    fn error(&mut self, at: Spot, message: impl Into<String>, hint: Option<&str>) {
        let mut d = Diagnostic::error(self.path, at.0, at.1, message);
        d.hint = hint.map(str::to_string);
        self.diagnostics.push(d);
    }

    fn warning(&mut self, at: Spot, message: impl Into<String>, hint: Option<&str>) {
        let mut d = Diagnostic::warning(self.path, at.0, at.1, message);
        d.hint = hint.map(str::to_string);
        self.diagnostics.push(d);
    }

    /// Reads a `---` … `---` block before `journey` (Mermaid's configuration, whose
    /// `title` is the diagram's title) and returns the index of the line after it.
    fn front_matter(&mut self, lines: &[&str]) -> usize {
        let Some(open) = lines.iter().position(|l| !l.trim().is_empty()) else {
            return 0;
        };
        if lines[open].trim() != "---" {
            return 0;
        }
        let Some(close) = lines[open + 1..].iter().position(|l| l.trim() == "---") else {
            self.error(
                (open + 1, 1),
                "unterminated front matter: no closing `---` line",
                Some("end Mermaid's configuration block with a `---` line before `journey`"),
            );
            return lines.len();
        };
        let close = open + 1 + close;
        let indent = lines[open].len() - lines[open].trim_start().len();
        let yaml: String = lines[open + 1..close]
            .iter()
            .map(|l| {
                let cut = l.len() - l.trim_start().len();
                format!("{}\n", &l[cut.min(indent)..])
            })
            .collect();
        if yaml.trim().is_empty() {
            return close + 1;
        }
        match crate::yaml::from_str::<Map<String, Value>>(&yaml) {
            Ok(fields) => {
                self.diagram.front_title = match fields.get("title") {
                    Some(Value::String(s)) => Some(s.trim().to_string()),
                    Some(Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                };
            }
            Err(err) => self.error(
                (open + 1 + err.line, err.column + indent.min(err.column)),
                format!("the front matter is not valid YAML: {}", err.message),
                None,
            ),
        }
        close + 1
    }

    /// `accDescr { … }`: the text up to `}`, perhaps over several lines, as Mermaid
    /// keeps it (trimmed, each line without its indentation). Returns the next line.
    fn description_block(
        &mut self,
        lines: &[&str],
        mut next: usize,
        first: &str,
        at: Spot,
    ) -> usize {
        let mut text = String::from(first);
        loop {
            if let Some(end) = text.find('}') {
                let after = text[end + 1..].trim().to_string();
                text.truncate(end);
                if !after.is_empty() {
                    self.error(
                        (next, 1),
                        "text after the `}` that ends `accDescr { … }`",
                        Some("put the next statement on a line of its own"),
                    );
                }
                break;
            }
            let Some(line) = lines.get(next) else {
                self.error(
                    at,
                    "`accDescr {` has no closing `}`",
                    Some("end the description with `}`"),
                );
                return next;
            };
            text.push('\n');
            text.push_str(line);
            next += 1;
        }
        let lines: Vec<&str> = text.trim().lines().map(str::trim_start).collect();
        self.diagram.acc_descr = Some(escape::decode(&lines.join("\n")));
        if !self.started {
            self.not_started(at);
        }
        next
    }

    fn not_started(&mut self, at: Spot) {
        self.error(
            at,
            "expected `journey` before this line: this is not a Mermaid journey diagram",
            Some("a journey diagram starts with the line `journey` (after an optional `---` front matter block)"),
        );
        // One such error is enough: nothing after it is read.
        self.started = true;
    }

    /// One line, `text` being its content from `column` on.
    fn statement(&mut self, text: &str, line: usize, column: usize) {
        // `#` starts a comment, but not an entity code: Mermaid replaces those first.
        if text.is_empty() || (text.starts_with('#') && escape::entity_len(text).is_none()) {
            return;
        }
        if let Some(comment) = text.strip_prefix("%%") {
            if let Some(data) = comment.trim_start().strip_prefix("waymark:") {
                let offset = text.len() - data.len();
                self.waymark_comment(data, line, column_at(text, offset, column));
            }
            return;
        }
        if !self.started {
            if let Some(rest) = strip_keyword(text, "journey")
                .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace))
            {
                self.started = true;
                let (rest, at) = trim_start(rest, column + 7);
                self.statement(rest, line, at);
            } else {
                self.not_started((line, column));
            }
            return;
        }
        if strip_keyword(text, "journey").is_some() {
            self.error(
                (line, column),
                "a line cannot start with `journey` here: Mermaid reads it as the keyword",
                Some("write the first letter as an entity code: `#106;ourney`"),
            );
            return;
        }
        if let Some(rest) =
            strip_keyword(text, "title").filter(|r| r.starts_with(char::is_whitespace))
        {
            let start = column_at(text, 6, column);
            let value = self.up_to_comment(&rest[1..], &['#', ';'], line, start, "the title");
            if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
                self.diagram.title = Some((escape::read(value), (line, start)));
            } else {
                self.error((line, column), "`title` without a title", None);
            }
            return;
        }
        for (keyword, is_title) in [("acctitle", true), ("accdescr", false)] {
            let Some(rest) = strip_keyword(text, keyword) else {
                continue;
            };
            let Some(value) = rest.trim_start().strip_prefix(':') else {
                continue;
            };
            let value = escape::decode(value.trim());
            match is_title {
                true => self.diagram.acc_title = Some(value),
                false => self.diagram.acc_descr = Some(value),
            }
            return;
        }
        if let Some(rest) =
            strip_keyword(text, "section").filter(|r| r.starts_with(char::is_whitespace))
        {
            let start = column_at(text, 8, column);
            let name =
                self.up_to_comment(&rest[1..], &[':', '#', ';'], line, start, "a section name");
            match name.filter(|n| !n.trim().is_empty()) {
                Some(name) => self.diagram.sections.push(Section {
                    name: escape::read(name),
                    spot: (line, start),
                    id: None,
                    data: None,
                    tasks: Vec::new(),
                }),
                None => self.error((line, column), "`section` without a name", None),
            }
            return;
        }
        self.task(text, line, column);
    }

    /// `text` up to a `#` comment; a `:` or `;` among `stops` is an error (Mermaid cannot
    /// read the line either). `None` when there is such an error.
    fn up_to_comment<'t>(
        &mut self,
        text: &'t str,
        stops: &[char],
        line: usize,
        column: usize,
        what: &str,
    ) -> Option<&'t str> {
        let Some(at) = find_stop(text, stops) else {
            return Some(text);
        };
        let found = text[at..].chars().next().unwrap_or('#');
        if found == '#' {
            return Some(&text[..at]);
        }
        let code = found as u32;
        self.error(
            (line, column_at(text, at, column)),
            format!("`{found}` cannot be in {what}: Mermaid ends the statement there"),
            Some(&format!("write it as the entity code `#{code};`")),
        );
        None
    }

    /// `Name: score[: Actor, Actor]`.
    fn task(&mut self, text: &str, line: usize, column: usize) {
        let stop = find_stop(text, &[':', '#', ';']);
        let Some(colon) = stop.filter(|&at| text[at..].starts_with(':')) else {
            let at = stop.unwrap_or(text.len());
            let found = text[at..].chars().next();
            let (message, hint) = match found {
                Some(';') => (
                    "`;` cannot be in a task name: Mermaid ends the statement there".to_string(),
                    "write it as the entity code `#59;`",
                ),
                Some('#') => (
                    "`#` starts a comment in Mermaid: this task has no score".to_string(),
                    "write a `#` in a name as the entity code `#35;`",
                ),
                _ => (
                    format!(
                        "`{}` is not a statement of a journey diagram: a task needs a score",
                        text.trim()
                    ),
                    "write a task as `Task name: 5: Actor`, with a score from 1 to 5",
                ),
            };
            self.error((line, column_at(text, at, column)), message, Some(hint));
            return;
        };
        let name = escape::read(&text[..colon]);
        if name.is_empty() {
            self.error(
                (line, column),
                "a task without a name",
                Some("write a task as `Task name: 5: Actor`"),
            );
            return;
        }
        let data_start = colon + 1;
        let data = match self.up_to_comment(
            &text[data_start..],
            &['#', ';'],
            line,
            column_at(text, data_start, column),
            "a task",
        ) {
            Some(data) => data,
            None => return,
        };
        let mut pieces = data.split(':');
        let score_text = pieces.next().unwrap_or_default();
        let score_column = {
            let (_, at) = trim_start(score_text, column_at(text, data_start, column));
            at
        };
        let score = match score_text.trim() {
            "" => {
                self.error(
                    (line, score_column),
                    format!("task `{name}` has no score"),
                    Some("give every task a score from 1 (very negative) to 5 (very positive): `Task: 4: Me`"),
                );
                return;
            }
            number => match number.parse::<f64>() {
                Ok(score) if score.is_finite() && (1.0..=5.0).contains(&score) => score,
                Ok(score) if score.is_finite() => {
                    self.error(
                        (line, score_column),
                        format!("score {number} of task `{name}` is outside Mermaid's scale from 1 to 5"),
                        Some("a score is from 1 (very negative) to 5 (very positive)"),
                    );
                    return;
                }
                _ => {
                    self.error(
                        (line, score_column),
                        format!("`{number}` is not a score: expected a number from 1 to 5"),
                        Some("write a task as `Task name: 5: Actor`"),
                    );
                    return;
                }
            },
        };
        let mut actors = Vec::new();
        if let Some(list) = pieces.next() {
            let mut offset = data_start + score_text.len() + 1;
            for actor in list.split(',') {
                let (trimmed, at) = trim_start(actor, column_at(text, offset, column));
                let actor_name = escape::read(trimmed);
                if !actor_name.is_empty() {
                    actors.push((actor_name, (line, at)));
                }
                offset += actor.len() + 1;
            }
        }
        if pieces.any(|rest| !rest.trim().is_empty()) {
            let at = data_start + data.match_indices(':').nth(1).map_or(0, |(i, _)| i);
            self.warning(
                (line, column_at(text, at, column)),
                "text after a second `:` is ignored, as Mermaid ignores it",
                Some("list the actors after the score, separated by commas: `Task: 4: Me, Cat`"),
            );
        }
        if self.diagram.sections.is_empty() {
            self.warning(
                (line, column),
                "a task before the first `section`: it makes a stage of its own, named after the journey",
                Some("put a `section Name` line above it"),
            );
            self.diagram.sections.push(Section {
                name: String::new(),
                spot: (line, column),
                id: None,
                data: None,
                tasks: Vec::new(),
            });
        }
        if let Some(section) = self.diagram.sections.last_mut() {
            section.tasks.push(Task {
                name,
                score,
                actors,
            });
        }
    }
}
