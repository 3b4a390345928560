//! Local JSON References are resolved before the document is typed: what they point into
//! becomes a component, and everything reported about it names where the text has it.

use std::path::Path;

use codegen::load::{self, Format, Location};
use codegen::{DiagnosticKind, Settings};
use openapiv3::ReferenceOr;

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn parse(body: &str) -> load::Spec {
    let text = format!("{HEAD}{body}");
    load::parse(&text, Format::Yaml, Path::new("spec.yaml")).unwrap_or_else(|e| panic!("{e}"))
}

fn reference<T>(item: &ReferenceOr<T>) -> &str {
    match item {
        ReferenceOr::Reference { reference } => reference,
        ReferenceOr::Item(_) => panic!("not a reference"),
    }
}

#[test]
fn fragments_are_percent_decoded_then_read_as_pointers() {
    assert_eq!(
        load::local_pointer("#/paths/~1a~1%7Bid%7D/get").as_deref(),
        Some("/paths/~1a~1{id}/get")
    );
    assert_eq!(load::local_pointer("#").as_deref(), Some(""));
    assert_eq!(load::local_pointer("#Foo"), None, "a name, not a pointer");
    assert_eq!(load::local_pointer("other.yaml#/a"), None);
    assert_eq!(load::local_pointer("#/%FF"), None, "not UTF-8 once decoded");
    assert_eq!(load::local_pointer("#/100%").as_deref(), Some("/100%"));
}

#[test]
fn a_parameter_inside_paths_becomes_a_component_both_operations_use() {
    let spec = parse(
        "paths:
  /a/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: none}}
  /b/{id}:
    get:
      parameters:
        - $ref: '#/paths/~1a~1%7Bid%7D/get/parameters/0'
      responses: {'204': {description: none}}
",
    );
    let paths = &spec.openapi.paths.paths;
    let params = |path: &str| match &paths[path] {
        ReferenceOr::Item(item) => item.get.as_ref().unwrap().parameters.clone(),
        ReferenceOr::Reference { .. } => panic!("a path item by reference"),
    };
    assert_eq!(
        reference(&params("/a/{id}")[0]),
        "#/components/parameters/id"
    );
    assert_eq!(
        reference(&params("/b/{id}")[0]),
        "#/components/parameters/id"
    );
    let components = spec.openapi.components.as_ref().unwrap();
    assert!(matches!(components.parameters["id"], ReferenceOr::Item(_)));
    assert_eq!(
        spec.references.origins,
        [(
            "/components/parameters/id".to_owned(),
            "/paths/~1a~1{id}/get/parameters/0".to_owned()
        )]
    );
    assert_eq!(
        spec.references.original("/components/parameters/id/schema"),
        "/paths/~1a~1{id}/get/parameters/0/schema"
    );
    assert_eq!(
        spec.references.original("/components/parameters/idx"),
        "/components/parameters/idx",
        "a pointer is moved back only at a segment boundary"
    );
}

#[test]
fn a_component_that_is_a_reference_is_followed_to_its_end() {
    let spec = parse(
        "paths:
  /a:
    post:
      requestBody: {$ref: '#/components/requestBodies/A'}
      responses: {'204': {description: none}}
components:
  requestBodies:
    A: {$ref: '#/components/requestBodies/B'}
    B: {$ref: '#/components/requestBodies/C'}
    C: {content: {application/json: {schema: {type: string}}}}
  schemas:
    Alias: {$ref: '#/components/schemas/Target'}
    Target: {type: string}
    User: {type: object, properties: {name: {$ref: '#/components/schemas/Alias'}}}
",
    );
    let ReferenceOr::Item(item) = &spec.openapi.paths.paths["/a"] else {
        panic!("a path item by reference")
    };
    let body = item.post.as_ref().unwrap().request_body.as_ref().unwrap();
    assert_eq!(reference(body), "#/components/requestBodies/C");
    // A schema alias keeps its name: the reference to it is not collapsed.
    let output = codegen::generate(&spec, &Settings::default()).unwrap();
    assert!(
        output.source.contains("pub type Alias = Target;"),
        "{}",
        output.source
    );
    assert!(
        output.source.contains("pub name: Option<Alias>"),
        "{}",
        output.source
    );
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
}

#[test]
fn diagnostics_and_type_docs_inside_a_hoisted_schema_name_the_place_in_the_text() {
    let spec = parse(
        "paths: {}
components:
  schemas:
    Region:
      type: object
      properties:
        code:
          type: object
          properties:
            odd: {not: {type: string}}
    Zone:
      type: object
      properties:
        region_code: {$ref: '#/components/schemas/Region/properties/code'}
",
    );
    let output = codegen::generate(&spec, &Settings::default()).unwrap();
    let odd: Vec<_> = output
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::UnsupportedSchema)
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(
        odd,
        ["/components/schemas/Region/properties/code/properties/odd"]
    );
    assert!(
        output
            .source
            .contains("/// Generated from `#/components/schemas/Region/properties/code`.\n"),
        "{}",
        output.source
    );
    assert!(output.source.contains("pub code: Option<RegionCode>"));
    assert!(output
        .source
        .contains("pub region_code: Option<RegionCode>"));
}

