//! A shared source of fresh access tokens that refreshes at most once at a time.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::client::{OAuthClient, OAuthError};
use super::encoding::constant_time_eq;
use super::secret::{AccessToken, RefreshToken};
use super::single_flight::SingleFlight;
use super::token::{TokenSet, DEFAULT_REFRESH_SKEW};
use crate::runtime::{BoxFuture, Credential, CredentialError, CredentialProvider};

/// Hands out fresh access tokens to any number of tasks, refreshing when the
/// current one has expired or is about to.
///
/// When many tasks ask at once and the token needs refreshing, exactly one
/// request goes to HubSpot; every task that was waiting receives its result.
/// If that refresh fails, every waiting task receives the same
/// [`OAuthError`]; the failure is not remembered, so the next request tries
/// again. Share it with an [`Arc`].
///
/// With [`TokenRefresher::new`] tokens come from the refresh-token grant
/// (the newest refresh token HubSpot returned is used next time); with
/// [`TokenRefresher::client_credentials`], from the client-credentials grant.
///
/// ```no_run
/// use std::sync::Arc;
/// use hubspot_oauth::oauth::{OAuthClient, RefreshToken, Secret, TokenRefresher};
///
/// # async fn run() -> Result<(), hubspot_oauth::oauth::OAuthError> {
/// let client = OAuthClient::new("my-client-id", Secret::new("my-client-secret"));
/// let refresher = Arc::new(TokenRefresher::new(client, RefreshToken::new("stored-refresh-token")));
///
/// let mut tasks = Vec::new();
/// for _ in 0..10 {
///     let refresher = Arc::clone(&refresher);
///     tasks.push(tokio::spawn(async move {
///         let token = refresher.access_token().await?;
///         // ... call HubSpot with `Authorization: Bearer {token.expose()}` ...
///         # let _ = token;
///         Ok::<_, hubspot_oauth::oauth::OAuthError>(())
///     }));
/// }
/// # Ok(())
/// # }
/// ```
pub struct TokenRefresher {
    client: OAuthClient,
    grant: Grant,
    skew: Duration,
    flight: SingleFlight<Arc<TokenSet>, OAuthError>,
}

impl fmt::Debug for TokenRefresher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRefresher")
            .field("client", &self.client)
            .field("grant", &self.grant)
            .field("skew", &self.skew)
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
enum Grant {
    RefreshToken(RefreshToken),
    ClientCredentials(Vec<String>),
}

impl TokenRefresher {
    /// Refreshes with `refresh_token`. The first request for a token
    /// refreshes, unless [`with_tokens`](Self::with_tokens) gives a current one.
    pub fn new(client: OAuthClient, refresh_token: RefreshToken) -> Self {
        Self::with_grant(client, Grant::RefreshToken(refresh_token))
    }

    /// Obtains tokens with the client-credentials grant for `scopes`.
    pub fn client_credentials<I>(client: OAuthClient, scopes: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let scopes = scopes.into_iter().map(Into::into).collect();
        Self::with_grant(client, Grant::ClientCredentials(scopes))
    }

    fn with_grant(client: OAuthClient, grant: Grant) -> Self {
        Self {
            client,
            grant,
            skew: DEFAULT_REFRESH_SKEW,
            flight: SingleFlight::new(None),
        }
    }

    /// Starts from `tokens` (for example those from the code exchange).
    /// Their refresh token, if any, is used from then on.
    pub fn with_tokens(mut self, tokens: TokenSet) -> Self {
        self.flight = SingleFlight::new(Some(Arc::new(tokens)));
        self
    }

    /// Refreshes tokens that expire within `skew` (default
    /// [`DEFAULT_REFRESH_SKEW`], one minute), clamped to half the token's
    /// lifetime: a token is refreshed at most once per lifetime, however
    /// short the lifetime HubSpot gives it (see [`TokenSet::needs_refresh_at`]).
    pub fn with_skew(mut self, skew: Duration) -> Self {
        self.skew = skew;
        self
    }

