//! OneRoster: validation adapter and `ims oneroster` subcommands.

use std::fs;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use lti_core::{Location, Problem, Report};
use oneroster::csv::{CsvSource, SourceError, ZipSource};
use oneroster::{Limits, Version};

use crate::cli::validate::{Document, MAX_DOCUMENT_BYTES, Options, Outcome, Source, unsupported};
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use ims::detect::Kind;

/// `ims oneroster` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Convert a CSV set (directory or zip) to JSON, or a JSON payload to a CSV set.
    Convert(ConvertArgs),
}

/// Output binding of `ims oneroster convert`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum To {
    /// One JSON object of collections (`{"orgs": […], "users": […]}`).
    Json,
    /// A CSV set: a directory, or a zip when OUT ends in `.zip`.
    Csv,
}

/// Data-model version argument.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum VersionArg {
    /// OneRoster 1.1.
    #[value(name = "1.1")]
    V11,
    /// OneRoster 1.2.
    #[value(name = "1.2")]
    V12,
}

/// Arguments of `ims oneroster convert`.
#[derive(Debug, clap::Args)]
pub(crate) struct ConvertArgs {
    /// The output binding.
    #[arg(long, value_enum)]
    to: To,
    /// Version to write (default: the input's version; 1.2 for JSON input).
    #[arg(long, value_enum)]
    version: Option<VersionArg>,
    /// Scheme and host for the `href` of references written to JSON.
    #[arg(long, default_value = "https://oneroster.invalid")]
    base_url: String,
    /// Input: a CSV set directory or zip (for --to json), a JSON file (for --to csv).
    input: PathBuf,
    /// Output: a JSON file (--to json); a directory, or a .zip file (--to csv).
    output: PathBuf,
}

/// A directory as a CSV source: the CLI opens the files; the library does no I/O.
struct DirSource(PathBuf);

impl CsvSource for DirSource {
    fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(&self.0)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter(|e| e.path().is_file())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    fn open(&mut self, name: &str) -> Result<Box<dyn Read + '_>, SourceError> {
        let f = fs::File::open(self.0.join(name)).map_err(|e| SourceError::Io {
            name: name.to_owned(),
            message: e.to_string(),
        })?;
        Ok(Box::new(BufReader::with_capacity(256 * 1024, f)))
    }
}

fn unreadable(path: &Path, e: impl std::fmt::Display) -> Outcome {
    let mut r = Report::new();
    r.push(
        Problem::error(
            "ims.unreadable",
            format!("cannot read {}: {e}", path.display()),
        )
        .at(Location::field(path.display().to_string())),
    );
    Outcome::from_report(r)
}

fn validate_source(src: &mut dyn CsvSource) -> Outcome {
    let set = oneroster::csv::validate_set(src, &Limits::default());
    Outcome {
        version: set.version.map(|v| v.as_str().to_owned()),
        report: set.report,
    }
}

/// Validates a document detected as one of OneRoster's kinds.
pub(crate) fn validate(doc: &Document, _opts: Options) -> Outcome {
    match (doc.detected.kind, &doc.source) {
        (Kind::OneRosterCsv, Source::Dir(path)) => validate_source(&mut DirSource(path.clone())),
        (Kind::OneRosterCsv, Source::Zip(path)) => match fs::File::open(path) {
            Ok(f) => match ZipSource::new(BufReader::new(f), Limits::default()) {
                Ok(mut z) => validate_source(&mut z),
                Err(e) => {
                    let mut r = Report::new();
                    r.push(Problem::error(e.code(), e.to_string()));
                    Outcome::from_report(r)
                }
            },
            Err(e) => unreadable(path, e),
        },
        (Kind::OneRosterJson, Source::Bytes(bytes)) => {
            let version = serde_json::from_slice::<serde_json::Value>(bytes)
                .map_or(Version::V1_2, |v| oneroster::json::detect_version(&v));
            let (_, report) = oneroster::json::read_payload(bytes, version, &Limits::default());
            Outcome {
                version: Some(version.as_str().to_owned()),
                report,
            }
        }
        _ => unsupported(doc.detected.kind),
    }
}

