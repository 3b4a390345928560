//! `allOf`: the one real member when the others only annotate it; one merged struct otherwise.
//! The annotations of a value, wherever they are written.
//!
//! Rules (fixtures `all_of` and `all_of_annotations`):
//! - An annotation-only member says nothing about the value's shape: it has no `type`,
//!   properties, items, enum, composition, `format`, constraints or discriminator, only
//!   `description`, `title`, `nullable`, `readOnly`, `writeOnly`, `default`, `example`,
//!   `deprecated`, `externalDocs` and `x-…` extensions. A `$ref` is never annotation-only.
//! - A member that only restates a type (`{type: string, nullable: true}`, no format, enum or
//!   constraint) counts as an annotation beside another member; alone, it is the value.
//! - A member that only adds validation constraints (`{maxLength: 16}`) counts as an
//!   annotation: it narrows the valid values, never their type.
//! - A member that is the parent of a hierarchy, a union listing this very schema among its
//!   variants (`Base: oneOf: [Child, …]`, `Child: allOf: [Base, {…}]`), is skipped when merging:
//!   it gives this schema its place in the union, no property.
//! - A member that only says which properties must be present, as a choice (`anyOf` of
//!   `required` lists), is a rule no type holds: merging skips it.
//! - When every member but one is annotation-only and the schema declares no properties or
//!   `required` of its own beside `allOf`, the `allOf` is that member: the same type, whatever
//!   it is (a string alias, an enum, an array, an object, a union, a `$ref` to any of those).
//!   `allOf: [X]` alone is X; an `allOf` of annotations only is any JSON.
//! - Otherwise the members are merged into one struct: objects' properties in order (nested
//!   `allOf`s flattened, annotation-only members contributing only their annotations); a member
//!   that is not an object makes the value JSON, with a diagnostic.
//!
//! The annotations of a value are read in layers, outermost first: the schema where the value
//! stands, then the annotation-only members of its `allOf` in order, then the real member (and
//! its own layers when it is collapsed too), down to the schema its type comes from. Past a
//! `$ref`, only `nullable` and `default` are read: the referenced schema's description,
//! example and deprecation belong to its own type, which carries them (as for a plain `$ref`).
//! - Docs: the first description of the layers, else the first title, so the outer text wins.
//!   The annotation beside a `$ref` or an inline member says what the value means where it
//!   stands (Lambda's `Role: allOf: [{$ref: RoleArn}, {description: "The function's execution
//!   role."}]`), which is what a reader of that field needs; the inner text describes the type
//!   in general and stays on a named type made from it. The notes (format, constraints) are the
//!   real inline member's, with the first example of the layers.
//! - `nullable`: any layer saying `true`. OpenAPI 3.0 has no way to say "not nullable" other than
//!   leaving it out (`nullable: false` is the default), so a `false` overrides nothing, and
//!   accepting `null` never turns a valid body into a decode error.
//! - `default`: the first of the layers, kept when it fits the type (else `ignored-default`).
//! - `deprecated`: any layer. `readOnly`, `writeOnly`, `externalDocs` and extensions are read
//!   and not used, as on any schema.

use indexmap::IndexMap;
use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaData, SchemaKind};
use serde_json::Value;

use super::schemas::{shape, ObjectParts, Shape};
use super::{child, docs, Context, DiagnosticKind, SchemaRef};

/// Whether an `allOf` member only annotates the others.
fn annotation_only(member: SchemaRef<'_>) -> bool {
    match member {
        SchemaRef::Ref(_) => false,
        SchemaRef::Item(s) => {
            s.schema_data.discriminator.is_none()
                && matches!(&s.schema_kind, SchemaKind::Any(a) if *a == AnySchema::default())
        }
    }
}

/// Whether an `allOf` member only restates a type (`{type: string, nullable: true}` beside a
/// `$ref` to a string): `type` and annotations, no format, enum, constraint or property. It says
/// nothing the real member does not (members of different types could hold no value at all).
fn restates_type(member: SchemaRef<'_>) -> bool {
    use openapiv3::{BooleanType, IntegerType, NumberType, StringType, Type};
    let SchemaRef::Item(s) = member else {
        return false;
    };
    s.schema_data.discriminator.is_none()
        && match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => *t == StringType::default(),
            SchemaKind::Type(Type::Integer(t)) => *t == IntegerType::default(),
            SchemaKind::Type(Type::Number(t)) => *t == NumberType::default(),
            SchemaKind::Type(Type::Boolean(t)) => *t == BooleanType::default(),
            _ => false,
        }
}

