//! Golden tests across the built-in languages, and the proof that English output is the
//! output of the template filters it replaces.

use super::table::{self, Entry, Source};
use super::*;
use std::collections::BTreeSet;

fn locale(language: &str) -> Locale {
    Locale::builtin(language).expect("a built-in language")
}

fn entries(language: &str) -> Vec<Located> {
    let text = BUILTIN.iter().find(|(c, _)| *c == language).unwrap().1;
    table::read(Source {
        path: Path::new("builtin.yaml"),
        text,
    })
    .unwrap_or_else(|errors| panic!("{language}: {errors:?}"))
}

fn placeholders(entry: &Entry) -> BTreeSet<String> {
    entry
        .forms()
        .iter()
        .flat_map(|(_, t)| t.placeholders().map(str::to_string))
        .collect()
}

fn period(label: &str) -> Period {
    crate::metrics::parse_period(label).unwrap()
}

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

#[test]
fn built_in_tables_are_whole_and_check_clean() {
    assert_eq!(available().len(), BUILTIN.len());
    let en = entries("en");
    let en_index: HashMap<&str, &Entry> = en.iter().map(|l| (l.key.as_str(), &l.entry)).collect();
    for language in available() {
        let text = BUILTIN.iter().find(|(c, _)| c == language).unwrap().1;
        let source = Source {
            path: Path::new("builtin.yaml"),
            text,
        };
        let plurals = Plurals::new(&language.parse().unwrap());
        let (kept, warnings) = check::check(
            source,
            entries(language),
            &en_index,
            &plurals,
            language,
            true,
        );
        let shown: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert!(shown.is_empty(), "{language}: {shown:#?}");
        // The same keys as English, and each with the same placeholders: a translation
        // that drops one loses a value the page means to show.
        let keys: BTreeSet<&str> = kept.iter().map(|l| l.key.as_str()).collect();
        let en_keys: BTreeSet<&str> = en_index.keys().copied().collect();
        assert_eq!(keys, en_keys, "{language}");
        // Settings place what their kind allows, whatever English uses.
        for located in kept.iter().filter(|l| check::setting(&l.key).is_none()) {
            assert_eq!(
                placeholders(&located.entry),
                placeholders(en_index[located.key.as_str()]),
                "{language}: {}",
                located.key
            );
        }
    }
}

#[test]
fn russian_counts_take_one_few_many_and_other() {
    let ru = locale("ru");
    let journeys = |n: f64| ru.text("index.persona_journeys", Some(n), &[]);
    let expected = [
        (0.0, "0 путей"),
        (1.0, "1 путь"),
        (2.0, "2 пути"),
        (5.0, "5 путей"),
        (11.0, "11 путей"),
        (12.0, "12 путей"),
        (13.0, "13 путей"),
        (14.0, "14 путей"),
        (21.0, "21 путь"),
        (22.0, "22 пути"),
        (23.0, "23 пути"),
        (24.0, "24 пути"),
        (101.0, "101 путь"),
        (111.0, "111 путей"),
        (1.5, "1,5 пути"),
        (12000.0, "12\u{a0}000 путей"),
    ];
    for (n, text) in expected {
        assert_eq!(journeys(n), text, "{n}");
    }
    assert_eq!(ru.text("unit_words.days", Some(21.0), &[]), "21 день");
}

#[test]
fn latvian_counts_take_zero_one_and_other() {
    let lv = locale("lv");
    let journeys = |n: f64| lv.text("index.persona_journeys", Some(n), &[]);
    for (n, text) in [
        (0.0, "0 ceļu"),
        (1.0, "1 ceļš"),
        (2.0, "2 ceļi"),
        (11.0, "11 ceļu"),
        (21.0, "21 ceļš"),
        (100.0, "100 ceļu"),
        (101.0, "101 ceļš"),
    ] {
        assert_eq!(journeys(n), text, "{n}");
    }
}

#[test]
fn english_counts_take_one_and_other() {
    let en = locale("en");
    let journeys = |n: f64| en.text("index.persona_journeys", Some(n), &[]);
    assert_eq!(journeys(0.0), "0 journeys");
    assert_eq!(journeys(1.0), "1 journey");
    assert_eq!(journeys(2.0), "2 journeys");
    assert_eq!(journeys(1234.0), "1,234 journeys");
}

