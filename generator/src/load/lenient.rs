//! Constructs that break the OpenAPI 3.0 schema but whose intent is plain, read as intended.
//!
//! Each one is rewritten in the tree into its valid form, with one `invalid-spec`
//! [`Diagnostic`] at the JSON pointer of the construct saying what is wrong and what was read
//! instead:
//!
//! - a server variable's `enum` or `default` given as numbers or booleans (or, in YAML, a
//!   null): their text, as written (`8080` is "8080", `1.0` is "1.0");
//! - an operation without `responses`: no responses;
//! - `info` without `title` or `version`, or no `info` at all: the missing ones empty (the
//!   generated docs then name no title or version);
//! - a document without `paths`: no paths;
//! - a parameter or header `style` its location does not allow (`form` on a header or a path
//!   parameter, `simple` on a query parameter, anything but `form` on a cookie): the location's
//!   default (`simple` for headers and paths, `form` for queries and cookies);
//! - a numeric `exclusiveMinimum` or `exclusiveMaximum` in a 3.0 document (the 3.1 form):
//!   `minimum`/`maximum` with `exclusive…: true`; beside a `minimum`/`maximum`, the stricter
//!   bound is kept;
//! - a `callbacks` entry given by `$ref` (valid OpenAPI, but `openapiv3` takes only inline
//!   callbacks there): a copy of its target (see [`callbacks`]);
//! - a YAML mapping key that YAML reads as a boolean or null (`true:`): its text (found by the
//!   reader, reported by [`scalar_keys`]).
//!
//! The pass walks only the shapes it knows (objects where the schema has objects, arrays where
//! it has arrays) and leaves anything else as it is, for the deserializer's located error.

mod callbacks;
mod keys;
mod schemes;

use serde_json::Number;

use super::child_pointer as child;
use super::tree::{insert_member as insert, Document, Member, Node, Object, Value};
use crate::diagnostic::{Diagnostic, DiagnosticKind};

pub(super) use keys::scalar_keys;
pub(super) use schemes::take_unknown_schemes;

/// The operations of a path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Rewrites each such construct in `document` into its valid form, reporting each one;
/// `version` is the document's `openapi` field, which decides the rules that depend on it.
pub(super) fn repair(
    document: &mut Document<'_>,
    version: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    callbacks::inline(document, diagnostics);
    let mut repair = Repair {
        exclusive_bounds_are_booleans: version.starts_with("3.0"),
        diagnostics,
    };
    repair.document(document.root_mut());
}

fn invalid(pointer: String, message: String) -> Diagnostic {
    Diagnostic {
        pointer,
        kind: DiagnosticKind::InvalidSpec,
        message,
    }
}

/// An object's members, unless the node is a JSON Reference (which this pass leaves alone).
fn object_mut(node: &mut Node) -> Option<&mut Object> {
    if node.reference().is_some() {
        return None;
    }
    match &mut node.value {
        Value::Object(members) => Some(members),
        _ => None,
    }
}

/// The member `key` of an object.
fn member_mut<'n>(members: &'n mut Object, key: &str) -> Option<&'n mut Node> {
    members.get_mut(key).map(|m| &mut m.value)
}

/// Calls `f` with each member of an object and its pointer.
fn each_member(node: &mut Node, pointer: &str, mut f: impl FnMut(&mut Node, &str)) {
    if let Value::Object(members) = &mut node.value {
        for (key, member) in members.iter_mut() {
            f(&mut member.value, &child(pointer, key));
        }
    }
}

/// Calls `f` with each element of an array and its pointer.
fn each_item(node: &mut Node, pointer: &str, mut f: impl FnMut(&mut Node, &str)) {
    if let Value::Array(items) = &mut node.value {
        for (i, item) in items.iter_mut().enumerate() {
            f(item, &format!("{pointer}/{i}"));
        }
    }
}

