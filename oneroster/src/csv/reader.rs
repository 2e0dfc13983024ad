//! Streaming reading and validation of a CSV set (CSV binding §2–§3, Appendix A).
//!
//! The reader opens the manifest first, then every data file in dependency order (orgs before
//! classes before enrollments…), streaming each file row by row with one reused record buffer.
//! For each row it checks required fields, formats and vocabularies and hands the row to a
//! [`RowSink`] (the model builder, or nothing for validation only). Cross-file references are
//! checked against sets of 128-bit fingerprints of the sourcedIds seen so far: memory grows
//! with the number of ids, not rows or bytes.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::NaiveDate;
use lti_core::{Location, Problem, Report, Severity};
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::csv::files::{ColumnSpec, ColumnType, FileKind, KNOWN_HEADER_TYPOS, Requirement};
use crate::csv::guard::RecordGuard;
use crate::csv::manifest::Manifest;
use crate::csv::source::CsvSource;
use crate::limits::Limits;
use crate::model::Version;
use crate::vocab::{self, CEDS_GRADES, ProcessingMode, TokenClass, Vocab};

/// One file of a set as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileSummary {
    /// Which file.
    pub kind: FileKind,
    /// The entry name as found (it may differ in case from the binding's name).
    pub name: String,
    /// The mode it was read in.
    pub mode: ProcessingMode,
    /// Data rows read.
    pub rows: u64,
}

/// What reading a set found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SetReport {
    /// The data-model version from the manifest.
    pub version: Option<Version>,
    /// The manifest.
    pub manifest: Option<Manifest>,
    /// The data files read, in processing order.
    pub files: Vec<FileSummary>,
    /// Every problem.
    pub report: Report,
}

/// A view of one data row, handed to a [`RowSink`].
#[derive(Debug)]
#[non_exhaustive]
pub struct RowView<'a> {
    /// The file.
    pub file: FileKind,
    /// The version.
    pub version: Version,
    /// The file's mode.
    pub mode: ProcessingMode,
    /// The row number (the header is row 1).
    pub row: u64,
    /// Whether validation found an error in this row.
    pub has_errors: bool,
    record: &'a Row<'a>,
    ctx: &'a FileCtx,
}

/// A data row: the raw record when it is valid UTF-8 (no copy), or a lossy decoding.
#[derive(Debug)]
enum Row<'r> {
    /// The record and its fields' bytes as one checked `str`.
    Bytes(&'r ::csv::ByteRecord, &'r str),
    Lossy(::csv::StringRecord),
}

impl Row<'_> {
    fn get(&self, i: usize) -> Option<&str> {
        match self {
            // The fields' bytes were checked as UTF-8 as a whole, with every field boundary
            // on a character boundary, so slicing by the field's range cannot fail.
            Self::Bytes(b, whole) => b.range(i).and_then(|r| whole.get(r)),
            Self::Lossy(s) => s.get(i),
        }
    }

    fn len(&self) -> usize {
        match self {
            Self::Bytes(b, _) => b.len(),
            Self::Lossy(s) => s.len(),
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Self::Bytes(b, _) => b.as_slice(),
            Self::Lossy(s) => s.as_slice().as_bytes(),
        }
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i).unwrap_or(""))
    }
}

impl<'a> RowView<'a> {
    /// The value of a defined column by name (`""` when empty or absent).
    pub fn get(&self, column: &str) -> &'a str {
        self.ctx
            .spec
            .iter()
            .position(|c| c.name == column)
            .and_then(|j| self.ctx.col_map.get(j).copied().flatten())
            .and_then(|i| self.record.get(i))
            .unwrap_or("")
    }

    /// The `metadata.*` columns (name without the `metadata.` prefix, value), in header order.
    pub fn metadata(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.ctx
            .meta
            .iter()
            .map(|(i, name)| (name.as_str(), self.record.get(*i).unwrap_or("")))
    }

    /// Columns the binding does not define (name, value), in header order.
    pub fn extra(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.ctx
            .extra
            .iter()
            .map(|(i, name)| (name.as_str(), self.record.get(*i).unwrap_or("")))
    }
}

/// Receives each data row of a set (after validation).
pub trait RowSink {
    /// Called once per data row.
    fn row(&mut self, view: &RowView<'_>);
}

/// A sink that ignores rows (validation only).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSink;

impl RowSink for NoSink {
    fn row(&mut self, _view: &RowView<'_>) {}
}

/// Validates a CSV set: manifest, headers, every row, duplicates and references.
pub fn validate_set<S: CsvSource + ?Sized>(source: &mut S, limits: &Limits) -> SetReport {
    read_set_with(source, limits, &mut NoSink)
}

/// Reads a CSV set, validating it and handing each row to `sink`.
pub fn read_set_with<S: CsvSource + ?Sized, K: RowSink>(
    source: &mut S,
    limits: &Limits,
    sink: &mut K,
) -> SetReport {
    let mut engine = Engine::new(*limits);
    engine.run(source, sink);
    engine.finish()
}

/// A 128-bit fingerprint of an identifier (two independent 64-bit multiply-fold lanes).
///
/// Not cryptographic: sets of these stand in for sets of strings, so that memory is 16 bytes
/// per id; for n ids the chance of any false match is about n²/2¹²⁹.
pub fn fingerprint(bytes: &[u8]) -> u128 {
    const P1: u64 = 0x9E37_79B9_7F4A_7C15;
    const P2: u64 = 0xD6E8_FEB8_6659_FD93;
    const P3: u64 = 0xC2B2_AE3D_27D4_EB4F;
    #[inline]
    fn fold(a: u64, b: u64) -> u64 {
        let r = u128::from(a).wrapping_mul(u128::from(b));
        (r as u64) ^ ((r >> 64) as u64)
    }
    let len = bytes.len() as u64;
    let mut h1 = P1 ^ len;
    let mut h2 = P2 ^ len.rotate_left(17);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        let v = u64::from_le_bytes(b);
        h1 = fold(h1 ^ v, P3);
        h2 = fold(h2 ^ v.rotate_left(31), P1);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut b = [0u8; 8];
        b[..rest.len()].copy_from_slice(rest);
        let v = u64::from_le_bytes(b);
        h1 = fold(h1 ^ v, P3);
        h2 = fold(h2 ^ v.rotate_left(31), P1);
    }
    h1 = fold(h1 ^ (h2 >> 23), P2);
    h2 = fold(h2 ^ (h1 >> 29), P3);
    (u128::from(h1) << 64) | u128::from(h2)
}

/// Hasher for fingerprints: they are already uniformly distributed.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u128(&mut self, i: u128) {
        self.0 = i as u64;
    }
}

type IdSet = HashSet<u128, BuildHasherDefault<PassThrough>>;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Not in the set: references are not checked.
    Absent,
    /// Read (or being read) in this mode.
    Present(ProcessingMode),
}

#[derive(Debug)]
struct FileCtx {
    kind: FileKind,
    name: String,
    mode: ProcessingMode,
    version: Version,
    spec: &'static [ColumnSpec],
    /// spec column index → field index.
    col_map: Vec<Option<usize>>,
    /// metadata columns: field index, name after `metadata.`.
    meta: Vec<(usize, String)>,
    /// undefined columns: field index, header name.
    extra: Vec<(usize, String)>,
    header_len: usize,
    start_col: Option<usize>,
    end_col: Option<usize>,
}

struct Pending {
    hash: u128,
    row: u64,
    column: &'static str,
    value: String,
    required: bool,
}

#[derive(Default)]
struct BulkLifecycle {
    first_row: u64,
    count: u64,
}

struct Engine {
    limits: Limits,
    report: Report,
    suppressed: u64,
    version: Option<Version>,
    manifest: Option<Manifest>,
    files: Vec<FileSummary>,
    ids: Vec<IdSet>,
    targets: Vec<Target>,
    total_ids: u64,
    refs_enabled: bool,
    pending: Vec<Pending>,
    bulk_status: BulkLifecycle,
    bulk_dlm: BulkLifecycle,
    row_errors: bool,
}

