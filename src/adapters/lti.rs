//! LTI: validation adapter (`lti-message` claim sets and `lti-jwt` tokens) and the `ims lti`
//! subcommands (`verify`, `decode`). The logic lives in `lti_core::lti`; this module reads
//! files, the clock and the arguments.

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use lti_core::lti::claims::uri;
use lti_core::lti::codes;
use lti_core::lti::jose;
use lti_core::lti::keys::{JwkSet, KeySet};
use lti_core::lti::launch::{Expected, LaunchValidator, MemoryNonceStore};
use lti_core::lti::login::LaunchForm;
use lti_core::lti::message::{self, CheckOptions};
use lti_core::lti::registration::ToolRegistration;
use lti_core::{Location, Problem, Report};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cli::validate::{Document, Options, Outcome, Source, unsupported};
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use ims::detect::Kind;

/// `ims lti` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Verify launch id_tokens against a platform configuration (signature, issuer, audience,
    /// times, nonce, LTI claims). All tokens share one nonce store, so a replay is caught.
    Verify {
        /// Platform configuration: {"issuer", "client_id", "deployment_ids": [...], "jwks": {JWKS},
        /// "leeway_seconds"?, "target_link_uri"?}.
        #[arg(long, value_name = "PLATFORM.json")]
        platform: PathBuf,
        /// The nonce issued at login (without it the token must still carry a nonce, accepted once).
        #[arg(long, value_name = "N")]
        nonce: Option<String>,
        /// The time to check against: Unix seconds or RFC 3339 (default: the system clock).
        #[arg(long, value_name = "TIME")]
        now: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Compact JWTs, or files holding one.
        #[arg(required = true, value_name = "TOKEN")]
        tokens: Vec<String>,
    },
    /// Decode a JWT WITHOUT verifying it: prints its header and payload.
    Decode {
        /// A compact JWT, or a file holding one.
        #[arg(value_name = "TOKEN")]
        token: String,
    },
}

/// Output format of `ims lti verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

/// The `--platform` file.
#[derive(Debug, Deserialize)]
struct PlatformFile {
    issuer: String,
    client_id: String,
    #[serde(default)]
    deployment_ids: Vec<String>,
    jwks: JwkSet,
    #[serde(default)]
    leeway_seconds: Option<i64>,
    #[serde(default)]
    target_link_uri: Option<String>,
}

#[derive(Debug, Serialize)]
struct VerifyLine<'a> {
    token: &'a str,
    valid: bool,
    message_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<String>,
    claims: Value,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

/// Prints a line to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn out(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Runs an `ims lti` subcommand.
pub(crate) fn run(command: Command) -> u8 {
    match command {
        Command::Verify {
            platform,
            nonce,
            now,
            format,
            tokens,
        } => verify(&platform, nonce.as_deref(), now.as_deref(), format, &tokens),
        Command::Decode { token } => decode(&token),
    }
}

/// Reads a token argument: a file holding a JWT, or the JWT itself.
fn read_token(arg: &str) -> Result<(String, String), String> {
    let path = std::path::Path::new(arg);
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{arg}: {e}"))?;
        Ok((arg.to_owned(), text.trim().to_owned()))
    } else if arg.matches('.').count() == 2 && !arg.contains('/') {
        let label = format!("{}…", arg.chars().take(16).collect::<String>());
        Ok((label, arg.trim().to_owned()))
    } else {
        Err(format!("{arg}: no such file, and not a compact JWT"))
    }
}

fn parse_now(now: Option<&str>) -> Result<i64, String> {
    match now {
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| e.to_string())
            .and_then(|d| i64::try_from(d.as_secs()).map_err(|e| e.to_string())),
        Some(s) => s
            .parse::<i64>()
            .or_else(|_| lti_core::time::parse_datetime(s).map(|d| d.timestamp()))
            .map_err(|_| format!("--now {s:?} is neither Unix seconds nor an RFC 3339 date-time")),
    }
}

