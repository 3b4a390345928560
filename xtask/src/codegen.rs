//! `cargo xtask codegen`: specs → checked-in Rust, written only when it changed.

use std::path::{Path, PathBuf};

use codegen::{load, standalone, Overrides, Settings};

/// The checked-in modules: (spec file in `specs/`, module file in `generated/src/api/`, where
/// everything `cargo xtask codegen` writes lives; the rest of `generated/src/` is hand-written).
///
/// They are generated without typed formats: the only `date-time`, `date` or `uuid` string in
/// either spec is the error body's `correlationId` (`format: uuid`), an opaque text a caller
/// quotes in a support ticket; typing it would give every user of the crate two more
/// dependencies for no call they could make better.
pub const MODULES: &[(&str, &str)] = &[
    ("auth-oauth-v3.yaml", "v3.rs"),
    ("auth-oauth-v1.yaml", "v1.rs"),
    ("account-audit-logs-v3.yaml", "audit_logs_v3.rs"),
];

/// Fixtures whose generated modules the runtime's tests drive (`generated/tests/parameters.rs`,
/// `generated/tests/auth.rs`, `generated/tests/pagination.rs`):
/// (fixture in `generator/tests/fixtures/`, module file in `generated/tests/api/`).
pub const TEST_MODULES: &[(&str, &str)] = &[
    ("parameter_styles.yaml", "parameter_styles.rs"),
    ("parameter_objects.yaml", "parameter_objects.rs"),
    ("parameter_aliases.yaml", "parameter_aliases.rs"),
    ("cookie_parameters.yaml", "cookie_parameters.rs"),
    ("content_parameters.yaml", "content_parameters.rs"),
    ("security_schemes.yaml", "security_schemes.rs"),
    ("typed_formats.yaml", "typed_formats.rs"),
    ("multipart.yaml", "multipart.rs"),
    ("pagination.yaml", "pagination.rs"),
];

/// The fixtures generated with typed formats (`Settings::typed_formats`), wherever a fixture
/// is generated: their snapshots, `generated/tests/api/`, and `cargo xtask samples`.
pub const TYPED_FORMAT_FIXTURES: &[&str] = &["typed_formats.yaml"];

/// What to do with a file whose content is computed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write it when it differs from what is on disk.
    Write,
    /// Write nothing; a difference is an error.
    Check,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let mut mode = Mode::Write;
    let mut strict = false;
    let mut typed_formats = false;
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut overrides = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => mode = Mode::Check,
            "--strict" => strict = true,
            "--typed-formats" => typed_formats = true,
            "--spec" => spec = Some(PathBuf::from(it.next().ok_or("--spec needs a path")?)),
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a directory")?)),
            "--name" => name = Some(it.next().ok_or("--name needs a package name")?.clone()),
            "--overrides" => {
                overrides = Some(PathBuf::from(it.next().ok_or("--overrides needs a path")?))
            }
            other => return Err(format!("unknown argument {other:?}\n{}", super::USAGE)),
        }
    }
    match (spec, out) {
        (Some(spec), Some(out)) if spec.is_dir() => {
            if name.is_some() {
                return Err("--name names one crate: it does not go with a folder of specs".into());
            }
            let standalone = Standalone {
                name: None,
                overrides: overrides.as_deref(),
                strict,
                typed_formats,
            };
            let specs = crate::check::spec_files(&spec)?;
            let results = standalone_crates(&specs, &out, &standalone, mode, jobs());
            let mut failed = Vec::new();
            for (spec, result) in specs.iter().zip(&results) {
                match result {
                    Ok(diagnostics) => report(spec, diagnostics),
                    Err(e) => failed.push(format!("{}: {e}", spec.display())),
                }
            }
            println!(
                "{} crate(s) written in {}, {} spec(s) failed",
                results.iter().filter(|r| r.is_ok()).count(),
                out.display(),
                failed.len()
            );
            if failed.is_empty() {
                Ok(())
            } else {
                Err(failed.join("\n"))
            }
        }
        (Some(spec), Some(out)) => {
            let standalone = Standalone {
                name: name.as_deref(),
                overrides: overrides.as_deref(),
                strict,
                typed_formats,
            };
            let diagnostics = standalone_crate(&spec, &out, &standalone, mode)?;
            report(&spec, &diagnostics);
            Ok(())
        }
        (None, None) if overrides.is_some() => Err(
            "--overrides goes with --spec (the checked-in modules read specs/overrides.yaml)"
                .to_owned(),
        ),
        (None, None) if typed_formats => Err(
            "--typed-formats goes with --spec: the checked-in modules are generated without it"
                .to_owned(),
        ),
        (None, None) => {
            let stale = checked_in(&super::project_root(), strict, mode)?;
            if stale.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "stale generated file(s): {}\nrun `cargo xtask codegen` to regenerate",
                    stale
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
        _ => Err("--spec and --out go together".to_owned()),
    }
}

fn report(spec: &Path, diagnostics: &[codegen::Diagnostic]) {
    for d in diagnostics {
        eprintln!("{}: {d}", spec.display());
    }
}

