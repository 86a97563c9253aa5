//! Bad content in the Markdown files and site.yaml: front-matter, YAML syntax, missing,
//! mistyped or unknown fields, values outside their range, references to things that do
//! not exist, and file names that are not ids. Every kind of error is reported at its
//! file, line and column, with the offending source line and a hint where one helps.
//!
//! Each test starts from a valid site, builds it, breaks one thing and builds again (see
//! `common::build_error`): the build exits with 1, writes nothing and leaves the previous
//! output as it was.

mod common;

use common::{build_error, journey_with_stage, Site};

#[test]
fn a_file_without_front_matter() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey("bad", "# Buying online\n\nNo fields here.\n");
    });
    let d = run.diagnostic("site/journeys/bad.md:1:1");
    assert_eq!(
        d.message,
        "no front-matter: the file must start with a `---` line"
    );
    assert_eq!(d.source.as_deref(), Some("# Buying online"));
    assert_eq!(
        d.hint.as_deref(),
        Some("put the YAML fields between two `---` lines at the top of the file")
    );
}

#[test]
fn unterminated_front_matter() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey("bad", "---\ntitle: Buying online\npersona: anna\n");
    });
    let d = run.diagnostic("site/journeys/bad.md:1:1");
    assert_eq!(
        d.message,
        "unterminated front-matter: no closing `---` line"
    );
    assert_eq!(d.source.as_deref(), Some("---"));
    assert_eq!(
        d.hint.as_deref(),
        Some("end the YAML fields with a `---` line (the file has 3 lines)")
    );
}

#[test]
fn yaml_syntax_error() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            &journey_with_stage("  - id: search\n    name: Search: the first step\n"),
        );
    });
    // Line 7 of the file; the second `: ` is at column 17.
    let d = run.diagnostic("site/journeys/bad.md:7:17");
    assert_eq!(d.message, "mapping values are not allowed in this context");
    assert_eq!(
        d.source.as_deref(),
        Some("    name: Search: the first step")
    );
    assert_eq!(d.caret, Some(17));
    assert_eq!(
        d.hint.as_deref(),
        Some("check the indentation, and quote text that contains `: ` or starts with a special character")
    );
}

#[test]
fn missing_required_field() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            "---\npersona: anna\nkind: current-state\nstages:\n  - id: search\n    name: Search\n---\n",
        );
    });
    // Reported at the first line of the front-matter, which lacks the field.
    let d = run.diagnostic("site/journeys/bad.md:2:1");
    assert_eq!(d.message, "missing field `title`");
    assert_eq!(d.hint.as_deref(), Some("add the field to the front-matter"));
}

#[test]
fn wrong_type() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            &journey_with_stage("  - id: search\n    name: Search\n    emotion: \"high\"\n"),
        );
    });
    let d = run.diagnostic("site/journeys/bad.md:8:14");
    assert_eq!(
        d.message,
        "stages[0].emotion: invalid type: string \"high\", expected an integer"
    );
    assert_eq!(d.source.as_deref(), Some("    emotion: \"high\""));
    assert_eq!(d.caret, Some(14));
}

#[test]
fn unknown_key_in_a_persona() {
    let run = build_error(&Site::minimal(), |site| {
        site.persona(
            "anna",
            "---\nname: Anna\nrol: Parent\nsegment: B2C\n---\nAnna buys online.\n",
        );
    });
    let d = run.diagnostic("site/personas/anna.md:3:1");
    assert!(
        d.message
            .starts_with("unknown field `rol`, expected one of `name`, `role`"),
        "{}",
        d.message
    );
    assert_eq!(d.source.as_deref(), Some("rol: Parent"));
    assert_eq!(
        d.hint.as_deref(),
        Some("check the spelling; the expected fields are listed above")
    );
}

#[test]
fn emotion_outside_the_scale() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            &journey_with_stage("  - id: search\n    name: Search\n    emotion: 3\n"),
        );
    });
    // At the `emotion` field of line 8.
    let d = run.diagnostic("site/journeys/bad.md:8:5");
    assert_eq!(
        d.message,
        "stages[0]: emotion 3 is outside the scale: expected an integer from -2 (very negative) to 2 (very positive)"
    );
    assert_eq!(d.source.as_deref(), Some("    emotion: 3"));
}

