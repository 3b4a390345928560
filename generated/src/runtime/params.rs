//! Parameter values, and how each OpenAPI 3.0.3 `style` writes them into a path, a query, a
//! header or the `Cookie` header ("Style Values" and "Style Examples" of the Parameter Object).
//!
//! A value becomes a [`ParamValue`] (one text, a list of texts, or name/value pairs) through
//! [`ToParam`]; the [`RequestBuilder`](super::RequestBuilder) then writes it by its style.
//! Values and property names are percent-encoded outside the RFC 3986 unreserved set in paths,
//! queries and cookies (so `,`, `|`, `;`, `=`, `&`, `[` or a space inside a value never reads as
//! a delimiter); the delimiters the style itself adds (`,` `.` `;` `=` `&` `|` `%20` `[` `]`) are
//! written as the spec's tables write them. Header values are written as they are (a header has
//! no percent-encoding; a value `http` rejects makes `build` fail).
//!
//! For `color` = `["blue","black","brown"]` and `{"R":100,"G":200,"B":150}`:
//!
//! | style | explode | array | object |
//! |---|---|---|---|
//! | matrix | false | `;color=blue,black,brown` | `;color=R,100,G,200,B,150` |
//! | matrix | true | `;color=blue;color=black;color=brown` | `;R=100;G=200;B=150` |
//! | label | false | `.blue.black.brown` | `.R.100.G.200.B.150` |
//! | label | true | `.blue.black.brown` | `.R=100.G=200.B=150` |
//! | form | false | `color=blue,black,brown` | `color=R,100,G,200,B,150` |
//! | form | true | `color=blue&color=black&color=brown` | `R=100&G=200&B=150` |
//! | simple | false | `blue,black,brown` | `R,100,G,200,B,150` |
//! | simple | true | `blue,black,brown` | `R=100,G=200,B=150` |
//! | spaceDelimited | false | `color=blue%20black%20brown` | `color=R%20100%20G%20200%20B%20150` |
//! | pipeDelimited | false | `color=blue\|black\|brown` | `color=R\|100\|G\|200\|B\|150` |
//! | deepObject | true | | `color[R]=100&color[G]=200&color[B]=150` |
//!
//! Where the tables say nothing: a scalar is written as `form`/`simple` write it whatever the
//! style; `spaceDelimited` and `pipeDelimited` with `explode: true` repeat the parameter as
//! `form` does; `deepObject` writes an object the same whatever `explode`, and a list as `form`
//! does. An empty list (or object) with
//! `explode: true` writes nothing, as repeating a parameter zero times does; with
//! `explode: false` it is one empty value (`color=`, `;color`, `.`). An empty list in a header
//! writes no header. Cookies are written as `form` writes a query, with `; ` between the pairs,
//! all in one `Cookie` header.

use std::borrow::Cow;
use std::collections::BTreeMap;

use percent_encoding::utf8_percent_encode;
use serde::Serialize;

use super::request::COMPONENT;
use super::RequestError;

/// How a parameter value is written (the Parameter Object's `style`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// `;name=value` (path).
    Matrix,
    /// `.value` (path).
    Label,
    /// `name=value` (query, cookie).
    Form,
    /// `value`, lists comma-separated (path, header).
    Simple,
    /// A list separated by spaces (query).
    SpaceDelimited,
    /// A list separated by `|` (query).
    PipeDelimited,
    /// `name[property]=value` (query, objects).
    DeepObject,
}

/// A scalar written as one text: strings as they are, numbers and booleans as Rust writes them
/// (`10`, `1.5`, `true`). Generated string enums write their wire value, generated unions of
/// scalars the text of their variant.
pub trait ParamText {
    /// The text of the value, before any encoding.
    fn param_text(&self) -> Cow<'_, str>;
}

impl ParamText for str {
    fn param_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamText for String {
    fn param_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl<T: ParamText + ?Sized> ParamText for &T {
    fn param_text(&self) -> Cow<'_, str> {
        (**self).param_text()
    }
}

macro_rules! display_text {
    ($($t:ty),*) => {
        $(
            impl ParamText for $t {
                fn param_text(&self) -> Cow<'_, str> {
                    Cow::Owned(self.to_string())
                }
            }
        )*
    };
}

display_text!(bool, i8, i16, i32, i64, u8, u16, u32, u64, usize, f32, f64);

/// Any JSON: a string is written as it is, `null` as an empty text, anything else as its JSON
/// text.
impl ParamText for serde_json::Value {
    fn param_text(&self) -> Cow<'_, str> {
        match self {
            serde_json::Value::String(text) => Cow::Borrowed(text),
            serde_json::Value::Null => Cow::Borrowed(""),
            other => Cow::Owned(other.to_string()),
        }
    }
}

