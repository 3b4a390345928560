//! Mutations of a document's structure: deleted keys, wrong types, self and cyclic references, deep nesting.

use super::*;

pub(super) fn deleted_key(rng: &mut Rng, doc: &mut Value) -> String {
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

pub(super) fn type_name(v: &Value) -> &'static str {
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
pub(super) fn other_type(rng: &mut Rng, current: &Value) -> Value {
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

pub(super) fn wrong_type(rng: &mut Rng, doc: &mut Value) -> String {
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

pub(super) fn self_ref(rng: &mut Rng, doc: &mut Value) -> String {
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

pub(super) fn cyclic_ref(rng: &mut Rng, doc: &mut Value) -> String {
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

pub(super) fn deep_nesting(rng: &mut Rng, doc: &mut Value) -> String {
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
