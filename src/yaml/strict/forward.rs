//! The plumbing of the strict layer: a deserializer, visitor and accessors that wrap
//! serde_yaml's, pass everything through, and hand each scalar to [`Ctx`] on the way. Every
//! value below the document goes through them, however deep, so no type can read a
//! value unchecked.

use super::{Ctx, Keys, Role};
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess};
use serde::de::{VariantAccess, Visitor};
use std::cell::RefCell;
use std::fmt;

/// A deserializer that hands out only wrapped visitors, so every value below it is
/// checked.
pub(in crate::yaml) struct Strict<'a, D> {
    inner: D,
    ctx: Ctx<'a>,
}

impl<'a, D> Strict<'a, D> {
    pub(super) fn new(inner: D, ctx: Ctx<'a>) -> Self {
        Strict { inner, ctx }
    }
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
