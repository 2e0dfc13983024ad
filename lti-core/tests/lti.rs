//! Integration tests of the LTI module: every negative case of the launch validator as its own
//! test, the valid variants, the platform side, deep linking and services round trips, and the
//! shared corpus (skipped with a message when absent).
#![cfg(feature = "jwt")]

use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use lti_core::lti::claims::{Claims, ResourceLink, uri};
use lti_core::lti::codes;
use lti_core::lti::deep_linking::{
    ContentItem, DeepLinkingResponseBuilder, DeepLinkingSettings, LineItemRequest,
};
use lti_core::lti::keys::{JwkSet, KeySet, SigningKey, publish_jwks};
use lti_core::lti::launch::{
    Expected, LaunchErrorKind, LaunchValidator, MemoryNonceStore, VerifiedLaunch,
};
use lti_core::lti::login::{
    LaunchForm, LoginRequest, LoginState, MemoryStateStore, StateStore, handle_login,
};
use lti_core::lti::message::LtiMessage;
use lti_core::lti::platform::{self, AuthRequest, PendingLogin, Platform, ToolRecord};
use lti_core::lti::registration::{Registrations, SigningAlg, ToolRegistration};
use lti_core::lti::roles::{ContextRole, Role};
use lti_core::lti::{MessageType, ags, nrps, token};
use serde_json::{Value, json};

const NOW: i64 = 1_700_000_000;
const ISS: &str = "https://platform.example.edu";
const CLIENT: &str = "client-1";
const DEP: &str = "dep-1";
const TARGET: &str = "https://tool.example/launch";
const P1: &[u8] = include_bytes!("fixtures/keys/platform1.pem");
const P1_PUB: &[u8] = include_bytes!("fixtures/keys/platform1.pub.pem");
const P2: &[u8] = include_bytes!("fixtures/keys/platform2.pem");
const TOOL: &[u8] = include_bytes!("fixtures/keys/tool.pem");

fn pkey() -> SigningKey {
    SigningKey::from_rsa_pem("p1", P1).unwrap()
}

fn jwks() -> JwkSet {
    publish_jwks([&pkey()])
}

fn keys() -> KeySet {
    KeySet::from_jwks(&jwks())
}

fn reg() -> ToolRegistration {
    ToolRegistration::new(ISS, CLIENT)
        .with_deployment(DEP)
        .with_auth_login_url("https://platform.example.edu/auth")
}

fn login() -> LoginState {
    let l = LoginRequest::parse_query(&format!(
        "iss={ISS}&login_hint=u&target_link_uri={TARGET}&lti_deployment_id={DEP}&client_id={CLIENT}"
    ))
    .unwrap();
    let regs: Registrations = [reg()].into_iter().collect();
    handle_login(&regs, &l, TARGET, "st-1", "n-1", NOW - 5)
        .unwrap()
        .state
}

fn payload() -> Value {
    json!({
        "iss": ISS, "aud": CLIENT, "azp": CLIENT, "sub": "user-1",
        "exp": NOW + 300, "iat": NOW - 1, "nonce": "n-1",
        "name": "Ada",
        uri::MESSAGE_TYPE: "LtiResourceLinkRequest",
        uri::VERSION: "1.3.0",
        uri::DEPLOYMENT_ID: DEP,
        uri::TARGET_LINK_URI: TARGET,
        uri::RESOURCE_LINK: {"id": "rl-1", "title": "Intro"},
        uri::ROLES: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
        uri::CONTEXT: {"id": "ctx-1", "label": "ECON"},
        "http://vendor.example/x": {"kept": true}
    })
}

fn b64(v: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(v)
}

/// Signs any header and payload with the platform key (raw, so tests control every header member).
fn raw(header: Value, payload: &Value, alg: Algorithm, key: &EncodingKey) -> String {
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    );
    let sig = jsonwebtoken::crypto::sign(input.as_bytes(), key, alg).unwrap();
    format!("{input}.{sig}")
}

fn sign(p: &Value) -> String {
    pkey().sign(p).unwrap()
}

fn validate_with(
    reg: &ToolRegistration,
    keys: &KeySet,
    token: &str,
    expected: Expected<'_>,
    now: i64,
) -> Result<VerifiedLaunch, lti_core::lti::launch::LaunchError> {
    LaunchValidator::new(reg, keys).validate(
        &LaunchForm::new(token, Some("st-1")),
        expected,
        now,
        &MemoryNonceStore::new(),
    )
}

fn validate(token: &str) -> Result<VerifiedLaunch, lti_core::lti::launch::LaunchError> {
    let l = login();
    validate_with(&reg(), &keys(), token, Expected::Login(Some(&l)), NOW)
}

fn code_of(token: &str) -> &'static str {
    match validate(token) {
        Ok(_) => "valid",
        Err(e) => e.code(),
    }
}

fn set(mut v: Value, key: &str, val: Value) -> Value {
    v.as_object_mut().unwrap().insert(key.to_owned(), val);
    v
}

fn del(mut v: Value, key: &str) -> Value {
    v.as_object_mut().unwrap().remove(key);
    v
}

/// One test per negative case: the payload is changed, signed, and must be rejected with the code.
macro_rules! reject_payload {
    ($($name:ident: $mutate:expr => $code:expr;)*) => {$(
        #[test]
        fn $name() {
            let f: fn(Value) -> Value = $mutate;
            let token = sign(&f(payload()));
            assert_eq!(code_of(&token), $code);
        }
    )*};
}

macro_rules! accept_payload {
    ($($name:ident: $mutate:expr;)*) => {$(
        #[test]
        fn $name() {
            let f: fn(Value) -> Value = $mutate;
            let token = sign(&f(payload()));
            let v = validate(&token).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(v.issuer(), ISS);
        }
    )*};
}

// --- Issuer and audience -------------------------------------------------------------------
reject_payload! {
    iss_unknown: |p| set(p, "iss", json!("https://other.example")) => codes::ISS_MISMATCH;
    iss_trailing_slash: |p| set(p, "iss", json!("https://platform.example.edu/")) => codes::ISS_MISMATCH;
    iss_case: |p| set(p, "iss", json!("https://Platform.example.edu")) => codes::ISS_MISMATCH;
    iss_missing: |p| del(p, "iss") => codes::ISS_MISSING;
    aud_string_mismatch: |p| set(p, "aud", json!("client-2")) => codes::AUD_MISMATCH;
    aud_array_without_client: |p| set(p, "aud", json!(["a", "b"])) => codes::AUD_MISMATCH;
    aud_array_untrusted_extra: |p| set(p, "aud", json!([CLIENT, "someone-else"])) => codes::AUD_UNTRUSTED;
    aud_not_first_still_checked_untrusted: |p| set(p, "aud", json!(["someone-else", CLIENT])) => codes::AUD_UNTRUSTED;
    aud_missing: |p| del(p, "aud") => codes::AUD_MISSING;
    aud_wrong_type: |p| set(p, "aud", json!(7)) => codes::CLAIM_TYPE;
    azp_mismatch: |p| set(p, "azp", json!("other")) => codes::AZP_MISMATCH;
}

#[test]
fn aud_multiple_without_azp() {
    let mut r = reg();
    r.trusted_audiences = vec!["partner".into()];
    let t = sign(&del(
        set(payload(), "aud", json!([CLIENT, "partner"])),
        "azp",
    ));
    let l = login();
    assert_eq!(
        validate_with(&r, &keys(), &t, Expected::Login(Some(&l)), NOW)
            .unwrap_err()
            .code,
        codes::AZP_MISSING
    );
    r.require_azp_for_multiple_audiences = false;
    assert!(validate_with(&r, &keys(), &t, Expected::Login(Some(&l)), NOW).is_ok());
}

