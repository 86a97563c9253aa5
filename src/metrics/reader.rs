//! Streaming reader of one metrics CSV: rows are checked and folded into series as they
//! are read, so memory grows with distinct observations, not with the file.

mod check;

use super::raw::{leading_breaks, position, sniff, unclosed_quote, Report, Row, Tap};
use super::records::Records;
use super::MetricsSchema;
use crate::diagnostics::Diagnostic;
use crate::model::{Id, JourneyMetrics, MetricDef, Period, Point, Series};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

/// Past this many diagnostics a file is abandoned: a garbage file must not flood memory.
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

struct State<'a> {
    report: Report<'a>,
    /// Every known journey with its stage ids.
    known: &'a BTreeMap<Id, Vec<Id>>,
    /// The journeys this file's rows name so far; rows refer to them by index.
    journeys: Vec<(&'a Id, &'a Vec<Id>)>,
    metrics: Vec<(&'a String, &'a MetricDef)>,
    file_journey_name: &'a str,
    file_journey: Option<usize>,
    segment_index: HashMap<String, usize>,
    segments: Vec<String>,
    series: BTreeMap<SeriesKey, BTreeMap<Period, Observation>>,
}

/// See [`super::read_metrics`].
pub fn read_metrics<R: Read>(
    mut input: R,
    display_path: &Path,
    file_journey: &str,
    schema: &MetricsSchema,
) -> (BTreeMap<Id, JourneyMetrics>, Vec<Diagnostic>) {
    let mut st = State {
        report: Report::new(display_path),
        known: schema.journeys,
        journeys: Vec::new(),
        metrics: schema.metrics.iter().collect(),
        file_journey_name: file_journey,
        file_journey: None,
        segment_index: HashMap::new(),
        segments: Vec::new(),
        series: BTreeMap::new(),
    };
    st.file_journey = st.journey_index(file_journey);
    let sniffed = match sniff(&mut input) {
        Ok(s) => s,
        Err(e) => {
            st.report
                .error(0, 0, format!("cannot read the file: {e}"), None);
            return st.finish();
        }
    };
    if sniffed.utf16 {
        let hint = "in Excel, \"Save as\" the type \"CSV UTF-8 (Comma delimited)\"";
        let msg = "the file is UTF-16: save it as UTF-8 (CSV UTF-8 in Excel)";
        st.report.error(1, 1, msg.into(), Some(hint.into()));
        return st.finish();
    }
    st.report.delimiter = sniffed.delimiter;
    let stream = Tap::new(io::Cursor::new(sniffed.prefix).chain(input));
    let mut rdr = Records::new(stream, sniffed.delimiter, 64 * 1024);
    let mut record = csv::ByteRecord::new();
    let mut columns = None;
    // Where the last record starts (byte, line): a quote left open runs to the end.
    let mut last = None;
    let mut at_end = false;
    while !st.report.is_full() {
        match rdr.read(&mut record) {
            Ok(true) => {}
            Ok(false) => {
                at_end = true;
                break;
            }
            Err(e) => {
                st.report
                    .error(0, 0, format!("cannot read the file: {e}"), None);
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
        last = Some((byte + skipped as u64, row.line));
        // A line break inside a field comes from a quote; one never closed swallows the
        // rest of the file, and the row's other problems would only mislead.
        if memchr::memchr2(b'\n', b'\r', record.as_slice()).is_some() {
            let end = rdr.position().saturating_sub(byte) as usize;
            let record_raw = &raw[skipped.min(end)..end.min(raw.len())];
            if st.unclosed_quote(record_raw, row.line) {
                return st.finish();
            }
        }
        match &columns {
            Some(columns) => st.row(&record, columns, &row),
            None => match st.header(&record, &row) {
                Some(found) => columns = Some(found),
                None => return st.finish(),
            },
        }
        rdr.get_mut().forget_before(byte);
    }
    // A quote opened in the last line is closed by nothing; the parser ends the field at
    // the end of the file.
    if let (Some((byte, line)), true) = (last, at_end) {
        st.unclosed_quote(rdr.get_ref().from(byte), line);
    }
    if columns.is_none() && st.report.diagnostics.is_empty() {
        let d = Diagnostic::error(
            display_path,
            1,
            1,
            "empty file: expected a header row such as `period,stage,metric,value`",
        );
        st.report
            .diagnostics
            .push(d.with_hint("see the \"Metric CSVs\" section of the documentation"));
    }
    st.finish()
}

impl State<'_> {
    /// The index of the journey `name` among those of this file, or `None` if there is no
    /// such journey. Only the journeys a file names are listed, not all of the site's:
    /// each file is read on its own, and a site has as many files as journeys.
    fn journey_index(&mut self, name: &str) -> Option<usize> {
        if let Some(i) = self.journeys.iter().position(|(id, _)| id.as_str() == name) {
            return Some(i);
        }
        let found = self.known.get_key_value(name)?;
        self.journeys.push(found);
        Some(self.journeys.len() - 1)
    }

    /// Reports a quote in `raw` (the file from a record at `line` to its end) that is
    /// never closed; true if there is one.
    fn unclosed_quote(&mut self, raw: &[u8], line: usize) -> bool {
        let Some(open) = unclosed_quote(raw, self.report.delimiter) else {
            return false;
        };
        let (lines, column) = position(raw, open);
        let msg = "this quote is never closed, so the rest of the file is read as one value";
        let hint = "add the closing `\"`, or remove this one: a value needs quotes only if it \
                    holds the delimiter";
        self.report
            .error(line + lines, column, msg.into(), Some(hint.into()));
        true
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
        let source: Arc<Path> = Arc::from(self.report.path);
        let metric_names: Vec<Arc<str>> = self
            .metrics
            .iter()
            .map(|(key, _)| Arc::from(key.as_str()))
            .collect();
        for ((j, m, s, segment), points) in self.series {
            let (journey, stages) = self.journeys[j];
            let line = points.values().map(|o| o.line).min().unwrap_or(0);
            let points = points
                .into_iter()
                .map(|(period, o)| Point {
                    period,
                    value: o.value,
                    target: o.target,
                })
                .collect();
            out.entry(journey.clone()).or_default().series.push(Series {
                stage: stages[s].clone(),
                metric: metric_names[m].clone(),
                segment: segment.map(|i| self.segments[i].clone()),
                points,
                source: source.clone(),
                line,
            });
        }
        for metrics in out.values_mut() {
            metrics.series.sort_by(|a, b| {
                (&a.metric, &a.stage, &a.segment).cmp(&(&b.metric, &b.stage, &b.segment))
            });
        }
        (out, self.report.diagnostics)
    }
}
