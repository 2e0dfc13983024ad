//! OIDC third-party initiated login, tool side (Security Framework 1.0 §5.1.1, LTI Core 1.3
//! §4.1): parse the platform's login initiation, select the registration, build the
//! authentication redirect, and say what the caller must store; then read the launch form.
//!
//! State and nonce values come from the caller's randomness. The [`LoginState`] returned must
//! be stored by the caller, bound to the browser: a cookie (`SameSite=None; Secure`), the
//! server-side session, or — when third-party cookies are blocked — the platform's postMessage
//! storage ([`crate::lti::storage`]) together with a server-side [`StateStore`].

use std::collections::HashMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::codes;
use super::registration::{LookupError, Registrations, ToolRegistration};

/// A login or launch-form problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
#[non_exhaustive]
pub struct LoginError {
    /// Stable code.
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
}

impl LoginError {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// The platform's login initiation request (GET query or POST form).
///
/// Deserialising with serde (for instance by a web framework's query or form extractor) reads
/// the parameters as [`LoginRequest::parse_query`] does: unknown ones are ignored and a missing
/// or empty `iss`, `login_hint` or `target_link_uri` is an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub struct LoginRequest {
    /// Platform issuer (required).
    pub iss: String,
    /// Opaque user hint, returned unchanged (required).
    pub login_hint: String,
    /// Where the launch should end up (required).
    pub target_link_uri: String,
    /// Opaque message hint, returned unchanged.
    pub lti_message_hint: Option<String>,
    /// The deployment, when the platform says it (must then equal the launch's claim).
    pub lti_deployment_id: Option<String>,
    /// The client id, selecting the registration when the issuer has several.
    pub client_id: Option<String>,
    /// Name of the platform frame offering postMessage storage (cookie-less flow).
    pub lti_storage_target: Option<String>,
}

impl LoginRequest {
    /// Parses a query string (without the `?`).
    pub fn parse_query(query: &str) -> Result<Self, LoginError> {
        Self::from_pairs(form_urlencoded::parse(query.as_bytes()))
    }

    /// Parses an `application/x-www-form-urlencoded` body.
    pub fn parse_form(body: &[u8]) -> Result<Self, LoginError> {
        Self::from_pairs(form_urlencoded::parse(body))
    }

    fn from_pairs<'a>(
        pairs: impl Iterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
    ) -> Result<Self, LoginError> {
        let mut r = Self::default();
        for (k, v) in pairs {
            let v = v.into_owned();
            match k.as_ref() {
                "iss" => r.iss = v,
                "login_hint" => r.login_hint = v,
                "target_link_uri" => r.target_link_uri = v,
                "lti_message_hint" => r.lti_message_hint = Some(v),
                "lti_deployment_id" => r.lti_deployment_id = Some(v),
                "client_id" => r.client_id = Some(v),
                "lti_storage_target" => r.lti_storage_target = Some(v),
                _ => {}
            }
        }
        for (name, value) in [
            ("iss", &r.iss),
            ("login_hint", &r.login_hint),
            ("target_link_uri", &r.target_link_uri),
        ] {
            if value.is_empty() {
                return Err(LoginError::new(
                    codes::LOGIN_PARAM_MISSING,
                    format!("the login request has no {name}"),
                ));
            }
        }
        Ok(r)
    }
}

impl<'de> Deserialize<'de> for LoginRequest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        const FIELDS: &[&str] = &[
            "iss",
            "login_hint",
            "target_link_uri",
            "lti_message_hint",
            "lti_deployment_id",
            "client_id",
            "lti_storage_target",
        ];
        let pairs = string_pairs(d, "LoginRequest", FIELDS, 3, &[])?;
        Self::from_pairs(pairs.into_iter()).map_err(serde::de::Error::custom)
    }
}

