//! Authorisation: OAuth 2 client-credentials scopes per operation (1.2) and OAuth 1.0a
//! HMAC-SHA256 request signing (1.1 servers). Nonces and timestamps are inputs.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use http::Request;
use percent_encoding::utf8_percent_encode;
use sha2::Sha256;

use crate::rest::{OPERATIONS, PATH_SEGMENT};

/// The prefix of every OneRoster 1.2 scope URI.
pub const SCOPE_PREFIX: &str = "https://purl.imsglobal.org/spec/or/v1p2/scope/";

/// Every OneRoster 1.2 scope (short form).
pub const SCOPES: &[&str] = &[
    "roster.readonly",
    "roster-core.readonly",
    "roster-demographics.readonly",
    "gradebook.readonly",
    "gradebook-core.readonly",
    "gradebook.createput",
    "gradebook.createpost",
    "gradebook.delete",
    "assessment.readonly",
    "assessment.createput",
    "assessment.delete",
    "resource.readonly",
    "resource-core.readonly",
];

/// The scopes (full URIs) that allow an operation; empty for an unknown operation.
pub fn scopes_for(op_id: &str) -> Vec<String> {
    crate::rest::operation(op_id).map_or_else(Vec::new, crate::rest::Operation::scope_uris)
}

/// The smallest `scope` value (space-separated, sorted) that covers every listed operation:
/// for each operation, its first (broadest) scope.
pub fn scope_parameter(op_ids: &[&str]) -> String {
    let mut v: Vec<String> = op_ids
        .iter()
        .filter_map(|id| crate::rest::operation(id))
        .filter_map(|o| o.scopes.first())
        .map(|s| format!("{SCOPE_PREFIX}{s}"))
        .collect();
    v.sort();
    v.dedup();
    v.join(" ")
}

/// Whether a granted scope set (space-separated URIs, as a token response gives) allows an
/// operation.
pub fn is_allowed(granted: &str, op_id: &str) -> bool {
    let granted: Vec<&str> = granted.split_whitespace().collect();
    OPERATIONS.iter().find(|o| o.id == op_id).is_some_and(|o| {
        o.scopes
            .iter()
            .any(|s| granted.contains(&format!("{SCOPE_PREFIX}{s}").as_str()))
    })
}

/// An OAuth 2 client-credentials token request (RFC 6749 §4.4) with HTTP Basic client
/// authentication.
pub fn token_request(
    token_url: &str,
    client_id: &str,
    client_secret: &str,
    scope: &str,
) -> Result<Request<Vec<u8>>, http::Error> {
    let enc = |s: &str| utf8_percent_encode(s, PATH_SEGMENT).to_string();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        enc(client_id),
        enc(client_secret)
    ));
    let body = format!("grant_type=client_credentials&scope={}", enc(scope));
    Request::post(token_url)
        .header(http::header::AUTHORIZATION, format!("Basic {basic}"))
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(http::header::ACCEPT, "application/json")
        .body(body.into_bytes())
}

/// OAuth 1.0a consumer credentials and per-request inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuth1 {
    /// `oauth_consumer_key`.
    pub consumer_key: String,
    /// The consumer secret.
    pub consumer_secret: String,
    /// `oauth_nonce` (unique per request; the caller draws it).
    pub nonce: String,
    /// `oauth_timestamp`, seconds since the epoch (the caller reads the clock).
    pub timestamp: u64,
}

impl OAuth1 {
    /// Credentials with a nonce and timestamp.
    pub fn new(
        consumer_key: impl Into<String>,
        consumer_secret: impl Into<String>,
        nonce: impl Into<String>,
        timestamp: u64,
    ) -> Self {
        Self {
            consumer_key: consumer_key.into(),
            consumer_secret: consumer_secret.into(),
            nonce: nonce.into(),
            timestamp,
        }
    }
}

fn enc(s: &str) -> String {
    utf8_percent_encode(s, PATH_SEGMENT).to_string()
}

fn dec(s: &str) -> String {
    percent_encoding::percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// The RFC 5849 §3.4.1 signature base string of a request with the given `oauth_*`
/// parameters (query parameters and a form body are included).
pub fn signature_base_string(req: &Request<Vec<u8>>, oauth_params: &[(String, String)]) -> String {
    let uri = req.uri();
    let scheme = uri.scheme_str().unwrap_or("https").to_ascii_lowercase();
    let host = uri.host().unwrap_or("").to_ascii_lowercase();
    let port = match (scheme.as_str(), uri.port_u16()) {
        ("http", Some(80)) | ("https", Some(443)) | (_, None) => String::new(),
        (_, Some(p)) => format!(":{p}"),
    };
    let base_uri = format!("{scheme}://{host}{port}{}", uri.path());
    let mut params: Vec<(String, String)> = Vec::new();
    if let Some(q) = uri.query() {
        for p in q.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            params.push((dec(k), dec(v)));
        }
    }
    let form = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if form {
        let body = String::from_utf8_lossy(req.body());
        for p in body.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            params.push((dec(k), dec(v)));
        }
    }
    params.extend(oauth_params.iter().cloned());
    let mut encoded: Vec<(String, String)> = params.iter().map(|(k, v)| (enc(k), enc(v))).collect();
    encoded.sort();
    let normalized = encoded
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    format!(
        "{}&{}&{}",
        req.method().as_str().to_ascii_uppercase(),
        enc(&base_uri),
        enc(&normalized)
    )
}

