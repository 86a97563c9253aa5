//! `waymark init DIR`: a new site that builds at once and passes every check, laid out as
//! the content format says, with a README for the team, a `.gitignore` and a workflow that
//! publishes it on GitHub Pages. It never writes into a folder that has files.

mod common;

use common::{Output, Site};
use serde_yaml::Value;
use std::fs;
use std::path::PathBuf;

/// Runs `waymark init <name>` in a temporary folder and returns the folder and the new
/// site's path. `SOURCE_DATE_EPOCH` is unset so that the journey is dated today.
fn init(name: &str) -> (Site, PathBuf) {
    let tmp = Site::empty();
    let run = common::Run::of(
        tmp.command()
            .env_remove("SOURCE_DATE_EPOCH")
            .args(["init", name]),
    );
    run.success();
    let dir = tmp.root().join(name);
    (tmp, dir)
}

fn yaml(path: &std::path::Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The front-matter of a Markdown content file.
fn front_matter(path: &std::path::Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let front = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(front, _)| front)
        .unwrap_or_else(|| panic!("{} has no front-matter", path.display()));
    serde_yaml::from_str(front).unwrap()
}

#[test]
fn the_new_site_builds_at_once_without_warnings() {
    let (tmp, _) = init("my-journeys");
    let run = tmp.run(&["build", "my-journeys", "-o", "out"]);
    run.success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    tmp.run(&["check", "my-journeys", "--strict"]).success();
    let out = Output::at(tmp.root().join("out"));
    for page in [
        "index.html",
        "personas/sam.html",
        "journeys/opening-an-account.html",
    ] {
        assert!(out.path(page).is_file(), "no {page}: {:?}", out.files());
    }
    let journey = out.page("journeys/opening-an-account.html");
    assert_eq!(journey.select("table.funnel tbody tr").len(), 5);
    assert!(!journey.select("table.kpis tbody tr").is_empty());
}

#[test]
fn it_writes_the_files_a_team_starts_from() {
    let (_tmp, dir) = init("my-journeys");
    let mut files: Vec<String> = common::tree(&dir).into_keys().collect();
    files.sort();
    assert_eq!(
        files,
        [
            ".github/workflows/pages.yml",
            ".gitignore",
            "README.md",
            "index.md",
            "journeys/opening-an-account.md",
            "metrics/opening-an-account.csv",
            "personas/sam.md",
            "site.yaml",
        ]
    );
    let ignored = fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l.trim() == "public/"), "{ignored}");
    let readme = fs::read_to_string(dir.join("README.md")).unwrap();
    for command in [
        "waymark build",
        "waymark serve",
        "waymark new persona",
        "waymark new journey",
    ] {
        assert!(
            readme.contains(command),
            "README.md does not mention {command}"
        );
    }
}

#[test]
fn site_yaml_defines_a_funnel_a_bounded_score_and_a_waiting_time() {
    let (_tmp, dir) = init("my-journeys");
    let site = yaml(&dir.join("site.yaml"));
    let metrics = site["metrics"].as_mapping().expect("metrics");
    let defs: Vec<&Value> = metrics.values().collect();
    let funnels = defs.iter().filter(|d| d["funnel"] == Value::Bool(true));
    assert_eq!(funnels.count(), 1);
    assert!(defs.iter().any(|d| d["unit"] == "score"
        && d["min"].as_f64() == Some(1.0)
        && d["max"].as_f64() == Some(5.0)));
    assert!(defs
        .iter()
        .any(|d| d["better"] == "lower" && d["unit"] == "days"));
}

