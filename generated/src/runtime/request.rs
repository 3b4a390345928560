//! Building a request: [`RequestBuilder`] and the [`Request`] it makes.

use std::borrow::Cow;
use std::fmt;

use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use http::Method;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use super::multipart::Multipart;
use super::params::{self, ParamValue, Style, ToParam};
use super::redact::{cap_chars, url_origin};
use super::secrets::SecretCollector;
use super::{RequestError, SentSecrets};

/// Characters left as is in a path segment, a query name or a query value: RFC 3986
/// "unreserved" (`ALPHA / DIGIT / "-" / "." / "_" / "~"`); everything else is percent-encoded.
pub(super) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Builds a [`Request`] from a base URL, path template pieces, query parameters, headers and
/// a body, and collects the secret values it carries. Nothing is sent.
///
/// ```ignore
/// let request = RequestBuilder::new(http::Method::GET, "https://api.example.com/")
///     .path("/oauth/v1/refresh-tokens/")
///     .secret_path_param("a/b c")
///     .query("limit", Some("10"))
///     .query("after", None)
///     .build()
///     .unwrap();
/// assert_eq!(
///     request.http().uri(),
///     "https://api.example.com/oauth/v1/refresh-tokens/a%2Fb%20c?limit=10"
/// );
/// assert!(!format!("{request:?}").contains("a%2Fb"));
/// ```
#[must_use]
pub struct RequestBuilder {
    method: Method,
    base_url: String,
    path: String,
    /// The path with each parameter written `{}`: what `Debug` of the request shows.
    path_shape: String,
    query: String,
    query_names: Vec<String>,
    headers: Vec<(String, String)>,
    /// Encoded `name=value` pairs, sent in one `Cookie` header.
    cookies: Vec<String>,
    body: Option<(Vec<u8>, String)>,
    secrets: SecretCollector,
    error: Option<RequestError>,
}

impl fmt::Debug for RequestBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("origin", &url_origin(&self.base_url))
            .field("path", &self.path_shape)
            .finish_non_exhaustive()
    }
}

impl RequestBuilder {
    /// Starts a request to `base_url` (with or without a trailing `/`).
    pub fn new(method: Method, base_url: impl AsRef<str>) -> Self {
        RequestBuilder {
            method,
            base_url: base_url.as_ref().to_owned(),
            path: String::new(),
            path_shape: String::new(),
            query: String::new(),
            query_names: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            secrets: SecretCollector::default(),
            error: None,
        }
    }

    fn fail(&mut self, error: RequestError) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// Appends literal path text as is (for example `/oauth/v1/refresh-tokens/`).
    pub fn path(mut self, literal: &str) -> Self {
        self.path.push_str(literal);
        self.path_shape.push_str(literal);
        self
    }

    /// Appends `value` as one path segment, percent-encoding every character outside the
    /// RFC 3986 unreserved set (so `/`, `?`, `#`, `%`, `+` and spaces stay inside the segment).
    /// An empty value, `.` or `..` would change which resource is addressed: `build` then fails.
    pub fn path_param(mut self, value: &str) -> Self {
        if value.is_empty() || value == "." || value == ".." {
            self.fail(RequestError::new(
                "a path parameter is empty or a dot segment",
            ));
        }
        self.path.extend(utf8_percent_encode(value, COMPONENT));
        self.path_shape.push_str("{}");
        self
    }

    /// [`RequestBuilder::path_param`] for a secret value (a token in the path).
    pub fn secret_path_param(self, value: &str) -> Self {
        self.remember(Some(value)).path_param(value)
    }

    /// Records `value` as a secret of the request.
    fn remember(mut self, value: Option<&str>) -> Self {
        if let Some(value) = value {
            self.secrets.add(value);
        }
        self
    }

