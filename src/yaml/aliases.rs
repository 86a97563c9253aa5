//! The guard against alias bombs: counting the values a document expands to before
//! deserializing it.

use super::YamlError;
use serde::de::{self, DeserializeSeed, Visitor};
use std::cell::Cell;
use std::fmt;

/// How many values aliases may add to a document beyond what its text holds. Aliases
/// (`*name`) repeat a value without repeating its text, so a small file can stand for
/// billions of values ("billion laughs"); counting them first keeps memory bounded.
const ALIAS_SLACK: usize = 100_000;

/// Refuses a document whose aliases expand it past its own size plus [`ALIAS_SLACK`]
/// values. Other problems are left to the typed parse, which reports them better.
pub(super) fn check_alias_expansion(text: &str) -> Result<(), YamlError> {
    if !text.contains('*') {
        return Ok(());
    }
    let budget = Cell::new(text.len() + ALIAS_SLACK);
    let counted = Counter(&budget).deserialize(serde_yaml::Deserializer::from_str(text));
    let exhausted = match counted {
        Ok(()) => false,
        // serde_yaml stops alias chains itself ("repetition limit exceeded").
        Err(err) => budget.get() == 0 || err.to_string().contains("repetition limit"),
    };
    if !exhausted {
        return Ok(());
    }
    let (line, column) = first_alias(text).unwrap_or((1, 1));
    Err(YamlError {
        line,
        column,
        message: format!(
            "YAML aliases expand this document to more than {} values",
            text.len() + ALIAS_SLACK
        ),
        hint: None,
    })
}

/// Counts the values of a document as the deserializer replays them, aliases included,
/// and fails once the budget is spent. Allocates nothing.
#[derive(Clone, Copy)]
struct Counter<'b>(&'b Cell<usize>);

impl Counter<'_> {
    fn tick<E: de::Error>(self) -> Result<(), E> {
        match self.0.get() {
            0 => Err(E::custom("too many values")),
            n => {
                self.0.set(n - 1);
                Ok(())
            }
        }
    }
}

impl<'de> DeserializeSeed<'de> for Counter<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Counter<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.tick()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.tick()
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        self.tick()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.tick()
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        self.tick()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.tick()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.tick()
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<(), E> {
        self.tick()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.tick()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.tick()
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.tick()?;
        self.deserialize(d)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.tick()?;
        self.deserialize(d)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.tick()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.tick()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!tag value`): the tag is the variant, the value its content.
        use de::VariantAccess;
        self.tick()?;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

/// The 1-based (line, column) of the first alias (`*name`) outside quotes and comments.
fn first_alias(text: &str) -> Option<(usize, usize)> {
    for (number, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut quote: Option<char> = None;
        for (column, &c) in chars.iter().enumerate() {
            let previous = column.checked_sub(1).map_or(' ', |i| chars[i]);
            let next = chars.get(column + 1).copied().unwrap_or(' ');
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if " \t[{,:".contains(previous) => quote = Some(c),
                (None, '#') if previous == ' ' || column == 0 => break,
                (None, '*')
                    if " \t[{,:-".contains(previous)
                        && !next.is_whitespace()
                        && !",[]{}".contains(next) =>
                {
                    return Some((number + 1, column + 1));
                }
                _ => {}
            }
        }
    }
    None
}
