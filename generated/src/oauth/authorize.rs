//! The URL that sends a user to HubSpot to install the app and grant scopes.

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::pkce::PkceChallenge;
use super::state::CsrfState;

/// HubSpot's authorization endpoint.
pub const AUTHORIZE_ENDPOINT: &str = "https://app.hubspot.com/oauth/authorize";

/// Everything but RFC 3986 `unreserved` is percent-encoded (spaces become `%20`).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Builds the authorization URL that starts the authorization-code flow.
///
/// Parameters, in order: `client_id`, `redirect_uri`, `scope` and
/// `optional_scope` (each space-separated, omitted when empty), `state`, and
/// with PKCE `code_challenge` plus `code_challenge_method=S256`. Every value
/// is percent-encoded; only `A-Z a-z 0-9 - . _ ~` are left as they are.
///
/// ```
/// use hubspot_oauth::oauth::{AuthorizeUrl, CsrfState, PkceVerifier};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let state = CsrfState::new("xyz");
/// let verifier = PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
/// let url = AuthorizeUrl::new("my-client-id", "https://example.com/oauth/callback")
///     .scopes(["crm.objects.contacts.read", "oauth"])
///     .optional_scope("crm.objects.deals.read")
///     .state(&state)
///     .pkce(&verifier.challenge())
///     .build();
/// assert_eq!(
///     url,
///     "https://app.hubspot.com/oauth/authorize\
///      ?client_id=my-client-id\
///      &redirect_uri=https%3A%2F%2Fexample.com%2Foauth%2Fcallback\
///      &scope=crm.objects.contacts.read%20oauth\
///      &optional_scope=crm.objects.deals.read\
///      &state=xyz\
///      &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
///      &code_challenge_method=S256"
/// );
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct AuthorizeUrl {
    endpoint: String,
    client_id: String,
    redirect_uri: String,
    scopes: Vec<String>,
    optional_scopes: Vec<String>,
    state: Option<CsrfState>,
    challenge: Option<PkceChallenge>,
}

impl AuthorizeUrl {
    /// Starts a URL for the app `client_id`; HubSpot redirects back to
    /// `redirect_uri`, which must match one configured for the app.
    pub fn new(client_id: impl Into<String>, redirect_uri: impl Into<String>) -> Self {
        Self {
            endpoint: AUTHORIZE_ENDPOINT.to_owned(),
            client_id: client_id.into(),
            redirect_uri: redirect_uri.into(),
            scopes: Vec::new(),
            optional_scopes: Vec::new(),
            state: None,
            challenge: None,
        }
    }

    /// Replaces the authorization endpoint (default [`AUTHORIZE_ENDPOINT`]),
    /// for example with a test server's.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into();
        self
    }

    /// Adds a required scope.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes.push(scope.into());
        self
    }

    /// Adds required scopes.
    pub fn scopes<I>(mut self, scopes: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// Adds an optional scope: granted when the installing account has it.
    pub fn optional_scope(mut self, scope: impl Into<String>) -> Self {
        self.optional_scopes.push(scope.into());
        self
    }

    /// Adds optional scopes.
    pub fn optional_scopes<I>(mut self, scopes: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.optional_scopes
            .extend(scopes.into_iter().map(Into::into));
        self
    }

    /// Sets the `state` parameter, to check on the redirect back.
    pub fn state(mut self, state: &CsrfState) -> Self {
        self.state = Some(state.clone());
        self
    }

    /// Adds the PKCE `code_challenge` (method `S256`). Send the matching
    /// verifier in [`AuthorizationCode::with_pkce`](super::AuthorizationCode::with_pkce).
    pub fn pkce(mut self, challenge: &PkceChallenge) -> Self {
        self.challenge = Some(challenge.clone());
        self
    }

    /// Returns the URL to send the user's browser to.
    pub fn build(&self) -> String {
        let mut url = self.endpoint.clone();
        let mut separator = if url.contains('?') { '&' } else { '?' };
        let mut push = |name: &str, value: &str| {
            url.push(separator);
            separator = '&';
            url.push_str(name);
            url.push('=');
            url.extend(utf8_percent_encode(value, QUERY_VALUE));
        };
        push("client_id", &self.client_id);
        push("redirect_uri", &self.redirect_uri);
        let scope = join_scopes(&self.scopes);
        if !scope.is_empty() {
            push("scope", &scope);
        }
        let optional_scope = join_scopes(&self.optional_scopes);
        if !optional_scope.is_empty() {
            push("optional_scope", &optional_scope);
        }
        if let Some(state) = &self.state {
            push("state", state.expose());
        }
        if let Some(challenge) = &self.challenge {
            push("code_challenge", challenge.as_str());
            push("code_challenge_method", challenge.method());
        }
        url
    }
}

impl fmt::Display for AuthorizeUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.build())
    }
}

/// Joins scopes with single spaces, skipping empty ones.
pub(crate) fn join_scopes<S: AsRef<str>>(scopes: &[S]) -> String {
    let mut joined = String::new();
    for scope in scopes
        .iter()
        .map(|s| s.as_ref().trim())
        .filter(|s| !s.is_empty())
    {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(scope);
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_url() {
        let url = AuthorizeUrl::new("id", "https://example.com/cb").build();
        assert_eq!(
            url,
            "https://app.hubspot.com/oauth/authorize?client_id=id&redirect_uri=https%3A%2F%2Fexample.com%2Fcb"
        );
    }

    #[test]
    fn values_are_percent_encoded() {
        let url = AuthorizeUrl::new("a b&c=d", "https://example.com/cb?x=1&y=ü#frag")
            .scope("with space")
            .scope("plus+slash/")
            .state(&CsrfState::new("s&t=a?t%e"))
            .build();
        assert_eq!(
            url,
            "https://app.hubspot.com/oauth/authorize\
             ?client_id=a%20b%26c%3Dd\
             &redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1%26y%3D%C3%BC%23frag\
             &scope=with%20space%20plus%2Bslash%2F\
             &state=s%26t%3Da%3Ft%25e"
        );
    }

    #[test]
    fn scopes_are_space_separated_and_empty_ones_skipped() {
        let url = AuthorizeUrl::new("id", "r")
            .scopes(["oauth", "", "  ", "crm.objects.contacts.read"])
            .optional_scopes(vec!["a".to_owned(), "b".to_owned()])
            .build();
        assert!(url.ends_with("&scope=oauth%20crm.objects.contacts.read&optional_scope=a%20b"));
    }

    #[test]
    fn pkce_and_state() {
        let challenge = super::super::PkceVerifier::new("a".repeat(43))
            .expect("valid verifier")
            .challenge();
        let url = AuthorizeUrl::new("id", "r")
            .state(&CsrfState::new("st"))
            .pkce(&challenge)
            .build();
        assert!(url.ends_with(&format!(
            "&state=st&code_challenge={}&code_challenge_method=S256",
            challenge.as_str()
        )));
    }

    #[test]
    fn custom_endpoint_with_existing_query() {
        let url = AuthorizeUrl::new("id", "r")
            .endpoint("http://127.0.0.1:1/authorize?tenant=x")
            .build();
        assert_eq!(
            url,
            "http://127.0.0.1:1/authorize?tenant=x&client_id=id&redirect_uri=r"
        );
        assert_eq!(
            AuthorizeUrl::new("id", "r").to_string(),
            AuthorizeUrl::new("id", "r").build()
        );
    }

    #[test]
    fn debug_does_not_show_the_state() {
        let builder = AuthorizeUrl::new("id", "r").state(&CsrfState::new("sekrit"));
        assert!(!format!("{builder:?}").contains("sekrit"));
    }
}
