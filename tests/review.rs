//! `waymark diff`: a git repository in a temporary folder with a site committed, a change
//! to it, and the report of each kind of change in text, Markdown (parsed as GitHub does,
//! with pulldown-cmark) and JSON.

mod common;

use common::{Run, Site, MINIMAL_PERSONA};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::process::Command;

/// A site committed on `main` in a repository at the site's root folder (the site is
/// `site/` in it), with git kept from the machine's own settings.
struct Repo {
    site: Site,
    /// An empty global git configuration, outside the repository.
    config: tempfile::TempDir,
}

impl Repo {
    /// `site` committed as it is.
    fn new(site: Site) -> Repo {
        let config = tempfile::tempdir().unwrap();
        fs::write(config.path().join("gitconfig"), "").unwrap();
        let repo = Repo { site, config };
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        repo.commit("The site as it was");
        repo
    }

    fn git_command(&self) -> Command {
        let mut cmd = Command::new("git");
        cmd.current_dir(self.site.root())
            .env("GIT_CONFIG_GLOBAL", self.config.path().join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args([
                "-c",
                "user.name=Tester",
                "-c",
                "user.email=tester@example.com",
            ])
            .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"]);
        cmd
    }

    #[track_caller]
    fn git(&self, args: &[&str]) -> String {
        let output = self.git_command().args(args).output().expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "--all"]);
        self.git(&["commit", "--quiet", "--allow-empty", "-m", message]);
    }

    /// `waymark diff ARGS`, run in the repository's root.
    fn diff(&self, args: &[&str]) -> Run {
        let mut cmd = self.site.command();
        cmd.env("GIT_CONFIG_GLOBAL", self.config.path().join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .arg("diff")
            .args(args);
        Run::of(&mut cmd)
    }

    /// The report against `main` in each format, each run a success.
    #[track_caller]
    fn reports(&self) -> Reports {
        let run = |format: &str| {
            let run = self.diff(&["main", "site", "--format", format]);
            run.success();
            run.stdout
        };
        Reports {
            text: run("text"),
            markdown: Markdown::parse(&run("markdown")),
            json: serde_json::from_str(&run("json")).expect("JSON"),
        }
    }
}

struct Reports {
    text: String,
    markdown: Markdown,
    json: Value,
}

impl Reports {
    /// The rows of the text report's section `title`, each row's cells as the line has
    /// them (split where two or more spaces stand between).
    fn text_rows(&self, title: &str) -> Vec<Vec<String>> {
        let mut lines = self
            .text
            .lines()
            .skip_while(|l| !l.starts_with(&format!("{title} (")));
        assert!(lines.next().is_some(), "no section {title}:\n{}", self.text);
        lines
            .take_while(|l| l.starts_with("  "))
            .map(|l| {
                l.trim()
                    .split("  ")
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(String::from)
                    .collect()
            })
            .collect()
    }

    /// The JSON list `key`.
    fn list(&self, key: &str) -> &Vec<Value> {
        self.json[key]
            .as_array()
            .unwrap_or_else(|| panic!("no list {key}: {}", self.json))
    }
}

/// A Markdown report as GitHub would render it: its tables by the heading above them,
/// each cell as its text, and its links.
struct Markdown {
    source: String,
    /// Heading (without its count) → rows, the header row first.
    tables: BTreeMap<String, Vec<Vec<String>>>,
    links: Vec<String>,
}

impl Markdown {
    fn parse(source: &str) -> Markdown {
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        let mut tables = BTreeMap::new();
        let mut links = Vec::new();
        let mut heading = String::new();
        let mut in_heading = false;
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut cell: Option<String> = None;
        for event in Parser::new_ext(source, options) {
            match event {
                Event::Html(html) | Event::InlineHtml(html) => {
                    panic!("HTML in the report: {html}\n{source}")
                }
                Event::Start(
                    Tag::Strikethrough | Tag::Emphasis | Tag::Strong | Tag::Image { .. },
                ) => {
                    panic!("markup the report did not write: {event:?}\n{source}")
                }
                Event::Start(Tag::Heading { .. }) => {
                    heading.clear();
                    in_heading = true;
                }
                Event::End(TagEnd::Heading(_)) => in_heading = false,
                Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(Vec::new()),
                Event::Start(Tag::TableCell) => cell = Some(String::new()),
                Event::End(TagEnd::TableCell) => {
                    rows.last_mut().unwrap().push(cell.take().unwrap());
                }
                Event::End(TagEnd::Table) => {
                    let title = heading.split(" (").next().unwrap().to_string();
                    tables.insert(title, std::mem::take(&mut rows));
                }
                Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
                Event::Text(text) | Event::Code(text) => {
                    if in_heading {
                        heading.push_str(&text);
                    }
                    if let Some(cell) = cell.as_mut() {
                        cell.push_str(&text);
                    }
                }
                _ => {}
            }
        }
        Markdown {
            source: source.to_string(),
            tables,
            links,
        }
    }

