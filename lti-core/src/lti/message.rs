//! LTI messages: the spec's rules on a claim set, and typed messages.
//!
//! [`check_claims`] applies every structural rule of LTI Core 1.3 §5 and of the specs that add
//! message types to a JSON claim set and reports **all** problems, each with a stable code, a
//! JSON pointer and a spec reference. It needs no key: the launch validator
//! ([`crate::lti::launch`], feature `jwt`) runs it after the signature and security checks, and
//! `ims validate` runs it on claim-set JSON files.
//!
//! [`LtiMessage::from_claims`] turns a checked claim set into a typed message whose required
//! claims are plain (non-optional) fields.

use serde::Serialize;
use serde_json::{Map, Value};

use super::claims::{self, Claims, MessageType, uri};
use super::codes;
use super::deep_linking::DeepLinkingSettings;
use super::roles::Role;
use crate::location::Location;
use crate::problem::{Problem, Report, Severity};

/// Which side sent the message, which decides the rules on `iss`/`aud`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Origin {
    /// Decide from `message_type` (tool-originating: `LtiDeepLinkingResponse`, `LtiStartAssessment`).
    #[default]
    Auto,
    /// A platform-originating launch (`id_token`).
    Platform,
    /// A tool-originating message.
    Tool,
}

/// Options for [`check_claims`].
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(default)]
pub struct CheckOptions {
    /// Which side sent the message.
    pub origin: Origin,
    /// Whether to check the JWT claims `iss`, `aud`, `exp`, `iat`, `nonce` for presence and
    /// type (true for a full claim set; false when the caller has checked them already).
    pub check_jwt_claims: bool,
}

impl CheckOptions {
    /// Full checks of a standalone claim set (JWT claims included).
    pub fn full() -> Self {
        Self {
            origin: Origin::Auto,
            check_jwt_claims: true,
        }
    }
}

const CORE: &str = "LTI Core 1.3 §5";

fn ptr(keys: &[&str]) -> Location {
    Location::json_pointer(crate::location::json_pointer(keys.iter().copied()))
}

fn err(code: &'static str, msg: impl Into<String>, at: &[&str], spec: &'static str) -> Problem {
    Problem::error(code, msg).at(ptr(at)).spec(spec)
}

fn warn(code: &'static str, msg: impl Into<String>, at: &[&str], spec: &'static str) -> Problem {
    Problem::warning(code, msg).at(ptr(at)).spec(spec)
}

/// The JSON type name of a value, for messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn ascii_255(s: &str) -> bool {
    s.len() <= 255 && s.is_ascii()
}

struct Ck<'a> {
    map: &'a Map<String, Value>,
    report: Report,
}

impl<'a> Ck<'a> {
    /// A string claim: `Ok(None)` when absent (or null), a type problem when not a string.
    fn string(&mut self, key: &str) -> Option<&'a str> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                self.report.push(err(
                    codes::CLAIM_TYPE,
                    format!("`{key}` must be a string, found {}", type_name(other)),
                    &[key],
                    CORE,
                ));
                None
            }
        }
    }

    fn object(&mut self, key: &str) -> Option<&'a Map<String, Value>> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Object(o)) => Some(o),
            Some(other) => {
                self.report.push(err(
                    codes::CLAIM_TYPE,
                    format!("`{key}` must be an object, found {}", type_name(other)),
                    &[key],
                    CORE,
                ));
                None
            }
        }
    }

    fn member_str(
        &mut self,
        obj: &'a Map<String, Value>,
        key: &str,
        member: &str,
    ) -> Option<&'a str> {
        match obj.get(member) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                self.report.push(err(
                    codes::CLAIM_TYPE,
                    format!("`{member}` must be a string, found {}", type_name(other)),
                    &[key, member],
                    CORE,
                ));
                None
            }
        }
    }

    fn string_array(
        &mut self,
        obj: &'a Map<String, Value>,
        at: &[&str],
        member: &str,
    ) -> Option<Vec<&'a str>> {
        match obj.get(member) {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    if let Value::String(s) = item {
                        out.push(s.as_str());
                    } else {
                        let idx = i.to_string();
                        let mut p: Vec<&str> = at.to_vec();
                        p.push(member);
                        p.push(&idx);
                        self.report.push(err(
                            codes::CLAIM_TYPE,
                            format!(
                                "`{member}[{i}]` must be a string, found {}",
                                type_name(item)
                            ),
                            &p,
                            CORE,
                        ));
                    }
                }
                Some(out)
            }
            Some(other) => {
                let mut p: Vec<&str> = at.to_vec();
                p.push(member);
                self.report.push(err(
                    codes::CLAIM_TYPE,
                    format!(
                        "`{member}` must be an array of strings, found {}",
                        type_name(other)
                    ),
                    &p,
                    CORE,
                ));
                None
            }
        }
    }
}

/// Resolves the effective origin.
fn origin_of(opts: &CheckOptions, mt: Option<&MessageType>) -> Origin {
    match opts.origin {
        Origin::Auto => match mt {
            Some(m) if !m.is_platform_originating() && !matches!(m, MessageType::Other(_)) => {
                Origin::Tool
            }
            _ => Origin::Platform,
        },
        o => o,
    }
}

