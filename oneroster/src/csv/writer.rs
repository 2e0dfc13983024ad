//! Writing a [`Dataset`] as a CSV set (bulk or delta, 1.1 or 1.2).
//!
//! Output is deterministic: files in the binding's order, header rows byte-exact for the
//! version, records in the data set's order, `metadata.*` columns after the defined ones in the
//! order they first appear, RFC 4180 quoting only where needed, CRLF line ends, no BOM. Files
//! without records are not written and are declared `absent` in manifest.csv.

use std::borrow::Cow;
use std::io::{Seek, Write};

use chrono::{DateTime, FixedOffset};

use crate::csv::files::FileKind;
use crate::csv::manifest::Manifest;
use crate::model::{
    Base, Dataset, GuidRef, Metadata, ResourceLinkKind, UserProfile, UserRole, Version,
    format_datetime,
};
use crate::vocab::{ProcessingMode, Status};

/// How to write a set.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct WriteOptions {
    /// The version to write.
    pub version: Version,
    /// Bulk (status and dateLastModified left empty) or delta (both written).
    pub mode: ProcessingMode,
    /// For delta sets: the dateLastModified of records that have none.
    pub default_date_last_modified: Option<DateTime<FixedOffset>>,
    /// `source.systemName` of the manifest.
    pub source_system_name: Option<String>,
    /// `source.systemCode` of the manifest.
    pub source_system_code: Option<String>,
}

impl WriteOptions {
    /// A bulk set of `version`.
    pub fn bulk(version: Version) -> Self {
        Self {
            version,
            mode: ProcessingMode::Bulk,
            default_date_last_modified: None,
            source_system_name: None,
            source_system_code: None,
        }
    }

    /// A delta set of `version`; records without dateLastModified get `modified`.
    pub fn delta(version: Version, modified: DateTime<FixedOffset>) -> Self {
        Self {
            mode: ProcessingMode::Delta,
            default_date_last_modified: Some(modified),
            ..Self::bulk(version)
        }
    }
}

/// One row to write: lifecycle fields, metadata, and a value per defined column.
struct Row<'a> {
    sourced_id: Cow<'a, str>,
    status: Option<&'a Status>,
    modified: Option<&'a DateTime<FixedOffset>>,
    metadata: &'a Metadata,
    field: FieldFn<'a>,
}

/// The value of a named column of one record.
type FieldFn<'a> = Box<dyn Fn(&str) -> Cow<'a, str> + 'a>;

fn base_row<'a>(b: &'a Base, field: impl Fn(&str) -> Cow<'a, str> + 'a) -> Row<'a> {
    Row {
        sourced_id: Cow::Borrowed(b.sourced_id.as_str()),
        status: b.status.as_ref(),
        modified: b.date_last_modified.as_ref(),
        metadata: &b.metadata,
        field: Box::new(field),
    }
}

fn s(v: &Option<String>) -> Cow<'_, str> {
    Cow::Borrowed(v.as_deref().unwrap_or(""))
}

fn r(v: &Option<GuidRef>) -> Cow<'_, str> {
    Cow::Borrowed(v.as_ref().map_or("", GuidRef::id))
}

fn rl(v: &[GuidRef]) -> Cow<'_, str> {
    match v {
        [] => Cow::Borrowed(""),
        [one] => Cow::Borrowed(one.id()),
        many => Cow::Owned(many.iter().map(GuidRef::id).collect::<Vec<_>>().join(",")),
    }
}

fn l(v: &[String]) -> Cow<'_, str> {
    Cow::Owned(v.join(","))
}

fn b(v: Option<bool>) -> Cow<'static, str> {
    Cow::Borrowed(match v {
        Some(true) => "true",
        Some(false) => "false",
        None => "",
    })
}

fn f(v: Option<f64>) -> Cow<'static, str> {
    Cow::Owned(v.map(|x| x.to_string()).unwrap_or_default())
}

fn d<T: ToString>(v: Option<T>) -> Cow<'static, str> {
    Cow::Owned(v.map(|x| x.to_string()).unwrap_or_default())
}

fn e<T: AsRef<str>>(v: Option<&T>) -> Cow<'_, str> {
    Cow::Borrowed(v.map_or("", AsRef::as_ref))
}

