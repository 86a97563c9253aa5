//! Template filters that format numbers and labels the same way on every page.

use minijinja::value::Value;
use minijinja::Environment;

pub fn register(env: &mut Environment<'static>) {
    env.add_filter("pct", pct);
    env.add_filter("num", num);
    env.add_filter("signed", signed);
    env.add_filter("words", words);
    env.add_filter("emotion_word", emotion_word);
    env.add_filter("badge", super::badges::badge);
}

/// A fraction as a percentage: `0.123` → `12.3%`.
fn pct(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{}%", trim(v * 100.0, 1)),
        _ => "–".into(),
    }
}

/// A metric value in its unit: counts grouped by thousands, percents with `%`, days with `d`.
fn num(value: Option<f64>, unit: Option<Value>) -> String {
    let Some(v) = value.filter(|v| v.is_finite()) else {
        return "–".into();
    };
    let unit = unit.map(|u| u.to_string()).unwrap_or_default();
    match unit.as_str() {
        "count" => group_thousands(v.round() as i64),
        "percent" => format!("{}%", trim(v, 1)),
        "score" => trim(v, 2),
        "days" => format!("{} d", trim(v, 1)),
        "hours" => format!("{} h", trim(v, 1)),
        "minutes" => format!("{} min", trim(v, 1)),
        "seconds" => format!("{} s", trim(v, 1)),
        "currency" => format!("{:.2}", v),
        _ if v.fract() == 0.0 && v.abs() >= 1000.0 => group_thousands(v as i64),
        _ => trim(v, 2),
    }
}

/// A change with its sign: `+3`, `−1.5` (a real minus sign), `0`.
fn signed(value: Option<f64>, unit: Option<Value>) -> String {
    let Some(v) = value.filter(|v| v.is_finite()) else {
        return "–".into();
    };
    let magnitude = num(Some(v.abs()), unit);
    if v > 0.0 {
        format!("+{magnitude}")
    } else if v < 0.0 {
        format!("\u{2212}{magnitude}")
    } else {
        magnitude
    }
}

/// A keyword as words: `current-state` → `Current state`.
pub(super) fn words(value: Value) -> String {
    let text = value.to_string().replace(['-', '_'], " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An emotion score in words, so the grid never relies on colour or a number alone.
pub(super) fn emotion_word(value: Option<f64>) -> &'static str {
    match value.map(|v| v.round() as i64) {
        Some(2) => "very positive",
        Some(1) => "positive",
        Some(0) => "neutral",
        Some(-1) => "negative",
        Some(-2) => "very negative",
        _ => "not recorded",
    }
}

/// `v` with at most `digits` decimals and no trailing zeros.
fn trim(v: f64, digits: usize) -> String {
    let s = format!("{v:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_by_unit() {
        assert_eq!(num(Some(12000.0), Some(Value::from("count"))), "12,000");
        assert_eq!(num(Some(3.10), Some(Value::from("percent"))), "3.1%");
        assert_eq!(num(Some(4.0), Some(Value::from("days"))), "4 d");
        assert_eq!(num(None, None), "–");
        assert_eq!(pct(Some(0.1234)), "12.3%");
        assert_eq!(signed(Some(-1.5), None), "\u{2212}1.5");
        assert_eq!(signed(Some(2.0), None), "+2");
        assert_eq!(group_thousands(-1234567), "-1,234,567");
        assert_eq!(words(Value::from("day-in-the-life")), "Day in the life");
    }
}
