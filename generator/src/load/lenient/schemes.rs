//! Security schemes of a type OpenAPI 3.0 does not define (3.1's `mutualTLS`), which `openapiv3`
//! refuses: taken out of the document, so that the rest of it is read.

use std::collections::BTreeMap;

use super::super::tree::{Document, Value};
use super::object_mut;

/// The scheme types of OpenAPI 3.0.
const KNOWN_TYPES: [&str; 4] = ["apiKey", "http", "oauth2", "openIdConnect"];

/// Removes every entry of `components.securitySchemes` whose `type` is a string naming no 3.0
/// scheme type; returns their names and types. Normalization reports each requirement naming
/// one (`unsupported-security`): the scheme is not wrong in itself (3.1 has it), the client
/// just cannot send it. A missing or non-string `type` is left for the deserializer's error.
pub(in crate::load) fn take_unknown_schemes(
    document: &mut Document<'_>,
) -> BTreeMap<String, String> {
    let mut taken = BTreeMap::new();
    let Some(schemes) = document
        .root_mut()
        .pointer_mut("/components/securitySchemes")
        .and_then(object_mut)
    else {
        return taken;
    };
    schemes.retain(|name, member| {
        let kind = object_mut(&mut member.value)
            .and_then(|scheme| scheme.get("type"))
            .and_then(|kind| match &kind.value.value {
                Value::String(kind) => Some(kind.clone()),
                _ => None,
            });
        match kind {
            Some(kind) if !KNOWN_TYPES.contains(&kind.as_str()) => {
                taken.insert(name.clone(), kind);
                false
            }
            _ => true,
        }
    });
    taken
}
