//! The platform side: check the tool's authentication request, issue signed launches for every
//! message type, verify deep-linking responses (tool-originating JWT rules, Security Framework
//! §5.2), verify client assertions at the token endpoint with `jti` replay protection, answer
//! with tokens. JWKS publication is [`crate::lti::keys::publish_jwks`]; score parsing and
//! membership responses are in [`crate::lti::ags`] and [`crate::lti::nrps`].

use serde::Serialize;
use serde_json::{Map, Value};

use super::claims::{Audience, Claims, DeploymentId, MessageType, ResourceLink, uri};
use super::codes;
use super::deep_linking::{self, ContentItem, DeepLinkingSettings};
use super::jose::{self, DEFAULT_MAX_TOKEN_BYTES};
use super::keys::{KeySet, SigningKey};
use super::launch::{LaunchError, NonceStatus, NonceStore, check_audience, str_claim, time_claim};
use super::message::{self, CheckOptions, Origin};
use super::registration::SigningAlg;
use super::roles::Role;
use crate::problem::{Report, Severity};

/// A rejected request or message on the platform side (same shape as a launch error).
pub type PlatformError = LaunchError;

/// The tool's OIDC authentication request (the redirect from its login endpoint).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub struct AuthRequest {
    /// `openid`.
    pub scope: String,
    /// `id_token`.
    pub response_type: String,
    /// `form_post`.
    pub response_mode: String,
    /// `none`.
    pub prompt: String,
    /// The tool's client id.
    pub client_id: String,
    /// Where to post the launch.
    pub redirect_uri: String,
    /// The login hint the platform sent.
    pub login_hint: String,
    /// The message hint the platform sent.
    pub lti_message_hint: Option<String>,
    /// The tool's state.
    pub state: Option<String>,
    /// The tool's nonce.
    pub nonce: String,
}

impl AuthRequest {
    /// Parses the query string (GET) or form body (POST).
    pub fn parse(query: &[u8]) -> Self {
        let mut r = Self::default();
        for (k, v) in form_urlencoded::parse(query) {
            let v = v.into_owned();
            match k.as_ref() {
                "scope" => r.scope = v,
                "response_type" => r.response_type = v,
                "response_mode" => r.response_mode = v,
                "prompt" => r.prompt = v,
                "client_id" => r.client_id = v,
                "redirect_uri" => r.redirect_uri = v,
                "login_hint" => r.login_hint = v,
                "lti_message_hint" => r.lti_message_hint = Some(v),
                "state" => r.state = Some(v),
                "nonce" => r.nonce = v,
                _ => {}
            }
        }
        r
    }
}

/// What the platform knows about a tool.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct ToolRecord {
    /// Client id.
    pub client_id: String,
    /// Registered redirect URIs (exact match).
    pub redirect_uris: Vec<String>,
    /// Deployment ids.
    pub deployment_ids: Vec<String>,
}

