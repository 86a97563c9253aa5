//! The site model: everything the content says, typed, after parsing.
//!
//! Front-matter structs derive `Deserialize` with `deny_unknown_fields` so a typo such as
//! `rol:` is an error; value checks that serde can make (enums, the emotion range, dates,
//! ids) live in `TryFrom` impls so the YAML reader reports them at the offending value.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// A persona or journey id: lowercase ASCII letters, digits and `-`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Id(String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
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
            None => Ok(Id(s)),
        }
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.0
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

/// How to read and judge one metric named in the CSVs (`site.yaml` → `metrics`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricDef {
    pub label: String,
    #[serde(default = "default_unit")]
    pub unit: Unit,
    #[serde(default = "default_better")]
    pub better: Better,
    /// The metric whose values per stage make the journey's funnel.
    #[serde(default)]
    pub funnel: bool,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
}

fn default_unit() -> Unit {
    Unit::Number
}

fn default_better() -> Better {
    Better::Higher
}

/// `site.yaml`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub unsafe_html: bool,
    #[serde(default)]
    pub repo_url: Option<String>,
    #[serde(default = "default_branch")]
    pub repo_branch: String,
    #[serde(default = "default_stale_after_days")]
    pub stale_after_days: u32,
    #[serde(default)]
    pub metrics: BTreeMap<String, MetricDef>,
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_branch() -> String {
    "main".into()
}
fn default_stale_after_days() -> u32 {
    180
}

/// A persona's front-matter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonaFront {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub segment: String,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub frustrations: Vec<String>,
    #[serde(default)]
    pub motivations: Vec<String>,
    #[serde(default)]
    pub channels: Vec<String>,
    #[serde(default)]
    pub quote: Option<String>,
}

/// A persona: who walks the journeys.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Persona {
    pub id: Id,
    #[serde(flatten)]
    pub front: PersonaFront,
    /// The Markdown body rendered to (sanitized) HTML.
    pub body_html: String,
    /// The source file, relative to the site directory.
    #[serde(skip)]
    pub source: PathBuf,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Touchpoint {
    pub name: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub kind: Option<TouchpointKind>,
    #[serde(default)]
    pub mode: Option<Mode>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PainPoint {
    /// Lets opportunities name the pain points they address.
    #[serde(default)]
    pub id: Option<Id>,
    pub text: String,
    pub severity: Severity,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opportunity {
    #[serde(default)]
    pub id: Option<Id>,
    pub text: String,
    pub impact: Level,
    pub effort: Level,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default = "default_status")]
    pub status: Status,
    /// Ids of pain points of the same journey that this opportunity addresses.
    #[serde(default)]
    pub addresses: Vec<Id>,
}

fn default_status() -> Status {
    Status::Idea
}

/// The service-blueprint lanes of a stage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blueprint {
    #[serde(default)]
    pub frontstage: Vec<String>,
    #[serde(default)]
    pub backstage: Vec<String>,
    #[serde(default)]
    pub support: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
}

impl Blueprint {
    pub fn is_empty(&self) -> bool {
        self.frontstage.is_empty()
            && self.backstage.is_empty()
            && self.support.is_empty()
            && self.evidence.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub thoughts: Vec<String>,
    #[serde(default)]
    pub emotion: Option<Emotion>,
    #[serde(default)]
    pub touchpoints: Vec<Touchpoint>,
    #[serde(default)]
    pub pain_points: Vec<PainPoint>,
    #[serde(default)]
    pub opportunities: Vec<Opportunity>,
    #[serde(default)]
    pub blueprint: Option<Blueprint>,
}

/// A journey's front-matter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JourneyFront {
    pub title: String,
    pub persona: Id,
    pub kind: JourneyKind,
    #[serde(default)]
    pub scenario: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub compare_to: Option<Id>,
    #[serde(default)]
    pub draft: bool,
    pub stages: Vec<Stage>,
}

/// A journey map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Journey {
    pub id: Id,
    #[serde(flatten)]
    pub front: JourneyFront,
    pub body_html: String,
    #[serde(skip)]
    pub source: PathBuf,
}

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
/// Ordered by the day it starts, then by granularity. Serialized as its label.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub struct Period {
    /// Days since 1970-01-01 of the period's first day.
    pub start: i64,
    pub kind: PeriodKind,
    /// The period as written in the CSV, normalised (`2026-q1` → `2026-Q1`).
    pub label: String,
}

impl From<Period> for String {
    fn from(period: Period) -> String {
        period.label
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// One observation of a series.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub period: Period,
    pub value: f64,
    pub target: Option<f64>,
}

/// The values of one metric at one stage (and segment) over time, sorted by period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    pub stage: Id,
    pub metric: String,
    pub segment: Option<String>,
    pub points: Vec<Point>,
}

/// Every metric series of one journey, sorted by (metric, stage, segment).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct JourneyMetrics {
    pub series: Vec<Series>,
}

/// A file under `static/`, copied as it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct StaticFile {
    /// Absolute (or site-relative) path to read from.
    pub source: PathBuf,
    /// Path relative to `static/`, with `/` separators; also the output path under `static/`.
    pub relative: String,
}

/// The whole site, parsed and validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// `index.md` rendered to HTML.
    pub intro_html: Option<String>,
    /// Sorted by id.
    pub personas: Vec<Persona>,
    /// Sorted by id; drafts only when asked for.
    pub journeys: Vec<Journey>,
    /// Journey id → its metric series; journeys without metrics have no entry.
    pub metrics: BTreeMap<Id, JourneyMetrics>,
    /// Sorted by relative path.
    pub static_files: Vec<StaticFile>,
}

impl Site {
    pub fn persona(&self, id: &str) -> Option<&Persona> {
        self.personas
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.personas[i])
    }

    pub fn journey(&self, id: &str) -> Option<&Journey> {
        self.journeys
            .binary_search_by(|j| j.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.journeys[i])
    }

    /// The metric definition that drives funnels, if the site has one.
    pub fn funnel_metric(&self) -> Option<(&str, &MetricDef)> {
        self.config
            .metrics
            .iter()
            .find(|(_, def)| def.funnel)
            .map(|(key, def)| (key.as_str(), def))
    }
}

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
