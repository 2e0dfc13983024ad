//! What a tool knows about a platform: registrations keyed by `(issuer, client_id)` with their
//! deployments, policy (algorithms, leeway, token age, anonymous launches, enabled message
//! types, trusted extra audiences) and the lookup the OIDC login needs.
//!
//! One issuer may have many client ids (one per tool registration) and each client id many
//! deployments; lookups never key on the issuer alone.

use serde::{Deserialize, Serialize};

use super::claims::MessageType;

/// A JWS algorithm a registration accepts. HMAC algorithms and `none` are not representable:
/// symmetric signatures are forbidden for LTI (1EdTech Security Framework §6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum SigningAlg {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (the LTI default and the only one certification uses).
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256.
    PS256,
    /// RSASSA-PSS with SHA-384.
    PS384,
    /// RSASSA-PSS with SHA-512.
    PS512,
    /// ECDSA P-256 with SHA-256.
    ES256,
    /// ECDSA P-384 with SHA-384.
    ES384,
}

impl SigningAlg {
    /// Every asymmetric algorithm this crate can verify.
    pub const ALL_ASYMMETRIC: [Self; 8] = [
        Self::RS256,
        Self::RS384,
        Self::RS512,
        Self::PS256,
        Self::PS384,
        Self::PS512,
        Self::ES256,
        Self::ES384,
    ];

    /// Parses a JOSE `alg` value (only asymmetric algorithms).
    pub fn parse(alg: &str) -> Option<Self> {
        Some(match alg {
            "RS256" => Self::RS256,
            "RS384" => Self::RS384,
            "RS512" => Self::RS512,
            "PS256" => Self::PS256,
            "PS384" => Self::PS384,
            "PS512" => Self::PS512,
            "ES256" => Self::ES256,
            "ES384" => Self::ES384,
            _ => return None,
        })
    }

    /// The JOSE `alg` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RS256 => "RS256",
            Self::RS384 => "RS384",
            Self::RS512 => "RS512",
            Self::PS256 => "PS256",
            Self::PS384 => "PS384",
            Self::PS512 => "PS512",
            Self::ES256 => "ES256",
            Self::ES384 => "ES384",
        }
    }

    /// The JWK `kty` a key for this algorithm has.
    pub fn key_type(self) -> &'static str {
        match self {
            Self::ES256 | Self::ES384 => "EC",
            _ => "RSA",
        }
    }
}

fn default_algs() -> Vec<SigningAlg> {
    vec![SigningAlg::RS256]
}
fn default_leeway() -> i64 {
    60
}
fn default_max_age() -> i64 {
    3600
}
fn default_true() -> bool {
    true
}

/// A tool's registration with one platform client id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToolRegistration {
    /// The platform issuer, compared exactly.
    pub issuer: String,
    /// The client id the platform gave the tool.
    pub client_id: String,
    /// Deployment ids registered for this client id.
    #[serde(default)]
    pub deployment_ids: Vec<String>,
    /// The platform's OIDC authentication endpoint (where the login redirect goes).
    #[serde(default)]
    pub auth_login_url: String,
    /// The platform's OAuth 2 token endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// The `aud` to put in client assertions when the platform wants something other than the
    /// token URL (some platforms name their authorization server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_audience: Option<String>,
    /// The platform's JWKS URL (the caller fetches it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwks_url: Option<String>,
    /// Accepted JWS algorithms (default: RS256 only).
    #[serde(default = "default_algs")]
    pub allowed_algs: Vec<SigningAlg>,
    /// Clock leeway in seconds for `exp`, `iat`, `nbf` (default 60).
    #[serde(default = "default_leeway")]
    pub leeway_seconds: i64,
    /// Oldest accepted `iat`, in seconds before now (default 3600).
    #[serde(default = "default_max_age")]
    pub max_token_age_seconds: i64,
    /// Whether anonymous launches (no `sub`) are accepted (default true, as LTI Core §5.3.6.1
    /// allows them).
    #[serde(default = "default_true")]
    pub allow_anonymous: bool,
    /// Message types the tool accepts from this platform; empty = every platform-originating
    /// type this crate knows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enabled_message_types: Vec<String>,
    /// Extra audiences the tool trusts besides its client id (default: none, so a token
    /// addressed to other parties too is rejected).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trusted_audiences: Vec<String>,
    /// Whether an `aud` array with several audiences must carry `azp` (default true; the spec
    /// says SHOULD).
    #[serde(default = "default_true")]
    pub require_azp_for_multiple_audiences: bool,
    /// URIs the login `target_link_uri` may name; empty = any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_target_link_uris: Vec<String>,
}

