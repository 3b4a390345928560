//! `cargo xtask bench`: runs the criterion benchmarks of the generator and of the client, and
//! writes `BENCHMARKS.md` at the repository root from the results of that run.
//!
//! - `bench`: `cargo bench -p hubspot-oauth-codegen -p hubspot-oauth --benches`, then the
//!   report from the estimates criterion wrote during this run.
//! - `bench --report-only`: the report from the estimates already in `target/criterion`.
//! - `bench -- ARGS`: ARGS go to every benchmark binary (a criterion filter, `--quick`…).
//! - `bench --cold-rounds N`: N rounds of a consumer's cold build with each TLS provider
//!   ([`cold_build`]; default 2, 0 reports the last run's).
//!
//! Every figure is criterion's median with its 95% confidence interval and the median
//! absolute deviation of the samples. Ratios are taken between figures of the same run, and
//! their interval goes from the most favourable to the least favourable pair of bounds.
//!
//! This file is the task: its arguments, the `cargo bench` run and the file it writes. The
//! three things that run needs each have a module in `bench/`, so that each is read and tested
//! on its own and no file mixes them: [`criterion`] reads what the benchmarks left in
//! `target/criterion`, [`machine`] describes the machine, and [`report`] renders
//! `BENCHMARKS.md` and the terminal summary from those two (all of its text is there, and a
//! test pins it byte for byte on a fixed input). `cargo` is found through [`crate::process`],
//! which `conformance` shares.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::SystemTime;

use crate::process;
use criterion::{collect, parse_paired, PAIRED_FILE, PAIRED_PREFIX};
use machine::{load_average, Machine};
use report::Report;

mod cold_build;
mod criterion;
mod machine;
mod report;

/// Rounds of the consumer's cold build, each configuration once per round, unless
/// `--cold-rounds` says otherwise (0: none, the last run's results are reported).
const COLD_ROUNDS: usize = 2;

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut report_only = false;
    let mut cold_rounds = COLD_ROUNDS;
    let mut passthrough: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--report-only" => report_only = true,
            "--cold-rounds" => {
                cold_rounds = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--cold-rounds needs a number")?;
            }
            "--" => passthrough.extend(it.by_ref().cloned()),
            other => return Err(format!("unknown argument {other:?}\n{}", super::USAGE)),
        }
    }
    let root = super::project_root();
    let criterion_dir = target_dir(&root).join("criterion");

    let started = SystemTime::now();
    let load_before = if report_only {
        "not recorded".to_owned()
    } else {
        load_average()
    };
    if !report_only {
        let mut command = process::cargo();
        command.current_dir(&root).args([
            "bench",
            "-p",
            "hubspot-oauth-codegen",
            "-p",
            "hubspot-oauth",
            "--benches",
        ]);
        if !passthrough.is_empty() {
            command.arg("--").args(&passthrough);
        }
        command.stdout(Stdio::piped());
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot run cargo bench: {e}"))?;
        let mut paired = String::new();
        if let Some(stdout) = child.stdout.take() {
            for line in BufReader::new(stdout).lines() {
                let line = line.map_err(|e| format!("cannot read the benchmarks' output: {e}"))?;
                println!("{line}");
                // Criterion's progress output may share the line.
                if let Some(at) = line.find(PAIRED_PREFIX) {
                    paired.push_str(&line[at..]);
                    paired.push('\n');
                }
            }
        }
        let status = child
            .wait()
            .map_err(|e| format!("cannot run cargo bench: {e}"))?;
        if !status.success() {
            return Err(format!("cargo bench failed ({status})"));
        }
        std::fs::create_dir_all(&criterion_dir)
            .and_then(|()| std::fs::write(criterion_dir.join(PAIRED_FILE), &paired))
            .map_err(|e| format!("cannot keep the paired ratios: {e}"))?;
    }
    let cold = if report_only || cold_rounds == 0 {
        cold_build::last(&root)
    } else {
        Some(cold_build::measure(&root, cold_rounds)?)
    };
    let load_after = if report_only {
        "not recorded (`--report-only`)".to_owned()
    } else {
        load_average()
    };

    let since = (!report_only).then_some(started);
    let results = collect(&criterion_dir, since)?;
    if results.is_empty() {
        return Err(format!(
            "no benchmark results in {}",
            criterion_dir.display()
        ));
    }
    let paired = std::fs::read_to_string(criterion_dir.join(PAIRED_FILE))
        .map(|text| parse_paired(&text))
        .unwrap_or_default();
    let machine = Machine::probe(&root, load_before, load_after);
    let report = Report {
        results: &results,
        paired: &paired,
    };
    let mut text = report.markdown(&machine);
    if let Some(cold) = &cold {
        text.push('\n');
        text.push_str(&cold_build::markdown(cold));
        if let Some(ratio) = cold.ratio() {
            println!(
                "consumer's cold build: ring {:.2}× of aws-lc (target ≤ {}×)",
                ratio,
                cold_build::TARGET_RATIO
            );
        }
    }
    let out = root.join("BENCHMARKS.md");
    std::fs::write(&out, &text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!("{}", report.summary());
    println!("wrote {} ({} benchmarks)", out.display(), results.len());
    Ok(())
}

fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}
