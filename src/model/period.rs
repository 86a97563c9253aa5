//! Reporting periods and the calendar of ISO weeks.

use super::Date;
use serde::Serialize;
use std::fmt;

/// The granularity of a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    Year,
    Quarter,
    Month,
    Week,
    Day,
}

/// A reporting period: `YYYY`, `YYYY-Qn`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-Www`.
/// Ordered by the day it starts, then by granularity. Serialized as its [label]; the
/// label follows from the first day and the kind, so it is not kept (a site holds a
/// period for every observation).
///
/// [label]: Period::label
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub struct Period {
    /// Days since 1970-01-01 of the period's first day. Four-digit years fit in 32
    /// bits, and a site holds a period for every observation: a metric point takes 32
    /// bytes rather than 40.
    pub start: i32,
    pub kind: PeriodKind,
}

impl From<Period> for String {
    fn from(period: Period) -> String {
        period.label()
    }
}

impl Period {
    /// The period of `kind` that starts on day `first_day` (since 1970-01-01); `None`
    /// past what 32 bits hold, which no four-digit year reaches.
    pub fn new(first_day: i64, kind: PeriodKind) -> Option<Period> {
        let start = i32::try_from(first_day).ok()?;
        Some(Period { start, kind })
    }

    /// Days since 1970-01-01 of the period's first day.
    pub fn first_day(&self) -> i64 {
        i64::from(self.start)
    }

    /// The period as written in a CSV, normalised: `2026-q1` → `2026-Q1`, `2026-w3` →
    /// `2026-W03`.
    pub fn label(&self) -> String {
        period_label(self.first_day(), self.kind)
    }

    /// Days since 1970-01-01 of the period's last day.
    pub fn end(&self) -> i64 {
        let first = self.first_day();
        let start = Date::from_days_since_epoch(first);
        let months = match self.kind {
            PeriodKind::Day => return first,
            PeriodKind::Week => return first + 6,
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
        };
        let month0 = start.month - 1 + months;
        let next = Date {
            year: start.year + (month0 / 12) as i32,
            month: month0 % 12 + 1,
            day: 1,
        };
        next.days_since_epoch() - 1
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// The normalised label of a period, from its first day and kind. Written by hand, not
/// with `format!`: it runs for every observation read.
fn period_label(start: i64, kind: PeriodKind) -> String {
    let date = Date::from_days_since_epoch(start);
    let mut label = String::with_capacity(10);
    match kind {
        PeriodKind::Year => push_number(&mut label, date.year, 4),
        PeriodKind::Quarter => {
            push_number(&mut label, date.year, 4);
            label.push_str("-Q");
            push_number(&mut label, ((date.month - 1) / 3 + 1) as i32, 1);
        }
        PeriodKind::Month | PeriodKind::Day => {
            push_number(&mut label, date.year, 4);
            label.push('-');
            push_number(&mut label, date.month as i32, 2);
            if kind == PeriodKind::Day {
                label.push('-');
                push_number(&mut label, date.day as i32, 2);
            }
        }
        PeriodKind::Week => {
            // The ISO year is the year of the week's Thursday.
            let iso_year = Date::from_days_since_epoch(start + 3).year;
            let week = (start - iso_week1_monday(iso_year)) / 7 + 1;
            push_number(&mut label, iso_year, 4);
            label.push_str("-W");
            push_number(&mut label, week as i32, 2);
        }
    }
    label
}

/// Appends `n` zero-padded to `width` digits.
fn push_number(out: &mut String, n: i32, width: usize) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = [b'0'; 12];
    let mut rest = n.unsigned_abs();
    let mut len = 0;
    while rest > 0 || len < width {
        digits[len] = b'0' + (rest % 10) as u8;
        rest /= 10;
        len += 1;
    }
    out.extend(digits[..len].iter().rev().map(|d| char::from(*d)));
}

/// Monday = 0 … Sunday = 6; 1970-01-01 was a Thursday.
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// ISO week 1 is the week (Monday to Sunday) that holds 4 January.
pub fn iso_week1_monday(year: i32) -> i64 {
    let jan4 = first_day(year, 1, 4);
    jan4 - weekday(jan4)
}

fn first_day(year: i32, month: u32, day: u32) -> i64 {
    Date { year, month, day }.days_since_epoch()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(start: &str, kind: PeriodKind) -> Period {
        let start: Date = start.parse().unwrap();
        Period::new(start.days_since_epoch(), kind).unwrap()
    }

    #[test]
    fn a_metric_point_is_kept_in_32_bytes() {
        assert_eq!(std::mem::size_of::<Period>(), 8);
        assert_eq!(std::mem::size_of::<crate::model::Point>(), 32);
    }

    #[test]
    fn periods_end_on_their_last_day() {
        let end = |p: Period| Date::from_days_since_epoch(p.end()).to_string();
        assert_eq!(end(period("2026-10-01", PeriodKind::Quarter)), "2026-12-31");
        assert_eq!(end(period("2024-02-01", PeriodKind::Month)), "2024-02-29");
        assert_eq!(end(period("2026-01-01", PeriodKind::Year)), "2026-12-31");
        assert_eq!(end(period("2026-11-23", PeriodKind::Week)), "2026-11-29");
        assert_eq!(end(period("2026-11-23", PeriodKind::Day)), "2026-11-23");
    }
}
