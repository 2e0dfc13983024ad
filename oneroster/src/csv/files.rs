//! The files of the CSV binding and their exact header rows, per version (CSV binding 1.2
//! §3 tables 3.1–3.22; 1.1 CSV tables).
//!
//! Each column has a [`ColumnType`] and a [`Requirement`]; validation is driven by these tables.

use crate::model::{RefType, Version};
use crate::vocab::{self, Vocab};

/// One data file of the CSV binding (manifest.csv is handled apart).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum FileKind {
    /// orgs.csv
    Orgs,
    /// academicSessions.csv
    AcademicSessions,
    /// courses.csv
    Courses,
    /// classes.csv
    Classes,
    /// resources.csv
    Resources,
    /// users.csv
    Users,
    /// userProfiles.csv (1.2)
    UserProfiles,
    /// roles.csv (1.2)
    Roles,
    /// demographics.csv
    Demographics,
    /// enrollments.csv
    Enrollments,
    /// categories.csv
    Categories,
    /// scoreScales.csv (1.2)
    ScoreScales,
    /// lineItems.csv
    LineItems,
    /// lineItemLearningObjectiveIds.csv (1.2)
    LineItemLearningObjectiveIds,
    /// lineItemScoreScales.csv (1.2)
    LineItemScoreScales,
    /// results.csv
    Results,
    /// resultLearningObjectiveIds.csv (1.2)
    ResultLearningObjectiveIds,
    /// resultScoreScales.csv (1.2)
    ResultScoreScales,
    /// classResources.csv
    ClassResources,
    /// courseResources.csv
    CourseResources,
    /// userResources.csv (1.2)
    UserResources,
}

impl FileKind {
    /// Every file, in processing order: a file comes after the files it refers to (self
    /// references, such as org parents, are resolved at the end of the file).
    pub const ALL: [Self; 21] = [
        Self::Orgs,
        Self::AcademicSessions,
        Self::Courses,
        Self::Classes,
        Self::Resources,
        Self::Users,
        Self::UserProfiles,
        Self::Roles,
        Self::Demographics,
        Self::Enrollments,
        Self::Categories,
        Self::ScoreScales,
        Self::LineItems,
        Self::LineItemLearningObjectiveIds,
        Self::LineItemScoreScales,
        Self::Results,
        Self::ResultLearningObjectiveIds,
        Self::ResultScoreScales,
        Self::ClassResources,
        Self::CourseResources,
        Self::UserResources,
    ];

