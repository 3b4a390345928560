//! Every operation of the generated v3 and v1 clients against a local mock server: the exact
//! request that goes out, the typed value that comes back, and how errors, retries, size limits
//! and secrets are handled.

#![allow(deprecated)]

use std::collections::BTreeMap;
use std::fmt::{Debug, Display};
use std::future::Future;
use std::time::{Duration, Instant};

use http::StatusCode;
use hubspot_oauth::runtime::{Config, Error, RetryConfig};
use hubspot_oauth::{v1, v3};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const CLIENT_ID: &str = "client-id-4f1e";
const CLIENT_SECRET: &str = "SECRET-client-abc123";
const CODE: &str = "SECRET-code-abc123";
const CODE_VERIFIER: &str = "SECRET-verifier-abc123";
const REFRESH_TOKEN: &str = "SECRET-refresh-abc123";
const ACCESS_TOKEN: &str = "SECRET-access-abc123";
const ID_TOKEN: &str = "SECRET-id-abc123";
const TOKEN: &str = "SECRET-token-abc123";
const ASSERTION: &str = "SECRET-assertion-abc123";
const SIGNATURE: &str = "SECRET-signature-abc123";
const NEW_SIGNATURE: &str = "SECRET-new-signature-abc123";
const REDIRECT_URI: &str = "https://app.example.com/oauth/callback?from=hubspot";
const CORRELATION_ID: &str = "aeb5f871-7f07-4993-9211-075dc63e7cbf";
const FORM: &str = "application/x-www-form-urlencoded";

/// Longest time any single test step may take.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// Fast retries that still honour a `Retry-After: 1`.
fn fast_config() -> Config {
    Config::new().with_retry(RetryConfig {
        max_retries: 2,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_secs(2),
    })
}

fn v3_client(base_url: impl Into<String>) -> v3::Client {
    v3::Client::with_base_url(base_url).with_config(fast_config())
}

fn v1_client(base_url: impl Into<String>) -> v1::Client {
    v1::Client::with_base_url(base_url).with_config(fast_config())
}

async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(STEP_TIMEOUT, future)
        .await
        .expect("the step finished within its time bound")
}

/// The base URL of a loopback port nothing listens on.
fn refused_base_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    let port = listener.local_addr().expect("a bound address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "exactly one request reaches the server");
    requests.remove(0)
}

/// The form fields of a request body; every name must appear once.
fn form_fields(request: &Request) -> BTreeMap<String, String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(&request.body).expect("the body is form-encoded");
    let count = pairs.len();
    let fields: BTreeMap<String, String> = pairs.into_iter().collect();
    assert_eq!(fields.len(), count, "no form field is sent twice");
    fields
}

fn query_fields(request: &Request) -> BTreeMap<String, String> {
    let pairs: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let count = pairs.len();
    let fields: BTreeMap<String, String> = pairs.into_iter().collect();
    assert_eq!(fields.len(), count, "no query parameter is sent twice");
    fields
}

fn expected(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

fn content_type(request: &Request) -> Option<&str> {
    request
        .headers
        .get("content-type")
        .map(|value| value.to_str().expect("an ASCII content type"))
}

fn assert_no_secret(text: &str) {
    assert!(!text.contains("SECRET"), "a secret leaked into {text:?}");
}

fn assert_debug_clean<T: Debug>(value: &T) {
    assert_no_secret(&format!("{value:?}"));
    assert_no_secret(&format!("{value:#?}"));
}

/// `Display`, `Debug` and every `source` of an error are free of secrets.
fn assert_error_clean<E: Debug + 'static>(error: &Error<E>) {
    assert_no_secret(&format!("{error}"));
    assert_debug_clean(error);
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        assert_no_secret(&format!("{cause} {cause:?}"));
        source = cause.source();
    }
}

fn assert_display_clean<T: Display + Debug>(value: &T) {
    assert_no_secret(&format!("{value}"));
    assert_debug_clean(value);
}

fn access_token_body() -> Value {
    json!({
        "token_use": "access_token",
        "access_token": ACCESS_TOKEN,
        "refresh_token": REFRESH_TOKEN,
        "id_token": ID_TOKEN,
        "expires_in": 1800,
        "token_type": "bearer",
        "hub_id": 62515,
        "user_id": 7,
        "scopes": ["oauth", "crm.objects.contacts.read"]
    })
}

fn client_credentials_body() -> Value {
    json!({
        "token_use": "client_credentials",
        "access_token": ACCESS_TOKEN,
        "expires_in": 1799,
        "token_type": "bearer",
        "hub_id": 62515,
        "scopes": ["crm.objects.contacts.read"]
    })
}

fn signed_access_token_body() -> Value {
    json!({
        "appId": 456789,
        "appInstallId": "install-88",
        "audience": "https://api.hubapi.com",
        "expiresAt": 1_767_225_600_000_i64,
        "hubId": 62515,
        "hublet": "na1",
        "installingUserId": 7,
        "isPrivateDistribution": false,
        "isServiceAccount": false,
        "isUserLevel": true,
        "newSignature": NEW_SIGNATURE,
        "scopeToScopeGroupPks": "oauth:1",
        "scopes": "oauth",
        "signature": SIGNATURE,
        "trialScopeToScopeGroupPks": "",
        "trialScopes": "",
        "userId": 7
    })
}

fn access_token_info_body() -> Value {
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
        "signed_access_token": signed_access_token_body(),
        "token": ACCESS_TOKEN,
        "token_type": "access",
        "user": "dev@example.com",
        "user_id": 7
    })
}

fn refresh_token_info_body() -> Value {
    json!({
        "token_use": "refresh_token",
        "active": true,
        "app_id": 456789,
        "client_id": CLIENT_ID,
        "hub_domain": "demo.hubspot.com",
        "hub_id": 62515,
        "scopes": ["oauth"],
        "token": REFRESH_TOKEN,
        "token_type": "refresh",
        "user": "dev@example.com",
        "user_id": 7
    })
}

