//! Schemas → types: structs, string enums, aliases; required, optional, nullable, defaults,
//! formats. `allOf` (collapsed to one member or merged into one struct) and the annotations of
//! a value, wherever they are written, are in `all_of`.
//!
//! Rules (each has a fixture and a snapshot in `generator/tests/`):
//! - A component schema becomes a type of its name; an inline schema that needs a name (an
//!   object with properties, a string enum, a union, an `allOf`) is named from where it
//!   stands: parent type + property (`CreateTokenRequestGrantType`), `…Item` for array items,
//!   `…Value` for map values.
//! - `integer` → `i64`, whatever its `format`: an `int32` read from a response is widened,
//!   because a server's ids outgrow the format its spec declares (HubSpot's `user_id` and
//!   `hub_id` are `int32` in the specs and exceed `i32::MAX` in practice), and a value that
//!   does not fit must never turn a response, a token response above all, into a decode error.
//!   One type serves requests and responses, so requests take `i64` too. `number`: `float` →
//!   `f32`, anything else → `f64`. `string` stays `String` whatever its `format` (`date-time`, `uuid`,
//!   `binary`…): a value that does not fit its format can never turn a body into a decode
//!   error. (With typed formats, `date-time`, `date` and `uuid` are types that keep such a
//!   value as text: see `formats`.) An object with no properties is an ordered map when `additionalProperties` has a
//!   schema, and free-form JSON (`serde_json::Value`) otherwise.
//! - Required → `T`; required and nullable → `Option<T>` written as `null`; optional →
//!   `Option<T>` left out when `None`; optional with a usable `default` → `T`, the default when
//!   the key is absent. A default is usable when its JSON type is the one of the schema the
//!   field's type comes from (a string for a string, a string enum or an alias of either).
//! - `type: array` without `items` → `Vec<serde_json::Value>`, reported (`untyped-array`).

use openapiv3::{
    AdditionalProperties, NumberFormat, ReferenceOr, Schema, SchemaKind, Type as OaType,
    VariantOrUnknownOrEmpty,
};

use super::all_of::Collapsed;
use super::{child, names, secrets, Context, DiagnosticKind, SchemaRef};
use crate::ir::{EnumVariant, Field, Literal, Presence, StringEnum, Struct, Type, TypeKind};

/// The properties of an object (or of an `allOf` merged into one), with their pointers.
pub(super) struct ObjectParts<'a> {
    pub properties: Vec<(&'a str, SchemaRef<'a>, String)>,
    pub required: Vec<&'a str>,
    pub additional: Option<&'a AdditionalProperties>,
}

/// How a schema looks, whichever way the spec spelled it.
pub(super) enum Shape<'a> {
    String {
        values: Vec<String>,
    },
    Integer,
    Number {
        float: bool,
    },
    Bool,
    Array {
        items: Option<SchemaRef<'a>>,
    },
    Object {
        properties: Vec<(&'a str, SchemaRef<'a>)>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
    },
    Union {
        variants: &'a [ReferenceOr<Schema>],
        keyword: &'static str,
        beside: usize,
    },
    AllOf {
        members: &'a [ReferenceOr<Schema>],
        own: Vec<(&'a str, SchemaRef<'a>)>,
        required: &'a [String],
    },
    /// No constraint: any JSON.
    Any,
    Unsupported(&'static str),
}