#[test]
fn unknown_kind() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            "---\ntitle: Buying online\npersona: anna\nkind: current\nstages:\n  - id: search\n    name: Search\n---\n",
        );
    });
    let d = run.diagnostic("site/journeys/bad.md:4:7");
    assert_eq!(
        d.message,
        "kind: unknown variant `current`, expected one of `current-state`, `future-state`, `day-in-the-life`, `service-blueprint`"
    );
    assert_eq!(d.source.as_deref(), Some("kind: current"));
}

#[test]
fn unknown_severity() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            &journey_with_stage(
                "  - id: search\n    name: Search\n    pain_points:\n      - { text: Slow pages, severity: urgent }\n",
            ),
        );
    });
    let d = run.diagnostic("site/journeys/bad.md:9:39");
    assert_eq!(
        d.message,
        "stages[0].pain_points[0].severity: unknown variant `urgent`, expected one of `low`, `medium`, `high`, `critical`"
    );
    assert_eq!(
        d.source.as_deref(),
        Some("      - { text: Slow pages, severity: urgent }")
    );
}

/// A stage with one opportunity written as `fields`.
fn opportunity(fields: &str) -> String {
    journey_with_stage(&format!(
        "  - id: search\n    name: Search\n    opportunities:\n      - {{ {fields} }}\n"
    ))
}

#[test]
fn unknown_impact() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            &opportunity("text: Faster, impact: huge, effort: low"),
        );
    });
    let d = run.diagnostic("site/journeys/bad.md:9:33");
    assert_eq!(
        d.message,
        "stages[0].opportunities[0].impact: unknown variant `huge`, expected one of `low`, `medium`, `high`"
    );
}

#[test]
fn unknown_effort() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            &opportunity("text: Faster, impact: high, effort: tiny"),
        );
    });
    let d = run.diagnostic("site/journeys/bad.md:9:47");
    assert_eq!(
        d.message,
        "stages[0].opportunities[0].effort: unknown variant `tiny`, expected one of `low`, `medium`, `high`"
    );
}

#[test]
fn unknown_status() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            &opportunity("text: Faster, impact: high, effort: low, status: someday"),
        );
    });
    let d = run.diagnostic("site/journeys/bad.md:9:60");
    assert_eq!(
        d.message,
        "stages[0].opportunities[0].status: unknown variant `someday`, expected one of `idea`, `planned`, `in-progress`, `done`"
    );
}

/// A stage with one touchpoint written as `fields`.
fn touchpoint(fields: &str) -> String {
    journey_with_stage(&format!(
        "  - id: search\n    name: Search\n    touchpoints:\n      - {{ {fields} }}\n"
    ))
}

#[test]
fn unknown_touchpoint_kind() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey("bad", &touchpoint("name: Web shop, kind: sideways"));
    });
    let d = run.diagnostic("site/journeys/bad.md:9:33");
    assert_eq!(
        d.message,
        "stages[0].touchpoints[0].kind: unknown variant `sideways`, expected `direct` or `indirect`"
    );
}

#[test]
fn unknown_mode() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey("bad", &touchpoint("name: Web shop, mode: remote"));
    });
    let d = run.diagnostic("site/journeys/bad.md:9:33");
    assert_eq!(
        d.message,
        "stages[0].touchpoints[0].mode: unknown variant `remote`, expected `online` or `offline`"
    );
}

#[test]
fn persona_that_does_not_exist() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            "---\ntitle: Buying online\npersona: anne\nkind: current-state\nstages:\n  - id: search\n    name: Search\n---\n",
        );
    });
    let d = run.diagnostic("site/journeys/bad.md:3:10");
    assert_eq!(d.message, "no persona `anne`");
    assert_eq!(d.source.as_deref(), Some("persona: anne"));
    assert_eq!(d.hint.as_deref(), Some("known personas: anna"));
}