    /// The name used in `file.<name>` manifest keys (`academicSessions`).
    pub const fn stem(self) -> &'static str {
        match self {
            Self::Orgs => "orgs",
            Self::AcademicSessions => "academicSessions",
            Self::Courses => "courses",
            Self::Classes => "classes",
            Self::Resources => "resources",
            Self::Users => "users",
            Self::UserProfiles => "userProfiles",
            Self::Roles => "roles",
            Self::Demographics => "demographics",
            Self::Enrollments => "enrollments",
            Self::Categories => "categories",
            Self::ScoreScales => "scoreScales",
            Self::LineItems => "lineItems",
            Self::LineItemLearningObjectiveIds => "lineItemLearningObjectiveIds",
            Self::LineItemScoreScales => "lineItemScoreScales",
            Self::Results => "results",
            Self::ResultLearningObjectiveIds => "resultLearningObjectiveIds",
            Self::ResultScoreScales => "resultScoreScales",
            Self::ClassResources => "classResources",
            Self::CourseResources => "courseResources",
            Self::UserResources => "userResources",
        }
    }

    /// The file name (`academicSessions.csv`).
    pub fn file_name(self) -> String {
        format!("{}.csv", self.stem())
    }

    /// The manifest key (`file.academicSessions`).
    pub fn manifest_key(self) -> String {
        format!("file.{}", self.stem())
    }

    /// The file for a name such as `users.csv` (exact case).
    pub fn from_file_name(name: &str) -> Option<Self> {
        let stem = name.strip_suffix(".csv")?;
        Self::ALL.into_iter().find(|k| k.stem() == stem)
    }

    /// The file for a name that matches only when letter case is ignored (`userprofiles.csv`).
    pub fn from_file_name_ignore_case(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        let stem = lower.strip_suffix(".csv")?;
        Self::ALL
            .into_iter()
            .find(|k| k.stem().eq_ignore_ascii_case(stem))
    }

    /// Whether the file exists in `version`.
    pub const fn in_version(self, version: Version) -> bool {
        match version {
            Version::V1_2 => true,
            Version::V1_1 => !matches!(
                self,
                Self::UserProfiles
                    | Self::Roles
                    | Self::ScoreScales
                    | Self::LineItemLearningObjectiveIds
                    | Self::LineItemScoreScales
                    | Self::ResultLearningObjectiveIds
                    | Self::ResultScoreScales
                    | Self::UserResources
            ),
        }
    }

    /// The kind of record the file's sourcedIds identify, for references into it.
    pub const fn ref_type(self) -> RefType {
        match self {
            Self::Orgs => RefType::Org,
            Self::AcademicSessions => RefType::AcademicSession,
            Self::Courses => RefType::Course,
            Self::Classes => RefType::Class,
            Self::Resources => RefType::Resource,
            Self::Users | Self::Demographics => RefType::User,
            Self::UserProfiles => RefType::UserProfile,
            Self::Categories => RefType::Category,
            Self::ScoreScales => RefType::ScoreScale,
            Self::LineItems => RefType::LineItem,
            Self::Results => RefType::Result,
            _ => RefType::Resource,
        }
    }

    /// The header row of the file in `version`, in order.
    pub fn columns(self, version: Version) -> &'static [ColumnSpec] {
        match (self, version) {
            (Self::Orgs, _) => ORGS,
            (Self::AcademicSessions, _) => ACADEMIC_SESSIONS,
            (Self::Courses, _) => COURSES,
            (Self::Classes, _) => CLASSES,
            (Self::Resources, _) => RESOURCES,
            (Self::Users, Version::V1_1) => USERS_1_1,
            (Self::Users, _) => USERS_1_2,
            (Self::UserProfiles, _) => USER_PROFILES,
            (Self::Roles, _) => ROLES,
            (Self::Demographics, Version::V1_1) => DEMOGRAPHICS_1_1,
            (Self::Demographics, _) => DEMOGRAPHICS_1_2,
            (Self::Enrollments, _) => ENROLLMENTS,
            (Self::Categories, Version::V1_1) => CATEGORIES_1_1,
            (Self::Categories, _) => CATEGORIES_1_2,
            (Self::ScoreScales, _) => SCORE_SCALES,
            (Self::LineItems, Version::V1_1) => LINE_ITEMS_1_1,
            (Self::LineItems, _) => LINE_ITEMS_1_2,
            (Self::LineItemLearningObjectiveIds, _) => LINE_ITEM_LO_IDS,
            (Self::LineItemScoreScales, _) => LINE_ITEM_SCORE_SCALES,
            (Self::Results, Version::V1_1) => RESULTS_1_1,
            (Self::Results, _) => RESULTS_1_2,
            (Self::ResultLearningObjectiveIds, _) => RESULT_LO_IDS,
            (Self::ResultScoreScales, _) => RESULT_SCORE_SCALES,
            (Self::ClassResources, _) => CLASS_RESOURCES,
            (Self::CourseResources, _) => COURSE_RESOURCES,
            (Self::UserResources, _) => USER_RESOURCES,
        }
    }

    /// The header row as CSV text (without line end), exactly as the binding defines it.
    pub fn header_line(self, version: Version) -> String {
        self.columns(version)
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The files of `version`, in processing order.
    pub fn all_in(version: Version) -> impl Iterator<Item = Self> {
        Self::ALL.into_iter().filter(move |k| k.in_version(version))
    }
}

