//! Reporting periods as written in the `period` column.

use crate::model::{days_in_month, iso_week1_monday, Date, Period, PeriodKind};

/// The forms a period may take, for messages.
pub const PERIOD_FORMS: &str = "YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD or YYYY-Www \
     (such as 2026, 2026-Q1, 2026-03, 2026-03-15 or 2026-W11)";

/// `YYYY`, `YYYY-Qn`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-Www` (ISO week; start = Monday of that
/// ISO week). Err is a message for the user. Allocates only for an error, as the reader
/// calls it for every row.
pub fn parse_period(s: &str) -> Result<Period, String> {
    let (first_day, kind) = first_day_and_kind(s)?;
    Period::new(first_day, kind).ok_or_else(|| format!("`{}` is not a period", s.trim()))
}

/// The first day and kind of the period `s`.
fn first_day_and_kind(s: &str) -> Result<(i64, PeriodKind), String> {
    let s = s.trim();
    let bad = |why: &str| format!("`{s}` is not a period: {why}");
    let general = || bad(&format!("expected {PERIOD_FORMS}"));
    let bytes = s.as_bytes();
    if bytes.len() < 4 || !bytes[..4].iter().all(u8::is_ascii_digit) {
        return Err(general());
    }
    let year = digits(&bytes[..4]) as i32;
    let rest = &bytes[4..];
    let Some(rest) = rest.strip_prefix(b"-") else {
        if rest.is_empty() {
            return Ok((first_day(year, 1, 1), PeriodKind::Year));
        }
        return Err(general());
    };
    match rest {
        [b'Q' | b'q', n] if n.is_ascii_digit() => {
            let q = u32::from(n - b'0');
            if !(1..=4).contains(&q) {
                return Err(bad("a quarter is Q1, Q2, Q3 or Q4"));
            }
            Ok((first_day(year, (q - 1) * 3 + 1, 1), PeriodKind::Quarter))
        }
        [b'W' | b'w', week @ ..]
            if (1..=2).contains(&week.len()) && week.iter().all(u8::is_ascii_digit) =>
        {
            let w = digits(week) as i64;
            let weeks = iso_weeks_in_year(year);
            if w < 1 || w > weeks {
                return Err(bad(&format!("{year} has ISO weeks W01 to W{weeks}")));
            }
            Ok((iso_week1_monday(year) + (w - 1) * 7, PeriodKind::Week))
        }
        [m1, m2] if m1.is_ascii_digit() && m2.is_ascii_digit() => {
            let month = digits(rest);
            if !(1..=12).contains(&month) {
                return Err(bad("a month is 01 to 12"));
            }
            Ok((first_day(year, month, 1), PeriodKind::Month))
        }
        [m1, m2, b'-', d1, d2] if [m1, m2, d1, d2].iter().all(|b| b.is_ascii_digit()) => {
            let (month, day) = (digits(&rest[..2]), digits(&rest[3..]));
            if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
                return Err(bad("there is no such day in the calendar"));
            }
            Ok((first_day(year, month, day), PeriodKind::Day))
        }
        _ => Err(general()),
    }
}

/// The value of a short run of ASCII digits (the caller checked they are digits).
fn digits(b: &[u8]) -> u32 {
    b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

fn first_day(year: i32, month: u32, day: u32) -> i64 {
    Date { year, month, day }.days_since_epoch()
}

fn iso_weeks_in_year(year: i32) -> i64 {
    (iso_week1_monday(year + 1) - iso_week1_monday(year)) / 7
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> i32 {
        i32::try_from(s.parse::<Date>().unwrap().days_since_epoch()).unwrap()
    }

    fn ok(s: &str) -> Period {
        parse_period(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn all_five_forms() {
        let p = ok("2026");
        assert_eq!(
            (p.start, p.kind, p.label().as_str()),
            (day("2026-01-01"), PeriodKind::Year, "2026")
        );
        let p = ok("2026-q3");
        assert_eq!(
            (p.start, p.kind, p.label().as_str()),
            (day("2026-07-01"), PeriodKind::Quarter, "2026-Q3")
        );
        let p = ok(" 2026-02 ");
        assert_eq!(
            (p.start, p.kind, p.label().as_str()),
            (day("2026-02-01"), PeriodKind::Month, "2026-02")
        );
        let p = ok("2024-02-29");
        assert_eq!(
            (p.start, p.kind, p.label().as_str()),
            (day("2024-02-29"), PeriodKind::Day, "2024-02-29")
        );
        let p = ok("2026-w5");
        assert_eq!(
            (p.start, p.kind, p.label().as_str()),
            (day("2026-01-26"), PeriodKind::Week, "2026-W05")
        );
    }

    #[test]
    fn iso_weeks_start_on_monday_and_may_begin_in_the_previous_year() {
        assert_eq!(ok("2026-W01").start, day("2025-12-29"));
        assert_eq!(ok("2021-W01").start, day("2021-01-04"));
        assert_eq!(ok("2020-W53").start, day("2020-12-28"));
        assert_eq!(ok("2026-W53").start, day("2026-12-28"));
    }

    #[test]
    fn labels_are_rebuilt_from_start_and_kind() {
        for s in [
            "0001",
            "2026",
            "2026-Q4",
            "2026-12",
            "2026-12-31",
            "2026-W01",
            "2020-W53",
            "2027-W52",
        ] {
            let p = ok(s);
            assert_eq!(p.label(), s);
        }
    }

    #[test]
    fn periods_order_in_time_across_forms() {
        let mut ps: Vec<Period> = [
            "2026-02",
            "2026-Q1",
            "2025-12-31",
            "2026",
            "2026-W01",
            "2026-01-01",
            "2026-01",
        ]
        .iter()
        .map(|s| ok(s))
        .collect();
        ps.sort();
        let labels: Vec<String> = ps.iter().map(Period::label).collect();
        assert_eq!(
            labels,
            [
                "2026-W01",
                "2025-12-31",
                "2026",
                "2026-Q1",
                "2026-01",
                "2026-01-01",
                "2026-02"
            ]
        );
    }

    #[test]
    fn bad_periods_are_rejected_with_a_reason() {
        for bad in [
            "",
            "26",
            "2026-",
            "2026-Q5",
            "2026-Q0",
            "2026-13",
            "2026-00",
            "2026-W54",
            "2025-W53",
            "2026-W00",
            "2026-W123",
            "2026-02-30",
            "2026-1",
            "2026/01",
            "Q1-2026",
            "２０２６",
            "2026-01-01x",
            "abcd",
        ] {
            let err = parse_period(bad).expect_err(bad);
            assert!(err.contains("is not a period"), "{bad}: {err}");
        }
        assert!(parse_period("2026-Q5").unwrap_err().contains("Q4"));
        assert!(parse_period("2026-13").unwrap_err().contains("01 to 12"));
        assert!(parse_period("2026-W54").unwrap_err().contains("W53"));
        assert!(parse_period("2025-W53").unwrap_err().contains("W52"));
        assert!(parse_period("later").unwrap_err().contains("YYYY-Www"));
    }
}
