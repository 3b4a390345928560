//! Which fields and parameters are secrets, whose `Debug` output is redacted.
//!
//! The rule: split the wire name into snake_case words (`newSignature` → `new`, `signature`);
//! it is a secret when the last word is `token`, `secret`, `signature`, `password`,
//! `verifier`, `assertion` or `apikey`, or when the whole name is `code`, `hapikey` or
//! `api_key`. Only text values are redacted (strings, typed-format strings, lists of either): an
//! object has its own `Debug`, which redacts its own secret fields. So `access_token`, `client_secret`,
//! `code_verifier` and `client_assertion` are secrets; `token_type`, `token_use`,
//! `client_assertion_type` and `tokenId` are not. The override table decides where the rule is
//! wrong (`fields: {"ErrorDetail.code": {secret: false}}`).
//!
//! The runtime applies the same rule to raw JSON (`runtime::is_secret_key`) when it prints a body
//! no generated type describes.

use heck::ToSnakeCase;

use crate::ir::Type;
use crate::settings::SpecOverrides;

const SECRET_LAST_WORDS: &[&str] = &[
    "token",
    "secret",
    "signature",
    "password",
    "verifier",
    "assertion",
    "apikey",
];
const SECRET_NAMES: &[&str] = &["code", "hapikey", "api_key"];

/// Whether the name, by the rule alone, names a secret.
pub fn is_secret_name(wire: &str) -> bool {
    let snake = wire.to_snake_case();
    SECRET_NAMES.contains(&snake.as_str())
        || snake
            .rsplit('_')
            .next()
            .is_some_and(|last| SECRET_LAST_WORDS.contains(&last))
}

/// Whether a field or parameter is a secret: the override for `key`, else the rule.
pub(super) fn is_secret(wire: &str, ty: &Type, key: &str, overrides: &SpecOverrides) -> bool {
    if let Some(secret) = overrides.fields.get(key).and_then(|o| o.secret) {
        return secret;
    }
    let text = match ty {
        Type::String | Type::Formatted(_) => true,
        Type::Vec(inner) => matches!(**inner, Type::String | Type::Formatted(_)),
        _ => false,
    };
    text && is_secret_name(wire)
}

#[cfg(test)]
mod tests {
    use super::is_secret_name;

    #[test]
    fn the_rule() {
        for secret in [
            "access_token",
            "refresh_token",
            "id_token",
            "token",
            "client_secret",
            "code",
            "code_verifier",
            "client_assertion",
            "signature",
            "newSignature",
            "hapikey",
            "password",
        ] {
            assert!(is_secret_name(secret), "{secret}");
        }
        for public in [
            "token_type",
            "token_use",
            "token_type_hint",
            "client_assertion_type",
            "tokenId",
            "client_id",
            "scopes",
            "hublet",
            "user",
        ] {
            assert!(!is_secret_name(public), "{public}");
        }
    }
}
