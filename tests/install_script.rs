//! The install script of waymark's GitHub Action (`.github/actions/install-waymark.sh`),
//! run against a folder laid out like a GitHub release and served over loopback HTTP:
//! which binary it picks for each runner, that it installs it only when its SHA-256 is the
//! one SHA256SUMS lists, and when it builds from source instead.
//!
//! The "binaries" are shell scripts that print `waymark <version>`, so that any Unix runs
//! the one for any target. The script itself also runs on Windows runners (Git Bash);
//! there the release workflow's own use of it is the test.
#![cfg(unix)]

#[path = "install_script/fixture.rs"]
mod fixture;
#[path = "install_script/server.rs"]
mod server;

use fixture::{sha256, Fixture};
use server::Server;
use std::fs;
use std::path::Path;
use std::process::Command;

pub const VERSION: &str = "0.1.0";
const LINUX_X64: &str = "x86_64-unknown-linux-musl";
const WINDOWS_X64: &str = "x86_64-pc-windows-msvc";

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
