//! Introspecting tokens, end to end, against a local stand-in for HubSpot
//! started on 127.0.0.1 (no account needed):
//!
//! ```text
//! cargo run -p hubspot-oauth --example introspect_token
//! ```
//!
//! Asks the token introspection endpoint about an access token, a refresh
//! token and a revoked token, and prints what HubSpot says about each.

use std::collections::HashMap;
use std::error::Error;

use hubspot_oauth::oauth::{AccessToken, OAuthClient, RefreshToken, Secret, TokenRef};
use hubspot_oauth::v3::TokenInfoResponseBaseIf;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CLIENT_ID: &str = "example-client-id";
const CLIENT_SECRET: &str = "example-client-secret";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // A stand-in for https://api.hubapi.com, listening on 127.0.0.1.
    let hubspot = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/introspect"))
        .respond_with(IntrospectionEndpoint)
        .mount(&hubspot)
        .await;

    let client = OAuthClient::with_base_url(CLIENT_ID, Secret::new(CLIENT_SECRET), hubspot.uri());

    let access_token = AccessToken::new("access-token-1");
    let refresh_token = RefreshToken::new("refresh-token-1");
    let revoked = RefreshToken::new("revoked-refresh-token");
    let tokens: [(&str, TokenRef<'_>); 3] = [
        ("access token", (&access_token).into()),
        ("refresh token", (&refresh_token).into()),
        ("revoked token", (&revoked).into()),
    ];
    for (label, token) in tokens {
        match client.introspect(token).await {
            Ok(TokenInfoResponseBaseIf::AccessToken(info)) => println!(
                "{label}: active={}, hub {} ({}), user {}, app {}, expires in {} s, scopes {:?}",
                info.active,
                info.hub_id,
                info.hub_domain.as_deref().unwrap_or("?"),
                info.user_id,
                info.app_id,
                info.expires_in,
                info.scopes,
            ),
            Ok(TokenInfoResponseBaseIf::RefreshToken(info)) => println!(
                "{label}: active={}, hub {}, user {}, client {}, scopes {:?}",
                info.active, info.hub_id, info.user_id, info.client_id, info.scopes,
            ),
            Ok(other) => {
                println!("{label}: an answer of a kind this client does not know: {other:?}")
            }
            Err(error) => println!("{label}: {error} (status {:?})", error.status()),
        }
    }
    Ok(())
}

/// The stand-in's introspection endpoint.
struct IntrospectionEndpoint;

impl Respond for IntrospectionEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form: HashMap<String, String> =
            serde_urlencoded::from_bytes(&request.body).unwrap_or_default();
        let field = |name: &str| form.get(name).map(String::as_str);
        if field("client_id") != Some(CLIENT_ID) || field("client_secret") != Some(CLIENT_SECRET) {
            return error(401, "invalid client credentials");
        }
        match field("token") {
            Some("access-token-1") => ResponseTemplate::new(200).set_body_json(json!({
                "token_use": "access_token",
                "active": true,
                "app_id": 456789,
                "client_id": CLIENT_ID,
                "expires_in": 1754,
                "hub_domain": "demo.hubspot.com",
                "hub_id": 62515,
                "is_private_distribution": false,
                "scopes": ["oauth", "crm.objects.contacts.read"],
                "signed_access_token": {
                    "appId": 456789,
                    "appInstallId": "install-1",
                    "audience": "hubspot",
                    "expiresAt": 1_767_225_600_000_i64,
                    "hubId": 62515,
                    "hublet": "na1",
                    "installingUserId": 123,
                    "isPrivateDistribution": false,
                    "isServiceAccount": false,
                    "isUserLevel": false,
                    "newSignature": "new-signature",
                    "scopeToScopeGroupPks": "[]",
                    "scopes": "oauth crm.objects.contacts.read",
                    "signature": "signature",
                    "trialScopeToScopeGroupPks": "[]",
                    "trialScopes": "",
                    "userId": 123,
                },
                "token": "access-token-1",
                "token_type": "access",
                "user": "user@example.com",
                "user_id": 123,
            })),
            Some("refresh-token-1") => ResponseTemplate::new(200).set_body_json(json!({
                "token_use": "refresh_token",
                "active": true,
                "app_id": 456789,
                "client_id": CLIENT_ID,
                "hub_domain": "demo.hubspot.com",
                "hub_id": 62515,
                "scopes": ["oauth", "crm.objects.contacts.read"],
                "token": "refresh-token-1",
                "token_type": "refresh",
                "user": "user@example.com",
                "user_id": 123,
            })),
            _ => error(400, "the token is invalid, expired or revoked"),
        }
    }
}

fn error(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "status": "BAD_REFRESH_TOKEN",
        "message": message,
        "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
        "category": "VALIDATION_ERROR",
    }))
}
