//! The generator's output, snapshotted: one fixture per rule, and HubSpot's two OAuth specs.
//! A reviewer reads the snapshot diff to see exactly what a change does to generated code.

use std::path::{Path, PathBuf};

use codegen::{load, OperationOverride, Overrides, Settings, SpecOverrides};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The generated source, then the diagnostics, as one reviewable text.
fn generate(path: &Path, settings: &Settings) -> String {
    let spec = load::load_file(path).unwrap_or_else(|e| panic!("{e}"));
    let output = codegen::generate(&spec, settings).unwrap_or_else(|e| panic!("{e}"));
    let mut text = output.source;
    text.push_str("\n// ---- diagnostics ----\n");
    for d in &output.diagnostics {
        text.push_str(&format!("// {d}\n"));
    }
    if let Some(limit) = output.recursion_limit {
        text.push_str(&format!(
            "// ---- the crate root declares ----\n// #![recursion_limit = \"{limit}\"]\n"
        ));
    }
    text
}

fn fixture(name: &str) -> String {
    fixture_with(name, &Settings::default())
}

fn fixture_with(name: &str, settings: &Settings) -> String {
    let path = root()
        .join("generator/tests/fixtures")
        .join(format!("{name}.yaml"));
    generate(&path, settings)
}

/// Generated with typed formats (as `cargo xtask codegen` and `samples` generate it too).
#[test]
fn typed_formats() {
    let settings = Settings {
        typed_formats: true,
        ..Settings::default()
    };
    insta::assert_snapshot!("typed_formats", fixture_with("typed_formats", &settings));
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), fixture(stringify!($name)));
            }
        )*
    };
}

fixtures!(
    oneof_inferred_tag,
    oneof_discriminator,
    oneof_untagged,
    oneof_shared_tag,
    string_enum,
    presence,
    formats,
    maps,
    all_of,
    all_of_annotations,
    untyped_arrays,
    names,
    openapi31_const,
    openapi31_document,
    openapi31_fastapi,
    openapi31_handwritten,
    openapi31_nullable,
    openapi31_unsupported,
    openapi31_utoipa,
    openapi31_values,
    operation_names,
    recursion,
    references,
    recursive_aliases,
    depth,
    conformance,
    control_characters,
    long_names,
    long_keys,
    parameter_keys,
    oneof_duplicates,
    secrets,
    parameters,
    fallbacks,
    deprecated,
    debug_masking,
    local_names,
    lenient,
    parameter_styles,
    parameter_objects,
    parameter_aliases,
    cookie_parameters,
    content_parameters,
    security_schemes,
    multipart,
);

/// `tag_names`, with an override table that names its first operation `create`.
#[test]
fn tag_names() {
    let mut overrides = SpecOverrides::default();
    overrides.operations.insert(
        "post-/crm/v3/objects/{objectType}_create".to_owned(),
        OperationOverride {
            name: Some("create".to_owned()),
            ..Default::default()
        },
    );
    let settings = Settings {
        overrides,
        ..Default::default()
    };
    let path = root().join("generator/tests/fixtures/tag_names.yaml");
    insta::assert_snapshot!("tag_names", generate(&path, &settings));
}

/// `pagination`, with an override table that describes `listEntries`' paging, turns
/// `listOff`'s off, and gives `listWrong` a parameter it does not have.
#[test]
fn pagination() {
    let table = r#"
pagination.yaml:
  operations:
    listEntries:
      pagination: { cursor_param: page_after, next: meta.next_page, items: entries }
    listOff:
      pagination: off
    listWrong:
      pagination: { cursor_param: after, next: paging.next.after, items: results }
"#;
    let overrides: Overrides = serde_yaml::from_str(table).unwrap_or_else(|e| panic!("{e}"));
    let settings = Settings {
        overrides: overrides.for_spec("pagination.yaml"),
        ..Default::default()
    };
    let path = root().join("generator/tests/fixtures/pagination.yaml");
    insta::assert_snapshot!("pagination", generate(&path, &settings));
}

fn hubspot(spec_file: &str) -> String {
    let specs = root().join("specs");
    let overrides =
        load::read_overrides(&specs.join("overrides.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let settings = Settings {
        strict: true,
        banner: String::new(),
        overrides: overrides.for_spec(spec_file),
        typed_formats: false,
    };
    generate(&specs.join(spec_file), &settings)
}

#[test]
fn hubspot_oauth_v3() {
    insta::assert_snapshot!("hubspot_oauth_v3", hubspot("auth-oauth-v3.yaml"));
}

#[test]
fn hubspot_oauth_v1() {
    insta::assert_snapshot!("hubspot_oauth_v1", hubspot("auth-oauth-v1.yaml"));
}

/// The `conformance` module of the crate `cargo xtask conformance --spec` writes: each
/// operation as data, built from JSON arguments and decoded into an outcome.
#[test]
fn conformance_module() {
    let path = root().join("generator/tests/fixtures/conformance.yaml");
    let spec = load::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let (files, _) =
        codegen::standalone::conformance_crate_files(&spec, &Settings::default(), "conformance")
            .unwrap_or_else(|e| panic!("{e}"));
    let lib = files
        .iter()
        .find(|f| f.path == "src/lib.rs")
        .map(|f| f.contents.as_str())
        .unwrap_or_default();
    let start = lib
        .find("pub mod conformance {")
        .expect("a conformance module");
    insta::assert_snapshot!("conformance_module", &lib[start..]);
    // Crates for users never get it.
    let (files, _) = codegen::standalone::crate_files(&spec, &Settings::default(), "conformance")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(files
        .iter()
        .all(|f| !f.contents.contains("pub mod conformance")));
}

#[test]
fn output_is_deterministic() {
    let path = root().join("specs/auth-oauth-v3.yaml");
    let first = generate(&path, &Settings::default());
    for _ in 0..3 {
        assert_eq!(first, generate(&path, &Settings::default()));
    }
}

#[test]
fn every_fixture_is_snapshotted() {
    let dir = root().join("generator/tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_owned))
        .collect();
    names.sort();
    let snapshots = root().join("generator/tests/snapshots");
    for name in names {
        let snap = snapshots.join(format!("snapshots__{name}.snap"));
        assert!(
            snap.exists(),
            "fixture {name} has no snapshot test ({})",
            snap.display()
        );
    }
}
