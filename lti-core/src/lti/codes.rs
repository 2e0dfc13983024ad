//! Every stable problem/error code the LTI module emits. Codes never change meaning; new ones
//! are added, none are reworded casually.

/// The token is not a compact JWS: not exactly three dot-separated parts.
pub const JWT_MALFORMED: &str = "lti.jwt.malformed";

/// The token is larger than the configured limit.
pub const JWT_TOO_LARGE: &str = "lti.jwt.too-large";

/// A segment is not unpadded base64url.
pub const JWT_BASE64: &str = "lti.jwt.base64";

/// The header is not a JSON object with a string `alg`.
pub const JWT_HEADER_JSON: &str = "lti.jwt.header-json";

/// The payload is not a JSON object.
pub const JWT_PAYLOAD_JSON: &str = "lti.jwt.payload-json";

/// The header or the payload names the same member twice in one object (RFC 7515 §4 and RFC 7519
/// §4 allow "last one wins"; refused here, so that no other reader sees a different token).
pub const JWT_DUPLICATE_MEMBER: &str = "lti.jwt.duplicate-member";

/// `alg` is `none`: unsigned tokens are never accepted.
pub const JWT_ALG_NONE: &str = "lti.jwt.alg-none";

/// `alg` is an HMAC algorithm: symmetric signatures are forbidden (and would let a public key act as a secret).
pub const JWT_ALG_SYMMETRIC: &str = "lti.jwt.alg-symmetric";

/// `alg` is not in the registration's allow-list (RS256 by default).
pub const JWT_ALG_NOT_ALLOWED: &str = "lti.jwt.alg-not-allowed";

/// `alg` names no known JWS algorithm.
pub const JWT_ALG_UNSUPPORTED: &str = "lti.jwt.alg-unsupported";

/// The header lists `crit` extensions, which this implementation does not understand (RFC 7515 §4.1.11).
pub const JWT_CRIT: &str = "lti.jwt.crit";

/// The header carries `jku`, `x5u`, `jwk` or `x5c`; they are ignored and never fetched (warning).
pub const JWT_HEADER_KEY_REFERENCE: &str = "lti.jwt.header-key-reference";

/// The header has no `kid`.
pub const JWT_KID_MISSING: &str = "lti.jwt.kid-missing";

/// No key with this `kid` in the key set: refresh the key set (once) and retry.
pub const JWT_KID_UNKNOWN: &str = "lti.jwt.kid-unknown";

/// The key found for `kid` does not fit the header `alg` (key type, or the key's own `alg`).
pub const JWT_KEY_MISMATCH: &str = "lti.jwt.key-mismatch";

/// The key found for `kid` is not a signing key (`use` is not `sig`).
pub const JWT_KEY_USE: &str = "lti.jwt.key-use";

/// The key found for `kid` cannot be used (bad modulus/exponent encoding).
pub const JWT_KEY_INVALID: &str = "lti.jwt.key-invalid";

/// The signature does not verify.
pub const JWT_SIGNATURE: &str = "lti.jwt.signature";

/// A claim does not have the JSON type the specs give it.
pub const CLAIMS_TYPE: &str = "lti.claims.type";

/// A claim or member has the wrong JSON type.
pub const CLAIM_TYPE: &str = "lti.claim.type";

/// `iss` is missing.
pub const ISS_MISSING: &str = "lti.claim.iss.missing";

/// The platform issuer is not an HTTPS URL without query or fragment (warning).
pub const ISS_NOT_HTTPS: &str = "lti.claim.iss.not-https";

/// `iss` is not exactly the registered issuer (no trailing-slash or case folding).
pub const ISS_MISMATCH: &str = "lti.launch.iss-mismatch";

/// No registration for this issuer and client id.
pub const REGISTRATION_UNKNOWN: &str = "lti.launch.registration-unknown";

/// `aud` is missing.
pub const AUD_MISSING: &str = "lti.claim.aud.missing";

/// `aud` does not contain the client id.
pub const AUD_MISMATCH: &str = "lti.launch.aud-mismatch";

/// `aud` contains an audience the tool does not trust.
pub const AUD_UNTRUSTED: &str = "lti.launch.aud-untrusted";

/// Several audiences but no `azp`.
pub const AZP_MISSING: &str = "lti.launch.azp-missing";

/// `azp` is not the client id.
pub const AZP_MISMATCH: &str = "lti.launch.azp-mismatch";

