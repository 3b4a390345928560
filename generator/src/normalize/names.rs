//! Every identifier passes through here: casing, keywords, invalid characters, collisions.

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

/// A type or variant name: UpperCamelCase, never empty, never starting with a digit.
pub fn type_name(raw: &str) -> String {
    let mut name = raw.to_upper_camel_case();
    if name.is_empty() {
        name = "Unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if NOT_RAW.contains(&name.as_str()) || KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A field, parameter or function name: snake_case, valid as an identifier.
///
/// Keywords become raw identifiers (`r#type`); the few that cannot be raw get a trailing
/// underscore (`self_`).
pub fn value_name(raw: &str) -> String {
    let mut name = raw.to_snake_case();
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
    name
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
