//! serde reads the tree: `openapiv3::OpenAPI`, `serde_json::Value` and the overrides are all
//! deserialized from a [`Node`], as they would be from a `serde_json::Value`.
//!
//! Reading the tree instead of converting it to a `serde_json::Value` first saves a copy of
//! every string and keeps the tree for locating an error afterwards. Errors are
//! `serde_json::Error`s with serde's usual messages and no position: positions come from the
//! tree.
//!
//! Two YAML habits of serde_yaml are kept, so that a spec it read still reads the same: a field
//! that wants a string takes a plain scalar's text (`version: 1.0` is "1.0"), and a field that
//! wants a sequence or a mapping takes a value left empty (`servers:`) as an empty one. Both
//! apply only where serde asks for that type directly; an untagged or flattened type sees the
//! number or the null, as before.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};
use serde::forward_to_deserialize_any;

use super::tree::{Member, Node, Value};

type Error = serde_json::Error;

/// A node as a serde deserializer, optionally without one member (to test whether that member
/// is what makes an object unreadable).
#[derive(Clone, Copy)]
pub struct NodeDeserializer<'de> {
    node: &'de Node,
    without: Option<&'de str>,
}

impl Node {
    /// This node as a serde deserializer.
    pub fn deserializer(&self) -> NodeDeserializer<'_> {
        NodeDeserializer {
            node: self,
            without: None,
        }
    }

    /// This node as a serde deserializer that skips the member `key` (of an object).
    pub fn deserializer_without<'de>(&'de self, key: &'de str) -> NodeDeserializer<'de> {
        NodeDeserializer {
            node: self,
            without: Some(key),
        }
    }
}

impl<'de> NodeDeserializer<'de> {
    fn invalid<V: Visitor<'de>>(self, visitor: &V) -> Error {
        de::Error::invalid_type(self.node.unexpected(), visitor)
    }

    /// A YAML value left empty (`servers:` and nothing after). serde_yaml gives a field that
    /// wants a sequence or a mapping an empty one; so does the tree.
    fn is_left_empty(self) -> bool {
        matches!(self.node.value, Value::Null) && self.node.plain.as_deref() == Some("")
    }
}

impl<'de> de::Deserializer<'de> for NodeDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or_default())
                }
            }
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => {
                let mut seq = Elements {
                    iter: items.iter(),
                    count: 0,
                };
                let value = visitor.visit_seq(&mut seq)?;
                let rest = seq.iter.len();
                if rest == 0 {
                    Ok(value)
                } else {
                    Err(de::Error::invalid_length(
                        seq.count + rest,
                        &"fewer elements in array",
                    ))
                }
            }
            Value::Object(members) => {
                let mut map = Members {
                    iter: members.iter(),
                    without: self.without,
                    value: None,
                };
                let value = visitor.visit_map(&mut map)?;
                match map.next_member() {
                    None => Ok(value),
                    Some(_) => Err(de::Error::invalid_length(
                        members.len(),
                        &"fewer elements in map",
                    )),
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node.value {
            Value::Null => visitor.visit_unit(),
            _ => Err(self.invalid(&visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match (&self.node.value, &self.node.plain) {
            (Value::String(s), _) => visitor.visit_borrowed_str(s),
            (_, Some(plain)) => visitor.visit_borrowed_str(plain),
            _ => Err(self.invalid(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_left_empty() {
            return visitor.visit_seq(Elements {
                iter: [].iter(),
                count: 0,
            });
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_left_empty() {
            return visitor.visit_map(NoMembers);
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.node.value {
            Value::String(s) => visitor.visit_enum(BorrowedStrDeserializer::new(s)),
            Value::Object(members) if members.len() == 1 => match members.first() {
                Some((variant, member)) => visitor.visit_enum(Variant {
                    variant,
                    value: Some(member.value.deserializer()),
                }),
                None => Err(self.invalid(&visitor)),
            },
            Value::Object(_) => Err(de::Error::invalid_value(
                Unexpected::Map,
                &"map with a single key",
            )),
            _ => Err(de::Error::invalid_type(
                self.node.unexpected(),
                &"string or map",
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 bytes byte_buf tuple
        tuple_struct identifier
    }
}

impl<'de> IntoDeserializer<'de, Error> for NodeDeserializer<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

struct Elements<'de> {
    iter: std::slice::Iter<'de, Node>,
    count: usize,
}

impl<'de> SeqAccess<'de> for Elements<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.iter.next() {
            Some(node) => {
                self.count += 1;
                seed.deserialize(node.deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct Members<'de> {
    iter: indexmap::map::Iter<'de, String, Member>,
    without: Option<&'de str>,
    value: Option<&'de Node>,
}

impl<'de> Members<'de> {
    fn next_member(&mut self) -> Option<(&'de String, &'de Member)> {
        let without = self.without;
        self.iter
            .by_ref()
            .find(|(key, _)| Some(key.as_str()) != without)
    }
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.next_member() {
            Some((key, member)) => {
                self.value = Some(&member.value);
                seed.deserialize(Key(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(node) => seed.deserialize(node.deserializer()),
            None => Err(de::Error::custom(
                "a map value was asked for before its key",
            )),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// The members of a YAML value left empty: none.
struct NoMembers;

impl<'de> MapAccess<'de> for NoMembers {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        _seed: K,
    ) -> Result<Option<K::Value>, Error> {
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, _seed: V) -> Result<V::Value, Error> {
        Err(de::Error::custom(
            "a map value was asked for before its key",
        ))
    }
}

/// An object's key. Like `serde_json`'s keys: a string, which a numeric or boolean key type
/// parses.
struct Key<'de>(&'de str);

macro_rules! parsed_key {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.0.parse::<$ty>() {
                Ok(n) => visitor.$visit(n),
                Err(_) => visitor.visit_borrowed_str(self.0),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Key<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.0)
    }

    parsed_key! {
        deserialize_bool => visit_bool: bool,
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
        deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64,
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(BorrowedStrDeserializer::new(self.0))
    }

    forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

/// An enum written as a map with one key: the variant and its content.
struct Variant<'de> {
    variant: &'de str,
    value: Option<NodeDeserializer<'de>>,
}

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self), Error> {
        let variant = seed.deserialize(BorrowedStrDeserializer::<Error>::new(self.variant))?;
        Ok((variant, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.value {
            Some(value) => de::Deserialize::deserialize(value),
            None => Ok(()),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        match self.value {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"newtype variant",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Some(value) => de::Deserializer::deserialize_seq(value, visitor),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"tuple variant",
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            Some(value) => de::Deserializer::deserialize_map(value, visitor),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"struct variant",
            )),
        }
    }
}
