//! Mutations of names and values: long, odd, keyword and colliding names, huge enums.

use super::*;

/// A name of `len` characters in one of a few styles.
pub(super) fn long_text(rng: &mut Rng, len: usize) -> String {
    const WORDS: [&str; 8] = [
        "alpha", "beta", "gamma", "delta", "item", "id", "name", "value",
    ];
    let style = rng.below(6);
    let mut s = String::new();
    let mut n = 0;
    while n < len {
        let piece: String = match style {
            0 => "a".to_owned(),
            1 => ((b'a' + rng.below(26) as u8) as char).to_string(),
            2 => format!("{}-", rng.pick(&WORDS)),
            3 => {
                let w = rng.pick(&WORDS);
                let mut c = w.chars();
                let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or('X');
                std::iter::once(first).chain(c).collect()
            }
            4 => rng.pick(&["é", "名", "ß", "Ω"]).to_string(),
            _ => rng.pick(&["a", "_", "-", ".", " ", "9", "Z"]).to_string(),
        };
        for c in piece.chars() {
            if n < len {
                s.push(c);
                n += 1;
            }
        }
    }
    s
}

pub(super) fn long_name(rng: &mut Rng, doc: &mut Value) -> String {
    let len = if rng.one_in(2) {
        *rng.pick(&[1_000, 1_024, 2_000, 4_096, 10_000, 30_000])
    } else {
        rng.range(1_000, 30_000)
    };
    let name = long_text(rng, len);
    if rng.one_in(4) {
        // Two sibling names that differ only in their last character.
        let mut a = name.clone();
        let mut b = name;
        a.push('1');
        b.push('2');
        let s = schemas_mut(doc);
        let shown = format!(
            "{}-character names differing in their last character",
            len + 1
        );
        if rng.one_in(2) {
            s.insert(a, json!({ "type": "string" }));
            s.insert(b, json!({ "type": "integer" }));
            return format!("two schemas with {shown}");
        }
        s.insert(
            "LongNames".to_owned(),
            json!({ "type": "object", "properties": { a: { "type": "string" }, b: { "type": "integer" } } }),
        );
        return format!("two properties of \"LongNames\" with {shown}");
    }
    let site = pick_site(rng, doc, false);
    set_name(doc, &site, &name, &format!("a {len}-character name"))
}

pub(super) const ODD_NAMES: &[&str] = &[
    "",
    " ",
    "\r",
    "a\rb",
    "a\r\nb",
    "line\nbreak",
    "\t",
    "\0",
    "a\0b",
    "\u{7f}",
    "\u{1b}[31mred",
    "\u{202e}desrever",
    "abc\u{202e}",
    "\u{200b}",
    "zero\u{200d}width",
    "\u{feff}bom",
    "\u{2028}",
    "\u{85}",
    "🦀",
    "emoji 🔥 name",
    "👨‍👩‍👧",
    "123",
    "1abc",
    "0",
    "9-lives",
    "!!!",
    "-",
    "_",
    "__",
    "$",
    "@",
    "#",
    "...",
    "{}",
    "{id}",
    "a/b",
    "a~b",
    "~1",
    "a b",
    "a.b",
    "\"quoted\"",
    "'",
    "\\",
    "`",
    "*/",
    "/*",
    "//",
    "r#",
    "r#type",
    "é",
    "e\u{301}",
    "ǅ",
    "İ",
    "ß",
    "Ω",
    "名前",
    "\u{10ffff}",
    "\u{fffd}",
];

pub(super) const ODD_DOCS: &[&str] = &[
    "a\rb",
    "carriage\r\rreturns",
    "\r",
    "nul \0 inside",
    "*/ end of comment",
    "/* open",
    "```",
    "```rust\nfn main() { panic!() }",
    "    indented code",
    "#![deny(warnings)]",
    "\"]",
    "\u{202e}reversed",
    "\u{1b}[31mescape",
    "\u{2028}separator",
    "[broken](link",
    "<script>",
    "\\",
    "🦀",
];

pub(super) fn odd_name(rng: &mut Rng, doc: &mut Value) -> String {
    let with_docs = rng.one_in(3);
    let site = pick_site(rng, doc, with_docs);
    let odd = if matches!(site, Site::Doc(..)) {
        rng.pick(ODD_DOCS)
    } else {
        rng.pick(ODD_NAMES)
    };
    let text = match rng.below(4) {
        0 => format!("name{odd}"),
        1 => format!("{odd}name"),
        _ => (*odd).to_owned(),
    };
    set_name(doc, &site, &text, &format!("{text:?}"))
}

