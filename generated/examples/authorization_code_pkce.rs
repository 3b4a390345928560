//! The authorization-code flow with PKCE, end to end, against a local stand-in
//! for HubSpot started on 127.0.0.1 (no account needed):
//!
//! ```text
//! cargo run -p hubspot-oauth --example authorization_code_pkce
//! ```
//!
//! 1. The app generates a `state` and a PKCE verifier and builds the
//!    authorization URL.
//! 2. The stand-in plays the user approving the app: it reads the URL and
//!    redirects back with a code and the same `state`.
//! 3. The app checks the `state`, exchanges the code with the verifier, and
//!    gets tokens; the stand-in checks the verifier against the challenge.
//! 4. The app keeps a fresh access token with a `TokenRefresher`.
//! 5. Replaying the (single-use) code fails.

use std::collections::HashMap;
use std::error::Error;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hubspot_oauth::oauth::{
    AuthorizationCode, AuthorizeUrl, CsrfState, OAuthClient, PkceVerifier, Secret, TokenRefresher,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CLIENT_ID: &str = "example-client-id";
const CLIENT_SECRET: &str = "example-client-secret";
const REDIRECT_URI: &str = "https://app.example.com/oauth/callback";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // A stand-in for https://api.hubapi.com, listening on 127.0.0.1.
    let hubspot = MockServer::start().await;

    // 1. Before sending the user to HubSpot: keep `state` and `verifier` in
    //    the user's session (here, in local variables).
    let state = CsrfState::generate()?;
    let verifier = PkceVerifier::generate()?;
    let authorize_url = AuthorizeUrl::new(CLIENT_ID, REDIRECT_URI)
        .scopes(["oauth", "crm.objects.contacts.read"])
        .optional_scope("crm.objects.deals.read")
        .state(&state)
        .pkce(&verifier.challenge())
        .build();
    println!("1. send the browser to:\n   {authorize_url}\n");

    // 2. The user approves; HubSpot records the challenge with the code it
    //    issues and redirects back to REDIRECT_URI.
    let issued_code = "example-authorization-code";
    let authorize_query = query_of(&authorize_url)?;
    let challenge = authorize_query
        .get("code_challenge")
        .ok_or("the authorization URL has no code_challenge")?
        .clone();
    let returned_state = authorize_query.get("state").ok_or("no state")?;
    let callback = format!(
        "{REDIRECT_URI}?{}",
        serde_urlencoded::to_string([("code", issued_code), ("state", returned_state)])?
    );
    println!("2. HubSpot redirects back to:\n   {REDIRECT_URI}?code=…&state=…\n");
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(TokenEndpoint {
            code: issued_code.to_owned(),
            challenge,
            code_used: AtomicBool::new(false),
            refreshes: AtomicUsize::new(0),
        })
        .mount(&hubspot)
        .await;

    // 3. On the redirect: check `state` first, then exchange the code.
    let callback_query = query_of(&callback)?;
    let received_state = callback_query
        .get("state")
        .map(String::as_str)
        .unwrap_or("");
    if !state.verify(received_state) {
        return Err("the state does not match: the redirect was not started here".into());
    }
    let code = callback_query
        .get("code")
        .ok_or("the redirect has no code")?;
    println!("3. state verified; exchanging the code");

    let client = OAuthClient::with_base_url(CLIENT_ID, Secret::new(CLIENT_SECRET), hubspot.uri());
    let tokens = client
        .exchange_code(AuthorizationCode::new(code.as_str(), REDIRECT_URI).with_pkce(verifier))
        .await?;
    println!("   tokens: {tokens:#?}");
    println!(
        "   hub {:?}, scopes {:?}, access token valid for {:?}\n",
        tokens.hub_id(),
        tokens.scopes(),
        tokens.remaining()
    );

    // 4. From then on, ask the refresher for the access token. The stand-in
    //    issued the token above already expired (`expires_in: 0`), so the
    //    first request refreshes it once and later requests reuse the result.
    //    (A token is due once it is within the skew of its expiry, the skew
    //    clamped to half its lifetime: a fresh token is never refreshed at
    //    once, however short its lifetime.)
    let refresh_token = tokens.refresh_token().cloned().ok_or("no refresh token")?;
    let refresher = Arc::new(
        TokenRefresher::new(client.clone(), refresh_token)
            .with_tokens(tokens)
            .with_skew(Duration::from_secs(120)),
    );
    let mut tasks = Vec::new();
    for _ in 0..5 {
        let refresher = Arc::clone(&refresher);
        tasks.push(tokio::spawn(async move { refresher.access_token().await }));
    }
    for task in tasks {
        let token = task.await??;
        // A real app now calls HubSpot with `Authorization: Bearer {token.expose()}`.
        assert_eq!(token.expose(), "access-token-2");
    }
    let token_requests = hubspot
        .received_requests()
        .await
        .map_or(0, |requests| requests.len());
    println!("4. five tasks got a fresh access token; token endpoint calls so far: {token_requests} (one exchange, one refresh)\n");

    // 5. A code works once. A replay is rejected, and the client never
    //    retries an exchange by itself.
    let replay = client
        .exchange_code(AuthorizationCode::new(code.as_str(), REDIRECT_URI))
        .await;
    match replay {
        Ok(_) => return Err("a replayed code was accepted".into()),
        Err(error) => println!(
            "5. replaying the code fails: {error}: {}",
            error.api_error().map_or("", |body| body.message.as_str())
        ),
    }
    Ok(())
}

