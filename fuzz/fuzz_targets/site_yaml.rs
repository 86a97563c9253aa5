//! Any bytes as `site.yaml`: reading and checking the settings must return them or
//! located diagnostics, never panic, hang or exhaust memory, whatever the nesting, keys,
//! aliases or numbers. Settings that are accepted hold no merge key and only finite
//! metric bounds; a diagnostic points inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use waymark::content;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("site.yaml");
    match content::parse_config_text(path, &text) {
        Ok(config) => {
            for (key, def) in &config.metrics {
                assert_ne!(key, "<<");
                assert!(def.min.map_or(true, f64::is_finite), "{key}: {:?}", def.min);
                assert!(def.max.map_or(true, f64::is_finite), "{key}: {:?}", def.max);
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty());
            let lines = text.split('\n').count();
            for d in diagnostics {
                assert_eq!(d.path, path);
                assert!(!d.message.is_empty());
                assert!(d.line <= lines, "line {} of {lines}: {}", d.line, d.message);
            }
        }
    }
});
