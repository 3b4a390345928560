//! `cargo xtask conformance`: the generated client against an independent mock server.
//!
//! The mock is Prism (`@stoplight/prism-cli`, pinned in `package.json` and `package-lock.json`
//! at the workspace root). One run:
//!
//! 1. checks that Node.js is there and installs Prism with `npm ci --ignore-scripts` when
//!    `node_modules/` does not hold the pinned version;
//! 2. builds the `conformance` test of `hubspot-oauth`;
//! 3. writes a mock-ready copy of each spec under `target/conformance/` (see [`mock_ready`]);
//! 4. starts one Prism per spec on a free loopback port and waits until each answers HTTP;
//! 5. runs the test binary with `--include-ignored` and the servers' base URLs in
//!    [`ENV_PRISM_V3`] and [`ENV_PRISM_V1`], failing at once if a server dies meanwhile;
//! 6. checks that the tests covered every operation of both specs, prints the counts and the
//!    timings, and stops every server it started (also on failure: each child process is owned
//!    by a guard that kills and reaps it when dropped).
//!
//! Servers are spawned directly (not through `npx` or a shell), in the caller's process group,
//! so a Ctrl-C in the terminal reaches them as well.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

/// Environment variable holding the base URL of the mock server for the v3 spec.
pub const ENV_PRISM_V3: &str = "HUBSPOT_OAUTH_PRISM_V3";
/// Environment variable holding the base URL of the mock server for the v1 spec.
pub const ENV_PRISM_V1: &str = "HUBSPOT_OAUTH_PRISM_V1";
/// Environment variable naming the folder where each conformance test writes its counts.
pub const ENV_REPORT_DIR: &str = "HUBSPOT_OAUTH_CONFORMANCE_REPORT_DIR";

/// How long a server may take to answer its first HTTP request.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// How long `npm ci` may take.
const INSTALL_TIMEOUT: Duration = Duration::from_secs(600);
/// How long building the test binary may take (the machine may be shared and busy).
const BUILD_TIMEOUT: Duration = Duration::from_secs(45 * 60);
/// How long the test binary may run.
const TEST_TIMEOUT: Duration = Duration::from_secs(10 * 60);
/// How often children are polled.
const POLL: Duration = Duration::from_millis(100);
/// How many times a server is started on a fresh port when the port was taken meanwhile.
const START_ATTEMPTS: usize = 3;
/// Lines of a server's log quoted in an error.
const LOG_TAIL_LINES: usize = 25;

/// The npm package that provides the mock server.
const PRISM_PACKAGE: &str = "@stoplight/prism-cli";
/// The HTTP methods an OpenAPI path item can hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

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

type Result<T> = std::result::Result<T, ConformanceError>;

