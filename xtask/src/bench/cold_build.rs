//! A consumer's cold build: how long a new binary that depends on `hubspot-oauth` takes to
//! build from nothing, with each TLS provider, measured in the same run.
//!
//! Two scratch crates under `target/bench-cold/` depend on `generated/` by path, one with the
//! default features (`tls-aws-lc`, reqwest's own provider), one with `default-features = false,
//! features = ["tls-ring"]`. Each
//! has a copy of the workspace's `Cargo.lock`, so both build the same versions, and its own
//! target directory, emptied before every build; builds run `--offline` (the registry cache
//! holds every crate the lock names), alternating `aws-lc, ring, ring, aws-lc, …` so that a
//! change of load weighs on both sides alike. The figure is the median wall time of each side,
//! and their ratio, against the target `ring / aws-lc ≤ 0.45`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::process;

/// The file the results are kept in, for `bench --report-only`.
const RESULTS: &str = "results.txt";
/// The ratio the default configuration must reach against the other.
pub(super) const TARGET_RATIO: f64 = 0.45;

/// One configuration of the consumer.
struct Side {
    name: &'static str,
    /// The dependency line's features.
    dependency: &'static str,
}

const SIDES: [Side; 2] = [
    Side {
        name: "aws-lc",
        dependency: "",
    },
    Side {
        name: "ring",
        dependency: r#"default-features = false, features = ["tls-ring"]"#,
    },
];

/// The wall times of each side, in seconds, in the order measured.
#[derive(Debug, Default, PartialEq)]
pub(super) struct ColdBuilds {
    pub(super) aws_lc: Vec<f64>,
    pub(super) ring: Vec<f64>,
}

impl ColdBuilds {
    /// `ring` over `aws-lc`, of the medians.
    pub(super) fn ratio(&self) -> Option<f64> {
        Some(median(&self.ring)? / median(&self.aws_lc)?)
    }

