//! Launch validation, tool side: every step of the Security Framework 1.0 §5.1.3
//! "Authentication Response Validation" and of LTI Core 1.3 §4–5, each rejection with its own
//! stable code (see [`codes`]).
//!
//! Order of the checks: launch form and `state` → compact JWS → `alg` allow-list (never `none`,
//! never HMAC) → `kid` (an unknown `kid` is [`LaunchErrorKind::RefreshKeys`]: refetch the JWKS
//! once and retry) → key/alg fit → signature → `iss` exact → `aud`/`azp` → `exp`/`iat`/`nbf`
//! against the caller's `now` with leeway → `nonce` equal to the issued one → LTI claims
//! (message type known and enabled, version, deployment registered and equal to the login's,
//! `target_link_uri` equal to the login's, `sub`, roles, per-type required claims) → nonce
//! consumed through the caller's [`NonceStore`] (single use) → [`VerifiedLaunch`].
//!
//! jsonwebtoken reads the system clock for `exp`/`nbf`; it is used here only for the signature
//! primitive, and every time check is done against `now`.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use serde_json::{Map, Value};

use super::claims::{self, Claims, DeploymentId, MessageType, uri};
use super::codes;
use super::jose::{self, DEFAULT_MAX_TOKEN_BYTES, JoseError};
use super::keys::KeySet;
use super::login::{LaunchForm, LoginState, StateLookup, StateStore};
use super::message::{self, CheckOptions, LtiMessage, Origin};
use super::registration::ToolRegistration;
use crate::location::Location;
use crate::problem::{Problem, Report, Severity};

/// Whether a nonce (or `jti`) was fresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NonceStatus {
    /// First use: now recorded.
    Fresh,
    /// Seen before.
    Replayed,
}

/// Single-use values: launch nonces (tool side) and client-assertion `jti`s (platform side).
/// `check_and_consume` must be atomic: record the value and say whether it was already there.
/// Implement it over a shared cache in a multi-process deployment.
pub trait NonceStore {
    /// Records `(scope, value)` until `expires_at` (Unix seconds) and says whether it was fresh.
    fn check_and_consume(&self, scope: &str, value: &str, expires_at: i64, now: i64)
    -> NonceStatus;
}

/// An in-process [`NonceStore`]; expired entries are purged as new ones arrive.
#[derive(Debug, Default)]
pub struct MemoryNonceStore {
    seen: Mutex<HashMap<(String, String), i64>>,
}

impl MemoryNonceStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl NonceStore for MemoryNonceStore {
    fn check_and_consume(
        &self,
        scope: &str,
        value: &str,
        expires_at: i64,
        now: i64,
    ) -> NonceStatus {
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if seen.len() > 1024 {
            seen.retain(|_, exp| *exp >= now);
        }
        let key = (scope.to_owned(), value.to_owned());
        match seen.get(&key) {
            Some(exp) if *exp >= now => NonceStatus::Replayed,
            _ => {
                seen.insert(key, expires_at);
                NonceStatus::Fresh
            }
        }
    }
}

/// What the tool expects, from its login step.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum Expected<'a> {
    /// The login state the caller found for this browser (cookie or session); `None` when it
    /// found none. The form's `state` must equal it.
    Login(Option<&'a LoginState>),
    /// Look the form's `state` up in (and consume it from) a server-side store.
    Store(&'a dyn StateStore),
    /// No login step (a test harness, the `ims lti verify` command): only the nonce is
    /// compared, when given; state and login-bound checks are skipped.
    Nonce(Option<&'a str>),
}

impl std::fmt::Debug for Expected<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Login(s) => f.debug_tuple("Login").field(s).finish(),
            Self::Store(_) => f.write_str("Store(..)"),
            Self::Nonce(n) => f.debug_tuple("Nonce").field(n).finish(),
        }
    }
}

/// How a launch failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum LaunchErrorKind {
    /// The `kid` is not in the key set: refetch the platform's JWKS (rate-limited) and validate
    /// once more with the new set.
    RefreshKeys,
    /// The launch is rejected.
    Rejected,
}

/// A rejected launch.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{code}: {message}")]
#[non_exhaustive]
pub struct LaunchError {
    /// Rejected, or refresh the keys.
    pub kind: LaunchErrorKind,
    /// Stable code of the first failing check.
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
    /// JSON pointer of the claim at fault, when it is about a claim.
    pub pointer: Option<String>,
    /// Every problem found by the claim checks (when the failure came from them), warnings
    /// included.
    pub problems: Report,
}

