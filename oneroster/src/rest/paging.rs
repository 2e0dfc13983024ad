//! Paging: `X-Total-Count` and `Link` headers, and the next request as a pure function.

use http::{HeaderMap, Request, Uri};
use lti_core::{Location, Problem};

use crate::codes;

/// What a collection response says about paging.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(default)]
pub struct Page {
    /// `X-Total-Count`.
    pub total: Option<u64>,
    /// `Link` relations (`next`, `prev`, `first`, `last`) and their URIs.
    pub links: Vec<(String, String)>,
}

impl Page {
    /// Reads the paging headers of a response.
    #[allow(
        clippy::result_large_err,
        reason = "errors are full problems (code, location, message), built only on bad input"
    )]
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, Problem> {
        let mut page = Self::default();
        if let Some(v) = headers.get("x-total-count") {
            let s = v.to_str().unwrap_or("");
            page.total = Some(s.trim().parse::<u64>().map_err(|_| {
                Problem::error(
                    codes::PAGING_HEADER,
                    format!("X-Total-Count `{s}` is not a whole number"),
                )
                .at(Location::field("X-Total-Count"))
            })?);
        }
        for v in headers.get_all(http::header::LINK) {
            let s = v.to_str().map_err(|_| {
                Problem::error(codes::PAGING_HEADER, "a Link header is not ASCII")
                    .at(Location::field("Link"))
            })?;
            page.links.extend(parse_link(s)?);
        }
        Ok(page)
    }

    /// The URI of a `Link` relation.
    pub fn link(&self, rel: &str) -> Option<&str> {
        self.links
            .iter()
            .find(|(r, _)| r.eq_ignore_ascii_case(rel))
            .map(|(_, u)| u.as_str())
    }
}

/// Parses an RFC 8288 `Link` header value: `<uri>; rel="next", <uri>; rel="last"`.
#[allow(
    clippy::result_large_err,
    reason = "errors are full problems (code, location, message), built only on bad input"
)]
pub fn parse_link(value: &str) -> Result<Vec<(String, String)>, Problem> {
    let bad = |m: String| Problem::error(codes::PAGING_HEADER, m).at(Location::field("Link"));
    let mut out = Vec::new();
    let mut rest = value.trim();
    while !rest.is_empty() {
        let Some(r) = rest.strip_prefix('<') else {
            return Err(bad(format!("expected `<` at `{rest}`")));
        };
        let Some(end) = r.find('>') else {
            return Err(bad("a `<` without `>`".to_owned()));
        };
        let uri = &r[..end];
        rest = &r[end + 1..];
        // Parameters up to the next link (a `,` followed by `<`).
        let (params, after) = match rest.find(", <").or_else(|| rest.find(",<")) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        for p in params.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            if let Some((k, v)) = p.split_once('=')
                && k.trim().eq_ignore_ascii_case("rel")
            {
                for rel in v.trim().trim_matches('"').split_whitespace() {
                    out.push((rel.to_owned(), uri.to_owned()));
                }
            }
        }
        rest = after.trim_start();
    }
    Ok(out)
}

fn query_param(uri: &Uri, name: &str) -> Option<u64> {
    uri.query()?.split('&').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k == name).then(|| v.parse().ok()).flatten()
    })
}

fn with_offset(uri: &Uri, offset: u64, limit: u64) -> String {
    let base = uri.to_string();
    let (path, query) = base.split_once('?').unwrap_or((&base, ""));
    let mut parts: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("offset=") && !p.starts_with("limit="))
        .map(str::to_owned)
        .collect();
    parts.insert(0, format!("offset={offset}"));
    parts.insert(0, format!("limit={limit}"));
    format!("{path}?{}", parts.join("&"))
}

