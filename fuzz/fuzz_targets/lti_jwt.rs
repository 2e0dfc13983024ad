//! Compact JWS decoding and verification against a fixed key set (RS256 key, allow-list RS256).
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use lti_core::lti::jose;
use lti_core::lti::keys::{KeySet, SigningKey, publish_jwks};
use lti_core::lti::registration::SigningAlg;

static KEYS: LazyLock<KeySet> = LazyLock::new(|| {
    let pem = include_bytes!("../../lti-core/tests/fixtures/keys/platform1.pem");
    let key = SigningKey::from_rsa_pem("k1", pem).expect("key");
    KeySet::from_jwks(&publish_jwks([&key]))
});

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else { return };
    let _ = jose::decode_header_json(token);
    let Ok(decoded) = jose::decode(token, jose::DEFAULT_MAX_TOKEN_BYTES) else { return };
    let _ = decoded.header.has_key_reference();
    for allowed in [&[SigningAlg::RS256][..], &[SigningAlg::RS256, SigningAlg::ES256][..]] {
        if let Ok(alg) = jose::check_alg(&decoded.header, allowed) {
            assert!(allowed.contains(&alg));
            // Random bytes never carry a valid signature.
            assert!(jose::verify(&decoded, alg, &KEYS).is_err());
        }
    }
});
