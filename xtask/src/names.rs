//! `cargo xtask names [DIR]`: how the operations of many specs got their names.
//!
//! For every spec in DIR (the same defaults as `samples`), without writing or compiling
//! anything: the number of operations, and how many of them a name collision left with a path
//! name or a numeric suffix (a `name-collision` diagnostic at the operation). Specs are read
//! without overrides, as `samples` reads them.

use std::collections::BTreeSet;
use std::path::PathBuf;

use codegen::{load, normalize, DiagnosticKind, Settings};

use crate::check;

pub fn run(args: &[String]) -> Result<(), String> {
    let root = super::project_root();
    let dirs = match args.first() {
        Some(dir) => vec![PathBuf::from(dir)],
        None => check::default_spec_dirs(&root),
    };
    let (mut operations, mut collided) = (0, 0);
    for dir in &dirs {
        for path in check::spec_files(dir)? {
            let spec = load::load_file(&path).map_err(|e| e.to_string())?;
            let (api, diagnostics) = normalize::normalize(&spec, &Settings::default());
            let pointers: BTreeSet<&str> =
                api.operations.iter().map(|o| o.pointer.as_str()).collect();
            let named_from_path: BTreeSet<&str> = diagnostics
                .iter()
                .filter(|d| d.kind == DiagnosticKind::NameCollision)
                .map(|d| d.pointer.as_str())
                .filter(|p| pointers.contains(p))
                .collect();
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            println!(
                "{:>4} operations, {:>3} named from their path or suffixed after a collision  {stem}",
                api.operations.len(),
                named_from_path.len()
            );
            operations += api.operations.len();
            collided += named_from_path.len();
        }
    }
    println!(
        "\n{operations} operations, {collided} named from their path or suffixed after a collision"
    );
    Ok(())
}
