//! Reading a translation table: YAML groups of entries, flattened to dotted keys
//! (`nav: { portfolio: … }` and `nav.portfolio: …` are the same key), each remembering the
//! YAML path that locates it for diagnostics.
//!
//! An entry is a text, or a mapping of plural forms (`one:`, `few:`, `other:` …) when every
//! key of the mapping names a plural category and every value is a text.

use super::plural;
use super::template::Template;
use crate::diagnostics::Diagnostic;
use crate::yaml::{self, Seg};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::path::Path;

/// A table's text and where it came from.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Source<'_> {
    /// The 1-based (line, column) of the value at `path` (YAML keys), or of its nearest
    /// ancestor in the file.
    pub fn locate(&self, path: &[String], form: Option<&str>) -> (usize, usize) {
        let segs: Vec<Seg> = path
            .iter()
            .map(|k| Seg::Key(k))
            .chain(form.map(Seg::Key))
            .collect();
        yaml::locate(self.text, &segs)
    }

    pub fn warning(&self, at: (usize, usize), message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.path, at.0, at.1, message)
    }

    pub fn error(&self, at: (usize, usize), message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, at.0, at.1, message)
    }
}

/// One entry's text: one for every count, or a form per plural category.
#[derive(Clone, Debug)]
pub enum Entry {
    Text(Template),
    /// Indexed by [`plural::index`].
    Plural(Box<[Option<Template>; 6]>),
}

impl Entry {
    /// The text for `category`: its own form, else `other`, else any form there is.
    pub fn select(&self, category: icu_plurals::PluralCategory) -> Option<&Template> {
        match self {
            Entry::Text(t) => Some(t),
            Entry::Plural(forms) => forms[plural::index(category)]
                .as_ref()
                .or(forms[plural::index(icu_plurals::PluralCategory::Other)].as_ref())
                .or_else(|| forms.iter().flatten().next()),
        }
    }

    /// Every text of the entry with its plural category's name (`None` for a plain text).
    pub fn forms(&self) -> Vec<(Option<&'static str>, &Template)> {
        match self {
            Entry::Text(t) => vec![(None, t)],
            Entry::Plural(forms) => plural::CATEGORIES
                .iter()
                .zip(forms.iter())
                .filter_map(|(&c, t)| Some((Some(plural::name(c)), t.as_ref()?)))
                .collect(),
        }
    }
}

/// An entry read from a table, with its place in the file.
#[derive(Clone, Debug)]
pub struct Located {
    /// The dotted key: `chart.funnel.title`.
    pub key: String,
    /// The YAML keys that lead to it: `["chart", "funnel.title"]`.
    pub path: Vec<String>,
    pub entry: Entry,
}

