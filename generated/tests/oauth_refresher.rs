//! `TokenRefresher` under concurrency, against a local mock of HubSpot's token endpoint.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hubspot_oauth::oauth::{
    AccessToken, OAuthClient, OAuthError, RefreshToken, Secret, TokenRefresher, TokenSet,
};
use hubspot_oauth::runtime::{Config, RetryConfig, Transport};
use serde_json::json;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TASKS: usize = 50;

fn client(server: &MockServer) -> OAuthClient {
    let transport =
        Transport::new(server.uri()).with_config(Config::new().with_retry(RetryConfig::disabled()));
    OAuthClient::with_transport("client-id", Secret::new("client-secret"), transport)
}

fn token_body(access: &str, refresh: &str, expires_in: i64) -> serde_json::Value {
    json!({
        "token_use": "access_token",
        "access_token": access,
        "refresh_token": refresh,
        "expires_in": expires_in,
        "token_type": "bearer",
    })
}

/// Answers only once every task has asked the refresher for a token (or
/// after a bounded wait), so that all of them are waiting on the one
/// refresh in flight.
struct WhenAllArrived {
    arrived: Arc<AtomicUsize>,
    response: ResponseTemplate,
}

impl Respond for WhenAllArrived {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.arrived.load(Ordering::SeqCst) < TASKS && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(50));
        self.response.clone()
    }
}

/// Starts `TASKS` tasks that ask `refresher` for an access token at once.
async fn ask_concurrently(
    refresher: Arc<TokenRefresher>,
    arrived: Arc<AtomicUsize>,
) -> Vec<Result<AccessToken, OAuthError>> {
    let start = Arc::new(tokio::sync::Barrier::new(TASKS));
    let mut tasks = Vec::with_capacity(TASKS);
    for _ in 0..TASKS {
        let (refresher, arrived, start) = (refresher.clone(), arrived.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            arrived.fetch_add(1, Ordering::SeqCst);
            refresher.access_token().await
        }));
    }
    let mut results = Vec::with_capacity(TASKS);
    for task in tasks {
        results.push(task.await.expect("task panicked"));
    }
    results
}

