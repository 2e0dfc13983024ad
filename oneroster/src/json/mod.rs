//! The REST JSON binding (1.1 and 1.2 payloads): reading with validation, writing per version.
//!
//! - [`read_payload`] parses a response or request body: a single object (`{"user": {…}}`), a
//!   collection (`{"users": […]}`), several collections (a data set, as `ims oneroster convert`
//!   writes it), an `imsx_StatusInfo` document or a `sourcedIdPairs` set. Every problem is
//!   collected with its JSON pointer; unknown properties are kept (in [`Base::extra`]) with a
//!   warning; booleans are read from JSON booleans or `"true"`/`"false"` strings alike.
//! - [`write_record`] / [`write_collection`] / [`write_dataset`] produce the version's shape:
//!   1.2 writes booleans as the OpenAPI's string enums, 1.1 as JSON booleans (configurable).

pub mod status;

use chrono::{DateTime, FixedOffset, NaiveDate};
use lti_core::location::push_pointer_token;
use lti_core::{Location, Problem, Report};
use serde_json::{Map, Value};

use crate::codes;
use crate::limits::Limits;
use crate::model::{
    AcademicSession, AssessmentLineItem, AssessmentResult, Base, Category, Class, Course,
    Credential, Dataset, DateOrDateTime, Demographics, Enrollment, GradeResult, GuidRef,
    LearningObjectiveResult, LearningObjectiveScoreSet, LearningObjectiveSet, LineItem, Metadata,
    Org, RefType, Resource, ScoreScale, ScoreScaleValue, SourcedId, User, UserId, UserProfile,
    UserRole, Version, format_datetime,
};
use crate::vocab::{
    self, ClassType, EnrollmentRole, Importance, LearningObjectiveSource, OrgType, ResourceRole,
    Role, RoleType, ScoreStatus, SessionType, Sex, Status, TokenClass, Vocab,
};

pub use status::StatusInfo;

/// One OneRoster object of any kind.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum Record {
    /// An org.
    Org(Org),
    /// An academic session.
    AcademicSession(AcademicSession),
    /// A course.
    Course(Course),
    /// A class.
    Class(Class),
    /// A user.
    User(User),
    /// An enrollment.
    Enrollment(Enrollment),
    /// Demographics.
    Demographics(Demographics),
    /// A category.
    Category(Category),
    /// A line item.
    LineItem(LineItem),
    /// A result.
    Result(GradeResult),
    /// A score scale.
    ScoreScale(ScoreScale),
    /// A resource.
    Resource(Resource),
    /// An assessment line item.
    AssessmentLineItem(AssessmentLineItem),
    /// An assessment result.
    AssessmentResult(AssessmentResult),
}

/// The kinds of record, keyed by their JSON collection names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum RecordKind {
    /// `orgs`, `schools`
    Org,
    /// `academicSessions`, `terms`, `gradingPeriods`
    AcademicSession,
    /// `courses`
    Course,
    /// `classes`
    Class,
    /// `users`, `students`, `teachers`, `agents`
    User,
    /// `enrollments`
    Enrollment,
    /// `demographics`
    Demographics,
    /// `categories`
    Category,
    /// `lineItems`
    LineItem,
    /// `results`
    Result,
    /// `scoreScales`
    ScoreScale,
    /// `resources`
    Resource,
    /// `assessmentLineItems`
    AssessmentLineItem,
    /// `assessmentResults`
    AssessmentResult,
}

impl RecordKind {
    /// The kind for a collection key (`users`, `students`…).
    pub fn from_collection(key: &str) -> Option<Self> {
        Some(match key {
            "orgs" | "schools" => Self::Org,
            "academicSessions" | "terms" | "gradingPeriods" => Self::AcademicSession,
            "courses" => Self::Course,
            "classes" => Self::Class,
            "users" | "students" | "teachers" | "agents" => Self::User,
            "enrollments" => Self::Enrollment,
            "demographics" => Self::Demographics,
            "categories" => Self::Category,
            "lineItems" => Self::LineItem,
            "results" => Self::Result,
            "scoreScales" => Self::ScoreScale,
            "resources" => Self::Resource,
            "assessmentLineItems" => Self::AssessmentLineItem,
            "assessmentResults" => Self::AssessmentResult,
            _ => return None,
        })
    }

    /// The kind for a single-object key (`user`, `student`, `demographics`…).
    pub fn from_single(key: &str) -> Option<Self> {
        Some(match key {
            "org" | "school" => Self::Org,
            "academicSession" | "term" | "gradingPeriod" => Self::AcademicSession,
            "course" => Self::Course,
            "class" => Self::Class,
            "user" | "student" | "teacher" => Self::User,
            "enrollment" => Self::Enrollment,
            "demographics" => Self::Demographics,
            "category" => Self::Category,
            "lineItem" => Self::LineItem,
            "result" => Self::Result,
            "scoreScale" => Self::ScoreScale,
            "resource" => Self::Resource,
            "assessmentLineItem" => Self::AssessmentLineItem,
            "assessmentResult" => Self::AssessmentResult,
            _ => return None,
        })
    }

    /// The canonical collection key.
    pub const fn collection(self) -> &'static str {
        match self {
            Self::Org => "orgs",
            Self::AcademicSession => "academicSessions",
            Self::Course => "courses",
            Self::Class => "classes",
            Self::User => "users",
            Self::Enrollment => "enrollments",
            Self::Demographics => "demographics",
            Self::Category => "categories",
            Self::LineItem => "lineItems",
            Self::Result => "results",
            Self::ScoreScale => "scoreScales",
            Self::Resource => "resources",
            Self::AssessmentLineItem => "assessmentLineItems",
            Self::AssessmentResult => "assessmentResults",
        }
    }

    /// The canonical single-object key.
    pub const fn single(self) -> &'static str {
        match self {
            Self::Org => "org",
            Self::AcademicSession => "academicSession",
            Self::Course => "course",
            Self::Class => "class",
            Self::User => "user",
            Self::Enrollment => "enrollment",
            Self::Demographics => "demographics",
            Self::Category => "category",
            Self::LineItem => "lineItem",
            Self::Result => "result",
            Self::ScoreScale => "scoreScale",
            Self::Resource => "resource",
            Self::AssessmentLineItem => "assessmentLineItem",
            Self::AssessmentResult => "assessmentResult",
        }
    }
}

/// A `suppliedSourcedId` → `allocatedSourcedId` pair (`GUIDPairDType`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GuidPair {
    /// The id the client supplied.
    pub supplied_sourced_id: String,
    /// The id the server allocated.
    pub allocated_sourced_id: String,
}

/// A parsed JSON payload.
#[derive(Debug, Clone, PartialEq)]
#[allow(
    clippy::large_enum_variant,
    reason = "one payload per document; boxing would cost every caller a dereference"
)]
#[derive(serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum Payload {
    /// `{"<single key>": {…}}`.
    Single {
        /// The key as written (`user`, `student`…).
        key: String,
        /// The object.
        record: Record,
    },
    /// `{"<collection key>": […]}`.
    Collection {
        /// The key as written (`users`, `students`…).
        key: String,
        /// The objects.
        records: Vec<Record>,
    },
    /// Several collections in one object (a whole data set).
    Dataset(Dataset),
    /// An `imsx_StatusInfo` document.
    StatusInfo(StatusInfo),
    /// `{"sourcedIdPairs": […]}`.
    GuidPairs(Vec<GuidPair>),
}

/// How booleans are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum BoolStyle {
    /// `"true"` / `"false"` (the 1.2 OpenAPI string enums).
    String,
    /// JSON `true` / `false`.
    Boolean,
}

/// Options for writing JSON.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct JsonWriteOptions {
    /// The version whose shape is written.
    pub version: Version,
    /// How booleans are written (default: strings for 1.2, booleans for 1.1).
    pub bool_style: BoolStyle,
    /// Scheme and host used to build the `href` of references that have none
    /// (`https://sis.example.org`); the path is the service base path and collection.
    pub href_root: String,
    /// The service layout whose base paths the hrefs use.
    pub layout: crate::rest::ServiceLayout,
}

impl JsonWriteOptions {
    /// Defaults for `version`: booleans per version, hrefs under `https://oneroster.invalid`.
    pub fn new(version: Version) -> Self {
        Self {
            version,
            bool_style: match version {
                Version::V1_1 => BoolStyle::Boolean,
                Version::V1_2 => BoolStyle::String,
            },
            href_root: "https://oneroster.invalid".to_owned(),
            layout: crate::rest::ServiceLayout::for_version(version),
        }
    }

