//! Named types: structs, string enums, unions and aliases.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::long_keys::LongKeys;
use super::{doc, ident, ty, Named, Scope};
use crate::ir::{
    Field, Literal, Presence, StringEnum, Struct, Tagging, Type, TypeDef, TypeKind, Union,
};

pub(super) fn type_def(def: &TypeDef, named: &Named<'_>) -> TokenStream {
    let fallback = format!("Generated from `#{}`.", def.pointer);
    let docs = doc(Some(def.docs.as_deref().unwrap_or(&fallback)));
    let deprecated = def.deprecated.then(super::deprecated);
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => structure(&def.name, s, named),
        TypeKind::Enum(e) => string_enum(&def.name, e),
        TypeKind::Union(u) => union(&def.name, u, named),
        TypeKind::Alias(t) => {
            let t = ty(t, Scope::Module);
            quote!(pub type #name = #t;)
        }
        TypeKind::Newtype(t) => newtype(&def.name, t, named),
    };
    quote! {
        #docs
        #deprecated
        #body
    }
}

/// A list or map that contains itself, written as its content.
fn newtype(name: &str, t: &Type, named: &Named<'_>) -> TokenStream {
    let type_name = ident(name);
    let default = matches!(t, Type::Vec(_) | Type::Map(_)).then(|| quote!(Default,));
    let masked = debug_fn(t, named, 0);
    let derive_debug = masked.is_none().then(|| quote!(Debug,));
    let manual_debug = masked.map(|debug| {
        quote! {
            impl std::fmt::Debug for #type_name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_tuple(#name).field(&crate::runtime::DebugWith(&self.0, #debug)).finish()
                }
            }
        }
    });
    let t = ty(t, Scope::Module);
    quote! {
        #[derive(Clone, #derive_debug #default PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct #type_name(pub #t);
        #manual_debug
    }
}

fn field_type(f: &Field) -> TokenStream {
    let t = ty(&f.ty, Scope::Module);
    match f.presence {
        Presence::Required | Presence::Defaulted => t,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#t>),
    }
}

fn default_fn(f: &Field) -> proc_macro2::Ident {
    format_ident!("default_{}", f.name.trim_start_matches("r#"))
}

