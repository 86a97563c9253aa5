//! Any bytes as a metrics CSV: the reader must return series and diagnostics, never
//! panic, hang or exhaust memory, whatever the delimiter, quoting, numbers or periods.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use waymark::metrics::{read_metrics, MetricsSchema, MAX_DIAGNOSTICS};
use waymark::model::{Better, Id, MetricDef, Unit};

struct Schema {
    metrics: BTreeMap<String, MetricDef>,
    journeys: BTreeMap<Id, Vec<Id>>,
}

fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let id = |s: &str| Id::try_from(s.to_string()).unwrap();
        let metric = |label: &str, min, max| MetricDef {
            label: label.into(),
            unit: Unit::Number,
            better: Better::Higher,
            funnel: false,
            min,
            max,
            satisfaction: false,
        };
        let metrics = BTreeMap::from([
            ("visitors".to_string(), metric("Visitors", Some(0.0), None)),
            ("csat".to_string(), metric("CSAT", Some(1.0), Some(5.0))),
        ]);
        let journeys = BTreeMap::from([
            (
                id("store-advice-blueprint"),
                ["welcome", "advice", "purchase"].map(id).to_vec(),
            ),
            (
                id("birojs"),
                ["awareness", "compare", "checkout"].map(id).to_vec(),
            ),
        ]);
        Schema { metrics, journeys }
    })
}

fuzz_target!(|data: &[u8]| {
    let schema = schema();
    let schema = MetricsSchema {
        metrics: &schema.metrics,
        journeys: &schema.journeys,
    };
    let path = Path::new("metrics/store-advice-blueprint.csv");
    let (series, diagnostics) = read_metrics(data, path, "store-advice-blueprint", &schema);
    assert!(diagnostics.len() <= MAX_DIAGNOSTICS + 1);
    for (journey, metrics) in &series {
        let stages = &schema.journeys[journey];
        for s in &metrics.series {
            assert!(stages.contains(&s.stage));
            assert!(schema.metrics.contains_key(&*s.metric));
            assert!(!s.points.is_empty());
            for p in &s.points {
                assert!(p.value.is_finite());
            }
        }
    }
});
