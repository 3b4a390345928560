//! The OAuth flows of `hubspot_oauth::oauth` against a local mock of HubSpot's token endpoints.

use std::time::Duration;

use hubspot_oauth::oauth::{
    AccessToken, AuthorizationCode, OAuthClient, OAuthError, PkceVerifier, RefreshToken, Secret,
};
use hubspot_oauth::runtime::{Config, RetryConfig, Transport};
use hubspot_oauth::v3;
use serde_json::json;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const CLIENT_ID: &str = "test-client-id";
const CLIENT_SECRET: &str = "test-client-secret-5b7d";
const REDIRECT_URI: &str = "https://example.com/oauth/callback";

/// A client with fast retries, so that retry behaviour is quick to observe.
fn client(server: &MockServer) -> OAuthClient {
    let retry = RetryConfig {
        max_retries: 2,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(10),
    };
    let transport = Transport::new(server.uri()).with_config(Config::new().with_retry(retry));
    OAuthClient::with_transport(CLIENT_ID, Secret::new(CLIENT_SECRET), transport)
}

fn access_token_response(access: &str, refresh: &str, expires_in: i64) -> serde_json::Value {
    json!({
        "token_use": "access_token",
        "access_token": access,
        "refresh_token": refresh,
        "expires_in": expires_in,
        "token_type": "bearer",
        "hub_id": 62515,
        "user_id": 123,
        "scopes": ["oauth", "crm.objects.contacts.read"],
    })
}

fn form(request: &Request) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(&request.body).unwrap_or_default()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

fn assert_no_secrets(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{secret:?} leaked into {text:?}");
    }
}

#[tokio::test]
async fn exchange_code_with_pkce_sends_every_field_once() {
    let server = MockServer::start().await;
    let verifier = PkceVerifier::generate().expect("CSPRNG");
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(access_token_response("at-1", "rt-1", 1800)),
        )
        .expect(1)
        .mount(&server)
        .await;

    let before = std::time::Instant::now();
    let tokens = client(&server)
        .exchange_code(AuthorizationCode::new("code-abc", REDIRECT_URI).with_pkce(verifier.clone()))
        .await
        .expect("exchange succeeds");
    let after = std::time::Instant::now();

    assert_eq!(tokens.access_token().expose(), "at-1");
    assert_eq!(
        tokens.refresh_token().map(RefreshToken::expose),
        Some("rt-1")
    );
    assert_eq!(tokens.token_type(), "bearer");
    assert_eq!(tokens.hub_id(), Some(62515));
    assert_eq!(tokens.user_id(), Some(123));
    assert_eq!(tokens.scopes(), ["oauth", "crm.objects.contacts.read"]);
    assert_eq!(tokens.expires_in(), Duration::from_secs(1800));
    assert!(tokens.received_at() >= before && tokens.received_at() <= after);
    let expires_at = tokens.expires_at().expect("representable");
    assert!(expires_at >= before + Duration::from_secs(1800));
    assert!(expires_at <= after + Duration::from_secs(1800));
    assert!(!tokens.is_expired());
    assert!(!tokens.needs_refresh(Duration::from_secs(60)));

    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1);
    let fields = form(&requests[0]);
    assert_eq!(field(&fields, "grant_type"), Some("authorization_code"));
    assert_eq!(field(&fields, "code"), Some("code-abc"));
    assert_eq!(field(&fields, "redirect_uri"), Some(REDIRECT_URI));
    assert_eq!(field(&fields, "client_id"), Some(CLIENT_ID));
    assert_eq!(field(&fields, "client_secret"), Some(CLIENT_SECRET));
    assert_eq!(field(&fields, "code_verifier"), Some(verifier.expose()));
    assert_eq!(field(&fields, "refresh_token"), None);
}

#[tokio::test]
async fn exchange_code_without_pkce_sends_no_verifier() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .and(|request: &Request| field(&form(request), "code_verifier").is_none())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(access_token_response("at-1", "rt-1", 1800)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let tokens = client(&server)
        .exchange_code(AuthorizationCode::new("code-abc", REDIRECT_URI))
        .await
        .expect("exchange succeeds");
    assert_eq!(tokens.access_token().expose(), "at-1");
}

#[tokio::test]
async fn exchange_code_is_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let error = client(&server)
        .exchange_code(AuthorizationCode::new("code-abc", REDIRECT_URI))
        .await
        .expect_err("503 is an error");
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests.len(),
        1,
        "the single-use code was sent more than once"
    );
}

#[tokio::test]
async fn refresh_is_retried_on_503_within_the_bound() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let error = client(&server)
        .refresh(&RefreshToken::new("rt-1"))
        .await
        .expect_err("503 is an error");
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 3, "one attempt plus two retries");
}

