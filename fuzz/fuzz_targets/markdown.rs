//! Any text as a Markdown body: rendering must not panic or hang, and the sanitized HTML
//! must carry no script: no `<script` element, no `on…` event-handler attribute and no
//! `javascript:` link in any tag.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waymark::content::markdown;

fuzz_target!(|text: &str| {
    let Ok(html) = markdown::to_html(text, "fuzz", false) else {
        return;
    };
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "a script element survived: {html}"
    );
    check_tags(&html);
});

/// Attributes whose value a browser follows or loads as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "cite",
    "poster",
    "background",
    "longdesc",
    "data",
    "xlink:href",
];

/// Walks every tag of `html` and checks its attributes. Text and attribute values are
/// escaped by the serializer, so each `<` starts a tag.
fn check_tags(html: &str) {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let mut j = i + found + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_start = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = &html[name_start..j];
        assert!(
            name.starts_with(|c: char| c.is_ascii_alphabetic()),
            "`<` not starting a tag at byte {}: {html}",
            i + found
        );
        assert!(!name.eq_ignore_ascii_case("script"), "{html}");
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let attr_start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !b"=>/".contains(&b[j]) {
                j += 1;
            }
            let attr = html[attr_start..j].to_ascii_lowercase();
            assert!(
                !attr.starts_with("on"),
                "event-handler attribute `{attr}` in <{name}>: {html}"
            );
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if b.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let value = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[j + 1..].find(q as char).map_or(b.len(), |e| j + 1 + e);
                    let value = &html[j + 1..end];
                    j = end + 1;
                    value
                }
                _ => {
                    let start = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    &html[start..j]
                }
            };
            if !URL_ATTRIBUTES.contains(&attr.as_str()) {
                continue;
            }
            // As browsers parse a URL (WHATWG URL standard): C0 controls and spaces around
            // it are dropped, and tabs and newlines anywhere in it. Other control characters
            // inside the scheme make it a relative URL (`javas\u{11}cript:` is a path).
            let squeezed: String = value
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .to_ascii_lowercase();
            assert!(
                !squeezed.starts_with("javascript:") && !squeezed.starts_with("vbscript:"),
                "script URL in `{attr}` of <{name}>: {html}"
            );
        }
        i = j.min(b.len());
    }
}
