//! Client runtime shared by the generated API modules: request building, sending with a
//! bounded retry policy, response decoding, errors and secret redaction.
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
//! request therefore records every secret value it sends ([`SentSecrets`]: secret path
//! segments, query and header values, and body fields), and every text made from its response
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

use std::borrow::Cow;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use http::{Method, StatusCode};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The `User-Agent` of the default HTTP client: `<crate name>/<crate version>`.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Total timeout of one attempt (connect, send and read the whole response) of the default
/// HTTP client.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Connect timeout of the default HTTP client.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Default [`Config::max_body_bytes`]: 8 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Longest excerpt of a response body kept in errors, in characters.
const EXCERPT_CHARS: usize = 256;

/// Longest serde message kept in a [`DecodeError`], in characters.
const MESSAGE_CHARS: usize = 512;

/// Text that replaces secret values.
const REDACTED_TEXT: &str = "<redacted>";

/// Characters left as is in a path segment, a query name or a query value: RFC 3986
/// "unreserved" (`ALPHA / DIGIT / "-" / "." / "_" / "~"`); everything else is percent-encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

/// Settings of a [`Transport`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Largest response body accepted, in bytes (default 8 MiB); a larger body gives
    /// [`Error::BodyTooLarge`].
    pub max_body_bytes: usize,
    /// Retry policy for [`Idempotency::Safe`] requests.
    pub retry: RetryConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            retry: RetryConfig::default(),
        }
    }
}

impl Config {
    /// The default configuration (8 MiB body limit, default [`RetryConfig`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns this configuration with another body size limit.
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// Returns this configuration with another retry policy.
    pub fn with_retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }
}

/// Bounded exponential backoff with full jitter, applied to [`Idempotency::Safe`] requests only
/// (see the [module documentation](self) for the exact policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    /// How many times a request may be repeated after the first attempt (default 2).
    pub max_retries: u32,
    /// Upper bound of the first delay (default 250 ms); doubled for each further retry.
    pub initial_backoff: Duration,
    /// Upper bound of any delay (default 8 s); a `Retry-After` longer than this stops retrying.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_retries: 2,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
        }
    }
}

impl RetryConfig {
    /// A policy that never retries.
    pub fn disabled() -> Self {
        RetryConfig {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The jittered delay before retry number `retry` (0 for the first retry).
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        let ceiling = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let nanos = ceiling.as_nanos();
        let drawn = u128::from(random_u64()) % nanos.saturating_add(1);
        Duration::from_nanos(u64::try_from(drawn).unwrap_or(u64::MAX))
    }
}

/// A pseudo-random number from the standard library's randomly keyed hasher.
fn random_u64() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or(0);
    hasher.write_u128(now);
    hasher.finish()
}

/// Whether repeating a request is harmless; decides whether [`Transport::send`] may retry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Idempotency {
    /// Repeating the request has no further effect; it may be retried.
    Safe,
    /// The request must not be repeated (for example it spends a single-use code); it is sent
    /// exactly once.
    Unsafe,
}

// ---------------------------------------------------------------------------------------------
// Redaction
// ---------------------------------------------------------------------------------------------

/// A placeholder whose `Debug` and `Display` print `<redacted>`; used in place of secret values.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Redacted;

/// The [`Redacted`] placeholder, for `Debug` implementations of types holding secrets.
pub const REDACTED: Redacted = Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED_TEXT)
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED_TEXT)
    }
}

/// A JSON value whose `Debug` prints it as JSON text with the values of secret keys (see
/// [`is_secret_key`]) replaced by `"<redacted>"`, at any depth, including JSON text escaped
/// inside string values. `{:#?}` pretty-prints it.
#[derive(Clone, Copy)]
pub struct RedactedJson<'a>(pub &'a serde_json::Value);

impl fmt::Debug for RedactedJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let masked = mask_value(self.0);
        let text = if f.alternate() {
            serde_json::to_string_pretty(&masked)
        } else {
            serde_json::to_string(&masked)
        };
        match text {
            Ok(text) => f.write_str(&mask_text(&text)),
            Err(_) => f.write_str(REDACTED_TEXT),
        }
    }
}

/// A value printed by a formatting function: generated `Debug` implementations use it with
/// [`debug_map`], [`debug_vec`], [`debug_option`], [`debug_json`] and [`debug_plain`] to mask
/// the entries of maps and free-form JSON under secret keys, at any depth.
pub struct DebugWith<'a, T: ?Sized>(
    pub &'a T,
    pub fn(&T, &mut fmt::Formatter<'_>) -> fmt::Result,
);

impl<T: ?Sized> fmt::Debug for DebugWith<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.1)(self.0, f)
    }
}

/// Prints `value` with its own `Debug`.
pub fn debug_plain<T: fmt::Debug + ?Sized>(value: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    fmt::Debug::fmt(value, f)
}

/// Prints free-form JSON as [`RedactedJson`] does.
pub fn debug_json(value: &serde_json::Value, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    fmt::Debug::fmt(&RedactedJson(value), f)
}

