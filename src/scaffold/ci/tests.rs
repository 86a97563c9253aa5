//! The workflows and CI files `init` writes: valid YAML, pinned actions, the release's
//! binary checked, and the site path checked before it is written into them.

use super::*;
use serde_yaml::Value;

const COMMIT: &str = "0123456789abcdef0123456789abcdef01234567";

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn build_steps(workflow: &Value) -> &Vec<Value> {
    workflow["jobs"]["build"]["steps"].as_sequence().unwrap()
}

fn action_step(workflow: &Value) -> &Value {
    build_steps(workflow)
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with(&format!("{REPOSITORY}@")))
        })
        .expect("a step uses waymark's action")
}

#[test]
fn the_action_is_pinned_to_the_release_commit_with_its_version_in_a_comment() {
    let text = ci_file(Ci::GitHub, ".", Some(COMMIT)).unwrap();
    let line = format!("      - uses: {REPOSITORY}@{COMMIT} # v{VERSION}\n");
    assert!(text.contains(&line), "{text}");
    assert_eq!(
        action_step(&yaml(&text))["uses"],
        format!("{REPOSITORY}@{COMMIT}").as_str()
    );
}

#[test]
fn without_a_release_commit_the_action_is_named_by_the_release_tag() {
    let text = ci_file(Ci::GitHub, ".", None).unwrap();
    assert_eq!(
        action_step(&yaml(&text))["uses"],
        format!("{REPOSITORY}@v{VERSION}").as_str()
    );
}

#[test]
fn a_site_at_the_root_and_one_in_a_subfolder_differ_only_in_site() {
    let root = yaml(&ci_file(Ci::GitHub, ".", Some(COMMIT)).unwrap());
    let sub = yaml(&ci_file(Ci::GitHub, "docs/cx journeys", Some(COMMIT)).unwrap());
    assert_eq!(action_step(&root)["with"]["site"], ".");
    assert_eq!(action_step(&sub)["with"]["site"], "docs/cx journeys");
    let mut without_site = sub.clone();
    without_site["jobs"]["build"]["steps"]
        .as_sequence_mut()
        .unwrap()
        .iter_mut()
        .filter_map(|s| s.get_mut("with").and_then(Value::as_mapping_mut))
        .filter(|with| with.contains_key("site"))
        .for_each(|with| {
            with.insert("site".into(), ".".into());
        });
    assert_eq!(without_site, root);
}

/// A folder name cannot add a key or a line to the workflow, whatever it holds.
#[test]
fn the_site_path_is_quoted() {
    for site in [
        "a: b",
        "#x",
        "'q'",
        "\"dq\"",
        "back\\slash",
        "Kundenreisen/Übersicht",
    ] {
        let github = yaml(&ci_file(Ci::GitHub, site, None).unwrap());
        assert_eq!(action_step(&github)["with"]["site"], site);
        let gitlab = yaml(&ci_file(Ci::GitLab, site, None).unwrap());
        assert_eq!(gitlab["pages"]["variables"]["WAYMARK_SITE"], site);
        let review = yaml(&review_workflow(site, None));
        let step = &review["jobs"]["review"]["steps"][1];
        assert_eq!(step["with"]["site"], site);
    }
}

