//! Numbers as spreadsheets in any locale export them: `1200`, `1 200`, `1.200,5`,
//! `1,200.5`, `3,5`, `3.5%`.

/// Characters that only group digits (thin and no-break spaces are what French and
/// Swiss exports use).
fn is_group_char(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '\u{2019}')
}

/// A number as spreadsheets in any locale export it. `delimiter` is the file's field
/// delimiter (it disambiguates `12,000`).
pub fn parse_number(s: &str, delimiter: u8) -> Result<f64, String> {
    let shown = s.trim();
    let bad = || format!("`{shown}` is not a number: expected e.g. 1200, 3.5 or 3,5");
    if shown.is_empty() {
        return Err("empty number: expected e.g. 1200, 3.5 or 3,5".into());
    }
    let t = shown.strip_suffix('%').map_or(shown, str::trim_end);
    let (negative, t) = if let Some(rest) = t.strip_prefix(['-', '\u{2212}']) {
        (true, rest)
    } else {
        (false, t.strip_prefix('+').unwrap_or(t))
    };
    if t.is_empty() {
        return Err(bad());
    }

    // Most values are plain ASCII numbers: skip the locale analysis for them.
    let b = t.as_bytes();
    if b.iter().all(|c| c.is_ascii_digit() || *c == b'.')
        && b.iter().filter(|c| **c == b'.').count() <= 1
        && b.last().is_some_and(u8::is_ascii_digit)
    {
        return finish(t.parse::<f64>().map_err(|_| bad())?, negative, shown);
    }

    let exponent_at = t.bytes().position(|c| c == b'e' || c == b'E');
    let (mantissa, exponent) = match exponent_at {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    if let Some(e) = exponent {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
    }
    // One pass: count the marks and reject anything that is not part of a number.
    let (mut dots, mut commas, mut any_digit) = (0, 0, false);
    for c in mantissa.chars() {
        match c {
            '0'..='9' => any_digit = true,
            '.' => dots += 1,
            ',' => commas += 1,
            c if is_group_char(c) => {}
            _ => return Err(bad()),
        }
    }
    if !any_digit {
        return Err(bad());
    }

    // The decimal mark, if any: (byte index, mark).
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) if dots > 1 => None,
        (0, _) if commas > 1 => None,
        (1, 0) => mantissa.find('.'),
        (0, 1) => {
            let i = mantissa.find(',').unwrap_or(0);
            let after = &mantissa[i + 1..];
            let thousands = delimiter == b','
                && after.len() == 3
                && after.bytes().all(|c| c.is_ascii_digit())
                && well_grouped(mantissa);
            if thousands {
                None
            } else {
                Some(i)
            }
        }
        _ => {
            // Both marks: the last one is the decimal mark and must occur once.
            let i = mantissa.rfind(['.', ',']).unwrap_or(0);
            let mark = if mantissa.as_bytes()[i] == b'.' {
                dots
            } else {
                commas
            };
            if mark != 1 {
                return Err(bad());
            }
            Some(i)
        }
    };
    let (int_part, frac_part) = match decimal {
        Some(i) => (&mantissa[..i], Some(&mantissa[i + 1..])),
        None => (mantissa, None),
    };
    // `,5` and `.5` have no integer part to check.
    let bare_fraction = int_part.is_empty() && frac_part.is_some();
    if !bare_fraction && !well_grouped(int_part) {
        return Err(format!(
            "`{shown}` is not a number: digits are grouped by three, e.g. 1 234 567 or 1,234,567.5"
        ));
    }
    if exponent.is_some() && !int_part.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    if frac_part.is_some_and(|f| f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit())) {
        return Err(bad());
    }

    // Rebuilt in Rust's float syntax, on the stack unless absurdly long: this runs for
    // every grouped value of a file.
    let mut stack = [0u8; 96];
    let mut heap = Vec::new();
    let needed = mantissa.len() + exponent.map_or(0, str::len) + 2;
    let out: &mut [u8] = if needed <= stack.len() {
        &mut stack
    } else {
        heap.resize(needed, 0);
        &mut heap
    };
    let mut n = 0;
    let mut put = |b: u8| {
        out[n] = b;
        n += 1;
    };
    int_part
        .bytes()
        .filter(u8::is_ascii_digit)
        .for_each(&mut put);
    if let Some(frac) = frac_part {
        put(b'.');
        frac.bytes().for_each(&mut put);
    }
    if let Some(e) = exponent {
        put(b'e');
        e.bytes().for_each(&mut put);
    }
    let canonical = std::str::from_utf8(&out[..n]).map_err(|_| bad())?;
    finish(
        canonical.parse::<f64>().map_err(|_| bad())?,
        negative,
        shown,
    )
}

