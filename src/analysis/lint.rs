//! Lint: content that is valid but probably incomplete or out of date. Warnings only;
//! `check --strict` turns them into errors.

use super::completeness::Location;
use super::{feedback, Analysis, JourneyAnalysis};
use crate::content::locate_many_in_front_matter;
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Journey, Site};
use rayon::prelude::*;

/// The warnings of each journey of `site`, in the order of `site.journeys`.
pub fn lint_journeys(site: &Site, analysis: &Analysis) -> Vec<Vec<Diagnostic>> {
    site.journeys
        .par_iter()
        .map(|journey| lint_journey(journey, analysis.journeys.get(&journey.id)))
        .collect()
}

/// The completeness findings and open loops of `journey` as warnings located in its files.
pub fn lint_journey(journey: &Journey, analysis: Option<&JourneyAnalysis>) -> Vec<Diagnostic> {
    let findings = analysis.map_or(&[][..], |a| a.completeness.findings.as_slice());
    let open_loops = analysis.map_or(&[][..], |a| a.open_loops.as_slice());
    // The journey's file is read once for all its findings.
    let fields: Vec<&[crate::yaml::Seg]> = findings
        .iter()
        .filter_map(|f| match &f.at {
            Location::Field(path) => Some(path.as_slice()),
            Location::Line(..) => None,
        })
        .chain(open_loops.iter().map(|l| l.at.as_slice()))
        .collect();
    let voice = analysis.map_or_else(Vec::new, |a| feedback::findings(journey, &a.feedback));
    let fields: Vec<&[crate::yaml::Seg]> = fields
        .into_iter()
        .chain(voice.iter().map(|f| f.at.as_slice()))
        .collect();
    let mut positions = locate_many_in_front_matter(&journey.source, &fields).into_iter();
    let mut warnings: Vec<Diagnostic> = findings
        .iter()
        .map(|finding| {
            let d = match &finding.at {
                Location::Field(_) => {
                    let (line, column) = positions.next().unwrap_or((1, 1));
                    Diagnostic::warning(&journey.source, line, column, finding.message.clone())
                }
                Location::Line(path, line) => {
                    Diagnostic::warning(path.to_path_buf(), *line, 1, finding.message.clone())
                }
            };
            d.with_hint(finding.hint.clone())
        })
        .collect();
    warnings.extend(open_loops.iter().map(|open| {
        let (line, column) = positions.next().unwrap_or((1, 1));
        Diagnostic::warning(&journey.source, line, column, open.message.clone())
            .with_hint(open.hint.clone())
    }));
    warnings.extend(voice.into_iter().map(|finding| {
        let (line, column) = positions.next().unwrap_or((1, 1));
        Diagnostic::warning(&journey.source, line, column, finding.message).with_hint(finding.hint)
    }));
    warnings
}

/// A warning for every persona that no journey follows.
pub fn lint_personas(site: &Site) -> Vec<Diagnostic> {
    let followed: std::collections::BTreeSet<&crate::model::Id> =
        site.journeys.iter().map(|j| &j.front.persona).collect();
    site.personas
        .iter()
        .filter(|persona| {
            !followed.contains(&persona.id)
                && site.draft_personas.binary_search(&persona.id).is_err()
        })
        .map(|persona| {
            Diagnostic::warning(
                &persona.source,
                1,
                1,
                format!("persona `{}` has no journey", persona.id),
            )
            .with_hint(format!(
                "map one: `waymark new journey <id> --persona {}`",
                persona.id
            ))
        })
        .collect()
}

/// Today's date for content that waymark writes: `SOURCE_DATE_EPOCH` when set
/// (reproducible builds), else the system clock. Builds never depend on it.
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