#[tokio::test]
async fn refresh_sends_the_refresh_token_and_keeps_the_new_one() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=rt-old"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(access_token_response("at-2", "rt-new", 1800)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let tokens = client(&server)
        .refresh(&RefreshToken::new("rt-old"))
        .await
        .expect("refresh succeeds");
    assert_eq!(tokens.access_token().expose(), "at-2");
    assert_eq!(
        tokens.refresh_token().map(RefreshToken::expose),
        Some("rt-new")
    );
    let requests = server.received_requests().await.unwrap_or_default();
    let fields = form(&requests[0]);
    assert_eq!(field(&fields, "client_id"), Some(CLIENT_ID));
    assert_eq!(field(&fields, "client_secret"), Some(CLIENT_SECRET));
    assert_eq!(field(&fields, "code"), None);
}

#[tokio::test]
async fn refresh_keeps_the_old_refresh_token_when_none_comes_back() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_use": "client_credentials",
            "access_token": "at-2",
            "expires_in": 1800,
            "token_type": "bearer",
        })))
        .mount(&server)
        .await;
    let tokens = client(&server)
        .refresh(&RefreshToken::new("rt-old"))
        .await
        .expect("refresh succeeds");
    assert_eq!(
        tokens.refresh_token().map(RefreshToken::expose),
        Some("rt-old")
    );
}

#[tokio::test]
async fn client_credentials_sends_space_separated_scopes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_use": "client_credentials",
            "access_token": "app-token",
            "expires_in": 600,
            "token_type": "bearer",
            "scopes": ["crm.objects.contacts.read", "oauth"],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let tokens = client(&server)
        .client_credentials(["crm.objects.contacts.read", "oauth"])
        .await
        .expect("client credentials succeed");
    assert_eq!(tokens.access_token().expose(), "app-token");
    assert!(tokens.refresh_token().is_none());
    assert_eq!(tokens.expires_in(), Duration::from_secs(600));
    let requests = server.received_requests().await.unwrap_or_default();
    let fields = form(&requests[0]);
    assert_eq!(field(&fields, "grant_type"), Some("client_credentials"));
    assert_eq!(
        field(&fields, "scope"),
        Some("crm.objects.contacts.read oauth")
    );
    assert_eq!(field(&fields, "client_id"), Some(CLIENT_ID));
}

#[tokio::test]
async fn client_credentials_without_scopes_omits_scope() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .and(|request: &Request| field(&form(request), "scope").is_none())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_use": "client_credentials",
            "access_token": "app-token",
            "expires_in": 600,
            "token_type": "bearer",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let scopes: [&str; 0] = [];
    client(&server)
        .client_credentials(scopes)
        .await
        .expect("client credentials succeed");
}

#[tokio::test]
async fn revoke_sends_the_token_and_its_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/revoke"))
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    client
        .revoke(&RefreshToken::new("rt-1"))
        .await
        .expect("revocation succeeds");
    client
        .revoke(&AccessToken::new("at-1"))
        .await
        .expect("revocation succeeds");
    let requests = server.received_requests().await.unwrap_or_default();
    let first = form(&requests[0]);
    assert_eq!(field(&first, "token"), Some("rt-1"));
    assert_eq!(field(&first, "token_type_hint"), Some("refresh_token"));
    assert_eq!(field(&first, "client_id"), Some(CLIENT_ID));
    assert_eq!(field(&first, "client_secret"), Some(CLIENT_SECRET));
    let second = form(&requests[1]);
    assert_eq!(field(&second, "token"), Some("at-1"));
    assert_eq!(field(&second, "token_type_hint"), Some("access_token"));
}

#[tokio::test]
async fn revoke_reports_a_rejection() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/revoke"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "BAD_REFRESH_TOKEN",
            "message": "refresh token rt-secret-1 is invalid",
            "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
            "category": "VALIDATION_ERROR",
        })))
        .mount(&server)
        .await;
    let error = client(&server)
        .revoke(&RefreshToken::new("rt-secret-1"))
        .await
        .expect_err("400 is an error");
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST));
    assert_no_secrets(&format!("{error} {error:?}"), &[CLIENT_SECRET]);
}

