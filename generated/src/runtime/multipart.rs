//! `multipart/form-data` bodies (RFC 7578): [`Multipart`], its [`FilePart`]s, and the encoder
//! [`RequestBuilder::multipart`](super::RequestBuilder::multipart) calls.
//!
//! The runtime builds an `http::Request<Vec<u8>>` itself, without sending it (the generated
//! `request` functions need no network), so the body is encoded here rather than by reqwest's
//! `multipart` feature, which streams a form only into a `reqwest::Request` it sends. The
//! encoder is small: one part per value, each
//!
//! ```text
//! --{boundary}\r\n
//! Content-Disposition: form-data; name="{name}"[; filename="{file name}"]\r\n
//! [Content-Type: {content type}\r\n]
//! \r\n
//! {bytes}\r\n
//! ```
//!
//! then `--{boundary}--\r\n`. Names and file names are written as UTF-8 with `"`, CR and LF
//! percent-encoded (`%22`, `%0D`, `%0A`), as browsers write them (the HTML standard's form
//! encoding; RFC 7578 §4.2 forbids `filename*`), so no name can end its header or its quoted
//! string. The boundary is random (`form-boundary-` and 32 hex digits) and checked against every
//! part: a boundary any part contains is drawn again.
//!
//! What each value becomes (the OpenAPI 3.0.3 Encoding Object's defaults):
//! - a [`FilePart`]: its bytes, its file name, and its content type, else the one the spec
//!   gives the property, else `application/octet-stream`;
//! - a string, number or boolean: its text, with no `Content-Type` (RFC 7578 §4.4: `text/plain`);
//! - an object: its JSON text, `Content-Type: application/json`;
//! - an array: one part per item, each by the rules above ("the default is defined based on the
//!   inner type"), so a list of strings is repeated text parts;
//! - `null` (an absent optional value): no part.
//!
//! A content type the spec's `encoding` gives a property replaces the default one on each of
//! its parts; the value is written the same way.

use std::fmt;

use serde::Serialize;

use super::secrets::SecretCollector;
use super::{is_secret_key, RequestError};

/// A file sent as one part of a multipart body: its file name, content type and bytes.
///
/// `Debug` shows the file name, the content type and the number of bytes, never the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file name sent in `Content-Disposition` (`filename="…"`).
    pub file_name: String,
    /// The part's `Content-Type`; `None`: the spec's for the property, else
    /// `application/octet-stream`.
    pub content_type: Option<String>,
    /// The content.
    pub bytes: Vec<u8>,
}

impl FilePart {
    /// A file of this name and content, with the default content type.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            file_name: file_name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// The same file sent with this content type (`image/png`).
    pub fn with_content_type(self, content_type: impl Into<String>) -> Self {
        FilePart {
            content_type: Some(content_type.into()),
            ..self
        }
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &ByteCount(self.bytes.len()))
            .finish()
    }
}

/// Prints `<N bytes>`.
struct ByteCount(usize);

impl fmt::Debug for ByteCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// The parts of a `multipart/form-data` body, in order. Generated multipart body types make
/// one (`to_multipart`); [`RequestBuilder::multipart`](super::RequestBuilder::multipart) encodes
/// it. A value that cannot be written (a content type with a line break, a value serde cannot
/// serialize) is remembered, and encoding fails with it.
///
/// `Debug` shows each part's name, file name, content type and length, never its content.
#[derive(Default)]
pub struct Multipart {
    parts: Vec<Part>,
    error: Option<RequestError>,
}

struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
    /// The value a text or JSON part was made from: where its secrets are found.
    value: Option<serde_json::Value>,
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for part in &self.parts {
            list.entry(&format_args!(
                "{{ name: {:?}, file_name: {:?}, content_type: {:?}, bytes: <{} bytes> }}",
                part.name,
                part.file_name,
                part.content_type,
                part.bytes.len()
            ));
        }
        list.finish()
    }
}

impl Multipart {
    /// No parts.
    pub fn new() -> Self {
        Self::default()
    }

    fn fail(&mut self, error: RequestError) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// Adds one file part; its content type is the file's, else `default_content_type`, else
    /// `application/octet-stream`.
    pub fn file(self, name: &str, file: &FilePart, default_content_type: Option<&str>) -> Self {
        self.files(name, std::iter::once(file), default_content_type)
    }

    /// Adds one file part per file, all under `name` (RFC 7578 §4.3); see [`Multipart::file`].
    pub fn files<'f, I>(mut self, name: &str, files: I, default_content_type: Option<&str>) -> Self
    where
        I: IntoIterator<Item = &'f FilePart>,
    {
        for file in files {
            let content_type = file
                .content_type
                .as_deref()
                .or(default_content_type)
                .unwrap_or("application/octet-stream");
            self.push(
                name,
                Some(&file.file_name),
                Some(content_type),
                file.bytes.clone(),
                None,
            );
        }
        self
    }

