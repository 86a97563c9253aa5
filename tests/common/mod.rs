//! Shared helpers of the integration tests: fixture sites written into temporary
//! folders, runs of the real `waymark` binary, and parsed output pages.
//!
//! Every test binary uses a different subset of these helpers.
#![allow(dead_code)]

use assert_cmd::Command;
use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The folder of the fixture sites kept with the tests.
pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The `base_url` in the site.yaml of tests/fixtures/basic.
pub const BASE_URL: &str = "https://cx.example.com/acme/";

/// tests/fixtures/basic, built without options: the site and its output.
pub fn fixture() -> (Site, Output) {
    let site = Site::fixture("basic");
    let out = site.built(&[]);
    (site, out)
}

/// A site folder (`site/`) and its output folder (`public/`) side by side in a temporary
/// folder, which is also the working directory of every run, so diagnostics name files
/// as `site/journeys/<id>.md`.
pub struct Site {
    tmp: TempDir,
}

/// site.yaml of [`Site::minimal`].
pub const MINIMAL_SITE_YAML: &str = "\
title: Minimal
base_url: /
metrics:
  visitors: { label: Visitors, unit: count, funnel: true }
  csat: { label: CSAT, unit: score, min: 1, max: 5 }
";

/// The persona of [`Site::minimal`].
pub const MINIMAL_PERSONA: &str = "\
---
name: Anna
role: Parent
---
Anna buys online.
";

/// The journey of [`Site::minimal`].
pub const MINIMAL_JOURNEY: &str = "\
---
title: Buying online
persona: anna
kind: current-state
stages:
  - id: search
    name: Search
    emotion: -1
    pain_points:
      - { id: slow, text: Slow pages, severity: high }
  - id: purchase
    name: Purchase
    emotion: 1
    opportunities:
      - { text: Faster pages, impact: high, effort: low, addresses: [slow] }
---
Notes from the interviews.
";

/// The metrics of [`Site::minimal`].
pub const MINIMAL_METRICS: &str = "\
period,stage,metric,value,target
2026-Q1,search,visitors,1000,
2026-Q1,purchase,visitors,100,
2026-Q1,purchase,csat,4.1,4.0
";

/// A journey with `stage` as its only stage, for errors inside a stage.
pub fn journey_with_stage(stage: &str) -> String {
    format!("---\ntitle: Buying online\npersona: anna\nkind: current-state\nstages:\n{stage}---\n")
}

impl Site {
    /// An empty site folder (no site.yaml).
    pub fn empty() -> Site {
        let tmp = tempfile::Builder::new()
            .prefix("waymark-test-")
            .tempdir()
            .expect("a temporary folder");
        fs::create_dir_all(tmp.path().join("site")).unwrap();
        Site { tmp }
    }

    /// A valid site with one persona (`anna`), one journey (`buy`) and its metrics.
    pub fn minimal() -> Site {
        let site = Site::empty();
        site.site_yaml(MINIMAL_SITE_YAML)
            .persona("anna", MINIMAL_PERSONA)
            .journey("buy", MINIMAL_JOURNEY)
            .metrics("buy", MINIMAL_METRICS);
        site
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let site = Site::empty();
        copy_tree(&fixture_dir(name), &site.dir());
        site
    }

    /// The working directory of every run.
    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    /// The site folder.
    pub fn dir(&self) -> PathBuf {
        self.root().join("site")
    }

    /// The output folder that [`Site::build`] writes.
    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes `text` to `relative` (under the site folder), creating folders.
    pub fn write(&self, relative: &str, text: &str) -> &Self {
        let path = self.dir().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        self
    }

    pub fn remove(&self, relative: &str) -> &Self {
        fs::remove_file(self.dir().join(relative)).unwrap();
        self
    }

    pub fn site_yaml(&self, text: &str) -> &Self {
        self.write("site.yaml", text)
    }

    pub fn persona(&self, id: &str, text: &str) -> &Self {
        self.write(&format!("personas/{id}.md"), text)
    }

    pub fn journey(&self, id: &str, text: &str) -> &Self {
        self.write(&format!("journeys/{id}.md"), text)
    }

    pub fn metrics(&self, id: &str, csv: &str) -> &Self {
        self.write(&format!("metrics/{id}.csv"), csv)
    }

    /// The `waymark` binary, run in [`Site::root`].
    pub fn command(&self) -> Command {
        let mut cmd = Command::cargo_bin("waymark").expect("the waymark binary");
        cmd.current_dir(self.root());
        cmd.env_remove("RAYON_NUM_THREADS");
        cmd
    }

