//! Mermaid `journey` diagrams, both ways: [`read`] makes a journey of one, and
//! [`mermaid_source`] writes a journey as one that reads back the same.

mod escape;
mod export;
mod import;
mod parse;

pub use export::mermaid_source;
pub use import::read;

use crate::interop::{Context, Reading};
use std::path::Path;

/// Reads the bytes of a `.mmd` file into a journey (see [`read`]); text that is not
/// UTF-8 is an error at its place.
pub fn read_bytes(bytes: &[u8], path: &Path, context: &Context) -> Reading {
    match std::str::from_utf8(bytes) {
        Ok(text) => read(text, path, context),
        Err(err) => {
            let valid = std::str::from_utf8(&bytes[..err.valid_up_to()]).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid
                .rsplit('\n')
                .next()
                .unwrap_or_default()
                .chars()
                .count()
                + 1;
            let d = crate::diagnostics::Diagnostic::error(
                path,
                line,
                column,
                "the file is not valid UTF-8 text",
            )
            .with_hint("save the file as UTF-8");
            Reading {
                diagnostics: vec![d],
                ..Reading::default()
            }
        }
    }
}
