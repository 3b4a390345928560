//! Types that contain themselves, and how deep types contain one another.
//!
//! - Alias cycles: rustc expands an alias where it is used, so `type B = Vec<B>;` (or
//!   `type D = E; type E = Vec<D>;`) never ends and is rejected. Every alias on such a cycle that
//!   is a list or a map becomes a newtype (`struct B(pub Vec<B>);`, serialized as its content):
//!   a type of its own, which ends the expansion. The vector or map already puts the items on
//!   the heap, so no `Box` is needed. A cycle of aliases with no list or map on it
//!   (`A: {$ref: A}`, `P → Q → P`) describes no value at all: every alias on it becomes
//!   `serde_json::Value`, with a diagnostic.
//! - Boxes: a type that contains itself, directly or through other types, would have infinite
//!   size. Vectors and maps already put their items on the heap, so only direct references
//!   count. A reference is boxed when both ends are in the same strongly connected component of
//!   that graph (Tarjan's algorithm: linear in types and references).
//! - Nesting: rustc's drop check, `needs_drop` and the derived impls walk into the fields of
//!   fields, and give up at the crate's `recursion_limit` (128 by default). The walk visits each
//!   type once, and each wrapper (`Option`, `Vec`, `Box`, a map) costs it a level, so a chain of
//!   about 65 optional structs, or a cycle of 64 boxed ones, is already too deep.
//!   [`recursion_limit`] bounds the depth from above and says which limit a crate needs.

use std::collections::HashMap;

use super::{Diagnostic, DiagnosticKind};
use crate::ir::{Presence, Type, TypeDef, TypeKind};

/// Breaks every cycle of aliases: lists and maps on a cycle become [`TypeKind::Newtype`]; a
/// cycle of plain references becomes JSON, with one diagnostic per alias on it.
pub(super) fn break_alias_cycles(types: &mut [TypeDef]) -> Vec<Diagnostic> {
    let index = name_index(types);
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(ty) => {
                let mut names = Vec::new();
                mentioned(ty, &mut names);
                names
                    .into_iter()
                    .filter_map(|n| index.get(n).copied())
                    .filter(|&j| matches!(types[j].kind, TypeKind::Alias(_)))
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let component = tarjan(&edges);
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &c) in component.iter().enumerate() {
        members.entry(c).or_default().push(i);
    }
    let mut cyclic: Vec<Vec<usize>> = members
        .into_values()
        .filter(|m| m.len() > 1 || edges[m[0]].contains(&m[0]))
        .collect();
    cyclic.sort();
    let mut diagnostics = Vec::new();
    for group in cyclic {
        let renames = group.iter().all(|&i| {
            matches!(
                types[i].kind,
                TypeKind::Alias(Type::Named(_) | Type::Boxed(_))
            )
        });
        if renames {
            // Each alias names exactly one other: the group is one cycle; walk it once.
            let mut cycle = vec![group[0]];
            while cycle.len() <= group.len() {
                let Some(&next) = edges[cycle[cycle.len() - 1]].first() else {
                    break;
                };
                if next == group[0] {
                    break;
                }
                cycle.push(next);
            }
            let messages: Vec<(String, String)> = (0..cycle.len())
                .map(|k| {
                    let path: Vec<&str> = (0..=cycle.len())
                        .map(|step| types[cycle[(k + step) % cycle.len()]].name.as_str())
                        .collect();
                    let def = &types[cycle[k]];
                    (def.pointer.clone(), format!("`{}` is nothing but a reference to itself ({}), which describes no value a Rust type can hold; it is kept as JSON", def.name, path.join(" → ")))
                })
                .collect();
            for &i in &group {
                types[i].kind = TypeKind::Alias(Type::Json);
            }
            diagnostics.extend(messages.into_iter().map(|(pointer, message)| Diagnostic {
                pointer,
                kind: DiagnosticKind::UnsupportedSchema,
                message,
            }));
        } else {
            for &i in &group {
                if let TypeKind::Alias(ty @ (Type::Vec(_) | Type::Map(_))) = &mut types[i].kind {
                    let content = std::mem::replace(ty, Type::Json);
                    types[i].kind = TypeKind::Newtype(content);
                }
            }
        }
    }
    diagnostics
}