/// Applies the LTI rules to a claim set and reports every problem.
pub fn check_claims(map: &Map<String, Value>, opts: &CheckOptions) -> Report {
    let mut ck = Ck {
        map,
        report: Report::new(),
    };
    let mt_raw = ck.string(uri::MESSAGE_TYPE);
    let mt = mt_raw.map(MessageType::parse);
    let origin = origin_of(opts, mt.as_ref());

    if opts.check_jwt_claims {
        check_jwt_claims(&mut ck, origin);
    }

    // message_type, version, deployment_id.
    match &mt {
        None if !map.contains_key(uri::MESSAGE_TYPE) => ck.report.push(err(
            codes::MESSAGE_TYPE_MISSING,
            "the message_type claim is required",
            &[uri::MESSAGE_TYPE],
            "LTI Core 1.3 §5.3.1",
        )),
        Some(MessageType::Other(v)) => ck.report.push(err(
            codes::MESSAGE_TYPE_UNKNOWN,
            format!("unknown message type {v:?}"),
            &[uri::MESSAGE_TYPE],
            "LTI Core 1.3 §5.3.1",
        )),
        _ => {}
    }
    match ck.string(uri::VERSION) {
        None if !map.contains_key(uri::VERSION) => ck.report.push(err(
            codes::VERSION_MISSING,
            "the version claim is required",
            &[uri::VERSION],
            "LTI Core 1.3 §5.3.2",
        )),
        Some(v) if v != super::LTI_VERSION => ck.report.push(err(
            codes::VERSION_UNSUPPORTED,
            format!("version is {v:?}, expected \"1.3.0\""),
            &[uri::VERSION],
            "LTI Core 1.3 §5.3.2",
        )),
        _ => {}
    }
    match ck.string(uri::DEPLOYMENT_ID) {
        None if !map.contains_key(uri::DEPLOYMENT_ID) => ck.report.push(err(
            codes::DEPLOYMENT_ID_MISSING,
            "the deployment_id claim is required",
            &[uri::DEPLOYMENT_ID],
            "LTI Core 1.3 §5.3.3",
        )),
        Some("") => ck.report.push(err(
            codes::DEPLOYMENT_ID_EMPTY,
            "deployment_id is empty",
            &[uri::DEPLOYMENT_ID],
            "LTI Core 1.3 §5.3.3",
        )),
        Some(d) if !ascii_255(d) => ck.report.push(err(
            codes::DEPLOYMENT_ID_TOO_LONG,
            format!(
                "deployment_id has {} bytes; at most 255 ASCII characters",
                d.len()
            ),
            &[uri::DEPLOYMENT_ID],
            "LTI Core 1.3 §5.3.3",
        )),
        _ => {}
    }

    // sub: absent = anonymous (valid); present must be non-empty, ≤ 255 ASCII.
    match ck.string("sub") {
        Some("") => ck.report.push(err(
            codes::SUB_EMPTY,
            "sub is present but empty (omit it for an anonymous launch)",
            &["sub"],
            "LTI Core 1.3 §5.3.6",
        )),
        Some(s) if !ascii_255(s) => ck.report.push(err(
            codes::SUB_TOO_LONG,
            format!("sub has {} bytes; at most 255 ASCII characters", s.len()),
            &["sub"],
            "LTI Core 1.3 §5.3.6",
        )),
        _ => {}
    }

    let needs_roles = matches!(
        mt,
        Some(
            MessageType::ResourceLinkRequest
                | MessageType::SubmissionReviewRequest
                | MessageType::AssetProcessorSettingsRequest
                | MessageType::EulaRequest
        )
    );
    check_roles(&mut ck, needs_roles);
    check_optional_claims(&mut ck);

    match mt {
        Some(MessageType::ResourceLinkRequest) => {
            require_target_link_uri(&mut ck);
            require_resource_link(&mut ck);
        }
        Some(MessageType::DeepLinkingRequest) => check_dl_settings(&mut ck),
        Some(MessageType::SubmissionReviewRequest) => {
            require_resource_link(&mut ck);
            match ck.object(uri::AGS_ENDPOINT) {
                None => ck.report.push(err(
                    codes::AGS_ENDPOINT_MISSING,
                    "a submission review request needs the AGS endpoint claim",
                    &[uri::AGS_ENDPOINT],
                    "AGS 2.0 Submission Review §3",
                )),
                Some(o) => {
                    if ck.member_str(o, uri::AGS_ENDPOINT, "lineitem").is_none() {
                        ck.report.push(err(
                            codes::AGS_LINEITEM_MISSING,
                            "the AGS endpoint claim needs `lineitem` for a submission review",
                            &[uri::AGS_ENDPOINT, "lineitem"],
                            "AGS 2.0 Submission Review §3",
                        ));
                    }
                }
            }
            require_for_user(&mut ck);
        }
        Some(MessageType::StartProctoring) => {
            require_resource_link(&mut ck);
            require_attempt_number(&mut ck);
            if ck.string(uri::AP_START_ASSESSMENT_URL).is_none() {
                ck.report.push(err(
                    codes::AP_START_URL_MISSING,
                    "LtiStartProctoring needs start_assessment_url",
                    &[uri::AP_START_ASSESSMENT_URL],
                    "Proctoring Services 1.0 §4.3",
                ));
            }
        }
        Some(MessageType::StartAssessment) => {
            require_resource_link(&mut ck);
            require_attempt_number(&mut ck);
            if ck.string(uri::AP_SESSION_DATA).is_none() {
                ck.report.push(err(
                    codes::AP_SESSION_DATA_MISSING,
                    "LtiStartAssessment needs session_data",
                    &[uri::AP_SESSION_DATA],
                    "Proctoring Services 1.0 §4.4",
                ));
            }
        }
        Some(MessageType::EndAssessment) => {
            require_resource_link(&mut ck);
            require_attempt_number(&mut ck);
        }
        Some(MessageType::AssetProcessorSettingsRequest) => {
            require_id_object(&mut ck, uri::ACTIVITY, codes::ACTIVITY_MISSING);
            if ck.object(uri::CONTEXT).is_none() {
                ck.report.push(err(
                    codes::CONTEXT_MISSING,
                    "LtiAssetProcessorSettingsRequest needs the context claim",
                    &[uri::CONTEXT],
                    "Asset Processor 1.0",
                ));
            }
        }
        Some(MessageType::ReportReviewRequest) => {
            require_id_object(&mut ck, uri::ACTIVITY, codes::ACTIVITY_MISSING);
            require_id_object(&mut ck, uri::SUBMISSION, codes::SUBMISSION_MISSING);
            require_id_object(&mut ck, uri::ASSET, codes::ASSET_MISSING);
            require_for_user(&mut ck);
            if ck.string(uri::ASSETREPORT_TYPE).is_none() {
                ck.report.push(err(
                    codes::ASSETREPORT_TYPE_MISSING,
                    "LtiReportReviewRequest needs assetreport_type",
                    &[uri::ASSETREPORT_TYPE],
                    "Asset Processor 1.0",
                ));
            }
        }
        Some(MessageType::EulaRequest) => {
            let ok = ck.object(uri::EULA_SERVICE).is_some_and(|o| {
                o.get("url")
                    .and_then(Value::as_str)
                    .is_some_and(|u| !u.is_empty())
            });
            if !ok {
                ck.report.push(err(
                    codes::EULA_SERVICE_MISSING,
                    "LtiEulaRequest needs the eulaservice claim with a url",
                    &[uri::EULA_SERVICE],
                    "Asset Processor 1.0 EULA",
                ));
            }
        }
        Some(MessageType::DeepLinkingResponse) => {
            if let Some(Value::Array(items)) = map.get(uri::DL_CONTENT_ITEMS) {
                for (i, item) in items.iter().enumerate() {
                    let problems = super::deep_linking::check_item_value(item);
                    for p in problems {
                        ck.report
                            .push(reroot(p, &[uri::DL_CONTENT_ITEMS, &i.to_string()]));
                    }
                }
            } else if let Some(other) = map.get(uri::DL_CONTENT_ITEMS)
                && !other.is_null()
            {
                ck.report.push(err(
                    codes::CLAIM_TYPE,
                    format!("content_items must be an array, found {}", type_name(other)),
                    &[uri::DL_CONTENT_ITEMS],
                    "Deep Linking 2.0 §4.5",
                ));
            }
            for key in [
                uri::DL_DATA,
                uri::DL_MSG,
                uri::DL_LOG,
                uri::DL_ERRORMSG,
                uri::DL_ERRORLOG,
            ] {
                ck.string(key);
            }
        }
        Some(MessageType::DataPrivacyLaunchRequest) | Some(MessageType::Other(_)) | None => {}
    }
    ck.report
}

