//! JSON text → [`Node`], by a small reader of our own.
//!
//! `serde_json` keeps no position per value and silently keeps the last of two equal keys; the
//! JSON grammar is small enough that reading it here, with the byte offset of every value and
//! key at hand, is simpler than recovering positions around `serde_json`. Numbers are still
//! converted by `serde_json` (from the number's text), so they are exactly what it would make;
//! the error messages are its messages.

use super::tree::{Member, Node, Object, Value};
use super::{duplicate_key, ReadError, MAX_DEPTH};

/// Reads one JSON document; anything but whitespace after it is an error.
pub(super) fn read(text: &str) -> Result<Node, ReadError> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let root = reader.value()?;
    reader.skip_whitespace();
    if reader.pos < reader.bytes.len() {
        return Err(reader.error("trailing characters after the document"));
    }
    Ok(root)
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    depth: usize,
}

impl Reader<'_> {
    fn error(&self, message: &str) -> ReadError {
        ReadError::new(self.pos, message)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Node, ReadError> {
        self.skip_whitespace();
        let start = self.pos;
        let value = match self.peek() {
            None => return Err(self.error("EOF while parsing a value")),
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => return Err(self.error("expected value")),
        };
        Ok(Node::new(value, start))
    }

    /// Enters an object or array at the current `{` or `[`.
    fn enter(&mut self) -> Result<(), ReadError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error(&format!(
                "nested too deeply: more than {MAX_DEPTH} levels of arrays and objects"
            )));
        }
        self.depth += 1;
        self.pos += 1;
        Ok(())
    }

    fn object(&mut self) -> Result<Value, ReadError> {
        self.enter()?;
        let mut members = Object::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("key must be a string")),
            }
            let key_start = self.pos;
            let key = self.string()?;
            if let Some(first) = members.get(&key) {
                return Err(duplicate_key(self.text, key, first.key_start, key_start));
            }
            self.skip_whitespace();
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("expected `:`")),
            }
            let value = self.value().map_err(|e| e.within(&key))?;
            members.insert(key, Member { key_start, value });
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        return Err(self.error("trailing comma"));
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("expected `,` or `}`")),
            }
        }
        self.depth -= 1;
        Ok(Value::Object(members))
    }

    fn array(&mut self) -> Result<Value, ReadError> {
        self.enter()?;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Array(items));
        }
        loop {
            let item = self
                .value()
                .map_err(|e| e.within(&items.len().to_string()))?;
            items.push(item);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        return Err(self.error("trailing comma"));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.error("EOF while parsing a list")),
                Some(_) => return Err(self.error("expected `,` or `]`")),
            }
        }
        self.depth -= 1;
        Ok(Value::Array(items))
    }

    /// A string at the current `"`.
    fn string(&mut self) -> Result<String, ReadError> {
        self.pos += 1;
        let start = self.pos;
        loop {
            match self.peek() {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    // Every byte stopped at is ASCII, so these are character boundaries.
                    let s = self.text[start..self.pos].to_owned();
                    self.pos += 1;
                    return Ok(s);
                }
                Some(b'\\') => return self.escaped_string(start),
                Some(0..=0x1f) => return Err(self.control_character()),
                Some(_) => self.pos += 1,
            }
        }
    }

    fn control_character(&self) -> ReadError {
        self.error("control character (\\u0000-\\u001F) found while parsing a string")
    }

    /// The rest of a string that has an escape at the current position.
    fn escaped_string(&mut self, start: usize) -> Result<String, ReadError> {
        let mut out = String::from(&self.text[start..self.pos]);
        loop {
            match self.peek() {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.peek() {
                        None => return Err(self.error("EOF while parsing a string")),
                        Some(b'u') => {
                            self.pos += 1;
                            out.push(self.unicode_escape()?);
                            continue;
                        }
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(_) => return Err(self.error("invalid escape")),
                    };
                    self.pos += 1;
                    out.push(c);
                }
                Some(0..=0x1f) => return Err(self.control_character()),
                Some(_) => {
                    let run = self.pos;
                    while let Some(b) = self.peek() {
                        if b == b'"' || b == b'\\' || b < 0x20 {
                            break;
                        }
                        self.pos += 1;
                    }
                    out.push_str(&self.text[run..self.pos]);
                }
            }
        }
    }

    /// The character of a `\u` escape (the `\u` read), surrogate pairs included.
    fn unicode_escape(&mut self) -> Result<char, ReadError> {
        let escape = self.pos - 2;
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.bytes[self.pos..].starts_with(b"\\u") {
                    return Err(ReadError::new(
                        escape,
                        "lone leading surrogate in hex escape",
                    ));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(ReadError::new(
                        escape,
                        "lone leading surrogate in hex escape",
                    ));
                }
                0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                return Err(ReadError::new(
                    escape,
                    "lone trailing surrogate in hex escape",
                ))
            }
            _ => u32::from(first),
        };
        char::from_u32(code).ok_or_else(|| ReadError::new(escape, "invalid unicode code point"))
    }

    fn hex4(&mut self) -> Result<u16, ReadError> {
        let mut n = 0u16;
        for _ in 0..4 {
            let digit = match self.peek() {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b) => match (b as char).to_digit(16) {
                    Some(d) => d as u16,
                    None => return Err(self.error("invalid escape")),
                },
            };
            n = n * 16 + digit;
            self.pos += 1;
        }
        Ok(n)
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, ReadError> {
        for &expected in word.as_bytes() {
            match self.peek() {
                None => return Err(self.error("EOF while parsing a value")),
                Some(b) if b == expected => self.pos += 1,
                Some(_) => return Err(self.error("expected ident")),
            }
        }
        Ok(value)
    }

    fn number(&mut self) -> Result<Value, ReadError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            None => return Err(self.error("EOF while parsing a value")),
            Some(_) => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.required_digits()?;
        }
        match self.text[start..self.pos].parse::<serde_json::Number>() {
            Ok(n) => Ok(Value::Number(n)),
            Err(_) => Err(ReadError::new(start, "number out of range")),
        }
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), ReadError> {
        match self.peek() {
            Some(b'0'..=b'9') => {
                self.digits();
                Ok(())
            }
            None => Err(self.error("EOF while parsing a value")),
            Some(_) => Err(self.error("invalid number")),
        }
    }
}