impl LaunchError {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            kind: if code == codes::JWT_KID_UNKNOWN {
                LaunchErrorKind::RefreshKeys
            } else {
                LaunchErrorKind::Rejected
            },
            code,
            message: message.into(),
            pointer: None,
            problems: Report::new(),
        }
    }

    pub(crate) fn at(mut self, pointer: &str) -> Self {
        self.pointer = Some(crate::location::json_pointer([pointer]));
        self
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Whether the caller should refetch the key set and retry once.
    pub fn should_refresh_keys(&self) -> bool {
        self.kind == LaunchErrorKind::RefreshKeys
    }

    /// The error as a problem (for reports).
    pub fn to_problem(&self) -> Problem {
        let mut p = Problem::error(self.code, self.message.clone());
        if let Some(ptr) = &self.pointer {
            p = p.at(Location::json_pointer(ptr.clone()));
        }
        p
    }
}

impl From<JoseError> for LaunchError {
    fn from(e: JoseError) -> Self {
        Self::new(e.code, e.message)
    }
}

/// A launch that passed every check. Only [`LaunchValidator::validate`] builds one.
#[derive(Debug, Clone, Serialize)]
pub struct VerifiedLaunch {
    claims: Claims,
    message: LtiMessage,
    issuer: String,
    client_id: String,
    deployment_id: DeploymentId,
    warnings: Report,
}

impl VerifiedLaunch {
    /// The full typed claim set (unknown claims in `extensions`).
    pub fn claims(&self) -> &Claims {
        &self.claims
    }
    /// The typed message.
    pub fn message(&self) -> &LtiMessage {
        &self.message
    }
    /// The message type.
    pub fn message_type(&self) -> MessageType {
        self.message.message_type()
    }
    /// The verified issuer.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }
    /// The client id (the registration's).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
    /// The verified deployment.
    pub fn deployment_id(&self) -> &DeploymentId {
        &self.deployment_id
    }
    /// The user id, `None` for an anonymous launch.
    pub fn user_id(&self) -> Option<&str> {
        self.claims.sub.as_deref()
    }
    /// Warnings of the claim checks (short or vendor roles, non-string custom values, …).
    pub fn warnings(&self) -> &Report {
        &self.warnings
    }
    /// Consumes the launch into its claims.
    pub fn into_claims(self) -> Claims {
        self.claims
    }
}

/// Validates launches for one registration with one key set.
#[derive(Debug, Clone)]
pub struct LaunchValidator<'a> {
    registration: &'a ToolRegistration,
    keys: &'a KeySet,
    max_token_bytes: usize,
    state_max_age_seconds: i64,
    target_link_uri: Option<&'a str>,
}

impl<'a> LaunchValidator<'a> {
    /// A validator for a registration and the platform's current key set.
    pub fn new(registration: &'a ToolRegistration, keys: &'a KeySet) -> Self {
        Self {
            registration,
            keys,
            max_token_bytes: DEFAULT_MAX_TOKEN_BYTES,
            state_max_age_seconds: 600,
            target_link_uri: None,
        }
    }

    /// Sets the `target_link_uri` the launch must carry when there is no login state to take
    /// it from ([`Expected::Nonce`]).
    #[must_use]
    pub fn expect_target_link_uri(mut self, uri: &'a str) -> Self {
        self.target_link_uri = Some(uri);
        self
    }

    /// Sets the largest accepted token (bytes; default 64 KiB).
    #[must_use]
    pub fn max_token_bytes(mut self, n: usize) -> Self {
        self.max_token_bytes = n;
        self
    }

    /// Sets how long a login state stays valid (seconds; default 600).
    #[must_use]
    pub fn state_max_age(mut self, seconds: i64) -> Self {
        self.state_max_age_seconds = seconds;
        self
    }

