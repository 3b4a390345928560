//! Which list operations page by a cursor, and where the cursor and the items are.
//!
//! An operation gets a `…_pages` helper (a [`crate::ir::Pagination`]) when all of this holds:
//!
//! 1. It is a `GET` without a request body.
//! 2. It has an optional query parameter with a string schema, written by a `style`, whose name
//!    is one of the rule table's cursor parameters below.
//! 3. Its 2xx body is an object in which the rule's next-cursor path leads, property by
//!    property (each an object but the last), to a string.
//! 4. That body has exactly one of the properties `results`, `items` and `data` (the list of
//!    items), and it is an array.
//!
//! | cursor parameter | next cursor in the body |
//! |------------------|-------------------------|
//! | `after`          | `paging.next.after` (HubSpot) |
//! | `cursor`         | `next_cursor` or `nextCursor` |
//! | `page_token`     | `next_page_token` |
//! | `pageToken`      | `nextPageToken` |
//!
//! The cursor parameter and the next-cursor path are matched as a pair, so a parameter `after`
//! beside a body `next_cursor` is not a match. An operation that matches only partly (a
//! cursor parameter but no next-cursor path, a path but no list, two candidate lists, a
//! required cursor) gets no helper and no diagnostic: it is still callable page by page, and
//! no rule guesses which parts belong together. More than one matching rule is no helper too.
//!
//! The override table decides instead of the rules where it has a `pagination` entry for the
//! operation: `off` (no helper), or `cursor_param`, `next` and `items` (see
//! [`crate::settings::CursorPagination`]). An entry that does not fit the operation is a
//! [`DiagnosticKind::Pagination`] diagnostic, and no helper.

use std::collections::{HashMap, HashSet};

use super::{Diagnostic, DiagnosticKind};
use crate::ir::{
    Operation, Pagination, PaginationSource, ParamEncoding, ParamLocation, PathStep, Presence,
    Success, Type, TypeDef, TypeKind,
};
use crate::settings::{CursorPagination, PaginationOverride, SpecOverrides};

/// The cursor parameters and the next-cursor paths they pair with.
const RULES: &[(&str, &str)] = &[
    ("after", "paging.next.after"),
    ("cursor", "next_cursor"),
    ("cursor", "nextCursor"),
    ("page_token", "next_page_token"),
    ("pageToken", "nextPageToken"),
];

/// The properties that may hold a page's items.
const ITEMS: &[&str] = &["results", "items", "data"];

/// Records the pagination of each operation, by the override table or the rules above.
pub(super) fn annotate(
    operations: &mut [Operation],
    types: &[TypeDef],
    overrides: &SpecOverrides,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let types: HashMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let names: HashSet<String> = operations.iter().map(|op| op.name.clone()).collect();
    for op in operations.iter_mut() {
        let entry = op
            .operation_id
            .as_ref()
            .and_then(|id| overrides.operations.get(id))
            .and_then(|o| o.pagination.as_ref());
        op.pagination = match entry {
            Some(PaginationOverride::Off(_)) => None,
            Some(PaginationOverride::Cursor(given)) => match overridden(op, &types, given) {
                Ok(p) => Some(p),
                Err(why) => {
                    diagnostics.push(Diagnostic {
                        pointer: op.pointer.clone(),
                        kind: DiagnosticKind::Pagination,
                        message: format!(
                            "the override's `pagination` does not fit: {why}; the operation gets no `{}_pages` helper",
                            op.name
                        ),
                    });
                    None
                }
            },
            None => detected(op, &types),
        };
        if let Some(p) = &mut op.pagination {
            p.method = format!("{}_pages", op.name);
            if names.contains(&p.method) {
                diagnostics.push(Diagnostic {
                    pointer: op.pointer.clone(),
                    kind: DiagnosticKind::NameCollision,
                    message: format!(
                        "the pager name `{}` is an operation's name; the operation gets no pager",
                        p.method
                    ),
                });
                op.pagination = None;
            }
        }
    }
}

