//! Conformance of the generated client with HubSpot's OAuth specs, checked against Prism, a
//! mock server that reads the specs themselves.
//!
//! Every operation of both specs is called through the generated request builders
//! (`v3::request`, `v1::request`), sent with [`Transport`] and decoded by the generated response
//! decoders (`v3::response`, `v1::response`):
//!
//! - with valid inputs, Prism must report no request violation (no `sl-violations` header) and
//!   answer 2xx;
//! - with `Prefer: dynamic=true`, Prism generates random bodies from the response schemas:
//!   [`DYNAMIC_SUCCESSES`] of them per operation must all decode into the generated success
//!   type, into one of its declared variants (never the `Unrecognized` fallback), and re-encode to
//!   the values that were sent;
//! - with `Prefer: code=NNN, dynamic=true`, generated error bodies must decode into the
//!   generated error type the same way.
//!
//! A failure names the operation, the JSON path where decoding stopped and the whole body.
//!
//! The servers are started by `cargo xtask conformance`, which passes their base URLs in
//! `HUBSPOT_OAUTH_PRISM_V3` and `HUBSPOT_OAUTH_PRISM_V1` and runs these tests with
//! `--include-ignored`. Run any other way, they are ignored; run with `--include-ignored` but
//! without those variables, they fail.

#![allow(deprecated)]

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::time::{Duration, Instant};

use http::header::{HeaderName, HeaderValue};
use hubspot_oauth::runtime::{
    Error, Idempotency, Request, RequestBuilder, RequestError, SentSecrets, Transport,
};
use hubspot_oauth::{v1, v3};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Generated success responses decoded per operation.
const DYNAMIC_SUCCESSES: usize = 200;
/// Statuses forced with `Prefer: code=…` to get error responses.
const ERROR_STATUSES: [u16; 6] = [400, 401, 403, 404, 429, 500];
/// Generated error responses decoded per status and operation.
const ERRORS_PER_STATUS: usize = 10;
/// Longest wait for one response.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Longest run of one operation's checks.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(240);
/// Failures collected before an operation's checks stop.
const MAX_FAILURES: usize = 10;
/// The name of the generated fallback variant of unions and string enums.
const FALLBACK: &str = "Unrecognized";
/// Response header in which Prism lists what it found wrong with a request.
const VIOLATIONS: &str = "sl-violations";
/// Folder where each operation's counts are written, when set.
const ENV_REPORT_DIR: &str = "HUBSPOT_OAUTH_CONFORMANCE_REPORT_DIR";

/// One of the two specs, each served by its own Prism.
#[derive(Clone, Copy, Debug)]
enum Spec {
    V3,
    V1,
}

impl Spec {
    fn name(self) -> &'static str {
        match self {
            Spec::V3 => "v3",
            Spec::V1 => "v1",
        }
    }

    fn env_var(self) -> &'static str {
        match self {
            Spec::V3 => "HUBSPOT_OAUTH_PRISM_V3",
            Spec::V1 => "HUBSPOT_OAUTH_PRISM_V1",
        }
    }

    /// The base URL of the server for this spec; missing is a failure, never a skip.
    fn base_url(self) -> String {
        match std::env::var(self.env_var()) {
            Ok(url) if !url.is_empty() => url,
            _ => panic!(
                "{} is not set: these tests need Prism serving the {} spec; run `cargo xtask conformance`",
                self.env_var(),
                self.name()
            ),
        }
    }
}

/// The operation under test, as the spec declares it.
#[derive(Clone, Copy, Debug)]
struct Operation {
    spec: Spec,
    name: &'static str,
    method: &'static str,
    path: &'static str,
    /// Whether a 2xx body is decoded (JSON) or ignored by the generated decoder.
    success_body: SuccessBody,
}

/// What the generated decoder does with a 2xx body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SuccessBody {
    /// Decodes it from JSON.
    Json,
    /// Ignores it (`()`).
    Ignored,
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}::{} ({} {})",
            self.spec.name(),
            self.name,
            self.method,
            self.path
        )
    }
}

/// What Prism is asked to answer.
#[derive(Clone, Copy, Debug)]
enum Mode {
    /// The spec's examples or first variants: no `Prefer` header.
    Static,
    /// A generated success body: `Prefer: dynamic=true`.
    Dynamic,
    /// A generated body for this status: `Prefer: code=NNN, dynamic=true`.
    Error(u16),
}