/// A number or a boolean, as written (YAML) or as JSON writes it; a YAML null as written.
fn scalar_text(node: &Node) -> Option<String> {
    let written = || node.plain.as_deref().map(str::to_owned);
    match &node.value {
        Value::Null => written(),
        Value::Bool(b) => Some(written().unwrap_or_else(|| b.to_string())),
        Value::Number(n) => Some(written().unwrap_or_else(|| n.to_string())),
        _ => None,
    }
}

fn number(node: &Node) -> Option<&Number> {
    match &node.value {
        Value::Number(n) => Some(n),
        _ => None,
    }
}

/// A node's text as written when it has any (a YAML plain scalar), else its JSON text.
fn shown(n: &Number, node: &Node) -> String {
    node.plain
        .as_deref()
        .map_or_else(|| n.to_string(), str::to_owned)
}

/// A step of the walk: what to repair in a node at a pointer.
type Walk<'d> = fn(&mut Repair<'d>, &mut Node, &str);

struct Repair<'d> {
    /// A 3.0 document: `exclusiveMinimum`/`exclusiveMaximum` are booleans.
    exclusive_bounds_are_booleans: bool,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Repair<'_> {
    fn note(&mut self, pointer: String, message: String) {
        self.diagnostics.push(invalid(pointer, message));
    }

    fn document(&mut self, root: &mut Node) {
        let start = root.start;
        let Value::Object(members) = &mut root.value else {
            return;
        };
        match member_mut(members, "info") {
            Some(info) => self.info(info),
            None => {
                let mut info = Object::new();
                insert(&mut info, start, "title", Value::String(String::new()));
                insert(&mut info, start, "version", Value::String(String::new()));
                insert(members, start, "info", Value::Object(info));
                self.note(
                    "/info".to_owned(),
                    "the document has no `info`, which OpenAPI 3.0 requires; read as an empty \
                     title and version"
                        .to_owned(),
                );
            }
        }
        if !members.contains_key("paths") {
            insert(members, start, "paths", Value::Object(Object::new()));
            self.note(
                "/paths".to_owned(),
                "the document has no `paths`, which OpenAPI 3.0 requires; read as no paths"
                    .to_owned(),
            );
        }
        if let Some(servers) = member_mut(members, "servers") {
            self.servers(servers, "/servers");
        }
        if let Some(paths) = member_mut(members, "paths") {
            each_member(paths, "/paths", |item, pointer| {
                self.path_item(item, pointer)
            });
        }
        if let Some(components) = member_mut(members, "components") {
            self.components(components);
        }
    }

    fn info(&mut self, info: &mut Node) {
        let start = info.start;
        let Some(members) = object_mut(info) else {
            return;
        };
        for field in ["title", "version"] {
            if !members.contains_key(field) {
                insert(members, start, field, Value::String(String::new()));
                self.note(
                    format!("/info/{field}"),
                    format!(
                        "`info` has no `{field}`, which OpenAPI 3.0 requires; read as an empty \
                         {field}"
                    ),
                );
            }
        }
    }

    fn components(&mut self, components: &mut Node) {
        let Some(members) = object_mut(components) else {
            return;
        };
        let sections: [(&str, Walk<'_>); 6] = [
            ("schemas", Self::schema),
            ("parameters", Self::parameter),
            ("headers", Self::header),
            ("requestBodies", Self::request_body),
            ("responses", Self::response),
            ("callbacks", Self::callback),
        ];
        for (section, repair) in sections {
            let pointer = format!("/components/{section}");
            if let Some(map) = member_mut(members, section) {
                each_member(map, &pointer, |node, pointer| repair(self, node, pointer));
            }
        }
    }

    fn servers(&mut self, servers: &mut Node, pointer: &str) {
        each_item(servers, pointer, |server, pointer| {
            let Some(variables) = object_mut(server).and_then(|s| member_mut(s, "variables"))
            else {
                return;
            };
            each_member(
                variables,
                &child(pointer, "variables"),
                |variable, pointer| self.server_variable(variable, pointer),
            );
        });
    }

    fn server_variable(&mut self, variable: &mut Node, pointer: &str) {
        let Some(members) = object_mut(variable) else {
            return;
        };
        if let Some(default) = member_mut(members, "default") {
            if let Some(text) = scalar_text(default) {
                self.note(
                    child(pointer, "default"),
                    format!(
                        "a server variable's `default` must be a string, not `{text}`; read as \
                         \"{text}\""
                    ),
                );
                *default = Node::new(Value::String(text), default.start);
            }
        }
        if let Some(Value::Array(values)) = member_mut(members, "enum").map(|e| &mut e.value) {
            let mut changed = Vec::new();
            for value in values.iter_mut() {
                if let Some(text) = scalar_text(value) {
                    changed.push(format!("\"{text}\""));
                    *value = Node::new(Value::String(text), value.start);
                }
            }
            if !changed.is_empty() {
                self.note(
                    child(pointer, "enum"),
                    format!(
                        "a server variable's `enum` must hold strings; the values that are not \
                         strings were read as {}",
                        changed.join(", ")
                    ),
                );
            }
        }
    }

    fn path_item(&mut self, item: &mut Node, pointer: &str) {
        let Some(members) = object_mut(item) else {
            return;
        };
        if let Some(servers) = member_mut(members, "servers") {
            self.servers(servers, &child(pointer, "servers"));
        }
        if let Some(parameters) = member_mut(members, "parameters") {
            each_item(parameters, &child(pointer, "parameters"), |p, pointer| {
                self.parameter(p, pointer)
            });
        }
        for method in METHODS {
            if let Some(operation) = member_mut(members, method) {
                self.operation(operation, &child(pointer, method));
            }
        }
    }

    fn operation(&mut self, operation: &mut Node, pointer: &str) {
        let start = operation.start;
        let Some(members) = object_mut(operation) else {
            return;
        };
        if !members.contains_key("responses") {
            insert(members, start, "responses", Value::Object(Object::new()));
            self.note(
                child(pointer, "responses"),
                "the operation has no `responses`, which OpenAPI 3.0 requires; read as no \
                 responses"
                    .to_owned(),
            );
        }
        if let Some(servers) = member_mut(members, "servers") {
            self.servers(servers, &child(pointer, "servers"));
        }
        if let Some(parameters) = member_mut(members, "parameters") {
            each_item(parameters, &child(pointer, "parameters"), |p, pointer| {
                self.parameter(p, pointer)
            });
        }
        if let Some(body) = member_mut(members, "requestBody") {
            self.request_body(body, &child(pointer, "requestBody"));
        }
        if let Some(responses) = member_mut(members, "responses") {
            if object_mut(responses).is_some() {
                each_member(responses, &child(pointer, "responses"), |r, pointer| {
                    self.response(r, pointer)
                });
            }
        }
        if let Some(callbacks) = member_mut(members, "callbacks") {
            each_member(callbacks, &child(pointer, "callbacks"), |c, pointer| {
                self.callback(c, pointer)
            });
        }
    }

    fn callback(&mut self, callback: &mut Node, pointer: &str) {
        if object_mut(callback).is_some() {
            each_member(callback, pointer, |item, pointer| {
                self.path_item(item, pointer)
            });
        }
    }

    fn parameter(&mut self, parameter: &mut Node, pointer: &str) {
        let Some(members) = object_mut(parameter) else {
            return;
        };
        let location = match members.get("in").map(|m| &m.value.value) {
            Some(Value::String(location)) => location.clone(),
            _ => return,
        };
        let (allowed, default): (&[&str], _) = match location.as_str() {
            "path" => (&["matrix", "label", "simple"], "simple"),
            "query" => (
                &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
                "form",
            ),
            "header" => (&["simple"], "simple"),
            "cookie" => (&["form"], "form"),
            _ => return,
        };
        let what = format!("a {location} parameter");
        self.style(members, pointer, &what, allowed, default);
        self.schema_or_content(members, pointer);
    }

    fn header(&mut self, header: &mut Node, pointer: &str) {
        let Some(members) = object_mut(header) else {
            return;
        };
        self.style(members, pointer, "a header", &["simple"], "simple");
        self.schema_or_content(members, pointer);
    }

    /// A `style` the location does not allow becomes its default.
    fn style(
        &mut self,
        members: &mut Object,
        pointer: &str,
        what: &str,
        allowed: &[&str],
        default: &str,
    ) {
        let Some(style) = member_mut(members, "style") else {
            return;
        };
        let Value::String(written) = &style.value else {
            return;
        };
        if allowed.contains(&written.as_str()) {
            return;
        }
        let allowed = allowed
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ");
        self.note(
            child(pointer, "style"),
            format!(
                "`style: {written}` is not allowed on {what} (allowed: {allowed}); read as the \
                 default, `{default}`"
            ),
        );
        *style = Node::new(Value::String(default.to_owned()), style.start);
    }

    fn schema_or_content(&mut self, members: &mut Object, pointer: &str) {
        if let Some(schema) = member_mut(members, "schema") {
            self.schema(schema, &child(pointer, "schema"));
        }
        if let Some(content) = member_mut(members, "content") {
            self.content(content, &child(pointer, "content"));
        }
    }

    fn request_body(&mut self, body: &mut Node, pointer: &str) {
        if let Some(content) = object_mut(body).and_then(|b| member_mut(b, "content")) {
            self.content(content, &child(pointer, "content"));
        }
    }

    fn response(&mut self, response: &mut Node, pointer: &str) {
        let Some(members) = object_mut(response) else {
            return;
        };
        if let Some(headers) = member_mut(members, "headers") {
            each_member(headers, &child(pointer, "headers"), |h, pointer| {
                self.header(h, pointer)
            });
        }
        if let Some(content) = member_mut(members, "content") {
            self.content(content, &child(pointer, "content"));
        }
    }

    fn content(&mut self, content: &mut Node, pointer: &str) {
        each_member(content, pointer, |media, pointer| {
            let Some(members) = object_mut(media) else {
                return;
            };
            if let Some(schema) = member_mut(members, "schema") {
                self.schema(schema, &child(pointer, "schema"));
            }
            if let Some(encoding) = member_mut(members, "encoding") {
                each_member(encoding, &child(pointer, "encoding"), |e, pointer| {
                    let Some(headers) = object_mut(e).and_then(|e| member_mut(e, "headers")) else {
                        return;
                    };
                    each_member(headers, &child(pointer, "headers"), |h, pointer| {
                        self.header(h, pointer)
                    });
                });
            }
        });
    }

    fn schema(&mut self, schema: &mut Node, pointer: &str) {
        let Some(members) = object_mut(schema) else {
            return;
        };
        if self.exclusive_bounds_are_booleans {
            self.exclusive_bound(members, pointer, "exclusiveMinimum", "minimum");
            self.exclusive_bound(members, pointer, "exclusiveMaximum", "maximum");
        }
        for single in ["items", "additionalProperties", "not"] {
            if let Some(sub) = member_mut(members, single) {
                self.schema(sub, &child(pointer, single));
            }
        }
        if let Some(properties) = member_mut(members, "properties") {
            each_member(properties, &child(pointer, "properties"), |s, pointer| {
                self.schema(s, pointer)
            });
        }
        for list in ["allOf", "anyOf", "oneOf"] {
            if let Some(subs) = member_mut(members, list) {
                each_item(subs, &child(pointer, list), |s, pointer| {
                    self.schema(s, pointer)
                });
            }
        }
    }

    /// A numeric `exclusiveMinimum` (`exclusive`), as 3.1 writes it, read as 3.0's form
    /// ([`exclusive_bound`]), with a diagnostic saying so.
    fn exclusive_bound(
        &mut self,
        members: &mut Object,
        pointer: &str,
        exclusive: &str,
        bound: &str,
    ) {
        let Some(read) = exclusive_bound(members, exclusive, bound) else {
            return;
        };
        let limit = read.limit;
        let mut message = format!(
            "`{exclusive}: {limit}` is a number, as OpenAPI 3.1 writes it; in 3.0 it is a \
             boolean beside `{bound}`"
        );
        match read.inclusive {
            None => message.push_str(&format!("; read as `{bound}: {limit}, {exclusive}: true`")),
            Some((inclusive, true)) => message.push_str(&format!(
                ", and `{bound}: {inclusive}` is also given; the stricter bound was \
                 kept: `{bound}: {limit}, {exclusive}: true`"
            )),
            Some((inclusive, false)) => message.push_str(&format!(
                ", and `{bound}: {inclusive}` is also given; the stricter bound was \
                 kept: `{bound}: {inclusive}`, not exclusive"
            )),
        }
        self.note(child(pointer, exclusive), message);
    }
}

