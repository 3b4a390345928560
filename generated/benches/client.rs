//! The client's own cost, without a network: building each request, and decoding each 2xx
//! body through the generated types, each beside a hand-written equivalent measured in the
//! same run.
//!
//! - `request/{operation}/generated`: the generated `request::{operation}` function (URL,
//!   path and query encoding, form body, headers, validation);
//!   `request/{operation}/hand-written`: the same request built directly with `http` and
//!   `serde_urlencoded`.
//! - `decode/{body}/generated`: `serde_json::from_slice` into the generated type;
//!   `decode/{body}/hand-written`: `serde_json::from_slice` into a plain serde struct with the
//!   same fields and field types, from the same bytes. For a tagged `oneOf` the hand-written
//!   struct is the variant the body holds, with the tag as a plain `String` field.
//! - `decode/{body}/generated-response`: the generated `response::{operation}` function on an
//!   `http::Response`, as the client decodes a body;
//!   `decode/{body}/hand-written-response`: the runtime's generic `decode_json` (status check,
//!   JSON path tracking for errors, trailing-data check) with the hand-written type.
//!
//! After criterion's measurements, each pair is measured again interleaved (see [`paired`]),
//! which gives ratios that hold under a fluctuating load: `request/{operation}`,
//! `decode/{body}` (the two `Deserialize` impls) and `decode-response/{body}` (the generated
//! `response::*` function against bare serde with the hand-written type). `cargo xtask bench`
//! reads them from the output.
//!
//! Bodies are realistic HubSpot answers: real-length tokens, a signed access token in
//! introspection answers, the tag first as in HubSpot's example responses.

// The v1 token information endpoints are deprecated upstream; they are measured all the same.
#![allow(deprecated)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, BenchmarkId, Criterion};
use hubspot_oauth::{runtime, v1, v3};

const BASE_URL: &str = "https://api.hubapi.com";

const ACCESS_TOKEN: &str = "CKHb3pnrMhIHAAEAQAAAARjOj4EMILu8yB0oh8-WBDIUXwAVUBs_XtK9R3rFzp8tQ8bq4wM6MAAAAEEAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQEIU3pAWlz0Ijq6ZbY6VpMQ2Q3Jl2ORKA25hMVIAWgBgAGiHz5YEcAB4AA";
const REFRESH_TOKEN: &str = "na1-8f3c-6a2e-4b7d-9e1f-0c5a7d2b3e4f";
const CLIENT_ID: &str = "5d9c1f7a-3b2e-4c8d-9a6f-1e0b2c3d4e5f";
const CLIENT_SECRET: &str = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
const CODE: &str = "na1-1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b";
const CODE_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const REDIRECT_URI: &str = "https://app.example.com/oauth/callback?tenant=acme&step=2";

/// `POST /oauth/v3/token`, an authorization code exchanged for tokens.
const V3_TOKEN: &str = r#"{
  "token_use": "access_token",
  "access_token": "CKHb3pnrMhIHAAEAQAAAARjOj4EMILu8yB0oh8-WBDIUXwAVUBs_XtK9R3rFzp8tQ8bq4wM6MAAAAEEAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQEIU3pAWlz0Ijq6ZbY6VpMQ2Q3Jl2ORKA25hMVIAWgBgAGiHz5YEcAB4AA",
  "refresh_token": "na1-8f3c-6a2e-4b7d-9e1f-0c5a7d2b3e4f",
  "id_token": "eyJhbGciOiJSUzI1NiIsImtpZCI6Imh1YnNwb3QtMSJ9.eyJzdWIiOiI2MTU3NzM0NSIsImh1Yl9pZCI6MjQ4MTEwMzIsImF1ZCI6IjVkOWMxZjdhIn0.c2lnbmF0dXJlLW9mLXRoZS1pZC10b2tlbg",
  "expires_in": 1800,
  "token_type": "bearer",
  "hub_id": 24811032,
  "user_id": 61577345,
  "scopes": ["oauth", "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.deals.read", "crm.schemas.contacts.read"]
}"#;

