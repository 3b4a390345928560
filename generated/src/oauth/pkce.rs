//! Proof Key for Code Exchange (RFC 7636) with the `S256` method.

use std::fmt;

use sha2::{Digest, Sha256};

use super::encoding::base64url;
use super::random::{self, RandomError};
use super::secret::Secret;

/// The shortest code verifier RFC 7636 §4.1 allows.
pub const MIN_VERIFIER_LEN: usize = 43;
/// The longest code verifier RFC 7636 §4.1 allows.
pub const MAX_VERIFIER_LEN: usize = 128;

/// A PKCE `code_verifier`: kept by the app, sent only to the token endpoint.
///
/// It is 43 to 128 characters from the RFC 3986 unreserved set
/// (`A-Z a-z 0-9 - . _ ~`). [`PkceVerifier::generate`] draws 32 bytes from the
/// operating system's CSPRNG and base64url-encodes them (43 characters), as
/// RFC 7636 §4.1 recommends. `Debug` never shows the value.
///
/// ```
/// use hubspot_oauth::oauth::PkceVerifier;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let verifier = PkceVerifier::generate()?;
/// assert_eq!(verifier.expose().len(), 43);
/// assert_eq!(format!("{verifier:?}"), "PkceVerifier(<redacted>)");
///
/// // RFC 7636, Appendix B.
/// let verifier = PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
/// let challenge = verifier.challenge();
/// assert_eq!(challenge.as_str(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
/// assert_eq!(challenge.method(), "S256");
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct PkceVerifier(Secret);

impl PkceVerifier {
    /// Generates a 43-character verifier from 32 random bytes.
    ///
    /// # Errors
    /// [`PkceError::Random`] if the operating system's random number generator fails.
    pub fn generate() -> Result<Self, PkceError> {
        let bytes = random::random_bytes::<32>().map_err(PkceError::Random)?;
        Ok(Self(Secret::new(base64url(&bytes))))
    }

    /// Generates a verifier of exactly `len` characters (43 to 128).
    ///
    /// Every character carries six random bits.
    ///
    /// # Errors
    /// [`PkceError::InvalidLength`] if `len` is outside 43..=128;
    /// [`PkceError::Random`] if the random number generator fails.
    pub fn generate_with_len(len: usize) -> Result<Self, PkceError> {
        if !(MIN_VERIFIER_LEN..=MAX_VERIFIER_LEN).contains(&len) {
            return Err(PkceError::InvalidLength(len));
        }
        // ceil(6·len / 8) bytes give at least `len` fully random characters.
        let mut bytes = [0u8; 96];
        let needed = (len * 6).div_ceil(8);
        let buf = bytes
            .get_mut(..needed)
            .ok_or(PkceError::InvalidLength(len))?;
        random::fill(buf).map_err(PkceError::Random)?;
        let mut encoded = base64url(buf);
        encoded.truncate(len);
        Ok(Self(Secret::new(encoded)))
    }

    /// Takes a verifier produced earlier (for example, read back from the
    /// user's session when the authorization redirect arrives).
    ///
    /// # Errors
    /// [`PkceError::InvalidLength`] or [`PkceError::InvalidCharacter`] if the
    /// value does not satisfy RFC 7636 §4.1. The error never contains the value.
    pub fn new(value: impl Into<String>) -> Result<Self, PkceError> {
        let value = value.into();
        let len = value.len();
        if !(MIN_VERIFIER_LEN..=MAX_VERIFIER_LEN).contains(&len) {
            return Err(PkceError::InvalidLength(len));
        }
        if !value.bytes().all(is_unreserved) {
            return Err(PkceError::InvalidCharacter);
        }
        Ok(Self(Secret::new(value)))
    }

    /// Returns the verifier, for the token request or for storing in the session.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// The `S256` challenge for this verifier: `BASE64URL(SHA256(ASCII(verifier)))`.
    pub fn challenge(&self) -> PkceChallenge {
        let digest = Sha256::digest(self.0.expose().as_bytes());
        PkceChallenge(base64url(&digest))
    }
}

impl fmt::Debug for PkceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PkceVerifier(<redacted>)")
    }
}

