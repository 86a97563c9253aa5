//! Folding and splitting: the rule the search script must match, and the one-pass folding
//! of the index builder held to the plain definition.

use super::super::fold::*;

#[test]
fn folding_drops_every_latvian_diacritic_in_both_cases() {
    assert_eq!(fold("āčēģīķļņšūž"), "acegiklnsuz");
    assert_eq!(fold("ĀČĒĢĪĶĻŅŠŪŽ"), "acegiklnsuz");
    // The letters of older spelling too.
    assert_eq!(fold("ōŗ"), "or");
    assert_eq!(fold("Ceļus"), "celus");
}

#[test]
fn folding_makes_yo_ye_and_lowercases_cyrillic() {
    assert_eq!(fold("ёлка Ёж"), "елка еж");
    assert_eq!(fold("ПРИВЕТ, Мир"), "привет, мир");
    // A consequence of dropping marks, on both sides alike: й is и with a breve.
    assert_eq!(fold("Мой"), "мои");
}

#[test]
fn folding_handles_decomposed_input_and_leaves_plain_ascii_alone() {
    assert_eq!(fold("Cafe\u{301} CAFÉ"), "cafe cafe");
    assert_eq!(fold("Plain ASCII 42"), "plain ascii 42");
    assert_eq!(fold(""), "");
}

#[test]
fn words_split_on_every_character_that_is_neither_letter_nor_digit() {
    assert_eq!(
        words("Ceļus, ceļš—un 2026-Q1! «Покупка»/e\u{301}te"),
        ["celus", "cels", "un", "2026", "q1", "покупка", "ete"]
    );
    assert!(words(" \t—…!? ").is_empty());
}

#[test]
fn a_long_word_is_cut_the_same_way_every_time() {
    let long = "ž".repeat(5000);
    let cut = words(&long);
    assert_eq!(cut, ["z".repeat(MAX_WORD_CHARS)]);
    let mut seen = Vec::new();
    for_each_word(&long, &mut String::new(), |w| seen.push(w.to_string()));
    assert_eq!(seen, cut);
}

fn is_stop_word(word: &str) -> bool {
    stop_words().iter().any(|w| w == word)
}

#[test]
fn stop_words_are_folded_and_negations_are_kept() {
    assert!(is_stop_word("the"));
    assert!(is_stop_word("ka")); // kā
    assert!(is_stop_word("и"));
    for kept in ["no", "not", "не", "ne", "celus"] {
        assert!(!is_stop_word(kept), "{kept}");
    }
}

#[test]
fn stems_lose_the_longest_ending_that_leaves_three_characters() {
    assert_eq!(stem("покупки"), Some("покупк"));
    assert_eq!(stem(&fold("покупками")), Some("покупк"));
    assert_eq!(stem("celus"), Some("cel"));
    assert_eq!(stem("celiem"), Some("cel"));
    assert_eq!(stem("buying"), Some("buy"));
    assert_eq!(stem("fees"), Some("fee"));
    assert_eq!(stem("dog"), None);
    assert_eq!(stem("gaps"), Some("gap"));
    assert_eq!(stem("zzz"), None);
}

/// One row of `tests/fixtures/search-fold.json`: a text, its words and their stems.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct FoldRow {
    text: String,
    words: Vec<String>,
    stems: Vec<Option<String>>,
}

#[test]
fn the_fold_table_that_the_browser_check_holds_the_script_to_is_what_rust_does() {
    // `.ci/search-check.mjs` folds the same texts with search.js and compares: this test
    // keeps the table true to the Rust side. WAYMARK_UPDATE_FIXTURES=1 writes it anew.
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-fold.json");
    let table: Vec<FoldRow> =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let actual: Vec<FoldRow> = table
        .iter()
        .map(|row| {
            let words = words(&row.text);
            let stems = words.iter().map(|w| stem(w).map(str::to_string)).collect();
            FoldRow {
                text: row.text.clone(),
                words,
                stems,
            }
        })
        .collect();
    if std::env::var_os("WAYMARK_UPDATE_FIXTURES").is_some() {
        let mut json = serde_json::to_string_pretty(&actual).unwrap();
        json.push('\n');
        std::fs::write(&path, json).unwrap();
        return;
    }
    assert_eq!(actual, table);
}

/// The rule as [`words`] defines it, written the plain way: the whole text lowercased,
/// decomposed, stripped of marks, then split and cut.
fn plain_words(text: &str) -> Vec<String> {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let folded: String = text
        .to_lowercase()
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(MAX_WORD_CHARS).collect())
        .collect()
}

#[test]
fn every_character_folds_alone_as_in_a_text() {
    use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
    use unicode_normalization::UnicodeNormalization;
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let text = c.to_string();
        let plain: String = text
            .to_lowercase()
            .nfd()
            .filter(|&c| !is_combining_mark(c))
            .collect();
        assert_eq!(fold(&text), plain, "U+{:04X}", u32::from(c));
        // Decomposing a text reorders only characters of a nonzero combining class;
        // were one of them kept, folding one character at a time would miss the order.
        if canonical_combining_class(c) != 0 {
            assert!(is_combining_mark(c), "U+{:04X}", u32::from(c));
        }
    }
}

#[test]
fn words_are_the_plain_rule_on_mixed_text() {
    // Letters of several scripts and cases, marks of several classes, the final sigma,
    // characters whose lowercase or decomposition is longer, digits and separators.
    let pool: Vec<char> =
        "aZq09 ,.-—_'ÉeЁжĻļΣσςΟΔİßǅ한ﬁ①क😀\u{301}\u{327}\u{5b0}\u{316}\u{93c}\u{2028}\t"
            .chars()
            .collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |below: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % below
    };
    let mut buffer = String::new();
    for _ in 0..5000 {
        let len = next(48);
        let text: String = (0..len).map(|_| pool[next(pool.len())]).collect();
        let mut seen = Vec::new();
        for_each_word(&text, &mut buffer, |w| seen.push(w.to_string()));
        assert_eq!(seen, plain_words(&text), "{text:?}");
        assert_eq!(words(&text), seen, "{text:?}");
    }
    let long = format!("{}Σ {}", "Ж".repeat(40), "AbC".repeat(20));
    assert_eq!(words(&long), plain_words(&long));
    assert_eq!(words("ΟΔΟΣ ΣΑΣ"), ["οδος", "σας"]);
}
