//! The index files: word lists sharded by folded prefix, the documents in chunks, and a
//! manifest, each a classic script that hands its data to `window.waymarkSearch` (what a
//! page opened from disk can load; `fetch` and modules are refused over `file://`).
//!
//! - `search/index.js`: `waymarkSearch.init({...})`, the manifest: how many documents,
//!   where each kind's ids start and the section its documents are in, where each chunk
//!   of documents starts, the file and size of each prefix's shard, the stop words and
//!   endings the query side needs, and the words the results show ([`Labels`]).
//! - `search/t-<prefix>.js`: `waymarkSearch.add("<prefix>", {"<word>": "<ids>", ...})`,
//!   every word with that folded prefix and the documents that hold it, as base-36 gaps
//!   (`"3,1,a"` is documents 3, 4 and 14).
//! - `search/d-<n>.js`: `waymarkSearch.docs(<n>, [[page, journey], ...], [[title, page
//!   number, anchor, stage, snippet], ...])`, chunk `n` of the documents: the pages its
//!   documents are on, each with its journey's title, then the documents, each naming its
//!   page by its place in that list; trailing empty fields are left out, and so is an
//!   anchor that is its kind's. A document's journey is its page's, which the results
//!   show for the kinds that are parts of a journey (not for a journey or its narrative).
//!
//! A small site has one shard, of the empty prefix; a shard that passes [`SHARD_BYTES`] is
//! split by the next character, and so on, so a word needs one shard and a prefix of two
//! characters or more a few. Everything is sorted: the same site gives the same bytes.

use super::docs::{Doc, Kind, Page};
use super::fold;
use super::Labels;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// The size past which a shard is split by one more character.
pub const SHARD_BYTES: usize = 100_000;

/// The longest prefix a shard is named by; a longer one would only split the list of one
/// very common word, which cannot be split.
const MAX_PREFIX_CHARS: usize = 6;

/// The size a chunk of documents grows to before the next one starts: small, since a
/// query loads the chunk of every hit it shows.
pub const CHUNK_BYTES: usize = 16_000;

/// The version of the files' format, which the search script checks.
const FORMAT: u32 = 1;

/// One file of the index: its path in the output and its bytes.
pub type File = (String, Vec<u8>);

/// Every index file for `docs`, which are in [`Kind`] order; the manifest first, then by
/// path.
pub fn files(docs: &[Doc], labels: &Labels) -> Vec<File> {
    let (words, (chunk_starts, mut chunks)) = rayon::join(|| postings(docs), || doc_chunks(docs));
    let shards = shards(&words);
    let mut manifest = Manifest {
        version: FORMAT,
        docs: docs.len(),
        kinds: kind_starts(docs),
        chunks: chunk_starts,
        shards: BTreeMap::new(),
        stop: fold::stop_words(),
        endings: fold::endings(),
        min_stem: fold::MIN_STEM_CHARS,
        max_word: fold::MAX_WORD_CHARS,
        labels,
    };
    let mut shard_files: Vec<File> = shards
        .par_iter()
        .map(|shard| {
            let mut body = format!("{},{{", json(&shard.prefix));
            for (i, (word, ids)) in words[shard.words.clone()].iter().enumerate() {
                if i > 0 {
                    body.push(',');
                }
                body.push_str(&json(word));
                body.push_str(":\"");
                body.push_str(ids);
                body.push('"');
            }
            body.push('}');
            let path = format!("search/{}.js", shard_name(&shard.prefix));
            script(path, "waymarkSearch.add(", &body)
        })
        .collect();
    // The shard list of the manifest names each file with its size, so that the script
    // can leave a short prefix that would load too much for a longer one.
    manifest.shards = shards
        .iter()
        .zip(&shard_files)
        .map(|(shard, (_, bytes))| {
            (
                shard.prefix.as_str(),
                (shard_name(&shard.prefix), bytes.len()),
            )
        })
        .collect();
    let mut files = vec![script(
        "search/index.js".into(),
        "waymarkSearch.init(",
        &json(&manifest),
    )];
    shard_files.sort();
    chunks.sort();
    files.extend(shard_files);
    files.extend(chunks);
    files
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    /// Each kind's name, first document id and section, in id order.
    kinds: Vec<(&'static str, usize, &'static str)>,
    /// The first document id of each chunk.
    chunks: Vec<usize>,
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

/// `prefix` `body` `);` and a newline, as a file at `path`.
fn script(path: String, prefix: &str, body: &str) -> File {
    let mut bytes = Vec::with_capacity(prefix.len() + body.len() + 3);
    bytes.extend_from_slice(prefix.as_bytes());
    bytes.extend_from_slice(body.as_bytes());
    bytes.extend_from_slice(b");\n");
    (path, bytes)
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("strings, numbers and maps always serialize")
}

fn kind_starts(docs: &[Doc]) -> Vec<(&'static str, usize, &'static str)> {
    Kind::ALL
        .iter()
        .map(|&kind| {
            let start = docs.partition_point(|d| d.kind < kind);
            (kind.name(), start, kind.default_anchor())
        })
        .collect()
}

/// Every indexed word, sorted, with the ids of the documents that hold it as base-36 gaps.
pub fn postings(docs: &[Doc]) -> Vec<(String, String)> {
    // Each task indexes a run of documents into a map of its own; the maps are merged in
    // run order, so every list stays sorted whatever the number of threads.
    const RUN: usize = 2048;
    let runs: Vec<HashMap<String, Vec<u32>>> = docs
        .par_chunks(RUN)
        .enumerate()
        .map(|(run, chunk)| {
            let mut words: HashMap<String, Vec<u32>> = HashMap::new();
            let mut buffer = String::new();
            for (offset, doc) in chunk.iter().enumerate() {
                let id = u32::try_from(run * RUN + offset).unwrap_or(u32::MAX);
                let fields = [&doc.title, &doc.snippet].into_iter().chain(&doc.more);
                for field in fields {
                    fold::for_each_word(field, &mut buffer, |word| {
                        match words.get_mut(word) {
                            // The ids of one run come in order: a repeat is this doc.
                            Some(ids) if ids.last() == Some(&id) => {}
                            Some(ids) => ids.push(id),
                            None => {
                                words.insert(word.to_string(), vec![id]);
                            }
                        }
                    });
                }
            }
            words
        })
        .collect();
    let mut merged: HashMap<String, Vec<u32>> = HashMap::new();
    for run in runs {
        for (word, ids) in run {
            merged.entry(word).or_default().extend(ids);
        }
    }
    // Stop words are left out here, once, rather than looked up at every word of the text.
    for word in fold::stop_words() {
        merged.remove(word);
    }
    let mut words: Vec<(String, String)> = merged
        .into_par_iter()
        .map(|(word, ids)| (word, gaps(&ids)))
        .collect();
    words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    words
}

/// `ids` (ascending) as base-36 gaps joined by commas: the first id, then each id less
/// the one before.
pub fn gaps(ids: &[u32]) -> String {
    let mut out = String::with_capacity(ids.len() * 3);
    let mut previous = 0;
    for (i, &id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_base36(&mut out, id - previous);
        previous = id;
    }
    out
}

fn push_base36(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 8];
    let mut len = 0;
    loop {
        digits[len] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize];
        len += 1;
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[..len].iter().rev().map(|&d| char::from(d)));
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

