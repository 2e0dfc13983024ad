//! Common Cartridge: validation adapter and `ims cc` subcommands.
//!
//! The library does no I/O; this module opens files and walks directories, and hands the
//! library readers and a [`DirSource`].

use std::fs;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use common_cartridge::manifest::ReadOptions;
use common_cartridge::package::{PackageError, PackageSource};
use common_cartridge::validate::{self, Cartridge, Validation};
use common_cartridge::write::{FileSource, WriteOptions};
use ims::detect::Kind;
use lti_core::Report;

use crate::cli::validate::{Document, Options, Outcome, Source, unsupported};
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// `ims cc` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print a cartridge's version, metadata, organization tree and resources by type.
    Inspect {
        /// A .imscc/.zip cartridge, an unpacked cartridge directory, or an imsmanifest.xml.
        #[arg(value_name = "PKG")]
        package: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = InspectFormat::Text)]
        format: InspectFormat,
    },
    /// Pack a directory holding an imsmanifest.xml into a cartridge (deterministic zip), then
    /// validate the result.
    Build {
        /// The directory (its imsmanifest.xml and every file under it are packed).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The cartridge to write (.imscc).
        #[arg(value_name = "OUT")]
        out: PathBuf,
        /// Treat warnings of the validation of the result as failures.
        #[arg(long)]
        strict: bool,
    },
    /// Convert the CC-QTI 1.2 assessments and question banks of a cartridge to QTI 2.2 or 3.0.
    ConvertQti {
        /// A .imscc/.zip cartridge or an unpacked cartridge directory.
        #[arg(value_name = "PKG")]
        package: PathBuf,
        /// The directory to write the QTI items and tests into.
        #[arg(value_name = "OUTDIR")]
        out_dir: PathBuf,
        /// The QTI version to produce.
        #[arg(long = "to", value_enum)]
        to: QtiTarget,
    },
}

/// `ims cc inspect` output formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum InspectFormat {
    /// Text for people.
    Text,
    /// One JSON object.
    Json,
}

/// `ims cc convert-qti --to` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum QtiTarget {
    /// QTI 2.2.
    #[value(name = "2.2")]
    V2_2,
    /// QTI 3.0.
    #[value(name = "3.0")]
    V3_0,
}

/// Runs an `ims cc` subcommand.
pub(crate) fn run(command: Command) -> u8 {
    match command {
        Command::Inspect { package, format } => inspect(&package, format),
        Command::Build { dir, out, strict } => build(&dir, &out, strict),
        Command::ConvertQti {
            package,
            out_dir,
            to,
        } => convert_qti(&package, &out_dir, to),
    }
}

fn read_options(strict: bool) -> ReadOptions {
    if strict {
        ReadOptions::strict()
    } else {
        ReadOptions::default()
    }
}

/// Validates a document detected as one of Common Cartridge's kinds.
pub(crate) fn validate(doc: &Document, opts: Options) -> Outcome {
    let ro = read_options(opts.strict);
    let v = match (&doc.source, doc.detected.kind) {
        (Source::Zip(path), Kind::CcPackage | Kind::CcManifest) => match fs::File::open(path) {
            Ok(f) => validate::validate_zip(BufReader::new(f), &ro),
            Err(e) => return io_outcome(&e),
        },
        (Source::Dir(path), Kind::CcPackage | Kind::CcManifest) => match DirSource::new(path) {
            Ok(mut d) => validate::validate_package(&mut d, &ro),
            Err(e) => return io_outcome(&e),
        },
        (Source::Bytes(b), Kind::CcManifest) => validate::validate_manifest_bytes(b, &ro),
        _ => return unsupported(doc.detected.kind),
    };
    Outcome {
        version: v.version.map(|v| v.label()),
        report: v.report,
    }
}

/// Validates a standalone QTI 1.2 `questestinterop` document (kind `qti-1.2`) with the CC-QTI
/// rules of `common-cartridge` (CC profile rules when the document claims the profile, generic
/// QTI 1.2 checks otherwise). The `qti-1.2` kind is routed to the QTI adapter; it can call this.
#[allow(
    dead_code,
    reason = "called by the QTI adapter once the lead wires the qti-1.2 kind"
)]
pub(crate) fn validate_qti12(doc: &Document, opts: Options) -> Outcome {
    let Source::Bytes(bytes) = &doc.source else {
        return unsupported(doc.detected.kind);
    };
    let out = common_cartridge::qti::validate_questestinterop(bytes, &read_options(opts.strict));
    Outcome {
        version: Some("1.2".to_owned()),
        report: out.report,
    }
}

fn io_outcome(e: &io::Error) -> Outcome {
    let mut r = Report::new();
    r.push(lti_core::Problem::error(
        "ims.io",
        format!("cannot read the cartridge: {e}"),
    ));
    Outcome::from_report(r)
}

