//! Step 2: [`openapiv3::OpenAPI`] → [`crate::ir::Api`]. Every decision about meaning is made here.
//!
//! - [`schemas`]: types, required vs optional, nullable, defaults, formats.
//! - [`all_of`]: `allOf` collapsed to one member or merged; the annotations of a value.
//! - [`one_of`]: how a `oneOf`/`anyOf` is tagged and in which order its variants are tried.
//! - [`operations`]: bodies, responses, retry safety.
//! - [`multipart`]: `multipart/form-data` bodies: their fields, file parts and content types.
//! - [`operation_names`]: the name of each operation (operationId, tag, resource, path).
//! - [`pagination`]: which list operations page by a cursor, and where it is.
//! - [`params`]: parameter types and how each is written (style, explode, `content`).
//! - [`names`]: every identifier.
//! - [`secrets`]: which fields are secrets.
//! - [`security`]: which credentials each operation is sent with, and how.
//! - [`recursion`]: types that contain themselves (newtypes, `Box`es) and how deep types nest.
//!
//! A problem inside a readable spec never stops generation: it becomes a [`Diagnostic`] naming
//! the JSON pointer, and a documented fallback keeps the output compiling (most often
//! `serde_json::Value`).

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

pub use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::ir::{Api, AuthScheme, MultipartType, ParamForm, ParamType, Type, TypeDef, Webhook};
use crate::load::{Resolution, Spec};
use crate::settings::Settings;

mod all_of;
mod docs;
mod formats;
mod multipart;
pub mod names;
mod one_of;
mod operation_names;
mod operations;
mod pagination;
mod params;
mod recursion;
mod schemas;
pub mod secrets;
mod security;

/// Normalizes a spec into the IR, with the problems found on the way.
///
/// Pointers in the IR and the diagnostics are where the text has each construct, also for the
/// components the reference pass of [`crate::load`] made.
pub fn normalize(loaded: &Spec, settings: &Settings) -> (Api, Vec<Diagnostic>) {
    let spec = &loaded.openapi;
    let mut cx = Context::new(spec, &loaded.references, settings);
    cx.unknown_schemes = &loaded.unknown_schemes;
    cx.component_schemas();
    cx.default_security = spec
        .security
        .as_deref()
        .map(|list| cx.security(list, "/security"))
        .unwrap_or_default();
    let mut operations = cx.operations();
    let mut types = std::mem::take(&mut cx.types);
    one_of::remove_carried_tags(&mut types, &cx.tag_removals);
    let cycles = recursion::break_alias_cycles(&mut types);
    cx.diagnostics.extend(cycles);
    recursion::box_cycles(&mut types);
    let recursion_limit = recursion::recursion_limit(&types);
    pagination::annotate(
        &mut operations,
        &types,
        &settings.overrides,
        &mut cx.diagnostics,
    );
    let param_types = cx
        .param_types
        .into_iter()
        .filter(|(name, _)| types.iter().any(|t| &t.name == name))
        .map(|(name, form)| ParamType { name, form })
        .collect();
    // 3.1's `info.summary` comes first in the docs, then the description.
    let docs = match (&loaded.extras.summary, &spec.info.description) {
        (Some(summary), Some(description)) => Some(format!("{summary}\n\n{description}")),
        (summary, description) => summary.clone().or_else(|| description.clone()),
    };
    let webhooks = loaded
        .extras
        .webhooks
        .iter()
        .map(|w| Webhook {
            name: w.name.clone(),
            method: w.method.clone(),
            payload: w
                .payload
                .as_ref()
                .and_then(|name| cx.components.get(name))
                .map(|rust| Type::Named(rust.clone())),
        })
        .collect();
    let api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        docs,
        license: loaded.extras.license.clone(),
        webhooks,
        base_url: spec.servers.first().map(|s| s.url.clone()),
        types,
        operations,
        recursion_limit,
        param_types,
        multipart_types: std::mem::take(&mut cx.multipart_types),
    };
    let mut api = api;
    let mut diagnostics = cx.diagnostics;
    let references = &loaded.references;
    if !references.origins.is_empty() {
        for def in &mut api.types {
            def.pointer = references.original(&def.pointer);
        }
        for op in &mut api.operations {
            op.pointer = references.original(&op.pointer);
        }
        for def in &mut api.multipart_types {
            def.pointer = references.original(&def.pointer);
        }
        for d in &mut diagnostics {
            d.pointer = references.original(&d.pointer);
            d.message = references.original_in(&d.message);
        }
    }
    // A schema read from several places (a hoisted component its users share, reached again
    // through each) reports the same thing at the same place once.
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| seen.insert((d.kind, d.pointer.clone(), d.message.clone())));
    (api, diagnostics)
}

static NO_SCHEMES: BTreeMap<String, String> = BTreeMap::new();