pub(super) fn shape(s: &Schema) -> Shape<'_> {
    match &s.schema_kind {
        SchemaKind::Type(OaType::String(t)) => Shape::String {
            values: t.enumeration.iter().flatten().cloned().collect(),
        },
        SchemaKind::Type(OaType::Integer(_)) => Shape::Integer,
        SchemaKind::Type(OaType::Number(t)) => Shape::Number {
            float: matches!(t.format, VariantOrUnknownOrEmpty::Item(NumberFormat::Float)),
        },
        SchemaKind::Type(OaType::Boolean(_)) => Shape::Bool,
        SchemaKind::Type(OaType::Array(t)) => Shape::Array {
            items: t.items.as_ref().map(SchemaRef::from),
        },
        SchemaKind::Type(OaType::Object(t)) => Shape::Object {
            properties: t
                .properties
                .iter()
                .map(|(k, v)| (k.as_str(), SchemaRef::from(v)))
                .collect(),
            required: &t.required,
            additional: t.additional_properties.as_ref(),
        },
        SchemaKind::OneOf { one_of } => Shape::Union {
            variants: one_of,
            keyword: "oneOf",
            beside: 0,
        },
        SchemaKind::AnyOf { any_of } => Shape::Union {
            variants: any_of,
            keyword: "anyOf",
            beside: 0,
        },
        SchemaKind::AllOf { all_of } => Shape::AllOf {
            members: all_of,
            own: Vec::new(),
            required: &[],
        },
        SchemaKind::Not { .. } => Shape::Unsupported("`not`"),
        SchemaKind::Any(a) => {
            let properties: Vec<_> = a
                .properties
                .iter()
                .map(|(k, v)| (k.as_str(), SchemaRef::from(v)))
                .collect();
            if !a.one_of.is_empty() {
                Shape::Union {
                    variants: &a.one_of,
                    keyword: "oneOf",
                    beside: properties.len(),
                }
            } else if !a.any_of.is_empty() {
                Shape::Union {
                    variants: &a.any_of,
                    keyword: "anyOf",
                    beside: properties.len(),
                }
            } else if !a.all_of.is_empty() {
                Shape::AllOf {
                    members: &a.all_of,
                    own: properties,
                    required: &a.required,
                }
            } else if a.not.is_some() {
                Shape::Unsupported("`not`")
            } else if !properties.is_empty() || a.typ.as_deref() == Some("object") {
                Shape::Object {
                    properties,
                    required: &a.required,
                    additional: a.additional_properties.as_ref(),
                }
            } else {
                match a.typ.as_deref() {
                    Some("string") => Shape::String {
                        values: a
                            .enumeration
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect(),
                    },
                    Some("integer") => Shape::Integer,
                    Some("number") => Shape::Number {
                        float: a.format.as_deref() == Some("float"),
                    },
                    Some("boolean") => Shape::Bool,
                    Some("array") => Shape::Array {
                        items: a.items.as_ref().map(SchemaRef::from),
                    },
                    _ => Shape::Any,
                }
            }
        }
    }
}

/// The items of a tuple: an array schema that `load` made from 3.1's `prefixItems` (marked
/// with [`crate::load::TUPLE`], its `items` an `anyOf` of the tuple's items in order).
fn tuple_members(s: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    s.schema_data.extensions.get(crate::load::TUPLE)?;
    let items = match &s.schema_kind {
        SchemaKind::Type(OaType::Array(t)) => t.items.as_ref()?,
        SchemaKind::Any(a) => a.items.as_ref()?,
        _ => return None,
    };
    let ReferenceOr::Item(items) = items else {
        return None;
    };
    match &items.schema_kind {
        SchemaKind::AnyOf { any_of } => Some(any_of),
        SchemaKind::Any(a) => Some(&a.any_of),
        _ => None,
    }
}

impl<'a> Context<'a> {
    /// Names every component schema, then defines each one.
    pub(super) fn component_schemas(&mut self) {
        let Some(components) = self.spec.components.as_ref() else {
            return;
        };
        for name in components.schemas.keys() {
            let pointer = child("/components/schemas", name);
            let rust = self.claim_type_name(name, &pointer);
            self.components.insert(name.clone(), rust);
        }
        for (name, schema) in &components.schemas {
            let rust = self.components[name].clone();
            self.define_named(&rust, schema.into(), &child("/components/schemas", name));
        }
    }

    /// The type of a schema that stands at `pointer`; `hint` names it if it needs a name.
    pub(super) fn type_of(&mut self, schema: SchemaRef<'a>, hint: &str, pointer: &str) -> Type {
        let s = match schema {
            SchemaRef::Ref(reference) => return self.type_of_ref(reference, pointer),
            SchemaRef::Item(s) => s,
        };
        match shape(s) {
            Shape::String { values } if !values.is_empty() => self.named(hint, schema, pointer),
            Shape::Object { properties, .. } if !properties.is_empty() => {
                self.named(hint, schema, pointer)
            }
            Shape::Union { .. } => self.named(hint, schema, pointer),
            Shape::AllOf { .. } => match self.collapse(s) {
                Some(Collapsed {
                    real: Some((i, real)),
                    ..
                }) => self.type_of(real, hint, &format!("{pointer}/allOf/{i}")),
                Some(Collapsed { real: None, .. }) => Type::Json,
                None => self.named(hint, schema, pointer),
            },
            Shape::String { .. } => self.string_type(s),
            Shape::Integer => Type::I64,
            Shape::Number { float: true } => Type::F32,
            Shape::Number { float: false } => Type::F64,
            Shape::Bool => Type::Bool,
            Shape::Array { items: Some(items) } => match tuple_members(s) {
                Some(members) => Type::Tuple(
                    members
                        .iter()
                        .enumerate()
                        .map(|(i, m)| {
                            self.type_of(
                                m.into(),
                                &format!("{hint}{i}"),
                                &format!("{pointer}/prefixItems/{i}"),
                            )
                        })
                        .collect(),
                ),
                None => Type::Vec(Box::new(self.type_of(
                    items,
                    &format!("{hint}Item"),
                    &format!("{pointer}/items"),
                ))),
            },
            Shape::Array { items: None } => {
                self.warn(
                    pointer,
                    DiagnosticKind::UntypedArray,
                    "`type: array` without `items`; the items are kept as JSON",
                );
                Type::Vec(Box::new(Type::Json))
            }
            Shape::Object {
                additional: Some(AdditionalProperties::Schema(value)),
                ..
            } => {
                let value = self.type_of(
                    value.as_ref().into(),
                    &format!("{hint}Value"),
                    &format!("{pointer}/additionalProperties"),
                );
                Type::Map(Box::new(value))
            }
            Shape::Object { .. } | Shape::Any => Type::Json,
            Shape::Unsupported(what) => {
                self.warn(
                    pointer,
                    DiagnosticKind::UnsupportedSchema,
                    format!("{what} cannot be expressed as a Rust type; the value is kept as JSON"),
                );
                Type::Json
            }
        }
    }