macro_rules! impl_as_ref_vocab {
    ($($t:ty),*) => {$(impl AsRef<str> for $t { fn as_ref(&self) -> &str { self.as_str() } })*};
}
impl_as_ref_vocab!(
    crate::vocab::Sex,
    crate::vocab::Importance,
    crate::vocab::Role,
    Status
);

#[allow(clippy::too_many_lines, reason = "one arm per file")]
fn rows(kind: FileKind, data: &Dataset) -> Vec<Row<'_>> {
    match kind {
        FileKind::Orgs => data
            .orgs
            .iter()
            .map(|o| {
                base_row(&o.base, move |c| match c {
                    "name" => Cow::Borrowed(o.name.as_str()),
                    "type" => Cow::Borrowed(o.org_type.as_str()),
                    "identifier" => s(&o.identifier),
                    "parentSourcedId" => r(&o.parent),
                    _ => Cow::Borrowed(""),
                })
            })
            .collect(),
        FileKind::AcademicSessions => data
            .academic_sessions
            .iter()
            .map(|a| {
                base_row(&a.base, move |c| match c {
                    "title" => Cow::Borrowed(a.title.as_str()),
                    "type" => Cow::Borrowed(a.session_type.as_str()),
                    "startDate" => Cow::Owned(a.start_date.to_string()),
                    "endDate" => Cow::Owned(a.end_date.to_string()),
                    "parentSourcedId" => r(&a.parent),
                    "schoolYear" => Cow::Borrowed(a.school_year.as_str()),
                    _ => Cow::Borrowed(""),
                })
            })
            .collect(),
        FileKind::Courses => data
            .courses
            .iter()
            .map(|x| {
                base_row(&x.base, move |c| match c {
                    "schoolYearSourcedId" => r(&x.school_year),
                    "title" => Cow::Borrowed(x.title.as_str()),
                    "courseCode" => s(&x.course_code),
                    "grades" => l(&x.grades),
                    "orgSourcedId" => r(&x.org),
                    "subjects" => l(&x.subjects),
                    "subjectCodes" => l(&x.subject_codes),
                    _ => Cow::Borrowed(""),
                })
            })
            .collect(),
        FileKind::Classes => data
            .classes
            .iter()
            .map(|x| {
                base_row(&x.base, move |c| match c {
                    "title" => Cow::Borrowed(x.title.as_str()),
                    "grades" => l(&x.grades),
                    "courseSourcedId" => Cow::Borrowed(x.course.id()),
                    "classCode" => s(&x.class_code),
                    "classType" => Cow::Borrowed(x.class_type.as_str()),
                    "location" => s(&x.location),
                    "schoolSourcedId" => Cow::Borrowed(x.school.id()),
                    "termSourcedIds" => rl(&x.terms),
                    "subjects" => l(&x.subjects),
                    "subjectCodes" => l(&x.subject_codes),
                    "periods" => l(&x.periods),
                    _ => Cow::Borrowed(""),
                })
            })
            .collect(),
        FileKind::Resources => data
            .resources
            .iter()
            .map(|x| {
                base_row(&x.base, move |c| match c {
                    "vendorResourceId" => Cow::Borrowed(x.vendor_resource_id.as_str()),
                    "title" => s(&x.title),
                    "roles" => Cow::Owned(
                        x.roles
                            .iter()
                            .map(|r| r.as_str())
                            .collect::<Vec<_>>()
                            .join(","),
                    ),
                    "importance" => e(x.importance.as_ref()),
                    "vendorId" => s(&x.vendor_id),
                    "applicationId" => s(&x.application_id),
                    _ => Cow::Borrowed(""),
                })
            })
            .collect(),
        FileKind::Users => data
            .users
            .iter()
            .map(|u| {
                base_row(&u.base, move |c| match c {
                    "enabledUser" => b(Some(u.enabled_user)),
                    "orgSourcedIds" => rl(&u.orgs),
                    "role" => e(u.role.as_ref()),
                    "username" => s(&u.username),
                    "userIds" => Cow::Owned(
                        u.user_ids
                            .iter()
                            .map(|i| format!("{{{}:{}}}", i.id_type, i.identifier))
                            .collect::<Vec<_>>()
                            .join(","),
                    ),
                    "givenName" => Cow::Borrowed(u.given_name.as_str()),
                    "familyName" => Cow::Borrowed(u.family_name.as_str()),
                    "middleName" => s(&u.middle_name),
                    "identifier" => s(&u.identifier),
                    "email" => s(&u.email),
                    "sms" => s(&u.sms),
                    "phone" => s(&u.phone),
                    "agentSourcedIds" => rl(&u.agents),
                    "grades" => l(&u.grades),
                    "password" => s(&u.password),
                    "userMasterIdentifier" => s(&u.user_master_identifier),
                    "resourceSourcedIds" => rl(&u.resources),
                    "preferredGivenName" => s(&u.preferred_first_name),
                    "preferredMiddleName" => s(&u.preferred_middle_name),
                    "preferredFamilyName" => s(&u.preferred_last_name),
                    "primaryOrgSourcedId" => r(&u.primary_org),
                    "pronouns" => s(&u.pronouns),
                    _ => Cow::Borrowed(""),
                })
            })
            .collect(),
        FileKind::UserProfiles => {
            let inline = data.users.iter().flat_map(|u| {
                u.user_profiles
                    .iter()
                    .map(move |p| (u.base.sourced_id.as_str(), p))
            });
            let loose = data.unattached_profiles.iter().map(|(u, p)| (u.id(), p));
            inline
                .chain(loose)
                .map(|(u, p)| profile_row(u, p))
                .collect()
        }
        FileKind::Roles => {
            let inline = data.users.iter().flat_map(|u| {
                u.roles
                    .iter()
                    .enumerate()
                    .map(move |(i, r)| (u.base.sourced_id.as_str(), i, r))
            });
            let loose = data
                .unattached_roles
                .iter()
                .enumerate()
                .map(|(i, (u, r))| (u.id(), i, r));
            inline
                .chain(loose)
                .map(|(u, i, r)| role_row(u, i, r))
                .collect()
        }
        FileKind::Demographics => data
            .demographics
            .iter()
            .map(|x| {
                base_row(&x.base, move |c| match c {
                    "birthDate" => d(x.birth_date),
                    "sex" => e(x.sex.as_ref()),
                    "americanIndianOrAlaskaNative" => b(x.american_indian_or_alaska_native),
                    "asian" => b(x.asian),
                    "blackOrAfricanAmerican" => b(x.black_or_african_american),
                    "nativeHawaiianOrOtherPacificIslander" => {
                        b(x.native_hawaiian_or_other_pacific_islander)
                    }
                    "white" => b(x.white),
                    "demographicRaceTwoOrMoreRaces" => b(x.demographic_race_two_or_more_races),
                    "hispanicOrLatinoEthnicity" => b(x.hispanic_or_latino_ethnicity),
                    "countryOfBirthCode" => s(&x.country_of_birth_code),
                    "stateOfBirthAbbreviation" => s(&x.state_of_birth_abbreviation),
                    "cityOfBirth" => s(&x.city_of_birth),
                    "publicSchoolResidenceStatus" => s(&x.public_school_residence_status),
                    _ => Cow::Borrowed(""),
                })
            })
            .collect(),
        FileKind::Enrollments => data
            .enrollments
            .iter()
            .map(|x| {
                base_row(&x.base, move |c| match c {
                    "classSourcedId" => Cow::Borrowed(x.class.id()),
                    "schoolSourcedId" => Cow::Borrowed(x.school.id()),
                    "userSourcedId" => Cow::Borrowed(x.user.id()),
                    "role" => Cow::Borrowed(x.role.as_str()),
                    "primary" => b(x.primary),
                    "beginDate" => d(x.begin_date),
                    "endDate" => d(x.end_date),
                    _ => Cow::Borrowed(""),
                })
            })
            .collect(),
        FileKind::Categories => data
            .categories
            .iter()
            .map(|x| {
                base_row(&x.base, move |c| match c {
                    "title" => Cow::Borrowed(x.title.as_str()),
                    "weight" => f(x.weight),
                    _ => Cow::Borrowed(""),
                })
            })
            .collect(),
        FileKind::ScoreScales => data
            .score_scales
            .iter()
            .map(|x| {
                base_row(&x.base, move |c| match c {
                    "title" => Cow::Borrowed(x.title.as_str()),
                    "type" => Cow::Borrowed(x.scale_type.as_str()),
                    "orgSourcedId" => r(&x.org),
                    "courseSourcedId" => r(&x.course),
                    "classSourcedId" => r(&x.class),
                    "scoreScaleValue" => Cow::Owned(
                        x.score_scale_value
                            .iter()
                            .map(|v| format!("{{{}:{}}}", v.lhs, v.rhs))
                            .collect::<Vec<_>>()
                            .join(","),
                    ),
                    _ => Cow::Borrowed(""),
                })
            })
            .collect(),
        FileKind::LineItems => data
            .line_items
            .iter()
            .map(|x| {
                base_row(&x.base, move |c| match c {
                    "title" => Cow::Borrowed(x.title.as_str()),
                    "description" => s(&x.description),
                    "assignDate" => Cow::Owned(x.assign_date.to_text()),
                    "dueDate" => Cow::Owned(x.due_date.to_text()),
                    "classSourcedId" => Cow::Borrowed(x.class.id()),
                    "categorySourcedId" => Cow::Borrowed(x.category.id()),
                    "gradingPeriodSourcedId" => r(x
                        .grading_period
                        .as_ref()
                        .map_or(&x.academic_session, |_| &x.grading_period)),
                    "academicSessionSourcedId" => r(x
                        .academic_session
                        .as_ref()
                        .map_or(&x.grading_period, |_| &x.academic_session)),
                    "resultValueMin" => f(x.result_value_min),
                    "resultValueMax" => f(x.result_value_max),
                    "schoolSourcedId" => r(&x.school),
                    _ => Cow::Borrowed(""),
                })
            })
            .collect(),
        FileKind::Results => data
            .results
            .iter()
            .map(|x| {
                base_row(&x.base, move |c| match c {
                    "lineItemSourcedId" => Cow::Borrowed(x.line_item.id()),
                    "studentSourcedId" => Cow::Borrowed(x.student.id()),
                    "scoreStatus" => Cow::Borrowed(x.score_status.as_str()),
                    "score" => f(x.score),
                    "scoreDate" => Cow::Owned(x.score_date.to_string()),
                    "comment" => s(&x.comment),
                    "textScore" => s(&x.text_score),
                    "classSourcedId" => r(&x.class),
                    "inProgress" => b(x.in_progress),
                    "incomplete" => b(x.incomplete),
                    "late" => b(x.late),
                    "missing" => b(x.missing),
                    _ => Cow::Borrowed(""),
                })
            })
            .collect(),
        FileKind::LineItemLearningObjectiveIds | FileKind::ResultLearningObjectiveIds => {
            let v = if kind == FileKind::LineItemLearningObjectiveIds {
                &data.line_item_learning_objectives
            } else {
                &data.result_learning_objectives
            };
            v.iter()
                .map(|x| {
                    base_row(&x.base, move |c| match c {
                        "lineItemSourcedId" | "resultSourcedId" => Cow::Borrowed(x.owner.id()),
                        "source" => Cow::Borrowed(x.source.as_str()),
                        "learningObjectiveId" => Cow::Borrowed(x.learning_objective_id.as_str()),
                        "score" => f(x.score),
                        "textScore" => s(&x.text_score),
                        _ => Cow::Borrowed(""),
                    })
                })
                .collect()
        }
        FileKind::LineItemScoreScales | FileKind::ResultScoreScales => {
            let v = if kind == FileKind::LineItemScoreScales {
                &data.line_item_score_scales
            } else {
                &data.result_score_scales
            };
            v.iter()
                .map(|x| {
                    base_row(&x.base, move |c| match c {
                        "title" => s(&x.title),
                        "lineItemSourcedId" | "resultSourcedId" => Cow::Borrowed(x.owner.id()),
                        "scoreScaleSourcedId" => Cow::Borrowed(x.score_scale.id()),
                        _ => Cow::Borrowed(""),
                    })
                })
                .collect()
        }
        FileKind::ClassResources | FileKind::CourseResources | FileKind::UserResources => {
            let want = match kind {
                FileKind::ClassResources => ResourceLinkKind::Class,
                FileKind::CourseResources => ResourceLinkKind::Course,
                _ => ResourceLinkKind::User,
            };
            data.resource_links
                .iter()
                .filter(|x| x.kind == want)
                .map(|x| {
                    base_row(&x.base, move |c| match c {
                        "title" => s(&x.title),
                        "classSourcedId" if want == ResourceLinkKind::Class => {
                            Cow::Borrowed(x.owner.id())
                        }
                        "classSourcedId" => r(&x.class),
                        "courseSourcedId" | "userSourcedId" => Cow::Borrowed(x.owner.id()),
                        "orgSourcedId" => r(&x.org),
                        "resourceSourcedId" => Cow::Borrowed(x.resource.id()),
                        _ => Cow::Borrowed(""),
                    })
                })
                .collect()
        }
    }
}

