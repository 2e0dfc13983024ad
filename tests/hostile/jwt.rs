//! JWTs: `alg: none`, HS256 signed with the platform's public key, key references in the header
//! (`jku`, `x5u`, `jwk`, `x5c`) that must never be fetched or trusted, oversized tokens and
//! segments, non-base64url text.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use lti_core::lti::codes;
use lti_core::lti::jose::{self, DEFAULT_MAX_TOKEN_BYTES};
use lti_core::lti::keys::{KeySet, SigningKey, publish_jwks};
use lti_core::lti::registration::SigningAlg;
use serde_json::json;

use crate::{MIB, bounded};

const P1: &[u8] = include_bytes!("../../lti-core/tests/fixtures/keys/platform1.pem");
const P1_PUB: &[u8] = include_bytes!("../../lti-core/tests/fixtures/keys/platform1.pub.pem");
const P2: &[u8] = include_bytes!("../../lti-core/tests/fixtures/keys/platform2.pem");

fn keys() -> KeySet {
    let k = SigningKey::from_rsa_pem("k1", P1).expect("key");
    KeySet::from_jwks(&publish_jwks([&k]))
}

fn claims() -> serde_json::Value {
    json!({"iss": "https://lms.example", "aud": "tool", "sub": "u1", "exp": 2_000_000_000i64, "iat": 1_700_000_000i64, "nonce": "n"})
}

fn b64(v: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).expect("json"))
}

/// The checks a tool runs on every token: decode, algorithm allow-list (RS256), signature.
fn check(token: &str) -> Result<(), &'static str> {
    let d = jose::decode(token, DEFAULT_MAX_TOKEN_BYTES).map_err(|e| e.code)?;
    let alg = jose::check_alg(&d.header, &[SigningAlg::RS256]).map_err(|e| e.code)?;
    jose::verify(&d, alg, &keys()).map_err(|e| e.code)
}

#[test]
fn a_properly_signed_token_is_the_baseline() {
    let k = SigningKey::from_rsa_pem("k1", P1).expect("key");
    assert_eq!(check(&k.sign(&claims()).expect("sign")), Ok(()));
}

#[test]
fn alg_none_is_refused() {
    for alg in ["none", "None", "NONE", "nOnE"] {
        let token = format!(
            "{}.{}.",
            b64(&json!({"alg": alg, "kid": "k1"})),
            b64(&claims())
        );
        let code = check(&token).expect_err(alg);
        assert!(
            code == codes::JWT_ALG_NONE
                || code == codes::JWT_ALG_NOT_ALLOWED
                || code == codes::JWT_ALG_UNSUPPORTED,
            "{alg}: {code}"
        );
    }
}

/// The classic key-confusion attack: HS256 with the RSA public key (which the attacker knows)
/// as the HMAC secret.
#[test]
fn hs256_signed_with_the_public_key_is_refused() {
    for secret in [
        P1_PUB.to_vec(),
        serde_json::to_vec(&publish_jwks([
            &SigningKey::from_rsa_pem("k1", P1).expect("key")
        ]))
        .expect("jwks"),
    ] {
        let mut h = Header::new(Algorithm::HS256);
        h.kid = Some("k1".into());
        let token =
            jsonwebtoken::encode(&h, &claims(), &EncodingKey::from_secret(&secret)).expect("sign");
        let code = check(&token).expect_err("hs256");
        assert!(
            code == codes::JWT_ALG_SYMMETRIC || code == codes::JWT_ALG_NOT_ALLOWED,
            "{code}"
        );
    }
}

/// A token signed with the attacker's key, pointing at the attacker's key through `jku`, `x5u`,
/// `jwk` or `x5c`: the reference is ignored (nothing is fetched: the library does no I/O), the
/// token is checked against the configured key set, and fails.
#[test]
fn header_key_references_are_never_trusted() {
    let attacker = SigningKey::from_rsa_pem("k1", P2).expect("key");
    let attacker_jwk = serde_json::to_value(attacker.public_jwk()).expect("jwk");
    for (member, value) in [
        ("jku", json!("https://attacker.example/jwks.json")),
        ("x5u", json!("https://attacker.example/cert.pem")),
        ("jwk", attacker_jwk),
        ("x5c", json!(["MIIB"])),
    ] {
        let header = json!({"alg": "RS256", "kid": "k1", member: value});
        let signing_input = format!("{}.{}", b64(&header), b64(&claims()));
        let enc = EncodingKey::from_rsa_pem(P2).expect("pem");
        let sig = jsonwebtoken::crypto::sign(signing_input.as_bytes(), &enc, Algorithm::RS256)
            .expect("sign");
        let token = format!("{signing_input}.{sig}");
        let d = jose::decode(&token, DEFAULT_MAX_TOKEN_BYTES).expect("decodes");
        assert!(d.header.has_key_reference(), "{member}");
        let code = check(&token).expect_err(member);
        assert!(
            code == codes::JWT_SIGNATURE || code == codes::JWT_HEADER_KEY_REFERENCE,
            "{member}: {code}"
        );
    }
}

/// Oversized tokens are refused before any decoding; a large segment within the limit decodes
/// in memory proportional to it.
#[test]
fn oversized_tokens_and_segments() {
    let big_payload = b64(&json!({"x": "y".repeat(2 * MIB)}));
    let token = format!(
        "{}.{big_payload}.c2ln",
        b64(&json!({"alg": "RS256", "kid": "k1"}))
    );
    let t = token.clone();
    let code = bounded("jwt-oversized", 4 * 1024, move || check(&t)).expect_err("too large");
    assert_eq!(code, codes::JWT_TOO_LARGE);
    // Within a raised limit: decoded, the signature still fails.
    let d = bounded("jwt-big-segment", 16 * MIB, move || {
        jose::decode(&token, 8 * MIB).map(|d| d.payload.len())
    });
    assert_eq!(d, Ok(1));
    // Many segments, or a huge signature segment.
    let many = vec!["e30"; 10_000].join(".");
    assert_eq!(check(&many), Err(codes::JWT_MALFORMED));
    let sig = "A".repeat(60_000);
    let token = format!(
        "{}.{}.{sig}",
        b64(&json!({"alg": "RS256", "kid": "k1"})),
        b64(&claims())
    );
    assert!(check(&token).is_err());
}

#[test]
fn non_base64url_is_refused() {
    let h = b64(&json!({"alg": "RS256", "kid": "k1"}));
    let p = b64(&claims());
    let std_b64 = base64::engine::general_purpose::STANDARD.encode(
        serde_json::to_vec(&json!({"alg": "RS256", "kid": "k1", "x": "??>>"})).expect("json"),
    );
    for token in [
        format!("{std_b64}.{p}.c2ln"),
        format!("{h}=.{p}.c2ln"),
        format!("{h}.{p}==.c2ln"),
        format!("{h}.{p}.c2l+/"),
        format!("{h}. {p}.c2ln"),
        format!("{h}.{p}\u{0}.c2ln"),
        format!("{h}.{p}é.c2ln"),
        format!("{}.{p}.c2ln", &h[..h.len() - 1]),
        format!("{}.{p}.c2ln", URL_SAFE_NO_PAD.encode([0xFF, 0xFE, 0x00])),
        format!("{}.{p}.c2ln", URL_SAFE_NO_PAD.encode(b"[1,2]")),
        "..".to_owned(),
        String::new(),
    ] {
        let code = check(&token).expect_err(&token);
        assert!(code.starts_with("lti.jwt."), "{token}: {code}");
        assert_ne!(
            code,
            codes::JWT_SIGNATURE,
            "{token}: reached signature checking"
        );
    }
}
