//! The site's language: every word the pages show, from a translation table, and numbers,
//! dates and periods in the language's conventions.
//!
//! A [`Locale`] is built once per build from the built-in table of its language
//! (`tables/<lang>.yaml`), the site's own `i18n/<lang>.yaml` over it, and the English
//! table under both, so a key a table lacks shows in English rather than not at all. It
//! holds the language's CLDR plural rules and its number and date formats, ready to use:
//! rendering threads share it, and formatting builds nothing per call.
//!
//! Entries are texts with named placeholders (`"{count} of {total}"`), or a text per plural
//! category. No sentence is assembled in code: a sentence with values is one entry. What
//! a table gets wrong is a warning located in its file ([`check`]); diagnostics themselves
//! stay in English.

mod check;
#[cfg(test)]
mod coverage;
mod number;
mod period;
mod plural;
mod site;
mod table;
pub mod template;
#[cfg(test)]
mod tests;

pub use number::{NumberFormat, MISSING};
pub use period::DateFormat;
pub use site::{check_releases, check_site, read_tables, Locales};

use crate::diagnostics::Diagnostic;
use crate::model::{Date, Period};
use icu_locale_core::Locale as LanguageTag;
use plural::Plurals;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use table::{Entry, Located, Source};
use template::Template;

/// The built-in tables, by language code, in the order [`available`] lists them.
const BUILTIN: [(&str, &str); 3] = [
    ("en", include_str!("tables/en.yaml")),
    ("lv", include_str!("tables/lv.yaml")),
    ("ru", include_str!("tables/ru.yaml")),
];

/// The languages with a built-in table.
pub fn available() -> &'static [&'static str] {
    &["en", "lv", "ru"]
}

/// A site's own table for its language (`i18n/<lang>.yaml`): its path, for diagnostics,
/// and its text.
#[derive(Clone, Copy, Debug)]
pub struct SiteTable<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

/// Why a locale could not be built.
#[derive(Debug)]
pub enum LocaleError {
    /// `language:` names no built-in language and the site has no table for it, or is
    /// not a language code at all.
    UnknownLanguage(String),
    /// A table could not be read: each problem located in its file.
    Table(Vec<Diagnostic>),
}

impl LocaleError {
    /// The problem as diagnostics; an unknown language is placed at `language` in
    /// site.yaml, which the caller locates, and the hint names the built-in languages and
    /// those the site has a table for (`site_languages`).
    pub fn diagnostics(
        self,
        site_yaml: &Path,
        at: (usize, usize),
        site_languages: &[&str],
    ) -> Vec<Diagnostic> {
        match self {
            LocaleError::UnknownLanguage(problem) => {
                let own = if site_languages.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", and the site has tables for {}",
                        site_languages.join(", ")
                    )
                };
                let hint = format!(
                    "the built-in languages are {}{own}; for another, add its whole table as {}",
                    available().join(", "),
                    "i18n/<language>.yaml beside site.yaml"
                );
                vec![Diagnostic::error(site_yaml, at.0, at.1, problem).with_hint(hint)]
            }
            LocaleError::Table(diagnostics) => diagnostics,
        }
    }
}

/// One language, ready to render with: its merged table, plural rules and formats.
pub struct Locale {
    language: String,
    entries: HashMap<Box<str>, Entry>,
    plurals: Plurals,
    numbers: NumberFormat,
    dates: DateFormat,
    /// Keys asked for that no table has, for a warning after rendering.
    unknown: Mutex<BTreeSet<Box<str>>>,
}

