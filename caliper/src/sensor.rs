//! The sans-IO sensor (Caliper 1.2 §6 Sensor API, §7 Endpoint): it builds the HTTP requests
//! that carry envelopes to an endpoint, splits data into envelopes under the endpoint's maximum
//! payload size, classifies the endpoint's responses, and reads the endpoint configuration.
//!
//! It performs no I/O: send the [`http::Request`]s with any client, then pass the response
//! status, headers and body to [`classify_response`]. The send time is an input.
//!
//! ```
//! use caliper::sensor::{Sensor, classify_response, Disposition};
//! use caliper::{Entity, EntityType, Item};
//! # use chrono::TimeZone;
//! let sensor = Sensor::new("https://example.edu/sensors/1", "https://lrs.example.com/caliper")
//!     .unwrap()
//!     .with_token("secret-token");
//! let now = chrono::Utc.with_ymd_and_hms(2024, 5, 1, 10, 0, 0).unwrap();
//! let person = Entity::new(&EntityType::Person, "https://example.edu/users/1");
//! let requests = sensor.describe(now, vec![person]).unwrap();
//! assert_eq!(requests[0].headers()["authorization"], "Bearer secret-token");
//! let d = classify_response(http::StatusCode::OK, &http::HeaderMap::new(), b"");
//! assert!(matches!(d, Disposition::Success { .. }));
//! ```

use std::fmt;

use chrono::Utc;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HOST, RETRY_AFTER};
use http::{HeaderMap, HeaderValue, Method, Request, StatusCode, Uri};
use lti_core::Report;
use serde_json::{Map, Value};

use crate::entity::Entity;
use crate::envelope::{EndpointConfig, Envelope, Item};
use crate::json::{Context, DateTime};
use crate::read::{Document, ReadError, read};
use crate::vocab::Version;
use crate::write::{WriteOptions, write_to};

/// Why the sensor could not build a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SensorError {
    /// The endpoint is not an absolute `http` or `https` URI.
    #[error("invalid endpoint URI {uri:?}: {reason}")]
    InvalidEndpoint {
        /// The URI given.
        uri: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The sensor id is not an IRI.
    #[error("invalid sensor id {id:?}: {reason}")]
    InvalidSensorId {
        /// The id given.
        id: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The bearer token cannot be sent in an HTTP header.
    #[error("the bearer token contains characters not allowed in an HTTP header")]
    InvalidToken,
    /// A single item is larger than the endpoint's maximum payload size.
    #[error(
        "data item {index} needs {size} bytes in an envelope, more than the endpoint's maximum of {max}"
    )]
    ItemTooLarge {
        /// The item's index in the data given.
        index: usize,
        /// The size of an envelope holding only this item.
        size: usize,
        /// The maximum payload size in bytes.
        max: usize,
    },
    /// The endpoint does not accept the sensor's Caliper version.
    #[error("the endpoint does not accept Caliper {version} (it accepts {accepted})")]
    UnsupportedVersion {
        /// The sensor's version.
        version: Version,
        /// The versions the endpoint lists.
        accepted: String,
    },
    /// The `http` crate refused the request.
    #[error("cannot build the HTTP request: {0}")]
    Http(#[from] http::Error),
}

impl SensorError {
    /// A stable code for the error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidEndpoint { .. } => "caliper.sensor.invalid-endpoint",
            Self::InvalidSensorId { .. } => "caliper.sensor.invalid-sensor-id",
            Self::InvalidToken => "caliper.sensor.invalid-token",
            Self::ItemTooLarge { .. } => "caliper.sensor.item-too-large",
            Self::UnsupportedVersion { .. } => "caliper.sensor.unsupported-version",
            Self::Http(_) => "caliper.sensor.http",
        }
    }
}

/// A bearer token; its `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct BearerToken(String);

impl BearerToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token (for sending it).
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

/// A sensor: the configuration needed to send Caliper data to one endpoint.
#[derive(Debug, Clone)]
pub struct Sensor {
    id: String,
    endpoint: Uri,
    token: Option<BearerToken>,
    version: Version,
    max_payload_bytes: Option<usize>,
    thin: bool,
}

