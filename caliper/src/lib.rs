//! caliper