/// Whether a column must hold a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Requirement {
    /// Always required.
    Required,
    /// Optional.
    Optional,
    /// `status` and `dateLastModified`: required in delta files, empty in bulk files.
    Lifecycle,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub enum ColumnType {
    /// The record's own sourcedId.
    SourcedId,
    /// `status` (version-specific vocabulary).
    Status,
    /// A date-time (`dateLastModified`).
    DateTime,
    /// A date `YYYY-MM-DD`.
    Date,
    /// A date, or a date-time (line item assign/due dates).
    DateOrDateTime,
    /// A four-digit year.
    Year,
    /// Free text.
    Text,
    /// `true` / `false`.
    Bool,
    /// A decimal number.
    Float,
    /// A vocabulary token.
    Vocab(&'static Vocab),
    /// A comma-separated list of vocabulary tokens.
    VocabList(&'static Vocab),
    /// A comma-separated list of grade levels (CEDS codes in 1.1).
    Grades,
    /// A comma-separated list of free-text items.
    List,
    /// `userIds`: a list of `{type:identifier}`.
    UserIds,
    /// `scoreScaleValue`: a list of `{lhs:rhs}`.
    ScoreScaleValues,
    /// The sourcedId of a record in another file (or the same file).
    Ref(FileKind),
    /// A comma-separated list of sourcedIds.
    RefList(FileKind),
}

/// One column of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ColumnSpec {
    /// The header name, exactly.
    pub name: &'static str,
    /// What it holds.
    pub ty: ColumnType,
    /// Whether it must hold a value.
    pub req: Requirement,
}

const fn col(name: &'static str, ty: ColumnType, req: Requirement) -> ColumnSpec {
    ColumnSpec { name, ty, req }
}

use ColumnType as T;
use Requirement::{Optional as O, Required as R};

const SID: ColumnSpec = col("sourcedId", T::SourcedId, R);
const STATUS: ColumnSpec = col("status", T::Status, Requirement::Lifecycle);
const DLM: ColumnSpec = col("dateLastModified", T::DateTime, Requirement::Lifecycle);

static ORG_TYPE: Vocab = vocab::OrgType::VOCAB;
static SESSION_TYPE: Vocab = vocab::SessionType::VOCAB;
static CLASS_TYPE: Vocab = vocab::ClassType::VOCAB;
static ENROL_ROLE: Vocab = vocab::EnrollmentRole::VOCAB;
static ROLE_TYPE: Vocab = vocab::RoleType::VOCAB;
static SEX_1_2: Vocab = vocab::Sex::VOCAB;
static SCORE_STATUS: Vocab = vocab::ScoreStatus::VOCAB;
static IMPORTANCE: Vocab = vocab::Importance::VOCAB;
static RESOURCE_ROLE: Vocab = vocab::ResourceRole::VOCAB;
static LO_SOURCE: Vocab = vocab::LearningObjectiveSource::VOCAB;

const ORGS: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("name", T::Text, R),
    col("type", T::Vocab(&ORG_TYPE), R),
    col("identifier", T::Text, O),
    col("parentSourcedId", T::Ref(FileKind::Orgs), O),
];

const ACADEMIC_SESSIONS: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("title", T::Text, R),
    col("type", T::Vocab(&SESSION_TYPE), R),
    col("startDate", T::Date, R),
    col("endDate", T::Date, R),
    col("parentSourcedId", T::Ref(FileKind::AcademicSessions), O),
    col("schoolYear", T::Year, R),
];

const COURSES: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("schoolYearSourcedId", T::Ref(FileKind::AcademicSessions), O),
    col("title", T::Text, R),
    col("courseCode", T::Text, O),
    col("grades", T::Grades, O),
    col("orgSourcedId", T::Ref(FileKind::Orgs), R),
    col("subjects", T::List, O),
    col("subjectCodes", T::List, O),
];

const CLASSES: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("title", T::Text, R),
    col("grades", T::Grades, O),
    col("courseSourcedId", T::Ref(FileKind::Courses), R),
    col("classCode", T::Text, O),
    col("classType", T::Vocab(&CLASS_TYPE), R),
    col("location", T::Text, O),
    col("schoolSourcedId", T::Ref(FileKind::Orgs), R),
    col("termSourcedIds", T::RefList(FileKind::AcademicSessions), R),
    col("subjects", T::List, O),
    col("subjectCodes", T::List, O),
    col("periods", T::List, O),
];

