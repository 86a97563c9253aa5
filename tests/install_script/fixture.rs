//! The install script's test fixture: a temporary folder holding a fake release laid out
//! as GitHub serves one, the install folder, stand-in commands, and runs of the script.

use super::server::Server;
use super::VERSION;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// The script under test.
fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/actions/install-waymark.sh")
}

/// A temporary folder holding a fake release (`releases/v<version>/`), the install
/// folder (`installed/`) and a folder for stand-in commands (`path/`).
pub struct Fixture {
    tmp: TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let tmp = tempfile::Builder::new()
            .prefix("install-script")
            .tempdir()
            .unwrap();
        for dir in ["releases", "installed", "path", "pack"] {
            fs::create_dir(tmp.path().join(dir)).unwrap();
        }
        Fixture { tmp }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.tmp.path().join(relative)
    }

    fn release_dir(&self, version: &str) -> PathBuf {
        let dir = self.path(&format!("releases/v{version}"));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Packs a fake waymark for `target` as the release workflow does: a `.tar.gz` (a
    /// `.zip` with `waymark.exe` for Windows) holding `waymark-<version>-<target>/`.
    pub fn pack(&self, version: &str, target: &str) -> PathBuf {
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
    pub fn release(&self, version: &str, targets: &[&str]) -> Vec<PathBuf> {
        let archives: Vec<PathBuf> = targets.iter().map(|t| self.pack(version, t)).collect();
        let refs: Vec<&Path> = archives.iter().map(PathBuf::as_path).collect();
        self.write_sums(version, &refs);
        archives
    }

    /// A stand-in `cargo` that records its arguments and installs a fake waymark where
    /// `--root` says, as `cargo install` would.
    pub fn fake_cargo(&self) {
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
    pub fn cargo_args(&self) -> Option<Vec<String>> {
        let text = fs::read_to_string(self.path("cargo-args")).ok()?;
        Some(text.lines().map(str::to_string).collect())
    }

    /// Runs the script with `command` on a runner of `os` and `arch` (as GitHub names
    /// them), downloading from `server`, installing into `installed/`.
    pub fn run(&self, command: &str, runner: (&str, &str), server: &Server) -> Run {
        self.run_with(command, runner, server, &[("WAYMARK_VERSION", VERSION)])
    }

    pub fn run_with(
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

pub struct Run {
    output: Output,
    /// What the script wrote to GITHUB_OUTPUT.
    outputs: String,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    #[track_caller]
    pub fn success(&self) -> &Run {
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
    pub fn failure(&self) -> &Run {
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
    pub fn output(&self, name: &str) -> Option<&str> {
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
pub fn sha256(path: &Path) -> String {
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
