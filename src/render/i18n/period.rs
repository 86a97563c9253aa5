//! Dates and reporting periods as a language writes them, by patterns of its table:
//! `period.quarter: "{quarter}-й кв. {year} г."`. The input stays `2026-Q3`; this is only
//! how it is shown.

use super::template::Template;
use crate::model::{iso_week1_monday, Date, Period, PeriodKind};

/// The placeholders a date or period pattern may use.
pub const PLACEHOLDERS: [&str; 11] = [
    "year",
    "quarter",
    "quarter_roman",
    "month",
    "month2",
    "month_name",
    "day",
    "day2",
    "week",
    "week2",
    "week_year",
];

/// The month keys of `date.months.*` and `period.months.*`, January first.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The period kinds with the key of their pattern.
pub const PERIOD_KEYS: [(PeriodKind, &str); 5] = [
    (PeriodKind::Year, "period.year"),
    (PeriodKind::Quarter, "period.quarter"),
    (PeriodKind::Month, "period.month"),
    (PeriodKind::Week, "period.week"),
    (PeriodKind::Day, "period.day"),
];

/// How one language writes dates and periods.
#[derive(Clone, Debug)]
pub struct DateFormat {
    /// A date written out: "10 May 2026".
    pub long: Template,
    /// A date in figures: "2026-05-10", "10.05.2026".
    pub short: Template,
    /// A pattern per [`PERIOD_KEYS`] entry, in that order.
    pub periods: [Template; 5],
    /// Month names as a date uses them ("мая" in Russian).
    pub date_months: [Box<str>; 12],
    /// Month names standing alone, as a month period uses them ("май").
    pub period_months: [Box<str>; 12],
}

/// The parts of a date or period that patterns place.
struct Fields<'a> {
    year: i32,
    month: u32,
    day: u32,
    week: i64,
    week_year: i32,
    month_name: &'a str,
}

impl DateFormat {
    /// A date written out with its month's name.
    pub fn long(&self, date: Date) -> String {
        self.write(&self.long, date, &self.date_months)
    }

    /// A date in figures.
    pub fn short(&self, date: Date) -> String {
        self.write(&self.short, date, &self.date_months)
    }

    /// A reporting period: a year, quarter, month, ISO week or day.
    pub fn period(&self, period: Period) -> String {
        let i = PERIOD_KEYS
            .iter()
            .position(|(kind, _)| *kind == period.kind)
            .unwrap_or(0);
        let start = Date::from_days_since_epoch(period.first_day());
        self.write(&self.periods[i], start, &self.period_months)
    }

    fn write(&self, pattern: &Template, date: Date, months: &[Box<str>; 12]) -> String {
        let start = date.days_since_epoch();
        // The ISO week's year is that of its Thursday.
        let monday = start - (start + 3).rem_euclid(7);
        let week_year = Date::from_days_since_epoch(monday + 3).year;
        let fields = Fields {
            year: date.year,
            month: date.month,
            day: date.day,
            week: (monday - iso_week1_monday(week_year)) / 7 + 1,
            week_year,
            month_name: months.get(date.month as usize - 1).map_or("", |name| name),
        };
        let mut out = String::with_capacity(24);
        pattern.write(&mut out, |name, out| fields.push(name, out));
        out
    }
}

impl Fields<'_> {
    fn push(&self, name: &str, out: &mut String) -> bool {
        match name {
            "year" => push_padded(out, i64::from(self.year), 4),
            "quarter" => push_padded(out, i64::from((self.month - 1) / 3 + 1), 1),
            "quarter_roman" => {
                out.push_str(["I", "II", "III", "IV"][((self.month - 1) / 3) as usize % 4])
            }
            "month" => push_padded(out, i64::from(self.month), 1),
            "month2" => push_padded(out, i64::from(self.month), 2),
            "month_name" => out.push_str(self.month_name),
            "day" => push_padded(out, i64::from(self.day), 1),
            "day2" => push_padded(out, i64::from(self.day), 2),
            "week" => push_padded(out, self.week, 1),
            "week2" => push_padded(out, self.week, 2),
            "week_year" => push_padded(out, i64::from(self.week_year), 4),
            _ => return false,
        }
        true
    }
}

/// `n` zero-padded to `width` digits, as period labels write years and weeks.
fn push_padded(out: &mut String, n: i64, width: usize) {
    if n < 0 {
        out.push(super::number::MINUS);
    }
    let digits = n.unsigned_abs();
    let len = digits.checked_ilog10().map_or(1, |l| l as usize + 1);
    for _ in len..width {
        out.push('0');
    }
    let _ = std::fmt::Write::write_fmt(out, format_args!("{digits}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> DateFormat {
        let t = |s: &str| Template::parse(s).unwrap();
        let names = MONTHS.map(|m| {
            let mut name = m.to_string();
            name[..1].make_ascii_uppercase();
            name.into_boxed_str()
        });
        DateFormat {
            long: t("{day} {month_name} {year}"),
            short: t("{year}-{month2}-{day2}"),
            periods: [
                t("{year}"),
                t("{year}-Q{quarter}"),
                t("{year}-{month2}"),
                t("{week_year}-W{week2}"),
                t("{year}-{month2}-{day2}"),
            ],
            date_months: names.clone(),
            period_months: names,
        }
    }

    fn period(label: &str) -> Period {
        crate::metrics::parse_period(label).unwrap()
    }

    #[test]
    fn the_english_patterns_give_the_labels_of_the_csvs() {
        let en = en();
        for label in [
            "2026",
            "2026-Q1",
            "2026-Q4",
            "2026-01",
            "2026-12",
            "2026-03-09",
            "2026-W01",
            "2026-W53",
            "2020-W53",
            "2021-W01",
            "2024-W52",
            "0001",
            "9999-Q4",
        ] {
            let p = period(label);
            assert_eq!(en.period(p), p.label(), "{label}");
        }
    }

    #[test]
    fn weeks_belong_to_the_year_of_their_thursday() {
        let en = en();
        // 2021-01-01 is a Friday: its week is the last of 2020.
        let date: Date = "2021-01-01".parse().unwrap();
        let week = Period::new(date.days_since_epoch() - 4, PeriodKind::Week).unwrap();
        assert_eq!(en.period(week), "2020-W53");
        assert_eq!(en.long("2026-05-10".parse().unwrap()), "10 May 2026");
    }
}
