//! How generation time grows with the size of the spec.
//!
//! A synthetic spec with `n` component schemas and `n` operations (a `GET` per schema that
//! returns it) goes through each stage (`load`, `normalize`, `emit`, `format`) for `n` = 10,
//! 100, 1,000 and 10,000. The time per schema should stay flat: a stage whose time per schema
//! grows with `n` is super-linear. Benchmark ids are `scaling/{stage}/{n}`.
//!
//! The schemas come in blocks of ten, so that every feature the normalizer handles appears in
//! the same proportion at every size:
//!
//! - positions 0–6: objects with integer, number, boolean, string, array and map properties;
//!   every third schema has an inline string enum, every schema but the first of a block
//!   refers to the one before it, every fiftieth refers to itself (a cycle that needs a
//!   `Box`), and position 5 of every other block is an untagged `oneOf` instead;
//! - positions 7 and 8: objects that require a one-value string enum `kind`;
//! - position 9: a `oneOf` of those two, tagged on `kind` by inference.

use std::cell::OnceCell;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use codegen::{emit, ir, load, normalize, render, Settings};
use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput};
use proc_macro2::TokenStream;
use serde_json::{json, Map, Value};

/// The spec sizes measured.
const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

fn schema_name(i: usize) -> String {
    format!("Schema{i:05}")
}

fn reference(i: usize) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", schema_name(i)) })
}

/// A plain object schema.
fn object(i: usize) -> Value {
    let mut properties = Map::new();
    properties.insert("id".into(), json!({ "type": "integer", "format": "int64" }));
    properties.insert(
        "name".into(),
        json!({ "type": "string", "description": format!("The name of item {i}.") }),
    );
    properties.insert(
        "score".into(),
        json!({ "type": "number", "format": "double" }),
    );
    properties.insert(
        "count".into(),
        json!({ "type": "integer", "format": "int32", "default": 0 }),
    );
    properties.insert("active".into(), json!({ "type": "boolean" }));
    properties.insert(
        "createdAt".into(),
        json!({ "type": "string", "format": "date-time" }),
    );
    properties.insert(
        "tags".into(),
        json!({ "type": "array", "items": { "type": "string" } }),
    );
    properties.insert(
        "attributes".into(),
        json!({ "type": "object", "additionalProperties": { "type": "string" } }),
    );
    properties.insert(
        "children".into(),
        json!({ "type": "array", "items": reference(i) }),
    );
    if i % 3 == 0 {
        properties.insert(
            "status".into(),
            json!({ "type": "string", "enum": ["active", "inactive", "pending", "archived"] }),
        );
    }
    if i % 10 != 0 {
        properties.insert("parent".into(), reference(i - 1));
    }
    if i % 50 == 0 {
        properties.insert("next".into(), reference(i));
    }
    json!({
        "type": "object",
        "description": format!("Synthetic schema {i}."),
        "required": ["id", "name"],
        "properties": properties,
    })
}

/// An object that is a variant of the tagged union after it.
fn variant(i: usize, tag: &str) -> Value {
    json!({
        "type": "object",
        "required": ["kind", "value"],
        "properties": {
            "kind": { "type": "string", "enum": [tag] },
            "value": if tag == "first" { json!({ "type": "string" }) } else { json!({ "type": "integer", "format": "int64" }) },
            "note": { "type": "string" },
            "origin": reference(i - 7),
        },
    })
}

fn schema(i: usize) -> Value {
    match i % 10 {
        5 if (i / 10) % 2 == 1 => json!({
            "description": "A string, a number or an object.",
            "oneOf": [{ "type": "string" }, { "type": "integer", "format": "int64" }, reference(i - 5)],
        }),
        7 => variant(i, "first"),
        8 => variant(i, "second"),
        9 => json!({
            "description": "Tagged on `kind`.",
            "oneOf": [reference(i - 2), reference(i - 1)],
        }),
        _ => object(i),
    }
}