    /// The type a `$ref` names.
    pub(super) fn type_of_ref(&mut self, reference: &str, pointer: &str) -> Type {
        match super::component_name(reference, "schemas") {
            Some(name) => match self.components.get(&name) {
                Some(rust) => Type::Named(rust.clone()),
                None => {
                    self.warn(
                        pointer,
                        DiagnosticKind::DanglingRef,
                        format!("`{reference}` names no schema; the value is kept as JSON"),
                    );
                    Type::Json
                }
            },
            None => {
                let (kind, why) = self.unresolved(reference, "schema");
                self.warn(pointer, kind, format!("{why}; the value is kept as JSON"));
                Type::Json
            }
        }
    }

    /// The named type for the schema at `pointer`: made once, however many places use it
    /// (a response component that many operations share).
    fn named(&mut self, hint: &str, schema: SchemaRef<'a>, pointer: &str) -> Type {
        if let Some(&index) = self.defined.get(pointer) {
            return Type::Named(self.types[index].name.clone());
        }
        let name = self.claim_type_name(hint, pointer);
        self.defined.insert(pointer.to_owned(), self.types.len());
        self.define_named(&name, schema, pointer);
        Type::Named(name)
    }

    /// Defines the type `name` for a schema: a struct, enum or union of that name, or an alias.
    pub(super) fn define_named(&mut self, name: &str, schema: SchemaRef<'a>, pointer: &str) {
        let index = self.reserve(name, pointer);
        let (kind, docs, deprecated) = match schema {
            SchemaRef::Ref(reference) => (
                TypeKind::Alias(self.type_of_ref(reference, pointer)),
                None,
                false,
            ),
            SchemaRef::Item(s) => {
                let kind = self.kind_of(s, name, pointer);
                let found = self.annotations(schema);
                (kind, found.description.map(str::to_owned), found.deprecated)
            }
        };
        let def = &mut self.types[index];
        def.kind = kind;
        def.docs = docs;
        def.deprecated = deprecated;
    }

    fn kind_of(&mut self, s: &'a Schema, name: &str, pointer: &str) -> TypeKind {
        match shape(s) {
            Shape::String { values } if !values.is_empty() => {
                TypeKind::Enum(self.string_enum(&values, pointer))
            }
            Shape::Object {
                properties,
                required,
                additional,
            } if !properties.is_empty() => {
                let parts = ObjectParts {
                    properties: properties
                        .into_iter()
                        .map(|(k, v)| (k, v, child(&child(pointer, "properties"), k)))
                        .collect(),
                    required: required.iter().map(String::as_str).collect(),
                    additional,
                };
                TypeKind::Struct(self.struct_of(name, parts, pointer))
            }
            Shape::Union {
                variants,
                keyword,
                beside,
            } => {
                if beside > 0 {
                    self.warn(pointer, DiagnosticKind::UnsupportedSchema, format!("`properties` beside `{keyword}` are ignored; each variant declares its own"));
                }
                let discriminator = s.schema_data.discriminator.as_ref();
                if let Some(values) = self.enum_values_of(variants, discriminator) {
                    return TypeKind::Enum(self.string_enum(&values, pointer));
                }
                TypeKind::Union(self.union_of(name, variants, discriminator, pointer, keyword))
            }
            Shape::AllOf {
                members,
                own,
                required,
            } => match self.collapse(s) {
                Some(Collapsed {
                    real: Some((i, real)),
                    ..
                }) => {
                    let at = format!("{pointer}/allOf/{i}");
                    match real {
                        SchemaRef::Item(real) => self.kind_of(real, name, &at),
                        SchemaRef::Ref(reference) => {
                            TypeKind::Alias(self.type_of_ref(reference, &at))
                        }
                    }
                }
                Some(Collapsed { real: None, .. }) => TypeKind::Alias(Type::Json),
                None => match self.merge_all_of(members, own, required, pointer) {
                    Some(parts) => TypeKind::Struct(self.struct_of(name, parts, pointer)),
                    None => TypeKind::Alias(Type::Json),
                },
            },
            _ => TypeKind::Alias(self.type_of(SchemaRef::Item(s), name, pointer)),
        }
    }

