//! The `…_pages` method of a cursor-paged list operation: a [`crate::ir::Pagination`] as a
//! `crate::runtime::Pager` over the operation's method.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::arg_type;
use super::{doc, ident, ty, Scope};
use crate::ir::{Operation, Pagination, PaginationSource, Type};

/// The pager method of `op`, or nothing when it has no [`Pagination`].
pub(super) fn pages_method(op: &Operation) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let params_type = op.params_type.as_ref()?;
    let name = ident(&p.method);
    let call = ident(&op.name);
    let item = ty(&p.item, Scope::Module);
    let err = ty(&op.error, Scope::Module);
    let params_ty = ty(&Type::Named(params_type.clone()), Scope::Module);
    let cursor = ident(&p.cursor_param);

    // The pager owns a copy of the arguments, and each page's request a copy of that. The one
    // binding made before the arguments are read is `params`, which no argument is called (see
    // `normalize::operations`): so neither `cursor` nor `page` can hide an argument.
    let mut decls = Vec::new();
    let mut owned = Vec::new();
    let mut names = Vec::new();
    let mut passed = Vec::new();
    for param in &op.path_params {
        let arg = ident(&param.name);
        let t = arg_type(&param.ty, Scope::Module);
        decls.push(quote!(#arg: #t));
        names.push(quote!(#arg));
        if matches!(param.ty, Type::Bool | Type::I64 | Type::F32 | Type::F64) {
            owned.push(quote!(#arg));
            passed.push(quote!(#arg));
        } else {
            owned.push(quote!(ToOwned::to_owned(#arg)));
            passed.push(quote!(&#arg));
        }
    }
    let (state, set_cursor, copy) = if names.is_empty() {
        (
            quote!(params.clone()),
            quote!(params.#cursor = cursor),
            quote!(let params = params.clone();),
        )
    } else {
        (
            quote!((params.clone(), #(#owned),*)),
            quote!(params.0.#cursor = cursor),
            quote!(let (params, #(#names),*) = params.clone();),
        )
    };
    let many = (decls.len() > 5).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let next = next_cursor(p);
    let items = ident(&p.items.field);
    let items = if p.items.optional {
        quote!(page.#items.unwrap_or_default())
    } else {
        quote!(page.#items)
    };
    let docs = doc(Some(&docs(op, p)));
    let deprecated = op.deprecated.then(super::deprecated);
    Some(quote! {
        #docs
        #deprecated
        #many
        pub fn #name(&self, #(#decls,)* params: &#params_ty) -> crate::runtime::Pager<'_, #item, #err> {
            let mut params = #state;
            crate::runtime::Pager::new(move |cursor| {
                if cursor.is_some() {
                    #set_cursor;
                }
                #copy
                Box::pin(async move {
                    self.#call(#(#passed,)* &params).await.map(|page| {
                        let next = #next;
                        (#items, next)
                    })
                })
            })
        }
    })
}

/// The next cursor of `page` as an `Option<String>` expression: the steps but the last give an
/// `Option<&_>` of the cursor's parent, the last clones the cursor out of it.
fn next_cursor(p: &Pagination) -> TokenStream {
    let Some((last, parents)) = p.next.split_last() else {
        return quote!(None);
    };
    let last_field = ident(&last.field);
    let mut parent = None;
    for step in parents {
        let field = ident(&step.field);
        parent = Some(match (parent, step.optional) {
            (None, true) => quote!(page.#field.as_ref()),
            (None, false) => quote!(Some(&page.#field)),
            (Some(expr), true) => quote!(#expr.and_then(|v| v.#field.as_ref())),
            (Some(expr), false) => quote!(#expr.map(|v| &v.#field)),
        });
    }
    match (parent, last.optional) {
        (None, true) => quote!(page.#last_field.clone()),
        (None, false) => quote!(Some(page.#last_field.clone())),
        (Some(expr), true) => quote!(#expr.and_then(|v| v.#last_field.clone())),
        (Some(expr), false) => quote!(#expr.map(|v| v.#last_field.clone())),
    }
}

fn docs(op: &Operation, p: &Pagination) -> String {
    let cursor = op
        .params
        .iter()
        .find(|param| param.name == p.cursor_param)
        .map_or(p.cursor_param.as_str(), |param| param.wire.as_str());
    let next: Vec<&str> = p.next.iter().map(|s| s.field.as_str()).collect();
    let source = match p.source {
        PaginationSource::Detected => "",
        PaginationSource::Override => " (as the override table describes its paging)",
    };
    format!(
        "The `{items}` of [`Self::{call}`] across its pages, each page requested when the one \
         before has been read{source}.\n\nThe query parameter `{cursor}` of each request is \
         the `{next}` of the page before; paging stops at a page without one. \
         `params.{field}`, when set, is where the first page starts. Set a page limit with \
         [`crate::runtime::Pager::max_pages`].",
        field = p.cursor_param,
        items = p.items.field,
        call = op.name,
        next = next.join("."),
    )
}
