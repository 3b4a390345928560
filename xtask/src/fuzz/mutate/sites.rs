//! Where the names are: components, properties, parameters and operations to rename or add.

use super::*;

pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The places of a document that hold names and texts, found by walking it as OpenAPI.
#[derive(Default)]
pub(super) struct Sites {
    pub(super) components: Vec<String>,
    /// Every schema object, component or inline.
    pub(super) schemas: Vec<Ptr>,
    /// (path of a `properties` map, property name).
    pub(super) properties: Vec<(Ptr, String)>,
    /// Paths of `enum` arrays.
    pub(super) enums: Vec<Ptr>,
    /// Parameter objects (not references).
    pub(super) parameters: Vec<Ptr>,
    /// Operation objects.
    pub(super) operations: Vec<Ptr>,
    pub(super) path_keys: Vec<String>,
    /// (object, field) of descriptions, summaries and titles.
    pub(super) docs: Vec<(Ptr, &'static str)>,
}

impl Sites {
    pub(super) fn of(doc: &Value) -> Sites {
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

    pub(super) fn texts(&mut self, doc: &Value, path: &[Seg]) {
        if let Some(Value::Object(m)) = get(doc, path) {
            for field in ["title", "summary", "description"] {
                if m.get(field).is_some_and(Value::is_string) {
                    self.docs.push((path.to_vec(), field));
                }
            }
        }
    }

    pub(super) fn parameter_list(&mut self, doc: &Value, holder: &[Seg]) {
        let list = child(holder, key("parameters"));
        if let Some(Value::Array(a)) = get(doc, &list) {
            for i in 0..a.len() {
                self.parameter(doc, child(&list, Seg::Index(i)));
            }
        }
    }

    pub(super) fn parameter(&mut self, doc: &Value, path: Ptr) {
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
    pub(super) fn content_holder(&mut self, doc: &Value, path: Ptr) {
        self.texts(doc, &path);
        let content = child(&path, key("content"));
        if let Some(Value::Object(m)) = get(doc, &content) {
            for media in m.keys() {
                self.schema(doc, child(&child(&content, key(media)), key("schema")), 0);
            }
        }
    }

    pub(super) fn schema(&mut self, doc: &Value, path: Ptr, depth: usize) {
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
pub(super) enum Site {
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
pub(super) fn pick_site(rng: &mut Rng, doc: &mut Value, with_docs: bool) -> Site {
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

pub(super) fn site_name(site: &Site) -> String {
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
pub(super) fn set_name(doc: &mut Value, site: &Site, new: &str, shown: &str) -> String {
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
pub(super) fn rename_component(doc: &mut Value, old: &str, new: &str) {
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
pub(super) fn rename_parameter(doc: &mut Value, param: &[Seg], new: &str) {
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
pub(super) fn add_operation(doc: &mut Value, path: &str) -> Ptr {
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
pub(super) fn some_operation(rng: &mut Rng, doc: &mut Value) -> Ptr {
    let ops = Sites::of(doc).operations;
    if ops.is_empty() || rng.one_in(4) {
        add_operation(doc, "/fuzz/{id}")
    } else {
        rng.pick(&ops).clone()
    }
}

/// Makes an operation use `schema`: as its response, its body or a query parameter.
pub(super) fn use_schema(rng: &mut Rng, doc: &mut Value, schema: Value) -> String {
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
pub(super) fn component_name(rng: &mut Rng, doc: &Value, fresh: &str) -> String {
    let s = Sites::of(doc);
    if !s.components.is_empty() && rng.one_in(2) {
        rng.pick(&s.components).clone()
    } else {
        fresh.to_owned()
    }
}
