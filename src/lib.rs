//! # ims
//!
//! The facade of the `ims` crate family: Rust implementations of the 1EdTech (formerly IMS
//! Global) interoperability standards. Each standard lives in its own crate, re-exported here
//! behind a feature of the same name:
//!
//! | feature | crate | standard |
//! |---|---|---|
//! | (always) | [`lti_core`] | shared core: problems, locations, identifiers, dates, XML toolkit |
//! | `lti` | [`lti_core`] with `jwt` | LTI 1.3 and LTI Advantage |
//! | `qti` | `qti` | QTI 2.1, 2.2 and 3.0 |
//! | `caliper` | `caliper` | Caliper Analytics 1.1 and 1.2 |
//! | `oneroster` | `oneroster` | OneRoster 1.1 and 1.2 |
//! | `cc` | `common_cartridge` | Common Cartridge 1.0–1.3 and Thin CC |
//!
//! The [`detect`] module recognises which standard, kind and version a document is, as the
//! `ims validate` command does.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use lti_core;

#[cfg(feature = "caliper")]
pub use caliper;
#[cfg(feature = "cc")]
pub use common_cartridge;
#[cfg(feature = "oneroster")]
pub use oneroster;
#[cfg(feature = "qti")]
pub use qti;

pub mod detect;
