//! Which plural form a count takes, by the CLDR rules of the language (ICU4X's compiled
//! data, so a site's own language gets its rules too): English one/other, Russian
//! one/few/many/other, Latvian zero/one/other.

use super::number::AsciiDecimal;
use icu_locale_core::Locale as LanguageTag;
use icu_plurals::{PluralCategory, PluralOperands, PluralRules};
use std::str::FromStr;

/// The decimals a count is shown with, and so judged by: `1.5` takes the form of "1.5",
/// `1.004` that of "1".
pub const COUNT_DECIMALS: usize = 2;

/// Every category, in the order tables list them.
pub const CATEGORIES: [PluralCategory; 6] = [
    PluralCategory::Zero,
    PluralCategory::One,
    PluralCategory::Two,
    PluralCategory::Few,
    PluralCategory::Many,
    PluralCategory::Other,
];

/// The name of a category as tables write it.
pub fn name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The category a table's key names, if it names one.
pub fn category(name: &str) -> Option<PluralCategory> {
    PluralCategory::get_for_cldr_string(name)
}

/// A slot for each category, indexed by [`index`].
pub fn index(category: PluralCategory) -> usize {
    CATEGORIES
        .iter()
        .position(|&c| c == category)
        .unwrap_or(CATEGORIES.len() - 1)
}

/// Counts below this have their category looked up rather than computed: pages count
/// small things thousands of times.
const CACHED: usize = 1000;

/// The plural rules of one language.
pub struct Plurals {
    rules: PluralRules,
    /// The category of every whole count below [`CACHED`].
    small: Box<[PluralCategory]>,
    /// The categories the language uses, in [`CATEGORIES`] order.
    used: Vec<PluralCategory>,
}

impl Plurals {
    /// The rules of `tag`'s language; a language CLDR does not know has only `other`.
    pub fn new(tag: &LanguageTag) -> Plurals {
        let rules = PluralRules::try_new_cardinal(tag.into())
            .or_else(|_| PluralRules::try_new_cardinal(LanguageTag::UNKNOWN.into()))
            .expect("compiled plural data has the root locale");
        let mut used: Vec<PluralCategory> = rules.categories().collect();
        used.sort_by_key(|&c| index(c));
        let small = (0..CACHED).map(|n| rules.category_for(n)).collect();
        Plurals { rules, small, used }
    }

    /// The categories the language uses.
    pub fn used(&self) -> &[PluralCategory] {
        &self.used
    }

    /// The category of `count` as shown, with at most [`COUNT_DECIMALS`] decimals. The
    /// sign does not matter; a count that is not a number takes `other`.
    pub fn category(&self, count: f64) -> PluralCategory {
        if !count.is_finite() {
            return PluralCategory::Other;
        }
        let magnitude = count.abs();
        if magnitude.fract() == 0.0 && magnitude < 1e15 {
            let n = magnitude as u64;
            return match self.small.get(n as usize) {
                Some(&category) => category,
                None => self.rules.category_for(n),
            };
        }
        let digits = AsciiDecimal::trimmed(magnitude, COUNT_DECIMALS);
        match fixed_decimal::Decimal::from_str(digits.as_str()) {
            Ok(decimal) => self.rules.category_for(PluralOperands::from(&decimal)),
            Err(_) => PluralCategory::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plurals(code: &str) -> Plurals {
        Plurals::new(&code.parse().unwrap())
    }

    #[test]
    fn each_language_uses_its_cldr_categories() {
        let names =
            |code: &str| -> Vec<&str> { plurals(code).used().iter().map(|&c| name(c)).collect() };
        assert_eq!(names("en"), ["one", "other"]);
        assert_eq!(names("ru"), ["one", "few", "many", "other"]);
        assert_eq!(names("lv"), ["zero", "one", "other"]);
        // A language without CLDR data still has `other`.
        assert_eq!(names("qaa"), ["other"]);
    }

    #[test]
    fn counts_with_decimals_are_judged_as_shown() {
        let ru = plurals("ru");
        assert_eq!(ru.category(1.5), PluralCategory::Other);
        // 1.004 shows as "1".
        assert_eq!(ru.category(1.004), PluralCategory::One);
        assert_eq!(ru.category(-2.0), PluralCategory::Few);
        assert_eq!(ru.category(f64::NAN), PluralCategory::Other);
        assert_eq!(ru.category(1e20), PluralCategory::Many);
        // Looked up below the cache's end, computed beyond it: the same rules.
        for n in [21.0, 991.0, 1001.0, 1_000_021.0] {
            assert_eq!(ru.category(n), PluralCategory::One, "{n}");
        }
        let lv = plurals("lv");
        // Latvian: a fraction ending in 1 is `one`.
        assert_eq!(lv.category(0.1), PluralCategory::One);
        assert_eq!(lv.category(0.5), PluralCategory::Other);
    }

    #[test]
    fn names_round_trip() {
        for c in CATEGORIES {
            assert_eq!(category(name(c)), Some(c));
            assert_eq!(CATEGORIES[index(c)], c);
        }
        assert_eq!(category("several"), None);
    }
}
