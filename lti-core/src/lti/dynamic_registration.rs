//! Dynamic Registration 1.0, tool side ([spec](https://www.imsglobal.org/spec/lti-dr/v1p0/)):
//! read and check the platform's OpenID configuration (issuer consistency), build the
//! registration request (the LTI tool configuration), read the response, and close the
//! registration window with a postMessage.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::codes;
use super::registration::ToolRegistration;
use super::service::{self, ServiceError};
use crate::location::Location;
use crate::problem::{Problem, Report};

const DR: &str = "Dynamic Registration 1.0 §3";

/// One message type a platform supports.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SupportedMessage {
    /// The message type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Placements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placements: Option<Vec<String>>,
    /// Other members.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

/// `https://purl.imsglobal.org/spec/lti-platform-configuration`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LtiPlatformConfiguration {
    /// Product family code.
    #[serde(default)]
    pub product_family_code: String,
    /// Version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Supported messages.
    #[serde(default)]
    pub messages_supported: Vec<SupportedMessage>,
    /// Supported substitution variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<Vec<String>>,
    /// Other members.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

/// The platform's OpenID configuration.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlatformConfiguration {
    /// Issuer.
    #[serde(default)]
    pub issuer: String,
    /// OIDC authentication endpoint.
    #[serde(default)]
    pub authorization_endpoint: String,
    /// Token endpoint.
    #[serde(default)]
    pub token_endpoint: String,
    /// Token endpoint authentication methods.
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Vec<String>,
    /// Token endpoint signing algorithms.
    #[serde(default)]
    pub token_endpoint_auth_signing_alg_values_supported: Vec<String>,
    /// JWKS URL.
    #[serde(default)]
    pub jwks_uri: String,
    /// Registration endpoint.
    #[serde(default)]
    pub registration_endpoint: String,
    /// Scopes.
    #[serde(default)]
    pub scopes_supported: Vec<String>,
    /// Response types.
    #[serde(default)]
    pub response_types_supported: Vec<String>,
    /// Subject types.
    #[serde(default)]
    pub subject_types_supported: Vec<String>,
    /// ID token signing algorithms.
    #[serde(default)]
    pub id_token_signing_alg_values_supported: Vec<String>,
    /// Claims.
    #[serde(default)]
    pub claims_supported: Vec<String>,
    /// The authorization server identity (client assertion `aud`), when it differs from the
    /// token endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_server: Option<String>,
    /// The LTI platform configuration.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-platform-configuration",
        skip_serializing_if = "Option::is_none"
    )]
    pub lti: Option<LtiPlatformConfiguration>,
    /// Other members.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

fn host_of(u: &str) -> Option<String> {
    url::Url::parse(u)
        .ok()?
        .host_str()
        .map(str::to_ascii_lowercase)
}