/// Regenerates (or checks) the checked-in modules, and the fixture modules the runtime's tests
/// drive; returns the stale files in check mode. (The fixtures' diagnostics are in their
/// snapshots, so they are not reported here.)
pub fn checked_in(root: &Path, strict: bool, mode: Mode) -> Result<Vec<PathBuf>, String> {
    let specs = root.join("specs");
    let overrides: Overrides =
        load::read_overrides(&specs.join("overrides.yaml")).map_err(|e| e.to_string())?;
    let mut stale = Vec::new();
    for (spec_file, module_file) in MODULES {
        let spec_path = specs.join(spec_file);
        let spec = load::load_file(&spec_path).map_err(|e| e.to_string())?;
        let settings = Settings {
            strict,
            banner: format!(
                "@generated by `cargo xtask codegen` from specs/{spec_file}. Do not edit by hand."
            ),
            overrides: overrides.for_spec(spec_file),
            typed_formats: false,
        };
        let output = codegen::generate(&spec, &settings)
            .map_err(|e| format!("{}: {e}", spec_path.display()))?;
        report(&spec_path, &output.diagnostics);
        if let Some(needed) = output.recursion_limit {
            let lib = root.join("generated/src/lib.rs");
            let text = std::fs::read_to_string(&lib)
                .map_err(|e| format!("cannot read {}: {e}", lib.display()))?;
            check_recursion_limit(&text, needed, module_file)?;
        }
        let target = root.join("generated/src/api").join(module_file);
        if !write_if_changed(&target, &output.source, mode)? {
            stale.push(target);
        }
    }
    let fixtures = root.join("generator/tests/fixtures");
    for (fixture, module_file) in TEST_MODULES {
        let spec_path = fixtures.join(fixture);
        let spec = load::load_file(&spec_path).map_err(|e| e.to_string())?;
        let settings = Settings {
            strict,
            banner: format!(
                "@generated by `cargo xtask codegen` from generator/tests/fixtures/{fixture}. Do not edit by hand."
            ),
            overrides: Default::default(),
            typed_formats: TYPED_FORMAT_FIXTURES.contains(fixture),
        };
        let output = codegen::generate(&spec, &settings)
            .map_err(|e| format!("{}: {e}", spec_path.display()))?;
        let target = root.join("generated/tests/api").join(module_file);
        if !write_if_changed(&target, &output.source, mode)? {
            stale.push(target);
        }
    }
    Ok(stale)
}

/// The hand-written crate root includes the generated modules, so it must declare the
/// `#![recursion_limit]` their types need (a module cannot).
fn check_recursion_limit(lib_rs: &str, needed: usize, module_file: &str) -> Result<(), String> {
    let declared = lib_rs.lines().find_map(|line| {
        line.trim()
            .strip_prefix("#![recursion_limit = \"")?
            .strip_suffix("\"]")?
            .parse::<usize>()
            .ok()
    });
    match declared {
        Some(limit) if limit >= needed => Ok(()),
        _ => Err(format!(
            "the types of generated/src/{module_file} nest deeper than rustc's default recursion limit allows: add `#![recursion_limit = \"{needed}\"]` to generated/src/lib.rs"
        )),
    }
}

/// The options of `cargo xtask codegen --spec`.
#[derive(Default)]
pub struct Standalone<'a> {
    /// `--name`: the package name (default: from the spec's title).
    pub name: Option<&'a str>,
    /// `--overrides`: a table in the format of `specs/overrides.yaml`, whose entry for the
    /// spec's file name applies.
    pub overrides: Option<&'a Path>,
    /// `--strict`.
    pub strict: bool,
    /// `--typed-formats`.
    pub typed_formats: bool,
}

/// The worker threads of a batch: one per core.
pub fn jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Stack of a worker: the generator recurses as deep as a spec nests, which a debug build's
/// frames make larger than a spawned thread's default 2 MiB allows for the deepest specs.
const WORKER_STACK: usize = 64 << 20;

/// What generating one crate gave: its diagnostics, or why it failed.
pub type CrateResult = Result<Vec<codegen::Diagnostic>, String>;

/// [`standalone_crate`] for each spec, into `out/<file stem>/`, on `jobs` threads; the results
/// in the order of `specs`.
pub fn standalone_crates(
    specs: &[PathBuf],
    out: &Path,
    options: &Standalone<'_>,
    mode: Mode,
    jobs: usize,
) -> Vec<CrateResult> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<CrateResult>>> =
        specs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, specs.len().max(1)) {
            let worker = || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(spec) = specs.get(i) else { break };
                let stem = spec
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let result = standalone_crate(spec, &out.join(stem), options, mode);
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some(result);
                }
            };
            if let Err(e) = std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, worker)
            {
                eprintln!("cannot start a worker thread: {e}");
            }
        }
    });
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err("not generated: its worker stopped".to_owned()))
        })
        .collect()
}

