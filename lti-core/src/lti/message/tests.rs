use super::*;
use serde_json::json;

fn rl() -> Value {
    json!({
        "iss": "https://platform.example.edu",
        "aud": "client-1",
        "exp": 2000, "iat": 1000, "nonce": "n-1",
        "sub": "user-1",
        uri::MESSAGE_TYPE: "LtiResourceLinkRequest",
        uri::VERSION: "1.3.0",
        uri::DEPLOYMENT_ID: "dep-1",
        uri::TARGET_LINK_URI: "https://tool.example/launch",
        uri::RESOURCE_LINK: {"id": "rl-1"},
        uri::ROLES: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
    })
}

fn check(v: &Value) -> Report {
    check_claims(v.as_object().unwrap(), &CheckOptions::full())
}

fn with(mut v: Value, key: &str, val: Value) -> Value {
    v.as_object_mut().unwrap().insert(key.to_owned(), val);
    v
}

fn without(mut v: Value, key: &str) -> Value {
    v.as_object_mut().unwrap().remove(key);
    v
}

#[test]
fn valid_resource_link() {
    let r = check(&rl());
    assert!(r.is_empty(), "{r:?}");
    let (rep, typed) = check_claim_set_json(rl().to_string().as_bytes(), &CheckOptions::full());
    assert!(rep.is_empty());
    let (claims, msg) = typed.unwrap();
    assert_eq!(msg.message_type(), MessageType::ResourceLinkRequest);
    assert_eq!(claims.deployment_id.unwrap().as_str(), "dep-1");
}

#[test]
fn anonymous_and_role_variants_are_valid() {
    assert!(check(&without(rl(), "sub")).is_valid(false));
    assert!(check(&with(rl(), uri::ROLES, json!([]))).is_empty());
    let short = check(&with(rl(), uri::ROLES, json!(["Learner"])));
    assert!(short.is_valid(false) && short.has_code(codes::ROLES_NO_VOCABULARY));
    let vendor = check(&with(rl(), uri::ROLES, json!(["urn:vendor:role:wizard"])));
    assert!(vendor.is_valid(false));
}

#[test]
fn each_missing_claim_has_its_code() {
    let cases: &[(&str, &str)] = &[
        (uri::MESSAGE_TYPE, codes::MESSAGE_TYPE_MISSING),
        (uri::VERSION, codes::VERSION_MISSING),
        (uri::DEPLOYMENT_ID, codes::DEPLOYMENT_ID_MISSING),
        (uri::TARGET_LINK_URI, codes::TARGET_LINK_URI_MISSING),
        (uri::RESOURCE_LINK, codes::RESOURCE_LINK_MISSING),
        (uri::ROLES, codes::ROLES_MISSING),
        ("iss", codes::ISS_MISSING),
        ("aud", codes::AUD_MISSING),
        ("exp", codes::EXP_MISSING),
        ("iat", codes::IAT_MISSING),
        ("nonce", codes::NONCE_MISSING),
    ];
    for (key, code) in cases {
        let r = check(&without(rl(), key));
        assert!(r.has_code(code), "{key}: {r:?}");
        let p = r.with_code(code).next().unwrap();
        assert_eq!(
            p.location.as_json_pointer(),
            Some(crate::location::json_pointer([*key]).as_str())
        );
    }
}

