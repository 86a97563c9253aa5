//! The one place that knows the YAML library: typed deserialization with located errors,
//! and finding the line of a value by its path for errors found after parsing.
//!
//! A document passes three guards before and during its typed parse: the pre-scan (how
//! deeply it nests, on the text), the alias guard (how far aliases expand it), and the
//! strict layer (duplicate and merge keys, numbers that are not finite).

mod aliases;
mod errors;
mod locate;
mod prescan;
mod strict;

pub use locate::{locate, Locator, Seg};

use aliases::check_alias_expansion;
use locate::locate_path;
use serde::de::DeserializeOwned;

/// A YAML problem at a 1-based line and column of the parsed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// How to fix it, when the problem says more than its message.
    pub hint: Option<String>,
}

/// Deserializes `text` into `T`, reporting where the first problem is.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    // Editors on Windows save a byte-order mark, which the YAML parser takes for content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(YamlError {
            line: 1,
            column: 1,
            message: "the YAML is empty: expected a mapping of fields".into(),
            hint: None,
        });
    }
    prescan::check(text).map_err(|too_deep| errors::nesting_error(text, too_deep))?;
    check_alias_expansion(text)?;
    let refusals = strict::Refusals::default();
    let document = strict::strict(serde_yaml::Deserializer::from_str(text), &refusals);
    T::deserialize(document).map_err(|err| errors::parse_error(text, &err, refusals.into_inner()))
}

/// Parses `text` into an untyped value and drops it: what the YAML library alone costs,
/// the floor that `check --timings` compares itself with. The guards run first, as for
/// every document, since without them a hostile file could keep the parser busy for any
/// time. Returns whether the text parsed.
pub fn parse_untyped(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    prescan::check(text).is_ok()
        && check_alias_expansion(text).is_ok()
        && serde_yaml::from_str::<serde_yaml::Value>(text).is_ok()
}

/// The 1-based column, in characters as the YAML parser and the caret count them, of
/// byte offset `byte` of `line`.
pub(super) fn char_column(line: &str, byte: usize) -> usize {
    line.get(..byte)
        .map_or(byte, |before| before.chars().count())
        + 1
}

#[cfg(test)]
mod tests;