/// Writes a standalone crate for any spec into `out`.
fn standalone_crate(
    spec_path: &Path,
    out: &Path,
    options: &Standalone<'_>,
    mode: Mode,
) -> Result<Vec<codegen::Diagnostic>, String> {
    let Standalone {
        name,
        overrides,
        strict,
        typed_formats,
    } = *options;
    let spec = load::load_file(spec_path).map_err(|e| e.to_string())?;
    let file_name = spec_path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name.map_or_else(
        || standalone::package_name(&spec.openapi.info.title),
        str::to_owned,
    );
    let overrides = match overrides {
        Some(path) => load::read_overrides(path)
            .map_err(|e| e.to_string())?
            .for_spec(&file_name),
        None => Default::default(),
    };
    let settings = Settings {
        strict,
        banner: format!(
            "@generated by `cargo xtask codegen --spec` from {file_name}. Do not edit by hand."
        ),
        overrides,
        typed_formats,
    };
    let (files, diagnostics) = standalone::crate_files(&spec, &settings, &name)
        .map_err(|e| format!("{}: {e}", spec_path.display()))?;
    let mut stale = Vec::new();
    for file in files {
        let target = out.join(file.path);
        if !write_if_changed(&target, &file.contents, mode)? {
            stale.push(target.display().to_string());
        }
    }
    // Crates written before the runtime became a folder have `src/runtime.rs`, which would
    // make the `runtime` module ambiguous.
    let old_runtime = out.join("src/runtime.rs");
    if old_runtime.exists() {
        match mode {
            Mode::Check => stale.push(format!("{} (to remove)", old_runtime.display())),
            Mode::Write => std::fs::remove_file(&old_runtime)
                .map_err(|e| format!("cannot remove {}: {e}", old_runtime.display()))?,
        }
    }
    if stale.is_empty() {
        Ok(diagnostics)
    } else {
        Err(format!("stale generated file(s): {}", stale.join(", ")))
    }
}

/// Writes `contents` to `path` only when it differs (so nothing rebuilds needlessly). In
/// check mode nothing is written; the result says whether the file was up to date.
pub fn write_if_changed(path: &Path, contents: &str, mode: Mode) -> Result<bool, String> {
    let current = std::fs::read_to_string(path).ok();
    if current.as_deref() == Some(contents) {
        return Ok(true);
    }
    match mode {
        Mode::Check => Ok(false),
        Mode::Write => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(path, contents)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Ok(true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_root_must_declare_the_recursion_limit() {
        let lib = "//! Docs.\n\n#![recursion_limit = \"512\"]\n\npub mod v3;\n";
        assert!(check_recursion_limit(lib, 512, "v3.rs").is_ok());
        let low = check_recursion_limit(lib, 1024, "v3.rs").unwrap_err();
        assert!(low.contains("#![recursion_limit = \"1024\"]"), "{low}");
        assert!(check_recursion_limit("pub mod v3;\n", 256, "v3.rs").is_err());
    }

    #[test]
    fn typed_formats_go_with_a_spec_only() {
        let error = run(&["--typed-formats".to_owned()]).unwrap_err();
        assert!(error.contains("--spec"), "{error}");
        assert!(TEST_MODULES
            .iter()
            .any(|(fixture, _)| TYPED_FORMAT_FIXTURES.contains(fixture)));
    }

    #[test]
    fn a_folder_of_specs_becomes_a_crate_each_and_a_bad_spec_fails_alone() {
        let dir = std::env::temp_dir().join(format!("xtask-batch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let specs_dir = dir.join("specs");
        std::fs::create_dir_all(&specs_dir).expect("a folder");
        let fixtures = crate::project_root().join("generator/tests/fixtures");
        for name in ["parameters.yaml", "openapi31_const.yaml", "multipart.yaml"] {
            std::fs::copy(fixtures.join(name), specs_dir.join(name)).expect("a copy");
        }
        std::fs::write(specs_dir.join("broken.json"), "{\"openapi\": \"3.0.0\", ").expect("a file");
        let specs = crate::check::spec_files(&specs_dir).expect("the specs");
        let out = dir.join("out");
        for jobs in [1, 3] {
            let results =
                standalone_crates(&specs, &out, &Standalone::default(), Mode::Write, jobs);
            assert_eq!(results.len(), 4);
            // In the order of `specs` (sorted): broken, multipart, openapi31_const, parameters.
            let broken = results[0]
                .as_ref()
                .expect_err("a truncated spec is refused");
            assert!(broken.contains("broken.json:1:"), "{broken}");
            for (spec, result) in specs.iter().zip(&results).skip(1) {
                assert!(result.is_ok(), "{}: {result:?}", spec.display());
                let stem = spec.file_stem().expect("a stem");
                assert!(out.join(stem).join("src/lib.rs").is_file());
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// `cargo test` alone catches a generated file that is out of date.
    #[test]
    fn checked_in_code_is_fresh() {
        let stale =
            checked_in(&crate::project_root(), false, Mode::Check).expect("the specs generate");
        assert!(
            stale.is_empty(),
            "stale: {stale:?}; run `cargo xtask codegen`"
        );
    }
}