/// Runs an `ims oneroster` subcommand.
pub(crate) fn run(command: Command) -> u8 {
    match command {
        Command::Convert(args) => convert(&args),
    }
}

fn print_report(report: &Report) {
    for p in report {
        eprintln!("{p}");
    }
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).fixed_offset()
}

fn convert(args: &ConvertArgs) -> u8 {
    let limits = Limits::default();
    let version = args.version.map(|v| match v {
        VersionArg::V11 => Version::V1_1,
        VersionArg::V12 => Version::V1_2,
    });
    match args.to {
        To::Json => {
            let opts = oneroster::convert::ToJsonOptions::new(
                version.unwrap_or(Version::V1_2),
                Some(now()),
            );
            let mut opts = opts;
            opts.json = opts.json.with_href_root(args.base_url.clone());
            let (value, set) = if args.input.is_dir() {
                oneroster::convert::csv_to_json(&mut DirSource(args.input.clone()), &limits, &opts)
            } else {
                let f = match fs::File::open(&args.input) {
                    Ok(f) => f,
                    Err(e) => {
                        eprintln!("ims: cannot read {}: {e}", args.input.display());
                        return EXIT_USAGE;
                    }
                };
                match ZipSource::new(BufReader::new(f), limits) {
                    Ok(mut z) => oneroster::convert::csv_to_json(&mut z, &limits, &opts),
                    Err(e) => {
                        eprintln!("ims: {}: {e}", args.input.display());
                        return EXIT_USAGE;
                    }
                }
            };
            print_report(&set.report);
            if set.version.is_none() {
                eprintln!(
                    "ims: {} is not a readable OneRoster CSV set",
                    args.input.display()
                );
                return EXIT_USAGE;
            }
            let text = match serde_json::to_string_pretty(&value) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("ims: {e}");
                    return EXIT_USAGE;
                }
            };
            if let Err(e) = fs::write(&args.output, text + "\n") {
                eprintln!("ims: cannot write {}: {e}", args.output.display());
                return EXIT_USAGE;
            }
            if set.report.has_errors() {
                EXIT_INVALID
            } else {
                EXIT_OK
            }
        }
        To::Csv => {
            let bytes = match fs::metadata(&args.input) {
                Ok(m) if m.len() > MAX_DOCUMENT_BYTES => {
                    eprintln!("ims: {} is too large", args.input.display());
                    return EXIT_USAGE;
                }
                _ => match fs::read(&args.input) {
                    Ok(b) => b,
                    Err(e) => {
                        eprintln!("ims: cannot read {}: {e}", args.input.display());
                        return EXIT_USAGE;
                    }
                },
            };
            let version = version.unwrap_or_else(|| {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .map_or(Version::V1_2, |v| oneroster::json::detect_version(&v))
            });
            let opts = oneroster::csv::WriteOptions::bulk(version);
            let (files, report) = oneroster::convert::json_to_csv(&bytes, &limits, &opts);
            print_report(&report);
            let is_zip = args
                .output
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
            let written = if is_zip {
                fs::File::create(&args.output)
                    .map_err(|e| e.to_string())
                    .and_then(|f| {
                        let data = oneroster::convert::json_to_dataset(&bytes, version, &limits).0;
                        let mut data = data;
                        if version == Version::V1_2 {
                            oneroster::convert::unfold_links(&mut data);
                        }
                        oneroster::csv::writer::write_set_zip(&data, &opts, f)
                            .map(|_| ())
                            .map_err(|e| e.to_string())
                    })
            } else {
                fs::create_dir_all(&args.output)
                    .map_err(|e| e.to_string())
                    .and_then(|()| {
                        files.iter().try_for_each(|(name, b)| {
                            fs::write(args.output.join(name), b).map_err(|e| e.to_string())
                        })
                    })
            };
            if let Err(e) = written {
                eprintln!("ims: cannot write {}: {e}", args.output.display());
                return EXIT_USAGE;
            }
            if report.has_errors() {
                EXIT_INVALID
            } else {
                EXIT_OK
            }
        }
    }
}