fn verify(
    platform: &std::path::Path,
    nonce: Option<&str>,
    now: Option<&str>,
    format: Format,
    tokens: &[String],
) -> u8 {
    let cfg: PlatformFile = match std::fs::read(platform)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("ims: {}: {e}", platform.display());
            return EXIT_USAGE;
        }
    };
    let now = match parse_now(now) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("ims: {e}");
            return EXIT_USAGE;
        }
    };
    let mut reg = ToolRegistration::new(cfg.issuer, cfg.client_id);
    reg.deployment_ids = cfg.deployment_ids;
    if let Some(l) = cfg.leeway_seconds {
        reg.leeway_seconds = l;
    }
    let keys = KeySet::from_jwks(&cfg.jwks);
    let mut validator = LaunchValidator::new(&reg, &keys);
    if let Some(t) = cfg.target_link_uri.as_deref() {
        validator = validator.expect_target_link_uri(t);
    }
    let nonces = MemoryNonceStore::new();
    let mut status = EXIT_OK;
    for arg in tokens {
        let (label, token) = match read_token(arg) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("ims: {e}");
                status = EXIT_USAGE;
                continue;
            }
        };
        let result = validator.validate(
            &LaunchForm::new(token.as_str(), None),
            Expected::Nonce(nonce),
            now,
            &nonces,
        );
        let line = match &result {
            Ok(v) => VerifyLine {
                token: &label,
                valid: true,
                message_type: Some(v.message_type().to_string()),
                code: None,
                message: None,
                pointer: None,
                claims: v.claims().to_value(),
                warnings: v
                    .warnings()
                    .iter()
                    .map(|p| format!("{}: {}", p.code, p.message))
                    .collect(),
            },
            Err(e) => {
                if status == EXIT_OK {
                    status = EXIT_INVALID;
                }
                let payload = jose::decode(&token, usize::MAX).ok();
                VerifyLine {
                    token: &label,
                    valid: false,
                    message_type: payload
                        .as_ref()
                        .and_then(|d| d.payload.get(uri::MESSAGE_TYPE))
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    code: Some(e.code()),
                    message: Some(e.message.clone()),
                    pointer: e.pointer.clone(),
                    claims: payload.map_or(Value::Null, |d| Value::Object(d.payload)),
                    warnings: Vec::new(),
                }
            }
        };
        match format {
            Format::Json => out(&serde_json::to_string(&line).unwrap_or_default()),
            Format::Text => match (&result, line.code) {
                (Ok(_), _) => {
                    out(&format!(
                        "ok   {label} ({})",
                        line.message_type.as_deref().unwrap_or("?")
                    ));
                    for w in &line.warnings {
                        out(&format!("    warning {w}"));
                    }
                }
                (Err(_), code) => out(&format!(
                    "FAIL {label}: [{}]{} {}",
                    code.unwrap_or(""),
                    line.pointer
                        .as_deref()
                        .map(|p| format!(" at {p}"))
                        .unwrap_or_default(),
                    line.message.as_deref().unwrap_or("")
                )),
            },
        }
    }
    status
}

fn decode(arg: &str) -> u8 {
    let (_, token) = match read_token(arg) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("ims: {e}");
            return EXIT_USAGE;
        }
    };
    let header = jose::decode_header_json(&token);
    let decoded = jose::decode(&token, usize::MAX);
    match (header, decoded) {
        (Ok(h), Ok(d)) => {
            let decoded_json = serde_json::json!({
                "verified": false,
                "warning": "NOT VERIFIED: decoded only; the signature, issuer, audience, times and nonce were not checked (use `ims lti verify`)",
                "header": h,
                "payload": Value::Object(d.payload),
            });
            eprintln!("ims: warning: NOT VERIFIED — decoded only, nothing was checked");
            out(&serde_json::to_string_pretty(&decoded_json).unwrap_or_default());
            EXIT_OK
        }
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("ims: not a decodable JWT: [{}] {}", e.code, e.message);
            EXIT_INVALID
        }
    }
}

