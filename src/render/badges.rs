//! The `badge` filter: a keyword of the content (a severity, a status, an emotion …) as
//! the labelled `<span>` the theme styles, its words from the translation table. A filter
//! rather than a template macro because pages show hundreds of them, and a macro call
//! costs many times a filter call.

use super::i18n::Locale;
use crate::escape::escape;
use minijinja::value::Value;
use minijinja::{Error, ErrorKind};

/// The keywords of each kind of badge the content can hold.
const KEYWORDS: [(&str, &[&str]); 6] = [
    ("severity", &["low", "medium", "high", "critical"]),
    ("status", &["idea", "planned", "in-progress", "done"]),
    (
        "quadrant",
        &["quick-win", "big-bet", "fill-in", "money-pit"],
    ),
    ("rating", &["good", "fair", "poor", "not-rated"]),
    ("level", &["low", "medium", "high"]),
    ("kpi_status", &["on-track", "at-risk", "off-track"]),
];

/// The badges of one language, made once: pages show hundreds of them, and looking up
/// words and escaping them for each would cost more than the rest of the filter.
pub struct Badges {
    /// The HTML of each keyword of [`KEYWORDS`], in that order.
    known: Vec<Vec<String>>,
    /// The HTML of the emotions from −2 to +2, and of none.
    emotions: Vec<String>,
}

impl Badges {
    pub fn new(locale: &Locale) -> Badges {
        let known = KEYWORDS
            .iter()
            .map(|(kind, keywords)| {
                keywords
                    .iter()
                    .map(|k| html(locale, &Value::from(*k), kind))
                    .collect()
            })
            .collect();
        let emotions = (-2..=2)
            .map(Value::from)
            .chain([Value::from(())])
            .map(|v| emotion(locale, &v))
            .collect();
        Badges { known, emotions }
    }

    /// `{{ value | badge(kind) }}`, for `kind` one of `severity`, `status`, `quadrant`,
    /// `rating` (`<span class="badge severity-high">High</span>`), `level`
    /// (`<span class="level level-high">High</span>`), `kpi_status` (with a symbol, so
    /// the status reads without colour) and `emotion` (the score and its words). The
    /// words are the entry `badge.<kind>.<value>` (`emotion.*` for emotions).
    pub fn badge(&self, locale: &Locale, value: Value, kind: &str) -> Result<Value, Error> {
        if kind == "emotion" {
            let made = match value.as_i64() {
                Some(score @ -2..=2) => self.emotions.get((score + 2) as usize),
                Some(_) => None,
                None => self.emotions.last(),
            };
            let html = made.cloned().unwrap_or_else(|| emotion(locale, &value));
            return Ok(Value::from_safe_string(html));
        }
        let Some(k) = KEYWORDS.iter().position(|(name, _)| *name == kind) else {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "badge(\"{kind}\"): expected severity, status, quadrant, rating, level, \
                     kpi_status or emotion"
                ),
            ));
        };
        let made = value
            .as_str()
            .and_then(|keyword| KEYWORDS[k].1.iter().position(|w| *w == keyword))
            .map(|i| self.known[k][i].clone());
        Ok(Value::from_safe_string(
            made.unwrap_or_else(|| html(locale, &value, kind)),
        ))
    }
}

/// The badge of `value`, a keyword of `kind` other than an emotion.
fn html(locale: &Locale, value: &Value, kind: &str) -> String {
    match kind {
        "level" => labelled(locale, "level", kind, value),
        "kpi_status" => kpi_status(locale, value),
        _ => labelled(locale, "badge", kind, value),
    }
}

/// The words of `keyword`: its entry `badge.<kind>.<keyword>`, else the keyword itself in
/// words (a value the tables do not know, from a theme of one's own).
fn keyword_words(locale: &Locale, kind: &str, keyword: &str) -> String {
    let key = format!("badge.{kind}.{keyword}");
    if locale.has(&key) {
        locale.text(&key, None, &[])
    } else {
        super::filters::words(Value::from(keyword))
    }
}

/// `<span class="{class} {kind}-{value}">{Value in words}</span>`.
fn labelled(locale: &Locale, class: &str, kind: &str, value: &Value) -> String {
    let keyword = value.to_string();
    format!(
        "<span class=\"{class} {kind}-{}\">{}</span>",
        escape(&keyword),
        escape(&keyword_words(locale, kind, &keyword))
    )
}

