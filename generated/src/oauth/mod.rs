//! OAuth flows for HubSpot apps, built on the generated [`v3`](crate::v3) API.
//!
//! The generated functions mirror HubSpot's OAuth spec one endpoint at a
//! time; this module gives what an app does with them:
//!
//! 1. **Send the user to HubSpot.** Generate a [`CsrfState`] and, with PKCE,
//!    a [`PkceVerifier`]; keep both in the user's session; redirect the
//!    browser to the [`AuthorizeUrl`].
//! 2. **Handle the redirect back.** Check the `state` query parameter with
//!    [`CsrfState::verify`], then exchange the `code` with
//!    [`OAuthClient::exchange_code`] and an [`AuthorizationCode`]. The code
//!    is single-use: that request is never retried.
//! 3. **Keep a fresh access token.** A [`TokenSet`] knows when it expires;
//!    a [`TokenRefresher`] refreshes it when needed, once for all the tasks
//!    that ask at the same time.
//! 4. **Inspect or revoke** tokens with [`OAuthClient::introspect`] and
//!    [`OAuthClient::revoke`]; obtain app tokens with
//!    [`OAuthClient::client_credentials`].
//!
//! Secrets (the client secret, codes, verifiers, tokens) are held in
//! [`Secret`], [`AccessToken`], [`RefreshToken`], [`PkceVerifier`] and
//! [`CsrfState`], whose `Debug` output is redacted and which have no
//! `Display`; read them with `expose()`. Errors never contain them.
//!
//! ```no_run
//! use hubspot_oauth::oauth::{
//!     AuthorizationCode, AuthorizeUrl, CsrfState, OAuthClient, PkceVerifier, Secret,
//!     TokenRefresher,
//! };
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! const REDIRECT_URI: &str = "https://example.com/oauth/callback";
//!
//! // 1. Before redirecting the user.
//! let state = CsrfState::generate()?;
//! let verifier = PkceVerifier::generate()?;
//! let url = AuthorizeUrl::new("my-client-id", REDIRECT_URI)
//!     .scopes(["oauth", "crm.objects.contacts.read"])
//!     .state(&state)
//!     .pkce(&verifier.challenge())
//!     .build();
//! println!("redirect the browser to {url}");
//!
//! // 2. On the redirect back, with its `code` and `state` query parameters.
//! # let (code, returned_state) = (String::new(), String::new());
//! if !state.verify(&returned_state) {
//!     return Err("state mismatch: possible CSRF".into());
//! }
//! let client = OAuthClient::new("my-client-id", Secret::new("my-client-secret"));
//! let tokens = client
//!     .exchange_code(AuthorizationCode::new(code, REDIRECT_URI).with_pkce(verifier))
//!     .await?;
//!
//! // 3. From then on.
//! let Some(refresh_token) = tokens.refresh_token().cloned() else {
//!     return Err("no refresh token".into());
//! };
//! let refresher = TokenRefresher::new(client, refresh_token).with_tokens(tokens);
//! let access_token = refresher.access_token().await?;
//! # let _ = access_token;
//! # Ok(())
//! # }
//! ```

mod authorize;
mod client;
mod encoding;
mod pkce;
mod random;
mod refresher;
mod secret;
mod single_flight;
mod state;
mod token;

pub use authorize::{AuthorizeUrl, AUTHORIZE_ENDPOINT};
pub use client::{AuthorizationCode, OAuthClient, OAuthError, TokenRef, DEFAULT_BASE_URL};
pub use pkce::{PkceChallenge, PkceError, PkceVerifier, MAX_VERIFIER_LEN, MIN_VERIFIER_LEN};
pub use random::RandomError;
pub use refresher::TokenRefresher;
pub use secret::{AccessToken, RefreshToken, Secret};
pub use state::CsrfState;
pub use token::{TokenSet, DEFAULT_REFRESH_SKEW};
