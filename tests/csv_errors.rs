//! Bad metric CSVs: a missing column, unknown stages and metrics, and values, targets
//! and periods that do not parse, each reported at its row and column (counted in
//! characters, in comma and semicolon files alike), every bad row in one run.
//!
//! The journey `buy` of the minimal site has the stages `search` and `purchase`;
//! site.yaml defines the metrics `visitors` and `csat`.
//!
//! Each test starts from a valid site, builds it, breaks one thing and builds again (see
//! `common::build_error`): the build exits with 1, writes nothing and leaves the previous
//! output as it was.

mod common;

use common::{build_error, Site};

#[test]
fn csv_missing_required_column() {
    let run = build_error(&Site::minimal(), |site| {
        site.metrics("buy", "period,stage,value\n2026-Q1,search,1000\n");
    });
    let d = run.diagnostic("site/metrics/buy.csv:1:1");
    assert_eq!(d.message, "missing column `metric`");
    assert_eq!(d.source.as_deref(), Some("period,stage,value"));
    assert_eq!(
        d.hint.as_deref(),
        Some("the header found is: period, stage, value; a metrics CSV needs the columns period, stage, metric and value (target, segment and journey are optional)")
    );
}

#[test]
fn csv_unknown_stage() {
    let run = build_error(&Site::minimal(), |site| {
        site.metrics(
            "buy",
            "period,stage,metric,value\n2026-Q1,search,visitors,1000\n2026-Q1,checkout,visitors,100\n",
        );
    });
    let d = run.diagnostic("site/metrics/buy.csv:3:9");
    assert_eq!(d.message, "no stage `checkout` in journey `buy`");
    assert_eq!(d.source.as_deref(), Some("2026-Q1,checkout,visitors,100"));
    assert_eq!(d.caret, Some(9));
    assert_eq!(
        d.hint.as_deref(),
        Some("stages of journey buy: search, purchase")
    );
}

#[test]
fn csv_unknown_metric() {
    let run = build_error(&Site::minimal(), |site| {
        site.metrics(
            "buy",
            "period,stage,metric,value\n2026-Q1,search,Visitors,1000\n",
        );
    });
    let d = run.diagnostic("site/metrics/buy.csv:2:16");
    assert_eq!(d.message, "no metric `Visitors` in site.yaml");
    assert_eq!(
        d.hint.as_deref(),
        Some("did you mean `visitors`? metrics defined in site.yaml: csat, visitors; a new metric is declared under `metrics:` in site.yaml")
    );
}

#[test]
fn csv_value_not_a_number() {
    let run = build_error(&Site::minimal(), |site| {
        site.metrics(
            "buy",
            "period,stage,metric,value,target\n2026-Q1,search,visitors,1000,\n2026-Q1,purchase,visitors,about 90,\n",
        );
    });
    let d = run.diagnostic("site/metrics/buy.csv:3:27");
    assert_eq!(
        d.message,
        "`about 90` is not a number: expected e.g. 1200, 3.5 or 3,5"
    );
    assert_eq!(d.caret, Some(27));
}

#[test]
fn csv_target_not_a_number() {
    let run = build_error(&Site::minimal(), |site| {
        site.metrics(
            "buy",
            "period,stage,metric,value,target\n2026-Q1,purchase,csat,4.1,n/a\n",
        );
    });
    let d = run.diagnostic("site/metrics/buy.csv:2:27");
    assert_eq!(
        d.message,
        "`n/a` is not a number: expected e.g. 1200, 3.5 or 3,5"
    );
}

#[test]
fn csv_bad_period() {
    let run = build_error(&Site::minimal(), |site| {
        site.metrics(
            "buy",
            "period,stage,metric,value\n2026-Q1,search,visitors,1000\nQ2 2026,search,visitors,1100\n",
        );
    });
    let d = run.diagnostic("site/metrics/buy.csv:3:1");
    assert_eq!(
        d.message,
        "`Q2 2026` is not a period: expected YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD or YYYY-Www (such as 2026, 2026-Q1, 2026-03, 2026-03-15 or 2026-W11)"
    );
}

