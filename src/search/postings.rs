//! The word lists: every indexed word with the ids of the documents that hold it, and the
//! compact text those ids are written in.
//!
//! A list is written as one string of printable ASCII, neither `"` nor `\`, so it needs
//! no escaping in JSON or a script: each id is the difference from the id before, less
//! one (the first id counts from -1), as a number whose last digit is one of the 57
//! characters from `#` (0x23) to `[` (0x5B), after the digits of the rest of it divided
//! by 57, most significant first, each one of the 34 characters from `]` (0x5D) to `~`
//! (0x7E). Ids one to 57 apart take one character, up to 1,938 apart two: `"#$%"` is
//! documents 0, 2 and 5. The search script decodes it in one pass.

use super::docs::Docs;
use super::fold;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// How many values a list's last digit of an id tells apart.
const LAST_BASE: u32 = 57;
/// How many values each of an id's other digits tells apart.
const MORE_BASE: u32 = 34;
const LAST_FIRST: u8 = b'#';
const MORE_FIRST: u8 = b']';

/// Every indexed word, sorted, with its list of documents written as the module says.
pub fn postings(docs: &Docs) -> Vec<(String, String)> {
    // Each task indexes a run of documents on its own; the runs are merged in order, so
    // every list stays sorted whatever the number of threads. Few long runs: merging
    // costs a lookup per distinct word of each.
    let run = docs
        .len()
        .div_ceil(4 * rayon::current_num_threads())
        .max(4096);
    let runs: Vec<Run> = (0..docs.len().div_ceil(run))
        .into_par_iter()
        .map(|n| {
            let mut lists = Run::default();
            for at in n * run..docs.len().min((n + 1) * run) {
                let id = u32::try_from(at).unwrap_or(u32::MAX);
                docs.get(at).for_each_text(|text| lists.add(id, text));
            }
            lists
        })
        .collect();
    let mut merged: HashMap<String, List, TextHashing> = HashMap::default();
    for mut run in runs {
        for (word, n) in run.numbers {
            let list = std::mem::take(&mut run.lists[n as usize]);
            match merged.get_mut(&word) {
                Some(before) => before.append(&list),
                None => {
                    merged.insert(word, list);
                }
            }
        }
    }
    // Stop words are left out here, once, rather than looked up at every word of the text.
    for word in fold::stop_words() {
        merged.remove(word);
    }
    let mut words: Vec<(String, String)> = merged
        .into_iter()
        .map(|(word, list)| (word, list.text))
        .collect();
    words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    words
}

/// The documents that hold a word, written as the module says as they come:
/// a list takes a byte or two for each document rather than four, so the lists of a
/// site's hundreds of thousands of documents are never held as numbers.
#[derive(Default)]
struct List {
    text: String,
    /// The last document listed; `None` for an empty list.
    last: Option<u32>,
}

impl List {
    /// Lists document `id`, which comes after every one listed, or is the last again.
    fn push(&mut self, id: u32) {
        let gap = match self.last {
            Some(last) if last == id => return,
            // Ids come in order; were one not to, it would be written as the next.
            Some(last) => id.saturating_sub(last).saturating_sub(1),
            None => id,
        };
        push_number(&mut self.text, gap);
        self.last = Some(id);
    }

    /// Appends `later`, whose documents all come after this list's.
    fn append(&mut self, later: &List) {
        let (Some((first, rest)), Some(last)) = (later.split_first(), later.last) else {
            return;
        };
        // `later` starts with its first id counted from -1; here it counts from the last.
        self.push(first);
        self.text.push_str(rest);
        self.last = Some(last);
    }

    /// The first document listed, and the text of the gaps after it.
    fn split_first(&self) -> Option<(u32, &str)> {
        let len = first_number_len(&self.text);
        (len > 0).then(|| (read_number(&self.text.as_bytes()[..len]), &self.text[len..]))
    }

    #[cfg(test)]
    fn first(&self) -> Option<u32> {
        self.split_first().map(|(first, _)| first)
    }
}

/// The length of the first number written in `text`: its digits up to and with the
/// first last digit.
fn first_number_len(text: &str) -> usize {
    text.bytes()
        .position(|b| (LAST_FIRST..LAST_FIRST + LAST_BASE as u8).contains(&b))
        .map_or(0, |at| at + 1)
}

/// The number written as `digits` (one number, its last digit last).
fn read_number(digits: &[u8]) -> u32 {
    let Some((last, more)) = digits.split_last() else {
        return 0;
    };
    let high = more.iter().fold(0u32, |high, &d| {
        high.wrapping_mul(MORE_BASE)
            .wrapping_add(u32::from(d.wrapping_sub(MORE_FIRST)))
    });
    high.wrapping_mul(LAST_BASE)
        .wrapping_add(u32::from(last.wrapping_sub(LAST_FIRST)))
}

