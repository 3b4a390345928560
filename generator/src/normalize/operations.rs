//! Operations: bodies, responses and retry safety; their parameters are gathered here and
//! typed in [`super::params`], their names are chosen in [`super::operation_names`].
//!
//! Bodies: JSON when the spec offers it, else a form (`application/x-www-form-urlencoded`: it
//! carries the same typed fields, and the operation's output stays what it was before multipart
//! bodies were typed), else `multipart/form-data` typed by [`super::multipart`], else the bytes
//! of the first media type (for `multipart/*`, the caller also passes the media type, which
//! carries the boundary; so for a `multipart/form-data` body whose schema cannot be typed).
//! Responses: the first 2xx gives the success type (JSON, nothing, or bytes); the 4xx, 5xx and
//! `default` responses give the error type, or JSON when they disagree.
//! Retries: GET, HEAD, OPTIONS, PUT, DELETE and TRACE are safe to repeat; POST and PATCH are
//! not, unless the override table says `retry: safe`.

use openapiv3::{MediaType, Parameter, PathItem, ReferenceOr, RequestBody, Response, StatusCode};

use super::operation_names::Subject;
use super::{child, docs, names, params, Context, DiagnosticKind};
use crate::ir::{
    Body, BodyEncoding, Field, Operation, Param, ParamEncoding, ParamLocation, ParamStyle,
    PathPart, Presence, Struct, Success, Type, TypeKind,
};
use crate::settings::Retry;

struct Found<'a> {
    path: &'a str,
    method: &'a str,
    op: &'a openapiv3::Operation,
    item: &'a PathItem,
    pointer: String,
}

