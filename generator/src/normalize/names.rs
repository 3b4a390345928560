//! Every identifier passes through here: characters, casing, keywords, length, collisions.
//!
//! - Characters: identifiers are ASCII. ASCII letters and digits are kept; any other letter or
//!   digit becomes a word of its own, `u` and its code point in hex (`名前` → `u540d_u524d`), so
//!   names in other scripts stay distinct, `Ident` never sees a character it rejects (`²`), and
//!   rustc's lints on non-ASCII identifiers (`uncommon_codepoints`, `confusable_idents`,
//!   `mixed_script_confusables`) never fire. Every other character, control and
//!   bidirectional-formatting characters included, separates words (`foo\rbar` → `foo_bar`).
//! - Length: rustc's memory grows with the square of an identifier's length, so a name longer
//!   than [`MAX_LEN`] keeps its first characters and ends with a hash of the whole name
//!   (FNV-1a, stable across runs and toolchains); the caller reports it. Collisions are
//!   resolved after shortening, like any other.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, all editions) that need `r#` or a suffix.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated module refers to without a path, so no API type may take them.
pub const RESERVED_TYPES: &[&str] = &[
    "Box",
    "Client",
    "Clone",
    "Debug",
    "Default",
    "Err",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Some",
    "String",
    "Vec",
];

/// The longest identifier made from a spec's text. HubSpot's longest names (operation names
/// made from long paths) are under 100 characters and are kept as they are.
pub const MAX_LEN: usize = 128;

/// A type or variant name: UpperCamelCase, never empty, never starting with a digit.
pub fn type_name(raw: &str) -> String {
    type_ident(raw).0
}

/// [`type_name`], and whether the name was shortened to [`MAX_LEN`].
pub fn type_ident(raw: &str) -> (String, bool) {
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if NOT_RAW.contains(&name.as_str()) || KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    shorten(name, "")
}

/// A field, parameter or function name: snake_case, valid as an identifier.
///
/// Keywords become raw identifiers (`r#type`); the few that cannot be raw get a trailing
/// underscore (`self_`).
pub fn value_name(raw: &str) -> String {
    value_ident(raw).0
}

/// [`value_name`], and whether the name was shortened to [`MAX_LEN`].
pub fn value_ident(raw: &str) -> (String, bool) {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    shorten(name, "_")
}

/// The text of a name with only ASCII letters, digits and spaces, ready for casing.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:x} ", u32::from(c)));
        } else {
            out.push(' ');
        }
    }
    out
}

/// A cased ASCII name cut to [`MAX_LEN`]: its first characters, `sep`, and a hash of the whole.
fn shorten(name: String, sep: &str) -> (String, bool) {
    if name.len() <= MAX_LEN {
        return (name, false);
    }
    let hash = format!("{:08x}", fnv1a(name.as_bytes()));
    let keep = MAX_LEN - sep.len() - hash.len();
    // ASCII, so any byte index is a character boundary; no `__` before the hash.
    let prefix = name[..keep].trim_end_matches('_');
    (format!("{prefix}{sep}{hash}"), true)
}

