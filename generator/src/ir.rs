//! The intermediate representation: what every generated type and operation means.
//!
//! Plain data: no tokens, no `openapiv3` types. [`crate::normalize`] builds it from a spec and
//! [`crate::emit`] turns it into Rust; every normalization rule is visible here. Names are final
//! Rust identifiers (already cased, de-collided and keyword-safe); `wire` names are the JSON keys.

/// One API: the types and operations of one spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.summary` (3.1) and `info.description`.
    pub docs: Option<String>,
    /// `info.license.identifier` (3.1): an SPDX expression.
    pub license: Option<String>,
    /// The requests the API sends (3.1 `webhooks`), in the order written.
    pub webhooks: Vec<Webhook>,
    /// The first `servers[].url`, used as the default base URL.
    pub base_url: Option<String>,
    /// Every named type, in the order the spec defines them (inline types after their parent).
    pub types: Vec<TypeDef>,
    /// Every operation, in the order of the spec's paths and methods.
    pub operations: Vec<Operation>,
    /// The `#![recursion_limit]` a crate holding these types needs, when rustc's default is
    /// too low for how deeply they contain one another.
    pub recursion_limit: Option<usize>,
    /// The named types sent as parameters (or inside one), and how each is written, in the
    /// order the operations first use them.
    pub param_types: Vec<ParamType>,
    /// The `multipart/form-data` body types, in the order the operations first use them.
    pub multipart_types: Vec<MultipartType>,
}

/// One operation of a webhook: a request the API sends to its users.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    /// The webhook's name.
    pub name: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The type of its JSON payload.
    pub payload: Option<Type>,
}

/// A named Rust type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The Rust name (UpperCamelCase).
    pub name: String,
    /// The JSON pointer of the schema it comes from.
    pub pointer: String,
    /// The schema's description.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// What the type is.
    pub kind: TypeKind,
}

/// What a named type is.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string with a closed list of values in the spec; unknown values are kept.
    Enum(StringEnum),
    /// A `oneOf`/`anyOf`: one of several shapes; bodies matching none are kept as JSON.
    Union(Union),
    /// Another name for a type (`type Name = …;`).
    Alias(Type),
    /// A list or map that contains itself (`B: {type: array, items: {$ref: B}}`), which an
    /// alias cannot express: `struct Name(pub …);`, written as its content.
    Newtype(Type),
}

/// An object with known properties.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// The properties, in the spec's order.
    pub fields: Vec<Field>,
    /// The type of `additionalProperties`, kept in an ordered map beside the fields.
    pub additional: Option<Type>,
}

/// One property of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The Rust name (snake_case, keyword-safe).
    pub name: String,
    /// The JSON key. In a `…Params` struct, the parameter's name, or `header:{name}` /
    /// `query:{name}` when a query and a header parameter share a name (keys stay distinct).
    pub wire: String,
    /// The value's type, without the `Option` that [`Presence`] adds.
    pub ty: Type,
    /// Whether the key must be present and whether it may be `null`.
    pub presence: Presence,
    /// The spec's default, applied when the key is absent.
    pub default: Option<Literal>,
    /// The property's description.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The value is a secret: `Debug` prints `<redacted>`.
    pub secret: bool,
}

/// Whether a key must be present and whether it may be `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Required, never null: `T`.
    Required,
    /// Required and nullable: `Option<T>`, serialized as `null` when `None`.
    RequiredNullable,
    /// Optional (nullable or not): `Option<T>`, left out when `None`, `None` when absent.
    Optional,
    /// Optional with a default: `T`, the default when absent.
    Defaulted,
}

/// A default value the generated code can write as a literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// A string (also for string enums).
    String(String),
    /// An integer.
    Integer(i64),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
}

/// A string enum. The generated type always has a last variant keeping unknown values.
#[derive(Clone, Debug, PartialEq)]
pub struct StringEnum {
    /// The known values, in the spec's order.
    pub variants: Vec<EnumVariant>,
}

/// One known value of a string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumVariant {
    /// The Rust name (UpperCamelCase).
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

/// A `oneOf`/`anyOf`. The generated type always has a last variant keeping any other body.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// How a body is matched to a variant.
    pub tagging: Tagging,
    /// The variants, in the order they are tried (untagged) or as the spec lists them (tagged).
    pub variants: Vec<UnionVariant>,
}

/// How a union body is matched to a variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tagging {
    /// By the value of one property, which the variant types do not carry themselves.
    Internal {
        /// The property's JSON key.
        property: String,
        /// Where the tag comes from.
        source: TagSource,
    },
    /// By trying each variant in order; the first that decodes wins.
    Untagged,
}

/// Where a union's tag comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagSource {
    /// The spec's `discriminator`.
    Discriminator,
    /// Inferred: every variant requires the property, with a one-value string enum each.
    Inferred,
}

