//! Writing cartridges: a manifest, typed descriptors and caller-supplied file contents into a
//! zip, deterministically (same input, same bytes: fixed timestamps and permissions, the
//! manifest first, every other file in path order).
//!
//! No I/O: the caller hands over a `Write + Seek` for the archive and a [`FileSource`] that
//! streams the content files (from memory, from another zip, or — in the `ims` command — from a
//! directory).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Seek, Write};

use lti_core::Problem;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::codes;
use crate::descriptor::Descriptor;
use crate::manifest::CartridgeManifest;
use crate::package::{MANIFEST, MemoryPackage, PackageSource, ZipPackage};
use crate::validate::file_path;

/// Where the content files of a cartridge being written come from.
pub trait FileSource {
    /// The paths of every file to include (relative to the package root, `/` separators).
    fn paths(&self) -> Vec<String>;

    /// The size of a file, when known (files over 4 GiB need zip64 headers).
    fn size(&self, path: &str) -> Option<u64>;

    /// Streams a file's bytes into `out`; returns the number of bytes written.
    fn copy_to(&mut self, path: &str, out: &mut dyn Write) -> io::Result<u64>;
}

impl FileSource for MemoryPackage {
    fn paths(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }

    fn size(&self, path: &str) -> Option<u64> {
        self.files.get(path).map(|b| b.len() as u64)
    }

    fn copy_to(&mut self, path: &str, out: &mut dyn Write) -> io::Result<u64> {
        let b = self
            .files
            .get(path)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, path.to_owned()))?;
        out.write_all(b)?;
        Ok(b.len() as u64)
    }
}

impl<R: Read + Seek> FileSource for ZipPackage<R> {
    fn paths(&self) -> Vec<String> {
        PackageSource::paths(self)
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    fn size(&self, path: &str) -> Option<u64> {
        self.entries()
            .iter()
            .find(|e| e.path == path)
            .map(|e| e.size)
    }

    fn copy_to(&mut self, path: &str, out: &mut dyn Write) -> io::Result<u64> {
        let mut r = self
            .open_entry(path)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        io::copy(&mut r, out)
    }
}

/// No files: a cartridge made of its manifest and descriptors only (Thin cartridges).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl FileSource for NoFiles {
    fn paths(&self) -> Vec<String> {
        Vec::new()
    }

    fn size(&self, _: &str) -> Option<u64> {
        None
    }

    fn copy_to(&mut self, path: &str, _: &mut dyn Write) -> io::Result<u64> {
        Err(io::Error::new(io::ErrorKind::NotFound, path.to_owned()))
    }
}

/// How to compress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Compression {
    /// Deflate at the given level (0–9).
    Deflate(u8),
    /// No compression.
    Store,
}

/// Options for writing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(default)]
pub struct WriteOptions {
    /// Compression. Default deflate level 6.
    pub compression: Compression,
    /// Files ending with these extensions are stored, not deflated (already compressed media).
    /// Default: common image, audio, video and archive formats.
    pub store_extensions: Vec<String>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        Self {
            compression: Compression::Deflate(6),
            store_extensions: [
                "jpg", "jpeg", "png", "gif", "webp", "mp3", "mp4", "m4a", "mov", "zip", "gz",
                "pdf", "docx", "pptx", "xlsx",
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        }
    }
}

/// Why a cartridge could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The zip writer failed.
    #[error("zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Writing or reading a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: io::Error,
    },
    /// A path is not a relative path inside the package.
    #[error("{path:?} is not a relative path inside the package")]
    InvalidPath {
        /// The path.
        path: String,
    },
}

impl WriteError {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidPath { .. } => codes::FILE_HREF_INVALID,
            _ => codes::PACKAGE_ENTRY_UNREADABLE,
        }
    }

    /// This error as a problem.
    pub fn to_problem(&self) -> Problem {
        Problem::error(self.code(), self.to_string())
    }
}

fn valid_path(p: &str) -> bool {
    !(p.is_empty()
        || p.starts_with('/')
        || p.contains('\\')
        || p.split('/').any(|s| s == ".." || s == "." || s.is_empty())
        || p.as_bytes().get(1) == Some(&b':'))
}

/// The descriptor files a cartridge writes from typed descriptors: path → XML.
pub fn descriptor_files(
    manifest: &CartridgeManifest,
    descriptors: &BTreeMap<String, Descriptor>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for r in &manifest.resources {
        if r.inline_descriptor.is_some() {
            continue;
        }
        let (Some(d), Some(href)) = (descriptors.get(&r.identifier), r.descriptor_href()) else {
            continue;
        };
        out.insert(
            file_path(manifest, r, href),
            d.to_xml(manifest.version.version),
        );
    }
    out
}

/// Writes a cartridge: `imsmanifest.xml` from `manifest`, one descriptor file per typed
/// descriptor (at its resource's first file), then every file of `files` not already written,
/// in path order. Same input, same bytes.
pub fn write_cartridge<W: Write + Seek>(
    out: W,
    manifest: &CartridgeManifest,
    descriptors: &BTreeMap<String, Descriptor>,
    files: &mut dyn FileSource,
    opts: &WriteOptions,
) -> Result<W, WriteError> {
    let mut zip = ZipWriter::new(out);
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .system(zip::System::Unix);
    let deflate = match opts.compression {
        Compression::Deflate(l) => base
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(i64::from(l.min(9)))),
        Compression::Store => base.compression_method(CompressionMethod::Stored),
    };
    let stored = base.compression_method(CompressionMethod::Stored);
    let choose = |path: &str, size: Option<u64>| {
        let lower = path.to_ascii_lowercase();
        let store = opts
            .store_extensions
            .iter()
            .any(|x| lower.rsplit('.').next() == Some(x.as_str()));
        let o = if store { stored } else { deflate };
        o.large_file(size.is_some_and(|s| s >= u64::from(u32::MAX)))
    };
    let xml = manifest.to_xml();
    zip.start_file(MANIFEST, choose(MANIFEST, None))?;
    zip.write_all(xml.as_bytes()).map_err(|e| WriteError::Io {
        path: MANIFEST.to_owned(),
        source: e,
    })?;
    let generated = descriptor_files(manifest, descriptors);
    let mut all: BTreeSet<String> = generated.keys().cloned().collect();
    all.extend(files.paths());
    all.remove(MANIFEST);
    for path in all {
        if !valid_path(&path) {
            return Err(WriteError::InvalidPath { path });
        }
        if let Some(x) = generated.get(&path) {
            zip.start_file(path.as_str(), choose(&path, None))?;
            zip.write_all(x.as_bytes())
                .map_err(|e| WriteError::Io { path, source: e })?;
        } else {
            zip.start_file(path.as_str(), choose(&path, files.size(&path)))?;
            files
                .copy_to(&path, &mut zip)
                .map_err(|e| WriteError::Io { path, source: e })?;
        }
    }
    Ok(zip.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked() {
        assert!(valid_path("a/b.html"));
        for bad in ["", "/a", "a/../b", "./a", "a//b", "C:/x", "a\\b"] {
            assert!(!valid_path(bad), "{bad}");
        }
        let e = WriteError::InvalidPath { path: "/x".into() };
        assert_eq!(e.code(), codes::FILE_HREF_INVALID);
        assert!(e.to_problem().is_error());
        assert!(NoFiles.paths().is_empty() && NoFiles.size("x").is_none());
        assert!(NoFiles.copy_to("x", &mut Vec::new()).is_err());
    }
}