impl Mode {
    fn prefer(self) -> Option<String> {
        match self {
            Mode::Static => None,
            Mode::Dynamic => Some("dynamic=true".to_owned()),
            Mode::Error(code) => Some(format!("code={code}, dynamic=true")),
        }
    }
}

/// Counts for one operation.
#[derive(Debug, Default)]
struct Tally {
    requests: u64,
    violations: u64,
    decoded_success: u64,
    decoded_error: u64,
    /// Success bodies per decoded variant (the type name for non-union types).
    variants: BTreeMap<&'static str, u64>,
    failures: Vec<String>,
}

/// Builds the request for valid input number `input` against `base_url`.
type Build = dyn Fn(&str, usize) -> Result<Request, RequestError>;

/// A generated response decoder, given the secrets of the request the response answers.
type Decode<T, E> = fn(http::Response<Vec<u8>>, &SentSecrets) -> Result<T, Error<E>>;

/// Where and why a JSON value fails to decode as one type.
type PathOf = fn(&Value) -> String;

/// Names the declared variant a decoded success value is, or says why it is none.
type Variant<T> = dyn Fn(&T) -> Result<&'static str, String>;

/// Runs every check of one operation and fails the test with all problems found.
///
/// `inputs` valid inputs are built by `build`; `decode` is the generated response decoder;
/// `variant` names what a success body decoded into, and each name in `expected` must come up
/// at least once among the generated bodies.
async fn conform<T, E>(
    op: Operation,
    inputs: usize,
    build: &Build,
    decode: Decode<T, E>,
    variant: &Variant<T>,
    expected: &[&'static str],
) where
    T: DeserializeOwned + Serialize + Debug,
    E: DeserializeOwned + Serialize + Debug + 'static,
{
    assert!(inputs > 0, "{op}: no valid input to send");
    let base_url = op.spec.base_url();
    let transport = Transport::new(base_url.clone());
    let started = Instant::now();
    let mut tally = Tally::default();

    let mut plan: Vec<(Mode, usize)> = (0..inputs).map(|i| (Mode::Static, i)).collect();
    plan.extend((0..DYNAMIC_SUCCESSES).map(|i| (Mode::Dynamic, i % inputs)));
    for (k, status) in ERROR_STATUSES.iter().enumerate() {
        plan.extend((0..ERRORS_PER_STATUS).map(|i| (Mode::Error(*status), (k + i) % inputs)));
    }

    for (mode, input) in plan {
        if tally.failures.len() >= MAX_FAILURES {
            tally
                .failures
                .push(format!("stopped after {MAX_FAILURES} failures"));
            break;
        }
        if started.elapsed() > OPERATION_TIMEOUT {
            tally.failures.push(format!(
                "stopped: the checks took longer than {} s",
                OPERATION_TIMEOUT.as_secs()
            ));
            break;
        }
        let exchange = Exchange {
            op,
            transport: &transport,
            base_url: &base_url,
            mode,
            input,
        };
        exchange.run(build, decode, variant, &mut tally).await;
    }

    if tally.failures.is_empty() {
        for name in expected {
            if !tally.variants.contains_key(name) {
                tally.failures.push(format!(
                    "no generated body decoded as `{name}` in {} tries",
                    tally.decoded_success
                ));
            }
        }
    }

    write_report(op, &tally);
    println!(
        "{op}: {} requests, {} violations, {} success and {} error bodies decoded in {:.1} s; variants: {:?}",
        tally.requests,
        tally.violations,
        tally.decoded_success,
        tally.decoded_error,
        started.elapsed().as_secs_f64(),
        tally.variants,
    );
    assert!(
        tally.failures.is_empty(),
        "{op}: {} problem(s):\n\n{}",
        tally.failures.len(),
        tally.failures.join("\n\n")
    );
}

/// One request and the checks of its response.
struct Exchange<'a> {
    op: Operation,
    transport: &'a Transport,
    base_url: &'a str,
    mode: Mode,
    input: usize,
}

