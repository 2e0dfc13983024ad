//! Caliper: validation adapter and `ims caliper` subcommands.

use std::io::Write as _;
use std::path::PathBuf;

use clap::Subcommand;
use lti_core::{Location, Problem, Report};

use crate::cli::validate::{Document, Options, Outcome, Source, unsupported};
use crate::cli::{EXIT_OK, EXIT_USAGE};

/// `ims caliper` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print a Caliper document (envelope, event, entity, endpoint configuration) as the
    /// caliper crate writes it: indented, date-times in the exact Caliper form, everything
    /// else as read.
    Fmt {
        /// Write entities already described earlier in the document as their IRI, and drop
        /// nested contexts equal to the parent's.
        #[arg(long)]
        thin: bool,
        /// One line instead of indented output.
        #[arg(long)]
        compact: bool,
        /// The JSON file.
        file: PathBuf,
    },
}

/// Runs an `ims caliper` subcommand.
pub(crate) fn run(command: Command) -> u8 {
    match command {
        Command::Fmt {
            thin,
            compact,
            file,
        } => fmt(&file, thin, compact),
    }
}

fn fmt(file: &std::path::Path, thin: bool, compact: bool) -> u8 {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("ims: cannot read {}: {e}", file.display());
            return EXIT_USAGE;
        }
    };
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    match caliper::read(bytes) {
        Ok(doc) => {
            let options = if compact {
                caliper::WriteOptions::compact()
            } else {
                caliper::WriteOptions::pretty()
            }
            .thin(thin);
            // A closed pipe (`| head`) is not an error worth a panic.
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", caliper::to_string_with(&doc, options));
            EXIT_OK
        }
        Err(e) => {
            eprintln!("ims: {}: {e} [{}]", file.display(), e.code());
            EXIT_USAGE
        }
    }
}

/// Validates a document detected as one of Caliper's kinds.
pub(crate) fn validate(doc: &Document, opts: Options) -> Outcome {
    let Source::Bytes(bytes) = &doc.source else {
        return unsupported(doc.detected.kind);
    };
    let mut report = Report::new();
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => {
            report.push(
                Problem::warning(
                    caliper::codes::JSON_BOM,
                    "the document starts with a UTF-8 byte order mark, which JSON text must not have; it was ignored",
                )
                .at(Location::json_pointer("")),
            );
            rest
        }
        None => bytes,
    };
    let mut version = None;
    match caliper::read(bytes) {
        Ok(d) => {
            version = d.version().map(|v| v.as_str().to_owned());
            // Severities stay as the crate reports them: under --strict the printer already
            // counts warnings as failures.
            let _ = opts.strict;
            report.extend(caliper::validate(&d));
        }
        Err(e) => report.push(e.to_problem()),
    }
    Outcome { version, report }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::validate::Source;
    use ims::detect;

    fn outcome(json: &str, strict: bool) -> Outcome {
        let bytes = json.as_bytes().to_vec();
        let doc = Document {
            display_path: "x.json".into(),
            detected: detect::detect_bytes(&bytes, Some("x.json")),
            source: Source::Bytes(bytes),
        };
        validate(&doc, Options { strict })
    }

    #[test]
    fn validates_and_reports_version() {
        let ok = outcome(
            r#"{"@context":"http://purl.imsglobal.org/ctx/caliper/v1p2","id":"https://example.edu/u/1","type":"Person"}"#,
            false,
        );
        assert!(ok.report.is_empty(), "{:?}", ok.report);
        assert_eq!(ok.version.as_deref(), Some("1.2"));
        let bad = outcome(
            r#"{"@context":"http://purl.imsglobal.org/ctx/caliper/v1p2","type":"Person"}"#,
            false,
        );
        assert!(bad.report.has_code(caliper::codes::ID_MISSING));
        let broken = outcome("{\"@context\": ", false);
        assert!(broken.report.has_code(caliper::codes::JSON_SYNTAX));
        let bom = outcome(
            "\u{feff}{\"@context\":\"http://purl.imsglobal.org/ctx/caliper/v1p2\",\"id\":\"https://e/1\",\"type\":\"Person\"}",
            true,
        );
        assert!(bom.report.has_code(caliper::codes::JSON_BOM));
    }
}
