//! The OneRoster data model, one for 1.1 and 1.2 (information model §4: rostering, gradebook,
//! resources).
//!
//! Each entity keeps the fields of both versions: fields that exist only in one version are
//! `Option`s or possibly-empty `Vec`s, and the bindings ([`crate::csv`], [`crate::json`]) read
//! and write the fields of the version at hand. References are [`GuidRef`]s in every binding
//! (CSV `xSourcedId` columns become references with the right [`RefType`]). Extensions are kept:
//! CSV `metadata.*` columns and JSON `metadata` properties in [`Base::metadata`]; JSON properties
//! the binding does not define, and CSV columns the header does not define, in [`Base::extra`].
//!
//! The serde derives give a faithful dump of the model (camelCase names, empty fields omitted);
//! the normative JSON shape of each version is written by [`crate::json`].

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use lti_core::id::SourcedId;

use crate::vocab::{
    ClassType, EnrollmentRole, Importance, LearningObjectiveSource, OrgType, ResourceRole, Role,
    RoleType, ScoreStatus, SessionType, Sex, Status,
};

/// The OneRoster data-model version (what the payload looks like), kept apart from the REST
/// service path version (see [`crate::rest::ServiceLayout`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Version {
    /// OneRoster 1.1.
    #[serde(rename = "1.1")]
    V1_1,
    /// OneRoster 1.2 (including 1.2.1, whose changes are editorial for the bindings here).
    #[serde(rename = "1.2")]
    V1_2,
}

