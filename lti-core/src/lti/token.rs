//! Service access tokens, tool side (Security Framework 1.0 §4.1): the `client_credentials`
//! grant with a `private_key_jwt` client assertion, the token response, and a cache key that
//! includes the issuer and the client id (a key without the client id mixes up the tokens of
//! two registrations on one platform).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

use super::codes;
use super::keys::{KeyError, SigningKey};
use super::registration::ToolRegistration;

/// `client_assertion_type` for JWT bearer assertions (RFC 7523).
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// A token request or response problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
#[non_exhaustive]
pub struct TokenError {
    /// Stable code.
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
    /// The OAuth `error` value, for an error response.
    pub oauth_error: Option<String>,
}

impl TokenError {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            oauth_error: None,
        }
    }
}

impl From<KeyError> for TokenError {
    fn from(e: KeyError) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

/// The claims of a client assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClientAssertionClaims {
    /// The client id.
    pub iss: String,
    /// The client id.
    pub sub: String,
    /// The token endpoint (or the authorization server's identity).
    pub aud: String,
    /// Issued at.
    pub iat: i64,
    /// Expiry (short: minutes).
    pub exp: i64,
    /// Unique id, from the caller's randomness.
    pub jti: String,
}

/// Signs a client assertion: `iss` = `sub` = client id, `aud`, `iat` = now, `exp` = now + ttl,
/// `jti` from the caller, `kid` in the header.
pub fn client_assertion(
    key: &SigningKey,
    client_id: &str,
    audience: &str,
    now: i64,
    ttl_seconds: i64,
    jti: &str,
) -> Result<String, KeyError> {
    key.sign(&ClientAssertionClaims {
        iss: client_id.to_owned(),
        sub: client_id.to_owned(),
        aud: audience.to_owned(),
        iat: now,
        exp: now.saturating_add(ttl_seconds),
        jti: jti.to_owned(),
    })
}

/// Builds the token request for a registration: `POST` to its token URL with
/// `grant_type=client_credentials`, the assertion (5-minute lifetime) and the scopes.
pub fn token_request(
    reg: &ToolRegistration,
    key: &SigningKey,
    scopes: &[&str],
    now: i64,
    jti: &str,
) -> Result<http::Request<Vec<u8>>, TokenError> {
    let url = reg.token_url.as_deref().ok_or_else(|| {
        TokenError::new(codes::SERVICE_REQUEST, "the registration has no token URL")
    })?;
    let aud = reg.token_audience.as_deref().unwrap_or(url);
    let assertion = client_assertion(key, &reg.client_id, aud, now, 300, jti)?;
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("client_assertion_type", JWT_BEARER)
        .append_pair("client_assertion", &assertion)
        .append_pair("scope", &scopes.join(" "))
        .finish();
    http::Request::builder()
        .method(http::Method::POST)
        .uri(url)
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(http::header::ACCEPT, "application/json")
        .body(body.into_bytes())
        .map_err(|e| TokenError::new(codes::SERVICE_REQUEST, e.to_string()))
}

/// An access token with its expiry computed from the caller's clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccessToken {
    /// The token.
    pub access_token: String,
    /// `Bearer`.
    pub token_type: String,
    /// Lifetime in seconds, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// Granted scopes (space-separated), as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// `now + expires_in`, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// Other members.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

impl AccessToken {
    /// Whether the token is still usable at `now`, `margin` seconds before its expiry.
    pub fn is_fresh(&self, now: i64, margin: i64) -> bool {
        self.expires_at
            .is_none_or(|e| now.saturating_add(margin) < e)
    }

    /// The granted scopes.
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scope.as_deref().unwrap_or("").split_ascii_whitespace()
    }
}

