//! OpenAPI 3.1 read as 3.0: a pass over the raw tree of a 3.1 document that rewrites each
//! construct 3.1 adds into the 3.0 form `openapiv3` types and `normalize` reads, so that the
//! steps after `load` have one input model. What the 3.0 model has no place for is carried
//! beside it in [`Extras`].
//!
//! Rendered faithfully (no diagnostic):
//!
//! - `type: [T, "null"]` → `type: T, nullable: true`; several non-null types → an `anyOf` of
//!   one schema per type; `type: "null"` alone → `nullable: true` (any value or null);
//! - an `anyOf`/`oneOf` member that only allows null (`type: "null"`, `const: null`,
//!   `enum: [null]`) → left out, the schema `nullable`; one member left → merged into the
//!   schema when it is inline and shares no keyword with it, else `allOf: [it]`, which
//!   `normalize` reads as that member, nullable;
//! - `null` in an `enum` → left out, the schema `nullable`;
//! - `const: v` → `enum: [v]` (so tag inference reads it as a one-value enum); an `enum` or
//!   `const` without a `type` has the type its values share;
//! - `$ref` beside other keywords → `allOf: [{$ref}]` beside them (annotations of the
//!   reference: `description`, `deprecated`, …; a `summary` becomes the `description` when there
//!   is none);
//! - `examples: [a, …]` → `example: a` when there is no `example`;
//! - a numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum` with
//!   `exclusive…: true` (beside a `minimum`/`maximum`, the stricter bound), shown in the docs;
//! - `contentEncoding: base64` → `format: byte`, text on the wire as 3.0 writes bytes;
//!   `contentMediaType` without an encoding → `format: binary` (raw bytes, a file part);
//! - `prefixItems` (with `items: false` or no `items`) → `items: {anyOf: [the items]}`, with
//!   [`TUPLE`] on the schema: `normalize` makes a tuple of them;
//! - boolean schemas: `true` → `{}` (any JSON); `items: false` after `prefixItems` is the
//!   tuple's end;
//! - `$defs` are read as schemas (references into them are followed by the reference pass);
//! - `webhooks`: each payload written inline becomes a component named after its webhook
//!   (`newPet` → `newPetWebhookPayload`), so it gets a type; the list is in [`Extras`];
//! - `components.pathItems`: read as path items (a path that references one gets a copy);
//! - a document without `paths` has none (3.1 allows it);
//! - `info.summary` and `license.identifier`: in [`Extras`].
//!
//! Read with a located `unsupported-schema` diagnostic and a fallback: `patternProperties`
//! (the matching properties are kept as JSON in `additionalProperties`), `dependentRequired`,
//! `dependentSchemas`, `unevaluatedProperties`, `unevaluatedItems` and `if`/`then`/`else` (not
//! checked: the schema is read without them), `prefixItems` followed by more `items` (a list of
//! those items), the schema `false` elsewhere (any JSON), and a `jsonSchemaDialect` other than
//! OpenAPI's (read as OpenAPI's).
//!

use super::child_pointer as child;
use super::layout::Kind;
use super::lenient::exclusive_bound;
use super::tree::{follow_reference, insert_member as insert, Member, Node, Object, Value};
use crate::diagnostic::{Diagnostic, DiagnosticKind};

/// The extension marking a schema made from `prefixItems`: its `items.anyOf` are the tuple's
/// items, in order.
pub const TUPLE: &str = "x-openapi31-prefix-items";

/// OpenAPI 3.1's default dialect for schemas.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// What a 3.1 document says that the 3.0 model has no place for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extras {
    /// `info.summary`.
    pub summary: Option<String>,
    /// `info.license.identifier`: an SPDX expression.
    pub license: Option<String>,
    /// The `webhooks`, in the order written.
    pub webhooks: Vec<Webhook>,
}

