use super::*;
use crate::analysis::analyse;
use crate::analysis::testutil::*;
use crate::model::{Level, Severity, Status};

/// A journey `buy` with three stages, a pain point with an id and one without, and an
/// opportunity; the funnel leaks most at `pay` and time in stage is on track.
fn older() -> Site {
    let mut look = stage("look", Some(-1));
    look.pain_points
        .push(pain(Some("slow"), "Slow pages", Severity::High));
    look.pain_points
        .push(pain(None, "Jargon everywhere", Severity::Low));
    look.opportunities.push(opp(
        "Faster pages",
        Level::High,
        Level::Low,
        Status::Planned,
        &["slow"],
    ));
    site(
        vec![
            journey(
                "buy",
                vec![look, stage("cart", Some(0)), stage("pay", Some(1))],
            ),
            journey("old", vec![stage("x", None)]),
        ],
        vec![(
            "buy",
            vec![
                series("look", "visitors", None, &[("2026-Q2", 1000.0, None)]),
                series("cart", "visitors", None, &[("2026-Q2", 800.0, None)]),
                series("pay", "visitors", None, &[("2026-Q2", 100.0, None)]),
                series("pay", "time_in_stage", None, &[("2026-Q2", 2.0, Some(3.0))]),
            ],
        )],
    )
}

/// `older` a quarter later: the slow pages are fixed (done), the jargon is reworded (so
/// resolved, and a new pain point added), emotions moved, the bottleneck moved to `cart`,
/// time in stage got worse, and journey `old` gave way to `new`.
fn newer() -> Site {
    let mut site = older();
    site.journeys.retain(|j| j.id.as_str() != "old");
    site.journeys.push(journey("new", vec![stage("y", None)]));
    let buy = &mut site.journeys[0];
    let look = &mut buy.front.stages[0];
    look.emotion = Some(crate::model::Emotion::try_from(1).unwrap());
    look.pain_points[0].text = "Pages are slow".into();
    look.pain_points[1].text = "Jargon in product pages".into();
    look.opportunities[0].status = Status::Done;
    look.opportunities
        .push(opp("Glossary", Level::Low, Level::Low, Status::Idea, &[]));
    buy.front.stages[2].emotion = None;
    site.metrics.insert(
        id("buy"),
        metrics(vec![
            series("look", "visitors", None, &[("2026-Q3", 1000.0, None)]),
            series("cart", "visitors", None, &[("2026-Q3", 300.0, None)]),
            series("pay", "visitors", None, &[("2026-Q3", 250.0, None)]),
            series("pay", "time_in_stage", None, &[("2026-Q3", 4.0, Some(3.0))]),
        ]),
    );
    site
}

fn changes() -> Changes {
    let (old_site, new_site) = (older(), newer());
    let (old_analysis, new_analysis) = (analyse(&old_site), analyse(&new_site));
    diff(
        State {
            site: &old_site,
            analysis: &old_analysis,
        },
        State {
            site: &new_site,
            analysis: &new_analysis,
        },
    )
}

#[test]
fn journeys_are_added_and_removed_by_id() {
    let c = changes();
    let ids = |refs: &[JourneyRef]| refs.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&c.journeys_added), ["new"]);
    assert_eq!(ids(&c.journeys_removed), ["old"]);
}

#[test]
fn pain_points_match_by_id_then_by_exact_text() {
    let c = changes();
    // `slow` kept its id under a new wording: the same pain point.
    let texts = |p: &[PainPointChange]| p.iter().map(|p| p.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&c.pain_points_added), ["Jargon in product pages"]);
    assert_eq!(texts(&c.pain_points_resolved), ["Jargon everywhere"]);
}

#[test]
fn opportunities_added_and_moved_on() {
    let c = changes();
    assert_eq!(c.opportunities_added.len(), 1);
    assert_eq!(c.opportunities_added[0].text, "Glossary");
    assert_eq!(c.opportunity_status_changes.len(), 1);
    let moved = &c.opportunity_status_changes[0];
    assert_eq!(
        (moved.before, moved.after),
        (Some(Status::Planned), Status::Done)
    );
}

#[test]
fn emotions_compare_by_stage_id() {
    let c = changes();
    let seen: Vec<_> = c
        .emotion_changes
        .iter()
        .map(|e| (e.stage.as_str(), e.before, e.after, e.verdict))
        .collect();
    assert_eq!(
        seen,
        [
            ("look", Some(-1), Some(1), Verdict::Better),
            ("pay", Some(1), None, Verdict::Changed)
        ]
    );
}

#[test]
fn kpis_are_judged_by_better() {
    let c = changes();
    assert_eq!(c.kpi_changes.len(), 1);
    let kpi = &c.kpi_changes[0];
    // Time in stage went up from 2 to 4 days, and lower is better.
    assert_eq!(kpi.verdict, Verdict::Worse);
    assert_eq!(kpi.before.as_ref().unwrap().status, KpiStatus::OnTrack);
    assert_eq!(kpi.after.as_ref().unwrap().status, KpiStatus::OffTrack);
}

#[test]
fn the_bottleneck_move_and_conversion_change_are_reported() {
    let c = changes();
    assert_eq!(c.bottleneck_moves.len(), 1);
    let moved = &c.bottleneck_moves[0];
    assert_eq!(
        (moved.before.as_deref(), moved.after.as_deref()),
        (Some("Stage pay"), Some("Stage cart"))
    );
    assert_eq!(c.conversion_changes.len(), 1);
    let conversion = &c.conversion_changes[0];
    assert_eq!(
        (conversion.before, conversion.after),
        (Some(0.1), Some(0.25))
    );
    assert_eq!(conversion.verdict, Verdict::Better);
    assert_eq!(c.total(), 11);
}

#[test]
fn a_state_compared_with_itself_has_no_changes() {
    let site = newer();
    let analysis = analyse(&site);
    let state = State {
        site: &site,
        analysis: &analysis,
    };
    assert_eq!(diff(state, state), Changes::default());
}

#[test]
fn headlines_count_open_pain_points_by_severity() {
    let (old_site, new_site) = (older(), newer());
    let old = headline(State {
        site: &old_site,
        analysis: &analyse(&old_site),
    });
    assert_eq!(old.journeys, 2);
    assert_eq!(old.open_pain_points["high"], 1);
    assert_eq!(old.open_pain_points["low"], 1);
    assert_eq!(old.open_pain_points_total, 2);
    // The slow pages are addressed by a done opportunity: no longer open.
    let new = headline(State {
        site: &new_site,
        analysis: &analyse(&new_site),
    });
    assert_eq!(new.open_pain_points["high"], 0);
    assert_eq!(new.open_pain_points_total, 1);
    assert_eq!(new.kpis.off_track, 1);
}
