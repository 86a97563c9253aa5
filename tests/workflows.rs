//! The GitHub Actions files waymark ships (`action.yml` and `.github/workflows/`) and
//! the workflow `init` writes: the action's inputs, every action pinned to a full commit
//! with its version in a comment (one commit per action everywhere), and no `${{ … }}`
//! inside a script, where an event's text could become shell code. actionlint and zizmor
//! check the same files in `.ci/run`.

use serde_yaml::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn yaml(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The shipped workflows, the action, and the workflow `init` writes for a site in
/// `content/` (as the release workflow builds waymark, with a commit to pin to), by name.
fn files() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let workflows = root().join(".github/workflows");
    let mut paths: Vec<PathBuf> = fs::read_dir(&workflows)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    paths.push(root().join("action.yml"));
    for path in paths {
        // `/`-separated on every system.
        let relative = path.strip_prefix(root()).unwrap();
        let name = relative
            .iter()
            .map(|c| c.to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.insert(name, fs::read_to_string(&path).unwrap());
    }
    let commit = "0123456789abcdef0123456789abcdef01234567";
    let generated =
        waymark::scaffold::ci_file(waymark::scaffold::Ci::GitHub, "content", Some(commit));
    files.insert("init's pages.yml".into(), generated.unwrap());
    let review = waymark::scaffold::review_workflow("content", Some(commit));
    files.insert("init's review.yml".into(), review);
    files
}

/// Every `uses:` of a workflow or composite action, with the steps it is in.
fn steps(file: &Value) -> Vec<&Value> {
    let mut steps = Vec::new();
    if let Some(jobs) = file["jobs"].as_mapping() {
        for job in jobs.values() {
            steps.extend(job["steps"].as_sequence().into_iter().flatten());
        }
    }
    steps.extend(file["runs"]["steps"].as_sequence().into_iter().flatten());
    steps
}

#[test]
fn the_project_ships_a_ci_and_a_release_workflow() {
    let files = files();
    assert!(
        files.contains_key(".github/workflows/ci.yml"),
        "{:?}",
        files.keys()
    );
    assert!(files.contains_key(".github/workflows/release.yml"));
}

#[test]
fn every_action_is_pinned_to_a_commit_with_its_version_in_a_comment() {
    let mut pins: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for (name, text) in files() {
        let mut count = 0;
        for line in text.lines() {
            let Some(reference) = line
                .trim_start()
                .trim_start_matches("- ")
                .strip_prefix("uses: ")
            else {
                continue;
            };
            count += 1;
            let (action, pin) = reference
                .split_once('@')
                .unwrap_or_else(|| panic!("{name}: {line}"));
            let (commit, version) = pin
                .split_once(" # ")
                .unwrap_or_else(|| panic!("{name}: no version comment: {line}"));
            assert!(
                commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit()),
                "{name}: not a full commit: {line}"
            );
            assert!(version.starts_with('v'), "{name}: {line}");
            pins.entry(action.to_string())
                .or_default()
                .entry(format!("{commit} # {version}"))
                .or_default()
                .push(name.clone());
        }
        let parsed: Value = serde_yaml::from_str(&text).unwrap();
        let uses = steps(&parsed)
            .iter()
            .filter(|s| s.get("uses").is_some())
            .count();
        assert_eq!(count, uses, "{name}: every `uses:` is on a line of its own");
    }
    for (action, versions) in &pins {
        if action == waymark::scaffold::REPOSITORY {
            continue;
        }
        assert_eq!(
            versions.len(),
            1,
            "{action} is pinned differently: {versions:?}"
        );
    }
    for action in [
        "actions/checkout",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "actions/cache",
        "actions/upload-artifact",
        "actions/download-artifact",
    ] {
        assert!(pins.contains_key(action), "{action} is not used: {pins:?}");
    }
}

/// A `${{ … }}` in a script is pasted into the shell before it runs; values reach
/// scripts through `env:` instead.
#[test]
fn no_script_expands_an_expression() {
    for (name, text) in files() {
        let file: Value = serde_yaml::from_str(&text).unwrap();
        for step in steps(&file) {
            if let Some(script) = step["run"].as_str() {
                assert!(!script.contains("${{"), "{name}: {script}");
            }
        }
    }
}

#[test]
fn checkouts_keep_no_credentials_and_jobs_ask_for_their_own_permissions() {
    for (name, text) in files() {
        let file: Value = serde_yaml::from_str(&text).unwrap();
        let Some(jobs) = file["jobs"].as_mapping() else {
            continue;
        };
        assert_eq!(
            file["permissions"],
            Value::Mapping(Default::default()),
            "{name}: the workflow grants nothing"
        );
        for (job, body) in jobs {
            assert!(
                body["permissions"].is_mapping(),
                "{name}: job {job:?} has no permissions of its own"
            );
        }
        for step in steps(&file) {
            if step["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout@"))
            {
                assert_eq!(step["with"]["persist-credentials"], false, "{name}");
            }
        }
    }
}

#[test]
fn the_action_takes_the_documented_inputs() {
    let action = yaml(&root().join("action.yml"));
    assert_eq!(action["runs"]["using"], "composite");
    let inputs = action["inputs"].as_mapping().unwrap();
    let defaults: BTreeMap<&str, &str> = inputs
        .iter()
        .map(|(name, input)| {
            assert_eq!(input["required"], false, "{name:?}");
            assert!(input["description"].is_string(), "{name:?}");
            (name.as_str().unwrap(), input["default"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        defaults,
        BTreeMap::from([
            ("version", ""),
            ("site", "."),
            ("output", "public"),
            ("base-url", ""),
            ("strict", "false"),
            ("args", ""),
            ("mode", "auto"),
            ("base", ""),
            ("fail-on", ""),
            ("preview-url", ""),
        ])
    );
    // The install script is the one tested in tests/install_script.rs.
    let runs: Vec<&str> = steps(&action)
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect();
    assert!(
        runs.iter()
            .any(|r| r
                .contains(r#""$GITHUB_ACTION_PATH/.github/actions/install-waymark.sh" install"#))
    );
    assert!(runs.iter().any(|r| r.contains(r#"check "$SITE" --strict"#)));
    assert!(runs
        .iter()
        .any(|r| r.contains(r#"build "$SITE" -o "$OUTPUT""#)));
}

/// On a pull request the action checks, builds and writes `waymark diff` against the
/// pull request's base into the job summary; the base reaches the script through `env:`.
#[test]
fn the_action_reviews_pull_requests() {
    let action = yaml(&root().join("action.yml"));
    let steps = steps(&action);
    let mode = steps
        .iter()
        .find(|s| s["id"] == "mode")
        .expect("a mode step");
    assert_eq!(mode["env"]["EVENT"], "${{ github.event_name }}");
    let review = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("waymark\" diff"))
        })
        .expect("a step runs waymark diff");
    assert_eq!(review["if"], "steps.mode.outputs.mode == 'review'");
    assert_eq!(
        review["env"]["BASE"],
        "${{ inputs.base || github.event.pull_request.base.sha }}"
    );
    let script = review["run"].as_str().unwrap();
    assert!(script.contains(r#"-- "$BASE" "$SITE""#), "{script}");
    assert!(script.contains(r#">>"$GITHUB_STEP_SUMMARY""#), "{script}");
    assert!(script.contains("--format markdown"), "{script}");
    let check = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("waymark\" check"))
        })
        .unwrap();
    assert!(check["if"].as_str().unwrap().contains("'review'"));
}
