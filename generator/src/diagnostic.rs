//! What a readable spec does wrong, and what was generated instead.
//!
//! Every step that reads the spec ([`crate::load`] for the raw document, [`crate::normalize`]
//! for its meaning) reports a problem it can work around as a [`Diagnostic`] naming the JSON
//! pointer of the construct; with `strict` set, any diagnostic refuses the spec.

use std::fmt;

/// A problem in a readable spec, and the fallback that was applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The JSON pointer of the construct.
    pub pointer: String,
    /// What kind of problem it is.
    pub kind: DiagnosticKind,
    /// What is wrong and what was generated instead.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "warning[{}]: {}: {}",
            self.kind.code(),
            self.pointer,
            self.message
        )
    }
}

/// The kinds of [`Diagnostic`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DiagnosticKind {
    /// A `$ref` to a schema, parameter, body or response that does not exist. Fallback: JSON.
    DanglingRef,
    /// A `$ref` the generator does not follow (another file, another section). Fallback: JSON.
    UnsupportedRef,
    /// A schema shape Rust types cannot express here (`not`, mixed `allOf`, a schema that is
    /// nothing but a reference to itself). Fallback: JSON.
    UnsupportedSchema,
    /// `allOf` members define one property differently. Fallback: the first definition.
    AllOfConflict,
    /// A path parameter missing from its template, or a template name with no declared
    /// parameter. Fallback: the former is dropped, the latter becomes a string argument.
    PathParam,
    /// A parameter the client cannot send as declared (cookies, objects). Fallback: dropped
    /// (cookies) or sent as a string the caller encodes.
    UnsupportedParam,
    /// Two names became the same Rust identifier. Fallback: a numeric or path-derived suffix.
    NameCollision,
    /// A `default` that does not fit its type. Fallback: the field is an `Option` without it.
    IgnoredDefault,
    /// A union declares a `discriminator` that cannot be used (fallback: untagged), or one that
    /// leaves a variant without a tag value of its own (fallback: the variant is left out).
    Discriminator,
    /// A union lists the same schema twice. Fallback: the repetition is left out.
    DuplicateVariant,
    /// A name too long for an identifier (over [`crate::normalize::names::MAX_LEN`] characters once cased).
    /// Fallback: its first characters and a hash of the whole name.
    LongName,
    /// The document breaks the OpenAPI 3.0 schema in a way whose intent is plain (a numeric
    /// `exclusiveMinimum`, an operation without `responses`, …). Fallback: read as intended.
    InvalidSpec,
    /// `type: array` without `items`. Fallback: an array of JSON values.
    UntypedArray,
    /// A security requirement the client cannot meet: a scheme it cannot send (an `http` scheme
    /// other than `bearer` and `basic`, `mutualTLS`) or one the document does not declare.
    /// Fallback: that requirement alternative is left out.
    UnsupportedSecurity,
    /// An override's `pagination` entry that does not fit its operation (no such query
    /// parameter, no string at the `next` path, no list at `items`). Fallback: no `…_pages`
    /// helper for the operation.
    Pagination,
}

impl DiagnosticKind {
    /// Every kind, in declaration order.
    pub const ALL: [DiagnosticKind; 15] = [
        DiagnosticKind::DanglingRef,
        DiagnosticKind::UnsupportedRef,
        DiagnosticKind::UnsupportedSchema,
        DiagnosticKind::AllOfConflict,
        DiagnosticKind::PathParam,
        DiagnosticKind::UnsupportedParam,
        DiagnosticKind::NameCollision,
        DiagnosticKind::IgnoredDefault,
        DiagnosticKind::Discriminator,
        DiagnosticKind::DuplicateVariant,
        DiagnosticKind::LongName,
        DiagnosticKind::InvalidSpec,
        DiagnosticKind::UntypedArray,
        DiagnosticKind::UnsupportedSecurity,
        DiagnosticKind::Pagination,
    ];

    /// A short stable name, used in messages and reports.
    pub fn code(self) -> &'static str {
        match self {
            DiagnosticKind::DanglingRef => "dangling-ref",
            DiagnosticKind::UnsupportedRef => "unsupported-ref",
            DiagnosticKind::UnsupportedSchema => "unsupported-schema",
            DiagnosticKind::AllOfConflict => "allof-conflict",
            DiagnosticKind::PathParam => "path-param",
            DiagnosticKind::UnsupportedParam => "unsupported-param",
            DiagnosticKind::NameCollision => "name-collision",
            DiagnosticKind::IgnoredDefault => "ignored-default",
            DiagnosticKind::Discriminator => "discriminator",
            DiagnosticKind::DuplicateVariant => "duplicate-variant",
            DiagnosticKind::LongName => "long-name",
            DiagnosticKind::InvalidSpec => "invalid-spec",
            DiagnosticKind::UntypedArray => "untyped-array",
            DiagnosticKind::UnsupportedSecurity => "unsupported-security",
            DiagnosticKind::Pagination => "pagination",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DiagnosticKind;

    #[test]
    fn every_kind_has_its_own_code() {
        let mut codes: Vec<&str> = DiagnosticKind::ALL.iter().map(|k| k.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), DiagnosticKind::ALL.len());
    }
}
