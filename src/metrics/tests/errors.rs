//! Tests of what the reader reports, and where.

use super::*;
use std::path::PathBuf;

#[test]
fn unknown_names_are_errors_at_their_field() {
    let h = "period,stage,metric,value\n";
    let d = one_error(&format!("{h}2026,checkout,visitors,1\n"));
    assert_eq!((d.line, d.column), (2, 6));
    assert_eq!(d.message, "no stage `checkout` in journey `buying`");
    assert_eq!(
        d.hint.as_deref(),
        Some("stages of journey buying: awareness, consideration, purchase")
    );

    let d = one_error(&format!("{h}2026,purchase,Visitors,1\n"));
    assert_eq!((d.line, d.column), (2, 15));
    let hint = d.hint.unwrap();
    assert!(hint.starts_with("did you mean `visitors`?"), "{hint}");
    assert!(
        hint.contains("metrics defined in site.yaml: conversion_rate, nps, visitors"),
        "{hint}"
    );
    assert!(hint.contains("under `metrics:` in site.yaml"), "{hint}");

    let d = one_error("period,journey,stage,metric,value\n2026,selling,a,nps,1\n");
    assert_eq!(
        (d.line, d.column, d.message.as_str()),
        (2, 6, "no journey `selling`")
    );
    assert_eq!(d.hint.as_deref(), Some("known journeys: buying, renewal"));

    let (m, diags) = read_as(b"period,stage,metric,value\n2026,a,nps,1\n", "selling");
    assert!(m.is_empty());
    assert_eq!(diags.len(), 1);
    assert_eq!((diags[0].line, diags[0].column), (1, 1));
    assert_eq!(
        diags[0].message,
        "no journey `selling`: a metrics file is named after its journey"
    );
}

#[test]
fn bad_values_are_errors_at_their_field() {
    let h = "period,stage,metric,value,target\n";
    assert_eq!(
        errors(&format!(
            "{h}2026,purchase,nps,12a,\n2026,awareness,nps,1,x\n"
        )),
        [
            (
                2,
                19,
                "`12a` is not a number: expected e.g. 1200, 3.5 or 3,5".to_string()
            ),
            (
                3,
                22,
                "`x` is not a number: expected e.g. 1200, 3.5 or 3,5".to_string()
            ),
        ]
    );
    let d = one_error(&format!("{h}2026,purchase,conversion_rate,120,\n"));
    assert_eq!((d.line, d.column), (2, 31));
    assert_eq!(
        d.message,
        "value 120 of metric `conversion_rate` is above the maximum 100"
    );
    let d = one_error(&format!("{h}2026,purchase,visitors,-1,\n"));
    assert!(d.message.contains("below the minimum 0"), "{}", d.message);

    let d = one_error(&format!("{h}2026-Q5,purchase,nps,1,\n"));
    assert_eq!((d.line, d.column), (2, 1));
    assert!(d.message.contains("Q4") && d.hint.unwrap().contains("YYYY-Www"));
    let d = one_error(&format!("{h}next year,purchase,nps,1,\n"));
    assert!(
        d.message
            .contains("YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD or YYYY-Www"),
        "{}",
        d.message
    );
}

#[test]
fn empty_and_missing_fields() {
    let h = "period,stage,metric,value,target\n";
    assert_eq!(
        errors(&format!("{h}2026,,nps,,\n")),
        [
            (
                2,
                6,
                "empty `stage`: every row needs a period, stage, metric and value".to_string()
            ),
            (
                2,
                11,
                "empty `value`: every row needs a period, stage, metric and value".to_string()
            ),
        ]
    );
    let d = one_error(&format!("{h}2026,purchase,nps\n"));
    assert_eq!((d.line, d.column), (2, 18));
    assert!(
        d.message.contains("has 3 fields but the header needs 4"),
        "{}",
        d.message
    );
    // A trailing optional column may be left out; rows of bare delimiters are skipped.
    let (m, diags) = read(&format!("{h}2026,purchase,nps,1\n,,,,\n\n;\n"));
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].line, 5);
    assert_eq!(m["buying"].series.len(), 1);
}

#[test]
fn header_problems() {
    let d = one_error("Period;Stage;Amount\n2026;a;1\n");
    assert_eq!((d.line, d.column), (1, 1));
    assert_eq!(d.message, "missing columns `metric`, `value`");
    assert!(d
        .hint
        .unwrap()
        .starts_with("the header found is: period, stage, amount;"));
    let d = one_error("period,stage,metric\n");
    assert_eq!(d.message, "missing column `value`");
    for empty in ["", "\u{feff}", "\n\n", "\r\n"] {
        let d = one_error(empty);
        assert_eq!((d.line, d.column), (1, 1));
        assert!(
            d.message.starts_with("empty file: expected a header row"),
            "{}",
            d.message
        );
    }
    let e = errors("period,stage,metric,value,value\n2026,purchase,nps,1,2\n");
    assert_eq!(
        e,
        [(
            1,
            27,
            "column `value` appears twice (also column 4 of the header)".to_string()
        )]
    );
}