/// A cartridge directory read from disk, as a package source (and a file source for packing).
pub(crate) struct DirSource {
    root: PathBuf,
    paths: Vec<String>,
}

impl DirSource {
    /// Lists every file under `root` (hidden files and directories skipped; symbolic links are
    /// not followed).
    pub(crate) fn new(root: &Path) -> io::Result<Self> {
        fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> io::Result<()> {
            for e in fs::read_dir(dir)? {
                let e = e?;
                let name = e.file_name();
                if name.to_string_lossy().starts_with('.') {
                    continue;
                }
                let ft = e.file_type()?;
                let p = e.path();
                if ft.is_dir() {
                    walk(root, &p, out)?;
                } else if ft.is_file()
                    && let Ok(rel) = p.strip_prefix(root)
                {
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
            Ok(())
        }
        let mut paths = Vec::new();
        walk(root, root, &mut paths)?;
        paths.sort();
        Ok(Self {
            root: root.to_owned(),
            paths,
        })
    }
}

impl PackageSource for DirSource {
    fn contains(&self, path: &str) -> bool {
        self.paths
            .binary_search_by(|p| p.as_str().cmp(path))
            .is_ok()
    }

    fn paths(&self) -> Vec<&str> {
        self.paths.iter().map(String::as_str).collect()
    }

    fn read(&mut self, path: &str, max: u64) -> Result<Vec<u8>, PackageError> {
        let unreadable = |e: io::Error| PackageError::EntryUnreadable {
            entry: path.to_owned(),
            detail: e.to_string(),
        };
        if !self.contains(path) {
            return Err(PackageError::NotFound {
                entry: path.to_owned(),
            });
        }
        let full = self.root.join(path);
        let size = fs::metadata(&full).map_err(unreadable)?.len();
        if size > max {
            return Err(PackageError::EntryTooLarge {
                entry: path.to_owned(),
                size,
                max,
            });
        }
        fs::read(&full).map_err(unreadable)
    }
}

impl FileSource for DirSource {
    fn paths(&self) -> Vec<String> {
        self.paths.clone()
    }

    fn size(&self, path: &str) -> Option<u64> {
        fs::metadata(self.root.join(path)).ok().map(|m| m.len())
    }

    fn copy_to(&mut self, path: &str, out: &mut dyn Write) -> io::Result<u64> {
        let mut f = fs::File::open(self.root.join(path))?;
        io::copy(&mut f, out)
    }
}

/// Opens a cartridge path: a zip, a directory, or a loose manifest. Returns the validation
/// (which carries the cartridge with its descriptors).
fn open_any(path: &Path, strict: bool) -> Result<Validation, String> {
    let ro = read_options(strict);
    let meta = fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.is_dir() {
        let mut d = DirSource::new(path).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(validate::validate_package(&mut d, &ro));
    }
    let is_xml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
    if is_xml {
        let b = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(validate::validate_manifest_bytes(&b, &ro));
    }
    let f = fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(validate::validate_zip(BufReader::new(f), &ro))
}

fn print_problems(report: &Report) {
    for p in report {
        eprintln!("{p}");
    }
}

fn inspect(path: &Path, format: InspectFormat) -> u8 {
    let v = match open_any(path, false) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("ims: {e}");
            return EXIT_USAGE;
        }
    };
    let Some(cartridge) = v.cartridge.as_ref() else {
        print_problems(&v.report);
        eprintln!("ims: {} could not be read as a cartridge", path.display());
        return EXIT_USAGE;
    };
    let summary = common_cartridge::inspect::summarize(cartridge);
    let mut out = io::stdout().lock();
    // Write errors (a closed pipe) end the output quietly.
    let _ = match format {
        InspectFormat::Text => {
            let mut text = summary.to_text();
            if !v.report.is_empty() {
                text.push_str(&format!(
                    "\n{} error(s), {} warning(s) (run `ims validate` for details)\n",
                    v.report.errors(),
                    v.report.warnings()
                ));
            }
            out.write_all(text.as_bytes())
        }
        InspectFormat::Json => match serde_json::to_string_pretty(&summary) {
            Ok(s) => writeln!(out, "{s}"),
            Err(e) => {
                eprintln!("ims: {e}");
                return EXIT_USAGE;
            }
        },
    };
    EXIT_OK
}

