//! The `state` parameter that ties an authorization redirect to the session that started it.

use std::fmt;

use super::encoding::{base64url, constant_time_eq};
use super::random::{self, RandomError};

/// An unguessable `state` value for the authorization URL (CSRF protection).
///
/// Generate one per authorization attempt, keep it in the user's session, put
/// it in the authorization URL, and when HubSpot redirects back, check the
/// `state` query parameter with [`CsrfState::verify`] before exchanging the code.
/// `Debug` never shows the value.
///
/// ```
/// use hubspot_oauth::oauth::CsrfState;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let state = CsrfState::generate()?;
/// let stored = state.expose().to_owned(); // e.g. in a session cookie
///
/// // Later, on the redirect back:
/// let expected = CsrfState::new(stored);
/// assert!(expected.verify(state.expose()));
/// assert!(!expected.verify("forged"));
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct CsrfState(String);

impl CsrfState {
    /// Generates a state of 32 bytes from the operating system's CSPRNG,
    /// base64url-encoded (43 characters).
    ///
    /// # Errors
    /// If the operating system's random number generator fails.
    pub fn generate() -> Result<Self, RandomError> {
        let bytes = random::random_bytes::<32>()?;
        Ok(Self(base64url(&bytes)))
    }

    /// Wraps a state produced earlier, for example read back from the session.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Returns the value, for the authorization URL or the session store.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether `received` (the `state` query parameter of the redirect) equals
    /// this state. The comparison takes the same time wherever the values differ.
    /// An empty expected state never verifies.
    pub fn verify(&self, received: &str) -> bool {
        !self.0.is_empty() && constant_time_eq(self.0.as_bytes(), received.as_bytes())
    }
}

impl fmt::Debug for CsrfState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CsrfState(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_states_are_long_distinct_and_url_safe() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..64 {
            let state = CsrfState::generate().expect("CSPRNG available");
            assert_eq!(state.expose().len(), 43);
            assert!(state
                .expose()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            assert!(seen.insert(state.expose().to_owned()));
        }
    }

    #[test]
    fn verify() {
        let state = CsrfState::new("abc123");
        assert!(state.verify("abc123"));
        assert!(!state.verify("abc124"));
        assert!(!state.verify("abc12"));
        assert!(!state.verify("abc1234"));
        assert!(!state.verify(""));
        assert!(!CsrfState::new("").verify(""));
    }

    #[test]
    fn debug_is_redacted() {
        let state = CsrfState::new("abc123");
        assert_eq!(format!("{state:?}"), "CsrfState(<redacted>)");
    }
}