impl Exchange<'_> {
    async fn run<T, E>(
        &self,
        build: &Build,
        decode: Decode<T, E>,
        variant: &Variant<T>,
        tally: &mut Tally,
    ) where
        T: DeserializeOwned + Serialize + Debug,
        E: DeserializeOwned + Serialize + Debug + 'static,
    {
        if let Err(problem) = self.check(build, decode, variant, tally).await {
            tally.failures.push(format!(
                "{:?} with valid input #{}: {problem}",
                self.mode, self.input
            ));
        }
    }

    async fn check<T, E>(
        &self,
        build: &Build,
        decode: Decode<T, E>,
        variant: &Variant<T>,
        tally: &mut Tally,
    ) -> Result<(), String>
    where
        T: DeserializeOwned + Serialize + Debug,
        E: DeserializeOwned + Serialize + Debug + 'static,
    {
        let mut request = build(self.base_url, self.input)
            .map_err(|e| format!("the request builder rejected it: {e}"))?;
        if let Some(prefer) = self.mode.prefer() {
            let value = HeaderValue::from_str(&prefer)
                .map_err(|e| format!("bad Prefer header {prefer:?}: {e}"))?;
            request
                .http_mut()
                .headers_mut()
                .insert(HeaderName::from_static("prefer"), value);
        }
        let secrets = request.secrets().clone();
        let sent = tokio::time::timeout(
            REQUEST_TIMEOUT,
            self.transport.send::<E>(request, Idempotency::Unsafe),
        )
        .await;
        let response = match sent {
            Ok(Ok(response)) => response,
            Ok(Err(error)) => return Err(format!("the request failed: {error}")),
            Err(_) => {
                return Err(format!(
                    "no response within {} s",
                    REQUEST_TIMEOUT.as_secs()
                ))
            }
        };
        tally.requests += 1;

        let status = response.status().as_u16();
        let body = String::from_utf8_lossy(response.body()).into_owned();
        if let Some(violations) = response.headers().get(VIOLATIONS) {
            tally.violations += 1;
            return Err(format!(
                "Prism reports a request violation (status {status}): {}",
                String::from_utf8_lossy(violations.as_bytes())
            ));
        }

        match self.mode {
            Mode::Static | Mode::Dynamic => {
                if !(200..300).contains(&status) {
                    return Err(format!("unexpected status {status}; body: {body}"));
                }
                let value = decode(response, &secrets).map_err(|error| {
                    format!(
                        "status {status}: the body does not decode into the success type at {}: {error}\n  body: {body}",
                        json_path::<T>(&body)
                    )
                })?;
                let name = variant(&value).map_err(|problem| {
                    format!("status {status}: {problem}\n  decoded: {value:?}\n  body: {body}")
                })?;
                if self.op.success_body == SuccessBody::Json {
                    same_values(&value, &body)
                        .map_err(|problem| format!("status {status}: {problem}\n  body: {body}"))?;
                }
                *tally.variants.entry(name).or_default() += 1;
                tally.decoded_success += 1;
            }
            Mode::Error(code) => {
                if status != code {
                    return Err(format!(
                        "asked for status {code}, got {status}; body: {body}"
                    ));
                }
                let api = match decode(response, &secrets) {
                    Err(Error::Api(api)) => api,
                    Err(error) => {
                        return Err(format!(
                            "status {status}: expected an API error, got: {error}\n  body: {body}"
                        ))
                    }
                    Ok(value) => {
                        return Err(format!(
                            "status {status}: decoded as a success: {value:?}\n  body: {body}"
                        ))
                    }
                };
                if api.status().as_u16() != status {
                    return Err(format!("status {status} reported as {}", api.status()));
                }
                let error = api.error().ok_or_else(|| {
                    format!(
                        "status {status}: the body does not decode into the error type at {}\n  body: {body}",
                        json_path::<E>(&body)
                    )
                })?;
                no_fallback(error)
                    .map_err(|problem| format!("status {status}: {problem}\n  body: {body}"))?;
                same_values(error, &body)
                    .map_err(|problem| format!("status {status}: {problem}\n  body: {body}"))?;
                tally.decoded_error += 1;
            }
        }
        Ok(())
    }
}

/// Where and why `body` fails to decode as `T`.
fn json_path<T: DeserializeOwned>(body: &str) -> String {
    let mut deserializer = serde_json::Deserializer::from_str(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(_) => "(nowhere: the body decodes on its own)".to_owned(),
        Err(error) => format!("`{}` ({})", error.path(), error.inner()),
    }
}

