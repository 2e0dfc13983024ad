//! Streaming reading and validation of a CSV set (CSV binding §2–§3, Appendix A).
//!
//! The reader opens the manifest first, then every data file in dependency order (orgs before
//! classes before enrollments…), streaming each file row by row with one reused record buffer.
//! For each row it checks required fields, formats and vocabularies and hands the row to a
//! [`RowSink`] (the model builder, or nothing for validation only). Cross-file references are
//! checked against sets of 128-bit fingerprints of the sourcedIds seen so far: memory grows
//! with the number of ids, not rows or bytes.

use chrono::{Datelike, NaiveDate};
use lti_core::{Location, Problem, Report, Severity};
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::csv::files::{ColumnSpec, ColumnType, FileKind, KNOWN_HEADER_TYPOS, Requirement};
use crate::csv::ids::{DupLog, IdIndex, IdSet, Repeat};
use crate::csv::manifest::Manifest;
use crate::csv::rfc4180::{MAX_FIELDS, Record, RecordError, RecordReader};
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
    /// Whether validation found an error in this row. References to rows later in the same
    /// file (org parents, user agents) are resolved at the end of the file and are not counted
    /// here; when the sink's [`RowSink::reads_row_errors`] is `false`, neither are repeated
    /// sourcedIds (found at the end of the file) nor references into other files' large
    /// indexes (looked up in batches).
    pub has_errors: bool,
    record: &'a Row<'a>,
    ctx: &'a FileCtx,
}

/// A data row: the raw record when it is valid UTF-8 (no copy), or a view of its lossy decoding.
#[derive(Debug, Clone, Copy)]
struct Row<'r> {
    rec: Record<'r>,
    /// The record's bytes as one checked `str` (every field boundary on a character
    /// boundary), or `None` for an ASCII record (whose fields are UTF-8 as they are).
    text: Option<&'r str>,
}

impl<'r> Row<'r> {
    /// The bytes of field `i` (empty when absent): the same bytes as [`Row::get`], without
    /// the character-boundary checks of slicing a `str`.
    #[inline(always)]
    fn bytes(&self, i: usize) -> &'r [u8] {
        self.rec.get(i).unwrap_or_default()
    }

    #[inline(always)]
    fn get(&self, i: usize) -> Option<&'r str> {
        match self.text {
            // Checked as UTF-8 as a whole with every field boundary on a character boundary,
            // so slicing by the field's range cannot fail.
            Some(text) => self.rec.range(i).and_then(|r| text.get(r)),
            // ASCII is UTF-8.
            None => self.rec.get(i).and_then(|f| std::str::from_utf8(f).ok()),
        }
    }

    fn len(&self) -> usize {
        self.rec.len()
    }

    fn as_bytes(&self) -> &'r [u8] {
        self.rec.as_bytes()
    }

    fn iter(&self) -> impl Iterator<Item = &'r str> + '_ {
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

    /// Whether the sink reads [`RowView::has_errors`] (the default). A sink that does not
    /// returns `false`; the reader then finds repeated sourcedIds at the end of each file,
    /// after its rows were handed over (no hash set of millions of ids), and looks references
    /// into other files' large indexes up in batches (their cache misses overlap), which is
    /// much faster on large sets. The report is the same either way, problem for problem and
    /// in the same order.
    fn reads_row_errors(&self) -> bool {
        true
    }
}

/// A sink that ignores rows (validation only).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSink;

impl RowSink for NoSink {
    fn row(&mut self, _view: &RowView<'_>) {}

    fn reads_row_errors(&self) -> bool {
        false
    }
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
    engine.defer = !sink.reads_row_errors();
    engine.run(source, sink);
    engine.finish()
}

/// A 128-bit fingerprint of an identifier (two independent 64-bit multiply-fold lanes).
///
/// Not cryptographic: sets of these stand in for sets of strings, so that memory is 16 bytes
/// per id; for n ids the chance of any false match is about n²/2¹²⁹.
#[inline]
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
    let mut rest = bytes;
    while let Some((c, tail)) = rest.split_first_chunk::<8>() {
        let v = u64::from_le_bytes(*c);
        h1 = fold(h1 ^ v, P3);
        h2 = fold(h2 ^ v.rotate_left(31), P1);
        rest = tail;
    }
    if !rest.is_empty() {
        // The last 1–7 bytes as a little-endian number (zero-extended), read without copying
        // byte by byte: overlapping loads, each byte landing at its own position.
        let n = rest.len();
        let v = if let Some(last) = bytes.last_chunk::<8>() {
            u64::from_le_bytes(*last) >> (64 - 8 * n)
        } else if let (Some(a), Some(b)) = (rest.first_chunk::<4>(), rest.last_chunk::<4>()) {
            u64::from(u32::from_le_bytes(*a)) | (u64::from(u32::from_le_bytes(*b)) << (8 * (n - 4)))
        } else {
            let at = |i: usize| u64::from(rest.get(i).copied().unwrap_or(0)) << (8 * i);
            at(0) | at(n / 2) | at(n - 1)
        };
        h1 = fold(h1 ^ v, P3);
        h2 = fold(h2 ^ v.rotate_left(31), P1);
    }
    h1 = fold(h1 ^ (h2 >> 23), P2);
    h2 = fold(h2 ^ (h1 >> 29), P3);
    (u128::from(h1) << 64) | u128::from(h2)
}

/// Where the fingerprints of one file's sourcedIds are kept.
#[derive(Debug, Default)]
enum IdStore {
    /// Nothing kept (not read, or nothing refers to the file).
    #[default]
    Empty,
    /// Being read: a hash set.
    Set(IdSet),
    /// Read: a frozen index for lookups from later files.
    Index(IdIndex),
    /// Being read, and nothing refers to it: a log searched for repeats at the end.
    Log(DupLog),
}

impl IdStore {
    #[inline]
    fn contains(&self, fp: u128) -> bool {
        match self {
            Self::Set(s) => s.contains(&fp),
            Self::Index(i) => i.contains(fp),
            Self::Empty | Self::Log(_) => false,
        }
    }
}

/// Where the duplicate problems of a logged file go in the report, and what they say.
#[derive(Debug)]
struct Deferred {
    /// `(row, problems pushed in the file so far)` at a row's duplicate check, recorded when
    /// the count changed.
    checkpoints: Vec<(u32, u64)>,
    /// The first row whose duplicate check came when the report was already full: a repeat
    /// there or later is not listed (only counted).
    full_from: Option<u32>,
    /// The field holding the sourcedId.
    sid_field: usize,
    /// The sourcedId column's name.
    sid_column: &'static str,
    /// The index of the sourcedId check in [`FileCtx::checks`].
    sid_seq: usize,
    /// The record length limit the file was read with (for reading it again).
    max_record_bytes: u64,
}

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
    end_col: Option<usize>,
    /// The columns a row's values are checked in, in the binding's order. Optional free-text
    /// columns (and 1.2 grades), which no value can break, are left out.
    checks: Vec<Check>,
}