fn idx(kind: FileKind) -> usize {
    // `FileKind::ALL` lists the variants in declaration order.
    kind as usize
}

impl Engine {
    fn new(limits: Limits) -> Self {
        Self {
            limits,
            report: Report::new(),
            suppressed: 0,
            version: None,
            manifest: None,
            files: Vec::new(),
            ids: (0..FileKind::ALL.len()).map(|_| IdSet::default()).collect(),
            targets: vec![Target::Absent; FileKind::ALL.len()],
            total_ids: 0,
            refs_enabled: true,
            pending: Vec::new(),
            bulk_status: BulkLifecycle::default(),
            bulk_dlm: BulkLifecycle::default(),
            row_errors: false,
        }
    }

    fn push(&mut self, p: Problem) {
        if p.severity == Severity::Error {
            self.row_errors = true;
        }
        if self.report.len() >= self.limits.max_problems {
            self.suppressed += 1;
        } else {
            self.report.push(p);
        }
    }

    fn finish(mut self) -> SetReport {
        if self.suppressed > 0 {
            self.report.push(Problem::warning(
                codes::TOO_MANY_PROBLEMS,
                format!(
                    "{} more problems were found but not listed (Limits::max_problems = {})",
                    self.suppressed, self.limits.max_problems
                ),
            ));
        }
        SetReport {
            version: self.version,
            manifest: self.manifest,
            files: self.files,
            report: self.report,
        }
    }

    fn run<S: CsvSource + ?Sized, K: RowSink>(&mut self, source: &mut S, sink: &mut K) {
        let names = source.names();
        // Locate manifest.csv: at the root, else in one folder (warned).
        let manifest_name = names
            .iter()
            .find(|n| n.as_str() == "manifest.csv")
            .or_else(|| {
                names
                    .iter()
                    .find(|n| !n.contains('/') && n.eq_ignore_ascii_case("manifest.csv"))
            })
            .or_else(|| {
                names.iter().find(|n| {
                    n.rsplit('/')
                        .next()
                        .is_some_and(|b| b.eq_ignore_ascii_case("manifest.csv"))
                        && n.matches('/').count() == 1
                })
            })
            .cloned();
        let Some(manifest_name) = manifest_name else {
            let has_csv = names
                .iter()
                .any(|n| n.to_ascii_lowercase().ends_with(".csv"));
            self.push(
                Problem::error(
                    codes::MANIFEST_MISSING,
                    if has_csv {
                        "no manifest.csv: a set without a manifest is a OneRoster 1.0 set (CSV binding 1.2 §2.3), which this reader does not read"
                    } else {
                        "no manifest.csv and no CSV files: not a OneRoster CSV set"
                    },
                )
                .at(Location::csv("manifest.csv", 0, None))
                .spec("OneRoster CSV 1.2 §2.3"),
            );
            return;
        };
        let prefix = match manifest_name.rfind('/') {
            Some(i) => {
                self.push(
                    Problem::warning(
                        codes::FILE_IN_FOLDER,
                        format!(
                            "the set's files are in the folder `{}`; the binding puts them at the root of the zip",
                            &manifest_name[..i]
                        ),
                    )
                    .at(Location::zip_entry(manifest_name.clone())),
                );
                manifest_name[..=i].to_owned()
            }
            None => String::new(),
        };
        if manifest_name != format!("{prefix}manifest.csv") {
            self.push(
                Problem::warning(
                    codes::FILE_NAME_CASE,
                    format!("`{manifest_name}` should be named manifest.csv"),
                )
                .at(Location::csv(manifest_name.clone(), 0, None)),
            );
        }
        let manifest = match source.open(&manifest_name) {
            Ok(r) => {
                let mut rep = Report::new();
                let m = Manifest::read(r, "manifest.csv", &mut rep);
                for p in rep {
                    self.push(p);
                }
                m
            }
            Err(e) => {
                self.push(Problem::error(e.code(), e.to_string()).at(Location::csv(
                    "manifest.csv",
                    0,
                    None,
                )));
                None
            }
        };
        let Some(manifest) = manifest else { return };
        let Some(version) = manifest.version else {
            self.manifest = Some(manifest);
            return;
        };
        self.version = Some(version);

        // Local names (under the prefix, no further folder).
        let local: Vec<&str> = names
            .iter()
            .filter_map(|n| n.strip_prefix(prefix.as_str()))
            .filter(|n| !n.contains('/'))
            .collect();
        let mut used = vec![false; local.len()];
        if let Some(i) = local
            .iter()
            .position(|n| n.eq_ignore_ascii_case("manifest.csv"))
        {
            used[i] = true;
        }
        let mut plan: Vec<(FileKind, String, ProcessingMode)> = Vec::new();
        for kind in FileKind::ALL {
            let exact = kind.file_name();
            let found = local
                .iter()
                .position(|n| *n == exact)
                .or_else(|| local.iter().position(|n| n.eq_ignore_ascii_case(&exact)));
            if let Some(i) = found {
                used[i] = true;
            }
            let found_name = found.and_then(|i| local.get(i)).map(|n| (*n).to_owned());
            if !kind.in_version(version) {
                if let Some(n) = found_name {
                    self.push(
                        Problem::warning(
                            codes::FILE_NOT_IN_VERSION,
                            format!("{n} is not a file of OneRoster {version}; it was not read"),
                        )
                        .at(Location::csv(n, 0, None)),
                    );
                }
                continue;
            }
            let declared = manifest.mode(kind).cloned();
            let key = kind.manifest_key();
            match (found_name, declared) {
                (Some(n), Some(mode @ (ProcessingMode::Bulk | ProcessingMode::Delta))) => {
                    if n != exact {
                        self.push(
                            Problem::warning(
                                codes::FILE_NAME_CASE,
                                format!("`{n}` should be named {exact} (file names are case-sensitive); it was read"),
                            )
                            .at(Location::csv(n.clone(), 0, None)),
                        );
                    }
                    plan.push((kind, n, mode));
                }
                (Some(n), declared) => {
                    if n != exact {
                        self.push(
                            Problem::warning(
                                codes::FILE_NAME_CASE,
                                format!(
                                    "`{n}` should be named {exact} (file names are case-sensitive)"
                                ),
                            )
                            .at(Location::csv(n.clone(), 0, None)),
                        );
                    }
                    let msg = if declared.is_some() {
                        format!(
                            "{n} is in the set but the manifest declares `{key}` absent; it was read as bulk"
                        )
                    } else {
                        format!(
                            "{n} is in the set but the manifest has no `{key}` row; it was read as bulk"
                        )
                    };
                    self.push(
                        Problem::error(codes::MANIFEST_FILE_UNDECLARED, msg)
                            .at(Location::csv("manifest.csv", 0, None))
                            .spec("OneRoster CSV 1.2 §3.1"),
                    );
                    plan.push((kind, n, ProcessingMode::Bulk));
                }
                (None, Some(ProcessingMode::Bulk | ProcessingMode::Delta)) => {
                    self.push(
                        Problem::error(
                            codes::MANIFEST_FILE_MISSING,
                            format!(
                                "the manifest declares `{key}` present but the set has no {exact}"
                            ),
                        )
                        .at(Location::csv("manifest.csv", 0, None))
                        .spec("OneRoster CSV 1.2 §3.1"),
                    );
                }
                (None, None) => {
                    self.push(
                        Problem::warning(
                            codes::MANIFEST_MISSING_PROPERTY,
                            format!("the manifest has no `{key}` row (required); the file is absent, as it would say"),
                        )
                        .at(Location::csv("manifest.csv", 0, None))
                        .spec("OneRoster CSV 1.2 §3.1"),
                    );
                }
                (None, Some(_)) => {}
            }
        }
        for (i, n) in local.iter().enumerate() {
            if !used.get(i).copied().unwrap_or(true) {
                self.push(
                    Problem::warning(
                        codes::FILE_UNKNOWN,
                        format!("{n} is not a file of the CSV binding; it was ignored"),
                    )
                    .at(Location::csv(*n, 0, None)),
                );
            }
        }
        for n in &names {
            if !n.starts_with(prefix.as_str()) || n[prefix.len()..].contains('/') {
                self.push(
                    Problem::warning(
                        codes::FILE_IN_FOLDER,
                        format!("{n} is not at the root of the set; it was ignored"),
                    )
                    .at(Location::zip_entry(n.clone())),
                );
            }
        }
        for (kind, _, mode) in &plan {
            self.targets[idx(*kind)] = Target::Present(mode.clone());
        }
        self.manifest = Some(manifest);
        for (kind, name, mode) in plan {
            let full = format!("{prefix}{name}");
            match source.open(&full) {
                Ok(reader) => {
                    let rows = self.read_file(kind, &name, mode.clone(), version, reader, sink);
                    self.files.push(FileSummary {
                        kind,
                        name,
                        mode,
                        rows,
                    });
                }
                Err(e) => {
                    self.push(
                        Problem::error(e.code(), e.to_string()).at(Location::csv(name, 0, None)),
                    );
                    self.targets[idx(kind)] = Target::Absent;
                }
            }
        }
    }

