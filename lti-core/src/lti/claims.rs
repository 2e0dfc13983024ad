//! Typed LTI claims ([LTI Core 1.3 §5](https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims)
//! and the LTI Advantage specs that add claims).
//!
//! [`Claims`] is the whole claim set of an LTI message (an `id_token` payload or a
//! tool-originating message). Every claim the specs define is a typed field; every other claim
//! (vendor extensions, claims of specs not modelled here) is kept in [`Claims::extensions`] and
//! written back unchanged, so a parse → serialise round trip loses nothing. Inside each claim
//! object unknown members are kept the same way (Canvas, for example, adds `validation_context`
//! and `errors` to most of them).
//!
//! These types do no checking beyond JSON types: [`crate::lti::message`] checks the spec's rules
//! and reports every problem with a JSON pointer.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::roles::Role;

crate::string_newtype! {
    /// A deployment id (`https://purl.imsglobal.org/spec/lti/claim/deployment_id`): case-sensitive,
    /// at most 255 ASCII characters, unique within the issuer.
    pub struct DeploymentId;
}

crate::string_newtype! {
    /// An OAuth 2 client id, as the platform assigned it to the tool.
    pub struct ClientId;
}

crate::string_newtype! {
    /// An issuer identifier (`iss`). Compared exactly, character by character: no trailing-slash
    /// or case normalisation (OpenID Connect Core §3.1.3.7, Security Framework §5.1.3).
    pub struct Issuer;
}

