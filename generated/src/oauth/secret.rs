//! String wrappers whose `Debug` output never shows the value.

use std::fmt;

/// A secret string: a client secret, an authorization code, a token.
///
/// `Debug` prints `Secret(<redacted>)`; there is no `Display`, no `Serialize`
/// and no `PartialEq` (equality on secrets invites timing leaks). The value is
/// read only through [`Secret::expose`], which makes every use visible.
///
/// ```
/// use hubspot_oauth::oauth::Secret;
///
/// let secret = Secret::new("shh");
/// assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
/// assert_eq!(secret.expose(), "shh");
/// ```
#[derive(Clone, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Returns the value. Keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Returns the value, consuming the wrapper. Keep it out of logs.
    pub fn into_exposed(self) -> String {
        self.0
    }

    /// Whether the value is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

macro_rules! secret_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name(Secret);

        impl $name {
            /// Wraps a token value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(Secret::new(value))
            }

            /// Returns the token. Keep it out of logs.
            pub fn expose(&self) -> &str {
                self.0.expose()
            }

            /// Returns the token, consuming the wrapper. Keep it out of logs.
            pub fn into_exposed(self) -> String {
                self.0.into_exposed()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::new(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::new(value)
            }
        }

        impl From<Secret> for $name {
            fn from(value: Secret) -> Self {
                Self(value)
            }
        }
    };
}

secret_newtype! {
    /// An OAuth access token, sent as `Authorization: Bearer …` on API calls.
    ///
    /// `Debug` prints `AccessToken(<redacted>)`; read the value with [`AccessToken::expose`].
    ///
    /// ```
    /// use hubspot_oauth::oauth::AccessToken;
    ///
    /// let token = AccessToken::new("CJSP5qf1LhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4");
    /// assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
    /// ```
    AccessToken
}

secret_newtype! {
    /// An OAuth refresh token: long-lived, exchanged for new access tokens.
    ///
    /// `Debug` prints `RefreshToken(<redacted>)`; read the value with [`RefreshToken::expose`].
    ///
    /// ```
    /// use hubspot_oauth::oauth::RefreshToken;
    ///
    /// let token = RefreshToken::new("6f18f21e-a743-4509-b7fd-1a5e632fffa1");
    /// assert_eq!(format!("{token:?}"), "RefreshToken(<redacted>)");
    /// assert_eq!(token.expose(), "6f18f21e-a743-4509-b7fd-1a5e632fffa1");
    /// ```
    RefreshToken
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{secret:#?}"), "Secret(<redacted>)");
        let access = AccessToken::new("hunter2");
        assert!(!format!("{access:?}").contains("hunter2"));
        let refresh = RefreshToken::from("hunter2".to_owned());
        assert!(!format!("{refresh:?}").contains("hunter2"));
        assert_eq!(refresh.expose(), "hunter2");
        assert_eq!(refresh.into_exposed(), "hunter2");
    }
}
