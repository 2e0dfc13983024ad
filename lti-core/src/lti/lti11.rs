//! LTI 1.1 legacy: the OAuth 1.0a HMAC-SHA1 launch signature (RFC 5849 §3.4), signing and
//! verifying, and the LTI 1.3 migration claim's `oauth_consumer_key_sign` (HMAC-SHA256,
//! [LTI 1.3 Migration §oauth_consumer_key_sign](https://www.imsglobal.org/spec/lti/v1p3/migr#oauth_consumer_key_sign)).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha1::Sha1;
use sha2::Sha256;

use super::claims::Claims;
use super::codes;
use super::launch::{NonceStatus, NonceStore};

/// RFC 3986 unreserved characters stay; everything else is percent-encoded (RFC 5849 §3.6).
const OAUTH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// An LTI 1.1 problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
#[non_exhaustive]
pub struct Lti11Error {
    /// Stable code.
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
}

impl Lti11Error {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

fn enc(s: &str) -> String {
    utf8_percent_encode(s, OAUTH).to_string()
}

/// Normalises the base string URI (RFC 5849 §3.4.1.2): lower-case scheme and host, no default
/// port, no query or fragment.
fn base_uri(url: &str) -> Result<(String, Vec<(String, String)>), Lti11Error> {
    let u = url::Url::parse(url).map_err(|e| {
        Lti11Error::new(codes::OAUTH1_PARAM_MISSING, format!("bad launch URL: {e}"))
    })?;
    let host = u.host_str().unwrap_or("").to_ascii_lowercase();
    let port = match u.port() {
        Some(p) => format!(":{p}"),
        None => String::new(),
    };
    let base = format!("{}://{host}{port}{}", u.scheme(), u.path());
    let query = u
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    Ok((base, query))
}

/// The signature base string (RFC 5849 §3.4.1) of a request: method, URL and parameters
/// (form body plus URL query, `oauth_signature` excluded).
pub fn base_string(
    method: &str,
    url: &str,
    params: &[(String, String)],
) -> Result<String, Lti11Error> {
    let (base, query) = base_uri(url)?;
    let mut all: Vec<(String, String)> = params
        .iter()
        .chain(query.iter())
        .filter(|(k, _)| k != "oauth_signature")
        .map(|(k, v)| (enc(k), enc(v)))
        .collect();
    all.sort();
    let normalized = all
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    Ok(format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        enc(&base),
        enc(&normalized)
    ))
}

fn hmac_err(e: hmac::digest::InvalidLength) -> Lti11Error {
    // HMAC takes keys of any length, so this is not expected; it is still an error, not a panic.
    Lti11Error::new(codes::SIGN, format!("HMAC key rejected: {e}"))
}

fn hmac_sha1_b64(key: &str, data: &str) -> Result<String, Lti11Error> {
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(key.as_bytes()).map_err(hmac_err)?;
    mac.update(data.as_bytes());
    Ok(STANDARD.encode(mac.finalize().into_bytes()))
}

/// Signs an LTI 1.1 launch: adds the `oauth_*` parameters (timestamp and nonce from the
/// caller) and `oauth_signature`.
pub fn sign(
    method: &str,
    url: &str,
    params: &mut Vec<(String, String)>,
    consumer_key: &str,
    consumer_secret: &str,
    timestamp: i64,
    nonce: &str,
) -> Result<(), Lti11Error> {
    params.retain(|(k, _)| !k.starts_with("oauth_"));
    for (k, v) in [
        ("oauth_consumer_key", consumer_key.to_owned()),
        ("oauth_signature_method", "HMAC-SHA1".to_owned()),
        ("oauth_timestamp", timestamp.to_string()),
        ("oauth_nonce", nonce.to_owned()),
        ("oauth_version", "1.0".to_owned()),
        ("oauth_callback", "about:blank".to_owned()),
    ] {
        params.push((k.to_owned(), v));
    }
    let base = base_string(method, url, params)?;
    let sig = hmac_sha1_b64(&format!("{}&", enc(consumer_secret)), &base)?;
    params.push(("oauth_signature".to_owned(), sig));
    Ok(())
}