/// Prints a map with the values under secret keys ([`is_secret_key`]) replaced by
/// `<redacted>`, and the others printed by `value`.
pub fn debug_map<V>(
    map: &std::collections::BTreeMap<String, V>,
    f: &mut fmt::Formatter<'_>,
    value: fn(&V, &mut fmt::Formatter<'_>) -> fmt::Result,
) -> fmt::Result {
    let mut out = f.debug_map();
    for (key, item) in map {
        if is_secret_key(key) {
            out.entry(key, &REDACTED);
        } else {
            out.entry(key, &DebugWith(item, value));
        }
    }
    out.finish()
}

/// [`debug_map`] for values whose own `Debug` is safe to show.
pub fn debug_plain_map<V: fmt::Debug>(
    map: &std::collections::BTreeMap<String, V>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    debug_map(map, f, debug_plain)
}

/// Prints a list, each item printed by `item`.
pub fn debug_vec<V>(
    items: &[V],
    f: &mut fmt::Formatter<'_>,
    item: fn(&V, &mut fmt::Formatter<'_>) -> fmt::Result,
) -> fmt::Result {
    f.debug_list()
        .entries(items.iter().map(|value| DebugWith(value, item)))
        .finish()
}

/// Prints an option, its value printed by `value`.
pub fn debug_option<V>(
    option: &Option<V>,
    f: &mut fmt::Formatter<'_>,
    value: fn(&V, &mut fmt::Formatter<'_>) -> fmt::Result,
) -> fmt::Result {
    match option {
        Some(inner) => f
            .debug_tuple("Some")
            .field(&DebugWith(inner, value))
            .finish(),
        None => f.write_str("None"),
    }
}

/// Whether values under `key` are secret: true when the last word of `key` (split into
/// lowercase words at non-alphanumeric characters and camelCase boundaries) is `token`,
/// `secret`, `signature`, `password`, `verifier`, `assertion` or `apikey`, or when the whole key
/// in snake_case is `code`, `hapikey` or `api_key`.
///
/// ```ignore
/// assert!(is_secret_key("refresh_token"));
/// assert!(is_secret_key("newSignature"));
/// assert!(is_secret_key("code"));
/// assert!(!is_secret_key("token_type"));
/// assert!(!is_secret_key("tokenId"));
/// ```
pub fn is_secret_key(key: &str) -> bool {
    let words = key_words(key);
    let Some(last) = words.last() else {
        return false;
    };
    if matches!(
        last.as_str(),
        "token" | "secret" | "signature" | "password" | "verifier" | "assertion" | "apikey"
    ) {
        return true;
    }
    matches!(words.join("_").as_str(), "code" | "hapikey" | "api_key")
}

/// Splits `key` into lowercase words the way snake_case conversion does.
fn key_words(key: &str) -> Vec<String> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    let mut words = Vec::new();
    for part in key.split(|c: char| !c.is_alphanumeric()) {
        let mut chars = part.char_indices().peekable();
        let mut start = 0;
        let mut mode = Mode::Boundary;
        while let Some((index, c)) = chars.next() {
            let Some(&(next_index, next)) = chars.peek() else {
                words.push(part[start..].to_lowercase());
                break;
            };
            let next_mode = if c.is_lowercase() {
                Mode::Lower
            } else if c.is_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_uppercase() {
                words.push(part[start..next_index].to_lowercase());
                start = next_index;
                mode = Mode::Boundary;
            } else if mode == Mode::Upper && c.is_uppercase() && next.is_lowercase() {
                if index > start {
                    words.push(part[start..index].to_lowercase());
                }
                start = index;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
    words.retain(|word| !word.is_empty());
    words
}

/// A copy of `value` with the values of secret keys replaced by `"<redacted>"`.
fn mask_value(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let value = if is_secret_key(key) {
                        serde_json::Value::String(REDACTED_TEXT.to_owned())
                    } else {
                        mask_value(value)
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.iter().map(mask_value).collect())
        }
        other => other.clone(),
    }
}

/// Masks secrets in free text (truncated JSON, form encoding, HTML, escaped JSON inside a JSON
/// string...): the value after `<secret key>:` or `<secret key>=` (the key possibly quoted), and
/// the credential after `Bearer `.
fn mask_text(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !is_ident_byte(bytes[i]) || (i > 0 && is_ident_byte(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < bytes.len() && is_ident_byte(bytes[end]) {
            end += 1;
        }
        let key = text.get(start..end).unwrap_or("");
        let value_start = if key.eq_ignore_ascii_case("bearer") && bytes.get(end) == Some(&b' ') {
            Some(end + 1)
        } else {
            let mut j = end;
            let mut skipped = 0;
            while skipped < 8 && j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b'\\' | b' ')
            {
                j += 1;
                skipped += 1;
            }
            if j < bytes.len() && matches!(bytes[j], b':' | b'=') && is_secret_key(key) {
                j += 1;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r' | b'\n') {
                    j += 1;
                }
                Some(j)
            } else {
                None
            }
        };
        if let Some(value_start) = value_start {
            let (value_end, replacement) = secret_value_span(bytes, value_start);
            if value_end > value_start {
                out.push_str(text.get(copied..value_start).unwrap_or(""));
                out.push_str(replacement);
                copied = value_end;
                i = value_end;
                continue;
            }
        }
        i = end;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

fn is_ident_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

/// The end of the value starting at `start` and the text that replaces it.
fn secret_value_span(bytes: &[u8], start: usize) -> (usize, &'static str) {
    let len = bytes.len();
    match bytes.get(start) {
        None => (start, ""),
        Some(b'\\') if bytes.get(start + 1) == Some(&b'"') => {
            let mut k = start + 2;
            while k < len {
                if bytes[k] == b'\\' && bytes.get(k + 1) == Some(&b'"') {
                    return (k + 2, "\\\"<redacted>\\\"");
                }
                k += 1;
            }
            (len, "\\\"<redacted>\\\"")
        }
        Some(&quote) if quote == b'"' || quote == b'\'' => {
            let mut k = start + 1;
            while k < len {
                if bytes[k] == b'\\' {
                    k += 2;
                    continue;
                }
                if bytes[k] == quote {
                    k += 1;
                    break;
                }
                k += 1;
            }
            let replacement = if quote == b'"' {
                "\"<redacted>\""
            } else {
                "'<redacted>'"
            };
            (k.min(len), replacement)
        }
        Some(b'{') | Some(b'[') => {
            let mut depth = 0usize;
            let mut in_string = false;
            let mut k = start;
            while k < len {
                let byte = bytes[k];
                if in_string {
                    if byte == b'\\' {
                        k += 1;
                    } else if byte == b'"' {
                        in_string = false;
                    }
                } else if byte == b'"' {
                    in_string = true;
                } else if byte == b'{' || byte == b'[' {
                    depth += 1;
                } else if byte == b'}' || byte == b']' {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return ((k + 1).min(len), "\"<redacted>\"");
                    }
                }
                k += 1;
            }
            (len, "\"<redacted>\"")
        }
        Some(_) => {
            let mut k = start;
            while k < len
                && !bytes[k].is_ascii_whitespace()
                && !matches!(
                    bytes[k],
                    b'&' | b',' | b';' | b'}' | b']' | b')' | b'<' | b'>' | b'"' | b'\'' | b'\\'
                )
            {
                k += 1;
            }
            (k, REDACTED_TEXT)
        }
    }
}

/// The secret values one request carried (secret path segments, query values, header values
/// and body fields), kept in every form a server may echo them in, so that no text made from
/// the response shows them: error `Display` and `Debug` output, excerpts, messages, the
/// correlation id and the `Content-Type`.
///
/// Each value is kept as sent and percent-encoded (as in a path or query, and as in a form
/// body, with upper and lower case hex), JSON-escaped and HTML-escaped. [`SentSecrets::scrub`]
/// replaces every occurrence of any of them with `<redacted>`. Cheap to clone; `Debug` shows
/// only how many values it holds.
///
/// [`RequestBuilder`] collects them as it builds a [`Request`]; the generated `response`
/// decoders take them so that a response decoded without a network is scrubbed the same way.
#[derive(Clone, Default)]
pub struct SentSecrets {
    /// Every form of every value, longest first.
    patterns: Arc<[String]>,
}

impl SentSecrets {
    /// No secrets: nothing is scrubbed (key-based masking still applies).
    pub fn none() -> Self {
        Self::default()
    }

    /// The set of the given values (empty values are ignored).
    pub fn from_values<I, S>(values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut patterns = Vec::new();
        for value in values {
            push_forms(&mut patterns, value.as_ref());
        }
        Self::from_patterns(patterns)
    }

    fn from_patterns(mut patterns: Vec<String>) -> Self {
        patterns.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        patterns.dedup();
        SentSecrets {
            patterns: patterns.into(),
        }
    }

    /// Whether the set holds no value.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// `text` with every occurrence of a secret value, in any of its forms, replaced by
    /// `<redacted>`.
    pub fn scrub<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.patterns.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for pattern in self.patterns.iter() {
            spans.extend(
                text.match_indices(pattern.as_str())
                    .map(|(start, found)| (start, start + found.len())),
            );
        }
        if spans.is_empty() {
            return Cow::Borrowed(text);
        }
        spans.sort_unstable();
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for (start, end) in spans {
            if end <= copied {
                continue;
            }
            if start >= copied {
                out.push_str(&text[copied..start]);
                out.push_str(REDACTED_TEXT);
            }
            copied = end;
        }
        out.push_str(&text[copied..]);
        Cow::Owned(out)
    }
}

impl fmt::Debug for SentSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SentSecrets")
            .field("forms", &self.patterns.len())
            .finish()
    }
}

