//! Any text as a release snapshot (`releases/<name>.json`): reading it must return the
//! snapshot or one located diagnostic, never panic, hang or exhaust memory, whatever its
//! schema version, shape or numbers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use waymark::snapshot;

fuzz_target!(|text: &str| {
    let path = Path::new("releases/fuzz.json");
    // Read as a site without `unsafe_html` reads it: its stored HTML sanitized again.
    match snapshot::read(path, "fuzz", text, Path::new("site"), false) {
        Ok(read) => {
            assert_eq!(read.schema_version, 1);
            assert_eq!(read.name, "fuzz");
            assert_eq!(&*read.json, text);
            let stored = read
                .site
                .personas
                .iter()
                .map(|p| &p.body_html)
                .chain(read.site.journeys.iter().map(|j| &j.body_html))
                .chain(read.site.intro_html.iter());
            for html in stored {
                let lower = html.to_ascii_lowercase();
                assert!(!lower.contains("<script"), "{html}");
                assert!(!lower.contains("=\"javascript:"), "{html}");
            }
        }
        Err(diagnostic) => {
            assert_eq!(diagnostic.path, path);
            assert!(!diagnostic.message.is_empty());
            assert!(diagnostic.line <= text.split('\n').count());
        }
    }
});
