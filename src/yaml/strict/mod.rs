//! The layer between the YAML parser and the model's `Deserialize` impls that every typed
//! parse goes through. It refuses what serde_yaml lets through: a key given twice in one
//! mapping (serde_yaml keeps the last of a map's, and only structs notice), a merge key
//! `<<` (taken for an ordinary key), and a number that is not finite (`.nan` and `.inf`
//! read as floats; `1e309` overflows and reads as text).
//!
//! Each refusal is raised while the parser reads the offending scalar, so the parser
//! places it at that scalar: the second key, the `.nan`.

mod forward;

pub(super) use forward::Strict;

use serde::de::{self, Deserializer};
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

/// What the strict layer refused, in words for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Refusal {
    pub message: String,
    pub hint: &'static str,
}

/// Where the refusal is kept for the caller: the parser's error carries its position, this
/// its message and hint.
pub(super) type Refusals = RefCell<Option<Refusal>>;

/// Wraps `inner`, the deserializer of a whole document.
pub(super) fn strict<'a, 'de, D: Deserializer<'de>>(
    inner: D,
    refusals: &'a Refusals,
) -> Strict<'a, D> {
    Strict::new(
        inner,
        Ctx {
            refusals,
            role: Role::Value,
        },
    )
}

#[derive(Clone, Copy)]
struct Ctx<'a> {
    refusals: &'a Refusals,
    role: Role<'a>,
}

/// What the value being read is.
#[derive(Clone, Copy)]
enum Role<'a> {
    Value,
    /// A value the model reads as a float: text that reads as a number too large for one
    /// is named so, rather than as text where a number was expected.
    Number,
    /// A key of a mapping, checked against the keys before it.
    Key(&'a RefCell<Keys>),
}

impl<'a> Ctx<'a> {
    fn with(self, role: Role<'a>) -> Self {
        Ctx { role, ..self }
    }

    fn refuse<E: de::Error>(&self, message: String, hint: &'static str) -> E {
        let err = E::custom(&message);
        *self.refusals.borrow_mut() = Some(Refusal { message, hint });
        err
    }

    /// Checks a scalar as this role requires.
    fn scalar<E: de::Error>(&self, text: &dyn fmt::Display) -> Result<(), E> {
        match self.role {
            Role::Key(keys) => self.key(keys, &text.to_string()),
            _ => Ok(()),
        }
    }

    fn key<E: de::Error>(&self, keys: &RefCell<Keys>, key: &str) -> Result<(), E> {
        if key == "<<" {
            return Err(self.refuse(
                "merge keys (`<<: *name`) are not supported".into(),
                "write the fields out in full where they are needed",
            ));
        }
        if keys.borrow_mut().insert(key) {
            return Ok(());
        }
        Err(self.refuse(
            format!("duplicate key `{key}`: it is already given above"),
            "a key appears once in a mapping: remove one of the two, or rename it",
        ))
    }

    fn float<E: de::Error>(&self, v: f64) -> Result<(), E> {
        if v.is_finite() {
            return self.scalar(&v);
        }
        let shown = if v.is_nan() {
            ".nan"
        } else if v > 0.0 {
            ".inf"
        } else {
            "-.inf"
        };
        Err(self.refuse(
            format!("`{shown}` is not a usable number: expected a finite number"),
            "write a number such as 0 or 4.5, or leave the field out",
        ))
    }

    fn text<E: de::Error>(&self, v: &str) -> Result<(), E> {
        match self.role {
            Role::Key(keys) => self.key(keys, v),
            // Rust reads `inf` and `nan` too; YAML writes those `.inf` and `.nan`, which
            // arrive as floats.
            Role::Number
                if v.parse::<f64>().is_ok_and(f64::is_infinite)
                    && !v.contains(['i', 'I', 'n', 'N']) =>
            {
                Err(self.refuse(
                    format!("`{v}` is too large a number"),
                    "numbers go up to about 1.8e308",
                ))
            }
            _ => Ok(()),
        }
    }
}

/// The keys of one mapping so far. Most mappings have a few short keys: they are kept
/// end to end in one buffer and compared in turn, length first. A large mapping (a
/// hostile file may hold a million keys) moves to a hash set.
#[derive(Default)]
struct Keys {
    text: Vec<u8>,
    /// Where each key ends in `text`; it starts where the one before ends.
    ends: Vec<usize>,
    many: HashSet<Box<[u8]>>,
}

impl Keys {
    const FEW: usize = 16;

    /// Adds `key`; false if it was there already.
    fn insert(&mut self, key: &str) -> bool {
        let key = key.as_bytes();
        if !self.many.is_empty() {
            return self.many.insert(key.into());
        }
        let mut start = 0;
        for &end in &self.ends {
            if end - start == key.len() && &self.text[start..end] == key {
                return false;
            }
            start = end;
        }
        if self.ends.len() < Self::FEW {
            if self.ends.is_empty() {
                self.text.reserve(64);
                self.ends.reserve(8);
            }
            self.text.extend_from_slice(key);
            self.ends.push(self.text.len());
            return true;
        }
        let mut start = 0;
        for &end in &self.ends {
            self.many.insert(self.text[start..end].into());
            start = end;
        }
        self.many.insert(key.into())
    }
}