fn spec_error_body() -> Value {
    json!({
        "category": "VALIDATION_ERROR",
        "correlationId": CORRELATION_ID,
        "message": "missing or invalid refresh token",
        "subCategory": "OAUTH.INVALID_GRANT",
        "links": {"knowledge-base": "https://www.hubspot.com/products/service/knowledge-base"},
        "errors": [{"message": "is required", "in": "refresh_token", "code": "REQUIRED"}]
    })
}

fn assert_signed_access_token(token: &v3::SignedAccessToken) {
    assert_eq!(token.app_id, 456789);
    assert_eq!(token.app_install_id.as_deref(), Some("install-88"));
    assert_eq!(token.audience.as_deref(), Some("https://api.hubapi.com"));
    assert_eq!(token.expires_at, 1_767_225_600_000);
    assert_eq!(token.hub_id, 62515);
    assert_eq!(token.hublet, "na1");
    assert_eq!(token.installing_user_id, 7);
    assert!(!token.is_private_distribution);
    assert!(!token.is_service_account);
    assert!(token.is_user_level);
    assert_eq!(token.new_signature, NEW_SIGNATURE);
    assert_eq!(token.scope_to_scope_group_pks, "oauth:1");
    assert_eq!(token.scopes, "oauth");
    assert_eq!(token.signature, SIGNATURE);
    assert_eq!(token.trial_scope_to_scope_group_pks, "");
    assert_eq!(token.trial_scopes, "");
    assert_eq!(token.user_id, 7);
}

// ---------------------------------------------------------------------------------------------
// v3: every operation
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn v3_create_token_sends_every_form_field_and_decodes_an_access_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .and(header("content-type", FORM))
        .respond_with(ResponseTemplate::new(200).set_body_json(access_token_body()))
        .expect(1)
        .mount(&server)
        .await;
    let body = v3::CreateTokenRequest {
        client_assertion: Some(ASSERTION.to_owned()),
        client_assertion_type: Some(
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_owned(),
        ),
        client_id: Some(CLIENT_ID.to_owned()),
        client_secret: Some(CLIENT_SECRET.to_owned()),
        code: Some(CODE.to_owned()),
        code_verifier: Some(CODE_VERIFIER.to_owned()),
        grant_type: Some(v3::CreateTokenRequestGrantType::AuthorizationCode),
        redirect_uri: Some(REDIRECT_URI.to_owned()),
        refresh_token: Some(REFRESH_TOKEN.to_owned()),
        scope: Some("oauth crm.objects.contacts.read".to_owned()),
    };
    assert_debug_clean(&body);

    let response = bounded(v3_client(server.uri()).create_token(&body))
        .await
        .expect("a 200 decodes");

    let request = only_request(&server).await;
    assert_eq!(request.method, http::Method::POST);
    assert_eq!(request.url.path(), "/oauth/v3/token");
    assert_eq!(request.url.query(), None);
    assert_eq!(content_type(&request), Some(FORM));
    assert_eq!(
        form_fields(&request),
        expected(&[
            ("client_assertion", ASSERTION),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            ),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("code", CODE),
            ("code_verifier", CODE_VERIFIER),
            ("grant_type", "authorization_code"),
            ("redirect_uri", REDIRECT_URI),
            ("refresh_token", REFRESH_TOKEN),
            ("scope", "oauth crm.objects.contacts.read"),
        ])
    );

    assert_debug_clean(&response);
    match response {
        v3::TokenResponseIf::AccessToken(token) => {
            assert_eq!(token.access_token, ACCESS_TOKEN);
            assert_eq!(token.refresh_token, REFRESH_TOKEN);
            assert_eq!(token.id_token.as_deref(), Some(ID_TOKEN));
            assert_eq!(token.expires_in, 1800);
            assert_eq!(token.token_type, "bearer");
            assert_eq!(token.hub_id, Some(62515));
            assert_eq!(token.user_id, Some(7));
            assert_eq!(
                token.scopes.as_deref(),
                Some(&["oauth".to_owned(), "crm.objects.contacts.read".to_owned()][..])
            );
        }
        other => panic!("expected the access_token variant, got {other:?}"),
    }
}

#[tokio::test]
async fn v3_create_token_omits_unset_fields_and_decodes_client_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .and(header("content-type", FORM))
        .respond_with(ResponseTemplate::new(200).set_body_json(client_credentials_body()))
        .expect(1)
        .mount(&server)
        .await;
    let body = v3::CreateTokenRequest {
        client_id: Some(CLIENT_ID.to_owned()),
        client_secret: Some(CLIENT_SECRET.to_owned()),
        grant_type: Some(v3::CreateTokenRequestGrantType::ClientCredentials),
        scope: Some("crm.objects.contacts.read".to_owned()),
        ..Default::default()
    };

    let response = bounded(v3_client(server.uri()).create_token(&body))
        .await
        .expect("a 200 decodes");

    let request = only_request(&server).await;
    assert_eq!(request.method, http::Method::POST);
    assert_eq!(request.url.path(), "/oauth/v3/token");
    assert_eq!(content_type(&request), Some(FORM));
    assert_eq!(
        form_fields(&request),
        expected(&[
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("grant_type", "client_credentials"),
            ("scope", "crm.objects.contacts.read"),
        ])
    );
    assert_debug_clean(&response);
    match response {
        v3::TokenResponseIf::ClientCredentials(token) => {
            assert_eq!(token.access_token, ACCESS_TOKEN);
            assert_eq!(token.expires_in, 1799);
            assert_eq!(token.token_type, "bearer");
            assert_eq!(token.hub_id, Some(62515));
            assert_eq!(token.user_id, None);
            assert_eq!(token.id_token, None);
            assert_eq!(
                token.scopes,
                Some(vec!["crm.objects.contacts.read".to_owned()])
            );
        }
        other => panic!("expected the client_credentials variant, got {other:?}"),
    }
}