impl Version {
    /// `"1.1"` or `"1.2"`, as `oneroster.version` in manifest.csv writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V1_1 => "1.1",
            Self::V1_2 => "1.2",
        }
    }

    /// Parses `1.1`, `1.2` or `1.2.x`.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim() {
            "1.1" => Some(Self::V1_1),
            "1.2" => Some(Self::V1_2),
            v if v.starts_with("1.2.") => Some(Self::V1_2),
            _ => None,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of object a [`GuidRef`] points at (the `type` of `GUIDRefDType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum RefType {
    /// An academic session (also terms, grading periods, school years).
    AcademicSession,
    /// An assessment line item (1.2 gradebook).
    AssessmentLineItem,
    /// A gradebook category.
    Category,
    /// A class.
    Class,
    /// A course.
    Course,
    /// A line item.
    LineItem,
    /// An org (schools, districts…).
    Org,
    /// A resource.
    Resource,
    /// A score scale (1.2).
    ScoreScale,
    /// A user (students, teachers, agents…).
    User,
    /// A result (CSV link files only; not a JSON GUIDRef type).
    Result,
    /// A user profile (CSV roles.csv only; JSON refers to profiles by `profileId`).
    UserProfile,
}

impl RefType {
    /// The token written in JSON `type`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AcademicSession => "academicSession",
            Self::AssessmentLineItem => "assessmentLineItem",
            Self::Category => "category",
            Self::Class => "class",
            Self::Course => "course",
            Self::LineItem => "lineItem",
            Self::Org => "org",
            Self::Resource => "resource",
            Self::ScoreScale => "scoreScale",
            Self::User => "user",
            Self::Result => "result",
            Self::UserProfile => "userProfile",
        }
    }

    /// Parses a JSON `type` token.
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "academicSession" => Self::AcademicSession,
            "assessmentLineItem" => Self::AssessmentLineItem,
            "category" => Self::Category,
            "class" => Self::Class,
            "course" => Self::Course,
            "lineItem" => Self::LineItem,
            "org" => Self::Org,
            "resource" => Self::Resource,
            "scoreScale" => Self::ScoreScale,
            "user" => Self::User,
            "result" => Self::Result,
            "userProfile" => Self::UserProfile,
            _ => return None,
        })
    }

    /// The REST collection path segment of this type (`orgs`, `users`…).
    pub const fn collection(self) -> &'static str {
        match self {
            Self::AcademicSession => "academicSessions",
            Self::AssessmentLineItem => "assessmentLineItems",
            Self::Category => "categories",
            Self::Class => "classes",
            Self::Course => "courses",
            Self::LineItem => "lineItems",
            Self::Org => "orgs",
            Self::Resource => "resources",
            Self::ScoreScale => "scoreScales",
            Self::User => "users",
            Self::Result => "results",
            Self::UserProfile => "userProfiles",
        }
    }
}

/// A reference to another object (`GUIDRefDType`): its sourcedId, its type and, in JSON, the
/// `href` where it can be fetched.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GuidRef {
    /// The referenced object's sourcedId.
    #[serde(rename = "sourcedId")]
    pub sourced_id: SourcedId,
    /// What kind of object it is.
    #[serde(rename = "type")]
    pub ref_type: RefType,
    /// Where to fetch it (JSON only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

impl GuidRef {
    /// A reference without `href`.
    pub fn new(ref_type: RefType, sourced_id: impl Into<String>) -> Self {
        Self {
            sourced_id: SourcedId::new_unchecked(sourced_id),
            ref_type,
            href: None,
        }
    }

    /// Sets `href`.
    #[must_use]
    pub fn with_href(mut self, href: impl Into<String>) -> Self {
        self.href = Some(href.into());
        self
    }

    /// The referenced sourcedId as a string.
    pub fn id(&self) -> &str {
        self.sourced_id.as_str()
    }
}

/// An ordered string-keyed map of JSON values: `metadata` extensions and other kept properties.
///
/// Order is kept as read (CSV column order, JSON property order) so that written output lists
/// extensions in the same order. Keys are unique; [`Metadata::insert`] replaces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata(Vec<(String, serde_json::Value)>);

impl Metadata {
    /// An empty map.
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// Inserts or replaces a value.
    pub fn insert(&mut self, key: impl Into<String>, value: serde_json::Value) {
        let key = key.into();
        if let Some(slot) = self.0.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = value;
        } else {
            self.0.push((key, value));
        }
    }

    /// The value for `key`.
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &serde_json::Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The map as a JSON object (in order, as far as `serde_json::Map` keeps it).
    pub fn to_json_object(&self) -> serde_json::Map<String, serde_json::Value> {
        self.0.iter().cloned().collect()
    }

    /// The value of `key` as CSV text: strings as they are, other JSON values as JSON text.
    pub fn csv_text(value: &serde_json::Value) -> String {
        match value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        }
    }
}

impl FromIterator<(String, serde_json::Value)> for Metadata {
    fn from_iter<T: IntoIterator<Item = (String, serde_json::Value)>>(iter: T) -> Self {
        let mut m = Self::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl Serialize for Metadata {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Metadata {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Metadata;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Metadata, A::Error> {
                let mut m = Metadata::new();
                while let Some((k, v)) = a.next_entry::<String, serde_json::Value>()? {
                    m.insert(k, v);
                }
                Ok(m)
            }
        }
        d.deserialize_map(V)
    }
}

/// The fields every OneRoster object has (`BaseDType`), plus kept extensions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Base {
    /// The object's identifier (opaque; GUIDs are recommended, not required).
    pub sourced_id: SourcedId,
    /// `active` or `tobedeleted` (empty in CSV bulk files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// When the object last changed (empty in CSV bulk files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_last_modified: Option<DateTime<FixedOffset>>,
    /// Extensions: CSV `metadata.<name>` columns, JSON `metadata` properties.
    #[serde(default, skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// Properties or columns the binding does not define, kept for round trips.
    #[serde(default, skip_serializing_if = "Metadata::is_empty")]
    pub extra: Metadata,
}

impl Base {
    /// A base with only a sourcedId.
    pub fn new(sourced_id: impl Into<String>) -> Self {
        Self {
            sourced_id: SourcedId::new_unchecked(sourced_id),
            status: None,
            date_last_modified: None,
            metadata: Metadata::new(),
            extra: Metadata::new(),
        }
    }

    /// Sets status and dateLastModified (a delta record).
    #[must_use]
    pub fn with_lifecycle(mut self, status: Status, modified: DateTime<FixedOffset>) -> Self {
        self.status = Some(status);
        self.date_last_modified = Some(modified);
        self
    }
}

/// A date, or a date-time (line item `assignDate`/`dueDate`: a date in CSV, a date-time in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateOrDateTime {
    /// A calendar date.
    Date(NaiveDate),
    /// A date-time with offset.
    DateTime(DateTime<FixedOffset>),
}

impl DateOrDateTime {
    /// The date part.
    pub fn date(&self) -> NaiveDate {
        match self {
            Self::Date(d) => *d,
            Self::DateTime(dt) => dt.date_naive(),
        }
    }

    /// RFC 3339 date-time text (a date becomes midnight UTC).
    pub fn to_datetime_string(&self) -> String {
        match self {
            Self::Date(d) => format!("{d}T00:00:00Z"),
            Self::DateTime(dt) => format_datetime(dt),
        }
    }

    /// The text as written: `YYYY-MM-DD` for a date, RFC 3339 for a date-time.
    pub fn to_text(&self) -> String {
        match self {
            Self::Date(d) => d.to_string(),
            Self::DateTime(dt) => format_datetime(dt),
        }
    }
}

impl Serialize for DateOrDateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_text())
    }
}

impl<'de> Deserialize<'de> for DateOrDateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        parse_date_or_datetime(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("{s:?} is neither a date nor a date-time"))
        })
    }
}

/// Parses a strict date (`YYYY-MM-DD`) or a strict RFC 3339 date-time.
pub fn parse_date_or_datetime(s: &str) -> Option<DateOrDateTime> {
    if s.len() == 10 {
        lti_core::time::parse_date(s).ok().map(DateOrDateTime::Date)
    } else {
        lti_core::time::parse_datetime(s)
            .ok()
            .map(DateOrDateTime::DateTime)
    }
}

/// Formats a date-time as RFC 3339: `Z` for UTC, as many fraction digits as needed.
pub fn format_datetime(dt: &DateTime<FixedOffset>) -> String {
    if dt.offset().local_minus_utc() == 0 {
        dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    } else {
        dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
    }
}

/// An external identifier of a user (`UserIdDType`; CSV `{type:identifier}` list items).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserId {
    /// The identifier's system (`LDAP`, `LTI`…).
    #[serde(rename = "type")]
    pub id_type: String,
    /// The identifier.
    pub identifier: String,
}

impl UserId {
    /// A user id.
    pub fn new(id_type: impl Into<String>, identifier: impl Into<String>) -> Self {
        Self {
            id_type: id_type.into(),
            identifier: identifier.into(),
        }
    }
}

/// An organisation (`OrgDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Org {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub org_type: OrgType,
    /// Human-readable identifier (for example a state school code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// Parent org.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<GuidRef>,
    /// Child orgs (JSON only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<GuidRef>,
}

/// An academic session: school year, semester, term or grading period (`AcademicSessionDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AcademicSession {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Title.
    pub title: String,
    /// Type.
    #[serde(rename = "type")]
    pub session_type: SessionType,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day.
    pub end_date: NaiveDate,
    /// Parent session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<GuidRef>,
    /// Child sessions (JSON only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<GuidRef>,
    /// The school year, as the year it ends (`2024` for 2023–24).
    pub school_year: String,
}

