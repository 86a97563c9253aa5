//! What a chart writes in the page's language: every word comes from a table entry by its
//! key, and every number in the language's digits, so that no chart holds a word of its
//! own. The pages pass their locale; tests pass a stand-in that shows the keys.

/// The words and number formats of one language.
pub trait Words: Sync {
    /// The text of `key`, in the plural form `count` takes, its placeholders filled from
    /// `values` (`{count}` from `count` unless `values` gives it).
    fn text(&self, key: &str, count: Option<f64>, values: &[(&str, &str)]) -> String;

    /// `value` with at most `decimals` decimals, no trailing zeros, grouped; the real
    /// minus sign when it is negative and not zero as shown.
    fn decimal(&self, value: f64, decimals: usize) -> String;

    /// `value` with exactly `decimals` decimals, grouped.
    fn fixed(&self, value: f64, decimals: usize) -> String;

    /// `number`, already written by [`decimal`](Words::decimal) or
    /// [`fixed`](Words::fixed), with the sign or symbol of `unit` (a `site.yaml` unit
    /// keyword): "3.1%", "4 d"; as it is for a unit without one.
    fn in_unit(&self, number: &str, unit: &str) -> String;
}

/// A score with its sign, as charts label the emotion scale: "+2", "−1", "0".
pub fn signed(words: &dyn Words, value: f64) -> String {
    let number = words.decimal(value, 2);
    if value > 0.0 && number != words.decimal(0.0, 0) {
        format!("+{number}")
    } else {
        number
    }
}

/// A fraction as a percentage in the language: whole numbers from 10 %, one decimal
/// below ("3.1%", "45%").
pub fn percent(words: &dyn Words, fraction: f64) -> String {
    let p = fraction * 100.0;
    if !p.is_finite() {
        return words.decimal(f64::NAN, 0);
    }
    let shown = if p.abs() >= 10.0 {
        p.round()
    } else {
        (p * 10.0).round() / 10.0
    };
    words.in_unit(&words.decimal(shown + 0.0, 1), "percent")
}
