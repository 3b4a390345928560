//! `multipart/form-data` body types: a struct per body, its `Debug` (no file bytes, no
//! secret), and `to_multipart`, which lists its parts for the runtime to encode.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::client::secret_keys;
use super::types::field_debug_fn;
use super::{doc, ident, ty, Named, Scope};
use crate::ir::{MultipartPart, MultipartType, PartKind, Presence};

pub(super) fn multipart_type(def: &MultipartType, named: &Named<'_>) -> TokenStream {
    let fallback = format!("Generated from `#{}`.", def.pointer);
    let docs = doc(Some(def.docs.as_deref().unwrap_or(&fallback)));
    let type_name = ident(&def.name);
    let name_text = &def.name;
    let fields = def.parts.iter().map(|p| {
        let field = ident(&p.name);
        let t = field_type(p);
        let docs = match p.docs.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(text) => doc(Some(text)),
            None => quote!(#[allow(missing_docs)]),
        };
        let deprecated = p.deprecated.then(super::deprecated);
        quote! {
            #docs
            #deprecated
            pub #field: #t,
        }
    });
    let derive_default = def
        .parts
        .iter()
        .all(|p| !p.required)
        .then(|| quote!(Default,));
    let entries = def.parts.iter().map(|p| {
        let field = ident(&p.name);
        let label = p.name.trim_start_matches("r#");
        let presence = presence(p);
        let value = match &p.kind {
            _ if p.secret && !p.required => {
                quote!(&self.#field.as_ref().map(|_| crate::runtime::REDACTED))
            }
            _ if p.secret => quote!(&crate::runtime::REDACTED),
            PartKind::Value(t) => match field_debug_fn(t, presence, named) {
                Some(debug) => quote!(&crate::runtime::DebugWith(&self.#field, #debug)),
                None => quote!(&self.#field),
            },
            PartKind::File | PartKind::Files => quote!(&self.#field),
        };
        quote!(.field(#label, #value))
    });
    let steps = def.parts.iter().map(|p| {
        let field = ident(&p.name);
        let wire = &p.wire;
        let content_type = match &p.content_type {
            Some(t) => quote!(Some(#t)),
            None => quote!(None),
        };
        match (&p.kind, p.required) {
            (PartKind::File, true) => quote!(.file(#wire, &self.#field, #content_type)),
            (PartKind::File, false) | (PartKind::Files, true) => {
                quote!(.files(#wire, &self.#field, #content_type))
            }
            (PartKind::Files, false) => {
                quote!(.files(#wire, self.#field.iter().flatten(), #content_type))
            }
            (PartKind::Value(_), _) => quote!(.value(#wire, &self.#field, #content_type)),
        }
    });
    quote! {
        #docs
        #[derive(Clone, #derive_default PartialEq)]
        pub struct #type_name {
            #(#fields)*
        }

        impl std::fmt::Debug for #type_name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#name_text)
                    #(#entries)*
                    .finish()
            }
        }

        impl #type_name {
            /// The parts of this body, in the spec's order: one per file, one per value (its
            /// text, or its JSON text), one per item of a list; none for `None`.
            pub fn to_multipart(&self) -> crate::runtime::Multipart {
                crate::runtime::Multipart::new()
                    #(#steps)*
            }
        }
    }
}

fn presence(p: &MultipartPart) -> Presence {
    if p.required {
        Presence::Required
    } else {
        Presence::Optional
    }
}

fn field_type(p: &MultipartPart) -> TokenStream {
    let t = match &p.kind {
        PartKind::File => quote!(crate::runtime::FilePart),
        PartKind::Files => quote!(Vec<crate::runtime::FilePart>),
        PartKind::Value(t) => ty(t, Scope::Module),
    };
    if p.required {
        t
    } else {
        quote!(Option<#t>)
    }
}

/// The part names and JSON keys whose values are secrets, sorted: the secret parts, and the
/// secret fields of the types the value parts hold.
pub(super) fn multipart_secret_keys(def: &MultipartType, named: &Named<'_>) -> Vec<String> {
    let mut keys = BTreeSet::new();
    for p in &def.parts {
        if p.secret {
            keys.insert(p.wire.clone());
        }
        if let PartKind::Value(t) = &p.kind {
            keys.extend(secret_keys(t, named));
        }
    }
    keys.into_iter().collect()
}
