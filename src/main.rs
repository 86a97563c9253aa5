//! The `waymark` command line: parse arguments, call the library, print diagnostics, and
//! exit 0 (success), 1 (content errors) or 2 (usage errors). The commands are in
//! [`cli`], a module of each kind.

mod cli;

use clap::Parser;
use cli::args::{Cli, Command, ThemeCommand};
use std::path::PathBuf;
use std::process::ExitCode;
use waymark::scaffold::{Ci, Language};

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
    match Cli::parse().command {
        Command::Build {
            site,
            output,
            base_url,
            drafts,
            timings,
            quiet,
        } => cli::build(site, output, base_url, drafts, timings, quiet),
        Command::Check {
            site,
            drafts,
            strict,
            timings,
        } => cli::check(site, drafts, strict, timings),
        Command::Serve {
            site,
            output,
            port,
            bind,
            open,
            drafts,
        } => cli::serve(site, output, bind, port, open, drafts),
        Command::Snapshot {
            name,
            site,
            force,
            date,
        } => match cli::site_and_output(site, None, "snapshot NAME") {
            Ok((site, _)) => cli::snapshot(&site, &name, force, date.as_deref()),
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
                Err(err) => return cli::review_failed(err),
            };
            let site = match cli::site_and_output(site, None, "diff") {
                Ok((site, _)) => site,
                Err(code) => return code,
            };
            cli::diff(
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
            cli::scaffolded(cli::init(&dir, ci, language))
        }
        Command::New { what } => cli::scaffolded(cli::new(what)),
        Command::Theme {
            action: ThemeCommand::Eject { dir, site },
        } => cli::scaffolded(cli::eject(&dir, site.as_deref())),
        Command::Import { what } => cli::import(what),
        Command::Export { what } => cli::export(what),
    }
}
