//! Reading the responses of an export with a [`Plan`]: each response turned into its
//! feedback rows, masked, with every problem located at its field.

use super::plan::{Part, Plan};
use crate::diagnostics::Diagnostic;
use crate::feedback::mask::{mask, MaskCounts};
use crate::metrics::raw::{leading_breaks, locate, sniff, Tap};
use crate::metrics::{parse_number, parse_period};
use crate::model::{Id, PeriodKind};
use std::collections::{BTreeMap, HashSet};
use std::io::{self, Read as _};
use std::path::Path;

/// What the export held.
pub struct Responses {
    pub rows: Vec<BTreeMap<&'static str, String>>,
    /// The columns the rows fill, in the file's order.
    pub columns: Vec<&'static str>,
    pub already: usize,
    pub no_stage: BTreeMap<String, usize>,
    pub masked: MaskCounts,
}

impl Plan<'_> {
    /// The columns the new rows fill.
    fn columns(&self) -> Vec<&'static str> {
        let rated = self.parts.iter().any(|p| p.rating.is_some());
        let scaled = self.parts.iter().any(|p| p.scale_text.is_some());
        let texts = self.parts.iter().any(|p| p.text.is_some());
        let wanted = [
            true,
            true,
            true,
            rated,
            scaled,
            texts,
            self.source.is_some(),
            self.channel.is_some(),
            self.segment.is_some(),
            self.tags.is_some(),
        ];
        super::COLUMNS
            .iter()
            .zip(wanted)
            .filter(|(_, w)| *w)
            .map(|(c, _)| *c)
            .collect()
    }

    /// Reads every response of the export into rows; `known` are the ids already in the
    /// feedback file.
    pub fn read(&self, path: &Path, known: &HashSet<String>) -> Result<Responses, Vec<Diagnostic>> {
        let fail = |e: io::Error| {
            vec![Diagnostic::in_file(
                path,
                format!("cannot read the file: {e}"),
            )]
        };
        let mut input = io::BufReader::new(std::fs::File::open(path).map_err(fail)?);
        let sniffed = sniff(&mut input).map_err(fail)?;
        let stream = Tap::new(io::Cursor::new(sniffed.prefix).chain(input));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .from_reader(stream);
        let mut read = Responses {
            rows: Vec::new(),
            columns: self.columns(),
            already: 0,
            no_stage: BTreeMap::new(),
            masked: MaskCounts::default(),
        };
        let mut seen: HashSet<String> = HashSet::new();
        let mut errors = Vec::new();
        let mut record = csv::StringRecord::new();
        let mut index = 0;
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    errors.push(Diagnostic::error(
                        path,
                        line,
                        0,
                        format!("cannot read the file: {e}"),
                    ));
                    break;
                }
            }
            index += 1;
            let (byte, line) = record
                .position()
                .map_or((0, 1), |p| (p.byte(), p.line() as usize));
            if index <= self.header_rows || record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let raw = reader.get_ref().from(byte);
            let (skipped, breaks) = leading_breaks(raw);
            let at = |field: usize| {
                let (lines, column) = locate(&raw[skipped..], self.delimiter, field);
                (line + breaks + lines, column)
            };
            let mut error = |field: usize, message: String| {
                let (line, column) = at(field);
                errors.push(Diagnostic::error(path, line, column, message));
            };
            self.response(&record, &mut read, &mut seen, known, &mut error);
            if errors.len() >= crate::metrics::MAX_DIAGNOSTICS {
                break;
            }
            reader.get_mut().forget_before(byte);
        }
        if errors.is_empty() {
            Ok(read)
        } else {
            Err(errors)
        }
    }

    /// Turns one response into its rows.
    fn response(
        &self,
        record: &csv::StringRecord,
        read: &mut Responses,
        seen: &mut HashSet<String>,
        known: &HashSet<String>,
        error: &mut dyn FnMut(usize, String),
    ) {
        let field = |at: usize| record.get(at).unwrap_or("").trim();
        let id = field(self.id);
        if id.is_empty() {
            error(
                self.id,
                format!("empty id in column `{}`", self.name(self.id)),
            );
            return;
        }
        let at = self.date;
        let date = match self.date_format.parse(field(at)) {
            Some(date) if parse_period(&date).is_ok_and(|p| p.kind == PeriodKind::Day) => date,
            _ => {
                let msg = format!(
                    "`{}` is not a date written {}",
                    field(at),
                    self.date_format.as_str()
                );
                error(at, msg);
                return;
            }
        };
        for part in &self.parts {
            let Some(stage) = self.stage_of(part, record, read) else {
                continue;
            };
            let rating = match part.rating.map(|at| (at, field(at))) {
                None | Some((_, "")) => None,
                Some((at, answer)) => match part.rating_values.get(&answer.to_lowercase()) {
                    Some(value) => Some(*value),
                    None if !part.rating_values.is_empty() => None,
                    None => match parse_number(answer, self.delimiter) {
                        Ok(value) => {
                            let scale = part.scale.unwrap_or(self.site_scale);
                            if !scale.contains(value) {
                                error(at, format!("rating {value} is outside its scale {scale}"));
                                continue;
                            }
                            Some(value)
                        }
                        Err(msg) => {
                            error(at, msg);
                            continue;
                        }
                    },
                },
            };
            let text = part.text.map(field).filter(|t| !t.is_empty());
            if rating.is_none() && text.is_none() {
                continue;
            }
            let row_id = if self.parts.len() == 1 {
                id.to_string()
            } else {
                format!("{id}-{stage}")
            };
            if known.contains(&row_id) || !seen.insert(row_id.clone()) {
                read.already += 1;
                continue;
            }
            let mut row: BTreeMap<&'static str, String> = BTreeMap::new();
            row.insert("id", row_id);
            row.insert("date", date.clone());
            row.insert("stage", stage.to_string());
            if let Some(rating) = rating {
                row.insert("rating", rating.to_string());
                if let Some(scale) = &part.scale_text {
                    row.insert("scale", scale.clone());
                }
            }
            if let Some(text) = text {
                let (masked, counts) = mask(text);
                read.masked += counts;
                row.insert("text", masked.into_owned());
            }
            if let Some(source) = &self.source {
                row.insert("source", source.clone());
            }
            for (name, column) in [("channel", self.channel), ("segment", self.segment)] {
                if let Some(at) = column {
                    row.insert(name, field(at).to_string());
                }
            }
            if let Some(at) = self.tags {
                row.insert("tags", self.map.tags_of(field(at)));
            }
            read.rows.push(row);
        }
    }

    /// The stage of `part` in this response, or None (counted) when its answer names
    /// none of the journey's stages.
    fn stage_of(
        &self,
        part: &Part,
        record: &csv::StringRecord,
        read: &mut Responses,
    ) -> Option<&Id> {
        if let Some(stage) = part.stage {
            return self.stages.get(stage);
        }
        let answer = record.get(part.stage_column?).unwrap_or("").trim();
        if answer.is_empty() {
            return None;
        }
        let id = part
            .stage_values
            .iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(answer))
            .map_or(answer, |(_, v)| v.as_str());
        let found = self.stages.iter().find(|s| s.as_str() == id);
        if found.is_none() {
            let shown: String = answer.chars().take(40).collect();
            *read.no_stage.entry(shown).or_default() += 1;
        }
        found
    }

    fn name(&self, at: usize) -> &str {
        self.header[0].get(at).map_or("", String::as_str)
    }
}
