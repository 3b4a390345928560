// The program `cargo xtask conformance --spec` builds beside each generated crate (as its
// example `conformance`; the line before this one names the crate `api`). It reads a plan
// (the mock server's base URL, the responses to ask for, each operation's JSON arguments and
// the error statuses to force), calls every operation of `api::conformance::OPERATIONS`
// through the generated request builders and decoders, and writes what it counted as JSON.
//
// Usage: conformance PLAN.json REPORT.json

use std::time::Duration;

use api::conformance::{credentials, Operation, Outcome, OPERATIONS};
use api::runtime::{
    Config, Credentials, Idempotency, Request, RetryConfig, SentSecrets, Transport,
};
use serde_json::{json, Value};

/// Longest wait for one answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Failures after which an operation's remaining requests are skipped.
const MAX_FAILURES: usize = 5;
/// Texts kept per kind of finding and operation.
const MAX_TEXTS: usize = 5;
/// Response header in which Prism lists what it found wrong with a request.
const VIOLATIONS: &str = "sl-violations";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [plan, report] = args.as_slice() else {
        eprintln!("usage: conformance PLAN.json REPORT.json");
        std::process::exit(2);
    };
    let plan: Value = match std::fs::read(plan)
        .map_err(|e| e.to_string())
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| e.to_string()))
    {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("cannot read the plan {plan}: {e}");
            std::process::exit(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a single-threaded runtime starts");
    let results = runtime.block_on(run(&plan));
    let text = serde_json::to_string_pretty(&json!({ "operations": results }))
        .expect("a JSON value serializes");
    if let Err(e) = std::fs::write(report, text) {
        eprintln!("cannot write the report {report}: {e}");
        std::process::exit(2);
    }
}

/// What one operation's requests found.
#[derive(Default)]
struct Tally {
    requests: usize,
    violations: usize,
    invalid_answers: usize,
    typed: usize,
    plain: usize,
    json: usize,
    fallbacks: usize,
    failures: usize,
    errors_forced: usize,
    errors_decoded: usize,
    errors_fallback: usize,
    texts: Vec<(&'static str, String)>,
}

impl Tally {
    fn note(&mut self, kind: &'static str, text: String) {
        if self.texts.iter().filter(|(k, _)| *k == kind).count() < MAX_TEXTS
            && !self.texts.iter().any(|(k, t)| *k == kind && *t == text)
        {
            self.texts.push((kind, text));
        }
    }

    fn fail(&mut self, text: String) {
        self.failures += 1;
        self.note("failure", text);
    }
}

async fn run(plan: &Value) -> Vec<Value> {
    let base_url = plan["base_url"].as_str().unwrap_or_default();
    let responses = plan["responses"].as_u64().unwrap_or(50) as usize;
    let transport = Transport::with_http_client(
        base_url,
        reqwest::Client::builder().timeout(REQUEST_TIMEOUT),
    )
    .with_config(Config::new().with_retry(RetryConfig::disabled()));
    let credentials = credentials();
    let mut results = Vec::new();
    for op in OPERATIONS {
        let planned = plan["operations"]
            .as_array()
            .and_then(|ops| ops.iter().find(|o| o["name"] == op.name));
        let mut tally = Tally::default();
        match planned {
            Some(planned) => {
                check(op, planned, responses, &transport, &credentials, &mut tally).await
            }
            None => tally.fail("the plan has no arguments for it".to_owned()),
        }
        let texts = |kind: &str| -> Vec<&String> {
            tally
                .texts
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, t)| t)
                .collect()
        };
        results.push(json!({
            "name": op.name,
            "method": op.method,
            "template": op.template,
            "requests": tally.requests,
            "violations": tally.violations,
            "invalid_answers": tally.invalid_answers,
            "typed": tally.typed,
            "plain": tally.plain,
            "json": tally.json,
            "fallbacks": tally.fallbacks,
            "failures": tally.failures,
            "errors_forced": tally.errors_forced,
            "errors_decoded": tally.errors_decoded,
            "errors_fallback": tally.errors_fallback,
            "violation_texts": texts("violation"),
            "invalid_answer_texts": texts("invalid answer"),
            "fallback_causes": texts("fallback"),
            "failure_texts": texts("failure"),
        }));
    }
    results
}

