//! manifest.csv: the set's versions, each file's processing mode and the source system
//! (CSV binding 1.2 §3.1).

use std::io::Read;

use lti_core::{Location, Problem, Report};
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::csv::files::FileKind;
use crate::model::Version;
use crate::vocab::ProcessingMode;

/// The content of manifest.csv.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Manifest {
    /// `manifest.version` as written (`1.0`).
    pub manifest_version: Option<String>,
    /// `oneroster.version` as written (`1.1`, `1.2`).
    pub oneroster_version: Option<String>,
    /// The data-model version, when `oneroster.version` is one this crate reads.
    pub version: Option<Version>,
    /// `file.*` properties in the order given.
    pub files: Vec<(FileKind, ProcessingMode)>,
    /// `source.systemName`.
    pub source_system_name: Option<String>,
    /// `source.systemCode`.
    pub source_system_code: Option<String>,
    /// Other properties, kept as given.
    pub extra: Vec<(String, String)>,
}

impl Manifest {
    /// A manifest for `version` with every file absent.
    pub fn new(version: Version) -> Self {
        Self {
            manifest_version: Some("1.0".to_owned()),
            oneroster_version: Some(version.as_str().to_owned()),
            version: Some(version),
            files: FileKind::all_in(version)
                .map(|k| (k, ProcessingMode::Absent))
                .collect(),
            source_system_name: None,
            source_system_code: None,
            extra: Vec::new(),
        }
    }

    /// The declared mode of a file, if the manifest lists it.
    pub fn mode(&self, kind: FileKind) -> Option<&ProcessingMode> {
        self.files.iter().find(|(k, _)| *k == kind).map(|(_, m)| m)
    }

    /// Sets the mode of a file.
    pub fn set_mode(&mut self, kind: FileKind, mode: ProcessingMode) {
        if let Some(slot) = self.files.iter_mut().find(|(k, _)| *k == kind) {
            slot.1 = mode;
        } else {
            self.files.push((kind, mode));
        }
    }