    fn add_id(&mut self, kind: FileKind, hash: u128) -> bool {
        if !self.refs_enabled {
            return true;
        }
        self.total_ids += 1;
        if self.total_ids > self.limits.max_ids {
            self.refs_enabled = false;
            self.push(Problem::warning(
                codes::LIMIT_IDS,
                format!(
                    "more than {} identifiers (Limits::max_ids); duplicate and reference checks stopped",
                    self.limits.max_ids
                ),
            ));
            return true;
        }
        self.ids[idx(kind)].insert(hash)
    }

    #[allow(clippy::too_many_lines, reason = "one linear pass over a file")]
    fn read_file<K: RowSink>(
        &mut self,
        kind: FileKind,
        name: &str,
        mode: ProcessingMode,
        version: Version,
        reader: Box<dyn std::io::Read + '_>,
        sink: &mut K,
    ) -> u64 {
        // The record limit while the header is read: up to 256 columns of the longest field.
        let field = self.limits.max_field_bytes as u64;
        let mut rdr = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(RecordGuard::new(
                reader,
                field.saturating_mul(256).max(64 * 1024),
            ));
        let mut brec = ::csv::ByteRecord::new();
        match rdr.read_byte_record(&mut brec) {
            Ok(true) => {}
            Ok(false) => {
                self.push(
                    Problem::error(
                        codes::FILE_EMPTY,
                        format!("{name} is empty (no header row)"),
                    )
                    .at(Location::csv(name, 0, None))
                    .spec("OneRoster CSV 1.2 §2.1"),
                );
                return 0;
            }
            Err(e) => {
                let code = if rdr.get_ref().tripped {
                    codes::CSV_FIELD_TOO_LONG
                } else {
                    codes::CSV_SYNTAX
                };
                self.push(
                    Problem::error(code, format!("cannot read {name}: {e}"))
                        .at(Location::csv(name, 1, None)),
                );
                return 0;
            }
        }
        let ctx = self.header(kind, name, mode.clone(), version, &brec);
        // Data records: every column at the field limit, each field quoted with every byte an
        // escaped quote (2 × field + 3 bytes), so no record within the limits is cut.
        let columns = (brec.len() as u64).max(1);
        rdr.get_mut().max_record_bytes = field
            .saturating_mul(2)
            .saturating_add(3)
            .saturating_mul(columns);
        self.pending.clear();
        self.bulk_status = BulkLifecycle::default();
        self.bulk_dlm = BulkLifecycle::default();
        let mut rows: u64 = 0;
        loop {
            match rdr.read_byte_record(&mut brec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) if rdr.get_ref().tripped => {
                    self.push(
                        Problem::error(
                            codes::CSV_FIELD_TOO_LONG,
                            format!(
                                "{e}: over Limits::max_field_bytes ({}) for every column; the rest of {name} was not read",
                                self.limits.max_field_bytes
                            ),
                        )
                        .at(Location::csv(name, rows + 2, None)),
                    );
                    break;
                }
                Err(e) => {
                    self.push(
                        Problem::error(codes::CSV_SYNTAX, format!("{e}"))
                            .at(Location::csv(name, rows + 2, None))
                            .spec("RFC 4180"),
                    );
                    break;
                }
            }
            // A line with nothing on it (a trailing blank line) is not a record.
            if brec.len() == 1 && brec.get(0).is_some_and(<[u8]>::is_empty) {
                continue;
            }
            rows += 1;
            if rows > self.limits.max_rows_per_file {
                self.push(
                    Problem::error(
                        codes::CSV_TOO_MANY_ROWS,
                        format!(
                            "{name} has more than {} rows (Limits::max_rows_per_file); the rest was not read",
                            self.limits.max_rows_per_file
                        ),
                    )
                    .at(Location::csv(name, rows + 1, None)),
                );
                rows -= 1;
                break;
            }
            let row = rows + 1;
            self.row_errors = false;
            let whole = std::str::from_utf8(brec.as_slice()).ok().filter(|w| {
                (0..brec.len()).all(|i| {
                    brec.range(i)
                        .is_some_and(|r| w.is_char_boundary(r.start) && w.is_char_boundary(r.end))
                })
            });
            let rowdata = if let Some(whole) = whole {
                Row::Bytes(&brec, whole)
            } else {
                for (i, f) in brec.iter().enumerate() {
                    if let Err(u) = std::str::from_utf8(f) {
                        let col = column_name(&ctx, i);
                        self.push(
                            Problem::error(
                                codes::CSV_ENCODING,
                                format!(
                                    "bytes that are not UTF-8 at byte {} of the field (the binding requires UTF-8; was the file saved as Windows-1252 or Latin-1?); read lossily",
                                    u.valid_up_to()
                                ),
                            )
                            .at(Location::csv(name, row, col.as_deref()))
                            .spec("OneRoster CSV 1.2 §2.1"),
                        );
                    }
                }
                Row::Lossy(::csv::StringRecord::from_byte_record_lossy(brec.clone()))
            };
            let srec = rowdata;
            self.check_row(&ctx, &srec, row);
            let view = RowView {
                file: kind,
                version,
                mode: mode.clone(),
                row,
                has_errors: self.row_errors,
                record: &srec,
                ctx: &ctx,
            };
            sink.row(&view);
        }
        if rows == 0 {
            self.push(
                Problem::error(
                    codes::FILE_NO_ROWS,
                    format!("{name} has a header but no data rows; the binding does not allow empty files (declare it absent instead)"),
                )
                .at(Location::csv(name, 0, None))
                .spec("OneRoster CSV 1.2 §2.1"),
            );
        }
        // Self references (parents, agents) resolve against the whole file.
        let pending = std::mem::take(&mut self.pending);
        for p in pending {
            if !self.ids[idx(kind)].contains(&p.hash) && self.refs_enabled {
                self.unresolved(kind, kind, name, p.row, p.column, &p.value, p.required);
            }
        }
        for (which, col) in [(false, "status"), (true, "dateLastModified")] {
            let agg = if which {
                std::mem::take(&mut self.bulk_dlm)
            } else {
                std::mem::take(&mut self.bulk_status)
            };
            if agg.count > 0 {
                self.push(
                    Problem::warning(
                        codes::BULK_LIFECYCLE_PRESENT,
                        format!(
                            "{name} is declared bulk but {} row(s) fill `{col}` (first: row {}); bulk files leave status and dateLastModified empty (the values were read)",
                            agg.count, agg.first_row
                        ),
                    )
                    .at(Location::csv(name, agg.first_row, Some(col)))
                    .spec("OneRoster CSV 1.2 §2.2"),
                );
            }
        }
        rows
    }

    #[allow(clippy::too_many_lines, reason = "header mapping has many cases")]
    fn header(
        &mut self,
        kind: FileKind,
        name: &str,
        mode: ProcessingMode,
        version: Version,
        rec: &::csv::ByteRecord,
    ) -> FileCtx {
        let spec = kind.columns(version);
        let names: Vec<String> = rec
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let s = String::from_utf8_lossy(f).into_owned();
                if i == 0 {
                    s.trim_start_matches('\u{feff}').to_owned()
                } else {
                    s
                }
            })
            .collect();
        let loc = |col: Option<&str>| Location::csv(name, 1, col);
        let mut col_map: Vec<Option<usize>> = vec![None; spec.len()];
        let mut meta: Vec<(usize, String)> = Vec::new();
        let mut extra: Vec<(usize, String)> = Vec::new();
        let mut unmatched: Vec<usize> = Vec::new();
        let mut first_meta: Option<usize> = None;
        for (i, h) in names.iter().enumerate() {
            if let Some(m) = h.strip_prefix("metadata.") {
                if meta.iter().any(|(_, n)| n == m) {
                    self.push(
                        Problem::error(
                            codes::HEADER_DUPLICATE_COLUMN,
                            format!("the header names `{h}` twice"),
                        )
                        .at(loc(Some(h))),
                    );
                }
                first_meta.get_or_insert(i);
                meta.push((i, m.to_owned()));
                continue;
            }
            match spec.iter().position(|c| c.name == h) {
                Some(j) => {
                    if col_map[j].is_some() {
                        self.push(
                            Problem::error(
                                codes::HEADER_DUPLICATE_COLUMN,
                                format!("the header names `{h}` twice (the first is used)"),
                            )
                            .at(loc(Some(h)))
                            .spec("OneRoster CSV 1.2 §2.1"),
                        );
                        extra.push((i, h.clone()));
                    } else {
                        col_map[j] = Some(i);
                    }
                }
                None => unmatched.push(i),
            }
        }
        for i in unmatched {
            let h = names.get(i).cloned().unwrap_or_default();
            let free = |col_map: &[Option<usize>], target: &str| {
                spec.iter()
                    .position(|c| c.name == target)
                    .filter(|j| col_map[*j].is_none())
            };
            let case = spec
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(h.trim()))
                .filter(|j| col_map[*j].is_none());
            if let Some(j) = case {
                self.push(
                    Problem::warning(
                        codes::HEADER_CASE,
                        format!(
                            "column `{h}` should be `{}` (header names are case-sensitive); it was read as that column",
                            spec[j].name
                        ),
                    )
                    .at(loc(Some(&h)))
                    .spec("OneRoster CSV 1.2 §2.1"),
                );
                col_map[j] = Some(i);
                continue;
            }
            let typo = KNOWN_HEADER_TYPOS
                .iter()
                .find(|(t, _)| *t == h)
                .and_then(|(_, right)| free(&col_map, right))
                .or_else(|| {
                    (h.len() >= 6)
                        .then(|| {
                            spec.iter().enumerate().find(|(j, c)| {
                                col_map[*j].is_none()
                                    && c.name.len() >= 6
                                    && edit_distance(c.name, &h) <= 2
                            })
                        })
                        .flatten()
                        .map(|(j, _)| j)
                });
            if let Some(j) = typo {
                self.push(
                    Problem::warning(
                        codes::HEADER_TYPO,
                        format!(
                            "column `{h}` looks like a misspelling of `{}`; it was read as that column",
                            spec[j].name
                        ),
                    )
                    .at(loc(Some(&h)))
                    .spec("OneRoster CSV 1.2 §3"),
                );
                col_map[j] = Some(i);
                continue;
            }
            self.push(
                Problem::error(
                    codes::HEADER_UNKNOWN_COLUMN,
                    format!(
                        "column `{h}` is not defined for {} in OneRoster {version} (extensions are named `metadata.<name>`); its values were kept",
                        kind.file_name()
                    ),
                )
                .at(loc(Some(&h)))
                .spec("OneRoster CSV 1.2 §3"),
            );
            extra.push((i, h));
        }
        let missing: Vec<&str> = spec
            .iter()
            .zip(&col_map)
            .filter(|(_, m)| m.is_none())
            .map(|(c, _)| c.name)
            .collect();
        for m in &missing {
            self.push(
                Problem::error(
                    codes::HEADER_MISSING_COLUMN,
                    format!(
                        "the header lacks column `{m}` (OneRoster {version} {} header: {})",
                        kind.file_name(),
                        kind.header_line(version)
                    ),
                )
                .at(loc(None))
                .spec("OneRoster CSV 1.2 §3"),
            );
        }
        let positions: Vec<usize> = col_map.iter().flatten().copied().collect();
        if positions.windows(2).any(|w| w[0] > w[1]) {
            self.push(
                Problem::error(
                    codes::HEADER_ORDER,
                    format!(
                        "the columns are not in the binding's order: {}",
                        kind.header_line(version)
                    ),
                )
                .at(loc(None))
                .spec("OneRoster CSV 1.2 §2.1"),
            );
        }
        if let (Some(fm), Some(last)) = (first_meta, positions.iter().max())
            && fm < *last
        {
            let h = names.get(fm).cloned().unwrap_or_default();
            self.push(
                    Problem::error(
                        codes::HEADER_METADATA_POSITION,
                        format!("extension column `{h}` stands left of defined columns; extensions go to the right of them"),
                    )
                    .at(loc(Some(&h)))
                    .spec("OneRoster CSV 1.2 §2.1"),
                );
        }
        let find = |n: &[&str]| spec.iter().position(|c| n.contains(&c.name));
        FileCtx {
            kind,
            name: name.to_owned(),
            mode,
            version,
            spec,
            col_map,
            meta,
            extra,
            header_len: names.len(),
            start_col: find(&["startDate", "beginDate"]),
            end_col: find(&["endDate"]),
        }
    }

    fn check_row(&mut self, ctx: &FileCtx, rec: &Row<'_>, row: u64) {
        let name = ctx.name.as_str();
        if rec.len() > ctx.header_len && rec.iter().skip(ctx.header_len).all(str::is_empty) {
            self.push(
                Problem::warning(
                    codes::CSV_TRAILING_EMPTY_FIELDS,
                    format!(
                        "the row has {} fields, the header {}; the extra fields are empty (a trailing comma) and were ignored",
                        rec.len(),
                        ctx.header_len
                    ),
                )
                .at(Location::csv(name, row, None))
                .spec("RFC 4180 §2"),
            );
        } else if rec.len() != ctx.header_len {
            self.push(
                Problem::error(
                    codes::CSV_FIELD_COUNT,
                    format!(
                        "the row has {} fields; the header has {}",
                        rec.len(),
                        ctx.header_len
                    ),
                )
                .at(Location::csv(name, row, None))
                .spec("RFC 4180 §2"),
            );
        }
        let whole = rec.as_bytes();
        if whole.contains(&b'\r') {
            for (i, f) in rec.iter().enumerate() {
                if f.contains('\r') {
                    let col = column_name(ctx, i);
                    self.push(
                        Problem::error(
                            codes::CSV_CARRIAGE_RETURN,
                            "a carriage return inside a field (the binding forbids them)",
                        )
                        .at(Location::csv(name, row, col.as_deref()))
                        .spec("OneRoster CSV 1.2 §2.1"),
                    );
                }
            }
        }
        let control = |b: &u8| *b < 0x20 && !matches!(*b, b'\t' | b'\n' | b'\r');
        let bom = |f: &[u8]| f.windows(3).any(|w| w == b"\xEF\xBB\xBF");
        if whole.iter().any(control) || (whole.contains(&0xEF) && bom(whole)) {
            for (i, f) in rec.iter().enumerate() {
                let (has_control, has_bom) = (f.as_bytes().iter().any(control), bom(f.as_bytes()));
                if !has_control && !has_bom {
                    continue;
                }
                let col = column_name(ctx, i);
                let p = if has_control {
                    Problem::error(
                        codes::CSV_CONTROL_CHARACTER,
                        "a control character (such as NUL) inside a field",
                    )
                } else {
                    Problem::warning(
                        codes::CSV_CONTROL_CHARACTER,
                        "a byte order mark (U+FEFF) inside a field: were two files concatenated?",
                    )
                };
                self.push(p.at(Location::csv(name, row, col.as_deref())));
            }
        }
        if whole.len() > self.limits.max_field_bytes {
            for (i, f) in rec.iter().enumerate() {
                if f.len() > self.limits.max_field_bytes {
                    let col = column_name(ctx, i);
                    self.push(
                        Problem::error(
                            codes::CSV_FIELD_TOO_LONG,
                            format!(
                                "a field of {} bytes, over Limits::max_field_bytes ({})",
                                f.len(),
                                self.limits.max_field_bytes
                            ),
                        )
                        .at(Location::csv(name, row, col.as_deref())),
                    );
                }
            }
        }
        let mut start: Option<NaiveDate> = None;
        let mut end: Option<NaiveDate> = None;
        for (j, spec) in ctx.spec.iter().enumerate() {
            let Some(i) = ctx.col_map[j] else { continue };
            let v = rec.get(i).unwrap_or("");
            let d = self.check_value(ctx, spec, v, row);
            if Some(j) == ctx.start_col {
                start = d;
            } else if Some(j) == ctx.end_col {
                end = d;
            }
        }
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            let col = ctx.end_col.and_then(|j| ctx.spec.get(j)).map(|c| c.name);
            self.push(
                Problem::error(
                    codes::VALUE_DATE_ORDER,
                    format!("the end date {e} is before the start date {s}"),
                )
                .at(Location::csv(name, row, col)),
            );
        }
    }

    /// Checks one value; returns the date for date columns.
    #[allow(clippy::too_many_lines, reason = "one arm per column type")]
    fn check_value(
        &mut self,
        ctx: &FileCtx,
        spec: &ColumnSpec,
        v: &str,
        row: u64,
    ) -> Option<NaiveDate> {
        let name = ctx.name.as_str();
        let at = || Location::csv(name, row, Some(spec.name));
        if v.is_empty() {
            match spec.req {
                Requirement::Required => self.push(
                    Problem::error(
                        codes::VALUE_REQUIRED,
                        format!("`{}` is required", spec.name),
                    )
                    .at(at())
                    .spec("OneRoster CSV 1.2 §3"),
                ),
                Requirement::Lifecycle if ctx.mode == ProcessingMode::Delta => self.push(
                    Problem::error(
                        codes::VALUE_REQUIRED_DELTA,
                        format!("`{}` is required in a delta file", spec.name),
                    )
                    .at(at())
                    .spec("OneRoster CSV 1.2 §2.2"),
                ),
                _ => {}
            }
            return None;
        }
        if spec.req == Requirement::Lifecycle && ctx.mode == ProcessingMode::Bulk {
            let agg = if spec.ty == ColumnType::Status {
                &mut self.bulk_status
            } else {
                &mut self.bulk_dlm
            };
            if agg.count == 0 {
                agg.first_row = row;
            }
            agg.count += 1;
        }
        match spec.ty {
            ColumnType::SourcedId => {
                self.check_whitespace(v, spec.name, name, row);
                let h = fingerprint(v.as_bytes());
                if !self.add_id(ctx.kind, h) {
                    self.push(
                        Problem::error(
                            codes::ID_DUPLICATE,
                            format!("sourcedId `{v}` appears earlier in {name}"),
                        )
                        .at(at())
                        .spec("OneRoster 1.2 §4 (sourcedId is unique)"),
                    );
                }
                if ctx.kind == FileKind::Demographics
                    && self.refs_enabled
                    && self.targets[idx(FileKind::Users)] != Target::Absent
                    && !self.ids[idx(FileKind::Users)].contains(&h)
                {
                    self.push(
                        Problem::warning(
                            codes::REFERENCE_DEMOGRAPHICS_USER,
                            format!("demographics `{v}` is not the sourcedId of a user in users.csv (demographics share their user's sourcedId)"),
                        )
                        .at(at()),
                    );
                }
            }
            ColumnType::Status => {
                let vocab = if ctx.version == Version::V1_1 {
                    &vocab::STATUS_1_1
                } else {
                    &vocab::STATUS_1_2
                };
                self.check_vocab(vocab, v, spec.name, name, row);
                if ctx.mode == ProcessingMode::Bulk && v == "tobedeleted" {
                    self.push(
                        Problem::warning(
                            codes::BULK_TOBEDELETED,
                            "a bulk file lists this record as `tobedeleted`; a bulk import treats every listed record as present",
                        )
                        .at(at())
                        .spec("OneRoster CSV 1.2 §2.2"),
                    );
                }
            }
            ColumnType::DateTime => self.check_datetime(v, spec.name, name, row),
            ColumnType::Date => return self.check_date(v, spec.name, name, row),
            ColumnType::DateOrDateTime => {
                if crate::model::parse_date_or_datetime(v).is_none() {
                    if v.len() <= 10 {
                        return self.check_date(v, spec.name, name, row);
                    }
                    self.check_datetime(v, spec.name, name, row);
                }
            }
            ColumnType::Year => {
                if !(v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit())) {
                    self.push(
                        Problem::error(
                            codes::VALUE_YEAR,
                            format!("`{v}` is not a four-digit year"),
                        )
                        .at(at()),
                    );
                }
            }
            ColumnType::Text => {}
            ColumnType::Bool => match vocab::parse_bool_token(v) {
                Some((_, false)) => {}
                Some((b, true)) => self.push(
                    Problem::warning(
                        codes::VALUE_CASE,
                        format!("`{v}` should be `{b}` (values are case-sensitive); read as {b}"),
                    )
                    .at(at())
                    .spec("OneRoster CSV 1.2 §2.1"),
                ),
                None => self.push(
                    Problem::error(
                        codes::VALUE_BOOLEAN,
                        format!("`{v}` is not `true` or `false`"),
                    )
                    .at(at()),
                ),
            },
            ColumnType::Float => {
                if !v.trim().parse::<f64>().is_ok_and(f64::is_finite) {
                    self.push(
                        Problem::error(codes::VALUE_NUMBER, format!("`{v}` is not a number"))
                            .at(at()),
                    );
                }
            }
            ColumnType::Vocab(vocab) => self.check_vocab(vocab, v, spec.name, name, row),
            ColumnType::VocabList(vocab) => {
                for item in v.split(',') {
                    self.check_vocab(vocab, item.trim(), spec.name, name, row);
                }
            }
            ColumnType::Grades => {
                if ctx.version == Version::V1_1 {
                    for item in v.split(',').map(str::trim) {
                        if !CEDS_GRADES.tokens.contains(&item) {
                            self.push(
                                Problem::warning(
                                    codes::VALUE_GRADE,
                                    format!("grade `{item}` is not a CEDS grade-level code (OneRoster 1.1 uses CEDS: KG, 01…12, PK…)"),
                                )
                                .at(at()),
                            );
                        }
                    }
                }
            }
            ColumnType::List => {}
            ColumnType::UserIds | ColumnType::ScoreScaleValues => {
                if let Err(msg) = check_pairs(v) {
                    self.push(
                        Problem::error(
                            codes::VALUE_LIST,
                            format!(
                                "`{}`: {msg}; items are written {{{}}} and separated by commas",
                                spec.name,
                                if spec.ty == ColumnType::UserIds {
                                    "type:identifier"
                                } else {
                                    "lhs:rhs"
                                }
                            ),
                        )
                        .at(at())
                        .spec("OneRoster CSV 1.2 §2.1"),
                    );
                }
            }
            ColumnType::Ref(target) => {
                self.check_whitespace(v, spec.name, name, row);
                self.check_ref(ctx.kind, target, v, spec, name, row);
            }
            ColumnType::RefList(target) => {
                for item in v.split(',') {
                    let t = item.trim();
                    if t.is_empty() {
                        self.push(
                            Problem::error(
                                codes::VALUE_LIST,
                                format!("`{}` has an empty list item", spec.name),
                            )
                            .at(at()),
                        );
                        continue;
                    }
                    self.check_ref(ctx.kind, target, t, spec, name, row);
                }
            }
        }
        None
    }

    fn check_whitespace(&mut self, v: &str, column: &str, name: &str, row: u64) {
        if v.trim() != v {
            self.push(
                Problem::warning(
                    codes::VALUE_WHITESPACE,
                    format!("`{v}` has whitespace at an end; identifiers are matched exactly"),
                )
                .at(Location::csv(name, row, Some(column))),
            );
        }
    }

    fn check_vocab(&mut self, vocab: &Vocab, v: &str, column: &str, name: &str, row: u64) {
        let at = || Location::csv(name, row, Some(column));
        match vocab.classify(v) {
            TokenClass::Known | TokenClass::Extension => {}
            TokenClass::Deprecated => self.push(
                Problem::warning(
                    codes::VALUE_DEPRECATED,
                    format!("`{v}` is deprecated ({}: {})", vocab.name, vocab.describe()),
                )
                .at(at()),
            ),
            TokenClass::CaseMismatch(t) => self.push(
                Problem::warning(
                    codes::VALUE_CASE,
                    format!("`{v}` should be `{t}` (values are case-sensitive); read as `{t}`"),
                )
                .at(at())
                .spec("OneRoster CSV 1.2 §2.1"),
            ),
            TokenClass::BadExtension => self.push(
                Problem::error(
                    codes::VALUE_EXTENSION,
                    if vocab.extensible {
                        format!("`{v}` is not a well-formed extension (ext:[a-zA-Z0-9.-_]+)")
                    } else {
                        format!(
                            "{} does not allow extensions; `{v}` is not one of {}",
                            vocab.name,
                            vocab.describe()
                        )
                    },
                )
                .at(at()),
            ),
            TokenClass::Unknown => self.push(
                Problem::error(
                    codes::VALUE_ENUM,
                    format!("`{v}` is not one of {} ({})", vocab.describe(), vocab.name),
                )
                .at(at()),
            ),
        }
    }

    fn check_date(&mut self, v: &str, column: &str, name: &str, row: u64) -> Option<NaiveDate> {
        let at = || Location::csv(name, row, Some(column));
        match lti_core::time::parse_date_lenient(v) {
            Ok((d, dev)) if dev.is_empty() => Some(d),
            Ok((d, dev)) => {
                self.push(
                    Problem::warning(
                        codes::VALUE_DATE_LENIENT,
                        format!(
                            "`{v}` was read leniently as {d} ({}); write YYYY-MM-DD",
                            dev.iter()
                                .map(|x| x.describe())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .at(at()),
                );
                Some(d)
            }
            Err(_) if v.contains('/') => {
                self.push(
                    Problem::error(
                        codes::VALUE_DATE_AMBIGUOUS,
                        format!("`{v}` is written with slashes: day and month order cannot be known; write YYYY-MM-DD"),
                    )
                    .at(at())
                    .spec("OneRoster CSV 1.2 §2.1 (ISO 8601 dates)"),
                );
                None
            }
            Err(e) => {
                self.push(Problem::error(codes::VALUE_DATE, format!("{e}")).at(at()));
                None
            }
        }
    }

    fn check_datetime(&mut self, v: &str, column: &str, name: &str, row: u64) {
        let at = || Location::csv(name, row, Some(column));
        match lti_core::time::parse_datetime_lenient(v) {
            Ok((_, dev)) if dev.is_empty() => {}
            Ok((_, dev)) => self.push(
                Problem::warning(
                    codes::VALUE_DATE_LENIENT,
                    format!(
                        "`{v}` was read leniently ({}); write an ISO 8601 date-time such as 2024-01-31T12:00:00Z",
                        dev.iter().map(|x| x.describe()).collect::<Vec<_>>().join(", ")
                    ),
                )
                .at(at()),
            ),
            Err(_) => match lti_core::time::parse_date(v) {
                Ok(_) => self.push(
                    Problem::warning(
                        codes::VALUE_DATE_LENIENT,
                        format!("`{v}` is a date where a date-time belongs; read as midnight UTC"),
                    )
                    .at(at()),
                ),
                Err(_) if v.contains('/') => self.push(
                    Problem::error(
                        codes::VALUE_DATE_AMBIGUOUS,
                        format!("`{v}` is written with slashes: day and month order cannot be known; write an ISO 8601 date-time"),
                    )
                    .at(at()),
                ),
                Err(_) => self.push(
                    Problem::error(
                        codes::VALUE_DATETIME,
                        format!("`{v}` is not an ISO 8601 date-time"),
                    )
                    .at(at()),
                ),
            },
        }
    }

    fn check_ref(
        &mut self,
        current: FileKind,
        target: FileKind,
        v: &str,
        spec: &ColumnSpec,
        name: &str,
        row: u64,
    ) {
        if !self.refs_enabled {
            return;
        }
        let h = fingerprint(v.as_bytes());
        if target == current {
            if !self.ids[idx(target)].contains(&h) {
                self.pending.push(Pending {
                    hash: h,
                    row,
                    column: spec.name,
                    value: v.to_owned(),
                    required: spec.req == Requirement::Required,
                });
            }
            return;
        }
        if self.targets[idx(target)] == Target::Absent {
            return;
        }
        if !self.ids[idx(target)].contains(&h) {
            self.unresolved(
                current,
                target,
                name,
                row,
                spec.name,
                v,
                spec.req == Requirement::Required,
            );
        }
    }

    #[allow(clippy::too_many_arguments, reason = "a problem's full location")]
    fn unresolved(
        &mut self,
        _current: FileKind,
        target: FileKind,
        name: &str,
        row: u64,
        column: &str,
        v: &str,
        required: bool,
    ) {
        let at = Location::csv(name, row, Some(column));
        let file = target.file_name();
        let p = match self.targets[idx(target)] {
            Target::Present(ProcessingMode::Delta) => Problem::info(
                codes::REFERENCE_UNRESOLVED_DELTA,
                format!(
                    "`{v}` is not in {file} (a delta file); it may refer to a record of an earlier exchange"
                ),
            ),
            _ if required => Problem::error(
                codes::REFERENCE_UNRESOLVED,
                format!("`{v}` is not a sourcedId in {file}"),
            )
            .spec("OneRoster CSV 1.2 Appendix A"),
            _ => Problem::warning(
                codes::REFERENCE_UNRESOLVED_OPTIONAL,
                format!("`{v}` is not a sourcedId in {file} (an optional reference)"),
            )
            .spec("OneRoster CSV 1.2 Appendix A"),
        };
        self.push(p.at(at));
    }
}

fn column_name(ctx: &FileCtx, field: usize) -> Option<String> {
    if let Some(j) = ctx.col_map.iter().position(|m| *m == Some(field)) {
        return ctx.spec.get(j).map(|c| c.name.to_owned());
    }
    if let Some((_, n)) = ctx.meta.iter().find(|(i, _)| *i == field) {
        return Some(format!("metadata.{n}"));
    }
    ctx.extra
        .iter()
        .find(|(i, _)| *i == field)
        .map(|(_, n)| n.clone())
}

/// Parses a list of `{a:b}` items separated by commas (userIds, scoreScaleValue).
pub fn parse_pairs(v: &str) -> Result<Vec<(&str, &str)>, String> {
    let mut out = Vec::new();
    pairs(v, |a, b| out.push((a, b)))?;
    Ok(out)
}

/// Checks a `{a:b}` list without collecting it.
fn check_pairs(v: &str) -> Result<(), String> {
    pairs(v, |_, _| {})
}

fn pairs<'v>(v: &'v str, mut each: impl FnMut(&'v str, &'v str)) -> Result<(), String> {
    let mut rest = v.trim();
    while !rest.is_empty() {
        let Some(body) = rest.strip_prefix('{') else {
            return Err(format!("an item does not start with `{{` at `{rest}`"));
        };
        let Some(close) = body.find('}') else {
            return Err("an item has no closing `}`".to_owned());
        };
        let item = &body[..close];
        let Some((a, b)) = item.split_once(':') else {
            return Err(format!("item `{{{item}}}` has no `:`"));
        };
        if a.trim().is_empty() {
            return Err(format!("item `{{{item}}}` has an empty left part"));
        }
        each(a.trim(), b.trim());
        rest = body[close + 1..].trim_start();
        if let Some(r) = rest.strip_prefix(',') {
            rest = r.trim_start();
            if rest.is_empty() {
                return Err("the list ends with a comma".to_owned());
            }
        } else if !rest.is_empty() {
            return Err(format!("expected `,` between items at `{rest}`"));
        }
    }
    Ok(())
}

