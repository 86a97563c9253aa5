//! Problems found in the content: where they are, what is wrong, and how to fix it.
//!
//! Every stage of the pipeline reports into a `Vec<Diagnostic>` instead of stopping at the
//! first problem, so a user sees everything that is wrong in one run.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop a build, warnings only inform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a file (line and column are 1-based; 0 means "the whole file").
/// Problems with whole files (a bad file name, a link, a file that cannot be read) sort
/// before problems inside files: the first often explains the others, as a persona file
/// that is not read makes every journey that names it fail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
}

impl Ord for Diagnostic {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        fn key(d: &Diagnostic) -> (bool, &PathBuf, usize, usize, Severity) {
            (d.line != 0, &d.path, d.line, d.column, d.severity)
        }
        key(self)
            .cmp(&key(other))
            .then_with(|| (&self.message, &self.hint).cmp(&(&other.message, &other.hint)))
    }
}

impl PartialOrd for Diagnostic {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Diagnostic {
    pub fn error(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    /// An error about a whole file or folder, at no line of it.
    pub fn in_file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::error(path, 0, 0, message)
    }

    /// A warning about a whole file or folder, at no line of it.
    pub fn warning_in_file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::warning(path, 0, 0, message)
    }

    pub fn warning(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic with the offending source line and a caret under the column, as
    /// compilers print it. `source` is the whole text of the file, if it could be read.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = self.to_string();
        let line_text = source
            .filter(|_| self.line > 0)
            .and_then(|s| s.lines().nth(self.line - 1));
        if let Some(text) = line_text {
            let text = text.trim_end_matches('\r');
            // Very long lines (minified or garbage input) are cut so the report stays readable.
            let shown: String = text.chars().take(160).collect();
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            out.push_str(&format!(
                "\n{pad} |\n{number} | {}\n{pad} |",
                escape_controls(&shown)
            ));
            if self.column > 0 && self.column <= shown.chars().count() + 1 {
                let indent: String = shown
                    .chars()
                    .take(self.column - 1)
                    .map(|c| match c {
                        '\t' => "\t".to_string(),
                        c => " ".repeat(escaped(c).map_or(1, |e| e.chars().count())),
                    })
                    .collect();
                out.push_str(&format!(" {indent}^"));
            }
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("\n  = hint: {}", escape_controls(hint)));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = escape_controls(&self.path.display().to_string()).into_owned();
        if self.line == 0 {
            // About the whole file: a position would be made up.
            return write!(f, "{path}: {kind}: {}", escape_controls(&self.message));
        }
        write!(
            f,
            "{path}:{}:{}: {kind}: {}",
            self.line,
            self.column,
            escape_controls(&self.message)
        )
    }
}

/// `text` with every character a terminal would act on rather than show written as an
/// escape (`\x1b`, `\u{202e}`): content quoted in a message or shown as its source line
/// can hold them, and must not move the cursor, recolour the terminal or reorder what it
/// shows. Tabs stay, as the caret line lines up with them.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match escaped(c) {
            Some(escape) => out.push_str(&escape),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// C0 and C1 controls but tab, DEL, and the bidirectional overrides and isolates.
fn needs_escape(c: char) -> bool {
    c != '\t'
        && matches!(c, '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The escape [`escape_controls`] writes for `c`, if `c` needs one.
fn escaped(c: char) -> Option<String> {
    if !needs_escape(c) {
        return None;
    }
    Some(if c < '\u{80}' {
        format!("\\x{:02x}", u32::from(c))
    } else {
        format!("\\u{{{:x}}}", u32::from(c))
    })
}

/// A path shown to the user as they would type it from the current folder: relative,
/// with `..` where it lies elsewhere, when that is shorter than the path as it is.
pub fn display_path(path: &Path) -> PathBuf {
    display_path_from(std::env::current_dir().ok().as_deref(), path)
}

/// [`display_path`] from the folder `cwd`, asked for once by a caller that shows many.
fn display_path_from(cwd: Option<&Path>, path: &Path) -> PathBuf {
    cwd.and_then(|cwd| relative_to(path, cwd))
        .unwrap_or_else(|| path.to_path_buf())
}

/// `path` relative to `base` (both absolute), with `..` to climb; `None` when they share
/// no root or the relative form is no shorter.
fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    use std::path::Component;
    if !path.is_absolute() {
        return None;
    }
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return None;
    }
    let mut relative = PathBuf::new();
    for _ in common..base_parts.len() {
        relative.push("..");
    }
    for part in &path_parts[common..] {
        relative.push(part);
    }
    if relative.as_os_str().is_empty() {
        return Some(PathBuf::from("."));
    }
    (relative.components().count() < path_parts.len()).then_some(relative)
}

/// Every diagnostic rendered with its source line ([`Diagnostic::render`]) and its path as
/// [`display_path`] shows it: what `build` prints, and what `serve` also shows in the
/// browser.
pub fn render_all(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut last_path: Option<&Path> = None;
    let mut source: Option<String> = None;
    let mut rendered = Vec::with_capacity(diagnostics.len());
    let cwd = std::env::current_dir().ok();
    for diagnostic in diagnostics {
        if diagnostic.line > 0 && last_path != Some(diagnostic.path.as_path()) {
            // Diagnostics inside files are sorted by path, so each file is read at most
            // once; a whole file's problem quotes no line of it. Only
            // regular files of a sane size are quoted: reading a named pipe would block,
            // and a huge file is not worth holding in memory for one line.
            source = std::fs::metadata(&diagnostic.path)
                .ok()
                .filter(|meta| meta.is_file() && meta.len() < 8 << 20)
                .and_then(|_| std::fs::read(&diagnostic.path).ok())
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
            last_path = Some(diagnostic.path.as_path());
        }
        let shown = Diagnostic {
            path: display_path_from(cwd.as_deref(), &diagnostic.path),
            ..diagnostic.clone()
        };
        rendered.push(shown.render(source.as_deref()));
    }
    rendered
}

