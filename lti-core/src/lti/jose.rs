//! The JWS checks every LTI token goes through (RFC 7515, 1EdTech Security Framework §5–6):
//! compact form, header, algorithm allow-list, `kid` lookup, key/algorithm fit, signature.
//! Each rejection has its own stable code; an unknown `kid` is distinct so the caller can
//! refetch the key set once.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::codes;
use super::keys::{KeySet, to_jwt_alg};
use super::registration::SigningAlg;
use crate::json::{UniqueValue, duplicate_member_name};

/// Largest token accepted by default (bytes).
pub const DEFAULT_MAX_TOKEN_BYTES: usize = 64 * 1024;

/// A JWS check failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
#[non_exhaustive]
pub struct JoseError {
    /// Stable code (see [`codes`]).
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
}

impl JoseError {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// Whether the caller should refetch the key set and try once more.
    pub fn should_refresh_keys(&self) -> bool {
        self.code == codes::JWT_KID_UNKNOWN
    }
}

/// The JOSE header members LTI cares about.
#[derive(Debug, Clone, Default, Deserialize)]
#[non_exhaustive]
pub struct JwsHeader {
    /// Algorithm.
    pub alg: String,
    /// Key id.
    #[serde(default)]
    pub kid: Option<String>,
    /// Type.
    #[serde(default)]
    pub typ: Option<String>,
    /// JWK Set URL (ignored, never fetched).
    #[serde(default)]
    pub jku: Option<Value>,
    /// Embedded key (ignored).
    #[serde(default)]
    pub jwk: Option<Value>,
    /// X.509 URL (ignored, never fetched).
    #[serde(default)]
    pub x5u: Option<Value>,
    /// X.509 chain (ignored).
    #[serde(default)]
    pub x5c: Option<Value>,
    /// Critical extensions.
    #[serde(default)]
    pub crit: Option<Value>,
}

impl JwsHeader {
    /// Whether the header carries a key reference the checks ignore (`jku`, `jwk`, `x5u`, `x5c`).
    pub fn has_key_reference(&self) -> bool {
        self.jku.is_some() || self.jwk.is_some() || self.x5u.is_some() || self.x5c.is_some()
    }
}

/// A compact JWS split and decoded, not yet verified.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    /// The header.
    pub header: JwsHeader,
    /// The payload claims.
    pub payload: Map<String, Value>,
    signing_input: &'a str,
    signature: &'a str,
}

/// Splits and decodes a compact JWS without verifying it (for `ims lti decode`, for choosing
/// a registration by the unverified `iss`, and as the first step of verification).
pub fn decode(token: &str, max_bytes: usize) -> Result<Decoded<'_>, JoseError> {
    let token = token.trim();
    if token.len() > max_bytes {
        return Err(JoseError::new(
            codes::JWT_TOO_LARGE,
            format!(
                "the token is {} bytes; the limit is {max_bytes}",
                token.len()
            ),
        ));
    }
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JoseError::new(
            codes::JWT_MALFORMED,
            format!(
                "a compact JWS has 3 dot-separated parts; this has {}",
                token.split('.').count()
            ),
        ));
    };
    let header_bytes = b64(h, "header")?;
    let payload_bytes = b64(p, "payload")?;
    if !s.bytes().all(is_b64url) {
        return Err(JoseError::new(
            codes::JWT_BASE64,
            "the signature is not base64url",
        ));
    }
    // Both segments are read refusing duplicate member names (see `crate::json`).
    let unique = |bytes: &[u8], part: &str, code: &'static str| {
        UniqueValue::from_slice(bytes).map_err(|e| {
            let text = e.to_string();
            match duplicate_member_name(&text) {
                Some(name) => JoseError::new(
                    codes::JWT_DUPLICATE_MEMBER,
                    format!(
                        "the {part} names {name:?} twice in one object (line {}, column {} of the decoded {part})",
                        e.line(),
                        e.column()
                    ),
                ),
                None => JoseError::new(code, format!("the {part} is not JSON: {e}")),
            }
        })
    };
    let header: JwsHeader =
        serde_json::from_value(unique(&header_bytes, "header", codes::JWT_HEADER_JSON)?).map_err(
            |e| {
                JoseError::new(
                    codes::JWT_HEADER_JSON,
                    format!("the header is not a JSON object with a string alg: {e}"),
                )
            },
        )?;
    let Value::Object(payload) = unique(&payload_bytes, "payload", codes::JWT_PAYLOAD_JSON)? else {
        return Err(JoseError::new(
            codes::JWT_PAYLOAD_JSON,
            "the payload is not a JSON object",
        ));
    };
    Ok(Decoded {
        header,
        payload,
        signing_input: &token[..h.len() + 1 + p.len()],
        signature: s,
    })
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn b64(part: &str, what: &str) -> Result<Vec<u8>, JoseError> {
    if !part.bytes().all(is_b64url) {
        return Err(JoseError::new(
            codes::JWT_BASE64,
            format!("the {what} is not unpadded base64url"),
        ));
    }
    URL_SAFE_NO_PAD.decode(part).map_err(|e| {
        JoseError::new(
            codes::JWT_BASE64,
            format!("the {what} is not base64url: {e}"),
        )
    })
}

