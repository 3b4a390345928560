//! Reading criterion's output: the estimates it writes under `target/criterion`, and the paired
//! ratios the client benchmarks print, kept beside them.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use serde_json::Value;

/// How the client benchmarks print a paired ratio:
/// `paired-ratio {id} {median} {first quartile} {third quartile}`.
pub(super) const PAIRED_PREFIX: &str = "paired-ratio ";
/// Where the paired ratios of the last run are kept, in `target/criterion`.
pub(super) const PAIRED_FILE: &str = "paired-ratios.txt";

/// A ratio measured in interleaved rounds: its median and quartiles over the rounds.
#[derive(Clone, Copy, Debug)]
pub(super) struct Paired {
    pub(super) median: f64,
    pub(super) q1: f64,
    pub(super) q3: f64,
}

pub(super) fn parse_paired(text: &str) -> BTreeMap<String, Paired> {
    text.lines()
        .filter_map(|line| {
            let mut words = line.strip_prefix(PAIRED_PREFIX)?.split_whitespace();
            let id = words.next()?.to_owned();
            let mut number = || words.next()?.parse::<f64>().ok();
            let (median, q1, q3) = (number()?, number()?, number()?);
            Some((id, Paired { median, q1, q3 }))
        })
        .collect()
}

/// One benchmark's estimates, in nanoseconds per iteration.
#[derive(Clone, Copy, Debug)]
pub(super) struct Estimate {
    pub(super) median: f64,
    pub(super) low: f64,
    pub(super) high: f64,
    pub(super) mad: f64,
}

/// Every `new/estimates.json` under `dir` (written after `since`, when given), by full id.
pub(super) fn collect(
    dir: &Path,
    since: Option<SystemTime>,
) -> Result<BTreeMap<String, Estimate>, String> {
    let mut results = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            if path.file_name().is_some_and(|n| n == "new") {
                if let Some((id, estimate)) = read_estimate(&path, since)? {
                    results.insert(id, estimate);
                }
            } else if path
                .file_name()
                .is_some_and(|n| n != "base" && n != "report")
            {
                pending.push(path);
            }
        }
    }
    Ok(results)
}

fn read_estimate(
    dir: &Path,
    since: Option<SystemTime>,
) -> Result<Option<(String, Estimate)>, String> {
    let estimates_path = dir.join("estimates.json");
    let benchmark_path = dir.join("benchmark.json");
    if !estimates_path.is_file() || !benchmark_path.is_file() {
        return Ok(None);
    }
    if let Some(since) = since {
        let modified = std::fs::metadata(&estimates_path).and_then(|m| m.modified());
        if modified.map_or(true, |m| m < since) {
            return Ok(None);
        }
    }
    let read = |path: &Path| -> Result<Value, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
    };
    let benchmark = read(&benchmark_path)?;
    let estimates = read(&estimates_path)?;
    let id = benchmark["full_id"]
        .as_str()
        .ok_or_else(|| format!("{} has no full_id", benchmark_path.display()))?
        .to_owned();
    let number = |v: &Value| {
        v.as_f64()
            .ok_or_else(|| format!("{} lacks a figure", estimates_path.display()))
    };
    let median = &estimates["median"];
    Ok(Some((
        id,
        Estimate {
            median: number(&median["point_estimate"])?,
            low: number(&median["confidence_interval"]["lower_bound"])?,
            high: number(&median["confidence_interval"]["upper_bound"])?,
            mad: number(&estimates["median_abs_dev"]["point_estimate"])?,
        },
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_criterion_estimates() {
        let dir = std::env::temp_dir().join(format!("xtask-criterion-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let write = |sub: &str, id: &str, median: f64| {
            let folder = dir.join(sub);
            std::fs::create_dir_all(&folder).expect("dir");
            std::fs::write(
                folder.join("benchmark.json"),
                format!(r#"{{"full_id":"{id}"}}"#),
            )
            .expect("write");
            std::fs::write(
                folder.join("estimates.json"),
                format!(
                    r#"{{"median":{{"point_estimate":{median},"confidence_interval":{{"lower_bound":1.0,"upper_bound":9.0}}}},"median_abs_dev":{{"point_estimate":0.5}}}}"#
                ),
            )
            .expect("write");
        };
        write("generate/total/v3/new", "generate/total/v3", 5.0);
        write("generate/total/v3/base", "old", 4.0);
        write("report/x/new", "report", 3.0);
        write("decode/a/generated/new", "decode/a/generated", 2.0);
        std::fs::create_dir_all(dir.join("lonely/new")).expect("dir");
        let results = collect(&dir, None).expect("collect");
        let ids: Vec<&str> = results.keys().map(String::as_str).collect();
        assert_eq!(ids, ["decode/a/generated", "generate/total/v3"]);
        let e = results["generate/total/v3"];
        assert_eq!((e.median, e.low, e.high, e.mad), (5.0, 1.0, 9.0, 0.5));
        let future = SystemTime::now() + std::time::Duration::from_secs(3600);
        assert!(collect(&dir, Some(future)).expect("collect").is_empty());
        std::fs::write(dir.join("decode/a/generated/new/estimates.json"), "{}").expect("write");
        let error = collect(&dir, None).expect_err("no figures");
        assert!(error.ends_with("estimates.json lacks a figure"), "{error}");
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
