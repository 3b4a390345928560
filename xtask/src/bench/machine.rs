//! What the figures were measured on: the CPU, the compiler, the commit, the load, the date.
//!
//! The date is computed here from the system clock (days since 1970 to a civil date, a dozen
//! lines) rather than with a date crate. The client runtime has the inverse computation for HTTP
//! dates, but it is copied into standalone crates and cannot depend on this one.

use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use crate::process;

/// What the figures were measured on.
pub(super) struct Machine {
    pub(super) cpu: String,
    pub(super) cores: String,
    pub(super) rustc: String,
    pub(super) os: String,
    pub(super) date: String,
    pub(super) commit: String,
    pub(super) load_before: String,
    pub(super) load_after: String,
}

impl Machine {
    pub(super) fn probe(root: &Path, load_before: String, load_after: String) -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| {
                l.strip_prefix("model name")
                    .and_then(|r| r.split_once(':'))
                    .map(|(_, v)| v.trim().to_owned())
            })
            .unwrap_or_else(|| "unknown".to_owned());
        let listed = cpuinfo
            .lines()
            .filter(|l| l.starts_with("processor"))
            .count();
        let available = std::thread::available_parallelism().map_or(0, |n| n.get());
        let cores = if listed > 0 && listed != available {
            format!("{available} available to this process, {listed} listed in /proc/cpuinfo")
        } else {
            format!("{available}")
        };
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
        let rustc =
            output(Command::new(rustc).arg("--version")).unwrap_or_else(|| "unknown".to_owned());
        let os = std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .map(|r| format!("{} {}", std::env::consts::OS, r.trim()))
            .unwrap_or_else(|_| std::env::consts::OS.to_owned());
        let commit =
            output(
                Command::new("git")
                    .current_dir(root)
                    .args(["rev-parse", "--short", "HEAD"]),
            )
            .map(|c| {
                let dirty = output(
                    Command::new("git")
                        .current_dir(root)
                        .args(["status", "--porcelain"]),
                )
                .is_some_and(|s| !s.is_empty());
                if dirty {
                    format!("{c} (with uncommitted changes)")
                } else {
                    c
                }
            })
            .unwrap_or_else(|| "unknown".to_owned());
        Machine {
            cpu,
            cores,
            rustc,
            os,
            date: utc_now(),
            commit,
            load_before,
            load_after,
        }
    }
}

/// The trimmed output of `command`, when it succeeds.
fn output(command: &mut Command) -> Option<String> {
    process::output(command).ok()
}

pub(super) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(", "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// The current UTC date and time, `YYYY-MM-DD HH:MM UTC`.
fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