/// The request for the next page, or `None` when `request` fetched the last one.
///
/// Uses the response's `Link: <…>; rel="next"` when present (a relative URI is resolved against
/// the request's), else `X-Total-Count` with the request's `offset`/`limit` (default 100), else
/// whether the page was full (`returned` records). Headers (authorisation…) are copied.
#[allow(
    clippy::result_large_err,
    reason = "errors are full problems (code, location, message), built only on bad input"
)]
pub fn next_request(
    request: &Request<Vec<u8>>,
    response_headers: &HeaderMap,
    returned: usize,
) -> Result<Option<Request<Vec<u8>>>, Problem> {
    let page = Page::from_headers(response_headers)?;
    let uri = request.uri();
    let next_uri = if let Some(next) = page.link("next") {
        if next.starts_with("http://") || next.starts_with("https://") {
            next.to_owned()
        } else {
            let origin = format!(
                "{}://{}",
                uri.scheme_str().unwrap_or("https"),
                uri.authority().map_or("", |a| a.as_str())
            );
            if next.starts_with('/') {
                format!("{origin}{next}")
            } else {
                let path = uri.path();
                let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
                format!("{origin}{dir}{next}")
            }
        }
    } else {
        let limit = query_param(uri, "limit").unwrap_or(100).max(1);
        let offset = query_param(uri, "offset").unwrap_or(0);
        let next = offset.saturating_add(limit);
        let more = match page.total {
            Some(total) => next < total,
            None => returned as u64 >= limit,
        };
        if !more || returned == 0 {
            return Ok(None);
        }
        with_offset(uri, next, limit)
    };
    let mut b = Request::builder()
        .method(request.method().clone())
        .uri(next_uri.as_str());
    for (k, v) in request.headers() {
        b = b.header(k, v);
    }
    b.body(Vec::new()).map(Some).map_err(|e| {
        Problem::error(
            codes::PAGING_HEADER,
            format!("next page URI `{next_uri}`: {e}"),
        )
        .at(Location::field("Link"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(uri: &str) -> Request<Vec<u8>> {
        Request::get(uri)
            .header("authorization", "Bearer t")
            .body(Vec::new())
            .unwrap()
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                http::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn total_count_paging() {
        let r = req("https://h/ims/oneroster/rostering/v1p2/users?limit=2&offset=0&filter=x");
        let h = headers(&[("X-Total-Count", "5")]);
        let n = next_request(&r, &h, 2).unwrap().unwrap();
        assert_eq!(
            n.uri().to_string(),
            "https://h/ims/oneroster/rostering/v1p2/users?limit=2&offset=2&filter=x"
        );
        assert_eq!(n.headers()["authorization"], "Bearer t");
        let n = next_request(&n, &h, 2).unwrap().unwrap();
        assert!(n.uri().to_string().contains("offset=4"));
        assert!(next_request(&n, &h, 1).unwrap().is_none());
    }

    #[test]
    fn link_and_fallback() {
        let r = req("https://h/a/users?limit=2");
        let h = headers(&[(
            "Link",
            "<https://h/a/users?limit=2&offset=2>; rel=\"next\", </a/users?limit=2&offset=8>; rel=\"last\"",
        )]);
        let p = Page::from_headers(&h).unwrap();
        assert_eq!(p.link("last"), Some("/a/users?limit=2&offset=8"));
        let n = next_request(&r, &h, 2).unwrap().unwrap();
        assert_eq!(n.uri().to_string(), "https://h/a/users?limit=2&offset=2");
        let h = headers(&[("Link", "</a/users?offset=2>; rel=next")]);
        let n = next_request(&r, &h, 2).unwrap().unwrap();
        assert_eq!(n.uri().to_string(), "https://h/a/users?offset=2");
        // No headers: a full page means there may be more.
        let n = next_request(&r, &HeaderMap::new(), 2).unwrap().unwrap();
        assert!(n.uri().to_string().contains("offset=2"));
        assert!(next_request(&r, &HeaderMap::new(), 1).unwrap().is_none());
        assert!(next_request(&r, &HeaderMap::new(), 0).unwrap().is_none());
    }

    #[test]
    fn bad_headers() {
        let r = req("https://h/users");
        let e = next_request(&r, &headers(&[("X-Total-Count", "many")]), 1).unwrap_err();
        assert_eq!(e.code, codes::PAGING_HEADER);
        assert!(parse_link("https://x; rel=next").is_err());
        assert!(parse_link("<https://x; rel=next").is_err());
        assert!(parse_link("").unwrap().is_empty());
    }
}