/// `POST /oauth/v3/token/introspect` for an access token.
const V3_INTROSPECT_ACCESS: &str = r#"{
  "token_use": "access_token",
  "active": true,
  "token": "CKHb3pnrMhIHAAEAQAAAARjOj4EMILu8yB0oh8-WBDIUXwAVUBs_XtK9R3rFzp8tQ8bq4wM6MAAAAEEAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQEIU3pAWlz0Ijq6ZbY6VpMQ2Q3Jl2ORKA25hMVIAWgBgAGiHz5YEcAB4AA",
  "hub_id": 24811032,
  "user_id": 61577345,
  "client_id": "5d9c1f7a-3b2e-4c8d-9a6f-1e0b2c3d4e5f",
  "app_id": 3213456,
  "scopes": ["oauth", "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.deals.read", "crm.schemas.contacts.read"],
  "signed_access_token": {
    "appId": 3213456,
    "appInstallId": "104845812",
    "audience": "5d9c1f7a-3b2e-4c8d-9a6f-1e0b2c3d4e5f",
    "expiresAt": 1747051260415,
    "hubId": 24811032,
    "hublet": "na1",
    "installingUserId": 61577345,
    "isPrivateDistribution": false,
    "isServiceAccount": false,
    "isUserLevel": false,
    "newSignature": "Xg8KZp1cX0o2pWb3m3H7yq1Qd9vEJ4kqfN5cT2aR8uM=",
    "scopeToScopeGroupPks": "[[-2018,-2016],[-1001,-1000],[-1003,-1002]]",
    "scopes": "AAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEA",
    "signature": "3s0B8s6cUqQ0m0rUu2m3yZg1z5Yb2v0K9kq8n6YQx1c=",
    "trialScopeToScopeGroupPks": "[]",
    "trialScopes": "",
    "userId": 61577345
  },
  "expires_in": 1795,
  "is_private_distribution": false,
  "token_type": "bearer",
  "user": "jane.doe@example.com",
  "hub_domain": "acme-24811032.hs-sites.com"
}"#;

/// `POST /oauth/v3/token/introspect` for a refresh token.
const V3_INTROSPECT_REFRESH: &str = r#"{
  "token_use": "refresh_token",
  "active": true,
  "token": "na1-8f3c-6a2e-4b7d-9e1f-0c5a7d2b3e4f",
  "hub_id": 24811032,
  "user_id": 61577345,
  "client_id": "5d9c1f7a-3b2e-4c8d-9a6f-1e0b2c3d4e5f",
  "app_id": 3213456,
  "scopes": ["oauth", "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.deals.read", "crm.schemas.contacts.read"],
  "token_type": "refresh",
  "user": "jane.doe@example.com",
  "hub_domain": "acme-24811032.hs-sites.com"
}"#;

/// `POST /oauth/v1/token`, a refresh.
const V1_TOKEN: &str = r#"{
  "token_use": "access_token",
  "access_token": "CKHb3pnrMhIHAAEAQAAAARjOj4EMILu8yB0oh8-WBDIUXwAVUBs_XtK9R3rFzp8tQ8bq4wM6MAAAAEEAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQEIU3pAWlz0Ijq6ZbY6VpMQ2Q3Jl2ORKA25hMVIAWgBgAGiHz5YEcAB4AA",
  "refresh_token": "na1-8f3c-6a2e-4b7d-9e1f-0c5a7d2b3e4f",
  "expires_in": 1800,
  "token_type": "bearer",
  "hub_id": 24811032,
  "user_id": 61577345,
  "scopes": ["oauth", "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.deals.read", "crm.schemas.contacts.read"]
}"#;

/// `GET /oauth/v1/access-tokens/{token}`.
const V1_ACCESS_TOKEN_INFO: &str = r#"{
  "token": "CKHb3pnrMhIHAAEAQAAAARjOj4EMILu8yB0oh8-WBDIUXwAVUBs_XtK9R3rFzp8tQ8bq4wM6MAAAAEEAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQEIU3pAWlz0Ijq6ZbY6VpMQ2Q3Jl2ORKA25hMVIAWgBgAGiHz5YEcAB4AA",
  "user": "jane.doe@example.com",
  "hub_domain": "acme-24811032.hs-sites.com",
  "scopes": ["oauth", "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.deals.read", "crm.schemas.contacts.read"],
  "signed_access_token": {
    "appId": 3213456,
    "appInstallId": "104845812",
    "audience": "5d9c1f7a-3b2e-4c8d-9a6f-1e0b2c3d4e5f",
    "expiresAt": 1747051260415,
    "hubId": 24811032,
    "hublet": "na1",
    "installingUserId": 61577345,
    "isPrivateDistribution": false,
    "isServiceAccount": false,
    "isUserLevel": false,
    "newSignature": "Xg8KZp1cX0o2pWb3m3H7yq1Qd9vEJ4kqfN5cT2aR8uM=",
    "scopeToScopeGroupPks": "[[-2018,-2016],[-1001,-1000],[-1003,-1002]]",
    "scopes": "AAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEA",
    "signature": "3s0B8s6cUqQ0m0rUu2m3yZg1z5Yb2v0K9kq8n6YQx1c=",
    "trialScopeToScopeGroupPks": "[]",
    "trialScopes": "",
    "userId": 61577345
  },
  "hub_id": 24811032,
  "app_id": 3213456,
  "expires_in": 1795,
  "user_id": 61577345,
  "token_type": "access",
  "is_private_distribution": false
}"#;