/// The JSON text of a value: what a parameter described by `content` with a JSON media type
/// sends, as one value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonText(String);

impl JsonText {
    /// The JSON text of `value`; a `Serialize` implementation that fails is an error.
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Result<Self, RequestError> {
        serde_json::to_string(value).map(JsonText).map_err(|error| {
            RequestError::new(format!("a parameter could not be encoded as JSON: {error}"))
        })
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ParamText for JsonText {
    fn param_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.0)
    }
}

/// A parameter value as the styles see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue<'a> {
    /// One text (a primitive).
    Scalar(Cow<'a, str>),
    /// A list of texts (an array).
    List(Vec<Cow<'a, str>>),
    /// Name/value pairs, in order (an object).
    Object(Vec<ParamPair<'a>>),
}

/// One property of an object parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamPair<'a> {
    /// The property's name.
    pub name: Cow<'a, str>,
    /// Its text.
    pub value: Cow<'a, str>,
    /// The value is a secret, whether or not the parameter is.
    pub secret: bool,
}

impl<'a> ParamPair<'a> {
    /// The property `name` with the text of `value`.
    pub fn new<T: ParamText + ?Sized>(name: &'a str, value: &'a T) -> Self {
        ParamPair {
            name: Cow::Borrowed(name),
            value: value.param_text(),
            secret: false,
        }
    }

    /// [`ParamPair::new`] for a secret value.
    pub fn secret<T: ParamText + ?Sized>(name: &'a str, value: &'a T) -> Self {
        ParamPair {
            secret: true,
            ..ParamPair::new(name, value)
        }
    }

    /// The property `name` with the JSON text of `value` (a list or an object inside an object
    /// parameter, which no style has a rule for).
    pub fn json<T: Serialize + ?Sized>(name: &'a str, value: &T) -> Result<Self, RequestError> {
        Ok(ParamPair {
            name: Cow::Borrowed(name),
            value: Cow::Owned(JsonText::of(value)?.0),
            secret: false,
        })
    }
}

/// A value that can be sent as a parameter: a scalar ([`ParamText`]), an `Option` of a value
/// (`None` sends nothing), a list of scalars, a map of scalars, or a generated object type.
pub trait ToParam {
    /// The value, or `None` when nothing is sent.
    fn to_param(&self) -> Result<Option<ParamValue<'_>>, RequestError>;
}

impl<T: ParamText + ?Sized> ToParam for T {
    fn to_param(&self) -> Result<Option<ParamValue<'_>>, RequestError> {
        Ok(Some(ParamValue::Scalar(self.param_text())))
    }
}

impl<T: ToParam> ToParam for Option<T> {
    fn to_param(&self) -> Result<Option<ParamValue<'_>>, RequestError> {
        match self {
            Some(value) => value.to_param(),
            None => Ok(None),
        }
    }
}

impl<T: ParamText> ToParam for [T] {
    fn to_param(&self) -> Result<Option<ParamValue<'_>>, RequestError> {
        Ok(Some(ParamValue::List(
            self.iter().map(ParamText::param_text).collect(),
        )))
    }
}

impl<T: ParamText> ToParam for Vec<T> {
    fn to_param(&self) -> Result<Option<ParamValue<'_>>, RequestError> {
        self.as_slice().to_param()
    }
}

impl<T: ParamText> ToParam for BTreeMap<String, T> {
    fn to_param(&self) -> Result<Option<ParamValue<'_>>, RequestError> {
        Ok(Some(ParamValue::Object(
            self.iter()
                .map(|(name, value)| ParamPair::new(name, value))
                .collect(),
        )))
    }
}

