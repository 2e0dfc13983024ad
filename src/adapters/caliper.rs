//! Caliper: validation adapter and `ims caliper` subcommands.

use clap::Subcommand;

use crate::cli::validate::{Document, Options, Outcome, unsupported};

/// `ims caliper` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {}

/// Runs an `ims caliper` subcommand.
pub(crate) fn run(command: Command) -> u8 {
    match command {}
}

/// Validates a document detected as one of Caliper's kinds.
pub(crate) fn validate(doc: &Document, _opts: Options) -> Outcome {
    unsupported(doc.detected.kind)
}
