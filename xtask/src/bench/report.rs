//! `BENCHMARKS.md` and the terminal summary, rendered from criterion's figures: the targets and
//! their verdicts, then one table per group of benchmarks.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::criterion::{Estimate, Paired};
use super::machine::Machine;

/// Generating both specs must take less than this, in nanoseconds (20 ms).
const BOTH_SPECS_BUDGET_NS: f64 = 20e6;
/// Decoding through the generated types may take at most this many times the hand-written
/// baseline.
const DECODE_RATIO_BUDGET: f64 = 1.2;
/// A stage is linear when its time per schema at 10,000 schemas is at most this many times its
/// time per schema at 1,000.
const LINEAR_GROWTH_BUDGET: f64 = 1.5;
/// Generating every sample may take at most this many times parsing them as JSON.
const BATCH_RATIO_BUDGET: f64 = 4.0;
/// Generating both OAuth specs may take at most this many times loading them.
const TOTAL_OVER_LOAD_BUDGET: f64 = 3.0;
/// The largest samples of `generator/benches/samples.rs`, with their sizes in bytes.
const LARGE: [(&str, f64); 4] = [
    ("digitalocean", 1_239_886.0),
    ("box", 1_020_077.0),
    ("linode", 776_094.0),
    ("nexus", 436_683.0),
];

const SPECS: [(&str, &str); 3] = [("v3", "v3"), ("v1", "v1"), ("both", "v3 + v1")];
const STAGES: [&str; 4] = ["load", "normalize", "emit", "format"];
const SIZES: [u64; 4] = [10, 100, 1_000, 10_000];
const REQUESTS: [&str; 7] = [
    "v3_create_token",
    "v3_introspect_token",
    "v3_revoke_token",
    "v1_create_token",
    "v1_get_access_token",
    "v1_get_refresh_token",
    "v1_delete_refresh_token",
];
/// Decoded bodies: (benchmark name, what it is, whether the type is a tagged `oneOf`).
const BODIES: [(&str, &str, bool); 6] = [
    (
        "v3_create_token",
        "v3 token (`TokenResponseIf`, access token)",
        true,
    ),
    (
        "v3_introspect_access",
        "v3 introspection (`TokenInfoResponseBaseIf`, access token)",
        true,
    ),
    (
        "v3_introspect_refresh",
        "v3 introspection (`TokenInfoResponseBaseIf`, refresh token)",
        true,
    ),
    (
        "v1_create_token",
        "v1 token (`TokenResponseIf`, access token)",
        true,
    ),
    (
        "v1_get_access_token",
        "v1 access token info (`AccessTokenInfoResponse`)",
        false,
    ),
    (
        "v1_get_refresh_token",
        "v1 refresh token info (`RefreshTokenInfoResponse`)",
        false,
    ),
];

fn paired_text(p: Paired) -> String {
    format!("{:.2}× (quartiles {:.2}–{:.2})", p.median, p.q1, p.q3)
}

/// The quotient of two estimates, with the widest interval their confidence intervals allow.
#[derive(Clone, Copy, Debug)]
struct Ratio {
    value: f64,
    low: f64,
    high: f64,
}

fn ratio(a: Estimate, b: Estimate) -> Ratio {
    Ratio {
        value: a.median / b.median,
        low: a.low / b.high,
        high: a.high / b.low,
    }
}

fn duration(ns: f64) -> String {
    let (value, unit) = if ns >= 1e9 {
        (ns / 1e9, "s")
    } else if ns >= 1e6 {
        (ns / 1e6, "ms")
    } else if ns >= 1e3 {
        (ns / 1e3, "µs")
    } else {
        (ns, "ns")
    };
    let digits = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.digits$} {unit}")
}

fn estimate_text(e: Estimate) -> String {
    format!(
        "{} [{}, {}] ±{}",
        duration(e.median),
        duration(e.low),
        duration(e.high),
        duration(e.mad)
    )
}

fn ratio_text(r: Ratio) -> String {
    format!("{:.2}× [{:.2}, {:.2}]", r.value, r.low, r.high)
}

fn yes_no(met: bool) -> &'static str {
    if met {
        "**met**"
    } else {
        "**not met**"
    }
}

pub(super) struct Report<'a> {
    pub(super) results: &'a BTreeMap<String, Estimate>,
    pub(super) paired: &'a BTreeMap<String, Paired>,
}

