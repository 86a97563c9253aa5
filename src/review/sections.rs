//! What a report says, before it is written as text or Markdown: a lead sentence and a
//! table per kind of change, each cell made of [`Part`]s that say which text came from
//! the content (escaped in Markdown), which is an id or a location (code), and which
//! names a page of the site (a link to the preview, when its address is known).

use super::words;
use super::{Base, BaseState, Report};
use crate::diagnostics::display_path;
use crate::snapshot::diff::outline::PersonaRef;
use crate::snapshot::diff::warnings::Warning;
use crate::snapshot::diff::JourneyRef;

/// A piece of a cell.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Part {
    /// Words, from the content or not.
    Text(String),
    /// An id, a revision or a file location.
    Code(String),
    /// The title of a page of the site as it is, by its path in the output.
    Page { text: String, path: String },
}

pub(super) type Cell = Vec<Part>;

/// A table of one kind of change.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Section {
    pub title: &'static str,
    pub headers: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

fn text(words: impl Into<String>) -> Part {
    Part::Text(words.into())
}

/// The sentence a report starts with.
pub(super) fn lead(report: &Report) -> Cell {
    let mut lead = vec![];
    let site = display_path(&report.site_dir)
        .display()
        .to_string()
        .replace('\\', "/");
    let review = &report.review;
    match &report.base_state {
        BaseState::Broken(errors) => {
            lead.extend([text("The site in "), Part::Code(site), text(" at ")]);
            lead.extend(base(&report.base));
            lead.push(text(format!(
                " has {}, so nothing was compared.",
                crate::diagnostics::counted(errors.len(), "error")
            )));
            return lead;
        }
        BaseState::Missing => {
            lead.extend([
                text("There was no site in "),
                Part::Code(site),
                text(" at "),
            ]);
            lead.extend(base(&report.base));
            lead.push(text(": everything in it is new. "));
        }
        BaseState::Loaded if review.total() == 0 => {
            lead.push(text("No change to the journeys from "));
            lead.extend(base(&report.base));
            lead.push(text("."));
            return lead;
        }
        BaseState::Loaded => {
            lead.push(text("From "));
            lead.extend(base(&report.base));
            lead.extend([
                text(" to the site in "),
                Part::Code(site),
                text(" as it is: "),
            ]);
        }
    }
    lead.push(text(format!(
        "{}: {} ▲ better, {} ▼ worse; lint warnings: {} new, {} gone.",
        crate::diagnostics::counted(review.total(), "change"),
        review.better(),
        review.worse(),
        review.warnings.appeared.len(),
        review.warnings.gone.len()
    )));
    lead
}

/// How the base is named: `main` (`1a2b3c4`), the merge base with `main` (`1a2b3c4`),
/// the folder `old`.
fn base(base: &Base) -> Vec<Part> {
    match base {
        Base::Folder(dir) => vec![
            text("the folder "),
            Part::Code(display_path(dir).display().to_string().replace('\\', "/")),
        ],
        Base::Revision(revision) => {
            let short: String = revision.commit.chars().take(7).collect();
            let mut parts = vec![];
            if revision.merge_base {
                parts.push(text("the merge base with "));
            }
            if revision.commit.starts_with(&revision.name) {
                parts.push(Part::Code(short));
            } else {
                parts.extend([
                    Part::Code(revision.name.clone()),
                    text(" ("),
                    Part::Code(short),
                    text(")"),
                ]);
            }
            parts
        }
    }
}

fn journey(j: &JourneyRef, linked: bool) -> Cell {
    let title = match linked {
        true => Part::Page {
            text: j.title.clone(),
            path: format!("journeys/{}.html", j.id),
        },
        false => text(j.title.clone()),
    };
    vec![title, text(" ("), Part::Code(j.id.clone()), text(")")]
}