fn build(dir: &Path, out: &Path, strict: bool) -> u8 {
    let ro = read_options(strict);
    let manifest_path = dir.join(common_cartridge::package::MANIFEST);
    let bytes = match fs::read(&manifest_path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("ims: {}: {e}", manifest_path.display());
            return EXIT_USAGE;
        }
    };
    let manifest = match common_cartridge::manifest::parse_manifest(&bytes, &ro) {
        Ok((m, _)) => m,
        Err(e) => {
            eprintln!("ims: {}: {e}", manifest_path.display());
            return EXIT_USAGE;
        }
    };
    let mut files = match DirSource::new(dir) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("ims: {}: {e}", dir.display());
            return EXIT_USAGE;
        }
    };
    // Never pack the output into itself.
    if let (Ok(o), Ok(d)) = (
        out.canonicalize().or_else(|_| {
            out.parent()
                .map_or_else(|| Ok(PathBuf::from(".")), Path::canonicalize)
                .map(|p| p.join(out.file_name().unwrap_or_default()))
        }),
        dir.canonicalize(),
    ) && let Ok(rel) = o.strip_prefix(&d)
    {
        let rel = rel.to_string_lossy().replace('\\', "/");
        files.paths.retain(|p| *p != rel);
    }
    let file = match fs::File::create(out) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("ims: {}: {e}", out.display());
            return EXIT_USAGE;
        }
    };
    let written = common_cartridge::write::write_cartridge(
        BufWriter::new(file),
        &manifest,
        &Default::default(),
        &mut files,
        &WriteOptions::default(),
    );
    match written.map(|mut w| w.flush()) {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            eprintln!("ims: {}: {e}", out.display());
            return EXIT_USAGE;
        }
        Err(e) => {
            eprintln!("ims: {}: {e}", out.display());
            return EXIT_USAGE;
        }
    }
    let v = match fs::File::open(out) {
        Ok(f) => validate::validate_zip(BufReader::new(f), &ro),
        Err(e) => {
            eprintln!("ims: {}: {e}", out.display());
            return EXIT_USAGE;
        }
    };
    print_problems(&v.report);
    println!(
        "{}: Common Cartridge {} with {} resources; {} error(s), {} warning(s)",
        out.display(),
        v.version.map(|v| v.label()).unwrap_or_else(|| "?".into()),
        v.cartridge
            .as_ref()
            .map_or(0, |c: &Cartridge| c.manifest.resources.len()),
        v.report.errors(),
        v.report.warnings()
    );
    if v.is_valid(strict) {
        EXIT_OK
    } else {
        EXIT_INVALID
    }
}

fn convert_qti(package: &Path, out_dir: &Path, to: QtiTarget) -> u8 {
    use common_cartridge::convert::{self, QtiTarget as T};
    let target = match to {
        QtiTarget::V2_2 => T::V2_2,
        QtiTarget::V3_0 => T::V3_0,
    };
    let v = match open_any(package, false) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("ims: {e}");
            return EXIT_USAGE;
        }
    };
    let Some(cartridge) = v.cartridge.as_ref() else {
        print_problems(&v.report);
        eprintln!(
            "ims: {} could not be read as a cartridge",
            package.display()
        );
        return EXIT_USAGE;
    };
    // The cartridge's files: media references are checked against them and copied from them.
    let mut source: Option<Box<dyn PackageSource>> = if package.is_dir() {
        DirSource::new(package)
            .ok()
            .map(|d| Box::new(d) as Box<dyn PackageSource>)
    } else {
        fs::File::open(package).ok().and_then(|f| {
            common_cartridge::package::ZipPackage::open(
                BufReader::new(f),
                &common_cartridge::package::Limits::default(),
                false,
            )
            .ok()
            .map(|z| Box::new(z) as Box<dyn PackageSource>)
        })
    };
    let out = convert::convert_cartridge(cartridge, source.as_deref(), target);
    let write = |rel: &str, bytes: &[u8]| -> io::Result<()> {
        let p = out_dir.join(rel);
        if let Some(dir) = p.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(p, bytes)
    };
    let mut failed = false;
    for (path, xml) in out
        .items
        .iter()
        .map(|i| (&i.path, &i.xml))
        .chain(out.tests.iter().map(|t| (&t.path, &t.xml)))
    {
        if let Err(e) = write(path, xml.as_bytes()) {
            eprintln!("ims: {}: {e}", out_dir.join(path).display());
            failed = true;
        }
    }
    if let Err(e) = write(common_cartridge::package::MANIFEST, out.manifest.as_bytes()) {
        eprintln!("ims: {}: {e}", out_dir.display());
        failed = true;
    }
    // Media files referenced by the items, copied from the cartridge.
    let mut copied = 0;
    if let Some(src) = source.as_mut() {
        for m in &out.media {
            match src.read(&m.from, 256 * 1024 * 1024) {
                Ok(b) => {
                    if write(&m.to, &b).is_ok() {
                        copied += 1;
                    }
                }
                Err(e) => eprintln!("warning: {}: {e}", m.from),
            }
        }
    }
    for p in &out.report {
        eprintln!("{p}");
    }
    println!(
        "{}: {} item(s), {} test(s), {} question bank(s) and {} media file(s) written as QTI {}; {} problem(s) reported",
        out_dir.display(),
        out.items.len(),
        out.tests.len(),
        out.banks.len(),
        copied,
        target.as_str(),
        out.report.len()
    );

    if failed {
        EXIT_USAGE
    } else if out.report.has_errors() {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}
