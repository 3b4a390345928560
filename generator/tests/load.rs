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

/// The line, column and JSON pointer of an error located in the text.
fn at(e: &load::LoadError) -> (usize, usize, &str) {
    match &e.location {
        Location::Text {
            line,
            column,
            pointer,
            ..
        } => (*line, *column, pointer.as_deref().unwrap_or("")),
        other => panic!("{e}: not located in the text: {other:?}"),
    }
}

/// A document's tree read as a plain JSON value.
fn value(doc: &load::Document<'_>) -> serde_json::Value {
    serde::Deserialize::deserialize(doc.root().deserializer()).unwrap()
}

/// The start of a small valid document, four lines long.
const HEAD: &str = "openapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\n";

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
    for version in ["3.2.0", "2.0", "3.1"] {
        let e = parse_error(
            &format!("openapi: '{version}'\ninfo: {{ title: t, version: '1' }}\npaths: {{}}\n"),
            Format::Yaml,
        );
        assert_eq!(at(&e), (1, 1, "/openapi"), "{e}");
        assert!(e.to_string().contains("3.0.x and 3.1.x"), "{e}");
    }
}

#[test]
fn openapi_3_1_documents_are_read() {
    for version in ["3.1.0", "3.1.1"] {
        let text = format!("openapi: {version}\ninfo: {{ title: t, version: '1' }}\n");
        let spec = load::parse(&text, Format::Yaml, Path::new("spec.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        // 3.1 makes `paths` optional: no diagnostic for its absence.
        assert!(spec.openapi.paths.paths.is_empty());
        assert!(spec.diagnostics.is_empty(), "{:?}", spec.diagnostics);
    }
}

#[test]
fn wrong_type_names_the_json_pointer() {
    let text = "openapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 7\n";
    let e = parse_error(text, Format::Yaml);
    // openapiv3 flattens the path map, so serde alone follows the path only to `/paths`; the
    // loader finds the rest.
    assert_eq!(at(&e), (8, 7, "/paths/~1a/get/responses"), "{e}");
    assert!(
        e.to_string()
            .contains("invalid type: integer `7`, expected struct Responses"),
        "{e}"
    );
    let json = r#"{"openapi": "3.0.0", "info": {"title": 5, "version": "1"}, "paths": {}}"#;
    let e = parse_error(json, Format::Json);
    assert_eq!(at(&e), (1, 31, "/info/title"), "{e}");
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

#[test]
fn every_prefix_of_a_json_spec_is_an_error_or_a_spec() {
    let value = load::read_value(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/auth-oauth-v3.yaml"),
    )
    .unwrap();
    let text = serde_json::to_string_pretty(&value).unwrap();
    assert!(load::parse(&text, Format::Json, Path::new("whole.json")).is_ok());
    for end in (0..text.len())
        .step_by(97)
        .filter(|&i| text.is_char_boundary(i))
    {
        if let Err(e) = load::parse(&text[..end], Format::Json, Path::new("prefix.json")) {
            // A cut JSON document is always a syntax error somewhere in the text.
            at(&e);
        }
    }
}

#[test]
fn a_file_that_is_not_utf8_names_the_first_bad_byte() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("not-utf8.yaml");
    // `é` is two bytes and one column.
    let bytes = b"openapi: 3.0.0\ninfo:\n  title: caf\xc3\xa9 \xff\n".to_vec();
    std::fs::write(&path, &bytes).unwrap();
    let e = load::load_file(&path).unwrap_err();
    let offset = bytes.iter().position(|&b| b == 0xff).unwrap();
    match &e.location {
        Location::Text {
            line: 3,
            column: 15,
            offset: o,
            ..
        } => assert_eq!(*o, offset, "{e}"),
        other => panic!("{e}: {other:?}"),
    }
    assert!(
        e.to_string()
            .starts_with(&format!("{}:3:15: ", path.display())),
        "{e}"
    );
    assert!(e.message.contains("UTF-8"), "{e}");

    // A sequence cut off by the end of the file.
    let path = dir.join("cut-utf8.json");
    std::fs::write(&path, b"{\"openapi\": \"3\xc3").unwrap();
    let e = load::load_file(&path).unwrap_err();
    assert_eq!(at(&e), (1, 15, ""), "{e}");
}

#[test]
fn data_after_the_json_document_is_refused() {
    let doc = r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
    assert!(load::parse(doc, Format::Json, Path::new("ok.json")).is_ok());
    let e = parse_error(&format!("{doc}\n  {{\"x\": 1}}\n"), Format::Json);
    assert_eq!(at(&e).0, 2, "{e}");
    assert_eq!(at(&e).1, 3, "{e}");
    assert!(e.message.contains("after the document"), "{e}");
    let e = parse_error(&format!("{doc} }}"), Format::Json);
    assert_eq!(at(&e).1, doc.len() + 2, "{e}");
}

#[test]
fn a_second_yaml_document_is_refused() {
    let doc = format!("{HEAD}paths: {{}}\n");
    // One document, explicitly started and ended, is fine.
    assert!(load::parse(
        &format!("---\n{doc}...\n"),
        Format::Yaml,
        Path::new("ok.yaml")
    )
    .is_ok());
    let e = parse_error(&format!("{doc}---\nopenapi: 3.0.1\n"), Format::Yaml);
    assert_eq!(at(&e), (6, 1, ""), "{e}");
    assert!(e.message.contains("second YAML document"), "{e}");
    // Even an empty one.
    let e = parse_error(&format!("{doc}\n--- # nothing\n"), Format::Yaml);
    assert_eq!(at(&e), (7, 1, ""), "{e}");
}

#[test]
fn a_duplicate_field_is_reported_where_it_repeats() {
    let e = parse_error(
        &format!("{HEAD}openapi: 3.0.1\npaths: {{}}\n"),
        Format::Yaml,
    );
    assert_eq!(at(&e), (5, 1, "/openapi"), "{e}");
    assert!(e.message.contains("duplicate key `openapi`"), "{e}");
    assert!(e.message.contains("line 1, column 1"), "{e}");

    let json = "{\n  \"openapi\": \"3.0.0\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"openapi\": \"3.0.1\",\n  \"paths\": {}\n}";
    let e = parse_error(json, Format::Json);
    assert_eq!(at(&e), (4, 3, "/openapi"), "{e}");
    assert!(e.message.contains("line 2, column 3"), "{e}");

    // Inside a schema (this used to panic inside openapiv3).
    let yaml = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: string\n      type: integer\n"
    );
    let e = parse_error(&yaml, Format::Yaml);
    assert_eq!(at(&e), (10, 7, "/components/schemas/A/type"), "{e}");
    assert!(e.message.contains("line 9, column 7"), "{e}");
    let json = "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {},\n \"components\": {\"schemas\": {\"A\": {\n  \"type\": \"string\",\n  \"type\": \"integer\"}}}}";
    let e = parse_error(json, Format::Json);
    assert_eq!(at(&e), (4, 3, "/components/schemas/A/type"), "{e}");
    assert!(e.message.contains("line 3, column 3"), "{e}");
}

#[test]
fn a_duplicate_key_in_a_map_is_refused() {
    let yaml = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: string\n    A:\n      type: integer\n"
    );
    let e = parse_error(&yaml, Format::Yaml);
    assert_eq!(at(&e), (10, 5, "/components/schemas/A"), "{e}");
    assert_eq!(
        e.message,
        "duplicate key `A` (its first occurrence is at line 8, column 5)"
    );

    // `'200'` and `200` are the same key.
    let yaml = format!(
        "{HEAD}paths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: a\n        200:\n          description: b\n"
    );
    let e = parse_error(&yaml, Format::Yaml);
    assert_eq!(at(&e), (11, 9, "/paths/~1x/get/responses/200"), "{e}");
    assert!(e.message.contains("line 9, column 9"), "{e}");

    // In a flow mapping, and in an extension's value: every map.
    let e = parse_error(
        &format!("{HEAD}paths: {{}}\nx-a: {{k: 1, k: 2}}\n"),
        Format::Yaml,
    );
    assert_eq!(at(&e), (6, 13, "/x-a/k"), "{e}");

    let json = "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {\n  \"/x\": {},\n  \"/x\": {}\n}}";
    let e = parse_error(json, Format::Json);
    assert_eq!(at(&e), (3, 3, "/paths/~1x"), "{e}");
    assert!(e.message.contains("line 2, column 3"), "{e}");
}

