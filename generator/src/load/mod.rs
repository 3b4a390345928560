//! Step 1: text → [`Spec`] (an [`openapiv3::OpenAPI`] and what reading it worked around).
//!
//! JSON (`.json`) and YAML (anything else) are read with the same rules, in one pass that
//! builds a [`Document`]: a tree of [`Node`]s holding exactly the values a `serde_json::Value`
//! would, each with the byte offset it starts at (and each object key with its own), so that
//! any JSON pointer has a [`Position`] (`Document::position_of`). Everything after reading
//! works on that tree: the version check, the passes that repair it, deserializing into
//! `openapiv3` (or a `serde_json::Value`, or the overrides) with `serde_path_to_error`, and,
//! when that fails, finding the node the error is about.
//!
//! - `json`: a small reader of our own, because `serde_json` keeps no positions and lets the
//!   last of two equal keys win.
//! - `yaml`: `serde_yaml` (the only file that touches it) with a visitor of ours that builds
//!   the tree and takes the positions serde_yaml does expose (see that module).
//! - `layout`: which OpenAPI object a pointer names (a parameter, a schema, …), from the keys
//!   leading to it; what the passes know of the document's shape.
//! - `lenient`: before the document is typed, constructs that break the OpenAPI 3.0 schema but
//!   whose intent is plain are rewritten in the tree into their valid form, each reported as an
//!   `invalid-spec` [`Diagnostic`] (see that module for the list): server variables written as
//!   numbers, a missing `responses`, `info.title`, `info.version` or `paths`, a `style` the
//!   location does not allow, 3.1's numeric `exclusiveMinimum`/`exclusiveMaximum` (in a 3.0
//!   document only), callbacks given by `$ref`, and YAML keys that YAML reads as booleans or
//!   null (which the YAML reader notes as it reads them).
//! - `refs`: every local JSON Reference made one that names a component (see that module).
//! - `locate`: past a buffering `openapiv3` type (`ReferenceOr`, flattened maps, schemas) serde
//!   loses the path; the subtree is read again as the type expected there to find the deepest
//!   node at fault.
//!
//! Input that is not one OpenAPI 3.0 document is a [`LoadError`] naming the file and the line,
//! column and JSON pointer: a file that is not UTF-8 (at its first bad byte), a character YAML
//! forbids (named by code point, escape and name; with no pointer, as libyaml reads ahead of
//! the values), bad syntax, text after the document (JSON) or a second document (YAML), a key
//! that appears twice in one mapping (at the second, naming the first), nesting deeper than
//! [`MAX_DEPTH`], and a value of the wrong shape (at the deepest node at fault). Only errors
//! about the document as a whole (not an object, no `openapi` field) name no line.

mod de;
mod json;
mod layout;
mod lenient;
mod locate;
mod refs;
mod tree;
mod v31;
mod yaml;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;

pub use de::NodeDeserializer;
pub use refs::Resolution;
pub use tree::{local_pointer, Document, Member, Node, Object, Position, Value};
pub use v31::{Extras, Webhook, TUPLE};

/// How deeply arrays and objects may nest. serde_yaml has the same limit, so both formats
/// agree; it keeps every later step's recursion far from the stack's end.
pub const MAX_DEPTH: usize = 128;

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
    /// A place in the text, and the JSON pointer of the value when it is known.
    Text {
        /// 1-based line.
        line: usize,
        /// 1-based column, counted in characters.
        column: usize,
        /// Byte offset from the start of the file.
        offset: usize,
        /// The JSON pointer of the value being read, if any.
        pointer: Option<String>,
    },
    /// A JSON pointer into the document (the document as a whole: `""`).
    Pointer(String),
}