impl Sensor {
    /// A sensor with the given id (an IRI, written as the envelope's `sensor`) that sends
    /// Caliper 1.2 to `endpoint`.
    pub fn new(id: impl Into<String>, endpoint: &str) -> Result<Self, SensorError> {
        let id = id.into();
        if let Err(e) = lti_core::id::check_iri(&id) {
            return Err(SensorError::InvalidSensorId {
                id,
                reason: e.to_string(),
            });
        }
        let endpoint_uri: Uri =
            endpoint
                .parse()
                .map_err(|e: http::uri::InvalidUri| SensorError::InvalidEndpoint {
                    uri: endpoint.to_owned(),
                    reason: e.to_string(),
                })?;
        let scheme_ok = endpoint_uri
            .scheme_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("https") || s.eq_ignore_ascii_case("http"));
        if !scheme_ok || endpoint_uri.authority().is_none() {
            return Err(SensorError::InvalidEndpoint {
                uri: endpoint.to_owned(),
                reason: "an absolute http or https URI is required".into(),
            });
        }
        Ok(Self {
            id,
            endpoint: endpoint_uri,
            token: None,
            version: Version::V1p2,
            max_payload_bytes: None,
            thin: false,
        })
    }

    /// Sends `Authorization: Bearer <token>` (RECOMMENDED by Caliper 1.2 §6.3).
    #[must_use]
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(BearerToken::new(token));
        self
    }

    /// The Caliper version of the data (default 1.2).
    #[must_use]
    pub fn with_version(mut self, version: Version) -> Self {
        self.version = version;
        self
    }

    /// Splits data into envelopes of at most this many bytes.
    #[must_use]
    pub fn with_max_payload_bytes(mut self, max: usize) -> Self {
        self.max_payload_bytes = Some(max);
        self
    }

    /// Writes envelopes with the thin writer (already-described entities as IRIs).
    #[must_use]
    pub fn with_thin(mut self, thin: bool) -> Self {
        self.thin = thin;
        self
    }

    /// Applies an endpoint configuration: its maximum payload size, and a check that it accepts
    /// the sensor's version.
    pub fn with_config(mut self, config: &EndpointConfig) -> Result<Self, SensorError> {
        if config.supported_versions.is_some() && !config.supports(self.version) {
            let accepted: Vec<&str> = config.versions().iter().map(|v| v.as_str()).collect();
            return Err(SensorError::UnsupportedVersion {
                version: self.version,
                accepted: if accepted.is_empty() {
                    "no known version".to_owned()
                } else {
                    accepted.join(", ")
                },
            });
        }
        if let Some(max) = config.maximum_payload_bytes() {
            self.max_payload_bytes = Some(max);
        }
        Ok(self)
    }

    /// The sensor id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Uri {
        &self.endpoint
    }

    /// The maximum payload size in bytes, if known.
    pub fn max_payload_bytes(&self) -> Option<usize> {
        self.max_payload_bytes
    }

    /// An envelope carrying `data`, sent at `send_time`. Top-level items without a `@context`
    /// get the sensor version's context (every describe MUST have one).
    pub fn envelope(&self, send_time: chrono::DateTime<Utc>, data: Vec<Item>) -> Envelope {
        let data = data.into_iter().map(|i| self.with_context(i)).collect();
        Envelope::new(
            self.id.clone(),
            DateTime::new(send_time),
            self.version,
            data,
        )
    }

    fn with_context(&self, mut item: Item) -> Item {
        match &mut item {
            Item::Event(e) if e.context.is_none() => {
                e.context = Some(Context::caliper(self.version));
            }
            Item::Entity(e) if e.base().context.is_none() => {
                e.base_mut().context = Some(Context::caliper(self.version));
            }
            _ => {}
        }
        item
    }

    /// The request that posts one envelope.
    pub fn request(&self, envelope: &Envelope) -> Result<Request<Vec<u8>>, SensorError> {
        let doc = Document::Envelope(Box::new(envelope.clone()));
        let mut body = Vec::with_capacity(1024);
        write_to(&mut body, &doc, WriteOptions::compact().thin(self.thin));
        self.post(body)
    }

    fn post(&self, body: Vec<u8>) -> Result<Request<Vec<u8>>, SensorError> {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(self.endpoint.clone())
            .header(CONTENT_TYPE, "application/json");
        if let Some(authority) = self.endpoint.authority() {
            b = b.header(HOST, authority.as_str());
        }
        if let Some(t) = &self.token {
            b = b.header(AUTHORIZATION, self.bearer(t)?);
        }
        Ok(b.body(body)?)
    }

    fn bearer(&self, t: &BearerToken) -> Result<HeaderValue, SensorError> {
        let mut v = HeaderValue::from_str(&format!("Bearer {}", t.secret()))
            .map_err(|_| SensorError::InvalidToken)?;
        v.set_sensitive(true);
        Ok(v)
    }

    /// Splits `data` into envelopes that each fit the maximum payload size (all in one
    /// envelope when no maximum is set), keeping the order.
    pub fn batch(
        &self,
        send_time: chrono::DateTime<Utc>,
        data: Vec<Item>,
    ) -> Result<Vec<Envelope>, SensorError> {
        let Some(max) = self.max_payload_bytes else {
            return Ok(vec![self.envelope(send_time, data)]);
        };
        let data: Vec<Item> = data.into_iter().map(|i| self.with_context(i)).collect();
        let overhead = self.envelope_overhead(send_time);
        let mut sizes = Vec::with_capacity(data.len());
        for (index, item) in data.iter().enumerate() {
            let size = serde_json::to_vec(item).map_or(0, |v| v.len());
            if overhead + size > max {
                return Err(SensorError::ItemTooLarge {
                    index,
                    size: overhead + size,
                    max,
                });
            }
            sizes.push(size);
        }
        let mut out = Vec::new();
        let mut current: Vec<Item> = Vec::new();
        let mut used = overhead;
        for (item, size) in data.into_iter().zip(sizes) {
            let extra = if current.is_empty() { size } else { size + 1 };
            if used + extra > max && !current.is_empty() {
                out.push(self.envelope(send_time, std::mem::take(&mut current)));
                used = overhead;
                current.push(item);
                used += size;
            } else {
                current.push(item);
                used += extra;
            }
        }
        if !current.is_empty() || out.is_empty() {
            out.push(self.envelope(send_time, current));
        }
        Ok(out)
    }

    /// The bytes of an envelope with empty `data`.
    fn envelope_overhead(&self, send_time: chrono::DateTime<Utc>) -> usize {
        serde_json::to_vec(&self.envelope(send_time, Vec::new())).map_or(0, |v| v.len())
    }

    /// The requests that carry `data` (events and entities), batched under the maximum
    /// payload size.
    pub fn requests(
        &self,
        send_time: chrono::DateTime<Utc>,
        data: Vec<Item>,
    ) -> Result<Vec<Request<Vec<u8>>>, SensorError> {
        self.batch(send_time, data)?
            .iter()
            .map(|e| self.request(e))
            .collect()
    }

    /// The requests that describe bare entities (entity describes, Caliper 1.2 §6.1).
    pub fn describe(
        &self,
        send_time: chrono::DateTime<Utc>,
        entities: Vec<Entity>,
    ) -> Result<Vec<Request<Vec<u8>>>, SensorError> {
        self.requests(send_time, entities.into_iter().map(Item::Entity).collect())
    }

    /// The GET request that asks the endpoint for its configuration (Caliper 1.2 §7.3).
    pub fn config_request(&self) -> Result<Request<Vec<u8>>, SensorError> {
        let mut b = Request::builder()
            .method(Method::GET)
            .uri(self.endpoint.clone())
            .header(ACCEPT, "application/json");
        if let Some(authority) = self.endpoint.authority() {
            b = b.header(HOST, authority.as_str());
        }
        if let Some(t) = &self.token {
            b = b.header(AUTHORIZATION, self.bearer(t)?);
        }
        Ok(b.body(Vec::new())?)
    }
}

