//! Folding and tokenising: the one rule by which both the index and a query turn text
//! into words, so that a query matches whatever way it is typed.
//!
//! Text is lowercased, decomposed (Unicode NFD) and stripped of its combining marks, so
//! `Ceļus` and `celus` are the same word, as are `Ёлка` and `елка`; then it is split on
//! every character that is neither alphabetic nor numeric. `themes/default/static/search.js`
//! folds a query the same way (`toLowerCase`, `normalize("NFD")`, no `\p{M}`, split on
//! `[^\p{Alphabetic}\p{N}]`); the browser check compares the two on a table of words.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// The longest word kept, in characters; a longer one is cut to this length, in the index
/// and in a query alike, so a 10 MB "word" costs what a short one does.
pub const MAX_WORD_CHARS: usize = 32;

/// Words too common to find anything by (English, Russian and Latvian articles,
/// conjunctions and prepositions): their lists would be the largest in the index and
/// a query that needs them would load them whole. Negations (`no`, `not`, `не`, `ne`)
/// are kept: "no status updates" means something else without them.
const STOP_WORDS: &[&str] = &[
    // English
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "the", "to", "with", // Russian
    "а", "в", "во", "для", "до", "и", "из", "к", "как", "на", "о", "об", "от", "по", "с", "со",
    "что", // Latvian
    "ar", "ir", "ka", "kā", "kas", "lai", "pa", "par", "pie", "uz", "un", "vai",
];

/// Inflectional endings that a query word may lose when, as typed, it finds nothing (see
/// [`stem`]): Russian case and verb endings, Latvian case endings, English plural and verb
/// endings. Written as the language writes them and folded when used.
const ENDINGS: &[&str] = &[
    // Russian
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ать", "ять", "ить", "еть", "ой", "ей",
    "ый", "ий", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ую", "юю", "ом", "ем", "ам", "ям",
    "ах", "ях", "ов", "ев", "ть", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь",
    // Latvian
    "iem", "ām", "ēm", "īm", "ūm", "am", "em", "im", "um", "ai", "ei", "us", "as", "es", "is", "os",
    "šu", "ās", "ēs", "ā", "ē", "ī", "ū", "a", "e", "i", "u", "s", "š", "o", // English
    "ing", "ies", "ed", "es", "s",
];

/// The fewest characters a stem keeps: shorter ones match too much to be worth it.
pub const MIN_STEM_CHARS: usize = 3;

/// `text` lowercased, decomposed, without combining marks.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    if text.contains(FINAL_SIGMA_CONTEXT) {
        folded.extend(text.to_lowercase().nfd().filter(|&c| !is_combining_mark(c)));
    } else {
        text.chars().for_each(|c| fold_char(c, |f| folded.push(f)));
    }
    folded
}

/// The one capital whose lowercase depends on its neighbours (`Σ` is `ς` at the end of a
/// word, else `σ`): a text that has it is lowercased whole, as `toLowerCase` does.
const FINAL_SIGMA_CONTEXT: char = 'Σ';

/// Calls `each` with the folded characters of `c`: its lowercase, decomposed, without
/// combining marks. Character by character this is [`fold`] of a text without `Σ`: the
/// decomposition of a text is that of its characters with their marks reordered, and
/// the marks are dropped.
fn fold_char(c: char, mut each: impl FnMut(char)) {
    if c.is_ascii() {
        each(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        decompose_canonical(lower, |d| {
            if !is_combining_mark(d) {
                each(d)
            }
        });
    }
}

/// The folded words of `text`, in order, each cut to [`MAX_WORD_CHARS`].
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_word(text, &mut String::new(), |word| {
        words.push(word.to_string())
    });
    words
}

/// Calls `each` with every folded word of `text`, as [`words`] lists them, each word
/// gathered in `buffer` rather than in a string of its own: the index builder's hot path,
/// which folds and splits in one pass over the text.
pub fn for_each_word(text: &str, buffer: &mut String, mut each: impl FnMut(&str)) {
    buffer.clear();
    if text.is_ascii() {
        // Its letters and digits are the only characters of its words, and fold alone.
        for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
            if word.is_empty() {
                continue;
            }
            let word = &word[..word.len().min(MAX_WORD_CHARS)];
            if word.bytes().any(|b| b.is_ascii_uppercase()) {
                buffer.clear();
                buffer.extend(word.chars().map(|c| c.to_ascii_lowercase()));
                each(buffer);
            } else {
                each(word);
            }
        }
        return;
    }
    // Folding comes before splitting: a mark between two letters (`e\u{301}`) is dropped
    // rather than taken for a separator.
    let mut chars = 0;
    let mut split = |f: char| {
        if f.is_alphanumeric() {
            if chars < MAX_WORD_CHARS {
                buffer.push(f);
            }
            chars += 1;
        } else if chars > 0 {
            each(buffer);
            buffer.clear();
            chars = 0;
        }
    };
    if text.contains(FINAL_SIGMA_CONTEXT) {
        fold(text).chars().for_each(&mut split);
    } else {
        text.chars().for_each(|c| fold_char(c, &mut split));
    }
    if chars > 0 {
        each(buffer);
    }
}

/// The folded stop words, sorted.
pub fn stop_words() -> &'static [String] {
    static FOLDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FOLDED.get_or_init(|| folded_sorted(STOP_WORDS, |a, b| a.cmp(b)))
}

/// The folded endings, longest first, for [`stem`] and the search script.
pub fn endings() -> &'static [String] {
    static FOLDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FOLDED.get_or_init(|| {
        folded_sorted(ENDINGS, |a, b| {
            b.chars().count().cmp(&a.chars().count()).then(a.cmp(b))
        })
    })
}

fn folded_sorted(words: &[&str], order: fn(&String, &String) -> std::cmp::Ordering) -> Vec<String> {
    let mut folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    folded.sort_by(order);
    folded.dedup();
    folded
}

/// The folded `word` without its longest ending that leaves at least [`MIN_STEM_CHARS`],
/// or `None` when no ending fits. The search script does the same to a query word that
/// finds nothing as typed, and matches the stem as a prefix: `покупки` finds `покупка`,
/// `celus` finds `ceļš` and `ceļu`. A stem matches more than the word's own forms
/// (`cel` also finds `celt`): the price of needing no stemming library and no
/// per-language rules, paid only when the word as typed found nothing.
pub fn stem(word: &str) -> Option<&str> {
    let chars = word.chars().count();
    endings().iter().find_map(|ending| {
        let kept = chars.checked_sub(ending.chars().count())?;
        (kept >= MIN_STEM_CHARS)
            .then(|| word.strip_suffix(ending.as_str()))
            .flatten()
    })
}
