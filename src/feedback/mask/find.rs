//! Finding personal data: for each kind a pattern (for IBANs, the [scan](super::scan))
//! proposes candidates, and checks in code ([`super::checks`], and the text around a
//! candidate in [`super::context`]) decide which are taken.

use super::checks;
use super::context::{
    digit_group_after, digit_group_before, is_word, left_alone, right_alone, standalone,
};
use super::scan::{has_digit, Cluster, Scan};
use super::Kind;
use regex::Regex;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

/// A piece of personal data: `text[start..end]` is of `kind`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// Every piece of personal data in `text`, not overlapping, in the order of the text.
pub(super) fn personal_data(text: &str) -> impl Iterator<Item = Span> {
    let bytes = text.as_bytes();
    let mut found = Found::default();
    let scan = has_digit(bytes).then(|| Scan::of(text));
    let clusters = scan.as_ref().map_or(&[][..], |scan| &scan.clusters[..]);
    for &start in scan.iter().flat_map(|scan| &scan.iban_starts) {
        if let Some(end) = iban_end(text, start) {
            found.take(Kind::Iban, start, end);
        }
    }
    for cluster in clusters {
        if found.covers(&cluster.digits) {
            continue;
        }
        if cluster.may_hold_card {
            cards(text, cluster, &mut found);
        }
        if cluster.may_hold_personal_code {
            personal_codes(text, cluster, &mut found);
        }
    }
    if memchr::memchr(b'@', bytes).is_some() {
        emails(text, &mut found);
    }
    for cluster in clusters {
        if !found.covers(&cluster.digits) {
            phones(text, cluster.window.clone(), &mut found);
        }
    }
    found
        .0
        .into_iter()
        .map(|(start, (end, kind))| Span { start, end, kind })
}

/// The spans taken so far, by where they start: `start → (end, kind)`. A map, so that a
/// text with a great many pieces is not searched through once for each.
#[derive(Default)]
struct Found(BTreeMap<usize, (usize, Kind)>);

impl Found {
    /// Takes `start..end` as `kind` unless an earlier span has some of it.
    fn take(&mut self, kind: Kind, start: usize, end: usize) {
        let overlaps = self
            .0
            .range(..end)
            .next_back()
            .is_some_and(|(_, &(other_end, _))| other_end > start);
        if !overlaps {
            self.0.insert(start, (end, kind));
        }
    }

    /// Whether one span has all of `range`, so nothing more can be found there.
    fn covers(&self, range: &Range<usize>) -> bool {
        self.0
            .range(..=range.start)
            .next_back()
            .is_some_and(|(_, &(end, _))| end >= range.end)
    }
}

/// Compiles one of the fixed patterns below.
///
/// They say `[0-9]` rather than `\d`, which takes every script's digits, and `(?-u:\b)`,
/// the ASCII word boundary, rather than `\b`, which keeps the fast engines off non-ASCII
/// text.
fn pattern(source: &str) -> Regex {
    Regex::new(source).expect("the masking patterns are valid")
}

/// The matches of `pattern` in `text[window]`, as byte ranges of `text`.
fn matches<'t>(
    pattern: &'static Regex,
    text: &'t str,
    window: Range<usize>,
) -> impl Iterator<Item = Range<usize>> + 't {
    let offset = window.start;
    pattern
        .find_iter(&text[window])
        .map(move |m| offset + m.start()..offset + m.end())
}