/// Parses and checks the platform configuration fetched from `config_url`. Errors: not JSON,
/// missing members, issuer not HTTPS or not a prefix of `config_url`, no LTI configuration,
/// no RS256. Warnings: endpoints on another host than the issuer.
pub fn parse_platform_configuration(
    body: &[u8],
    config_url: &str,
) -> Result<(PlatformConfiguration, Report), Report> {
    let mut r = Report::new();
    let cfg: PlatformConfiguration = match service::parse_body(body) {
        Ok(c) => c,
        Err(e) => {
            let at = match &e {
                ServiceError::Json { pointer, .. } => Location::json_pointer(pointer.clone()),
                _ => Location::Unknown,
            };
            r.push(
                Problem::error(codes::DR_JSON, e.to_string())
                    .at(at)
                    .spec(DR),
            );
            return Err(r);
        }
    };
    for (name, v) in [
        ("issuer", &cfg.issuer),
        ("authorization_endpoint", &cfg.authorization_endpoint),
        ("token_endpoint", &cfg.token_endpoint),
        ("jwks_uri", &cfg.jwks_uri),
        ("registration_endpoint", &cfg.registration_endpoint),
    ] {
        if v.is_empty() {
            r.push(
                Problem::error(codes::DR_FIELD_MISSING, format!("{name} is required"))
                    .at(Location::json_pointer(format!("/{name}")))
                    .spec(DR),
            );
        }
    }
    if !cfg.issuer.is_empty() {
        let https = super::message::is_https_issuer(&cfg.issuer);
        if !https || !config_url.starts_with(cfg.issuer.trim_end_matches('/')) {
            r.push(
                Problem::error(
                    codes::DR_ISSUER_MISMATCH,
                    format!("issuer {:?} must be an HTTPS URL that the configuration URL {config_url:?} starts with", cfg.issuer),
                )
                .at(Location::json_pointer("/issuer"))
                .spec("Dynamic Registration 1.0 §3.5.1"),
            );
        }
        let ih = host_of(&cfg.issuer);
        for (name, v) in [
            ("authorization_endpoint", &cfg.authorization_endpoint),
            ("token_endpoint", &cfg.token_endpoint),
            ("jwks_uri", &cfg.jwks_uri),
            ("registration_endpoint", &cfg.registration_endpoint),
        ] {
            if !v.is_empty() && host_of(v) != ih {
                r.push(
                    Problem::warning(
                        codes::DR_ENDPOINT_HOST,
                        format!("{name} {v:?} is not on the issuer's host"),
                    )
                    .at(Location::json_pointer(format!("/{name}")))
                    .spec(DR),
                );
            }
        }
    }
    if cfg.lti.is_none() {
        r.push(
            Problem::error(
                codes::DR_NOT_LTI,
                "the https://purl.imsglobal.org/spec/lti-platform-configuration member is missing",
            )
            .at(Location::json_pointer(
                "/https:~1~1purl.imsglobal.org~1spec~1lti-platform-configuration",
            ))
            .spec(DR),
        );
    }
    if !cfg
        .id_token_signing_alg_values_supported
        .iter()
        .any(|a| a == "RS256")
    {
        r.push(
            Problem::error(
                codes::DR_ALG,
                "id_token_signing_alg_values_supported must include RS256",
            )
            .at(Location::json_pointer(
                "/id_token_signing_alg_values_supported",
            ))
            .spec(DR),
        );
    }
    if !cfg.token_endpoint_auth_methods_supported.is_empty()
        && !cfg
            .token_endpoint_auth_methods_supported
            .iter()
            .any(|a| a == "private_key_jwt")
    {
        r.push(
            Problem::error(
                codes::DR_ALG,
                "token_endpoint_auth_methods_supported must include private_key_jwt",
            )
            .at(Location::json_pointer(
                "/token_endpoint_auth_methods_supported",
            ))
            .spec(DR),
        );
    }
    if r.has_errors() { Err(r) } else { Ok((cfg, r)) }
}

/// A message the tool offers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToolMessage {
    /// The message type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Launch URL for this message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_link_uri: Option<String>,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_uri: Option<String>,
    /// Custom parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_parameters: Option<BTreeMap<String, String>>,
    /// Placements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placements: Option<Vec<String>>,
    /// Roles allowed to see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// Other members.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

/// `https://purl.imsglobal.org/spec/lti-tool-configuration`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LtiToolConfiguration {
    /// The tool's domain.
    #[serde(default)]
    pub domain: String,
    /// Other domains.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_domains: Option<Vec<String>>,
    /// The deployment created (in the response).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_id: Option<String>,
    /// Default launch URL.
    #[serde(default)]
    pub target_link_uri: String,
    /// Custom parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_parameters: Option<BTreeMap<String, String>>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Messages.
    #[serde(default)]
    pub messages: Vec<ToolMessage>,
    /// Claims the tool wants.
    #[serde(default)]
    pub claims: Vec<String>,
    /// Other members.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

/// The tool configuration (OpenID client metadata plus the LTI member); the response adds
/// `client_id`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToolConfiguration {
    /// The client id (response only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// `web`.
    #[serde(default)]
    pub application_type: String,
    /// `["id_token"]`.
    #[serde(default)]
    pub response_types: Vec<String>,
    /// `["implicit", "client_credentials"]`.
    #[serde(default)]
    pub grant_types: Vec<String>,
    /// The tool's login initiation URL.
    #[serde(default)]
    pub initiate_login_uri: String,
    /// Launch redirect URIs.
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// Name.
    #[serde(default)]
    pub client_name: String,
    /// Home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_uri: Option<String>,
    /// Logo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_uri: Option<String>,
    /// Requested scopes, space-separated.
    #[serde(default)]
    pub scope: String,
    /// `private_key_jwt`.
    #[serde(default)]
    pub token_endpoint_auth_method: String,
    /// The tool's JWKS URL.
    #[serde(default)]
    pub jwks_uri: String,
    /// The LTI member.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-tool-configuration"
    )]
    pub lti: LtiToolConfiguration,
    /// Other members.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