#[test]
fn bad_values_have_their_codes() {
    let cases: Vec<(Value, &str)> = vec![
        (
            with(rl(), uri::MESSAGE_TYPE, json!("LtiSomethingElse")),
            codes::MESSAGE_TYPE_UNKNOWN,
        ),
        (
            with(rl(), uri::VERSION, json!("1.3")),
            codes::VERSION_UNSUPPORTED,
        ),
        (
            with(rl(), uri::DEPLOYMENT_ID, json!("")),
            codes::DEPLOYMENT_ID_EMPTY,
        ),
        (
            with(rl(), uri::DEPLOYMENT_ID, json!("d".repeat(256))),
            codes::DEPLOYMENT_ID_TOO_LONG,
        ),
        (
            with(rl(), uri::RESOURCE_LINK, json!({"title": "x"})),
            codes::RESOURCE_LINK_ID_MISSING,
        ),
        (
            with(rl(), uri::RESOURCE_LINK, json!({"id": ""})),
            codes::RESOURCE_LINK_ID_EMPTY,
        ),
        (
            with(rl(), uri::RESOURCE_LINK, json!({"id": "x".repeat(256)})),
            codes::RESOURCE_LINK_ID_TOO_LONG,
        ),
        (
            with(rl(), uri::RESOURCE_LINK, json!("rl")),
            codes::CLAIM_TYPE,
        ),
        (with(rl(), uri::ROLES, json!("Learner")), codes::ROLES_TYPE),
        (with(rl(), uri::ROLES, json!([1])), codes::ROLES_TYPE),
        (with(rl(), "sub", json!("")), codes::SUB_EMPTY),
        (
            with(rl(), "sub", json!("u".repeat(256))),
            codes::SUB_TOO_LONG,
        ),
        (
            with(rl(), uri::CONTEXT, json!({"label": "x"})),
            codes::CONTEXT_ID_MISSING,
        ),
        (
            with(rl(), uri::CONTEXT, json!({"id": "é".repeat(10)})),
            codes::CONTEXT_ID_TOO_LONG,
        ),
        (
            with(rl(), uri::TOOL_PLATFORM, json!({"name": "x"})),
            codes::TOOL_PLATFORM_GUID_MISSING,
        ),
        (
            with(rl(), uri::TOOL_PLATFORM, json!({"guid": "g".repeat(256)})),
            codes::TOOL_PLATFORM_GUID_TOO_LONG,
        ),
        (with(rl(), "exp", json!("2000")), codes::EXP_TYPE),
        (with(rl(), "iat", json!("1000")), codes::IAT_TYPE),
        (with(rl(), "nbf", json!(true)), codes::NBF_TYPE),
        (with(rl(), "aud", json!(5)), codes::CLAIM_TYPE),
        (with(rl(), "aud", json!([])), codes::CLAIM_TYPE),
        (with(rl(), "iss", json!(1)), codes::CLAIM_TYPE),
    ];
    for (v, code) in cases {
        let r = check(&v);
        assert!(r.has_code(code) && r.has_errors(), "{code}: {r:?}");
    }
    let w = check(&with(rl(), uri::CUSTOM, json!({"a": 1, "b": "x"})));
    assert!(w.has_code(codes::CUSTOM_NOT_STRING) && w.is_valid(false));
    let w = check(&with(rl(), "iss", json!("http://platform.example.edu")));
    assert!(w.has_code(codes::ISS_NOT_HTTPS) && w.is_valid(false));
    assert!(
        is_https_issuer("https://p.example/x")
            && !is_https_issuer("https://p?x")
            && !is_https_issuer("https://")
    );
}

#[test]
fn collects_all_problems() {
    let v = without(
        without(without(rl(), uri::VERSION), uri::DEPLOYMENT_ID),
        uri::RESOURCE_LINK,
    );
    let r = check(&v);
    assert!(r.errors() >= 3, "{r:?}");
}

#[test]
fn deep_linking_request_rules() {
    let dl = with(
        with(
            without(without(rl(), uri::RESOURCE_LINK), "sub"),
            uri::MESSAGE_TYPE,
            json!("LtiDeepLinkingRequest"),
        ),
        uri::DL_SETTINGS,
        json!({"deep_link_return_url": "https://p/dl", "accept_types": ["link"], "accept_presentation_document_targets": ["iframe"]}),
    );
    assert!(check(&dl).is_empty(), "{:?}", check(&dl));
    assert!(check(&without(dl.clone(), uri::DL_SETTINGS)).has_code(codes::DL_SETTINGS_MISSING));
    for (member, code) in [
        ("deep_link_return_url", codes::DL_RETURN_URL_MISSING),
        ("accept_types", codes::DL_ACCEPT_TYPES_MISSING),
        (
            "accept_presentation_document_targets",
            codes::DL_TARGETS_MISSING,
        ),
    ] {
        let mut v = dl.clone();
        v[uri::DL_SETTINGS].as_object_mut().unwrap().remove(member);
        assert!(check(&v).has_code(code), "{member}");
    }
    let mut v = dl;
    v[uri::DL_SETTINGS]["accept_multiple"] = json!("true");
    let r = check(&v);
    assert!(r.has_code(codes::DL_BOOL_AS_STRING) && r.is_valid(false));
    v[uri::DL_SETTINGS]["accept_multiple"] = json!(1);
    assert!(check(&v).has_code(codes::CLAIM_TYPE));
    v[uri::DL_SETTINGS]["accept_multiple"] = json!(true);
    v[uri::DL_SETTINGS]["accept_media_types"] = json!(3);
    assert!(check(&v).has_code(codes::CLAIM_TYPE));
}

