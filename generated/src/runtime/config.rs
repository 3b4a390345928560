//! Settings of a [`Transport`](super::Transport): timeouts, the body size cap and the retry
//! policy.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The `User-Agent` of the default HTTP client: `<crate name>/<crate version>`.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Total timeout of one attempt (connect, send and read the whole response) of the default
/// HTTP client.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Connect timeout of the default HTTP client.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Default [`Config::max_body_bytes`]: 8 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Settings of a [`Transport`](super::Transport).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Largest response body accepted, in bytes (default 8 MiB); a larger body gives
    /// [`Error::BodyTooLarge`](super::Error::BodyTooLarge).
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
/// (see the [module documentation](super) for the exact policy).
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
    pub(super) fn backoff(&self, retry: u32) -> Duration {
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

/// Whether repeating a request is harmless; decides whether
/// [`Transport::send`](super::Transport::send) may retry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Idempotency {
    /// Repeating the request has no further effect; it may be retried.
    Safe,
    /// The request must not be repeated (for example it spends a single-use code); it is sent
    /// exactly once.
    Unsafe,
}