/// Runs the whole conformance check from the workspace at `root`.
///
/// `test_args` are passed to the test binary after `--include-ignored` (a test name filter,
/// `--nocapture`, …). Without them, every operation of both specs must have been exercised;
/// with them (a filter may select a few tests), the operations left out are listed instead.
pub fn run(root: &Path, test_args: &[String]) -> Result<()> {
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
        servers.push(start_server(root, &prism, spec, file, &log)?);
    }
    let start_time = phase.elapsed();
    for server in &servers {
        println!(
            "conformance: prism for {} answers at {} (pid {}, log {})",
            server.spec.name,
            server.base_url,
            server.child.child.id(),
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
    for server in &servers {
        command.env(server.spec.env_var, &server.base_url);
    }
    let mut tests = Guard::spawn("the conformance tests", &mut command)?;
    let status = loop {
        if let Some(status) = tests.try_wait()? {
            break status;
        }
        for server in &mut servers {
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
    for server in &mut servers {
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

/// What [`mock_ready`] changed in a spec.
#[derive(Debug, Default, PartialEq, Eq)]
struct Rewrites {
    /// `example` keys whose value was `null`, removed.
    null_examples: usize,
    /// `*/*` keys of `content` objects, renamed `application/json`.
    any_content: usize,
}

/// Rewrites a spec so that Prism can serve it.
///
/// - Every `example: null` is removed, wherever it stands: Prism would serve `null` bodies in
///   static mode and fail with a 500 in dynamic mode.
/// - Every `*/*` key of a `content` object becomes `application/json`: Prism has no serializer
///   for `*/*`. A `content` object that already declares `application/json` beside `*/*` is an
///   error, since one of the two would be lost.
fn mock_ready(spec: &mut Value) -> std::result::Result<Rewrites, String> {
    let mut rewrites = Rewrites::default();
    rewrite(spec, &mut String::new(), &mut rewrites)?;
    Ok(rewrites)
}

fn rewrite(
    value: &mut Value,
    pointer: &mut String,
    rewrites: &mut Rewrites,
) -> std::result::Result<(), String> {
    match value {
        Value::Object(map) => {
            if map.get("example").is_some_and(Value::is_null) {
                map.remove("example");
                rewrites.null_examples += 1;
            }
            if pointer.ends_with("/content") {
                if let Some(any) = map.remove("*/*") {
                    if map.contains_key("application/json") {
                        return Err(format!(
                            "{pointer} declares both `*/*` and `application/json`"
                        ));
                    }
                    map.insert("application/json".to_owned(), any);
                    rewrites.any_content += 1;
                }
            }
            for (key, child) in map.iter_mut() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                rewrite(child, pointer, rewrites)?;
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&index.to_string());
                rewrite(child, pointer, rewrites)?;
                pointer.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// The operations of a spec as (upper-case method, path template), in a fixed order.
fn operations_of(spec: &Value) -> BTreeSet<(String, String)> {
    let mut operations = BTreeSet::new();
    if let Some(paths) = spec.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                if item.get(method).is_some_and(Value::is_object) {
                    operations.insert((method.to_ascii_uppercase(), path.clone()));
                }
            }
        }
    }
    operations
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

/// Checks for Node.js and installs the pinned Prism when it is missing; returns the path of the
/// `prism` executable.
fn ensure_prism(root: &Path) -> Result<PathBuf> {
    let node = tool_version("node").map_err(|e| match e {
        ToolError::Missing => ConformanceError::new(
            "`node` was not found on PATH: the conformance run needs Node.js 20 or later and npm \
             (for example `apt-get install nodejs npm`, or from https://nodejs.org)",
        ),
        ToolError::Failed(message) => {
            ConformanceError::new(format!("`node --version` failed: {message}"))
        }
    })?;
    let major = node
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    match major {
        Some(major) if major >= 20 => {}
        _ => {
            return Err(ConformanceError::new(format!(
                "Node.js {} is too old or unrecognised: install Node.js 20 or later",
                node.trim()
            )))
        }
    }

    let wanted = pinned_prism_version(root)?;
    let prism = root.join("node_modules").join(".bin").join("prism");
    let installed = installed_prism_version(root);
    if prism.exists() && installed.as_deref() == Some(wanted.as_str()) {
        return Ok(prism);
    }

    tool_version("npm").map_err(|e| match e {
        ToolError::Missing => ConformanceError::new(
            "`npm` was not found on PATH: it is needed once to install Prism; install npm \
             (it comes with Node.js; for example `apt-get install npm`)",
        ),
        ToolError::Failed(message) => {
            ConformanceError::new(format!("`npm --version` failed: {message}"))
        }
    })?;
    println!(
        "conformance: installing {PRISM_PACKAGE} {wanted} with `npm ci --ignore-scripts` (found: {})",
        installed.as_deref().unwrap_or("none")
    );
    let mut command = Command::new("npm");
    command
        .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
        .env("SCARF_ANALYTICS", "false")
        .current_dir(root);
    let mut npm = Guard::spawn("`npm ci`", &mut command)?;
    let status = npm.wait_bounded(INSTALL_TIMEOUT)?;
    if !status.success() {
        return Err(ConformanceError::new(format!(
            "`npm ci --ignore-scripts` failed ({status}) in {}",
            root.display()
        )));
    }
    if !prism.exists() {
        return Err(ConformanceError::new(format!(
            "`npm ci` succeeded but {} is missing",
            prism.display()
        )));
    }
    Ok(prism)
}

enum ToolError {
    Missing,
    Failed(String),
}

fn tool_version(tool: &str) -> std::result::Result<String, ToolError> {
    let output = Command::new(tool)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ToolError::Missing,
            _ => ToolError::Failed(e.to_string()),
        })?;
    if !output.status.success() {
        return Err(ToolError::Failed(format!(
            "{}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The exact version of Prism that `package.json` pins.
fn pinned_prism_version(root: &Path) -> Result<String> {
    let path = root.join("package.json");
    let manifest = read_json(&path)?;
    let version = ["devDependencies", "dependencies"]
        .iter()
        .find_map(|section| manifest.get(section)?.get(PRISM_PACKAGE)?.as_str())
        .ok_or_else(|| {
            ConformanceError::new(format!("{} does not list {PRISM_PACKAGE}", path.display()))
        })?;
    Ok(version.to_owned())
}

fn installed_prism_version(root: &Path) -> Option<String> {
    let path = root
        .join("node_modules")
        .join(PRISM_PACKAGE)
        .join("package.json");
    let manifest = read_json(&path).ok()?;
    Some(manifest.get("version")?.as_str()?.to_owned())
}

fn read_json(path: &Path) -> Result<Value> {
    let text = fs::read_to_string(path)
        .map_err(|e| ConformanceError::new(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| ConformanceError::new(format!("{} is not valid JSON: {e}", path.display())))
}

/// Builds the `conformance` test of `hubspot-oauth` and returns the path of its binary.
fn build_tests(root: &Path) -> Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    println!("conformance: building the conformance tests of hubspot-oauth");
    let mut command = Command::new(cargo);
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
        .child
        .stdout
        .take()
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

/// A child process that is killed and reaped when dropped.
struct Guard {
    what: String,
    child: Child,
}

impl Guard {
    fn spawn(what: &str, command: &mut Command) -> Result<Guard> {
        command.stdin(Stdio::null());
        let child = command.spawn().map_err(|e| {
            ConformanceError::new(format!(
                "cannot start {what} ({:?}): {e}",
                command.get_program()
            ))
        })?;
        Ok(Guard {
            what: what.to_owned(),
            child,
        })
    }

    fn try_wait(&mut self) -> Result<Option<ExitStatus>> {
        self.child
            .try_wait()
            .map_err(|e| ConformanceError::new(format!("cannot watch {}: {e}", self.what)))
    }

    fn wait_bounded(&mut self, timeout: Duration) -> Result<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.try_wait()? {
                return Ok(status);
            }
            if Instant::now() > deadline {
                return Err(ConformanceError::new(format!(
                    "{} did not finish within {:.1} s; it was stopped",
                    self.what,
                    timeout.as_secs_f64()
                )));
            }
            thread::sleep(POLL);
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// A running Prism.
struct Server {
    spec: &'static SpecInfo,
    base_url: String,
    log: PathBuf,
    child: Guard,
}

impl Server {
    /// Fails, quoting the log, when the server has exited.
    fn check_alive(&mut self, when: &str) -> Result<()> {
        match self.child.try_wait()? {
            None => Ok(()),
            Some(status) => Err(ConformanceError::new(format!(
                "prism for {} exited with {} {when}; last lines of {}:\n{}",
                self.spec.name,
                describe(status),
                self.log.display(),
                log_tail(&self.log)
            ))),
        }
    }
}

/// "status N" for an exit code, the signal otherwise.
fn describe(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("status {code}"),
        None => status.to_string(),
    }
}

/// Starts Prism for one spec on a free port and waits until it answers.
fn start_server(
    root: &Path,
    prism: &Path,
    spec: &'static SpecInfo,
    file: &Path,
    log: &Path,
) -> Result<Server> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let port = free_port()?;
        let out = fs::File::create(log)
            .map_err(|e| ConformanceError::new(format!("cannot create {}: {e}", log.display())))?;
        let err = out
            .try_clone()
            .map_err(|e| ConformanceError::new(format!("cannot open {}: {e}", log.display())))?;
        let mut command = Command::new(prism);
        command
            .arg("mock")
            .arg("--errors")
            .args(["-h", "127.0.0.1", "-p", &port.to_string()])
            .arg(file)
            .current_dir(root)
            .stdout(out)
            .stderr(err);
        let child = Guard::spawn(&format!("prism for {}", spec.name), &mut command)?;
        let mut server = Server {
            spec,
            base_url: format!("http://127.0.0.1:{port}"),
            log: log.to_owned(),
            child,
        };
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Err(e) = server.check_alive("before answering") {
                let port_taken = fs::read_to_string(log)
                    .map(|text| text.contains("EADDRINUSE"))
                    .unwrap_or(false);
                if port_taken && attempt < START_ATTEMPTS {
                    break;
                }
                return Err(e);
            }
            if answers_http(addr) {
                return Ok(server);
            }
            if Instant::now() > deadline {
                return Err(ConformanceError::new(format!(
                    "prism for {} ({}) did not answer on {} within {} s; last lines of {}:\n{}",
                    spec.name,
                    file.display(),
                    server.base_url,
                    STARTUP_TIMEOUT.as_secs(),
                    log.display(),
                    log_tail(log)
                )));
            }
            thread::sleep(POLL);
        }
    }
}

/// A port that was free a moment ago on 127.0.0.1.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| ConformanceError::new(format!("cannot bind a loopback port: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| ConformanceError::new(format!("cannot read a loopback port: {e}")))?
        .port();
    Ok(port)
}

/// Whether something at `addr` answers a plain HTTP request (any status).
fn answers_http(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let timeout = Some(Duration::from_secs(2));
    if stream.set_read_timeout(timeout).is_err() || stream.set_write_timeout(timeout).is_err() {
        return false;
    }
    let request = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 5];
    stream.read_exact(&mut head).is_ok() && &head == b"HTTP/"
}

fn log_tail(log: &Path) -> String {
    match fs::read_to_string(log) {
        Ok(text) => {
            let lines: Vec<&str> = text.lines().collect();
            let start = lines.len().saturating_sub(LOG_TAIL_LINES);
            lines[start..].join("\n")
        }
        Err(e) => format!("(cannot read the log: {e})"),
    }
}

/// The counts one conformance test wrote for one operation.
#[derive(Debug)]
struct Report {
    spec: String,
    operation: String,
    method: String,
    path: String,
    requests: u64,
    violations: u64,
    decoded_success: u64,
    decoded_error: u64,
    /// Success bodies per decoded variant, as the test names them.
    variants: Vec<(String, u64)>,
}

/// The operations of the specs (spec name, operations) that no report covers, as
/// `"v1 GET /path"`.
fn uncovered(declared: &[(&str, &BTreeSet<(String, String)>)], reports: &[Report]) -> Vec<String> {
    let mut missing = Vec::new();
    for (spec, operations) in declared {
        for (method, path) in operations.iter() {
            let covered = reports
                .iter()
                .any(|r| r.spec == *spec && r.method == *method && r.path == *path);
            if !covered {
                missing.push(format!("{spec} {method} {path}"));
            }
        }
    }
    missing
}

/// The per-operation counts as a table, one line per operation, each line prefixed.
fn summary_table(reports: &[Report]) -> String {
    let mut table = format!(
        "conformance: {:<26} {:>8} {:>8} {:>7} {:>10}  success variants\n",
        "operation", "requests", "2xx ok", "err ok", "violations"
    );
    for r in reports {
        let variants: Vec<String> = r
            .variants
            .iter()
            .map(|(name, n)| format!("{name} {n}"))
            .collect();
        table.push_str(&format!(
            "conformance: {:<26} {:>8} {:>8} {:>7} {:>10}  {}\n",
            format!("{} {}", r.spec, r.operation),
            r.requests,
            r.decoded_success,
            r.decoded_error,
            r.violations,
            variants.join(", ")
        ));
    }
    table
}

fn read_reports(dir: &Path) -> Result<Vec<Report>> {
    let entries = fs::read_dir(dir)
        .map_err(|e| ConformanceError::new(format!("cannot list {}: {e}", dir.display())))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry
            .map_err(|e| ConformanceError::new(format!("cannot list {}: {e}", dir.display())))?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files.sort();
    files.iter().map(|path| parse_report(path)).collect()
}

fn parse_report(path: &Path) -> Result<Report> {
    let value = read_json(path)?;
    let text = |key: &str| -> Result<String> {
        value
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| {
                ConformanceError::new(format!("{}: `{key}` is not a string", path.display()))
            })
    };
    let count = |key: &str| -> Result<u64> {
        value.get(key).and_then(Value::as_u64).ok_or_else(|| {
            ConformanceError::new(format!("{}: `{key}` is not a count", path.display()))
        })
    };
    Ok(Report {
        spec: text("spec")?,
        operation: text("operation")?,
        method: text("method")?.to_ascii_uppercase(),
        path: text("path")?,
        requests: count("requests")?,
        violations: count("violations")?,
        decoded_success: count("decoded_success")?,
        decoded_error: count("decoded_error")?,
        variants: value
            .get("variants")
            .and_then(Value::as_object)
            .map(|map| {
                map.iter()
                    .filter_map(|(name, n)| Some((name.clone(), n.as_u64()?)))
                    .collect()
            })
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn workspace_root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(Path::to_owned)
            .unwrap_or_default()
    }

    fn count_key(value: &Value, predicate: &dyn Fn(&str, &Value) -> bool) -> usize {
        match value {
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| usize::from(predicate(k, v)) + count_key(v, predicate))
                .sum(),
            Value::Array(items) => items.iter().map(|v| count_key(v, predicate)).sum(),
            _ => 0,
        }
    }

    #[test]
    fn removes_null_examples_everywhere_and_keeps_others() {
        let mut spec = json!({
            "example": null,
            "components": {"schemas": {"A": {
                "type": "object",
                "example": null,
                "properties": {
                    "a": {"type": "string", "example": null},
                    "b": {"type": "string", "example": "kept"},
                    "example": {"type": "string"}
                },
                "allOf": [{"example": null}, {"example": 0}]
            }}}
        });
        let rewrites = mock_ready(&mut spec).expect("rewrites");
        assert_eq!(rewrites.null_examples, 4);
        assert_eq!(rewrites.any_content, 0);
        assert_eq!(
            spec,
            json!({
                "components": {"schemas": {"A": {
                    "type": "object",
                    "properties": {
                        "a": {"type": "string"},
                        "b": {"type": "string", "example": "kept"},
                        "example": {"type": "string"}
                    },
                    "allOf": [{}, {"example": 0}]
                }}}
            })
        );
    }

    #[test]
    fn renames_any_content_only_under_content() {
        let mut spec = json!({
            "components": {"responses": {"Error": {
                "content": {"*/*": {"schema": {"$ref": "#/components/schemas/Error"}, "example": null}}
            }}},
            "paths": {"/x": {"get": {"responses": {"200": {
                "content": {"text/plain": {"schema": {"type": "string"}}}
            }}}}},
            "x-other": {"*/*": 1}
        });
        let rewrites = mock_ready(&mut spec).expect("rewrites");
        assert_eq!(
            rewrites,
            Rewrites {
                null_examples: 1,
                any_content: 1
            }
        );
        assert_eq!(
            spec["components"]["responses"]["Error"]["content"],
            json!({"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}})
        );
        assert_eq!(spec["x-other"], json!({"*/*": 1}));
        assert_eq!(
            spec["paths"]["/x"]["get"]["responses"]["200"]["content"],
            json!({"text/plain": {"schema": {"type": "string"}}})
        );
    }

    #[test]
    fn refuses_to_lose_a_media_type() {
        let mut spec = json!({"paths": {"/a~b/c": {"get": {"responses": {"default": {"content": {
            "*/*": {}, "application/json": {}
        }}}}}}});
        let error = mock_ready(&mut spec).expect_err("conflict");
        assert_eq!(
            error,
            "/paths/~1a~0b~1c/get/responses/default/content declares both `*/*` and `application/json`"
        );
    }

    #[test]
    fn rewrites_the_real_specs() {
        let root = workspace_root();
        let mut total_nulls = 0;
        for spec in &SPECS {
            let path = root.join(spec.file);
            let mut value = codegen::load::read_value(&path).expect("spec reads");
            let before = operations_of(&value);
            let rewrites = mock_ready(&mut value).expect("rewrites");
            total_nulls += rewrites.null_examples;
            assert_eq!(rewrites.any_content, 1, "{}", spec.file);
            assert_eq!(
                count_key(&value, &|k, v| k == "example" && v.is_null()),
                0,
                "{}",
                spec.file
            );
            assert_eq!(count_key(&value, &|k, _| k == "*/*"), 0, "{}", spec.file);
            assert_eq!(operations_of(&value), before);
        }
        assert_eq!(total_nulls, 205);
    }

    #[test]
    fn lists_operations() {
        let spec = json!({"paths": {
            "/b/{token}": {"get": {}, "delete": {}, "parameters": []},
            "/a": {"post": {}}
        }});
        let operations: Vec<_> = operations_of(&spec).into_iter().collect();
        assert_eq!(
            operations,
            vec![
                ("DELETE".to_owned(), "/b/{token}".to_owned()),
                ("GET".to_owned(), "/b/{token}".to_owned()),
                ("POST".to_owned(), "/a".to_owned()),
            ]
        );
    }

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

    #[test]
    fn detects_an_http_answer_and_its_absence() {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
        let addr = listener.local_addr().expect("addr");
        let server = thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let mut buf = [0u8; 256];
                let _ = stream.read(&mut buf);
                let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
            }
        });
        assert!(answers_http(addr));
        server.join().expect("server thread");
        let closed = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port().expect("port")));
        assert!(!answers_http(closed));
    }

    fn report(spec: &str, method: &str, path: &str) -> Report {
        Report {
            spec: spec.to_owned(),
            operation: "op".to_owned(),
            method: method.to_owned(),
            path: path.to_owned(),
            requests: 1,
            violations: 0,
            decoded_success: 1,
            decoded_error: 0,
            variants: Vec::new(),
        }
    }

    #[test]
    fn lists_operations_no_report_covers() {
        let v3: BTreeSet<(String, String)> = [("POST".to_owned(), "/t".to_owned())].into();
        let v1: BTreeSet<(String, String)> = [
            ("GET".to_owned(), "/r/{token}".to_owned()),
            ("DELETE".to_owned(), "/r/{token}".to_owned()),
        ]
        .into();
        let declared = [("v3", &v3), ("v1", &v1)];
        let reports = [
            report("v3", "POST", "/t"),
            report("v1", "GET", "/r/{token}"),
        ];
        assert_eq!(uncovered(&declared, &reports), vec!["v1 DELETE /r/{token}"]);
        let wrong_spec = [report("v1", "POST", "/t")];
        assert_eq!(uncovered(&declared[..1], &wrong_spec), vec!["v3 POST /t"]);
    }

    #[test]
    fn summarizes_reports() {
        let report = Report {
            spec: "v3".to_owned(),
            operation: "create_token".to_owned(),
            method: "POST".to_owned(),
            path: "/oauth/v3/token".to_owned(),
            requests: 264,
            violations: 0,
            decoded_success: 204,
            decoded_error: 60,
            variants: vec![
                ("AccessToken".to_owned(), 100),
                ("ClientCredentials".to_owned(), 104),
            ],
        };
        let table = summary_table(&[report]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("conformance: operation"));
        assert!(lines[1].starts_with("conformance: v3 create_token"));
        assert!(lines[1].ends_with("AccessToken 100, ClientCredentials 104"));
        assert!(lines[1].contains(" 264 "));
    }

    /// A scratch folder for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    /// An executable shell script standing in for Prism.
    #[cfg(unix)]
    fn fake_prism(dir: &Path, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join("prism");
        fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod");
        path
    }

    #[cfg(unix)]
    #[test]
    fn a_server_that_dies_at_start_fails_with_its_log() {
        let dir = scratch("dies");
        let prism = fake_prism(&dir, "echo 'cannot read the spec' >&2\nexit 3");
        let error = start_server(
            &dir,
            &prism,
            &SPECS[0],
            &dir.join("spec.json"),
            &dir.join("log"),
        )
        .err()
        .expect("a dead server is an error");
        let message = error.to_string();
        assert!(
            message.starts_with("prism for v3 exited with status 3 before answering"),
            "{message}"
        );
        assert!(message.contains("cannot read the spec"), "{message}");
        fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[cfg(unix)]
    #[test]
    fn a_taken_port_is_retried_a_bounded_number_of_times() {
        let dir = scratch("port");
        let attempts = dir.join("attempts");
        let prism = fake_prism(
            &dir,
            &format!(
                "echo x >> '{}'\necho 'Error: listen EADDRINUSE: address already in use'\nexit 1",
                attempts.display()
            ),
        );
        let error = start_server(
            &dir,
            &prism,
            &SPECS[1],
            &dir.join("spec.json"),
            &dir.join("log"),
        )
        .err()
        .expect("never started");
        assert!(error
            .to_string()
            .contains("prism for v1 exited with status 1"));
        let tries = fs::read_to_string(&attempts)
            .expect("attempts")
            .lines()
            .count();
        assert_eq!(tries, START_ATTEMPTS);
        fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_guard_kills_and_reaps_its_child() {
        let mut command = Command::new("sleep");
        command.arg("30");
        let guard = Guard::spawn("sleep", &mut command).expect("sleep starts");
        let proc_dir = PathBuf::from(format!("/proc/{}", guard.child.id()));
        assert!(proc_dir.exists());
        drop(guard);
        assert!(
            !proc_dir.exists(),
            "the child is still there after the guard"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_bounded_wait_stops_a_child_that_runs_too_long() {
        let mut command = Command::new("sleep");
        command.arg("30");
        let mut guard = Guard::spawn("a long sleep", &mut command).expect("sleep starts");
        let started = Instant::now();
        let error = guard
            .wait_bounded(Duration::from_millis(200))
            .expect_err("times out");
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(
            error.to_string(),
            "a long sleep did not finish within 0.2 s; it was stopped"
        );
    }

    #[test]
    fn a_missing_program_is_named() {
        let mut command = Command::new("surely-not-a-program-here");
        let error = Guard::spawn("the thing", &mut command)
            .err()
            .expect("spawn fails");
        assert!(error.to_string().starts_with("cannot start the thing"));
    }

    #[test]
    fn reads_reports() {
        let dir = std::env::temp_dir().join(format!("conformance-report-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("dir");
        fs::write(
            dir.join("v1-x.json"),
            r#"{"spec":"v1","operation":"x","method":"get","path":"/p","requests":3,"violations":0,"decoded_success":2,"decoded_error":1,"variants":{"A":2}}"#,
        )
        .expect("write");
        fs::write(dir.join("ignored.txt"), "x").expect("write");
        let reports = read_reports(&dir).expect("reports");
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].method, "GET");
        assert_eq!(reports[0].decoded_error, 1);
        assert_eq!(reports[0].variants, vec![("A".to_owned(), 2)]);
        fs::write(dir.join("v1-y.json"), r#"{"spec":"v1"}"#).expect("write");
        let error = read_reports(&dir).expect_err("incomplete report");
        assert!(error.to_string().contains("`operation` is not a string"));
        fs::remove_dir_all(&dir).expect("cleanup");
    }
}