/// The header of a compact JWS as raw JSON, without any verification (for display).
pub fn decode_header_json(token: &str) -> Result<Value, JoseError> {
    let token = token.trim();
    let h = token.split('.').next().unwrap_or("");
    let bytes = b64(h, "header")?;
    serde_json::from_slice(&bytes).map_err(|e| {
        JoseError::new(
            codes::JWT_HEADER_JSON,
            format!("the header is not JSON: {e}"),
        )
    })
}

/// Checks the header's algorithm against the allow-list.
pub fn check_alg(header: &JwsHeader, allowed: &[SigningAlg]) -> Result<SigningAlg, JoseError> {
    let alg = header.alg.as_str();
    if alg.eq_ignore_ascii_case("none") {
        return Err(JoseError::new(
            codes::JWT_ALG_NONE,
            "alg is none: unsigned tokens are never accepted",
        ));
    }
    if alg.starts_with("HS") {
        return Err(JoseError::new(
            codes::JWT_ALG_SYMMETRIC,
            format!(
                "alg is {alg}: symmetric algorithms are forbidden (a public key must never act as an HMAC secret)"
            ),
        ));
    }
    let Some(parsed) = SigningAlg::parse(alg) else {
        return Err(JoseError::new(
            codes::JWT_ALG_UNSUPPORTED,
            format!("alg {alg:?} is not a supported JWS algorithm"),
        ));
    };
    if !allowed.contains(&parsed) {
        return Err(JoseError::new(
            codes::JWT_ALG_NOT_ALLOWED,
            format!(
                "alg {alg} is not allowed for this registration (allowed: {})",
                allowed
                    .iter()
                    .map(|a| a.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    if header.crit.is_some() {
        return Err(JoseError::new(
            codes::JWT_CRIT,
            "the header lists crit extensions this implementation does not understand",
        ));
    }
    Ok(parsed)
}

/// Verifies the signature with the key named by `kid`.
pub fn verify(decoded: &Decoded<'_>, alg: SigningAlg, keys: &KeySet) -> Result<(), JoseError> {
    let Some(kid) = decoded.header.kid.as_deref() else {
        return Err(JoseError::new(
            codes::JWT_KID_MISSING,
            "the header has no kid",
        ));
    };
    let Some(key) = keys.find(kid) else {
        return Err(JoseError::new(
            codes::JWT_KID_UNKNOWN,
            format!("no key with kid {kid:?} in the key set: refresh the key set and retry once"),
        ));
    };
    if key.jwk.kty != alg.key_type() {
        return Err(JoseError::new(
            codes::JWT_KEY_MISMATCH,
            format!(
                "key {kid:?} has kty {:?}, but alg {} needs {}",
                key.jwk.kty,
                alg.as_str(),
                alg.key_type()
            ),
        ));
    }
    if let Some(key_alg) = key.jwk.alg.as_deref()
        && key_alg != alg.as_str()
    {
        return Err(JoseError::new(
            codes::JWT_KEY_MISMATCH,
            format!(
                "key {kid:?} is for {key_alg}, the token says {}",
                alg.as_str()
            ),
        ));
    }
    if let Some(u) = key.jwk.key_use.as_deref()
        && u != "sig"
    {
        return Err(JoseError::new(
            codes::JWT_KEY_USE,
            format!("key {kid:?} has use {u:?}, not sig"),
        ));
    }
    let Some(dk) = key.key.as_ref() else {
        return Err(JoseError::new(
            codes::JWT_KEY_INVALID,
            format!("key {kid:?} has unusable key material"),
        ));
    };
    match jsonwebtoken::crypto::verify(
        decoded.signature,
        decoded.signing_input.as_bytes(),
        dk,
        to_jwt_alg(alg),
    ) {
        Ok(true) => Ok(()),
        Ok(false) => Err(JoseError::new(
            codes::JWT_SIGNATURE,
            "the signature does not verify",
        )),
        Err(e) => Err(JoseError::new(
            codes::JWT_SIGNATURE,
            format!("the signature does not verify: {e}"),
        )),
    }
}

/// Decode + algorithm check + signature check in one call.
pub fn decode_verified<'a>(
    token: &'a str,
    allowed: &[SigningAlg],
    keys: &KeySet,
    max_bytes: usize,
) -> Result<Decoded<'a>, JoseError> {
    let d = decode(token, max_bytes)?;
    let alg = check_alg(&d.header, allowed)?;
    verify(&d, alg, keys)?;
    Ok(d)
}
