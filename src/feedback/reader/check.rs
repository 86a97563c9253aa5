//! The checks of the header and of each row of a feedback CSV, with their messages.

use super::{Columns, FeedbackRow, State, NAMES};
use super::{CHANNEL, DATE, ID, JOURNEY, PERIOD, RATING, SCALE, SEGMENT, SOURCE, STAGE};
use super::{TAGS, TEXT};
use crate::diagnostics::Diagnostic;
use crate::feedback::mask::{mask, MaskCounts};
use crate::metrics::raw::Row;
use crate::metrics::{parse_number, parse_period, PERIOD_FORMS};
use crate::model::{Id, Period, PeriodKind, Scale};
use csv::ByteRecord;
use std::borrow::Cow;

/// Longest list shown in a hint.
const HINT_ITEMS: usize = 10;

/// How many unread columns of a header are named one by one.
const UNREAD_SHOWN: usize = 10;
/// Longest tag: a theme's name, which pages and site.json list, not a text.
const MAX_TAG: usize = 100;

/// `a, b, c` with at most [`HINT_ITEMS`] items, then how many were left out.
/// Whether the `text` field of `rec` holds more than blanks.
fn has_verbatim(rec: &ByteRecord, cols: &Columns) -> bool {
    let field = cols.at[TEXT].and_then(|at| rec.get(at)).unwrap_or_default();
    !field.trim_ascii().is_empty()
}

fn short_list<'i>(items: impl ExactSizeIterator<Item = &'i str>) -> String {
    let total = items.len();
    let mut list: Vec<&str> = items.take(HINT_ITEMS).collect();
    let more = format!("and {} more", total.saturating_sub(HINT_ITEMS));
    if total > HINT_ITEMS {
        list.push(&more);
    }
    list.join(", ")
}

/// A scale written `MIN-MAX`, such as `1-5` or `0-10`.
pub fn parse_scale(text: &str, delimiter: u8) -> Result<Scale, String> {
    let bad = || format!("`{text}` is not a scale: expected MIN-MAX, such as 1-5 or 0-10");
    // The dash between the bounds is the first one after the first character, so a
    // negative minimum (`-2-2`) reads too.
    let dash = text
        .char_indices()
        .skip(1)
        .find(|(_, c)| *c == '-')
        .map(|(i, _)| i)
        .ok_or_else(bad)?;
    let min = parse_number(&text[..dash], delimiter).map_err(|_| bad())?;
    let max = parse_number(&text[dash + 1..], delimiter).map_err(|_| bad())?;
    Scale::new(min, max).map_err(|why| format!("`{text}` is not a scale: {why}"))
}

impl<'a> State<'a> {
    fn known_journeys(&self) -> String {
        let ids = self.schema.journeys.keys().map(Id::as_str);
        format!("known journeys: {}", short_list(ids))
    }