    /// Validates a launch.
    pub fn validate(
        &self,
        form: &LaunchForm,
        expected: Expected<'_>,
        now: i64,
        nonces: &dyn NonceStore,
    ) -> Result<VerifiedLaunch, LaunchError> {
        let reg = self.registration;
        // 1. state, bound to the browser or to the server-side store.
        let stored_owned;
        let login: Option<&LoginState> = match expected {
            Expected::Nonce(_) => None,
            Expected::Login(stored) => {
                let got = form.state.as_deref().ok_or_else(|| {
                    LaunchError::new(codes::STATE_MISSING, "the launch form has no state")
                })?;
                let stored = stored.ok_or_else(|| {
                    LaunchError::new(
                        codes::STATE_UNKNOWN,
                        "no login state is bound to this browser",
                    )
                })?;
                if stored.state != got {
                    return Err(LaunchError::new(
                        codes::STATE_MISMATCH,
                        "the launch state differs from the one stored for this browser",
                    ));
                }
                Some(stored)
            }
            Expected::Store(store) => {
                let got = form.state.as_deref().ok_or_else(|| {
                    LaunchError::new(codes::STATE_MISSING, "the launch form has no state")
                })?;
                match store.take(got) {
                    StateLookup::Found(s) => {
                        stored_owned = s;
                        Some(&stored_owned)
                    }
                    StateLookup::Consumed => {
                        return Err(LaunchError::new(
                            codes::STATE_REUSED,
                            "this state was already used by an earlier launch",
                        ));
                    }
                    StateLookup::Unknown => {
                        return Err(LaunchError::new(
                            codes::STATE_UNKNOWN,
                            "this state was not issued by the tool",
                        ));
                    }
                }
            }
        };
        if let Some(l) = login
            && now.saturating_sub(l.created_at) > self.state_max_age_seconds
        {
            return Err(LaunchError::new(
                codes::STATE_EXPIRED,
                format!(
                    "the login happened {} s ago; the limit is {} s",
                    now.saturating_sub(l.created_at),
                    self.state_max_age_seconds
                ),
            ));
        }

        if let Some(l) = login
            && (l.issuer != reg.issuer || l.client_id != reg.client_id)
        {
            return Err(LaunchError::new(
                codes::REGISTRATION_UNKNOWN,
                format!(
                    "the login state belongs to ({:?}, {:?}), not to this registration ({:?}, {:?})",
                    l.issuer, l.client_id, reg.issuer, reg.client_id
                ),
            ));
        }

        // 2–5. JWS: structure, alg, kid, key, signature.
        let decoded = jose::decode_verified(
            &form.id_token,
            &reg.allowed_algs,
            self.keys,
            self.max_token_bytes,
        )?;
        let mut warnings = Report::new();
        if decoded.header.has_key_reference() {
            warnings.push(Problem::warning(
                codes::JWT_HEADER_KEY_REFERENCE,
                "the header's jku/jwk/x5u/x5c are ignored and never fetched",
            ));
        }
        let map = decoded.payload;

        // 6. iss exact.
        let iss = str_claim(&map, "iss")?
            .ok_or_else(|| LaunchError::new(codes::ISS_MISSING, "iss is missing").at("iss"))?;
        if iss != reg.issuer || login.is_some_and(|l| l.issuer != iss) {
            return Err(LaunchError::new(
                codes::ISS_MISMATCH,
                format!("iss {iss:?} is not the registered issuer {:?}", reg.issuer),
            )
            .at("iss"));
        }

        // 7. aud / azp.
        check_audience(
            &map,
            &reg.client_id,
            &reg.trusted_audiences,
            reg.require_azp_for_multiple_audiences,
            &[reg.client_id.as_str()],
        )?;

        // 8. exp / iat / nbf against now.
        let leeway = reg.leeway_seconds.max(0);
        let exp = time_claim(&map, "exp", codes::EXP_TYPE)?
            .ok_or_else(|| LaunchError::new(codes::EXP_MISSING, "exp is missing").at("exp"))?;
        if now > exp.saturating_add(leeway) {
            return Err(LaunchError::new(
                codes::EXPIRED,
                format!("the token expired at {exp}; now is {now} (leeway {leeway} s)"),
            )
            .at("exp"));
        }
        let iat = time_claim(&map, "iat", codes::IAT_TYPE)?
            .ok_or_else(|| LaunchError::new(codes::IAT_MISSING, "iat is missing").at("iat"))?;
        if iat > now.saturating_add(leeway) {
            return Err(LaunchError::new(
                codes::IAT_FUTURE,
                format!("iat {iat} is in the future (now {now}, leeway {leeway} s)"),
            )
            .at("iat"));
        }
        if now.saturating_sub(iat) > reg.max_token_age_seconds.saturating_add(leeway) {
            return Err(LaunchError::new(
                codes::IAT_TOO_OLD,
                format!(
                    "the token was issued {} s ago; the limit is {} s",
                    now.saturating_sub(iat),
                    reg.max_token_age_seconds
                ),
            )
            .at("iat"));
        }
        if let Some(nbf) = time_claim(&map, "nbf", codes::NBF_TYPE)?
            && nbf > now.saturating_add(leeway)
        {
            return Err(LaunchError::new(
                codes::NOT_YET_VALID,
                format!("nbf {nbf} is in the future (now {now})"),
            )
            .at("nbf"));
        }

        // 9. nonce equal to the issued one (consumed at the end).
        let nonce = str_claim(&map, "nonce")?.ok_or_else(|| {
            LaunchError::new(codes::NONCE_MISSING, "nonce is missing").at("nonce")
        })?;
        let expected_nonce = match expected {
            Expected::Nonce(n) => n,
            _ => login.map(|l| l.nonce.as_str()),
        };
        if let Some(n) = expected_nonce
            && n != nonce
        {
            return Err(LaunchError::new(
                codes::NONCE_MISMATCH,
                "the nonce is not the one issued at login",
            )
            .at("nonce"));
        }

        // 10. LTI claims.
        let mt_raw = str_claim(&map, uri::MESSAGE_TYPE)?.ok_or_else(|| {
            LaunchError::new(
                codes::MESSAGE_TYPE_MISSING,
                "the message_type claim is missing",
            )
            .at(uri::MESSAGE_TYPE)
        })?;
        let mt = MessageType::parse(mt_raw);
        if let MessageType::Other(v) = &mt {
            return Err(LaunchError::new(
                codes::MESSAGE_TYPE_UNKNOWN,
                format!("unknown message type {v:?}"),
            )
            .at(uri::MESSAGE_TYPE));
        }
        if !reg.accepts_message_type(&mt) {
            return Err(LaunchError::new(
                codes::MESSAGE_TYPE_DISABLED,
                format!("{mt} is not enabled for this registration"),
            )
            .at(uri::MESSAGE_TYPE));
        }
        let report = message::check_claims(
            &map,
            &CheckOptions {
                origin: Origin::Platform,
                check_jwt_claims: false,
            },
        );
        if let Some(first) = report.iter().find(|p| p.severity == Severity::Error) {
            let mut e = LaunchError::new(static_code(first.code.as_str()), first.message.clone());
            e.pointer = first.location.as_json_pointer().map(str::to_owned);
            e.problems = report.clone();
            return Err(e);
        }
        warnings.extend(report);
        let deployment = str_claim(&map, uri::DEPLOYMENT_ID)?.unwrap_or_default();
        if !reg.has_deployment(deployment) {
            return Err(LaunchError::new(
                codes::DEPLOYMENT_UNKNOWN,
                format!("deployment {deployment:?} is not registered"),
            )
            .at(uri::DEPLOYMENT_ID));
        }
        if let Some(d) = login.and_then(|l| l.lti_deployment_id.as_deref())
            && d != deployment
        {
            return Err(LaunchError::new(
                codes::DEPLOYMENT_MISMATCH,
                format!(
                    "deployment {deployment:?} differs from the login's lti_deployment_id {d:?}"
                ),
            )
            .at(uri::DEPLOYMENT_ID));
        }
        let expected_target = login
            .map(|l| l.target_link_uri.as_str())
            .or(self.target_link_uri);
        if let Some(want) = expected_target
            && let Some(t) = str_claim(&map, uri::TARGET_LINK_URI)?
            && t != want
        {
            return Err(LaunchError::new(
                codes::TARGET_LINK_URI_MISMATCH,
                format!("target_link_uri {t:?} differs from the expected {want:?}"),
            )
            .at(uri::TARGET_LINK_URI));
        }
        if !map.contains_key("sub") && !reg.allow_anonymous {
            return Err(LaunchError::new(
                codes::ANONYMOUS_FORBIDDEN,
                "anonymous launches are not accepted by this registration",
            )
            .at("sub"));
        }

        // 11. typed claims and message.
        let nonce_owned = nonce.to_owned();
        let claims = Claims::from_value(Value::Object(map)).map_err(|e: claims::ClaimsError| {
            let mut err = LaunchError::new(codes::CLAIMS_TYPE, e.message);
            err.pointer = Some(e.pointer);
            err
        })?;
        let message = LtiMessage::from_claims(&claims).map_err(|p| {
            let mut e = LaunchError::new(static_code(p.code.as_str()), p.message.clone());
            e.pointer = p.location.as_json_pointer().map(str::to_owned);
            e
        })?;

        // 12. nonce single use.
        if nonces.check_and_consume(&reg.issuer, &nonce_owned, exp.saturating_add(leeway), now)
            == NonceStatus::Replayed
        {
            return Err(LaunchError::new(
                codes::NONCE_REPLAYED,
                "this nonce was already used: the token is replayed",
            )
            .at("nonce"));
        }

        Ok(VerifiedLaunch {
            deployment_id: claims.deployment_id.clone().unwrap_or_default(),
            claims,
            message,
            issuer: reg.issuer.clone(),
            client_id: reg.client_id.clone(),
            warnings,
        })
    }

