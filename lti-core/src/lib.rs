//! # lti-core
//!
//! The shared core of the `ims` crate family, plus LTI 1.3 and LTI Advantage.
//!
//! The shared core is usable without any crypto (disable default features):
//!
//! - [`problem`]: [`Problem`]s with stable codes and severities, collected in a
//!   [`Report`] that serialises with serde.
//! - [`location`]: one [`Location`] type for JSON pointers, XML positions,
//!   CSV cells and zip entries.
//! - [`id`]: the typed-newtype pattern ([`string_newtype!`]), XML identifiers (NCName),
//!   OneRoster sourcedIds, IRIs compared by their original string.
//! - [`lang`]: BCP 47 language tags.
//! - [`time`]: ISO 8601 / RFC 3339 date-times, dates and durations, strict and lenient, and the
//!   exact Caliper form.
//! - [`xml`]: the XML toolkit: a namespace-aware reader with positions and limits (on its own
//!   single-pass tokenizer, differential-tested and fuzzed against roxmltree), a lossless node
//!   tree and its writer, and typed attribute helpers.
//! - [`lti`]: LTI 1.3 and LTI Advantage, tool side and platform side (see its feature table).
//!
//! No module here performs I/O, reads the clock or draws randomness: callers pass bytes in and
//! get values and reports out.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod content_packaging;
pub mod id;
pub mod json;
pub mod lang;
pub mod location;
pub mod lti;
pub mod problem;
pub mod time;
pub mod xml;

pub use location::Location;
pub use problem::{Code, Problem, Report, Severity};

#[doc(hidden)]
pub mod __private {
    //! Re-exports used by the macros of this crate. Not part of the public API.
    pub use compact_str::CompactString;
    pub use serde;
}