/// Reads a login message's parameters from serde: a map (a query, a form, a JSON object), in
/// which keys other than `fields` and `also` are skipped whatever their value and `null` is an
/// absent parameter; or a sequence of `fields` in order, as the derived `Serialize` writes
/// them for formats without field names (the first `required` are strings, the rest options).
fn string_pairs<'de, D: serde::Deserializer<'de>>(
    d: D,
    name: &'static str,
    fields: &'static [&'static str],
    required: usize,
    also: &'static [&'static str],
) -> Result<Vec<Pair>, D::Error> {
    struct Params {
        fields: &'static [&'static str],
        required: usize,
        also: &'static [&'static str],
    }
    impl<'de> serde::de::Visitor<'de> for Params {
        type Value = Vec<Pair>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map of string parameters")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Vec<Pair>, A::Error> {
            let mut out = Vec::new();
            while let Some(k) = m.next_key::<String>()? {
                match self.fields.iter().chain(self.also).find(|f| **f == k) {
                    Some(f) => {
                        if let Some(v) = m.next_value::<Option<String>>()? {
                            out.push(((*f).into(), v.into()));
                        }
                    }
                    None => {
                        m.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
            }
            Ok(out)
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut s: A) -> Result<Vec<Pair>, A::Error> {
            let mut out = Vec::new();
            for (i, f) in self.fields.iter().enumerate() {
                let v = if i < self.required {
                    s.next_element::<String>()?
                } else {
                    s.next_element::<Option<String>>()?.flatten()
                };
                if let Some(v) = v {
                    out.push(((*f).into(), v.into()));
                }
            }
            Ok(out)
        }
    }
    d.deserialize_struct(
        name,
        fields,
        Params {
            fields,
            required,
            also,
        },
    )
}

/// A parameter name and value.
type Pair = (
    std::borrow::Cow<'static, str>,
    std::borrow::Cow<'static, str>,
);

/// What the tool must keep between login and launch, bound to the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LoginState {
    /// The `state` sent to the platform.
    pub state: String,
    /// The `nonce` sent to the platform.
    pub nonce: String,
    /// The issuer.
    pub issuer: String,
    /// The client id of the selected registration.
    pub client_id: String,
    /// The login's `target_link_uri` (the launch claim must equal it).
    pub target_link_uri: String,
    /// The login's `lti_deployment_id` (the launch claim must equal it).
    pub lti_deployment_id: Option<String>,
    /// When the login happened (Unix seconds, the caller's clock).
    pub created_at: i64,
    /// The postMessage storage frame, when the cookie-less flow is used.
    pub storage_target: Option<String>,
}

/// The authentication redirect and what to store.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct AuthRedirect {
    /// The full URL of the platform's authentication endpoint with the query.
    pub url: String,
    /// What to store, bound to the browser.
    pub state: LoginState,
}

impl AuthRedirect {
    /// A `302 Found` response to the authentication URL.
    pub fn to_response(&self) -> http::Response<Vec<u8>> {
        http::Response::builder()
            .status(http::StatusCode::FOUND)
            .header(http::header::LOCATION, self.url.as_str())
            .header(http::header::CACHE_CONTROL, "no-store")
            .body(Vec::new())
            .unwrap_or_else(|_| {
                let mut r = http::Response::new(Vec::new());
                *r.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
                r
            })
    }

    /// Whether the platform offered postMessage storage (use [`crate::lti::storage`]).
    pub fn uses_platform_storage(&self) -> bool {
        self.state.storage_target.is_some()
    }
}

/// Handles a login initiation: selects the registration by `(iss, client_id)`, checks the
/// deployment and target, and builds the redirect with the caller's `state` and `nonce`.
pub fn handle_login(
    registrations: &Registrations,
    login: &LoginRequest,
    redirect_uri: &str,
    state: &str,
    nonce: &str,
    now: i64,
) -> Result<AuthRedirect, LoginError> {
    let reg = registrations
        .find(&login.iss, login.client_id.as_deref())
        .map_err(|e| match e {
            LookupError::Ambiguous => LoginError::new(
                codes::LOGIN_CLIENT_ID_AMBIGUOUS,
                format!(
                    "the issuer {:?} has several registrations and the login names no client_id",
                    login.iss
                ),
            ),
            _ => LoginError::new(
                codes::LOGIN_REGISTRATION_UNKNOWN,
                format!(
                    "no registration for issuer {:?} and client id {:?}",
                    login.iss, login.client_id
                ),
            ),
        })?;
    build_auth_redirect(reg, login, redirect_uri, state, nonce, now)
}

