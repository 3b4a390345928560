//! Documents that break the OpenAPI 3.0 schema while their intent is plain: each construct is
//! read as intended, with one `invalid-spec` diagnostic at its JSON pointer, and `strict`
//! refuses the document.

use std::path::Path;

use codegen::load::{self, Format, Location};
use codegen::{DiagnosticKind, Settings};
use openapiv3::{
    Header, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Schema,
    SchemaKind, Type,
};

/// The start of a valid document, `paths` aside.
const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn read(text: &str, format: Format) -> load::Spec {
    load::parse(text, format, Path::new("spec.in")).unwrap_or_else(|e| panic!("{e}"))
}

fn yaml(text: &str) -> load::Spec {
    read(text, Format::Yaml)
}

/// The pointers of the diagnostics, each of which must be `invalid-spec`.
fn pointers(spec: &load::Spec) -> Vec<&str> {
    for d in &spec.diagnostics {
        assert_eq!(d.kind, DiagnosticKind::InvalidSpec, "{d}");
    }
    spec.diagnostics
        .iter()
        .map(|d| d.pointer.as_str())
        .collect()
}

/// The message of the diagnostic at `pointer`.
fn message<'s>(spec: &'s load::Spec, pointer: &str) -> &'s str {
    match spec.diagnostics.iter().find(|d| d.pointer == pointer) {
        Some(d) => &d.message,
        None => panic!("no diagnostic at {pointer}: {:#?}", spec.diagnostics),
    }
}

/// The spec generates, and strict settings refuse it, naming the load's diagnostics first.
fn refused_in_strict(spec: &load::Spec) {
    assert!(!spec.diagnostics.is_empty());
    codegen::generate(spec, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    let strict = Settings {
        strict: true,
        ..Settings::default()
    };
    match codegen::generate(spec, &strict) {
        Err(codegen::Error::Strict(found)) => {
            assert_eq!(found[..spec.diagnostics.len()], spec.diagnostics)
        }
        other => panic!("strict mode accepted the spec: {other:?}"),
    }
}

fn item<'a>(openapi: &'a OpenAPI, path: &str) -> &'a PathItem {
    match openapi.paths.paths.get(path) {
        Some(ReferenceOr::Item(item)) => item,
        other => panic!("{path}: {other:?}"),
    }
}

fn get<'a>(openapi: &'a OpenAPI, path: &str) -> &'a Operation {
    item(openapi, path).get.as_ref().expect("a get operation")
}

fn schema<'a>(openapi: &'a OpenAPI, name: &str) -> &'a Schema {
    match openapi
        .components
        .as_ref()
        .and_then(|c| c.schemas.get(name))
    {
        Some(ReferenceOr::Item(schema)) => schema,
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn server_variables_given_as_numbers_or_booleans_are_strings() {
    // A plain YAML scalar already read as its text where a string is wanted; JSON was refused
    // ("invalid type: integer `8080`, expected a string"). Both are now reported.
    let text = format!(
        "{HEAD}servers:\n  - url: 'http://h:{{port}}/{{v}}'\n    variables:\n      port: {{default: 8080, enum: [8080, 443, '80']}}\n      v: {{default: 1.0}}\n      w: {{default: ~}}\npaths:\n  /a:\n    servers:\n      - {{url: 'http://h/{{x}}', variables: {{x: {{default: true}}}}}}\n    get:\n      servers:\n        - {{url: 'http://h/{{y}}', variables: {{y: {{default: 2}}}}}}\n      responses: {{}}\n"
    );
    let spec = yaml(&text);
    assert_eq!(
        pointers(&spec),
        [
            "/servers/0/variables/port/default",
            "/servers/0/variables/port/enum",
            "/servers/0/variables/v/default",
            "/servers/0/variables/w/default",
            "/paths/~1a/servers/0/variables/x/default",
            "/paths/~1a/get/servers/0/variables/y/default",
        ]
    );
    let port = &spec.openapi.servers[0].variables.as_ref().unwrap()["port"];
    assert_eq!(port.default, "8080");
    assert_eq!(port.enumeration, ["8080", "443", "80"]);
    // As written: `1.0` stays "1.0".
    assert_eq!(
        spec.openapi.servers[0].variables.as_ref().unwrap()["v"].default,
        "1.0"
    );
    assert_eq!(
        spec.openapi.servers[0].variables.as_ref().unwrap()["w"].default,
        "~"
    );
    let x = &item(&spec.openapi, "/a").servers[0];
    assert_eq!(x.variables.as_ref().unwrap()["x"].default, "true");
    let y = &get(&spec.openapi, "/a").servers[0];
    assert_eq!(y.variables.as_ref().unwrap()["y"].default, "2");
    assert!(
        message(&spec, "/servers/0/variables/port/enum").contains("\"8080\", \"443\""),
        "{:?}",
        spec.diagnostics
    );
    refused_in_strict(&spec);

    let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "servers": [{"url": "http://h:{port}", "variables": {"port": {"default": 8080, "enum": [8080, false]}}}]}"#;
    let spec = read(json, Format::Json);
    assert_eq!(
        pointers(&spec),
        [
            "/servers/0/variables/port/default",
            "/servers/0/variables/port/enum"
        ]
    );
    let port = &spec.openapi.servers[0].variables.as_ref().unwrap()["port"];
    assert_eq!(
        (port.default.as_str(), &port.enumeration[..]),
        ("8080", &["8080".to_owned(), "false".to_owned()][..])
    );
    refused_in_strict(&spec);
}

