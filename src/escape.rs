//! Escaping text for markup: one function for HTML, SVG and XML alike.

/// `text` with `&`, `<`, `>`, `"` and `'` as character references, safe in element
/// content and in quoted attribute values of HTML, SVG and XML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], onto the end of `out`.
pub fn escape_into(out: &mut String, text: &str) {
    replace_into(out, text, |byte| match byte {
        b'\'' => Some("&apos;"),
        byte => markup_reference(byte),
    });
}

/// [`escape_into`] leaving apostrophes as they are: for text written between tags and in
/// double-quoted attributes, where they are harmless.
pub fn escape_into_keeping_apostrophes(out: &mut String, text: &str) {
    replace_into(out, text, markup_reference);
}

/// The reference for `&`, `<`, `>` and `"`.
fn markup_reference(byte: u8) -> Option<&'static str> {
    match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        _ => None,
    }
}

/// `text` onto the end of `out`, each byte that `reference` names replaced by it.
fn replace_into(out: &mut String, text: &str, reference: impl Fn(u8) -> Option<&'static str>) {
    // The characters replaced are ASCII, so a byte scan finds them and never splits a
    // character; the text between them is copied whole.
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let Some(reference) = reference(byte) else {
            continue;
        };
        out.push_str(&text[start..at]);
        out.push_str(reference);
        start = at + 1;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_the_five_markup_characters() {
        assert_eq!(
            super::escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;"
        );
        let mut out = String::from("ä ");
        super::escape_into(&mut out, "'ö'&ü");
        assert_eq!(out, "ä &apos;ö&apos;&amp;ü");
        assert_eq!(super::escape("plain"), "plain");
        assert_eq!(super::escape(""), "");
        let mut out = String::new();
        super::escape_into_keeping_apostrophes(&mut out, "'a' & \"b\" <c>");
        assert_eq!(out, "'a' &amp; &quot;b&quot; &lt;c&gt;");
    }
}
