//! `cargo xtask diagnostics [--list KIND,…] [PATH…]`: how many diagnostics of each kind the
//! generator reports, spec by spec, for comparing a change's effect.
//!
//! Each PATH is a spec file or a directory of them (default: the directories `samples` reads).
//! Every spec is only generated (nothing is written or compiled). It prints one line per spec
//! (its counts by kind, or why it was refused), then the totals by kind over all specs; with
//! `--list`, every diagnostic of the named kinds (codes such as `unsupported-schema`, comma
//! separated) as `file: pointer: [kind] message`. The output depends on the specs alone, so
//! two runs can be compared with `diff`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use codegen::{load, Diagnostic, DiagnosticKind, Settings};

use crate::check;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut list: Vec<String> = Vec::new();
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--list" => {
                let kinds = it.next().ok_or("--list needs kinds, comma separated")?;
                for kind in kinds.split(',').map(str::trim) {
                    if !DiagnosticKind::ALL.iter().any(|k| k.code() == kind) {
                        let known: Vec<&str> =
                            DiagnosticKind::ALL.iter().map(|k| k.code()).collect();
                        return Err(format!(
                            "unknown diagnostic kind {kind:?}; the kinds are {}",
                            known.join(", ")
                        ));
                    }
                    list.push(kind.to_owned());
                }
            }
            other if other.starts_with("--") => {
                return Err(format!("unknown argument {other:?}\n{}", super::USAGE))
            }
            path => paths.push(PathBuf::from(path)),
        }
    }
    let specs = check::specs_of(&super::project_root(), &paths)?;
    let settings = Settings::default();
    let mut totals: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut listed: Vec<(String, Diagnostic)> = Vec::new();
    let mut refused = 0;
    for path in &specs {
        let name = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let diagnostics = match load::load_file(path)
            .map_err(codegen::Error::from)
            .and_then(|spec| codegen::generate(&spec, &settings))
        {
            Ok(output) => output.diagnostics,
            Err(e) => {
                refused += 1;
                // The file name only, so that the output does not depend on where it runs.
                let why = match e {
                    codegen::Error::Load(e) => format!("{}: refused: {}", e.location, e.message),
                    other => format!(": refused: {other}"),
                };
                println!("{name}{}", why.lines().next().unwrap_or(""));
                continue;
            }
        };
        let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        for d in diagnostics {
            *counts.entry(d.kind.code()).or_default() += 1;
            *totals.entry(d.kind.code()).or_default() += 1;
            if list.iter().any(|k| k == d.kind.code()) {
                listed.push((name.clone(), d));
            }
        }
        println!("{name}: {}", counts_text(&counts));
    }
    println!(
        "\ntotal over {} specs ({refused} refused): {}",
        specs.len(),
        counts_text(&totals)
    );
    for (kind, n) in &totals {
        println!("  {kind:<20} {n:>6}");
    }
    if !list.is_empty() {
        println!(
            "\n{} diagnostics of kinds {}:",
            listed.len(),
            list.join(", ")
        );
        for (name, d) in &listed {
            println!("{name}: {}: [{}] {}", d.pointer, d.kind.code(), d.message);
        }
    }
    Ok(())
}

/// `N diagnostics (a kind-x, b kind-y)`, kinds in alphabetical order.
fn counts_text(counts: &BTreeMap<&'static str, usize>) -> String {
    let total: usize = counts.values().sum();
    if total == 0 {
        return "0 diagnostics".to_owned();
    }
    let kinds: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    format!("{total} diagnostics ({})", kinds.join(", "))
}
