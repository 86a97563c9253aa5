//! The plain text the index holds of the pages' HTML (narratives, personas' stories) and
//! of long verbatims: tags dropped, entities decoded, white space collapsed, cut to a
//! length at a space.

use std::borrow::Cow;

/// `text` cut to its first `limit` characters, at a space when one is near the end.
pub fn cut(text: &str, limit: usize) -> Cow<'_, str> {
    match text.char_indices().nth(limit) {
        None => text.into(),
        Some((end, _)) => {
            let head = &text[..end];
            let at_space = head
                .rfind(char::is_whitespace)
                .filter(|&space| head[space..].chars().count() < 40);
            format!("{}…", head[..at_space.unwrap_or(end)].trim_end()).into()
        }
    }
}

/// The text of the (sanitized) HTML `html`: tags dropped, the common entities decoded,
/// runs of white space made one space; at most `limit` characters.
pub fn plain_text(html: &str, limit: usize) -> String {
    // The HTML comes from the Markdown renderer: a tag never contains a bare `>`.
    let mut text = Collapsed::default();
    let mut rest = html;
    // One character past `limit` says that the text goes on, which is all `cut` asks.
    while !rest.is_empty() && text.chars <= limit {
        let (piece, after) = match memchr::memchr2(b'<', b'&', rest.as_bytes()) {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        text.push_str(piece);
        rest = after;
        if let Some(tag) = rest.strip_prefix('<') {
            let end = memchr::memchr(b'>', tag.as_bytes()).map_or(tag.len(), |e| e + 1);
            if !is_inline_tag(&tag[..end]) {
                text.push_str(" ");
            }
            rest = &tag[end..];
        } else if rest.starts_with('&') {
            let (decoded, len) = entity(rest);
            text.push_str(&decoded);
            rest = &rest[len..];
        }
    }
    match cut(&text.text, limit) {
        Cow::Borrowed(_) => text.text,
        Cow::Owned(cut) => cut,
    }
}

/// Text gathered with its runs of white space made one space, none at its start or end.
#[derive(Default)]
struct Collapsed {
    text: String,
    chars: usize,
    space: bool,
}

impl Collapsed {
    fn push_str(&mut self, piece: &str) {
        if piece.is_ascii() {
            // Run by run: ASCII other than white space is copied a run at a time.
            let bytes = piece.as_bytes();
            let mut at = 0;
            while at < bytes.len() {
                if char::from(bytes[at]).is_whitespace() {
                    self.space = self.chars > 0;
                    at += 1;
                    continue;
                }
                let start = at;
                while at < bytes.len() && !char::from(bytes[at]).is_whitespace() {
                    at += 1;
                }
                if self.space {
                    self.text.push(' ');
                    self.chars += 1;
                    self.space = false;
                }
                self.text.push_str(&piece[start..at]);
                self.chars += at - start;
            }
            return;
        }
        for c in piece.chars() {
            if c.is_whitespace() {
                self.space = self.chars > 0;
            } else {
                if self.space {
                    self.text.push(' ');
                    self.chars += 1;
                    self.space = false;
                }
                self.text.push(c);
                self.chars += 1;
            }
        }
    }
}

/// Whether the tag that starts `tag` (after its `<`) sits inside a line of text, where
/// dropping it must not split a word (`w<em>or</em>d`).
fn is_inline_tag(tag: &str) -> bool {
    let tag = tag.trim_start_matches('/');
    let end = tag
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    const INLINE: [&str; 17] = [
        "a", "abbr", "b", "code", "del", "em", "i", "ins", "kbd", "mark", "s", "small", "span",
        "strong", "sub", "sup", "u",
    ];
    INLINE
        .iter()
        .any(|name| name.eq_ignore_ascii_case(&tag[..end]))
}

/// The character the entity at the start of `text` stands for and the entity's length;
/// an unknown one stands for itself.
fn entity(text: &str) -> (Cow<'_, str>, usize) {
    let Some(end) = text[..text.len().min(12)].find(';') else {
        return ("&".into(), 1);
    };
    let name = &text[1..end];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    match decoded {
        Some(c) => (c.to_string().into(), end + 1),
        None => ("&".into(), 1),
    }
}
