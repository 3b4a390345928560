//! HubSpot's Account Audit Logs API with a `TokenRefresher` as the credential, paging through
//! the audit log, against a local stand-in for HubSpot started on 127.0.0.1 (no account
//! needed):
//!
//! ```text
//! cargo run -p hubspot-oauth --example audit_logs
//! ```
//!
//! 1. The app has a stored refresh token; a `TokenRefresher` turns it into access tokens and
//!    is the client's `oauth2_legacy` credential.
//! 2. The first request gets a fresh access token (one refresh), and later pages reuse it.
//! 3. The pager requests the next page only when the items of the previous one have been read,
//!    following `paging.next.after`, and stops at the page limit or the last page.
//!
//! `cargo test` runs this example too (see `[[example]]` in `Cargo.toml`).

use std::error::Error;
use std::sync::Arc;

use hubspot_oauth::audit_logs_v3::{Client, GetAuditLogsParams};
use hubspot_oauth::oauth::{OAuthClient, RefreshToken, Secret, TokenRefresher};
use hubspot_oauth::runtime::Credentials;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const CLIENT_ID: &str = "example-client-id";
const CLIENT_SECRET: &str = "example-client-secret";
const REFRESH_TOKEN: &str = "example-refresh-token";
const ACCESS_TOKEN: &str = "example-access-token";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let events = run().await?;
    println!("read {events} audit-log events");
    Ok(())
}

/// The whole walk-through; returns how many events were read.
async fn run() -> Result<usize, Box<dyn Error>> {
    // A stand-in for https://api.hubapi.com, listening on 127.0.0.1.
    let hubspot = MockServer::start().await;
    stand_in(&hubspot).await;

    // 1. A refresher over the stored refresh token is the `oauth2_legacy` credential.
    let oauth = OAuthClient::with_base_url(CLIENT_ID, Secret::new(CLIENT_SECRET), hubspot.uri());
    let refresher = Arc::new(TokenRefresher::new(oauth, RefreshToken::new(REFRESH_TOKEN)));
    let client = Client::with_base_url(hubspot.uri())
        .with_credentials(Credentials::new().provider("oauth2_legacy", Arc::clone(&refresher)));
    println!("1. client: {client:?}\n");

    // 2. and 3. Read the audit log two events a page, at most five pages.
    let params = GetAuditLogsParams {
        limit: Some(2),
        ..Default::default()
    };
    let mut events = client.get_audit_logs_pages(&params).max_pages(5);
    let mut read = 0;
    while let Some(event) = events.next().await {
        let event = event?;
        read += 1;
        println!(
            "   {} {} by {} at {}",
            event.category,
            event.action,
            event.acting_user.user_email.as_deref().unwrap_or("?"),
            event.occurred_at
        );
    }
    println!("\n2. pages requested: {}", events.pages_fetched());
    let requests = hubspot.received_requests().await.unwrap_or_default();
    let token_requests = requests
        .iter()
        .filter(|r| r.url.path() == "/oauth/v3/token")
        .count();
    println!("3. token endpoint calls: {token_requests} (one refresh for every page)");
    if events.pages_fetched() != 3 || token_requests != 1 || read != 5 {
        return Err("the stand-in saw something other than one refresh and three pages".into());
    }
    Ok(read)
}

/// The token endpoint and three pages of audit-log events (5 events), each page only for the
/// refreshed access token.
async fn stand_in(hubspot: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_use": "access_token",
            "access_token": ACCESS_TOKEN,
            "refresh_token": REFRESH_TOKEN,
            "expires_in": 1800,
            "token_type": "bearer",
            "hub_id": 62515,
            "scopes": ["account-info.security.read"],
        })))
        .expect(1)
        .mount(hubspot)
        .await;
    Mock::given(method("GET"))
        .and(path("/account-info/v3/activity/audit-logs"))
        .and(header(
            "authorization",
            format!("Bearer {ACCESS_TOKEN}").as_str(),
        ))
        .respond_with(|request: &Request| {
            let after = request
                .url
                .query_pairs()
                .find(|(k, _)| k == "after")
                .map(|(_, v)| v.into_owned());
            let (ids, next) = match after.as_deref() {
                None => (&["1", "2"][..], Some("page-2")),
                Some("page-2") => (&["3", "4"][..], Some("page-3")),
                _ => (&["5"][..], None),
            };
            let results: Vec<_> = ids
                .iter()
                .map(|id| {
                    json!({
                        "id": id,
                        "category": "LOGIN",
                        "action": "SUCCEEDED",
                        "occurredAt": "2026-08-01T12:00:00Z",
                        "actingUser": { "userId": 7, "userEmail": "admin@example.com" },
                    })
                })
                .collect();
            let paging = next.map(|after| json!({ "next": { "after": after } }));
            ResponseTemplate::new(200)
                .set_body_json(json!({ "results": results, "paging": paging }))
        })
        .mount(hubspot)
        .await;
}

#[cfg(test)]
mod tests {
    /// `cargo test` runs the walk-through against its stand-in.
    #[tokio::test]
    async fn reads_every_event_through_the_pager() {
        let read = tokio::time::timeout(std::time::Duration::from_secs(20), super::run())
            .await
            .expect("the example finishes within 20 s")
            .expect("the example succeeds");
        assert_eq!(read, 5);
    }
}
