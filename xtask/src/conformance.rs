//! `cargo xtask conformance`: the generated client against an independent mock server.
//!
//! The mock is Prism (`@stoplight/prism-cli`, pinned in `package.json` and `package-lock.json`
//! at the workspace root). One run:
//!
//! 1. checks that Node.js is there and installs Prism with `npm ci --ignore-scripts` when
//!    `node_modules/` does not hold the pinned version;
//! 2. builds the `conformance` test of `hubspot-oauth`;
//! 3. writes a mock-ready copy of each spec under `target/conformance/` (see
//!    [`mock_spec::mock_ready`]);
//! 4. starts one Prism per spec on a free loopback port and waits until each answers HTTP;
//! 5. runs the test binary with `--include-ignored` and the servers' base URLs in
//!    [`ENV_PRISM_V3`] and [`ENV_PRISM_V1`], failing at once if a server dies meanwhile;
//! 6. checks that the tests covered every operation of both specs, prints the counts and the
//!    timings, and stops every server it started (also on failure: each child process is owned
//!    by a guard that kills and reaps it when dropped).
//!
//! Servers are spawned directly (not through `npx` or a shell), in the caller's process group,
//! so a Ctrl-C in the terminal reaches them as well.
//!
//! This file is the run itself, step by step; what each step needs lives beside it in
//! `conformance/`, one question per module, so that the run reads in one screen and each piece
//! is tested on its own: [`mock_spec`] (the copies of the specs Prism is given), [`prism`]
//! (installing it, starting and watching the servers) and [`reports`] (what the tests counted).
//! Child processes go through [`crate::process`] (`cargo`, tool versions, the
//! [`Guard`] that stops a child when dropped), which `bench` shares.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::process::{self, Guard, POLL};
use mock_spec::{mock_ready, operations_of};
use prism::{ensure_prism, start_server};
use reports::{read_reports, summary_table, uncovered};

mod any_spec;
mod mock_spec;
mod prism;
mod reports;
mod synth;

/// Environment variable holding the base URL of the mock server for the v3 spec.
pub const ENV_PRISM_V3: &str = "HUBSPOT_OAUTH_PRISM_V3";
/// Environment variable holding the base URL of the mock server for the v1 spec.
pub const ENV_PRISM_V1: &str = "HUBSPOT_OAUTH_PRISM_V1";
/// Environment variable naming the folder where each conformance test writes its counts.
pub const ENV_REPORT_DIR: &str = "HUBSPOT_OAUTH_CONFORMANCE_REPORT_DIR";

/// How long building the test binary may take (the machine may be shared and busy).
const BUILD_TIMEOUT: Duration = Duration::from_secs(45 * 60);
/// How long the test binary may run.
const TEST_TIMEOUT: Duration = Duration::from_secs(10 * 60);

/// One spec served during a run.
struct SpecInfo {
    /// Short name used in messages and file names.
    name: &'static str,
    /// Path of the spec, relative to the workspace root.
    file: &'static str,
    /// Variable that carries the server's base URL to the tests.
    env_var: &'static str,
}

static SPECS: [SpecInfo; 2] = [
    SpecInfo {
        name: "v3",
        file: "specs/auth-oauth-v3.yaml",
        env_var: ENV_PRISM_V3,
    },
    SpecInfo {
        name: "v1",
        file: "specs/auth-oauth-v1.yaml",
        env_var: ENV_PRISM_V1,
    },
];

/// Why a conformance run failed; the message says what happened and, where it can, what to do.
#[derive(Debug)]
pub struct ConformanceError(String);

impl ConformanceError {
    fn new(message: impl Into<String>) -> Self {
        ConformanceError(message.into())
    }
}

impl fmt::Display for ConformanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConformanceError {}

impl From<String> for ConformanceError {
    fn from(message: String) -> Self {
        ConformanceError(message)
    }
}

type Result<T> = std::result::Result<T, ConformanceError>;

