//! Tokens with an absolute expiry.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::secret::{AccessToken, RefreshToken, Secret};

/// The margin [`TokenSet::needs_refresh`] callers typically use: refresh a
/// minute before expiry, so a token is not sent just as it lapses. For
/// tokens that live less than two minutes it is clamped to half their
/// lifetime (see [`TokenSet::needs_refresh_at`]).
pub const DEFAULT_REFRESH_SKEW: Duration = Duration::from_secs(60);

/// The tokens from one token response, with the moment the response arrived.
///
/// Expiry is `received_at + expires_in`, measured on the monotonic clock
/// ([`Instant`]) so that changes to the wall clock do not affect it. The wall
/// clock time ([`SystemTime`]) is kept too, for storing the expiry.
/// `Debug` shows no token.
///
/// ```
/// use std::time::Duration;
/// use hubspot_oauth::oauth::{AccessToken, RefreshToken, TokenSet};
///
/// let tokens = TokenSet::new(AccessToken::new("secret-access"), Duration::from_secs(1800))
///     .with_refresh_token(RefreshToken::new("secret-refresh"));
/// assert!(!tokens.is_expired());
/// assert!(!tokens.needs_refresh(Duration::from_secs(60)));
/// // A skew is clamped to half the lifetime: a fresh token never needs refreshing.
/// assert!(!tokens.needs_refresh(Duration::from_secs(1800)));
/// assert!(!format!("{tokens:?}").contains("secret-"));
/// ```
#[derive(Clone)]
pub struct TokenSet {
    access_token: AccessToken,
    refresh_token: Option<RefreshToken>,
    id_token: Option<Secret>,
    token_type: String,
    scopes: Vec<String>,
    hub_id: Option<i64>,
    user_id: Option<i64>,
    expires_in: Duration,
    received_at: Instant,
    received_at_system: SystemTime,
    response: Option<Arc<serde_json::Value>>,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .field("id_token", &self.id_token)
            .field("token_type", &self.token_type)
            .field("scopes", &self.scopes)
            .field("hub_id", &self.hub_id)
            .field("user_id", &self.user_id)
            .field("expires_in", &self.expires_in)
            .field("received_at", &self.received_at)
            .field("received_at_system", &self.received_at_system)
            .field(
                "response",
                &self.response.as_deref().map(crate::runtime::RedactedJson),
            )
            .finish()
    }
}

impl TokenSet {
    /// A token set for `access_token`, valid for `expires_in` from now
    /// (for example, restored from storage with the time it has left).
    pub fn new(access_token: AccessToken, expires_in: Duration) -> Self {
        Self::received(access_token, expires_in, Instant::now(), SystemTime::now())
    }

    /// A token set whose response arrived at `received_at` / `received_at_system`.
    pub(crate) fn received(
        access_token: AccessToken,
        expires_in: Duration,
        received_at: Instant,
        received_at_system: SystemTime,
    ) -> Self {
        Self {
            access_token,
            refresh_token: None,
            id_token: None,
            token_type: "bearer".to_owned(),
            scopes: Vec::new(),
            hub_id: None,
            user_id: None,
            expires_in,
            received_at,
            received_at_system,
            response: None,
        }
    }

    /// Sets the refresh token.
    pub fn with_refresh_token(mut self, refresh_token: RefreshToken) -> Self {
        self.refresh_token = Some(refresh_token);
        self
    }

    /// Sets the granted scopes.
    pub fn with_scopes(mut self, scopes: Vec<String>) -> Self {
        self.scopes = scopes;
        self
    }

    pub(crate) fn with_details(
        mut self,
        token_type: String,
        id_token: Option<String>,
        hub_id: Option<i64>,
        user_id: Option<i64>,
    ) -> Self {
        self.token_type = token_type;
        self.id_token = id_token.map(Secret::new);
        self.hub_id = hub_id;
        self.user_id = user_id;
        self
    }

    pub(crate) fn with_response(mut self, response: serde_json::Value) -> Self {
        self.response = Some(Arc::new(response));
        self
    }