/// Reads a table: every entry, in file order; every problem as an error.
pub fn read(source: Source) -> Result<Vec<Located>, Vec<Diagnostic>> {
    let root: Node = yaml::from_str(source.text)
        .map_err(|e| vec![source.error((e.line, e.column), e.message)])?;
    let Node::Map(root) = root else {
        return Err(vec![source.error(
            (1, 1),
            "a translation table is a mapping of keys to texts",
        )]);
    };
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut reader = Reader {
        source,
        entries: &mut entries,
        errors: &mut errors,
        seen: &mut seen,
    };
    reader.group(&mut Vec::new(), &root);
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

struct Reader<'a, 's> {
    source: Source<'s>,
    entries: &'a mut Vec<Located>,
    errors: &'a mut Vec<Diagnostic>,
    seen: &'a mut std::collections::HashSet<String>,
}

impl Reader<'_, '_> {
    fn group(&mut self, path: &mut Vec<String>, items: &[(String, Node)]) {
        for (name, node) in items {
            path.push(name.clone());
            if let Some(bad) = name.split('.').find(|part| !is_key_part(part)) {
                let at = self.source.locate(path, None);
                self.errors.push(
                    self.source
                        .error(at, format!("`{name}` is not a key: `{bad}` is not a name"))
                        .with_hint("keys are ASCII letters, digits, `-` and `_`, joined by `.`"),
                );
            } else {
                match node {
                    Node::Map(forms) if is_plural(forms) => self.plural(path, forms),
                    Node::Map(items) => self.group(path, items),
                    Node::Text(text) => match Template::parse(text) {
                        Ok(t) => self.add(path, Entry::Text(t)),
                        Err(why) => {
                            let at = self.source.locate(path, None);
                            self.errors.push(self.source.error(at, why));
                        }
                    },
                }
            }
            path.pop();
        }
    }

    fn plural(&mut self, path: &[String], forms: &[(String, Node)]) {
        let mut slots: [Option<Template>; 6] = Default::default();
        for (name, node) in forms {
            let (Some(category), Node::Text(text)) = (plural::category(name), node) else {
                continue;
            };
            match Template::parse(text) {
                Ok(t) => slots[plural::index(category)] = Some(t),
                Err(why) => {
                    let at = self.source.locate(path, Some(name));
                    self.errors.push(self.source.error(at, why));
                }
            }
        }
        self.add(path, Entry::Plural(Box::new(slots)));
    }

    fn add(&mut self, path: &[String], entry: Entry) {
        let key = path.join(".");
        if !self.seen.insert(key.clone()) {
            let at = self.source.locate(path, None);
            self.errors.push(self.source.error(
                at,
                format!("`{key}` is given twice (once as a group, once with dots, or twice)"),
            ));
            return;
        }
        self.entries.push(Located {
            key,
            path: path.to_vec(),
            entry,
        });
    }
}

fn is_key_part(part: &str) -> bool {
    !part.is_empty()
        && part
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn is_plural(items: &[(String, Node)]) -> bool {
    !items.is_empty()
        && items
            .iter()
            .all(|(k, v)| plural::category(k).is_some() && matches!(v, Node::Text(_)))
}

/// A YAML value of a table: a text (numbers are taken as their text) or a mapping, in file
/// order.
enum Node {
    Text(String),
    Map(Vec<(String, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text, a mapping of plural forms, or a group of entries")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Text(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut items: Vec<(String, Node)> = Vec::new();
        while let Some(key) = map.next_key::<KeyText>()? {
            if items.iter().any(|(k, _)| *k == key.0) {
                return Err(de::Error::custom(format_args!(
                    "duplicate field `{}`",
                    key.0
                )));
            }
            let value = map.next_value::<Node>()?;
            items.push((key.0, value));
        }
        Ok(Node::Map(items))
    }
}

/// A mapping key: a text, or a number written as one (`1: …` is the key "1").
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<KeyText, D::Error> {
        match Node::deserialize(deserializer)? {
            Node::Text(text) => Ok(KeyText(text)),
            Node::Map(_) => Err(de::Error::custom("a key must be a text, not a mapping")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<Vec<Located>, Vec<Diagnostic>> {
        read(Source {
            path: Path::new("i18n/xx.yaml"),
            text,
        })
    }

    fn keys(text: &str) -> Vec<String> {
        read_text(text)
            .unwrap()
            .into_iter()
            .map(|e| e.key)
            .collect()
    }

    #[test]
    fn groups_and_dotted_keys_flatten_alike() {
        let text = "nav:\n  portfolio: Portfolio\n  sub.deep: Deep\nchart.funnel:\n  title: T\n";
        assert_eq!(
            keys(text),
            ["nav.portfolio", "nav.sub.deep", "chart.funnel.title"]
        );
        let entries = read_text(text).unwrap();
        assert_eq!(entries[1].path, ["nav", "sub.deep"]);
    }

    #[test]
    fn a_mapping_of_plural_categories_is_one_entry() {
        let entries =
            read_text("count:\n  one: \"{count} path\"\n  other: \"{count} paths\"\nnum: 2\n")
                .unwrap();
        assert_eq!(entries.len(), 2);
        let Entry::Plural(forms) = &entries[0].entry else {
            panic!("not plural")
        };
        assert!(forms[plural::index(icu_plurals::PluralCategory::One)].is_some());
        // A number is taken as its text.
        assert_eq!(entries[1].entry.forms()[0].1.literal(), Some("2"));
        // A mapping with other keys is a group.
        assert_eq!(keys("a:\n  one: x\n  title: y\n"), ["a.one", "a.title"]);
    }

    #[test]
    fn problems_are_located_errors() {
        let at = |text: &str| {
            let errs = read_text(text).unwrap_err();
            (errs[0].line, errs[0].column, errs[0].message.clone())
        };
        let (line, col, msg) = at("nav:\n  ok: fine\n  bad: \"{count\"\n");
        assert_eq!((line, col), (3, 8), "{msg}");
        assert!(msg.contains("without its `}`"));
        let (line, _, msg) = at("nav:\n  list: [a, b]\n");
        assert_eq!(line, 2, "{msg}");
        assert!(msg.contains("expected a text"), "{msg}");
        let (line, col, msg) = at("a:\n  b: x\na.b: y\n");
        assert_eq!((line, col), (3, 6), "{msg}");
        assert!(msg.contains("given twice"));
        let (line, col, msg) = at("a:\n  b: x\n  b: y\n");
        assert_eq!((line, col), (3, 3), "{msg}");
        assert!(msg.contains("duplicate"), "{msg}");
        let (line, _, msg) = at("a:\n  \"b c\": x\n");
        assert_eq!(line, 2, "{msg}");
        assert!(msg.contains("not a key"));
        let (line, _, msg) = at("just text\n");
        assert_eq!(line, 1, "{msg}");
        let (_, _, msg) = at("a: ~\n");
        assert!(msg.contains("expected a text"), "{msg}");
    }
}
