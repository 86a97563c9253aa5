//! The command line: help, usage errors (exit 2), `check` (writes nothing), and how
//! `build` treats its output folder.

mod common;

use common::{copy_tree, fixture_dir, tree, Run, Site};
use std::fs;

#[test]
fn help_exits_zero_and_lists_the_commands() {
    let site = Site::empty();
    let run = site.run(&["--help"]);
    run.success();
    assert!(run.stdout.contains("build"), "{}", run.stdout);
    assert!(run.stdout.contains("check"), "{}", run.stdout);
}

#[test]
fn build_help_lists_its_options() {
    let site = Site::empty();
    let run = site.run(&["build", "--help"]);
    run.success();
    for option in ["--output", "--base-url", "--drafts"] {
        assert!(
            run.stdout.contains(option),
            "no {option} in:\n{}",
            run.stdout
        );
    }
}

#[test]
fn check_help_lists_strict() {
    let site = Site::empty();
    let run = site.run(&["check", "--help"]);
    run.success();
    assert!(run.stdout.contains("--strict"), "{}", run.stdout);
    assert!(run.stdout.contains("--drafts"), "{}", run.stdout);
}

#[test]
fn version() {
    let run = Site::empty().run(&["--version"]);
    run.success();
    assert_eq!(
        run.stdout.trim(),
        format!("waymark {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let site = Site::minimal();
    let run = site.run(&["build", "site", "--frobnicate"]);
    run.code(2);
    assert!(run.stderr.contains("--frobnicate"), "{}", run.stderr);
    assert_eq!(
        site.root_entries(),
        ["site"],
        "a usage error wrote something"
    );
}

#[test]
fn unknown_subcommand_and_no_subcommand_are_usage_errors() {
    let site = Site::minimal();
    site.run(&["publish"]).code(2);
    site.run(&[]).code(2);
    site.run(&["check", "--strict=maybe"]).code(2);
}

#[test]
fn check_on_a_good_site_exits_zero_and_writes_nothing() {
    let site = Site::fixture("basic");
    let run = site.check(&[]);
    run.success();
    assert!(run.stderr.contains("site: no errors"), "{}", run.stderr);
    assert_eq!(site.root_entries(), ["site"]);
    let source = tree(&site.dir());
    assert_eq!(source, tree(&fixture_dir("basic")));
}

#[test]
fn check_on_a_bad_site_exits_one() {
    let site = Site::fixture("basic");
    site.journey(
        "broken",
        "---\ntitle: Broken\npersona: nobody\nkind: current-state\nstages:\n  - id: a\n    name: A\n---\n",
    );
    let run = site.check(&[]);
    run.code(1);
    assert_eq!(
        run.diagnostic("site/journeys/broken.md:3:10").message,
        "no persona `nobody`"
    );
    assert_eq!(site.root_entries(), ["site"]);
}

#[test]
fn check_includes_drafts_only_when_asked() {
    let site = Site::fixture("basic");
    site.journey(
        "draft",
        "---\ntitle: Draft\npersona: anna\nkind: current-state\ndraft: true\nstages:\n  - id: a\n    name: A\n---\n",
    );
    site.metrics(
        "draft",
        "period,stage,metric,value\n2026-Q1,a,visitors,10\n",
    );
    site.check(&[]).success();
    site.check(&["--drafts"]).success();
}

#[test]
fn warnings_do_not_fail_a_build_but_fail_a_strict_check() {
    let site = Site::fixture("basic");
    site.write("journeys/notes.txt", "to do: map the repair journey\n");
    let build = site.build(&[]);
    build.success();
    let d = build.diagnostic("site/journeys/notes.txt");
    assert_eq!(d.severity, "warning");
    assert_eq!(d.message, "ignored: not a .md file");

    site.check(&[]).success();
    let strict = site.check(&["--strict"]);
    strict.code(1);
    assert_eq!(
        strict.diagnostic("site/journeys/notes.txt").severity,
        "warning"
    );
}

#[test]
fn build_uses_content_and_public_by_default() {
    let site = Site::empty();
    copy_tree(&fixture_dir("basic"), &site.root().join("content"));
    site.run(&["build"]).success();
    assert!(site.root().join("public/index.html").is_file());
    assert!(site
        .root()
        .join("public/journeys/store-advice-blueprint.html")
        .is_file());
}

#[test]
fn build_refuses_a_folder_that_is_not_a_waymark_output() {
    let site = Site::fixture("basic");
    fs::create_dir_all(site.out().join("drafts")).unwrap();
    fs::write(site.out().join("thesis.docx"), "years of work").unwrap();
    fs::write(site.out().join("drafts/chapter-1.md"), "# Chapter 1\n").unwrap();
    let before = site.out_tree();

    let run = site.build(&[]);
    run.code(1);
    let d = run.diagnostic("public");
    assert_eq!(
        d.message,
        "refusing to replace public: it is not empty and was not written by waymark (no .waymark-output in it)"
    );
    assert!(site.out_tree() == before, "the folder was changed");
    assert_eq!(site.root_entries(), ["public", "site"]);
}

#[test]
fn build_accepts_an_empty_output_folder() {
    let site = Site::fixture("basic");
    fs::create_dir_all(site.out()).unwrap();
    site.build(&[]).success();
    assert!(site.out().join("index.html").is_file());
}

#[test]
fn build_refuses_to_replace_the_folder_that_holds_the_site() {
    let site = Site::fixture("basic");
    // Marks the root as a waymark output, so only the "holds the site" guard can refuse.
    fs::create_dir_all(site.root().join("data")).unwrap();
    fs::write(site.root().join("data/site.json"), "{}\n").unwrap();
    let before = tree(site.root());
    let run = site.run(&["build", "site", "-o", "."]);
    run.code(1);
    assert!(tree(site.root()) == before, "the site folder was changed");
}

#[test]
fn output_folder_is_replaced_whole() {
    let site = Site::fixture("basic");
    site.build(&[]).success();
    // A page of an older build, and a file someone dropped into the output.
    fs::write(
        site.out().join("journeys/renamed-journey.html"),
        "<p>old</p>",
    )
    .unwrap();
    fs::write(site.out().join("notes.txt"), "stale").unwrap();
    site.build(&[]).success();
    assert!(!site.out().join("journeys/renamed-journey.html").exists());
    assert!(!site.out().join("notes.txt").exists());
    assert!(site
        .out()
        .join("journeys/buying-online-current.html")
        .is_file());
    // No staging or backup folder is left next to it.
    assert_eq!(site.root_entries(), ["public", "site"]);
}

#[test]
fn output_folder_may_be_nested_and_not_yet_exist() {
    let site = Site::fixture("basic");
    site.run(&["build", "site", "-o", "deploy/preview/site-out"])
        .success();
    assert!(site
        .root()
        .join("deploy/preview/site-out/index.html")
        .is_file());
    let entries: Vec<String> = fs::read_dir(site.root().join("deploy/preview"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(entries, ["site-out"]);
}

#[test]
fn an_absolute_output_path_works() {
    let site = Site::fixture("basic");
    let out = site.root().join("abs-out");
    let out_str = out.to_string_lossy().into_owned();
    site.run(&["build", "site", "-o", &out_str]).success();
    assert!(out.join("sitemap.xml").is_file());
}

#[test]
fn build_refuses_an_output_path_that_is_a_file() {
    let site = Site::fixture("basic");
    fs::write(site.out(), "not a folder").unwrap();
    let run = site.build(&[]);
    run.code(1);
    assert_eq!(
        run.diagnostic("public").message,
        "public exists and is not a folder"
    );
    assert_eq!(fs::read_to_string(site.out()).unwrap(), "not a folder");
    assert_eq!(site.root_entries(), ["public", "site"]);
}

/// A site whose one journey has `n` stages without touchpoints: `n` warnings.
fn site_with_warnings(n: usize) -> Site {
    let site = Site::minimal();
    let stages: String = (0..n)
        .map(|i| format!("  - {{ id: s{i}, name: Stage {i}, emotion: 0 }}\n"))
        .collect();
    site.journey(
        "buy",
        &format!("---\ntitle: Buying\npersona: anna\nkind: current-state\nupdated: 2026-03-01\nstages:\n{stages}---\n"),
    );
    site.remove("metrics/buy.csv");
    site
}

#[test]
fn build_prints_the_first_twenty_warnings_and_counts_the_rest() {
    let site = site_with_warnings(30);
    let run = site.build(&[]);
    run.success();
    assert_eq!(run.diagnostics().len(), 20, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("… and 11 more warnings; `waymark check site` lists them all"),
        "{}",
        run.stderr
    );
    // check lists every one: 30 stages without touchpoints and no metrics.
    assert_eq!(site.check(&[]).diagnostics().len(), 31);
}

#[test]
fn quiet_build_prints_no_summary_and_counts_the_warnings() {
    let site = site_with_warnings(3);
    let run = site.build(&["--quiet"]);
    run.success();
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "4 warnings; `waymark check site` lists them"
    );
    assert!(site.out().join("index.html").is_file());
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let site = Site::fixture("basic");
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr.contains(" pages "), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
}

#[test]
fn check_timings_set_the_check_beside_the_yaml_floor() {
    let site = Site::fixture("basic");
    let run = site.run(&["check", "site", "--timings"]);
    run.success();
    assert_phases(
        &run,
        &["load", "analyse", "lint", "templates", "YAML floor"],
    );
    let summary = (run.stderr.lines())
        .find(|l| l.starts_with("check took "))
        .unwrap_or_else(|| panic!("no summary in {}", run.stderr));
    let ratio: f64 = summary
        .rsplit_once(", ")
        .and_then(|(_, r)| r.strip_suffix("× the YAML floor"))
        .and_then(|r| r.parse().ok())
        .unwrap_or_else(|| panic!("no ratio in {summary}"));
    assert!(ratio > 0.0, "{summary}");
    let plain = site.run(&["check", "site"]);
    assert!(!plain.stderr.contains("YAML floor"), "{}", plain.stderr);
}

#[test]
fn timings_name_every_phase() {
    let site = Site::fixture("basic");
    let run = site.build(&["--timings"]);
    run.success();
    assert_phases(
        &run,
        &["load", "analyse", "lint", "render and write", "commit"],
    );
}

/// Asserts `--timings` printed a line for each of `phases`.
#[track_caller]
fn assert_phases(run: &Run, phases: &[&str]) {
    for phase in phases {
        assert!(
            run.stderr.contains(&format!("{phase}: ")),
            "no {phase} in {}",
            run.stderr
        );
    }
}
