//! The index files: word lists sharded by folded prefix, the documents in chunks, and a
//! manifest, each a classic script that hands its data to `window.waymarkSearch` (what a
//! page opened from disk can load; `fetch` and modules are refused over `file://`).
//!
//! - `search/index.js`: `waymarkSearch.init({...})`, the manifest: the format's version,
//!   how many documents, where each kind's ids start and the section its documents are
//!   in, where each chunk of documents starts, the file and size of each prefix's shard,
//!   the stop words and endings the query side needs, and the words the results show
//!   ([`Labels`]).
//! - `search/t-<prefix>.js`: `waymarkSearch.add("<prefix>", {"<word>": "<ids>", ...})`,
//!   every word with that folded prefix and the documents that hold it (see [`postings`]
//!   for how the ids are written).
//! - `search/d-<n>.js`: chunk `n` of the documents (see [`chunks`]).
//!
//! A small site has one shard, of the empty prefix; a shard that passes [`SHARD_BYTES`] is
//! split by the next character, and so on, so a word needs one shard and a prefix of two
//! characters or more a few. Everything is sorted: the same site gives the same bytes.
//!
//! [`postings`]: super::postings
//! [`chunks`]: super::chunks

use super::chunks::{self, push_json};
use super::docs::{Docs, Kind};
use super::fold;
use super::postings::postings;
use super::Labels;
use crate::render::Sink;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;
use std::ops::Range;

/// The size past which a shard is split by one more character.
pub const SHARD_BYTES: usize = 100_000;

/// The longest prefix a shard is named by; a longer one would only split the list of one
/// very common word, which cannot be split.
const MAX_PREFIX_CHARS: usize = 6;

/// The version of the files' format, which the search script checks.
const FORMAT: u32 = 2;

/// Writes every index file for `docs`, which are in [`Kind`] order, into `sink`, each as
/// soon as it is made, the manifest last; returns how many files it wrote.
pub fn write(docs: &Docs, labels: &Labels, sink: &dyn Sink) -> io::Result<usize> {
    let (words, chunk_starts) = rayon::join(|| postings(docs), || chunks::write(docs, sink));
    let chunk_starts = chunk_starts?;
    let shards = shards(&words);
    // The shard list of the manifest names each file with its size, so that the script
    // can leave a short prefix that would load too much for a longer one.
    let written: Vec<(String, usize)> = shards
        .par_iter()
        .map(|shard| {
            let name = shard_name(&shard.prefix);
            let bytes = shard_script(&shard.prefix, &words[shard.words.clone()]);
            sink.write(&format!("search/{name}.js"), &bytes)?;
            Ok((name, bytes.len()))
        })
        .collect::<io::Result<_>>()?;
    let manifest = Manifest {
        version: FORMAT,
        docs: docs.len(),
        kinds: kind_starts(docs),
        chunks: &chunk_starts,
        shards: shards
            .iter()
            .map(|shard| shard.prefix.as_str())
            .zip(written)
            .collect(),
        stop: fold::stop_words(),
        endings: fold::endings(),
        min_stem: fold::MIN_STEM_CHARS,
        max_word: fold::MAX_WORD_CHARS,
        labels,
    };
    let manifest = script("waymarkSearch.init(", &json(&manifest));
    sink.write("search/index.js", &manifest)?;
    Ok(1 + shards.len() + chunk_starts.len())
}