/// A course (`CourseDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Course {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Title.
    pub title: String,
    /// The school year session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school_year: Option<GuidRef>,
    /// Course code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course_code: Option<String>,
    /// Grade levels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<String>,
    /// Subjects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// The org offering the course.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<GuidRef>,
    /// Subject codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject_codes: Vec<String>,
    /// Resources (JSON only; CSV uses courseResources.csv).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<GuidRef>,
}

/// A class: one section of a course (`ClassDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Class {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Title.
    pub title: String,
    /// Class code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_code: Option<String>,
    /// Type.
    pub class_type: ClassType,
    /// Location (room).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Grade levels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<String>,
    /// Subjects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// The course.
    pub course: GuidRef,
    /// The school.
    pub school: GuidRef,
    /// Terms.
    pub terms: Vec<GuidRef>,
    /// Subject codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject_codes: Vec<String>,
    /// Periods.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<String>,
    /// Resources (JSON only; CSV uses classResources.csv).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<GuidRef>,
}

/// A role of a user in an org (1.2 `RoleDType`; one row of roles.csv).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserRole {
    /// The roles.csv record's sourcedId (CSV only; JSON roles have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sourced_id: Option<SourcedId>,
    /// roles.csv status (CSV delta only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// roles.csv dateLastModified (CSV delta only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_last_modified: Option<DateTime<FixedOffset>>,
    /// roles.csv `metadata.*` columns.
    #[serde(default, skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// Primary or secondary.
    pub role_type: RoleType,
    /// The role.
    pub role: Role,
    /// The org the role is held in.
    pub org: GuidRef,
    /// The user profile used in this role (JSON: a profileId URI; CSV: a userProfiles.csv
    /// sourcedId).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_profile: Option<String>,
    /// From.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin_date: Option<NaiveDate>,
    /// Until.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
}

