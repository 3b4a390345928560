//! Credentials on the wire: the client generated from `generator/tests/fixtures/security_schemes.yaml`
//! (written into `tests/api/` by `cargo xtask codegen`) against a loopback server: each scheme as
//! it arrives, which alternative is picked, missing credentials, providers told of a 401 and
//! the one resend, and no credential in any `Debug` or `Display`.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hubspot_oauth::oauth::{AccessToken, OAuthClient, RefreshToken, Secret, TokenRefresher};
use hubspot_oauth::runtime::{
    provider_fn, BoxFuture, Config, Credential, CredentialError, CredentialProvider, Credentials,
    Error, RetryConfig, Transport,
};
use serde_json::json;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The generated module calls `crate::runtime::…`.
mod runtime {
    pub use hubspot_oauth::runtime::*;
}

#[rustfmt::skip]
#[allow(dead_code)]
mod api {
    #[path = "../api/security_schemes.rs"]
    pub mod security_schemes;
}

use api::security_schemes::Client;

const TOKEN: &str = "tok-3f9c1e7a";

async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), future)
        .await
        .expect("the call finishes within 10 s")
}

fn client(server: &MockServer, credentials: Credentials) -> Client {
    let transport =
        Transport::new(server.uri()).with_config(Config::new().with_retry(RetryConfig::disabled()));
    Client::from_transport(transport).with_credentials(credentials)
}

async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "exactly one request arrives");
    requests.remove(0)
}

fn header_text<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII"))
}

async fn answering(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_bearer_token_goes_in_the_authorization_header() {
    let server = answering(204).await;
    let client = client(&server, Credentials::new().token("bearer", TOKEN));
    bounded(client.get_default()).await.expect("204");
    let request = only_request(&server).await;
    assert_eq!(
        header_text(&request, "authorization"),
        Some("Bearer tok-3f9c1e7a")
    );
    assert_eq!(header_text(&request, "x-api-key"), None);
}

#[tokio::test]
async fn basic_credentials_are_base64_of_user_and_password() {
    let server = answering(204).await;
    let credentials = Credentials::new().basic("basic", "Aladdin", "open sesame");
    bounded(client(&server, credentials).post_basic())
        .await
        .expect("204");
    let request = only_request(&server).await;
    assert_eq!(
        header_text(&request, "authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
}

#[tokio::test]
async fn api_keys_go_in_a_query_parameter_or_a_cookie_and_a_header() {
    let server = answering(204).await;
    let query = Credentials::new().token("query_key", "k y&1");
    bounded(client(&server, query).get_keys())
        .await
        .expect("204");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("api_key=k%20y%261"));
    assert_eq!(header_text(&request, "cookie"), None);

    let server = answering(204).await;
    let both = Credentials::new()
        .token("cookie_key", "s;1")
        .token("header_key", "h-2");
    bounded(client(&server, both).get_keys())
        .await
        .expect("204");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert_eq!(header_text(&request, "cookie"), Some("session=s%3B1"));
    assert_eq!(header_text(&request, "x-api-key"), Some("h-2"));
}

#[tokio::test]
async fn the_first_alternative_with_every_credential_is_picked() {
    // `getKeys` takes `query_key`, or `cookie_key` AND `header_key`: the header key alone
    // meets neither; with the query key too, the first alternative wins.
    let server = answering(204).await;
    let credentials = Credentials::new()
        .token("header_key", "h-2")
        .token("query_key", "q-1");
    bounded(client(&server, credentials).get_keys())
        .await
        .expect("204");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("api_key=q-1"));
    assert_eq!(header_text(&request, "x-api-key"), None);

    // The document's default (`bearer`, or `header_key`) falls back to the header key.
    let server = answering(204).await;
    let credentials = Credentials::new().token("header_key", "h-2");
    bounded(client(&server, credentials).get_default())
        .await
        .expect("204");
    let request = only_request(&server).await;
    assert_eq!(header_text(&request, "x-api-key"), Some("h-2"));
    assert_eq!(header_text(&request, "authorization"), None);
}

#[tokio::test]
async fn missing_credentials_fail_before_sending_and_name_the_schemes() {
    let server = answering(204).await;
    let credentials = Credentials::new().token("header_key", "h-2");
    let error = bounded(client(&server, credentials).post_basic())
        .await
        .expect_err("no credential for `basic`");
    let Error::Credentials(missing) = &error else {
        panic!("a credentials error: {error:?}");
    };
    assert_eq!(missing.missing_schemes(), Some(&[vec!["basic"]][..]));
    let error = bounded(client(&server, Credentials::new()).get_keys())
        .await
        .expect_err("no credentials at all");
    assert_eq!(
        error.to_string(),
        "no credentials for this operation, which takes `query_key` or `cookie_key` and `header_key`"
    );
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn operations_without_requirements_or_allowing_none_send_no_credential() {
    let server = answering(204).await;
    let client = client(&server, Credentials::new().token("bearer", TOKEN));
    bounded(client.get_public()).await.expect("204");
    let without = self::client(&server, Credentials::new());
    bounded(without.get_oauth())
        .await
        .expect("`{}` allows none");
    for request in received(&server).await {
        assert_eq!(header_text(&request, "authorization"), None);
    }
}

/// Counts how often it is asked and told; the credential changes after each rejection.
#[derive(Default)]
struct Counting {
    asked: AtomicUsize,
    rejected: AtomicUsize,
}

impl CredentialProvider for Counting {
    fn credential(&self) -> BoxFuture<'_, Result<Credential, CredentialError>> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        let generation = self.rejected.load(Ordering::SeqCst);
        Box::pin(async move { Ok(Credential::new(format!("{TOKEN}-{generation}"))) })
    }

    fn rejected<'a>(
        &'a self,
        credential: &'a Credential,
    ) -> BoxFuture<'a, Result<(), CredentialError>> {
        assert!(credential.expose().starts_with(TOKEN));
        self.rejected.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test]
