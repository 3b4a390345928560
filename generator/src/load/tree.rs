//! The raw document: what the text says, node by node, with where each node starts.
//!
//! Both readers (`json`, `yaml`) build this tree in one pass over the text;
//! everything after them (the version check, deserializing into `openapiv3`, locating an error)
//! reads the tree, never the text. Its values are exactly what `serde_json::Value` would hold
//! (so a float that is not finite is `null`), with object members in the order written, each
//! key unique, and a byte offset on every node and every key.

use std::borrow::Cow;

use indexmap::IndexMap;
use serde_json::Number;

/// Where something is in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// 1-based line; a line ends at `\n`, `\r\n` or a lone `\r`.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte offset from the start of the text.
    pub offset: usize,
}

impl Position {
    /// The position of byte `offset` of `text` (an offset past the end means the end; one inside
    /// a character means that character). Linear in `offset`: meant for reporting, not for loops.
    pub fn of(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let bytes = &text.as_bytes()[..offset];
        let mut line = 1;
        let mut line_start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line =
                b == b'\n' || (b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
            if ends_line {
                line += 1;
                line_start = i + 1;
            }
        }
        Position {
            line,
            column: text[line_start..offset].chars().count() + 1,
            offset,
        }
    }
}

/// One value of the document and where it starts.
#[derive(Clone, Debug)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Byte offset of its first character (a quote, a bracket, a YAML `-`).
    pub start: usize,
    /// A YAML plain scalar that resolved to null, a boolean or a number, as written. serde_yaml
    /// gives a field that wants a string this text (`version: 1.0` is "1.0"); so does the tree.
    pub(super) plain: Option<Box<str>>,
}

/// A value of the document.
#[derive(Clone, Debug)]
pub enum Value {
    /// `null` (YAML: `~`, `null` or nothing).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A finite number, as `serde_json` holds it.
    Number(Number),
    /// A string.
    String(String),
    /// A sequence.
    Array(Vec<Node>),
    /// A mapping with string keys, in the order written; no key appears twice.
    Object(Object),
}

/// The members of an object, by key, in the order written.
pub type Object = IndexMap<String, Member>;

/// One member of an object.
#[derive(Clone, Debug)]
pub struct Member {
    /// Byte offset of the key's first character.
    pub key_start: usize,
    /// The value.
    pub value: Node,
}

impl Node {
    /// A node with no plain-scalar text.
    pub fn new(value: Value, start: usize) -> Node {
        Node {
            value,
            start,
            plain: None,
        }
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members.get(key).map(|m| &m.value),
            _ => None,
        }
    }

    /// The child named by one JSON pointer segment (unescaped): an object's member or an
    /// array's element.
    pub fn child(&self, segment: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members.get(segment).map(|m| &m.value),
            Value::Array(items) => index(segment).and_then(|i| items.get(i)),
            _ => None,
        }
    }

    /// The node at a JSON pointer (RFC 6901) below this one.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        for segment in segments(pointer)? {
            node = node.child(&segment)?;
        }
        Some(node)
    }

    /// [`Node::child`], to change it.
    pub(super) fn child_mut(&mut self, segment: &str) -> Option<&mut Node> {
        match &mut self.value {
            Value::Object(members) => members.get_mut(segment).map(|m| &mut m.value),
            Value::Array(items) => index(segment).and_then(|i| items.get_mut(i)),
            _ => None,
        }
    }

    /// [`Node::pointer`], to change it.
    pub(super) fn pointer_mut(&mut self, pointer: &str) -> Option<&mut Node> {
        let mut node = self;
        for segment in segments(pointer)? {
            node = node.child_mut(&segment)?;
        }
        Some(node)
    }

    /// The string a `$ref` member holds, when this is a JSON Reference object.
    pub fn reference(&self) -> Option<&str> {
        match &self.get("$ref")?.value {
            Value::String(r) => Some(r),
            _ => None,
        }
    }

    /// How serde would name this value in an "invalid type" message.
    pub fn unexpected(&self) -> serde::de::Unexpected<'_> {
        use serde::de::Unexpected;
        match &self.value {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => Unexpected::Unsigned(u),
                (_, Some(i), _) => Unexpected::Signed(i),
                (_, _, f) => Unexpected::Float(f.unwrap_or_default()),
            },
            Value::String(s) => Unexpected::Str(s),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
        }
    }
}

