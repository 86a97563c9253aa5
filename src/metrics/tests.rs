//! Tests of the CSV reader as a whole.

use super::*;
use crate::model::{Id, MetricDef, Unit};

mod errors;

fn id(s: &str) -> Id {
    Id::try_from(s.to_string()).unwrap()
}

fn metric(min: Option<f64>, max: Option<f64>) -> MetricDef {
    MetricDef {
        label: "x".into(),
        unit: Unit::Number,
        better: crate::model::Better::Higher,
        funnel: false,
        min,
        max,
        satisfaction: false,
    }
}

struct Fixture {
    metrics: BTreeMap<String, MetricDef>,
    journeys: BTreeMap<Id, Vec<Id>>,
}

fn fixture() -> Fixture {
    let mut metrics = BTreeMap::new();
    metrics.insert("visitors".to_string(), metric(Some(0.0), None));
    metrics.insert(
        "conversion_rate".to_string(),
        metric(Some(0.0), Some(100.0)),
    );
    metrics.insert("nps".to_string(), metric(None, None));
    let mut journeys = BTreeMap::new();
    journeys.insert(
        id("buying"),
        ["awareness", "consideration", "purchase"].map(id).to_vec(),
    );
    journeys.insert(id("renewal"), ["reminder", "renew"].map(id).to_vec());
    Fixture { metrics, journeys }
}

fn read_as(data: &[u8], journey: &str) -> (BTreeMap<Id, JourneyMetrics>, Vec<Diagnostic>) {
    let f = fixture();
    let schema = MetricsSchema {
        metrics: &f.metrics,
        journeys: &f.journeys,
    };
    read_metrics(data, Path::new("metrics/buying.csv"), journey, &schema)
}

fn read(data: &str) -> (BTreeMap<Id, JourneyMetrics>, Vec<Diagnostic>) {
    read_as(data.as_bytes(), "buying")
}

/// (line, column, message) of each diagnostic.
fn errors(data: &str) -> Vec<(usize, usize, String)> {
    let (_, diags) = read(data);
    diags
        .into_iter()
        .map(|d| (d.line, d.column, d.message))
        .collect()
}

fn one_error(data: &str) -> Diagnostic {
    let (_, diags) = read(data);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    diags.into_iter().next().unwrap()
}

/// (metric, stage, segment, [(period, value, target)]) of each series of `buying`.
type Flat = Vec<(
    String,
    String,
    Option<String>,
    Vec<(String, f64, Option<f64>)>,
)>;

fn flat(metrics: &BTreeMap<Id, JourneyMetrics>, journey: &str) -> Flat {
    metrics[journey]
        .series
        .iter()
        .map(|s| {
            let points = s
                .points
                .iter()
                .map(|p| (p.period.label(), p.value, p.target))
                .collect();
            (
                s.metric.to_string(),
                s.stage.to_string(),
                s.segment.clone(),
                points,
            )
        })
        .collect()
}

fn series(
    metric: &str,
    stage: &str,
    segment: Option<&str>,
    points: &[(&str, f64, Option<f64>)],
) -> Flat {
    let points = points
        .iter()
        .map(|(p, v, t)| (p.to_string(), *v, *t))
        .collect();
    vec![(
        metric.into(),
        stage.into(),
        segment.map(String::from),
        points,
    )]
}

#[test]
fn reads_and_sorts_series_and_points() {
    let (m, diags) = read(
        "period,stage,metric,value,target,segment\n\
         2026-Q2,purchase,visitors,10,,\n\
         2026-Q1,purchase,visitors,12,15,\n\
         2026-Q1,awareness,visitors,100,,web\n\
         2026-Q1,awareness,visitors,90,,\n\
         2026-Q1,awareness,conversion_rate,3.1,4.0,\n\
         2026-Q1,awareness,visitors,80,,app\n",
    );
    assert!(diags.is_empty(), "{diags:#?}");
    let expected: Flat = [
        series(
            "conversion_rate",
            "awareness",
            None,
            &[("2026-Q1", 3.1, Some(4.0))],
        ),
        series("visitors", "awareness", None, &[("2026-Q1", 90.0, None)]),
        series(
            "visitors",
            "awareness",
            Some("app"),
            &[("2026-Q1", 80.0, None)],
        ),
        series(
            "visitors",
            "awareness",
            Some("web"),
            &[("2026-Q1", 100.0, None)],
        ),
        series(
            "visitors",
            "purchase",
            None,
            &[("2026-Q1", 12.0, Some(15.0)), ("2026-Q2", 10.0, None)],
        ),
    ]
    .concat();
    assert_eq!(flat(&m, "buying"), expected);
    assert_eq!(m.len(), 1);
}

#[test]
fn reads_a_semicolon_file_with_bom_crlf_decimal_commas_and_quotes() {
    let data = "\u{feff}Period;Stage;Metric;Value;Target\r\n\
                2026-q1;awareness;visitors;\"12 000\";\r\n\
                \"2026-Q2\";\"awareness\";visitors;\"12.500\";\"13.000,5\"\r\n\
                2026-Q1;purchase;conversion_rate;3,1;4,0\r\n";
    let (m, diags) = read(data);
    assert!(diags.is_empty(), "{diags:#?}");
    let expected: Flat = [
        series(
            "conversion_rate",
            "purchase",
            None,
            &[("2026-Q1", 3.1, Some(4.0))],
        ),
        series(
            "visitors",
            "awareness",
            None,
            &[("2026-Q1", 12000.0, None), ("2026-Q2", 12.5, Some(13000.5))],
        ),
    ]
    .concat();
    assert_eq!(flat(&m, "buying"), expected);
}

#[test]
fn comma_file_reads_quoted_thousands() {
    let (m, diags) = read("period,stage,metric,value\n2026,purchase,visitors,\"12,000\"\n2027,purchase,visitors,\"3,5\"\n");
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(
        flat(&m, "buying"),
        series(
            "visitors",
            "purchase",
            None,
            &[("2026", 12000.0, None), ("2027", 3.5, None)]
        )
    );
}

#[test]
fn columns_in_any_order_and_case_with_extra_columns_and_tabs() {
    let data = " VALUE \tnotes\tMetric\tstage\tPERIOD\n5\tfirst\tnps\tpurchase\t2026-03\n";
    let (m, diags) = read(data);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(
        flat(&m, "buying"),
        series("nps", "purchase", None, &[("2026-03", 5.0, None)])
    );
}

#[test]
fn a_journey_column_routes_rows() {
    let data = "journey,period,stage,metric,value\n\
                renewal,2026,renew,nps,10\n\
                ,2026,purchase,nps,20\n\
                buying,2027,purchase,nps,30\n";
    let (m, diags) = read(data);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(
        flat(&m, "renewal"),
        series("nps", "renew", None, &[("2026", 10.0, None)])
    );
    assert_eq!(
        flat(&m, "buying"),
        series(
            "nps",
            "purchase",
            None,
            &[("2026", 20.0, None), ("2027", 30.0, None)]
        )
    );
    // A file not named after a journey is fine while every row names one.
    let (m, diags) = read_as(
        b"journey,period,stage,metric,value\nrenewal,2026,renew,nps,1\n",
        "all",
    );
    assert!(diags.is_empty() && m.contains_key("renewal"), "{diags:#?}");
    let (_, diags) = read_as(
        b"journey,period,stage,metric,value\n,2026,renew,nps,1\n",
        "all",
    );
    assert_eq!((diags[0].line, diags[0].column), (2, 1));
    assert!(
        diags[0].message.contains("`all` is not a journey"),
        "{}",
        diags[0].message
    );
}
