//! `waymark init DIR`: a new site that builds at once and passes every check, laid out as
//! the content format says, with a README for the team, a `.gitignore` and the CI file that
//! publishes it (`--ci github`, the default, `gitlab` or `none`), at the root of the git
//! repository the site is in. It never writes into a folder that has files, nor over a CI
//! file.

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
fn a_russian_or_latvian_site_is_written_and_shown_in_its_language() {
    let cases = [
        (
            "ru",
            "personas/sasha.md",
            ["Портфель", "Болевые точки", "Возможности", "Эксперименты"],
            "23\u{a0}100",
            "3-й кв. 2026\u{a0}г.",
        ),
        (
            "lv",
            "personas/sanita.md",
            ["Portfelis", "Sāpju punkti", "Iespējas", "Eksperimenti"],
            "23\u{a0}100",
            "2026. g. 3. ceturksnis",
        ),
    ];
    for (language, persona, nav, visitors, period) in cases {
        let tmp = Site::empty();
        tmp.run(&["init", "site", "--language", language, "--ci", "none"])
            .success();
        let dir = tmp.dir();
        assert!(dir.join(persona).is_file(), "{language}: no {persona}");
        assert_eq!(yaml(&dir.join("site.yaml"))["language"], language);
        let run = tmp.build(&[]);
        run.success();
        assert!(!run.stderr.contains("warning"), "{}", run.stderr);
        tmp.check(&["--strict"]).success();
        let out = Output::at(tmp.out());
        let index = out.page("index.html");
        assert_eq!(index.one("html").value().attr("lang"), Some(language));
        assert_eq!(index.texts("header nav a"), nav, "{language}");
        // As written: `common::text` would fold the non-breaking spaces.
        let journey = out.page("journeys/opening-an-account.html");
        let raw = |css: &str| journey.one(css).text().collect::<String>();
        assert_eq!(raw("table.funnel tbody td.num"), visitors, "{language}");
        assert_eq!(
            raw("table.kpis tbody td:nth-child(3)"),
            period,
            "{language}"
        );
    }
    let run = Site::empty().run(&["init", "site", "--language", "de"]);
    run.code(2);
    assert!(
        run.stderr.contains("[possible values: en, ru, lv]"),
        "{}",
        run.stderr
    );
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
            ".github/workflows/review.yml",
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
    assert!(readme.contains(".github/workflows/pages.yml"), "{readme}");
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

/// The `uses:` of the workflow's step that installs waymark and builds the site: this
/// release's commit when the binary knows it (as the release workflow builds it), else its
/// tag.
fn waymark_action() -> String {
    waymark::scaffold::action_reference(waymark::scaffold::release_commit())
}

/// The steps of a job of a workflow.
fn steps<'a>(workflow: &'a Value, job: &str) -> &'a Vec<Value> {
    workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("no job {job}"))
}

/// The step of `steps` that uses `action` (`owner/name`).
fn step_using<'a>(steps: &'a [Value], action: &str) -> &'a Value {
    steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with(&format!("{action}@")))
        })
        .unwrap_or_else(|| panic!("no step uses {action}"))
}

#[test]
fn the_workflow_builds_with_waymarks_action_and_publishes_with_the_official_ones() {
    let (_tmp, dir) = init("my-journeys");
    let text = fs::read_to_string(dir.join(".github/workflows/pages.yml")).unwrap();
    let workflow: Value = serde_yaml::from_str(&text).unwrap();
    let on_push = &workflow["on"]["push"]["branches"];
    assert!(on_push
        .as_sequence()
        .unwrap()
        .contains(&Value::from("main")));

    let build = steps(&workflow, "build");
    let pages = step_using(build, "actions/configure-pages");
    assert_eq!(pages["id"], "pages");
    let site = step_using(build, waymark::scaffold::REPOSITORY);
    assert!(
        text.contains(&format!("      - uses: {}\n", waymark_action())),
        "{text}"
    );
    assert_eq!(site["with"]["site"], ".");
    assert_eq!(site["with"]["output"], "public");
    assert_eq!(
        site["with"]["base-url"],
        "${{ steps.pages.outputs.base_url }}/"
    );
    assert!(
        text.contains("          # strict: true\n"),
        "check --strict is offered, commented out: {text}"
    );
    assert_eq!(
        step_using(build, "actions/upload-pages-artifact")["with"]["path"],
        "public"
    );

    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["needs"], "build");
    assert_eq!(deploy["environment"]["name"], "github-pages");
    assert_eq!(deploy["permissions"]["pages"], "write");
    assert_eq!(deploy["permissions"]["id-token"], "write");
    step_using(steps(&workflow, "deploy"), "actions/deploy-pages");

    // The official actions at their current major versions, each pinned to a commit.
    for (action, version) in [
        ("actions/checkout", "v7"),
        ("actions/configure-pages", "v5"),
        ("actions/upload-pages-artifact", "v5"),
        ("actions/deploy-pages", "v5"),
    ] {
        let line = text
            .lines()
            .find(|l| l.contains(&format!("uses: {action}@")))
            .unwrap();
        let (_, pin) = line.split_once('@').unwrap();
        let (commit, comment) = pin.split_once(" # ").expect("a version comment");
        assert_eq!(commit.len(), 40, "{line}");
        assert!(comment.starts_with(&format!("{version}.")), "{line}");
    }
}