/// Collects the forms of secret values while a request is built.
#[derive(Default)]
struct SecretCollector {
    patterns: Vec<String>,
}

impl SecretCollector {
    fn add(&mut self, value: &str) {
        push_forms(&mut self.patterns, value);
    }

    /// Adds the values under secret keys (by [`is_secret_key`] or listed in `keys`) of a JSON
    /// value, at any depth: every string, number and boolean below such a key.
    fn add_json(&mut self, value: &serde_json::Value, keys: &[&str], under_secret: bool) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    let secret = under_secret || keys.contains(&key.as_str()) || is_secret_key(key);
                    self.add_json(value, keys, secret);
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    self.add_json(item, keys, under_secret);
                }
            }
            serde_json::Value::String(text) if under_secret => self.add(text),
            serde_json::Value::Number(number) if under_secret => self.add(&number.to_string()),
            _ => {}
        }
    }

    /// Adds the values of secret fields of a form-encoded body.
    fn add_form(&mut self, encoded: &str, keys: &[&str]) {
        for (key, value) in form_pairs(encoded) {
            if keys.contains(&key.as_str()) || is_secret_key(&key) {
                self.add(&value);
            }
        }
    }

    fn finish(self) -> SentSecrets {
        SentSecrets::from_patterns(self.patterns)
    }
}

/// The decoded `name=value` pairs of a form-encoded text.
fn form_pairs(encoded: &str) -> impl Iterator<Item = (String, String)> + '_ {
    encoded
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(key), form_decode(value))
        })
}

fn form_decode(text: &str) -> String {
    let plus_as_space = text.replace('+', " ");
    percent_encoding::percent_decode_str(&plus_as_space)
        .decode_utf8_lossy()
        .into_owned()
}

/// Characters left as is by `application/x-www-form-urlencoded` (the WHATWG URL standard's
/// set, as `serde_urlencoded` writes it); a space becomes `+`.
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b' ');

/// Pushes `value` and each encoded form of it that differs from it.
fn push_forms(patterns: &mut Vec<String>, value: &str) {
    if value.is_empty() {
        return;
    }
    let mut forms = vec![value.to_owned()];
    let component = utf8_percent_encode(value, COMPONENT).to_string();
    let form = utf8_percent_encode(value, FORM)
        .to_string()
        .replace(' ', "+");
    for encoded in [component, form] {
        forms.push(lower_hex(&encoded));
        forms.push(encoded);
    }
    if let Ok(json) = serde_json::to_string(value) {
        let json = &json[1..json.len() - 1];
        forms.push(json.replace('/', "\\/"));
        forms.push(json.to_owned());
    }
    let html = value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    forms.push(html.replace("&quot;", "&#34;").replace("&#39;", "&#x27;"));
    forms.push(html);
    for form in forms {
        if !form.is_empty() && !patterns.contains(&form) {
            patterns.push(form);
        }
    }
}

/// Percent-encoded text with its hex digits in lower case.
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut rest = encoded;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let (escape, tail) = rest[i..].split_at(3.min(rest.len() - i));
        out.push_str(&escape.to_ascii_lowercase());
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// A short excerpt of `body` with secrets masked: JSON is masked by key, the values the
/// request sent as secrets are scrubbed from the whole text, then any text is masked
/// lexically, and the result is capped at [`EXCERPT_CHARS`] characters.
fn body_excerpt(body: &[u8], secrets: &SentSecrets) -> String {
    let text = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => serde_json::to_string(&mask_value(&value)).unwrap_or_default(),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    cap_chars(&mask_text(&secrets.scrub(&text)), EXCERPT_CHARS)
}

/// Text made from a response (a header value, a decoder's message), scrubbed of the sent
/// secrets and capped at `max` characters.
fn response_text(text: &str, secrets: &SentSecrets, max: usize) -> String {
    cap_chars(&secrets.scrub(text), max)
}

fn cap_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => {
            let mut capped = text.get(..cut).unwrap_or("").to_owned();
            capped.push('…');
            capped
        }
        None => text.to_owned(),
    }
}

/// Replaces the contents of every `"…"` and `` `…` `` literal in a serde message.
fn mask_message_literals(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut open: Option<char> = None;
    for c in message.chars() {
        match open {
            Some(quote) if c == quote => {
                out.push_str(REDACTED_TEXT);
                out.push(c);
                open = None;
            }
            Some(_) => {}
            None => {
                out.push(c);
                if c == '"' || c == '`' {
                    open = Some(c);
                }
            }
        }
    }
    if open.is_some() {
        out.push_str(REDACTED_TEXT);
    }
    out
}

/// The origin (`scheme://host:port`) of `url`, without user info, path or query.
fn url_origin(url: &str) -> Cow<'static, str> {
    match url.parse::<http::Uri>() {
        Ok(uri) => match (uri.scheme_str(), uri.authority()) {
            (Some(scheme), Some(authority)) => {
                let host_port = authority
                    .as_str()
                    .rsplit_once('@')
                    .map_or(authority.as_str(), |(_, host)| host);
                Cow::Owned(format!("{scheme}://{host_port}"))
            }
            _ => Cow::Borrowed("<invalid URL>"),
        },
        Err(_) => Cow::Borrowed("<invalid URL>"),
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Everything that can go wrong with a call; `E` is the type of the API's error bodies.
///
/// `Display` and `Debug` never show a URL, a request body or a secret value.
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The API answered with a non-2xx status.
    Api(ApiError<E>),
    /// The request could not be sent or the response could not be received.
    Transport(TransportError),
    /// A 2xx response body could not be decoded.
    Decode(DecodeError),
    /// The response body exceeded [`Config::max_body_bytes`].
    BodyTooLarge(BodyTooLarge),
    /// The request could not be built.
    Request(RequestError),
}

impl<E> Error<E> {
    /// The HTTP status of the response the error comes from, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status()),
            Error::Decode(error) => Some(error.status()),
            Error::BodyTooLarge(error) => Some(error.status()),
            Error::Transport(_) | Error::Request(_) => None,
        }
    }

    /// Whether the failure looks transient (status 429, 502, 503 or 504, a connect failure or
    /// a timeout), so that trying again later may succeed. This says nothing about whether
    /// repeating the request is harmless.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(error) => is_retryable_status(error.status()),
            Error::Transport(error) => error.is_connect() || error.is_timeout(),
            Error::Decode(_) | Error::BodyTooLarge(_) | Error::Request(_) => false,
        }
    }

    /// The delay the server asked for in a `Retry-After` header, for an [`Error::Api`].
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(error) => error.retry_after(),
            _ => None,
        }
    }

    /// The server's correlation id, for an [`Error::Api`].
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            Error::Api(error) => error.correlation_id(),
            _ => None,
        }
    }

    /// The API error, if this is an [`Error::Api`].
    pub fn as_api(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }
}