    /// A string enum; values that collide once case-converted get suffixes.
    pub(super) fn string_enum(&mut self, values: &[String], pointer: &str) -> StringEnum {
        let mut taken = names::Namespace::with_reserved(&["Unrecognized"]);
        let mut variants: Vec<EnumVariant> = Vec::new();
        for value in values {
            if variants.iter().any(|v| &v.wire == value) {
                continue;
            }
            let wanted = if value.is_empty() {
                "Empty".to_owned()
            } else {
                self.ident(names::type_ident(value), value, pointer)
            };
            let (name, collided) = taken.claim(&wanted);
            if collided {
                self.warn(pointer, DiagnosticKind::NameCollision, format!("the enum value {value:?} would be the variant `{wanted}`, which is taken; it is `{name}`"));
            }
            variants.push(EnumVariant {
                name,
                wire: value.clone(),
            });
        }
        StringEnum { variants }
    }

    /// A struct from object properties.
    pub(super) fn struct_of(
        &mut self,
        name: &str,
        parts: ObjectParts<'a>,
        pointer: &str,
    ) -> Struct {
        let mut field_names = names::Namespace::default();
        let additional = match parts.additional {
            Some(AdditionalProperties::Schema(value)) => {
                field_names.claim("additional_properties");
                Some(self.type_of(
                    value.as_ref().into(),
                    &format!("{name}Value"),
                    &format!("{pointer}/additionalProperties"),
                ))
            }
            _ => None,
        };
        let mut fields = Vec::with_capacity(parts.properties.len());
        for (wire, prop, prop_pointer) in parts.properties {
            let ty = self.type_of(
                prop,
                &format!("{name}{}", names::type_name(wire)),
                &prop_pointer,
            );
            let found = self.annotations(prop);
            let key = format!("{name}.{wire}");
            let required = self
                .settings
                .overrides
                .fields
                .get(&key)
                .and_then(|o| o.required)
                .unwrap_or_else(|| parts.required.contains(&wire));
            let default = match (required, found.default) {
                (false, Some(value)) => self.literal(value, &ty, found.resolved, &prop_pointer),
                _ => None,
            };
            let presence = match (required, found.nullable, &default) {
                (true, false, _) => Presence::Required,
                (true, true, _) => Presence::RequiredNullable,
                (false, _, Some(_)) => Presence::Defaulted,
                (false, _, None) => Presence::Optional,
            };
            let wanted = self.ident(names::value_ident(wire), wire, &prop_pointer);
            let (field_name, collided) = field_names.claim(&wanted);
            if collided {
                self.warn(&prop_pointer, DiagnosticKind::NameCollision, format!("the property {wire:?} would be the field `{wanted}`, which is taken; it is `{field_name}`"));
            }
            let secret = secrets::is_secret(
                wire,
                &ty,
                &format!("{name}.{wire}"),
                &self.settings.overrides,
            );
            fields.push(Field {
                name: field_name,
                wire: wire.to_owned(),
                ty,
                presence,
                default,
                docs: found.docs(),
                deprecated: found.deprecated,
                secret,
            });
        }
        Struct { fields, additional }
    }

    /// A default the generated code can write, or `None` with a diagnostic.
    fn literal(
        &mut self,
        value: &serde_json::Value,
        ty: &Type,
        resolved: Option<&Schema>,
        pointer: &str,
    ) -> Option<Literal> {
        use serde_json::Value;
        // A named type (a string enum, an alias) takes the literal of the schema it comes
        // from: `emit` writes `"…".into()` for a string, a bare literal for a number.
        let scalar = match ty {
            Type::Named(_) => match resolved.map(shape) {
                Some(Shape::String { .. }) => Type::String,
                Some(Shape::Integer) => Type::I64,
                Some(Shape::Number { float: true }) => Type::F32,
                Some(Shape::Number { float: false }) => Type::F64,
                Some(Shape::Bool) => Type::Bool,
                _ => Type::Json,
            },
            other => other.clone(),
        };
        let literal = match (&scalar, value) {
            (_, Value::Null) => return None,
            (Type::String | Type::Formatted(_), Value::String(s)) => {
                Some(Literal::String(s.clone()))
            }
            (Type::I64, Value::Number(n)) => n.as_i64().map(Literal::Integer),
            (Type::F32 | Type::F64, Value::Number(n)) => {
                n.as_f64().filter(|v| v.is_finite()).map(Literal::Number)
            }
            (Type::Bool, Value::Bool(b)) => Some(Literal::Bool(*b)),
            _ => None,
        };
        if literal.is_none() {
            self.warn(pointer, DiagnosticKind::IgnoredDefault, format!("the default {value} cannot be written for this type; the field is optional without it"));
        }
        literal
    }
}