/// A credential of a user profile (`CredentialDType`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Credential {
    /// Credential type.
    #[serde(rename = "type")]
    pub credential_type: String,
    /// User name.
    pub username: String,
    /// Password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// A user's profile for an application (1.2 `UserProfileDType`; one row of userProfiles.csv).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserProfile {
    /// The profile id (JSON `profileId`; CSV `sourcedId`).
    pub profile_id: String,
    /// userProfiles.csv status (CSV delta only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// userProfiles.csv dateLastModified (CSV delta only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_last_modified: Option<DateTime<FixedOffset>>,
    /// userProfiles.csv `metadata.*` columns.
    #[serde(default, skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// Profile type.
    pub profile_type: String,
    /// Vendor.
    pub vendor_id: String,
    /// Application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Credentials (CSV holds exactly one per row).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credentials: Vec<Credential>,
}

/// A user: student, teacher, parent, administrator… (`UserDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct User {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Master identifier (1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_master_identifier: Option<String>,
    /// Login name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// External identifiers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_ids: Vec<UserId>,
    /// Whether the account is enabled.
    pub enabled_user: bool,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Preferred first name (1.2; CSV `preferredGivenName`, JSON `preferredFirstName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_first_name: Option<String>,
    /// Preferred middle name (1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_middle_name: Option<String>,
    /// Preferred last name (1.2; CSV `preferredFamilyName`, JSON `preferredLastName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_last_name: Option<String>,
    /// Pronouns (1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pronouns: Option<String>,
    /// The single role (1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Orgs (1.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orgs: Vec<GuidRef>,
    /// Roles (1.2; CSV roles.csv).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<UserRole>,
    /// Profiles (1.2; CSV userProfiles.csv).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_profiles: Vec<UserProfile>,
    /// Primary org (1.2; CSV `primaryOrgSourcedId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_org: Option<GuidRef>,
    /// Human-readable identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// SMS number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Agents: parents, guardians… (CSV `agentSourcedIds`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<GuidRef>,
    /// Grade levels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<String>,
    /// Password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Resources (1.2; CSV `resourceSourcedIds`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<GuidRef>,
}

/// A user's membership of a class (`EnrollmentDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Enrollment {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// The user.
    pub user: GuidRef,
    /// The class.
    pub class: GuidRef,
    /// The school.
    pub school: GuidRef,
    /// The role in the class.
    pub role: EnrollmentRole,
    /// Whether this is the primary teacher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    /// From.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin_date: Option<NaiveDate>,
    /// Until.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
}

/// Demographic data of a user (`DemographicsDType`; its sourcedId is the user's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Demographics {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Birth date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// Sex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Race flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub american_indian_or_alaska_native: Option<bool>,
    /// Race flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asian: Option<bool>,
    /// Race flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub black_or_african_american: Option<bool>,
    /// Race flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native_hawaiian_or_other_pacific_islander: Option<bool>,
    /// Race flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub white: Option<bool>,
    /// Race flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demographic_race_two_or_more_races: Option<bool>,
    /// Ethnicity flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hispanic_or_latino_ethnicity: Option<bool>,
    /// Country of birth code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_of_birth_code: Option<String>,
    /// State of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_of_birth_abbreviation: Option<String>,
    /// City of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city_of_birth: Option<String>,
    /// Residence status code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_school_residence_status: Option<String>,
}