/// Moves a problem located at a pointer relative to an item under `prefix`.
fn reroot(mut p: Problem, prefix: &[&str]) -> Problem {
    let base = crate::location::json_pointer(prefix.iter().copied());
    let rel = p.location.as_json_pointer().unwrap_or("").to_owned();
    p.location = Location::json_pointer(format!("{base}{rel}"));
    p
}

fn check_jwt_claims(ck: &mut Ck<'_>, origin: Origin) {
    match ck.string("iss") {
        None if !ck.map.contains_key("iss") => ck.report.push(err(
            codes::ISS_MISSING,
            "iss is required",
            &["iss"],
            "Security Framework 1.0 §5.1.2",
        )),
        Some(iss) if origin == Origin::Platform && !is_https_issuer(iss) => ck.report.push(warn(
            codes::ISS_NOT_HTTPS,
            format!("the platform issuer {iss:?} should be an HTTPS URL without query or fragment"),
            &["iss"],
            "Security Framework 1.0 §5.1.2",
        )),
        _ => {}
    }
    match ck.map.get("aud") {
        None => ck.report.push(err(
            codes::AUD_MISSING,
            "aud is required",
            &["aud"],
            "Security Framework 1.0 §5.1.2",
        )),
        Some(Value::String(_)) => {}
        Some(Value::Array(items)) if items.iter().all(Value::is_string) && !items.is_empty() => {}
        Some(other) => ck.report.push(err(
            codes::CLAIM_TYPE,
            format!(
                "aud must be a string or a non-empty array of strings, found {}",
                type_name(other)
            ),
            &["aud"],
            "Security Framework 1.0 §5.1.2",
        )),
    }
    for (key, missing, ty) in [
        ("exp", codes::EXP_MISSING, codes::EXP_TYPE),
        ("iat", codes::IAT_MISSING, codes::IAT_TYPE),
    ] {
        match ck.map.get(key) {
            None => ck.report.push(err(
                missing,
                format!("{key} is required"),
                &[key],
                "Security Framework 1.0 §5.1.2",
            )),
            Some(v) if claims::numeric_date_of(v).is_none() => ck.report.push(err(
                ty,
                format!(
                    "{key} must be a JSON number of seconds, found {}",
                    type_name(v)
                ),
                &[key],
                "Security Framework 1.0 §5.1.2",
            )),
            _ => {}
        }
    }
    if let Some(v) = ck.map.get("nbf")
        && claims::numeric_date_of(v).is_none()
    {
        ck.report.push(err(
            codes::NBF_TYPE,
            format!(
                "nbf must be a JSON number of seconds, found {}",
                type_name(v)
            ),
            &["nbf"],
            "RFC 7519 §4.1.5",
        ));
    }
    if ck.string("nonce").is_none() && origin == Origin::Platform {
        ck.report.push(err(
            codes::NONCE_MISSING,
            "nonce is required in an id_token",
            &["nonce"],
            "Security Framework 1.0 §5.1.2",
        ));
    }
    ck.string("azp");
}