impl ToolRecord {
    /// A tool record.
    pub fn new(
        client_id: impl Into<String>,
        redirect_uris: &[&str],
        deployment_ids: &[&str],
    ) -> Self {
        Self {
            client_id: client_id.into(),
            redirect_uris: redirect_uris.iter().map(|s| (*s).to_owned()).collect(),
            deployment_ids: deployment_ids.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}

/// What the platform sent in its login initiation, to compare with the auth request.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct PendingLogin {
    /// The login hint sent.
    pub login_hint: String,
    /// The message hint sent.
    pub lti_message_hint: Option<String>,
}

impl PendingLogin {
    /// A pending login.
    pub fn new(login_hint: impl Into<String>, lti_message_hint: Option<&str>) -> Self {
        Self {
            login_hint: login_hint.into(),
            lti_message_hint: lti_message_hint.map(str::to_owned),
        }
    }
}

fn fixed(name: &str, got: &str, want: &str) -> Result<(), PlatformError> {
    if got == want {
        Ok(())
    } else {
        Err(PlatformError::new(
            codes::AUTH_PARAM,
            format!("{name} is {got:?}; it must be {want:?}"),
        ))
    }
}

/// Checks the tool's authentication request (Security Framework §5.1.1.2, LTI Core §4.1):
/// fixed values, known client, registered redirect URI, login hint and message hint unaltered,
/// nonce present.
pub fn check_auth_request(
    req: &AuthRequest,
    tool: &ToolRecord,
    pending: &PendingLogin,
) -> Result<(), PlatformError> {
    fixed("scope", &req.scope, "openid")?;
    fixed("response_type", &req.response_type, "id_token")?;
    fixed("response_mode", &req.response_mode, "form_post")?;
    fixed("prompt", &req.prompt, "none")?;
    if req.client_id != tool.client_id {
        return Err(PlatformError::new(
            codes::AUTH_CLIENT_UNKNOWN,
            format!("client_id {:?} is not this tool", req.client_id),
        ));
    }
    if !tool.redirect_uris.iter().any(|u| u == &req.redirect_uri) {
        return Err(PlatformError::new(
            codes::AUTH_REDIRECT_URI,
            format!("redirect_uri {:?} is not registered", req.redirect_uri),
        ));
    }
    if req.login_hint != pending.login_hint {
        return Err(PlatformError::new(
            codes::AUTH_LOGIN_HINT,
            "login_hint does not match the login the platform started",
        ));
    }
    if req.lti_message_hint != pending.lti_message_hint {
        return Err(PlatformError::new(
            codes::AUTH_MESSAGE_HINT,
            "lti_message_hint was not returned unaltered",
        ));
    }
    if req.nonce.is_empty() {
        return Err(PlatformError::new(
            codes::AUTH_NONCE_MISSING,
            "the authentication request has no nonce",
        ));
    }
    Ok(())
}

/// Typed inputs of a launch: starts a claim set for a message type; fill in more claims on the
/// returned [`Claims`] before [`Platform::issue_launch`].
pub fn launch_claims(
    message_type: MessageType,
    deployment_id: &str,
    target_link_uri: &str,
    roles: Vec<Role>,
) -> Claims {
    Claims {
        message_type: Some(message_type),
        version: Some(super::LTI_VERSION.to_owned()),
        deployment_id: Some(DeploymentId::new(deployment_id)),
        target_link_uri: Some(target_link_uri.to_owned()),
        roles: Some(roles),
        ..Claims::default()
    }
}

/// A resource link launch's claims.
pub fn resource_link_claims(
    deployment_id: &str,
    target_link_uri: &str,
    resource_link: ResourceLink,
    roles: Vec<Role>,
) -> Claims {
    let mut c = launch_claims(
        MessageType::ResourceLinkRequest,
        deployment_id,
        target_link_uri,
        roles,
    );
    c.resource_link = Some(resource_link);
    c
}

/// A deep-linking request's claims.
pub fn deep_linking_claims(
    deployment_id: &str,
    target_link_uri: &str,
    settings: DeepLinkingSettings,
    roles: Vec<Role>,
) -> Claims {
    let mut c = launch_claims(
        MessageType::DeepLinkingRequest,
        deployment_id,
        target_link_uri,
        roles,
    );
    c.deep_linking_settings = Some(settings);
    c
}

/// A signed launch, ready to post.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct IssuedLaunch {
    /// The `id_token`.
    pub id_token: String,
    /// Where to post it (the checked `redirect_uri`).
    pub redirect_uri: String,
    /// The state to echo.
    pub state: Option<String>,
}

impl IssuedLaunch {
    /// The auto-submitting form posting `id_token` and `state`.
    pub fn form(&self) -> String {
        let mut fields = vec![("id_token", self.id_token.as_str())];
        if let Some(s) = &self.state {
            fields.push(("state", s.as_str()));
        }
        deep_linking::auto_submit_form(&self.redirect_uri, &fields)
    }
}

/// A platform: its issuer and signing key.
#[derive(Debug, Clone)]
pub struct Platform {
    issuer: String,
    key: SigningKey,
    leeway_seconds: i64,
}

/// A verified deep-linking response.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct VerifiedDeepLinkingResponse {
    /// The claim set.
    pub claims: Claims,
    /// The items.
    pub items: Vec<ContentItem>,
    /// Warnings (presentation targets, media types, …).
    pub warnings: Report,
}

/// A verified client assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct VerifiedClientAssertion {
    /// The client id.
    pub client_id: String,
    /// The requested scopes.
    pub scopes: Vec<String>,
    /// The assertion's `jti`.
    pub jti: String,
}

