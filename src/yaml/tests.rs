//! Typed parsing of YAML: where its errors are placed and what they say, including the
//! guards against hostile documents.

use super::*;
use serde::Deserialize;

const DOC: &str = "title: Buying\npersona: anna\nstages:\n  - id: awareness\n    name: Aware\n    pain_points:\n      - { id: slow, text: Slow, severity: high }\n      - { id: vague, text: \"Vague, odd\", severity: low }\n  - id: purchase\n    opportunities:\n      - text: Faster\n        addresses: [slow, nope]\n";

#[test]
fn locates_keys_items_and_flow_values() {
    assert_eq!(locate(DOC, &[Seg::Key("persona")]), (2, 10));
    assert_eq!(
        locate(DOC, &[Seg::Key("stages"), Seg::Index(1), Seg::Key("id")]),
        (9, 9)
    );
    let severity = [
        Seg::Key("stages"),
        Seg::Index(0),
        Seg::Key("pain_points"),
        Seg::Index(1),
        Seg::Key("severity"),
    ];
    assert_eq!(locate(DOC, &severity), (8, 42));
    let address = [
        Seg::Key("stages"),
        Seg::Index(1),
        Seg::Key("opportunities"),
        Seg::Index(0),
        Seg::Key("addresses"),
        Seg::Index(1),
    ];
    assert_eq!(locate(DOC, &address), (12, 27));
}

#[test]
fn a_locator_finds_every_path_as_locate_does_alone() {
    let mut doc = String::from("title: T\nstages:\n");
    for i in 0..40 {
        doc.push_str(&format!(
            "  - id: s{i}\n    name: Stage {i}\n    touchpoints: []\n    pain_points:\n      - {{ id: p{i}, text: Pain, severity: high }}\n    opportunities:\n      - text: Fix\n        owner: Team\n"
        ));
    }
    let stage = |i: usize, rest: &[Seg<'static>]| {
        let mut path = vec![Seg::Key("stages"), Seg::Index(i)];
        path.extend_from_slice(rest);
        path
    };
    let paths: Vec<Vec<Seg>> = (0..40)
        .flat_map(|i| {
            [
                stage(i, &[Seg::Key("name")]),
                stage(i, &[Seg::Key("touchpoints")]),
                stage(
                    i,
                    &[Seg::Key("pain_points"), Seg::Index(0), Seg::Key("severity")],
                ),
                stage(
                    i,
                    &[Seg::Key("opportunities"), Seg::Index(0), Seg::Key("owner")],
                ),
                stage(i, &[Seg::Key("missing")]),
            ]
        })
        .chain([
            vec![Seg::Key("title")],
            vec![Seg::Key("stages"), Seg::Index(99)],
        ])
        .collect();
    let mut locator = Locator::new(&doc);
    // Twice, in an order that reuses and skips remembered prefixes.
    for path in paths.iter().chain(paths.iter().rev()) {
        assert_eq!(locator.locate(path), locate(&doc, path), "{path:?}");
    }
    assert_eq!(
        locator.locate(&stage(39, &[Seg::Key("name")])),
        (2 + 39 * 8 + 2, 11)
    );
}

#[test]
fn falls_back_to_the_nearest_ancestor() {
    assert_eq!(locate(DOC, &[Seg::Key("stages"), Seg::Index(7)]), (3, 1));
    assert_eq!(locate(DOC, &[Seg::Key("nothing")]), (1, 1));
}