    fn text(&self) -> String {
        let line = |v: &[f64]| {
            v.iter()
                .map(|s| format!("{s:.2}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        format!("aws-lc {}\nring {}\n", line(&self.aws_lc), line(&self.ring))
    }

    pub(super) fn parse(text: &str) -> ColdBuilds {
        let mut builds = ColdBuilds::default();
        for line in text.lines() {
            let mut words = line.split_whitespace();
            let side = match words.next() {
                Some("aws-lc") => &mut builds.aws_lc,
                Some("ring") => &mut builds.ring,
                _ => continue,
            };
            side.extend(words.filter_map(|w| w.parse::<f64>().ok()));
        }
        builds
    }
}

/// Builds both consumers `rounds` times each; keeps the results for `--report-only`.
pub(super) fn measure(root: &Path, rounds: usize) -> Result<ColdBuilds, String> {
    let dir = root.join("target/bench-cold");
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    for side in &SIDES {
        write_consumer(&dir.join(side.name), root, side, &lock)?;
    }
    let mut builds = ColdBuilds::default();
    for round in 0..rounds {
        // aws-lc, ring, then ring, aws-lc: each side goes first as often.
        let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let side = &SIDES[i];
            let seconds = cold_build(&dir.join(side.name))?.as_secs_f64();
            println!(
                "cold build {} of {rounds}, {}: {seconds:.1} s",
                round + 1,
                side.name
            );
            match side.name {
                "ring" => builds.ring.push(seconds),
                _ => builds.aws_lc.push(seconds),
            }
        }
    }
    std::fs::write(dir.join(RESULTS), builds.text())
        .map_err(|e| format!("cannot keep the cold build results: {e}"))?;
    Ok(builds)
}

/// The results of the last run, if there was one.
pub(super) fn last(root: &Path) -> Option<ColdBuilds> {
    let text = std::fs::read_to_string(root.join("target/bench-cold").join(RESULTS)).ok()?;
    Some(ColdBuilds::parse(&text))
}

fn write_consumer(dir: &Path, root: &Path, side: &Side, lock: &str) -> Result<(), String> {
    let generated = root.join("generated");
    let features = if side.dependency.is_empty() {
        String::new()
    } else {
        format!(", {}", side.dependency)
    };
    let manifest = format!(
        "[package]\nname = \"cold-build-{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nhubspot-oauth = {{ path = {path:?}{features} }}\n\n[workspace]\n",
        name = side.name,
        path = generated.display().to_string(),
    );
    let main = "fn main() {\n    let client = hubspot_oauth::v3::Client::new();\n    println!(\"{client:?}\");\n}\n";
    let write = |path: PathBuf, text: &str| {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(dir.join("Cargo.toml"), &manifest)?;
    write(dir.join("Cargo.lock"), lock)?;
    write(dir.join("src/main.rs"), main)
}

/// `cargo build --offline` of one consumer from an empty target directory; its wall time.
fn cold_build(dir: &Path) -> Result<Duration, String> {
    let target = dir.join("target");
    if target.exists() {
        std::fs::remove_dir_all(&target)
            .map_err(|e| format!("cannot empty {}: {e}", target.display()))?;
    }
    let started = Instant::now();
    let output = process::cargo()
        .args(["build", "--offline", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        return Err(format!(
            "the cold build of {} failed:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(elapsed)
}

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The section of `BENCHMARKS.md`.
pub(super) fn markdown(builds: &ColdBuilds) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "## A consumer's cold build\n");
    let _ = writeln!(
        md,
        "A new binary depending on `hubspot-oauth` (path dependency, the workspace's `Cargo.lock`), built with \
         `cargo build --offline` from an empty target directory, once per round for each TLS configuration, \
         alternating which goes first. `aws-lc` is the default (`tls-aws-lc`, reqwest's own rustls provider, \
         with post-quantum key exchange); `ring` is `default-features = false, features = [\"tls-ring\"]`.\n"
    );
    let _ = writeln!(md, "| Configuration | Wall time per round | Median |");
    let _ = writeln!(md, "| --- | --- | --- |");
    for (name, values) in [("aws-lc", &builds.aws_lc), ("ring", &builds.ring)] {
        let rounds: Vec<String> = values.iter().map(|s| format!("{s:.1} s")).collect();
        let median = median(values).map_or("–".to_owned(), |m| format!("{m:.1} s"));
        let _ = writeln!(md, "| {name} | {} | {median} |", rounds.join(", "));
    }
    let verdict = match builds.ratio() {
        Some(r) if r <= TARGET_RATIO => {
            format!("{r:.2}× of `aws-lc`: **met** (target ≤ {TARGET_RATIO}×)")
        }
        Some(r) => format!("{r:.2}× of `aws-lc`: **not met** (target ≤ {TARGET_RATIO}×)"),
        None => "not measured".to_owned(),
    };
    let _ = writeln!(md, "\n`ring`: {verdict}.\n");
    md
}

#[cfg(test)]
mod tests {
    use super::{markdown, ColdBuilds};

    #[test]
    fn results_read_back_as_written_and_the_ratio_is_of_medians() {
        let builds = ColdBuilds {
            aws_lc: vec![60.0, 50.0],
            ring: vec![20.0, 25.0],
        };
        assert_eq!(ColdBuilds::parse(&builds.text()), builds);
        assert_eq!(builds.ratio(), Some(22.5 / 55.0));
        let md = markdown(&builds);
        assert!(md.contains("| aws-lc | 60.0 s, 50.0 s | 55.0 s |"), "{md}");
        assert!(md.contains("0.41× of `aws-lc`: **met**"), "{md}");
        let slow = ColdBuilds {
            aws_lc: vec![10.0],
            ring: vec![9.0],
        };
        assert!(markdown(&slow).contains("**not met**"));
        assert_eq!(ColdBuilds::default().ratio(), None);
    }
}
