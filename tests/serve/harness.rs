//! The harness of tests/serve.rs: a `waymark serve` process on a free port, a raw HTTP
//! client, and an event-stream reader. Every wait is bounded by [`PATIENCE`].

use crate::common::Site;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How long a server may take to start, or to show a rebuild.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A running `waymark serve site` (in the site's root) on a free port; killed on drop.
pub struct Serve {
    child: Child,
    pub port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Serve {
    pub fn start(site: &Site, extra: &[&str]) -> Serve {
        Serve::start_with(site, extra, &[])
    }

    pub fn start_with(site: &Site, extra: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Serve {
        Serve::launch(site, extra, |command| {
            for (name, value) in env {
                command.env(name, value);
            }
        })
    }

    /// A server that may have at most `limit` files and sockets open at once.
    #[cfg(target_os = "linux")]
    pub fn start_with_open_files(site: &Site, limit: u64) -> Serve {
        use std::os::unix::process::CommandExt;
        Serve::launch(site, &[], |command| {
            let lowered = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            // SAFETY: between fork and exec the closure only calls setrlimit, which is
            // async-signal-safe, and touches no memory of the parent but `lowered`.
            unsafe {
                command.pre_exec(move || {
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &lowered) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        })
    }

    fn launch(site: &Site, extra: &[&str], configure: impl FnOnce(&mut Command)) -> Serve {
        let mut command = Command::new(env!("CARGO_BIN_EXE_waymark"));
        // The tests read the output at `public/` of the root unless they name another.
        let output: &[&str] = if extra.contains(&"-o") {
            &[]
        } else {
            &["-o", "public"]
        };
        command
            // The server takes a port the system gives and says which: a port chosen
            // here and freed could be taken by another test's server meanwhile.
            .args(["serve", "site", "--port", "0"])
            .args(output)
            .args(extra)
            .current_dir(site.root())
            .env_remove("BROWSER")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        configure(&mut command);
        let mut child = command.spawn().expect("waymark starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = BufReader::new(child.stderr.take().unwrap());
        let sink = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut line = String::new();
            while pipe.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let mut serve = Serve {
            child,
            port: 0,
            stderr,
        };
        serve.port = serve.announced_port();
        serve
    }

    /// The port of the "serving … at http://HOST:PORT/…" line, printed once the first
    /// build is done and the server answers.
    fn announced_port(&mut self) -> u16 {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let said = self.stderr();
            if let Some(port) = said.lines().find_map(port_of_serving_line) {
                return port;
            }
            assert!(
                self.is_running() && Instant::now() < deadline,
                "serve did not start:\n{said}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the process still runs.
    pub fn is_running(&mut self) -> bool {
        self.child
            .try_wait()
            .expect("the process can be asked")
            .is_none()
    }

    /// A new connection to the server, reads bounded by [`PATIENCE`].
    pub fn connect(&self) -> TcpStream {
        let address = std::net::SocketAddr::from(([127, 0, 0, 1], self.port));
        let stream =
            TcpStream::connect_timeout(&address, Duration::from_secs(5)).expect("connects");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn get(&self, target: &str) -> Reply {
        self.request(&format!(
            "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        ))
    }

    /// Sends `raw` as it is, and reads the reply until the server closes.
    pub fn request(&self, raw: &str) -> Reply {
        let mut stream = self.connect();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("a reply in time");
        Reply::parse(&String::from_utf8_lossy(&bytes))
    }

    /// Polls `target` until `done` holds for the reply.
    pub fn wait_for(&self, target: &str, done: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let reply = self.get(target);
            if done(&reply) {
                return reply;
            }
            assert!(
                Instant::now() < deadline,
                "{target} never changed; last reply {}:\n{}\nserve said:\n{}",
                reply.status,
                reply.body,
                self.stderr()
            );
            thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn wait_for_stderr(&self, text: &str) {
        self.wait_for_stderr_count(text, 1);
    }

    pub fn wait_for_stderr_count(&self, text: &str, count: usize) {
        until(
            || self.stderr().matches(text).count() >= count,
            &format!("serve prints {text:?} {count} time(s):\n{}", self.stderr()),
        );
    }

    /// A connection to the event stream, its response head read.
    pub fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream
            .write_all(b"GET /__waymark/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        let mut head = String::new();
        while reader.read_line(&mut head).unwrap() > 0 && !head.ends_with("\r\n\r\n") {}
        assert!(head.contains("Content-Type: text/event-stream"), "{head}");
        Events { reader }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An open event stream.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The data of the next event (a build id), skipping comments and fields.
    pub fn next_event(&mut self) -> String {
        loop {
            let mut line = String::new();
            let read = self.reader.read_line(&mut line).expect("an event in time");
            assert!(read > 0, "the stream ended");
            if let Some(data) = line.strip_prefix("data: ") {
                return data.trim_end().to_string();
            }
        }
    }
}

/// A parsed HTTP reply.
pub struct Reply {
    pub status: u16,
    headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn parse(text: &str) -> Reply {
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP reply: {text:?}"));
        let headers = lines
            .filter_map(|line| line.split_once(": "))
            .map(|(name, value)| (name.to_ascii_lowercase(), value.to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_string(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A port nobody listens on now (another process could take it before serve does, which
/// on a test machine does not happen in practice).
fn port_of_serving_line(line: &str) -> Option<u16> {
    let url = line.strip_prefix("serving ")?.split(" at http://").nth(1)?;
    let host_port = url.split('/').next()?;
    host_port.rsplit(':').next()?.parse().ok()
}

pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().unwrap().port()
}

/// Polls `done` until it holds, failing with `what` after [`PATIENCE`].
pub fn until(mut done: impl FnMut() -> bool, what: &str) {
    let deadline = Instant::now() + PATIENCE;
    while !done() {
        assert!(Instant::now() < deadline, "timed out: {what}");
        thread::sleep(Duration::from_millis(50));
    }
}