impl<E> From<RequestError> for Error<E> {
    fn from(error: RequestError) -> Self {
        Error::Request(error)
    }
}

impl<E> From<ApiError<E>> for Error<E> {
    fn from(error: ApiError<E>) -> Self {
        Error::Api(error)
    }
}

impl<E> From<TransportError> for Error<E> {
    fn from(error: TransportError) -> Self {
        Error::Transport(error)
    }
}

impl<E> From<DecodeError> for Error<E> {
    fn from(error: DecodeError) -> Self {
        Error::Decode(error)
    }
}

impl<E> From<BodyTooLarge> for Error<E> {
    fn from(error: BodyTooLarge) -> Self {
        Error::BodyTooLarge(error)
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => fmt::Display::fmt(error, f),
            Error::Transport(error) => fmt::Display::fmt(error, f),
            Error::Decode(error) => fmt::Display::fmt(error, f),
            Error::BodyTooLarge(error) => fmt::Display::fmt(error, f),
            Error::Request(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl<E: fmt::Debug + 'static> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => f.debug_tuple("Api").field(error).finish(),
            Error::Transport(error) => f.debug_tuple("Transport").field(error).finish(),
            Error::Decode(error) => f.debug_tuple("Decode").field(error).finish(),
            Error::BodyTooLarge(error) => f.debug_tuple("BodyTooLarge").field(error).finish(),
            Error::Request(error) => f.debug_tuple("Request").field(error).finish(),
        }
    }
}

impl<E: fmt::Debug + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => std::error::Error::source(error),
            Error::Api(_) | Error::Decode(_) | Error::BodyTooLarge(_) | Error::Request(_) => None,
        }
    }
}

fn is_retryable_status(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS
            | StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
}

/// A non-2xx answer from the API: status, headers, the raw body and, when the body decoded as
/// `E`, the decoded error.
///
/// `Display` shows the status and the correlation id; `Debug` adds the content type, the body's
/// length and a short excerpt of it. Everything they show, and every accessor returning text
/// made from the response ([`ApiError::correlation_id`], [`ApiError::content_type`],
/// [`ApiError::body_excerpt`]), is scrubbed of the secret values the request sent (see
/// [`SentSecrets`]) and masked by key. The raw accessors ([`ApiError::body`],
/// [`ApiError::into_body`], [`ApiError::headers`], [`ApiError::error`],
/// [`ApiError::into_error`]) give the data as received, **not redacted**.
pub struct ApiError<E = serde_json::Value> {
    inner: Box<ApiErrorParts<E>>,
}

struct ApiErrorParts<E> {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    error: Option<E>,
    secrets: SentSecrets,
    /// [`ApiError::correlation_id`], scrubbed.
    correlation_id: Option<String>,
    /// [`ApiError::content_type`], scrubbed.
    content_type: Option<String>,
}

/// Longest correlation id or content type kept, in characters.
const HEADER_TEXT_CHARS: usize = 128;

/// The one field of an error body read whatever its schema.
#[derive(Deserialize)]
struct CorrelationId {
    #[serde(rename = "correlationId")]
    correlation_id: Option<String>,
}

impl<E: DeserializeOwned> ApiError<E> {
    /// Builds the error for a response, decoding the body as `E` when it can be; `secrets` are
    /// the secret values of the request it answers, scrubbed from every text the error shows.
    pub fn from_response(response: http::Response<Vec<u8>>, secrets: &SentSecrets) -> Self {
        let (parts, body) = response.into_parts();
        let error = serde_json::from_slice::<E>(&body).ok();
        let correlation_id = ["x-hubspot-correlation-id", "x-request-id"]
            .iter()
            .find_map(|name| parts.headers.get(*name)?.to_str().ok().map(str::to_owned))
            .or_else(|| {
                serde_json::from_slice::<CorrelationId>(&body)
                    .ok()
                    .and_then(|c| c.correlation_id)
            })
            .map(|id| response_text(&id, secrets, HEADER_TEXT_CHARS));
        let content_type = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| response_text(value, secrets, HEADER_TEXT_CHARS));
        ApiError {
            inner: Box::new(ApiErrorParts {
                status: parts.status,
                headers: parts.headers,
                body,
                error,
                secrets: secrets.clone(),
                correlation_id,
                content_type,
            }),
        }
    }
}

impl<E> ApiError<E> {
    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }

    /// The delay the server asked for in the `Retry-After` header (seconds or an HTTP date; a
    /// date in the past gives zero).
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(&self.inner.headers)
    }

    /// The server's request id: the `x-hubspot-correlation-id` header, else `x-request-id`,
    /// else the `correlationId` of a JSON error body; scrubbed of the sent secrets and capped
    /// at 128 characters.
    pub fn correlation_id(&self) -> Option<&str> {
        self.inner.correlation_id.as_deref()
    }

    /// The response headers as received: **not redacted** (a server may echo a secret in
    /// one).
    pub fn headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    /// The raw response body, whatever its format (JSON, HTML from a proxy, empty...), as
    /// received: **not redacted** (a server may echo a secret in it).
    pub fn body(&self) -> &[u8] {
        &self.inner.body
    }

    /// The body decoded as `E`, or `None` when it did not decode. The values are as received,
    /// **not redacted**; the generated error types' `Debug` masks secret fields and the
    /// entries of maps and free-form JSON under secret keys.
    pub fn error(&self) -> Option<&E> {
        self.inner.error.as_ref()
    }

    /// The `Content-Type` of the response, if present and readable; scrubbed of the sent
    /// secrets and capped at 128 characters.
    pub fn content_type(&self) -> Option<&str> {
        self.inner.content_type.as_deref()
    }

    /// A short excerpt of the body with secrets masked (by key, and every value the request
    /// sent as a secret), as shown by `Debug`.
    pub fn body_excerpt(&self) -> String {
        body_excerpt(&self.inner.body, &self.inner.secrets)
    }

    /// Takes the raw body: **not redacted**.
    pub fn into_body(self) -> Vec<u8> {
        self.inner.body
    }

    /// Takes the decoded error: **not redacted**.
    pub fn into_error(self) -> Option<E> {
        self.inner.error
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered HTTP {}", self.inner.status)?;
        if let Some(id) = self.correlation_id() {
            write!(f, " (correlation id {id})")?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug + 'static> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.inner.status)
            .field("correlation_id", &self.correlation_id())
            .field("content_type", &self.content_type())
            // The decoded body is not printed: a typed error body can carry secrets under keys
            // its own `Debug` does not mask (an error `context` map). The excerpt below shows
            // the same content with secret values masked; `error()` gives the typed value.
            .field("decoded", &self.inner.error.is_some())
            .field("body_len", &self.inner.body.len())
            .field("body", &self.body_excerpt())
            .finish()
    }
}

impl<E: fmt::Debug + 'static> std::error::Error for ApiError<E> {}

/// The request could not be sent or the response could not be received (connect failure,
/// timeout, TLS, broken connection...). The underlying [`reqwest::Error`] never carries the
/// URL, which may hold secrets.
pub struct TransportError {
    inner: TransportInner,
}

