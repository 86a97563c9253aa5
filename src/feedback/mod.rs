//! Customer feedback: what customers say about each stage, in their own words and
//! ratings. `feedback/*.csv` files are read as a stream ([`reader`]), their verbatims
//! masked ([`mask`]) before they go anywhere, and folded per journey ([`fold`]);
//! [`import`] turns survey and helpdesk exports into such files.

pub mod fold;
pub mod import;
pub mod mask;
pub mod reader;

use crate::content::{IdFile, SiteFiles};
use crate::diagnostics::Diagnostic;
use crate::model::{Id, Journey, JourneyFeedback, SiteConfig};
use crate::yaml::{self, Seg};
use rayon::prelude::*;
use reader::FeedbackSchema;
use std::collections::BTreeMap;
use std::path::Path;

/// The feedback of a site being loaded: every file of `files.feedback` read against the
/// `journeys` that parsed (a file of a journey that failed to parse is not read, as it
/// cannot be checked), and the diagnostics of site.yaml's feedback settings.
pub fn load(
    files: &SiteFiles,
    journeys: &[Journey],
    config: &SiteConfig,
) -> (BTreeMap<Id, JourneyFeedback>, Vec<Diagnostic>) {
    let stage_ids = crate::model::stage_ids(journeys);
    // Sorted, as the journey files are.
    let unparsed: Vec<&str> = files
        .journeys
        .iter()
        .map(|f| f.id.as_str())
        .filter(|id| !stage_ids.contains_key(*id))
        .collect();
    let readable: Vec<IdFile> = files
        .feedback
        .iter()
        .filter(|f| unparsed.binary_search(&f.id.as_str()).is_err())
        .cloned()
        .collect();
    let mut diagnostics = config_diagnostics(&files.config, config);
    let schema = FeedbackSchema {
        journeys: &stage_ids,
        config: &config.feedback,
        unparsed: &unparsed,
        verbatims_only: false,
    };
    let (feedback, errors) = read_all(&readable, &schema);
    diagnostics.extend(errors);
    (feedback, diagnostics)
}

/// Reads every feedback file of a site and folds its rows per journey. `stage_ids` holds
/// the stages of every journey that parsed; files are read in parallel and merged in
/// their order, so the result does not depend on which finished first.
pub fn read_all(
    files: &[IdFile],
    schema: &FeedbackSchema,
) -> (BTreeMap<Id, JourneyFeedback>, Vec<Diagnostic>) {
    let results: Vec<_> = files
        .par_iter()
        .enumerate()
        .map(|(i, f)| fold::fold_file(&f.path, i, &f.id, schema))
        .collect();
    let mut feedback: BTreeMap<Id, JourneyFeedback> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for (journeys, errors) in results {
        diagnostics.extend(errors);
        for (journey, folded) in journeys {
            feedback.entry(journey).or_default().merge(folded);
        }
    }
    (feedback, diagnostics)
}

/// Reads every row with a verbatim of the feedback file `path` again, of whichever
/// journey, in file order, each masked as on the first read: what pages that list the
/// verbatims need, without the site keeping them. A file holding the rows of several
/// journeys is read once for all of them. The file was read once without errors; should
/// it have changed since, its problems are returned.
pub fn for_each_row_in(
    path: &Path,
    stage_ids: &BTreeMap<Id, Vec<Id>>,
    config: &SiteConfig,
    visit: &mut dyn FnMut(&reader::FeedbackRow),
) -> Vec<Diagnostic> {
    let schema = FeedbackSchema {
        journeys: stage_ids,
        config: &config.feedback,
        unparsed: &[],
        verbatims_only: true,
    };
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    reader::read_feedback_file(path, stem.as_deref().unwrap_or(""), &schema, visit)
}

/// What site.yaml's feedback settings call for: a warning on every build while masking
/// is off, and an error for a `satisfaction` metric without `min` and `max`. The file is
/// read again only to locate them.
pub fn config_diagnostics(path: &Path, config: &SiteConfig) -> Vec<Diagnostic> {
    let unbounded: Vec<&String> = config
        .metrics
        .iter()
        .filter(|(_, def)| def.satisfaction && (def.min.is_none() || def.max.is_none()))
        .map(|(key, _)| key)
        .collect();
    if config.feedback.mask && unbounded.is_empty() {
        return Vec::new();
    }
    let text = crate::content::read_text(path).unwrap_or_default();
    let mut diagnostics = Vec::new();
    if !config.feedback.mask {
        let (line, column) = yaml::locate(&text, &[Seg::Key("feedback"), Seg::Key("mask")]);
        diagnostics.push(
            Diagnostic::warning(
                path,
                line,
                column,
                "masking of personal data in feedback is off: e-mail addresses, phone \
                 numbers, card numbers, IBANs and personal codes in verbatims are published \
                 as they are",
            )
            .with_hint("remove `mask: false` unless every verbatim was cleaned at the source"),
        );
    }
    for key in unbounded {
        let at = [Seg::Key("metrics"), Seg::Key(key), Seg::Key("satisfaction")];
        let (line, column) = yaml::locate(&text, &at);
        diagnostics.push(
            Diagnostic::error(
                path,
                line,
                column,
                format!("satisfaction metric `{key}` needs `min` and `max`"),
            )
            .with_hint(
                "its values are placed on the emotion scale through them, e.g. `min: 1, max: 5`",
            ),
        );
    }
    diagnostics
}

/// What masking replaced in the verbatims of the whole site, or `None` for a site
/// without feedback.
pub fn masked_total(feedback: &BTreeMap<Id, JourneyFeedback>) -> Option<mask::MaskCounts> {
    (!feedback.is_empty()).then(|| feedback.values().map(|f| f.masked).sum())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::IdFile;

    #[test]
    fn a_journey_s_rows_are_read_again_from_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            IdFile {
                id: name.trim_end_matches(".csv").to_string(),
                path,
            }
        };
        let files = [
            write(
                "all.csv",
                "journey,stage,period,text\nbuy,a,2026-Q1,x@example.com\nsell,b,2026-Q1,other\n",
            ),
            write(
                "buy.csv",
                "stage,date,rating\nb,2026-03-01,4\na,2026-03-02,2\n",
            ),
        ];
        let id = |s: &str| Id::try_from(s.to_string()).unwrap();
        let stage_ids = BTreeMap::from([
            (id("buy"), vec![id("a"), id("b")]),
            (id("sell"), vec![id("b")]),
        ]);
        let config: SiteConfig = crate::yaml::from_str("title: T\n").unwrap();
        let schema = FeedbackSchema {
            journeys: &stage_ids,
            config: &config.feedback,
            unparsed: &[],
            verbatims_only: false,
        };
        let (feedback, errors) = read_all(&files, &schema);
        assert!(errors.is_empty(), "{errors:?}");
        let buy = &feedback["buy"];
        assert_eq!(buy.rows, 3);
        assert_eq!(buy.sources.len(), 2);
        assert_eq!(masked_total(&feedback).unwrap().email, 1);
        // Read again for the pages: only the rows with a verbatim, of every journey.
        let mut seen = Vec::new();
        for file in &files {
            let errors = for_each_row_in(&file.path, &stage_ids, &config, &mut |row| {
                let text = row.text.as_deref().map(String::from);
                seen.push((row.journey.to_string(), row.stage.to_string(), text));
            });
            assert!(errors.is_empty(), "{errors:?}");
        }
        let expected = [("buy", "a", "[email]"), ("sell", "b", "other")]
            .map(|(j, s, t)| (j.to_string(), s.to_string(), Some(t.to_string())));
        assert_eq!(seen, expected);
    }
}
