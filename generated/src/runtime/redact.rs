//! Masking by key: the secret-key rule, `<redacted>` placeholders, `Debug` helpers for maps and
//! free-form JSON, and the excerpts and messages errors show of a response.

use std::borrow::Cow;
use std::fmt;

use super::SentSecrets;

/// Longest excerpt of a response body kept in errors, in characters.
pub(super) const EXCERPT_CHARS: usize = 256;

/// Longest serde message kept in a [`DecodeError`](super::DecodeError), in characters.
pub(super) const MESSAGE_CHARS: usize = 512;

/// Text that replaces secret values.
pub(super) const REDACTED_TEXT: &str = "<redacted>";

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
pub(super) fn mask_value(value: &serde_json::Value) -> serde_json::Value {
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
pub(super) fn mask_text(text: &str) -> String {
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

/// A short excerpt of `body` with secrets masked: JSON is masked by key, the values the
/// request sent as secrets are scrubbed from the whole text, then any text is masked
/// lexically, and the result is capped at [`EXCERPT_CHARS`] characters.
pub(super) fn body_excerpt(body: &[u8], secrets: &SentSecrets) -> String {
    let text = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => serde_json::to_string(&mask_value(&value)).unwrap_or_default(),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    cap_chars(&mask_text(&secrets.scrub(&text)), EXCERPT_CHARS)
}

/// Text made from a response (a header value, a decoder's message), scrubbed of the sent
/// secrets and capped at `max` characters.
pub(super) fn response_text(text: &str, secrets: &SentSecrets, max: usize) -> String {
    cap_chars(&secrets.scrub(text), max)
}

pub(super) fn cap_chars(text: &str, max: usize) -> String {
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
pub(super) fn mask_message_literals(message: &str) -> String {
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
pub(super) fn url_origin(url: &str) -> Cow<'static, str> {
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