/// Reads an endpoint configuration payload and validates it (the report warns about the
/// snake_case keys of the 1.2 fixture, among others).
pub fn parse_config(bytes: &[u8]) -> Result<(EndpointConfig, Report), ReadError> {
    match read(bytes)? {
        Document::EndpointConfig(c) => {
            let report = crate::validate(&Document::EndpointConfig(c.clone()));
            Ok((*c, report))
        }
        other => {
            let mut report = Report::new();
            report.error(
                crate::codes::PROPERTY_REQUIRED,
                lti_core::Location::json_pointer(""),
                format!(
                    "expected an endpoint configuration (caliperSupportedVersions), found {:?}",
                    other.kind()
                ),
            );
            Ok((EndpointConfig::default(), report))
        }
    }
}

/// What to do after an endpoint answered. Serialised with each status as its number; reading
/// one back checks that the status belongs to the variant (and a rejection's reason to its
/// status) as [`classify_response`] would have made it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case", try_from = "DispositionRepr")]
#[non_exhaustive]
pub enum Disposition {
    /// Any 2xx: the envelope was accepted (200 is best practice; 201 and 202 are allowed).
    Success {
        /// The status.
        #[serde(with = "status_number")]
        status: StatusCode,
    },
    /// 408, 429 or 5xx: send the same envelope again later.
    Retry {
        /// The status.
        #[serde(with = "status_number")]
        status: StatusCode,
        /// When, if the endpoint said (`Retry-After`).
        after: Option<RetryAfter>,
    },
    /// Do not resend this envelope as it is.
    Reject {
        /// The status.
        #[serde(with = "status_number")]
        status: StatusCode,
        /// What the status means for Caliper.
        reason: Rejection,
        /// RFC 7807 problem details, when the body carries them.
        problem: Option<ProblemDetails>,
    },
}