/// Whether an integer part is plain digits, or groups of three after a first group of one
/// to three, all split by the same separator.
fn well_grouped(s: &str) -> bool {
    let is_sep = |c: &char| *c == '.' || *c == ',' || is_group_char(*c);
    let all_digits = |g: &str| g.bytes().all(|c| c.is_ascii_digit());
    let Some(sep) = s.chars().find(is_sep) else {
        return !s.is_empty() && all_digits(s);
    };
    s.split(sep).enumerate().all(|(n, group)| {
        let size_ok = if n == 0 {
            (1..=3).contains(&group.len())
        } else {
            group.len() == 3
        };
        size_ok && all_digits(group)
    })
}

fn finish(value: f64, negative: bool, shown: &str) -> Result<f64, String> {
    if !value.is_finite() {
        return Err(format!("`{shown}` is too large a number"));
    }
    Ok(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str, delimiter: u8) -> f64 {
        parse_number(s, delimiter).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(num("1200", b','), 1200.0);
        assert_eq!(num(" 3.5 ", b','), 3.5);
        assert_eq!(num("-2", b','), -2.0);
        assert_eq!(num("+2.25", b','), 2.25);
        assert_eq!(num("\u{2212}4", b';'), -4.0);
        assert_eq!(num(".5", b','), 0.5);
        assert_eq!(num("0", b'\t'), 0.0);
    }

    #[test]
    fn percent_sign_is_dropped() {
        assert_eq!(num("3.1%", b','), 3.1);
        assert_eq!(num("3,1 %", b';'), 3.1);
        assert_eq!(num("-12%", b','), -12.0);
    }

    #[test]
    fn space_like_and_apostrophe_group_separators() {
        assert_eq!(num("12 000", b','), 12000.0);
        assert_eq!(num("12\u{a0}000", b';'), 12000.0);
        assert_eq!(num("1\u{202f}234\u{202f}567,5", b';'), 1234567.5);
        assert_eq!(num("12'000.50", b','), 12000.5);
        assert_eq!(num("1 234", b'\t'), 1234.0);
    }

    #[test]
    fn both_marks_the_last_is_decimal() {
        assert_eq!(num("1.234,5", b';'), 1234.5);
        assert_eq!(num("1,234.5", b','), 1234.5);
        assert_eq!(num("1.234.567,89", b';'), 1234567.89);
        assert_eq!(num("1,234,567.89", b','), 1234567.89);
    }

    #[test]
    fn single_comma_depends_on_digits_and_delimiter() {
        assert_eq!(num("12,000", b','), 12000.0);
        assert_eq!(num("12,000", b';'), 12.0);
        assert_eq!(num("12,000", b'\t'), 12.0);
        assert_eq!(num("3,1", b';'), 3.1);
        assert_eq!(num("3,1", b','), 3.1);
        assert_eq!(num("3,1234", b','), 3.1234);
        // Not a valid grouping, so the comma can only be a decimal mark.
        assert_eq!(num("12345,678", b','), 12345.678);
        assert_eq!(num(",5", b';'), 0.5);
    }

    #[test]
    fn repeated_marks_group() {
        assert_eq!(num("1,234,567", b','), 1234567.0);
        assert_eq!(num("1,234,567", b';'), 1234567.0);
        assert_eq!(num("1.234.567", b';'), 1234567.0);
        assert_eq!(num("1.234", b';'), 1.234);
    }

    #[test]
    fn exponents() {
        assert_eq!(num("1.5E+3", b','), 1500.0);
        assert_eq!(num("1,5e3", b';'), 1500.0);
        assert_eq!(num("2e-2", b','), 0.02);
    }

    #[test]
    fn rejections() {
        for bad in [
            "",
            " ",
            "12a",
            "abc",
            "NaN",
            "nan",
            "inf",
            "-inf",
            "Infinity",
            "1e999",
            "%",
            "-",
            "1,2,3",
            "12,00,000",
            "1 23",
            "1.2.3",
            "1..2",
            "1,,2",
            "1.234.5",
            "1,234,5.6",
            "1 234'567",
            "1.",
            "3,",
            "1.2,3.4",
            "e5",
            "1e",
            "1e+",
            "1 000e3",
            "0x10",
            "1/2",
            "12 000 %%",
            "١٢",
            "1_000",
            "$5",
            "(5)",
        ] {
            assert!(parse_number(bad, b',').is_err(), "{bad:?} accepted");
            assert!(parse_number(bad, b';').is_err(), "{bad:?} accepted with ;");
        }
        assert_eq!(
            parse_number("12a", b',').unwrap_err(),
            "`12a` is not a number: expected e.g. 1200, 3.5 or 3,5"
        );
        assert!(parse_number("12,00,000", b',')
            .unwrap_err()
            .contains("grouped by three"));
    }
}
