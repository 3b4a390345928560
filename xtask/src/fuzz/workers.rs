//! The worker processes: spreading the inputs, reading their reports, replacing a worker that dies.

use super::*;

pub(super) enum Event {
    Line(usize, String),
    Closed(usize),
}

pub(super) struct Worker {
    pub(super) child: Child,
    /// The index of the input it is on.
    pub(super) next: usize,
    pub(super) stride: usize,
    pub(super) last: Instant,
    pub(super) stderr: PathBuf,
}

/// Runs every input in `jobs` workers and returns a record for each.
pub(super) fn run_workers(
    root: &Path,
    args: &Args,
    dirs: &[PathBuf],
    count: usize,
) -> Result<Vec<Record>, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the task's binary: {e}"))?;
    let work = root.join("target/fuzz-work");
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let (tx, rx) = mpsc::channel();
    let jobs = args.jobs.min(count.max(1));
    let mut spawned = 0;
    let spawn = |from: usize, stride: usize, spawned: &mut usize| -> Result<Worker, String> {
        let id = *spawned;
        *spawned += 1;
        let stderr = work.join(format!("worker-{id}.stderr"));
        let err_file = std::fs::File::create(&stderr)
            .map_err(|e| format!("cannot create {}: {e}", stderr.display()))?;
        let mut cmd = Command::new(&exe);
        cmd.arg("fuzz")
            .args(["--worker", &from.to_string(), &stride.to_string()])
            .args([
                "--seed",
                &args.seed.to_string(),
                "--count",
                &count.to_string(),
            ])
            .args(["--stack", &args.stack_mib.to_string()]);
        if let Some(file) = &args.replay {
            cmd.arg("--replay").arg(file);
        }
        for d in dirs {
            cmd.arg("--dir").arg(d);
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(err_file)
            .spawn()
            .map_err(|e| format!("cannot start a worker: {e}"))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                match line {
                    Ok(line) => {
                        if tx.send(Event::Line(id, line)).is_err() {
                            return;
                        }
                    }
                    Err(_) => break,
                }
            }
            let _ = tx.send(Event::Closed(id));
        });
        Ok(Worker {
            child,
            next: from,
            stride,
            last: Instant::now(),
            stderr,
        })
    };
    let mut workers: BTreeMap<usize, Worker> = BTreeMap::new();
    for w in 0..jobs {
        if w < count {
            let id = spawned;
            workers.insert(id, spawn(w, jobs, &mut spawned)?);
        }
    }
    let mut records: Vec<Record> = Vec::new();
    let seeds: Vec<u64> = if args.replay.is_some() {
        vec![0]
    } else {
        mutate::seeds(args.seed).take(count).collect()
    };
    let progress_every = (count / 10).max(1);
    while !workers.is_empty() {
        let event = rx.recv_timeout(Duration::from_secs(1));
        let mut stopped: Option<(usize, Outcome)> = None;
        match event {
            Ok(Event::Line(id, line)) => {
                let Some(w) = workers.get_mut(&id) else {
                    continue;
                };
                let v: Value = serde_json::from_str(&line)
                    .map_err(|e| format!("a worker wrote {line:?}: {e}"))?;
                let outcome = outcome_from_json(&v["outcome"])
                    .ok_or_else(|| format!("a worker wrote {line:?}"))?;
                records.push(Record {
                    index: v["index"].as_u64().unwrap_or_default() as usize,
                    seed: v["seed"].as_u64().unwrap_or_default(),
                    kind: v["kind"].as_str().unwrap_or_default().to_owned(),
                    base: v["base"].as_str().unwrap_or_default().to_owned(),
                    what: v["what"].as_str().unwrap_or_default().to_owned(),
                    ms: v["ms"].as_u64().unwrap_or_default(),
                    outcome,
                });
                w.next += w.stride;
                w.last = Instant::now();
                if records.len() % progress_every == 0 && args.replay.is_none() {
                    println!("  {} of {count} inputs", records.len());
                }
            }
            Ok(Event::Closed(id)) => {
                let Some(w) = workers.get_mut(&id) else {
                    continue;
                };
                let status = w.child.wait().map_err(|e| format!("lost a worker: {e}"))?;
                if w.next >= count {
                    if !status.success() {
                        return Err(format!("a worker failed: {}", tail(&w.stderr)));
                    }
                    workers.remove(&id);
                    continue;
                }
                let stderr = tail(&w.stderr);
                // The task's own errors (it could not write a file, read the corpus) stop the
                // run; anything else that ends a worker is a finding against its input.
                if status.success() || stderr.lines().any(|l| l.starts_with("error: ")) {
                    return Err(format!("a worker stopped early: {stderr}"));
                }
                let cause = if stderr.contains("overflowed its stack") {
                    "stack overflow".to_owned()
                } else {
                    format!("the worker died ({status}): {}", elide(&stderr))
                };
                stopped = Some((id, Outcome::Crash(cause)));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Some((&id, w)) = workers.iter_mut().find(|(_, w)| w.last.elapsed() > HANG) {
                    let _ = w.child.kill();
                    let _ = w.child.wait();
                    stopped = Some((id, Outcome::Hang));
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if let Some((id, outcome)) = stopped {
            let w = workers.remove(&id).expect("a known worker");
            let index = w.next;
            let (kind, base, what) = describe(args, dirs, seeds.get(index).copied());
            println!(
                "  input {index} (seed {}): {}",
                seeds.get(index).copied().unwrap_or(0),
                match &outcome {
                    Outcome::Crash(c) => c.as_str(),
                    _ => "hang",
                }
            );
            records.push(Record {
                index,
                seed: seeds.get(index).copied().unwrap_or(0),
                kind,
                base,
                what,
                ms: w.last.elapsed().as_millis() as u64,
                outcome,
            });
            if index + w.stride < count {
                let new_id = spawned;
                workers.insert(new_id, spawn(index + w.stride, w.stride, &mut spawned)?);
            }
        }
    }
    Ok(records)
}

/// The kind, base and description of the input with `seed`, for a worker that died on it.
pub(super) fn describe(
    args: &Args,
    dirs: &[PathBuf],
    seed: Option<u64>,
) -> (String, String, String) {
    if let Some(file) = &args.replay {
        let bytes = std::fs::read(file).unwrap_or_default();
        let (kind, input) = replayed(file, bytes);
        return (kind, input.base, input.what);
    }
    match (mutate::corpus(dirs), seed) {
        (Ok(corpus), Some(seed)) => {
            let input = mutate::input(seed, &corpus);
            (input.kind.name().to_owned(), input.base, input.what)
        }
        _ => Default::default(),
    }
}

/// The last lines a worker wrote to stderr.
pub(super) fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join("\n")
}

pub(super) fn save_input(dir: &Path, input: &Input) -> Result<(), String> {
    let path = dir.join(format!("{}-{}.json", input.seed, input.kind.name()));
    std::fs::write(&path, &input.bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

// Compiling a sample of the outputs