fn profile_row<'a>(user: &'a str, p: &'a UserProfile) -> Row<'a> {
    let cred = p.credentials.first();
    Row {
        sourced_id: Cow::Borrowed(p.profile_id.as_str()),
        status: p.status.as_ref(),
        modified: p.date_last_modified.as_ref(),
        metadata: &p.metadata,
        field: Box::new(move |c| match c {
            "userSourcedId" => Cow::Borrowed(user),
            "profileType" => Cow::Borrowed(p.profile_type.as_str()),
            "vendorId" => Cow::Borrowed(p.vendor_id.as_str()),
            "applicationId" => s(&p.application_id),
            "description" => s(&p.description),
            "credentialType" => Cow::Borrowed(cred.map_or("", |c| c.credential_type.as_str())),
            "username" => Cow::Borrowed(cred.map_or("", |c| c.username.as_str())),
            "password" => Cow::Borrowed(cred.and_then(|c| c.password.as_deref()).unwrap_or("")),
            _ => Cow::Borrowed(""),
        }),
    }
}

/// The sourcedId written for a JSON role, which has none: `<user>-role-<n>` (1-based).
pub fn synthetic_role_id(user: &str, index: usize) -> String {
    format!("{user}-role-{}", index + 1)
}

fn role_row<'a>(user: &'a str, index: usize, r: &'a UserRole) -> Row<'a> {
    let id: Cow<'a, str> = match &r.sourced_id {
        Some(id) => Cow::Borrowed(id.as_str()),
        None => Cow::Owned(synthetic_role_id(user, index)),
    };
    Row {
        sourced_id: id,
        status: r.status.as_ref(),
        modified: r.date_last_modified.as_ref(),
        metadata: &r.metadata,
        field: Box::new(move |c| match c {
            "userSourcedId" => Cow::Borrowed(user),
            "roleType" => Cow::Borrowed(r.role_type.as_str()),
            "role" => Cow::Borrowed(r.role.as_str()),
            "beginDate" => d(r.begin_date),
            "endDate" => d(r.end_date),
            "orgSourcedId" => Cow::Borrowed(r.org.id()),
            "userProfileSourcedId" => s(&r.user_profile),
            _ => Cow::Borrowed(""),
        }),
    }
}

