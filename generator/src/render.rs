//! Step 4: tokens → formatted text with a banner.

use proc_macro2::TokenStream;

/// The emitted tokens are not a valid Rust file: a bug in the generator, not in the spec.
#[derive(Debug, thiserror::Error)]
#[error("the generated code does not parse ({message}); this is a bug in the generator")]
pub struct RenderError {
    /// What the parser said.
    pub message: String,
}

/// Formats a module with `prettyplease` and puts `// {banner}` on its first line.
pub fn render(tokens: TokenStream, banner: &str) -> Result<String, RenderError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| RenderError {
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
