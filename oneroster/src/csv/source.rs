//! Where a CSV set's files come from: named readers supplied by the caller.
//!
//! The library never opens files. A caller implements [`CsvSource`] (the `ims` command does so
//! for directories), or uses [`MemorySource`] (files in memory) or [`ZipSource`] (a zip archive
//! over any `Read + Seek`, with size, count and compression-ratio limits).

use std::io::{self, Read, Seek};

use crate::codes;
use crate::limits::Limits;

/// Why a file of a set could not be opened or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// No entry has that name.
    #[error("{name}: no such file in the set")]
    NotFound {
        /// The requested name.
        name: String,
    },
    /// Reading failed.
    #[error("{name}: {message}")]
    Io {
        /// The entry.
        name: String,
        /// What went wrong.
        message: String,
    },
    /// The archive is not a readable zip.
    #[error("not a readable zip archive: {message}")]
    Zip {
        /// What went wrong.
        message: String,
    },
    /// A limit was exceeded.
    #[error("{name}: {message}")]
    Limit {
        /// The entry.
        name: String,
        /// Which limit.
        message: String,
    },
}

impl SourceError {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } | Self::Io { .. } => codes::FILE_UNREADABLE,
            Self::Zip { .. } => codes::ZIP_INVALID,
            Self::Limit { .. } => codes::ZIP_LIMIT,
        }
    }
}

/// A set of named files: the caller's side of reading a CSV set.
pub trait CsvSource {
    /// The names of every entry (paths relative to the set's root, `/`-separated).
    fn names(&self) -> Vec<String>;

    /// Opens one entry for streaming.
    fn open(&mut self, name: &str) -> Result<Box<dyn Read + '_>, SourceError>;
}

/// Files held in memory: `(name, bytes)` pairs.
#[derive(Debug, Clone, Default)]
pub struct MemorySource {
    files: Vec<(String, Vec<u8>)>,
}

impl MemorySource {
    /// An empty source.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a file.
    pub fn insert(&mut self, name: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let name = name.into();
        let bytes = bytes.into();
        if let Some(slot) = self.files.iter_mut().find(|(n, _)| *n == name) {
            slot.1 = bytes;
        } else {
            self.files.push((name, bytes));
        }
    }

    /// Builder form of [`MemorySource::insert`].
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        self.insert(name, bytes);
        self
    }

    /// The files.
    pub fn files(&self) -> &[(String, Vec<u8>)] {
        &self.files
    }

    /// Removes a file.
    pub fn remove(&mut self, name: &str) {
        self.files.retain(|(n, _)| n != name);
    }
}

impl CsvSource for MemorySource {
    fn names(&self) -> Vec<String> {
        self.files.iter().map(|(n, _)| n.clone()).collect()
    }

    fn open(&mut self, name: &str) -> Result<Box<dyn Read + '_>, SourceError> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| Box::new(b.as_slice()) as Box<dyn Read + '_>)
            .ok_or_else(|| SourceError::NotFound {
                name: name.to_owned(),
            })
    }
}

/// A zipped CSV set read from any `Read + Seek` (a file, a `Cursor` over bytes).
///
/// Entries are decompressed while they are read, never in whole; an entry that grows past
/// [`Limits::max_zip_entry_bytes`] or past [`Limits::max_zip_ratio`] times its compressed size
/// stops with an error.
pub struct ZipSource<R: Read + Seek> {
    archive: zip::ZipArchive<R>,
    limits: Limits,
}

impl<R: Read + Seek> std::fmt::Debug for ZipSource<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZipSource")
            .field("entries", &self.archive.len())
            .finish()
    }
}

impl<R: Read + Seek> ZipSource<R> {
    /// Opens the archive (reads its central directory).
    pub fn new(reader: R, limits: Limits) -> Result<Self, SourceError> {
        let archive = zip::ZipArchive::new(reader).map_err(|e| SourceError::Zip {
            message: e.to_string(),
        })?;
        if archive.len() > limits.max_zip_entries {
            return Err(SourceError::Limit {
                name: "(archive)".to_owned(),
                message: format!(
                    "{} entries, more than the limit of {}",
                    archive.len(),
                    limits.max_zip_entries
                ),
            });
        }
        // Two entries with one name: the zip reader would silently pick one of them, so the
        // set is refused rather than read from an entry chosen behind the caller's back.
        if archive.has_duplicate_names() {
            return Err(SourceError::Zip {
                message: "the archive has two entries with the same name".to_owned(),
            });
        }
        Ok(Self { archive, limits })
    }
}

impl<R: Read + Seek> CsvSource for ZipSource<R> {
    fn names(&self) -> Vec<String> {
        self.archive
            .file_names()
            .filter_map(Result::ok)
            .filter(|n| !n.ends_with('/'))
            .map(std::borrow::Cow::into_owned)
            .collect()
    }

