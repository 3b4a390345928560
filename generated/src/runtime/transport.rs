//! Sending: [`Transport`], the retry policy and the body size cap.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::header::{HeaderMap, CONTENT_LENGTH, RETRY_AFTER};

use super::error::{is_retryable_status, TransportInner};
use super::redact::url_origin;
use super::{
    BodyTooLarge, Config, Error, Idempotency, Request, RequestError, TransportError,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, USER_AGENT,
};

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

#[cfg(not(any(feature = "tls-ring", feature = "tls-aws-lc")))]
compile_error!(
    "TLS needs a crypto provider: enable the feature `tls-aws-lc` (the default) or `tls-ring`"
);

/// With the `tls-ring` feature alone, makes `ring` the process's rustls crypto provider unless
/// one is installed already (by the application, or by another client). reqwest builds its TLS
/// configuration with the installed provider; with `tls-aws-lc`, it uses aws-lc-rs when none is.
fn install_crypto_provider() {
    #[cfg(all(feature = "tls-ring", not(feature = "tls-aws-lc")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // rustls marks ring's provider deprecated (it has no post-quantum key exchange); it is
        // the explicit choice of the `tls-ring` feature, which says so.
        #[allow(deprecated)]
        let provider = rustls::crypto::ring::default_provider();
        // Another thread may install one between the check and here: then that one is used.
        let _ = provider.install_default();
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
    /// [`ApiError`](super::ApiError) once decoded), as with [`Transport::new`]. If the builder
    /// fails to build,
    /// every `send` fails with a [`TransportError`].
    pub fn with_http_client(base_url: impl Into<String>, builder: reqwest::ClientBuilder) -> Self {
        install_crypto_provider();
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
        let (request, _) = request.into_parts();
        let (parts, body) = request.into_parts();
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
pub(super) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    // IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 or asctime, as hyper reads them.
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}