impl Platform {
    /// A platform with its issuer and key.
    pub fn new(issuer: impl Into<String>, key: SigningKey) -> Self {
        Self {
            issuer: issuer.into(),
            key,
            leeway_seconds: 60,
        }
    }

    /// The issuer.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The signing key.
    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    /// Issues a launch after checking the authentication request: fills `iss`, `aud`, `azp`,
    /// `iat`, `exp` (now + ttl), `nonce`, checks the claim set with the tool-side rules (so a
    /// malformed launch is never signed) and signs. `sub` is whatever `claims.sub` holds (`None`
    /// for an anonymous launch).
    pub fn issue_launch(
        &self,
        req: &AuthRequest,
        tool: &ToolRecord,
        pending: &PendingLogin,
        mut claims: Claims,
        now: i64,
        ttl_seconds: i64,
    ) -> Result<IssuedLaunch, PlatformError> {
        check_auth_request(req, tool, pending)?;
        if let Some(d) = &claims.deployment_id
            && !tool.deployment_ids.iter().any(|t| t == d.as_str())
        {
            return Err(PlatformError::new(
                codes::DEPLOYMENT_UNKNOWN,
                format!("deployment {d} is not one of the tool's"),
            ));
        }
        claims.iss = Some(self.issuer.clone());
        claims.aud = Some(Audience::One(tool.client_id.clone()));
        claims.azp = Some(tool.client_id.clone());
        claims.iat = Some(now);
        claims.exp = Some(now.saturating_add(ttl_seconds));
        claims.nonce = Some(req.nonce.clone());
        if claims.version.is_none() {
            claims.version = Some(super::LTI_VERSION.to_owned());
        }
        let value = claims.to_value();
        if let Value::Object(map) = &value {
            let report = message::check_claims(
                map,
                &CheckOptions {
                    origin: Origin::Platform,
                    check_jwt_claims: true,
                },
            );
            if let Some(p) = report.iter().find(|p| p.severity == Severity::Error) {
                let mut e = PlatformError::new(
                    super::launch::static_code(p.code.as_str()),
                    p.message.clone(),
                );
                e.pointer = p.location.as_json_pointer().map(str::to_owned);
                e.problems = report.clone();
                return Err(e);
            }
        }
        let id_token = self
            .key
            .sign(&value)
            .map_err(|e| PlatformError::new(e.code(), e.to_string()))?;
        Ok(IssuedLaunch {
            id_token,
            redirect_uri: req.redirect_uri.clone(),
            state: req.state.clone(),
        })
    }

