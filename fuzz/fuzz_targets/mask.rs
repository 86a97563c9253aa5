//! Any text through the masking of personal data: it must never panic or take more than
//! linear time, must leave text without personal data as it is, and must write the
//! placeholder of every kind it counts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::borrow::Cow;
use waymark::feedback::mask::mask;

fuzz_target!(|text: &str| {
    let (masked, counts) = mask(text);
    if let Cow::Borrowed(same) = &masked {
        assert_eq!(*same, text);
        assert_eq!(counts.total(), 0);
        return;
    }
    assert!(counts.total() > 0);
    for (count, placeholder) in [
        (counts.email, "[email]"),
        (counts.phone, "[phone]"),
        (counts.card, "[card]"),
        (counts.iban, "[iban]"),
        (counts.personal_code, "[personal code]"),
    ] {
        assert!(
            count == 0 || masked.contains(placeholder),
            "{placeholder} in {masked:?}"
        );
    }
});
