//! Typed strings for code generated with typed formats (`codegen::Settings::typed_formats`,
//! `cargo xtask codegen --spec … --typed-formats`): a `string` of `format: date-time` is a
//! [`Formatted<OffsetDateTime>`](Formatted), `format: date` a `Formatted<Date>`, `format: uuid` a
//! `Formatted<Uuid>`.
//!
//! A [`Formatted`] value is [`Formatted::Parsed`] when its text is in the format, and
//! [`Formatted::Raw`], holding the text exactly as received, when it is not: one odd date never
//! turns a response, or the body of an API error, into a decode error. It is written back as the
//! canonical text of the parsed value, or as the raw text, unchanged.
//!
//! The formats, as read here:
//!
//! - `date-time`: RFC 3339 `date-time` (`2024-05-01T12:30:00Z`, `2024-05-01T14:30:00.5+02:00`),
//!   as [`time::OffsetDateTime`], which keeps the offset it was written with. It is written
//!   back in RFC 3339, with the same offset (`Z` for UTC) and as many fraction digits as the
//!   value needs.
//! - `date`: RFC 3339 `full-date` (`2024-05-01`), exactly four, two and two digits, as
//!   [`time::Date`].
//! - `uuid`: the hyphenated form of RFC 4122 (`8-4-4-4-12` hex digits, any case), as
//!   [`uuid::Uuid`]; written back in lower case. Other spellings (no hyphens, braces, `urn:`)
//!   are kept raw.
//!
//! Why these crates: `time` reads and writes RFC 3339 itself (its `Rfc3339` description), keeps
//! the offset, and with only its `parsing` and `formatting` features adds four small crates and
//! no time-zone database; `uuid` without default features adds nothing. Neither needs its `serde`
//! feature: [`Formatted`] reads and writes the text itself, so the wire text is decided here.
//!
//! This module depends on `time` and `uuid`, which a crate generated without typed formats does
//! not have; so it lives beside `runtime` rather than in it. In `hubspot-oauth`, whose OAuth
//! modules are generated without typed formats, it is the `typed-formats` feature.

use std::borrow::Cow;
use std::fmt;

use time::format_description::well_known::Rfc3339;
pub use time::{Date, OffsetDateTime};
pub use uuid::Uuid;

/// A string of a known format: the typed value when the text is in the format, else the text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Formatted<T> {
    /// The text was in the format.
    Parsed(T),
    /// The text was not in the format: kept exactly as received, and written back as it is.
    Raw(String),
}

/// A format a [`Formatted`] value reads and writes.
pub trait TextFormat: Sized {
    /// The OpenAPI `format` name (`date-time`, `date`, `uuid`).
    const NAME: &'static str;

    /// The value of `text`, or `None` when it is not in the format.
    fn parse_text(text: &str) -> Option<Self>;

    /// The canonical text of the value, or `None` when the format cannot express it (an
    /// RFC 3339 date before year 0, an offset with seconds).
    fn format_text(&self) -> Option<String>;
}

impl TextFormat for OffsetDateTime {
    const NAME: &'static str = "date-time";

    fn parse_text(text: &str) -> Option<Self> {
        OffsetDateTime::parse(text, &Rfc3339).ok()
    }

    fn format_text(&self) -> Option<String> {
        self.format(&Rfc3339).ok()
    }
}

impl TextFormat for Date {
    const NAME: &'static str = "date";

    fn parse_text(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| {
            bytes[range.clone()]
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| text[range].parse::<u16>().ok())
                .flatten()
        };
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
        Date::from_calendar_date(i32::from(year), month, u8::try_from(day).ok()?).ok()
    }

    fn format_text(&self) -> Option<String> {
        (0..=9999).contains(&self.year()).then(|| {
            format!(
                "{:04}-{:02}-{:02}",
                self.year(),
                u8::from(self.month()),
                self.day()
            )
        })
    }
}

impl TextFormat for Uuid {
    const NAME: &'static str = "uuid";

    fn parse_text(text: &str) -> Option<Self> {
        // Only the hyphenated form: any other spelling is kept raw, so that it round-trips.
        if text.len() != 36 {
            return None;
        }
        Uuid::try_parse(text).ok()
    }

    fn format_text(&self) -> Option<String> {
        Some(self.hyphenated().to_string())
    }
}