    /// Sets the href root.
    #[must_use]
    pub fn with_href_root(mut self, root: impl Into<String>) -> Self {
        self.href_root = root.into().trim_end_matches('/').to_owned();
        self
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// Parses a JSON payload of `version`, collecting every problem.
///
/// Returns `None` when the bytes are not JSON, or the document is not a OneRoster payload.
pub fn read_payload(bytes: &[u8], version: Version, limits: &Limits) -> (Option<Payload>, Report) {
    let mut report = Report::new();
    if bytes.len() > limits.max_json_bytes {
        report.push(
            Problem::error(
                codes::JSON_TOO_LARGE,
                format!(
                    "the payload has {} bytes, over Limits::max_json_bytes ({})",
                    bytes.len(),
                    limits.max_json_bytes
                ),
            )
            .at(Location::json_pointer("")),
        );
        return (None, report);
    }
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            report.push(
                Problem::error(
                    codes::JSON_SYNTAX,
                    format!(
                        "not valid JSON: {e} (line {}, column {})",
                        e.line(),
                        e.column()
                    ),
                )
                .at(Location::field(format!(
                    "line {}, column {}",
                    e.line(),
                    e.column()
                ))),
            );
            return (None, report);
        }
    };
    if depth(&value) > limits.max_json_depth {
        report.push(
            Problem::error(
                codes::JSON_TOO_LARGE,
                format!(
                    "the payload nests deeper than Limits::max_json_depth ({})",
                    limits.max_json_depth
                ),
            )
            .at(Location::json_pointer("")),
        );
        return (None, report);
    }
    let p = read_value(&value, version, &mut report);
    (p, report)
}

fn depth(v: &Value) -> usize {
    // Iterative, so that hostile nesting cannot overflow the stack.
    let mut max = 0;
    let mut stack = vec![(v, 1usize)];
    while let Some((v, d)) = stack.pop() {
        max = max.max(d);
        match v {
            Value::Array(a) => stack.extend(a.iter().map(|x| (x, d + 1))),
            Value::Object(o) => stack.extend(o.values().map(|x| (x, d + 1))),
            _ => {}
        }
    }
    max
}

/// Guesses the data-model version of a payload: 1.1 when a user carries the 1.1 `role` and
/// `orgs` properties (1.2 users have `roles`), else 1.2.
pub fn detect_version(v: &Value) -> Version {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                if m.contains_key("givenName") {
                    if m.get("roles").is_some_and(Value::is_array) {
                        return Version::V1_2;
                    }
                    if m.get("role").is_some_and(Value::is_string)
                        && m.get("orgs").is_some_and(Value::is_array)
                    {
                        return Version::V1_1;
                    }
                }
                stack.extend(m.values());
            }
            Value::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
    Version::V1_2
}

/// Parses an already-decoded JSON value (see [`read_payload`]).
pub fn read_value(value: &Value, version: Version, report: &mut Report) -> Option<Payload> {
    let Value::Object(map) = value else {
        report.push(
            Problem::error(
                codes::JSON_ENVELOPE,
                "a OneRoster payload is a JSON object (`{\"users\": […]}`, `{\"user\": {…}}`)",
            )
            .at(Location::json_pointer("")),
        );
        return None;
    };
    if map.contains_key("imsx_codeMajor") {
        return match serde_json::from_value::<StatusInfo>(value.clone()) {
            Ok(s) => Some(Payload::StatusInfo(s)),
            Err(e) => {
                report.push(
                    Problem::error(codes::STATUS_INFO, e.to_string())
                        .at(Location::json_pointer("")),
                );
                None
            }
        };
    }
    if let Some(pairs) = map.get("sourcedIdPairs") {
        let list = match pairs {
            Value::Array(a) => a.clone(),
            other => vec![other.clone()],
        };
        let mut out = Vec::new();
        for (i, p) in list.into_iter().enumerate() {
            match serde_json::from_value::<GuidPair>(p) {
                Ok(g) => out.push(g),
                Err(e) => report.push(
                    Problem::error(codes::JSON_TYPE, e.to_string())
                        .at(Location::json_pointer(format!("/sourcedIdPairs/{i}"))),
                ),
            }
        }
        return Some(Payload::GuidPairs(out));
    }
    let mut r = Reader { report, version };
    if map.len() == 1
        && let Some((key, v)) = map.iter().next()
    {
        let single = RecordKind::from_single(key);
        let coll = RecordKind::from_collection(key);
        match (v, single, coll) {
            (Value::Object(_), Some(kind), _) => {
                let ptr = format!("/{key}");
                return r.record(kind, v, &ptr).map(|record| Payload::Single {
                    key: key.clone(),
                    record,
                });
            }
            (Value::Array(items), _, Some(kind)) => {
                let records = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| r.record(kind, v, &format!("/{key}/{i}")))
                    .collect();
                return Some(Payload::Collection {
                    key: key.clone(),
                    records,
                });
            }
            _ => {}
        }
    }
    let known = map
        .keys()
        .filter(|k| RecordKind::from_collection(k).is_some())
        .count();
    if known == 0 {
        r.report.push(
            Problem::error(
                codes::JSON_ENVELOPE,
                "no OneRoster collection or object key (`users`, `user`, `orgs`…) at the top level",
            )
            .at(Location::json_pointer("")),
        );
        return None;
    }
    let mut data = Dataset::new();
    for (key, v) in map {
        let Some(kind) = RecordKind::from_collection(key) else {
            r.report.push(
                Problem::warning(
                    codes::JSON_UNKNOWN_PROPERTY,
                    format!("`{key}` is not a OneRoster collection; it was ignored"),
                )
                .at(Location::json_pointer(format!("/{key}"))),
            );
            continue;
        };
        let Value::Array(items) = v else {
            r.report.push(
                Problem::error(codes::JSON_TYPE, format!("`{key}` must be an array"))
                    .at(Location::json_pointer(format!("/{key}"))),
            );
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            if let Some(rec) = r.record(kind, item, &format!("/{key}/{i}")) {
                push_record(&mut data, rec);
            }
        }
    }
    Some(Payload::Dataset(data))
}

/// Adds a record to the right list of a data set.
pub fn push_record(data: &mut Dataset, rec: Record) {
    match rec {
        Record::Org(x) => data.orgs.push(x),
        Record::AcademicSession(x) => data.academic_sessions.push(x),
        Record::Course(x) => data.courses.push(x),
        Record::Class(x) => data.classes.push(x),
        Record::User(x) => data.users.push(x),
        Record::Enrollment(x) => data.enrollments.push(x),
        Record::Demographics(x) => data.demographics.push(x),
        Record::Category(x) => data.categories.push(x),
        Record::LineItem(x) => data.line_items.push(x),
        Record::Result(x) => data.results.push(x),
        Record::ScoreScale(x) => data.score_scales.push(x),
        Record::Resource(x) => data.resources.push(x),
        Record::AssessmentLineItem(x) => data.assessment_line_items.push(x),
        Record::AssessmentResult(x) => data.assessment_results.push(x),
    }
}

struct Reader<'r> {
    report: &'r mut Report,
    version: Version,
}

/// Reads the properties of one object, remembering which were used.
struct Obj<'v> {
    map: &'v Map<String, Value>,
    ptr: String,
    used: Vec<&'static str>,
}