#[test]
fn aud_array_with_trusted_extra_and_azp_is_valid() {
    let mut r = reg();
    r.trusted_audiences = vec!["partner".into()];
    let t = sign(&set(payload(), "aud", json!(["partner", CLIENT])));
    let l = login();
    assert!(validate_with(&r, &keys(), &t, Expected::Login(Some(&l)), NOW).is_ok());
}

accept_payload! {
    aud_single_element_array: |p| set(p, "aud", json!([CLIENT]));
    azp_absent_single_aud: |p| del(p, "azp");
    anonymous_launch_without_sub: |p| del(p, "sub");
    empty_roles: |p| set(p, uri::ROLES, json!([]));
    short_roles: |p| set(p, uri::ROLES, json!(["Learner", "Instructor"]));
    unknown_roles: |p| set(p, uri::ROLES, json!(["urn:vendor:wizard", "http://purl.imsglobal.org/vocab/lis/v2/membership#Wizard"]));
    exp_within_leeway: |p| set(p, "exp", json!(NOW - 30));
    iat_within_leeway_future: |p| set(p, "iat", json!(NOW + 30));
    fractional_dates: |p| set(set(p, "exp", json!((NOW + 300) as f64 + 0.5)), "iat", json!(NOW as f64 - 0.25));
    nbf_past: |p| set(p, "nbf", json!(NOW - 10));
    custom_non_string_is_warning: |p| set(p, uri::CUSTOM, json!({"n": 1}));
}

// --- Time -----------------------------------------------------------------------------------
reject_payload! {
    expired: |p| set(p, "exp", json!(NOW - 61)) => codes::EXPIRED;
    exp_missing: |p| del(p, "exp") => codes::EXP_MISSING;
    exp_string: |p| set(p, "exp", json!("1700000300")) => codes::EXP_TYPE;
    iat_missing: |p| del(p, "iat") => codes::IAT_MISSING;
    iat_string: |p| set(p, "iat", json!("1700000000")) => codes::IAT_TYPE;
    iat_future: |p| set(p, "iat", json!(NOW + 61)) => codes::IAT_FUTURE;
    iat_too_old: |p| set(set(p, "iat", json!(NOW - 3700)), "exp", json!(NOW + 10)) => codes::IAT_TOO_OLD;
    nbf_future: |p| set(p, "nbf", json!(NOW + 120)) => codes::NOT_YET_VALID;
    nbf_string: |p| set(p, "nbf", json!("soon")) => codes::NBF_TYPE;
}

#[test]
fn leeway_is_per_registration() {
    let mut r = reg();
    r.leeway_seconds = 0;
    let l = login();
    let t = sign(&set(payload(), "exp", json!(NOW - 1)));
    assert_eq!(
        validate_with(&r, &keys(), &t, Expected::Login(Some(&l)), NOW)
            .unwrap_err()
            .code,
        codes::EXPIRED
    );
    r.leeway_seconds = 300;
    let t = sign(&set(payload(), "exp", json!(NOW - 200)));
    assert!(validate_with(&r, &keys(), &t, Expected::Login(Some(&l)), NOW).is_ok());
}

#[test]
fn now_comes_from_the_caller_not_the_clock() {
    // Expired by the wall clock long ago, valid at the caller's `now`.
    let p = set(
        set(payload(), "exp", json!(1_000_300)),
        "iat",
        json!(1_000_000),
    );
    let mut l = login();
    l.created_at = 1_000_000;
    assert!(
        validate_with(
            &reg(),
            &keys(),
            &sign(&p),
            Expected::Login(Some(&l)),
            1_000_010
        )
        .is_ok()
    );
}

// --- Nonce and state ------------------------------------------------------------------------
reject_payload! {
    nonce_missing: |p| del(p, "nonce") => codes::NONCE_MISSING;
    nonce_mismatch: |p| set(p, "nonce", json!("n-2")) => codes::NONCE_MISMATCH;
}

#[test]
fn nonce_replayed() {
    let t = sign(&payload());
    let store = MemoryNonceStore::new();
    let (r, k) = (reg(), keys());
    let v = LaunchValidator::new(&r, &k);
    let l = login();
    let form = LaunchForm::new(&t, Some("st-1"));
    assert!(
        v.validate(&form, Expected::Login(Some(&l)), NOW, &store)
            .is_ok()
    );
    assert_eq!(
        v.validate(&form, Expected::Login(Some(&l)), NOW, &store)
            .unwrap_err()
            .code,
        codes::NONCE_REPLAYED
    );
}

#[test]
fn nonce_without_login_is_single_use() {
    let t = sign(&payload());
    let store = MemoryNonceStore::new();
    let r = reg();
    let k = keys();
    let v = LaunchValidator::new(&r, &k);
    let form = LaunchForm::new(&t, None);
    assert!(
        v.validate(&form, Expected::Nonce(None), NOW, &store)
            .is_ok()
    );
    assert_eq!(
        v.validate(&form, Expected::Nonce(None), NOW, &store)
            .unwrap_err()
            .code,
        codes::NONCE_REPLAYED
    );
    assert_eq!(
        v.validate(
            &form,
            Expected::Nonce(Some("other")),
            NOW,
            &MemoryNonceStore::new()
        )
        .unwrap_err()
        .code,
        codes::NONCE_MISMATCH
    );
}

#[test]
fn state_missing() {
    let l = login();
    let e = LaunchValidator::new(&reg(), &keys())
        .validate(
            &LaunchForm::new(sign(&payload()), None),
            Expected::Login(Some(&l)),
            NOW,
            &MemoryNonceStore::new(),
        )
        .unwrap_err();
    assert_eq!(e.code, codes::STATE_MISSING);
}

#[test]
fn state_not_bound_to_browser() {
    assert_eq!(
        validate_with(
            &reg(),
            &keys(),
            &sign(&payload()),
            Expected::Login(None),
            NOW
        )
        .unwrap_err()
        .code,
        codes::STATE_UNKNOWN
    );
}

#[test]
fn state_mismatch() {
    let mut l = login();
    l.state = "st-other".into();
    assert_eq!(
        validate_with(
            &reg(),
            &keys(),
            &sign(&payload()),
            Expected::Login(Some(&l)),
            NOW
        )
        .unwrap_err()
        .code,
        codes::STATE_MISMATCH
    );
}

#[test]
fn login_state_of_another_registration() {
    let mut l = login();
    l.client_id = "client-2".into();
    assert_eq!(
        validate_with(
            &reg(),
            &keys(),
            &sign(&payload()),
            Expected::Login(Some(&l)),
            NOW
        )
        .unwrap_err()
        .code,
        codes::REGISTRATION_UNKNOWN
    );
}

#[test]
fn state_expired() {
    let mut l = login();
    l.created_at = NOW - 601;
    assert_eq!(
        validate_with(
            &reg(),
            &keys(),
            &sign(&payload()),
            Expected::Login(Some(&l)),
            NOW
        )
        .unwrap_err()
        .code,
        codes::STATE_EXPIRED
    );
}

#[test]
fn state_reused_and_unknown_with_store() {
    let store = MemoryStateStore::new(600);
    store.put(login());
    let t = sign(&payload());
    let r = reg();
    let k = keys();
    let v = LaunchValidator::new(&r, &k);
    let form = LaunchForm::new(&t, Some("st-1"));
    assert!(
        v.validate(
            &form,
            Expected::Store(&store),
            NOW,
            &MemoryNonceStore::new()
        )
        .is_ok()
    );
    assert_eq!(
        v.validate(
            &form,
            Expected::Store(&store),
            NOW,
            &MemoryNonceStore::new()
        )
        .unwrap_err()
        .code,
        codes::STATE_REUSED
    );
    let other = LaunchForm::new(&t, Some("never-issued"));
    assert_eq!(
        v.validate(
            &other,
            Expected::Store(&store),
            NOW,
            &MemoryNonceStore::new()
        )
        .unwrap_err()
        .code,
        codes::STATE_UNKNOWN
    );
}

