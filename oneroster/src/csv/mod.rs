//! The CSV binding (OneRoster CSV binding 1.1 and 1.2): reading, validation and writing of
//! bulk and delta sets.
//!
//! - [`files`] — every file and its exact header row per version.
//! - [`manifest`] — manifest.csv.
//! - [`source`] — where files come from ([`CsvSource`], [`MemorySource`], [`ZipSource`]).
//! - [`reader`] — streaming validation ([`validate_set`]) and row access ([`read_set_with`]).
//! - [`records`] — rows into the [`crate::model`] ([`read_dataset`]).
//! - [`writer`] — a [`crate::model::Dataset`] out as a set ([`write_set`]).

pub mod files;
mod ids;
pub mod manifest;
pub mod reader;
pub mod records;
mod rfc4180;
pub mod source;
pub mod writer;

pub use files::{ColumnSpec, ColumnType, FileKind, Requirement};
pub use manifest::Manifest;
pub use reader::{FileSummary, NoSink, RowSink, RowView, SetReport, read_set_with, validate_set};
pub use records::read_dataset;
pub use source::{CsvSource, MemorySource, SourceError, ZipSource};
pub use writer::{WriteOptions, write_set};
