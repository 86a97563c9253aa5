//! Sites in Russian and Latvian: every word of the interface comes from the language's
//! table and every number is written as its readers write it, on every page type; a site
//! overrides words or adds a language in `i18n/<language>.yaml`, and what is wrong with a
//! table or a `language:` is a located diagnostic.

mod common;

use common::{build_error, Output, Page, Site};
use scraper::{ElementRef, Node};
use serde_yaml::Value;
use std::collections::BTreeMap;

const EN: &str = include_str!("../src/render/i18n/tables/en.yaml");
const RU: &str = include_str!("../src/render/i18n/tables/ru.yaml");
const LV: &str = include_str!("../src/render/i18n/tables/lv.yaml");

/// A table's entries by dotted key, each with its texts (one, or one per plural form).
fn entries(table: &str) -> BTreeMap<String, Vec<String>> {
    fn walk(prefix: &str, value: &Value, out: &mut BTreeMap<String, Vec<String>>) {
        match value {
            Value::String(text) => {
                out.insert(prefix.to_string(), vec![text.clone()]);
            }
            Value::Mapping(map) => {
                let plural = map.keys().all(|k| {
                    matches!(
                        k.as_str(),
                        Some("zero" | "one" | "two" | "few" | "many" | "other")
                    )
                });
                if plural {
                    let forms = map.values().filter_map(|v| v.as_str()).map(str::to_string);
                    out.insert(prefix.to_string(), forms.collect());
                    return;
                }
                for (k, v) in map {
                    let key = k.as_str().unwrap_or_default();
                    let key = if prefix.is_empty() {
                        key.to_string()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    walk(&key, v, out);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    walk("", &serde_yaml::from_str(table).unwrap(), &mut out);
    out
}

/// The English interface strings a page in the language of `table` must not show: the
/// text of every English entry between its placeholders, where it has three letters or
/// more and the language does not use it too (both say "KPI" and "JSON").
fn english_strings(table: &str) -> Vec<String> {
    let own = entries(table);
    let own_texts: Vec<&String> = own.values().flatten().collect();
    let mut strings: Vec<String> = entries(EN)
        .into_iter()
        .filter(|(key, _)| {
            !["number.", "unit.", "date.", "period."]
                .iter()
                .any(|p| key.starts_with(p))
        })
        .filter(|(key, texts)| own.get(key) != Some(texts))
        .flat_map(|(_, texts)| texts)
        .flat_map(|text| {
            let mut pieces = Vec::new();
            let mut rest = text.as_str();
            while let Some(open) = rest.find('{') {
                pieces.push(rest[..open].to_string());
                rest = rest[open..]
                    .find('}')
                    .map_or("", |close| &rest[open + close + 1..]);
            }
            pieces.push(rest.to_string());
            pieces
        })
        .map(|p| p.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|p| p.chars().filter(char::is_ascii_alphabetic).count() >= 3)
        .filter(|p| !own_texts.iter().any(|t| has_words(t, p)))
        .collect();
    strings.sort();
    strings.dedup();
    strings
}

/// What a page shows or says to a reader: its visible text (the SVG titles and
/// descriptions with it), its `<title>`, and its `aria-label`, `alt` and `title`
/// attributes. Commands in `<code>` are not words of the interface.
fn readable(page: &Page) -> Vec<String> {
    let mut out = Vec::new();
    for node in page.html.root_element().descendants() {
        match node.value() {
            Node::Text(text) => {
                let hidden = node.ancestors().any(|a| {
                    matches!(a.value(), Node::Element(e) if ["style", "script", "code"].contains(&e.name()))
                });
                if !hidden && !text.trim().is_empty() {
                    out.push(text.to_string());
                }
            }
            Node::Element(element) => {
                for attr in ["aria-label", "alt", "title"] {
                    if let Some(value) = element.attr(attr) {
                        out.push(value.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether `word` occurs in `text` as whole words, not inside a longer one.
fn has_words(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let part_of_word = |c: char| c.is_alphanumeric() || c == '_';
        !before.is_some_and(part_of_word) && !after.is_some_and(part_of_word)
    })
}

/// Latin words a Russian page may show: names, a setting, and what the fixture's content
/// writes in Latin letters.
const LATIN_ALLOWED: &[&str] = &[
    "KPI",
    "CSAT",
    "JSON",
    "CSV",
    "Mermaid",
    "mmd",
    "Markdown",
    "stale_after_days",
    "push",
    "main",
    "metrics/opening-an-account.csv",
    "id",
    "III",
];

/// The fixture of `language`, with a journey of 120 pain points and opportunities more,
/// so that the lists take pages and the matrix has crowded cells.
fn site_in(language: &str) -> Site {
    let site = Site::fixture(language);
    let (stage, pain, idea) = match language {
        "ru" => ("Этап", "Боль", "Идея"),
        _ => ("Posms", "Sāpe", "Ideja"),
    };
    let persona = if language == "ru" { "sasha" } else { "sanita" };
    let pains: String = (1..=120)
        .map(|i| {
            let severity = ["critical", "high", "medium", "low"][i % 4];
            format!("      - {{ id: p{i}, text: {pain} {i:03}, severity: {severity} }}\n")
        })
        .collect();
    let ideas: String = (1..=120)
        .map(|i| {
            let level = ["low", "medium", "high"][i % 3];
            format!("      - {{ text: {idea} {i:03}, impact: high, effort: {level}, owner: X, addresses: [p{i}] }}\n")
        })
        .collect();
    site.journey(
        "long",
        &format!(
            "---\ntitle: {pain}\npersona: {persona}\nkind: day-in-the-life\nupdated: 2026-10-15\nstages:\n  - id: a\n    name: {stage} 1\n    emotion: -1\n    pain_points:\n{pains}  - id: b\n    name: {stage} 2\n    emotion: 1\n    opportunities:\n{ideas}---\n"
        ),
    );
    site
}

#[test]
fn russian_and_latvian_pages_show_no_english_interface_word() {
    // Russian is written in Cyrillic: any Latin word on its pages is English but for a few
    // names. Latvian shares the Latin letters, so its pages are checked for the English
    // strings alone.
    for (language, table) in [("ru", RU), ("lv", LV)] {
        let site = site_in(language);
        let out = site.built(&[]);
        let english = english_strings(table);
        assert!(english.len() > 300, "{}", english.len());
        let pages = out.html_files();
        // Every page type: portfolio, lists and their second pages, persona, journeys,
        // 404, releases, what changed and a release's frozen pages.
        for page in [
            "index.html",
            "pain-points-2.html",
            "opportunities-2.html",
            "404.html",
            "releases/index.html",
            "releases/changes/2026-Q2...current.html",
            "releases/2026-Q2/journeys/opening-an-account.html",
        ] {
            assert!(pages.contains(&page.to_string()), "{language}: no {page}");
        }
        let mut found = Vec::new();
        for path in &pages {
            let page = out.page(path);
            assert_eq!(
                page.one("html").value().attr("lang"),
                Some(language),
                "{path}"
            );
            for text in readable(&page) {
                for word in english.iter().filter(|w| has_words(&text, w)) {
                    found.push(format!("{language} {path}: {word:?} in {text:?}"));
                }
                let latin_words = if language == "ru" { text.as_str() } else { "" };
                for latin in latin_words
                    .split(|c: char| !(c.is_ascii_alphanumeric() || "_./-".contains(c)))
                    .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
                    .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
                    .filter(|w| !w.contains(|c: char| c.is_ascii_digit()))
                {
                    if !LATIN_ALLOWED.contains(&latin) {
                        found.push(format!("{language} {path}: Latin {latin:?} in {text:?}"));
                    }
                }
            }
        }
        found.dedup();
        assert!(found.is_empty(), "{:#?}", &found[..found.len().min(40)]);
    }
}

/// The text of an element as written: `common::text` folds non-breaking spaces.
fn raw(element: ElementRef<'_>) -> String {
    element.text().collect::<String>().trim().to_string()
}

#[test]
fn numbers_are_written_as_russian_and_latvian_readers_write_them() {
    for language in ["ru", "lv"] {
        let site = Site::fixture(language);
        let out = site.built(&[]);
        let journey = out.page("journeys/opening-an-account.html");
        let funnel: Vec<Vec<String>> = journey
            .select("table.funnel tbody tr")
            .into_iter()
            .map(|row| {
                row.children()
                    .filter_map(ElementRef::wrap)
                    .map(raw)
                    .collect()
            })
            .collect();
        // Grouped with a non-breaking space, decimals after a comma, a non-breaking space
        // before %.
        assert_eq!(funnel[0][1], "23\u{a0}100", "{language}");
        // Latvian, by CLDR, groups five digits and more.
        let eight_thousand = if language == "lv" {
            "8000"
        } else {
            "8\u{a0}000"
        };
        assert_eq!(funnel[1][1], eight_thousand, "{language}");
        assert_eq!(funnel[1][2], "34,6\u{a0}%", "{language}");
        assert_eq!(funnel[1][3], "65,4\u{a0}%", "{language}");
        let kpi_values: Vec<String> = journey
            .select("table.kpis tbody td.num")
            .into_iter()
            .map(raw)
            .collect();
        assert!(kpi_values.contains(&"3,9".to_string()), "{kpi_values:?}");
        assert!(
            kpi_values
                .iter()
                .any(|v| v.starts_with("\u{2212}0,9\u{a0}")),
            "the real minus sign: {kpi_values:?}"
        );
        // No English separators anywhere a number stands alone, nor in the charts.
        let mut numbers: Vec<String> = Vec::new();
        for path in out.html_files() {
            let page = out.page(&path);
            numbers.extend(
                page.select("td.num, .figures dd, svg text")
                    .into_iter()
                    .map(raw),
            );
        }
        for n in &numbers {
            let bytes: Vec<char> = n.chars().collect();
            for w in bytes.windows(3) {
                let digit = |c: char| c.is_ascii_digit();
                assert!(
                    !(digit(w[0]) && w[1] == '.' && digit(w[2])),
                    "{language}: a decimal point in {n:?}"
                );
                assert!(
                    !(digit(w[0]) && w[1] == ' ' && digit(w[2])),
                    "{language}: a breaking space between digits in {n:?}"
                );
            }
            assert!(
                !n.contains("-1") && !n.contains("-2"),
                "hyphen as minus: {n:?}"
            );
            assert!(
                !n.contains('%') || n.contains("\u{a0}%"),
                "{language}: % without its non-breaking space in {n:?}"
            );
        }
        let svg_texts: Vec<String> = journey
            .select("#chart-funnel text")
            .into_iter()
            .map(raw)
            .collect();
        assert!(
            svg_texts.contains(&"23\u{a0}100".to_string()),
            "{svg_texts:?}"
        );
        assert!(
            svg_texts.contains(&"→ 35\u{a0}%".to_string()),
            "{svg_texts:?}"
        );
    }
}

#[test]
fn periods_and_dates_are_written_in_the_language() {
    let ru_site = Site::fixture("ru");
    let ru = ru_site.built(&[]);
    let journey = ru.page("journeys/opening-an-account.html");
    let updated = journey.one("dl.meta-list time");
    assert_eq!(updated.value().attr("datetime"), Some("2026-10-15"));
    assert_eq!(raw(updated), "15.10.2026");
    let heads: Vec<String> = journey
        .select("table.chart-data thead th")
        .into_iter()
        .map(raw)
        .collect();
    assert!(
        heads.contains(&"4-й кв. 2025\u{a0}г.".to_string()),
        "{heads:?}"
    );
    // A date in running text is written out.
    let frozen = ru.page("releases/2026-Q2/index.html");
    assert!(
        raw(frozen.one(".snapshot-banner time")) == "1 июля 2026\u{a0}г.",
        "{}",
        raw(frozen.one(".snapshot-banner"))
    );
    let lv_site = Site::fixture("lv");
    let lv = lv_site.built(&[]);
    let journey = lv.page("journeys/opening-an-account.html");
    assert_eq!(raw(journey.one("dl.meta-list time")), "15.10.2026.");
    let kpi_periods: Vec<String> = journey
        .select("table.kpis tbody td:nth-child(3)")
        .into_iter()
        .map(raw)
        .collect();
    assert!(
        kpi_periods.iter().all(|p| p == "2026. g. 3. ceturksnis"),
        "{kpi_periods:?}"
    );
    // data/site.json keeps machine numbers and ISO periods.
    let json = lv.read("data/site.json");
    assert!(
        json.contains("\"period\":\"2026-Q3\""),
        "ISO periods in site.json"
    );
    assert!(!json.contains("g. 3. ceturksnis"));
}

#[test]
fn counts_take_the_plural_forms_of_the_language() {
    let site = site_in("ru");
    let out = site.built(&[]);
    let index = out.page("index.html");
    // Persona cards count journeys: three journeys, "3 пути".
    let card = raw(index.one(".card .meta"));
    assert!(card.ends_with("3 пути"), "{card}");
    let lead = raw(out.page("pain-points.html").one("p.lead"));
    assert!(lead.starts_with("126 болевых точек в 3 путях"), "{lead}");
    let lv_site = site_in("lv");
    let lv = lv_site.built(&[]);
    let lead = raw(lv.page("pain-points.html").one("p.lead"));
    assert!(lead.starts_with("126 sāpju punkti 3 ceļos"), "{lead}");
}

#[test]
fn a_site_table_changes_words_of_its_language() {
    let site = Site::fixture("ru");
    site.write(
        "i18n/ru.yaml",
        "nav:\n  portfolio: Обзор\nbadge.quadrant.quick-win: \"Лёгкая победа\"\nmy_own:\n  note: \"Наше слово\"\n",
    );
    site.check(&["--strict"]).success();
    let out = site.built(&[]);
    let index = out.page("index.html");
    assert_eq!(index.texts("header nav a")[0], "Обзор");
    assert!(index.text().contains("Лёгкая победа"));
    // What the table leaves alone stays built in.
    assert_eq!(index.texts("header nav a")[1], "Болевые точки");
}

#[test]
fn an_unknown_language_is_an_error_at_language_that_lists_the_available_ones() {
    let site = Site::minimal();
    site.site_yaml(&format!("{}language: de\n", common::MINIMAL_SITE_YAML));
    site.write("i18n/pt-BR.yaml", "nav:\n  portfolio: Portfólio\n");
    let run = site.check(&[]);
    run.code(1);
    let diag = run.diagnostic("site/site.yaml:6:11");
    assert_eq!(
        diag.message,
        "`de` is not a built-in language, and the site has no table for it"
    );
    let hint = diag.hint.unwrap();
    assert!(hint.contains("en, lv, ru"), "{hint}");
    assert!(hint.contains("pt-BR"), "{hint}");
    build_error(&Site::minimal(), |s| {
        s.site_yaml(&format!("{}language: ../en\n", common::MINIMAL_SITE_YAML));
    });
}

#[test]
fn a_site_adds_a_language_with_its_own_table_and_check_says_what_it_lacks() {
    let site = Site::minimal();
    site.site_yaml(&format!("{}language: de\n", common::MINIMAL_SITE_YAML));
    site.write(
        "i18n/de.yaml",
        "number:\n  decimal: \",\"\n  group: \".\"\n  min_grouping: \"1\"\n  percent: \"{value}\u{a0}%\"\nnav:\n  portfolio: Übersicht\nindex:\n  persona_journeys:\n    one: \"{count} Reise\"\n",
    );
    let out = site.built(&[]);
    let index = out.page("index.html");
    assert_eq!(index.one("html").value().attr("lang"), Some("de"));
    assert_eq!(index.texts("header nav a")[0], "Übersicht");
    assert_eq!(raw(index.one(".card .meta")), "1 Reise");
    // Missing keys show in English, and check names each where it belongs.
    assert_eq!(index.texts("header nav a")[1], "Pain points");
    let run = site.check(&[]);
    run.success();
    let diags = run.diagnostics();
    let missing = diags
        .iter()
        .find(|d| d.message == "`nav.pain_points` is missing: the English text is shown")
        .expect("a warning for the missing key");
    assert_eq!(missing.location, "site/i18n/de.yaml:6:1");
    assert_eq!(missing.severity, "warning");
    let forms = diags
        .iter()
        .find(|d| {
            d.message
                .starts_with("`index.persona_journeys` has no `other` form")
        })
        .expect("a warning for the missing plural form");
    assert_eq!(forms.location, "site/i18n/de.yaml:9:3");
    site.check(&["--strict"]).code(1);
}

#[test]
fn a_table_that_cannot_be_read_is_an_error_in_it() {
    let site = Site::fixture("lv");
    let run = build_error(&site, |s| {
        s.write("i18n/lv.yaml", "nav:\n  portfolio: \"{oops\"\n");
    });
    let diag = run.diagnostic("site/i18n/lv.yaml:2:14");
    assert_eq!(
        diag.message,
        "a `{` without its `}`: write `{{` for a brace"
    );
    let site = Site::minimal();
    site.write("i18n/Русский.yaml", "nav: {}\n");
    let run = site.check(&[]);
    run.code(1);
    assert_eq!(
        run.diagnostic("site/i18n/Русский.yaml").message,
        "bad file name: `Русский` is not a language code"
    );
}

#[test]
fn a_key_a_template_names_that_no_table_has_is_a_warning_at_the_template() {
    let site = Site::minimal();
    site.write(
        "templates/404.html",
        "{% extends \"default/404.html\" %}\n{% block under_title %}<p>{{ t(\"not_found.hint\") }}</p>{% endblock %}\n",
    );
    let run = site.check(&[]);
    run.success();
    let diag = run.diagnostic("site/templates/404.html:2:32");
    assert_eq!(
        diag.message,
        "`not_found.hint` is in no translation table: the pages show the key"
    );
    assert_eq!(diag.severity, "warning");
}

#[test]
fn frozen_pages_are_written_in_the_language_of_their_release() {
    // The release was frozen in Russian; the site is English now.
    let site = Site::fixture("ru");
    let yaml = std::fs::read_to_string(site.dir().join("site.yaml")).unwrap();
    site.site_yaml(&yaml.replace("language: ru", "language: en"));
    let run = site.build(&[]);
    run.success();
    let out = Output::at(site.out());
    let live = out.page("index.html");
    assert_eq!(live.one("html").value().attr("lang"), Some("en"));
    assert_eq!(live.texts("header nav a")[0], "Portfolio");
    let frozen = out.page("releases/2026-Q2/index.html");
    assert_eq!(frozen.one("html").value().attr("lang"), Some("ru"));
    assert_eq!(frozen.texts("header nav a")[0], "Портфель");
    assert!(raw(frozen.one(".snapshot-banner")).starts_with("Зафиксировано Снимок 2026-Q2"));
    // The releases index and what changed belong to the live site.
    let releases = out.page("releases/index.html");
    assert_eq!(releases.one("h1").text().collect::<String>(), "Releases");
}