// --- LTI claims -----------------------------------------------------------------------------
reject_payload! {
    message_type_missing: |p| del(p, uri::MESSAGE_TYPE) => codes::MESSAGE_TYPE_MISSING;
    message_type_unknown: |p| set(p, uri::MESSAGE_TYPE, json!("LtiMadeUpRequest")) => codes::MESSAGE_TYPE_UNKNOWN;
    message_type_tool_originating: |p| set(p, uri::MESSAGE_TYPE, json!("LtiDeepLinkingResponse")) => codes::MESSAGE_TYPE_DISABLED;
    version_missing: |p| del(p, uri::VERSION) => codes::VERSION_MISSING;
    version_wrong: |p| set(p, uri::VERSION, json!("1.3.1")) => codes::VERSION_UNSUPPORTED;
    version_prefix_only: |p| set(p, uri::VERSION, json!("1.3")) => codes::VERSION_UNSUPPORTED;
    deployment_missing: |p| del(p, uri::DEPLOYMENT_ID) => codes::DEPLOYMENT_ID_MISSING;
    deployment_empty: |p| set(p, uri::DEPLOYMENT_ID, json!("")) => codes::DEPLOYMENT_ID_EMPTY;
    deployment_too_long: |p| set(p, uri::DEPLOYMENT_ID, json!("d".repeat(256))) => codes::DEPLOYMENT_ID_TOO_LONG;
    deployment_not_registered: |p| set(p, uri::DEPLOYMENT_ID, json!("dep-9")) => codes::DEPLOYMENT_UNKNOWN;
    target_link_uri_missing: |p| del(p, uri::TARGET_LINK_URI) => codes::TARGET_LINK_URI_MISSING;
    target_link_uri_mismatch: |p| set(p, uri::TARGET_LINK_URI, json!("https://tool.example/elsewhere")) => codes::TARGET_LINK_URI_MISMATCH;
    resource_link_missing: |p| del(p, uri::RESOURCE_LINK) => codes::RESOURCE_LINK_MISSING;
    resource_link_id_missing: |p| set(p, uri::RESOURCE_LINK, json!({"title": "x"})) => codes::RESOURCE_LINK_ID_MISSING;
    resource_link_id_empty: |p| set(p, uri::RESOURCE_LINK, json!({"id": ""})) => codes::RESOURCE_LINK_ID_EMPTY;
    resource_link_id_too_long: |p| set(p, uri::RESOURCE_LINK, json!({"id": "r".repeat(256)})) => codes::RESOURCE_LINK_ID_TOO_LONG;
    roles_missing: |p| del(p, uri::ROLES) => codes::ROLES_MISSING;
    roles_not_array: |p| set(p, uri::ROLES, json!("Learner")) => codes::ROLES_TYPE;
    sub_empty: |p| set(p, "sub", json!("")) => codes::SUB_EMPTY;
    sub_too_long: |p| set(p, "sub", json!("u".repeat(256))) => codes::SUB_TOO_LONG;
    context_without_id: |p| set(p, uri::CONTEXT, json!({"title": "x"})) => codes::CONTEXT_ID_MISSING;
    tool_platform_without_guid: |p| set(p, uri::TOOL_PLATFORM, json!({"name": "x"})) => codes::TOOL_PLATFORM_GUID_MISSING;
    dl_settings_missing: |p| set(del(p, uri::RESOURCE_LINK), uri::MESSAGE_TYPE, json!("LtiDeepLinkingRequest")) => codes::DL_SETTINGS_MISSING;
    dl_return_url_missing: |p| set(set(p, uri::MESSAGE_TYPE, json!("LtiDeepLinkingRequest")), uri::DL_SETTINGS, json!({"accept_types": ["link"], "accept_presentation_document_targets": ["iframe"]})) => codes::DL_RETURN_URL_MISSING;
    dl_accept_types_missing: |p| set(set(p, uri::MESSAGE_TYPE, json!("LtiDeepLinkingRequest")), uri::DL_SETTINGS, json!({"deep_link_return_url": "https://p/dl", "accept_presentation_document_targets": ["iframe"]})) => codes::DL_ACCEPT_TYPES_MISSING;
    dl_targets_missing: |p| set(set(p, uri::MESSAGE_TYPE, json!("LtiDeepLinkingRequest")), uri::DL_SETTINGS, json!({"deep_link_return_url": "https://p/dl", "accept_types": ["link"]})) => codes::DL_TARGETS_MISSING;
    submission_review_without_for_user: |p| set(set(p, uri::MESSAGE_TYPE, json!("LtiSubmissionReviewRequest")), uri::AGS_ENDPOINT, json!({"scope": [], "lineitem": "https://p/li/1"})) => codes::FOR_USER_MISSING;
    submission_review_without_lineitem: |p| set(set(p, uri::MESSAGE_TYPE, json!("LtiSubmissionReviewRequest")), uri::FOR_USER, json!({"user_id": "s"})) => codes::AGS_ENDPOINT_MISSING;
}

#[test]
fn login_deployment_mismatch() {
    let mut r = reg();
    r.deployment_ids.push("dep-2".into());
    let l = login();
    let t = sign(&set(payload(), uri::DEPLOYMENT_ID, json!("dep-2")));
    assert_eq!(
        validate_with(&r, &keys(), &t, Expected::Login(Some(&l)), NOW)
            .unwrap_err()
            .code,
        codes::DEPLOYMENT_MISMATCH
    );
}

#[test]
fn anonymous_forbidden_by_policy() {
    let mut r = reg();
    r.allow_anonymous = false;
    let l = login();
    let t = sign(&del(payload(), "sub"));
    assert_eq!(
        validate_with(&r, &keys(), &t, Expected::Login(Some(&l)), NOW)
            .unwrap_err()
            .code,
        codes::ANONYMOUS_FORBIDDEN
    );
}

#[test]
fn message_type_not_enabled() {
    let mut r = reg();
    r.enabled_message_types = vec!["LtiDeepLinkingRequest".into()];
    let l = login();
    assert_eq!(
        validate_with(
            &r,
            &keys(),
            &sign(&payload()),
            Expected::Login(Some(&l)),
            NOW
        )
        .unwrap_err()
        .code,
        codes::MESSAGE_TYPE_DISABLED
    );
}

#[test]
fn claim_errors_carry_all_problems_and_a_pointer() {
    let p = set(
        del(payload(), uri::VERSION),
        uri::CONTEXT,
        json!({"title": "x"}),
    );
    let e = validate(&sign(&p)).unwrap_err();
    assert!(e.problems.errors() >= 2, "{:?}", e.problems);
    assert!(e.pointer.is_some());
    assert_eq!(e.kind, LaunchErrorKind::Rejected);
}

// --- Header and signature -------------------------------------------------------------------
fn p1_enc() -> EncodingKey {
    EncodingKey::from_rsa_pem(P1).unwrap()
}

#[test]
fn jwt_with_two_parts() {
    assert_eq!(code_of("eyJhbGciOiJSUzI1NiJ9.eyJ9"), codes::JWT_MALFORMED);
}

#[test]
fn jwt_with_four_parts() {
    assert_eq!(
        code_of(&format!("{}.x", sign(&payload()))),
        codes::JWT_MALFORMED
    );
}