fn persona(p: &PersonaRef, linked: bool) -> Cell {
    let name = match linked {
        true => Part::Page {
            text: p.name.clone(),
            path: format!("personas/{}.html", p.id),
        },
        false => text(p.name.clone()),
    };
    vec![name, text(" ("), Part::Code(p.id.clone()), text(")")]
}

fn renamed(before: Cell, after: Cell) -> Cell {
    let mut cell = before;
    cell.push(text(" → "));
    cell.extend(after);
    cell
}

fn cell(words: impl Into<String>) -> Cell {
    vec![text(words)]
}

/// Every kind of change with any changes, in the order a reviewer reads them.
pub(super) fn sections(report: &Report) -> Vec<Section> {
    let c = &report.review.changes;
    let o = &report.review.outline;
    let w = &report.review.warnings;
    let mut journeys = vec![];
    journeys.extend(
        c.journeys_added
            .iter()
            .map(|j| vec![cell("+ Added"), journey(j, true)]),
    );
    journeys.extend(
        c.journeys_removed
            .iter()
            .map(|j| vec![cell("− Removed"), journey(j, false)]),
    );
    journeys.extend(o.journeys_renamed.iter().map(|r| {
        vec![
            cell("→ Renamed"),
            renamed(journey(&r.before, false), journey(&r.after, true)),
        ]
    }));
    let mut personas = vec![];
    personas.extend(
        o.personas_added
            .iter()
            .map(|p| vec![cell("+ Added"), persona(p, true)]),
    );
    personas.extend(
        o.personas_removed
            .iter()
            .map(|p| vec![cell("− Removed"), persona(p, false)]),
    );
    personas.extend(o.personas_renamed.iter().map(|r| {
        vec![
            cell("→ Renamed"),
            renamed(persona(&r.before, false), persona(&r.after, true)),
        ]
    }));
    let stage = |name: &str, id: &str, note: String| {
        vec![text(name), text(" ("), Part::Code(id.into()), text(note)]
    };
    let mut stages = vec![];
    stages.extend(o.stages_added.iter().map(|s| {
        let at = format!("), at position {}", s.position);
        vec![
            cell("+ Added"),
            journey(&s.journey, true),
            stage(&s.stage_name, &s.stage, at),
        ]
    }));
    stages.extend(o.stages_removed.iter().map(|s| {
        let at = format!("), was at position {}", s.position);
        vec![
            cell("− Removed"),
            journey(&s.journey, true),
            stage(&s.stage_name, &s.stage, at),
        ]
    }));
    stages.extend(o.stages_renamed.iter().map(|s| {
        let names = vec![
            Part::Code(s.stage.clone()),
            text(format!(": {} → {}", s.before, s.after)),
        ];
        vec![cell("→ Renamed"), journey(&s.journey, true), names]
    }));
    stages.extend(o.stages_reordered.iter().map(|s| {
        let order = format!(
            "{} → {}",
            s.before_names.join(", "),
            s.after_names.join(", ")
        );
        vec![cell("↕ Reordered"), journey(&s.journey, true), cell(order)]
    }));
    let emotions = c
        .emotion_changes
        .iter()
        .map(|e| {
            vec![
                journey(&e.journey, true),
                cell(e.stage_name.clone()),
                cell(words::emotion(e.before)),
                cell(words::emotion(e.after)),
                cell(words::verdict(e.verdict)),
            ]
        })
        .collect();
    let mut pain_points = vec![];
    for (mark, list) in [
        ("+ Added", &c.pain_points_added),
        ("✓ Resolved", &c.pain_points_resolved),
    ] {
        pain_points.extend(list.iter().map(|p| {
            vec![
                cell(mark),
                cell(p.text.clone()),
                cell(p.severity.as_str()),
                journey(&p.journey, true),
                cell(p.stage_name.clone()),
            ]
        }));
    }
    let mut opportunities = vec![];
    opportunities.extend(c.opportunities_added.iter().map(|o| {
        vec![
            cell("+ Added"),
            cell(o.text.clone()),
            cell(words::keyword(o.after.as_str())),
            journey(&o.journey, true),
            cell(o.stage_name.clone()),
        ]
    }));
    opportunities.extend(c.opportunity_status_changes.iter().map(|o| {
        let before = o.before.map_or("none", |b| b.as_str());
        let status = format!(
            "{} → {}",
            words::keyword(before),
            words::keyword(o.after.as_str())
        );
        vec![
            cell("→ Status"),
            cell(o.text.clone()),
            cell(status),
            journey(&o.journey, true),
            cell(o.stage_name.clone()),
        ]
    }));
    let kpis = c
        .kpi_changes
        .iter()
        .map(|k| {
            vec![
                journey(&k.journey, true),
                cell(k.stage_name.clone()),
                cell(k.label.clone()),
                cell(words::kpi_side(k.before.as_ref(), k.unit)),
                cell(words::kpi_side(k.after.as_ref(), k.unit)),
                cell(words::verdict(k.verdict)),
            ]
        })
        .collect();
    let no_bottleneck = |b: &Option<String>| b.clone().unwrap_or_else(|| "no bottleneck".into());
    let bottlenecks = c
        .bottleneck_moves
        .iter()
        .map(|b| {
            vec![
                journey(&b.journey, true),
                cell(no_bottleneck(&b.before)),
                cell(no_bottleneck(&b.after)),
            ]
        })
        .collect();
    let conversion = c
        .conversion_changes
        .iter()
        .map(|v| {
            vec![
                journey(&v.journey, true),
                cell(words::percent(v.before)),
                cell(words::percent(v.after)),
                cell(words::verdict(v.verdict)),
            ]
        })
        .collect();
    let completeness = o
        .completeness_changes
        .iter()
        .map(|k| {
            vec![
                journey(&k.journey, true),
                cell(format!("{}%", k.before)),
                cell(format!("{}%", k.after)),
                cell(words::verdict(k.verdict)),
            ]
        })
        .collect();
    let location = |at: String, w: &Warning| match w.line {
        0 => at,
        line => format!("{at}:{line}:{}", w.column),
    };
    let mut warnings = vec![];
    warnings.extend(w.appeared.iter().map(|w| {
        let at = display_path(&report.site_dir.join(&w.file))
            .display()
            .to_string()
            .replace('\\', "/");
        vec![
            cell("+ Appeared"),
            vec![Part::Code(location(at, w))],
            cell(w.message.clone()),
        ]
    }));
    warnings.extend(w.gone.iter().map(|w| {
        vec![
            cell("− Gone"),
            vec![Part::Code(location(
                format!("{}{}", report.base_files, w.file),
                w,
            ))],
            cell(w.message.clone()),
        ]
    }));
    [
        ("Journeys", &["Change", "Journey"][..], journeys),
        ("Personas", &["Change", "Persona"], personas),
        ("Stages", &["Change", "Journey", "Stage"], stages),
        (
            "Emotions",
            &["Journey", "Stage", "Before", "After", "Verdict"],
            emotions,
        ),
        (
            "Pain points",
            &["Change", "Pain point", "Severity", "Journey", "Stage"],
            pain_points,
        ),
        (
            "Opportunities",
            &["Change", "Opportunity", "Status", "Journey", "Stage"],
            opportunities,
        ),
        (
            "KPIs",
            &["Journey", "Stage", "KPI", "Before", "After", "Verdict"],
            kpis,
        ),
        (
            "Funnel bottlenecks",
            &["Journey", "Before", "After"],
            bottlenecks,
        ),
        (
            "Overall conversion",
            &["Journey", "Before", "After", "Verdict"],
            conversion,
        ),
        (
            "Completeness",
            &["Journey", "Before", "After", "Verdict"],
            completeness,
        ),
        ("Lint warnings", &["Change", "Where", "Warning"], warnings),
    ]
    .into_iter()
    .filter(|(_, _, rows)| !rows.is_empty())
    .map(|(title, headers, rows)| Section {
        title,
        headers,
        rows,
    })
    .collect()
}