impl Reader<'_> {
    fn err(&mut self, code: &'static str, ptr: &str, msg: String) {
        self.report
            .push(Problem::error(code, msg).at(Location::json_pointer(ptr)));
    }

    fn warn(&mut self, code: &'static str, ptr: &str, msg: String) {
        self.report
            .push(Problem::warning(code, msg).at(Location::json_pointer(ptr)));
    }

    fn obj<'v>(&mut self, v: &'v Value, ptr: &str) -> Option<Obj<'v>> {
        match v {
            Value::Object(map) => Some(Obj {
                map,
                ptr: ptr.to_owned(),
                used: Vec::new(),
            }),
            _ => {
                self.err(codes::JSON_TYPE, ptr, "expected a JSON object".to_owned());
                None
            }
        }
    }

    fn get<'v>(
        &mut self,
        o: &mut Obj<'v>,
        key: &'static str,
        required: bool,
    ) -> Option<(&'v Value, String)> {
        o.used.push(key);
        let mut ptr = o.ptr.clone();
        push_pointer_token(&mut ptr, key);
        match o.map.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.err(codes::JSON_REQUIRED, &o.ptr, format!("`{key}` is required"));
                }
                None
            }
            Some(v) => Some((v, ptr)),
        }
    }

    fn string(&mut self, o: &mut Obj<'_>, key: &'static str, required: bool) -> Option<String> {
        let (v, ptr) = self.get(o, key, required)?;
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => {
                self.warn(
                    codes::JSON_TYPE,
                    &ptr,
                    format!("`{key}` is a number; the binding writes a string"),
                );
                Some(n.to_string())
            }
            _ => {
                self.err(codes::JSON_TYPE, &ptr, format!("`{key}` must be a string"));
                None
            }
        }
    }

    fn strings(&mut self, o: &mut Obj<'_>, key: &'static str) -> Vec<String> {
        let Some((v, ptr)) = self.get(o, key, false) else {
            return Vec::new();
        };
        match v {
            Value::Array(a) => a
                .iter()
                .enumerate()
                .filter_map(|(i, x)| match x {
                    Value::String(s) => Some(s.clone()),
                    _ => {
                        self.err(
                            codes::JSON_TYPE,
                            &format!("{ptr}/{i}"),
                            format!("items of `{key}` must be strings"),
                        );
                        None
                    }
                })
                .collect(),
            _ => {
                self.err(codes::JSON_TYPE, &ptr, format!("`{key}` must be an array"));
                Vec::new()
            }
        }
    }

    fn boolean(&mut self, o: &mut Obj<'_>, key: &'static str, required: bool) -> Option<bool> {
        let (v, ptr) = self.get(o, key, required)?;
        match v {
            Value::Bool(b) => {
                if self.version == Version::V1_2 {
                    self.warn(
                        codes::JSON_BOOLEAN_FORM,
                        &ptr,
                        format!("`{key}` is a JSON boolean; the 1.2 binding writes \"{b}\" (read as {b})"),
                    );
                }
                Some(*b)
            }
            Value::String(s) => match vocab::parse_bool_token(s) {
                Some((b, case)) => {
                    if case {
                        self.warn(
                            codes::VALUE_CASE,
                            &ptr,
                            format!("`{s}` should be `{b}` (read as {b})"),
                        );
                    } else if self.version == Version::V1_1 {
                        self.report.push(
                            Problem::info(
                                codes::JSON_BOOLEAN_FORM,
                                format!("`{key}` is the string \"{s}\"; 1.1 payloads usually carry JSON booleans"),
                            )
                            .at(Location::json_pointer(ptr.as_str())),
                        );
                    }
                    Some(b)
                }
                None => {
                    self.err(
                        codes::VALUE_BOOLEAN,
                        &ptr,
                        format!("`{s}` is not true or false"),
                    );
                    None
                }
            },
            _ => {
                self.err(
                    codes::VALUE_BOOLEAN,
                    &ptr,
                    format!("`{key}` must be a boolean"),
                );
                None
            }
        }
    }

    fn number(&mut self, o: &mut Obj<'_>, key: &'static str) -> Option<f64> {
        let (v, ptr) = self.get(o, key, false)?;
        match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => match s.trim().parse::<f64>() {
                Ok(f) if f.is_finite() => {
                    self.warn(
                        codes::JSON_TYPE,
                        &ptr,
                        format!("`{key}` is a string; the binding writes a number (read as {f})"),
                    );
                    Some(f)
                }
                _ => {
                    self.err(codes::VALUE_NUMBER, &ptr, format!("`{s}` is not a number"));
                    None
                }
            },
            _ => {
                self.err(
                    codes::VALUE_NUMBER,
                    &ptr,
                    format!("`{key}` must be a number"),
                );
                None
            }
        }
    }

    fn date(&mut self, o: &mut Obj<'_>, key: &'static str, required: bool) -> Option<NaiveDate> {
        let s = self.string(o, key, required)?;
        let ptr = format!("{}/{key}", o.ptr);
        match lti_core::time::parse_date_lenient(&s) {
            Ok((d, dev)) => {
                if !dev.is_empty() {
                    self.warn(
                        codes::VALUE_DATE_LENIENT,
                        &ptr,
                        format!("`{s}` was read leniently as {d}"),
                    );
                }
                Some(d)
            }
            Err(e) => {
                let code = if s.contains('/') {
                    codes::VALUE_DATE_AMBIGUOUS
                } else {
                    codes::VALUE_DATE
                };
                self.err(code, &ptr, e.to_string());
                None
            }
        }
    }

    fn datetime(
        &mut self,
        o: &mut Obj<'_>,
        key: &'static str,
        required: bool,
    ) -> Option<DateTime<FixedOffset>> {
        let s = self.string(o, key, required)?;
        let ptr = format!("{}/{key}", o.ptr);
        match lti_core::time::parse_datetime_lenient(&s) {
            Ok((d, dev)) => {
                if !dev.is_empty() {
                    self.warn(
                        codes::VALUE_DATE_LENIENT,
                        &ptr,
                        format!("`{s}` was read leniently"),
                    );
                }
                Some(d)
            }
            Err(_) => {
                if let Some(d) = crate::csv::records::datetime(&s) {
                    self.warn(
                        codes::VALUE_DATE_LENIENT,
                        &ptr,
                        format!("`{s}` is a date where a date-time belongs; read as midnight UTC"),
                    );
                    return Some(d);
                }
                let code = if s.contains('/') {
                    codes::VALUE_DATE_AMBIGUOUS
                } else {
                    codes::VALUE_DATETIME
                };
                self.err(code, &ptr, format!("`{s}` is not an RFC 3339 date-time"));
                None
            }
        }
    }

    fn date_or_datetime(&mut self, o: &mut Obj<'_>, key: &'static str) -> Option<DateOrDateTime> {
        let s = self.string(o, key, true)?;
        if let Some(d) = crate::model::parse_date_or_datetime(&s) {
            if matches!(d, DateOrDateTime::Date(_)) {
                self.warn(
                    codes::VALUE_DATE_LENIENT,
                    &format!("{}/{key}", o.ptr),
                    format!("`{s}` is a date; the binding writes a date-time"),
                );
            }
            return Some(d);
        }
        self.err(
            codes::VALUE_DATETIME,
            &format!("{}/{key}", o.ptr),
            format!("`{s}` is not a date-time"),
        );
        None
    }

    fn vocab<T>(
        &mut self,
        o: &mut Obj<'_>,
        key: &'static str,
        required: bool,
        vocab: &Vocab,
        make: fn(&str) -> T,
    ) -> Option<T> {
        let s = self.string(o, key, required)?;
        let ptr = format!("{}/{key}", o.ptr);
        self.check_token(vocab, &s, &ptr);
        Some(make(&s))
    }

    fn check_token(&mut self, vocab: &Vocab, s: &str, ptr: &str) {
        match vocab.classify(s) {
            TokenClass::Known | TokenClass::Extension => {}
            TokenClass::Deprecated => {
                self.warn(codes::VALUE_DEPRECATED, ptr, format!("`{s}` is deprecated"));
            }
            TokenClass::CaseMismatch(t) => {
                self.warn(codes::VALUE_CASE, ptr, format!("`{s}` should be `{t}`"));
            }
            TokenClass::BadExtension => self.err(
                codes::VALUE_EXTENSION,
                ptr,
                format!("`{s}` is not an allowed extension of {}", vocab.name),
            ),
            TokenClass::Unknown => self.err(
                codes::VALUE_ENUM,
                ptr,
                format!("`{s}` is not one of {}", vocab.describe()),
            ),
        }
    }

    fn guid_ref(&mut self, v: &Value, ptr: &str, expected: RefType) -> Option<GuidRef> {
        let mut o = self.obj(v, ptr)?;
        let sourced_id = self.string(&mut o, "sourcedId", true)?;
        let t = self.string(&mut o, "type", true);
        let href = self.string(&mut o, "href", false);
        if let Some(h) = &href
            && !h.contains(':')
        {
            self.warn(
                codes::JSON_HREF,
                &format!("{ptr}/href"),
                format!("`{h}` is not an absolute URI"),
            );
        }
        let ref_type = match t.as_deref().map(RefType::parse) {
            Some(Some(t)) => {
                if t != expected {
                    self.err(
                        codes::JSON_REF_TYPE,
                        &format!("{ptr}/type"),
                        format!(
                            "`type` is `{}`; here it must be `{}`",
                            t.as_str(),
                            expected.as_str()
                        ),
                    );
                }
                t
            }
            Some(None) => {
                self.err(
                    codes::JSON_REF_TYPE,
                    &format!("{ptr}/type"),
                    format!("`{}` is not a GUIDRef type", t.unwrap_or_default()),
                );
                expected
            }
            None => expected,
        };
        self.unknown(&mut o, false);
        Some(GuidRef {
            sourced_id: SourcedId::new_unchecked(sourced_id),
            ref_type,
            href,
        })
    }

    fn ref_prop(
        &mut self,
        o: &mut Obj<'_>,
        key: &'static str,
        required: bool,
        t: RefType,
    ) -> Option<GuidRef> {
        let (v, ptr) = self.get(o, key, required)?;
        self.guid_ref(v, &ptr, t)
    }

    fn refs(
        &mut self,
        o: &mut Obj<'_>,
        key: &'static str,
        required: bool,
        t: RefType,
    ) -> Vec<GuidRef> {
        let Some((v, ptr)) = self.get(o, key, required) else {
            return Vec::new();
        };
        match v {
            Value::Array(a) => a
                .iter()
                .enumerate()
                .filter_map(|(i, x)| self.guid_ref(x, &format!("{ptr}/{i}"), t))
                .collect(),
            _ => {
                self.err(codes::JSON_TYPE, &ptr, format!("`{key}` must be an array"));
                Vec::new()
            }
        }
    }

    fn array<'v>(&mut self, o: &mut Obj<'v>, key: &'static str) -> Vec<(&'v Value, String)> {
        let Some((v, ptr)) = self.get(o, key, false) else {
            return Vec::new();
        };
        match v {
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, x)| (x, format!("{ptr}/{i}")))
                .collect(),
            _ => {
                self.err(codes::JSON_TYPE, &ptr, format!("`{key}` must be an array"));
                Vec::new()
            }
        }
    }

    /// Unknown properties: kept, with a warning. Returns them.
    fn unknown(&mut self, o: &mut Obj<'_>, keep: bool) -> Metadata {
        let mut extra = Metadata::new();
        for (k, v) in o.map {
            if o.used.contains(&k.as_str()) {
                continue;
            }
            let mut ptr = o.ptr.clone();
            push_pointer_token(&mut ptr, k);
            self.warn(
                codes::JSON_UNKNOWN_PROPERTY,
                &ptr,
                format!(
                    "`{k}` is not defined here in OneRoster {} (extensions go in `metadata`){}",
                    self.version,
                    if keep { "; it was kept" } else { "" }
                ),
            );
            if keep {
                extra.insert(k.clone(), v.clone());
            }
        }
        extra
    }

    fn base(&mut self, o: &mut Obj<'_>) -> Base {
        let sid = self.string(o, "sourcedId", true).unwrap_or_default();
        let mut b = Base::new(sid);
        b.status = self.vocab(
            o,
            "status",
            true,
            if self.version == Version::V1_1 {
                &vocab::STATUS_1_1
            } else {
                &vocab::STATUS_1_2
            },
            Status::from_token_lenient,
        );
        b.date_last_modified = self.datetime(o, "dateLastModified", true);
        if let Some((v, ptr)) = self.get(o, "metadata", false) {
            match v {
                Value::Object(m) => {
                    b.metadata = m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                }
                _ => self.err(
                    codes::JSON_TYPE,
                    &ptr,
                    "`metadata` must be an object".to_owned(),
                ),
            }
        }
        b
    }

    #[allow(clippy::too_many_lines, reason = "one arm per record kind")]
    fn record(&mut self, kind: RecordKind, v: &Value, ptr: &str) -> Option<Record> {
        let mut o = self.obj(v, ptr)?;
        let v12 = self.version == Version::V1_2;
        let o = &mut o;
        let rec = match kind {
            RecordKind::Org => {
                let base = self.base(o);
                let name = self.string(o, "name", true).unwrap_or_default();
                let org_type = self.vocab(
                    o,
                    "type",
                    true,
                    &OrgType::VOCAB,
                    OrgType::from_token_lenient,
                );
                let identifier = self.string(o, "identifier", v12).filter(|s| !s.is_empty());
                let parent = self.ref_prop(o, "parent", false, RefType::Org);
                let children = self.refs(o, "children", false, RefType::Org);
                Record::Org(Org {
                    base,
                    name,
                    org_type: org_type?,
                    identifier,
                    parent,
                    children,
                })
            }
            RecordKind::AcademicSession => {
                let base = self.base(o);
                let title = self.string(o, "title", true).unwrap_or_default();
                let start_date = self.date(o, "startDate", true);
                let end_date = self.date(o, "endDate", true);
                let session_type = self.vocab(
                    o,
                    "type",
                    true,
                    &SessionType::VOCAB,
                    SessionType::from_token_lenient,
                );
                let parent = self.ref_prop(o, "parent", false, RefType::AcademicSession);
                let children = self.refs(o, "children", false, RefType::AcademicSession);
                let school_year = self.string(o, "schoolYear", true).unwrap_or_default();
                Record::AcademicSession(AcademicSession {
                    base,
                    title,
                    session_type: session_type?,
                    start_date: start_date?,
                    end_date: end_date?,
                    parent,
                    children,
                    school_year,
                })
            }
            RecordKind::Course => {
                let base = self.base(o);
                Record::Course(Course {
                    base,
                    title: self.string(o, "title", true).unwrap_or_default(),
                    school_year: self.ref_prop(o, "schoolYear", false, RefType::AcademicSession),
                    course_code: self.string(o, "courseCode", v12).filter(|s| !s.is_empty()),
                    grades: self.strings(o, "grades"),
                    subjects: self.strings(o, "subjects"),
                    org: self.ref_prop(o, "org", !v12, RefType::Org),
                    subject_codes: self.strings(o, "subjectCodes"),
                    resources: self.refs(o, "resources", false, RefType::Resource),
                })
            }
            RecordKind::Class => {
                let base = self.base(o);
                let title = self.string(o, "title", true).unwrap_or_default();
                let class_code = self.string(o, "classCode", false);
                let class_type = self.vocab(
                    o,
                    "classType",
                    !v12,
                    &ClassType::VOCAB,
                    ClassType::from_token_lenient,
                );
                let location = self.string(o, "location", false);
                let grades = self.strings(o, "grades");
                let subjects = self.strings(o, "subjects");
                let course = self.ref_prop(o, "course", true, RefType::Course);
                let school = self.ref_prop(o, "school", true, RefType::Org);
                let terms = self.refs(o, "terms", true, RefType::AcademicSession);
                Record::Class(Class {
                    base,
                    title,
                    class_code,
                    class_type: class_type.unwrap_or(ClassType::Scheduled),
                    location,
                    grades,
                    subjects,
                    course: course?,
                    school: school?,
                    terms,
                    subject_codes: self.strings(o, "subjectCodes"),
                    periods: self.strings(o, "periods"),
                    resources: self.refs(o, "resources", false, RefType::Resource),
                })
            }
            RecordKind::User => {
                let base = self.base(o);
                let user_master_identifier = if v12 {
                    self.string(o, "userMasterIdentifier", false)
                } else {
                    None
                };
                let username = self.string(o, "username", !v12);
                let mut user_ids = Vec::new();
                for (x, p) in self.array(o, "userIds") {
                    if let Some(mut io) = self.obj(x, &p) {
                        let t = self.string(&mut io, "type", true);
                        let i = self.string(&mut io, "identifier", true);
                        self.unknown(&mut io, false);
                        if let (Some(t), Some(i)) = (t, i) {
                            user_ids.push(UserId::new(t, i));
                        }
                    }
                }
                let enabled_user = self.boolean(o, "enabledUser", true).unwrap_or(true);
                let given_name = self.string(o, "givenName", true).unwrap_or_default();
                let family_name = self.string(o, "familyName", true).unwrap_or_default();
                let middle_name = self.string(o, "middleName", false);
                let (role, orgs, roles, user_profiles, primary_org) = if v12 {
                    let roles = self.roles(o);
                    let profiles = self.profiles(o);
                    let primary = self.ref_prop(o, "primaryOrg", false, RefType::Org);
                    (None, Vec::new(), roles, profiles, primary)
                } else {
                    let role = self.vocab(
                        o,
                        "role",
                        true,
                        &vocab::USER_ROLE_1_1,
                        Role::from_token_lenient,
                    );
                    let orgs = self.refs(o, "orgs", true, RefType::Org);
                    (role, orgs, Vec::new(), Vec::new(), None)
                };
                let (pf, pm, pl, pronouns, resources) = if v12 {
                    (
                        self.string(o, "preferredFirstName", false),
                        self.string(o, "preferredMiddleName", false),
                        self.string(o, "preferredLastName", false),
                        self.string(o, "pronouns", false),
                        self.refs(o, "resources", false, RefType::Resource),
                    )
                } else {
                    (None, None, None, None, Vec::new())
                };
                Record::User(User {
                    base,
                    user_master_identifier,
                    username,
                    user_ids,
                    enabled_user,
                    given_name,
                    family_name,
                    middle_name,
                    preferred_first_name: pf,
                    preferred_middle_name: pm,
                    preferred_last_name: pl,
                    pronouns,
                    role,
                    orgs,
                    roles,
                    user_profiles,
                    primary_org,
                    identifier: self.string(o, "identifier", false),
                    email: self.string(o, "email", false),
                    sms: self.string(o, "sms", false),
                    phone: self.string(o, "phone", false),
                    agents: self.refs(o, "agents", false, RefType::User),
                    grades: self.strings(o, "grades"),
                    password: self.string(o, "password", false),
                    resources,
                })
            }
            RecordKind::Enrollment => {
                let base = self.base(o);
                let user = self.ref_prop(o, "user", true, RefType::User);
                let class = self.ref_prop(o, "class", true, RefType::Class);
                let school = self.ref_prop(o, "school", true, RefType::Org);
                let role = self.vocab(
                    o,
                    "role",
                    true,
                    &EnrollmentRole::VOCAB,
                    EnrollmentRole::from_token_lenient,
                );
                Record::Enrollment(Enrollment {
                    base,
                    user: user?,
                    class: class?,
                    school: school?,
                    role: role?,
                    primary: self.boolean(o, "primary", false),
                    begin_date: self.date(o, "beginDate", false),
                    end_date: self.date(o, "endDate", false),
                })
            }
            RecordKind::Demographics => {
                let base = self.base(o);
                let sex_vocab = if v12 { Sex::VOCAB } else { vocab::SEX_1_1 };
                Record::Demographics(Demographics {
                    base,
                    birth_date: self.date(o, "birthDate", false),
                    sex: self.vocab(o, "sex", false, &sex_vocab, Sex::from_token_lenient),
                    american_indian_or_alaska_native: self.boolean(
                        o,
                        "americanIndianOrAlaskaNative",
                        false,
                    ),
                    asian: self.boolean(o, "asian", false),
                    black_or_african_american: self.boolean(o, "blackOrAfricanAmerican", false),
                    native_hawaiian_or_other_pacific_islander: self.boolean(
                        o,
                        "nativeHawaiianOrOtherPacificIslander",
                        false,
                    ),
                    white: self.boolean(o, "white", false),
                    demographic_race_two_or_more_races: self.boolean(
                        o,
                        "demographicRaceTwoOrMoreRaces",
                        false,
                    ),
                    hispanic_or_latino_ethnicity: self.boolean(
                        o,
                        "hispanicOrLatinoEthnicity",
                        false,
                    ),
                    country_of_birth_code: self.string(o, "countryOfBirthCode", false),
                    state_of_birth_abbreviation: self.string(o, "stateOfBirthAbbreviation", false),
                    city_of_birth: self.string(o, "cityOfBirth", false),
                    public_school_residence_status: self.string(
                        o,
                        "publicSchoolResidenceStatus",
                        false,
                    ),
                })
            }
            RecordKind::Category => {
                let base = self.base(o);
                Record::Category(Category {
                    base,
                    title: self.string(o, "title", true).unwrap_or_default(),
                    weight: if v12 { self.number(o, "weight") } else { None },
                })
            }
            RecordKind::LineItem => {
                let base = self.base(o);
                let title = self.string(o, "title", true).unwrap_or_default();
                let description = self.string(o, "description", false);
                let assign_date = self.date_or_datetime(o, "assignDate");
                let due_date = self.date_or_datetime(o, "dueDate");
                let class = self.ref_prop(o, "class", true, RefType::Class);
                let school = if v12 {
                    self.ref_prop(o, "school", true, RefType::Org)
                } else {
                    None
                };
                let category = self.ref_prop(o, "category", true, RefType::Category);
                let grading_period =
                    self.ref_prop(o, "gradingPeriod", !v12, RefType::AcademicSession);
                let (academic_session, score_scale, los) = if v12 {
                    (
                        self.ref_prop(o, "academicSession", false, RefType::AcademicSession),
                        self.ref_prop(o, "scoreScale", false, RefType::ScoreScale),
                        self.lo_sets(o),
                    )
                } else {
                    (None, None, Vec::new())
                };
                Record::LineItem(LineItem {
                    base,
                    title,
                    description,
                    assign_date: assign_date?,
                    due_date: due_date?,
                    class: class?,
                    school,
                    category: category?,
                    grading_period,
                    academic_session,
                    score_scale,
                    result_value_min: self.number(o, "resultValueMin"),
                    result_value_max: self.number(o, "resultValueMax"),
                    learning_objective_set: los,
                })
            }
            RecordKind::Result => {
                let base = self.base(o);
                let line_item = self.ref_prop(o, "lineItem", true, RefType::LineItem);
                let student = self.ref_prop(o, "student", true, RefType::User);
                let score_status = self.vocab(
                    o,
                    "scoreStatus",
                    true,
                    &ScoreStatus::VOCAB,
                    ScoreStatus::from_token_lenient,
                );
                let score_date = self.date(o, "scoreDate", true);
                let (class, score_scale, text_score, los) = if v12 {
                    (
                        self.ref_prop(o, "class", false, RefType::Class),
                        self.ref_prop(o, "scoreScale", false, RefType::ScoreScale),
                        self.string(o, "textScore", false),
                        self.lo_score_sets(o),
                    )
                } else {
                    (None, None, None, Vec::new())
                };
                let flags = if v12 {
                    [
                        self.boolean(o, "inProgress", false),
                        self.boolean(o, "incomplete", false),
                        self.boolean(o, "late", false),
                        self.boolean(o, "missing", false),
                    ]
                } else {
                    [None; 4]
                };
                Record::Result(GradeResult {
                    base,
                    line_item: line_item?,
                    student: student?,
                    class,
                    score_scale,
                    score_status: score_status?,
                    score: self.number(o, "score"),
                    text_score,
                    score_date: score_date?,
                    comment: self.string(o, "comment", false),
                    learning_objective_set: los,
                    in_progress: flags[0],
                    incomplete: flags[1],
                    late: flags[2],
                    missing: flags[3],
                })
            }
            RecordKind::ScoreScale => {
                let base = self.base(o);
                let title = self.string(o, "title", true).unwrap_or_default();
                let scale_type = self.string(o, "type", true).unwrap_or_default();
                let course = self.ref_prop(o, "course", false, RefType::Course);
                let class = self.ref_prop(o, "class", true, RefType::Class);
                let mut values = Vec::new();
                for (x, p) in self.array(o, "scoreScaleValue") {
                    if let Some(mut vo) = self.obj(x, &p) {
                        let l = self.string(&mut vo, "itemValueLHS", true);
                        let r = self.string(&mut vo, "itemValueRHS", true);
                        self.unknown(&mut vo, false);
                        if let (Some(l), Some(r)) = (l, r) {
                            values.push(ScoreScaleValue::new(l, r));
                        }
                    }
                }
                Record::ScoreScale(ScoreScale {
                    base,
                    title,
                    scale_type,
                    org: None,
                    course,
                    class,
                    score_scale_value: values,
                })
            }
            RecordKind::Resource => {
                let base = self.base(o);
                let title = self.string(o, "title", false);
                let mut roles = Vec::new();
                for (x, p) in self.array(o, "roles") {
                    if let Value::String(s) = x {
                        self.check_token(&ResourceRole::VOCAB, s, &p);
                        roles.push(ResourceRole::from_token_lenient(s));
                    } else {
                        self.err(codes::JSON_TYPE, &p, "roles are strings".to_owned());
                    }
                }
                Record::Resource(Resource {
                    base,
                    title,
                    roles,
                    importance: self.vocab(
                        o,
                        "importance",
                        false,
                        &Importance::VOCAB,
                        Importance::from_token_lenient,
                    ),
                    vendor_resource_id: self
                        .string(o, "vendorResourceId", true)
                        .unwrap_or_default(),
                    vendor_id: self.string(o, "vendorId", false),
                    application_id: self.string(o, "applicationId", false),
                })
            }
            RecordKind::AssessmentLineItem => {
                let base = self.base(o);
                Record::AssessmentLineItem(AssessmentLineItem {
                    base,
                    title: self.string(o, "title", true).unwrap_or_default(),
                    description: self.string(o, "description", false),
                    class: self.ref_prop(o, "class", false, RefType::Class),
                    parent_assessment_line_item: self.ref_prop(
                        o,
                        "parentAssessmentLineItem",
                        false,
                        RefType::AssessmentLineItem,
                    ),
                    score_scale: self.ref_prop(o, "scoreScale", false, RefType::ScoreScale),
                    result_value_min: self.number(o, "resultValueMin"),
                    result_value_max: self.number(o, "resultValueMax"),
                    learning_objective_set: self.lo_sets(o),
                })
            }
            RecordKind::AssessmentResult => {
                let base = self.base(o);
                let ali = self.ref_prop(o, "assessmentLineItem", true, RefType::AssessmentLineItem);
                let student = self.ref_prop(o, "student", true, RefType::User);
                let score_date = self.date(o, "scoreDate", true);
                let score_status = self.vocab(
                    o,
                    "scoreStatus",
                    true,
                    &ScoreStatus::VOCAB,
                    ScoreStatus::from_token_lenient,
                );
                Record::AssessmentResult(AssessmentResult {
                    base,
                    assessment_line_item: ali?,
                    student: student?,
                    score: self.number(o, "score"),
                    text_score: self.string(o, "textScore", false),
                    score_date: score_date?,
                    score_scale: self.ref_prop(o, "scoreScale", false, RefType::ScoreScale),
                    score_percentile: self.number(o, "scorePercentile"),
                    score_status: score_status?,
                    comment: self.string(o, "comment", false),
                    learning_objective_set: self.lo_score_sets(o),
                    in_progress: self.boolean(o, "inProgress", false),
                    incomplete: self.boolean(o, "incomplete", false),
                    late: self.boolean(o, "late", false),
                    missing: self.boolean(o, "missing", false),
                })
            }
        };
        let extra = self.unknown(o, true);
        let mut rec = rec;
        if let Some(b) = record_base_mut(&mut rec) {
            b.extra = extra;
        }
        Some(rec)
    }

    fn roles(&mut self, o: &mut Obj<'_>) -> Vec<UserRole> {
        let mut out = Vec::new();
        let items = self.array(o, "roles");
        if items.is_empty() && !o.map.contains_key("roles") {
            self.err(
                codes::JSON_REQUIRED,
                &o.ptr.clone(),
                "`roles` is required".to_owned(),
            );
        }
        for (x, p) in items {
            let Some(mut ro) = self.obj(x, &p) else {
                continue;
            };
            let role_type = self.vocab(
                &mut ro,
                "roleType",
                true,
                &RoleType::VOCAB,
                RoleType::from_token_lenient,
            );
            let role = self.vocab(
                &mut ro,
                "role",
                true,
                &vocab::ROLE_1_2,
                Role::from_token_lenient,
            );
            let org = self.ref_prop(&mut ro, "org", true, RefType::Org);
            let user_profile = self.string(&mut ro, "userProfile", false);
            let begin_date = self.date(&mut ro, "beginDate", false);
            let end_date = self.date(&mut ro, "endDate", false);
            self.unknown(&mut ro, false);
            if let (Some(role_type), Some(role), Some(org)) = (role_type, role, org) {
                out.push(UserRole {
                    sourced_id: None,
                    status: None,
                    date_last_modified: None,
                    metadata: Metadata::new(),
                    role_type,
                    role,
                    org,
                    user_profile,
                    begin_date,
                    end_date,
                });
            }
        }
        out
    }

    fn profiles(&mut self, o: &mut Obj<'_>) -> Vec<UserProfile> {
        let mut out = Vec::new();
        for (x, p) in self.array(o, "userProfiles") {
            let Some(mut po) = self.obj(x, &p) else {
                continue;
            };
            let profile_id = self.string(&mut po, "profileId", true);
            let profile_type = self.string(&mut po, "profileType", true);
            let vendor_id = self.string(&mut po, "vendorId", true);
            let application_id = self.string(&mut po, "applicationId", false);
            let description = self.string(&mut po, "description", false);
            let mut credentials = Vec::new();
            for (c, cp) in self.array(&mut po, "credentials") {
                let Some(mut co) = self.obj(c, &cp) else {
                    continue;
                };
                let t = self.string(&mut co, "type", true);
                let u = self.string(&mut co, "username", true);
                let pw = self.string(&mut co, "password", false);
                if let (Some(t), Some(u)) = (t, u) {
                    credentials.push(Credential {
                        credential_type: t,
                        username: u,
                        password: pw,
                    });
                }
            }
            self.unknown(&mut po, false);
            if let (Some(profile_id), Some(profile_type), Some(vendor_id)) =
                (profile_id, profile_type, vendor_id)
            {
                out.push(UserProfile {
                    profile_id,
                    status: None,
                    date_last_modified: None,
                    metadata: Metadata::new(),
                    profile_type,
                    vendor_id,
                    application_id,
                    description,
                    credentials,
                });
            }
        }
        out
    }

    fn lo_sets(&mut self, o: &mut Obj<'_>) -> Vec<LearningObjectiveSet> {
        let mut out = Vec::new();
        for (x, p) in self.array(o, "learningObjectiveSet") {
            let Some(mut so) = self.obj(x, &p) else {
                continue;
            };
            let source = self.vocab(
                &mut so,
                "source",
                true,
                &LearningObjectiveSource::VOCAB,
                LearningObjectiveSource::from_token,
            );
            let ids = self.strings(&mut so, "learningObjectiveIds");
            self.unknown(&mut so, false);
            if let Some(source) = source {
                out.push(LearningObjectiveSet {
                    source,
                    learning_objective_ids: ids,
                });
            }
        }
        out
    }

    fn lo_score_sets(&mut self, o: &mut Obj<'_>) -> Vec<LearningObjectiveScoreSet> {
        let mut out = Vec::new();
        for (x, p) in self.array(o, "learningObjectiveSet") {
            let Some(mut so) = self.obj(x, &p) else {
                continue;
            };
            let source = self.vocab(
                &mut so,
                "source",
                true,
                &LearningObjectiveSource::VOCAB,
                LearningObjectiveSource::from_token,
            );
            let mut results = Vec::new();
            for (r, rp) in self.array(&mut so, "learningObjectiveResults") {
                let Some(mut ro) = self.obj(r, &rp) else {
                    continue;
                };
                let id = self.string(&mut ro, "learningObjectiveId", true);
                let score = self.number(&mut ro, "score");
                let text_score = self.string(&mut ro, "textScore", false);
                self.unknown(&mut ro, false);
                if let Some(id) = id {
                    results.push(LearningObjectiveResult {
                        learning_objective_id: id,
                        score,
                        text_score,
                    });
                }
            }
            self.unknown(&mut so, false);
            if let Some(source) = source {
                out.push(LearningObjectiveScoreSet {
                    source,
                    learning_objective_results: results,
                });
            }
        }
        out
    }
}