/// The matches of `pattern`, anchored with `^`, that start where a run of digits of
/// `cluster` starts, in order and not overlapping.
///
/// For a pattern that starts with digits, these are the matches a search of the cluster's
/// window would find with a word boundary in front; the text before a run is left to
/// [`standalone`]. An anchored search tries one place, where a search of the window would
/// try a match at every digit.
fn matches_at_runs<'t>(
    pattern: &'static Regex,
    text: &'t str,
    cluster: &Cluster,
) -> impl Iterator<Item = Range<usize>> + 't {
    let bytes = text.as_bytes();
    let (digits, window_end) = (cluster.digits.clone(), cluster.window.end);
    let mut at = digits.start;
    std::iter::from_fn(move || {
        while at < digits.end {
            let run_start = at;
            at += 1;
            // A cluster starts with a run; inside it, a run starts after a non-digit.
            let starts_run = run_start == digits.start
                || (bytes[run_start].is_ascii_digit() && !bytes[run_start - 1].is_ascii_digit());
            if !starts_run {
                continue;
            }
            if let Some(m) = pattern.find(&text[run_start..window_end]) {
                at = run_start + m.end();
                return Some(run_start..at);
            }
        }
        None
    })
}

/// Where the IBAN starting at `start` ends, if it is one: as many letters and digits as
/// its country's IBANs have, single spaces between them allowed, then no more.
fn iban_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let country = [bytes[start], bytes[start + 1]].map(|b| b.to_ascii_uppercase());
    let length = checks::iban_length(&country)?;
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

/// A card number whole, or in groups split by spaces or dashes (4-4-4-4, 4-6-5, …),
/// from the start of a run of digits (see [`matches_at_runs`]).
static CARD: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^(?:[0-9]{13,19}|[0-9]{4}(?:[ -][0-9]{3,6}){2,4})(?-u:\b)"));

fn cards(text: &str, cluster: &Cluster, found: &mut Found) {
    for candidate in matches_at_runs(&CARD, text, cluster) {
        if let Some((start, end)) = card_in(text, candidate) {
            found.take(Kind::Card, start, end);
        }
    }
}

/// The card number in a candidate: its longest run of groups (the first if several) with
/// 13–19 digits, not starting with 0, that passes the Luhn check. A number written just
/// before or after a card may have been matched with it.
fn card_in(text: &str, candidate: Range<usize>) -> Option<(usize, usize)> {
    let groups = Groups::of(text, candidate.start, candidate.end)?;
    let groups = groups.as_slice();
    let mut separators = groups.windows(2).map(|pair| text.as_bytes()[pair[0].1]);
    if let Some(first) = separators.next() {
        if separators.any(|separator| separator != first) {
            return None;
        }
    }
    let mut digits = [0; 19];
    for len in (1..=groups.len()).rev() {
        for run in groups.windows(len) {
            let (start, end) = (run[0].0, run[len - 1].1);
            let count: usize = run.iter().map(|(start, end)| end - start).sum();
            if !(13..=19).contains(&count) {
                continue;
            }
            let digits = &mut digits[..count];
            let all = text[start..end].bytes().filter(u8::is_ascii_digit);
            for (slot, digit) in digits.iter_mut().zip(all) {
                *slot = digit;
            }
            if digits[0] != b'0' && checks::luhn(digits) && standalone(text, start, end) {
                return Some((start, end));
            }
        }
    }
    None
}

/// The runs of ASCII digits in a match of the card or the phone pattern, as byte ranges:
/// eight at most, as the patterns allow.
struct Groups {
    runs: [(usize, usize); 8],
    len: usize,
}

impl Groups {
    /// The runs in `text[start..end]`, unless there are more than eight.
    fn of(text: &str, start: usize, end: usize) -> Option<Groups> {
        let bytes = text.as_bytes();
        let mut groups = Groups {
            runs: [(0, 0); 8],
            len: 0,
        };
        let mut at = start;
        while at < end {
            if bytes[at].is_ascii_digit() {
                let first = at;
                while at < end && bytes[at].is_ascii_digit() {
                    at += 1;
                }
                *groups.runs.get_mut(groups.len)? = (first, at);
                groups.len += 1;
            } else {
                at += 1;
            }
        }
        Some(groups)
    }

    fn as_slice(&self) -> &[(usize, usize)] {
        &self.runs[..self.len]
    }

