//! Step 3: [`crate::ir::Api`] → tokens. Nothing here looks at the spec; every decision about
//! meaning was made in [`crate::normalize`].
//!
//! One module per spec: its types, a `Client` with one async method per operation, and two
//! submodules that need no network: `request` (one function per operation building an
//! `http::Request`) and `response` (one function per operation decoding an `http::Response`).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use std::collections::{HashMap, HashSet};

use crate::ir::{Api, Format, MultipartType, Tagging, Type, TypeDef, TypeKind};

mod client;
mod conformance;
mod long_keys;
mod multipart;
mod pages;
mod params;
mod types;

/// How the docs name the API: its title and version, "T (1)"; without a title, "the untitled
/// API"; without a version, no parentheses.
fn api_name(api: &Api) -> String {
    let title = match api.title.trim() {
        "" => "the untitled API",
        title => title,
    };
    match api.version.trim() {
        "" => title.to_owned(),
        version => format!("{title} ({version})"),
    }
}

/// The whole module for one API.
pub fn module(api: &Api) -> TokenStream {
    let name = api_name(api);
    let mut docs = match name.strip_prefix("the untitled") {
        Some(rest) => format!("The untitled{rest}"),
        None => name,
    };
    if let Some(description) = api.docs.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        docs.push_str("\n\n");
        docs.push_str(description);
    }
    if !api.webhooks.is_empty() {
        docs.push_str("\n\nWebhooks, the requests this API sends (their payload types are here to decode them):");
        for w in &api.webhooks {
            let payload = match &w.payload {
                Some(Type::Named(name)) => format!(": [`{name}`]"),
                _ => String::new(),
            };
            docs.push_str(&format!(
                "\n- `{}` (`{}`){payload}",
                code_text(&w.name),
                w.method
            ));
        }
    }
    docs.push_str(
        "\n\nStart with [`Client`]. Without a network, [`request`] builds each operation's \
         `http::Request` and [`response`] decodes each `http::Response`.\n\nDoc comments say \
         what the spec says (descriptions, titles, formats, constraints, defaults, examples); a \
         field the spec says nothing about has none, and allows `missing_docs`.",
    );
    let docs = inner_doc(&docs);
    let deprecated =
        api.types
            .iter()
            .any(|t| t.deprecated || has_deprecated_field(t))
            || api.operations.iter().any(|o| {
                o.deprecated || o.params.iter().chain(&o.path_params).any(|p| p.deprecated)
            })
            || api
                .multipart_types
                .iter()
                .any(|m| m.parts.iter().any(|p| p.deprecated));
    let allow = deprecated.then(|| quote!(#![allow(deprecated)]));
    let named = Named::of(api);
    let types = api.types.iter().map(|def| types::type_def(def, &named));
    let multipart_types = api
        .multipart_types
        .iter()
        .map(|def| multipart::multipart_type(def, &named));
    let param_impls = api
        .param_types
        .iter()
        .map(|pt| params::param_impl(pt, &named));
    let client = client::client(api);
    let requests = api
        .operations
        .iter()
        .map(|op| client::request_fn(op, &named));
    let tagged = tagged_unions(api);
    let responses = api
        .operations
        .iter()
        .map(|op| client::response_fn(op, &tagged));
    quote! {
        #docs
        #allow
        #(#types)*
        #(#multipart_types)*
        #(#param_impls)*
        #client
        /// Builds each operation's request without sending it.
        pub mod request {
            #(#requests)*
        }
        /// Decodes each operation's response without a network.
        pub mod response {
            #(#responses)*
        }
    }
}

pub use conformance::conformance;

/// The API's named types by name, for what one type's code needs to know of another.
struct Named<'a> {
    defs: HashMap<&'a str, &'a TypeDef>,
    multipart: HashMap<&'a str, &'a MultipartType>,
}

impl<'a> Named<'a> {
    fn of(api: &'a Api) -> Self {
        Named {
            defs: api.types.iter().map(|d| (d.name.as_str(), d)).collect(),
            multipart: api
                .multipart_types
                .iter()
                .map(|d| (d.name.as_str(), d))
                .collect(),
        }
    }

    fn get(&self, name: &str) -> Option<&'a TypeDef> {
        self.defs.get(name).copied()
    }

    fn multipart(&self, name: &str) -> Option<&'a MultipartType> {
        self.multipart.get(name).copied()
    }
}

/// The names of the unions tagged by a property (they have a tag-first decoder).
fn tagged_unions(api: &Api) -> HashSet<&str> {
    api.types
        .iter()
        .filter(|d| matches!(&d.kind, TypeKind::Union(u) if matches!(u.tagging, Tagging::Internal { .. })))
        .map(|d| d.name.as_str())
        .collect()
}

fn has_deprecated_field(def: &crate::ir::TypeDef) -> bool {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| f.deprecated),
        _ => false,
    }
}

/// `#[deprecated]`, saying where the deprecation comes from.
fn deprecated() -> TokenStream {
    quote!(#[deprecated(note = "deprecated in the OpenAPI spec")])
}

/// An identifier; `r#name` becomes a raw identifier.
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Where a type expression is written: the module itself, or a child module (`super::`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Module,
    Child,
}

/// A type expression.
fn ty(t: &Type, scope: Scope) -> TokenStream {
    let named = |n: &str| {
        let id = ident(n);
        match scope {
            Scope::Module => quote!(#id),
            Scope::Child => quote!(super::#id),
        }
    };
    match t {
        Type::Named(n) => named(n),
        Type::Boxed(n) => {
            let inner = named(n);
            quote!(Box<#inner>)
        }
        Type::String => quote!(String),
        Type::Formatted(format) => {
            let value = match format {
                Format::DateTime => quote!(time::OffsetDateTime),
                Format::Date => quote!(time::Date),
                Format::Uuid => quote!(uuid::Uuid),
            };
            quote!(crate::formats::Formatted<#value>)
        }
        Type::Bool => quote!(bool),
        Type::I64 => quote!(i64),
        Type::F32 => quote!(f32),
        Type::F64 => quote!(f64),
        Type::Vec(inner) => {
            let inner = ty(inner, scope);
            quote!(Vec<#inner>)
        }
        Type::Map(inner) => {
            let inner = ty(inner, scope);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        Type::Tuple(items) => {
            let items = items.iter().map(|t| ty(t, scope));
            quote!((#(#items,)*))
        }
        Type::Json => quote!(serde_json::Value),
    }
}

/// `#[doc = …]` lines for a description, made safe for rustdoc: no line is indented (an
/// indented block would be a doctest) and fenced code is marked `text`.
fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return TokenStream::new();
    };
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text.trim());
    quote!(#(#![doc = #lines])*)
}

/// A wire name as it is shown in a doc text: its line breaks escaped (`\r`), so that it stays
/// on its line.
fn code_text(wire: &str) -> String {
    wire.chars()
        .map(|c| match c {
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => c.escape_debug().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// The lines of a text, split at every line break: `\n`, `\r\n`, a lone `\r`, U+0085, U+2028
/// and U+2029 (a lone `\r` left in a line would not compile as a doc comment).
fn text_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|line| {
        line.strip_suffix('\r')
            .unwrap_or(line)
            .split(['\r', '\u{85}', '\u{2028}', '\u{2029}'])
    })
}

fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut lines = Vec::new();
    for line in text_lines(text).map(str::trim) {
        if line.starts_with("```") {
            in_fence = !in_fence;
            if in_fence {
                lines.push(" ```text".to_owned());
                continue;
            }
        }
        lines.push(if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        });
    }
    if in_fence {
        lines.push(" ```".to_owned());
    }
    lines
}
