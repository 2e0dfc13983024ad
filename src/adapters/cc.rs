//! Common Cartridge: validation adapter and `ims cc` subcommands.

use clap::Subcommand;

use crate::cli::validate::{Document, Options, Outcome, unsupported};

/// `ims cc` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {}

/// Runs an `ims cc` subcommand.
pub(crate) fn run(command: Command) -> u8 {
    match command {}
}

/// Validates a document detected as one of Common Cartridge's kinds.
pub(crate) fn validate(doc: &Document, _opts: Options) -> Outcome {
    unsupported(doc.detected.kind)
}
