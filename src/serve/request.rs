//! Reading request heads from a connection: each within [`MAX_HEAD`] bytes and by a
//! deadline, and parsed strictly, so that a request whose framing is in doubt is refused
//! rather than guessed at. Only what serve needs is kept: the method, the target, whether
//! the connection stays open, and whether a body follows (serve reads none).

use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::time::Instant;

/// The most a request head may take, request line and headers: a browser's are well
/// under 2 KiB.
pub const MAX_HEAD: usize = 16 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    /// Any other method: answered with 405.
    Other,
}

/// A request head, parsed.
#[derive(Debug, PartialEq, Eq)]
pub struct Head {
    pub method: Method,
    /// The request target as sent (visible ASCII only).
    pub target: String,
    /// Whether the client keeps the connection for another request (HTTP/1.1 unless it
    /// says `Connection: close`, HTTP/1.0 only if it says `keep-alive`).
    pub keep_alive: bool,
    /// Whether a body follows (`Content-Length` above 0, or `Transfer-Encoding`).
    pub has_body: bool,
    /// The `Host` header, if the request has one.
    pub host: Option<String>,
}

/// Why a request head is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not HTTP/1.x as it is written: 400.
    Malformed(&'static str),
    /// Longer than [`MAX_HEAD`]: 431.
    TooLarge,
    /// An HTTP version other than 1.0 and 1.1: 505.
    Version,
}

impl Refusal {
    pub fn status(&self) -> u16 {
        match self {
            Refusal::Malformed(_) => 400,
            Refusal::TooLarge => 431,
            Refusal::Version => 505,
        }
    }

    pub fn message(&self) -> String {
        match self {
            Refusal::Malformed(why) => format!("bad request: {why}\n"),
            Refusal::TooLarge => format!("the request head is over {MAX_HEAD} bytes\n"),
            Refusal::Version => "only HTTP/1.0 and HTTP/1.1 are served\n".into(),
        }
    }
}

/// What came next on a connection.
#[derive(Debug)]
pub enum Next {
    Head(Head),
    Refused(Refusal),
    /// The client closed the connection, or it failed, between requests.
    Closed,
    /// No whole head by the deadline; `partial` if some of one had come.
    TimedOut {
        partial: bool,
    },
}

/// The bytes received on a connection and not yet parsed. A client may send its next
/// request before the answer to the last (pipelining): those bytes wait here.
#[derive(Default)]
pub struct Incoming {
    buffer: Vec<u8>,
    /// How far the buffer has been searched for the end of the head, so that a head sent
    /// a byte at a time is not searched again from its start after each byte.
    searched: usize,
}

impl Incoming {
    pub fn new() -> Incoming {
        Incoming::default()
    }

    /// Reads the next request head from `stream`, which must come whole by `deadline`.
    pub fn next(&mut self, stream: &mut TcpStream, deadline: Instant) -> Next {
        let mut chunk = [0; 4096];
        loop {
            self.skip_blank_lines();
            if let Some(end) = find_head_end(&self.buffer, self.searched) {
                let parsed = parse_head(&self.buffer[..end]);
                self.buffer.drain(..end);
                self.searched = 0;
                return match parsed {
                    Ok(head) => Next::Head(head),
                    Err(refusal) => Next::Refused(refusal),
                };
            }
            if self.buffer.len() >= MAX_HEAD {
                return Next::Refused(Refusal::TooLarge);
            }
            self.searched = self.buffer.len();
            let partial = !self.buffer.is_empty();
            let left = deadline.saturating_duration_since(Instant::now());
            // A zero timeout would mean none at all.
            if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
                return Next::TimedOut { partial };
            }
            let room = (MAX_HEAD - self.buffer.len()).min(chunk.len());
            match stream.read(&mut chunk[..room]) {
                Ok(0) => return Next::Closed,
                Ok(read) => self.buffer.extend_from_slice(&chunk[..read]),
                Err(err) if err.kind() == ErrorKind::Interrupted => {}
                Err(err) if matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Next::TimedOut { partial }
                }
                Err(_) => return Next::Closed,
            }
        }
    }

    /// Drops empty lines before a request line, which HTTP asks servers to tolerate (some
    /// clients send one after a request).
    fn skip_blank_lines(&mut self) {
        let blank = self
            .buffer
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        // A lone `\r` may be the start of `\r\n`, or of nothing valid: either way it waits.
        let blank = if self.buffer.get(..blank).is_some_and(|b| b.ends_with(b"\r")) {
            blank - 1
        } else {
            blank
        };
        if blank > 0 {
            self.buffer.drain(..blank);
            self.searched = 0;
        }
    }
}

