//! Malformed input never crashes a build, never exhausts memory, and never touches the
//! previous output: it is reported, located, and the build exits with 1.
//!
//! Every folder of `tests/fixtures/bad/` is a small, complete site broken in exactly one
//! way. Its `expected.txt` holds the first diagnostic the build must print, as
//! `path-suffix:line:column: error: message-substring` (lines starting with `#` are
//! comments). Each case is built with the real binary, under a memory cap and a time
//! limit, into an output folder that already holds a good build; the build must:
//!
//! - exit with 1 and not panic;
//! - print the expected diagnostic first, and keep the whole report short;
//! - leave the previous output byte for byte as it was, and no staging folder behind.
//!
//! A few inputs are too large to keep in the repository: their tests write the large
//! version (a 10 MB line, a million CSV rows, 100,000 nested quotes) into the temporary
//! copy of the case.

mod common;

use common::{copy_tree, fixture_dir, Run, Site};
use std::fs;
use std::path::Path;
use std::time::Duration;

/// The address space a build may use (in KiB, as `ulimit -v` counts): a blow-up becomes
/// an allocation failure, and so a failed test, instead of a machine out of memory.
const MEMORY_CAP_KIB: u64 = 2_000_000;

/// A build of a case taking longer than this has gone quadratic (or hangs).
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// The most a failed build may print: one screen of diagnostics, not a copy of the input.
const MAX_REPORT_BYTES: usize = 16 * 1024;

/// The first diagnostic a case must print.
#[derive(Debug)]
struct Expected {
    path_suffix: String,
    line: usize,
    column: usize,
    message: String,
}

fn case_dir(case: &str) -> std::path::PathBuf {
    fixture_dir("bad").join(case)
}

fn expected(case: &str) -> Expected {
    let path = case_dir(case).join("expected.txt");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let pattern = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or_else(|| panic!("{} holds no pattern", path.display()));
    let (location, message) = pattern
        .split_once(": error: ")
        .unwrap_or_else(|| panic!("{}: no `: error: ` in {pattern:?}", path.display()));
    // `path:line:column`, or a bare `path` for a problem of the whole file.
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next().and_then(|c| c.parse().ok());
    let line = parts.next().and_then(|l| l.parse().ok());
    let at = match (column, line, parts.next()) {
        (Some(column), Some(line), Some(path_suffix)) => Some((path_suffix, line, column)),
        _ if !location.contains(':') => None,
        _ => panic!(
            "{}: expected path:line:column or path in {location:?}",
            path.display()
        ),
    };
    let (path_suffix, line, column) = at.unwrap_or((location, 0, 0));
    Expected {
        path_suffix: path_suffix.to_string(),
        line,
        column,
        message: message.to_string(),
    }
}

/// `waymark build site -o public` under the memory cap and the time limit.
fn capped_build(site: &Site) -> Run {
    let mut cmd = assert_cmd::Command::new("sh");
    cmd.current_dir(site.root())
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_CAP_KIB} && exec \"$0\" \"$@\""))
        .arg(assert_cmd::cargo::cargo_bin("waymark"))
        .args(["build", "site", "-o", "public"])
        // Every thread reserves address space for its stack and its malloc arena; fixed
        // numbers keep the cap meaning the same on a machine with many cores.
        .env("RAYON_NUM_THREADS", "4")
        .env("MALLOC_ARENA_MAX", "2")
        .timeout(TIME_LIMIT);
    Run::of(&mut cmd)
}

