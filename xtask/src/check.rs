//! What `samples`, `diagnostics` and `fuzz` share: where the specs are, and `cargo check` of the crates the
//! generator writes, with warnings denied and one target directory for both tasks (so the
//! runtime's dependencies are built once).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The target directory of every checked crate.
pub fn target_dir(root: &Path) -> PathBuf {
    root.join("target/samples/target")
}

/// The default spec directories: HubSpot's specs in `../shared/spec-samples` beside the
/// project, then the generator's fixtures. Without `../shared` (a clone outside CI) it says
/// so and gives the fixtures only.
pub fn default_spec_dirs(root: &Path) -> Vec<PathBuf> {
    let fixtures = root.join("generator/tests/fixtures");
    let shared = root.join("../shared/spec-samples");
    if shared.is_dir() {
        vec![shared, fixtures]
    } else {
        println!(
            "note: {} is absent (a clone outside CI), so only the project's own fixtures are used",
            shared.display()
        );
        vec![fixtures]
    }
}

/// The directories `samples` and `diagnostics` read by default: [`default_spec_dirs`], and
/// the other vendors' specs in `../shared/spec-samples-other` when it exists (after HubSpot's,
/// before the fixtures). `fuzz` keeps to [`default_spec_dirs`].
pub fn sample_spec_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs = default_spec_dirs(root);
    let other = root.join("../shared/spec-samples-other");
    if other.is_dir() {
        dirs.insert(dirs.len() - 1, other);
    }
    dirs
}

/// The spec files named by `paths` (directories are listed, files taken as they are), or of
/// [`sample_spec_dirs`] when there are none; an error when that leaves no spec.
pub fn specs_of(root: &Path, paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let dirs = if paths.is_empty() {
        sample_spec_dirs(root)
    } else {
        paths.to_vec()
    };
    let mut specs = Vec::new();
    for path in &dirs {
        if path.is_file() {
            specs.push(path.clone());
        } else {
            specs.extend(spec_files(path)?);
        }
    }
    if specs.is_empty() {
        return Err(format!(
            "no spec files in {}",
            dirs.iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(specs)
}

/// The `.json`, `.yaml` and `.yml` files of a directory, sorted.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    codegen::load::spec_files(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))
}

/// Runs `cargo check ARGS --manifest-path MANIFEST` with warnings denied in the shared target
/// directory, and returns what it printed.
pub fn cargo_check(root: &Path, manifest: &Path, args: &[&str]) -> Result<Output, String> {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .arg("check")
        .args(args)
        .arg("--manifest-path")
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target_dir(root))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))
}