    /// `add(name, value)` once per value.
    fn each<I>(self, name: &str, values: I, add: fn(Self, &str, Option<&str>) -> Self) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        values.into_iter().fold(self, |builder, value| {
            add(builder, name, Some(value.as_ref()))
        })
    }

    /// Adds the query parameter `name=value`, both percent-encoded; `None` adds nothing.
    pub fn query(mut self, name: &str, value: Option<&str>) -> Self {
        if let Some(value) = value {
            self.query
                .push(if self.query.is_empty() { '?' } else { '&' });
            self.query.extend(utf8_percent_encode(name, COMPONENT));
            self.query.push('=');
            self.query.extend(utf8_percent_encode(value, COMPONENT));
            self.query_names.push(name.to_owned());
        }
        self
    }

    /// [`RequestBuilder::query`] for a secret value.
    pub fn secret_query(self, name: &str, value: Option<&str>) -> Self {
        self.remember(value).query(name, value)
    }

    /// Adds `name=value` once per value (an array parameter, `explode: true`).
    pub fn query_values<I>(self, name: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.each(name, values, Self::query)
    }

    /// [`RequestBuilder::query_values`] for secret values.
    pub fn secret_query_values<I>(self, name: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.each(name, values, Self::secret_query)
    }

    /// Adds a header; `None` adds nothing. An invalid name or value makes `build` fail.
    pub fn header(mut self, name: &str, value: Option<&str>) -> Self {
        if let Some(value) = value {
            self.headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// [`RequestBuilder::header`] for a secret value.
    pub fn secret_header(self, name: &str, value: Option<&str>) -> Self {
        self.remember(value).header(name, value)
    }

    /// Adds the header once per value.
    pub fn header_values<I>(self, name: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.each(name, values, Self::header)
    }

    /// [`RequestBuilder::header_values`] for secret values.
    pub fn secret_header_values<I>(self, name: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.each(name, values, Self::secret_header)
    }

    /// Adds the cookie `name=value` (both percent-encoded, so that no value can end the pair or
    /// the header); `None` adds nothing. Every cookie of a request goes into one `Cookie`
    /// header, `a=1; b=2`, after any `Cookie` header added with [`RequestBuilder::header`].
    pub fn cookie(mut self, name: &str, value: Option<&str>) -> Self {
        if let Some(value) = value {
            let value = ParamValue::Scalar(Cow::Borrowed(value));
            self.cookies.extend(params::cookie(name, true, &value));
        }
        self
    }

    /// [`RequestBuilder::cookie`] for a secret value (an API key sent as a cookie).
    pub fn secret_cookie(self, name: &str, value: Option<&str>) -> Self {
        self.remember(value).cookie(name, value)
    }

    /// Appends the path parameter `name` written by `style` (`Simple`, `Label` or `Matrix`;
    /// any other is `Simple`) and `explode`, see [`Style`]. A parameter that writes nothing, is
    /// empty, or is a dot segment (`.`, `..`) makes `build` fail.
    pub fn path_value<V: ToParam + ?Sized>(
        self,
        name: &str,
        style: Style,
        explode: bool,
        value: &V,
    ) -> Self {
        self.value(Place::Path(style), name, explode, value, false)
    }

    /// [`RequestBuilder::path_value`] for a secret value: every text it sends is recorded.
    pub fn secret_path_value<V: ToParam + ?Sized>(
        self,
        name: &str,
        style: Style,
        explode: bool,
        value: &V,
    ) -> Self {
        self.value(Place::Path(style), name, explode, value, true)
    }

    /// Adds the query parameter `name` written by `style` (`Form`, `SpaceDelimited`,
    /// `PipeDelimited` or `DeepObject`) and `explode`, see [`Style`]; `None` adds nothing.
    pub fn query_value<V: ToParam + ?Sized>(
        self,
        name: &str,
        style: Style,
        explode: bool,
        value: &V,
    ) -> Self {
        self.value(Place::Query(style), name, explode, value, false)
    }

    /// [`RequestBuilder::query_value`] for a secret value: every text it sends is recorded.
    pub fn secret_query_value<V: ToParam + ?Sized>(
        self,
        name: &str,
        style: Style,
        explode: bool,
        value: &V,
    ) -> Self {
        self.value(Place::Query(style), name, explode, value, true)
    }

    /// Adds the header `name`, `simple` style: a list is one comma-separated line; `None` (or an
    /// empty list) adds nothing.
    pub fn header_value<V: ToParam + ?Sized>(self, name: &str, explode: bool, value: &V) -> Self {
        self.value(Place::Header, name, explode, value, false)
    }

    /// [`RequestBuilder::header_value`] for a secret value: every text it sends is recorded.
    pub fn secret_header_value<V: ToParam + ?Sized>(
        self,
        name: &str,
        explode: bool,
        value: &V,
    ) -> Self {
        self.value(Place::Header, name, explode, value, true)
    }

    /// Adds the cookie parameter `name`, `form` style, to the `Cookie` header (see
    /// [`RequestBuilder::cookie`]); `None` adds nothing.
    pub fn cookie_value<V: ToParam + ?Sized>(self, name: &str, explode: bool, value: &V) -> Self {
        self.value(Place::Cookie, name, explode, value, false)
    }

    /// [`RequestBuilder::cookie_value`] for a secret value: every text it sends is recorded.
    pub fn secret_cookie_value<V: ToParam + ?Sized>(
        self,
        name: &str,
        explode: bool,
        value: &V,
    ) -> Self {
        self.value(Place::Cookie, name, explode, value, true)
    }

    /// Writes one styled parameter; records its secret texts (all of them when `secret`).
    fn value<V: ToParam + ?Sized>(
        mut self,
        place: Place,
        name: &str,
        explode: bool,
        value: &V,
        secret: bool,
    ) -> Self {
        let value = match value.to_param() {
            Ok(Some(value)) => value,
            Ok(None) => {
                if matches!(place, Place::Path(_)) {
                    self.fail(RequestError::new("a path parameter has no value"));
                }
                return self;
            }
            Err(error) => {
                self.fail(error);
                return self;
            }
        };
        for text in params::secret_texts(&value, secret) {
            self.secrets.add(text);
        }
        match place {
            Place::Path(style) => {
                let text = params::path(name, style, explode, &value);
                if text.is_empty() || text == "." || text == ".." {
                    self.fail(RequestError::new(
                        "a path parameter is empty or a dot segment",
                    ));
                }
                self.path.push_str(&text);
                self.path_shape.push_str("{}");
            }
            Place::Query(style) => {
                for (name, pair) in params::query(name, style, explode, &value) {
                    self.query
                        .push(if self.query.is_empty() { '?' } else { '&' });
                    self.query.push_str(&pair);
                    self.query_names.push(name);
                }
            }
            Place::Header => {
                if let Some(text) = params::header(explode, &value) {
                    self.headers.push((name.to_owned(), text));
                }
            }
            Place::Cookie => self.cookies.extend(params::cookie(name, explode, &value)),
        }
        self
    }

    /// Sets the body to `body` encoded as `application/x-www-form-urlencoded`. The values of
    /// fields whose key is secret ([`is_secret_key`](super::is_secret_key)) or listed in
    /// `secret_keys` are secrets.
    pub fn form<T: Serialize + ?Sized>(
        mut self,
        body: &T,
        secret_keys: &[&str],
    ) -> Result<Self, RequestError> {
        let encoded = serde_urlencoded::to_string(body).map_err(|error| {
            RequestError::new(format!("the form body could not be encoded: {error}"))
        })?;
        self.secrets.add_form(&encoded, secret_keys);
        self.body = Some((
            encoded.into_bytes(),
            "application/x-www-form-urlencoded".to_owned(),
        ));
        Ok(self)
    }

    /// Sets the body to `body` encoded as `application/json`. The values under keys that are
    /// secret ([`is_secret_key`](super::is_secret_key)) or listed in `secret_keys`, at any depth,
    /// are secrets.
    pub fn json<T: Serialize + ?Sized>(
        mut self,
        body: &T,
        secret_keys: &[&str],
    ) -> Result<Self, RequestError> {
        let encoded = serde_json::to_vec(body).map_err(|error| {
            RequestError::new(format!("the JSON body could not be encoded: {error}"))
        })?;
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&encoded) {
            self.secrets.add_json(&value, secret_keys, false);
        }
        self.body = Some((encoded, "application/json".to_owned()));
        Ok(self)
    }

    /// Sets the body to `form` encoded as `multipart/form-data` (see [`Multipart`]), with a
    /// random boundary no part contains. The text and JSON parts under secret names
    /// ([`is_secret_key`](super::is_secret_key), or listed in `secret_keys`) are secrets, and so
    /// are the values under such keys inside JSON parts.
    pub fn multipart(
        mut self,
        form: Multipart,
        secret_keys: &[&str],
    ) -> Result<Self, RequestError> {
        let (bytes, content_type) = form.encode()?;
        form.record_secrets(&mut self.secrets, secret_keys);
        self.body = Some((bytes, content_type));
        Ok(self)
    }

    /// Sets the body to `bytes` with the given content type.
    pub fn raw(mut self, bytes: Vec<u8>, content_type: &str) -> Self {
        self.body = Some((bytes, content_type.to_owned()));
        self
    }

    /// Validates the URL and headers and returns the request.
    pub fn build(self) -> Result<Request, RequestError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let base = self.base_url.trim_end_matches('/');
        if base.contains(['?', '#']) {
            return Err(RequestError::new(
                "the base URL must not contain a query or a fragment",
            ));
        }
        let base_uri = base
            .parse::<http::Uri>()
            .map_err(|error| RequestError::new(format!("the base URL is invalid ({error})")))?;
        if !matches!(base_uri.scheme_str(), Some("http" | "https")) || base_uri.host().is_none() {
            return Err(RequestError::new(
                "the base URL is not an absolute http or https URL",
            ));
        }
        let mut url = String::with_capacity(base.len() + self.path.len() + self.query.len() + 1);
        url.push_str(base);
        let mut path_shape = self.path_shape;
        if !self.path.is_empty() && !self.path.starts_with('/') {
            url.push('/');
            path_shape.insert(0, '/');
        }
        url.push_str(&self.path);
        url.push_str(&self.query);
        let uri = url.parse::<http::Uri>().map_err(|error| {
            RequestError::new(format!("the request path is not a valid URI ({error})"))
        })?;

        let mut header_list = self.headers;
        if !self.cookies.is_empty() {
            // One `Cookie` header (RFC 6265): any the caller added first, then the parameters.
            let mut pairs: Vec<String> = Vec::new();
            header_list.retain(|(name, value)| {
                let cookie = name.eq_ignore_ascii_case("cookie");
                if cookie {
                    pairs.push(value.clone());
                }
                !cookie
            });
            pairs.extend(self.cookies);
            header_list.push(("cookie".to_owned(), pairs.join("; ")));
        }
        let mut headers = HeaderMap::new();
        for (name, value) in &header_list {
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                RequestError::new(format!("invalid header name `{}`", cap_chars(name, 64)))
            })?;
            let header_value = HeaderValue::from_str(value).map_err(|_| {
                RequestError::new(format!("invalid value for header `{header_name}`"))
            })?;
            headers.append(header_name, header_value);
        }
        let body = match self.body {
            Some((bytes, content_type)) => {
                if !headers.contains_key(CONTENT_TYPE) {
                    let value = HeaderValue::from_str(&content_type)
                        .map_err(|_| RequestError::new("invalid content type"))?;
                    headers.insert(CONTENT_TYPE, value);
                }
                bytes
            }
            None => Vec::new(),
        };

        let mut request = http::Request::new(body);
        *request.method_mut() = self.method;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        Ok(Request {
            http: request,
            secrets: self.secrets.finish(),
            shape: Some(RequestShape {
                path: path_shape,
                query: self.query_names,
            }),
        })
    }
}

