//! Finding personal data: for each kind a pattern proposes candidates and checks in code
//! ([`super::checks`], and the text around a candidate) decide which are taken.

use super::checks;
use super::Kind;
use regex::{Match, Regex};
use std::sync::LazyLock;

/// A piece of personal data: `text[start..end]` is of `kind`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// The fewest ASCII digits a text needs to hold a phone number, a personal code and a
/// card number: a text with fewer is not searched for that kind.
const PHONE_DIGITS: usize = 8;
const PERSONAL_CODE_DIGITS: usize = 11;
const CARD_DIGITS: usize = 13;
/// An IBAN's check digits are its only sure digits.
const IBAN_DIGITS: usize = 2;

/// Every piece of personal data in `text`, not overlapping, in no particular order.
pub(super) fn personal_data(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    let mut found = Found(Vec::new());
    if digits >= IBAN_DIGITS {
        ibans(text, &mut found);
    }
    if digits >= CARD_DIGITS {
        cards(text, &mut found);
    }
    if digits >= PERSONAL_CODE_DIGITS {
        personal_codes(text, &mut found);
    }
    if memchr::memchr(b'@', bytes).is_some() {
        emails(text, &mut found);
    }
    if digits >= PHONE_DIGITS {
        phones(text, &mut found);
    }
    found.0
}

/// The spans taken so far.
struct Found(Vec<Span>);

impl Found {
    /// Takes `start..end` as `kind` unless an earlier span has some of it.
    fn take(&mut self, kind: Kind, start: usize, end: usize) {
        if self.0.iter().all(|s| end <= s.start || s.end <= start) {
            self.0.push(Span { start, end, kind });
        }
    }
}

/// Compiles one of the fixed patterns below.
fn pattern(source: &str) -> Regex {
    Regex::new(source).expect("the masking patterns are valid")
}

// `[0-9]` rather than `\d`, which takes every script's digits, and `(?-u:\b)`, the ASCII
// word boundary, rather than `\b`, which would keep the fast engines off non-ASCII text.

/// Where an IBAN may start: a country code and the check digits.
static IBAN_START: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?-u:\b)[A-Z]{2}[0-9]{2}"));

fn ibans(text: &str, found: &mut Found) {
    for m in IBAN_START.find_iter(text) {
        if let Some(end) = iban_end(text, m.start()) {
            found.take(Kind::Iban, m.start(), end);
        }
    }
}

/// Where the IBAN starting at `start` ends, if it is one: as many letters and digits as
/// its country's IBANs have, single spaces between them allowed, then no more.
fn iban_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let length = checks::iban_length(&bytes[start..start + 2])?;
    let mut iban = [0; 34];
    let mut taken = 0;
    let mut at = start;
    while taken < length {
        match *bytes.get(at)? {
            b if b.is_ascii_alphanumeric() => {
                iban[taken] = b.to_ascii_uppercase();
                taken += 1;
            }
            b' ' if taken >= 4 && bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric) => {}
            _ => return None,
        }
        at += 1;
    }
    let glued = text[at..].chars().next().is_some_and(is_word);
    (!glued && checks::iban_checksum(&iban[..taken])).then_some(at)
}

/// A card number whole, or in groups split by spaces or dashes (4-4-4-4, 4-6-5, …).
static CARD: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?-u:\b)(?:[0-9]{13,19}|[0-9]{4}(?:[ -][0-9]{3,6}){2,4})(?-u:\b)"));

fn cards(text: &str, found: &mut Found) {
    for m in CARD.find_iter(text) {
        if let Some((start, end)) = card_in(text, m) {
            found.take(Kind::Card, start, end);
        }
    }
}

/// The card number in a candidate: its longest run of groups (the first if several) with
/// 13–19 digits, not starting with 0, that passes the Luhn check. A number written just
/// before or after a card may have been matched with it.
fn card_in(text: &str, m: Match) -> Option<(usize, usize)> {
    let groups = digit_groups(text, m.start(), m.end());
    let groups = groups.as_slice();
    let separators = || groups.windows(2).map(|pair| text.as_bytes()[pair[0].1]);
    if separators().any(|s| Some(s) != separators().next()) {
        return None;
    }
    let mut digits = Vec::with_capacity(m.len());
    for len in (1..=groups.len()).rev() {
        for run in groups.windows(len) {
            let (start, end) = (run[0].0, run[len - 1].1);
            digits.clear();
            digits.extend(text[start..end].bytes().filter(u8::is_ascii_digit));
            if (13..=19).contains(&digits.len())
                && digits[0] != b'0'
                && checks::luhn(&digits)
                && standalone(text, start, end)
            {
                return Some((start, end));
            }
        }
    }
    None
}

