//! Assignment and Grade Services 2.0 ([spec](https://www.imsglobal.org/spec/lti-ags/v2p0/)):
//! line items, scores, results; the tool's requests and the platform's parsing side.
//!
//! Data types need no feature; request builders and response parsers need `http`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::codes;
use super::message::type_name;
use crate::location::Location;
use crate::problem::{Problem, Report};

/// Media type of a line item.
pub const MEDIA_LINEITEM: &str = "application/vnd.ims.lis.v2.lineitem+json";
/// Media type of a line item container.
pub const MEDIA_LINEITEM_CONTAINER: &str = "application/vnd.ims.lis.v2.lineitemcontainer+json";
/// Media type of a score.
pub const MEDIA_SCORE: &str = "application/vnd.ims.lis.v1.score+json";
/// Media type of a result container.
pub const MEDIA_RESULT_CONTAINER: &str = "application/vnd.ims.lis.v2.resultcontainer+json";

/// Scope: manage line items.
pub const SCOPE_LINEITEM: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
/// Scope: read line items.
pub const SCOPE_LINEITEM_READONLY: &str =
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly";
/// Scope: read results.
pub const SCOPE_RESULT_READONLY: &str =
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
/// Scope: post scores.
pub const SCOPE_SCORE: &str = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

/// A line item (AGS 2.0 §3.2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LineItem {
    /// URL of the line item (absent when creating).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Maximum score (positive).
    #[serde(rename = "scoreMaximum")]
    pub score_maximum: f64,
    /// Label shown in the gradebook.
    pub label: String,
    /// Tool resource id.
    #[serde(
        default,
        rename = "resourceId",
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_id: Option<String>,
    /// Tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Resource link the line item is bound to.
    #[serde(
        default,
        rename = "resourceLinkId",
        skip_serializing_if = "Option::is_none"
    )]
    pub resource_link_id: Option<String>,
    /// Start of submissions (RFC 3339).
    #[serde(
        default,
        rename = "startDateTime",
        skip_serializing_if = "Option::is_none"
    )]
    pub start_date_time: Option<String>,
    /// End of submissions (RFC 3339).
    #[serde(
        default,
        rename = "endDateTime",
        skip_serializing_if = "Option::is_none"
    )]
    pub end_date_time: Option<String>,
    /// Whether grades are released to learners.
    #[serde(
        default,
        rename = "gradesReleased",
        skip_serializing_if = "Option::is_none"
    )]
    pub grades_released: Option<bool>,
    /// Members not modelled (platform extensions such as Canvas's submission type).
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

impl LineItem {
    /// A line item to create.
    pub fn new(label: impl Into<String>, score_maximum: f64) -> Self {
        Self {
            label: label.into(),
            score_maximum,
            ..Self::default()
        }
    }

    /// Checks `label` and `scoreMaximum`.
    pub fn check(&self) -> Report {
        let mut r = Report::new();
        if self.label.is_empty() || self.score_maximum.is_nan() || self.score_maximum <= 0.0 {
            r.push(
                Problem::error(
                    codes::LINEITEM_INVALID,
                    "a line item needs a label and a positive scoreMaximum",
                )
                .spec("AGS 2.0 §3.2"),
            );
        }
        r
    }
}

/// `activityProgress` of a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ActivityProgress {
    /// Not started.
    Initialized,
    /// Started.
    Started,
    /// In progress.
    InProgress,
    /// Submitted (more attempts possible).
    Submitted,
    /// Completed.
    Completed,
}

/// `gradingProgress` of a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum GradingProgress {
    /// No grading yet.
    NotReady,
    /// Grading failed.
    Failed,
    /// Grading pending.
    Pending,
    /// Grading needs a person.
    PendingManual,
    /// Final grade.
    FullyGraded,
}

/// The optional `submission` member of a score.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScoreSubmission {
    /// When the learner started (RFC 3339).
    #[serde(default, rename = "startedAt", skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// When the learner submitted (RFC 3339).
    #[serde(
        default,
        rename = "submittedAt",
        skip_serializing_if = "Option::is_none"
    )]
    pub submitted_at: Option<String>,
}

