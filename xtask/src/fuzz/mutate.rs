//! The inputs of `cargo xtask fuzz`: a small PRNG, the corpus, and the mutations.
//!
//! An input is a pure function of its seed and the corpus: the seed picks the base document,
//! the kind of mutation and every choice the mutation makes. A run seeded with `S` uses `S`
//! for its first input and [`next_seed`] for each following one, so `--seed X --count 1`
//! reproduces any input whose seed is `X`.
//!
//! Value mutations edit a `serde_json::Value` of the base and serialize it as pretty JSON.
//! Text mutations (`duplicate-keys`) write the JSON by hand, and byte mutations
//! (`truncated`, `garbage-bytes`, `non-utf8`) edit the serialized bytes.

use std::path::{Path, PathBuf};

use codegen::load::escape_pointer;
use serde_json::{json, Map, Value};

/// SplitMix64 (Steele, Lea and Flood, 2014): one 64-bit state, an add and a mix per number.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A number in `0..n` (`n > 0`), by multiply-and-shift.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// SplitMix64's output function, a bijection on `u64`.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of the input after the one seeded with `seed`.
pub fn next_seed(seed: u64) -> u64 {
    mix(seed.wrapping_add(0xD1B5_4A32_D192_ED03))
}

/// The seeds of a run's inputs: `first`, then [`next_seed`] of each.
pub fn seeds(first: u64) -> impl Iterator<Item = u64> {
    std::iter::successors(Some(first), |&s| Some(next_seed(s)))
}

/// What a mutation does to its base document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    DeletedKey,
    WrongType,
    SelfRef,
    CyclicRef,
    DeepNesting,
    LongName,
    OddName,
    KeywordName,
    CollidingNames,
    HugeEnum,
    DuplicateKeys,
    Truncated,
    GarbageBytes,
    NonUtf8,
}

impl Kind {
    pub const ALL: [Kind; 14] = [
        Kind::DeletedKey,
        Kind::WrongType,
        Kind::SelfRef,
        Kind::CyclicRef,
        Kind::DeepNesting,
        Kind::LongName,
        Kind::OddName,
        Kind::KeywordName,
        Kind::CollidingNames,
        Kind::HugeEnum,
        Kind::DuplicateKeys,
        Kind::Truncated,
        Kind::GarbageBytes,
        Kind::NonUtf8,
    ];

    /// The name used in reports and in the names of saved inputs.
    pub fn name(self) -> &'static str {
        match self {
            Kind::DeletedKey => "deleted-key",
            Kind::WrongType => "wrong-type",
            Kind::SelfRef => "self-ref",
            Kind::CyclicRef => "cyclic-ref",
            Kind::DeepNesting => "deep-nesting",
            Kind::LongName => "long-name",
            Kind::OddName => "odd-name",
            Kind::KeywordName => "keyword-name",
            Kind::CollidingNames => "colliding-names",
            Kind::HugeEnum => "huge-enum",
            Kind::DuplicateKeys => "duplicate-keys",
            Kind::Truncated => "truncated",
            Kind::GarbageBytes => "garbage-bytes",
            Kind::NonUtf8 => "non-utf8",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A document the mutations start from.
pub struct Base {
    /// The file name, for reports.
    pub name: String,
    pub doc: Value,
}

/// Reads every spec of `dirs` as a plain JSON value, in a fixed order.
pub fn corpus(dirs: &[PathBuf]) -> Result<Vec<Base>, String> {
    let mut bases = Vec::new();
    for dir in dirs {
        for file in crate::check::spec_files(dir)? {
            let doc = codegen::load::read_value(&file).map_err(|e| e.to_string())?;
            bases.push(Base {
                name: file_name(&file),
                doc,
            });
        }
    }
    if bases.is_empty() {
        return Err("the fuzz corpus is empty".to_owned());
    }
    Ok(bases)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One generated input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub seed: u64,
    pub kind: Kind,
    /// The base document's file name.
    pub base: String,
    /// What was done to it, in a few words.
    pub what: String,
    /// The document: JSON, or whatever the byte mutations left of it.
    pub bytes: Vec<u8>,
}

/// The input seeded with `seed`.
pub fn input(seed: u64, corpus: &[Base]) -> Input {
    let mut rng = Rng::new(seed);
    let base = &corpus[rng.below(corpus.len())];
    let kind = *rng.pick(&Kind::ALL);
    let mut doc = base.doc.clone();
    let (what, bytes) = mutate(kind, &mut rng, &mut doc);
    Input {
        seed,
        kind,
        base: base.name.clone(),
        what,
        bytes,
    }
}

fn mutate(kind: Kind, rng: &mut Rng, doc: &mut Value) -> (String, Vec<u8>) {
    if !doc.is_object() {
        *doc = json!({});
    }
    let what = match kind {
        Kind::DeletedKey => deleted_key(rng, doc),
        Kind::WrongType => wrong_type(rng, doc),
        Kind::SelfRef => self_ref(rng, doc),
        Kind::CyclicRef => cyclic_ref(rng, doc),
        Kind::DeepNesting => deep_nesting(rng, doc),
        Kind::LongName => long_name(rng, doc),
        Kind::OddName => odd_name(rng, doc),
        Kind::KeywordName => keyword_name(rng, doc),
        Kind::CollidingNames => colliding_names(rng, doc),
        Kind::HugeEnum => huge_enum(rng, doc),
        Kind::DuplicateKeys => return duplicate_keys(rng, doc),
        Kind::Truncated => return truncated(rng, doc),
        Kind::GarbageBytes => return garbage_bytes(rng, doc),
        Kind::NonUtf8 => return non_utf8(rng, doc),
    };
    (what, pretty(doc))
}

fn pretty(doc: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(doc).expect("a JSON value serializes");
    bytes.push(b'\n');
    bytes
}

// ---------------------------------------------------------------------------------------------
// Paths into a document

#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

type Ptr = Vec<Seg>;

fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

fn child(path: &[Seg], seg: Seg) -> Ptr {
    let mut p = path.to_vec();
    p.push(seg);
    p
}

fn pointer(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        s.push('/');
        match seg {
            Seg::Key(k) => s.push_str(&escape_pointer(k)),
            Seg::Index(i) => s.push_str(&i.to_string()),
        }
    }
    if s.is_empty() {
        "the root".to_owned()
    } else {
        s
    }
}

fn get<'v>(mut v: &'v Value, path: &[Seg]) -> Option<&'v Value> {
    for seg in path {
        v = match seg {
            Seg::Key(k) => v.as_object()?.get(k)?,
            Seg::Index(i) => v.as_array()?.get(*i)?,
        };
    }
    Some(v)
}

fn get_mut<'v>(mut v: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    for seg in path {
        v = match seg {
            Seg::Key(k) => v.as_object_mut()?.get_mut(k)?,
            Seg::Index(i) => v.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(v)
}

