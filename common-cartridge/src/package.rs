//! Packages: where a cartridge's files are. No I/O here — the caller opens the file (or holds
//! the bytes) and hands over a `Read + Seek`; directories are read by the caller through the
//! [`PackageSource`] trait.
//!
//! [`ZipPackage`] reads a zip with the `zip` crate, safely:
//!
//! - the entry count is checked against [`Limits::max_entries`] from the end-of-central-directory
//!   record, before the central directory is parsed;
//! - every entry is checked from the central directory, before anything is decompressed:
//!   absolute paths, `..` segments and symbolic links are refused (zip slip); per-entry and
//!   total uncompressed sizes and the compression ratio are capped (zip bombs);
//! - entries are decompressed only on demand, one at a time, and never beyond their declared
//!   size;
//! - archives inside the archive are not opened;
//! - `imsmanifest.xml` is found at the root or under one wrapping folder (with a warning).

use std::collections::BTreeMap;
use std::hash::BuildHasher as _;
use std::io::{self, Read, Seek, SeekFrom};

use lti_core::{Location, Problem, Severity};
use serde::{Deserialize, Serialize};

use crate::codes;

/// The manifest's file name.
pub const MANIFEST: &str = "imsmanifest.xml";

/// Resource limits for reading packages (and the XML inside them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Limits {
    /// Most entries in a zip. Default 100,000 (as Canvas).
    pub max_entries: usize,
    /// Largest uncompressed entry in bytes. Default 2 GiB.
    pub max_entry_bytes: u64,
    /// Largest total uncompressed size in bytes. Default 16 GiB.
    pub max_total_bytes: u64,
    /// Highest compression ratio (uncompressed / compressed) of an entry larger than
    /// [`Limits::ratio_threshold_bytes`]. Default 200.
    pub max_compression_ratio: u64,
    /// Entries up to this size are not ratio-checked (small files of repeated text compress
    /// well and are harmless). Default 1 MiB.
    pub ratio_threshold_bytes: u64,
    /// Largest XML document read into memory (manifest, descriptors). Default 64 MiB.
    pub max_xml_bytes: u64,
    /// Limits for parsing XML.
    pub xml: lti_core::xml::Limits,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_entries: 100_000,
            max_entry_bytes: 2 * 1024 * 1024 * 1024,
            max_total_bytes: 16 * 1024 * 1024 * 1024,
            max_compression_ratio: 200,
            ratio_threshold_bytes: 1024 * 1024,
            max_xml_bytes: 64 * 1024 * 1024,
            xml: lti_core::xml::Limits::default(),
        }
    }
}

/// Why a package (or one of its entries) cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PackageError {
    /// Not a readable zip.
    #[error("not a readable zip archive: {detail}")]
    NotAZip {
        /// What the zip reader said.
        detail: String,
    },
    /// Too many entries.
    #[error("the archive has {count} entries, more than the limit of {max}")]
    TooManyEntries {
        /// Entries in the archive.
        count: u64,
        /// The limit.
        max: usize,
    },
    /// An entry is too large.
    #[error("entry {entry:?} is {size} bytes uncompressed, more than the limit of {max}")]
    EntryTooLarge {
        /// The entry.
        entry: String,
        /// Its size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// The entries together are too large.
    #[error("the entries total {total} bytes uncompressed, more than the limit of {max}")]
    TotalTooLarge {
        /// The total so far.
        total: u64,
        /// The limit.
        max: u64,
    },
    /// An entry compresses suspiciously well (a zip bomb).
    #[error(
        "entry {entry:?} expands {size} bytes from {compressed} (ratio over {max}): refused as a possible zip bomb"
    )]
    CompressionRatio {
        /// The entry.
        entry: String,
        /// Uncompressed size.
        size: u64,
        /// Compressed size.
        compressed: u64,
        /// The limit.
        max: u64,
    },
    /// An entry name is absolute.
    #[error("entry {entry:?} has an absolute path: refused (zip slip)")]
    AbsolutePath {
        /// The entry.
        entry: String,
    },
    /// An entry name climbs with `..`.
    #[error("entry {entry:?} contains a `..` segment: refused (zip slip)")]
    ParentPath {
        /// The entry.
        entry: String,
    },
    /// An entry is a symbolic link.
    #[error("entry {entry:?} is a symbolic link: refused")]
    Symlink {
        /// The entry.
        entry: String,
    },
    /// An entry could not be read or decompressed.
    #[error("entry {entry:?} cannot be read: {detail}")]
    EntryUnreadable {
        /// The entry.
        entry: String,
        /// Why.
        detail: String,
    },
    /// An entry decompresses to more than it declares.
    #[error("entry {entry:?} decompresses to more than its declared {declared} bytes")]
    SizeMismatch {
        /// The entry.
        entry: String,
        /// The declared size.
        declared: u64,
    },
    /// No such file in the package.
    #[error("{entry:?} is not in the package")]
    NotFound {
        /// The path.
        entry: String,
    },
}