async fn check(
    op: &Operation,
    planned: &Value,
    responses: usize,
    transport: &Transport,
    credentials: &Credentials,
    tally: &mut Tally,
) {
    let args = &planned["args"];
    // Answers Prism generates against its own schema checks are asked for again, within a bound.
    for _ in 0..responses * 2 {
        let decoded = tally.typed + tally.plain + tally.json + tally.fallbacks;
        if tally.failures >= MAX_FAILURES || decoded >= responses {
            break;
        }
        let Some((status, outcome)) =
            call(op, args, "dynamic=true", transport, credentials, tally).await
        else {
            continue;
        };
        match outcome {
            Outcome::Typed => tally.typed += 1,
            Outcome::Plain => tally.plain += 1,
            Outcome::Json => tally.json += 1,
            Outcome::Fallback(cause) => {
                tally.fallbacks += 1;
                tally.note("fallback", cause);
            }
            Outcome::Status { .. } => {
                tally.fail(format!("status {status} where a 2xx was asked for"))
            }
            Outcome::Failed(message) => tally.fail(format!("status {status}: {message}")),
        }
    }
    let statuses: Vec<u64> = planned["error_statuses"]
        .as_array()
        .map(|s| s.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    for code in statuses {
        if tally.failures >= MAX_FAILURES {
            return;
        }
        let prefer = format!("code={code}, dynamic=true");
        let Some((status, outcome)) = call(op, args, &prefer, transport, credentials, tally).await
        else {
            continue;
        };
        tally.errors_forced += 1;
        match outcome {
            Outcome::Status {
                status,
                body_len,
                decoded,
                fallback,
            } if u64::from(status) == code => {
                if let Some(cause) = fallback {
                    tally.errors_fallback += 1;
                    tally.note("fallback", format!("error {status}: {cause}"));
                } else if decoded || body_len == 0 {
                    tally.errors_decoded += 1;
                } else {
                    tally.fail(format!(
                        "error {status}: the body did not decode into the error type"
                    ));
                }
            }
            Outcome::Failed(message) => tally.fail(format!("error {status}: {message}")),
            _ => tally.fail(format!("status {status} where {code} was asked for")),
        }
    }
}

/// Whether an `sl-violations` header lists a problem of the request (each entry's `location`
/// starts with `request`), rather than of the answer Prism generated (`response`).
fn about_the_request(header: &str) -> bool {
    match serde_json::from_str::<Value>(header) {
        Ok(Value::Array(entries)) => entries
            .iter()
            .any(|entry| entry["location"][0].as_str() != Some("response")),
        _ => true,
    }
}

/// Builds and sends one request with a `Prefer` header; the status and the decoder's outcome,
/// or `None` when it failed before decoding (counted in `tally`).
async fn call(
    op: &Operation,
    args: &Value,
    prefer: &str,
    transport: &Transport,
    credentials: &Credentials,
    tally: &mut Tally,
) -> Option<(u16, Outcome)> {
    let mut request: Request = match (op.build)(transport.base_url(), args) {
        Ok(request) => request,
        Err(message) => {
            tally.fail(format!("the request could not be built: {message}"));
            tally.failures = MAX_FAILURES;
            return None;
        }
    };
    let value = http::HeaderValue::from_str(prefer).expect("a Prefer value is a header value");
    request.http_mut().headers_mut().insert("prefer", value);
    tally.requests += 1;
    let sent: Result<(http::Response<Vec<u8>>, SentSecrets), _> = if op.security.is_empty() {
        let secrets = request.secrets().clone();
        transport
            .send::<Value>(request, Idempotency::Unsafe)
            .await
            .map(|response| (response, secrets))
    } else {
        transport
            .send_with_credentials::<Value>(request, Idempotency::Unsafe, credentials, op.security)
            .await
    };
    let (response, secrets) = match sent {
        Ok(sent) => sent,
        Err(error) => {
            tally.fail(format!("the request failed: {error}"));
            return None;
        }
    };
    if let Some(found) = response.headers().get(VIOLATIONS) {
        let text = String::from_utf8_lossy(found.as_bytes()).into_owned();
        if about_the_request(&text) {
            tally.violations += 1;
            tally.note("violation", text.chars().take(400).collect());
        } else {
            // Prism generated an answer its own check of the response schema rejects (it then
            // answers 500 with `--errors`): nothing the client sent or decoded is at fault.
            tally.invalid_answers += 1;
            tally.note("invalid answer", text.chars().take(400).collect());
            return None;
        }
    }
    let status = response.status().as_u16();
    Some((status, (op.decode)(response, &secrets)))
}