/// The serde shape of [`Disposition`], read before its status is checked.
#[derive(serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
enum DispositionRepr {
    Success {
        #[serde(with = "status_number")]
        status: StatusCode,
    },
    Retry {
        #[serde(with = "status_number")]
        status: StatusCode,
        after: Option<RetryAfter>,
    },
    Reject {
        #[serde(with = "status_number")]
        status: StatusCode,
        reason: Rejection,
        problem: Option<ProblemDetails>,
    },
}

impl TryFrom<DispositionRepr> for Disposition {
    type Error = String;

    fn try_from(r: DispositionRepr) -> Result<Self, String> {
        let (status, d) = match r {
            DispositionRepr::Success { status } => (status, Self::Success { status }),
            DispositionRepr::Retry { status, after } => (status, Self::Retry { status, after }),
            DispositionRepr::Reject {
                status,
                reason,
                problem,
            } => (
                status,
                Self::Reject {
                    status,
                    reason,
                    problem,
                },
            ),
        };
        let expected = StatusClass::of(status);
        let found = match &d {
            Self::Success { .. } => StatusClass::Success,
            Self::Retry { .. } => StatusClass::Retry,
            Self::Reject { reason, .. } => StatusClass::Reject(*reason),
        };
        if expected == found {
            Ok(d)
        } else {
            Err(format!(
                "status {} is {}, not {}",
                status.as_u16(),
                expected.describe(),
                found.describe()
            ))
        }
    }
}

/// What [`classify_response`] makes of a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusClass {
    Success,
    Retry,
    Reject(Rejection),
}

impl StatusClass {
    fn of(status: StatusCode) -> Self {
        if status.is_success() {
            return Self::Success;
        }
        if status == StatusCode::TOO_MANY_REQUESTS
            || status == StatusCode::REQUEST_TIMEOUT
            || status.is_server_error()
        {
            return Self::Retry;
        }
        Self::Reject(match status.as_u16() {
            400 => Rejection::MalformedEnvelope,
            401 | 403 => Rejection::Unauthorized,
            413 => Rejection::PayloadTooLarge,
            415 => Rejection::UnsupportedMediaType,
            422 => Rejection::UnsupportedVersion,
            402 | 404..=412 | 414 | 416..=421 | 423..=499 => Rejection::ClientError,
            _ => Rejection::Unexpected,
        })
    }

    fn describe(self) -> String {
        match self {
            Self::Success => "a success".into(),
            Self::Retry => "to be retried".into(),
            // The reason by its serde name, as the input spelt it.
            Self::Reject(r) => match serde_json::to_value(r) {
                Ok(Value::String(name)) => format!("a rejection for {name}"),
                _ => format!("a rejection for {r:?}"),
            },
        }
    }
}

/// An HTTP status as its number in serde (the `http` crate has no serde support).
mod status_number {
    use http::StatusCode;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub(super) fn serialize<S: Serializer>(status: &StatusCode, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u16(status.as_u16())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<StatusCode, D::Error> {
        let n = u16::deserialize(d)?;
        StatusCode::from_u16(n).map_err(|_| D::Error::custom(format!("{n} is not an HTTP status")))
    }
}

impl Disposition {
    /// Whether the data was accepted.
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Success { .. })
    }

    /// Whether the request should be sent again.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Retry { .. })
    }
}

