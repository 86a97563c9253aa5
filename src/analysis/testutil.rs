//! Small hand-made sites for the analysis tests.

use crate::model::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub fn id(s: &str) -> Id {
    Id::try_from(s.to_string()).unwrap()
}

/// A period from `YYYY` or `YYYY-Qn`, the two forms the tests use.
pub fn period(label: &str) -> Period {
    let year: i32 = label[..4].parse().unwrap();
    let (month, kind) = match label.get(5..) {
        Some(q) => (3 * q[1..].parse::<u32>().unwrap() - 2, PeriodKind::Quarter),
        None => (1, PeriodKind::Year),
    };
    let start = Date {
        year,
        month,
        day: 1,
    }
    .days_since_epoch();
    Period::new(start, kind).unwrap()
}

pub fn series(
    stage: &str,
    metric: &str,
    segment: Option<&str>,
    points: &[(&str, f64, Option<f64>)],
) -> Series {
    Series {
        stage: id(stage),
        metric: metric.into(),
        segment: segment.map(str::to_string),
        points: points
            .iter()
            .map(|&(p, value, target)| Point {
                period: period(p),
                value,
                target,
            })
            .collect(),
        source: std::sync::Arc::from(std::path::Path::new("metrics/test.csv")),
        line: 2,
    }
}

pub fn metrics(series: Vec<Series>) -> JourneyMetrics {
    JourneyMetrics { series }
}

pub fn stage(stage_id: &str, emotion: Option<i64>) -> Stage {
    Stage {
        id: id(stage_id),
        name: format!("Stage {stage_id}").into(),
        goal: String::new(),
        actions: vec![],
        thoughts: vec![],
        emotion: emotion.map(|e| Emotion::try_from(e).unwrap()),
        touchpoints: vec![],
        pain_points: vec![],
        opportunities: vec![],
        blueprint: None,
    }
}

pub fn touchpoint(name: &str, channel: &str) -> Touchpoint {
    Touchpoint {
        name: name.to_string(),
        channel: channel.to_string(),
        kind: None,
        mode: None,
    }
}

pub fn pain(pain_id: Option<&str>, text: &str, severity: Severity) -> PainPoint {
    PainPoint {
        id: pain_id.map(id),
        text: text.into(),
        severity,
        tags: Vec::new(),
    }
}

pub fn opp(
    text: &str,
    impact: Level,
    effort: Level,
    status: Status,
    addresses: &[&str],
) -> Opportunity {
    Opportunity {
        id: None,
        text: text.into(),
        impact,
        effort,
        owner: None,
        status,
        addresses: addresses.iter().map(|a| id(a)).collect(),
        done_on: None,
        metric: None,
        experiment: None,
    }
}

pub fn journey(journey_id: &str, stages: Vec<Stage>) -> Journey {
    Journey {
        id: id(journey_id),
        front: JourneyFront {
            title: format!("Journey {journey_id}"),
            persona: id("anna"),
            kind: JourneyKind::CurrentState,
            scenario: String::new(),
            owner: String::new(),
            updated: None,
            compare_to: None,
            draft: false,
            stages,
        },
        body_html: String::new(),
        source: PathBuf::from(format!("journeys/{journey_id}.md")),
    }
}

pub fn def(label: &str, unit: Unit, better: Better, funnel: bool) -> MetricDef {
    MetricDef {
        label: label.to_string(),
        unit,
        better,
        funnel,
        min: None,
        max: None,
        satisfaction: false,
    }
}

/// The metrics every test site knows: a funnel count, a score and a lower-is-better duration.
pub fn metric_defs() -> BTreeMap<String, MetricDef> {
    BTreeMap::from([
        (
            "visitors".to_string(),
            def("Visitors", Unit::Count, Better::Higher, true),
        ),
        (
            "csat".to_string(),
            def("CSAT", Unit::Score, Better::Higher, false),
        ),
        (
            "time_in_stage".to_string(),
            def("Time in stage", Unit::Days, Better::Lower, false),
        ),
    ])
}

/// A site of one persona, `journeys` (sorted here) and their metric series.
pub fn site(mut journeys: Vec<Journey>, series: Vec<(&str, Vec<Series>)>) -> Site {
    journeys.sort_by(|a, b| a.id.cmp(&b.id));
    Site {
        root: PathBuf::from("site"),
        config: SiteConfig {
            title: "Test".to_string(),
            description: String::new(),
            base_url: "/".to_string(),
            language: "en".to_string(),
            theme: "default".to_string(),
            unsafe_html: false,
            repo_url: None,
            repo_branch: "main".to_string(),
            stale_after_days: 180,
            metrics: metric_defs(),
            feedback: Default::default(),
            search: true,
        },
        intro_html: None,
        personas: vec![Persona {
            id: id("anna"),
            front: PersonaFront {
                name: "Anna".to_string(),
                role: String::new(),
                segment: String::new(),
                goals: vec![],
                frustrations: vec![],
                motivations: vec![],
                channels: vec![],
                quote: None,
            },
            body_html: String::new(),
            source: PathBuf::from("personas/anna.md"),
        }],
        journeys,
        draft_personas: Vec::new(),
        metrics: series
            .into_iter()
            .map(|(journey_id, s)| (id(journey_id), metrics(s)))
            .collect(),
        feedback: BTreeMap::new(),
        static_files: vec![],
        releases: vec![],
        translations: vec![],
    }
}

/// Two journeys, `buy` and `support`, with touchpoints, pain points, opportunities and
/// CSAT metrics for `support`.
pub fn two_journeys() -> Site {
    let mut a1 = stage("find", Some(-2));
    a1.touchpoints = vec![touchpoint("Search", "web"), touchpoint("Ad", "social")];
    a1.pain_points = vec![pain(Some("lost"), "Lost", Severity::High)];
    a1.opportunities = vec![
        opp("Guide", Level::Medium, Level::Low, Status::Idea, &["lost"]),
        opp("Redesign", Level::High, Level::High, Status::Planned, &[]),
    ];
    let mut a2 = stage("pay", Some(1));
    a2.touchpoints = vec![touchpoint("Checkout", "web"), touchpoint("Call", "")];
    a2.pain_points = vec![pain(None, "Fees", Severity::Critical)];
    a2.opportunities = vec![opp("Show fees", Level::High, Level::Low, Status::Done, &[])];
    let mut b1 = stage("call", Some(0));
    b1.touchpoints = vec![touchpoint("Hotline", " phone "), touchpoint("Site", "web")];
    b1.pain_points = vec![pain(None, "Queue", Severity::High)];
    b1.opportunities = vec![opp("Callback", Level::High, Level::Low, Status::Idea, &[])];
    let mut b2 = stage("fix", None);
    b2.pain_points = vec![pain(None, "Parts", Severity::Critical)];
    b2.opportunities = vec![opp(
        "Stock parts",
        Level::Low,
        Level::Low,
        Status::Idea,
        &[],
    )];
    let mut b3 = stage("close", Some(2));
    b3.touchpoints = vec![touchpoint("Survey", "email")];
    site(
        vec![
            journey("support", vec![b1, b2, b3]),
            journey("buy", vec![a1, a2]),
        ],
        vec![(
            "support",
            vec![
                series("call", "csat", None, &[("2026-Q1", 3.0, Some(4.0))]),
                series("fix", "csat", None, &[("2026-Q1", 4.5, Some(4.0))]),
            ],
        )],
    )
}
