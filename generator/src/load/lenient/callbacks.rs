//! `callbacks` entries given by `$ref`, replaced by a copy of their target.
//!
//! OpenAPI 3.0 allows a Reference Object there, but `openapiv3`'s `Operation.callbacks` holds
//! only inline callbacks. A reference that resolves in this document (following references to
//! references) is replaced by a copy of its target, in which references to callbacks are
//! replaced the same way; any other (into another file, to nothing, a cycle, or a copy that
//! would exceed [`MAX_INLINED`] values in all) leaves the entry out. Each entry gets a
//! diagnostic either way.

use super::super::tree::{follow_reference as resolve, unescape, Document, Node, Value};
use super::{child, invalid, METHODS};
use crate::diagnostic::Diagnostic;

/// How many values may be copied into the document in all.
pub(in crate::load) const MAX_INLINED: usize = 100_000;

/// Replaces each callback given by a reference with a copy of its target, or leaves it out.
pub(super) fn inline(document: &mut Document<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut sites = Vec::new();
    document_sites(document.root(), &mut sites);
    if sites.is_empty() {
        return;
    }
    let mut inliner = Inliner {
        root: document.root(),
        stack: Vec::new(),
        budget: MAX_INLINED,
        diagnostics,
    };
    let replacements: Vec<_> = sites
        .into_iter()
        .map(|(pointer, reference)| {
            let copy = inliner.expand(&pointer, &reference);
            (pointer, copy)
        })
        .collect();
    for (pointer, copy) in replacements {
        replace(document.root_mut(), &pointer, copy);
    }
}

struct Inliner<'a> {
    /// The document as read: targets are copied from it.
    root: &'a Node,
    /// The targets being copied, outermost first.
    stack: Vec<String>,
    /// How many more values may be copied.
    budget: usize,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Inliner<'_> {
    /// The copy that replaces the callback at `site`, a reference to `reference`.
    fn expand(&mut self, site: &str, reference: &str) -> Option<Node> {
        let left_out = |why: String| {
            invalid(
                site.to_owned(),
                format!(
                    "the callback is a `$ref` to {reference:?}, and callbacks are read without \
                     references; {why}, so the callback was left out"
                ),
            )
        };
        let (target, node) = match resolve(self.root, reference) {
            Ok(found) => found,
            Err(why) => {
                self.diagnostics.push(left_out(why.to_owned()));
                return None;
            }
        };
        let inside = site
            .strip_prefix(target.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        if inside || self.stack.contains(&target) {
            self.diagnostics
                .push(left_out(format!("{target} contains this callback")));
            return None;
        }
        let size = count(node);
        if size > self.budget {
            self.diagnostics.push(left_out(format!(
                "copying it would put more than {MAX_INLINED} copied values in the document"
            )));
            return None;
        }
        self.budget -= size;
        self.diagnostics.push(invalid(
            site.to_owned(),
            format!(
                "the callback is a `$ref` to {reference:?}, and callbacks are read without \
                 references; read as a copy of its target, {target}"
            ),
        ));
        let mut copy = node.clone();
        let mut nested = Vec::new();
        callback_sites(&copy, "", &mut nested);
        self.stack.push(target);
        for (relative, reference) in nested {
            let inner = self.expand(&format!("{site}{relative}"), &reference);
            replace(&mut copy, &relative, inner);
        }
        self.stack.pop();
        Some(copy)
    }
}

/// Puts `copy` in place of the member at `pointer` (an object's member), or removes it.
fn replace(root: &mut Node, pointer: &str, copy: Option<Node>) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = unescape(last);
    let Some(Node {
        value: Value::Object(members),
        ..
    }) = root.pointer_mut(parent)
    else {
        return;
    };
    match copy {
        Some(copy) => {
            if let Some(member) = members.get_mut(key.as_ref()) {
                member.value = copy;
            }
        }
        None => {
            members.shift_remove(key.as_ref());
        }
    }
}

/// How many values a node holds, itself included.
fn count(node: &Node) -> usize {
    1 + match &node.value {
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(members) => members.values().map(|m| count(&m.value)).sum(),
        _ => 0,
    }
}

/// The callbacks given by reference in a document: their pointers and references.
fn document_sites(root: &Node, sites: &mut Vec<(String, String)>) {
    if let Some(Value::Object(paths)) = root.get("paths").map(|p| &p.value) {
        for (path, item) in paths {
            path_item_sites(&item.value, &child("/paths", path), sites);
        }
    }
    let callbacks = root.get("components").and_then(|c| c.get("callbacks"));
    if let Some(Value::Object(callbacks)) = callbacks.map(|c| &c.value) {
        for (name, callback) in callbacks {
            callback_sites(
                &callback.value,
                &child("/components/callbacks", name),
                sites,
            );
        }
    }
}

fn callback_sites(callback: &Node, pointer: &str, sites: &mut Vec<(String, String)>) {
    if callback.reference().is_some() {
        return;
    }
    if let Value::Object(items) = &callback.value {
        for (expression, item) in items {
            path_item_sites(&item.value, &child(pointer, expression), sites);
        }
    }
}

fn path_item_sites(item: &Node, pointer: &str, sites: &mut Vec<(String, String)>) {
    if item.reference().is_some() {
        return;
    }
    for method in METHODS {
        let callbacks = item.get(method).and_then(|o| o.get("callbacks"));
        let Some(Value::Object(callbacks)) = callbacks.map(|c| &c.value) else {
            continue;
        };
        let pointer = format!("{}/callbacks", child(pointer, method));
        for (name, callback) in callbacks {
            let pointer = child(&pointer, name);
            match callback.value.reference() {
                Some(reference) => sites.push((pointer, reference.to_owned())),
                None => callback_sites(&callback.value, &pointer, sites),
            }
        }
    }
}