/// Where and why a JSON value fails to decode as `T`.
fn json_path_of<T: DeserializeOwned>(value: &Value) -> String {
    match serde_path_to_error::deserialize::<_, T>(value.clone()) {
        Ok(_) => "(nowhere: the body decodes on its own)".to_owned(),
        Err(error) => format!("`{}` ({})", error.path(), error.inner()),
    }
}

/// Explains why a union body fell back to `Unrecognized`: its tag names no declared variant, or the
/// variant it names does not read it (with the JSON path where that variant stops).
fn unmatched(body: &Value, tag: &str, variants: &[(&str, PathOf)]) -> String {
    let value = body.get(tag);
    match variants
        .iter()
        .find(|(name, _)| value.and_then(Value::as_str) == Some(*name))
    {
        Some((name, path_of)) => format!(
            "decoded into `Unrecognized`: `{tag}` is {name:?}, but that variant does not read the body at {}",
            path_of(body)
        ),
        None => format!(
            "decoded into `Unrecognized`: `{tag}` is {}, which names no declared variant",
            value.map_or_else(|| "absent".to_owned(), Value::to_string)
        ),
    }
}

/// Fails when a value holds a fallback anywhere: an `Unrecognized` union variant (a body no
/// declared variant read) or an `Unrecognized` string enum value.
///
/// Both fallbacks serialize back to exactly what was read, so only their `Debug` form shows
/// them.
fn no_fallback<T: Debug>(value: &T) -> Result<(), String> {
    let debug = format!("{value:?}");
    match debug.find(&format!("{FALLBACK}(")) {
        None => Ok(()),
        Some(at) => {
            let end = debug.len().min(at + 120);
            let snippet = debug.get(at..end).unwrap_or(&debug[at..]);
            Err(format!(
                "decoded into a fallback instead of a declared variant: {snippet}…"
            ))
        }
    }
}