/// Whether an `allOf` member only adds validation constraints (`{maxLength: 16}` beside a
/// string): bounds, lengths, a pattern, counts; no type, property, enum or composition. It
/// narrows which values are valid, never their Rust type.
fn constrains_only(member: SchemaRef<'_>) -> bool {
    let SchemaRef::Item(s) = member else {
        return false;
    };
    let SchemaKind::Any(a) = &s.schema_kind else {
        return false;
    };
    let unconstrained = AnySchema {
        pattern: None,
        multiple_of: None,
        exclusive_minimum: None,
        exclusive_maximum: None,
        minimum: None,
        maximum: None,
        min_length: None,
        max_length: None,
        min_items: None,
        max_items: None,
        unique_items: None,
        min_properties: None,
        max_properties: None,
        ..a.clone()
    };
    s.schema_data.discriminator.is_none() && unconstrained == AnySchema::default()
}

/// Whether an `allOf` member only says which properties must be present, as a choice
/// (`anyOf: [{required: [a]}, {required: [b]}]`: at least one of them): a rule a type cannot
/// hold, which changes no property's type. Merging skips it.
fn presence_only(member: SchemaRef<'_>) -> bool {
    let SchemaRef::Item(s) = member else {
        return false;
    };
    let variants = match &s.schema_kind {
        SchemaKind::AnyOf { any_of } => any_of,
        SchemaKind::OneOf { one_of } => one_of,
        _ => return false,
    };
    !variants.is_empty()
        && variants.iter().all(|v| match v {
            ReferenceOr::Item(v) => match &v.schema_kind {
                SchemaKind::Any(a) => {
                    *a == AnySchema {
                        required: a.required.clone(),
                        ..AnySchema::default()
                    }
                }
                _ => false,
            },
            ReferenceOr::Reference { .. } => false,
        })
}

/// An `allOf` that stands for one of its members.
pub(super) struct Collapsed<'a> {
    /// The real member and its index; `None` when every member is annotation-only.
    pub real: Option<(usize, SchemaRef<'a>)>,
    /// The annotation-only members, in order.
    pub annotations: Vec<&'a Schema>,
}

/// The primitive type a schema declares, if it is one.
fn primitive(s: &Schema) -> Option<&'static str> {
    use openapiv3::Type;
    match &s.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        _ => None,
    }
}

impl<'a> Context<'a> {
    /// The member an `allOf` schema stands for, or `None` when its members are to be merged
    /// (or it is no `allOf`).
    pub(super) fn collapse<'s>(&self, s: &'s Schema) -> Option<Collapsed<'s>>
    where
        'a: 's,
    {
        let Shape::AllOf {
            members,
            own,
            required,
        } = shape(s)
        else {
            return None;
        };
        if !own.is_empty() || !required.is_empty() {
            return None;
        }
        let mut real = None;
        let mut annotations = Vec::new();
        // Members that restate a type annotate a real member of that type; alone, the first is
        // the value. Beside a member of another type they hold no value: no collapse.
        let mut restated = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member = SchemaRef::from(member);
            match member {
                SchemaRef::Item(a) if annotation_only(member) || constrains_only(member) => {
                    annotations.push(a)
                }
                SchemaRef::Item(a) if restates_type(member) => restated.push((i, a)),
                _ if real.is_none() => real = Some((i, member)),
                _ => return None,
            }
        }
        match real {
            Some((_, member)) if !restated.is_empty() => {
                let declared = self.resolve(member).and_then(primitive);
                if restated.iter().any(|(_, a)| primitive(a) != declared) {
                    return None;
                }
            }
            None if !restated.is_empty() => {
                let (i, first) = restated.remove(0);
                if restated
                    .iter()
                    .any(|(_, a)| primitive(a) != primitive(first))
                {
                    return None;
                }
                real = Some((i, SchemaRef::Item(first)));
            }
            _ => {}
        }
        annotations.extend(restated.into_iter().map(|(_, a)| a));
        Some(Collapsed { real, annotations })
    }
}

