//! `waymark serve`: build the site, serve the output folder over HTTP, rebuild when the
//! site changes, and reload open pages after each build.
//!
//! The output is written exactly as `build` writes it (same folder, same files, no
//! script); the live-reload script is added only to the HTML that serve sends. The site
//! is served under the path of its `base_url`, as where it is published, so that the
//! absolute links of the 404 page work here too. While the last build has failed, every
//! page is an error page listing its diagnostics; the files on disk stay the last good
//! ones.
//!
//! Modules: `listener` accepts connections within limits, `request` reads request heads,
//! `server` decides the answers and `response` writes them, `http` turns URLs into files
//! safely, `reload` holds the build state and the event stream, `error_page` shows
//! failed builds, and `watch` reports changes.

mod error_page;
mod http;
mod listener;
mod reload;
mod request;
mod response;
mod server;
mod watch;

use crate::diagnostics::{counted, display_path, render_all, render_capped, Diagnostic};
use crate::incremental::{Builder, FullBuild, Rebuilt};
use crate::BuildOptions;
use server::Served;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Instant;

/// What to serve and where.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub site_dir: PathBuf,
    pub out_dir: PathBuf,
    /// The address to listen on; a loopback one keeps the site to this machine.
    pub bind: IpAddr,
    pub port: u16,
    /// Opens the site in the browser once it is served.
    pub open: bool,
    /// Includes journeys marked `draft: true`.
    pub drafts: bool,
}

/// Why serve could not start or go on. Content errors are not among them: they are
/// shown, and serve waits for the fix.
#[derive(Debug)]
pub enum ServeError {
    /// The address cannot be listened on (in use, or not this machine's).
    Listen { address: SocketAddr, reason: String },
    /// The site folder cannot be watched.
    Watch { folder: PathBuf, reason: String },
    /// The output folder has no absolute form (its parent cannot be resolved).
    Output(PathBuf),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Listen { address, reason } => write!(
                f,
                "cannot listen on {address}: {reason} (choose another port with --port)"
            ),
            ServeError::Watch { folder, reason } => {
                write!(
                    f,
                    "cannot watch {}: {reason}",
                    display_path(folder).display()
                )
            }
            ServeError::Output(out) => {
                write!(f, "{} cannot be an output folder", out.display())
            }
        }
    }
}

impl std::error::Error for ServeError {}

/// Builds and serves the site until the process is stopped (Ctrl-C). Progress and
/// diagnostics go to standard error, as `build` prints them.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    // A missing site folder could never be watched, so could never be fixed by an edit.
    if !options.site_dir.is_dir() {
        return Err(ServeError::Watch {
            folder: options.site_dir.clone(),
            reason: "no such folder".into(),
        });
    }
    let out_dir = crate::output::resolve(&options.out_dir)
        .ok_or_else(|| ServeError::Output(options.out_dir.clone()))?;
    let address = SocketAddr::new(options.bind, options.port);
    // Listen before the first build, so that a port in use is said at once.
    let listener = TcpListener::bind(address).map_err(|err| ServeError::Listen {
        address,
        reason: err.to_string(),
    })?;
    let served = Arc::new(Served {
        out_dir: out_dir.clone(),
        prefix: RwLock::new(Vec::new()),
        builds: reload::Builds::new(),
        loopback_only: options.bind.is_loopback(),
    });
    // The port the system gave, should `--port 0` have asked for any.
    let port = listener.local_addr().map_or(options.port, |a| a.port());
    // Watch before the first build: an edit made while it runs starts another.
    let mut watch = start_watching(options, &out_dir)?;
    let mut builder = Builder::new(BuildOptions {
        site_dir: options.site_dir.clone(),
        out_dir: options.out_dir.clone(),
        base_url: None,
        drafts: options.drafts,
    });
    rebuild(options, &served, &mut builder, &[]);
    let url = format!(
        "http://{}{}",
        SocketAddr::new(browsable(options.bind), port),
        http::folder_url(&served.prefix())
    );
    if options.bind.is_unspecified() {
        eprintln!("warning: listening on every network interface: other machines can see the site");
    }
    eprintln!(
        "serving {} at {url} (Ctrl-C to stop)",
        display_path(&options.out_dir).display()
    );
    // Connections made until now waited for the first build; they are answered now.
    let requests = Arc::clone(&served);
    std::thread::Builder::new()
        .name("waymark-listen".into())
        .spawn(move || listener::run(listener, requests))
        .map_err(|err| ServeError::Listen {
            address,
            reason: err.to_string(),
        })?;
    if options.open {
        if let Err(err) = opener::open_browser(&url) {
            eprintln!("warning: cannot open a browser: {err}; open {url} yourself");
        }
    }
    rebuild_on_change(options, &served, &mut watch, &mut builder);
    Ok(())
}