#[test]
fn an_operation_without_responses_has_none() {
    // Refused before: "missing field `responses`".
    let spec = yaml(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n    post:\n      responses:\n        '204': {{description: done}}\n"
    ));
    assert_eq!(pointers(&spec), ["/paths/~1a/get/responses"]);
    let responses = &get(&spec.openapi, "/a").responses;
    assert!(responses.responses.is_empty() && responses.default.is_none());
    let post = item(&spec.openapi, "/a").post.as_ref().unwrap();
    assert_eq!(post.responses.responses.len(), 1);
    refused_in_strict(&spec);
}

#[test]
fn info_without_title_or_version_reads_them_empty() {
    // Refused before: "missing field `title`" (then `version`).
    let spec = yaml("openapi: 3.0.3\ninfo: {description: d}\npaths: {}\n");
    assert_eq!(pointers(&spec), ["/info/title", "/info/version"]);
    assert_eq!(
        (
            spec.openapi.info.title.as_str(),
            spec.openapi.info.version.as_str()
        ),
        ("", "")
    );
    assert_eq!(spec.openapi.info.description.as_deref(), Some("d"));
    refused_in_strict(&spec);

    let spec = yaml("openapi: 3.0.3\ninfo: {title: T}\npaths: {}\n");
    assert_eq!(pointers(&spec), ["/info/version"]);
    assert_eq!(spec.openapi.info.title, "T");

    // No `info` at all.
    let spec = yaml("openapi: 3.0.3\npaths: {}\n");
    assert_eq!(pointers(&spec), ["/info"]);
    assert_eq!(spec.openapi.info.title, "");
    refused_in_strict(&spec);
}

#[test]
fn a_document_without_paths_has_none() {
    // Refused before: "missing field `paths`" at the document root.
    let spec = yaml(&format!(
        "{HEAD}components:\n  schemas:\n    A: {{type: string}}\n"
    ));
    assert_eq!(pointers(&spec), ["/paths"]);
    assert!(spec.openapi.paths.paths.is_empty());
    assert!(matches!(
        schema(&spec.openapi, "A").schema_kind,
        SchemaKind::Type(Type::String(_))
    ));
    refused_in_strict(&spec);
}