/// Whether `iss` is an HTTPS URL without query or fragment (Security Framework §5.1.2).
pub fn is_https_issuer(iss: &str) -> bool {
    iss.strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/') && !iss.contains(['?', '#']))
}

fn check_roles(ck: &mut Ck<'_>, required: bool) {
    match ck.map.get(uri::ROLES) {
        None if required => ck.report.push(err(
            codes::ROLES_MISSING,
            "the roles claim is required (an empty array is valid)",
            &[uri::ROLES],
            "LTI Core 1.3 §5.3.7",
        )),
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            let mut any_vocab = false;
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => any_vocab |= Role::new(s.as_str()).is_vocabulary(),
                    other => ck.report.push(err(
                        codes::ROLES_TYPE,
                        format!("roles[{i}] must be a string, found {}", type_name(other)),
                        &[uri::ROLES, &i.to_string()],
                        "LTI Core 1.3 §5.3.7",
                    )),
                }
            }
            if !items.is_empty() && !any_vocab {
                ck.report.push(warn(
                    codes::ROLES_NO_VOCABULARY,
                    "no role from the LTI role vocabularies (short and vendor roles are accepted)",
                    &[uri::ROLES],
                    "LTI Core 1.3 §5.3.7",
                ));
            }
        }
        Some(other) => ck.report.push(err(
            codes::ROLES_TYPE,
            format!(
                "roles must be an array of strings, found {}",
                type_name(other)
            ),
            &[uri::ROLES],
            "LTI Core 1.3 §5.3.7",
        )),
    }
}

fn check_optional_claims(ck: &mut Ck<'_>) {
    if let Some(ctx) = ck.object(uri::CONTEXT) {
        match ck.member_str(ctx, uri::CONTEXT, "id") {
            None => ck.report.push(err(
                codes::CONTEXT_ID_MISSING,
                "context.id is required when the context claim is present",
                &[uri::CONTEXT, "id"],
                "LTI Core 1.3 §5.4.1",
            )),
            Some(id) if !ascii_255(id) => ck.report.push(err(
                codes::CONTEXT_ID_TOO_LONG,
                "context.id is longer than 255 ASCII characters",
                &[uri::CONTEXT, "id"],
                "LTI Core 1.3 §5.4.1",
            )),
            _ => {}
        }
        ck.string_array(ctx, &[uri::CONTEXT], "type");
    }
    if let Some(tp) = ck.object(uri::TOOL_PLATFORM) {
        match ck.member_str(tp, uri::TOOL_PLATFORM, "guid") {
            None => ck.report.push(err(
                codes::TOOL_PLATFORM_GUID_MISSING,
                "tool_platform.guid is required when the tool_platform claim is present",
                &[uri::TOOL_PLATFORM, "guid"],
                "LTI Core 1.3 §5.4.2",
            )),
            Some(g) if g.len() > 255 => ck.report.push(err(
                codes::TOOL_PLATFORM_GUID_TOO_LONG,
                "tool_platform.guid is longer than 255 characters",
                &[uri::TOOL_PLATFORM, "guid"],
                "LTI Core 1.3 §5.4.2",
            )),
            _ => {}
        }
    }
    if let Some(custom) = ck.object(uri::CUSTOM) {
        for (k, v) in custom {
            if !v.is_string() {
                ck.report.push(warn(
                    codes::CUSTOM_NOT_STRING,
                    format!("custom parameter {k:?} is {}, not a string", type_name(v)),
                    &[uri::CUSTOM, k],
                    "LTI Core 1.3 §5.4.6",
                ));
            }
        }
    }
    if let Some(lp) = ck.object(uri::LAUNCH_PRESENTATION) {
        ck.member_str(lp, uri::LAUNCH_PRESENTATION, "document_target");
        ck.member_str(lp, uri::LAUNCH_PRESENTATION, "return_url");
    }
    if ck.map.contains_key(uri::FOR_USER_LEGACY) && !ck.map.contains_key(uri::FOR_USER) {
        ck.report.push(warn(
            codes::FOR_USER_LEGACY_KEY,
            "for_user is under the non-standard lti-sr key; the standard key is https://purl.imsglobal.org/spec/lti/claim/for_user",
            &[uri::FOR_USER_LEGACY],
            "AGS 2.0 Submission Review",
        ));
    }
    for key in [
        uri::AGS_ENDPOINT,
        uri::NRPS,
        uri::GROUPS,
        uri::LIS,
        uri::LTI1P1,
    ] {
        ck.object(key);
    }
    ck.string(uri::TARGET_LINK_URI);
    ck.string(uri::LTI11_LEGACY_USER_ID);
}