/// `exp` is missing.
pub const EXP_MISSING: &str = "lti.claim.exp.missing";

/// `exp` is not a JSON number.
pub const EXP_TYPE: &str = "lti.claim.exp.type";

/// `exp` is in the past, beyond the leeway.
pub const EXPIRED: &str = "lti.launch.expired";

/// `iat` is missing.
pub const IAT_MISSING: &str = "lti.claim.iat.missing";

/// `iat` is not a JSON number.
pub const IAT_TYPE: &str = "lti.claim.iat.type";

/// `iat` is in the future, beyond the leeway.
pub const IAT_FUTURE: &str = "lti.launch.iat-future";

/// `iat` is older than the accepted window.
pub const IAT_TOO_OLD: &str = "lti.launch.iat-too-old";

/// `nbf` is not a JSON number.
pub const NBF_TYPE: &str = "lti.claim.nbf.type";

/// `nbf` is in the future, beyond the leeway.
pub const NOT_YET_VALID: &str = "lti.launch.not-yet-valid";

/// `nonce` is missing.
pub const NONCE_MISSING: &str = "lti.claim.nonce.missing";

/// `nonce` is not the one issued at login.
pub const NONCE_MISMATCH: &str = "lti.launch.nonce-mismatch";

/// `nonce` was seen before: a replay.
pub const NONCE_REPLAYED: &str = "lti.launch.nonce-replayed";

/// The launch form has no `state`.
pub const STATE_MISSING: &str = "lti.launch.state-missing";

/// `state` is not one this tool issued (or not bound to this browser).
pub const STATE_UNKNOWN: &str = "lti.launch.state-unknown";

/// `state` differs from the one stored for this browser.
pub const STATE_MISMATCH: &str = "lti.launch.state-mismatch";

/// The login state is older than the allowed window.
pub const STATE_EXPIRED: &str = "lti.launch.state-expired";

/// `state` was already used by an earlier launch.
pub const STATE_REUSED: &str = "lti.launch.state-reused";

/// `message_type` is missing.
pub const MESSAGE_TYPE_MISSING: &str = "lti.claim.message-type.missing";

/// `message_type` is not a message type this implementation knows.
pub const MESSAGE_TYPE_UNKNOWN: &str = "lti.claim.message-type.unknown";

/// The message type is not enabled for this registration (or is not a launch).
pub const MESSAGE_TYPE_DISABLED: &str = "lti.launch.message-type-disabled";

/// `version` is missing.
pub const VERSION_MISSING: &str = "lti.claim.version.missing";

/// `version` is not `1.3.0`.
pub const VERSION_UNSUPPORTED: &str = "lti.claim.version.unsupported";

/// `deployment_id` is missing.
pub const DEPLOYMENT_ID_MISSING: &str = "lti.claim.deployment-id.missing";

/// `deployment_id` is empty.
pub const DEPLOYMENT_ID_EMPTY: &str = "lti.claim.deployment-id.empty";

/// `deployment_id` is longer than 255 characters or not ASCII.
pub const DEPLOYMENT_ID_TOO_LONG: &str = "lti.claim.deployment-id.too-long";

/// `deployment_id` is not registered for this issuer and client id.
pub const DEPLOYMENT_UNKNOWN: &str = "lti.launch.deployment-unknown";

/// `deployment_id` differs from the `lti_deployment_id` of the login request.
pub const DEPLOYMENT_MISMATCH: &str = "lti.launch.deployment-mismatch";

/// `target_link_uri` is missing.
pub const TARGET_LINK_URI_MISSING: &str = "lti.claim.target-link-uri.missing";

/// `target_link_uri` differs from the login request's.
pub const TARGET_LINK_URI_MISMATCH: &str = "lti.launch.target-link-uri-mismatch";

/// `resource_link` is missing.
pub const RESOURCE_LINK_MISSING: &str = "lti.claim.resource-link.missing";

/// `resource_link.id` is missing.
pub const RESOURCE_LINK_ID_MISSING: &str = "lti.claim.resource-link.id-missing";

/// `resource_link.id` is empty.
pub const RESOURCE_LINK_ID_EMPTY: &str = "lti.claim.resource-link.id-empty";

/// `resource_link.id` is longer than 255 characters or not ASCII.
pub const RESOURCE_LINK_ID_TOO_LONG: &str = "lti.claim.resource-link.id-too-long";

