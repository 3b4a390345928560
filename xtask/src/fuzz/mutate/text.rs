//! Text and byte mutations: duplicate keys written by hand, truncation, garbage and non-UTF-8 bytes.

use super::*;

/// A key written twice in one object of the serialized document.
pub(super) struct Duplicate<'v> {
    pub(super) object: &'v Value,
    pub(super) key: String,
    /// The value written with the extra occurrence.
    pub(super) value: Value,
    /// Whether the extra occurrence comes after the original one (and so wins in JSON).
    pub(super) after: bool,
}

pub(super) fn duplicate_keys(rng: &mut Rng, doc: &mut Value) -> (String, Vec<u8>) {
    let s = Sites::of(doc);
    let mut candidates: Vec<Ptr> = match rng.below(4) {
        0 => vec![Vec::new()],
        1 => s
            .schemas
            .iter()
            .map(|p| child(p, key("properties")))
            .chain(std::iter::once(vec![key("components"), key("schemas")]))
            .chain(std::iter::once(vec![key("paths")]))
            .collect(),
        2 => s
            .schemas
            .iter()
            .chain(&s.parameters)
            .chain(&s.operations)
            .cloned()
            .collect(),
        _ => all_nodes(doc),
    };
    candidates.retain(|p| {
        get(doc, p)
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty())
    });
    if candidates.is_empty() {
        candidates.push(Vec::new());
    }
    let path = rng.pick(&candidates).clone();
    let object = get(doc, &path).expect("a candidate exists");
    let keys: Vec<&String> = object
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    let Some(&k) = keys.get(rng.below(keys.len().max(1))) else {
        return ("an empty document".to_owned(), pretty(doc));
    };
    let original = &object[k.as_str()];
    let (value, how) = match rng.below(3) {
        0 => (original.clone(), "the same value"),
        1 => {
            let other = keys[rng.below(keys.len())];
            (object[other.as_str()].clone(), "a sibling's value")
        }
        _ => (other_type(rng, original), "a value of another type"),
    };
    let after = rng.one_in(2);
    let what = format!(
        "{} written twice, {} {}",
        pointer(&child(&path, key(k))),
        if after { "then" } else { "first" },
        how
    );
    let dup = Duplicate {
        object,
        key: k.clone(),
        value,
        after,
    };
    let mut out = String::new();
    write_json(&mut out, doc, 0, &dup);
    out.push('\n');
    (what, out.into_bytes())
}

/// Pretty JSON, with the duplicate key written into its object.
pub(super) fn write_json(out: &mut String, v: &Value, indent: usize, dup: &Duplicate<'_>) {
    let pad = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n * 2));
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(&str, &Value)> = m.iter().map(|(k, v)| (k.as_str(), v)).collect();
            if std::ptr::eq(v, dup.object) {
                let at = entries.iter().position(|(k, _)| *k == dup.key).unwrap_or(0);
                let at = if dup.after { at + 1 } else { at };
                entries.insert(at, (dup.key.as_str(), &dup.value));
            }
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{\n");
            for (i, (k, c)) in entries.iter().enumerate() {
                pad(out, indent + 1);
                out.push_str(&Value::from(*k).to_string());
                out.push_str(": ");
                write_json(out, c, indent + 1, dup);
                out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push('}');
        }
        Value::Array(a) if !a.is_empty() => {
            out.push_str("[\n");
            for (i, c) in a.iter().enumerate() {
                pad(out, indent + 1);
                write_json(out, c, indent + 1, dup);
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

pub(super) fn truncated(rng: &mut Rng, doc: &mut Value) -> (String, Vec<u8>) {
    let mut bytes = pretty(doc);
    let len = bytes.len();
    let at = match rng.below(4) {
        0 => rng.below(len.min(16)),
        1 => len - 1 - rng.below(len.min(64)),
        _ => rng.below(len),
    };
    bytes.truncate(at);
    (format!("cut at byte {at} of {len}"), bytes)
}

pub(super) fn garbage_bytes(rng: &mut Rng, doc: &mut Value) -> (String, Vec<u8>) {
    const TOKENS: [&[u8]; 12] = [
        b"\0",
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b"\"",
        b":",
        b"NaN",
        b"1e999",
        b"\xEF\xBB\xBF",
        b"\\u",
    ];
    let mut bytes = pretty(doc);
    let mut done = Vec::new();
    for _ in 0..rng.range(1, 6) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 if at < bytes.len() => {
                let b = rng.below(256) as u8;
                bytes[at] = b;
                done.push(format!("byte {at} set to {b:#04x}"));
            }
            1 => {
                let n = rng.range(1, 8);
                let junk: Vec<u8> = (0..n).map(|_| rng.below(256) as u8).collect();
                bytes.splice(at..at, junk);
                done.push(format!("{n} random bytes inserted at {at}"));
            }
            2 => {
                let t = *rng.pick(&TOKENS);
                bytes.splice(at..at, t.iter().copied());
                done.push(format!("{:?} inserted at {at}", String::from_utf8_lossy(t)));
            }
            _ => {
                let end = (at + rng.range(1, 64)).min(bytes.len());
                bytes.drain(at..end);
                done.push(format!("bytes {at}..{end} deleted"));
            }
        }
    }
    (done.join(", "), bytes)
}

pub(super) fn non_utf8(rng: &mut Rng, doc: &mut Value) -> (String, Vec<u8>) {
    const SEQUENCES: [(&[u8], &str); 7] = [
        (b"\xE9", "Latin-1 \u{e9}"),
        (b"\x80", "a lone continuation byte"),
        (b"\xC0\xAF", "an overlong encoding"),
        (b"\xED\xA0\x80", "an encoded surrogate"),
        (b"\xE2\x82", "a cut multi-byte character"),
        (b"\xFF\xFE", "bytes that never occur in UTF-8"),
        (b"\xF8\x88\x80\x80\x80", "a five-byte sequence"),
    ];
    if rng.one_in(6) {
        // The whole document in UTF-16 with a byte-order mark.
        let text = String::from_utf8(pretty(doc)).expect("serde_json writes UTF-8");
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        return (
            "the document in UTF-16LE with a byte-order mark".to_owned(),
            bytes,
        );
    }
    const MARK: &str = "FUZZ_NON_UTF8_MARK";
    let site = pick_site(rng, doc, true);
    let current = match &site {
        Site::Component(n) | Site::Property(_, n) => n.clone(),
        _ => "name".to_owned(),
    };
    let (seq, label) = *rng.pick(&SEQUENCES);
    let what = set_name(
        doc,
        &site,
        &format!("{current}{MARK}"),
        &format!("a name with {label}"),
    );
    let text = pretty(doc);
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = &text[..];
    while let Some(i) = find(rest, MARK.as_bytes()) {
        bytes.extend_from_slice(&rest[..i]);
        bytes.extend_from_slice(seq);
        rest = &rest[i + MARK.len()..];
    }
    bytes.extend_from_slice(rest);
    (what, bytes)
}

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