#[test]
fn a_discriminator_never_takes_a_hoisted_schema_name_for_a_tag_value() {
    // The mapping names files the document does not hold, so only implicit values are left,
    // and a hoisted schema's name is made up: the union stays untagged, with a diagnostic.
    let spec = parse(
        "paths:
  /actions:
    post:
      requestBody:
        content:
          application/json:
            schema:
              anyOf:
                - $ref: '#/paths/~1attach/post/requestBody/content/application~1json/schema'
                - $ref: '#/paths/~1detach/post/requestBody/content/application~1json/schema'
              discriminator:
                propertyName: type
                mapping:
                  attach: models/attach.yml
                  detach: models/detach.yml
      responses: {'204': {description: none}}
  /attach:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [type]
              properties: {type: {type: string}, volume: {type: string}}
      responses: {'204': {description: none}}
  /detach:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [type]
              properties: {type: {type: string}, droplet: {type: string}}
      responses: {'204': {description: none}}
",
    );
    let output = codegen::generate(&spec, &Settings::default()).unwrap();
    assert!(
        !output.source.contains("serde(tag"),
        "no tag values were written in the text:\n{}",
        output.source
    );
    assert!(
        output.source.contains("pub r#type: String"),
        "the variants keep their `type`:\n{}",
        output.source
    );
    assert!(output
        .diagnostics
        .iter()
        .any(|d| d.kind == DiagnosticKind::Discriminator));
}

#[test]
fn a_schema_reached_from_several_references_reports_each_problem_once() {
    // Both variants merge the same member: once written, once by reference into the first.
    let spec = parse(
        "paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
                - allOf:
                    - {type: object, required: [name], properties: {name: {type: string}}}
                    - type: object
                      properties:
                        tags: {type: array, items: {type: string}, default: []}
                - allOf:
                    - {type: object, required: [names], properties: {names: {type: array, items: {type: string}}}}
                    - $ref: '#/paths/~1a/post/requestBody/content/application~1json/schema/oneOf/0/allOf/1'
      responses: {'204': {description: none}}
",
    );
    let output = codegen::generate(&spec, &Settings::default()).unwrap();
    let defaults: Vec<_> = output
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::IgnoredDefault)
        .collect();
    assert_eq!(defaults.len(), 1, "{defaults:?}");
}

#[test]
fn pointers_quoted_in_messages_name_the_place_in_the_text() {
    let spec = parse(
        "paths: {}
components:
  schemas:
    Region:
      type: object
      properties:
        code:
          type: object
          properties:
            id: {type: string}
    Zone:
      allOf:
        - $ref: '#/components/schemas/Region/properties/code'
        - type: object
          properties:
            id: {type: integer}
",
    );
    let output = codegen::generate(&spec, &Settings::default()).unwrap();
    let conflict = output
        .diagnostics
        .iter()
        .find(|d| d.kind == DiagnosticKind::AllOfConflict)
        .unwrap_or_else(|| panic!("{:?}", output.diagnostics));
    assert!(
        conflict
            .message
            .contains("/components/schemas/Region/properties/code/properties/id"),
        "{conflict}"
    );
    assert!(!conflict.message.contains("RegionCode"), "{conflict}");
}

#[test]
fn a_type_error_inside_a_hoisted_component_is_located_in_the_text() {
    let text = format!(
        "{HEAD}paths:
  /a:
    get:
      parameters:
        - name: q
          in: query
          required: maybe
      responses: {{'204': {{description: none}}}}
  /b:
    get:
      parameters: [{{$ref: '#/paths/~1a/get/parameters/0'}}]
      responses: {{'204': {{description: none}}}}
"
    );
    let e = load::parse(&text, Format::Yaml, Path::new("spec.yaml")).unwrap_err();
    let Location::Text { line, pointer, .. } = &e.location else {
        panic!("{e}: not located");
    };
    assert_eq!(*line, 9, "{e}");
    assert_eq!(
        pointer.as_deref(),
        Some("/paths/~1a/get/parameters/0/required"),
        "{e}"
    );
}

#[test]
fn unresolvable_references_are_reported_where_they_are_used_with_the_reason() {
    let spec = parse(
        "paths:
  /a:
    get:
      parameters:
        - $ref: '#/paths/~1a/get/parameters/5'
        - $ref: '#/components/parameters/Loop'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/info'}
components:
  parameters:
    Loop: {$ref: '#/components/parameters/Loop'}
",
    );
    let output = codegen::generate(&spec, &Settings::default()).unwrap();
    let found: Vec<_> = output
        .diagnostics
        .iter()
        .map(|d| (d.kind, d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_eq!(found[0].0, DiagnosticKind::DanglingRef);
    assert_eq!(found[0].1, "/paths/~1a/get/parameters/0");
    assert!(found[0].2.contains("has no member \"5\""), "{}", found[0].2);
    assert_eq!(found[1].0, DiagnosticKind::UnsupportedRef);
    assert!(found[1].2.contains("cycle"), "{}", found[1].2);
    assert_eq!(found[2].0, DiagnosticKind::UnsupportedRef);
    assert_eq!(
        found[2].1,
        "/paths/~1a/get/responses/200/content/application~1json/schema"
    );
    assert!(found[2].2.contains("not a schema"), "{}", found[2].2);
    assert!(
        codegen::generate(
            &spec,
            &Settings {
                strict: true,
                ..Settings::default()
            }
        )
        .is_err(),
        "strict refuses what could not be resolved"
    );
}

#[test]
fn a_dollar_ref_inside_an_example_or_an_extension_is_data() {
    let spec = parse(
        "paths: {}
components:
  schemas:
    Thing:
      type: object
      x-origin: {$ref: '#/nowhere'}
      example: {$ref: '#/nowhere'}
      properties:
        $ref: {type: string}
",
    );
    assert!(
        spec.references.unresolved.is_empty(),
        "{:?}",
        spec.references
    );
    let output = codegen::generate(&spec, &Settings::default()).unwrap();
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
}