/// `roles` is missing (it may be an empty array, not absent).
pub const ROLES_MISSING: &str = "lti.claim.roles.missing";

/// `roles` is not an array of strings.
pub const ROLES_TYPE: &str = "lti.claim.roles.type";

/// A non-empty `roles` holds no role from the LTI vocabularies (warning).
pub const ROLES_NO_VOCABULARY: &str = "lti.claim.roles.no-vocabulary";

/// `sub` is present but empty.
pub const SUB_EMPTY: &str = "lti.claim.sub.empty";

/// `sub` is longer than 255 characters or not ASCII.
pub const SUB_TOO_LONG: &str = "lti.claim.sub.too-long";

/// The launch is anonymous (no `sub`) and the registration does not accept anonymous launches.
pub const ANONYMOUS_FORBIDDEN: &str = "lti.launch.anonymous-forbidden";

/// `context` is present without `id`.
pub const CONTEXT_ID_MISSING: &str = "lti.claim.context.id-missing";

/// `context.id` is longer than 255 characters or not ASCII.
pub const CONTEXT_ID_TOO_LONG: &str = "lti.claim.context.id-too-long";

/// `tool_platform` is present without `guid`.
pub const TOOL_PLATFORM_GUID_MISSING: &str = "lti.claim.tool-platform.guid-missing";

/// `tool_platform.guid` is longer than 255 characters.
pub const TOOL_PLATFORM_GUID_TOO_LONG: &str = "lti.claim.tool-platform.guid-too-long";

/// A custom parameter value is not a string (warning).
pub const CUSTOM_NOT_STRING: &str = "lti.claim.custom.not-string";

/// `deep_linking_settings` is missing.
pub const DL_SETTINGS_MISSING: &str = "lti.claim.dl-settings.missing";

/// `deep_link_return_url` is missing.
pub const DL_RETURN_URL_MISSING: &str = "lti.claim.dl-settings.return-url-missing";

/// `accept_types` is missing or empty.
pub const DL_ACCEPT_TYPES_MISSING: &str = "lti.claim.dl-settings.accept-types-missing";

/// `accept_presentation_document_targets` is missing or empty.
pub const DL_TARGETS_MISSING: &str = "lti.claim.dl-settings.targets-missing";

/// A deep-linking boolean is sent as the string `"true"`/`"false"` (accepted, warning).
pub const DL_BOOL_AS_STRING: &str = "lti.claim.dl-settings.bool-as-string";

/// The AGS endpoint claim is missing (Submission Review needs it).
pub const AGS_ENDPOINT_MISSING: &str = "lti.claim.ags.missing";

/// The AGS endpoint claim has no `lineitem` (Submission Review needs it).
pub const AGS_LINEITEM_MISSING: &str = "lti.claim.ags.lineitem-missing";

/// `for_user` is missing.
pub const FOR_USER_MISSING: &str = "lti.claim.for-user.missing";

/// `for_user.user_id` is missing or empty.
pub const FOR_USER_ID_MISSING: &str = "lti.claim.for-user.user-id-missing";

/// `for_user` is under the non-standard `lti-sr` key (warning).
pub const FOR_USER_LEGACY_KEY: &str = "lti.claim.for-user.legacy-key";

/// Proctoring: `attempt_number` is missing.
pub const AP_ATTEMPT_NUMBER_MISSING: &str = "lti.claim.ap.attempt-number-missing";

/// Proctoring: `start_assessment_url` is missing.
pub const AP_START_URL_MISSING: &str = "lti.claim.ap.start-assessment-url-missing";

/// Proctoring: `session_data` is missing.
pub const AP_SESSION_DATA_MISSING: &str = "lti.claim.ap.session-data-missing";

/// Asset Processor: `activity` (with `id`) is missing.
pub const ACTIVITY_MISSING: &str = "lti.claim.activity.missing";

/// Asset Processor: `submission` (with `id`) is missing.
pub const SUBMISSION_MISSING: &str = "lti.claim.submission.missing";

/// Asset Processor: `asset` (with `id`) is missing.
pub const ASSET_MISSING: &str = "lti.claim.asset.missing";

/// Asset Processor: `assetreport_type` is missing.
pub const ASSETREPORT_TYPE_MISSING: &str = "lti.claim.assetreport-type.missing";