/// Verifies an LTI 1.1 launch signature: HMAC-SHA1 method, version 1.0 when present,
/// timestamp within `max_skew_seconds` of `now`, nonce single use (per consumer key), and the
/// signature itself (compared in constant time). `secret_for` looks the secret up by
/// consumer key.
pub fn verify(
    method: &str,
    url: &str,
    params: &[(String, String)],
    secret_for: impl Fn(&str) -> Option<String>,
    now: i64,
    max_skew_seconds: i64,
    nonces: &dyn NonceStore,
) -> Result<String, Lti11Error> {
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let need = |name: &str| {
        get(name).ok_or_else(|| {
            Lti11Error::new(codes::OAUTH1_PARAM_MISSING, format!("{name} is missing"))
        })
    };
    let key = need("oauth_consumer_key")?;
    let method_name = need("oauth_signature_method")?;
    if method_name != "HMAC-SHA1" {
        return Err(Lti11Error::new(
            codes::OAUTH1_METHOD,
            format!("oauth_signature_method is {method_name:?}"),
        ));
    }
    if let Some(v) = get("oauth_version")
        && v != "1.0"
    {
        return Err(Lti11Error::new(
            codes::OAUTH1_VERSION,
            format!("oauth_version is {v:?}"),
        ));
    }
    let ts: i64 = need("oauth_timestamp")?
        .parse()
        .map_err(|_| Lti11Error::new(codes::OAUTH1_TIMESTAMP, "oauth_timestamp is not a number"))?;
    if (now - ts).abs() > max_skew_seconds {
        return Err(Lti11Error::new(
            codes::OAUTH1_TIMESTAMP,
            format!("oauth_timestamp {ts} is more than {max_skew_seconds} s from now"),
        ));
    }
    let nonce = need("oauth_nonce")?;
    let given = need("oauth_signature")?;
    let secret = secret_for(key).ok_or_else(|| {
        Lti11Error::new(
            codes::OAUTH1_SIGNATURE,
            format!("unknown consumer key {key:?}"),
        )
    })?;
    let base = base_string(method, url, params)?;
    let expected = hmac_sha1_b64(&format!("{}&", enc(&secret)), &base)?;
    if !constant_time_eq(expected.as_bytes(), given.as_bytes()) {
        return Err(Lti11Error::new(
            codes::OAUTH1_SIGNATURE,
            "the OAuth signature does not verify",
        ));
    }
    if nonces.check_and_consume(key, nonce, ts.saturating_add(max_skew_seconds), now)
        == NonceStatus::Replayed
    {
        return Err(Lti11Error::new(
            codes::OAUTH1_NONCE_REPLAYED,
            "oauth_nonce was already used",
        ));
    }
    Ok(key.to_owned())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `oauth_consumer_key_sign` = base64(HMAC-SHA256(secret,
/// `oauth_consumer_key & deployment_id & iss & client_id & exp & nonce`)).
pub fn consumer_key_sign(
    oauth_consumer_key: &str,
    secret: &str,
    deployment_id: &str,
    iss: &str,
    client_id: &str,
    exp: i64,
    nonce: &str,
) -> Result<String, Lti11Error> {
    let data = format!("{oauth_consumer_key}&{deployment_id}&{iss}&{client_id}&{exp}&{nonce}");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).map_err(hmac_err)?;
    mac.update(data.as_bytes());
    Ok(STANDARD.encode(mac.finalize().into_bytes()))
}

/// Verifies the migration claim of a launch with the LTI 1.1 secret. `client_id` is the
/// registration's (the `aud` the platform addressed).
pub fn verify_migration_claim(
    claims: &Claims,
    client_id: &str,
    secret: &str,
) -> Result<(), Lti11Error> {
    let m = claims
        .lti1p1
        .as_ref()
        .ok_or_else(|| Lti11Error::new(codes::LTI1P1_SIGN_MISSING, "no lti1p1 claim"))?;
    let (Some(key), Some(sign)) = (&m.oauth_consumer_key, &m.oauth_consumer_key_sign) else {
        return Err(Lti11Error::new(
            codes::LTI1P1_SIGN_MISSING,
            "oauth_consumer_key and oauth_consumer_key_sign are required",
        ));
    };
    let expected = consumer_key_sign(
        key,
        secret,
        claims.deployment_id.as_deref().unwrap_or(""),
        claims.iss.as_deref().unwrap_or(""),
        client_id,
        claims.exp.unwrap_or(0),
        claims.nonce.as_deref().unwrap_or(""),
    )?;
    if constant_time_eq(expected.as_bytes(), sign.as_bytes()) {
        Ok(())
    } else {
        Err(Lti11Error::new(
            codes::LTI1P1_SIGN_MISMATCH,
            "oauth_consumer_key_sign does not verify with this secret",
        ))
    }
}

/// Fills the migration claim's `oauth_consumer_key` and `oauth_consumer_key_sign` (platform
/// side), from the claim set's deployment, issuer, expiry and nonce.
pub fn sign_migration_claim(
    claims: &mut Claims,
    client_id: &str,
    oauth_consumer_key: &str,
    secret: &str,
) -> Result<(), Lti11Error> {
    let sign = consumer_key_sign(
        oauth_consumer_key,
        secret,
        claims.deployment_id.as_deref().unwrap_or(""),
        claims.iss.as_deref().unwrap_or(""),
        client_id,
        claims.exp.unwrap_or(0),
        claims.nonce.as_deref().unwrap_or(""),
    )?;
    let m = claims.lti1p1.get_or_insert_with(Default::default);
    m.oauth_consumer_key = Some(oauth_consumer_key.to_owned());
    m.oauth_consumer_key_sign = Some(sign);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lti::launch::MemoryNonceStore;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn rfc5849_example_base_string_and_signature() {
        // RFC 5849 §3.4.1.1 example request (parameters as in the RFC).
        let params = p(&[
            ("oauth_consumer_key", "9djdj82h48djs9d2"),
            ("oauth_token", "kkk9d7dh3k39sjv7"),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "137131201"),
            ("oauth_nonce", "7d8f3e4a"),
            ("c2", ""),
            ("a3", "2 q"),
        ]);
        let base = base_string(
            "post",
            "http://Example.com:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
            &params,
        )
        .unwrap();
        assert_eq!(
            base,
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
        );
    }

    #[test]
    fn sign_then_verify() {
        let url = "https://tool.example/launch?x=1";
        let mut params = p(&[
            ("lti_message_type", "basic-lti-launch-request"),
            ("resource_link_id", "r 1"),
            ("user_id", "ü"),
        ]);
        sign("POST", url, &mut params, "key", "s3cret&", 1000, "n1").unwrap();
        let store = MemoryNonceStore::new();
        let secret = |k: &str| (k == "key").then(|| "s3cret&".to_owned());
        assert_eq!(
            verify("POST", url, &params, secret, 1010, 300, &store).unwrap(),
            "key"
        );
        let e = verify("POST", url, &params, secret, 1010, 300, &store).unwrap_err();
        assert_eq!(e.code, codes::OAUTH1_NONCE_REPLAYED);
        let e = verify(
            "POST",
            url,
            &params,
            |_| Some("other".into()),
            1010,
            300,
            &MemoryNonceStore::new(),
        )
        .unwrap_err();
        assert_eq!(e.code, codes::OAUTH1_SIGNATURE);
        let e = verify(
            "POST",
            url,
            &params,
            secret,
            5000,
            300,
            &MemoryNonceStore::new(),
        )
        .unwrap_err();
        assert_eq!(e.code, codes::OAUTH1_TIMESTAMP);
        let mut tampered = params.clone();
        tampered[0].1 = "x".into();
        assert_eq!(
            verify(
                "POST",
                url,
                &tampered,
                secret,
                1010,
                300,
                &MemoryNonceStore::new()
            )
            .unwrap_err()
            .code,
            codes::OAUTH1_SIGNATURE
        );
        let mut m = params.clone();
        m.iter_mut()
            .filter(|(k, _)| k == "oauth_signature_method")
            .for_each(|kv| kv.1 = "PLAINTEXT".into());
        assert_eq!(
            verify("POST", url, &m, secret, 1010, 300, &MemoryNonceStore::new())
                .unwrap_err()
                .code,
            codes::OAUTH1_METHOD
        );
        let mut v = params.clone();
        v.iter_mut()
            .filter(|(k, _)| k == "oauth_version")
            .for_each(|kv| kv.1 = "2.0".into());
        assert_eq!(
            verify("POST", url, &v, secret, 1010, 300, &MemoryNonceStore::new())
                .unwrap_err()
                .code,
            codes::OAUTH1_VERSION
        );
        let missing: Vec<_> = params
            .iter()
            .filter(|(k, _)| k != "oauth_nonce")
            .cloned()
            .collect();
        assert_eq!(
            verify(
                "POST",
                url,
                &missing,
                secret,
                1010,
                300,
                &MemoryNonceStore::new()
            )
            .unwrap_err()
            .code,
            codes::OAUTH1_PARAM_MISSING
        );
        let mut t = params.clone();
        t.iter_mut()
            .filter(|(k, _)| k == "oauth_timestamp")
            .for_each(|kv| kv.1 = "soon".into());
        assert_eq!(
            verify("POST", url, &t, secret, 1010, 300, &MemoryNonceStore::new())
                .unwrap_err()
                .code,
            codes::OAUTH1_TIMESTAMP
        );
        assert!(base_string("GET", "not a url", &[]).is_err());
    }

    #[test]
    fn migration_claim() {
        let mut c = Claims {
            iss: Some("https://p".into()),
            exp: Some(1_700_000_000),
            nonce: Some("n".into()),
            deployment_id: Some("d".into()),
            ..Claims::default()
        };
        assert_eq!(
            verify_migration_claim(&c, "c", "s").unwrap_err().code,
            codes::LTI1P1_SIGN_MISSING
        );
        sign_migration_claim(&mut c, "c", "key11", "secret11").unwrap();
        assert!(verify_migration_claim(&c, "c", "secret11").is_ok());
        assert_eq!(
            verify_migration_claim(&c, "c", "wrong").unwrap_err().code,
            codes::LTI1P1_SIGN_MISMATCH
        );
        assert_eq!(
            verify_migration_claim(&c, "other-client", "secret11")
                .unwrap_err()
                .code,
            codes::LTI1P1_SIGN_MISMATCH
        );
        // Known answer (computed independently with Python's hmac module):
        // base64(HMAC-SHA256("secret", "key&d&i&c&1&n")).
        assert_eq!(
            consumer_key_sign("key", "secret", "d", "i", "c", 1, "n").unwrap(),
            "zl+vV9dmyJf6Ew4eMy4x007IyEkEWccm+48P4zhKK1Q="
        );
        c.lti1p1.as_mut().unwrap().oauth_consumer_key_sign = None;
        assert_eq!(
            verify_migration_claim(&c, "c", "secret11")
                .unwrap_err()
                .code,
            codes::LTI1P1_SIGN_MISSING
        );
    }
}