#[test]
fn the_journey_follows_its_persona_and_its_metrics_follow_the_journey() {
    let (_tmp, dir) = init("my-journeys");
    let journey = front_matter(&dir.join("journeys/opening-an-account.md"));
    let persona = journey["persona"].as_str().unwrap();
    assert!(dir.join(format!("personas/{persona}.md")).is_file());
    let stages: Vec<&str> = journey["stages"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let csv = fs::read_to_string(dir.join("metrics/opening-an-account.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("period,stage,metric,value,target"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let periods: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[0]).collect();
    assert!(periods.len() >= 3, "a few quarters: {periods:?}");
    assert!(rows.iter().all(|r| stages.contains(&r[1])));
    assert!(rows.iter().any(|r| !r[4].is_empty()), "no targets");
}

#[test]
fn the_journey_is_dated_from_source_date_epoch() {
    let tmp = Site::empty();
    // 2027-01-15, after the example's newest metric period.
    let run = common::Run::of(
        tmp.command()
            .env("SOURCE_DATE_EPOCH", "1800000000")
            .args(["init", "dated"]),
    );
    run.success();
    let journey = front_matter(&tmp.root().join("dated/journeys/opening-an-account.md"));
    assert_eq!(journey["updated"], "2027-01-15");
}

#[test]
fn the_workflow_publishes_with_the_official_pages_actions() {
    let (_tmp, dir) = init("my-journeys");
    let workflow = yaml(&dir.join(".github/workflows/pages.yml"));
    let on_push = &workflow["on"]["push"]["branches"];
    assert!(on_push
        .as_sequence()
        .unwrap()
        .contains(&Value::from("main")));
    let permissions = &workflow["permissions"];
    assert_eq!(permissions["pages"], "write");
    assert_eq!(permissions["id-token"], "write");

    let build = &workflow["jobs"]["build"];
    let steps = build["steps"].as_sequence().unwrap();
    let uses = |action: &str| -> &Value {
        steps
            .iter()
            .find(|s| {
                s["uses"]
                    .as_str()
                    .is_some_and(|u| u.starts_with(&format!("{action}@")))
            })
            .unwrap_or_else(|| panic!("no step uses {action}"))
    };
    uses("actions/checkout");
    assert_eq!(uses("actions/configure-pages")["id"], "pages");
    assert_eq!(
        uses("actions/upload-pages-artifact")["with"]["path"],
        "public"
    );
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    let install = runs
        .iter()
        .find(|r| r.contains("cargo install"))
        .expect("an install step");
    assert!(
        install.contains("waymark") && install.contains("--locked"),
        "{install}"
    );
    let build_step = runs
        .iter()
        .find(|r| r.contains("waymark build"))
        .expect("a build step");
    assert!(
        build_step.contains(r#"--base-url "${{ steps.pages.outputs.base_url }}/""#),
        "{build_step}"
    );
    assert!(build_step.contains("-o public"), "{build_step}");

    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["needs"], "build");
    assert_eq!(deploy["environment"]["name"], "github-pages");
    let deploy_steps = deploy["steps"].as_sequence().unwrap();
    assert!(deploy_steps.iter().any(|s| s["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("actions/deploy-pages@"))));
}

/// What the workflow's build step does, on a project site's address.
#[test]
fn the_site_builds_for_a_project_site_address() {
    let (tmp, _) = init("my-journeys");
    tmp.run(&[
        "build",
        "my-journeys",
        "-o",
        "out",
        "--base-url",
        "https://your-team.github.io/customer-journeys/",
    ])
    .success();
    let sitemap = fs::read_to_string(tmp.root().join("out/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://your-team.github.io/customer-journeys/index.html</loc>"),
        "{sitemap}"
    );
}

#[test]
fn a_folder_with_files_is_refused_and_left_alone() {
    let tmp = Site::empty();
    tmp.write("notes.txt", "keep me");
    let run = tmp.run(&["init", "site"]);
    run.code(2);
    assert!(run.stderr.contains("site is not empty"), "{}", run.stderr);
    assert_eq!(
        common::tree(&tmp.dir()).into_keys().collect::<Vec<_>>(),
        ["notes.txt"]
    );
}

#[test]
fn a_file_in_place_of_the_folder_is_refused() {
    let tmp = Site::empty();
    fs::write(tmp.root().join("taken"), "a file").unwrap();
    let run = tmp.run(&["init", "taken"]);
    run.code(2);
    assert!(
        run.stderr.contains("taken is not a folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_folder_or_a_fresh_clone_is_used() {
    let tmp = Site::empty();
    tmp.run(&["init", "site"]).success();
    assert!(tmp.dir().join("site.yaml").is_file());

    fs::create_dir_all(tmp.root().join("clone/.git")).unwrap();
    tmp.run(&["init", "clone"]).success();
    assert!(tmp.root().join("clone/site.yaml").is_file());
}

#[test]
fn missing_parent_folders_are_created() {
    let tmp = Site::empty();
    tmp.run(&["init", "a/b/journeys"]).success();
    assert!(tmp.root().join("a/b/journeys/site.yaml").is_file());
}

/// The files `init` writes are kept in the repository as a site of their own, so that
/// they can be reviewed and built as they are.
#[test]
fn the_template_folder_is_itself_a_valid_site() {
    let tmp = Site::empty();
    let templates = concat!(env!("CARGO_MANIFEST_DIR"), "/src/scaffold/templates/site");
    tmp.run(&["check", templates]).success();
}