impl PackageError {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotAZip { .. } => codes::PACKAGE_NOT_A_ZIP,
            Self::TooManyEntries { .. } => codes::PACKAGE_TOO_MANY_ENTRIES,
            Self::EntryTooLarge { .. } => codes::PACKAGE_ENTRY_TOO_LARGE,
            Self::TotalTooLarge { .. } => codes::PACKAGE_TOTAL_TOO_LARGE,
            Self::CompressionRatio { .. } => codes::PACKAGE_COMPRESSION_RATIO,
            Self::AbsolutePath { .. } => codes::PACKAGE_ABSOLUTE_PATH,
            Self::ParentPath { .. } => codes::PACKAGE_PARENT_PATH,
            Self::Symlink { .. } => codes::PACKAGE_SYMLINK,
            Self::EntryUnreadable { .. } => codes::PACKAGE_ENTRY_UNREADABLE,
            Self::SizeMismatch { .. } => codes::PACKAGE_SIZE_MISMATCH,
            Self::NotFound { .. } => codes::PACKAGE_MISSING_FILE,
        }
    }

    /// The entry the error is about.
    pub fn entry(&self) -> Option<&str> {
        match self {
            Self::EntryTooLarge { entry, .. }
            | Self::CompressionRatio { entry, .. }
            | Self::AbsolutePath { entry }
            | Self::ParentPath { entry }
            | Self::Symlink { entry }
            | Self::EntryUnreadable { entry, .. }
            | Self::SizeMismatch { entry, .. }
            | Self::NotFound { entry } => Some(entry),
            _ => None,
        }
    }

    /// This error as a problem, located at its entry.
    pub fn to_problem(&self) -> Problem {
        let p = Problem::error(self.code(), self.to_string());
        match self.entry() {
            Some(e) => p.at(Location::zip_entry(e)),
            None => p,
        }
    }
}

/// Access to a package's files, whatever holds them (a zip, a directory read by the caller,
/// memory). Paths are relative to the package root (the folder of `imsmanifest.xml`), with `/`
/// separators.
pub trait PackageSource {
    /// Whether the package holds a file at `path`.
    fn contains(&self, path: &str) -> bool;

    /// Every file path, sorted.
    fn paths(&self) -> Vec<&str>;

    /// Reads a whole file, refusing files larger than `max` bytes.
    fn read(&mut self, path: &str, max: u64) -> Result<Vec<u8>, PackageError>;

    /// The name to show in locations for `path` (the zip entry name, including any wrapping
    /// folder).
    fn entry_name(&self, path: &str) -> String {
        path.to_owned()
    }

    /// Problems found while opening the package (leniencies, remarks).
    fn open_problems(&self) -> &[Problem] {
        &[]
    }
}

/// An in-memory package (for tests, or callers that already hold the files).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MemoryPackage {
    /// Files by path.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl MemoryPackage {
    /// An empty package.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }
}

impl PackageSource for MemoryPackage {
    fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    fn paths(&self) -> Vec<&str> {
        self.files.keys().map(String::as_str).collect()
    }

    fn read(&mut self, path: &str, max: u64) -> Result<Vec<u8>, PackageError> {
        let b = self.files.get(path).ok_or_else(|| PackageError::NotFound {
            entry: path.to_owned(),
        })?;
        if b.len() as u64 > max {
            return Err(PackageError::EntryTooLarge {
                entry: path.to_owned(),
                size: b.len() as u64,
                max,
            });
        }
        Ok(b.clone())
    }
}

