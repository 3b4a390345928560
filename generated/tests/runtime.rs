//! Tests of the client runtime against local mock servers (127.0.0.1 only).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hubspot_oauth::runtime::{
    decode_empty, decode_json, is_secret_key, Config, Error, Idempotency, RedactedJson, Request,
    RequestBuilder, RetryConfig, SentSecrets, Transport, REDACTED, USER_AGENT,
};
use serde::{Deserialize, Serialize};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "SECRET-TOKEN-123";

#[derive(Debug, Deserialize, PartialEq)]
struct TokenResponse {
    access_token: String,
    token_type: String,
    expires_in: u64,
}

#[derive(Debug, Deserialize, PartialEq)]
struct HubError {
    status: String,
    message: String,
}

#[derive(Serialize)]
struct RefreshForm<'a> {
    grant_type: &'a str,
    client_id: &'a str,
    client_secret: &'a str,
    refresh_token: &'a str,
}

/// Retries with delays short enough for tests.
fn fast_retry(max_retries: u32) -> Config {
    Config {
        retry: RetryConfig {
            max_retries,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_secs(2),
        },
        ..Config::default()
    }
}

fn get(base: &str, literal_path: &str) -> Request {
    RequestBuilder::new(http::Method::GET, base)
        .path(literal_path)
        .build()
        .expect("request builds")
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

fn assert_no_secret(text: &str) {
    assert!(!text.contains(SECRET), "secret leaked in: {text}");
    assert!(!text.contains("SECRET-"), "secret leaked in: {text}");
}

fn assert_error_hides_secret<E: std::fmt::Debug + 'static>(error: &Error<E>) {
    assert_no_secret(&format!("{error}"));
    assert_no_secret(&format!("{error:?}"));
    assert_no_secret(&format!("{error:#?}"));
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        assert_no_secret(&format!("{inner}"));
        assert_no_secret(&format!("{inner:?}"));
        source = inner.source();
    }
}

fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.to_vec()).expect("valid response")
}

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn success_round_trip_sends_exact_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v1/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(header("x-custom", "yes"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"at","token_type":"bearer","expires_in":1800}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let transport = Transport::new(server.uri());
    let request = RequestBuilder::new(http::Method::POST, transport.base_url())
        .path("/oauth/v1/token")
        .header("x-custom", Some("yes"))
        .header("x-absent", None)
        .form(
            &RefreshForm {
                grant_type: "refresh_token",
                client_id: "client id",
                client_secret: "s&c=r+t",
                refresh_token: "r/t",
            },
            &[],
        )
        .expect("form encodes")
        .build()
        .expect("request builds");
    let secrets = request.secrets().clone();
    let response = transport
        .send::<HubError>(request, Idempotency::Unsafe)
        .await
        .expect("sent");
    let token: TokenResponse = decode_json::<_, HubError>(response, &secrets).expect("decodes");
    assert_eq!(
        token,
        TokenResponse {
            access_token: "at".into(),
            token_type: "bearer".into(),
            expires_in: 1800,
        }
    );

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, http::Method::POST);
    assert_eq!(request.url.path(), "/oauth/v1/token");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        request
            .headers
            .get("user-agent")
            .and_then(|v| v.to_str().ok()),
        Some(USER_AGENT)
    );
    assert_eq!(USER_AGENT, "hubspot-oauth/0.1.0");
    assert!(request.headers.get("x-absent").is_none());
    let fields: Vec<(String, String)> =
        serde_urlencoded::from_bytes(&request.body).expect("form body");
    assert_eq!(
        fields,
        vec![
            ("grant_type".to_owned(), "refresh_token".to_owned()),
            ("client_id".to_owned(), "client id".to_owned()),
            ("client_secret".to_owned(), "s&c=r+t".to_owned()),
            ("refresh_token".to_owned(), "r/t".to_owned()),
        ]
    );
}