/// Maps keyed by words and texts, hashed with [`TextHasher`].
pub type TextHashing = BuildHasherDefault<TextHasher>;

/// The texts up to this many bytes are split once per run and their words remembered:
/// names, goals, channels, owners and pain points recur across journeys, and a text
/// seen before costs one lookup rather than one per word.
const SHORT_TEXT: usize = 160;

/// The word lists of a run of documents, as one task builds them.
#[derive(Default)]
struct Run<'d> {
    /// Each word → its list's place in `lists`.
    numbers: HashMap<String, u32, TextHashing>,
    /// The documents that hold each word.
    lists: Vec<List>,
    /// Each short text seen → where its words' places are in `split`.
    texts: HashMap<&'d str, (u32, u32), TextHashing>,
    split: Vec<u32>,
    buffer: String,
}

impl<'d> Run<'d> {
    /// Adds the words of `text` to the lists of document `id`, which is this run's last.
    fn add(&mut self, id: u32, text: &'d str) {
        if text.len() > SHORT_TEXT {
            let mut buffer = std::mem::take(&mut self.buffer);
            fold::for_each_word(text, &mut buffer, |word| {
                let n = self.number(word);
                self.post(n, id);
            });
            self.buffer = buffer;
            return;
        }
        let (start, end) = match self.texts.get(text) {
            Some(&range) => range,
            None => {
                let start = self.split.len() as u32;
                let mut buffer = std::mem::take(&mut self.buffer);
                fold::for_each_word(text, &mut buffer, |word| {
                    let n = self.number(word);
                    self.split.push(n);
                });
                self.buffer = buffer;
                let range = (start, self.split.len() as u32);
                self.texts.insert(text, range);
                range
            }
        };
        for at in start..end {
            self.post(self.split[at as usize], id);
        }
    }

    /// The place of `word`'s list, a new one for a word not seen before.
    fn number(&mut self, word: &str) -> u32 {
        if let Some(&n) = self.numbers.get(word) {
            return n;
        }
        let n = self.lists.len() as u32;
        self.lists.push(List::default());
        self.numbers.insert(word.to_string(), n);
        n
    }

    fn post(&mut self, n: u32, id: u32) {
        // A word said again in the same document is listed once.
        self.lists[n as usize].push(id);
    }
}

/// `ids` (ascending, distinct) written onto `out` as the module says.
#[cfg(test)]
pub fn push_ids(out: &mut String, ids: &[u32]) {
    let mut list = List::default();
    ids.iter().for_each(|&id| list.push(id));
    out.push_str(&list.text);
}

fn push_number(out: &mut String, value: u32) {
    let mut high = value / LAST_BASE;
    let mut digits = [0u8; 8];
    let mut len = 0;
    while high > 0 {
        digits[len] = MORE_FIRST + (high % MORE_BASE) as u8;
        high /= MORE_BASE;
        len += 1;
    }
    out.extend(digits[..len].iter().rev().map(|&d| char::from(d)));
    out.push(char::from(LAST_FIRST + (value % LAST_BASE) as u8));
}

/// A hasher for the words and short texts of the index, which the builder looks up once
/// for every one in the site: the multiply-and-rotate hash of the Rust compiler's own
/// tables (FxHash), many times faster than the standard one on short keys. It is not
/// keyed: text made to collide could slow down the build of the site that holds it, which
/// only that site's authors can write.
#[derive(Default, Clone, Copy)]
pub struct TextHasher(u64);

impl TextHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for TextHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // The table picks buckets by the low bits, which the multiplication leaves poorer
        // than the high ones.
        self.0.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(ids: &[u32]) -> List {
        let mut list = List::default();
        ids.iter().for_each(|&id| list.push(id));
        list
    }

    #[test]
    fn a_list_split_anywhere_and_appended_is_written_as_one() {
        let ids = [0, 3, 56, 57, 58, 2_000, 2_001, 99_999, 4_000_000_000];
        for at in 0..=ids.len() {
            let mut joined = list(&ids[..at]);
            joined.append(&list(&ids[at..]));
            assert_eq!(joined.text, list(&ids).text, "split at {at}");
            assert_eq!(joined.last, ids.last().copied());
        }
    }

    #[test]
    fn a_document_that_says_a_word_again_is_listed_once() {
        assert_eq!(list(&[4, 4, 9, 9, 9]).text, list(&[4, 9]).text);
        assert_eq!(list(&[70, 71]).first(), Some(70));
        assert_eq!(List::default().first(), None);
    }
}
