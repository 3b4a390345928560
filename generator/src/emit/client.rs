//! The `Client`, and the `request`/`response` functions its methods are made of.

use std::collections::{BTreeSet, HashSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, ty, Named, Scope};
use crate::ir::{
    Api, AuthPlace, BodyEncoding, Operation, Param, ParamEncoding, ParamLocation, ParamStyle,
    PathPart, Success, Type, TypeKind,
};

pub(super) fn client(api: &Api) -> TokenStream {
    let title = format!(" A client for {}.", super::api_name(api));
    let absolute = api
        .base_url
        .as_deref()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let defaults = absolute.map(|url| {
        let url_doc = format!(" The API's base URL: `{url}`.");
        quote! {
            #[doc = #url_doc]
            pub const DEFAULT_BASE_URL: &'static str = #url;

            /// A client for [`Self::DEFAULT_BASE_URL`] with the default settings.
            pub fn new() -> Self {
                Self::with_base_url(Self::DEFAULT_BASE_URL)
            }
        }
    });
    let default_impl = absolute.map(|_| {
        quote! {
            impl Default for Client {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let methods = api.operations.iter().map(|op| {
        let call = method(op);
        let pages = super::pages::pages_method(op);
        quote!(#call #pages)
    });
    quote! {
        #[doc = #title]
        ///
        /// Each method sends one request and decodes the answer: the 2xx body into its type, any
        /// other status into [`crate::runtime::Error::Api`]. Cloning is cheap and shares the
        /// connection pool. Operations that take credentials send those of
        /// [`Client::with_credentials`]; `Debug` shows which schemes have one, never a value.
        #[derive(Clone, Debug)]
        pub struct Client {
            transport: crate::runtime::Transport,
            credentials: crate::runtime::Credentials,
        }

        impl Client {
            #defaults

            /// A client for another base URL (a proxy, a mock server) with the default settings.
            pub fn with_base_url(base_url: impl Into<String>) -> Self {
                Self::from_transport(crate::runtime::Transport::new(base_url))
            }

            /// A client whose HTTP client is built from the caller's builder (timeouts,
            /// proxies, pools). Redirects are never followed, whatever the builder's policy:
            /// see [`crate::runtime::Transport::with_http_client`].
            pub fn with_http_client(base_url: impl Into<String>, http: reqwest::ClientBuilder) -> Self {
                Self::from_transport(crate::runtime::Transport::with_http_client(base_url, http))
            }

            /// A client over an existing transport, without credentials.
            pub fn from_transport(transport: crate::runtime::Transport) -> Self {
                Self { transport, credentials: crate::runtime::Credentials::new() }
            }

            /// The same client with other settings (retries, body size cap).
            pub fn with_config(self, config: crate::runtime::Config) -> Self {
                Self { transport: self.transport.with_config(config), ..self }
            }

            /// The same client sending `credentials` (keyed by security scheme name) with the
            /// operations that take them; see [`crate::runtime::Credentials`].
            pub fn with_credentials(self, credentials: crate::runtime::Credentials) -> Self {
                Self { credentials, ..self }
            }

            /// The credentials this client sends.
            pub fn credentials(&self) -> &crate::runtime::Credentials {
                &self.credentials
            }

            /// The transport this client sends through.
            pub fn transport(&self) -> &crate::runtime::Transport {
                &self.transport
            }

            #(#methods)*
        }

        #default_impl
    }
}

/// `(path args, params arg, body arg)` as parameter declarations and as call arguments.
pub(super) struct Args {
    pub(super) decls: Vec<TokenStream>,
    pub(super) names: Vec<TokenStream>,
}

pub(super) fn args(op: &Operation, scope: Scope) -> Args {
    let mut decls = Vec::new();
    let mut names = Vec::new();
    for p in &op.path_params {
        let name = ident(&p.name);
        let t = arg_type(&p.ty, scope);
        decls.push(quote!(#name: #t));
        names.push(quote!(#name));
    }
    if let Some(params) = &op.params_type {
        let t = ty(&Type::Named(params.clone()), scope);
        decls.push(quote!(params: &#t));
        names.push(quote!(params));
    }
    if let Some(body) = &op.body {
        let t = match &body.encoding {
            BodyEncoding::Json(t) | BodyEncoding::Form(t) => borrowed(t, scope),
            BodyEncoding::Multipart(name) => {
                let t = ty(&Type::Named(name.clone()), scope);
                quote!(&#t)
            }
            BodyEncoding::Raw { .. } => quote!(Vec<u8>),
        };
        decls.push(quote!(body: #t));
        names.push(quote!(body));
        if multipart(&body.encoding) {
            decls.push(quote!(content_type: &str));
            names.push(quote!(content_type));
        }
    }
    Args { decls, names }
}

/// A multipart body the generator could not type is encoded by the caller, and its media type
/// carries the boundary, so the caller passes both.
fn multipart(encoding: &BodyEncoding) -> bool {
    matches!(encoding, BodyEncoding::Raw { content_type } if content_type.starts_with("multipart/"))
}

/// How a path parameter is taken: text by reference, numbers and booleans by value.
pub(super) fn arg_type(t: &Type, scope: Scope) -> TokenStream {
    match t {
        Type::String => quote!(&str),
        Type::Bool | Type::I64 | Type::F32 | Type::F64 => ty(t, scope),
        other => borrowed(other, scope),
    }
}

/// A borrowed value: `&[T]` for a list, `&T` otherwise.
fn borrowed(t: &Type, scope: Scope) -> TokenStream {
    match t {
        Type::Vec(inner) => {
            let inner = ty(inner, scope);
            quote!(&[#inner])
        }
        other => {
            let t = ty(other, scope);
            quote!(&#t)
        }
    }
}

fn success_type(op: &Operation, scope: Scope) -> TokenStream {
    match &op.success {
        Success::Json(t) => ty(t, scope),
        Success::Empty => quote!(()),
        Success::Bytes => quote!(Vec<u8>),
    }
}

fn method_docs(op: &Operation) -> TokenStream {
    let mut text = op.docs.clone().unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!("`{} {}`", op.method, op.template));
    if !op.retry_safe {
        text.push_str(" (sent at most once: never retried)");
    }
    if !op.security.is_empty() {
        let alternatives: Vec<String> = op
            .security
            .iter()
            .map(|schemes| match schemes.as_slice() {
                [] => "none".to_owned(),
                schemes => schemes
                    .iter()
                    .map(|s| format!("`{}`", s.name))
                    .collect::<Vec<_>>()
                    .join(" and "),
            })
            .collect();
        text.push_str(&format!("\n\nCredentials: {}.", alternatives.join(", or ")));
    }
    doc(Some(&text))
}

fn method(op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let docs = method_docs(op);
    let deprecated = op.deprecated.then(super::deprecated);
    let Args { decls, names } = args(op, Scope::Module);
    let ok = success_type(op, Scope::Module);
    let err = ty(&op.error, Scope::Module);
    let idempotency = if op.retry_safe {
        quote!(Safe)
    } else {
        quote!(Unsafe)
    };
    let many = (decls.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let send = if op.security.is_empty() {
        quote! {
            let secrets = request.secrets().clone();
            let response = self
                .transport
                .send(request, crate::runtime::Idempotency::#idempotency)
                .await?;
        }
    } else {
        let security = security(op);
        quote! {
            const SECURITY: &[&[crate::runtime::Scheme]] = #security;
            let (response, secrets) = self
                .transport
                .send_with_credentials(request, crate::runtime::Idempotency::#idempotency, &self.credentials, SECURITY)
                .await?;
        }
    };
    quote! {
        #docs
        #deprecated
        #many
        pub async fn #name(&self, #(#decls),*) -> Result<#ok, crate::runtime::Error<#err>> {
            // The arguments are read before any local is bound, so no argument name can be
            // shadowed by one.
            let request = request::#name(self.transport.base_url(), #(#names),*)?;
            #send
            response::#name(response, &secrets)
        }
    }
}

/// The operation's requirement alternatives as a `&[&[crate::runtime::Scheme]]` expression.
pub(super) fn security(op: &Operation) -> TokenStream {
    let alternatives = op.security.iter().map(|schemes| {
        let schemes = schemes.iter().map(|s| {
            let name = &s.name;
            match &s.place {
                AuthPlace::Bearer => quote!(crate::runtime::Scheme::bearer(#name)),
                AuthPlace::Basic => quote!(crate::runtime::Scheme::basic(#name)),
                AuthPlace::Header(key) => quote!(crate::runtime::Scheme::header(#name, #key)),
                AuthPlace::Query(key) => quote!(crate::runtime::Scheme::query(#name, #key)),
                AuthPlace::Cookie(key) => quote!(crate::runtime::Scheme::cookie(#name, #key)),
            }
        });
        quote!(&[#(#schemes),*])
    });
    quote!(&[#(#alternatives),*])
}

pub(super) fn request_fn(op: &Operation, named: &Named<'_>) -> TokenStream {
    let name = ident(&op.name);
    let docs = doc(Some(&format!(
        "Builds the request of [`super::Client::{}`].",
        op.name
    )));
    let deprecated = op.deprecated.then(super::deprecated);
    let Args { decls, .. } = args(op, Scope::Child);
    let method = ident(&op.method);
    // One expression, no locals: nothing the body binds can shadow a parameter, whatever the
    // parameters are called.
    let mut steps = Vec::new();
    for part in &op.path {
        steps.push(match part {
            PathPart::Literal(text) => quote!(.path(#text)),
            PathPart::Param(i) => path_step(&op.path_params[*i]),
        });
    }
    for p in &op.params {
        steps.push(param_step(p));
    }
    if let Some(b) = &op.body {
        steps.push(match &b.encoding {
            BodyEncoding::Json(t) => {
                let keys = secret_keys(t, named);
                quote!(.json(body, &[#(#keys),*])?)
            }
            BodyEncoding::Form(t) => {
                let keys = secret_keys(t, named);
                quote!(.form(body, &[#(#keys),*])?)
            }
            BodyEncoding::Multipart(name) => {
                let keys = named
                    .multipart(name)
                    .map(|def| super::multipart::multipart_secret_keys(def, named))
                    .unwrap_or_default();
                quote!(.multipart(body.to_multipart(), &[#(#keys),*])?)
            }
            BodyEncoding::Raw { .. } if multipart(&b.encoding) => {
                quote!(.raw(body, content_type))
            }
            BodyEncoding::Raw { content_type } => quote!(.raw(body, #content_type)),
        });
    }
    let many = (decls.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        #deprecated
        #many
        pub fn #name(base_url: &str, #(#decls),*) -> Result<crate::runtime::Request, crate::runtime::RequestError> {
            crate::runtime::RequestBuilder::new(http::Method::#method, base_url)
                #(#steps)*
                .build()
        }
    }
}

/// The wire names of the secret fields of a body type and of the types it contains, sorted:
/// the runtime records their values as secrets (beside those its own key rule finds).
pub(super) fn secret_keys(t: &Type, named: &Named<'_>) -> Vec<String> {
    fn walk<'a>(
        t: &'a Type,
        named: &Named<'a>,
        seen: &mut HashSet<&'a str>,
        keys: &mut BTreeSet<String>,
    ) {
        match t {
            Type::Named(name) | Type::Boxed(name) => {
                if !seen.insert(name.as_str()) {
                    return;
                }
                let Some(def) = named.get(name) else { return };
                match &def.kind {
                    TypeKind::Struct(s) => {
                        for f in &s.fields {
                            if f.secret {
                                keys.insert(f.wire.clone());
                            }
                            walk(&f.ty, named, seen, keys);
                        }
                        if let Some(additional) = &s.additional {
                            walk(additional, named, seen, keys);
                        }
                    }
                    TypeKind::Union(u) => {
                        for v in &u.variants {
                            walk(&v.ty, named, seen, keys);
                        }
                    }
                    TypeKind::Alias(target) | TypeKind::Newtype(target) => {
                        walk(target, named, seen, keys)
                    }
                    TypeKind::Enum(_) => {}
                }
            }
            Type::Vec(inner) | Type::Map(inner) => walk(inner, named, seen, keys),
            Type::Tuple(items) => items.iter().for_each(|t| walk(t, named, seen, keys)),
            _ => {}
        }
    }
    let mut keys = BTreeSet::new();
    walk(t, named, &mut HashSet::new(), &mut keys);
    keys.into_iter().collect()
}

/// The runtime's `Style` for a style of the IR.
fn style_tokens(style: ParamStyle) -> TokenStream {
    let variant = match style {
        ParamStyle::Matrix => quote!(Matrix),
        ParamStyle::Label => quote!(Label),
        ParamStyle::Form => quote!(Form),
        ParamStyle::Simple => quote!(Simple),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
    };
    quote!(crate::runtime::Style::#variant)
}

/// `(style, explode)` of an encoding; a JSON text is one value in the location's default style.
fn style_of(p: &Param) -> (ParamStyle, bool) {
    match p.encoding {
        ParamEncoding::Style { style, explode } => (style, explode),
        ParamEncoding::Json => match p.location {
            ParamLocation::Path | ParamLocation::Header => (ParamStyle::Simple, false),
            ParamLocation::Query | ParamLocation::Cookie => (ParamStyle::Form, true),
        },
    }
}

/// One path parameter, an argument of the request function, as a builder step.
fn path_step(p: &Param) -> TokenStream {
    let wire = &p.wire;
    let id = ident(&p.name);
    // Numbers and booleans are taken by value, everything else by reference.
    let by_value = matches!(p.ty, Type::Bool | Type::I64 | Type::F32 | Type::F64);
    let value = if by_value { quote!(&#id) } else { quote!(#id) };
    let value = match p.encoding {
        ParamEncoding::Json => quote!(&crate::runtime::JsonText::of(#value)?),
        ParamEncoding::Style { .. } => value,
    };
    let (style, explode) = style_of(p);
    let style = style_tokens(style);
    if p.secret {
        quote!(.secret_path_value(#wire, #style, #explode, #value))
    } else {
        quote!(.path_value(#wire, #style, #explode, #value))
    }
}

/// One query, header or cookie parameter, read from `params`, as a builder step.
fn param_step(p: &Param) -> TokenStream {
    let wire = &p.wire;
    let field = ident(&p.name);
    let value = match (&p.encoding, p.required) {
        (ParamEncoding::Style { .. }, _) => quote!(&params.#field),
        (ParamEncoding::Json, true) => quote!(&crate::runtime::JsonText::of(&params.#field)?),
        (ParamEncoding::Json, false) => {
            quote!(&params.#field.as_ref().map(crate::runtime::JsonText::of).transpose()?)
        }
    };
    let (style, explode) = style_of(p);
    let style = style_tokens(style);
    let secret = if p.secret { "secret_" } else { "" };
    match p.location {
        ParamLocation::Query | ParamLocation::Path => {
            let method = quote::format_ident!("{secret}query_value");
            quote!(.#method(#wire, #style, #explode, #value))
        }
        ParamLocation::Header => {
            let method = quote::format_ident!("{secret}header_value");
            quote!(.#method(#wire, #explode, #value))
        }
        ParamLocation::Cookie => {
            let method = quote::format_ident!("{secret}cookie_value");
            quote!(.#method(#wire, #explode, #value))
        }
    }
}

pub(super) fn response_fn(op: &Operation, tagged_unions: &HashSet<&str>) -> TokenStream {
    let name = ident(&op.name);
    let docs = doc(Some(&format!(
        "Decodes the response of [`super::Client::{}`].",
        op.name
    )));
    let deprecated = op.deprecated.then(super::deprecated);
    let ok = success_type(op, Scope::Child);
    let err = ty(&op.error, Scope::Child);
    let decode = match &op.success {
        Success::Json(t @ Type::Named(name)) if tagged_unions.contains(name.as_str()) => {
            let t = ty(t, Scope::Child);
            quote!(crate::runtime::decode_json_with(response, secrets, #t::from_json_slice))
        }
        Success::Json(_) => quote!(crate::runtime::decode_json(response, secrets)),
        Success::Empty => quote!(crate::runtime::decode_empty(response, secrets)),
        Success::Bytes => quote!(crate::runtime::decode_bytes(response, secrets)),
    };
    quote! {
        #docs
        ///
        /// `secrets` are those of the request this response answers
        /// ([`crate::runtime::Request::secrets`]): no error shows them.
        #deprecated
        pub fn #name(response: http::Response<Vec<u8>>, secrets: &crate::runtime::SentSecrets) -> Result<#ok, crate::runtime::Error<#err>> {
            #decode
        }
    }
}