fn require_target_link_uri(ck: &mut Ck<'_>) {
    if ck.string(uri::TARGET_LINK_URI).is_none_or(str::is_empty)
        && !matches!(ck.map.get(uri::TARGET_LINK_URI), Some(v) if !v.is_string() && !v.is_null())
    {
        ck.report.push(err(
            codes::TARGET_LINK_URI_MISSING,
            "the target_link_uri claim is required",
            &[uri::TARGET_LINK_URI],
            "LTI Core 1.3 §5.3.4",
        ));
    }
}

fn require_resource_link(ck: &mut Ck<'_>) {
    let Some(rl) = ck.object(uri::RESOURCE_LINK) else {
        if !matches!(ck.map.get(uri::RESOURCE_LINK), Some(v) if !v.is_null()) {
            ck.report.push(err(
                codes::RESOURCE_LINK_MISSING,
                "the resource_link claim is required",
                &[uri::RESOURCE_LINK],
                "LTI Core 1.3 §5.3.5",
            ));
        }
        return;
    };
    match ck.member_str(rl, uri::RESOURCE_LINK, "id") {
        None => ck.report.push(err(
            codes::RESOURCE_LINK_ID_MISSING,
            "resource_link.id is required",
            &[uri::RESOURCE_LINK, "id"],
            "LTI Core 1.3 §5.3.5",
        )),
        Some("") => ck.report.push(err(
            codes::RESOURCE_LINK_ID_EMPTY,
            "resource_link.id is empty",
            &[uri::RESOURCE_LINK, "id"],
            "LTI Core 1.3 §5.3.5",
        )),
        Some(id) if !ascii_255(id) => ck.report.push(err(
            codes::RESOURCE_LINK_ID_TOO_LONG,
            format!(
                "resource_link.id has {} bytes; at most 255 ASCII characters",
                id.len()
            ),
            &[uri::RESOURCE_LINK, "id"],
            "LTI Core 1.3 §5.3.5",
        )),
        _ => {}
    }
}

fn require_for_user(ck: &mut Ck<'_>) {
    let key = if ck.map.contains_key(uri::FOR_USER) {
        uri::FOR_USER
    } else {
        uri::FOR_USER_LEGACY
    };
    match ck.object(key) {
        None => ck.report.push(err(
            codes::FOR_USER_MISSING,
            "the for_user claim is required",
            &[uri::FOR_USER],
            "AGS 2.0 Submission Review §3",
        )),
        Some(o) => {
            if ck.member_str(o, key, "user_id").is_none_or(str::is_empty) {
                ck.report.push(err(
                    codes::FOR_USER_ID_MISSING,
                    "for_user.user_id is required",
                    &[key, "user_id"],
                    "AGS 2.0 Submission Review §3",
                ));
            }
        }
    }
}

fn require_attempt_number(ck: &mut Ck<'_>) {
    if ck
        .map
        .get(uri::AP_ATTEMPT_NUMBER)
        .is_none_or(|v| v.as_u64().is_none())
    {
        ck.report.push(err(
            codes::AP_ATTEMPT_NUMBER_MISSING,
            "attempt_number (a non-negative integer) is required",
            &[uri::AP_ATTEMPT_NUMBER],
            "Proctoring Services 1.0 §4",
        ));
    }
}

fn require_id_object(ck: &mut Ck<'_>, key: &str, code: &'static str) {
    let ok = ck.object(key).is_some_and(|o| {
        o.get("id")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty())
    });
    if !ok {
        ck.report.push(err(
            code,
            format!("{key} with a non-empty id is required"),
            &[key],
            "Asset Processor 1.0",
        ));
    }
}

