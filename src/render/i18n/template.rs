//! The text of one table entry, split once into literal text and `{placeholder}` slots, so
//! that filling it in is a walk over its parts with no parsing per call.
//!
//! `{{` and `}}` stand for literal braces; a placeholder name is ASCII letters, digits and
//! `_`.

/// One piece of a [`Template`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Literal(Box<str>),
    Placeholder(Box<str>),
}

/// An entry's text, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    parts: Box<[Part]>,
    /// The length of the literal text and a guess for the values, to size the output in
    /// one allocation.
    reserve: usize,
}

impl Template {
    /// Parses `text`, or says in words what is wrong with its braces.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(at) = rest.find(['{', '}']) {
            literal.push_str(&rest[..at]);
            let brace = rest.as_bytes()[at];
            let after = &rest[at + 1..];
            if after.as_bytes().first() == Some(&brace) {
                literal.push(char::from(brace));
                rest = &after[1..];
                continue;
            }
            if brace == b'}' {
                return Err("a lone `}`: write `}}` for a brace".into());
            }
            let Some(end) = after.find('}') else {
                return Err("a `{` without its `}`: write `{{` for a brace".into());
            };
            let name = &after[..end];
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Err(format!(
                    "`{{{name}}}` is not a placeholder: names are ASCII letters, digits and `_`"
                ));
            }
            if !literal.is_empty() {
                parts.push(Part::Literal(std::mem::take(&mut literal).into()));
            }
            parts.push(Part::Placeholder(name.into()));
            rest = &after[end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Literal(literal.into()));
        }
        let reserve = parts
            .iter()
            .map(|p| match p {
                Part::Literal(text) => text.len(),
                Part::Placeholder(_) => 16,
            })
            .sum();
        Ok(Template {
            parts: parts.into(),
            reserve,
        })
    }

    /// The empty text.
    pub fn empty() -> Template {
        Template {
            parts: Box::new([]),
            reserve: 0,
        }
    }

    /// The pieces in order, for a caller that treats literal text and values differently
    /// (such as escaping one and not the other).
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The names of the placeholders, in order of appearance (repeats included).
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Placeholder(name) => Some(&**name),
            Part::Literal(_) => None,
        })
    }

    /// Appends the text to `out`, each placeholder written by `fill`; a placeholder that
    /// `fill` does not know (it returns false) is written as it stands, `{name}`, so the
    /// mistake shows on the page.
    pub fn write(&self, out: &mut String, mut fill: impl FnMut(&str, &mut String) -> bool) {
        out.reserve(self.reserve);
        for part in self.parts.iter() {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Placeholder(name) => {
                    if !fill(name, out) {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
            }
        }
    }

    /// The text with no placeholders filled in: the literal text of a template without
    /// any.
    pub fn literal(&self) -> Option<&str> {
        match &*self.parts {
            [] => Some(""),
            [Part::Literal(text)] => Some(text),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(template: &str, values: &[(&str, &str)]) -> String {
        let mut out = String::new();
        Template::parse(template)
            .unwrap()
            .write(&mut out, |name, out| {
                values
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| out.push_str(v))
                    .is_some()
            });
        out
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(
            fill(
                "{count} of {total} at {stage}",
                &[("stage", "Checkout"), ("count", "2"), ("total", "5")]
            ),
            "2 of 5 at Checkout"
        );
        assert_eq!(fill("{x}{x}", &[("x", "ab")]), "abab");
        assert_eq!(fill("", &[]), "");
    }

    #[test]
    fn doubled_braces_are_literal_and_unknown_names_stay_visible() {
        assert_eq!(fill("{{not}} {a}", &[("a", "1")]), "{not} 1");
        assert_eq!(fill("{missing} here", &[]), "{missing} here");
    }

    #[test]
    fn broken_braces_are_explained() {
        for (bad, says) in [
            ("open {count", "without its `}`"),
            ("close } here", "lone `}`"),
            ("{}", "is not a placeholder"),
            ("{two words}", "is not a placeholder"),
            ("{имя}", "is not a placeholder"),
        ] {
            let err = Template::parse(bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn literal_text_and_placeholder_names_are_exposed() {
        let t = Template::parse("From {from} to {to}").unwrap();
        assert_eq!(t.placeholders().collect::<Vec<_>>(), ["from", "to"]);
        assert_eq!(t.literal(), None);
        assert_eq!(
            Template::parse("Plain {{x}}").unwrap().literal(),
            Some("Plain {x}")
        );
        assert_eq!(
            t.parts(),
            [
                Part::Literal("From ".into()),
                Part::Placeholder("from".into()),
                Part::Literal(" to ".into()),
                Part::Placeholder("to".into()),
            ]
        );
    }
}
