//! What a hostile server, proxy or caller configuration must not get out of the client: secrets
//! echoed back in free text, secrets in the `Debug` of decoded error bodies and of sans-IO
//! requests, credentials sent on to another origin by a redirect, tokens lost to a field the
//! spec types too narrowly, and a refresher that refreshes on every call.

#![allow(deprecated)]

use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;

use hubspot_oauth::oauth::{AuthorizationCode, OAuthClient, OAuthError, RefreshToken, Secret};
use hubspot_oauth::oauth::{TokenRefresher, TokenSet};
use hubspot_oauth::runtime::{Config, RetryConfig, SentSecrets, Transport};
use hubspot_oauth::{v1, v3};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_ID: &str = "hardening-client-id";
/// Secrets with characters that every encoding writes differently (`/`, `+`, space, `&`, `=`,
/// `"`, `<`), so that each echoed form is a distinct string.
const CLIENT_SECRET: &str = "CS/sec+ret 9&x=\"<q>";
const REFRESH_TOKEN: &str = "RT/na1+tok en&y=2";
const CODE: &str = "CODE/abc+def 7";

fn transport(server: &MockServer) -> Transport {
    Transport::new(server.uri()).with_config(Config::new().with_retry(RetryConfig::disabled()))
}

fn oauth_client(server: &MockServer) -> OAuthClient {
    OAuthClient::with_transport(CLIENT_ID, Secret::new(CLIENT_SECRET), transport(server))
}

/// Every form in which a server may echo `value`.
fn echoed_forms(value: &str) -> Vec<String> {
    let component = percent(value, false);
    let form = percent(value, true);
    let json = serde_json::to_string(value).expect("a string encodes");
    let json = json[1..json.len() - 1].to_owned();
    let html = value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    vec![
        value.to_owned(),
        component.clone(),
        component.to_lowercase_hex(),
        form.clone(),
        form.to_lowercase_hex(),
        json.clone(),
        json.replace('/', "\\/"),
        html,
    ]
}

/// Percent-encodes everything but RFC 3986's unreserved characters; `form` writes a space as
/// `+` and keeps `*`, as `application/x-www-form-urlencoded` does.
fn percent(value: &str, form: bool) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => out.push(byte as char),
            b'~' if !form => out.push('~'),
            b'*' if form => out.push('*'),
            b' ' if form => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

trait LowerHex {
    fn to_lowercase_hex(&self) -> String;
}

impl LowerHex for String {
    fn to_lowercase_hex(&self) -> String {
        let mut out = String::new();
        let mut chars = self.chars();
        while let Some(c) = chars.next() {
            out.push(c);
            if c == '%' {
                out.extend(chars.by_ref().take(2).map(|h| h.to_ascii_lowercase()));
            }
        }
        out
    }
}

/// Fails naming the form and the text when any form of any secret appears in `text`.
fn assert_scrubbed(what: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        for form in echoed_forms(secret) {
            assert!(
                !text.contains(&form),
                "{what}: the secret form {form:?} leaked into {text:?}"
            );
        }
    }
}

/// Every text a caller can get out of an OAuth error: `Display`, `Debug` (plain and pretty),
/// the `source()` chain, and the accessors returning text made from the response. (The raw
/// accessors, the decoded error value among them, are not redacted, by design.)
fn texts_of(error: &OAuthError) -> Vec<(String, String)> {
    let mut texts = vec![
        ("Display".to_owned(), error.to_string()),
        ("Debug".to_owned(), format!("{error:?}")),
        ("Debug pretty".to_owned(), format!("{error:#?}")),
    ];
    let mut source = error.source();
    let mut depth = 0;
    while let Some(inner) = source {
        texts.push((format!("source {depth} Display"), inner.to_string()));
        texts.push((format!("source {depth} Debug"), format!("{inner:?}")));
        source = inner.source();
        depth += 1;
    }
    if let Some(http) = error.as_http() {
        texts.push(("Error Display".to_owned(), http.to_string()));
        texts.push(("Error Debug".to_owned(), format!("{http:?}")));
        if let Some(id) = http.correlation_id() {
            texts.push(("Error::correlation_id".to_owned(), id.to_owned()));
        }
        if let Some(api) = http.as_api() {
            texts.push(("ApiError::body_excerpt".to_owned(), api.body_excerpt()));
            texts.push(("ApiError Display".to_owned(), api.to_string()));
            texts.push(("ApiError Debug".to_owned(), format!("{api:?}")));
            if let Some(id) = api.correlation_id() {
                texts.push(("ApiError::correlation_id".to_owned(), id.to_owned()));
            }
            if let Some(content_type) = api.content_type() {
                texts.push(("ApiError::content_type".to_owned(), content_type.to_owned()));
            }
        }
        if let hubspot_oauth::Error::Decode(decode) = http {
            texts.push((
                "DecodeError::message".to_owned(),
                decode.message().to_owned(),
            ));
            texts.push((
                "DecodeError::excerpt".to_owned(),
                decode.excerpt().to_owned(),
            ));
            texts.push(("DecodeError::path".to_owned(), decode.path().to_owned()));
        }
    }
    texts
}

