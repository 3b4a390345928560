//! Client runtime shared by the generated API modules: request building, credentials, sending
//! with a bounded retry policy, response decoding, errors and secret redaction.
//!
//! # Sending
//!
//! [`Transport`] sends a [`Request`] built by [`RequestBuilder`] with a [`reqwest::Client`]
//! (built from your `reqwest::ClientBuilder`, or a default one with a 30 s total timeout, a
//! 10 s connect timeout and the [`USER_AGENT`]), reads the body up to
//! [`Config::max_body_bytes`] and hands back an [`http::Response`] whatever its status.
//! Redirects are never followed, whatever the client's policy: a request carries credentials,
//! and a 3xx comes back as a response. [`decode_json`] and [`decode_empty`] then turn that
//! response into a value or an [`Error`].
//!
//! # TLS
//!
//! HTTPS goes through rustls with the platform's certificate verifier (or the roots your
//! builder adds), never OpenSSL. The default feature `tls-aws-lc` uses aws-lc-rs, reqwest's
//! own provider, with post-quantum hybrid key exchange. With `default-features = false,
//! features = ["tls-ring"]`, the first [`Transport`] installs rustls's `ring` provider as the
//! process's default instead, unless the application installed one before: a consumer's cold
//! build then takes about 0.6 times as long (`cargo xtask bench`), but `ring` has no
//! post-quantum key exchange, which is why rustls marks its provider deprecated.
//!
//! # Retry policy
//!
//! Every request is marked with an [`Idempotency`]:
//!
//! * [`Idempotency::Unsafe`] requests (for example exchanging a single-use OAuth authorization
//!   code) are sent **exactly once**, whatever happens.
//! * [`Idempotency::Safe`] requests are retried at most [`RetryConfig::max_retries`] times when
//!   - the server answered `429 Too Many Requests`, `502 Bad Gateway`, `503 Service Unavailable`
//!     or `504 Gateway Timeout`, or
//!   - the connection could not be established ([`TransportError::is_connect`], including a
//!     connect timeout): the request never reached the server.
//!
//!   Other transport failures are not retried, in particular a timeout after the connection was
//!   established: the server may already have processed the request, and retrying would
//!   multiply the time the caller waits beyond the client's timeout.
//!
//! The delay before retry `n` (counting from 0) is drawn uniformly from
//! `0..=min(max_backoff, initial_backoff * 2^n)` ("full jitter"). When a retryable response
//! carries a `Retry-After` header (delay in seconds or an HTTP date), that delay is used instead.
//! A `Retry-After` longer than [`RetryConfig::max_backoff`] stops the retries: the response is
//! returned as is, so the caller gets an [`ApiError`] whose [`ApiError::retry_after`] says how
//! long the server asked to wait. When the retries are exhausted the last response (or error)
//! is returned.
//!
//! # Body size
//!
//! A response whose `Content-Length` exceeds [`Config::max_body_bytes`] is rejected before its
//! body is read; otherwise the body is read chunk by chunk and reading stops as soon as the
//! total exceeds the limit. Both cases give [`Error::BodyTooLarge`].
//!
//! # Parameters
//!
//! [`RequestBuilder`] writes path, query, header and cookie parameters by their OpenAPI
//! [`Style`] and `explode` ([`RequestBuilder::query_value`] and its siblings take any
//! [`ToParam`] value); every cookie goes into one `Cookie` header. See the `params` module
//! source for how each style writes a scalar, a list and an object.
//!
//! # Multipart bodies
//!
//! A generated `multipart/form-data` body type lists its parts as a [`Multipart`] (files as
//! [`FilePart`]s, other values as text or JSON text), and
//! [`RequestBuilder::multipart`] encodes it (RFC 7578) with a fresh boundary no part contains;
//! see the `multipart` module source for what each value becomes, and why the runtime encodes
//! the body itself.
//!
//! # Credentials
//!
//! A generated client sends [`Credentials`] (keyed by the spec's security scheme names) with the
//! operations that require them, through [`Transport::send_with_credentials`]: the first
//! requirement alternative whose schemes all have a credential is used; none, and the call fails
//! with [`Error::Credentials`] before anything is sent. A credential is a fixed value or a
//! [`CredentialProvider`] (any pair of async closures, through [`provider_fn`]). After a
//! `401 Unauthorized`, each provider used is told ([`CredentialProvider::rejected`]) and an
//! [`Idempotency::Safe`] request is sent once more with fresh credentials; an `Unsafe` one is
//! not, and the 401 is returned. Credentials are recorded as secrets of the request (see below),
//! and neither [`Credentials`] nor [`Credential`] shows a value in `Debug`.
//!
//! # Paging
//!
//! A list operation whose pages are linked by a cursor gets a `…_pages` method returning a
//! [`Pager`]: its items across pages, each page requested only when the previous one has been
//! read, up to [`Pager::max_pages`]; paging stops at a page without a next cursor (or with an
//! empty one, or the same one again) and after an error.
//!
//! # Secrets
//!
//! No error, [`Request`], [`Transport`] or [`Config`] shows a URL path or query, a request body
//! or a secret value in its `Display` or `Debug` output: transport errors drop the URL, a
//! [`Request`] shows only its path template and parameter names, response bodies are shown only
//! as short excerpts with secret values masked, and serde messages about secret fields have
//! their quoted values masked.
//!
//! A server or proxy may also echo a value it was sent in free text (`"refresh token abc… is
//! not valid"`, `<input name="client_secret" value="…">`), where no key says it is secret. The
//! request therefore records every secret value it sends ([`SentSecrets`]: each text of a
//! secret path, query, header or cookie parameter, whatever its style, the secret properties of
//! object parameters, and body fields), and every text made from its response
//! (excerpts, decoder messages and paths, the correlation id, the `Content-Type`) has those
//! values scrubbed, as sent and in their percent-, form-, JSON- and HTML-encoded forms. The raw
//! accessors ([`ApiError::body`], [`ApiError::headers`], [`ApiError::error`]) are not
//! redacted.
//!
//! A key (JSON object key, form field, struct field) is secret when, split into lowercase words
//! (at `_`, `-` and other non-alphanumeric characters, and at camelCase boundaries, as snake_case
//! conversion does), its **last** word is one of `token`, `secret`, `signature`, `password`,
//! `verifier`, `assertion` or `apikey`, or all its words joined by `_` are `code`, `hapikey` or
//! `api_key`. So `access_token`, `refresh_token`, `id_token`, `client_secret`, `code`,
//! `code_verifier`, `client_assertion`, `newSignature` and `signed_access_token` are secret,
//! while `token_type`, `token_type_hint`, `client_assertion_type`, `tokenId` and `client_id`
//! are not. See [`is_secret_key`], [`REDACTED`] and [`RedactedJson`].

mod auth;
mod config;
mod decode;
mod error;
mod multipart;
mod pager;
mod params;
mod redact;
mod request;
mod secrets;
mod transport;

pub use auth::{
    provider_fn, BoxFuture, Credential, CredentialError, CredentialProvider, Credentials,
    CredentialsError, IgnoreRejected, ProviderFn, Scheme,
};
pub use config::{
    Config, Idempotency, RetryConfig, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_BYTES,
    DEFAULT_TIMEOUT, USER_AGENT,
};
pub use decode::{decode_bytes, decode_empty, decode_json, decode_json_with, json_tag};
pub use error::{ApiError, BodyTooLarge, DecodeError, Error, RequestError, TransportError};
pub use multipart::{FilePart, Multipart};
pub use pager::{Page, Pager};
pub use params::{JsonText, ParamPair, ParamText, ParamValue, Style, ToParam};
pub use redact::{
    debug_json, debug_map, debug_option, debug_plain, debug_plain_map, debug_vec, is_secret_key,
    DebugWith, Redacted, RedactedJson, REDACTED,
};
pub use request::{Request, RequestBuilder};
pub use secrets::SentSecrets;
pub use transport::Transport;