#[test]
fn invalid_utf8_is_an_error_at_its_line() {
    let (m, diags) = read_as(
        b"period,stage,metric,value,segment\n2026,purchase,nps,1,Z\xfcrich\n2027,purchase,nps,2,\n",
        "buying",
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!((diags[0].line, diags[0].column), (2, 21));
    assert!(diags[0].message.contains("UTF-8"));
    assert_eq!(m["buying"].series[0].points.len(), 1);
}

#[test]
fn duplicates_name_the_first_line() {
    let data = "period,stage,metric,value,segment\n\
                2026-Q1,purchase,nps,1,\n\
                2026-q1,purchase,nps,2,\n\
                2026-Q1,purchase,nps,3,web\n\
                2026-Q1,purchase,nps,4, web \n";
    let (m, diags) = read(data);
    let lines: Vec<_> = diags.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(lines, [(3, 1), (5, 1)]);
    assert_eq!(
        diags[0].message,
        "duplicate observation: `nps` at stage `purchase` in 2026-Q1 is already given on line 2"
    );
    assert!(diags[1].message.contains("segment `web`") && diags[1].message.ends_with("line 4"));
    assert_eq!(m["buying"].series[0].points[0].value, 1.0);
}

#[test]
fn line_numbers_survive_blank_lines_and_quoted_line_breaks() {
    let data = "\n\nperiod,stage,metric,value,note\n\n2026,purchase,nps,1,\"a\nb\"\r\n\r\n2026,nope,nps,1\r\n";
    assert_eq!(
        errors(data),
        [(8, 6, "no stage `nope` in journey `buying`".to_string())]
    );
    let e = errors("period,note,stage,metric,value\n2026,\"multi\nline\",x,nps,1\n");
    assert_eq!((e[0].0, e[0].1), (3, 7));
}

#[test]
fn errors_are_capped() {
    let mut data = String::from("period,stage,metric,value\n");
    for _ in 0..1000 {
        data.push_str("2026,nope,nps,1\n");
    }
    let (_, diags) = read(&data);
    assert_eq!(diags.len(), MAX_DIAGNOSTICS + 1);
    assert_eq!(
        diags[MAX_DIAGNOSTICS].message,
        "too many errors (100); stopping"
    );
    assert_eq!(diags[MAX_DIAGNOSTICS - 1].line, 101);
}

#[test]
fn garbage_never_panics() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut bytes = Vec::new();
    for _ in 0..200_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        bytes.push((seed >> 24) as u8);
    }
    let _ = read_as(&bytes, "buying");
    let mut data = b"period,stage,metric,value\n".to_vec();
    data.extend_from_slice(&bytes);
    let (_, diags) = read_as(&data, "buying");
    assert!(!diags.is_empty() && diags.len() <= MAX_DIAGNOSTICS + 1);
    let mut long = b"period,stage,metric,value\n2026,purchase,nps,".to_vec();
    long.extend(vec![b'9'; 10_000_000]);
    let (_, diags) = read_as(&long, "buying");
    assert_eq!(diags.len(), 1);
    assert!(
        diags[0].message.contains("too large"),
        "{}",
        diags[0].message
    );
    let (_, diags) = read_as(&long[26..], "buying");
    assert!(diags[0].message.starts_with("missing columns"));
}

#[test]
fn mutated_files_never_panic() {
    let base = "\u{feff}journey;period;stage;metric;value;target;segment\r\n\
                buying;2026-Q1;purchase;nps;\"1 234,5\";3,1%;web\r\n\
                renewal;2026-W05;renew;visitors;12.000;;\r\n\
                ;2026-02-28;awareness;conversion_rate;3,5;\"4\";\n";
    let alphabet = b",;\t\"\r\n -.%e09Qw\xef\xbb\xbf\xc3\xa9\x00\xff";
    let mut seed = 88_172_645_463_325_252u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed as usize
    };
    for _ in 0..3000 {
        let mut data = base.as_bytes().to_vec();
        for _ in 0..next() % 6 + 1 {
            let at = next() % (data.len() + 1);
            let byte = alphabet[next() % alphabet.len()];
            match next() % 3 {
                0 if at < data.len() => data[at] = byte,
                1 if at < data.len() => drop(data.remove(at)),
                _ => data.insert(at, byte),
            }
        }
        let (_, diags) = read_as(&data, "buying");
        let text = String::from_utf8_lossy(&data);
        for d in diags {
            let _ = d.render(Some(&text));
        }
    }
}

