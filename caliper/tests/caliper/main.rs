//! Integration tests of the caliper crate (one binary).

mod corpus;
mod model;
mod profiles;
mod roundtrip;