/// Writes one file of the set; `None` when the data set has no record for it.
pub fn write_file(kind: FileKind, data: &Dataset, opts: &WriteOptions) -> Option<Vec<u8>> {
    let rows = rows(kind, data);
    if rows.is_empty() {
        return None;
    }
    let spec = kind.columns(opts.version);
    let mut meta_keys: Vec<&str> = Vec::new();
    for r in &rows {
        for (k, _) in r.metadata.iter() {
            if !meta_keys.contains(&k) {
                meta_keys.push(k);
            }
        }
    }
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut header: Vec<Cow<'_, str>> = spec.iter().map(|c| Cow::Borrowed(c.name)).collect();
    header.extend(
        meta_keys
            .iter()
            .map(|k| Cow::Owned(format!("metadata.{k}"))),
    );
    w.write_record(header.iter().map(|h| h.as_bytes())).ok()?;
    let delta = opts.mode == ProcessingMode::Delta;
    let mut fields: Vec<Cow<'_, str>> = Vec::with_capacity(header.len());
    for r in &rows {
        fields.clear();
        for c in spec {
            let v = match c.name {
                "sourcedId" => r.sourced_id.clone(),
                "status" if delta => Cow::Borrowed(r.status.map_or("active", Status::as_str)),
                "dateLastModified" if delta => Cow::Owned(
                    r.modified
                        .or(opts.default_date_last_modified.as_ref())
                        .map(format_datetime)
                        .unwrap_or_default(),
                ),
                "status" | "dateLastModified" => Cow::Borrowed(""),
                other => (r.field)(other),
            };
            fields.push(v);
        }
        for k in &meta_keys {
            fields.push(Cow::Owned(
                r.metadata
                    .get(k)
                    .map(Metadata::csv_text)
                    .unwrap_or_default(),
            ));
        }
        w.write_record(fields.iter().map(|f| f.as_bytes())).ok()?;
    }
    w.into_inner().ok()
}

