//! JSON round trips of every generated type of the v3 and v1 specs: a body decodes, encodes
//! again, and the encoding decodes to an equal value.
//!
//! The introspection, access-token info and error bodies are HubSpot's documentation examples
//! (with the `<string>` placeholders replaced by realistic values); the others are written to
//! the specs.

use std::collections::BTreeSet;
use std::fmt::Debug;

use hubspot_oauth::{v1, v3};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Decodes `body`, encodes the value, decodes the encoding and checks both values are equal.
/// Returns the value and its encoding.
fn round_trip<T>(body: &str) -> (T, String)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let first: T = serde_json::from_str(body)
        .unwrap_or_else(|error| panic!("the body does not decode: {error}\n{body}"));
    let encoded = serde_json::to_string(&first).expect("the value encodes");
    let second: T = serde_json::from_str(&encoded)
        .unwrap_or_else(|error| panic!("the encoding does not decode: {error}\n{encoded}"));
    assert_eq!(first, second, "deserialize(serialize(x)) != x");
    (first, encoded)
}

/// [`round_trip`], and the encoding is the same JSON as `body`.
fn exact_round_trip<T>(body: &str) -> (T, String)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let (value, encoded) = round_trip::<T>(body);
    assert_eq!(json_of(&encoded), json_of(body), "the encoding differs");
    (value, encoded)
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

fn keys(encoded: &str) -> BTreeSet<String> {
    json_of(encoded)
        .as_object()
        .expect("a JSON object")
        .keys()
        .cloned()
        .collect()
}

fn key_set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

/// The encoding names `token_use` exactly once, with the given value.
fn assert_token_use_once(encoded: &str, expected: &str) {
    assert_eq!(
        encoded.matches("\"token_use\"").count(),
        1,
        "token_use appears exactly once in {encoded}"
    );
    assert_eq!(json_of(encoded)["token_use"], expected);
}

/// Adds the same unknown properties to an object.
fn with_unknown_properties(mut body: Value) -> Value {
    let object = body.as_object_mut().expect("a JSON object");
    object.insert("x_future_flag".to_owned(), json!(true));
    object.insert(
        "xFutureObject".to_owned(),
        json!({"nested": [1, 2, {"deep": null}], "note": "added later"}),
    );
    body
}

// ---------------------------------------------------------------------------------------------
// Bodies from HubSpot's documentation
// ---------------------------------------------------------------------------------------------

/// The `signed_access_token` of the documentation examples. The examples leave out
/// `appInstallId` and `audience`, which the specs mark required: they are added here.
fn documented_signed_access_token() -> Value {
    json!({
        "appId": 123,
        "appInstallId": "1a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d",
        "audience": "https://api.hubapi.com",
        "expiresAt": 123,
        "hubId": 123,
        "hublet": "na1",
        "installingUserId": 123,
        "isPrivateDistribution": true,
        "isServiceAccount": true,
        "isUserLevel": true,
        "newSignature": "Ep0BCmYKIGFhYmJjY2RkZWVmZjAwMTEyMjMzNDQ1NTY2Nzc4ODk5",
        "scopeToScopeGroupPks": "[25,-1],[3,3]",
        "scopes": "oauth,crm.objects.contacts.read",
        "signature": "Y2JkZWFiZmUtMWExYi00YzJkLThlM2YtMGE5YjhjN2Q2ZTVm",
        "trialScopeToScopeGroupPks": "[]",
        "trialScopes": "",
        "userId": 123
    })
}

/// The v3 introspection response example (`token_use: access_token`).
fn documented_introspection() -> Value {
    json!({
        "active": true,
        "app_id": 123,
        "client_id": "5fd2a8c6-4a8e-4f2b-9d4e-2c1b7e3f9a10",
        "expires_in": 123,
        "hub_id": 123,
        "is_private_distribution": true,
        "scopes": [
            "oauth"
        ],
        "signed_access_token": documented_signed_access_token(),
        "token": "CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4",
        "token_type": "access",
        "token_use": "access_token",
        "user_id": 123,
        "hub_domain": "demo-account.hubspot.com",
        "user": "dev@example.com"
    })
}

/// The v1 access-token info response example.
fn documented_access_token_info() -> Value {
    json!({
        "app_id": 123,
        "expires_in": 123,
        "hub_id": 123,
        "scopes": [
            "oauth"
        ],
        "token": "CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4",
        "token_type": "access",
        "user_id": 123,
        "hub_domain": "demo-account.hubspot.com",
        "is_private_distribution": true,
        "signed_access_token": documented_signed_access_token(),
        "user": "dev@example.com"
    })
}

/// The `Error` example, as documented.
const DOCUMENTED_ERROR: &str = r#"{
"message": "Invalid input (details will vary based on the error)",
"correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
"category": "VALIDATION_ERROR",
"links": {
"knowledge-base": "https://www.hubspot.com/products/service/knowledge-base"
}
}"#;

// ---------------------------------------------------------------------------------------------
// Bodies written to the specs
// ---------------------------------------------------------------------------------------------

