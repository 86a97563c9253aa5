//! `waymark diff`: what a change to the maps changes, as a report.

use super::args::{FailOn, Format};
use super::print_diagnostics;
use std::path::Path;
use std::process::ExitCode;
use waymark::diagnostics::counted;

/// `waymark diff`: prints the report on stdout; exit 1 for content errors or a
/// `--fail-on` condition, 2 for what is not there.
pub(crate) fn diff(
    site: &Path,
    against: &waymark::review::Against,
    format: Format,
    preview: Option<&str>,
    fail_on: &[FailOn],
    drafts: bool,
) -> ExitCode {
    let report = match waymark::review::review(site, against, drafts) {
        Ok(report) => report,
        Err(err) => return review_failed(err),
    };
    if let waymark::review::BaseState::Broken(errors) = &report.base_state {
        eprintln!(
            "warning: the site compared with has {}, so nothing was compared:",
            counted(errors.len(), "error")
        );
        for error in errors {
            eprintln!("{}", error.render(None));
        }
    }
    let text = match format {
        Format::Text => report.text(),
        Format::Markdown => report.markdown(preview),
        Format::Json => report.json(),
    };
    print!("{text}");
    let review = &report.review;
    let mut failed = false;
    if fail_on.contains(&FailOn::Warnings) && !review.warnings.appeared.is_empty() {
        eprintln!(
            "error: the change adds {} (--fail-on warnings)",
            counted(review.warnings.appeared.len(), "lint warning")
        );
        failed = true;
    }
    if fail_on.contains(&FailOn::Worse) && review.worse() > 0 {
        eprintln!(
            "error: the change makes {} of the emotions, KPIs and conversions worse \
             (--fail-on worse)",
            review.worse()
        );
        failed = true;
    }
    ExitCode::from(u8::from(failed))
}

/// Prints why `diff` has no report; exit 2 for what is not there, 1 otherwise.
pub(crate) fn review_failed(err: waymark::review::ReviewError) -> ExitCode {
    use waymark::review::ReviewError;
    match err {
        ReviewError::Usage { message, hint } => {
            eprintln!("error: {message}");
            if let Some(hint) = hint {
                eprintln!("  = hint: {hint}");
            }
            ExitCode::from(2)
        }
        ReviewError::Content(diagnostics) => {
            print_diagnostics(&diagnostics);
            eprintln!("error: the site has errors, so nothing was compared");
            ExitCode::from(1)
        }
        ReviewError::Failed(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}