/// A gradebook category (`CategoryDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Category {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Title.
    pub title: String,
    /// Weight (1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// A set of learning-objective ids from one source (`LearningObjectiveSetDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LearningObjectiveSet {
    /// The source (`case`, `unknown` or an extension).
    pub source: LearningObjectiveSource,
    /// The ids.
    pub learning_objective_ids: Vec<String>,
}

/// One learning-objective score (`LearningObjectiveResultsDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LearningObjectiveResult {
    /// The objective.
    pub learning_objective_id: String,
    /// Score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Text score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_score: Option<String>,
}

/// Learning-objective scores from one source (`LearningObjectiveScoreSetDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LearningObjectiveScoreSet {
    /// The source.
    pub source: LearningObjectiveSource,
    /// The scores.
    pub learning_objective_results: Vec<LearningObjectiveResult>,
}

/// A gradebook column (`LineItemDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LineItem {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Assigned on.
    pub assign_date: DateOrDateTime,
    /// Due on.
    pub due_date: DateOrDateTime,
    /// The class.
    pub class: GuidRef,
    /// The school (1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school: Option<GuidRef>,
    /// The category.
    pub category: GuidRef,
    /// The grading period (1.1 CSV `gradingPeriodSourcedId`; also in 1.2 JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grading_period: Option<GuidRef>,
    /// The academic session (1.2 CSV `academicSessionSourcedId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub academic_session: Option<GuidRef>,
    /// The score scale (1.2 JSON; CSV lineItemScoreScales.csv).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_scale: Option<GuidRef>,
    /// Lowest result value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_value_min: Option<f64>,
    /// Highest result value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_value_max: Option<f64>,
    /// Learning objectives (1.2 JSON; CSV lineItemLearningObjectiveIds.csv).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learning_objective_set: Vec<LearningObjectiveSet>,
}

/// A score of a student for a line item (`ResultDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GradeResult {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// The line item.
    pub line_item: GuidRef,
    /// The student.
    pub student: GuidRef,
    /// The class (1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<GuidRef>,
    /// The score scale (1.2 JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_scale: Option<GuidRef>,
    /// Status.
    pub score_status: ScoreStatus,
    /// Score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Text score (1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_score: Option<String>,
    /// When scored.
    pub score_date: NaiveDate,
    /// Comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Learning-objective scores (1.2 JSON; CSV resultLearningObjectiveIds.csv).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learning_objective_set: Vec<LearningObjectiveScoreSet>,
    /// In progress (1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_progress: Option<bool>,
    /// Incomplete (1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<bool>,
    /// Late (1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late: Option<bool>,
    /// Missing (1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<bool>,
}

/// One entry of a score scale (`ScoreScaleValueDType`; CSV `{LHS:RHS}` list items).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScoreScaleValue {
    /// Left-hand side (`A+`).
    #[serde(rename = "itemValueLHS")]
    pub lhs: String,
    /// Right-hand side (`100`).
    #[serde(rename = "itemValueRHS")]
    pub rhs: String,
}

impl ScoreScaleValue {
    /// A value pair.
    pub fn new(lhs: impl Into<String>, rhs: impl Into<String>) -> Self {
        Self {
            lhs: lhs.into(),
            rhs: rhs.into(),
        }
    }
}

/// A score scale (1.2 `ScoreScaleDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ScoreScale {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Title.
    pub title: String,
    /// Scale type.
    #[serde(rename = "type")]
    pub scale_type: String,
    /// The org (CSV only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<GuidRef>,
    /// The course.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course: Option<GuidRef>,
    /// The class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<GuidRef>,
    /// The values.
    pub score_scale_value: Vec<ScoreScaleValue>,
}