/// A PKCE `code_challenge` with method `S256`, sent in the authorization URL.
///
/// The challenge is public: it reveals nothing usable about the verifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PkceChallenge(String);

impl PkceChallenge {
    /// The challenge value (43 base64url characters).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `code_challenge_method`: always `S256`.
    pub fn method(&self) -> &'static str {
        "S256"
    }
}

impl fmt::Display for PkceChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a PKCE verifier could not be generated or accepted.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum PkceError {
    /// The length (given) is outside RFC 7636's 43..=128 characters.
    InvalidLength(usize),
    /// The value holds a character outside `A-Z a-z 0-9 - . _ ~`.
    InvalidCharacter,
    /// The operating system's random number generator failed.
    Random(RandomError),
}

impl fmt::Display for PkceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidLength(len) => write!(
                f,
                "a PKCE code verifier must be {MIN_VERIFIER_LEN} to {MAX_VERIFIER_LEN} characters long, not {len}"
            ),
            Self::InvalidCharacter => f.write_str(
                "a PKCE code verifier may contain only A-Z, a-z, 0-9, '-', '.', '_' and '~'",
            ),
            Self::Random(err) => fmt::Display::fmt(err, f),
        }
    }
}

impl std::error::Error for PkceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Random(err) => Some(err),
            _ => None,
        }
    }
}

/// RFC 3986 `unreserved`.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let verifier = PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
            .expect("the RFC's verifier is valid");
        let challenge = verifier.challenge();
        assert_eq!(
            challenge.as_str(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(challenge.method(), "S256");
        assert_eq!(challenge.to_string(), challenge.as_str());
    }

    #[test]
    fn rfc7636_appendix_b_hash_octets() {
        let digest = Sha256::digest(b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        let expected: [u8; 32] = [
            19, 211, 30, 150, 26, 26, 216, 236, 47, 22, 177, 12, 76, 152, 46, 8, 118, 168, 120,
            173, 109, 241, 68, 86, 110, 225, 137, 74, 203, 112, 249, 195,
        ];
        assert_eq!(digest.as_slice(), expected.as_slice());
    }

    #[test]
    fn generated_verifier_satisfies_the_rfc() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..64 {
            let verifier = PkceVerifier::generate().expect("CSPRNG available");
            let value = verifier.expose();
            assert_eq!(value.len(), 43);
            assert!(value.bytes().all(is_unreserved));
            assert!(PkceVerifier::new(value).is_ok());
            assert!(seen.insert(value.to_owned()), "verifiers repeat");
        }
    }

    #[test]
    fn generate_with_len_covers_the_allowed_range() {
        for len in MIN_VERIFIER_LEN..=MAX_VERIFIER_LEN {
            let verifier = PkceVerifier::generate_with_len(len).expect("valid length");
            assert_eq!(verifier.expose().len(), len);
            assert!(verifier.expose().bytes().all(is_unreserved));
            assert_eq!(verifier.challenge().as_str().len(), 43);
        }
        for len in [0, 1, 42, 129, 1000, usize::MAX] {
            assert!(matches!(
                PkceVerifier::generate_with_len(len),
                Err(PkceError::InvalidLength(l)) if l == len
            ));
        }
    }

    #[test]
    fn new_validates_length_and_alphabet() {
        assert!(PkceVerifier::new("a".repeat(43)).is_ok());
        assert!(PkceVerifier::new("~._-".repeat(32)).is_ok());
        assert!(matches!(
            PkceVerifier::new("a".repeat(42)),
            Err(PkceError::InvalidLength(42))
        ));
        assert!(matches!(
            PkceVerifier::new("a".repeat(129)),
            Err(PkceError::InvalidLength(129))
        ));
        for bad in ['+', '/', '=', ' ', '%', 'é'] {
            let value = format!("{}{bad}", "a".repeat(43));
            let err = PkceVerifier::new(value).expect_err("invalid character accepted");
            assert!(matches!(err, PkceError::InvalidCharacter));
            assert!(!err.to_string().contains("aaaa"));
        }
    }

    #[test]
    fn debug_is_redacted() {
        let verifier = PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
            .expect("valid verifier");
        assert_eq!(format!("{verifier:?}"), "PkceVerifier(<redacted>)");
    }
}