#[tokio::test]
async fn v3_introspect_token_sends_the_form_and_decodes_access_token_info() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/introspect"))
        .and(header("content-type", FORM))
        .respond_with(ResponseTemplate::new(200).set_body_json(access_token_info_body()))
        .expect(1)
        .mount(&server)
        .await;
    let body = v3::IntrospectTokenRequest {
        client_id: Some(CLIENT_ID.to_owned()),
        client_secret: Some(CLIENT_SECRET.to_owned()),
        token: Some(ACCESS_TOKEN.to_owned()),
        token_type_hint: Some("access_token".to_owned()),
    };
    assert_debug_clean(&body);

    let response = bounded(v3_client(server.uri()).introspect_token(&body))
        .await
        .expect("a 200 decodes");

    let request = only_request(&server).await;
    assert_eq!(request.method, http::Method::POST);
    assert_eq!(request.url.path(), "/oauth/v3/token/introspect");
    assert_eq!(request.url.query(), None);
    assert_eq!(content_type(&request), Some(FORM));
    assert_eq!(
        form_fields(&request),
        expected(&[
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("token", ACCESS_TOKEN),
            ("token_type_hint", "access_token"),
        ])
    );
    assert_debug_clean(&response);
    match response {
        v3::TokenInfoResponseBaseIf::AccessToken(info) => {
            assert!(info.active);
            assert_eq!(info.app_id, 456789);
            assert_eq!(info.client_id, CLIENT_ID);
            assert_eq!(info.expires_in, 1754);
            assert_eq!(info.hub_domain.as_deref(), Some("demo.hubspot.com"));
            assert_eq!(info.hub_id, 62515);
            assert!(!info.is_private_distribution);
            assert_eq!(info.scopes, ["oauth", "crm.objects.contacts.read"]);
            assert_eq!(info.token, ACCESS_TOKEN);
            assert_eq!(info.token_type, "access");
            assert_eq!(info.user.as_deref(), Some("dev@example.com"));
            assert_eq!(info.user_id, 7);
            assert_signed_access_token(&info.signed_access_token);
        }
        other => panic!("expected the access_token variant, got {other:?}"),
    }
}

#[tokio::test]
async fn v3_introspect_token_decodes_refresh_token_info() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/introspect"))
        .and(header("content-type", FORM))
        .respond_with(ResponseTemplate::new(200).set_body_json(refresh_token_info_body()))
        .expect(1)
        .mount(&server)
        .await;
    let body = v3::IntrospectTokenRequest {
        token: Some(REFRESH_TOKEN.to_owned()),
        token_type_hint: Some("refresh_token".to_owned()),
        ..Default::default()
    };

    let response = bounded(v3_client(server.uri()).introspect_token(&body))
        .await
        .expect("a 200 decodes");

    let request = only_request(&server).await;
    assert_eq!(
        form_fields(&request),
        expected(&[
            ("token", REFRESH_TOKEN),
            ("token_type_hint", "refresh_token")
        ])
    );
    assert_debug_clean(&response);
    match response {
        v3::TokenInfoResponseBaseIf::RefreshToken(info) => {
            assert!(info.active);
            assert_eq!(info.app_id, 456789);
            assert_eq!(info.client_id, CLIENT_ID);
            assert_eq!(info.hub_domain.as_deref(), Some("demo.hubspot.com"));
            assert_eq!(info.hub_id, 62515);
            assert_eq!(info.scopes, ["oauth"]);
            assert_eq!(info.token, REFRESH_TOKEN);
            assert_eq!(info.token_type, "refresh");
            assert_eq!(info.user.as_deref(), Some("dev@example.com"));
            assert_eq!(info.user_id, 7);
        }
        other => panic!("expected the refresh_token variant, got {other:?}"),
    }
}