impl Location {
    /// A place in the text.
    fn at(position: Position, pointer: Option<String>) -> Location {
        Location::Text {
            line: position.line,
            column: position.column,
            offset: position.offset,
            pointer,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Text {
                line,
                column,
                pointer,
                ..
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

/// The spec files of a directory (`.json`, `.yaml` and `.yml`), sorted.
pub fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            )
        })
        .collect();
    files.sort();
    Ok(files)
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

/// A spec as read: the typed document, and what reading it had to work around.
#[derive(Clone, Debug)]
pub struct Spec {
    /// The document.
    pub openapi: openapiv3::OpenAPI,
    /// Problems in the raw document that reading worked around, each with what was read
    /// instead.
    pub diagnostics: Vec<Diagnostic>,
    /// What the reference pass did: the components it made, the references it could not
    /// resolve.
    pub references: Resolution,
    /// Security schemes of a type OpenAPI 3.0 does not define (`mutualTLS`), by name, with
    /// their type: taken out of the document before it is typed, and reported where a
    /// requirement names them.
    pub unknown_schemes: BTreeMap<String, String>,
    /// What an OpenAPI 3.1 document says that the 3.0 model has no place for (empty for 3.0).
    pub extras: Extras,
}

impl From<openapiv3::OpenAPI> for Spec {
    /// A document built in memory: nothing was worked around.
    fn from(openapi: openapiv3::OpenAPI) -> Spec {
        Spec {
            openapi,
            diagnostics: Vec::new(),
            references: Resolution::default(),
            unknown_schemes: BTreeMap::new(),
            extras: Extras::default(),
        }
    }
}

/// Reads and parses a spec file.
pub fn load_file(path: &Path) -> Result<Spec, LoadError> {
    let text = read_text(path)?;
    parse(&text, Format::of(path), path)
}

/// Parses spec text; `file` is only used in error messages.
///
/// Before the document is typed, two passes over its tree repair what `openapiv3` would refuse
/// or lose, each reporting what it did as a [`Diagnostic`]: `lenient` reads constructs that
/// break the OpenAPI 3.0 schema but whose intent is plain, and `refs` makes every local
/// reference one that names a component. Security schemes of a type 3.0 does not define are
/// taken out ([`Spec::unknown_schemes`]).
pub fn parse(text: &str, format: Format, file: &Path) -> Result<Spec, LoadError> {
    let (mut document, scalar_keys) = read_tree(text, format, file)?;
    let version = check_version(&document, file)?;
    let mut diagnostics = Vec::new();
    lenient::scalar_keys(&document, &scalar_keys, &mut diagnostics);
    let (extras, made) = if version.starts_with("3.1") {
        v31::translate(document.root_mut(), &mut diagnostics)
    } else {
        Default::default()
    };
    lenient::repair(&mut document, &version, &mut diagnostics);
    let unknown_schemes = lenient::take_unknown_schemes(&mut document);
    let mut references = refs::resolve(&mut document);
    references.origins.extend(made);
    match serde_path_to_error::deserialize(document.root().deserializer()) {
        Ok(openapi) => Ok(Spec {
            openapi,
            diagnostics,
            references,
            unknown_schemes,
            extras,
        }),
        Err(e) => {
            let pointer = pointer_of(e.path());
            let message = e.into_inner().to_string();
            let (pointer, message) = locate::deepest(document.root(), &pointer, message);
            let mut error = error_at(&document, file, &pointer, message);
            // A hoisted component is reported where the text has it.
            if let Location::Text {
                pointer: Some(p), ..
            } = &mut error.location
            {
                *p = references.original(p);
            }
            Err(error)
        }
    }
}

/// Reads JSON or YAML text into a [`Document`]; `file` is only used in error messages.
pub fn read_document<'t>(
    text: &'t str,
    format: Format,
    file: &Path,
) -> Result<Document<'t>, LoadError> {
    read_tree(text, format, file).map(|(document, _)| document)
}

/// [`read_document`], and the YAML mapping keys that YAML resolves to a boolean or null but
/// that were read as their text.
fn read_tree<'t>(
    text: &'t str,
    format: Format,
    file: &Path,
) -> Result<(Document<'t>, Vec<yaml::ScalarKey>), LoadError> {
    let read = match format {
        Format::Json => json::read(text).map(|root| (root, Vec::new())),
        Format::Yaml => yaml::read(text),
    };
    match read {
        Ok((root, keys)) => Ok((Document::new(text, root), keys)),
        Err(e) => Err(e.located(text, file)),
    }
}

/// Reads a JSON or YAML file into a plain JSON value.
pub fn read_value(path: &Path) -> Result<serde_json::Value, LoadError> {
    let text = read_text(path)?;
    deserialize(&read_document(&text, Format::of(path), path)?, path)
}

/// Reads the override table kept beside the specs.
pub fn read_overrides(path: &Path) -> Result<crate::Overrides, LoadError> {
    let text = read_text(path)?;
    deserialize(&read_document(&text, Format::of(path), path)?, path)
}