/// What the annotations of a value say, read in layers (see the module docs).
#[derive(Default)]
pub(super) struct Annotations<'a> {
    /// The first non-empty description.
    pub description: Option<&'a str>,
    /// The first non-empty title.
    pub title: Option<&'a str>,
    /// The first example.
    pub example: Option<&'a Value>,
    /// Any layer is nullable.
    pub nullable: bool,
    /// The first default.
    pub default: Option<&'a Value>,
    /// Any layer is deprecated.
    pub deprecated: bool,
    /// The schema the type comes from: every reference followed and every collapsed `allOf`
    /// passed; `None` for a dangling or cyclic reference, or annotations only.
    pub resolved: Option<&'a Schema>,
    /// `resolved`, when it was reached without a reference: its notes are the value's own.
    pub inline: Option<&'a Schema>,
}

impl<'a> Annotations<'a> {
    fn read(&mut self, data: &'a SchemaData, through_ref: bool) {
        self.nullable |= data.nullable;
        if self.default.is_none() {
            self.default = data.default.as_ref();
        }
        if through_ref {
            return;
        }
        let text = |t: &'a Option<String>| t.as_deref().filter(|t| !t.trim().is_empty());
        self.description = self.description.or_else(|| text(&data.description));
        self.title = self.title.or_else(|| text(&data.title));
        if self.example.is_none() {
            self.example = data.example.as_ref();
        }
        self.deprecated |= data.deprecated;
    }

    /// The doc of a field with these annotations.
    pub fn docs(&self) -> Option<String> {
        docs::annotated_docs(self.description.or(self.title), self.inline, self.example)
    }
}

