//! Answering requests: files of the output folder (HTML with the live-reload script
//! added), the 404 page, the error page while the last build has failed, and the event
//! stream. Only GET and HEAD; nothing outside the output folder.

use super::error_page::{error_page, error_panel};
use super::http::{self, Target};
use super::reload::{self, Builds, EVENTS_PATH};
use std::fs::{self, File};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

/// What the request threads share.
pub struct Served {
    /// The output folder, absolute (it may not exist yet, and is replaced by each build).
    pub out_dir: PathBuf,
    /// The path the site is served under (that of `base_url`), as segments.
    pub prefix: RwLock<Vec<String>>,
    pub builds: Builds,
}

impl Served {
    pub fn prefix(&self) -> Vec<String> {
        self.prefix
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Answers requests until the server stops, each on its own thread: an event stream
/// holds its thread as long as its page stays open, and must not hold up anything else.
pub fn run(server: Server, served: Arc<Served>) {
    for request in server.incoming_requests() {
        let served = Arc::clone(&served);
        // Should the thread not start, the request is dropped, which answers it with 500.
        let _ = std::thread::Builder::new()
            .name("waymark-serve".into())
            .spawn(move || answer(request, &served));
    }
}

fn answer(request: Request, served: &Served) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = text(405, "only GET and HEAD are served\n");
        let _ = request.respond(with_header(response, "Allow", "GET, HEAD"));
        return;
    }
    let url = request.url().to_string();
    if url.split('?').next() == Some(EVENTS_PATH) {
        if *request.method() == Method::Head {
            let response = Response::empty(200);
            let _ = request.respond(with_header(response, "Content-Type", "text/event-stream"));
        } else {
            // The stream writes its own response head: tiny_http would buffer a streamed
            // body into 8 KiB chunks, and events must go out at once.
            let mut out = request.into_writer();
            let _ = served.builds.stream_events(&mut out);
        }
        return;
    }
    let _ = request.respond(response_for(&url, served));
}

/// The whole response to a GET of `url`.
fn response_for(url: &str, served: &Served) -> Response<Box<dyn Read + Send>> {
    let path = match http::parse_url_path(url) {
        Ok(path) => path,
        Err(http::BadPath(why)) => return text(400, &format!("bad request: {why}\n")),
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
            .unwrap_or_else(|| text(404, "404: the file cannot be read\n")),
        Target::Redirect(location) => with_header(
            text(302, &format!("moved to {location}\n")),
            "Location",
            &location,
        ),
        Target::NotFound => not_found(root.as_deref(), &script),
    }
}

/// A file of the output: HTML with the script added, anything else as it is.
fn file_response(file: &Path, script: &str) -> Option<Response<Box<dyn Read + Send>>> {
    let content_type = http::content_type(file);
    if http::is_html(content_type) {
        return fs::read(file).ok().map(|page| html(200, &page, script));
    }
    let opened = File::open(file).ok()?;
    let length = opened.metadata().ok()?.len();
    let response = Response::new(
        StatusCode(200),
        Vec::new(),
        Box::new(opened) as Box<dyn Read + Send>,
        usize::try_from(length).ok(),
        None,
    );
    Some(common_headers(with_header(
        response,
        "Content-Type",
        content_type,
    )))
}

/// The site's 404 page (from the top of the output) with status 404.
fn not_found(root: Option<&Path>, script: &str) -> Response<Box<dyn Read + Send>> {
    let page = root.and_then(|root| {
        let file = fs::canonicalize(root.join("404.html")).ok()?;
        file.starts_with(root)
            .then(|| fs::read(file).ok())
            .flatten()
    });
    match page {
        Some(page) => html(404, &page, script),
        None => text(404, "404: not found\n"),
    }
}

fn html(status: u16, page: &[u8], script: &str) -> Response<Box<dyn Read + Send>> {
    body(
        status,
        reload::inject(page, script),
        "text/html; charset=utf-8",
    )
}

fn text(status: u16, message: &str) -> Response<Box<dyn Read + Send>> {
    body(
        status,
        message.as_bytes().to_vec(),
        "text/plain; charset=utf-8",
    )
}

/// A response of `status` with `bytes` of `content_type`.
fn body(status: u16, bytes: Vec<u8>, content_type: &str) -> Response<Box<dyn Read + Send>> {
    let length = bytes.len();
    let response = Response::new(
        StatusCode(status),
        Vec::new(),
        Box::new(Cursor::new(bytes)) as Box<dyn Read + Send>,
        Some(length),
        None,
    );
    common_headers(with_header(response, "Content-Type", content_type))
}

/// Headers of every response: nothing is cached, for a reload must show the new build,
/// and the content type is taken as sent.
fn common_headers<R: Read>(response: Response<R>) -> Response<R> {
    // Every length is known: send it rather than chunks, which tiny_http picks for
    // bodies over 32 KiB.
    let response = response.with_chunked_threshold(usize::MAX);
    let response = with_header(response, "Cache-Control", "no-store");
    with_header(response, "X-Content-Type-Options", "nosniff")
}

fn with_header<R: Read>(response: Response<R>, name: &str, value: &str) -> Response<R> {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}
