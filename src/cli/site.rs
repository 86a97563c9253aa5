//! The commands that work on a site: build, check, serve and snapshot, and how the site
//! and its output are found for each.

use super::{fail, print_diagnostics};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use waymark::diagnostics::{counted, display_path, Diagnostic};

/// `waymark build`: exit 1 for content errors, with nothing written.
pub(crate) fn build(
    site: Option<PathBuf>,
    output: Option<PathBuf>,
    base_url: Option<String>,
    drafts: bool,
    timings: bool,
    quiet: bool,
) -> ExitCode {
    let (site, output) = match site_and_output(site, output, "build") {
        Ok(found) => found,
        Err(code) => return code,
    };
    let options = waymark::BuildOptions {
        site_dir: site.clone(),
        out_dir: output.clone(),
        base_url,
        drafts,
    };
    let bar = ProgressBar::new(quiet);
    let report = match waymark::build_with_progress(&options, &bar) {
        Ok(report) => report,
        Err(diagnostics) => return fail(&diagnostics),
    };
    if quiet {
        if !report.warnings.is_empty() {
            eprintln!(
                "{}; `waymark check {}` lists them",
                counted(report.warnings.len(), "warning"),
                display_path(&site).display()
            );
        }
    } else {
        print_warnings(&report.warnings, &site);
    }
    if timings {
        print_timings(&report.timings);
    }
    if !quiet {
        for note in &report.notes {
            eprintln!("note: {note}");
        }
        if let Some(masked) = report.masked {
            eprintln!("masked in customer feedback: {masked}");
        }
        eprintln!(
            "built {} and {} into {} ({})",
            counted(report.journeys, "journey"),
            counted(report.personas, "persona"),
            display_path(&output).display(),
            counted(report.files_written, "file")
        );
    }
    ExitCode::SUCCESS
}

/// `waymark check`: exit 1 for errors, and with `--strict` for warnings too.
pub(crate) fn check(site: Option<PathBuf>, drafts: bool, strict: bool, timings: bool) -> ExitCode {
    let site = match site_and_output(site, None, "check") {
        Ok((site, _)) => site,
        Err(code) => return code,
    };
    let report = waymark::check_timed(&site, drafts);
    let diagnostics = report.diagnostics;
    print_diagnostics(&diagnostics);
    if timings {
        // After the check, so that it does not find the files already read.
        let floor = waymark::yaml_floor(&site);
        print_timings(&report.timings);
        print_timings(std::slice::from_ref(&floor));
        let took: f64 = report
            .timings
            .iter()
            .map(|p| p.duration.as_secs_f64())
            .sum();
        eprintln!(
            "check took {:.1} ms, {:.1}× the YAML floor",
            took * 1000.0,
            took / floor.duration.as_secs_f64().max(1e-9)
        );
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        eprintln!(
            "error: check failed: {} and {}",
            counted(errors, "error"),
            counted(warnings, "warning")
        );
        return ExitCode::from(1);
    }
    if strict && warnings > 0 {
        eprintln!(
            "error: check failed: {} with --strict",
            counted(warnings, "warning")
        );
        return ExitCode::from(1);
    }
    let shown = display_path(&site);
    match warnings {
        0 => eprintln!("{}: no errors, no warnings", shown.display()),
        n => eprintln!("{}: no errors, {}", shown.display(), counted(n, "warning")),
    }
    ExitCode::SUCCESS
}

/// Prints each phase's time and the peak memory at its end, for `--timings`.
fn print_timings(phases: &[waymark::Phase]) {
    for phase in phases {
        let memory = phase.peak_memory_kib.map_or(String::new(), |kib| {
            format!(", peak memory {} MB", kib / 1024)
        });
        eprintln!(
            "{:>16}: {:>8.1} ms{memory}",
            phase.name,
            phase.duration.as_secs_f64() * 1000.0
        );
    }
}

