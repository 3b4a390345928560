//! The files of a standalone crate: the `formats` module and its dependencies come only with
//! typed formats.

use std::path::Path;

use codegen::{load, standalone, Settings};

fn files(typed_formats: bool) -> Vec<standalone::File> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typed_formats.yaml");
    let spec = load::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let settings = Settings {
        banner: "banner".to_owned(),
        typed_formats,
        ..Settings::default()
    };
    standalone::crate_files(&spec, &settings, "typed-formats")
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

fn file<'a>(files: &'a [standalone::File], path: &str) -> Option<&'a str> {
    files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
}

/// The `time` and `uuid` lines of the workspace's `[workspace.dependencies]`.
fn workspace_lines() -> Vec<String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let text = std::fs::read_to_string(manifest).expect("the workspace manifest");
    text.lines()
        .filter(|l| l.starts_with("time = ") || l.starts_with("uuid = "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn without_typed_formats_there_is_no_formats_module_and_no_dependency_for_it() {
    let files = files(false);
    assert_eq!(file(&files, "src/formats.rs"), None);
    let manifest = file(&files, "Cargo.toml").expect("a manifest");
    assert!(
        !manifest.contains("time =") && !manifest.contains("uuid ="),
        "{manifest}"
    );
    let lib = file(&files, "src/lib.rs").expect("a lib.rs");
    assert!(!lib.contains("pub mod formats;"));
    assert!(lib.contains("pub mod runtime;"));
}

#[test]
fn with_typed_formats_the_crate_gets_the_module_and_the_workspace_s_dependencies() {
    let files = files(true);
    let (name, source) = codegen::FORMATS_FILE;
    assert_eq!(
        file(&files, &format!("src/{name}")),
        Some(format!("// banner\n\n{source}").as_str())
    );
    let lib = file(&files, "src/lib.rs").expect("a lib.rs");
    assert!(lib.contains("pub mod formats;") && lib.contains("pub mod runtime;"));
    let manifest = file(&files, "Cargo.toml").expect("a manifest");
    let expected = workspace_lines();
    assert_eq!(expected.len(), 2, "{expected:?}");
    for line in expected {
        assert!(manifest.lines().any(|l| l == line), "{line} in\n{manifest}");
    }
}

#[test]
fn an_openapi_3_1_license_identifier_is_the_crate_license() {
    let manifest = |fixture: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let spec = load::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let files = standalone::crate_files(&spec, &Settings::default(), "a-crate")
            .unwrap_or_else(|e| panic!("{e}"))
            .0;
        file(&files, "Cargo.toml").unwrap_or_default().to_owned()
    };
    let with = manifest("openapi31_document.yaml");
    assert!(
        with.contains("publish = false\nlicense = \"Apache-2.0\"\n"),
        "{with}"
    );
    // 3.0's license has only a name, which is no SPDX expression: no `license` line.
    let without = manifest("typed_formats.yaml");
    assert!(!without.contains("license"), "{without}");
}

#[test]
fn standalone_crates_get_the_workspace_s_tls_setup() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |path: &str| std::fs::read_to_string(root.join(path)).expect("a manifest");
    let workspace = read("Cargo.toml");
    let line = |text: &str, start: &str| {
        text.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line starting with {start:?}"))
            .to_owned()
    };
    let files = files(false);
    let manifest = file(&files, "Cargo.toml").expect("a manifest");
    assert!(
        manifest.contains(&line(&workspace, "reqwest = ")),
        "{manifest}"
    );
    let rustls = line(&workspace, "rustls = ").replace(" }", ", optional = true }");
    assert!(manifest.contains(&rustls), "{manifest}");
    let generated = read("generated/Cargo.toml");
    for feature in ["default = ", "tls-ring = ", "tls-aws-lc = "] {
        assert!(
            manifest.contains(&line(&generated, feature)),
            "{feature}: {manifest}"
        );
    }
}
