//! # caliper
//!
//! Caliper Analytics® 1.1 and 1.2 for Rust: the complete information model, lossless JSON
//! reading and writing, validation with the event and profile rules, and a sans-IO sensor.
//!
//! ```
//! let json = r#"{
//!   "@context": "http://purl.imsglobal.org/ctx/caliper/v1p2",
//!   "id": "urn:uuid:3a648e68-f00d-4c08-aa59-8738e1884f2c",
//!   "type": "ViewEvent",
//!   "profile": "ReadingProfile",
//!   "actor": {"id": "https://example.edu/users/554433", "type": "Person"},
//!   "action": "Viewed",
//!   "object": {"id": "https://example.edu/etexts/201.epub", "type": "Document"},
//!   "eventTime": "2018-11-15T10:15:00.000Z"
//! }"#;
//! let doc = caliper::read(json.as_bytes()).unwrap();
//! assert_eq!(doc.version(), Some(caliper::Version::V1p2));
//! let report = caliper::validate(&doc);
//! assert!(report.is_valid(true));
//! // Lossless: what was read is written back.
//! let back: serde_json::Value = serde_json::from_str(&caliper::to_string(&doc)).unwrap();
//! assert_eq!(back, serde_json::from_str::<serde_json::Value>(json).unwrap());
//! ```
//!
//! ## Design overview
//!
//! - [`read()`] detects what a document is (envelope, event, entity, endpoint configuration) and
//!   reads it in one pass into typed values: [`Event`], [`Entity`] (one struct per entity type,
//!   see [`entity`]), [`Envelope`], [`EndpointConfig`]. A property whose value has the wrong
//!   shape is kept as raw JSON in the object's `other` map, so reading never fails on
//!   specification violations, only on malformed JSON and [`Limits`].
//! - [`validate()`] reports every violation with a stable code ([`codes`]) and a JSON pointer.
//! - [`to_string`] writes losslessly; [`to_string_thin`] writes the thin form.
//! - [`builder`] makes the common events; [`sensor`] builds HTTP requests and classifies
//!   responses.
//!
//! The crate performs no I/O and reads no clock: the caller passes bytes, times and ids in, and
//! sends the [`http::Request`]s it gets back.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod builder;
pub mod codes;
pub mod entity;
pub mod envelope;
pub mod event;
pub mod json;
pub mod read;
pub mod rules;
pub mod sensor;
pub mod validate;
pub mod vocab;
pub mod write;

pub use entity::{Entity, EntityRef};
pub use envelope::{EndpointConfig, Envelope, Item};
pub use event::Event;
pub use json::{Context, DateTime, Duration, Prop};
pub use read::{Document, DocumentKind, Limits, ReadError, read, read_with};
pub use validate::{ValidateOptions, validate, validate_with};
pub use vocab::{Action, EntityType, EventType, Profile, Version};
pub use write::{
    WriteOptions, to_string, to_string_pretty, to_string_thin, to_string_with, to_value,
};

// `http` is part of the sensor API.
pub use http;
