//! Cookie-less login through the platform's storage frame: 1EdTech "LTI Client Side
//! postMessages" (`lti.put_data` / `lti.get_data`) and "OIDC Login with LTI Client Side
//! postMessages" (the `lti_storage_target` login parameter).
//!
//! When third-party cookies are blocked (Safari, Chrome in iframes), the tool cannot bind the
//! login `state` to the browser with a cookie. Instead:
//!
//! 1. At login, [`login_page`] answers with a page that stores `state` and `nonce` in the
//!    platform's storage frame (`lti.put_data`), then navigates to the authentication URL.
//! 2. At launch, [`launch_page`] answers the form post with a page that reads them back
//!    (`lti.get_data`) and posts `id_token`, `state` and the stored values to the tool's
//!    verification endpoint.
//! 3. There, [`check_storage_echo`] checks that the stored values match, and the launch is
//!    validated with the server-side [`crate::lti::login::StateStore`].
//!
//! The messages are plain JSON; [`put_data_message`], [`get_data_message`] and
//! [`parse_response`] build and read them for callers writing their own page.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::codes;
use super::login::{AuthRedirect, LaunchForm};

/// The storage key of a state value.
pub fn state_key(state: &str) -> String {
    format!("state_{state}")
}

/// The storage key of a nonce value.
pub fn nonce_key(nonce: &str) -> String {
    format!("nonce_{nonce}")
}

/// An `lti.put_data` message.
pub fn put_data_message(message_id: &str, key: &str, value: &str) -> Value {
    json!({"subject": "lti.put_data", "message_id": message_id, "key": key, "value": value})
}

/// An `lti.get_data` message.
pub fn get_data_message(message_id: &str, key: &str) -> Value {
    json!({"subject": "lti.get_data", "message_id": message_id, "key": key})
}

/// A storage frame's response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StorageResponse {
    /// `lti.put_data.response` or `lti.get_data.response`.
    pub subject: String,
    /// The request's message id.
    pub message_id: String,
    /// The key.
    #[serde(default)]
    pub key: Option<String>,
    /// The value (for `get_data`).
    #[serde(default)]
    pub value: Option<String>,
}

/// A postMessage storage problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
#[non_exhaustive]
pub struct StorageError {
    /// Stable code.
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
}

