//! The text around a candidate number, which decides whether it is personal data or part
//! of something else: a word, a date, an amount, an order number, a longer number.

/// Whether the number at `text[start..end]` stands on its own (see [`left_alone`] and
/// [`right_alone`]).
pub(super) fn standalone(text: &str, start: usize, end: usize) -> bool {
    left_alone(&text[..start]) && right_alone(&text[end..])
}

/// Whether a number may start after `before`: not glued to a word or a `+`, not after
/// another number and `.`, `,`, `:` (a date, time or decimal), not after a word and `-`
/// (`ORD-`), not after `#`, `№` or a currency, not inside an address or a link.
pub(super) fn left_alone(before: &str) -> bool {
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
            !(rest.ends_with(is_prefix_sign) || ends_with_currency_word(rest))
        }
        _ => true,
    }
}

/// Whether a number may end before `after`: not glued to a word or `@`, not going on as a
/// date, time or decimal, not followed by a currency or `%`.
pub(super) fn right_alone(after: &str) -> bool {
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
            !(rest.starts_with(|c| c == '%' || is_currency_sign(c))
                || starts_with_currency_word(rest))
        }
        _ => true,
    }
}

/// Whether a group of 2 to 4 digits standing alone lies one space before a number that
/// does not start with `+`: then the number is a piece of a longer spaced run of digits,
/// such as a card number that failed its check. (A date or time before it is not such a
/// group.)
pub(super) fn digit_group_before(before: &str) -> bool {
    before.strip_suffix(' ').is_some_and(|rest| {
        let other = rest.trim_end_matches(|c: char| c.is_ascii_digit());
        let group = rest.len() - other.len();
        (2..=4).contains(&group) && other.chars().next_back().is_none_or(char::is_whitespace)
    })
}

/// [`digit_group_before`], after a local phone. (An international one ends where its
/// country's numbers end.)
pub(super) fn digit_group_after(after: &str) -> bool {
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
pub(super) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_currency_sign(c: char) -> bool {
    matches!(c, '€' | '$' | '£' | '₽' | '¥' | '₴' | '₸')
}

/// A sign that makes the number after it an order number or an amount.
fn is_prefix_sign(c: char) -> bool {
    c == '#' || c == '№' || is_currency_sign(c)
}

/// Currencies as customers write them beside an amount, in lower case.
#[rustfmt::skip]
const CURRENCY_WORDS: [&str; 16] = [
    "eur", "euro", "eiro", "usd", "gbp", "rub", "dollars", "dolāri", "dolāru",
    "евро", "руб", "рубль", "рубля", "рублей", "р", "долл",
];

/// Whether `after` starts with a currency word (in any case of its ASCII letters).
fn starts_with_currency_word(after: &str) -> bool {
    let bytes = after.as_bytes();
    bytes
        .first()
        .is_some_and(|&b| CURRENCY_FIRST_BYTES[usize::from(b)])
        && CURRENCY_WORDS.iter().any(|word| {
            bytes
                .get(..word.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()))
                && !after[word.len()..].starts_with(char::is_alphabetic)
        })
}

/// Whether `before` ends with a currency word (in any case of its ASCII letters).
fn ends_with_currency_word(before: &str) -> bool {
    let bytes = before.as_bytes();
    bytes
        .last()
        .is_some_and(|&b| CURRENCY_LAST_BYTES[usize::from(b)])
        && CURRENCY_WORDS.iter().any(|word| {
            let Some(start) = bytes.len().checked_sub(word.len()) else {
                return false;
            };
            bytes[start..].eq_ignore_ascii_case(word.as_bytes())
                && !before[..start].ends_with(char::is_alphabetic)
        })
}

/// The bytes that start and end a currency word, in either case: most words beside a
/// number are ruled out by one look.
static CURRENCY_FIRST_BYTES: [bool; 256] = edge_bytes(Edge::First);
static CURRENCY_LAST_BYTES: [bool; 256] = edge_bytes(Edge::Last);

enum Edge {
    First,
    Last,
}

const fn edge_bytes(edge: Edge) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < CURRENCY_WORDS.len() {
        let word = CURRENCY_WORDS[i].as_bytes();
        let byte = match edge {
            Edge::First => word[0],
            Edge::Last => word[word.len() - 1],
        };
        table[byte.to_ascii_lowercase() as usize] = true;
        table[byte.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    table
}