/// Writes the whole set: `(file name, bytes)` pairs, manifest.csv first, then each non-empty
/// file in the binding's order.
pub fn write_set(data: &Dataset, opts: &WriteOptions) -> Vec<(String, Vec<u8>)> {
    let normalized = for_version(data, opts.version);
    let data = normalized.as_ref();
    let mut manifest = Manifest::new(opts.version);
    manifest
        .source_system_name
        .clone_from(&opts.source_system_name);
    manifest
        .source_system_code
        .clone_from(&opts.source_system_code);
    let mut files = Vec::new();
    for kind in FileKind::all_in(opts.version) {
        if let Some(bytes) = write_file(kind, data, opts) {
            manifest.set_mode(kind, opts.mode.clone());
            files.push((kind.file_name(), bytes));
        }
    }
    let mut out = vec![("manifest.csv".to_owned(), manifest.to_csv().into_bytes())];
    out.extend(files);
    out
}

/// The data set adapted to a version's user model: 1.1 users need `role` and `orgs` (taken
/// from 1.2 roles when absent: the primary role, every role's org); 1.2 users carry `roles`
/// (one per 1.1 org, the first primary, when absent).
pub fn for_version(data: &Dataset, version: Version) -> Cow<'_, Dataset> {
    let needs = data.users.iter().any(|u| match version {
        Version::V1_1 => (u.role.is_none() || u.orgs.is_empty()) && !u.roles.is_empty(),
        _ => u.roles.is_empty() && u.role.is_some() && !u.orgs.is_empty(),
    });
    let sex_1_2_only = |x: &crate::model::Demographics| {
        x.sex
            .as_ref()
            .is_some_and(|s| !matches!(s, crate::vocab::Sex::Male | crate::vocab::Sex::Female))
    };
    let needs = needs || (version == Version::V1_1 && data.demographics.iter().any(sex_1_2_only));
    if !needs {
        return Cow::Borrowed(data);
    }
    let mut d = data.clone();
    if version == Version::V1_1 {
        // 1.1 knows only male and female; `unspecified` and `other` are left empty.
        for x in &mut d.demographics {
            if sex_1_2_only(x) {
                x.sex = None;
            }
        }
    }
    for u in &mut d.users {
        match version {
            Version::V1_1 => {
                if u.role.is_none() {
                    let r = u
                        .roles
                        .iter()
                        .find(|r| r.role_type == crate::vocab::RoleType::Primary)
                        .or_else(|| u.roles.first());
                    u.role = r.map(|r| role_1_1(&r.role));
                }
                if u.orgs.is_empty() {
                    for r in &u.roles {
                        if !u.orgs.iter().any(|o| o.id() == r.org.id()) {
                            u.orgs.push(r.org.clone());
                        }
                    }
                }
            }
            _ => {
                if u.roles.is_empty()
                    && let Some(role) = u.role.clone()
                {
                    u.roles = u
                        .orgs
                        .iter()
                        .enumerate()
                        .map(|(i, org)| UserRole {
                            sourced_id: None,
                            status: None,
                            date_last_modified: None,
                            metadata: Metadata::new(),
                            role_type: if i == 0 {
                                crate::vocab::RoleType::Primary
                            } else {
                                crate::vocab::RoleType::Secondary
                            },
                            role: role.clone(),
                            org: org.clone(),
                            user_profile: None,
                            begin_date: None,
                            end_date: None,
                        })
                        .collect();
                }
            }
        }
    }
    Cow::Owned(d)
}

/// A 1.2 role in the 1.1 user-role vocabulary (the administrator roles become
/// `administrator`, `counselor` becomes `aide`).
fn role_1_1(r: &crate::vocab::Role) -> crate::vocab::Role {
    use crate::vocab::Role as R;
    match r {
        R::DistrictAdministrator | R::SiteAdministrator | R::SystemAdministrator | R::Principal => {
            R::Administrator
        }
        R::Counselor => R::Aide,
        other => other.clone(),
    }
}

/// Writes the set as a zip archive (deflate, every file at the root) into `w`.
pub fn write_set_zip<W: Write + Seek>(
    data: &Dataset,
    opts: &WriteOptions,
    w: W,
) -> Result<W, zip::result::ZipError> {
    let mut z = zip::ZipWriter::new(w);
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in write_set(data, opts) {
        z.start_file(name, o)?;
        z.write_all(&bytes)?;
    }
    z.finish()
}