#[test]
fn a_style_the_location_does_not_allow_is_its_default() {
    // Refused before: "unknown variant `form`, expected one of `matrix`, `label`, `simple`".
    let spec = yaml(&format!(
        "{HEAD}paths:\n  /a/{{id}}:\n    parameters:\n      - {{name: id, in: path, required: true, style: form, schema: {{type: string}}}}\n    get:\n      parameters:\n        - {{name: X-H, in: header, style: form, schema: {{type: string}}}}\n        - {{name: q, in: query, style: simple, schema: {{type: string}}}}\n        - {{name: p, in: query, style: pipeDelimited, schema: {{type: array, items: {{type: string}}}}}}\n        - {{name: c, in: cookie, style: deepObject, schema: {{type: string}}}}\n        - {{$ref: '#/components/parameters/H'}}\n      responses:\n        '200':\n          description: ok\n          headers:\n            X-R: {{style: form, schema: {{type: string}}}}\ncomponents:\n  parameters:\n    H: {{name: X-C, in: header, style: label, schema: {{type: string}}}}\n  headers:\n    X-S: {{style: matrix, schema: {{type: string}}}}\n"
    ));
    assert_eq!(
        pointers(&spec),
        [
            "/paths/~1a~1{id}/parameters/0/style",
            "/paths/~1a~1{id}/get/parameters/0/style",
            "/paths/~1a~1{id}/get/parameters/1/style",
            "/paths/~1a~1{id}/get/parameters/3/style",
            "/paths/~1a~1{id}/get/responses/200/headers/X-R/style",
            "/components/parameters/H/style",
            "/components/headers/X-S/style",
        ]
    );
    assert!(
        message(&spec, "/paths/~1a~1{id}/get/parameters/0/style")
            .contains("`style: form` is not allowed on a header parameter"),
        "{:?}",
        spec.diagnostics
    );
    let item = item(&spec.openapi, "/a/{id}");
    assert!(matches!(
        &item.parameters[0],
        ReferenceOr::Item(Parameter::Path {
            style: openapiv3::PathStyle::Simple,
            ..
        })
    ));
    let params = &get(&spec.openapi, "/a/{id}").parameters;
    let styles: Vec<String> = params[..4]
        .iter()
        .map(|p| match p {
            ReferenceOr::Item(Parameter::Header { style, .. }) => format!("header {style:?}"),
            ReferenceOr::Item(Parameter::Query { style, .. }) => format!("query {style:?}"),
            ReferenceOr::Item(Parameter::Cookie { style, .. }) => format!("cookie {style:?}"),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        styles,
        [
            "header Simple",
            "query Form",
            "query PipeDelimited",
            "cookie Form"
        ]
    );
    let components = spec.openapi.components.as_ref().unwrap();
    assert!(matches!(
        components.headers.get("X-S"),
        Some(ReferenceOr::Item(Header {
            style: openapiv3::HeaderStyle::Simple,
            ..
        }))
    ));
    refused_in_strict(&spec);
}

/// The bounds of an integer or number schema: (minimum, exclusive, maximum, exclusive).
fn bounds(schema: &Schema) -> (Option<f64>, bool, Option<f64>, bool) {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(t)) => (
            t.minimum.map(|v| v as f64),
            t.exclusive_minimum,
            t.maximum.map(|v| v as f64),
            t.exclusive_maximum,
        ),
        SchemaKind::Type(Type::Number(t)) => (
            t.minimum,
            t.exclusive_minimum,
            t.maximum,
            t.exclusive_maximum,
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn numeric_exclusive_bounds_become_exclusive_minimum_and_maximum() {
    // Refused before: "invalid type: integer `0`, expected a boolean".
    let spec = yaml(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: n, in: query, schema: {{type: number, exclusiveMaximum: 1.5}}}}\n      responses: {{}}\ncomponents:\n  schemas:\n    Only: {{type: integer, exclusiveMinimum: 0, exclusiveMaximum: 10}}\n    ExclusiveStricter: {{type: integer, minimum: 3, exclusiveMinimum: 5, maximum: 5, exclusiveMaximum: 5}}\n    InclusiveStricter: {{type: number, minimum: 7, exclusiveMinimum: 5, maximum: 1, exclusiveMaximum: 2}}\n    Boolean: {{type: integer, minimum: 1, exclusiveMinimum: true}}\n    Nested:\n      type: object\n      example: {{exclusiveMinimum: 4}}\n      properties:\n        p: {{type: array, items: {{type: integer, exclusiveMinimum: -1}}}}\n"
    ));
    assert_eq!(
        pointers(&spec),
        [
            "/paths/~1a/get/parameters/0/schema/exclusiveMaximum",
            "/components/schemas/Only/exclusiveMinimum",
            "/components/schemas/Only/exclusiveMaximum",
            "/components/schemas/ExclusiveStricter/exclusiveMinimum",
            "/components/schemas/ExclusiveStricter/exclusiveMaximum",
            "/components/schemas/InclusiveStricter/exclusiveMinimum",
            "/components/schemas/InclusiveStricter/exclusiveMaximum",
            "/components/schemas/Nested/properties/p/items/exclusiveMinimum",
        ]
    );
    let o = &spec.openapi;
    assert_eq!(
        bounds(schema(o, "Only")),
        (Some(0.0), true, Some(10.0), true)
    );
    assert_eq!(
        bounds(schema(o, "ExclusiveStricter")),
        (Some(5.0), true, Some(5.0), true)
    );
    assert_eq!(
        bounds(schema(o, "InclusiveStricter")),
        (Some(7.0), false, Some(1.0), false)
    );
    assert_eq!(bounds(schema(o, "Boolean")), (Some(1.0), true, None, false));
    assert!(
        message(
            &spec,
            "/components/schemas/ExclusiveStricter/exclusiveMinimum"
        )
        .contains("the stricter bound was kept: `minimum: 5, exclusiveMinimum: true`"),
        "{:?}",
        spec.diagnostics
    );
    assert!(
        message(
            &spec,
            "/components/schemas/InclusiveStricter/exclusiveMinimum"
        )
        .contains("the stricter bound was kept: `minimum: 7`"),
        "{:?}",
        spec.diagnostics
    );
    // An example is data, not a schema: left as written.
    let nested = schema(o, "Nested");
    assert_eq!(
        nested.schema_data.example,
        Some(serde_json::json!({"exclusiveMinimum": 4}))
    );
    let ReferenceOr::Item(Parameter::Query { parameter_data, .. }) = &get(o, "/a").parameters[0]
    else {
        panic!()
    };
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(n)) = &parameter_data.format else {
        panic!()
    };
    assert_eq!(bounds(n), (None, false, Some(1.5), true));
    refused_in_strict(&spec);
}