/// `n` and `noun`, the noun in the plural unless `n` is 1: "1 journey", "2 journeys".
/// For the terminal, which speaks English; pages have their own wording.
pub fn counted(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// How many warnings a build prints in full; `check` prints them all.
pub const SHOWN_WARNINGS: usize = 20;

/// The first [`SHOWN_WARNINGS`] of `warnings` rendered as [`render_all`] does, and a line
/// that counts the rest and names `waymark check SITE`: a portfolio with thousands of
/// incomplete journeys must not bury the build's result.
pub fn render_capped(warnings: &[Diagnostic], site: &Path) -> Vec<String> {
    let mut shown = render_all(&warnings[..warnings.len().min(SHOWN_WARNINGS)]);
    if warnings.len() > SHOWN_WARNINGS {
        let more = warnings.len() - SHOWN_WARNINGS;
        shown.push(format!(
            "… and {more} more {}; `waymark check {}` lists them all",
            if more == 1 { "warning" } else { "warnings" },
            display_path(site).display()
        ));
    }
    shown
}

/// Puts the diagnostics of loading as every command prints them: quotes of content
/// shortened, sorted by place, each once. A full build and `serve`'s update both end
/// their loading here, so the same problem reads the same in both.
pub(crate) fn finish(diagnostics: &mut Vec<Diagnostic>) {
    for diagnostic in diagnostics.iter_mut() {
        diagnostic.message = shorten_quotes(&diagnostic.message);
    }
    diagnostics.sort();
    diagnostics.dedup();
}

/// How many characters of quoted content a message keeps.
const QUOTE_LIMIT: usize = 60;

/// Cuts text that a message quotes from the content (between backticks or double quotes)
/// to its first line and [`QUOTE_LIMIT`] characters: a 10 MB field, or a quote left open
/// over the rest of a file, must not become a 10 MB message.
fn shorten_quotes(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(1024));
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = &rest[open..open + 1];
        out.push_str(&rest[..open + 1]);
        let inside = &rest[open + 1..];
        let close = inside.find(quote).unwrap_or(inside.len());
        let quoted = &inside[..close];
        let first_line = quoted.lines().next().unwrap_or("");
        if first_line.len() < quoted.len() || quoted.chars().nth(QUOTE_LIMIT).is_some() {
            out.extend(first_line.chars().take(QUOTE_LIMIT - 10));
            out.push('…');
        } else {
            out.push_str(quoted);
        }
        rest = &inside[close..];
        if let Some(after) = rest.strip_prefix(quote) {
            out.push_str(quote);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quoted_content_is_cut_in_messages() {
        let long = "9".repeat(10_000);
        let message = format!("`{long}` is not a number: expected e.g. 1200");
        let short = shorten_quotes(&message);
        assert_eq!(
            short,
            format!("`{}…` is not a number: expected e.g. 1200", &long[..50])
        );
        assert_eq!(
            shorten_quotes("`1000,\n2026-Q1,search` is not a number"),
            "`1000,…` is not a number"
        );
        let kept = "unknown variant `sideways`, expected `direct` or `indirect`";
        assert_eq!(shorten_quotes(kept), kept);
        let open = format!("invalid type: string \"{long}");
        assert_eq!(shorten_quotes(&open).chars().count(), 22 + 50 + 1);
    }

    #[test]
    fn paths_are_shown_relative_when_shorter() {
        let base = Path::new("/home/ann/my-journeys/journeys");
        assert_eq!(
            relative_to(Path::new("/home/ann/my-journeys/public"), base),
            Some(PathBuf::from("../public"))
        );
        assert_eq!(relative_to(base, base), Some(PathBuf::from(".")));
        assert_eq!(relative_to(Path::new("/srv/x"), base), None);
        assert_eq!(relative_to(Path::new("public"), base), None);
    }

    #[test]
    fn control_characters_are_shown_escaped_and_the_caret_still_points_right() {
        let d = Diagnostic::error("a\u{1b}b.md", 1, 9, "bad `\u{1b}[2J` here")
            .with_hint("not \u{202e}this");
        let shown = d.render(Some("x: \u{1b}[2J\tz\u{9b}\n"));
        assert!(
            shown.lines().all(|line| !line.chars().any(needs_escape)),
            "{shown:?}"
        );
        assert!(
            shown.starts_with("a\\x1bb.md:1:9: error: bad `\\x1b[2J` here"),
            "{shown}"
        );
        assert!(shown.contains("1 | x: \\x1b[2J\tz\\u{9b}\n"), "{shown}");
        // Column 9 is the `z`, after the tab; the escape before it takes four columns.
        let caret = format!("\n  | {}\t^", " ".repeat(3 + 4 + 3));
        assert!(shown.contains(&caret), "{shown}");
        assert!(shown.ends_with("= hint: not \\u{202e}this"), "{shown}");
        assert_eq!(escape_controls("tab\tand é"), "tab\tand é");
    }
}