impl ToolRegistration {
    /// A registration with the defaults.
    pub fn new(issuer: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            client_id: client_id.into(),
            deployment_ids: Vec::new(),
            auth_login_url: String::new(),
            token_url: None,
            token_audience: None,
            jwks_url: None,
            allowed_algs: default_algs(),
            leeway_seconds: default_leeway(),
            max_token_age_seconds: default_max_age(),
            allow_anonymous: true,
            enabled_message_types: Vec::new(),
            trusted_audiences: Vec::new(),
            require_azp_for_multiple_audiences: true,
            allowed_target_link_uris: Vec::new(),
        }
    }

    /// Adds a deployment.
    #[must_use]
    pub fn with_deployment(mut self, deployment_id: impl Into<String>) -> Self {
        self.deployment_ids.push(deployment_id.into());
        self
    }

    /// Sets the OIDC authentication endpoint.
    #[must_use]
    pub fn with_auth_login_url(mut self, url: impl Into<String>) -> Self {
        self.auth_login_url = url.into();
        self
    }

    /// Sets the token endpoint.
    #[must_use]
    pub fn with_token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Whether the deployment is registered.
    pub fn has_deployment(&self, deployment_id: &str) -> bool {
        self.deployment_ids.iter().any(|d| d == deployment_id)
    }

    /// Whether the message type is enabled.
    pub fn accepts_message_type(&self, mt: &MessageType) -> bool {
        if self.enabled_message_types.is_empty() {
            mt.is_platform_originating()
        } else {
            self.enabled_message_types.iter().any(|t| t == mt.as_str())
        }
    }

    /// Whether the algorithm is allowed.
    pub fn allows_alg(&self, alg: SigningAlg) -> bool {
        self.allowed_algs.contains(&alg)
    }
}

/// Why a registration lookup failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LookupError {
    /// No registration for the issuer (and client id).
    Unknown,
    /// The issuer has several registrations and no client id was given.
    Ambiguous,
}

/// The tool's registrations.
///
/// In serde, a list of [`ToolRegistration`]s; reading one back refuses a list that names the
/// same issuer and client id twice (which [`Registrations::add`] never keeps, and which would
/// make every lookup of that pair ambiguous).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Registrations {
    items: Vec<ToolRegistration>,
}

impl Registrations {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a registration (replacing one with the same issuer and client id).
    pub fn add(&mut self, reg: ToolRegistration) {
        self.items
            .retain(|r| !(r.issuer == reg.issuer && r.client_id == reg.client_id));
        self.items.push(reg);
    }

    /// All registrations.
    pub fn iter(&self) -> impl Iterator<Item = &ToolRegistration> {
        self.items.iter()
    }

    /// Finds the registration for `(issuer, client_id)`; without a client id, succeeds only when
    /// the issuer has exactly one registration (Canvas sends only `iss` and `client_id`, others
    /// only `iss`).
    pub fn find(
        &self,
        issuer: &str,
        client_id: Option<&str>,
    ) -> Result<&ToolRegistration, LookupError> {
        let mut it = self
            .items
            .iter()
            .filter(|r| r.issuer == issuer && client_id.is_none_or(|c| r.client_id == c));
        let first = it.next().ok_or(LookupError::Unknown)?;
        if it.next().is_some() {
            return Err(LookupError::Ambiguous);
        }
        Ok(first)
    }
}

