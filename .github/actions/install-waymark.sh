#!/usr/bin/env bash
# Installs waymark from its GitHub release: the binary built for this system, refused
# unless its SHA-256 is the one the release's SHA256SUMS lists. Where the release has no
# binary for the system, waymark is compiled from the release's tag with
# `cargo install --locked --git`. Used by action.yml; runs on Linux, macOS and Windows
# (Git Bash), with bash 3.2 or newer, curl and tar (and unzip, 7z or PowerShell on Windows).
#
# Usage: install-waymark.sh [plan | install]
#   plan     prints `version=…` and `target=…`: the version to install and the release's
#            name for this system (`source-<os>-<arch>` when it has no binary for it)
#   install  (the default) installs bin/waymark into WAYMARK_INSTALL_DIR and prints what
#            it installed; a waymark of that version already there is kept
#
# Environment:
#   WAYMARK_VERSION      the version, e.g. 0.2.0 or v0.2.0; default: the version in the
#                        Cargo.toml beside this action (GITHUB_ACTION_PATH), its own release
#   WAYMARK_INSTALL_DIR  where to install (default: ~/.local, so ~/.local/bin/waymark)
#   WAYMARK_REPOSITORY   owner/name on GitHub (default: the action's own repository,
#                        else waymark-cx/waymark)
#   WAYMARK_RELEASES     where the releases' files are, version X's under vX/
#                        (default: https://github.com/$WAYMARK_REPOSITORY/releases/download)
#   WAYMARK_GIT          the repository to build from when there is no binary
#                        (default: https://github.com/$WAYMARK_REPOSITORY)
#   RUNNER_OS, RUNNER_ARCH  the system, as GitHub Actions names it; else `uname`
# On GitHub Actions, the results are also written to GITHUB_OUTPUT: version, target,
# method (`binary`, `source` or `cached`) and bin (the folder holding waymark).
set -euo pipefail

readonly PACKAGE=waymark-cx
repository=${WAYMARK_REPOSITORY:-}
# The runner keeps an action used as `owner/name@ref` in _actions/owner/name/ref.
action_path_pattern='[/\\]_actions[/\\]([^/\\]+)[/\\]([^/\\]+)[/\\][^/\\]+[/\\]?$'
if [[ -z $repository && ${GITHUB_ACTION_PATH:-} =~ $action_path_pattern ]]; then
  repository=${BASH_REMATCH[1]}/${BASH_REMATCH[2]}
fi
repository=${repository:-waymark-cx/waymark}
releases=${WAYMARK_RELEASES:-https://github.com/$repository/releases/download}
git_url=${WAYMARK_GIT:-https://github.com/$repository}

fail() {
  echo "install-waymark: error: $*" >&2
  exit 1
}

# The version to install, without a leading `v`.
version() {
  local version=${WAYMARK_VERSION:-}
  if [[ -z $version && -n ${GITHUB_ACTION_PATH:-} && -f $GITHUB_ACTION_PATH/Cargo.toml ]]; then
    # The first `version = "…"` of Cargo.toml is the package's own.
    version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$GITHUB_ACTION_PATH/Cargo.toml" | head -n 1)
  fi
  version=${version#v}
  [[ -n $version ]] || fail "no version given: set WAYMARK_VERSION (e.g. 0.1.0)"
  [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
    fail "\`$version\` is not a version: expected one such as 0.1.0"
  echo "$version"
}

# The system, as the runner or uname names it: `<os> <arch>`, both lowercase.
system() {
  local os=${RUNNER_OS:-$(uname -s)} arch=${RUNNER_ARCH:-$(uname -m)}
  echo "$os $arch" | tr '[:upper:]' '[:lower:]'
}

# The release's name for this system (a Rust target), or nothing when no binary is built
# for it. Keep in step with the matrix of .github/workflows/release.yml.
target() {
  local os arch
  read -r os arch <<<"$(system)"
  case $arch in
    x64 | x86_64 | amd64) arch=x86_64 ;;
    arm64 | aarch64) arch=aarch64 ;;
    *) return 0 ;;
  esac
  case $os in
    linux) echo "$arch-unknown-linux-musl" ;;
    macos | darwin) echo "$arch-apple-darwin" ;;
    windows | windows_nt | mingw* | msys* | cygwin*)
      if [[ $arch == x86_64 ]]; then echo "x86_64-pc-windows-msvc"; fi
      ;;
  esac
}

is_windows() {
  case $(system) in
    windows* | mingw* | msys* | cygwin*) return 0 ;;
    *) return 1 ;;
  esac
}

# What a source build is called in caches: `source-<os>-<arch>`.
source_name() {
  local os arch
  read -r os arch <<<"$(system)"
  echo "source-$os-$arch"
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  elif command -v openssl >/dev/null 2>&1; then
    openssl dgst -sha256 -r "$1" | cut -d ' ' -f 1
  else
    fail "no sha256sum, shasum or openssl to check the download with"
  fi
}