    /// Reads manifest.csv, reporting problems under the name `file`.
    ///
    /// Returns `None` only when nothing usable could be read.
    pub fn read(reader: impl Read, file: &str, report: &mut Report) -> Option<Self> {
        // A manifest row is a property name and a short value: 1 MiB bounds the memory a line
        // without an end (or an unclosed quote) can take.
        let mut rdr = super::rfc4180::RecordReader::new(reader, 1024 * 1024);
        rdr.max_fields = super::rfc4180::MAX_FIELDS;
        let loc = |row: u64, col: Option<&str>| Location::csv(file, row, col);
        match rdr.next_record() {
            Ok(Some(rec)) => {
                let h0 = String::from_utf8_lossy(rec.get(0).unwrap_or_default());
                let h0 = h0.trim_start_matches('\u{feff}');
                let h1 = String::from_utf8_lossy(rec.get(1).unwrap_or_default());
                if rec.len() != 2 || h0 != "propertyName" || h1 != "value" {
                    report.push(
                        Problem::error(
                            codes::MANIFEST_HEADER,
                            format!(
                                "the header must be exactly `propertyName,value`, found `{}`",
                                rec.iter()
                                    .map(String::from_utf8_lossy)
                                    .collect::<Vec<_>>()
                                    .join(",")
                            ),
                        )
                        .at(loc(1, None))
                        .spec("OneRoster CSV 1.2 §3.1"),
                    );
                }
            }
            Ok(None) => {
                report.push(
                    Problem::error(codes::FILE_EMPTY, "manifest.csv is empty").at(loc(0, None)),
                );
                return None;
            }
            Err(e) => {
                report.push(
                    Problem::error(codes::CSV_SYNTAX, format!("cannot read manifest.csv: {e}"))
                        .at(loc(0, None)),
                );
                return None;
            }
        }
        let mut m = Self {
            manifest_version: None,
            oneroster_version: None,
            version: None,
            files: Vec::new(),
            source_system_name: None,
            source_system_code: None,
            extra: Vec::new(),
        };
        let mut seen: Vec<String> = Vec::new();
        let mut row = 1u64;
        loop {
            let rec = match rdr.next_record() {
                Ok(Some(rec)) => rec,
                Ok(None) => break,
                Err(e) => {
                    report.push(
                        Problem::error(codes::CSV_SYNTAX, format!("cannot read manifest.csv: {e}"))
                            .at(loc(row + 1, None)),
                    );
                    break;
                }
            };
            row += 1;
            if rec.len() != 2 {
                report.push(
                    Problem::error(
                        codes::CSV_FIELD_COUNT,
                        format!("a manifest row has {} fields instead of 2", rec.len()),
                    )
                    .at(loc(row, None)),
                );
            }
            let key = String::from_utf8_lossy(rec.get(0).unwrap_or_default())
                .trim()
                .to_owned();
            let value = String::from_utf8_lossy(rec.get(1).unwrap_or_default())
                .trim()
                .to_owned();
            if key.is_empty() && value.is_empty() {
                continue;
            }
            if seen.contains(&key) {
                report.push(
                    Problem::error(
                        codes::MANIFEST_DUPLICATE_PROPERTY,
                        format!("`{key}` is listed twice; the first value is used"),
                    )
                    .at(loc(row, Some("propertyName"))),
                );
                continue;
            }
            seen.push(key.clone());
            match key.as_str() {
                "manifest.version" => {
                    match value.as_str() {
                        "1.0" => {}
                        "1" => report.push(
                            Problem::warning(
                                codes::MANIFEST_VERSION_FORM,
                                "manifest.version is `1`; the binding writes `1.0` (read as 1.0)",
                            )
                            .at(loc(row, Some("value")))
                            .spec("OneRoster CSV 1.2 §3.1"),
                        ),
                        other => report.push(
                            Problem::error(
                                codes::MANIFEST_VERSION,
                                format!("manifest.version is `{other}`; it must be `1.0`"),
                            )
                            .at(loc(row, Some("value"))),
                        ),
                    }
                    m.manifest_version = Some(value);
                }
                "oneroster.version" => {
                    m.version = Version::parse(&value);
                    if m.version.is_none() {
                        report.push(
                            Problem::error(
                                codes::MANIFEST_ONEROSTER_VERSION,
                                format!(
                                    "oneroster.version is `{value}`; this reader knows 1.1 and 1.2"
                                ),
                            )
                            .at(loc(row, Some("value"))),
                        );
                    }
                    m.oneroster_version = Some(value);
                }
                "source.systemName" => m.source_system_name = Some(value),
                "source.systemCode" => m.source_system_code = Some(value),
                k => {
                    let kind = k.strip_prefix("file.").and_then(|stem| {
                        FileKind::ALL
                            .into_iter()
                            .find(|f| f.stem() == stem)
                            .or_else(|| {
                                FileKind::ALL
                                    .into_iter()
                                    .find(|f| f.stem().eq_ignore_ascii_case(stem))
                            })
                    });
                    match kind {
                        Some(kind) => {
                            if kind.stem() != &k[5..] {
                                report.push(
                                    Problem::warning(
                                        codes::FILE_NAME_CASE,
                                        format!(
                                            "`{k}` should be `{}` (names are case-sensitive)",
                                            kind.manifest_key()
                                        ),
                                    )
                                    .at(loc(row, Some("propertyName"))),
                                );
                            }
                            let mode = match value.as_str() {
                                "absent" => ProcessingMode::Absent,
                                "bulk" => ProcessingMode::Bulk,
                                "delta" => ProcessingMode::Delta,
                                v => {
                                    let lower = v.to_ascii_lowercase();
                                    let mode = ProcessingMode::from_token(&lower);
                                    if mode.is_known() {
                                        report.push(
                                            Problem::warning(
                                                codes::VALUE_CASE,
                                                format!("`{v}` should be `{lower}`"),
                                            )
                                            .at(loc(row, Some("value"))),
                                        );
                                        mode
                                    } else {
                                        report.push(
                                            Problem::error(
                                                codes::MANIFEST_MODE,
                                                format!(
                                                    "`{k}` is `{v}`; it must be absent, bulk or delta (taken as absent)"
                                                ),
                                            )
                                            .at(loc(row, Some("value"))),
                                        );
                                        ProcessingMode::Absent
                                    }
                                }
                            };
                            m.files.push((kind, mode));
                        }
                        None => {
                            report.push(
                                Problem::warning(
                                    codes::MANIFEST_UNKNOWN_PROPERTY,
                                    format!("`{k}` is not a manifest property of the binding"),
                                )
                                .at(loc(row, Some("propertyName"))),
                            );
                            m.extra.push((key, value));
                        }
                    }
                }
            }
        }
        if m.manifest_version.is_none() {
            report.push(
                Problem::error(codes::MANIFEST_VERSION, "manifest.version is missing")
                    .at(loc(0, None)),
            );
        }
        if m.oneroster_version.is_none() {
            report.push(
                Problem::error(
                    codes::MANIFEST_ONEROSTER_VERSION,
                    "oneroster.version is missing",
                )
                .at(loc(0, None)),
            );
        }
        Some(m)
    }