/// `context` is missing (required by this message type).
pub const CONTEXT_MISSING: &str = "lti.claim.context.missing";

/// `eulaservice` (with `url`) is missing.
pub const EULA_SERVICE_MISSING: &str = "lti.claim.eula-service.missing";

/// A required login initiation parameter (`iss`, `login_hint`, `target_link_uri`) is missing or empty.
pub const LOGIN_PARAM_MISSING: &str = "lti.login.param-missing";

/// No registration for the login's issuer (and client id).
pub const LOGIN_REGISTRATION_UNKNOWN: &str = "lti.login.registration-unknown";

/// The issuer has several registrations and the login names no `client_id`.
pub const LOGIN_CLIENT_ID_AMBIGUOUS: &str = "lti.login.client-id-ambiguous";

/// The login's `lti_deployment_id` is not registered.
pub const LOGIN_DEPLOYMENT_UNKNOWN: &str = "lti.login.deployment-unknown";

/// The login's `target_link_uri` is not one of the tool's allowed URIs.
pub const LOGIN_TARGET_NOT_ALLOWED: &str = "lti.login.target-link-uri-not-allowed";

/// The login request is not valid form/query encoding.
pub const LOGIN_BAD_ENCODING: &str = "lti.login.bad-encoding";

/// The launch form has no `id_token`.
pub const LAUNCH_FORM_ID_TOKEN_MISSING: &str = "lti.launch.id-token-missing";

/// The platform answered the authentication request with an OAuth `error`.
pub const LAUNCH_FORM_ERROR: &str = "lti.launch.platform-error";

/// Platform side: the tool's authentication request lacks a required parameter or has a wrong fixed value (`scope`, `response_type`, `response_mode`, `prompt`).
pub const AUTH_PARAM: &str = "lti.auth.param";

/// Platform side: the authentication request names an unknown `client_id`.
pub const AUTH_CLIENT_UNKNOWN: &str = "lti.auth.client-unknown";

/// Platform side: `redirect_uri` is not registered for the tool.
pub const AUTH_REDIRECT_URI: &str = "lti.auth.redirect-uri";

/// Platform side: `login_hint` does not match the user the platform started the login for.
pub const AUTH_LOGIN_HINT: &str = "lti.auth.login-hint";

/// Platform side: `lti_message_hint` was not returned unaltered.
pub const AUTH_MESSAGE_HINT: &str = "lti.auth.message-hint";

/// Platform side: the authentication request has no `nonce`.
pub const AUTH_NONCE_MISSING: &str = "lti.auth.nonce-missing";

/// Deep linking response: `data` does not echo the request's `data`.
pub const DL_DATA_MISMATCH: &str = "lti.dl.data-mismatch";

/// Deep linking: a content item's type is not in `accept_types`.
pub const DL_TYPE_NOT_ACCEPTED: &str = "lti.dl.type-not-accepted";

/// Deep linking: several items but `accept_multiple` is false.
pub const DL_MULTIPLE_NOT_ACCEPTED: &str = "lti.dl.multiple-not-accepted";

/// Deep linking: an item has a `lineItem` but `accept_lineitem` is false.
pub const DL_LINEITEM_NOT_ACCEPTED: &str = "lti.dl.lineitem-not-accepted";

/// Deep linking: an item asks for a presentation target the platform did not accept (warning).
pub const DL_TARGET_NOT_ACCEPTED: &str = "lti.dl.target-not-accepted";

/// Deep linking: a file's media type is not in `accept_media_types` (warning).
pub const DL_MEDIA_TYPE_NOT_ACCEPTED: &str = "lti.dl.media-type-not-accepted";

/// Deep linking: a content item lacks a required member (`url`, `html`) or has a wrong type.
pub const DL_ITEM_INVALID: &str = "lti.dl.item-invalid";

/// Deep linking: a content item's `custom` value is not a string.
pub const DL_CUSTOM_NOT_STRING: &str = "lti.dl.custom-not-string";

/// Deep linking: a `lineItem` has no positive `scoreMaximum`.
pub const DL_LINEITEM_INVALID: &str = "lti.dl.lineitem-invalid";

/// Deep linking response: `deployment_id` differs from the request's.
pub const DL_RESPONSE_DEPLOYMENT: &str = "lti.dl.deployment-mismatch";

/// Token request: `grant_type` is not `client_credentials`.
pub const TOKEN_GRANT_TYPE: &str = "lti.token.grant-type";

