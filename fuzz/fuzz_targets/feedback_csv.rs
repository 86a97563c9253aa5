//! Any bytes as a feedback CSV: the reader must return rows and diagnostics, never panic,
//! hang or exhaust memory, whatever the delimiter, quoting, dates, ratings or scales; and
//! every row it hands over must be sound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use waymark::feedback::reader::{read_feedback, FeedbackSchema};
use waymark::metrics::MAX_DIAGNOSTICS;
use waymark::model::{FeedbackConfig, Id};

fn journeys() -> &'static BTreeMap<Id, Vec<Id>> {
    static JOURNEYS: OnceLock<BTreeMap<Id, Vec<Id>>> = OnceLock::new();
    JOURNEYS.get_or_init(|| {
        let id = |s: &str| Id::try_from(s.to_string()).unwrap();
        BTreeMap::from([
            (
                id("switching"),
                ["order", "porting", "activation"].map(id).to_vec(),
            ),
            (
                id("birojs"),
                ["awareness", "compare", "checkout"].map(id).to_vec(),
            ),
        ])
    })
}

fuzz_target!(|data: &[u8]| {
    let config = FeedbackConfig::default();
    let schema = FeedbackSchema {
        journeys: journeys(),
        config: &config,
        unparsed: &[],
        verbatims_only: false,
    };
    let mut rows = 0usize;
    let diagnostics = read_feedback(
        data,
        Path::new("feedback/switching.csv"),
        "switching",
        &schema,
        &mut |row| {
            rows += 1;
            assert!(row.stage_index < row.stage_count);
            assert_eq!(&schema.journeys[row.journey][row.stage_index], row.stage);
            assert!(row.scale.min < row.scale.max);
            if let Some(rating) = row.rating {
                assert!(rating.is_finite());
                assert!((row.scale.min..=row.scale.max).contains(&rating));
            }
            assert!(row.rating.is_some() || row.text.is_some());
        },
    );
    // The errors stop at the cap; the header's warnings of unread columns at a dozen.
    assert!(diagnostics.len() <= MAX_DIAGNOSTICS + 1 + 12);
    assert!(rows <= data.len());
});
