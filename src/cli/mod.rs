//! The commands of `waymark`, each in the module of its kind, and what they share:
//! printing diagnostics and the failure of a build.

pub(crate) mod args;
mod authoring;
mod interop;
mod review;
mod site;

use std::io::Write;
use std::process::ExitCode;
use waymark::diagnostics::{counted, Diagnostic};

pub(crate) use authoring::{eject, init, new, scaffolded};
pub(crate) use interop::{export, import};
pub(crate) use review::{diff, review_failed};
pub(crate) use site::{build, check, serve, site_and_output, snapshot};

pub(crate) fn fail(diagnostics: &[Diagnostic]) -> ExitCode {
    print_diagnostics(diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    eprintln!(
        "error: build failed with {} and {}; nothing was written",
        counted(errors, "error"),
        counted(warnings, "warning")
    );
    ExitCode::from(1)
}

pub(crate) fn print_diagnostics(diagnostics: &[Diagnostic]) {
    // Buffered: a portfolio can have tens of thousands of warnings, and standard error
    // would make each line a write of its own.
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for text in waymark::diagnostics::render_all(diagnostics) {
        let _ = writeln!(err, "{text}\n");
    }
    let _ = err.flush();
}
