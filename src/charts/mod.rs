//! Charts: each kind is a function from plain data to a complete, accessible SVG string,
//! drawn with plotters through the SVG writer in `backend/`. Every chart has
//! `role="img"`, a `<title>` and a `<desc>` stating its finding; the pages show the same
//! numbers in a table beside it.
//! Charts hold no words of their own: every text and number comes through [`Words`], in
//! the page's language.

mod backend;
#[cfg(test)]
mod compact;
mod emotion;
mod forest;
mod funnel;
mod heatmap;
mod kpi;
mod matrix;
mod perceived;
mod persona;
mod sentiment;
mod svg;
#[cfg(test)]
pub(crate) mod test_support;
mod words;

pub use emotion::{emotion_curve, EmotionSeries};
pub use forest::{forest_plot, ForestPanel, ForestRow, ForestTone};
pub use funnel::{funnel_chart, FunnelBar};
pub use heatmap::heatmap;
pub use kpi::{kpi_legend, kpi_trend_chart, kpi_trend_chart_marked, KpiLine, ShipMark};
pub use matrix::{opportunity_matrix, MatrixPoint};
pub use perceived::{perceived_chart, PerceivedRow};
pub use persona::{persona_curves, PersonaCurve};
pub use sentiment::{sentiment_chart, SentimentRow};
pub use svg::{framed, LegendEntry};
pub use words::Words;
