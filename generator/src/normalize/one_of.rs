//! `oneOf`/`anyOf` → a Rust enum: how a body picks its variant.
//!
//! 1. An explicit `discriminator` tags the enum on its property; `mapping` gives the values
//!    (several values may select one variant), and a variant without a mapping entry is selected
//!    by its schema name, as OpenAPI says.
//! 2. Otherwise a tag is inferred: a property that every variant requires, whose schema is a
//!    one-value string enum in each, with distinct values (HubSpot's `token_use`). The first
//!    such property, in the first variant's order, wins.
//! 3. Otherwise the enum is untagged: variants are tried in order, the first that decodes wins.
//!    Variants that accept more bodies come later: objects by descending number of required
//!    properties (a variant requiring a subset of another's properties accepts all of its
//!    bodies), then booleans, integers, numbers, strings, arrays, maps and free-form JSON.
//!
//! Tagged variants do not carry the tag themselves: the variant struct loses the property, and
//! the enum writes it. Every union gets a last variant, `Unrecognized(serde_json::Value)`, that keeps
//! a body no variant accepts (a tag value added later, or a shape the spec does not describe).

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::schemas::{shape, Shape};
use super::{names, Context, DiagnosticKind, SchemaRef};
use crate::ir::{TagSource, Tagging, Type, TypeDef, TypeKind, Union, UnionVariant};

impl<'a> Context<'a> {
    pub(super) fn union_of(
        &mut self,
        name: &str,
        variants: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a Discriminator>,
        pointer: &str,
        keyword: &str,
    ) -> Union {
        let members: Vec<Member<'a>> = variants
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let at = format!("{pointer}/{keyword}/{i}");
                let schema = SchemaRef::from(v);
                let hint = match schema {
                    SchemaRef::Item(s) => s.schema_data.title.as_deref().map_or_else(
                        || format!("{name}Variant{}", i + 1),
                        |t| format!("{name}{}", names::type_name(t)),
                    ),
                    SchemaRef::Ref(_) => String::new(),
                };
                let ty = self.type_of(schema, &hint, &at);
                Member {
                    schema,
                    ty,
                    resolved: self.resolve(schema),
                }
            })
            .collect();

        let tagging = match discriminator {
            Some(d) => match self.discriminator_tags(d, &members) {
                Some(tags) => Some((d.property_name.clone(), TagSource::Discriminator, tags)),
                None => {
                    self.warn(pointer, DiagnosticKind::Discriminator, format!("the discriminator {:?} cannot select every variant (inline variants have no schema name); the enum is untagged", d.property_name));
                    None
                }
            },
            None => None,
        }
        .or_else(|| infer_tag(&members).map(|(p, tags)| (p, TagSource::Inferred, tags)));

        let mut taken = names::Namespace::with_reserved(&["Unrecognized"]);
        match tagging {
            Some((property, source, tags)) => {
                let mut out = Vec::with_capacity(members.len());
                for (member, tags) in members.iter().zip(tags) {
                    let wanted = self.ident(names::type_ident(&tags[0]), &tags[0], pointer);
                    let (variant, collided) = taken.claim(&wanted);
                    if collided {
                        self.warn(pointer, DiagnosticKind::NameCollision, format!("the tag value {:?} would be the variant `{wanted}`, which is taken; it is `{variant}`", tags[0]));
                    }
                    if let Type::Named(n) = &member.ty {
                        self.tag_removals.push((n.clone(), property.clone()));
                    }
                    out.push(UnionVariant {
                        name: variant,
                        ty: member.ty.clone(),
                        tags,
                    });
                }
                Union {
                    tagging: Tagging::Internal { property, source },
                    variants: out,
                }
            }
            None => {
                let mut ordered: Vec<&Member<'a>> = members.iter().collect();
                ordered.sort_by_key(|m| self.rank(m));
                let mut out = Vec::with_capacity(ordered.len());
                for member in ordered {
                    let wanted = variant_name(&member.ty);
                    let (variant, collided) = taken.claim(&wanted);
                    if collided && wanted != variant_name(&Type::Json) {
                        self.warn(
                            pointer,
                            DiagnosticKind::NameCollision,
                            format!("two variants would be named `{wanted}`; one is `{variant}`"),
                        );
                    }
                    out.push(UnionVariant {
                        name: variant,
                        ty: member.ty.clone(),
                        tags: Vec::new(),
                    });
                }
                Union {
                    tagging: Tagging::Untagged,
                    variants: out,
                }
            }
        }
    }

    /// The tag values of each variant under an explicit discriminator.
    fn discriminator_tags(
        &self,
        d: &Discriminator,
        members: &[Member<'a>],
    ) -> Option<Vec<Vec<String>>> {
        members
            .iter()
            .map(|m| {
                let SchemaRef::Ref(reference) = m.schema else {
                    return None;
                };
                let schema_name = super::component_name(reference, "schemas")?;
                let mapped: Vec<String> = d
                    .mapping
                    .iter()
                    .filter(|(_, target)| *target == reference || **target == schema_name)
                    .map(|(value, _)| value.clone())
                    .collect();
                Some(if mapped.is_empty() {
                    vec![schema_name]
                } else {
                    mapped
                })
            })
            .collect()
    }

    /// The order key of an untagged variant: lower is tried first.
    fn rank(&self, member: &Member<'a>) -> (u8, Reverse<usize>) {
        match member.resolved.map(shape) {
            Some(Shape::Object { required, .. }) => (0, Reverse(required.len())),
            Some(Shape::AllOf { .. } | Shape::Union { .. }) => (0, Reverse(0)),
            _ => match &member.ty {
                Type::Bool => (1, Reverse(0)),
                Type::I32 | Type::I64 => (2, Reverse(0)),
                Type::F32 | Type::F64 => (3, Reverse(0)),
                Type::String => (4, Reverse(0)),
                Type::Named(n) | Type::Boxed(n) => match self.type_def(n).map(|d| &d.kind) {
                    Some(TypeKind::Enum(_)) => (4, Reverse(0)),
                    _ => (0, Reverse(0)),
                },
                Type::Vec(_) => (5, Reverse(0)),
                Type::Map(_) => (6, Reverse(0)),
                Type::Json => (7, Reverse(0)),
            },
        }
    }
}

