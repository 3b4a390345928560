//! Everything that can go wrong with a call.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderMap, CONTENT_TYPE};
use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::redact::{
    body_excerpt, is_secret_key, mask_message_literals, response_text, MESSAGE_CHARS,
};
use super::transport::retry_after;
use super::{CredentialsError, SentSecrets};

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
    /// The response body exceeded [`Config::max_body_bytes`](super::Config::max_body_bytes).
    BodyTooLarge(BodyTooLarge),
    /// The request could not be built.
    Request(RequestError),
    /// The operation takes credentials the client has none for, or a credential provider
    /// failed; nothing was sent (or, for a provider told of a 401, nothing more).
    Credentials(CredentialsError),
}

impl<E> Error<E> {
    /// The HTTP status of the response the error comes from, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status()),
            Error::Decode(error) => Some(error.status()),
            Error::BodyTooLarge(error) => Some(error.status()),
            Error::Transport(_) | Error::Request(_) | Error::Credentials(_) => None,
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
            Error::Credentials(_) => false,
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

impl<E> From<CredentialsError> for Error<E> {
    fn from(error: CredentialsError) -> Self {
        Error::Credentials(error)
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
            Error::Credentials(error) => fmt::Display::fmt(error, f),
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
            Error::Credentials(error) => f.debug_tuple("Credentials").field(error).finish(),
        }
    }
}

impl<E: fmt::Debug + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => std::error::Error::source(error),
            Error::Credentials(error) => std::error::Error::source(error),
            Error::Api(_) | Error::Decode(_) | Error::BodyTooLarge(_) | Error::Request(_) => None,
        }
    }
}

pub(super) fn is_retryable_status(status: StatusCode) -> bool {
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
    pub(super) inner: TransportInner,
}

pub(super) enum TransportInner {
    Reqwest(reqwest::Error),
    Setup(Arc<reqwest::Error>),
}

impl TransportError {
    pub(super) fn new(error: reqwest::Error) -> Self {
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
    pub(super) fn new(
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

    pub(super) fn from_parts(
        status: StatusCode,
        path: String,
        message: String,
        excerpt: String,
    ) -> Self {
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

/// The response body exceeded [`Config::max_body_bytes`](super::Config::max_body_bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyTooLarge {
    pub(super) limit: usize,
    pub(super) status: StatusCode,
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
    pub(super) fn new(message: impl Into<Cow<'static, str>>) -> Self {
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
