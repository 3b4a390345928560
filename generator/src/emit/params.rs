//! How the named types sent as parameters write themselves: `crate::runtime::ParamText` for
//! string enums and unions of scalars, `crate::runtime::ToParam` for objects and for unions of
//! scalars and lists (each variant as itself).

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, Named};
use crate::ir::{ParamForm, ParamType, Presence, TypeKind};

pub(super) fn param_impl(pt: &ParamType, named: &Named<'_>) -> TokenStream {
    let Some(def) = named.get(&pt.name) else {
        return TokenStream::new();
    };
    let type_name = ident(&def.name);
    match (&pt.form, &def.kind) {
        (ParamForm::Text, TypeKind::Enum(_)) => quote! {
            impl crate::runtime::ParamText for #type_name {
                fn param_text(&self) -> std::borrow::Cow<'_, str> {
                    std::borrow::Cow::Borrowed(self.as_str())
                }
            }
        },
        (ParamForm::Text, TypeKind::Union(u)) => {
            let arms = u.variants.iter().map(|v| {
                let variant = ident(&v.name);
                quote!(Self::#variant(value) => crate::runtime::ParamText::param_text(value),)
            });
            quote! {
                impl crate::runtime::ParamText for #type_name {
                    fn param_text(&self) -> std::borrow::Cow<'_, str> {
                        match self {
                            #(#arms)*
                            Self::Unrecognized(value) => crate::runtime::ParamText::param_text(value),
                        }
                    }
                }
            }
        }
        (ParamForm::Variants, TypeKind::Union(u)) => {
            let arms = u.variants.iter().map(|v| {
                let variant = ident(&v.name);
                quote!(Self::#variant(value) => crate::runtime::ToParam::to_param(value),)
            });
            quote! {
                impl crate::runtime::ToParam for #type_name {
                    fn to_param(&self) -> Result<Option<crate::runtime::ParamValue<'_>>, crate::runtime::RequestError> {
                        match self {
                            #(#arms)*
                            Self::Unrecognized(value) => crate::runtime::ToParam::to_param(value),
                        }
                    }
                }
            }
        }
        (
            ParamForm::Object {
                json_fields,
                json_additional,
            },
            TypeKind::Struct(s),
        ) => {
            let pair = |json: bool, secret: bool, name: TokenStream, value: TokenStream| {
                if json {
                    quote!(crate::runtime::ParamPair::json(#name, #value))
                } else if secret {
                    quote!(crate::runtime::ParamPair::secret(#name, #value))
                } else {
                    quote!(crate::runtime::ParamPair::new(#name, #value))
                }
            };
            let items = s.fields.iter().map(|f| {
                let field = ident(&f.name);
                let wire = &f.wire;
                let json = json_fields.contains(&f.name);
                match f.presence {
                    Presence::Required | Presence::Defaulted => {
                        let pair = pair(json, f.secret, quote!(#wire), quote!(&self.#field));
                        let pair = if json { quote!(#pair?) } else { pair };
                        quote!(Some(#pair))
                    }
                    Presence::Optional | Presence::RequiredNullable => {
                        let pair = pair(json, f.secret, quote!(#wire), quote!(value));
                        let map = quote!(self.#field.as_ref().map(|value| #pair));
                        if json {
                            quote!(#map.transpose()?)
                        } else {
                            map
                        }
                    }
                }
            });
            let additional = s.additional.as_ref().map(|_| {
                let pair = pair(*json_additional, false, quote!(name), quote!(value));
                if *json_additional {
                    quote! {
                        for (name, value) in &self.additional_properties {
                            pairs.push(#pair?);
                        }
                    }
                } else {
                    quote! {
                        pairs.extend(self.additional_properties.iter().map(|(name, value)| #pair));
                    }
                }
            });
            let binding = if additional.is_some() {
                quote!(let mut pairs)
            } else {
                quote!(let pairs)
            };
            quote! {
                impl crate::runtime::ToParam for #type_name {
                    fn to_param(&self) -> Result<Option<crate::runtime::ParamValue<'_>>, crate::runtime::RequestError> {
                        #binding: Vec<crate::runtime::ParamPair<'_>> = [#(#items),*].into_iter().flatten().collect();
                        #additional
                        Ok(Some(crate::runtime::ParamValue::Object(pairs)))
                    }
                }
            }
        }
        _ => TokenStream::new(),
    }
}