#[tokio::test]
async fn json_body_and_query_are_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v3/items"))
        .and(header("content-type", "application/json"))
        .and(body_string(r#"{"name":"a b"}"#))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    // Base URL with a trailing slash.
    let transport = Transport::new(format!("{}/", server.uri()));
    let request = RequestBuilder::new(http::Method::PUT, transport.base_url())
        .path("/v3/items")
        .query("q", Some("a b&c=d/é"))
        .query("skip", None)
        .query("limit", Some("10"))
        .json(&serde_json::json!({"name": "a b"}), &[])
        .expect("json encodes")
        .build()
        .expect("request builds");
    assert_eq!(
        request.http().uri().path_and_query().map(|pq| pq.as_str()),
        Some("/v3/items?q=a%20b%26c%3Dd%2F%C3%A9&limit=10")
    );
    let secrets = request.secrets().clone();
    let response = transport
        .send::<HubError>(request, Idempotency::Safe)
        .await
        .expect("sent");
    decode_empty::<HubError>(response, &secrets).expect("2xx");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let pairs: Vec<(String, String)> = requests[0].url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        vec![
            ("q".to_owned(), "a b&c=d/é".to_owned()),
            ("limit".to_owned(), "10".to_owned()),
        ]
    );
}

#[tokio::test]
async fn reserved_characters_in_path_param_arrive_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"ok":true}"#, "application/json"))
        .mount(&server)
        .await;
    let token = "a/b+c%d?e#f g";
    let transport = Transport::new(server.uri()).with_config(fast_retry(0));
    let request = RequestBuilder::new(http::Method::GET, transport.base_url())
        .path("/oauth/v1/refresh-tokens/")
        .path_param(token)
        .build()
        .expect("request builds");
    let secrets = request.secrets().clone();
    let response = transport
        .send::<()>(request, Idempotency::Safe)
        .await
        .expect("sent");
    let body: serde_json::Value = decode_json::<_, ()>(response, &secrets).expect("decodes");
    assert_eq!(body["ok"], true);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let url = &requests[0].url;
    assert_eq!(
        url.path(),
        "/oauth/v1/refresh-tokens/a%2Fb%2Bc%25d%3Fe%23f%20g"
    );
    assert_eq!(url.query(), None);
    assert_eq!(url.fragment(), None);
    let segments: Vec<&str> = url.path_segments().expect("segments").collect();
    assert_eq!(segments.len(), 4);
    let last = percent_encoding::percent_decode_str(segments[3])
        .decode_utf8()
        .expect("utf-8");
    assert_eq!(last, token);
}

// ---------------------------------------------------------------------------------------------
// API errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn json_error_body_decodes_as_e() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-hubspot-correlation-id", "corr-1")
                .insert_header("x-request-id", "req-1")
                .set_body_raw(
                    r#"{"status":"BAD_REFRESH_TOKEN","message":"missing or unknown refresh token"}"#,
                    "application/json;charset=utf-8",
                ),
        )
        .mount(&server)
        .await;
    let transport = Transport::new(server.uri()).with_config(fast_retry(2));
    let request = RequestBuilder::new(http::Method::POST, transport.base_url())
        .path("/oauth/v1/token")
        .build()
        .expect("request builds");
    let secrets = request.secrets().clone();
    let response = transport
        .send::<HubError>(request, Idempotency::Unsafe)
        .await
        .expect("sent");
    let error = decode_json::<TokenResponse, HubError>(response, &secrets).expect_err("400");
    assert_eq!(error.status(), Some(http::StatusCode::BAD_REQUEST));
    assert!(!error.is_retryable());
    assert_eq!(error.correlation_id(), Some("corr-1"));
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(
        api.error(),
        Some(&HubError {
            status: "BAD_REFRESH_TOKEN".into(),
            message: "missing or unknown refresh token".into(),
        })
    );
    assert_eq!(api.content_type(), Some("application/json;charset=utf-8"));
    assert!(api.body().starts_with(b"{\"status\":\"BAD_REFRESH_TOKEN\""));
    assert_eq!(
        api.headers().get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"req-1"[..])
    );
    assert_eq!(api.retry_after(), None);
    let debug = format!("{error:?}");
    assert!(debug.contains("BAD_REFRESH_TOKEN"), "{debug}");
    assert!(debug.contains("corr-1"), "{debug}");
    assert!(format!("{error}").contains("400"));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn error_body_not_matching_e_is_still_raw() {
    let body = r#"{"unexpected":true,"refresh_token":"SECRET-TOKEN-123"}"#;
    let error = decode_json::<TokenResponse, HubError>(
        response(401, &[("x-request-id", "fallback-id")], body.as_bytes()),
        &SentSecrets::none(),
    )
    .expect_err("401");
    let Error::Api(api) = &error else {
        panic!("expected an API error")
    };
    assert_eq!(api.status(), http::StatusCode::UNAUTHORIZED);
    assert!(api.error().is_none());
    assert_eq!(api.body(), body.as_bytes());
    assert_eq!(api.correlation_id(), Some("fallback-id"));
    assert_error_hides_secret(&error);
    assert!(format!("{error:?}").contains("unexpected"));
}

