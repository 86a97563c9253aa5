//! Lint: content that is valid but probably wrong or out of date. Warnings only; `check
//! --strict` turns them into errors.

use super::Analysis;
use crate::content::locate_in_front_matter;
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Severity, Site};
use crate::yaml::Seg;

/// Every warning about `site`, judged as of `today`.
pub fn lint(site: &Site, analysis: &Analysis, today: Date) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let limit = i64::from(site.config.stale_after_days);
    for journey in &site.journeys {
        let at = |path: &[Seg]| locate_in_front_matter(&journey.source, path);
        match journey.front.updated {
            Some(updated) => {
                let age = today.days_since_epoch() - updated.days_since_epoch();
                if age > limit {
                    let (line, column) = at(&[Seg::Key("updated")]);
                    warnings.push(
                        Diagnostic::warning(&journey.source, line, column, format!("stale journey: last updated {age} days ago ({updated})"))
                            .with_hint(format!("review it against fresh evidence and set `updated`; the limit is stale_after_days: {limit}")),
                    );
                }
            }
            None => {
                let (line, column) = at(&[Seg::Key("title")]);
                warnings.push(
                    Diagnostic::warning(
                        &journey.source,
                        line,
                        column,
                        "the journey has no `updated` date",
                    )
                    .with_hint("add `updated: YYYY-MM-DD` so readers know how current it is"),
                );
            }
        }
        if let Some(result) = analysis.journeys.get(&journey.id) {
            for pain in result
                .unaddressed
                .iter()
                .filter(|p| p.severity == Severity::Critical)
            {
                let path = [
                    Seg::Key("stages"),
                    Seg::Index(pain.stage_position - 1),
                    Seg::Key("pain_points"),
                    Seg::Index(pain.index_in_stage),
                ];
                let (line, column) = at(&path);
                warnings.push(
                    Diagnostic::warning(
                        &journey.source,
                        line,
                        column,
                        format!("critical pain point not addressed: {}", pain.text),
                    )
                    .with_hint("give it an `id` and name it in the `addresses` of an opportunity"),
                );
            }
        }
    }
    for persona in &site.personas {
        if !site.journeys.iter().any(|j| j.front.persona == persona.id) {
            warnings.push(Diagnostic::warning(
                &persona.source,
                1,
                1,
                format!("persona `{}` has no journey", persona.id),
            ));
        }
    }
    warnings
}

/// The date a build judges staleness by: `SOURCE_DATE_EPOCH` when set (reproducible
/// builds), else the system clock.
pub fn today() -> Date {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    Date::from_days_since_epoch(seconds.div_euclid(86_400))
}