/// Where a styled parameter goes.
#[derive(Clone, Copy)]
enum Place {
    Path(Style),
    Query(Style),
    Header,
    Cookie,
}

/// A request ready to send: the [`http::Request`] and the secret values it carries.
///
/// `Debug` shows the method, the origin, the path with each parameter written `{}`, the names
/// of the query parameters and headers, and the body's length: never a parameter value, a
/// header value or the body, which may all hold secrets. [`Request::http`] and
/// [`Request::into_parts`] give the request itself, **not redacted**: send it, don't print it.
///
/// [`Transport::send`](super::Transport::send) sends it; a request built by other means converts
/// with `From`, with no
/// known secrets.
pub struct Request {
    http: http::Request<Vec<u8>>,
    secrets: SentSecrets,
    shape: Option<RequestShape>,
}

/// What `Debug` of a [`Request`] shows of its URL.
#[derive(Clone)]
struct RequestShape {
    path: String,
    query: Vec<String>,
}

impl Request {
    /// The HTTP request, **not redacted**: its URI, headers and body may hold secrets.
    pub fn http(&self) -> &http::Request<Vec<u8>> {
        &self.http
    }

    /// The HTTP request, mutable (to add a header, for example), **not redacted**.
    pub fn http_mut(&mut self) -> &mut http::Request<Vec<u8>> {
        &mut self.http
    }