/// Checks that the decoded value, encoded again, carries the values of the body it came from:
/// every key it writes is in the body with the same value (keys the body has and the types do
/// not declare, such as Prism's random extra properties, are dropped by decoding and ignored).
fn same_values<T: Serialize>(value: &T, body: &str) -> Result<(), String> {
    let encoded = serde_json::to_value(value)
        .map_err(|e| format!("the decoded value does not encode: {e}"))?;
    let sent: Value =
        serde_json::from_str(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    contained(&encoded, &sent, &mut String::new())
}

fn contained(encoded: &Value, sent: &Value, path: &mut String) -> Result<(), String> {
    match (encoded, sent) {
        (Value::Object(encoded), Value::Object(sent)) => {
            for (key, value) in encoded {
                let len = path.len();
                path.push('/');
                path.push_str(key);
                match sent.get(key) {
                    Some(original) => contained(value, original, path)?,
                    None if value.is_null() => {}
                    None => {
                        return Err(format!(
                            "at `{path}` the decoded value has {value}, which the body does not"
                        ))
                    }
                }
                path.truncate(len);
            }
            Ok(())
        }
        (Value::Array(encoded), Value::Array(sent)) if encoded.len() == sent.len() => {
            for (index, (value, original)) in encoded.iter().zip(sent).enumerate() {
                let len = path.len();
                path.push('/');
                path.push_str(&index.to_string());
                contained(value, original, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        (encoded, sent) if encoded == sent => Ok(()),
        (encoded, sent) => Err(format!(
            "at `{}` the body has {} but the decoded value encodes as {}",
            if path.is_empty() { "/" } else { path },
            excerpt(sent),
            excerpt(encoded)
        )),
    }
}

/// A JSON value as text, cut to a readable length.
fn excerpt(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(160) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// Writes the operation's counts for `cargo xtask conformance` to sum up.
fn write_report(op: Operation, tally: &Tally) {
    let Some(dir) = std::env::var_os(ENV_REPORT_DIR) else {
        return;
    };
    let report = serde_json::json!({
        "spec": op.spec.name(),
        "operation": op.name,
        "method": op.method,
        "path": op.path,
        "requests": tally.requests,
        "violations": tally.violations,
        "decoded_success": tally.decoded_success,
        "decoded_error": tally.decoded_error,
        "variants": tally.variants,
        "failures": tally.failures.len(),
    });
    let path = std::path::Path::new(&dir).join(format!("{}-{}.json", op.spec.name(), op.name));
    if let Err(error) = std::fs::write(&path, report.to_string()) {
        panic!("cannot write {}: {error}", path.display());
    }
}

/// For operations whose success type is not a union.
fn plain<T: Debug>(name: &'static str) -> impl Fn(&T) -> Result<&'static str, String> {
    move |value| no_fallback(value).map(|()| name)
}

// ---------------------------------------------------------------------------------------------
// v3
// ---------------------------------------------------------------------------------------------

/// Valid token requests: the three grant types, with the fields each needs.
fn v3_token_request(input: usize) -> v3::CreateTokenRequest {
    use v3::CreateTokenRequestGrantType as Grant;
    let client = v3::CreateTokenRequest {
        client_id: Some("4f6c2a0e-client".to_owned()),
        client_secret: Some("s3cr3t".to_owned()),
        ..Default::default()
    };
    match input % 4 {
        0 => v3::CreateTokenRequest {
            grant_type: Some(Grant::AuthorizationCode),
            code: Some("na1-auth-code".to_owned()),
            redirect_uri: Some("https://example.com/oauth/callback?x=1&y=2".to_owned()),
            ..client
        },
        1 => v3::CreateTokenRequest {
            grant_type: Some(Grant::AuthorizationCode),
            code: Some("na1-auth-code".to_owned()),
            code_verifier: Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_owned()),
            redirect_uri: Some("http://localhost:3000/callback".to_owned()),
            ..client
        },
        2 => v3::CreateTokenRequest {
            grant_type: Some(Grant::RefreshToken),
            refresh_token: Some("na1-refresh+token/with=chars".to_owned()),
            ..client
        },
        _ => v3::CreateTokenRequest {
            grant_type: Some(Grant::ClientCredentials),
            scope: Some("oauth crm.objects.contacts.read".to_owned()),
            client_assertion_type: Some(
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_owned(),
            ),
            client_assertion: Some("eyJhbGciOiJSUzI1NiJ9.e30.sig".to_owned()),
            ..client
        },
    }
}

fn v3_token_variant(value: &v3::TokenResponseIf) -> Result<&'static str, String> {
    let name = match value {
        v3::TokenResponseIf::AccessToken(_) => "AccessToken",
        v3::TokenResponseIf::ClientCredentials(_) => "ClientCredentials",
        v3::TokenResponseIf::Unrecognized(body) => {
            return Err(unmatched(
                body,
                "token_use",
                &[
                    ("access_token", json_path_of::<v3::AccessTokenResponse>),
                    (
                        "client_credentials",
                        json_path_of::<v3::ClientCredentialsTokenResponse>,
                    ),
                ],
            ))
        }
    };
    no_fallback(value).map(|()| name)
}

fn v3_token_info_variant(value: &v3::TokenInfoResponseBaseIf) -> Result<&'static str, String> {
    let name = match value {
        v3::TokenInfoResponseBaseIf::AccessToken(_) => "AccessToken",
        v3::TokenInfoResponseBaseIf::RefreshToken(_) => "RefreshToken",
        v3::TokenInfoResponseBaseIf::Unrecognized(body) => {
            return Err(unmatched(
                body,
                "token_use",
                &[
                    (
                        "access_token",
                        json_path_of::<v3::PublicAccessTokenInfoResponse>,
                    ),
                    (
                        "refresh_token",
                        json_path_of::<v3::PublicRefreshTokenInfoResponse>,
                    ),
                ],
            ))
        }
    };
    no_fallback(value).map(|()| name)
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask conformance`"]
async fn v3_create_token() {
    let op = Operation {
        spec: Spec::V3,
        name: "create_token",
        method: "POST",
        path: "/oauth/v3/token",
        success_body: SuccessBody::Json,
    };
    conform(
        op,
        4,
        &|base, i| v3::request::create_token(base, &v3_token_request(i)),
        v3::response::create_token,
        &v3_token_variant,
        &["AccessToken", "ClientCredentials"],
    )
    .await;
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask conformance`"]
async fn v3_introspect_token() {
    let op = Operation {
        spec: Spec::V3,
        name: "introspect_token",
        method: "POST",
        path: "/oauth/v3/token/introspect",
        success_body: SuccessBody::Json,
    };
    conform(
        op,
        3,
        &|base, i| {
            let body = v3::IntrospectTokenRequest {
                client_id: Some("4f6c2a0e-client".to_owned()),
                client_secret: Some("s3cr3t".to_owned()),
                token: Some(["CJ-access-token", "na1-refresh-token", "a b&c=d"][i].to_owned()),
                token_type_hint: [Some("access_token"), Some("refresh_token"), None][i]
                    .map(str::to_owned),
            };
            v3::request::introspect_token(base, &body)
        },
        v3::response::introspect_token,
        &v3_token_info_variant,
        &["AccessToken", "RefreshToken"],
    )
    .await;
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask conformance`"]
async fn v3_revoke_token() {
    let op = Operation {
        spec: Spec::V3,
        name: "revoke_token",
        method: "POST",
        path: "/oauth/v3/token/revoke",
        success_body: SuccessBody::Ignored,
    };
    conform(
        op,
        2,
        &|base, i| {
            let body = v3::RevokeTokenRequest {
                client_id: Some("4f6c2a0e-client".to_owned()),
                client_secret: Some("s3cr3t".to_owned()),
                token: Some("na1-refresh-token".to_owned()),
                token_type_hint: [Some("refresh_token".to_owned()), None][i].clone(),
            };
            v3::request::revoke_token(base, &body)
        },
        v3::response::revoke_token,
        &|_: &()| Ok("()"),
        &["()"],
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// v1
// ---------------------------------------------------------------------------------------------

/// Path tokens, including characters that must be percent-encoded inside one segment.
const V1_TOKENS: [&str; 3] = ["CJ-access-token", "na1-abc/def+ghi=", "a b?c#d%"];

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask conformance`"]
async fn v1_get_access_token() {
    let op = Operation {
        spec: Spec::V1,
        name: "get_access_token",
        method: "GET",
        path: "/oauth/v1/access-tokens/{token}",
        success_body: SuccessBody::Json,
    };
    conform(
        op,
        V1_TOKENS.len(),
        &|base, i| v1::request::get_access_token(base, V1_TOKENS[i]),
        v1::response::get_access_token,
        &plain("AccessTokenInfoResponse"),
        &["AccessTokenInfoResponse"],
    )
    .await;
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask conformance`"]
async fn v1_get_refresh_token() {
    let op = Operation {
        spec: Spec::V1,
        name: "get_refresh_token",
        method: "GET",
        path: "/oauth/v1/refresh-tokens/{token}",
        success_body: SuccessBody::Json,
    };
    conform(
        op,
        V1_TOKENS.len(),
        &|base, i| v1::request::get_refresh_token(base, V1_TOKENS[i]),
        v1::response::get_refresh_token,
        &plain("RefreshTokenInfoResponse"),
        &["RefreshTokenInfoResponse"],
    )
    .await;
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask conformance`"]
async fn v1_delete_refresh_token() {
    let op = Operation {
        spec: Spec::V1,
        name: "delete_refresh_token",
        method: "DELETE",
        path: "/oauth/v1/refresh-tokens/{token}",
        success_body: SuccessBody::Ignored,
    };
    conform(
        op,
        V1_TOKENS.len(),
        &|base, i| v1::request::delete_refresh_token(base, V1_TOKENS[i]),
        v1::response::delete_refresh_token,
        &|_: &()| Ok("()"),
        &["()"],
    )
    .await;
}

/// Valid v1 token requests: the three grant types, with and without the query parameters.
fn v1_token_request(input: usize) -> (v1::CreateTokenParams, v1::CreateTokenRequest) {
    use v1::CreateTokenRequestGrantType as Grant;
    let client = v1::CreateTokenRequest {
        client_id: Some("4f6c2a0e-client".to_owned()),
        client_secret: Some("s3cr3t".to_owned()),
        ..Default::default()
    };
    let body = match input % 3 {
        0 => v1::CreateTokenRequest {
            grant_type: Some(Grant::AuthorizationCode),
            code: Some("na1-auth-code".to_owned()),
            code_verifier: Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_owned()),
            redirect_uri: Some("https://example.com/oauth/callback".to_owned()),
            ..client
        },
        1 => v1::CreateTokenRequest {
            grant_type: Some(Grant::RefreshToken),
            refresh_token: Some("na1-refresh+token/with=chars".to_owned()),
            ..client
        },
        _ => v1::CreateTokenRequest {
            grant_type: Some(Grant::ClientCredentials),
            scope: Some("oauth".to_owned()),
            ..client
        },
    };
    let params = if input % 2 == 0 {
        v1::CreateTokenParams::default()
    } else {
        v1::CreateTokenParams {
            client_secret: Some("s3cr3t & more".to_owned()),
            refresh_token: Some("na1-refresh-token".to_owned()),
        }
    };
    (params, body)
}

fn v1_token_variant(value: &v1::TokenResponseIf) -> Result<&'static str, String> {
    let name = match value {
        v1::TokenResponseIf::AccessToken(_) => "AccessToken",
        v1::TokenResponseIf::ClientCredentials(_) => "ClientCredentials",
        v1::TokenResponseIf::Unrecognized(body) => {
            return Err(unmatched(
                body,
                "token_use",
                &[
                    ("access_token", json_path_of::<v1::AccessTokenResponse>),
                    (
                        "client_credentials",
                        json_path_of::<v1::ClientCredentialsTokenResponse>,
                    ),
                ],
            ))
        }
    };
    no_fallback(value).map(|()| name)
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask conformance`"]
async fn v1_create_token() {
    let op = Operation {
        spec: Spec::V1,
        name: "create_token",
        method: "POST",
        path: "/oauth/v1/token",
        success_body: SuccessBody::Json,
    };
    conform(
        op,
        6,
        &|base, i| {
            let (params, body) = v1_token_request(i);
            v1::request::create_token(base, &params, &body)
        },
        v1::response::create_token,
        &v1_token_variant,
        &["AccessToken", "ClientCredentials"],
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// The checks above can fail
// ---------------------------------------------------------------------------------------------

/// The violation check is live: each server flags an invalid request with `sl-violations`.
#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask conformance`"]
async fn prism_flags_invalid_requests() {
    let v3 = Spec::V3.base_url();
    let bad_grant = RequestBuilder::new(http::Method::POST, &v3)
        .path("/oauth/v3/token")
        .form(&[("grant_type", "password")], &[])
        .and_then(RequestBuilder::build);
    let v1 = Spec::V1.base_url();
    let no_token = RequestBuilder::new(http::Method::GET, &v1)
        .path("/oauth/v1/access-tokens/")
        .build();
    for (what, request, base) in [
        ("a v3 token request with grant_type=password", bad_grant, v3),
        ("a v1 access token request without a token", no_token, v1),
    ] {
        let request = request.unwrap_or_else(|e| panic!("{what}: cannot build: {e}"));
        let response = Transport::new(base)
            .send::<Value>(request, Idempotency::Unsafe)
            .await
            .unwrap_or_else(|e| panic!("{what}: no response: {e}"));
        assert!(
            response.status().is_client_error() && response.headers().contains_key(VIOLATIONS),
            "{what}: Prism did not flag it (status {}, headers {:?})",
            response.status(),
            response.headers()
        );
    }
}

/// The decoding checks are live: bodies the types do not describe are caught.
#[test]
fn decoding_checks_catch_mismatches() {
    // The fallbacks, found through `Debug`: a rename of the variant shows up here first.
    assert!(no_fallback(&v3::TokenResponseIf::Unrecognized(
        serde_json::json!({"token_use": "x"})
    ))
    .is_err());
    let grant = v3::CreateTokenRequest {
        grant_type: Some(v3::CreateTokenRequestGrantType::Unrecognized(
            "password".to_owned(),
        )),
        ..Default::default()
    };
    assert!(no_fallback(&grant).is_err());
    let grant = v3::CreateTokenRequest {
        grant_type: Some(v3::CreateTokenRequestGrantType::RefreshToken),
        ..Default::default()
    };
    assert!(no_fallback(&grant).is_ok());
    let body = r#"{"a":1,"b":[1,2],"c":{"d":"e"},"extra":true}"#;
    assert!(same_values(
        &serde_json::json!({"a": 1, "b": [1, 2], "c": {"d": "e"}}),
        body
    )
    .is_ok());
    let changed = same_values(&serde_json::json!({"a": 2}), body).expect_err("changed value");
    assert!(changed.contains("`/a`"), "{changed}");
    let added = same_values(&serde_json::json!({"c": {"f": 1}}), body).expect_err("added key");
    assert!(added.contains("`/c/f`"), "{added}");
    assert!(same_values(&serde_json::json!({"b": [1]}), body).is_err());
    let path = json_path::<v3::Error>(r#"{"category":"X","correlationId":"c","message":7}"#);
    assert!(path.contains("message"), "{path}");
}