#[tokio::test]
async fn v3_revoke_token_sends_the_form_and_204_is_unit() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/revoke"))
        .and(header("content-type", FORM))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let body = v3::RevokeTokenRequest {
        client_id: Some(CLIENT_ID.to_owned()),
        client_secret: Some(CLIENT_SECRET.to_owned()),
        token: Some(REFRESH_TOKEN.to_owned()),
        token_type_hint: Some("refresh_token".to_owned()),
    };
    assert_debug_clean(&body);

    let result = bounded(v3_client(server.uri()).revoke_token(&body)).await;
    assert!(matches!(result, Ok(())), "204 is a success: {result:?}");

    let request = only_request(&server).await;
    assert_eq!(request.method, http::Method::POST);
    assert_eq!(request.url.path(), "/oauth/v3/token/revoke");
    assert_eq!(request.url.query(), None);
    assert_eq!(content_type(&request), Some(FORM));
    assert_eq!(
        form_fields(&request),
        expected(&[
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("token", REFRESH_TOKEN),
            ("token_type_hint", "refresh_token"),
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// v1: every operation
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn v1_get_access_token_sends_a_bare_get_and_decodes_the_info() {
    let server = MockServer::start().await;
    let mut body = access_token_info_body();
    let object = body.as_object_mut().expect("an object");
    object.remove("token_use");
    object.remove("active");
    object.remove("client_id");
    Mock::given(method("GET"))
        .and(path(format!("/oauth/v1/access-tokens/{TOKEN}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let info = bounded(v1_client(server.uri()).get_access_token(TOKEN))
        .await
        .expect("a 200 decodes");

    let request = only_request(&server).await;
    assert_eq!(request.method, http::Method::GET);
    assert_eq!(
        request.url.path(),
        format!("/oauth/v1/access-tokens/{TOKEN}")
    );
    assert_eq!(request.url.query(), None);
    assert_eq!(content_type(&request), None);
    assert!(request.body.is_empty());

    assert_debug_clean(&info);
    assert_eq!(info.app_id, 456789);
    assert_eq!(info.expires_in, 1754);
    assert_eq!(info.hub_domain.as_deref(), Some("demo.hubspot.com"));
    assert_eq!(info.hub_id, 62515);
    assert_eq!(info.is_private_distribution, Some(false));
    assert_eq!(info.scopes, ["oauth", "crm.objects.contacts.read"]);
    assert_eq!(info.token, ACCESS_TOKEN);
    assert_eq!(info.token_type, "access");
    assert_eq!(info.user.as_deref(), Some("dev@example.com"));
    assert_eq!(info.user_id, 7);
    let signed = info
        .signed_access_token
        .as_ref()
        .expect("signed_access_token was sent");
    assert_eq!(signed.app_install_id.as_deref(), Some("install-88"));
    assert_eq!(signed.signature, SIGNATURE);
    assert_eq!(signed.new_signature, NEW_SIGNATURE);
    assert_eq!(signed.expires_at, 1_767_225_600_000);
}

#[tokio::test]
async fn v1_get_refresh_token_sends_a_bare_get_and_decodes_the_info() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/oauth/v1/refresh-tokens/{TOKEN}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "client_id": CLIENT_ID,
            "hub_id": 62515,
            "scopes": ["oauth", "crm.objects.contacts.read"],
            "token": REFRESH_TOKEN,
            "token_type": "refresh",
            "user_id": 7,
        })))
        .expect(1)
        .mount(&server)
        .await;

    let info = bounded(v1_client(server.uri()).get_refresh_token(TOKEN))
        .await
        .expect("a 200 decodes");

    let request = only_request(&server).await;
    assert_eq!(request.method, http::Method::GET);
    assert_eq!(
        request.url.path(),
        format!("/oauth/v1/refresh-tokens/{TOKEN}")
    );
    assert_eq!(request.url.query(), None);
    assert_eq!(content_type(&request), None);
    assert!(request.body.is_empty());

    assert_debug_clean(&info);
    assert_eq!(info.client_id, CLIENT_ID);
    assert_eq!(info.hub_id, 62515);
    assert_eq!(info.hub_domain, None);
    assert_eq!(info.scopes, ["oauth", "crm.objects.contacts.read"]);
    assert_eq!(info.token, REFRESH_TOKEN);
    assert_eq!(info.token_type, "refresh");
    assert_eq!(info.user, None);
    assert_eq!(info.user_id, 7);
}

#[tokio::test]
async fn v1_delete_refresh_token_sends_a_delete_and_204_is_unit() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/oauth/v1/refresh-tokens/{TOKEN}")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let result = bounded(v1_client(server.uri()).delete_refresh_token(TOKEN)).await;
    assert!(matches!(result, Ok(())), "204 is a success: {result:?}");

    let request = only_request(&server).await;
    assert_eq!(request.method, http::Method::DELETE);
    assert_eq!(
        request.url.path(),
        format!("/oauth/v1/refresh-tokens/{TOKEN}")
    );
    assert_eq!(request.url.query(), None);
    assert_eq!(content_type(&request), None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn v1_create_token_sends_query_and_form_and_decodes_an_access_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v1/token"))
        .and(header("content-type", FORM))
        .and(query_param("client_secret", CLIENT_SECRET))
        .and(query_param("refresh_token", REFRESH_TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(access_token_body()))
        .expect(1)
        .mount(&server)
        .await;
    let params = v1::CreateTokenParams {
        client_secret: Some(CLIENT_SECRET.to_owned()),
        refresh_token: Some(REFRESH_TOKEN.to_owned()),
    };
    let body = v1::CreateTokenRequest {
        client_id: Some(CLIENT_ID.to_owned()),
        client_secret: Some(CLIENT_SECRET.to_owned()),
        code: Some(CODE.to_owned()),
        code_verifier: Some(CODE_VERIFIER.to_owned()),
        grant_type: Some(v1::CreateTokenRequestGrantType::RefreshToken),
        redirect_uri: Some(REDIRECT_URI.to_owned()),
        refresh_token: Some(REFRESH_TOKEN.to_owned()),
        scope: Some("oauth".to_owned()),
    };
    assert_debug_clean(&params);
    assert_debug_clean(&body);

    let response = bounded(v1_client(server.uri()).create_token(&params, &body))
        .await
        .expect("a 200 decodes");

    let request = only_request(&server).await;
    assert_eq!(request.method, http::Method::POST);
    assert_eq!(request.url.path(), "/oauth/v1/token");
    assert_eq!(content_type(&request), Some(FORM));
    assert_eq!(
        query_fields(&request),
        expected(&[
            ("client_secret", CLIENT_SECRET),
            ("refresh_token", REFRESH_TOKEN),
        ])
    );
    assert_eq!(
        form_fields(&request),
        expected(&[
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("code", CODE),
            ("code_verifier", CODE_VERIFIER),
            ("grant_type", "refresh_token"),
            ("redirect_uri", REDIRECT_URI),
            ("refresh_token", REFRESH_TOKEN),
            ("scope", "oauth"),
        ])
    );
    assert_debug_clean(&response);
    match response {
        v1::TokenResponseIf::AccessToken(token) => {
            assert_eq!(token.access_token, ACCESS_TOKEN);
            assert_eq!(token.refresh_token, REFRESH_TOKEN);
            assert_eq!(token.id_token.as_deref(), Some(ID_TOKEN));
            assert_eq!(token.expires_in, 1800);
            assert_eq!(token.token_type, "bearer");
            assert_eq!(token.hub_id, Some(62515));
            assert_eq!(token.user_id, Some(7));
        }
        other => panic!("expected the access_token variant, got {other:?}"),
    }
}

#[tokio::test]
async fn v1_create_token_without_params_sends_no_query_and_decodes_client_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v1/token"))
        .and(header("content-type", FORM))
        .respond_with(ResponseTemplate::new(200).set_body_json(client_credentials_body()))
        .expect(1)
        .mount(&server)
        .await;
    let body = v1::CreateTokenRequest {
        client_id: Some(CLIENT_ID.to_owned()),
        client_secret: Some(CLIENT_SECRET.to_owned()),
        grant_type: Some(v1::CreateTokenRequestGrantType::ClientCredentials),
        ..Default::default()
    };

    let response =
        bounded(v1_client(server.uri()).create_token(&v1::CreateTokenParams::default(), &body))
            .await
            .expect("a 200 decodes");

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/oauth/v1/token");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        form_fields(&request),
        expected(&[
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("grant_type", "client_credentials"),
        ])
    );
    assert_debug_clean(&response);
    match response {
        v1::TokenResponseIf::ClientCredentials(token) => {
            assert_eq!(token.access_token, ACCESS_TOKEN);
            assert_eq!(token.expires_in, 1799);
            assert_eq!(token.hub_id, Some(62515));
        }
        other => panic!("expected the client_credentials variant, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Error bodies
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_error_body_matching_the_spec_is_decoded_with_its_correlation_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-hubspot-correlation-id", CORRELATION_ID)
                .set_body_json(spec_error_body()),
        )
        .expect(1)
        .mount(&server)
        .await;
    let body = v3::CreateTokenRequest {
        grant_type: Some(v3::CreateTokenRequestGrantType::RefreshToken),
        refresh_token: Some(REFRESH_TOKEN.to_owned()),
        client_secret: Some(CLIENT_SECRET.to_owned()),
        ..Default::default()
    };

    let error = bounded(v3_client(server.uri()).create_token(&body))
        .await
        .expect_err("400 is an error");

    assert_error_clean(&error);
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert!(!error.is_retryable());
    assert_eq!(error.correlation_id(), Some(CORRELATION_ID));
    assert!(format!("{error}").contains(CORRELATION_ID));
    let api = error.as_api().expect("an API error");
    let decoded = api.error().expect("the body matches the Error schema");
    assert_eq!(decoded.category, "VALIDATION_ERROR");
    assert_eq!(decoded.correlation_id, CORRELATION_ID);
    assert_eq!(decoded.message, "missing or invalid refresh token");
    assert_eq!(decoded.sub_category.as_deref(), Some("OAUTH.INVALID_GRANT"));
    assert_eq!(
        decoded
            .links
            .as_ref()
            .and_then(|links| links.get("knowledge-base"))
            .map(String::as_str),
        Some("https://www.hubspot.com/products/service/knowledge-base")
    );
    let details = decoded.errors.as_deref().expect("errors were sent");
    assert_eq!(details.len(), 1);
    assert_eq!(details[0].r#in.as_deref(), Some("refresh_token"));
    assert_eq!(details[0].code.as_deref(), Some("REQUIRED"));
    assert_eq!(details[0].message, "is required");
    let raw: Value = serde_json::from_slice(api.body()).expect("the raw body is kept");
    assert_eq!(raw, spec_error_body());
}

#[tokio::test]
async fn an_error_body_not_matching_the_spec_keeps_the_raw_body() {
    let server = MockServer::start().await;
    let raw = json!({
        "status": "BAD_REFRESH_TOKEN",
        "message": "missing or unknown refresh token",
        "refresh_token": REFRESH_TOKEN,
    })
    .to_string();
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/introspect"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("x-request-id", "req-77")
                .set_body_raw(raw.clone(), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let body = v3::IntrospectTokenRequest {
        token: Some(REFRESH_TOKEN.to_owned()),
        ..Default::default()
    };

    let error = bounded(v3_client(server.uri()).introspect_token(&body))
        .await
        .expect_err("401 is an error");

    assert_error_clean(&error);
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(error.correlation_id(), Some("req-77"));
    let api = error.as_api().expect("an API error");
    assert!(
        api.error().is_none(),
        "the body lacks category and correlationId"
    );
    assert_eq!(api.body(), raw.as_bytes());
    assert_eq!(api.content_type(), Some("application/json"));
    assert!(api.body_excerpt().contains("BAD_REFRESH_TOKEN"));
    assert_no_secret(&api.body_excerpt());
}

#[tokio::test]
async fn an_html_502_page_is_an_api_error_with_the_raw_page() {
    let server = MockServer::start().await;
    let page = format!(
        "<html><head><title>502 Bad Gateway</title></head>\
         <body><h1>Bad Gateway</h1><p>upstream failed for code={CODE}</p></body></html>"
    );
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(
            ResponseTemplate::new(502).set_body_raw(page.clone(), "text/html; charset=utf-8"),
        )
        .mount(&server)
        .await;
    let body = v3::CreateTokenRequest {
        grant_type: Some(v3::CreateTokenRequestGrantType::AuthorizationCode),
        code: Some(CODE.to_owned()),
        ..Default::default()
    };

    let error = bounded(v3_client(server.uri()).create_token(&body))
        .await
        .expect_err("502 is an error");

    assert_eq!(
        received(&server).await.len(),
        1,
        "a token request is sent once"
    );
    assert_error_clean(&error);
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert!(error.is_retryable());
    let api = error.as_api().expect("an API error");
    assert!(api.error().is_none());
    assert_eq!(api.content_type(), Some("text/html; charset=utf-8"));
    assert_eq!(api.body(), page.as_bytes());
    let excerpt = api.body_excerpt();
    assert!(excerpt.contains("Bad Gateway"));
    assert_no_secret(&excerpt);
}

#[tokio::test]
async fn a_502_on_introspection_is_retried_until_the_bound_then_returned() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/introspect"))
        .respond_with(ResponseTemplate::new(502).set_body_raw("<html>502</html>", "text/html"))
        .mount(&server)
        .await;
    let body = v3::IntrospectTokenRequest {
        token: Some(ACCESS_TOKEN.to_owned()),
        ..Default::default()
    };

    let error = bounded(v3_client(server.uri()).introspect_token(&body))
        .await
        .expect_err("502 is an error");

    assert_eq!(
        received(&server).await.len(),
        3,
        "the first attempt and max_retries = 2 retries"
    );
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(
        error.as_api().map(|api| api.body().to_vec()),
        Some(b"<html>502</html>".to_vec())
    );
}

#[tokio::test]
async fn a_500_on_introspection_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/introspect"))
        .respond_with(ResponseTemplate::new(500).set_body_json(spec_error_body()))
        .mount(&server)
        .await;

    let error = bounded(v3_client(server.uri()).introspect_token(&Default::default()))
        .await
        .expect_err("500 is an error");

    assert_eq!(received(&server).await.len(), 1);
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn a_v1_error_body_decodes_into_the_v1_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/oauth/v1/refresh-tokens/{TOKEN}")))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-hubspot-correlation-id", CORRELATION_ID)
                .set_body_json(json!({
                    "category": "OBJECT_NOT_FOUND",
                    "correlationId": CORRELATION_ID,
                    "message": "refresh token not found",
                })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = bounded(v1_client(server.uri()).get_refresh_token(TOKEN))
        .await
        .expect_err("404 is an error");

    assert_error_clean(&error);
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    let decoded: &v1::Error = error
        .as_api()
        .and_then(|api| api.error())
        .expect("the body matches the Error schema");
    assert_eq!(decoded.category, "OBJECT_NOT_FOUND");
    assert_eq!(decoded.correlation_id, CORRELATION_ID);
    assert_eq!(decoded.message, "refresh token not found");
    assert_eq!(decoded.errors, None);
}

// ---------------------------------------------------------------------------------------------
// Body size, retries, connection failures
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_oversized_success_body_is_body_too_large() {
    let server = MockServer::start().await;
    let mut body = access_token_info_body();
    body["padding"] = Value::String("x".repeat(4096));
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/introspect"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client =
        v3::Client::with_base_url(server.uri()).with_config(fast_config().with_max_body_bytes(256));

    let error = bounded(client.introspect_token(&Default::default()))
        .await
        .expect_err("the body is over the limit");

    assert_error_clean(&error);
    match &error {
        Error::BodyTooLarge(too_large) => {
            assert_eq!(too_large.limit(), 256);
            assert_eq!(too_large.status(), StatusCode::OK);
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert!(!error.is_retryable());
    assert_eq!(
        received(&server).await.len(),
        1,
        "BodyTooLarge is not retried"
    );
}

#[tokio::test]
async fn an_oversized_error_body_is_body_too_large() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/oauth/v1/access-tokens/{TOKEN}")))
        .respond_with(ResponseTemplate::new(400).set_body_raw("e".repeat(10_000), "text/plain"))
        .mount(&server)
        .await;
    let client = v1::Client::with_base_url(server.uri())
        .with_config(fast_config().with_max_body_bytes(1024));

    let error = bounded(client.get_access_token(TOKEN))
        .await
        .expect_err("the body is over the limit");

    assert_error_clean(&error);
    match &error {
        Error::BodyTooLarge(too_large) => {
            assert_eq!(too_large.limit(), 1024);
            assert_eq!(too_large.status(), StatusCode::BAD_REQUEST);
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn introspection_429_with_retry_after_is_retried_and_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/introspect"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/introspect"))
        .respond_with(ResponseTemplate::new(200).set_body_json(refresh_token_info_body()))
        .mount(&server)
        .await;
    let body = v3::IntrospectTokenRequest {
        client_id: Some(CLIENT_ID.to_owned()),
        token: Some(REFRESH_TOKEN.to_owned()),
        ..Default::default()
    };

    let started = Instant::now();
    let response = bounded(v3_client(server.uri()).introspect_token(&body))
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert!(
        matches!(response, v3::TokenInfoResponseBaseIf::RefreshToken(ref info) if info.token == REFRESH_TOKEN),
        "unexpected {response:?}"
    );
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "one 429, then one retry");
    assert_eq!(
        requests[0].body, requests[1].body,
        "the retry resends the same form"
    );
    assert_eq!(
        form_fields(&requests[1]),
        expected(&[("client_id", CLIENT_ID), ("token", REFRESH_TOKEN)])
    );
    assert!(
        elapsed >= Duration::from_millis(900),
        "Retry-After: 1 was honoured (waited {elapsed:?})"
    );
}

#[tokio::test]
async fn create_token_429_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(json!({
                    "category": "RATE_LIMITS",
                    "correlationId": CORRELATION_ID,
                    "message": "You have reached your secondly limit.",
                })),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(access_token_body()))
        .mount(&server)
        .await;
    let body = v3::CreateTokenRequest {
        grant_type: Some(v3::CreateTokenRequestGrantType::AuthorizationCode),
        code: Some(CODE.to_owned()),
        code_verifier: Some(CODE_VERIFIER.to_owned()),
        client_id: Some(CLIENT_ID.to_owned()),
        client_secret: Some(CLIENT_SECRET.to_owned()),
        redirect_uri: Some(REDIRECT_URI.to_owned()),
        ..Default::default()
    };

    let error = bounded(v3_client(server.uri()).create_token(&body))
        .await
        .expect_err("the 429 is returned, not retried");

    assert_eq!(
        received(&server).await.len(),
        1,
        "the code is spent at most once"
    );
    assert_error_clean(&error);
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert!(error.is_retryable());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
    assert_eq!(
        error
            .as_api()
            .and_then(|api| api.error())
            .map(|decoded| decoded.category.as_str()),
        Some("RATE_LIMITS")
    );
}