impl<'a> Context<'a> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut found = Vec::new();
        for (path, item) in &self.spec.paths.paths {
            let item_pointer = child("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.warn(item_pointer, DiagnosticKind::UnsupportedRef, format!("path items by reference (`{reference}`) are not followed; the path has no operations"));
                    continue;
                }
            };
            for (method, op) in item.iter() {
                found.push(Found {
                    path,
                    method,
                    op,
                    item,
                    pointer: child(&item_pointer, method),
                });
            }
        }
        let subjects: Vec<Subject> = found
            .iter()
            .map(|f| Subject {
                method: f.method,
                path: f.path,
                operation_id: f.op.operation_id.as_deref(),
                tag: f.op.tags.first().map(String::as_str),
                pointer: &f.pointer,
            })
            .collect();
        let names = self.operation_names(&subjects);
        found
            .iter()
            .zip(names)
            .map(|(f, name)| self.operation(f, name))
            .collect()
    }

    fn operation(&mut self, f: &Found<'a>, name: String) -> Operation {
        let stem = names::type_name(&name);
        let pointer = f.pointer.as_str();

        // Parameters: the path item's, replaced by the operation's of the same name and place.
        let mut declared: Vec<(&'a Parameter, ParamLocation, String)> = Vec::new();
        let lists = [
            (
                &f.item.parameters,
                child(&child("/paths", f.path), "parameters"),
            ),
            (&f.op.parameters, child(pointer, "parameters")),
        ];
        for (list, list_pointer) in lists {
            for (i, p) in list.iter().enumerate() {
                let at = format!("{list_pointer}/{i}");
                let Some(p) = self.parameter(p, &at) else {
                    continue;
                };
                let location = params::location(p);
                let name = &p.parameter_data_ref().name;
                declared
                    .retain(|(d, l, _)| !(&d.parameter_data_ref().name == name && *l == location));
                declared.push((p, location, at));
            }
        }

        // Path template.
        let mut arg_names = names::Namespace::with_reserved(&[
            "self",
            "params",
            "body",
            "content_type",
            "base_url",
            "request",
            "response",
        ]);
        let mut path = Vec::new();
        let mut path_params: Vec<Param> = Vec::new();
        for piece in split_template(f.path) {
            match piece {
                Piece::Literal(text) => path.push(PathPart::Literal(text.to_owned())),
                Piece::Param(wire) => {
                    let decl = declared.iter().find(|(d, l, _)| {
                        *l == ParamLocation::Path && d.parameter_data_ref().name == wire
                    });
                    let param = match decl {
                        Some((p, _, at)) => self.param(p, at, &stem, &name),
                        None => {
                            self.warn(pointer, DiagnosticKind::PathParam, format!("the template names {{{wire}}}, but no path parameter {wire:?} is declared; it is taken as a string argument"));
                            Param {
                                name: self.ident(names::value_ident(wire), wire, pointer),
                                wire: wire.to_owned(),
                                location: ParamLocation::Path,
                                ty: Type::String,
                                encoding: ParamEncoding::Style {
                                    style: ParamStyle::Simple,
                                    explode: false,
                                },
                                required: true,
                                docs: None,
                                deprecated: false,
                                secret: false,
                            }
                        }
                    };
                    let param = Param {
                        name: arg_names.claim(&param.name).0,
                        ..param
                    };
                    path.push(PathPart::Param(path_params.len()));
                    path_params.push(param);
                }
            }
        }
        for (p, location, at) in &declared {
            let data = p.parameter_data_ref();
            if *location == ParamLocation::Path && !path_params.iter().any(|p| p.wire == data.name)
            {
                self.warn(
                    at.as_str(),
                    DiagnosticKind::PathParam,
                    format!(
                        "the path parameter {:?} is not in the template {:?}; it is left out",
                        data.name, f.path
                    ),
                );
            }
        }

        // Query, header and cookie parameters form the `…Params` type. Its serde keys are the
        // parameters' names; a header named like a query parameter (or the other way round)
        // is keyed by its place too (`header:limit`), so that every key is distinct.
        let mut field_names = names::Namespace::default();
        let mut keys = names::Namespace::default();
        let mut params = Vec::new();
        let mut serde_keys = Vec::new();
        for (p, location, at) in &declared {
            if *location == ParamLocation::Path {
                continue;
            }
            let param = self.param(p, at, &stem, &name);
            let (key, taken) = keys.claim_key(&param.wire);
            let key = if taken {
                let place = match location {
                    ParamLocation::Header => "header",
                    ParamLocation::Cookie => "cookie",
                    _ => "query",
                };
                let key = keys.claim_key(&format!("{place}:{}", param.wire)).0;
                self.warn(at.as_str(), DiagnosticKind::NameCollision, format!("the key {:?} is taken by another parameter of this operation; in the `…Params` struct this one is keyed {key:?}", param.wire));
                key
            } else {
                key
            };
            serde_keys.push(key);
            params.push(Param {
                name: field_names.claim(&param.name).0,
                ..param
            });
        }
        let params_type = if params.is_empty() {
            None
        } else {
            let type_name =
                self.claim_type_name(&format!("{stem}Params"), &child(pointer, "parameters"));
            let index = self.reserve(&type_name, &child(pointer, "parameters"));
            let fields = params
                .iter()
                .zip(serde_keys)
                .map(|(p, key)| Field {
                    name: p.name.clone(),
                    // The generic doc would name the key; a renamed key names its parameter.
                    docs: p.docs.clone().or_else(|| {
                        (key != p.wire).then(|| {
                            let place = match p.location {
                                ParamLocation::Header => "header",
                                ParamLocation::Cookie => "cookie",
                                _ => "query parameter",
                            };
                            format!("The `{}` {place}.", p.wire)
                        })
                    }),
                    wire: key,
                    ty: p.ty.clone(),
                    presence: if p.required {
                        Presence::Required
                    } else {
                        Presence::Optional
                    },
                    default: None,
                    deprecated: p.deprecated,
                    secret: p.secret,
                })
                .collect();
            let def = &mut self.types[index];
            let places = if params.iter().any(|p| p.location == ParamLocation::Cookie) {
                "query, header and cookie"
            } else {
                "query and header"
            };
            def.docs = Some(format!("The {places} parameters of [`Client::{name}`]."));
            def.kind = TypeKind::Struct(Struct {
                fields,
                additional: None,
            });
            Some(type_name)
        };

        let body =
            f.op.request_body
                .as_ref()
                .and_then(|b| self.body(b, &child(pointer, "requestBody"), &stem));
        let (success, error) = self.responses(f.op, pointer, &stem);
        self.describe_inline(body.as_ref(), &success, &error, pointer, &name);

        let retry_safe = match f
            .op
            .operation_id
            .as_ref()
            .and_then(|id| self.settings.overrides.operations.get(id))
            .and_then(|o| o.retry)
        {
            Some(retry) => retry == Retry::Safe,
            None => matches!(
                f.method,
                "get" | "head" | "options" | "put" | "delete" | "trace"
            ),
        };

        let security = match &f.op.security {
            Some(list) => self.security(list, &child(pointer, "security")),
            None => self.default_security.clone(),
        };

        Operation {
            name,
            operation_id: f.op.operation_id.clone(),
            pointer: pointer.to_owned(),
            method: f.method.to_ascii_uppercase(),
            template: f.path.to_owned(),
            path,
            docs: docs(f.op.summary.as_deref(), f.op.description.as_deref()),
            deprecated: f.op.deprecated,
            path_params,
            params,
            params_type,
            body,
            success,
            error,
            retry_safe,
            security,
            // Decided once every type is known: see `super::pagination`.
            pagination: None,
        }
    }

    /// Inline body, response and error types without a description of their own say which
    /// operation they belong to.
    fn describe_inline(
        &mut self,
        body: Option<&Body>,
        success: &Success,
        error: &Type,
        pointer: &str,
        op_name: &str,
    ) {
        if let Some(BodyEncoding::Multipart(name)) = body.map(|b| &b.encoding) {
            if let Some(def) = self.multipart_type_mut(name) {
                if def.docs.is_none() {
                    def.docs = Some(format!(
                        "The multipart request body of [`Client::{op_name}`]."
                    ));
                }
            }
        }
        let body = body.and_then(|b| match &b.encoding {
            BodyEncoding::Json(t) | BodyEncoding::Form(t) => Some(t),
            BodyEncoding::Raw { .. } | BodyEncoding::Multipart(_) => None,
        });
        let success = match success {
            Success::Json(t) => Some(t),
            _ => None,
        };
        let roles = [
            (body, "request body"),
            (success, "successful response"),
            (Some(error), "error response"),
        ];
        for (ty, role) in roles {
            let Some(Type::Named(name)) = ty else {
                continue;
            };
            let Some(&index) = self.type_index.get(name) else {
                continue;
            };
            let def = &mut self.types[index];
            if def.docs.is_none() && def.pointer.starts_with(&format!("{pointer}/")) {
                def.docs = Some(format!("The {role} of [`Client::{op_name}`]."));
            }
        }
    }

    fn parameter(&mut self, p: &'a ReferenceOr<Parameter>, at: &str) -> Option<&'a Parameter> {
        self.follow(
            p,
            "parameters",
            |c| &c.parameters,
            at,
            "parameter",
            "the parameter is left out",
        )
    }

    /// An item, or the component a `$ref` to `#/components/{section}/…` names; a reference
    /// that names nothing is reported with what happens instead.
    fn follow<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        section: &str,
        table: fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
        at: &str,
        what: &str,
        instead: &str,
    ) -> Option<&'a T> {
        let reference = match item {
            ReferenceOr::Item(x) => return Some(x),
            ReferenceOr::Reference { reference } => reference,
        };
        let spec = self.spec;
        let name = super::component_name(reference, section);
        let found = name
            .as_ref()
            .and_then(|n| table(spec.components.as_ref()?).get(n));
        match (name, found) {
            (_, Some(ReferenceOr::Item(x))) => Some(x),
            (Some(_), _) if !self.references.unresolved.contains_key(reference) => {
                self.warn(
                    at,
                    DiagnosticKind::DanglingRef,
                    format!("`{reference}` names no {what}; {instead}"),
                );
                None
            }
            _ => {
                let (kind, why) = self.unresolved(reference, what);
                self.warn(at, kind, format!("{why}; {instead}"));
                None
            }
        }
    }

    fn body(
        &mut self,
        reference: &'a ReferenceOr<RequestBody>,
        at: &str,
        stem: &str,
    ) -> Option<Body> {
        let body = self.follow(
            reference,
            "requestBodies",
            |c| &c.request_bodies,
            at,
            "request body",
            "the operation is sent without one",
        )?;
        let (at, hint) = &defined_at(reference, "requestBodies", at, &format!("{stem}Request"));
        let json = body.content.iter().find(|(mt, _)| is_json(mt));
        let form = body
            .content
            .iter()
            .find(|(mt, _)| mt.as_str() == "application/x-www-form-urlencoded");
        let multipart = body.content.iter().find(|(mt, _)| is_form_data(mt));
        let encoding = match (json, form, multipart) {
            (Some((mt, media)), _, _) => BodyEncoding::Json(self.media_type(media, hint, at, mt)),
            (None, Some((mt, media)), _) => {
                BodyEncoding::Form(self.media_type(media, hint, at, mt))
            }
            (None, None, Some((mt, media))) => match self.multipart(media, hint, at, mt) {
                Some(name) => BodyEncoding::Multipart(name),
                None => BodyEncoding::Raw {
                    content_type: mt.clone(),
                },
            },
            (None, None, None) => BodyEncoding::Raw {
                content_type: body.content.first()?.0.clone(),
            },
        };
        Some(Body {
            encoding,
            required: body.required,
        })
    }

    fn responses(
        &mut self,
        op: &'a openapiv3::Operation,
        pointer: &str,
        stem: &str,
    ) -> (Success, Type) {
        let responses_pointer = child(pointer, "responses");
        let mut success = None;
        let mut errors: Vec<Type> = Vec::new();
        let listed = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| (Some(code), r));
        for (code, response) in listed.chain(op.responses.default.iter().map(|r| (None, r))) {
            let key = code.map_or_else(|| "default".to_owned(), ToString::to_string);
            let at = child(&responses_pointer, &key);
            let is_success = matches!(
                code,
                Some(StatusCode::Code(200..=299)) | Some(StatusCode::Range(2))
            );
            if is_success && success.is_some() {
                continue;
            }
            let Some(resolved) = self.response(response, &at) else {
                continue;
            };
            let suffix = if is_success { "Response" } else { "Error" };
            let (at, hint) = defined_at(response, "responses", &at, &format!("{stem}{suffix}"));
            let response = resolved;
            let json = response
                .content
                .iter()
                .find(|(mt, _)| is_json(mt) || mt.as_str() == "*/*");
            if is_success {
                success = Some(match (code, json) {
                    (Some(StatusCode::Code(204)), _) => Success::Empty,
                    (_, Some((mt, media))) => Success::Json(self.media_type(media, &hint, &at, mt)),
                    (_, None) if response.content.is_empty() => Success::Empty,
                    (_, None) => Success::Bytes,
                });
            } else if let Some((mt, media)) = json {
                let ty = self.media_type(media, &hint, &at, mt);
                if !errors.contains(&ty) {
                    errors.push(ty);
                }
            }
        }
        let error = match errors.as_slice() {
            [one] => one.clone(),
            _ => Type::Json,
        };
        (success.unwrap_or(Success::Empty), error)
    }

    fn response(&mut self, response: &'a ReferenceOr<Response>, at: &str) -> Option<&'a Response> {
        self.follow(
            response,
            "responses",
            |c| &c.responses,
            at,
            "response",
            "its body is not decoded",
        )
    }

    pub(super) fn media_type(
        &mut self,
        media: &'a MediaType,
        hint: &str,
        at: &str,
        media_type: &str,
    ) -> Type {
        match &media.schema {
            Some(schema) => self.type_of(
                schema.into(),
                hint,
                &format!("{}/schema", child(&child(at, "content"), media_type)),
            ),
            None => Type::Json,
        }
    }
}

/// Where the body or response an operation uses is written, and the name hint for the types
/// inside it: the operation's own place and `hint`, or the component a `$ref` names and its
/// name, so that every operation using one component shares its types.
fn defined_at<T>(item: &ReferenceOr<T>, section: &str, at: &str, hint: &str) -> (String, String) {
    let ReferenceOr::Reference { reference } = item else {
        return (at.to_owned(), hint.to_owned());
    };
    match super::component_name(reference, section) {
        Some(name) => (
            child(&child("/components", section), &name),
            names::type_name(&name),
        ),
        None => (at.to_owned(), hint.to_owned()),
    }
}

/// `multipart/form-data`, with or without parameters.
fn is_form_data(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("multipart/form-data")
}

pub(super) fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

enum Piece<'a> {
    Literal(&'a str),
    Param(&'a str),
}

/// Splits `/a/{b}/c` into literal text and parameter names.
fn split_template(template: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            pieces.push(Piece::Literal(&rest[..open]));
        }
        pieces.push(Piece::Param(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    pieces
}