    /// The secret values the request carries; pass them to the `response` decoders.
    pub fn secrets(&self) -> &SentSecrets {
        &self.secrets
    }

    /// The HTTP request (**not redacted**) and its secret values.
    pub fn into_parts(self) -> (http::Request<Vec<u8>>, SentSecrets) {
        (self.http, self.secrets)
    }

    /// A copy to send (the extensions of the HTTP request are not copied).
    pub(super) fn duplicate(&self) -> Request {
        let mut http = http::Request::new(self.http.body().clone());
        *http.method_mut() = self.http.method().clone();
        *http.uri_mut() = self.http.uri().clone();
        *http.version_mut() = self.http.version();
        *http.headers_mut() = self.http.headers().clone();
        Request {
            http,
            secrets: self.secrets.clone(),
            shape: self.shape.clone(),
        }
    }

    /// Appends the query parameter `name=value`, both percent-encoded (a credential).
    pub(super) fn push_query(&mut self, name: &str, value: &str) -> Result<(), RequestError> {
        let uri = self.http.uri().to_string();
        let separator = if self.http.uri().query().is_some() {
            '&'
        } else {
            '?'
        };
        let uri = format!(
            "{uri}{separator}{}={}",
            utf8_percent_encode(name, COMPONENT),
            utf8_percent_encode(value, COMPONENT)
        );
        *self.http.uri_mut() = uri
            .parse()
            .map_err(|_| RequestError::new("a credential made the URI invalid"))?;
        if let Some(shape) = &mut self.shape {
            shape.query.push(name.to_owned());
        }
        Ok(())
    }