#[test]
fn callbacks_given_by_reference_are_copies_of_their_target() {
    // Refused before: "invalid type: string \"#/components/callbacks/Ping\", expected struct
    // PathItem" at `…/callbacks/ping/$ref`.
    let spec = yaml(&format!(
        "{HEAD}paths:\n  /a:\n    post:\n      callbacks:\n        ping: {{$ref: '#/components/callbacks/Ping'}}\n        alias: {{$ref: '#/components/callbacks/Alias'}}\n        gone: {{$ref: '#/components/callbacks/Gone'}}\n        remote: {{$ref: 'other.yaml#/Ping'}}\n        loop: {{$ref: '#/components/callbacks/Loop'}}\n      responses: {{}}\ncomponents:\n  callbacks:\n    Ping:\n      '{{$request.body#/url}}':\n        post:\n          responses: {{'204': {{description: ok}}}}\n    Alias: {{$ref: '#/components/callbacks/Ping'}}\n    Loop:\n      '/l':\n        get:\n          callbacks:\n            again: {{$ref: '#/components/callbacks/Loop'}}\n          responses: {{}}\n"
    ));
    let post = "/paths/~1a/post/callbacks";
    assert_eq!(
        pointers(&spec),
        [
            format!("{post}/ping"),
            format!("{post}/alias"),
            format!("{post}/gone"),
            format!("{post}/remote"),
            format!("{post}/loop"),
            format!("{post}/loop/~1l/get/callbacks/again"),
            "/components/callbacks/Loop/~1l/get/callbacks/again".to_owned(),
        ]
    );
    assert!(message(&spec, &format!("{post}/alias"))
        .contains("a copy of its target, /components/callbacks/Ping"));
    assert!(message(&spec, &format!("{post}/gone")).contains("left out"));
    assert!(message(&spec, &format!("{post}/remote")).contains("left out"));
    assert!(
        message(&spec, &format!("{post}/loop/~1l/get/callbacks/again"))
            .contains("contains this callback")
    );
    let callbacks = &item(&spec.openapi, "/a").post.as_ref().unwrap().callbacks;
    assert_eq!(
        callbacks.keys().collect::<Vec<_>>(),
        ["ping", "alias", "loop"]
    );
    for name in ["ping", "alias"] {
        let target = &callbacks[name]["{$request.body#/url}"];
        assert_eq!(target.post.as_ref().unwrap().responses.responses.len(), 1);
    }
    let copied_loop = callbacks["loop"]["/l"].get.as_ref().unwrap();
    assert!(copied_loop.callbacks.is_empty());
    refused_in_strict(&spec);
}

#[test]
fn yaml_keys_that_are_booleans_or_null_are_read_as_written() {
    // Read as their text before too, silently; numbers (response codes) stay silent.
    let spec = yaml(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - name: a\n          in: query\n          schema: {{type: string}}\n          example: {{true: 1, 'false': 2, !!str null: 3, 4: 4}}\n      responses:\n        200: {{description: ok}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        true: {{type: string}}\n        False: {{type: string}}\n        ~: {{type: string}}\n        \"null\": {{type: string}}\n        1.5: {{type: string}}\n"
    ));
    assert_eq!(
        pointers(&spec),
        [
            "/paths/~1a/get/parameters/0/example/true",
            "/components/schemas/A/properties/true",
            "/components/schemas/A/properties/False",
            "/components/schemas/A/properties/~0",
        ]
    );
    assert!(message(&spec, "/components/schemas/A/properties/~0").contains("reads as null"));
    assert!(message(&spec, "/components/schemas/A/properties/False").contains("the boolean false"));
    let ReferenceOr::Item(Parameter::Query { parameter_data, .. }) =
        &get(&spec.openapi, "/a").parameters[0]
    else {
        panic!()
    };
    assert_eq!(
        parameter_data.example,
        Some(serde_json::json!({"true": 1, "false": 2, "null": 3, "4": 4}))
    );
    let SchemaKind::Type(Type::Object(a)) = &schema(&spec.openapi, "A").schema_kind else {
        panic!()
    };
    assert_eq!(
        a.properties.keys().collect::<Vec<_>>(),
        ["true", "False", "~", "null", "1.5"]
    );
    assert!(get(&spec.openapi, "/a")
        .responses
        .responses
        .contains_key(&openapiv3::StatusCode::Code(200)));
    refused_in_strict(&spec);
}