enum TransportInner {
    Reqwest(reqwest::Error),
    Setup(Arc<reqwest::Error>),
}

impl TransportError {
    fn new(error: reqwest::Error) -> Self {
        TransportError {
            inner: TransportInner::Reqwest(error.without_url()),
        }
    }

    fn reqwest(&self) -> &reqwest::Error {
        match &self.inner {
            TransportInner::Reqwest(error) => error,
            TransportInner::Setup(error) => error,
        }
    }

    /// Whether a timeout expired (while connecting or later).
    pub fn is_timeout(&self) -> bool {
        self.reqwest().is_timeout()
    }

    /// Whether the connection could not be established (the request was not sent).
    pub fn is_connect(&self) -> bool {
        self.reqwest().is_connect()
    }

    fn kind(&self) -> TransportKind {
        if matches!(self.inner, TransportInner::Setup(_)) {
            TransportKind::Setup
        } else if self.is_connect() && self.is_timeout() {
            TransportKind::ConnectTimeout
        } else if self.is_connect() {
            TransportKind::Connect
        } else if self.is_timeout() {
            TransportKind::Timeout
        } else {
            TransportKind::Other
        }
    }
}

#[derive(Debug)]
enum TransportKind {
    Setup,
    ConnectTimeout,
    Connect,
    Timeout,
    Other,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind() {
            TransportKind::Setup => "the HTTP client could not be initialised",
            TransportKind::ConnectTimeout => "timed out while connecting to the server",
            TransportKind::Connect => "could not connect to the server",
            TransportKind::Timeout => "the request timed out",
            TransportKind::Other => "the HTTP exchange failed",
        })
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind())
            .field("source", self.reqwest())
            .finish()
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.reqwest())
    }
}

/// A 2xx response body did not decode into the expected type.
#[derive(Clone)]
pub struct DecodeError {
    inner: Box<DecodeErrorParts>,
}

#[derive(Clone)]
struct DecodeErrorParts {
    status: StatusCode,
    path: String,
    message: String,
    excerpt: String,
}

impl DecodeError {
    fn new(
        status: StatusCode,
        body: &[u8],
        error: serde_path_to_error::Error<serde_json::Error>,
        secrets: &SentSecrets,
    ) -> Self {
        let secret_path = error.path().iter().any(|segment| match segment {
            serde_path_to_error::Segment::Map { key } => is_secret_key(key),
            _ => false,
        });
        let message = error.inner().to_string();
        let message = if secret_path {
            mask_message_literals(&message)
        } else {
            message
        };
        Self::from_parts(
            status,
            response_text(&error.path().to_string(), secrets, MESSAGE_CHARS),
            response_text(&message, secrets, MESSAGE_CHARS),
            body_excerpt(body, secrets),
        )
    }

    fn from_parts(status: StatusCode, path: String, message: String, excerpt: String) -> Self {
        DecodeError {
            inner: Box::new(DecodeErrorParts {
                status,
                path,
                message,
                excerpt,
            }),
        }
    }

    /// The JSON path where decoding failed, such as `signed_access_token.appId` (`.` for the
    /// whole body); scrubbed of the sent secrets.
    pub fn path(&self) -> &str {
        &self.inner.path
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }

    /// A short excerpt of the body with secrets masked (by key, and every value the request
    /// sent as a secret).
    pub fn excerpt(&self) -> &str {
        &self.inner.excerpt
    }

    /// The decoder's message: quoted values masked when the path goes through a secret key, and
    /// scrubbed of the sent secrets.
    pub fn message(&self) -> &str {
        &self.inner.message
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the response body (HTTP {}) at `{}`: {}",
            self.inner.status, self.inner.path, self.inner.message
        )
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.inner.status)
            .field("path", &self.inner.path)
            .field("message", &self.inner.message)
            .field("excerpt", &self.inner.excerpt)
            .finish()
    }
}

impl std::error::Error for DecodeError {}

/// The response body exceeded [`Config::max_body_bytes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyTooLarge {
    limit: usize,
    status: StatusCode,
}

impl BodyTooLarge {
    /// The limit that was exceeded, in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the response body (HTTP {}) exceeds the limit of {} bytes",
            self.status, self.limit
        )
    }
}

impl std::error::Error for BodyTooLarge {}

/// The request could not be built (invalid base URL, body encoding failure, invalid header...).
/// The message never contains the URL's path or query, nor any header value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    message: Cow<'static, str>,
}

impl RequestError {
    fn new(message: impl Into<Cow<'static, str>>) -> Self {
        RequestError {
            message: message.into(),
        }
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not build the request: {}", self.message)
    }
}

impl std::error::Error for RequestError {}

// ---------------------------------------------------------------------------------------------
// Request building
// ---------------------------------------------------------------------------------------------

/// Builds a [`Request`] from a base URL, path template pieces, query parameters, headers and
/// a body, and collects the secret values it carries. Nothing is sent.
///
/// ```ignore
/// let request = RequestBuilder::new(http::Method::GET, "https://api.example.com/")
///     .path("/oauth/v1/refresh-tokens/")
///     .secret_path_param("a/b c")
///     .query("limit", Some("10"))
///     .query("after", None)
///     .build()
///     .unwrap();
/// assert_eq!(
///     request.http().uri(),
///     "https://api.example.com/oauth/v1/refresh-tokens/a%2Fb%20c?limit=10"
/// );
/// assert!(!format!("{request:?}").contains("a%2Fb"));
/// ```
#[must_use]
pub struct RequestBuilder {
    method: Method,
    base_url: String,
    path: String,
    /// The path with each parameter written `{}`: what `Debug` of the request shows.
    path_shape: String,
    query: String,
    query_names: Vec<String>,
    headers: Vec<(String, String)>,
    body: Option<(Vec<u8>, String)>,
    secrets: SecretCollector,
    error: Option<RequestError>,
}

impl fmt::Debug for RequestBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("origin", &url_origin(&self.base_url))
            .field("path", &self.path_shape)
            .finish_non_exhaustive()
    }
}

impl RequestBuilder {
    /// Starts a request to `base_url` (with or without a trailing `/`).
    pub fn new(method: Method, base_url: impl AsRef<str>) -> Self {
        RequestBuilder {
            method,
            base_url: base_url.as_ref().to_owned(),
            path: String::new(),
            path_shape: String::new(),
            query: String::new(),
            query_names: Vec::new(),
            headers: Vec::new(),
            body: None,
            secrets: SecretCollector::default(),
            error: None,
        }
    }

    fn fail(&mut self, error: RequestError) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// Appends literal path text as is (for example `/oauth/v1/refresh-tokens/`).
    pub fn path(mut self, literal: &str) -> Self {
        self.path.push_str(literal);
        self.path_shape.push_str(literal);
        self
    }

    /// Appends `value` as one path segment, percent-encoding every character outside the
    /// RFC 3986 unreserved set (so `/`, `?`, `#`, `%`, `+` and spaces stay inside the segment).
    /// An empty value, `.` or `..` would change which resource is addressed: `build` then fails.
    pub fn path_param(mut self, value: &str) -> Self {
        if value.is_empty() || value == "." || value == ".." {
            self.fail(RequestError::new(
                "a path parameter is empty or a dot segment",
            ));
        }
        self.path.extend(utf8_percent_encode(value, COMPONENT));
        self.path_shape.push_str("{}");
        self
    }