/// Every node of a document, in document order, the root first.
fn all_nodes(doc: &Value) -> Vec<Ptr> {
    let mut out = Vec::new();
    let mut stack = vec![(Vec::new(), doc)];
    while let Some((path, v)) = stack.pop() {
        match v {
            Value::Object(m) => {
                for (k, c) in m.iter().rev() {
                    stack.push((child(&path, key(k)), c));
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate().rev() {
                    stack.push((child(&path, Seg::Index(i)), c));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out
}

/// The object at `keys` below the root, created (or replacing a non-object) where missing.
fn ensure_obj<'v>(doc: &'v mut Value, keys: &[&str]) -> &'v mut Map<String, Value> {
    let mut v = doc;
    for k in keys {
        if !v.is_object() {
            *v = json!({});
        }
        v = v
            .as_object_mut()
            .expect("just made an object")
            .entry(k.to_string())
            .or_insert_with(|| json!({}));
    }
    if !v.is_object() {
        *v = json!({});
    }
    v.as_object_mut().expect("just made an object")
}

fn schemas_mut(doc: &mut Value) -> &mut Map<String, Value> {
    ensure_obj(doc, &["components", "schemas"])
}

fn schema_ref(name: &str) -> String {
    format!("#/components/schemas/{}", escape_pointer(name))
}

fn ref_to(name: &str) -> Value {
    json!({ "$ref": schema_ref(name) })
}

// ---------------------------------------------------------------------------------------------
// Where the names are

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The places of a document that hold names and texts, found by walking it as OpenAPI.
#[derive(Default)]
struct Sites {
    components: Vec<String>,
    /// Every schema object, component or inline.
    schemas: Vec<Ptr>,
    /// (path of a `properties` map, property name).
    properties: Vec<(Ptr, String)>,
    /// Paths of `enum` arrays.
    enums: Vec<Ptr>,
    /// Parameter objects (not references).
    parameters: Vec<Ptr>,
    /// Operation objects.
    operations: Vec<Ptr>,
    path_keys: Vec<String>,
    /// (object, field) of descriptions, summaries and titles.
    docs: Vec<(Ptr, &'static str)>,
}

impl Sites {
    fn of(doc: &Value) -> Sites {
        let mut s = Sites::default();
        s.texts(doc, &[key("info")]);
        if let Some(Value::Object(schemas)) = get(doc, &[key("components"), key("schemas")]) {
            for name in schemas.keys() {
                s.components.push(name.clone());
                s.schema(doc, vec![key("components"), key("schemas"), key(name)], 0);
            }
        }
        for (section, f) in [
            (
                "parameters",
                Sites::parameter as fn(&mut Sites, &Value, Ptr),
            ),
            ("requestBodies", Sites::content_holder),
            ("responses", Sites::content_holder),
        ] {
            if let Some(Value::Object(m)) = get(doc, &[key("components"), key(section)]) {
                for name in m.keys() {
                    f(
                        &mut s,
                        doc,
                        vec![key("components"), key(section), key(name)],
                    );
                }
            }
        }
        if let Some(Value::Object(paths)) = doc.get("paths") {
            for (p, item) in paths {
                s.path_keys.push(p.clone());
                let item_path = vec![key("paths"), key(p)];
                s.parameter_list(doc, &item_path);
                let Value::Object(item) = item else { continue };
                for m in METHODS {
                    if item.get(m).is_some_and(Value::is_object) {
                        let op = child(&item_path, key(m));
                        s.operations.push(op.clone());
                        s.texts(doc, &op);
                        s.parameter_list(doc, &op);
                        s.content_holder(doc, child(&op, key("requestBody")));
                        if let Some(Value::Object(rs)) = get(doc, &child(&op, key("responses"))) {
                            for code in rs.keys() {
                                let r = child(&child(&op, key("responses")), key(code));
                                s.content_holder(doc, r);
                            }
                        }
                    }
                }
            }
        }
        s
    }

    fn texts(&mut self, doc: &Value, path: &[Seg]) {
        if let Some(Value::Object(m)) = get(doc, path) {
            for field in ["title", "summary", "description"] {
                if m.get(field).is_some_and(Value::is_string) {
                    self.docs.push((path.to_vec(), field));
                }
            }
        }
    }

    fn parameter_list(&mut self, doc: &Value, holder: &[Seg]) {
        let list = child(holder, key("parameters"));
        if let Some(Value::Array(a)) = get(doc, &list) {
            for i in 0..a.len() {
                self.parameter(doc, child(&list, Seg::Index(i)));
            }
        }
    }

    fn parameter(&mut self, doc: &Value, path: Ptr) {
        let Some(Value::Object(m)) = get(doc, &path) else {
            return;
        };
        if m.contains_key("$ref") {
            return;
        }
        self.texts(doc, &path);
        if m.contains_key("schema") {
            self.schema(doc, child(&path, key("schema")), 0);
        }
        self.parameters.push(path);
    }

    /// A request body or a response: `content.*.schema`.
    fn content_holder(&mut self, doc: &Value, path: Ptr) {
        self.texts(doc, &path);
        let content = child(&path, key("content"));
        if let Some(Value::Object(m)) = get(doc, &content) {
            for media in m.keys() {
                self.schema(doc, child(&child(&content, key(media)), key("schema")), 0);
            }
        }
    }

    fn schema(&mut self, doc: &Value, path: Ptr, depth: usize) {
        let Some(Value::Object(m)) = get(doc, &path) else {
            return;
        };
        if depth > 40 {
            return;
        }
        self.texts(doc, &path);
        if let Some(Value::Object(props)) = m.get("properties") {
            let map = child(&path, key("properties"));
            for name in props.keys() {
                self.properties.push((map.clone(), name.clone()));
                self.schema(doc, child(&map, key(name)), depth + 1);
            }
        }
        for k in ["items", "additionalProperties", "not"] {
            self.schema(doc, child(&path, key(k)), depth + 1);
        }
        for k in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(a)) = m.get(k) {
                for i in 0..a.len() {
                    self.schema(doc, child(&child(&path, key(k)), Seg::Index(i)), depth + 1);
                }
            }
        }
        if m.get("enum").is_some_and(Value::is_array) {
            self.enums.push(child(&path, key("enum")));
        }
        self.schemas.push(path);
    }
}

/// A place that holds a name.
#[derive(Clone, Debug)]
enum Site {
    Component(String),
    Property(Ptr, String),
    Parameter(Ptr),
    Operation(Ptr),
    EnumValue(Ptr, usize),
    PathKey(String),
    Doc(Ptr, &'static str),
}

/// Picks a name site: a kind of site that the document has, then one of them. Without any,
/// a component with one property is added.
fn pick_site(rng: &mut Rng, doc: &mut Value, with_docs: bool) -> Site {
    let s = Sites::of(doc);
    let mut kinds: Vec<u8> = Vec::new();
    if !s.components.is_empty() {
        kinds.push(0);
    }
    if !s.properties.is_empty() {
        kinds.push(1);
    }
    if !s.parameters.is_empty() {
        kinds.push(2);
    }
    if !s.operations.is_empty() {
        kinds.push(3);
    }
    if s.enums.iter().any(|e| {
        get(doc, e)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    }) {
        kinds.push(4);
    }
    if !s.path_keys.is_empty() {
        kinds.push(5);
    }
    if with_docs && !s.docs.is_empty() {
        kinds.push(6);
    }
    if kinds.is_empty() {
        schemas_mut(doc).insert(
            "Thing".to_owned(),
            json!({ "type": "object", "properties": { "field": { "type": "string" } } }),
        );
        return Site::Property(
            vec![
                key("components"),
                key("schemas"),
                key("Thing"),
                key("properties"),
            ],
            "field".to_owned(),
        );
    }
    match *rng.pick(&kinds) {
        0 => Site::Component(rng.pick(&s.components).clone()),
        1 => {
            let (map, name) = rng.pick(&s.properties).clone();
            Site::Property(map, name)
        }
        2 => Site::Parameter(rng.pick(&s.parameters).clone()),
        3 => Site::Operation(rng.pick(&s.operations).clone()),
        4 => {
            let enums: Vec<&Ptr> = s
                .enums
                .iter()
                .filter(|e| {
                    get(doc, e)
                        .and_then(Value::as_array)
                        .is_some_and(|a| !a.is_empty())
                })
                .collect();
            let e = (*rng.pick(&enums)).clone();
            let len = get(doc, &e).and_then(Value::as_array).map_or(1, Vec::len);
            Site::EnumValue(e, rng.below(len))
        }
        5 => Site::PathKey(rng.pick(&s.path_keys).clone()),
        _ => {
            let (path, field) = rng.pick(&s.docs).clone();
            Site::Doc(path, field)
        }
    }
}

fn site_name(site: &Site) -> String {
    match site {
        Site::Component(name) => format!("schema {name:?}"),
        Site::Property(map, name) => format!("property {}", pointer(&child(map, key(name)))),
        Site::Parameter(p) => format!("parameter {}", pointer(p)),
        Site::Operation(p) => format!("operationId of {}", pointer(p)),
        Site::EnumValue(p, i) => format!("enum value {}", pointer(&child(p, Seg::Index(*i)))),
        Site::PathKey(k) => format!("path {k:?}"),
        Site::Doc(p, f) => format!("{f} of {}", pointer(p)),
    }
}

/// Gives the site the name `new` (keeping references and templates consistent), and says
/// what was done with `shown` standing for the new name.
fn set_name(doc: &mut Value, site: &Site, new: &str, shown: &str) -> String {
    let what = format!("{} set to {shown}", site_name(site));
    match site {
        Site::Component(old) => rename_component(doc, old, new),
        Site::Property(map, old) => {
            if let Some(Value::Object(m)) = get_mut(doc, map) {
                if let Some(v) = m.remove(old) {
                    m.insert(new.to_owned(), v);
                }
            }
            let schema = &map[..map.len() - 1];
            if let Some(Value::Array(required)) = get_mut(doc, &child(schema, key("required"))) {
                for r in required.iter_mut() {
                    if r.as_str() == Some(old) {
                        *r = Value::from(new);
                    }
                }
            }
        }
        Site::Parameter(p) => rename_parameter(doc, p, new),
        Site::Operation(p) => {
            if let Some(Value::Object(m)) = get_mut(doc, p) {
                m.insert("operationId".to_owned(), Value::from(new));
            }
        }
        Site::EnumValue(p, i) => {
            if let Some(v) = get_mut(doc, &child(p, Seg::Index(*i))) {
                *v = Value::from(new);
            }
        }
        Site::PathKey(old) => {
            let paths = ensure_obj(doc, &["paths"]);
            if let Some(item) = paths.remove(old) {
                paths.insert(format!("{}/{new}", old.trim_end_matches('/')), item);
            }
        }
        Site::Doc(p, field) => {
            if let Some(Value::Object(m)) = get_mut(doc, p) {
                m.insert((*field).to_owned(), Value::from(new));
            }
        }
    }
    what
}

/// Renames a component schema and every reference to it.
fn rename_component(doc: &mut Value, old: &str, new: &str) {
    let schemas = schemas_mut(doc);
    let Some(schema) = schemas.remove(old) else {
        return;
    };
    schemas.insert(new.to_owned(), schema);
    let (from, to) = (schema_ref(old), schema_ref(new));
    let mut stack = vec![doc];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                for (k, c) in m.iter_mut() {
                    if k == "$ref" && c.as_str() == Some(&from) {
                        *c = Value::from(to.clone());
                    } else {
                        stack.push(c);
                    }
                }
            }
            Value::Array(a) => stack.extend(a.iter_mut()),
            _ => {}
        }
    }
}

