//! A 30,000-character name costs rustc no more than a short one: every identifier the generator
//! writes is at most `names::MAX_LEN` characters (plus a collision suffix), and no serde
//! `rename`/`alias` is longer than 1,024 bytes (serde's derive turns each into a byte-string
//! pattern, which rustc checks with time and memory growing with the square of its length:
//! 14 GB for 30,000 bytes), while the wire name stays exact.

use std::path::Path;

use codegen::normalize::names::MAX_LEN;
use codegen::{load, DiagnosticKind, Settings};
use proc_macro2::{TokenStream, TokenTree};

/// The longest string given to a serde `rename` or `alias`, in bytes (quotes included).
fn longest_serde_key(tokens: TokenStream) -> usize {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut longest = 0;
    for (i, tt) in tokens.iter().enumerate() {
        match tt {
            TokenTree::Group(g) => longest = longest.max(longest_serde_key(g.stream())),
            TokenTree::Ident(id) if id == "rename" || id == "alias" => {
                if let Some(TokenTree::Literal(lit)) = tokens.get(i + 2) {
                    longest = longest.max(lit.to_string().len());
                }
            }
            _ => {}
        }
    }
    longest
}

fn longest_ident(tokens: TokenStream) -> usize {
    tokens
        .into_iter()
        .map(|tt| match tt {
            TokenTree::Ident(i) => i.to_string().len(),
            TokenTree::Group(g) => longest_ident(g.stream()),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn a_30000_character_property_name_gives_a_short_field() {
    let long = "segment".repeat(30_000 / 7);
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "Long", "version": "1" },
        "paths": {
            format!("/{long}/{{{long}}}"): { "get": {
                "operationId": long,
                "parameters": [
                    { "name": long, "in": "path", "required": true, "schema": { "type": "string" } },
                    { "name": long, "in": "query", "schema": { "type": "string", "enum": [long, "b"] } },
                ],
                "responses": { "200": { "description": "ok", "content": { "application/json": {
                    "schema": { "$ref": format!("#/components/schemas/{long}") } } } } },
            } },
        },
        "components": { "schemas": {
            long.clone(): {
                "type": "object",
                "properties": {
                    long.clone(): { "type": "object", "properties": { long.clone(): { "type": "string" } } },
                    format!("{long}-"): { "type": "string" },
                },
            },
        } },
    });
    let spec = load::parse(
        &spec.to_string(),
        load::Format::Json,
        Path::new("long.json"),
    )
    .expect("the spec loads");
    let output = codegen::generate(&spec, &Settings::default()).expect("generates");
    let tokens: TokenStream = output.source.parse().expect("the output is Rust");
    let longest = longest_ident(tokens.clone());
    assert!(
        longest <= MAX_LEN + 2,
        "an identifier of {longest} characters"
    );
    let key = longest_serde_key(tokens);
    assert!(key <= 1024 + 2, "a serde key of {key} bytes");
    assert!(
        output.source.contains(&format!("\"{long}\"")),
        "the wire name is kept"
    );
    assert!(output
        .diagnostics
        .iter()
        .any(|d| d.kind == DiagnosticKind::LongName));
}
