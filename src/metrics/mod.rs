//! Metric CSVs: one observation a row (`period,stage,metric,value[,target][,segment]
//! [,journey]`), read as spreadsheets in any locale export them, checked against the
//! journeys and `site.yaml` metrics, and folded into series per journey.

mod number;
mod period;
pub(crate) mod raw;
mod reader;
pub(crate) mod records;
#[cfg(test)]
mod tests;

pub use number::parse_number;
pub use period::{parse_period, PERIOD_FORMS};
pub use raw::MAX_DIAGNOSTICS;
// The locale-proof CSV reading, for the spreadsheet importer.
pub(crate) use raw::{leading_breaks, sniff};

use crate::diagnostics::Diagnostic;
use crate::model::{Id, JourneyMetrics, MetricDef};
use std::collections::BTreeMap;
use std::path::Path;

/// What the reader needs to check a row: the metric definitions of site.yaml and the
/// stage ids (in order) of every known journey.
pub struct MetricsSchema<'a> {
    pub metrics: &'a BTreeMap<String, MetricDef>,
    pub journeys: &'a BTreeMap<Id, Vec<Id>>,
}

/// Reads one metrics CSV, streaming (never slurping the whole file into memory: rows are
/// aggregated into series as they are read). `display_path` is used in diagnostics.
/// `file_journey` is the file stem: rows belong to that journey unless a `journey`
/// column names another. Returns the series per journey and every problem found (all
/// bad rows, not only the first).
pub fn read_metrics<R: std::io::Read>(
    input: R,
    display_path: &Path,
    file_journey: &str,
    schema: &MetricsSchema,
) -> (BTreeMap<Id, JourneyMetrics>, Vec<Diagnostic>) {
    reader::read_metrics(input, display_path, file_journey, schema)
}

/// Opens and reads a file with read_metrics (an I/O error becomes a Diagnostic at 0:0).
pub fn read_metrics_file(
    path: &Path,
    display_path: &Path,
    file_journey: &str,
    schema: &MetricsSchema,
) -> (BTreeMap<Id, JourneyMetrics>, Vec<Diagnostic>) {
    match std::fs::File::open(path) {
        Ok(file) => read_metrics(file, display_path, file_journey, schema),
        Err(e) => {
            let d = Diagnostic::error(display_path, 0, 0, format!("cannot read the file: {e}"));
            (BTreeMap::new(), vec![d])
        }
    }
}
