//! Live reload: the state of the last build, the script that serve adds to the HTML it
//! sends, and the Server-Sent Events stream that tells open pages when to reload.
//!
//! Every page is served with the id of the build it belongs to. The script listens on
//! [`EVENTS_PATH`], which sends the current build id on connecting and after every build;
//! a page whose id differs reloads. Because the id is written into the page, a build that
//! finishes between loading a page and connecting is not missed, and a restarted server
//! (a new id) reloads the pages it did not serve.

use std::io::{self, Write};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The URL of the event stream. `__waymark` is never a folder of the output, whose top
/// level holds only pages, `assets/`, `data/`, `static/` and the folders of personas and
/// journeys.
pub const EVENTS_PATH: &str = "/__waymark/events";

/// How often an idle event stream sends a comment, so that the thread of a client that
/// has gone away notices when the write fails.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the last build left: its number, and its errors (rendered) if it failed.
#[derive(Clone, Debug, Default)]
pub struct BuildState {
    pub number: u64,
    pub errors: Option<Vec<String>>,
}

/// The build state shared by the watcher (which writes it) and every request thread.
pub struct Builds {
    /// Distinguishes this run of serve from an earlier one on the same port.
    run: u128,
    state: Mutex<BuildState>,
    changed: Condvar,
}

impl Builds {
    pub fn new() -> Builds {
        let run = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Builds {
            run: run ^ u128::from(std::process::id()),
            state: Mutex::new(BuildState::default()),
            changed: Condvar::new(),
        }
    }

    /// Records a finished build (`errors` is `None` when it succeeded) and wakes every
    /// event stream.
    pub fn finished(&self, errors: Option<Vec<String>>) {
        let mut state = self.lock();
        state.number += 1;
        state.errors = errors;
        drop(state);
        self.changed.notify_all();
    }

    /// The state now.
    pub fn current(&self) -> BuildState {
        self.lock().clone()
    }

    /// The id a page of build `number` carries.
    pub fn id(&self, number: u64) -> String {
        format!("{:x}-{number}", self.run)
    }

    fn lock(&self) -> MutexGuard<'_, BuildState> {
        // A panic elsewhere while holding the lock leaves a state that is still whole.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Streams build ids to `out` as Server-Sent Events until a write fails, which is how
    /// a client that has gone shows. `out` receives the raw HTTP response, head included.
    pub fn stream_events(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(
            b"HTTP/1.1 200 OK\r\n\
              Content-Type: text/event-stream\r\n\
              Cache-Control: no-store\r\n\
              Connection: close\r\n\r\n\
              retry: 1000\n\n",
        )?;
        let mut sent = None;
        loop {
            let number = {
                let state = self.lock();
                let (state, _) = self
                    .changed
                    .wait_timeout_while(state, KEEP_ALIVE, |s| Some(s.number) == sent)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                state.number
            };
            if Some(number) == sent {
                out.write_all(b": keep-alive\n\n")?;
            } else {
                out.write_all(format!("data: {}\n\n", self.id(number)).as_bytes())?;
                sent = Some(number);
            }
            out.flush()?;
        }
    }
}

impl Default for Builds {
    fn default() -> Self {
        Builds::new()
    }
}

/// The script added to every HTML page serve sends: it reloads the page when the build
/// id changes, and reconnects if the stream ends (EventSource retries on its own after
/// a network error, but gives up after an HTTP error).
pub fn script(id: &str) -> String {
    format!(
        "<script>(()=>{{const id=\"{id}\";const listen=()=>{{\
         const s=new EventSource(\"{EVENTS_PATH}\");\
         s.onmessage=e=>{{if(e.data!==id)location.reload()}};\
         s.onerror=()=>{{if(s.readyState===2)setTimeout(listen,1000)}}}};listen()}})()</script>"
    )
}

/// `html` with `script` inserted before its last `</body>`, or at its end if it has none.
pub fn inject(html: &[u8], script: &str) -> Vec<u8> {
    let at = find_last_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(html, "<script></script>")).unwrap();
        assert_eq!(out, "<html><body><p>x</p><script></script></BODY></html>");
        let bare = String::from_utf8(inject(b"<p>no body</p>", "<s>")).unwrap();
        assert_eq!(bare, "<p>no body</p><s>");
    }

    #[test]
    fn the_script_is_small_and_carries_the_build_id() {
        let script = script("abc-3");
        assert!(script.contains("\"abc-3\""));
        assert!(script.contains(EVENTS_PATH));
        assert!(script.len() < 400, "{} bytes", script.len());
    }

    #[test]
    fn a_stream_sends_the_current_build_then_each_new_one() {
        let builds = std::sync::Arc::new(Builds::new());
        builds.finished(None);
        let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
        /// A writer that hands each flushed chunk to the test.
        struct Chunks(Vec<u8>, std::sync::mpsc::Sender<Vec<u8>>);
        impl Write for Chunks {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                self.1
                    .send(std::mem::take(&mut self.0))
                    .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
            }
        }
        let streaming = std::sync::Arc::clone(&builds);
        let thread = std::thread::spawn(move || {
            let mut out = Chunks(Vec::new(), tx);
            streaming.stream_events(&mut out)
        });
        let first = String::from_utf8(rx.recv().unwrap()).unwrap();
        assert!(first.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(first.contains("text/event-stream"));
        assert!(first.ends_with(&format!("data: {}\n\n", builds.id(1))));
        builds.finished(Some(vec!["error".into()]));
        let second = String::from_utf8(rx.recv().unwrap()).unwrap();
        assert_eq!(second, format!("data: {}\n\n", builds.id(2)));
        drop(rx);
        builds.finished(None);
        assert!(
            thread.join().unwrap().is_err(),
            "ends when the client is gone"
        );
    }
}