#[test]
fn github_reviews_pull_requests_with_read_access_only() {
    let workflow = yaml(&review_workflow("content", Some(COMMIT)));
    let on = workflow["on"].as_mapping().unwrap();
    assert_eq!(on.keys().collect::<Vec<_>>(), ["pull_request"]);
    assert_eq!(workflow["permissions"], Value::Mapping(Default::default()));
    let job = &workflow["jobs"]["review"];
    let permissions = job["permissions"].as_mapping().unwrap();
    assert_eq!(permissions.len(), 1);
    assert_eq!(job["permissions"]["contents"], "read");
    let steps = job["steps"].as_sequence().unwrap();
    assert_eq!(steps.len(), 2);
    // The base commit is compared with, so the history is checked out.
    assert_eq!(steps[0]["with"]["fetch-depth"], 0);
    assert_eq!(steps[0]["with"]["persist-credentials"], false);
    assert!(steps.iter().all(|s| s.get("run").is_none()));
    for step in steps {
        let (_, pin) = step["uses"].as_str().unwrap().split_once('@').unwrap();
        assert!(is_commit(pin), "{step:?}");
    }
    assert_eq!(steps[1]["uses"], format!("{REPOSITORY}@{COMMIT}").as_str());
    assert_eq!(steps[1]["with"]["mode"], "review");
    assert_eq!(steps[1]["with"]["site"], "content");
    assert_eq!(workflow["concurrency"]["cancel-in-progress"], true);
}

#[test]
fn init_writes_the_review_workflow_beside_the_pages_one_on_github_only() {
    let files = |ci| -> Vec<&str> {
        ci_files(ci, ".", None)
            .into_iter()
            .map(|(file, _)| file)
            .collect()
    };
    assert_eq!(
        files(Ci::GitHub),
        [".github/workflows/pages.yml", REVIEW_WORKFLOW]
    );
    assert_eq!(files(Ci::GitLab), [".gitlab-ci.yml"]);
    assert!(files(Ci::None).is_empty());
    assert_eq!(Ci::GitHub.file(), Some(".github/workflows/pages.yml"));
}

