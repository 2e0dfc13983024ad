//! LTI launch validation against its floor: a bare jsonwebtoken RS256 decode-and-verify of the
//! same token into a `serde_json::Value`. Target: validation ≤ 1.15 × the floor.
//!
//! Run: `cargo bench --bench lti`

use std::hint::black_box;

use criterion::{Criterion, criterion_group};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use lti_core::lti::claims::uri;
use lti_core::lti::keys::{KeySet, SigningKey, publish_jwks};
use lti_core::lti::launch::{Expected, LaunchValidator, NonceStatus, NonceStore};
use lti_core::lti::login::LaunchForm;
use lti_core::lti::registration::ToolRegistration;
use serde_json::{Value, json};

const KEY: &[u8] = include_bytes!("../lti-core/tests/fixtures/keys/platform1.pem");
const PUB: &[u8] = include_bytes!("../lti-core/tests/fixtures/keys/platform1.pub.pem");
const NOW: i64 = 1_780_000_000;

/// A nonce store that accepts every nonce: the bench re-validates one token, and a real store's
/// cost (a hash map insert) is the caller's.
struct AcceptAll;
impl NonceStore for AcceptAll {
    fn check_and_consume(&self, _: &str, _: &str, _: i64, _: i64) -> NonceStatus {
        NonceStatus::Fresh
    }
}

fn launch_claims() -> Value {
    json!({
        "iss": "https://lms.example.edu", "aud": "tool-client-7", "azp": "tool-client-7",
        "sub": "4f1a7c52-0b8e-4f57-9d0e-2c4b1a6e9d31", "exp": NOW + 300, "iat": NOW, "nonce": "n-1",
        "name": "Grace Hopper", "given_name": "Grace", "family_name": "Hopper", "email": "grace@lms.example.edu",
        uri::MESSAGE_TYPE: "LtiResourceLinkRequest", uri::VERSION: "1.3.0", uri::DEPLOYMENT_ID: "deployment-42",
        uri::TARGET_LINK_URI: "https://tool.example.org/lti/launch",
        uri::RESOURCE_LINK: {"id": "rl-2b7e151628aed2a6", "title": "Week 3 quiz"},
        uri::ROLES: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner", "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student"],
        uri::CONTEXT: {"id": "course-cs101", "label": "CS101", "title": "Introduction to Computing", "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"]},
        uri::TOOL_PLATFORM: {"guid": "lms.example.edu", "name": "Example LMS", "version": "9.1"},
        uri::LAUNCH_PRESENTATION: {"document_target": "iframe", "return_url": "https://lms.example.edu/return"},
        uri::CUSTOM: {"week": "3"},
        uri::AGS_ENDPOINT: {"scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/score"], "lineitem": "https://lms.example.edu/li/9"},
        uri::NRPS: {"context_memberships_url": "https://lms.example.edu/nrps", "service_versions": ["2.0"]},
        "https://lms.example.edu/claims/section": {"id": "sec-3"}
    })
}

fn bench(c: &mut Criterion) {
    let key = SigningKey::from_rsa_pem("k1", KEY).expect("the fixture key is a valid RSA PEM");
    let token = key
        .sign(&launch_claims())
        .expect("signing the fixture claims works");
    let keys = KeySet::from_jwks(&publish_jwks([&key]));
    let reg = ToolRegistration::new("https://lms.example.edu", "tool-client-7")
        .with_deployment("deployment-42");
    let validator = LaunchValidator::new(&reg, &keys);
    let form = LaunchForm::new(token.clone(), None);
    assert!(
        validator
            .validate(&form, Expected::Nonce(Some("n-1")), NOW, &AcceptAll)
            .is_ok()
    );

    // The floor gets its key the way the validator does: from the JWK's modulus and exponent
    // (a PEM key would add DER parsing to every verification and flatter the ratio).
    let jwk = publish_jwks([&key]).keys.remove(0);
    let dk = DecodingKey::from_rsa_components(
        jwk.n.as_deref().unwrap_or(""),
        jwk.e.as_deref().unwrap_or(""),
    )
    .expect("the published JWK has n and e");
    let dk_pem = DecodingKey::from_rsa_pem(PUB).expect("the fixture public key is a valid PEM");
    let mut v = Validation::new(Algorithm::RS256);
    v.validate_exp = false;
    v.validate_aud = false;
    v.required_spec_claims.clear();

    let mut g = c.benchmark_group("lti_launch");
    g.bench_function("floor: jsonwebtoken RS256 decode+verify", |b| {
        b.iter(|| jsonwebtoken::decode::<Value>(black_box(&token), &dk, &v).expect("valid"))
    });
    g.bench_function("floor (PEM key): jsonwebtoken RS256 decode+verify", |b| {
        b.iter(|| jsonwebtoken::decode::<Value>(black_box(&token), &dk_pem, &v).expect("valid"))
    });
    g.bench_function("LaunchValidator::validate", |b| {
        b.iter(|| {
            validator
                .validate(
                    black_box(&form),
                    Expected::Nonce(Some("n-1")),
                    NOW,
                    &AcceptAll,
                )
                .expect("valid")
        })
    });
    g.finish();
}

/// The shared machine's load drifts over the minutes criterion spends on each function, which
/// biases a ratio of two sequential measurements. This pairs them instead: rounds of 10 floor
/// decodes then 10 validations, and reports the median of the per-round ratios.
fn paired_ratio() {
    let key = SigningKey::from_rsa_pem("k1", KEY).expect("the fixture key is a valid RSA PEM");
    let token = key
        .sign(&launch_claims())
        .expect("signing the fixture claims works");
    let set = publish_jwks([&key]);
    let keys = KeySet::from_jwks(&set);
    let reg = ToolRegistration::new("https://lms.example.edu", "tool-client-7")
        .with_deployment("deployment-42");
    let validator = LaunchValidator::new(&reg, &keys);
    let form = LaunchForm::new(token.clone(), None);
    let jwk = &set.keys[0];
    let dk = DecodingKey::from_rsa_components(
        jwk.n.as_deref().unwrap_or(""),
        jwk.e.as_deref().unwrap_or(""),
    )
    .expect("the published JWK has n and e");
    let mut v = Validation::new(Algorithm::RS256);
    v.validate_exp = false;
    v.validate_aud = false;
    v.required_spec_claims.clear();
    let mut ratios = Vec::with_capacity(300);
    for _ in 0..300 {
        let t = std::time::Instant::now();
        for _ in 0..10 {
            black_box(jsonwebtoken::decode::<Value>(black_box(&token), &dk, &v).expect("valid"));
        }
        let floor = t.elapsed();
        let t = std::time::Instant::now();
        for _ in 0..10 {
            black_box(
                validator
                    .validate(
                        black_box(&form),
                        Expected::Nonce(Some("n-1")),
                        NOW,
                        &AcceptAll,
                    )
                    .expect("valid"),
            );
        }
        let ours = t.elapsed();
        ratios.push(ours.as_secs_f64() / floor.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "lti_launch paired ratio (validate / floor), median of 300 rounds: {:.3} (p25 {:.3}, p75 {:.3})",
        ratios[150], ratios[75], ratios[225]
    );
}

criterion_group!(benches, bench);

fn main() {
    paired_ratio();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
