//! Request builders: any operation of the catalogue as an `http::Request<Vec<u8>>`.

use http::Request;
use percent_encoding::utf8_percent_encode;

use crate::json::{JsonWriteOptions, Record, write_collection, write_single};
use crate::model::Version;
use crate::rest::query::Query;
use crate::rest::{Method, Operation, PATH_SEGMENT, ServiceLayout, operation};

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// No operation has this id.
    #[error("unknown operation `{0}`")]
    UnknownOperation(String),
    /// The operation is not defined in the client's version.
    #[error("`{op}` is not an operation of OneRoster {version}")]
    NotInVersion {
        /// The operation.
        op: String,
        /// The version.
        version: Version,
    },
    /// Wrong number of path parameters.
    #[error("`{op}` takes {expected} path parameter(s), {given} given")]
    PathParams {
        /// The operation.
        op: String,
        /// How many it takes.
        expected: usize,
        /// How many were given.
        given: usize,
    },
    /// Query parameters the operation does not take.
    #[error("`{0}` takes only `fields` (or no query at all)")]
    Query(String),
    /// A body is missing or not allowed.
    #[error("`{0}`: a JSON body is required for PUT/POST operations and not allowed otherwise")]
    Body(String),
    /// `http` rejected the request parts.
    #[error("invalid request: {0}")]
    Http(String),
}

impl RequestError {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        crate::codes::QUERY_PARAMETER
    }
}

/// A client configuration: server root, service layout and data-model version, and an
/// optional OAuth 2 access token. Builds requests; never sends them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Client {
    /// Scheme, host and optional port: `https://sis.example.org`.
    pub root: String,
    /// Base paths of the services (independent of [`Client::version`]).
    pub layout: ServiceLayout,
    /// The data-model version of payloads.
    pub version: Version,
    /// An OAuth 2 access token sent as `Authorization: Bearer`.
    pub bearer_token: Option<String>,
}

impl Client {
    /// A client for `version` with the version's own base paths.
    pub fn new(root: impl Into<String>, version: Version) -> Self {
        Self {
            root: root.into().trim_end_matches('/').to_owned(),
            layout: ServiceLayout::for_version(version),
            version,
            bearer_token: None,
        }
    }

    /// Uses other base paths (for example 1.2 payloads under `/ims/oneroster/v1p1`).
    #[must_use]
    pub fn with_layout(mut self, layout: ServiceLayout) -> Self {
        self.layout = layout;
        self
    }