impl StorageError {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// Reads a storage frame's response message; an `error` member becomes an error.
pub fn parse_response(message: &Value) -> Result<StorageResponse, StorageError> {
    if let Some(err) = message.get("error") {
        let code = err.get("code").and_then(Value::as_str).unwrap_or("error");
        let msg = err.get("message").and_then(Value::as_str).unwrap_or("");
        return Err(StorageError::new(
            codes::STORAGE_MESSAGE,
            format!("the storage frame answered {code}: {msg}"),
        ));
    }
    let r: StorageResponse = serde_json::from_value(message.clone()).map_err(|e| {
        StorageError::new(
            codes::STORAGE_MESSAGE,
            format!("not a storage response: {e}"),
        )
    })?;
    if !r.subject.ends_with(".response") {
        return Err(StorageError::new(
            codes::STORAGE_MESSAGE,
            format!("subject {:?} is not a response", r.subject),
        ));
    }
    Ok(r)
}

/// JSON for embedding in a `<script>`: `<`, `>`, `&` and the line separators escaped so the
/// text can never close the script element.
fn script_json(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

const FRAME_JS: &str = r#"function ltiFrame(target){var p=window.opener||window.parent;if(target&&target!=="_parent"){try{return p.frames[target];}catch(e){return p;}}return p;}
function ltiSend(frame,origin,msgs,done){var left=msgs.length,vals={};function on(ev){if(ev.origin!==origin)return;var d=ev.data||{};var m=msgs.filter(function(x){return x.message_id===d.message_id;})[0];if(!m)return;if(d.error){window.removeEventListener("message",on);done(null,d.error);return;}vals[m.key]=d.value;if(--left===0){window.removeEventListener("message",on);done(vals,null);}}
window.addEventListener("message",on);msgs.forEach(function(m){frame.postMessage(m,origin);});}"#;

/// The login answer for the cookie-less flow: stores `state` and `nonce` in the platform's
/// storage frame, then goes to the authentication URL. `platform_origin` is the origin of the
/// platform's OIDC authentication endpoint (postMessage target origin).
pub fn login_page(redirect: &AuthRedirect, platform_origin: &str) -> String {
    let s = &redirect.state;
    let msgs = json!([
        put_data_message(&format!("put-{}", s.state), &state_key(&s.state), &s.state),
        put_data_message(
            &format!("put-n-{}", s.state),
            &nonce_key(&s.nonce),
            &s.nonce
        ),
    ]);
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Loading…</title></head><body>\n<script>\n{FRAME_JS}\nltiSend(ltiFrame({target}),{origin},{msgs},function(v,err){{if(err){{document.body.textContent=\"Could not store the login state: \"+(err.message||err.code);return;}}window.location.replace({url});}});\n</script>\n</body></html>\n",
        target = script_json(&json!(s.storage_target)),
        origin = script_json(&json!(platform_origin)),
        msgs = script_json(&msgs),
        url = script_json(&json!(redirect.url)),
    )
}

/// The launch answer for the cookie-less flow: reads the stored state (and the nonce of the
/// token, which the tool decoded without trusting it) from the platform's storage frame, then
/// posts `id_token`, `state`, `lti_storage_state` and `lti_storage_nonce` to `verify_url`.
pub fn launch_page(
    form: &LaunchForm,
    token_nonce: &str,
    storage_target: Option<&str>,
    platform_origin: &str,
    verify_url: &str,
) -> String {
    let state = form.state.clone().unwrap_or_default();
    let msgs = json!([
        get_data_message("get-state", &state_key(&state)),
        get_data_message("get-nonce", &nonce_key(token_nonce)),
    ]);
    let fields = json!({"id_token": form.id_token, "state": state});
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Loading…</title></head><body>\n<form id=\"f\" method=\"post\" action=\"{action}\"></form>\n<script>\n{FRAME_JS}\nvar fields={fields},sk={sk},nk={nk};\nltiSend(ltiFrame({target}),{origin},{msgs},function(v,err){{if(err){{document.body.textContent=\"Could not read the login state: \"+(err.message||err.code);return;}}fields.lti_storage_state=v[sk]||\"\";fields.lti_storage_nonce=v[nk]||\"\";var f=document.getElementById(\"f\");Object.keys(fields).forEach(function(k){{var i=document.createElement(\"input\");i.type=\"hidden\";i.name=k;i.value=fields[k];f.appendChild(i);}});f.submit();}});\n</script>\n</body></html>\n",
        action = super::deep_linking::html_escape(verify_url),
        fields = script_json(&fields),
        sk = script_json(&json!(state_key(&state))),
        nk = script_json(&json!(nonce_key(token_nonce))),
        target = script_json(&json!(storage_target)),
        origin = script_json(&json!(platform_origin)),
        msgs = script_json(&msgs),
    )
}

/// Checks the values the page read back from platform storage: the stored state must equal the
/// form's state, and the stored nonce the token's nonce.
pub fn check_storage_echo(
    form_state: &str,
    stored_state: &str,
    token_nonce: &str,
    stored_nonce: &str,
) -> Result<(), StorageError> {
    if form_state.is_empty() || form_state != stored_state {
        return Err(StorageError::new(
            codes::STORAGE_MISMATCH,
            "the state in platform storage does not match the launch's",
        ));
    }
    if token_nonce.is_empty() || token_nonce != stored_nonce {
        return Err(StorageError::new(
            codes::STORAGE_MISMATCH,
            "the nonce in platform storage does not match the token's",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lti::login::{LoginRequest, build_auth_redirect};
    use crate::lti::registration::ToolRegistration;

    #[test]
    fn messages_and_responses() {
        assert_eq!(put_data_message("1", "k", "v")["subject"], "lti.put_data");
        assert_eq!(get_data_message("2", "k")["key"], "k");
        let r = parse_response(
            &json!({"subject":"lti.get_data.response","message_id":"2","key":"k","value":"v"}),
        )
        .unwrap();
        assert_eq!(r.value.as_deref(), Some("v"));
        let e = parse_response(&json!({"subject":"lti.get_data.response","message_id":"2","error":{"code":"storage_exhaustion","message":"full"}})).unwrap_err();
        assert!(e.message.contains("storage_exhaustion"));
        assert!(parse_response(&json!({"subject":"lti.get_data","message_id":"2"})).is_err());
        assert!(parse_response(&json!(3)).is_err());
        assert!(check_storage_echo("s", "s", "n", "n").is_ok());
        assert_eq!(
            check_storage_echo("s", "t", "n", "n").unwrap_err().code,
            codes::STORAGE_MISMATCH
        );
        assert_eq!(
            check_storage_echo("s", "s", "n", "m").unwrap_err().code,
            codes::STORAGE_MISMATCH
        );
        assert!(check_storage_echo("", "", "n", "n").is_err());
    }

    #[test]
    fn pages_escape_script_breakers() {
        let mut login = LoginRequest::parse_query(
            "iss=https://p&login_hint=h&target_link_uri=https://t&lti_storage_target=_parent",
        )
        .unwrap();
        login.lti_message_hint = Some("</script><script>alert(1)</script>".into());
        let reg = ToolRegistration::new("https://p", "c").with_auth_login_url("https://p/auth");
        let r = build_auth_redirect(&reg, &login, "https://t/launch", "st", "no", 0).unwrap();
        assert!(r.uses_platform_storage());
        let page = login_page(&r, "https://p");
        assert!(
            page.contains("lti.put_data") && page.contains("state_st") && page.contains("nonce_no")
        );
        assert_eq!(page.matches("</script>").count(), 1);
        let form = LaunchForm::new("a.b.c", Some("st</script>"));
        let page = launch_page(
            &form,
            "no",
            Some("frame"),
            "https://p",
            "https://t/verify?a=1&b=2",
        );
        assert!(page.contains("lti.get_data") && page.contains("https://t/verify?a=1&amp;b=2"));
        assert_eq!(page.matches("</script>").count(), 1);
    }
}