/// One variant of a union.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// The Rust name (UpperCamelCase).
    pub name: String,
    /// The variant's content.
    pub ty: Type,
    /// For tagged unions: the tag values that select this variant (the first is written).
    pub tags: Vec<String>,
}

/// A type expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    /// A named type of this API.
    Named(String),
    /// A named type of this API behind a `Box` (it contains itself).
    Boxed(String),
    /// `String`: strings, whatever their `format` (dates, UUIDs and bytes stay text), unless
    /// typed formats are on.
    String,
    /// With typed formats (`Settings::typed_formats`): a string of a known `format`,
    /// `crate::formats::Formatted<T>`, which keeps a text outside the format as it is.
    Formatted(Format),
    /// `bool`.
    Bool,
    /// `i64`: every integer, whatever its `format` (see `normalize::schemas`).
    I64,
    /// `f32` (`format: float`).
    F32,
    /// `f64` (`format: double`, or no format).
    F64,
    /// `Vec<T>`.
    Vec(Box<Type>),
    /// A tuple `(A, B, …)`, a JSON array of exactly these items in order (3.1 `prefixItems`).
    Tuple(Vec<Type>),
    /// An ordered map from string keys (`BTreeMap<String, T>`).
    Map(Box<Type>),
    /// Any JSON (`serde_json::Value`): free-form objects and every fallback.
    Json,
}

impl Type {
    /// This type with aliases followed, `def` looking a name up; at most `steps` of them (alias
    /// cycles are broken before emitting, so a bound only guards against a lookup that loops).
    pub fn unaliased<'t>(
        &'t self,
        def: impl Fn(&str) -> Option<&'t TypeDef>,
        steps: usize,
    ) -> &'t Type {
        let mut at = self;
        for _ in 0..steps {
            let Type::Named(name) = at else { break };
            match def(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(target)) => at = target,
                _ => break,
            }
        }
        at
    }
}

/// A string `format` read as a type of its own when typed formats are on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// `date-time` (RFC 3339): `time::OffsetDateTime`.
    DateTime,
    /// `date` (RFC 3339 `full-date`): `time::Date`.
    Date,
    /// `uuid`: `uuid::Uuid`.
    Uuid,
}

/// One HTTP operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The Rust name (snake_case).
    pub name: String,
    /// The `operationId`, as the spec writes it.
    pub operation_id: Option<String>,
    /// The JSON pointer of the operation.
    pub pointer: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template, as the spec writes it.
    pub template: String,
    /// The template split into literal text and parameters.
    pub path: Vec<PathPart>,
    /// Summary and description.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path parameters, in template order.
    pub path_params: Vec<Param>,
    /// Query and header parameters, in the spec's order; they form the `…Params` type.
    pub params: Vec<Param>,
    /// The name of the generated `…Params` type, when there are query or header parameters.
    pub params_type: Option<String>,
    /// The request body.
    pub body: Option<Body>,
    /// What a 2xx response carries.
    pub success: Success,
    /// The type an error body is decoded into.
    pub error: Type,
    /// Whether the request may be sent again after a transient failure.
    pub retry_safe: bool,
    /// How the request is authenticated: alternatives, each the schemes sent together; the
    /// runtime uses the first the caller has credentials for. An empty alternative allows no
    /// credentials (used when no other one can be met); an empty list: none are sent.
    pub security: Vec<Vec<AuthScheme>>,
    /// How the operation's list pages are linked, when a `…_pages` helper is generated for it.
    pub pagination: Option<Pagination>,
}

/// A list operation whose pages are linked by a cursor (see `normalize::pagination`).
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    /// The Rust name of the client method returning the pager (`{operation}_pages`).
    pub method: String,
    /// The Rust name of the optional `String` query parameter (a field of the `…Params` type)
    /// that carries the cursor of the page to fetch.
    pub cursor_param: String,
    /// From the success body to the next page's cursor: one step per property.
    pub next: Vec<PathStep>,
    /// The Rust name of the success body's property holding the page's items.
    pub items: PathStep,
    /// The type of one item.
    pub item: Type,
    /// Where the decision comes from.
    pub source: PaginationSource,
}

/// One property on the way from a response body to a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathStep {
    /// The field's Rust name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// Where a [`Pagination`] comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaginationSource {
    /// The names and shapes of the operation matched a rule of `normalize::pagination`.
    Detected,
    /// The override table's `pagination` entry for the operation.
    Override,
}

/// One security scheme of a requirement, and how its credential is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthScheme {
    /// The scheme's name in `components.securitySchemes`: the key of its credential.
    pub name: String,
    /// Where the credential goes.
    pub place: AuthPlace,
}

/// Where a credential goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthPlace {
    /// `Authorization: Bearer <credential>` (`http` `bearer`, `oauth2`, `openIdConnect`).
    Bearer,
    /// `Authorization: Basic base64(user:password)` (`http` `basic`).
    Basic,
    /// A header of this name (`apiKey` `in: header`).
    Header(String),
    /// A query parameter of this name (`apiKey` `in: query`).
    Query(String),
    /// A cookie of this name (`apiKey` `in: cookie`).
    Cookie(String),
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, sent as is.
    Literal(String),
    /// The path parameter with this index in [`Operation::path_params`].
    Param(usize),
}