/// Why an endpoint rejected a request (Caliper 1.2 §7.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Rejection {
    /// 400: the envelope is missing or malformed.
    MalformedEnvelope,
    /// 401 (or 403): authentication or authorization failed.
    Unauthorized,
    /// 413: the payload is too large; split it (see [`Sensor::batch`]).
    PayloadTooLarge,
    /// 415: the content type is not `application/json`.
    UnsupportedMediaType,
    /// 422: the endpoint does not accept the `dataVersion`.
    UnsupportedVersion,
    /// Another 4xx status.
    ClientError,
    /// A 1xx or 3xx status, which an endpoint should not send.
    Unexpected,
}

/// The `Retry-After` of a response: a delay or a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RetryAfter {
    /// Retry after this many seconds.
    Seconds(u64),
    /// Retry at this time.
    At(chrono::DateTime<Utc>),
}

impl RetryAfter {
    /// Parses a `Retry-After` value: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
    pub fn parse(value: &str) -> Option<Self> {
        let v = value.trim();
        if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
            return v.parse().ok().map(Self::Seconds);
        }
        chrono::DateTime::parse_from_rfc2822(v)
            .ok()
            .map(|d| Self::At(d.with_timezone(&Utc)))
    }

    /// How long to wait from `now` (zero for a date in the past).
    pub fn delay(&self, now: chrono::DateTime<Utc>) -> std::time::Duration {
        match self {
            Self::Seconds(s) => std::time::Duration::from_secs(*s),
            Self::At(t) => (*t - now).to_std().unwrap_or_default(),
        }
    }
}

/// RFC 7807 problem details that an endpoint MAY return. Serialised in the RFC's own shape
/// (`type`, `title`, `status`, `detail`, `instance` and the extension members alongside).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ProblemDetails {
    /// `type`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub problem_type: Option<String>,
    /// `title`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `status`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `detail`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// `instance`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Other members.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl ProblemDetails {
    /// Reads problem details from a JSON body (`None` when it is not a JSON object with at
    /// least one of `type`, `title`, `detail`).
    pub fn parse(body: &[u8]) -> Option<Self> {
        let Value::Object(mut m) = serde_json::from_slice::<Value>(body).ok()? else {
            return None;
        };
        let mut take = |k: &str| match m.remove(k) {
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                m.insert(k.to_owned(), other);
                None
            }
            None => None,
        };
        let problem_type = take("type");
        let title = take("title");
        let detail = take("detail");
        let instance = take("instance");
        let status = match m.get("status").and_then(Value::as_u64) {
            Some(s) => {
                m.remove("status");
                u16::try_from(s).ok()
            }
            None => None,
        };
        if problem_type.is_none() && title.is_none() && detail.is_none() {
            return None;
        }
        Some(Self {
            problem_type,
            title,
            status,
            detail,
            instance,
            extensions: m,
        })
    }
}