/// Optimal-string-alignment edit distance (small strings only: header names).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > 2 {
        return 3;
    }
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    if let Some(first) = d.first_mut() {
        for (j, cell) in first.iter_mut().enumerate() {
            *cell = j;
        }
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_differ() {
        let mut seen = HashSet::new();
        for i in 0..100_000u32 {
            assert!(seen.insert(fingerprint(format!("usr-{i}").as_bytes())));
        }
        assert_ne!(fingerprint(b""), fingerprint(b"\0"));
        assert_ne!(fingerprint(b"abcdefgh"), fingerprint(b"abcdefgh\0"));
    }

    #[test]
    fn pairs() {
        assert_eq!(
            parse_pairs("{LDAP:12}, {LTI:15}").unwrap(),
            vec![("LDAP", "12"), ("LTI", "15")]
        );
        assert_eq!(parse_pairs("{A+:100},{A:94}").unwrap().len(), 2);
        assert!(parse_pairs("LDAP:12").is_err());
        assert!(parse_pairs("{LDAP12}").is_err());
        assert!(parse_pairs("{LDAP:12").is_err());
        assert!(parse_pairs("{LDAP:12},").is_err());
        assert!(parse_pairs("{LDAP:12}{x:y}").is_err());
        assert!(parse_pairs("{:12}").is_err());
        assert!(parse_pairs("").unwrap().is_empty());
    }

    #[test]
    fn distances() {
        assert!(edit_distance("preferredGivenName", "prefferedGivenName") <= 2);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert!(edit_distance("sourcedId", "title") > 2);
    }
}

