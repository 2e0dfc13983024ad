//! The `ims` command: validate and work with 1EdTech documents.
#![forbid(unsafe_code)]

mod adapters;
mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