/// Token request: `client_assertion_type` is not `urn:ietf:params:oauth:client-assertion-type:jwt-bearer`.
pub const TOKEN_ASSERTION_TYPE: &str = "lti.token.assertion-type";

/// Token request: `client_assertion` or `scope` is missing.
pub const TOKEN_PARAM_MISSING: &str = "lti.token.param-missing";

/// Client assertion: `iss` and `sub` are not both the client id.
pub const TOKEN_ISS_SUB: &str = "lti.token.iss-sub";

/// Client assertion: `aud` does not name the token endpoint (or the authorization server).
pub const TOKEN_AUD: &str = "lti.token.aud";

/// Client assertion: `jti` is missing.
pub const TOKEN_JTI_MISSING: &str = "lti.token.jti-missing";

/// Client assertion: `jti` was already used.
pub const TOKEN_JTI_REPLAYED: &str = "lti.token.jti-replayed";

/// Token request: a requested scope is not granted to this tool (warning; the platform may narrow the scope).
pub const TOKEN_SCOPE_NOT_ALLOWED: &str = "lti.token.scope-not-allowed";

/// Token response: not a successful OAuth 2 token response.
pub const TOKEN_RESPONSE: &str = "lti.token.response";

/// Service response: an HTTP error status.
pub const SERVICE_STATUS: &str = "lti.service.status";

/// Service response: the body is not the JSON the service defines.
pub const SERVICE_JSON: &str = "lti.service.json";

/// Service response: unexpected `Content-Type` (warning).
pub const SERVICE_MEDIA_TYPE: &str = "lti.service.media-type";

/// A service request could not be built (bad URL or header value).
pub const SERVICE_REQUEST: &str = "lti.service.request";

/// A `Link` header value is malformed (RFC 8288).
pub const LINK_HEADER: &str = "lti.service.link-header";

/// Score: `userId` is missing.
pub const SCORE_USER_ID_MISSING: &str = "lti.ags.score.user-id-missing";

/// Score: `timestamp` is missing or not an RFC 3339 date-time.
pub const SCORE_TIMESTAMP: &str = "lti.ags.score.timestamp";

/// Score: `activityProgress` is missing or not one of the defined values.
pub const SCORE_ACTIVITY_PROGRESS: &str = "lti.ags.score.activity-progress";

/// Score: `gradingProgress` is missing or not one of the defined values.
pub const SCORE_GRADING_PROGRESS: &str = "lti.ags.score.grading-progress";

/// Score: `scoreGiven` without a positive `scoreMaximum`.
pub const SCORE_MAXIMUM: &str = "lti.ags.score.score-maximum";

/// Score: `scoreGiven` is negative.
pub const SCORE_GIVEN_NEGATIVE: &str = "lti.ags.score.score-given-negative";

/// Line item: `label` missing or `scoreMaximum` not positive.
pub const LINEITEM_INVALID: &str = "lti.ags.lineitem.invalid";

/// LTI 1.1: an OAuth parameter is missing.
pub const OAUTH1_PARAM_MISSING: &str = "lti.oauth1.param-missing";

/// LTI 1.1: `oauth_signature_method` is not HMAC-SHA1.
pub const OAUTH1_METHOD: &str = "lti.oauth1.signature-method";

/// LTI 1.1: the OAuth signature does not verify.
pub const OAUTH1_SIGNATURE: &str = "lti.oauth1.signature";

/// LTI 1.1: `oauth_timestamp` is not a number or is outside the allowed window.
pub const OAUTH1_TIMESTAMP: &str = "lti.oauth1.timestamp";

/// LTI 1.1: `oauth_nonce` was already used.
pub const OAUTH1_NONCE_REPLAYED: &str = "lti.oauth1.nonce-replayed";

/// LTI 1.1: `oauth_version` is present and not `1.0`.
pub const OAUTH1_VERSION: &str = "lti.oauth1.version";

/// Migration claim: `oauth_consumer_key` or `oauth_consumer_key_sign` is missing.
pub const LTI1P1_SIGN_MISSING: &str = "lti.lti1p1.sign-missing";

/// Migration claim: `oauth_consumer_key_sign` does not verify with the LTI 1.1 secret.
pub const LTI1P1_SIGN_MISMATCH: &str = "lti.lti1p1.sign-mismatch";