/// A learning resource (`ResourceDType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Resource {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Roles the resource is meant for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<ResourceRole>,
    /// Importance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importance: Option<Importance>,
    /// The vendor's id of the resource.
    pub vendor_resource_id: String,
    /// Vendor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor_id: Option<String>,
    /// Application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
}

/// Which kind of link a [`ResourceLink`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ResourceLinkKind {
    /// classResources.csv
    Class,
    /// courseResources.csv
    Course,
    /// userResources.csv (1.2)
    User,
}

/// A link between a class, course or user and a resource (classResources.csv,
/// courseResources.csv, userResources.csv).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResourceLink {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Which file.
    pub kind: ResourceLinkKind,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The class, course or user.
    pub owner: GuidRef,
    /// userResources.csv: the org.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<GuidRef>,
    /// userResources.csv: the class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<GuidRef>,
    /// The resource.
    pub resource: GuidRef,
}

/// A learning-objective id of a line item or result (lineItemLearningObjectiveIds.csv,
/// resultLearningObjectiveIds.csv; 1.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LearningObjectiveLink {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// The line item or result.
    pub owner: GuidRef,
    /// The source.
    pub source: LearningObjectiveSource,
    /// The objective.
    pub learning_objective_id: String,
    /// Score (results only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Text score (results only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_score: Option<String>,
}

/// A score scale of a line item or result (lineItemScoreScales.csv, resultScoreScales.csv; 1.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ScoreScaleLink {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The line item or result.
    pub owner: GuidRef,
    /// The score scale.
    pub score_scale: GuidRef,
}

/// An assessment line item (1.2 gradebook `AssessmentLineItemDType`; REST only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AssessmentLineItem {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<GuidRef>,
    /// The parent assessment line item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_assessment_line_item: Option<GuidRef>,
    /// The score scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_scale: Option<GuidRef>,
    /// Lowest result value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_value_min: Option<f64>,
    /// Highest result value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_value_max: Option<f64>,
    /// Learning objectives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learning_objective_set: Vec<LearningObjectiveSet>,
}

/// An assessment result (1.2 gradebook `AssessmentResultDType`; REST only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AssessmentResult {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// The assessment line item.
    pub assessment_line_item: GuidRef,
    /// The student.
    pub student: GuidRef,
    /// Score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Text score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_score: Option<String>,
    /// When scored.
    pub score_date: NaiveDate,
    /// The score scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_scale: Option<GuidRef>,
    /// Percentile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_percentile: Option<f64>,
    /// Status.
    pub score_status: ScoreStatus,
    /// Comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Learning-objective scores.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learning_objective_set: Vec<LearningObjectiveScoreSet>,
    /// In progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_progress: Option<bool>,
    /// Incomplete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<bool>,
    /// Late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late: Option<bool>,
    /// Missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<bool>,
}

/// A whole OneRoster data set in memory: what a CSV set holds, or several REST collections.
///
/// 1.2 roles and user profiles live inside [`User`] (as in JSON); the CSV binding splits them
/// into roles.csv and userProfiles.csv and joins them back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Dataset {
    /// Orgs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orgs: Vec<Org>,
    /// Academic sessions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub academic_sessions: Vec<AcademicSession>,
    /// Courses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub courses: Vec<Course>,
    /// Classes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<Class>,
    /// Users (with their 1.2 roles and profiles).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<User>,
    /// Enrollments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enrollments: Vec<Enrollment>,
    /// Demographics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub demographics: Vec<Demographics>,
    /// Resources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Resource>,
    /// Class, course and user resource links.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_links: Vec<ResourceLink>,
    /// Categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// Score scales.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub score_scales: Vec<ScoreScale>,
    /// Line items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub line_items: Vec<LineItem>,
    /// Results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<GradeResult>,
    /// Line-item learning-objective ids (CSV form).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub line_item_learning_objectives: Vec<LearningObjectiveLink>,
    /// Result learning-objective ids (CSV form).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub result_learning_objectives: Vec<LearningObjectiveLink>,
    /// Line-item score scales (CSV form).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub line_item_score_scales: Vec<ScoreScaleLink>,
    /// Result score scales (CSV form).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub result_score_scales: Vec<ScoreScaleLink>,
    /// Assessment line items (1.2 REST only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessment_line_items: Vec<AssessmentLineItem>,
    /// Assessment results (1.2 REST only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessment_results: Vec<AssessmentResult>,
    /// roles.csv rows whose user is not in the set (the user reference, the role).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unattached_roles: Vec<(GuidRef, UserRole)>,
    /// userProfiles.csv rows whose user is not in the set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unattached_profiles: Vec<(GuidRef, UserProfile)>,
}