/// Builds the authentication request for a known registration.
pub fn build_auth_redirect(
    reg: &ToolRegistration,
    login: &LoginRequest,
    redirect_uri: &str,
    state: &str,
    nonce: &str,
    now: i64,
) -> Result<AuthRedirect, LoginError> {
    if let Some(d) = &login.lti_deployment_id
        && !reg.deployment_ids.is_empty()
        && !reg.has_deployment(d)
    {
        return Err(LoginError::new(
            codes::LOGIN_DEPLOYMENT_UNKNOWN,
            format!("deployment {d:?} is not registered"),
        ));
    }
    if !reg.allowed_target_link_uris.is_empty()
        && !reg
            .allowed_target_link_uris
            .iter()
            .any(|u| u == &login.target_link_uri)
    {
        return Err(LoginError::new(
            codes::LOGIN_TARGET_NOT_ALLOWED,
            format!(
                "target_link_uri {:?} is not one of the tool's launch URIs",
                login.target_link_uri
            ),
        ));
    }
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("scope", "openid")
        .append_pair("response_type", "id_token")
        .append_pair("response_mode", "form_post")
        .append_pair("prompt", "none")
        .append_pair("client_id", &reg.client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("login_hint", &login.login_hint)
        .append_pair("state", state)
        .append_pair("nonce", nonce);
    if let Some(h) = &login.lti_message_hint {
        q.append_pair("lti_message_hint", h);
    }
    let query = q.finish();
    let sep = if reg.auth_login_url.contains('?') {
        '&'
    } else {
        '?'
    };
    Ok(AuthRedirect {
        url: format!("{}{sep}{query}", reg.auth_login_url),
        state: LoginState {
            state: state.to_owned(),
            nonce: nonce.to_owned(),
            issuer: reg.issuer.clone(),
            client_id: reg.client_id.clone(),
            target_link_uri: login.target_link_uri.clone(),
            lti_deployment_id: login.lti_deployment_id.clone(),
            created_at: now,
            storage_target: login.lti_storage_target.clone(),
        },
    })
}

/// The form the platform posts to the tool's redirect URI.
///
/// Deserialising with serde (for instance by a web framework's form extractor) reads the fields
/// as [`LaunchForm::parse`] does: an OAuth `error` and a missing or empty `id_token` are errors.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
#[non_exhaustive]
pub struct LaunchForm {
    /// The signed launch.
    pub id_token: String,
    /// The state echoed by the platform.
    pub state: Option<String>,
}

impl LaunchForm {
    /// A form with a token and state.
    pub fn new(id_token: impl Into<String>, state: Option<&str>) -> Self {
        Self {
            id_token: id_token.into(),
            state: state.map(str::to_owned),
        }
    }

    /// Parses the `application/x-www-form-urlencoded` body. An OAuth `error` is reported with
    /// its description.
    pub fn parse(body: &[u8]) -> Result<Self, LoginError> {
        Self::from_pairs(form_urlencoded::parse(body))
    }

    fn from_pairs<'a>(
        pairs: impl Iterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
    ) -> Result<Self, LoginError> {
        let mut form = Self::default();
        let mut error = None;
        let mut description = None;
        for (k, v) in pairs {
            match k.as_ref() {
                "id_token" => form.id_token = v.into_owned(),
                "state" => form.state = Some(v.into_owned()),
                "error" => error = Some(v.into_owned()),
                "error_description" => description = Some(v.into_owned()),
                _ => {}
            }
        }
        if let Some(e) = error {
            return Err(LoginError::new(
                codes::LAUNCH_FORM_ERROR,
                format!(
                    "the platform answered with error {e:?}: {}",
                    description.unwrap_or_default()
                ),
            ));
        }
        if form.id_token.is_empty() {
            return Err(LoginError::new(
                codes::LAUNCH_FORM_ID_TOKEN_MISSING,
                "the launch form has no id_token",
            ));
        }
        Ok(form)
    }
}

impl<'de> Deserialize<'de> for LaunchForm {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pairs = string_pairs(
            d,
            "LaunchForm",
            &["id_token", "state"],
            1,
            &["error", "error_description"],
        )?;
        Self::from_pairs(pairs.into_iter()).map_err(serde::de::Error::custom)
    }
}

/// What a [`StateStore`] knows about a state value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum StateLookup {
    /// Issued and not used yet: here it is (now consumed).
    Found(LoginState),
    /// Issued and already used by an earlier launch.
    Consumed,
    /// Never issued (or forgotten).
    Unknown,
}

/// Server-side storage of login states, consumed at launch. Implement it over a cache or
/// database; [`MemoryStateStore`] is an in-process map.
pub trait StateStore {
    /// Saves a login state.
    fn put(&self, state: LoginState);
    /// Takes (consumes) the login state for `state`.
    fn take(&self, state: &str) -> StateLookup;
}

