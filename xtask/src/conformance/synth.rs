//! Arguments for every operation of a spec, synthesised from its schemas.
//!
//! The values aim to pass the mock server's request validation: required parts only, the
//! first enum value, bounds and formats respected.

use serde_json::{json, Map, Value};

use super::mock_spec::METHODS;

/// Schema nesting past which objects and arrays are left empty.
const MAX_DEPTH: usize = 10;
/// `$ref` hops followed before a chain counts as a cycle.
const MAX_HOPS: usize = 32;
/// Cap on `minItems` copies and `minLength` padding.
const MAX_LEN: u64 = 1_000;
/// Keys that make a schema without `type` an object schema.
const OBJECT_KEYS: &str = "properties additionalProperties required minProperties";
/// A result whose error names the operation.
type Res<T> = Result<T, String>;
/// A discriminator property and its value.
type Tag = (String, String);
/// Stands for a missing schema: no type information.
static NULL: Value = Value::Null;

/// Arguments of one operation.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct OperationArgs {
    /// JSON object: {"path": {wire name: value}, "query": {...}, "header": {...}, "cookie":
    /// {...}, "body": value, "content_type": media type} (the last two only with a request body).
    pub(super) args: Value,
    /// Non-2xx statuses to force with Prism's `Prefer: code=NNN`: every explicit 4xx/5xx code
    /// the operation's `responses` declare (`4XX`-style ranges → 400 / 500), sorted,
    /// deduplicated; when none but `default` is declared: [500]; otherwise empty.
    pub(super) error_statuses: Vec<u16>,
}

/// The arguments of the operation at `pointer`, a JSON pointer without '#', e.g.
/// "/paths/~1crm~1v3~1objects~1{objectType}/get".
pub(super) fn operation_args(spec: &Value, pointer: &str) -> Result<OperationArgs, String> {
    let not_op = || format!("{pointer} does not name an operation");
    let (item_pointer, method) = pointer.rsplit_once('/').ok_or_else(not_op)?;
    let synth = Synth { spec, op: pointer };
    let item = synth.deref(spec.pointer(item_pointer).ok_or_else(not_op)?)?;
    let operation = (item.get(method))
        .filter(|op| op.is_object() && METHODS.contains(&method))
        .ok_or_else(not_op)?;

    let mut params: Vec<(&str, &str, &Value)> = Vec::new();
    for list in [item.get("parameters"), operation.get("parameters")] {
        for param in list.and_then(Value::as_array).into_iter().flatten() {
            let param = synth.deref(param)?;
            let name = param.get("name").and_then(Value::as_str);
            let place = param.get("in").and_then(Value::as_str);
            let (Some(name), Some(place)) = (name, place) else {
                return Err(format!("{pointer}: a parameter lacks `name` or `in`"));
            };
            params.retain(|(n, p, _)| (*n, *p) != (name, place));
            params.push((name, place, param));
        }
    }
    let mut args = Map::new();
    for place in ["path", "query", "header", "cookie"] {
        let mut values = Map::new();
        for (name, _, param) in params.iter().filter(|(_, p, _)| *p == place) {
            if let Some(value) = synth.parameter(name, place, param)? {
                values.insert((*name).to_owned(), value);
            }
        }
        args.insert(place.to_owned(), Value::Object(values));
    }

    if let Some(body) = operation.get("requestBody") {
        let content = synth.deref(body)?.get("content").and_then(Value::as_object);
        if let Some((media_type, media)) = content.and_then(pick_media) {
            let schema = media.get("schema").unwrap_or(&NULL);
            args.insert("body".to_owned(), synth.value(schema, 0)?);
            args.insert("content_type".to_owned(), json!(media_type));
        }
    }
    Ok(OperationArgs {
        args: Value::Object(args),
        error_statuses: error_statuses(operation.get("responses")),
    })
}

/// The media type a request body is sent as: JSON first, then forms, then the first.
fn pick_media(content: &Map<String, Value>) -> Option<(&String, &Value)> {
    let find = |test: &dyn Fn(&str) -> bool| content.iter().find(|(key, _)| test(key.as_str()));
    find(&|key| key.contains("json") || key == "*/*")
        .or_else(|| find(&|key| key.starts_with("application/x-www-form-urlencoded")))
        .or_else(|| find(&|key| key.starts_with("multipart/form-data")))
        .or_else(|| content.iter().next())
}

