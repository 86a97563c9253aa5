//! Accepting connections and answering their requests, within limits that keep a flood of
//! connections from taking serve down:
//!
//! - at most [`MAX_CONNECTIONS`] at once, each on its own thread; one over is answered
//!   503 at once and closed, so descriptors and threads stay bounded;
//! - at most [`MAX_EVENT_STREAMS`] of them live-reload event streams, which stay open
//!   on purpose, so that open pages can never take every connection;
//! - a connection that sends no whole request head within [`IDLE_TIMEOUT`] (of opening,
//!   or of its last answer) is closed, as is one that takes no byte for [`WRITE_TIMEOUT`];
//! - a failure to accept (no descriptor left, say) is waited out, ever longer up to a
//!   second, and never ends the listening.

use super::request::{Incoming, Method, Next};
use super::response::Response;
use super::server::{self, Answer, Served};
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// Connections served at once. A browser opens six or so per site; the rest is room for
/// many tabs and their event streams.
pub const MAX_CONNECTIONS: usize = 256;

/// Event streams open at once (one per open page), counted among the connections too.
pub const MAX_EVENT_STREAMS: usize = 64;

/// How long a connection may take to send a whole request head.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a write may wait for a client that reads nothing.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a closing connection is read from, so that the client reads the answer
/// before it learns of anything it sent and was not read.
const LINGER: Duration = Duration::from_secs(1);

/// The first and the longest wait after a failure to accept.
const FIRST_BACKOFF: Duration = Duration::from_millis(10);
const LONGEST_BACKOFF: Duration = Duration::from_secs(1);

/// How often a failure to accept is told: as a flood ends, accepting fails and recovers
/// many times over.
const WARNING_INTERVAL: Duration = Duration::from_secs(10);

/// Accepts connections on `listener` for as long as the process runs.
pub fn run(listener: TcpListener, served: Arc<Served>) {
    let connections = Arc::new(Slots::new(MAX_CONNECTIONS));
    let streams = Arc::new(Slots::new(MAX_EVENT_STREAMS));
    let mut backoff: Option<Duration> = None;
    let mut warned: Option<Instant> = None;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                backoff = None;
                let Some(slot) = Slots::take(&connections) else {
                    refuse(stream);
                    continue;
                };
                let served = Arc::clone(&served);
                let streams = Arc::clone(&streams);
                // Should no thread start, the closure is dropped: the connection closes
                // and its slot is given back.
                let _ = thread::Builder::new()
                    .name("waymark-serve".into())
                    .spawn(move || {
                        let _slot = slot;
                        serve_connection(stream, &served, &streams);
                    });
            }
            // The client gave up before it was accepted, or a signal came.
            Err(err)
                if matches!(
                    err.kind(),
                    ErrorKind::ConnectionAborted | ErrorKind::Interrupted
                ) => {}
            // Descriptors or memory run out (EMFILE, ENFILE, ENOBUFS): they come back as
            // connections close. The pending connections wait meanwhile.
            Err(err) => {
                if warned.is_none_or(|at| at.elapsed() >= WARNING_INTERVAL) {
                    // Not `eprintln!`, which panics should standard error be gone.
                    let _ = writeln!(
                        std::io::stderr(),
                        "warning: cannot accept connections: {err}; retrying"
                    );
                    warned = Some(Instant::now());
                }
                let wait = backoff.map_or(FIRST_BACKOFF, |wait| (wait * 2).min(LONGEST_BACKOFF));
                backoff = Some(wait);
                thread::sleep(wait);
            }
        }
    }
}

/// Answers the requests of one connection until it closes, times out, or turns into an
/// event stream.
fn serve_connection(mut stream: TcpStream, served: &Served, streams: &Arc<Slots>) {
    // The head of a file response is written apart from its body: it must not wait for
    // the client's acknowledgement.
    let _ = stream.set_nodelay(true);
    if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() {
        return;
    }
    let mut incoming = Incoming::new();
    loop {
        let head = match incoming.next(&mut stream, Instant::now() + IDLE_TIMEOUT) {
            Next::Head(head) => head,
            Next::Closed | Next::TimedOut { partial: false } => return,
            Next::TimedOut { partial: true } => {
                let response = Response::text(408, "the request head came too slowly\n");
                return close_with(stream, response);
            }
            Next::Refused(refusal) => {
                let response = Response::text(refusal.status(), &refusal.message());
                return close_with(stream, response);
            }
        };
        let response = match server::answer(&head, served) {
            Answer::Response(response) => response,
            Answer::EventStream => match Slots::take(streams) {
                Some(_slot) => {
                    // The stream ends when a write fails: the page has gone.
                    let _ = served.builds.stream_events(&mut stream);
                    return;
                }
                None => {
                    let busy =
                        format!("at most {MAX_EVENT_STREAMS} pages can be reloaded at once\n");
                    return close_with(stream, busy_response(&busy));
                }
            },
        };
        // A body is not read, so the connection cannot tell where the next request starts.
        let keep_alive = head.keep_alive && !head.has_body;
        let with_body = head.method != Method::Head;
        if response
            .write_to(&mut stream, with_body, keep_alive)
            .is_err()
        {
            return;
        }
        if !keep_alive {
            return linger(stream);
        }
    }
}

/// Answers with `response` and closes the connection.
fn close_with(mut stream: TcpStream, response: Response) {
    if response.write_to(&mut stream, true, false).is_ok() {
        linger(stream);
    }
}

/// Closes a connection gently: says no more comes, then reads what the client still sends
/// (for a while, and not much). Closing with bytes unread would reset the connection, and
/// the client could lose the answer.
fn linger(mut stream: TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() || stream.set_read_timeout(Some(LINGER)).is_err() {
        return;
    }
    let until = Instant::now() + LINGER;
    let mut sink = [0; 4096];
    let mut left: usize = 64 * 1024;
    while left > 0 && Instant::now() < until {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(read) => left = left.saturating_sub(read),
        }
    }
}

/// Turns away a connection over the limit, without waiting on it: the accepting thread
/// must go on at once.
fn refuse(mut stream: TcpStream) {
    if stream.set_nonblocking(true).is_ok() {
        let busy = format!("serve has {MAX_CONNECTIONS} connections open; try again\n");
        let _ = busy_response(&busy).write_to(&mut stream, true, false);
    }
}

fn busy_response(message: &str) -> Response {
    Response::text(503, message).with_header("Retry-After", "1")
}

/// A number of places, taken and given back by [`Slot`]s.
struct Slots {
    taken: AtomicUsize,
    limit: usize,
}

impl Slots {
    fn new(limit: usize) -> Slots {
        Slots {
            taken: AtomicUsize::new(0),
            limit,
        }
    }

    /// A place, if one is free.
    fn take(slots: &Arc<Slots>) -> Option<Slot> {
        slots
            .taken
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |taken| {
                (taken < slots.limit).then_some(taken + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(slots)))
    }
}

/// A place among [`Slots`], given back when dropped (also when its thread panics).
struct Slot(Arc<Slots>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.taken.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_run_out_and_come_back() {
        let slots = Arc::new(Slots::new(2));
        let first = Slots::take(&slots).unwrap();
        let second = Slots::take(&slots).unwrap();
        assert!(Slots::take(&slots).is_none());
        drop(first);
        let third = Slots::take(&slots).unwrap();
        assert!(Slots::take(&slots).is_none());
        drop((second, third));
        assert_eq!(slots.taken.load(Ordering::Acquire), 0);
    }
}