/// The query parameters of `url`, decoded.
fn query_of(url: &str) -> Result<HashMap<String, String>, Box<dyn Error>> {
    let query = url.split_once('?').map_or("", |(_, query)| query);
    Ok(serde_urlencoded::from_str(query)?)
}

/// The stand-in's token endpoint: accepts the issued code once, with the
/// verifier matching the recorded challenge, and refresh tokens.
struct TokenEndpoint {
    code: String,
    challenge: String,
    code_used: AtomicBool,
    refreshes: AtomicUsize,
}

impl Respond for TokenEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form: HashMap<String, String> =
            serde_urlencoded::from_bytes(&request.body).unwrap_or_default();
        let field = |name: &str| form.get(name).map(String::as_str);
        if field("client_id") != Some(CLIENT_ID) || field("client_secret") != Some(CLIENT_SECRET) {
            return error(401, "BAD_CLIENT_ID", "invalid client credentials");
        }
        match field("grant_type") {
            Some("authorization_code") => {
                let verified = field("code_verifier")
                    .and_then(|verifier| PkceVerifier::new(verifier).ok())
                    .is_some_and(|verifier| verifier.challenge().as_str() == self.challenge);
                if field("code") != Some(self.code.as_str())
                    || field("redirect_uri") != Some(REDIRECT_URI)
                    || !verified
                    || self.code_used.swap(true, Ordering::SeqCst)
                {
                    return error(400, "BAD_AUTH_CODE", "invalid or already used code");
                }
                // Already expired, so that step 4 has a refresh to show.
                tokens("access-token-1", 0)
            }
            Some("refresh_token") if field("refresh_token") == Some("refresh-token-1") => {
                let n = self.refreshes.fetch_add(1, Ordering::SeqCst) + 2;
                tokens(&format!("access-token-{n}"), 1800)
            }
            _ => error(400, "BAD_GRANT_TYPE", "unsupported grant"),
        }
    }
}

fn tokens(access_token: &str, expires_in: i64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "token_use": "access_token",
        "access_token": access_token,
        "refresh_token": "refresh-token-1",
        "expires_in": expires_in,
        "token_type": "bearer",
        "hub_id": 62515,
        "user_id": 123,
        "scopes": ["oauth", "crm.objects.contacts.read"],
    }))
}

fn error(status: u16, sub_category: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "status": sub_category,
        "message": message,
        "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
        "category": "VALIDATION_ERROR",
    }))
}