#[tokio::test]
async fn html_502_page_is_reachable_raw() {
    let server = MockServer::start().await;
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .mount(&server)
        .await;
    let transport = Transport::new(server.uri()).with_config(fast_retry(1));
    let response = transport
        .send::<HubError>(get(transport.base_url(), "/v3/x"), Idempotency::Safe)
        .await
        .expect("sent");
    assert_eq!(received(&server).await.len(), 2, "502 retried once");
    let error =
        decode_json::<TokenResponse, HubError>(response, &SentSecrets::none()).expect_err("502");
    assert!(error.is_retryable());
    let Error::Api(api) = &error else {
        panic!("expected an API error")
    };
    assert_eq!(api.status(), http::StatusCode::BAD_GATEWAY);
    assert_eq!(api.body(), html.as_bytes());
    assert_eq!(api.content_type(), Some("text/html"));
    assert!(api.error().is_none());
    assert!(format!("{error:?}").contains("502 Bad Gateway"));
}

#[tokio::test]
async fn default_error_type_is_json_value_and_debug_masks_it() {
    let body = r#"{"status":"BAD","refresh_token":"SECRET-TOKEN-123","nested":{"client_secret":"SECRET-TOKEN-123"}}"#;
    let error: Error = decode_json::<TokenResponse, serde_json::Value>(
        response(400, &[], body.as_bytes()),
        &SentSecrets::none(),
    )
    .expect_err("400");
    let Error::Api(api) = &error else {
        panic!("expected an API error")
    };
    assert_eq!(
        api.error()
            .and_then(|value| value["refresh_token"].as_str()),
        Some(SECRET)
    );
    assert_error_hides_secret(&error);
    let debug = format!("{error:?}");
    assert!(debug.contains("<redacted>"), "{debug}");
    assert!(debug.contains("BAD"), "{debug}");
}

// ---------------------------------------------------------------------------------------------
// Body size limit
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn oversized_body_with_content_length_is_rejected() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![b'x'; 2048], "text/plain"))
        .mount(&server)
        .await;
    let transport = Transport::new(server.uri()).with_config(Config {
        max_body_bytes: 1024,
        ..fast_retry(0)
    });
    let error = transport
        .send::<()>(get(transport.base_url(), "/big"), Idempotency::Safe)
        .await
        .expect_err("too large");
    let Error::BodyTooLarge(too_large) = &error else {
        panic!("expected BodyTooLarge, got {error:?}")
    };
    assert_eq!(too_large.limit(), 1024);
    assert_eq!(too_large.status(), http::StatusCode::OK);
    assert_eq!(error.status(), Some(http::StatusCode::OK));

    // Exactly at the limit is fine.
    let transport = transport.with_config(Config {
        max_body_bytes: 2048,
        ..fast_retry(0)
    });
    let response = transport
        .send::<()>(get(transport.base_url(), "/big"), Idempotency::Safe)
        .await
        .expect("at the limit");
    assert_eq!(response.body().len(), 2048);
}