impl ToolConfiguration {
    /// A configuration with the fixed OpenID values filled in.
    pub fn new(
        client_name: &str,
        initiate_login_uri: &str,
        redirect_uris: &[&str],
        jwks_uri: &str,
        lti: LtiToolConfiguration,
    ) -> Self {
        Self {
            client_id: None,
            application_type: "web".into(),
            response_types: vec!["id_token".into()],
            grant_types: vec!["implicit".into(), "client_credentials".into()],
            initiate_login_uri: initiate_login_uri.into(),
            redirect_uris: redirect_uris.iter().map(|s| (*s).to_owned()).collect(),
            client_name: client_name.into(),
            client_uri: None,
            logo_uri: None,
            scope: String::new(),
            token_endpoint_auth_method: "private_key_jwt".into(),
            jwks_uri: jwks_uri.into(),
            lti,
            extensions: BTreeMap::new(),
        }
    }
}

/// Builds the registration `POST` (with the one-time `registration_token` as bearer, when the
/// platform gave one).
pub fn registration_request(
    platform: &PlatformConfiguration,
    tool: &ToolConfiguration,
    registration_token: Option<&str>,
) -> Result<http::Request<Vec<u8>>, ServiceError> {
    let body = serde_json::to_vec(tool).map_err(|e| ServiceError::Request(e.to_string()))?;
    let mut b = http::Request::builder()
        .method(http::Method::POST)
        .uri(&platform.registration_endpoint)
        .header(http::header::CONTENT_TYPE, "application/json")
        .header(http::header::ACCEPT, "application/json");
    if let Some(t) = registration_token {
        b = b.header(http::header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(body)
        .map_err(|e| ServiceError::Request(e.to_string()))
}

/// Parses the registration response (the configuration with `client_id`).
pub fn parse_registration_response(
    response: &http::Response<Vec<u8>>,
) -> Result<ToolConfiguration, ServiceError> {
    let cfg: ToolConfiguration = service::parse_json(response)?;
    if cfg.client_id.as_deref().is_none_or(str::is_empty) {
        return Err(ServiceError::Json {
            pointer: "/client_id".into(),
            message: "the registration response has no client_id".into(),
        });
    }
    Ok(cfg)
}

/// The registration the tool keeps from the platform configuration and the response.
pub fn to_registration(
    platform: &PlatformConfiguration,
    response: &ToolConfiguration,
) -> ToolRegistration {
    let mut reg = ToolRegistration::new(
        platform.issuer.clone(),
        response.client_id.clone().unwrap_or_default(),
    )
    .with_auth_login_url(platform.authorization_endpoint.clone())
    .with_token_url(platform.token_endpoint.clone());
    reg.jwks_url = Some(platform.jwks_uri.clone());
    reg.token_audience = platform.authorization_server.clone();
    if let Some(d) = &response.lti.deployment_id {
        reg.deployment_ids.push(d.clone());
    }
    reg
}

/// The page that ends registration: tells the platform to close the registration window
/// (`{"subject":"org.imsglobal.lti.close"}` to the opener or parent).
pub fn closing_page() -> String {
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Registered</title></head><body>\n<p>Registration complete.</p>\n<script>(window.opener||window.parent).postMessage({subject:\"org.imsglobal.lti.close\"},\"*\");</script>\n</body></html>\n".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CFG: &str = r#"{"issuer":"https://platform.example.com","authorization_endpoint":"https://platform.example.com/auth","token_endpoint":"https://platform.example.com/token","token_endpoint_auth_methods_supported":["private_key_jwt"],"jwks_uri":"https://platform.example.com/jwks","registration_endpoint":"https://platform.example.com/register","id_token_signing_alg_values_supported":["RS256"],"https://purl.imsglobal.org/spec/lti-platform-configuration":{"product_family_code":"x","messages_supported":[{"type":"LtiResourceLinkRequest"}]}}"#;

    #[test]
    fn config_checks() {
        let (cfg, warnings) = parse_platform_configuration(
            CFG.as_bytes(),
            "https://platform.example.com/.well-known/openid-configuration",
        )
        .unwrap();
        assert!(warnings.is_empty());
        assert_eq!(
            cfg.lti.as_ref().unwrap().messages_supported[0].kind,
            "LtiResourceLinkRequest"
        );
        let r = parse_platform_configuration(
            CFG.as_bytes(),
            "https://evil.example/.well-known/openid-configuration",
        )
        .unwrap_err();
        assert!(r.has_code(codes::DR_ISSUER_MISMATCH));
        let moved = CFG.replace(
            "https://platform.example.com/token",
            "https://auth.other.example/token",
        );
        let (_, w) =
            parse_platform_configuration(moved.as_bytes(), "https://platform.example.com/x")
                .unwrap();
        assert!(w.has_code(codes::DR_ENDPOINT_HOST));
        let no_lti = CFG.replace(
            "https://purl.imsglobal.org/spec/lti-platform-configuration",
            "x",
        );
        assert!(
            parse_platform_configuration(no_lti.as_bytes(), "https://platform.example.com/x")
                .unwrap_err()
                .has_code(codes::DR_NOT_LTI)
        );
        let hs = CFG.replace("[\"RS256\"]", "[\"HS256\"]");
        assert!(
            parse_platform_configuration(hs.as_bytes(), "https://platform.example.com/x")
                .unwrap_err()
                .has_code(codes::DR_ALG)
        );
        let r = parse_platform_configuration(b"{\"issuer\": 3}", "x").unwrap_err();
        assert!(r.has_code(codes::DR_JSON));
        assert_eq!(
            r.iter().next().unwrap().location.as_json_pointer(),
            Some("/issuer")
        );
        let r = parse_platform_configuration(b"{}", "x").unwrap_err();
        assert!(r.has_code(codes::DR_FIELD_MISSING));
    }

    #[test]
    fn registration_round_trip() {
        let (cfg, _) = parse_platform_configuration(
            CFG.as_bytes(),
            "https://platform.example.com/.well-known/openid-configuration",
        )
        .unwrap();
        let lti = LtiToolConfiguration {
            domain: "tool.example".into(),
            target_link_uri: "https://tool.example/launch".into(),
            messages: vec![ToolMessage {
                kind: "LtiDeepLinkingRequest".into(),
                ..ToolMessage::default()
            }],
            claims: vec!["iss".into(), "sub".into()],
            ..LtiToolConfiguration::default()
        };
        let tool = ToolConfiguration::new(
            "T",
            "https://tool.example/login",
            &["https://tool.example/launch"],
            "https://tool.example/jwks",
            lti,
        );
        let req = registration_request(&cfg, &tool, Some("regtok")).unwrap();
        assert_eq!(req.uri(), "https://platform.example.com/register");
        assert_eq!(req.headers()["authorization"], "Bearer regtok");
        let mut answered: ToolConfiguration = serde_json::from_slice(req.body()).unwrap();
        assert_eq!(answered, tool);
        answered.client_id = Some("new-client".into());
        answered.lti.deployment_id = Some("dep-1".into());
        let resp = http::Response::builder()
            .body(serde_json::to_vec(&answered).unwrap())
            .unwrap();
        let parsed = parse_registration_response(&resp).unwrap();
        let reg = to_registration(&cfg, &parsed);
        assert_eq!(
            (reg.client_id.as_str(), reg.deployment_ids.as_slice()),
            ("new-client", &["dep-1".to_owned()][..])
        );
        assert_eq!(reg.auth_login_url, "https://platform.example.com/auth");
        let no_id = http::Response::builder()
            .body(serde_json::to_vec(&tool).unwrap())
            .unwrap();
        assert!(parse_registration_response(&no_id).is_err());
        assert!(closing_page().contains("org.imsglobal.lti.close"));
    }
}