/// How a column's non-empty values are checked: the common cases without problems are
/// handled in the row loop; everything else goes through [`Engine::check_value`].
#[derive(Debug, Clone, Copy)]
enum Op {
    /// Any non-empty value is fine (required free text).
    Nothing,
    SourcedId,
    Ref(FileKind),
    Date,
    Bool,
    Vocab(&'static Vocab),
    /// `{a:b}` lists.
    Pairs,
    Other,
}

/// One column whose values are checked.
#[derive(Debug, Clone, Copy)]
struct Check {
    /// The field index in a row.
    field: usize,
    spec: &'static ColumnSpec,
    op: Op,
    /// Whether an empty value is a problem.
    empty_is_problem: bool,
    /// A reference into a large index of another file, looked up in batches (see
    /// [`Engine::flush_refs`]).
    batched: bool,
    /// The start (1) or end (2) date that are compared, or 0.
    date_role: u8,
}

/// The place of a problem found out of stream order (a repeated sourcedId, a reference looked
/// up in a batch): after `pushed` problems of its file were pushed, then by row, then by the
/// check (its index in [`FileCtx::checks`]) that finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    pushed: u64,
    row: u64,
    seq: usize,
}

/// A reference into another file's large index, waiting in a batch (see
/// [`Engine::flush_refs`]).
struct BatchedRef {
    fp: u128,
    target: FileKind,
    place: Place,
    spec: &'static ColumnSpec,
    /// The value's bytes in [`Engine::ref_text`].
    text: std::ops::Range<usize>,
    /// The earlier reference of the batch this one repeats (same column, same value, so the
    /// same answer), or `u32::MAX`.
    repeats: u32,
}