fn check_dl_settings(ck: &mut Ck<'_>) {
    let Some(s) = ck.object(uri::DL_SETTINGS) else {
        ck.report.push(err(
            codes::DL_SETTINGS_MISSING,
            "the deep_linking_settings claim is required",
            &[uri::DL_SETTINGS],
            "Deep Linking 2.0 §4.4.1",
        ));
        return;
    };
    if ck
        .member_str(s, uri::DL_SETTINGS, "deep_link_return_url")
        .is_none_or(str::is_empty)
    {
        ck.report.push(err(
            codes::DL_RETURN_URL_MISSING,
            "deep_link_return_url is required",
            &[uri::DL_SETTINGS, "deep_link_return_url"],
            "Deep Linking 2.0 §4.4.1",
        ));
    }
    if ck
        .string_array(s, &[uri::DL_SETTINGS], "accept_types")
        .is_none_or(|v| v.is_empty())
    {
        ck.report.push(err(
            codes::DL_ACCEPT_TYPES_MISSING,
            "accept_types is required and must not be empty",
            &[uri::DL_SETTINGS, "accept_types"],
            "Deep Linking 2.0 §4.4.1",
        ));
    }
    if ck
        .string_array(
            s,
            &[uri::DL_SETTINGS],
            "accept_presentation_document_targets",
        )
        .is_none_or(|v| v.is_empty())
    {
        ck.report.push(err(
            codes::DL_TARGETS_MISSING,
            "accept_presentation_document_targets is required and must not be empty",
            &[uri::DL_SETTINGS, "accept_presentation_document_targets"],
            "Deep Linking 2.0 §4.4.1",
        ));
    }
    for flag in ["accept_multiple", "accept_lineitem", "auto_create"] {
        match s.get(flag) {
            None | Some(Value::Null | Value::Bool(_)) => {}
            Some(Value::String(v)) if v == "true" || v == "false" => ck.report.push(warn(
                codes::DL_BOOL_AS_STRING,
                format!("{flag} is the string {v:?}; a JSON boolean is expected"),
                &[uri::DL_SETTINGS, flag],
                "Deep Linking 2.0 §4.4.1",
            )),
            Some(other) => ck.report.push(err(
                codes::CLAIM_TYPE,
                format!("{flag} must be a boolean, found {}", type_name(other)),
                &[uri::DL_SETTINGS, flag],
                "Deep Linking 2.0 §4.4.1",
            )),
        }
    }
    if let Some(v) = s.get("accept_media_types")
        && !v.is_string()
        && !v.is_array()
        && !v.is_null()
    {
        ck.report.push(err(
            codes::CLAIM_TYPE,
            "accept_media_types must be a comma-separated string (or an array)",
            &[uri::DL_SETTINGS, "accept_media_types"],
            "Deep Linking 2.0 §4.4.1",
        ));
    }
    ck.member_str(s, uri::DL_SETTINGS, "data");
}

/// A typed LTI message: the required claims of its type as plain fields. The whole claim set
/// stays available from [`Claims`] (this type does not copy optional claims).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "message_type")]
#[non_exhaustive]
pub enum LtiMessage {
    /// `LtiResourceLinkRequest`.
    #[serde(rename = "LtiResourceLinkRequest")]
    ResourceLink(ResourceLinkRequest),
    /// `LtiDeepLinkingRequest`.
    #[serde(rename = "LtiDeepLinkingRequest")]
    DeepLinking(DeepLinkingRequest),
    /// `LtiDeepLinkingResponse`.
    #[serde(rename = "LtiDeepLinkingResponse")]
    DeepLinkingResponse(DeepLinkingResponse),
    /// `LtiSubmissionReviewRequest`.
    #[serde(rename = "LtiSubmissionReviewRequest")]
    SubmissionReview(SubmissionReviewRequest),
    /// `DataPrivacyLaunchRequest`.
    #[serde(rename = "DataPrivacyLaunchRequest")]
    DataPrivacy(DataPrivacyLaunchRequest),
    /// `LtiStartProctoring`.
    #[serde(rename = "LtiStartProctoring")]
    StartProctoring(StartProctoringRequest),
    /// `LtiStartAssessment`.
    #[serde(rename = "LtiStartAssessment")]
    StartAssessment(StartAssessmentRequest),
    /// `LtiEndAssessment`.
    #[serde(rename = "LtiEndAssessment")]
    EndAssessment(EndAssessmentRequest),
    /// `LtiAssetProcessorSettingsRequest`.
    #[serde(rename = "LtiAssetProcessorSettingsRequest")]
    AssetProcessorSettings(AssetProcessorSettingsRequest),
    /// `LtiReportReviewRequest`.
    #[serde(rename = "LtiReportReviewRequest")]
    ReportReview(ReportReviewRequest),
    /// `LtiEulaRequest`.
    #[serde(rename = "LtiEulaRequest")]
    Eula(EulaRequest),
}

/// `LtiResourceLinkRequest` (LTI Core 1.3 §5.1).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ResourceLinkRequest {
    /// The resource link.
    pub resource_link: claims::ResourceLink,
    /// Where the platform asked to launch.
    pub target_link_uri: String,
    /// The user's roles (possibly empty).
    pub roles: Vec<Role>,
}

/// `LtiDeepLinkingRequest` (Deep Linking 2.0 §4.4).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DeepLinkingRequest {
    /// What the platform accepts and where to return.
    pub settings: DeepLinkingSettings,
}

/// `LtiDeepLinkingResponse` (Deep Linking 2.0 §4.5).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DeepLinkingResponse {
    /// The items (possibly none).
    pub content_items: Vec<super::deep_linking::ContentItem>,
    /// The echoed `data`.
    pub data: Option<String>,
}