/// `GET /oauth/v1/refresh-tokens/{token}`.
const V1_REFRESH_TOKEN_INFO: &str = r#"{
  "token": "na1-8f3c-6a2e-4b7d-9e1f-0c5a7d2b3e4f",
  "user": "jane.doe@example.com",
  "hub_domain": "acme-24811032.hs-sites.com",
  "scopes": ["oauth", "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.deals.read", "crm.schemas.contacts.read"],
  "hub_id": 24811032,
  "client_id": "5d9c1f7a-3b2e-4c8d-9a6f-1e0b2c3d4e5f",
  "user_id": 61577345,
  "token_type": "refresh"
}"#;

/// Plain serde types for the same bodies and requests, written as one would by hand: the same
/// fields and field types as the generated ones, derived `Deserialize`/`Serialize`, nothing else.
mod hand {
    // Fields are decoded, never read: only decoding is measured.
    #![allow(dead_code)]

    use serde::{Deserialize, Serialize};

    #[derive(Deserialize)]
    pub struct AccessTokenResponse {
        pub token_use: String,
        pub access_token: String,
        pub expires_in: i64,
        pub hub_id: Option<i64>,
        pub id_token: Option<String>,
        pub refresh_token: String,
        pub scopes: Option<Vec<String>>,
        pub token_type: String,
        pub user_id: Option<i64>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SignedAccessToken {
        pub app_id: i64,
        pub app_install_id: Option<String>,
        pub audience: Option<String>,
        pub expires_at: i64,
        pub hub_id: i64,
        pub hublet: String,
        pub installing_user_id: i64,
        pub is_private_distribution: bool,
        pub is_service_account: bool,
        pub is_user_level: bool,
        pub new_signature: String,
        pub scope_to_scope_group_pks: String,
        pub scopes: String,
        pub signature: String,
        pub trial_scope_to_scope_group_pks: String,
        pub trial_scopes: String,
        pub user_id: i64,
    }

    #[derive(Deserialize)]
    pub struct AccessTokenInfo {
        pub token_use: String,
        pub active: bool,
        pub app_id: i64,
        pub client_id: String,
        pub expires_in: i64,
        pub hub_domain: Option<String>,
        pub hub_id: i64,
        pub is_private_distribution: bool,
        pub scopes: Vec<String>,
        pub signed_access_token: SignedAccessToken,
        pub token: String,
        pub token_type: String,
        pub user: Option<String>,
        pub user_id: i64,
    }

    #[derive(Deserialize)]
    pub struct RefreshTokenInfo {
        pub token_use: String,
        pub active: bool,
        pub app_id: i64,
        pub client_id: String,
        pub hub_domain: Option<String>,
        pub hub_id: i64,
        pub scopes: Vec<String>,
        pub token: String,
        pub token_type: String,
        pub user: Option<String>,
        pub user_id: i64,
    }

    #[derive(Deserialize)]
    pub struct V1AccessTokenInfo {
        pub app_id: i64,
        pub expires_in: i64,
        pub hub_domain: Option<String>,
        pub hub_id: i64,
        pub is_private_distribution: Option<bool>,
        pub scopes: Vec<String>,
        pub signed_access_token: Option<SignedAccessToken>,
        pub token: String,
        pub token_type: String,
        pub user: Option<String>,
        pub user_id: i64,
    }

    #[derive(Deserialize)]
    pub struct V1RefreshTokenInfo {
        pub client_id: String,
        pub hub_domain: Option<String>,
        pub hub_id: i64,
        pub scopes: Vec<String>,
        pub token: String,
        pub token_type: String,
        pub user: Option<String>,
        pub user_id: i64,
    }