fn kpi_status(locale: &Locale, value: &Value) -> String {
    let keyword = value.to_string();
    let (symbol, known) = match keyword.as_str() {
        "on-track" => ("✓", "on-track"),
        "at-risk" => ("!", "at-risk"),
        _ => ("✗", "off-track"),
    };
    format!(
        "<span class=\"badge kpi-{}\">{symbol} {}</span>",
        escape(&keyword),
        escape(&keyword_words(locale, "kpi_status", known))
    )
}

/// An emotion from −2 to +2: its class, the signed score (hidden from screen readers,
/// which read the words) and its words.
fn emotion(locale: &Locale, value: &Value) -> String {
    let Some(score) = value.as_i64() else {
        return format!(
            "<span class=\"emotion emotion-none\">{}</span>",
            escape(&locale.text(super::filters::emotion_key(None), None, &[]))
        );
    };
    format!(
        "<span class=\"emotion emotion-{}\"><span aria-hidden=\"true\">{}</span> {}</span>",
        score + 2,
        locale.signed(Some(score as f64), ""),
        escape(&locale.text(super::filters::emotion_key(Some(score)), None, &[]))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(language: &str, value: Value, kind: &str) -> String {
        let locale = Locale::builtin(language).unwrap();
        let badges = Badges::new(&locale);
        badges.badge(&locale, value, kind).unwrap().to_string()
    }

    #[test]
    fn keywords_become_labelled_spans() {
        assert_eq!(
            html("en", Value::from("high"), "severity"),
            "<span class=\"badge severity-high\">High</span>"
        );
        assert_eq!(
            html("en", Value::from("in-progress"), "status"),
            "<span class=\"badge status-in-progress\">In progress</span>"
        );
        assert_eq!(
            html("en", Value::from("low"), "level"),
            "<span class=\"level level-low\">Low</span>"
        );
        assert_eq!(
            html("en", Value::from("at-risk"), "kpi_status"),
            "<span class=\"badge kpi-at-risk\">! At risk</span>"
        );
        assert_eq!(
            html("en", Value::from("<b>"), "rating"),
            "<span class=\"badge rating-&lt;b&gt;\">&lt;b&gt;</span>"
        );
    }

    #[test]
    fn the_words_are_the_languages() {
        assert_eq!(
            html("ru", Value::from("quick-win"), "quadrant"),
            "<span class=\"badge quadrant-quick-win\">Быстрая победа</span>"
        );
        assert_eq!(
            html("lv", Value::from("off-track"), "kpi_status"),
            format!(
                "<span class=\"badge kpi-off-track\">✗ {}</span>",
                Locale::builtin("lv")
                    .unwrap()
                    .text("badge.kpi_status.off-track", None, &[])
            )
        );
        assert_eq!(
            html("ru", Value::from(-1), "emotion"),
            "<span class=\"emotion emotion-1\"><span aria-hidden=\"true\">\u{2212}1</span> негативно</span>"
        );
    }

    #[test]
    fn emotions_show_score_and_words() {
        assert_eq!(
            html("en", Value::from(1), "emotion"),
            "<span class=\"emotion emotion-3\"><span aria-hidden=\"true\">+1</span> positive</span>"
        );
        assert_eq!(
            html("en", Value::from(-2), "emotion"),
            "<span class=\"emotion emotion-0\"><span aria-hidden=\"true\">\u{2212}2</span> very negative</span>"
        );
        assert_eq!(
            html("en", Value::from(()), "emotion"),
            "<span class=\"emotion emotion-none\">not recorded</span>"
        );
        assert_eq!(
            html("en", Value::UNDEFINED, "emotion"),
            "<span class=\"emotion emotion-none\">not recorded</span>"
        );
    }

    #[test]
    fn an_unknown_kind_is_an_error() {
        let locale = Locale::builtin("en").unwrap();
        let badges = Badges::new(&locale);
        assert!(badges
            .badge(&locale, Value::from("high"), "colour")
            .is_err());
        // A keyword the tables lack is shown in words.
        assert_eq!(
            badges
                .badge(&locale, Value::from("on-hold"), "status")
                .unwrap()
                .to_string(),
            "<span class=\"badge status-on-hold\">On hold</span>"
        );
    }
}