/// `LtiSubmissionReviewRequest` (AGS 2.0 Submission Review).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SubmissionReviewRequest {
    /// The resource link.
    pub resource_link: claims::ResourceLink,
    /// The line item reviewed.
    pub lineitem: String,
    /// The learner whose submission is reviewed.
    pub for_user: claims::ForUser,
}

/// `DataPrivacyLaunchRequest` (Data Privacy Launch 1.0).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DataPrivacyLaunchRequest {
    /// The user's roles, if sent.
    pub roles: Vec<Role>,
}

/// `LtiStartProctoring` (Proctoring Services 1.0).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct StartProctoringRequest {
    /// The resource link (the assessment).
    pub resource_link: claims::ResourceLink,
    /// Attempt number.
    pub attempt_number: u64,
    /// Where the tool sends `LtiStartAssessment`.
    pub start_assessment_url: String,
    /// Opaque data the tool must echo.
    pub session_data: Option<String>,
}

/// `LtiStartAssessment` (Proctoring Services 1.0; tool → platform).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct StartAssessmentRequest {
    /// The resource link.
    pub resource_link: claims::ResourceLink,
    /// Attempt number.
    pub attempt_number: u64,
    /// The echoed session data.
    pub session_data: String,
}

/// `LtiEndAssessment` (Proctoring Services 1.0).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct EndAssessmentRequest {
    /// The resource link.
    pub resource_link: claims::ResourceLink,
    /// Attempt number.
    pub attempt_number: u64,
}

/// `LtiAssetProcessorSettingsRequest` (Asset Processor 1.0).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AssetProcessorSettingsRequest {
    /// The activity.
    pub activity: claims::Activity,
    /// The context.
    pub context: claims::Context,
}

/// `LtiReportReviewRequest` (Asset Processor 1.0).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReportReviewRequest {
    /// The activity.
    pub activity: claims::Activity,
    /// The submission.
    pub submission: claims::IdClaim,
    /// The asset.
    pub asset: claims::IdClaim,
    /// The report type.
    pub assetreport_type: String,
    /// The learner.
    pub for_user: claims::ForUser,
}

/// `LtiEulaRequest` (Asset Processor 1.0 EULA).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct EulaRequest {
    /// The EULA service.
    pub eula_service: claims::EulaService,
}

fn missing(code: &'static str, key: &str) -> Box<Problem> {
    Box::new(err(code, format!("{key} is required"), &[key], CORE))
}