    /// manifest.csv text: the header, the versions, every `file.*` of the version in the
    /// binding's order, then the source properties when set. Lines end with CRLF.
    pub fn to_csv(&self) -> String {
        let version = self.version.unwrap_or(Version::V1_2);
        let mut out = String::from("propertyName,value\r\n");
        let mut line = |k: &str, v: &str| {
            out.push_str(&csv_field(k));
            out.push(',');
            out.push_str(&csv_field(v));
            out.push_str("\r\n");
        };
        line(
            "manifest.version",
            self.manifest_version.as_deref().unwrap_or("1.0"),
        );
        line(
            "oneroster.version",
            self.oneroster_version
                .as_deref()
                .unwrap_or(version.as_str()),
        );
        for key in crate::csv::files::manifest_properties(version) {
            if let Some(stem) = key.strip_prefix("file.")
                && let Some(kind) = FileKind::ALL.into_iter().find(|k| k.stem() == stem)
            {
                let mode = self.mode(kind).map_or("absent", ProcessingMode::as_str);
                line(&key, mode);
            }
        }
        if let Some(n) = &self.source_system_name {
            line("source.systemName", n);
        }
        if let Some(c) = &self.source_system_code {
            line("source.systemCode", c);
        }
        for (k, v) in &self.extra {
            line(k, v);
        }
        out
    }
}

/// Quotes a CSV field when it needs it (comma, quote, CR or LF), RFC 4180 style.
pub(crate) fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\r', '\n']) {
        std::borrow::Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<Manifest>, Report) {
        let mut r = Report::new();
        let m = Manifest::read(text.as_bytes(), "manifest.csv", &mut r);
        (m, r)
    }

    #[test]
    fn reads_a_manifest() {
        let (m, r) = read(
            "\u{feff}propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.2\r\nfile.users,bulk\r\nfile.orgs,Delta\r\nsource.systemName,SIS\r\nx.y,z\r\n",
        );
        let m = m.unwrap();
        assert_eq!(m.version, Some(Version::V1_2));
        assert_eq!(m.mode(FileKind::Users), Some(&ProcessingMode::Bulk));
        assert_eq!(m.mode(FileKind::Orgs), Some(&ProcessingMode::Delta));
        assert_eq!(m.source_system_name.as_deref(), Some("SIS"));
        assert!(r.has_code(codes::VALUE_CASE));
        assert!(r.has_code(codes::MANIFEST_UNKNOWN_PROPERTY));
        assert_eq!(r.errors(), 0);
    }

    #[test]
    fn manifest_problems() {
        let (_, r) = read("propertyName,value\nmanifest.version,1\noneroster.version,1.1\n");
        assert!(r.has_code(codes::MANIFEST_VERSION_FORM));
        assert_eq!(r.errors(), 0);
        let (m, r) = read(
            "name,value\nmanifest.version,2\noneroster.version,1.0\nfile.users,full\nfile.users,bulk\nfile.userprofiles,bulk\n",
        );
        assert!(r.has_code(codes::MANIFEST_HEADER));
        assert!(r.has_code(codes::MANIFEST_VERSION));
        assert!(r.has_code(codes::MANIFEST_ONEROSTER_VERSION));
        assert!(r.has_code(codes::MANIFEST_MODE));
        assert!(r.has_code(codes::MANIFEST_DUPLICATE_PROPERTY));
        assert!(r.has_code(codes::FILE_NAME_CASE));
        assert_eq!(m.unwrap().version, None);
        let (m, r) = read("");
        assert!(m.is_none());
        assert!(r.has_code(codes::FILE_EMPTY));
        let (_, r) = read("propertyName,value\nfile.users,bulk,extra\n");
        assert!(r.has_code(codes::CSV_FIELD_COUNT));
        assert!(r.has_code(codes::MANIFEST_VERSION));
    }

    #[test]
    fn writes_every_file_row() {
        let mut m = Manifest::new(Version::V1_2);
        m.set_mode(FileKind::Users, ProcessingMode::Bulk);
        m.source_system_name = Some("A, B".into());
        let text = m.to_csv();
        assert!(text.starts_with("propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.2\r\nfile.academicSessions,absent\r\n"));
        assert!(text.contains("file.users,bulk\r\n"));
        assert!(text.contains("source.systemName,\"A, B\"\r\n"));
        assert_eq!(text.lines().count(), 1 + 2 + 21 + 1);
        let (back, r) = read(&text);
        assert_eq!(r.errors(), 0);
        assert_eq!(
            back.unwrap().mode(FileKind::Users),
            Some(&ProcessingMode::Bulk)
        );
    }
}