#[test]
fn a_character_yaml_forbids_is_named_with_its_line_and_column() {
    for (c, name) in [
        ('\u{80}', "PADDING CHARACTER"),
        ('\u{9f}', "APPLICATION PROGRAM COMMAND"),
        ('\u{7}', "BELL"),
    ] {
        let text = format!("{HEAD}paths: {{}}\nx-a:\n  b: \"caf\u{e9} {c}\"\n");
        let e = load::parse(&text, Format::Yaml, Path::new("c.yaml")).unwrap_err();
        let code = format!("U+{:04X}", u32::from(c));
        let escaped = c.escape_unicode().to_string();
        assert!(e.message.contains(&code), "{e}");
        assert!(e.message.contains(&escaped), "{e}");
        assert!(e.message.contains(name), "{e}");
        // The reader runs ahead of the parser: no pointer, only the place in the text.
        assert!(
            matches!(
                e.location,
                Location::Text {
                    line: 5,
                    column: 12,
                    pointer: None,
                    ..
                }
            ),
            "{e:?}"
        );
    }
}

#[test]
fn shapes_the_pass_does_not_know_are_left_to_the_deserializer() {
    let cases = [
        ("paths: a string\n", "/paths"),
        ("paths:\n  /a: [get]\n", "/paths/~1a"),
        ("paths:\n  /a:\n    get: [responses]\n", "/paths/~1a/get"),
        ("paths:\n  /a:\n    get:\n      responses: 7\n", "/paths/~1a/get/responses"),
        ("paths:\n  /a:\n    get:\n      parameters: {a: 1}\n      responses: {}\n", "/paths/~1a/get/parameters/a"),
        ("paths:\n  /a:\n    get:\n      callbacks: x\n      responses: {}\n", "/paths/~1a/get/callbacks"),
        ("paths:\n  /a:\n    get:\n      callbacks: {c: {$ref: 5}}\n      responses: {}\n", "/paths/~1a/get/callbacks/c/$ref"),
        ("paths: {}\nservers: x\n", "/servers"),
        ("paths: {}\nservers: [{url: u, variables: [1]}]\n", "/servers/0/variables"),
        ("paths: {}\ncomponents: {schemas: {A: {type: integer, exclusiveMinimum: 1, minimum: x}}}\n", "/components/schemas/A/exclusiveMinimum"),
        ("paths: {}\ncomponents: {parameters: {P: {name: p, in: body, style: form}}}\n", "/components/parameters/P/in"),
    ];
    for (rest, pointer) in cases {
        let text = format!("{HEAD}{rest}");
        match load::parse(&text, Format::Yaml, Path::new("s.yaml")) {
            Err(e) => match &e.location {
                Location::Text { pointer: p, .. } => {
                    assert_eq!(p.as_deref(), Some(pointer), "{rest:?}: {e}")
                }
                other => panic!("{rest:?}: {e}: {other:?}"),
            },
            Ok(spec) => panic!("{rest:?} was read: {:?}", spec.diagnostics),
        }
    }
    // A JSON null is no server variable's text (a YAML `null` is, as written).
    let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "servers": [{"url": "u", "variables": {"v": {"default": null}}}]}"#;
    let e = load::parse(json, Format::Json, Path::new("s.json")).unwrap_err();
    assert!(
        matches!(&e.location, Location::Text { pointer: Some(p), .. } if p == "/servers/0/variables/v/default"),
        "{e}"
    );
    // `info` that is not an object is the deserializer's, too.
    let e = load::parse(
        "openapi: 3.0.3\ninfo: 5\npaths: {}\n",
        Format::Yaml,
        Path::new("i"),
    )
    .unwrap_err();
    assert!(e.message.contains("expected struct Info"), "{e}");
}
