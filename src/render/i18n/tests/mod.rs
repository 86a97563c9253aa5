//! Golden tests across the built-in languages: whole tables, plural forms, numbers,
//! periods and dates. The proof that English output is the output of the template
//! filters it replaces is in [`english`]; a site's own tables are in [`site_tables`].

mod english;
mod site_tables;

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
