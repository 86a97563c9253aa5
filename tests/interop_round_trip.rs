//! Leaving is as easy as arriving: every bundled journey exported as a Mermaid diagram
//! and as a sheet, and imported again, is the same journey (every field of its front
//! matter), and the site still passes `waymark check`. `export table` writes the
//! portfolio as tidy CSVs joined by their ids.

mod common;
mod interop;

use common::{copy_tree, Site};
use interop::{checks_clean, front, EPOCH};
use std::path::Path;

/// A copy of the bundled site `content/`, and its journeys with their personas.
fn bundled() -> (Site, Vec<(String, String)>) {
    let site = Site::empty();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &site.dir(),
    );
    let mut journeys = Vec::new();
    for entry in std::fs::read_dir(site.dir().join("journeys")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let id = name.trim_end_matches(".md").to_string();
        let persona = front(&site, &id).persona.to_string();
        journeys.push((id, persona));
    }
    journeys.sort();
    assert!(journeys.len() >= 7, "{journeys:?}");
    (site, journeys)
}

#[test]
fn every_bundled_journey_comes_back_the_same_through_mermaid_and_the_sheet() {
    let (site, journeys) = bundled();
    for (id, persona) in &journeys {
        let original = front(&site, id);
        let mermaid = site.run(&["export", "mermaid", id, "--site", "site"]);
        mermaid.success();
        std::fs::write(site.root().join(format!("{id}.mmd")), &mermaid.stdout).unwrap();
        let sheet = format!("{id}.csv");
        site.run(&["export", "sheet", id, "--site", "site", "--out", &sheet])
            .success();
        for (format, file) in [("mermaid", format!("{id}.mmd")), ("sheet", sheet)] {
            let copy = format!("{id}-from-{format}");
            let run = common::Run::of(site.command().env("SOURCE_DATE_EPOCH", EPOCH).args([
                "import",
                format,
                &file,
                "--persona",
                persona,
                "--id",
                &copy,
                "--site",
                "site",
            ]));
            run.success();
            assert!(
                run.diagnostics().is_empty(),
                "{id} through {format}:\n{}",
                run.stderr
            );
            assert!(
                !run.stderr.contains("note:"),
                "{id} through {format}:\n{}",
                run.stderr
            );
            assert_eq!(front(&site, &copy), original, "{id} through {format}");
        }
    }
    checks_clean(&site);
}

#[test]
fn a_sheet_edited_in_excel_reads_back_the_same() {
    // Excel in a Russian or Latvian locale shows the date as 14.10.2026 and saves it so.
    let (site, _) = bundled();
    let id = "buying-online-current";
    site.run(&[
        "export",
        "sheet",
        id,
        "--site",
        "site",
        "--out",
        "sheet.csv",
    ])
    .success();
    let path = site.root().join("sheet.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let updated = front(&site, id).updated.unwrap();
    let local = format!("{:02}.{:02}.{}", updated.day, updated.month, updated.year);
    std::fs::write(&path, text.replace(&updated.to_string(), &local)).unwrap();
    common::Run::of(site.command().args([
        "import",
        "sheet",
        "sheet.csv",
        "--persona",
        "anna",
        "--id",
        "edited",
        "--site",
        "site",
    ]))
    .success();
    assert_eq!(front(&site, "edited"), front(&site, id));
}

#[test]
fn export_table_writes_the_portfolio_as_tidy_csv() {
    let (site, journeys) = bundled();
    let run = site.run(&["export", "table", "--site", "site"]);
    run.success();
    // The tables go beside the output folder, `site/public/` for a site not named
    // `content`.
    let dir = site.dir().join("export");
    assert!(
        run.stderr.contains("wrote 5 tables into site/export"),
        "{}",
        run.stderr
    );
    let read = |name: &str| -> Vec<Vec<String>> {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBFjourney,"), "{name}");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[3..]);
        reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let published: Vec<&String> = journeys
        .iter()
        .filter(|(id, _)| !front(&site, id).draft)
        .map(|(id, _)| id)
        .collect();
    let journey_rows = read("journeys.csv");
    assert_eq!(journey_rows.len(), published.len() + 1);
    let stage_rows = read("stages.csv");
    let stage_count: usize = published
        .iter()
        .map(|id| front(&site, id).stages.len())
        .sum();
    assert_eq!(stage_rows.len(), stage_count + 1);
    assert_eq!(&stage_rows[0][..3], ["journey", "stage", "position"]);
    // Every pain point and opportunity joins a stage by (journey, stage).
    let stages: std::collections::BTreeSet<(String, String)> = stage_rows[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    for table in ["touchpoints.csv", "pain_points.csv", "opportunities.csv"] {
        let rows = read(table);
        assert!(rows.len() > 1, "{table}");
        for row in &rows[1..] {
            assert!(
                stages.contains(&(row[0].clone(), row[1].clone())),
                "{table}: {row:?}"
            );
        }
    }
    let first = front(&site, published[0]);
    let emotion = first.stages[0]
        .emotion
        .map(|e| i64::from(e).to_string())
        .unwrap_or_default();
    assert_eq!(stage_rows[1][5], emotion);
    // Written again, they are the same bytes; without --force nothing is replaced.
    let before = std::fs::read(dir.join("stages.csv")).unwrap();
    let run = site.run(&["export", "table", "--site", "site"]);
    run.code(2);
    assert!(run.stderr.contains("exists already"), "{}", run.stderr);
    site.run(&["export", "table", "--site", "site", "--force"])
        .success();
    assert_eq!(std::fs::read(dir.join("stages.csv")).unwrap(), before);
}

#[test]
fn the_readme_example_of_an_exported_diagram_is_what_export_prints() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme.find("### Mermaid `journey` diagrams").unwrap()..];
    let example = section.split("```\n").nth(1).unwrap();
    let (site, _) = bundled();
    let run = site.run(&[
        "export",
        "mermaid",
        "buying-online-current",
        "--site",
        "site",
    ]);
    run.success();
    let printed: Vec<&str> = run.stdout.lines().collect();
    // Every line of the example that is not shortened with `…` is printed as it is.
    let whole: Vec<&str> = example.lines().filter(|l| !l.contains('…')).collect();
    assert!(whole.len() >= 4, "{example}");
    for line in whole {
        assert!(
            printed.contains(&line),
            "{line:?} is not in:\n{}",
            run.stdout
        );
    }
}

#[test]
fn every_journey_page_links_its_diagram_written_beside_it() {
    let site = Site::fixture("releases");
    let out = site.built(&[]);
    let journeys: Vec<String> = out
        .files()
        .into_iter()
        .filter(|f| f.starts_with("journeys/") && f.ends_with(".html"))
        .collect();
    assert!(!journeys.is_empty());
    for page in journeys {
        let id = page
            .trim_start_matches("journeys/")
            .trim_end_matches(".html");
        let links = out
            .page(&page)
            .attrs("p.diagram a[type='text/plain']", "href");
        assert_eq!(links, [format!("{id}.mmd")], "{page}");
        let exported = site.run(&["export", "mermaid", id, "--site", "site"]);
        exported.success();
        assert_eq!(out.read(&format!("journeys/{id}.mmd")), exported.stdout);
    }
    // A frozen page has no diagram of its own to link to.
    let frozen = out.page("releases/2026-Q1/journeys/buy.html");
    assert!(frozen.select("a[href$='.mmd']").is_empty());
}