    /// Finds the columns; None when the file cannot be read further.
    pub(super) fn header(&mut self, rec: &ByteRecord, row: &Row) -> Option<Columns> {
        let names: Vec<String> = rec
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_lowercase())
            .collect();
        let mut at = [None; 12];
        let mut unread = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let Some(k) = NAMES.iter().position(|n| n == name) else {
                unread.push(i);
                continue;
            };
            match at[k] {
                None => at[k] = Some(i),
                Some(first) => {
                    let n = first + 1;
                    let msg =
                        format!("column `{name}` appears twice (also column {n} of the header)");
                    self.report.field_error(row, i, msg, None);
                }
            }
        }
        self.unread_columns(&names, &unread, row);
        let mut missing = Vec::new();
        if at[STAGE].is_none() {
            missing.push("`stage`");
        }
        if at[DATE].is_none() && at[PERIOD].is_none() {
            missing.push("`date` or `period`");
        }
        if at[RATING].is_none() && at[TEXT].is_none() {
            missing.push("`rating` or `text`");
        }
        let mut fatal = false;
        if !missing.is_empty() {
            let hint = format!(
                "the header found is: {}; a feedback CSV needs the columns stage, date (or \
                 period), and rating or text (id, source, channel, segment, tags, scale and \
                 journey are optional)",
                short_list(names.iter().map(String::as_str))
            );
            let msg = format!("missing column {}", missing.join(", "));
            self.report.error(row.line, 1, msg, Some(hint));
            fatal = true;
        }
        if at[JOURNEY].is_none() && self.file_journey.is_none() {
            let msg = format!(
                "no journey `{}`: a feedback file without a `journey` column is named after \
                 its journey",
                self.file_journey_name
            );
            let hint = format!("{}; or add a `journey` column", self.known_journeys());
            self.report.error(1, 1, msg, Some(hint));
            fatal = true;
        }
        let needed = [STAGE, DATE, PERIOD]
            .iter()
            .filter_map(|k| at[*k])
            .max()
            .map_or(0, |m| m + 1);
        (!fatal).then_some(Columns { at, needed })
    }

    /// A warning for each of the first [`UNREAD_SHOWN`] columns at `unread` that no
    /// feedback column has the name of, and one for the rest: a header can have any
    /// number of columns, and each warning scans the header to locate its column.
    fn unread_columns(&mut self, names: &[String], unread: &[usize], row: &Row) {
        let hint = format!(
            "a feedback CSV has the columns {}; remove the others (personal data above all) \
             before the file enters the repository",
            NAMES.join(", ")
        );
        // Eleven warnings rather than ten and "1 more".
        let summed_up = unread.len() > UNREAD_SHOWN + 1;
        for (n, &i) in unread.iter().enumerate().take(UNREAD_SHOWN + 1) {
            let (lines, column) = crate::metrics::raw::locate(row.raw, self.report.delimiter, i);
            let message = if n == UNREAD_SHOWN && summed_up {
                format!("this column and {} more are not read", unread.len() - n - 1)
            } else {
                let name: String = names[i].chars().take(40).collect();
                format!("column `{name}` is not read")
            };
            let warning = Diagnostic::warning(self.report.path, row.line + lines, column, message);
            self.report
                .diagnostics
                .push(warning.with_hint(hint.clone()));
        }
    }

    /// Checks one row and, if it is sound, hands it to `visit`.
    pub(super) fn row(
        &mut self,
        rec: &ByteRecord,
        cols: &Columns,
        row: &Row,
        visit: &mut dyn FnMut(&FeedbackRow),
    ) {
        if self.schema.verbatims_only && !has_verbatim(rec, cols) {
            return;
        }
        let Some(text) = self.report.row_texts(rec, &cols.at, cols.needed, row) else {
            return;
        };
        let col = |k: usize| cols.at[k].unwrap_or(0);
        let journey = self.journey(row, col(JOURNEY), text[JOURNEY]);
        let stage = journey.and_then(|j| self.stage(row, col(STAGE), j, text[STAGE]));
        let date = self.date(row, cols, &text);
        let scale = self.scale(row, col(SCALE), text[SCALE]);
        let rating = self.rating(row, col(RATING), text[RATING], scale);
        if text[RATING].is_empty() && text[TEXT].is_empty() {
            let at = cols.at[RATING].or(cols.at[TEXT]).unwrap_or(0);
            let msg = "this row has neither a rating nor a text".to_string();
            let hint = "every row needs a `rating`, a `text` or both";
            self.report.field_error(row, at, msg, Some(hint.into()));
            return;
        }
        if let Some(long) = super::split_tags(text[TAGS]).find(|t| t.chars().count() > MAX_TAG) {
            let shown: String = long.chars().take(20).collect();
            let msg = format!("tag `{shown}…` is longer than {MAX_TAG} characters");
            let hint = "tags name themes, such as `delivery-fee`; several are separated by `|`";
            self.report
                .field_error(row, col(TAGS), msg, Some(hint.into()));
            return;
        }
        let (Some((journey, stages)), Some(stage_index), Some(date), Some(scale), Ok(rating)) =
            (journey, stage, date, scale, rating)
        else {
            return;
        };
        let (verbatim, masked) = match text[TEXT] {
            "" => (None, MaskCounts::default()),
            t if self.schema.config.mask => {
                let (masked_text, counts) = mask(t);
                (Some(masked_text), counts)
            }
            t => (Some(Cow::Borrowed(t)), MaskCounts::default()),
        };
        let optional = |k: usize| (!text[k].is_empty()).then_some(text[k]);
        visit(&FeedbackRow {
            journey,
            stage: &stages[stage_index],
            stage_index,
            stage_count: stages.len(),
            date,
            rating,
            scale,
            text: verbatim,
            masked,
            id: optional(ID),
            source: optional(SOURCE),
            channel: optional(CHANNEL),
            segment: optional(SEGMENT),
            tags_field: text[TAGS],
            line: row.line,
        });
    }

    fn journey(&mut self, row: &Row, col: usize, text: &str) -> Option<(&'a Id, &'a Vec<Id>)> {
        if text.is_empty() {
            if self.file_journey.is_none() {
                let name = self.file_journey_name;
                let msg = format!("empty `journey`, and the file name `{name}` is not a journey");
                let hint = self.known_journeys();
                self.report.field_error(row, col, msg, Some(hint));
            }
            return self.file_journey;
        }
        let found = self.schema.journeys.get_key_value(text);
        if found.is_none() && self.schema.unparsed.binary_search(&text).is_err() {
            let hint = self.known_journeys();
            self.report
                .field_error(row, col, format!("no journey `{text}`"), Some(hint));
        }
        found
    }

    fn stage(
        &mut self,
        row: &Row,
        col: usize,
        (id, stages): (&Id, &Vec<Id>),
        text: &str,
    ) -> Option<usize> {
        if text.is_empty() {
            let msg = "empty `stage`: every row names the stage it is about".to_string();
            self.report.field_error(row, col, msg, None);
            return None;
        }
        let found = stages.iter().position(|s| s.as_str() == text);
        if found.is_none() {
            let hint = format!(
                "stages of journey {id}: {}",
                short_list(stages.iter().map(Id::as_str))
            );
            self.report.field_error(
                row,
                col,
                format!("no stage `{text}` in journey `{id}`"),
                Some(hint),
            );
        }
        found
    }

    /// The row's `date`, else its `period`.
    fn date(&mut self, row: &Row, cols: &Columns, text: &[&str; 12]) -> Option<Period> {
        let col = |k: usize| cols.at[k].unwrap_or(0);
        if !text[DATE].is_empty() {
            // Written only for a row that needs it: most rows are sound.
            let bad = || format!("`{}` is not a date: expected YYYY-MM-DD", text[DATE]);
            return match parse_period(text[DATE]) {
                Ok(p) if p.kind == PeriodKind::Day => Some(p),
                Ok(_) => {
                    let hint = "a period such as 2026-Q1 goes into a `period` column";
                    self.report
                        .field_error(row, col(DATE), bad(), Some(hint.into()));
                    None
                }
                Err(msg) => {
                    let msg = if msg.contains("YYYY") {
                        bad()
                    } else {
                        msg.replacen("is not a period", "is not a date", 1)
                    };
                    self.report.field_error(row, col(DATE), msg, None);
                    None
                }
            };
        }
        if !text[PERIOD].is_empty() {
            return match parse_period(text[PERIOD]) {
                Ok(p) => Some(p),
                Err(msg) => {
                    let hint = (!msg.contains("YYYY"))
                        .then(|| format!("a period is written {PERIOD_FORMS}"));
                    self.report.field_error(row, col(PERIOD), msg, hint);
                    None
                }
            };
        }
        let at = cols.at[DATE].or(cols.at[PERIOD]).unwrap_or(0);
        let msg = "this row has neither a date nor a period".to_string();
        let hint = "every row needs a `date` (YYYY-MM-DD) or a `period` (such as 2026-Q1)";
        self.report.field_error(row, at, msg, Some(hint.into()));
        None
    }

    fn scale(&mut self, row: &Row, col: usize, text: &str) -> Option<Scale> {
        if text.is_empty() {
            return Some(self.schema.config.scale);
        }
        parse_scale(text, self.report.delimiter)
            .map_err(|msg| self.report.field_error(row, col, msg, None))
            .ok()
    }

    /// Ok(None) for no rating, Err(()) once the problem is reported.
    fn rating(
        &mut self,
        row: &Row,
        col: usize,
        text: &str,
        scale: Option<Scale>,
    ) -> Result<Option<f64>, ()> {
        if text.is_empty() {
            return Ok(None);
        }
        let rating = parse_number(text, self.report.delimiter).map_err(|msg| {
            self.report.field_error(row, col, msg, None);
        })?;
        let Some(scale) = scale else {
            return Err(());
        };
        if !scale.contains(rating) {
            let msg = format!("rating {rating} is outside its scale {scale}");
            let hint = "the scale is site.yaml's `feedback: { scale: { min, max } }` (default \
                        1-5) unless the row's `scale` column names another, such as 0-10";
            self.report.field_error(row, col, msg, Some(hint.into()));
            return Err(());
        }
        Ok(Some(rating))
    }
}
