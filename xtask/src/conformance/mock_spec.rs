//! Mock-ready copies of the specs: what Prism cannot serve as written, rewritten; and the list
//! of operations a spec declares, which the run checks the tests' reports against.

use std::collections::BTreeSet;

use serde_json::Value;

/// The HTTP methods an OpenAPI path item can hold.
pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What [`mock_ready`] changed in a spec.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Rewrites {
    /// `example` keys whose value was `null`, removed.
    pub(super) null_examples: usize,
    /// `*/*` keys of `content` objects, renamed `application/json`.
    pub(super) any_content: usize,
    /// 3.1 `prefixItems` tuples, written in the array form of `items`.
    pub(super) tuples: usize,
    /// 3.1 numeric `exclusiveMinimum`/`exclusiveMaximum` given an inclusive bound inside them.
    pub(super) exclusive_bounds: usize,
}

/// Rewrites a spec so that Prism can serve it.
///
/// - Every `example: null` is removed, wherever it stands: Prism would serve `null` bodies in
///   static mode and fail with a 500 in dynamic mode.
/// - Every `*/*` key of a `content` object becomes `application/json`: Prism has no serializer
///   for `*/*`. A `content` object that already declares `application/json` beside `*/*` is an
///   error, since one of the two would be lost.
/// - Every 3.1 `prefixItems: [A, B]` becomes `items: [A, B]` with `minItems` (the tuple's
///   length) and, for `items: false`, `additionalItems: false`: Prism 5 neither generates nor
///   validates `prefixItems` (it serves `[]`, and reads `items: false` as "no item at all"),
///   while it does both for the array form of `items`, which means the same.
/// - Every 3.1 numeric `exclusiveMinimum: n` (`exclusiveMaximum`) gets an inclusive
///   `minimum` just inside it (`n + 1` for integers, `n + 0.001` otherwise), unless a
///   stricter one is there: Prism 5 validates the numeric form but generates values as if it
///   were absent, and then rejects its own answers.
pub(super) fn mock_ready(spec: &mut Value) -> std::result::Result<Rewrites, String> {
    let mut rewrites = Rewrites::default();
    rewrite(spec, &mut String::new(), &mut rewrites)?;
    Ok(rewrites)
}

fn rewrite(
    value: &mut Value,
    pointer: &mut String,
    rewrites: &mut Rewrites,
) -> std::result::Result<(), String> {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(prefix)) = map.remove("prefixItems") {
                let count = prefix.len();
                if map.get("items") == Some(&Value::Bool(false)) {
                    map.insert("additionalItems".to_owned(), Value::Bool(false));
                }
                map.insert("items".to_owned(), Value::Array(prefix));
                map.entry("minItems").or_insert_with(|| Value::from(count));
                rewrites.tuples += 1;
            }
            let integer = map.get("type").and_then(Value::as_str) == Some("integer");
            for (exclusive, inclusive, step) in [
                ("exclusiveMinimum", "minimum", 1.0),
                ("exclusiveMaximum", "maximum", -1.0),
            ] {
                let Some(limit) = map.get(exclusive).and_then(Value::as_f64) else {
                    continue;
                };
                let inside = limit + step * if integer { 1.0 } else { 0.001 };
                let stricter = map.get(inclusive).and_then(Value::as_f64).is_some_and(|b| {
                    if step > 0.0 {
                        b >= inside
                    } else {
                        b <= inside
                    }
                });
                if !stricter {
                    let inside = if integer {
                        Value::from(inside as i64)
                    } else {
                        Value::from(inside)
                    };
                    map.insert(inclusive.to_owned(), inside);
                    rewrites.exclusive_bounds += 1;
                }
            }
            if map.get("example").is_some_and(Value::is_null) {
                map.remove("example");
                rewrites.null_examples += 1;
            }
            if pointer.ends_with("/content") {
                if let Some(any) = map.remove("*/*") {
                    if map.contains_key("application/json") {
                        return Err(format!(
                            "{pointer} declares both `*/*` and `application/json`"
                        ));
                    }
                    map.insert("application/json".to_owned(), any);
                    rewrites.any_content += 1;
                }
            }
            for (key, child) in map.iter_mut() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                rewrite(child, pointer, rewrites)?;
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&index.to_string());
                rewrite(child, pointer, rewrites)?;
                pointer.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// The operations of a spec as (upper-case method, path template), in a fixed order.
pub(super) fn operations_of(spec: &Value) -> BTreeSet<(String, String)> {
    let mut operations = BTreeSet::new();
    if let Some(paths) = spec.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                if item.get(method).is_some_and(Value::is_object) {
                    operations.insert((method.to_ascii_uppercase(), path.clone()));
                }
            }
        }
    }
    operations
}

#[cfg(test)]
mod tests {
    use super::super::SPECS;
    use super::*;
    use serde_json::json;

