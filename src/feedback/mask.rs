//! Masking of personal data in customer verbatims (survey comments, support tickets,
//! interview quotes): [`mask`] replaces each piece it finds with a placeholder naming its
//! kind and counts them, so a verbatim is masked before it goes anywhere.
//!
//! | Kind | Placeholder | Taken when |
//! |---|---|---|
//! | IBAN | `[iban]` | two letters and two digits start it, it has the length the IBAN registry gives the country, and it passes the ISO 13616 mod-97 check; with or without spaces between groups (`LV80BANK0000435195001`, `DE89 3704 0044 0532 0130 00`) |
//! | payment card | `[card]` | 13–19 digits, whole or in groups split by spaces or by dashes, that pass the Luhn check (`4111 1111 1111 1111`) |
//! | Latvian personal code | `[personal code]` | `DDMMYY-CNNNK`, the hyphen optional, with a real birth date (C is the century: 0 for the 1800s, 1 for the 1900s, 2 for the 2000s) and the right check digit K (`161175-19997`); or the new form `32NNNN-NNNNN` |
//! | e-mail address | `[email]` | `name@domain.tld`, letters of any script |
//! | phone number | `[phone]` | `+` or `00`, a calling code and 8 to 15 digits in all (`+371 26 123 456`, `+7 (912) 345-67-89`); or a known local shape (below) |
//!
//! Local phone shapes: Latvian, 8 digits starting with 2 (mobile) or 6 (landline), whole
//! or as `26 123 456` or `2612 3456`; Russian with the trunk prefix, `8 912 345 67 89`,
//! `8 (912) 345-67-89`, `89123456789`; Russian without it, `(912) 345-67-89`,
//! `912 345-67-89`; North American, `(415) 555-0132`, `415-555-0132`, `415.555.0132`.
//!
//! The kinds are looked for in the order of the table, the more specific first, and a
//! later kind never takes text an earlier one took: digits inside an IBAN are not a phone.
//! A number is left alone when it is glued to a word (`ORD-2026-0001234`), continues
//! another number (a date, time or decimal), follows `#` or `№` (an order number), has a
//! currency or `%` beside it (an amount), or touches `@` (then the e-mail address is
//! taken whole). So dates (`10.05.2026`), times, amounts (`12 000 EUR`, `$1,299.00`),
//! percentages, order numbers, years, versions and quantities stay, and so does a
//! 16-digit number that fails the Luhn check.
//!
//! # Limits
//!
//! Patterns find only what has a shape. Names, street addresses, birth dates written out,
//! account logins and anything spelt in words ("two six one two…") are not found and
//! cannot be: `Jānis from Brīvības iela 5` stays as it is. Phone numbers of other
//! countries are found only when written with their calling code; IBANs only of the
//! countries in the registry; numbers only when their groups are split by the separators
//! above (not by tabs, slashes or no-break spaces). The other way round, an 8-digit number
//! starting with 2 or 6 reads as a Latvian phone (an order number without `#`, a compact
//! date like `20260510`), one 13–19-digit number in ten passes the Luhn check and reads as
//! a card, and a number written one space after an international phone whose country has
//! no fixed length may be taken with it. Masking here is the second line: remove names
//! and contact fields at the source (the survey tool, the ticket export) before the
//! verbatims reach a site.
//!
//! # Speed
//!
//! One pass over the bytes finds where IBANs may start and the clusters of digits long
//! enough for a phone (8 digits), a personal code (11) or a card (13); the patterns run
//! only on those clusters, and the e-mail pattern only on a text with an `@`. A text
//! with neither a digit nor an `@`, as most are, costs a vectorised look for one. The
//! patterns are compiled once and shared by every thread. `cargo run --release --example
//! mask_bench` times a million verbatims of about 100 bytes on one thread.

use std::borrow::Cow;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign};

mod checks;
mod context;
mod find;
mod scan;
#[cfg(test)]
mod tests;

/// A kind of personal data that [`mask`] finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An e-mail address.
    Email,
    /// A phone number, international or of a known local shape.
    Phone,
    /// A payment card number (PAN).
    Card,
    /// An international bank account number.
    Iban,
    /// A Latvian personal code (personas kods).
    PersonalCode,
}

impl Kind {
    /// Every kind, in the order reports list them.
    pub const ALL: [Kind; 5] = [
        Kind::Email,
        Kind::Phone,
        Kind::Card,
        Kind::Iban,
        Kind::PersonalCode,
    ];