    /// Runs `waymark` with `args` in [`Site::root`].
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(self.command().args(args))
    }

    /// `waymark build site -o public` plus `extra`.
    pub fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build", "site", "-o", "public"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// `waymark check site` plus `extra`.
    pub fn check(&self, extra: &[&str]) -> Run {
        let mut args = vec!["check", "site"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Builds and expects success; returns the output.
    pub fn built(&self, extra: &[&str]) -> Output {
        self.build(extra).success();
        Output::at(self.out())
    }

    /// Every file under the output folder with its bytes.
    pub fn out_tree(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.out())
    }

    /// The names directly in [`Site::root`], to see that a run left nothing behind.
    pub fn root_entries(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(cmd: &mut Command) -> Run {
        let output = cmd.output().expect("waymark runs");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub fn success(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success, stderr:\n{}",
            self.stderr
        );
        self
    }

    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit code {code}, stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// The diagnostics printed on stderr.
    pub fn diagnostics(&self) -> Vec<Diag> {
        diagnostics(&self.stderr)
    }

    /// The one diagnostic at `location` (`path:line:column`).
    pub fn diagnostic(&self, location: &str) -> Diag {
        let found: Vec<Diag> = self
            .diagnostics()
            .into_iter()
            .filter(|d| d.location == location)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected one diagnostic at {location}, stderr:\n{}",
            self.stderr
        );
        found.into_iter().next().unwrap()
    }
}

/// One diagnostic as printed: `path:line:column: error: message`, the source line with a
/// caret under the column, and `  = hint: ...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diag {
    pub location: String,
    pub severity: String,
    pub message: String,
    /// The quoted source line, as it is in the file.
    pub source: Option<String>,
    /// The 1-based column the caret points at in the source line.
    pub caret: Option<usize>,
    pub hint: Option<String>,
}

/// Parses the diagnostics of a stderr; other lines (the summary) are skipped.
pub fn diagnostics(stderr: &str) -> Vec<Diag> {
    let mut out = Vec::new();
    for block in stderr.split("\n\n") {
        let mut lines = block.lines();
        let Some(head) = lines.next() else { continue };
        let (location, severity, message) = match ["error", "warning"].iter().find_map(|s| {
            head.split_once(&format!(": {s}: "))
                .map(|(l, m)| (l, *s, m))
        }) {
            Some(parts) => parts,
            None => continue,
        };
        if location.is_empty() || location.starts_with("error") {
            continue;
        }
        let mut diag = Diag {
            // Paths are printed with the system's separator; tests name them with `/`.
            location: location.replace(std::path::MAIN_SEPARATOR, "/"),
            severity: severity.to_string(),
            message: message.to_string(),
            source: None,
            caret: None,
            hint: None,
        };
        let mut gutter = None;
        for line in lines {
            if let Some(hint) = line.strip_prefix("  = hint: ") {
                diag.hint = Some(hint.to_string());
            } else if let Some((number, text)) = line.split_once(" | ") {
                if !number.trim().is_empty() && diag.source.is_none() {
                    diag.source = Some(text.to_string());
                    gutter = Some(number.len() + 3);
                } else if let Some(g) = gutter {
                    if let Some(pos) = line.find('^') {
                        diag.caret = Some(pos + 1 - g);
                    }
                }
            }
        }
        out.push(diag);
    }
    out
}

/// A built output folder.
pub struct Output {
    pub dir: PathBuf,
}

impl Output {
    pub fn at(dir: PathBuf) -> Output {
        Output { dir }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative))
            .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
    }

    pub fn page(&self, relative: &str) -> Page {
        Page::parse(relative, &self.read(relative))
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.read("data/site.json")).expect("data/site.json is JSON")
    }

    /// Every file, relative with `/` separators, sorted.
    pub fn files(&self) -> Vec<String> {
        tree(&self.dir).into_keys().collect()
    }

    /// Every HTML page, relative, sorted.
    pub fn html_files(&self) -> Vec<String> {
        self.files()
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .collect()
    }
}

/// A parsed HTML page.
pub struct Page {
    pub path: String,
    pub html: Html,
}

impl Page {
    pub fn parse(path: &str, text: &str) -> Page {
        Page {
            path: path.to_string(),
            html: Html::parse_document(text),
        }
    }

