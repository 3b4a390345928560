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
//! A union whose variants are all string enums (no discriminator) is not a union: it is one
//! string enum with every variant's values.
//!
//! Tagged variants do not carry the tag themselves: the variant struct loses the property, and
//! the enum writes it. Every union gets a last variant, `Unrecognized(serde_json::Value)`, that keeps
//! a body no variant accepts (a tag value added later, or a shape the spec does not describe).

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::schemas::{shape, Shape};
use super::{names, Context, DiagnosticKind, SchemaRef};
use crate::ir::{Format, TagSource, Tagging, Type, TypeDef, TypeKind, Union, UnionVariant};

impl<'a> Context<'a> {
    /// The values of a `oneOf`/`anyOf` (without a discriminator) whose variants are all string
    /// enums, in order: one string enum has them all (sort modes written
    /// `oneOf: [{enum: [ascending]}, {enum: [descending]}]`).
    pub(super) fn enum_values_of(
        &self,
        variants: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a Discriminator>,
    ) -> Option<Vec<String>> {
        if discriminator.is_some() || variants.is_empty() {
            return None;
        }
        let mut all = Vec::new();
        for v in variants {
            match shape(self.resolve(SchemaRef::from(v))?) {
                Shape::String { values } if !values.is_empty() => all.extend(values),
                _ => return None,
            }
        }
        Some(all)
    }

