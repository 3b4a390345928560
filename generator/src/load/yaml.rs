//! YAML text → [`Node`], through `serde_yaml`: the only file that touches it.
//!
//! `serde_yaml` parses (with libyaml) and resolves scalars (`1.0` is a float, `~` is null); a
//! visitor of ours builds the tree from what it hands over, refusing a key that repeats. It
//! exposes no position per node, but two things it does give are exact:
//!
//! - a string it can lend from the input (nearly every key and string value: plain or quoted,
//!   no escapes) is a slice of the text, so its byte offset is the slice's address minus the
//!   text's;
//! - an error raised by a visitor gets the position of the node being visited. Any other scalar
//!   (a number, a boolean, null, a block or escaped string) is read by a visitor that keeps the
//!   value aside and fails on purpose; the parent visitor takes the value back and the position
//!   from the error, and goes on. (A scalar is one event, fully consumed before the visitor is
//!   called, so the deserializer is left exactly where it would be after a success.)
//!
//! A collection starts where its first entry does, moved back to the `[`, `{` or `-` that
//! opens it; an empty one at the bracket after the previous token. Text that serde_yaml
//! refuses is an error at the position it reports; a character YAML forbids (a C0 or C1
//! control) is named there by code point, escape and name.
//!
//! A key is read as its text whatever YAML resolves it to (`200:` is "200", `true:` is
//! "true"), as serde_yaml reads keys into strings; a plain key that YAML resolves to a boolean
//! or null is noted (its offset) for the lenient pass to report.

use std::cell::{Cell, OnceCell, RefCell};
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::tree::{Member, Node, Object, Value};
use super::{duplicate_key, strip_position, ReadError};

/// A mapping key that YAML resolves to a boolean or null, read as its text: the byte offset of
/// the key and what YAML reads it as ("the boolean true", "null").
pub(super) type ScalarKey = (usize, &'static str);

/// Reads one YAML document, and the keys that are not strings to YAML; a second document in
/// the same text is an error.
pub(super) fn read(text: &str) -> Result<(Node, Vec<ScalarKey>), ReadError> {
    // libyaml skips a byte order mark and counts positions after it.
    let (body, base) = match text.strip_prefix('\u{feff}') {
        Some(body) => (body, text.len() - body.len()),
        None => (text, 0),
    };
    let reader = Reader {
        text,
        base,
        probed: RefCell::new(None),
        failure: RefCell::new(None),
        path: RefCell::new(Vec::new()),
        cursor: Cell::new(base),
        lines: OnceCell::new(),
        scalar_keys: RefCell::new(Vec::new()),
    };
    let mut documents = serde_yaml::Deserializer::from_str(body);
    let root = match documents.next() {
        // An empty stream reads as null, as serde_yaml reads it.
        None => return Ok((Node::new(Value::Null, base), Vec::new())),
        Some(document) => {
            let seed = NodeSeed {
                r: &reader,
                probe: false,
            };
            seed.deserialize(document).map_err(|e| reader.error(&e))?
        }
    };
    if let Some(second) = documents.next() {
        let first_node = match de::Deserialize::deserialize(second) {
            Ok(Nothing) => text.len(),
            Err(e) => serde_yaml::Error::location(&e).map_or(text.len(), |l| l.index() + base),
        };
        let at = document_marker(text, reader.cursor.get(), first_node);
        return Err(ReadError::new(
            at,
            "a second YAML document: a spec file holds one document",
        ));
    }
    Ok((root, reader.scalar_keys.take()))
}

/// Where the document whose first node is at `node` begins: its `---` line, when that comes
/// after `after` (the end of the previous document's last token).
fn document_marker(text: &str, after: usize, node: usize) -> usize {
    let mut end = (node + 3).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let bytes = text.as_bytes();
    text[..end]
        .rmatch_indices("---")
        .map(|(i, _)| i)
        .find(|&i| {
            let line_start = i == 0 || matches!(bytes[i - 1], b'\n' | b'\r');
            let ends = matches!(bytes.get(i + 3), None | Some(b' ' | b'\t' | b'\r' | b'\n'));
            line_start && ends && i >= after && i <= node
        })
        .unwrap_or(node)
}

/// A visitor that accepts nothing: its error carries the position of the first node.
struct Nothing;

impl<'de> de::Deserialize<'de> for Nothing {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Refuse;
        impl<'v> Visitor<'v> for Refuse {
            type Value = Nothing;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("no document")
            }
        }
        deserializer.deserialize_any(Refuse)
    }
}

/// What a probing visitor kept aside.
enum Probed {
    Key(String),
    Scalar(Value, Scalar),
}

/// What kind of scalar serde_yaml resolved, for recovering a plain scalar's text.
#[derive(Clone, Copy)]
enum Scalar {
    Null,
    Bool,
    Number,
    String,
}