#[cfg(test)]
mod rule_tests {
    use super::*;
    use crate::csv::source::MemorySource;

    const MANIFEST: &str = "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.academicSessions,absent\nfile.categories,absent\nfile.classes,absent\nfile.classResources,absent\nfile.courses,absent\nfile.courseResources,absent\nfile.demographics,absent\nfile.enrollments,absent\nfile.lineItemLearningObjectiveIds,absent\nfile.lineItems,absent\nfile.lineItemScoreScales,absent\nfile.orgs,bulk\nfile.resources,absent\nfile.resultLearningObjectiveIds,absent\nfile.results,absent\nfile.resultScoreScales,absent\nfile.roles,absent\nfile.scoreScales,absent\nfile.userProfiles,absent\nfile.userResources,absent\nfile.users,absent\n";
    const ORGS_H: &str = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n";

    fn orgs(body: &str) -> SetReport {
        let mut s = MemorySource::new()
            .with("manifest.csv", MANIFEST)
            .with("orgs.csv", format!("{ORGS_H}{body}"));
        validate_set(&mut s, &Limits::default())
    }

    fn only(r: &SetReport, code: &str) -> Vec<String> {
        r.report
            .with_code(code)
            .map(|p| p.location.to_string())
            .collect()
    }

    #[test]
    fn clean_set_has_no_problem() {
        let r = orgs("o1,,,D,district,,\no2,,,S,school,x,o1\n");
        assert!(r.report.is_empty(), "{:#?}", r.report);
        assert_eq!(r.files[0].rows, 2);
    }