impl Report<'_> {
    fn get(&self, id: &str) -> Option<Estimate> {
        self.results.get(id).copied()
    }

    /// Time per schema at each size for one scaling stage.
    fn per_schema(&self, stage: &str, n: u64) -> Option<Estimate> {
        self.get(&format!("scaling/{stage}/{n}")).map(|e| Estimate {
            median: e.median / n as f64,
            low: e.low / n as f64,
            high: e.high / n as f64,
            mad: e.mad / n as f64,
        })
    }

    /// Growth of the time per schema from 1,000 to 10,000 schemas.
    fn growth(&self, stage: &str) -> Option<Ratio> {
        Some(ratio(
            self.per_schema(stage, 10_000)?,
            self.per_schema(stage, 1_000)?,
        ))
    }

    /// The decoding ratio a target is judged on: paired when measured, else criterion's.
    fn decode_value(&self, body: &str) -> Option<f64> {
        match self.paired.get(&format!("decode/{body}")) {
            Some(p) => Some(p.median),
            None => self.decode_ratio(body).map(|r| r.value),
        }
    }

    fn decode_ratio(&self, body: &str) -> Option<Ratio> {
        Some(ratio(
            self.get(&format!("decode/{body}/generated"))?,
            self.get(&format!("decode/{body}/hand-written"))?,
        ))
    }

    /// Generating every sample over parsing them, when `benches/samples.rs` ran.
    fn batch_ratio(&self) -> Option<Ratio> {
        Some(ratio(
            self.get("batch/generate/all")?,
            self.get("batch/parse/all")?,
        ))
    }

    /// The real specs: the batch over both sample folders and the stages of the largest.
    fn samples_markdown(&self, md: &mut String) {
        let Some(r) = self.batch_ratio() else {
            return;
        };
        let _ = writeln!(
            md,
            "## Real specs
"
        );
        let _ = writeln!(
            md,
            "Every spec of `../shared/spec-samples` and `../shared/spec-samples-other`, on one thread per core \
             (`benches/samples.rs`): parsed into `serde_json::Value` only, then generated as `cargo xtask codegen \
             --spec DIR` does short of writing the files (load, generate, the standalone crate's files).\n"
        );
        let _ = writeln!(md, "| parse | generate | ratio |\n| --- | --- | --- |");
        let cell = |id: &str| self.get(id).map_or("—".to_owned(), estimate_text);
        let _ = writeln!(
            md,
            "| {} | {} | {} |\n",
            cell("batch/parse/all"),
            cell("batch/generate/all"),
            ratio_text(r)
        );
        let _ = writeln!(
            md,
            "Each stage on the largest samples, fed the previous stage's output; then the time per megabyte of \
             spec text, which a linear stage keeps about even across specs of one style.\n"
        );
        let _ = writeln!(
            md,
            "| Spec | size | load | normalize | emit | format | all stages | per MB |\n| --- | ---: | --- | --- | --- | --- | --- | --- |"
        );
        for (label, bytes) in LARGE {
            let estimates: Vec<Option<Estimate>> = STAGES
                .iter()
                .map(|stage| self.get(&format!("large/{stage}/{label}")))
                .collect();
            if estimates.iter().all(Option::is_none) {
                continue;
            }
            let cells: Vec<String> = estimates
                .iter()
                .map(|e| e.map_or("—".to_owned(), estimate_text))
                .collect();
            let sum: f64 = estimates.iter().flatten().map(|e| e.median).sum();
            let per_mb = sum / (bytes / 1e6);
            let _ = writeln!(
                md,
                "| {label} | {:.2} MB | {} | {} | {} |",
                bytes / 1e6,
                cells.join(" | "),
                duration(sum),
                duration(per_mb)
            );
        }
        let _ = writeln!(md);
    }

    /// One line per target: what it is, what was measured, and whether it is met.
    fn targets(&self) -> Vec<(String, String, Option<bool>)> {
        let mut rows = Vec::new();
        let both = self.get("generate/total/both");
        rows.push((
            "Both specs generated (load → format) in under 20 ms".to_owned(),
            both.map_or("not measured".to_owned(), estimate_text),
            both.map(|e| e.median < BOTH_SPECS_BUDGET_NS),
        ));
        for (body, what, _) in BODIES {
            let (measured, met) = match (
                self.paired.get(&format!("decode/{body}")),
                self.decode_ratio(body),
            ) {
                (Some(&p), _) => (
                    format!("paired {}", paired_text(p)),
                    Some(p.median <= DECODE_RATIO_BUDGET),
                ),
                (None, Some(r)) => (ratio_text(r), Some(r.value <= DECODE_RATIO_BUDGET)),
                (None, None) => ("not measured".to_owned(), None),
            };
            rows.push((
                format!(
                    "Decoding within {DECODE_RATIO_BUDGET}× of hand-written, `Deserialize`: {what}"
                ),
                measured,
                met,
            ));
            let response = self.paired.get(&format!("decode-response/{body}")).copied();
            rows.push((
                format!(
                    "Decoding within {DECODE_RATIO_BUDGET}× of hand-written, `response::*`: {what}"
                ),
                response.map_or("not measured".to_owned(), |p| {
                    format!("paired {}", paired_text(p))
                }),
                response.map(|p| p.median <= DECODE_RATIO_BUDGET),
            ));
        }
        let total_over_load = self
            .get("generate/total/both")
            .zip(self.get("generate/load/both"))
            .map(|(t, l)| ratio(t, l));
        rows.push((
            format!("Both OAuth specs generated within {TOTAL_OVER_LOAD_BUDGET}× of `load` alone"),
            total_over_load.map_or("not measured".to_owned(), ratio_text),
            total_over_load.map(|r| r.value <= TOTAL_OVER_LOAD_BUDGET),
        ));
        if let Some(r) = self.batch_ratio() {
            rows.push((
                format!("Every sample spec generated within {BATCH_RATIO_BUDGET}× of parsing them as JSON, on every core"),
                ratio_text(r),
                Some(r.value <= BATCH_RATIO_BUDGET),
            ));
        }
        for stage in STAGES {
            let g = self.growth(stage);
            rows.push((
                format!("`{stage}` linear to 10,000 schemas (time per schema ×{LINEAR_GROWTH_BUDGET} at most from 1,000)"),
                g.map_or("not measured".to_owned(), |g| format!("time per schema {}", ratio_text(g))),
                g.map(|g| g.value <= LINEAR_GROWTH_BUDGET),
            ));
        }
        rows
    }

    /// The targets, as plain text for the terminal.
    pub(super) fn summary(&self) -> String {
        let mut out = String::from("targets:\n");
        for (target, measured, met) in self.targets() {
            let verdict = match met {
                Some(true) => "met",
                Some(false) => "NOT MET",
                None => "not measured",
            };
            let _ = writeln!(out, "  {verdict:<12} {target}: {measured}");
        }
        out
    }

    pub(super) fn markdown(&self, machine: &Machine) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# Benchmarks\n");
        let _ = writeln!(
            md,
            "Written by `cargo xtask bench`, which runs `cargo bench -p hubspot-oauth-codegen -p hubspot-oauth --benches` \
             (criterion) and reads the estimates of that run. Each figure is the median time per iteration, then the 95% \
             confidence interval of the median in brackets, then ± the median absolute deviation of the samples. A ratio \
             compares two figures of the same run; its brackets go from the most to the least favourable pair of \
             confidence bounds. A *paired* ratio is measured by the client benchmarks themselves after \
             criterion's, in 101 interleaved rounds (about a millisecond of each side per round, in alternating \
             order): its median over the rounds, with the quartiles. Both sides of a paired ratio see the same \
             load, so it is the figure the decoding target is judged on.\n"
        );
        machine_markdown(machine, &mut md);
        self.targets_markdown(&mut md);
        self.generation_markdown(&mut md);
        self.scaling_markdown(&mut md);
        self.samples_markdown(&mut md);
        self.requests_markdown(&mut md);
        self.decode_markdown(&mut md);
        let _ = writeln!(md, "## Reading these figures\n");
        let _ = writeln!(
            md,
            "The machine is shared: other builds may run during a benchmark, which moves absolute figures by tens of \
             percent from one run to the next (compare the load averages above). Benchmarks run one after the other, \
             so a criterion ratio is only as steady as the load was between its two figures, and can be off by a \
             factor of two for identical work when a build starts or ends in between. Paired ratios interleave the \
             two sides and stay within a few percent from run to run; absolute figures, including the 20 ms \
             target, are as good as the load average allows."
        );
        md
    }

    fn targets_markdown(&self, md: &mut String) {
        let _ = writeln!(md, "## Targets\n");
        let _ = writeln!(md, "| Target | Measured | Verdict |\n| --- | --- | --- |");
        for (target, measured, met) in self.targets() {
            let verdict = met.map_or("not measured", yes_no);
            let _ = writeln!(md, "| {target} | {measured} | {verdict} |");
        }
        let _ = writeln!(md);
    }

    fn generation_markdown(&self, md: &mut String) {
        let _ = writeln!(md, "## Generation of HubSpot's specs\n");
        let _ = writeln!(
            md,
            "Each stage is fed the previous stage's output, prepared outside the timed loop: `load` parses the YAML \
             text into `openapiv3::OpenAPI`, `normalize` builds the IR, `emit` the tokens, `format` the text (`syn` + \
             `prettyplease`). `total` runs the whole pipeline from the text.\n"
        );
        let _ = writeln!(md, "| Spec | load | normalize | emit | format | total |\n| --- | --- | --- | --- | --- | --- |");
        for (spec, label) in SPECS {
            let cells: Vec<String> = STAGES
                .iter()
                .chain(&["total"])
                .map(|stage| {
                    self.get(&format!("generate/{stage}/{spec}"))
                        .map_or("—".to_owned(), estimate_text)
                })
                .collect();
            let _ = writeln!(md, "| {label} | {} |", cells.join(" | "));
        }
        let stages: Option<f64> = STAGES
            .iter()
            .map(|stage| {
                self.get(&format!("generate/{stage}/both"))
                    .map(|e| e.median)
            })
            .sum();
        if let Some(sum) = stages {
            let shares: Vec<String> = STAGES
                .iter()
                .filter_map(|stage| {
                    let e = self.get(&format!("generate/{stage}/both"))?;
                    Some(format!("{stage} {:.0}%", 100.0 * e.median / sum))
                })
                .collect();
            let _ = writeln!(
                md,
                "\nThe four stages for both specs add up to {} ({}), a cross-check of `total`, which \
                 is measured separately.",
                duration(sum),
                shares.join(", ")
            );
        }
        let _ = writeln!(md);
    }

    fn scaling_markdown(&self, md: &mut String) {
        let _ = writeln!(md, "## Scaling\n");
        let _ = writeln!(
            md,
            "A synthetic spec with n component schemas (objects with scalar, array and map properties, `$ref`s to \
             each other and to themselves, inline string enums, tagged and untagged `oneOf`s) and n operations (a \
             `GET` per schema that returns it, with a path and a query parameter). Time per schema, per stage; a \
             linear stage keeps it flat.\n"
        );
        let _ = writeln!(md, "| Schemas | load | normalize | emit | format | all stages |\n| ---: | --- | --- | --- | --- | --- |");
        for n in SIZES {
            let cells: Vec<String> = STAGES
                .iter()
                .map(|stage| {
                    self.per_schema(stage, n)
                        .map_or("—".to_owned(), estimate_text)
                })
                .collect();
            let sum: Option<f64> = STAGES
                .iter()
                .map(|s| self.per_schema(s, n).map(|e| e.median))
                .sum();
            let _ = writeln!(
                md,
                "| {n} | {} | {} |",
                cells.join(" | "),
                sum.map_or("—".to_owned(), duration)
            );
        }
        let _ = writeln!(md, "\nTotal time per stage:\n");
        let _ = writeln!(
            md,
            "| Schemas | load | normalize | emit | format |\n| ---: | --- | --- | --- | --- |"
        );
        for n in SIZES {
            let cells: Vec<String> = STAGES
                .iter()
                .map(|stage| {
                    self.get(&format!("scaling/{stage}/{n}"))
                        .map_or("—".to_owned(), |e| duration(e.median))
                })
                .collect();
            let _ = writeln!(md, "| {n} | {} |", cells.join(" | "));
        }
        let _ = writeln!(
            md,
            "\nGrowth exponent k between consecutive sizes (time ∝ n^k: 1 is linear, 2 quadratic):\n"
        );
        let _ = writeln!(
            md,
            "| From → to | load | normalize | emit | format |\n| --- | --- | --- | --- | --- |"
        );
        for pair in SIZES.windows(2) {
            let cells: Vec<String> = STAGES
                .iter()
                .map(|stage| {
                    let a = self.get(&format!("scaling/{stage}/{}", pair[0]));
                    let b = self.get(&format!("scaling/{stage}/{}", pair[1]));
                    match (a, b) {
                        (Some(a), Some(b)) => {
                            format!(
                                "{:.2}",
                                (b.median / a.median).ln() / (pair[1] as f64 / pair[0] as f64).ln()
                            )
                        }
                        _ => "—".to_owned(),
                    }
                })
                .collect();
            let _ = writeln!(md, "| {} → {} | {} |", pair[0], pair[1], cells.join(" | "));
        }
        let _ = writeln!(md);
    }

    fn requests_markdown(&self, md: &mut String) {
        let _ = writeln!(md, "## Building requests\n");
        let _ = writeln!(
            md,
            "The generated `request::*` function against the same request built by hand with `http` and \
             `serde_urlencoded` (no validation of the base URL, no checks of headers).\n"
        );
        let _ = writeln!(
            md,
            "| Operation | generated | hand-written | ratio | paired ratio |\n| --- | --- | --- | --- | --- |"
        );
        for op in REQUESTS {
            let g = self.get(&format!("request/{op}/generated"));
            let h = self.get(&format!("request/{op}/hand-written"));
            let r = g.zip(h).map(|(g, h)| ratio_text(ratio(g, h)));
            let p = self.paired.get(&format!("request/{op}")).copied();
            let _ = writeln!(
                md,
                "| `{op}` | {} | {} | {} | {} |",
                g.map_or("—".to_owned(), estimate_text),
                h.map_or("—".to_owned(), estimate_text),
                r.unwrap_or_else(|| "—".to_owned()),
                p.map_or("—".to_owned(), paired_text)
            );
        }
        let _ = writeln!(md);
    }

    fn decode_markdown(&self, md: &mut String) {
        let _ = writeln!(md, "## Decoding 2xx bodies\n");
        let _ = writeln!(
            md,
            "`serde_json::from_slice` into the generated type against a hand-written serde struct with the same \
             fields and field types, from the same bytes (for a tagged `oneOf`, the struct of the variant the body \
             holds, with the tag as a plain field). The *response* columns are the generated \
             `response::*` function (how the client decodes a body) and the runtime's generic `decode_json` \
             (status check, JSON path tracking for error messages, trailing-data check) with the hand-written type. \
             The last column pairs the generated `response::*` function with bare serde into the hand-written type, \
             both sides building the same `http::Response` first: the client's whole decoding path against \
             the fastest way to read the same bytes.\n"
        );
        let _ = writeln!(
            md,
            "| Body | generated | hand-written | ratio | paired ratio | generated response | hand-written response | ratio | paired ratio, response against bare serde |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
        );
        for (body, what, _) in BODIES {
            let get = |path: &str| self.get(&format!("decode/{body}/{path}"));
            let (g, h, gr, hr) = (
                get("generated"),
                get("hand-written"),
                get("generated-response"),
                get("hand-written-response"),
            );
            let text = |e: Option<Estimate>| e.map_or("—".to_owned(), estimate_text);
            let r = |a: Option<Estimate>, b: Option<Estimate>| {
                a.zip(b)
                    .map_or("—".to_owned(), |(a, b)| ratio_text(ratio(a, b)))
            };
            let p = self.paired.get(&format!("decode/{body}")).copied();
            let pr = self.paired.get(&format!("decode-response/{body}")).copied();
            let _ = writeln!(
                md,
                "| {what} | {} | {} | {} | {} | {} | {} | {} | {} |",
                text(g),
                text(h),
                r(g, h),
                p.map_or("—".to_owned(), paired_text),
                text(gr),
                text(hr),
                r(gr, hr),
                pr.map_or("—".to_owned(), paired_text)
            );
        }
        let ratios = |tagged: bool| -> Vec<f64> {
            BODIES
                .iter()
                .filter(|b| b.2 == tagged)
                .filter_map(|b| self.decode_value(b.0))
                .collect()
        };
        let (tagged, plain) = (ratios(true), ratios(false));
        let range = |rs: &[f64]| {
            let lo = rs.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = rs.iter().copied().fold(0.0, f64::max);
            format!("{lo:.2}×–{hi:.2}×")
        };
        if !tagged.is_empty() && !plain.is_empty() {
            let _ = writeln!(
                md,
                "\nPlain structs decode at {} of the hand-written time; tagged `oneOf`s at {}.",
                range(&plain),
                range(&tagged)
            );
        }
        let _ = writeln!(md);
    }
}
/// The machine the figures were measured on, as a table.
fn machine_markdown(machine: &Machine, md: &mut String) {
    let _ = writeln!(md, "## Machine\n");
    let _ = writeln!(md, "| | |\n| --- | --- |");
    let _ = writeln!(md, "| Date | {} |", machine.date);
    let _ = writeln!(md, "| CPU | {} |", machine.cpu);
    let _ = writeln!(md, "| Cores | {} |", machine.cores);
    let _ = writeln!(md, "| OS | {} |", machine.os);
    let _ = writeln!(md, "| Compiler | {} (bench profile) |", machine.rustc);
    let _ = writeln!(md, "| Commit | {} |", machine.commit);
    let _ = writeln!(
        md,
        "| Load average (1, 5, 15 min) before / after | {} / {} |",
        machine.load_before, machine.load_after
    );
    let _ = writeln!(md);
}