#[tokio::test]
async fn v1_create_token_429_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v1/token"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .mount(&server)
        .await;
    let body = v1::CreateTokenRequest {
        grant_type: Some(v1::CreateTokenRequestGrantType::AuthorizationCode),
        code: Some(CODE.to_owned()),
        ..Default::default()
    };

    let error =
        bounded(v1_client(server.uri()).create_token(&v1::CreateTokenParams::default(), &body))
            .await
            .expect_err("the 429 is returned");

    assert_eq!(received(&server).await.len(), 1);
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_for_every_idempotency() {
    let base_url = refused_base_url();

    let introspect = bounded(v3_client(base_url.clone()).introspect_token(
        &v3::IntrospectTokenRequest {
            token: Some(ACCESS_TOKEN.to_owned()),
            client_secret: Some(CLIENT_SECRET.to_owned()),
            ..Default::default()
        },
    ))
    .await
    .expect_err("nothing listens");
    let create = bounded(v3_client(base_url).create_token(&v3::CreateTokenRequest {
        code: Some(CODE.to_owned()),
        client_secret: Some(CLIENT_SECRET.to_owned()),
        ..Default::default()
    }))
    .await
    .expect_err("nothing listens");

    for error in [&introspect, &create] {
        assert_error_clean(error);
        assert_eq!(error.status(), None);
        assert!(error.is_retryable());
        match error {
            Error::Transport(transport) => {
                assert!(transport.is_connect());
                assert!(!transport.is_timeout());
            }
            other => panic!("expected a transport error, got {other:?}"),
        }
        assert_eq!(format!("{error}"), "could not connect to the server");
    }
}