    /// Keeps only the runs for which `keep` holds.
    fn retain(&mut self, keep: impl Fn(&(usize, usize)) -> bool) {
        let mut kept = 0;
        for i in 0..self.len {
            if keep(&self.runs[i]) {
                self.runs[kept] = self.runs[i];
                kept += 1;
            }
        }
        self.len = kept;
    }
}

/// A Latvian personal code, with or without its hyphen, from the start of a run of
/// digits (see [`matches_at_runs`]).
static PERSONAL_CODE: LazyLock<Regex> = LazyLock::new(|| pattern(r"^[0-9]{6}-?[0-9]{5}(?-u:\b)"));

fn personal_codes(text: &str, cluster: &Cluster, found: &mut Found) {
    for Range { start, end } in matches_at_runs(&PERSONAL_CODE, text, cluster) {
        let mut digits = [0; 11];
        let all = text[start..end].bytes().filter(u8::is_ascii_digit);
        for (slot, digit) in digits.iter_mut().zip(all) {
            *slot = digit;
        }
        let hyphenated = end - start == 12;
        // The new form (since 2017) carries no birth date and no check digit.
        let new_form = hyphenated && digits.starts_with(b"32");
        if (new_form || checks::old_personal_code(&digits)) && standalone(text, start, end) {
            found.take(Kind::PersonalCode, start, end);
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

fn phones(text: &str, window: Range<usize>, found: &mut Found) {
    for candidate in matches(&PHONE, text, window) {
        let (before, after) = (&text[..candidate.start], &text[candidate.end..]);
        let plus = text[candidate.clone()].starts_with('+');
        if !left_alone(before) || (!plus && digit_group_before(before)) {
            continue;
        }
        let end = if plus || text[candidate.clone()].starts_with('0') {
            international_end(text, candidate.clone())
        } else {
            let alone = right_alone(after) && !digit_group_after(after);
            alone.then_some(candidate.end)
        };
        if let Some(end) = end {
            found.take(Kind::Phone, candidate.start, end);
        }
    }
}

/// Where the international number `text[candidate]` ends, if it is one: at the end of
/// its longest run of groups whose digits fit its calling code (a number written after
/// the phone may have been matched with it).
fn international_end(text: &str, candidate: Range<usize>) -> Option<usize> {
    let bytes = text.as_bytes();
    let prefix = if bytes[candidate.start] == b'+' { 1 } else { 2 };
    let mut groups = Groups::of(text, candidate.start + prefix, candidate.end)?;
    // `+44 (0)20 …`: the trunk 0 that a caller from abroad leaves out.
    groups.retain(|&(start, end)| {
        let trunk = &bytes[start.saturating_sub(1)..(end + 1).min(bytes.len())];
        trunk != b"(0)"
    });
    // Enough digits for the longest calling code and the digit after it.
    let mut head = [0; 4];
    let groups = groups.as_slice();
    let mut digits = groups.iter().flat_map(|&(start, end)| &bytes[start..end]);
    let head_length = head
        .iter_mut()
        .zip(&mut digits)
        .map(|(slot, &digit)| *slot = digit)
        .count();
    let head = &head[..head_length];
    let code_length = checks::calling_code_length(head)?;
    let code = &head[..code_length];
    // `+44 020 …` is a phone written loosely; `0044 0532 …` more likely some other number.
    if prefix == 2 && head.get(code_length) == Some(&b'0') && !checks::keeps_trunk_zero(code) {
        return None;
    }
    let national = checks::national_length(code);
    let mut count: usize = groups.iter().map(|(start, end)| end - start).sum();
    for &(start, end) in groups.iter().rev() {
        // An area code in brackets ends after its bracket.
        let bracket = end < candidate.end && bytes[end] == b')';
        let after = end + usize::from(bracket);
        // At least 8 digits, so never fewer than the calling code's.
        let fits = (8..=15).contains(&count) && national.contains(&(count - code_length));
        if fits && right_alone(&text[after..]) {
            return Some(after);
        }
        count -= end - start;
    }
    None
}
