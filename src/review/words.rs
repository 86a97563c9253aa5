//! Values in words, as the releases' what-changed pages say them: verdicts with their
//! symbols, emotions with their meaning, metric values in their units.

use crate::analysis::KpiStatus;
use crate::model::Unit;
use crate::snapshot::diff::{KpiSide, Verdict};

/// A verdict as symbol and word, so it reads without colour.
pub(super) fn verdict(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Better => "▲ Better",
        Verdict::Worse => "▼ Worse",
        Verdict::Changed => "● Changed",
    }
}

/// An emotion with its sign and meaning: `−1 (negative)`.
pub(super) fn emotion(value: Option<i8>) -> String {
    let Some(value) = value else {
        return "none".into();
    };
    let meaning = match value {
        i8::MIN..=-2 => "very negative",
        -1 => "negative",
        0 => "neutral",
        1 => "positive",
        _ => "very positive",
    };
    let sign = match value {
        v if v < 0 => format!("−{}", v.unsigned_abs()),
        v if v > 0 => format!("+{v}"),
        _ => "0".into(),
    };
    format!("{sign} ({meaning})")
}

/// A keyword (`in-progress`) as words (`in progress`).
pub(super) fn keyword(text: &str) -> String {
    text.replace('-', " ")
}

pub(super) fn kpi_status(status: KpiStatus) -> String {
    keyword(status.as_str())
}

/// A KPI's latest value with its period, target and status, or that it was not measured.
pub(super) fn kpi_side(side: Option<&KpiSide>, unit: Unit) -> String {
    match side {
        None => "not measured".into(),
        Some(s) => format!(
            "{} ({}, target {}, {})",
            number(s.value, unit),
            s.period,
            number(s.target, unit),
            kpi_status(s.status)
        ),
    }
}

/// A fraction as a percentage with at most one decimal, or `none`.
pub(super) fn percent(value: Option<f64>) -> String {
    match value.filter(|v| v.is_finite()) {
        Some(v) => format!("{}%", trimmed(v * 100.0, 1)),
        None => "none".into(),
    }
}

/// A metric value in its unit: counts grouped by thousands, percents and durations with
/// their symbol, other values with up to two decimals.
pub(super) fn number(value: f64, unit: Unit) -> String {
    if !value.is_finite() {
        return "none".into();
    }
    match unit {
        Unit::Count => grouped(value.round()),
        Unit::Percent => format!("{}%", trimmed(value, 1)),
        Unit::Currency => format!("{value:.2}"),
        Unit::Days => format!("{} d", trimmed(value, 1)),
        Unit::Hours => format!("{} h", trimmed(value, 1)),
        Unit::Minutes => format!("{} min", trimmed(value, 1)),
        Unit::Seconds => format!("{} s", trimmed(value, 1)),
        Unit::Score | Unit::Number => trimmed(value, 2),
    }
}

/// `value` with at most `decimals` decimals, trailing zeros dropped.
fn trimmed(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = match text.contains('.') {
        true => text.trim_end_matches('0').trim_end_matches('.').to_string(),
        false => text,
    };
    match text.as_str() {
        "-0" => "0".into(),
        _ => text.replacen('-', "−", 1),
    }
}

/// A whole number with `,` between thousands.
fn grouped(value: f64) -> String {
    let digits = format!("{:.0}", value.abs());
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    match value < 0.0 && digits != "0" {
        true => format!("−{out}"),
        false => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_in_their_units() {
        assert_eq!(number(12000.0, Unit::Count), "12,000");
        assert_eq!(number(999.6, Unit::Count), "1,000");
        assert_eq!(number(-1234567.0, Unit::Count), "−1,234,567");
        assert_eq!(number(3.1, Unit::Percent), "3.1%");
        assert_eq!(number(4.0, Unit::Score), "4");
        assert_eq!(number(4.126, Unit::Score), "4.13");
        assert_eq!(number(2.5, Unit::Days), "2.5 d");
        assert_eq!(number(-0.001, Unit::Number), "0");
        assert_eq!(number(f64::NAN, Unit::Number), "none");
        assert_eq!(percent(Some(0.123)), "12.3%");
        assert_eq!(percent(None), "none");
    }

    #[test]
    fn emotions_read_with_sign_and_meaning() {
        assert_eq!(emotion(Some(-2)), "−2 (very negative)");
        assert_eq!(emotion(Some(0)), "0 (neutral)");
        assert_eq!(emotion(Some(1)), "+1 (positive)");
        assert_eq!(emotion(None), "none");
    }
}
