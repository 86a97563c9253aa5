//! The output folder is waymark's alone: a build replaces only a folder waymark wrote
//! (it carries `.waymark-output`), two builds never write one folder at once, and names
//! that would make file names too long are refused before anything is written.

mod common;

use common::{tree, Site};
use std::fs;

#[test]
fn a_folder_that_merely_holds_a_site_json_is_not_replaced() {
    let site = Site::minimal();
    let proj = site.root().join("proj");
    fs::create_dir_all(proj.join("data")).unwrap();
    fs::create_dir_all(proj.join("src")).unwrap();
    fs::write(proj.join("data/site.json"), "{}").unwrap();
    fs::write(proj.join("src/main.rs"), "fn main() {}\n").unwrap();
    let before = tree(&proj);
    let run = site.run(&["build", "site", "-o", "proj"]);
    run.code(1);
    let d = run.diagnostic("proj");
    assert!(
        d.message.contains("was not written by waymark"),
        "{}",
        d.message
    );
    assert_eq!(tree(&proj), before);
}

#[test]
fn a_site_json_that_names_waymark_does_not_vouch_for_other_files() {
    let site = Site::minimal();
    site.build(&[]).success();
    fs::remove_file(site.out().join(".waymark-output")).unwrap();
    fs::write(site.out().join("notes.txt"), "mine").unwrap();
    site.build(&[]).code(1);
    assert_eq!(
        fs::read_to_string(site.out().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn every_output_is_marked_and_an_output_of_an_earlier_version_is_still_replaced() {
    let site = Site::minimal();
    let out = site.built(&[]);
    assert!(out.read(".waymark-output").contains("waymark"));
    // Outputs written before the marker existed: site.json by waymark, nothing foreign.
    fs::remove_file(site.out().join(".waymark-output")).unwrap();
    site.build(&[]).success();
    assert!(site.out().join(".waymark-output").is_file());
}

#[test]
fn a_build_into_a_folder_another_build_is_writing_fails_at_once_and_names_it() {
    let site = Site::minimal();
    site.build(&[]).success();
    let before = site.out_tree();
    let lock_path = site.root().join(".public.waymark-lock");
    let lock = fs::File::create(&lock_path).unwrap();
    lock.try_lock().unwrap();
    fs::write(&lock_path, "process 4242, `waymark serve site`\n").unwrap();

    let run = site.build(&[]);
    run.code(1);
    let d = run.diagnostic("public");
    assert!(
        d.message.contains(
            "another waymark is writing this folder (process 4242, `waymark serve site`)"
        ),
        "{}",
        d.message
    );
    assert_eq!(site.out_tree(), before);

    drop(lock);
    site.build(&[]).success();
    assert!(
        !lock_path.exists(),
        "the lock file is removed after the build"
    );
}

#[test]
fn builds_racing_into_one_folder_leave_wholly_one_site() {
    let first = Site::minimal();
    let second = Site::minimal();
    second.site_yaml(&common::MINIMAL_SITE_YAML.replace("title: Minimal", "title: Second"));
    fs::remove_dir_all(first.root().join("site")).unwrap();
    common::copy_tree(&second.dir(), &first.root().join("second"));
    common::copy_tree(&Site::minimal().dir(), &first.dir());
    // The trees each site builds on its own.
    let expected: Vec<_> = ["site", "second"]
        .iter()
        .map(|name| {
            first.run(&["build", name, "-o", name_out(name)]).success();
            tree(&first.root().join(name_out(name)))
        })
        .collect();

    for _ in 0..4 {
        let children: Vec<_> = ["site", "second", "site", "second"]
            .iter()
            .map(|name| {
                let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("waymark"));
                cmd.current_dir(first.root())
                    .args(["build", name, "-o", "public", "--quiet"])
                    .stderr(std::process::Stdio::piped());
                cmd.spawn().unwrap()
            })
            .collect();
        let mut succeeded = 0;
        for child in children {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            match output.status.code() {
                Some(0) => succeeded += 1,
                Some(1) => assert!(stderr.contains("another waymark is writing"), "{stderr}"),
                other => panic!("exit {other:?}: {stderr}"),
            }
        }
        assert!(succeeded >= 1);
        let out = tree(&first.out());
        assert!(
            expected.contains(&out),
            "the output mixes two sites or lost files"
        );
    }
}

fn name_out(name: &str) -> &'static str {
    if name == "site" {
        "alone-site"
    } else {
        "alone-second"
    }
}

#[test]
fn snapshot_names_too_long_for_the_changes_page_are_refused() {
    let site = Site::minimal();
    let longest = "a".repeat(123);
    let too_long = "b".repeat(124);
    let run = site.run(&["snapshot", &too_long, "site", "--date", "2026-01-01"]);
    run.code(2);
    assert!(
        run.stderr.contains("at most 123 characters") && run.stderr.contains("255 bytes"),
        "{}",
        run.stderr
    );
    assert!(!site.dir().join("releases").exists());
    // Two names of the greatest length make the longest file name, and it still fits.
    site.run(&["snapshot", &longest, "site", "--date", "2026-01-01"])
        .success();
    let other = "c".repeat(123);
    site.run(&["snapshot", &other, "site", "--date", "2026-02-01"])
        .success();
    let out = site.built(&[]);
    assert!(out
        .files()
        .contains(&format!("releases/changes/{longest}...{other}.html")));
}

#[test]
fn a_snapshot_file_with_a_name_too_long_is_an_error_naming_it() {
    let site = Site::minimal();
    site.run(&["snapshot", "2026-Q1", "site", "--date", "2026-01-01"])
        .success();
    let long = format!("{}.json", "d".repeat(200));
    fs::rename(
        site.dir().join("releases/2026-Q1.json"),
        site.dir().join("releases").join(&long),
    )
    .unwrap();
    let run = site.build(&[]);
    run.code(1);
    let d = run.diagnostic(&format!("site/releases/{long}"));
    assert!(
        d.message.contains("at most 123 characters"),
        "{}",
        d.message
    );
}

#[test]
fn bad_file_names_come_first_with_a_name_that_works() {
    let site = Site::minimal();
    fs::rename(
        site.dir().join("personas/anna.md"),
        site.dir().join("personas/Anna Smith.md"),
    )
    .unwrap();
    let run = site.build(&[]);
    run.code(1);
    let first = &run.diagnostics()[0];
    assert_eq!(first.location, "site/personas/Anna Smith.md");
    assert_eq!(
        first.hint.as_deref(),
        Some("the file name is the persona's id: rename it to `anna-smith.md`")
    );
    // What the bad name causes follows it.
    run.diagnostic("site/journeys/buy.md:3:10");
}