impl Locale {
    /// The locale of `language`, with `site`'s table over the built-in one. A language
    /// without a built-in table needs a site table, which is then checked as a whole one.
    /// Returns the locale and the warnings about the site's table.
    pub fn new(
        language: &str,
        site: Option<SiteTable>,
    ) -> Result<(Locale, Vec<Diagnostic>), LocaleError> {
        let tag = language_tag(language)?;
        let builtin = BUILTIN.iter().find(|(code, _)| *code == language);
        if builtin.is_none() && site.is_none() {
            return Err(LocaleError::UnknownLanguage(format!(
                "`{language}` is not a built-in language, and the site has no table for it"
            )));
        }
        let en = read_builtin("en")?;
        let en_index: HashMap<&str, &Entry> =
            en.iter().map(|l| (l.key.as_str(), &l.entry)).collect();
        let plurals = Plurals::new(&tag);
        let own = match builtin {
            Some(_) if language != "en" => read_builtin(language)?,
            _ => Vec::new(),
        };
        let (site_entries, warnings) = match site {
            Some(site) => {
                let source = Source {
                    path: site.path,
                    text: site.text,
                };
                let entries = table::read(source).map_err(LocaleError::Table)?;
                let complete = builtin.is_none();
                check::check(source, entries, &en_index, &plurals, language, complete)
            }
            None => (Vec::new(), Vec::new()),
        };
        drop(en_index);
        let mut entries: HashMap<Box<str>, Entry> = HashMap::with_capacity(en.len() + 16);
        for located in en.into_iter().chain(own).chain(site_entries) {
            entries.insert(located.key.into_boxed_str(), located.entry);
        }
        let numbers = number_format(&entries);
        let dates = date_format(&entries);
        let locale = Locale {
            language: language.into(),
            entries,
            plurals,
            numbers,
            dates,
            unknown: Mutex::new(BTreeSet::new()),
        };
        Ok((locale, warnings))
    }

    /// A built-in language with no site table; `None` for any other code.
    #[cfg(test)]
    pub fn builtin(language: &str) -> Option<Locale> {
        BUILTIN.iter().find(|(code, _)| *code == language)?;
        Locale::new(language, None).ok().map(|(locale, _)| locale)
    }

