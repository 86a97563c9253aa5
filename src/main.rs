//! The `waymark` command line: parse arguments, call the library, print diagnostics, and
//! exit 0 (success), 1 (content errors) or 2 (usage errors).

use clap::builder::PossibleValuesParser;
use clap::{Parser, Subcommand, ValueEnum};
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
    /// Say what a change to the content does to the journeys: compares the site as it is
    /// with the same site at a git revision, or with another folder
    #[command(after_help = DIFF_HELP)]
    Diff {
        /// The git revision to compare with (default: the merge base of HEAD and the default
        /// branch)
        #[arg(value_name = "BASE")]
        base: Option<String>,
        /// The site folder (default: the nearest folder with site.yaml from here up, else
        /// content/)
        site: Option<PathBuf>,
        /// Compare with this site folder instead of a git revision
        #[arg(long, value_name = "DIR")]
        against: Option<PathBuf>,
        /// How to write the report: plain text, Markdown for a pull request or job summary,
        /// or JSON for tools
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The address of a preview of the changed site: Markdown links the pages to it
        #[arg(long, value_parser = base_url)]
        base_url: Option<String>,
        /// Exit 1 when the change adds lint warnings (`warnings`) or makes an emotion, a
        /// KPI or an overall conversion worse (`worse`); both: `warnings,worse`
        #[arg(long, value_enum, value_delimiter = ',')]
        fail_on: Vec<FailOn>,
        /// Include journeys marked `draft: true`, on both sides
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new site that builds at once, with the CI file that publishes it
    #[command(after_help = init_help())]
    Init {
        /// The folder to create; it must be missing or empty
        dir: PathBuf,
        /// Where the site is published: `github` writes .github/workflows/pages.yml (GitHub
        /// Pages) and review.yml (pull requests), `gitlab` writes .gitlab-ci.yml (GitLab Pages
        /// and merge requests), `none` no CI file. The files go at the root of the git
        /// repository DIR is in, or in DIR
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
    /// Bring a journey in from a Mermaid diagram or a spreadsheet, or customer feedback
    /// from a survey or helpdesk export
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Take a journey out as a Mermaid diagram or a spreadsheet, or the portfolio as tables
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
}

/// What `import mermaid` and `import sheet` both take.
#[derive(clap::Args)]
struct ImportArgs {
    /// The file to read
    file: PathBuf,
    /// The id of the persona who walks the journey
    #[arg(long)]
    persona: String,
    /// The journey's id and file name (default: made from the file's name)
    #[arg(long)]
    id: Option<String>,
    /// What the map describes (default: the kind the file names, else current-state)
    #[arg(long, value_parser = PossibleValuesParser::new(JourneyKind::ALL.iter().map(|k| k.as_str())))]
    kind: Option<String>,
    /// Replace journeys/<ID>.md when it exists
    #[arg(long)]
    force: bool,
    /// The site folder (default: the nearest folder with site.yaml from here up, else
    /// content/)
    #[arg(long)]
    site: Option<PathBuf>,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Write journeys/<ID>.md from a Mermaid `journey` diagram (.mmd)
    Mermaid(ImportArgs),
    /// Write journeys/<ID>.md from a sheet (CSV): lanes as rows and stages as columns,
    /// or the other way round
    Sheet(ImportArgs),
    /// Append the answers of a survey or helpdesk export to feedback/<JOURNEY>.csv,
    /// masked, without the columns of personal data and without rows already there
    Feedback(FeedbackImportArgs),
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Print the journey ID as a Mermaid `journey` diagram
    Mermaid {
        /// The journey's id
        id: String,
        /// Write it into this file instead
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Replace the file of --out when it exists
        #[arg(long)]
        force: bool,
        /// The site folder (default: the nearest folder with site.yaml from here up,
        /// else content/)
        #[arg(long)]
        site: Option<PathBuf>,
    },
    /// Print the journey ID as a sheet (CSV, UTF-8 with BOM, `;`), lanes as rows
    Sheet {
        /// The journey's id
        id: String,
        /// Write it into this file instead
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Replace the file of --out when it exists
        #[arg(long)]
        force: bool,
        /// The site folder (default: the nearest folder with site.yaml from here up,
        /// else content/)
        #[arg(long)]
        site: Option<PathBuf>,
    },
    /// Write the portfolio as tidy CSV tables for BI tools
    Table {
        /// The folder to write them into (default: export/ beside the output folder)
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Replace the tables when they exist
        #[arg(long)]
        force: bool,
        /// Include journeys marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// The site folder (default: the nearest folder with site.yaml from here up,
        /// else content/)
        #[arg(long)]
        site: Option<PathBuf>,
    },
}

/// How BASE and SITE are told apart, at the end of `waymark diff --help`.
const DIFF_HELP: &str = "\
With one argument, a folder is the site and anything else is the revision; a name that is \
both (a branch called `content` beside the folder content/) is refused: write the folder \
as `./content`, or give both. The site as it is means its files as they are now, saved \
changes not yet committed included.
Exit status: 0 (whatever changed), 1 when the site has errors or a --fail-on condition \
holds, 2 for a revision or folder that is not there.";

/// The report formats of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

/// What makes `diff` fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Warnings,
    Worse,
}

#[derive(clap::Args)]
struct FeedbackImportArgs {
    /// The export to read
    file: PathBuf,
    /// What wrote the export
    #[arg(long, value_parser = PossibleValuesParser::new(waymark::feedback::import::Format::ALL.iter().map(|f| f.as_str())))]
    format: String,
    /// The journey the answers are about
    #[arg(long)]
    journey: String,
    /// The map file: which columns are the id, date, rating and text of which stage
    #[arg(long)]
    map: Option<PathBuf>,
    /// The site folder (default: the nearest folder with site.yaml from here up, else
    /// content/)
    #[arg(long)]
    site: Option<PathBuf>,
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
        Command::Diff {
            base,
            site,
            against,
            format,
            base_url,
            fail_on,
            drafts,
        } => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            let arguments = waymark::review::Arguments {
                base,
                site,
                against,
            };
            let (against, site) = match arguments.resolve(&cwd) {
                Ok(found) => found,
                Err(err) => return review_failed(err),
            };
            let site = match site_and_output(site, None, "diff") {
                Ok((site, _)) => site,
                Err(code) => return code,
            };
            diff(
                &site,
                &against,
                format,
                base_url.as_deref(),
                &fail_on,
                drafts,
            )
        }
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
        Command::Import { what } => import(what),
        Command::Export { what } => export(what),
    }
}

/// `--base-url`: a web address or a path from the root, checked as `base_url` is.
fn base_url(text: &str) -> Result<String, String> {
    waymark::model::check_url(text, waymark::model::UrlKind::Base).map(|()| text.to_string())
}

/// `waymark diff`: prints the report on stdout; exit 1 for content errors or a
/// `--fail-on` condition, 2 for what is not there.
fn diff(
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
fn review_failed(err: waymark::review::ReviewError) -> ExitCode {
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
        "next: `cd {}`, then `waymark serve --open` to see it; {publish}",
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

/// `waymark import mermaid|sheet`: exit 1 for errors in the file, 2 for a refusal.
fn import(what: ImportCommand) -> ExitCode {
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
fn export(what: ExportCommand) -> ExitCode {
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
fn interop_failed(err: waymark::interop::InteropError, outcome: &str) -> ExitCode {
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
fn import_feedback(args: FeedbackImportArgs) -> ExitCode {
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
