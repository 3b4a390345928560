//! Access to the operating system's cryptographically secure random number generator.

use std::fmt;

/// The operating system's random number generator could not produce bytes.
///
/// Returned by the functions that generate a [`CsrfState`](super::CsrfState) or a
/// [`PkceVerifier`](super::PkceVerifier). It is practically never seen on a
/// supported operating system; there is no fallback to a weaker generator.
#[derive(Debug, Clone)]
pub struct RandomError(getrandom::Error);

impl fmt::Display for RandomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the operating system's random number generator failed: {}",
            self.0
        )
    }
}

impl std::error::Error for RandomError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Returns `N` bytes from the operating system's CSPRNG.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], RandomError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(RandomError)?;
    Ok(bytes)
}

/// Fills `dest` from the operating system's CSPRNG.
pub(crate) fn fill(dest: &mut [u8]) -> Result<(), RandomError> {
    getrandom::fill(dest).map_err(RandomError)
}