/// Dynamic Registration: a document is not the JSON the spec defines.
pub const DR_JSON: &str = "lti.dr.json";

/// Dynamic Registration: a required member is missing.
pub const DR_FIELD_MISSING: &str = "lti.dr.field-missing";

/// Dynamic Registration: the configuration's `issuer` does not match the configuration URL (or is not HTTPS).
pub const DR_ISSUER_MISMATCH: &str = "lti.dr.issuer-mismatch";

/// Dynamic Registration: an endpoint is not on the issuer's host (warning).
pub const DR_ENDPOINT_HOST: &str = "lti.dr.endpoint-host";

/// Dynamic Registration: the platform configuration claim is missing.
pub const DR_NOT_LTI: &str = "lti.dr.not-lti";

/// Dynamic Registration: the platform does not support RS256 for id tokens or token endpoint auth.
pub const DR_ALG: &str = "lti.dr.alg";

/// postMessage storage: a response message is malformed or an error.
pub const STORAGE_MESSAGE: &str = "lti.storage.message";

/// postMessage storage: the stored state or nonce does not match.
pub const STORAGE_MISMATCH: &str = "lti.storage.mismatch";

/// A key is not a usable RSA PEM (PKCS#1 or PKCS#8).
pub const KEY_PEM: &str = "lti.key.pem";

/// A JWKS document is not valid JSON of the right shape.
pub const KEY_JWKS_JSON: &str = "lti.key.jwks-json";

/// Signing a JWT failed.
pub const SIGN: &str = "lti.sign.failed";

/// A JWT was only decoded and checked structurally: no key was given to verify its signature (info).
pub const JWT_NOT_VERIFIED: &str = "lti.jwt.not-verified";

