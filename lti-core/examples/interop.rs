//! The Rust side of the interop test with pylti1p3 and PyJWT (`tests/interop/run.sh`).
//!
//! - `interop jwks`: prints the test platform's JWKS.
//! - `interop issue AUTH_QUERY NOW`: checks a tool's OIDC authentication request (the query
//!   pylti1p3 built) with our platform side and prints `{"id_token", "state", "redirect_uri"}`.
//! - `interop verify JWKS_FILE ISSUER CLIENT_ID DEPLOYMENT_ID NONCE NOW TOKEN`: validates a launch
//!   with our tool side; prints `{"valid", "code", "message_type", "sub"}`; exit 0 when valid.

use lti_core::lti::claims::{Context, ResourceLink};
use lti_core::lti::keys::{KeySet, SigningKey, publish_jwks};
use lti_core::lti::launch::{Expected, LaunchValidator, MemoryNonceStore};
use lti_core::lti::login::LaunchForm;
use lti_core::lti::platform::{self, AuthRequest, PendingLogin, Platform, ToolRecord};
use lti_core::lti::registration::ToolRegistration;
use lti_core::lti::roles::{ContextRole, Role};
use serde_json::json;

const PLATFORM_KEY: &[u8] = include_bytes!("../tests/fixtures/keys/platform1.pem");
const ISS: &str = "https://rust-platform.example";
const CLIENT: &str = "py-tool";
const DEPLOYMENT: &str = "dep-1";
const LAUNCH_URL: &str = "https://py-tool.example/launch";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("jwks") => jwks(),
        Some("issue") if args.len() == 3 => issue(&args[1], &args[2]),
        Some("verify") if args.len() == 8 => verify(&args[1..]),
        _ => {
            eprintln!(
                "usage: interop jwks | issue AUTH_QUERY NOW | verify JWKS_FILE ISSUER CLIENT_ID DEPLOYMENT_ID NONCE NOW TOKEN"
            );
            2
        }
    };
    std::process::exit(code);
}

fn key() -> Result<SigningKey, String> {
    SigningKey::from_rsa_pem("rust-platform-1", PLATFORM_KEY).map_err(|e| e.to_string())
}

fn jwks() -> i32 {
    match key() {
        Ok(k) => {
            println!("{}", publish_jwks([&k]).to_json());
            0
        }
        Err(e) => {
            eprintln!("{e}");
            2
        }
    }
}

fn issue(auth_query: &str, now: &str) -> i32 {
    let run = || -> Result<serde_json::Value, String> {
        let now: i64 = now.parse().map_err(|e| format!("NOW: {e}"))?;
        let platform = Platform::new(ISS, key()?);
        let req = AuthRequest::parse(auth_query.as_bytes());
        let tool = ToolRecord::new(CLIENT, &[LAUNCH_URL], &[DEPLOYMENT]);
        let mut claims = platform::resource_link_claims(
            DEPLOYMENT,
            LAUNCH_URL,
            ResourceLink::new("rl-interop-1"),
            vec![Role::from(ContextRole::Learner)],
        );
        claims.sub = Some("user-7".into());
        claims.name = Some("Interop Student".into());
        claims.context = Some(Context::new("ctx-1"));
        let issued = platform
            .issue_launch(
                &req,
                &tool,
                &PendingLogin::new("user-7", Some("mh-1")),
                claims,
                now,
                300,
            )
            .map_err(|e| format!("{}: {}", e.code, e.message))?;
        Ok(
            json!({"id_token": issued.id_token, "state": issued.state, "redirect_uri": issued.redirect_uri}),
        )
    };
    match run() {
        Ok(v) => {
            println!("{v}");
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

fn verify(a: &[String]) -> i32 {
    let [jwks_file, issuer, client, deployment, nonce, now, token] = a else {
        return 2;
    };
    let Ok(now) = now.parse::<i64>() else {
        return 2;
    };
    let keys = match std::fs::read(jwks_file)
        .map_err(|e| e.to_string())
        .and_then(|b| KeySet::from_json(&b).map_err(|e| e.to_string()))
    {
        Ok(k) => k,
        Err(e) => {
            eprintln!("{jwks_file}: {e}");
            return 2;
        }
    };
    let reg = ToolRegistration::new(issuer.as_str(), client.as_str())
        .with_deployment(deployment.as_str());
    let result = LaunchValidator::new(&reg, &keys).validate(
        &LaunchForm::new(token.as_str(), None),
        Expected::Nonce(Some(nonce)),
        now,
        &MemoryNonceStore::new(),
    );
    let out = match &result {
        Ok(v) => {
            json!({"valid": true, "message_type": v.message_type().to_string(), "sub": v.user_id()})
        }
        Err(e) => json!({"valid": false, "code": e.code(), "message": e.message}),
    };
    println!("{out}");
    i32::from(result.is_err())
}