#[test]
fn errors_deep_in_the_document_name_the_deepest_pointer() {
    let cases = [
        (
            format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      properties:\n        b:\n          type: 12\n"),
            (11, 11, "/components/schemas/A/properties/b/type"),
            "invalid type: integer `12`, expected a string",
        ),
        (
            format!("{HEAD}paths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: d\n          content: []\n"),
            (11, 11, "/paths/~1x/get/responses/200/content"),
            "invalid type: sequence, expected a map",
        ),
        (
            format!("{HEAD}paths:\n  /x:\n    get:\n      parameters:\n        - name: a\n          in: query\n          schema: {{type: 5}}\n      responses: {{}}\n"),
            (11, 20, "/paths/~1x/get/parameters/0/schema/type"),
            "invalid type: integer `5`, expected a string",
        ),
        (
            format!("{HEAD}paths:\n  /x:\n    get:\n      responses:\n        default:\n          content: {{}}\n"),
            (9, 9, "/paths/~1x/get/responses/default"),
            "missing field `description`",
        ),
        (
            format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      additionalProperties: 5\n"),
            (10, 7, "/components/schemas/A/additionalProperties"),
            "invalid type: integer `5`, expected a boolean or a schema",
        ),
        (
            format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: string\n      maxLength: x\n"),
            (10, 7, "/components/schemas/A/maxLength"),
            "invalid type: string \"x\", expected usize",
        ),
        (
            format!("{HEAD}paths: {{}}\ncomponents:\n  securitySchemes:\n    A:\n      type: oauth2\n      flows: 5\n"),
            (10, 7, "/components/securitySchemes/A/flows"),
            "expected struct OAuth2Flows",
        ),
    ];
    for (text, want, message) in cases {
        let e = parse_error(&text, Format::Yaml);
        assert_eq!(at(&e), want, "{e}");
        assert!(e.message.contains(message), "{e}");
    }

    let json = "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {},\n \"components\": {\"schemas\": {\"A\": {\n  \"properties\": {\"b\": {\n    \"type\": 12}}}}}}";
    let e = parse_error(json, Format::Json);
    assert_eq!(
        at(&e),
        (4, 5, "/components/schemas/A/properties/b/type"),
        "{e}"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(100_000);
    let e = parse_error(&deep, Format::Json);
    assert_eq!((at(&e).0, at(&e).1), (1, 129), "{e}");
    assert!(e.message.contains("nested too deeply"), "{e}");
    let e = parse_error(&format!("{{\"openapi\": {deep}"), Format::Json);
    assert!(e.message.contains("nested too deeply"), "{e}");
    // serde_yaml stops at the same depth (libyaml keeps its own nesting on the heap).
    let e = parse_error(&deep[..10_000], Format::Yaml);
    assert_eq!(at(&e).0, 1, "{e}");
    let e = parse_error(
        &format!("openapi:\n  {}", "- ".repeat(10_000)),
        Format::Yaml,
    );
    assert_eq!(at(&e).0, 2, "{e}");
}

#[test]
fn yaml_plain_scalars_read_as_strings_where_strings_are_wanted() {
    // As serde_yaml reads them: `version: 1.0` is the string "1.0" for `info.version`.
    let spec = load::parse(
        "openapi: 3.0.0\ninfo: {title: 5, version: 1.0}\npaths: {}\n",
        Format::Yaml,
        Path::new("plain.yaml"),
    )
    .unwrap();
    assert_eq!(
        (
            spec.openapi.info.title.as_str(),
            spec.openapi.info.version.as_str()
        ),
        ("5", "1.0")
    );
}

#[test]
fn every_pointer_has_a_position() {
    let yaml = "openapi: 3.0.0\ninfo:\n  title: \"quoted\"\n  version: 1\nlist:\n  - a\n  - [x, 2]\n  - {}\n  - |\n    block\nempty: []\n'k/~': ~\n";
    let doc = load::read_document(yaml, Format::Yaml, Path::new("p.yaml")).unwrap();
    let at = |pointer: &str| doc.position_of(pointer).map(|p| (p.line, p.column));
    assert_eq!(at(""), Some((1, 1)));
    assert_eq!(at("/info"), Some((3, 3)));
    assert_eq!(at("/info/title"), Some((3, 10)));
    assert_eq!(at("/info/version"), Some((4, 12)));
    assert_eq!(at("/list"), Some((6, 3)));
    assert_eq!(at("/list/0"), Some((6, 5)));
    assert_eq!(at("/list/1"), Some((7, 5)));
    assert_eq!(at("/list/1/1"), Some((7, 9)));
    assert_eq!(at("/list/2"), Some((8, 5)));
    assert_eq!(at("/list/3"), Some((9, 5)));
    assert_eq!(at("/empty"), Some((11, 8)));
    assert_eq!(at("/k~1~0"), Some((12, 8)));
    assert_eq!(at("/nope"), None);
    assert_eq!(at("/list/9"), None);
    let entry = |pointer: &str| doc.entry_position_of(pointer).map(|p| (p.line, p.column));
    assert_eq!(entry("/info"), Some((2, 1)));
    assert_eq!(entry("/list/1/1"), Some((7, 9)));
    assert_eq!(entry("/k~1~0"), Some((12, 1)));
    assert_eq!(
        doc.position_of("/info/title").unwrap().offset,
        yaml.find("\"quoted").unwrap()
    );
    // The values are serde_json's: the block scalar keeps its newline, `~` is null.
    assert_eq!(
        value(&doc),
        serde_json::json!({
            "openapi": "3.0.0",
            "info": {"title": "quoted", "version": 1},
            "list": ["a", ["x", 2], {}, "block\n"],
            "empty": [],
            "k/~": null,
        })
    );

    let json = "{\"a\": [1, {\"b\": \"\\u00e9\"}],\n \"c\": -0.5e1}";
    let doc = load::read_document(json, Format::Json, Path::new("p.json")).unwrap();
    let at = |pointer: &str| doc.position_of(pointer).map(|p| (p.line, p.column));
    assert_eq!(at("/a"), Some((1, 7)));
    assert_eq!(at("/a/1/b"), Some((1, 17)));
    assert_eq!(at("/c"), Some((2, 7)));
    assert_eq!(
        doc.entry_position_of("/c").map(|p| (p.line, p.column)),
        Some((2, 2))
    );
}

#[test]
fn json_values_are_serde_json_values() {
    let json = r#"{"s": "a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\ud83d\ude00", "n": [0, -0, 1.5, -2, 1e3, 18446744073709551615, 18446744073709551616, -9223372036854775808, 2.5E-3], "t": true, "f": false, "z": null, "o": {}, "e": [], "u": "é😀"}"#;
    let doc = load::read_document(json, Format::Json, Path::new("v.json")).unwrap();
    let expected: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(value(&doc), expected);

    for (bad, column, message) in [
        ("[1,]", 4, "trailing comma"),
        ("{\"a\" 1}", 6, "expected `:`"),
        ("[01]", 3, "invalid number"),
        ("\"\\x\"", 3, "invalid escape"),
        ("\"\\ud800\"", 2, "lone leading surrogate"),
        ("\"a\tb\"", 3, "control character"),
        ("[tru]", 5, "expected ident"),
        ("1e999", 1, "number out of range"),
        ("\u{feff}{}", 1, "expected value"),
    ] {
        let e = load::read_document(bad, Format::Json, Path::new("bad.json")).unwrap_err();
        assert_eq!(at(&e).1, column, "{bad:?}: {e}");
        assert!(e.message.contains(message), "{bad:?}: {e}");
    }
}

#[test]
fn yaml_details_keep_their_positions() {
    // A byte order mark, an anchor and its alias, and an escaped key.
    let yaml = format!(
        "\u{feff}{HEAD}paths: {{}}\nx-a: &a {{k: 1}}\nx-b: *a\n\"x-\\u0063\": {{type: 1}}\n"
    );
    let doc = load::read_document(&yaml, Format::Yaml, Path::new("d.yaml")).unwrap();
    let at = |pointer: &str| doc.position_of(pointer).map(|p| (p.line, p.column));
    assert_eq!(at("/x-a/k"), Some((6, 13)));
    assert_eq!(at("/x-c/type"), Some((8, 20)));
    assert_eq!(
        doc.entry_position_of("/x-c").map(|p| (p.line, p.column)),
        Some((8, 1))
    );
    assert!(load::parse(&yaml, Format::Yaml, Path::new("d.yaml")).is_ok());
    // An empty text is not a spec, and says so.
    let e = parse_error("", Format::Yaml);
    assert!(e.message.contains("not an object"), "{e}");
}

#[test]
fn edited_specs_never_panic() {
    // Small random edits of a real spec, in both formats: each reads or is a located error.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/auth-oauth-v1.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let json = serde_json::to_string_pretty(&load::read_value(&path).unwrap()).unwrap();
    let edits = [
        ":", "-", "[", "{", "}", "]", "\"", "'", "1", " ", "\n", "&a ", "*a", "!t ", "~", "true",
        "\\", ",", "#", "|", "\t", "é", ".inf", "type: ",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut random = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    for round in 0..400 {
        let (original, format) = if round % 2 == 0 {
            (&yaml, Format::Yaml)
        } else {
            (&json, Format::Json)
        };
        let mut text = original.clone();
        for _ in 0..=random(3) {
            let mut at = random(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + random(4)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, edits[random(edits.len())]);
        }
        match load::parse(&text, format, Path::new("edited")) {
            Ok(spec) => {
                let _ = codegen::generate(&spec, &Settings::default());
            }
            Err(e) => {
                if let Location::Text { offset, .. } = e.location {
                    assert!(offset <= text.len(), "{e}");
                }
            }
        }
    }
}
