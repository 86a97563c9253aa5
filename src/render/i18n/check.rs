//! Checking a table against the English one and its language's plural rules. Every
//! finding is a warning located in the table file: the pages still build, with the English
//! text (or the `other` form) where the table falls short.

use super::number::UNITS;
use super::period::PLACEHOLDERS as DATE_PLACEHOLDERS;
use super::plural::{self, Plurals};
use super::table::{Entry, Located, Source};
use super::template::Template;
use crate::diagnostics::Diagnostic;
use std::collections::{BTreeSet, HashMap};

/// What a number, date or period setting may contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// Plain text: a separator or a month's name.
    Literal,
    /// A whole number from 1 to 4.
    MinGrouping,
    /// A pattern around `{value}`.
    Value,
    /// A date or period pattern.
    Date,
}

/// The setting a key is, if it is one rather than interface text.
pub fn setting(key: &str) -> Option<Setting> {
    Some(match key {
        "number.decimal" | "number.group" => Setting::Literal,
        "number.min_grouping" => Setting::MinGrouping,
        "number.percent" => Setting::Value,
        "date.long" | "date.short" => Setting::Date,
        _ if UNITS.iter().any(|(_, k)| *k == key) => Setting::Value,
        _ if key.starts_with("date.months.") || key.starts_with("period.months.") => {
            Setting::Literal
        }
        _ if key.starts_with("period.") => Setting::Date,
        _ => return None,
    })
}

/// Checks `entries` of the table at `source` for `language` against English (`en`):
/// plural forms the language needs or never uses, placeholders English does not have,
/// settings that cannot be used, and, when the table is the language's whole table
/// (`complete`), keys English has and it lacks. Returns the entries that can be used and
/// the warnings.
pub fn check(
    source: Source,
    entries: Vec<Located>,
    en: &HashMap<&str, &Entry>,
    plurals: &Plurals,
    language: &str,
    complete: bool,
) -> (Vec<Located>, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let mut kept = Vec::with_capacity(entries.len());
    for located in entries {
        let usable = match setting(&located.key) {
            Some(kind) => check_setting(&source, &located, kind, &mut warnings),
            None => {
                check_forms(&source, &located, plurals, language, &mut warnings);
                match en.get(located.key.as_str()) {
                    Some(english) => check_placeholders(&source, &located, english, &mut warnings),
                    None => check_misspelt(&source, &located, en, &mut warnings),
                }
                true
            }
        };
        if usable {
            kept.push(located);
        }
    }
    if complete {
        let present: BTreeSet<&str> = kept.iter().map(|l| l.key.as_str()).collect();
        let mut missing: Vec<&&str> = en.keys().filter(|k| !present.contains(**k)).collect();
        missing.sort();
        for key in missing {
            // The nearest group the table has is where the key belongs.
            let path: Vec<String> = key.split('.').map(str::to_string).collect();
            let at = source.locate(&path, None);
            warnings.push(
                source
                    .warning(at, format!("`{key}` is missing: the English text is shown"))
                    .with_hint(format!("English has: {}", english_text(en[*key]))),
            );
        }
    }
    (kept, warnings)
}

/// A key English lacks is the site's own, for its own templates; but one in a group of
/// English entries (`nav.portfoilo` beside `nav.portfolio`) is more likely misspelt.
fn check_misspelt(
    source: &Source,
    located: &Located,
    en: &HashMap<&str, &Entry>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some((group, _)) = located.key.rsplit_once('.') else {
        return;
    };
    let prefix = format!("{group}.");
    let mut siblings: Vec<&str> = en
        .keys()
        .filter(|k| {
            k.strip_prefix(&prefix)
                .is_some_and(|rest| !rest.contains('.'))
        })
        .copied()
        .collect();
    if siblings.is_empty() {
        return;
    }
    siblings.sort();
    let shown: Vec<String> = siblings.iter().take(8).map(|k| format!("`{k}`")).collect();
    let more = if siblings.len() > shown.len() {
        ", …"
    } else {
        ""
    };
    let at = source.locate(&located.path, None);
    warnings.push(
        source
            .warning(
                at,
                format!(
                    "`{}` is no key of the theme, though `{group}` holds its keys: misspelt?",
                    located.key
                ),
            )
            .with_hint(format!("`{group}` has {}{more}", shown.join(", "))),
    );
}

