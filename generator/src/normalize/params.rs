//! Parameters: their types, and how each is written (OpenAPI 3.0.3 Parameter Object).
//!
//! Typing:
//! - a parameter's schema is typed as any schema is ([`super::schemas`]); a `$ref` to a scalar
//!   alias (`Name: {type: string, pattern: …}`) is that alias, and lists of enums or aliases are
//!   lists of them;
//! - a `oneOf`/`anyOf` of string enums is one string enum ([`super::one_of`]); one of scalars is
//!   an untagged enum written as the text of its variant;
//! - an object with properties is a struct written as name/value pairs; a free-form object
//!   (`type: object` without properties) is a map of JSON values;
//! - `content` with a JSON media type: the type of its schema, written as its JSON text; another
//!   media type: a string the caller encodes.
//!
//! Writing: `style` and `explode` as the spec gives them, else the location's default (query and
//! cookie `form`, path and header `simple`; `explode` is `true` for `form` only). What no style
//! has a rule for gets an `unsupported-param` diagnostic saying what is sent instead: a list of
//! lists or of objects is sent as its JSON text; a property of an object parameter that is a list
//! or an object is sent as its JSON text; `deepObject` for a value that is not an object is
//! written as `form`.

use openapiv3::{
    CookieStyle, HeaderStyle, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle,
};

use super::schemas::{shape, Shape};
use super::{child, docs, names, secrets, Context, DiagnosticKind, SchemaRef};
use crate::ir::{Param, ParamEncoding, ParamForm, ParamLocation, ParamStyle, Type, TypeKind};

/// How deep aliases and unions are followed (a cycle is cut off).
const MAX_DEPTH: usize = 32;

/// What a parameter value is, as the styles see it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ValueShape {
    Scalar,
    List,
    Object,
    /// A union of scalars and lists of scalars: one or the other, by the variant it holds.
    ScalarOrList,
}

/// Where a parameter goes.
pub(super) fn location(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// The style the spec gives, or the location's default.
fn style(p: &Parameter) -> ParamStyle {
    match p {
        Parameter::Path { style, .. } => match style {
            PathStyle::Matrix => ParamStyle::Matrix,
            PathStyle::Label => ParamStyle::Label,
            PathStyle::Simple => ParamStyle::Simple,
        },
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => ParamStyle::Form,
            QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
            QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
            QueryStyle::DeepObject => ParamStyle::DeepObject,
        },
        Parameter::Header {
            style: HeaderStyle::Simple,
            ..
        } => ParamStyle::Simple,
        Parameter::Cookie {
            style: CookieStyle::Form,
            ..
        } => ParamStyle::Form,
    }
}