    /// Adds the parts of a value (see the module docs): its text, its JSON text, one part per
    /// item of an array, none for `null`. `content_type` replaces the default content type.
    pub fn value<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) -> Self {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Array(items)) => {
                for item in items {
                    self.value_part(name, item, content_type);
                }
            }
            Ok(value) => self.value_part(name, value, content_type),
            Err(error) => self.fail(RequestError::new(format!(
                "the multipart field could not be encoded: {error}"
            ))),
        }
        self
    }

    /// Adds a text part.
    pub fn text(mut self, name: &str, text: &str, content_type: Option<&str>) -> Self {
        self.value_part(
            name,
            serde_json::Value::String(text.to_owned()),
            content_type,
        );
        self
    }

    fn value_part(&mut self, name: &str, value: serde_json::Value, content_type: Option<&str>) {
        use serde_json::Value;
        let (bytes, default_type) = match &value {
            Value::Null => return,
            Value::String(text) => (text.clone().into_bytes(), None),
            Value::Bool(_) | Value::Number(_) => (value.to_string().into_bytes(), None),
            Value::Array(_) | Value::Object(_) => {
                (value.to_string().into_bytes(), Some("application/json"))
            }
        };
        self.push(
            name,
            None,
            content_type.or(default_type),
            bytes,
            Some(value),
        );
    }

    fn push(
        &mut self,
        name: &str,
        file_name: Option<&str>,
        content_type: Option<&str>,
        bytes: Vec<u8>,
        value: Option<serde_json::Value>,
    ) {
        if let Some(content_type) = content_type {
            let valid = !content_type.is_empty()
                && content_type
                    .bytes()
                    .all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
            if !valid {
                self.fail(RequestError::new(
                    "a multipart part has an invalid content type",
                ));
                return;
            }
        }
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: file_name.map(str::to_owned),
            content_type: content_type.map(str::to_owned),
            bytes,
            value,
        });
    }

    /// Whether the form has no part.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The encoded body and its media type, `multipart/form-data; boundary=…`, with a fresh
    /// random boundary that no part contains. Fails with the first value that could not be
    /// added.
    pub fn encode(&self) -> Result<(Vec<u8>, String), RequestError> {
        self.encode_with((0..BOUNDARY_ATTEMPTS).map(|_| random_boundary()))
    }

    /// [`Multipart::encode`] with the first of `candidates` that no part contains.
    fn encode_with(
        &self,
        candidates: impl Iterator<Item = String>,
    ) -> Result<(Vec<u8>, String), RequestError> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        let heads: Vec<Vec<u8>> = self.parts.iter().map(Part::head).collect();
        for boundary in candidates {
            let needle = boundary.as_bytes();
            let clash = self
                .parts
                .iter()
                .zip(&heads)
                .any(|(part, head)| contains(&part.bytes, needle) || contains(head, needle));
            if clash {
                continue;
            }
            let size = self
                .parts
                .iter()
                .map(|p| p.bytes.len() + 128)
                .sum::<usize>();
            let mut body = Vec::with_capacity(size + boundary.len() + 8);
            for (part, head) in self.parts.iter().zip(&heads) {
                body.extend_from_slice(b"--");
                body.extend_from_slice(needle);
                body.extend_from_slice(b"\r\n");
                body.extend_from_slice(head);
                body.extend_from_slice(&part.bytes);
                body.extend_from_slice(b"\r\n");
            }
            body.extend_from_slice(b"--");
            body.extend_from_slice(needle);
            body.extend_from_slice(b"--\r\n");
            return Ok((body, format!("multipart/form-data; boundary={boundary}")));
        }
        Err(RequestError::new(
            "no multipart boundary was found that the content does not contain",
        ))
    }

    /// Records the secrets the parts carry: every text and JSON part under a secret name (by
    /// [`is_secret_key`] or listed in `keys`), and the values under secret keys inside JSON.
    pub(super) fn record_secrets(&self, secrets: &mut SecretCollector, keys: &[&str]) {
        for part in &self.parts {
            if let Some(value) = &part.value {
                let secret = keys.contains(&part.name.as_str()) || is_secret_key(&part.name);
                match value {
                    serde_json::Value::Bool(b) if secret => secrets.add(&b.to_string()),
                    value => secrets.add_json(value, keys, secret),
                }
            }
        }
    }
}

/// How many random boundaries are tried before encoding gives up (each is 128 random bits:
/// one is all it takes unless a part was made to contain it).
const BOUNDARY_ATTEMPTS: usize = 16;

impl Part {
    /// The part's header lines and the blank line after them.
    fn head(&self) -> Vec<u8> {
        let mut head = String::from("Content-Disposition: form-data; name=\"");
        head.push_str(&quoted(&self.name));
        head.push('"');
        if let Some(file_name) = &self.file_name {
            head.push_str("; filename=\"");
            head.push_str(&quoted(file_name));
            head.push('"');
        }
        head.push_str("\r\n");
        if let Some(content_type) = &self.content_type {
            head.push_str("Content-Type: ");
            head.push_str(content_type);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        head.into_bytes()
    }
}

/// A name as the content of a quoted string: `"`, CR and LF percent-encoded.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `form-boundary-` and 32 hex digits from the standard library's randomly keyed hasher.
fn random_boundary() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let word = || {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        if let Ok(elapsed) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            hasher.write_u128(elapsed.as_nanos());
        }
        hasher.finish()
    };
    format!("form-boundary-{:016x}{:016x}", word(), word())
}

#[cfg(test)]
mod tests {
    use super::Multipart;

    #[test]
    fn a_boundary_a_part_contains_is_drawn_again() {
        let form = Multipart::new().text("a", "x--form-boundary-1y", None);
        let candidates = ["form-boundary-1", "form-boundary-2"].map(str::to_owned);
        let (body, content_type) = form.encode_with(candidates.into_iter()).unwrap();
        assert_eq!(
            content_type,
            "multipart/form-data; boundary=form-boundary-2"
        );
        assert_eq!(
            String::from_utf8(body).unwrap(),
            "--form-boundary-2\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\
             x--form-boundary-1y\r\n--form-boundary-2--\r\n"
        );
    }

    #[test]
    fn no_boundary_left_is_an_error() {
        let form = Multipart::new().text("form-boundary-1", "", None);
        let candidates = ["form-boundary-1"].map(str::to_owned);
        let error = form.encode_with(candidates.into_iter()).unwrap_err();
        assert!(error.to_string().contains("boundary"), "{error}");
    }
}
