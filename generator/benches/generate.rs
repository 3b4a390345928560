//! Generation time for HubSpot's OAuth specs, stage by stage.
//!
//! Each spec (`v3`, `v1`) and both together (`both`) go through the four stages separately,
//! each fed the previous stage's output prepared outside the timed loop:
//!
//! - `load`: YAML text → `load::Spec` (`openapiv3::OpenAPI` and what reading repaired);
//! - `normalize`: → the IR and its diagnostics;
//! - `emit`: IR → tokens;
//! - `format`: tokens → formatted text (`syn` + `prettyplease`);
//!
//! and `total` runs the whole pipeline from text. Benchmark ids are
//! `generate/{stage}/{spec}`. `cargo xtask bench` turns the results into `BENCHMARKS.md`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use codegen::{emit, ir, load, normalize, render, Settings};
use criterion::{BatchSize, BenchmarkId, Criterion};
use proc_macro2::TokenStream;

/// One spec file, read once.
struct Spec {
    label: &'static str,
    path: PathBuf,
    text: String,
}

fn specs() -> Vec<Spec> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    [("v3", "auth-oauth-v3.yaml"), ("v1", "auth-oauth-v1.yaml")]
        .into_iter()
        .map(|(label, file)| {
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            Spec { label, path, text }
        })
        .collect()
}

fn settings() -> Settings {
    Settings {
        strict: false,
        banner: String::new(),
        overrides: Default::default(),
        typed_formats: false,
    }
}

fn load_spec(spec: &Spec) -> load::Spec {
    load::parse(&spec.text, load::Format::Yaml, &spec.path)
        .unwrap_or_else(|e| panic!("{} does not load: {e}", spec.path.display()))
}

fn normalized(doc: &load::Spec, settings: &Settings) -> ir::Api {
    normalize::normalize(doc, settings).0
}

fn format(tokens: TokenStream) -> String {
    render::render(tokens, "").unwrap_or_else(|e| panic!("{e}"))
}

/// Every stage's input for a set of specs, computed once.
struct Inputs<'s> {
    specs: Vec<&'s Spec>,
    docs: Vec<load::Spec>,
    apis: Vec<ir::Api>,
    tokens: Vec<TokenStream>,
}

impl<'s> Inputs<'s> {
    fn new(specs: Vec<&'s Spec>, settings: &Settings) -> Self {
        let docs: Vec<_> = specs.iter().map(|s| load_spec(s)).collect();
        let apis: Vec<_> = docs.iter().map(|d| normalized(d, settings)).collect();
        let tokens: Vec<_> = apis.iter().map(emit::module).collect();
        // The formatted output must be what the checked-in modules are made of.
        for (spec, tokens) in specs.iter().zip(&tokens) {
            assert!(
                format(tokens.clone()).contains("pub mod request"),
                "{} formats to an unexpected module",
                spec.label
            );
        }
        Inputs {
            specs,
            docs,
            apis,
            tokens,
        }
    }
}

fn generate(c: &mut Criterion) {
    let all = specs();
    let settings = settings();
    let mut sets: Vec<(&str, Vec<&Spec>)> = all.iter().map(|s| (s.label, vec![s])).collect();
    sets.push(("both", all.iter().collect()));

    let mut group = c.benchmark_group("generate");
    for (label, set) in sets {
        let inputs = Inputs::new(set, &settings);
        group.bench_function(BenchmarkId::new("load", label), |b| {
            b.iter(|| {
                for spec in &inputs.specs {
                    black_box(load_spec(black_box(spec)));
                }
            })
        });
        group.bench_function(BenchmarkId::new("normalize", label), |b| {
            b.iter(|| {
                for doc in &inputs.docs {
                    black_box(normalize::normalize(black_box(doc), &settings));
                }
            })
        });
        group.bench_function(BenchmarkId::new("emit", label), |b| {
            b.iter(|| {
                for api in &inputs.apis {
                    black_box(emit::module(black_box(api)));
                }
            })
        });
        group.bench_function(BenchmarkId::new("format", label), |b| {
            b.iter_batched(
                || inputs.tokens.clone(),
                |tokens| {
                    for t in tokens {
                        black_box(format(t));
                    }
                },
                BatchSize::SmallInput,
            )
        });
        group.bench_function(BenchmarkId::new("total", label), |b| {
            b.iter(|| {
                for spec in &inputs.specs {
                    let doc = load_spec(black_box(spec));
                    let api = normalized(&doc, &settings);
                    black_box(format(emit::module(&api)));
                }
            })
        });
    }
    group.finish();
}

fn main() {
    let mut criterion = Criterion::default()
        .without_plots()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1500))
        .sample_size(30)
        .configure_from_args();
    generate(&mut criterion);
    criterion.final_summary();
}
