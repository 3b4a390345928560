//! Names for the components the reference pass makes.

use std::collections::{HashMap, HashSet};

use super::super::escape_pointer;
use super::super::layout::{Kind, METHODS};
use super::super::tree::{segments, Node, Value};

/// Component names for hoisted targets, unique in their section (also once cased as a Rust
/// type name).
pub(super) struct Names {
    taken: HashMap<&'static str, HashSet<String>>,
}

impl Names {
    pub(super) fn new(root: &Node) -> Names {
        let mut taken: HashMap<&'static str, HashSet<String>> = HashMap::new();
        for kind in [
            Kind::Schema,
            Kind::Parameter,
            Kind::RequestBody,
            Kind::Response,
            Kind::Header,
            Kind::Example,
            Kind::Link,
            Kind::Callback,
            Kind::SecurityScheme,
        ] {
            let section = kind.section().unwrap_or_default();
            let names = taken.entry(section).or_default();
            let table = root.get("components").and_then(|c| c.get(section));
            if let Some(Node {
                value: Value::Object(members),
                ..
            }) = table
            {
                names.extend(members.keys().map(|k| folded(k)));
            }
        }
        Names { taken }
    }

    /// A new component pointer for the target at `original`.
    pub(super) fn claim(&mut self, root: &Node, kind: Kind, original: &str) -> String {
        let section = kind.section().unwrap_or_default();
        let base = name_from(root, kind, original);
        let taken = self.taken.entry(section).or_default();
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(folded(&name)) {
            name = format!("{base}{n}");
            n += 1;
        }
        format!("/components/{section}/{}", escape_pointer(&name))
    }
}

/// A name as a type name compares: letters and digits, case folded.
fn folded(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The `name` a parameter declares.
fn declared_name(root: &Node, pointer: &str) -> Option<String> {
    match &root.pointer(pointer)?.get("name")?.value {
        Value::String(name) => Some(name.clone()),
        _ => None,
    }
}

/// A component name for the target at `original`, from where it is: the operation (its
/// `operationId`, or its method and path) or the component it is inside, then the steps below
/// that say what it is (a property's name, `Item` for array items, a response's status).
fn name_from(root: &Node, kind: Kind, original: &str) -> String {
    let parts: Vec<String> = segments(original)
        .into_iter()
        .flatten()
        .map(|s| s.into_owned())
        .collect();
    match kind {
        Kind::Parameter => {
            if let Some(name) = declared_name(root, original) {
                return name;
            }
        }
        // A header is named by the key that holds it.
        Kind::Header => {
            if let Some(last) = parts.last() {
                return last.clone();
            }
        }
        _ => {}
    }
    let mut words: Vec<String> = Vec::new();
    let mut kinds = Kind::Document;
    let mut i = 0;
    while i < parts.len() {
        let part = parts[i].as_str();
        let next = kinds.child(part);
        match (kinds, part) {
            (Kind::Paths, path) => {
                let op = parts.get(i + 1).map(String::as_str);
                let id = op
                    .filter(|m| METHODS.contains(m))
                    .and_then(|m| root.get("paths")?.get(path)?.get(m)?.get("operationId"));
                match id {
                    Some(Node {
                        value: Value::String(id),
                        ..
                    }) => {
                        words.push(id.clone());
                        kinds = Kind::Operation;
                        i += 2;
                        continue;
                    }
                    _ => {
                        if let Some(m) = op {
                            words.push(m.to_owned());
                        }
                        words.extend(
                            path.split(|c: char| !c.is_ascii_alphanumeric())
                                .filter(|w| !w.is_empty())
                                .map(str::to_owned),
                        );
                    }
                }
            }
            // As `normalize` names what a 2xx response holds: `…Response`.
            (Kind::Responses, code) if code.starts_with('2') => words.push("Response".to_owned()),
            (Kind::Responses, code) => words.extend(["Response".to_owned(), code.to_owned()]),
            (Kind::Operation, "requestBody") => words.push("Request".to_owned()),
            (Kind::Schema, "items") => words.push("Item".to_owned()),
            // `AllOf_0`: a member is named apart from the schema holding it.
            (Kind::Schema, "allOf") => words.push("AllOf".to_owned()),
            (Kind::Schema, "oneOf") => words.push("OneOf".to_owned()),
            (Kind::Schema, "anyOf") => words.push("AnyOf".to_owned()),
            (Kind::SchemaList, index) => words.push(index.to_owned()),
            (Kind::Schema, "additionalProperties") => words.push("Value".to_owned()),
            // A schema's own definitions (`$defs`, JSON Schema's `definitions`): by their key,
            // then as schemas again.
            (Kind::Schema, "$defs" | "definitions") => {
                if let Some(name) = parts.get(i + 1) {
                    words.push(name.clone());
                    i += 2;
                    continue;
                }
            }
            (Kind::Map(_), name) => words.push(name.to_owned()),
            (Kind::ParameterList, index) => {
                let at: Vec<String> = parts[..=i].iter().map(|p| escape_pointer(p)).collect();
                let name = declared_name(root, &format!("/{}", at.join("/")));
                words.push(name.unwrap_or_else(|| format!("Parameter{index}")));
            }
            _ => {}
        }
        match next {
            Some(next) => kinds = next,
            None => break,
        }
        i += 1;
    }
    if words.is_empty() {
        // A place the layout does not name: its last key.
        words.extend(parts.last().cloned());
    }
    let name = words.join("_");
    if name.is_empty() {
        "Component".to_owned()
    } else {
        name
    }
}