/// The message of a probing error; never shown.
const PROBE: &str = "\u{1}probe";

struct Reader<'t> {
    /// The whole text (byte order mark included): every offset is into it.
    text: &'t str,
    /// Where the part serde_yaml reads begins.
    base: usize,
    /// The scalar a probing visitor kept aside.
    probed: RefCell<Option<Probed>>,
    /// An error of ours (a duplicate key) on its way up through serde_yaml.
    failure: RefCell<Option<ReadError>>,
    /// The keys and indexes an error passed on its way up, innermost first.
    path: RefCell<Vec<String>>,
    /// The end of the last token whose end is known.
    cursor: Cell<usize>,
    /// Where each line starts, as libyaml counts lines: built at the first probe.
    lines: OnceCell<Vec<usize>>,
    /// The keys that YAML resolves to a boolean or null, in the order read.
    scalar_keys: RefCell<Vec<ScalarKey>>,
}

impl Reader<'_> {
    /// The start of a string serde_yaml lent from the text (its opening quote, if quoted).
    fn start_of(&self, s: &str) -> usize {
        let range = self.text.as_bytes().as_ptr_range();
        let address = s.as_ptr();
        if !(range.contains(&address) || address == range.end) {
            return self.cursor.get();
        }
        let offset = address as usize - range.start as usize;
        let quoted = offset > 0 && matches!(self.text.as_bytes()[offset - 1], b'"' | b'\'');
        self.cursor.set(offset + s.len() + usize::from(quoted));
        offset - usize::from(quoted)
    }

    /// Notes a key lent from the text at `start` if YAML resolves it to a boolean or null: a
    /// plain scalar (not quoted, no tag) such as `true` or `~`. Numbers are not noted: a
    /// response code written `200:` is as common as it is harmless.
    fn note_key(&self, key: &str, start: usize) {
        let resolved = match key {
            "true" | "True" | "TRUE" => "the boolean true",
            "false" | "False" | "FALSE" => "the boolean false",
            "~" | "null" | "Null" | "NULL" => "null",
            _ => return,
        };
        let before = &self.text[..start.min(self.text.len())];
        let quoted = self.text[start..].starts_with(['"', '\'']);
        let tagged = before
            .trim_end_matches([' ', '\t'])
            .rsplit([' ', '\t', '\r', '\n', '{', ','])
            .next()
            .is_some_and(|token| token.starts_with('!'));
        if !quoted && !tagged {
            self.scalar_keys.borrow_mut().push((start, resolved));
        }
    }

    /// Takes back what a probe kept aside, with the position its error carries.
    fn take_probe(&self, error: &impl fmt::Display) -> Option<(Probed, usize)> {
        let probed = self.probed.borrow_mut().take()?;
        Some((probed, self.mark_offset(&error.to_string())))
    }

    /// The offset of serde_yaml's " at line L column C" (1-based, columns in characters); no
    /// such suffix means line 1, column 1.
    fn mark_offset(&self, message: &str) -> usize {
        let Some((_, mark)) = message.rsplit_once(" at line ") else {
            return self.base;
        };
        let mut numbers = mark.split(" column ").map(|n| n.trim().parse::<usize>());
        let (Some(Ok(line)), Some(Ok(column))) = (numbers.next(), numbers.next()) else {
            return self.cursor.get();
        };
        let lines = self
            .lines
            .get_or_init(|| libyaml_lines(self.text, self.base));
        let Some(&line_start) = lines.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.text[line_start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| line_start + i)
    }

    /// A scalar that a probe kept aside, at `offset`.
    fn probed_node(&self, value: Value, scalar: Scalar, offset: usize) -> Node {
        let plain = self.plain_text(offset, scalar);
        self.cursor
            .set(offset + plain.as_ref().map_or(0, |p| p.len()));
        Node {
            value,
            start: offset,
            plain: plain.map(Box::from),
        }
    }

    /// The text of a plain scalar at `offset` that resolved to null, a boolean or a number.
    fn plain_text(&self, offset: usize, scalar: Scalar) -> Option<&str> {
        const BLANKS: [char; 4] = [' ', '\t', '\r', '\n'];
        let mut rest = self.text.get(offset..)?;
        // Node properties (a tag, an anchor) come before the scalar.
        while rest.starts_with(['!', '&']) {
            let end = rest.find(BLANKS).unwrap_or(rest.len());
            rest = rest[end..].trim_start_matches(BLANKS);
        }
        let end = rest
            .find([' ', '\t', '\r', '\n', ',', ']', '}', '#'])
            .unwrap_or(rest.len());
        let token = &rest[..end];
        let looks_plain =
            !token.is_empty() && !token.ends_with(':') && !token.starts_with(['"', '\'']);
        match scalar {
            Scalar::String => None,
            // An empty scalar is at the next token: nothing was written.
            Scalar::Null if matches!(token, "~" | "null" | "Null" | "NULL") => Some(token),
            Scalar::Null => Some(""),
            Scalar::Bool => matches!(
                token,
                "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
            )
            .then_some(token),
            Scalar::Number => looks_plain.then_some(token),
        }
    }

    /// Where a collection whose first entry starts at `first` starts: at the `[`, `{` or `-`
    /// just before it, if there is one.
    fn opened_at(&self, first: usize, openers: &[u8]) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = first;
        while i > self.base && matches!(bytes[i - 1], b' ' | b'\t' | b'\r' | b'\n') {
            i -= 1;
        }
        if i > self.base && openers.contains(&bytes[i - 1]) {
            i - 1
        } else {
            first
        }
    }

    /// Where an empty collection starts: the `opener` after the previous token.
    fn empty_at(&self, opener: u8) -> usize {
        let from = self.cursor.get();
        let bytes = self.text.as_bytes();
        let mut i = from;
        while let Some(b' ' | b'\t' | b'\r' | b'\n' | b':' | b',' | b'-' | b'?' | b']' | b'}') =
            bytes.get(i)
        {
            i += 1;
        }
        if bytes.get(i) == Some(&opener) {
            self.cursor.set(i + 1);
            i
        } else {
            from
        }
    }

    /// Notes that an error passed a key or index on its way up.
    fn unwinding(&self, segment: String) {
        self.path.borrow_mut().push(segment);
    }

    /// The error serde_yaml returned, as ours.
    fn error(&self, e: &serde_yaml::Error) -> ReadError {
        let mut error = match self.failure.borrow_mut().take() {
            Some(error) => error,
            None => {
                let message = e.to_string();
                // libyaml's reader (bad characters) gives a byte offset, not a mark.
                let offset = match (e.location(), reader_offset(&message)) {
                    (Some(l), _) if l.index() != 0 => l.index(),
                    (_, Some(offset)) => offset,
                    (Some(l), None) => l.index(),
                    (None, None) => self.cursor.get() - self.base,
                };
                let at = self.base + offset;
                if reader_offset(&message).is_some() {
                    // The reader runs ahead of the parser: the values being read when it
                    // stopped are not where the character is.
                    self.path.take();
                }
                match self.text.get(at..).and_then(|rest| rest.chars().next()) {
                    Some(c) if message.starts_with("control characters are not allowed") => {
                        ReadError::new(at, forbidden_character(c))
                    }
                    _ => ReadError::new(at, strip_position(&message)),
                }
            }
        };
        error.path.extend(self.path.take());
        error
    }
}