fn record_base_mut(r: &mut Record) -> Option<&mut Base> {
    Some(match r {
        Record::Org(x) => &mut x.base,
        Record::AcademicSession(x) => &mut x.base,
        Record::Course(x) => &mut x.base,
        Record::Class(x) => &mut x.base,
        Record::User(x) => &mut x.base,
        Record::Enrollment(x) => &mut x.base,
        Record::Demographics(x) => &mut x.base,
        Record::Category(x) => &mut x.base,
        Record::LineItem(x) => &mut x.base,
        Record::Result(x) => &mut x.base,
        Record::ScoreScale(x) => &mut x.base,
        Record::Resource(x) => &mut x.base,
        Record::AssessmentLineItem(x) => &mut x.base,
        Record::AssessmentResult(x) => &mut x.base,
    })
}

impl Record {
    /// The record's common fields.
    pub fn base(&self) -> &Base {
        match self {
            Self::Org(x) => &x.base,
            Self::AcademicSession(x) => &x.base,
            Self::Course(x) => &x.base,
            Self::Class(x) => &x.base,
            Self::User(x) => &x.base,
            Self::Enrollment(x) => &x.base,
            Self::Demographics(x) => &x.base,
            Self::Category(x) => &x.base,
            Self::LineItem(x) => &x.base,
            Self::Result(x) => &x.base,
            Self::ScoreScale(x) => &x.base,
            Self::Resource(x) => &x.base,
            Self::AssessmentLineItem(x) => &x.base,
            Self::AssessmentResult(x) => &x.base,
        }
    }