/// Runs the whole conformance check from the workspace at `root`.
///
/// `test_args` are passed to the test binary after `--include-ignored` (a test name filter,
/// `--nocapture`, …). Without them, every operation of both specs must have been exercised;
/// with them (a filter may select a few tests), the operations left out are listed instead.
pub fn run(root: &Path, test_args: &[String]) -> Result<()> {
    if let Some((specs, responses)) = spec_args(test_args)? {
        return any_spec::run(root, &specs, responses);
    }
    let started = Instant::now();
    let out_dir = root.join("target").join("conformance");
    fs::create_dir_all(&out_dir)
        .map_err(|e| ConformanceError::new(format!("cannot create {}: {e}", out_dir.display())))?;

    let phase = Instant::now();
    let prism = ensure_prism(root)?;
    let install_time = phase.elapsed();

    let phase = Instant::now();
    let test_exe = build_tests(root)?;
    let build_time = phase.elapsed();

    let mut served = Vec::new();
    for spec in &SPECS {
        let source = root.join(spec.file);
        let mut value = codegen::load::read_value(&source).map_err(|e| {
            ConformanceError::new(format!("cannot read the {} spec: {e}", spec.name))
        })?;
        let rewrites = mock_ready(&mut value)
            .map_err(|e| ConformanceError::new(format!("{}: {e}", source.display())))?;
        let target = out_dir.join(format!("{}.json", file_stem(spec.file)));
        write_json(&target, &value)?;
        println!(
            "conformance: {} → {} ({} `example: null` removed, {} `*/*` content declared as application/json)",
            spec.file,
            relative(root, &target).display(),
            rewrites.null_examples,
            rewrites.any_content,
        );
        let operations = operations_of(&value);
        served.push((spec, target, operations));
    }

    let phase = Instant::now();
    let mut servers = Vec::new();
    for (spec, file, _) in &served {
        let log = out_dir.join(format!("prism-{}.log", spec.name));
        servers.push((spec, start_server(root, &prism, spec.name, file, &log)?));
    }
    let start_time = phase.elapsed();
    for (_, server) in &servers {
        println!(
            "conformance: prism for {} answers at {} (pid {}, log {})",
            server.name,
            server.base_url,
            server.child.id(),
            relative(root, &server.log).display(),
        );
    }

    let report_dir = out_dir.join("report");
    if report_dir.exists() {
        fs::remove_dir_all(&report_dir).map_err(|e| {
            ConformanceError::new(format!("cannot clear {}: {e}", report_dir.display()))
        })?;
    }
    fs::create_dir_all(&report_dir).map_err(|e| {
        ConformanceError::new(format!("cannot create {}: {e}", report_dir.display()))
    })?;

    let phase = Instant::now();
    let mut command = Command::new(&test_exe);
    command
        .arg("--include-ignored")
        .args(test_args)
        .current_dir(root.join("generated"))
        .env("CARGO_MANIFEST_DIR", root.join("generated"))
        .env(ENV_REPORT_DIR, &report_dir);
    for (spec, server) in &servers {
        command.env(spec.env_var, &server.base_url);
    }
    let mut tests = Guard::spawn("the conformance tests", &mut command)?;
    let status = loop {
        if let Some(status) = tests.try_wait()? {
            break status;
        }
        for (_, server) in &mut servers {
            server.check_alive("during the run")?;
        }
        if phase.elapsed() > TEST_TIMEOUT {
            return Err(ConformanceError::new(format!(
                "the conformance tests did not finish within {} s; they were stopped",
                TEST_TIMEOUT.as_secs()
            )));
        }
        thread::sleep(POLL);
    };
    let test_time = phase.elapsed();
    for (_, server) in &mut servers {
        server.check_alive("during the run")?;
    }
    if !status.success() {
        if let Ok(reports) = read_reports(&report_dir) {
            println!();
            print!("{}", summary_table(&reports));
        }
        return Err(ConformanceError::new(format!(
            "the conformance tests failed ({status}); the servers' logs are in {}",
            relative(root, &out_dir).display()
        )));
    }

    let reports = read_reports(&report_dir)?;
    let declared: Vec<(&str, &BTreeSet<(String, String)>)> = served
        .iter()
        .map(|(spec, _, operations)| (spec.name, operations))
        .collect();
    let missing = uncovered(&declared, &reports);
    if !missing.is_empty() {
        if test_args.is_empty() {
            return Err(ConformanceError::new(format!(
                "the conformance tests passed but did not report these operations of the specs:\n  {}",
                missing.join("\n  ")
            )));
        }
        println!(
            "conformance: with the test arguments {test_args:?}, {} operation(s) were not exercised: {}",
            missing.len(),
            missing.join(", ")
        );
    }
    drop(servers);

    let total_operations: usize = served.iter().map(|(_, _, ops)| ops.len()).sum();
    let requests: u64 = reports.iter().map(|r| r.requests).sum();
    let decoded_ok: u64 = reports.iter().map(|r| r.decoded_success).sum();
    let decoded_err: u64 = reports.iter().map(|r| r.decoded_error).sum();
    let violations: u64 = reports.iter().map(|r| r.violations).sum();
    println!();
    print!("{}", summary_table(&reports));
    println!(
        "conformance: {} of {} operations covered, {} requests, {} responses decoded ({} success, {} error), {} request violations",
        total_operations - missing.len(),
        total_operations,
        requests,
        decoded_ok + decoded_err,
        decoded_ok,
        decoded_err,
        violations,
    );
    println!(
        "conformance: install {:.1} s, build {:.1} s, server start {:.1} s, tests {:.1} s, total {:.1} s",
        install_time.as_secs_f64(),
        build_time.as_secs_f64(),
        start_time.as_secs_f64(),
        test_time.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );
    Ok(())
}
/// Dynamic 2xx answers per operation with `--spec`, unless `--responses` says otherwise.
const DEFAULT_RESPONSES: usize = 50;

