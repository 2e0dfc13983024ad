//! LTI: validation adapter and `ims lti` subcommands.

use clap::Subcommand;

use crate::cli::validate::{Document, Options, Outcome, unsupported};

/// `ims lti` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {}

/// Runs an `ims lti` subcommand.
pub(crate) fn run(command: Command) -> u8 {
    match command {}
}

/// Validates a document detected as one of LTI's kinds.
pub(crate) fn validate(doc: &Document, _opts: Options) -> Outcome {
    unsupported(doc.detected.kind)
}
