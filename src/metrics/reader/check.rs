//! The checks of the header and of each row, with the messages and hints they give.

use super::{Columns, Observation, State};
use super::{HINT_ITEMS, JOURNEY, METRIC, NAMES, PERIOD, REQUIRED, SEGMENT, STAGE, TARGET, VALUE};
use crate::metrics::number::parse_number;
use crate::metrics::period::{parse_period, PERIOD_FORMS};
use crate::metrics::raw::Row;
use crate::model::{Id, Unit};
use csv::ByteRecord;
use std::collections::btree_map::Entry;

/// `a, b, c` with at most [`HINT_ITEMS`] items, then how many were left out.
fn short_list<'i>(items: impl ExactSizeIterator<Item = &'i str>) -> String {
    let total = items.len();
    let mut list: Vec<String> = items
        .take(HINT_ITEMS)
        .map(|s| s.chars().take(40).collect())
        .collect();
    if total > HINT_ITEMS {
        list.push(format!("and {} more", total - HINT_ITEMS));
    }
    list.join(", ")
}

/// A known name that differs from `given` only in case or in `_`/space for `-`.
fn near_miss<'i>(given: &str, mut known: impl Iterator<Item = &'i str>) -> Option<&'i str> {
    let norm = |s: &str| s.to_lowercase().replace(['_', ' '], "-");
    let given = norm(given);
    known.find(|k| norm(k) == given)
}

fn with_near_miss<'i>(hint: String, given: &str, known: impl Iterator<Item = &'i str>) -> String {
    match near_miss(given, known) {
        Some(near) => format!("did you mean `{near}`? {hint}"),
        None => hint,
    }
}