    pub(super) fn union_of(
        &mut self,
        name: &str,
        variants: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a Discriminator>,
        pointer: &str,
        keyword: &str,
    ) -> Union {
        let mut members: Vec<Member<'a>> = Vec::with_capacity(variants.len());
        for (i, v) in variants.iter().enumerate() {
            let at = format!("{pointer}/{keyword}/{i}");
            let schema = SchemaRef::from(v);
            if let SchemaRef::Ref(reference) = schema {
                let repeated = members
                    .iter()
                    .any(|m| matches!(m.schema, SchemaRef::Ref(r) if same_ref(r, reference)));
                if repeated {
                    self.warn(&at, DiagnosticKind::DuplicateVariant, format!("`{reference}` is already a variant of this union; the repetition is left out"));
                    continue;
                }
            }
            let hint = match schema {
                SchemaRef::Item(s) => s.schema_data.title.as_deref().map_or_else(
                    || format!("{name}Variant{}", i + 1),
                    |t| format!("{name}{}", names::type_name(t)),
                ),
                SchemaRef::Ref(_) => String::new(),
            };
            let ty = self.type_of(schema, &hint, &at);
            members.push(Member {
                schema,
                ty,
                resolved: self.resolve(schema),
            });
        }

        let tagging = match discriminator {
            Some(d) => match self.discriminator_tags(d, &members) {
                Some(tags) => {
                    let tags = self.distinct_tags(&mut members, tags, pointer);
                    Some((d.property_name.clone(), TagSource::Discriminator, tags))
                }
                None => {
                    self.warn(pointer, DiagnosticKind::Discriminator, format!("the discriminator {:?} cannot select every variant (a variant written inline or outside `components/schemas`, without a mapping entry, has no schema name to use as its value); the enum is untagged", d.property_name));
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

    /// The tag values of each variant under an explicit discriminator, and whether they come
    /// from the mapping (rather than the schema name).
    fn discriminator_tags(
        &self,
        d: &Discriminator,
        members: &[Member<'a>],
    ) -> Option<Vec<(Vec<String>, bool)>> {
        members
            .iter()
            .map(|m| {
                let SchemaRef::Ref(reference) = m.schema else {
                    return None;
                };
                let schema_name = super::component_name(reference, "schemas")?;
                // A schema the reference pass hoisted out of a path or another schema has a
                // made-up name, which is no tag value the API knows: without a mapping entry,
                // such a variant has no tag.
                let hoisted = self.references.is_hoisted(reference);
                let mapped: Vec<String> = d
                    .mapping
                    .iter()
                    .filter(|(_, target)| *target == reference || **target == schema_name)
                    .map(|(value, _)| value.clone())
                    .collect();
                Some(if mapped.is_empty() {
                    if hoisted {
                        return None;
                    }
                    (vec![schema_name], false)
                } else {
                    (mapped, true)
                })
            })
            .collect()
    }

    /// Makes each tag value select one variant: a value of the mapping belongs to the variant
    /// it maps to, even when another variant's schema has that name (OpenAPI: the mapping comes
    /// first). A variant left with no value of its own cannot be selected and is left out.
    fn distinct_tags(
        &mut self,
        members: &mut Vec<Member<'a>>,
        tags: Vec<(Vec<String>, bool)>,
        pointer: &str,
    ) -> Vec<Vec<String>> {
        let mapped: HashSet<String> = tags
            .iter()
            .filter(|(_, from_mapping)| *from_mapping)
            .flat_map(|(values, _)| values.iter().cloned())
            .collect();
        let mut seen: HashSet<String> = HashSet::new();
        let mut kept = Vec::with_capacity(tags.len());
        let mut keep = Vec::with_capacity(tags.len());
        for (member, (values, from_mapping)) in members.iter().zip(tags) {
            let own: Vec<String> = values
                .iter()
                .filter(|v| (from_mapping || !mapped.contains(*v)) && seen.insert((*v).clone()))
                .cloned()
                .collect();
            if own.is_empty() {
                let what = match member.schema {
                    SchemaRef::Ref(r) => format!("`{r}`"),
                    SchemaRef::Item(_) => "an inline variant".to_owned(),
                };
                self.warn(pointer, DiagnosticKind::Discriminator, format!("the variant {what} would be selected by {values:?}, which the mapping gives to another variant; no body selects it, so it is left out"));
            }
            keep.push(!own.is_empty());
            if !own.is_empty() {
                kept.push(own);
            }
        }
        let mut flags = keep.into_iter();
        members.retain(|_| flags.next().unwrap_or(false));
        kept
    }

    /// The order key of an untagged variant: lower is tried first.
    fn rank(&self, member: &Member<'a>) -> (u8, Reverse<usize>) {
        match member.resolved.map(shape) {
            Some(Shape::Object { required, .. }) => (0, Reverse(required.len())),
            Some(Shape::AllOf { .. } | Shape::Union { .. }) => (0, Reverse(0)),
            _ => match &member.ty {
                Type::Bool => (1, Reverse(0)),
                Type::I64 => (2, Reverse(0)),
                Type::F32 | Type::F64 => (3, Reverse(0)),
                Type::String | Type::Formatted(_) => (4, Reverse(0)),
                Type::Named(n) | Type::Boxed(n) => match self.type_def(n).map(|d| &d.kind) {
                    Some(TypeKind::Enum(_)) => (4, Reverse(0)),
                    _ => (0, Reverse(0)),
                },
                // A tuple is a list of a fixed length: tried before a list of any length.
                Type::Tuple(_) => (5, Reverse(0)),
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

/// Two references to the same component (spelled alike, or escaped differently).
fn same_ref(a: &str, b: &str) -> bool {
    a == b
        || matches!(
            (super::component_name(a, "schemas"), super::component_name(b, "schemas")),
            (Some(x), Some(y)) if x == y
        )
}

fn variant_name(ty: &Type) -> String {
    match ty {
        Type::Named(n) | Type::Boxed(n) => n.clone(),
        Type::String => "String".into(),
        Type::Formatted(Format::DateTime) => "DateTime".into(),
        Type::Formatted(Format::Date) => "Date".into(),
        Type::Formatted(Format::Uuid) => "Uuid".into(),
        Type::Bool => "Bool".into(),
        Type::I64 => "Integer".into(),
        Type::F32 | Type::F64 => "Number".into(),
        Type::Vec(_) => "Array".into(),
        Type::Tuple(_) => "Tuple".into(),
        Type::Map(_) => "Map".into(),
        Type::Json => "Json".into(),
    }
}

/// Drops the tag property from the structs that are variants of a tagged union, directly or
/// through aliases (the enum writes it; kept, it would be written twice), and the one-value
/// enum types that existed only for that property.
pub(super) fn remove_carried_tags(types: &mut Vec<TypeDef>, removals: &[(String, String)]) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.clone(), i))
        .collect();
    let mut orphans: HashSet<usize> = HashSet::new();
    for (variant, property) in removals {
        let Some(&named) = index.get(variant) else {
            continue;
        };
        // A variant may name its struct through aliases (`Pet: {$ref: Cat}`): the struct is what
        // would write the tag a second time. (Alias cycles end the walk, at the latest after
        // as many steps as there are types.)
        let mut at = named;
        for _ in 0..types.len() {
            match &types[at].kind {
                TypeKind::Alias(Type::Named(n)) => match index.get(n) {
                    Some(&next) => at = next,
                    None => break,
                },
                _ => break,
            }
        }
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
    // An enum another struct still uses stays (an `allOf` that merged the variant's fields
    // took the tag property, and its type, along).
    orphans.retain(|&j| !types.iter().any(|t| uses(&t.kind, &types[j].name)));
    if !orphans.is_empty() {
        let mut i = 0;
        types.retain(|_| {
            i += 1;
            !orphans.contains(&(i - 1))
        });
    }
}

/// Whether a type's definition names `name`, however deep in lists and maps.
fn uses(kind: &TypeKind, name: &str) -> bool {
    fn names(ty: &Type, name: &str) -> bool {
        match ty {
            Type::Named(n) | Type::Boxed(n) => n == name,
            Type::Vec(inner) | Type::Map(inner) => names(inner, name),
            _ => false,
        }
    }
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| names(&f.ty, name))
                || s.additional.as_ref().is_some_and(|a| names(a, name))
        }
        TypeKind::Union(u) => u.variants.iter().any(|v| names(&v.ty, name)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => names(ty, name),
        TypeKind::Enum(_) => false,
    }
}