#[test]
fn duplicate_stage_ids() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            &journey_with_stage(
                "  - id: search\n    name: Search\n  - id: compare\n    name: Compare\n  - id: search\n    name: Search again\n",
            ),
        );
    });
    // The second `search`, on line 10.
    let d = run.diagnostic("site/journeys/bad.md:10:9");
    assert_eq!(d.message, "duplicate stage id `search`");
    assert_eq!(d.source.as_deref(), Some("  - id: search"));
    assert_eq!(
        d.hint.as_deref(),
        Some("stage 1 already uses it; stage ids must be unique in a journey")
    );
}

#[test]
fn addresses_naming_no_pain_point() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            &journey_with_stage(
                "  - id: search\n    name: Search\n    pain_points:\n      - { id: slow, text: Slow pages, severity: high }\n    opportunities:\n      - text: Faster pages\n        impact: high\n        effort: low\n        addresses:\n          - slow\n          - jargon\n",
            ),
        );
    });
    // `- jargon` is line 16; the id starts at column 13.
    let d = run.diagnostic("site/journeys/bad.md:16:13");
    assert_eq!(
        d.message,
        "`addresses` names no pain point `jargon` of this journey"
    );
    assert_eq!(d.source.as_deref(), Some("          - jargon"));
    assert_eq!(d.hint.as_deref(), Some("known pain point ids: slow"));
}

#[test]
fn addresses_in_a_flow_list_point_at_the_entry() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            &opportunity("text: Faster, impact: high, effort: low, addresses: [slow, jargon]"),
        );
    });
    let d = run.diagnostic("site/journeys/bad.md:9:64");
    assert_eq!(
        d.message,
        "`addresses` names no pain point `slow` of this journey"
    );
    let d = run.diagnostic("site/journeys/bad.md:9:70");
    assert_eq!(
        d.message,
        "`addresses` names no pain point `jargon` of this journey"
    );
}

#[test]
fn compare_to_naming_no_journey() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "bad",
            "---\ntitle: Buying online\npersona: anna\nkind: future-state\ncompare_to: buying-today\nstages:\n  - id: search\n    name: Search\n---\n",
        );
    });
    let d = run.diagnostic("site/journeys/bad.md:5:13");
    assert_eq!(d.message, "no journey `buying-today` to compare to");
    assert_eq!(d.source.as_deref(), Some("compare_to: buying-today"));
    assert_eq!(d.hint.as_deref(), Some("known journeys: bad, buy"));
}

#[test]
fn file_stem_that_is_not_an_id() {
    let run = build_error(&Site::minimal(), |site| {
        site.write("journeys/Bad Name.md", common::MINIMAL_JOURNEY);
    });
    // A problem of the whole file: printed without a line and column.
    let d = run.diagnostic("site/journeys/Bad Name.md");
    assert_eq!(
        d.message,
        "bad file name: `Bad Name` is not a valid id: `B` is not allowed (use lowercase ASCII letters, digits and `-`)"
    );
    assert_eq!(d.source, None);
    assert_eq!(
        d.hint.as_deref(),
        Some("the file name is the journey's id: rename it to `bad-name.md`")
    );
}

#[test]
fn a_folder_without_site_yaml() {
    let site = Site::empty();
    let run = site.build(&[]);
    run.code(1);
    let d = run.diagnostic("site/site.yaml");
    assert_eq!(d.message, "no site.yaml: this folder is not a waymark site");
    assert!(!site.out().exists());
}

#[test]
fn unknown_key_in_site_yaml() {
    let run = build_error(&Site::minimal(), |site| {
        site.site_yaml(&format!("{}basurl: /x/\n", common::MINIMAL_SITE_YAML));
    });
    let d = run.diagnostic("site/site.yaml:6:1");
    assert!(
        d.message.starts_with("unknown field `basurl`"),
        "{}",
        d.message
    );
}

#[test]
fn a_metric_defined_twice_in_site_yaml_is_refused_at_the_second() {
    let run = build_error(&Site::minimal(), |site| {
        site.site_yaml(&format!(
            "{}  visitors: {{ label: Visitors, unit: percent }}\n",
            common::MINIMAL_SITE_YAML
        ));
    });
    let d = run.diagnostic("site/site.yaml:6:3");
    assert_eq!(
        d.message,
        "duplicate key `visitors`: it is already given above"
    );
    assert_eq!(
        d.source.as_deref(),
        Some("  visitors: { label: Visitors, unit: percent }")
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("a key appears once in a mapping: remove one of the two, or rename it")
    );
}