impl<T: TextFormat> Formatted<T> {
    /// The value of `text`: parsed when it is in the format, raw otherwise.
    pub fn parse(text: &str) -> Self {
        match T::parse_text(text) {
            Some(value) => Formatted::Parsed(value),
            None => Formatted::Raw(text.to_owned()),
        }
    }

    /// The parsed value, or `None` when the text was not in the format.
    pub fn parsed(&self) -> Option<&T> {
        match self {
            Formatted::Parsed(value) => Some(value),
            Formatted::Raw(_) => None,
        }
    }

    /// The parsed value, or `None` when the text was not in the format.
    pub fn into_parsed(self) -> Option<T> {
        match self {
            Formatted::Parsed(value) => Some(value),
            Formatted::Raw(_) => None,
        }
    }

    /// The text that was not in the format, or `None` when it was parsed.
    pub fn raw(&self) -> Option<&str> {
        match self {
            Formatted::Parsed(_) => None,
            Formatted::Raw(text) => Some(text),
        }
    }

    /// The text written on the wire: the canonical text of a parsed value, or the raw text;
    /// `None` for a parsed value the format cannot express (see [`TextFormat::format_text`]).
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Formatted::Parsed(value) => value.format_text().map(Cow::Owned),
            Formatted::Raw(text) => Some(Cow::Borrowed(text)),
        }
    }
}

impl<T> From<T> for Formatted<T> {
    fn from(value: T) -> Self {
        Formatted::Parsed(value)
    }
}

/// Parsed when the text is in the format, raw otherwise (a spec's `default`, for one).
impl<T: TextFormat> From<&str> for Formatted<T> {
    fn from(text: &str) -> Self {
        Formatted::parse(text)
    }
}

impl<T: TextFormat> From<String> for Formatted<T> {
    fn from(text: String) -> Self {
        match T::parse_text(&text) {
            Some(value) => Formatted::Parsed(value),
            None => Formatted::Raw(text),
        }
    }
}

/// The wire text; a parsed value the format cannot express is written as its own `Display`
/// writes it.
impl<T: TextFormat + fmt::Display> fmt::Display for Formatted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.text() {
            Some(text) => f.write_str(&text),
            None => match self {
                Formatted::Parsed(value) => value.fmt(f),
                Formatted::Raw(text) => f.write_str(text),
            },
        }
    }
}

/// `Parsed(2024-05-01T12:30:00Z)` or `Raw("yesterday")`: the value as text, in its variant. A
/// secret field prints `<redacted>` instead, as every secret does, whatever its type.
impl<T: TextFormat + fmt::Debug> fmt::Debug for Formatted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Formatted::Parsed(value) => match value.format_text() {
                Some(text) => f
                    .debug_tuple("Parsed")
                    .field(&format_args!("{text}"))
                    .finish(),
                None => f.debug_tuple("Parsed").field(value).finish(),
            },
            Formatted::Raw(text) => f.debug_tuple("Raw").field(text).finish(),
        }
    }
}

impl<T: TextFormat> serde::Serialize for Formatted<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.text() {
            Some(text) => serializer.serialize_str(&text),
            None => Err(serde::ser::Error::custom(format_args!(
                "the value cannot be written as `format: {}`",
                T::NAME
            ))),
        }
    }
}

/// Any string: parsed when it is in the format, kept raw otherwise; only a value that is not a
/// string is an error, as it is for a `String`.
impl<'de, T: TextFormat> serde::Deserialize<'de> for Formatted<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text<T>(std::marker::PhantomData<T>);

        impl<T: TextFormat> serde::de::Visitor<'_> for Text<T> {
            type Value = Formatted<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a string (`format: {}`)", T::NAME)
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Formatted::parse(text))
            }

            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Self::Value, E> {
                Ok(Formatted::from(text))
            }
        }

        deserializer.deserialize_str(Text(std::marker::PhantomData))
    }
}

/// Sent as its wire text ([`Formatted::text`]; a parsed value the format cannot express, as
/// `Display` writes it).
impl<T: TextFormat + fmt::Display> crate::runtime::ParamText for Formatted<T> {
    fn param_text(&self) -> Cow<'_, str> {
        match self.text() {
            Some(text) => text,
            None => Cow::Owned(self.to_string()),
        }
    }
}
