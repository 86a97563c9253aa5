//! Text in a Mermaid diagram: Mermaid's entity codes (`#35;` for `#`, `#quot;` for `"`),
//! its `<br>` line breaks, and the characters that end a token (`:` `#` `;`).
//!
//! Mermaid replaces `#name;` and `#123;` before it parses, so an entity never ends a
//! token: that is how a name holds a `:` or a `;`. [`visible`] writes a string so that
//! [`read`] gives it back exactly.

/// Where a name of the diagram stands, which decides the characters that end it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// `title …`: ends at `#` or `;`.
    Title,
    /// `section …`: ends at `:`, `#` or `;`.
    Section,
    /// A task at the start of its line: ends at `:`, `#` or `;`, and must not begin
    /// with a keyword.
    Task,
    /// An actor after the score: ends at `,`, `:`, `#` or `;`.
    Actor,
    /// `accDescr: …`, which runs to the end of its line.
    Description,
}

/// The first byte offset in `text` of one of `stops` outside entity codes.
pub fn find_stop(text: &str, stops: &[char]) -> Option<usize> {
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with('#') {
            if let Some(len) = entity_len(rest) {
                i += len;
                continue;
            }
        }
        let c = rest.chars().next()?;
        if stops.contains(&c) {
            return Some(i);
        }
        i += c.len_utf8();
    }
    None
}

/// The length of the entity code `#\w+;` at the start of `text`, if there is one.
pub fn entity_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix('#')?;
    let word = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    (word > 0 && body[word..].starts_with(';')).then_some(word + 2)
}

/// A name as Mermaid shows it: trimmed, `<br>` line breaks as spaces, entity codes as
/// the characters they stand for.
pub fn read(raw: &str) -> String {
    decode(replace_breaks(raw.trim()).trim())
}

/// `<br>`, `<br/>`, `<br />`, `</br>` (any case and spacing) as one space each.
fn replace_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        match break_len(&rest[at..]) {
            Some(len) => {
                out.push(' ');
                rest = &rest[at + len..];
            }
            None => {
                out.push('<');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The length of a `<br>` tag at the start of `text`.
fn break_len(text: &str) -> Option<usize> {
    let mut chars = text.char_indices().skip(1).peekable();
    let skip_blank = |chars: &mut std::iter::Peekable<_>| {
        while chars
            .next_if(|(_, c): &(usize, char)| c.is_whitespace())
            .is_some()
        {}
    };
    skip_blank(&mut chars);
    chars.next_if(|(_, c)| *c == '/');
    skip_blank(&mut chars);
    let b = chars.next()?;
    let r = chars.next()?;
    if !b.1.eq_ignore_ascii_case(&'b') || !r.1.eq_ignore_ascii_case(&'r') {
        return None;
    }
    skip_blank(&mut chars);
    chars.next_if(|(_, c)| *c == '/');
    skip_blank(&mut chars);
    let (at, close) = chars.next()?;
    (close == '>').then_some(at + 1)
}

/// Entity codes replaced by their characters; unknown names are left as they are.
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some(len) = rest.starts_with('#').then(|| entity_len(rest)).flatten() {
            if let Some(c) = entity_char(&rest[1..len - 1]) {
                out.push(c);
                i += len;
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or_default();
        out.push(c);
        i += c.len_utf8().max(1);
    }
    out
}

/// The character of an entity code's name: a decimal code point or an HTML name.
fn entity_char(name: &str) -> Option<char> {
    if name.bytes().all(|b| b.is_ascii_digit()) {
        return name.parse::<u32>().ok().and_then(char::from_u32);
    }
    Some(match name {
        "quot" => '"',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "num" => '#',
        "semi" => ';',
        "colon" => ':',
        "comma" => ',',
        "percnt" => '%',
        "lbrace" | "lcub" => '{',
        "rbrace" | "rcub" => '}',
        "lpar" => '(',
        "rpar" => ')',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "bull" => '•',
        "middot" => '·',
        "deg" => '°',
        "times" => '×',
        "euro" => '€',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        _ => return None,
    })
}

/// Words a task must not begin with: Mermaid would read them as keywords.
const KEYWORDS: &[&str] = &["journey", "title", "section", "acctitle", "accdescr"];

/// `text` written for `place`, so that [`read`] gives back exactly `text` (an empty
/// string excepted, which Mermaid cannot hold).
pub fn visible(text: &str, place: Place) -> String {
    let chars: Vec<char> = text.chars().collect();
    let first_kept = chars.iter().position(|c| !c.is_whitespace());
    let last_kept = chars.iter().rposition(|c| !c.is_whitespace());
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let edge =
            first_kept.is_none_or(|first| i < first) || last_kept.is_none_or(|last| i > last);
        let starts_keyword = i == 0
            && place == Place::Task
            && KEYWORDS.iter().any(|k| text.to_lowercase().starts_with(k));
        let stop = match place {
            Place::Title => matches!(c, '#' | ';'),
            Place::Section | Place::Task => matches!(c, ':' | '#' | ';'),
            Place::Actor => matches!(c, ',' | ':' | '#' | ';'),
            Place::Description => c == '#',
        };
        let escape = stop
            || edge
            || starts_keyword
            || c == '<'
            || (c == '%' && chars.get(i + 1) == Some(&'%'))
            || c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{feff}');
        if escape {
            out.push_str(&format!("#{};", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_mermaid_shows_them() {
        assert_eq!(read("  Make tea "), "Make tea");
        assert_eq!(
            read("Line1<br>Line2<br/>Line3</br />Line4<br\t/>Line5"),
            "Line1 Line2 Line3 Line4 Line5"
        );
        assert_eq!(
            read("A #quot;quote#quot; #35;1 #59; #colon;"),
            "A \"quote\" #1 ; :"
        );
        assert_eq!(read("#unknown; and #;"), "#unknown; and #;");
        assert_eq!(read("<b>bold</b>"), "<b>bold</b>");
    }

    #[test]
    fn stops_are_found_outside_entity_codes() {
        assert_eq!(find_stop("Pay #58; now: 3", &[':', '#', ';']), Some(12));
        assert_eq!(find_stop("Task # comment", &[':', '#', ';']), Some(5));
        assert_eq!(find_stop("no stop", &[':']), None);
    }

    #[test]
    fn every_text_survives_the_round_trip() {
        let places = [
            Place::Title,
            Place::Section,
            Place::Task,
            Place::Actor,
            Place::Description,
        ];
        let texts = [
            "Plain",
            "Step 1: pay; then #2",
            " padded ",
            "a<br>b",
            "50 %% off",
            "%%{init: {}}%%",
            "Title of the page",
            "section three",
            "Journey planning",
            "line\nbreak",
            "Anna, Bob",
            "#35; literal",
            "Цель: купить",
            "tab\t",
        ];
        for place in places {
            for text in texts {
                let written = visible(text, place);
                assert_eq!(read(&written), text, "{place:?}: {written:?}");
                assert!(!written.contains('\n'), "{written:?}");
                let stops: &[char] = match place {
                    Place::Title => &['#', ';'],
                    Place::Section | Place::Task => &[':', '#', ';'],
                    Place::Actor => &[',', ':', '#', ';'],
                    Place::Description => &['#'],
                };
                assert_eq!(find_stop(&written, stops), None, "{place:?}: {written:?}");
            }
        }
        assert_eq!(
            visible("Title of the page", Place::Task),
            "#84;itle of the page"
        );
        assert_eq!(visible("Pay: now", Place::Title), "Pay: now");
    }
}