/// Classifies an endpoint response (Caliper 1.2 §7.2): any 2xx is success; 408, 429 and 5xx
/// are retryable (with `Retry-After` when given); 400, 401/403, 413, 415 and 422 are the
/// rejections the specification names.
pub fn classify_response(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Disposition {
    match StatusClass::of(status) {
        StatusClass::Success => Disposition::Success { status },
        StatusClass::Retry => Disposition::Retry {
            status,
            after: headers
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(RetryAfter::parse),
        },
        StatusClass::Reject(reason) => Disposition::Reject {
            status,
            reason,
            problem: ProblemDetails::parse(body),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::{Entity, EntityRef};
    use crate::vocab::EntityType;
    use chrono::TimeZone;

    fn now() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 5, 1, 10, 0, 0)
            .single()
            .expect("valid time")
    }

    fn sensor() -> Sensor {
        Sensor::new(
            "https://example.edu/sensors/1",
            "https://lrs.example.com/caliper?x=1",
        )
        .expect("valid")
        .with_token("t0k3n")
    }

    fn person(i: usize) -> Item {
        Item::Entity(Entity::new(
            &EntityType::Person,
            format!("https://example.edu/users/{i}"),
        ))
    }

    #[test]
    fn request_has_the_caliper_headers_and_body() {
        let s = sensor();
        let env = s.envelope(now(), vec![person(1)]);
        let req = s.request(&env).expect("request");
        assert_eq!(req.method(), Method::POST);
        assert_eq!(req.uri(), "https://lrs.example.com/caliper?x=1");
        assert_eq!(req.headers()[CONTENT_TYPE], "application/json");
        assert_eq!(req.headers()[AUTHORIZATION], "Bearer t0k3n");
        assert!(req.headers()[AUTHORIZATION].is_sensitive());
        assert_eq!(req.headers()[HOST], "lrs.example.com");
        let body: Value = serde_json::from_slice(req.body()).expect("json");
        assert_eq!(body["sensor"], "https://example.edu/sensors/1");
        assert_eq!(body["sendTime"], "2024-05-01T10:00:00.000Z");
        assert_eq!(
            body["dataVersion"],
            "http://purl.imsglobal.org/ctx/caliper/v1p2"
        );
        assert_eq!(
            body["data"][0]["@context"],
            "http://purl.imsglobal.org/ctx/caliper/v1p2"
        );
        // The envelope it sends is valid.
        let doc = read(req.body()).expect("reads");
        assert!(
            crate::validate(&doc).is_valid(true),
            "{:?}",
            crate::validate(&doc)
        );
        assert!(!format!("{s:?}").contains("t0k3n"));
    }

    #[test]
    fn invalid_inputs_are_errors() {
        assert_eq!(
            Sensor::new("not an iri", "https://x.test")
                .map(|_| ())
                .map_err(|e| e.code()),
            Err("caliper.sensor.invalid-sensor-id")
        );
        assert_eq!(
            Sensor::new("https://s", "ftp://x.test")
                .map(|_| ())
                .map_err(|e| e.code()),
            Err("caliper.sensor.invalid-endpoint")
        );
        assert_eq!(
            Sensor::new("https://s", "/relative")
                .map(|_| ())
                .map_err(|e| e.code()),
            Err("caliper.sensor.invalid-endpoint")
        );
        assert_eq!(
            Sensor::new("https://s", "https://bad host")
                .map(|_| ())
                .map_err(|e| e.code()),
            Err("caliper.sensor.invalid-endpoint")
        );
        let s = sensor().with_token("bad\ntoken");
        let env = s.envelope(now(), vec![]);
        assert_eq!(
            s.request(&env).map(|_| ()).map_err(|e| e.code()),
            Err("caliper.sensor.invalid-token")
        );
        assert_eq!(
            s.config_request().map(|_| ()).map_err(|e| e.code()),
            Err("caliper.sensor.invalid-token")
        );
    }

    #[test]
    fn batches_fit_the_maximum_payload_and_keep_order() {
        let items: Vec<Item> = (0..50).map(person).collect();
        let one = sensor().envelope(now(), items.clone());
        let full = serde_json::to_vec(&one).expect("ser").len();
        let max = full / 4;
        let s = sensor().with_max_payload_bytes(max);
        let envs = s.batch(now(), items).expect("fits");
        assert!(envs.len() >= 4, "{}", envs.len());
        let mut n = 0;
        for e in &envs {
            let bytes = serde_json::to_vec(e).expect("ser");
            assert!(bytes.len() <= max, "{} > {max}", bytes.len());
            for item in e.data.iter().flatten() {
                assert_eq!(
                    item.as_entity().and_then(Entity::id),
                    Some(format!("https://example.edu/users/{n}").as_str())
                );
                n += 1;
            }
        }
        assert_eq!(n, 50);
        let reqs = s
            .requests(now(), (0..50).map(person).collect())
            .expect("requests");
        assert_eq!(reqs.len(), envs.len());
        assert!(reqs.iter().all(|r| r.body().len() <= max));
    }

    #[test]
    fn an_item_larger_than_the_maximum_is_an_error() {
        let s = sensor().with_max_payload_bytes(120);
        let err = s.batch(now(), vec![person(1)]).expect_err("too small");
        assert!(
            matches!(err, SensorError::ItemTooLarge { index: 0, .. }),
            "{err}"
        );
        // An empty batch is one empty envelope.
        let envs = sensor()
            .with_max_payload_bytes(10_000)
            .batch(now(), vec![])
            .expect("ok");
        assert_eq!(envs.len(), 1);
    }

    #[test]
    fn config_applies_payload_size_and_checks_version() {
        let (cfg, report) = parse_config(
            br#"{"caliper_maximum_payload_size": 512, "caliper_supported_versions": ["http://purl.imsglobal.org/ctx/caliper/v1p1"]}"#,
        )
        .expect("reads");
        assert!(report.has_code(crate::codes::SPEC_SNAKE_CASE_CONFIG));
        assert!(!report.has_errors());
        assert_eq!(cfg.maximum_payload_bytes(), Some(512 * 1024));
        let err = sensor().with_config(&cfg).expect_err("1.2 not accepted");
        assert_eq!(err.code(), "caliper.sensor.unsupported-version");
        let s = sensor()
            .with_version(Version::V1p1)
            .with_config(&cfg)
            .expect("1.1 ok");
        assert_eq!(s.max_payload_bytes(), Some(512 * 1024));
        let (_, report) =
            parse_config(br#"{"sensor":"https://s","sendTime":"x","data":[]}"#).expect("reads");
        assert!(report.has_errors());
        let req = sensor().config_request().expect("get");
        assert_eq!(req.method(), Method::GET);
        assert_eq!(req.headers()[ACCEPT], "application/json");
    }

    #[test]
    fn responses_are_classified() {
        let h = HeaderMap::new();
        for s in [200, 201, 202, 204] {
            assert!(
                classify_response(StatusCode::from_u16(s).expect("code"), &h, b"").is_success()
            );
        }
        let reject =
            |s: u16| match classify_response(StatusCode::from_u16(s).expect("code"), &h, b"") {
                Disposition::Reject { reason, .. } => Some(reason),
                _ => None,
            };
        assert_eq!(reject(400), Some(Rejection::MalformedEnvelope));
        assert_eq!(reject(401), Some(Rejection::Unauthorized));
        assert_eq!(reject(413), Some(Rejection::PayloadTooLarge));
        assert_eq!(reject(415), Some(Rejection::UnsupportedMediaType));
        assert_eq!(reject(422), Some(Rejection::UnsupportedVersion));
        assert_eq!(reject(404), Some(Rejection::ClientError));
        assert_eq!(reject(302), Some(Rejection::Unexpected));
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("120"));
        assert_eq!(
            classify_response(StatusCode::TOO_MANY_REQUESTS, &h, b""),
            Disposition::Retry {
                status: StatusCode::TOO_MANY_REQUESTS,
                after: Some(RetryAfter::Seconds(120))
            }
        );
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 01 May 2024 10:01:00 GMT"),
        );
        match classify_response(StatusCode::SERVICE_UNAVAILABLE, &h, b"") {
            Disposition::Retry { after: Some(a), .. } => {
                assert_eq!(a.delay(now()), std::time::Duration::from_secs(60));
            }
            other => panic!("{other:?}"),
        }
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert!(matches!(
            classify_response(StatusCode::BAD_GATEWAY, &h, b""),
            Disposition::Retry { after: None, .. }
        ));
        assert_eq!(
            RetryAfter::At(now()).delay(now() + chrono::Duration::seconds(5)),
            std::time::Duration::ZERO
        );
    }

    #[test]
    fn problem_details_are_read() {
        let body = br#"{"type":"https://example.com/probs/version","title":"Unsupported","status":422,"detail":"v1p0","extra":1}"#;
        match classify_response(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body) {
            Disposition::Reject {
                problem: Some(p),
                reason,
                ..
            } => {
                assert_eq!(reason, Rejection::UnsupportedVersion);
                assert_eq!(p.title.as_deref(), Some("Unsupported"));
                assert_eq!(p.status, Some(422));
                assert_eq!(p.extensions.get("extra"), Some(&Value::from(1)));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(ProblemDetails::parse(b"not json"), None);
        assert_eq!(ProblemDetails::parse(b"{\"a\":1}"), None);
    }

    #[test]
    fn thin_sensor_sends_described_entities_as_iris() {
        let s = sensor().with_thin(true);
        let mut p = Entity::new(&EntityType::Person, "https://example.edu/users/1");
        p.base_mut().name = Some("Jane".into());
        let mut ev =
            crate::event::Event::new(crate::vocab::EventType::Event, crate::vocab::Action::Viewed);
        ev.id = Some("urn:uuid:3a648e68-f00d-4c08-aa59-8738e1884f2c".into());
        ev.actor = Some(EntityRef::Entity(p.clone()));
        ev.object = Some(EntityRef::iri("https://example.edu/doc"));
        ev.event_time = Some(DateTime::new(now()));
        let env = s.envelope(now(), vec![Item::Entity(p), Item::from(ev)]);
        let req = s.request(&env).expect("request");
        let body: Value = serde_json::from_slice(req.body()).expect("json");
        assert_eq!(body["data"][1]["actor"], "https://example.edu/users/1");
    }
}