/// How `Debug` prints a value of type `t` when its own `Debug` could show a secret: a function
/// `fn(&T, &mut Formatter) -> fmt::Result` masking the entries of maps and free-form JSON under
/// secret keys, at any depth; `None` when the type's own `Debug` shows nothing of the kind
/// (named structs, enums and unions mask their own contents).
fn debug_fn(t: &Type, named: &Named<'_>, depth: usize) -> Option<TokenStream> {
    match t {
        Type::Json => Some(quote!(crate::runtime::debug_json)),
        Type::Map(inner) => Some(match debug_fn(inner, named, depth + 1) {
            Some(value) => quote!(|value, f| crate::runtime::debug_map(value, f, #value)),
            None => quote!(crate::runtime::debug_plain_map),
        }),
        Type::Vec(inner) => {
            let item = debug_fn(inner, named, depth + 1)?;
            Some(quote!(|value, f| crate::runtime::debug_vec(value, f, #item)))
        }
        // A tuple holding something to mask is shown without its items.
        Type::Tuple(items)
            if items
                .iter()
                .any(|t| debug_fn(t, named, depth + 1).is_some()) =>
        {
            Some(quote!(|_, f| f.write_str("(…)")))
        }
        // An alias has no `Debug` of its own: what it names decides.
        Type::Named(name) if depth < 32 => match &named.get(name)?.kind {
            TypeKind::Alias(target) => debug_fn(target, named, depth + 1),
            _ => None,
        },
        _ => None,
    }
}

/// [`debug_fn`] for a field, with the `Option` its presence adds.
pub(super) fn field_debug_fn(
    t: &Type,
    presence: Presence,
    named: &Named<'_>,
) -> Option<TokenStream> {
    let inner = debug_fn(t, named, 0)?;
    Some(match presence {
        Presence::Required | Presence::Defaulted => inner,
        Presence::Optional | Presence::RequiredNullable => {
            quote!(|value, f| crate::runtime::debug_option(value, f, #inner))
        }
    })
}

fn structure(name: &str, s: &Struct, named: &Named<'_>) -> TokenStream {
    let type_name = ident(name);
    let long_keys = LongKeys::new(s.fields.iter().map(|f| f.wire.as_str()));
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let t = field_type(f);
        // No doc where the spec says nothing: a sentence restating the name tells nothing.
        let mut docs = f.docs.clone().unwrap_or_default();
        if let Some(default) = &f.default {
            if !docs.is_empty() {
                docs.push_str("\n\n");
            }
            docs.push_str(&format!(
                "Defaults to `{}` when absent.",
                literal_text(default)
            ));
        }
        let docs = if docs.trim().is_empty() {
            quote!(#[allow(missing_docs)])
        } else {
            doc(Some(&docs))
        };
        let deprecated = f.deprecated.then(super::deprecated);
        let rename = (f.name.trim_start_matches("r#") != f.wire).then(|| {
            let wire = long_keys.derived(&f.wire);
            quote!(#[serde(rename = #wire)])
        });
        let presence = match f.presence {
            Presence::Required | Presence::RequiredNullable => None,
            Presence::Optional => {
                Some(quote!(#[serde(default, skip_serializing_if = "Option::is_none")]))
            }
            Presence::Defaulted => {
                let path = format!("{name}::{}", default_fn(f));
                Some(quote!(#[serde(default = #path)]))
            }
        };
        quote! {
            #docs
            #deprecated
            #rename
            #presence
            pub #field: #t,
        }
    });
    let additional = s.additional.as_ref().map(|t| {
        let t = ty(t, Scope::Module);
        quote! {
            /// Properties beyond those named above (`additionalProperties`).
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #t>,
        }
    });

    let defaults: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| {
            let value = literal(f.default.as_ref()?, &f.ty);
            let fn_name = default_fn(f);
            let t = ty(&f.ty, Scope::Module);
            Some(quote! {
                fn #fn_name() -> #t {
                    #value
                }
            })
        })
        .collect();
    let default_fns = (!defaults.is_empty()).then(|| quote!(impl #type_name { #(#defaults)* }));

    let all_optional = s.fields.iter().all(|f| f.presence == Presence::Optional);
    let all_defaultable = s
        .fields
        .iter()
        .all(|f| matches!(f.presence, Presence::Optional | Presence::Defaulted));
    let derive_default = all_optional.then(|| quote!(Default,));
    let manual_default = (all_defaultable && !all_optional).then(|| {
        let inits = s.fields.iter().map(|f| {
            let field = ident(&f.name);
            match f.presence {
                Presence::Defaulted => {
                    let fn_name = default_fn(f);
                    quote!(#field: Self::#fn_name(),)
                }
                _ => quote!(#field: None,),
            }
        });
        let additional = s
            .additional
            .as_ref()
            .map(|_| quote!(additional_properties: Default::default(),));
        quote! {
            impl Default for #type_name {
                fn default() -> Self {
                    Self { #(#inits)* #additional }
                }
            }
        }
    });

    // Secret fields print `<redacted>`; maps and free-form JSON mask their secret-keyed
    // entries. Either needs a hand-written `Debug`.
    let masked: Vec<Option<TokenStream>> = s
        .fields
        .iter()
        .map(|f| {
            (!f.secret)
                .then(|| field_debug_fn(&f.ty, f.presence, named))
                .flatten()
        })
        .collect();
    let additional_debug = s
        .additional
        .as_ref()
        .map(|t| debug_fn(&Type::Map(Box::new(t.clone())), named, 0));
    let manual = s.fields.iter().any(|f| f.secret)
        || masked.iter().any(Option::is_some)
        || additional_debug.is_some();
    let derive_debug = (!manual).then(|| quote!(Debug,));
    let manual_debug = manual.then(|| {
        let name_text = name;
        let entries = s.fields.iter().zip(&masked).map(|(f, masked)| {
            let field = ident(&f.name);
            let label = f.name.trim_start_matches("r#");
            let value = match (f.secret, f.presence, masked) {
                (false, _, Some(debug)) => {
                    quote!(&crate::runtime::DebugWith(&self.#field, #debug))
                }
                (false, _, None) => quote!(&self.#field),
                (true, Presence::Optional | Presence::RequiredNullable, _) => {
                    quote!(&self.#field.as_ref().map(|_| crate::runtime::REDACTED))
                }
                (true, _, _) => quote!(&crate::runtime::REDACTED),
            };
            quote!(.field(#label, #value))
        });
        let additional = additional_debug.flatten().map(|debug| {
            quote!(.field("additional_properties", &crate::runtime::DebugWith(&self.additional_properties, #debug)))
        });
        quote! {
            impl std::fmt::Debug for #type_name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(#name_text)
                        #(#entries)*
                        #additional
                        .finish()
                }
            }
        }
    });

    let remote = long_keys.remote();
    let long_key_impls = long_keys.impls(&type_name, None);
    quote! {
        #[derive(Clone, #derive_debug #derive_default PartialEq, serde::Serialize, serde::Deserialize)]
        #remote
        pub struct #type_name {
            #(#fields)*
            #additional
        }
        #default_fns
        #manual_default
        #manual_debug
        #long_key_impls
    }
}

fn literal(value: &Literal, t: &Type) -> TokenStream {
    match (value, t) {
        (Literal::String(s), Type::String) => quote!(String::from(#s)),
        (Literal::String(s), _) => quote!(#s.into()),
        (Literal::Integer(i), _) => {
            let v = proc_macro2::Literal::i64_unsuffixed(*i);
            quote!(#v)
        }
        (Literal::Number(n), Type::F32) => {
            let v = proc_macro2::Literal::f32_unsuffixed(*n as f32);
            quote!(#v)
        }
        (Literal::Number(n), _) => {
            let v = proc_macro2::Literal::f64_unsuffixed(*n);
            quote!(#v)
        }
        (Literal::Bool(b), _) => quote!(#b),
    }
}

fn literal_text(value: &Literal) -> String {
    match value {
        Literal::String(s) => format!("{s:?}"),
        Literal::Integer(i) => i.to_string(),
        Literal::Number(n) => n.to_string(),
        Literal::Bool(b) => b.to_string(),
    }
}

fn string_enum(name: &str, e: &StringEnum) -> TokenStream {
    let type_name = ident(name);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| format!(" `{w}`"));
    quote! {
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #type_name {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
            /// A value this version of the client does not know, kept as sent.
            Unrecognized(String),
        }
        impl #type_name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::Unrecognized(value) => value,
                }
            }
        }
        impl From<&str> for #type_name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::Unrecognized(other.to_owned()),
                }
            }
        }
        impl From<String> for #type_name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#wires => Self::#variants,)*
                    _ => Self::Unrecognized(value),
                }
            }
        }
        impl std::fmt::Display for #type_name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl serde::Serialize for #type_name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for #type_name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn union(name: &str, u: &Union, named: &Named<'_>) -> TokenStream {
    let type_name = ident(name);
    let long_tags = LongKeys::new(
        u.variants
            .iter()
            .flat_map(|v| v.tags.iter().map(String::as_str)),
    );
    let (attr, how) = match &u.tagging {
        Tagging::Internal { property, .. } => (
            quote!(#[serde(tag = #property)]),
            format!(
                "The variant is chosen by the value of `{}`; a body with another value, \
                 or one its variant cannot read, is kept in `Unrecognized`.",
                super::code_text(property)
            ),
        ),
        Tagging::Untagged => (
            quote!(#[serde(untagged)]),
            "The variant is chosen by trying each in the order below; the first that reads the \
             body wins, and a body none can read is kept in `Unrecognized`."
                .to_owned(),
        ),
    };
    let how = doc(Some(&how));
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let t = ty(&v.ty, Scope::Module);
        let tags = match v.tags.split_first() {
            Some((first, rest)) => {
                let docs = format!(" `{first}`");
                let first = long_tags.derived(first);
                let rest = rest.iter().map(|t| long_tags.derived(t));
                quote! {
                    #[doc = #docs]
                    #[serde(rename = #first #(, alias = #rest)*)]
                }
            }
            None => {
                let docs = format!(
                    " A body read as `{}`.",
                    ty(&v.ty, Scope::Module).to_string().replace(' ', "")
                );
                quote!(#[doc = #docs])
            }
        };
        quote! {
            #tags
            #variant(#t),
        }
    });
    let fast_decode = match &u.tagging {
        Tagging::Internal { property, .. } => {
            let arms = u.variants.iter().map(|v| {
                let variant = ident(&v.name);
                let tags = &v.tags;
                let wrap = match &v.ty {
                    Type::Boxed(_) => quote!(|value| Self::#variant(Box::new(value))),
                    _ => quote!(Self::#variant),
                };
                quote!(Some(#(#tags)|*) => serde_json::from_slice(bytes).map(#wrap).ok(),)
            });
            let docs = format!(
                " Decodes a JSON body as `Deserialize` does, but faster: the `{property}` tag is \
                 read first, then the variant's fields straight from the bytes, with no \
                 intermediate buffer. A body no variant reads is kept in `Unrecognized`; only \
                 malformed JSON is an error. (One difference: a tag written twice counts by its \
                 first occurrence.)"
            );
            Some(quote! {
                impl #type_name {
                    #[doc = #docs]
                    pub fn from_json_slice(bytes: &[u8]) -> Result<Self, serde_json::Error> {
                        let known = match crate::runtime::json_tag(bytes, #property).as_deref() {
                            #(#arms)*
                            _ => None,
                        };
                        match known {
                            Some(value) => Ok(value),
                            None => serde_json::from_slice(bytes).map(Self::Unrecognized),
                        }
                    }
                }
            })
        }
        Tagging::Untagged => None,
    };
    let untagged_fallback =
        matches!(u.tagging, Tagging::Internal { .. }).then(|| quote!(#[serde(untagged)]));
    let debug_arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let label = &v.name;
        match debug_fn(&v.ty, named, 0) {
            Some(debug) => quote!(Self::#variant(value) => f.debug_tuple(#label).field(&crate::runtime::DebugWith(value, #debug)).finish(),),
            None => quote!(Self::#variant(value) => f.debug_tuple(#label).field(value).finish(),),
        }
    });
    let remote = long_tags.remote();
    let tag = match &u.tagging {
        Tagging::Internal { property, .. } => Some(property.as_str()),
        Tagging::Untagged => None,
    };
    let long_tag_impls = tag.and_then(|tag| long_tags.impls(&type_name, Some(tag)));
    quote! {
        ///
        #how
        #[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #attr
        #remote
        // A body is decoded once per call and usually matched right away: boxing the larger
        // variants would cost every caller a pattern-matching indirection for no gain.
        #[allow(clippy::large_enum_variant)]
        pub enum #type_name {
            #(#variants)*
            /// A body no variant reads, kept as JSON (`Debug` masks its secret values).
            #untagged_fallback
            Unrecognized(serde_json::Value),
        }
        #fast_decode
        impl std::fmt::Debug for #type_name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#debug_arms)*
                    Self::Unrecognized(value) => f.debug_tuple("Unrecognized").field(&crate::runtime::RedactedJson(value)).finish(),
                }
            }
        }
        #long_tag_impls
    }
}
