//! What templates write words and numbers with, all in the site's language: the `t`
//! function (a table entry, its placeholders filled) and the filters `num`, `pct`,
//! `signed`, `period`, `date`, `badge` and `emotion_word`.

use super::i18n::{Locale, MISSING};
use crate::model::Date;
use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Environment, Error, HtmlEscape};
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

/// Adds the language's function and filters to `env`; every render thread shares them.
pub fn register(env: &mut Environment<'static>, locale: &Arc<Locale>) {
    let l = locale.clone();
    // Most calls name a key and nothing else: their markup is made once, here.
    let plain: HashMap<Box<str>, Value> = (locale.keys())
        .map(|key| {
            let mut out = String::new();
            locale.write_html(&mut out, key, None, &[]);
            (key.into(), Value::from_safe_string(out))
        })
        .collect();
    env.add_function("t", move |key: &str, kwargs: Kwargs| match plain.get(key) {
        Some(markup) if kwargs.args().next().is_none() => Ok(markup.clone()),
        _ => t(&l, key, &kwargs),
    });
    let l = locale.clone();
    env.add_filter("num", move |value: Option<f64>, unit: Option<Value>| {
        l.num(value, &unit_name(unit))
    });
    let l = locale.clone();
    env.add_filter("pct", move |value: Option<f64>| l.pct(value));
    let l = locale.clone();
    env.add_filter("signed", move |value: Option<f64>, unit: Option<Value>| {
        l.signed(value, &unit_name(unit))
    });
    let l = locale.clone();
    env.add_filter("period", move |value: Value| period(&l, &value));
    let l = locale.clone();
    env.add_filter("date", move |value: Value, style: Option<&str>| {
        date(&l, &value, style)
    });
    let l = locale.clone();
    env.add_filter("emotion_word", move |value: Option<f64>| {
        emotion_word(&l, value)
    });
    let l = locale.clone();
    let badges = super::badges::Badges::new(locale);
    env.add_filter("badge", move |value: Value, kind: &str| {
        badges.badge(&l, value, kind)
    });
    env.add_filter("words", words);
}

/// `t(key, count=…, **values)`: the entry `key` in the plural form of `count`, each
/// `{name}` filled from `values`. Text is escaped, as are values but those that are markup
/// already (`t(…)` of another entry, a macro's output); numbers are written in the
/// language's digits.
fn t(locale: &Locale, key: &str, kwargs: &Kwargs) -> Result<Value, Error> {
    let count = match kwargs.peek::<Option<Value>>("count")? {
        Some(v) if v.kind() == ValueKind::Number => f64::try_from(v).ok(),
        _ => None,
    };
    let mut values: Vec<(&str, String)> = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.peek(name)?;
        if name == "count" && value.kind() == ValueKind::Number {
            continue;
        }
        values.push((name, html(locale, &value)));
    }
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut out = String::new();
    locale.write_html(&mut out, key, count, &values);
    Ok(Value::from_safe_string(out))
}

/// A value of `t` as markup: markup as it is, a number in the language's digits, nothing
/// as "–", text escaped as templates escape it.
fn html(locale: &Locale, value: &Value) -> String {
    match value.kind() {
        _ if value.is_safe() => value.as_str().unwrap_or_default().to_string(),
        ValueKind::Number => match i64::try_from(value.clone()) {
            Ok(n) if value.is_integer() => {
                let mut out = String::new();
                locale.numbers().push_integer(&mut out, n);
                out
            }
            _ => locale.decimal(f64::try_from(value.clone()).unwrap_or(f64::NAN), 2),
        },
        ValueKind::None | ValueKind::Undefined => MISSING.to_string(),
        _ => {
            let mut out = String::new();
            let text = value.to_string();
            let _ = write!(out, "{}", HtmlEscape(&text));
            out
        }
    }
}

/// The unit of `num` and `signed`: a `site.yaml` unit keyword, or nothing.
fn unit_name(unit: Option<Value>) -> String {
    unit.map(|u| u.to_string()).unwrap_or_default()
}

