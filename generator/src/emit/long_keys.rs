//! Serde for types whose JSON keys (or tag values) are very long.
//!
//! serde's derived `Deserialize` matches every key twice: as a `&str` and as a byte string
//! (`b"…"` patterns in `visit_bytes`). rustc checks a byte-string pattern byte by byte, with
//! time and memory that grow with the square of its length: a 10,000-byte key costs 1.7 GB, a
//! 30,000-byte one 14 GB, however short the Rust identifier is. So a key (or a tag value) longer
//! than [`LONG`] bytes never reaches the derive. The derive runs with `#[serde(remote =
//! "Self")]` and a short placeholder in the key's place (it then defines inherent
//! `T::serialize`/`T::deserialize` instead of the traits), and the trait impls go through a
//! `serde_json::Value`, swapping each long key and its placeholder with plain string
//! comparisons. What goes over the wire is exactly what the derive would read and write; the
//! cost is one intermediate value for these types only, keys in sorted order, and decoding
//! errors that no longer name the JSON path inside them.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Keys longer than this many bytes are swapped for placeholders. Below it, the derived code
/// costs rustc a few megabytes at most.
pub(super) const LONG: usize = 1024;

/// The long keys of one type and their placeholders.
pub(super) struct LongKeys<'a> {
    pairs: Vec<(&'a str, String)>,
}

impl<'a> LongKeys<'a> {
    /// The long ones among `keys`, each with a placeholder: a NUL character (which no key of
    /// a real API holds) and a number.
    pub(super) fn new(keys: impl IntoIterator<Item = &'a str>) -> Self {
        let mut pairs: Vec<(&'a str, String)> = Vec::new();
        for key in keys {
            if key.len() > LONG && !pairs.iter().any(|(k, _)| *k == key) {
                let placeholder = format!("\u{0}long key {}", pairs.len());
                pairs.push((key, placeholder));
            }
        }
        LongKeys { pairs }
    }

    /// Whether the type needs the placeholders at all.
    pub(super) fn any(&self) -> bool {
        !self.pairs.is_empty()
    }

    /// The key the derive sees for `key`.
    pub(super) fn derived<'k>(&'k self, key: &'k str) -> &'k str {
        self.pairs
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(key, |(_, placeholder)| placeholder.as_str())
    }

    /// `#[serde(remote = "Self")]`, when there are long keys.
    pub(super) fn remote(&self) -> Option<TokenStream> {
        self.any().then(|| quote!(#[serde(remote = "Self")]))
    }

    /// The `Serialize` and `Deserialize` impls: of a struct whose property names are long
    /// (`tag: None`), or of a union tagged by `tag` whose values are long.
    pub(super) fn impls(&self, type_name: &Ident, tag: Option<&str>) -> Option<TokenStream> {
        if !self.any() {
            return None;
        }
        let longs = self.pairs.iter().map(|(k, _)| *k);
        let shorts = self.pairs.iter().map(|(_, p)| p.as_str());
        let table = quote! {
            /// Each long key with the placeholder the derived code uses instead.
            const LONG_KEYS: &'static [(&'static str, &'static str)] = &[#((#longs, #shorts)),*];
        };
        let (to_wire, from_wire) = match tag {
            None => (
                quote! {
                    for (long, short) in Self::LONG_KEYS {
                        if let Some(entry) = object.remove(*short) {
                            object.insert((*long).to_owned(), entry);
                        }
                    }
                },
                quote! {
                    for (long, short) in Self::LONG_KEYS {
                        if let Some(entry) = object.remove(*long) {
                            object.insert((*short).to_owned(), entry);
                        }
                    }
                },
            ),
            Some(tag) => (
                quote! {
                    if let Some(serde_json::Value::String(tag_value)) = object.get_mut(#tag) {
                        if let Some((long, _)) = Self::LONG_KEYS.iter().find(|(_, short)| *short == tag_value.as_str()) {
                            *tag_value = (*long).to_owned();
                        }
                    }
                },
                quote! {
                    if let Some(serde_json::Value::String(tag_value)) = object.get_mut(#tag) {
                        if let Some((_, short)) = Self::LONG_KEYS.iter().find(|(long, _)| *long == tag_value.as_str()) {
                            *tag_value = (*short).to_owned();
                        }
                    }
                },
            ),
        };
        Some(quote! {
            impl #type_name {
                #table
            }
            impl serde::Serialize for #type_name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let mut value = #type_name::serialize(self, serde_json::value::Serializer)
                        .map_err(serde::ser::Error::custom)?;
                    if let Some(object) = value.as_object_mut() {
                        #to_wire
                    }
                    serde::Serialize::serialize(&value, serializer)
                }
            }
            impl<'de> serde::Deserialize<'de> for #type_name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let mut value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    if let Some(object) = value.as_object_mut() {
                        #from_wire
                    }
                    #type_name::deserialize(value).map_err(serde::de::Error::custom)
                }
            }
        })
    }
}
