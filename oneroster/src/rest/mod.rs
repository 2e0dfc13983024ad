//! The REST binding, sans-IO: the operation catalogue of every service, request builders
//! returning `http::Request<Vec<u8>>`, query parameters, filters, paging and authorisation.
//!
//! The service base path (`/ims/oneroster/rostering/v1p2`, `/ims/oneroster/v1p1`) is kept
//! apart from the data-model [`Version`]: some servers send 1.2-shaped data under a 1.1 path,
//! so a [`ServiceLayout`] is chosen independently of the payload version.

pub mod auth;
pub mod filter;
pub mod paging;
pub mod query;
pub mod request;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

use crate::model::{RefType, Version};

pub use filter::{Filter, FilterError};
pub use paging::{Page, next_request};
pub use query::Query;
pub use request::{Client, RequestError};

/// Characters escaped in a path segment: everything but RFC 3986 unreserved characters.
pub const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A OneRoster REST service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Service {
    /// Rostering.
    Rostering,
    /// Gradebook.
    Gradebook,
    /// Resources.
    Resources,
}

/// An HTTP method used by the binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
}

impl Method {
    /// The `http` method.
    pub fn to_http(self) -> http::Method {
        match self {
            Self::Get => http::Method::GET,
            Self::Put => http::Method::PUT,
            Self::Post => http::Method::POST,
            Self::Delete => http::Method::DELETE,
        }
    }
}

/// The base path of each service: the path part of the service URL, independent of the
/// data-model version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct ServiceLayout {
    /// Rostering base path.
    pub rostering: String,
    /// Gradebook base path.
    pub gradebook: String,
    /// Resources base path.
    pub resources: String,
}

impl ServiceLayout {
    /// OneRoster 1.1: one base path for every service, `/ims/oneroster/v1p1`.
    pub fn v1_1() -> Self {
        let p = "/ims/oneroster/v1p1".to_owned();
        Self {
            rostering: p.clone(),
            gradebook: p.clone(),
            resources: p,
        }
    }

    /// OneRoster 1.2: `/ims/oneroster/{rostering,gradebook,resources}/v1p2`.
    pub fn v1_2() -> Self {
        Self {
            rostering: "/ims/oneroster/rostering/v1p2".to_owned(),
            gradebook: "/ims/oneroster/gradebook/v1p2".to_owned(),
            resources: "/ims/oneroster/resources/v1p2".to_owned(),
        }
    }

    /// The layout a version's specification defines.
    pub fn for_version(v: Version) -> Self {
        match v {
            Version::V1_1 => Self::v1_1(),
            Version::V1_2 => Self::v1_2(),
        }
    }

    /// The base path of a service.
    pub fn base_path(&self, s: Service) -> &str {
        match s {
            Service::Rostering => &self.rostering,
            Service::Gradebook => &self.gradebook,
            Service::Resources => &self.resources,
        }
    }

    /// The base path of the service that serves objects of type `t` (for GUIDRef hrefs).
    pub fn base_path_for(&self, t: RefType) -> &str {
        match t {
            RefType::Category
            | RefType::LineItem
            | RefType::Result
            | RefType::ScoreScale
            | RefType::AssessmentLineItem => &self.gradebook,
            RefType::Resource => &self.resources,
            _ => &self.rostering,
        }
    }
}

/// One operation of the binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Operation {
    /// The OpenAPI operationId (`getAllUsers`).
    pub id: &'static str,
    /// The service.
    pub service: Service,
    /// The method.
    pub method: Method,
    /// The path template below the base path (`/classes/{classSourcedId}/students`).
    pub path: &'static str,
    /// Whether it returns a collection (and so takes limit, offset, sort, orderBy, filter,
    /// fields); single-object GETs take `fields` only.
    pub collection: bool,
    /// Whether it takes a JSON request body.
    pub has_body: bool,
    /// OAuth 2 scopes (1.2), without the `https://purl.imsglobal.org/spec/or/v1p2/scope/`
    /// prefix; any one of them authorises the call.
    pub scopes: &'static [&'static str],
    /// Whether OneRoster 1.1 has the operation (1.1 rostering is verified against an
    /// IMS-certified client; 1.1 gradebook and resources follow a 1.1 reference
    /// implementation's route list).
    pub in_1_1: bool,
}