/// How [`exclusive_bound`] read a numeric exclusive bound.
pub(super) struct ExclusiveBound {
    /// The exclusive limit, as written.
    limit: String,
    /// The inclusive bound given beside it, as written, and whether the exclusive one was the
    /// stricter (and replaced it).
    inclusive: Option<(String, bool)>,
}

/// A numeric `exclusiveMinimum` (`exclusive`), as 3.1 writes it, becomes 3.0's `minimum`
/// (`bound`) with `exclusiveMinimum: true`; beside a numeric `minimum`, the stricter of the two
/// is kept. `None` when there is nothing of the kind (or the bound beside it is no number).
pub(super) fn exclusive_bound(
    members: &mut Object,
    exclusive: &str,
    bound: &str,
) -> Option<ExclusiveBound> {
    let member = members.get(exclusive)?;
    let limit = number(&member.value)?;
    let (key_start, start) = (member.key_start, member.value.start);
    let limit_text = shown(limit, &member.value);
    let limit = limit.clone();
    let inclusive = match members.get(bound).map(|m| &m.value) {
        None => {
            let node = Node::new(Value::Number(limit), start);
            members.insert(
                bound.to_owned(),
                Member {
                    key_start,
                    value: node,
                },
            );
            set_bool(members, exclusive, true);
            None
        }
        Some(other) => {
            let inclusive = number(other)?;
            let inclusive_text = shown(inclusive, other);
            let (l, i) = (
                limit.as_f64().unwrap_or(f64::NAN),
                inclusive.as_f64().unwrap_or(f64::NAN),
            );
            // `x > l` is stricter than `x >= i` when `l >= i` (for a minimum).
            let exclusive_wins = if bound == "minimum" { l >= i } else { l <= i };
            if exclusive_wins {
                if let Some(node) = member_mut(members, bound) {
                    *node = Node::new(Value::Number(limit), node.start);
                }
            }
            set_bool(members, exclusive, exclusive_wins);
            Some((inclusive_text, exclusive_wins))
        }
    };
    Some(ExclusiveBound {
        limit: limit_text,
        inclusive,
    })
}

/// Replaces the value of an existing member with a boolean.
fn set_bool(members: &mut Object, key: &str, value: bool) {
    if let Some(node) = member_mut(members, key) {
        *node = Node::new(Value::Bool(value), node.start);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{read_document, Format};

    #[test]
    fn numeric_exclusive_bounds_are_left_alone_outside_3_0() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: integer, exclusiveMinimum: 0}\n";
        for (version, repaired) in [("3.1.0", false), ("3.0.3", true)] {
            let mut document = read_document(text, Format::Yaml, Path::new("v.yaml")).unwrap();
            let mut diagnostics = Vec::new();
            super::repair(&mut document, version, &mut diagnostics);
            let bound = document
                .get("/components/schemas/A/exclusiveMinimum")
                .unwrap();
            assert_eq!(
                matches!(bound.value, super::Value::Bool(true)),
                repaired,
                "{version}"
            );
            assert_eq!(
                diagnostics.len(),
                usize::from(repaired),
                "{version}: {diagnostics:?}"
            );
        }
    }
}
