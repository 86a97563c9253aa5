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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
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
        write!(
            f,
            "{}:{}:{}: {}: {}",
            escape_controls(&self.path.display().to_string()),
            self.line,
            self.column,
            kind,
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

/// A path shown to the user: relative to the current directory when possible.
pub fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Every diagnostic rendered with its source line ([`Diagnostic::render`]) and its path as
/// [`display_path`] shows it: what `build` prints, and what `serve` also shows in the
/// browser.
pub fn render_all(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut last_path: Option<&Path> = None;
    let mut source: Option<String> = None;
    let mut rendered = Vec::with_capacity(diagnostics.len());
    for diagnostic in diagnostics {
        if last_path != Some(diagnostic.path.as_path()) {
            // Diagnostics are sorted by path, so each file is read at most once. Only
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
            path: display_path(&diagnostic.path),
            ..diagnostic.clone()
        };
        rendered.push(shown.render(source.as_deref()));
    }
    rendered
}

/// How many warnings a build prints in full; `check` prints them all.
pub const SHOWN_WARNINGS: usize = 20;

/// The first [`SHOWN_WARNINGS`] of `warnings` rendered as [`render_all`] does, and a line
/// that counts the rest and names `waymark check SITE`: a portfolio with thousands of
/// incomplete journeys must not bury the build's result.
pub fn render_capped(warnings: &[Diagnostic], site: &Path) -> Vec<String> {
    let mut shown = render_all(&warnings[..warnings.len().min(SHOWN_WARNINGS)]);
    if warnings.len() > SHOWN_WARNINGS {
        shown.push(format!(
            "… and {} more warning(s); `waymark check {}` lists them all",
            warnings.len() - SHOWN_WARNINGS,
            display_path(site).display()
        ));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

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