impl Operation {
    /// The path parameters of the template, in order.
    pub fn path_params(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut rest = self.path;
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else { break };
            out.push(&after[..j]);
            rest = &after[j + 1..];
        }
        out
    }

    /// Whether `version` defines the operation.
    pub fn in_version(&self, version: Version) -> bool {
        version == Version::V1_2 || self.in_1_1
    }

    /// The full scope URIs.
    pub fn scope_uris(&self) -> Vec<String> {
        self.scopes
            .iter()
            .map(|s| format!("{}{s}", auth::SCOPE_PREFIX))
            .collect()
    }

    /// The JSON collection key of a collection response (`users` for getStudentsForClass is
    /// `users`… see the OpenAPI response schemas).
    pub fn response_key(&self) -> Option<&'static str> {
        response_key(self.id)
    }
}

#[allow(clippy::too_many_arguments, reason = "a table row")]
const fn op(
    id: &'static str,
    service: Service,
    method: Method,
    path: &'static str,
    collection: bool,
    has_body: bool,
    scopes: &'static [&'static str],
    in_1_1: bool,
) -> Operation {
    Operation {
        id,
        service,
        method,
        path,
        collection,
        has_body,
        scopes,
        in_1_1,
    }
}

/// Every operation of OneRoster 1.2 (rostering 41, gradebook 35, resources 5), from the
/// official OpenAPI files; [`Operation::in_1_1`] marks the 61 that 1.1 has.
pub const OPERATIONS: &[Operation] = &[
    op(
        "getAllAcademicSessions",
        Service::Rostering,
        Method::Get,
        "/academicSessions",
        true,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getAcademicSession",
        Service::Rostering,
        Method::Get,
        "/academicSessions/{sourcedId}",
        false,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getAllClasses",
        Service::Rostering,
        Method::Get,
        "/classes",
        true,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getStudentsForClass",
        Service::Rostering,
        Method::Get,
        "/classes/{classSourcedId}/students",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getTeachersForClass",
        Service::Rostering,
        Method::Get,
        "/classes/{classSourcedId}/teachers",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getClass",
        Service::Rostering,
        Method::Get,
        "/classes/{sourcedId}",
        false,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getAllCourses",
        Service::Rostering,
        Method::Get,
        "/courses",
        true,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getClassesForCourse",
        Service::Rostering,
        Method::Get,
        "/courses/{courseSourcedId}/classes",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getCourse",
        Service::Rostering,
        Method::Get,
        "/courses/{sourcedId}",
        false,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getAllDemographics",
        Service::Rostering,
        Method::Get,
        "/demographics",
        true,
        false,
        &["roster-demographics.readonly"],
        true,
    ),
    op(
        "getDemographics",
        Service::Rostering,
        Method::Get,
        "/demographics/{sourcedId}",
        false,
        false,
        &["roster-demographics.readonly"],
        true,
    ),
    op(
        "getAllEnrollments",
        Service::Rostering,
        Method::Get,
        "/enrollments",
        true,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getEnrollment",
        Service::Rostering,
        Method::Get,
        "/enrollments/{sourcedId}",
        false,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getAllGradingPeriods",
        Service::Rostering,
        Method::Get,
        "/gradingPeriods",
        true,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getGradingPeriod",
        Service::Rostering,
        Method::Get,
        "/gradingPeriods/{sourcedId}",
        false,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getAllOrgs",
        Service::Rostering,
        Method::Get,
        "/orgs",
        true,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getOrg",
        Service::Rostering,
        Method::Get,
        "/orgs/{sourcedId}",
        false,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getAllSchools",
        Service::Rostering,
        Method::Get,
        "/schools",
        true,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getClassesForSchool",
        Service::Rostering,
        Method::Get,
        "/schools/{schoolSourcedId}/classes",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getEnrollmentsForClassInSchool",
        Service::Rostering,
        Method::Get,
        "/schools/{schoolSourcedId}/classes/{classSourcedId}/enrollments",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getStudentsForClassInSchool",
        Service::Rostering,
        Method::Get,
        "/schools/{schoolSourcedId}/classes/{classSourcedId}/students",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getTeachersForClassInSchool",
        Service::Rostering,
        Method::Get,
        "/schools/{schoolSourcedId}/classes/{classSourcedId}/teachers",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getCoursesForSchool",
        Service::Rostering,
        Method::Get,
        "/schools/{schoolSourcedId}/courses",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getEnrollmentsForSchool",
        Service::Rostering,
        Method::Get,
        "/schools/{schoolSourcedId}/enrollments",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getStudentsForSchool",
        Service::Rostering,
        Method::Get,
        "/schools/{schoolSourcedId}/students",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getTeachersForSchool",
        Service::Rostering,
        Method::Get,
        "/schools/{schoolSourcedId}/teachers",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getTermsForSchool",
        Service::Rostering,
        Method::Get,
        "/schools/{schoolSourcedId}/terms",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getSchool",
        Service::Rostering,
        Method::Get,
        "/schools/{sourcedId}",
        false,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getAllStudents",
        Service::Rostering,
        Method::Get,
        "/students",
        true,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getStudent",
        Service::Rostering,
        Method::Get,
        "/students/{sourcedId}",
        false,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getClassesForStudent",
        Service::Rostering,
        Method::Get,
        "/students/{studentSourcedId}/classes",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getAllTeachers",
        Service::Rostering,
        Method::Get,
        "/teachers",
        true,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getTeacher",
        Service::Rostering,
        Method::Get,
        "/teachers/{sourcedId}",
        false,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getClassesForTeacher",
        Service::Rostering,
        Method::Get,
        "/teachers/{teacherSourcedId}/classes",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getAllTerms",
        Service::Rostering,
        Method::Get,
        "/terms",
        true,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getTerm",
        Service::Rostering,
        Method::Get,
        "/terms/{sourcedId}",
        false,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getClassesForTerm",
        Service::Rostering,
        Method::Get,
        "/terms/{termSourcedId}/classes",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getGradingPeriodsForTerm",
        Service::Rostering,
        Method::Get,
        "/terms/{termSourcedId}/gradingPeriods",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getAllUsers",
        Service::Rostering,
        Method::Get,
        "/users",
        true,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getUser",
        Service::Rostering,
        Method::Get,
        "/users/{sourcedId}",
        false,
        false,
        &["roster.readonly", "roster-core.readonly"],
        true,
    ),
    op(
        "getClassesForUser",
        Service::Rostering,
        Method::Get,
        "/users/{userSourcedId}/classes",
        true,
        false,
        &["roster.readonly"],
        true,
    ),
    op(
        "getAllAssessmentLineItems",
        Service::Gradebook,
        Method::Get,
        "/assessmentLineItems",
        true,
        false,
        &["assessment.readonly"],
        false,
    ),
    op(
        "getAssessmentLineItem",
        Service::Gradebook,
        Method::Get,
        "/assessmentLineItems/{sourcedId}",
        false,
        false,
        &["assessment.readonly"],
        false,
    ),
    op(
        "deleteAssessmentLineItem",
        Service::Gradebook,
        Method::Delete,
        "/assessmentLineItems/{sourcedId}",
        false,
        false,
        &["assessment.delete"],
        false,
    ),
    op(
        "putAssessmentLineItem",
        Service::Gradebook,
        Method::Put,
        "/assessmentLineItems/{sourcedId}",
        false,
        true,
        &["assessment.createput"],
        false,
    ),
    op(
        "getAllAssessmentResults",
        Service::Gradebook,
        Method::Get,
        "/assessmentResults",
        true,
        false,
        &["assessment.readonly"],
        false,
    ),
    op(
        "getAssessmentResult",
        Service::Gradebook,
        Method::Get,
        "/assessmentResults/{sourcedId}",
        false,
        false,
        &["assessment.readonly"],
        false,
    ),
    op(
        "deleteAssessmentResult",
        Service::Gradebook,
        Method::Delete,
        "/assessmentResults/{sourcedId}",
        false,
        false,
        &["assessment.delete"],
        false,
    ),
    op(
        "putAssessmentResult",
        Service::Gradebook,
        Method::Put,
        "/assessmentResults/{sourcedId}",
        false,
        true,
        &["assessment.createput"],
        false,
    ),
    op(
        "getAllCategories",
        Service::Gradebook,
        Method::Get,
        "/categories",
        true,
        false,
        &["gradebook.readonly", "gradebook-core.readonly"],
        true,
    ),
    op(
        "getCategory",
        Service::Gradebook,
        Method::Get,
        "/categories/{sourcedId}",
        false,
        false,
        &["gradebook.readonly", "gradebook-core.readonly"],
        true,
    ),
    op(
        "deleteCategory",
        Service::Gradebook,
        Method::Delete,
        "/categories/{sourcedId}",
        false,
        false,
        &["gradebook.delete"],
        true,
    ),
    op(
        "putCategory",
        Service::Gradebook,
        Method::Put,
        "/categories/{sourcedId}",
        false,
        true,
        &["gradebook.createput"],
        true,
    ),
    op(
        "postResultsForAcademicSessionForClass",
        Service::Gradebook,
        Method::Post,
        "/classes/{classSourcedId}/academicSessions/{academicSessionSourcedId}/results",
        false,
        true,
        &["gradebook.createpost"],
        false,
    ),
    op(
        "getCategoriesForClass",
        Service::Gradebook,
        Method::Get,
        "/classes/{classSourcedId}/categories",
        true,
        false,
        &["gradebook.readonly"],
        false,
    ),
    op(
        "getLineItemsForClass",
        Service::Gradebook,
        Method::Get,
        "/classes/{classSourcedId}/lineItems",
        true,
        false,
        &["gradebook.readonly"],
        true,
    ),
    op(
        "postLineItemsForClass",
        Service::Gradebook,
        Method::Post,
        "/classes/{classSourcedId}/lineItems",
        false,
        true,
        &["gradebook.createpost"],
        false,
    ),
    op(
        "getResultsForLineItemForClass",
        Service::Gradebook,
        Method::Get,
        "/classes/{classSourcedId}/lineItems/{lineItemSourcedId}/results",
        true,
        false,
        &["gradebook.readonly"],
        true,
    ),
    op(
        "getResultsForClass",
        Service::Gradebook,
        Method::Get,
        "/classes/{classSourcedId}/results",
        true,
        false,
        &["gradebook.readonly"],
        true,
    ),
    op(
        "getScoreScalesForClass",
        Service::Gradebook,
        Method::Get,
        "/classes/{classSourcedId}/scoreScales",
        true,
        false,
        &["gradebook.readonly"],
        false,
    ),
    op(
        "getResultsForStudentForClass",
        Service::Gradebook,
        Method::Get,
        "/classes/{classSourcedId}/students/{studentSourcedId}/results",
        true,
        false,
        &["gradebook.readonly"],
        true,
    ),
    op(
        "getAllLineItems",
        Service::Gradebook,
        Method::Get,
        "/lineItems",
        true,
        false,
        &["gradebook.readonly", "gradebook-core.readonly"],
        true,
    ),
    op(
        "postResultsForLineItem",
        Service::Gradebook,
        Method::Post,
        "/lineItems/{lineItemSourcedId}/results",
        false,
        true,
        &["gradebook.createpost"],
        false,
    ),
    op(
        "getLineItem",
        Service::Gradebook,
        Method::Get,
        "/lineItems/{sourcedId}",
        false,
        false,
        &["gradebook.readonly", "gradebook-core.readonly"],
        true,
    ),
    op(
        "deleteLineItem",
        Service::Gradebook,
        Method::Delete,
        "/lineItems/{sourcedId}",
        false,
        false,
        &["gradebook.delete"],
        true,
    ),
    op(
        "putLineItem",
        Service::Gradebook,
        Method::Put,
        "/lineItems/{sourcedId}",
        false,
        true,
        &["gradebook.createput"],
        true,
    ),
    op(
        "getAllResults",
        Service::Gradebook,
        Method::Get,
        "/results",
        true,
        false,
        &["gradebook.readonly", "gradebook-core.readonly"],
        true,
    ),
    op(
        "getResult",
        Service::Gradebook,
        Method::Get,
        "/results/{sourcedId}",
        false,
        false,
        &["gradebook.readonly", "gradebook-core.readonly"],
        true,
    ),
    op(
        "deleteResult",
        Service::Gradebook,
        Method::Delete,
        "/results/{sourcedId}",
        false,
        false,
        &["gradebook.delete"],
        true,
    ),
    op(
        "putResult",
        Service::Gradebook,
        Method::Put,
        "/results/{sourcedId}",
        false,
        true,
        &["gradebook.createput"],
        true,
    ),
    op(
        "postLineItemsForSchool",
        Service::Gradebook,
        Method::Post,
        "/schools/{schoolSourcedId}/lineItems",
        false,
        true,
        &["gradebook.createpost"],
        false,
    ),
    op(
        "getScoreScalesForSchool",
        Service::Gradebook,
        Method::Get,
        "/schools/{schoolSourcedId}/scoreScales",
        true,
        false,
        &["gradebook.readonly"],
        false,
    ),
    op(
        "getAllScoreScales",
        Service::Gradebook,
        Method::Get,
        "/scoreScales",
        true,
        false,
        &["gradebook.readonly", "gradebook-core.readonly"],
        false,
    ),
    op(
        "getScoreScale",
        Service::Gradebook,
        Method::Get,
        "/scoreScales/{sourcedId}",
        false,
        false,
        &["gradebook.readonly", "gradebook-core.readonly"],
        false,
    ),
    op(
        "deleteScoreScale",
        Service::Gradebook,
        Method::Delete,
        "/scoreScales/{sourcedId}",
        false,
        false,
        &["gradebook.delete"],
        false,
    ),
    op(
        "putScoreScale",
        Service::Gradebook,
        Method::Put,
        "/scoreScales/{sourcedId}",
        false,
        true,
        &["gradebook.createput"],
        false,
    ),
    op(
        "getResourcesForClass",
        Service::Resources,
        Method::Get,
        "/classes/{classSourcedId}/resources",
        true,
        false,
        &["resource.readonly"],
        true,
    ),
    op(
        "getResourcesForCourse",
        Service::Resources,
        Method::Get,
        "/courses/{courseSourcedId}/resources",
        true,
        false,
        &["resource.readonly"],
        true,
    ),
    op(
        "getAllResources",
        Service::Resources,
        Method::Get,
        "/resources",
        true,
        false,
        &["resource.readonly", "resource-core.readonly"],
        true,
    ),
    op(
        "getResource",
        Service::Resources,
        Method::Get,
        "/resources/{sourcedId}",
        false,
        false,
        &["resource.readonly", "resource-core.readonly"],
        true,
    ),
    op(
        "getResourcesForUser",
        Service::Resources,
        Method::Get,
        "/users/{userSourcedId}/resources",
        true,
        false,
        &["resource.readonly"],
        false,
    ),
];