/// Signs a request with OAuth 1.0a HMAC-SHA256 (two-legged: no token) and sets its
/// `Authorization: OAuth …` header. Returns the signature.
pub fn sign_oauth1(req: &mut Request<Vec<u8>>, creds: &OAuth1) -> Result<String, http::Error> {
    let oauth: Vec<(String, String)> = vec![
        ("oauth_consumer_key".into(), creds.consumer_key.clone()),
        ("oauth_nonce".into(), creds.nonce.clone()),
        ("oauth_signature_method".into(), "HMAC-SHA256".into()),
        ("oauth_timestamp".into(), creds.timestamp.to_string()),
        ("oauth_version".into(), "1.0".into()),
    ];
    let base = signature_base_string(req, &oauth);
    let key = format!("{}&", enc(&creds.consumer_secret));
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes())
        .unwrap_or_else(|_| unreachable_hmac());
    mac.update(base.as_bytes());
    let sig = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let mut header = String::from("OAuth ");
    let mut all = oauth;
    all.push(("oauth_signature".into(), sig.clone()));
    header.push_str(
        &all.iter()
            .map(|(k, v)| format!("{k}=\"{}\"", enc(v)))
            .collect::<Vec<_>>()
            .join(", "),
    );
    let value = http::HeaderValue::from_str(&header).map_err(http::Error::from)?;
    req.headers_mut().insert(http::header::AUTHORIZATION, value);
    Ok(sig)
}

/// HMAC accepts keys of any length, so `new_from_slice` cannot fail; this keeps the code free
/// of `unwrap` while documenting that.
fn unreachable_hmac() -> Hmac<Sha256> {
    <Hmac<Sha256> as Mac>::new_from_slice(&[0u8; 32]).unwrap_or_else(|_| unreachable_hmac())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes() {
        assert_eq!(
            scopes_for("getAllUsers"),
            vec![
                format!("{SCOPE_PREFIX}roster.readonly"),
                format!("{SCOPE_PREFIX}roster-core.readonly")
            ]
        );
        assert!(scopes_for("nope").is_empty());
        let p = scope_parameter(&["getAllUsers", "getUser", "putResult", "getAllDemographics"]);
        assert_eq!(p.split(' ').count(), 3);
        assert!(is_allowed(&p, "getClass"));
        assert!(!is_allowed(&p, "deleteResult"));
        for op in OPERATIONS {
            for s in op.scopes {
                assert!(SCOPES.contains(s), "{s}");
            }
        }
        let r = token_request("https://h/token", "id", "s:e", "a b").unwrap();
        assert_eq!(
            std::str::from_utf8(r.body()).unwrap(),
            "grant_type=client_credentials&scope=a%20b"
        );
        assert!(
            r.headers()["authorization"]
                .to_str()
                .unwrap()
                .starts_with("Basic ")
        );
    }

    #[test]
    fn rfc5849_base_string() {
        // RFC 5849 §3.4.1.1 example (its oauth_* parameters, any signature method).
        let req = Request::post("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(b"c2&a3=2+q".to_vec())
            .unwrap();
        let oauth = vec![
            (
                "oauth_consumer_key".to_owned(),
                "9djdj82h48djs9d2".to_owned(),
            ),
            ("oauth_token".to_owned(), "kkk9d7dh3k39sjv7".to_owned()),
            ("oauth_signature_method".to_owned(), "HMAC-SHA1".to_owned()),
            ("oauth_timestamp".to_owned(), "137131201".to_owned()),
            ("oauth_nonce".to_owned(), "7d8f3e4a".to_owned()),
        ];
        assert_eq!(
            signature_base_string(&req, &oauth),
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
        );
    }

    #[test]
    fn signs_hmac_sha256() {
        let mut req =
            Request::get("https://sis.example.org/ims/oneroster/v1p1/users?limit=100&offset=0")
                .body(Vec::new())
                .unwrap();
        let creds = OAuth1::new("key", "secret", "abc123", 1_700_000_000);
        let sig = sign_oauth1(&mut req, &creds).unwrap();
        // Independently computed: HMAC-SHA256("secret&", base string), base64.
        let base = "GET&https%3A%2F%2Fsis.example.org%2Fims%2Foneroster%2Fv1p1%2Fusers&limit%3D100%26oauth_consumer_key%3Dkey%26oauth_nonce%3Dabc123%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1700000000%26oauth_version%3D1.0%26offset%3D0";
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(b"secret&").unwrap();
        mac.update(base.as_bytes());
        let want = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(sig, want);
        assert_eq!(sig, "UN355SonFae6bdPv5d5bAoTKzFYyCfTKfAljD4ugd1A=");
        let h = req.headers()["authorization"].to_str().unwrap();
        assert!(h.starts_with("OAuth oauth_consumer_key=\"key\""));
        assert!(h.contains("oauth_signature_method=\"HMAC-SHA256\""));
    }
}
