//! Unreadable input is an error naming the file and the location; a problem inside a readable
//! spec is a diagnostic naming the JSON pointer, and `strict` turns diagnostics into errors.

use std::path::Path;

use codegen::load::{self, Format, Location};
use codegen::{DiagnosticKind, Settings};

fn parse_error(text: &str, format: Format) -> load::LoadError {
    match load::parse(text, format, Path::new("spec.in")) {
        Ok(_) => panic!("{text:?} parsed"),
        Err(e) => e,
    }
}

#[test]
fn bad_yaml_names_the_line_and_column() {
    let e = parse_error("openapi: 3.0.0\ninfo: [unclosed\n", Format::Yaml);
    assert!(
        matches!(
            e.location,
            Location::Text { line: 3, .. } | Location::Text { line: 2, .. }
        ),
        "{e:?}"
    );
    assert!(e.to_string().starts_with("spec.in:"), "{e}");
}

#[test]
fn bad_json_names_the_line_and_column() {
    let e = parse_error(
        "{\n  \"openapi\": \"3.0.0\",\n  \"info\": {,\n}",
        Format::Json,
    );
    assert!(
        matches!(
            e.location,
            Location::Text {
                line: 3,
                column: 12,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "spec.in:3:12 (at /info): key must be a string"
    );
}

#[test]
fn missing_openapi_field() {
    let e = parse_error(
        "info: { title: t, version: '1' }\npaths: {}\n",
        Format::Yaml,
    );
    assert_eq!(e.location, Location::Pointer(String::new()));
    assert!(e.to_string().contains("no `openapi` field"), "{e}");
}

#[test]
fn not_an_object() {
    let e = parse_error("- a\n- b\n", Format::Yaml);
    assert!(e.to_string().contains("not an object"), "{e}");
}

#[test]
fn unsupported_version() {
    let e = parse_error(
        "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\n",
        Format::Yaml,
    );
    assert_eq!(e.location, Location::Pointer("/openapi".into()));
    assert!(e.to_string().contains("3.0.x"), "{e}");
}

#[test]
fn wrong_type_names_the_json_pointer() {
    let text = "openapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 7\n";
    let e = parse_error(text, Format::Yaml);
    // openapiv3 flattens the path map, so serde can follow the path only to `/paths`; the
    // line and the message name the rest.
    match &e.location {
        Location::Text {
            line,
            pointer: Some(pointer),
            ..
        } => {
            assert_eq!(*line, 6, "{e}");
            assert_eq!(pointer, "/paths", "{e}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        e.to_string()
            .contains("invalid type: integer `7`, expected struct Responses"),
        "{e}"
    );
    let json = r#"{"openapi": "3.0.0", "info": {"title": 5, "version": "1"}, "paths": {}}"#;
    let e = parse_error(json, Format::Json);
    assert!(
        matches!(&e.location, Location::Text { pointer: Some(p), .. } if p == "/info/title"),
        "{e:?}"
    );
}

#[test]
fn missing_file() {
    let e = load::load_file(Path::new("does/not/exist.yaml")).unwrap_err();
    assert_eq!(e.location, Location::File);
    assert!(
        e.to_string()
            .starts_with("does/not/exist.yaml: cannot read the file"),
        "{e}"
    );
}

#[test]
fn problems_inside_a_readable_spec_are_diagnostics() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fallbacks.yaml");
    let spec = load::load_file(&path).unwrap();
    let output =
        codegen::generate(&spec, &Settings::default()).expect("fallbacks keep generation going");
    let has = |kind: DiagnosticKind, pointer: &str| {
        output
            .diagnostics
            .iter()
            .any(|d| d.kind == kind && d.pointer == pointer)
    };
    assert!(
        has(
            DiagnosticKind::DanglingRef,
            "/components/schemas/Holder/properties/gone"
        ),
        "{:#?}",
        output.diagnostics
    );
    assert!(has(
        DiagnosticKind::UnsupportedRef,
        "/components/schemas/Holder/properties/remote"
    ));
    assert!(has(
        DiagnosticKind::UnsupportedSchema,
        "/components/schemas/Negated"
    ));
    assert!(has(
        DiagnosticKind::UnsupportedSchema,
        "/components/schemas/Mixed/allOf/0"
    ));
    assert!(has(
        DiagnosticKind::IgnoredDefault,
        "/components/schemas/Holder/properties/count"
    ));
    assert!(has(
        DiagnosticKind::PathParam,
        "/paths/~1items~1{itemId}/get"
    ));
    assert!(has(
        DiagnosticKind::PathParam,
        "/paths/~1items~1{itemId}/get/parameters/0"
    ));
    assert!(has(
        DiagnosticKind::UnsupportedParam,
        "/paths/~1items~1{itemId}/get/parameters/1"
    ));
    assert!(has(
        DiagnosticKind::DanglingRef,
        "/paths/~1items~1{itemId}/get/responses/200/content/application~1json/schema"
    ));

    let strict = Settings {
        strict: true,
        ..Settings::default()
    };
    match codegen::generate(&spec, &strict) {
        Err(codegen::Error::Strict(diagnostics)) => assert_eq!(diagnostics, output.diagnostics),
        other => panic!("strict mode accepted the spec: {other:?}"),
    }
}

#[test]
fn garbage_never_panics() {
    // Every prefix of a real spec: most are unreadable, none may panic.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/auth-oauth-v1.yaml"),
    )
    .unwrap();
    let mut readable = 0;
    for end in (0..text.len())
        .step_by(97)
        .filter(|&i| text.is_char_boundary(i))
    {
        if let Ok(spec) = load::parse(&text[..end], Format::Yaml, Path::new("prefix.yaml")) {
            readable += 1;
            let _ = codegen::generate(&spec, &Settings::default());
        }
    }
    assert!(readable > 0);
}