/// The 4xx/5xx statuses a `responses` object declares; [500] when it has only `default`.
fn error_statuses(responses: Option<&Value>) -> Vec<u16> {
    let keys: Vec<&str> = responses
        .and_then(Value::as_object)
        .map(|map| map.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut codes: Vec<u16> = keys
        .iter()
        .filter_map(|key| match key.to_ascii_uppercase().as_str() {
            "4XX" => Some(400),
            "5XX" => Some(500),
            key => key.parse().ok().filter(|code| (400..600).contains(code)),
        })
        .collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.is_empty() && keys.contains(&"default") {
        codes.push(500);
    }
    codes
}

/// Synthesis state for one operation.
struct Synth<'a> {
    /// The whole document, which `$ref`s point into.
    spec: &'a Value,
    /// The operation's pointer, named in errors.
    op: &'a str,
}

impl<'a> Synth<'a> {
    /// Follows `$ref`s (local JSON pointers) until a value without one.
    fn deref(&self, mut value: &'a Value) -> Res<&'a Value> {
        for _ in 0..MAX_HOPS {
            let Some(target) = value.get("$ref").and_then(Value::as_str) else {
                return Ok(value);
            };
            value = codegen::load::local_pointer(target)
                .and_then(|pointer| self.spec.pointer(&pointer))
                .ok_or_else(|| format!("{}: dangling $ref `{target}`", self.op))?;
        }
        Err(format!("{}: $ref cycle", self.op))
    }

    /// The value of a parameter, or `None` when it is left out.
    fn parameter(&self, name: &str, place: &str, param: &'a Value) -> Res<Option<Value>> {
        let lower = name.to_ascii_lowercase();
        if place == "header" && ["accept", "content-type", "authorization"].contains(&&*lower) {
            return Ok(None);
        }
        let schema = match param.get("schema") {
            Some(schema) => schema,
            None => (param.get("content").and_then(Value::as_object))
                .and_then(|content| content.values().next())
                .and_then(|media| media.get("schema"))
                .unwrap_or(&NULL),
        };
        let resolved = self.deref(schema)?;
        let examples = param.get("examples").and_then(Value::as_object);
        let first = examples.and_then(|examples| examples.values().next());
        let example = match (param.get("example"), first) {
            (Some(example), _) => Some(example),
            (None, Some(first)) => self.deref(first)?.get("value"),
            (None, None) => None,
        };
        let required = place == "path" || is_true(param, "required");
        let hinted = example.is_some() || has_any(resolved, "example default enum");
        if !(required || place == "query" && hinted) {
            return Ok(None);
        }
        match example.filter(|example| of_type(example, type_of(resolved))) {
            Some(example) => Ok(Some(example.clone())),
            None => self.value(schema, 0).map(Some),
        }
    }

    /// The value of a schema; "conformance" when the schema carries no type information.
    fn value(&self, schema: &'a Value, depth: usize) -> Res<Value> {
        Ok(self.part(schema, depth)?.unwrap_or(json!("conformance")))
    }

    /// The value of a schema, or `None` when it carries no type information.
    fn part(&self, schema: &'a Value, depth: usize) -> Res<Option<Value>> {
        let s = self.deref(schema)?;
        let first_enum = s.get("enum").and_then(Value::as_array);
        if let Some(value) = first_enum.and_then(|values| values.iter().find(|v| !v.is_null())) {
            return Ok(Some(value.clone()));
        }
        if let Some(value) = s.get("default").filter(|value| !value.is_null()) {
            return Ok(Some(value.clone()));
        }
        let ty = type_of(s).or_else(|| match (has_any(s, OBJECT_KEYS), has_any(s, "items")) {
            (true, _) => Some("object"),
            (false, true) => Some("array"),
            (false, false) => None,
        });
        let example = s.get("example").filter(|example| of_type(example, ty));
        if let (Some("string" | "integer" | "number" | "boolean"), Some(example), true) =
            (ty, example, has_any(s, "pattern"))
        {
            return Ok(Some(example.clone()));
        }
        let deep = depth >= MAX_DEPTH;
        let mut parts = Vec::new();
        let mut tag = None;
        if !deep {
            let all_of = s.get("allOf").and_then(Value::as_array);
            for member in all_of.into_iter().flatten() {
                parts.extend(self.part(member, depth + 1)?);
            }
            if let Some((value, member_tag)) = self.one_of(s, depth)? {
                parts.push(value);
                tag = member_tag;
            }
        }
        match ty {
            Some("string") => parts.push(string(s)),
            Some("integer") => parts.push(number(s, true)),
            Some("number") => parts.push(number(s, false)),
            Some("boolean") => parts.push(Value::Bool(true)),
            Some("array") if deep => parts.push(json!([])),
            Some("array") => parts.push(self.array(s, depth)?),
            Some("object") if deep => parts.push(json!({})),
            Some("object") => parts.push(self.object(s, depth)?),
            _ => {}
        }
        let mut value = parts.into_iter().reduce(merge);
        if value.is_none() && deep && has_any(s, "allOf oneOf anyOf") {
            value = Some(json!({}));
        }
        if let (Some(Value::Object(map)), Some((property, key))) = (&mut value, tag) {
            map.insert(property, Value::String(key));
        }
        Ok(value)
    }

    /// The value of the first non-null `oneOf`/`anyOf` member, with the discriminator property
    /// and value to set on it, if any.
    fn one_of(&self, s: &'a Value, depth: usize) -> Res<Option<(Value, Option<Tag>)>> {
        let members = s.get("oneOf").or_else(|| s.get("anyOf"));
        for member in members.and_then(Value::as_array).into_iter().flatten() {
            let resolved = self.deref(member)?;
            let null_enum = resolved.get("enum").and_then(Value::as_array);
            if resolved.get("type").and_then(Value::as_str) == Some("null")
                || null_enum.is_some_and(|e| !e.is_empty() && e.iter().all(Value::is_null))
            {
                continue;
            }
            let value = self.value(member, depth + 1)?;
            let discriminator = s
                .get("discriminator")
                .or_else(|| resolved.get("discriminator"));
            let tag = discriminator.and_then(|d| {
                let property = d.get("propertyName")?.as_str()?;
                let target = member.get("$ref")?.as_str()?;
                let name = target.rsplit('/').next().unwrap_or(target);
                let mapping = d.get("mapping").and_then(Value::as_object);
                let key = mapping
                    .and_then(|m| {
                        m.iter()
                            .find(|(_, v)| v.as_str().is_some_and(|v| v == target || v == name))
                    })
                    .map_or(name, |(key, _)| key.as_str());
                Some((property.to_owned(), key.to_owned()))
            });
            return Ok(Some((value, tag)));
        }
        Ok(None)
    }

    /// `minItems` copies (at least one) of the item value; distinct ones for `uniqueItems`.
    fn array(&self, s: &'a Value, depth: usize) -> Res<Value> {
        let items = s.get("items").unwrap_or(&NULL);
        let item = self.value(items, depth + 1)?;
        let min = s.get("minItems").and_then(Value::as_u64).unwrap_or(1);
        let count = min.clamp(1, MAX_LEN) as usize;
        if count == 1 || !is_true(s, "uniqueItems") {
            return Ok(Value::Array(vec![item; count]));
        }
        if let Some(values) = self.deref(items)?.get("enum").and_then(Value::as_array) {
            let mut distinct: Vec<Value> = Vec::new();
            for value in values.iter().filter(|v| !v.is_null()) {
                if distinct.len() < count && !distinct.contains(value) {
                    distinct.push(value.clone());
                }
            }
            return Ok(Value::Array(distinct));
        }
        Ok((1..=count)
            .map(|i| match &item {
                Value::String(text) => Value::String(format!("{text}-{i}")),
                other => other.clone(),
            })
            .collect())
    }

    /// The required, non-`readOnly` properties; a `key` entry when only `minProperties` asks.
    fn object(&self, s: &'a Value, depth: usize) -> Res<Value> {
        let properties = s.get("properties").and_then(Value::as_object);
        let extra = s.get("additionalProperties").filter(|a| a.is_object());
        let mut out = Map::new();
        let required = s.get("required").and_then(Value::as_array);
        for name in required.into_iter().flatten().filter_map(Value::as_str) {
            let schema = (properties.and_then(|p| p.get(name)).or(extra)).unwrap_or(&NULL);
            if !is_true(self.deref(schema)?, "readOnly") {
                out.insert(name.to_owned(), self.value(schema, depth + 1)?);
            }
        }
        let min = s.get("minProperties").and_then(Value::as_u64).unwrap_or(0);
        if out.is_empty()
            && properties.is_none()
            && min >= 1
            && s.get("additionalProperties") != Some(&Value::Bool(false))
        {
            let value = self.value(extra.unwrap_or(&NULL), depth + 1)?;
            out.insert("key".to_owned(), value);
        }
        Ok(Value::Object(out))
    }
}

/// Whether `value` has any of the space-separated `keys`.
fn has_any(value: &Value, keys: &str) -> bool {
    keys.split(' ').any(|key| value.get(key).is_some())
}

/// Whether `value[key]` is `true`.
fn is_true(value: &Value, key: &str) -> bool {
    value.get(key) == Some(&Value::Bool(true))
}

/// The `type` of a schema; the first non-"null" one of a list.
fn type_of(s: &Value) -> Option<&str> {
    match s.get("type")? {
        Value::String(ty) => Some(ty.as_str()),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|ty| *ty != "null"),
        _ => None,
    }
}