impl Registrations {
    /// The list as it is, or what it names twice (serde's reading).
    fn without_duplicates(items: Vec<ToolRegistration>) -> Result<Self, String> {
        let mut seen = std::collections::HashSet::with_capacity(items.len());
        for r in &items {
            if !seen.insert((r.issuer.as_str(), r.client_id.as_str())) {
                return Err(format!(
                    "issuer {:?} with client id {:?} is registered twice",
                    r.issuer, r.client_id
                ));
            }
        }
        Ok(Self { items })
    }
}

impl<'de> Deserialize<'de> for Registrations {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::without_duplicates(Vec::<ToolRegistration>::deserialize(d)?)
            .map_err(serde::de::Error::custom)
    }
}

impl FromIterator<ToolRegistration> for Registrations {
    fn from_iter<T: IntoIterator<Item = ToolRegistration>>(iter: T) -> Self {
        let mut r = Self::new();
        for reg in iter {
            r.add(reg);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrations_read_back_through_serde_refuse_a_pair_registered_twice() {
        let reg = |iss: &str, cid: &str| -> ToolRegistration {
            serde_json::from_value(serde_json::json!({"issuer": iss, "client_id": cid})).unwrap()
        };
        let regs: Registrations = [reg("i", "a"), reg("i", "b")].into_iter().collect();
        let json = serde_json::to_string(&regs).unwrap();
        assert!(json.starts_with('['), "{json}");
        assert_eq!(serde_json::from_str::<Registrations>(&json).unwrap(), regs);
        let twice = serde_json::to_string(&[reg("i", "a"), reg("j", "a"), reg("i", "a")]).unwrap();
        let err = serde_json::from_str::<Registrations>(&twice).unwrap_err();
        assert!(err.to_string().contains("registered twice"), "{err}");
    }

    #[test]
    fn lookup_many_clients_per_issuer() {
        let regs: Registrations = [
            ToolRegistration::new("https://p", "c1").with_deployment("d1"),
            ToolRegistration::new("https://p", "c2").with_deployment("d2"),
            ToolRegistration::new("https://q", "c1"),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            regs.find("https://p", Some("c2")).unwrap().deployment_ids,
            vec!["d2"]
        );
        assert_eq!(
            regs.find("https://p", None).unwrap_err(),
            LookupError::Ambiguous
        );
        assert_eq!(regs.find("https://q", None).unwrap().client_id, "c1");
        assert_eq!(
            regs.find("https://p/", Some("c1")).unwrap_err(),
            LookupError::Unknown
        );
        assert_eq!(
            regs.find("https://P", Some("c1")).unwrap_err(),
            LookupError::Unknown
        );
        assert_eq!(regs.iter().count(), 3);
    }

    #[test]
    fn policy() {
        let mut r = ToolRegistration::new("i", "c").with_deployment("d");
        assert!(r.has_deployment("d") && !r.has_deployment("e"));
        assert!(r.accepts_message_type(&MessageType::ResourceLinkRequest));
        assert!(!r.accepts_message_type(&MessageType::DeepLinkingResponse));
        r.enabled_message_types = vec!["LtiDeepLinkingRequest".into()];
        assert!(!r.accepts_message_type(&MessageType::ResourceLinkRequest));
        assert!(r.allows_alg(SigningAlg::RS256) && !r.allows_alg(SigningAlg::ES256));
        for a in [
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
        ] {
            assert_eq!(SigningAlg::parse(a).unwrap().as_str(), a);
        }
        assert_eq!(SigningAlg::parse("HS256"), None);
        assert_eq!(SigningAlg::ES256.key_type(), "EC");
        let json: ToolRegistration =
            serde_json::from_str(r#"{"issuer":"i","client_id":"c"}"#).unwrap();
        assert_eq!(json.leeway_seconds, 60);
        assert!(json.allow_anonymous);
        assert_eq!(json.allowed_algs, vec![SigningAlg::RS256]);
    }
}