fn name_index(types: &[TypeDef]) -> HashMap<String, usize> {
    types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect()
}

/// Every type name in a type expression, however deep in lists and maps.
fn mentioned<'t>(ty: &'t Type, out: &mut Vec<&'t str>) {
    match ty {
        Type::Named(n) | Type::Boxed(n) => out.push(n),
        Type::Vec(inner) | Type::Map(inner) => mentioned(inner, out),
        Type::Tuple(items) => items.iter().for_each(|t| mentioned(t, out)),
        _ => {}
    }
}

/// Turns every direct reference inside a cycle into [`Type::Boxed`].
pub(super) fn box_cycles(types: &mut [TypeDef]) {
    let index = name_index(types);
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            direct_refs(&t.kind)
                .filter_map(|n| index.get(n).copied())
                .collect()
        })
        .collect();
    let component = tarjan(&edges);
    let names: Vec<String> = types.iter().map(|t| t.name.clone()).collect();
    for (i, def) in types.iter_mut().enumerate() {
        // A tuple holds its items in place, as a struct its fields.
        fn boxed(ty: &mut Type, in_cycle: &dyn Fn(&str) -> Option<String>) {
            match ty {
                Type::Named(n) => {
                    if let Some(name) = in_cycle(n) {
                        *ty = Type::Boxed(name);
                    }
                }
                Type::Tuple(items) => items.iter_mut().for_each(|t| boxed(t, in_cycle)),
                _ => {}
            }
        }
        let in_cycle = |n: &str| {
            let &j = index.get(n)?;
            (component[j] == component[i]).then(|| names[j].clone())
        };
        let boxed = |ty: &mut Type| boxed(ty, &in_cycle);
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| boxed(&mut f.ty)),
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| boxed(&mut v.ty)),
            TypeKind::Newtype(ty) => boxed(ty),
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// Names a type refers to without indirection. An alias counts as well: `type A = B;` is B.
fn direct_refs(kind: &TypeKind) -> Box<dyn Iterator<Item = &str> + '_> {
    /// The names held in place: the type itself, or a tuple's items.
    fn named(ty: &Type) -> Vec<&str> {
        match ty {
            Type::Named(n) => vec![n.as_str()],
            Type::Tuple(items) => items.iter().flat_map(named).collect(),
            _ => Vec::new(),
        }
    }
    match kind {
        TypeKind::Struct(s) => Box::new(s.fields.iter().flat_map(|f| named(&f.ty))),
        TypeKind::Union(u) => Box::new(u.variants.iter().flat_map(|v| named(&v.ty))),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => Box::new(named(ty).into_iter()),
        TypeKind::Enum(_) => Box::new(std::iter::empty()),
    }
}

/// rustc's `recursion_limit` when a crate does not set one.
const DEFAULT_RECURSION_LIMIT: usize = 128;

