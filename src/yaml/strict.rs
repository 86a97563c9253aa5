//! The layer between the YAML parser and the model's `Deserialize` impls that every typed
//! parse goes through. It refuses what serde_yaml lets through: a key given twice in one
//! mapping (serde_yaml keeps the last of a map's, and only structs notice), a merge key
//! `<<` (taken for an ordinary key), and a number that is not finite (`.nan` and `.inf`
//! read as floats; `1e309` overflows and reads as text).
//!
//! Each refusal is raised while the parser reads the offending scalar, so the parser
//! places it at that scalar: the second key, the `.nan`.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess};
use serde::de::{VariantAccess, Visitor};
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
    Strict {
        inner,
        ctx: Ctx {
            refusals,
            role: Role::Value,
        },
    }
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

/// A deserializer that hands out only wrapped visitors, so every value below it is
/// checked.
pub(super) struct Strict<'a, D> {
    inner: D,
    ctx: Ctx<'a>,
}

/// A visitor that checks what it is given, then passes it on.
struct Checked<'a, V> {
    inner: V,
    ctx: Ctx<'a>,
}

struct Seeded<'a, S> {
    seed: S,
    ctx: Ctx<'a>,
}

struct StrictSeq<'a, A> {
    inner: A,
    ctx: Ctx<'a>,
}

struct StrictMap<'a, A> {
    inner: A,
    ctx: Ctx<'a>,
    keys: RefCell<Keys>,
}

struct StrictEnum<'a, A> {
    inner: A,
    ctx: Ctx<'a>,
}

macro_rules! forward_deserialize {
    ($($method:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            let ctx = self.ctx;
            self.inner.$method(Checked { inner: visitor, ctx })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<'_, D> {
    type Error = D::Error;

    forward_deserialize!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        // Read as any scalar, so that text which overflows is seen and named.
        let ctx = self.ctx.with(Role::Number);
        self.inner.deserialize_any(Checked {
            inner: visitor,
            ctx,
        })
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let ctx = self.ctx;
        self.inner.deserialize_unit_struct(
            name,
            Checked {
                inner: visitor,
                ctx,
            },
        )
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let ctx = self.ctx;
        self.inner.deserialize_newtype_struct(
            name,
            Checked {
                inner: visitor,
                ctx,
            },
        )
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let ctx = self.ctx;
        self.inner.deserialize_tuple(
            len,
            Checked {
                inner: visitor,
                ctx,
            },
        )
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let ctx = self.ctx;
        self.inner.deserialize_tuple_struct(
            name,
            len,
            Checked {
                inner: visitor,
                ctx,
            },
        )
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let ctx = self.ctx;
        self.inner.deserialize_struct(
            name,
            fields,
            Checked {
                inner: visitor,
                ctx,
            },
        )
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let ctx = self.ctx;
        self.inner.deserialize_enum(
            name,
            variants,
            Checked {
                inner: visitor,
                ctx,
            },
        )
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

macro_rules! forward_scalar {
    ($($method:ident: $ty:ty),* $(,)?) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.ctx.scalar(&v)?;
            self.inner.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Checked<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_scalar!(
        visit_bool: bool,
        visit_i8: i8,
        visit_i16: i16,
        visit_i32: i32,
        visit_i64: i64,
        visit_i128: i128,
        visit_u8: u8,
        visit_u16: u16,
        visit_u32: u32,
        visit_u64: u64,
        visit_u128: u128,
        visit_char: char,
    );

    fn visit_f32<E: de::Error>(self, v: f32) -> Result<V::Value, E> {
        self.ctx.float(f64::from(v))?;
        self.inner.visit_f32(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.ctx.float(v)?;
        self.inner.visit_f64(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.ctx.text(v)?;
        self.inner.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.ctx.text(v)?;
        self.inner.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.ctx.text(&v)?;
        self.inner.visit_string(v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        self.inner.visit_bytes(v)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
        self.inner.visit_borrowed_bytes(v)
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
        self.inner.visit_byte_buf(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        let ctx = self.ctx.with(Role::Value);
        self.inner.visit_some(Strict { inner: d, ctx })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        let ctx = self.ctx.with(Role::Value);
        self.inner.visit_newtype_struct(Strict { inner: d, ctx })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let ctx = self.ctx.with(Role::Value);
        self.inner.visit_seq(StrictSeq { inner: seq, ctx })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let ctx = self.ctx.with(Role::Value);
        self.inner.visit_map(StrictMap {
            inner: map,
            ctx,
            keys: RefCell::default(),
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        let ctx = self.ctx.with(Role::Value);
        self.inner.visit_enum(StrictEnum { inner: data, ctx })
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seeded<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Strict {
            inner: d,
            ctx: self.ctx,
        })
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for StrictSeq<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let ctx = self.ctx;
        self.inner.next_element_seed(Seeded { seed, ctx })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for StrictMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let ctx = self.ctx.with(Role::Key(&self.keys));
        self.inner.next_key_seed(Seeded { seed, ctx })
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        let ctx = self.ctx;
        self.inner.next_value_seed(Seeded { seed, ctx })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'a, 'de, A: EnumAccess<'de>> EnumAccess<'de> for StrictEnum<'a, A> {
    type Error = A::Error;
    type Variant = StrictEnum<'a, A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let ctx = self.ctx;
        let (value, variant) = self.inner.variant_seed(Seeded { seed, ctx })?;
        Ok((
            value,
            StrictEnum {
                inner: variant,
                ctx,
            },
        ))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for StrictEnum<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        let ctx = self.ctx;
        self.inner.newtype_variant_seed(Seeded { seed, ctx })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        let ctx = self.ctx;
        self.inner.tuple_variant(
            len,
            Checked {
                inner: visitor,
                ctx,
            },
        )
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let ctx = self.ctx;
        self.inner.struct_variant(
            fields,
            Checked {
                inner: visitor,
                ctx,
            },
        )
    }
}
