//! Numbers in a language's conventions: its decimal and grouping separators, the real minus
//! sign (U+2212) in every language, and how a percentage and a unit are written around a
//! value.
//!
//! Digits come from Rust's float formatting (the exact binary value rounded, ties to
//! even), as the pages have always shown them; only the separators and patterns around
//! them are the language's. Formatting allocates nothing but its result.

use super::template::Template;
use std::fmt::Write;

/// Shown for a value that is missing or not a number.
pub const MISSING: &str = "–";
/// The minus sign of negative numbers, in every language.
pub const MINUS: char = '\u{2212}';

/// A non-negative number as ASCII digits with a `.`, kept on the stack: "1234.5".
pub struct AsciiDecimal {
    buf: [u8; 64],
    len: usize,
    /// Used when the digits do not fit in `buf` (magnitudes beyond 10^60).
    heap: Option<String>,
}

impl Write for AsciiDecimal {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        if end > self.buf.len() {
            return Err(std::fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl AsciiDecimal {
    fn empty() -> AsciiDecimal {
        AsciiDecimal {
            buf: [0; 64],
            len: 0,
            heap: None,
        }
    }

    /// The digits of a whole number, written by hand: most values of metric CSVs are
    /// whole, and this is several times faster than float formatting.
    pub fn integer(n: u64) -> AsciiDecimal {
        let mut digits = AsciiDecimal::empty();
        let mut rest = n;
        let mut at = 20;
        loop {
            at -= 1;
            digits.buf[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        digits.buf.copy_within(at..20, 0);
        digits.len = 20 - at;
        digits
    }

    /// `magnitude` (not negative) with exactly `decimals` decimals.
    pub fn fixed(magnitude: f64, decimals: usize) -> AsciiDecimal {
        let mut digits = AsciiDecimal::empty();
        if write!(digits, "{magnitude:.decimals$}").is_err() {
            digits.heap = Some(format!("{magnitude:.decimals$}"));
        }
        digits
    }

    /// `magnitude` (not negative) with at most `decimals` decimals, trailing zeros dropped.
    pub fn trimmed(magnitude: f64, decimals: usize) -> AsciiDecimal {
        // Whole numbers below 2^53 are exact: their digits need no float formatting.
        if magnitude.fract() == 0.0 && magnitude < 9e15 {
            return AsciiDecimal::integer(magnitude as u64);
        }
        let mut digits = AsciiDecimal::fixed(magnitude, decimals);
        if let Some(heap) = &mut digits.heap {
            if heap.contains('.') {
                let kept = heap.trim_end_matches('0').trim_end_matches('.').len();
                heap.truncate(kept);
            }
        } else if digits.buf[..digits.len].contains(&b'.') {
            while digits.buf[digits.len - 1] == b'0' {
                digits.len -= 1;
            }
            if digits.buf[digits.len - 1] == b'.' {
                digits.len -= 1;
            }
        }
        digits
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits and `.` are ever written, so this cannot fail.
        std::str::from_utf8(self.bytes()).unwrap_or_default()
    }

    fn bytes(&self) -> &[u8] {
        match &self.heap {
            Some(heap) => heap.as_bytes(),
            None => &self.buf[..self.len],
        }
    }
}

/// The units `num` writes with a symbol after the value, and their table keys.
pub const UNITS: [(&str, &str); 4] = [
    ("days", "unit.days"),
    ("hours", "unit.hours"),
    ("minutes", "unit.minutes"),
    ("seconds", "unit.seconds"),
];

/// How one language writes numbers.
#[derive(Clone, Debug)]
pub struct NumberFormat {
    pub decimal: Box<str>,
    pub group: Box<str>,
    /// Integer digits beyond the first group needed before grouping starts: 1 groups
    /// "1,234", 2 leaves "1234" alone and groups "12 345".
    pub min_grouping: usize,
    /// Around a percentage: `{value}%`, `{value} %`.
    pub percent: Template,
    /// Around a value of each of [`UNITS`]: `{value} d`.
    pub units: [Template; 4],
}

impl NumberFormat {
    /// Appends the digits with the language's separators and, when `negative` and not
    /// zero as shown, the minus sign.
    fn push_digits(&self, out: &mut String, negative: bool, digits: &AsciiDecimal, group: bool) {
        let bytes = digits.bytes();
        if negative && !bytes.iter().all(|&b| b == b'0' || b == b'.') {
            out.push(MINUS);
        }
        let (int, frac) = match bytes.iter().position(|&b| b == b'.') {
            Some(dot) => (&bytes[..dot], &bytes[dot + 1..]),
            None => (bytes, &[][..]),
        };
        let grouped = group && int.len() >= 3 + self.min_grouping;
        for (i, &digit) in int.iter().enumerate() {
            if grouped && i > 0 && (int.len() - i) % 3 == 0 {
                out.push_str(&self.group);
            }
            out.push(char::from(digit));
        }
        if !frac.is_empty() {
            out.push_str(&self.decimal);
            out.extend(frac.iter().map(|&d| char::from(d)));
        }
    }

    /// `v` with at most `decimals` decimals and no trailing zeros; grouped if `group`.
    pub fn push_trimmed(&self, out: &mut String, v: f64, decimals: usize, group: bool) {
        let digits = AsciiDecimal::trimmed(v.abs(), decimals);
        self.push_digits(out, v < 0.0, &digits, group);
    }

    /// `v` with exactly `decimals` decimals; grouped if `group`.
    pub fn push_fixed(&self, out: &mut String, v: f64, decimals: usize, group: bool) {
        let digits = AsciiDecimal::fixed(v.abs(), decimals);
        self.push_digits(out, v < 0.0, &digits, group);
    }

    /// A whole number, grouped.
    pub fn push_integer(&self, out: &mut String, n: i64) {
        self.push_digits(out, n < 0, &AsciiDecimal::integer(n.unsigned_abs()), true);
    }

    /// `value` written by `pattern` (a percent or unit pattern with `{value}`).
    fn push_in(&self, out: &mut String, pattern: &Template, v: f64, decimals: usize) {
        pattern.write(out, |name, out| {
            name == "value" && {
                self.push_trimmed(out, v, decimals, false);
                true
            }
        });
    }

    /// `number`, already in the language's digits, with `unit`'s sign or symbol around it
    /// (a percent or a duration); as it is for other units.
    pub fn wrap(&self, number: &str, unit: &str) -> String {
        let pattern = match unit {
            "percent" => &self.percent,
            _ => match UNITS.iter().position(|(name, _)| *name == unit) {
                Some(i) => &self.units[i],
                None => return number.to_string(),
            },
        };
        let mut out = String::with_capacity(number.len() + 8);
        pattern.write(&mut out, |name, out| {
            name == "value" && {
                out.push_str(number);
                true
            }
        });
        out
    }

    /// A metric value in its unit: counts grouped by thousands, percents with their sign,
    /// days and other durations with their symbol, scores and plain numbers with up to two
    /// decimals. The `num` filter.
    pub fn num(&self, value: Option<f64>, unit: &str) -> String {
        let mut out = String::with_capacity(16);
        match value.filter(|v| v.is_finite()) {
            Some(v) => self.push_num(&mut out, v, unit),
            None => out.push_str(MISSING),
        }
        out
    }

    fn push_num(&self, out: &mut String, v: f64, unit: &str) {
        match unit {
            "count" => self.push_integer(out, v.round() as i64),
            "percent" => self.push_in(out, &self.percent, v, 1),
            "score" => self.push_trimmed(out, v, 2, false),
            "currency" => self.push_fixed(out, v, 2, false),
            _ => match UNITS.iter().position(|(name, _)| *name == unit) {
                Some(i) => self.push_in(out, &self.units[i], v, 1),
                None if v.fract() == 0.0 && v.abs() >= 1000.0 => self.push_integer(out, v as i64),
                None => self.push_trimmed(out, v, 2, false),
            },
        }
    }

    /// A fraction as a percentage with at most one decimal: `0.123` → "12.3%". The `pct`
    /// filter.
    pub fn pct(&self, value: Option<f64>) -> String {
        let mut out = String::with_capacity(12);
        match value.filter(|v| v.is_finite()) {
            Some(v) => self.push_in(&mut out, &self.percent, v * 100.0, 1),
            None => out.push_str(MISSING),
        }
        out
    }

    /// A change with its sign: "+3", "−1.5", "0"; the magnitude as [`num`] writes it.
    /// The `signed` filter.
    ///
    /// [`num`]: NumberFormat::num
    pub fn signed(&self, value: Option<f64>, unit: &str) -> String {
        let mut out = String::with_capacity(16);
        let Some(v) = value.filter(|v| v.is_finite()) else {
            out.push_str(MISSING);
            return out;
        };
        if v > 0.0 {
            out.push('+');
        } else if v < 0.0 {
            out.push(MINUS);
        }
        self.push_num(&mut out, v.abs(), unit);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(decimal: &str, group: &str, min_grouping: usize, percent: &str) -> NumberFormat {
        let t = |s: &str| Template::parse(s).unwrap();
        NumberFormat {
            decimal: decimal.into(),
            group: group.into(),
            min_grouping,
            percent: t(percent),
            units: [
                t("{value} d"),
                t("{value} h"),
                t("{value} min"),
                t("{value} s"),
            ],
        }
    }

    #[test]
    fn digits_are_rusts_rounding_of_the_exact_value() {
        // 0.35 is stored as 0.34999…, 2.675 as 2.67499…: they round down, as pages showed.
        assert_eq!(AsciiDecimal::trimmed(0.35, 1).as_str(), "0.3");
        assert_eq!(AsciiDecimal::trimmed(2.675, 2).as_str(), "2.67");
        assert_eq!(AsciiDecimal::trimmed(0.125, 2).as_str(), "0.12");
        assert_eq!(AsciiDecimal::trimmed(10.0, 2).as_str(), "10");
        assert_eq!(AsciiDecimal::fixed(3.0, 2).as_str(), "3.00");
        assert_eq!(AsciiDecimal::integer(0).as_str(), "0");
        assert_eq!(
            AsciiDecimal::integer(u64::MAX).as_str(),
            "18446744073709551615"
        );
        assert_eq!(AsciiDecimal::trimmed(1e16, 2).as_str(), "10000000000000000");
        // Too long for the stack buffer: still right.
        assert_eq!(AsciiDecimal::trimmed(1e70, 1).as_str().len(), 71);
    }

    #[test]
    fn separators_and_minimum_grouping_are_the_languages() {
        let lv = format(",", "\u{a0}", 2, "{value}\u{a0}%");
        let mut out = String::new();
        lv.push_integer(&mut out, 1234);
        out.push('|');
        lv.push_integer(&mut out, 12345);
        out.push('|');
        lv.push_trimmed(&mut out, -1234567.891, 2, true);
        assert_eq!(out, "1234|12\u{a0}345|\u{2212}1\u{a0}234\u{a0}567,89");
    }

    #[test]
    fn a_negative_zero_as_shown_has_no_sign() {
        let en = format(".", ",", 1, "{value}%");
        assert_eq!(en.num(Some(-0.001), ""), "0");
        assert_eq!(en.num(Some(-0.001), "currency"), "0.00");
        assert_eq!(en.pct(Some(-0.0001)), "0%");
        assert_eq!(en.signed(Some(-0.0), ""), "0");
        assert_eq!(en.num(Some(-12.5), "count"), "\u{2212}13");
    }
}
