//! What the chart says in words: values with their units, statuses, and the finding
//! that the description states.

use super::{latest, KpiLine};
use crate::charts::svg::{thousands, BAD, GOOD, MUTED, WARN};
use plotters::style::RGBColor;

pub(super) fn fixed(v: f64, decimals: usize) -> String {
    thousands(&format!("{v:.decimals$}"))
}

/// A value for a label: about three significant digits, grouped thousands.
pub(super) fn number(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let magnitude = v.abs();
    let decimals = if magnitude >= 100.0 || magnitude == 0.0 {
        0
    } else if magnitude >= 10.0 {
        1
    } else if magnitude >= 1.0 {
        2
    } else {
        (2.0 - magnitude.log10().floor()).clamp(2.0, 6.0) as usize
    };
    let text = format!("{v:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    thousands(&text)
}

/// What follows a value on the chart: "%", " d", …; nothing for counts and scores.
pub(super) fn suffix(unit: &str) -> &'static str {
    match unit.trim() {
        "percent" | "%" => "%",
        "days" => " d",
        "hours" => " h",
        "minutes" => " min",
        "seconds" => " s",
        _ => "",
    }
}

/// A value in words for the description: "3.1%", "4 days".
pub(super) fn spoken(v: f64, unit: &str) -> String {
    let n = number(v);
    let plural = n != "1";
    let word = |one: &str, many: &str| format!("{n} {}", if plural { many } else { one });
    match unit.trim() {
        "percent" | "%" => format!("{n}%"),
        "days" => word("day", "days"),
        "hours" => word("hour", "hours"),
        "minutes" => word("minute", "minutes"),
        "seconds" => word("second", "seconds"),
        _ => n,
    }
}

/// A status keyword as a symbol, words and colour; `None` for an empty one.
pub(super) fn status(keyword: &str) -> Option<(&'static str, String, RGBColor)> {
    let key = keyword.trim().to_lowercase().replace(['_', ' '], "-");
    Some(match key.as_str() {
        "" => return None,
        "on-track" => ("✓", "on track".into(), GOOD),
        "at-risk" => ("!", "at risk".into(), WARN),
        "off-track" => ("✗", "off track".into(), BAD),
        _ => ("•", keyword.trim().replace(['-', '_'], " "), MUTED),
    })
}

pub(super) fn metric(title: &str) -> &str {
    match title.trim() {
        "" => "Value",
        title => title,
    }
}

/// The finding in words: each stage's latest value against its target, and its change.
pub(super) fn describe(
    title: &str,
    unit: &str,
    better_higher: bool,
    periods: &[String],
    lines: &[KpiLine],
    values: &[Vec<Option<f64>>],
    targets: &[Option<f64>],
) -> String {
    let metric = metric(title);
    let mut sentences = Vec::new();
    for (c, line) in lines.iter().enumerate() {
        let Some((i, v)) = latest(&values[c]) else {
            continue;
        };
        let mut s = format!(
            "{metric} at {}: {} in {}",
            line.stage.trim(),
            spoken(v, unit),
            periods[i].trim()
        );
        if let Some(t) = targets[c] {
            s.push_str(&format!(" against a target of {}", spoken(t, unit)));
        }
        if let Some((_, words, _)) = line.status.as_deref().and_then(status) {
            s.push_str(&format!(" ({words})"));
        }
        let previous = values[c][..i]
            .iter()
            .enumerate()
            .rev()
            .find_map(|(j, p)| p.map(|p| (j, p)));
        if let Some((j, p)) = previous {
            let delta = v - p;
            let when = periods[j].trim();
            if number(delta.abs()) == "0" {
                s.push_str(&format!(", unchanged from {when}"));
            } else {
                let size = match unit.trim() {
                    "percent" | "%" => format!("{} points", number(delta.abs())),
                    _ => spoken(delta.abs(), unit),
                };
                let way = if delta > 0.0 { "up" } else { "down" };
                s.push_str(&format!(", {way} {size} from {when}"));
            }
        }
        s.push('.');
        sentences.push(s);
    }
    if sentences.is_empty() {
        return format!("{metric}: no values recorded.");
    }
    sentences.push(if better_higher {
        "Higher is better.".into()
    } else {
        "Lower is better.".into()
    });
    sentences.join(" ")
}
