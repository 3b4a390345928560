//! The `conformance` module of a crate written for `cargo xtask conformance --spec`: each
//! operation as a table entry that builds its request from JSON arguments (through the
//! generated `request` function, so every argument goes through its generated type) and
//! classifies what the generated `response` function makes of an answer.
//!
//! Users' crates never get it: only the crates the conformance task writes for itself.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::client::security;
use super::{ident, ty, Named, Scope};
use crate::ir::{
    Api, AuthPlace, BodyEncoding, MultipartPart, Operation, ParamLocation, PartKind, Success, Type,
    TypeKind,
};

/// The `conformance` module's items (the caller wraps them in `pub mod conformance`).
pub fn conformance(api: &Api) -> TokenStream {
    let named = Named::of(api);
    let entries = api.operations.iter().map(|op| {
        let name = &op.name.trim_start_matches("r#");
        let method = &op.method;
        let template = &op.template;
        let security = security(op);
        let build = format_ident!("build_{}", name);
        let decode = format_ident!("decode_{}", name);
        quote! {
            Operation {
                name: #name,
                method: #method,
                template: #template,
                security: #security,
                build: #build,
                decode: #decode,
            },
        }
    });
    let functions = api.operations.iter().map(|op| {
        let build = build_fn(op, &named);
        let decode = decode_fn(op, &named);
        quote!(#build #decode)
    });
    let credentials = credentials(api);
    quote! {
        //! Every operation as data, for checking the client against a mock server: its
        //! request built from JSON arguments through the generated types, and what the
        //! generated decoder makes of an answer.

        use crate::runtime::{Credentials, Error, Request, Scheme, SentSecrets};

        /// One operation of the API.
        pub struct Operation {
            /// The client method's name.
            pub name: &'static str,
            /// The HTTP method.
            pub method: &'static str,
            /// The path template.
            pub template: &'static str,
            /// The security requirements, as the client sends them.
            pub security: &'static [&'static [Scheme]],
            /// Builds the request from `{"path": {…}, "query": {…}, "header": {…},
            /// "cookie": {…}, "body": …}`, keyed by the names on the wire.
            pub build: fn(&str, &serde_json::Value) -> Result<Request, String>,
            /// Decodes an answer with the generated decoder.
            pub decode: fn(http::Response<Vec<u8>>, &SentSecrets) -> Outcome,
        }

        /// What the generated decoder made of an answer.
        #[derive(Debug)]
        pub enum Outcome {
            /// A 2xx body decoded into the success type, no fallback inside.
            Typed,
            /// A 2xx answer whose body the client does not decode (none, or bytes).
            Plain,
            /// A 2xx body decoded into `serde_json::Value`, the operation's success type: what
            /// the spec says (any JSON), or a fallback of the generator's (it reported why).
            Json,
            /// A 2xx body decoded, but (partly) into a fallback: the cause.
            Fallback(String),
            /// Another status: whether its body decoded into the error type, and the cause of
            /// a fallback inside it.
            Status {
                /// The status code.
                status: u16,
                /// The body's length.
                body_len: usize,
                /// Whether the body decoded into the error type.
                decoded: bool,
                /// A fallback inside the decoded body.
                fallback: Option<String>,
            },
            /// The decoder failed: its message.
            Failed(String),
        }

        /// Every operation, in the spec's order.
        pub const OPERATIONS: &[Operation] = &[#(#entries)*];

        /// A credential for every security scheme the operations name.
        pub fn credentials() -> Credentials {
            Credentials::new() #credentials
        }

        #[allow(dead_code)]
        fn arg<T: serde::de::DeserializeOwned>(
            args: &serde_json::Value,
            place: &str,
            key: &str,
        ) -> Result<T, String> {
            let value = args.get(place).and_then(|v| v.get(key)).cloned();
            serde_json::from_value(value.unwrap_or(serde_json::Value::Null))
                .map_err(|e| format!("the {place} argument {key:?} does not fit its type: {e}"))
        }

        #[allow(dead_code)]
        fn params<T: serde::de::DeserializeOwned>(
            args: &serde_json::Value,
            keys: &[(&str, &str, &str)],
        ) -> Result<T, String> {
            let mut object = serde_json::Map::new();
            for (place, wire, key) in keys {
                if let Some(value) = args.get(*place).and_then(|v| v.get(*wire)) {
                    object.insert((*key).to_owned(), value.clone());
                }
            }
            serde_json::from_value(serde_json::Value::Object(object))
                .map_err(|e| format!("the parameters do not fit their type: {e}"))
        }

        #[allow(dead_code)]
        fn body<T: serde::de::DeserializeOwned>(args: &serde_json::Value) -> Result<T, String> {
            let value = args.get("body").cloned().unwrap_or(serde_json::Value::Null);
            serde_json::from_value(value)
                .map_err(|e| format!("the body does not fit its type: {e}"))
        }

        #[allow(dead_code)]
        fn raw_body(args: &serde_json::Value) -> Vec<u8> {
            match args.get("body") {
                Some(serde_json::Value::String(text)) => text.clone().into_bytes(),
                Some(value) => value.to_string().into_bytes(),
                None => Vec::new(),
            }
        }

        #[allow(dead_code)]
        fn file() -> crate::runtime::FilePart {
            crate::runtime::FilePart::new("conformance.txt", b"conformance".to_vec())
        }

        /// The first `Unrecognized(…)` in a value's `Debug` text, with what follows it.
        fn fallback_in<T: std::fmt::Debug>(value: &T) -> Option<String> {
            let text = format!("{value:?}");
            let at = text.find("Unrecognized(")?;
            Some(format!("a value no variant reads: {}", text[at..].chars().take(200).collect::<String>()))
        }

        #[allow(dead_code)]
        fn typed<T: std::fmt::Debug>(value: &T) -> Outcome {
            match fallback_in(value) {
                Some(cause) => Outcome::Fallback(cause),
                None => Outcome::Typed,
            }
        }

        fn failed<E: std::fmt::Debug>(error: Error<E>) -> Outcome {
            match error {
                Error::Api(api) => Outcome::Status {
                    status: api.status().as_u16(),
                    body_len: api.body().len(),
                    decoded: api.error().is_some(),
                    fallback: api.error().and_then(fallback_in),
                },
                other => Outcome::Failed(other.to_string()),
            }
        }

        #(#functions)*
    }
}

/// `.token("name", "…")` or `.basic(…)` for each scheme the operations name, once each.
fn credentials(api: &Api) -> TokenStream {
    let mut seen = std::collections::BTreeMap::new();
    for scheme in api
        .operations
        .iter()
        .flat_map(|op| op.security.iter().flatten())
    {
        seen.entry(scheme.name.as_str())
            .or_insert(matches!(scheme.place, AuthPlace::Basic));
    }
    let calls = seen.into_iter().map(|(name, basic)| {
        if basic {
            quote!(.basic(#name, "conformance-user", "conformance-password"))
        } else {
            quote!(.token(#name, "conformance-credential"))
        }
    });
    quote!(#(#calls)*)
}

fn build_fn(op: &Operation, named: &Named<'_>) -> TokenStream {
    let fn_name = format_ident!("build_{}", op.name.trim_start_matches("r#"));
    let request = ident(&op.name);
    let mut lets = Vec::new();
    let mut call = Vec::new();
    for (i, p) in op.path_params.iter().enumerate() {
        let local = format_ident!("p{}", i);
        let t = ty(&p.ty, Scope::Child);
        let wire = &p.wire;
        lets.push(quote!(let #local: #t = arg(args, "path", #wire)?;));
        // Numbers and booleans are taken by value, everything else by reference.
        call.push(
            if matches!(p.ty, Type::Bool | Type::I64 | Type::F32 | Type::F64) {
                quote!(#local)
            } else {
                quote!(&#local)
            },
        );
    }
    if let Some(params_type) = &op.params_type {
        let keys = param_keys(op, params_type, named);
        let t = ty(&Type::Named(params_type.clone()), Scope::Child);
        lets.push(quote!(let params: #t = params(args, &[#(#keys),*])?;));
        call.push(quote!(&params));
    }
    if let Some(b) = &op.body {
        match &b.encoding {
            BodyEncoding::Json(t) | BodyEncoding::Form(t) => {
                let t = ty(t, Scope::Child);
                lets.push(quote!(let body: #t = body(args)?;));
                call.push(quote!(&body));
            }
            BodyEncoding::Multipart(name) => {
                let t = ident(name);
                let parts = named
                    .multipart(name)
                    .map(|def| def.parts.iter().map(part_value).collect::<Vec<_>>())
                    .unwrap_or_default();
                lets.push(quote!(let body = super::#t { #(#parts)* };));
                call.push(quote!(&body));
            }
            BodyEncoding::Raw { content_type } if content_type.starts_with("multipart/") => {
                lets.push(quote! {
                    let (body, content_type) = crate::runtime::Multipart::new()
                        .text("conformance", "conformance", None)
                        .encode()
                        .map_err(|e| e.to_string())?;
                });
                call.push(quote!(body));
                call.push(quote!(&content_type));
            }
            BodyEncoding::Raw { .. } => {
                lets.push(quote!(let body = raw_body(args);));
                call.push(quote!(body));
            }
        }
    }
    let args_name = if lets.is_empty() {
        quote!(_args)
    } else {
        quote!(args)
    };
    quote! {
        #[allow(deprecated)]
        fn #fn_name(base_url: &str, #args_name: &serde_json::Value) -> Result<Request, String> {
            #(#lets)*
            super::request::#request(base_url, #(#call),*).map_err(|e| e.to_string())
        }
    }
}

/// `("query", wire, key)` for each query, header and cookie parameter: where its argument is
/// and its key in the `…Params` struct (its wire name, or `header:…` beside a namesake).
fn param_keys(op: &Operation, params_type: &str, named: &Named<'_>) -> Vec<TokenStream> {
    let fields = match named.get(params_type).map(|d| &d.kind) {
        Some(TypeKind::Struct(s)) => s.fields.as_slice(),
        _ => &[],
    };
    op.params
        .iter()
        .zip(fields)
        .map(|(p, f)| {
            let place = match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            let wire = &p.wire;
            let key = &f.wire;
            quote!((#place, #wire, #key))
        })
        .collect()
}

/// A multipart field's value: a one-line file for file parts, the argument for the others.
fn part_value(p: &MultipartPart) -> TokenStream {
    let field = ident(&p.name);
    let wire = &p.wire;
    let value = match (&p.kind, p.required) {
        (PartKind::File, true) => quote!(file()),
        (PartKind::File, false) => quote!(Some(file())),
        (PartKind::Files, true) => quote!(vec![file()]),
        (PartKind::Files, false) => quote!(Some(vec![file()])),
        (PartKind::Value(t), true) => {
            let t = ty(t, Scope::Child);
            quote!(arg::<#t>(args, "body", #wire)?)
        }
        (PartKind::Value(t), false) => {
            let t = ty(t, Scope::Child);
            quote!(arg::<Option<#t>>(args, "body", #wire)?)
        }
    };
    quote!(#field: #value,)
}

fn decode_fn(op: &Operation, named: &Named<'_>) -> TokenStream {
    let fn_name = format_ident!("decode_{}", op.name.trim_start_matches("r#"));
    let response = ident(&op.name);
    let ok = match &op.success {
        Success::Json(t) if untyped(t, named) => quote!(Ok(_) => Outcome::Json),
        Success::Json(_) => quote!(Ok(value) => typed(&value)),
        Success::Empty | Success::Bytes => quote!(Ok(_) => Outcome::Plain),
    };
    quote! {
        #[allow(deprecated)]
        fn #fn_name(response: http::Response<Vec<u8>>, secrets: &SentSecrets) -> Outcome {
            match super::response::#response(response, secrets) {
                #ok,
                Err(error) => failed(error),
            }
        }
    }
}

/// Whether a type is `serde_json::Value`, directly or through aliases.
fn untyped(t: &Type, named: &Named<'_>) -> bool {
    *t.unaliased(|name| named.get(name), 64) == Type::Json
}