/// The claim names (full URIs for the LTI claims).
pub mod uri {
    /// `message_type`.
    pub const MESSAGE_TYPE: &str = "https://purl.imsglobal.org/spec/lti/claim/message_type";
    /// `version`.
    pub const VERSION: &str = "https://purl.imsglobal.org/spec/lti/claim/version";
    /// `deployment_id`.
    pub const DEPLOYMENT_ID: &str = "https://purl.imsglobal.org/spec/lti/claim/deployment_id";
    /// `target_link_uri`.
    pub const TARGET_LINK_URI: &str = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri";
    /// `resource_link`.
    pub const RESOURCE_LINK: &str = "https://purl.imsglobal.org/spec/lti/claim/resource_link";
    /// `roles`.
    pub const ROLES: &str = "https://purl.imsglobal.org/spec/lti/claim/roles";
    /// `role_scope_mentor`.
    pub const ROLE_SCOPE_MENTOR: &str =
        "https://purl.imsglobal.org/spec/lti/claim/role_scope_mentor";
    /// `context`.
    pub const CONTEXT: &str = "https://purl.imsglobal.org/spec/lti/claim/context";
    /// `tool_platform`.
    pub const TOOL_PLATFORM: &str = "https://purl.imsglobal.org/spec/lti/claim/tool_platform";
    /// `launch_presentation`.
    pub const LAUNCH_PRESENTATION: &str =
        "https://purl.imsglobal.org/spec/lti/claim/launch_presentation";
    /// `lis`.
    pub const LIS: &str = "https://purl.imsglobal.org/spec/lti/claim/lis";
    /// `custom`.
    pub const CUSTOM: &str = "https://purl.imsglobal.org/spec/lti/claim/custom";
    /// `for_user` (Submission Review, Asset Processor).
    pub const FOR_USER: &str = "https://purl.imsglobal.org/spec/lti/claim/for_user";
    /// A non-standard `for_user` key seen in the wild (`lti-sr`); read with a warning.
    pub const FOR_USER_LEGACY: &str = "https://purl.imsglobal.org/spec/lti-sr/claim/for_user";
    /// `lti1p1` (LTI 1.1 migration).
    pub const LTI1P1: &str = "https://purl.imsglobal.org/spec/lti/claim/lti1p1";
    /// `lti11_legacy_user_id`.
    pub const LTI11_LEGACY_USER_ID: &str =
        "https://purl.imsglobal.org/spec/lti/claim/lti11_legacy_user_id";
    /// AGS endpoint claim.
    pub const AGS_ENDPOINT: &str = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
    /// NRPS claim.
    pub const NRPS: &str = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
    /// Course Groups service claim.
    pub const GROUPS: &str = "https://purl.imsglobal.org/spec/lti-gs/claim/groupsservice";
    /// Deep linking settings (request).
    pub const DL_SETTINGS: &str =
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings";
    /// Deep linking content items (response).
    pub const DL_CONTENT_ITEMS: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items";
    /// Deep linking `data` echo (response).
    pub const DL_DATA: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/data";
    /// Deep linking `msg`.
    pub const DL_MSG: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/msg";
    /// Deep linking `log`.
    pub const DL_LOG: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/log";
    /// Deep linking `errormsg`.
    pub const DL_ERRORMSG: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/errormsg";
    /// Deep linking `errorlog`.
    pub const DL_ERRORLOG: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/errorlog";
    /// Proctoring: `start_assessment_url`.
    pub const AP_START_ASSESSMENT_URL: &str =
        "https://purl.imsglobal.org/spec/lti-ap/claim/start_assessment_url";
    /// Proctoring: `session_data`.
    pub const AP_SESSION_DATA: &str = "https://purl.imsglobal.org/spec/lti-ap/claim/session_data";
    /// Proctoring: `attempt_number`.
    pub const AP_ATTEMPT_NUMBER: &str =
        "https://purl.imsglobal.org/spec/lti-ap/claim/attempt_number";
    /// Proctoring: `verified_user`.
    pub const AP_VERIFIED_USER: &str = "https://purl.imsglobal.org/spec/lti-ap/claim/verified_user";
    /// Proctoring: `end_assessment_return`.
    pub const AP_END_ASSESSMENT_RETURN: &str =
        "https://purl.imsglobal.org/spec/lti-ap/claim/end_assessment_return";
    /// Proctoring: `proctoring_settings`.
    pub const AP_PROCTORING_SETTINGS: &str =
        "https://purl.imsglobal.org/spec/lti-ap/claim/proctoring_settings";
    /// Proctoring: assessment control service `acs`.
    pub const AP_ACS: &str = "https://purl.imsglobal.org/spec/lti-ap/claim/acs";
    /// Asset Processor: `activity`.
    pub const ACTIVITY: &str = "https://purl.imsglobal.org/spec/lti/claim/activity";
    /// Asset Processor: `submission`.
    pub const SUBMISSION: &str = "https://purl.imsglobal.org/spec/lti/claim/submission";
    /// Asset Processor: `asset`.
    pub const ASSET: &str = "https://purl.imsglobal.org/spec/lti/claim/asset";
    /// Asset Processor: `assetreport_type`.
    pub const ASSETREPORT_TYPE: &str = "https://purl.imsglobal.org/spec/lti/claim/assetreport_type";
    /// EULA service claim.
    pub const EULA_SERVICE: &str = "https://purl.imsglobal.org/spec/lti/claim/eulaservice";
}

/// The LTI message type (`https://purl.imsglobal.org/spec/lti/claim/message_type`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageType {
    /// `LtiResourceLinkRequest` (LTI Core 1.3 §5.1).
    ResourceLinkRequest,
    /// `LtiDeepLinkingRequest` (Deep Linking 2.0 §4.4).
    DeepLinkingRequest,
    /// `LtiDeepLinkingResponse` (Deep Linking 2.0 §4.5; tool-originating).
    DeepLinkingResponse,
    /// `LtiSubmissionReviewRequest` (AGS 2.0 Submission Review).
    SubmissionReviewRequest,
    /// `DataPrivacyLaunchRequest` (Data Privacy Launch 1.0).
    DataPrivacyLaunchRequest,
    /// `LtiStartProctoring` (Proctoring Services 1.0).
    StartProctoring,
    /// `LtiStartAssessment` (Proctoring Services 1.0; tool-originating).
    StartAssessment,
    /// `LtiEndAssessment` (Proctoring Services 1.0).
    EndAssessment,
    /// `LtiAssetProcessorSettingsRequest` (Asset Processor 1.0).
    AssetProcessorSettingsRequest,
    /// `LtiReportReviewRequest` (Asset Processor 1.0).
    ReportReviewRequest,
    /// `LtiEulaRequest` (Asset Processor 1.0 EULA).
    EulaRequest,
    /// Any other value, kept as sent.
    Other(String),
}