    /// The kind of record.
    pub fn kind(&self) -> RecordKind {
        match self {
            Self::Org(_) => RecordKind::Org,
            Self::AcademicSession(_) => RecordKind::AcademicSession,
            Self::Course(_) => RecordKind::Course,
            Self::Class(_) => RecordKind::Class,
            Self::User(_) => RecordKind::User,
            Self::Enrollment(_) => RecordKind::Enrollment,
            Self::Demographics(_) => RecordKind::Demographics,
            Self::Category(_) => RecordKind::Category,
            Self::LineItem(_) => RecordKind::LineItem,
            Self::Result(_) => RecordKind::Result,
            Self::ScoreScale(_) => RecordKind::ScoreScale,
            Self::Resource(_) => RecordKind::Resource,
            Self::AssessmentLineItem(_) => RecordKind::AssessmentLineItem,
            Self::AssessmentResult(_) => RecordKind::AssessmentResult,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

struct W<'o> {
    o: &'o JsonWriteOptions,
    m: Map<String, Value>,
}

impl W<'_> {
    fn s(&mut self, k: &str, v: &str) {
        self.m.insert(k.to_owned(), Value::String(v.to_owned()));
    }
    fn os(&mut self, k: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.s(k, v);
        }
    }
    fn b(&mut self, k: &str, v: Option<bool>) {
        if let Some(v) = v {
            let val = match self.o.bool_style {
                BoolStyle::String => Value::String(v.to_string()),
                BoolStyle::Boolean => Value::Bool(v),
            };
            self.m.insert(k.to_owned(), val);
        }
    }
    fn n(&mut self, k: &str, v: Option<f64>) {
        if let Some(n) = v.and_then(serde_json::Number::from_f64) {
            self.m.insert(k.to_owned(), Value::Number(n));
        }
    }
    fn list(&mut self, k: &str, v: &[String]) {
        if !v.is_empty() {
            self.m.insert(
                k.to_owned(),
                Value::Array(v.iter().cloned().map(Value::String).collect()),
            );
        }
    }
    fn r(&mut self, k: &str, v: Option<&GuidRef>) {
        if let Some(v) = v {
            let r = guid_ref_json(v, self.o);
            self.m.insert(k.to_owned(), r);
        }
    }
    fn rs(&mut self, k: &str, v: &[GuidRef], always: bool) {
        if always || !v.is_empty() {
            let a = v.iter().map(|r| guid_ref_json(r, self.o)).collect();
            self.m.insert(k.to_owned(), Value::Array(a));
        }
    }
    fn base(&mut self, b: &Base) {
        self.s("sourcedId", b.sourced_id.as_str());
        let status = match &b.status {
            // 1.2 has no `inactive` (deprecated in 1.1): the record is on its way out.
            Some(Status::Other(s)) if s == "inactive" && self.o.version == Version::V1_2 => {
                "tobedeleted"
            }
            Some(s) => s.as_str(),
            None => "active",
        };
        self.s("status", status);
        if let Some(d) = &b.date_last_modified {
            self.s("dateLastModified", &format_datetime(d));
        }
        if !b.metadata.is_empty() {
            self.m.insert(
                "metadata".to_owned(),
                Value::Object(b.metadata.to_json_object()),
            );
        }
    }
    fn extra(mut self, b: &Base) -> Value {
        for (k, v) in b.extra.iter() {
            if !self.m.contains_key(k) {
                self.m.insert(k.to_owned(), v.clone());
            }
        }
        Value::Object(self.m)
    }
}