/// The documents in chunk files of about [`CHUNK_BYTES`] each; returns the first id of
/// each chunk and the files.
fn doc_chunks(docs: &[Doc]) -> (Vec<usize>, Vec<File>) {
    let rows: Vec<Row> = docs.par_iter().map(row).collect();
    let mut starts = Vec::new();
    let mut chunks: Vec<Chunk> = Vec::new();
    for (id, (doc, row)) in docs.iter().zip(&rows).enumerate() {
        let size = row.title.len() + row.rest.len() + 8;
        let fits = chunks.last().is_some_and(|c| c.bytes + size <= CHUNK_BYTES);
        if !fits {
            starts.push(id);
            chunks.push(Chunk::default());
        }
        let chunk = chunks.last_mut().expect("a chunk was just made");
        let key = (doc.page, doc.journey);
        let number = match chunk.numbers.get(&key) {
            Some(&n) => n,
            None => {
                let n = chunk.pages.len();
                chunk.bytes += row.page.len() + 1;
                chunk.pages.push(&row.page);
                chunk.numbers.insert(key, n);
                n
            }
        };
        chunk.bytes += size;
        chunk.rows.push((number, row));
    }
    let files = chunks
        .into_par_iter()
        .enumerate()
        .map(|(n, chunk)| {
            let mut body = format!("{n},[");
            for (i, page) in chunk.pages.iter().enumerate() {
                if i > 0 {
                    body.push(',');
                }
                body.push_str(page);
            }
            body.push_str("],[");
            for (i, (number, row)) in chunk.rows.iter().enumerate() {
                if i > 0 {
                    body.push(',');
                }
                body.push('[');
                body.push_str(&row.title);
                body.push_str(&format!(",{number}"));
                body.push_str(&row.rest);
                body.push(']');
            }
            body.push(']');
            script(format!("search/d-{n}.js"), "waymarkSearch.docs(", &body)
        })
        .collect();
    (starts, files)
}

/// One chunk of documents as it is gathered: its pages, each once, and its rows.
#[derive(Default)]
struct Chunk<'d, 'a> {
    pages: Vec<&'d str>,
    numbers: HashMap<(Page<'a>, &'a str), usize>,
    rows: Vec<(usize, &'d Row)>,
    bytes: usize,
}

/// A document as JSON pieces: its page entry (`[path,journey title]`), its title, and the
/// fields after the page number (`,anchor,stage,snippet`), without trailing empty ones and
/// with the anchor left empty when it is the kind's.
struct Row {
    page: String,
    title: String,
    rest: String,
}

fn row(doc: &Doc) -> Row {
    let page = if doc.journey.is_empty() {
        json(&[doc.page.path()])
    } else {
        json(&[doc.page.path().as_str(), doc.journey])
    };
    let anchor = if doc.anchor == doc.kind.default_anchor() {
        ""
    } else {
        doc.anchor.as_ref()
    };
    let mut fields = vec![anchor, doc.stage, doc.snippet.as_ref()];
    while fields.last().is_some_and(|f| f.is_empty()) {
        fields.pop();
    }
    let mut rest = String::new();
    for field in fields {
        rest.push(',');
        rest.push_str(&json(field));
    }
    Row {
        page,
        title: json(doc.title.as_ref()),
        rest,
    }
}
