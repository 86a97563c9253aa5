//! Streaming reader of one metrics CSV: rows are checked and folded into series as they
//! are read, so memory grows with distinct observations, not with the file.

use super::number::parse_number;
use super::period::{parse_period, PERIOD_FORMS};
use super::raw::{leading_breaks, locate, sniff, Tap};
use super::MetricsSchema;
use crate::diagnostics::Diagnostic;
use crate::model::{Id, JourneyMetrics, MetricDef, Period, PeriodKind, Point, Series};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read};
use std::path::Path;

/// Past this many diagnostics a file is abandoned: a garbage file must not flood memory.
pub const MAX_DIAGNOSTICS: usize = 100;
/// Longest list shown in a hint.
const HINT_ITEMS: usize = 10;

/// Known columns, in the order of `Columns::at`.
const NAMES: [&str; 7] = [
    "period", "stage", "metric", "value", "target", "segment", "journey",
];
const PERIOD: usize = 0;
const STAGE: usize = 1;
const METRIC: usize = 2;
const VALUE: usize = 3;
const TARGET: usize = 4;
const SEGMENT: usize = 5;
const JOURNEY: usize = 6;
const REQUIRED: usize = 4;

/// Where each known column is in the file.
struct Columns {
    at: [Option<usize>; 7],
    /// Fields a row needs to reach every required column.
    needed: usize,
}

struct Observation {
    value: f64,
    target: Option<f64>,
    line: usize,
}

/// Journey, metric, stage and segment, as indices into the schema and the segment table;
/// indices keep the per-row lookups free of allocation.
type SeriesKey = (usize, usize, usize, Option<usize>);
/// The start and kind of a period determine its label.
type PeriodKey = (i64, PeriodKind);

/// The raw record being checked, for locating its fields.
struct Row<'r> {
    raw: &'r [u8],
    line: usize,
}

struct State<'a> {
    path: &'a Path,
    delimiter: u8,
    journeys: Vec<(&'a Id, &'a Vec<Id>)>,
    metrics: Vec<(&'a String, &'a MetricDef)>,
    file_journey_name: &'a str,
    file_journey: Option<usize>,
    diagnostics: Vec<Diagnostic>,
    full: bool,
    period_cache: HashMap<String, PeriodKey>,
    periods: BTreeMap<PeriodKey, Period>,
    segment_index: HashMap<String, usize>,
    segments: Vec<String>,
    series: BTreeMap<SeriesKey, BTreeMap<PeriodKey, Observation>>,
}

/// See [`super::read_metrics`].
pub fn read_metrics<R: Read>(
    mut input: R,
    display_path: &Path,
    file_journey: &str,
    schema: &MetricsSchema,
) -> (BTreeMap<Id, JourneyMetrics>, Vec<Diagnostic>) {
    let journeys: Vec<_> = schema.journeys.iter().collect();
    let file_journey_index = journey_index(&journeys, file_journey);
    let mut st = State {
        path: display_path,
        delimiter: b',',
        journeys,
        metrics: schema.metrics.iter().collect(),
        file_journey_name: file_journey,
        file_journey: file_journey_index,
        diagnostics: Vec::new(),
        full: false,
        period_cache: HashMap::new(),
        periods: BTreeMap::new(),
        segment_index: HashMap::new(),
        segments: Vec::new(),
        series: BTreeMap::new(),
    };
    let sniffed = match sniff(&mut input) {
        Ok(s) => s,
        Err(e) => {
            st.error(0, 0, format!("cannot read the file: {e}"), None);
            return st.finish();
        }
    };
    st.delimiter = sniffed.delimiter;
    let stream = Tap::new(io::Cursor::new(sniffed.prefix).chain(input));
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniffed.delimiter)
        .buffer_capacity(64 * 1024)
        .from_reader(stream);
    let mut record = csv::ByteRecord::new();
    let mut columns = None;
    while !st.full {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                st.error(line, 0, format!("cannot read the file: {e}"), None);
                break;
            }
        }
        let (byte, line) = record
            .position()
            .map_or((0, 1), |p| (p.byte(), p.line() as usize));
        let raw = rdr.get_ref().from(byte);
        let (skipped, breaks) = leading_breaks(raw);
        let row = Row {
            raw: &raw[skipped..],
            line: line + breaks,
        };
        match &columns {
            Some(columns) => st.row(&record, columns, &row),
            None => match st.header(&record, &row) {
                Some(found) => columns = Some(found),
                None => return st.finish(),
            },
        }
        rdr.get_mut().forget_before(byte);
    }
    if columns.is_none() && st.diagnostics.is_empty() {
        let d = Diagnostic::error(
            display_path,
            1,
            1,
            "empty file: expected a header row such as `period,stage,metric,value`",
        );
        st.diagnostics
            .push(d.with_hint("see the \"Metric CSVs\" section of the documentation"));
    }
    st.finish()
}