    /// Sends `Authorization: Bearer <token>`.
    #[must_use]
    pub fn with_bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = Some(token.into());
        self
    }

    /// The URI of an operation with its path parameters and query.
    pub fn uri(
        &self,
        op: &Operation,
        path_params: &[&str],
        query: Option<&Query>,
    ) -> Result<String, RequestError> {
        let names = op.path_params();
        if names.len() != path_params.len() {
            return Err(RequestError::PathParams {
                op: op.id.to_owned(),
                expected: names.len(),
                given: path_params.len(),
            });
        }
        let mut path = op.path.to_owned();
        for (n, v) in names.iter().zip(path_params) {
            path = path.replace(
                &format!("{{{n}}}"),
                &utf8_percent_encode(v, PATH_SEGMENT).to_string(),
            );
        }
        let mut uri = format!("{}{}{}", self.root, self.layout.base_path(op.service), path);
        if let Some(q) = query {
            let qs = q.to_query_string();
            if !qs.is_empty() {
                uri.push('?');
                uri.push_str(&qs);
            }
        }
        Ok(uri)
    }

    /// Builds the request of any operation.
    pub fn request(
        &self,
        op_id: &str,
        path_params: &[&str],
        query: Option<&Query>,
        body: Option<Vec<u8>>,
    ) -> Result<Request<Vec<u8>>, RequestError> {
        let op =
            operation(op_id).ok_or_else(|| RequestError::UnknownOperation(op_id.to_owned()))?;
        if !op.in_version(self.version) {
            return Err(RequestError::NotInVersion {
                op: op.id.to_owned(),
                version: self.version,
            });
        }
        if let Some(q) = query {
            let allowed = op.collection || (op.method == Method::Get && q.is_fields_only());
            if !allowed && *q != Query::new() {
                return Err(RequestError::Query(op.id.to_owned()));
            }
        }
        if op.has_body != body.is_some() {
            return Err(RequestError::Body(op.id.to_owned()));
        }
        let uri = self.uri(op, path_params, query)?;
        let mut b = Request::builder()
            .method(op.method.to_http())
            .uri(uri)
            .header(http::header::ACCEPT, "application/json");
        if body.is_some() {
            b = b.header(http::header::CONTENT_TYPE, "application/json");
        }
        if let Some(t) = &self.bearer_token {
            b = b.header(http::header::AUTHORIZATION, format!("Bearer {t}"));
        }
        b.body(body.unwrap_or_default())
            .map_err(|e| RequestError::Http(e.to_string()))
    }

    /// `PUT` of one gradebook object (`putCategory`, `putLineItem`, `putResult`,
    /// `putScoreScale`, `putAssessmentLineItem`, `putAssessmentResult`), body written in the
    /// client's version.
    pub fn put(
        &self,
        record: &Record,
        opts: &JsonWriteOptions,
    ) -> Result<Request<Vec<u8>>, RequestError> {
        let op = match record {
            Record::Category(_) => "putCategory",
            Record::LineItem(_) => "putLineItem",
            Record::Result(_) => "putResult",
            Record::ScoreScale(_) => "putScoreScale",
            Record::AssessmentLineItem(_) => "putAssessmentLineItem",
            Record::AssessmentResult(_) => "putAssessmentResult",
            other => {
                return Err(RequestError::UnknownOperation(format!(
                    "put {:?}",
                    other.kind()
                )));
            }
        };
        let body = serde_json::to_vec(&write_single(record, opts))
            .map_err(|e| RequestError::Http(e.to_string()))?;
        self.request(op, &[record.base().sourced_id.as_str()], None, Some(body))
    }

    /// `POST` of several objects (`postLineItemsForClass`, `postLineItemsForSchool`,
    /// `postResultsForLineItem`, `postResultsForAcademicSessionForClass`).
    pub fn post<'a>(
        &self,
        op_id: &str,
        path_params: &[&str],
        records: impl IntoIterator<Item = &'a Record>,
        opts: &JsonWriteOptions,
    ) -> Result<Request<Vec<u8>>, RequestError> {
        let key = if op_id.starts_with("postLineItems") {
            "lineItems"
        } else {
            "results"
        };
        let body = serde_json::to_vec(&write_collection(key, records, opts))
            .map_err(|e| RequestError::Http(e.to_string()))?;
        self.request(op_id, path_params, None, Some(body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rest::OPERATIONS;
    use crate::rest::filter::Filter;

    #[test]
    fn builds_every_operation() {
        let c = Client::new("https://sis.example.org/", Version::V1_2).with_bearer_token("tok");
        for op in OPERATIONS {
            let params: Vec<String> = op.path_params().iter().map(|p| format!("{p}-1")).collect();
            let params: Vec<&str> = params.iter().map(String::as_str).collect();
            let body = op.has_body.then(|| b"{}".to_vec());
            let q = if op.collection {
                Some(Query::new().limit(10))
            } else {
                None
            };
            let r = c.request(op.id, &params, q.as_ref(), body).unwrap();
            assert_eq!(r.method(), op.method.to_http());
            assert!(
                r.uri()
                    .to_string()
                    .starts_with("https://sis.example.org/ims/oneroster/")
            );
            assert_eq!(r.headers()["authorization"], "Bearer tok");
        }
    }

    #[test]
    fn paths_and_errors() {
        let c = Client::new("https://h", Version::V1_2);
        let r = c
            .request(
                "getStudentsForClassInSchool",
                &["s 1", "c/2"],
                Some(&Query::new().filter(Filter::eq("status", "active"))),
                None,
            )
            .unwrap();
        assert_eq!(
            r.uri().to_string(),
            "https://h/ims/oneroster/rostering/v1p2/schools/s%201/classes/c%2F2/students?filter=status%3D%27active%27"
        );
        let r = c
            .request(
                "getUser",
                &["u1"],
                Some(&Query::new().fields(["sourcedId"])),
                None,
            )
            .unwrap();
        assert!(r.uri().to_string().ends_with("/users/u1?fields=sourcedId"));
        assert!(matches!(
            c.request("getUser", &["u1"], Some(&Query::new().limit(1)), None),
            Err(RequestError::Query(_))
        ));
        assert!(matches!(
            c.request("getUser", &[], None, None),
            Err(RequestError::PathParams { .. })
        ));
        assert!(matches!(
            c.request("putResult", &["r"], None, None),
            Err(RequestError::Body(_))
        ));
        assert!(matches!(
            c.request("x", &[], None, None),
            Err(RequestError::UnknownOperation(_))
        ));
        let c11 = Client::new("https://h", Version::V1_1);
        assert!(matches!(
            c11.request("getAllScoreScales", &[], None, None),
            Err(RequestError::NotInVersion { .. })
        ));
        let r = c11.request("getAllUsers", &[], None, None).unwrap();
        assert_eq!(r.uri().to_string(), "https://h/ims/oneroster/v1p1/users");
        // 1.2 payloads under a 1.1 path (ClassLink): layout apart from version.
        let mixed = Client::new("https://h", Version::V1_2).with_layout(ServiceLayout::v1_1());
        let r = mixed.request("getAllUsers", &[], None, None).unwrap();
        assert_eq!(r.uri().to_string(), "https://h/ims/oneroster/v1p1/users");
        assert_eq!(
            RequestError::Body("x".into()).code(),
            crate::codes::QUERY_PARAMETER
        );
    }
}
