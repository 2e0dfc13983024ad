//! QTI: validation adapter and `ims qti` subcommands.

use std::fs;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use ims::detect::Kind;
use lti_core::{Problem, Report};
use qti::package::{PackageSource, read_package};
use qti::{ReadOptions, Version};

#[path = "qti_engine.rs"]
mod qti_engine;

use crate::cli::validate::{Document, MAX_DOCUMENT_BYTES, Options, Outcome, Source, unsupported};
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// `ims qti` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Write a QTI document (item, test, section, stimulus, results) to stdout, in its own
    /// version or converted with --to. Conversion problems go to stderr.
    Fmt(FmtArgs),
    /// Score an item: run template and response processing on responses (JSON) and print the
    /// outcomes, template values and shown feedback.
    Score(qti_engine::ScoreArgs),
    /// Drive a test session from a scripted plan and print the assessmentResult.
    RunTest(qti_engine::RunTestArgs),
}

/// Arguments of `ims qti fmt`.
#[derive(Debug, Args)]
pub(crate) struct FmtArgs {
    /// Target version: 2.1, 2.2 or 3.0 (default: the input's own version, 2.0 included).
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    to: Option<Version>,
    /// Indent element-only content by this many spaces.
    #[arg(long, value_name = "SPACES")]
    indent: Option<usize>,
    /// The QTI document.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

fn parse_version(s: &str) -> Result<Version, String> {
    match Version::parse(s) {
        Some(v @ (Version::V2p1 | Version::V2p2 | Version::V3p0)) => Ok(v),
        _ => Err(format!(
            "{s:?} is not a target version: use 2.1, 2.2 or 3.0"
        )),
    }
}

/// Runs an `ims qti` subcommand.
pub(crate) fn run(command: Command) -> u8 {
    match command {
        Command::Fmt(args) => fmt(&args),
        Command::Score(args) => qti_engine::score(&args),
        Command::RunTest(args) => qti_engine::run_test(&args),
    }
}

fn fmt(args: &FmtArgs) -> u8 {
    let bytes = match read_limited(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("ims: {}: {e}", args.file.display());
            return EXIT_USAGE;
        }
    };
    let (doc, report) = match qti::parse(&bytes, &ReadOptions::default()) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("ims: {}: {}", args.file.display(), e.to_problem());
            return EXIT_USAGE;
        }
    };
    for p in report.iter().filter(|p| p.is_error()) {
        eprintln!("{}: {p}", args.file.display());
    }
    let target = args.to.unwrap_or_else(|| doc.version());
    let mut opts = qti::xml::write::WriteOptions::default();
    opts.indent = args.indent;
    let out = qti::xml::write::write_with(&doc, target, &opts);
    for p in out.report.iter() {
        eprintln!("{}: {p}", args.file.display());
    }
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(out.xml.as_bytes()).is_err() {
        return EXIT_USAGE;
    }
    if out.report.has_errors() {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}

fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(std::io::Error::other(
            "larger than the single-document limit",
        ));
    }
    Ok(bytes)
}

/// Validates a document detected as one of QTI's kinds.
pub(crate) fn validate(doc: &Document, opts: Options) -> Outcome {
    let read = if opts.strict {
        ReadOptions::strict()
    } else {
        ReadOptions::lenient()
    };
    match (doc.detected.kind, &doc.source) {
        (Kind::Qti12, _) => crate::adapters::cc::validate_qti12(doc, opts),
        (Kind::QtiPackage, Source::Dir(dir)) => package(&DirSource { root: dir.clone() }, &read),
        (Kind::QtiPackage, Source::Zip(path)) => match ZipSource::open(path) {
            Ok(z) => package(&z, &read),
            Err(e) => report_only(Problem::error("zip.invalid", e)),
        },
        (Kind::QtiPackage, Source::Bytes(bytes)) => {
            // A manifest on its own: check the manifest (its files are not at hand).
            match lti_core::content_packaging::parse_manifest(bytes, &read.limits) {
                Ok((m, mut r)) => {
                    r.extend(m.check().problems);
                    Outcome::from_report(r)
                }
                Err(e) => report_only(e.to_problem()),
            }
        }
        (_, Source::Bytes(bytes)) => match qti::parse(bytes, &read) {
            Ok((d, mut r)) => {
                r.extend(qti::validate(&d).problems);
                Outcome {
                    version: Some(d.version().to_string()),
                    report: r,
                }
            }
            Err(e) => report_only(e.to_problem()),
        },
        _ => unsupported(doc.detected.kind),
    }
}

fn report_only(p: Problem) -> Outcome {
    let mut r = Report::new();
    r.push(p);
    Outcome::from_report(r)
}

fn package(src: &dyn PackageSource, read: &ReadOptions) -> Outcome {
    match read_package(src, read) {
        Ok((pkg, report)) => Outcome {
            version: pkg
                .resources
                .iter()
                .find_map(|r| r.document.as_ref().map(|d| d.version().to_string())),
            report,
        },
        Err(e) => report_only(e.to_problem()),
    }
}

/// An unpacked package directory.
struct DirSource {
    root: PathBuf,
}

impl DirSource {
    fn path(&self, p: &str) -> Option<PathBuf> {
        let p = p.trim_start_matches('/');
        if p.split('/').any(|s| s == "..") {
            return None;
        }
        Some(self.root.join(p))
    }
}

impl PackageSource for DirSource {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        read_limited(&self.path(path)?).ok()
    }
    fn exists(&self, path: &str) -> bool {
        self.path(path).is_some_and(|p| p.is_file())
    }
}

/// A zipped package (the manifest at the root or under one top-level folder).
struct ZipSource {
    archive: std::cell::RefCell<zip::ZipArchive<fs::File>>,
    prefix: String,
    names: std::collections::HashSet<String>,
}

impl ZipSource {
    fn open(path: &Path) -> Result<Self, String> {
        let file = fs::File::open(path).map_err(|e| e.to_string())?;
        let archive =
            zip::ZipArchive::new(file).map_err(|e| format!("not a readable zip archive: {e}"))?;
        let names: std::collections::HashSet<String> = archive
            .file_names()
            .filter_map(|n| n.ok().map(std::borrow::Cow::into_owned))
            .collect();
        let listed: Vec<String> = names.iter().cloned().collect();
        let manifest = crate::cli::validate::find_root_file(&listed, "imsmanifest.xml")
            .ok_or_else(|| "no imsmanifest.xml in the archive".to_owned())?;
        let prefix = manifest
            .strip_suffix("imsmanifest.xml")
            .unwrap_or("")
            .to_owned();
        Ok(Self {
            archive: std::cell::RefCell::new(archive),
            prefix,
            names,
        })
    }
}

fn read_entry<R: Read + Seek>(archive: &mut zip::ZipArchive<R>, name: &str) -> Option<Vec<u8>> {
    let entry = archive.by_name(name).ok()?;
    if entry.size() > MAX_DOCUMENT_BYTES {
        return None;
    }
    let mut bytes = Vec::new();
    entry
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(bytes)
}

impl PackageSource for ZipSource {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let name = format!("{}{}", self.prefix, path.trim_start_matches('/'));
        read_entry(&mut self.archive.borrow_mut(), &name)
    }
    fn exists(&self, path: &str) -> bool {
        self.names
            .contains(&format!("{}{}", self.prefix, path.trim_start_matches('/')))
    }
}