/// The length of the head at the start of `bytes` (up to and with the empty line that
/// ends it), searching from `from`. Lines may end in `\r\n` or a bare `\n`.
fn find_head_end(bytes: &[u8], from: usize) -> Option<usize> {
    let start = from.saturating_sub(2);
    let window = &bytes[start.min(bytes.len())..];
    window.iter().enumerate().find_map(|(i, &b)| {
        if b != b'\n' {
            return None;
        }
        let rest = &window[i + 1..];
        if rest.starts_with(b"\n") {
            Some(start + i + 2)
        } else if rest.starts_with(b"\r\n") {
            Some(start + i + 3)
        } else {
            None
        }
    })
}

/// Parses a request head (request line and headers, with the empty line that ends it).
pub fn parse_head(bytes: &[u8]) -> Result<Head, Refusal> {
    let mut lines = bytes
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line));
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal::Malformed(
            "the request line is not `METHOD TARGET HTTP/1.1`",
        ));
    };
    if method.is_empty() || !method.iter().all(|&b| is_token_byte(b)) {
        return Err(Refusal::Malformed("the method is not a token"));
    }
    let method = match method {
        b"GET" => Method::Get,
        b"HEAD" => Method::Head,
        _ => Method::Other,
    };
    if target.is_empty() || !target.iter().all(|b| (0x21..=0x7e).contains(b)) {
        return Err(Refusal::Malformed("the target is not visible ASCII"));
    }
    let target = String::from_utf8_lossy(target).into_owned();
    let http_1_1 = match version {
        b"HTTP/1.1" => true,
        b"HTTP/1.0" => false,
        [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
            if major.is_ascii_digit() && minor.is_ascii_digit() =>
        {
            return Err(Refusal::Version)
        }
        _ => return Err(Refusal::Malformed("no HTTP version")),
    };
    let mut close = false;
    let mut keep = false;
    let mut has_body = false;
    let mut content_length: Option<&[u8]> = None;
    let mut host = None;
    for line in lines.filter(|line| !line.is_empty()) {
        if line.starts_with(b" ") || line.starts_with(b"\t") {
            return Err(Refusal::Malformed("a header line is folded"));
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return Err(Refusal::Malformed("a header line has no `:`"));
        };
        let (name, value) = (&line[..colon], trim(&line[colon + 1..]));
        if name.is_empty() || !name.iter().all(|&b| is_token_byte(b)) {
            return Err(Refusal::Malformed("a header name is not a token"));
        }
        if value.iter().any(|&b| b != b'\t' && (b < 0x20 || b == 0x7f)) {
            return Err(Refusal::Malformed("a control character in a header"));
        }
        if name.eq_ignore_ascii_case(b"connection") {
            for option in value.split(|&b| b == b',').map(trim) {
                close |= option.eq_ignore_ascii_case(b"close");
                keep |= option.eq_ignore_ascii_case(b"keep-alive");
            }
        } else if name.eq_ignore_ascii_case(b"content-length") {
            if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
                return Err(Refusal::Malformed("Content-Length is not a number"));
            }
            if content_length.is_some_and(|earlier| earlier != value) {
                return Err(Refusal::Malformed("two different Content-Length headers"));
            }
            content_length = Some(value);
            has_body |= value.iter().any(|&b| b != b'0');
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            has_body = true;
        } else if name.eq_ignore_ascii_case(b"host") {
            if host.is_some() {
                return Err(Refusal::Malformed("two Host headers"));
            }
            host = Some(String::from_utf8_lossy(value).into_owned());
        }
    }
    Ok(Head {
        method,
        target,
        keep_alive: !close && (http_1_1 || keep),
        has_body,
        host,
    })
}