/// The runs of ASCII digits in `text[start..end]`, as byte ranges.
fn digit_groups(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut groups = Vec::new();
    let mut at = start;
    while at < end {
        if bytes[at].is_ascii_digit() {
            let first = at;
            while at < end && bytes[at].is_ascii_digit() {
                at += 1;
            }
            groups.push((first, at));
        } else {
            at += 1;
        }
    }
    groups
}

/// A Latvian personal code, with or without its hyphen.
static PERSONAL_CODE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?-u:\b)[0-9]{6}-?[0-9]{5}(?-u:\b)"));

fn personal_codes(text: &str, found: &mut Found) {
    for m in PERSONAL_CODE.find_iter(text) {
        let digits: Vec<u8> = m.as_str().bytes().filter(u8::is_ascii_digit).collect();
        let hyphenated = m.len() == 12;
        // The new form (since 2017) carries no birth date and no check digit.
        let new_form = hyphenated && digits.starts_with(b"32");
        if (new_form || checks::old_personal_code(&digits)) && standalone(text, m.start(), m.end())
        {
            found.take(Kind::PersonalCode, m.start(), m.end());
        }
    }
}

/// An e-mail address: `name@domain.tld`, in any script.
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}")
});

fn emails(text: &str, found: &mut Found) {
    for m in EMAIL.find_iter(text) {
        found.take(Kind::Email, m.start(), m.end());
    }
}

/// A phone number: international (`+` or `00` first, then groups of digits, an area code
/// perhaps in brackets), or one of the local shapes of the module documentation.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(concat!(
        r"(?:",
        // International.
        r"(?:\+|(?-u:\b)00)[1-9][0-9]{0,2}(?:[ .\-]?(?:\([0-9]{1,5}\)|[0-9]{1,12})){1,6}",
        // Russian with the trunk prefix: 8 912 345 67 89, 8 (912) 345-67-89.
        r"|(?-u:\b)8[ \-]?(?:\([3489][0-9]{2}\)|[3489][0-9]{2})[ \-]?[0-9]{3}[ \-]?[0-9]{2}[ \-]?[0-9]{2}",
        // Latvian: 26123456, 26 123 456, 2612 3456.
        r"|(?-u:\b)[26][0-9](?:[0-9]{6}|[ \-][0-9]{3}[ \-][0-9]{3}|[0-9]{2}[ \-][0-9]{4})",
        // Area code in brackets: (415) 555-0132, (912) 345-67-89.
        r"|\([2-9][0-9]{2}\) ?[0-9]{3}[ \-][0-9]{2}-?[0-9]{2}",
        // North American: 415-555-0132, 415.555.0132.
        r"|(?-u:\b)[2-9][0-9]{2}[\-. ][0-9]{3}[\-. ][0-9]{4}",
        // Russian without the trunk prefix: 912 345 67 89, 912 345-67-89.
        r"|(?-u:\b)[2-9][0-9]{2} [0-9]{3}[ \-][0-9]{2}[ \-][0-9]{2}",
        r")(?-u:\b)",
    ))
});

fn phones(text: &str, found: &mut Found) {
    for m in PHONE.find_iter(text) {
        if !left_alone(&text[..m.start()]) || digit_group_before(&text[..m.start()]) {
            continue;
        }
        let end = if m.as_str().starts_with(['+', '0']) {
            international_end(text, m)
        } else {
            let alone = right_alone(&text[m.end()..]) && !digit_group_after(&text[m.end()..]);
            alone.then_some(m.end())
        };
        if let Some(end) = end {
            found.take(Kind::Phone, m.start(), end);
        }
    }
}

/// Where the international number `m` ends, if it is one: at the end of its longest
/// run of groups whose digits fit its calling code (a number written after the phone may
/// have been matched with it).
fn international_end(text: &str, m: Match) -> Option<usize> {
    let prefix = if m.as_str().starts_with('+') { 1 } else { 2 };
    let bytes = text.as_bytes();
    let mut groups = digit_groups(text, m.start() + prefix, m.end());
    // `+44 (0)20 …`: the trunk 0 that a caller from abroad leaves out.
    groups.retain(|&(start, end)| {
        let trunk = &bytes[start.saturating_sub(1)..(end + 1).min(bytes.len())];
        trunk != b"(0)"
    });
    let digits: Vec<u8> = groups
        .iter()
        .flat_map(|&(start, end)| &bytes[start..end])
        .copied()
        .collect();
    let code_length = checks::calling_code_length(&digits)?;
    let code = &digits[..code_length];
    // `+44 020 …` is a phone written loosely; `0044 0532 …` more likely some other number.
    if prefix == 2 && digits.get(code_length) == Some(&b'0') && !checks::keeps_trunk_zero(code) {
        return None;
    }
    let national = checks::national_length(code);
    let mut count = 0;
    let ends: Vec<(usize, usize)> = groups
        .iter()
        .map(|&(start, end)| {
            count += end - start;
            // An area code in brackets ends after its bracket.
            let bracket = end < m.end() && text.as_bytes()[end] == b')';
            (count, end + usize::from(bracket))
        })
        .collect();
    ends.into_iter().rev().find_map(|(count, end)| {
        // At least 8 digits, so never fewer than the calling code's.
        let fits = (8..=15).contains(&count) && national.contains(&(count - code_length));
        (fits && right_alone(&text[end..])).then_some(end)
    })
}