#[test]
fn missing_file_is_an_error_at_zero() {
    let f = fixture();
    let schema = MetricsSchema {
        metrics: &f.metrics,
        journeys: &f.journeys,
    };
    let path = PathBuf::from("/nonexistent/waymark/buying.csv");
    let (m, diags) = read_metrics_file(&path, Path::new("buying.csv"), "buying", &schema);
    assert!(m.is_empty());
    assert_eq!((diags[0].line, diags[0].column), (0, 0));
}

/// Reads `data` with a count metric `orders`, a funnel metric `steps` (in points) and a
/// score `delta` that may go below 0.
fn read_counts(data: &str) -> Vec<(usize, usize, String)> {
    let mut f = fixture();
    let def = |unit, funnel| MetricDef {
        unit,
        funnel,
        ..metric(None, None)
    };
    f.metrics.insert("orders".into(), def(Unit::Count, false));
    f.metrics.insert("steps".into(), def(Unit::Number, true));
    f.metrics.insert("delta".into(), def(Unit::Score, false));
    let schema = MetricsSchema {
        metrics: &f.metrics,
        journeys: &f.journeys,
    };
    let (_, diags) = read_metrics(data.as_bytes(), Path::new("m.csv"), "buying", &schema);
    diags
        .into_iter()
        .map(|d| (d.line, d.column, d.message))
        .collect()
}

#[test]
fn a_count_below_zero_is_an_error_at_its_field() {
    let h = "period,stage,metric,value,target\n";
    let rows = "2026,purchase,orders,-41.2,\n2026,awareness,steps,-3,\n\
                2026,purchase,delta,-4,-2\n2026,consideration,orders,5,-1\n2026,awareness,orders,0,0\n";
    assert_eq!(
        read_counts(&format!("{h}{rows}")),
        [
            (
                2,
                22,
                "value -41.2 of metric `orders` is below 0, and a count cannot be".to_string()
            ),
            (
                3,
                22,
                "value -3 of metric `steps` is below 0, and a count cannot be".to_string()
            ),
            (
                5,
                29,
                "target -1 of metric `orders` is below 0, and a count cannot be".to_string()
            ),
        ]
    );
}

#[test]
fn numbers_that_are_not_finite_are_errors_at_their_field() {
    let h = "period,stage,metric,value,target\n";
    let rows = "2026,purchase,nps,NaN,\n2026,awareness,nps,inf,\n2026,consideration,nps,1,1e309\n\
                2026-Q1,purchase,nps,-Infinity,\n";
    let found = errors(&format!("{h}{rows}"));
    assert_eq!(
        found.iter().map(|(l, c, _)| (*l, *c)).collect::<Vec<_>>(),
        [(2, 19), (3, 20), (4, 26), (5, 22)]
    );
    assert!(found[0].2.starts_with("`NaN` is not a number"), "{found:?}");
    assert_eq!(found[2].2, "`1e309` is too large a number");
}

#[test]
fn an_unclosed_quote_is_an_error_where_it_opens() {
    let h = "period,stage,metric,value,target\n";
    let row = "2026,purchase,nps,1,\n";
    for (data, at) in [
        (format!("{h}2026,purchase,nps,\"1,\n{row}{row}"), (2, 19)),
        (format!("{h}{row}\"2026,purchase,nps,1,\n{row}"), (3, 1)),
        (format!("{h}{row}2026-Q2,purchase,nps,1,\""), (3, 24)),
        (format!("\"period,stage\n{row}"), (1, 1)),
        (format!("{h}2026,purchase,nps,\"1\n"), (2, 19)),
    ] {
        let found = errors(&data);
        assert_eq!(found.len(), 1, "{data:?}: {found:?}");
        assert_eq!((found[0].0, found[0].1), at, "{data:?}");
        assert!(
            found[0].2.starts_with("this quote is never closed"),
            "{found:?}"
        );
    }
    // Quoted values, even over two lines, are not unclosed.
    let (m, diags) = read(&format!("{h}2026,\"purchase\",nps,\"1,5\",\"2\"\n"));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(m["buying"].series[0].points[0].value, 1.5);
}

#[test]
fn a_utf16_file_is_named_as_such() {
    for bom in [&[][..], &[0xFF, 0xFE]] {
        let mut data = bom.to_vec();
        let text = "period,stage,metric,value\n2026,purchase,nps,1\n";
        data.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (_, diags) = read_as(&data, "buying");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].column), (1, 1));
        assert_eq!(
            diags[0].message,
            "the file is UTF-16: save it as UTF-8 (CSV UTF-8 in Excel)"
        );
    }
}