/// The pagination the rules see in `op`, if exactly one rule matches in full.
fn detected(op: &Operation, types: &HashMap<&str, &TypeDef>) -> Option<Pagination> {
    if op.method != "GET" || op.body.is_some() {
        return None;
    }
    let mut found = RULES.iter().filter_map(|(param, next)| {
        let p = pagination(op, types, param, next, None).ok()?;
        Some(Pagination {
            source: PaginationSource::Detected,
            ..p
        })
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// The pagination an override entry describes, or why it does not fit `op`.
fn overridden(
    op: &Operation,
    types: &HashMap<&str, &TypeDef>,
    given: &CursorPagination,
) -> Result<Pagination, String> {
    if op.body.is_some() {
        return Err("the operation has a request body, which a pager does not send".to_owned());
    }
    pagination(
        op,
        types,
        &given.cursor_param,
        &given.next,
        Some(&given.items),
    )
}

/// The pagination of `op` with the cursor in query parameter `param` and the next cursor at
/// `next`; the items at `items`, or at the one property of [`ITEMS`] the body has.
fn pagination(
    op: &Operation,
    types: &HashMap<&str, &TypeDef>,
    param: &str,
    next: &str,
    items: Option<&str>,
) -> Result<Pagination, String> {
    let cursor = op
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.wire == param)
        .ok_or_else(|| format!("there is no query parameter `{param}`"))?;
    if cursor.required {
        return Err(format!("the query parameter `{param}` is required"));
    }
    if !matches!(cursor.encoding, ParamEncoding::Style { .. }) || !is_string(&cursor.ty, types) {
        return Err(format!(
            "the query parameter `{param}` is not a plain string"
        ));
    }
    let Success::Json(body) = &op.success else {
        return Err("the 2xx response has no JSON body".to_owned());
    };
    let mut steps = Vec::new();
    let mut at = body;
    for key in next.split('.') {
        let (step, ty) = property(at, key, types)
            .ok_or_else(|| format!("the 2xx body has no property at `{next}`"))?;
        steps.push(step);
        at = ty;
    }
    if !is_string(at, types) {
        return Err(format!("`{next}` of the 2xx body is not a string"));
    }
    let (items, list) = match items {
        Some(key) => property(body, key, types)
            .ok_or_else(|| format!("the 2xx body has no property `{key}`"))?,
        None => {
            let mut candidates = ITEMS.iter().filter_map(|key| property(body, key, types));
            let first = candidates
                .next()
                .ok_or("the 2xx body has no list of items")?;
            if candidates.next().is_some() {
                return Err("the 2xx body has more than one list of items".to_owned());
            }
            first
        }
    };
    let Type::Vec(item) = resolve(list, types) else {
        return Err("the items property of the 2xx body is not an array".to_owned());
    };
    Ok(Pagination {
        method: String::new(),
        cursor_param: cursor.name.clone(),
        next: steps,
        items,
        item: (**item).clone(),
        source: PaginationSource::Override,
    })
}

/// The property with JSON key `key` of the struct `ty` names, and its type.
fn property<'t>(
    ty: &'t Type,
    key: &str,
    types: &HashMap<&str, &'t TypeDef>,
) -> Option<(PathStep, &'t Type)> {
    let (Type::Named(name) | Type::Boxed(name)) = resolve(ty, types) else {
        return None;
    };
    let TypeKind::Struct(s) = &types.get(name.as_str())?.kind else {
        return None;
    };
    let field = s.fields.iter().find(|f| f.wire == key)?;
    let optional = matches!(
        field.presence,
        Presence::Optional | Presence::RequiredNullable
    );
    Some((
        PathStep {
            field: field.name.clone(),
            optional,
        },
        &field.ty,
    ))
}

/// `ty`, with aliases followed (a bounded number of times: alias cycles are broken earlier).
fn resolve<'t>(ty: &'t Type, types: &HashMap<&str, &'t TypeDef>) -> &'t Type {
    ty.unaliased(|name| types.get(name).copied(), types.len() + 1)
}

fn is_string(ty: &Type, types: &HashMap<&str, &TypeDef>) -> bool {
    *resolve(ty, types) == Type::String
}
