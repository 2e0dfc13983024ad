//! Keys: JWK and JWKS documents (parsed leniently, one bad key never hides the others), the
//! prepared [`KeySet`] the validators use, and [`SigningKey`] for the tool's and the platform's
//! own signatures, with JWKS publication.

use std::collections::BTreeMap;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::codes;
use super::registration::SigningAlg;

/// One JSON Web Key (RFC 7517), public members only; unknown members kept.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Jwk {
    /// Key type (`RSA`, `EC`, …).
    #[serde(default)]
    pub kty: String,
    /// Key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// Intended algorithm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// Intended use (`sig`).
    #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
    pub key_use: Option<String>,
    /// RSA modulus (base64url).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    /// RSA exponent (base64url).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    /// EC curve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    /// EC x coordinate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// EC y coordinate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    /// Other members.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

/// A JWKS document.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JwkSet {
    /// The keys.
    #[serde(default)]
    pub keys: Vec<Jwk>,
}

impl JwkSet {
    /// Parses a JWKS document.
    pub fn from_json(text: &[u8]) -> Result<Self, KeyError> {
        serde_json::from_slice(text).map_err(|e| KeyError::Jwks(e.to_string()))
    }

    /// The document as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The key with this `kid`.
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| k.kid.as_deref() == Some(kid))
    }
}

/// A key problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// Not a usable RSA private or public key in PEM.
    #[error("not a usable RSA PEM key: {0}")]
    Pem(String),
    /// Not a JWKS document.
    #[error("not a JWKS document: {0}")]
    Jwks(String),
    /// Signing failed.
    #[error("signing failed: {0}")]
    Sign(String),
}

impl KeyError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Pem(_) => codes::KEY_PEM,
            Self::Jwks(_) => codes::KEY_JWKS_JSON,
            Self::Sign(_) => codes::SIGN,
        }
    }
}

/// A key of a [`KeySet`], prepared for verification.
#[derive(Clone)]
pub(crate) struct PreparedKey {
    pub(crate) jwk: Jwk,
    /// `None` when the JWK's material does not decode (reported as `lti.jwt.key-invalid`).
    pub(crate) key: Option<DecodingKey>,
}

impl std::fmt::Debug for PreparedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedKey")
            .field("jwk", &self.jwk)
            .field("usable", &self.key.is_some())
            .finish()
    }
}

/// A key set prepared for verification: each key's material is decoded once, when the set is
/// built, not at every launch. Build a new one when the caller refetches the JWKS.
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    keys: Vec<PreparedKey>,
}

impl KeySet {
    /// Prepares a JWKS.
    pub fn from_jwks(jwks: &JwkSet) -> Self {
        Self {
            keys: jwks
                .keys
                .iter()
                .map(|jwk| PreparedKey {
                    key: decoding_key(jwk),
                    jwk: jwk.clone(),
                })
                .collect(),
        }
    }

    /// Parses and prepares a JWKS document.
    pub fn from_json(text: &[u8]) -> Result<Self, KeyError> {
        Ok(Self::from_jwks(&JwkSet::from_json(text)?))
    }

    /// Adds an RSA public key in PEM under a `kid` (for platforms configured with a PEM).
    pub fn add_rsa_pem(&mut self, kid: &str, pem: &[u8]) -> Result<(), KeyError> {
        let key = DecodingKey::from_rsa_pem(pem).map_err(|e| KeyError::Pem(e.to_string()))?;
        let (n, e) = rsa_components_from_public_pem(pem)?;
        self.keys.push(PreparedKey {
            jwk: Jwk {
                kty: "RSA".into(),
                kid: Some(kid.to_owned()),
                n: Some(n),
                e: Some(e),
                ..Jwk::default()
            },
            key: Some(key),
        });
        Ok(())
    }