impl<'a> Context<'a> {
    /// The annotations of the value `schema` describes, read in layers.
    pub(super) fn annotations(&self, schema: SchemaRef<'a>) -> Annotations<'a> {
        let mut found = Annotations::default();
        let mut current = schema;
        let mut through_ref = false;
        // Inline nesting is finite; more references than components is a cycle.
        let mut refs = 0usize;
        loop {
            let s = match current {
                SchemaRef::Ref(r) => {
                    refs += 1;
                    match self.component(r) {
                        Some(target) if refs <= self.schema_count() => {
                            current = target.into();
                            through_ref = true;
                            continue;
                        }
                        _ => return found,
                    }
                }
                SchemaRef::Item(s) => s,
            };
            found.read(&s.schema_data, through_ref);
            match self.collapse(s) {
                Some(Collapsed { real, annotations }) => {
                    for a in annotations {
                        found.read(&a.schema_data, through_ref);
                    }
                    match real {
                        Some((_, real)) => current = real,
                        None => return found,
                    }
                }
                None => {
                    // A merged `allOf`: its annotation-only members still annotate it.
                    if let Shape::AllOf { members, .. } = shape(s) {
                        for m in members {
                            if let ReferenceOr::Item(a) = m {
                                if annotation_only(SchemaRef::Item(a)) {
                                    found.read(&a.schema_data, through_ref);
                                }
                            }
                        }
                    }
                    found.resolved = Some(s);
                    found.inline = (!through_ref).then_some(s);
                    return found;
                }
            }
        }
    }

    /// Merges `allOf` members (and the schema's own properties) into one object, or `None`
    /// (with a diagnostic) when a member is not an object.
    pub(super) fn merge_all_of(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        own: Vec<(&'a str, SchemaRef<'a>)>,
        own_required: &'a [String],
        pointer: &str,
    ) -> Option<ObjectParts<'a>> {
        let mut merged = ObjectParts {
            properties: Vec::new(),
            required: Vec::new(),
            additional: None,
        };
        let mut origins: IndexMap<&str, (SchemaRef<'a>, String)> = IndexMap::new();
        let mut pending: Vec<(SchemaRef<'a>, String)> = members
            .iter()
            .enumerate()
            .map(|(i, m)| (SchemaRef::from(m), format!("{pointer}/allOf/{i}")))
            .collect();
        pending.reverse();
        let own_pointer = pointer.to_owned();
        let mut own = Some((own, own_required, own_pointer));
        // Bounded: every step consumes a member; nested allOf adds its own members, at most
        // once per component (a cycle of allOf is cut off by the step limit).
        let mut steps = 0usize;
        loop {
            let (properties, required, at) = match pending.pop() {
                Some((member, member_pointer)) => {
                    steps += 1;
                    if steps > 1000 {
                        self.warn(
                            pointer,
                            DiagnosticKind::UnsupportedSchema,
                            "`allOf` nests too deeply (a cycle?); the value is kept as JSON",
                        );
                        return None;
                    }
                    let at = match member {
                        SchemaRef::Ref(r) => super::component_name(r, "schemas")
                            .map_or(member_pointer.clone(), |n| child("/components/schemas", &n)),
                        SchemaRef::Item(_) => member_pointer.clone(),
                    };
                    if presence_only(member) {
                        continue;
                    }
                    let Some(s) = self.resolve(member) else {
                        if let SchemaRef::Ref(r) = member {
                            self.type_of_ref(r, &member_pointer);
                        }
                        return None;
                    };
                    match shape(s) {
                        Shape::Object {
                            properties,
                            required,
                            additional,
                        } => {
                            if merged.additional.is_none() {
                                merged.additional = additional;
                            }
                            (properties, required, at)
                        }
                        Shape::AllOf {
                            members,
                            own,
                            required,
                        } => {
                            for (i, m) in members.iter().enumerate().rev() {
                                pending.push((m.into(), format!("{at}/allOf/{i}")));
                            }
                            (own, required, at)
                        }
                        // `{required: [name]}`: no properties, but it makes some required.
                        Shape::Any => match &s.schema_kind {
                            SchemaKind::Any(a) => (Vec::new(), &a.required[..], at),
                            _ => (Vec::new(), &[][..], at),
                        },
                        // The parent of a hierarchy, listing this schema among its variants
                        // (`Base: oneOf: [$ref: Child, …]`, `Child: allOf: [$ref: Base, {…}]`):
                        // what it adds is this schema's place in the union, no property.
                        Shape::Union { variants, .. }
                            if variants.iter().any(|v| names_schema(v, pointer)) =>
                        {
                            continue;
                        }
                        _ => {
                            self.warn(&member_pointer, DiagnosticKind::UnsupportedSchema, "an `allOf` member is not an object, so the members cannot be merged into one struct; the value is kept as JSON");
                            return None;
                        }
                    }
                }
                None => match own.take() {
                    Some((properties, required, at)) => (properties, required, at),
                    None => break,
                },
            };
            for (wire, prop) in properties {
                let prop_pointer = child(&child(&at, "properties"), wire);
                if let Some((first, first_pointer)) = origins.get(wire) {
                    if !same_schema(*first, prop) {
                        let first_pointer = first_pointer.clone();
                        self.warn(&prop_pointer, DiagnosticKind::AllOfConflict, format!("the property {wire:?} is also defined, differently, at {first_pointer}; the first definition is kept"));
                    }
                    continue;
                }
                origins.insert(wire, (prop, prop_pointer.clone()));
                merged.properties.push((wire, prop, prop_pointer));
            }
            for r in required {
                if !merged.required.contains(&r.as_str()) {
                    merged.required.push(r);
                }
            }
        }
        Some(merged)
    }
}

/// Whether a union variant is a `$ref` to the component schema at `pointer`.
fn names_schema(variant: &ReferenceOr<Schema>, pointer: &str) -> bool {
    match variant {
        ReferenceOr::Reference { reference } => super::component_name(reference, "schemas")
            .is_some_and(|name| child("/components/schemas", &name) == pointer),
        ReferenceOr::Item(_) => false,
    }
}

fn same_schema(a: SchemaRef<'_>, b: SchemaRef<'_>) -> bool {
    match (a, b) {
        (SchemaRef::Ref(x), SchemaRef::Ref(y)) => x == y,
        (SchemaRef::Item(x), SchemaRef::Item(y)) => {
            serde_json::to_value(x).ok() == serde_json::to_value(y).ok()
        }
        _ => false,
    }
}