/// The pointer and node a local reference leads to, following references to references.
pub(super) fn follow_reference<'n>(
    root: &'n Node,
    reference: &str,
) -> Result<(String, &'n Node), &'static str> {
    let mut reference = reference;
    let mut seen = Vec::new();
    loop {
        let pointer = local_pointer(reference).ok_or("it does not point into this document")?;
        if seen.contains(&pointer) {
            return Err("it is a cycle of references");
        }
        let node = root
            .pointer(&pointer)
            .ok_or("it names nothing in this document")?;
        match node.reference() {
            Some(next) => {
                seen.push(pointer);
                reference = next;
            }
            None => return Ok((pointer, node)),
        }
    }
}

/// Sets the member `key` of an object (replacing one there), its key and value placed at
/// `start`.
pub(super) fn insert_member(members: &mut Object, start: usize, key: &str, value: Value) {
    members.insert(
        key.to_owned(),
        Member {
            key_start: start,
            value: Node::new(value, start),
        },
    );
}

/// A document read from text: the tree and the text it came from.
#[derive(Clone, Debug)]
pub struct Document<'t> {
    text: &'t str,
    root: Node,
}

impl<'t> Document<'t> {
    pub(super) fn new(text: &'t str, root: Node) -> Self {
        Document { text, root }
    }

    /// The text the document was read from.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The root node.
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// The root node, for the passes that repair the document before it is typed.
    pub(super) fn root_mut(&mut self) -> &mut Node {
        &mut self.root
    }

    /// The node at a JSON pointer.
    pub fn get(&self, pointer: &str) -> Option<&Node> {
        self.root.pointer(pointer)
    }

    /// Where the value at a JSON pointer starts.
    pub fn position_of(&self, pointer: &str) -> Option<Position> {
        self.get(pointer).map(|node| self.position(node.start))
    }

    /// Where the entry holding the value at a JSON pointer starts: the key of an object's
    /// member, the value itself for an array's element or the root. Errors point here: a
    /// member's key is on the line that names it, even when a YAML block value starts below.
    pub fn entry_position_of(&self, pointer: &str) -> Option<Position> {
        let (parent, last) = match pointer.rfind('/') {
            Some(i) => (&pointer[..i], unescape(&pointer[i + 1..])),
            None => return self.position_of(pointer),
        };
        let start = match &self.get(parent)?.value {
            Value::Object(members) => members.get(last.as_ref())?.key_start,
            Value::Array(items) => items.get(index(&last)?)?.start,
            _ => return None,
        };
        Some(self.position(start))
    }

    /// The longest prefix of a JSON pointer that names a node.
    pub fn deepest<'p>(&self, pointer: &'p str) -> &'p str {
        let mut node = &self.root;
        let mut end = 0;
        let Some(rest) = pointer.strip_prefix('/') else {
            return "";
        };
        for raw in rest.split('/') {
            match node.child(&unescape(raw)) {
                Some(child) => {
                    node = child;
                    end += 1 + raw.len();
                }
                None => break,
            }
        }
        &pointer[..end]
    }

    /// The position of a byte offset of the text.
    pub fn position(&self, offset: usize) -> Position {
        Position::of(self.text, offset)
    }
}

/// The unescaped segments of a JSON pointer; `None` for a pointer that is neither empty nor
/// starts with `/`.
pub fn segments(pointer: &str) -> Option<impl Iterator<Item = Cow<'_, str>>> {
    let rest = if pointer.is_empty() {
        None
    } else {
        Some(pointer.strip_prefix('/')?)
    };
    Some(rest.into_iter().flat_map(|r| r.split('/')).map(unescape))
}

/// Unescapes one JSON pointer segment (RFC 6901).
pub fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// The JSON pointer a local reference (`#…`) names: the fragment percent-decoded (RFC 3986),
/// then read as a JSON pointer (RFC 6901). `None` for a reference into another document, or a
/// fragment that is not a pointer (or does not decode to UTF-8).
pub fn local_pointer(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    let bytes = fragment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                decoded.push((hex(h)? * 16 + hex(l)?) as u8);
                i += 3;
            }
            (b, _, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    let pointer = String::from_utf8(decoded).ok()?;
    (pointer.is_empty() || pointer.starts_with('/')).then_some(pointer)
}

/// An array index segment: digits, no leading zero.
fn index(segment: &str) -> Option<usize> {
    let digits = segment.bytes().all(|b| b.is_ascii_digit());
    if !digits || segment.is_empty() || (segment.len() > 1 && segment.starts_with('0')) {
        return None;
    }
    segment.parse().ok()
}
