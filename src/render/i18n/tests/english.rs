//! English output is the output of the template filters it replaces.

use super::*;

/// The English filters the pages wrote numbers with before they had a language, kept as
/// the reference that English output must match.
mod before {
    pub fn pct(value: Option<f64>) -> String {
        match value {
            Some(v) if v.is_finite() => format!("{}%", trim(v * 100.0, 1)),
            _ => "–".into(),
        }
    }

    pub fn num(value: Option<f64>, unit: &str) -> String {
        let Some(v) = value.filter(|v| v.is_finite()) else {
            return "–".into();
        };
        match unit {
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

    pub fn signed(value: Option<f64>, unit: &str) -> String {
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
    pub fn words(keyword: &str) -> String {
        let text = keyword.replace(['-', '_'], " ");
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }

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
        let mut out = String::new();
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
}

#[test]
fn english_numbers_are_the_filters_output_with_a_real_minus_sign() {
    let en = locale("en");
    let mut values = vec![
        0.0,
        -0.0,
        0.001,
        -0.001,
        0.004,
        0.005,
        0.0049,
        0.05,
        0.35,
        0.062,
        0.1234,
        0.5,
        0.999,
        1.0,
        1.005,
        1.5,
        2.675,
        3.1,
        3.14158,
        9.95,
        10.0,
        12.345,
        99.99,
        100.0,
        999.0,
        999.5,
        1000.0,
        1000.5,
        1234.5,
        12000.0,
        123456.789,
        1e6,
        1234567.0,
        1e9,
        1e15,
        4.2e17,
        1e21,
        f64::NAN,
        f64::INFINITY,
    ];
    values.extend(values.clone().iter().map(|v| -v));
    let units = [
        "", "count", "percent", "score", "days", "hours", "minutes", "seconds", "currency",
        "number", "furlongs",
    ];
    for &v in &values {
        // The filters wrote a hyphen for negative numbers, the locale U+2212; and a
        // currency amount shown as zero loses its sign, as every other number does.
        let expected = |s: String| s.replace('-', "\u{2212}");
        let value = Some(v);
        assert_eq!(en.pct(value), expected(before::pct(value)), "pct({v})");
        for unit in units {
            let num = match expected(before::num(value, unit)) {
                zero if zero == "\u{2212}0.00" => "0.00".to_string(),
                num => num,
            };
            assert_eq!(en.num(value, unit), num, "num({v}, {unit:?})");
            assert_eq!(
                en.signed(value, unit),
                expected(before::signed(value, unit)),
                "signed({v}, {unit:?})"
            );
        }
    }
    assert_eq!(en.num(None, ""), before::num(None, ""));
}

#[test]
fn english_keywords_are_the_words_the_pages_showed() {
    let en = locale("en");
    let groups: [(&str, &[&str]); 7] = [
        ("severity", &["low", "medium", "high", "critical"]),
        ("status", &["idea", "planned", "in-progress", "done"]),
        (
            "quadrant",
            &["quick-win", "big-bet", "fill-in", "money-pit"],
        ),
        ("rating", &["good", "fair", "poor", "not-rated"]),
        ("level", &["low", "medium", "high"]),
        ("kpi_status", &["on-track", "at-risk", "off-track"]),
        (
            "kind",
            &[
                "current-state",
                "future-state",
                "day-in-the-life",
                "service-blueprint",
            ],
        ),
    ];
    for (kind, keywords) in groups {
        for keyword in keywords {
            let text = en.text(&format!("badge.{kind}.{keyword}"), None, &[]);
            assert_eq!(text, before::words(keyword), "{kind} {keyword}");
        }
    }
    for (key, words) in [
        ("very-positive", "very positive"),
        ("positive", "positive"),
        ("neutral", "neutral"),
        ("negative", "negative"),
        ("very-negative", "very negative"),
        ("not-recorded", "not recorded"),
    ] {
        assert_eq!(en.text(&format!("emotion.{key}"), None, &[]), words);
    }
}
