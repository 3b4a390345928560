//! Local JSON References, made to name components.
//!
//! `openapiv3` keeps a `$ref` as its string, and the generator follows only the form
//! `#/components/<section>/<name>`. Specs reference much more: a parameter or a response
//! inside `#/paths/…` (with percent-encoded braces), a schema inside another schema
//! (`#/components/schemas/Region/properties/id`), a component that is itself a reference.
//! This pass runs on the tree before it is typed and leaves every reference it can resolve in
//! the one form the generator follows:
//!
//! 1. Every reference is found by walking the document as OpenAPI 3.0 lays it out (so a `$ref`
//!    key inside an example, a default or an extension is data, not a reference).
//! 2. Each local one is resolved as a JSON Pointer (RFC 6901, percent-decoded first), following
//!    references to references with cycle detection. A chain of schemas stops at the first
//!    component schema, which keeps its name (it is an alias of the next); other chains go to
//!    their end, since a parameter or a response has no alias.
//! 3. A target that is not itself a component is *hoisted*: it moves to `components`, in the
//!    section its place in the document says it is (a schema, a parameter, a response, …), named
//!    from where it was, and its old place becomes a reference to it. The value is then one
//!    component, whoever references it, and its Rust type is named after it. Targets inside
//!    other targets move first, so every pointer still names what it named in the text.
//!
//! What cannot be resolved (a target that does not exist, a cycle, a target that is not the
//! kind of object its reference needs) is left as written and recorded with the reason, for
//! `normalize` to report where the reference is used, with the fallback it applies. References
//! into other documents are left to `normalize` too.

use std::collections::{BTreeMap, HashSet};

use super::escape_pointer;
use super::layout::{kind_at, place, Kind, Place};
use super::tree::{local_pointer, segments, Document, Member, Node, Value};
use crate::diagnostic::DiagnosticKind;

mod names;

use names::Names;

