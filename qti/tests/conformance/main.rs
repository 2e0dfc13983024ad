//! Conformance of the `qti` crate: the shared corpus (per-corpus counts, documents judged
//! invalid with reasons), the XSD check of what we write with xmllint, and property tests.

mod common;
mod corpus;
mod results_roundtrip;
mod xmllint;