impl MessageType {
    /// All the message types this module knows.
    pub const KNOWN: &'static [Self] = &[
        Self::ResourceLinkRequest,
        Self::DeepLinkingRequest,
        Self::DeepLinkingResponse,
        Self::SubmissionReviewRequest,
        Self::DataPrivacyLaunchRequest,
        Self::StartProctoring,
        Self::StartAssessment,
        Self::EndAssessment,
        Self::AssetProcessorSettingsRequest,
        Self::ReportReviewRequest,
        Self::EulaRequest,
    ];

    /// Parses the claim value (never fails: unknown values become [`MessageType::Other`]).
    pub fn parse(value: &str) -> Self {
        match value {
            "LtiResourceLinkRequest" => Self::ResourceLinkRequest,
            "LtiDeepLinkingRequest" => Self::DeepLinkingRequest,
            "LtiDeepLinkingResponse" => Self::DeepLinkingResponse,
            "LtiSubmissionReviewRequest" => Self::SubmissionReviewRequest,
            "DataPrivacyLaunchRequest" => Self::DataPrivacyLaunchRequest,
            "LtiStartProctoring" => Self::StartProctoring,
            "LtiStartAssessment" => Self::StartAssessment,
            "LtiEndAssessment" => Self::EndAssessment,
            "LtiAssetProcessorSettingsRequest" => Self::AssetProcessorSettingsRequest,
            "LtiReportReviewRequest" => Self::ReportReviewRequest,
            "LtiEulaRequest" => Self::EulaRequest,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The claim value.
    pub fn as_str(&self) -> &str {
        match self {
            Self::ResourceLinkRequest => "LtiResourceLinkRequest",
            Self::DeepLinkingRequest => "LtiDeepLinkingRequest",
            Self::DeepLinkingResponse => "LtiDeepLinkingResponse",
            Self::SubmissionReviewRequest => "LtiSubmissionReviewRequest",
            Self::DataPrivacyLaunchRequest => "DataPrivacyLaunchRequest",
            Self::StartProctoring => "LtiStartProctoring",
            Self::StartAssessment => "LtiStartAssessment",
            Self::EndAssessment => "LtiEndAssessment",
            Self::AssetProcessorSettingsRequest => "LtiAssetProcessorSettingsRequest",
            Self::ReportReviewRequest => "LtiReportReviewRequest",
            Self::EulaRequest => "LtiEulaRequest",
            Self::Other(s) => s,
        }
    }

    /// Whether the platform sends this message to the tool (an `id_token` launch), as opposed
    /// to a tool-originating message (`LtiDeepLinkingResponse`, `LtiStartAssessment`).
    pub fn is_platform_originating(&self) -> bool {
        !matches!(
            self,
            Self::DeepLinkingResponse | Self::StartAssessment | Self::Other(_)
        )
    }
}

impl fmt::Display for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for MessageType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for MessageType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = MessageType;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an LTI message type string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MessageType, E> {
                Ok(MessageType::parse(v))
            }
        }
        d.deserialize_str(V)
    }
}

/// The `aud` claim: one audience or an array (OpenID Connect Core §2).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Audience {
    /// A single string.
    One(String),
    /// An array of strings.
    Many(Vec<String>),
}

