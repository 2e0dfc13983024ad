//! Shared plumbing of the sans-IO service clients: request building with a bearer token,
//! response checking and JSON parsing with the failing path named, paged results.

use http::{HeaderValue, Method, Request, Response, header};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::codes;
use super::link_header::{self, Link};

/// A service call failed, or its response did not parse.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    /// The request could not be built (bad URL or header value).
    #[error("cannot build the request: {0}")]
    Request(String),
    /// An HTTP error status.
    #[error("the service answered HTTP {status}")]
    Status {
        /// The status code.
        status: u16,
        /// The body, for diagnostics.
        body: Vec<u8>,
    },
    /// The body is not the JSON the service defines.
    #[error("unexpected response body at {pointer:?}: {message}")]
    Json {
        /// JSON pointer of the failing value.
        pointer: String,
        /// What went wrong.
        message: String,
    },
}

impl ServiceError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Request(_) => codes::SERVICE_REQUEST,
            Self::Status { .. } => codes::SERVICE_STATUS,
            Self::Json { .. } => codes::SERVICE_JSON,
        }
    }
}

/// One page of a paged collection, with the links to the next page and (NRPS) differences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub items: T,
    /// `rel="next"` target.
    pub next: Option<String>,
    /// `rel="differences"` target (NRPS).
    pub differences: Option<String>,
    /// Every link of the response.
    pub links: Vec<Link>,
    /// Malformed `Link` fields (the page is still returned).
    pub link_errors: Vec<String>,
}

/// Builds a request with `Authorization: Bearer`, `Accept` and (with a body) `Content-Type`.
pub(crate) fn request(
    method: Method,
    url: &str,
    token: &str,
    accept: &str,
    body: Option<(&str, Vec<u8>)>,
) -> Result<Request<Vec<u8>>, ServiceError> {
    let auth = HeaderValue::try_from(format!("Bearer {token}"))
        .map_err(|e| ServiceError::Request(format!("token is not a valid header value: {e}")))?;
    let mut b = Request::builder()
        .method(method)
        .uri(url)
        .header(header::AUTHORIZATION, auth)
        .header(header::ACCEPT, accept);
    let body = match body {
        Some((ct, bytes)) => {
            b = b.header(header::CONTENT_TYPE, ct);
            bytes
        }
        None => Vec::new(),
    };
    b.body(body)
        .map_err(|e| ServiceError::Request(e.to_string()))
}

/// Appends query parameters to a URL that may already have a query.
pub(crate) fn with_query(url: &str, params: &[(&str, Option<&str>)]) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (k, v) in params {
        if let Some(v) = v {
            ser.append_pair(k, v);
            any = true;
        }
    }
    if !any {
        return url.to_owned();
    }
    let q = ser.finish();
    let (base, frag) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let sep = if base.contains('?') {
        if base.ends_with('?') || base.ends_with('&') {
            ""
        } else {
            "&"
        }
    } else {
        "?"
    };
    match frag {
        Some(f) => format!("{base}{sep}{q}#{f}"),
        None => format!("{base}{sep}{q}"),
    }
}

/// Inserts a path segment before the query of a URL (`…/lineitems/1?x=y` + `/scores` →
/// `…/lineitems/1/scores?x=y`), as AGS requires for scores and results.
pub(crate) fn append_path(url: &str, segment: &str) -> String {
    let (base, query) = match url.find(['?', '#']) {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    format!("{}{segment}{query}", base.trim_end_matches('/'))
}

/// Checks the status and parses the JSON body.
pub(crate) fn parse_json<T: DeserializeOwned>(
    response: &Response<Vec<u8>>,
) -> Result<T, ServiceError> {
    check_status(response)?;
    parse_body(response.body())
}

/// Parses a JSON body, naming the failing path.
pub(crate) fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ServiceError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| ServiceError::Json {
        pointer: path_to_pointer(e.path()),
        message: e.inner().to_string(),
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } => crate::location::push_pointer_token(&mut out, key),
            Segment::Enum { variant } => crate::location::push_pointer_token(&mut out, variant),
            Segment::Unknown => out.push_str("/?"),
        }
    }
    out
}

/// Fails on a non-2xx status.
pub(crate) fn check_status(response: &Response<Vec<u8>>) -> Result<(), ServiceError> {
    if response.status().is_success() {
        Ok(())
    } else {
        Err(ServiceError::Status {
            status: response.status().as_u16(),
            body: response.body().clone(),
        })
    }
}

/// Parses a paged JSON response: the body plus `Link` headers.
pub(crate) fn parse_page<T: DeserializeOwned>(
    response: &Response<Vec<u8>>,
) -> Result<Page<T>, ServiceError> {
    let items = parse_json(response)?;
    let values = response
        .headers()
        .get_all(header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok());
    let (links, errors) = link_header::parse_all(values);
    Ok(Page {
        items,
        next: link_header::find(&links, "next").map(str::to_owned),
        differences: link_header::find(&links, "differences").map(str::to_owned),
        link_errors: errors.iter().map(ToString::to_string).collect(),
        links,
    })
}

/// A JSON response with a media type and optional `Link` header (platform side).
pub(crate) fn json_response<T: Serialize>(
    status: u16,
    media_type: &str,
    body: &T,
    links: &[(&str, &str)],
) -> Result<Response<Vec<u8>>, ServiceError> {
    let bytes = serde_json::to_vec(body).map_err(|e| ServiceError::Request(e.to_string()))?;
    let mut b = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, media_type);
    if !links.is_empty() {
        b = b.header(header::LINK, link_header::format(links));
    }
    b.body(bytes)
        .map_err(|e| ServiceError::Request(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_helpers() {
        assert_eq!(
            append_path("https://p/li/1", "/scores"),
            "https://p/li/1/scores"
        );
        assert_eq!(
            append_path("https://p/li/1/?a=b", "/scores"),
            "https://p/li/1/scores?a=b"
        );
        assert_eq!(
            append_path("https://p/li/1#f", "/results"),
            "https://p/li/1/results#f"
        );
        assert_eq!(
            with_query("https://p/x", &[("a", Some("1 2")), ("b", None)]),
            "https://p/x?a=1+2"
        );
        assert_eq!(
            with_query("https://p/x?z=1", &[("a", Some("&"))]),
            "https://p/x?z=1&a=%26"
        );
        assert_eq!(with_query("https://p/x", &[("a", None)]), "https://p/x");
        assert_eq!(
            with_query("https://p/x#f", &[("a", Some("1"))]),
            "https://p/x?a=1#f"
        );
    }

    #[test]
    fn errors() {
        assert!(request(Method::GET, "https://p", "bad\ntoken", "a/b", None).is_err());
        let e = request(Method::GET, "not a uri with spaces", "t", "a/b", None).unwrap_err();
        assert_eq!(e.code(), codes::SERVICE_REQUEST);
        let r = Response::builder()
            .status(404)
            .body(b"nope".to_vec())
            .unwrap();
        let e = parse_json::<serde_json::Value>(&r).unwrap_err();
        assert_eq!(e.code(), codes::SERVICE_STATUS);
        let e = parse_body::<Vec<u32>>(b"[1, \"x\"]").unwrap_err();
        match &e {
            ServiceError::Json { pointer, .. } => assert_eq!(pointer, "/1"),
            other => panic!("{other:?}"),
        }
        assert_eq!(e.code(), codes::SERVICE_JSON);
    }
}