    #[track_caller]
    fn table(&self, title: &str) -> &Vec<Vec<String>> {
        self.tables
            .get(title)
            .unwrap_or_else(|| panic!("no table {title}:\n{}", self.source))
    }
}

fn cells(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// A journey of persona `anna` with `stages` (YAML list items, indented by two).
fn journey(title: &str, stages: &str) -> String {
    format!(
        "---\ntitle: {title}\npersona: anna\nkind: current-state\nstages:\n{stages}---\nNotes.\n"
    )
}

const THREE_STAGES: &str = concat!(
    "  - { id: search, name: Search, emotion: -1 }\n",
    "  - { id: compare, name: Compare, emotion: 0 }\n",
    "  - { id: purchase, name: Purchase, emotion: 1 }\n",
);

#[test]
fn journeys_added_removed_and_renamed_in_all_three_formats() {
    let site = Site::minimal();
    site.journey("old", &journey("The old way", THREE_STAGES));
    let repo = Repo::new(site);
    repo.site.remove("journeys/old.md");
    repo.site
        .journey("new", &journey("A new way", THREE_STAGES));
    // The same content under a new id, its metrics along: a rename.
    repo.git(&["mv", "site/journeys/buy.md", "site/journeys/purchase.md"]);
    repo.git(&["mv", "site/metrics/buy.csv", "site/metrics/purchase.csv"]);

    let reports = repo.reports();
    assert_eq!(
        reports.text_rows("Journeys"),
        cells(&[
            &["Change", "Journey"],
            &["+ Added", "A new way (new)"],
            &["− Removed", "The old way (old)"],
            &[
                "→ Renamed",
                "Buying online (buy) → Buying online (purchase)"
            ],
        ])
    );
    assert_eq!(
        reports.markdown.table("Journeys"),
        &cells(&[
            &["Change", "Journey"],
            &["+ Added", "A new way (new)"],
            &["− Removed", "The old way (old)"],
            &[
                "→ Renamed",
                "Buying online (buy) → Buying online (purchase)"
            ],
        ])
    );
    let ids = |key: &str| -> Vec<String> {
        reports
            .list(key)
            .iter()
            .map(|j| j["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("journeys_added"), ["new"]);
    assert_eq!(ids("journeys_removed"), ["old"]);
    let renamed = &reports.list("journeys_renamed")[0];
    assert_eq!(renamed["before"]["id"], "buy");
    assert_eq!(renamed["after"]["id"], "purchase");
    // A renamed journey is one journey: nothing else of it changed, its warnings neither
    // (those of the journeys added and removed come and go with them).
    assert!(reports.list("pain_points_added").is_empty());
    assert!(reports.list("emotion_changes").is_empty());
    let files = |key: &str| -> Vec<String> {
        let mut files: Vec<String> = reports
            .list(key)
            .iter()
            .map(|w| w["file"].as_str().unwrap().to_string())
            .collect();
        files.dedup();
        files
    };
    assert_eq!(files("warnings_appeared"), ["journeys/new.md"]);
    assert_eq!(files("warnings_gone"), ["journeys/old.md"]);
}

#[test]
fn personas_added_removed_and_renamed() {
    let site = Site::minimal();
    site.persona("bob", "---\nname: Bob\n---\n");
    let repo = Repo::new(site);
    repo.site.remove("personas/bob.md");
    repo.site
        .persona("maria", "---\nname: Maria\n---\n")
        .persona(
            "anna",
            &MINIMAL_PERSONA.replace("name: Anna", "name: Anna Berg"),
        );
    let reports = repo.reports();
    let expected = cells(&[
        &["Change", "Persona"],
        &["+ Added", "Maria (maria)"],
        &["− Removed", "Bob (bob)"],
        &["→ Renamed", "Anna (anna) → Anna Berg (anna)"],
    ]);
    assert_eq!(reports.text_rows("Personas"), expected);
    assert_eq!(reports.markdown.table("Personas"), &expected);
    assert_eq!(reports.list("personas_added")[0]["id"], "maria");
    assert_eq!(reports.list("personas_removed")[0]["name"], "Bob");
    assert_eq!(
        reports.list("personas_renamed")[0]["after"]["name"],
        "Anna Berg"
    );
}

#[test]
fn stages_added_removed_renamed_and_reordered() {
    let site = Site::minimal();
    site.journey("buy", &journey("Buying online", THREE_STAGES));
    site.remove("metrics/buy.csv");
    let repo = Repo::new(site);
    repo.site.journey(
        "buy",
        &journey(
            "Buying online",
            concat!(
                "  - { id: compare, name: Comparing offers, emotion: 0 }\n",
                "  - { id: search, name: Search, emotion: -1 }\n",
                "  - { id: delivery, name: Delivery, emotion: 1 }\n",
            ),
        ),
    );
    let reports = repo.reports();
    let expected = cells(&[
        &["Change", "Journey", "Stage"],
        &[
            "+ Added",
            "Buying online (buy)",
            "Delivery (delivery), at position 3",
        ],
        &[
            "− Removed",
            "Buying online (buy)",
            "Purchase (purchase), was at position 3",
        ],
        &[
            "→ Renamed",
            "Buying online (buy)",
            "compare: Compare → Comparing offers",
        ],
        &[
            "↕ Reordered",
            "Buying online (buy)",
            "Search, Compare → Comparing offers, Search",
        ],
    ]);
    assert_eq!(reports.text_rows("Stages"), expected);
    assert_eq!(reports.markdown.table("Stages"), &expected);
    assert_eq!(reports.list("stages_added")[0]["stage"], "delivery");
    assert_eq!(reports.list("stages_added")[0]["position"], 3);
    assert_eq!(reports.list("stages_removed")[0]["stage"], "purchase");
    assert_eq!(reports.list("stages_renamed")[0]["before"], "Compare");
    let order = &reports.list("stages_reordered")[0];
    assert_eq!(order["before"], serde_json::json!(["search", "compare"]));
    assert_eq!(order["after"], serde_json::json!(["compare", "search"]));
}

#[test]
fn emotions_pain_points_and_opportunities() {
    let repo = Repo::new(Site::minimal());
    repo.site.journey(
        "buy",
        "\
---
title: Buying online
persona: anna
kind: current-state
stages:
  - id: search
    name: Search
    emotion: 0
    pain_points:
      - { id: jargon, text: Jargon on product pages, severity: medium }
  - id: purchase
    name: Purchase
    emotion: -2
    opportunities:
      - { text: Faster pages, impact: high, effort: low, status: done }
      - { text: Plain words, impact: medium, effort: low, addresses: [jargon] }
---
",
    );
    let reports = repo.reports();
    let emotions = cells(&[
        &["Journey", "Stage", "Before", "After", "Verdict"],
        &[
            "Buying online (buy)",
            "Search",
            "−1 (negative)",
            "0 (neutral)",
            "▲ Better",
        ],
        &[
            "Buying online (buy)",
            "Purchase",
            "+1 (positive)",
            "−2 (very negative)",
            "▼ Worse",
        ],
    ]);
    assert_eq!(reports.text_rows("Emotions"), emotions);
    assert_eq!(reports.markdown.table("Emotions"), &emotions);
    let pain_points = cells(&[
        &["Change", "Pain point", "Severity", "Journey", "Stage"],
        &[
            "+ Added",
            "Jargon on product pages",
            "medium",
            "Buying online (buy)",
            "Search",
        ],
        &[
            "✓ Resolved",
            "Slow pages",
            "high",
            "Buying online (buy)",
            "Search",
        ],
    ]);
    assert_eq!(reports.text_rows("Pain points"), pain_points);
    assert_eq!(reports.markdown.table("Pain points"), &pain_points);
    let opportunities = cells(&[
        &["Change", "Opportunity", "Status", "Journey", "Stage"],
        &[
            "+ Added",
            "Plain words",
            "idea",
            "Buying online (buy)",
            "Purchase",
        ],
        &[
            "→ Status",
            "Faster pages",
            "idea → done",
            "Buying online (buy)",
            "Purchase",
        ],
    ]);
    assert_eq!(reports.text_rows("Opportunities"), opportunities);
    assert_eq!(reports.markdown.table("Opportunities"), &opportunities);

    let emotions = reports.list("emotion_changes");
    assert_eq!(
        (
            &emotions[1]["stage"],
            &emotions[1]["before"],
            &emotions[1]["after"]
        ),
        (&Value::from("purchase"), &Value::from(1), &Value::from(-2))
    );
    assert_eq!(emotions[1]["verdict"], "worse");
    assert_eq!(reports.list("pain_points_added")[0]["id"], "jargon");
    assert_eq!(reports.list("pain_points_resolved")[0]["id"], "slow");
    let status = &reports.list("opportunity_status_changes")[0];
    assert_eq!(
        (&status["before"], &status["after"]),
        (&Value::from("idea"), &Value::from("done"))
    );
    assert_eq!(reports.json["worse"], 1);
    assert_eq!(reports.json["better"], 1);
}

#[test]
fn kpis_bottlenecks_and_conversion_when_metrics_change() {
    let site = Site::minimal();
    site.journey("buy", &journey("Buying online", THREE_STAGES));
    site.metrics(
        "buy",
        "\
period,stage,metric,value,target
2026-Q1,search,visitors,1000,
2026-Q1,compare,visitors,200,
2026-Q1,purchase,visitors,100,
2026-Q1,purchase,csat,4.1,4.0
",
    );
    let repo = Repo::new(site);
    repo.site.metrics(
        "buy",
        "\
period,stage,metric,value,target
2026-Q1,search,visitors,1000,
2026-Q1,compare,visitors,500,
2026-Q1,purchase,visitors,50,
2026-Q1,purchase,csat,3.2,4.0
",
    );
    let reports = repo.reports();
    let kpis = cells(&[
        &["Journey", "Stage", "KPI", "Before", "After", "Verdict"],
        &[
            "Buying online (buy)",
            "Purchase",
            "CSAT",
            "4.1 (2026-Q1, target 4, on track)",
            "3.2 (2026-Q1, target 4, off track)",
            "▼ Worse",
        ],
    ]);
    assert_eq!(reports.text_rows("KPIs"), kpis);
    assert_eq!(reports.markdown.table("KPIs"), &kpis);
    // Conversion was 20% then 50% (search to compare), 10% (compare to purchase): the
    // bottleneck moves from compare to purchase.
    let bottlenecks = cells(&[
        &["Journey", "Before", "After"],
        &["Buying online (buy)", "Compare", "Purchase"],
    ]);
    assert_eq!(reports.text_rows("Funnel bottlenecks"), bottlenecks);
    assert_eq!(reports.markdown.table("Funnel bottlenecks"), &bottlenecks);
    let conversion = cells(&[
        &["Journey", "Before", "After", "Verdict"],
        &["Buying online (buy)", "10%", "5%", "▼ Worse"],
    ]);
    assert_eq!(reports.text_rows("Overall conversion"), conversion);
    assert_eq!(reports.markdown.table("Overall conversion"), &conversion);

    let kpi = &reports.list("kpi_changes")[0];
    assert_eq!(
        (&kpi["stage"], &kpi["metric"]),
        (&Value::from("purchase"), &Value::from("csat"))
    );
    assert_eq!(kpi["before"]["status"], "on-track");
    assert_eq!(kpi["after"]["status"], "off-track");
    assert_eq!(kpi["after"]["value"], 3.2);
    assert_eq!(reports.list("bottleneck_moves")[0]["after"], "Purchase");
    assert_eq!(reports.list("conversion_changes")[0]["after"], 0.05);
    assert_eq!(reports.json["worse"], 2);
}

#[test]
fn completeness_and_lint_warnings_that_appear_and_go() {
    let repo = Repo::new(Site::minimal());
    // The opportunity gets its owner and both stages touchpoints (three warnings gone,
    // two rules passed); the purchase stage loses its emotion (one warning, one rule).
    let touchpoints = "    touchpoints: [{ name: Shop, channel: web }]\n";
    repo.site.journey(
        "buy",
        &common::MINIMAL_JOURNEY
            .replace("addresses: [slow]", "owner: Web team, addresses: [slow]")
            .replace("    emotion: 1\n", "")
            .replace(
                "    emotion: -1\n",
                &format!("    emotion: -1\n{touchpoints}"),
            )
            .replace(
                "    name: Purchase\n",
                &format!("    name: Purchase\n{touchpoints}"),
            ),
    );
    let reports = repo.reports();
    let warnings = reports.text_rows("Lint warnings");
    assert_eq!(warnings[0], ["Change", "Where", "Warning"]);
    assert_eq!(warnings.len(), 5, "{warnings:?}");
    assert_eq!(warnings[1][0], "+ Appeared");
    assert!(
        warnings[1][1].starts_with("site/journeys/buy.md:"),
        "{warnings:?}"
    );
    assert_eq!(warnings[1][2], "stage `purchase` has no emotion");
    let gone: Vec<&str> = warnings[2..].iter().map(|w| w[2].as_str()).collect();
    assert_eq!(
        gone,
        [
            "stage `search` has no touchpoints",
            "stage `purchase` has no touchpoints",
            "opportunity without an owner: Faster pages",
        ]
    );
    for row in &warnings[2..] {
        assert_eq!(row[0], "− Gone");
        assert!(row[1].starts_with("main:site/journeys/buy.md:"), "{row:?}");
    }
    assert_eq!(reports.markdown.table("Lint warnings"), &warnings);

    let appeared = &reports.list("warnings_appeared")[0];
    assert_eq!(appeared["file"], "journeys/buy.md");
    assert!(appeared["line"].as_u64().unwrap() > 0);
    assert_eq!(reports.list("warnings_gone").len(), 3);

    let completeness = reports.text_rows("Completeness");
    assert_eq!(completeness[1][0], "Buying online (buy)");
    assert_eq!(completeness[1][3], "▲ Better");
    assert_eq!(reports.markdown.table("Completeness"), &completeness);
    let change = &reports.list("completeness_changes")[0];
    assert!(
        change["after"].as_u64() > change["before"].as_u64(),
        "{change}"
    );
}

#[test]
fn no_change_says_so_in_one_line() {
    let repo = Repo::new(Site::minimal());
    let short = repo.git(&["rev-parse", "--short=7", "HEAD"]);
    let short = short.trim();
    let text = repo.diff(&["main", "site"]);
    text.success();
    assert_eq!(
        text.stdout,
        format!("No change to the journeys from main ({short}).\n")
    );
    let markdown = repo.diff(&["main", "site", "--format", "markdown"]);
    assert_eq!(
        markdown.stdout,
        format!("No change to the journeys from `main` (`{short}`).\n")
    );
    let json: Value =
        serde_json::from_str(&repo.diff(&["main", "site", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["total"], 0);
    assert_eq!(json["base"]["name"], "main");
    assert_eq!(json["base"]["state"], "loaded");
    assert_eq!(
        json["base"]["commit"],
        repo.git(&["rev-parse", "HEAD"]).trim()
    );
}

#[test]
fn fail_on_warnings_or_worse_exits_1_and_still_prints_the_report() {
    let repo = Repo::new(Site::minimal());
    // Worse: the search stage's emotion drops; no new warning.
    repo.site.journey(
        "buy",
        &common::MINIMAL_JOURNEY.replace("emotion: -1", "emotion: -2"),
    );
    repo.diff(&["main", "site"]).success();
    repo.diff(&["main", "site", "--fail-on", "warnings"])
        .success();
    let worse = repo.diff(&["main", "site", "--fail-on", "worse"]);
    worse.code(1);
    assert!(worse.stdout.contains("▼ Worse"), "{}", worse.stdout);
    assert!(
        worse
            .stderr
            .contains("makes 1 of the emotions, KPIs and conversions worse"),
        "{}",
        worse.stderr
    );
    // A new warning: the emotion goes altogether.
    repo.site.journey(
        "buy",
        &common::MINIMAL_JOURNEY.replace("    emotion: -1\n", ""),
    );
    let warnings = repo.diff(&["main", "site", "--fail-on", "warnings,worse"]);
    warnings.code(1);
    assert!(
        warnings
            .stderr
            .contains("adds 1 lint warning (--fail-on warnings)"),
        "{}",
        warnings.stderr
    );
    repo.diff(&["main", "site", "--fail-on", "worse"]).success();
    repo.diff(&["main", "site", "--fail-on", "sideways"])
        .code(2);
}

/// Content that is Markdown or HTML stays text: GitHub shows it as written.
#[test]
fn markdown_escapes_the_content_so_none_of_it_becomes_markup() {
    let repo = Repo::new(Site::minimal());
    let hostile = r"<script>alert(1)</script> | *bold* _it_ [x](https://evil.example) `code` \ ~~gone~~ $x$ @team #1 &amp; ![i](y.png)";
    let title = "<b>Buy</b> | now";
    repo.site.journey(
        "buy",
        &common::MINIMAL_JOURNEY
            .replace("title: Buying online", &format!("title: {:?}", title))
            .replace(
                "    emotion: 1\n",
                &format!(
                    "    emotion: 1\n    pain_points:\n      - {{ text: {:?}, severity: low }}\n",
                    format!("{hostile}\nline two")
                ),
            ),
    );
    let run = repo.diff(&[
        "main",
        "site",
        "--format",
        "markdown",
        "--base-url",
        "https://preview.example/pr-7/",
    ]);
    run.success();
    let markdown = Markdown::parse(&run.stdout);
    let pain_points = markdown.table("Pain points");
    assert_eq!(pain_points[1][1], format!("{hostile} line two"));
    assert_eq!(pain_points[1][3], format!("{title} (buy)"));
    // The only links are those to the preview's pages.
    assert!(!markdown.links.is_empty());
    for link in &markdown.links {
        assert_eq!(link, "https://preview.example/pr-7/journeys/buy.html");
    }
    // Every row has as many cells as the header.
    for (title, rows) in &markdown.tables {
        for row in rows {
            assert_eq!(row.len(), rows[0].len(), "{title}: {row:?}");
        }
    }
    // The terminal gets the text as it is, on one line.
    let text = repo.diff(&["main", "site"]).stdout;
    assert!(text.contains(&format!("{hostile}\u{FFFD}line")), "{text}");
}

#[test]
fn links_need_the_preview_address() {
    let repo = Repo::new(Site::minimal());
    repo.site
        .journey("new", &journey("A new way", THREE_STAGES));
    let markdown = Markdown::parse(&repo.diff(&["main", "site", "--format", "markdown"]).stdout);
    assert!(markdown.links.is_empty(), "{:?}", markdown.links);
    assert_eq!(
        markdown.table("Journeys")[1],
        ["+ Added", "A new way (new)"]
    );
    let linked = repo.diff(&[
        "main",
        "site",
        "--format",
        "markdown",
        "--base-url",
        "https://preview.example/my journeys/",
    ]);
    let markdown = Markdown::parse(&linked.stdout);
    assert_eq!(
        markdown.links,
        ["https://preview.example/my%20journeys/journeys/new.html"]
    );
    repo.diff(&["main", "site", "--base-url", "javascript:alert(1)"])
        .code(2);
}

/// Without BASE, the site is compared with where the branch left main: changes made on
/// main since do not show.
#[test]
fn the_default_base_is_where_the_branch_left_the_default_branch() {
    let repo = Repo::new(Site::minimal());
    repo.git(&["checkout", "--quiet", "-b", "feature"]);
    repo.site.journey(
        "buy",
        &common::MINIMAL_JOURNEY.replace("emotion: 1", "emotion: 2"),
    );
    repo.commit("On the branch: purchase feels better");
    repo.git(&["checkout", "--quiet", "main"]);
    repo.site.persona("maria", "---\nname: Maria\n---\n");
    repo.commit("On main since: a persona");
    repo.git(&["checkout", "--quiet", "feature"]);
    // Unsaved in git, and still compared: the site as it is.
    repo.site
        .journey("new", &journey("A new way", THREE_STAGES));

    let run = repo.diff(&["site", "--format", "json"]);
    run.success();
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["base"]["merge_base"], true);
    assert_eq!(json["base"]["name"], "main");
    assert_eq!(
        json["base"]["commit"],
        repo.git(&["merge-base", "HEAD", "main"]).trim()
    );
    assert_eq!(json["emotion_changes"][0]["after"], 2);
    assert_eq!(json["journeys_added"][0]["id"], "new");
    assert_eq!(json["personas_removed"], serde_json::json!([]));
    let text = repo.diff(&["site"]).stdout;
    assert!(
        text.starts_with("From the merge base with main ("),
        "{text}"
    );
}

#[test]
fn base_and_site_are_told_apart() {
    let repo = Repo::new(Site::minimal());
    repo.site.journey(
        "buy",
        &common::MINIMAL_JOURNEY.replace("emotion: 1", "emotion: 2"),
    );
    let json = |run: &Run| -> Value {
        run.success();
        serde_json::from_str(&run.stdout).unwrap()
    };
    // One argument that is a folder: the site, compared with the default base.
    let site = json(&repo.diff(&["site", "--format", "json"]));
    assert_eq!(site["site"], "site");
    assert_eq!(site["emotion_changes"].as_array().unwrap().len(), 1);
    // One that is a revision: the base; the site is found from where waymark runs.
    let mut cmd = repo.site.command();
    cmd.current_dir(repo.site.dir())
        .env("GIT_CONFIG_GLOBAL", repo.config.path().join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["diff", "HEAD", "--format", "json"]);
    let from_inside = json(&Run::of(&mut cmd));
    assert_eq!(from_inside["base"]["name"], "HEAD");
    assert_eq!(from_inside["site"], ".");
    assert_eq!(from_inside["emotion_changes"].as_array().unwrap().len(), 1);
    // A name that is both is refused, and `./` makes it the folder.
    repo.git(&["branch", "site"]);
    let both = repo.diff(&["site"]);
    both.code(2);
    assert!(
        both.stderr
            .contains("`site` is both a folder and a git revision"),
        "{}",
        both.stderr
    );
    assert!(both.stderr.contains("./site"), "{}", both.stderr);
    json(&repo.diff(&["./site", "--format", "json"]));
}

#[test]
fn against_another_folder() {
    let repo = Repo::new(Site::minimal());
    common::copy_tree(&repo.site.dir(), &repo.site.root().join("before"));
    repo.site.journey(
        "buy",
        &common::MINIMAL_JOURNEY.replace("emotion: 1", "emotion: 0"),
    );
    let run = repo.diff(&["--against", "before", "site"]);
    run.success();
    assert!(
        run.stdout
            .starts_with("From the folder before to the site in site as it is: "),
        "{}",
        run.stdout
    );
    let json: Value = serde_json::from_str(
        &repo
            .diff(&["--against", "before", "site", "--format", "json"])
            .stdout,
    )
    .unwrap();
    assert_eq!(json["base"]["name"], "before");
    assert_eq!(json["base"]["commit"], Value::Null);
    assert_eq!(json["emotion_changes"][0]["verdict"], "worse");
    repo.diff(&["--against", "nowhere", "site"]).code(2);
    repo.diff(&["main", "site", "--against", "before"]).code(2);
}

#[test]
fn a_site_new_at_the_base_is_all_added() {
    let site = Site::minimal();
    fs::rename(site.dir(), site.root().join("later")).unwrap();
    let repo = Repo::new(site);
    fs::rename(repo.site.root().join("later"), repo.site.dir()).unwrap();
    let run = repo.diff(&["main", "site", "--format", "json"]);
    run.success();
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["base"]["state"], "missing");
    assert_eq!(json["journeys_added"][0]["id"], "buy");
    assert_eq!(json["personas_added"][0]["id"], "anna");
    let text = repo.diff(&["main", "site"]).stdout;
    assert!(
        text.starts_with("There was no site in site at main ("),
        "{text}"
    );
}

#[test]
fn a_base_with_errors_is_reported_and_nothing_is_compared() {
    let site = Site::minimal();
    site.journey(
        "buy",
        &common::MINIMAL_JOURNEY.replace("persona: anna", "persona: ana"),
    );
    let repo = Repo::new(site);
    repo.site.journey("buy", common::MINIMAL_JOURNEY);
    let run = repo.diff(&["main", "site", "--format", "json"]);
    run.success();
    assert!(
        run.stderr
            .contains("main:site/journeys/buy.md:3:10: error: no persona `ana`"),
        "{}",
        run.stderr
    );
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["base"]["state"], "broken");
    assert_eq!(json["total"], 0);
    let text = repo.diff(&["main", "site"]).stdout;
    assert!(
        text.contains("has 1 error, so nothing was compared"),
        "{text}"
    );
}

#[test]
fn a_site_with_errors_fails_with_its_diagnostics() {
    let repo = Repo::new(Site::minimal());
    repo.site.journey(
        "buy",
        &common::MINIMAL_JOURNEY.replace("emotion: 1", "emotion: 9"),
    );
    let run = repo.diff(&["main", "site"]);
    run.code(1);
    assert!(run.stdout.is_empty());
    let diagnostics = run.diagnostics();
    assert!(diagnostics[0].location.starts_with("site/journeys/buy.md:"));
    assert!(
        diagnostics[0].message.contains("emotion"),
        "{diagnostics:?}"
    );
    assert!(
        run.stderr.contains("nothing was compared"),
        "{}",
        run.stderr
    );
}

#[test]
fn revisions_and_repositories_that_are_not_there_are_usage_errors() {
    let repo = Repo::new(Site::minimal());
    let unknown = repo.diff(&["no-such-branch", "site"]);
    unknown.code(2);
    assert!(
        unknown.stderr.contains("`no-such-branch` names no commit"),
        "{}",
        unknown.stderr
    );
    assert!(
        unknown.stderr.contains("fetch-depth: 0"),
        "{}",
        unknown.stderr
    );
    let neither = repo.diff(&["no-such-thing"]);
    neither.code(2);
    assert!(
        neither
            .stderr
            .contains("`no-such-thing` is neither a folder nor a git revision"),
        "{}",
        neither.stderr
    );
    // A name that git would read as an option.
    repo.diff(&["--", "--output=x", "site"]).code(2);
    assert!(!repo.site.root().join("x").exists());

    let outside = Site::minimal();
    let run = Run::of(
        outside
            .command()
            .env("GIT_CEILING_DIRECTORIES", outside.root().parent().unwrap())
            .args(["diff", "HEAD", "site"]),
    );
    run.code(2);
    assert!(run.stderr.contains("--against"), "{}", run.stderr);
}

/// Reading the base checks nothing out: the working tree, the index and the branches are
/// as they were, and the temporary folder is gone.
#[test]
fn the_working_tree_is_left_as_it_was() {
    let repo = Repo::new(Site::minimal());
    repo.site.journey(
        "buy",
        &common::MINIMAL_JOURNEY.replace("emotion: 1", "emotion: 2"),
    );
    repo.git(&["add", "site/journeys/buy.md"]);
    repo.site.persona("maria", "---\nname: Maria\n---\n");
    let status = repo.git(&["status", "--porcelain=v1", "--branch"]);
    let files = common::tree(&repo.site.dir());
    let temporary = tempfile::tempdir().unwrap();
    let mut cmd = repo.site.command();
    cmd.env("GIT_CONFIG_GLOBAL", repo.config.path().join("gitconfig"))
        .env("TMPDIR", temporary.path())
        .env("TMP", temporary.path())
        .env("TEMP", temporary.path())
        .args(["diff", "main", "site"]);
    Run::of(&mut cmd).success();
    assert_eq!(repo.git(&["status", "--porcelain=v1", "--branch"]), status);
    assert_eq!(common::tree(&repo.site.dir()), files);
    assert_eq!(fs::read_dir(temporary.path()).unwrap().count(), 0);
}

/// The files of a site in a sub-folder of its repository are found at the base under
/// the same path.
#[test]
fn a_site_in_a_subfolder_of_its_repository() {
    let repo = Repo::new(Site::empty());
    let nested = repo.site.root().join("docs/cx");
    let minimal = Site::minimal();
    common::copy_tree(&minimal.dir(), &nested);
    repo.commit("A site in docs/cx");
    fs::write(
        nested.join("journeys/buy.md"),
        common::MINIMAL_JOURNEY.replace("emotion: 1", "emotion: 2"),
    )
    .unwrap();
    let run = repo.diff(&["HEAD", "docs/cx", "--format", "json"]);
    run.success();
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["emotion_changes"][0]["after"], 2);
    assert_eq!(json["total"], 1, "{json}");
    assert_eq!(json["site"], "docs/cx");
}

/// README.md shows the very review workflow `init` writes, as a release binary writes it.
#[test]
fn the_readme_shows_the_review_workflow_init_writes() {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let heading = "### In pull requests: GitHub";
    let section = &readme[readme.find(heading).expect("the section")..];
    let start = section.find("```yaml\n").expect("a YAML block") + "```yaml\n".len();
    let end = start + section[start..].find("```\n").unwrap();
    assert_eq!(
        &section[start..end],
        waymark::scaffold::review_workflow(".", Some("<commit>"))
    );
}

/// The example in README.md is what `waymark diff` prints for its change to
/// tests/fixtures/basic.
#[test]
fn the_readme_example_is_what_diff_prints() {
    let site = Site::fixture("basic");
    fs::rename(site.dir(), site.root().join("content")).unwrap();
    let repo = Repo::new(site);
    let edit = |file: &str, edits: &[(&str, &str)]| {
        let path = repo.site.root().join("content").join(file);
        let mut text = fs::read_to_string(&path).unwrap();
        for (from, to) in edits {
            assert!(text.contains(from), "{file}: {from}");
            text = text.replacen(from, to, 1);
        }
        fs::write(&path, text).unwrap();
    };
    edit(
        "journeys/buying-online-current.md",
        &[
            ("    emotion: -2\n", "    emotion: -1\n"),
            ("status: planned, addresses: [surprise-fees]", "status: done, addresses: [surprise-fees]"),
            (
                "severity: medium }\n    opportunities:\n      - { text: SMS",
                "severity: medium }\n      - { id: no-tracking, text: No way to see where the parcel is, severity: high }\n    opportunities:\n      - { text: SMS",
            ),
            ("name: Waiting for delivery", "name: Delivery"),
        ],
    );
    edit(
        "metrics/buying-online-current.csv",
        &[(
            "2026-Q4,delivery,csat,4.3,4.2",
            "2026-Q4,delivery,csat,3.7,4.2",
        )],
    );
    let run = repo.diff(&["content"]);
    run.success();
    let short = repo.git(&["rev-parse", "--short=7", "HEAD"]);
    let printed = run.stdout.replace(short.trim(), "381d365");

    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme.find("## Reviewing changes").unwrap()..];
    // The example is the block that starts with the lead.
    let start = section.find("```\nFrom ").unwrap() + "```\n".len();
    let end = start + section[start..].find("```\n").unwrap();
    assert_eq!(printed, &section[start..end]);
}
