//! waymark: a static site generator for customer-journey reports.
pub mod analysis;
pub mod diagnostics;
pub mod metrics;
pub mod model;