/// A spec must be an object whose `openapi` is a 3.0 or 3.1 version string; that string.
fn check_version(document: &Document<'_>, file: &Path) -> Result<String, LoadError> {
    let Value::Object(members) = &document.root().value else {
        return Err(at_pointer(file, "", "the document is not an object"));
    };
    match members.get("openapi").map(|m| &m.value.value) {
        Some(Value::String(version)) if version.starts_with("3.0.") || version.starts_with("3.1.") => {
            Ok(version.clone())
        }
        Some(Value::String(version)) => Err(error_at(
            document,
            file,
            "/openapi",
            format!("OpenAPI version {version:?} is not supported; this generator reads 3.0.x and 3.1.x"),
        )),
        Some(_) => Err(error_at(
            document,
            file,
            "/openapi",
            "`openapi` must be a string such as \"3.0.3\"",
        )),
        None => Err(at_pointer(
            file,
            "",
            "no `openapi` field: this is not an OpenAPI 3.0 document",
        )),
    }
}

fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        file: path.to_owned(),
        location: Location::File,
        message: format!("cannot read the file: {e}"),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let utf8 = e.utf8_error();
        let valid = utf8.valid_up_to();
        let message = match utf8.error_len() {
            Some(_) => format!(
                "the file is not UTF-8 text: byte 0x{:02X} cannot start or continue a character here",
                bytes[valid]
            ),
            None => "the file is not UTF-8 text: it ends in the middle of a character".to_owned(),
        };
        let text = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        ReadError::new(valid, message).located(text, path)
    })
}

fn at_pointer(file: &Path, pointer: &str, message: impl Into<String>) -> LoadError {
    LoadError {
        file: file.to_owned(),
        location: Location::Pointer(pointer.to_owned()),
        message: message.into(),
    }
}

/// An error about the value at `pointer`, at the line of its entry (or of the deepest node the
/// pointer names, if it goes further than the document).
fn error_at(
    document: &Document<'_>,
    file: &Path,
    pointer: &str,
    message: impl Into<String>,
) -> LoadError {
    let position = document
        .entry_position_of(document.deepest(pointer))
        .unwrap_or_else(|| document.position(document.root().start));
    LoadError {
        file: file.to_owned(),
        location: Location::at(position, Some(pointer.to_owned())),
        message: message.into(),
    }
}

fn deserialize<T: DeserializeOwned>(document: &Document<'_>, file: &Path) -> Result<T, LoadError> {
    serde_path_to_error::deserialize(document.root().deserializer()).map_err(|e| {
        let pointer = pointer_of(e.path());
        error_at(document, file, &pointer, e.into_inner().to_string())
    })
}

/// A reader's error: where in the text, what, and the keys and indexes of the values it was
/// inside (innermost first).
struct ReadError {
    offset: usize,
    message: String,
    path: Vec<String>,
}

impl ReadError {
    fn new(offset: usize, message: impl Into<String>) -> ReadError {
        ReadError {
            offset,
            message: message.into(),
            path: Vec::new(),
        }
    }

    /// The same error, as seen from the value holding this one at `segment`.
    fn within(mut self, segment: &str) -> ReadError {
        self.path.push(segment.to_owned());
        self
    }

    fn located(self, text: &str, file: &Path) -> LoadError {
        let position = Position::of(text, self.offset);
        let pointer = (!self.path.is_empty()).then(|| {
            self.path
                .iter()
                .rev()
                .map(|segment| format!("/{}", escape_pointer(segment)))
                .collect()
        });
        LoadError {
            file: file.to_owned(),
            location: Location::at(position, pointer),
            message: self.message,
        }
    }
}

/// A key seen a second time in one mapping: an error at the second, naming the first.
fn duplicate_key(text: &str, key: String, first: usize, second: usize) -> ReadError {
    let first = Position::of(text, first);
    ReadError {
        offset: second,
        message: format!(
            "duplicate key `{key}` (its first occurrence is at line {}, column {})",
            first.line, first.column
        ),
        path: vec![key],
    }
}

/// A parser's message without the position of its problem (" at line L column C", or libyaml's
/// " at position N"), which is reported on its own; the rest (such as libyaml's ", while parsing
/// a block mapping at line 1 column 1") stays.
fn strip_position(message: &str) -> String {
    let Some((i, marker)) = [" at line ", " at position "]
        .into_iter()
        .filter_map(|marker| message.find(marker).map(|i| (i, marker)))
        .min()
    else {
        return message.to_owned();
    };
    let digits = |s: &str| s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut rest = &message[i + marker.len()..];
    rest = &rest[rest.len() - digits(rest)..];
    if let Some(after) = rest.strip_prefix(" column ") {
        rest = &after[after.len() - digits(after)..];
    }
    format!("{}{rest}", &message[..i])
}

/// The JSON pointer of a serde path (`""` for the root).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
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
    pointer
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The pointer of `parent`'s member or element `segment` (escaped).
fn child_pointer(parent: &str, segment: &str) -> String {
    format!("{parent}/{}", escape_pointer(segment))
}
