//! Where a newcomer stands: every command that takes a site finds it by one rule (the
//! folder given; else the nearest folder with site.yaml from here up; else `content/`),
//! the output lands beside the site (`public/` next to site.yaml, or next to a site
//! folder named `content`), and the messages read right.

mod common;

use common::{Run, Site, MINIMAL_JOURNEY};
use std::fs;
use std::path::Path;

/// A site made by `waymark init my-journeys` in the root of `site`'s temporary folder.
fn initialised(site: &Site) -> std::path::PathBuf {
    site.run(&["init", "my-journeys"]).success();
    site.root().join("my-journeys")
}

fn run_in(site: &Site, dir: &Path, args: &[&str]) -> Run {
    Run::of(site.command().current_dir(dir).args(args))
}

#[test]
fn every_command_finds_the_site_from_inside_it() {
    let site = Site::empty();
    let mine = initialised(&site);
    let deep = mine.join("journeys");
    for dir in [&mine, &deep] {
        run_in(&site, dir, &["check", "--strict"]).success();
        let build = run_in(&site, dir, &["build"]);
        build.success();
        assert!(mine.join("public/index.html").is_file());
        let shown = if dir == &mine { "public" } else { "../public" };
        assert!(
            build.stderr.contains(&format!(" into {shown} (")),
            "{}",
            build.stderr
        );
    }
    run_in(&site, &deep, &["new", "persona", "maria"]).success();
    assert!(mine.join("personas/maria.md").is_file());
    run_in(
        &site,
        &deep,
        &["snapshot", "2026-Q4", "--date", "2026-12-01"],
    )
    .success();
    assert!(mine.join("releases/2026-Q4.json").is_file());
    assert!(
        !site.root().join("public").exists(),
        "nothing lands outside the site"
    );
}

#[test]
fn a_site_named_from_its_parent_builds_into_its_own_public() {
    let site = Site::empty();
    let mine = initialised(&site);
    let run = site.run(&["build", "my-journeys"]);
    run.success();
    assert!(mine.join("public/index.html").is_file());
    assert!(!site.root().join("public").exists());
    assert!(
        run.stderr.contains("into my-journeys/public ("),
        "{}",
        run.stderr
    );
    // The site's own .gitignore keeps the output out of git.
    let ignored = fs::read_to_string(mine.join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l.trim() == "public/"), "{ignored}");
}

#[test]
fn a_repository_with_its_site_in_content_builds_into_public_at_its_root() {
    let site = Site::minimal();
    fs::rename(site.dir(), site.root().join("content")).unwrap();
    let run = site.run(&["build"]);
    run.success();
    assert!(site.root().join("public/index.html").is_file());
    assert!(run.stderr.contains("into public ("), "{}", run.stderr);
    site.run(&["check"]).success();
}