    /// The language code, as `<html lang>` takes it.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// Every key the tables have, in no particular order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(|k| &**k)
    }

    /// Whether a table has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// The text of `key` for `count` (the plural form the count takes; `other` without
    /// one), before its placeholders are filled: for a caller that escapes the text and
    /// not the values. `None` (and the key noted as unknown) when no table has it.
    pub fn template(&self, key: &str, count: Option<f64>) -> Option<&Template> {
        let entry = self.entries.get(key);
        if entry.is_none() {
            self.note_unknown(key);
        }
        let category = count.map_or(icu_plurals::PluralCategory::Other, |c| {
            self.plurals.category(c)
        });
        entry?.select(category)
    }

    /// Every form of `key` the language uses, by CLDR category name (`one`, `few`, …,
    /// `other`; just `other` for a text without plural forms), with its placeholders left
    /// as `{name}`: for a script that fills them in the browser. Empty (and the key noted
    /// as unknown) when no table has it.
    pub fn forms(&self, key: &str) -> Vec<(&'static str, String)> {
        let Some(entry) = self.entries.get(key) else {
            self.note_unknown(key);
            return Vec::new();
        };
        let categories: &[icu_plurals::PluralCategory] = match entry {
            Entry::Text(_) => &[icu_plurals::PluralCategory::Other],
            Entry::Plural(_) => self.plurals.used(),
        };
        categories
            .iter()
            .filter_map(|&category| {
                let mut text = String::new();
                entry.select(category)?.write(&mut text, |_, _| false);
                Some((plural::name(category), text))
            })
            .collect()
    }

    /// The text of `key` with its placeholders filled from `values`, in the plural form
    /// `count` takes. `{count}` is the count in the language's digits unless `values`
    /// gives it. A key no table has is shown as it is, and noted for
    /// [`unknown_keys`](Locale::unknown_keys).
    pub fn text(&self, key: &str, count: Option<f64>, values: &[(&str, &str)]) -> String {
        let mut out = String::new();
        self.write_text(&mut out, key, count, values);
        out
    }

    /// [`text`](Locale::text), appended to `out`.
    pub fn write_text(
        &self,
        out: &mut String,
        key: &str,
        count: Option<f64>,
        values: &[(&str, &str)],
    ) {
        let Some(template) = self.template(key, count) else {
            out.push_str(key);
            return;
        };
        template.write(out, |name, out| {
            if let Some((_, value)) = values.iter().find(|(k, _)| *k == name) {
                out.push_str(value);
                true
            } else if let (Some(c), "count") = (count, name) {
                self.write_count(out, c);
                true
            } else {
                false
            }
        });
    }

    /// [`write_text`](Locale::write_text) for a page: the table's text with `&`, `<`, `>`
    /// and `"` escaped (so it is safe in element content and in double-quoted attributes,
    /// whatever a site's table holds), and `values` as they are, already markup.
    pub fn write_html(
        &self,
        out: &mut String,
        key: &str,
        count: Option<f64>,
        values: &[(&str, &str)],
    ) {
        let Some(template) = self.template(key, count) else {
            push_escaped(out, key);
            return;
        };
        for part in template.parts() {
            match part {
                template::Part::Literal(text) => push_escaped(out, text),
                template::Part::Placeholder(name) => {
                    if let Some((_, value)) = values.iter().find(|(k, _)| k == &&**name) {
                        out.push_str(value);
                    } else if let (Some(c), "count") = (count, &**name) {
                        self.write_count(out, c);
                    } else {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
            }
        }
    }

    /// A count as `{count}` shows it: grouped, with up to two decimals.
    pub fn write_count(&self, out: &mut String, count: f64) {
        if count.is_finite() {
            self.numbers
                .push_trimmed(out, count, plural::COUNT_DECIMALS, true);
        } else {
            out.push_str(MISSING);
        }
    }

    /// The keys asked for that no table has, sorted: a template that names a key wrong.
    pub fn unknown_keys(&self) -> Vec<String> {
        let unknown = self.unknown.lock().unwrap_or_else(|e| e.into_inner());
        unknown.iter().map(|k| k.to_string()).collect()
    }

    fn note_unknown(&self, key: &str) {
        let mut unknown = self.unknown.lock().unwrap_or_else(|e| e.into_inner());
        if !unknown.contains(key) {
            unknown.insert(key.into());
        }
    }

    /// How the language writes numbers.
    pub fn numbers(&self) -> &NumberFormat {
        &self.numbers
    }

    /// A metric value in its unit (`count`, `percent`, `days` …; anything else is a plain
    /// number). For `en`, the `num` filter's output.
    pub fn num(&self, value: Option<f64>, unit: &str) -> String {
        self.numbers.num(value, unit)
    }

    /// A fraction as a percentage. For `en`, the `pct` filter's output.
    pub fn pct(&self, value: Option<f64>) -> String {
        self.numbers.pct(value)
    }

    /// A change with its sign. For `en`, the `signed` filter's output.
    pub fn signed(&self, value: Option<f64>, unit: &str) -> String {
        self.numbers.signed(value, unit)
    }

    /// `value` with at most `decimals` decimals, grouped: for charts, which pick their own
    /// precision.
    pub fn decimal(&self, value: f64, decimals: usize) -> String {
        let mut out = String::with_capacity(12);
        if value.is_finite() {
            self.numbers.push_trimmed(&mut out, value, decimals, true);
        } else {
            out.push_str(MISSING);
        }
        out
    }

    /// `value` with exactly `decimals` decimals, grouped: for chart axes, whose ticks share
    /// their decimals.
    pub fn fixed(&self, value: f64, decimals: usize) -> String {
        let mut out = String::with_capacity(12);
        if value.is_finite() {
            self.numbers.push_fixed(&mut out, value, decimals, true);
        } else {
            out.push_str(MISSING);
        }
        out
    }

    /// `number`, already written in the language's digits, with the sign or symbol of
    /// `unit` around it as [`num`](Locale::num) writes it: "3.1%", "4 d"; as it is for a
    /// unit without one.
    pub fn in_unit(&self, number: &str, unit: &str) -> String {
        self.numbers.wrap(number, unit)
    }

    /// A date written out with its month's name: "10 May 2026", "10 мая 2026 г.".
    pub fn date_long(&self, date: Date) -> String {
        self.dates.long(date)
    }

    /// A date in figures: "2026-05-10" in English, "10.05.2026" in Russian.
    pub fn date_short(&self, date: Date) -> String {
        self.dates.short(date)
    }

    /// A reporting period as the language writes it: "2026-Q3", "3-й кв. 2026 г.".
    pub fn period(&self, period: Period) -> String {
        self.dates.period(period)
    }
}

impl crate::charts::Words for Locale {
    fn text(&self, key: &str, count: Option<f64>, values: &[(&str, &str)]) -> String {
        Locale::text(self, key, count, values)
    }

    fn decimal(&self, value: f64, decimals: usize) -> String {
        Locale::decimal(self, value, decimals)
    }

    fn fixed(&self, value: f64, decimals: usize) -> String {
        Locale::fixed(self, value, decimals)
    }

    fn in_unit(&self, number: &str, unit: &str) -> String {
        Locale::in_unit(self, number, unit)
    }
}

/// Appends `text` with `&`, `<`, `>` and `"` as character references. Apostrophes and
/// slashes stay as they are: table text is written between tags and in double-quoted
/// attributes, where they are harmless.
pub use crate::escape::escape_into_keeping_apostrophes as push_escaped;

/// `language` as a BCP 47 tag, for the plural rules; refused if it is not one (or is one
/// that could not name a file, such as `../x`).
fn language_tag(language: &str) -> Result<LanguageTag, LocaleError> {
    let plain = !language.is_empty()
        && language
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    plain
        .then(|| language.parse::<LanguageTag>().ok())
        .flatten()
        .ok_or_else(|| {
            LocaleError::UnknownLanguage(format!(
                "`{language}` is not a language code such as `en` or `pt-BR`"
            ))
        })
}

/// The built-in table of `language` (none for another code). Each render builds its
/// locales, `check` builds them again, and `serve` on every edit: a table is read once
/// per process and copied from then on, which costs a tenth as much.
fn read_builtin(language: &str) -> Result<Vec<Located>, LocaleError> {
    type Read = Result<Vec<Located>, Vec<Diagnostic>>;
    static TABLES: [OnceLock<Read>; BUILTIN.len()] = [const { OnceLock::new() }; BUILTIN.len()];
    let Some(at) = BUILTIN.iter().position(|(code, _)| *code == language) else {
        return Ok(Vec::new());
    };
    let read = TABLES[at].get_or_init(|| {
        let (code, text) = BUILTIN[at];
        let path = format!("(built-in) i18n/{code}.yaml");
        table::read(Source {
            path: Path::new(&path),
            text,
        })
    });
    read.clone().map_err(LocaleError::Table)
}

/// The text of a setting `key`. The English table has every setting; an empty text
/// stands in only if a built-in table were broken, which the tests rule out.
fn setting(entries: &HashMap<Box<str>, Entry>, key: &str) -> Template {
    entries
        .get(key)
        .and_then(|e| e.select(icu_plurals::PluralCategory::Other))
        .cloned()
        .unwrap_or_else(Template::empty)
}

fn literal(entries: &HashMap<Box<str>, Entry>, key: &str) -> Box<str> {
    setting(entries, key).literal().unwrap_or_default().into()
}

fn number_format(entries: &HashMap<Box<str>, Entry>) -> NumberFormat {
    NumberFormat {
        decimal: literal(entries, "number.decimal"),
        group: literal(entries, "number.group"),
        min_grouping: literal(entries, "number.min_grouping").parse().unwrap_or(1),
        percent: setting(entries, "number.percent"),
        units: number::UNITS.map(|(_, key)| setting(entries, key)),
    }
}

fn date_format(entries: &HashMap<Box<str>, Entry>) -> DateFormat {
    let months = |group: &str| period::MONTHS.map(|m| literal(entries, &format!("{group}.{m}")));
    DateFormat {
        long: setting(entries, "date.long"),
        short: setting(entries, "date.short"),
        periods: period::PERIOD_KEYS.map(|(_, key)| setting(entries, key)),
        date_months: months("date.months"),
        period_months: months("period.months"),
    }
}
