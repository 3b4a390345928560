//! `cargo xtask samples [DIR]`: the generator on many real specs.
//!
//! Every `.json`, `.yaml` or `.yml` file in DIR (default: HubSpot's specs in
//! `../shared/spec-samples`, other vendors' in `../shared/spec-samples-other`, and the
//! generator's fixtures) becomes a standalone crate under `target/samples/`, exactly as `cargo
//! xtask codegen --spec` writes it; each is then `cargo check`ed with warnings denied. Each
//! crate has a package name of its own (`sample-` and the file's stem): the crates share one
//! target directory, and cargo tells a crate's earlier results from another's by name and
//! version alone (each crate is its own workspace root), so that with one name for all, a
//! crate left unchanged was taken as checked whenever any crate had been checked after it was
//! written. The fixtures of `codegen::TYPED_FORMAT_FIXTURES` are generated with typed formats,
//! as their snapshots are; every other spec with the default settings. Where
//! `../shared` does not exist (a clone outside CI), it says so and checks the project's own
//! fixtures (`generator/tests/fixtures`) instead.
//!
//! A spec named in `xtask/expected-refusals.txt` must be refused instead: by a load error with
//! a line and a column whose message contains the fragment given there. One that generates, or
//! is refused otherwise, fails the run, as does any other refusal. It ends with the counts:
//! specs, crates that compiled, expected refusals, failures, diagnostics by kind, and the time
//! taken.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::load::{LoadError, Location};
use codegen::{load, standalone, Settings};

use crate::check;
use crate::codegen::{write_if_changed, Mode};

/// The committed list of specs that must be refused, and why.
const EXPECTED_REFUSALS: &str = include_str!("../expected-refusals.txt");

pub fn run(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let root = super::project_root();
    let paths: Vec<PathBuf> = args.first().map(PathBuf::from).into_iter().collect();
    let specs = check::specs_of(&root, &paths)?;
    let expected = expected_refusals(EXPECTED_REFUSALS)?;
    let out = root.join("target/samples");
    let mut by_kind: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut compiled = 0;
    let mut refused = 0;
    let mut packages = BTreeSet::new();
    for spec_path in &specs {
        let file = spec_path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = spec_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let crate_dir = out.join(&stem);
        let package = package_name(&stem, &mut packages);
        let mut fail = |why: String| {
            println!("FAILED  {stem}: {why}");
            failures.push(format!("{stem}: {why}"));
        };
        let generated = generate(spec_path, &crate_dir, &package);
        match (generated, expected.get(file.as_str())) {
            (Ok(diagnostics), None) => {
                for d in &diagnostics {
                    *by_kind.entry(d.kind.code()).or_default() += 1;
                }
                match check_crate(&root, &crate_dir) {
                    Ok(()) => {
                        compiled += 1;
                        println!("ok      {stem} ({} diagnostics)", diagnostics.len());
                    }
                    Err(e) => fail(format!("does not compile cleanly\n{e}")),
                }
            }
            (Ok(_), Some(fragment)) => fail(format!(
                "generated, but expected-refusals.txt says it must be refused ({fragment:?})"
            )),
            (Err(Refusal::Load(e)), Some(fragment)) => match located_with(&e, fragment) {
                Ok(()) => {
                    refused += 1;
                    println!("refused {stem}, as expected: {e}");
                }
                Err(why) => fail(format!("{why}: {e}")),
            },
            (Err(e), Some(_)) => fail(format!("refused, but not by a load error: {e}")),
            (Err(e), None) => fail(e.to_string()),
        }
    }
    for file in expected.keys() {
        if !specs
            .iter()
            .any(|p| p.file_name().is_some_and(|f| f == *file))
        {
            println!("note: {file}, an expected refusal, is not among these specs");
        }
    }
    let total: usize = by_kind.values().sum();
    println!(
        "\n{} specs: {} generated and compiled without warnings, {} refused as expected, {} failed; {} diagnostics{}{}; {:.1} s",
        specs.len(),
        compiled,
        refused,
        failures.len(),
        total,
        if by_kind.is_empty() { "" } else { ": " },
        by_kind
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", "),
        started.elapsed().as_secs_f64()
    );
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} spec(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        ))
    }
}