    /// Validates, and when the `kid` is unknown calls `refetch` once for a fresh key set and
    /// validates again with it (the caller rate-limits `refetch`).
    pub fn validate_with_refresh(
        &self,
        form: &LaunchForm,
        expected: Expected<'_>,
        now: i64,
        nonces: &dyn NonceStore,
        refetch: impl FnOnce() -> Option<KeySet>,
    ) -> Result<VerifiedLaunch, LaunchError> {
        match self.validate(form, expected, now, nonces) {
            Err(e) if e.should_refresh_keys() => match refetch() {
                Some(fresh) => {
                    let v = LaunchValidator {
                        keys: &fresh,
                        ..self.clone()
                    };
                    v.validate(form, expected, now, nonces).map_err(|mut e| {
                        if e.should_refresh_keys() {
                            e.kind = LaunchErrorKind::Rejected;
                        }
                        e
                    })
                }
                None => Err(e),
            },
            other => other,
        }
    }
}

/// Maps a code string from a report back to its `'static` constant.
pub(crate) fn static_code(code: &str) -> &'static str {
    codes::ALL
        .iter()
        .copied()
        .find(|c| *c == code)
        .unwrap_or(codes::CLAIM_TYPE)
}

pub(crate) fn str_claim<'m>(
    map: &'m Map<String, Value>,
    key: &str,
) -> Result<Option<&'m str>, LaunchError> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(LaunchError::new(
            codes::CLAIM_TYPE,
            format!(
                "{key} must be a string, found {}",
                message::type_name(other)
            ),
        )
        .at(key)),
    }
}

