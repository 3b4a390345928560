//! One call per OAuth grant and token operation, on top of the generated `v3` API.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::pkce::PkceVerifier;
use super::secret::{AccessToken, RefreshToken, Secret};
use super::token::TokenSet;
use crate::runtime::{Idempotency, Transport};
use crate::v3;

/// HubSpot's API origin, where the token endpoints live.
pub const DEFAULT_BASE_URL: &str = v3::Client::DEFAULT_BASE_URL;

/// An OAuth app's credentials plus the HTTP transport: one method per grant
/// and token operation of HubSpot's OAuth v3 API.
///
/// Every method returns an [`OAuthError`]; none shows a secret in its
/// `Debug` or `Display` output, and neither does the client.
///
/// # Retries
///
/// [`exchange_code`](Self::exchange_code) is sent exactly once: an
/// authorization code is single-use, and a repeated exchange would at best
/// fail and at worst make the server revoke what the first one issued.
/// The other calls are sent as [`Idempotency::Safe`], so the transport
/// repeats them (boundedly) when the connection could not be made or the
/// server answered 429, 502, 503 or 504:
///
/// * refreshing does not consume the refresh token (HubSpot keeps it valid
///   across refreshes); a repeat only mints another access token, and the
///   earlier one stays valid until it expires;
/// * client credentials consume nothing;
/// * introspection only reads;
/// * revoking twice leaves the token revoked, as once does.
///
/// ```no_run
/// use hubspot_oauth::oauth::{AuthorizationCode, OAuthClient, Secret};
///
/// # async fn run() -> Result<(), hubspot_oauth::oauth::OAuthError> {
/// let client = OAuthClient::new("my-client-id", Secret::new("my-client-secret"));
/// let tokens = client
///     .exchange_code(AuthorizationCode::new(
///         "code-from-the-redirect",
///         "https://example.com/oauth/callback",
///     ))
///     .await?;
/// if let Some(refresh_token) = tokens.refresh_token() {
///     let renewed = client.refresh(refresh_token).await?;
///     println!("valid for another {:?}", renewed.remaining());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct OAuthClient {
    client_id: String,
    client_secret: Secret,
    v3: v3::Client,
}