async fn after_a_401_the_provider_is_told_and_a_safe_request_is_sent_once_more() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", format!("Bearer {TOKEN}-0")))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(header("authorization", format!("Bearer {TOKEN}-1")))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let provider = Arc::new(Counting::default());
    let credentials = Credentials::new().provider("oauth", Arc::clone(&provider));
    bounded(client(&server, credentials).get_oauth())
        .await
        .expect("the resend succeeds");
    assert_eq!(received(&server).await.len(), 2);
    assert_eq!(provider.rejected.load(Ordering::SeqCst), 1);
    assert_eq!(provider.asked.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_second_401_is_returned_without_a_third_attempt() {
    let server = answering(401).await;
    let provider = Arc::new(Counting::default());
    let credentials = Credentials::new().provider("oauth", Arc::clone(&provider));
    let error = bounded(client(&server, credentials).get_oauth())
        .await
        .expect_err("401");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(received(&server).await.len(), 2);
    assert_eq!(provider.rejected.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_unsafe_request_is_not_resent_but_the_provider_is_told() {
    let server = answering(401).await;
    let provider = Arc::new(Counting::default());
    let credentials = Credentials::new().provider("basic", Arc::clone(&provider));
    let error = bounded(client(&server, credentials).post_basic())
        .await
        .expect_err("401");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(received(&server).await.len(), 1, "POST is sent once");
    assert_eq!(provider.rejected.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_fixed_credential_rejected_is_not_resent() {
    let server = answering(401).await;
    let credentials = Credentials::new().token("bearer", TOKEN);
    let error = bounded(client(&server, credentials).get_default())
        .await
        .expect_err("401");
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_failing_provider_is_a_credentials_error_naming_its_scheme() {
    let server = answering(204).await;
    let provider = provider_fn(|| async { Err::<String, _>("the vault is sealed") });
    let credentials = Credentials::new().provider("oidc", provider);
    let error = bounded(client(&server, credentials).get_oauth())
        .await
        .expect_err("the provider fails");
    let Error::Credentials(failed) = &error else {
        panic!("a credentials error: {error:?}");
    };
    assert_eq!(failed.scheme(), Some("oidc"));
    assert_eq!(
        error.to_string(),
        "the credential provider for `oidc` failed: the vault is sealed"
    );
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn no_credential_shows_in_debug_or_display_even_when_echoed() {
    let server = MockServer::start().await;
    // Every 401 echoes every credential; each error is scrubbed of those its request sent.
    let echo = format!(
        "{{\"message\":\"{TOKEN} k-55 QWxhZGRpbjpvcGVuIHNlc2FtZQ== Aladdin:open sesame\"}}"
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(echo.clone(), "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(echo, "text/plain"))
        .mount(&server)
        .await;
    let credentials = Credentials::new()
        .token("bearer", TOKEN)
        .token("query_key", "k-55")
        .basic("basic", "Aladdin", "open sesame");
    let client = client(&server, credentials.clone());
    let all = [TOKEN, "k-55", "open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="];
    for text in [
        format!("{credentials:?}"),
        format!("{client:?}"),
        format!("{:?}", Credential::new(TOKEN)),
    ] {
        for secret in all {
            assert!(!text.contains(secret), "{secret:?} in {text}");
        }
    }
    let get = bounded(client.get_default()).await.expect_err("401");
    let keys = bounded(client.get_keys()).await.expect_err("401");
    let post = bounded(client.post_basic()).await.expect_err("401");
    let cases: [(&Error, &[&str]); 3] = [
        (&get, &[TOKEN]),
        (&keys, &["k-55"]),
        (&post, &["open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="]),
    ];
    for (error, sent) in cases {
        for text in [format!("{error}"), format!("{error:?}")] {
            for secret in sent {
                assert!(!text.contains(secret), "{secret:?} in {text}");
            }
        }
        // The echo is really there, and scrubbed: the excerpt shows the redaction.
        assert!(format!("{error:?}").contains("<redacted>"), "{error:?}");
    }
}

#[tokio::test]
async fn a_token_refresher_plugs_in_through_a_closure_provider() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_use": "access_token",
            "token_type": "bearer",
            "access_token": "fresh-access",
            "refresh_token": "next-refresh",
            "expires_in": 1800,
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/oauth"))
        .and(header("authorization", "Bearer fresh-access"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let oauth = OAuthClient::with_transport(
        "client-id",
        Secret::new("client-secret"),
        Transport::new(server.uri()),
    );
    let refresher = Arc::new(TokenRefresher::new(oauth, RefreshToken::new("stored")));
    // What a standalone crate, which knows nothing of `hubspot_oauth::oauth`, writes.
    let (source, sink) = (Arc::clone(&refresher), Arc::clone(&refresher));
    let provider = provider_fn(move || {
        let refresher = Arc::clone(&source);
        async move {
            refresher
                .access_token()
                .await
                .map(|token| token.expose().to_owned())
        }
    })
    .on_rejected(move |token: Credential| {
        let refresher = Arc::clone(&sink);
        async move {
            refresher
                .refresh_rejected(&AccessToken::new(token.expose()))
                .await
                .map(drop)
        }
    });
    let client = client(&server, Credentials::new().provider("oauth", provider));
    bounded(client.get_oauth()).await.expect("204");
    // And the refresher itself is a provider.
    let direct = self::client(&server, Credentials::new().provider("oauth", refresher));
    bounded(direct.get_oauth()).await.expect("204");
    let refreshes = received(&server)
        .await
        .iter()
        .filter(|r| r.url.path() == "/oauth/v3/token")
        .count();
    assert_eq!(refreshes, 1, "one refresh serves both clients");
}
