//! The limits that keep serve answering under a flood of connections: a cap on
//! connections and on event streams, timeouts for idle clients, a bound on request heads,
//! and a listener that outlives running out of file descriptors.

use crate::common::Site;
use crate::harness::{Reply, Serve};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The caps and the timeout the README states.
const MAX_CONNECTIONS: usize = 256;
const MAX_EVENT_STREAMS: usize = 64;
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// Whatever has come on `stream` by now, without waiting.
fn received(mut stream: &TcpStream) -> String {
    stream.set_nonblocking(true).unwrap();
    let mut bytes = Vec::new();
    let mut chunk = [0; 1024];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => bytes.extend_from_slice(&chunk[..read]),
            Err(err) if err.kind() == ErrorKind::WouldBlock => break,
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn idle_connections_over_the_cap_are_turned_away_and_serve_recovers() {
    let site = Site::minimal();
    let mut serve = Serve::start(&site, &[]);
    let flood = MAX_CONNECTIONS + 44;
    let mut idle: Vec<TcpStream> = (0..flood).map(|_| serve.connect()).collect();
    // The last was turned away at once (long before any idle connection timed out).
    let mut last = idle.pop().unwrap();
    let started = Instant::now();
    let mut reply = String::new();
    last.read_to_string(&mut reply).unwrap();
    assert!(started.elapsed() < IDLE_TIMEOUT);
    let reply = Reply::parse(&reply);
    assert_eq!(reply.status, 503);
    assert_eq!(reply.header("retry-after"), Some("1"));
    let refused = idle
        .iter()
        .filter(|stream| received(stream).starts_with("HTTP/1.1 503"))
        .count()
        + 1;
    let held = flood - refused;
    assert!(
        (MAX_CONNECTIONS - 5..=MAX_CONNECTIONS).contains(&held),
        "{held} connections held, {refused} turned away"
    );

    drop(idle);
    let reply = serve.wait_for("/journeys/buy.html", |r| r.status != 503);
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("Buying online"));
    assert!(serve.is_running());
}

#[test]
fn a_connection_that_sends_no_whole_head_is_closed() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    let started = Instant::now();
    let mut silent = serve.connect();
    let mut slow = serve.connect();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: local").unwrap();
    // Kept open after its answer, then idle as long.
    let mut kept = serve.connect();
    kept.write_all(b"HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();

    let mut said = Vec::new();
    assert_eq!(
        silent.read_to_end(&mut said).unwrap(),
        0,
        "closed, unanswered"
    );
    let mut reply = String::new();
    slow.read_to_string(&mut reply).unwrap();
    assert_eq!(Reply::parse(&reply).status, 408);
    let mut reply = String::new();
    kept.read_to_string(&mut reply).unwrap();
    let reply = Reply::parse(&reply);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("connection"), Some("keep-alive"));
    let took = started.elapsed();
    assert!(
        took >= IDLE_TIMEOUT - Duration::from_millis(500)
            && took < IDLE_TIMEOUT + Duration::from_secs(3),
        "closed after {took:?}"
    );
}

#[test]
fn a_request_head_over_16_kib_is_refused() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    let head = |cookie: usize| {
        format!(
            "GET / HTTP/1.1\r\nHost: localhost\r\nCookie: {}\r\nConnection: close\r\n\r\n",
            "c".repeat(cookie)
        )
    };
    assert_eq!(serve.request(&head(8 * 1024)).status, 200);
    let reply = serve.request(&head(16 * 1024));
    assert_eq!(reply.status, 431);
    assert_eq!(serve.get("/").status, 200);
}

#[test]
fn requests_on_one_connection_are_answered_in_turn() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    let css = std::fs::read(site.out().join("assets/style.css")).unwrap();
    let reply = serve.request(
        "GET /assets/style.css HTTP/1.1\r\nHost: localhost\r\n\r\n\
         HEAD /journeys/buy.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("connection"), Some("keep-alive"));
    let length: usize = reply.header("content-length").unwrap().parse().unwrap();
    assert_eq!(length, css.len());
    let (body, rest) = reply.body.split_at(length);
    assert_eq!(body.as_bytes(), css);
    let second = Reply::parse(rest);
    assert_eq!(second.status, 200);
    assert_eq!(second.header("connection"), Some("close"));
    assert_eq!(
        second.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        second.body.is_empty(),
        "HEAD has no body: {:?}",
        second.body
    );
}

#[test]
fn event_streams_over_their_cap_are_turned_away_and_pages_still_load() {
    let site = Site::minimal();
    let serve = Serve::start(&site, &[]);
    let mut streams: Vec<_> = (0..MAX_EVENT_STREAMS).map(|_| serve.events()).collect();
    for stream in &mut streams {
        stream.next_event();
    }
    let reply = serve.request("GET /__waymark/events HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert_eq!(reply.status, 503);
    assert_eq!(serve.get("/journeys/buy.html").status, 200);
    assert_eq!(serve.get("/assets/style.css").status, 200);
}

/// With few descriptors, a flood takes them all: accepting fails (EMFILE), and must
/// only wait until the flood ends.
#[cfg(target_os = "linux")]
#[test]
fn serve_outlives_running_out_of_file_descriptors() {
    let site = Site::minimal();
    let mut serve = Serve::start_with_open_files(&site, 24);
    assert_eq!(serve.get("/").status, 200);
    // Well within the listening queue (128), so that every connect succeeds at once.
    let idle: Vec<TcpStream> = (0..60).map(|_| serve.connect()).collect();
    serve.wait_for_stderr("warning: cannot accept connections: Too many open files");
    assert!(serve.is_running());

    drop(idle);
    let reply = serve.wait_for("/journeys/buy.html", |r| r.status == 200);
    assert!(reply.body.contains("Buying online"));
    assert!(serve.is_running());
    // And it still rebuilds: the watcher came through too.
    site.journey(
        "buy",
        &crate::common::MINIMAL_JOURNEY.replace("title: Buying online", "title: Still here"),
    );
    serve.wait_for("/journeys/buy.html", |r| r.body.contains("Still here"));
}
