//! # LTI 1.3 and LTI Advantage, tool side and platform side, sans-IO
//!
//! This module implements [LTI Core 1.3](https://www.imsglobal.org/spec/lti/v1p3/), the
//! [1EdTech Security Framework 1.0](https://www.imsglobal.org/spec/security/v1p0/) flows LTI uses
//! (OIDC third-party login, signed `id_token` launches, `client_credentials` service tokens with
//! `private_key_jwt`), Deep Linking 2.0, Assignment and Grade Services 2.0, Names and Role
//! Provisioning Services 2.0, Course Groups, Dynamic Registration 1.0, the Proctoring, Asset
//! Processor and EULA message types, and the LTI 1.1 legacy bits (OAuth 1.0a HMAC-SHA1 and the
//! migration claim).
//!
//! Nothing here performs I/O, reads the clock or draws randomness. The caller passes:
//! the current time (`now`, Unix seconds), fresh random values (state, nonce, `jti`), key sets it
//! fetched, and stores (nonce, state, `jti`) as small traits. Requests come out as
//! `http::Request<Vec<u8>>` values; responses go in as `http::Response<Vec<u8>>`.
//!
//! ## Features
//!
//! | feature | modules | needs |
//! |---|---|---|
//! | (none) | [`codes`], [`claims`], [`roles`], [`message`], [`deep_linking`] (content items, settings checks, HTML form), [`ags`], [`nrps`], [`groups`] (data types), [`link_header`] | serde only |
//! | `http` | adds [`login`], [`storage`], [`dynamic_registration`] and the request builders/response parsers of [`ags`], [`nrps`], [`groups`] | `http`, `url` |
//! | `jwt` (default) | adds [`keys`], [`launch`], [`token`], [`platform`], [`lti11`] and the signed deep-linking response | jsonwebtoken (RustCrypto backend), HMAC |
//!
//! The claim and message types (and the structural checks on a claim set) need no crypto, so a
//! service that only inspects already-verified claims can use them with `default-features = false`.
//!
//! ## Typical tool flow
//!
//! 1. [`login::LoginRequest::parse_query`] / `parse_form` reads the platform's login initiation;
//!    [`login::handle_login`] selects the registration by `(iss, client_id)`
//!    ([`registration::Registrations::find`]) and makes the redirect and the
//!    [`login::LoginState`] to store.
//! 2. [`launch::LaunchValidator::validate`] checks the `id_token` posted back (every Security
//!    Framework step) and returns a [`launch::VerifiedLaunch`], which only the validator can build.
//! 3. Services: [`token`] for the access token, then [`ags`], [`nrps`], [`groups`] requests.
//!
//! The platform side is [`platform::Platform`]: it checks the tool's authentication request,
//! issues launches, verifies deep-linking responses and client assertions.

pub mod ags;
pub mod claims;
pub mod codes;
pub mod deep_linking;
pub mod groups;
pub mod link_header;
pub mod message;
pub mod nrps;
pub mod registration;
pub mod roles;
#[cfg(feature = "http")]
pub mod service;

#[cfg(feature = "http")]
pub mod dynamic_registration;
#[cfg(feature = "http")]
pub mod login;
#[cfg(feature = "http")]
pub mod storage;

#[cfg(feature = "jwt")]
pub mod jose;
#[cfg(feature = "jwt")]
pub mod keys;
#[cfg(feature = "jwt")]
pub mod launch;
#[cfg(feature = "jwt")]
pub mod lti11;
#[cfg(feature = "jwt")]
pub mod platform;
#[cfg(feature = "jwt")]
pub mod token;

pub use claims::{Audience, Claims, MessageType};
pub use message::LtiMessage;

/// The LTI version this module implements, as carried in the `version` claim.
pub const LTI_VERSION: &str = "1.3.0";
