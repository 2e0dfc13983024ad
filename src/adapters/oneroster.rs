//! OneRoster: validation adapter and `ims oneroster` subcommands.

use clap::Subcommand;

use crate::cli::validate::{Document, Options, Outcome, unsupported};

/// `ims oneroster` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {}

/// Runs an `ims oneroster` subcommand.
pub(crate) fn run(command: Command) -> u8 {
    match command {}
}

/// Validates a document detected as one of OneRoster's kinds.
pub(crate) fn validate(doc: &Document, _opts: Options) -> Outcome {
    unsupported(doc.detected.kind)
}