#[tokio::test]
async fn introspect_decodes_access_and_refresh_token_info() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/introspect"))
        .and(body_string_contains("token_type_hint=access_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(access_token_info()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/introspect"))
        .and(body_string_contains("token_type_hint=refresh_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(refresh_token_info()))
        .mount(&server)
        .await;
    let client = client(&server);

    match client.introspect(&AccessToken::new("at-1")).await {
        Ok(v3::TokenInfoResponseBaseIf::AccessToken(info)) => {
            assert!(info.active);
            assert_eq!(info.hub_id, 62515);
            assert_eq!(info.expires_in, 1754);
            assert_eq!(info.scopes, ["oauth", "crm.objects.contacts.read"]);
        }
        other => panic!("unexpected introspection result: {other:?}"),
    }
    match client.introspect(&RefreshToken::new("rt-1")).await {
        Ok(v3::TokenInfoResponseBaseIf::RefreshToken(info)) => {
            assert!(info.active);
            assert_eq!(info.client_id, CLIENT_ID);
        }
        other => panic!("unexpected introspection result: {other:?}"),
    }
    let requests = server.received_requests().await.unwrap_or_default();
    let fields = form(&requests[0]);
    assert_eq!(field(&fields, "token"), Some("at-1"));
    assert_eq!(field(&fields, "client_id"), Some(CLIENT_ID));
    assert_eq!(field(&fields, "client_secret"), Some(CLIENT_SECRET));
}

#[tokio::test]
async fn token_errors_show_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(400).set_body_string(format!(
            "{{\"status\":\"BAD_AUTH_CODE\",\"message\":\"code code-secret-9 missing\",\
             \"refresh_token\":\"rt-secret-9\",\"client_secret\":\"{CLIENT_SECRET}\",\
             \"correlationId\":\"aeb5f871-7f07-4993-9211-075dc63e7cbf\",\"category\":\"X\"}}"
        )))
        .mount(&server)
        .await;
    let client = client(&server);
    let verifier = PkceVerifier::generate().expect("CSPRNG");
    let error = client
        .exchange_code(
            AuthorizationCode::new("code-secret-9", REDIRECT_URI).with_pkce(verifier.clone()),
        )
        .await
        .expect_err("400 is an error");
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST));
    let shown = format!("{error} | {error:?} | {error:#?} | {client:?}");
    assert_no_secrets(&shown, &[CLIENT_SECRET, "rt-secret-9", verifier.expose()]);
    let error = client
        .refresh(&RefreshToken::new("rt-secret-9"))
        .await
        .expect_err("400 is an error");
    assert_no_secrets(
        &format!("{error} | {error:?}"),
        &[CLIENT_SECRET, "rt-secret-9"],
    );
}

#[tokio::test]
async fn a_token_response_without_token_use_is_still_accepted() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "at-plain",
            "refresh_token": "rt-plain",
            "expires_in": 60,
            "token_type": "bearer",
        })))
        .mount(&server)
        .await;
    let tokens = client(&server)
        .refresh(&RefreshToken::new("rt-old"))
        .await
        .expect("a plain OAuth token response is accepted");
    assert_eq!(tokens.access_token().expose(), "at-plain");
    assert_eq!(
        tokens.refresh_token().map(RefreshToken::expose),
        Some("rt-plain")
    );
    assert_eq!(tokens.expires_in(), Duration::from_secs(60));
}

#[tokio::test]
async fn a_response_that_is_no_token_response_is_an_error_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_use": "something_new",
            "access_token": "at-secret-7",
        })))
        .mount(&server)
        .await;
    let error = client(&server)
        .refresh(&RefreshToken::new("rt-secret-7"))
        .await
        .expect_err("not a token response");
    assert!(matches!(error, OAuthError::UnexpectedResponse));
    assert_no_secrets(
        &format!("{error} {error:?}"),
        &["at-secret-7", "rt-secret-7"],
    );
}

#[tokio::test]
async fn a_negative_lifetime_means_expired() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(access_token_response("at", "rt", -5)),
        )
        .mount(&server)
        .await;
    let tokens = client(&server)
        .refresh(&RefreshToken::new("rt"))
        .await
        .expect("decodes");
    assert!(tokens.is_expired());
    assert!(tokens.needs_refresh(Duration::ZERO));
}

#[tokio::test]
async fn a_server_that_is_not_there_is_a_transport_error() {
    // Bind a port on loopback, then free it: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port");
    let client = OAuthClient::with_transport(
        CLIENT_ID,
        Secret::new(CLIENT_SECRET),
        Transport::new(format!("http://127.0.0.1:{port}"))
            .with_config(Config::new().with_retry(RetryConfig::disabled())),
    );
    let error = client
        .refresh(&RefreshToken::new("rt-secret-3"))
        .await
        .expect_err("nothing listens");
    assert!(matches!(
        error.as_http(),
        Some(hubspot_oauth::runtime::Error::Transport(_))
    ));
    assert_no_secrets(
        &format!("{error} {error:?}"),
        &[CLIENT_SECRET, "rt-secret-3"],
    );
}

fn access_token_info() -> serde_json::Value {
    json!({
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
            "audience": "audience",
            "expiresAt": 1_700_000_000_000_i64,
            "hubId": 62515,
            "hublet": "na1",
            "installingUserId": 123,
            "isPrivateDistribution": false,
            "isServiceAccount": false,
            "isUserLevel": false,
            "newSignature": "sig-new",
            "scopeToScopeGroupPks": "",
            "scopes": "",
            "signature": "sig",
            "trialScopeToScopeGroupPks": "",
            "trialScopes": "",
            "userId": 123,
        },
        "token": "at-1",
        "token_type": "access",
        "user": "user@example.com",
        "user_id": 123,
    })
}

fn refresh_token_info() -> serde_json::Value {
    json!({
        "token_use": "refresh_token",
        "active": true,
        "app_id": 456789,
        "client_id": CLIENT_ID,
        "hub_domain": "demo.hubspot.com",
        "hub_id": 62515,
        "scopes": ["oauth"],
        "token": "rt-1",
        "token_type": "refresh",
        "user": "user@example.com",
        "user_id": 123,
    })
}
