//! Command-line interface: `ims validate` plus one subcommand group per standard.

pub(crate) mod output;
pub(crate) mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::adapters;

/// Exit status: every document valid.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit status: at least one document invalid.
pub(crate) const EXIT_INVALID: u8 = 1;
/// Exit status: usage error or unreadable input.
pub(crate) const EXIT_USAGE: u8 = 2;

/// Validate and work with 1EdTech (IMS Global) documents: QTI, Common Cartridge, Caliper,
/// OneRoster and LTI.
#[derive(Debug, Parser)]
#[command(name = "ims", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Detect each document's standard, kind and version, and validate it.
    ///
    /// PATH is a file, a directory or a zip/.imscc. A directory holding imsmanifest.xml is one
    /// package; a directory holding manifest.csv is one OneRoster CSV set; any other directory
    /// is walked.
    Validate(validate::ValidateArgs),
    /// QTI tools.
    #[command(subcommand)]
    Qti(adapters::qti::Command),
    /// LTI tools.
    #[command(subcommand)]
    Lti(adapters::lti::Command),
    /// Caliper tools.
    #[command(subcommand)]
    Caliper(adapters::caliper::Command),
    /// OneRoster tools.
    #[command(subcommand)]
    Oneroster(adapters::oneroster::Command),
    /// Common Cartridge tools.
    #[command(subcommand)]
    Cc(adapters::cc::Command),
}

pub(crate) fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Qti(c) => adapters::qti::run(c),
        Command::Lti(c) => adapters::lti::run(c),
        Command::Caliper(c) => adapters::caliper::run(c),
        Command::Oneroster(c) => adapters::oneroster::run(c),
        Command::Cc(c) => adapters::cc::run(c),
    };
    ExitCode::from(code)
}