#[test]
fn submission_review_rules() {
    let sr = with(
        with(
            with(rl(), uri::MESSAGE_TYPE, json!("LtiSubmissionReviewRequest")),
            uri::AGS_ENDPOINT,
            json!({"scope": [], "lineitem": "https://p/li/1"}),
        ),
        uri::FOR_USER,
        json!({"user_id": "s-1"}),
    );
    assert!(check(&sr).is_empty());
    assert!(check(&without(sr.clone(), uri::AGS_ENDPOINT)).has_code(codes::AGS_ENDPOINT_MISSING));
    assert!(
        check(&with(sr.clone(), uri::AGS_ENDPOINT, json!({"scope": []})))
            .has_code(codes::AGS_LINEITEM_MISSING)
    );
    assert!(check(&without(sr.clone(), uri::FOR_USER)).has_code(codes::FOR_USER_MISSING));
    assert!(
        check(&with(sr.clone(), uri::FOR_USER, json!({"name": "x"})))
            .has_code(codes::FOR_USER_ID_MISSING)
    );
    let legacy = with(
        without(sr, uri::FOR_USER),
        uri::FOR_USER_LEGACY,
        json!({"user_id": "s-1"}),
    );
    let r = check(&legacy);
    assert!(r.is_valid(false) && r.has_code(codes::FOR_USER_LEGACY_KEY));
    let c = Claims::from_value(legacy).unwrap();
    assert_eq!(c.for_user().unwrap().user_id, "s-1");
    assert!(matches!(
        LtiMessage::from_claims(&c).unwrap(),
        LtiMessage::SubmissionReview(_)
    ));
}

#[test]
fn proctoring_asset_processor_eula_rules() {
    let base = without(rl(), uri::TARGET_LINK_URI);
    let sp = with(
        with(
            with(base.clone(), uri::MESSAGE_TYPE, json!("LtiStartProctoring")),
            uri::AP_ATTEMPT_NUMBER,
            json!(1),
        ),
        uri::AP_START_ASSESSMENT_URL,
        json!("https://p/start"),
    );
    assert!(check(&sp).is_empty(), "{:?}", check(&sp));
    assert!(
        check(&without(sp.clone(), uri::AP_ATTEMPT_NUMBER))
            .has_code(codes::AP_ATTEMPT_NUMBER_MISSING)
    );
    assert!(
        check(&without(sp, uri::AP_START_ASSESSMENT_URL)).has_code(codes::AP_START_URL_MISSING)
    );
    let sa = with(
        with(
            with(base.clone(), uri::MESSAGE_TYPE, json!("LtiStartAssessment")),
            uri::AP_ATTEMPT_NUMBER,
            json!(1),
        ),
        uri::AP_SESSION_DATA,
        json!("s"),
    );
    let opts = CheckOptions {
        origin: Origin::Tool,
        check_jwt_claims: false,
    };
    assert!(check_claims(sa.as_object().unwrap(), &opts).is_empty());
    assert!(
        check_claims(
            without(sa, uri::AP_SESSION_DATA).as_object().unwrap(),
            &opts
        )
        .has_code(codes::AP_SESSION_DATA_MISSING)
    );
    let ea = with(
        with(base.clone(), uri::MESSAGE_TYPE, json!("LtiEndAssessment")),
        uri::AP_ATTEMPT_NUMBER,
        json!(2),
    );
    assert!(check(&ea).is_empty());

    let aps = with(
        with(
            with(
                base.clone(),
                uri::MESSAGE_TYPE,
                json!("LtiAssetProcessorSettingsRequest"),
            ),
            uri::ACTIVITY,
            json!({"id": "a"}),
        ),
        uri::CONTEXT,
        json!({"id": "c"}),
    );
    assert!(check(&aps).is_empty());
    assert!(check(&without(aps.clone(), uri::ACTIVITY)).has_code(codes::ACTIVITY_MISSING));
    assert!(check(&without(aps, uri::CONTEXT)).has_code(codes::CONTEXT_MISSING));
    let rr = [
        (uri::MESSAGE_TYPE, json!("LtiReportReviewRequest")),
        (uri::ACTIVITY, json!({"id": "a"})),
        (uri::SUBMISSION, json!({"id": "s"})),
        (uri::ASSET, json!({"id": "x"})),
        (uri::ASSETREPORT_TYPE, json!("originality")),
        (uri::FOR_USER, json!({"user_id": "u"})),
    ]
    .into_iter()
    .fold(base.clone(), |v, (k, val)| with(v, k, val));
    assert!(check(&rr).is_empty(), "{:?}", check(&rr));
    for (k, code) in [
        (uri::SUBMISSION, codes::SUBMISSION_MISSING),
        (uri::ASSET, codes::ASSET_MISSING),
        (uri::ASSETREPORT_TYPE, codes::ASSETREPORT_TYPE_MISSING),
    ] {
        assert!(check(&without(rr.clone(), k)).has_code(code));
    }
    let eula = with(
        with(base.clone(), uri::MESSAGE_TYPE, json!("LtiEulaRequest")),
        uri::EULA_SERVICE,
        json!({"url": "https://p/eula", "scope": []}),
    );
    assert!(check(&eula).is_empty());
    assert!(check(&without(eula, uri::EULA_SERVICE)).has_code(codes::EULA_SERVICE_MISSING));
    let dp = with(base, uri::MESSAGE_TYPE, json!("DataPrivacyLaunchRequest"));
    assert!(check(&dp).is_empty());
    let c = Claims::from_value(dp).unwrap();
    assert!(matches!(
        LtiMessage::from_claims(&c).unwrap(),
        LtiMessage::DataPrivacy(_)
    ));
}