fn expired_tokens() -> TokenSet {
    TokenSet::new(AccessToken::new("at-expired"), Duration::ZERO)
        .with_refresh_token(RefreshToken::new("rt-1"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_tasks_cause_one_refresh() {
    let server = MockServer::start().await;
    let arrived = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=rt-1"))
        .respond_with(WhenAllArrived {
            arrived: arrived.clone(),
            response: ResponseTemplate::new(200)
                .set_body_json(token_body("at-fresh", "rt-1", 1800)),
        })
        .expect(1)
        .mount(&server)
        .await;
    let refresher = Arc::new(
        TokenRefresher::new(client(&server), RefreshToken::new("rt-1"))
            .with_tokens(expired_tokens()),
    );

    let results = ask_concurrently(refresher.clone(), arrived).await;

    assert_eq!(results.len(), TASKS);
    for result in &results {
        match result {
            Ok(token) => assert_eq!(token.expose(), "at-fresh"),
            Err(error) => panic!("refresh failed: {error}"),
        }
    }
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests.len(),
        1,
        "the server saw {} refreshes",
        requests.len()
    );

    // The fresh token is served from then on without another request.
    let again = refresher.access_token().await.expect("cached token");
    assert_eq!(again.expose(), "at-fresh");
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1
    );
}

async fn failing_refresh_reaches_every_waiter(status: u16) {
    let server = MockServer::start().await;
    let arrived = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(WhenAllArrived {
            arrived: arrived.clone(),
            response: ResponseTemplate::new(status).set_body_json(json!({
                "status": "BAD_REFRESH_TOKEN",
                "message": "missing or invalid refresh token",
                "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
                "category": "VALIDATION_ERROR",
            })),
        })
        .mount(&server)
        .await;
    let refresher = Arc::new(
        TokenRefresher::new(client(&server), RefreshToken::new("rt-1"))
            .with_tokens(expired_tokens()),
    );

    let results = ask_concurrently(refresher.clone(), arrived).await;

    assert_eq!(results.len(), TASKS);
    for result in &results {
        match result {
            Err(error) => assert_eq!(error.status().map(|s| s.as_u16()), Some(status)),
            Ok(_) => panic!("a failed refresh produced a token"),
        }
    }
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests.len(),
        1,
        "the server saw {} refreshes",
        requests.len()
    );

    // The failure is not cached: the next request tries again.
    let error = refresher.access_token().await.expect_err("still failing");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_reaches_every_waiter() {
    failing_refresh_reaches_every_waiter(500).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_400_reaches_every_waiter() {
    failing_refresh_reaches_every_waiter(400).await;
}

#[tokio::test]
async fn fresh_tokens_need_no_request() {
    let server = MockServer::start().await;
    let refresher = TokenRefresher::new(client(&server), RefreshToken::new("rt-1")).with_tokens(
        TokenSet::new(AccessToken::new("at-current"), Duration::from_secs(1800)),
    );
    for _ in 0..10 {
        let token = refresher.access_token().await.expect("current token");
        assert_eq!(token.expose(), "at-current");
    }
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn the_newest_refresh_token_is_used_and_the_skew_applies() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .and(body_string_contains("refresh_token=rt-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("at-2", "rt-2", 6)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .and(body_string_contains("refresh_token=rt-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("at-3", "rt-3", 1800)))
        .expect(1)
        .mount(&server)
        .await;
    // No initial tokens: the first request refreshes. The 6 s token is fresh
    // at first (more than the 2 s skew left); once it is inside the skew, but
    // not yet expired, the next request refreshes again, with rt-2. (The skew
    // is clamped to half the lifetime, 3 s here, so the 2 s skew is the one
    // that applies.)
    let skew = Duration::from_secs(2);
    let refresher = TokenRefresher::new(client(&server), RefreshToken::new("rt-1")).with_skew(skew);
    assert!(refresher.current().await.is_none());
    assert_eq!(
        refresher.access_token().await.expect("first").expose(),
        "at-2"
    );
    assert_eq!(
        refresher
            .access_token()
            .await
            .expect("still fresh")
            .expose(),
        "at-2"
    );
    tokio::time::sleep(Duration::from_millis(4500)).await;
    let due = refresher.current().await.expect("tokens");
    assert!(
        !due.is_expired(),
        "the token is inside the skew, not expired"
    );
    assert!(due.needs_refresh(skew));
    assert_eq!(
        refresher.access_token().await.expect("second").expose(),
        "at-3"
    );
    assert_eq!(
        refresher.access_token().await.expect("cached").expose(),
        "at-3"
    );
    let current = refresher.current().await.expect("tokens");
    assert_eq!(
        current.refresh_token().map(RefreshToken::expose),
        Some("rt-3")
    );
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_reports_of_one_rejected_token_cause_one_refresh() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body("at-new", "rt-1", 1800))
                .set_delay(Duration::from_millis(50)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let refresher = Arc::new(
        TokenRefresher::new(client(&server), RefreshToken::new("rt-1")).with_tokens(TokenSet::new(
            AccessToken::new("at-revoked"),
            Duration::from_secs(1800),
        )),
    );
    let rejected = refresher.access_token().await.expect("current token");
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (refresher, rejected) = (refresher.clone(), rejected.clone());
        tasks.push(tokio::spawn(async move {
            refresher.refresh_rejected(&rejected).await
        }));
    }
    for task in tasks {
        let tokens = task
            .await
            .expect("task panicked")
            .expect("refresh succeeds");
        assert_eq!(tokens.access_token().expose(), "at-new");
    }
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1
    );
}

#[tokio::test]
async fn client_credentials_refresher() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("scope=oauth"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_use": "client_credentials",
            "access_token": "app-token",
            "expires_in": 1800,
            "token_type": "bearer",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let refresher = TokenRefresher::client_credentials(client(&server), ["oauth"]);
    for _ in 0..3 {
        assert_eq!(
            refresher.access_token().await.expect("token").expose(),
            "app-token"
        );
    }
}

#[tokio::test]
async fn debug_shows_no_secret() {
    let server = MockServer::start().await;
    let refresher =
        TokenRefresher::new(client(&server), RefreshToken::new("rt-secret-1")).with_tokens(
            TokenSet::new(AccessToken::new("at-secret-1"), Duration::from_secs(60)),
        );
    let shown = format!("{refresher:?} {refresher:#?}");
    for secret in ["rt-secret-1", "at-secret-1", "client-secret"] {
        assert!(!shown.contains(secret), "{secret} leaked into {shown}");
    }
}