/// A raw HTTP/1.1 server on 127.0.0.1 that hands each accepted connection (after reading the
/// request head) to `handle`, for at most `lifetime`. Returns its address and a connection count.
fn raw_server(
    lifetime: Duration,
    handle: fn(&mut TcpStream, Instant),
) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    listener.set_nonblocking(true).expect("nonblocking");
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    std::thread::spawn(move || {
        let deadline = Instant::now() + lifetime;
        let mut held = Vec::new();
        while Instant::now() < deadline && held.len() < 16 {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    seen.fetch_add(1, Ordering::SeqCst);
                    let _ = stream.set_nonblocking(false);
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
                    let mut head = Vec::new();
                    let mut byte = [0u8; 1];
                    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
                        match stream.read(&mut byte) {
                            Ok(1) => head.push(byte[0]),
                            _ => break,
                        }
                    }
                    handle(&mut stream, deadline);
                    held.push(stream);
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    (addr, count)
}

/// Streams 64 KiB in 1 KiB chunks with no Content-Length.
fn chunked_64k(stream: &mut TcpStream, _deadline: Instant) {
    let _ = stream.write_all(
        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n",
    );
    let chunk = vec![b'y'; 1024];
    for _ in 0..64 {
        let wrote = stream
            .write_all(b"400\r\n")
            .and_then(|()| stream.write_all(&chunk))
            .and_then(|()| stream.write_all(b"\r\n"));
        if wrote.is_err() {
            return;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
}

/// Never answers; the connection stays open until the server's deadline.
fn never_answer(_stream: &mut TcpStream, _deadline: Instant) {}

#[tokio::test]
async fn oversized_chunked_body_without_content_length_is_rejected() {
    let (addr, _) = raw_server(Duration::from_secs(10), chunked_64k);
    let base = format!("http://{addr}");
    let transport = Transport::new(base.clone()).with_config(Config {
        max_body_bytes: 4096,
        ..fast_retry(0)
    });
    let error = transport
        .send::<()>(get(&base, "/stream"), Idempotency::Safe)
        .await
        .expect_err("too large");
    let Error::BodyTooLarge(too_large) = &error else {
        panic!("expected BodyTooLarge, got {error:?}")
    };
    assert_eq!(too_large.limit(), 4096);
    assert_eq!(too_large.status(), http::StatusCode::OK);

    // The same stream fits under a larger limit and is read whole.
    let transport = transport.with_config(Config {
        max_body_bytes: 64 * 1024,
        ..fast_retry(0)
    });
    let response = transport
        .send::<()>(get(&base, "/stream"), Idempotency::Safe)
        .await
        .expect("fits");
    assert!(response.headers().get("content-length").is_none());
    assert_eq!(response.body().len(), 64 * 1024);
}

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

async fn rate_limited_once(server: &MockServer, retry_after: &str) {
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", retry_after)
                .set_body_raw(
                    r#"{"status":"RATE_LIMIT","message":"slow down"}"#,
                    "application/json",
                ),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"at","token_type":"bearer","expires_in":60}"#,
            "application/json",
        ))
        .with_priority(2)
        .mount(server)
        .await;
}

