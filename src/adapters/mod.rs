//! Glue between the `ims` command and each standard's crate: validation of detected documents
//! and the per-standard subcommands. One module per standard; each exposes
//! `validate(&Document, Options) -> Outcome`, a clap `Command` enum and `run(Command) -> u8`.

pub(crate) mod caliper;
pub(crate) mod cc;
pub(crate) mod lti;
pub(crate) mod oneroster;
pub(crate) mod qti;
