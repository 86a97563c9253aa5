//! A site's own translation tables: overrides, added keys and languages, errors, and
//! how their text reaches the pages.

use super::*;

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
