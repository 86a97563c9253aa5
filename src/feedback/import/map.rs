//! The map file of `import feedback` (`--map map.yaml`): which column of an export is
//! the id, the date, the rating and its scale, the verbatim and the tags, and which
//! stage each answer belongs to; and what each format assumes without one.

use crate::feedback::reader::split_tags;
use serde::Deserialize;
use std::collections::BTreeMap;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A plain CSV with one header row; the map says everything.
    Csv,
    /// Qualtrics' CSV export: three header rows (field id, question text, import id).
    Qualtrics,
    /// SurveyMonkey's CSV export: two header rows (question, then answer option).
    SurveyMonkey,
    /// Typeform's CSV export: one header row of question texts.
    Typeform,
    /// Zendesk's ticket CSV export.
    Zendesk,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Csv,
        Format::Qualtrics,
        Format::SurveyMonkey,
        Format::Typeform,
        Format::Zendesk,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Qualtrics => "qualtrics",
            Format::SurveyMonkey => "surveymonkey",
            Format::Typeform => "typeform",
            Format::Zendesk => "zendesk",
        }
    }

    /// The header rows before the first response.
    pub fn header_rows(self) -> usize {
        match self {
            Format::Qualtrics => 3,
            Format::SurveyMonkey => 2,
            _ => 1,
        }
    }

    /// What the format's exports are known to hold, for what the map leaves out.
    pub fn defaults(self) -> MapFile {
        let column = |name: &str| Some(name.to_string());
        let survey = Some("survey".to_string());
        match self {
            Format::Csv => MapFile::default(),
            Format::Qualtrics => MapFile {
                id: column("ResponseId"),
                date: column("EndDate"),
                source: survey,
                ..MapFile::default()
            },
            Format::SurveyMonkey => MapFile {
                id: column("Respondent ID"),
                date: column("End Date"),
                date_format: Some(DateFormat::MonthDayYear),
                source: survey,
                ..MapFile::default()
            },
            Format::Typeform => MapFile {
                id: column("#"),
                date: column("Submitted At"),
                source: survey,
                ..MapFile::default()
            },
            Format::Zendesk => MapFile {
                id: column("Id"),
                date: column("Created at"),
                source: Some("support".into()),
                tags: column("Tags"),
                tag_separator: Some(" ".into()),
                stages: Some(vec![Entry {
                    stage: None,
                    stage_column: column("Group"),
                    stage_values: None,
                    rating: column("Satisfaction Score"),
                    // A satisfaction rating is good or bad; offered and unoffered are none.
                    rating_values: Some(BTreeMap::from([
                        ("good".to_string(), 1.0),
                        ("bad".to_string(), 0.0),
                    ])),
                    scale: Some("0-1".into()),
                    text: column("Description"),
                }]),
                ..MapFile::default()
            },
        }
    }
}

/// How dates are written in the export; a time after the date is ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum DateFormat {
    #[serde(rename = "YYYY-MM-DD")]
    Iso,
    #[serde(rename = "DD.MM.YYYY")]
    DayMonthYearDots,
    #[serde(rename = "DD/MM/YYYY")]
    DayMonthYear,
    #[serde(rename = "MM/DD/YYYY")]
    MonthDayYear,
}

impl DateFormat {
    /// The date at the start of `text` as `YYYY-MM-DD`, or None.
    pub fn parse(self, text: &str) -> Option<String> {
        let date = text.split([' ', 'T']).next().unwrap_or("");
        let numbers = |sep: char| -> Option<[u32; 3]> {
            let parts: Vec<&str> = date.split(sep).collect();
            let [a, b, c] = parts.as_slice() else {
                return None;
            };
            let all_digits = [a, b, c]
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()));
            all_digits
                .then(|| [a.parse().ok(), b.parse().ok(), c.parse().ok()])?
                .into_iter()
                .collect::<Option<Vec<u32>>>()
                .map(|v| [v[0], v[1], v[2]])
        };
        let (year, month, day) = match self {
            DateFormat::Iso => {
                let [y, m, d] = numbers('-')?;
                (y, m, d)
            }
            DateFormat::DayMonthYearDots => {
                let [d, m, y] = numbers('.')?;
                (y, m, d)
            }
            DateFormat::DayMonthYear => {
                let [d, m, y] = numbers('/')?;
                (y, m, d)
            }
            DateFormat::MonthDayYear => {
                let [m, d, y] = numbers('/')?;
                (y, m, d)
            }
        };
        (1000..=9999)
            .contains(&year)
            .then(|| format!("{year:04}-{month:02}-{day:02}"))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DateFormat::Iso => "YYYY-MM-DD",
            DateFormat::DayMonthYearDots => "DD.MM.YYYY",
            DateFormat::DayMonthYear => "DD/MM/YYYY",
            DateFormat::MonthDayYear => "MM/DD/YYYY",
        }
    }
}