/// Builds a good site into `public/`, replaces the site with the case (which `enlarge`
/// may then change), builds again and checks everything a failed build must do.
fn check_case(case: &str, enlarge: impl FnOnce(&Path)) {
    let want = expected(case);
    let site = Site::fixture("basic");
    site.build(&[]).success();
    let before = site.out_tree();
    assert!(before.contains_key("data/site.json"));

    fs::remove_dir_all(site.dir()).unwrap();
    copy_tree(&case_dir(case), &site.dir());
    fs::remove_file(site.dir().join("expected.txt")).unwrap();
    enlarge(&site.dir());

    let run = capped_build(&site);
    assert!(
        !run.stderr.contains("panicked"),
        "{case}: the build panicked:\n{}",
        run.stderr
    );
    assert_eq!(
        run.code,
        Some(1),
        "{case}: expected exit code 1 (none: killed by the time limit or a signal); stderr:\n{}",
        excerpt(&run.stderr)
    );
    assert!(
        run.stderr.len() <= MAX_REPORT_BYTES,
        "{case}: the report is {} bytes long:\n{}",
        run.stderr.len(),
        excerpt(&run.stderr)
    );
    assert!(
        run.stderr.contains("nothing was written"),
        "{case}: {}",
        run.stderr
    );

    let first = run
        .stderr
        .lines()
        .find(|l| l.contains(": error: "))
        .unwrap_or_else(|| panic!("{case}: no diagnostic in:\n{}", run.stderr));
    let (location, message) = first.split_once(": error: ").unwrap();
    let path_suffix = want.path_suffix.trim_start_matches('/');
    let suffix = match want.line {
        0 => format!("/{path_suffix}"),
        line => format!("/{path_suffix}:{line}:{}", want.column),
    };
    assert!(
        location.ends_with(&suffix) && location.starts_with("site/"),
        "{case}: the first diagnostic is at {location}, expected …{suffix}\n{}",
        excerpt(&run.stderr)
    );
    assert!(
        message.contains(&want.message),
        "{case}: the first diagnostic says\n  {message}\nexpected it to contain\n  {}",
        want.message
    );

    assert!(
        site.out_tree() == before,
        "{case}: a failed build changed the previous output"
    );
    assert_eq!(
        site.root_entries(),
        ["public", "site"],
        "{case}: a failed build left a staging folder behind"
    );
}

/// The start of a long stderr, for assertion messages.
fn excerpt(text: &str) -> String {
    text.chars().take(2000).collect()
}

/// One test per committed case; the folder name is the test name with `-` for `_`.
macro_rules! cases {
    ($($name:ident),+ $(,)?) => {
        /// The cases built as they are committed.
        const CASES: &[&str] = &[$(stringify!($name)),+];
        $(
            #[test]
            fn $name() {
                check_case(&stringify!($name).replace('_', "-"), |_| {});
            }
        )+
    };
}

cases! {
    // Front-matter and YAML.
    no_front_matter,
    unterminated_front_matter,
    empty_front_matter,
    yaml_syntax_error,
    yaml_duplicate_key,
    missing_required_field,
    missing_stage_name,
    wrong_type,
    wrong_type_in_site_yaml,
    unknown_key,
    unknown_key_in_a_stage,
    unknown_key_in_site_yaml,
    emotion_out_of_range,
    unknown_kind,
    unknown_severity,
    unknown_impact,
    unknown_effort,
    unknown_status,
    unknown_touchpoint_kind,
    unknown_touchpoint_mode,
    unknown_unit,
    invalid_date,
    invalid_stage_id,
    non_ascii_before_a_bad_value,
    front_matter_is_a_list,
    front_matter_is_text,
    site_yaml_is_a_list,
    yaml_unclosed_quote,
    yaml_missing_colon,
    yaml_tab_indentation,
    yaml_nul_byte,
    yaml_escape_sequence,
    // Keys given twice, merge keys, and numbers that are not finite.
    yaml_duplicate_key_in_a_flow_mapping,
    yaml_duplicate_key_in_a_stage,
    site_yaml_duplicate_metric,
    site_yaml_duplicate_key_in_a_metric,
    yaml_merge_key,
    site_yaml_merge_key,
    site_yaml_min_nan,
    site_yaml_max_infinite,
    site_yaml_number_too_large,
    // References and ids across files.
    unknown_persona,
    duplicate_stage_ids,
    duplicate_pain_point_ids,
    addresses_unknown_pain_point,
    compare_to_unknown_journey,
    compare_to_itself,
    journey_without_stages,
    invalid_file_stem,
    persona_file_uppercase,
    two_funnel_metrics,
    metric_min_above_max,
    long_persona_id,
    // Empty, missing, and not text at all.
    empty_journey_file,
    empty_site_yaml,
    no_site_yaml,
    binary_garbage_journey,
    non_utf8_text,
    // Shapes built to exhaust memory or time, in their small committed versions.
    yaml_alias_bomb,
    yaml_alias_bomb_wide,
    deeply_nested_yaml,
    yaml_nested_flow_mappings,
    yaml_nested_mixed_flow,
    yaml_nested_block_sequences,
    yaml_nested_block_mappings,
    site_yaml_nested_flow,
    site_yaml_nested_block_mappings,
    site_yaml_nested_block_sequences,
    deeply_nested_markdown,
    deeply_nested_html,
    huge_single_line,
    // Metric CSVs.
    csv_missing_column,
    csv_unknown_stage,
    csv_unknown_metric,
    csv_unknown_journey,
    csv_value_not_a_number,
    csv_target_not_a_number,
    csv_value_out_of_range,
    csv_bad_period,
    csv_duplicate_observation,
    csv_empty,
    csv_non_utf8,
    csv_unclosed_quote,
    csv_unclosed_quote_in_header,
    csv_unclosed_quote_on_the_last_line,
    csv_huge_field,
    csv_value_nan,
    csv_value_infinite,
    csv_target_too_large,
    csv_negative_count,
    csv_negative_count_target,
    csv_negative_funnel_value,
    csv_utf16,
    csv_utf16_big_endian,
    csv_utf16_without_bom,
    csv_escape_sequence_in_a_stage,
    // Addresses that run script, and names too long for the file system.
    site_yaml_repo_url_javascript,
    site_yaml_repo_url_data,
    site_yaml_repo_url_obfuscated,
    site_yaml_base_url_vbscript,
    site_yaml_base_url_other_host,
    snapshot_name_too_long,
}