/// Renames a parameter; a path parameter declared under a path keeps its template in step.
fn rename_parameter(doc: &mut Value, param: &[Seg], new: &str) {
    let Some(Value::Object(m)) = get_mut(doc, param) else {
        return;
    };
    let old = m
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let in_path = m.get("in").and_then(Value::as_str) == Some("path");
    m.insert("name".to_owned(), Value::from(new));
    let (true, Some(Seg::Key(first)), Some(Seg::Key(path_key))) =
        (in_path, param.first(), param.get(1))
    else {
        return;
    };
    if first != "paths" {
        return;
    }
    let paths = ensure_obj(doc, &["paths"]);
    let Some(mut item) = paths.remove(path_key) else {
        return;
    };
    // The other declarations of the same path parameter in this path item.
    let mut lists: Vec<&mut Value> = Vec::new();
    if let Value::Object(item) = &mut item {
        for (k, v) in item.iter_mut() {
            if k == "parameters" {
                lists.push(v);
            } else if let Some(ps) = v.get_mut("parameters") {
                lists.push(ps);
            }
        }
    }
    for list in lists {
        for p in list.as_array_mut().into_iter().flatten() {
            if p.get("in").and_then(Value::as_str) == Some("path")
                && p.get("name").and_then(Value::as_str) == Some(&old)
            {
                p["name"] = Value::from(new);
            }
        }
    }
    paths.insert(
        path_key.replace(&format!("{{{old}}}"), &format!("{{{new}}}")),
        item,
    );
}

/// Adds an operation (`GET /fuzz/{id}`, with a query parameter) and returns its path.
fn add_operation(doc: &mut Value, path: &str) -> Ptr {
    let paths = ensure_obj(doc, &["paths"]);
    paths.insert(
        path.to_owned(),
        json!({
            "get": {
                "operationId": "fuzzOperation",
                "parameters": [
                    { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
                    { "name": "filter", "in": "query", "schema": { "type": "string" } }
                ],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": { "application/json": { "schema": { "type": "string" } } }
                    }
                }
            }
        }),
    );
    vec![key("paths"), key(path), key("get")]
}

/// An operation of the document, or a new one.
fn some_operation(rng: &mut Rng, doc: &mut Value) -> Ptr {
    let ops = Sites::of(doc).operations;
    if ops.is_empty() || rng.one_in(4) {
        add_operation(doc, "/fuzz/{id}")
    } else {
        rng.pick(&ops).clone()
    }
}