const RESOURCES: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("vendorResourceId", T::Text, R),
    col("title", T::Text, O),
    col("roles", T::VocabList(&RESOURCE_ROLE), O),
    col("importance", T::Vocab(&IMPORTANCE), O),
    col("vendorId", T::Text, O),
    col("applicationId", T::Text, O),
];

const USERS_1_1: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("enabledUser", T::Bool, R),
    col("orgSourcedIds", T::RefList(FileKind::Orgs), R),
    col("role", T::Vocab(&vocab::USER_ROLE_1_1), R),
    col("username", T::Text, R),
    col("userIds", T::UserIds, O),
    col("givenName", T::Text, R),
    col("familyName", T::Text, R),
    col("middleName", T::Text, O),
    col("identifier", T::Text, O),
    col("email", T::Text, O),
    col("sms", T::Text, O),
    col("phone", T::Text, O),
    col("agentSourcedIds", T::RefList(FileKind::Users), O),
    col("grades", T::Grades, O),
    col("password", T::Text, O),
];

const USERS_1_2: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("enabledUser", T::Bool, R),
    col("username", T::Text, R),
    col("userIds", T::UserIds, O),
    col("givenName", T::Text, R),
    col("familyName", T::Text, R),
    col("middleName", T::Text, O),
    col("identifier", T::Text, O),
    col("email", T::Text, O),
    col("sms", T::Text, O),
    col("phone", T::Text, O),
    col("agentSourcedIds", T::RefList(FileKind::Users), O),
    col("grades", T::Grades, O),
    col("password", T::Text, O),
    col("userMasterIdentifier", T::Text, O),
    col("resourceSourcedIds", T::RefList(FileKind::Resources), O),
    col("preferredGivenName", T::Text, O),
    col("preferredMiddleName", T::Text, O),
    col("preferredFamilyName", T::Text, O),
    col("primaryOrgSourcedId", T::Ref(FileKind::Orgs), O),
    col("pronouns", T::Text, O),
];

const USER_PROFILES: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("userSourcedId", T::Ref(FileKind::Users), R),
    col("profileType", T::Text, R),
    col("vendorId", T::Text, R),
    col("applicationId", T::Text, O),
    col("description", T::Text, O),
    col("credentialType", T::Text, R),
    col("username", T::Text, R),
    col("password", T::Text, O),
];

const ROLES: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("userSourcedId", T::Ref(FileKind::Users), R),
    col("roleType", T::Vocab(&ROLE_TYPE), R),
    col("role", T::Vocab(&vocab::ROLE_1_2), R),
    col("beginDate", T::Date, O),
    col("endDate", T::Date, O),
    col("orgSourcedId", T::Ref(FileKind::Orgs), R),
    col("userProfileSourcedId", T::Ref(FileKind::UserProfiles), O),
];

macro_rules! demographics {
    ($name:ident, $sex:expr) => {
        const $name: &[ColumnSpec] = &[
            SID,
            STATUS,
            DLM,
            col("birthDate", T::Date, O),
            col("sex", T::Vocab($sex), O),
            col("americanIndianOrAlaskaNative", T::Bool, O),
            col("asian", T::Bool, O),
            col("blackOrAfricanAmerican", T::Bool, O),
            col("nativeHawaiianOrOtherPacificIslander", T::Bool, O),
            col("white", T::Bool, O),
            col("demographicRaceTwoOrMoreRaces", T::Bool, O),
            col("hispanicOrLatinoEthnicity", T::Bool, O),
            col("countryOfBirthCode", T::Text, O),
            col("stateOfBirthAbbreviation", T::Text, O),
            col("cityOfBirth", T::Text, O),
            col("publicSchoolResidenceStatus", T::Text, O),
        ];
    };
}
demographics!(DEMOGRAPHICS_1_1, &vocab::SEX_1_1);
demographics!(DEMOGRAPHICS_1_2, &SEX_1_2);

const ENROLLMENTS: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("classSourcedId", T::Ref(FileKind::Classes), R),
    col("schoolSourcedId", T::Ref(FileKind::Orgs), R),
    col("userSourcedId", T::Ref(FileKind::Users), R),
    col("role", T::Vocab(&ENROL_ROLE), R),
    col("primary", T::Bool, O),
    col("beginDate", T::Date, O),
    col("endDate", T::Date, O),
];