impl Audience {
    /// The audiences as a slice-like iterator.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let (one, many): (Option<&str>, &[String]) = match self {
            Self::One(s) => (Some(s.as_str()), &[]),
            Self::Many(v) => (None, v.as_slice()),
        };
        one.into_iter().chain(many.iter().map(String::as_str))
    }

    /// Whether `client_id` is one of the audiences.
    pub fn contains(&self, client_id: &str) -> bool {
        self.iter().any(|a| a == client_id)
    }

    /// The number of audiences.
    pub fn len(&self) -> usize {
        match self {
            Self::One(_) => 1,
            Self::Many(v) => v.len(),
        }
    }

    /// Whether there is no audience at all (an empty array).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Serialize for Audience {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::One(a) => s.serialize_str(a),
            Self::Many(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A small visitor rather than an untagged enum: no buffering through serde's Content.
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Audience;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Audience, E> {
                Ok(Audience::One(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Audience, E> {
                Ok(Audience::One(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Audience, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(1).min(16));
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(Audience::Many(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Serde helpers for JWT NumericDate claims (`exp`, `iat`, `nbf`): JSON numbers, integer or
/// not (RFC 7519 §2), read as whole seconds (fractions truncated). Strings are rejected.
pub mod numeric_date {
    use serde::de::{self, Deserializer, Visitor};
    use std::fmt;

    /// Deserialises an optional NumericDate.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Option<i64>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON number of seconds since the Unix epoch")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
                d.deserialize_any(Self)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Some(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v)
                    .map(Some)
                    .map_err(|_| E::custom("NumericDate out of range"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                super::f64_to_seconds(v)
                    .map(Some)
                    .ok_or_else(|| E::custom("NumericDate out of range"))
            }
        }
        d.deserialize_option(V)
    }
}

/// Converts a JSON number of seconds to whole seconds, `None` when not finite or out of range.
pub(crate) fn f64_to_seconds(v: f64) -> Option<i64> {
    #[allow(clippy::cast_possible_truncation, reason = "range checked just before")]
    (v.is_finite() && v.abs() < 9.0e15).then(|| v.trunc() as i64)
}

/// Reads a NumericDate from a JSON value (integer or fractional number).
pub fn numeric_date_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_u64().and_then(|u| i64::try_from(u).ok()))
            .or_else(|| n.as_f64().and_then(f64_to_seconds)),
        _ => None,
    }
}

macro_rules! claim_object {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident : $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                pub $field: $ty,
            )*
            /// Members this type does not model, kept for round trips.
            #[serde(flatten)]
            pub extensions: BTreeMap<String, Value>,
        }
    };
}

claim_object! {
    /// `https://purl.imsglobal.org/spec/lti/claim/resource_link` (LTI Core §5.3.5).
    pub struct ResourceLink {
        /// Stable, unique id of the placement (required, ≤ 255 ASCII).
        #[serde(default)]
        pub id: String,
        /// Title.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub title: Option<String>,
        /// Description.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
    }
}

impl ResourceLink {
    /// A resource link with this id.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            ..Self::default()
        }
    }
}

claim_object! {
    /// `https://purl.imsglobal.org/spec/lti/claim/context` (LTI Core §5.4.1).
    pub struct Context {
        /// Stable id of the context (required, ≤ 255 ASCII).
        #[serde(default)]
        pub id: String,
        /// Short label (course code).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub label: Option<String>,
        /// Full title.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub title: Option<String>,
        /// Context types (`http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering`, …;
        /// short names are deprecated but accepted).
        #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
        pub kind: Option<Vec<String>>,
    }
}

impl Context {
    /// A context with this id.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            ..Self::default()
        }
    }
}

claim_object! {
    /// `https://purl.imsglobal.org/spec/lti/claim/tool_platform` (LTI Core §5.4.2).
    pub struct ToolPlatform {
        /// Stable, locally unique id of the platform instance (required when the claim is
        /// present, ≤ 255 ASCII).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub guid: Option<String>,
        /// Administrative contact.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub contact_email: Option<String>,
        /// Description.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
        /// Name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Home page.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
        /// Vendor product family code.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub product_family_code: Option<String>,
        /// Version.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub version: Option<String>,
    }
}

/// `document_target` of the launch presentation claim.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DocumentTarget {
    /// In an iframe.
    Iframe,
    /// In a new window or tab.
    Window,
    /// Embedded in the page.
    Embed,
    /// Any other value, kept as sent.
    #[serde(untagged)]
    Other(String),
}

claim_object! {
    /// `https://purl.imsglobal.org/spec/lti/claim/launch_presentation` (LTI Core §5.4.4).
    pub struct LaunchPresentation {
        /// Where the tool is shown.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub document_target: Option<DocumentTarget>,
        /// Height in pixels.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub height: Option<serde_json::Number>,
        /// Width in pixels.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub width: Option<serde_json::Number>,
        /// Where to send the user back (the tool may add `lti_msg`, `lti_log`, `lti_errormsg`,
        /// `lti_errorlog`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub return_url: Option<String>,
        /// BCP 47 language tag of the platform UI.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub locale: Option<String>,
    }
}

