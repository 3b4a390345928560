//! `multipart/form-data` bodies → [`MultipartType`]s.
//!
//! Rules (fixture `multipart.yaml`):
//! - The body's schema (followed through `$ref`s) must be an object with `properties`; each
//!   property becomes a field, `T` when `required` lists it (or the override table says
//!   `required: true` for `{Type}.{property}`), else `Option<T>`.
//! - `type: string, format: binary` → a file (`crate::runtime::FilePart`: file name, content
//!   type, bytes); an array of those → `Vec<FilePart>`, one part per file. Any other property
//!   has the type [`super::schemas`] gives it, and the runtime writes it as text (scalars) or
//!   JSON text (objects), one part per item of an array: the OpenAPI 3.0.3 Encoding Object's
//!   defaults.
//! - `encoding.{property}.contentType` replaces the default content type of the property's
//!   parts; of a list (`image/png, image/jpeg`) or a wildcard (`image/*`) the first concrete
//!   type is used, and with none the default stays. `encoding.{property}.headers` are not sent
//!   (reported).
//! - Secrets: the rule of [`super::secrets`] (or the override table) on text fields.
//! - A body without a schema, or whose schema is not an object with properties (a `$ref` to a
//!   string, an `allOf`, free-form), keeps the raw-bytes fallback, reported
//!   (`unsupported-schema`).

use openapiv3::{MediaType, Schema, SchemaKind, StringFormat, Type as OaType};
use openapiv3::{ReferenceOr, VariantOrUnknownOrEmpty};

use super::schemas::{shape, Shape};
use super::{child, names, secrets, Context, DiagnosticKind, SchemaRef};
use crate::ir::{MultipartPart, MultipartType, PartKind};