/// Whether the number at `text[start..end]` stands on its own (see [`left_alone`] and
/// [`right_alone`]).
fn standalone(text: &str, start: usize, end: usize) -> bool {
    left_alone(&text[..start]) && right_alone(&text[end..])
}

/// Whether a number may start after `before`: not glued to a word or a `+`, not after
/// another number and `.`, `,`, `:` (a date, time or decimal), not after a word and `-`
/// (`ORD-`), not after `#`, `№` or a currency, not inside an address or a link.
fn left_alone(before: &str) -> bool {
    let mut chars = before.chars().rev();
    let Some(previous) = chars.next() else {
        return true;
    };
    match previous {
        c if is_word(c) || is_prefix_sign(c) => false,
        '+' | '@' | '/' | '\\' | '=' | '&' => false,
        '-' => !chars.next().is_some_and(char::is_alphanumeric),
        '.' | ',' | ':' => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        ' ' | '\u{a0}' => {
            let rest = &before[..before.len() - previous.len_utf8()];
            let word = &rest[rest.trim_end_matches(char::is_alphabetic).len()..];
            !(rest.ends_with(is_prefix_sign) || is_currency_word(word))
        }
        _ => true,
    }
}

/// Whether a number may end before `after`: not glued to a word or `@`, not going on as a
/// date, time or decimal, not followed by a currency or `%`.
fn right_alone(after: &str) -> bool {
    let mut chars = after.chars();
    let Some(next) = chars.next() else {
        return true;
    };
    match next {
        c if is_word(c) || is_currency_sign(c) => false,
        '@' | '%' => false,
        '.' | ',' | ':' | '/' | '-' => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        ' ' | '\u{a0}' => {
            let rest = chars.as_str();
            let word = &rest[..rest.len() - rest.trim_start_matches(char::is_alphabetic).len()];
            !(rest.starts_with(|c| c == '%' || is_currency_sign(c)) || is_currency_word(word))
        }
        _ => true,
    }
}

/// Whether a group of 2 to 4 digits standing alone lies one space before a phone: then
/// the phone is a piece of a longer spaced run of digits, such as a card number that
/// failed its check. (A date or time before a phone is not such a group.)
fn digit_group_before(before: &str) -> bool {
    before.strip_suffix(' ').is_some_and(|rest| {
        let other = rest.trim_end_matches(|c: char| c.is_ascii_digit());
        let group = rest.len() - other.len();
        (2..=4).contains(&group) && other.chars().next_back().map_or(true, char::is_whitespace)
    })
}

/// [`digit_group_before`], after a local phone. (An international one ends where its
/// country's numbers end.)
fn digit_group_after(after: &str) -> bool {
    after.strip_prefix(' ').is_some_and(|rest| {
        let other = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        let group = rest.len() - other.len();
        let mut next = other.chars();
        let alone = match next.next() {
            None => true,
            Some(c) if c.is_whitespace() => true,
            Some(',' | ';' | '.' | '!' | '?' | ')') => {
                !next.next().is_some_and(|c| c.is_ascii_digit())
            }
            Some(_) => false,
        };
        (2..=4).contains(&group) && alone
    })
}

/// A letter, digit or `_`: what a number must not be glued to.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_currency_sign(c: char) -> bool {
    matches!(c, '€' | '$' | '£' | '₽' | '¥' | '₴' | '₸')
}

/// A sign that makes the number after it an order number or an amount.
fn is_prefix_sign(c: char) -> bool {
    c == '#' || c == '№' || is_currency_sign(c)
}

/// Whether `word` names a currency, as customers write it after or before an amount.
fn is_currency_word(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "eur"
            | "euro"
            | "eiro"
            | "usd"
            | "gbp"
            | "rub"
            | "dollars"
            | "dolāri"
            | "dolāru"
            | "евро"
            | "руб"
            | "рубль"
            | "рубля"
            | "рублей"
            | "р"
            | "долл"
    )
}