    /// Adds the cookie `name=value` (percent-encoded) to the request's one `Cookie` header.
    pub(super) fn push_cookie(&mut self, name: &str, value: &str) -> Result<(), RequestError> {
        let value = ParamValue::Scalar(Cow::Borrowed(value));
        let mut pairs: Vec<String> = self
            .http
            .headers()
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|line| line.to_str().ok().map(str::to_owned))
            .collect();
        pairs.extend(params::cookie(name, true, &value));
        let line = HeaderValue::from_str(&pairs.join("; "))
            .map_err(|_| RequestError::new("invalid value for header `cookie`"))?;
        self.http.headers_mut().insert(http::header::COOKIE, line);
        Ok(())
    }
}

impl From<http::Request<Vec<u8>>> for Request {
    fn from(http: http::Request<Vec<u8>>) -> Self {
        Request {
            http,
            secrets: SentSecrets::none(),
            shape: None,
        }
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let uri = self.http.uri();
        let origin = match (uri.scheme_str(), uri.authority()) {
            (Some(scheme), Some(authority)) => {
                url_origin(&format!("{scheme}://{}", authority.as_str()))
            }
            _ => Cow::Borrowed("<none>"),
        };
        let headers: Vec<&str> = self.http.headers().keys().map(HeaderName::as_str).collect();
        let mut debug = f.debug_struct("Request");
        debug
            .field("method", self.http.method())
            .field("origin", &origin);
        if let Some(shape) = &self.shape {
            debug
                .field("path", &shape.path)
                .field("query", &shape.query);
        }
        debug
            .field("headers", &headers)
            .field("body_len", &self.http.body().len())
            .finish_non_exhaustive()
    }
}