#[test]
fn gitlab_gets_a_pages_job_that_checks_the_binary_it_downloads() {
    let tmp = Site::empty();
    tmp.run(&["init", "journeys", "--ci", "gitlab"]).success();
    let dir = tmp.root().join("journeys");
    assert!(!dir.join(".github").exists());
    let file = yaml(&dir.join(".gitlab-ci.yml"));
    let pages = &file["pages"];
    assert_eq!(pages["variables"]["WAYMARK_SITE"], ".");
    assert_eq!(
        pages["variables"]["WAYMARK_VERSION"],
        env!("CARGO_PKG_VERSION")
    );
    assert!(pages["artifacts"]["paths"]
        .as_sequence()
        .unwrap()
        .contains(&Value::from("public")));
    let script = pages["script"].as_sequence().unwrap();
    assert!(script.iter().any(|line| line
        .as_str()
        .unwrap()
        .contains(r#"if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then"#)));
    let readme = fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(readme.contains("GitLab Pages"), "{readme}");
    tmp.run(&["check", "journeys", "--strict"]).success();
}

#[test]
fn no_ci_writes_no_ci_file_and_says_how_to_publish_the_files() {
    let tmp = Site::empty();
    let run = tmp.run(&["init", "journeys", "--ci", "none"]);
    run.success();
    let dir = tmp.root().join("journeys");
    let files: Vec<String> = common::tree(&dir).into_keys().collect();
    assert!(
        files
            .iter()
            .all(|f| !f.starts_with(".github") && !f.contains("gitlab")),
        "{files:?}"
    );
    let readme = fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(readme.contains("any static host"), "{readme}");
    assert!(run.stderr.contains("README.md says how to publish it"));
}

#[test]
fn an_unknown_ci_is_a_usage_error() {
    let tmp = Site::empty();
    let run = tmp.run(&["init", "journeys", "--ci", "jenkins"]);
    run.code(2);
    assert!(
        run.stderr.contains("github, gitlab, none"),
        "{}",
        run.stderr
    );
    assert!(!tmp.root().join("journeys").exists());
}

/// A site in a folder of a repository: the CI file goes to the repository's root, where
/// GitHub and GitLab read it, and names the site's folder.
#[test]
fn a_site_in_a_subfolder_gets_its_ci_file_at_the_repository_root() {
    let tmp = Site::empty();
    fs::create_dir_all(tmp.root().join("repo/.git")).unwrap();
    let run = tmp.run(&["init", "repo/docs/journeys"]);
    run.success();
    assert!(
        run.stderr
            .lines()
            .any(|l| std::path::Path::new(l.trim()).ends_with("repo/.github/workflows/pages.yml")),
        "{}",
        run.stderr
    );
    let workflow = tmp.root().join("repo/.github/workflows/pages.yml");
    let workflow = yaml(&workflow);
    let site = step_using(steps(&workflow, "build"), waymark::scaffold::REPOSITORY);
    assert_eq!(site["with"]["site"], "docs/journeys");
    let mut files: Vec<String> = common::tree(&tmp.root().join("repo"))
        .into_keys()
        .filter(|f| !f.starts_with("docs/journeys/"))
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ".github/workflows/pages.yml",
            ".github/workflows/review.yml"
        ]
    );
    let review = yaml(&tmp.root().join("repo/.github/workflows/review.yml"));
    let step = step_using(steps(&review, "review"), waymark::scaffold::REPOSITORY);
    assert_eq!(step["with"]["site"], "docs/journeys");
    assert!(tmp.root().join("repo/docs/journeys/site.yaml").is_file());

    fs::create_dir_all(tmp.root().join("lab/.git")).unwrap();
    tmp.run(&["init", "lab/content", "--ci", "gitlab"])
        .success();
    let file = yaml(&tmp.root().join("lab/.gitlab-ci.yml"));
    assert_eq!(file["pages"]["variables"]["WAYMARK_SITE"], "content");
}

/// The folder named from inside the repository, with `..`: the same repository root.
#[test]
fn the_repository_is_found_from_a_relative_path_with_parent_folders() {
    let tmp = Site::empty();
    fs::create_dir_all(tmp.root().join("repo/.git")).unwrap();
    fs::create_dir_all(tmp.root().join("repo/src")).unwrap();
    let run = common::Run::of(
        tmp.command()
            .current_dir(tmp.root().join("repo/src"))
            .args(["init", "../content"]),
    );
    run.success();
    let workflow = yaml(&tmp.root().join("repo/.github/workflows/pages.yml"));
    let site = step_using(steps(&workflow, "build"), waymark::scaffold::REPOSITORY);
    assert_eq!(site["with"]["site"], "content");
}

#[test]
fn an_existing_ci_file_at_the_repository_root_is_refused_and_nothing_is_written() {
    let tmp = Site::empty();
    fs::create_dir_all(tmp.root().join("repo/.git")).unwrap();
    fs::write(
        tmp.root().join("repo/.gitlab-ci.yml"),
        "test:\n  script: [make]\n",
    )
    .unwrap();
    let run = tmp.run(&["init", "repo/content", "--ci", "gitlab"]);
    run.code(2);
    assert!(
        run.stderr.contains(".gitlab-ci.yml exists already"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--ci none"), "{}", run.stderr);
    assert!(!tmp.root().join("repo/content").exists());
    assert_eq!(
        fs::read_to_string(tmp.root().join("repo/.gitlab-ci.yml")).unwrap(),
        "test:\n  script: [make]\n"
    );
}

/// GitHub and GitLab expand `$` in the values of their files.
#[test]
fn a_site_path_a_ci_file_would_expand_is_refused() {
    let tmp = Site::empty();
    fs::create_dir_all(tmp.root().join("repo/.git")).unwrap();
    let run = tmp.run(&["init", "repo/$HOME"]);
    run.code(2);
    assert!(
        run.stderr.contains("cannot be named in a CI file"),
        "{}",
        run.stderr
    );
    assert!(!tmp.root().join("repo/$HOME").exists());
    assert!(!tmp.root().join("repo/.github").exists());
}

#[test]
fn the_readme_and_help_install_the_published_package_with_its_lock_file() {
    let (_tmp, dir) = init("my-journeys");
    let readme = fs::read_to_string(dir.join("README.md")).unwrap();
    let package = waymark::scaffold::PACKAGE;
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(package, "waymark-cx");
    assert!(
        readme.contains(&format!(
            "`cargo install {package} --version {version} --locked`"
        )),
        "{readme}"
    );
    assert!(readme.contains(&format!(
        "https://github.com/{}/releases/tag/v{version}",
        waymark::scaffold::REPOSITORY
    )));
    assert!(!readme.contains("@@"), "{readme}");

    let help = Site::empty().run(&["init", "--help"]);
    help.success();
    assert!(
        help.stdout.contains(&format!(
            "cargo install {package} --version {version} --locked"
        )),
        "{}",
        help.stdout
    );
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

/// The first ```yaml block of README.md after `heading`.
fn readme_yaml_after(heading: &str) -> String {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme
        .find(heading)
        .unwrap_or_else(|| panic!("README.md has no {heading}"))..];
    let start = section.find("```yaml\n").expect("a YAML block") + "```yaml\n".len();
    let end = start + section[start..].find("```\n").unwrap();
    section[start..end].to_string()
}

/// README.md shows the very files `init` writes, as a release binary writes them.
#[test]
fn the_readme_shows_the_ci_files_init_writes() {
    use waymark::scaffold::{ci_file, Ci};
    assert_eq!(
        readme_yaml_after("### GitHub Pages"),
        ci_file(Ci::GitHub, ".", Some("<commit>")).unwrap()
    );
    assert_eq!(
        readme_yaml_after("### GitLab Pages"),
        ci_file(Ci::GitLab, ".", None).unwrap()
    );
}
