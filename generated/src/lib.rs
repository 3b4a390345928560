//! A typed async client for HubSpot's OAuth API.
//!
//! - [`v3`]: the current API: exchange an authorization code or a refresh token for tokens
//!   ([`v3::Client::create_token`]), introspect a token, revoke a refresh token.
//! - [`v1`]: the older API, deprecated by HubSpot except for its token endpoint.
//! - [`audit_logs_v3`]: HubSpot's Account Audit Logs API (login, security and audit-log
//!   activity, API usage, account details), whose activity lists page through
//!   [`runtime::Pager`]s; it takes a [`oauth::TokenRefresher`] as its `oauth2_legacy` credential.
//! - [`oauth`]: the flows an app runs on top of those calls: the authorization URL, PKCE,
//!   grant-specific token requests, a token set that knows when it expires, and a refresher that
//!   performs one refresh for many waiting tasks. A [`oauth::TokenRefresher`] is a
//!   [`runtime::CredentialProvider`]: clients generated for other HubSpot APIs take it as their
//!   `oauth2` credential ([`runtime::Credentials::provider`]).
//! - [`runtime`]: the transport under every generated client: retries, errors, redaction.
//! - `formats` (feature `typed-formats`, off by default): the typed dates and ids of clients
//!   generated with typed formats (`cargo xtask codegen --spec … --typed-formats`). `v3` and
//!   `v1` are generated without them: the only such value in HubSpot's OAuth specs is the error
//!   body's `correlationId` (`format: uuid`), an opaque text to quote in support tickets.
//!
//! `v3` and `v1` are generated from HubSpot's OpenAPI specs by `cargo xtask codegen` into
//! `src/api/`, the only folder it writes; everything else in `src/` is written by hand. Their doc
//! comments carry what the specs say (descriptions, formats, constraints, defaults, examples);
//! a field the spec says nothing about has no doc comment, and allows `missing_docs`.
//!
//! # Errors
//!
//! Every call returns [`Error`], whose variants say what to do next: the API answered with an
//! error status ([`Error::Api`], with the decoded error body when it matches the spec and the raw
//! body always), the transport failed, a 2xx body did not decode (with the JSON path), or a body
//! was larger than the configured cap. No error, and no `Debug` output of any request or
//! response type, contains a secret: tokens, codes, verifiers and client secrets print as
//! `<redacted>`, the entries of maps and free-form JSON under secret keys too, and URLs are
//! stripped from transport errors. Every value a request sent as a secret is also scrubbed from
//! whatever the client shows of the response (excerpts, messages, the correlation id), so a
//! server or proxy that echoes a secret in prose or HTML does not get it printed. Only the raw
//! accessors ([`runtime::ApiError::body`], [`runtime::ApiError::headers`],
//! [`runtime::ApiError::error`]) give the response as received, and say so.
//!
//! # Redirects
//!
//! Redirects are never followed, whatever HTTP client you configure: every request carries
//! credentials, and a `307` or `308` would send them, body included, to wherever it points. A
//! 3xx comes back as [`Error::Api`].
//!
//! # Retries
//!
//! Requests that are safe to repeat (introspection, revocation, `GET`, `DELETE`) are retried a
//! few times with exponential backoff and jitter on 429, 502, 503, 504 and connection failures,
//! honouring `Retry-After`. An authorization-code exchange is never sent twice (a code is
//! single-use): [`v3::Client::create_token`] sends once, and [`oauth::OAuthClient`] lets the
//! runtime retry only refresh, client-credentials, introspection and revocation requests. See
//! [`runtime`] for the details and [`runtime::Config`] to change them.

mod api;
#[cfg(feature = "typed-formats")]
pub mod formats;
pub mod oauth;
pub mod runtime;

pub use api::{audit_logs_v3, v1, v3};

pub use runtime::Error;
