//! Child processes, shared by the tasks: the `cargo` that runs this task, the trimmed output of a
//! short command, and a guard that never leaves a long-running child behind.
//!
//! This is the only module the tasks share besides `codegen`'s file writing: criterion's output
//! and the `BENCHMARKS.md` rendering belong to `bench` alone and live in `bench/`, the Prism
//! servers and the test reports to `conformance` alone and live in `conformance/`. Errors are
//! plain messages (`String`), which each task wraps in its own error type.

use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How often a guarded child is polled.
pub const POLL: Duration = Duration::from_millis(100);

/// A command for the `cargo` that runs this task (`$CARGO`), or the one on `PATH`.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Why [`output`] has no output to give.
pub enum OutputError {
    /// The program is not on `PATH`.
    Missing,
    /// It could not be started for another reason, or it failed; with what it said.
    Failed(String),
}

/// Runs `command` with no input and returns its standard output, trimmed, when it succeeds.
pub fn output(command: &mut Command) -> Result<String, OutputError> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => OutputError::Missing,
            _ => OutputError::Failed(e.to_string()),
        })?;
    if !output.status.success() {
        return Err(OutputError::Failed(format!(
            "{}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// "status N" for an exit code, the signal otherwise.
pub fn describe(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("status {code}"),
        None => status.to_string(),
    }
}

/// A child process that is killed and reaped when dropped.
pub struct Guard {
    what: String,
    child: Child,
}

impl Guard {
    /// Starts `command` with no input; `what` names it in errors.
    pub fn spawn(what: &str, command: &mut Command) -> Result<Guard, String> {
        command.stdin(Stdio::null());
        let child = command
            .spawn()
            .map_err(|e| format!("cannot start {what} ({:?}): {e}", command.get_program()))?;
        Ok(Guard {
            what: what.to_owned(),
            child,
        })
    }

    /// The child's process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The child's standard output, when it was piped and not taken yet.
    pub fn take_stdout(&mut self) -> Option<ChildStdout> {
        self.child.stdout.take()
    }

    /// The exit status, once the child has exited.
    pub fn try_wait(&mut self) -> Result<Option<ExitStatus>, String> {
        self.child
            .try_wait()
            .map_err(|e| format!("cannot watch {}: {e}", self.what))
    }

    /// Waits for the child to exit; after `timeout`, fails (and the drop stops it).
    pub fn wait_bounded(&mut self, timeout: Duration) -> Result<ExitStatus, String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.try_wait()? {
                return Ok(status);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{} did not finish within {:.1} s; it was stopped",
                    self.what,
                    timeout.as_secs_f64()
                ));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_guard_kills_and_reaps_its_child() {
        let mut command = Command::new("sleep");
        command.arg("30");
        let guard = Guard::spawn("sleep", &mut command).expect("sleep starts");
        let proc_dir = std::path::PathBuf::from(format!("/proc/{}", guard.id()));
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
            error,
            "a long sleep did not finish within 0.2 s; it was stopped"
        );
    }

    #[test]
    fn a_missing_program_is_named() {
        let mut command = Command::new("surely-not-a-program-here");
        let error = Guard::spawn("the thing", &mut command)
            .err()
            .expect("spawn fails");
        assert!(error.starts_with("cannot start the thing"));
        assert!(matches!(
            output(&mut Command::new("surely-not-a-program-here")),
            Err(OutputError::Missing)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn output_is_trimmed_and_failures_carry_stderr() {
        let ok = output(Command::new("sh").args(["-c", "echo '  v20.1.0  '"]));
        assert!(matches!(ok.as_deref(), Ok("v20.1.0")));
        let failed = output(Command::new("sh").args(["-c", "echo oops >&2; exit 2"]));
        match failed {
            Err(OutputError::Failed(message)) => assert!(message.ends_with(": oops"), "{message}"),
            _ => panic!("a failing command is an error"),
        }
    }
}