/// The JSON form of a reference, with an `href` built from the options when it has none.
pub fn guid_ref_json(r: &GuidRef, o: &JsonWriteOptions) -> Value {
    let href = r.href.clone().unwrap_or_else(|| {
        format!(
            "{}{}/{}/{}",
            o.href_root,
            o.layout.base_path_for(r.ref_type),
            r.ref_type.collection(),
            percent_encoding::utf8_percent_encode(r.id(), crate::rest::PATH_SEGMENT)
        )
    });
    let mut m = Map::new();
    m.insert("href".to_owned(), Value::String(href));
    m.insert("sourcedId".to_owned(), Value::String(r.id().to_owned()));
    m.insert(
        "type".to_owned(),
        Value::String(r.ref_type.as_str().to_owned()),
    );
    Value::Object(m)
}

/// Writes one record in the shape of `opts.version`.
#[allow(clippy::too_many_lines, reason = "one arm per record kind")]
pub fn write_record(rec: &Record, opts: &JsonWriteOptions) -> Value {
    let v12 = opts.version == Version::V1_2;
    let mut w = W {
        o: opts,
        m: Map::new(),
    };
    let base = rec.base();
    w.base(base);
    match rec {
        Record::Org(x) => {
            w.s("name", &x.name);
            w.s("type", x.org_type.as_str());
            w.s("identifier", x.identifier.as_deref().unwrap_or(""));
            w.r("parent", x.parent.as_ref());
            w.rs("children", &x.children, false);
        }
        Record::AcademicSession(x) => {
            w.s("title", &x.title);
            w.s("startDate", &x.start_date.to_string());
            w.s("endDate", &x.end_date.to_string());
            w.s("type", x.session_type.as_str());
            w.r("parent", x.parent.as_ref());
            w.rs("children", &x.children, false);
            w.s("schoolYear", &x.school_year);
        }
        Record::Course(x) => {
            w.s("title", &x.title);
            w.r("schoolYear", x.school_year.as_ref());
            w.s("courseCode", x.course_code.as_deref().unwrap_or(""));
            w.list("grades", &x.grades);
            w.list("subjects", &x.subjects);
            w.r("org", x.org.as_ref());
            w.list("subjectCodes", &x.subject_codes);
            w.rs("resources", &x.resources, false);
        }
        Record::Class(x) => {
            w.s("title", &x.title);
            w.os("classCode", x.class_code.as_deref());
            w.s("classType", x.class_type.as_str());
            w.os("location", x.location.as_deref());
            w.list("grades", &x.grades);
            w.list("subjects", &x.subjects);
            w.r("course", Some(&x.course));
            w.r("school", Some(&x.school));
            w.rs("terms", &x.terms, true);
            w.list("subjectCodes", &x.subject_codes);
            w.list("periods", &x.periods);
            w.rs("resources", &x.resources, false);
        }
        Record::User(x) => {
            if v12 {
                w.os("userMasterIdentifier", x.user_master_identifier.as_deref());
            }
            w.os("username", x.username.as_deref());
            if !x.user_ids.is_empty() {
                let ids = x
                    .user_ids
                    .iter()
                    .map(|i| serde_json::json!({"type": i.id_type, "identifier": i.identifier}))
                    .collect();
                w.m.insert("userIds".to_owned(), Value::Array(ids));
            }
            w.b("enabledUser", Some(x.enabled_user));
            w.s("givenName", &x.given_name);
            w.s("familyName", &x.family_name);
            w.os("middleName", x.middle_name.as_deref());
            if v12 {
                w.os("preferredFirstName", x.preferred_first_name.as_deref());
                w.os("preferredMiddleName", x.preferred_middle_name.as_deref());
                w.os("preferredLastName", x.preferred_last_name.as_deref());
                w.os("pronouns", x.pronouns.as_deref());
                let mut roles: Vec<Value> = x.roles.iter().map(|r| role_json(r, opts)).collect();
                if roles.is_empty() {
                    // A 1.1 user (one role, several orgs) written as 1.2: one role per org,
                    // the first primary.
                    if let Some(role) = &x.role {
                        for (i, org) in x.orgs.iter().enumerate() {
                            roles.push(role_json(
                                &UserRole {
                                    sourced_id: None,
                                    status: None,
                                    date_last_modified: None,
                                    metadata: Metadata::new(),
                                    role_type: if i == 0 {
                                        RoleType::Primary
                                    } else {
                                        RoleType::Secondary
                                    },
                                    role: role.clone(),
                                    org: org.clone(),
                                    user_profile: None,
                                    begin_date: None,
                                    end_date: None,
                                },
                                opts,
                            ));
                        }
                    }
                }
                w.m.insert("roles".to_owned(), Value::Array(roles));
                if !x.user_profiles.is_empty() {
                    let p = x.user_profiles.iter().map(profile_json).collect();
                    w.m.insert("userProfiles".to_owned(), Value::Array(p));
                }
                w.r("primaryOrg", x.primary_org.as_ref());
            } else {
                let role = x
                    .role
                    .as_ref()
                    .map(Role::as_str)
                    .or_else(|| x.roles.first().map(|r| r.role.as_str()))
                    .unwrap_or("student");
                w.s("role", role);
                let orgs: Vec<GuidRef> = if x.orgs.is_empty() {
                    x.roles.iter().map(|r| r.org.clone()).collect()
                } else {
                    x.orgs.clone()
                };
                w.rs("orgs", &orgs, true);
            }
            w.os("identifier", x.identifier.as_deref());
            w.os("email", x.email.as_deref());
            w.os("sms", x.sms.as_deref());
            w.os("phone", x.phone.as_deref());
            w.rs("agents", &x.agents, false);
            w.list("grades", &x.grades);
            w.os("password", x.password.as_deref());
            if v12 {
                w.rs("resources", &x.resources, false);
            }
        }
        Record::Enrollment(x) => {
            w.r("user", Some(&x.user));
            w.r("class", Some(&x.class));
            w.r("school", Some(&x.school));
            w.s("role", x.role.as_str());
            w.b("primary", x.primary);
            w.os("beginDate", x.begin_date.map(|d| d.to_string()).as_deref());
            w.os("endDate", x.end_date.map(|d| d.to_string()).as_deref());
        }
        Record::Demographics(x) => {
            w.os("birthDate", x.birth_date.map(|d| d.to_string()).as_deref());
            w.os("sex", x.sex.as_ref().map(Sex::as_str));
            w.b(
                "americanIndianOrAlaskaNative",
                x.american_indian_or_alaska_native,
            );
            w.b("asian", x.asian);
            w.b("blackOrAfricanAmerican", x.black_or_african_american);
            w.b(
                "nativeHawaiianOrOtherPacificIslander",
                x.native_hawaiian_or_other_pacific_islander,
            );
            w.b("white", x.white);
            w.b(
                "demographicRaceTwoOrMoreRaces",
                x.demographic_race_two_or_more_races,
            );
            w.b("hispanicOrLatinoEthnicity", x.hispanic_or_latino_ethnicity);
            w.os("countryOfBirthCode", x.country_of_birth_code.as_deref());
            w.os(
                "stateOfBirthAbbreviation",
                x.state_of_birth_abbreviation.as_deref(),
            );
            w.os("cityOfBirth", x.city_of_birth.as_deref());
            w.os(
                "publicSchoolResidenceStatus",
                x.public_school_residence_status.as_deref(),
            );
        }
        Record::Category(x) => {
            w.s("title", &x.title);
            if v12 {
                w.n("weight", x.weight);
            }
        }
        Record::LineItem(x) => {
            w.s("title", &x.title);
            w.os("description", x.description.as_deref());
            w.s("assignDate", &x.assign_date.to_datetime_string());
            w.s("dueDate", &x.due_date.to_datetime_string());
            w.r("class", Some(&x.class));
            if v12 {
                w.r("school", x.school.as_ref());
            }
            w.r("category", Some(&x.category));
            if v12 {
                w.r("gradingPeriod", x.grading_period.as_ref());
                w.r("academicSession", x.academic_session.as_ref());
                w.r("scoreScale", x.score_scale.as_ref());
            } else {
                w.r(
                    "gradingPeriod",
                    x.grading_period.as_ref().or(x.academic_session.as_ref()),
                );
            }
            w.n("resultValueMin", x.result_value_min);
            w.n("resultValueMax", x.result_value_max);
            if v12 && !x.learning_objective_set.is_empty() {
                w.m.insert(
                    "learningObjectiveSet".to_owned(),
                    serde_json::to_value(&x.learning_objective_set).unwrap_or(Value::Null),
                );
            }
        }
        Record::Result(x) => {
            w.r("lineItem", Some(&x.line_item));
            w.r("student", Some(&x.student));
            if v12 {
                w.r("class", x.class.as_ref());
                w.r("scoreScale", x.score_scale.as_ref());
            }
            w.s("scoreStatus", x.score_status.as_str());
            w.n("score", x.score);
            if v12 {
                w.os("textScore", x.text_score.as_deref());
            }
            w.s("scoreDate", &x.score_date.to_string());
            w.os("comment", x.comment.as_deref());
            if v12 {
                if !x.learning_objective_set.is_empty() {
                    w.m.insert(
                        "learningObjectiveSet".to_owned(),
                        serde_json::to_value(&x.learning_objective_set).unwrap_or(Value::Null),
                    );
                }
                w.b("inProgress", x.in_progress);
                w.b("incomplete", x.incomplete);
                w.b("late", x.late);
                w.b("missing", x.missing);
            }
        }
        Record::ScoreScale(x) => {
            w.s("title", &x.title);
            w.s("type", &x.scale_type);
            w.r("course", x.course.as_ref());
            if let Some(c) = &x.class {
                w.r("class", Some(c));
            }
            w.m.insert(
                "scoreScaleValue".to_owned(),
                serde_json::to_value(&x.score_scale_value).unwrap_or(Value::Null),
            );
        }
        Record::Resource(x) => {
            w.os("title", x.title.as_deref());
            if !x.roles.is_empty() {
                w.m.insert(
                    "roles".to_owned(),
                    Value::Array(
                        x.roles
                            .iter()
                            .map(|r| Value::String(r.as_str().to_owned()))
                            .collect(),
                    ),
                );
            }
            w.os("importance", x.importance.as_ref().map(Importance::as_str));
            w.s("vendorResourceId", &x.vendor_resource_id);
            w.os("vendorId", x.vendor_id.as_deref());
            w.os("applicationId", x.application_id.as_deref());
        }
        Record::AssessmentLineItem(x) => {
            w.s("title", &x.title);
            w.os("description", x.description.as_deref());
            w.r("class", x.class.as_ref());
            w.r(
                "parentAssessmentLineItem",
                x.parent_assessment_line_item.as_ref(),
            );
            w.r("scoreScale", x.score_scale.as_ref());
            w.n("resultValueMin", x.result_value_min);
            w.n("resultValueMax", x.result_value_max);
            if !x.learning_objective_set.is_empty() {
                w.m.insert(
                    "learningObjectiveSet".to_owned(),
                    serde_json::to_value(&x.learning_objective_set).unwrap_or(Value::Null),
                );
            }
        }
        Record::AssessmentResult(x) => {
            w.r("assessmentLineItem", Some(&x.assessment_line_item));
            w.r("student", Some(&x.student));
            w.n("score", x.score);
            w.os("textScore", x.text_score.as_deref());
            w.s("scoreDate", &x.score_date.to_string());
            w.r("scoreScale", x.score_scale.as_ref());
            w.n("scorePercentile", x.score_percentile);
            w.s("scoreStatus", x.score_status.as_str());
            w.os("comment", x.comment.as_deref());
            if !x.learning_objective_set.is_empty() {
                w.m.insert(
                    "learningObjectiveSet".to_owned(),
                    serde_json::to_value(&x.learning_objective_set).unwrap_or(Value::Null),
                );
            }
            w.b("inProgress", x.in_progress);
            w.b("incomplete", x.incomplete);
            w.b("late", x.late);
            w.b("missing", x.missing);
        }
    }
    w.extra(base)
}

