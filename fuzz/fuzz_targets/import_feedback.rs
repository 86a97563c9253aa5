//! Any bytes as a survey or helpdesk export for `import feedback`, in each of its formats
//! with the map the tests use for it: the import must return a report or located
//! diagnostics, never panic, hang or exhaust memory. What it writes must read back as a
//! sound feedback file; when it fails, it writes nothing.
//!
//! The first byte picks the format; the rest is the export.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use waymark::feedback::import::{import_feedback, Format, ImportOptions};
use waymark::feedback::reader::{read_feedback, FeedbackSchema};
use waymark::model::Id;

/// The formats, each with the map of its fixture export.
const FORMATS: [(Format, &str); 5] = [
    (Format::Csv, "interviews.yaml"),
    (Format::Qualtrics, "qualtrics.yaml"),
    (Format::SurveyMonkey, "surveymonkey.yaml"),
    (Format::Typeform, "typeform.yaml"),
    (Format::Zendesk, "zendesk.yaml"),
];

/// A copy of the feedback fixture site without its feedback, made once per process.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/feedback");
        let site = std::env::temp_dir().join(format!("waymark-fuzz-import-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&site);
        for folder in ["journeys", "personas", "exports"] {
            std::fs::create_dir_all(site.join(folder)).unwrap();
            for entry in std::fs::read_dir(fixture.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                std::fs::copy(&path, site.join(folder).join(path.file_name().unwrap())).unwrap();
            }
        }
        std::fs::copy(fixture.join("site.yaml"), site.join("site.yaml")).unwrap();
        site
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, export)) = data.split_first() else {
        return;
    };
    let (format, map) = FORMATS[usize::from(pick) % FORMATS.len()];
    let site = site();
    let file = site.join("export.csv");
    std::fs::write(&file, export).unwrap();
    let target = site.join("feedback/switching.csv");
    let _ = std::fs::remove_file(&target);
    let options = ImportOptions {
        file,
        format,
        journey: "switching".into(),
        map: Some(site.join("exports").join(map)),
        site_dir: site.to_path_buf(),
    };
    match import_feedback(&options) {
        Ok(report) => {
            assert_eq!(report.target, target);
            let written = std::fs::read(&target).unwrap();
            let id = |s: &str| Id::try_from(s.to_string()).unwrap();
            let journeys = BTreeMap::from([(
                id("switching"),
                ["order", "porting", "activation", "support"]
                    .map(id)
                    .to_vec(),
            )]);
            let config = waymark::content::load_config(&site.join("site.yaml")).unwrap();
            let schema = FeedbackSchema {
                journeys: &journeys,
                config: &config.feedback,
                unparsed: &[],
                verbatims_only: false,
            };
            let mut rows = 0;
            let errors: Vec<_> =
                read_feedback(&written[..], &target, "switching", &schema, &mut |_| {
                    rows += 1
                })
                .into_iter()
                .filter(|d| d.is_error())
                .collect();
            assert!(errors.is_empty(), "{errors:?}");
            assert_eq!(rows, report.imported);
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty());
            assert!(diagnostics.iter().all(|d| !d.message.is_empty()));
            assert!(
                !target.exists(),
                "a failed import wrote {}",
                target.display()
            );
        }
    }
});
