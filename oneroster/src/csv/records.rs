//! CSV rows into the [`crate::model`]: [`read_dataset`] reads a whole set into a
//! [`Dataset`], validating it on the way (the same checks as
//! [`validate_set`](crate::csv::validate_set)).
//!
//! Values are read leniently (the report says what was accepted leniently); a row whose
//! required values cannot be read at all is left out of the data set (its errors are in the
//! report). 1.2 roles.csv and userProfiles.csv rows are attached to their users; those whose
//! user is not in the set are kept in [`Dataset::unattached_roles`].

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

use crate::csv::files::FileKind;
use crate::csv::reader::{RowSink, RowView, SetReport, parse_pairs, read_set_with};
use crate::csv::source::CsvSource;
use crate::limits::Limits;
use crate::model::{
    AcademicSession, Base, Category, Class, Course, Credential, Dataset, DateOrDateTime,
    Demographics, Enrollment, GradeResult, GuidRef, LearningObjectiveLink, LineItem, Metadata, Org,
    RefType, Resource, ResourceLink, ResourceLinkKind, ScoreScale, ScoreScaleLink, ScoreScaleValue,
    User, UserId, UserProfile, UserRole, Version,
};
use crate::vocab::{
    ClassType, EnrollmentRole, Importance, LearningObjectiveSource, OrgType, ResourceRole, Role,
    RoleType, ScoreStatus, SessionType, Sex, Status, parse_bool_token,
};

/// Reads a CSV set into a [`Dataset`], with the validation report.
pub fn read_dataset<S: CsvSource + ?Sized>(
    source: &mut S,
    limits: &Limits,
) -> (Dataset, SetReport) {
    let mut b = Builder::default();
    let report = read_set_with(source, limits, &mut b);
    (b.finish(), report)
}

#[derive(Default)]
struct Builder {
    data: Dataset,
    roles: Vec<(String, UserRole)>,
    profiles: Vec<(String, UserProfile)>,
}

impl Builder {
    fn finish(mut self) -> Dataset {
        let index: HashMap<String, usize> = self
            .data
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| (u.base.sourced_id.as_str().to_owned(), i))
            .collect();
        for (user, p) in self.profiles {
            match index.get(&user).and_then(|i| self.data.users.get_mut(*i)) {
                Some(u) => u.user_profiles.push(p),
                None => self
                    .data
                    .unattached_profiles
                    .push((GuidRef::new(RefType::User, user), p)),
            }
        }
        for (user, r) in self.roles {
            match index.get(&user).and_then(|i| self.data.users.get_mut(*i)) {
                Some(u) => u.roles.push(r),
                None => self
                    .data
                    .unattached_roles
                    .push((GuidRef::new(RefType::User, user), r)),
            }
        }
        self.data
    }
}

fn opt(v: &str) -> Option<String> {
    (!v.is_empty()).then(|| v.to_owned())
}

fn date(v: &str) -> Option<NaiveDate> {
    lti_core::time::parse_date_lenient(v).ok().map(|(d, _)| d)
}

/// A date-time read leniently; a bare date is midnight UTC.
pub(crate) fn datetime(v: &str) -> Option<DateTime<FixedOffset>> {
    if v.is_empty() {
        return None;
    }
    if let Ok((dt, _)) = lti_core::time::parse_datetime_lenient(v) {
        return Some(dt);
    }
    let d = date(v)?;
    let naive = d.and_hms_opt(0, 0, 0)?;
    Some(Utc.from_utc_datetime(&naive).fixed_offset())
}

fn date_or_datetime(v: &str) -> Option<DateOrDateTime> {
    crate::model::parse_date_or_datetime(v).or_else(|| {
        if v.len() <= 10 {
            date(v).map(DateOrDateTime::Date)
        } else {
            lti_core::time::parse_datetime_lenient(v)
                .ok()
                .map(|(d, _)| DateOrDateTime::DateTime(d))
        }
    })
}

fn boolean(v: &str) -> Option<bool> {
    parse_bool_token(v).map(|(b, _)| b)
}

fn float(v: &str) -> Option<f64> {
    v.trim().parse::<f64>().ok().filter(|f| f.is_finite())
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn reference(v: &str, t: RefType) -> Option<GuidRef> {
    (!v.is_empty()).then(|| GuidRef::new(t, v))
}

fn refs(v: &str, t: RefType) -> Vec<GuidRef> {
    list(v).into_iter().map(|s| GuidRef::new(t, s)).collect()
}

fn base(r: &RowView<'_>) -> Base {
    let mut b = Base::new(r.get("sourcedId"));
    b.status = opt(r.get("status")).map(|s| Status::from_token_lenient(&s));
    b.date_last_modified = datetime(r.get("dateLastModified"));
    b.metadata = r
        .metadata()
        .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.to_owned())))
        .collect::<Metadata>();
    b.extra = r
        .extra()
        .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.to_owned())))
        .collect::<Metadata>();
    b
}