/// `text` with each occurrence of the pointer `from` (not followed by more of a name) replaced
/// by `to`.
fn replace_pointer(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let after = &rest[at + from.len()..];
        let whole = !after.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-');
        out.push_str(&rest[..at]);
        out.push_str(if whole { to } else { from });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// What the pass did, for the steps after it.
#[derive(Clone, Debug, Default)]
pub struct Resolution {
    /// Each hoisted component's pointer, and the pointer it was written at.
    pub origins: Vec<(String, String)>,
    /// Each local reference that could not be resolved, and why.
    pub unresolved: BTreeMap<String, (DiagnosticKind, String)>,
}

impl Resolution {
    /// Whether a reference (`#/components/schemas/…`) names a component this pass made, whose
    /// name is not in the text.
    pub fn is_hoisted(&self, reference: &str) -> bool {
        let pointer = reference.strip_prefix('#').unwrap_or(reference);
        self.origins.iter().any(|(new, _)| new == pointer)
    }

    /// `text` with every pointer into a hoisted component moved back to where the component
    /// was written, as [`Self::original`] does for one pointer (for messages that quote one).
    pub fn original_in(&self, text: &str) -> String {
        let mut text = text.to_owned();
        let mut origins: Vec<&(String, String)> = self.origins.iter().collect();
        // The longest first, so that a component's name is never taken for a prefix of another.
        origins.sort_by_key(|(new, _)| std::cmp::Reverse(new.len()));
        for (new, old) in origins {
            if text.contains(new.as_str()) {
                text = replace_pointer(&text, new, old);
            }
        }
        text
    }

    /// Where the text has what `pointer` names now: a pointer into a hoisted component is
    /// moved back to the place the component was written at.
    pub fn original(&self, pointer: &str) -> String {
        let within = |prefix: &str| {
            pointer
                .strip_prefix(prefix)
                .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        self.origins
            .iter()
            .filter_map(|(new, old)| Some((new.len(), old, within(new)?)))
            .max_by_key(|(len, ..)| *len)
            .map_or_else(
                || pointer.to_owned(),
                |(_, old, rest)| format!("{old}{rest}"),
            )
    }
}

/// A reference found in the document.
struct Site {
    /// The pointer of the Reference Object.
    at: String,
    /// What it stands for.
    kind: Kind,
    /// The `$ref` string.
    reference: String,
}

/// Rewrites every resolvable local reference in `document` into one that names a component.
pub(super) fn resolve(document: &mut Document<'_>) -> Resolution {
    let mut resolution = Resolution::default();
    let mut names: Option<Names> = None;
    // A target moved out of a place OpenAPI gives no meaning brings references the walk could
    // not see there; the next round walks the document again, the moved target included. Each
    // round empties such places, so the bound is never the reason to stop on a real spec.
    for _ in 0..MAX_ROUNDS {
        let mut sites = Vec::new();
        find(
            document.root(),
            Kind::Document,
            &mut String::new(),
            &mut sites,
        );
        if sites.is_empty() {
            break;
        }
        let names = names.get_or_insert_with(|| Names::new(document.root()));
        if !round(document, &sites, names, &mut resolution) {
            break;
        }
    }
    resolution
}

/// How many times the document is walked at most.
const MAX_ROUNDS: usize = 16;

/// Resolves the references found at `sites`; whether a target was moved out of a foreign
/// place.
fn round(
    document: &mut Document<'_>,
    sites: &[Site],
    names: &mut Names,
    resolution: &mut Resolution,
) -> bool {
    let mut foreign = false;
    // Targets to hoist: original pointer → component pointer.
    let mut hoisted: BTreeMap<String, String> = BTreeMap::new();
    let mut rewrites: Vec<(String, String)> = Vec::new();
    // Path items to copy: (place of the reference, the path item it names).
    let mut copies: Vec<(String, String)> = Vec::new();
    for site in sites {
        let Some(pointer) = local_pointer(&site.reference) else {
            continue;
        };
        let target = follow(document.root(), &pointer, site.kind).and_then(|target| {
            let kind = match place(&target) {
                Place::Known(kind) => kind,
                // A place OpenAPI gives no meaning (`#/definitions/…`) holds what points at it.
                Place::Foreign => site.kind,
                Place::Elsewhere => {
                    return Err((
                        DiagnosticKind::UnsupportedRef,
                        format!(
                            "points at {}, which is not {}",
                            display(&target),
                            article(site.kind)
                        ),
                    ))
                }
            };
            match kind {
                kind if kind == site.kind => Ok(target),
                kind => {
                    let through = if target == pointer {
                        String::new()
                    } else {
                        format!(" through to {}", display(&target))
                    };
                    Err((
                        DiagnosticKind::UnsupportedRef,
                        format!(
                            "names {}{through}, not {}",
                            article(kind),
                            article(site.kind)
                        ),
                    ))
                }
            }
        });
        let target = match target {
            Ok(target) => target,
            Err(problem) => {
                resolution
                    .unresolved
                    .insert(site.reference.clone(), problem);
                continue;
            }
        };
        if site.kind.section().is_none() {
            copies.push((site.at.clone(), target));
            continue;
        }
        let canonical = if component(&target).is_some() {
            target
        } else if let Some(new) = hoisted.get(&target) {
            new.clone()
        } else {
            foreign |= matches!(place(&target), Place::Foreign);
            let new = names.claim(document.root(), site.kind, &target);
            hoisted.insert(target, new.clone());
            new
        };
        let written = format!("#{canonical}");
        if written != site.reference {
            rewrites.push((site.at.clone(), written));
        }
    }
    let root = document.root_mut();
    for (at, reference) in rewrites {
        if let Some(Node {
            value: Value::Object(members),
            ..
        }) = root.pointer_mut(&at)
        {
            if let Some(member) = members.get_mut("$ref") {
                member.value.value = Value::String(reference);
            }
        }
    }
    // Deepest first, so that a target inside another moves before the one holding it.
    let mut order: Vec<(String, String)> = hoisted.into_iter().collect();
    order.sort_by_key(|(original, _)| std::cmp::Reverse(depth(original)));
    for (original, new) in order {
        hoist(root, &original, &new);
        // A target found in what an earlier round moved is where that was written.
        let original = resolution.original(&original);
        resolution.origins.push((new, original));
    }
    // A path item by reference becomes a copy of the one it names (3.0 has no component
    // for path items), references inside already rewritten.
    for (at, target) in copies {
        if let Some(copy) = root.pointer(&target).cloned() {
            if let Some(node) = root.pointer_mut(&at) {
                *node = copy;
            }
        }
    }
    foreign
}

/// Collects the Reference Objects below `node`, an object of `kind` at `at`.
fn find(node: &Node, kind: Kind, at: &mut String, sites: &mut Vec<Site>) {
    if kind.referable() {
        if let Some(reference) = node.reference() {
            sites.push(Site {
                at: at.clone(),
                kind,
                reference: reference.to_owned(),
            });
            return;
        }
    }
    let len = at.len();
    match &node.value {
        Value::Object(members) => {
            for (key, member) in members {
                if let Some(child) = kind.child(key) {
                    at.push('/');
                    at.push_str(&escape_pointer(key));
                    find(&member.value, child, at, sites);
                    at.truncate(len);
                }
            }
        }
        Value::Array(items) if matches!(kind, Kind::ParameterList | Kind::SchemaList) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(child) = kind.child(&i.to_string()) {
                    at.push('/');
                    at.push_str(&i.to_string());
                    find(item, child, at, sites);
                    at.truncate(len);
                }
            }
        }
        _ => {}
    }
}