/// All the codes above, for documentation and tests.
pub const ALL: &[&str] = &[
    JWT_MALFORMED,
    JWT_TOO_LARGE,
    JWT_BASE64,
    JWT_HEADER_JSON,
    JWT_PAYLOAD_JSON,
    JWT_DUPLICATE_MEMBER,
    JWT_ALG_NONE,
    JWT_ALG_SYMMETRIC,
    JWT_ALG_NOT_ALLOWED,
    JWT_ALG_UNSUPPORTED,
    JWT_CRIT,
    JWT_HEADER_KEY_REFERENCE,
    JWT_KID_MISSING,
    JWT_KID_UNKNOWN,
    JWT_KEY_MISMATCH,
    JWT_KEY_USE,
    JWT_KEY_INVALID,
    JWT_SIGNATURE,
    CLAIMS_TYPE,
    CLAIM_TYPE,
    ISS_MISSING,
    ISS_NOT_HTTPS,
    ISS_MISMATCH,
    REGISTRATION_UNKNOWN,
    AUD_MISSING,
    AUD_MISMATCH,
    AUD_UNTRUSTED,
    AZP_MISSING,
    AZP_MISMATCH,
    EXP_MISSING,
    EXP_TYPE,
    EXPIRED,
    IAT_MISSING,
    IAT_TYPE,
    IAT_FUTURE,
    IAT_TOO_OLD,
    NBF_TYPE,
    NOT_YET_VALID,
    NONCE_MISSING,
    NONCE_MISMATCH,
    NONCE_REPLAYED,
    STATE_MISSING,
    STATE_UNKNOWN,
    STATE_MISMATCH,
    STATE_EXPIRED,
    STATE_REUSED,
    MESSAGE_TYPE_MISSING,
    MESSAGE_TYPE_UNKNOWN,
    MESSAGE_TYPE_DISABLED,
    VERSION_MISSING,
    VERSION_UNSUPPORTED,
    DEPLOYMENT_ID_MISSING,
    DEPLOYMENT_ID_EMPTY,
    DEPLOYMENT_ID_TOO_LONG,
    DEPLOYMENT_UNKNOWN,
    DEPLOYMENT_MISMATCH,
    TARGET_LINK_URI_MISSING,
    TARGET_LINK_URI_MISMATCH,
    RESOURCE_LINK_MISSING,
    RESOURCE_LINK_ID_MISSING,
    RESOURCE_LINK_ID_EMPTY,
    RESOURCE_LINK_ID_TOO_LONG,
    ROLES_MISSING,
    ROLES_TYPE,
    ROLES_NO_VOCABULARY,
    SUB_EMPTY,
    SUB_TOO_LONG,
    ANONYMOUS_FORBIDDEN,
    CONTEXT_ID_MISSING,
    CONTEXT_ID_TOO_LONG,
    TOOL_PLATFORM_GUID_MISSING,
    TOOL_PLATFORM_GUID_TOO_LONG,
    CUSTOM_NOT_STRING,
    DL_SETTINGS_MISSING,
    DL_RETURN_URL_MISSING,
    DL_ACCEPT_TYPES_MISSING,
    DL_TARGETS_MISSING,
    DL_BOOL_AS_STRING,
    AGS_ENDPOINT_MISSING,
    AGS_LINEITEM_MISSING,
    FOR_USER_MISSING,
    FOR_USER_ID_MISSING,
    FOR_USER_LEGACY_KEY,
    AP_ATTEMPT_NUMBER_MISSING,
    AP_START_URL_MISSING,
    AP_SESSION_DATA_MISSING,
    ACTIVITY_MISSING,
    SUBMISSION_MISSING,
    ASSET_MISSING,
    ASSETREPORT_TYPE_MISSING,
    CONTEXT_MISSING,
    EULA_SERVICE_MISSING,
    LOGIN_PARAM_MISSING,
    LOGIN_REGISTRATION_UNKNOWN,
    LOGIN_CLIENT_ID_AMBIGUOUS,
    LOGIN_DEPLOYMENT_UNKNOWN,
    LOGIN_TARGET_NOT_ALLOWED,
    LOGIN_BAD_ENCODING,
    LAUNCH_FORM_ID_TOKEN_MISSING,
    LAUNCH_FORM_ERROR,
    AUTH_PARAM,
    AUTH_CLIENT_UNKNOWN,
    AUTH_REDIRECT_URI,
    AUTH_LOGIN_HINT,
    AUTH_MESSAGE_HINT,
    AUTH_NONCE_MISSING,
    DL_DATA_MISMATCH,
    DL_TYPE_NOT_ACCEPTED,
    DL_MULTIPLE_NOT_ACCEPTED,
    DL_LINEITEM_NOT_ACCEPTED,
    DL_TARGET_NOT_ACCEPTED,
    DL_MEDIA_TYPE_NOT_ACCEPTED,
    DL_ITEM_INVALID,
    DL_CUSTOM_NOT_STRING,
    DL_LINEITEM_INVALID,
    DL_RESPONSE_DEPLOYMENT,
    TOKEN_GRANT_TYPE,
    TOKEN_ASSERTION_TYPE,
    TOKEN_PARAM_MISSING,
    TOKEN_ISS_SUB,
    TOKEN_AUD,
    TOKEN_JTI_MISSING,
    TOKEN_JTI_REPLAYED,
    TOKEN_SCOPE_NOT_ALLOWED,
    TOKEN_RESPONSE,
    SERVICE_STATUS,
    SERVICE_JSON,
    SERVICE_MEDIA_TYPE,
    SERVICE_REQUEST,
    LINK_HEADER,
    SCORE_USER_ID_MISSING,
    SCORE_TIMESTAMP,
    SCORE_ACTIVITY_PROGRESS,
    SCORE_GRADING_PROGRESS,
    SCORE_MAXIMUM,
    SCORE_GIVEN_NEGATIVE,
    LINEITEM_INVALID,
    OAUTH1_PARAM_MISSING,
    OAUTH1_METHOD,
    OAUTH1_SIGNATURE,
    OAUTH1_TIMESTAMP,
    OAUTH1_NONCE_REPLAYED,
    OAUTH1_VERSION,
    LTI1P1_SIGN_MISSING,
    LTI1P1_SIGN_MISMATCH,
    DR_JSON,
    DR_FIELD_MISSING,
    DR_ISSUER_MISMATCH,
    DR_ENDPOINT_HOST,
    DR_NOT_LTI,
    DR_ALG,
    STORAGE_MESSAGE,
    STORAGE_MISMATCH,
    KEY_PEM,
    KEY_JWKS_JSON,
    SIGN,
    JWT_NOT_VERIFIED,
];

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_unique_and_dotted() {
        let mut seen = std::collections::BTreeSet::new();
        for c in super::ALL {
            assert!(c.starts_with("lti."), "{c}");
            assert!(c.split('.').count() >= 3, "{c}");
            assert!(seen.insert(*c), "duplicate {c}");
        }
    }
}