#[test]
fn jwt_not_base64url() {
    assert_eq!(code_of("eyJ+bGciOiJSUzI1NiJ9.e30.c2ln"), codes::JWT_BASE64);
    assert_eq!(code_of("eyJhbGciOiJSUzI1NiJ9.e30.c2l=n"), codes::JWT_BASE64);
}

#[test]
fn jwt_header_not_json() {
    assert_eq!(
        code_of(&format!("{}.e30.c2ln", b64(b"not json"))),
        codes::JWT_HEADER_JSON
    );
}

#[test]
fn jwt_payload_not_json() {
    let t = format!(
        "{}.{}.c2ln",
        b64(br#"{"alg":"RS256","kid":"p1"}"#),
        b64(b"[1,2")
    );
    assert_eq!(code_of(&t), codes::JWT_PAYLOAD_JSON);
}

#[test]
fn jwt_payload_not_an_object() {
    let t = format!(
        "{}.{}.c2ln",
        b64(br#"{"alg":"RS256","kid":"p1"}"#),
        b64(b"[1,2]")
    );
    assert_eq!(code_of(&t), codes::JWT_PAYLOAD_JSON);
}

/// A claim or header parameter named twice is refused (RFC 7519 §4 would allow keeping the last
/// one; another reader could keep the first).
#[test]
fn jwt_duplicate_member() {
    let header = b64(br#"{"alg":"RS256","kid":"p1"}"#);
    for payload in [
        &br#"{"nonce":"a","sub":"s","nonce":"b"}"#[..],
        &br#"{"https://purl.imsglobal.org/spec/lti/claim/context":{"id":"1","id":"2"}}"#[..],
    ] {
        let t = format!("{header}.{}.c2ln", b64(payload));
        assert_eq!(code_of(&t), codes::JWT_DUPLICATE_MEMBER);
    }
    let t = format!(
        "{}.{}.c2ln",
        b64(br#"{"alg":"RS256","kid":"p1","kid":"p2"}"#),
        b64(b"{}")
    );
    assert_eq!(code_of(&t), codes::JWT_DUPLICATE_MEMBER);
    // A correctly signed token with a duplicate claim is refused before its signature is checked.
    let signed = sign(&payload());
    let parts: Vec<&str> = signed.split('.').collect();
    let mut claims =
        String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("utf8");
    claims.insert_str(1, r#""nonce":"replayed","#);
    let forged = format!("{}.{}.{}", parts[0], b64(claims.as_bytes()), parts[2]);
    assert_eq!(code_of(&forged), codes::JWT_DUPLICATE_MEMBER);
}

#[test]
fn jwt_too_large() {
    let big = set(payload(), "pad", json!("x".repeat(70_000)));
    assert_eq!(code_of(&sign(&big)), codes::JWT_TOO_LARGE);
}

#[test]
fn alg_none() {
    let t = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","kid":"p1"}"#),
        b64(payload().to_string().as_bytes())
    );
    assert_eq!(code_of(&t), codes::JWT_ALG_NONE);
}

#[test]
fn alg_hs256_with_the_public_key_as_secret() {
    // The classic key-confusion attack: HMAC keyed with the platform's public key.
    let t = raw(
        json!({"alg": "HS256", "kid": "p1"}),
        &payload(),
        Algorithm::HS256,
        &EncodingKey::from_secret(P1_PUB),
    );
    assert_eq!(code_of(&t), codes::JWT_ALG_SYMMETRIC);
}

#[test]
fn alg_not_in_allow_list() {
    let t = raw(
        json!({"alg": "RS512", "kid": "p1", "typ": "JWT"}),
        &payload(),
        Algorithm::RS512,
        &p1_enc(),
    );
    assert_eq!(code_of(&t), codes::JWT_ALG_NOT_ALLOWED);
}

#[test]
fn alg_allowed_when_registered() {
    let mut r = reg();
    r.allowed_algs = vec![SigningAlg::RS256, SigningAlg::PS256];
    // The published JWK says alg RS256: the same key may not be used for PS256.
    let t = raw(
        json!({"alg": "PS256", "kid": "p1"}),
        &payload(),
        Algorithm::PS256,
        &p1_enc(),
    );
    let l = login();
    assert_eq!(
        validate_with(&r, &keys(), &t, Expected::Login(Some(&l)), NOW)
            .unwrap_err()
            .code,
        codes::JWT_KEY_MISMATCH
    );
    // A JWK without alg accepts any algorithm of its key family.
    let mut set_ = jwks();
    set_.keys[0].alg = None;
    assert!(
        validate_with(
            &r,
            &KeySet::from_jwks(&set_),
            &t,
            Expected::Login(Some(&l)),
            NOW
        )
        .is_ok()
    );
}

#[test]
fn alg_unsupported() {
    let t = format!(
        "{}.{}.c2ln",
        b64(br#"{"alg":"XY999","kid":"p1"}"#),
        b64(payload().to_string().as_bytes())
    );
    assert_eq!(code_of(&t), codes::JWT_ALG_UNSUPPORTED);
}

#[test]
fn alg_for_the_wrong_key_type() {
    let mut r = reg();
    r.allowed_algs = vec![SigningAlg::ES256];
    let t = format!(
        "{}.{}.c2ln",
        b64(br#"{"alg":"ES256","kid":"p1"}"#),
        b64(payload().to_string().as_bytes())
    );
    let l = login();
    assert_eq!(
        validate_with(&r, &keys(), &t, Expected::Login(Some(&l)), NOW)
            .unwrap_err()
            .code,
        codes::JWT_KEY_MISMATCH
    );
}

#[test]
fn kid_missing() {
    let t = raw(
        json!({"alg": "RS256"}),
        &payload(),
        Algorithm::RS256,
        &p1_enc(),
    );
    assert_eq!(code_of(&t), codes::JWT_KID_MISSING);
}

#[test]
fn kid_unknown_asks_for_a_key_refresh() {
    let t = raw(
        json!({"alg": "RS256", "kid": "p2"}),
        &payload(),
        Algorithm::RS256,
        &EncodingKey::from_rsa_pem(P2).unwrap(),
    );
    let e = validate(&t).unwrap_err();
    assert_eq!(e.code, codes::JWT_KID_UNKNOWN);
    assert_eq!(e.kind, LaunchErrorKind::RefreshKeys);
    assert!(e.should_refresh_keys());
}

#[test]
fn key_rotation_refetch_once() {
    let p2 = SigningKey::from_rsa_pem("p2", P2).unwrap();
    let t = p2.sign(&payload()).unwrap();
    let r = reg();
    let old = keys();
    let v = LaunchValidator::new(&r, &old);
    let l = login();
    let form = LaunchForm::new(&t, Some("st-1"));
    let mut calls = 0;
    let ok = v.validate_with_refresh(
        &form,
        Expected::Login(Some(&l)),
        NOW,
        &MemoryNonceStore::new(),
        || {
            calls += 1;
            Some(KeySet::from_jwks(&publish_jwks([&pkey(), &p2])))
        },
    );
    assert!(ok.is_ok());
    assert_eq!(calls, 1);
    // Still unknown after the refetch: rejected, not another refresh request.
    let e = v
        .validate_with_refresh(
            &form,
            Expected::Login(Some(&l)),
            NOW,
            &MemoryNonceStore::new(),
            || Some(keys()),
        )
        .unwrap_err();
    assert_eq!(
        (e.code, e.kind),
        (codes::JWT_KID_UNKNOWN, LaunchErrorKind::Rejected)
    );
    let e = v
        .validate_with_refresh(
            &form,
            Expected::Login(Some(&l)),
            NOW,
            &MemoryNonceStore::new(),
            || None,
        )
        .unwrap_err();
    assert_eq!(e.kind, LaunchErrorKind::RefreshKeys);
}

#[test]
fn key_use_enc_rejected() {
    let mut s = jwks();
    s.keys[0].key_use = Some("enc".into());
    let l = login();
    assert_eq!(
        validate_with(
            &reg(),
            &KeySet::from_jwks(&s),
            &sign(&payload()),
            Expected::Login(Some(&l)),
            NOW
        )
        .unwrap_err()
        .code,
        codes::JWT_KEY_USE
    );
}

#[test]
fn key_material_unusable() {
    let mut s = jwks();
    s.keys[0].n = Some("***".into());
    let l = login();
    assert_eq!(
        validate_with(
            &reg(),
            &KeySet::from_jwks(&s),
            &sign(&payload()),
            Expected::Login(Some(&l)),
            NOW
        )
        .unwrap_err()
        .code,
        codes::JWT_KEY_INVALID
    );
}

#[test]
fn signature_one_byte_flipped() {
    let t = sign(&payload());
    let (head, sig) = t.rsplit_once('.').unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(sig).unwrap();
    bytes[10] ^= 0x01;
    assert_eq!(
        code_of(&format!("{head}.{}", b64(&bytes))),
        codes::JWT_SIGNATURE
    );
}

#[test]
fn payload_tampered() {
    let t = sign(&payload());
    let mut parts: Vec<String> = t.split('.').map(str::to_owned).collect();
    parts[1] = b64(set(payload(), "sub", json!("admin")).to_string().as_bytes());
    assert_eq!(code_of(&parts.join(".")), codes::JWT_SIGNATURE);
}

#[test]
fn signed_by_another_key_with_a_known_kid() {
    let t = raw(
        json!({"alg": "RS256", "kid": "p1"}),
        &payload(),
        Algorithm::RS256,
        &EncodingKey::from_rsa_pem(TOOL).unwrap(),
    );
    assert_eq!(code_of(&t), codes::JWT_SIGNATURE);
}

#[test]
fn header_key_references_are_ignored_not_fetched() {
    let t = raw(
        json!({"alg": "RS256", "kid": "p1", "jku": "https://attacker.example/jwks", "x5u": "https://attacker.example/cert"}),
        &payload(),
        Algorithm::RS256,
        &p1_enc(),
    );
    let v = validate(&t).unwrap();
    assert!(v.warnings().has_code(codes::JWT_HEADER_KEY_REFERENCE));
}

#[test]
fn crit_header_rejected() {
    let t = raw(
        json!({"alg": "RS256", "kid": "p1", "crit": ["exp"]}),
        &payload(),
        Algorithm::RS256,
        &p1_enc(),
    );
    assert_eq!(code_of(&t), codes::JWT_CRIT);
}

// --- Valid launches -------------------------------------------------------------------------
#[test]
fn valid_resource_link_launch_is_typed() {
    let v = validate(&sign(&payload())).unwrap();
    assert_eq!(v.message_type(), MessageType::ResourceLinkRequest);
    assert_eq!(v.client_id(), CLIENT);
    assert_eq!(v.deployment_id().as_str(), DEP);
    assert_eq!(v.user_id(), Some("user-1"));
    let LtiMessage::ResourceLink(rl) = v.message() else {
        panic!()
    };
    assert_eq!(rl.resource_link.id, "rl-1");
    assert_eq!(rl.roles[0].context_role(), Some(ContextRole::Learner));
    assert_eq!(
        v.claims().context.as_ref().unwrap().label.as_deref(),
        Some("ECON")
    );
    assert_eq!(
        v.claims().extensions["http://vendor.example/x"],
        json!({"kept": true})
    );
    assert_eq!(v.claims().name.as_deref(), Some("Ada"));
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["message"]["message_type"], "LtiResourceLinkRequest");
}

#[test]
fn valid_anonymous_deep_linking_request() {
    let p = set(
        set(
            del(del(payload(), "sub"), uri::RESOURCE_LINK),
            uri::MESSAGE_TYPE,
            json!("LtiDeepLinkingRequest"),
        ),
        uri::DL_SETTINGS,
        json!({"deep_link_return_url": "https://platform.example.edu/dl", "accept_types": ["ltiResourceLink"], "accept_presentation_document_targets": ["iframe"], "data": "opaque"}),
    );
    let v = validate(&sign(&p)).unwrap();
    assert_eq!(v.user_id(), None);
    let LtiMessage::DeepLinking(dl) = v.message() else {
        panic!()
    };
    assert_eq!(dl.settings.data.as_deref(), Some("opaque"));
}

// --- Platform side --------------------------------------------------------------------------
fn tool_record() -> ToolRecord {
    ToolRecord::new(CLIENT, &[TARGET], &[DEP])
}

fn auth_request(state: &str, nonce: &str) -> AuthRequest {
    let l = LoginRequest::parse_query(&format!("iss={ISS}&login_hint=user-1&target_link_uri={TARGET}&lti_message_hint=mh%7B%7D&client_id={CLIENT}")).unwrap();
    let regs: Registrations = [reg()].into_iter().collect();
    let redirect = handle_login(&regs, &l, TARGET, state, nonce, NOW).unwrap();
    AuthRequest::parse(redirect.url.split_once('?').unwrap().1.as_bytes())
}

#[test]
fn platform_issues_launch_tool_validates() {
    let platform = Platform::new(ISS, pkey());
    let req = auth_request("st-1", "n-1");
    let mut claims = platform::resource_link_claims(
        DEP,
        TARGET,
        ResourceLink::new("rl-9"),
        vec![Role::from(ContextRole::Instructor)],
    );
    claims.sub = Some("user-1".into());
    let issued = platform
        .issue_launch(
            &req,
            &tool_record(),
            &PendingLogin::new("user-1", Some("mh{}")),
            claims,
            NOW,
            300,
        )
        .unwrap();
    assert!(issued.form().contains("name=\"id_token\""));
    let mut l = login();
    l.lti_deployment_id = None;
    let v = validate_with(
        &reg(),
        &keys(),
        &issued.id_token,
        Expected::Login(Some(&l)),
        NOW,
    )
    .unwrap();
    let LtiMessage::ResourceLink(rl) = v.message() else {
        panic!()
    };
    assert_eq!(rl.resource_link.id, "rl-9");
}

#[test]
fn platform_checks_the_auth_request() {
    let platform = Platform::new(ISS, pkey());
    let pending = PendingLogin::new("user-1", Some("mh{}"));
    let claims = || platform::resource_link_claims(DEP, TARGET, ResourceLink::new("r"), vec![]);
    let tool = tool_record();
    type Mutation = Box<dyn Fn(&mut AuthRequest)>;
    let cases: Vec<(Mutation, &str)> = vec![
        (
            Box::new(|r| r.scope = "openid profile".into()),
            codes::AUTH_PARAM,
        ),
        (
            Box::new(|r| r.response_type = "code".into()),
            codes::AUTH_PARAM,
        ),
        (
            Box::new(|r| r.response_mode = "query".into()),
            codes::AUTH_PARAM,
        ),
        (Box::new(|r| r.prompt = "login".into()), codes::AUTH_PARAM),
        (
            Box::new(|r| r.client_id = "other".into()),
            codes::AUTH_CLIENT_UNKNOWN,
        ),
        (
            Box::new(|r| r.redirect_uri = "https://attacker.example/".into()),
            codes::AUTH_REDIRECT_URI,
        ),
        (
            Box::new(|r| r.login_hint = "user-2".into()),
            codes::AUTH_LOGIN_HINT,
        ),
        (
            Box::new(|r| r.lti_message_hint = Some("changed".into())),
            codes::AUTH_MESSAGE_HINT,
        ),
        (
            Box::new(|r| r.nonce = String::new()),
            codes::AUTH_NONCE_MISSING,
        ),
    ];
    for (mutate, code) in cases {
        let mut req = auth_request("s", "n");
        mutate(&mut req);
        assert_eq!(
            platform
                .issue_launch(&req, &tool, &pending, claims(), NOW, 60)
                .unwrap_err()
                .code,
            code
        );
    }
    let req = auth_request("s", "n");
    let bad = platform::resource_link_claims("dep-x", TARGET, ResourceLink::new("r"), vec![]);
    assert_eq!(
        platform
            .issue_launch(&req, &tool, &pending, bad, NOW, 60)
            .unwrap_err()
            .code,
        codes::DEPLOYMENT_UNKNOWN
    );
    let mut no_rl = claims();
    no_rl.resource_link = None;
    assert_eq!(
        platform
            .issue_launch(&req, &tool, &pending, no_rl, NOW, 60)
            .unwrap_err()
            .code,
        codes::RESOURCE_LINK_MISSING
    );
}

fn dl_settings() -> DeepLinkingSettings {
    let mut s = DeepLinkingSettings::new(
        "https://platform.example.edu/dl",
        &["ltiResourceLink", "link"],
        &["iframe", "window"],
    );
    s.accept_multiple = Some(true);
    s.accept_lineitem = Some(true);
    s.data = Some("csrf-123".into());
    s
}

fn tool_keys() -> KeySet {
    KeySet::from_jwks(&publish_jwks([
        &SigningKey::from_rsa_pem("t1", TOOL).unwrap()
    ]))
}

#[test]
fn deep_linking_round_trip() {
    let tool_key = SigningKey::from_rsa_pem("t1", TOOL).unwrap();
    let jwt = DeepLinkingResponseBuilder::new(dl_settings(), CLIENT, ISS, DEP.into())
        .item(
            ContentItem::lti_resource_link()
                .with_title("Quiz")
                .with_line_item(LineItemRequest::new(10.0))
                .with_custom("a", "1"),
        )
        .item(ContentItem::link("https://x.example"))
        .msg("2 items")
        .sign(&tool_key, NOW, 300, "dl-nonce")
        .unwrap();
    let platform = Platform::new(ISS, pkey());
    let nonces = MemoryNonceStore::new();
    let v = platform
        .verify_deep_linking_response(
            &jwt,
            &tool_record(),
            &tool_keys(),
            &dl_settings(),
            DEP,
            NOW,
            &nonces,
        )
        .unwrap();
    assert_eq!(v.items.len(), 2);
    assert_eq!(v.items[0].custom.as_ref().unwrap()["a"], "1");
    assert_eq!(v.claims.dl_msg.as_deref(), Some("2 items"));
    let e = platform
        .verify_deep_linking_response(
            &jwt,
            &tool_record(),
            &tool_keys(),
            &dl_settings(),
            DEP,
            NOW,
            &nonces,
        )
        .unwrap_err();
    assert_eq!(e.code, codes::NONCE_REPLAYED);
    let mut other = dl_settings();
    other.data = Some("csrf-999".into());
    let e = platform
        .verify_deep_linking_response(
            &jwt,
            &tool_record(),
            &tool_keys(),
            &other,
            DEP,
            NOW,
            &MemoryNonceStore::new(),
        )
        .unwrap_err();
    assert_eq!(e.code, codes::DL_DATA_MISMATCH);
    let mut single = dl_settings();
    single.accept_multiple = Some(false);
    let e = platform
        .verify_deep_linking_response(
            &jwt,
            &tool_record(),
            &tool_keys(),
            &single,
            DEP,
            NOW,
            &MemoryNonceStore::new(),
        )
        .unwrap_err();
    assert_eq!(e.code, codes::DL_MULTIPLE_NOT_ACCEPTED);
    let mut links_only = dl_settings();
    links_only.accept_types = vec!["link".into()];
    let e = platform
        .verify_deep_linking_response(
            &jwt,
            &tool_record(),
            &tool_keys(),
            &links_only,
            DEP,
            NOW,
            &MemoryNonceStore::new(),
        )
        .unwrap_err();
    assert_eq!(e.code, codes::DL_TYPE_NOT_ACCEPTED);
    let e = platform
        .verify_deep_linking_response(
            &jwt,
            &tool_record(),
            &tool_keys(),
            &dl_settings(),
            "dep-2",
            NOW,
            &MemoryNonceStore::new(),
        )
        .unwrap_err();
    assert_eq!(e.code, codes::DL_RESPONSE_DEPLOYMENT);
    let e = platform
        .verify_deep_linking_response(
            &jwt,
            &tool_record(),
            &keys(),
            &dl_settings(),
            DEP,
            NOW,
            &MemoryNonceStore::new(),
        )
        .unwrap_err();
    assert_eq!(e.code, codes::JWT_KID_UNKNOWN);
    let e = platform
        .verify_deep_linking_response(
            &jwt,
            &tool_record(),
            &tool_keys(),
            &dl_settings(),
            DEP,
            NOW + 1000,
            &MemoryNonceStore::new(),
        )
        .unwrap_err();
    assert_eq!(e.code, codes::EXPIRED);
    let other_tool = ToolRecord::new("client-2", &[], &[DEP]);
    let e = platform
        .verify_deep_linking_response(
            &jwt,
            &other_tool,
            &tool_keys(),
            &dl_settings(),
            DEP,
            NOW,
            &MemoryNonceStore::new(),
        )
        .unwrap_err();
    assert_eq!(e.code, codes::ISS_MISMATCH);
    let wrong_aud = Platform::new("https://other.example", pkey());
    let e = wrong_aud
        .verify_deep_linking_response(
            &jwt,
            &tool_record(),
            &tool_keys(),
            &dl_settings(),
            DEP,
            NOW,
            &MemoryNonceStore::new(),
        )
        .unwrap_err();
    assert_eq!(e.code, codes::AUD_MISMATCH);
}

#[test]
fn deep_linking_response_lineitem_refused_when_not_accepted() {
    let mut s = dl_settings();
    s.accept_lineitem = Some(false);
    let b = DeepLinkingResponseBuilder::new(s, CLIENT, ISS, DEP.into())
        .item(ContentItem::lti_resource_link().with_line_item(LineItemRequest::new(5.0)));
    let e = b
        .sign(
            &SigningKey::from_rsa_pem("t1", TOOL).unwrap(),
            NOW,
            300,
            "n",
        )
        .unwrap_err();
    assert_eq!(e.code(), codes::DL_LINEITEM_NOT_ACCEPTED);
}

#[test]
fn service_token_flow() {
    let tool_key = SigningKey::from_rsa_pem("t1", TOOL).unwrap();
    let r = reg().with_token_url("https://platform.example.edu/token");
    let scopes = [ags::SCOPE_SCORE, nrps::SCOPE_MEMBERSHIP_READONLY];
    let req = token::token_request(&r, &tool_key, &scopes, NOW, "jti-1").unwrap();
    assert_eq!(req.uri(), "https://platform.example.edu/token");
    let platform = Platform::new(ISS, pkey());
    let tk = tool_keys();
    let lookup = |c: &str| (c == CLIENT).then_some(&tk);
    let jtis = MemoryNonceStore::new();
    let aud = ["https://platform.example.edu/token"];
    let v = platform
        .verify_token_request(req.body(), &aud, lookup, NOW, &jtis)
        .unwrap();
    assert_eq!(v.client_id, CLIENT);
    assert_eq!(v.scopes.len(), 2);
    assert_eq!(
        platform
            .verify_token_request(req.body(), &aud, lookup, NOW, &jtis)
            .unwrap_err()
            .code,
        codes::TOKEN_JTI_REPLAYED
    );
    assert_eq!(
        platform
            .verify_token_request(
                req.body(),
                &["https://elsewhere"],
                lookup,
                NOW,
                &MemoryNonceStore::new()
            )
            .unwrap_err()
            .code,
        codes::TOKEN_AUD
    );
    assert_eq!(
        platform
            .verify_token_request(
                req.body(),
                &aud,
                lookup,
                NOW + 1000,
                &MemoryNonceStore::new()
            )
            .unwrap_err()
            .code,
        codes::EXPIRED
    );
    assert_eq!(
        platform
            .verify_token_request(req.body(), &aud, |_| None, NOW, &MemoryNonceStore::new())
            .unwrap_err()
            .code,
        codes::AUTH_CLIENT_UNKNOWN
    );
    assert_eq!(
        platform
            .verify_token_request(b"grant_type=password", &aud, lookup, NOW, &jtis)
            .unwrap_err()
            .code,
        codes::TOKEN_GRANT_TYPE
    );
    assert_eq!(
        platform
            .verify_token_request(
                b"grant_type=client_credentials&client_assertion_type=x",
                &aud,
                lookup,
                NOW,
                &jtis
            )
            .unwrap_err()
            .code,
        codes::TOKEN_ASSERTION_TYPE
    );
    let no_assertion = format!(
        "grant_type=client_credentials&client_assertion_type={}",
        "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
    );
    assert_eq!(
        platform
            .verify_token_request(no_assertion.as_bytes(), &aud, lookup, NOW, &jtis)
            .unwrap_err()
            .code,
        codes::TOKEN_PARAM_MISSING
    );
    // iss ≠ sub.
    let bad = tool_key.sign(&json!({"iss": CLIENT, "sub": "someone", "aud": aud[0], "iat": NOW, "exp": NOW + 60, "jti": "j"})).unwrap();
    let body = format!("{no_assertion}&client_assertion={bad}&scope=x");
    assert_eq!(
        platform
            .verify_token_request(body.as_bytes(), &aud, lookup, NOW, &jtis)
            .unwrap_err()
            .code,
        codes::TOKEN_ISS_SUB
    );
    let no_jti = tool_key
        .sign(&json!({"iss": CLIENT, "sub": CLIENT, "aud": aud[0], "iat": NOW, "exp": NOW + 60}))
        .unwrap();
    let body = format!("{no_assertion}&client_assertion={no_jti}&scope=x");
    assert_eq!(
        platform
            .verify_token_request(body.as_bytes(), &aud, lookup, NOW, &jtis)
            .unwrap_err()
            .code,
        codes::TOKEN_JTI_MISSING
    );
    let resp = platform::token_response("tok", 3600, &scopes);
    let t = token::parse_token_response(&resp, NOW).unwrap();
    assert_eq!(t.expires_at, Some(NOW + 3600));
    assert_ne!(
        token::cache_key(ISS, CLIENT, &scopes),
        token::cache_key(ISS, "client-2", &scopes)
    );
}

// --- Shared corpus --------------------------------------------------------------------------
fn corpus() -> Option<PathBuf> {
    let base = std::env::var_os("IMS_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    let dir = base.join("corpus/lti");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipping: {} not found", dir.display());
        None
    }
}

fn read(dir: &std::path::Path, rel: &str) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join(rel)).unwrap()).unwrap()
}

/// Re-addresses a corpus payload to our test platform and signs it, then validates it.
fn validate_corpus_payload(
    mut p: Value,
) -> Result<VerifiedLaunch, lti_core::lti::launch::LaunchError> {
    for (k, v) in [
        ("iss", json!(ISS)),
        ("aud", json!([CLIENT])),
        ("azp", json!(CLIENT)),
        ("exp", json!(NOW + 300)),
        ("iat", json!(NOW)),
        ("nonce", json!("n-1")),
        (uri::DEPLOYMENT_ID, json!(DEP)),
    ] {
        p[k] = v;
    }
    let target = p
        .get(uri::TARGET_LINK_URI)
        .and_then(Value::as_str)
        .unwrap_or(TARGET)
        .to_owned();
    let mut l = login();
    l.target_link_uri = target;
    validate_with(&reg(), &keys(), &sign(&p), Expected::Login(Some(&l)), NOW)
}

#[test]
fn corpus_launches_validate_and_round_trip() {
    let Some(dir) = corpus() else { return };
    let mut n = 0;
    for rel in [
        "ltiadvantage/LtiResourceLinkRequest.json",
        "lti13hs/example.json",
        "lti13hs/canvas.json",
        "lti13hs/deep-linking-req.json",
        "ltiadvantage/LtiSubmissionReviewRequest.json",
    ] {
        let mut original = read(&dir, rel);
        // Two corpus samples break rules the validator enforces; each is rejected with its code,
        // then completed and accepted.
        if rel.ends_with("deep-linking-req.json") {
            assert_eq!(
                validate_corpus_payload(original.clone()).unwrap_err().code,
                codes::TOOL_PLATFORM_GUID_MISSING
            );
            original[uri::TOOL_PLATFORM]["guid"] = json!("example.org");
        }
        if rel.ends_with("LtiSubmissionReviewRequest.json") {
            assert_eq!(
                validate_corpus_payload(original.clone()).unwrap_err().code,
                codes::AGS_ENDPOINT_MISSING
            );
            original[uri::AGS_ENDPOINT] =
                json!({"scope": [], "lineitem": "https://platform.example.com/li/1"});
        }
        let v = validate_corpus_payload(original.clone()).unwrap_or_else(|e| panic!("{rel}: {e}"));
        // Lossless: every claim of the original is in the typed claim set's serialisation
        // (values equal, nulls aside).
        let back = v.claims().to_value();
        for (k, val) in original.as_object().unwrap() {
            if [
                "iss",
                "aud",
                "azp",
                "exp",
                "iat",
                "nonce",
                uri::DEPLOYMENT_ID,
            ]
            .contains(&k.as_str())
            {
                continue;
            }
            assert_eq!(strip_nulls(&back[k]), strip_nulls(val), "{rel}: {k}");
        }
        n += 1;
    }
    assert_eq!(n, 5);
}

/// Typed scores are `f64`: `60` comes back as `60.0`, the same JSON number by value.
fn numbers_as_f64(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), numbers_as_f64(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(numbers_as_f64).collect()),
        other => other.clone(),
    }
}

