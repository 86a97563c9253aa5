//! Lint: content that is valid but probably incomplete or out of date. Warnings only;
//! `check --strict` turns them into errors.

use super::completeness::Location;
use super::{feedback, Analysis, JourneyAnalysis};
use crate::content::locate_many_in_front_matter;
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Journey, Site};
use rayon::prelude::*;

/// The warnings of each journey of `site`, in the order of `site.journeys`. Moves out of
/// `analysis` what only lint reads (completeness findings, open loops): at 10,000
/// journeys that is tens of megabytes nothing after lint needs.
pub fn lint_journeys(site: &Site, analysis: &mut Analysis) -> Vec<Vec<Diagnostic>> {
    // Both are in id order; each journey is paired with its analysis, if it has one.
    let mut analyses = analysis.journeys.iter_mut().peekable();
    let pairs: Vec<(&Journey, Option<&mut JourneyAnalysis>)> = site
        .journeys
        .iter()
        .map(|journey| {
            let found = analyses.next_if(|(id, _)| **id == journey.id);
            (journey, found.map(|(_, a)| a))
        })
        .collect();
    pairs
        .into_par_iter()
        .map(|(journey, analysis)| lint_journey(journey, analysis))
        .collect()
}

/// The completeness findings, open loops and feedback findings of `journey` as warnings
/// located in its files. Moves the findings and open loops out of `analysis`.
pub fn lint_journey(journey: &Journey, analysis: Option<&mut JourneyAnalysis>) -> Vec<Diagnostic> {
    let Some(analysis) = analysis else {
        return Vec::new();
    };
    let findings = std::mem::take(&mut analysis.completeness.findings);
    let open_loops = std::mem::take(&mut analysis.open_loops);
    let voice = feedback::findings(journey, &analysis.feedback);
    // The journey's file is read once for all its findings.
    let fields: Vec<&[crate::yaml::Seg]> = findings
        .iter()
        .filter_map(|f| match &f.at {
            Location::Field(path) => Some(path.as_slice()),
            Location::Line(..) => None,
        })
        .chain(open_loops.iter().map(|l| l.at.as_slice()))
        .chain(voice.iter().map(|f| f.at.as_slice()))
        .collect();
    let mut positions = locate_many_in_front_matter(&journey.source, &fields).into_iter();
    let mut next_position = || positions.next().unwrap_or((1, 1));
    let mut warnings = Vec::with_capacity(findings.len() + open_loops.len() + voice.len());
    for finding in findings {
        let d = match finding.at {
            Location::Field(_) => {
                let (line, column) = next_position();
                Diagnostic::warning(&journey.source, line, column, finding.message)
            }
            Location::Line(path, line) => {
                Diagnostic::warning(path.to_path_buf(), line, 1, finding.message)
            }
        };
        warnings.push(d.with_hint(finding.hint));
    }
    for open in open_loops {
        let (line, column) = next_position();
        warnings.push(
            Diagnostic::warning(&journey.source, line, column, open.message).with_hint(open.hint),
        );
    }
    for finding in voice {
        let (line, column) = next_position();
        warnings.push(
            Diagnostic::warning(&journey.source, line, column, finding.message)
                .with_hint(finding.hint),
        );
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyse, testutil::two_journeys};

    fn messages(findings: &[super::super::completeness::Finding]) -> Vec<String> {
        findings.iter().map(|f| f.message.clone()).collect()
    }

    #[test]
    fn lint_reports_each_journeys_findings_in_order_and_moves_them_out() {
        let site = two_journeys();
        let mut analysis = analyse(&site);
        let expected: Vec<Vec<String>> = site
            .journeys
            .iter()
            .map(|j| messages(&analysis.journeys[&j.id].completeness.findings))
            .collect();
        assert!(expected.iter().any(|m| !m.is_empty()), "{expected:?}");

        let warnings = lint_journeys(&site, &mut analysis);

        let got: Vec<Vec<String>> = warnings
            .iter()
            .map(|w| w.iter().map(|d| d.message.clone()).collect())
            .collect();
        // Open loops and feedback findings follow the completeness findings.
        for (got, expected) in got.iter().zip(&expected) {
            assert_eq!(&got[..expected.len()], expected.as_slice());
        }
        assert_eq!(got.len(), site.journeys.len());
        for a in analysis.journeys.values() {
            assert!(a.completeness.findings.is_empty());
            assert!(a.open_loops.is_empty());
        }
    }

    #[test]
    fn a_journey_without_analysis_has_no_warnings_and_the_others_keep_their_place() {
        let site = two_journeys();
        let mut analysis = analyse(&site);
        let first = site.journeys[0].id.clone();
        let second = &site.journeys[1];
        let expected = messages(&analysis.journeys[&second.id].completeness.findings);
        analysis.journeys.remove(&first);

        let warnings = lint_journeys(&site, &mut analysis);

        assert!(warnings[0].is_empty());
        let got: Vec<String> = warnings[1].iter().map(|d| d.message.clone()).collect();
        assert_eq!(&got[..expected.len()], expected.as_slice());
        assert!(!got.is_empty());
    }
}
