//! The install script of waymark's GitHub Action (`.github/actions/install-waymark.sh`),
//! run against a folder laid out like a GitHub release and served over loopback HTTP:
//! which binary it picks for each runner, that it installs it only when its SHA-256 is the
//! one SHA256SUMS lists, and when it builds from source instead.
//!
//! The "binaries" are shell scripts that print `waymark <version>`, so that any Unix runs
//! the one for any target. The script itself also runs on Windows runners (Git Bash);
//! there the release workflow's own use of it is the test.
#![cfg(unix)]

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use tempfile::TempDir;

const VERSION: &str = "0.1.0";
const LINUX_X64: &str = "x86_64-unknown-linux-musl";
const WINDOWS_X64: &str = "x86_64-pc-windows-msvc";

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/actions/install-waymark.sh")
}

/// A temporary folder holding a fake release (`releases/v<version>/`), the install
/// folder (`installed/`) and a folder for stand-in commands (`path/`).
struct Fixture {
    tmp: TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = tempfile::Builder::new()
            .prefix("install-script")
            .tempdir()
            .unwrap();
        for dir in ["releases", "installed", "path", "pack"] {
            fs::create_dir(tmp.path().join(dir)).unwrap();
        }
        Fixture { tmp }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.tmp.path().join(relative)
    }

    fn release_dir(&self, version: &str) -> PathBuf {
        let dir = self.path(&format!("releases/v{version}"));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Packs a fake waymark for `target` as the release workflow does: a `.tar.gz` (a
    /// `.zip` with `waymark.exe` for Windows) holding `waymark-<version>-<target>/`.
    fn pack(&self, version: &str, target: &str) -> PathBuf {
        let windows = target.contains("-windows-");
        let name = format!("waymark-{version}-{target}");
        let folder = self.path("pack").join(&name);
        fs::create_dir_all(&folder).unwrap();
        let exe = folder.join(if windows { "waymark.exe" } else { "waymark" });
        fs::write(&exe, format!("#!/bin/sh\necho 'waymark {version}'\n")).unwrap();
        fs::set_permissions(&exe, fs::Permissions::from_mode(0o755)).unwrap();
        for doc in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
            fs::write(folder.join(doc), doc).unwrap();
        }
        let archive = if windows {
            let archive = self.release_dir(version).join(format!("{name}.zip"));
            run_ok(
                Command::new("zip")
                    .args(["-q", "-r"])
                    .arg(&archive)
                    .arg(&name)
                    .current_dir(self.path("pack")),
            );
            archive
        } else {
            let archive = self.release_dir(version).join(format!("{name}.tar.gz"));
            run_ok(
                Command::new("tar")
                    .arg("-czf")
                    .arg(&archive)
                    .arg("-C")
                    .arg(self.path("pack"))
                    .arg(&name),
            );
            archive
        };
        archive
    }

    /// Writes SHA256SUMS of the release as `sha256sum` does, for the files given.
    fn write_sums(&self, version: &str, files: &[&Path]) {
        let mut sums = String::new();
        for file in files {
            let name = file.file_name().unwrap().to_str().unwrap();
            sums.push_str(&format!("{}  {name}\n", sha256(file)));
        }
        fs::write(self.release_dir(version).join("SHA256SUMS"), sums).unwrap();
    }

    /// A release of `version` with binaries for `targets`, and its SHA256SUMS.
    fn release(&self, version: &str, targets: &[&str]) -> Vec<PathBuf> {
        let archives: Vec<PathBuf> = targets.iter().map(|t| self.pack(version, t)).collect();
        let refs: Vec<&Path> = archives.iter().map(PathBuf::as_path).collect();
        self.write_sums(version, &refs);
        archives
    }

    /// A stand-in `cargo` that records its arguments and installs a fake waymark where
    /// `--root` says, as `cargo install` would.
    fn fake_cargo(&self) {
        let cargo = self.path("path/cargo");
        let log = self.path("cargo-args");
        fs::write(
            &cargo,
            format!(
                r#"#!/bin/sh
printf '%s\n' "$@" > '{log}'
root=
while [ $# -gt 0 ]; do
  if [ "$1" = --root ]; then root=$2; fi
  shift
done
mkdir -p "$root/bin"
printf '#!/bin/sh\necho "waymark {VERSION}"\n' > "$root/bin/waymark"
chmod 755 "$root/bin/waymark"
"#,
                log = log.display()
            ),
        )
        .unwrap();
        fs::set_permissions(&cargo, fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// The arguments the stand-in cargo was called with, if it was.
    fn cargo_args(&self) -> Option<Vec<String>> {
        let text = fs::read_to_string(self.path("cargo-args")).ok()?;
        Some(text.lines().map(str::to_string).collect())
    }

    /// Runs the script with `command` on a runner of `os` and `arch` (as GitHub names
    /// them), downloading from `server`, installing into `installed/`.
    fn run(&self, command: &str, runner: (&str, &str), server: &Server) -> Run {
        self.run_with(command, runner, server, &[("WAYMARK_VERSION", VERSION)])
    }

    fn run_with(
        &self,
        command: &str,
        (os, arch): (&str, &str),
        server: &Server,
        env: &[(&str, &str)],
    ) -> Run {
        let outputs = self.path("github-output");
        let _ = fs::remove_file(&outputs);
        let path = format!(
            "{}:{}",
            self.path("path").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut cmd = Command::new("bash");
        cmd.arg(script()).arg(command);
        clean_env(&mut cmd);
        cmd.env("PATH", path)
            .env("RUNNER_OS", os)
            .env("RUNNER_ARCH", arch)
            .env("WAYMARK_RELEASES", server.url())
            .env("WAYMARK_INSTALL_DIR", self.path("installed"))
            .env("GITHUB_OUTPUT", &outputs)
            .envs(env.iter().copied());
        let output = cmd.output().expect("bash runs");
        Run {
            output,
            outputs: fs::read_to_string(&outputs).unwrap_or_default(),
        }
    }
}

/// The environment of a GitHub runner (the tests run on one in CI) would pick the
/// runner's own system and paths; every test sets what it means.
fn clean_env(cmd: &mut Command) {
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        if name.starts_with("RUNNER_")
            || name.starts_with("GITHUB_")
            || name.starts_with("WAYMARK_")
        {
            cmd.env_remove(name);
        }
    }
}

struct Run {
    output: Output,
    /// What the script wrote to GITHUB_OUTPUT.
    outputs: String,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    #[track_caller]
    fn success(&self) -> &Run {
        assert!(
            self.output.status.success(),
            "exit {:?}\nstdout:\n{}\nstderr:\n{}",
            self.output.status,
            self.stdout(),
            self.stderr()
        );
        self
    }

    #[track_caller]
    fn failure(&self) -> &Run {
        assert_eq!(
            self.output.status.code(),
            Some(1),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// The value of `name=` in GITHUB_OUTPUT.
    fn output(&self, name: &str) -> Option<&str> {
        self.outputs
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
    }
}

#[track_caller]
fn run_ok(cmd: &mut Command) {
    let output = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(output.status.success(), "{cmd:?}: {output:?}");
}

/// The SHA-256 of a file in hex, by the system's own tool (as the release workflow
/// writes SHA256SUMS).
fn sha256(path: &Path) -> String {
    let output = Command::new("sha256sum")
        .arg(path)
        .output()
        .or_else(|_| {
            Command::new("shasum")
                .args(["-a", "256"])
                .arg(path)
                .output()
        })
        .expect("sha256sum or shasum");
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    text.split_whitespace().next().unwrap().to_string()
}

/// A static file server on a loopback port, for as long as it lives: enough HTTP/1.1 for
/// curl, and a list of the paths asked for.
struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves the files under `root`; at most 100 requests, each given 10 seconds.
    fn serve(root: PathBuf) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (requests, stop) = (requests.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming().take(100) {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        let _ = answer(stream, &root, &requests);
                    }
                }
            })
        };
        Server {
            addr,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so that it sees `stop`.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(
    mut stream: TcpStream,
    root: &Path,
    requests: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    requests.lock().unwrap().push(path.clone());
    let relative = Path::new(path.trim_start_matches('/'));
    let file = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| fs::read(root.join(relative)).ok())
        .flatten();
    let (status, body) = match file {
        Some(body) => ("200 OK", body),
        None => ("404 Not Found", b"not found\n".to_vec()),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

/// What `plan` says for a runner: its `version=` and `target=` lines.
fn plan(fixture: &Fixture, server: &Server, runner: (&str, &str)) -> (String, String) {
    let run = fixture.run("plan", runner, server);
    run.success();
    let stdout = run.stdout();
    let value = |name: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name}= in {stdout}"))
            .to_string()
    };
    (value("version"), value("target"))
}

#[test]
fn each_runner_gets_the_binary_built_for_it() {
    let fixture = Fixture::new();
    let server = Server::serve(fixture.path("releases"));
    for (runner, target) in [
        (("Linux", "X64"), LINUX_X64),
        (("Linux", "ARM64"), "aarch64-unknown-linux-musl"),
        (("macOS", "X64"), "x86_64-apple-darwin"),
        (("macOS", "ARM64"), "aarch64-apple-darwin"),
        (("Windows", "X64"), WINDOWS_X64),
        // uname's names, off GitHub's runners
        (("Linux", "x86_64"), LINUX_X64),
        (("Darwin", "arm64"), "aarch64-apple-darwin"),
        (("MINGW64_NT-10.0-20348", "x86_64"), WINDOWS_X64),
        // no binary: built from source
        (("Windows", "ARM64"), "source-windows-arm64"),
        (("Linux", "ARM"), "source-linux-arm"),
        (("FreeBSD", "amd64"), "source-freebsd-amd64"),
    ] {
        assert_eq!(
            plan(&fixture, &server, runner),
            (VERSION.to_string(), target.to_string()),
            "{runner:?}"
        );
    }
}

/// The script's names for the systems are the targets the release workflow builds.
#[test]
fn the_binaries_looked_for_are_those_the_release_workflow_builds() {
    let fixture = Fixture::new();
    let server = Server::serve(fixture.path("releases"));
    let mut looked_for: Vec<String> = ["Linux", "macOS", "Windows"]
        .iter()
        .flat_map(|os| ["X64", "ARM64"].map(|arch| (*os, arch)))
        .map(|runner| plan(&fixture, &server, runner).1)
        .filter(|target| !target.starts_with("source-"))
        .collect();
    looked_for.sort();

    let workflow = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml");
    let workflow: serde_yaml::Value =
        serde_yaml::from_str(&fs::read_to_string(workflow).unwrap()).unwrap();
    let mut built: Vec<String> = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("a build matrix")
        .iter()
        .map(|row| row["target"].as_str().unwrap().to_string())
        .collect();
    built.sort();
    assert_eq!(looked_for, built);
}

#[test]
fn the_version_defaults_to_the_one_of_the_actions_own_release() {
    let fixture = Fixture::new();
    let server = Server::serve(fixture.path("releases"));
    let run = fixture.run_with(
        "plan",
        ("Linux", "X64"),
        &server,
        &[("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))],
    );
    run.success();
    assert!(
        run.stdout()
            .contains(&format!("version={}\n", env!("CARGO_PKG_VERSION"))),
        "{}",
        run.stdout()
    );

    let run = fixture.run_with("plan", ("Linux", "X64"), &server, &[]);
    run.failure();
    assert!(
        run.stderr().contains("no version given"),
        "{}",
        run.stderr()
    );
}

#[test]
fn the_release_binary_is_installed_once_its_checksum_matches() {
    let fixture = Fixture::new();
    let archives = fixture.release(VERSION, &[LINUX_X64, "aarch64-apple-darwin"]);
    let server = Server::serve(fixture.path("releases"));

    let run = fixture.run("install", ("Linux", "X64"), &server);
    run.success();
    let installed = fixture.path("installed/bin/waymark");
    let version = Command::new(&installed).output().unwrap();
    assert_eq!(version.stdout, format!("waymark {VERSION}\n").as_bytes());
    let sum = sha256(&archives[0]);
    assert!(
        run.stdout().contains(&format!(
            "installed waymark {VERSION} (binary: release binary for {LINUX_X64}, SHA-256 {sum}) as {}",
            installed.display()
        )),
        "{}",
        run.stdout()
    );
    assert_eq!(
        server.requests(),
        [
            format!("/v{VERSION}/SHA256SUMS"),
            format!("/v{VERSION}/waymark-{VERSION}-{LINUX_X64}.tar.gz"),
        ]
    );
    assert_eq!(run.output("version"), Some(VERSION));
    assert_eq!(run.output("target"), Some(LINUX_X64));
    assert_eq!(run.output("method"), Some("binary"));
    let bin = fixture.path("installed/bin");
    assert_eq!(run.output("bin"), bin.to_str());
    assert_eq!(fixture.cargo_args(), None);
}

/// What the action's cache restores is used as it is.
#[test]
fn an_installed_binary_of_the_same_version_is_kept() {
    let fixture = Fixture::new();
    fixture.release(VERSION, &[LINUX_X64]);
    let server = Server::serve(fixture.path("releases"));
    fixture.run("install", ("Linux", "X64"), &server).success();
    let downloads = server.requests().len();

    let run = fixture.run("install", ("Linux", "X64"), &server);
    run.success();
    assert_eq!(
        server.requests().len(),
        downloads,
        "{:?}",
        server.requests()
    );
    assert_eq!(run.output("method"), Some("cached"));
    assert!(
        run.stdout().contains("(cached: already in"),
        "{}",
        run.stdout()
    );
}

#[test]
fn a_tampered_binary_is_refused_and_nothing_is_installed() {
    let fixture = Fixture::new();
    let archives = fixture.release(VERSION, &[LINUX_X64]);
    let listed = sha256(&archives[0]);
    let mut bytes = fs::read(&archives[0]).unwrap();
    bytes.extend_from_slice(b"tampered");
    fs::write(&archives[0], bytes).unwrap();
    let actual = sha256(&archives[0]);
    let server = Server::serve(fixture.path("releases"));

    let run = fixture.run("install", ("Linux", "X64"), &server);
    run.failure();
    assert_eq!(
        run.stderr().trim_end(),
        format!(
            "install-waymark: error: checksum mismatch for waymark-{VERSION}-{LINUX_X64}.tar.gz: \
             SHA256SUMS lists {listed}, the download is {actual}; refusing to install it"
        )
    );
    assert!(!fixture.path("installed/bin").exists());
    assert_eq!(run.output("method"), None);
}

/// Windows runners get the `.zip` and `waymark.exe`.
#[test]
fn windows_gets_the_zip_and_waymark_exe() {
    let fixture = Fixture::new();
    fixture.release(VERSION, &[LINUX_X64, WINDOWS_X64]);
    let server = Server::serve(fixture.path("releases"));

    let run = fixture.run("install", ("Windows", "X64"), &server);
    run.success();
    assert!(fixture.path("installed/bin/waymark.exe").is_file());
    assert!(!fixture.path("installed/bin/waymark").exists());
    assert_eq!(
        server.requests()[1],
        format!("/v{VERSION}/waymark-{VERSION}-{WINDOWS_X64}.zip")
    );
}

/// Where the release has no binary for the system, the same release is built from its
/// tag, with the versions of its Cargo.lock.
#[test]
fn without_a_binary_for_the_system_the_tag_is_built_with_cargo() {
    let fixture = Fixture::new();
    fixture.release(VERSION, &[LINUX_X64]);
    fixture.fake_cargo();
    let server = Server::serve(fixture.path("releases"));

    let run = fixture.run("install", ("Linux", "ARM"), &server);
    run.success();
    assert_eq!(
        fixture.cargo_args().expect("cargo was run"),
        [
            "install".to_string(),
            "--locked".into(),
            "--git".into(),
            format!("https://github.com/{}", waymark::scaffold::REPOSITORY),
            "--tag".into(),
            format!("v{VERSION}"),
            "--root".into(),
            fixture.path("installed").display().to_string(),
            waymark::scaffold::PACKAGE.into(),
        ]
    );
    assert!(
        run.stdout().contains(&format!(
            "the release v{VERSION} has no binary for linux arm"
        )),
        "{}",
        run.stdout()
    );
    assert_eq!(run.output("method"), Some("source"));
    assert_eq!(run.output("target"), Some("source-linux-arm"));
    assert_eq!(server.requests(), [format!("/v{VERSION}/SHA256SUMS")]);
}

/// A system that has a name but whose binary the release lacks is built from source too.
#[test]
fn a_release_without_the_systems_binary_is_built_from_source() {
    let fixture = Fixture::new();
    fixture.release(VERSION, &[LINUX_X64]);
    fixture.fake_cargo();
    let server = Server::serve(fixture.path("releases"));

    let run = fixture.run_with(
        "install",
        ("macOS", "ARM64"),
        &server,
        &[
            ("WAYMARK_VERSION", VERSION),
            ("WAYMARK_REPOSITORY", "acme/waymark"),
        ],
    );
    run.success();
    let args = fixture.cargo_args().expect("cargo was run");
    assert_eq!(args[3], "https://github.com/acme/waymark");
}

/// A version that was never released is an error, not a build of a tag that does not
/// exist either.
#[test]
fn a_version_without_a_release_is_an_error() {
    let fixture = Fixture::new();
    fixture.release(VERSION, &[LINUX_X64]);
    fixture.fake_cargo();
    let server = Server::serve(fixture.path("releases"));

    let run = fixture.run_with(
        "install",
        ("Linux", "X64"),
        &server,
        &[("WAYMARK_VERSION", "9.9.9")],
    );
    run.failure();
    assert!(
        run.stderr().contains(&format!(
            "cannot download {}/v9.9.9/SHA256SUMS: is waymark 9.9.9 released?",
            server.url()
        )),
        "{}",
        run.stderr()
    );
    assert_eq!(fixture.cargo_args(), None);
}