    /// [`RequestBuilder::path_param`] for a secret value (a token in the path).
    pub fn secret_path_param(mut self, value: &str) -> Self {
        self.secrets.add(value);
        self.path_param(value)
    }

    /// Adds the query parameter `name=value`, both percent-encoded; `None` adds nothing.
    pub fn query(mut self, name: &str, value: Option<&str>) -> Self {
        if let Some(value) = value {
            self.query
                .push(if self.query.is_empty() { '?' } else { '&' });
            self.query.extend(utf8_percent_encode(name, COMPONENT));
            self.query.push('=');
            self.query.extend(utf8_percent_encode(value, COMPONENT));
            self.query_names.push(name.to_owned());
        }
        self
    }

    /// [`RequestBuilder::query`] for a secret value.
    pub fn secret_query(mut self, name: &str, value: Option<&str>) -> Self {
        if let Some(value) = value {
            self.secrets.add(value);
        }
        self.query(name, value)
    }

    /// Adds `name=value` once per value (an array parameter, `explode: true`).
    pub fn query_values<I>(self, name: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        values.into_iter().fold(self, |builder, value| {
            builder.query(name, Some(value.as_ref()))
        })
    }

    /// [`RequestBuilder::query_values`] for secret values.
    pub fn secret_query_values<I>(self, name: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        values.into_iter().fold(self, |builder, value| {
            builder.secret_query(name, Some(value.as_ref()))
        })
    }

    /// Adds a header; `None` adds nothing. An invalid name or value makes `build` fail.
    pub fn header(mut self, name: &str, value: Option<&str>) -> Self {
        if let Some(value) = value {
            self.headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// [`RequestBuilder::header`] for a secret value.
    pub fn secret_header(mut self, name: &str, value: Option<&str>) -> Self {
        if let Some(value) = value {
            self.secrets.add(value);
        }
        self.header(name, value)
    }

    /// Adds the header once per value.
    pub fn header_values<I>(self, name: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        values.into_iter().fold(self, |builder, value| {
            builder.header(name, Some(value.as_ref()))
        })
    }

    /// [`RequestBuilder::header_values`] for secret values.
    pub fn secret_header_values<I>(self, name: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        values.into_iter().fold(self, |builder, value| {
            builder.secret_header(name, Some(value.as_ref()))
        })
    }

    /// Sets the body to `body` encoded as `application/x-www-form-urlencoded`. The values of
    /// fields whose key is secret ([`is_secret_key`]) or listed in `secret_keys` are secrets.
    pub fn form<T: Serialize + ?Sized>(
        mut self,
        body: &T,
        secret_keys: &[&str],
    ) -> Result<Self, RequestError> {
        let encoded = serde_urlencoded::to_string(body).map_err(|error| {
            RequestError::new(format!("the form body could not be encoded: {error}"))
        })?;
        self.secrets.add_form(&encoded, secret_keys);
        self.body = Some((
            encoded.into_bytes(),
            "application/x-www-form-urlencoded".to_owned(),
        ));
        Ok(self)
    }

    /// Sets the body to `body` encoded as `application/json`. The values under keys that are
    /// secret ([`is_secret_key`]) or listed in `secret_keys`, at any depth, are secrets.
    pub fn json<T: Serialize + ?Sized>(
        mut self,
        body: &T,
        secret_keys: &[&str],
    ) -> Result<Self, RequestError> {
        let encoded = serde_json::to_vec(body).map_err(|error| {
            RequestError::new(format!("the JSON body could not be encoded: {error}"))
        })?;
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&encoded) {
            self.secrets.add_json(&value, secret_keys, false);
        }
        self.body = Some((encoded, "application/json".to_owned()));
        Ok(self)
    }

    /// Sets the body to `bytes` with the given content type.
    pub fn raw(mut self, bytes: Vec<u8>, content_type: &str) -> Self {
        self.body = Some((bytes, content_type.to_owned()));
        self
    }

    /// Validates the URL and headers and returns the request.
    pub fn build(self) -> Result<Request, RequestError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let base = self.base_url.trim_end_matches('/');
        if base.contains(['?', '#']) {
            return Err(RequestError::new(
                "the base URL must not contain a query or a fragment",
            ));
        }
        let base_uri = base
            .parse::<http::Uri>()
            .map_err(|error| RequestError::new(format!("the base URL is invalid ({error})")))?;
        if !matches!(base_uri.scheme_str(), Some("http" | "https")) || base_uri.host().is_none() {
            return Err(RequestError::new(
                "the base URL is not an absolute http or https URL",
            ));
        }
        let mut url = String::with_capacity(base.len() + self.path.len() + self.query.len() + 1);
        url.push_str(base);
        let mut path_shape = self.path_shape;
        if !self.path.is_empty() && !self.path.starts_with('/') {
            url.push('/');
            path_shape.insert(0, '/');
        }
        url.push_str(&self.path);
        url.push_str(&self.query);
        let uri = url.parse::<http::Uri>().map_err(|error| {
            RequestError::new(format!("the request path is not a valid URI ({error})"))
        })?;

        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                RequestError::new(format!("invalid header name `{}`", cap_chars(name, 64)))
            })?;
            let header_value = HeaderValue::from_str(value).map_err(|_| {
                RequestError::new(format!("invalid value for header `{header_name}`"))
            })?;
            headers.append(header_name, header_value);
        }
        let body = match self.body {
            Some((bytes, content_type)) => {
                if !headers.contains_key(CONTENT_TYPE) {
                    let value = HeaderValue::from_str(&content_type)
                        .map_err(|_| RequestError::new("invalid content type"))?;
                    headers.insert(CONTENT_TYPE, value);
                }
                bytes
            }
            None => Vec::new(),
        };

        let mut request = http::Request::new(body);
        *request.method_mut() = self.method;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        Ok(Request {
            http: request,
            secrets: self.secrets.finish(),
            shape: Some(RequestShape {
                path: path_shape,
                query: self.query_names,
            }),
        })
    }
}

/// A request ready to send: the [`http::Request`] and the secret values it carries.
///
/// `Debug` shows the method, the origin, the path with each parameter written `{}`, the names
/// of the query parameters and headers, and the body's length: never a parameter value, a
/// header value or the body, which may all hold secrets. [`Request::http`] and
/// [`Request::into_parts`] give the request itself, **not redacted**: send it, don't print it.
///
/// [`Transport::send`] sends it; a request built by other means converts with `From`, with no
/// known secrets.
pub struct Request {
    http: http::Request<Vec<u8>>,
    secrets: SentSecrets,
    shape: Option<RequestShape>,
}

/// What `Debug` of a [`Request`] shows of its URL.
struct RequestShape {
    path: String,
    query: Vec<String>,
}

impl Request {
    /// The HTTP request, **not redacted**: its URI, headers and body may hold secrets.
    pub fn http(&self) -> &http::Request<Vec<u8>> {
        &self.http
    }