#[test]
fn typed_messages_for_every_type() {
    let mut c = Claims::from_value(rl()).unwrap();
    assert!(
        matches!(LtiMessage::from_claims(&c).unwrap(), LtiMessage::ResourceLink(r) if r.resource_link.id == "rl-1")
    );
    c.message_type = Some(MessageType::Other("X".into()));
    assert_eq!(
        LtiMessage::from_claims(&c).unwrap_err().code.as_str(),
        codes::MESSAGE_TYPE_UNKNOWN
    );
    c.message_type = None;
    assert_eq!(
        LtiMessage::from_claims(&c).unwrap_err().code.as_str(),
        codes::MESSAGE_TYPE_MISSING
    );
    for mt in MessageType::KNOWN {
        let mut c = Claims::from_value(rl()).unwrap();
        c.message_type = Some(mt.clone());
        // Every type either builds or names the claim it misses; none panics.
        match LtiMessage::from_claims(&c) {
            Ok(m) => assert_eq!(&m.message_type(), mt),
            Err(p) => assert!(p.is_error()),
        }
    }
}

#[test]
fn deep_linking_response_items_checked() {
    let resp = json!({
        "iss": "client-1", "aud": "https://p", "exp": 2, "iat": 1, "nonce": "n",
        uri::MESSAGE_TYPE: "LtiDeepLinkingResponse", uri::VERSION: "1.3.0", uri::DEPLOYMENT_ID: "d",
        uri::DL_CONTENT_ITEMS: [{"type": "link"}, {"type": "html", "html": "<b/>"}],
    });
    let r = check(&resp);
    assert!(r.has_code(codes::DL_ITEM_INVALID));
    let p = r.with_code(codes::DL_ITEM_INVALID).next().unwrap();
    assert_eq!(
        p.location.as_json_pointer(),
        Some("/https:~1~1purl.imsglobal.org~1spec~1lti-dl~1claim~1content_items/0/url")
    );
    let r = check(&with(resp, uri::DL_CONTENT_ITEMS, json!("x")));
    assert!(r.has_code(codes::CLAIM_TYPE));
}

#[test]
fn not_json_or_not_object() {
    let (r, t) = check_claim_set_json(b"{", &CheckOptions::full());
    assert!(r.has_code(codes::CLAIMS_TYPE) && t.is_none());
    let (r, _) = check_claim_set_json(b"[1]", &CheckOptions::full());
    assert!(r.has_code(codes::CLAIMS_TYPE));
    let (r, _) = check_claim_set_json(
        without(rl(), uri::RESOURCE_LINK).to_string().as_bytes(),
        &CheckOptions::full(),
    );
    assert!(r.has_code(codes::RESOURCE_LINK_MISSING));
}