/// The pointer a reference from a place of `kind` finally names: through references to
/// references, stopping at the first component schema for a schema.
fn follow(root: &Node, pointer: &str, kind: Kind) -> Result<String, (DiagnosticKind, String)> {
    let mut current = pointer.to_owned();
    let mut seen = HashSet::new();
    loop {
        let Some(node) = root.pointer(&current) else {
            return Err((DiagnosticKind::DanglingRef, missing(root, &current)));
        };
        if !seen.insert(current.clone()) {
            return Err((
                DiagnosticKind::UnsupportedRef,
                format!(
                    "is part of a cycle of references through {}",
                    display(&current)
                ),
            ));
        }
        let stop = kind == Kind::Schema && component(&current) == Some("schemas");
        let next = match node.reference() {
            Some(next) if !stop => next,
            _ => return Ok(current),
        };
        match local_pointer(next) {
            Some(next) => current = next,
            // A reference into another document: the chain ends at the last local step.
            None => return Ok(current),
        }
    }
}

/// Why nothing is at `pointer`: the first segment that names nothing.
fn missing(root: &Node, pointer: &str) -> String {
    let mut node = root;
    let mut at = String::new();
    for segment in segments(pointer).into_iter().flatten() {
        match node.child(&segment) {
            Some(child) => {
                node = child;
                at.push('/');
                at.push_str(&escape_pointer(&segment));
            }
            None => {
                return format!(
                    "points at nothing: {} has no member {segment:?}",
                    display(&at)
                )
            }
        }
    }
    "points at nothing".to_owned()
}

fn display(pointer: &str) -> String {
    if pointer.is_empty() {
        "the document root".to_owned()
    } else {
        format!("`#{pointer}`")
    }
}

fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Schema => "a schema",
        Kind::Parameter => "a parameter",
        Kind::RequestBody => "a request body",
        Kind::Response => "a response",
        Kind::Header => "a header",
        Kind::Example => "an example",
        Kind::Link => "a link",
        Kind::Callback => "a callback",
        Kind::SecurityScheme => "a security scheme",
        Kind::PathItem => "a path item",
        _ => "an object",
    }
}

/// The section of `/components/<section>/<name>`, when the pointer is exactly that.
fn component(pointer: &str) -> Option<&str> {
    let rest = pointer.strip_prefix("/components/")?;
    let (section, name) = rest.split_once('/')?;
    (!name.contains('/') && kind_at(pointer).is_some_and(|k| k.section() == Some(section)))
        .then_some(section)
}

fn depth(pointer: &str) -> usize {
    pointer.matches('/').count()
}

/// Moves the node at `original` to `new` (a component), leaving a reference to it behind.
fn hoist(root: &mut Node, original: &str, new: &str) {
    let Some(node) = root.pointer_mut(original) else {
        return;
    };
    let start = node.start;
    let reference = Node::new(
        Value::Object(
            [(
                "$ref".to_owned(),
                Member {
                    key_start: start,
                    value: Node::new(Value::String(format!("#{new}")), start),
                },
            )]
            .into_iter()
            .collect(),
        ),
        start,
    );
    let moved = std::mem::replace(node, reference);
    let mut parts = segments(new).into_iter().flatten().skip(1);
    let (Some(section), Some(name)) = (parts.next(), parts.next()) else {
        return;
    };
    let (section, name) = (section.into_owned(), name.into_owned());
    let Value::Object(top) = &mut root.value else {
        return;
    };
    let components = entry(top, "components", start);
    let Value::Object(sections) = &mut components.value else {
        return;
    };
    let table = entry(sections, &section, start);
    if let Value::Object(table) = &mut table.value {
        table.insert(
            name,
            Member {
                key_start: start,
                value: moved,
            },
        );
    }
}

/// The member `key` of an object, made an empty object when it is missing.
fn entry<'n>(members: &'n mut super::tree::Object, key: &str, start: usize) -> &'n mut Node {
    &mut members
        .entry(key.to_owned())
        .or_insert_with(|| Member {
            key_start: start,
            value: Node::new(Value::Object(Default::default()), start),
        })
        .value
}