    #[test]
    fn required_and_enum_and_duplicates() {
        let r = orgs("o1,,,,district,,\no1,,,S,campus,,\no3,,,S,ext:campus,,\no4,,,S,ext:,,\n");
        assert_eq!(
            only(&r, codes::VALUE_REQUIRED),
            ["orgs.csv row 2, column name"]
        );
        assert_eq!(
            only(&r, codes::ID_DUPLICATE),
            ["orgs.csv row 3, column sourcedId"]
        );
        assert_eq!(only(&r, codes::VALUE_ENUM), ["orgs.csv row 3, column type"]);
        assert_eq!(
            only(&r, codes::VALUE_EXTENSION),
            ["orgs.csv row 5, column type"]
        );
    }

    #[test]
    fn self_references_resolve_at_end_of_file() {
        let r = orgs("o2,,,S,school,,o1\no1,,,D,district,,\no3,,,S,school,,nope\n");
        assert_eq!(
            only(&r, codes::REFERENCE_UNRESOLVED_OPTIONAL),
            ["orgs.csv row 4, column parentSourcedId"]
        );
    }

    #[test]
    fn bulk_and_delta_rules() {
        let r = orgs("o1,active,2024-01-01T00:00:00Z,D,district,,\no2,tobedeleted,,S,school,,\n");
        assert_eq!(r.report.with_code(codes::BULK_LIFECYCLE_PRESENT).count(), 2);
        assert_eq!(
            only(&r, codes::BULK_TOBEDELETED),
            ["orgs.csv row 3, column status"]
        );
        let m = MANIFEST.replace("file.orgs,bulk", "file.orgs,delta");
        let mut s = MemorySource::new().with("manifest.csv", m).with(
            "orgs.csv",
            format!("{ORGS_H}o1,,,D,district,,\no2,active,2024-01-01,S,school,,\no3,inactive,2024-01-01T00:00:00Z,S,school,,\n"),
        );
        let r = validate_set(&mut s, &Limits::default());
        assert_eq!(r.report.with_code(codes::VALUE_REQUIRED_DELTA).count(), 2);
        assert_eq!(
            only(&r, codes::VALUE_DATE_LENIENT),
            ["orgs.csv row 3, column dateLastModified"]
        );
        assert_eq!(
            only(&r, codes::VALUE_ENUM),
            ["orgs.csv row 4, column status"]
        );
    }

