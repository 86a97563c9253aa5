//! Metric CSVs.
