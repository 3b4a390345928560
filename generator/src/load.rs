//! Step 1: text → [`openapiv3::OpenAPI`].
//!
//! JSON (`.json`) and YAML (anything else) are read with the same rules. Input that cannot be
//! read as an OpenAPI 3.0 document is a [`LoadError`] naming the file and where it went wrong: a
//! line and column for syntax, a JSON pointer for a value of the wrong shape. This module is the
//! only one that touches `serde_yaml`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

/// The input could not be read as an OpenAPI 3.0 document.
#[derive(Debug, thiserror::Error)]
#[error("{file}{location}: {message}", file = .file.display())]
pub struct LoadError {
    /// The file that was read.
    pub file: PathBuf,
    /// Where in the file.
    pub location: Location,
    /// What went wrong.
    pub message: String,
}

/// Where in a file a [`LoadError`] happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// Nowhere in particular (the file could not be opened).
    File,
    /// A 1-based line and column, and the JSON pointer of the value when it is known.
    Text {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The JSON pointer of the value being read, if any.
        pointer: Option<String>,
    },
    /// A JSON pointer into the document.
    Pointer(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Text {
                line,
                column,
                pointer,
            } => {
                write!(f, ":{line}:{column}")?;
                match pointer {
                    Some(p) => write!(f, " (at {})", display_pointer(p)),
                    None => Ok(()),
                }
            }
            Location::Pointer(p) => write!(f, " (at {})", display_pointer(p)),
        }
    }
}

fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "the document root"
    } else {
        pointer
    }
}

/// The two text formats a spec can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// YAML (a superset of JSON).
    Yaml,
}

impl Format {
    /// JSON for a `.json` file, YAML otherwise.
    pub fn of(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// Reads and parses a spec file.
pub fn load_file(path: &Path) -> Result<openapiv3::OpenAPI, LoadError> {
    let text = read_text(path)?;
    parse(&text, Format::of(path), path)
}

/// Parses spec text; `file` is only used in error messages.
pub fn parse(text: &str, format: Format, file: &Path) -> Result<openapiv3::OpenAPI, LoadError> {
    // Read into a plain value first: a document that is not an object, or that has no
    // `openapi` field, gets a precise message instead of a list of missing fields.
    let value: serde_json::Value = deserialize(text, format, file)?;
    let version = match value.get("openapi") {
        Some(serde_json::Value::String(v)) => v.clone(),
        Some(_) => {
            return Err(at_pointer(
                file,
                "/openapi",
                "`openapi` must be a string such as \"3.0.3\"",
            ))
        }
        None if value.is_object() => {
            return Err(at_pointer(
                file,
                "",
                "no `openapi` field: this is not an OpenAPI 3.0 document",
            ))
        }
        None => return Err(at_pointer(file, "", "the document is not an object")),
    };
    if !version.starts_with("3.0") {
        return Err(at_pointer(
            file,
            "/openapi",
            format!("OpenAPI version {version:?} is not supported; this generator reads 3.0.x"),
        ));
    }
    deserialize(text, format, file)
}

/// Reads a JSON or YAML file into a plain JSON value.
pub fn read_value(path: &Path) -> Result<serde_json::Value, LoadError> {
    let text = read_text(path)?;
    deserialize(&text, Format::of(path), path)
}

/// Reads the override table kept beside the specs.
pub fn read_overrides(path: &Path) -> Result<crate::Overrides, LoadError> {
    let text = read_text(path)?;
    deserialize(&text, Format::of(path), path)
}

fn read_text(path: &Path) -> Result<String, LoadError> {
    std::fs::read_to_string(path).map_err(|e| LoadError {
        file: path.to_owned(),
        location: Location::File,
        message: format!("cannot read the file: {e}"),
    })
}

fn at_pointer(file: &Path, pointer: &str, message: impl Into<String>) -> LoadError {
    LoadError {
        file: file.to_owned(),
        location: Location::Pointer(pointer.to_owned()),
        message: message.into(),
    }
}

fn deserialize<T: DeserializeOwned>(
    text: &str,
    format: Format,
    file: &Path,
) -> Result<T, LoadError> {
    match format {
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize(&mut de).map_err(|e| {
                let pointer = pointer_of(e.path());
                let inner = e.into_inner();
                let (line, column) = (inner.line(), inner.column());
                error_at(
                    file,
                    Some((line, column)),
                    pointer,
                    strip_position(&inner.to_string()),
                )
            })
        }
        Format::Yaml => {
            let de = serde_yaml::Deserializer::from_str(text);
            serde_path_to_error::deserialize(de).map_err(|e| {
                let pointer = pointer_of(e.path());
                let inner = e.into_inner();
                let position = inner.location().map(|l| (l.line(), l.column()));
                error_at(file, position, pointer, strip_position(&inner.to_string()))
            })
        }
    }
}

fn error_at(
    file: &Path,
    position: Option<(usize, usize)>,
    pointer: Option<String>,
    message: String,
) -> LoadError {
    let location = match (position, pointer) {
        (Some((line, column)), pointer) if line > 0 => Location::Text {
            line,
            column,
            pointer,
        },
        (_, Some(pointer)) => Location::Pointer(pointer),
        (_, None) => Location::Pointer(String::new()),
    };
    LoadError {
        file: file.to_owned(),
        location,
        message,
    }
}

/// serde's messages end with " at line L column C"; the location is reported on its own.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> Option<String> {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        let text = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => escape_pointer(key),
            Segment::Enum { variant } => escape_pointer(variant),
            // Past a value serde could not track (a flattened map), the pointer stops.
            Segment::Unknown => break,
        };
        pointer.push('/');
        pointer.push_str(&text);
    }
    if pointer.is_empty() {
        None
    } else {
        Some(pointer)
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