    /// The whole token response as received, every field included (those this
    /// type does not read, and those it could not read, such as a field of an
    /// unexpected type); `None` for a set built with [`TokenSet::new`].
    ///
    /// **Not redacted**: it holds the tokens. `Debug` of the set masks its
    /// secret values.
    pub fn response(&self) -> Option<&serde_json::Value> {
        self.response.as_deref()
    }

    /// The access token.
    pub fn access_token(&self) -> &AccessToken {
        &self.access_token
    }

    /// The refresh token; present for the authorization-code and refresh
    /// grants, absent for client credentials.
    pub fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }

    /// The OpenID Connect ID token, when HubSpot sent one.
    pub fn id_token(&self) -> Option<&Secret> {
        self.id_token.as_ref()
    }

    /// The token type (`bearer`).
    pub fn token_type(&self) -> &str {
        &self.token_type
    }

    /// The scopes the token grants, when the response listed them.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The HubSpot account (portal) the token belongs to, when sent as an
    /// integer.
    pub fn hub_id(&self) -> Option<i64> {
        self.hub_id
    }

    /// The user who installed the app, when sent as an integer.
    pub fn user_id(&self) -> Option<i64> {
        self.user_id
    }

    /// The lifetime the server gave the access token (`expires_in`).
    pub fn expires_in(&self) -> Duration {
        self.expires_in
    }

    /// When the token response arrived (monotonic clock).
    pub fn received_at(&self) -> Instant {
        self.received_at
    }

    /// When the token response arrived (wall clock).
    pub fn received_at_system(&self) -> SystemTime {
        self.received_at_system
    }

    /// When the access token expires (monotonic clock); `None` if that
    /// instant cannot be represented, i.e. practically never.
    pub fn expires_at(&self) -> Option<Instant> {
        self.received_at.checked_add(self.expires_in)
    }

    /// When the access token expires (wall clock), for storing it.
    pub fn expires_at_system(&self) -> Option<SystemTime> {
        self.received_at_system.checked_add(self.expires_in)
    }

    /// How long the access token stays valid from `now` (zero once expired).
    pub fn remaining_at(&self, now: Instant) -> Duration {
        self.expires_in
            .saturating_sub(now.saturating_duration_since(self.received_at))
    }

    /// How long the access token stays valid (zero once expired).
    pub fn remaining(&self) -> Duration {
        self.remaining_at(Instant::now())
    }

    /// Whether the access token has expired at `now`.
    pub fn is_expired_at(&self, now: Instant) -> bool {
        self.remaining_at(now).is_zero()
    }

    /// Whether the access token has expired.
    pub fn is_expired(&self) -> bool {
        self.is_expired_at(Instant::now())
    }

    /// Whether the access token expires within `skew` of `now`, the skew
    /// clamped to half the token's lifetime.
    ///
    /// The clamp makes a token live at least half its lifetime before it
    /// needs refreshing, so that it is refreshed at most once per lifetime: a
    /// token issued for 30 s with the default 60 s skew would otherwise need
    /// refreshing the moment it arrives, and every call would refresh it.
    pub fn needs_refresh_at(&self, now: Instant, skew: Duration) -> bool {
        self.remaining_at(now) <= skew.min(self.expires_in / 2)
    }

    /// Whether the access token has expired or expires within `skew`
    /// (see [`DEFAULT_REFRESH_SKEW`]), clamped as in
    /// [`TokenSet::needs_refresh_at`].
    pub fn needs_refresh(&self, skew: Duration) -> bool {
        self.needs_refresh_at(Instant::now(), skew)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(expires_in: u64, received_at: Instant) -> TokenSet {
        TokenSet::received(
            AccessToken::new("access-secret"),
            Duration::from_secs(expires_in),
            received_at,
            SystemTime::UNIX_EPOCH,
        )
        .with_refresh_token(RefreshToken::new("refresh-secret"))
        .with_details(
            "bearer".into(),
            Some("id-secret".into()),
            Some(62515),
            Some(7),
        )
    }

    #[test]
    fn expiry_is_absolute() {
        let t0 = Instant::now();
        let set = tokens(1800, t0);
        assert_eq!(set.expires_at(), Some(t0 + Duration::from_secs(1800)));
        assert_eq!(
            set.expires_at_system(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1800))
        );
        assert!(!set.is_expired_at(t0));
        assert!(!set.is_expired_at(t0 + Duration::from_secs(1799)));
        assert!(set.is_expired_at(t0 + Duration::from_secs(1800)));
        assert!(set.is_expired_at(t0 + Duration::from_secs(100_000)));
        assert_eq!(
            set.remaining_at(t0 + Duration::from_secs(1000)),
            Duration::from_secs(800)
        );
        assert_eq!(
            set.remaining_at(t0 + Duration::from_secs(5000)),
            Duration::ZERO
        );
    }

    #[test]
    fn needs_refresh_applies_the_skew() {
        let t0 = Instant::now();
        let set = tokens(1800, t0);
        let skew = Duration::from_secs(60);
        assert!(!set.needs_refresh_at(t0, skew));
        assert!(!set.needs_refresh_at(t0 + Duration::from_secs(1739), skew));
        assert!(set.needs_refresh_at(t0 + Duration::from_secs(1740), skew));
        assert!(set.needs_refresh_at(t0 + Duration::from_secs(1800), skew));
    }

    #[test]
    fn the_skew_is_clamped_to_half_the_lifetime() {
        let t0 = Instant::now();
        for skew in [Duration::from_secs(1800), Duration::MAX] {
            let set = tokens(1800, t0);
            assert!(!set.needs_refresh_at(t0, skew));
            assert!(!set.needs_refresh_at(t0 + Duration::from_secs(899), skew));
            assert!(set.needs_refresh_at(t0 + Duration::from_secs(900), skew));
        }
        // Shorter than the default skew: fresh on arrival, due at half-life.
        let short = tokens(30, t0);
        assert!(!short.needs_refresh_at(t0, DEFAULT_REFRESH_SKEW));
        assert!(!short.needs_refresh_at(t0 + Duration::from_secs(14), DEFAULT_REFRESH_SKEW));
        assert!(short.needs_refresh_at(t0 + Duration::from_secs(15), DEFAULT_REFRESH_SKEW));
    }

    #[test]
    fn zero_lifetime_is_expired_at_once() {
        let t0 = Instant::now();
        let set = tokens(0, t0);
        assert!(set.is_expired_at(t0));
        assert!(set.needs_refresh_at(t0, Duration::ZERO));
    }

    #[test]
    fn a_clock_before_receipt_does_not_panic() {
        let t0 = Instant::now() + Duration::from_secs(10);
        let set = tokens(5, t0);
        assert!(!set.is_expired_at(Instant::now()));
    }

    #[test]
    fn huge_lifetimes_do_not_overflow() {
        let set = TokenSet::new(AccessToken::new("a"), Duration::MAX);
        assert!(!set.is_expired());
        assert!(!set.needs_refresh(DEFAULT_REFRESH_SKEW));
        assert!(set.expires_at_system().is_none());
    }

    #[test]
    fn accessors_and_redaction() {
        let set = tokens(1800, Instant::now()).with_scopes(vec!["oauth".into()]);
        assert_eq!(set.access_token().expose(), "access-secret");
        assert_eq!(
            set.refresh_token().map(RefreshToken::expose),
            Some("refresh-secret")
        );
        assert_eq!(set.id_token().map(Secret::expose), Some("id-secret"));
        assert_eq!(set.token_type(), "bearer");
        assert_eq!(set.scopes(), ["oauth".to_owned()]);
        assert_eq!(set.hub_id(), Some(62515));
        assert_eq!(set.user_id(), Some(7));
        assert_eq!(set.expires_in(), Duration::from_secs(1800));
        let debug = format!("{set:?} {set:#?}");
        assert!(!debug.contains("secret"), "{debug}");
    }
}