/// Validates a document detected as one of LTI's kinds.
pub(crate) fn validate(doc: &Document, _opts: Options) -> Outcome {
    let Source::Bytes(bytes) = &doc.source else {
        return unsupported(doc.detected.kind);
    };
    let mut report = Report::new();
    match doc.detected.kind {
        Kind::LtiMessage => {
            let (r, _) = message::check_claim_set_json(bytes, &CheckOptions::full());
            report.extend(r);
        }
        Kind::LtiJwt => {
            let text = String::from_utf8_lossy(bytes);
            match jose::decode(&text, jose::DEFAULT_MAX_TOKEN_BYTES) {
                Err(e) => report.push(Problem::error(e.code, e.message)),
                Ok(d) => {
                    report.push(Problem::info(
                        codes::JWT_NOT_VERIFIED,
                        "decoded and checked structurally only: without a platform configuration the signature cannot be verified (use `ims lti verify --platform PLATFORM.json`)",
                    ));
                    if let Err(e) = jose::check_alg(
                        &d.header,
                        &lti_core::lti::registration::SigningAlg::ALL_ASYMMETRIC,
                    ) {
                        report.push(Problem::error(e.code, e.message));
                    }
                    if d.header.kid.is_none() {
                        report.push(Problem::error(
                            codes::JWT_KID_MISSING,
                            "the header has no kid",
                        ));
                    }
                    let is_lti = d
                        .payload
                        .keys()
                        .any(|k| k.starts_with("https://purl.imsglobal.org/spec/lti"));
                    if is_lti {
                        report.extend(message::check_claims(&d.payload, &CheckOptions::full()));
                    } else {
                        report.push(
                            Problem::info(codes::JWT_NOT_VERIFIED, "the payload carries no LTI claims (a service token or client assertion?): only the JWT structure was checked")
                                .at(Location::json_pointer(String::new())),
                        );
                    }
                }
            }
        }
        other => return unsupported(other),
    }
    Outcome {
        version: Some("1.3".to_owned()),
        report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ims::detect::Detected;

    const ROOT: &str = env!("CARGO_MANIFEST_DIR");

    fn doc(rel: &str) -> Document {
        let bytes = std::fs::read(format!("{ROOT}/{rel}")).unwrap();
        Document {
            display_path: rel.to_owned(),
            detected: ims::detect::detect_bytes(&bytes, None),
            source: Source::Bytes(bytes),
        }
    }

    #[test]
    fn validate_samples() {
        let opts = Options { strict: false };
        for rel in [
            "examples/data/lti/resource-link-launch.json",
            "examples/data/lti/deep-linking-response.json",
            "examples/data/lti/resource-link-launch.jwt",
        ] {
            let o = validate(&doc(rel), opts);
            assert!(o.report.is_valid(false), "{rel}: {:?}", o.report);
        }
        let jwt = validate(&doc("examples/data/lti/resource-link-launch.jwt"), opts);
        assert!(
            jwt.report.has_code(codes::JWT_NOT_VERIFIED),
            "the output says the signature was not checked"
        );
        let bad = validate(&doc("examples/broken/lti/alg-none.jwt"), opts);
        assert!(bad.report.has_code(codes::JWT_ALG_NONE));
        let bad = validate(&doc("examples/broken/lti/missing-resource-link.json"), opts);
        assert!(bad.report.has_code(codes::RESOURCE_LINK_MISSING));
        let d = Document {
            display_path: "x".into(),
            detected: Detected::new(Kind::LtiJwt, None),
            source: Source::Bytes(b"eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0".to_vec()),
        };
        assert!(validate(&d, opts).report.has_code(codes::JWT_MALFORMED));
    }

    #[test]
    fn verify_exit_codes() {
        let platform = PathBuf::from(format!("{ROOT}/lti-core/tests/fixtures/platform.json"));
        let jwt = format!("{ROOT}/examples/data/lti/resource-link-launch.jwt");
        assert_eq!(
            verify(
                &platform,
                None,
                Some("4102444600"),
                Format::Json,
                std::slice::from_ref(&jwt)
            ),
            EXIT_OK
        );
        // Replay inside one run.
        assert_eq!(
            verify(
                &platform,
                None,
                Some("4102444600"),
                Format::Text,
                &[jwt.clone(), jwt.clone()]
            ),
            EXIT_INVALID
        );
        assert_eq!(
            verify(
                &platform,
                Some("other"),
                Some("4102444600"),
                Format::Text,
                std::slice::from_ref(&jwt)
            ),
            EXIT_INVALID
        );
        assert_eq!(
            verify(
                &platform,
                None,
                Some("2200-01-01T00:00:00Z"),
                Format::Text,
                std::slice::from_ref(&jwt)
            ),
            EXIT_INVALID
        );
        assert_eq!(
            verify(
                &platform,
                None,
                Some("soon"),
                Format::Text,
                std::slice::from_ref(&jwt)
            ),
            EXIT_USAGE
        );
        assert_eq!(
            verify(
                &PathBuf::from("/nonexistent.json"),
                None,
                None,
                Format::Text,
                std::slice::from_ref(&jwt)
            ),
            EXIT_USAGE
        );
        assert_eq!(
            verify(&platform, None, None, Format::Text, &["not-a-token".into()]),
            EXIT_USAGE
        );
        assert_eq!(decode(&jwt), EXIT_OK);
        assert_eq!(decode("a.b.c"), EXIT_INVALID);
        assert_eq!(parse_now(Some("1970-01-01T00:01:00Z")), Ok(60));
    }
}