    /// The HTTP request, mutable (to add a header, for example), **not redacted**.
    pub fn http_mut(&mut self) -> &mut http::Request<Vec<u8>> {
        &mut self.http
    }

    /// The secret values the request carries; pass them to the `response` decoders.
    pub fn secrets(&self) -> &SentSecrets {
        &self.secrets
    }

    /// The HTTP request (**not redacted**) and its secret values.
    pub fn into_parts(self) -> (http::Request<Vec<u8>>, SentSecrets) {
        (self.http, self.secrets)
    }
}

impl From<http::Request<Vec<u8>>> for Request {
    fn from(http: http::Request<Vec<u8>>) -> Self {
        Request {
            http,
            secrets: SentSecrets::none(),
            shape: None,
        }
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let uri = self.http.uri();
        let origin = match (uri.scheme_str(), uri.authority()) {
            (Some(scheme), Some(authority)) => {
                url_origin(&format!("{scheme}://{}", authority.as_str()))
            }
            _ => Cow::Borrowed("<none>"),
        };
        let headers: Vec<&str> = self.http.headers().keys().map(HeaderName::as_str).collect();
        let mut debug = f.debug_struct("Request");
        debug
            .field("method", self.http.method())
            .field("origin", &origin);
        if let Some(shape) = &self.shape {
            debug
                .field("path", &shape.path)
                .field("query", &shape.query);
        }
        debug
            .field("headers", &headers)
            .field("body_len", &self.http.body().len())
            .finish_non_exhaustive()
    }
}

// ---------------------------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------------------------

/// Sends requests with a [`reqwest::Client`], applying the retry policy and the body size
/// limit of its [`Config`]. Cheap to clone.
#[derive(Clone)]
pub struct Transport {
    client: ClientSlot,
    base_url: String,
    config: Config,
}

#[derive(Clone)]
enum ClientSlot {
    Ready(reqwest::Client),
    Failed(Arc<reqwest::Error>),
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("origin", &url_origin(&self.base_url))
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// A transport for `base_url` with a default client: [`DEFAULT_TIMEOUT`] per attempt,
    /// [`DEFAULT_CONNECT_TIMEOUT`], [`USER_AGENT`], rustls, and redirects not followed (a 3xx
    /// is returned as a response). If that client cannot be initialised, every `send` fails
    /// with a [`TransportError`].
    pub fn new(base_url: impl Into<String>) -> Self {
        let builder = reqwest::Client::builder()
            .timeout(DEFAULT_TIMEOUT)
            .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
            .user_agent(USER_AGENT);
        Self::with_http_client(base_url, builder)
    }

    /// A transport for `base_url` with a client built from your own builder: its timeouts,
    /// proxy, TLS settings, pool and default headers apply, but **redirects are never
    /// followed**, whatever redirect policy the builder has. The requests carry credentials
    /// (client secrets, codes, tokens), and following a `307` or `308` would send them again,
    /// body included, to wherever the `Location` points; a 3xx is returned as a response (an
    /// [`ApiError`] once decoded), as with [`Transport::new`]. If the builder fails to build,
    /// every `send` fails with a [`TransportError`].
    pub fn with_http_client(base_url: impl Into<String>, builder: reqwest::ClientBuilder) -> Self {
        let client = match builder.redirect(reqwest::redirect::Policy::none()).build() {
            Ok(client) => ClientSlot::Ready(client),
            Err(error) => ClientSlot::Failed(Arc::new(error.without_url())),
        };
        Transport {
            client,
            base_url: base_url.into(),
            config: Config::default(),
        }
    }

    /// Returns this transport with another configuration.
    pub fn with_config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The base URL requests are built against.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `request`, retrying it per the policy when `idempotency` is
    /// [`Idempotency::Safe`], and returns the response whatever its status (a 3xx included:
    /// redirects are not followed). Errors are transport failures, [`Error::BodyTooLarge`] and
    /// requests that cannot be converted for the HTTP client ([`Error::Request`]); none shows
    /// anything of the request or the response body.
    pub async fn send<E>(
        &self,
        request: Request,
        idempotency: Idempotency,
    ) -> Result<http::Response<Vec<u8>>, Error<E>> {
        let client = match &self.client {
            ClientSlot::Ready(client) => client,
            ClientSlot::Failed(error) => {
                return Err(Error::Transport(TransportError {
                    inner: TransportInner::Setup(Arc::clone(error)),
                }))
            }
        };
        let (parts, body) = request.http.into_parts();
        let url = reqwest::Url::parse(&parts.uri.to_string())
            .map_err(|_| RequestError::new("the request URI is not a valid URL"))?;
        let retry = self.config.retry;
        let max_retries = match idempotency {
            Idempotency::Safe => retry.max_retries,
            Idempotency::Unsafe => 0,
        };
        let mut retries = 0u32;
        loop {
            let mut attempt = reqwest::Request::new(parts.method.clone(), url.clone());
            *attempt.headers_mut() = parts.headers.clone();
            *attempt.body_mut() = Some(reqwest::Body::from(body.clone()));
            let outcome = self.attempt(client, attempt).await;
            let delay = match &outcome {
                _ if retries >= max_retries => None,
                Ok(response) if is_retryable_status(response.status()) => {
                    match retry_after(response.headers()) {
                        Some(wait) if wait > retry.max_backoff => None,
                        Some(wait) => Some(wait),
                        None => Some(retry.backoff(retries)),
                    }
                }
                Err(Error::Transport(error)) if error.is_connect() => Some(retry.backoff(retries)),
                _ => None,
            };
            match delay {
                Some(delay) => {
                    tokio::time::sleep(delay).await;
                    retries += 1;
                }
                None => return outcome,
            }
        }
    }

    /// One attempt: send, then read the body within the size limit.
    async fn attempt<E>(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
    ) -> Result<http::Response<Vec<u8>>, Error<E>> {
        let mut response = client
            .execute(request)
            .await
            .map_err(|error| Error::Transport(TransportError::new(error)))?;
        let status = response.status();
        let limit = self.config.max_body_bytes;
        let too_large = || Error::BodyTooLarge(BodyTooLarge { limit, status });
        let declared = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok());
        if let Some(declared) = declared {
            if declared > u64::try_from(limit).unwrap_or(u64::MAX) {
                return Err(too_large());
            }
        }
        let capacity = declared
            .and_then(|declared| usize::try_from(declared).ok())
            .unwrap_or(0)
            .min(limit)
            .min(1024 * 1024);
        let mut body = Vec::with_capacity(capacity);
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| Error::Transport(TransportError::new(error)))?
        {
            if chunk.len() > limit.saturating_sub(body.len()) {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let version = response.version();
        let headers = std::mem::take(response.headers_mut());
        let mut out = http::Response::new(body);
        *out.status_mut() = status;
        *out.version_mut() = version;
        *out.headers_mut() = headers;
        Ok(out)
    }
}

