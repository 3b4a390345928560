//! Typed formats (`Settings::typed_formats`, off by default): which string `format`s become a
//! type of their own.
//!
//! The rule: with the setting, a `string` of `format: date-time` is
//! `crate::formats::Formatted<time::OffsetDateTime>`, `format: date` is
//! `Formatted<time::Date>`, `format: uuid` is `Formatted<uuid::Uuid>`; every other string,
//! and every string without the setting, stays `String`. `Formatted` keeps a text that is not
//! in its format as it was received (`Raw`), so a value that does not fit its format still
//! never turns a body into a decode error, and it writes back what it read. A string enum stays
//! an enum whatever its format. Integers stay `i64` either way (see `schemas`).
//!
//! The doc notes do not change: `Format: …` names the spec's format, and a `default` or an
//! `example` is the wire text (a `default` becomes the field's value through
//! `Formatted::from(&str)`, parsed or raw as a received value is).

use openapiv3::{Schema, SchemaKind, StringFormat, Type as OaType, VariantOrUnknownOrEmpty};

use super::Context;
use crate::ir::{Format, Type};

/// The typed format of a string schema, whatever the setting.
pub(super) fn format_of(schema: &Schema) -> Option<Format> {
    let name = match &schema.schema_kind {
        SchemaKind::Type(OaType::String(t)) => match &t.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "date-time",
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "date",
            VariantOrUnknownOrEmpty::Unknown(name) => name.as_str(),
            _ => return None,
        },
        SchemaKind::Any(a) => a.format.as_deref()?,
        _ => return None,
    };
    match name {
        "date-time" => Some(Format::DateTime),
        "date" => Some(Format::Date),
        "uuid" => Some(Format::Uuid),
        _ => None,
    }
}

impl Context<'_> {
    /// The type of a string schema that is not an enum: typed by its format when the setting
    /// is on, else `String`.
    pub(super) fn string_type(&self, schema: &Schema) -> Type {
        match format_of(schema) {
            Some(format) if self.settings.typed_formats => Type::Formatted(format),
            _ => Type::String,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::format_of;
    use crate::ir::Format;

    fn schema(yaml: &str) -> openapiv3::Schema {
        serde_json::from_value(serde_yaml::from_str::<serde_json::Value>(yaml).unwrap()).unwrap()
    }

    #[test]
    fn the_three_formats_and_nothing_else() {
        let cases = [
            ("{type: string, format: date-time}", Some(Format::DateTime)),
            ("{type: string, format: date}", Some(Format::Date)),
            ("{type: string, format: uuid}", Some(Format::Uuid)),
            ("{type: string, format: byte}", None),
            ("{type: string, format: email}", None),
            ("{type: string}", None),
            ("{type: integer, format: int64}", None),
            // A keyword of another type makes it a `SchemaKind::Any`.
            (
                "{type: string, format: uuid, minimum: 1}",
                Some(Format::Uuid),
            ),
        ];
        for (yaml, expected) in cases {
            assert_eq!(format_of(&schema(yaml)), expected, "{yaml}");
        }
    }
}
