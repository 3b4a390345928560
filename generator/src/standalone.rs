//! A standalone crate for any spec: `Cargo.toml`, `src/lib.rs` (the generated module, with the
//! `#![recursion_limit]` its types need, if rustc's default is too low) and `src/runtime/` (a
//! copy of [`crate::RUNTIME_FILES`]); with typed formats, also `src/formats.rs` (a copy of
//! [`crate::FORMATS_FILE`]) and the `time` and `uuid` dependencies it needs.

use quote::quote;

use crate::{Diagnostic, Error, Settings};

/// The runtime's dependencies, as `generated/Cargo.toml` has them.
const DEPENDENCIES: &str = r#"http = "1"
httpdate = "1"
percent-encoding = "2"
reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"], optional = true }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_path_to_error = "0.1"
serde_urlencoded = "0.7"
tokio = { version = "1", default-features = false, features = ["time"] }
"#;

/// The runtime's TLS providers, as `generated/Cargo.toml` has them: rustls with reqwest's own
/// aws-lc-rs by default (post-quantum key exchange), or with `ring` (a faster cold build; the
/// first client installs it as the process's provider unless one is installed).
const FEATURES: &str = r#"default = ["tls-aws-lc"]
tls-aws-lc = ["reqwest/rustls"]
tls-ring = ["dep:rustls"]
"#;

/// What `src/formats.rs` needs, as the workspace's `Cargo.toml` has it: only with typed formats.
const FORMATS_DEPENDENCIES: &str = r#"time = { version = "0.3", default-features = false, features = ["std", "parsing", "formatting"] }
uuid = { version = "1", default-features = false }
"#;

/// One file of a standalone crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// The path relative to the crate's root, with `/` separators.
    pub path: String,
    /// The file's content.
    pub contents: String,
}

/// The files of a crate named `name` (a valid package name) for one spec.
pub fn crate_files(
    spec: &crate::load::Spec,
    settings: &Settings,
    name: &str,
) -> Result<(Vec<File>, Vec<Diagnostic>), Error> {
    files_of(spec, settings, name, false)
}

/// [`crate_files`], with a `conformance` module in `src/lib.rs`: every operation as data, for
/// `cargo xtask conformance --spec` ([`crate::emit::conformance`]).
pub fn conformance_crate_files(
    spec: &crate::load::Spec,
    settings: &Settings,
    name: &str,
) -> Result<(Vec<File>, Vec<Diagnostic>), Error> {
    files_of(spec, settings, name, true)
}

fn files_of(
    spec: &crate::load::Spec,
    settings: &Settings,
    name: &str,
    conformance: bool,
) -> Result<(Vec<File>, Vec<Diagnostic>), Error> {
    let crate::Output {
        source: lib,
        diagnostics,
        license,
        ..
    } = crate::generate_with(
        spec,
        settings,
        Some(if settings.typed_formats {
            quote!(
                pub mod formats;
                pub mod runtime;
            )
        } else {
            quote!(
                pub mod runtime;
            )
        }),
        conformance,
    )?;
    let formats = if settings.typed_formats {
        FORMATS_DEPENDENCIES
    } else {
        ""
    };
    let license = license
        .map(|l| format!("license = {}\n", toml_string(&l)))
        .unwrap_or_default();
    let manifest = format!(
        "# {banner}\n\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n{license}\n[dependencies]\n{DEPENDENCIES}{formats}\n[features]\n{FEATURES}\n# Not part of any enclosing workspace.\n[workspace]\n",
        banner = settings.banner,
    );
    let mut files = vec![
        File {
            path: "Cargo.toml".to_owned(),
            contents: manifest,
        },
        File {
            path: "src/lib.rs".to_owned(),
            contents: lib,
        },
    ];
    if settings.typed_formats {
        let (name, source) = crate::FORMATS_FILE;
        files.push(File {
            path: format!("src/{name}"),
            contents: format!("// {}\n\n{source}", settings.banner),
        });
    }
    files.extend(crate::RUNTIME_FILES.iter().map(|(name, source)| File {
        path: format!("src/runtime/{name}"),
        contents: format!("// {}\n\n{source}", settings.banner),
    }));
    Ok((files, diagnostics))
}

/// A TOML basic string: quoted, with quotes, backslashes and control characters escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A package name from a spec title: lowercase words joined by `-`.
pub fn package_name(title: &str) -> String {
    let name = heck::ToKebabCase::to_kebab_case(title);
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}")
    }
}