    /// The client used to refresh.
    pub fn client(&self) -> &OAuthClient {
        &self.client
    }

    /// A token set that does not need refreshing, refreshing first if needed.
    ///
    /// # Errors
    /// The refresh's error, shared by every task that waited for that refresh.
    pub async fn tokens(&self) -> Result<Arc<TokenSet>, OAuthError> {
        let skew = self.skew;
        self.flight
            .get(
                |tokens| !tokens.needs_refresh(skew),
                |current| self.obtain(current),
            )
            .await
    }

    /// A fresh access token, refreshing first if needed.
    ///
    /// # Errors
    /// The refresh's error, shared by every task that waited for that refresh.
    pub async fn access_token(&self) -> Result<AccessToken, OAuthError> {
        Ok(self.tokens().await?.access_token().clone())
    }

    /// Reports that HubSpot rejected `rejected` (HTTP 401) and returns
    /// tokens to retry with. Refreshes only if `rejected` is still the
    /// current access token, so that many tasks reporting the same rejection
    /// cause one refresh.
    ///
    /// # Errors
    /// The refresh's error, shared by every task that waited for that refresh.
    pub async fn refresh_rejected(
        &self,
        rejected: &AccessToken,
    ) -> Result<Arc<TokenSet>, OAuthError> {
        let skew = self.skew;
        self.flight
            .get(
                |tokens| {
                    !tokens.needs_refresh(skew)
                        && !constant_time_eq(
                            tokens.access_token().expose().as_bytes(),
                            rejected.expose().as_bytes(),
                        )
                },
                |current| self.obtain(current),
            )
            .await
    }

    /// The current token set, fresh or not, without refreshing; `None`
    /// before the first refresh. Useful to store the newest refresh token.
    pub async fn current(&self) -> Option<Arc<TokenSet>> {
        self.flight.peek().await
    }

    async fn obtain(&self, current: Option<Arc<TokenSet>>) -> Result<Arc<TokenSet>, OAuthError> {
        let tokens = match &self.grant {
            Grant::RefreshToken(initial) => {
                let refresh_token = current
                    .as_deref()
                    .and_then(TokenSet::refresh_token)
                    .unwrap_or(initial);
                self.client.refresh(refresh_token).await?
            }
            Grant::ClientCredentials(scopes) => self.client.client_credentials(scopes).await?,
        };
        Ok(Arc::new(tokens))
    }
}

/// A [`TokenRefresher`] is a credential provider for bearer schemes (HubSpot's `oauth2`):
/// the credential is [`TokenRefresher::access_token`]; after a 401,
/// [`TokenRefresher::refresh_rejected`] refreshes (once for every task that saw the same
/// rejected token).
///
/// ```no_run
/// use std::sync::Arc;
/// use hubspot_oauth::oauth::{OAuthClient, RefreshToken, Secret, TokenRefresher};
/// use hubspot_oauth::runtime::Credentials;
///
/// let client = OAuthClient::new("my-client-id", Secret::new("my-client-secret"));
/// let refresher = Arc::new(TokenRefresher::new(client, RefreshToken::new("stored-refresh-token")));
/// let credentials = Credentials::new().provider("oauth2", Arc::clone(&refresher));
/// # let _ = credentials;
/// ```
impl CredentialProvider for TokenRefresher {
    fn credential(&self) -> BoxFuture<'_, Result<Credential, CredentialError>> {
        Box::pin(async move {
            let token = self.access_token().await.map_err(CredentialError::new)?;
            Ok(Credential::new(token.expose()))
        })
    }

    fn rejected<'a>(
        &'a self,
        credential: &'a Credential,
    ) -> BoxFuture<'a, Result<(), CredentialError>> {
        Box::pin(async move {
            self.refresh_rejected(&AccessToken::new(credential.expose()))
                .await
                .map(drop)
                .map_err(CredentialError::new)
        })
    }
}
