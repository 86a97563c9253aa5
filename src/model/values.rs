//! Checked values of the content: ids, dates, emotions and the keyword enums. Each
//! rejects bad input in `TryFrom`, so the YAML reader reports it at the value.

use serde::{Deserialize, Serialize};
use std::fmt;
/// A persona, journey or stage id: lowercase ASCII letters, digits and `-`. Shared, not
/// copied, when cloned: the analysis names each stage again in every KPI, ranked item
/// and funnel step, and at 10,000 journeys those copies were tens of megabytes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct Id(std::sync::Arc<str>);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Why a string is not an [`Id`], in words for the user.
pub fn id_problem(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some("an id cannot be empty".into());
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Some(format!(
            "`{s}` is not a valid id: it must not start or end with `-`"
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Some(format!(
            "`{s}` is not a valid id: `{c}` is not allowed (use lowercase ASCII letters, digits and `-`)"
        ));
    }
    None
}

impl TryFrom<String> for Id {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match id_problem(&s) {
            Some(problem) => Err(problem),
            None => Ok(Id(s.into())),
        }
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.0.to_string()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Days since 1970-01-01 (proleptic Gregorian), for "how long ago" arithmetic.
    pub fn days_since_epoch(&self) -> i64 {
        let (y, m) = if self.month <= 2 {
            (self.year as i64 - 1, self.month as i64 + 9)
        } else {
            (self.year as i64, self.month as i64 - 3)
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * m + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a date: expected YYYY-MM-DD, such as 2026-10-01");
        let parts: Vec<&str> = s.split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: u32 = parts[1].parse().map_err(|_| bad())?;
        let day: u32 = parts[2].parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        Ok(Date { year, month, day })
    }
}

impl TryFrom<String> for Date {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// How the customer feels at a stage, from -2 (very negative) to +2 (very positive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Emotion(i8);

impl Emotion {
    pub fn value(self) -> i8 {
        self.0
    }
}

impl TryFrom<i64> for Emotion {
    type Error = String;
    fn try_from(v: i64) -> Result<Self, String> {
        if (-2..=2).contains(&v) {
            Ok(Emotion(v as i8))
        } else {
            Err(format!(
                "emotion {v} is outside the scale: expected an integer from -2 (very negative) to 2 (very positive)"
            ))
        }
    }
}

impl From<Emotion> for i64 {
    fn from(e: Emotion) -> i64 {
        e.0 as i64
    }
}

macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum!(
    /// What a journey map describes.
    JourneyKind {
        CurrentState = "current-state",
        FutureState = "future-state",
        DayInTheLife = "day-in-the-life",
        ServiceBlueprint = "service-blueprint",
    }
);

keyword_enum!(
    /// How much a pain point hurts. Ordered from least to most severe.
    Severity { Low = "low", Medium = "medium", High = "high", Critical = "critical" }
);

keyword_enum!(
    /// Impact or effort of an opportunity.
    Level { Low = "low", Medium = "medium", High = "high" }
);

keyword_enum!(
    /// Where an opportunity stands.
    Status { Idea = "idea", Planned = "planned", InProgress = "in-progress", Done = "done" }
);

keyword_enum!(
    /// Whether the organisation owns the touchpoint.
    TouchpointKind { Direct = "direct", Indirect = "indirect" }
);

keyword_enum!(
    /// Whether a touchpoint happens online or in person.
    Mode { Online = "online", Offline = "offline" }
);

keyword_enum!(
    /// Which direction of a metric is good.
    Better { Higher = "higher", Lower = "lower" }
);

keyword_enum!(
    /// How a metric's values are shown.
    Unit {
        Count = "count",
        Percent = "percent",
        Score = "score",
        Days = "days",
        Hours = "hours",
        Minutes = "minutes",
        Seconds = "seconds",
        Currency = "currency",
        Number = "number",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_lowercase_digits_and_dashes_only() {
        assert!(Id::try_from("buying-online-2".to_string()).is_ok());
        for bad in ["", "Anna", "a_b", "-a", "a-", "../x", "a b", "é"] {
            assert!(Id::try_from(bad.to_string()).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn an_id_serializes_as_its_text_and_its_clones_share_it() {
        let id = Id::try_from("buying-online".to_string()).unwrap();
        let copy = id.clone();
        assert!(std::ptr::eq(id.as_str(), copy.as_str()));
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""buying-online""#);
        let back: Id = serde_json::from_str(r#""buying-online""#).unwrap();
        assert_eq!(back, id);
        assert!(serde_json::from_str::<Id>(r#""Buying""#).is_err());
        assert_eq!(String::from(id), "buying-online");
    }

    #[test]
    fn dates_round_trip_through_day_counts() {
        for s in ["1970-01-01", "2000-02-29", "2026-10-01", "2024-12-31"] {
            let d: Date = s.parse().unwrap();
            assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
            assert_eq!(d.to_string(), s);
        }
        assert_eq!("1970-01-02".parse::<Date>().unwrap().days_since_epoch(), 1);
        assert!("2026-02-30".parse::<Date>().is_err());
        assert!("2026-1-01".parse::<Date>().is_err());
    }

    #[test]
    fn emotion_is_bounded() {
        assert!(Emotion::try_from(2).is_ok());
        assert!(Emotion::try_from(-2).is_ok());
        assert!(Emotion::try_from(3).is_err());
        assert!(Emotion::try_from(-3).is_err());
    }
}