fn access_token_response() -> Value {
    json!({
        "token_use": "access_token",
        "access_token": "CNaKo5mcMhIHAAEAQAAAARiO1ooBIOP0sgEo",
        "refresh_token": "na1-6ad6-62a4-4b7d-8e57-3d5b9c7e1f20",
        "id_token": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI3In0.c2lnbmF0dXJl",
        "expires_in": 1800,
        "token_type": "bearer",
        "hub_id": 62515,
        "user_id": 7,
        "scopes": ["oauth", "crm.objects.contacts.read"]
    })
}

fn client_credentials_response() -> Value {
    json!({
        "token_use": "client_credentials",
        "access_token": "CJe8ndKfMhIDAQEBGLbU4QEgi8uMASj",
        "expires_in": 1799,
        "token_type": "bearer",
        "hub_id": 62515,
        "user_id": 7,
        "id_token": "eyJhbGciOiJSUzI1NiJ9.eyJhcHAiOjF9.c2ln",
        "scopes": ["crm.objects.contacts.read"]
    })
}

fn refresh_token_introspection() -> Value {
    json!({
        "token_use": "refresh_token",
        "active": true,
        "app_id": 456789,
        "client_id": "5fd2a8c6-4a8e-4f2b-9d4e-2c1b7e3f9a10",
        "hub_domain": "demo-account.hubspot.com",
        "hub_id": 62515,
        "scopes": ["oauth", "crm.objects.contacts.read"],
        "token": "na1-6ad6-62a4-4b7d-8e57-3d5b9c7e1f20",
        "token_type": "refresh",
        "user": "dev@example.com",
        "user_id": 7
    })
}

fn v1_refresh_token_info() -> Value {
    json!({
        "client_id": "5fd2a8c6-4a8e-4f2b-9d4e-2c1b7e3f9a10",
        "hub_domain": "demo-account.hubspot.com",
        "hub_id": 62515,
        "scopes": ["oauth", "crm.objects.contacts.read"],
        "token": "na1-6ad6-62a4-4b7d-8e57-3d5b9c7e1f20",
        "token_type": "refresh",
        "user": "dev@example.com",
        "user_id": 7
    })
}

fn error_detail() -> Value {
    json!({
        "message": "is required",
        "in": "refresh_token",
        "code": "REQUIRED",
        "subCategory": "OAUTH.MISSING_PARAMETER",
        "context": {"missingParameters": ["refresh_token"]}
    })
}

fn full_error() -> Value {
    json!({
        "category": "VALIDATION_ERROR",
        "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
        "message": "missing or invalid refresh token",
        "subCategory": "OAUTH.INVALID_GRANT",
        "context": {
            "invalidPropertyName": ["propertyValue"],
            "missingScopes": ["scope1", "scope2"]
        },
        "links": {"knowledge-base": "https://www.hubspot.com/products/service/knowledge-base"},
        "errors": [error_detail(), {"message": "second detail"}]
    })
}

// ---------------------------------------------------------------------------------------------
// v3: responses
// ---------------------------------------------------------------------------------------------

#[test]
fn v3_documented_introspection_round_trips_as_access_token_info() {
    let body = documented_introspection().to_string();
    let (value, encoded) = exact_round_trip::<v3::TokenInfoResponseBaseIf>(&body);
    assert_token_use_once(&encoded, "access_token");
    match value {
        v3::TokenInfoResponseBaseIf::AccessToken(info) => {
            assert!(info.active);
            assert_eq!(info.app_id, 123);
            assert_eq!(info.scopes, ["oauth"]);
            assert_eq!(info.hub_domain.as_deref(), Some("demo-account.hubspot.com"));
            assert_eq!(info.user.as_deref(), Some("dev@example.com"));
            let signed = &info.signed_access_token;
            assert_eq!(
                signed.app_install_id.as_deref(),
                Some("1a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d")
            );
            assert_eq!(signed.audience.as_deref(), Some("https://api.hubapi.com"));
            assert_eq!(signed.hublet, "na1");
            assert_eq!(signed.scope_to_scope_group_pks, "[25,-1],[3,3]");
            assert!(signed.is_user_level);
        }
        other => panic!("expected the access_token variant, got {other:?}"),
    }
}

#[test]
fn v3_public_access_token_info_response_round_trips_without_token_use() {
    let mut body = documented_introspection();
    body.as_object_mut().expect("an object").remove("token_use");
    let (info, encoded) = exact_round_trip::<v3::PublicAccessTokenInfoResponse>(&body.to_string());
    assert!(!encoded.contains("token_use"));
    assert_eq!(info.token_type, "access");
    assert_eq!(info.signed_access_token.expires_at, 123);
}