    #[derive(Serialize)]
    pub struct TokenForm<'a> {
        pub grant_type: &'a str,
        pub client_id: &'a str,
        pub client_secret: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub redirect_uri: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub code: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub code_verifier: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub refresh_token: Option<&'a str>,
    }

    #[derive(Serialize)]
    pub struct TokenHintForm<'a> {
        pub client_id: &'a str,
        pub client_secret: &'a str,
        pub token: &'a str,
        pub token_type_hint: &'a str,
    }
}

/// A request built with `http` directly: what the generated function does, minus its checks.
fn hand_request(method: http::Method, url: &str, form: Option<String>) -> http::Request<Vec<u8>> {
    let builder = http::Request::builder().method(method).uri(url);
    match form {
        Some(form) => builder
            .header(
                http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(form.into_bytes()),
        None => builder.body(Vec::new()),
    }
    .expect("a valid request")
}

fn encode_segment(value: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(value, SEGMENT).to_string()
}

/// Whether this is a benchmarking run (`cargo bench`), not a test run of the benchmarks.
fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// Nanoseconds per call of `f`, over `iters` calls.
fn per_call(iters: u32, f: &mut dyn FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed().as_nanos() as f64 / f64::from(iters)
}

/// The ratio of `a`'s time to `b`'s, measured in interleaved rounds so that both see the same
/// load: each round runs `a` and `b` for about a millisecond each, back to back, in alternating
/// order, and yields one ratio. Prints `paired-ratio {id} {median} {first quartile} {third
/// quartile}`, which `cargo xtask bench` reads.
fn paired(id: &str, mut a: impl FnMut(), mut b: impl FnMut()) {
    const ROUNDS: usize = 101;
    if !benchmarking() {
        return;
    }
    let calibration = per_call(200, &mut b).max(1.0);
    let iters = ((1e6 / calibration) as u32).max(1);
    let mut ratios: Vec<f64> = (0..ROUNDS)
        .map(|round| {
            if round % 2 == 0 {
                let ta = per_call(iters, &mut a);
                ta / per_call(iters, &mut b)
            } else {
                let tb = per_call(iters, &mut b);
                per_call(iters, &mut a) / tb
            }
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    println!(
        "paired-ratio {id} {:.4} {:.4} {:.4}",
        ratios[ROUNDS / 2],
        ratios[ROUNDS / 4],
        ratios[3 * ROUNDS / 4]
    );
}

/// Measures one request two ways: with criterion each, then paired.
fn request_pair<G, H>(
    c: &mut Criterion,
    name: &str,
    generated: impl Fn() -> G,
    hand: impl Fn() -> H,
) {
    let mut group = c.benchmark_group("request");
    group.bench_function(BenchmarkId::new(name, "generated"), |b| b.iter(&generated));
    group.bench_function(BenchmarkId::new(name, "hand-written"), |b| b.iter(&hand));
    group.finish();
    paired(
        &format!("request/{name}"),
        || {
            black_box(generated());
        },
        || {
            black_box(hand());
        },
    );
}

fn requests(c: &mut Criterion) {
    let v3_code = v3::CreateTokenRequest {
        grant_type: Some(v3::CreateTokenRequestGrantType::AuthorizationCode),
        client_id: Some(CLIENT_ID.into()),
        client_secret: Some(CLIENT_SECRET.into()),
        redirect_uri: Some(REDIRECT_URI.into()),
        code: Some(CODE.into()),
        code_verifier: Some(CODE_VERIFIER.into()),
        ..Default::default()
    };
    let code_form = hand::TokenForm {
        grant_type: "authorization_code",
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uri: Some(REDIRECT_URI),
        code: Some(CODE),
        code_verifier: Some(CODE_VERIFIER),
        refresh_token: None,
    };
    request_pair(
        c,
        "v3_create_token",
        || v3::request::create_token(black_box(BASE_URL), black_box(&v3_code)).unwrap(),
        || hand_form_request("/oauth/v3/token", black_box(&code_form)),
    );

    let v3_introspect = v3::IntrospectTokenRequest {
        client_id: Some(CLIENT_ID.into()),
        client_secret: Some(CLIENT_SECRET.into()),
        token: Some(ACCESS_TOKEN.into()),
        token_type_hint: Some("access_token".into()),
    };
    let introspect_form = hand::TokenHintForm {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        token: ACCESS_TOKEN,
        token_type_hint: "access_token",
    };
    request_pair(
        c,
        "v3_introspect_token",
        || v3::request::introspect_token(black_box(BASE_URL), black_box(&v3_introspect)).unwrap(),
        || hand_form_request("/oauth/v3/token/introspect", black_box(&introspect_form)),
    );

    let v3_revoke = v3::RevokeTokenRequest {
        client_id: Some(CLIENT_ID.into()),
        client_secret: Some(CLIENT_SECRET.into()),
        token: Some(REFRESH_TOKEN.into()),
        token_type_hint: Some("refresh_token".into()),
    };
    let revoke_form = hand::TokenHintForm {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        token: REFRESH_TOKEN,
        token_type_hint: "refresh_token",
    };
    request_pair(
        c,
        "v3_revoke_token",
        || v3::request::revoke_token(black_box(BASE_URL), black_box(&v3_revoke)).unwrap(),
        || hand_form_request("/oauth/v3/token/revoke", black_box(&revoke_form)),
    );

    let v1_refresh = v1::CreateTokenRequest {
        grant_type: Some(v1::CreateTokenRequestGrantType::RefreshToken),
        client_id: Some(CLIENT_ID.into()),
        client_secret: Some(CLIENT_SECRET.into()),
        redirect_uri: Some(REDIRECT_URI.into()),
        refresh_token: Some(REFRESH_TOKEN.into()),
        ..Default::default()
    };
    let v1_params = v1::CreateTokenParams::default();
    let refresh_form = hand::TokenForm {
        grant_type: "refresh_token",
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uri: Some(REDIRECT_URI),
        code: None,
        code_verifier: None,
        refresh_token: Some(REFRESH_TOKEN),
    };
    request_pair(
        c,
        "v1_create_token",
        || {
            v1::request::create_token(
                black_box(BASE_URL),
                black_box(&v1_params),
                black_box(&v1_refresh),
            )
            .unwrap()
        },
        || hand_form_request("/oauth/v1/token", black_box(&refresh_form)),
    );

    type PathRequest = fn(&str, &str) -> Result<runtime::Request, runtime::RequestError>;
    let by_path: [(&str, PathRequest, http::Method, &str, &str); 3] = [
        (
            "v1_get_access_token",
            v1::request::get_access_token,
            http::Method::GET,
            "/oauth/v1/access-tokens/",
            ACCESS_TOKEN,
        ),
        (
            "v1_get_refresh_token",
            v1::request::get_refresh_token,
            http::Method::GET,
            "/oauth/v1/refresh-tokens/",
            REFRESH_TOKEN,
        ),
        (
            "v1_delete_refresh_token",
            v1::request::delete_refresh_token,
            http::Method::DELETE,
            "/oauth/v1/refresh-tokens/",
            REFRESH_TOKEN,
        ),
    ];
    for (name, generated, method, prefix, token) in by_path {
        request_pair(
            c,
            name,
            || generated(black_box(BASE_URL), black_box(token)).unwrap(),
            || {
                let url = format!(
                    "{}{prefix}{}",
                    black_box(BASE_URL),
                    encode_segment(black_box(token))
                );
                hand_request(method.clone(), &url, None)
            },
        );
    }
}

/// A form `POST` built by hand.
fn hand_form_request(path: &str, form: &impl serde::Serialize) -> http::Request<Vec<u8>> {
    let url = format!("{}{path}", black_box(BASE_URL));
    let form = serde_urlencoded::to_string(form).unwrap();
    hand_request(http::Method::POST, &url, Some(form))
}

fn response(body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(200)
        .header(http::header::CONTENT_TYPE, "application/json;charset=utf-8")
        .body(body.as_bytes().to_vec())
        .expect("a valid response")
}

type Decoded<T, E> = Result<T, runtime::Error<E>>;

/// Measures one body four ways with criterion (the generated type and the hand-written one, each
/// through bare `serde_json` and through the runtime's response decoding), then two paired
/// ratios: the generated type's `Deserialize` against the hand-written one, and the generated
/// `response::*` function against bare serde with the hand-written type.
fn decode_body<G, H, E>(
    c: &mut Criterion,
    name: &str,
    body: &str,
    generated: fn(http::Response<Vec<u8>>, &runtime::SentSecrets) -> Decoded<G, E>,
    expected: fn(&G) -> bool,
) where
    G: serde::de::DeserializeOwned,
    H: serde::de::DeserializeOwned,
    E: serde::de::DeserializeOwned,
{
    // A response decoded without a request: no sent secrets to scrub.
    let secrets = runtime::SentSecrets::none();
    // The body must decode into the intended variant, or the fallback path is what is measured.
    let decoded = serde_json::from_slice::<G>(body.as_bytes())
        .unwrap_or_else(|e| panic!("{name}: the generated type does not decode the body: {e}"));
    assert!(
        expected(&decoded),
        "{name}: the body decodes into another variant"
    );
    assert!(
        generated(response(body), &secrets).is_ok_and(|v| expected(&v)),
        "{name}: the response function fails"
    );
    serde_json::from_slice::<H>(body.as_bytes())
        .unwrap_or_else(|e| panic!("{name}: the hand-written type does not decode the body: {e}"));

    let bytes = body.as_bytes();
    let mut group = c.benchmark_group("decode");
    group.throughput(criterion::Throughput::Bytes(bytes.len() as u64));
    group.bench_function(BenchmarkId::new(name, "generated"), |b| {
        b.iter(|| serde_json::from_slice::<G>(black_box(bytes)).unwrap())
    });
    group.bench_function(BenchmarkId::new(name, "hand-written"), |b| {
        b.iter(|| serde_json::from_slice::<H>(black_box(bytes)).unwrap())
    });
    group.bench_function(BenchmarkId::new(name, "generated-response"), |b| {
        b.iter_batched(
            || response(body),
            |r| generated(r, &secrets).ok().unwrap(),
            BatchSize::SmallInput,
        )
    });
    group.bench_function(BenchmarkId::new(name, "hand-written-response"), |b| {
        b.iter_batched(
            || response(body),
            |r| {
                runtime::decode_json::<H, serde_json::Value>(r, &secrets)
                    .ok()
                    .unwrap()
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
    paired(
        &format!("decode/{name}"),
        || {
            black_box(serde_json::from_slice::<G>(black_box(bytes)).unwrap());
        },
        || {
            black_box(serde_json::from_slice::<H>(black_box(bytes)).unwrap());
        },
    );
    // The client's own path against bare serde on the same bytes; both sides build the same
    // `http::Response` first.
    paired(
        &format!("decode-response/{name}"),
        || {
            black_box(generated(response(black_box(body)), &secrets).ok().unwrap());
        },
        || {
            let r = response(black_box(body));
            black_box(serde_json::from_slice::<H>(r.body()).unwrap());
        },
    );
}

fn decodes(c: &mut Criterion) {
    decode_body::<_, hand::AccessTokenResponse, _>(
        c,
        "v3_create_token",
        V3_TOKEN,
        v3::response::create_token,
        |v| matches!(v, v3::TokenResponseIf::AccessToken(_)),
    );
    decode_body::<_, hand::AccessTokenInfo, _>(
        c,
        "v3_introspect_access",
        V3_INTROSPECT_ACCESS,
        v3::response::introspect_token,
        |v| matches!(v, v3::TokenInfoResponseBaseIf::AccessToken(_)),
    );
    decode_body::<_, hand::RefreshTokenInfo, _>(
        c,
        "v3_introspect_refresh",
        V3_INTROSPECT_REFRESH,
        v3::response::introspect_token,
        |v| matches!(v, v3::TokenInfoResponseBaseIf::RefreshToken(_)),
    );
    decode_body::<_, hand::AccessTokenResponse, _>(
        c,
        "v1_create_token",
        V1_TOKEN,
        v1::response::create_token,
        |v| matches!(v, v1::TokenResponseIf::AccessToken(_)),
    );
    decode_body::<_, hand::V1AccessTokenInfo, _>(
        c,
        "v1_get_access_token",
        V1_ACCESS_TOKEN_INFO,
        v1::response::get_access_token,
        |_| true,
    );
    decode_body::<_, hand::V1RefreshTokenInfo, _>(
        c,
        "v1_get_refresh_token",
        V1_REFRESH_TOKEN_INFO,
        v1::response::get_refresh_token,
        |_| true,
    );
}

fn main() {
    let mut criterion = Criterion::default()
        .without_plots()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1200))
        .sample_size(40)
        .configure_from_args();
    requests(&mut criterion);
    decodes(&mut criterion);
    criterion.final_summary();
}
