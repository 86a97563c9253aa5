//! An update of a live site writes what a fresh build writes, and says why when it cannot.

use super::*;
use std::collections::BTreeMap;
use std::fs;

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by its path relative to `dir`.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (path, fs::read(e.path()).unwrap())
        })
        .collect()
}

#[track_caller]
fn assert_same_tree(live: &Path, fresh: &Path) {
    let (live, fresh) = (tree(live), tree(fresh));
    let names = |t: &BTreeMap<PathBuf, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&live),
        names(&fresh),
        "the builds wrote different files"
    );
    for (name, bytes) in &live {
        assert!(bytes == &fresh[name], "{} differs", name.display());
    }
}

/// The basic fixture in a temporary folder, and the options to build it into `out`.
fn fixture() -> (tempfile::TempDir, impl Fn(&str) -> BuildOptions) {
    let tmp = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    copy_tree(&fixtures.join("basic"), &tmp.path().join("site"));
    let root = tmp.path().to_path_buf();
    let options = move |out: &str| BuildOptions {
        site_dir: root.join("site"),
        out_dir: root.join(out),
        base_url: None,
        drafts: false,
    };
    (tmp, options)
}

#[test]
fn an_update_writes_what_a_fresh_build_writes() {
    let (tmp, options) = fixture();
    let journey = tmp.path().join("site/journeys/buying-online-current.md");
    let mut live = Builder::new(options("live"));
    assert_eq!(live.rebuild(&[]).unwrap().full, Some(FullBuild::First));
    let edits = [
        (
            "title: Buying a humidifier online — today",
            "title: Buying one now",
        ),
        ("severity: critical", "severity: high"),
        ("emotion: -2", "emotion: -1"),
        ("channel: email", "channel: sms"),
        ("status: planned", "status: in-progress"),
    ];
    for (step, (from, to)) in edits.into_iter().enumerate() {
        let text = fs::read_to_string(&journey).unwrap();
        assert!(text.contains(from), "{from}");
        fs::write(&journey, text.replacen(from, to, 1)).unwrap();
        let updated = live.rebuild(std::slice::from_ref(&journey)).unwrap();
        assert_eq!(updated.full, None, "{to}: not an update");
        assert_eq!(
            live.write_site_wide_files().unwrap(),
            ["data/site.json", "the search index"]
        );
        let fresh_out = format!("fresh-{step}");
        let fresh = crate::build(&options(&fresh_out)).unwrap();
        assert_eq!(updated.report.warnings, fresh.warnings, "{to}");
        assert_same_tree(&tmp.path().join("live"), &tmp.path().join(fresh_out));
    }
}

#[test]
fn an_update_reports_a_problem_as_a_fresh_build_does() {
    let (tmp, options) = fixture();
    let journey = tmp.path().join("site/journeys/buying-online-current.md");
    let mut live = Builder::new(options("live"));
    live.rebuild(&[]).unwrap();
    let text = fs::read_to_string(&journey).unwrap();
    let long = format!("emotion: {}", "9".repeat(5_000));
    fs::write(&journey, text.replacen("emotion: -2", &long, 1)).unwrap();
    let Err(updated) = live.rebuild(std::slice::from_ref(&journey)) else {
        panic!("the update took an emotion of 5,000 digits");
    };
    let fresh = crate::build(&options("fresh")).unwrap_err();
    assert_eq!(updated, fresh);
    assert!(updated[0].message.len() < 200, "{}", updated[0].message);
}

#[test]
fn a_rebuild_says_why_it_was_full() {
    let (tmp, options) = fixture();
    let site = tmp.path().join("site");
    let journey = site.join("journeys/buying-online-current.md");
    let mut live = Builder::new(options("live"));
    live.rebuild(&[]).unwrap();
    let config = site.join("site.yaml");
    let full = live.rebuild(std::slice::from_ref(&config)).unwrap().full;
    assert_eq!(full, Some(FullBuild::NotAJourney(config)));

    let text = fs::read_to_string(&journey).unwrap();
    fs::write(&journey, text.replace("id: checkout", "id: paying")).unwrap();
    let metrics = site.join("metrics");
    for entry in fs::read_dir(&metrics).unwrap() {
        let path = entry.unwrap().path();
        let csv = fs::read_to_string(&path).unwrap();
        fs::write(&path, csv.replace("checkout", "paying")).unwrap();
    }
    let full = live.rebuild(std::slice::from_ref(&journey)).unwrap().full;
    assert_eq!(full, Some(FullBuild::StagesChanged(journey.clone())));
    let show = |path: &Path| path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        full.unwrap().reason(&show),
        "the stage ids of buying-online-current.md changed"
    );
    let text = fs::read_to_string(&journey).unwrap();
    fs::write(&journey, text.replacen("---\n", "---\ndraft: true\n", 1)).unwrap();
    let full = live.rebuild(std::slice::from_ref(&journey)).unwrap().full;
    assert_eq!(full, Some(FullBuild::Draft(journey)));
}
