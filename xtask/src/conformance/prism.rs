//! Prism: the pinned version installed with `npm ci`, and one server per spec started on a free
//! loopback port, watched while the tests run.

use std::fs;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use super::{read_json, ConformanceError, Result};
use crate::process::{self, describe, Guard, OutputError, POLL};

/// How long a server may take to answer its first HTTP request.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(180);
/// How long `npm ci` may take.
const INSTALL_TIMEOUT: Duration = Duration::from_secs(600);
/// How many times a server is started on a fresh port when the port was taken meanwhile.
const START_ATTEMPTS: usize = 3;
/// Lines of a server's log quoted in an error.
const LOG_TAIL_LINES: usize = 25;
/// The npm package that provides the mock server.
const PRISM_PACKAGE: &str = "@stoplight/prism-cli";

/// Checks for Node.js and installs the pinned Prism when it is missing; returns the path of the
/// `prism` executable.
pub(super) fn ensure_prism(root: &Path) -> Result<PathBuf> {
    let node = tool_version("node").map_err(|e| match e {
        OutputError::Missing => ConformanceError::new(
            "`node` was not found on PATH: the conformance run needs Node.js 20 or later and npm \
             (for example `apt-get install nodejs npm`, or from https://nodejs.org)",
        ),
        OutputError::Failed(message) => {
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
        OutputError::Missing => ConformanceError::new(
            "`npm` was not found on PATH: it is needed once to install Prism; install npm \
             (it comes with Node.js; for example `apt-get install npm`)",
        ),
        OutputError::Failed(message) => {
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

fn tool_version(tool: &str) -> std::result::Result<String, OutputError> {
    process::output(Command::new(tool).arg("--version"))
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

/// A running Prism.
pub(super) struct Server {
    /// The spec's short name, for messages.
    pub(super) name: String,
    pub(super) base_url: String,
    pub(super) log: PathBuf,
    pub(super) child: Guard,
}

impl Server {
    /// Fails, quoting the log, when the server has exited.
    pub(super) fn check_alive(&mut self, when: &str) -> Result<()> {
        match self.child.try_wait()? {
            None => Ok(()),
            Some(status) => Err(ConformanceError::new(format!(
                "prism for {} exited with {} {when}; last lines of {}:\n{}",
                self.name,
                describe(status),
                self.log.display(),
                log_tail(&self.log)
            ))),
        }
    }
}

/// Starts Prism for one spec on a free port and waits until it answers.
pub(super) fn start_server(
    root: &Path,
    prism: &Path,
    name: &str,
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
        let child = Guard::spawn(&format!("prism for {name}"), &mut command)?;
        let mut server = Server {
            name: name.to_owned(),
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
                    name,
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

#[cfg(test)]
mod tests {
    use super::super::{SpecInfo, SPECS};
    use super::*;

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

    /// What starting `prism` in `dir` for `spec` fails with.
    #[cfg(unix)]
    fn start_error(dir: &Path, prism: &Path, spec: &'static SpecInfo) -> String {
        start_server(
            dir,
            prism,
            spec.name,
            &dir.join("spec.json"),
            &dir.join("log"),
        )
        .err()
        .expect("the server never answers")
        .to_string()
    }

    #[cfg(unix)]
    #[test]
    fn a_server_that_dies_at_start_fails_with_its_log() {
        let dir = scratch("dies");
        let prism = fake_prism(&dir, "echo 'cannot read the spec' >&2\nexit 3");
        let message = start_error(&dir, &prism, &SPECS[0]);
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
        let message = start_error(&dir, &prism, &SPECS[1]);
        assert!(
            message.contains("prism for v1 exited with status 1"),
            "{message}"
        );
        let tries = fs::read_to_string(&attempts)
            .expect("attempts")
            .lines()
            .count();
        assert_eq!(tries, START_ATTEMPTS);
        fs::remove_dir_all(&dir).expect("cleanup");
    }
}