/// One operation of a webhook: a request the API sends.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    /// The webhook's name (its key in `webhooks`).
    pub name: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The component schema of the payload, when it has a JSON one.
    pub payload: Option<String>,
}

/// Rewrites a 3.1 document in place; returns what is carried beside it, and each component it
/// made with the pointer it was written at (for the reference pass's origins).
pub(super) fn translate(
    root: &mut Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Extras, Vec<(String, String)>) {
    let mut pass = Pass { diagnostics };
    let mut extras = Extras::default();
    let start = root.start;
    let Value::Object(members) = &mut root.value else {
        return (extras, Vec::new());
    };
    if let Some(info) = members.get("info").map(|m| &m.value) {
        extras.summary = text(info.get("summary"));
        extras.license = text(info.get("license").and_then(|l| l.get("identifier")));
    }
    if let Some(dialect) = members.shift_remove("jsonSchemaDialect") {
        if text(Some(&dialect.value)).as_deref() != Some(DEFAULT_DIALECT) {
            pass.unsupported(
                "/jsonSchemaDialect".to_owned(),
                "a `jsonSchemaDialect` other than OpenAPI's; schemas are read in OpenAPI's dialect",
            );
        }
    }
    if !members.contains_key("paths") {
        insert(members, start, "paths", Value::Object(Object::new()));
    }
    for (key, member) in members.iter_mut() {
        let pointer = child("", key);
        match key.as_str() {
            "webhooks" => pass.map_of(&mut member.value, Kind::PathItem, &pointer),
            _ => {
                if let Some(kind) = Kind::Document.child(key) {
                    pass.walk(&mut member.value, kind, &pointer);
                }
            }
        }
    }
    inline_path_items(members);
    let made = match members.shift_remove("webhooks") {
        Some(webhooks) => hoist_payloads(root, webhooks.value, &mut extras),
        None => Vec::new(),
    };
    (extras, made)
}

