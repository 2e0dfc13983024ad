//! oneroster