claim_object! {
    /// `https://purl.imsglobal.org/spec/lti/claim/lis` (LTI Core §5.4.5).
    pub struct Lis {
        /// LIS person sourcedId.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub person_sourcedid: Option<String>,
        /// LIS course offering sourcedId.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub course_offering_sourcedid: Option<String>,
        /// LIS course section sourcedId.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub course_section_sourcedid: Option<String>,
        /// LTI 1.1 Basic Outcomes service URL (migration).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub outcome_service_url: Option<String>,
        /// LTI 1.1 result sourcedId (migration).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub result_sourcedid: Option<String>,
    }
}

claim_object! {
    /// `https://purl.imsglobal.org/spec/lti-ags/claim/endpoint` (AGS 2.0 §3.1).
    pub struct AgsEndpoint {
        /// Scopes the tool may request for this context.
        #[serde(default)]
        pub scope: Vec<String>,
        /// Line items container URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub lineitems: Option<String>,
        /// The single line item bound to this resource link.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub lineitem: Option<String>,
    }
}

claim_object! {
    /// `https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice` (NRPS 2.0 §3.6.1).
    pub struct NamesRoleService {
        /// Memberships URL.
        #[serde(default)]
        pub context_memberships_url: String,
        /// Supported versions (`"2.0"`).
        #[serde(default)]
        pub service_versions: Vec<String>,
    }
}

claim_object! {
    /// `https://purl.imsglobal.org/spec/lti-gs/claim/groupsservice` (Course Groups 1.0).
    pub struct GroupsService {
        /// Scopes the tool may request.
        #[serde(default)]
        pub scope: Vec<String>,
        /// Groups URL.
        #[serde(default)]
        pub context_groups_url: String,
        /// Group sets URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub context_group_sets_url: Option<String>,
        /// Supported versions (`"1.0"`).
        #[serde(default)]
        pub service_versions: Vec<String>,
    }
}

claim_object! {
    /// `for_user` (Submission Review, Asset Processor report review).
    pub struct ForUser {
        /// The user whose work is reviewed (required).
        #[serde(default)]
        pub user_id: String,
        /// LIS person sourcedId.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub person_sourcedid: Option<String>,
        /// Given name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub given_name: Option<String>,
        /// Family name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub family_name: Option<String>,
        /// Full name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Email.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub email: Option<String>,
        /// Roles of that user.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub roles: Option<Vec<Role>>,
    }
}

claim_object! {
    /// `https://purl.imsglobal.org/spec/lti/claim/lti1p1` (LTI 1.1 migration).
    pub struct Lti1p1 {
        /// The LTI 1.1 `user_id`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub user_id: Option<String>,
        /// The LTI 1.1 `oauth_consumer_key`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub oauth_consumer_key: Option<String>,
        /// base64(HMAC-SHA256(secret, key & deployment_id & iss & client_id & exp & nonce)).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub oauth_consumer_key_sign: Option<String>,
        /// The LTI 1.1 `resource_link_id`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub resource_link_id: Option<String>,
        /// The LTI 1.1 `context_id`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub context_id: Option<String>,
        /// The LTI 1.1 `tool_consumer_instance_guid`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tool_consumer_instance_guid: Option<String>,
    }
}

claim_object! {
    /// `https://purl.imsglobal.org/spec/lti-ap/claim/verified_user` (Proctoring 1.0).
    pub struct VerifiedUser {
        /// Given name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub given_name: Option<String>,
        /// Family name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub family_name: Option<String>,
        /// Full name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Picture URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub picture: Option<String>,
    }
}

claim_object! {
    /// `https://purl.imsglobal.org/spec/lti-ap/claim/acs` (Proctoring 1.0 Assessment Control).
    pub struct AssessmentControl {
        /// Actions the tool may send (`pause`, `resume`, `terminate`, `update`, `flag`).
        #[serde(default)]
        pub actions: Vec<String>,
        /// Assessment control service URL.
        #[serde(default)]
        pub assessment_control_url: String,
    }
}

