//! Paths into a document: segments, pointers, lookups and the places every mutation edits.

use super::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Seg {
    Key(String),
    Index(usize),
}

pub(super) type Ptr = Vec<Seg>;

pub(super) fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

pub(super) fn child(path: &[Seg], seg: Seg) -> Ptr {
    let mut p = path.to_vec();
    p.push(seg);
    p
}

pub(super) fn pointer(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        s.push('/');
        match seg {
            Seg::Key(k) => s.push_str(&escape_pointer(k)),
            Seg::Index(i) => s.push_str(&i.to_string()),
        }
    }
    if s.is_empty() {
        "the root".to_owned()
    } else {
        s
    }
}

pub(super) fn get<'v>(mut v: &'v Value, path: &[Seg]) -> Option<&'v Value> {
    for seg in path {
        v = match seg {
            Seg::Key(k) => v.as_object()?.get(k)?,
            Seg::Index(i) => v.as_array()?.get(*i)?,
        };
    }
    Some(v)
}

pub(super) fn get_mut<'v>(mut v: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    for seg in path {
        v = match seg {
            Seg::Key(k) => v.as_object_mut()?.get_mut(k)?,
            Seg::Index(i) => v.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(v)
}

/// Every node of a document, in document order, the root first.
pub(super) fn all_nodes(doc: &Value) -> Vec<Ptr> {
    let mut out = Vec::new();
    let mut stack = vec![(Vec::new(), doc)];
    while let Some((path, v)) = stack.pop() {
        match v {
            Value::Object(m) => {
                for (k, c) in m.iter().rev() {
                    stack.push((child(&path, key(k)), c));
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate().rev() {
                    stack.push((child(&path, Seg::Index(i)), c));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out
}

/// The object at `keys` below the root, created (or replacing a non-object) where missing.
pub(super) fn ensure_obj<'v>(doc: &'v mut Value, keys: &[&str]) -> &'v mut Map<String, Value> {
    let mut v = doc;
    for k in keys {
        if !v.is_object() {
            *v = json!({});
        }
        v = v
            .as_object_mut()
            .expect("just made an object")
            .entry(k.to_string())
            .or_insert_with(|| json!({}));
    }
    if !v.is_object() {
        *v = json!({});
    }
    v.as_object_mut().expect("just made an object")
}

pub(super) fn schemas_mut(doc: &mut Value) -> &mut Map<String, Value> {
    ensure_obj(doc, &["components", "schemas"])
}

pub(super) fn schema_ref(name: &str) -> String {
    format!("#/components/schemas/{}", escape_pointer(name))
}

pub(super) fn ref_to(name: &str) -> Value {
    json!({ "$ref": schema_ref(name) })
}
