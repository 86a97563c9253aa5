//! `waymark import sheet FILE --persona ID`: journey maps kept in spreadsheets (lanes as
//! rows and stages as columns as in the NN/g template, or transposed; labels in English,
//! Russian or Latvian; `;` or `,`, a BOM, CRLF) become journeys that `waymark check`
//! accepts. Unknown lanes are warnings at their cell; values that cannot be read are
//! errors at their cell, and nothing is written. `export sheet` writes the wide layout
//! for Excel in any locale.

mod common;
mod interop;

use interop::{checks_clean, fixture, front, import, journey_files, outline, site, TODAY};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_sheet_laid_out_like_the_nng_template() {
    let site = site();
    let file = fixture(&site, "nng-template.csv");
    let run = import(&site, "sheet", &file, &["--id", "switching"]);
    run.success();
    let front = front(&site, "switching");
    // No title row: the title comes from the file's name.
    assert_eq!(front.title, "Nng template");
    assert_eq!(
        front.scenario,
        "Anna's bill went up 30 %; she wants a cheaper, greener tariff before winter"
    );
    assert_eq!(front.updated.unwrap().to_string(), TODAY);
    assert!(front.draft);
    let outline = outline(&front);
    let ids: Vec<&str> = outline.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(ids, ["discover", "compare", "sign-up", "first-bill"]);
    // 2..5 on the scale 1..5, mapped with a note.
    let emotions: Vec<Option<i64>> = outline.iter().map(|s| s.3).collect();
    assert_eq!(emotions, [Some(-1), Some(0), Some(1), Some(2)]);
    assert!(
        run.stderr
            .contains("note: the emotions are read on the scale from 1 to 5"),
        "{}",
        run.stderr
    );
    assert_eq!(
        outline[0].2,
        strings(&[
            "Sees a bill 30 % higher than last year",
            "Asks friends what they pay"
        ])
    );
    // One line: the items are split at `;`.
    assert_eq!(
        outline[1].2,
        strings(&["Uses a comparison site", "reads reviews"])
    );
    let compare = &front.stages[1];
    assert_eq!(
        front.stages[0].thoughts,
        strings(&["\"Why is it so expensive?\""])
    );
    assert_eq!(front.stages[0].pain_points[0].severity.as_str(), "high");
    // A pain point without a severity gets `medium`, and a note says so.
    assert_eq!(compare.pain_points[0].severity.as_str(), "medium");
    assert!(
        run.stderr.contains("note: 1 pain point without a severity"),
        "{}",
        run.stderr
    );
    let opportunity = &compare.opportunities[0];
    assert_eq!(&*opportunity.text, "Plain-language tariff table");
    assert_eq!(
        (
            opportunity.impact.as_str(),
            opportunity.effort.as_str(),
            opportunity.owner.as_deref()
        ),
        ("high", "low", Some("Web team"))
    );
    // Rows of other templates are warnings at their label; the heading row is skipped.
    let expectations = run.diagnostic("nng-template.csv:4:1");
    assert_eq!(expectations.severity, "warning");
    assert!(
        expectations.message.contains("unknown lane `Expectations`"),
        "{}",
        expectations.message
    );
    assert!(run
        .diagnostic("nng-template.csv:12:1")
        .message
        .contains("unknown lane `Weather`"));
    assert_eq!(run.diagnostics().len(), 2, "{}", run.stderr);
    checks_clean(&site);
}

#[test]
fn a_transposed_sheet_has_one_stage_a_row() {
    let site = site();
    let file = fixture(&site, "transposed.csv");
    import(&site, "sheet", &file, &[]).success();
    let front = front(&site, "transposed");
    assert_eq!(front.title, "Onboarding a new office");
    assert_eq!(front.owner, "B2B team");
    let outline = outline(&front);
    assert_eq!(
        outline,
        [
            (
                "kick-off".into(),
                "Kick-off".into(),
                strings(&["Signs the contract", "Books the kick-off call"]),
                Some(1)
            ),
            (
                "install".into(),
                "Install".into(),
                strings(&["Receives 40 boxes"]),
                Some(-1)
            ),
            (
                "daily-use".into(),
                "Daily use".into(),
                strings(&["Checks filter status"]),
                Some(0)
            ),
        ]
    );
    let touchpoint = &front.stages[0].touchpoints[0];
    assert_eq!(touchpoint.name, "Account manager");
    assert_eq!(touchpoint.channel, "phone");
    assert_eq!(touchpoint.kind.map(|k| k.as_str()), Some("direct"));
    assert_eq!(touchpoint.mode.map(|m| m.as_str()), Some("offline"));
    assert_eq!(front.stages[1].touchpoints[0].channel, "");
    let pain = &front.stages[1].pain_points[0];
    assert_eq!(
        pain.id.as_ref().map(|i| i.as_str()),
        Some("packaging-waste")
    );
    assert_eq!(&*pain.text, "40 boxes and 80 foam inserts");
    checks_clean(&site);
}