struct Pass<'d> {
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Pass<'_> {
    fn unsupported(&mut self, pointer: String, message: &str) {
        self.diagnostics.push(Diagnostic {
            pointer,
            kind: DiagnosticKind::UnsupportedSchema,
            message: message.to_owned(),
        });
    }

    /// Each member of an object, as an object of `kind`.
    fn map_of(&mut self, node: &mut Node, kind: Kind, pointer: &str) {
        if let Value::Object(members) = &mut node.value {
            for (key, member) in members.iter_mut() {
                self.walk(&mut member.value, kind, &child(pointer, key));
            }
        }
    }

    /// An object of `kind`, and everything below it.
    fn walk(&mut self, node: &mut Node, kind: Kind, pointer: &str) {
        if kind == Kind::Schema {
            self.schema(node, pointer);
        }
        match &mut node.value {
            Value::Object(members) => {
                for (key, member) in members.iter_mut() {
                    let at = child(pointer, key);
                    match (kind, key.as_str()) {
                        (Kind::Components, "pathItems") => {
                            self.map_of(&mut member.value, Kind::PathItem, &at)
                        }
                        (Kind::Schema, "$defs" | "definitions") => {
                            self.map_of(&mut member.value, Kind::Schema, &at)
                        }
                        _ => {
                            if let Some(next) = kind.child(key) {
                                self.walk(&mut member.value, next, &at);
                            }
                        }
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    if let Some(next) = kind.child(&i.to_string()) {
                        self.walk(item, next, &format!("{pointer}/{i}"));
                    }
                }
            }
            _ => {}
        }
    }

    /// Rewrites one schema's own keywords (its subschemas are walked after).
    fn schema(&mut self, node: &mut Node, pointer: &str) {
        let start = node.start;
        // `additionalProperties` is a boolean in 3.0 too.
        if pointer.ends_with("/additionalProperties") && matches!(node.value, Value::Bool(_)) {
            return;
        }
        match node.value {
            Value::Bool(true) => node.value = Value::Object(Object::new()),
            Value::Bool(false) => {
                self.unsupported(
                    pointer.to_owned(),
                    "the schema `false` allows no value, which no Rust type says; read as any JSON",
                );
                node.value = Value::Object(Object::new());
            }
            _ => {}
        }
        let Value::Object(members) = &mut node.value else {
            return;
        };
        self.unsupported_keywords(members, start, pointer);
        reference_with_siblings(members, start);
        let mut nullable = false;
        if let Some(value) = members.shift_remove("const") {
            members.insert("enum".to_owned(), array_of(value));
        }
        if let Some(Member {
            value:
                Node {
                    value: Value::Array(values),
                    ..
                },
            ..
        }) = members.get_mut("enum")
        {
            let before = values.len();
            values.retain(|v| !matches!(v.value, Value::Null));
            nullable |= values.len() < before;
            if values.is_empty() {
                members.shift_remove("enum");
            }
        }
        value_type(members, start);
        nullable |= type_array(members, start);
        for keyword in ["anyOf", "oneOf"] {
            nullable |= null_members(members, keyword);
        }
        if nullable {
            insert(members, start, "nullable", Value::Bool(true));
        }
        if let Some(examples) = members.shift_remove("examples") {
            if let (false, Value::Array(mut values)) =
                (members.contains_key("example"), examples.value.value)
            {
                if !values.is_empty() {
                    insert(members, start, "example", values.swap_remove(0).value);
                }
            }
        }
        content_encoding(members, start);
        // Read as 3.0 writes them; no diagnostic: 3.1 writes them so.
        exclusive_bound(members, "exclusiveMinimum", "minimum");
        exclusive_bound(members, "exclusiveMaximum", "maximum");
        self.prefix_items(members, start, pointer);
    }

    /// Keywords with no Rust rendering: reported, and read without them.
    fn unsupported_keywords(&mut self, members: &mut Object, start: usize, pointer: &str) {
        if members.shift_remove("patternProperties").is_some() {
            // Whatever `additionalProperties` said, the properties matching a pattern are
            // allowed: any JSON, kept beside the declared ones.
            insert(
                members,
                start,
                "additionalProperties",
                Value::Object(Object::new()),
            );
            self.unsupported(
                child(pointer, "patternProperties"),
                "`patternProperties` has no Rust rendering; properties matching a pattern (and any other undeclared one) are kept as JSON among the additional properties",
            );
        }
        for (keyword, why) in [
            (
                "dependentRequired",
                "which properties require others is not checked",
            ),
            (
                "dependentSchemas",
                "schemas that depend on a property are not applied",
            ),
            (
                "unevaluatedProperties",
                "properties no other keyword evaluates are not checked",
            ),
            (
                "unevaluatedItems",
                "items no other keyword evaluates are not checked",
            ),
            (
                "if",
                "a conditional schema (`if`/`then`/`else`) is not applied",
            ),
        ] {
            if members.shift_remove(keyword).is_some() {
                self.unsupported(
                    child(pointer, keyword),
                    &format!(
                        "`{keyword}` has no Rust rendering: {why}; the schema is read without it"
                    ),
                );
            }
        }
        members.shift_remove("then");
        members.shift_remove("else");
    }

    /// `prefixItems` → a tuple marked with [`TUPLE`]; followed by more items, a list of those.
    fn prefix_items(&mut self, members: &mut Object, start: usize, pointer: &str) {
        let Some(prefix) = members.shift_remove("prefixItems") else {
            return;
        };
        let open = match members.get("items").map(|m| &m.value.value) {
            None | Some(Value::Bool(false)) => false,
            Some(_) => true,
        };
        if open {
            self.unsupported(
                child(pointer, "prefixItems"),
                "`prefixItems` followed by more `items` has no Rust rendering; read as a list of `items`",
            );
            return;
        }
        let Value::Array(items) = prefix.value.value else {
            return;
        };
        let count = items.len();
        let mut list = Object::new();
        insert(&mut list, start, "anyOf", Value::Array(items));
        members.shift_remove("items");
        insert(members, start, "type", Value::String("array".to_owned()));
        insert(members, start, "items", Value::Object(list));
        insert(
            members,
            start,
            TUPLE,
            Value::Number(serde_json::Number::from(count)),
        );
        for (key, n) in [("minItems", count), ("maxItems", count)] {
            insert(
                members,
                start,
                key,
                Value::Number(serde_json::Number::from(n)),
            );
        }
    }
}