#[test]
fn the_gitlab_review_job_compares_merge_requests_with_their_base() {
    let mut file = yaml(&ci_file(Ci::GitLab, "content", None).unwrap());
    file.apply_merge().unwrap();
    let review = &file["review"];
    assert_eq!(
        review["rules"][0]["if"],
        "$CI_PIPELINE_SOURCE == \"merge_request_event\""
    );
    // The variables of `pages`, and the whole history.
    assert_eq!(review["variables"]["WAYMARK_SITE"], "content");
    assert_eq!(review["variables"]["WAYMARK_VERSION"], VERSION);
    assert_eq!(review["variables"]["GIT_DEPTH"], "0");
    let script: Vec<&str> = review["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|line| line.as_str().unwrap())
        .collect();
    let pages_install = file["pages"]["script"][1].as_str().unwrap();
    let install = script.iter().position(|s| *s == pages_install).unwrap();
    let diff = script
        .iter()
        .position(|s| s.starts_with("waymark diff \"$CI_MERGE_REQUEST_DIFF_BASE_SHA\""))
        .expect("a diff against the merge request's base");
    assert!(install < diff);
    assert!(script[diff].ends_with("--format markdown > journey-changes.md"));
    assert!(script.iter().any(|s| s.starts_with("waymark check")));
    assert_eq!(review["artifacts"]["when"], "always");
    assert_eq!(review["artifacts"]["paths"][0], "journey-changes.md");
    assert!(review["artifacts"]["expose_as"].is_string());
}

#[test]
fn site_paths_that_a_ci_service_would_expand_or_split_are_refused() {
    assert!(check_site_path("content").is_ok());
    assert!(check_site_path("docs/cx journeys").is_ok());
    assert!(check_site_path("a\nb")
        .unwrap_err()
        .contains("control character"));
    assert!(check_site_path("$HOME").unwrap_err().contains('$'));
}

#[test]
fn every_official_action_is_pinned_to_a_commit() {
    let workflow = yaml(&ci_file(Ci::GitHub, ".", Some(COMMIT)).unwrap());
    let jobs = workflow["jobs"].as_mapping().unwrap();
    let uses: Vec<&str> = jobs
        .values()
        .flat_map(|job| job["steps"].as_sequence().unwrap())
        .filter_map(|step| step["uses"].as_str())
        .collect();
    assert_eq!(uses.len(), 5, "{uses:?}");
    for reference in uses {
        let (_, pin) = reference.split_once('@').unwrap();
        assert!(is_commit(pin), "{reference}");
    }
}

#[test]
fn permissions_are_granted_per_job_and_no_step_runs_a_script() {
    let workflow = yaml(&ci_file(Ci::GitHub, ".", None).unwrap());
    assert_eq!(workflow["permissions"], Value::Mapping(Default::default()));
    let build = &workflow["jobs"]["build"]["permissions"];
    assert_eq!(build["contents"], "read");
    assert_eq!(build["pages"], "read");
    assert_eq!(build.as_mapping().unwrap().len(), 2);
    let deploy = &workflow["jobs"]["deploy"]["permissions"];
    assert_eq!(deploy["pages"], "write");
    assert_eq!(deploy["id-token"], "write");
    assert_eq!(deploy.as_mapping().unwrap().len(), 2);
    // Nothing from an event can reach a shell: the workflow has no `run:` at all.
    let jobs = workflow["jobs"].as_mapping().unwrap();
    for step in jobs
        .values()
        .flat_map(|j| j["steps"].as_sequence().unwrap())
    {
        assert!(step.get("run").is_none(), "{step:?}");
    }
    let checkout = &build_steps(&workflow)[0];
    assert_eq!(checkout["with"]["persist-credentials"], false);
    assert_eq!(workflow["concurrency"]["group"], "pages");
    assert_eq!(workflow["concurrency"]["cancel-in-progress"], false);
}

#[test]
fn the_gitlab_job_publishes_public_after_checking_the_binary() {
    let text = ci_file(Ci::GitLab, "content", None).unwrap();
    let file = yaml(&text);
    let pages = &file["pages"];
    let paths = pages["artifacts"]["paths"].as_sequence().unwrap();
    assert!(paths.contains(&Value::from("public")), "{paths:?}");
    assert_eq!(pages["variables"]["WAYMARK_VERSION"], VERSION);
    assert_eq!(pages["variables"]["WAYMARK_SITE"], "content");
    assert_eq!(
        pages["variables"]["WAYMARK_RELEASES"],
        format!("https://github.com/{REPOSITORY}/releases/download").as_str()
    );
    let script: Vec<&str> = pages["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|line| line.as_str().unwrap())
        .collect();
    let install = script
        .iter()
        .position(|s| s.contains("sha256sum"))
        .expect("a step checks the SHA-256");
    assert!(script[install].contains(r#"[ "$expected" != "$actual" ]"#));
    assert!(script[install].contains("exit 1"));
    let build = script
        .iter()
        .position(|s| s.starts_with("waymark build"))
        .expect("a build step");
    assert!(install < build);
    assert!(script[build].contains(r#"-o public --base-url "$CI_PAGES_URL/""#));
}

#[test]
fn every_placeholder_is_filled_once() {
    for ci in [Ci::GitHub, Ci::GitLab] {
        let text = ci_file(ci, "@@version@@", None).unwrap();
        let sites = text.matches("\"@@version@@\"").count();
        assert_eq!(text.matches("@@").count(), 2 * sites, "{text}");
    }
    let text = review_workflow("@@version@@", None);
    assert_eq!(text.matches("@@").count(), 2, "{text}");
    assert_eq!(
        fill("@@a@@ @@b@@ @@", &[("a", "@@b@@"), ("b", "2")]),
        "@@b@@ 2 @@"
    );
}

#[test]
fn no_ci_writes_no_file() {
    assert_eq!(ci_file(Ci::None, ".", None), None);
    assert_eq!(Ci::None.file(), None);
}

#[test]
fn ci_names_read_back() {
    for ci in Ci::ALL {
        assert_eq!(ci.as_str().parse::<Ci>(), Ok(ci));
    }
    assert!("travis".parse::<Ci>().is_err());
}

#[test]
fn only_full_lowercase_shas_are_commits() {
    assert!(is_commit(COMMIT));
    assert!(!is_commit(&COMMIT[..39]));
    assert!(!is_commit(&COMMIT.to_uppercase()));
    assert!(!is_commit("v0.1.0"));
}