#[test]
fn placeholders_are_filled_by_name() {
    let ru = locale("ru");
    assert_eq!(
        ru.text(
            "journey.summary_emotion_lowest",
            None,
            &[
                ("mean", "\u{2212}0,5"),
                ("word", "негативно"),
                ("stage", "Оплата"),
                ("emotion", "\u{2212}2")
            ]
        ),
        "Средняя эмоция \u{2212}0,5 (негативно); ниже всего на этапе «Оплата» (\u{2212}2)."
    );
    let lv = locale("lv");
    assert_eq!(
        lv.text(
            "pain_points.lead",
            Some(22.0),
            &[("across", &lv.text("pain_points.across", Some(3.0), &[]))]
        ),
        "22 sāpju punkti 3 ceļos, smagākie vispirms."
    );
    // A value given for `count` wins over the count's own digits.
    let en = locale("en");
    assert_eq!(
        en.text(
            "index.of_total",
            Some(2.0),
            &[("count", "two"), ("total", "9")]
        ),
        "two of 9"
    );
}

#[test]
fn numbers_follow_each_languages_conventions() {
    let (en, ru, lv) = (locale("en"), locale("ru"), locale("lv"));
    for l in [&ru, &lv] {
        assert_eq!(l.num(Some(12000.0), "count"), "12\u{a0}000");
        assert_eq!(l.num(Some(3.1), ""), "3,1");
        assert_eq!(l.pct(Some(0.062)), "6,2\u{a0}%");
        assert_eq!(
            l.num(Some(-1234567.5), "count"),
            "\u{2212}1\u{a0}234\u{a0}568"
        );
        assert_eq!(l.signed(Some(-1.5), ""), "\u{2212}1,5");
        assert_eq!(l.signed(Some(0.25), "percent"), "+0,2\u{a0}%");
        assert_eq!(l.decimal(-0.004, 2), "0");
    }
    assert_eq!(en.num(Some(12000.0), "count"), "12,000");
    assert_eq!(en.num(Some(3.1), ""), "3.1");
    assert_eq!(en.pct(Some(0.062)), "6.2%");
    assert_eq!(en.num(Some(-1234.0), "count"), "\u{2212}1,234");
    // Russian groups four digits, Latvian (by CLDR) only five and more.
    assert_eq!(ru.num(Some(1234.0), "count"), "1\u{a0}234");
    assert_eq!(lv.num(Some(1234.0), "count"), "1234");
    assert_eq!(ru.num(Some(4.0), "days"), "4\u{a0}дн.");
    assert_eq!(lv.num(Some(2.5), "hours"), "2,5\u{a0}h");
    assert_eq!(ru.num(Some(1234.5), "currency"), "1234,50");
    assert_eq!(ru.num(None, "count"), MISSING);
}

#[test]
fn periods_and_dates_are_written_as_each_language_writes_them() {
    let cases = [
        ("2026", ["2026", "2026\u{a0}г.", "2026. g."]),
        (
            "2026-Q3",
            ["2026-Q3", "3-й кв. 2026\u{a0}г.", "2026. g. 3. ceturksnis"],
        ),
        ("2026-05", ["2026-05", "май 2026\u{a0}г.", "2026. g. maijs"]),
        (
            "2026-09",
            ["2026-09", "сентябрь 2026\u{a0}г.", "2026. g. septembris"],
        ),
        (
            "2026-W19",
            [
                "2026-W19",
                "19-я неделя 2026\u{a0}г.",
                "2026. g. 19. nedēļa",
            ],
        ),
        (
            "2021-W01",
            ["2021-W01", "1-я неделя 2021\u{a0}г.", "2021. g. 1. nedēļa"],
        ),
        ("2026-05-10", ["2026-05-10", "10.05.2026", "10.05.2026."]),
    ];
    let locales = [locale("en"), locale("ru"), locale("lv")];
    for (label, expected) in cases {
        for (l, want) in locales.iter().zip(expected) {
            assert_eq!(l.period(period(label)), want, "{} {label}", l.language());
        }
    }
    let may10 = date("2026-05-10");
    assert_eq!(locales[0].date_long(may10), "10 May 2026");
    assert_eq!(locales[1].date_long(may10), "10 мая 2026\u{a0}г.");
    assert_eq!(locales[2].date_long(may10), "2026. gada 10. maijs");
    assert_eq!(locales[0].date_short(may10), "2026-05-10");
    assert_eq!(locales[1].date_short(may10), "10.05.2026");
    assert_eq!(locales[2].date_short(may10), "10.05.2026.");
}

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

#[test]
fn a_key_no_table_has_shows_as_itself_and_is_reported() {
    let ru = locale("ru");
    assert_eq!(ru.text("nav.no_such_key", None, &[]), "nav.no_such_key");
    assert!(ru.template("chart.nothing", Some(2.0)).is_none());
    assert_eq!(ru.unknown_keys(), ["chart.nothing", "nav.no_such_key"]);
    assert!(ru.has("nav.portfolio"));
}

