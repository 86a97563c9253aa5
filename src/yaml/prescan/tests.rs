//! The nesting pre-scan: what counts as a level, what does not, and that each byte is
//! looked at once.

use super::*;

fn deep(text: &str) -> Option<usize> {
    check(text).err().map(|too_deep| too_deep.offset)
}

#[test]
fn flow_collections_past_the_limit_are_refused_at_the_first_bracket_too_many() {
    let ok = format!("{}{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
    assert_eq!(deep(&ok), None);
    let text = "[".repeat(MAX_NESTING + 1);
    assert_eq!(deep(&text), Some(MAX_NESTING));
    // The mapping that holds `a` is the first level.
    let text = format!("a: {}", "[".repeat(MAX_NESTING));
    assert_eq!(deep(&text), Some(3 + MAX_NESTING - 1));
    let mixed = format!("a: {}", "[{".repeat(MAX_NESTING));
    assert_eq!(deep(&mixed), Some(3 + MAX_NESTING - 1));
    // In a block mapping the key's mapping is one level already.
    let nested = format!("a:\n  b: {}", "{".repeat(MAX_NESTING));
    assert_eq!(deep(&nested), Some(8 + MAX_NESTING - 2));
}

#[test]
fn brackets_in_quotes_comments_and_plain_text_do_not_count() {
    let many = "[".repeat(MAX_NESTING * 2);
    for text in [
        format!("a: \"{many}\"\n"),
        format!("a: '{many}'\n"),
        format!("a: 'it''s {many}'\n"),
        format!("a: \"say \\\" {many}\"\n"),
        format!("a: b # {many}\n"),
        format!("# {many}\na: b\n"),
        format!("a: text {many}\n"),
        format!("a: |\n  {many}\n  more\nb: c\n"),
        format!("a: >-\n\n  {many}\n"),
        format!("a: [\"{many}\", '{many}']\n"),
        format!("a: \"multi\n  line {many}\"\n"),
    ] {
        assert_eq!(deep(&text), None, "{text}");
    }
    // After the block scalar ends, structure counts again.
    let after = format!("a: |\n  x\nb: {}", "[".repeat(MAX_NESTING + 1));
    assert!(deep(&after).is_some());
}

#[test]
fn block_sequences_and_mappings_count_their_levels() {
    let dashes = |n: usize| "- ".repeat(n) + "x\n";
    assert_eq!(deep(&dashes(MAX_NESTING)), None);
    assert_eq!(deep(&dashes(MAX_NESTING + 1)), Some(2 * MAX_NESTING));
    let mappings =
        |n: usize| -> String { (0..n).map(|i| format!("{}k:\n", " ".repeat(i))).collect() };
    assert_eq!(deep(&mappings(MAX_NESTING)), None);
    let text = mappings(MAX_NESTING + 1);
    let last = text.rfind('k').unwrap();
    assert_eq!(deep(&text), Some(last));
    // Items that are mappings, and lists at their key's indentation.
    let mut items = String::new();
    for i in 0..MAX_NESTING {
        items.push_str(&format!("{}- k:\n", "  ".repeat(i)));
    }
    assert!(deep(&items).is_some());
    let siblings = "a:\n- x\n- y\nb:\n  - c: 1\n    d: 2\n  - c: 3\ne: 4\n".repeat(1000);
    assert_eq!(deep(&siblings), None);
}

#[test]
fn line_breaks_the_yaml_parser_knows_are_lines_here_too() {
    for newline in ["\r", "\u{85}", "\u{2028}", "\u{2029}", "\r\n"] {
        let text: String = (0..=MAX_NESTING)
            .map(|i| format!("{}k:{newline}", " ".repeat(i)))
            .collect();
        assert!(deep(&text).is_some(), "{newline:?}");
    }
}

#[test]
fn a_real_journey_is_well_within_the_limit() {
    let journey = "title: T\nstages:\n  - id: a\n    name: A\n    touchpoints:\n      - { name: Web, channel: web }\n    pain_points:\n      - id: p\n        text: \"Slow: [very]\"\n        tags: [speed, {x: [1]}]\n    opportunities:\n    - { text: 'Fix #1', addresses: [p] }\n";
    let mut scan = Scan::new(journey.as_bytes());
    assert_eq!(scan.run(), Ok(()));
    assert!(scan.blocks.len() <= 6, "{:?}", scan.blocks);
}

/// Each byte is looked at once however the text is built, so the scan takes time in
/// proportion to the text; the YAML parser, which it guards, takes the square.
#[test]
fn the_scan_is_one_pass_over_the_text() {
    let mb = 1 << 20;
    let hostile = [
        "[".repeat(mb),
        "{".repeat(mb),
        "- ".repeat(mb / 2),
        "\"\\".repeat(mb / 2),
        "''".repeat(mb / 2),
        "a: |\n".to_string() + &"  x\n".repeat(mb / 4),
        "a: [".to_string() + &"x, ".repeat(mb / 3) + "]",
        "k:\n".repeat(mb / 3),
    ];
    for text in &hostile {
        let mut scan = Scan::new(text.as_bytes());
        // A refused text is scanned up to the refused byte, the rest never.
        let end = match scan.run() {
            Ok(()) => text.len(),
            Err(refused) => refused.offset + 1,
        };
        assert_eq!(scan.steps, end, "{}", &text[..20]);
    }
}