pub(super) const KEYWORDS: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "builder",
    "request",
    "response",
    "params",
    "body",
    "fn",
    "async",
    "await",
    "dyn",
    "try",
    "union",
    "gen",
    "match",
    "mod",
    "move",
    "ref",
    "in",
    "loop",
    "r#type",
    "_",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Client",
    "Error",
    "Default",
    "runtime",
    "serde",
    "std",
    "core",
    "http",
    "reqwest",
    "base_url",
    "content_type",
    "transport",
    "value",
    "new",
    "with_base_url",
    "with_config",
    "from_transport",
    "as_str",
    "from_json_slice",
    "Unrecognized",
    "Deserialize",
    "Serialize",
];

pub(super) fn keyword_name(rng: &mut Rng, doc: &mut Value) -> String {
    let word = *rng.pick(KEYWORDS);
    if rng.one_in(3) {
        // A path or query parameter: the generated functions have locals of these names.
        let location = if rng.one_in(2) { "path" } else { "query" };
        let template = if location == "path" {
            format!("/fuzz/{{{word}}}")
        } else {
            "/fuzz".to_owned()
        };
        let paths = ensure_obj(doc, &["paths"]);
        paths.insert(
            template.clone(),
            json!({ "get": {
                "parameters": [{ "name": word, "in": location, "required": true,
                                 "schema": { "type": "string" } }],
                "requestBody": { "content": { "application/json": { "schema": { "type": "object" } } } },
                "responses": { "200": { "description": "OK" } }
            } }),
        );
        return format!("{location} parameter {word:?} of GET {template}");
    }
    let site = pick_site(rng, doc, false);
    set_name(doc, &site, word, &format!("{word:?}"))
}

pub(super) fn colliding_names(rng: &mut Rng, doc: &mut Value) -> String {
    const SPELLINGS: [&str; 7] = ["a-b", "a_b", "aB", "AB", "a b", "a__b", "A-B"];
    let count = rng.range(2, SPELLINGS.len());
    let mut spellings = SPELLINGS.to_vec();
    rng.shuffle(&mut spellings);
    let names = &spellings[..count];
    match rng.below(8) {
        0 => {
            let props: Map<String, Value> = names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let t = if i % 2 == 0 { "string" } else { "integer" };
                    (n.to_string(), json!({ "type": t }))
                })
                .collect();
            let name = component_name(rng, doc, "Collide");
            schemas_mut(doc).insert(
                name.clone(),
                json!({ "type": "object", "required": names, "properties": props }),
            );
            format!("properties {names:?} of {name:?}")
        }
        1 => {
            let s = schemas_mut(doc);
            for n in names {
                s.insert(
                    n.to_string(),
                    json!({ "type": "object", "properties": { "x": { "type": "string" } } }),
                );
            }
            format!("schemas {names:?}")
        }
        2 => {
            let op = some_operation(rng, doc);
            let (l1, l2) = *rng.pick(&[
                ("query", "header"),
                ("query", "query"),
                ("header", "header"),
                ("path", "query"),
                ("query", "cookie"),
            ]);
            let n = if l1 == "path" {
                "id"
            } else {
                *rng.pick(&["id", "limit", "X-Id", "a-b"])
            };
            if let Some(Value::Object(m)) = get_mut(doc, &op) {
                let ps = m.entry("parameters").or_insert_with(|| json!([]));
                if !ps.is_array() {
                    *ps = json!([]);
                }
                let ps = ps.as_array_mut().expect("an array");
                for l in [l1, l2] {
                    ps.push(json!({ "name": n, "in": l, "required": l == "path",
                                    "schema": { "type": "string" } }));
                }
            }
            format!("{l1} and {l2} parameters named {n:?} on {}", pointer(&op))
        }
        3 => {
            let variant = component_name(rng, doc, "Variant");
            if !Sites::of(doc).components.contains(&variant) {
                schemas_mut(doc).insert(
                    variant.clone(),
                    json!({ "type": "object", "required": ["kind"],
                            "properties": { "kind": { "type": "string" } } }),
                );
            }
            let r = schema_ref(&variant);
            let mapping = rng.one_in(2);
            let mut disc = json!({ "propertyName": "kind" });
            if mapping {
                disc["mapping"] = json!({ "one": r, "two": r });
            }
            let kw = if rng.one_in(3) { "anyOf" } else { "oneOf" };
            schemas_mut(doc).insert(
                "Twice".to_owned(),
                json!({ kw: [{ "$ref": r }, { "$ref": r }], "discriminator": disc }),
            );
            format!(
                "schema \"Twice\": {kw} with {r} twice and a discriminator{}",
                if mapping { " mapping both" } else { "" }
            )
        }
        4 => {
            schemas_mut(doc).insert(
                "CollidingEnum".to_owned(),
                json!({ "type": "string", "enum": names }),
            );
            format!("enum values {names:?}")
        }
        5 => {
            let ids = [
                "getThing",
                "get_thing",
                "get-thing",
                "GetThing",
                "get thing",
            ];
            let paths = ensure_obj(doc, &["paths"]);
            for (i, id) in ids.iter().enumerate() {
                paths.insert(
                    format!("/collide/{i}"),
                    json!({ "get": { "operationId": id,
                                     "responses": { "200": { "description": "OK" } } } }),
                );
            }
            format!("operationIds {ids:?}")
        }
        6 => {
            // An inline type whose derived name is also a component's name.
            let s = schemas_mut(doc);
            s.insert(
                "Parent".to_owned(),
                json!({ "type": "object", "properties": {
                    "child": { "type": "object", "properties": { "x": { "type": "string" } } },
                    "kind": { "type": "string", "enum": ["a", "b"] }
                } }),
            );
            s.insert("ParentChild".to_owned(), json!({ "type": "integer" }));
            s.insert("ParentKind".to_owned(), json!({ "type": "boolean" }));
            "inline types of \"Parent\" named like the schemas \"ParentChild\" and \"ParentKind\""
                .to_owned()
        }
        _ => {
            // The same wire name from two allOf members, with different types.
            schemas_mut(doc).insert(
                "Merged".to_owned(),
                json!({ "allOf": [
                    { "type": "object", "properties": { "id": { "type": "string" } } },
                    { "type": "object", "required": ["id"], "properties": { "id": { "type": "integer" } } },
                    { "type": "object", "properties": { "i-d": { "type": "string" }, "i_d": { "type": "string" } } }
                ] }),
            );
            "schema \"Merged\": allOf members declare \"id\" differently, and \"i-d\"/\"i_d\""
                .to_owned()
        }
    }
}