fn strip_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), strip_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_nulls).collect()),
        other => other.clone(),
    }
}

#[test]
fn corpus_submission_review_legacy_key_is_read_with_a_warning() {
    let Some(dir) = corpus() else { return };
    let mut p = read(&dir, "ltiadvantage/LtiSubmissionReviewRequest.json");
    p[uri::AGS_ENDPOINT] = json!({"scope": [], "lineitem": "https://platform.example.com/li/1"});
    let v = validate_corpus_payload(p).unwrap();
    assert!(v.warnings().has_code(codes::FOR_USER_LEGACY_KEY));
    let LtiMessage::SubmissionReview(sr) = v.message() else {
        panic!()
    };
    assert_eq!(sr.for_user.user_id, "student-7");
}

#[test]
fn corpus_deep_linking_response_shapes() {
    let Some(dir) = corpus() else { return };
    let resp = read(&dir, "lti13hs/deep-linking-resp.json");
    let claims = Claims::from_value(resp.clone()).unwrap();
    let items = claims.content_items.clone().unwrap();
    assert_eq!(items.len(), 7);
    assert_eq!(items[4].line_item.as_ref().unwrap().score_maximum, 87.0);
    assert_eq!(items[6].kind, "https://www.example.com/custom_type");
    assert_eq!(
        items[3].extensions["https://www.example.com/resourceMetadata"]["license"],
        "CCBY4.0"
    );
    assert_eq!(numbers_as_f64(&claims.to_value()), numbers_as_f64(&resp));
    let req = read(&dir, "lti13hs/deep-linking-req.json");
    let settings = Claims::from_value(req)
        .unwrap()
        .deep_linking_settings
        .unwrap();
    let report = lti_core::lti::deep_linking::check_items(&items, &settings);
    // The custom type is not in accept_types; the rest is.
    assert_eq!(
        report.with_code(codes::DL_TYPE_NOT_ACCEPTED).count(),
        1,
        "{report:?}"
    );
    // Re-sign the corpus response with our tool key and verify it on the platform side.
    let mut signed = resp;
    for (k, v) in [
        ("iss", json!(CLIENT)),
        ("aud", json!(ISS)),
        ("azp", json!(CLIENT)),
        ("exp", json!(NOW + 60)),
        ("iat", json!(NOW)),
        (uri::DEPLOYMENT_ID, json!(DEP)),
    ] {
        signed[k] = v;
    }
    let mut items_json = signed[uri::DL_CONTENT_ITEMS].as_array().unwrap().clone();
    items_json.pop();
    signed[uri::DL_CONTENT_ITEMS] = json!(items_json);
    let jwt = SigningKey::from_rsa_pem("t1", TOOL)
        .unwrap()
        .sign(&signed)
        .unwrap();
    let mut s = settings;
    s.accept_presentation_document_targets.push("embed".into());
    let v = Platform::new(ISS, pkey())
        .verify_deep_linking_response(
            &jwt,
            &tool_record(),
            &tool_keys(),
            &s,
            DEP,
            NOW,
            &MemoryNonceStore::new(),
        )
        .unwrap();
    assert_eq!(v.items.len(), 6);
}