/// The operation with this operationId.
pub fn operation(id: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.id == id)
}

/// The operations of a version.
pub fn operations(version: Version) -> impl Iterator<Item = &'static Operation> {
    OPERATIONS.iter().filter(move |o| o.in_version(version))
}

fn response_key(id: &str) -> Option<&'static str> {
    let rest = id.strip_prefix("get")?;
    let noun = rest.strip_prefix("All").unwrap_or(rest);
    let noun = noun.split("For").next().unwrap_or(noun);
    Some(match noun {
        "AcademicSessions" => "academicSessions",
        "Classes" => "classes",
        "Students" | "Teachers" | "Users" => "users",
        "Courses" => "courses",
        "Demographics" => "demographics",
        "Enrollments" => "enrollments",
        "GradingPeriods" => "academicSessions",
        "Orgs" | "Schools" => "orgs",
        "Terms" => "academicSessions",
        "AssessmentLineItems" => "assessmentLineItems",
        "AssessmentResults" => "assessmentResults",
        "Categories" => "categories",
        "LineItems" => "lineItems",
        "Results" => "results",
        "ScoreScales" => "scoreScales",
        "Resources" => "resources",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_counts() {
        let count = |s| OPERATIONS.iter().filter(|o| o.service == s).count();
        assert_eq!(count(Service::Rostering), 41);
        assert_eq!(count(Service::Gradebook), 35);
        assert_eq!(count(Service::Resources), 5);
        assert_eq!(operations(Version::V1_1).count(), 61);
        assert_eq!(operations(Version::V1_2).count(), 81);
        let ids: std::collections::HashSet<_> = OPERATIONS.iter().map(|o| o.id).collect();
        assert_eq!(ids.len(), 81);
        for o in OPERATIONS {
            assert!(!o.scopes.is_empty(), "{}", o.id);
            if o.method == Method::Get && o.collection {
                assert!(o.response_key().is_some(), "{}", o.id);
            }
        }
    }

    #[test]
    fn lookups() {
        let o = operation("getEnrollmentsForClassInSchool").unwrap();
        assert_eq!(o.path_params(), ["schoolSourcedId", "classSourcedId"]);
        assert_eq!(o.response_key(), Some("enrollments"));
        assert!(o.scope_uris()[0].ends_with("/scope/roster.readonly"));
        assert_eq!(
            operation("getStudentsForClass").unwrap().response_key(),
            Some("users")
        );
        assert!(!operation("putScoreScale").unwrap().in_1_1);
        assert!(operation("putResult").unwrap().in_1_1);
        assert!(operation("nope").is_none());
        let l = ServiceLayout::v1_1();
        assert_eq!(l.base_path(Service::Gradebook), "/ims/oneroster/v1p1");
        assert_eq!(
            ServiceLayout::v1_2().base_path_for(RefType::LineItem),
            "/ims/oneroster/gradebook/v1p2"
        );
        assert_eq!(Method::Delete.to_http(), http::Method::DELETE);
    }
}