/// A score (AGS 2.0 §3.4), every field.
///
/// Its fields are public and deserialising with serde does not check them; a platform receiving
/// a score should read it with [`parse_score`] (or [`check_score`] on the JSON value), which
/// applies the specification's rules (a user id, an RFC 3339 timestamp, the progress
/// vocabularies, a positive `scoreMaximum`, required with a `scoreGiven`, which may not be
/// negative).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Score {
    /// The learner.
    #[serde(rename = "userId")]
    pub user_id: String,
    /// Score given.
    #[serde(
        default,
        rename = "scoreGiven",
        skip_serializing_if = "Option::is_none"
    )]
    pub score_given: Option<f64>,
    /// Maximum (required with `scoreGiven`).
    #[serde(
        default,
        rename = "scoreMaximum",
        skip_serializing_if = "Option::is_none"
    )]
    pub score_maximum: Option<f64>,
    /// Comment for the learner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When the score was set in the tool (RFC 3339, sub-second precision recommended).
    pub timestamp: String,
    /// Activity progress.
    #[serde(rename = "activityProgress")]
    pub activity_progress: ActivityProgress,
    /// Grading progress.
    #[serde(rename = "gradingProgress")]
    pub grading_progress: GradingProgress,
    /// Submission times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission: Option<ScoreSubmission>,
    /// Members not modelled (e.g. Canvas `https://canvas.instructure.com/lti/submission`).
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

impl Score {
    /// A score with the required members. `timestamp` is the caller's time in RFC 3339.
    pub fn new(
        user_id: impl Into<String>,
        timestamp: impl Into<String>,
        activity_progress: ActivityProgress,
        grading_progress: GradingProgress,
    ) -> Self {
        Self {
            user_id: user_id.into(),
            score_given: None,
            score_maximum: None,
            comment: None,
            timestamp: timestamp.into(),
            activity_progress,
            grading_progress,
            submission: None,
            extensions: BTreeMap::new(),
        }
    }

    /// Sets the score given and the maximum.
    #[must_use]
    pub fn with_score(mut self, given: f64, maximum: f64) -> Self {
        self.score_given = Some(given);
        self.score_maximum = Some(maximum);
        self
    }

    /// Sets the comment.
    #[must_use]
    pub fn with_comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }
}

/// A result (AGS 2.0 §3.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AgsResult {
    /// URL of the result.
    #[serde(default)]
    pub id: String,
    /// Line item URL.
    #[serde(default, rename = "scoreOf", skip_serializing_if = "Option::is_none")]
    pub score_of: Option<String>,
    /// The learner.
    #[serde(default, rename = "userId")]
    pub user_id: String,
    /// Current score.
    #[serde(
        default,
        rename = "resultScore",
        skip_serializing_if = "Option::is_none"
    )]
    pub result_score: Option<f64>,
    /// Maximum (1 when absent).
    #[serde(
        default,
        rename = "resultMaximum",
        skip_serializing_if = "Option::is_none"
    )]
    pub result_maximum: Option<f64>,
    /// Comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Members not modelled.
    #[serde(flatten)]
    pub extensions: BTreeMap<String, Value>,
}

fn score_err(code: &'static str, msg: impl Into<String>, member: &str) -> Problem {
    Problem::error(code, msg)
        .at(Location::json_pointer(crate::location::json_pointer([
            member,
        ])))
        .spec("AGS 2.0 §3.4")
}