/// Makes an operation use `schema`: as its response, its body or a query parameter.
fn use_schema(rng: &mut Rng, doc: &mut Value, schema: Value) -> String {
    let op = some_operation(rng, doc);
    let Some(Value::Object(m)) = get_mut(doc, &op) else {
        return String::new();
    };
    let content = json!({ "application/json": { "schema": schema } });
    match rng.below(3) {
        0 => {
            let responses = m.entry("responses").or_insert_with(|| json!({}));
            if !responses.is_object() {
                *responses = json!({});
            }
            responses["200"] = json!({ "description": "OK", "content": content });
            format!(", used as the 200 response of {}", pointer(&op))
        }
        1 => {
            m.insert(
                "requestBody".to_owned(),
                json!({ "required": true, "content": content }),
            );
            format!(", used as the body of {}", pointer(&op))
        }
        _ => {
            let ps = m.entry("parameters").or_insert_with(|| json!([]));
            if !ps.is_array() {
                *ps = json!([]);
            }
            ps.as_array_mut().expect("an array").push(json!({
                "name": "fuzzParam", "in": "query", "required": true,
                "schema": content["application/json"]["schema"].clone()
            }));
            format!(", used as a query parameter of {}", pointer(&op))
        }
    }
}

/// A component name: an existing one (its definition is then replaced) or `fresh`.
fn component_name(rng: &mut Rng, doc: &Value, fresh: &str) -> String {
    let s = Sites::of(doc);
    if !s.components.is_empty() && rng.one_in(2) {
        rng.pick(&s.components).clone()
    } else {
        fresh.to_owned()
    }
}

// ---------------------------------------------------------------------------------------------
// The mutations

fn deleted_key(rng: &mut Rng, doc: &mut Value) -> String {
    let mut done = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let objects: Vec<Ptr> = if rng.one_in(3) {
            let s = Sites::of(doc);
            let mut v = vec![Vec::new(), vec![key("info")]];
            v.extend(s.schemas);
            v.extend(s.parameters);
            v.extend(s.operations);
            v
        } else {
            all_nodes(doc)
        }
        .into_iter()
        .filter(|p| {
            get(doc, p)
                .and_then(Value::as_object)
                .is_some_and(|m| !m.is_empty())
        })
        .collect();
        if objects.is_empty() {
            break;
        }
        let path = rng.pick(&objects).clone();
        let Some(Value::Object(m)) = get_mut(doc, &path) else {
            continue;
        };
        let keys: Vec<String> = m.keys().cloned().collect();
        let k = rng.pick(&keys).clone();
        m.remove(&k);
        done.push(pointer(&child(&path, key(&k))));
    }
    format!("deleted {}", done.join(", "))
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A value of another JSON type than `current`.
fn other_type(rng: &mut Rng, current: &Value) -> Value {
    loop {
        let v = match rng.below(12) {
            0 => json!(""),
            1 => json!("object"),
            2 => json!(0),
            3 => json!(-1),
            4 => json!(3.5),
            5 => json!(1e300),
            6 => json!(true),
            7 => Value::Null,
            8 => json!([]),
            9 => json!([1, "two", null]),
            10 => json!({}),
            _ => json!({ "type": 7 }),
        };
        if type_name(&v) != type_name(current) {
            return v;
        }
    }
}

fn wrong_type(rng: &mut Rng, doc: &mut Value) -> String {
    let mut done = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let nodes = if rng.one_in(3) {
            let s = Sites::of(doc);
            let mut v: Vec<Ptr> = Vec::new();
            for p in s.schemas.iter().chain(&s.parameters).chain(&s.operations) {
                if let Some(Value::Object(m)) = get(doc, p) {
                    v.extend(m.keys().map(|k| child(p, key(k))));
                }
            }
            v
        } else {
            all_nodes(doc)
        };
        // The root only rarely: it is the least interesting node to replace.
        let nodes: Vec<Ptr> = nodes
            .into_iter()
            .filter(|p| !p.is_empty() || rng.one_in(50))
            .collect();
        if nodes.is_empty() {
            break;
        }
        let path = rng.pick(&nodes).clone();
        let Some(v) = get_mut(doc, &path) else {
            continue;
        };
        let new = other_type(rng, v);
        done.push(format!(
            "{} where {} at {}",
            type_name(&new),
            type_name(v),
            pointer(&path)
        ));
        *v = new;
    }
    done.join(", ")
}

fn self_ref(rng: &mut Rng, doc: &mut Value) -> String {
    let variant = rng.below(13);
    if variant >= 10 {
        // A parameter, body or response component that refers to itself.
        let (section, name) = match variant {
            10 => ("parameters", "SelfParam"),
            11 => ("requestBodies", "SelfBody"),
            _ => ("responses", "SelfResponse"),
        };
        let r = format!("#/components/{section}/{name}");
        ensure_obj(doc, &["components", section]).insert(name.to_owned(), json!({ "$ref": r }));
        let op = some_operation(rng, doc);
        if let Some(Value::Object(m)) = get_mut(doc, &op) {
            match section {
                "parameters" => {
                    let ps = m.entry("parameters").or_insert_with(|| json!([]));
                    if !ps.is_array() {
                        *ps = json!([]);
                    }
                    ps.as_array_mut()
                        .expect("an array")
                        .push(json!({ "$ref": r }));
                }
                "requestBodies" => {
                    m.insert("requestBody".to_owned(), json!({ "$ref": r }));
                }
                _ => {
                    m.insert("responses".to_owned(), json!({ "200": { "$ref": r } }));
                }
            }
        }
        return format!("{r} refers to itself, used by {}", pointer(&op));
    }
    let a = component_name(rng, doc, "SelfRef");
    let me = ref_to(&a);
    let (schema, shape) = match variant {
        0 => (me.clone(), "A: {$ref: A}"),
        1 => (json!({ "type": "array", "items": me }), "array of itself"),
        2 => (
            json!({ "type": "object", "additionalProperties": me }),
            "map of itself",
        ),
        3 => (json!({ "allOf": [me] }), "allOf of itself"),
        4 => (
            json!({ "oneOf": [me, { "type": "string" }] }),
            "oneOf of itself and a string",
        ),
        5 => (
            json!({ "type": "object", "required": ["me"], "properties": { "me": me } }),
            "required property of its own type",
        ),
        6 => (
            json!({ "nullable": true, "description": "itself", "allOf": [me] }),
            "nullable allOf of itself",
        ),
        7 => (
            json!({ "type": "array", "items": { "type": "array", "items": me } }),
            "array of arrays of itself",
        ),
        8 => (
            json!({ "type": "object", "required": ["x"],
                    "properties": { "x": { "allOf": [me] } } }),
            "required property that is allOf itself",
        ),
        _ => (
            json!({ "type": "object",
                    "properties": { "x": { "$ref": format!("{}/properties/x", schema_ref(&a)) } } }),
            "property referring to itself by a pointer into the schema",
        ),
    };
    schemas_mut(doc).insert(a.clone(), schema);
    let used = if rng.one_in(2) {
        use_schema(rng, doc, ref_to(&a))
    } else {
        String::new()
    };
    format!("schema {a:?}: {shape}{used}")
}