impl OAuthClient {
    /// A client for HubSpot ([`DEFAULT_BASE_URL`]) with the runtime's default
    /// HTTP client.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        Self::with_base_url(client_id, client_secret, DEFAULT_BASE_URL)
    }

    /// A client whose token endpoints are under `base_url` (for example a
    /// test server's), with the runtime's default HTTP client.
    pub fn with_base_url(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        base_url: impl Into<String>,
    ) -> Self {
        Self::with_transport(client_id, client_secret, Transport::new(base_url))
    }

    /// A client for `base_url` whose HTTP client is built from your own
    /// [`reqwest::ClientBuilder`]. Redirects are never followed, whatever the
    /// builder's policy: every call carries the client secret (see
    /// [`Transport::with_http_client`]).
    pub fn with_http_client(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        base_url: impl Into<String>,
        http_client: reqwest::ClientBuilder,
    ) -> Self {
        Self::with_transport(
            client_id,
            client_secret,
            Transport::with_http_client(base_url, http_client),
        )
    }

    /// A client that sends through `transport` (its base URL, HTTP client,
    /// retry policy and body size limit).
    pub fn with_transport(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        transport: Transport,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            v3: v3::Client::from_transport(transport),
        }
    }

    /// The app's client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The transport the calls go through.
    pub fn transport(&self) -> &Transport {
        self.v3.transport()
    }

    /// The generated v3 client over the same transport, for calls this type
    /// does not wrap.
    pub fn v3(&self) -> &v3::Client {
        &self.v3
    }

    /// Exchanges the authorization code from the redirect for tokens
    /// (`grant_type=authorization_code`). Sent exactly once, never retried.
    ///
    /// # Errors
    /// [`OAuthError::Http`] when the request fails or HubSpot rejects it (a
    /// used, expired or unknown code, a mismatched `redirect_uri` or PKCE
    /// verifier); [`OAuthError::UnexpectedResponse`] when the answer is not a
    /// token response.
    pub async fn exchange_code(&self, grant: AuthorizationCode) -> Result<TokenSet, OAuthError> {
        let AuthorizationCode {
            code,
            redirect_uri,
            code_verifier,
        } = grant;
        let body = v3::CreateTokenRequest {
            grant_type: Some(v3::CreateTokenRequestGrantType::AuthorizationCode),
            client_id: Some(self.client_id.clone()),
            client_secret: Some(self.client_secret.expose().to_owned()),
            code: Some(code.into_exposed()),
            redirect_uri: Some(redirect_uri),
            code_verifier: code_verifier.map(|verifier| verifier.expose().to_owned()),
            ..Default::default()
        };
        self.create_token(&body, Idempotency::Unsafe).await
    }

    /// Exchanges a refresh token for a new access token
    /// (`grant_type=refresh_token`). The returned set carries the refresh
    /// token to use next time: the one HubSpot sent, else `refresh_token`.
    ///
    /// # Errors
    /// [`OAuthError::Http`] when the request fails or HubSpot rejects it (a
    /// revoked refresh token, an uninstalled app); [`OAuthError::UnexpectedResponse`]
    /// when the answer is not a token response.
    pub async fn refresh(&self, refresh_token: &RefreshToken) -> Result<TokenSet, OAuthError> {
        let body = v3::CreateTokenRequest {
            grant_type: Some(v3::CreateTokenRequestGrantType::RefreshToken),
            client_id: Some(self.client_id.clone()),
            client_secret: Some(self.client_secret.expose().to_owned()),
            refresh_token: Some(refresh_token.expose().to_owned()),
            ..Default::default()
        };
        let tokens = self.create_token(&body, Idempotency::Safe).await?;
        Ok(match tokens.refresh_token() {
            Some(_) => tokens,
            None => tokens.with_refresh_token(refresh_token.clone()),
        })
    }

    /// Obtains an app token with the client-credentials grant
    /// (`grant_type=client_credentials`), for the given scopes (sent
    /// space-separated; omitted when there are none).
    ///
    /// # Errors
    /// [`OAuthError::Http`] when the request fails or HubSpot rejects it;
    /// [`OAuthError::UnexpectedResponse`] when the answer is not a token response.
    pub async fn client_credentials<I>(&self, scopes: I) -> Result<TokenSet, OAuthError>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let scopes: Vec<I::Item> = scopes.into_iter().collect();
        let scope = super::authorize::join_scopes(&scopes);
        let body = v3::CreateTokenRequest {
            grant_type: Some(v3::CreateTokenRequestGrantType::ClientCredentials),
            client_id: Some(self.client_id.clone()),
            client_secret: Some(self.client_secret.expose().to_owned()),
            scope: (!scope.is_empty()).then_some(scope),
            ..Default::default()
        };
        self.create_token(&body, Idempotency::Safe).await
    }

    /// Revokes a token (typically the refresh token, when the user
    /// disconnects the app), sending the matching `token_type_hint`.
    ///
    /// # Errors
    /// [`OAuthError::Http`] when the request fails or HubSpot rejects it.
    pub async fn revoke<'a>(&self, token: impl Into<TokenRef<'a>>) -> Result<(), OAuthError> {
        let token = token.into();
        let body = v3::RevokeTokenRequest {
            client_id: Some(self.client_id.clone()),
            client_secret: Some(self.client_secret.expose().to_owned()),
            token: Some(token.expose().to_owned()),
            token_type_hint: Some(token.type_hint().to_owned()),
        };
        let request = v3::request::revoke_token(self.transport().base_url(), &body)
            .map_err(|error| OAuthError::from(crate::runtime::Error::<v3::Error>::from(error)))?;
        let secrets = request.secrets().clone();
        let response = self
            .transport()
            .send::<v3::Error>(request, Idempotency::Safe)
            .await?;
        v3::response::revoke_token(response, &secrets)?;
        Ok(())
    }

    /// Asks HubSpot whether a token is active, and what it grants.
    ///
    /// # Errors
    /// [`OAuthError::Http`] when the request fails or HubSpot rejects it.
    pub async fn introspect<'a>(
        &self,
        token: impl Into<TokenRef<'a>>,
    ) -> Result<v3::TokenInfoResponseBaseIf, OAuthError> {
        let token = token.into();
        let body = v3::IntrospectTokenRequest {
            client_id: Some(self.client_id.clone()),
            client_secret: Some(self.client_secret.expose().to_owned()),
            token: Some(token.expose().to_owned()),
            token_type_hint: Some(token.type_hint().to_owned()),
        };
        let request = v3::request::introspect_token(self.transport().base_url(), &body)
            .map_err(|error| OAuthError::from(crate::runtime::Error::<v3::Error>::from(error)))?;
        let secrets = request.secrets().clone();
        let response = self
            .transport()
            .send::<v3::Error>(request, Idempotency::Safe)
            .await?;
        Ok(v3::response::introspect_token(response, &secrets)?)
    }

    /// Posts to the token endpoint and turns the answer into a [`TokenSet`]
    /// whose expiry counts from the moment the response arrived.
    ///
    /// A 2xx body is read as JSON and the tokens are taken from it leniently
    /// (see [`token_set`]), not through the typed `v3::TokenResponseIf`: the
    /// code behind it is spent by now, so a field the spec types differently
    /// from what HubSpot sends must not cost the tokens.
    async fn create_token(
        &self,
        body: &v3::CreateTokenRequest,
        idempotency: Idempotency,
    ) -> Result<TokenSet, OAuthError> {
        let request = v3::request::create_token(self.transport().base_url(), body)
            .map_err(|error| OAuthError::from(crate::runtime::Error::<v3::Error>::from(error)))?;
        let secrets = request.secrets().clone();
        let response = self
            .transport()
            .send::<v3::Error>(request, idempotency)
            .await?;
        let arrived = (Instant::now(), SystemTime::now());
        let body: serde_json::Value = crate::runtime::decode_json(response, &secrets)?;
        token_set(body, arrived)
    }
}