/// The characters of a method or header name (`tchar` in RFC 9110).
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// `bytes` without spaces and tabs around.
fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Result<Head, Refusal> {
        parse_head(text.as_bytes())
    }

    #[test]
    fn a_browser_request_is_parsed() {
        let parsed = head(
            "GET /journeys/buy.html?x=1 HTTP/1.1\r\nHost: localhost:1111\r\n\
             Accept: text/html\r\nUser-Agent: Mozilla/5.0 (X11)\r\n\r\n",
        )
        .unwrap();
        assert_eq!(
            parsed,
            Head {
                method: Method::Get,
                target: "/journeys/buy.html?x=1".into(),
                keep_alive: true,
                has_body: false,
                host: Some("localhost:1111".into()),
            }
        );
        assert_eq!(head("HEAD / HTTP/1.1\n\n").unwrap().method, Method::Head);
        assert_eq!(
            head("POST / HTTP/1.1\r\n\r\n").unwrap().method,
            Method::Other
        );
        assert_eq!(
            head("get / HTTP/1.1\r\n\r\n").unwrap().method,
            Method::Other
        );
    }

    #[test]
    fn the_connection_stays_open_as_the_version_and_header_say() {
        let keeps = |text: &str| head(text).unwrap().keep_alive;
        assert!(keeps("GET / HTTP/1.1\r\n\r\n"));
        assert!(!keeps("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assert!(!keeps(
            "GET / HTTP/1.1\r\nconnection: Upgrade, CLOSE\r\n\r\n"
        ));
        assert!(!keeps("GET / HTTP/1.0\r\n\r\n"));
        assert!(keeps("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    }

    #[test]
    fn a_body_is_noticed() {
        let body = |text: &str| head(text).unwrap().has_body;
        assert!(!body("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
        assert!(!body("GET / HTTP/1.1\r\nContent-Length: 000\r\n\r\n"));
        assert!(body("GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\n"));
        assert!(body(
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        ));
        assert!(body(
            "GET / HTTP/1.1\r\nContent-Length: 7\r\nContent-Length: 7\r\n\r\n"
        ));
    }

    #[test]
    fn malformed_heads_are_refused() {
        for text in [
            "GET /\r\n\r\n",
            "GET  / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1 extra\r\n\r\n",
            " GET / HTTP/1.1\r\n\r\n",
            "G(T / HTTP/1.1\r\n\r\n",
            "GET /a\tb HTTP/1.1\r\n\r\n",
            "GET /\x7f HTTP/1.1\r\n\r\n",
            "GET /caf\u{e9} HTTP/1.1\r\n\r\n",
            "GET / HTTX/1.1\r\n\r\n",
            "GET / HTTP/1.1\rX\r\n\r\n",
            "GET / HTTP/1.1\r\nHost localhost\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : localhost\r\n\r\n",
            "GET / HTTP/1.1\r\n: empty\r\n\r\n",
            "GET / HTTP/1.1\r\nX-A: 1\r\n  folded\r\n\r\n",
            "GET / HTTP/1.1\r\nX-A: a\x00b\r\n\r\n",
            "GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        ] {
            assert!(
                matches!(head(text), Err(Refusal::Malformed(_))),
                "{text:?} should be refused"
            );
        }
        assert_eq!(head("GET / HTTP/2.0\r\n\r\n"), Err(Refusal::Version));
        assert_eq!(head("GET / HTTP/0.9\r\n\r\n"), Err(Refusal::Version));
        assert_eq!(Refusal::TooLarge.status(), 431);
    }

    #[test]
    fn the_end_of_a_head_is_found_with_either_line_ending() {
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\n\r\nrest", 0), Some(18));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\n\nrest", 0), Some(16));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\nHost: x\r\n", 0), None);
        // Searching on from where the last search stopped still finds a split ending.
        let bytes = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        assert_eq!(find_head_end(bytes, 25), Some(bytes.len()));
        assert_eq!(find_head_end(bytes, 26), Some(bytes.len()));
    }

    /// A connected pair of sockets: the client end, and the server end.
    fn pair() -> (TcpStream, TcpStream) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        (client, listener.accept().unwrap().0)
    }

    fn soon() -> Instant {
        Instant::now() + std::time::Duration::from_secs(10)
    }

    #[test]
    fn pipelined_heads_are_read_one_by_one() {
        use std::io::Write;
        let (mut client, mut server) = pair();
        client
            .write_all(b"\r\nGET /a HTTP/1.1\r\n\r\nHEAD /b HTTP/1.1\r\nConnection: close\r\n\r\n")
            .unwrap();
        drop(client);
        let mut incoming = Incoming::new();
        let Next::Head(first) = incoming.next(&mut server, soon()) else {
            panic!("a head")
        };
        assert_eq!((first.method, first.target.as_str()), (Method::Get, "/a"));
        let Next::Head(second) = incoming.next(&mut server, soon()) else {
            panic!("a head")
        };
        assert_eq!((second.method, second.keep_alive), (Method::Head, false));
        assert!(matches!(incoming.next(&mut server, soon()), Next::Closed));
    }

    #[test]
    fn a_head_too_large_or_too_slow_is_refused() {
        use std::io::Write;
        let (mut client, mut server) = pair();
        let long = format!("GET / HTTP/1.1\r\nX-Long: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        let writer = std::thread::spawn(move || {
            let _ = client.write_all(long.as_bytes());
            client
        });
        assert!(matches!(
            Incoming::new().next(&mut server, soon()),
            Next::Refused(Refusal::TooLarge)
        ));
        drop(server);
        drop(writer.join());

        let (mut client, mut server) = pair();
        client.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        let deadline = Instant::now() + std::time::Duration::from_millis(200);
        let started = Instant::now();
        assert!(matches!(
            Incoming::new().next(&mut server, deadline),
            Next::TimedOut { partial: true }
        ));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
