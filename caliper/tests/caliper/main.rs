//! Integration tests of the caliper crate (one binary).

mod corpus;
mod profiles;