const CATEGORIES_1_1: &[ColumnSpec] = &[SID, STATUS, DLM, col("title", T::Text, R)];

const CATEGORIES_1_2: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("title", T::Text, R),
    col("weight", T::Float, O),
];

const SCORE_SCALES: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("title", T::Text, R),
    col("type", T::Text, R),
    col("orgSourcedId", T::Ref(FileKind::Orgs), R),
    col("courseSourcedId", T::Ref(FileKind::Courses), R),
    col("classSourcedId", T::Ref(FileKind::Classes), R),
    col("scoreScaleValue", T::ScoreScaleValues, R),
];

const LINE_ITEMS_1_1: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("title", T::Text, R),
    col("description", T::Text, O),
    col("assignDate", T::DateOrDateTime, R),
    col("dueDate", T::DateOrDateTime, R),
    col("classSourcedId", T::Ref(FileKind::Classes), R),
    col("categorySourcedId", T::Ref(FileKind::Categories), R),
    col(
        "gradingPeriodSourcedId",
        T::Ref(FileKind::AcademicSessions),
        R,
    ),
    col("resultValueMin", T::Float, O),
    col("resultValueMax", T::Float, O),
];

const LINE_ITEMS_1_2: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("title", T::Text, R),
    col("description", T::Text, O),
    col("assignDate", T::DateOrDateTime, R),
    col("dueDate", T::DateOrDateTime, R),
    col("classSourcedId", T::Ref(FileKind::Classes), R),
    col("categorySourcedId", T::Ref(FileKind::Categories), R),
    col(
        "academicSessionSourcedId",
        T::Ref(FileKind::AcademicSessions),
        R,
    ),
    col("resultValueMin", T::Float, O),
    col("resultValueMax", T::Float, O),
    col("schoolSourcedId", T::Ref(FileKind::Orgs), R),
];

const LINE_ITEM_LO_IDS: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("lineItemSourcedId", T::Ref(FileKind::LineItems), R),
    col("source", T::Vocab(&LO_SOURCE), R),
    col("learningObjectiveId", T::Text, R),
];

const LINE_ITEM_SCORE_SCALES: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("title", T::Text, O),
    col("lineItemSourcedId", T::Ref(FileKind::LineItems), R),
    col("scoreScaleSourcedId", T::Ref(FileKind::ScoreScales), R),
];

const RESULTS_1_1: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("lineItemSourcedId", T::Ref(FileKind::LineItems), R),
    col("studentSourcedId", T::Ref(FileKind::Users), R),
    col("scoreStatus", T::Vocab(&SCORE_STATUS), R),
    col("score", T::Float, O),
    col("scoreDate", T::Date, R),
    col("comment", T::Text, O),
];

const RESULTS_1_2: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("lineItemSourcedId", T::Ref(FileKind::LineItems), R),
    col("studentSourcedId", T::Ref(FileKind::Users), R),
    col("scoreStatus", T::Vocab(&SCORE_STATUS), R),
    col("score", T::Float, O),
    col("scoreDate", T::Date, R),
    col("comment", T::Text, O),
    col("textScore", T::Text, O),
    col("classSourcedId", T::Ref(FileKind::Classes), O),
    col("inProgress", T::Bool, O),
    col("incomplete", T::Bool, O),
    col("late", T::Bool, O),
    col("missing", T::Bool, O),
];

const RESULT_LO_IDS: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("resultSourcedId", T::Ref(FileKind::Results), R),
    col("source", T::Vocab(&LO_SOURCE), R),
    col("learningObjectiveId", T::Text, R),
    col("score", T::Float, O),
    col("textScore", T::Text, O),
];

const RESULT_SCORE_SCALES: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("title", T::Text, O),
    col("resultSourcedId", T::Ref(FileKind::Results), R),
    col("scoreScaleSourcedId", T::Ref(FileKind::ScoreScales), R),
];

const CLASS_RESOURCES: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("title", T::Text, O),
    col("classSourcedId", T::Ref(FileKind::Classes), R),
    col("resourceSourcedId", T::Ref(FileKind::Resources), R),
];