#[test]
fn v3_refresh_token_introspection_round_trips() {
    let body = refresh_token_introspection().to_string();
    let (value, encoded) = exact_round_trip::<v3::TokenInfoResponseBaseIf>(&body);
    assert_token_use_once(&encoded, "refresh_token");
    match value {
        v3::TokenInfoResponseBaseIf::RefreshToken(info) => {
            assert!(info.active);
            assert_eq!(info.app_id, 456789);
            assert_eq!(info.token_type, "refresh");
            assert_eq!(info.user_id, 7);
        }
        other => panic!("expected the refresh_token variant, got {other:?}"),
    }

    let mut bare = refresh_token_introspection();
    bare.as_object_mut().expect("an object").remove("token_use");
    let (info, encoded) = exact_round_trip::<v3::PublicRefreshTokenInfoResponse>(&bare.to_string());
    assert!(!encoded.contains("token_use"));
    assert_eq!(info.hub_id, 62515);
}

#[test]
fn v3_signed_access_token_round_trips() {
    let body = documented_signed_access_token().to_string();
    let (signed, encoded) = exact_round_trip::<v3::SignedAccessToken>(&body);
    assert_eq!(signed.app_id, 123);
    assert!(signed.is_private_distribution && signed.is_service_account);
    assert_eq!(signed.trial_scopes, "");
    assert!(encoded.contains("\"trialScopeToScopeGroupPks\""));
    assert!(!encoded.contains("trial_scope"), "camelCase names are kept");
}

#[test]
fn v3_token_response_access_token_round_trips() {
    let body = access_token_response().to_string();
    let (value, encoded) = exact_round_trip::<v3::TokenResponseIf>(&body);
    assert_token_use_once(&encoded, "access_token");
    let token = match value {
        v3::TokenResponseIf::AccessToken(token) => token,
        other => panic!("expected the access_token variant, got {other:?}"),
    };
    assert_eq!(token.expires_in, 1800);
    assert_eq!(token.refresh_token, "na1-6ad6-62a4-4b7d-8e57-3d5b9c7e1f20");

    let (bare, encoded) = exact_round_trip::<v3::AccessTokenResponse>(
        &serde_json::to_string(&token).expect("encodes"),
    );
    assert_eq!(bare, token);
    assert!(
        !encoded.contains("token_use"),
        "the struct alone has no tag"
    );
}

#[test]
fn v3_token_response_client_credentials_round_trips() {
    let body = client_credentials_response().to_string();
    let (value, encoded) = exact_round_trip::<v3::TokenResponseIf>(&body);
    assert_token_use_once(&encoded, "client_credentials");
    let token = match value {
        v3::TokenResponseIf::ClientCredentials(token) => token,
        other => panic!("expected the client_credentials variant, got {other:?}"),
    };
    assert_eq!(token.expires_in, 1799);
    assert_eq!(
        token.scopes,
        Some(vec!["crm.objects.contacts.read".to_owned()])
    );

    let (bare, encoded) = exact_round_trip::<v3::ClientCredentialsTokenResponse>(
        &serde_json::to_string(&token).expect("encodes"),
    );
    assert_eq!(bare, token);
    assert!(!encoded.contains("token_use"));
}

#[test]
fn v3_token_response_with_an_unknown_token_use_round_trips_unrecognized() {
    let body = json!({
        "token_use": "future_kind",
        "access_token": "CNaKo5mcMhIHAAEAQAAAARiO1ooBIOP0sgEo",
        "expires_in": 60,
        "token_type": "bearer"
    });
    let (value, encoded) = exact_round_trip::<v3::TokenResponseIf>(&body.to_string());
    assert_token_use_once(&encoded, "future_kind");
    assert_eq!(value, v3::TokenResponseIf::Unrecognized(body.clone()));

    let (value, encoded) = exact_round_trip::<v3::TokenInfoResponseBaseIf>(&body.to_string());
    assert_token_use_once(&encoded, "future_kind");
    assert_eq!(value, v3::TokenInfoResponseBaseIf::Unrecognized(body));
}

#[test]
fn v3_a_tag_of_the_other_union_is_unrecognized() {
    let body = refresh_token_introspection().to_string();
    let (value, encoded) = exact_round_trip::<v3::TokenResponseIf>(&body);
    assert!(matches!(value, v3::TokenResponseIf::Unrecognized(_)));
    assert_token_use_once(&encoded, "refresh_token");
}

#[test]
fn v3_documented_error_round_trips() {
    let (error, encoded) = exact_round_trip::<v3::Error>(DOCUMENTED_ERROR);
    assert_eq!(error.category, "VALIDATION_ERROR");
    assert_eq!(error.correlation_id, "aeb5f871-7f07-4993-9211-075dc63e7cbf");
    assert_eq!(
        error.message,
        "Invalid input (details will vary based on the error)"
    );
    assert_eq!(
        error
            .links
            .as_ref()
            .and_then(|links| links.get("knowledge-base"))
            .map(String::as_str),
        Some("https://www.hubspot.com/products/service/knowledge-base")
    );
    assert_eq!(error.context, None);
    assert_eq!(error.errors, None);
    assert_eq!(error.sub_category, None);
    assert_eq!(
        keys(&encoded),
        key_set(&["category", "correlationId", "links", "message"])
    );
}