/// The map file; every key optional, a key left out keeps the format's default.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapFile {
    /// The column of the response or ticket id (needed: it is how a second import of the
    /// same export knows what is already there).
    pub id: Option<String>,
    /// The column of the date the answer was given.
    pub date: Option<String>,
    pub date_format: Option<DateFormat>,
    /// Written as every row's `source` (survey, support, interview, review, social).
    pub source: Option<String>,
    /// Columns whose answers go into `channel`, `segment` and `tags`.
    pub channel: Option<String>,
    pub segment: Option<String>,
    pub tags: Option<String>,
    /// What separates several tags in the tags column (default `,`).
    pub tag_separator: Option<String>,
    /// Answer → stage id for every entry that finds its stage by a column.
    pub stage_values: Option<BTreeMap<String, String>>,
    /// What each response gives: one feedback row per entry that has an answer.
    pub stages: Option<Vec<Entry>>,
}

/// One stage's part of a response: a question (or ticket field) per stage, or a column
/// whose answer names the stage.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// A fixed stage id.
    pub stage: Option<String>,
    /// Or the column whose answer picks the stage, through `stage_values` (an answer
    /// that is itself a stage id needs no entry there).
    pub stage_column: Option<String>,
    pub stage_values: Option<BTreeMap<String, String>>,
    /// The column of the rating.
    pub rating: Option<String>,
    /// Answer words → ratings, e.g. `{ good: 1, bad: 0 }`; other words are no rating.
    pub rating_values: Option<BTreeMap<String, f64>>,
    /// The rating's scale as `MIN-MAX` (default: the site's).
    pub scale: Option<String>,
    /// The column of the verbatim.
    pub text: Option<String>,
}

impl MapFile {
    /// `self` over `defaults`, key by key.
    pub fn over(self, defaults: MapFile) -> MapFile {
        MapFile {
            id: self.id.or(defaults.id),
            date: self.date.or(defaults.date),
            date_format: self.date_format.or(defaults.date_format),
            source: self.source.or(defaults.source),
            channel: self.channel.or(defaults.channel),
            segment: self.segment.or(defaults.segment),
            tags: self.tags.or(defaults.tags),
            tag_separator: self.tag_separator.or(defaults.tag_separator),
            stage_values: self.stage_values.or(defaults.stage_values),
            stages: self.stages.or(defaults.stages),
        }
    }

    /// The tags of a tags field, as the feedback CSV writes them (`a|b`).
    pub fn tags_of(&self, field: &str) -> String {
        let separator = self.tag_separator.as_deref().unwrap_or(",");
        let tags: Vec<&str> = if separator.is_empty() {
            vec![field.trim()]
        } else {
            field.split(separator).collect()
        };
        let joined: Vec<&str> = tags
            .iter()
            .flat_map(|t| split_tags(t))
            .filter(|t| !t.is_empty())
            .collect();
        joined.join("|")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_in_each_format_and_drop_the_time() {
        assert_eq!(
            DateFormat::Iso.parse("2026-03-02 10:15:32").as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(
            DateFormat::Iso.parse("2026-03-02T10:15:32Z").as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(
            DateFormat::MonthDayYear
                .parse("03/02/2026 10:15:32 AM")
                .as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(
            DateFormat::DayMonthYear.parse("02/03/2026").as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(
            DateFormat::DayMonthYearDots.parse("2.3.2026").as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(DateFormat::Iso.parse("yesterday"), None);
        assert_eq!(DateFormat::Iso.parse("03/02/2026"), None);
    }

    #[test]
    fn tags_are_split_at_the_separator_and_joined_with_a_bar() {
        let mut map = Format::Zendesk.defaults();
        assert_eq!(map.tags_of("porting  billing vip"), "porting|billing|vip");
        map.tag_separator = Some(",".into());
        assert_eq!(map.tags_of("a, b ,,c|d"), "a|b|c|d");
    }
}
