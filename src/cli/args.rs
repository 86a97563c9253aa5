//! The command line's arguments: every command, its options, and their help.

use clap::builder::PossibleValuesParser;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use waymark::model::JourneyKind;
use waymark::scaffold::{Ci, Language};

/// How to install waymark, at the end of `waymark init --help`.
pub(crate) fn init_help() -> String {
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
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
        /// Print how long each phase took, beside the time the YAML library alone takes
        #[arg(long)]
        timings: bool,
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
pub(crate) struct ImportArgs {
    /// The file to read
    pub(crate) file: PathBuf,
    /// The id of the persona who walks the journey
    #[arg(long)]
    pub(crate) persona: String,
    /// The journey's id and file name (default: made from the file's name)
    #[arg(long)]
    pub(crate) id: Option<String>,
    /// What the map describes (default: the kind the file names, else current-state)
    #[arg(long, value_parser = PossibleValuesParser::new(JourneyKind::ALL.iter().map(|k| k.as_str())))]
    pub(crate) kind: Option<String>,
    /// Replace journeys/<ID>.md when it exists
    #[arg(long)]
    pub(crate) force: bool,
    /// The site folder (default: the nearest folder with site.yaml from here up, else
    /// content/)
    #[arg(long)]
    pub(crate) site: Option<PathBuf>,
}

#[derive(Subcommand)]
pub(crate) enum ImportCommand {
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
pub(crate) enum ExportCommand {
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
pub(crate) const DIFF_HELP: &str = "\
With one argument, a folder is the site and anything else is the revision; a name that is \
both (a branch called `content` beside the folder content/) is refused: write the folder \
as `./content`, or give both. The site as it is means its files as they are now, saved \
changes not yet committed included.
Exit status: 0 (whatever changed), 1 when the site has errors or a --fail-on condition \
holds, 2 for a revision or folder that is not there.";

/// The report formats of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Markdown,
    Json,
}

/// What makes `diff` fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    Warnings,
    Worse,
}

#[derive(clap::Args)]
pub(crate) struct FeedbackImportArgs {
    /// The export to read
    pub(crate) file: PathBuf,
    /// What wrote the export
    #[arg(long, value_parser = PossibleValuesParser::new(waymark::feedback::import::Format::ALL.iter().map(|f| f.as_str())))]
    pub(crate) format: String,
    /// The journey the answers are about
    #[arg(long)]
    pub(crate) journey: String,
    /// The map file: which columns are the id, date, rating and text of which stage
    #[arg(long)]
    pub(crate) map: Option<PathBuf>,
    /// The site folder (default: the nearest folder with site.yaml from here up, else
    /// content/)
    #[arg(long)]
    pub(crate) site: Option<PathBuf>,
}

#[derive(Subcommand)]
pub(crate) enum NewCommand {
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
pub(crate) enum ThemeCommand {
    /// Copy the built-in theme into DIR (templates/ and static/) to change it
    Eject {
        /// The folder to create, best inside the site folder (e.g. `themes/my-theme`)
        dir: PathBuf,
        /// The site that will use it, to say what to put in its site.yaml
        #[arg(long)]
        site: Option<PathBuf>,
    },
}

/// `--base-url`: a web address or a path from the root, checked as `base_url` is.
pub(crate) fn base_url(text: &str) -> Result<String, String> {
    waymark::model::check_url(text, waymark::model::UrlKind::Base).map(|()| text.to_string())
}
