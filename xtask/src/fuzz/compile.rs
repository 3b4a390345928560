//! Compiling a sample of the outputs: one cargo workspace, errors matched back to their crates.

use super::*;

/// Up to `n` checkable outputs: each kind's in an order shuffled from the seed, taken in
/// turn from every kind.
pub(super) fn choose_checks(records: &[Record], n: usize, seed: u64) -> Vec<usize> {
    let mut by_kind: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for r in records.iter().filter(|r| r.checkable()) {
        by_kind.entry(&r.kind).or_default().push(r.index);
    }
    let mut rng = Rng::new(seed ^ 0x6368_6563_6b65_6421);
    let mut queues: Vec<Vec<usize>> = by_kind
        .into_values()
        .map(|mut v| {
            rng.shuffle(&mut v);
            v.reverse();
            v
        })
        .collect();
    let mut chosen = Vec::new();
    while chosen.len() < n && queues.iter().any(|q| !q.is_empty()) {
        for q in &mut queues {
            if chosen.len() < n {
                if let Some(i) = q.pop() {
                    chosen.push(i);
                }
            }
        }
    }
    chosen.sort_unstable();
    chosen
}

/// The result of checking one output.
pub(super) struct Compiled {
    pub(super) index: usize,
    pub(super) crate_name: String,
    /// The first error, in one line; `None` when it compiled cleanly.
    pub(super) error: Option<String>,
    /// The first error as rustc prints it.
    pub(super) rendered: String,
}

/// Regenerates the chosen outputs as members of one workspace and checks them all with one
/// `cargo check`.
pub(super) fn check_outputs(
    root: &Path,
    args: &Args,
    corpus: &[mutate::Base],
    records: &[Record],
    chosen: &[usize],
) -> Result<Vec<Compiled>, String> {
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let workspace = root.join("target/fuzz-check");
    let crates_dir = workspace.join("crates");
    let scratch = root.join("target/fuzz-work/check-input.json");
    let mut members = Vec::new();
    for &index in chosen {
        let r = &records[index];
        let input = match &args.replay {
            Some(file) => {
                let bytes = std::fs::read(file)
                    .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                replayed(file, bytes).1
            }
            None => mutate::input(r.seed, corpus),
        };
        let name = format!("fuzz-{}-{}", r.seed, r.kind);
        std::fs::write(&scratch, &input.bytes)
            .map_err(|e| format!("cannot write {}: {e}", scratch.display()))?;
        let (path, crate_name) = (scratch.clone(), name.clone());
        let files = match guarded(args.stack_mib, move || pipeline(&path, &crate_name).1) {
            Ok(Some(files)) => files,
            _ => return Err(format!("seed {}: generated once, but not twice", r.seed)),
        };
        let dir = crates_dir.join(&name);
        for file in files {
            let contents = if file.path == "Cargo.toml" {
                // A member of the fuzz workspace rather than a workspace of its own.
                let member = file.contents.replace("\n[workspace]\n", "\n");
                if member == file.contents {
                    return Err("standalone Cargo.toml has no [workspace] table to remove".into());
                }
                member
            } else {
                file.contents
            };
            write_if_changed(&dir.join(file.path), &contents, Mode::Write)?;
        }
        members.push((index, name));
    }
    // Crates of earlier runs that are no longer members.
    if let Ok(entries) = std::fs::read_dir(&crates_dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !members.iter().any(|(_, m)| *m == name) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    let manifest = format!(
        "# {BANNER}\n# The outputs `cargo xtask fuzz` checks, in one workspace.\n\n[workspace]\nresolver = \"2\"\nmembers = [\n{}]\n",
        members
            .iter()
            .map(|(_, m)| format!("    \"crates/{m}\",\n"))
            .collect::<String>()
    );
    write_if_changed(&workspace.join("Cargo.toml"), &manifest, Mode::Write)?;
    println!(
        "  cargo check of {} crates in {}",
        members.len(),
        workspace.display()
    );
    let output = check::cargo_check(
        root,
        &workspace.join("Cargo.toml"),
        &[
            "--workspace",
            "--keep-going",
            "--message-format=json",
            "--quiet",
        ],
    )?;
    // Errors and built libraries, by library name.
    let mut errors: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut built: Vec<String> = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let target = v["target"]["name"].as_str().unwrap_or_default().to_owned();
        match v["reason"].as_str() {
            Some("compiler-artifact") => built.push(target),
            Some("compiler-message") if v["message"]["level"] == "error" => {
                let m = &v["message"];
                let text = m["message"].as_str().unwrap_or_default();
                if text.starts_with("aborting due to") {
                    continue;
                }
                let span = m["spans"]
                    .as_array()
                    .and_then(|s| s.iter().find(|s| s["is_primary"] == true))
                    .map(|s| {
                        // `crates/<member>/src/lib.rs` → `src/lib.rs`
                        let file = s["file_name"].as_str().unwrap_or("");
                        let file = file.find("/src/").map_or(file, |i| &file[i + 1..]);
                        format!(" ({file}:{})", s["line_start"])
                    })
                    .unwrap_or_default();
                let rendered = m["rendered"].as_str().unwrap_or_default().to_owned();
                errors
                    .entry(target)
                    .or_insert_with(|| (format!("{text}{span}"), rendered));
            }
            _ => {}
        }
    }
    let compiled: Vec<Compiled> = members
        .into_iter()
        .map(|(index, crate_name)| {
            let lib = crate_name.replace('-', "_");
            let (error, rendered) = match errors.remove(&lib) {
                Some((e, rendered)) => (Some(e), rendered),
                None if built.contains(&lib) => (None, String::new()),
                None => (Some("not built".to_owned()), String::new()),
            };
            Compiled {
                index,
                crate_name,
                error,
                rendered,
            }
        })
        .collect();
    if !output.status.success() && compiled.iter().all(|c| c.error.is_none()) {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "cargo check failed:\n{}",
            stderr.lines().take(40).collect::<Vec<_>>().join("\n")
        ));
    }
    Ok(compiled)
}

// The summary
