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
//!
//! `--help` (or `-h`) before any `--` prints the usage (of the task named first, if any) and
//! does nothing else; an unknown argument fails with the usage.

use std::io::Write as _;
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

/// The tasks, as the command line names them.
const TASKS: [&str; 6] = [
    "codegen",
    "samples",
    "diagnostics",
    "conformance",
    "bench",
    "fuzz",
];

/// What `--help` prints: the whole usage, or a task's lines of it. `None` when `args` do not
/// ask for help (`--help` or `-h` before any `--`, which passes arguments on).
fn help(args: &[String]) -> Option<String> {
    let asked = args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--help" || a == "-h");
    if !asked {
        return None;
    }
    let task = args.first().filter(|t| TASKS.contains(&t.as_str()));
    Some(match task {
        Some(task) => task_usage(task),
        None => USAGE.to_owned(),
    })
}

/// The lines of [`USAGE`] about one task: those naming it, and the lines continuing them.
fn task_usage(task: &str) -> String {
    let mut lines = vec!["usage: cargo xtask".to_owned()];
    let mut in_task = false;
    for line in USAGE.lines().skip(1) {
        let named = line.trim_start();
        if line.starts_with("  ") && !line.starts_with("   ") {
            in_task = named == task || named.starts_with(&format!("{task} "));
        }
        if in_task {
            lines.push(line.to_owned());
        }
    }
    lines.join("\n")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(text) = help(&args) {
        // A reader that stops early (`| head`) is no failure of the help.
        let _ = writeln!(std::io::stdout(), "{text}");
        return ExitCode::SUCCESS;
    }
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

#[cfg(test)]
mod tests {
    use super::{help, task_usage, TASKS, USAGE};

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn help_is_asked_for_before_any_double_dash() {
        assert_eq!(help(&args(&["--help"])).as_deref(), Some(USAGE));
        assert_eq!(help(&args(&["-h"])).as_deref(), Some(USAGE));
        let conformance = help(&args(&["conformance", "--help"])).expect("help");
        assert!(
            conformance.contains("conformance [TEST ARGS]"),
            "{conformance}"
        );
        assert!(conformance.contains("--responses N"), "{conformance}");
        assert!(!conformance.contains("codegen"), "{conformance}");
        assert_eq!(help(&args(&["conformance", "--spec", "x"])), None);
        // After `--`, arguments belong to the benchmarks.
        assert_eq!(help(&args(&["bench", "--", "--help"])), None);
        assert_eq!(help(&args(&["codegen"])), None);
    }

    #[test]
    fn every_task_has_usage_lines_of_its_own() {
        for task in TASKS {
            let text = task_usage(task);
            assert!(text.lines().count() > 1, "{task}: {text}");
            for line in text.lines().skip(1) {
                let named = line.trim_start();
                if line.starts_with("  ") && !line.starts_with("   ") {
                    assert!(named.starts_with(task), "{task}: {line}");
                }
            }
        }
        // The continuation lines of codegen --spec stay with it.
        assert!(task_usage("codegen").contains("DIR/<file stem>, on every core"));
    }
}