/// Cases that only make sense large; their committed folder is the site they start from.
const GENERATED_ONLY: &[&str] = &["csv-million-rows"];

/// Replaces the one line of `file` that starts with `prefix` by `line`.
fn replace_line(file: &Path, prefix: &str, line: &str) {
    let text = fs::read_to_string(file).unwrap();
    let mut found = false;
    let lines: Vec<&str> = text
        .lines()
        .map(|l| {
            if !found && l.starts_with(prefix) {
                found = true;
                line
            } else {
                l
            }
        })
        .collect();
    assert!(found, "{}: no line starts with {prefix:?}", file.display());
    fs::write(file, lines.join("\n") + "\n").unwrap();
}

#[test]
fn a_ten_megabyte_line() {
    check_case("huge-single-line", |site| {
        let scenario = format!("scenario: {}", "Dry air. ".repeat(10 << 20 >> 3));
        assert!(scenario.len() >= 10 << 20);
        replace_line(&site.join("journeys/buy.md"), "scenario: ", &scenario);
    });
}

#[test]
fn a_ten_megabyte_csv_field() {
    check_case("csv-huge-field", |site| {
        let row = format!("2026-Q1,search,visitors,{}x,", "9".repeat(10 << 20));
        replace_line(
            &site.join("metrics/buy.csv"),
            "2026-Q1,search,visitors,",
            &row,
        );
    });
}

#[test]
fn a_million_csv_rows_with_one_bad_row_near_the_end() {
    check_case("csv-million-rows", |site| {
        let mut csv = String::with_capacity(40 << 20);
        csv.push_str("period,stage,metric,value,target\n");
        // 250,000 days from 1900 on, two stages, two metrics: a million distinct rows.
        let mut line = 1;
        for day in 1..=250_000u32 {
            let date = civil_date(day);
            for stage in ["search", "purchase"] {
                for (metric, value, target) in [("visitors", day, ""), ("csat", 1 + day % 4, "4")] {
                    line += 1;
                    let value = if line == 999_991 {
                        "lots".to_string()
                    } else {
                        value.to_string()
                    };
                    csv.push_str(&format!("{date},{stage},{metric},{value},{target}\n"));
                }
            }
        }
        assert_eq!(line, 1_000_001);
        fs::write(site.join("metrics/buy.csv"), csv).unwrap();
    });
}

#[test]
fn an_alias_bomb_of_ten_thousand_stages_with_four_thousand_touchpoints_each() {
    check_case("yaml-alias-bomb-wide", |site| {
        let journey = site.join("journeys/buy.md");
        let text = fs::read_to_string(&journey).unwrap();
        let head = &text[..text.find("  - &s").unwrap()];
        let touchpoints = vec!["{name: x}"; 4000].join(", ");
        let stage =
            format!("  - &s {{ id: search, name: Search, touchpoints: [{touchpoints}] }}\n");
        let copies = "  - *s\n".repeat(10_000);
        fs::write(&journey, format!("{head}{stage}{copies}---\n")).unwrap();
    });
}

