//! Which node an `openapiv3` error is about.
//!
//! `serde_path_to_error` follows serde down to the first type that buffers its input: every
//! untagged or internally tagged enum (`ReferenceOr`, `Parameter`, `SecurityScheme`) and every
//! flattened field (the path and response maps, all of a schema). Below that the path is lost,
//! so an error deep in a path item is reported at `/paths`. Starting from where serde stopped,
//! this module reads the subtree again as the type that stands there (known from the pointer's
//! shape: [`Kind`]) and follows the path that reading gives. Inside a type that buffers all of
//! its input (a schema), it finds the member to blame: the one whose removal makes the node
//! read (a variant-selecting key such as `type` last), else the one whose value the message
//! names, else a member that does not read on its own. Only an error takes this path; loading a
//! valid spec never comes here.

use indexmap::IndexMap;
use openapiv3 as oa;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::de::NodeDeserializer;
use super::tree::{segments, Node, Value};
use super::{child_pointer as join, pointer_of};

/// The deepest pointer an error at `pointer` (from deserializing the whole document) is about,
/// and the message to give there.
pub(super) fn deepest(root: &Node, pointer: &str, message: String) -> (String, String) {
    let mut node = root;
    let mut kind = Some(Kind::OpenApi);
    for segment in segments(pointer).into_iter().flatten() {
        match node.child(&segment) {
            Some(child) => {
                kind = kind.and_then(|k| k.child(&segment));
                node = child;
            }
            None => return (pointer.to_owned(), message),
        }
    }
    kind.and_then(|kind| diagnose(kind, node, pointer))
        .unwrap_or((pointer.to_owned(), message))
}

