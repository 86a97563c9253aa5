//! The `waymark` command line: parse arguments, call the library, print diagnostics, and
//! exit 0 (success), 1 (content errors) or 2 (usage errors).

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use waymark::diagnostics::{display_path, Diagnostic};

#[derive(Parser)]
#[command(
    name = "waymark",
    version,
    about = "Build customer-journey report sites from Markdown, YAML and CSV"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder
    Build {
        /// The site folder (with site.yaml)
        #[arg(default_value = "content")]
        site: PathBuf,
        /// The output folder, replaced whole when the build succeeds
        #[arg(short, long, default_value = "public")]
        output: PathBuf,
        /// Override base_url of site.yaml (e.g. `/my-project/` or `https://example.com/cx/`)
        #[arg(long)]
        base_url: Option<String>,
        /// Include journeys marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Print how long each phase took
        #[arg(long)]
        timings: bool,
    },
    /// Check the site for errors without writing anything
    Check {
        /// The site folder (with site.yaml)
        #[arg(default_value = "content")]
        site: PathBuf,
        /// Include journeys marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site,
            output,
            base_url,
            drafts,
            timings,
        } => {
            let options = waymark::BuildOptions {
                site_dir: site,
                out_dir: output.clone(),
                base_url,
                drafts,
            };
            match waymark::build(&options) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    if timings {
                        for (phase, duration) in &report.timings {
                            eprintln!("{phase:>16}: {:>8.1} ms", duration.as_secs_f64() * 1000.0);
                        }
                    }
                    eprintln!(
                        "built {} journeys and {} personas into {} ({} files)",
                        report.journeys,
                        report.personas,
                        display_path(&output).display(),
                        report.files_written
                    );
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => fail(&diagnostics),
            }
        }
        Command::Check {
            site,
            drafts,
            strict,
        } => {
            let diagnostics = waymark::check(&site, drafts);
            let failed = diagnostics.iter().any(|d| d.is_error() || strict);
            if failed {
                return fail(&diagnostics);
            }
            print_diagnostics(&diagnostics);
            eprintln!("{}: no errors", display_path(&site).display());
            ExitCode::SUCCESS
        }
    }
}

fn fail(diagnostics: &[Diagnostic]) -> ExitCode {
    print_diagnostics(diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    eprintln!(
        "error: build failed with {errors} error(s) and {warnings} warning(s); nothing was written"
    );
    ExitCode::from(1)
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut last_path: Option<&Path> = None;
    let mut source: Option<String> = None;
    for diagnostic in diagnostics {
        if last_path != Some(diagnostic.path.as_path()) {
            // Diagnostics are sorted by path, so each file is read at most once. Only
            // regular files of a sane size are quoted: reading a named pipe would block,
            // and a huge file is not worth holding in memory for one line.
            source = std::fs::metadata(&diagnostic.path)
                .ok()
                .filter(|meta| meta.is_file() && meta.len() < 8 << 20)
                .and_then(|_| std::fs::read(&diagnostic.path).ok())
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
            last_path = Some(diagnostic.path.as_path());
        }
        let shown = Diagnostic {
            path: display_path(&diagnostic.path),
            ..diagnostic.clone()
        };
        eprintln!("{}\n", shown.render(source.as_deref()));
    }
}