/// Checks a score document (platform side) and reports every problem.
pub fn check_score(value: &Value) -> Report {
    let mut r = Report::new();
    let Value::Object(o) = value else {
        r.push(Problem::error(
            codes::SERVICE_JSON,
            format!("a score must be a JSON object, found {}", type_name(value)),
        ));
        return r;
    };
    if o.get("userId")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        r.push(score_err(
            codes::SCORE_USER_ID_MISSING,
            "userId is required",
            "userId",
        ));
    }
    match o.get("timestamp").and_then(Value::as_str) {
        Some(t) if crate::time::parse_datetime(t).is_ok() => {}
        Some(t) => r.push(score_err(
            codes::SCORE_TIMESTAMP,
            format!("timestamp {t:?} is not an RFC 3339 date-time"),
            "timestamp",
        )),
        None => r.push(score_err(
            codes::SCORE_TIMESTAMP,
            "timestamp is required",
            "timestamp",
        )),
    }
    if serde_json::from_value::<ActivityProgress>(
        o.get("activityProgress").cloned().unwrap_or(Value::Null),
    )
    .is_err()
    {
        r.push(score_err(
            codes::SCORE_ACTIVITY_PROGRESS,
            "activityProgress must be one of Initialized, Started, InProgress, Submitted, Completed",
            "activityProgress",
        ));
    }
    if serde_json::from_value::<GradingProgress>(
        o.get("gradingProgress").cloned().unwrap_or(Value::Null),
    )
    .is_err()
    {
        r.push(score_err(
            codes::SCORE_GRADING_PROGRESS,
            "gradingProgress must be one of NotReady, Failed, Pending, PendingManual, FullyGraded",
            "gradingProgress",
        ));
    }
    let max = o.get("scoreMaximum");
    if let Some(m) = max
        && !m.as_f64().is_some_and(|m| m > 0.0)
    {
        r.push(score_err(
            codes::SCORE_MAXIMUM,
            "scoreMaximum must be a positive number",
            "scoreMaximum",
        ));
    }
    if let Some(g) = o.get("scoreGiven") {
        match g.as_f64() {
            None => r.push(score_err(
                codes::CLAIM_TYPE,
                format!("scoreGiven must be a number, found {}", type_name(g)),
                "scoreGiven",
            )),
            Some(v) if v < 0.0 => r.push(score_err(
                codes::SCORE_GIVEN_NEGATIVE,
                "scoreGiven is negative",
                "scoreGiven",
            )),
            Some(_) => {}
        }
        if max.is_none() {
            r.push(score_err(
                codes::SCORE_MAXIMUM,
                "scoreMaximum is required when scoreGiven is present",
                "scoreMaximum",
            ));
        }
    }
    r
}

/// Parses and checks a score POST body (platform side): all problems, or the typed score.
pub fn parse_score(body: &[u8]) -> Result<Score, Report> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        let mut r = Report::new();
        r.push(Problem::error(
            codes::SERVICE_JSON,
            format!("not JSON: {e}"),
        ));
        r
    })?;
    let r = check_score(&value);
    if r.has_errors() {
        return Err(r);
    }
    serde_json::from_value(value).map_err(|e| {
        let mut r = Report::new();
        r.push(Problem::error(codes::SERVICE_JSON, e.to_string()));
        r
    })
}

/// Filters of the line items list (AGS 2.0 §3.2.4).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(default)]
pub struct LineItemsQuery {
    /// Only line items bound to this resource link.
    pub resource_link_id: Option<String>,
    /// Only line items with this tool resource id.
    pub resource_id: Option<String>,
    /// Only line items with this tag.
    pub tag: Option<String>,
    /// Page size.
    pub limit: Option<u32>,
}

#[cfg(feature = "http")]
pub use self::http_api::*;

#[cfg(feature = "http")]
mod http_api {
    use http::{Method, Request, Response};

    use super::*;
    use crate::lti::service::{self, Page, ServiceError};

    /// `GET` the line items container with filters.
    pub fn list_line_items(
        lineitems_url: &str,
        query: &LineItemsQuery,
        token: &str,
    ) -> Result<Request<Vec<u8>>, ServiceError> {
        let limit = query.limit.map(|l| l.to_string());
        let url = service::with_query(
            lineitems_url,
            &[
                ("resource_link_id", query.resource_link_id.as_deref()),
                ("resource_id", query.resource_id.as_deref()),
                ("tag", query.tag.as_deref()),
                ("limit", limit.as_deref()),
            ],
        );
        service::request(Method::GET, &url, token, MEDIA_LINEITEM_CONTAINER, None)
    }

    /// `POST` a new line item to the container.
    pub fn create_line_item(
        lineitems_url: &str,
        item: &LineItem,
        token: &str,
    ) -> Result<Request<Vec<u8>>, ServiceError> {
        let body = serde_json::to_vec(item).map_err(|e| ServiceError::Request(e.to_string()))?;
        service::request(
            Method::POST,
            lineitems_url,
            token,
            MEDIA_LINEITEM,
            Some((MEDIA_LINEITEM, body)),
        )
    }