#[tokio::test]
async fn a_transport_error_for_a_url_carrying_a_secret_token_shows_no_secret() {
    let base_url = refused_base_url();
    let client = v1_client(base_url);

    let get = bounded(client.get_access_token(TOKEN))
        .await
        .expect_err("nothing listens");
    let get_refresh = bounded(client.get_refresh_token(TOKEN))
        .await
        .expect_err("nothing listens");
    let delete = bounded(client.delete_refresh_token(TOKEN))
        .await
        .expect_err("nothing listens");
    let create = bounded(client.create_token(
        &v1::CreateTokenParams {
            client_secret: Some(CLIENT_SECRET.to_owned()),
            refresh_token: Some(REFRESH_TOKEN.to_owned()),
        },
        &v1::CreateTokenRequest::default(),
    ))
    .await
    .expect_err("nothing listens");

    for error in [&get, &get_refresh, &delete, &create] {
        assert!(
            matches!(error, Error::Transport(transport) if transport.is_connect()),
            "expected a connect error, got {error:?}"
        );
        assert_error_clean(error);
        let shown = format!("{error:?}");
        assert!(!shown.contains("access-tokens") && !shown.contains("refresh-tokens"));
        assert!(!shown.contains("/oauth/v1/token"));
    }
    assert_debug_clean(&client);
}