/// `file  fragment` lines (blank lines and `#` comments skipped), by file name.
fn expected_refusals(text: &str) -> Result<BTreeMap<&str, &str>, String> {
    let mut expected = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(char::is_whitespace) {
            Some((file, fragment)) if !fragment.trim().is_empty() => {
                expected.insert(file, fragment.trim());
            }
            _ => {
                return Err(format!(
                    "xtask/expected-refusals.txt:{}: expected a file name and a message fragment",
                    i + 1
                ))
            }
        }
    }
    Ok(expected)
}

/// Whether a load error is the expected one: located at a line and column, with the fragment.
fn located_with(e: &LoadError, fragment: &str) -> Result<(), &'static str> {
    if !matches!(e.location, Location::Text { .. }) {
        Err("refused as expected, but without a line and column")
    } else if !e.message.contains(fragment) {
        Err("refused, but not with the message expected-refusals.txt gives")
    } else {
        Ok(())
    }
}

/// Why a spec produced no crate.
enum Refusal {
    /// The spec could not be read.
    Load(LoadError),
    /// Generation or writing failed.
    Other(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Load(e) => write!(f, "{e}"),
            Refusal::Other(e) => f.write_str(e),
        }
    }
}

/// `sample-` and the kebab-cased stem, suffixed when another spec of the run has it.
fn package_name(stem: &str, taken: &mut BTreeSet<String>) -> String {
    let base = standalone::package_name(&format!("sample {stem}"));
    let mut name = base.clone();
    let mut n = 1;
    while !taken.insert(name.clone()) {
        n += 1;
        name = format!("{base}-{n}");
    }
    name
}

fn generate(
    spec_path: &Path,
    crate_dir: &Path,
    package: &str,
) -> Result<Vec<codegen::Diagnostic>, Refusal> {
    let spec = load::load_file(spec_path).map_err(Refusal::Load)?;
    let typed_formats = spec_path
        .file_name()
        .and_then(|f| f.to_str())
        .is_some_and(|f| crate::codegen::TYPED_FORMAT_FIXTURES.contains(&f));
    let settings = Settings {
        strict: false,
        banner: "@generated by `cargo xtask samples`. Do not edit by hand.".to_owned(),
        overrides: Default::default(),
        typed_formats,
    };
    let (files, diagnostics) = standalone::crate_files(&spec, &settings, package)
        .map_err(|e| Refusal::Other(e.to_string()))?;
    for file in files {
        write_if_changed(&crate_dir.join(file.path), &file.contents, Mode::Write)
            .map_err(Refusal::Other)?;
    }
    Ok(diagnostics)
}

/// `cargo check` with warnings denied, in the target directory all checked crates share.
fn check_crate(root: &Path, crate_dir: &Path) -> Result<(), String> {
    let output = check::cargo_check(root, &crate_dir.join("Cargo.toml"), &["--quiet"])?;
    if output.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(stderr.lines().take(40).collect::<Vec<_>>().join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::{expected_refusals, located_with, package_name, EXPECTED_REFUSALS};
    use codegen::load::{LoadError, Location};

    fn error(location: Location, message: &str) -> LoadError {
        LoadError {
            file: "x.yaml".into(),
            location,
            message: message.to_owned(),
        }
    }

    #[test]
    fn the_committed_list_reads() {
        let expected = expected_refusals(EXPECTED_REFUSALS).unwrap();
        let fragment = expected.get("sendgrid.com_1.0.0.yaml");
        assert!(
            fragment.is_some_and(|f| f.contains("U+009F")),
            "{fragment:?}"
        );
        assert!(expected_refusals("a.yaml\n").is_err());
    }

    #[test]
    fn every_crate_has_a_package_name_of_its_own() {
        let mut taken = Default::default();
        assert_eq!(
            package_name("amazonaws.com_lambda_2015-03-31", &mut taken),
            "sample-amazonaws-com-lambda-2015-03-31"
        );
        assert_eq!(package_name("all_of", &mut taken), "sample-all-of");
        assert_eq!(package_name("all-of", &mut taken), "sample-all-of-2");
    }

    #[test]
    fn only_a_located_error_with_the_fragment_is_expected() {
        let at = Location::Text {
            line: 3,
            column: 7,
            offset: 20,
            pointer: None,
        };
        let bad = "control characters are not allowed";
        assert!(located_with(&error(at.clone(), bad), "control characters").is_ok());
        assert!(located_with(&error(at, "duplicate key"), "control characters").is_err());
        assert!(located_with(&error(Location::File, bad), "control characters").is_err());
        let pointer = Location::Pointer(String::new());
        assert!(located_with(&error(pointer, bad), "control characters").is_err());
    }
}