pub(crate) fn time_claim(
    map: &Map<String, Value>,
    key: &str,
    type_code: &'static str,
) -> Result<Option<i64>, LaunchError> {
    match map.get(key) {
        None => Ok(None),
        Some(v) => claims::numeric_date_of(v).map(Some).ok_or_else(|| {
            LaunchError::new(
                type_code,
                format!(
                    "{key} must be a JSON number of seconds, found {}",
                    message::type_name(v)
                ),
            )
            .at(key)
        }),
    }
}

/// The `aud`/`azp` rules of Security Framework §5.1.3 steps 3–5 (shared with the platform
/// side's checks of tool-originating messages). `azp_ok` lists the accepted `azp` values.
pub(crate) fn check_audience(
    map: &Map<String, Value>,
    expected: &str,
    trusted: &[String],
    require_azp: bool,
    azp_ok: &[&str],
) -> Result<(), LaunchError> {
    let auds: Vec<&str> = match map.get("aud") {
        None => return Err(LaunchError::new(codes::AUD_MISSING, "aud is missing").at("aud")),
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => {
            let mut v = Vec::with_capacity(a.len());
            for item in a {
                let Value::String(s) = item else {
                    return Err(
                        LaunchError::new(codes::CLAIM_TYPE, "aud must hold only strings").at("aud"),
                    );
                };
                v.push(s.as_str());
            }
            v
        }
        Some(other) => {
            return Err(LaunchError::new(
                codes::CLAIM_TYPE,
                format!(
                    "aud must be a string or an array, found {}",
                    message::type_name(other)
                ),
            )
            .at("aud"));
        }
    };
    if !auds.contains(&expected) {
        return Err(LaunchError::new(
            codes::AUD_MISMATCH,
            format!("aud {auds:?} does not contain {expected:?}"),
        )
        .at("aud"));
    }
    if let Some(untrusted) = auds
        .iter()
        .find(|a| **a != expected && !trusted.iter().any(|t| t == *a))
    {
        return Err(LaunchError::new(
            codes::AUD_UNTRUSTED,
            format!("aud also names {untrusted:?}, which is not trusted"),
        )
        .at("aud"));
    }
    let azp = str_claim(map, "azp")?;
    if auds.len() > 1 && azp.is_none() && require_azp {
        return Err(LaunchError::new(
            codes::AZP_MISSING,
            "aud has several audiences but there is no azp",
        )
        .at("azp"));
    }
    if let Some(azp) = azp
        && !azp_ok.contains(&azp)
    {
        return Err(LaunchError::new(
            codes::AZP_MISMATCH,
            format!("azp {azp:?} is not {}", azp_ok.join(" or ")),
        )
        .at("azp"));
    }
    Ok(())
}