/// A path item (under `paths` or `webhooks`) that references one of `components.pathItems`
/// becomes a copy of it (3.0 has no component for path items); the section is then dropped.
fn inline_path_items(members: &mut Object) {
    let Some(items) = members
        .get_mut("components")
        .and_then(|c| match &mut c.value.value {
            Value::Object(components) => components.shift_remove("pathItems"),
            _ => None,
        })
    else {
        return;
    };
    let Value::Object(items) = items.value.value else {
        return;
    };
    for section in ["paths", "webhooks"] {
        let Some(Value::Object(entries)) = members.get_mut(section).map(|m| &mut m.value.value)
        else {
            continue;
        };
        for entry in entries.values_mut() {
            // A chain of path items by reference ends within as many steps as there are items.
            for _ in 0..=items.len() {
                let target = entry
                    .value
                    .reference()
                    .and_then(|r| r.strip_prefix("#/components/pathItems/"))
                    .map(|name| super::tree::unescape(name).into_owned())
                    .and_then(|name| items.get(&name));
                match target {
                    Some(target) => entry.value = target.value.clone(),
                    None => break,
                }
            }
        }
    }
}

/// `$ref` beside other keywords: the reference moves into an `allOf` of its own.
fn reference_with_siblings(members: &mut Object, start: usize) {
    if !members.contains_key("$ref") || members.len() == 1 {
        return;
    }
    let Some(reference) = members.shift_remove("$ref") else {
        return;
    };
    if let Some(summary) = members.shift_remove("summary") {
        if !members.contains_key("description") {
            members.insert("description".to_owned(), summary);
        }
    }
    let mut target = Object::new();
    target.insert("$ref".to_owned(), reference);
    let target = Node::new(Value::Object(target), start);
    match members.get_mut("allOf").map(|m| &mut m.value.value) {
        Some(Value::Array(list)) => list.insert(0, target),
        _ => insert(members, start, "allOf", Value::Array(vec![target])),
    }
}

/// An `enum` (or a `const`, now one) without a `type` has the type of its values when they
/// share one: `{const: cat}` is a string.
fn value_type(members: &mut Object, start: usize) {
    if members.contains_key("type") {
        return;
    }
    let Some(Value::Array(values)) = members.get("enum").map(|m| &m.value.value) else {
        return;
    };
    let type_of = |v: &Node| match &v.value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    };
    let mut types = values.iter().map(type_of);
    let Some(Some(first)) = types.next() else {
        return;
    };
    if types.all(|t| t == Some(first)) {
        insert(members, start, "type", Value::String(first.to_owned()));
    }
}

/// `type: [T, "null"]`: the types other than null; whether null was one of them.
fn type_array(members: &mut Object, start: usize) -> bool {
    let nullable = match members.get_mut("type").map(|m| &mut m.value.value) {
        Some(Value::Array(types)) => {
            let before = types.len();
            types.retain(|t| !matches!(&t.value, Value::String(s) if s == "null"));
            let nullable = types.len() < before;
            match types.len() {
                0 => {
                    members.shift_remove("type");
                }
                1 => {
                    // The type keeps its place in the text, for errors about it.
                    let only = types.remove(0);
                    if let Some(member) = members.get_mut("type") {
                        member.value = only;
                    }
                }
                _ => {
                    let one_each = types
                        .drain(..)
                        .map(|t| {
                            let mut schema = Object::new();
                            insert(&mut schema, start, "type", t.value);
                            Node::new(Value::Object(schema), start)
                        })
                        .collect();
                    members.shift_remove("type");
                    insert(members, start, "anyOf", Value::Array(one_each));
                }
            }
            nullable
        }
        Some(Value::String(t)) if t == "null" => {
            members.shift_remove("type");
            true
        }
        _ => false,
    };
    nullable
}