impl RowSink for Builder {
    #[allow(clippy::too_many_lines, reason = "one arm per file")]
    fn row(&mut self, r: &RowView<'_>) {
        if r.get("sourcedId").is_empty() {
            return;
        }
        let d = &mut self.data;
        match r.file {
            FileKind::Orgs => d.orgs.push(Org {
                base: base(r),
                name: r.get("name").to_owned(),
                org_type: OrgType::from_token_lenient(r.get("type")),
                identifier: opt(r.get("identifier")),
                parent: reference(r.get("parentSourcedId"), RefType::Org),
                children: Vec::new(),
            }),
            FileKind::AcademicSessions => {
                let (Some(start_date), Some(end_date)) =
                    (date(r.get("startDate")), date(r.get("endDate")))
                else {
                    return;
                };
                d.academic_sessions.push(AcademicSession {
                    base: base(r),
                    title: r.get("title").to_owned(),
                    session_type: SessionType::from_token_lenient(r.get("type")),
                    start_date,
                    end_date,
                    parent: reference(r.get("parentSourcedId"), RefType::AcademicSession),
                    children: Vec::new(),
                    school_year: r.get("schoolYear").to_owned(),
                });
            }
            FileKind::Courses => d.courses.push(Course {
                base: base(r),
                title: r.get("title").to_owned(),
                school_year: reference(r.get("schoolYearSourcedId"), RefType::AcademicSession),
                course_code: opt(r.get("courseCode")),
                grades: list(r.get("grades")),
                subjects: list(r.get("subjects")),
                org: reference(r.get("orgSourcedId"), RefType::Org),
                subject_codes: list(r.get("subjectCodes")),
                resources: Vec::new(),
            }),
            FileKind::Classes => {
                let (Some(course), Some(school)) = (
                    reference(r.get("courseSourcedId"), RefType::Course),
                    reference(r.get("schoolSourcedId"), RefType::Org),
                ) else {
                    return;
                };
                d.classes.push(Class {
                    base: base(r),
                    title: r.get("title").to_owned(),
                    class_code: opt(r.get("classCode")),
                    class_type: ClassType::from_token_lenient(r.get("classType")),
                    location: opt(r.get("location")),
                    grades: list(r.get("grades")),
                    subjects: list(r.get("subjects")),
                    course,
                    school,
                    terms: refs(r.get("termSourcedIds"), RefType::AcademicSession),
                    subject_codes: list(r.get("subjectCodes")),
                    periods: list(r.get("periods")),
                    resources: Vec::new(),
                });
            }
            FileKind::Resources => d.resources.push(Resource {
                base: base(r),
                title: opt(r.get("title")),
                roles: list(r.get("roles"))
                    .iter()
                    .map(|s| ResourceRole::from_token_lenient(s))
                    .collect(),
                importance: opt(r.get("importance")).map(|s| Importance::from_token_lenient(&s)),
                vendor_resource_id: r.get("vendorResourceId").to_owned(),
                vendor_id: opt(r.get("vendorId")),
                application_id: opt(r.get("applicationId")),
            }),
            FileKind::Users => {
                let v11 = r.version == Version::V1_1;
                d.users.push(User {
                    base: base(r),
                    user_master_identifier: opt(r.get("userMasterIdentifier")),
                    username: opt(r.get("username")),
                    user_ids: parse_pairs(r.get("userIds"))
                        .unwrap_or_default()
                        .into_iter()
                        .map(|(t, i)| UserId::new(t, i))
                        .collect(),
                    enabled_user: boolean(r.get("enabledUser")).unwrap_or(true),
                    given_name: r.get("givenName").to_owned(),
                    family_name: r.get("familyName").to_owned(),
                    middle_name: opt(r.get("middleName")),
                    preferred_first_name: opt(r.get("preferredGivenName")),
                    preferred_middle_name: opt(r.get("preferredMiddleName")),
                    preferred_last_name: opt(r.get("preferredFamilyName")),
                    pronouns: opt(r.get("pronouns")),
                    role: if v11 {
                        opt(r.get("role")).map(|s| Role::from_token_lenient(&s))
                    } else {
                        None
                    },
                    orgs: refs(r.get("orgSourcedIds"), RefType::Org),
                    roles: Vec::new(),
                    user_profiles: Vec::new(),
                    primary_org: reference(r.get("primaryOrgSourcedId"), RefType::Org),
                    identifier: opt(r.get("identifier")),
                    email: opt(r.get("email")),
                    sms: opt(r.get("sms")),
                    phone: opt(r.get("phone")),
                    agents: refs(r.get("agentSourcedIds"), RefType::User),
                    grades: list(r.get("grades")),
                    password: opt(r.get("password")),
                    resources: refs(r.get("resourceSourcedIds"), RefType::Resource),
                });
            }
            FileKind::UserProfiles => {
                let b = base(r);
                self.profiles.push((
                    r.get("userSourcedId").to_owned(),
                    UserProfile {
                        profile_id: b.sourced_id.into_inner(),
                        status: b.status,
                        date_last_modified: b.date_last_modified,
                        metadata: b.metadata,
                        profile_type: r.get("profileType").to_owned(),
                        vendor_id: r.get("vendorId").to_owned(),
                        application_id: opt(r.get("applicationId")),
                        description: opt(r.get("description")),
                        credentials: vec![Credential {
                            credential_type: r.get("credentialType").to_owned(),
                            username: r.get("username").to_owned(),
                            password: opt(r.get("password")),
                        }],
                    },
                ));
            }
            FileKind::Roles => {
                let Some(org) = reference(r.get("orgSourcedId"), RefType::Org) else {
                    return;
                };
                let b = base(r);
                self.roles.push((
                    r.get("userSourcedId").to_owned(),
                    UserRole {
                        sourced_id: Some(b.sourced_id),
                        status: b.status,
                        date_last_modified: b.date_last_modified,
                        metadata: b.metadata,
                        role_type: RoleType::from_token_lenient(r.get("roleType")),
                        role: Role::from_token_lenient(r.get("role")),
                        org,
                        user_profile: opt(r.get("userProfileSourcedId")),
                        begin_date: date(r.get("beginDate")),
                        end_date: date(r.get("endDate")),
                    },
                ));
            }
            FileKind::Demographics => d.demographics.push(Demographics {
                base: base(r),
                birth_date: date(r.get("birthDate")),
                sex: opt(r.get("sex")).map(|s| Sex::from_token_lenient(&s)),
                american_indian_or_alaska_native: boolean(r.get("americanIndianOrAlaskaNative")),
                asian: boolean(r.get("asian")),
                black_or_african_american: boolean(r.get("blackOrAfricanAmerican")),
                native_hawaiian_or_other_pacific_islander: boolean(
                    r.get("nativeHawaiianOrOtherPacificIslander"),
                ),
                white: boolean(r.get("white")),
                demographic_race_two_or_more_races: boolean(r.get("demographicRaceTwoOrMoreRaces")),
                hispanic_or_latino_ethnicity: boolean(r.get("hispanicOrLatinoEthnicity")),
                country_of_birth_code: opt(r.get("countryOfBirthCode")),
                state_of_birth_abbreviation: opt(r.get("stateOfBirthAbbreviation")),
                city_of_birth: opt(r.get("cityOfBirth")),
                public_school_residence_status: opt(r.get("publicSchoolResidenceStatus")),
            }),
            FileKind::Enrollments => {
                let (Some(user), Some(class), Some(school)) = (
                    reference(r.get("userSourcedId"), RefType::User),
                    reference(r.get("classSourcedId"), RefType::Class),
                    reference(r.get("schoolSourcedId"), RefType::Org),
                ) else {
                    return;
                };
                d.enrollments.push(Enrollment {
                    base: base(r),
                    user,
                    class,
                    school,
                    role: EnrollmentRole::from_token_lenient(r.get("role")),
                    primary: boolean(r.get("primary")),
                    begin_date: date(r.get("beginDate")),
                    end_date: date(r.get("endDate")),
                });
            }
            FileKind::Categories => d.categories.push(Category {
                base: base(r),
                title: r.get("title").to_owned(),
                weight: float(r.get("weight")),
            }),
            FileKind::ScoreScales => d.score_scales.push(ScoreScale {
                base: base(r),
                title: r.get("title").to_owned(),
                scale_type: r.get("type").to_owned(),
                org: reference(r.get("orgSourcedId"), RefType::Org),
                course: reference(r.get("courseSourcedId"), RefType::Course),
                class: reference(r.get("classSourcedId"), RefType::Class),
                score_scale_value: parse_pairs(r.get("scoreScaleValue"))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(a, b)| ScoreScaleValue::new(a, b))
                    .collect(),
            }),
            FileKind::LineItems => {
                let (Some(assign_date), Some(due_date), Some(class), Some(category)) = (
                    date_or_datetime(r.get("assignDate")),
                    date_or_datetime(r.get("dueDate")),
                    reference(r.get("classSourcedId"), RefType::Class),
                    reference(r.get("categorySourcedId"), RefType::Category),
                ) else {
                    return;
                };
                d.line_items.push(LineItem {
                    base: base(r),
                    title: r.get("title").to_owned(),
                    description: opt(r.get("description")),
                    assign_date,
                    due_date,
                    class,
                    school: reference(r.get("schoolSourcedId"), RefType::Org),
                    category,
                    grading_period: reference(
                        r.get("gradingPeriodSourcedId"),
                        RefType::AcademicSession,
                    ),
                    academic_session: reference(
                        r.get("academicSessionSourcedId"),
                        RefType::AcademicSession,
                    ),
                    score_scale: None,
                    result_value_min: float(r.get("resultValueMin")),
                    result_value_max: float(r.get("resultValueMax")),
                    learning_objective_set: Vec::new(),
                });
            }
            FileKind::Results => {
                let (Some(line_item), Some(student), Some(score_date)) = (
                    reference(r.get("lineItemSourcedId"), RefType::LineItem),
                    reference(r.get("studentSourcedId"), RefType::User),
                    date(r.get("scoreDate")),
                ) else {
                    return;
                };
                d.results.push(GradeResult {
                    base: base(r),
                    line_item,
                    student,
                    class: reference(r.get("classSourcedId"), RefType::Class),
                    score_scale: None,
                    score_status: ScoreStatus::from_token_lenient(r.get("scoreStatus")),
                    score: float(r.get("score")),
                    text_score: opt(r.get("textScore")),
                    score_date,
                    comment: opt(r.get("comment")),
                    learning_objective_set: Vec::new(),
                    in_progress: boolean(r.get("inProgress")),
                    incomplete: boolean(r.get("incomplete")),
                    late: boolean(r.get("late")),
                    missing: boolean(r.get("missing")),
                });
            }
            FileKind::LineItemLearningObjectiveIds | FileKind::ResultLearningObjectiveIds => {
                let li = r.file == FileKind::LineItemLearningObjectiveIds;
                let owner = if li {
                    reference(r.get("lineItemSourcedId"), RefType::LineItem)
                } else {
                    reference(r.get("resultSourcedId"), RefType::Result)
                };
                let Some(owner) = owner else { return };
                let link = LearningObjectiveLink {
                    base: base(r),
                    owner,
                    source: LearningObjectiveSource::from_token_lenient(r.get("source")),
                    learning_objective_id: r.get("learningObjectiveId").to_owned(),
                    score: float(r.get("score")),
                    text_score: opt(r.get("textScore")),
                };
                if li {
                    d.line_item_learning_objectives.push(link);
                } else {
                    d.result_learning_objectives.push(link);
                }
            }
            FileKind::LineItemScoreScales | FileKind::ResultScoreScales => {
                let li = r.file == FileKind::LineItemScoreScales;
                let owner = if li {
                    reference(r.get("lineItemSourcedId"), RefType::LineItem)
                } else {
                    reference(r.get("resultSourcedId"), RefType::Result)
                };
                let (Some(owner), Some(score_scale)) = (
                    owner,
                    reference(r.get("scoreScaleSourcedId"), RefType::ScoreScale),
                ) else {
                    return;
                };
                let link = ScoreScaleLink {
                    base: base(r),
                    title: opt(r.get("title")),
                    owner,
                    score_scale,
                };
                if li {
                    d.line_item_score_scales.push(link);
                } else {
                    d.result_score_scales.push(link);
                }
            }
            FileKind::ClassResources | FileKind::CourseResources | FileKind::UserResources => {
                let (kind, owner) = match r.file {
                    FileKind::ClassResources => (
                        ResourceLinkKind::Class,
                        reference(r.get("classSourcedId"), RefType::Class),
                    ),
                    FileKind::CourseResources => (
                        ResourceLinkKind::Course,
                        reference(r.get("courseSourcedId"), RefType::Course),
                    ),
                    _ => (
                        ResourceLinkKind::User,
                        reference(r.get("userSourcedId"), RefType::User),
                    ),
                };
                let (Some(owner), Some(resource)) = (
                    owner,
                    reference(r.get("resourceSourcedId"), RefType::Resource),
                ) else {
                    return;
                };
                let user = kind == ResourceLinkKind::User;
                d.resource_links.push(ResourceLink {
                    base: base(r),
                    kind,
                    title: opt(r.get("title")),
                    owner,
                    org: if user {
                        reference(r.get("orgSourcedId"), RefType::Org)
                    } else {
                        None
                    },
                    class: if user {
                        reference(r.get("classSourcedId"), RefType::Class)
                    } else {
                        None
                    },
                    resource,
                });
            }
        }
    }
}