download() { # download URL FILE
  command -v curl >/dev/null 2>&1 || fail "curl is needed to download waymark"
  # No redirect may leave HTTPS (GitHub sends release files on to its storage).
  curl --fail --silent --show-error --location --proto-redir '=https' \
    --retry 3 --retry-delay 2 --output "$2" "$1"
}

extract() { # extract ARCHIVE FOLDER
  case $1 in
    *.tar.gz) tar -xzf "$1" -C "$2" ;;
    *.zip)
      if command -v unzip >/dev/null 2>&1; then
        unzip -q "$1" -d "$2"
      elif command -v 7z >/dev/null 2>&1; then
        7z x -y -bd "-o$2" "$1" >/dev/null
      elif command -v powershell >/dev/null 2>&1 && command -v cygpath >/dev/null 2>&1; then
        # shellcheck disable=SC2016 # PowerShell, not the shell, reads its variables
        WAYMARK_ARCHIVE=$(cygpath -w "$1") WAYMARK_FOLDER=$(cygpath -w "$2") \
          powershell -NoProfile -NonInteractive -Command \
          'Expand-Archive -LiteralPath $env:WAYMARK_ARCHIVE -DestinationPath $env:WAYMARK_FOLDER' \
          </dev/null
      else
        fail "no unzip, 7z or PowerShell to unpack $1"
      fi
      ;;
  esac
}

# The expected SHA-256 of FILE as SUMS lists it (`<hex>  <file>` or `<hex> *<file>`).
listed_sum() { # listed_sum SUMS FILE
  awk -v name="$2" '$2 == name || $2 == "*" name { print $1; exit }' "$1"
}

output() { # output NAME VALUE: a step output on GitHub Actions
  if [[ -n ${GITHUB_OUTPUT:-} ]]; then echo "$1=$2" >>"$GITHUB_OUTPUT"; fi
}

plan() {
  local version target
  version=$(version)
  target=$(target)
  echo "version=$version"
  echo "target=${target:-$(source_name)}"
}

install() {
  local version target dest exe bin tag work archive sums expected actual method detail
  version=$(version)
  target=$(target)
  dest=${WAYMARK_INSTALL_DIR:-$HOME/.local}
  exe=waymark
  if is_windows; then exe=waymark.exe; fi
  bin=$dest/bin
  tag=v$version

  if [[ -x $bin/$exe ]] && [[ $("$bin/$exe" --version 2>/dev/null || true) == "waymark $version" ]]; then
    method=cached
    detail="already in $bin"
  else
    work=$(mktemp -d "${TMPDIR:-/tmp}/install-waymark.XXXXXX")
    # shellcheck disable=SC2064 # the folder is known now, and removed at any exit
    trap "rm -rf '$work'" EXIT
    sums=$work/SHA256SUMS
    download "$releases/$tag/SHA256SUMS" "$sums" ||
      fail "cannot download $releases/$tag/SHA256SUMS: is waymark $version released?"

    local ext=tar.gz
    if is_windows; then ext=zip; fi
    local name="waymark-$version-$target"
    expected=
    if [[ -n $target ]]; then expected=$(listed_sum "$sums" "$name.$ext"); fi

    if [[ -z $expected ]]; then
      # No binary for this system: build the same release from source.
      method=source
      echo "install-waymark: the release $tag has no binary for $(system); building it with cargo"
      command -v cargo >/dev/null 2>&1 ||
        fail "no binary for $(system) and no cargo to build one: install Rust from https://rustup.rs"
      cargo install --locked --git "$git_url" --tag "$tag" --root "$dest" "$PACKAGE"
      detail="built from $git_url at $tag"
    else
      method=binary
      archive=$work/$name.$ext
      download "$releases/$tag/$name.$ext" "$archive" ||
        fail "cannot download $releases/$tag/$name.$ext"
      actual=$(sha256 "$archive")
      if [[ $actual != "$expected" ]]; then
        fail "checksum mismatch for $name.$ext: SHA256SUMS lists $expected, the download is $actual; refusing to install it"
      fi
      mkdir "$work/unpacked"
      extract "$archive" "$work/unpacked"
      local found=$work/unpacked/$name/$exe
      [[ -f $found ]] || fail "$name.$ext has no $name/$exe"
      mkdir -p "$bin"
      # Into place in one step: a reader never sees half a binary.
      cp "$found" "$bin/.$exe.partial"
      chmod 755 "$bin/.$exe.partial"
      mv -f "$bin/.$exe.partial" "$bin/$exe"
      detail="release binary for $target, SHA-256 $actual"
    fi
  fi

  local installed
  installed=$("$bin/$exe" --version) || fail "$bin/$exe does not run"
  [[ $installed == "waymark $version" ]] ||
    fail "$bin/$exe says \`$installed\`, not \`waymark $version\`"
  echo "installed $installed ($method: $detail) as $bin/$exe"
  output version "$version"
  output target "${target:-$(source_name)}"
  output method "$method"
  output bin "$bin"
}

case ${1:-install} in
  plan) plan ;;
  install) install ;;
  *) fail "unknown command \`$1\`: expected plan or install" ;;
esac