/// Members of an `anyOf`/`oneOf` that only allow null are left out; one member left becomes an
/// `allOf` of it. Whether any was left out.
fn null_members(members: &mut Object, keyword: &str) -> bool {
    let Some(Value::Array(list)) = members.get_mut(keyword).map(|m| &mut m.value.value) else {
        return false;
    };
    let before = list.len();
    list.retain(|member| !only_null(member));
    let left = list.len();
    if left == before {
        return false;
    }
    if left == 1 {
        let Some(mut rest) = members.shift_remove(keyword) else {
            return true;
        };
        // An inline member whose keywords the schema does not have is merged into it (so that
        // `{type: string, format: binary}` stays a file); otherwise it is an `allOf` of one.
        if let Value::Array(list) = &mut rest.value.value {
            let mergeable = match list.first().map(|m| &m.value) {
                Some(Value::Object(only)) => {
                    !only.contains_key("$ref") && only.keys().all(|k| !members.contains_key(k))
                }
                _ => false,
            };
            if mergeable {
                if let Some(Node {
                    value: Value::Object(only),
                    ..
                }) = list.pop()
                {
                    members.extend(only);
                    return true;
                }
            }
        }
        match members.get_mut("allOf").map(|m| &mut m.value.value) {
            Some(Value::Array(all_of)) => {
                if let Value::Array(list) = rest.value.value {
                    all_of.extend(list);
                }
            }
            _ => {
                members.insert("allOf".to_owned(), rest);
            }
        }
    } else if left == 0 {
        members.shift_remove(keyword);
    }
    true
}

/// A schema that only allows null: `type: "null"` (or `["null"]`), `const: null`,
/// `enum: [null]`.
fn only_null(node: &Node) -> bool {
    let Value::Object(members) = &node.value else {
        return false;
    };
    let get = |key: &str| members.get(key).map(|m| &m.value.value);
    let all_null = |values: &[Node], null: &dyn Fn(&Value) -> bool| {
        !values.is_empty() && values.iter().all(|v| null(&v.value))
    };
    let null_type = |v: &Value| matches!(v, Value::String(t) if t == "null");
    match get("type") {
        Some(Value::String(t)) if t == "null" => return true,
        Some(Value::Array(types)) if all_null(types, &null_type) => return true,
        _ => {}
    }
    matches!(get("const"), Some(Value::Null))
        || matches!(get("enum"), Some(Value::Array(values)) if all_null(values, &|v| matches!(v, Value::Null)))
}

/// `contentEncoding: base64` → `format: byte`; `contentMediaType` alone → `format: binary`.
fn content_encoding(members: &mut Object, start: usize) {
    let encoding = members.shift_remove("contentEncoding");
    let media_type = members.shift_remove("contentMediaType");
    if members.contains_key("format") {
        return;
    }
    let format = match (encoding.as_ref().map(|m| &m.value.value), media_type) {
        (Some(Value::String(e)), _) if e.eq_ignore_ascii_case("base64") => "byte",
        (None, Some(_)) => "binary",
        _ => return,
    };
    insert(members, start, "format", Value::String(format.to_owned()));
}

