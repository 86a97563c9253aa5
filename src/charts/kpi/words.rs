//! What the chart says in words: values with their units, statuses, and the finding
//! that the description states, all in the page's language.

use super::{latest, KpiLine};
use crate::charts::svg::{BAD, GOOD, MUTED, WARN};
use crate::charts::words::Words;
use plotters::style::RGBColor;

/// The decimals a label of `v` gets: about three significant digits.
fn decimals(v: f64) -> usize {
    let magnitude = v.abs();
    if magnitude >= 100.0 || magnitude == 0.0 {
        0
    } else if magnitude >= 10.0 {
        1
    } else if magnitude >= 1.0 {
        2
    } else {
        (2.0 - magnitude.log10().floor()).clamp(2.0, 6.0) as usize
    }
}

/// A value for a label: about three significant digits, grouped thousands.
pub(super) fn number(v: f64, words: &dyn Words) -> String {
    if !v.is_finite() {
        return words.decimal(v, 0);
    }
    words.decimal(v, decimals(v))
}

/// A value with its unit's sign or symbol, as labels show it: "3.1%", "4 d".
pub(super) fn labelled(v: f64, unit: &str, words: &dyn Words) -> String {
    words.in_unit(&number(v, words), unit.trim())
}

/// A value in words for the description: "3.1%", "4 days".
fn spoken(v: f64, unit: &str, words: &dyn Words) -> String {
    let n = number(v, words);
    let key = match unit.trim() {
        "days" => "unit_words.days",
        "hours" => "unit_words.hours",
        "minutes" => "unit_words.minutes",
        "seconds" => "unit_words.seconds",
        unit => return words.in_unit(&n, unit),
    };
    words.text(key, Some(v), &[("count", &n)])
}

/// A status keyword as a symbol, words and colour; `None` for an empty one.
pub(super) fn status(keyword: &str, words: &dyn Words) -> Option<(&'static str, String, RGBColor)> {
    let key = keyword.trim().to_lowercase().replace(['_', ' '], "-");
    let known = |entry: &str| words.text(entry, None, &[]);
    Some(match key.as_str() {
        "" => return None,
        "on-track" => ("✓", known("chart.kpi.on_track"), GOOD),
        "at-risk" => ("!", known("chart.kpi.at_risk"), WARN),
        "off-track" => ("✗", known("chart.kpi.off_track"), BAD),
        _ => ("•", keyword.trim().replace(['-', '_'], " "), MUTED),
    })
}

/// The metric's name, or the word for a value when it has none.
pub(super) fn metric(title: &str, words: &dyn Words) -> String {
    match title.trim() {
        "" => words.text("chart.value", None, &[]),
        title => title.to_string(),
    }
}

/// What a chart's description states: the chart's input, with each line's values and
/// target as drawn (finite ones only).
pub(super) struct Finding<'a> {
    pub(super) title: &'a str,
    pub(super) unit: &'a str,
    pub(super) better_higher: bool,
    pub(super) periods: &'a [String],
    pub(super) lines: &'a [KpiLine],
    pub(super) values: &'a [Vec<Option<f64>>],
    pub(super) targets: &'a [Option<f64>],
}

/// The finding in words: each stage's latest value against its target, and its change.
pub(super) fn describe(finding: &Finding, words: &dyn Words) -> String {
    let Finding {
        title,
        unit,
        better_higher,
        periods,
        lines,
        values,
        targets,
    } = *finding;
    let metric = metric(title, words);
    let mut sentences = Vec::new();
    for (c, line) in lines.iter().enumerate() {
        let Some((i, v)) = latest(&values[c]) else {
            continue;
        };
        let target = targets[c].map(|t| spoken(t, unit, words));
        let status = line
            .status
            .as_deref()
            .and_then(|s| status(s, words))
            .map(|(_, words, _)| words);
        let what = match (&target, &status) {
            (None, None) => "value",
            (Some(_), None) => "target",
            (None, Some(_)) => "status",
            (Some(_), Some(_)) => "target_status",
        };
        let previous = values[c][..i]
            .iter()
            .enumerate()
            .rev()
            .find_map(|(j, p)| p.map(|p| (j, p)));
        let (change_key, change) = match previous {
            None => ("alone", String::new()),
            Some((_, p)) if number((v - p).abs(), words) == number(0.0, words) => {
                ("unchanged", String::new())
            }
            Some((_, p)) => {
                let delta = v - p;
                let size = match unit.trim() {
                    "percent" => {
                        let n = number(delta.abs(), words);
                        words.text("unit_words.points", Some(delta.abs()), &[("count", &n)])
                    }
                    _ => spoken(delta.abs(), unit, words),
                };
                (if delta > 0.0 { "up" } else { "down" }, size)
            }
        };
        let previous_period = previous.map_or("", |(j, _)| periods[j].trim());
        sentences.push(words.text(
            &format!("chart.kpi.desc.{what}.{change_key}"),
            None,
            &[
                ("metric", &metric),
                ("stage", line.stage.trim()),
                ("value", &spoken(v, unit, words)),
                ("period", periods[i].trim()),
                ("target", target.as_deref().unwrap_or_default()),
                ("status", status.as_deref().unwrap_or_default()),
                ("change", &change),
                ("previous", previous_period),
            ],
        ));
    }
    if sentences.is_empty() {
        return words.text("chart.kpi.desc_none", None, &[("metric", &metric)]);
    }
    sentences.push(words.text(
        if better_higher {
            "chart.kpi.desc_higher"
        } else {
            "chart.kpi.desc_lower"
        },
        None,
        &[],
    ));
    sentences.join(" ")
}