#[derive(Deserialize)]
struct OAuthError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// Parses the token endpoint's response.
pub fn parse_token_response(
    response: &http::Response<Vec<u8>>,
    now: i64,
) -> Result<AccessToken, TokenError> {
    if !response.status().is_success() {
        let (oauth, msg) = match serde_json::from_slice::<OAuthError>(response.body()) {
            Ok(e) => (
                Some(e.error.clone()),
                format!("{}: {}", e.error, e.error_description.unwrap_or_default()),
            ),
            Err(_) => (
                None,
                String::from_utf8_lossy(response.body())
                    .chars()
                    .take(200)
                    .collect(),
            ),
        };
        let mut e = TokenError::new(
            codes::TOKEN_RESPONSE,
            format!("HTTP {}: {msg}", response.status().as_u16()),
        );
        e.oauth_error = oauth;
        return Err(e);
    }
    let mut t: AccessToken = serde_json::from_slice(response.body()).map_err(|e| {
        TokenError::new(codes::TOKEN_RESPONSE, format!("not a token response: {e}"))
    })?;
    if t.access_token.is_empty() {
        return Err(TokenError::new(
            codes::TOKEN_RESPONSE,
            "the token response has an empty access_token",
        ));
    }
    if !t.token_type.eq_ignore_ascii_case("bearer") {
        return Err(TokenError::new(
            codes::TOKEN_RESPONSE,
            format!("token_type is {:?}, expected Bearer", t.token_type),
        ));
    }
    t.expires_at = t.expires_in.map(|s| now.saturating_add(s));
    Ok(t)
}

/// The cache key of a service token: issuer, client id and the sorted scopes.
pub fn cache_key(issuer: &str, client_id: &str, scopes: &[&str]) -> String {
    let mut s: Vec<&str> = scopes.to_vec();
    s.sort_unstable();
    s.dedup();
    // Length-prefixed parts: no separator inside a value can make two keys collide.
    format!(
        "{}:{issuer}|{}:{client_id}|{}",
        issuer.len(),
        client_id.len(),
        s.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_keys_differ_by_client() {
        assert_ne!(
            cache_key("https://p", "c1", &["a"]),
            cache_key("https://p", "c2", &["a"])
        );
        assert_eq!(
            cache_key("i", "c", &["b", "a", "a"]),
            cache_key("i", "c", &["a", "b"])
        );
        assert_ne!(cache_key("i|1", "c", &[]), cache_key("i", "1|c", &[]));
    }

    #[test]
    fn token_responses() {
        let ok = http::Response::builder()
            .body(
                br#"{"access_token":"t","token_type":"bearer","expires_in":3600,"scope":"a b"}"#
                    .to_vec(),
            )
            .unwrap();
        let t = parse_token_response(&ok, 100).unwrap();
        assert_eq!(t.expires_at, Some(3700));
        assert!(t.is_fresh(3000, 60) && !t.is_fresh(3650, 60));
        assert_eq!(t.scopes().collect::<Vec<_>>(), vec!["a", "b"]);
        let err = http::Response::builder()
            .status(400)
            .body(br#"{"error":"invalid_grant","error_description":"bad jwt"}"#.to_vec())
            .unwrap();
        let e = parse_token_response(&err, 0).unwrap_err();
        assert_eq!(e.code, codes::TOKEN_RESPONSE);
        assert_eq!(e.oauth_error.as_deref(), Some("invalid_grant"));
        let raw = http::Response::builder()
            .status(500)
            .body(b"oops".to_vec())
            .unwrap();
        assert!(
            parse_token_response(&raw, 0)
                .unwrap_err()
                .message
                .contains("oops")
        );
        for body in [
            &br#"{"access_token":"","token_type":"Bearer"}"#[..],
            br#"{"access_token":"t","token_type":"mac"}"#,
            b"[]",
        ] {
            let r = http::Response::builder().body(body.to_vec()).unwrap();
            assert_eq!(
                parse_token_response(&r, 0).unwrap_err().code,
                codes::TOKEN_RESPONSE
            );
        }
    }
}