#[test]
fn corpus_ags_shapes_round_trip() {
    let Some(dir) = corpus() else { return };
    let li: ags::LineItem =
        serde_json::from_value(read(&dir, "ltiadvantage/LineItem.json")).unwrap();
    assert_eq!(li.resource_link_id.as_deref(), Some("1g3k4dlk49fk"));
    assert_eq!(
        numbers_as_f64(&serde_json::to_value(&li).unwrap()),
        numbers_as_f64(&read(&dir, "ltiadvantage/LineItem.json"))
    );
    let c: Vec<ags::LineItem> =
        serde_json::from_value(read(&dir, "ltiadvantage/LineItemContainer.json")).unwrap();
    assert_eq!(c.len(), 3);
    for rel in ["ltiadvantage/Score.json", "lti13hs/ags-scores-final.json"] {
        let bytes = std::fs::read(dir.join(rel)).unwrap();
        let s = ags::parse_score(&bytes).unwrap();
        assert_eq!(s.grading_progress, ags::GradingProgress::FullyGraded);
        assert_eq!(
            numbers_as_f64(&serde_json::to_value(&s).unwrap()),
            numbers_as_f64(&read(&dir, rel))
        );
    }
    let r: ags::AgsResult = serde_json::from_value(read(&dir, "ltiadvantage/Result.json")).unwrap();
    assert_eq!(r.result_score, Some(0.83));
    let rc: Vec<ags::AgsResult> =
        serde_json::from_value(read(&dir, "ltiadvantage/ResultContainer.json")).unwrap();
    assert_eq!(rc[0], r);
}