    /// What replaces a piece of this kind in the text, e.g. `[email]`.
    pub fn placeholder(self) -> &'static str {
        match self {
            Kind::Email => "[email]",
            Kind::Phone => "[phone]",
            Kind::Card => "[card]",
            Kind::Iban => "[iban]",
            Kind::PersonalCode => "[personal code]",
        }
    }

    /// What one piece of this kind is called, e.g. `e-mail address`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Email => "e-mail address",
            Kind::Phone => "phone number",
            Kind::Card => "payment card number",
            Kind::Iban => "IBAN",
            Kind::PersonalCode => "personal code",
        }
    }

    /// What several pieces of this kind are called, e.g. `e-mail addresses`.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Email => "e-mail addresses",
            Kind::Phone => "phone numbers",
            Kind::Card => "payment card numbers",
            Kind::Iban => "IBANs",
            Kind::PersonalCode => "personal codes",
        }
    }
}

/// How many pieces of each kind were masked, in one text or, added up, in many.
///
/// It displays as a list of the kinds found, e.g. `12 e-mail addresses, 3 phone numbers`,
/// or `nothing`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MaskCounts {
    pub email: usize,
    pub phone: usize,
    pub card: usize,
    pub iban: usize,
    pub personal_code: usize,
}

impl MaskCounts {
    /// How many pieces of `kind` were masked.
    pub fn get(&self, kind: Kind) -> usize {
        match kind {
            Kind::Email => self.email,
            Kind::Phone => self.phone,
            Kind::Card => self.card,
            Kind::Iban => self.iban,
            Kind::PersonalCode => self.personal_code,
        }
    }

    fn count_mut(&mut self, kind: Kind) -> &mut usize {
        match kind {
            Kind::Email => &mut self.email,
            Kind::Phone => &mut self.phone,
            Kind::Card => &mut self.card,
            Kind::Iban => &mut self.iban,
            Kind::PersonalCode => &mut self.personal_code,
        }
    }

    /// Every kind with its count, zeros included, in the order of [`Kind::ALL`].
    pub fn kinds(&self) -> impl Iterator<Item = (Kind, usize)> {
        let counts = *self;
        Kind::ALL
            .into_iter()
            .map(move |kind| (kind, counts.get(kind)))
    }

    /// How many pieces were masked in all.
    pub fn total(&self) -> usize {
        self.kinds().map(|(_, count)| count).sum()
    }

    /// Whether nothing was masked.
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }
}

impl AddAssign for MaskCounts {
    fn add_assign(&mut self, other: MaskCounts) {
        for (kind, count) in other.kinds() {
            *self.count_mut(kind) += count;
        }
    }
}

impl Add for MaskCounts {
    type Output = MaskCounts;

    fn add(mut self, other: MaskCounts) -> MaskCounts {
        self += other;
        self
    }
}

impl Sum for MaskCounts {
    fn sum<I: Iterator<Item = MaskCounts>>(iter: I) -> MaskCounts {
        iter.fold(MaskCounts::default(), Add::add)
    }
}

impl<'a> Sum<&'a MaskCounts> for MaskCounts {
    fn sum<I: Iterator<Item = &'a MaskCounts>>(iter: I) -> MaskCounts {
        iter.copied().sum()
    }
}

impl fmt::Display for MaskCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut found = self.kinds().filter(|&(_, count)| count > 0).peekable();
        if found.peek().is_none() {
            return f.write_str("nothing");
        }
        for (i, (kind, count)) in found.enumerate() {
            let noun = if count == 1 {
                kind.name()
            } else {
                kind.plural()
            };
            let comma = if i > 0 { ", " } else { "" };
            write!(f, "{comma}{count} {noun}")?;
        }
        Ok(())
    }
}

/// `text` with every piece of personal data found replaced by its kind's
/// [placeholder](Kind::placeholder), and how many of each kind were replaced. The text
/// is borrowed, not copied, when nothing was found.
///
/// ```
/// use waymark::feedback::mask::mask;
///
/// let (masked, counts) = mask("Write to janis.berzins@inbox.lv or call +371 26 123 456.");
/// assert_eq!(masked, "Write to [email] or call [phone].");
/// assert_eq!(counts.to_string(), "1 e-mail address, 1 phone number");
/// ```
pub fn mask(text: &str) -> (Cow<'_, str>, MaskCounts) {
    let mut spans = find::personal_data(text).peekable();
    if spans.peek().is_none() {
        return (Cow::Borrowed(text), MaskCounts::default());
    }
    let mut counts = MaskCounts::default();
    let mut masked = String::with_capacity(text.len());
    let mut copied = 0;
    for span in spans {
        masked.push_str(&text[copied..span.start]);
        masked.push_str(span.kind.placeholder());
        *counts.count_mut(span.kind) += 1;
        copied = span.end;
    }
    masked.push_str(&text[copied..]);
    (Cow::Owned(masked), counts)
}