/// `--spec PATH` (repeatable) and `--responses N`: the specs and the answers per operation, or
/// `None` when no `--spec` is given (the OAuth specs, and the arguments go to the tests).
fn spec_args(args: &[String]) -> Result<Option<(Vec<PathBuf>, usize)>> {
    if !args.iter().any(|a| a == "--spec") {
        return Ok(None);
    }
    let mut specs = Vec::new();
    let mut responses = DEFAULT_RESPONSES;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--spec" => match it.next() {
                Some(path) if !path.starts_with("--") => specs.push(PathBuf::from(path)),
                _ => return Err(ConformanceError::new("--spec needs a file or a folder")),
            },
            "--responses" => {
                responses = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| ConformanceError::new("--responses needs a positive number"))?;
            }
            other => {
                return Err(ConformanceError::new(format!(
                    "unknown argument {other:?} beside --spec; usage: cargo xtask conformance --spec PATH [--spec PATH …] [--responses N]"
                )))
            }
        }
    }
    Ok(Some((specs, responses)))
}

fn file_stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.split('.').next().unwrap_or(name)
}

fn relative<'a>(root: &Path, path: &'a Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}

fn write_json(path: &Path, value: &Value) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| ConformanceError::new(format!("cannot serialize {}: {e}", path.display())))?;
    text.push('\n');
    fs::write(path, text)
        .map_err(|e| ConformanceError::new(format!("cannot write {}: {e}", path.display())))
}
fn read_json(path: &Path) -> Result<Value> {
    let text = fs::read_to_string(path)
        .map_err(|e| ConformanceError::new(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| ConformanceError::new(format!("{} is not valid JSON: {e}", path.display())))
}

/// Builds the `conformance` test of `hubspot-oauth` and returns the path of its binary.
fn build_tests(root: &Path) -> Result<PathBuf> {
    println!("conformance: building the conformance tests of hubspot-oauth");
    let mut command = process::cargo();
    command
        .args([
            "test",
            "--package",
            "hubspot-oauth",
            "--test",
            "conformance",
            "--no-run",
            "--message-format=json-render-diagnostics",
        ])
        .current_dir(root)
        .stdout(Stdio::piped());
    let mut build = Guard::spawn("`cargo test --no-run`", &mut command)?;
    let stdout = build
        .take_stdout()
        .ok_or_else(|| ConformanceError::new("cargo's output could not be read"))?;
    let reader = thread::spawn(move || {
        let mut executables = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(exe) = test_executable(&line) {
                executables.push(exe);
            }
        }
        executables
    });
    let status = build.wait_bounded(BUILD_TIMEOUT)?;
    let executables = reader
        .join()
        .map_err(|_| ConformanceError::new("reading cargo's output failed"))?;
    if !status.success() {
        return Err(ConformanceError::new(format!(
            "building the conformance tests failed ({status})"
        )));
    }
    executables.into_iter().next().ok_or_else(|| {
        ConformanceError::new(
            "cargo built no `conformance` test for hubspot-oauth (is generated/tests/conformance.rs there?)",
        )
    })
}

/// The test binary named in one line of cargo's JSON messages, if the line announces it.
fn test_executable(line: &str) -> Option<PathBuf> {
    let message: Value = serde_json::from_str(line).ok()?;
    if message.get("reason")?.as_str()? != "compiler-artifact" {
        return None;
    }
    let target = message.get("target")?;
    if target.get("name")?.as_str()? != "conformance" {
        return None;
    }
    let is_test = target
        .get("kind")?
        .as_array()?
        .iter()
        .any(|k| k.as_str() == Some("test"));
    if !is_test {
        return None;
    }
    message.get("executable")?.as_str().map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_test_executable_in_cargo_messages() {
        let line = r#"{"reason":"compiler-artifact","target":{"name":"conformance","kind":["test"]},"executable":"/t/deps/conformance-abc"}"#;
        assert_eq!(
            test_executable(line),
            Some(PathBuf::from("/t/deps/conformance-abc"))
        );
        let lib = r#"{"reason":"compiler-artifact","target":{"name":"conformance","kind":["lib"]},"executable":null}"#;
        assert_eq!(test_executable(lib), None);
        assert_eq!(test_executable("not json"), None);
        assert_eq!(
            test_executable(r#"{"reason":"build-finished","success":true}"#),
            None
        );
    }

    #[test]
    fn names_the_spec_copies() {
        assert_eq!(file_stem("specs/auth-oauth-v3.yaml"), "auth-oauth-v3");
        assert_eq!(file_stem("x.json"), "x");
    }
}