    pub fn select(&self, css: &str) -> Vec<ElementRef<'_>> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e}"));
        self.html.select(&selector).collect()
    }

    /// The first element matching `css`, which must exist.
    pub fn one(&self, css: &str) -> ElementRef<'_> {
        *self
            .select(css)
            .first()
            .unwrap_or_else(|| panic!("{}: nothing matches {css}", self.path))
    }

    /// The text of every element matching `css`, whitespace collapsed.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.select(css).into_iter().map(text).collect()
    }

    /// The value of `attr` on every element matching `css` that has it.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.select(css)
            .into_iter()
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    /// Every `id` attribute of the page, in document order.
    pub fn ids(&self) -> Vec<String> {
        self.attrs("[id]", "id")
    }

    /// The rows of the table matching `css`: each row's cells (`th` and `td`) as text.
    pub fn table(&self, css: &str) -> Vec<Vec<String>> {
        let table = self.one(css);
        let rows = Selector::parse("tbody tr").unwrap();
        let cells = Selector::parse("th, td").unwrap();
        table
            .select(&rows)
            .map(|row| row.select(&cells).map(text).collect())
            .collect()
    }

    /// The whole text of the page, whitespace collapsed.
    pub fn text(&self) -> String {
        text(self.html.root_element())
    }
}

/// The text of an element, whitespace collapsed.
pub fn text(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every file under `dir` (hidden ones too) with its bytes, keyed by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut files);
    }
    files
}

fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(root, &path, files);
        } else {
            let relative = path.strip_prefix(root).unwrap();
            let key = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(key, fs::read(&path).unwrap());
        }
    }
}

/// Copies the folder `from` into `to`, creating it.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Builds `site` as it is (which must succeed), lets `breakage` change it, and builds
/// again: the second build must fail with exit code 1, leave the previous output exactly
/// as it was and write nothing else. Returns the failed run.
pub fn build_error(site: &Site, breakage: impl FnOnce(&Site)) -> Run {
    site.build(&[]).success();
    let before = site.out_tree();
    let entries = site.root_entries();
    assert_eq!(entries, ["public", "site"]);
    breakage(site);
    let run = site.build(&[]);
    run.code(1);
    assert!(
        run.stderr.contains("nothing was written"),
        "stderr:\n{}",
        run.stderr
    );
    assert!(
        site.out_tree() == before,
        "a failed build changed the previous output"
    );
    assert_eq!(
        site.root_entries(),
        entries,
        "a failed build left files behind"
    );
    // `check` finds the same problem.
    site.check(&[]).code(1);
    run
}

/// [`Site::minimal`] whose journey has `n` pain points, each addressed by its own
/// opportunity: long enough lists to be paged.
pub fn site_with_long_lists(n: usize) -> Site {
    let site = Site::minimal();
    let pains: String = (1..=n)
        .map(|i| {
            let severity = ["critical", "high", "medium", "low"][i % 4];
            format!("      - {{ id: p{i}, text: Pain point {i:03}, severity: {severity} }}\n")
        })
        .collect();
    let opportunities: String = (1..=n)
        .map(|i| {
            let level = ["low", "medium", "high"][i % 3];
            format!("      - {{ text: Opportunity {i:03}, impact: {level}, effort: low, owner: Team, addresses: [p{i}] }}\n")
        })
        .collect();
    site.journey(
        "buy",
        &format!(
            "---\ntitle: Buying online\npersona: anna\nkind: current-state\nstages:\n  - id: search\n    name: Search\n    emotion: -1\n    pain_points:\n{pains}  - id: purchase\n    name: Purchase\n    emotion: 1\n    opportunities:\n{opportunities}---\n"
        ),
    );
    site
}

/// [`Site::minimal`] with `n` journeys in all: `buy`, then `j001`, `j002`, … titled
/// "Journey 001", …; enough journeys to page the home page's table.
pub fn site_with_many_journeys(n: usize) -> Site {
    let site = Site::minimal();
    for i in 1..n {
        site.journey(&format!("j{i:03}"), &numbered_journey(i, ""));
    }
    site
}

/// The journey `j<i>` of [`site_with_many_journeys`], its title followed by `suffix`.
pub fn numbered_journey(i: usize, suffix: &str) -> String {
    format!(
        "---\ntitle: Journey {i:03}{suffix}\npersona: anna\nkind: current-state\nstages:\n  - id: look\n    name: Look\n    emotion: 0\n---\n"
    )
}