/// The `recursion_limit` a crate holding these types needs, or `None` when rustc's default is
/// enough.
///
/// A reference costs one level for the type it names and one for each wrapper around it (two
/// for a map). rustc visits each type once per walk, so inside a strongly connected component a
/// walk costs at most the sum, over the component's types, of each type's dearest reference;
/// across components, the deepest chain of components adds up (components come out of
/// [`tarjan`] after every component they reach). On chains and cycles of optional, required,
/// boxed, listed and mapped structs and unions, the depth rustc needs stayed within this
/// bound; the limit is twice the bound, rounded up to a power of two so that a small change to
/// a spec does not move it.
pub(super) fn recursion_limit(types: &[TypeDef]) -> Option<usize> {
    let index = name_index(types);
    let edges: Vec<Vec<(usize, usize)>> = types
        .iter()
        .map(|t| {
            let mut refs = Vec::new();
            match &t.kind {
                TypeKind::Struct(s) => {
                    for f in &s.fields {
                        let option = match f.presence {
                            Presence::Optional | Presence::RequiredNullable => 1,
                            Presence::Required | Presence::Defaulted => 0,
                        };
                        costs(&f.ty, option, &mut refs);
                    }
                    if let Some(additional) = &s.additional {
                        costs(additional, 2, &mut refs);
                    }
                }
                TypeKind::Union(u) => u.variants.iter().for_each(|v| costs(&v.ty, 0, &mut refs)),
                TypeKind::Alias(ty) | TypeKind::Newtype(ty) => costs(ty, 0, &mut refs),
                TypeKind::Enum(_) => {}
            }
            refs.into_iter()
                .filter_map(|(n, cost)| Some((*index.get(n)?, cost)))
                .collect()
        })
        .collect();
    let plain: Vec<Vec<usize>> = edges
        .iter()
        .map(|e| e.iter().map(|&(j, _)| j).collect())
        .collect();
    let component = tarjan(&plain);
    let count = component.iter().map(|&c| c + 1).max().unwrap_or(0);
    let mut members = vec![Vec::new(); count];
    for (i, &c) in component.iter().enumerate() {
        members[c].push(i);
    }
    let mut depth = vec![0usize; count];
    for c in 0..count {
        let mut own = 0usize;
        let mut below = 0usize;
        for &u in &members[c] {
            own = own.saturating_add(edges[u].iter().map(|&(_, cost)| cost).max().unwrap_or(0));
            for &(v, _) in &edges[u] {
                if component[v] != c {
                    below = below.max(depth[component[v]]);
                }
            }
        }
        depth[c] = own.saturating_add(below);
    }
    let bound = depth.into_iter().max().unwrap_or(0);
    (bound > DEFAULT_RECURSION_LIMIT / 2).then(|| {
        bound
            .saturating_mul(2)
            .checked_next_power_of_two()
            .unwrap_or(usize::MAX)
            .max(2 * DEFAULT_RECURSION_LIMIT)
    })
}

/// The types a type expression names, each with its cost: `base` for what is around the
/// expression, one per wrapper inside it (two for a map), and one for the type itself.
fn costs<'t>(ty: &'t Type, base: usize, out: &mut Vec<(&'t str, usize)>) {
    match ty {
        Type::Named(n) => out.push((n, base + 1)),
        Type::Boxed(n) => out.push((n, base + 2)),
        Type::Vec(inner) => costs(inner, base + 1, out),
        Type::Map(inner) => costs(inner, base + 2, out),
        Type::Tuple(items) => items.iter().for_each(|t| costs(t, base + 1, out)),
        _ => {}
    }
}

/// The strongly connected component of each node (iterative Tarjan, no recursion).
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to look at)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && order[node] == UNSEEN {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::{recursion_limit, tarjan};
    use crate::ir::{Field, Presence, Struct, Type, TypeDef, TypeKind};

    /// `Level{i}` has an optional `next: Level{i + 1}` (or `Level0` for the last, a cycle).
    fn chain(len: usize, cycle: bool) -> Vec<TypeDef> {
        (0..len)
            .map(|i| {
                let next = if i + 1 < len {
                    Some(i + 1)
                } else {
                    cycle.then_some(0)
                };
                TypeDef {
                    name: format!("Level{i}"),
                    pointer: String::new(),
                    docs: None,
                    deprecated: false,
                    kind: TypeKind::Struct(Struct {
                        fields: next
                            .map(|n| Field {
                                name: "next".into(),
                                wire: "next".into(),
                                ty: Type::Named(format!("Level{n}")),
                                presence: Presence::Optional,
                                default: None,
                                docs: None,
                                deprecated: false,
                                secret: false,
                            })
                            .into_iter()
                            .collect(),
                        additional: None,
                    }),
                }
            })
            .collect()
    }

    #[test]
    fn recursion_limit_follows_the_deepest_chain() {
        assert_eq!(recursion_limit(&chain(10, false)), None);
        assert_eq!(recursion_limit(&chain(10, true)), None);
        // Two levels per optional struct: 400, doubled and rounded up.
        assert_eq!(recursion_limit(&chain(200, false)), Some(1024));
        assert_eq!(recursion_limit(&chain(200, true)), Some(1024));
        // The order of definition does not matter: components come out leaves first.
        let mut reversed = chain(200, false);
        reversed.reverse();
        assert_eq!(recursion_limit(&reversed), Some(1024));
    }

    #[test]
    fn components() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 alone.
        let c = tarjan(&[vec![1], vec![2], vec![0], vec![3], vec![]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[3], c[4]);
    }
}
