//! The same input gives byte-identical output: no timestamps, no machine paths, no
//! thread-dependent order; and a rebuild leaves nothing of an older site behind.

mod common;

use common::{tree, Site};
use std::collections::BTreeMap;

/// Asserts two output trees are identical, naming the first file that differs.
fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    assert_eq!(names_a, names_b, "the builds wrote different files");
    for (name, bytes) in a {
        assert!(bytes == &b[name], "{name} differs between the builds");
    }
}

#[test]
fn building_twice_gives_identical_files() {
    let site = Site::fixture("basic");
    site.run(&["build", "site", "-o", "first"]).success();
    site.run(&["build", "site", "-o", "second"]).success();
    let first = tree(&site.root().join("first"));
    let second = tree(&site.root().join("second"));
    assert!(first.len() >= 14, "{:?}", first.keys());
    assert_same_tree(&first, &second);
}

#[test]
fn the_site_folder_location_does_not_show_in_the_output() {
    // Two copies of the site in different temporary folders.
    let a = Site::fixture("basic");
    let b = Site::fixture("basic");
    assert_ne!(a.root(), b.root());
    a.build(&[]).success();
    b.build(&[]).success();
    assert_same_tree(&a.out_tree(), &b.out_tree());
    let root = a.root().to_string_lossy().into_owned();
    for (name, bytes) in a.out_tree() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(&root),
            "{name} contains the path of the site folder"
        );
    }
}

#[test]
fn thread_count_does_not_change_the_output() {
    let site = Site::fixture("basic");
    for (threads, out) in [("1", "one"), ("2", "two"), ("8", "eight")] {
        let mut cmd = site.command();
        cmd.env("RAYON_NUM_THREADS", threads)
            .args(["build", "site", "-o", out]);
        common::Run::of(&mut cmd).success();
    }
    let one = tree(&site.root().join("one"));
    assert_same_tree(&one, &tree(&site.root().join("two")));
    assert_same_tree(&one, &tree(&site.root().join("eight")));
}

#[test]
fn rebuilding_over_an_older_site_leaves_no_stale_file() {
    let site = Site::fixture("basic");
    site.write("static/old-logo.png", "not really a png");
    site.journey(
        "retired",
        "---\ntitle: A retired journey\npersona: anna\nkind: current-state\nstages:\n  - id: a\n    name: A\n---\n",
    );
    site.build(&[]).success();
    assert!(site.out().join("journeys/retired.html").is_file());
    assert!(site.out().join("static/old-logo.png").is_file());

    site.remove("journeys/retired.md");
    site.remove("static/old-logo.png");
    site.build(&[]).success();

    let fresh = Site::fixture("basic");
    fresh.build(&[]).success();
    // The rebuilt folder holds exactly what a build into an empty folder holds.
    assert_same_tree(&site.out_tree(), &fresh.out_tree());
    assert!(!site.out().join("journeys/retired.html").exists());
    assert!(!site.out().join("static/old-logo.png").exists());
}

#[test]
fn no_build_date_is_written() {
    let site = Site::fixture("basic");
    let mut cmd = site.command();
    cmd.env("SOURCE_DATE_EPOCH", "0")
        .args(["build", "site", "-o", "epoch"]);
    common::Run::of(&mut cmd).success();
    site.build(&[]).success();
    // Nothing in the fixture is dated by the clock, so the build date does not matter.
    assert_same_tree(&tree(&site.root().join("epoch")), &site.out_tree());
}