/// The state of one normalization run.
struct Context<'a> {
    spec: &'a OpenAPI,
    /// What the reference pass could not resolve, and why.
    references: &'a Resolution,
    settings: &'a Settings,
    /// Every named type so far; a parent is pushed before the inline types it creates.
    types: Vec<TypeDef>,
    /// Index of each type in `types`, by Rust name.
    type_index: HashMap<String, usize>,
    /// Index of each type in `types` made for an inline schema, by the schema's pointer.
    defined: HashMap<String, usize>,
    /// The type namespace of the module.
    type_names: names::Namespace,
    /// Component schema name → Rust type name.
    components: IndexMap<String, String>,
    /// Unions tagged by a property their variants carry: (variant type, tag property).
    tag_removals: Vec<(String, String)>,
    /// The named types sent as parameters, and how each is written.
    param_types: IndexMap<String, ParamForm>,
    /// The multipart body types so far.
    multipart_types: Vec<MultipartType>,
    /// The name of the multipart body type made for a media type, by its pointer.
    multipart_defined: HashMap<String, String>,
    /// Security schemes of a type 3.0 does not define, taken out by [`crate::load`].
    unknown_schemes: &'a BTreeMap<String, String>,
    /// The document's `security`, for operations without their own.
    default_security: Vec<Vec<AuthScheme>>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    fn new(spec: &'a OpenAPI, references: &'a Resolution, settings: &'a Settings) -> Self {
        Context {
            spec,
            references,
            settings,
            types: Vec::new(),
            type_index: HashMap::new(),
            defined: HashMap::new(),
            type_names: names::Namespace::with_reserved(names::RESERVED_TYPES),
            components: IndexMap::new(),
            tag_removals: Vec::new(),
            param_types: IndexMap::new(),
            multipart_types: Vec::new(),
            multipart_defined: HashMap::new(),
            unknown_schemes: &NO_SCHEMES,
            default_security: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn warn(
        &mut self,
        pointer: impl Into<String>,
        kind: DiagnosticKind,
        message: impl Into<String>,
    ) {
        self.diagnostics.push(Diagnostic {
            pointer: pointer.into(),
            kind,
            message: message.into(),
        });
    }

    /// An identifier made by [`names`] from `raw`; a shortened one is reported.
    fn ident(&mut self, (name, shortened): (String, bool), raw: &str, pointer: &str) -> String {
        if shortened {
            let start: String = raw.chars().take(40).collect();
            self.warn(
                pointer,
                DiagnosticKind::LongName,
                format!(
                    "the name {start:?}… ({} characters) is too long for an identifier; it is `{name}`",
                    raw.chars().count()
                ),
            );
        }
        name
    }

    /// Claims the type name made from `raw` in the module namespace; a shortened name and a
    /// collision are reported.
    fn claim_type_name(&mut self, raw: &str, pointer: &str) -> String {
        let wanted = self.ident(names::type_ident(raw), raw, pointer);
        let wanted = wanted.as_str();
        let (name, collided) = self.type_names.claim(wanted);
        if collided {
            self.warn(
                pointer,
                DiagnosticKind::NameCollision,
                format!("the type name `{wanted}` is taken; this type is named `{name}`"),
            );
        }
        name
    }

    /// Reserves a slot for a type whose content is computed next (so parents precede the
    /// inline types they create).
    fn reserve(&mut self, name: &str, pointer: &str) -> usize {
        let index = self.types.len();
        self.types.push(TypeDef {
            name: name.to_owned(),
            pointer: pointer.to_owned(),
            docs: None,
            deprecated: false,
            kind: crate::ir::TypeKind::Alias(crate::ir::Type::Json),
        });
        self.type_index.insert(name.to_owned(), index);
        index
    }

    /// A type defined so far, by Rust name (for rules that look at another type).
    fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.type_index.get(name).map(|&i| &self.types[i])
    }

    /// Follows `#/components/schemas/…` references to the schema they name.
    fn resolve<'s>(&self, schema: SchemaRef<'s>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        let mut current = schema;
        // A chain of references longer than the number of components is a cycle.
        for _ in 0..=self.schema_count() {
            match current {
                SchemaRef::Item(s) => return Some(s),
                SchemaRef::Ref(r) => current = SchemaRef::from(self.component(r)?),
            }
        }
        None
    }

    fn schema_count(&self) -> usize {
        self.spec.components.as_ref().map_or(0, |c| c.schemas.len())
    }

    /// Why a `$ref` that names no component does not: what the reference pass found, or (for
    /// a document that did not go through it) that only components are followed.
    fn unresolved(&self, reference: &str, what: &str) -> (DiagnosticKind, String) {
        match self.references.unresolved.get(reference) {
            Some((kind, reason)) => (*kind, format!("`{reference}` {reason}")),
            None if reference.starts_with('#') => (
                DiagnosticKind::UnsupportedRef,
                format!("`{reference}` does not name a component {what}"),
            ),
            None => (
                DiagnosticKind::UnsupportedRef,
                format!("`{reference}` is in another document, which is not read"),
            ),
        }
    }

    /// The component schema a `$ref` names, if it is one and exists.
    fn component(&self, reference: &str) -> Option<&'a ReferenceOr<Schema>> {
        let name = component_name(reference, "schemas")?;
        self.spec.components.as_ref()?.schemas.get(&name)
    }
}

/// The component name in `#/components/{section}/{name}`, unescaped.
fn component_name(reference: &str, section: &str) -> Option<String> {
    let rest = reference
        .strip_prefix("#/components/")?
        .strip_prefix(section)?
        .strip_prefix('/')?;
    if rest.contains('/') {
        return None;
    }
    Some(rest.replace("~1", "/").replace("~0", "~"))
}

/// A schema or a reference to one, whatever box the spec type put it in.
#[derive(Clone, Copy, Debug)]
enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

/// Joins a pointer and one unescaped segment.
fn child(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", crate::load::escape_pointer(segment))
}

/// Summary and description as one doc text.
fn docs(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [summary, description]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    match parts.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [a, b] if a == b => Some((*a).to_owned()),
        _ => Some(parts.join("\n\n")),
    }
}
