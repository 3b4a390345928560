//! Identifiers stay short whatever the spec holds: rustc's memory grows with the square of an
//! identifier's length (a 30,000-character field name needs gigabytes), so every identifier the
//! generator writes is at most `names::MAX_LEN` characters (plus a collision suffix), while the
//! wire name stays exact.

use std::path::Path;

use codegen::normalize::names::MAX_LEN;
use codegen::{load, DiagnosticKind, Settings};
use proc_macro2::{TokenStream, TokenTree};

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
    let longest = longest_ident(tokens);
    assert!(
        longest <= MAX_LEN + 2,
        "an identifier of {longest} characters"
    );
    assert!(output.source.contains(&format!("rename = \"{long}\"")));
    assert!(output
        .diagnostics
        .iter()
        .any(|d| d.kind == DiagnosticKind::LongName));
}
