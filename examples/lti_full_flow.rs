//! The whole LTI 1.3 flow in one process, with no network: the platform starts a login, the
//! tool answers with the authentication redirect, the platform checks it and issues a signed
//! deep-linking launch, the tool validates it and answers with a signed deep-linking response,
//! the platform verifies that, then the tool gets a service token and posts a score, and the
//! platform verifies the token request and parses the score.
//!
//! Run: `cargo run --example lti_full_flow`

use lti_core::lti::ags::{self, ActivityProgress, GradingProgress, Score};
use lti_core::lti::claims::AgsEndpoint;
use lti_core::lti::deep_linking::{
    ContentItem, DeepLinkingResponseBuilder, DeepLinkingSettings, LineItemRequest,
};
use lti_core::lti::keys::{KeySet, SigningKey, publish_jwks};
use lti_core::lti::launch::{Expected, LaunchValidator, MemoryNonceStore};
use lti_core::lti::login::{LaunchForm, LoginRequest, MemoryStateStore, StateStore, handle_login};
use lti_core::lti::message::LtiMessage;
use lti_core::lti::platform::{self, AuthRequest, PendingLogin, Platform, ToolRecord};
use lti_core::lti::registration::{Registrations, ToolRegistration};
use lti_core::lti::roles::{ContextRole, Role};
use lti_core::lti::token;

// Test-only keys shipped with the repository; never use them for anything real.
const PLATFORM_KEY: &[u8] = include_bytes!("../lti-core/tests/fixtures/keys/platform1.pem");
const TOOL_KEY: &[u8] = include_bytes!("../lti-core/tests/fixtures/keys/tool.pem");