/// A body that echoes the secrets in prose, in HTML and in a JSON error `context`, in every
/// encoded form, under keys that say nothing about secrets.
fn echoing_body(secrets: &[&str]) -> String {
    let mut prose = String::new();
    let mut html = String::new();
    for secret in secrets {
        for form in echoed_forms(secret) {
            prose.push_str(&format!("value {form} is not valid; "));
            html.push_str(&format!("<input name=\"x\" value=\"{form}\">"));
        }
    }
    json!({
        "status": "error",
        "message": prose,
        "correlationId": format!("corr-{}", secrets[0]),
        "category": "BAD_REFRESH_TOKEN",
        "context": { "html": [html], "client_secret": [secrets[0]] },
    })
    .to_string()
}

#[tokio::test]
async fn secrets_echoed_in_an_error_body_are_scrubbed_from_every_output() {
    let server = MockServer::start().await;
    let secrets = [CLIENT_SECRET, REFRESH_TOKEN];
    let body = echoing_body(&secrets);
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_bytes(body.clone().into_bytes())
                .insert_header("x-hubspot-correlation-id", format!("id {REFRESH_TOKEN}"))
                .insert_header(
                    "content-type",
                    format!("application/json; echo={}", percent(CLIENT_SECRET, true)),
                ),
        )
        .mount(&server)
        .await;

    let error = oauth_client(&server)
        .refresh(&RefreshToken::new(REFRESH_TOKEN))
        .await
        .expect_err("400");

    let texts = texts_of(&error);
    for (what, text) in &texts {
        assert_scrubbed(what, text, &secrets);
    }
    // The accessors that say so are not redacted: the body and headers as received, and the
    // decoded value.
    let api = error
        .as_http()
        .and_then(|e| e.as_api())
        .expect("an API error");
    assert_eq!(api.body(), body.as_bytes());
    assert_eq!(
        api.headers()["x-hubspot-correlation-id"],
        format!("id {REFRESH_TOKEN}").as_str()
    );
    let decoded = error
        .api_error()
        .expect("the body has the documented shape");
    assert_eq!(
        decoded.context.as_ref().expect("context")["client_secret"],
        [CLIENT_SECRET]
    );
    // Scrubbing keeps the rest readable.
    assert!(api
        .body_excerpt()
        .contains(r#""category":"BAD_REFRESH_TOKEN""#));
    assert!(texts.iter().any(|(_, t)| t.contains("<redacted>")));
    assert_eq!(api.correlation_id(), Some("id <redacted>"));
    assert_eq!(
        api.content_type(),
        Some("application/json; echo=<redacted>")
    );
    // The decoded value's `Debug` masks by key (the `client_secret` entry of `context`).
    let debug = format!("{decoded:?}");
    assert!(debug.contains(r#""client_secret": <redacted>"#), "{debug}");
}

#[tokio::test]
async fn the_code_and_verifier_echoed_by_an_html_proxy_page_are_scrubbed() {
    let server = MockServer::start().await;
    let verifier = hubspot_oauth::oauth::PkceVerifier::new(
        "verifier-0123456789-0123456789-0123456789-0123456789",
    )
    .expect("a valid verifier");
    let page = format!(
        "<html><body><form><input name=\"c\" value=\"{}\"><input name=\"s\" value=\"{}\">\
         <p>verifier={}</p></form></body></html>",
        CODE.replace('&', "&amp;"),
        CLIENT_SECRET
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;"),
        verifier.expose(),
    );
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(page.clone(), "text/html"))
        .expect(1)
        .mount(&server)
        .await;

    let error = oauth_client(&server)
        .exchange_code(AuthorizationCode::new(CODE, "https://example.com/cb").with_pkce(verifier))
        .await
        .expect_err("502");
    for (what, text) in texts_of(&error) {
        assert_scrubbed(
            &what,
            &text,
            &[
                CODE,
                CLIENT_SECRET,
                "verifier-0123456789-0123456789-0123456789-0123456789",
            ],
        );
    }
    let api = error
        .as_http()
        .and_then(|e| e.as_api())
        .expect("an API error");
    assert_eq!(api.body(), page.as_bytes());
}

#[test]
fn sans_io_decoders_scrub_the_secrets_they_are_given() {
    let body = v3::CreateTokenRequest {
        grant_type: Some(v3::CreateTokenRequestGrantType::RefreshToken),
        client_id: Some(CLIENT_ID.to_owned()),
        client_secret: Some(CLIENT_SECRET.to_owned()),
        refresh_token: Some(REFRESH_TOKEN.to_owned()),
        ..Default::default()
    };
    let request = v3::request::create_token("https://api.hubapi.com", &body).expect("builds");
    let secrets = request.secrets().clone();

    // A 2xx body that fails to decode, with the secret in the failing value and in a key.
    let decode_failure = format!(
        r#"{{"token_use": "access_token", "access_token": 5, "refresh_token": "{REFRESH_TOKEN}",
            "expires_in": "{REFRESH_TOKEN}", "{REFRESH_TOKEN}": 1}}"#
    );
    let response = |status: u16, body: &str| {
        http::Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .expect("a response")
    };
    // `create_token` keeps a body its variants cannot read; the introspection decoder of v1
    // reports it.
    let error = v1::response::get_access_token(response(200, &decode_failure), &secrets)
        .expect_err("does not decode");
    let texts = [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ];
    for text in &texts {
        assert_scrubbed("DecodeError", text, &[CLIENT_SECRET, REFRESH_TOKEN]);
    }

    let error = v3::response::create_token(
        response(401, &echoing_body(&[CLIENT_SECRET, REFRESH_TOKEN])),
        &secrets,
    )
    .expect_err("401");
    let api = error.as_api().expect("an API error");
    for text in [
        error.to_string(),
        format!("{error:?}"),
        api.body_excerpt(),
        api.correlation_id().unwrap_or_default().to_owned(),
    ] {
        assert_scrubbed("ApiError", &text, &[CLIENT_SECRET, REFRESH_TOKEN]);
    }

    // Without the secrets, only key-based masking applies: the prose shows them. This is what
    // the scrubbing above adds.
    let unscrubbed = v3::response::create_token(
        response(401, &echoing_body(&[CLIENT_SECRET, REFRESH_TOKEN])),
        &SentSecrets::none(),
    )
    .expect_err("401");
    let excerpt = unscrubbed.as_api().expect("an API error").body_excerpt();
    assert!(excerpt.contains("CS%2Fsec%2Bret"), "{excerpt}");
}