#[test]
fn sequences_may_sit_at_the_indent_of_their_key() {
    let doc = "stages:\n- id: a\n- id: b\nother: 1\n";
    assert_eq!(
        locate(doc, &[Seg::Key("stages"), Seg::Index(1), Seg::Key("id")]),
        (3, 7)
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let doc = "items:\n  - { text: Größe für Kühe, level: x }\n";
    let at = locate(doc, &[Seg::Key("items"), Seg::Index(0), Seg::Key("level")]);
    // `level` is the 29th character of the line, though its 33rd byte.
    assert_eq!(at, (2, 29));
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Person {
    name: String,
    age: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Team {
    name: String,
    #[serde(default)]
    people: Vec<Person>,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Dated {
    name: String,
    updated: crate::model::Date,
}

#[test]
fn a_bad_top_level_value_is_reported_at_the_value() {
    let err = from_str::<Dated>("name: A\n# when\nupdated: 2026-02-30\n").unwrap_err();
    assert!(
        err.message.starts_with("`2026-02-30` is not a date"),
        "{}",
        err.message
    );
    assert_eq!((err.line, err.column), (3, 10));
}

#[test]
fn a_byte_order_mark_is_not_content() {
    let team: Team = from_str("\u{feff}name: A\n").unwrap();
    assert_eq!(team.name, "A");
}

#[test]
fn a_duplicate_key_is_reported_where_it_is_repeated() {
    let err = from_str::<Team>("# team\nname: A\ntags: []\nname: B\n").unwrap_err();
    assert_eq!((err.line, err.column), (4, 1), "{}", err.message);
    assert!(
        err.message.starts_with("duplicate key `name`"),
        "{}",
        err.message
    );
    let nested =
        "name: T\npeople:\n  - name: A\n    age: 3\n    name: B\n  - name: C\n    age: 4\n";
    let err = from_str::<Team>(nested).unwrap_err();
    assert_eq!((err.line, err.column), (5, 5), "{}", err.message);
}

#[test]
fn non_ascii_text_before_a_bad_value_does_not_shift_its_column() {
    let err =
        from_str::<Team>("name: T\npeople:\n  - { name: Zoë Ångström, age: old }\n").unwrap_err();
    // `old` starts at character 32 (byte 35).
    assert_eq!((err.line, err.column), (3, 32), "{}", err.message);
}

#[test]
fn aliases_that_expand_without_bound_are_refused_at_the_first_alias() {
    // Every alias repeats a 2,000-value list: 4,000 aliases make 8 million values
    // from 30 kB of text.
    let list = vec!["x"; 2000].join(", ");
    let items = vec!["  - *l"; 4000].join("\n");
    let doc = format!("name: T\nhelp: &l [{list}]\ntags:\n{items}\n");
    let err = from_str::<Team>(&doc).unwrap_err();
    assert!(
        err.message.starts_with("YAML aliases expand"),
        "{}",
        err.message
    );
    assert_eq!((err.line, err.column), (4, 5));
    // A few aliases are fine (and `*` in text is not an alias).
    let team: Team = from_str("name: &n \"A * B\"\ntags: [*n, *n]\n").unwrap();
    assert_eq!(team.tags, ["A * B", "A * B"]);
}

#[test]
fn errors_carry_their_location_and_a_plain_message() {
    let err = from_str::<Person>("name: A\nrol: x\n").unwrap_err();
    assert_eq!((err.line, err.column), (2, 1));
    assert!(
        err.message.contains("unknown field `rol`"),
        "{}",
        err.message
    );
    assert!(!err.message.contains(" at line "));
    let err = from_str::<Person>("name: A\nage: old\n").unwrap_err();
    assert_eq!(err.line, 2);
    assert!(
        err.message.contains("expected an integer"),
        "{}",
        err.message
    );
    assert!(from_str::<Person>("  \n").is_err());
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Def {
    #[serde(default)]
    label: String,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    weights: Vec<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Config {
    #[serde(default)]
    title: String,
    #[serde(default)]
    metrics: std::collections::BTreeMap<String, Def>,
    #[serde(default)]
    groups: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
}

fn config_error(text: &str) -> (usize, usize, String) {
    let err = from_str::<Config>(text).unwrap_err();
    (err.line, err.column, err.message)
}

#[test]
fn a_key_given_twice_in_any_mapping_is_refused_at_the_second() {
    let metrics =
        "metrics:\n  visitors: { label: A }\n  csat: { label: B }\n  visitors: { label: C }\n";
    let (line, column, message) = config_error(metrics);
    assert_eq!((line, column), (4, 3), "{message}");
    assert_eq!(
        message,
        "duplicate key `visitors`: it is already given above"
    );
    let err = from_str::<Config>(metrics).unwrap_err();
    assert!(err.hint.unwrap().contains("appears once"));
    // Flow mappings, nested mappings, quoted keys and struct fields alike.
    for (text, at) in [
        ("groups: {a: {x: 1, y: 2, x: 3}}\n", (1, 26)),
        ("groups:\n  a:\n    x: 1\n    \"x\": 2\n", (4, 5)),
        ("metrics: {v: {label: A, label: B}}\n", (1, 25)),
        ("title: A\ngroups: {}\ntitle: B\n", (3, 1)),
    ] {
        let (line, column, message) = config_error(text);
        assert_eq!((line, column), at, "{text}: {message}");
        assert!(message.starts_with("duplicate key"), "{message}");
    }
    // A large mapping is checked as well as a small one.
    let many: String = (0..100).map(|i| format!("    k{i}: v\n")).collect();
    let (line, _, message) = config_error(&format!("groups:\n  g:\n{many}    k7: v\n"));
    assert_eq!(line, 103, "{message}");
    assert!(from_str::<Config>(&format!("groups:\n  g:\n{many}")).is_ok());
}

#[test]
fn merge_keys_are_refused_at_the_merge() {
    let text = "metrics:\n  base: &b { label: A }\n  csat:\n    <<: *b\n    min: 1\n";
    let (line, column, message) = config_error(text);
    assert_eq!((line, column), (4, 5));
    assert!(message.starts_with("merge keys"), "{message}");
    // Also where a map would take `<<` for a name.
    let (line, _, message) = config_error("metrics:\n  <<: { label: A }\n");
    assert_eq!(line, 2);
    assert!(message.starts_with("merge keys"), "{message}");
}

#[test]
fn numbers_that_are_not_finite_are_refused_at_the_value() {
    for (value, shown) in [
        (".nan", "`.nan`"),
        (".NaN", "`.nan`"),
        (".inf", "`.inf`"),
        ("-.inf", "`-.inf`"),
        ("+.inf", "`.inf`"),
    ] {
        let (line, column, message) = config_error(&format!("metrics:\n  x:\n    min: {value}\n"));
        assert_eq!((line, column), (3, 10), "{value}: {message}");
        assert!(message.starts_with(shown), "{value}: {message}");
        let (line, column, message) =
            config_error(&format!("metrics:\n  x: {{ weights: [1, {value}] }}\n"));
        assert_eq!((line, column), (2, 21), "{value}: {message}");
        assert!(message.contains("not a usable number"), "{message}");
    }
    for value in ["1e309", "-1e309", "1.5e999"] {
        let (line, column, message) = config_error(&format!("metrics:\n  x: {{ min: {value} }}\n"));
        assert_eq!((line, column), (2, 13), "{message}");
        assert_eq!(message, format!("`{value}` is too large a number"));
    }
    // Text fields keep such words as text, and finite numbers read as before.
    let config: Config =
        from_str("title: .nan\nmetrics:\n  x: { label: .inf, min: -2.5e3, weights: [1, 0x10] }\n")
            .unwrap();
    assert_eq!(config.title, ".nan");
    assert_eq!(config.metrics["x"].label, ".inf");
    assert_eq!(config.metrics["x"].min, Some(-2500.0));
    assert_eq!(config.metrics["x"].weights, [1.0, 16.0]);
    let (_, _, message) = config_error("metrics:\n  x: { min: many }\n");
    assert!(message.contains("expected a number"), "{message}");
}

#[test]
fn nesting_past_the_limit_is_refused_before_parsing() {
    let deep = format!("title: {}\n", "[".repeat(100_000));
    let (line, column, message) = config_error(&deep);
    assert_eq!((line, column), (1, 8 + MAX_DEPTH - 1));
    assert_eq!(
        message,
        format!("the YAML is nested more than {MAX_DEPTH} levels deep")
    );
    let block: String = (0..=MAX_DEPTH)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    let (line, column, _) = config_error(&block);
    assert_eq!((line, column), (MAX_DEPTH + 1, MAX_DEPTH + 1));
    let dashes = format!("groups:\n  {}x\n", "- ".repeat(MAX_DEPTH));
    let (line, column, _) = config_error(&dashes);
    assert_eq!((line, column), (2, 3 + 2 * (MAX_DEPTH - 1)));
}

const MAX_DEPTH: usize = prescan::MAX_NESTING;

#[test]
fn control_characters_are_refused_where_they_are() {
    let err = from_str::<Team>("name: A\ntags: [x\u{1b}[31m]\n").unwrap_err();
    assert_eq!((err.line, err.column), (2, 9));
    assert_eq!(
        err.message,
        "a control character (U+001B) is in the text, and YAML does not allow it"
    );
    let err = from_str::<Team>("name: A\n\ntags: [x\0]\n").unwrap_err();
    assert_eq!((err.line, err.column), (3, 9));
    for (text, at, code) in [
        ("\0name: A\n", (1, 1), "U+0000"),
        ("name: Zoë # \u{7}\n", (1, 13), "U+0007"),
        ("name: A\ntags: [é\u{9b}]\n", (2, 9), "U+009B"),
        ("name: A\ntags: [\"\u{ffff}\"]\n", (2, 9), "U+FFFF"),
    ] {
        let err = from_str::<Team>(text).unwrap_err();
        assert_eq!((err.line, err.column), at, "{text:?}: {}", err.message);
        assert!(err.message.contains(code), "{}", err.message);
    }
}

#[test]
fn syntax_errors_are_placed_where_the_mistake_is_and_name_no_lines() {
    // An unclosed quote: at the quote, not at the end of the text.
    let err = from_str::<Team>("name: A\ntags: ['x, y]\npeople: []\n").unwrap_err();
    assert_eq!((err.line, err.column), (2, 8), "{}", err.message);
    assert_eq!(
        err.message,
        "this quoted text is never closed: no ' ends it"
    );
    // A line without its `:`: at that line, not the next.
    let err = from_str::<Team>("name: A\ntags\npeople: []\n").unwrap_err();
    assert_eq!((err.line, err.column), (2, 1), "{}", err.message);
    assert!(err.message.contains("no `:`"), "{}", err.message);
    for text in [
        "name: A\ntags: [a, b\npeople: []\n",
        "name: A\n  tags: b\n",
        "name: \"a\" b\n",
    ] {
        let err = from_str::<Team>(text).unwrap_err();
        assert!(
            !err.message.contains("line") && !err.message.contains("position"),
            "{text:?}: {}",
            err.message
        );
    }
}

#[test]
fn lines_are_counted_as_the_caret_counts_them() {
    // The YAML parser breaks lines at U+2028 and U+0085 as well; the caret does not.
    let err = from_str::<Person>("name: \"A\u{2028}B\u{85}C\"\nage: old\n").unwrap_err();
    assert_eq!((err.line, err.column), (2, 6), "{}", err.message);
    let err = from_str::<Person>("name: \"A\u{2028}B\"\nage: : x\n").unwrap_err();
    assert_eq!((err.line, err.column), (2, 6), "{}", err.message);
    // There, a line break starts a line of YAML, here the rest of the line.
    let err = from_str::<Person>("name: A\u{2028}B\nage: 3\n").unwrap_err();
    assert_eq!((err.line, err.column), (1, 9), "{}", err.message);
}

#[test]
fn a_tab_in_the_indentation_gets_a_hint() {
    for text in [
        "name: T\ntags:\n\t- a\n",
        "name: T\npeople:\n  - name: A\n\t  age: 3\n",
    ] {
        let err = from_str::<Team>(text).unwrap_err();
        assert!(
            err.hint
                .as_deref()
                .is_some_and(|h| h.contains("spaces, not tabs")),
            "{text:?}: {err:?}"
        );
    }
    let err = from_str::<Team>("name: T\ntags: [a, b\n").unwrap_err();
    assert!(err.hint.is_none(), "{err:?}");
}

#[test]
fn a_document_that_is_not_a_mapping_says_so() {
    for (text, found) in [
        ("- a\n- b\n", "a list"),
        ("hello\n", "text"),
        ("42\n", "a number"),
        ("~\n", "empty"),
    ] {
        let err = from_str::<Team>(text).unwrap_err();
        assert!(
            err.message
                .starts_with("the YAML must be a mapping of fields (`name: …`), not "),
            "{}",
            err.message
        );
        assert!(err.message.contains(found), "{}", err.message);
        assert!(!err.message.contains("Team"), "{}", err.message);
    }
    let err = from_str::<Team>("name: A\n---\nname: B\n").unwrap_err();
    assert_eq!((err.line, err.column), (2, 1), "{}", err.message);
}