fn journey_index(journeys: &[(&Id, &Vec<Id>)], name: &str) -> Option<usize> {
    journeys
        .binary_search_by(|(id, _)| id.as_str().cmp(name))
        .ok()
}

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

impl State<'_> {
    /// Records an error unless the file already has too many; then it says so once.
    fn error(&mut self, line: usize, column: usize, message: String, hint: Option<String>) {
        if self.full {
            return;
        }
        if self.diagnostics.len() >= MAX_DIAGNOSTICS {
            self.full = true;
            let message = format!("too many errors ({MAX_DIAGNOSTICS}); stopping");
            self.diagnostics.push(
                Diagnostic::error(self.path, line, 0, message)
                    .with_hint("fix the errors above, then build again to see the rest"),
            );
            return;
        }
        let mut d = Diagnostic::error(self.path, line, column, message);
        d.hint = hint;
        self.diagnostics.push(d);
    }

    fn field_error(&mut self, row: &Row, field: usize, message: String, hint: Option<String>) {
        let (lines, column) = locate(row.raw, self.delimiter, field);
        self.error(row.line + lines, column, message, hint);
    }

    fn known_journeys(&self) -> String {
        format!(
            "known journeys: {}",
            short_list(self.journeys.iter().map(|(id, _)| id.as_str()))
        )
    }

    fn header(&mut self, rec: &csv::ByteRecord, row: &Row) -> Option<Columns> {
        let names: Vec<String> = rec
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_lowercase())
            .collect();
        let mut at = [None; 7];
        let mut fatal = false;
        for (i, name) in names.iter().enumerate() {
            let Some(k) = NAMES.iter().position(|n| n == name) else {
                continue;
            };
            match at[k] {
                None => at[k] = Some(i),
                Some(first) => {
                    let msg = format!(
                        "column `{name}` appears twice (also column {} of the header)",
                        first + 1
                    );
                    self.field_error(row, i, msg, None);
                }
            }
        }
        let missing: Vec<String> = NAMES[..REQUIRED]
            .iter()
            .filter(|n| !names.contains(&n.to_string()))
            .map(|n| format!("`{n}`"))
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
            self.error(
                row.line,
                1,
                format!("missing {what} {}", missing.join(", ")),
                Some(hint),
            );
            fatal = true;
        }
        if at[JOURNEY].is_none() && self.file_journey.is_none() {
            let msg = format!(
                "no journey `{}`: a metrics file is named after its journey",
                self.file_journey_name
            );
            let hint = format!("{}; or add a `journey` column", self.known_journeys());
            self.error(1, 1, msg, Some(hint));
            fatal = true;
        }
        if fatal {
            return None;
        }
        let needed = at[..REQUIRED].iter().flatten().max().map_or(0, |m| m + 1);
        Some(Columns { at, needed })
    }

    fn row(&mut self, rec: &csv::ByteRecord, cols: &Columns, row: &Row) {
        if rec.iter().all(|f| f.trim_ascii().is_empty()) {
            return; // Spreadsheets export trailing rows of bare delimiters.
        }
        if rec.len() < cols.needed {
            let msg = format!(
                "this row has {} field{} but the header needs {}: a value is missing",
                rec.len(),
                if rec.len() == 1 { "" } else { "s" },
                cols.needed
            );
            let hint = "every row has one field per column of the header; leave a field empty \
                        between two delimiters for no value";
            self.field_error(row, usize::MAX, msg, Some(hint.into()));
            return;
        }
        let mut text = [""; 7];
        for (k, at) in cols.at.iter().enumerate() {
            let Some(field) = at.and_then(|i| rec.get(i)) else {
                continue;
            };
            match std::str::from_utf8(field) {
                Ok(s) => text[k] = s.trim(),
                Err(_) => {
                    let hint = "save the file with UTF-8 encoding (in Excel: \"CSV UTF-8\")";
                    let msg = "this line is not valid UTF-8".to_string();
                    self.field_error(row, at.unwrap_or(0), msg, Some(hint.into()));
                    return;
                }
            }
        }
        let col = |k: usize| cols.at[k].unwrap_or(0);
        let mut ok = true;
        for (k, name) in NAMES[..REQUIRED].iter().enumerate() {
            if text[k].is_empty() {
                let msg =
                    format!("empty `{name}`: every row needs a period, stage, metric and value");
                self.field_error(row, col(k), msg, None);
                ok = false;
            }
        }

        let journey = if !text[JOURNEY].is_empty() {
            let found = journey_index(&self.journeys, text[JOURNEY]);
            if found.is_none() {
                let hint = self.known_journeys();
                self.field_error(
                    row,
                    col(JOURNEY),
                    format!("no journey `{}`", text[JOURNEY]),
                    Some(hint),
                );
            }
            found
        } else {
            if self.file_journey.is_none() {
                let msg = format!(
                    "empty `journey`, and the file name `{}` is not a journey",
                    self.file_journey_name
                );
                let hint = self.known_journeys();
                self.field_error(row, col(JOURNEY), msg, Some(hint));
            }
            self.file_journey
        };
        ok &= journey.is_some();

        let mut stage = None;
        if let (Some(j), false) = (journey, text[STAGE].is_empty()) {
            let (jid, stages) = self.journeys[j];
            stage = stages.iter().position(|s| s.as_str() == text[STAGE]);
            if stage.is_none() {
                let mut hint = format!(
                    "stages of journey {jid}: {}",
                    short_list(stages.iter().map(Id::as_str))
                );
                if let Some(near) = near_miss(text[STAGE], stages.iter().map(Id::as_str)) {
                    hint = format!("did you mean `{near}`? {hint}");
                }
                let msg = format!("no stage `{}` in journey `{jid}`", text[STAGE]);
                self.field_error(row, col(STAGE), msg, Some(hint));
                ok = false;
            }
        }

        let mut metric = None;
        if !text[METRIC].is_empty() {
            metric = self
                .metrics
                .binary_search_by(|(k, _)| k.as_str().cmp(text[METRIC]))
                .ok();
            if metric.is_none() {
                let names = self.metrics.iter().map(|(k, _)| k.as_str());
                let mut hint = if self.metrics.is_empty() {
                    "site.yaml defines no metrics".to_string()
                } else {
                    format!(
                        "metrics defined in site.yaml: {}",
                        short_list(names.clone())
                    )
                };
                hint.push_str("; a new metric is declared under `metrics:` in site.yaml");
                if let Some(near) = near_miss(text[METRIC], names) {
                    hint = format!("did you mean `{near}`? {hint}");
                }
                let msg = format!("no metric `{}` in site.yaml", text[METRIC]);
                self.field_error(row, col(METRIC), msg, Some(hint));
                ok = false;
            }
        }

        let mut period = None;
        if !text[PERIOD].is_empty() {
            match self.period(text[PERIOD]) {
                Ok(key) => period = Some(key),
                Err(msg) => {
                    let hint = (!msg.contains("YYYY"))
                        .then(|| format!("a period is written {PERIOD_FORMS}"));
                    self.field_error(row, col(PERIOD), msg, hint);
                    ok = false;
                }
            }
        }

        let mut value = None;
        if !text[VALUE].is_empty() {
            match parse_number(text[VALUE], self.delimiter) {
                Ok(v) => value = Some(v),
                Err(msg) => {
                    self.field_error(row, col(VALUE), msg, None);
                    ok = false;
                }
            }
        }
        if let (Some(v), Some(m)) = (value, metric) {
            let (name, def) = self.metrics[m];
            let out_of_range = match (def.min, def.max) {
                (Some(min), _) if v < min => Some(("min", min, "below the minimum")),
                (_, Some(max)) if v > max => Some(("max", max, "above the maximum")),
                _ => None,
            };
            if let Some((bound, limit, side)) = out_of_range {
                let msg = format!("value {v} of metric `{name}` is {side} {limit}");
                let hint = format!("site.yaml sets `{bound}: {limit}` for `{name}`");
                self.field_error(row, col(VALUE), msg, Some(hint));
                ok = false;
            }
        }

        let mut target = None;
        if !text[TARGET].is_empty() {
            match parse_number(text[TARGET], self.delimiter) {
                Ok(t) => target = Some(t),
                Err(msg) => {
                    self.field_error(row, col(TARGET), msg, None);
                    ok = false;
                }
            }
        }

        let (Some(j), Some(s), Some(m), Some(p), Some(v), true) =
            (journey, stage, metric, period, value, ok)
        else {
            return;
        };
        let segment = (!text[SEGMENT].is_empty()).then(|| self.segment(text[SEGMENT]));
        let points = self.series.entry((j, m, s, segment)).or_default();
        if let Some(first) = points.get(&p) {
            let mut what = format!("`{}` at stage `{}`", text[METRIC], text[STAGE]);
            if !text[SEGMENT].is_empty() {
                what.push_str(&format!(" for segment `{}`", text[SEGMENT]));
            }
            let msg = format!(
                "duplicate observation: {what} in {} is already given on line {}",
                self.periods[&p], first.line
            );
            let hint = "each journey has one row per period, stage, metric and segment".to_string();
            self.error(row.line, 1, msg, Some(hint));
            return;
        }
        points.insert(
            p,
            Observation {
                value: v,
                target,
                line: row.line,
            },
        );
    }

    /// The key of a valid period, parsing each distinct spelling once.
    fn period(&mut self, s: &str) -> Result<PeriodKey, String> {
        if let Some(key) = self.period_cache.get(s) {
            return Ok(*key);
        }
        let p = parse_period(s)?;
        let key = (p.start, p.kind);
        self.periods.entry(key).or_insert(p);
        self.period_cache.insert(s.to_string(), key);
        Ok(key)
    }

    fn segment(&mut self, s: &str) -> usize {
        if let Some(i) = self.segment_index.get(s) {
            return *i;
        }
        self.segments.push(s.to_string());
        self.segment_index
            .insert(s.to_string(), self.segments.len() - 1);
        self.segments.len() - 1
    }

    fn finish(self) -> (BTreeMap<Id, JourneyMetrics>, Vec<Diagnostic>) {
        let mut out: BTreeMap<Id, JourneyMetrics> = BTreeMap::new();
        for ((j, m, s, segment), points) in self.series {
            let (journey, stages) = self.journeys[j];
            let points = points
                .into_iter()
                .map(|(key, o)| Point {
                    period: self.periods[&key].clone(),
                    value: o.value,
                    target: o.target,
                })
                .collect();
            out.entry(journey.clone()).or_default().series.push(Series {
                stage: stages[s].clone(),
                metric: self.metrics[m].0.clone(),
                segment: segment.map(|i| self.segments[i].clone()),
                points,
            });
        }
        for metrics in out.values_mut() {
            metrics.series.sort_by(|a, b| {
                (&a.metric, &a.stage, &a.segment).cmp(&(&b.metric, &b.stage, &b.segment))
            });
        }
        (out, self.diagnostics)
    }
}