    pub(crate) fn find(&self, kid: &str) -> Option<&PreparedKey> {
        self.keys.iter().find(|k| k.jwk.kid.as_deref() == Some(kid))
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there is no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

fn decoding_key(jwk: &Jwk) -> Option<DecodingKey> {
    match jwk.kty.as_str() {
        "RSA" => DecodingKey::from_rsa_components(jwk.n.as_deref()?, jwk.e.as_deref()?).ok(),
        "EC" => DecodingKey::from_ec_components(jwk.x.as_deref()?, jwk.y.as_deref()?).ok(),
        _ => None,
    }
}

fn rsa_components_from_public_pem(pem: &[u8]) -> Result<(String, String), KeyError> {
    // jsonwebtoken's JWK conversion extracts the modulus and exponent from the SPKI.
    let dk = DecodingKey::from_rsa_pem(pem).map_err(|e| KeyError::Pem(e.to_string()))?;
    let jwk = jsonwebtoken::jwk::Jwk::from_decoding_key(&dk, Some(Algorithm::RS256))
        .map_err(|e| KeyError::Pem(e.to_string()))?;
    match jwk.algorithm {
        jsonwebtoken::jwk::AlgorithmParameters::RSA(p) => Ok((p.n, p.e)),
        _ => Err(KeyError::Pem("not an RSA key".into())),
    }
}

/// A private signing key with its `kid` (the tool's key for deep-linking responses and client
/// assertions; the platform's key for launches).
#[derive(Clone)]
pub struct SigningKey {
    kid: String,
    alg: SigningAlg,
    key: EncodingKey,
    public: Jwk,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .field("key", &"[redacted]")
            .finish()
    }
}

impl SigningKey {
    /// An RS256 key from an RSA private key in PEM (PKCS#1 or PKCS#8).
    pub fn from_rsa_pem(kid: impl Into<String>, pem: &[u8]) -> Result<Self, KeyError> {
        let kid = kid.into();
        let key = EncodingKey::from_rsa_pem(pem).map_err(|e| KeyError::Pem(e.to_string()))?;
        let jwk = jsonwebtoken::jwk::Jwk::from_encoding_key(&key, Algorithm::RS256)
            .map_err(|e| KeyError::Pem(e.to_string()))?;
        let (n, e) = match jwk.algorithm {
            jsonwebtoken::jwk::AlgorithmParameters::RSA(p) => (p.n, p.e),
            _ => return Err(KeyError::Pem("not an RSA key".into())),
        };
        Ok(Self {
            public: Jwk {
                kty: "RSA".into(),
                kid: Some(kid.clone()),
                alg: Some("RS256".into()),
                key_use: Some("sig".into()),
                n: Some(n),
                e: Some(e),
                ..Jwk::default()
            },
            kid,
            alg: SigningAlg::RS256,
            key,
        })
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public half as a JWK (with `kid`, `alg`, `use: sig`).
    pub fn public_jwk(&self) -> &Jwk {
        &self.public
    }

    /// Signs claims as a compact JWS with `typ: JWT`, `alg` and `kid` in the header.
    pub fn sign<T: Serialize>(&self, claims: &T) -> Result<String, KeyError> {
        let mut header = Header::new(to_jwt_alg(self.alg));
        header.kid = Some(self.kid.clone());
        header.typ = Some("JWT".into());
        jsonwebtoken::encode(&header, claims, &self.key).map_err(|e| KeyError::Sign(e.to_string()))
    }
}

/// Publishes a JWKS document from signing keys (keep retired keys in the list during rotation).
pub fn publish_jwks<'a>(keys: impl IntoIterator<Item = &'a SigningKey>) -> JwkSet {
    JwkSet {
        keys: keys.into_iter().map(|k| k.public.clone()).collect(),
    }
}

pub(crate) fn to_jwt_alg(alg: SigningAlg) -> Algorithm {
    match alg {
        SigningAlg::RS256 => Algorithm::RS256,
        SigningAlg::RS384 => Algorithm::RS384,
        SigningAlg::RS512 => Algorithm::RS512,
        SigningAlg::PS256 => Algorithm::PS256,
        SigningAlg::PS384 => Algorithm::PS384,
        SigningAlg::PS512 => Algorithm::PS512,
        SigningAlg::ES256 => Algorithm::ES256,
        SigningAlg::ES384 => Algorithm::ES384,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOOL: &[u8] = include_bytes!("../../tests/fixtures/keys/tool.pem");
    const TOOL_PUB: &[u8] = include_bytes!("../../tests/fixtures/keys/tool.pub.pem");

    #[test]
    fn publish_and_prepare() {
        let k = SigningKey::from_rsa_pem("k1", TOOL).unwrap();
        assert_eq!(k.kid(), "k1");
        assert!(format!("{k:?}").contains("redacted"));
        let set = publish_jwks([&k]);
        let json = set.to_json();
        assert!(json.contains("\"kid\":\"k1\"") && json.contains("\"use\":\"sig\""));
        let parsed = JwkSet::from_json(json.as_bytes()).unwrap();
        assert_eq!(parsed, set);
        assert!(parsed.find("k1").is_some() && parsed.find("k2").is_none());
        let ks = KeySet::from_jwks(&parsed);
        assert_eq!(ks.len(), 1);
        assert!(ks.find("k1").unwrap().key.is_some());
        let mut ks2 = KeySet::default();
        assert!(ks2.is_empty());
        ks2.add_rsa_pem("pem", TOOL_PUB).unwrap();
        assert_eq!(ks2.find("pem").unwrap().jwk.n, k.public_jwk().n);
    }

    #[test]
    fn bad_keys() {
        assert_eq!(
            SigningKey::from_rsa_pem("k", b"nope").unwrap_err().code(),
            codes::KEY_PEM
        );
        assert_eq!(
            JwkSet::from_json(b"{").unwrap_err().code(),
            codes::KEY_JWKS_JSON
        );
        let ks = KeySet::from_json(
            br#"{"keys":[{"kty":"RSA","kid":"a","n":"!!","e":"AQAB"},{"kty":"oct","kid":"b"}]}"#,
        )
        .unwrap();
        assert!(ks.find("a").unwrap().key.is_none());
        assert!(ks.find("b").unwrap().key.is_none());
        assert!(KeySet::default().add_rsa_pem("x", b"junk").is_err());
    }
}