/// An in-memory [`StateStore`] that remembers consumed states (to tell a reuse from an
/// unknown state) and forgets entries older than `ttl_seconds` on each `put`.
#[derive(Debug, Default)]
pub struct MemoryStateStore {
    inner: Mutex<HashMap<String, Option<LoginState>>>,
    created: Mutex<HashMap<String, i64>>,
    ttl_seconds: i64,
}

impl MemoryStateStore {
    /// A store forgetting entries after `ttl_seconds`.
    pub fn new(ttl_seconds: i64) -> Self {
        Self {
            ttl_seconds,
            ..Self::default()
        }
    }
}

impl StateStore for MemoryStateStore {
    fn put(&self, state: LoginState) {
        let mut map = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut created = self
            .created
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if self.ttl_seconds > 0 {
            let cutoff = state.created_at.saturating_sub(self.ttl_seconds);
            created.retain(|k, t| {
                let keep = *t >= cutoff;
                if !keep {
                    map.remove(k);
                }
                keep
            });
        }
        created.insert(state.state.clone(), state.created_at);
        map.insert(state.state.clone(), Some(state));
    }

    fn take(&self, state: &str) -> StateLookup {
        let mut map = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match map.get_mut(state) {
            None => StateLookup::Unknown,
            Some(slot) => slot
                .take()
                .map_or(StateLookup::Consumed, StateLookup::Found),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_values_read_through_serde_are_checked_as_parsed_ones() {
        let req = LoginRequest::parse_query(
            "iss=https%3A%2F%2Fp&login_hint=u&target_link_uri=https%3A%2F%2Ft&client_id=c",
        )
        .unwrap();
        let json = serde_json::to_string(&req).unwrap();
        assert_eq!(serde_json::from_str::<LoginRequest>(&json).unwrap(), req);
        // As a framework's extractor would hand the parameters over: strings, extra ones.
        // Unknown members are skipped whatever their value.
        let from_map: LoginRequest = serde_json::from_str(
            r#"{"iss":"https://p","login_hint":"u","target_link_uri":"https://t","client_id":"c","extra":"x","n":1,"o":{"a":[1]}}"#,
        )
        .unwrap();
        assert_eq!(from_map, req);
        // The sequence form (what formats without field names get from the derived Serialize).
        let seq = r#"["https://p","u","https://t",null,null,"c",null]"#;
        assert_eq!(serde_json::from_str::<LoginRequest>(seq).unwrap(), req);
        assert!(serde_json::from_str::<LoginRequest>(r#"["","u","https://t"]"#).is_err());
        for bad in [
            r#"{"login_hint":"u","target_link_uri":"https://t"}"#,
            r#"{"iss":"","login_hint":"u","target_link_uri":"https://t"}"#,
            r#"{"iss":"https://p","login_hint":null,"target_link_uri":"https://t"}"#,
        ] {
            let err = serde_json::from_str::<LoginRequest>(bad).unwrap_err();
            assert!(
                err.to_string().contains("the login request has no"),
                "{bad}: {err}"
            );
        }
        let form = LaunchForm::new("a.b.c", Some("s"));
        let json = serde_json::to_string(&form).unwrap();
        assert_eq!(serde_json::from_str::<LaunchForm>(&json).unwrap(), form);
        assert_eq!(
            serde_json::from_str::<LaunchForm>(r#"["a.b.c","s"]"#).unwrap(),
            form
        );
        let err = serde_json::from_str::<LaunchForm>(r#"{"state":"s"}"#).unwrap_err();
        assert!(err.to_string().contains("no id_token"), "{err}");
        let err = serde_json::from_str::<LaunchForm>(
            r#"{"error":"access_denied","error_description":"no","state":"s"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("access_denied"), "{err}");
    }

    fn regs() -> Registrations {
        [
            ToolRegistration::new("https://p", "c1")
                .with_deployment("d1")
                .with_auth_login_url("https://p/auth"),
            ToolRegistration::new("https://p", "c2")
                .with_deployment("d2")
                .with_auth_login_url("https://p/auth?x=1"),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn parse_login() {
        let l = LoginRequest::parse_query("iss=https%3A%2F%2Fp&login_hint=u%201&target_link_uri=https%3A%2F%2Ft%2Fl&lti_message_hint=%7B%22a%22%3A1%7D&client_id=c1&lti_deployment_id=d1&lti_storage_target=_parent&other=x").unwrap();
        assert_eq!(l.iss, "https://p");
        assert_eq!(l.login_hint, "u 1");
        assert_eq!(l.lti_message_hint.as_deref(), Some("{\"a\":1}"));
        assert_eq!(l.lti_storage_target.as_deref(), Some("_parent"));
        let f = LoginRequest::parse_form(b"iss=https://p&login_hint=h&target_link_uri=t").unwrap();
        assert_eq!(f.client_id, None);
        for bad in [
            "login_hint=h&target_link_uri=t",
            "iss=i&target_link_uri=t",
            "iss=i&login_hint=h",
            "iss=&login_hint=h&target_link_uri=t",
        ] {
            assert_eq!(
                LoginRequest::parse_query(bad).unwrap_err().code,
                codes::LOGIN_PARAM_MISSING,
                "{bad}"
            );
        }
    }

    #[test]
    fn redirect() {
        let l = LoginRequest::parse_query("iss=https://p&login_hint=h%26x&target_link_uri=https://t/l&lti_message_hint=m%2B1&client_id=c2&lti_deployment_id=d2").unwrap();
        let r = handle_login(&regs(), &l, "https://t/launch", "st", "no", 100).unwrap();
        assert!(r.url.starts_with("https://p/auth?x=1&scope=openid&response_type=id_token&response_mode=form_post&prompt=none&client_id=c2&redirect_uri=https%3A%2F%2Ft%2Flaunch&login_hint=h%26x&state=st&nonce=no&lti_message_hint=m%2B1"), "{}", r.url);
        assert_eq!(r.state.client_id, "c2");
        assert_eq!(r.state.lti_deployment_id.as_deref(), Some("d2"));
        assert!(!r.uses_platform_storage());
        let resp = r.to_response();
        assert_eq!(resp.status(), 302);
        assert_eq!(resp.headers()["location"], r.url.as_str());
    }

    #[test]
    fn login_errors() {
        let mut l =
            LoginRequest::parse_query("iss=https://p&login_hint=h&target_link_uri=https://t")
                .unwrap();
        assert_eq!(
            handle_login(&regs(), &l, "r", "s", "n", 0)
                .unwrap_err()
                .code,
            codes::LOGIN_CLIENT_ID_AMBIGUOUS
        );
        l.client_id = Some("c9".into());
        assert_eq!(
            handle_login(&regs(), &l, "r", "s", "n", 0)
                .unwrap_err()
                .code,
            codes::LOGIN_REGISTRATION_UNKNOWN
        );
        l.client_id = Some("c1".into());
        l.lti_deployment_id = Some("d2".into());
        assert_eq!(
            handle_login(&regs(), &l, "r", "s", "n", 0)
                .unwrap_err()
                .code,
            codes::LOGIN_DEPLOYMENT_UNKNOWN
        );
        l.lti_deployment_id = None;
        let mut reg = ToolRegistration::new("https://p", "c1");
        reg.allowed_target_link_uris = vec!["https://t/ok".into()];
        assert_eq!(
            build_auth_redirect(&reg, &l, "r", "s", "n", 0)
                .unwrap_err()
                .code,
            codes::LOGIN_TARGET_NOT_ALLOWED
        );
    }

    #[test]
    fn launch_form() {
        let f = LaunchForm::parse(b"id_token=a.b.c&state=s1").unwrap();
        assert_eq!(f, LaunchForm::new("a.b.c", Some("s1")));
        assert_eq!(
            LaunchForm::parse(b"state=s").unwrap_err().code,
            codes::LAUNCH_FORM_ID_TOKEN_MISSING
        );
        let e =
            LaunchForm::parse(b"error=login_required&error_description=no+session").unwrap_err();
        assert_eq!(e.code, codes::LAUNCH_FORM_ERROR);
        assert!(e.message.contains("no session"));
    }

    #[test]
    fn state_store() {
        let s = MemoryStateStore::new(600);
        let st = |v: &str, t: i64| LoginState {
            state: v.into(),
            nonce: "n".into(),
            issuer: "i".into(),
            client_id: "c".into(),
            target_link_uri: "t".into(),
            lti_deployment_id: None,
            created_at: t,
            storage_target: None,
        };
        s.put(st("a", 0));
        assert!(matches!(s.take("a"), StateLookup::Found(_)));
        assert_eq!(s.take("a"), StateLookup::Consumed);
        assert_eq!(s.take("b"), StateLookup::Unknown);
        s.put(st("old", 0));
        s.put(st("new", 10_000));
        assert_eq!(
            s.take("old"),
            StateLookup::Unknown,
            "expired entries are forgotten"
        );
    }
}
