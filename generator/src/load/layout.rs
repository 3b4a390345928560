//! Where OpenAPI 3.0 puts which object: the kind of object at a JSON pointer, from the keys
//! leading to it, so that a pass over the raw tree knows a parameter from a schema.

use super::tree::segments;

/// What kind of OpenAPI object a place in the document holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Document,
    Paths,
    PathItem,
    Operation,
    ParameterList,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Header,
    Content,
    MediaType,
    Encoding,
    Example,
    Link,
    Callback,
    SecurityScheme,
    Schema,
    SchemaList,
    Components,
    /// A map from names to objects of one kind.
    Map(Entry),
}

/// The kind of the values of a [`Kind::Map`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Entry {
    Schema,
    Parameter,
    RequestBody,
    Response,
    Header,
    Example,
    Link,
    Callback,
    SecurityScheme,
    Encoding,
}

impl Entry {
    fn kind(self) -> Kind {
        match self {
            Entry::Schema => Kind::Schema,
            Entry::Parameter => Kind::Parameter,
            Entry::RequestBody => Kind::RequestBody,
            Entry::Response => Kind::Response,
            Entry::Header => Kind::Header,
            Entry::Example => Kind::Example,
            Entry::Link => Kind::Link,
            Entry::Callback => Kind::Callback,
            Entry::SecurityScheme => Kind::SecurityScheme,
            Entry::Encoding => Kind::Encoding,
        }
    }
}

pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Kind {
    /// The kind of the value at `key` (a member name or an array index) inside this one, when
    /// it is an OpenAPI object that may hold references.
    pub(super) fn child(self, key: &str) -> Option<Kind> {
        use Entry as E;
        Some(match (self, key) {
            (Kind::Document, "paths") => Kind::Paths,
            (Kind::Document, "components") => Kind::Components,
            (Kind::Paths, _) => Kind::PathItem,
            (Kind::PathItem, "parameters") | (Kind::Operation, "parameters") => Kind::ParameterList,
            (Kind::PathItem, method) if METHODS.contains(&method) => Kind::Operation,
            (Kind::Operation, "requestBody") => Kind::RequestBody,
            (Kind::Operation, "responses") => Kind::Responses,
            (Kind::Operation, "callbacks") => Kind::Map(E::Callback),
            (Kind::ParameterList, _) => Kind::Parameter,
            (Kind::Responses, _) => Kind::Response,
            (Kind::Callback, _) => Kind::PathItem,
            (Kind::Parameter | Kind::Header | Kind::MediaType, "schema") => Kind::Schema,
            (Kind::Parameter | Kind::Header | Kind::MediaType, "examples") => Kind::Map(E::Example),
            (Kind::Parameter | Kind::Header | Kind::RequestBody | Kind::Response, "content") => {
                Kind::Content
            }
            (Kind::Response | Kind::Encoding, "headers") => Kind::Map(E::Header),
            (Kind::Response, "links") => Kind::Map(E::Link),
            (Kind::Content, _) => Kind::MediaType,
            (Kind::MediaType, "encoding") => Kind::Map(E::Encoding),
            (Kind::Schema, "properties") => Kind::Map(E::Schema),
            (Kind::Schema, "items" | "additionalProperties" | "not") => Kind::Schema,
            (Kind::Schema, "allOf" | "oneOf" | "anyOf") => Kind::SchemaList,
            (Kind::SchemaList, _) => Kind::Schema,
            (Kind::Components, section) => Kind::Map(match section {
                "schemas" => E::Schema,
                "parameters" => E::Parameter,
                "requestBodies" => E::RequestBody,
                "responses" => E::Response,
                "headers" => E::Header,
                "examples" => E::Example,
                "links" => E::Link,
                "callbacks" => E::Callback,
                "securitySchemes" => E::SecurityScheme,
                _ => return None,
            }),
            (Kind::Map(entry), _) => entry.kind(),
            _ => return None,
        })
    }

    /// Whether a Reference Object may stand in for an object of this kind.
    pub(super) fn referable(self) -> bool {
        !matches!(
            self,
            Kind::Document
                | Kind::Paths
                | Kind::Operation
                | Kind::ParameterList
                | Kind::Responses
                | Kind::Content
                | Kind::MediaType
                | Kind::Encoding
                | Kind::SchemaList
                | Kind::Components
                | Kind::Map(_)
        )
    }

    /// The `components` section objects of this kind live in (`None`: path items, which 3.0
    /// components cannot hold).
    pub(super) fn section(self) -> Option<&'static str> {
        Some(match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
            Kind::Header => "headers",
            Kind::Example => "examples",
            Kind::Link => "links",
            Kind::Callback => "callbacks",
            Kind::SecurityScheme => "securitySchemes",
            _ => return None,
        })
    }
}

/// The kind of object at a pointer, by the keys leading to it.
pub(super) fn kind_at(pointer: &str) -> Option<Kind> {
    let mut kind = Kind::Document;
    for segment in segments(pointer)? {
        kind = kind.child(&segment)?;
    }
    Some(kind)
}

/// What a place in the document is, for a reference to it.
pub(super) enum Place {
    /// An object of this kind, by the keys leading to it.
    Known(Kind),
    /// Somewhere OpenAPI gives no meaning: an unknown top-level key (`definitions`) or a
    /// schema's JSON Schema `definitions`/`$defs`. What is there is what points at it.
    Foreign,
    /// Something else OpenAPI defines (`#/info`, an example's value, a schema's `enum`).
    Elsewhere,
}

/// The top-level fields of an OpenAPI 3.0 document.
const FIELDS: [&str; 8] = [
    "openapi",
    "info",
    "servers",
    "paths",
    "components",
    "security",
    "tags",
    "externalDocs",
];

pub(super) fn place(pointer: &str) -> Place {
    let mut kind = Kind::Document;
    for segment in segments(pointer).into_iter().flatten() {
        match kind.child(&segment) {
            Some(next) => kind = next,
            None => {
                let foreign = match kind {
                    Kind::Document => {
                        !FIELDS.contains(&segment.as_ref()) && !segment.starts_with("x-")
                    }
                    Kind::Schema => matches!(segment.as_ref(), "definitions" | "$defs"),
                    _ => false,
                };
                return if foreign {
                    Place::Foreign
                } else {
                    Place::Elsewhere
                };
            }
        }
    }
    Place::Known(kind)
}