    fn open(&mut self, name: &str) -> Result<Box<dyn Read + '_>, SourceError> {
        let limits = self.limits;
        let file = self.archive.by_name(name).map_err(|e| match e {
            zip::result::ZipError::FileNotFound => SourceError::NotFound {
                name: name.to_owned(),
            },
            other => SourceError::Io {
                name: name.to_owned(),
                message: other.to_string(),
            },
        })?;
        if file.is_symlink() {
            return Err(SourceError::Zip {
                message: format!(
                    "{name} is a symbolic link entry: refused (links are never followed or read)"
                ),
            });
        }
        let compressed = file.compressed_size().max(1);
        let declared = file.size();
        let cap = limits
            .max_zip_entry_bytes
            .min(compressed.saturating_mul(limits.max_zip_ratio).max(4096));
        if declared > cap {
            return Err(SourceError::Limit {
                name: name.to_owned(),
                message: format!(
                    "declares {declared} bytes uncompressed ({compressed} compressed), over the size or ratio limit"
                ),
            });
        }
        Ok(Box::new(LimitedReader {
            inner: file,
            remaining: cap,
            name: name.to_owned(),
        }))
    }
}

/// A reader that fails once more than `remaining` bytes have been read.
struct LimitedReader<R> {
    inner: R,
    remaining: u64,
    name: String,
}

impl<R: Read> Read for LimitedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let n64 = n as u64;
        if n64 > self.remaining {
            return Err(io::Error::other(format!(
                "{}: uncompressed data exceeds the size or compression-ratio limit",
                self.name
            )));
        }
        self.remaining -= n64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (n, b) in entries {
                w.start_file(*n, opts).unwrap();
                w.write_all(b).unwrap();
            }
            w.finish().unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn memory_source() {
        let mut s = MemorySource::new().with("a.csv", "x").with("a.csv", "y");
        assert_eq!(s.names(), ["a.csv"]);
        let mut buf = String::new();
        s.open("a.csv").unwrap().read_to_string(&mut buf).unwrap();
        assert_eq!(buf, "y");
        let err = s.open("b.csv").err().unwrap();
        assert_eq!(err.code(), codes::FILE_UNREADABLE);
        s.remove("a.csv");
        assert!(s.files().is_empty());
    }

    #[test]
    fn zip_source_reads_and_limits() {
        let big = vec![b'a'; 200_000];
        let bytes = zip_bytes(&[("manifest.csv", b"propertyName,value\n"), ("big.csv", &big)]);
        let mut z = ZipSource::new(io::Cursor::new(bytes.clone()), Limits::default()).unwrap();
        assert_eq!(z.names().len(), 2);
        let mut s = String::new();
        z.open("manifest.csv")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert!(s.starts_with("propertyName"));
        assert!(z.open("nope.csv").is_err());
        let limits = Limits {
            max_zip_ratio: 2,
            ..Limits::default()
        };
        let mut z = ZipSource::new(io::Cursor::new(bytes), limits).unwrap();
        let err = z.open("big.csv").err().unwrap();
        assert_eq!(err.code(), codes::ZIP_LIMIT);
        let err = ZipSource::new(io::Cursor::new(b"not a zip".to_vec()), Limits::default())
            .err()
            .unwrap();
        assert_eq!(err.code(), codes::ZIP_INVALID);
        assert!(err.to_string().contains("zip"));
    }

    /// Found by the hostile-input suite: a symbolic-link entry named `users.csv` was read as
    /// the file (its target path became the CSV text), and of two entries with one name the zip
    /// reader silently picked one.
    #[test]
    fn hostile_regression_symlinks_and_duplicate_names_are_refused() {
        let mut w = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
        w.add_symlink(
            "users.csv",
            "/etc/passwd",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        let bytes = w.finish().unwrap().into_inner();
        let mut z = ZipSource::new(io::Cursor::new(bytes), Limits::default()).unwrap();
        let err = z.open("users.csv").err().unwrap();
        assert_eq!(err.code(), codes::ZIP_INVALID);
        assert!(err.to_string().contains("symbolic link"), "{err}");

        let mut bytes = zip_bytes(&[("users.csv", b"a"), ("users.csX", b"b")]);
        // Rename the second entry in place (local header and central directory alike).
        let mut i = 0;
        while i + 9 <= bytes.len() {
            if &bytes[i..i + 9] == b"users.csX" {
                bytes[i + 8] = b'v';
            }
            i += 1;
        }
        let err = ZipSource::new(io::Cursor::new(bytes), Limits::default())
            .err()
            .unwrap();
        assert_eq!(err.code(), codes::ZIP_INVALID);
        assert!(err.to_string().contains("same name"), "{err}");
    }
}