/// A watch over the folders a build reads.
fn start_watching(options: &ServeOptions, out_dir: &Path) -> Result<watch::Watch, ServeError> {
    let mut watch = watch::Watch::new(ignored_paths(out_dir)).map_err(|err| ServeError::Watch {
        folder: options.site_dir.clone(),
        reason: err.to_string(),
    })?;
    if let Some((folder, err)) = watch
        .add(&watched_folders(&options.site_dir))
        .into_iter()
        .next()
    {
        return Err(ServeError::Watch {
            folder,
            reason: err.to_string(),
        });
    }
    Ok(watch)
}

/// Rebuilds on every change until the watcher stops.
fn rebuild_on_change(
    options: &ServeOptions,
    served: &Served,
    watch: &mut watch::Watch,
    builder: &mut Builder,
) {
    while let Some(change) = watch.next_change() {
        for warning in &change.warnings {
            eprintln!("warning: watching files: {warning}");
        }
        let paths = change.paths;
        if paths.is_empty() {
            continue;
        }
        let first = paths.first().map(|p| display_path(p).display().to_string());
        let more = paths.len().saturating_sub(1);
        match (first, more) {
            (Some(first), 0) => eprintln!("changed: {first}"),
            (Some(first), more) => eprintln!("changed: {first} and {more} more"),
            (None, _) => {}
        }
        rebuild(options, served, builder, &paths);
        // site.yaml may name another theme now.
        for (folder, err) in watch.add(&watched_folders(&options.site_dir)) {
            eprintln!(
                "warning: cannot watch {}: {err}",
                display_path(&folder).display()
            );
        }
    }
}

/// Builds the site after `changed` (as little as it can), prints the outcome as `build`
/// does, and tells the open pages.
fn rebuild(options: &ServeOptions, served: &Served, builder: &mut Builder, changed: &[PathBuf]) {
    let started = Instant::now();
    let result = builder.rebuild(changed);
    let took = started.elapsed().as_secs_f64() * 1000.0;
    // Also after a failed build: site.yaml may be fine while a journey is not.
    if let Ok(config) = crate::content::load_config(&options.site_dir.join("site.yaml")) {
        let prefix = http::prefix_of(&config.base_url);
        *served
            .prefix
            .write()
            .unwrap_or_else(PoisonError::into_inner) = prefix;
    }
    let errors = match result {
        Ok(Rebuilt { report, full }) => {
            for text in render_capped(&report.warnings, &options.site_dir) {
                eprintln!("{text}\n");
            }
            if let Some(why) = full.as_ref().filter(|why| **why != FullBuild::First) {
                let show = |path: &Path| display_path(path).display().to_string();
                eprintln!("full build: {}", why.reason(&show));
            }
            let what = if full.is_none() { "updated" } else { "built" };
            eprintln!(
                "{what} {} and {} into {} ({} written) in {took:.0} ms",
                counted(report.journeys, "journey"),
                counted(report.personas, "persona"),
                display_path(&options.out_dir).display(),
                counted(report.files_written, "file")
            );
            None
        }
        Err(diagnostics) => {
            let rendered = print(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: build failed with {} and {}; the browser shows them until they are fixed",
                counted(errors, "error"),
                counted(diagnostics.len() - errors, "warning")
            );
            Some(rendered)
        }
    };
    served.builds.finished(errors);
    // After the pages and the reload: nothing open in a browser waits for the data.
    let started = Instant::now();
    match builder.write_site_wide_files() {
        Ok(written) if written.is_empty() => {}
        Ok(written) => eprintln!(
            "wrote {} in {:.0} ms",
            written.join(" and "),
            started.elapsed().as_secs_f64() * 1000.0
        ),
        Err(diagnostics) => {
            print(&diagnostics);
        }
    }
}

/// Prints diagnostics as `build` does; returns them as printed.
fn print(diagnostics: &[Diagnostic]) -> Vec<String> {
    let rendered = render_all(diagnostics);
    for text in &rendered {
        eprintln!("{text}\n");
    }
    rendered
}

/// The folders a build reads: the site folder, and its theme and `templates/` folders.
/// These lie inside the site folder (a theme leading out is refused), and are named all
/// the same so that one reached through a link is watched where it really is.
fn watched_folders(site_dir: &Path) -> Vec<PathBuf> {
    let mut folders = vec![site_dir.to_path_buf()];
    if let Ok(config) = crate::content::load_config(&site_dir.join("site.yaml")) {
        if config.theme != "default" {
            folders.push(site_dir.join(&config.theme));
        }
    }
    folders.push(site_dir.join("templates"));
    folders
}

/// The output folder and the temporary folders a build writes beside it: a build's own
/// writes must not start the next build.
fn ignored_paths(out_dir: &Path) -> Vec<PathBuf> {
    let mut ignored = vec![out_dir.to_path_buf()];
    if let (Some(parent), Some(name)) = (out_dir.parent(), out_dir.file_name()) {
        let name = name.to_string_lossy();
        ignored.extend(crate::output::temporary_siblings(parent, &name));
    }
    ignored
}

/// The address a browser on this machine reaches a server listening on `bind` at.
fn browsable(bind: IpAddr) -> IpAddr {
    match bind {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    }
}
