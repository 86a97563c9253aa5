//! The authoring commands: `init`, `new` and `theme eject`.

use super::args::NewCommand;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use waymark::diagnostics::display_path;
use waymark::model::JourneyKind;
use waymark::scaffold::{Ci, Language, ScaffoldError};

/// Exit status and message of an authoring command: refusals are usage errors (2),
/// failures to write are errors (1).
pub(crate) fn scaffolded(result: Result<(), ScaffoldError>) -> ExitCode {
    let Err(err) = result else {
        return ExitCode::SUCCESS;
    };
    eprintln!("error: {err}");
    if let Some(hint) = err.hint() {
        eprintln!("  = hint: {hint}");
    }
    ExitCode::from(if err.is_usage() { 2 } else { 1 })
}

pub(crate) fn init(dir: &Path, ci: Ci, language: Language) -> Result<(), ScaffoldError> {
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

pub(crate) fn new(what: NewCommand) -> Result<(), ScaffoldError> {
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

pub(crate) fn eject(dir: &Path, site: Option<&Path>) -> Result<(), ScaffoldError> {
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
