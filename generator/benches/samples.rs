//! The generator on the real specs of `../shared/spec-samples` and `../shared/spec-samples-other`
//! (skipped, with a note, where `../shared` is absent).
//!
//! - `batch/parse/all` and `batch/generate/all`: every spec of both folders, on one thread per
//!   core, each thread taking the next spec. `parse` only reads each file into a
//!   `serde_json::Value` (`serde_json` for JSON, the loader's YAML reader for YAML); `generate`
//!   does what `cargo xtask codegen --spec DIR` does short of writing: load, generate, and
//!   assemble the standalone crate's files. The files are read once, outside the timed loop. A
//!   spec the generator refuses (SendGrid's) costs what refusing it costs.
//! - `large/{stage}/{spec}`: each stage (`load`, `normalize`, `emit`, `format`) on the largest
//!   specs, fed the previous stage's output as in `generate.rs`, to show where the time goes.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use codegen::{emit, load, normalize, render, standalone, Settings};
use criterion::{BatchSize, BenchmarkId, Criterion};

/// The largest samples, by file name, with a short label each.
const LARGE: [(&str, &str); 4] = [
    ("digitalocean.com_2.0.yaml", "digitalocean"),
    ("box.com_2.0.0.yaml", "box"),
    ("linode.com_4.97.2.yaml", "linode"),
    ("progenitor__nexus.json", "nexus"),
];

struct SpecFile {
    path: PathBuf,
    text: String,
    format: load::Format,
}

fn sample_files() -> Option<Vec<SpecFile>> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let mut files = Vec::new();
    for dir in ["spec-samples", "spec-samples-other"] {
        for path in load::spec_files(&shared.join(dir)).ok()? {
            let text = std::fs::read_to_string(&path).ok()?;
            files.push(SpecFile {
                format: load::Format::of(&path),
                path,
                text,
            });
        }
    }
    Some(files)
}

/// `f` on every file, on one thread per core, each taking the next file.
fn on_all_cores(files: &[SpecFile], f: impl Fn(&SpecFile) + Sync) {
    let jobs = std::thread::available_parallelism().map_or(1, usize::from);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                while let Some(file) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    f(file);
                }
            });
        }
    });
}

fn parse_only(file: &SpecFile) {
    let value: Option<serde_json::Value> = match file.format {
        load::Format::Json => serde_json::from_str(&file.text).ok(),
        load::Format::Yaml => load::read_document(&file.text, file.format, &file.path)
            .ok()
            .and_then(|d| {
                <serde_json::Value as serde::Deserialize>::deserialize(d.root().deserializer()).ok()
            }),
    };
    black_box(value);
}

fn generate_one(file: &SpecFile, settings: &Settings) {
    if let Ok(spec) = load::parse(&file.text, file.format, &file.path) {
        black_box(standalone::crate_files(&spec, settings, "bench").ok());
    }
}

fn batch(c: &mut Criterion, files: &[SpecFile]) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function(BenchmarkId::new("parse", "all"), |b| {
        b.iter(|| on_all_cores(files, parse_only))
    });
    group.bench_function(BenchmarkId::new("generate", "all"), |b| {
        b.iter(|| on_all_cores(files, |f| generate_one(f, &settings)))
    });
    group.finish();
}

fn large(c: &mut Criterion, files: &[SpecFile]) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for (name, label) in LARGE {
        let Some(file) = files
            .iter()
            .find(|f| f.path.file_name().and_then(|n| n.to_str()) == Some(name))
        else {
            continue;
        };
        let spec = load::parse(&file.text, file.format, &file.path)
            .unwrap_or_else(|e| panic!("{name} does not load: {e}"));
        let api = normalize::normalize(&spec, &settings).0;
        let tokens = emit::module(&api);
        group.bench_function(BenchmarkId::new("load", label), |b| {
            b.iter(|| black_box(load::parse(&file.text, file.format, &file.path).ok()))
        });
        group.bench_function(BenchmarkId::new("normalize", label), |b| {
            b.iter(|| black_box(normalize::normalize(&spec, &settings)))
        });
        group.bench_function(BenchmarkId::new("emit", label), |b| {
            b.iter(|| black_box(emit::module(&api)))
        });
        group.bench_function(BenchmarkId::new("format", label), |b| {
            b.iter_batched(
                || tokens.clone(),
                |t| black_box(render::render(t, "").ok()),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

fn main() {
    let Some(files) = sample_files() else {
        println!("note: ../shared/spec-samples is absent; the sample benchmarks are skipped");
        return;
    };
    let mut criterion = Criterion::default().configure_from_args();
    batch(&mut criterion, &files);
    large(&mut criterion, &files);
    criterion.final_summary();
}