// ---------------------------------------------------------------------------------------------
// Path parameters
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_token_with_reserved_characters_is_one_percent_encoded_path_segment() {
    const RESERVED: &str = "a/b+c%d?e#f g";
    const ENCODED: &str = "a%2Fb%2Bc%25d%3Fe%23f%20g";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/oauth/v1/access-tokens/{ENCODED}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "app_id": 1,
            "expires_in": 60,
            "hub_id": 2,
            "scopes": [],
            "token": RESERVED,
            "token_type": "access",
            "user_id": 3,
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/oauth/v1/refresh-tokens/{ENCODED}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "client_id": CLIENT_ID,
            "hub_id": 2,
            "scopes": [],
            "token": RESERVED,
            "token_type": "refresh",
            "user_id": 3,
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/oauth/v1/refresh-tokens/{ENCODED}")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = v1_client(server.uri());

    let info = bounded(client.get_access_token(RESERVED))
        .await
        .expect("the encoded path matches");
    assert_eq!(info.token, RESERVED);
    let info = bounded(client.get_refresh_token(RESERVED))
        .await
        .expect("the encoded path matches");
    assert_eq!(info.token, RESERVED);
    bounded(client.delete_refresh_token(RESERVED))
        .await
        .expect("the encoded path matches");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.url.query(), None, "`?` did not start a query");
        assert_eq!(request.url.fragment(), None, "`#` did not start a fragment");
        let segments: Vec<&str> = request
            .url
            .path_segments()
            .expect("a hierarchical URL")
            .collect();
        assert_eq!(segments.len(), 4, "the token is one segment: {segments:?}");
        assert_eq!(segments[3], ENCODED);
        let decoded = percent_encoding::percent_decode_str(segments[3])
            .decode_utf8()
            .expect("UTF-8");
        assert_eq!(decoded, RESERVED);
    }
    assert_eq!(
        requests[0].url.path(),
        format!("/oauth/v1/access-tokens/{ENCODED}")
    );
    assert_eq!(
        requests[2].url.path(),
        format!("/oauth/v1/refresh-tokens/{ENCODED}")
    );
}

#[tokio::test]
async fn an_empty_or_dot_token_is_a_request_error_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let client = v1_client(server.uri());

    for token in ["", ".", ".."] {
        let error = bounded(client.get_access_token(token))
            .await
            .expect_err("an empty or dot segment is refused");
        assert!(
            matches!(error, Error::Request(_)),
            "expected a request error, got {error:?}"
        );
        assert_eq!(error.status(), None);
        let error = bounded(client.delete_refresh_token(token))
            .await
            .expect_err("an empty or dot segment is refused");
        assert!(matches!(error, Error::Request(_)));
    }
    assert!(received(&server).await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Unknown variants and secrets
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_unknown_token_use_is_unrecognized_and_its_debug_masks_secrets() {
    let server = MockServer::start().await;
    let future = json!({
        "token_use": "future_kind",
        "access_token": ACCESS_TOKEN,
        "refresh_token": REFRESH_TOKEN,
        "device_secret": "SECRET-device-abc123",
        "nested": {"id_token": ID_TOKEN, "token_type": "bearer"},
        "expires_in": 1800,
        "token_type": "bearer",
    });
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(future.clone()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/introspect"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_use": "future_kind",
            "active": true,
            "token": TOKEN,
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v1/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(future.clone()))
        .mount(&server)
        .await;
    let v3 = v3_client(server.uri());
    let v1 = v1_client(server.uri());

    let created = bounded(v3.create_token(&Default::default()))
        .await
        .expect("an unknown token_use still decodes");
    match &created {
        v3::TokenResponseIf::Unrecognized(value) => assert_eq!(value, &future),
        other => panic!("expected Unrecognized, got {other:?}"),
    }
    let shown = format!("{created:?}");
    assert_no_secret(&shown);
    assert!(shown.starts_with("Unrecognized("));
    assert!(shown.contains("future_kind"));
    assert!(shown.contains("<redacted>"));
    assert!(shown.contains("bearer"), "non-secret values stay visible");
    assert_debug_clean(&created);

    let introspected = bounded(v3.introspect_token(&Default::default()))
        .await
        .expect("an unknown token_use still decodes");
    match &introspected {
        v3::TokenInfoResponseBaseIf::Unrecognized(value) => {
            assert_eq!(value["token_use"], "future_kind");
            assert_eq!(value["token"], TOKEN);
        }
        other => panic!("expected Unrecognized, got {other:?}"),
    }
    assert_debug_clean(&introspected);

    let created = bounded(v1.create_token(&Default::default(), &Default::default()))
        .await
        .expect("an unknown token_use still decodes");
    match &created {
        v1::TokenResponseIf::Unrecognized(value) => assert_eq!(value, &future),
        other => panic!("expected Unrecognized, got {other:?}"),
    }
    assert_debug_clean(&created);
}

#[tokio::test]
async fn a_known_token_use_with_a_missing_required_field_is_unrecognized() {
    let server = MockServer::start().await;
    let body = json!({
        "token_use": "access_token",
        "access_token": ACCESS_TOKEN,
        "expires_in": 1800,
        "token_type": "bearer",
    });
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body.clone()))
        .mount(&server)
        .await;

    let response = bounded(v3_client(server.uri()).create_token(&Default::default()))
        .await
        .expect("the body is kept");

    match &response {
        v3::TokenResponseIf::Unrecognized(value) => assert_eq!(value, &body),
        other => panic!("refresh_token is required by AccessTokenResponse: {other:?}"),
    }
    assert_debug_clean(&response);
}