impl Dataset {
    /// An empty data set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Total number of top-level records.
    pub fn len(&self) -> usize {
        self.orgs.len()
            + self.academic_sessions.len()
            + self.courses.len()
            + self.classes.len()
            + self.users.len()
            + self.enrollments.len()
            + self.demographics.len()
            + self.resources.len()
            + self.resource_links.len()
            + self.categories.len()
            + self.score_scales.len()
            + self.line_items.len()
            + self.results.len()
            + self.line_item_learning_objectives.len()
            + self.result_learning_objectives.len()
            + self.line_item_score_scales.len()
            + self.result_score_scales.len()
            + self.assessment_line_items.len()
            + self.assessment_results.len()
            + self.unattached_roles.len()
            + self.unattached_profiles.len()
    }

    /// Whether the set holds no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_parse() {
        assert_eq!(Version::parse("1.1"), Some(Version::V1_1));
        assert_eq!(Version::parse("1.2.1"), Some(Version::V1_2));
        assert_eq!(Version::parse("1.0"), None);
        assert_eq!(Version::V1_2.to_string(), "1.2");
    }

    #[test]
    fn metadata_keeps_order_and_replaces() {
        let mut m = Metadata::new();
        m.insert("z", serde_json::json!("1"));
        m.insert("a", serde_json::json!(2));
        m.insert("z", serde_json::json!("3"));
        let keys: Vec<_> = m.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["z", "a"]);
        let j = serde_json::to_string(&m).unwrap();
        assert_eq!(j, r#"{"z":"3","a":2}"#);
        let back: Metadata = serde_json::from_str(r#"{"b":1,"a":2}"#).unwrap();
        assert_eq!(back.iter().next().map(|(k, _)| k), Some("b"));
        assert_eq!(Metadata::csv_text(&serde_json::json!(2)), "2");
        assert_eq!(Metadata::csv_text(&serde_json::json!(null)), "");
    }

    #[test]
    fn ref_types() {
        for t in [
            RefType::AcademicSession,
            RefType::AssessmentLineItem,
            RefType::Category,
            RefType::Class,
            RefType::Course,
            RefType::LineItem,
            RefType::Org,
            RefType::Resource,
            RefType::ScoreScale,
            RefType::User,
            RefType::Result,
            RefType::UserProfile,
        ] {
            assert_eq!(RefType::parse(t.as_str()), Some(t));
            assert!(!t.collection().is_empty());
        }
        assert_eq!(RefType::parse("nope"), None);
    }

    #[test]
    fn date_or_datetime() {
        let d = parse_date_or_datetime("2024-01-05").unwrap();
        assert_eq!(d.to_text(), "2024-01-05");
        assert_eq!(d.to_datetime_string(), "2024-01-05T00:00:00Z");
        let dt = parse_date_or_datetime("2024-01-05T10:00:00.5+02:00").unwrap();
        assert_eq!(dt.to_text(), "2024-01-05T10:00:00.500+02:00");
        assert_eq!(dt.date().to_string(), "2024-01-05");
        assert!(parse_date_or_datetime("1/05/2023").is_none());
        let j = serde_json::to_string(&d).unwrap();
        let back: DateOrDateTime = serde_json::from_str(&j).unwrap();
        assert_eq!(back, d);
    }
}
