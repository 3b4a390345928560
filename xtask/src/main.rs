//! Maintenance tasks: `cargo xtask <task>`.
//!
//! - `codegen [--check] [--strict]`: regenerates `generated/src/api/v3.rs` and `v1.rs` from
//!   `specs/`, writing only files whose content changed; `--check` writes nothing and fails
//!   naming each stale file.
//! - `codegen --spec PATH --out DIR [--name NAME] [--strict] [--typed-formats]`: a standalone
//!   crate for any OpenAPI 3.0 document, JSON or YAML; `--typed-formats` types `date-time`,
//!   `date` and `uuid` strings (`codegen::Settings::typed_formats`). PATH a folder: every
//!   spec in it, each into `DIR/<file stem>/`, in one process on every core.
//! - `samples [DIR]`: generates a crate for every spec in DIR (default `../shared/spec-samples`,
//!   `../shared/spec-samples-other` and the fixtures) and `cargo check`s them all, failing on
//!   any warning; the specs in `xtask/expected-refusals.txt` must be refused as listed there.
//! - `diagnostics [--list KIND,…] [PATH…]`: generates every spec of PATH (files or
//!   directories; default those of `samples`) without compiling, and prints the diagnostics
//!   of each by kind, the totals by kind, and with `--list` every diagnostic of those kinds.
//! - `conformance [TEST ARGS]`: starts Prism on copies of the specs and runs
//!   `generated/tests/conformance.rs` against it (needs Node.js and npm).
//! - `conformance --spec PATH [--spec PATH…] [--responses N]`: the same for the client the
//!   generator writes for any spec (a file, or every spec of a folder): every operation called
//!   with synthesised arguments, N dynamic answers each (default 50), forced error statuses.
//! - `bench [--report-only] [-- ARGS]`: runs the criterion benchmarks of the generator and the
//!   client (a few minutes) and writes `BENCHMARKS.md`; `--report-only` rewrites it from the
//!   last results; ARGS go to the benchmark binaries.
//! - `fuzz [--seed S] [--count N] [--check N] [--jobs N] [--stack MIB]`: N inputs mutated
//!   from the specs `samples` uses, decided by seed S alone, through the generator; fails on a
//!   panic, a crash, an error without a location, or a checked output (`--check`, default 20)
//!   that does not compile cleanly. Failing inputs are saved in `target/fuzz-failures/`.
//! - `fuzz --replay FILE`: the same checks on one saved input.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod bench;
mod check;
mod codegen;
mod conformance;
mod diagnostics;
mod fuzz;
mod process;
mod samples;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
        Some("samples") => samples::run(&args[1..]),
        Some("diagnostics") => diagnostics::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("conformance") => {
            conformance::run(&project_root(), &args[1..]).map_err(|e| e.to_string())
        }
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask <task>
  codegen [--check] [--strict]                           regenerate generated/ from specs/
  codegen --spec PATH --out DIR [--name NAME] [--overrides FILE] [--strict] [--typed-formats]
                                                         a standalone crate for any spec; FILE
                                                         is a table like specs/overrides.yaml;
                                                         PATH a folder: a crate per spec in
                                                         DIR/<file stem>, on every core
  samples [DIR]                                          generate and check every spec in DIR
  diagnostics [--list KIND,...] [PATH...]                count the diagnostics of each spec, by kind
  conformance [TEST ARGS]                                run the client against Prism mock servers (needs Node.js 20+)
  conformance --spec PATH [--spec PATH...] [--responses N]
                                                         the same for the client of any spec (file or folder)
  bench [--report-only] [--cold-rounds N] [-- ARGS]      run the benchmarks, write BENCHMARKS.md
  fuzz [--seed S] [--count N] [--check N] [--jobs N] [--stack MIB]
                                                         the generator on N mutated specs from seed S
  fuzz --replay FILE                                     the same on one saved input";

/// The workspace root (the parent of this crate's directory).
fn project_root() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    dir.parent().unwrap_or(dir).to_owned()
}