impl<'a> Context<'a> {
    /// The name of the multipart body type for `media` (at `at`, the body's pointer), made once
    /// however many operations share the body; `None`, with a diagnostic, when its schema has no
    /// properties to type.
    pub(super) fn multipart(
        &mut self,
        media: &'a MediaType,
        hint: &str,
        at: &str,
        media_type: &str,
    ) -> Option<String> {
        let media_pointer = child(&child(at, "content"), media_type);
        if let Some(name) = self.multipart_defined.get(&media_pointer) {
            return Some(name.clone());
        }
        let fallback = "the caller passes the encoded body and its media type";
        let Some(schema) = media.schema.as_ref() else {
            self.warn(
                &media_pointer,
                DiagnosticKind::UnsupportedSchema,
                format!("a multipart body without a schema has no fields to type; {fallback}"),
            );
            return None;
        };
        let schema_ref = SchemaRef::from(schema);
        let (schema_pointer, resolved) = match schema {
            ReferenceOr::Item(s) => (child(&media_pointer, "schema"), Some(s)),
            ReferenceOr::Reference { reference } => {
                let pointer = super::component_name(reference, "schemas")
                    .map(|name| child("/components/schemas", &name))
                    .unwrap_or_else(|| child(&media_pointer, "schema"));
                (pointer, self.resolve(schema_ref))
            }
        };
        let object = resolved.map(shape).and_then(|found| match found {
            Shape::Object {
                properties,
                required,
                additional,
            } if !properties.is_empty() => Some((properties, required, additional)),
            _ => None,
        });
        let Some((properties, required, additional)) = object else {
            self.warn(
                child(&media_pointer, "schema"),
                DiagnosticKind::UnsupportedSchema,
                format!(
                    "a multipart body is typed from an object schema with properties, and this \
                     one is not; {fallback}"
                ),
            );
            return None;
        };

        if !matches!(
            additional,
            None | Some(openapiv3::AdditionalProperties::Any(false))
        ) {
            self.warn(
                child(&schema_pointer, "additionalProperties"),
                DiagnosticKind::UnsupportedSchema,
                "a multipart body is typed from its declared properties; parts under other names \
                 (`additionalProperties`) cannot be sent",
            );
        }
        let name = self.claim_type_name(hint, &schema_pointer);
        self.multipart_defined
            .insert(media_pointer.clone(), name.clone());
        let mut field_names = names::Namespace::default();
        let mut parts = Vec::with_capacity(properties.len());
        for (wire, prop) in properties {
            let prop_pointer = child(&child(&schema_pointer, "properties"), wire);
            let kind = if self.resolve(prop).is_some_and(is_binary) {
                PartKind::File
            } else if self
                .resolve(prop)
                .map(shape)
                .is_some_and(|found| match found {
                    Shape::Array { items: Some(items) } => {
                        self.resolve(items).is_some_and(is_binary)
                    }
                    _ => false,
                })
            {
                PartKind::Files
            } else {
                PartKind::Value(self.type_of(
                    prop,
                    &format!("{name}{}", names::type_name(wire)),
                    &prop_pointer,
                ))
            };
            let found = self.annotations(prop);
            let key = format!("{name}.{wire}");
            let overrides = &self.settings.overrides;
            let is_required = overrides
                .fields
                .get(&key)
                .and_then(|o| o.required)
                .unwrap_or_else(|| required.iter().any(|r| r == wire));
            let secret = match &kind {
                PartKind::Value(ty) => secrets::is_secret(wire, ty, &key, overrides),
                PartKind::File | PartKind::Files => false,
            };
            let wanted = self.ident(names::value_ident(wire), wire, &prop_pointer);
            let (field_name, collided) = field_names.claim(&wanted);
            if collided {
                self.warn(&prop_pointer, DiagnosticKind::NameCollision, format!("the property {wire:?} would be the field `{wanted}`, which is taken; it is `{field_name}`"));
            }
            let encoding = media.encoding.get(wire);
            let encoding_pointer = child(&child(&media_pointer, "encoding"), wire);
            if encoding.is_some_and(|e| !e.headers.is_empty()) {
                self.warn(
                    child(&encoding_pointer, "headers"),
                    DiagnosticKind::UnsupportedSchema,
                    "per-part headers are not sent; the part has its `Content-Disposition` and \
                     `Content-Type` only",
                );
            }
            parts.push(MultipartPart {
                name: field_name,
                wire: wire.to_owned(),
                kind,
                required: is_required && !found.nullable,
                content_type: encoding
                    .and_then(|e| e.content_type.as_deref())
                    .and_then(concrete_type),
                docs: found.docs(),
                deprecated: found.deprecated,
                secret,
            });
        }
        for wire in media.encoding.keys() {
            if !parts.iter().any(|p| &p.wire == wire) {
                self.warn(
                    child(&child(&media_pointer, "encoding"), wire),
                    DiagnosticKind::InvalidSpec,
                    format!(
                        "the encoding of {wire:?} names no property of the body; it is ignored"
                    ),
                );
            }
        }
        let docs = self.annotations(schema_ref).description.map(str::to_owned);
        self.multipart_types.push(MultipartType {
            name: name.clone(),
            pointer: schema_pointer,
            docs,
            parts,
        });
        Some(name)
    }

    /// The multipart body type of this name, to add the operation it belongs to.
    pub(super) fn multipart_type_mut(&mut self, name: &str) -> Option<&mut MultipartType> {
        self.multipart_types.iter_mut().find(|t| t.name == name)
    }
}

/// `type: string, format: binary`.
fn is_binary(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(OaType::String(t)) => {
            matches!(
                t.format,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            )
        }
        SchemaKind::Any(a) => {
            a.typ.as_deref() == Some("string") && a.format.as_deref() == Some("binary")
        }
        _ => false,
    }
}

/// The first media type of a `contentType` list that is no wildcard.
fn concrete_type(list: &str) -> Option<String> {
    list.split(',')
        .map(str::trim)
        .find(|t| !t.is_empty() && !t.contains('*'))
        .map(str::to_owned)
}
