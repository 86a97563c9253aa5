//! What each request is answered with: files of the output folder (HTML with the
//! live-reload script added), the 404 page, the error page while the last build has
//! failed, and the event stream. Only GET and HEAD; nothing outside the output folder.

use super::error_page::{error_page, error_panel};
use super::http::{self, Target};
use super::reload::{self, Builds, EVENTS_PATH};
use super::request::{Head, Method};
use super::response::Response;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock};

/// What the request threads share.
pub struct Served {
    /// The output folder, absolute (it may not exist yet, and is replaced by each build).
    pub out_dir: PathBuf,
    /// The path the site is served under (that of `base_url`), as segments.
    pub prefix: RwLock<Vec<String>>,
    pub builds: Builds,
    /// Whether the server listens on loopback only, and so answers only requests that
    /// name this machine: a page elsewhere that points its own host name at 127.0.0.1
    /// (DNS rebinding) must not read the preview.
    pub loopback_only: bool,
}

impl Served {
    pub fn prefix(&self) -> Vec<String> {
        self.prefix
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// How a request is answered.
pub enum Answer {
    Response(Response),
    /// The live-reload event stream, which holds its connection until the page closes.
    EventStream,
}

/// The answer to the request `head`.
pub fn answer(head: &Head, served: &Served) -> Answer {
    if served.loopback_only && !head.host.as_deref().is_none_or(names_this_machine) {
        return Answer::Response(Response::text(
            421,
            "this preview answers only to localhost and 127.0.0.1\n",
        ));
    }
    if head.method == Method::Other {
        let response = Response::text(405, "only GET and HEAD are served\n");
        return Answer::Response(response.with_header("Allow", "GET, HEAD"));
    }
    if head.target.split('?').next() == Some(EVENTS_PATH) {
        return match head.method {
            Method::Head => Answer::Response(Response::bytes(200, "text/event-stream", Vec::new())),
            _ => Answer::EventStream,
        };
    }
    Answer::Response(response_for(&head.target, served))
}

/// Whether a `Host` header names this machine: `localhost` (or a name under it),
/// a 127.x address or `[::1]`, with any port.
fn names_this_machine(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name == "::1"
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The whole response to a GET of `url`.
fn response_for(url: &str, served: &Served) -> Response {
    let path = match http::parse_url_path(url) {
        Ok(path) => path,
        Err(http::BadPath(why)) => return Response::text(400, &format!("bad request: {why}\n")),
    };
    // Read before the files: a build that finishes while the page is read then has a
    // newer number, and the page reloads once more rather than staying stale.
    let state = served.builds.current();
    let script = reload::script(&served.builds.id(state.number));
    let root = fs::canonicalize(&served.out_dir).ok();
    let target = match &root {
        Some(root) => http::locate(root, &served.prefix(), &path),
        None => Target::NotFound,
    };
    // While the last build has failed, the last good pages stay served with the errors
    // over them, so it is plain the edit has not taken effect yet; an address with no
    // page gets the errors alone.
    let script = match &state.errors {
        Some(errors) => {
            if matches!(target, Target::NotFound) {
                return html(500, error_page(errors).as_bytes(), &script);
            }
            format!("{}{script}", error_panel(errors))
        }
        None => script,
    };
    match target {
        Target::File(file) => file_response(&file, &script)
            .unwrap_or_else(|| Response::text(404, "404: the file cannot be read\n")),
        Target::Redirect(location) => Response::text(302, &format!("moved to {location}\n"))
            .with_header("Location", &location),
        Target::NotFound => not_found(root.as_deref(), &script),
    }
}

/// A file of the output: HTML with the script added, anything else as it is.
fn file_response(file: &Path, script: &str) -> Option<Response> {
    let content_type = http::content_type(file);
    if http::is_html(content_type) {
        return fs::read(file).ok().map(|page| html(200, &page, script));
    }
    let opened = File::open(file).ok()?;
    let length = opened.metadata().ok()?.len();
    Some(Response::file(opened, length, content_type))
}

/// The site's 404 page (from the top of the output) with status 404.
fn not_found(root: Option<&Path>, script: &str) -> Response {
    let page = root.and_then(|root| {
        let file = fs::canonicalize(root.join("404.html")).ok()?;
        file.starts_with(root)
            .then(|| fs::read(file).ok())
            .flatten()
    });
    match page {
        Some(page) => html(404, &page, script),
        None => Response::text(404, "404: not found\n"),
    }
}

fn html(status: u16, page: &[u8], script: &str) -> Response {
    Response::bytes(
        status,
        "text/html; charset=utf-8",
        reload::inject(page, script),
    )
}

#[cfg(test)]
mod tests {
    use super::names_this_machine;

    #[test]
    fn only_names_of_this_machine_are_answered_on_loopback() {
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "preview.localhost:8080",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.1.2.3",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(names_this_machine(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "10.0.0.1:1111",
            "[::2]:1111",
            "",
        ] {
            assert!(!names_this_machine(host), "{host}");
        }
    }
}