    /// `GET` one line item.
    pub fn get_line_item(
        lineitem_url: &str,
        token: &str,
    ) -> Result<Request<Vec<u8>>, ServiceError> {
        service::request(Method::GET, lineitem_url, token, MEDIA_LINEITEM, None)
    }

    /// `PUT` an updated line item to its `id`.
    pub fn update_line_item(
        item: &LineItem,
        token: &str,
    ) -> Result<Request<Vec<u8>>, ServiceError> {
        let url = item
            .id
            .as_deref()
            .ok_or_else(|| ServiceError::Request("the line item has no id".into()))?;
        let body = serde_json::to_vec(item).map_err(|e| ServiceError::Request(e.to_string()))?;
        service::request(
            Method::PUT,
            url,
            token,
            MEDIA_LINEITEM,
            Some((MEDIA_LINEITEM, body)),
        )
    }

    /// `DELETE` a line item.
    pub fn delete_line_item(
        lineitem_url: &str,
        token: &str,
    ) -> Result<Request<Vec<u8>>, ServiceError> {
        service::request(Method::DELETE, lineitem_url, token, "*/*", None)
    }

    /// `POST` a score to `{lineitem}/scores` (the path is inserted before any query).
    pub fn post_score(
        lineitem_url: &str,
        score: &Score,
        token: &str,
    ) -> Result<Request<Vec<u8>>, ServiceError> {
        let body = serde_json::to_vec(score).map_err(|e| ServiceError::Request(e.to_string()))?;
        let url = service::append_path(lineitem_url, "/scores");
        service::request(
            Method::POST,
            &url,
            token,
            "application/json",
            Some((MEDIA_SCORE, body)),
        )
    }

    /// `GET` `{lineitem}/results`, optionally for one user and with a page size.
    pub fn get_results(
        lineitem_url: &str,
        user_id: Option<&str>,
        limit: Option<u32>,
        token: &str,
    ) -> Result<Request<Vec<u8>>, ServiceError> {
        let limit = limit.map(|l| l.to_string());
        let url = service::with_query(
            &service::append_path(lineitem_url, "/results"),
            &[("user_id", user_id), ("limit", limit.as_deref())],
        );
        service::request(Method::GET, &url, token, MEDIA_RESULT_CONTAINER, None)
    }

    /// Parses a line items page.
    pub fn parse_line_items(
        response: &Response<Vec<u8>>,
    ) -> Result<Page<Vec<LineItem>>, ServiceError> {
        service::parse_page(response)
    }

    /// Parses one line item (GET, POST or PUT response).
    pub fn parse_line_item(response: &Response<Vec<u8>>) -> Result<LineItem, ServiceError> {
        service::parse_json(response)
    }

    /// Parses a results page.
    pub fn parse_results(
        response: &Response<Vec<u8>>,
    ) -> Result<Page<Vec<AgsResult>>, ServiceError> {
        service::parse_page(response)
    }

    /// Checks a score POST response (200, 201, 202 or 204 with any body).
    pub fn check_score_response(response: &Response<Vec<u8>>) -> Result<(), ServiceError> {
        service::check_status(response)
    }

    /// Platform side: parses a score POST request (checks the `Content-Type` and every rule).
    pub fn parse_score_request(request: &Request<Vec<u8>>) -> Result<Score, Report> {
        let ct = request
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mut warn = Report::new();
        if !ct
            .split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case(MEDIA_SCORE))
        {
            warn.push(Problem::warning(
                codes::SERVICE_MEDIA_TYPE,
                format!("Content-Type is {ct:?}, expected {MEDIA_SCORE}"),
            ));
        }
        parse_score(request.body()).map_err(|mut r| {
            r.extend(warn);
            r
        })
    }

    /// Platform side: a line items container response with paging links.
    pub fn line_items_response(
        items: &[LineItem],
        next: Option<&str>,
    ) -> Result<Response<Vec<u8>>, ServiceError> {
        let links: Vec<(&str, &str)> = next.map(|n| (n, "next")).into_iter().collect();
        service::json_response(200, MEDIA_LINEITEM_CONTAINER, &items, &links)
    }
}

#[cfg(test)]
mod tests;
