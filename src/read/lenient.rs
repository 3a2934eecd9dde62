//! Lenient leaves for attribute values. Attribute objects of every resource type pass through
//! the same typed structures, and a field EC2.8 reads may have another shape in some other
//! resource type; such a value reads as `Other` instead of failing the whole document.
//! Everything not named in a struct is skipped without being built.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A JSON leaf, or `Other` for an object or array where a leaf was expected.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Scalar {
    /// The key was not there.
    #[default]
    Missing,
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Other,
}

impl Scalar {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Scalar::Int(i) => Some(*i),
            Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
            Scalar::Str(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// `true` marks an unknown leaf in `after_unknown`.
    pub fn is_true(&self) -> bool {
        matches!(self, Scalar::Bool(true))
    }

    /// Present and not null.
    pub fn is_value(&self) -> bool {
        !matches!(self, Scalar::Missing | Scalar::Null)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(i64::try_from(v).map_or(Scalar::Float(v as f64), Scalar::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Str(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Str(v))
            }
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
                Scalar::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// A nested block as Terraform's JSON writes it: an array of objects (list or set nesting);
/// `Mark` holds a leaf found instead, such as the `true` of `after_unknown` when the whole
/// block is unknown. An object in its place is an error.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Blocks<T> {
    #[default]
    Missing,
    Items(Vec<T>),
    Mark(Scalar),
}

impl<T> Blocks<T> {
    pub fn first(&self) -> Option<&T> {
        match self {
            Blocks::Items(v) => v.first(),
            _ => None,
        }
    }

    pub fn items(&self) -> &[T] {
        match self {
            Blocks::Items(v) => v,
            _ => &[],
        }
    }

    /// `after_unknown` says the whole block is unknown.
    pub fn is_marked_unknown(&self) -> bool {
        matches!(self, Blocks::Mark(s) if s.is_true())
    }

    pub fn is_missing(&self) -> bool {
        matches!(self, Blocks::Missing | Blocks::Mark(Scalar::Null))
    }
}

/// An object read as `T`, or `None` for any other value (which is skipped).
pub struct MapOnly<T>(pub Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MapOnly<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = MapOnly<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|t| MapOnly(Some(t)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MapOnly(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(MapOnly(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(MapOnly(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(MapOnly(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(MapOnly(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(MapOnly(None))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(MapOnly(None))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Blocks<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Blocks<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a block (array of objects)")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(MapOnly(item)) = seq.next_element::<MapOnly<T>>()? {
                    if let Some(item) = item {
                        items.push(item);
                    }
                }
                Ok(Blocks::Items(items))
            }
            // Terraform writes every nested block as an array (of one object for
            // `metadata_options`): an object in its place is not Terraform's output, and
            // reading it as a block could pass what Terraform would see otherwise.
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
                Err(de::Error::invalid_type(
                    de::Unexpected::Map,
                    &"an array of objects (Terraform writes a nested block as an array, `[{...}]`)",
                ))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Blocks::Mark(Scalar::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Blocks::Mark(Scalar::Int(v)))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Blocks::Mark(Scalar::Other))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Blocks::Mark(Scalar::Float(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Blocks::Mark(Scalar::Str(v.to_owned())))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Blocks::Mark(Scalar::Null))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A list of strings where other values are skipped (`references` in the configuration).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Strings(pub Vec<String>);

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Strings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<Scalar>()? {
                    if let Scalar::Str(s) = s {
                        out.push(s);
                    }
                }
                Ok(Strings(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Strings, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Strings::default())
            }
            fn visit_bool<E>(self, _: bool) -> Result<Strings, E> {
                Ok(Strings::default())
            }
            fn visit_i64<E>(self, _: i64) -> Result<Strings, E> {
                Ok(Strings::default())
            }
            fn visit_u64<E>(self, _: u64) -> Result<Strings, E> {
                Ok(Strings::default())
            }
            fn visit_f64<E>(self, _: f64) -> Result<Strings, E> {
                Ok(Strings::default())
            }
            fn visit_str<E>(self, _: &str) -> Result<Strings, E> {
                Ok(Strings::default())
            }
            fn visit_unit<E>(self) -> Result<Strings, E> {
                Ok(Strings::default())
            }
        }
        d.deserialize_any(V)
    }
}