/// A path, query, header or cookie parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The Rust name (snake_case, keyword-safe).
    pub name: String,
    /// The name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type: a scalar (a string enum, an alias of a scalar, a union of scalars), a `Vec`
    /// or map of those, or an object ([`ParamType`]); any type with [`ParamEncoding::Json`].
    pub ty: Type,
    /// How the value is written.
    pub encoding: ParamEncoding,
    /// Whether it must be given.
    pub required: bool,
    /// Its description.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The value is a secret: `Debug` prints `<redacted>`.
    pub secret: bool,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie, in the request's one `Cookie` header.
    Cookie,
}

/// How a parameter's value is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamEncoding {
    /// By a `style` of the OpenAPI "Style Values" table.
    Style {
        /// The style (the location's default when the spec names none).
        style: ParamStyle,
        /// Whether lists and objects are written as one parameter per item or property
        /// (default: `true` for `form`, `false` for every other style).
        explode: bool,
    },
    /// The JSON text of the value, as one value: `content` with a JSON media type, or a value
    /// no style can write (with a diagnostic).
    Json,
}

/// An OpenAPI parameter `style`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    /// `;color=blue` (path).
    Matrix,
    /// `.blue` (path).
    Label,
    /// `color=blue` (query, cookie).
    Form,
    /// `blue` (path, header).
    Simple,
    /// `color=blue%20black` (query).
    SpaceDelimited,
    /// `color=blue|black` (query).
    PipeDelimited,
    /// `color[R]=100` (query).
    DeepObject,
}

/// A named type sent as a parameter, or inside one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamType {
    /// The type's Rust name.
    pub name: String,
    /// How a value of it is written.
    pub form: ParamForm,
}

/// How a value of a named parameter type is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamForm {
    /// As one text: a string enum's wire value, or the text of a scalar union's variant.
    Text,
    /// As the variant the value holds, one text or a list of texts: a union of scalars and
    /// lists of scalars (`oneOf: [string, array of string]`).
    Variants,
    /// As name/value pairs, one per property present, in the struct's order; then the
    /// additional properties, when the struct has them.
    Object {
        /// The properties (by Rust field name) that are lists or objects, which no style has a
        /// rule for: each is written as its JSON text.
        json_fields: Vec<String>,
        /// Whether the additional properties are written as JSON text too.
        json_additional: bool,
    },
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// How it is encoded, and its type.
    pub encoding: BodyEncoding,
    /// `required: true`.
    pub required: bool,
}

/// How a request body is encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`, a value of this type.
    Json(Type),
    /// `application/x-www-form-urlencoded`, a value of this type.
    Form(Type),
    /// `multipart/form-data`, a value of the [`MultipartType`] of this name.
    Multipart(String),
    /// Any other media type: the caller passes the encoded bytes.
    Raw {
        /// The media type the spec names.
        content_type: String,
    },
}

/// A `multipart/form-data` body: a struct with one field per property of its schema, encoded
/// by the runtime as one part per value (`crate::runtime::Multipart`).
#[derive(Clone, Debug, PartialEq)]
pub struct MultipartType {
    /// The Rust name (UpperCamelCase).
    pub name: String,
    /// The JSON pointer of the body's schema.
    pub pointer: String,
    /// The schema's description, or which operation the body belongs to.
    pub docs: Option<String>,
    /// The properties, in the spec's order.
    pub parts: Vec<MultipartPart>,
}

/// One property of a multipart body.
#[derive(Clone, Debug, PartialEq)]
pub struct MultipartPart {
    /// The Rust field name (snake_case, keyword-safe).
    pub name: String,
    /// The part name (`Content-Disposition: form-data; name="…"`).
    pub wire: String,
    /// What the field holds.
    pub kind: PartKind,
    /// In `required` (and not nullable): the field is `T`, else `Option<T>` (no part when
    /// `None`).
    pub required: bool,
    /// The `contentType` the body's `encoding` gives the property: it replaces the default
    /// content type of its parts.
    pub content_type: Option<String>,
    /// The property's description.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The value is a secret: `Debug` prints `<redacted>`, and the runtime records its text.
    pub secret: bool,
}

/// What a multipart field holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// `type: string, format: binary`: one `crate::runtime::FilePart`.
    File,
    /// An array of those: one part per file, all under the property's name.
    Files,
    /// Any other value: its text (scalars) or JSON text (objects), one part per item of an
    /// array.
    Value(Type),
}
/// What a 2xx response carries.
#[derive(Clone, Debug, PartialEq)]
pub enum Success {
    /// A JSON body of this type.
    Json(Type),
    /// No body the client reads (204, or no content in the spec).
    Empty,
    /// A body in another media type, returned as bytes.
    Bytes,
}
