//! Security requirements and the override table's `security` entries, on the generated source.

use std::path::{Path, PathBuf};

use codegen::{load, DiagnosticKind, Overrides, Settings};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture() -> load::Spec {
    load::load_file(&root().join("generator/tests/fixtures/security_schemes.yaml"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn overrides(yaml: &str) -> Settings {
    let table: Overrides = serde_yaml::from_str(yaml).expect("an override table");
    Settings {
        overrides: table.for_spec("security_schemes.yaml"),
        ..Settings::default()
    }
}

#[test]
fn an_override_replaces_how_a_scheme_is_sent() {
    let settings = overrides(
        "security_schemes.yaml:\n  security:\n    header_key: { send_as: bearer }\n    digest: { send_as: header, name: X-Digest }\n",
    );
    let output = codegen::generate(&fixture(), &settings).expect("generates");
    assert!(output.source.contains(r#"Scheme::bearer("header_key")"#));
    assert!(!output.source.contains(r#"Scheme::header("header_key""#));
    // An override also makes a scheme the generator cannot send usable.
    assert!(output
        .source
        .contains(r#"Scheme::header("digest", "X-Digest")"#));
    assert!(!output
        .diagnostics
        .iter()
        .any(|d| d.message.contains("`digest`")));
}

#[test]
fn an_override_without_a_name_for_a_header_is_reported() {
    let settings =
        overrides("security_schemes.yaml:\n  security:\n    bearer: { send_as: header }\n");
    let output = codegen::generate(&fixture(), &settings).expect("generates");
    let reported: Vec<&str> = output
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::UnsupportedSecurity)
        .map(|d| d.pointer.as_str())
        .collect();
    // The document's default names `bearer` (once, at `/security`), and so does `getBroken`.
    assert!(reported.contains(&"/security/0"), "{reported:?}");
    assert!(
        reported.contains(&"/paths/~1broken/get/security/3"),
        "{reported:?}"
    );
}

#[test]
fn strict_mode_refuses_an_unsupported_scheme() {
    let settings = Settings {
        strict: true,
        ..Settings::default()
    };
    let error = codegen::generate(&fixture(), &settings).expect_err("strict");
    assert!(
        error.to_string().contains("unsupported-security"),
        "{error}"
    );
}

/// HubSpot's OAuth specs declare schemes but no operation requires one: the token endpoints
/// authenticate with the client secret in the body, so the client sends no credential.
#[test]
fn the_hubspot_specs_send_no_credentials() {
    let table = load::read_overrides(&root().join("specs/overrides.yaml")).expect("the table");
    for spec_file in ["auth-oauth-v3.yaml", "auth-oauth-v1.yaml"] {
        let spec = load::load_file(&root().join("specs").join(spec_file)).expect("loads");
        assert!(spec.openapi.security.is_none(), "{spec_file}");
        let settings = Settings {
            strict: true,
            overrides: table.for_spec(spec_file),
            ..Settings::default()
        };
        let output = codegen::generate(&spec, &settings).expect("generates strictly");
        assert!(
            !output.source.contains("send_with_credentials"),
            "{spec_file}"
        );
        assert_eq!(
            settings.overrides.security["private_apps"].send_as,
            codegen::SendAs::Bearer
        );
    }
}