#[test]
fn v3_full_error_and_error_detail_round_trip() {
    let (error, encoded) = exact_round_trip::<v3::Error>(&full_error().to_string());
    assert!(encoded.contains("\"subCategory\":\"OAUTH.INVALID_GRANT\""));
    assert_eq!(
        error
            .context
            .as_ref()
            .and_then(|context| context.get("missingScopes")),
        Some(&vec!["scope1".to_owned(), "scope2".to_owned()])
    );
    let details = error.errors.expect("errors were sent");
    assert_eq!(details.len(), 2);
    assert_eq!(details[0].r#in.as_deref(), Some("refresh_token"));
    assert_eq!(details[1].message, "second detail");

    let (detail, encoded) = exact_round_trip::<v3::ErrorDetail>(&error_detail().to_string());
    assert_eq!(detail.r#in.as_deref(), Some("refresh_token"));
    assert_eq!(detail.code.as_deref(), Some("REQUIRED"));
    assert_eq!(
        detail.sub_category.as_deref(),
        Some("OAUTH.MISSING_PARAMETER")
    );
    assert!(
        encoded.contains("\"in\":\"refresh_token\""),
        "`in`, not `r#in`"
    );
    assert!(!encoded.contains("r#in"));
}

// ---------------------------------------------------------------------------------------------
// v3: requests
// ---------------------------------------------------------------------------------------------

#[test]
fn v3_create_token_request_round_trips_as_json_and_form() {
    let body = json!({
        "client_assertion": "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhcHAifQ.c2ln",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_id": "5fd2a8c6-4a8e-4f2b-9d4e-2c1b7e3f9a10",
        "client_secret": "7c3e1a2b-9d8f-4e6a-b5c4-d3e2f1a0b9c8",
        "code": "na1-0f1e-2d3c-4b5a-6978-8a9b0c1d2e3f",
        "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        "grant_type": "authorization_code",
        "redirect_uri": "https://app.example.com/oauth/callback?from=hubspot",
        "refresh_token": "na1-6ad6-62a4-4b7d-8e57-3d5b9c7e1f20",
        "scope": "oauth crm.objects.contacts.read"
    });
    let (request, _) = exact_round_trip::<v3::CreateTokenRequest>(&body.to_string());
    assert_eq!(
        request.grant_type,
        Some(v3::CreateTokenRequestGrantType::AuthorizationCode)
    );

    let form = serde_urlencoded::to_string(&request).expect("form-encodes");
    let decoded: v3::CreateTokenRequest = serde_urlencoded::from_str(&form).expect("form-decodes");
    assert_eq!(decoded, request);
    assert!(form.contains("grant_type=authorization_code"));

    let (empty, encoded) = exact_round_trip::<v3::CreateTokenRequest>("{}");
    assert_eq!(empty, v3::CreateTokenRequest::default());
    assert_eq!(encoded, "{}");
    assert_eq!(
        serde_urlencoded::to_string(&empty).expect("form-encodes"),
        ""
    );
}

#[test]
fn v3_introspect_and_revoke_requests_round_trip() {
    let body = json!({
        "client_id": "5fd2a8c6-4a8e-4f2b-9d4e-2c1b7e3f9a10",
        "client_secret": "7c3e1a2b-9d8f-4e6a-b5c4-d3e2f1a0b9c8",
        "token": "na1-6ad6-62a4-4b7d-8e57-3d5b9c7e1f20",
        "token_type_hint": "refresh_token"
    });
    let (introspect, _) = exact_round_trip::<v3::IntrospectTokenRequest>(&body.to_string());
    assert_eq!(introspect.token_type_hint.as_deref(), Some("refresh_token"));
    let form = serde_urlencoded::to_string(&introspect).expect("form-encodes");
    assert_eq!(
        serde_urlencoded::from_str::<v3::IntrospectTokenRequest>(&form).expect("form-decodes"),
        introspect
    );

    let (revoke, _) = exact_round_trip::<v3::RevokeTokenRequest>(&body.to_string());
    assert_eq!(
        revoke.token.as_deref(),
        Some("na1-6ad6-62a4-4b7d-8e57-3d5b9c7e1f20")
    );
    let form = serde_urlencoded::to_string(&revoke).expect("form-encodes");
    assert_eq!(
        serde_urlencoded::from_str::<v3::RevokeTokenRequest>(&form).expect("form-decodes"),
        revoke
    );

    let (value, encoded) = exact_round_trip::<v3::IntrospectTokenRequest>("{}");
    assert_eq!(value, v3::IntrospectTokenRequest::default());
    assert_eq!(encoded, "{}");
    let (value, encoded) = exact_round_trip::<v3::RevokeTokenRequest>("{}");
    assert_eq!(value, v3::RevokeTokenRequest::default());
    assert_eq!(encoded, "{}");
}

#[test]
fn v3_grant_types_round_trip_including_unknown_values() {
    for (wire, known) in [
        (
            "authorization_code",
            v3::CreateTokenRequestGrantType::AuthorizationCode,
        ),
        (
            "client_credentials",
            v3::CreateTokenRequestGrantType::ClientCredentials,
        ),
        (
            "refresh_token",
            v3::CreateTokenRequestGrantType::RefreshToken,
        ),
    ] {
        let (value, encoded) =
            exact_round_trip::<v3::CreateTokenRequestGrantType>(&format!("\"{wire}\""));
        assert_eq!(value, known);
        assert_eq!(encoded, format!("\"{wire}\""));
        assert_eq!(value.as_str(), wire);
        assert_eq!(value.to_string(), wire);
    }

    let (value, encoded) = exact_round_trip::<v3::CreateTokenRequestGrantType>("\"device_code\"");
    assert_eq!(
        value,
        v3::CreateTokenRequestGrantType::Unrecognized("device_code".to_owned())
    );
    assert_eq!(encoded, "\"device_code\"");
    assert_eq!(value.as_str(), "device_code");

    let request: v3::CreateTokenRequest =
        serde_urlencoded::from_str("grant_type=device_code").expect("form-decodes");
    assert_eq!(request.grant_type, Some(value));
    assert_eq!(
        serde_urlencoded::to_string(&request).expect("form-encodes"),
        "grant_type=device_code"
    );
}

// ---------------------------------------------------------------------------------------------
// v1: responses
// ---------------------------------------------------------------------------------------------

#[test]
fn v1_documented_access_token_info_round_trips() {
    let body = documented_access_token_info().to_string();
    let (info, _) = exact_round_trip::<v1::AccessTokenInfoResponse>(&body);
    assert_eq!(info.app_id, 123);
    assert_eq!(info.expires_in, 123);
    assert_eq!(info.token_type, "access");
    assert_eq!(info.is_private_distribution, Some(true));
    assert_eq!(info.user.as_deref(), Some("dev@example.com"));
    let signed = info
        .signed_access_token
        .expect("signed_access_token was sent");
    assert_eq!(signed.user_id, 123);
    assert_eq!(signed.scopes, "oauth,crm.objects.contacts.read");

    let (signed, _) =
        exact_round_trip::<v1::SignedAccessToken>(&documented_signed_access_token().to_string());
    assert_eq!(signed.hub_id, 123);
}

#[test]
fn v1_refresh_token_info_round_trips() {
    let (info, _) =
        exact_round_trip::<v1::RefreshTokenInfoResponse>(&v1_refresh_token_info().to_string());
    assert_eq!(info.client_id, "5fd2a8c6-4a8e-4f2b-9d4e-2c1b7e3f9a10");
    assert_eq!(info.hub_domain.as_deref(), Some("demo-account.hubspot.com"));
    assert_eq!(info.token_type, "refresh");
}

#[test]
fn v1_token_responses_round_trip_with_token_use_once() {
    let (value, encoded) =
        exact_round_trip::<v1::TokenResponseIf>(&access_token_response().to_string());
    assert_token_use_once(&encoded, "access_token");
    let token = match value {
        v1::TokenResponseIf::AccessToken(token) => token,
        other => panic!("expected the access_token variant, got {other:?}"),
    };
    assert_eq!(token.user_id, Some(7));
    let (bare, encoded) = exact_round_trip::<v1::AccessTokenResponse>(
        &serde_json::to_string(&token).expect("encodes"),
    );
    assert_eq!(bare, token);
    assert!(!encoded.contains("token_use"));

    let (value, encoded) =
        exact_round_trip::<v1::TokenResponseIf>(&client_credentials_response().to_string());
    assert_token_use_once(&encoded, "client_credentials");
    let token = match value {
        v1::TokenResponseIf::ClientCredentials(token) => token,
        other => panic!("expected the client_credentials variant, got {other:?}"),
    };
    assert_eq!(token.hub_id, Some(62515));
    let (bare, _) = exact_round_trip::<v1::ClientCredentialsTokenResponse>(
        &serde_json::to_string(&token).expect("encodes"),
    );
    assert_eq!(bare, token);

    let unknown = json!({"token_use": "future_kind", "expires_in": 5});
    let (value, encoded) = exact_round_trip::<v1::TokenResponseIf>(&unknown.to_string());
    assert_eq!(value, v1::TokenResponseIf::Unrecognized(unknown));
    assert_token_use_once(&encoded, "future_kind");
}

#[test]
fn v1_errors_round_trip() {
    let (error, _) = exact_round_trip::<v1::Error>(DOCUMENTED_ERROR);
    assert_eq!(error.category, "VALIDATION_ERROR");
    let (error, _) = exact_round_trip::<v1::Error>(&full_error().to_string());
    assert_eq!(error.sub_category.as_deref(), Some("OAUTH.INVALID_GRANT"));
    let (detail, encoded) = exact_round_trip::<v1::ErrorDetail>(&error_detail().to_string());
    assert_eq!(detail.r#in.as_deref(), Some("refresh_token"));
    assert!(encoded.contains("\"in\":\"refresh_token\""));
}

// ---------------------------------------------------------------------------------------------
// v1: requests
// ---------------------------------------------------------------------------------------------

#[test]
fn v1_create_token_request_and_params_round_trip() {
    let body = json!({
        "client_id": "5fd2a8c6-4a8e-4f2b-9d4e-2c1b7e3f9a10",
        "client_secret": "7c3e1a2b-9d8f-4e6a-b5c4-d3e2f1a0b9c8",
        "code": "na1-0f1e-2d3c-4b5a-6978-8a9b0c1d2e3f",
        "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        "grant_type": "refresh_token",
        "redirect_uri": "https://app.example.com/oauth/callback",
        "refresh_token": "na1-6ad6-62a4-4b7d-8e57-3d5b9c7e1f20",
        "scope": "oauth"
    });
    let (request, _) = exact_round_trip::<v1::CreateTokenRequest>(&body.to_string());
    assert_eq!(
        request.grant_type,
        Some(v1::CreateTokenRequestGrantType::RefreshToken)
    );
    let form = serde_urlencoded::to_string(&request).expect("form-encodes");
    assert_eq!(
        serde_urlencoded::from_str::<v1::CreateTokenRequest>(&form).expect("form-decodes"),
        request
    );

    let params = json!({
        "client_secret": "7c3e1a2b-9d8f-4e6a-b5c4-d3e2f1a0b9c8",
        "refresh_token": "na1-6ad6-62a4-4b7d-8e57-3d5b9c7e1f20"
    });
    let (params, _) = exact_round_trip::<v1::CreateTokenParams>(&params.to_string());
    assert_eq!(
        params.client_secret.as_deref(),
        Some("7c3e1a2b-9d8f-4e6a-b5c4-d3e2f1a0b9c8")
    );

    let (empty, encoded) = exact_round_trip::<v1::CreateTokenParams>("{}");
    assert_eq!(empty, v1::CreateTokenParams::default());
    assert_eq!(encoded, "{}");
    let (empty, encoded) = exact_round_trip::<v1::CreateTokenRequest>("{}");
    assert_eq!(empty, v1::CreateTokenRequest::default());
    assert_eq!(encoded, "{}");
}

#[test]
fn v1_grant_types_round_trip_including_unknown_values() {
    for wire in ["authorization_code", "client_credentials", "refresh_token"] {
        let (value, encoded) =
            exact_round_trip::<v1::CreateTokenRequestGrantType>(&format!("\"{wire}\""));
        assert!(!matches!(
            value,
            v1::CreateTokenRequestGrantType::Unrecognized(_)
        ));
        assert_eq!(value.as_str(), wire);
        assert_eq!(encoded, format!("\"{wire}\""));
    }
    let (value, encoded) = exact_round_trip::<v1::CreateTokenRequestGrantType>("\"device_code\"");
    assert_eq!(
        value,
        v1::CreateTokenRequestGrantType::Unrecognized("device_code".to_owned())
    );
    assert_eq!(encoded, "\"device_code\"");
}

// ---------------------------------------------------------------------------------------------
// Optional fields, unknown properties, non-UUID correlation ids
// ---------------------------------------------------------------------------------------------

#[test]
fn optional_fields_that_are_none_are_absent_from_the_encoding() {
    let minimal = json!({
        "token_use": "access_token",
        "access_token": "CNaKo5mcMhIHAAEAQAAAARiO1ooBIOP0sgEo",
        "refresh_token": "na1-6ad6-62a4-4b7d-8e57-3d5b9c7e1f20",
        "expires_in": 1800,
        "token_type": "bearer"
    });
    let (value, encoded) = exact_round_trip::<v3::TokenResponseIf>(&minimal.to_string());
    match &value {
        v3::TokenResponseIf::AccessToken(token) => {
            assert_eq!(token.hub_id, None);
            assert_eq!(token.id_token, None);
            assert_eq!(token.scopes, None);
            assert_eq!(token.user_id, None);
        }
        other => panic!("expected the access_token variant, got {other:?}"),
    }
    assert_eq!(
        keys(&encoded),
        key_set(&[
            "token_use",
            "access_token",
            "refresh_token",
            "expires_in",
            "token_type"
        ])
    );
    let (_, encoded) = exact_round_trip::<v1::TokenResponseIf>(&minimal.to_string());
    assert!(!encoded.contains("null"));

    let minimal = json!({
        "token_use": "client_credentials",
        "access_token": "CJe8ndKfMhIDAQEBGLbU4QEgi8uMASj",
        "expires_in": 1799,
        "token_type": "bearer"
    });
    let (_, encoded) = exact_round_trip::<v3::TokenResponseIf>(&minimal.to_string());
    assert_eq!(
        keys(&encoded),
        key_set(&["token_use", "access_token", "expires_in", "token_type"])
    );

    let mut introspection = documented_introspection();
    let object = introspection.as_object_mut().expect("an object");
    object.remove("hub_domain");
    object.remove("user");
    let (_, encoded) = exact_round_trip::<v3::TokenInfoResponseBaseIf>(&introspection.to_string());
    assert!(!keys(&encoded).contains("hub_domain") && !keys(&encoded).contains("user"));

    let mut refresh = refresh_token_introspection();
    let object = refresh.as_object_mut().expect("an object");
    object.remove("hub_domain");
    object.remove("user");
    let (_, encoded) = exact_round_trip::<v3::TokenInfoResponseBaseIf>(&refresh.to_string());
    assert!(!encoded.contains("hub_domain") && !encoded.contains("\"user\""));

    let info = json!({
        "app_id": 1, "expires_in": 60, "hub_id": 2, "scopes": [],
        "token": "CJSP5qf1KhICAQEY", "token_type": "access", "user_id": 3
    });
    let (info, encoded) = exact_round_trip::<v1::AccessTokenInfoResponse>(&info.to_string());
    assert_eq!(info.signed_access_token, None);
    assert_eq!(info.is_private_distribution, None);
    assert_eq!(
        keys(&encoded),
        key_set(&[
            "app_id",
            "expires_in",
            "hub_id",
            "scopes",
            "token",
            "token_type",
            "user_id"
        ])
    );

    let mut refresh = v1_refresh_token_info();
    let object = refresh.as_object_mut().expect("an object");
    object.remove("hub_domain");
    object.remove("user");
    let (_, encoded) = exact_round_trip::<v1::RefreshTokenInfoResponse>(&refresh.to_string());
    assert!(!encoded.contains("hub_domain") && !encoded.contains("\"user\""));

    let (_, encoded) = exact_round_trip::<v3::ErrorDetail>(r#"{"message":"only this"}"#);
    assert_eq!(encoded, r#"{"message":"only this"}"#);
    let (_, encoded) = exact_round_trip::<v1::ErrorDetail>(r#"{"message":"only this"}"#);
    assert_eq!(encoded, r#"{"message":"only this"}"#);
    let required = r#"{"category":"C","correlationId":"id","message":"m"}"#;
    let (_, encoded) = exact_round_trip::<v3::Error>(required);
    assert_eq!(
        keys(&encoded),
        key_set(&["category", "correlationId", "message"])
    );
    let (_, encoded) = exact_round_trip::<v1::Error>(required);
    assert_eq!(
        keys(&encoded),
        key_set(&["category", "correlationId", "message"])
    );

    let request = v3::CreateTokenRequest {
        grant_type: Some(v3::CreateTokenRequestGrantType::RefreshToken),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&request).expect("encodes"),
        r#"{"grant_type":"refresh_token"}"#
    );
}

#[test]
fn bodies_with_unknown_properties_still_decode() {
    fn ignores_extras<T>(body: Value)
    where
        T: Serialize + DeserializeOwned + PartialEq + Debug,
    {
        let plain: T = serde_json::from_value(body.clone()).expect("the plain body decodes");
        let (extended, encoded) =
            round_trip::<T>(&with_unknown_properties(body.clone()).to_string());
        assert_eq!(extended, plain, "unknown properties change nothing");
        assert!(!encoded.contains("x_future_flag") && !encoded.contains("xFutureObject"));
    }

    ignores_extras::<v3::TokenResponseIf>(access_token_response());
    ignores_extras::<v3::TokenResponseIf>(client_credentials_response());
    ignores_extras::<v3::AccessTokenResponse>(access_token_response());
    ignores_extras::<v3::ClientCredentialsTokenResponse>(client_credentials_response());
    ignores_extras::<v3::TokenInfoResponseBaseIf>(documented_introspection());
    ignores_extras::<v3::TokenInfoResponseBaseIf>(refresh_token_introspection());
    ignores_extras::<v3::PublicAccessTokenInfoResponse>(documented_introspection());
    ignores_extras::<v3::PublicRefreshTokenInfoResponse>(refresh_token_introspection());
    ignores_extras::<v3::SignedAccessToken>(documented_signed_access_token());
    ignores_extras::<v3::Error>(full_error());
    ignores_extras::<v3::ErrorDetail>(error_detail());
    ignores_extras::<v1::TokenResponseIf>(access_token_response());
    ignores_extras::<v1::TokenResponseIf>(client_credentials_response());
    ignores_extras::<v1::AccessTokenInfoResponse>(documented_access_token_info());
    ignores_extras::<v1::RefreshTokenInfoResponse>(v1_refresh_token_info());
    ignores_extras::<v1::SignedAccessToken>(documented_signed_access_token());
    ignores_extras::<v1::Error>(full_error());
    ignores_extras::<v1::ErrorDetail>(error_detail());

    let mut nested = documented_introspection();
    nested["signed_access_token"] = with_unknown_properties(nested["signed_access_token"].clone());
    let value: v3::TokenInfoResponseBaseIf =
        serde_json::from_value(nested).expect("nested unknown properties decode");
    assert!(
        matches!(value, v3::TokenInfoResponseBaseIf::AccessToken(_)),
        "still the typed variant, not Unrecognized: {value:?}"
    );

    let mut error = full_error();
    error["errors"][0] = with_unknown_properties(error["errors"][0].clone());
    let (error, _) = round_trip::<v3::Error>(&error.to_string());
    assert_eq!(
        error.errors.as_ref().map(|details| details[0].clone()),
        Some(serde_json::from_value(error_detail()).expect("decodes"))
    );
}

#[test]
fn a_correlation_id_that_is_not_a_uuid_still_decodes() {
    for id in ["not-a-uuid", "", "12345", "AEB5F871 7F07 4993"] {
        let body = json!({"category": "RATE_LIMITS", "correlationId": id, "message": "slow down"})
            .to_string();
        let (error, _) = exact_round_trip::<v3::Error>(&body);
        assert_eq!(error.correlation_id, id);
        let (error, _) = exact_round_trip::<v1::Error>(&body);
        assert_eq!(error.correlation_id, id);
    }
}

// ---------------------------------------------------------------------------------------------
// The documentation examples as published
// ---------------------------------------------------------------------------------------------

/// The published examples lack `appInstallId` and `audience`, which the specs mark required;
/// the override table makes them optional, so such bodies decode into the typed variants.
#[test]
fn the_published_examples_without_app_install_id_and_audience_decode_typed() {
    let mut published = documented_introspection();
    let signed = published["signed_access_token"]
        .as_object_mut()
        .expect("an object");
    signed.remove("appInstallId");
    signed.remove("audience");
    let (value, encoded) = exact_round_trip::<v3::TokenInfoResponseBaseIf>(&published.to_string());
    match value {
        v3::TokenInfoResponseBaseIf::AccessToken(info) => {
            assert_eq!(info.signed_access_token.app_install_id, None);
            assert_eq!(info.signed_access_token.audience, None);
        }
        other => panic!("expected the access-token variant, got {other:?}"),
    }
    assert_token_use_once(&encoded, "access_token");
    assert!(!encoded.contains("appInstallId") && !encoded.contains("audience"));

    let mut info = documented_access_token_info();
    let signed = info["signed_access_token"]
        .as_object_mut()
        .expect("an object");
    signed.remove("appInstallId");
    signed.remove("audience");
    let decoded: v1::AccessTokenInfoResponse =
        serde_json::from_value(info).expect("the documented v1 body decodes");
    let signed = decoded
        .signed_access_token
        .expect("the example has a signed_access_token");
    assert_eq!(signed.app_install_id, None);
    assert_eq!(signed.audience, None);
}

/// The tag-first decoder of each tagged union gives exactly what `Deserialize` gives, for
/// every kind of body: each variant, an unknown tag, a missing tag, a known tag whose fields do
/// not fit, a tag that is not a string, values that are not objects, malformed JSON.
#[test]
fn tag_first_decoding_matches_deserialize() {
    macro_rules! same {
        ($union:ty, $body:expr) => {{
            let body: &str = $body;
            let derived = serde_json::from_str::<$union>(body);
            let fast = <$union>::from_json_slice(body.as_bytes());
            match (derived, fast) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{body}"),
                (Err(_), Err(_)) => {}
                (a, b) => panic!("{body}: Deserialize gave {a:?}, the tag-first decoder {b:?}"),
            }
        }};
    }

    let token = r#"{"token_use":"access_token","access_token":"a","expires_in":1,"refresh_token":"r","token_type":"bearer"}"#;
    let client = r#"{"expires_in":1,"token_use":"client_credentials","access_token":"a","token_type":"bearer","scopes":["x"]}"#;
    let bodies = [
        token,
        client,
        r#"{"token_use":"device","access_token":"a"}"#,
        r#"{"access_token":"a","expires_in":1}"#,
        r#"{"token_use":"access_token","access_token":"a"}"#,
        r#"{"token_use":7,"access_token":"a"}"#,
        r#"[1,2]"#,
        r#""text""#,
        r#"null"#,
        r#"{"token_use":"access_token""#,
        r#"{} trailing"#,
    ];
    for body in bodies {
        same!(v3::TokenResponseIf, body);
        same!(v1::TokenResponseIf, body);
    }
    let introspection = documented_introspection().to_string();
    let refresh = r#"{"token_use":"refresh_token","active":true,"app_id":1,"client_id":"c","hub_id":2,"scopes":[],"token":"t","token_type":"refresh","user_id":3}"#;
    for body in [
        introspection.as_str(),
        refresh,
        r#"{"token_use":"refresh_token"}"#,
    ] {
        same!(v3::TokenInfoResponseBaseIf, body);
    }
}

/// The one documented difference: a tag written twice (which JSON objects should not do)
/// selects by its first occurrence, where `Deserialize` keeps the body as `Unrecognized`.
#[test]
fn tag_first_decoding_reads_the_first_of_two_tags() {
    let body = r#"{"token_use":"access_token","token_use":"client_credentials","access_token":"a","expires_in":1,"refresh_token":"r","token_type":"b"}"#;
    let fast = v3::TokenResponseIf::from_json_slice(body.as_bytes()).expect("valid JSON");
    assert!(
        matches!(fast, v3::TokenResponseIf::AccessToken(_)),
        "{fast:?}"
    );
    let derived: v3::TokenResponseIf = serde_json::from_str(body).expect("valid JSON");
    assert!(
        matches!(derived, v3::TokenResponseIf::Unrecognized(_)),
        "{derived:?}"
    );
}