#[test]
fn without_a_site_the_hint_names_what_works_from_here() {
    let site = Site::empty();
    fs::remove_dir_all(site.dir()).unwrap();
    let run = site.run(&["build"]);
    run.code(1);
    assert!(run.stderr.contains("error: no site here"), "{}", run.stderr);
    assert!(
        run.stderr.contains("waymark init my-journeys"),
        "{}",
        run.stderr
    );

    initialised(&site);
    for command in ["build", "check", "serve"] {
        let run = site.run(&[command]);
        run.code(1);
        assert!(
            run.stderr.contains(&format!(
                "hint: `my-journeys` is a site: run `waymark {command} my-journeys`, or `cd my-journeys` first"
            )),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn the_bundled_example_passes_its_own_advice() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = Run::of(
        assert_cmd::Command::cargo_bin("waymark")
            .unwrap()
            .current_dir(root)
            .args(["check", "--strict", "content"]),
    );
    run.success();
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
}

#[test]
fn counts_agree_with_their_numbers() {
    let site = Site::minimal();
    let build = site.build(&["--quiet"]);
    build.success();
    let run = site.build(&[]);
    run.success();
    assert!(
        run.stderr
            .contains("built 1 journey and 1 persona into public ("),
        "{}",
        run.stderr
    );
    let quiet = site.build(&["--quiet"]);
    assert!(
        quiet
            .stderr
            .trim()
            .ends_with("; `waymark check site` lists them")
            && !quiet.stderr.contains("(s)"),
        "{}",
        quiet.stderr
    );
}

#[test]
fn check_strict_that_fails_on_warnings_says_so() {
    let site = Site::minimal();
    let warnings = site.check(&[]).success().diagnostics().len();
    assert!(warnings > 1);
    let run = site.check(&["--strict"]);
    run.code(1);
    assert!(
        run.stderr.contains(&format!(
            "error: check failed: {warnings} warnings with --strict"
        )),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("nothing was written"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_whole_file_problem_has_no_made_up_position() {
    let site = Site::minimal();
    site.write("journeys/Not An Id.md", MINIMAL_JOURNEY);
    let run = site.build(&[]);
    run.code(1);
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("site/journeys/Not An Id.md: error: bad file name")),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(":0:0"), "{}", run.stderr);
}

#[test]
fn a_persona_with_only_draft_journeys_is_not_without_one() {
    let site = Site::minimal();
    site.journey(
        "buy",
        &MINIMAL_JOURNEY.replace("kind: current-state", "kind: current-state\ndraft: true"),
    );
    let run = site.check(&[]);
    run.success();
    assert!(!run.stderr.contains("has no journey"), "{}", run.stderr);
    site.remove("journeys/buy.md");
    site.remove("metrics/buy.csv");
    assert!(site
        .check(&[])
        .stderr
        .contains("persona `anna` has no journey"));
}

#[test]
fn a_new_journey_names_a_preview_command_that_works() {
    let site = Site::minimal();
    let run = site.run(&[
        "new",
        "journey",
        "returns",
        "--persona",
        "anna",
        "--site",
        "site",
    ]);
    run.success();
    assert!(
        run.stderr
            .contains("`waymark serve site --drafts` shows it"),
        "{}",
        run.stderr
    );
    let inside = run_in(
        &site,
        &site.dir(),
        &["new", "journey", "refunds", "--persona", "anna"],
    );
    assert!(
        inside.stderr.contains("`waymark serve --drafts` shows it"),
        "{}",
        inside.stderr
    );
}

/// The commands of the first ```sh block after `heading` in `markdown`, comments dropped.
fn commands_after(markdown: &str, heading: &str) -> Vec<String> {
    let section = markdown
        .split(heading)
        .nth(1)
        .unwrap_or_else(|| panic!("no {heading}"));
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap_or_else(|| panic!("no sh block after {heading}"));
    block
        .lines()
        .map(|l| l.split(" # ").next().unwrap().trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Runs `commands` as a user types them, from `start`: `cd` changes the folder, `serve`
/// runs until it has built and answered, every other `waymark` command must succeed.
fn run_as_typed(site: &Site, start: &Path, commands: &[String]) {
    let mut cwd = start.to_path_buf();
    for command in commands {
        let words: Vec<&str> = command.split_whitespace().collect();
        match words.as_slice() {
            ["cargo", "install", ..] => {
                // The binary under test stands for the one installed.
                assert!(words.contains(&"--locked"), "{command}");
            }
            ["cd", dir] => cwd = cwd.join(dir),
            ["waymark", "serve", args @ ..] => {
                let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("waymark"))
                    .current_dir(&cwd)
                    .arg("serve")
                    .args(args)
                    .args(["--port", "0"])
                    .env("BROWSER", "true")
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap();
                let stderr = child.stderr.take().unwrap();
                let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stderr));
                let served = lines
                    .by_ref()
                    .map_while(Result::ok)
                    .any(|line| line.starts_with("built "));
                child.kill().unwrap();
                child.wait().unwrap();
                assert!(served, "`{command}` did not build");
            }
            ["waymark", args @ ..] => {
                run_in(site, &cwd, args).success();
            }
            _ => panic!("not a command a test can follow: {command}"),
        }
    }
}

#[test]
fn the_readme_quick_start_works_as_written() {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let commands = commands_after(&readme, "## Quick start");
    assert!(commands.len() >= 5, "{commands:?}");
    let site = Site::empty();
    run_as_typed(&site, site.root(), &commands);
    let mine = site.root().join("my-journeys");
    assert!(mine.join("public/index.html").is_file());
    assert!(mine.join("journeys/onboarding.md").is_file());
}

#[test]
fn the_generated_readme_works_as_written() {
    let site = Site::empty();
    let mine = initialised(&site);
    let readme = fs::read_to_string(mine.join("README.md")).unwrap();
    for heading in ["## Build and preview", "## Add a persona or a journey"] {
        run_as_typed(&site, &mine, &commands_after(&readme, heading));
    }
    assert!(mine.join("public/index.html").is_file());
    assert!(mine.join("journeys/returns.md").is_file());
    // It promises the browser opens: the command it gives says so.
    assert!(readme.contains("waymark serve --open"), "{readme}");
}