    #[test]
    fn headers() {
        let mut s = MemorySource::new().with("manifest.csv", MANIFEST).with(
            "orgs.csv",
            "SourcedId,status,dateLastModified,type,name,identifier,metadata.x,parentSourceID,extra\no1,,,district,D,,,,\n",
        );
        let r = validate_set(&mut s, &Limits::default());
        assert!(r.report.has_code(codes::HEADER_CASE));
        assert!(r.report.has_code(codes::HEADER_TYPO));
        assert!(r.report.has_code(codes::HEADER_ORDER));
        assert!(r.report.has_code(codes::HEADER_METADATA_POSITION));
        assert!(r.report.has_code(codes::HEADER_UNKNOWN_COLUMN));
        let mut s = MemorySource::new().with("manifest.csv", MANIFEST).with(
            "orgs.csv",
            "sourcedId,sourcedId,status,dateLastModified,name,type,identifier\no1,o1,,,D,district,\n",
        );
        let r = validate_set(&mut s, &Limits::default());
        assert!(r.report.has_code(codes::HEADER_DUPLICATE_COLUMN));
        assert!(r.report.has_code(codes::HEADER_MISSING_COLUMN));
    }

    #[test]
    fn csv_level_rules() {
        let r = orgs(
            "o1,,,D,district\no2,,,\"multi\nline\",district,,\no3,,,\"cr\r\",district,,\no4,,,S,school,,,\n",
        );
        assert_eq!(only(&r, codes::CSV_FIELD_COUNT), ["orgs.csv row 2"]);
        assert_eq!(
            only(&r, codes::CSV_CARRIAGE_RETURN),
            ["orgs.csv row 4, column name"]
        );
        assert_eq!(
            only(&r, codes::CSV_TRAILING_EMPTY_FIELDS),
            ["orgs.csv row 5"]
        );
        let mut bytes = format!("{ORGS_H}o1,,,").into_bytes();
        bytes.extend_from_slice(b"Caf\xe9,school,,\n");
        let mut s = MemorySource::new()
            .with("manifest.csv", MANIFEST)
            .with("orgs.csv", bytes);
        let r = validate_set(&mut s, &Limits::default());
        assert_eq!(
            only(&r, codes::CSV_ENCODING),
            ["orgs.csv row 2, column name"]
        );
        // BOM and CRLF.
        let mut s = MemorySource::new().with("manifest.csv", MANIFEST).with(
            "orgs.csv",
            format!(
                "\u{feff}{}o1,,,D,district,,\r\n",
                ORGS_H.replace('\n', "\r\n")
            ),
        );
        assert!(validate_set(&mut s, &Limits::default()).report.is_empty());
        let r = orgs("");
        assert!(r.report.has_code(codes::FILE_NO_ROWS));
        let mut s = MemorySource::new()
            .with("manifest.csv", MANIFEST)
            .with("orgs.csv", "");
        assert!(
            validate_set(&mut s, &Limits::default())
                .report
                .has_code(codes::FILE_EMPTY)
        );
        let limits = Limits {
            max_field_bytes: 4,
            max_rows_per_file: 1,
            max_problems: 1,
            ..Limits::default()
        };
        let mut s = MemorySource::new().with("manifest.csv", MANIFEST).with(
            "orgs.csv",
            format!("{ORGS_H}o1,,,Long name,district,,\no2,,,x,y,,\n"),
        );
        let r = validate_set(&mut s, &limits);
        assert!(r.report.has_code(codes::TOO_MANY_PROBLEMS));
        let limits = Limits {
            max_ids: 1,
            ..Limits::default()
        };
        let mut s = MemorySource::new().with("manifest.csv", MANIFEST).with(
            "orgs.csv",
            format!("{ORGS_H}o1,,,A,district,,\no2,,,B,school,,o9\n"),
        );
        let r = validate_set(&mut s, &limits);
        assert!(r.report.has_code(codes::LIMIT_IDS));
        assert!(!r.report.has_code(codes::REFERENCE_UNRESOLVED_OPTIONAL));
    }