impl<'a> Context<'a> {
    /// A declared parameter: its name, type and how it is written.
    pub(super) fn param(&mut self, p: &'a Parameter, at: &str, stem: &str, op_name: &str) -> Param {
        let data = p.parameter_data_ref();
        let location = location(p);
        let hint = format!("{stem}{}", names::type_name(&data.name));
        let style = style(p);
        let explode = data.explode.unwrap_or(style == ParamStyle::Form);
        let (ty, encoding) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let schema = SchemaRef::from(schema);
                let ty = self.type_of(schema, &hint, &child(at, "schema"));
                // A free-form object is a map: its entries are written as properties.
                let free_object = ty == Type::Json
                    && self.resolve(schema).is_some_and(|s| {
                        matches!(shape(s), Shape::Object { ref properties, .. } if properties.is_empty())
                    });
                let ty = if free_object {
                    Type::Map(Box::new(Type::Json))
                } else {
                    ty
                };
                let encoding = self.styled(&ty, style, explode, &data.name, at);
                (ty, encoding)
            }
            ParameterSchemaOrContent::Content(content) => match content.first() {
                Some((media_type, media)) if super::operations::is_json(media_type) => {
                    let ty = self.media_type(media, &hint, at, media_type);
                    (ty, ParamEncoding::Json)
                }
                other => {
                    let what = other.map_or_else(
                        || "an empty `content`".to_owned(),
                        |(mt, _)| format!("`content` of {mt:?}, which is not JSON"),
                    );
                    self.warn(at, DiagnosticKind::UnsupportedParam, format!("the parameter {:?} is described by {what}; it is taken as a string the caller encodes, sent as one value", data.name));
                    (Type::String, ParamEncoding::Style { style, explode })
                }
            },
        };
        let secret = secrets::is_secret(
            &data.name,
            &self.plain(&ty, 0),
            &format!("{op_name}.{}", data.name),
            &self.settings.overrides,
        );
        Param {
            name: self.ident(names::value_ident(&data.name), &data.name, at),
            wire: data.name.clone(),
            location,
            ty,
            encoding,
            required: data.required || location == ParamLocation::Path,
            docs: docs::value_docs(
                data.description.as_deref(),
                match &data.format {
                    ParameterSchemaOrContent::Schema(openapiv3::ReferenceOr::Item(schema)) => {
                        Some(schema)
                    }
                    _ => None,
                },
            ),
            deprecated: data.deprecated.unwrap_or(false),
            secret,
        }
    }

    /// How a value of `ty` is written in `style`; registers the named types it needs.
    fn styled(
        &mut self,
        ty: &Type,
        style: ParamStyle,
        explode: bool,
        name: &str,
        at: &str,
    ) -> ParamEncoding {
        let Some(shape) = self.shape_of(ty) else {
            self.warn(at, DiagnosticKind::UnsupportedParam, format!("the parameter {name:?} is not a scalar, a list of scalars or an object, which no style has a rule for; its JSON text is sent as one value"));
            return ParamEncoding::Json;
        };
        self.register(ty, 0);
        let style = match (style, shape) {
            (
                ParamStyle::DeepObject,
                ValueShape::Scalar | ValueShape::List | ValueShape::ScalarOrList,
            ) => {
                let what = match shape {
                    ValueShape::List => "a list",
                    ValueShape::ScalarOrList => "a primitive or a list",
                    _ => "a primitive",
                };
                self.warn(at, DiagnosticKind::UnsupportedParam, format!("the parameter {name:?} is {what}, which the style deepObject has no rule for; it is written as form"));
                ParamStyle::Form
            }
            _ => style,
        };
        ParamEncoding::Style { style, explode }
    }

    /// `ty` with aliases followed.
    fn unaliased<'t>(&'t self, ty: &'t Type) -> &'t Type {
        let mut current = ty;
        for _ in 0..MAX_DEPTH {
            match current {
                Type::Named(n) => match self.type_def(n).map(|d| &d.kind) {
                    Some(TypeKind::Alias(target)) => current = target,
                    _ => return current,
                },
                _ => return current,
            }
        }
        current
    }

    /// `ty` with aliases of scalars replaced by the scalar, inside lists too (for the secret
    /// rule, which looks at text values).
    fn plain(&self, ty: &Type, depth: usize) -> Type {
        match self.unaliased(ty) {
            Type::Vec(inner) if depth < MAX_DEPTH => {
                Type::Vec(Box::new(self.plain(inner, depth + 1)))
            }
            other => other.clone(),
        }
    }

    /// Whether a value of `ty` is written as one text: scalars, free-form JSON, string enums,
    /// and unions whose variants all are.
    fn is_text(&self, ty: &Type, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        match self.unaliased(ty) {
            Type::String
            | Type::Formatted(_)
            | Type::Bool
            | Type::I64
            | Type::F32
            | Type::F64
            | Type::Json => true,
            Type::Named(n) => match self.type_def(n).map(|d| &d.kind) {
                Some(TypeKind::Enum(_)) => true,
                Some(TypeKind::Union(u)) => {
                    u.variants.iter().all(|v| self.is_text(&v.ty, depth + 1))
                }
                _ => false,
            },
            _ => false,
        }
    }

    fn shape_of(&self, ty: &Type) -> Option<ValueShape> {
        if self.is_text(ty, 0) {
            return Some(ValueShape::Scalar);
        }
        match self.unaliased(ty) {
            Type::Vec(inner) if self.is_text(inner, 0) => Some(ValueShape::List),
            Type::Map(inner) if self.is_text(inner, 0) => Some(ValueShape::Object),
            Type::Named(n) => match self.type_def(n).map(|d| &d.kind) {
                Some(TypeKind::Struct(_)) => Some(ValueShape::Object),
                Some(TypeKind::Union(u))
                    if u.variants.iter().all(|v| self.is_text_or_list(&v.ty)) =>
                {
                    Some(ValueShape::ScalarOrList)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether a value of `ty` is one text or a list of texts.
    fn is_text_or_list(&self, ty: &Type) -> bool {
        match self.unaliased(ty) {
            Type::Vec(inner) => self.is_text(inner, 0),
            other => self.is_text(other, 0),
        }
    }

    /// Records the named types a sendable `ty` needs to write itself ([`crate::ir::ParamType`]);
    /// a property no style can write gets a diagnostic, once per type.
    fn register(&mut self, ty: &Type, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let ty = self.unaliased(ty).clone();
        match &ty {
            Type::Vec(inner) | Type::Map(inner) => self.register(inner, depth + 1),
            Type::Named(n) => {
                if self.param_types.contains_key(n) {
                    return;
                }
                let Some(def) = self.type_def(n) else {
                    return;
                };
                let (kind, pointer) = (def.kind.clone(), def.pointer.clone());
                match kind {
                    TypeKind::Enum(_) => {
                        self.param_types.insert(n.clone(), ParamForm::Text);
                    }
                    TypeKind::Union(u) => {
                        let text = u.variants.iter().all(|v| self.is_text(&v.ty, 0));
                        let form = if text {
                            ParamForm::Text
                        } else {
                            ParamForm::Variants
                        };
                        self.param_types.insert(n.clone(), form);
                        for v in &u.variants {
                            self.register(&v.ty, depth + 1);
                        }
                    }
                    TypeKind::Struct(s) => {
                        // Inserted first: a struct that contains itself is not walked twice.
                        self.param_types.insert(
                            n.clone(),
                            ParamForm::Object {
                                json_fields: Vec::new(),
                                json_additional: false,
                            },
                        );
                        let mut json_fields = Vec::new();
                        for f in &s.fields {
                            if self.is_text(&f.ty, 0) {
                                self.register(&f.ty, depth + 1);
                            } else {
                                let at = child(&child(&pointer, "properties"), &f.wire);
                                self.warn(at, DiagnosticKind::UnsupportedParam, format!("the property {:?} of an object sent as a parameter is a list or an object, which no style has a rule for; its JSON text is sent as its value", f.wire));
                                json_fields.push(f.name.clone());
                            }
                        }
                        let json_additional = match &s.additional {
                            Some(t) if self.is_text(t, 0) => {
                                self.register(t, depth + 1);
                                false
                            }
                            Some(_) => {
                                self.warn(format!("{pointer}/additionalProperties"), DiagnosticKind::UnsupportedParam, "the additional properties of an object sent as a parameter are lists or objects, which no style has a rule for; the JSON text of each is sent as its value");
                                true
                            }
                            None => false,
                        };
                        self.param_types.insert(
                            n.clone(),
                            ParamForm::Object {
                                json_fields,
                                json_additional,
                            },
                        );
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}