/// Each webhook payload written inline becomes a component schema; the webhooks are listed.
fn hoist_payloads(root: &mut Node, webhooks: Node, extras: &mut Extras) -> Vec<(String, String)> {
    let mut made = Vec::new();
    let Value::Object(hooks) = webhooks.value else {
        return made;
    };
    let start = webhooks.start;
    for (name, item) in hooks {
        let item = followed(root, item.value);
        let Value::Object(methods) = item.value else {
            continue;
        };
        for (method, operation) in methods {
            if !super::layout::METHODS.contains(&method.as_str()) {
                continue;
            }
            let Value::Object(mut operation) = operation.value.value else {
                continue;
            };
            let body = operation
                .shift_remove("requestBody")
                .map(|body| followed(root, body.value));
            let payload = match body.and_then(json_schema) {
                Some((media_type, schema)) => match schema.reference() {
                    Some(reference) => reference
                        .strip_prefix("#/components/schemas/")
                        .map(|n| super::tree::unescape(n).into_owned()),
                    None => {
                        let Value::Object(members) = &mut root.value else {
                            continue;
                        };
                        let component = unique_schema_name(
                            members,
                            &format!("{name}{}WebhookPayload", capitalized(&method)),
                            start,
                        );
                        let written = child(
                            &child(
                                &format!(
                                    "{}/requestBody/content",
                                    child(&child("/webhooks", &name), &method)
                                ),
                                &media_type,
                            ),
                            "schema",
                        );
                        made.push((child("/components/schemas", &component), written));
                        if let Some(schemas) = schemas_mut(members, start) {
                            schemas.insert(
                                component.clone(),
                                Member {
                                    key_start: schema.start,
                                    value: schema,
                                },
                            );
                        }
                        Some(component)
                    }
                },
                None => None,
            };
            extras.webhooks.push(Webhook {
                name: name.clone(),
                method: method.to_ascii_uppercase(),
                payload,
            });
        }
    }
    made
}

/// A copy of what a local `$ref` leads to (references to references followed); any other node,
/// or a reference that leads nowhere, as it is.
fn followed(root: &Node, node: Node) -> Node {
    match node.reference().map(|r| follow_reference(root, r)) {
        Some(Ok((_, target))) => target.clone(),
        _ => node,
    }
}

/// The media type and schema of a request body's JSON content.
fn json_schema(body: Node) -> Option<(String, Node)> {
    let Value::Object(mut body) = body.value else {
        return None;
    };
    let Value::Object(content) = body.shift_remove("content")?.value.value else {
        return None;
    };
    let (media_type, media) = content
        .into_iter()
        .find(|(media_type, _)| media_type.contains("json"))?;
    let Value::Object(mut media) = media.value.value else {
        return None;
    };
    media.shift_remove("schema").map(|m| (media_type, m.value))
}

/// `components.schemas`, made when missing.
fn schemas_mut(members: &mut Object, start: usize) -> Option<&mut Object> {
    if !members.contains_key("components") {
        insert(members, start, "components", Value::Object(Object::new()));
    }
    let Value::Object(components) = &mut members.get_mut("components")?.value.value else {
        return None;
    };
    if !components.contains_key("schemas") {
        insert(components, start, "schemas", Value::Object(Object::new()));
    }
    match &mut components.get_mut("schemas")?.value.value {
        Value::Object(schemas) => Some(schemas),
        _ => None,
    }
}

/// `wanted`, or `wanted` with a number, whichever no component schema has yet.
fn unique_schema_name(members: &mut Object, wanted: &str, start: usize) -> String {
    let taken = |name: &str, members: &mut Object| {
        schemas_mut(members, start).is_some_and(|s| s.contains_key(name))
    };
    if !taken(wanted, members) {
        return wanted.to_owned();
    }
    (2..)
        .map(|n| format!("{wanted}{n}"))
        .find(|name| !taken(name, members))
        .unwrap_or_else(|| wanted.to_owned())
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn text(node: Option<&Node>) -> Option<String> {
    match &node?.value {
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn array_of(member: Member) -> Member {
    let start = member.value.start;
    Member {
        key_start: member.key_start,
        value: Node::new(Value::Array(vec![member.value]), start),
    }
}