pub(super) fn huge_enum(rng: &mut Rng, doc: &mut Value) -> String {
    let n = if rng.one_in(4) {
        rng.range(2_000, 10_000)
    } else {
        5_000
    };
    let style = rng.below(6);
    let mut values: Vec<Value> = (0..n)
        .map(|i| match style {
            0 => Value::from(format!("v{i}")),
            1 => Value::from(if i % 2 == 0 {
                format!("a-{}", i / 2)
            } else {
                format!("a_{}", i / 2)
            }),
            2 => Value::from(i as i64 - 100),
            3 => match i % 6 {
                0 => Value::from(format!("s{i}")),
                1 => Value::from(i),
                2 => Value::from(i as f64 + 0.5),
                3 => Value::from(i % 12 == 3),
                4 => Value::Null,
                _ => json!({ "k": i }),
            },
            4 => Value::from("same"),
            _ => Value::from(ODD_NAMES[i % ODD_NAMES.len()].repeat(1 + i / ODD_NAMES.len())),
        })
        .collect();
    // About one value in ten again.
    for _ in 0..n / 10 {
        let v = values[rng.below(values.len())].clone();
        let at = rng.below(values.len() + 1);
        values.insert(at, v);
    }
    let ty = match style {
        2 => "integer",
        3 => "",
        _ => "string",
    };
    let mut schema = json!({ "enum": values });
    if !ty.is_empty() {
        schema["type"] = Value::from(ty);
    }
    let label = [
        "distinct strings",
        "strings colliding as identifiers",
        "integers",
        "mixed types",
        "one string repeated",
        "odd strings",
    ][style];
    let total = n + n / 10;
    let site = Sites::of(doc).properties;
    if !site.is_empty() && rng.one_in(2) {
        let (map, name) = rng.pick(&site).clone();
        if let Some(v) = get_mut(doc, &child(&map, key(&name))) {
            *v = schema;
        }
        return format!(
            "{total} enum values ({label}) at {}",
            pointer(&child(&map, key(&name)))
        );
    }
    schemas_mut(doc).insert("Huge".to_owned(), schema);
    let used = if rng.one_in(2) {
        use_schema(rng, doc, ref_to("Huge"))
    } else {
        String::new()
    };
    format!("schema \"Huge\": {total} enum values ({label}){used}")
}
