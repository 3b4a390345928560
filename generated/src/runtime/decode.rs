//! Decoding a response: JSON bodies, empty bodies, bytes, and the tag of a tagged union.

use std::fmt;

use http::StatusCode;
use serde::de::DeserializeOwned;

use super::redact::{body_excerpt, response_text, MESSAGE_CHARS};
use super::{ApiError, DecodeError, Error, SentSecrets};

/// Decodes a 2xx response body as JSON into `T`; an empty body is a [`DecodeError`]. A non-2xx
/// response becomes [`Error::Api`], its body decoded as `E` when it can be.
///
/// `secrets` are the secret values of the request this response answers
/// ([`Request::secrets`](super::Request::secrets)):
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
