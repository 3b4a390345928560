//! The secret values a request sent, and scrubbing them from text made from its response.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::is_secret_key;
use super::redact::REDACTED_TEXT;
use super::request::COMPONENT;

/// The secret values one request carried (secret path, query, header and cookie parameter
/// values, and body fields), kept in every form a server may echo them in, so that no text made from
/// the response shows them: error `Display` and `Debug` output, excerpts, messages, the
/// correlation id and the `Content-Type`.
///
/// Each value is kept as sent and percent-encoded (as in a path or query, and as in a form
/// body, with upper and lower case hex), JSON-escaped and HTML-escaped. [`SentSecrets::scrub`]
/// replaces every occurrence of any of them with `<redacted>`. Cheap to clone; `Debug` shows
/// only how many values it holds.
///
/// [`RequestBuilder`](super::RequestBuilder) collects them as it builds a
/// [`Request`](super::Request); the generated `response`
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

    /// The set of the given values (empty values are ignored), for a request built by other
    /// means than [`RequestBuilder`](super::RequestBuilder).
    pub fn from_values<I, S>(values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut collector = SecretCollector::default();
        for value in values {
            collector.add(value.as_ref());
        }
        collector.finish()
    }

    fn from_patterns(mut patterns: Vec<String>) -> Self {
        patterns.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        patterns.dedup();
        SentSecrets {
            patterns: patterns.into(),
        }
    }

    /// This set and the given values (credentials added to a request after it was built).
    pub(super) fn with_values<S: AsRef<str>>(&self, values: &[S]) -> Self {
        let mut patterns = self.patterns.to_vec();
        for value in values {
            push_forms(&mut patterns, value.as_ref());
        }
        Self::from_patterns(patterns)
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
pub(super) struct SecretCollector {
    patterns: Vec<String>,
}

impl SecretCollector {
    pub(super) fn add(&mut self, value: &str) {
        push_forms(&mut self.patterns, value);
    }

    /// Adds the values under secret keys (by [`is_secret_key`] or listed in `keys`) of a JSON
    /// value, at any depth: every string, number and boolean below such a key.
    pub(super) fn add_json(
        &mut self,
        value: &serde_json::Value,
        keys: &[&str],
        under_secret: bool,
    ) {
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
    pub(super) fn add_form(&mut self, encoded: &str, keys: &[&str]) {
        for (key, value) in form_pairs(encoded) {
            if keys.contains(&key.as_str()) || is_secret_key(&key) {
                self.add(&value);
            }
        }
    }

    pub(super) fn finish(self) -> SentSecrets {
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
    // Duplicates are removed once, when the set is made (`SentSecrets::from_patterns`).
    patterns.extend(forms.into_iter().filter(|form| !form.is_empty()));
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