claim_object! {
    /// `https://purl.imsglobal.org/spec/lti/claim/activity` (Asset Processor 1.0).
    pub struct Activity {
        /// Activity id (required).
        #[serde(default)]
        pub id: String,
        /// Title.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub title: Option<String>,
    }
}

claim_object! {
    /// An object claim made of an `id` (Asset Processor `submission` and `asset`).
    pub struct IdClaim {
        /// The id (required).
        #[serde(default)]
        pub id: String,
    }
}

claim_object! {
    /// `https://purl.imsglobal.org/spec/lti/claim/eulaservice` (Asset Processor EULA).
    pub struct EulaService {
        /// EULA service URL.
        #[serde(default)]
        pub url: String,
        /// Scopes.
        #[serde(default)]
        pub scope: Vec<String>,
    }
}

/// The whole claim set of an LTI message.
///
/// OpenID claims keep their short names; LTI claims use their full URIs (see [`uri`]). Every
/// field is optional here; [`crate::lti::message::check_claims`] says which are required for
/// each message type. Claims this type does not model are in `extensions`, in key order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Claims {
    /// Issuer: the platform (platform-originating) or the client id (tool-originating).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Subject: the user id. Absent for anonymous launches (LTI Core §5.3.6.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Audience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<Audience>,
    /// Authorised party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azp: Option<String>,
    /// Expiry (Unix seconds).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "numeric_date::deserialize"
    )]
    pub exp: Option<i64>,
    /// Issued at (Unix seconds).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "numeric_date::deserialize"
    )]
    pub iat: Option<i64>,
    /// Not before (Unix seconds).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "numeric_date::deserialize"
    )]
    pub nbf: Option<i64>,
    /// Nonce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// JWT id (service-token assertions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Picture URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Locale (BCP 47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,

    /// Message type.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/message_type",
        skip_serializing_if = "Option::is_none"
    )]
    pub message_type: Option<MessageType>,
    /// LTI version (`1.3.0`).
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/version",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<String>,
    /// Deployment id.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub deployment_id: Option<DeploymentId>,
    /// Target link URI.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri",
        skip_serializing_if = "Option::is_none"
    )]
    pub target_link_uri: Option<String>,
    /// Resource link.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/resource_link",
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_link: Option<ResourceLink>,
    /// Roles (possibly empty).
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/roles",
        skip_serializing_if = "Option::is_none"
    )]
    pub roles: Option<Vec<Role>>,
    /// Users the current user mentors.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/role_scope_mentor",
        skip_serializing_if = "Option::is_none"
    )]
    pub role_scope_mentor: Option<Vec<String>>,
    /// Context.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/context",
        skip_serializing_if = "Option::is_none"
    )]
    pub context: Option<Context>,
    /// Tool platform.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/tool_platform",
        skip_serializing_if = "Option::is_none"
    )]
    pub tool_platform: Option<ToolPlatform>,
    /// Launch presentation.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation",
        skip_serializing_if = "Option::is_none"
    )]
    pub launch_presentation: Option<LaunchPresentation>,
    /// LIS identifiers.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/lis",
        skip_serializing_if = "Option::is_none"
    )]
    pub lis: Option<Lis>,
    /// Custom parameters (values are strings per the spec; other JSON kept as sent).
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/custom",
        skip_serializing_if = "Option::is_none"
    )]
    pub custom: Option<Map<String, Value>>,
    /// Submission Review / Asset Processor `for_user`.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/for_user",
        skip_serializing_if = "Option::is_none"
    )]
    pub for_user: Option<ForUser>,
    /// `for_user` under the non-standard `lti-sr` key (read; use [`Claims::for_user`]).
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-sr/claim/for_user",
        skip_serializing_if = "Option::is_none"
    )]
    pub for_user_legacy: Option<ForUser>,
    /// LTI 1.1 migration claim.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/lti1p1",
        skip_serializing_if = "Option::is_none"
    )]
    pub lti1p1: Option<Lti1p1>,
    /// LTI 1.1 user id (Canvas and others).
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/lti11_legacy_user_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub lti11_legacy_user_id: Option<String>,
    /// AGS endpoint.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
        skip_serializing_if = "Option::is_none"
    )]
    pub ags_endpoint: Option<AgsEndpoint>,
    /// NRPS.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
        skip_serializing_if = "Option::is_none"
    )]
    pub names_role_service: Option<NamesRoleService>,
    /// Course Groups service.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-gs/claim/groupsservice",
        skip_serializing_if = "Option::is_none"
    )]
    pub groups_service: Option<GroupsService>,
    /// Deep linking settings (request).
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
        skip_serializing_if = "Option::is_none"
    )]
    pub deep_linking_settings: Option<super::deep_linking::DeepLinkingSettings>,
    /// Deep linking content items (response).
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
        skip_serializing_if = "Option::is_none"
    )]
    pub content_items: Option<Vec<super::deep_linking::ContentItem>>,
    /// Deep linking `data` echo (response).
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-dl/claim/data",
        skip_serializing_if = "Option::is_none"
    )]
    pub dl_data: Option<String>,
    /// Deep linking `msg`.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-dl/claim/msg",
        skip_serializing_if = "Option::is_none"
    )]
    pub dl_msg: Option<String>,
    /// Deep linking `log`.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-dl/claim/log",
        skip_serializing_if = "Option::is_none"
    )]
    pub dl_log: Option<String>,
    /// Deep linking `errormsg`.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-dl/claim/errormsg",
        skip_serializing_if = "Option::is_none"
    )]
    pub dl_errormsg: Option<String>,
    /// Deep linking `errorlog`.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-dl/claim/errorlog",
        skip_serializing_if = "Option::is_none"
    )]
    pub dl_errorlog: Option<String>,
    /// Proctoring: where the tool sends `LtiStartAssessment`.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-ap/claim/start_assessment_url",
        skip_serializing_if = "Option::is_none"
    )]
    pub start_assessment_url: Option<String>,
    /// Proctoring: opaque session data echoed by the tool.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-ap/claim/session_data",
        skip_serializing_if = "Option::is_none"
    )]
    pub session_data: Option<String>,
    /// Proctoring: attempt number.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-ap/claim/attempt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub attempt_number: Option<u64>,
    /// Proctoring: the identity the proctoring tool verified.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-ap/claim/verified_user",
        skip_serializing_if = "Option::is_none"
    )]
    pub verified_user: Option<VerifiedUser>,
    /// Proctoring: whether the platform sends `LtiEndAssessment`.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-ap/claim/end_assessment_return",
        skip_serializing_if = "Option::is_none"
    )]
    pub end_assessment_return: Option<bool>,
    /// Proctoring: settings (opaque `data`).
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-ap/claim/proctoring_settings",
        skip_serializing_if = "Option::is_none"
    )]
    pub proctoring_settings: Option<Map<String, Value>>,
    /// Proctoring: assessment control service.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti-ap/claim/acs",
        skip_serializing_if = "Option::is_none"
    )]
    pub assessment_control: Option<AssessmentControl>,
    /// Asset Processor: activity.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/activity",
        skip_serializing_if = "Option::is_none"
    )]
    pub activity: Option<Activity>,
    /// Asset Processor: submission.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/submission",
        skip_serializing_if = "Option::is_none"
    )]
    pub submission: Option<IdClaim>,
    /// Asset Processor: asset.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/asset",
        skip_serializing_if = "Option::is_none"
    )]
    pub asset: Option<IdClaim>,
    /// Asset Processor: report type.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/assetreport_type",
        skip_serializing_if = "Option::is_none"
    )]
    pub assetreport_type: Option<String>,
    /// EULA service.
    #[serde(
        default,
        rename = "https://purl.imsglobal.org/spec/lti/claim/eulaservice",
        skip_serializing_if = "Option::is_none"
    )]
    pub eula_service: Option<EulaService>,

    /// Every other claim (vendor extensions, claims of specs not modelled), in key order.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

