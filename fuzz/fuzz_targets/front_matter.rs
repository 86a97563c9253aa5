//! Any bytes as a persona or journey file: splitting off the front-matter, parsing it as
//! YAML into the model and rendering the body must return a value or a diagnostic, never
//! panic, hang or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use waymark::content::{self, IdFile};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(doc) = content::split(&text) else {
        return;
    };
    assert!(doc.body.len() + doc.front.len() <= text.len());
    for (folder, parse) in [
        ("personas", parse_persona as Parse),
        ("journeys", parse_journey),
    ] {
        let file = IdFile {
            id: "fuzz".into(),
            path: PathBuf::from(folder).join("fuzz.md"),
        };
        if let Err(diagnostic) = parse(&file, &text) {
            assert_eq!(diagnostic.path, file.path);
            assert!(!diagnostic.message.is_empty());
        }
    }
});

type Parse = fn(&IdFile, &str) -> Result<(), waymark::diagnostics::Diagnostic>;

fn parse_persona(file: &IdFile, text: &str) -> Result<(), waymark::diagnostics::Diagnostic> {
    content::parse_persona_text(file, text, content::Body::Sanitized).map(drop)
}

fn parse_journey(file: &IdFile, text: &str) -> Result<(), waymark::diagnostics::Diagnostic> {
    content::parse_journey_text(file, text, content::Body::Sanitized).map(drop)
}
