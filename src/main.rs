//! The `waymark` command line: parse arguments, call the library, print diagnostics, and
//! exit 0 (success), 1 (content errors) or 2 (usage errors).

use clap::builder::PossibleValuesParser;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use waymark::diagnostics::{counted, display_path, Diagnostic};
use waymark::model::JourneyKind;
use waymark::scaffold::{Ci, Language, ScaffoldError};

/// How to install waymark, at the end of `waymark init --help`.
fn init_help() -> String {
    use waymark::scaffold::{PACKAGE, REPOSITORY, VERSION};
    format!(
        "The CI file installs waymark {VERSION}, the binary of its release at \
         https://github.com/{REPOSITORY}/releases, with its checksum checked.\n\
         To install the same on your machine: download it from there, or run\n\
         `cargo install {PACKAGE} --version {VERSION} --locked`."
    )
}

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
        /// The site folder (default: the nearest folder with site.yaml from here up, else
        /// content/)
        site: Option<PathBuf>,
        /// The output folder, replaced whole when the build succeeds (default: public/
        /// beside site.yaml, or beside a site folder named content)
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Override base_url of site.yaml (e.g. `/my-project/` or `https://example.com/cx/`)
        #[arg(long, value_parser = base_url)]
        base_url: Option<String>,
        /// Include journeys marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Print how long each phase took
        #[arg(long)]
        timings: bool,
        /// Print only errors, and warnings as a count
        #[arg(short, long)]
        quiet: bool,
    },
    /// Check the site for errors without writing anything
    Check {
        /// The site folder (default: the nearest folder with site.yaml from here up, else
        /// content/)
        site: Option<PathBuf>,
        /// Include journeys marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
    },
    /// Build the site, serve it locally, and rebuild and reload on every change
    Serve {
        /// The site folder (default: the nearest folder with site.yaml from here up, else
        /// content/)
        site: Option<PathBuf>,
        /// The output folder, written as `build` writes it (default: as for `build`)
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The port to listen on
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback shows the site to other machines
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the browser
        #[arg(long)]
        open: bool,
        /// Include journeys marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// Freeze the current content as a release: writes releases/NAME.json in the site
    Snapshot {
        /// The release's name: ASCII letters, digits, `-` and `.` (e.g. `2026-Q3`)
        name: String,
        /// The site folder (default: the nearest folder with site.yaml from here up, else
        /// content/)
        site: Option<PathBuf>,
        /// Replace a snapshot of the same name
        #[arg(long)]
        force: bool,
        /// The release's date, YYYY-MM-DD or `today` (default: SOURCE_DATE_EPOCH when
        /// set, else the newest `updated` of the journeys)
        #[arg(long)]
        date: Option<String>,
    },
    /// Create a new site that builds at once, with the CI file that publishes it
    #[command(after_help = init_help())]
    Init {
        /// The folder to create; it must be missing or empty
        dir: PathBuf,
        /// Where the site is published: `github` writes .github/workflows/pages.yml (GitHub
        /// Pages), `gitlab` writes .gitlab-ci.yml (GitLab Pages), `none` no CI file. The file
        /// goes at the root of the git repository DIR is in, or in DIR
        #[arg(long, default_value = "github", value_parser = PossibleValuesParser::new(Ci::ALL.iter().map(|c| c.as_str())))]
        ci: String,
        /// The language of the sample content and of the pages' words, numbers and dates
        /// (`language:` in site.yaml)
        #[arg(long, default_value = "en", value_parser = PossibleValuesParser::new(Language::ALL.iter().map(|l| l.as_str())))]
        language: String,
    },
    /// Add a persona or a journey to a site, every field explained in a comment
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Start a theme of your own
    Theme {
        #[command(subcommand)]
        action: ThemeCommand,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// Write personas/<ID>.md
    Persona {
        /// The persona's id and file name: lowercase ASCII letters, digits and `-`
        id: String,
        /// The site folder (default: the nearest folder with site.yaml, from here up)
        #[arg(long)]
        site: Option<PathBuf>,
    },
    /// Write journeys/<ID>.md with the stages awareness to advocacy
    Journey {
        /// The journey's id and file name: lowercase ASCII letters, digits and `-`
        id: String,
        /// The id of the persona who walks the journey
        #[arg(long)]
        persona: String,
        /// What the map describes
        #[arg(long, default_value = "current-state", value_parser = PossibleValuesParser::new(JourneyKind::ALL.iter().map(|k| k.as_str())))]
        kind: String,
        /// The site folder (default: the nearest folder with site.yaml, from here up)
        #[arg(long)]
        site: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Copy the built-in theme into DIR (templates/ and static/) to change it
    Eject {
        /// The folder to create, best inside the site folder (e.g. `themes/my-theme`)
        dir: PathBuf,
        /// The site that will use it, to say what to put in its site.yaml
        #[arg(long)]
        site: Option<PathBuf>,
    },
}

/// Rendering allocates and frees many small strings and template values on every thread;
/// mimalloc's thread-local heaps do that markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process. mimalloc asks for them, and the
/// kernel then zeroes a whole 2 MB page when any byte of it is first touched: a run that
/// fills its memory once and exits spent a fifth of `check`'s time in that zeroing
/// (README, Performance).
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and reads no memory of
    // ours; if it fails, pages stay as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site,
            output,
            base_url,
            drafts,
            timings,
            quiet,
        } => {
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
            match waymark::build_with_progress(&options, &bar) {
                Ok(report) => {
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
                        for phase in &report.timings {
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
                    if !quiet {
                        for note in &report.notes {
                            eprintln!("note: {note}");
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
                Err(diagnostics) => fail(&diagnostics),
            }
        }
        Command::Check {
            site,
            drafts,
            strict,
        } => {
            let site = match site_and_output(site, None, "check") {
                Ok((site, _)) => site,
                Err(code) => return code,
            };
            let diagnostics = waymark::check(&site, drafts);
            print_diagnostics(&diagnostics);
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
        Command::Serve {
            site,
            output,
            port,
            bind,
            open,
            drafts,
        } => {
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
        Command::Snapshot {
            name,
            site,
            force,
            date,
        } => match site_and_output(site, None, "snapshot NAME") {
            Ok((site, _)) => snapshot(&site, &name, force, date.as_deref()),
            Err(code) => code,
        },
        Command::Init { dir, ci, language } => {
            // clap has checked the names against the same lists.
            let ci = ci.parse().unwrap_or(Ci::GitHub);
            let language = language.parse().unwrap_or(Language::English);
            scaffolded(init(&dir, ci, language))
        }
        Command::New { what } => scaffolded(new(what)),
        Command::Theme {
            action: ThemeCommand::Eject { dir, site },
        } => scaffolded(eject(&dir, site.as_deref())),
    }
}

/// `--base-url`: a web address or a path from the root, checked as `base_url` is.
fn base_url(text: &str) -> Result<String, String> {
    waymark::model::check_url(text, waymark::model::UrlKind::Base).map(|()| text.to_string())
}

/// `waymark snapshot`: exit 1 for content errors, 2 for a bad name or date, or a name
/// already taken without `--force`.
fn snapshot(site: &Path, name: &str, force: bool, date: Option<&str>) -> ExitCode {
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
fn site_and_output(
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
fn relative_if_below(path: &Path, cwd: &Path) -> PathBuf {
    match path.strip_prefix(cwd) {
        Ok(rest) if rest.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rest) => rest.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

fn fail(diagnostics: &[Diagnostic]) -> ExitCode {
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

fn print_warnings(warnings: &[Diagnostic], site: &Path) {
    for text in waymark::diagnostics::render_capped(warnings, site) {
        eprintln!("{text}\n");
    }
}

/// The progress bar of a build: drawn only on a terminal, only for sites of more than a
/// few dozen pages, and never with `--quiet`.
struct ProgressBar {
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
    enabled: bool,
}

/// Fewer pages than this build too fast to need a bar.
const PROGRESS_MIN_PAGES: u64 = 50;

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

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for text in waymark::diagnostics::render_all(diagnostics) {
        eprintln!("{text}\n");
    }
}

/// Exit status and message of an authoring command: refusals are usage errors (2),
/// failures to write are errors (1).
fn scaffolded(result: Result<(), ScaffoldError>) -> ExitCode {
    let Err(err) = result else {
        return ExitCode::SUCCESS;
    };
    eprintln!("error: {err}");
    if let Some(hint) = err.hint() {
        eprintln!("  = hint: {hint}");
    }
    ExitCode::from(if err.is_usage() { 2 } else { 1 })
}

fn init(dir: &Path, ci: Ci, language: Language) -> Result<(), ScaffoldError> {
    let written = waymark::scaffold::init(dir, ci, language, waymark::analysis::today())?;
    let shown = display_path(dir);
    eprintln!("created a site in {}:", shown.display());
    for path in &written {
        eprintln!("  {}", display_path(path).display());
    }
    let publish = match ci {
        Ci::GitHub => {
            "push it to GitHub and set Settings → Pages → Source to GitHub Actions to publish it"
        }
        Ci::GitLab => "push it to GitLab to publish it on GitLab Pages",
        Ci::None => "README.md says how to publish it",
    };
    eprintln!(
        "next: `cd {}`, then `waymark serve .` to see it; {publish}",
        shown.display()
    );
    Ok(())
}

fn new(what: NewCommand) -> Result<(), ScaffoldError> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let path = match what {
        NewCommand::Persona { id, site } => {
            let site = waymark::scaffold::find_site(site.as_deref(), &cwd)?;
            waymark::scaffold::new_persona(&site, &id)?
        }
        NewCommand::Journey {
            id,
            persona,
            kind,
            site,
        } => {
            // clap has checked the kind against the same list.
            let kind = JourneyKind::ALL
                .iter()
                .copied()
                .find(|k| k.as_str() == kind)
                .unwrap_or(JourneyKind::CurrentState);
            let named = site.is_some();
            let site = waymark::scaffold::find_site(site.as_deref(), &cwd)?;
            let today = waymark::analysis::today();
            let path = waymark::scaffold::new_journey(&site, &id, &persona, kind, today)?;
            // From here, the site is found again unless it was named.
            let site_argument = match named {
                true => format!(" {}", display_path(&site).display()),
                false => String::new(),
            };
            eprintln!(
                "created {} as a draft: `waymark serve{site_argument} --drafts` shows it; set `draft: false` to publish it",
                display_path(&path).display()
            );
            return Ok(());
        }
    };
    eprintln!("created {}", display_path(&path).display());
    Ok(())
}

fn eject(dir: &Path, site: Option<&Path>) -> Result<(), ScaffoldError> {
    // A site named with --site must exist before anything is written.
    let named_site = site
        .map(|s| waymark::scaffold::find_site(Some(s), Path::new(".")))
        .transpose()?;
    let written = waymark::scaffold::eject_theme(dir)?;
    eprintln!(
        "copied the built-in theme into {} ({} files)",
        display_path(dir).display(),
        written.len()
    );
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let site = named_site.or_else(|| {
        let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
        waymark::scaffold::find_site(None, parent.unwrap_or(&cwd))
            .or_else(|_| waymark::scaffold::find_site(None, &cwd))
            .ok()
    });
    match site.and_then(|site| waymark::scaffold::theme_setting(&site, dir).map(|s| (site, s))) {
        Some((site, setting)) => {
            let config = site.join("site.yaml");
            let config = config.strip_prefix(".").unwrap_or(&config);
            eprintln!(
                "to use it, set `theme: {setting}` in {}",
                display_path(config).display()
            )
        }
        None => eprintln!(
            "to use it, move it into a site folder (themes are read only from inside the site) \
             and set `theme: <its path in the site folder>` in site.yaml"
        ),
    }
    Ok(())
}
