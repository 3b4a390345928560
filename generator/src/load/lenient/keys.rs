//! YAML mapping keys that YAML reads as a boolean or null, reported where they are.

use super::super::escape_pointer;
use super::super::tree::{Document, Node, Value};
use super::super::yaml::ScalarKey;
use super::invalid;
use crate::diagnostic::Diagnostic;

/// Reports each mapping key that YAML resolved to a boolean or null but that was read as its
/// text; `keys` holds the byte offsets of those keys and what they resolved to.
pub(in crate::load) fn scalar_keys(
    document: &Document<'_>,
    keys: &[ScalarKey],
    diagnostics: &mut Vec<Diagnostic>,
) {
    if keys.is_empty() {
        return;
    }
    let mut found = Vec::new();
    find_keys(document.root(), &mut String::new(), keys, &mut found);
    found.sort_by_key(|(offset, ..)| *offset);
    for (_, pointer, key, resolved) in found {
        diagnostics.push(invalid(
            pointer,
            format!(
                "the key `{key}` is a plain YAML scalar, which YAML reads as {resolved}, not as \
                 a string; read as the key \"{key}\" (quote it to say so)"
            ),
        ));
    }
}

/// The members whose key starts at one of `keys`' offsets: offset, pointer, key, what it
/// resolved to.
fn find_keys(
    node: &Node,
    pointer: &mut String,
    keys: &[ScalarKey],
    found: &mut Vec<(usize, String, String, &'static str)>,
) {
    let len = pointer.len();
    match &node.value {
        Value::Object(members) => {
            for (key, member) in members {
                pointer.push('/');
                pointer.push_str(&escape_pointer(key));
                if let Some(&(offset, resolved)) =
                    keys.iter().find(|(offset, _)| *offset == member.key_start)
                {
                    found.push((offset, pointer.clone(), key.clone(), resolved));
                }
                find_keys(&member.value, pointer, keys, found);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointer.push('/');
                pointer.push_str(&i.to_string());
                find_keys(item, pointer, keys, found);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}
