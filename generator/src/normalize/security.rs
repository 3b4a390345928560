//! Security: which credentials each operation is sent with, and how each is sent.
//!
//! An operation's own `security` replaces the document's; `security: []` means none. A list is
//! alternatives, each an AND of schemes (scopes are not the client's business). How a scheme
//! is sent:
//!
//! - `http` `bearer`, `oauth2` and `openIdConnect`: `Authorization: Bearer <credential>`;
//! - `http` `basic`: `Authorization: Basic base64(user:password)`;
//! - `apiKey`: a header, query parameter or cookie under its `name`;
//! - the override table's `security` entry for the scheme, whatever it declares.
//!
//! Any other scheme (an `http` scheme such as `digest`, `mutualTLS`) and a scheme the document
//! does not declare are `unsupported-security` diagnostics at the requirement, and that
//! alternative is left out. The document's list is read once, so its problems are reported
//! once, at `/security/{i}`.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::{component_name, Context, DiagnosticKind};
use crate::ir::{AuthPlace, AuthScheme};
use crate::settings::{SecurityOverride, SendAs};

impl Context<'_> {
    /// The requirement alternatives of `list` (at `pointer`) that the client can meet.
    pub(super) fn security(
        &mut self,
        list: &[SecurityRequirement],
        pointer: &str,
    ) -> Vec<Vec<AuthScheme>> {
        let mut alternatives = Vec::new();
        for (i, requirement) in list.iter().enumerate() {
            let at = format!("{pointer}/{i}");
            let schemes: Result<Vec<AuthScheme>, String> = requirement
                .keys()
                .map(|name| self.auth_scheme(name))
                .collect();
            match schemes {
                Ok(schemes) => alternatives.push(schemes),
                Err(why) => self.warn(
                    at,
                    DiagnosticKind::UnsupportedSecurity,
                    format!("{why}; this alternative is left out"),
                ),
            }
        }
        if !list.is_empty() && alternatives.is_empty() {
            self.warn(
                pointer,
                DiagnosticKind::UnsupportedSecurity,
                "no alternative can be met; the request is sent without credentials",
            );
        }
        // Only "no credentials" left: the same as none.
        if alternatives.iter().all(Vec::is_empty) {
            alternatives.clear();
        }
        alternatives
    }

    /// How the credential of the scheme `name` is sent, or why it cannot be.
    fn auth_scheme(&self, name: &str) -> Result<AuthScheme, String> {
        let declared = self.security_scheme(name);
        let place = match self.settings.overrides.security.get(name) {
            Some(overridden) => overridden_place(name, overridden, declared)?,
            None => declared_place(name, declared?)?,
        };
        Ok(AuthScheme {
            name: name.to_owned(),
            place,
        })
    }

    /// The scheme declared under `name` in `components.securitySchemes`.
    fn security_scheme(&self, name: &str) -> Result<&SecurityScheme, String> {
        if let Some(kind) = self.unknown_schemes.get(name) {
            return Err(format!(
                "the security scheme `{name}` is of type `{kind}`, which the client cannot send"
            ));
        }
        let schemes = self.spec.components.as_ref().map(|c| &c.security_schemes);
        let mut entry = schemes.and_then(|s| s.get(name));
        // A reference names another scheme; a chain longer than the map is a cycle.
        for _ in 0..=schemes.map_or(0, |s| s.len()) {
            match entry {
                Some(ReferenceOr::Item(scheme)) => return Ok(scheme),
                Some(ReferenceOr::Reference { reference }) => {
                    entry = component_name(reference, "securitySchemes")
                        .and_then(|target| schemes.and_then(|s| s.get(&target)));
                }
                None => break,
            }
        }
        Err(format!(
            "the security scheme `{name}` is not declared in `components.securitySchemes`"
        ))
    }
}

/// The place a declared scheme is sent in.
fn declared_place(name: &str, scheme: &SecurityScheme) -> Result<AuthPlace, String> {
    Ok(match scheme {
        SecurityScheme::APIKey {
            location,
            name: key,
            ..
        } => match location {
            APIKeyLocation::Header => AuthPlace::Header(key.clone()),
            APIKeyLocation::Query => AuthPlace::Query(key.clone()),
            APIKeyLocation::Cookie => AuthPlace::Cookie(key.clone()),
        },
        // The scheme name is case-insensitive (RFC 7235 §2.1).
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            AuthPlace::Bearer
        }
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
            AuthPlace::Basic
        }
        SecurityScheme::HTTP { scheme, .. } => {
            return Err(format!(
                "the security scheme `{name}` is HTTP `{scheme}` authentication, which the client \
                 cannot send (only `bearer` and `basic`)"
            ))
        }
        SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => AuthPlace::Bearer,
    })
}

/// The place the override table gives; a header, query or cookie without a `name` takes the
/// declared `apiKey`'s.
fn overridden_place(
    name: &str,
    overridden: &SecurityOverride,
    declared: Result<&SecurityScheme, String>,
) -> Result<AuthPlace, String> {
    let send_as = match overridden.send_as {
        SendAs::Bearer => "bearer",
        SendAs::Basic => "basic",
        SendAs::Header => "header",
        SendAs::Query => "query",
        SendAs::Cookie => "cookie",
    };
    let key = || match (&overridden.name, declared) {
        (Some(key), _) => Ok(key.clone()),
        (None, Ok(SecurityScheme::APIKey { name: key, .. })) => Ok(key.clone()),
        (None, _) => Err(format!(
            "the override for the security scheme `{name}` sends it as `{send_as}` but gives no \
             `name`, and the scheme is no `apiKey` whose name it could take"
        )),
    };
    let no_key = |place| match overridden.name {
        Some(_) => Err(format!(
            "the override for the security scheme `{name}` gives a `name`, which `send_as: \
             {send_as}` does not take"
        )),
        None => Ok(place),
    };
    Ok(match overridden.send_as {
        SendAs::Bearer => no_key(AuthPlace::Bearer)?,
        SendAs::Basic => no_key(AuthPlace::Basic)?,
        SendAs::Header => AuthPlace::Header(key()?),
        SendAs::Query => AuthPlace::Query(key()?),
        SendAs::Cookie => AuthPlace::Cookie(key()?),
    })
}
