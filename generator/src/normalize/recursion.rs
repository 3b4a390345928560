//! Which references need a `Box`: a type that contains itself, directly or through other
//! types, would have infinite size. Vectors and maps already put their items on the heap, so
//! only direct references count. A reference is boxed when both ends are in the same strongly
//! connected component of that graph (Tarjan's algorithm: linear in types and references).

use std::collections::HashMap;

use crate::ir::{Type, TypeDef, TypeKind};

/// Turns every direct reference inside a cycle into [`Type::Boxed`].
pub(super) fn box_cycles(types: &mut [TypeDef]) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
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
        let boxed = |ty: &mut Type| {
            if let Type::Named(n) = ty {
                if let Some(&j) = index.get(n.as_str()) {
                    if component[j] == component[i] {
                        *ty = Type::Boxed(names[j].clone());
                    }
                }
            }
        };
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| boxed(&mut f.ty)),
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| boxed(&mut v.ty)),
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// Names a type refers to without indirection. An alias counts as well: `type A = B;` is B.
fn direct_refs(kind: &TypeKind) -> Box<dyn Iterator<Item = &str> + '_> {
    fn named(ty: &Type) -> Option<&str> {
        match ty {
            Type::Named(n) => Some(n.as_str()),
            _ => None,
        }
    }
    match kind {
        TypeKind::Struct(s) => Box::new(s.fields.iter().filter_map(|f| named(&f.ty))),
        TypeKind::Union(u) => Box::new(u.variants.iter().filter_map(|v| named(&v.ty))),
        TypeKind::Alias(ty) => Box::new(named(ty).into_iter()),
        TypeKind::Enum(_) => Box::new(std::iter::empty()),
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
    use super::tarjan;

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
