//! The checks in code behind the patterns of [`super`]: the check digits of cards, IBANs
//! and Latvian personal codes, and the shape of international calling codes. Each takes
//! the digits (or characters) alone, separators removed.

use std::ops::RangeInclusive;

/// Whether `digits` (ASCII digits only) pass the Luhn check of payment card numbers.
pub(super) fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The length of an IBAN of `country` (two upper-case letters), for every country of the
/// SWIFT IBAN registry; `None` for others.
pub(super) fn iban_length(country: &[u8]) -> Option<usize> {
    let length = match country {
        b"NO" => 15,
        b"BE" => 16,
        b"DK" | b"FI" | b"FK" | b"FO" | b"GL" | b"NL" | b"SD" => 18,
        b"MK" | b"SI" => 19,
        b"AT" | b"BA" | b"EE" | b"KZ" | b"LT" | b"LU" | b"MN" | b"XK" => 20,
        b"CH" | b"HR" | b"LI" | b"LV" => 21,
        b"BG" | b"BH" | b"CR" | b"DE" | b"GB" | b"GE" | b"IE" | b"ME" | b"RS" | b"VA" => 22,
        b"AE" | b"GI" | b"IL" | b"IQ" | b"OM" | b"SO" | b"TL" => 23,
        b"AD" | b"CZ" | b"ES" | b"MD" | b"PK" | b"RO" | b"SA" | b"SE" | b"SK" | b"TN" | b"VG" => 24,
        b"LY" | b"PT" | b"ST" => 25,
        b"IS" | b"TR" => 26,
        b"BI" | b"DJ" | b"FR" | b"GR" | b"IT" | b"MC" | b"MR" | b"SM" => 27,
        b"AL" | b"AZ" | b"BY" | b"CY" | b"DO" | b"GT" | b"HN" | b"HU" | b"LB" | b"NI" | b"PL"
        | b"SV" => 28,
        b"BR" | b"EG" | b"PS" | b"QA" | b"UA" => 29,
        b"JO" | b"KW" | b"MU" | b"YE" => 30,
        b"MT" | b"SC" => 31,
        b"LC" => 32,
        b"RU" => 33,
        _ => return None,
    };
    Some(length)
}

/// Whether `iban` (upper-case letters and digits, no spaces, country code first) passes the
/// ISO 13616 check: moved to start after its first four characters, with letters as
/// numbers (A = 10 … Z = 35), it leaves 1 when divided by 97.
pub(super) fn iban_checksum(iban: &[u8]) -> bool {
    if iban.len() < 5 {
        return false;
    }
    let (head, tail) = iban.split_at(4);
    let mut remainder: u32 = 0;
    for &b in tail.iter().chain(head) {
        remainder = match b {
            b'0'..=b'9' => (remainder * 10 + u32::from(b - b'0')) % 97,
            b'A'..=b'Z' => (remainder * 100 + u32::from(b - b'A') + 10) % 97,
            _ => return false,
        };
    }
    remainder == 1
}

/// Whether `digits` (eleven ASCII digits) are a Latvian personal code of the old form,
/// `DDMMYY-CNNNK`: a real birth date whose century is C (0 for the 1800s, 1 for the 1900s,
/// 2 for the 2000s), and K the check digit.
pub(super) fn old_personal_code(digits: &[u8]) -> bool {
    let [d1, d2, m1, m2, y1, y2, century, _, _, _, check] = digits else {
        return false;
    };
    let n = |a: &u8, b: &u8| u32::from(a - b'0') * 10 + u32::from(b - b'0');
    let century = match century {
        b'0' => 1800,
        b'1' => 1900,
        b'2' => 2000,
        _ => return false,
    };
    is_date(century + n(y1, y2), n(m1, m2), n(d1, d2))
        && personal_code_check_digit(&digits[..10]) == Some(check - b'0')
}

/// The check digit of the first ten digits of a Latvian personal code:
/// `(1 - Σ wᵢ·dᵢ) mod 11` with weights 1, 6, 3, 7, 9, 10, 5, 8, 4, 2.
///
/// A remainder of 10 is written 0. Codes with that remainder may never be issued; taking
/// them as codes masks slightly more, which is the safe side.
fn personal_code_check_digit(digits: &[u8]) -> Option<u8> {
    const WEIGHTS: [u32; 10] = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    if digits.len() != WEIGHTS.len() {
        return None;
    }
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(&b, w)| u32::from(b - b'0') * w)
        .sum();
    // 1100 is a multiple of 11 above any sum (at most 9 · 55), so nothing goes negative.
    let remainder = (1101 - sum) % 11;
    Some((remainder % 10) as u8)
}

/// Whether `day`.`month`.`year` is a date of the Gregorian calendar.
fn is_date(year: u32, month: u32, day: u32) -> bool {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// How many of `digits` (those after the `+` of an international number) are the
/// country calling code: 1 for the North American plan and Russia/Kazakhstan, 2 for the
/// two-digit codes of ITU-T E.164, 3 for the rest; `None` when it starts with 0.
pub(super) fn calling_code_length(digits: &[u8]) -> Option<usize> {
    const TWO_DIGIT: [&[u8; 2]; 44] = [
        b"20", b"27", b"30", b"31", b"32", b"33", b"34", b"36", b"39", b"40", b"41", b"43", b"44",
        b"45", b"46", b"47", b"48", b"49", b"51", b"52", b"53", b"54", b"55", b"56", b"57", b"58",
        b"60", b"61", b"62", b"63", b"64", b"65", b"66", b"81", b"82", b"84", b"86", b"90", b"91",
        b"92", b"93", b"94", b"95", b"98",
    ];
    match digits {
        [b'1' | b'7', ..] => Some(1),
        [b'0', ..] | [] => None,
        [a, b, ..] if TWO_DIGIT.contains(&&[*a, *b]) => Some(2),
        [_, _, _, ..] => Some(3),
        _ => None,
    }
}

/// Whether a national number may start with 0 after `calling_code`: only in Italy and the
/// states that share its plan; elsewhere the trunk 0 is dropped after the calling code.
pub(super) fn keeps_trunk_zero(calling_code: &[u8]) -> bool {
    matches!(calling_code, b"39" | b"378" | b"379")
}

/// How many digits a number of `calling_code` has after it: exact where the plan has one
/// length, E.164's bounds otherwise.
pub(super) fn national_length(calling_code: &[u8]) -> RangeInclusive<usize> {
    match calling_code {
        b"1" | b"7" => 10..=10,
        b"370" | b"371" => 8..=8,
        b"372" => 7..=8,
        b"375" | b"380" => 9..=9,
        other => 6..=15 - other.len(),
    }
}
