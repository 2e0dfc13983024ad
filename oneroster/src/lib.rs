//! # oneroster
//!
//! OneRoster 1.1 and 1.2 for Rust: one data model, the CSV binding (bulk and delta sets, with
//! streaming validation), the REST JSON binding, sans-IO request builders for every 1.2
//! operation and the 1.1 rostering paths, a filter language (parser, builder, evaluator),
//! paging, OAuth 2 scopes and OAuth 1.0a request signing, and CSV ↔ JSON conversion.
//!
//! No I/O: callers hand in readers, bytes and values (time, nonces) and get typed values,
//! [`Report`](lti_core::Report)s and `http::Request` values back.
//!
//! ```
//! use oneroster::csv::{MemorySource, validate_set};
//! use oneroster::Limits;
//!
//! let mut set = MemorySource::new()
//!     .with("manifest.csv", "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.orgs,bulk\n")
//!     .with("orgs.csv", "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\no1,,,District,district,,\n");
//! let result = validate_set(&mut set, &Limits::default());
//! // Every file.* row is required in the manifest; the missing ones are warnings.
//! assert_eq!(result.report.errors(), 0);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod codes;
pub mod convert;
pub mod csv;
pub mod json;
pub mod limits;
pub mod model;
pub mod rest;
pub mod vocab;

pub use limits::Limits;
pub use model::{Dataset, GuidRef, RefType, Version};