impl fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthClient")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("transport", self.transport())
            .finish()
    }
}

/// An authorization code received on the redirect, with what the token
/// endpoint needs to accept it.
///
/// It cannot be built without the code and the `redirect_uri` (the same one
/// used in the authorization URL). Add the PKCE verifier when the
/// authorization URL carried a challenge. It is neither `Clone` nor reusable:
/// [`OAuthClient::exchange_code`] consumes it, as the server consumes the code.
/// `Debug` shows neither the code nor the verifier.
///
/// ```
/// use hubspot_oauth::oauth::{AuthorizationCode, PkceVerifier};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let verifier = PkceVerifier::generate()?;
/// let grant = AuthorizationCode::new("code-from-redirect", "https://example.com/callback")
///     .with_pkce(verifier);
/// assert!(!format!("{grant:?}").contains("code-from-redirect"));
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct AuthorizationCode {
    code: Secret,
    redirect_uri: String,
    code_verifier: Option<PkceVerifier>,
}

impl AuthorizationCode {
    /// The `code` query parameter of the redirect and the `redirect_uri` the
    /// authorization URL used.
    pub fn new(code: impl Into<Secret>, redirect_uri: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            redirect_uri: redirect_uri.into(),
            code_verifier: None,
        }
    }

    /// Adds the PKCE verifier whose challenge the authorization URL carried.
    pub fn with_pkce(mut self, verifier: PkceVerifier) -> Self {
        self.code_verifier = Some(verifier);
        self
    }

    /// The redirect URI sent with the code.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }
}

/// A token to revoke or introspect: an access token or a refresh token.
///
/// Built with `From` from `&AccessToken` or `&RefreshToken`; it decides the
/// `token_type_hint` sent.
#[derive(Debug, Clone, Copy)]
pub enum TokenRef<'a> {
    /// An access token (`token_type_hint=access_token`).
    Access(&'a AccessToken),
    /// A refresh token (`token_type_hint=refresh_token`).
    Refresh(&'a RefreshToken),
}

impl TokenRef<'_> {
    fn expose(&self) -> &str {
        match self {
            Self::Access(token) => token.expose(),
            Self::Refresh(token) => token.expose(),
        }
    }

    /// The `token_type_hint` for this token.
    pub fn type_hint(&self) -> &'static str {
        match self {
            Self::Access(_) => "access_token",
            Self::Refresh(_) => "refresh_token",
        }
    }
}

impl<'a> From<&'a AccessToken> for TokenRef<'a> {
    fn from(token: &'a AccessToken) -> Self {
        Self::Access(token)
    }
}