/// What an OpenAPI 3.0 node is, from where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    OpenApi,
    Components,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    MediaType,
    Encoding,
    Header,
    Example,
    Link,
    Callback,
    SecurityScheme,
    Schema,
    /// A boolean or a schema.
    AdditionalProperties,
    /// A map from names to the kind.
    Map(&'static Kind),
    /// A list of the kind.
    List(&'static Kind),
}

impl Kind {
    /// The kind of the member or element `key`, if it is one this module knows.
    fn child(self, key: &str) -> Option<Kind> {
        use Kind::*;
        Some(match (self, key) {
            (OpenApi, "paths") => Paths,
            (OpenApi, "components") => Components,
            (Components, "schemas") => Map(&Schema),
            (Components, "responses") => Map(&Response),
            (Components, "parameters") => Map(&Parameter),
            (Components, "examples") => Map(&Example),
            (Components, "requestBodies") => Map(&RequestBody),
            (Components, "headers") => Map(&Header),
            (Components, "securitySchemes") => Map(&SecurityScheme),
            (Components, "links") => Map(&Link),
            (Components, "callbacks") => Map(&Callback),
            (Paths, path) if path.starts_with('/') => PathItem,
            (PathItem, "get" | "put" | "post" | "delete" | "options" | "head" | "patch")
            | (PathItem, "trace") => Operation,
            (PathItem | Operation, "parameters") => List(&Parameter),
            (Operation, "requestBody") => RequestBody,
            (Operation, "responses") => Responses,
            (Operation, "callbacks") => Map(&Callback),
            (Responses, code)
                if code == "default" || (code.len() == 3 && !code.starts_with("x-")) =>
            {
                Response
            }
            (Response, "headers") | (Encoding, "headers") => Map(&Header),
            (Response | RequestBody | Parameter | Header, "content") => Map(&MediaType),
            (Response, "links") => Map(&Link),
            (MediaType | Parameter | Header, "schema") => Schema,
            (MediaType | Parameter | Header, "examples") => Map(&Example),
            (MediaType, "encoding") => Map(&Encoding),
            (Callback, _) => PathItem,
            (Schema, "properties") => Map(&Schema),
            (Schema, "items" | "not") => Schema,
            (Schema, "allOf" | "oneOf" | "anyOf") => List(&Schema),
            (Schema, "additionalProperties") => AdditionalProperties,
            (Map(item) | List(item), _) => *item,
            _ => return None,
        })
    }

    /// Whether a `$ref` object may stand in its place (openapiv3's `ReferenceOr`).
    fn may_be_reference(self) -> bool {
        use Kind::*;
        matches!(
            self,
            PathItem
                | Parameter
                | RequestBody
                | Response
                | Header
                | Example
                | Link
                | Callback
                | SecurityScheme
                | Schema
        )
    }

    /// Whether the node is a map of nodes of one kind (so its members are checked one by one).
    fn is_map(self) -> bool {
        matches!(
            self,
            Kind::Map(_) | Kind::Paths | Kind::Responses | Kind::Callback
        )
    }

    /// Whether `key` chooses which variant the other members must fit: blamed last.
    fn selects_variant(self, key: &str) -> bool {
        matches!(
            (self, key),
            (Kind::Schema | Kind::SecurityScheme, "type") | (Kind::Parameter, "in")
        )
    }
}

/// Where, relative to the node checked, reading it failed, and why.
struct Failure {
    pointer: String,
    message: String,
}

/// Whether `node` (less the member `without`) reads as `kind`.
fn check(kind: Kind, node: &Node, without: Option<&str>) -> Result<(), Failure> {
    let de = match without {
        Some(key) => node.deserializer_without(key),
        None => node.deserializer(),
    };
    let reference = match without {
        Some("$ref") => None,
        _ if kind.may_be_reference() => node.get("$ref"),
        _ => None,
    };
    if let Some(Value::String(_)) = reference.map(|r| &r.value) {
        return Ok(());
    }
    let result = match kind {
        Kind::OpenApi => read::<oa::OpenAPI>(de),
        Kind::Components => read::<oa::Components>(de),
        Kind::Paths => read::<oa::Paths>(de),
        Kind::PathItem => read::<oa::PathItem>(de),
        Kind::Operation => read::<oa::Operation>(de),
        Kind::Parameter => read::<oa::Parameter>(de),
        Kind::RequestBody => read::<oa::RequestBody>(de),
        Kind::Responses => read::<oa::Responses>(de),
        Kind::Response => read::<oa::Response>(de),
        Kind::MediaType => read::<oa::MediaType>(de),
        Kind::Encoding => read::<oa::Encoding>(de),
        Kind::Header => read::<oa::Header>(de),
        Kind::Example => read::<oa::Example>(de),
        Kind::Link => read::<oa::Link>(de),
        Kind::Callback => read::<oa::Callback>(de),
        Kind::SecurityScheme => read::<oa::SecurityScheme>(de),
        Kind::Schema => read::<oa::Schema>(de),
        Kind::AdditionalProperties => match node.value {
            Value::Bool(_) => Ok(()),
            Value::Object(_) => check(Kind::Schema, node, without),
            _ => Err(Failure {
                pointer: String::new(),
                message: format!(
                    "invalid type: {}, expected a boolean or a schema",
                    node.unexpected()
                ),
            }),
        },
        Kind::Map(_) => read::<IndexMap<String, IgnoredAny>>(de),
        Kind::List(_) => read::<Vec<IgnoredAny>>(de),
    };
    match (result, reference) {
        // A `$ref` that is not a string, in a node that does not read as the item either: the
        // reference is what was meant.
        (Err(_), Some(reference)) => Err(Failure {
            pointer: "/$ref".to_owned(),
            message: read::<String>(reference.deserializer())
                .err()
                .map_or_else(String::new, |f| f.message),
        }),
        (result, _) => result,
    }
}

fn read<'de, T: Deserialize<'de>>(de: NodeDeserializer<'de>) -> Result<(), Failure> {
    serde_path_to_error::deserialize::<_, T>(de)
        .map(drop)
        .map_err(|e| Failure {
            pointer: pointer_of(e.path()),
            message: e.into_inner().to_string(),
        })
}

/// The deepest pointer at or below `at` where `node`, of `kind`, fails to read, and why; `None`
/// when it reads.
fn diagnose(kind: Kind, node: &Node, at: &str) -> Option<(String, String)> {
    match (&node.value, kind) {
        (Value::Object(members), kind) if kind.is_map() => {
            for (key, member) in members {
                if let Some(child) = kind.child(key) {
                    if let Some(found) = diagnose(child, &member.value, &join(at, key)) {
                        return Some(found);
                    }
                }
            }
            // Every member reads: the map itself fails, if anything does.
            check(kind, node, None)
                .err()
                .map(|f| (format!("{at}{}", f.pointer), f.message))
        }
        (Value::Array(items), Kind::List(item)) => items
            .iter()
            .enumerate()
            .find_map(|(i, element)| diagnose(*item, element, &join(at, &i.to_string()))),
        _ => {
            let failure = check(kind, node, None).err()?;
            Some(if failure.pointer.is_empty() {
                blame(kind, node, at, failure.message)
            } else {
                descend(kind, node, at, failure)
            })
        }
    }
}

/// serde followed the path to `failure.pointer` below `node`: go on from the deepest node it
/// names, as the kind found there.
fn descend(kind: Kind, node: &Node, at: &str, failure: Failure) -> (String, String) {
    let mut node = node;
    let mut kind = Some(kind);
    let mut here = at.to_owned();
    for segment in segments(&failure.pointer).into_iter().flatten() {
        match node.child(&segment) {
            Some(child) => {
                node = child;
                kind = kind.and_then(|k| k.child(&segment));
                here = join(&here, &segment);
            }
            None => break,
        }
    }
    let deeper = match kind {
        Some(kind) if here != at => diagnose(kind, node, &here),
        _ => None,
    };
    deeper.unwrap_or_else(|| (format!("{at}{}", failure.pointer), failure.message))
}

/// `node` does not read as `kind` and serde says nothing about where inside it: find the member
/// to blame.
fn blame(kind: Kind, node: &Node, at: &str, message: String) -> (String, String) {
    let Value::Object(members) = &node.value else {
        return (at.to_owned(), message);
    };
    let below = |key: &str, message: String| {
        let here = join(at, key);
        kind.child(key)
            .and_then(|child| diagnose(child, &members[key].value, &here))
            .unwrap_or((here, message))
    };
    // The member without which the node reads.
    let mut keys: Vec<&str> = members.keys().map(String::as_str).collect();
    keys.sort_by_key(|key| kind.selects_variant(key));
    if let Some(key) = keys
        .into_iter()
        .find(|key| check(kind, node, Some(key)).is_ok())
    {
        return below(key, message);
    }
    // The only member whose value the message names ("invalid type: integer `5`, ...").
    let named: Vec<&str> = members
        .iter()
        .filter(|(_, member)| is_named_by(&message, &member.value))
        .map(|(key, _)| key.as_str())
        .collect();
    if let [key] = named[..] {
        return below(key, message);
    }
    // A member that does not read on its own.
    for (key, member) in members {
        if let Some(found) = kind
            .child(key)
            .and_then(|child| diagnose(child, &member.value, &join(at, key)))
        {
            return found;
        }
    }
    (at.to_owned(), message)
}

/// Whether a serde message names this scalar as the value it could not take.
fn is_named_by(message: &str, node: &Node) -> bool {
    match node.value {
        Value::Bool(_) | Value::Number(_) | Value::String(_) => {
            let value = node.unexpected().to_string();
            message.contains(&format!("invalid type: {value},"))
                || message.contains(&format!("invalid value: {value},"))
        }
        _ => false,
    }
}