#[test]
fn a_key_given_twice_in_a_flow_mapping_is_refused_at_the_second() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "buy",
            &journey_with_stage(
                "  - id: search\n    name: Search\n    touchpoints:\n      - { name: Web, channel: web, name: Shop }\n",
            ),
        );
    });
    let d = run.diagnostic("site/journeys/buy.md:9:36");
    assert_eq!(d.message, "duplicate key `name`: it is already given above");
    assert_eq!(d.caret, Some(36));
}

#[test]
fn front_matter_that_is_not_a_mapping_says_so_in_plain_words() {
    for (front, found) in [
        ("- name: Anna\n- role: Parent\n", "a list"),
        ("Anna\n", "text"),
    ] {
        let run = build_error(&Site::minimal(), |site| {
            site.persona("anna", &format!("---\n{front}---\nAnna buys online.\n"));
        });
        let d = run.diagnostic("site/personas/anna.md:2:1");
        assert_eq!(
            d.message,
            format!("the front matter must be a mapping of fields (`name: …`), not {found}")
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("write one `name: value` field a line between the `---` lines")
        );
    }
}

#[test]
fn a_quote_never_closed_is_reported_where_it_opens() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "buy",
            &journey_with_stage("  - id: search\n    name: \"Search\n    goal: Find one\n"),
        );
    });
    // The YAML parser notices at the end of the front matter.
    let d = run.diagnostic("site/journeys/buy.md:7:11");
    assert_eq!(d.message, "this quoted text is never closed: no \" ends it");
    assert_eq!(d.source.as_deref(), Some("    name: \"Search"));
}

#[test]
fn a_line_without_its_colon_is_reported_at_that_line() {
    let run = build_error(&Site::minimal(), |site| {
        site.persona("anna", "---\nname: Anna\nrole\nsegment: B2C\n---\n");
    });
    let d = run.diagnostic("site/personas/anna.md:3:1");
    assert_eq!(
        d.message,
        "this line is not a `name: value` field: no `:` follows the name"
    );
    assert_eq!(d.source.as_deref(), Some("role"));
}

#[test]
fn a_tab_in_the_indentation_is_named_and_no_line_of_the_yaml_is_quoted() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "buy",
            &journey_with_stage("  - id: search\n    name: Search\n\temotion: 1\n"),
        );
    });
    let d = run.diagnostic("site/journeys/buy.md:8:1");
    // The YAML parser's own message added "at line 7 column 1": a line of the front
    // matter, one before the line of the file.
    assert_eq!(d.message, "found a tab character that violates indentation");
    assert_eq!(
        d.hint.as_deref(),
        Some("YAML indents with spaces, not tabs: replace the tabs at the start of this line with spaces")
    );
}

#[test]
fn merge_keys_are_refused_at_the_merge() {
    let run = build_error(&Site::minimal(), |site| {
        site.journey(
            "buy",
            &journey_with_stage(
                "  - &s\n    id: search\n    name: Search\n  - <<: *s\n    id: purchase\n",
            ),
        );
    });
    let d = run.diagnostic("site/journeys/buy.md:9:5");
    assert_eq!(d.message, "merge keys (`<<: *name`) are not supported");
}

#[test]
fn numbers_in_site_yaml_must_be_finite() {
    for (value, message) in [
        (
            ".nan",
            "`.nan` is not a usable number: expected a finite number",
        ),
        (
            "-.inf",
            "`-.inf` is not a usable number: expected a finite number",
        ),
        ("1e309", "`1e309` is too large a number"),
    ] {
        let run = build_error(&Site::minimal(), |site| {
            site.site_yaml(&common::MINIMAL_SITE_YAML.replace("min: 1", &format!("min: {value}")));
        });
        let d = run.diagnostic("site/site.yaml:5:42");
        assert_eq!(d.message, message);
    }
}