/// A reporting period as the language writes it: `2026-Q3` → "3-й кв. 2026 г.". Anything
/// that is not a period stays as it is.
fn period(locale: &Locale, value: &Value) -> String {
    let text = value.to_string();
    match crate::metrics::parse_period(&text) {
        Ok(period) => locale.period(period),
        Err(_) => text,
    }
}

/// A date (`2026-05-10`) in figures, or with `"long"` written out with its month's name.
/// Anything that is not a date stays as it is; nothing is "–".
fn date(locale: &Locale, value: &Value, style: Option<&str>) -> String {
    if value.is_none() || value.is_undefined() {
        return MISSING.to_string();
    }
    let text = value.to_string();
    match text.parse::<Date>() {
        Ok(date) if style == Some("long") => locale.date_long(date),
        Ok(date) => locale.date_short(date),
        Err(_) => text,
    }
}

/// The key of an emotion score's words: `emotion.negative`.
pub(super) fn emotion_key(score: Option<i64>) -> &'static str {
    match score {
        Some(2) => "emotion.very-positive",
        Some(1) => "emotion.positive",
        Some(0) => "emotion.neutral",
        Some(-1) => "emotion.negative",
        Some(-2) => "emotion.very-negative",
        _ => "emotion.not-recorded",
    }
}

/// An emotion score in words, so the grid never relies on colour or a number alone.
fn emotion_word(locale: &Locale, value: Option<f64>) -> String {
    let score = value.filter(|v| v.is_finite()).map(|v| v.round() as i64);
    locale.text(emotion_key(score), None, &[])
}

/// A keyword as words: `current-state` → `Current state`. For themes that show a keyword
/// the tables do not have; the built-in theme takes every word from the tables.
pub(super) fn words(value: Value) -> String {
    let text = value.to_string().replace(['-', '_'], " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    fn env(language: &str) -> Environment<'static> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        register(&mut env, &Arc::new(Locale::builtin(language).unwrap()));
        env
    }

    fn render(env: &Environment, template: &str) -> String {
        env.render_str(
            template,
            context! { name => "<Anna & 'Ben'>", n => 12000, x => 2.345 },
        )
        .unwrap()
    }

    #[test]
    fn t_escapes_values_but_not_markup_and_writes_numbers_in_the_language() {
        let en = env("en");
        assert_eq!(
            render(&en, "{{ t('persona.about', name=name) }}"),
            "About &lt;Anna &amp; &#x27;Ben&#x27;&gt;"
        );
        assert_eq!(
            render(&en, "{{ t('index.of_total', count=n, total=x) }}"),
            "12,000 of 2.35"
        );
        assert_eq!(
            render(
                &en,
                "{{ t('pain_points.lead', count=2, across=t('pain_points.across', count=1)) }}"
            ),
            "2 pain points across 1 journey, most severe first."
        );
        let ru = env("ru");
        assert_eq!(
            render(&ru, "{{ t('index.persona_journeys', count=n) }}"),
            "12\u{a0}000 путей"
        );
        // A key no table has shows as itself, escaped.
        assert_eq!(render(&ru, "{{ t('no.<such>') }}"), "no.&lt;such&gt;");
    }

    #[test]
    fn filters_write_in_the_language() {
        let lv = env("lv");
        assert_eq!(
            render(
                &lv,
                "{{ n | num('count') }} {{ 0.062 | pct }} {{ -1.5 | signed }}"
            ),
            "12\u{a0}000 6,2\u{a0}% \u{2212}1,5"
        );
        assert_eq!(
            render(&lv, "{{ '2026-Q3' | period }} {{ 'x' | period }}"),
            "2026. g. 3. ceturksnis x"
        );
        assert_eq!(
            render(
                &lv,
                "{{ '2026-05-10' | date }} {{ '2026-05-10' | date('long') }}"
            ),
            "10.05.2026. 2026. gada 10. maijs"
        );
        assert_eq!(
            render(&lv, "{{ -1 | emotion_word }} {{ none | emotion_word }}"),
            "negatīvi nav norādīts"
        );
        assert_eq!(
            render(&env("en"), "{{ 'day-in-the-life' | words }}"),
            "Day in the life"
        );
    }
}
