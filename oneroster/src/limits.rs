//! Explicit limits on what the readers accept, with safe defaults.

use serde::{Deserialize, Serialize};

/// Limits on input size and counts. Every reader takes one; [`Limits::default`] is safe for
/// untrusted input of realistic size (a district with millions of enrollments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Limits {
    /// Longest CSV field, in bytes (the binding requires at least 255 characters).
    pub max_field_bytes: usize,
    /// Most data rows read from one CSV file.
    pub max_rows_per_file: u64,
    /// Most identifiers kept for duplicate and reference checks, over the whole set (each costs
    /// 16 bytes plus hash-table overhead).
    pub max_ids: u64,
    /// Most problems listed in one report; further ones are counted in a final problem.
    pub max_problems: usize,
    /// Most entries in a zip archive.
    pub max_zip_entries: usize,
    /// Largest uncompressed zip entry, in bytes.
    pub max_zip_entry_bytes: u64,
    /// Largest ratio of uncompressed to compressed size of a zip entry (zip-bomb guard).
    pub max_zip_ratio: u64,
    /// Largest JSON payload, in bytes.
    pub max_json_bytes: usize,
    /// Deepest JSON nesting.
    pub max_json_depth: usize,
    /// Longest filter expression, in bytes.
    pub max_filter_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_field_bytes: 64 * 1024,
            max_rows_per_file: 100_000_000,
            max_ids: 200_000_000,
            max_problems: 10_000,
            max_zip_entries: 1_000,
            max_zip_entry_bytes: 16 * 1024 * 1024 * 1024,
            max_zip_ratio: 1_000,
            max_json_bytes: 512 * 1024 * 1024,
            max_json_depth: 64,
            max_filter_bytes: 8 * 1024,
        }
    }
}