const ISS: &str = "https://lms.example.edu";
const CLIENT: &str = "tool-client-7";
const DEPLOYMENT: &str = "deployment-42";
const LAUNCH_URL: &str = "https://tool.example.org/lti/launch";
const TOKEN_URL: &str = "https://lms.example.edu/oauth2/token";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The clock and randomness belong to the caller: fixed values keep the run reproducible.
    let now: i64 = 1_780_000_000;

    // --- Set-up: keys, JWKS, registrations on both sides. ---
    let platform_key = SigningKey::from_rsa_pem("lms-2026", PLATFORM_KEY)?;
    let tool_key = SigningKey::from_rsa_pem("tool-2026", TOOL_KEY)?;
    let platform = Platform::new(ISS, platform_key.clone());
    let platform_jwks = publish_jwks([&platform_key]).to_json(); // served at the platform's JWKS URL
    let tool_jwks = publish_jwks([&tool_key]).to_json(); // served at the tool's JWKS URL
    let tool_record = ToolRecord::new(CLIENT, &[LAUNCH_URL], &[DEPLOYMENT]);
    let registrations: Registrations = [ToolRegistration::new(ISS, CLIENT)
        .with_deployment(DEPLOYMENT)
        .with_auth_login_url("https://lms.example.edu/oidc/auth")
        .with_token_url(TOKEN_URL)]
    .into_iter()
    .collect();

    // --- 1. Platform → tool: third-party initiated login. ---
    let login_query = format!(
        "iss={ISS}&login_hint=user-17&target_link_uri={LAUNCH_URL}&lti_message_hint=dl-ctx-101&client_id={CLIENT}&lti_deployment_id={DEPLOYMENT}"
    );
    let login = LoginRequest::parse_query(&login_query)?;
    let states = MemoryStateStore::new(600);
    let redirect = handle_login(
        &registrations,
        &login,
        LAUNCH_URL,
        "state-5e1d",
        "nonce-9a2c",
        now,
    )?;
    states.put(redirect.state.clone());
    println!("1. tool redirects the browser to {}", redirect.url);

    // --- 2. Platform: check the authentication request, issue a deep-linking launch. ---
    let auth = AuthRequest::parse(
        redirect
            .url
            .split_once('?')
            .map_or("", |(_, q)| q)
            .as_bytes(),
    );
    let mut settings = DeepLinkingSettings::new(
        "https://lms.example.edu/deep_links",
        &["ltiResourceLink"],
        &["iframe"],
    );
    settings.accept_lineitem = Some(true);
    settings.data = Some("dl-session-3".into());
    let mut claims = platform::deep_linking_claims(
        DEPLOYMENT,
        LAUNCH_URL,
        settings.clone(),
        vec![Role::from(ContextRole::Instructor)],
    );
    claims.sub = Some("user-17".into());
    let issued = platform.issue_launch(
        &auth,
        &tool_record,
        &PendingLogin::new("user-17", Some("dl-ctx-101")),
        claims,
        now + 2,
        300,
    )?;
    println!(
        "2. platform posts an id_token of {} bytes to {}",
        issued.id_token.len(),
        issued.redirect_uri
    );

    // --- 3. Tool: validate the launch. ---
    let reg = registrations
        .find(ISS, Some(CLIENT))
        .map_err(|e| format!("{e:?}"))?;
    let platform_keys = KeySet::from_json(platform_jwks.as_bytes())?;
    let nonces = MemoryNonceStore::new();
    let form = LaunchForm::new(issued.id_token.clone(), issued.state.as_deref());
    let launch = LaunchValidator::new(reg, &platform_keys).validate(
        &form,
        Expected::Store(&states),
        now + 3,
        &nonces,
    )?;
    let LtiMessage::DeepLinking(request) = launch.message() else {
        return Err("expected a deep-linking request".into());
    };
    println!(
        "3. tool accepted a {} from {} for user {:?}",
        launch.message_type(),
        launch.issuer(),
        launch.user_id()
    );

    // --- 4. Tool → platform: deep-linking response with a graded activity. ---
    let response = DeepLinkingResponseBuilder::new(
        request.settings.clone(),
        CLIENT,
        ISS,
        launch.deployment_id().clone(),
    )
    .item(
        ContentItem::lti_resource_link()
            .with_title("Week 3 quiz")
            .with_url("https://tool.example.org/lti/launch?quiz=3")
            .with_line_item(LineItemRequest::new(20.0))
            .with_custom("quiz", "3"),
    )
    .msg("Added the Week 3 quiz");
    let jwt = response.sign(&tool_key, now + 20, 300, "dl-resp-nonce-1")?;
    let _html = response.form(&jwt); // the auto-submitting page the tool returns to the browser
    let verified = platform.verify_deep_linking_response(
        &jwt,
        &tool_record,
        &KeySet::from_json(tool_jwks.as_bytes())?,
        &settings,
        DEPLOYMENT,
        now + 21,
        &MemoryNonceStore::new(),
    )?;
    println!(
        "4. platform accepted {} content item(s): {:?}",
        verified.items.len(),
        verified.items[0].title
    );

    // --- 5. Later, a student launch: the tool posts a score through AGS. ---
    let token_request =
        token::token_request(reg, &tool_key, &[ags::SCOPE_SCORE], now + 100, "jti-77")?;
    let tool_keys = KeySet::from_json(tool_jwks.as_bytes())?;
    let assertion = platform.verify_token_request(
        token_request.body(),
        &[TOKEN_URL],
        |client| (client == CLIENT).then_some(&tool_keys),
        now + 101,
        &MemoryNonceStore::new(),
    )?;
    let token_response = platform::token_response("at-1f0c", 3600, &[ags::SCOPE_SCORE]);
    let access = token::parse_token_response(&token_response, now + 102)?;
    println!(
        "5. platform granted {:?} to {}",
        assertion.scopes, assertion.client_id
    );

    // The AGS endpoint claim of the student's launch names the line item.
    let mut endpoint = AgsEndpoint::default();
    endpoint.lineitem = Some("https://lms.example.edu/api/lti/courses/101/line_items/9".into());
    let score = Score::new(
        "user-31",
        "2026-05-28T21:26:42.123Z",
        ActivityProgress::Completed,
        GradingProgress::FullyGraded,
    )
    .with_score(17.0, 20.0)
    .with_comment("Well done");
    let lineitem = endpoint.lineitem.as_deref().unwrap_or_default();
    let score_request = ags::post_score(lineitem, &score, &access.access_token)?;
    println!(
        "6. tool sends {} {}",
        score_request.method(),
        score_request.uri()
    );
    let parsed = ags::parse_score_request(&score_request).map_err(|r| format!("{r:?}"))?;
    println!(
        "7. platform parsed a score of {:?}/{:?} for {}",
        parsed.score_given, parsed.score_maximum, parsed.user_id
    );

    Ok(())
}