/// One entry of a zip package, from its central directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Entry {
    /// The path relative to the package root (wrapping folder removed, `\` read as `/`).
    pub path: String,
    /// The entry name as stored, when it differs from `path` (see [`Entry::name`]).
    #[serde(default, rename = "name", skip_serializing_if = "Option::is_none")]
    stored_name: Option<String>,
    /// Uncompressed size (declared).
    pub size: u64,
    /// Compressed size.
    pub compressed_size: u64,
    /// Index in the archive.
    #[serde(skip)]
    index: usize,
}

impl Entry {
    /// The entry name as stored in the archive (usually the same as [`Entry::path`]).
    pub fn name(&self) -> &str {
        self.stored_name.as_deref().unwrap_or(&self.path)
    }
}

/// A zip package opened safely (see the module documentation).
pub struct ZipPackage<R> {
    archive: zip::ZipArchive<R>,
    /// Sorted by path (stable: among equal paths, archive order).
    entries: Vec<Entry>,
    /// Path → index into `entries` (the last entry when paths repeat), hashing `entries`' own
    /// path strings.
    by_path: hashbrown::HashTable<usize>,
    hasher: foldhash::fast::RandomState,
    root: String,
    manifest: Option<String>,
    problems: Vec<Problem>,
    limits: Limits,
}

impl<R> std::fmt::Debug for ZipPackage<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZipPackage")
            .field("entries", &self.entries.len())
            .field("root", &self.root)
            .field("manifest", &self.manifest)
            .finish_non_exhaustive()
    }
}

/// Reads the entry count from the end-of-central-directory record (zip64 aware), without
/// parsing the central directory. `None` when the record cannot be found (the zip reader then
/// reports the archive as unreadable).
fn eocd_entry_count<R: Read + Seek>(r: &mut R) -> Option<u64> {
    let len = r.seek(SeekFrom::End(0)).ok()?;
    let tail_len = len.min(22 + 65_535);
    r.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = vec![0u8; usize::try_from(tail_len).ok()?];
    r.read_exact(&mut tail).ok()?;
    let search = tail.get(..tail.len().saturating_sub(18))?;
    let pos = search.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let count = u16::from_le_bytes([*tail.get(pos + 10)?, *tail.get(pos + 11)?]);
    if count != 0xFFFF {
        return Some(u64::from(count));
    }
    // Zip64: the locator is 20 bytes before the EOCD record.
    let loc = pos.checked_sub(20)?;
    if tail.get(loc..loc + 4) != Some(b"PK\x06\x07".as_slice()) {
        return Some(u64::from(count));
    }
    let off_bytes: [u8; 8] = tail.get(loc + 8..loc + 16)?.try_into().ok()?;
    let off = u64::from_le_bytes(off_bytes);
    r.seek(SeekFrom::Start(off)).ok()?;
    let mut rec = [0u8; 56];
    r.read_exact(&mut rec).ok()?;
    if &rec[..4] != b"PK\x06\x06" {
        return None;
    }
    let n: [u8; 8] = rec[32..40].try_into().ok()?;
    Some(u64::from_le_bytes(n))
}

