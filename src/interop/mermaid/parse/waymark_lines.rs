//! waymark's own lines in a diagram: `%% waymark:journey {…}` and
//! `%% waymark:stage=<id> {…}`, the fields of the journey and of the section above,
//! as one line of JSON each.

use super::{column_at, trim_start, Parser, Spot};
use serde_json::{Map, Value};

impl Parser<'_> {
    /// `%% waymark:journey {…}` or `%% waymark:stage=<id> [{…}]`; `text` follows
    /// `waymark:` and starts at `column`.
    pub(super) fn waymark_comment(&mut self, text: &str, line: usize, column: usize) {
        let hint = "waymark writes `%% waymark:journey {…}` and `%% waymark:stage=<id> {…}` lines";
        let word_end = text
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(text.len());
        let (word, rest) = text.split_at(word_end);
        match word {
            "journey" => {
                let Some(fields) = self.json_fields(rest, line, column_at(text, word_end, column))
                else {
                    return;
                };
                if self.diagram.journey_data.is_some() {
                    self.error(
                        (line, column),
                        "a second `waymark:journey` line",
                        Some(hint),
                    );
                    return;
                }
                self.diagram.journey_data = Some(fields);
            }
            "stage" => {
                let Some(after) = rest.strip_prefix('=') else {
                    self.error(
                        (line, column_at(text, word_end, column)),
                        "expected `=` and the stage id after `waymark:stage`",
                        Some("e.g. `%% waymark:stage=awareness`"),
                    );
                    return;
                };
                let id_end = after.find(char::is_whitespace).unwrap_or(after.len());
                let id = &after[..id_end];
                let id_column = column_at(text, word_end + 1, column);
                if let Some(problem) = crate::model::id_problem(id) {
                    self.error(
                        (line, id_column),
                        format!("stage id: {problem}"),
                        Some("a stage id is lowercase ASCII letters, digits and `-`"),
                    );
                    return;
                }
                let data_offset = word_end + 1 + id_end;
                let Some((fields, fields_spot)) =
                    self.json_fields(&after[id_end..], line, column_at(text, data_offset, column))
                else {
                    return;
                };
                let Some(section) = self.diagram.sections.last_mut() else {
                    self.error(
                        (line, column),
                        "`waymark:stage` before the first `section`",
                        Some("put it on the line after the `section` it belongs to"),
                    );
                    return;
                };
                if section.id.is_some() {
                    self.error(
                        (line, column),
                        "a second `waymark:stage` line in this section",
                        Some("each section has one, on the line after `section`"),
                    );
                    return;
                }
                section.id = Some((id.to_string(), (line, id_column)));
                if !fields.is_empty() {
                    section.data = Some((fields, fields_spot));
                }
            }
            _ => self.error(
                (line, column),
                format!("unknown waymark line `waymark:{word}`"),
                Some(hint),
            ),
        }
    }

    /// The JSON object of a waymark line (`text` starts at `column`) and where it
    /// starts, or an empty one when there is none.
    fn json_fields(
        &mut self,
        text: &str,
        line: usize,
        column: usize,
    ) -> Option<(Map<String, Value>, Spot)> {
        let (json, at) = trim_start(text, column);
        if json.trim().is_empty() {
            return Some((Map::new(), (line, at)));
        }
        match serde_json::from_str::<Map<String, Value>>(json) {
            Ok(fields) => Some((fields, (line, at))),
            Err(err) => {
                let offset = json
                    .char_indices()
                    .nth(err.column().saturating_sub(1))
                    .map_or(json.len(), |(i, _)| i);
                self.error(
                    (line, column_at(json, offset, at)),
                    format!("the waymark fields are not a JSON object: {err}"),
                    Some("restore the line as `waymark export mermaid` wrote it, or delete it"),
                );
                None
            }
        }
    }
}