/// Whether `value` is of the basic type `ty`; any non-null value when there is none.
fn of_type(value: &Value, ty: Option<&str>) -> bool {
    match ty {
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("array") => value.is_array(),
        Some("object") => value.is_object(),
        _ => !value.is_null(),
    }
}

/// A string schema's value: by `format`, padded or truncated to `minLength`/`maxLength`.
fn string(s: &Value) -> Value {
    let text = match s.get("format").and_then(Value::as_str).unwrap_or("") {
        "date-time" => "2024-01-02T03:04:05Z",
        "date" => "2024-01-02",
        "uuid" => "6f1a4c6e-1c2b-4d3e-9f00-1234567890ab",
        "email" => "user@example.com",
        "uri" | "url" => "https://example.com/",
        "hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "Y29uZm9ybWFuY2U=",
        "int64" | "int32" => "1",
        _ if s
            .get("pattern")
            .and_then(Value::as_str)
            .is_some_and(digits_only) =>
        {
            "1"
        }
        _ => "conformance",
    };
    let mut text = text.to_owned();
    let min = s.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    for _ in (text.chars().count() as u64)..min.min(MAX_LEN) {
        text.push('x');
    }
    if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
        text = text.chars().take(max as usize).collect();
    }
    Value::String(text)
}

/// Whether a `pattern` accepts only digits (`\d+`, `^[0-9]{1,10}$`, …): ids written as text.
fn digits_only(pattern: &str) -> bool {
    let body = pattern.trim_start_matches('^').trim_end_matches('$');
    let atoms = body.replace("\\d", "").replace("[0-9]", "");
    atoms.len() < body.len()
        && atoms
            .chars()
            .all(|c| matches!(c, '+' | '*' | '{' | '}' | ',') || c.is_ascii_digit())
}