fn cyclic_ref(rng: &mut Rng, doc: &mut Value) -> String {
    let variant = rng.below(9);
    let n = if variant == 1 { rng.range(3, 8) } else { 2 };
    let names: Vec<String> = if variant == 8 {
        let s = Sites::of(doc);
        if s.components.len() >= 2 {
            let i = rng.below(s.components.len());
            let mut j = rng.below(s.components.len() - 1);
            if j >= i {
                j += 1;
            }
            vec![s.components[i].clone(), s.components[j].clone()]
        } else {
            vec!["CycleA".to_owned(), "CycleB".to_owned()]
        }
    } else {
        (0..n)
            .map(|i| {
                if i == 0 {
                    component_name(rng, doc, "CycleA")
                } else {
                    format!("Cycle{}", (b'A' + i as u8) as char)
                }
            })
            .collect()
    };
    let shape = match variant {
        0 => "A → B → A aliases",
        1 => "a ring of aliases",
        2 => "A: array of B, B → A",
        3 => "A: map of B, B → A",
        4 => "A: allOf [B], B: allOf [A]",
        5 => "A: oneOf [B] with a discriminator, B: oneOf [A]",
        6 => "A and B hold each other as required properties",
        7 => "A → B, B holds A as a required property",
        _ => "two existing schemas hold each other as required properties",
    };
    for (i, name) in names.iter().enumerate() {
        let next = ref_to(&names[(i + 1) % names.len()]);
        let schema = match variant {
            0 | 1 => next,
            2 if i == 0 => json!({ "type": "array", "items": next }),
            3 if i == 0 => json!({ "type": "object", "additionalProperties": next }),
            4 => json!({ "allOf": [next] }),
            5 => json!({ "oneOf": [next], "discriminator": { "propertyName": "kind" } }),
            6 | 8 => {
                let mut s = match (
                    variant,
                    get(doc, &[key("components"), key("schemas"), key(name)]),
                ) {
                    (8, Some(Value::Object(m))) => Value::Object(m.clone()),
                    _ => json!({ "type": "object" }),
                };
                let field = format!("cycle{i}");
                let m = s.as_object_mut().expect("an object");
                let props = m.entry("properties").or_insert_with(|| json!({}));
                if !props.is_object() {
                    *props = json!({});
                }
                props[&field] = next;
                let req = m.entry("required").or_insert_with(|| json!([]));
                if !req.is_array() {
                    *req = json!([]);
                }
                req.as_array_mut()
                    .expect("an array")
                    .push(Value::from(field));
                s
            }
            7 if i == 1 => {
                json!({ "type": "object", "required": ["a"], "properties": { "a": next } })
            }
            _ => next,
        };
        schemas_mut(doc).insert(name.clone(), schema);
    }
    let used = if rng.one_in(2) {
        use_schema(rng, doc, ref_to(&names[0]))
    } else {
        String::new()
    };
    format!("{shape}: {}{used}", names.join(", "))
}

fn deep_nesting(rng: &mut Rng, doc: &mut Value) -> String {
    let shape = rng.below(8);
    let name = if rng.one_in(2) { "p" } else { "nested" };
    let (schema, what) = match shape {
        0..=5 => {
            let depth = match shape {
                0 | 5 => rng.range(20, 140),
                _ => rng.range(20, 200),
            };
            let mut s = json!({ "type": "string" });
            for level in 0..depth {
                let kind = if shape == 5 { rng.below(5) } else { shape };
                s = match kind {
                    0 => {
                        let prop = if rng.one_in(4) {
                            format!("level{level}")
                        } else {
                            name.to_owned()
                        };
                        json!({ "type": "object", "required": [prop.clone()],
                                "properties": { prop: s } })
                    }
                    1 => json!({ "type": "array", "items": s }),
                    2 => json!({ "type": "object", "additionalProperties": s }),
                    3 => json!({ "allOf": [s] }),
                    _ => json!({ "oneOf": [s, { "type": "integer" }] }),
                };
            }
            let label = [
                "inline objects",
                "arrays",
                "maps",
                "allOf",
                "oneOf",
                "mixed objects, arrays, maps, allOf and oneOf",
            ][shape];
            (s, format!("{label} nested {depth} deep"))
        }
        6 => {
            // A long chain of aliases: Chain0 → Chain1 → … → a string.
            let n = rng.range(100, 3000);
            let schemas = schemas_mut(doc);
            for i in 0..n {
                schemas.insert(format!("Chain{i}"), ref_to(&format!("Chain{}", i + 1)));
            }
            schemas.insert(format!("Chain{n}"), json!({ "type": "string" }));
            (ref_to("Chain0"), format!("a chain of {n} aliases"))
        }
        _ => {
            // A long chain of objects, each holding the next.
            let n = rng.range(100, 2000);
            let schemas = schemas_mut(doc);
            for i in 0..n {
                schemas.insert(
                    format!("Link{i}"),
                    json!({ "type": "object", "required": ["next"],
                            "properties": { "next": ref_to(&format!("Link{}", i + 1)) } }),
                );
            }
            schemas.insert(format!("Link{n}"), json!({ "type": "object" }));
            (ref_to("Link0"), format!("a chain of {n} objects"))
        }
    };
    let used = if rng.one_in(2) {
        schemas_mut(doc).insert("Deep".to_owned(), schema);
        format!(
            " as schema \"Deep\"{}",
            if rng.one_in(2) {
                use_schema(rng, doc, ref_to("Deep"))
            } else {
                String::new()
            }
        )
    } else {
        use_schema(rng, doc, schema)
    };
    format!("{what}{used}")
}

/// A name of `len` characters in one of a few styles.
fn long_text(rng: &mut Rng, len: usize) -> String {
    const WORDS: [&str; 8] = [
        "alpha", "beta", "gamma", "delta", "item", "id", "name", "value",
    ];
    let style = rng.below(6);
    let mut s = String::new();
    let mut n = 0;
    while n < len {
        let piece: String = match style {
            0 => "a".to_owned(),
            1 => ((b'a' + rng.below(26) as u8) as char).to_string(),
            2 => format!("{}-", rng.pick(&WORDS)),
            3 => {
                let w = rng.pick(&WORDS);
                let mut c = w.chars();
                let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or('X');
                std::iter::once(first).chain(c).collect()
            }
            4 => rng.pick(&["é", "名", "ß", "Ω"]).to_string(),
            _ => rng.pick(&["a", "_", "-", ".", " ", "9", "Z"]).to_string(),
        };
        for c in piece.chars() {
            if n < len {
                s.push(c);
                n += 1;
            }
        }
    }
    s
}

