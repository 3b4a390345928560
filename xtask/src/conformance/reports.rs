//! The counts each conformance test writes for the operation it exercised: read back, checked
//! against the operations of the specs, and printed as a table.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

use super::{read_json, ConformanceError, Result};

/// The counts one conformance test wrote for one operation.
#[derive(Debug)]
pub(super) struct Report {
    pub(super) spec: String,
    pub(super) operation: String,
    pub(super) method: String,
    pub(super) path: String,
    pub(super) requests: u64,
    pub(super) violations: u64,
    pub(super) decoded_success: u64,
    pub(super) decoded_error: u64,
    /// Success bodies per decoded variant, as the test names them.
    pub(super) variants: Vec<(String, u64)>,
}

/// The operations of the specs (spec name, operations) that no report covers, as
/// `"v1 GET /path"`.
pub(super) fn uncovered(
    declared: &[(&str, &BTreeSet<(String, String)>)],
    reports: &[Report],
) -> Vec<String> {
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
pub(super) fn summary_table(reports: &[Report]) -> String {
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

pub(super) fn read_reports(dir: &Path) -> Result<Vec<Report>> {
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