fn is_absolute(name: &str) -> bool {
    let b = name.as_bytes();
    name.starts_with('/') || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

const NESTED_ARCHIVE_EXTENSIONS: [&str; 6] = [".zip", ".imscc", ".jar", ".gz", ".tgz", ".7z"];

impl<R: Read + Seek> ZipPackage<R> {
    /// Opens a zip. Refuses hostile archives (too many entries, zip slip, symlinks, bombs) with
    /// a [`PackageError`]; leniencies (a wrapping folder, backslashes) and remarks (nested
    /// archives) are kept as [`PackageSource::open_problems`]. `strict` turns the leniencies
    /// into errors.
    pub fn open(mut reader: R, limits: &Limits, strict: bool) -> Result<Self, PackageError> {
        if let Some(n) = eocd_entry_count(&mut reader)
            && n > limits.max_entries as u64
        {
            return Err(PackageError::TooManyEntries {
                count: n,
                max: limits.max_entries,
            });
        }
        reader
            .seek(SeekFrom::Start(0))
            .map_err(|e| PackageError::NotAZip {
                detail: e.to_string(),
            })?;
        let archive = zip::ZipArchive::new(reader).map_err(|e| PackageError::NotAZip {
            detail: e.to_string(),
        })?;
        if archive.len() > limits.max_entries {
            return Err(PackageError::TooManyEntries {
                count: archive.len() as u64,
                max: limits.max_entries,
            });
        }
        let lenient = if strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        let mut problems = Vec::new();
        if archive.has_duplicate_names() {
            problems.push(Problem::new(
                codes::PACKAGE_DUPLICATE_ENTRY,
                lenient,
                "the archive has two entries with the same name; the last one is used",
            ));
        }
        let mut entries = Vec::with_capacity(archive.len());
        let mut total: u64 = 0;
        let mut backslashes = 0usize;
        for i in 0..archive.len() {
            let data = archive
                .by_index_data(i)
                .map_err(|e| PackageError::NotAZip {
                    detail: e.to_string(),
                })?;
            // Borrowed from the archive: the stored name is copied only into an error, or
            // when the path differs from it.
            let name = match data.name() {
                Ok(n) => n,
                Err(_) => String::from_utf8_lossy(data.name_raw()),
            };
            let mut path = if name.as_bytes().contains(&b'\\') {
                backslashes += 1;
                name.replace('\\', "/")
            } else {
                name.to_string()
            };
            if is_absolute(&path) {
                return Err(PackageError::AbsolutePath {
                    entry: name.into_owned(),
                });
            }
            if path.contains("..") && path.split('/').any(|s| s == "..") {
                return Err(PackageError::ParentPath {
                    entry: name.into_owned(),
                });
            }
            if data.is_symlink() {
                return Err(PackageError::Symlink {
                    entry: name.into_owned(),
                });
            }
            if data.is_dir() || path.ends_with('/') {
                continue;
            }
            let size = data.size();
            let compressed = data.compressed_size();
            if size > limits.max_entry_bytes {
                return Err(PackageError::EntryTooLarge {
                    entry: name.into_owned(),
                    size,
                    max: limits.max_entry_bytes,
                });
            }
            if size > limits.ratio_threshold_bytes
                && (compressed == 0 || size / compressed > limits.max_compression_ratio)
            {
                return Err(PackageError::CompressionRatio {
                    entry: name.into_owned(),
                    size,
                    compressed,
                    max: limits.max_compression_ratio,
                });
            }
            total = total.saturating_add(size);
            if total > limits.max_total_bytes {
                return Err(PackageError::TotalTooLarge {
                    total,
                    max: limits.max_total_bytes,
                });
            }
            if data.encrypted() {
                problems.push(
                    Problem::error(
                        codes::PACKAGE_ENCRYPTED_ENTRY,
                        format!("entry {name:?} is encrypted and cannot be read"),
                    )
                    .at(Location::zip_entry(&*name)),
                );
                continue;
            }
            while let Some(rest) = path.strip_prefix("./") {
                path = rest.to_owned();
            }
            if path.starts_with("__MACOSX/") || path == ".DS_Store" || path.ends_with("/.DS_Store")
            {
                continue;
            }
            let extension = path.rfind('.').map_or("", |i| &path[i..]);
            if extension.len() <= 6
                && NESTED_ARCHIVE_EXTENSIONS
                    .iter()
                    .any(|x| extension.eq_ignore_ascii_case(x))
            {
                problems.push(
                    Problem::info(
                        codes::PACKAGE_NESTED_ARCHIVE,
                        "this entry is itself an archive; it is kept as a file and not opened",
                    )
                    .at(Location::zip_entry(&*name)),
                );
            }
            entries.push(Entry {
                stored_name: (name != path).then(|| name.into_owned()),
                path,
                size,
                compressed_size: compressed,
                index: i,
            });
        }
        if backslashes > 0 {
            problems.push(Problem::new(
                codes::PACKAGE_BACKSLASH,
                lenient,
                format!("{backslashes} entry name(s) use backslashes as separators; they were read as `/`"),
            ));
        }
        // Find the manifest: at the root, or under exactly one wrapping folder.
        let mut root = String::new();
        let mut manifest = None;
        if entries.iter().any(|e| e.path == MANIFEST) {
            manifest = Some(MANIFEST.to_owned());
        } else {
            let candidates: Vec<&Entry> = entries
                .iter()
                .filter(|e| {
                    e.path.matches('/').count() == 1 && e.path.ends_with(&format!("/{MANIFEST}"))
                })
                .collect();
            if let [only] = candidates.as_slice() {
                let folder = only.path.trim_end_matches(MANIFEST).to_owned();
                if entries.iter().all(|e| e.path.starts_with(&folder)) {
                    problems.push(
                        Problem::new(
                            codes::PACKAGE_MANIFEST_IN_FOLDER,
                            lenient,
                            format!("imsmanifest.xml is inside the folder {folder:?}, not at the root of the archive; the folder is read as the package root"),
                        )
                        .at(Location::zip_entry(only.name()))
                        .spec("CC 1.1 Implementation 2.2 (package)"),
                    );
                    root = folder;
                    manifest = Some(MANIFEST.to_owned());
                }
            }
        }
        if !root.is_empty() {
            for e in &mut entries {
                let path = e.path[root.len()..].to_owned();
                let name = std::mem::replace(&mut e.path, path);
                e.stored_name.get_or_insert(name);
            }
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let hasher = foldhash::fast::RandomState::default();
        let mut by_path = hashbrown::HashTable::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let hash = hasher.hash_one(e.path.as_str());
            match by_path.entry(
                hash,
                |&j: &usize| entries[j].path == e.path,
                |&j: &usize| hasher.hash_one(entries[j].path.as_str()),
            ) {
                hashbrown::hash_table::Entry::Occupied(mut o) => *o.get_mut() = i,
                hashbrown::hash_table::Entry::Vacant(v) => {
                    v.insert(i);
                }
            }
        }
        Ok(Self {
            archive,
            entries,
            by_path,
            hasher,
            root,
            manifest,
            problems,
            limits: limits.clone(),
        })
    }

    /// The entries (files only), sorted by path.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The path of the manifest, when found.
    pub fn manifest_path(&self) -> Option<&str> {
        self.manifest.as_deref()
    }

    /// The wrapping folder (empty when the manifest is at the root).
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The total declared uncompressed size of the files.
    pub fn total_size(&self) -> u64 {
        self.entries.iter().map(|e| e.size).sum()
    }

    /// The entry at `path`; when several have that path, the last in archive order.
    fn find(&self, path: &str) -> Option<&Entry> {
        let hash = self.hasher.hash_one(path);
        self.by_path
            .find(hash, |&i| self.entries[i].path == path)
            .and_then(|&i| self.entries.get(i))
    }

    fn entry(&self, path: &str) -> Result<&Entry, PackageError> {
        self.find(path).ok_or_else(|| PackageError::NotFound {
            entry: path.to_owned(),
        })
    }

    /// Opens an entry for streaming. The reader fails (instead of reading on) when the entry
    /// decompresses to more than its declared size.
    pub fn open_entry(&mut self, path: &str) -> Result<EntryReader<'_, R>, PackageError> {
        let (index, name, declared) = {
            let e = self.entry(path)?;
            (e.index, e.name().to_owned(), e.size)
        };
        if declared > self.limits.max_entry_bytes {
            return Err(PackageError::EntryTooLarge {
                entry: name,
                size: declared,
                max: self.limits.max_entry_bytes,
            });
        }
        let file = self
            .archive
            .by_index(index)
            .map_err(|e| PackageError::EntryUnreadable {
                entry: name.clone(),
                detail: e.to_string(),
            })?;
        Ok(EntryReader {
            inner: file,
            name,
            declared,
            read: 0,
        })
    }
}

