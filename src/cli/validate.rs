//! `ims validate`: find documents under the given paths, detect their kind and version, validate
//! each with the matching crate, print the results.

use std::fs;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use ims::detect::{self, Detected, Kind};
use lti_core::{Location, Problem, Report};

use super::output::{self, Format};
use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::adapters;

/// Largest single document read into memory (bytes).
pub(crate) const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// Arguments of `ims validate`.
#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Treat warnings as making a document invalid.
    #[arg(long)]
    strict: bool,
    /// Files, directories, or zip/.imscc archives.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

/// Options passed to every adapter.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// Strict mode: warnings count as failures; adapters may also enable stricter parsing.
    pub(crate) strict: bool,
}

/// Where a detected document's content is.
#[derive(Debug)]
#[allow(
    dead_code,
    reason = "read by the adapters as each standard's validation lands"
)]
pub(crate) enum Source {
    /// A single document, read into memory.
    Bytes(Vec<u8>),
    /// An unpacked package or CSV-set directory.
    Dir(PathBuf),
    /// A zip archive on disk (a package, cartridge or zipped CSV set).
    Zip(PathBuf),
}

/// One document to validate.
#[derive(Debug)]
#[allow(
    dead_code,
    reason = "read by the adapters as each standard's validation lands"
)]
pub(crate) struct Document {
    /// The path as the user should see it (as given, joined, or `archive.zip!/entry`).
    pub(crate) display_path: String,
    /// What detection found.
    pub(crate) detected: Detected,
    /// The content.
    pub(crate) source: Source,
}

/// What an adapter returns for one document.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// The version, when the adapter knows it better than detection did.
    pub(crate) version: Option<String>,
    /// The problems found.
    pub(crate) report: Report,
}

impl Outcome {
    /// An outcome with the given report and no version refinement.
    pub(crate) fn from_report(report: Report) -> Self {
        Self {
            version: None,
            report,
        }
    }
}

/// A result ready to print.
#[derive(Debug)]
pub(crate) struct DocResult {
    pub(crate) path: String,
    pub(crate) kind: Kind,
    pub(crate) version: Option<String>,
    pub(crate) report: Report,
}

pub(crate) fn run(args: &ValidateArgs) -> u8 {
    let opts = Options {
        strict: args.strict,
    };
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
    };
    let mut printer = output::Printer::new(format, args.strict);
    let mut status = EXIT_OK;
    for path in &args.paths {
        let mut docs = Vec::new();
        if let Err(e) = collect(path, &path.display().to_string(), true, &mut docs) {
            eprintln!("ims: {e}");
            status = EXIT_USAGE;
            continue;
        }
        for doc in docs {
            let result = validate_document(doc, opts);
            if !result.report.is_valid(opts.strict) && status == EXIT_OK {
                status = EXIT_INVALID;
            }
            printer.print(&result);
        }
    }
    printer.finish();
    status
}

/// Validates one document with the adapter for its kind.
pub(crate) fn validate_document(doc: Document, opts: Options) -> DocResult {
    let outcome = match doc.detected.kind.standard() {
        Some(detect::Standard::Qti) => adapters::qti::validate(&doc, opts),
        Some(detect::Standard::Cc) => adapters::cc::validate(&doc, opts),
        Some(detect::Standard::Caliper) => adapters::caliper::validate(&doc, opts),
        Some(detect::Standard::OneRoster) => adapters::oneroster::validate(&doc, opts),
        Some(detect::Standard::Lti) => adapters::lti::validate(&doc, opts),
        _ => Outcome::from_report(unknown_report(&doc.detected)),
    };
    let mut report = doc.detected.problems.clone();
    report.extend(outcome.report);
    DocResult {
        path: doc.display_path,
        kind: doc.detected.kind,
        version: outcome.version.or(doc.detected.version),
        report,
    }
}

fn unknown_report(detected: &Detected) -> Report {
    let mut r = Report::new();
    if !detected.problems.has_errors() {
        r.push(Problem::error(
            "ims.unknown-kind",
            "not recognised as a document of any supported 1EdTech standard",
        ));
    }
    r
}

/// A report saying that this build cannot validate a kind (its feature is disabled or the
/// standard's crate does not support it yet). Never valid.
pub(crate) fn unsupported(kind: Kind) -> Outcome {
    let mut r = Report::new();
    r.push(Problem::error(
        "ims.unsupported-kind",
        format!(
            "recognised as {} but this build of ims cannot validate that kind",
            kind.as_str()
        ),
    ));
    Outcome::from_report(r)
}

/// File extensions considered when walking a directory.
const WALK_EXTENSIONS: &[&str] = &["xml", "json", "jsonld", "jwt", "imscc", "zip", "csv", "qti"];

