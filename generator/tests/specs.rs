//! The checked-in YAML specs are complete transcriptions of HubSpot's JSON and hold every
//! operation and schema the client is built from.

use std::path::{Path, PathBuf};

use codegen::load;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn operations(spec: &openapiv3::OpenAPI) -> Vec<String> {
    let mut ops = Vec::new();
    for (path, item) in &spec.paths.paths {
        let item = item.as_item().expect("inline path item");
        for (method, _) in item.iter() {
            ops.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    ops.sort();
    ops
}

fn schemas(spec: &openapiv3::OpenAPI) -> Vec<String> {
    let mut names: Vec<String> = spec
        .components
        .as_ref()
        .expect("components")
        .schemas
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

#[test]
fn v3_parses_with_its_operations_and_schemas() {
    let spec = load::load_file(&root().join("specs/auth-oauth-v3.yaml"))
        .unwrap()
        .openapi;
    assert_eq!(
        operations(&spec),
        [
            "POST /oauth/v3/token",
            "POST /oauth/v3/token/introspect",
            "POST /oauth/v3/token/revoke"
        ]
    );
    assert_eq!(
        schemas(&spec),
        [
            "AccessTokenResponse",
            "ClientCredentialsTokenResponse",
            "Error",
            "ErrorDetail",
            "PublicAccessTokenInfoResponse",
            "PublicRefreshTokenInfoResponse",
            "SignedAccessToken",
            "TokenInfoResponseBaseIF",
            "TokenResponseIF",
        ]
    );
}

#[test]
fn v1_parses_with_its_operations_and_schemas() {
    let spec = load::load_file(&root().join("specs/auth-oauth-v1.yaml"))
        .unwrap()
        .openapi;
    assert_eq!(
        operations(&spec),
        [
            "DELETE /oauth/v1/refresh-tokens/{token}",
            "GET /oauth/v1/access-tokens/{token}",
            "GET /oauth/v1/refresh-tokens/{token}",
            "POST /oauth/v1/token"
        ]
    );
    assert_eq!(
        schemas(&spec),
        [
            "AccessTokenInfoResponse",
            "AccessTokenResponse",
            "ClientCredentialsTokenResponse",
            "Error",
            "ErrorDetail",
            "RefreshTokenInfoResponse",
            "SignedAccessToken",
            "TokenResponseIF",
        ]
    );
}

/// Nothing dropped: the YAML reads as exactly the same document as HubSpot's JSON (every
/// path, parameter, schema, example, extension and description, `example: null` included).
#[test]
fn yaml_equals_upstream_json() {
    let upstream = root().join("../shared/upstream-specs");
    if !upstream.is_dir() {
        eprintln!("note: {} is absent (a clone outside CI); the comparison with HubSpot's JSON is not run", upstream.display());
        return;
    }
    for version in ["v3", "v1"] {
        let yaml =
            load::read_value(&root().join(format!("specs/auth-oauth-{version}.yaml"))).unwrap();
        let json = load::read_value(&upstream.join(format!("auth-oauth-{version}.json"))).unwrap();
        assert!(
            yaml == json,
            "specs/auth-oauth-{version}.yaml differs from the upstream JSON"
        );
    }
}

/// The Audit Logs spec is HubSpot's JSON in `../shared/spec-samples/`, transcribed to YAML
/// without a change.
#[test]
fn audit_logs_yaml_equals_sample_json() {
    let samples = root().join("../shared/spec-samples");
    if !samples.is_dir() {
        eprintln!("note: {} is absent (a clone outside CI); the comparison with HubSpot's JSON is not run", samples.display());
        return;
    }
    let yaml = load::read_value(&root().join("specs/account-audit-logs-v3.yaml")).unwrap();
    let json =
        load::read_value(&samples.join("Account_Audit_Logs__136890_v3_auditLogs.json")).unwrap();
    assert!(
        yaml == json,
        "specs/account-audit-logs-v3.yaml differs from the sample JSON"
    );
}

#[test]
fn audit_logs_parses_with_its_operations() {
    let spec = load::load_file(&root().join("specs/account-audit-logs-v3.yaml"))
        .unwrap()
        .openapi;
    assert_eq!(
        operations(&spec),
        [
            "GET /account-info/v3/activity/audit-logs",
            "GET /account-info/v3/activity/login",
            "GET /account-info/v3/activity/security",
            "GET /account-info/v3/api-usage/daily",
            "GET /account-info/v3/details",
        ]
    );
}