    #[test]
    fn manifest_and_files() {
        let mut s = MemorySource::new().with("orgs.csv", ORGS_H);
        assert!(
            validate_set(&mut s, &Limits::default())
                .report
                .has_code(codes::MANIFEST_MISSING)
        );
        let mut s = MemorySource::new()
            .with(
                "manifest.csv",
                MANIFEST.replace("file.users,absent", "file.users,bulk"),
            )
            .with("orgs.csv", format!("{ORGS_H}o1,,,D,district,,\n"))
            .with("Courses.csv", "x\n")
            .with("notes.txt", "hi")
            .with("sub/orgs.csv", "x");
        let r = validate_set(&mut s, &Limits::default());
        assert!(r.report.has_code(codes::MANIFEST_FILE_MISSING));
        assert!(r.report.has_code(codes::MANIFEST_FILE_UNDECLARED));
        assert!(r.report.has_code(codes::FILE_NAME_CASE));
        assert!(r.report.has_code(codes::FILE_UNKNOWN));
        assert!(r.report.has_code(codes::FILE_IN_FOLDER));
        let m11 =
            "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.orgs,bulk\n";
        let mut s = MemorySource::new()
            .with("manifest.csv", m11)
            .with("orgs.csv", format!("{ORGS_H}o1,,,D,district,,\n"))
            .with("roles.csv", "x\n");
        let r = validate_set(&mut s, &Limits::default());
        assert!(r.report.has_code(codes::FILE_NOT_IN_VERSION));
        assert!(r.report.has_code(codes::MANIFEST_MISSING_PROPERTY));
        assert_eq!(r.report.errors(), 0);
        // A set in a folder of the zip.
        let mut s = MemorySource::new()
            .with("export/manifest.csv", MANIFEST)
            .with("export/orgs.csv", format!("{ORGS_H}o1,,,D,district,,\n"));
        let r = validate_set(&mut s, &Limits::default());
        assert!(r.report.has_code(codes::FILE_IN_FOLDER));
        assert_eq!(r.report.errors(), 0);
    }

    #[test]
    fn values_and_cross_file_references() {
        let m = MANIFEST
            .replace("file.users,absent", "file.users,bulk")
            .replace("file.enrollments,absent", "file.enrollments,bulk")
            .replace("file.academicSessions,absent", "file.academicSessions,bulk")
            .replace("file.demographics,absent", "file.demographics,delta");
        let users = "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns\n\
u1,,,TRUE,a,{LDAP:1},A,B,,,,,,\"u2, u3\",,,,,,,,o1,\n\
u2 ,,,maybe,b,bad,A,B,,,,,,,,,,,,,,o9,\n";
        let sessions = "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n\
s1,,,T,term,2024-09-01,2024-01-01,,24\n\
s2,,,T,Term,1/05/2023,2024-1-5,,2024\n";
        let enr = "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n\
e1,,,c1,o1,u1,student,,,\n\
e2,,,c1,o2,u1,student,,,\n";
        let demo = "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus\n\
u9,active,2024-01-01T00:00:00Z,,other,,,,,,,,,,,\n";
        let mut s = MemorySource::new()
            .with("manifest.csv", m)
            .with("orgs.csv", format!("{ORGS_H}o1,,,D,district,,\n"))
            .with("users.csv", users)
            .with("academicSessions.csv", sessions)
            .with("enrollments.csv", enr)
            .with("demographics.csv", demo);
        let r = validate_set(&mut s, &Limits::default());
        let has = |c: &str, loc: &str| {
            assert!(
                r.report.with_code(c).any(|p| p.location.to_string() == loc),
                "{c} at {loc}: {:#?}",
                r.report
            );
        };
        has(codes::VALUE_CASE, "users.csv row 2, column enabledUser");
        has(
            codes::REFERENCE_UNRESOLVED_OPTIONAL,
            "users.csv row 2, column agentSourcedIds",
        );
        has(codes::VALUE_WHITESPACE, "users.csv row 3, column sourcedId");
        has(codes::VALUE_BOOLEAN, "users.csv row 3, column enabledUser");
        has(codes::VALUE_LIST, "users.csv row 3, column userIds");
        has(
            codes::REFERENCE_UNRESOLVED_OPTIONAL,
            "users.csv row 3, column primaryOrgSourcedId",
        );
        has(
            codes::VALUE_DATE_ORDER,
            "academicSessions.csv row 2, column endDate",
        );
        has(
            codes::VALUE_YEAR,
            "academicSessions.csv row 2, column schoolYear",
        );
        has(codes::VALUE_CASE, "academicSessions.csv row 3, column type");
        has(
            codes::VALUE_DATE_AMBIGUOUS,
            "academicSessions.csv row 3, column startDate",
        );
        has(
            codes::VALUE_DATE_LENIENT,
            "academicSessions.csv row 3, column endDate",
        );
        has(
            codes::REFERENCE_UNRESOLVED,
            "enrollments.csv row 3, column schoolSourcedId",
        );
        has(
            codes::REFERENCE_DEMOGRAPHICS_USER,
            "demographics.csv row 2, column sourcedId",
        );
        // classes.csv is declared absent: its references are not checked.
        assert!(!r.report.iter().any(|p| p.message.contains("c1")));
    }

    #[test]
    fn delta_targets_and_grades() {
        let m = "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.orgs,delta\nfile.courses,bulk\n";
        let courses = "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes\n\
c1,,,,Bio,,\"09,Grade 9\",o7,,\n";
        let mut s = MemorySource::new()
            .with("manifest.csv", m)
            .with(
                "orgs.csv",
                format!("{ORGS_H}o1,active,2024-01-01T00:00:00Z,D,district,,\n"),
            )
            .with("courses.csv", courses);
        let r = validate_set(&mut s, &Limits::default());
        assert!(r.report.has_code(codes::REFERENCE_UNRESOLVED_DELTA));
        assert_eq!(r.report.with_code(codes::VALUE_GRADE).count(), 1);
        assert_eq!(r.report.errors(), 0, "{:#?}", r.report);
    }

    /// Found by the hostile-input suite: NUL bytes and a byte order mark in the middle of a
    /// file were accepted silently.
    #[test]
    fn hostile_regression_control_characters_and_inner_bom() {
        let r =
            orgs("o1,,,D\u{0}x,district,,\no2,,,\u{FEFF}S,school,,\no3,,,\"a\tb\nc\",school,,\n");
        assert_eq!(
            only(&r, codes::CSV_CONTROL_CHARACTER),
            ["orgs.csv row 2, column name", "orgs.csv row 3, column name"]
        );
        let sev: Vec<_> = r
            .report
            .with_code(codes::CSV_CONTROL_CHARACTER)
            .map(|p| p.severity)
            .collect();
        assert_eq!(sev, [Severity::Error, Severity::Warning]);
    }
}