impl Claims {
    /// Reads a claim set from a JSON object. Fails only on JSON type errors (with the path);
    /// use [`crate::lti::message::check_claims`] for the spec's rules.
    pub fn from_value(value: Value) -> Result<Self, ClaimsError> {
        serde_path_to_error_lite(value)
    }

    /// Reads a claim set from JSON text.
    pub fn from_json(text: &[u8]) -> Result<Self, ClaimsError> {
        let value: Value = serde_json::from_slice(text).map_err(|e| ClaimsError {
            pointer: String::new(),
            message: e.to_string(),
        })?;
        Self::from_value(value)
    }

    /// The claim set as a JSON object.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// `for_user`, under the standard key or, failing that, the non-standard `lti-sr` key.
    pub fn for_user(&self) -> Option<&ForUser> {
        self.for_user.as_ref().or(self.for_user_legacy.as_ref())
    }

    /// Whether this is an anonymous launch (no `sub`; LTI Core §5.3.6.1).
    pub fn is_anonymous(&self) -> bool {
        self.sub.is_none()
    }

    /// A custom parameter as a string (custom values are strings per LTI Core §5.4.6).
    pub fn custom(&self, name: &str) -> Option<&str> {
        self.custom.as_ref()?.get(name)?.as_str()
    }
}