/// `waymark serve`: runs until stopped; exit 1 when it cannot start.
pub(crate) fn serve(
    site: Option<PathBuf>,
    output: Option<PathBuf>,
    bind: std::net::IpAddr,
    port: u16,
    open: bool,
    drafts: bool,
) -> ExitCode {
    let (site, output) = match site_and_output(site, output, "serve") {
        Ok(found) => found,
        Err(code) => return code,
    };
    let options = waymark::serve::ServeOptions {
        site_dir: site,
        out_dir: output,
        bind,
        port,
        open,
        drafts,
    };
    match waymark::serve::serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

/// `waymark snapshot`: exit 1 for content errors, 2 for a bad name or date, or a name
/// already taken without `--force`.
pub(crate) fn snapshot(site: &Path, name: &str, force: bool, date: Option<&str>) -> ExitCode {
    let date = match date {
        None => None,
        Some("today") => Some(waymark::analysis::today()),
        Some(text) => match text.parse() {
            Ok(date) => Some(date),
            Err(err) => {
                eprintln!("error: --date {text}: {err}");
                return ExitCode::from(2);
            }
        },
    };
    match waymark::snapshot::create(site, name, force, date) {
        Ok(path) => {
            eprintln!("wrote {}", display_path(&path).display());
            ExitCode::SUCCESS
        }
        Err(waymark::snapshot::CreateError::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(waymark::snapshot::CreateError::Content(diagnostics)) => {
            print_diagnostics(&diagnostics);
            eprintln!("error: the snapshot was not written");
            ExitCode::from(1)
        }
    }
}

/// The site folder and the output folder of a command, found as [`waymark::workspace`]
/// says; when there is no site, the error and a hint are printed and the exit code is
/// returned instead.
pub(crate) fn site_and_output(
    site: Option<PathBuf>,
    output: Option<PathBuf>,
    command: &str,
) -> Result<(PathBuf, PathBuf), ExitCode> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if let Some(given) = site.as_deref().filter(|s| !s.is_dir()) {
        eprintln!(
            "error: there is no folder {}",
            display_path(given).display()
        );
        if let Err(no_site) = waymark::workspace::find_site(None, &cwd) {
            eprintln!("  = hint: {}", no_site.hint(command));
        }
        return Err(ExitCode::from(1));
    }
    match waymark::workspace::find_site(site.as_deref(), &cwd) {
        Ok(site) => {
            let site = relative_if_below(&site, &cwd);
            let output = output.unwrap_or_else(|| waymark::workspace::default_output(&site));
            Ok((site, output))
        }
        Err(no_site) => {
            eprintln!("error: {no_site}");
            eprintln!("  = hint: {}", no_site.hint(command));
            Err(ExitCode::from(1))
        }
    }
}

/// `path` relative to `cwd` when it lies in it, so that messages quote short paths.
pub(crate) fn relative_if_below(path: &Path, cwd: &Path) -> PathBuf {
    match path.strip_prefix(cwd) {
        Ok(rest) if rest.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rest) => rest.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

pub(crate) fn print_warnings(warnings: &[Diagnostic], site: &Path) {
    for text in waymark::diagnostics::render_capped(warnings, site) {
        eprintln!("{text}\n");
    }
}
/// The progress bar of a build: drawn only on a terminal, only for sites of more than a
/// few dozen pages, and never with `--quiet`.
pub(crate) struct ProgressBar {
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
    enabled: bool,
}

/// Fewer pages than this build too fast to need a bar.
pub(crate) const PROGRESS_MIN_PAGES: u64 = 50;

impl ProgressBar {
    fn new(quiet: bool) -> ProgressBar {
        use std::io::IsTerminal;
        ProgressBar {
            bar: std::sync::OnceLock::new(),
            enabled: !quiet && std::io::stderr().is_terminal(),
        }
    }
}

impl waymark::Progress for ProgressBar {
    fn start(&self, pages: u64) {
        if !self.enabled || pages < PROGRESS_MIN_PAGES {
            return;
        }
        let bar = indicatif::ProgressBar::new(pages);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}")
        {
            bar.set_style(style);
        }
        let _ = self.bar.set(bar);
    }

    fn advance(&self) {
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