#[tokio::test]
async fn safe_request_retries_after_429_retry_after() {
    let server = MockServer::start().await;
    rate_limited_once(&server, "1").await;
    let transport = Transport::new(server.uri()).with_config(fast_retry(2));
    let started = Instant::now();
    let response = transport
        .send::<HubError>(get(transport.base_url(), "/t"), Idempotency::Safe)
        .await
        .expect("sent");
    let elapsed = started.elapsed();
    let token: TokenResponse =
        decode_json::<_, HubError>(response, &SentSecrets::none()).expect("200 after retry");
    assert_eq!(token.expires_in, 60);
    assert_eq!(received(&server).await.len(), 2);
    assert!(elapsed >= Duration::from_millis(950), "waited {elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "waited {elapsed:?}");
}

#[tokio::test]
async fn unsafe_request_is_sent_exactly_once_on_429() {
    let server = MockServer::start().await;
    rate_limited_once(&server, "1").await;
    let transport = Transport::new(server.uri()).with_config(fast_retry(5));
    let request = RequestBuilder::new(http::Method::GET, transport.base_url())
        .path("/t")
        .build()
        .expect("request builds");
    let secrets = request.secrets().clone();
    let response = transport
        .send::<HubError>(request, Idempotency::Unsafe)
        .await
        .expect("sent");
    assert_eq!(received(&server).await.len(), 1);
    let error = decode_json::<TokenResponse, HubError>(response, &secrets).expect_err("429");
    assert_eq!(error.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    assert!(error.is_retryable());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
    let Error::Api(api) = &error else {
        panic!("expected an API error")
    };
    assert_eq!(api.error().map(|e| e.status.as_str()), Some("RATE_LIMIT"));
}

#[tokio::test]
async fn retry_after_longer_than_max_backoff_is_not_waited_for() {
    let server = MockServer::start().await;
    rate_limited_once(&server, "120").await;
    let transport = Transport::new(server.uri()).with_config(fast_retry(3));
    let started = Instant::now();
    let response = transport
        .send::<HubError>(get(transport.base_url(), "/t"), Idempotency::Safe)
        .await
        .expect("sent");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(received(&server).await.len(), 1);
    let error =
        decode_json::<TokenResponse, HubError>(response, &SentSecrets::none()).expect_err("429");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
}

#[tokio::test]
async fn service_unavailable_retries_are_bounded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let transport = Transport::new(server.uri()).with_config(fast_retry(3));
    let response = transport
        .send::<HubError>(get(transport.base_url(), "/t"), Idempotency::Safe)
        .await
        .expect("sent");
    assert_eq!(response.status(), http::StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(received(&server).await.len(), 4, "1 attempt + 3 retries");

    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(504))
        .mount(&server)
        .await;
    let disabled = transport.clone().with_config(Config {
        retry: RetryConfig::disabled(),
        ..Config::default()
    });
    let response = disabled
        .send::<HubError>(get(transport.base_url(), "/t"), Idempotency::Safe)
        .await
        .expect("sent");
    assert_eq!(response.status(), http::StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(received(&server).await.len(), 1);

    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    transport
        .send::<HubError>(get(transport.base_url(), "/t"), Idempotency::Unsafe)
        .await
        .expect("sent");
    assert_eq!(received(&server).await.len(), 1, "Unsafe is never retried");

    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    transport
        .send::<HubError>(get(transport.base_url(), "/t"), Idempotency::Safe)
        .await
        .expect("sent");
    assert_eq!(received(&server).await.len(), 1, "500 is not retried");
}

#[test]
fn retry_config_defaults() {
    let config = Config::default();
    assert_eq!(config.max_body_bytes, 8 * 1024 * 1024);
    assert_eq!(config.retry.max_retries, 2);
    assert_eq!(config.retry.initial_backoff, Duration::from_millis(250));
    assert_eq!(config.retry.max_backoff, Duration::from_secs(8));
    assert_eq!(RetryConfig::disabled().max_retries, 0);
    assert_eq!(
        Config::new()
            .with_max_body_bytes(10)
            .with_retry(RetryConfig::disabled()),
        Config {
            max_body_bytes: 10,
            retry: RetryConfig::disabled(),
        }
    );
}

#[test]
fn send_future_and_errors_are_send_and_sync() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    let transport = Transport::new("http://127.0.0.1:9");
    let future = transport.send::<HubError>(get("http://127.0.0.1:9", "/"), Idempotency::Safe);
    assert_send(&future);
    drop(future);
    assert_send_sync::<Error<HubError>>();
    assert_send_sync::<Transport>();
}

#[test]
fn errors_are_small() {
    #[allow(dead_code)]
    struct BigError([u64; 64]);
    assert!(std::mem::size_of::<Error<BigError>>() <= 48);
}

#[test]
fn retry_after_accepts_http_dates() {
    let past = decode_json::<(), ()>(
        response(
            503,
            &[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")],
            b"",
        ),
        &SentSecrets::none(),
    )
    .expect_err("503");
    assert_eq!(past.retry_after(), Some(Duration::ZERO));
    for future in [
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Friday, 31-Dec-99 23:59:59 GMT",
        "Fri Dec 31 23:59:59 9999",
    ] {
        let error = decode_json::<(), ()>(
            response(429, &[("retry-after", future)], b""),
            &SentSecrets::none(),
        )
        .expect_err("429");
        let wait = error.retry_after();
        if future.contains("-99 ") {
            // A two-digit year 99 is 1999.
            assert_eq!(wait, Some(Duration::ZERO), "{future}");
        } else {
            assert!(
                wait.is_some_and(|wait| wait > Duration::from_secs(86_400 * 365)),
                "{future}: {wait:?}"
            );
        }
    }
    let garbage = decode_json::<(), ()>(
        response(429, &[("retry-after", "soon")], b""),
        &SentSecrets::none(),
    )
    .expect_err("429");
    assert_eq!(garbage.retry_after(), None);
}

// ---------------------------------------------------------------------------------------------
// Transport failures
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn connection_refused_is_a_connect_error_without_url() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let transport = Transport::new(base.clone()).with_config(fast_retry(2));
    let request = RequestBuilder::new(http::Method::GET, &base)
        .path("/oauth/v1/access-tokens/")
        .path_param(SECRET)
        .query("hapikey", Some(SECRET))
        .build()
        .expect("request builds");
    let error = transport
        .send::<HubError>(request, Idempotency::Safe)
        .await
        .expect_err("refused");
    let Error::Transport(transport_error) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert!(transport_error.is_connect());
    assert!(!transport_error.is_timeout());
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    assert!(std::error::Error::source(&error).is_some());
    assert_error_hides_secret(&error);
    assert!(!format!("{error:?}").contains("access-tokens"));
}

#[tokio::test]
async fn timeout_is_reported_and_not_retried() {
    let (addr, connections) = raw_server(Duration::from_secs(5), never_answer);
    let base = format!("http://{addr}");
    let client = reqwest::Client::builder().timeout(Duration::from_millis(300));
    let transport = Transport::with_http_client(base.clone(), client).with_config(fast_retry(3));
    let request = RequestBuilder::new(http::Method::GET, &base)
        .path("/oauth/v1/refresh-tokens/")
        .path_param(SECRET)
        .build()
        .expect("request builds");
    let error = transport
        .send::<HubError>(request, Idempotency::Safe)
        .await
        .expect_err("timeout");
    let Error::Transport(transport_error) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert!(transport_error.is_timeout());
    assert!(!transport_error.is_connect());
    assert_error_hides_secret(&error);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[test]
fn transport_debug_hides_url_secrets() {
    let transport = Transport::new(format!(
        "https://user:{SECRET}@api.example.com/{SECRET}/base?hapikey={SECRET}"
    ));
    let debug = format!("{transport:?}");
    assert_no_secret(&debug);
    assert!(debug.contains("https://api.example.com"), "{debug}");
    assert_no_secret(&format!("{:?}", transport.config()));
    let builder = RequestBuilder::new(http::Method::GET, format!("https://h/{SECRET}"))
        .path_param(SECRET)
        .header("authorization", Some(SECRET));
    assert_no_secret(&format!("{builder:?}"));
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct AccessTokenInfo {
    token: String,
    signed_access_token: SignedAccessToken,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct SignedAccessToken {
    app_id: u64,
    expires_at: u64,
}

#[test]
fn decode_error_reports_json_path() {
    let body = format!(
        r#"{{"token":"{SECRET}","signed_access_token":{{"appId":"{SECRET}","expiresAt":1}},"access_token":"{SECRET}"}}"#
    );
    let error = decode_json::<AccessTokenInfo, ()>(
        response(200, &[], body.as_bytes()),
        &SentSecrets::none(),
    )
    .expect_err("bad appId");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.path(), "signed_access_token.appId");
    assert_eq!(decode.status(), http::StatusCode::OK);
    assert!(
        decode.message().contains("expected u64"),
        "{}",
        decode.message()
    );
    assert!(decode.excerpt().chars().count() <= 257);
    assert!(decode.excerpt().contains("<redacted>"));
    assert_error_hides_secret(&error);

    let body = br#"{"token":"t","signed_access_token":{"appId":"oops","expiresAt":1}}"#;
    let error = decode_json::<AccessTokenInfo, ()>(response(200, &[], body), &SentSecrets::none())
        .expect_err("bad");
    assert!(format!("{error}").contains("signed_access_token.appId"));
}

#[test]
fn decode_error_masks_secrets_in_body_excerpts() {
    // Valid JSON that does not match the type.
    let body =
        format!(r#"{{"access_token":"{SECRET}","token_type":"bearer","expires_in":"soon"}}"#);
    let error =
        decode_json::<TokenResponse, ()>(response(200, &[], body.as_bytes()), &SentSecrets::none())
            .expect_err("bad");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error")
    };
    assert_eq!(decode.path(), "expires_in");
    assert!(decode.excerpt().contains("bearer"), "{}", decode.excerpt());
    assert_error_hides_secret(&error);

    // A secret field of the wrong type: its value does not show up in the message.
    let body = br#"{"access_token":987654321,"token_type":"bearer","expires_in":1}"#;
    let error = decode_json::<TokenResponse, ()>(response(200, &[], body), &SentSecrets::none())
        .expect_err("bad");
    assert!(!format!("{error:?}").contains("987654321"), "{error:?}");

    // Truncated JSON, escaped JSON, form encoding and a long body.
    let long_tail = "x".repeat(2000);
    for body in [
        format!(r#"{{"token_type":"bearer","access_token":"{SECRET}","#),
        format!(r#"{{"access_token":"{SECRET}"#),
        format!(r#"{{"error":"{{\"refresh_token\":\"{SECRET}\"}}"}}"#),
        format!("access_token={SECRET}&token_type=bearer"),
        format!("<html>Authorization: Bearer {SECRET}</html>"),
        format!(r#"{{"client_secret": "{SECRET}", "x": "{long_tail}"}}"#),
        format!(r#"{{"code" : {{"nested":"{SECRET}"}}, "id_token":["{SECRET}"]}}"#),
    ] {
        let error = decode_json::<TokenResponse, ()>(
            response(200, &[], body.as_bytes()),
            &SentSecrets::none(),
        )
        .expect_err("bad");
        assert_error_hides_secret(&error);
        let Error::Decode(decode) = &error else {
            panic!("expected a decode error")
        };
        assert!(
            decode.excerpt().chars().count() <= 257,
            "{}",
            decode.excerpt()
        );

        let api = decode_json::<TokenResponse, serde_json::Value>(
            response(500, &[], body.as_bytes()),
            &SentSecrets::none(),
        )
        .expect_err("500");
        assert_error_hides_secret(&api);
    }
}

#[test]
fn empty_and_trailing_bodies() {
    let error = decode_json::<TokenResponse, ()>(response(200, &[], b""), &SentSecrets::none())
        .expect_err("empty");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error")
    };
    assert_eq!(decode.path(), ".");
    assert!(decode.message().contains("empty"));

    let error =
        decode_json::<serde_json::Value, ()>(response(200, &[], b"{} {}"), &SentSecrets::none())
            .expect_err("trailing");
    assert!(matches!(error, Error::Decode(_)));

    decode_empty::<()>(response(204, &[], b""), &SentSecrets::none()).expect("204");
    decode_empty::<()>(response(200, &[], b"ignored"), &SentSecrets::none()).expect("200");
    let error = decode_empty::<HubError>(
        response(404, &[], br#"{"status":"NOT_FOUND","message":"nope"}"#),
        &SentSecrets::none(),
    )
    .expect_err("404");
    assert_eq!(
        error
            .as_api()
            .and_then(|api| api.error())
            .map(|e| e.status.as_str()),
        Some("NOT_FOUND")
    );
    let error =
        decode_empty::<HubError>(response(302, &[], b""), &SentSecrets::none()).expect_err("302");
    assert_eq!(error.status(), Some(http::StatusCode::FOUND));
}

// ---------------------------------------------------------------------------------------------
// Request building
// ---------------------------------------------------------------------------------------------

#[test]
fn request_builder_joins_base_url_and_path() {
    for base in ["https://api.example.com", "https://api.example.com/"] {
        let request = RequestBuilder::new(http::Method::DELETE, base)
            .path("/oauth/v1/refresh-tokens/")
            .path_param("tok")
            .build()
            .expect("builds");
        assert_eq!(request.http().method(), http::Method::DELETE);
        assert_eq!(
            request.http().uri(),
            "https://api.example.com/oauth/v1/refresh-tokens/tok"
        );
        assert!(request.http().body().is_empty());
        assert!(request.http().headers().get("content-type").is_none());
    }
    let request = RequestBuilder::new(http::Method::GET, "http://127.0.0.1:8080/prefix/")
        .path("v3/x")
        .build()
        .expect("builds");
    assert_eq!(request.http().uri(), "http://127.0.0.1:8080/prefix/v3/x");
    let request = RequestBuilder::new(http::Method::POST, "https://h")
        .path("/raw")
        .raw(b"abc".to_vec(), "application/octet-stream")
        .build()
        .expect("builds");
    assert_eq!(request.http().body(), b"abc");
    assert_eq!(
        request
            .http()
            .headers()
            .get("content-type")
            .map(|v| v.as_bytes()),
        Some(&b"application/octet-stream"[..])
    );
}

#[test]
fn request_builder_rejects_bad_input_without_leaking() {
    for base in [
        format!("not a url/{SECRET}"),
        format!("ftp://host/{SECRET}"),
        format!("/relative/{SECRET}"),
        format!("https://host/{SECRET}?hapikey={SECRET}"),
        String::new(),
    ] {
        let error = RequestBuilder::new(http::Method::GET, &base)
            .path("/x")
            .build()
            .expect_err("invalid base");
        assert_no_secret(&format!("{error} {error:?}"));
        let error: Error<()> = error.into();
        assert!(matches!(error, Error::Request(_)));
        assert_error_hides_secret(&error);
    }
    let error = RequestBuilder::new(http::Method::GET, "https://h")
        .header("authorization", Some(&format!("Bearer {SECRET}\n")))
        .build()
        .expect_err("invalid header value");
    assert_no_secret(&format!("{error} {error:?}"));
    RequestBuilder::new(http::Method::GET, "https://h")
        .header("bad header", Some("v"))
        .build()
        .expect_err("invalid header name");
    for value in ["", ".", ".."] {
        RequestBuilder::new(http::Method::GET, "https://h")
            .path("/t/")
            .path_param(value)
            .build()
            .expect_err("empty or dot segment");
    }
    RequestBuilder::new(http::Method::GET, "https://h")
        .path("/has space")
        .build()
        .expect_err("invalid literal path");
    RequestBuilder::new(http::Method::POST, "https://h")
        .form(&vec![vec![1, 2]], &[])
        .expect_err("not a form");
}

// ---------------------------------------------------------------------------------------------
// Redaction
// ---------------------------------------------------------------------------------------------

#[test]
fn secret_key_rule() {
    for key in [
        "access_token",
        "refresh_token",
        "id_token",
        "token",
        "client_secret",
        "code",
        "code_verifier",
        "client_assertion",
        "signature",
        "newSignature",
        "signed_access_token",
        "signedAccessToken",
        "password",
        "hapikey",
        "api_key",
        "apiKey",
        "API_KEY",
        "x-apikey",
        "Code",
    ] {
        assert!(is_secret_key(key), "{key} should be secret");
    }
    for key in [
        "token_type",
        "token_use",
        "token_type_hint",
        "client_assertion_type",
        "tokenId",
        "client_id",
        "codes",
        "code_challenge_method",
        "hub_id",
        "",
        "_",
    ] {
        assert!(!is_secret_key(key), "{key} should not be secret");
    }
}

#[test]
fn redacted_placeholders() {
    assert_eq!(format!("{REDACTED:?}"), "<redacted>");
    let value = serde_json::json!({
        "access_token": SECRET,
        "token_type": "bearer",
        "items": [{"client_secret": SECRET, "client_id": "cid"}],
        "signed_access_token": {"appId": 1},
    });
    let debug = format!("{:?}", RedactedJson(&value));
    assert_no_secret(&debug);
    let parsed: serde_json::Value = serde_json::from_str(&debug).expect("JSON text");
    assert_eq!(
        parsed,
        serde_json::json!({
            "access_token": "<redacted>",
            "token_type": "bearer",
            "items": [{"client_secret": "<redacted>", "client_id": "cid"}],
            "signed_access_token": "<redacted>",
        })
    );
    assert_no_secret(&format!("{:#?}", RedactedJson(&value)));
}

#[test]
fn correlation_id_falls_back_to_the_error_body() {
    let body = br#"{"message":"m","category":"C","correlationId":"body-id-1"}"#.to_vec();
    let response = http::Response::builder()
        .status(400)
        .body(body.clone())
        .expect("a response");
    let error = decode_json::<serde_json::Value, serde_json::Value>(response, &SentSecrets::none())
        .unwrap_err();
    assert_eq!(error.correlation_id(), Some("body-id-1"));

    let response = http::Response::builder()
        .status(400)
        .header("x-hubspot-correlation-id", "header-id-2")
        .body(body)
        .expect("a response");
    let error = decode_json::<serde_json::Value, serde_json::Value>(response, &SentSecrets::none())
        .unwrap_err();
    assert_eq!(error.correlation_id(), Some("header-id-2"));
}

#[test]
fn json_tag_reads_the_tag_wherever_it_stands() {
    use hubspot_oauth::runtime::json_tag;
    let tag = |body: &str| json_tag(body.as_bytes(), "kind");
    assert_eq!(tag(r#"{"kind":"a","x":1}"#).as_deref(), Some("a"));
    assert_eq!(tag(" {\n \"kind\" : \"a\" }").as_deref(), Some("a"));
    assert_eq!(
        tag(r#"{"x":{"kind":"inner"},"kind":"b"}"#).as_deref(),
        Some("b")
    );
    assert_eq!(tag(r#"{"kind":"a\"b"}"#).as_deref(), Some("a\"b"));
    assert_eq!(
        tag(r#"{"kin\u0064":"escaped-key"}"#).as_deref(),
        Some("escaped-key")
    );
    assert_eq!(tag(r#"{"kind":7}"#), None);
    assert_eq!(tag(r#"{"kind":null}"#), None);
    assert_eq!(tag(r#"{"other":"a"}"#), None);
    assert_eq!(tag(r#"["kind","a"]"#), None);
    assert_eq!(tag(r#"{"x":1,"kind""#), None);
    assert_eq!(tag(""), None);
}