fn collect(
    path: &Path,
    display: &str,
    explicit: bool,
    out: &mut Vec<Document>,
) -> Result<(), String> {
    let meta = fs::metadata(path).map_err(|e| format!("{display}: {e}"))?;
    if meta.is_dir() {
        if path.join("imsmanifest.xml").is_file() {
            let bytes = read_limited(&path.join("imsmanifest.xml"))
                .map_err(|e| format!("{display}/imsmanifest.xml: {e}"))?;
            let mut detected = detect::detect_package_manifest(&bytes);
            if detected.kind == Kind::CcManifest {
                detected.kind = Kind::CcPackage;
            }
            out.push(Document {
                display_path: display.to_owned(),
                detected,
                source: Source::Dir(path.to_owned()),
            });
            return Ok(());
        }
        if path.join("manifest.csv").is_file() {
            out.push(Document {
                display_path: display.to_owned(),
                detected: Detected::new(Kind::OneRosterCsv, None),
                source: Source::Dir(path.to_owned()),
            });
            return Ok(());
        }
        let mut entries: Vec<_> = fs::read_dir(path)
            .map_err(|e| format!("{display}: {e}"))?
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        entries.sort();
        for name in entries {
            let name_str = name.to_string_lossy();
            if name_str.starts_with('.') {
                continue;
            }
            let child = path.join(&name);
            let child_display = if display.ends_with('/') {
                format!("{display}{name_str}")
            } else {
                format!("{display}/{name_str}")
            };
            collect(&child, &child_display, false, out)?;
        }
        return Ok(());
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !explicit && !WALK_EXTENSIONS.contains(&ext.as_str()) {
        return Ok(());
    }
    if ext == "zip" || ext == "imscc" {
        return collect_zip(path, display, out);
    }
    let bytes = read_limited(path).map_err(|e| format!("{display}: {e}"))?;
    let detected = detect::detect_bytes(&bytes, path.file_name().and_then(|n| n.to_str()));
    out.push(Document {
        display_path: display.to_owned(),
        detected,
        source: Source::Bytes(bytes),
    });
    Ok(())
}

fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > MAX_DOCUMENT_BYTES {
        return Err(std::io::Error::other(format!(
            "file is {len} bytes, larger than the {MAX_DOCUMENT_BYTES}-byte limit for a single document"
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A zip that is a package (imsmanifest.xml at its root or under one folder) or a CSV set
/// (manifest.csv) is one document; any other zip is opened and each entry validated as
/// `archive.zip!/entry`.
fn collect_zip(path: &Path, display: &str, out: &mut Vec<Document>) -> Result<(), String> {
    let file = fs::File::open(path).map_err(|e| format!("{display}: {e}"))?;
    let mut archive = match zip::ZipArchive::new(file) {
        Ok(a) => a,
        Err(e) => {
            let mut report = Report::new();
            report.push(
                Problem::error("zip.invalid", format!("not a readable zip archive: {e}"))
                    .at(Location::Unknown),
            );
            out.push(Document {
                display_path: display.to_owned(),
                detected: Detected::with_problems(Kind::Unknown, None, report),
                source: Source::Zip(path.to_owned()),
            });
            return Ok(());
        }
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(std::borrow::Cow::into_owned))
        .collect();
    if let Some(manifest) = find_root_file(&names, "imsmanifest.xml") {
        let bytes = read_entry(&mut archive, &manifest)
            .map_err(|e| format!("{display}!/{manifest}: {e}"))?;
        let mut detected = detect::detect_package_manifest(&bytes);
        if detected.kind == Kind::CcManifest {
            detected.kind = Kind::CcPackage;
        }
        out.push(Document {
            display_path: display.to_owned(),
            detected,
            source: Source::Zip(path.to_owned()),
        });
        return Ok(());
    }
    if find_root_file(&names, "manifest.csv").is_some() {
        out.push(Document {
            display_path: display.to_owned(),
            detected: Detected::new(Kind::OneRosterCsv, None),
            source: Source::Zip(path.to_owned()),
        });
        return Ok(());
    }
    let mut sorted = names;
    sorted.sort();
    for name in sorted {
        if name.ends_with('/') {
            continue;
        }
        let entry_display = format!("{display}!/{name}");
        let bytes = read_entry(&mut archive, &name).map_err(|e| format!("{entry_display}: {e}"))?;
        let file_name = name.rsplit('/').next();
        out.push(Document {
            display_path: entry_display,
            detected: detect::detect_bytes(&bytes, file_name),
            source: Source::Bytes(bytes),
        });
    }
    Ok(())
}

/// Finds `file` at the root of the archive or directly under a single top-level folder.
pub(crate) fn find_root_file(names: &[String], file: &str) -> Option<String> {
    if names.iter().any(|n| n == file) {
        return Some(file.to_owned());
    }
    let mut found = names
        .iter()
        .filter(|n| n.split('/').count() == 2 && n.ends_with(&format!("/{file}")));
    let first = found.next()?;
    found.next().is_none().then(|| first.clone())
}

fn read_entry<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Vec<u8>, String> {
    let entry = archive.by_name(name).map_err(|e| e.to_string())?;
    if entry.size() > MAX_DOCUMENT_BYTES {
        return Err(format!(
            "entry is {} bytes uncompressed, over the limit",
            entry.size()
        ));
    }
    let mut bytes = Vec::new();
    entry
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}