#[test]
fn a_russian_sheet_with_semicolons_a_bom_and_crlf() {
    let site = site();
    let file = fixture(&site, "russian.csv");
    let run = import(&site, "sheet", &file, &["--id", "uvlazhnitel"]);
    run.success();
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
    let front = front(&site, "uvlazhnitel");
    assert_eq!(front.title, "Покупка увлажнителя");
    let outline = outline(&front);
    assert_eq!(
        outline,
        [
            (
                "poisk".into(),
                "Поиск".into(),
                strings(&["Ищет \"сухой воздух\"", "Спрашивает в аптеке"]),
                Some(-1)
            ),
            (
                "vybor".into(),
                "Выбор".into(),
                strings(&["Сравнивает модели"]),
                Some(0)
            ),
            (
                "pokupka".into(),
                "Покупка".into(),
                strings(&["Оформляет заказ"]),
                Some(-2)
            ),
        ]
    );
    assert_eq!(front.stages[0].goal, "Понять, почему сухо");
    assert_eq!(front.stages[0].touchpoints[0].channel, "web");
    assert_eq!(
        front.stages[1].opportunities[0].addresses[0].as_str(),
        "noise"
    );
    checks_clean(&site);
}

/// The sheet `text` imported into a fresh site: it must fail with exit 1 at `location`
/// and write nothing.
fn fails_at(text: impl AsRef<[u8]>, location: &str, message: &str) {
    let site = site();
    std::fs::write(site.root().join("bad.csv"), text.as_ref()).unwrap();
    let before = journey_files(&site);
    let run = import(&site, "sheet", "bad.csv", &[]);
    run.code(1);
    let error = run.diagnostic(&format!("bad.csv:{location}"));
    assert_eq!(error.severity, "error");
    assert!(error.message.contains(message), "{}", error.message);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(journey_files(&site), before);
}

#[test]
fn values_that_cannot_be_read_are_errors_at_their_cell() {
    fails_at(
        "Stage;A;B\nEmotion;1;happy\n",
        "2:11",
        "`happy` is not an emotion",
    );
    fails_at("Stage;A;B\nEmotion;1,5;0\n", "2:9", "not a whole number");
    fails_at(
        "Stage,A,B\nEmotion,-1,7\n",
        "2:12",
        "emotion 7 is outside the scales",
    );
    fails_at(
        "Stage,A,B\nEmotion,-1,4\n",
        "2:12",
        "other emotions of the sheet are below 1",
    );
    fails_at(
        "Stage,A\nPain points,\"Slow {severity: hgih}\"\n",
        "2:13",
        "unknown variant `hgih`",
    );
    fails_at(
        "Stage,A,B\nStage id,a,A b\n",
        "2:12",
        "stage id: `A b` is not a valid id",
    );
    fails_at(
        "Stage,A,B\nStage id,a,a\nGoal,x,y\n",
        "2:12",
        "duplicate stage id `a`",
    );
    fails_at("Kind,big\nStage,A\nGoal,x\n", "1:6", "`big` is not a kind");
    fails_at(
        "Updated,10/01/2026\nStage,A\nGoal,x\n",
        "1:9",
        "`10/01/2026` is not a date",
    );
    fails_at(
        "Stage,A\nOpportunities,\"Fix {impact: high, effort: low, addresses: [nope]}\"\n",
        "1:7",
        "names no pain point `nope`",
    );
    fails_at("Colour,red\nSize,big\n", "1:1", "no lane labels found");
    fails_at(b"Goal,\"a\xff\"\n", "1:7", "not valid UTF-8");
}

#[test]
fn export_writes_the_wide_sheet_for_excel() {
    let site = site();
    let run = site.run(&[
        "export", "sheet", "buy", "--site", "site", "--out", "buy.csv",
    ]);
    run.success();
    assert!(run.stderr.contains("wrote buy.csv"), "{}", run.stderr);
    let bytes = std::fs::read(site.root().join("buy.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBFTitle;Buying online\r\n"),
        "{:?}",
        String::from_utf8_lossy(&bytes)
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines.contains(&"Stage;Search;Purchase"), "{text}");
    assert!(lines.contains(&"Stage id;search;purchase"), "{text}");
    assert!(lines.contains(&"Emotion;-1;1"), "{text}");
    assert!(
        lines.contains(&"Pain points;Slow pages { id: slow, severity: high };"),
        "{text}"
    );
    // An existing file is left as it is without --force.
    let run = site.run(&[
        "export", "sheet", "buy", "--site", "site", "--out", "buy.csv",
    ]);
    run.code(2);
    assert!(
        run.stderr.contains("buy.csv exists already"),
        "{}",
        run.stderr
    );
    // Printed, it is the same bytes.
    let printed = site
        .command()
        .args(["export", "sheet", "buy", "--site", "site"])
        .output()
        .unwrap();
    assert_eq!(
        printed.stdout,
        std::fs::read(site.root().join("buy.csv")).unwrap()
    );
}