fn long_name(rng: &mut Rng, doc: &mut Value) -> String {
    let len = if rng.one_in(2) {
        *rng.pick(&[1_000, 1_024, 2_000, 4_096, 10_000, 30_000])
    } else {
        rng.range(1_000, 30_000)
    };
    let name = long_text(rng, len);
    if rng.one_in(4) {
        // Two sibling names that differ only in their last character.
        let mut a = name.clone();
        let mut b = name;
        a.push('1');
        b.push('2');
        let s = schemas_mut(doc);
        let shown = format!(
            "{}-character names differing in their last character",
            len + 1
        );
        if rng.one_in(2) {
            s.insert(a, json!({ "type": "string" }));
            s.insert(b, json!({ "type": "integer" }));
            return format!("two schemas with {shown}");
        }
        s.insert(
            "LongNames".to_owned(),
            json!({ "type": "object", "properties": { a: { "type": "string" }, b: { "type": "integer" } } }),
        );
        return format!("two properties of \"LongNames\" with {shown}");
    }
    let site = pick_site(rng, doc, false);
    set_name(doc, &site, &name, &format!("a {len}-character name"))
}

const ODD_NAMES: &[&str] = &[
    "",
    " ",
    "\r",
    "a\rb",
    "a\r\nb",
    "line\nbreak",
    "\t",
    "\0",
    "a\0b",
    "\u{7f}",
    "\u{1b}[31mred",
    "\u{202e}desrever",
    "abc\u{202e}",
    "\u{200b}",
    "zero\u{200d}width",
    "\u{feff}bom",
    "\u{2028}",
    "\u{85}",
    "🦀",
    "emoji 🔥 name",
    "👨‍👩‍👧",
    "123",
    "1abc",
    "0",
    "9-lives",
    "!!!",
    "-",
    "_",
    "__",
    "$",
    "@",
    "#",
    "...",
    "{}",
    "{id}",
    "a/b",
    "a~b",
    "~1",
    "a b",
    "a.b",
    "\"quoted\"",
    "'",
    "\\",
    "`",
    "*/",
    "/*",
    "//",
    "r#",
    "r#type",
    "é",
    "e\u{301}",
    "ǅ",
    "İ",
    "ß",
    "Ω",
    "名前",
    "\u{10ffff}",
    "\u{fffd}",
];

const ODD_DOCS: &[&str] = &[
    "a\rb",
    "carriage\r\rreturns",
    "\r",
    "nul \0 inside",
    "*/ end of comment",
    "/* open",
    "```",
    "```rust\nfn main() { panic!() }",
    "    indented code",
    "#![deny(warnings)]",
    "\"]",
    "\u{202e}reversed",
    "\u{1b}[31mescape",
    "\u{2028}separator",
    "[broken](link",
    "<script>",
    "\\",
    "🦀",
];

fn odd_name(rng: &mut Rng, doc: &mut Value) -> String {
    let with_docs = rng.one_in(3);
    let site = pick_site(rng, doc, with_docs);
    let odd = if matches!(site, Site::Doc(..)) {
        rng.pick(ODD_DOCS)
    } else {
        rng.pick(ODD_NAMES)
    };
    let text = match rng.below(4) {
        0 => format!("name{odd}"),
        1 => format!("{odd}name"),
        _ => (*odd).to_owned(),
    };
    set_name(doc, &site, &text, &format!("{text:?}"))
}

const KEYWORDS: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "builder",
    "request",
    "response",
    "params",
    "body",
    "fn",
    "async",
    "await",
    "dyn",
    "try",
    "union",
    "gen",
    "match",
    "mod",
    "move",
    "ref",
    "in",
    "loop",
    "r#type",
    "_",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Client",
    "Error",
    "Default",
    "runtime",
    "serde",
    "std",
    "core",
    "http",
    "reqwest",
    "base_url",
    "content_type",
    "transport",
    "value",
    "new",
    "with_base_url",
    "with_config",
    "from_transport",
    "as_str",
    "from_json_slice",
    "Unrecognized",
    "Deserialize",
    "Serialize",
];

fn keyword_name(rng: &mut Rng, doc: &mut Value) -> String {
    let word = *rng.pick(KEYWORDS);
    if rng.one_in(3) {
        // A path or query parameter: the generated functions have locals of these names.
        let location = if rng.one_in(2) { "path" } else { "query" };
        let template = if location == "path" {
            format!("/fuzz/{{{word}}}")
        } else {
            "/fuzz".to_owned()
        };
        let paths = ensure_obj(doc, &["paths"]);
        paths.insert(
            template.clone(),
            json!({ "get": {
                "parameters": [{ "name": word, "in": location, "required": true,
                                 "schema": { "type": "string" } }],
                "requestBody": { "content": { "application/json": { "schema": { "type": "object" } } } },
                "responses": { "200": { "description": "OK" } }
            } }),
        );
        return format!("{location} parameter {word:?} of GET {template}");
    }
    let site = pick_site(rng, doc, false);
    set_name(doc, &site, word, &format!("{word:?}"))
}

fn colliding_names(rng: &mut Rng, doc: &mut Value) -> String {
    const SPELLINGS: [&str; 7] = ["a-b", "a_b", "aB", "AB", "a b", "a__b", "A-B"];
    let count = rng.range(2, SPELLINGS.len());
    let mut spellings = SPELLINGS.to_vec();
    rng.shuffle(&mut spellings);
    let names = &spellings[..count];
    match rng.below(8) {
        0 => {
            let props: Map<String, Value> = names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let t = if i % 2 == 0 { "string" } else { "integer" };
                    (n.to_string(), json!({ "type": t }))
                })
                .collect();
            let name = component_name(rng, doc, "Collide");
            schemas_mut(doc).insert(
                name.clone(),
                json!({ "type": "object", "required": names, "properties": props }),
            );
            format!("properties {names:?} of {name:?}")
        }
        1 => {
            let s = schemas_mut(doc);
            for n in names {
                s.insert(
                    n.to_string(),
                    json!({ "type": "object", "properties": { "x": { "type": "string" } } }),
                );
            }
            format!("schemas {names:?}")
        }
        2 => {
            let op = some_operation(rng, doc);
            let (l1, l2) = *rng.pick(&[
                ("query", "header"),
                ("query", "query"),
                ("header", "header"),
                ("path", "query"),
                ("query", "cookie"),
            ]);
            let n = if l1 == "path" {
                "id"
            } else {
                *rng.pick(&["id", "limit", "X-Id", "a-b"])
            };
            if let Some(Value::Object(m)) = get_mut(doc, &op) {
                let ps = m.entry("parameters").or_insert_with(|| json!([]));
                if !ps.is_array() {
                    *ps = json!([]);
                }
                let ps = ps.as_array_mut().expect("an array");
                for l in [l1, l2] {
                    ps.push(json!({ "name": n, "in": l, "required": l == "path",
                                    "schema": { "type": "string" } }));
                }
            }
            format!("{l1} and {l2} parameters named {n:?} on {}", pointer(&op))
        }
        3 => {
            let variant = component_name(rng, doc, "Variant");
            if !Sites::of(doc).components.contains(&variant) {
                schemas_mut(doc).insert(
                    variant.clone(),
                    json!({ "type": "object", "required": ["kind"],
                            "properties": { "kind": { "type": "string" } } }),
                );
            }
            let r = schema_ref(&variant);
            let mapping = rng.one_in(2);
            let mut disc = json!({ "propertyName": "kind" });
            if mapping {
                disc["mapping"] = json!({ "one": r, "two": r });
            }
            let kw = if rng.one_in(3) { "anyOf" } else { "oneOf" };
            schemas_mut(doc).insert(
                "Twice".to_owned(),
                json!({ kw: [{ "$ref": r }, { "$ref": r }], "discriminator": disc }),
            );
            format!(
                "schema \"Twice\": {kw} with {r} twice and a discriminator{}",
                if mapping { " mapping both" } else { "" }
            )
        }
        4 => {
            schemas_mut(doc).insert(
                "CollidingEnum".to_owned(),
                json!({ "type": "string", "enum": names }),
            );
            format!("enum values {names:?}")
        }
        5 => {
            let ids = [
                "getThing",
                "get_thing",
                "get-thing",
                "GetThing",
                "get thing",
            ];
            let paths = ensure_obj(doc, &["paths"]);
            for (i, id) in ids.iter().enumerate() {
                paths.insert(
                    format!("/collide/{i}"),
                    json!({ "get": { "operationId": id,
                                     "responses": { "200": { "description": "OK" } } } }),
                );
            }
            format!("operationIds {ids:?}")
        }
        6 => {
            // An inline type whose derived name is also a component's name.
            let s = schemas_mut(doc);
            s.insert(
                "Parent".to_owned(),
                json!({ "type": "object", "properties": {
                    "child": { "type": "object", "properties": { "x": { "type": "string" } } },
                    "kind": { "type": "string", "enum": ["a", "b"] }
                } }),
            );
            s.insert("ParentChild".to_owned(), json!({ "type": "integer" }));
            s.insert("ParentKind".to_owned(), json!({ "type": "boolean" }));
            "inline types of \"Parent\" named like the schemas \"ParentChild\" and \"ParentKind\""
                .to_owned()
        }
        _ => {
            // The same wire name from two allOf members, with different types.
            schemas_mut(doc).insert(
                "Merged".to_owned(),
                json!({ "allOf": [
                    { "type": "object", "properties": { "id": { "type": "string" } } },
                    { "type": "object", "required": ["id"], "properties": { "id": { "type": "integer" } } },
                    { "type": "object", "properties": { "i-d": { "type": "string" }, "i_d": { "type": "string" } } }
                ] }),
            );
            "schema \"Merged\": allOf members declare \"id\" differently, and \"i-d\"/\"i_d\""
                .to_owned()
        }
    }
}