    fn count_key(value: &Value, predicate: &dyn Fn(&str, &Value) -> bool) -> usize {
        match value {
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| usize::from(predicate(k, v)) + count_key(v, predicate))
                .sum(),
            Value::Array(items) => items.iter().map(|v| count_key(v, predicate)).sum(),
            _ => 0,
        }
    }

    #[test]
    fn removes_null_examples_everywhere_and_keeps_others() {
        let mut spec = json!({
            "example": null,
            "components": {"schemas": {"A": {
                "type": "object",
                "example": null,
                "properties": {
                    "a": {"type": "string", "example": null},
                    "b": {"type": "string", "example": "kept"},
                    "example": {"type": "string"}
                },
                "allOf": [{"example": null}, {"example": 0}]
            }}}
        });
        let rewrites = mock_ready(&mut spec).expect("rewrites");
        assert_eq!(rewrites.null_examples, 4);
        assert_eq!(rewrites.any_content, 0);
        assert_eq!(
            spec,
            json!({
                "components": {"schemas": {"A": {
                    "type": "object",
                    "properties": {
                        "a": {"type": "string"},
                        "b": {"type": "string", "example": "kept"},
                        "example": {"type": "string"}
                    },
                    "allOf": [{}, {"example": 0}]
                }}}
            })
        );
    }

    #[test]
    fn writes_prefix_items_in_the_array_form_of_items() {
        let mut spec = json!({"components": {"schemas": {
            "Closed": {"type": "array", "prefixItems": [{"type": "number"}, {"type": "string"}], "items": false},
            "Open": {"type": "array", "prefixItems": [{"type": "number"}], "minItems": 0},
        }}});
        let rewrites = mock_ready(&mut spec).expect("rewrites");
        assert_eq!(rewrites.tuples, 2);
        assert_eq!(
            spec["components"]["schemas"],
            json!({
                "Closed": {"type": "array", "items": [{"type": "number"}, {"type": "string"}],
                           "additionalItems": false, "minItems": 2},
                "Open": {"type": "array", "items": [{"type": "number"}], "minItems": 0},
            })
        );
    }

    #[test]
    fn numeric_exclusive_bounds_get_an_inclusive_bound_inside_them() {
        let mut spec = json!({"components": {"schemas": {
            "Count": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10},
            "Share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
            "Stricter": {"type": "integer", "exclusiveMinimum": 0, "minimum": 5},
            "Boolean": {"type": "integer", "minimum": 0, "exclusiveMinimum": true},
        }}});
        let rewrites = mock_ready(&mut spec).expect("rewrites");
        assert_eq!(rewrites.exclusive_bounds, 3);
        let schemas = &spec["components"]["schemas"];
        assert_eq!(schemas["Count"]["minimum"], json!(1));
        assert_eq!(schemas["Count"]["maximum"], json!(9));
        assert_eq!(schemas["Share"]["minimum"], json!(0.001));
        assert_eq!(schemas["Share"]["maximum"], json!(1));
        assert_eq!(schemas["Stricter"]["minimum"], json!(5));
        assert_eq!(
            schemas["Boolean"],
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn renames_any_content_only_under_content() {
        let mut spec = json!({
            "components": {"responses": {"Error": {
                "content": {"*/*": {"schema": {"$ref": "#/components/schemas/Error"}, "example": null}}
            }}},
            "paths": {"/x": {"get": {"responses": {"200": {
                "content": {"text/plain": {"schema": {"type": "string"}}}
            }}}}},
            "x-other": {"*/*": 1}
        });
        let rewrites = mock_ready(&mut spec).expect("rewrites");
        assert_eq!(
            rewrites,
            Rewrites {
                null_examples: 1,
                any_content: 1,
                tuples: 0,
                exclusive_bounds: 0,
            }
        );
        assert_eq!(
            spec["components"]["responses"]["Error"]["content"],
            json!({"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}})
        );
        assert_eq!(spec["x-other"], json!({"*/*": 1}));
        assert_eq!(
            spec["paths"]["/x"]["get"]["responses"]["200"]["content"],
            json!({"text/plain": {"schema": {"type": "string"}}})
        );
    }

    #[test]
    fn refuses_to_lose_a_media_type() {
        let mut spec = json!({"paths": {"/a~b/c": {"get": {"responses": {"default": {"content": {
            "*/*": {}, "application/json": {}
        }}}}}}});
        let error = mock_ready(&mut spec).expect_err("conflict");
        assert_eq!(
            error,
            "/paths/~1a~0b~1c/get/responses/default/content declares both `*/*` and `application/json`"
        );
    }

    #[test]
    fn rewrites_the_real_specs() {
        let root = crate::project_root();
        let mut total_nulls = 0;
        for spec in &SPECS {
            let path = root.join(spec.file);
            let mut value = codegen::load::read_value(&path).expect("spec reads");
            let before = operations_of(&value);
            let rewrites = mock_ready(&mut value).expect("rewrites");
            total_nulls += rewrites.null_examples;
            assert_eq!(rewrites.any_content, 1, "{}", spec.file);
            assert_eq!(
                count_key(&value, &|k, v| k == "example" && v.is_null()),
                0,
                "{}",
                spec.file
            );
            assert_eq!(count_key(&value, &|k, _| k == "*/*"), 0, "{}", spec.file);
            assert_eq!(operations_of(&value), before);
        }
        assert_eq!(total_nulls, 205);
    }

    #[test]
    fn lists_operations() {
        let spec = json!({"paths": {
            "/b/{token}": {"get": {}, "delete": {}, "parameters": []},
            "/a": {"post": {}}
        }});
        let operations: Vec<_> = operations_of(&spec).into_iter().collect();
        assert_eq!(
            operations,
            vec![
                ("DELETE".to_owned(), "/b/{token}".to_owned()),
                ("GET".to_owned(), "/b/{token}".to_owned()),
                ("POST".to_owned(), "/a".to_owned()),
            ]
        );
    }
}