#[test]
fn secret_values_are_collected_from_paths_queries_headers_and_bodies() {
    // v1 puts the token in the path, and the secret and refresh token in the query.
    let request =
        v1::request::get_access_token("https://api.hubapi.com", REFRESH_TOKEN).expect("builds");
    assert_eq!(
        request.secrets().scrub(&format!("a {REFRESH_TOKEN} b")),
        "a <redacted> b"
    );
    let params = v1::CreateTokenParams {
        client_secret: Some(CLIENT_SECRET.to_owned()),
        refresh_token: Some(REFRESH_TOKEN.to_owned()),
    };
    let body = v1::CreateTokenRequest {
        code: Some(CODE.to_owned()),
        client_id: Some(CLIENT_ID.to_owned()),
        ..Default::default()
    };
    let request =
        v1::request::create_token("https://api.hubapi.com", &params, &body).expect("builds");
    let text = format!("{CLIENT_SECRET} {REFRESH_TOKEN} {CODE} {CLIENT_ID}");
    assert_eq!(
        request.secrets().scrub(&text),
        format!("<redacted> <redacted> <redacted> {CLIENT_ID}")
    );

    // A request built by other means names its secrets itself; every echoed form is scrubbed.
    let secrets = SentSecrets::from_values([CLIENT_SECRET, ""]);
    for form in echoed_forms(CLIENT_SECRET) {
        assert_eq!(
            secrets.scrub(&format!("[{form}]")),
            "[<redacted>]",
            "{form}"
        );
    }
    assert_eq!(secrets.scrub("nothing secret"), "nothing secret");
}