fn huge_enum(rng: &mut Rng, doc: &mut Value) -> String {
    let n = if rng.one_in(4) {
        rng.range(2_000, 10_000)
    } else {
        5_000
    };
    let style = rng.below(6);
    let mut values: Vec<Value> = (0..n)
        .map(|i| match style {
            0 => Value::from(format!("v{i}")),
            1 => Value::from(if i % 2 == 0 {
                format!("a-{}", i / 2)
            } else {
                format!("a_{}", i / 2)
            }),
            2 => Value::from(i as i64 - 100),
            3 => match i % 6 {
                0 => Value::from(format!("s{i}")),
                1 => Value::from(i),
                2 => Value::from(i as f64 + 0.5),
                3 => Value::from(i % 12 == 3),
                4 => Value::Null,
                _ => json!({ "k": i }),
            },
            4 => Value::from("same"),
            _ => Value::from(ODD_NAMES[i % ODD_NAMES.len()].repeat(1 + i / ODD_NAMES.len())),
        })
        .collect();
    // About one value in ten again.
    for _ in 0..n / 10 {
        let v = values[rng.below(values.len())].clone();
        let at = rng.below(values.len() + 1);
        values.insert(at, v);
    }
    let ty = match style {
        2 => "integer",
        3 => "",
        _ => "string",
    };
    let mut schema = json!({ "enum": values });
    if !ty.is_empty() {
        schema["type"] = Value::from(ty);
    }
    let label = [
        "distinct strings",
        "strings colliding as identifiers",
        "integers",
        "mixed types",
        "one string repeated",
        "odd strings",
    ][style];
    let total = n + n / 10;
    let site = Sites::of(doc).properties;
    if !site.is_empty() && rng.one_in(2) {
        let (map, name) = rng.pick(&site).clone();
        if let Some(v) = get_mut(doc, &child(&map, key(&name))) {
            *v = schema;
        }
        return format!(
            "{total} enum values ({label}) at {}",
            pointer(&child(&map, key(&name)))
        );
    }
    schemas_mut(doc).insert("Huge".to_owned(), schema);
    let used = if rng.one_in(2) {
        use_schema(rng, doc, ref_to("Huge"))
    } else {
        String::new()
    };
    format!("schema \"Huge\": {total} enum values ({label}){used}")
}

// ---------------------------------------------------------------------------------------------
// Text and byte mutations

/// A key written twice in one object of the serialized document.
struct Duplicate<'v> {
    object: &'v Value,
    key: String,
    /// The value written with the extra occurrence.
    value: Value,
    /// Whether the extra occurrence comes after the original one (and so wins in JSON).
    after: bool,
}

fn duplicate_keys(rng: &mut Rng, doc: &mut Value) -> (String, Vec<u8>) {
    let s = Sites::of(doc);
    let mut candidates: Vec<Ptr> = match rng.below(4) {
        0 => vec![Vec::new()],
        1 => s
            .schemas
            .iter()
            .map(|p| child(p, key("properties")))
            .chain(std::iter::once(vec![key("components"), key("schemas")]))
            .chain(std::iter::once(vec![key("paths")]))
            .collect(),
        2 => s
            .schemas
            .iter()
            .chain(&s.parameters)
            .chain(&s.operations)
            .cloned()
            .collect(),
        _ => all_nodes(doc),
    };
    candidates.retain(|p| {
        get(doc, p)
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty())
    });
    if candidates.is_empty() {
        candidates.push(Vec::new());
    }
    let path = rng.pick(&candidates).clone();
    let object = get(doc, &path).expect("a candidate exists");
    let keys: Vec<&String> = object
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    let Some(&k) = keys.get(rng.below(keys.len().max(1))) else {
        return ("an empty document".to_owned(), pretty(doc));
    };
    let original = &object[k.as_str()];
    let (value, how) = match rng.below(3) {
        0 => (original.clone(), "the same value"),
        1 => {
            let other = keys[rng.below(keys.len())];
            (object[other.as_str()].clone(), "a sibling's value")
        }
        _ => (other_type(rng, original), "a value of another type"),
    };
    let after = rng.one_in(2);
    let what = format!(
        "{} written twice, {} {}",
        pointer(&child(&path, key(k))),
        if after { "then" } else { "first" },
        how
    );
    let dup = Duplicate {
        object,
        key: k.clone(),
        value,
        after,
    };
    let mut out = String::new();
    write_json(&mut out, doc, 0, &dup);
    out.push('\n');
    (what, out.into_bytes())
}

