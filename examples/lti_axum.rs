//! How a web handler wires the LTI 1.3 login and launch with axum: `/login` (GET or POST),
//! `/launch` (the form post), `/.well-known/jwks.json`. The library does no I/O; the handlers
//! read the request, pass bytes, the clock and random values in, and write the response.
//!
//! Run: `cargo run --example lti_axum` (listens on 127.0.0.1:3000). Register
//! `http://127.0.0.1:3000/login` and `/launch` with a test platform and edit `registrations()`.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use lti_core::lti::keys::{KeySet, SigningKey, publish_jwks};
use lti_core::lti::launch::{Expected, LaunchValidator, MemoryNonceStore};
use lti_core::lti::login::{
    LaunchForm, LoginRequest, MemoryStateStore, StateLookup, StateStore, handle_login,
};
use lti_core::lti::registration::{Registrations, ToolRegistration};
use lti_core::lti::storage;

const TOOL_KEY: &[u8] = include_bytes!("../lti-core/tests/fixtures/keys/tool.pem");
const REDIRECT_URI: &str = "http://127.0.0.1:3000/launch";

struct AppState {
    registrations: Registrations,
    /// The platform's key set, as fetched from its JWKS URL (refetch on `should_refresh_keys`).
    platform_keys: KeySet,
    states: MemoryStateStore,
    nonces: MemoryNonceStore,
    tool_key: SigningKey,
}

fn registrations() -> Registrations {
    [
        ToolRegistration::new("https://lms.example.edu", "tool-client-7")
            .with_deployment("deployment-42")
            .with_auth_login_url("https://lms.example.edu/oidc/auth"),
    ]
    .into_iter()
    .collect()
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// Random state/nonce values. A real tool uses a CSPRNG (e.g. `rand::rngs::OsRng`); the example
/// avoids the extra dependency and mixes the clock with a counter — do not copy this part.
fn random_token() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{t:x}{:x}", N.fetch_add(1, Ordering::Relaxed))
}

async fn login(
    State(app): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // GET: parameters in the query; POST: in the form body.
    let parsed = if headers.get(header::CONTENT_TYPE).is_some() && !body.is_empty() {
        LoginRequest::parse_form(&body)
    } else {
        LoginRequest::parse_query(query.as_deref().unwrap_or(""))
    };
    let login = match parsed {
        Ok(l) => l,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                format!("{}: {}", e.code, e.message),
            )
                .into_response();
        }
    };
    let redirect = match handle_login(
        &app.registrations,
        &login,
        REDIRECT_URI,
        &random_token(),
        &random_token(),
        now(),
    ) {
        Ok(r) => r,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                format!("{}: {}", e.code, e.message),
            )
                .into_response();
        }
    };
    // Server-side state store keyed by `state`: works with and without third-party cookies.
    app.states.put(redirect.state.clone());
    if redirect.uses_platform_storage() {
        // Cookie-less flow: store state/nonce in the platform's storage frame, then redirect.
        let origin = url_origin(&redirect.url);
        return Html(storage::login_page(&redirect, &origin)).into_response();
    }
    let resp = redirect.to_response();
    let (parts, body) = resp.into_parts();
    Response::from_parts(parts, axum::body::Body::from(body))
}

fn url_origin(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    url[..end].to_owned()
}

async fn launch(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    let form = match LaunchForm::parse(&body) {
        Ok(f) => f,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                format!("{}: {}", e.code, e.message),
            )
                .into_response();
        }
    };
    // Take (consume) the login state, then select the registration from it — never from the
    // unverified token.
    let Some(state) = form.state.as_deref() else {
        return (StatusCode::BAD_REQUEST, "no state").into_response();
    };
    let stored = match app.states.take(state) {
        StateLookup::Found(s) => s,
        StateLookup::Consumed => {
            return (StatusCode::UNAUTHORIZED, "state already used").into_response();
        }
        _ => return (StatusCode::UNAUTHORIZED, "unknown state").into_response(),
    };
    let Ok(reg) = app
        .registrations
        .find(&stored.issuer, Some(&stored.client_id))
    else {
        return (StatusCode::UNAUTHORIZED, "no registration").into_response();
    };
    let validator = LaunchValidator::new(reg, &app.platform_keys);
    match validator.validate(&form, Expected::Login(Some(&stored)), now(), &app.nonces) {
        Ok(launch) => Html(format!(
            "<h1>Welcome</h1><p>{} launch for user {:?} in deployment {}</p>",
            launch.message_type(),
            launch.user_id(),
            launch.deployment_id()
        ))
        .into_response(),
        // On an unknown kid, a real tool refetches the platform JWKS once
        // (`validate_with_refresh`) before giving up.
        Err(e) => (
            StatusCode::UNAUTHORIZED,
            format!("{}: {}", e.code(), e.message),
        )
            .into_response(),
    }
}

async fn jwks(State(app): State<Arc<AppState>>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        publish_jwks([&app.tool_key]).to_json(),
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app = Arc::new(AppState {
        registrations: registrations(),
        platform_keys: KeySet::default(),
        states: MemoryStateStore::new(600),
        nonces: MemoryNonceStore::new(),
        tool_key: SigningKey::from_rsa_pem("tool-2026", TOOL_KEY)?,
    });
    let router = Router::new()
        .route("/login", get(login).post(login))
        .route("/launch", axum::routing::post(launch))
        .route("/.well-known/jwks.json", get(jwks))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://127.0.0.1:3000");
    axum::serve(listener, router).await?;
    Ok(())
}