impl State<'_> {
    fn known_journeys(&self) -> String {
        let ids = self.known.keys().map(Id::as_str);
        format!("known journeys: {}", short_list(ids))
    }

    /// Finds the columns; None when the file cannot be read further.
    pub(super) fn header(&mut self, rec: &ByteRecord, row: &Row) -> Option<Columns> {
        let names: Vec<String> = rec
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_lowercase())
            .collect();
        let mut at = [None; 7];
        for (i, name) in names.iter().enumerate() {
            let Some(k) = NAMES.iter().position(|n| n == name) else {
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
        let mut fatal = false;
        let missing: Vec<String> = (0..REQUIRED)
            .filter(|k| at[*k].is_none())
            .map(|k| format!("`{}`", NAMES[k]))
            .collect();
        if !missing.is_empty() {
            let what = if missing.len() == 1 {
                "column"
            } else {
                "columns"
            };
            let hint = format!(
                "the header found is: {}; a metrics CSV needs the columns period, stage, metric \
                 and value (target, segment and journey are optional)",
                short_list(names.iter().map(String::as_str))
            );
            let msg = format!("missing {what} {}", missing.join(", "));
            self.report.error(row.line, 1, msg, Some(hint));
            fatal = true;
        }
        if at[JOURNEY].is_none() && self.file_journey.is_none() {
            let msg = format!(
                "no journey `{}`: a metrics file is named after its journey",
                self.file_journey_name
            );
            let hint = format!("{}; or add a `journey` column", self.known_journeys());
            self.report.error(1, 1, msg, Some(hint));
            fatal = true;
        }
        let needed = at[..REQUIRED].iter().flatten().max().map_or(0, |m| m + 1);
        (!fatal).then_some(Columns { at, needed })
    }

    /// Checks one row and, if it is sound, adds its observation.
    pub(super) fn row(&mut self, rec: &ByteRecord, cols: &Columns, row: &Row) {
        let Some(text) = self.report.row_texts(rec, &cols.at, cols.needed, row) else {
            return;
        };
        let col = |k: usize| cols.at[k].unwrap_or(0);
        for (k, name) in NAMES[..REQUIRED].iter().enumerate() {
            if text[k].is_empty() {
                let msg =
                    format!("empty `{name}`: every row needs a period, stage, metric and value");
                self.report.field_error(row, col(k), msg, None);
            }
        }
        let journey = self.journey(row, col(JOURNEY), text[JOURNEY]);
        let stage = journey.and_then(|j| self.stage(row, col(STAGE), j, text[STAGE]));
        let metric = self.metric(row, col(METRIC), text[METRIC]);
        let period = self.checked_period(row, col(PERIOD), text[PERIOD]);
        let value = self.number(row, col(VALUE), text[VALUE]);
        let value = match (value, metric) {
            (Ok(Some(v)), Some(m)) if !self.in_range(row, col(VALUE), m, v) => None,
            (value, _) => value.ok().flatten(),
        };
        let target = match (self.number(row, col(TARGET), text[TARGET]), metric) {
            (Ok(Some(t)), Some(m)) if self.negative_count(row, col(TARGET), m, "target", t) => {
                Err(())
            }
            (target, _) => target,
        };
        let (Some(j), Some(s), Some(m), Some(p), Some(v), Ok(target)) =
            (journey, stage, metric, period, value, target)
        else {
            return;
        };
        let segment = (!text[SEGMENT].is_empty()).then(|| self.segment(text[SEGMENT]));
        let line = row.line;
        let first = match self.series.entry((j, m, s, segment)).or_default().entry(p) {
            Entry::Vacant(slot) => {
                slot.insert(Observation {
                    value: v,
                    target,
                    line,
                });
                return;
            }
            Entry::Occupied(first) => first.get().line,
        };
        let mut what = format!("`{}` at stage `{}`", text[METRIC], text[STAGE]);
        if !text[SEGMENT].is_empty() {
            what.push_str(&format!(" for segment `{}`", text[SEGMENT]));
        }
        let msg = format!("duplicate observation: {what} in {p} is already given on line {first}");
        let hint = "each journey has one row per period, stage, metric and segment";
        self.report.error(line, 1, msg, Some(hint.into()));
    }

    fn journey(&mut self, row: &Row, col: usize, text: &str) -> Option<usize> {
        if text.is_empty() {
            if self.file_journey.is_none() {
                let name = self.file_journey_name;
                let msg = format!("empty `journey`, and the file name `{name}` is not a journey");
                let hint = self.known_journeys();
                self.report.field_error(row, col, msg, Some(hint));
            }
            return self.file_journey;
        }
        let found = self.journey_index(text);
        if found.is_none() {
            let hint = self.known_journeys();
            self.report
                .field_error(row, col, format!("no journey `{text}`"), Some(hint));
        }
        found
    }

    fn stage(&mut self, row: &Row, col: usize, journey: usize, text: &str) -> Option<usize> {
        if text.is_empty() {
            return None;
        }
        let (id, stages) = self.journeys[journey];
        let found = stages.iter().position(|s| s.as_str() == text);
        if found.is_none() {
            let ids = || stages.iter().map(Id::as_str);
            let hint = format!("stages of journey {id}: {}", short_list(ids()));
            let hint = with_near_miss(hint, text, ids());
            self.report.field_error(
                row,
                col,
                format!("no stage `{text}` in journey `{id}`"),
                Some(hint),
            );
        }
        found
    }

    fn metric(&mut self, row: &Row, col: usize, text: &str) -> Option<usize> {
        if text.is_empty() {
            return None;
        }
        let found = self
            .metrics
            .binary_search_by(|(k, _)| k.as_str().cmp(text))
            .ok();
        if found.is_none() {
            let names = || self.metrics.iter().map(|(k, _)| k.as_str());
            let mut hint = if self.metrics.is_empty() {
                "site.yaml defines no metrics".to_string()
            } else {
                format!("metrics defined in site.yaml: {}", short_list(names()))
            };
            hint.push_str("; a new metric is declared under `metrics:` in site.yaml");
            let hint = with_near_miss(hint, text, names());
            self.report.field_error(
                row,
                col,
                format!("no metric `{text}` in site.yaml"),
                Some(hint),
            );
        }
        found
    }

    fn checked_period(
        &mut self,
        row: &Row,
        col: usize,
        text: &str,
    ) -> Option<crate::model::Period> {
        if text.is_empty() {
            return None;
        }
        match parse_period(text) {
            Ok(period) => Some(period),
            Err(msg) => {
                // The general message already lists the forms; a range error does not.
                let hint =
                    (!msg.contains("YYYY")).then(|| format!("a period is written {PERIOD_FORMS}"));
                self.report.field_error(row, col, msg, hint);
                None
            }
        }
    }

    /// Ok(None) for an empty field, Err(()) once the problem is reported.
    fn number(&mut self, row: &Row, col: usize, text: &str) -> Result<Option<f64>, ()> {
        if text.is_empty() {
            return Ok(None);
        }
        parse_number(text, self.report.delimiter)
            .map(Some)
            .map_err(|msg| {
                self.report.field_error(row, col, msg, None);
            })
    }

    /// Reports `v` (the row's `what`) if it is below 0 and `metric` counts: its unit is
    /// `count`, or it is the funnel metric, whose conversions a negative count would turn
    /// into nonsense such as -41 %. Other units may go below 0 (a change, an NPS).
    fn negative_count(&mut self, row: &Row, col: usize, metric: usize, what: &str, v: f64) -> bool {
        let (name, def) = self.metrics[metric];
        if v >= 0.0 || !(def.unit == Unit::Count || def.funnel) {
            return false;
        }
        let msg = format!("{what} {v} of metric `{name}` is below 0, and a count cannot be");
        let hint = if def.unit == Unit::Count {
            format!("site.yaml sets `unit: count` for `{name}`: it counts customers or events")
        } else {
            format!("`{name}` is the funnel metric (`funnel: true` in site.yaml): it counts the customers at each stage")
        };
        self.report.field_error(row, col, msg, Some(hint));
        true
    }

    fn in_range(&mut self, row: &Row, col: usize, metric: usize, v: f64) -> bool {
        if self.negative_count(row, col, metric, "value", v) {
            return false;
        }
        let (name, def) = self.metrics[metric];
        let (bound, limit, side) = match (def.min, def.max) {
            (Some(min), _) if v < min => ("min", min, "below the minimum"),
            (_, Some(max)) if v > max => ("max", max, "above the maximum"),
            _ => return true,
        };
        let msg = format!("value {v} of metric `{name}` is {side} {limit}");
        let hint = format!("site.yaml sets `{bound}: {limit}` for `{name}`");
        self.report.field_error(row, col, msg, Some(hint));
        false
    }
}