fn role_json(r: &UserRole, o: &JsonWriteOptions) -> Value {
    let mut m = Map::new();
    m.insert(
        "roleType".to_owned(),
        Value::String(r.role_type.as_str().to_owned()),
    );
    m.insert("role".to_owned(), Value::String(r.role.as_str().to_owned()));
    m.insert("org".to_owned(), guid_ref_json(&r.org, o));
    if let Some(p) = &r.user_profile {
        m.insert("userProfile".to_owned(), Value::String(p.clone()));
    }
    if let Some(d) = r.begin_date {
        m.insert("beginDate".to_owned(), Value::String(d.to_string()));
    }
    if let Some(d) = r.end_date {
        m.insert("endDate".to_owned(), Value::String(d.to_string()));
    }
    Value::Object(m)
}

fn profile_json(p: &UserProfile) -> Value {
    let mut m = Map::new();
    m.insert("profileId".to_owned(), Value::String(p.profile_id.clone()));
    m.insert(
        "profileType".to_owned(),
        Value::String(p.profile_type.clone()),
    );
    m.insert("vendorId".to_owned(), Value::String(p.vendor_id.clone()));
    if let Some(a) = &p.application_id {
        m.insert("applicationId".to_owned(), Value::String(a.clone()));
    }
    if let Some(d) = &p.description {
        m.insert("description".to_owned(), Value::String(d.clone()));
    }
    if !p.credentials.is_empty() {
        m.insert(
            "credentials".to_owned(),
            serde_json::to_value(&p.credentials).unwrap_or(Value::Null),
        );
    }
    Value::Object(m)
}