fn english_text(entry: &Entry) -> String {
    entry
        .forms()
        .iter()
        .map(|(form, t)| {
            let text = show(t);
            match form {
                Some(form) => format!("{form}: \"{text}\""),
                None => format!("\"{text}\""),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A template as written, for messages.
fn show(template: &Template) -> String {
    let mut out = String::new();
    for part in template.parts() {
        match part {
            super::template::Part::Literal(text) => {
                out.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            super::template::Part::Placeholder(name) => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
    }
    out
}

fn check_forms(
    source: &Source,
    located: &Located,
    plurals: &Plurals,
    language: &str,
    warnings: &mut Vec<Diagnostic>,
) {
    let Entry::Plural(_) = located.entry else {
        return;
    };
    let forms = located.entry.forms();
    let given: Vec<&str> = forms.iter().filter_map(|(f, _)| *f).collect();
    let used: Vec<&str> = plurals.used().iter().map(|&c| plural::name(c)).collect();
    let lacking: Vec<&str> = used
        .iter()
        .copied()
        .filter(|u| !given.contains(u))
        .collect();
    if !lacking.is_empty() {
        let at = source.locate(&located.path, None);
        warnings.push(
            source
                .warning(
                    at,
                    format!(
                        "`{}` has no {} form, which `{language}` needs for some counts",
                        located.key,
                        quoted(&lacking).join(", ")
                    ),
                )
                .with_hint(format!(
                    "`{language}` counts take the forms {}",
                    quoted(&used).join(", ")
                )),
        );
    }
    for form in given.iter().filter(|g| !used.contains(g)) {
        let at = source.locate(&located.path, Some(form));
        warnings.push(
            source
                .warning(
                    at,
                    format!(
                        "`{language}` never uses the `{form}` form of `{}`",
                        located.key
                    ),
                )
                .with_hint(format!(
                    "`{language}` counts take the forms {}",
                    quoted(&used).join(", ")
                )),
        );
    }
}

fn quoted(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| format!("`{n}`")).collect()
}

fn check_placeholders(
    source: &Source,
    located: &Located,
    english: &Entry,
    warnings: &mut Vec<Diagnostic>,
) {
    let known: BTreeSet<&str> = english
        .forms()
        .into_iter()
        .flat_map(|(_, t)| t.placeholders())
        .collect();
    for (form, template) in located.entry.forms() {
        let mut reported = BTreeSet::new();
        for name in template.placeholders() {
            if known.contains(name) || !reported.insert(name) {
                continue;
            }
            let at = source.locate(&located.path, form);
            let hint = if known.is_empty() {
                format!("the English `{}` has no placeholders", located.key)
            } else {
                let names: Vec<String> = known.iter().map(|n| format!("{{{n}}}")).collect();
                format!("the English `{}` has {}", located.key, names.join(", "))
            };
            warnings.push(
                source
                    .warning(
                        at,
                        format!(
                            "`{{{name}}}` is not a placeholder of `{}`: it stays as it is on the page",
                            located.key
                        ),
                    )
                    .with_hint(hint),
            );
        }
    }
}

/// Whether a number, date or period setting can be used; warns when it cannot.
fn check_setting(
    source: &Source,
    located: &Located,
    kind: Setting,
    warnings: &mut Vec<Diagnostic>,
) -> bool {
    let at = source.locate(&located.path, None);
    let key = &located.key;
    let Entry::Text(template) = &located.entry else {
        warnings.push(source.warning(
            at,
            format!("`{key}` is a setting and takes no plural forms: the English one is used"),
        ));
        return false;
    };
    let allowed: &[&str] = match kind {
        Setting::Literal | Setting::MinGrouping => &[],
        Setting::Value => &["value"],
        Setting::Date => &DATE_PLACEHOLDERS,
    };
    let problem = if let Some(bad) = template.placeholders().find(|p| !allowed.contains(p)) {
        Some(if allowed.is_empty() {
            format!("`{key}` takes no placeholders, and has `{{{bad}}}`")
        } else {
            let names: Vec<String> = allowed.iter().map(|n| format!("{{{n}}}")).collect();
            format!(
                "`{{{bad}}}` is not a placeholder of `{key}`, which may use {}",
                names.join(", ")
            )
        })
    } else {
        match kind {
            Setting::Value if template.placeholders().next().is_none() => {
                Some(format!("`{key}` must place the number with `{{value}}`"))
            }
            Setting::MinGrouping if !matches!(template.literal(), Some("1" | "2" | "3" | "4")) => {
                Some(format!("`{key}` must be a whole number from 1 to 4"))
            }
            Setting::Literal if key == "number.decimal" && template.literal() == Some("") => {
                Some(format!("`{key}` cannot be empty"))
            }
            _ => None,
        }
    };
    match problem {
        Some(problem) => {
            warnings.push(source.warning(at, format!("{problem}: the English one is used")));
            false
        }
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::super::table;
    use super::*;
    use std::path::Path;

    const EN: &str = "journey:\n  count:\n    one: \"{count} journey\"\n    other: \"{count} journeys\"\n  title: \"Journey {title}\"\nnumber:\n  decimal: \".\"\n  min_grouping: \"1\"\n  percent: \"{value}%\"\nperiod:\n  quarter: \"{year}-Q{quarter}\"\n";

    fn warnings(text: &str, language: &str, complete: bool) -> Vec<String> {
        let en_entries = table::read(Source {
            path: Path::new("en.yaml"),
            text: EN,
        })
        .unwrap();
        let en: HashMap<&str, &Entry> = en_entries
            .iter()
            .map(|l| (l.key.as_str(), &l.entry))
            .collect();
        let source = Source {
            path: Path::new("i18n/x.yaml"),
            text,
        };
        let entries = table::read(source).unwrap();
        let plurals = Plurals::new(&language.parse().unwrap());
        let (_, warnings) = check(source, entries, &en, &plurals, language, complete);
        warnings
            .iter()
            .map(|w| format!("{}:{} {}", w.line, w.column, w.message))
            .collect()
    }

    #[test]
    fn plural_forms_are_checked_against_the_language() {
        let text = "journey:\n  count:\n    one: \"{count} путь\"\n    few: \"{count} пути\"\n    two: \"{count} x\"\n";
        let found = warnings(text, "ru", false);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("2:3 `journey.count` has no `many`, `other` form"),
            "{found:?}"
        );
        assert!(
            found[1].starts_with("5:10 `ru` never uses the `two` form"),
            "{found:?}"
        );
        // A plain text serves every count.
        assert!(warnings("journey:\n  count: \"Paths: {count}\"\n", "ru", false).is_empty());
    }

    #[test]
    fn placeholders_english_lacks_are_reported_where_they_are() {
        let found = warnings("journey:\n  title: \"Ceļš {titel}\"\n", "lv", false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("2:10 `{titel}` is not a placeholder of `journey.title`"),
            "{found:?}"
        );
        // Keys English lacks are the site's own: anything goes.
        assert!(warnings("mine: \"{anything}\"\n", "lv", false).is_empty());
        assert!(warnings("my.own: \"{anything}\"\n", "lv", false).is_empty());
    }

    #[test]
    fn a_key_beside_english_ones_is_probably_misspelt() {
        let found = warnings("journey:\n  titel: \"Ceļš {title}\"\n", "lv", false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("2:10 `journey.titel` is no key of the theme"),
            "{found:?}"
        );
    }

    #[test]
    fn settings_are_checked_by_what_they_are() {
        let found = warnings(
            "number:\n  min_grouping: \"7\"\n  percent: \"%\"\nperiod:\n  quarter: \"{quarter}. cet. {yaer}\"\n",
            "lv",
            false,
        );
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].contains("from 1 to 4"), "{found:?}");
        assert!(found[1].contains("with `{value}`"), "{found:?}");
        assert!(
            found[2].starts_with("5:12 `{yaer}` is not a placeholder"),
            "{found:?}"
        );
        // Month names are a date pattern's own placeholders, whatever English uses.
        assert!(warnings(
            "period:\n  quarter: \"{quarter_roman} кв. {year}\"\n",
            "ru",
            false
        )
        .is_empty());
    }

    #[test]
    fn a_whole_table_is_checked_for_missing_keys() {
        let found = warnings("journey:\n  title: \"Reise {title}\"\n", "de", true);
        let missing: Vec<&String> = found.iter().filter(|w| w.contains("is missing")).collect();
        assert_eq!(missing.len(), 5, "{found:?}");
        // Located at the group the key belongs to, when the table has it.
        assert!(
            missing[0].starts_with("1:1 `journey.count` is missing"),
            "{found:?}"
        );
        assert!(warnings(EN, "en", true).is_empty());
    }
}
