//! An HTTP/1.1 response as serve writes it: a status, a few headers, and a body of bytes
//! or of a file, always sent with its length (never in chunks), and never cached.

use std::fs::File;
use std::io::{self, Read, Write};

pub struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

enum Body {
    Bytes(Vec<u8>),
    /// A file of the output, sent from disk; `length` as it was when it was opened.
    File {
        file: File,
        length: u64,
    },
}

impl Response {
    /// `bytes` of `content_type`.
    pub fn bytes(status: u16, content_type: &str, bytes: Vec<u8>) -> Response {
        Response::new(status, content_type, Body::Bytes(bytes))
    }

    /// A short message in plain text.
    pub fn text(status: u16, message: &str) -> Response {
        Response::bytes(
            status,
            "text/plain; charset=utf-8",
            message.as_bytes().to_vec(),
        )
    }

    /// The first `length` bytes of `file`.
    pub fn file(file: File, length: u64, content_type: &str) -> Response {
        Response::new(200, content_type, Body::File { file, length })
    }

    /// Headers of every response: nothing is cached, for a reload must show the new
    /// build, and the content type is taken as sent.
    fn new(status: u16, content_type: &str, body: Body) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".into()),
                ("X-Content-Type-Options", "nosniff".into()),
            ],
            body,
        }
    }

    /// The response with one more header; a value with a line break or other control
    /// character is left out rather than let split the head.
    pub fn with_header(mut self, name: &'static str, value: &str) -> Response {
        if !value.bytes().any(|b| b.is_ascii_control()) {
            self.headers.push((name, value.to_string()));
        }
        self
    }

    /// Writes the response, its body unless `with_body` is false (a HEAD request), and
    /// says whether the connection stays open. A file that turns out shorter than it was
    /// is an error: its length has been sent, so the connection must close.
    pub fn write_to<W: Write>(
        self,
        out: &mut W,
        with_body: bool,
        keep_alive: bool,
    ) -> io::Result<()> {
        let length = match &self.body {
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::File { length, .. } => *length,
        };
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        let connection = if keep_alive { "keep-alive" } else { "close" };
        head.push_str(&format!(
            "Content-Length: {length}\r\nConnection: {connection}\r\n\r\n"
        ));
        let mut head = head.into_bytes();
        match self.body {
            Body::Bytes(bytes) if with_body => {
                // One write, so that head and body go out together.
                head.extend_from_slice(&bytes);
                out.write_all(&head)
            }
            Body::File { file, length } if with_body => {
                out.write_all(&head)?;
                let sent = io::copy(&mut file.take(length), out)?;
                if sent < length {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
                Ok(())
            }
            _ => out.write_all(&head),
        }
    }
}

/// The reason phrase of each status serve sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(response: Response, with_body: bool, keep_alive: bool) -> String {
        let mut out = Vec::new();
        response.write_to(&mut out, with_body, keep_alive).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_response_has_its_length_and_says_how_the_connection_goes_on() {
        let text = written(Response::text(404, "gone\n"), true, true);
        assert_eq!(
            text,
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
             Content-Length: 5\r\nConnection: keep-alive\r\n\r\ngone\n"
        );
        let head_only = written(Response::text(200, "body"), false, false);
        assert!(head_only.ends_with("Content-Length: 4\r\nConnection: close\r\n\r\n"));
    }

    #[test]
    fn a_header_cannot_split_the_head() {
        let response = Response::text(302, "")
            .with_header("Location", "/a/")
            .with_header("Location", "/b\r\nSet-Cookie: x=1");
        let text = written(response, true, false);
        assert!(text.contains("Location: /a/\r\n"));
        assert!(!text.contains("Set-Cookie"));
    }

    #[test]
    fn a_file_is_sent_up_to_its_length_and_a_short_one_fails() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.css");
        std::fs::write(&path, "body{}").unwrap();
        let file = Response::file(File::open(&path).unwrap(), 4, "text/css");
        assert!(written(file, true, true)
            .ends_with("Content-Length: 4\r\nConnection: keep-alive\r\n\r\nbody"));
        let short = Response::file(File::open(&path).unwrap(), 10, "text/css");
        let mut out = Vec::new();
        assert!(short.write_to(&mut out, true, true).is_err());
    }
}