/// Pretty JSON, with the duplicate key written into its object.
fn write_json(out: &mut String, v: &Value, indent: usize, dup: &Duplicate<'_>) {
    let pad = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n * 2));
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(&str, &Value)> = m.iter().map(|(k, v)| (k.as_str(), v)).collect();
            if std::ptr::eq(v, dup.object) {
                let at = entries.iter().position(|(k, _)| *k == dup.key).unwrap_or(0);
                let at = if dup.after { at + 1 } else { at };
                entries.insert(at, (dup.key.as_str(), &dup.value));
            }
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{\n");
            for (i, (k, c)) in entries.iter().enumerate() {
                pad(out, indent + 1);
                out.push_str(&Value::from(*k).to_string());
                out.push_str(": ");
                write_json(out, c, indent + 1, dup);
                out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push('}');
        }
        Value::Array(a) if !a.is_empty() => {
            out.push_str("[\n");
            for (i, c) in a.iter().enumerate() {
                pad(out, indent + 1);
                write_json(out, c, indent + 1, dup);
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn truncated(rng: &mut Rng, doc: &mut Value) -> (String, Vec<u8>) {
    let mut bytes = pretty(doc);
    let len = bytes.len();
    let at = match rng.below(4) {
        0 => rng.below(len.min(16)),
        1 => len - 1 - rng.below(len.min(64)),
        _ => rng.below(len),
    };
    bytes.truncate(at);
    (format!("cut at byte {at} of {len}"), bytes)
}

fn garbage_bytes(rng: &mut Rng, doc: &mut Value) -> (String, Vec<u8>) {
    const TOKENS: [&[u8]; 12] = [
        b"\0",
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b"\"",
        b":",
        b"NaN",
        b"1e999",
        b"\xEF\xBB\xBF",
        b"\\u",
    ];
    let mut bytes = pretty(doc);
    let mut done = Vec::new();
    for _ in 0..rng.range(1, 6) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 if at < bytes.len() => {
                let b = rng.below(256) as u8;
                bytes[at] = b;
                done.push(format!("byte {at} set to {b:#04x}"));
            }
            1 => {
                let n = rng.range(1, 8);
                let junk: Vec<u8> = (0..n).map(|_| rng.below(256) as u8).collect();
                bytes.splice(at..at, junk);
                done.push(format!("{n} random bytes inserted at {at}"));
            }
            2 => {
                let t = *rng.pick(&TOKENS);
                bytes.splice(at..at, t.iter().copied());
                done.push(format!("{:?} inserted at {at}", String::from_utf8_lossy(t)));
            }
            _ => {
                let end = (at + rng.range(1, 64)).min(bytes.len());
                bytes.drain(at..end);
                done.push(format!("bytes {at}..{end} deleted"));
            }
        }
    }
    (done.join(", "), bytes)
}

fn non_utf8(rng: &mut Rng, doc: &mut Value) -> (String, Vec<u8>) {
    const SEQUENCES: [(&[u8], &str); 7] = [
        (b"\xE9", "Latin-1 \u{e9}"),
        (b"\x80", "a lone continuation byte"),
        (b"\xC0\xAF", "an overlong encoding"),
        (b"\xED\xA0\x80", "an encoded surrogate"),
        (b"\xE2\x82", "a cut multi-byte character"),
        (b"\xFF\xFE", "bytes that never occur in UTF-8"),
        (b"\xF8\x88\x80\x80\x80", "a five-byte sequence"),
    ];
    if rng.one_in(6) {
        // The whole document in UTF-16 with a byte-order mark.
        let text = String::from_utf8(pretty(doc)).expect("serde_json writes UTF-8");
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        return (
            "the document in UTF-16LE with a byte-order mark".to_owned(),
            bytes,
        );
    }
    const MARK: &str = "FUZZ_NON_UTF8_MARK";
    let site = pick_site(rng, doc, true);
    let current = match &site {
        Site::Component(n) | Site::Property(_, n) => n.clone(),
        _ => "name".to_owned(),
    };
    let (seq, label) = *rng.pick(&SEQUENCES);
    let what = set_name(
        doc,
        &site,
        &format!("{current}{MARK}"),
        &format!("a name with {label}"),
    );
    let text = pretty(doc);
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = &text[..];
    while let Some(i) = find(rest, MARK.as_bytes()) {
        bytes.extend_from_slice(&rest[..i]);
        bytes.extend_from_slice(seq);
        rest = &rest[i + MARK.len()..];
    }
    bytes.extend_from_slice(rest);
    (what, bytes)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> Vec<Base> {
        corpus(&[crate::project_root().join("generator/tests/fixtures")]).expect("fixtures load")
    }

    /// The published first outputs of SplitMix64 seeded with 1234567.
    #[test]
    fn rng_is_splitmix64() {
        let mut rng = Rng::new(1234567);
        let first: Vec<u64> = (0..5).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                6457827717110365317,
                3203168211198807973,
                9817491932198370423,
                4593380528125082431,
                16408922859458223821,
            ]
        );
    }

    #[test]
    fn same_seed_same_inputs_byte_for_byte() {
        let corpus = fixtures();
        let run =
            |seed| -> Vec<Input> { seeds(seed).take(300).map(|s| input(s, &corpus)).collect() };
        let a = run(1);
        let b = run(1);
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.seed, y.seed);
            assert_eq!(x.kind, y.kind);
            assert_eq!(x.what, y.what, "seed {}", x.seed);
            assert!(x.bytes == y.bytes, "seed {}: the bytes differ", x.seed);
        }
        // Every kind is made, and another seed makes other inputs.
        for kind in Kind::ALL {
            assert!(a.iter().any(|i| i.kind == kind), "no {} input", kind.name());
        }
        let c = run(2);
        let same = a.iter().zip(&c).filter(|(x, y)| x.bytes == y.bytes).count();
        assert!(
            same < 30,
            "{same} of 300 inputs are the same for seeds 1 and 2"
        );
    }

    /// Input `i` of a run is the first input of a run seeded with its seed, which is what
    /// `--seed SEED --count 1` relies on.
    #[test]
    fn an_input_is_reproduced_from_its_seed_alone() {
        let corpus = fixtures();
        let run: Vec<Input> = seeds(7).take(50).map(|s| input(s, &corpus)).collect();
        for (i, x) in run.iter().enumerate() {
            let alone = input(x.seed, &corpus);
            assert_eq!(&alone, x, "input {i}");
            assert_eq!(seeds(x.seed).next(), Some(x.seed));
        }
    }

    #[test]
    fn duplicate_keys_are_written_twice() {
        let corpus = fixtures();
        let mut found = 0;
        for s in seeds(3).take(2000) {
            let i = input(s, &corpus);
            if i.kind != Kind::DuplicateKeys || i.what == "an empty document" {
                continue;
            }
            found += 1;
            // Reading the text back with a map that keeps every entry finds one key twice.
            let text = String::from_utf8(i.bytes).expect("duplicate-keys writes UTF-8");
            let normal: Value = serde_json::from_str(&text).expect("still JSON");
            let written = text.lines().count();
            let rewritten = serde_json::to_string_pretty(&normal).expect("serializes");
            assert!(
                written > rewritten.lines().count(),
                "seed {s}: {}: no extra line",
                i.what
            );
        }
        assert!(found > 50, "only {found} duplicate-keys inputs");
    }
}