/// A JSON type error in a claim set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("claim set does not match the LTI claim types at {pointer:?}: {message}")]
#[non_exhaustive]
pub struct ClaimsError {
    /// JSON pointer of the value that did not fit (empty: the document).
    pub pointer: String,
    /// What serde said.
    pub message: String,
}

impl ClaimsError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        super::codes::CLAIMS_TYPE
    }
}

/// Deserialises with the failing claim named: serde_json's error says what but not where, so on
/// failure we retry claim by claim to find the offending top-level key (cheap: only on errors).
fn serde_path_to_error_lite(value: Value) -> Result<Claims, ClaimsError> {
    match serde_json::from_value::<Claims>(value.clone()) {
        Ok(c) => Ok(c),
        Err(e) => {
            let mut pointer = String::new();
            if let Value::Object(map) = &value {
                for (k, v) in map {
                    let mut one = Map::new();
                    one.insert(k.clone(), v.clone());
                    if serde_json::from_value::<Claims>(Value::Object(one)).is_err() {
                        pointer = crate::location::json_pointer([k.as_str()]);
                        break;
                    }
                }
            }
            Err(ClaimsError {
                pointer,
                message: e.to_string(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn audience_forms() {
        let a: Audience = serde_json::from_value(json!("x")).unwrap();
        assert!(a.contains("x"));
        assert_eq!(a.len(), 1);
        let a: Audience = serde_json::from_value(json!(["x", "y"])).unwrap();
        assert!(a.contains("y") && !a.contains("z"));
        assert_eq!(serde_json::to_value(&a).unwrap(), json!(["x", "y"]));
        assert!(serde_json::from_value::<Audience>(json!(3)).is_err());
        let a: Audience = serde_json::from_value(json!([])).unwrap();
        assert!(a.is_empty());
    }

    #[test]
    fn message_type_round_trip() {
        for t in MessageType::KNOWN {
            assert_eq!(&MessageType::parse(t.as_str()), t);
        }
        assert_eq!(
            MessageType::parse("VendorThing"),
            MessageType::Other("VendorThing".into())
        );
        assert!(!MessageType::DeepLinkingResponse.is_platform_originating());
    }

    #[test]
    fn numeric_dates() {
        let c = Claims::from_value(json!({"exp": 10.7, "iat": 5})).unwrap();
        assert_eq!((c.exp, c.iat), (Some(10), Some(5)));
        let e = Claims::from_value(json!({"iss": "a", "exp": "10"})).unwrap_err();
        assert_eq!(e.pointer, "/exp");
        assert_eq!(e.code(), "lti.claims.type");
        assert_eq!(numeric_date_of(&json!(1.5e9)), Some(1_500_000_000));
        assert_eq!(numeric_date_of(&json!("1")), None);
        assert_eq!(numeric_date_of(&json!(f64::MAX)), None);
    }

    #[test]
    fn unknown_claims_are_kept() {
        let v = json!({
            "iss": "https://p",
            "http://vendor/x": {"a": 1},
            "https://purl.imsglobal.org/spec/lti/claim/context": {"id": "c", "errors": {}}
        });
        let c = Claims::from_value(v.clone()).unwrap();
        assert_eq!(c.extensions.len(), 1);
        assert!(
            c.context
                .as_ref()
                .unwrap()
                .extensions
                .contains_key("errors")
        );
        assert_eq!(c.to_value(), v);
    }
}