#[test]
fn a_hundred_thousand_nested_quotes() {
    check_case("deeply-nested-markdown", |site| {
        let quotes = format!("{} Deep.", ">".repeat(100_000));
        replace_line(&site.join("journeys/buy.md"), ">>>", &quotes);
    });
}

#[test]
fn a_hundred_thousand_nested_html_elements() {
    check_case("deeply-nested-html", |site| {
        replace_line(
            &site.join("personas/anna.md"),
            "<div><div>",
            &"<div>".repeat(100_000),
        );
    });
}

/// A megabyte: the YAML parser took minutes to hours over this much nesting (80,000 `[`
/// took 18 s, its time growing with the square of the depth); the time limit catches that.
const MEGABYTE: usize = 1 << 20;

#[test]
fn a_megabyte_of_open_brackets_in_front_matter() {
    check_case("deeply-nested-yaml", |site| {
        let title = format!("title: {}", "[".repeat(MEGABYTE));
        replace_line(&site.join("journeys/buy.md"), "title: ", &title);
    });
}

#[test]
fn a_megabyte_of_open_braces_in_a_persona() {
    check_case("yaml-nested-flow-mappings", |site| {
        let segment = format!("segment: {}", "{".repeat(MEGABYTE));
        replace_line(&site.join("personas/anna.md"), "segment: ", &segment);
    });
}

#[test]
fn a_megabyte_of_nested_flow_collections_in_site_yaml() {
    check_case("site-yaml-nested-flow", |site| {
        let description = format!("description: {}", "[{".repeat(MEGABYTE / 2));
        replace_line(&site.join("site.yaml"), "description: ", &description);
    });
}

#[test]
fn a_megabyte_of_nested_block_sequences_in_site_yaml() {
    check_case("site-yaml-nested-block-sequences", |site| {
        let dashes = "- ".repeat(MEGABYTE / 2) + "x";
        replace_line(&site.join("site.yaml"), "- - ", &dashes);
    });
}

#[test]
fn a_megabyte_of_nested_block_mappings_in_front_matter() {
    check_case("yaml-nested-block-mappings", |site| {
        // Each line one space deeper: 1,400 levels make a megabyte.
        let lines: Vec<String> = (1..1400).map(|i| format!("{}a:", " ".repeat(i))).collect();
        let block = lines.join("\n");
        assert!(block.len() >= 900_000);
        replace_line(&site.join("journeys/buy.md"), " a:", &block);
    });
}

/// `YYYY-MM-DD` of day `n` counted from 1900-01-01 as day 1.
fn civil_date(n: u32) -> String {
    let (mut year, mut day) = (1900u32, n - 1);
    loop {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let length = if leap { 366 } else { 365 };
        if day < length {
            let months = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            let mut month = 0;
            while day >= months[month] {
                day -= months[month];
                month += 1;
            }
            return format!("{year:04}-{:02}-{:02}", month + 1, day + 1);
        }
        day -= length;
        year += 1;
    }
}

#[test]
fn every_case_folder_is_tested_and_there_are_enough() {
    let mut folders: Vec<String> = fs::read_dir(fixture_dir("bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut tested: Vec<String> = CASES
        .iter()
        .map(|c| c.replace('_', "-"))
        .chain(GENERATED_ONLY.iter().map(|c| c.to_string()))
        .collect();
    tested.sort();
    assert_eq!(folders, tested);
    assert!(folders.len() >= 40, "{} cases", folders.len());
    for case in &folders {
        let want = expected(case);
        assert!(
            case_dir(case).join(&want.path_suffix).exists() || want.path_suffix == "site.yaml",
            "{case}: expected.txt names {}, which the case does not have",
            want.path_suffix
        );
    }
}

#[test]
fn civil_dates_count_from_1900() {
    assert_eq!(civil_date(1), "1900-01-01");
    assert_eq!(civil_date(60), "1900-03-01");
    assert_eq!(civil_date(36_524), "1999-12-31");
}