/// 32-bit FNV-1a: a hash that is the same on every run, platform and toolchain.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |hash: u32, &b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// A set of names in one scope. Claiming a taken name yields the next free `Name2`, `Name3`, …
#[derive(Debug, Default)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claims a key that is not an identifier (a serde key): `key` as it is, or, when taken,
    /// the first free `key_2`, `key_3`, … The flag says whether it was taken.
    pub fn claim_key(&mut self, key: &str) -> (String, bool) {
        if self.taken.insert(key.to_owned()) {
            return (key.to_owned(), false);
        }
        let mut n: u64 = 2;
        loop {
            let candidate = format!("{key}_{n}");
            if self.taken.insert(candidate.clone()) {
                return (candidate, true);
            }
            n += 1;
        }
    }

    /// Claims `name`, or the first free suffixed form. The flag says whether it was taken.
    pub fn claim(&mut self, name: &str) -> (String, bool) {
        if self.taken.insert(name.to_owned()) {
            return (name.to_owned(), false);
        }
        // A suffixed keyword is no longer a keyword, so `r#type` becomes `type_2`.
        let stem = name
            .strip_prefix("r#")
            .unwrap_or(name)
            .trim_end_matches('_');
        let sep = if stem.starts_with(char::is_uppercase) {
            ""
        } else {
            "_"
        };
        let mut n: u64 = 2;
        loop {
            let candidate = format!("{stem}{sep}{n}");
            if self.taken.insert(candidate.clone()) {
                return (candidate, true);
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_and_keywords() {
        assert_eq!(type_name("TokenResponseIF"), "TokenResponseIf");
        assert_eq!(type_name("2xx-result"), "V2xxResult");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name(""), "Unnamed");
        assert_eq!(value_name("correlationId"), "correlation_id");
        assert_eq!(value_name("in"), "r#in");
        assert_eq!(value_name("type"), "r#type");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("knowledge-base"), "knowledge_base");
        assert_eq!(value_name("$"), "value");
        assert_eq!(value_name("1st"), "_1st");
    }

    #[test]
    fn identifiers_are_ascii_words() {
        // Control and bidirectional-formatting characters separate words.
        assert_eq!(value_name("foo\rbar"), "foo_bar");
        assert_eq!(value_name("a\u{202e}b\u{2066}c\u{200f}d"), "a_b_c_d");
        assert_eq!(type_name("x\u{0}y\u{7f}z\u{85}w"), "XYZW");
        assert_eq!(value_name("\u{202e}\r"), "value");
        // Other letters and digits are spelled out; `²` is not a valid identifier character.
        assert_eq!(value_name("a²b"), "a_ub2_b");
        assert_eq!(value_name("名前"), "u540d_u524d");
        assert_eq!(type_name("ça va"), "Ue7AVa");
        for raw in [
            "\u{202a}\u{202b}\u{202c}\u{202d}\u{2067}\u{2068}\u{2069}\u{200e}",
            "é\u{301}",
        ] {
            assert!(value_name(raw).is_ascii() && type_name(raw).is_ascii());
        }
    }

    #[test]
    fn long_names_are_shortened_with_a_hash() {
        let long = "very_long_property_name_".repeat(1250);
        let (name, shortened) = value_ident(&long);
        assert!(shortened);
        assert_eq!(name.len(), MAX_LEN);
        assert!(name.starts_with("very_long_property_name_very"), "{name}");
        assert!(!name.contains("__"), "{name}");
        let (ty, shortened) = type_ident(&long);
        assert!(shortened && ty.len() == MAX_LEN && ty.starts_with("VeryLongPropertyName"));
        // Stable, and different for names that differ only past the cut.
        assert_eq!(value_ident(&long).0, name);
        assert_ne!(value_ident(&format!("{long}x")).0, name);
        let exact = "a".repeat(MAX_LEN);
        assert_eq!(value_ident(&exact), (exact.clone(), false));
    }

    #[test]
    fn collisions_get_suffixes() {
        let mut ns = Namespace::with_reserved(&["Client"]);
        assert_eq!(ns.claim("Client"), ("Client2".to_owned(), true));
        assert_eq!(ns.claim("Foo"), ("Foo".to_owned(), false));
        assert_eq!(ns.claim("Foo"), ("Foo2".to_owned(), true));
        assert_eq!(ns.claim("Foo"), ("Foo3".to_owned(), true));
        let mut fields = Namespace::default();
        assert_eq!(fields.claim("r#type").0, "r#type");
        assert_eq!(fields.claim("r#type").0, "type_2");
        assert_eq!(fields.claim("a_b").0, "a_b");
        assert_eq!(fields.claim("a_b").0, "a_b_2");
    }
}
