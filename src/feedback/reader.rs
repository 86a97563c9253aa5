//! Streaming reader of one feedback CSV: each row is checked, its verbatim masked, and
//! handed to a visitor as it is read, so nothing holds the rows. The loader's visitor
//! folds them into counts ([`super::fold`]); a page that lists every verbatim can read
//! the file again with its own.
//!
//! The bytes go through the same locale-proof reading as metric CSVs (BOM, `,` `;` or
//! tab, CRLF, quotes, decimal commas), and every problem is located at its field.

mod check;

pub use check::parse_scale;

use crate::diagnostics::Diagnostic;
use crate::feedback::mask::MaskCounts;
use crate::metrics::raw::{leading_breaks, sniff, Report, Row, Tap};
use crate::metrics::records::Records;
use crate::model::{FeedbackConfig, Id, Period, Scale};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::Path;

/// What the reader checks rows against: the stage ids (in order) of every known journey,
/// and the site's feedback settings.
pub struct FeedbackSchema<'a> {
    pub journeys: &'a BTreeMap<Id, Vec<Id>>,
    pub config: &'a FeedbackConfig,
    /// Journeys whose file failed to parse, sorted: their rows are skipped, not errors,
    /// since the journey's own error says what is wrong.
    pub unparsed: &'a [&'a str],
    /// Hands over only rows with a verbatim, skipping the others before they are checked:
    /// for a second reading of files already read without errors, by pages that list
    /// verbatims.
    pub verbatims_only: bool,
}

/// One sound row, its verbatim masked. It borrows from the reader: a visitor copies what
/// it keeps.
#[derive(Debug)]
pub struct FeedbackRow<'r> {
    pub journey: &'r Id,
    pub stage: &'r Id,
    /// The stage's place in its journey, 0-based.
    pub stage_index: usize,
    pub stage_count: usize,
    /// The row's `date`, else its `period`.
    pub date: Period,
    pub rating: Option<f64>,
    pub scale: Scale,
    /// The verbatim, masked unless the site turned masking off.
    pub text: Option<Cow<'r, str>>,
    /// What masking replaced in the text.
    pub masked: MaskCounts,
    pub id: Option<&'r str>,
    pub source: Option<&'r str>,
    pub channel: Option<&'r str>,
    pub segment: Option<&'r str>,
    /// The `tags` field as written; [`FeedbackRow::tags`] splits it.
    pub tags_field: &'r str,
    /// The row's line in its file.
    pub line: usize,
}

impl<'r> FeedbackRow<'r> {
    /// The row's tags: the `tags` field split at `|`, trimmed, empty parts left out.
    pub fn tags(&self) -> impl Iterator<Item = &'r str> {
        split_tags(self.tags_field)
    }

    /// Where the rating lies on its scale, 0 to 1.
    pub fn score(&self) -> Option<f64> {
        self.rating.map(|r| self.scale.score(r))
    }
}

/// The tags of a `tags` field: split at `|`, trimmed, empty parts left out.
pub fn split_tags(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|t| !t.is_empty())
}

/// Known columns, in the order of `Columns::at`.
pub(crate) const NAMES: [&str; 12] = [
    "stage", "date", "period", "rating", "text", "id", "source", "channel", "segment", "tags",
    "scale", "journey",
];
const STAGE: usize = 0;
const DATE: usize = 1;
const PERIOD: usize = 2;
const RATING: usize = 3;
const TEXT: usize = 4;
const ID: usize = 5;
const SOURCE: usize = 6;
const CHANNEL: usize = 7;
const SEGMENT: usize = 8;
const TAGS: usize = 9;
const SCALE: usize = 10;
const JOURNEY: usize = 11;

/// Where each known column is in the file.
struct Columns {
    at: [Option<usize>; 12],
    /// Fields a row needs to reach the stage and its date or period.
    needed: usize,
}

struct State<'a> {
    report: Report<'a>,
    schema: &'a FeedbackSchema<'a>,
    file_journey_name: &'a str,
    file_journey: Option<(&'a Id, &'a Vec<Id>)>,
}

/// Reads one feedback CSV, handing each sound row to `visit` as it is read.
/// `display_path` is used in diagnostics; `file_journey` is the file stem: rows belong to
/// that journey unless a `journey` column names another. Returns every problem found
/// (all bad rows, not only the first; a file with errors may have handed some rows over).
pub fn read_feedback<R: Read>(
    mut input: R,
    display_path: &Path,
    file_journey: &str,
    schema: &FeedbackSchema,
    visit: &mut dyn FnMut(&FeedbackRow),
) -> Vec<Diagnostic> {
    let mut st = State {
        report: Report::new(display_path),
        schema,
        file_journey_name: file_journey,
        file_journey: schema.journeys.get_key_value(file_journey),
    };
    let sniffed = match sniff(&mut input) {
        Ok(s) => s,
        Err(e) => {
            st.report
                .error(0, 0, format!("cannot read the file: {e}"), None);
            return st.report.diagnostics;
        }
    };
    st.report.delimiter = sniffed.delimiter;
    let stream = Tap::new(io::Cursor::new(sniffed.prefix).chain(input));
    let mut rdr = Records::new(stream, sniffed.delimiter, 64 * 1024);
    let mut record = csv::ByteRecord::new();
    let mut columns = None;
    while !st.report.is_full() {
        match rdr.read(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
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
        match &columns {
            Some(columns) => st.row(&record, columns, &row, visit),
            None => match st.header(&record, &row) {
                Some(found) => columns = Some(found),
                None => return st.report.diagnostics,
            },
        }
        rdr.get_mut().forget_before(byte);
    }
    if columns.is_none() && st.report.diagnostics.is_empty() {
        let d = Diagnostic::error(
            display_path,
            1,
            1,
            "empty file: expected a header row such as `stage,date,rating,text`",
        );
        st.report
            .diagnostics
            .push(d.with_hint("see the \"Customer feedback\" section of the documentation"));
    }
    st.report.diagnostics
}

/// Opens and reads a file with [`read_feedback`] (an I/O error becomes a diagnostic).
pub fn read_feedback_file(
    path: &Path,
    file_journey: &str,
    schema: &FeedbackSchema,
    visit: &mut dyn FnMut(&FeedbackRow),
) -> Vec<Diagnostic> {
    match std::fs::File::open(path) {
        Ok(file) => read_feedback(file, path, file_journey, schema, visit),
        Err(e) => vec![Diagnostic::in_file(
            path,
            format!("cannot read the file: {e}"),
        )],
    }
}

impl State<'_> {}