#[test]
fn sans_io_requests_do_not_print_their_secrets() {
    let params = v1::CreateTokenParams {
        client_secret: Some(CLIENT_SECRET.to_owned()),
        refresh_token: Some(REFRESH_TOKEN.to_owned()),
    };
    let body = v1::CreateTokenRequest {
        grant_type: Some(v1::CreateTokenRequestGrantType::RefreshToken),
        client_id: Some(CLIENT_ID.to_owned()),
        client_secret: Some(CLIENT_SECRET.to_owned()),
        refresh_token: Some(REFRESH_TOKEN.to_owned()),
        ..Default::default()
    };
    let requests = [
        v1::request::create_token("https://api.hubapi.com", &params, &body).expect("builds"),
        v1::request::get_access_token("https://api.hubapi.com", REFRESH_TOKEN).expect("builds"),
        v1::request::delete_refresh_token("https://user:pw@api.hubapi.com", REFRESH_TOKEN)
            .expect("builds"),
    ];
    for request in &requests {
        let debug = format!("{request:?} {request:#?}");
        assert_scrubbed("Request Debug", &debug, &[CLIENT_SECRET, REFRESH_TOKEN]);
        assert!(!debug.contains("pw"), "user info leaked: {debug}");
        assert!(debug.contains("api.hubapi.com"), "{debug}");
    }
    let debug = format!("{:?}", requests[0]);
    assert!(debug.contains(r#"path: "/oauth/v1/token""#), "{debug}");
    assert!(
        debug.contains(r#"query: ["client_secret", "refresh_token"]"#),
        "{debug}"
    );
    assert!(
        format!("{:?}", requests[1]).contains(r#"path: "/oauth/v1/access-tokens/{}""#),
        "{:?}",
        requests[1]
    );
    // The request itself is whole: what is sent is not redacted.
    let uri = requests[0].http().uri().to_string();
    assert!(
        uri.contains("client_secret=CS%2Fsec%2Bret%209%26x%3D%22%3Cq%3E"),
        "{uri}"
    );
    assert!(!requests[0].http().body().is_empty());
}

#[test]
fn decoded_error_bodies_mask_their_maps_by_key() {
    let error: v3::Error = serde_json::from_value(json!({
        "category": "VALIDATION_ERROR",
        "correlationId": "c-1",
        "message": "invalid",
        "context": {
            "client_secret": ["cs-in-context"],
            "refresh_token": ["rt-in-context"],
            "missingScopes": ["crm.objects.contacts.read"],
        },
        "errors": [{"message": "bad", "context": {"code": ["code-in-detail"]}}],
        "links": {"access_token": "at-in-links", "docs": "https://developers.hubspot.com"},
    }))
    .expect("decodes");
    for debug in [format!("{error:?}"), format!("{error:#?}")] {
        for secret in [
            "cs-in-context",
            "rt-in-context",
            "code-in-detail",
            "at-in-links",
        ] {
            assert!(!debug.contains(secret), "{secret} leaked into {debug}");
        }
        assert!(debug.contains("crm.objects.contacts.read"), "{debug}");
        assert!(debug.contains("https://developers.hubspot.com"), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
    }
}

/// Starts a server that answers every request with `status` and `Location: location(server)`.
async fn redirecting(status: u16, location: impl Fn(&MockServer) -> String) -> MockServer {
    let server = MockServer::start().await;
    let target = location(&server);
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(status).insert_header("location", target.as_str()))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn redirects_are_never_followed_whatever_the_callers_client_allows() {
    for status in [301, 302, 303, 307, 308] {
        // Another origin (another port) and the same origin.
        let elsewhere = MockServer::start().await;
        let elsewhere_url = format!("{}/steal", elsewhere.uri());
        let cross = redirecting(status, |_| elsewhere_url.clone()).await;
        let same = redirecting(status, |s| format!("{}/oauth/v3/token/again", s.uri())).await;
        for server in [&cross, &same] {
            let permissive = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::limited(10))
                .timeout(Duration::from_secs(10));
            let clients = [
                OAuthClient::with_http_client(
                    CLIENT_ID,
                    Secret::new(CLIENT_SECRET),
                    server.uri(),
                    permissive,
                ),
                oauth_client(server),
            ];
            for client in clients {
                let error = client
                    .exchange_code(AuthorizationCode::new(CODE, "https://example.com/cb"))
                    .await
                    .expect_err("a 3xx is not a token response");
                assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
            }
            let received = server.received_requests().await.expect("recorded");
            assert_eq!(received.len(), 2, "HTTP {status}: one request per client");
            assert!(received.iter().all(|r| r.url.path() == "/oauth/v3/token"));
        }
        let stolen = elsewhere.received_requests().await.expect("recorded");
        assert!(stolen.is_empty(), "HTTP {status} sent credentials on");
    }
}

fn token_body(expires_in: u64) -> serde_json::Value {
    json!({
        "token_use": "access_token",
        "access_token": "at-wide",
        "refresh_token": "rt-wide",
        "expires_in": expires_in,
        "token_type": "bearer",
        "hub_id": 62515,
        "user_id": 3_000_000_000u64,
        "scopes": ["oauth"],
    })
}

#[tokio::test]
async fn a_token_response_with_an_id_beyond_int32_keeps_its_tokens() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(1800)))
        .expect(1)
        .mount(&server)
        .await;
    let tokens = oauth_client(&server)
        .exchange_code(AuthorizationCode::new(CODE, "https://example.com/cb"))
        .await
        .expect("the tokens are readable");
    assert_eq!(tokens.access_token().expose(), "at-wide");
    assert_eq!(
        tokens.refresh_token().map(RefreshToken::expose),
        Some("rt-wide")
    );
    assert_eq!(tokens.expires_in(), Duration::from_secs(1800));
    assert_eq!(tokens.user_id(), Some(3_000_000_000));
    assert_eq!(tokens.response(), Some(&token_body(1800)));
    let debug = format!("{tokens:?}");
    assert!(
        !debug.contains("at-wide") && !debug.contains("rt-wide"),
        "{debug}"
    );

    // The typed decoder reads it too: integers are `i64` whatever their format.
    let typed: v3::TokenResponseIf = serde_json::from_value(token_body(1800)).expect("decodes");
    assert!(matches!(
        typed,
        v3::TokenResponseIf::AccessToken(v3::AccessTokenResponse {
            user_id: Some(3_000_000_000),
            ..
        })
    ));
}

#[tokio::test]
async fn a_token_response_with_fields_of_unexpected_types_keeps_its_tokens() {
    let server = MockServer::start().await;
    let body = json!({
        "access_token": "at-odd",
        "refresh_token": "rt-odd",
        "expires_in": 1800,
        "token_type": 7,
        "hub_id": "62515",
        "user_id": 1e30,
        "scopes": "oauth crm",
        "extra": {"nested": true},
    });
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body.clone()))
        .mount(&server)
        .await;
    let tokens = oauth_client(&server)
        .refresh(&RefreshToken::new(REFRESH_TOKEN))
        .await
        .expect("the tokens are readable");
    assert_eq!(tokens.access_token().expose(), "at-odd");
    assert_eq!(
        tokens.refresh_token().map(RefreshToken::expose),
        Some("rt-odd")
    );
    assert_eq!(tokens.hub_id(), None);
    assert_eq!(tokens.user_id(), None);
    assert!(tokens.scopes().is_empty());
    assert_eq!(tokens.response(), Some(&body));

    // Without an access token there is nothing to keep.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"expires_in": 5})))
        .mount(&server)
        .await;
    let error = oauth_client(&server)
        .refresh(&RefreshToken::new(REFRESH_TOKEN))
        .await
        .expect_err("no access token");
    assert!(matches!(error, OAuthError::UnexpectedResponse), "{error:?}");
}

#[tokio::test]
async fn a_token_shorter_lived_than_the_skew_is_refreshed_once_per_lifetime() {
    for expires_in in [30, 60, 100] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/oauth/v3/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(token_body(expires_in)))
            .expect(1)
            .mount(&server)
            .await;
        let refresher = Arc::new(TokenRefresher::new(
            oauth_client(&server),
            RefreshToken::new(REFRESH_TOKEN),
        ));
        for _ in 0..20 {
            let tokens: Arc<TokenSet> = refresher.tokens().await.expect("a token");
            assert_eq!(tokens.access_token().expose(), "at-wide");
        }
        let received = server.received_requests().await.expect("recorded");
        assert_eq!(
            received.len(),
            1,
            "expires_in {expires_in}: 20 calls, one refresh"
        );
    }
}
