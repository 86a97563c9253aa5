//! Times the reading of a megabyte of hostile YAML as `site.yaml` and as front matter:
//! nesting of every shape (refused by the pre-scan), and large documents that do parse (a
//! flow list of 350,000 items, a mapping of 40,000 metrics whose last repeats the first).
//! Each must take well under a second; before the pre-scan, a megabyte of `[` took the
//! YAML parser most of an hour.
//!
//! ```sh
//! cargo run --release --example hostile_yaml
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;
use waymark::content::{self, Body, IdFile};

const MEGABYTE: usize = 1 << 20;

fn main() {
    let nested_keys: String = (1..1400)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    let many_items = format!("[{}x]", "x, ".repeat(MEGABYTE / 3));
    let many_keys: String = (0..40_000)
        .chain([0])
        .map(|i| format!("  key{i}: {{ label: K }}\n"))
        .collect();
    let text_then_nesting = format!(
        "description: \"{}\"\nother: {}\n",
        "Dry air [at home], {kids}: # ".repeat(MEGABYTE / 29),
        "[".repeat(100)
    );
    let cases: [(&str, String); 8] = [
        ("`[` nested", "[".repeat(MEGABYTE)),
        ("`{` nested", "{".repeat(MEGABYTE)),
        ("`[{` nested", "[{".repeat(MEGABYTE / 2)),
        ("`- ` nested", "- ".repeat(MEGABYTE / 2)),
        ("block mappings nested", nested_keys),
        ("a megabyte, then `[` nested", text_then_nesting),
        (
            "a list of 350,000 items",
            format!("description: {many_items}\n"),
        ),
        (
            "40,000 metrics, one twice",
            format!("metrics:\n{many_keys}"),
        ),
    ];
    let persona = IdFile {
        id: "anna".into(),
        path: PathBuf::from("personas/anna.md"),
    };
    println!(
        "{:<26} {:>9} {:>12} {:>14}",
        "document", "bytes", "site.yaml", "front matter"
    );
    for (name, yaml) in &cases {
        let started = Instant::now();
        let settings = content::parse_config_text(Path::new("site.yaml"), yaml);
        let as_settings = started.elapsed();
        let file = format!("---\n{yaml}\n---\n");
        let started = Instant::now();
        let front = content::parse_persona_text(&persona, &file, Body::Checked);
        let as_front_matter = started.elapsed();
        assert!(settings.is_err() && front.is_err(), "{name} was accepted");
        println!(
            "{name:<26} {:>9} {:>10.1?} {:>14.1?}",
            yaml.len(),
            as_settings,
            as_front_matter
        );
    }
}