/// The delay asked for by a `Retry-After` header: whole seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let date = parse_http_date(value)?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Parses an HTTP date: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) or asctime (`Sun Nov  6 08:49:37 1994`).
fn parse_http_date(text: &str) -> Option<SystemTime> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let (day, month, year, time) = match tokens.as_slice() {
        [weekday, day, month, year, time, "GMT"] if weekday.ends_with(',') => {
            (*day, *month, year.parse::<i64>().ok()?, *time)
        }
        [weekday, date, time, "GMT"] if weekday.ends_with(',') => {
            let mut pieces = date.split('-');
            let (day, month, year) = (pieces.next()?, pieces.next()?, pieces.next()?);
            if pieces.next().is_some() || year.len() != 2 {
                return None;
            }
            let year = year.parse::<i64>().ok()?;
            (
                day,
                month,
                if year < 70 { 2000 + year } else { 1900 + year },
                *time,
            )
        }
        [_weekday, month, day, time, year] => (*day, *month, year.parse::<i64>().ok()?, *time),
        _ => return None,
    };
    let day = day.parse::<i64>().ok()?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|name| *name == month)?;
    let mut clock = time.split(':').map(|piece| piece.parse::<i64>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if clock.next().is_some()
        || !(1..=31).contains(&day)
        || !(0..24).contains(&hour)
        || !(0..60).contains(&minute)
        || !(0..=60).contains(&second)
        || !(1970..=9999).contains(&year)
    {
        return None;
    }
    let month = i64::try_from(month).ok()? + 1;
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).ok()?))
}

/// Days from 1970-01-01 to the given proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

/// Decodes a 2xx response body as JSON into `T`; an empty body is a [`DecodeError`]. A non-2xx
/// response becomes [`Error::Api`], its body decoded as `E` when it can be.
///
/// `secrets` are the secret values of the request this response answers ([`Request::secrets`]):
/// no error shows them.
pub fn decode_json<T: DeserializeOwned, E: DeserializeOwned>(
    response: http::Response<Vec<u8>>,
    secrets: &SentSecrets,
) -> Result<T, Error<E>> {
    let (status, body) = success_body(response, secrets)?;
    // Path tracking costs on every value, so it runs only to explain a failure.
    if let Ok(value) = serde_json::from_slice(&body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(&body);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| Error::Decode(DecodeError::new(status, &body, error, secrets)))?;
    deserializer
        .end()
        .map_err(|error| whole_body_error(status, &body, &error, secrets))?;
    Ok(value)
}

/// Decodes a 2xx JSON body with `decode`, the tag-first decoder of a generated tagged union
/// (`from_json_slice`); status, empty bodies and malformed JSON are handled as in
/// [`decode_json`].
pub fn decode_json_with<T, E: DeserializeOwned>(
    response: http::Response<Vec<u8>>,
    secrets: &SentSecrets,
    decode: fn(&[u8]) -> Result<T, serde_json::Error>,
) -> Result<T, Error<E>> {
    let (status, body) = success_body(response, secrets)?;
    decode(&body).map_err(|error| whole_body_error(status, &body, &error, secrets))
}

/// The status and body of a 2xx response with a non-empty body; any other status is an
/// [`Error::Api`].
fn success_body<E: DeserializeOwned>(
    response: http::Response<Vec<u8>>,
    secrets: &SentSecrets,
) -> Result<(StatusCode, Vec<u8>), Error<E>> {
    let status = response.status();
    if !status.is_success() {
        return Err(Error::Api(ApiError::from_response(response, secrets)));
    }
    let body = response.into_body();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Decode(DecodeError::from_parts(
            status,
            ".".to_owned(),
            "the response body is empty, a JSON value was expected".to_owned(),
            String::new(),
        )));
    }
    Ok((status, body))
}

/// A decode error about the body as a whole (malformed JSON, trailing data).
fn whole_body_error<E>(
    status: StatusCode,
    body: &[u8],
    error: &serde_json::Error,
    secrets: &SentSecrets,
) -> Error<E> {
    Error::Decode(DecodeError::from_parts(
        status,
        ".".to_owned(),
        response_text(&error.to_string(), secrets, MESSAGE_CHARS),
        body_excerpt(body, secrets),
    ))
}

/// The string value of `property` in a JSON object, found without decoding or allocating the
/// rest of the body, and without reading past it; `None` when the body is not an object, has
/// no such property before any malformed JSON, or its value is not a string. Generated tagged
/// unions read their tag with it first, then decode the variant straight from the bytes, with
/// no intermediate buffer.
pub fn json_tag(bytes: &[u8], property: &str) -> Option<String> {
    if let Some(tag) = leading_tag(bytes, property) {
        return Some(tag.to_owned());
    }
    let mut found = None;
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    // The visitor stops the parse with an error as soon as it holds the tag: the rest of the
    // body is read once, by the variant's own decoder.
    let _ =
        serde::Deserializer::deserialize_map(&mut deserializer, TagVisitor(property, &mut found));
    found
}

/// The tag when it is the object's first property and a plain string (no escapes): read
/// straight from the bytes, the common case, with no parser at all.
fn leading_tag<'b>(bytes: &'b [u8], property: &str) -> Option<&'b str> {
    fn skip_ws(bytes: &[u8]) -> &[u8] {
        let start = bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(bytes.len());
        &bytes[start..]
    }
    let rest = skip_ws(bytes).strip_prefix(b"{")?;
    let rest = skip_ws(rest).strip_prefix(b"\"")?;
    let rest = rest
        .strip_prefix(property.as_bytes())?
        .strip_prefix(b"\"")?;
    let rest = skip_ws(rest).strip_prefix(b":")?;
    let rest = skip_ws(rest).strip_prefix(b"\"")?;
    let end = rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    if rest[end] != b'"' {
        return None;
    }
    std::str::from_utf8(&rest[..end]).ok()
}

/// Walks a JSON object up to one property and keeps its string value.
struct TagVisitor<'p, 'f>(&'p str, &'f mut Option<String>);

impl<'de> serde::de::Visitor<'de> for TagVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(is_tag) = map.next_key_seed(KeyIs(self.0))? {
            if is_tag {
                *self.1 = map.next_value::<Option<String>>()?;
                return Err(serde::de::Error::custom("the tag is found"));
            }
            map.next_value::<serde::de::IgnoredAny>()?;
        }
        Ok(())
    }
}

/// Reads a key and says whether it is the wanted one, without allocating.
struct KeyIs<'p>(&'p str);

impl<'de> serde::de::DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

/// Accepts any 2xx response, ignoring its body. A non-2xx response becomes [`Error::Api`], its
/// body decoded as `E` when it can be; `secrets` as in [`decode_json`].
pub fn decode_empty<E: DeserializeOwned>(
    response: http::Response<Vec<u8>>,
    secrets: &SentSecrets,
) -> Result<(), Error<E>> {
    if response.status().is_success() {
        Ok(())
    } else {
        Err(Error::Api(ApiError::from_response(response, secrets)))
    }
}

/// Decodes a response whose 2xx body is not JSON (a file, a CSV export): the bytes as sent.
///
/// Any other status is an [`Error::Api`], as in [`decode_json`].
pub fn decode_bytes<E: DeserializeOwned>(
    response: http::Response<Vec<u8>>,
    secrets: &SentSecrets,
) -> Result<Vec<u8>, Error<E>> {
    if response.status().is_success() {
        Ok(response.into_body())
    } else {
        Err(Error::Api(ApiError::from_response(response, secrets)))
    }
}