/// The texts of a value that are recorded as secrets: all of them when the parameter is a
/// secret, else the values of its secret properties.
pub(super) fn secret_texts<'v>(
    value: &'v ParamValue<'_>,
    all: bool,
) -> Box<dyn Iterator<Item = &'v str> + 'v> {
    match value {
        ParamValue::Scalar(text) if all => Box::new(std::iter::once(text.as_ref())),
        ParamValue::List(items) if all => Box::new(items.iter().map(Cow::as_ref)),
        ParamValue::Object(pairs) => Box::new(
            pairs
                .iter()
                .filter(move |pair| all || pair.secret)
                .map(|pair| pair.value.as_ref()),
        ),
        _ => Box::new(std::iter::empty()),
    }
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// The pieces of an object (`R`, `100`, `G`, `200`…) or its `name=value` pairs, encoded or not.
fn object_texts(pairs: &[ParamPair<'_>], explode: bool, enc: fn(&str) -> String) -> Vec<String> {
    if explode {
        pairs
            .iter()
            .map(|pair| format!("{}={}", enc(&pair.name), enc(&pair.value)))
            .collect()
    } else {
        pairs
            .iter()
            .flat_map(|pair| [enc(&pair.name), enc(&pair.value)])
            .collect()
    }
}

/// A query parameter as `(name, "name=value")` pairs, encoded, one per `&`-separated piece:
/// `form`, `spaceDelimited`, `pipeDelimited` and `deepObject`.
pub(super) fn query(
    name: &str,
    style: Style,
    explode: bool,
    value: &ParamValue<'_>,
) -> Vec<(String, String)> {
    let pair = |key: &str, text: String| (key.to_owned(), format!("{}={text}", encode(key)));
    let separator = match style {
        Style::SpaceDelimited => "%20",
        Style::PipeDelimited => "|",
        _ => ",",
    };
    match value {
        ParamValue::Scalar(text) => vec![pair(name, encode(text))],
        ParamValue::List(items) if explode => {
            items.iter().map(|item| pair(name, encode(item))).collect()
        }
        ParamValue::List(items) => {
            let items: Vec<String> = items.iter().map(|item| encode(item)).collect();
            vec![pair(name, items.join(separator))]
        }
        ParamValue::Object(pairs) if style == Style::DeepObject => pairs
            .iter()
            .map(|p| {
                let key = format!("{name}[{}]", p.name);
                let text = format!("{}[{}]={}", encode(name), encode(&p.name), encode(&p.value));
                (key, text)
            })
            .collect(),
        ParamValue::Object(pairs) if explode => pairs
            .iter()
            .map(|p| pair(&p.name, encode(&p.value)))
            .collect(),
        ParamValue::Object(pairs) => {
            vec![pair(
                name,
                object_texts(pairs, false, encode).join(separator),
            )]
        }
    }
}

/// A path parameter, encoded: `simple`, `label` or `matrix` (any other style is `simple`).
pub(super) fn path(name: &str, style: Style, explode: bool, value: &ParamValue<'_>) -> String {
    let texts: Vec<String> = match value {
        ParamValue::Scalar(text) => vec![encode(text)],
        ParamValue::List(items) => items.iter().map(|item| encode(item)).collect(),
        ParamValue::Object(pairs) => object_texts(pairs, explode, encode),
    };
    let name = encode(name);
    match style {
        Style::Label => format!(".{}", texts.join(".")),
        Style::Matrix => {
            let one = |text: &str| match text {
                "" => format!(";{name}"),
                text => format!(";{name}={text}"),
            };
            match value {
                ParamValue::List(_) if explode => match texts.as_slice() {
                    [] => one(""),
                    texts => texts.iter().map(|text| one(text)).collect(),
                },
                ParamValue::Object(_) if explode => {
                    texts.iter().map(|text| format!(";{text}")).collect()
                }
                _ => one(&texts.join(",")),
            }
        }
        _ => texts.join(","),
    }
}

/// A header value, `simple`, as it is (no percent-encoding); `None` for an empty list or
/// object, which sends no header.
pub(super) fn header(explode: bool, value: &ParamValue<'_>) -> Option<String> {
    let plain = |text: &str| text.to_owned();
    match value {
        ParamValue::Scalar(text) => Some(text.clone().into_owned()),
        ParamValue::List(items) if items.is_empty() => None,
        ParamValue::List(items) => Some(items.join(",")),
        ParamValue::Object(pairs) if pairs.is_empty() => None,
        ParamValue::Object(pairs) => Some(object_texts(pairs, explode, plain).join(",")),
    }
}

/// A cookie parameter as encoded `name=value` pairs, `form`: joined by `; ` in the one
/// `Cookie` header.
pub(super) fn cookie(name: &str, explode: bool, value: &ParamValue<'_>) -> Vec<String> {
    let pair = |key: &str, text: String| format!("{}={text}", encode(key));
    match value {
        ParamValue::Scalar(text) => vec![pair(name, encode(text))],
        ParamValue::List(items) if explode => {
            items.iter().map(|item| pair(name, encode(item))).collect()
        }
        ParamValue::List(items) => {
            let items: Vec<String> = items.iter().map(|item| encode(item)).collect();
            vec![pair(name, items.join(","))]
        }
        ParamValue::Object(pairs) if explode => object_texts(pairs, true, encode),
        ParamValue::Object(pairs) => vec![pair(name, object_texts(pairs, false, encode).join(","))],
    }
}