/// The script of a shard: `waymarkSearch.add("<prefix>", {"<word>": "<ids>", ...});`.
fn shard_script(prefix: &str, words: &[(String, String)]) -> Vec<u8> {
    let size: usize = words.iter().map(|(w, ids)| w.len() + ids.len() + 6).sum();
    let mut body = String::with_capacity(size + prefix.len() + 8);
    push_json(&mut body, prefix);
    body.push_str(",{");
    for (i, (word, ids)) in words.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        push_json(&mut body, word);
        body.push(':');
        // A list is printable ASCII without quotes or backslashes.
        body.push('"');
        body.push_str(ids);
        body.push('"');
    }
    body.push('}');
    script("waymarkSearch.add(", &body)
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    /// Each kind's name, first document id and section, in id order.
    kinds: Vec<(&'static str, usize, &'static str)>,
    /// The first document id of each chunk.
    chunks: &'a [usize],
    /// Prefix → shard file name (without `.js`) and its size in bytes.
    shards: BTreeMap<&'a str, (String, usize)>,
    stop: &'a [String],
    endings: &'a [String],
    #[serde(rename = "minStem")]
    min_stem: usize,
    #[serde(rename = "maxWord")]
    max_word: usize,
    /// The words the script shows, in the site's language.
    labels: &'a Labels,
}

/// `prefix` `body` `);` and a newline.
fn script(prefix: &str, body: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(prefix.len() + body.len() + 3);
    bytes.extend_from_slice(prefix.as_bytes());
    bytes.extend_from_slice(body.as_bytes());
    bytes.extend_from_slice(b");\n");
    bytes
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("strings, numbers and maps always serialize")
}

fn kind_starts(docs: &Docs) -> Vec<(&'static str, usize, &'static str)> {
    Kind::ALL
        .iter()
        .map(|&kind| (kind.name(), docs.kind_start(kind), kind.default_anchor()))
        .collect()
}

/// The words of one shard file.
#[derive(Debug, PartialEq)]
pub struct Shard {
    /// The folded prefix that all its words start with (a one-character word is its own).
    pub prefix: String,
    /// Its words, as a range of the sorted word list.
    pub words: Range<usize>,
}

/// The shards of `words` (sorted), in prefix order.
pub fn shards(words: &[(String, String)]) -> Vec<Shard> {
    let mut shards = Vec::new();
    split(words, 0..words.len(), 0, &mut shards);
    shards
}

/// Splits `range` of `words` into shards by their prefixes of `chars` characters; a
/// shard over [`SHARD_BYTES`] is split by one more character, its word equal to the
/// prefix (if any) staying in a shard of its own name.
fn split(words: &[(String, String)], range: Range<usize>, chars: usize, out: &mut Vec<Shard>) {
    let mut start = range.start;
    while start < range.end {
        let prefix = prefix_of(&words[start].0, chars);
        let mut end = start;
        let mut bytes = 0;
        while end < range.end && prefix_of(&words[end].0, chars) == prefix {
            bytes += words[end].0.len() + words[end].1.len() + 6;
            end += 1;
        }
        let splittable = chars < MAX_PREFIX_CHARS && prefix.chars().count() == chars;
        if bytes > SHARD_BYTES && splittable {
            // The word equal to the prefix sorts first.
            let longer = start + usize::from(words[start].0 == prefix);
            if longer > start {
                out.push(Shard {
                    prefix: prefix.to_string(),
                    words: start..longer,
                });
            }
            split(words, longer..end, chars + 1, out);
        } else {
            out.push(Shard {
                prefix: prefix.to_string(),
                words: start..end,
            });
        }
        start = end;
    }
}

/// The first `chars` characters of `word` (all of it when it is shorter).
fn prefix_of(word: &str, chars: usize) -> &str {
    word.char_indices()
        .nth(chars)
        .map_or(word, |(end, _)| &word[..end])
}

/// The file name (without `.js`) of the shard of `prefix`: `t-` and the prefix, each
/// character other than `a`–`z` and `0`–`9` written as `_` and four hex digits (`__` and
/// six beyond the first plane), so that names are ASCII and never collide.
pub fn shard_name(prefix: &str) -> String {
    let mut name = String::from("t-");
    for c in prefix.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            name.push(c);
        } else if u32::from(c) <= 0xFFFF {
            name.push_str(&format!("_{:04x}", u32::from(c)));
        } else {
            name.push_str(&format!("__{:06x}", u32::from(c)));
        }
    }
    name
}