struct Member<'a> {
    schema: SchemaRef<'a>,
    ty: Type,
    resolved: Option<&'a Schema>,
}

/// A property every variant requires as a distinct one-value string enum.
fn infer_tag(members: &[Member<'_>]) -> Option<(String, Vec<Vec<String>>)> {
    // Per variant: its properties and its required names.
    type Object<'s> = (Vec<(&'s str, SchemaRef<'s>)>, &'s [String]);
    let objects: Vec<Object<'_>> = members
        .iter()
        .map(|m| match m.resolved.map(shape) {
            Some(Shape::Object {
                properties,
                required,
                ..
            }) => Some((properties, required)),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (first, _) = objects.first()?;
    'candidates: for (candidate, _) in first {
        let mut tags: Vec<Vec<String>> = Vec::with_capacity(objects.len());
        for (properties, required) in &objects {
            if !required.iter().any(|r| r == candidate) {
                continue 'candidates;
            }
            let value =
                properties
                    .iter()
                    .find(|(k, _)| k == candidate)
                    .and_then(|(_, p)| match p {
                        SchemaRef::Item(s) => match shape(s) {
                            Shape::String { values } if values.len() == 1 => {
                                values.into_iter().next()
                            }
                            _ => None,
                        },
                        SchemaRef::Ref(_) => None,
                    });
            match value {
                Some(v) if !tags.iter().any(|t| t[0] == v) => tags.push(vec![v]),
                _ => continue 'candidates,
            }
        }
        return Some(((*candidate).to_owned(), tags));
    }
    None
}

fn variant_name(ty: &Type) -> String {
    match ty {
        Type::Named(n) | Type::Boxed(n) => n.clone(),
        Type::String => "String".into(),
        Type::Bool => "Bool".into(),
        Type::I32 | Type::I64 => "Integer".into(),
        Type::F32 | Type::F64 => "Number".into(),
        Type::Vec(_) => "Array".into(),
        Type::Map(_) => "Map".into(),
        Type::Json => "Json".into(),
    }
}

/// Drops the tag property from the structs that are variants of a tagged union (the enum
/// writes it), and the one-value enum types that existed only for that property.
pub(super) fn remove_carried_tags(types: &mut Vec<TypeDef>, removals: &[(String, String)]) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.clone(), i))
        .collect();
    let mut orphans: HashSet<usize> = HashSet::new();
    for (variant, property) in removals {
        let Some(&at) = index.get(variant) else {
            continue;
        };
        let def = &mut types[at];
        let inside = format!("{}/", def.pointer);
        let removed = match &mut def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .position(|f| &f.wire == property)
                .map(|i| s.fields.remove(i)),
            _ => None,
        };
        // The inline enum made for the tag property of this very struct goes too.
        if let Some(Type::Named(n)) = removed.map(|f| f.ty) {
            if let Some(&j) = index.get(&n) {
                if types[j].pointer.starts_with(&inside) {
                    orphans.insert(j);
                }
            }
        }
    }
    if !orphans.is_empty() {
        let mut i = 0;
        types.retain(|_| {
            i += 1;
            !orphans.contains(&(i - 1))
        });
    }
}
