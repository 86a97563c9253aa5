//! `waymark import` and `waymark export`: journeys from and to Mermaid and spreadsheets,
//! the portfolio as tables, and customer feedback from survey and helpdesk exports.

use super::args::{ExportCommand, FeedbackImportArgs, ImportCommand};
use super::print_diagnostics;
use super::site::site_and_output;
use std::process::ExitCode;
use waymark::diagnostics::{counted, display_path};
use waymark::model::JourneyKind;

/// `waymark import mermaid|sheet`: exit 1 for errors in the file, 2 for a refusal.
pub(crate) fn import(what: ImportCommand) -> ExitCode {
    let (format, args) = match what {
        ImportCommand::Mermaid(args) => ("mermaid", args),
        ImportCommand::Sheet(args) => ("sheet", args),
        ImportCommand::Feedback(args) => return import_feedback(args),
    };
    let site = match site_and_output(args.site, None, &format!("import {format} FILE")) {
        Ok((site, _)) => site,
        Err(code) => return code,
    };
    let options = waymark::interop::ImportOptions {
        persona: args.persona,
        id: args.id,
        // clap has checked the kind against the same list.
        kind: args.kind.and_then(|kind| {
            JourneyKind::ALL
                .iter()
                .copied()
                .find(|k| k.as_str() == kind)
        }),
        force: args.force,
        today: waymark::analysis::today(),
    };
    let result = match format {
        "mermaid" => waymark::interop::import_mermaid(&site, &args.file, &options),
        _ => waymark::interop::import_sheet(&site, &args.file, &options),
    };
    let written = match result {
        Ok(written) => written,
        Err(err) => return interop_failed(err, "nothing was written"),
    };
    print_diagnostics(&written.diagnostics);
    for note in &written.notes {
        eprintln!("note: {note}");
    }
    let shown = display_path(&written.path);
    match written.draft {
        true => eprintln!(
            "wrote {} as a draft: `waymark serve --drafts` shows it; set `draft: false` to publish it",
            shown.display()
        ),
        false => eprintln!("wrote {}", shown.display()),
    }
    ExitCode::SUCCESS
}

/// `waymark export mermaid|sheet|table`: exit 1 for errors in the content, 2 for a
/// refusal (an unknown journey, a file that exists).
pub(crate) fn export(what: ExportCommand) -> ExitCode {
    let (site, command) = match &what {
        ExportCommand::Mermaid { site, .. } => (site, "export mermaid ID"),
        ExportCommand::Sheet { site, .. } => (site, "export sheet ID"),
        ExportCommand::Table { site, .. } => (site, "export table"),
    };
    let site = match site_and_output(site.clone(), None, command) {
        Ok((site, _)) => site,
        Err(code) => return code,
    };
    let (bytes, losses, out, force) = match what {
        ExportCommand::Mermaid { id, out, force, .. } => {
            match waymark::interop::export_mermaid(&site, &id) {
                Ok(text) => (text.into_bytes(), Vec::new(), out, force),
                Err(err) => return interop_failed(err, "nothing was exported"),
            }
        }
        ExportCommand::Sheet { id, out, force, .. } => {
            match waymark::interop::export_sheet(&site, &id) {
                Ok((bytes, losses)) => (bytes, losses, out, force),
                Err(err) => return interop_failed(err, "nothing was exported"),
            }
        }
        ExportCommand::Table {
            out, force, drafts, ..
        } => {
            let dir = out.unwrap_or_else(|| {
                waymark::workspace::default_output(&site).with_file_name("export")
            });
            let written = waymark::interop::export_tables(&site, drafts)
                .and_then(|tables| waymark::interop::table::write_tables(&dir, &tables, force));
            return match written {
                Ok(paths) => {
                    eprintln!(
                        "wrote {} tables into {}:",
                        paths.len(),
                        display_path(&dir).display()
                    );
                    for path in &paths {
                        eprintln!("  {}", display_path(path).display());
                    }
                    ExitCode::SUCCESS
                }
                Err(err) => interop_failed(err, "nothing was written"),
            };
        }
    };
    for loss in &losses {
        eprintln!("warning: {loss}");
    }
    match out {
        Some(path) => match waymark::interop::write_file(&path, &bytes, force) {
            Ok(()) => {
                eprintln!("wrote {}", display_path(&path).display());
                ExitCode::SUCCESS
            }
            Err(err) => interop_failed(err, "nothing was written"),
        },
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(&bytes).and_then(|()| stdout.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                // A closed pipe (`| head`) is the reader's choice, not a failure.
                Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("error: cannot write to the standard output: {err}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// Prints why an import or export failed, and returns its exit status.
pub(crate) fn interop_failed(err: waymark::interop::InteropError, outcome: &str) -> ExitCode {
    match err {
        waymark::interop::InteropError::Content(diagnostics) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("error: {}; {outcome}", counted(errors, "error"));
            ExitCode::from(1)
        }
        waymark::interop::InteropError::Usage { message, hint } => {
            eprintln!("error: {message}");
            if let Some(hint) = hint {
                eprintln!("  = hint: {hint}");
            }
            ExitCode::from(2)
        }
        err => {
            eprintln!("error: {err}; {outcome}");
            ExitCode::from(1)
        }
    }
}

/// `waymark import feedback`: exit 1 for problems in the site, the map or the export.
pub(crate) fn import_feedback(args: FeedbackImportArgs) -> ExitCode {
    use waymark::feedback::import::{import_feedback, Format, ImportOptions};
    let site = match site_and_output(args.site, None, "import feedback FILE") {
        Ok((site, _)) => site,
        Err(code) => return code,
    };
    let options = ImportOptions {
        file: args.file,
        // clap has checked the format against the same list.
        format: Format::ALL
            .into_iter()
            .find(|f| f.as_str() == args.format)
            .unwrap_or(Format::Csv),
        journey: args.journey,
        map: args.map,
        site_dir: site,
    };
    match import_feedback(&options) {
        Ok(report) => {
            let already = match report.already {
                0 => String::new(),
                n => format!(" ({n} already there)"),
            };
            let created = if report.created { ", a new file" } else { "" };
            eprintln!(
                "imported {} into {}{created}{already}",
                counted(report.imported, "row"),
                display_path(&report.target).display()
            );
            eprintln!("masked {}", report.masked);
            if !report.dropped.is_empty() {
                eprintln!(
                    "dropped columns of personal data: {}",
                    report.dropped.join(", ")
                );
            }
            if !report.no_stage.is_empty() {
                let answers: Vec<String> = report
                    .no_stage
                    .iter()
                    .map(|(answer, n)| format!("{answer} ({n})"))
                    .collect();
                eprintln!(
                    "skipped answers that name no stage of the journey: {}",
                    answers.join(", ")
                );
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            eprintln!(
                "error: import failed with {}; nothing was written",
                counted(diagnostics.len(), "error")
            );
            ExitCode::from(1)
        }
    }
}