/// A streaming reader over one zip entry, capped at its declared size.
pub struct EntryReader<'a, R: Read> {
    inner: zip::read::ZipFile<'a, R>,
    name: String,
    declared: u64,
    read: u64,
}

impl<R: Read> std::fmt::Debug for EntryReader<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntryReader")
            .field("name", &self.name)
            .field("declared", &self.declared)
            .field("read", &self.read)
            .finish_non_exhaustive()
    }
}

impl<R: Read> Read for EntryReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.declared {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                PackageError::SizeMismatch {
                    entry: self.name.clone(),
                    declared: self.declared,
                },
            ));
        }
        Ok(n)
    }
}

impl<R: Read + Seek> PackageSource for ZipPackage<R> {
    fn contains(&self, path: &str) -> bool {
        self.find(path).is_some()
    }

    fn paths(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.path.as_str()).collect()
    }

    fn read(&mut self, path: &str, max: u64) -> Result<Vec<u8>, PackageError> {
        let (name, declared) = {
            let e = self.entry(path)?;
            (e.name().to_owned(), e.size)
        };
        if declared > max {
            return Err(PackageError::EntryTooLarge {
                entry: name,
                size: declared,
                max,
            });
        }
        let mut r = self.open_entry(path)?;
        let mut buf = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
        r.read_to_end(&mut buf).map_err(|e| {
            match e.get_ref().and_then(|x| x.downcast_ref::<PackageError>()) {
                Some(p) => p.clone(),
                None => PackageError::EntryUnreadable {
                    entry: name.clone(),
                    detail: e.to_string(),
                },
            }
        })?;
        Ok(buf)
    }

    fn entry_name(&self, path: &str) -> String {
        self.entry(path)
            .map_or_else(|_| format!("{}{path}", self.root), |e| e.name().to_owned())
    }

    fn open_problems(&self) -> &[Problem] {
        &self.problems
    }
}