#[cfg(test)]
mod tests {
    use super::super::criterion::parse_paired;
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration(999.0), "999 ns");
        assert_eq!(duration(1_234.0), "1.23 µs");
        assert_eq!(duration(12_340_000.0), "12.3 ms");
        assert_eq!(duration(2.5e9), "2.50 s");
    }

    /// Estimates for every benchmark the report names but a few (so that the "not measured"
    /// and "—" cells show), with figures that differ from one benchmark to the next.
    fn fixture_results() -> BTreeMap<String, Estimate> {
        let mut ids = Vec::new();
        for (spec, _) in SPECS {
            for stage in STAGES.iter().chain(&["total"]) {
                ids.push(format!("generate/{stage}/{spec}"));
            }
        }
        for stage in STAGES {
            for n in SIZES {
                if !(stage == "format" && n == 10_000) {
                    ids.push(format!("scaling/{stage}/{n}"));
                }
            }
        }
        for op in REQUESTS {
            ids.push(format!("request/{op}/generated"));
            if op != "v1_delete_refresh_token" {
                ids.push(format!("request/{op}/hand-written"));
            }
        }
        for (body, _, _) in BODIES {
            for side in [
                "generated",
                "hand-written",
                "generated-response",
                "hand-written-response",
            ] {
                ids.push(format!("decode/{body}/{side}"));
            }
        }
        ids.push("batch/parse/all".to_owned());
        ids.push("batch/generate/all".to_owned());
        for (label, _) in LARGE {
            // One stage missing: its cell says so, and the sums leave it out.
            for stage in STAGES.iter().filter(|s| !(label == "box" && **s == "emit")) {
                ids.push(format!("large/{stage}/{label}"));
            }
        }
        ids.into_iter()
            .enumerate()
            .map(|(i, id)| {
                let median = 137.0 * 1.9f64.powi(i as i32 % 23) + i as f64;
                let estimate = Estimate {
                    median,
                    low: median * 0.93,
                    high: median * 1.11,
                    mad: median * 0.04,
                };
                (id, estimate)
            })
            .collect()
    }

    fn fixture_paired() -> BTreeMap<String, Paired> {
        parse_paired(
            "paired-ratio decode/v3_create_token 1.91 1.82 1.97\n\
             paired-ratio decode/v1_get_access_token 1.004 0.98 1.01\n\
             paired-ratio decode-response/v3_create_token 1.06 1.04 1.08\n\
             paired-ratio decode-response/v1_get_refresh_token 0.98 0.95 1.01\n\
             paired-ratio request/v3_revoke_token 1.5 1.25 1.75\n\
             not a paired line\n",
        )
    }

    fn fixture_machine() -> Machine {
        Machine {
            cpu: "Test CPU".to_owned(),
            cores: "2".to_owned(),
            rustc: "rustc 1.0.0".to_owned(),
            os: "linux 1.0".to_owned(),
            date: "2000-02-29 12:34 UTC".to_owned(),
            commit: "abc1234".to_owned(),
            load_before: "0.10, 0.20, 0.30".to_owned(),
            load_after: "0.40, 0.50, 0.60".to_owned(),
        }
    }

    /// Compares `actual` with the file at `path` (relative to this crate); with
    /// `UPDATE_EXPECT=1`, writes it instead.
    fn expect_file(path: &str, actual: &str) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&path, actual).expect("write the expected file");
            return;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            expected == actual,
            "{} differs from the rendering; UPDATE_EXPECT=1 rewrites it (then see `git diff`)",
            path.display()
        );
    }

    /// The whole report on a fixed input, byte for byte.
    #[test]
    fn renders_the_report() {
        let (results, paired) = (fixture_results(), fixture_paired());
        let report = Report {
            results: &results,
            paired: &paired,
        };
        expect_file(
            "testdata/benchmarks.md",
            &report.markdown(&fixture_machine()),
        );
        expect_file("testdata/benchmarks-summary.txt", &report.summary());
    }
}