impl LtiMessage {
    /// Builds the typed message from a claim set. Run [`check_claims`] first for the full list
    /// of problems; this returns the first missing required claim.
    pub fn from_claims(c: &Claims) -> Result<Self, Box<Problem>> {
        let mt = c
            .message_type
            .as_ref()
            .ok_or_else(|| missing(codes::MESSAGE_TYPE_MISSING, uri::MESSAGE_TYPE))?;
        let rl = || {
            c.resource_link
                .clone()
                .ok_or_else(|| missing(codes::RESOURCE_LINK_MISSING, uri::RESOURCE_LINK))
        };
        let attempt = || {
            c.attempt_number
                .ok_or_else(|| missing(codes::AP_ATTEMPT_NUMBER_MISSING, uri::AP_ATTEMPT_NUMBER))
        };
        let for_user = || {
            c.for_user()
                .cloned()
                .ok_or_else(|| missing(codes::FOR_USER_MISSING, uri::FOR_USER))
        };
        let activity = || {
            c.activity
                .clone()
                .ok_or_else(|| missing(codes::ACTIVITY_MISSING, uri::ACTIVITY))
        };
        Ok(match mt {
            MessageType::ResourceLinkRequest => Self::ResourceLink(ResourceLinkRequest {
                resource_link: rl()?,
                target_link_uri: c
                    .target_link_uri
                    .clone()
                    .ok_or_else(|| missing(codes::TARGET_LINK_URI_MISSING, uri::TARGET_LINK_URI))?,
                roles: c
                    .roles
                    .clone()
                    .ok_or_else(|| missing(codes::ROLES_MISSING, uri::ROLES))?,
            }),
            MessageType::DeepLinkingRequest => Self::DeepLinking(DeepLinkingRequest {
                settings: c
                    .deep_linking_settings
                    .clone()
                    .ok_or_else(|| missing(codes::DL_SETTINGS_MISSING, uri::DL_SETTINGS))?,
            }),
            MessageType::DeepLinkingResponse => Self::DeepLinkingResponse(DeepLinkingResponse {
                content_items: c.content_items.clone().unwrap_or_default(),
                data: c.dl_data.clone(),
            }),
            MessageType::SubmissionReviewRequest => {
                Self::SubmissionReview(SubmissionReviewRequest {
                    resource_link: rl()?,
                    lineitem: c
                        .ags_endpoint
                        .as_ref()
                        .and_then(|a| a.lineitem.clone())
                        .ok_or_else(|| missing(codes::AGS_LINEITEM_MISSING, uri::AGS_ENDPOINT))?,
                    for_user: for_user()?,
                })
            }
            MessageType::DataPrivacyLaunchRequest => Self::DataPrivacy(DataPrivacyLaunchRequest {
                roles: c.roles.clone().unwrap_or_default(),
            }),
            MessageType::StartProctoring => Self::StartProctoring(StartProctoringRequest {
                resource_link: rl()?,
                attempt_number: attempt()?,
                start_assessment_url: c.start_assessment_url.clone().ok_or_else(|| {
                    missing(codes::AP_START_URL_MISSING, uri::AP_START_ASSESSMENT_URL)
                })?,
                session_data: c.session_data.clone(),
            }),
            MessageType::StartAssessment => Self::StartAssessment(StartAssessmentRequest {
                resource_link: rl()?,
                attempt_number: attempt()?,
                session_data: c
                    .session_data
                    .clone()
                    .ok_or_else(|| missing(codes::AP_SESSION_DATA_MISSING, uri::AP_SESSION_DATA))?,
            }),
            MessageType::EndAssessment => Self::EndAssessment(EndAssessmentRequest {
                resource_link: rl()?,
                attempt_number: attempt()?,
            }),
            MessageType::AssetProcessorSettingsRequest => {
                Self::AssetProcessorSettings(AssetProcessorSettingsRequest {
                    activity: activity()?,
                    context: c
                        .context
                        .clone()
                        .ok_or_else(|| missing(codes::CONTEXT_MISSING, uri::CONTEXT))?,
                })
            }
            MessageType::ReportReviewRequest => Self::ReportReview(ReportReviewRequest {
                activity: activity()?,
                submission: c
                    .submission
                    .clone()
                    .ok_or_else(|| missing(codes::SUBMISSION_MISSING, uri::SUBMISSION))?,
                asset: c
                    .asset
                    .clone()
                    .ok_or_else(|| missing(codes::ASSET_MISSING, uri::ASSET))?,
                assetreport_type: c.assetreport_type.clone().ok_or_else(|| {
                    missing(codes::ASSETREPORT_TYPE_MISSING, uri::ASSETREPORT_TYPE)
                })?,
                for_user: for_user()?,
            }),
            MessageType::EulaRequest => Self::Eula(EulaRequest {
                eula_service: c
                    .eula_service
                    .clone()
                    .ok_or_else(|| missing(codes::EULA_SERVICE_MISSING, uri::EULA_SERVICE))?,
            }),
            MessageType::Other(v) => {
                return Err(Box::new(err(
                    codes::MESSAGE_TYPE_UNKNOWN,
                    format!("unknown message type {v:?}"),
                    &[uri::MESSAGE_TYPE],
                    "LTI Core 1.3 §5.3.1",
                )));
            }
        })
    }

    /// The message type.
    pub fn message_type(&self) -> MessageType {
        match self {
            Self::ResourceLink(_) => MessageType::ResourceLinkRequest,
            Self::DeepLinking(_) => MessageType::DeepLinkingRequest,
            Self::DeepLinkingResponse(_) => MessageType::DeepLinkingResponse,
            Self::SubmissionReview(_) => MessageType::SubmissionReviewRequest,
            Self::DataPrivacy(_) => MessageType::DataPrivacyLaunchRequest,
            Self::StartProctoring(_) => MessageType::StartProctoring,
            Self::StartAssessment(_) => MessageType::StartAssessment,
            Self::EndAssessment(_) => MessageType::EndAssessment,
            Self::AssetProcessorSettings(_) => MessageType::AssetProcessorSettingsRequest,
            Self::ReportReview(_) => MessageType::ReportReviewRequest,
            Self::Eula(_) => MessageType::EulaRequest,
        }
    }
}

/// Checks a claim set given as JSON text: parse, [`check_claims`], then the typed conversion.
/// Returns the report and, when there are no errors, the typed claims and message.
pub fn check_claim_set_json(
    text: &[u8],
    opts: &CheckOptions,
) -> (Report, Option<(Claims, LtiMessage)>) {
    let mut report = Report::new();
    let value: Value = match serde_json::from_slice(text) {
        Ok(v) => v,
        Err(e) => {
            report.push(
                Problem::error(codes::CLAIMS_TYPE, format!("not JSON: {e}"))
                    .at(Location::json_pointer(String::new())),
            );
            return (report, None);
        }
    };
    let Value::Object(map) = &value else {
        report.push(
            Problem::error(
                codes::CLAIMS_TYPE,
                format!(
                    "a claim set must be a JSON object, found {}",
                    type_name(&value)
                ),
            )
            .at(Location::json_pointer(String::new())),
        );
        return (report, None);
    };
    report.extend(check_claims(map, opts));
    if report.count(Severity::Error) > 0 {
        return (report, None);
    }
    match Claims::from_value(value) {
        Ok(c) => match LtiMessage::from_claims(&c) {
            Ok(m) => (report, Some((c, m))),
            Err(p) => {
                report.push(*p);
                (report, None)
            }
        },
        Err(e) => {
            report.push(
                Problem::error(e.code(), e.message.clone()).at(Location::json_pointer(e.pointer)),
            );
            (report, None)
        }
    }
}

#[cfg(test)]
mod tests;