const COURSE_RESOURCES: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("title", T::Text, O),
    col("courseSourcedId", T::Ref(FileKind::Courses), R),
    col("resourceSourcedId", T::Ref(FileKind::Resources), R),
];

const USER_RESOURCES: &[ColumnSpec] = &[
    SID,
    STATUS,
    DLM,
    col("userSourcedId", T::Ref(FileKind::Users), R),
    col("orgSourcedId", T::Ref(FileKind::Orgs), O),
    col("classSourcedId", T::Ref(FileKind::Classes), O),
    col("resourceSourcedId", T::Ref(FileKind::Resources), R),
];

/// Known misspellings of column names seen in real exports, and the column they mean.
pub const KNOWN_HEADER_TYPOS: &[(&str, &str)] = &[
    ("prefferedGivenName", "preferredGivenName"),
    ("prefferedMiddleName", "preferredMiddleName"),
    ("prefferedFamilyName", "preferredFamilyName"),
    ("dataLastModified", "dateLastModified"),
    ("parentSourceID", "parentSourcedId"),
    ("sourceId", "sourcedId"),
    ("birthdate", "birthDate"),
];

/// The manifest properties of `version`, in the binding's order.
pub fn manifest_properties(version: Version) -> Vec<String> {
    let mut v = vec![
        "manifest.version".to_owned(),
        "oneroster.version".to_owned(),
    ];
    use FileKind as F;
    const ORDER: [FileKind; 21] = [
        F::AcademicSessions,
        F::Categories,
        F::Classes,
        F::ClassResources,
        F::Courses,
        F::CourseResources,
        F::Demographics,
        F::Enrollments,
        F::LineItemLearningObjectiveIds,
        F::LineItems,
        F::LineItemScoreScales,
        F::Orgs,
        F::Resources,
        F::ResultLearningObjectiveIds,
        F::Results,
        F::ResultScoreScales,
        F::Roles,
        F::ScoreScales,
        F::UserProfiles,
        F::UserResources,
        F::Users,
    ];
    v.extend(
        ORDER
            .into_iter()
            .filter(|k| k.in_version(version))
            .map(FileKind::manifest_key),
    );
    v.push("source.systemName".to_owned());
    v.push("source.systemCode".to_owned());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rows_match_the_binding() {
        assert_eq!(
            FileKind::Users.header_line(Version::V1_2),
            "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns"
        );
        assert_eq!(
            FileKind::Users.header_line(Version::V1_1),
            "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
        );
        assert_eq!(
            FileKind::LineItems.header_line(Version::V1_1),
            "sourcedId,status,dateLastModified,title,description,assignDate,dueDate,classSourcedId,categorySourcedId,gradingPeriodSourcedId,resultValueMin,resultValueMax"
        );
        assert_eq!(
            FileKind::Results.header_line(Version::V1_2),
            "sourcedId,status,dateLastModified,lineItemSourcedId,studentSourcedId,scoreStatus,score,scoreDate,comment,textScore,classSourcedId,inProgress,incomplete,late,missing"
        );
        assert_eq!(FileKind::all_in(Version::V1_2).count(), 21);
        assert_eq!(FileKind::all_in(Version::V1_1).count(), 13);
    }

    #[test]
    fn names() {
        for k in FileKind::ALL {
            assert_eq!(FileKind::from_file_name(&k.file_name()), Some(k));
            assert!(k.manifest_key().starts_with("file."));
            for v in [Version::V1_1, Version::V1_2] {
                let cols = k.columns(v);
                assert_eq!(cols[0].name, "sourcedId");
                assert_eq!(cols[1].name, "status");
                assert_eq!(cols[2].name, "dateLastModified");
            }
        }
        assert_eq!(
            FileKind::from_file_name_ignore_case("userprofiles.csv"),
            Some(FileKind::UserProfiles)
        );
        assert_eq!(FileKind::from_file_name("userprofiles.csv"), None);
        assert_eq!(manifest_properties(Version::V1_2).len(), 25);
        assert_eq!(manifest_properties(Version::V1_1).len(), 17);
    }
}