#[test]
fn a_site_overrides_entries_and_adds_its_own() {
    let text =
        "nav:\n  portfolio: Обзор\nmy_theme:\n  banner: \"Привет, {name}\"\nnumber.group: \" \"\n";
    let site = SiteTable {
        path: Path::new("site/i18n/ru.yaml"),
        text,
    };
    let (ru, warnings) = Locale::new("ru", Some(site)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(ru.text("nav.portfolio", None, &[]), "Обзор");
    assert_eq!(
        ru.text("my_theme.banner", None, &[("name", "Анна")]),
        "Привет, Анна"
    );
    assert_eq!(ru.num(Some(12000.0), "count"), "12 000");
    // What the site leaves alone stays built in.
    assert_eq!(ru.text("nav.releases", None, &[]), "Выпуски");
}

#[test]
fn a_site_adds_a_language_with_a_whole_table() {
    // German with its own number format and two entries: the rest falls back to English,
    // and each missing key is a warning in the site's table.
    let text = "number:\n  decimal: \",\"\n  group: \".\"\n  min_grouping: \"1\"\n  percent: \"{value}\u{a0}%\"\nindex:\n  persona_journeys:\n    one: \"{count} Reise\"\n    other: \"{count} Reisen\"\n";
    let site = SiteTable {
        path: Path::new("site/i18n/de.yaml"),
        text,
    };
    let (de, warnings) = Locale::new("de", Some(site)).unwrap();
    assert_eq!(de.text("index.persona_journeys", Some(1.0), &[]), "1 Reise");
    assert_eq!(
        de.text("index.persona_journeys", Some(1200.0), &[]),
        "1.200 Reisen"
    );
    assert_eq!(de.pct(Some(0.5)), "50\u{a0}%");
    assert_eq!(de.text("nav.portfolio", None, &[]), "Portfolio");
    let missing = warnings
        .iter()
        .filter(|w| w.message.contains("is missing"))
        .count();
    assert_eq!(missing, entries("en").len() - 5, "{:?}", warnings.first());
    let nav = warnings
        .iter()
        .find(|w| w.message.starts_with("`nav.portfolio` is missing"))
        .unwrap();
    assert_eq!(nav.path, Path::new("site/i18n/de.yaml"));
    assert_eq!(nav.hint.as_deref(), Some("English has: \"Portfolio\""));
}

#[test]
fn an_unknown_language_lists_the_available_ones() {
    let Err(err) = Locale::new("de", None) else {
        panic!("German has no built-in table")
    };
    let diagnostics = err.diagnostics(Path::new("site.yaml"), (6, 11), &["de-AT"]);
    assert_eq!(
        diagnostics[0].to_string(),
        "site.yaml:6:11: error: `de` is not a built-in language, and the site has no table for it"
    );
    assert!(diagnostics[0]
        .hint
        .as_deref()
        .unwrap()
        .contains("en, lv, ru, and the site has tables for de-AT"));
    for bad in ["", "../en", "e n", "english-language-xyz-toolongsubtag"] {
        assert!(Locale::new(bad, None).is_err(), "{bad:?}");
    }
}

#[test]
fn a_broken_site_table_is_an_error_in_its_file() {
    let site = SiteTable {
        path: Path::new("i18n/lv.yaml"),
        text: "nav:\n  portfolio: \"{oops\"\n",
    };
    let Err(LocaleError::Table(errors)) = Locale::new("lv", Some(site)) else {
        panic!("accepted a broken table")
    };
    assert_eq!(
        errors[0].to_string(),
        "i18n/lv.yaml:2:14: error: a `{` without its `}`: write `{{` for a brace"
    );
}

#[test]
fn a_locale_is_shared_between_rendering_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Locale>();
}

#[test]
fn a_tables_text_is_escaped_on_pages_and_values_are_left_as_given() {
    let site = SiteTable {
        path: Path::new("i18n/ru.yaml"),
        text: "persona:\n  about: \"<b>«{name}»</b> & \\\"co\\\"\"\n",
    };
    let (ru, warnings) = Locale::new("ru", Some(site)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut html = String::new();
    ru.write_html(&mut html, "persona.about", None, &[("name", "<i>Анна</i>")]);
    assert_eq!(
        html,
        "&lt;b&gt;«<i>Анна</i>»&lt;/b&gt; &amp; &quot;co&quot;"
    );
    // Apostrophes and slashes stay: table text goes between tags and in double-quoted
    // attributes.
    let mut html = String::new();
    push_escaped(&mut html, "it's 1/2");
    assert_eq!(html, "it's 1/2");
}
