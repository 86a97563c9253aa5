//! Where the numbers and labels go: the y axis's range and ticks, how wide a label is,
//! and the labels beside the plot spread apart.

use super::{LABEL_STEP, PART_GAP, SIZE};
use crate::charts::svg;
use plotters::style::RGBColor;

pub(super) fn parts_width(parts: &[(String, RGBColor, bool)]) -> f64 {
    parts
        .iter()
        .map(|(text, _, bold)| text_width(text, *bold))
        .sum::<f64>()
        + PART_GAP * parts.len().saturating_sub(1) as f64
}

/// The width of a label at the chart's text size; bold text and symbols run wider than
/// the estimate, so they get a margin.
pub(super) fn text_width(text: &str, bold: bool) -> f64 {
    // Symbols outside ASCII (arrows, ticks); Cyrillic letters are not, and need no lookup.
    let wide = text
        .chars()
        .filter(|&c| {
            c == '%'
                || (!c.is_ascii() && !matches!(c, '\u{400}'..='\u{4FF}') && !c.is_alphanumeric())
        })
        .count();
    svg::text_width(text, SIZE) * if bold { 1.1 } else { 1.0 } + wide as f64 * 0.35 * SIZE
}

/// The period labels below the plot: each label's lines, and every how many periods one
/// is drawn.
pub(super) struct PeriodLabels {
    pub(super) labels: Vec<Vec<String>>,
    pub(super) stride: usize,
    /// The most lines a label takes.
    pub(super) lines: usize,
}

/// Labels for `periods`, `slot` px apart within `room` px: each on one line when that
/// labels as many periods as two lines would, else long labels ("3-й кв. 2026 г.") broken
/// in two at the space that balances them.
pub(super) fn period_labels(periods: &[String], slot: f64, room: f64) -> PeriodLabels {
    let stride = |labels: &[Vec<String>]| {
        let widest = labels
            .iter()
            .flatten()
            .map(|l| svg::text_width(l, SIZE))
            .fold(0.0, f64::max);
        ((widest + 10.0) / slot.max(1.0)).ceil().max(1.0) as usize
    };
    let one: Vec<Vec<String>> = periods
        .iter()
        .map(|p| vec![svg::shorten(p, room, SIZE)])
        .collect();
    let single = stride(&one);
    if single > 1 && periods.iter().any(|p| p.trim().contains(' ')) {
        let two: Vec<Vec<String>> = periods.iter().map(|p| balanced(p, room)).collect();
        let double = stride(&two);
        if double < single {
            let lines = two.iter().map(Vec::len).max().unwrap_or(1);
            return PeriodLabels {
                labels: two,
                stride: double,
                lines,
            };
        }
    }
    PeriodLabels {
        labels: one,
        stride: single,
        lines: 1,
    }
}

/// `text` in two lines broken at the space that makes the wider line narrowest, each
/// line shortened to `room` px; one line when it has no space.
fn balanced(text: &str, room: f64) -> Vec<String> {
    let text = text.trim();
    let best = text
        .match_indices(' ')
        .map(|(at, _)| {
            let (a, b) = (text[..at].trim_end(), text[at..].trim_start());
            let wider = svg::text_width(a, SIZE).max(svg::text_width(b, SIZE));
            (wider, a, b)
        })
        .min_by(|x, y| x.0.total_cmp(&y.0));
    match best {
        Some((_, a, b)) => vec![svg::shorten(a, room, SIZE), svg::shorten(b, room, SIZE)],
        None => vec![svg::shorten(text, room, SIZE)],
    }
}

/// Label centres as near their anchors as possible, at least `LABEL_STEP` apart and within
/// `top..=bottom`, keeping their order.
pub(super) fn spread(anchors: &[f64], top: f64, bottom: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..anchors.len()).collect();
    order.sort_by(|&a, &b| anchors[a].total_cmp(&anchors[b]).then(a.cmp(&b)));
    let mut placed = vec![0.0; anchors.len()];
    let mut previous = f64::NEG_INFINITY;
    for &k in &order {
        let at = anchors[k]
            .clamp(top, bottom.max(top))
            .max(previous + LABEL_STEP);
        placed[k] = at;
        previous = at;
    }
    // Push back up what ran off the bottom.
    let mut next = f64::INFINITY;
    for &k in order.iter().rev() {
        let at = placed[k].min(bottom).min(next - LABEL_STEP);
        placed[k] = at;
        next = at;
    }
    placed
}

/// The y axis: from the values and targets with some room around them, rounded out to
/// round ticks. A flat series gets room too, so it is drawn mid-height rather than not at all.
pub(super) fn y_range<'a>(values: impl Iterator<Item = &'a f64>) -> Option<(f64, f64, Vec<f64>)> {
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in values {
        min = min.min(v);
        max = max.max(v);
    }
    if !(min.is_finite() && max.is_finite()) {
        return None;
    }
    let span = max - min;
    let pad = if span > 1e-9 * max.abs().max(min.abs()).max(1.0) {
        span * 0.1
    } else {
        (max.abs() * 0.1).max(1.0)
    };
    let mut lo = min - pad;
    let hi = max + pad;
    // Counts and shares do not go below zero; neither should their axis.
    if min >= 0.0 && lo < 0.0 {
        lo = 0.0;
    }
    let raw = (hi - lo) / 4.0;
    if !(raw.is_finite() && raw > 0.0) {
        return Some((min - 1.0, max + 1.0, vec![min]));
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).floor();
    let last = (hi / step).ceil();
    let count = (last - first).round();
    if !(count.is_finite() && (1.0..=12.0).contains(&count)) {
        return Some((lo, hi, vec![lo, hi]));
    }
    let ticks: Vec<f64> = (0..=count as usize)
        .map(|k| (first + k as f64) * step)
        .collect();
    Some((first * step, last * step, ticks))
}

/// Decimals needed to tell the ticks apart.
pub(super) fn decimals(ticks: &[f64]) -> usize {
    let step = match ticks {
        [a, b, ..] => (b - a).abs(),
        _ => return 0,
    };
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}