/// Why YAML refuses a character: which one it is, by code point, escape and name.
fn forbidden_character(c: char) -> String {
    let code = u32::from(c);
    let name = match code {
        0x00..=0x1F => C0_NAMES.get(code as usize).copied(),
        0x7F => Some("DELETE"),
        0x80..=0x9F => C1_NAMES.get(code as usize - 0x80).copied(),
        _ => None,
    };
    let name = name.map(|n| format!(", {n}")).unwrap_or_default();
    format!(
        "the character U+{code:04X} (`{}`{name}) is not allowed in YAML text, not even inside a \
         quoted string (a double-quoted string can write it as an escape, \"\\u{code:04X}\")",
        c.escape_unicode()
    )
}

/// The names of the C0 control characters (Unicode's names and aliases).
const C0_NAMES: [&str; 32] = [
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "BELL",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
];

/// The names of the C1 control characters (Unicode's names and aliases).
const C1_NAMES: [&str; 32] = [
    "PADDING CHARACTER",
    "HIGH OCTET PRESET",
    "BREAK PERMITTED HERE",
    "NO BREAK HERE",
    "INDEX",
    "NEXT LINE",
    "START OF SELECTED AREA",
    "END OF SELECTED AREA",
    "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET",
    "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED",
    "SINGLE SHIFT TWO",
    "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING",
    "PRIVATE USE ONE",
    "PRIVATE USE TWO",
    "SET TRANSMIT STATE",
    "CANCEL CHARACTER",
    "MESSAGE WAITING",
    "START OF GUARDED AREA",
    "END OF GUARDED AREA",
    "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER",
    "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR",
    "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND",
];

/// The offset in libyaml's " at position N".
fn reader_offset(message: &str) -> Option<usize> {
    let (_, rest) = message.split_once(" at position ")?;
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// Where each line starts, counting line breaks as libyaml does (`\r\n`, `\r`, `\n`, NEL,
/// LS, PS), so that its line and column convert back to an offset.
fn libyaml_lines(text: &str, base: usize) -> Vec<usize> {
    let mut starts = vec![base];
    let mut chars = text[base..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\r' => {
                if let Some((_, '\n')) = chars.peek() {
                    chars.next();
                    starts.push(base + i + 2);
                } else {
                    starts.push(base + i + 1);
                }
            }
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => starts.push(base + i + c.len_utf8()),
            _ => {}
        }
    }
    starts
}