/// References batched before their lookups (see [`Engine::flush_refs`]).
const REF_BATCH: usize = 64;

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
    ids: Vec<IdStore>,
    /// Files that some row of the set may refer to (their ids are kept after they are read).
    referenced: Vec<bool>,
    /// The file being read keeps its ids in a [`DupLog`]: where its duplicates go.
    deferred: Option<Deferred>,
    targets: Vec<Target>,
    total_ids: u64,
    refs_enabled: bool,
    pending: Vec<Pending>,
    bulk_status: BulkLifecycle,
    bulk_dlm: BulkLifecycle,
    row_errors: bool,
    /// No sink reads `has_errors`: repeats and cross-file references may be checked late.
    defer: bool,
    /// The report's length when the current file started.
    file_start: usize,
    /// Problems pushed (listed or only counted) since the current file started.
    file_pushes: u64,
    /// Problems of the current file found out of stream order, with their places.
    late: Vec<(Place, Problem)>,
    /// The log of the file just read, searched for repeats once the file is closed.
    finished_log: Option<DupLog>,
    /// References into large indexes of other files, waiting for their lookups.
    refs: Vec<BatchedRef>,
    /// The values of `refs`.
    ref_text: Vec<u8>,
    /// Per check of the current file, the last of `refs` it batched (`u32::MAX`: none since
    /// the last flush): a value repeating it (rows sorted by the referring column, as exports
    /// often are) takes its fingerprint and text instead of hashing and copying again.
    ref_memo: Vec<u32>,
    /// Per reference of `refs`, whether [`Engine::flush_refs`] found it (room kept between
    /// batches).
    ref_found: Vec<bool>,
    /// Per check of the current file, the last strictly valid date it read (its ten bytes as
    /// two little-endian words; zeros: none): the same date again (term dates repeat down a
    /// file) needs no parsing.
    date_memo: Vec<(u64, u16)>,
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
            ids: (0..FileKind::ALL.len()).map(|_| IdStore::Empty).collect(),
            referenced: vec![false; FileKind::ALL.len()],
            deferred: None,
            targets: vec![Target::Absent; FileKind::ALL.len()],
            total_ids: 0,
            refs_enabled: true,
            pending: Vec::new(),
            bulk_status: BulkLifecycle::default(),
            bulk_dlm: BulkLifecycle::default(),
            row_errors: false,
            defer: false,
            file_start: 0,
            file_pushes: 0,
            late: Vec::new(),
            finished_log: None,
            refs: Vec::with_capacity(REF_BATCH),
            ref_text: Vec::new(),
            ref_memo: Vec::new(),
            ref_found: Vec::with_capacity(REF_BATCH),
            date_memo: Vec::new(),
        }
    }

    fn push(&mut self, p: Problem) {
        if p.severity == Severity::Error {
            self.row_errors = true;
        }
        self.file_pushes += 1;
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
            for c in kind.columns(version) {
                if let ColumnType::Ref(t) | ColumnType::RefList(t) = c.ty {
                    self.referenced[idx(t)] = true;
                }
            }
            if *kind == FileKind::Demographics {
                self.referenced[idx(FileKind::Users)] = true;
            }
        }
        self.manifest = Some(manifest);
        for (kind, name, mode) in plan {
            let full = format!("{prefix}{name}");
            let rows = match source.open(&full) {
                Ok(reader) => self.read_file(kind, &name, mode.clone(), version, reader, sink),
                Err(e) => {
                    self.push(
                        Problem::error(e.code(), e.to_string()).at(Location::csv(name, 0, None)),
                    );
                    self.targets[idx(kind)] = Target::Absent;
                    continue;
                }
            };
            if let Some(log) = self.finished_log.take()
                && let Some(deferred) = self.deferred.take()
            {
                self.late_repeats(source, &full, &name, &log, deferred);
            }
            self.place_late();
            self.files.push(FileSummary {
                kind,
                name,
                mode,
                rows,
            });
        }
    }

    /// Whether a problem found now could no longer be listed (the report is full, counting the
    /// problems of this file found late so far).
    fn full_now(&self) -> bool {
        let ahead = self.file_start as u64 + self.file_pushes + self.late.len() as u64;
        ahead >= self.limits.max_problems as u64
    }

    /// Finds the repeated sourcedIds of a logged file and adds them to the problems found late,
    /// each at the place where a single-pass check would have reported it. The values for the
    /// messages are read back from the file (only when there are repeats to list).
    fn late_repeats<S: CsvSource + ?Sized>(
        &mut self,
        source: &mut S,
        full: &str,
        name: &str,
        log: &DupLog,
        deferred: Deferred,
    ) {
        let repeats = log.duplicates();
        if repeats.is_empty() {
            return;
        }
        // At most this many problems of the file can be listed; repeats come in row order, so
        // the earliest are kept.
        let room = self.limits.max_problems.saturating_sub(self.file_start);
        let mut listed: Vec<(Place, Repeat)> = Vec::new();
        for r in repeats {
            let i = deferred
                .checkpoints
                .partition_point(|(row, _)| *row <= r.row);
            let pushed = i
                .checked_sub(1)
                .and_then(|i| deferred.checkpoints.get(i))
                .map(|(_, n)| *n);
            match pushed {
                Some(pushed)
                    if listed.len() < room && deferred.full_from.is_none_or(|f| r.row < f) =>
                {
                    listed.push((
                        Place {
                            pushed,
                            row: u64::from(r.row),
                            seq: deferred.sid_seq,
                        },
                        r,
                    ));
                }
                _ => self.suppressed += 1,
            }
        }
        if listed.is_empty() {
            return;
        }
        let rows: Vec<u32> = listed.iter().map(|(_, r)| r.row).collect();
        let values = values_at_rows(
            source,
            full,
            deferred.sid_field,
            &rows,
            deferred.max_record_bytes,
        );
        for ((place, r), v) in listed.into_iter().zip(values) {
            self.late.push((
                place,
                repeat_problem(name, deferred.sid_column, r, v.as_deref()),
            ));
        }
    }

    /// Puts the problems of the current file that were found late in their places among those
    /// pushed in stream order, and applies `Limits::max_problems` to the result.
    fn place_late(&mut self) {
        if self.late.is_empty() {
            return;
        }
        let mut late = std::mem::take(&mut self.late);
        late.sort_by_key(|(place, _)| *place);
        let start = self.file_start.min(self.report.problems.len());
        let pushed = self.report.problems.split_off(start);
        let mut out = Vec::with_capacity(pushed.len() + late.len());
        let mut late = late.into_iter().peekable();
        for (i, p) in pushed.into_iter().enumerate() {
            while let Some((_, q)) = late.next_if(|(place, _)| place.pushed <= i as u64) {
                out.push(q);
            }
            out.push(p);
        }
        out.extend(late.map(|(_, q)| q));
        let room = self.limits.max_problems.saturating_sub(start);
        if out.len() > room {
            self.suppressed += (out.len() - room) as u64;
            out.truncate(room);
        }
        self.report.problems.extend(out);
    }

    fn add_id(&mut self, kind: FileKind, hash: u128, row: u64) -> bool {
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
        match &mut self.ids[idx(kind)] {
            IdStore::Set(s) => s.insert(hash),
            IdStore::Log(log) => {
                // Rows fit in 32 bits whenever a log is used (see `read_file`); repeats are
                // found at the end of the file.
                log.push(hash, u32::try_from(row).unwrap_or(u32::MAX));
                true
            }
            IdStore::Empty | IdStore::Index(_) => true,
        }
    }

    /// Records where a duplicate problem for `row` would stand in the stream (logged files).
    fn checkpoint(&mut self, row: u64) {
        let full = self.full_now();
        let pushed = self.file_pushes;
        let Some(d) = &mut self.deferred else {
            return;
        };
        let row = u32::try_from(row).unwrap_or(u32::MAX);
        if d.full_from.is_some() {
            return;
        }
        if full {
            d.full_from = Some(row);
        } else if d.checkpoints.last().is_none_or(|(_, n)| *n != pushed) {
            d.checkpoints.push((row, pushed));
        }
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
        self.file_start = self.report.len();
        self.file_pushes = 0;
        self.late.clear();
        // The record limit while the header is read: up to 256 columns of the longest field.
        let field = self.limits.max_field_bytes as u64;
        let mut rdr = RecordReader::new(reader, field.saturating_mul(256).max(64 * 1024));
        rdr.max_fields = MAX_FIELDS;
        let header = match rdr.next_record() {
            Ok(Some(r)) => r.to_byte_record(),
            Ok(None) => {
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
                let code = match e {
                    RecordError::TooLong { .. } => codes::CSV_FIELD_TOO_LONG,
                    RecordError::TooManyFields { .. } => codes::CSV_FIELD_COUNT,
                    RecordError::Io(_) => codes::CSV_SYNTAX,
                };
                self.push(
                    Problem::error(code, format!("cannot read {name}: {e}"))
                        .at(Location::csv(name, 1, None)),
                );
                return 0;
            }
        };
        let mut ctx = self.header(kind, name, mode.clone(), version, &header);
        // Data records: every column at the field limit, each field quoted with every byte an
        // escaped quote (2 × field + 3 bytes), so no record within the limits is cut.
        let columns = (header.len() as u64).max(1);
        rdr.max_record_bytes = field
            .saturating_mul(2)
            .saturating_add(3)
            .saturating_mul(columns);
        // When no sink needs a row's errors at once, the ids are logged (sequential writes)
        // and searched for repeats at the end of the file (when row numbers fit the log's 32
        // bits); a file that other rows refer to gets its index from the log then, and its
        // references to itself (org parents, user agents) are all resolved then.
        let log = self.defer && self.limits.max_rows_per_file < u64::from(u32::MAX) - 1;
        if log {
            self.ids[idx(kind)] = IdStore::Log(DupLog::default());
            let sid = ctx.spec.iter().position(|c| c.ty == ColumnType::SourcedId);
            self.deferred = Some(Deferred {
                checkpoints: Vec::new(),
                full_from: None,
                sid_field: sid
                    .and_then(|j| ctx.col_map.get(j).copied().flatten())
                    .unwrap_or(usize::MAX),
                sid_column: sid
                    .and_then(|j| ctx.spec.get(j))
                    .map_or("sourcedId", |c| c.name),
                sid_seq: ctx
                    .checks
                    .iter()
                    .position(|c| matches!(c.op, Op::SourcedId))
                    .unwrap_or(0),
                max_record_bytes: rdr.max_record_bytes,
            });
            // References into large indexes of other files are looked up in batches.
            for c in &mut ctx.checks {
                if let Op::Ref(t) = c.op {
                    c.batched =
                        t != kind && matches!(&self.ids[idx(t)], IdStore::Index(i) if i.is_large());
                }
            }
        } else {
            self.ids[idx(kind)] = IdStore::Set(IdSet::default());
            self.deferred = None;
        }
        self.pending.clear();
        self.ref_memo.clear();
        self.ref_memo.resize(ctx.checks.len(), u32::MAX);
        self.date_memo.clear();
        self.date_memo.resize(ctx.checks.len(), (0, 0));
        self.bulk_status = BulkLifecycle::default();
        self.bulk_dlm = BulkLifecycle::default();
        let mut rows: u64 = 0;
        // A row that is not UTF-8, decoded lossily.
        let mut lossy_text = String::new();
        let mut lossy_bounds: Vec<(usize, usize)> = Vec::new();
        loop {
            let brec = match rdr.next_record() {
                Ok(Some(r)) => r,
                Ok(None) => break,
                Err(e @ RecordError::TooLong { .. }) => {
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
                Err(e @ RecordError::TooManyFields { .. }) => {
                    self.push(
                        Problem::error(
                            codes::CSV_FIELD_COUNT,
                            format!("{e}; the rest of {name} was not read"),
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
            };
            // A record of one empty field (`""` on a line) is not a row, as a blank line is
            // not.
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
            // One pass over the row's bytes: ASCII (then UTF-8, no further check), and carriage
            // returns (which the binding forbids inside fields).
            let (ascii, has_cr, has_control) = scan_row(brec.as_bytes());
            // Otherwise the fields' bytes as one checked `str`; a field boundary inside a
            // character would mean invalid fields.
            let whole = if ascii {
                None
            } else {
                std::str::from_utf8(brec.as_bytes()).ok().filter(|w| {
                    (0..brec.len()).all(|i| {
                        brec.range(i).is_some_and(|r| {
                            w.is_char_boundary(r.start) && w.is_char_boundary(r.end)
                        })
                    })
                })
            };
            let rowdata = if ascii {
                Row {
                    rec: brec,
                    text: None,
                }
            } else if let Some(whole) = whole {
                Row {
                    rec: brec,
                    text: Some(whole),
                }
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
                lossy_text.clear();
                lossy_bounds.clear();
                for f in brec.iter() {
                    let start = lossy_text.len();
                    lossy_text.push_str(&String::from_utf8_lossy(f));
                    lossy_bounds.push((start, lossy_text.len()));
                }
                Row {
                    rec: Record::new(lossy_text.as_bytes(), &lossy_bounds),
                    text: Some(&lossy_text),
                }
            };
            let srec = rowdata;
            // A byte order mark is three bytes over 0x7F: only a non-ASCII row can hold one.
            self.check_row(&ctx, &srec, row, has_cr, has_control || !ascii);
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
        self.flush_refs(name);
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
        // The log's index, for references to the file (from itself and later files).
        if matches!(self.ids[idx(kind)], IdStore::Log(_))
            && let IdStore::Log(log) = std::mem::take(&mut self.ids[idx(kind)])
        {
            if self.referenced[idx(kind)] {
                self.ids[idx(kind)] = IdStore::Index(IdIndex::from_log(&log));
            }
            self.finished_log = Some(log);
        }
        // Self references (parents, agents) resolve against the whole file.
        let pending = std::mem::take(&mut self.pending);
        for p in pending {
            if !self.ids[idx(kind)].contains(p.hash) && self.refs_enabled {
                self.unresolved(kind, kind, name, p.row, p.column, &p.value, p.required);
            }
        }
        // Freeze the ids of a file that later rows refer to; drop those nothing refers to.
        if let IdStore::Set(set) = &self.ids[idx(kind)] {
            self.ids[idx(kind)] = if self.referenced[idx(kind)] {
                IdStore::Index(IdIndex::from_set(set))
            } else {
                IdStore::Empty
            };
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
        let (start_col, end_col) = (find(&["startDate", "beginDate"]), find(&["endDate"]));
        let checks: Vec<Check> = spec
            .iter()
            .zip(&col_map)
            .enumerate()
            .filter_map(|(j, (c, field))| {
                let free = c.req == Requirement::Optional
                    && (matches!(c.ty, ColumnType::Text | ColumnType::List)
                        || (c.ty == ColumnType::Grades && version != Version::V1_1));
                let op = match c.ty {
                    _ if c.req == Requirement::Lifecycle => Op::Other,
                    ColumnType::Text | ColumnType::List => Op::Nothing,
                    ColumnType::Grades if version != Version::V1_1 => Op::Nothing,
                    ColumnType::SourcedId => Op::SourcedId,
                    ColumnType::Ref(t) => Op::Ref(t),
                    ColumnType::Date => Op::Date,
                    ColumnType::Bool => Op::Bool,
                    ColumnType::Vocab(v) => Op::Vocab(v),
                    ColumnType::UserIds | ColumnType::ScoreScaleValues => Op::Pairs,
                    _ => Op::Other,
                };
                field.filter(|_| !free).map(|i| Check {
                    field: i,
                    spec: c,
                    op,
                    empty_is_problem: c.req == Requirement::Required
                        || (c.req == Requirement::Lifecycle && mode == ProcessingMode::Delta),
                    batched: false,
                    date_role: if Some(j) == start_col {
                        1
                    } else if Some(j) == end_col {
                        2
                    } else {
                        0
                    },
                })
            })
            .collect();
        FileCtx {
            checks,
            kind,
            name: name.to_owned(),
            mode,
            version,
            spec,
            col_map,
            meta,
            extra,
            header_len: names.len(),
            end_col,
        }
    }

    fn check_row(
        &mut self,
        ctx: &FileCtx,
        rec: &Row<'_>,
        row: u64,
        has_cr: bool,
        maybe_control_or_bom: bool,
    ) {
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
        if has_cr {
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
        if maybe_control_or_bom
            && (whole.iter().any(control) || (whole.contains(&0xEF) && bom(whole)))
        {
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
        // Dates as `date_key`s, compared once the row is checked.
        let mut start: Option<u128> = None;
        let mut end: Option<u128> = None;
        for (seq, c) in ctx.checks.iter().enumerate() {
            let vb = rec.bytes(c.field);
            if vb.is_empty() {
                if c.empty_is_problem {
                    self.empty_value(ctx, c.spec, row);
                }
                continue;
            }
            // Fast paths on the bytes for values without problems; the general check on the
            // `str` otherwise.
            let str_at = |i| rec.get(i).unwrap_or("");
            let d = match c.op {
                Op::Nothing => continue,
                Op::SourcedId => {
                    self.sourced_id(ctx, c, rec, vb, row);
                    continue;
                }
                Op::Ref(target) => {
                    if edge_whitespace_bytes(vb).unwrap_or_else(|| edge_whitespace(str_at(c.field)))
                    {
                        self.check_whitespace(str_at(c.field), c.spec.name, ctx.name.as_str(), row);
                    }
                    if self.refs_enabled {
                        if c.batched {
                            self.batch_ref(target, row, seq, c.spec, vb);
                            continue;
                        }
                        let h = fingerprint(vb);
                        if !self.found_in_cached_index(ctx.kind, target, h) {
                            let name = ctx.name.as_str();
                            self.check_ref_slow(ctx.kind, target, h, vb, c.spec, name, row);
                        }
                    }
                    continue;
                }
                Op::Date => match date_words(vb) {
                    Some(w) if self.date_memo.get(seq) == Some(&w) => Some(date_words_key(w)),
                    words => match words.and_then(|w| strict_date_key(w).map(|k| (w, k))) {
                        Some((w, k)) => {
                            if let Some(m) = self.date_memo.get_mut(seq) {
                                *m = w;
                            }
                            Some(k)
                        }
                        None => self
                            .check_value(ctx, c.spec, str_at(c.field), row)
                            .map(date_key),
                    },
                },
                Op::Bool if eq_bytes(vb, b"true") || eq_bytes(vb, b"false") => continue,
                Op::Pairs if simple_pairs(vb) => continue,
                Op::Vocab(voc) if voc.tokens.iter().any(|t| eq_bytes(t.as_bytes(), vb)) => continue,
                _ => self
                    .check_value(ctx, c.spec, str_at(c.field), row)
                    .map(date_key),
            };
            match c.date_role {
                1 => start = d,
                2 => end = d,
                _ => {}
            }
        }
        if self.refs.len() >= REF_BATCH {
            self.flush_refs(name);
        }
        if let (Some(s), Some(e)) = (start, end)
            && e < s
            && let (Some(s), Some(e)) = (key_date(s), key_date(e))
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

    /// A record's own sourcedId: whitespace, repeats, and (demographics) the user it belongs to.
    #[inline(always)]
    fn sourced_id(&mut self, ctx: &FileCtx, c: &Check, rec: &Row<'_>, vb: &[u8], row: u64) {
        let str_at = |i| rec.get(i).unwrap_or("");
        if edge_whitespace_bytes(vb).unwrap_or_else(|| edge_whitespace(str_at(c.field))) {
            self.check_whitespace(str_at(c.field), c.spec.name, ctx.name.as_str(), row);
        }
        let h = fingerprint(vb);
        let fresh = self.add_id(ctx.kind, h, row);
        if self.deferred.is_some() {
            self.checkpoint(row);
        }
        if !fresh {
            self.repeated_id(ctx, c.spec, str_at(c.field), row);
        }
        if ctx.kind == FileKind::Demographics {
            self.demographics_user(ctx, c.spec, str_at(c.field), h, row);
        }
    }

    #[cold]
    #[inline(never)]
    fn repeated_id(&mut self, ctx: &FileCtx, spec: &ColumnSpec, v: &str, row: u64) {
        let name = ctx.name.as_str();
        self.push(
            Problem::error(
                codes::ID_DUPLICATE,
                format!("sourcedId `{v}` appears earlier in {name}"),
            )
            .at(Location::csv(name, row, Some(spec.name)))
            .spec("OneRoster 1.2 §4 (sourcedId is unique)"),
        );
    }

    fn demographics_user(&mut self, ctx: &FileCtx, spec: &ColumnSpec, v: &str, h: u128, row: u64) {
        if self.refs_enabled
            && self.targets[idx(FileKind::Users)] != Target::Absent
            && !self.ids[idx(FileKind::Users)].contains(h)
        {
            self.push(
                Problem::warning(
                    codes::REFERENCE_DEMOGRAPHICS_USER,
                    format!("demographics `{v}` is not the sourcedId of a user in users.csv (demographics share their user's sourcedId)"),
                )
                .at(Location::csv(ctx.name.as_str(), row, Some(spec.name))),
            );
        }
    }

    /// An empty value where one is required.
    #[cold]
    #[inline(never)]
    fn empty_value(&mut self, ctx: &FileCtx, spec: &ColumnSpec, row: u64) {
        let name = ctx.name.as_str();
        let at = || Location::csv(name, row, Some(spec.name));
        {
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
        }
    }

    /// Checks one non-empty value; returns the date for date columns.
    #[allow(clippy::too_many_lines, reason = "one arm per column type")]
    #[inline(never)]
    fn check_value(
        &mut self,
        ctx: &FileCtx,
        spec: &ColumnSpec,
        v: &str,
        row: u64,
    ) -> Option<NaiveDate> {
        let name = ctx.name.as_str();
        let at = || Location::csv(name, row, Some(spec.name));
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
                // Reached only through the row loop's fast path, which handles sourcedIds.
                debug_assert!(false, "sourcedIds are checked in check_row");
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

    #[cold]
    #[inline(never)]
    fn check_whitespace(&mut self, v: &str, column: &str, name: &str, row: u64) {
        if edge_whitespace(v) {
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
        if let Some(d) = strict_date(v) {
            return Some(d);
        }
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

    /// Whether a reference into another file is found in its index when that index is small
    /// enough to be looked up at once (the common case); `false` means "not known yet": see
    /// [`Engine::check_ref_slow`].
    #[inline(always)]
    fn found_in_cached_index(&self, current: FileKind, target: FileKind, h: u128) -> bool {
        target != current
            && matches!(&self.ids[idx(target)], IdStore::Index(index)
                if index.contains(h))
    }

    /// Adds a reference to the batch (its place is where row-by-row checking would report it).
    #[inline(always)]
    fn batch_ref(
        &mut self,
        target: FileKind,
        row: u64,
        seq: usize,
        spec: &'static ColumnSpec,
        v: &[u8],
    ) {
        let place = Place {
            pushed: self.file_pushes,
            row,
            seq,
        };
        let repeated = self.ref_memo.get(seq).and_then(|&i| {
            let last = self.refs.get(i as usize)?;
            let same = self
                .ref_text
                .get(last.text.clone())
                .is_some_and(|t| eq_bytes(t, v));
            same.then(|| (last.fp, last.text.clone(), i))
        });
        let (fp, text, repeats) = repeated.unwrap_or_else(|| {
            let start = self.ref_text.len();
            self.ref_text.extend_from_slice(v);
            (fingerprint(v), start..self.ref_text.len(), u32::MAX)
        });
        if let Some(m) = self.ref_memo.get_mut(seq) {
            *m = self.refs.len() as u32;
        }
        self.refs.push(BatchedRef {
            fp,
            target,
            place,
            spec,
            text,
            repeats,
        });
    }

    /// Looks the batched references up, all at once: the lookups do not depend on each other,
    /// so their cache misses overlap instead of coming one per row. The unresolved ones join
    /// the problems found late, at their places.
    #[inline(never)]
    fn flush_refs(&mut self, name: &str) {
        // First only the loads (a few instructions each, so that many are in flight at
        // once), then the lookups, which find their buckets in the cache.
        let mut touched = 0u64;
        for r in &self.refs {
            if r.repeats == u32::MAX
                && let IdStore::Index(index) = &self.ids[idx(r.target)]
            {
                touched ^= index.touch(r.fp);
            }
        }
        std::hint::black_box(touched);
        let mut missing: Vec<usize> = Vec::new();
        // A reference repeating an earlier one of the batch has its answer.
        self.ref_found.clear();
        for (i, r) in self.refs.iter().enumerate() {
            let found = match self.ref_found.get(r.repeats as usize) {
                Some(&found) => found,
                None => self.ids[idx(r.target)].contains(r.fp),
            };
            self.ref_found.push(found);
            if !found {
                missing.push(i);
            }
        }
        for i in missing {
            let Some(r) = self.refs.get(i) else { break };
            let (place, target, spec) = (r.place, r.target, r.spec);
            let v = String::from_utf8_lossy(self.ref_text.get(r.text.clone()).unwrap_or_default())
                .into_owned();
            self.late_problem(place, |e| {
                e.unresolved_problem(
                    target,
                    name,
                    place.row,
                    spec.name,
                    &v,
                    spec.req == Requirement::Required,
                )
            });
        }
        self.refs.clear();
        self.ref_text.clear();
        self.ref_memo.fill(u32::MAX);
    }

    /// Adds a problem found out of stream order at `place`, unless it could not be listed
    /// (then it is only counted); keeps the list of such problems short.
    fn late_problem(&mut self, place: Place, make: impl FnOnce(&Self) -> Problem) {
        let room = self.limits.max_problems.saturating_sub(self.file_start) as u64;
        // At least `place.pushed` problems of the file come before it.
        if place.pushed >= room {
            self.suppressed += 1;
            return;
        }
        let p = make(self);
        self.late.push((place, p));
        if self.late.len() as u64 > 2 * room + 1024 {
            // Only the first `room` can be listed: at least that many come before the rest.
            self.late.sort_by_key(|(place, _)| *place);
            let keep = usize::try_from(room).unwrap_or(usize::MAX);
            self.suppressed += self.late.len().saturating_sub(keep) as u64;
            self.late.truncate(keep);
        }
    }

    /// A reference, in full (see [`Engine::check_ref_slow`]).
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
        if !self.found_in_cached_index(current, target, h) {
            self.check_ref_slow(current, target, h, v.as_bytes(), spec, name, row);
        }
    }

    #[allow(clippy::too_many_arguments, reason = "a reference's full location")]
    #[inline(never)]
    fn check_ref_slow(
        &mut self,
        current: FileKind,
        target: FileKind,
        h: u128,
        v: &[u8],
        spec: &ColumnSpec,
        name: &str,
        row: u64,
    ) {
        // `v` is a field of a checked (or lossily decoded) row: valid UTF-8, so the lossy
        // conversions below copy it as it is.
        if target == current {
            if !self.ids[idx(target)].contains(h) {
                self.pending.push(Pending {
                    hash: h,
                    row,
                    column: spec.name,
                    value: String::from_utf8_lossy(v).into_owned(),
                    required: spec.req == Requirement::Required,
                });
            }
            return;
        }
        if self.targets[idx(target)] == Target::Absent {
            return;
        }
        if !self.ids[idx(target)].contains(h) {
            self.unresolved(
                current,
                target,
                name,
                row,
                spec.name,
                &String::from_utf8_lossy(v),
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
        let p = self.unresolved_problem(target, name, row, column, v, required);
        self.push(p);
    }

    fn unresolved_problem(
        &self,
        target: FileKind,
        name: &str,
        row: u64,
        column: &str,
        v: &str,
        required: bool,
    ) -> Problem {
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
        p.at(at)
    }
}

/// Whether `v` starts or ends with whitespace (`v.trim() != v`, looking at the ends only).
#[inline]
fn edge_whitespace(v: &str) -> bool {
    edge_whitespace_bytes(v.as_bytes()).unwrap_or_else(|| {
        v.chars().next().is_some_and(char::is_whitespace)
            || v.chars().next_back().is_some_and(char::is_whitespace)
    })
}

/// [`edge_whitespace`] of a value's bytes when both ends are ASCII (the six ASCII whitespace
/// characters); `None` when an end is not ASCII (the characters must be decoded).
#[inline(always)]
fn edge_whitespace_bytes(b: &[u8]) -> Option<bool> {
    let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if f < 0x80 && l < 0x80 => Some(ws(f) || ws(l)),
        (None, _) | (_, None) => Some(false),
        _ => None,
    }
}

/// Byte equality of short values without a library call (vocabulary tokens, booleans,
/// repeated references).
#[inline(always)]
fn eq_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    match a.len() {
        0 => true,
        1..=3 => a == b,
        4..=8 => {
            let w = |s: &[u8]| {
                (
                    s.first_chunk::<4>().map(|c| u32::from_le_bytes(*c)),
                    s.last_chunk::<4>().map(|c| u32::from_le_bytes(*c)),
                )
            };
            w(a) == w(b)
        }
        9..=16 => {
            let w = |s: &[u8]| {
                (
                    s.first_chunk::<8>().map(|c| u64::from_le_bytes(*c)),
                    s.last_chunk::<8>().map(|c| u64::from_le_bytes(*c)),
                )
            };
            w(a) == w(b)
        }
        _ => a == b,
    }
}

/// A date as a number that orders like the date: its `YYYY-MM-DD` form read as a big-endian
/// number (for four-digit years, the text orders like the date).
fn date_key(d: NaiveDate) -> u128 {
    let y = u32::try_from(d.year()).unwrap_or(0).min(9999);
    let text = format!("{y:04}-{:02}-{:02}", d.month(), d.day());
    text.bytes().fold(0u128, |k, b| (k << 8) | u128::from(b))
}

/// The date of a [`date_key`].
fn key_date(k: u128) -> Option<NaiveDate> {
    let text: Vec<u8> = (0..10).rev().map(|i| (k >> (8 * i)) as u8).collect();
    lti_core::time::parse_date(std::str::from_utf8(&text).ok()?).ok()
}

/// A ten-byte value's first eight bytes and last two as little-endian words.
#[inline]
fn date_words(v: &[u8]) -> Option<(u64, u16)> {
    let b: &[u8; 10] = v.try_into().ok()?;
    let (head, tail) = b.split_first_chunk::<8>()?;
    let tail = tail.first_chunk::<2>()?;
    Some((u64::from_le_bytes(*head), u16::from_le_bytes(*tail)))
}

/// The [`date_key`] of a strictly valid date's [`date_words`] (its bytes in order, as one
/// number).
#[inline]
fn date_words_key((x, t): (u64, u16)) -> u128 {
    (u128::from(x.swap_bytes()) << 16) | u128::from(t.swap_bytes())
}

/// The [`date_key`] of a date written exactly `YYYY-MM-DD` that exists (what
/// `parse_date_lenient` returns without deviations for it), given as its [`date_words`] and
/// found without the general parser; `None` for anything else (the general check then
/// decides).
#[inline(always)]
fn strict_date_key((x, t): (u64, u16)) -> Option<u128> {
    // `YYYY-MM-` and `DD`, checked a word at a time.
    let t = u64::from(t);
    const DIGITS: u64 = 0x00FF_FF00_FFFF_FFFF; // bytes 0–3, 5, 6
    const DASHES: u64 = 0xFF00_00FF_0000_0000; // bytes 4, 7
    let is_digits = |w: u64, mask: u64| {
        // High nibble 3, low nibble ≤ 9 (adding 6 does not carry out of it).
        w & mask & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030 & mask
            && ((w & mask & 0x0F0F_0F0F_0F0F_0F0F) + (0x0606_0606_0606_0606 & mask))
                & 0xF0F0_F0F0_F0F0_F0F0
                == 0
    };
    if x & DASHES != 0x2D00_002D_0000_0000 || !is_digits(x, DIGITS) || !is_digits(t, 0xFFFF) {
        return None;
    }
    let n = |w: u64, i: u32| ((w >> (8 * i)) & 0x0F) as u32;
    let m = n(x, 5) * 10 + n(x, 6);
    let d = n(t, 0) * 10 + n(t, 1);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => {
            let y = n(x, 0) * 1000 + n(x, 1) * 100 + n(x, 2) * 10 + n(x, 3);
            if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) {
                29
            } else {
                28
            }
        }
        _ => return None,
    };
    (1..=days)
        .contains(&d)
        .then(|| date_words_key((x, t as u16)))
}

/// Whether a row's bytes are all ASCII, whether they hold a carriage return, and whether they
/// hold a control character other than tab, line feed and carriage return: one pass without
/// early exit (which the compiler vectorises; a word-at-a-time version measured no faster and
/// mispredicts its tail loop), and a second one only for a row with a byte below 0x20.
#[inline]
fn scan_row(bytes: &[u8]) -> (bool, bool, bool) {
    // The highest bit set anywhere and the lowest byte: carriage returns and control characters
    // are all below 0x20, which a row almost never holds, so they are looked for only then.
    let mut high = 0u8;
    let mut low = u8::MAX;
    for b in bytes {
        high |= *b;
        low = low.min(*b);
    }
    if low >= 0x20 {
        return (high < 0x80, false, false);
    }
    let cr = bytes.contains(&b'\r');
    let control = bytes
        .iter()
        .any(|b| *b < 0x20 && !matches!(*b, b'\t' | b'\n' | b'\r'));
    (high < 0x80, cr, control)
}

/// A date written exactly `YYYY-MM-DD` that exists (see [`strict_date_key`]).
#[inline]
fn strict_date(v: &str) -> Option<NaiveDate> {
    date_words(v.as_bytes())
        .and_then(strict_date_key)
        .and_then(|_| lti_core::time::parse_date(v).ok())
}

/// The duplicate-sourcedId problem for a repeat found at the end of a file.
fn repeat_problem(name: &str, column: &str, r: Repeat, value: Option<&str>) -> Problem {
    let message = match value {
        Some(v) => format!("sourcedId `{v}` appears earlier in {name}"),
        None => format!(
            "the sourcedId of this row appears earlier in {name} (row {})",
            r.first
        ),
    };
    Problem::error(codes::ID_DUPLICATE, message)
        .at(Location::csv(name, u64::from(r.row), Some(column)))
        .spec("OneRoster 1.2 §4 (sourcedId is unique)")
}

/// The values of field `field` on `rows` (ascending row numbers, the header being row 1) of a
/// file opened again; `None` where the file cannot be read again or has no such row.
fn values_at_rows<S: CsvSource + ?Sized>(
    source: &mut S,
    full: &str,
    field: usize,
    rows: &[u32],
    max_record_bytes: u64,
) -> Vec<Option<String>> {
    let mut out = vec![None; rows.len()];
    let Ok(reader) = source.open(full) else {
        return out;
    };
    let mut rdr = RecordReader::new(reader, max_record_bytes);
    rdr.max_fields = MAX_FIELDS;
    if !matches!(rdr.next_record(), Ok(Some(_))) {
        return out;
    }
    let mut n: u64 = 0;
    let mut k = 0;
    while k < rows.len() {
        let Ok(Some(rec)) = rdr.next_record() else {
            break;
        };
        // The same row numbering as `read_file`.
        if rec.len() == 1 && rec.get(0).is_some_and(<[u8]>::is_empty) {
            continue;
        }
        n += 1;
        let row = n + 1;
        while rows.get(k).is_some_and(|r| u64::from(*r) < row) {
            k += 1;
        }
        if rows.get(k).is_some_and(|r| u64::from(*r) == row) {
            if let Some(slot) = out.get_mut(k) {
                *slot = rec
                    .get(field)
                    .map(|f| String::from_utf8_lossy(f).into_owned());
            }
            k += 1;
        }
    }
    out
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

/// Whether `v` is a list of `{a:b}` items in the plainest form: no whitespace around items or
/// separators, `a` starting with a visible ASCII character and holding no `:` or `}`, `b`
/// holding no `}`. Such a list is one [`parse_pairs`] accepts; anything else is checked by it.
#[inline]
fn simple_pairs(v: &[u8]) -> bool {
    let mut i = 0;
    loop {
        if v.get(i) != Some(&b'{') {
            return false;
        }
        i += 1;
        if !v
            .get(i)
            .is_some_and(|b| (0x21..=0x7E).contains(b) && *b != b':' && *b != b'}')
        {
            return false;
        }
        loop {
            match v.get(i) {
                Some(b':') => break,
                Some(b'}') | None => return false,
                Some(_) => i += 1,
            }
        }
        i += 1;
        loop {
            match v.get(i) {
                Some(b'}') => break,
                None => return false,
                Some(_) => i += 1,
            }
        }
        i += 1;
        match v.get(i) {
            None => return true,
            Some(b',') => i += 1,
            Some(_) => return false,
        }
    }
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
        let mut seen = std::collections::HashSet::new();
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
    fn strict_dates_agree_with_the_general_parser() {
        let key = |v: &[u8]| date_words(v).and_then(strict_date_key);
        let mut inputs = Vec::new();
        for y in [
            "0000", "1900", "1999", "2000", "2023", "2024", "2100", "9999",
        ] {
            for m in 0..=13 {
                for d in 0..=32 {
                    inputs.push(format!("{y}-{m:02}-{d:02}"));
                }
            }
        }
        inputs.extend(
            [
                "2024-1-05",
                "2024-01-5",
                "20240105",
                "2024/01/05",
                "2024-01-05T00:00:00Z",
                "2024-0a-05",
                "202a-01-05",
                "2024-01-0 ",
                " 2024-01-0",
                "2024_01_05",
                "",
                "2024-01-05 ",
                "+024-01-05",
                "2024-+1-05",
                "2024-01-+5",
                "٢٠٢٤-01-05",
                "2024-01-0:",
                "2024-0:-05",
                "20:4-01-05",
                "2024-01-0?",
                "2024=01-05",
                "2024-01=05",
                "2024-01-/5",
                "20240-1-05",
                "2024-01-5/",
                "/024-01-05",
                "2024-01-\u{7f}5",
                "2024-01-05\u{0}",
            ]
            .map(str::to_owned),
        );
        for v in &inputs {
            let general = lti_core::time::parse_date_lenient(v)
                .ok()
                .filter(|(_, dev)| dev.is_empty())
                .map(|(d, _)| d);
            assert_eq!(strict_date(v), general, "{v}");
            if let Some(d) = general {
                assert_eq!(key(v.as_bytes()), Some(date_key(d)), "{v}");
                assert_eq!(key_date(date_key(d)), Some(d));
            }
        }
        let (a, b) = (key(b"2024-12-31"), key(b"2025-01-01"));
        assert!(a < b);
        assert!(key(b"2024-02-01") < key(b"2024-02-02"));
    }

    #[test]
    fn scan_row_matches_a_byte_loop() {
        let naive = |b: &[u8]| {
            (
                b.is_ascii(),
                b.contains(&b'\r'),
                b.iter()
                    .any(|c| *c < 0x20 && !matches!(*c, b'\t' | b'\n' | b'\r')),
            )
        };
        let bytes = [
            b'a', b'\r', 0x8D, 0x0C, 0x0E, 0xFF, 0x00, 0x7F, 0x80, b',', b'\t', b'\n', 0x1F, 0x20,
        ];
        for len in 0..40usize {
            for pos in 0..len.max(1) {
                for &b in &bytes {
                    let mut v = vec![b'x'; len];
                    if let Some(slot) = v.get_mut(pos) {
                        *slot = b;
                    }
                    assert_eq!(scan_row(&v), naive(&v), "{v:?}");
                    // Two odd bytes: a borrow from one must not fake the other.
                    if let Some(slot) = v.get_mut(pos / 2) {
                        *slot = 0x0E;
                    }
                    assert_eq!(scan_row(&v), naive(&v), "{v:?}");
                }
            }
        }
    }

    #[test]
    fn byte_fast_paths_match_str_semantics() {
        for v in [
            "",
            "a",
            " a",
            "a ",
            "\ta",
            "a\n",
            "\u{b}a",
            "a\u{c}",
            "\ra",
            "\u{a0}a",
            "a\u{2003}",
            "\u{85}",
            "é",
            "éa ",
            " aé",
            "a\u{3000}",
            "abc",
        ] {
            assert_eq!(edge_whitespace(v), v.trim() != v, "{v:?}");
            if let Some(fast) = edge_whitespace_bytes(v.as_bytes()) {
                assert_eq!(fast, v.trim() != v, "{v:?}");
            }
        }
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abce",
            "true",
            "false",
            "student",
            "students",
            "teacher",
            "administrator",
            "administrators",
            "guardian",
            "a-very-long-token-here",
            "a-very-long-token-hers",
        ];
        for a in words {
            for b in words {
                assert_eq!(eq_bytes(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
            }
        }
        assert_eq!(scan_row(b""), (true, false, false));
        assert_eq!(scan_row(b"abc\rdef"), (true, true, false));
        assert_eq!(scan_row(&[b'x'; 100]), (true, false, false));
        for n in 0..40 {
            let mut v = vec![b'a'; 40];
            v[n] = b'\r';
            assert_eq!(scan_row(&v), (true, true, false), "{n}");
            v[n] = 0xC3;
            assert_eq!(scan_row(&v), (false, false, false), "{n}");
            v[n] = 0x7F;
            assert_eq!(scan_row(&v[..=n]), (true, false, false), "{n}");
        }
    }

    #[test]
    fn simple_pairs_are_pairs() {
        for v in [
            "{SIS:1}",
            "{LDAP:12},{LTI:15}",
            "{a:b:c}",
            "{a{:b}",
            "{é:1}",
            "{a:}",
            "{a:é}",
            "{ a:1}",
            "{a :1}",
            "{:1}",
            "{a:1},",
            "{a:1}, {b:2}",
            "{a:1},{b:2}x",
            "{a:1}{b:2}",
            "{a1}",
            "{a:1",
            "a:1",
            "{\u{a0}:1}",
            "{}",
            "{a:1},{",
            "{}:1}",
        ] {
            if simple_pairs(v.as_bytes()) {
                assert!(parse_pairs(v).is_ok(), "{v}");
            }
        }
        assert!(simple_pairs(b"{SIS:1}"));
        assert!(simple_pairs(b"{LDAP:12},{LTI:15}"));
        assert!(simple_pairs(b"{a:b:c}"));
        assert!(!simple_pairs(b"{a:1}, {b:2}"));
        assert!(!simple_pairs(b"{:1}"));
        assert!(!simple_pairs(b""));
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
    fn lines_of_commas_are_refused_at_the_field_limit() {
        let commas = ",".repeat(MAX_FIELDS);
        let mut s = MemorySource::new()
            .with("manifest.csv", MANIFEST)
            .with("orgs.csv", format!("{commas}\n"));
        let r = validate_set(&mut s, &Limits::default());
        assert_eq!(only(&r, codes::CSV_FIELD_COUNT), ["orgs.csv row 1"]);
        let mut s = MemorySource::new().with("manifest.csv", MANIFEST).with(
            "orgs.csv",
            format!("{ORGS_H}o1,,,D,district,,\n{commas}\no2,,,D,district,,\n"),
        );
        let r = validate_set(&mut s, &Limits::default());
        assert_eq!(only(&r, codes::CSV_FIELD_COUNT), ["orgs.csv row 3"]);
        assert!(
            r.report
                .with_code(codes::CSV_FIELD_COUNT)
                .all(|p| p.message.contains("the rest of orgs.csv was not read"))
        );
    }

    #[test]
    fn a_repeated_date_is_checked_in_every_row() {
        // The same valid start date down the file (read once, remembered), the same invalid
        // end date twice (never remembered), and an end before the remembered start.
        let m = MANIFEST.replace("file.academicSessions,absent", "file.academicSessions,bulk");
        let sessions = "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n\
s1,,,T,term,2024-09-01,2025-06-30,,2025\n\
s2,,,T,term,2024-09-01,2024-02-30,,2025\n\
s3,,,T,term,2024-09-01,2024-02-30,,2025\n\
s4,,,T,term,2024-09-01,2024-08-31,,2025\n\
s5,,,T,term,2024-09-01,2025-06-30,,2025\n";
        let mut s = MemorySource::new()
            .with("manifest.csv", m)
            .with("academicSessions.csv", sessions);
        let r = validate_set(&mut s, &Limits::default());
        let at = |code: &str| -> Vec<String> {
            r.report
                .with_code(code)
                .map(|p| p.location.to_string())
                .collect()
        };
        assert_eq!(
            at(codes::VALUE_DATE),
            [
                "academicSessions.csv row 3, column endDate",
                "academicSessions.csv row 4, column endDate"
            ]
        );
        assert_eq!(
            at(codes::VALUE_DATE_ORDER),
            ["academicSessions.csv row 5, column endDate"]
        );
    }

    #[test]
    fn a_repeated_reference_is_reported_in_every_row() {
        // Consecutive rows naming the same user (found or not), as in an export sorted by
        // user: each row gets its own answer, in row order, also across a batch boundary.
        let m = MANIFEST
            .replace("file.users,absent", "file.users,bulk")
            .replace("file.enrollments,absent", "file.enrollments,bulk");
        let users = format!(
            "{}\nu1,,,true,a,,A,B,,,,,,,,,,,,,,o1,\n",
            FileKind::Users.header_line(Version::V1_2)
        );
        let mut enr = String::from(
            "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n",
        );
        let users_of = |i: usize| match i % 200 {
            0..=2 => "u1",
            3..=5 => "u7",
            _ => "u1",
        };
        for i in 0..300 {
            enr.push_str(&format!("e{i},,,,o1,{},student,,,\n", users_of(i)));
        }
        let mut s = MemorySource::new()
            .with("manifest.csv", m)
            .with("orgs.csv", format!("{ORGS_H}o1,,,D,district,,\n"))
            .with("users.csv", users)
            .with("enrollments.csv", enr);
        let r = validate_set(&mut s, &Limits::default());
        let rows: Vec<String> = r
            .report
            .with_code(codes::REFERENCE_UNRESOLVED)
            .map(|p| p.location.to_string())
            .collect();
        let want: Vec<String> = (0..300)
            .filter(|&i| users_of(i) == "u7")
            .map(|i| format!("enrollments.csv row {}, column userSourcedId", i + 2))
            .collect();
        assert_eq!(rows, want);
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