fn operation(i: usize) -> Value {
    json!({
        "get": {
            "operationId": format!("getSchema{i:05}"),
            "summary": format!("Reads item {i}"),
            "parameters": [
                { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
                { "name": "limit", "in": "query", "schema": { "type": "integer", "format": "int32" } },
            ],
            "responses": {
                "200": {
                    "description": "The item.",
                    "content": { "application/json": { "schema": reference(i) } },
                },
                "404": { "description": "No such item." },
            },
        }
    })
}

/// The synthetic spec with `n` schemas and `n` operations, as YAML text.
fn synthetic(n: usize) -> String {
    let schemas: Map<String, Value> = (0..n).map(|i| (schema_name(i), schema(i))).collect();
    let paths: Map<String, Value> = (0..n)
        .map(|i| (format!("/synthetic/v1/items{i:05}/{{id}}"), operation(i)))
        .collect();
    let doc = json!({
        "openapi": "3.0.3",
        "info": { "title": "Synthetic", "version": "v1" },
        "servers": [{ "url": "https://api.example.com" }],
        "paths": paths,
        "components": { "schemas": schemas },
    });
    serde_yaml::to_string(&doc).expect("a JSON value is YAML")
}

fn settings() -> Settings {
    Settings {
        strict: false,
        banner: String::new(),
        overrides: Default::default(),
        typed_formats: false,
    }
}

/// The input of every stage for one size, each computed the first time a stage needs it and
/// outside the timed loop, so that a filtered run only pays for what it measures.
struct Inputs {
    n: usize,
    settings: Settings,
    text: OnceCell<String>,
    doc: OnceCell<load::Spec>,
    api: OnceCell<ir::Api>,
    tokens: OnceCell<TokenStream>,
}

impl Inputs {
    fn new(n: usize) -> Self {
        Inputs {
            n,
            settings: settings(),
            text: OnceCell::new(),
            doc: OnceCell::new(),
            api: OnceCell::new(),
            tokens: OnceCell::new(),
        }
    }

    fn text(&self) -> &str {
        self.text.get_or_init(|| synthetic(self.n))
    }

    fn doc(&self) -> &load::Spec {
        self.doc.get_or_init(|| {
            load::parse(self.text(), load::Format::Yaml, Path::new(PATH))
                .expect("the synthetic spec loads")
        })
    }

    fn api(&self) -> &ir::Api {
        self.api.get_or_init(|| {
            let (api, diagnostics) = normalize::normalize(self.doc(), &self.settings);
            assert_eq!(api.operations.len(), self.n, "one operation per schema");
            assert!(api.types.len() >= self.n, "at least one type per schema");
            for d in &diagnostics {
                eprintln!("synthetic spec ({} schemas): {d}", self.n);
            }
            api
        })
    }

    fn tokens(&self) -> &TokenStream {
        self.tokens.get_or_init(|| emit::module(self.api()))
    }
}

/// The file name given to the loader (only used in its error messages).
const PATH: &str = "synthetic.yaml";

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    // `cargo test --benches` runs each benchmark once, in a debug build: the small sizes are
    // enough to show the benchmarks still work.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let sizes = if benchmarking {
        &SIZES[..]
    } else {
        &SIZES[..2]
    };
    for &n in sizes {
        let inputs = Inputs::new(n);
        group.throughput(Throughput::Elements(n as u64));
        if n >= 1_000 {
            // One iteration takes long enough that the fewest samples criterion allows, one
            // iteration each, already gives a stable median.
            group.sampling_mode(SamplingMode::Flat);
            group.sample_size(10);
            group.warm_up_time(Duration::from_millis(10));
            group.measurement_time(Duration::from_millis(500));
        } else {
            group.sampling_mode(SamplingMode::Auto);
            group.sample_size(20);
            group.warm_up_time(Duration::from_millis(300));
            group.measurement_time(Duration::from_millis(1200));
        }
        let batch = if n >= 1_000 {
            BatchSize::PerIteration
        } else {
            BatchSize::SmallInput
        };

        group.bench_function(BenchmarkId::new("load", n), |b| {
            let text = inputs.text();
            b.iter(|| {
                black_box(load::parse(
                    black_box(text),
                    load::Format::Yaml,
                    Path::new(PATH),
                ))
            })
        });
        group.bench_function(BenchmarkId::new("normalize", n), |b| {
            let doc = inputs.doc();
            b.iter(|| black_box(normalize::normalize(black_box(doc), &inputs.settings)))
        });
        group.bench_function(BenchmarkId::new("emit", n), |b| {
            let api = inputs.api();
            b.iter(|| black_box(emit::module(black_box(api))))
        });
        group.bench_function(BenchmarkId::new("format", n), |b| {
            let tokens = inputs.tokens();
            b.iter_batched(
                || tokens.clone(),
                |tokens| {
                    black_box(render::render(tokens, "").expect("the synthetic module formats"))
                },
                batch,
            )
        });
    }
    group.finish();
}

fn main() {
    let mut criterion = Criterion::default().without_plots().configure_from_args();
    scaling(&mut criterion);
    criterion.final_summary();
}
