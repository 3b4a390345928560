//! OpenAPI 3.1 documents behave as 3.0 ones do: `--strict` refuses what is reported, errors
//! name the line, and diagnostics name the place in the text, also inside what `load`
//! rewrote (tuples, webhook payloads).

use std::path::Path;

use codegen::load::{self, Format, Location};
use codegen::{DiagnosticKind, Settings};

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";

fn parse(body: &str) -> Result<load::Spec, load::LoadError> {
    load::parse(
        &format!("{HEAD}{body}"),
        Format::Yaml,
        Path::new("spec.yaml"),
    )
}

fn fixture(name: &str) -> load::Spec {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.yaml"));
    load::load_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn strict_refuses_what_has_no_rendering_and_accepts_what_is_rendered() {
    let strict = Settings {
        strict: true,
        ..Settings::default()
    };
    match codegen::generate(&fixture("openapi31_unsupported"), &strict) {
        Err(codegen::Error::Strict(found)) => {
            assert_eq!(found.len(), 5, "{found:?}");
            assert!(found
                .iter()
                .all(|d| d.kind == DiagnosticKind::UnsupportedSchema));
        }
        other => panic!("{other:?}"),
    }
    for faithful in [
        "openapi31_nullable",
        "openapi31_const",
        "openapi31_document",
        "openapi31_fastapi",
        "openapi31_utoipa",
    ] {
        codegen::generate(&fixture(faithful), &strict)
            .unwrap_or_else(|e| panic!("{faithful}: {e}"));
    }
}

#[test]
fn a_wrong_type_inside_a_rewritten_schema_is_located_in_the_text() {
    let e = parse(
        "components:
  schemas:
    A:
      type: [\"null\", 7]
",
    )
    .expect_err("a type that is no type name is an error");
    match &e.location {
        Location::Text {
            line,
            column,
            pointer,
            ..
        } => {
            assert_eq!((*line, *column), (6, 7), "{e}");
            assert_eq!(
                pointer.as_deref(),
                Some("/components/schemas/A/type"),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn diagnostics_inside_tuples_and_webhook_payloads_name_the_place_in_the_text() {
    let spec = parse(
        "webhooks:
  ping:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                odd: {not: {type: string}}
      responses: {'200': {description: ok}}
components:
  schemas:
    Pair:
      type: array
      prefixItems:
        - {not: {type: string}}
        - {type: string}
",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = codegen::generate(&spec, &Settings::default()).unwrap();
    let mut pointers: Vec<&str> = output
        .diagnostics
        .iter()
        .map(|d| d.pointer.as_str())
        .collect();
    pointers.sort();
    assert_eq!(
        pointers,
        [
            "/components/schemas/Pair/prefixItems/0",
            "/webhooks/ping/post/requestBody/content/application~1json/schema/properties/odd",
        ],
        "{:?}",
        output.diagnostics
    );
    assert!(output
        .source
        .contains("pub type Pair = (serde_json::Value, String);"));
    assert!(output.source.contains("pub struct PingPostWebhookPayload"));
}

#[test]
fn a_tuple_that_contains_itself_is_boxed() {
    let spec = parse(
        "components:
  schemas:
    Node:
      type: object
      properties:
        pair:
          type: array
          prefixItems:
            - {$ref: '#/components/schemas/Node'}
            - {type: integer}
          items: false
",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = codegen::generate(&spec, &Settings::default()).unwrap();
    assert!(
        output.source.contains("pub pair: Option<(Box<Node>, i64)>"),
        "{}",
        output.source
    );
}

#[test]
fn a_webhook_payload_of_another_json_media_type_is_located_under_it() {
    let spec = parse(
        "webhooks:
  ping:
    post:
      requestBody:
        content:
          application/vnd.api+json:
            schema:
              type: object
              properties:
                odd: {not: {type: string}}
      responses: {'200': {description: ok}}
",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = codegen::generate(&spec, &Settings::default()).unwrap();
    let pointers: Vec<&str> = output
        .diagnostics
        .iter()
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        ["/webhooks/ping/post/requestBody/content/application~1vnd.api+json/schema/properties/odd"]
    );
}