impl<'a> From<&'a RefreshToken> for TokenRef<'a> {
    fn from(token: &'a RefreshToken) -> Self {
        Self::Refresh(token)
    }
}

/// Why an OAuth call failed. Cheap to clone, so that one failed refresh can
/// be handed to every task that waited for it. Never shows a secret.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum OAuthError {
    /// The request could not be built or sent, HubSpot answered with an
    /// error status, or the answer could not be decoded.
    Http(Arc<crate::runtime::Error<v3::Error>>),
    /// HubSpot answered 2xx, but not with a token response this crate knows
    /// (no `access_token` and `expires_in`).
    UnexpectedResponse,
}

impl OAuthError {
    /// The runtime error, for [`OAuthError::Http`].
    pub fn as_http(&self) -> Option<&crate::runtime::Error<v3::Error>> {
        match self {
            Self::Http(error) => Some(error),
            Self::UnexpectedResponse => None,
        }
    }

    /// HubSpot's error body, when HubSpot answered with an error status and
    /// a body of the documented shape.
    pub fn api_error(&self) -> Option<&v3::Error> {
        self.as_http()?.as_api()?.error()
    }

    /// The HTTP status of the answer the error comes from, if there was one.
    pub fn status(&self) -> Option<http::StatusCode> {
        self.as_http().and_then(|error| error.status())
    }
}

impl From<crate::runtime::Error<v3::Error>> for OAuthError {
    fn from(error: crate::runtime::Error<v3::Error>) -> Self {
        Self::Http(Arc::new(error))
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Http(error) => write!(f, "OAuth request failed: {error}"),
            Self::UnexpectedResponse => f.write_str(
                "the token endpoint answered with something other than a token response",
            ),
        }
    }
}

impl std::error::Error for OAuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(error) => Some(&**error),
            Self::UnexpectedResponse => None,
        }
    }
}

/// A [`TokenSet`] from a token response body, read leniently: it needs only a
/// string `access_token` and an integer `expires_in` (a JSON number, or a
/// string of digits; a negative one means already expired); `refresh_token`,
/// `token_type`, `id_token`, `scopes`, `hub_id` and `user_id` are taken when
/// they have the expected type and left out otherwise (an id beyond `i64`, a number sent as a
/// string...). The whole body stays available through
/// [`TokenSet::response`].
///
/// `token_use` is not consulted: the access-token and client-credentials
/// shapes differ only in the refresh token, which is taken when present.
fn token_set(
    body: serde_json::Value,
    (received_at, received_at_system): (Instant, SystemTime),
) -> Result<TokenSet, OAuthError> {
    let text = |key: &str| body.get(key).and_then(serde_json::Value::as_str);
    let access_token = text("access_token").ok_or(OAuthError::UnexpectedResponse)?;
    // A negative lifetime means the token has already expired: kept, with no time left.
    let expires_in = match body.get("expires_in") {
        Some(serde_json::Value::Number(n)) => n
            .as_i64()
            .map(|v| u64::try_from(v).unwrap_or(0))
            .or_else(|| n.as_u64())
            .or_else(|| {
                // `1800.0`: a whole number written as a float.
                n.as_f64()
                    .filter(|v| v.fract() == 0.0 && v.abs() <= u64::MAX as f64)
                    .map(|v| if v < 0.0 { 0 } else { v as u64 })
            }),
        Some(serde_json::Value::String(s)) => s
            .trim()
            .parse::<i64>()
            .ok()
            .map(|v| u64::try_from(v).unwrap_or(0)),
        _ => None,
    }
    .ok_or(OAuthError::UnexpectedResponse)?;
    let scopes = body
        .get("scopes")
        .and_then(serde_json::Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let id = |key: &str| body.get(key).and_then(serde_json::Value::as_i64);
    let mut tokens = TokenSet::received(
        AccessToken::new(access_token),
        Duration::from_secs(expires_in),
        received_at,
        received_at_system,
    )
    .with_scopes(scopes)
    .with_details(
        text("token_type").unwrap_or("bearer").to_owned(),
        text("id_token").map(str::to_owned),
        id("hub_id"),
        id("user_id"),
    );
    if let Some(refresh_token) = text("refresh_token") {
        tokens = tokens.with_refresh_token(RefreshToken::new(refresh_token));
    }
    Ok(tokens.with_response(body))
}