/// How a path found in a manifest or descriptor matches the package's files.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Lookup {
    /// Found as written.
    Found,
    /// Found after percent-decoding (`a%20b.pdf` → `a b.pdf`).
    FoundDecoded,
    /// Found only with different letter case (fails on case-sensitive systems).
    CaseMismatch(String),
    /// Not found.
    Missing,
}

/// A lower-cased index of a package's paths, built on the first miss only.
#[derive(Debug, Default)]
pub struct CaseIndex {
    sorted: Option<Vec<(String, String)>>,
}

impl CaseIndex {
    /// An index not built yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn get(&mut self, source: &dyn PackageSource, lower: &str) -> Option<String> {
        let sorted = self.sorted.get_or_insert_with(|| {
            let mut v: Vec<(String, String)> = source
                .paths()
                .into_iter()
                .map(|p| (p.to_lowercase(), p.to_owned()))
                .collect();
            v.sort();
            v
        });
        let i = sorted.partition_point(|(k, _)| k.as_str() < lower);
        sorted
            .get(i)
            .filter(|(k, _)| k == lower)
            .map(|(_, p)| p.clone())
    }
}

/// Looks `path` up in a package, tolerating percent-encoding; reports case-only matches.
pub fn lookup(source: &dyn PackageSource, case: &mut CaseIndex, path: &str) -> Lookup {
    if source.contains(path) {
        return Lookup::Found;
    }
    let decoded = crate::filebase::percent_decode(path);
    if decoded != path && source.contains(&decoded) {
        return Lookup::FoundDecoded;
    }
    match case.get(source, &decoded.to_lowercase()) {
        Some(p) => Lookup::CaseMismatch(p),
        None => Lookup::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert!(is_absolute("/etc/passwd"));
        assert!(is_absolute("C:/x"));
        assert!(!is_absolute("a/b"));
        let mut m = MemoryPackage::new();
        m.insert("a b.pdf", b"x".to_vec());
        m.insert("Img.PNG", b"y".to_vec());
        assert_eq!(m.paths(), ["Img.PNG", "a b.pdf"]);
        let mut lower = CaseIndex::new();
        assert_eq!(lookup(&m, &mut lower, "a b.pdf"), Lookup::Found);
        assert_eq!(lookup(&m, &mut lower, "a%20b.pdf"), Lookup::FoundDecoded);
        assert_eq!(
            lookup(&m, &mut lower, "img.png"),
            Lookup::CaseMismatch("Img.PNG".into())
        );
        assert_eq!(lookup(&m, &mut lower, "none"), Lookup::Missing);
        assert!(matches!(
            m.read("a b.pdf", 0),
            Err(PackageError::EntryTooLarge { .. })
        ));
        assert!(matches!(
            m.read("zz", 10),
            Err(PackageError::NotFound { .. })
        ));
        assert_eq!(m.read("a b.pdf", 10).expect("read"), b"x");
        assert_eq!(m.entry_name("x"), "x");
        assert!(m.open_problems().is_empty());
        let e = PackageError::Symlink { entry: "l".into() };
        assert_eq!(e.code(), codes::PACKAGE_SYMLINK);
        assert!(matches!(e.to_problem().location, Location::Zip { .. }));
        let e = PackageError::TooManyEntries { count: 5, max: 1 };
        assert!(e.to_problem().location.is_unknown());
        assert!(e.entry().is_none());
    }
}