/// A numeric schema's value within its bounds, a multiple of `multipleOf`; 1 or 1.5 if free.
fn number(s: &Value, integer: bool) -> Value {
    let raw = |key: &str| s.get(key).and_then(Value::as_f64);
    let shift = |key: &str| if is_true(s, key) { 1.0 } else { 0.0 };
    let lo = raw("minimum").map(|m| m + shift("exclusiveMinimum"));
    let hi = raw("maximum").map(|m| m - shift("exclusiveMaximum"));
    let mut v = lo.unwrap_or(if integer { 1.0 } else { 1.5 });
    if integer {
        v = v.ceil();
    }
    if let Some(hi) = hi.filter(|hi| v > *hi) {
        v = match (raw("minimum"), raw("maximum")) {
            (Some(a), Some(b)) if !integer => (a + b) / 2.0,
            _ if integer => hi.floor(),
            _ => hi,
        };
    }
    if let Some(m) = raw("multipleOf").filter(|m| *m > 0.0) {
        v = (v / m).ceil() * m;
        if hi.is_some_and(|hi| v > hi) {
            v -= m;
        }
    }
    if integer {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// Objects merged key by key (the first value wins a conflict); otherwise the first value.
fn merge(first: Value, second: Value) -> Value {
    match (first, second) {
        (Value::Object(mut a), Value::Object(b)) => {
            for (key, value) in b {
                let merged = match a.remove(&key) {
                    Some(old) => merge(old, value),
                    None => value,
                };
                a.insert(key, merged);
            }
            Value::Object(a)
        }
        (first, _) => first,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spec of one `POST /x` operation whose JSON body has `schema`.
    fn spec_of(schemas: Value, schema: Value) -> Value {
        json!({"components": {"schemas": schemas}, "paths": {"/x": {"post": {
            "requestBody": {"content": {"application/json": {"schema": schema}}}}}}})
    }

    /// The body synthesised for `schema`, with `schemas` as the components.
    fn body(schemas: Value, schema: Value) -> Value {
        let args = operation_args(&spec_of(schemas, schema), "/paths/~1x/post").unwrap();
        args.args["body"].clone()
    }

    /// Asserts the body of each `[schema, expected]` pair.
    fn check(cases: Value) {
        for case in cases.as_array().unwrap() {
            assert_eq!(body(json!({}), case[0].clone()), case[1], "{}", case[0]);
        }
    }

    #[test]
    fn scalars_enum_default_formats_and_lengths() {
        check(json!([
            [{"enum": [null, "b", "c"], "default": "c"}, "b"],
            [{"type": "integer", "default": 7}, 7],
            [{"type": "string", "default": null}, "conformance"],
            [{"type": "string", "format": "date-time"}, "2024-01-02T03:04:05Z"],
            [{"type": "string", "format": "date"}, "2024-01-02"],
            [{"type": "string", "format": "uuid"}, "6f1a4c6e-1c2b-4d3e-9f00-1234567890ab"],
            [{"type": "string", "format": "email"}, "user@example.com"],
            [{"type": "string", "format": "uri"}, "https://example.com/"],
            [{"type": "string", "format": "url"}, "https://example.com/"],
            [{"type": "string", "format": "hostname"}, "example.com"],
            [{"type": "string", "format": "ipv4"}, "192.0.2.1"],
            [{"type": "string", "format": "ipv6"}, "2001:db8::1"],
            [{"type": "string", "format": "byte"}, "Y29uZm9ybWFuY2U="],
            [{"type": "string", "format": "binary"}, "conformance"],
            [{"type": "string", "format": "int64"}, "1"],
            [{"type": "string", "format": "password"}, "conformance"],
            [{"type": "string", "minLength": 14}, "conformancexxx"],
            [{"type": "string", "maxLength": 4}, "conf"],
            [{"type": "string", "pattern": "^a+$", "example": "aa"}, "aa"],
            [{"type": "string", "pattern": "^a+$", "example": 3}, "conformance"],
            [{"type": "string", "pattern": "\\d+"}, "1"],
            [{"type": "string", "pattern": "^[0-9]{1,10}$"}, "1"],
            [{"type": "string", "pattern": "^[a-z]\\d+$"}, "conformance"],
            [{"type": "string", "example": "aa"}, "conformance"],
            [{"type": "boolean", "nullable": true}, true],
            [{"type": ["null", "boolean"]}, true],
            [{"description": "any", "not": {"type": "string"}}, "conformance"],
        ]));
    }

    #[test]
    fn numbers_respect_bounds() {
        check(json!([
            [{"type": "integer"}, 1],
            [{"type": "integer", "minimum": 5}, 5],
            [{"type": "integer", "minimum": 5, "exclusiveMinimum": true}, 6],
            [{"type": "integer", "maximum": 0}, 0],
            [{"type": "integer", "maximum": 1, "exclusiveMaximum": true}, 0],
            [{"type": "integer", "minimum": 1, "multipleOf": 5}, 5],
            [{"type": "integer", "minimum": 3, "maximum": 8, "multipleOf": 4}, 4],
            [{"type": "number"}, 1.5],
            [{"type": "number", "minimum": 0}, 0.0],
            [{"type": "number", "maximum": 1}, 1.0],
            [{"type": "number", "minimum": 0, "maximum": 1,
                "exclusiveMinimum": true, "exclusiveMaximum": true}, 0.5],
            [{"type": "number", "minimum": 0.2, "multipleOf": 0.5}, 0.5],
        ]));
    }

    #[test]
    fn arrays_and_objects() {
        check(json!([
            [{"type": "array", "items": {"type": "string"}}, ["conformance"]],
            [{"items": {"type": "integer"}, "minItems": 3}, [1, 1, 1]],
            [{"type": "array", "minItems": 2, "uniqueItems": true,
                "items": {"enum": [null, "a", "a", "b", "c"]}}, ["a", "b"]],
            [{"type": "array", "minItems": 2, "uniqueItems": true, "items": {}},
                ["conformance-1", "conformance-2"]],
            [{"type": "object", "minProperties": 1, "additionalProperties": {"type": "integer"}},
                {"key": 1}],
            [{"type": "object", "additionalProperties": {"type": "integer"}}, {}],
        ]));
        let schemas = json!({"Id": {"type": "integer", "readOnly": true}});
        let schema = json!({"type": "object", "required": ["b", "c", "d", "e"], "properties": {
            "a": {"type": "string", "default": "x"}, "b": {"type": "integer"},
            "c": {"type": "string", "readOnly": true}, "d": {"$ref": "#/components/schemas/Id"},
            "e": {"properties": {"f": {"type": "string"}}}}});
        assert_eq!(body(schemas, schema), json!({"b": 1, "e": {}}));
    }

    #[test]
    fn all_of_merges_and_one_of_sets_the_discriminator() {
        let object = |x: &str| {
            json!({"type": "object", "required": ["kind", "x"],
                "properties": {"kind": {"type": "string"}, "x": {"type": x}}})
        };
        let schemas = json!({"Base": object("integer"), "Cat": object("boolean")});
        let all_of = json!({"allOf": [{"$ref": "#/components/schemas/Base"},
            {"type": "object", "required": ["n"], "properties": {"n": {"type": "string"}}}]});
        let merged = json!({"kind": "conformance", "x": 1, "n": "conformance"});
        assert_eq!(body(schemas.clone(), all_of), merged);
        let scalar = json!({"allOf": [{"description": "d"}, {"enum": ["v"]}, {"type": "integer"}]});
        assert_eq!(body(schemas.clone(), scalar), json!("v"));
        let one_of = |mapping: Value| {
            json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Cat"},
                {"$ref": "#/components/schemas/Base"}],
                "discriminator": {"propertyName": "kind", "mapping": mapping}})
        };
        let mapped = one_of(json!({"base": "Base", "cat": "#/components/schemas/Cat"}));
        assert_eq!(
            body(schemas.clone(), mapped),
            json!({"kind": "cat", "x": true})
        );
        let unmapped = one_of(json!({"base": "Base"}));
        assert_eq!(
            body(schemas.clone(), unmapped),
            json!({"kind": "Cat", "x": true})
        );
        let any_of = json!({"anyOf": [{"enum": [null]}, {"type": "integer"}]});
        assert_eq!(body(schemas, any_of), json!(1));
    }

    #[test]
    fn refs_chain_escape_and_self_reference_terminates() {
        let schemas = json!({"A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/a~1b%20c~0"},
            "a/b c~": {"type": "integer", "minimum": 3},
            "Node": {"type": "object", "required": ["v", "next"], "properties": {
                "v": {"type": "integer"}, "next": {"$ref": "#/components/schemas/Node"}}}});
        assert_eq!(
            body(schemas.clone(), json!({"$ref": "#/components/schemas/A"})),
            json!(3)
        );
        let mut node = body(schemas, json!({"$ref": "#/components/schemas/Node"}));
        let mut levels = 0;
        while node.get("v") == Some(&json!(1)) {
            node = node["next"].clone();
            levels += 1;
        }
        assert_eq!((levels, node), (MAX_DEPTH, json!({})));
    }

    #[test]
    fn bad_pointers_and_refs_are_errors() {
        let spec = spec_of(json!({}), json!({"$ref": "#/components/schemas/Nope"}));
        for pointer in [
            "",
            "/paths/~1x",
            "/paths/~1x/fetch",
            "/paths/~1y/post",
            "/paths/~1x/get",
        ] {
            let err = operation_args(&spec, pointer).unwrap_err();
            assert_eq!(err, format!("{pointer} does not name an operation"));
        }
        let err = operation_args(&spec, "/paths/~1x/post").unwrap_err();
        assert_eq!(
            err,
            "/paths/~1x/post: dangling $ref `#/components/schemas/Nope`"
        );
        let cycle = json!({"A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/A"}});
        let spec = spec_of(cycle, json!({"$ref": "#/components/schemas/A"}));
        let err = operation_args(&spec, "/paths/~1x/post").unwrap_err();
        assert_eq!(err, "/paths/~1x/post: $ref cycle");
    }

    #[test]
    fn parameters_merge_path_item_and_refs() {
        let spec = json!({"components": {
            "parameters": {"Limit": {"name": "limit", "in": "query",
                "schema": {"type": "integer", "default": 10}}},
            "schemas": {"Id": {"type": "string", "format": "uuid"}}},
          "paths": {"/o/{type}/{id}": {
            "parameters": [{"name": "type", "in": "path", "schema": {"type": "string"}},
                {"name": "id", "in": "path", "schema": {"type": "integer"}}],
            "get": {"parameters": [
                {"name": "id", "in": "path", "schema": {"$ref": "#/components/schemas/Id"}},
                {"$ref": "#/components/parameters/Limit"},
                {"name": "after", "in": "query", "schema": {"type": "string"}},
                {"name": "sort", "in": "query", "schema": {"type": "string"}, "example": "name"},
                {"name": "count", "in": "query", "required": true,
                    "schema": {"type": "integer"}, "example": "bad"},
                {"name": "authorization", "in": "header", "required": true,
                    "schema": {"type": "string"}},
                {"name": "X-Flag", "in": "header", "required": true,
                    "content": {"application/json": {"schema": {"type": "boolean"}}}},
                {"name": "X-Opt", "in": "header", "schema": {"type": "string", "default": "d"}},
                {"name": "s", "in": "cookie", "required": true, "schema": {"type": "string"},
                    "examples": {"one": {"value": "abc"}}}],
              "responses": {"200": {}, "default": {}}}},
            "/alias": {"$ref": "#/paths/~1o~1{type}~1{id}"}}});
        let args = operation_args(&spec, "/paths/~1o~1{type}~1{id}/get").unwrap();
        let expected = json!({
            "path": {"type": "conformance", "id": "6f1a4c6e-1c2b-4d3e-9f00-1234567890ab"},
            "query": {"limit": 10, "sort": "name", "count": 1},
            "header": {"X-Flag": true}, "cookie": {"s": "abc"}});
        assert_eq!((&args.args, &args.error_statuses), (&expected, &vec![500]));
        assert_eq!(operation_args(&spec, "/paths/~1alias/get"), Ok(args));
    }

    #[test]
    fn bodies_pick_json_then_form_and_error_statuses() {
        let object = json!({"type": "object", "required": ["file", "n"], "properties": {
            "file": {"type": "string", "format": "binary"}, "n": {"type": "integer"},
            "o": {"type": "string"}}});
        let spec = json!({
          "components": {"requestBodies": {"Form": {"content": {
              "application/x-www-form-urlencoded": {"schema": object},
              "text/plain": {"schema": {"type": "string"}}}}}},
          "paths": {
            "/f": {"post": {"requestBody": {"$ref": "#/components/requestBodies/Form"},
                "responses": {"404": {}, "4XX": {}, "503": {}, "200": {}, "404x": {}}}},
            "/j": {"put": {"requestBody": {"content": {"multipart/form-data": {"schema": object},
                "application/vnd.api+json": {"schema": {"type": "boolean"}, "example": false}}}}},
            "/m": {"patch": {"requestBody": {"content": {"multipart/form-data": {"schema": object},
                "text/plain": {}}}, "responses": {"default": {}, "5XX": {}}}},
            "/n": {"get": {"responses": {"200": {}, "302": {}}}}}});
        let run = |pointer: &str| operation_args(&spec, pointer).unwrap();
        let empty = json!({"path": {}, "query": {}, "header": {}, "cookie": {}});
        let with = |body: Value, content_type: &str| {
            let mut args = empty.clone();
            args["body"] = body;
            args["content_type"] = json!(content_type);
            args
        };
        let form = json!({"file": "conformance", "n": 1});
        let f = run("/paths/~1f/post");
        assert_eq!(
            f.args,
            with(form.clone(), "application/x-www-form-urlencoded")
        );
        assert_eq!(f.error_statuses, vec![400, 404, 503]);
        let j = run("/paths/~1j/put");
        assert_eq!(j.args, with(json!(true), "application/vnd.api+json"));
        assert_eq!(j.error_statuses, Vec::<u16>::new());
        let m = run("/paths/~1m/patch");
        assert_eq!(m.args, with(form, "multipart/form-data"));
        assert_eq!(m.error_statuses, vec![500]);
        let n = run("/paths/~1n/get");
        assert_eq!((n.args, n.error_statuses), (empty, vec![]));
    }
}