#[test]
fn corpus_dynamic_registration_shapes() {
    use lti_core::lti::dynamic_registration as dr;
    let Some(dir) = corpus() else { return };
    let bytes = std::fs::read(dir.join("ltiadvantage/PlatformOpenIdConfiguration.json")).unwrap();
    let (cfg, warnings) = dr::parse_platform_configuration(
        &bytes,
        "https://platform.example.com/.well-known/openid-configuration",
    )
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(cfg.lti.unwrap().messages_supported.len(), 2);
    let tool: dr::ToolConfiguration =
        serde_json::from_value(read(&dir, "ltiadvantage/ToolConfiguration.json")).unwrap();
    assert_eq!(tool.lti.messages[0].kind, "LtiDeepLinkingRequest");
    assert_eq!(
        serde_json::to_value(&tool).unwrap(),
        read(&dir, "ltiadvantage/ToolConfiguration.json")
    );
}

#[test]
fn corpus_claim_sets_pass_structural_checks() {
    use lti_core::lti::message::{CheckOptions, check_claim_set_json};
    let Some(dir) = corpus() else { return };
    for rel in [
        "ltiadvantage/LtiResourceLinkRequest.json",
        "lti13hs/example.json",
        "lti13hs/canvas.json",
        "lti13hs/deep-linking-resp.json",
    ] {
        let (report, typed) = check_claim_set_json(
            &std::fs::read(dir.join(rel)).unwrap(),
            &CheckOptions::full(),
        );
        assert!(report.is_valid(false), "{rel}: {report:?}");
        assert!(typed.is_some(), "{rel}");
    }
    for (rel, code) in [
        (
            "lti13hs/deep-linking-req.json",
            codes::TOOL_PLATFORM_GUID_MISSING,
        ),
        (
            "ltiadvantage/LtiSubmissionReviewRequest.json",
            codes::AGS_ENDPOINT_MISSING,
        ),
    ] {
        let (report, _) = check_claim_set_json(
            &std::fs::read(dir.join(rel)).unwrap(),
            &CheckOptions::full(),
        );
        assert!(report.has_code(code), "{rel}: {report:?}");
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            "[ -~]{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map("(id|type|url|title|[a-z]{1,6})", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn claims_round_trip_keeps_extensions(key in "[a-z]{1,8}", val in "[ -~]{0,16}", n in 0i64..1_000_000) {
            let mut p = payload();
            p[format!("https://vendor.example/{key}")] = json!({"v": val, "n": n});
            let c = Claims::from_value(p.clone()).unwrap();
            prop_assert_eq!(c.to_value(), p);
        }

        #[test]
        fn link_header_round_trip(a in "https://[a-z]{1,10}\\.example/[a-z0-9?=&,;]{0,12}", b in "https://[a-z]{1,10}\\.example/[a-z0-9]{0,12}") {
            use lti_core::lti::link_header;
            let v = link_header::format(&[(&a, "next"), (&b, "differences")]);
            let links = link_header::parse(&v).unwrap();
            prop_assert_eq!(link_header::find(&links, "next"), Some(a.as_str()));
            prop_assert_eq!(link_header::find(&links, "differences"), Some(b.as_str()));
        }

        #[test]
        fn claim_checks_never_panic_on_any_json(v in json_value()) {
            use lti_core::lti::message::{CheckOptions, check_claim_set_json};
            let mut p = payload();
            p[uri::CONTEXT] = v.clone();
            p[uri::DL_SETTINGS] = v.clone();
            p[uri::RESOURCE_LINK] = v.clone();
            p["aud"] = v.clone();
            let _ = check_claim_set_json(p.to_string().as_bytes(), &CheckOptions::full());
            let _ = check_claim_set_json(v.to_string().as_bytes(), &CheckOptions::full());
            let _ = Claims::from_value(p);
        }

        #[test]
        fn garbage_tokens_never_panic(s in "[A-Za-z0-9_.=+/-]{0,200}") {
            let _ = validate(&s);
        }
    }
}