/// Writes a single-object payload: `{"user": {…}}`.
pub fn write_single(rec: &Record, opts: &JsonWriteOptions) -> Value {
    let mut m = Map::new();
    m.insert(rec.kind().single().to_owned(), write_record(rec, opts));
    Value::Object(m)
}

/// Writes a collection payload: `{"<key>": […]}`.
pub fn write_collection<'a>(
    key: &str,
    records: impl IntoIterator<Item = &'a Record>,
    opts: &JsonWriteOptions,
) -> Value {
    let mut m = Map::new();
    m.insert(
        key.to_owned(),
        Value::Array(records.into_iter().map(|r| write_record(r, opts)).collect()),
    );
    Value::Object(m)
}

/// The records of a data set, as [`Record`]s in collection order (CSV-only link records are
/// folded into their owners: class/course/user resources, line-item and result learning
/// objectives and score scales).
pub fn dataset_records(data: &Dataset, version: Version) -> Vec<Record> {
    let mut d = data.clone();
    crate::convert::fold_links(&mut d, version);
    let mut out: Vec<Record> = Vec::new();
    out.extend(d.orgs.into_iter().map(Record::Org));
    out.extend(d.academic_sessions.into_iter().map(Record::AcademicSession));
    out.extend(d.courses.into_iter().map(Record::Course));
    out.extend(d.classes.into_iter().map(Record::Class));
    out.extend(d.users.into_iter().map(Record::User));
    out.extend(d.enrollments.into_iter().map(Record::Enrollment));
    out.extend(d.demographics.into_iter().map(Record::Demographics));
    out.extend(d.resources.into_iter().map(Record::Resource));
    out.extend(d.categories.into_iter().map(Record::Category));
    out.extend(d.score_scales.into_iter().map(Record::ScoreScale));
    out.extend(d.line_items.into_iter().map(Record::LineItem));
    out.extend(d.results.into_iter().map(Record::Result));
    out.extend(
        d.assessment_line_items
            .into_iter()
            .map(Record::AssessmentLineItem),
    );
    out.extend(
        d.assessment_results
            .into_iter()
            .map(Record::AssessmentResult),
    );
    out
}

/// Writes a whole data set as one object of collections (`{"orgs": […], "users": […]}`),
/// omitting empty collections.
pub fn write_dataset(data: &Dataset, opts: &JsonWriteOptions) -> Value {
    let mut m = Map::new();
    for rec in dataset_records(data, opts.version) {
        let key = rec.kind().collection();
        let v = write_record(&rec, opts);
        if let Value::Array(a) = m
            .entry(key.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            a.push(v);
        }
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests;