#[test]
fn csv_errors_in_a_semicolon_file_are_located_by_character() {
    let run = build_error(&Site::minimal(), |site| {
        site.metrics(
            "buy",
            "period;stage;metric;value;target\r\n2026-Q1;search;visitors;1000;\r\n2026-Q1;purchase;csat;4,1;vier\r\n",
        );
    });
    let d = run.diagnostic("site/metrics/buy.csv:3:27");
    assert_eq!(
        d.message,
        "`vier` is not a number: expected e.g. 1200, 3.5 or 3,5"
    );
    assert_eq!(d.source.as_deref(), Some("2026-Q1;purchase;csat;4,1;vier"));
}

#[test]
fn every_bad_row_of_a_csv_is_reported() {
    let run = build_error(&Site::minimal(), |site| {
        site.metrics(
            "buy",
            "period,stage,metric,value\n2026-Q5,search,visitors,1000\n2026-Q1,serch,visitors,100\n2026-Q1,purchase,visits,100\n",
        );
    });
    let locations: Vec<String> = run.diagnostics().into_iter().map(|d| d.location).collect();
    assert_eq!(
        locations,
        [
            "site/metrics/buy.csv:2:1",
            "site/metrics/buy.csv:3:9",
            "site/metrics/buy.csv:4:18",
        ]
    );
}

#[test]
fn a_negative_count_is_an_error_at_its_value() {
    let run = build_error(&Site::minimal(), |site| {
        site.metrics(
            "buy",
            "period,stage,metric,value,target\n2026-Q1,search,visitors,1000,\n2026-Q1,purchase,visitors,-412,\n2026-Q1,purchase,csat,4,-1\n",
        );
    });
    let d = run.diagnostic("site/metrics/buy.csv:3:27");
    assert_eq!(
        d.message,
        "value -412 of metric `visitors` is below 0, and a count cannot be"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("site.yaml sets `unit: count` for `visitors`: it counts customers or events")
    );
    // A score is no count: its target of -1 is not refused.
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);
}

#[test]
fn numbers_that_are_not_finite_are_errors_at_their_field() {
    let run = build_error(&Site::minimal(), |site| {
        site.metrics(
            "buy",
            "period,stage,metric,value,target\n2026-Q1,search,visitors,NaN,\n2026-Q1,purchase,visitors,inf,\n2026-Q1,purchase,csat,4,1e309\n",
        );
    });
    let messages: Vec<(String, String)> = run
        .diagnostics()
        .into_iter()
        .map(|d| (d.location, d.message))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "site/metrics/buy.csv:2:25".to_string(),
                "`NaN` is not a number: expected e.g. 1200, 3.5 or 3,5".to_string()
            ),
            (
                "site/metrics/buy.csv:3:27".to_string(),
                "`inf` is not a number: expected e.g. 1200, 3.5 or 3,5".to_string()
            ),
            (
                "site/metrics/buy.csv:4:25".to_string(),
                "`1e309` is too large a number".to_string()
            ),
        ]
    );
}

#[test]
fn a_quote_never_closed_is_reported_where_it_opens() {
    let run = build_error(&Site::minimal(), |site| {
        site.metrics(
            "buy",
            "period,stage,metric,value\n2026-Q1,search,\"visitors,1000\n2026-Q1,purchase,visitors,100\n",
        );
    });
    let d = run.diagnostic("site/metrics/buy.csv:2:16");
    assert_eq!(
        d.message,
        "this quote is never closed, so the rest of the file is read as one value"
    );
    assert_eq!(d.caret, Some(16));
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);
}

#[test]
fn a_utf16_csv_is_named_as_such() {
    let csv = "period,stage,metric,value\n2026-Q1,search,visitors,1000\n";
    for bom in [&[0xFF, 0xFE][..], &[]] {
        let run = build_error(&Site::minimal(), |site| {
            let mut bytes = bom.to_vec();
            bytes.extend(csv.encode_utf16().flat_map(u16::to_le_bytes));
            std::fs::write(site.dir().join("metrics/buy.csv"), bytes).unwrap();
        });
        let d = run.diagnostic("site/metrics/buy.csv:1:1");
        assert_eq!(
            d.message,
            "the file is UTF-16: save it as UTF-8 (CSV UTF-8 in Excel)"
        );
        assert!(!run.stderr.contains("missing column"), "{}", run.stderr);
    }
}
