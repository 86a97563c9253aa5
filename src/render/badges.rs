//! The `badge` filter: a keyword of the content (a severity, a status, an emotion …) as
//! the labelled `<span>` the theme styles. A filter rather than a template macro because
//! pages show hundreds of them, and a macro call costs many times a filter call.

use crate::escape::escape;
use minijinja::value::Value;
use minijinja::{Error, ErrorKind};

/// `{{ value | badge(kind) }}`, for `kind` one of `severity`, `status`, `quadrant`,
/// `rating` (`<span class="badge severity-high">High</span>`), `level`
/// (`<span class="level level-high">High</span>`), `kpi_status` (with a symbol, so the
/// status reads without colour) and `emotion` (the score and its words).
pub fn badge(value: Value, kind: &str) -> Result<Value, Error> {
    let html = match kind {
        "severity" | "status" | "quadrant" | "rating" => labelled("badge", kind, &value),
        "level" => labelled("level", kind, &value),
        "kpi_status" => kpi_status(&value),
        "emotion" => emotion(&value),
        _ => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "badge(\"{kind}\"): expected severity, status, quadrant, rating, level, \
                     kpi_status or emotion"
                ),
            ))
        }
    };
    Ok(Value::from_safe_string(html))
}

/// `<span class="{class} {kind}-{value}">{Value in words}</span>`.
fn labelled(class: &str, kind: &str, value: &Value) -> String {
    let keyword = escape(&value.to_string());
    format!(
        "<span class=\"{class} {kind}-{keyword}\">{}</span>",
        escape(&super::filters::words(value.clone()))
    )
}

fn kpi_status(value: &Value) -> String {
    let keyword = value.to_string();
    let text = match keyword.as_str() {
        "on-track" => "✓ On track",
        "at-risk" => "! At risk",
        _ => "✗ Off track",
    };
    format!(
        "<span class=\"badge kpi-{}\">{text}</span>",
        escape(&keyword)
    )
}

/// An emotion from −2 to +2: its class, the signed score (hidden from screen readers,
/// which read the words) and its words.
fn emotion(value: &Value) -> String {
    let Some(score) = value.as_i64() else {
        return "<span class=\"emotion emotion-none\">not recorded</span>".into();
    };
    let sign = if score > 0 { "+" } else { "" };
    format!(
        "<span class=\"emotion emotion-{}\"><span aria-hidden=\"true\">{sign}{score}</span> {}</span>",
        score + 2,
        super::filters::emotion_word(Some(score as f64))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(value: Value, kind: &str) -> String {
        badge(value, kind).unwrap().to_string()
    }

    #[test]
    fn keywords_become_labelled_spans() {
        assert_eq!(
            html(Value::from("high"), "severity"),
            "<span class=\"badge severity-high\">High</span>"
        );
        assert_eq!(
            html(Value::from("in-progress"), "status"),
            "<span class=\"badge status-in-progress\">In progress</span>"
        );
        assert_eq!(
            html(Value::from("low"), "level"),
            "<span class=\"level level-low\">Low</span>"
        );
        assert_eq!(
            html(Value::from("at-risk"), "kpi_status"),
            "<span class=\"badge kpi-at-risk\">! At risk</span>"
        );
        assert_eq!(
            html(Value::from("<b>"), "rating"),
            "<span class=\"badge rating-&lt;b&gt;\">&lt;b&gt;</span>"
        );
    }

    #[test]
    fn emotions_show_score_and_words() {
        assert_eq!(
            html(Value::from(1), "emotion"),
            "<span class=\"emotion emotion-3\"><span aria-hidden=\"true\">+1</span> positive</span>"
        );
        assert_eq!(
            html(Value::from(-2), "emotion"),
            "<span class=\"emotion emotion-0\"><span aria-hidden=\"true\">-2</span> very negative</span>"
        );
        assert_eq!(
            html(Value::from(()), "emotion"),
            "<span class=\"emotion emotion-none\">not recorded</span>"
        );
        assert_eq!(
            html(Value::UNDEFINED, "emotion"),
            "<span class=\"emotion emotion-none\">not recorded</span>"
        );
    }

    #[test]
    fn an_unknown_kind_is_an_error() {
        assert!(badge(Value::from("high"), "colour").is_err());
    }
}