#[tokio::test]
async fn a_2xx_body_that_does_not_decode_is_a_decode_error_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/oauth/v1/access-tokens/{TOKEN}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token": TOKEN,
            "app_id": "not-a-number",
            "expires_in": 60,
            "hub_id": 2,
            "scopes": [],
            "token_type": "access",
            "user_id": 3,
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(format!("access_token={ACCESS_TOKEN}"), "text/plain"),
        )
        .mount(&server)
        .await;

    let error = bounded(v1_client(server.uri()).get_access_token(TOKEN))
        .await
        .expect_err("app_id is not an integer");
    assert_error_clean(&error);
    match &error {
        Error::Decode(decode) => {
            assert_eq!(decode.path(), "app_id");
            assert_eq!(decode.status(), StatusCode::OK);
            assert!(decode.excerpt().contains("not-a-number"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }

    let error = bounded(v3_client(server.uri()).create_token(&Default::default()))
        .await
        .expect_err("the body is not JSON");
    assert_error_clean(&error);
    assert!(matches!(error, Error::Decode(_)), "got {error:?}");
}

#[tokio::test]
async fn error_bodies_echoing_secrets_show_none_of_them() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token/revoke"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "category": "VALIDATION_ERROR",
            "correlationId": CORRELATION_ID,
            "message": "the token could not be revoked",
            "errors": [{"message": "unknown token", "in": "token"}],
            "echo": {"token": TOKEN, "client_secret": CLIENT_SECRET},
        })))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/oauth/v1/refresh-tokens/{TOKEN}")))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            format!("refresh_token={REFRESH_TOKEN}&client_secret={CLIENT_SECRET}"),
            "application/x-www-form-urlencoded",
        ))
        .mount(&server)
        .await;

    let error = bounded(
        v3_client(server.uri()).revoke_token(&v3::RevokeTokenRequest {
            token: Some(TOKEN.to_owned()),
            client_secret: Some(CLIENT_SECRET.to_owned()),
            ..Default::default()
        }),
    )
    .await
    .expect_err("400 is an error");
    assert_error_clean(&error);
    let api = error.as_api().expect("an API error");
    assert_eq!(
        api.error().map(|decoded| decoded.message.as_str()),
        Some("the token could not be revoked")
    );
    assert!(
        String::from_utf8_lossy(api.body()).contains(TOKEN),
        "the raw body is intact"
    );

    let error = bounded(v1_client(server.uri()).delete_refresh_token(TOKEN))
        .await
        .expect_err("400 is an error");
    assert_error_clean(&error);
    assert!(error.as_api().is_some_and(|api| api.error().is_none()));
}

#[test]
fn request_and_client_values_show_no_secret() {
    let grant = v3::CreateTokenRequestGrantType::from("refresh_token");
    assert_display_clean(&grant);
    assert_eq!(grant.to_string(), "refresh_token");
    assert_debug_clean(&v3::Client::with_base_url("https://api.hubapi.com"));
    assert_debug_clean(&v1::Client::with_base_url("https://api.hubapi.com"));
    assert_debug_clean(&v3::CreateTokenRequest {
        client_assertion: Some(ASSERTION.to_owned()),
        client_secret: Some(CLIENT_SECRET.to_owned()),
        code: Some(CODE.to_owned()),
        code_verifier: Some(CODE_VERIFIER.to_owned()),
        refresh_token: Some(REFRESH_TOKEN.to_owned()),
        ..Default::default()
    });
    assert_debug_clean(&v3::RevokeTokenRequest {
        client_secret: Some(CLIENT_SECRET.to_owned()),
        token: Some(TOKEN.to_owned()),
        ..Default::default()
    });
    let request =
        v1::request::get_access_token("https://api.hubapi.com", TOKEN).expect("a valid request");
    assert_eq!(
        request.http().uri().path(),
        format!("/oauth/v1/access-tokens/{TOKEN}")
    );
    assert_debug_clean(&request);
    let error: Error<v1::Error> =
        v1::request::get_access_token("https://api.hubapi.com?x=SECRET-query", TOKEN)
            .expect_err("a base URL with a query is refused")
            .into();
    assert_error_clean(&error);
}

/// Values filed under secret names (`code`, `refresh_token`, `client_secret`) in the decoded
/// `Error`'s `context` maps show neither in `Error::Api`'s `Debug` nor in the decoded value's
/// own `Debug` (which masks the map entries under secret keys), while the raw value keeps them.
#[tokio::test]
async fn a_decoded_error_context_keyed_by_secret_names_shows_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "category": "VALIDATION_ERROR",
            "correlationId": CORRELATION_ID,
            "message": "the authorization code is invalid",
            "context": {"code": [CODE], "refresh_token": [REFRESH_TOKEN]},
            "errors": [{"message": "bad secret", "context": {"client_secret": [CLIENT_SECRET]}}],
        })))
        .mount(&server)
        .await;

    let error = bounded(v3_client(server.uri()).create_token(&Default::default()))
        .await
        .expect_err("400 is an error");

    let decoded = error
        .as_api()
        .and_then(|api| api.error())
        .expect("the body matches the Error schema");
    assert_eq!(
        decoded
            .context
            .as_ref()
            .and_then(|context| context.get("code")),
        Some(&vec![CODE.to_owned()])
    );
    assert_debug_clean(decoded);
    assert_no_secret(&error.as_api().expect("an API error").body_excerpt());
    assert_error_clean(&error);
}
