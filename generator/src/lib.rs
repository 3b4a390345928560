//! Turns an OpenAPI 3.0 document into the Rust source of a typed, async client.
//!
//! The data flows one way, one module per step:
//!
//! ```text
//! spec text ──load──▶ openapiv3::OpenAPI ──normalize──▶ ir::Api ──emit──▶ TokenStream ──render──▶ text
//! ```
//!
//! - [`load`] reads JSON or YAML and reports unreadable input with the file and the location.
//! - [`normalize`] decides what every type and operation means and records it in the [`ir`];
//!   problems inside a readable spec become [`Diagnostic`]s with a documented fallback.
//! - [`emit`] turns the IR into tokens; it never looks at the spec.
//! - [`render`] formats the tokens and adds the banner naming the command that made the file.
//!
//! [`generate`] runs the whole pipeline on a parsed document.

pub mod diagnostic;
pub mod emit;
pub mod ir;
pub mod load;
pub mod normalize;
pub mod render;
mod settings;
pub mod standalone;

pub use diagnostic::{Diagnostic, DiagnosticKind};
pub use settings::{
    CursorPagination, FieldOverride, Off, OperationOverride, Overrides, PaginationOverride, Retry,
    SecurityOverride, SendAs, Settings, SpecOverrides,
};

/// The client runtime that every generated module calls into (`crate::runtime`), as
/// `(path under src/runtime/, source)` pairs. Standalone crates get a copy of the folder.
pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../generated/src/runtime/mod.rs")),
    (
        "auth.rs",
        include_str!("../../generated/src/runtime/auth.rs"),
    ),
    (
        "config.rs",
        include_str!("../../generated/src/runtime/config.rs"),
    ),
    (
        "decode.rs",
        include_str!("../../generated/src/runtime/decode.rs"),
    ),
    (
        "error.rs",
        include_str!("../../generated/src/runtime/error.rs"),
    ),
    (
        "multipart.rs",
        include_str!("../../generated/src/runtime/multipart.rs"),
    ),
    (
        "pager.rs",
        include_str!("../../generated/src/runtime/pager.rs"),
    ),
    (
        "params.rs",
        include_str!("../../generated/src/runtime/params.rs"),
    ),
    (
        "redact.rs",
        include_str!("../../generated/src/runtime/redact.rs"),
    ),
    (
        "request.rs",
        include_str!("../../generated/src/runtime/request.rs"),
    ),
    (
        "secrets.rs",
        include_str!("../../generated/src/runtime/secrets.rs"),
    ),
    (
        "transport.rs",
        include_str!("../../generated/src/runtime/transport.rs"),
    ),
];

/// The typed strings of modules generated with [`Settings::typed_formats`]
/// (`crate::formats`: `Formatted<T>` for `date-time`, `date` and `uuid`), as `(path under
/// src/, source)`. It needs the `time` and `uuid` crates, which a crate generated without typed
/// formats does not depend on, so it is a module of its own beside `runtime`; a standalone crate
/// generated with typed formats gets a copy.
pub const FORMATS_FILE: (&str, &str) =
    ("formats.rs", include_str!("../../generated/src/formats.rs"));

/// What one run of the generator produced for one spec.
#[derive(Debug)]
pub struct Output {
    /// The formatted module source, banner included.
    pub source: String,
    /// Problems found in the spec, each with the fallback that was applied.
    pub diagnostics: Vec<Diagnostic>,
    /// The `#![recursion_limit]` the crate holding this module needs, when rustc's default
    /// (128) is too low for how deeply its types contain one another. A standalone crate
    /// declares it itself; a hand-written crate root including the module must.
    pub recursion_limit: Option<usize>,
    /// The spec's SPDX license expression (3.1 `info.license.identifier`), for a crate's
    /// manifest.
    pub license: Option<String>,
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be read as an OpenAPI 3.0 document.
    #[error(transparent)]
    Load(#[from] load::LoadError),
    /// `strict` was set and the spec raised diagnostics.
    #[error("{} problem(s) in the spec, and strict mode turns them into errors:\n{}", .0.len(), DisplayList(.0))]
    Strict(Vec<Diagnostic>),
    /// The emitted tokens did not parse as a Rust file: a bug in the generator.
    #[error(transparent)]
    Render(#[from] render::RenderError),
}

struct DisplayList<'a>(&'a [Diagnostic]);

impl std::fmt::Display for DisplayList<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "  {d}")?;
        }
        Ok(())
    }
}

/// Generates the module source for one parsed document.
///
/// With `settings.strict`, any diagnostic is an [`Error::Strict`]; otherwise the diagnostics
/// are returned beside the source, whose fallbacks keep it compiling.
pub fn generate(spec: &load::Spec, settings: &Settings) -> Result<Output, Error> {
    generate_with(spec, settings, None, false)
}

/// [`generate`]; with `crate_root`, the module is the root of a crate: it declares the
/// recursion limit it needs, and the `crate_root` items are appended; with `conformance`, a
/// `conformance` module too ([`emit::conformance`]).
fn generate_with(
    spec: &load::Spec,
    settings: &Settings,
    crate_root: Option<proc_macro2::TokenStream>,
    conformance: bool,
) -> Result<Output, Error> {
    let (api, found) = normalize::normalize(spec, settings);
    let mut diagnostics = spec.diagnostics.clone();
    diagnostics.extend(found);
    if settings.strict && !diagnostics.is_empty() {
        return Err(Error::Strict(diagnostics));
    }
    let mut tokens = proc_macro2::TokenStream::new();
    if let (Some(_), Some(limit)) = (&crate_root, api.recursion_limit) {
        let limit = limit.to_string();
        tokens.extend(quote::quote!(#![recursion_limit = #limit]));
    }
    tokens.extend(emit::module(&api));
    tokens.extend(crate_root);
    if conformance {
        let items = emit::conformance(&api);
        tokens.extend(quote::quote!(pub mod conformance { #items }));
    }
    let source = render::render(tokens, &settings.banner)?;
    Ok(Output {
        source,
        diagnostics,
        recursion_limit: api.recursion_limit,
        license: api.license,
    })
}