    /// Verifies a deep-linking response (the `JWT` form field) against the request the platform
    /// sent: signature with the tool's key, `iss` = client id, `aud` contains the platform
    /// issuer, `azp`, `exp`/`iat`, `nonce` present and unseen, message type and version,
    /// deployment, `data` echoed, items against the settings.
    #[allow(
        clippy::too_many_arguments,
        reason = "each input is a distinct piece of the request context"
    )]
    pub fn verify_deep_linking_response(
        &self,
        jwt: &str,
        tool: &ToolRecord,
        tool_keys: &KeySet,
        request_settings: &DeepLinkingSettings,
        request_deployment: &str,
        now: i64,
        nonces: &dyn NonceStore,
    ) -> Result<VerifiedDeepLinkingResponse, PlatformError> {
        let d = jose::decode_verified(
            jwt,
            &[SigningAlg::RS256],
            tool_keys,
            DEFAULT_MAX_TOKEN_BYTES,
        )?;
        let map = d.payload;
        let iss = str_claim(&map, "iss")?
            .ok_or_else(|| PlatformError::new(codes::ISS_MISSING, "iss is missing").at("iss"))?;
        if iss != tool.client_id {
            return Err(PlatformError::new(
                codes::ISS_MISMATCH,
                format!("iss {iss:?} is not the tool's client id"),
            )
            .at("iss"));
        }
        // `azp`, when present, may name the platform (Security Framework §5.2.3) or the tool
        // itself (what the Deep Linking examples and several tool libraries send).
        check_audience(
            &map,
            &self.issuer,
            &[],
            true,
            &[self.issuer.as_str(), tool.client_id.as_str()],
        )?;
        let exp = self.check_times(&map, now)?;
        let nonce = str_claim(&map, "nonce")?.ok_or_else(|| {
            PlatformError::new(codes::NONCE_MISSING, "nonce is missing").at("nonce")
        })?;
        let nonce = nonce.to_owned();
        let mt = str_claim(&map, uri::MESSAGE_TYPE)?;
        if mt != Some("LtiDeepLinkingResponse") {
            return Err(PlatformError::new(
                if mt.is_none() {
                    codes::MESSAGE_TYPE_MISSING
                } else {
                    codes::MESSAGE_TYPE_DISABLED
                },
                format!("message_type is {mt:?}, expected LtiDeepLinkingResponse"),
            )
            .at(uri::MESSAGE_TYPE));
        }
        let report = message::check_claims(
            &map,
            &CheckOptions {
                origin: Origin::Tool,
                check_jwt_claims: false,
            },
        );
        if let Some(p) = report.iter().find(|p| p.severity == Severity::Error) {
            let mut e = PlatformError::new(
                super::launch::static_code(p.code.as_str()),
                p.message.clone(),
            );
            e.pointer = p.location.as_json_pointer().map(str::to_owned);
            e.problems = report.clone();
            return Err(e);
        }
        if str_claim(&map, uri::DEPLOYMENT_ID)? != Some(request_deployment) {
            return Err(PlatformError::new(
                codes::DL_RESPONSE_DEPLOYMENT,
                "deployment_id differs from the request's",
            )
            .at(uri::DEPLOYMENT_ID));
        }
        if str_claim(&map, uri::DL_DATA)? != request_settings.data.as_deref() {
            return Err(PlatformError::new(
                codes::DL_DATA_MISMATCH,
                "data does not echo the request's data",
            )
            .at(uri::DL_DATA));
        }
        let claims = Claims::from_value(Value::Object(map))
            .map_err(|e| PlatformError::new(codes::CLAIMS_TYPE, e.message))?;
        let items = claims.content_items.clone().unwrap_or_default();
        let mut checks = deep_linking::check_items(&items, request_settings);
        if let Some(p) = checks.iter().find(|p| p.severity == Severity::Error) {
            let mut e = PlatformError::new(
                super::launch::static_code(p.code.as_str()),
                p.message.clone(),
            );
            e.pointer = p.location.as_json_pointer().map(str::to_owned);
            e.problems = checks.clone();
            return Err(e);
        }
        checks.extend(report);
        if nonces.check_and_consume(
            &tool.client_id,
            &nonce,
            exp.saturating_add(self.leeway_seconds),
            now,
        ) == NonceStatus::Replayed
        {
            return Err(
                PlatformError::new(codes::NONCE_REPLAYED, "this nonce was already used")
                    .at("nonce"),
            );
        }
        Ok(VerifiedDeepLinkingResponse {
            claims,
            items,
            warnings: checks,
        })
    }

    fn check_times(&self, map: &Map<String, Value>, now: i64) -> Result<i64, PlatformError> {
        let leeway = self.leeway_seconds;
        let exp = time_claim(map, "exp", codes::EXP_TYPE)?
            .ok_or_else(|| PlatformError::new(codes::EXP_MISSING, "exp is missing").at("exp"))?;
        if now > exp.saturating_add(leeway) {
            return Err(PlatformError::new(codes::EXPIRED, "the token has expired").at("exp"));
        }
        if let Some(iat) = time_claim(map, "iat", codes::IAT_TYPE)?
            && iat > now.saturating_add(leeway)
        {
            return Err(PlatformError::new(codes::IAT_FUTURE, "iat is in the future").at("iat"));
        }
        if let Some(nbf) = time_claim(map, "nbf", codes::NBF_TYPE)?
            && nbf > now.saturating_add(leeway)
        {
            return Err(PlatformError::new(codes::NOT_YET_VALID, "nbf is in the future").at("nbf"));
        }
        Ok(exp)
    }

    /// Verifies a token request at the token endpoint (Security Framework §4.1.1): form
    /// values, then the client assertion's `iss` = `sub` = client id, signature with the tool's
    /// key (`tool_keys` looks the key set up by client id), `aud` names one of `audiences` (the
    /// token URL and/or the authorization server id), `exp`, and `jti` single use.
    pub fn verify_token_request<'k>(
        &self,
        form_body: &[u8],
        audiences: &[&str],
        tool_keys: impl Fn(&str) -> Option<&'k KeySet>,
        now: i64,
        jtis: &dyn NonceStore,
    ) -> Result<VerifiedClientAssertion, PlatformError> {
        let mut grant = None;
        let mut atype = None;
        let mut assertion = None;
        let mut scope = None;
        for (k, v) in form_urlencoded::parse(form_body) {
            match k.as_ref() {
                "grant_type" => grant = Some(v.into_owned()),
                "client_assertion_type" => atype = Some(v.into_owned()),
                "client_assertion" => assertion = Some(v.into_owned()),
                "scope" => scope = Some(v.into_owned()),
                _ => {}
            }
        }
        if grant.as_deref() != Some("client_credentials") {
            return Err(PlatformError::new(
                codes::TOKEN_GRANT_TYPE,
                format!("grant_type is {grant:?}, expected client_credentials"),
            ));
        }
        if atype.as_deref() != Some(super::token::JWT_BEARER) {
            return Err(PlatformError::new(
                codes::TOKEN_ASSERTION_TYPE,
                format!("client_assertion_type is {atype:?}"),
            ));
        }
        let (Some(assertion), Some(scope)) = (assertion, scope) else {
            return Err(PlatformError::new(
                codes::TOKEN_PARAM_MISSING,
                "client_assertion and scope are required",
            ));
        };
        let unverified = jose::decode(&assertion, DEFAULT_MAX_TOKEN_BYTES)?;
        let iss = str_claim(&unverified.payload, "iss")?
            .unwrap_or_default()
            .to_owned();
        let sub = str_claim(&unverified.payload, "sub")?.unwrap_or_default();
        if iss.is_empty() || iss != sub {
            return Err(PlatformError::new(
                codes::TOKEN_ISS_SUB,
                "iss and sub must both be the client id",
            )
            .at("iss"));
        }
        let keys = tool_keys(&iss).ok_or_else(|| {
            PlatformError::new(
                codes::AUTH_CLIENT_UNKNOWN,
                format!("unknown client {iss:?}"),
            )
            .at("iss")
        })?;
        let alg = jose::check_alg(&unverified.header, &[SigningAlg::RS256])?;
        jose::verify(&unverified, alg, keys)?;
        let map = unverified.payload;
        let aud_ok = match map.get("aud") {
            Some(Value::String(a)) => audiences.contains(&a.as_str()),
            Some(Value::Array(v)) => v
                .iter()
                .filter_map(Value::as_str)
                .any(|a| audiences.contains(&a)),
            _ => false,
        };
        if !aud_ok {
            return Err(PlatformError::new(
                codes::TOKEN_AUD,
                "aud does not name this token endpoint",
            )
            .at("aud"));
        }
        let exp = self.check_times(&map, now)?;
        let jti = str_claim(&map, "jti")?
            .filter(|j| !j.is_empty())
            .ok_or_else(|| {
                PlatformError::new(codes::TOKEN_JTI_MISSING, "jti is missing").at("jti")
            })?;
        if jtis.check_and_consume(&iss, jti, exp.saturating_add(self.leeway_seconds), now)
            == NonceStatus::Replayed
        {
            return Err(
                PlatformError::new(codes::TOKEN_JTI_REPLAYED, "this jti was already used")
                    .at("jti"),
            );
        }
        Ok(VerifiedClientAssertion {
            scopes: scope.split_ascii_whitespace().map(str::to_owned).collect(),
            jti: jti.to_owned(),
            client_id: iss,
        })
    }
}

/// The token endpoint's success response.
pub fn token_response(
    access_token: &str,
    expires_in: i64,
    scopes: &[&str],
) -> http::Response<Vec<u8>> {
    let body = serde_json::json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "scope": scopes.join(" "),
    });
    http::Response::builder()
        .status(200)
        .header(http::header::CONTENT_TYPE, "application/json")
        .header(http::header::CACHE_CONTROL, "no-store")
        .body(serde_json::to_vec(&body).unwrap_or_default())
        .unwrap_or_else(|_| http::Response::new(Vec::new()))
}
