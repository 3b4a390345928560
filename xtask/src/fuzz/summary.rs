//! The summary: inputs by kind, panics, crashes, unlocated errors, compile failures, causes.

use super::*;

pub(super) struct Summary<'a> {
    pub(super) args: &'a Args,
    pub(super) corpus: &'a [mutate::Base],
    pub(super) shared: bool,
    pub(super) records: &'a [Record],
    pub(super) chosen: &'a [usize],
    pub(super) compile: &'a [Compiled],
    pub(super) generated_in: Duration,
    pub(super) checked_in: Duration,
    pub(super) total: Duration,
}

#[derive(Default)]
pub(super) struct Row {
    pub(super) inputs: usize,
    pub(super) generated: usize,
    pub(super) load_errors: usize,
    pub(super) panics: usize,
    pub(super) crashes: usize,
    pub(super) unlocated: usize,
    pub(super) checked: usize,
    pub(super) compile_failures: usize,
}

impl Summary<'_> {
    /// Prints the figures and the failures; returns the number of failing inputs.
    pub(super) fn print(&self) -> usize {
        let records = self.records;
        let compile_failed: BTreeMap<usize, &Compiled> = self
            .compile
            .iter()
            .filter(|c| c.error.is_some())
            .map(|c| (c.index, c))
            .collect();
        let mut rows: BTreeMap<String, Row> = Kind::ALL
            .iter()
            .map(|k| (k.name().to_owned(), Row::default()))
            .collect();
        if self.args.replay.is_some() {
            rows.clear();
        }
        let mut locations: BTreeMap<&str, usize> = BTreeMap::new();
        let (mut render_errors, mut unpointed, mut load_unlocated, mut hangs) = (0, 0, 0, 0);
        let mut long_idents = (0, 0);
        for r in records {
            let row = rows.entry(r.kind.clone()).or_default();
            row.inputs += 1;
            match &r.outcome {
                Outcome::Generated {
                    unpointed: u,
                    longest_ident,
                    ..
                } => {
                    row.generated += 1;
                    if u.is_some() {
                        unpointed += 1;
                    }
                    if *longest_ident > IDENT_LIMIT {
                        long_idents.0 += 1;
                        long_idents.1 = long_idents.1.max(*longest_ident);
                    }
                }
                Outcome::LoadError { location, .. } => {
                    row.load_errors += 1;
                    *locations.entry(location.as_str()).or_default() += 1;
                    if location == "none" {
                        load_unlocated += 1;
                    }
                }
                Outcome::RenderError(_) | Outcome::OtherError(_) => render_errors += 1,
                Outcome::Panic { .. } => row.panics += 1,
                Outcome::Crash(_) => row.crashes += 1,
                Outcome::Hang => {
                    row.crashes += 1;
                    hangs += 1;
                }
            }
            if r.failure() == Some(Failure::Unlocated) {
                row.unlocated += 1;
            }
            if self.chosen.contains(&r.index) {
                row.checked += 1;
            }
            if compile_failed.contains_key(&r.index) {
                row.compile_failures += 1;
            }
        }
        let mut total = Row::default();
        for row in rows.values() {
            total.inputs += row.inputs;
            total.generated += row.generated;
            total.load_errors += row.load_errors;
            total.panics += row.panics;
            total.crashes += row.crashes;
            total.unlocated += row.unlocated;
            total.checked += row.checked;
            total.compile_failures += row.compile_failures;
        }

        println!();
        match &self.args.replay {
            Some(file) => println!("fuzz: replay of {}", file.display()),
            None => println!(
                "fuzz: seed {}, {} inputs from {} specs ({}), {} worker(s)",
                self.args.seed,
                records.len(),
                self.corpus.len(),
                if self.shared {
                    "HubSpot's specs and the fixtures"
                } else {
                    "the fixtures only: ../shared/spec-samples is absent"
                },
                self.args.jobs
            ),
        }
        println!(
            "\n{:<16} {:>6} {:>9} {:>11} {:>6} {:>7} {:>9} {:>7} {:>15}",
            "kind",
            "inputs",
            "generated",
            "load errors",
            "panics",
            "crashes",
            "unlocated",
            "checked",
            "compile failures"
        );
        let print_row = |name: &str, r: &Row| {
            println!(
                "{:<16} {:>6} {:>9} {:>11} {:>6} {:>7} {:>9} {:>7} {:>15}",
                name,
                r.inputs,
                r.generated,
                r.load_errors,
                r.panics,
                r.crashes,
                r.unlocated,
                r.checked,
                r.compile_failures
            )
        };
        for (name, row) in &rows {
            print_row(name, row);
        }
        print_row("total", &total);

        println!();
        println!("panics: {}", total.panics);
        println!(
            "crashes: {} ({} stack overflow or abort, {hangs} hang)",
            total.crashes,
            total.crashes - hangs
        );
        println!(
            "unlocated errors: {} ({load_unlocated} load errors without a location, {render_errors} render errors, {unpointed} outputs with a diagnostic without a JSON pointer)",
            total.unlocated
        );
        println!(
            "load errors by location: {}",
            ["text", "pointer", "root", "none"]
                .iter()
                .map(|l| format!(
                    "{} {}",
                    locations.get(l).copied().unwrap_or(0),
                    match *l {
                        "text" => "line and column",
                        "pointer" => "JSON pointer",
                        "root" => "document root only",
                        _ => "none",
                    }
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!(
            "checked crates: {} of {} outputs, from {} kinds; compile failures: {}",
            self.compile.len(),
            total.generated,
            rows.values().filter(|r| r.checked > 0).count(),
            compile_failed.len()
        );
        if long_idents.0 > 0 {
            println!(
                "not checked: {} outputs with identifiers longer than {IDENT_LIMIT} characters (the longest: {})",
                long_idents.0, long_idents.1
            );
        }
        let slowest = records.iter().max_by_key(|r| r.ms);
        println!(
            "time: {:.1} s in all: {:.1} s generating{}, {:.1} s checking",
            self.total.as_secs_f64(),
            self.generated_in.as_secs_f64(),
            slowest
                .map(|r| format!(
                    " (slowest input {:.1} s: seed {} {})",
                    r.ms as f64 / 1000.0,
                    r.seed,
                    r.kind
                ))
                .unwrap_or_default(),
            self.checked_in.as_secs_f64()
        );

        // Failures grouped by cause.
        let mut groups: BTreeMap<(Failure, String), Vec<&Record>> = BTreeMap::new();
        for r in records {
            if let Some(f) = r.failure() {
                groups.entry((f, r.cause())).or_default().push(r);
            }
            if let Some(c) = compile_failed.get(&r.index) {
                let e = c.error.as_deref().unwrap_or_default();
                groups
                    .entry((Failure::Compile, elide(e)))
                    .or_default()
                    .push(r);
            }
        }
        let failing: usize = {
            let mut seen: Vec<usize> = groups.values().flatten().map(|r| r.index).collect();
            seen.sort_unstable();
            seen.dedup();
            seen.len()
        };
        if groups.is_empty() {
            println!("\nno failures");
            return 0;
        }
        println!("\nfailures by cause ({failing} inputs):");
        for ((failure, cause), rs) in &groups {
            let first = rs[0];
            println!("  {:<9} {:>4} × {cause}", failure.label(), rs.len());
            println!(
                "            e.g. seed {} ({}, {}): {}",
                first.seed,
                first.kind,
                first.base,
                elide_what(&first.what)
            );
            if *failure == Failure::Compile {
                if let Some(c) = compile_failed.get(&first.index) {
                    println!(
                        "            crate: target/fuzz-check/crates/{}",
                        c.crate_name
                    );
                    if self.args.replay.is_some() {
                        println!("\n{}", c.rendered.trim_end());
                    }
                }
            }
            if rs.len() > 1 {
                let more: Vec<String> =
                    rs[1..].iter().take(6).map(|r| r.seed.to_string()).collect();
                println!(
                    "            also seeds {}{}",
                    more.join(", "),
                    if rs.len() > 7 { ", …" } else { "" }
                );
            }
        }
        if self.args.replay.is_none() {
            println!(
                "\nreproduce one: cargo xtask fuzz --seed SEED --count 1, or cargo xtask fuzz --replay target/fuzz-failures/SEED-KIND.json"
            );
        }
        failing
    }
}

pub(super) fn elide_what(what: &str) -> String {
    if what.chars().count() > 200 {
        what.chars().take(197).collect::<String>() + "..."
    } else {
        what.to_owned()
    }
}
