//! Step 4: tokens → formatted text with a banner.
//!
//! prettyplease prints a `#[doc = "…"]` attribute as a `///` (or `/** */`) comment, where rustc
//! rejects a carriage return and denies bidirectional-formatting characters
//! (`text_direction_codepoint_in_comment`). So, whoever emitted it, every doc attribute's text
//! is made comment-safe first: control characters (U+0000–U+001F but tab and line feed,
//! U+007F–U+009F) and bidirectional-formatting characters (U+061C, U+200E, U+200F,
//! U+202A–U+202E, U+2066–U+2069) are written as escapes (`\r`, `\u{202e}`). Escaping rather than
//! dropping keeps the text honest and makes an invisible reordering visible to the reader. A
//! tab becomes four spaces (clippy's `tabs_in_doc_comments`).
//! (Descriptions split at every line break, a lone `\r` included, before they get here; string
//! literals need nothing: proc-macro2 already escapes these characters in them.)

use proc_macro2::{Delimiter, Group, Literal, TokenStream, TokenTree};

/// The emitted tokens are not a valid Rust file: a bug in the generator, not in the spec.
#[derive(Debug, thiserror::Error)]
#[error("the generated code does not parse ({message}); this is a bug in the generator")]
pub struct RenderError {
    /// What the parser said.
    pub message: String,
}

/// Formats a module with `prettyplease` and puts `// {banner}` on its first line.
pub fn render(tokens: TokenStream, banner: &str) -> Result<String, RenderError> {
    let file: syn::File = syn::parse2(comment_safe(tokens)).map_err(|e| RenderError {
        message: e.to_string(),
    })?;
    let mut text = String::with_capacity(banner.len() + 4);
    if !banner.is_empty() {
        text.push_str("// ");
        text.push_str(banner);
        text.push_str("\n\n");
    }
    text.push_str(&prettyplease::unparse(&file));
    Ok(text)
}

/// Whether a character cannot stand as itself in a comment.
fn unsafe_in_comment(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The tokens with the text of every `#[doc = "…"]` (and `#![doc = "…"]`) made comment-safe.
fn comment_safe(tokens: TokenStream) -> TokenStream {
    let mut out: Vec<TokenTree> = Vec::new();
    for tt in tokens {
        let tt = match tt {
            TokenTree::Group(group) => {
                let after_hash = matches!(out.last(), Some(TokenTree::Punct(p)) if p.as_char() == '#')
                    || matches!(out.as_slice(), [.., TokenTree::Punct(h), TokenTree::Punct(b)] if h.as_char() == '#' && b.as_char() == '!');
                let stream = match doc_text(&group) {
                    Some(stream) if after_hash => stream,
                    _ => comment_safe(group.stream()),
                };
                let mut cleaned = Group::new(group.delimiter(), stream);
                cleaned.set_span(group.span());
                TokenTree::Group(cleaned)
            }
            other => other,
        };
        out.push(tt);
    }
    out.into_iter().collect()
}

/// For `[doc = "…"]`, the same with comment-safe text.
fn doc_text(group: &Group) -> Option<TokenStream> {
    if group.delimiter() != Delimiter::Bracket {
        return None;
    }
    let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
    let [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(lit)] = tokens.as_slice()
    else {
        return None;
    };
    if name != "doc" || eq.as_char() != '=' {
        return None;
    }
    let text = syn::parse2::<syn::LitStr>(TokenTree::Literal(lit.clone()).into())
        .ok()?
        .value();
    if !text.chars().any(unsafe_in_comment) {
        return None;
    }
    let mut safe = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\t' {
            safe.push_str("    ");
        } else if unsafe_in_comment(c) {
            safe.extend(c.escape_debug());
        } else {
            safe.push(c);
        }
    }
    let mut lit = Literal::string(&safe);
    lit.set_span(tokens[2].span());
    Some(
        [
            tokens[0].clone(),
            tokens[1].clone(),
            TokenTree::Literal(lit),
        ]
        .into_iter()
        .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::render;
    use quote::quote;

    #[test]
    fn doc_text_is_comment_safe() {
        let outer = " a\rb \u{202e}c\u{2066} d\u{200f}\te\u{7}";
        let inner = " x\u{85}y";
        let literal = "s\r\u{202e}";
        let text = render(
            quote! {
                #![doc = #inner]
                #[doc = #outer]
                pub const S: &str = #literal;
            },
            "",
        )
        .expect("renders");
        assert_eq!(
            text,
            "//! x\\u{85}y\n/// a\\rb \\u{202e}c\\u{2066} d\\u{200f}    e\\u{7}\npub const S: &str = \"s\\r\\u{202e}\";\n"
        );
    }
}