/// Reads one node. With `probe`, a scalar that has no position of its own is kept aside and
/// reported by a deliberate error (see the module docs); without (the root), it is kept.
struct NodeSeed<'r, 't> {
    r: &'r Reader<'t>,
    probe: bool,
}

impl NodeSeed<'_, '_> {
    fn scalar<E: de::Error>(self, value: Value, scalar: Scalar) -> Result<Node, E> {
        if self.probe {
            *self.r.probed.borrow_mut() = Some(Probed::Scalar(value, scalar));
            Err(E::custom(PROBE))
        } else {
            Ok(Node::new(value, self.r.cursor.get()))
        }
    }

    fn number<E: de::Error>(self, number: serde_json::Number) -> Result<Node, E> {
        self.scalar(Value::Number(number), Scalar::Number)
    }
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, '_> {
    type Value = Node;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_, '_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Node, E> {
        Ok(Node::new(Value::String(s.to_owned()), self.r.start_of(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Node, E> {
        self.scalar(Value::String(s.to_owned()), Scalar::String)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node, E> {
        self.scalar(Value::Bool(b), Scalar::Bool)
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Node, E> {
        self.number(n.into())
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Node, E> {
        self.number(n.into())
    }

    fn visit_i128<E: de::Error>(self, n: i128) -> Result<Node, E> {
        // As serde_json::Value reads it: an error when out of range.
        let number = de::Deserialize::deserialize(de::value::I128Deserializer::<E>::new(n))?;
        self.number(number)
    }

    fn visit_u128<E: de::Error>(self, n: u128) -> Result<Node, E> {
        let number = de::Deserialize::deserialize(de::value::U128Deserializer::<E>::new(n))?;
        self.number(number)
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Node, E> {
        // As serde_json::Value reads it: a float that is not finite is null.
        match serde_json::Number::from_f64(n) {
            Some(number) => self.number(number),
            None => self.scalar(Value::Null, Scalar::Number),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        self.scalar(Value::Null, Scalar::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        self.scalar(Value::Null, Scalar::Null)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let r = self.r;
        let before = r.cursor.get();
        let mut members = Object::with_capacity(map.size_hint().unwrap_or(0));
        loop {
            let (key, key_start) = match map.next_key_seed(KeySeed { r }) {
                Ok(Some(key)) => key,
                Ok(None) => break,
                Err(e) => match r.take_probe(&e) {
                    Some((Probed::Key(key), offset)) => {
                        r.cursor.set(offset);
                        (key, offset)
                    }
                    _ => return Err(e),
                },
            };
            if let Some(first) = members.get(&key) {
                *r.failure.borrow_mut() =
                    Some(duplicate_key(r.text, key, first.key_start, key_start));
                return Err(de::Error::custom("duplicate key"));
            }
            let value = match map.next_value_seed(NodeSeed { r, probe: true }) {
                Ok(node) => node,
                Err(e) => match r.take_probe(&e) {
                    Some((Probed::Scalar(value, scalar), offset)) => {
                        r.probed_node(value, scalar, offset)
                    }
                    _ => {
                        r.unwinding(key);
                        return Err(e);
                    }
                },
            };
            members.insert(key, Member { key_start, value });
        }
        let start = match members.first() {
            Some((_, first)) => r.opened_at(first.key_start, b"{"),
            None => {
                r.cursor.set(before);
                r.empty_at(b'{')
            }
        };
        Ok(Node::new(Value::Object(members), start))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let r = self.r;
        let before = r.cursor.get();
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        loop {
            match seq.next_element_seed(NodeSeed { r, probe: true }) {
                Ok(Some(node)) => items.push(node),
                Ok(None) => break,
                Err(e) => match r.take_probe(&e) {
                    Some((Probed::Scalar(value, scalar), offset)) => {
                        items.push(r.probed_node(value, scalar, offset))
                    }
                    _ => {
                        r.unwinding(items.len().to_string());
                        return Err(e);
                    }
                },
            }
        }
        let start = match items.first() {
            Some(first) => r.opened_at(first.start, b"[-"),
            None => {
                r.cursor.set(before);
                r.empty_at(b'[')
            }
        };
        Ok(Node::new(Value::Array(items), start))
    }
}

/// Reads a key as serde_json::Value does (any scalar, as its text), with its position.
struct KeySeed<'r, 't> {
    r: &'r Reader<'t>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = (String, usize);

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = (String, usize);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        let start = self.r.start_of(s);
        self.r.note_key(s, start);
        Ok((s.to_owned(), start))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        *self.r.probed.borrow_mut() = Some(Probed::Key(s.to_owned()));
        Err(E::custom(PROBE))
    }
}
