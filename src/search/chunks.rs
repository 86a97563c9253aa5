//! The documents as the results show them, in files of about [`CHUNK_BYTES`] each:
//! `search/d-<n>.js` is `waymarkSearch.docs(<n>, [[page, journey], ...], [[title, page
//! number, anchor, stage, snippet], ...])`, the pages its documents are on (each with
//! its journey's title), then the documents in id order, each naming its page by its
//! place in that list.
//!
//! A row leaves out its trailing empty fields, and its anchor when it is its kind's. A
//! text field that is a number rather than a string is that field of the row of that
//! number in the same file, which said it first: pain points, stages and opportunities
//! repeat their texts, stage names and owners across journeys, and a chunk holds each
//! once. A document's journey is its page's, which the results show for the kinds that
//! are parts of a journey (not for a journey or its narrative).

use super::docs::{Anchor, Doc, Docs, Page};
use super::postings::TextHashing;
use crate::render::Sink;
use std::collections::HashMap;
use std::io;

/// The size a chunk of documents grows to before the next one starts: small, since a
/// query loads the chunk of every hit it shows.
pub const CHUNK_BYTES: usize = 16_000;

/// Writes the chunks of `docs` (in id order) into `sink` as they fill; returns the first
/// document id of each.
pub fn write(docs: &Docs, sink: &dyn Sink) -> io::Result<Vec<usize>> {
    let mut starts = Vec::new();
    let mut chunk = Chunk::default();
    for (id, doc) in docs.iter().enumerate() {
        if chunk.rows == 0 {
            starts.push(id);
        }
        chunk.push(doc);
        if chunk.bytes() >= CHUNK_BYTES {
            chunk.write(starts.len() - 1, sink)?;
        }
    }
    if chunk.rows > 0 {
        chunk.write(starts.len() - 1, sink)?;
    }
    Ok(starts)
}

/// The longest text looked for among the texts a chunk already holds: names, stages,
/// owners and pain points repeat; narratives and verbatims seldom do.
const REPEATED_TEXT: usize = 160;

type Table<K> = HashMap<K, usize, TextHashing>;

/// One chunk as it fills: its page list and rows as JSON, and where each page and each
/// text was first written.
#[derive(Default)]
struct Chunk<'d> {
    pages: String,
    page_numbers: Table<Page<'d>>,
    body: String,
    rows: usize,
    /// Per text field (title, anchor, stage, snippet): text → the row that holds it.
    said: [Table<&'d str>; 4],
}

impl<'d> Chunk<'d> {
    fn bytes(&self) -> usize {
        self.pages.len() + self.body.len()
    }

    fn push(&mut self, doc: Doc<'d>) {
        let page = match self.page_numbers.get(&doc.page) {
            Some(&n) => n,
            None => {
                let n = self.page_numbers.len();
                self.page_numbers.insert(doc.page, n);
                if n > 0 {
                    self.pages.push(',');
                }
                self.pages.push_str("[\"");
                self.pages.push_str(doc.page.folder);
                self.pages.push('/');
                push_json_inner(&mut self.pages, doc.page.id);
                self.pages.push_str(".html\"");
                if !doc.journey.is_empty() {
                    self.pages.push(',');
                    push_json(&mut self.pages, doc.journey);
                }
                self.pages.push(']');
                n
            }
        };
        let anchor = match doc.anchor {
            Anchor::Kind => "",
            Anchor::Stage(id) => id,
        };
        let fields: [&'d str; 3] = [anchor, doc.stage, doc.snippet];
        let kept = fields
            .iter()
            .rposition(|f| !f.is_empty())
            .map_or(0, |i| i + 1);
        if self.rows > 0 {
            self.body.push(',');
        }
        self.body.push('[');
        self.text(0, doc.title, "");
        self.body.push(',');
        push_number(&mut self.body, page);
        for (field, text) in fields.into_iter().enumerate().take(kept) {
            self.body.push(',');
            let prefix = if field == 0 { Anchor::STAGE_PREFIX } else { "" };
            self.text(field + 1, text, prefix);
        }
        self.body.push(']');
        self.rows += 1;
    }

    /// Writes the text `prefix` + `text` of field `field` of the current row: the number of
    /// the row that said it first, or the text itself.
    fn text(&mut self, field: usize, text: &'d str, prefix: &str) {
        if text.is_empty() {
            self.body.push_str("\"\"");
            return;
        }
        if text.len() <= REPEATED_TEXT {
            match self.said[field].get(text) {
                // Only where the number is the shorter.
                Some(&row) if digits(row) < prefix.len() + text.len() + 2 => {
                    return push_number(&mut self.body, row);
                }
                _ => {
                    self.said[field].insert(text, self.rows);
                }
            }
        }
        self.body.push('"');
        self.body.push_str(prefix);
        push_json_inner(&mut self.body, text);
        self.body.push('"');
    }

    /// Writes the chunk as file `n` and empties it for the next.
    fn write(&mut self, n: usize, sink: &dyn Sink) -> io::Result<()> {
        let mut file = String::with_capacity(self.bytes() + 40);
        file.push_str("waymarkSearch.docs(");
        push_number(&mut file, n);
        file.push_str(",[");
        file.push_str(&self.pages);
        file.push_str("],[");
        file.push_str(&self.body);
        file.push_str("]);\n");
        sink.write(&format!("search/d-{n}.js"), file.as_bytes())?;
        self.pages.clear();
        self.page_numbers.clear();
        self.body.clear();
        self.rows = 0;
        self.said.iter_mut().for_each(Table::clear);
        Ok(())
    }
}

fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

fn push_number(out: &mut String, n: usize) {
    use std::fmt::Write;
    write!(out, "{n}").expect("a String takes every write");
}

/// `text` as a JSON string, quoted.
pub fn push_json(out: &mut String, text: &str) {
    out.push('"');
    push_json_inner(out, text);
    out.push('"');
}

/// `text` as the inside of a JSON string, escaped as `serde_json` escapes it.
fn push_json_inner(out: &mut String, text: &str) {
    let plain = |b: u8| b >= 0x20 && b != b'"' && b != b'\\';
    if text.bytes().all(plain) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
}
