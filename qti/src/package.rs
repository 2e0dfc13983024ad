//! QTI content packages: an `imsmanifest.xml` (read with the shared
//! [`lti_core::content_packaging`] model) listing items, tests, sections and stimuli, and the
//! files they reference.
//!
//! The library does no I/O: the caller implements [`PackageSource`] over a directory, a zip
//! archive or memory. [`read_package`] reads the manifest, every QTI resource it lists, and
//! checks that references resolve inside the package: resource `href`s and `file`s exist,
//! dependencies name resources, each document's root and version match its resource type,
//! and test item/section references and item stimulus references point at files of the
//! package.

use std::collections::{BTreeMap, HashSet};

use lti_core::content_packaging::{Manifest, parse_manifest};
use lti_core::{Location, Problem, Report};
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::test::SectionPart;
use crate::version::Version;
use crate::{QtiDocument, ReadOptions};

/// Where the package's files come from. Paths are relative to the package root, with `/`
/// separators.
pub trait PackageSource {
    /// The bytes of a file, or `None` when it does not exist (or cannot be read within the
    /// caller's limits; the caller decides).
    fn read(&self, path: &str) -> Option<Vec<u8>>;
    /// Whether the file exists.
    fn exists(&self, path: &str) -> bool;
}

/// An in-memory package (for tests and callers that already hold the files).
#[derive(Debug, Clone, Default)]
pub struct MemorySource {
    /// Files by path.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl MemorySource {
    /// An empty source.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file.
    #[must_use]
    pub fn with(mut self, path: &str, bytes: impl Into<Vec<u8>>) -> Self {
        self.files.insert(path.to_owned(), bytes.into());
        self
    }
}

impl PackageSource for MemorySource {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.files.get(path).cloned()
    }
    fn exists(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }
}

/// What a QTI resource type (`imsqti_item_xmlv2p1`…) says a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ResourceKind {
    /// An item.
    Item,
    /// A test.
    Test,
    /// A section.
    Section,
    /// A stimulus.
    Stimulus,
    /// Results.
    Results,
    /// QTI 1.2 (`imsqti_xmlv1p2`), not read by this crate.
    Qti12,
}

/// Parses a QTI resource type: `(kind, version)`.
pub fn resource_type(t: &str) -> Option<(ResourceKind, Option<Version>)> {
    let t = t.trim().to_ascii_lowercase();
    let rest = t.strip_prefix("imsqti_")?;
    if rest.starts_with("xmlv1p2") || rest.contains("v1p2") {
        return Some((ResourceKind::Qti12, None));
    }
    let kind = if rest.starts_with("item") {
        ResourceKind::Item
    } else if rest.starts_with("test") || rest.starts_with("assessment") {
        ResourceKind::Test
    } else if rest.starts_with("section") {
        ResourceKind::Section
    } else if rest.starts_with("stimulus") {
        ResourceKind::Stimulus
    } else if rest.starts_with("result") {
        ResourceKind::Results
    } else {
        return None;
    };
    let version = if rest.ends_with("v3p0") {
        Some(Version::V3p0)
    } else if rest.ends_with("v2p2") {
        Some(Version::V2p2)
    } else if rest.ends_with("v2p1") {
        Some(Version::V2p1)
    } else if rest.ends_with("v2p0") {
        Some(Version::V2p0)
    } else {
        None
    };
    Some((kind, version))
}

/// A QTI resource of the package and its document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PackageResource {
    /// The resource's identifier.
    pub identifier: String,
    /// What the resource type says it is.
    pub kind: ResourceKind,
    /// The version the resource type names.
    pub version: Option<Version>,
    /// The resource's `href`.
    pub href: Option<String>,
    /// The document, when it could be read.
    pub document: Option<QtiDocument>,
}

/// A QTI content package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QtiPackage {
    /// The manifest.
    pub manifest: Manifest,
    /// The QTI resources, in manifest order.
    pub resources: Vec<PackageResource>,
}

/// Why a package could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PackageError {
    /// There is no `imsmanifest.xml`.
    #[error("the package has no imsmanifest.xml")]
    NoManifest,
    /// The manifest could not be read.
    #[error("imsmanifest.xml: {0}")]
    Manifest(#[from] lti_core::content_packaging::ManifestError),
}

impl PackageError {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoManifest => codes::PACKAGE_NO_MANIFEST,
            Self::Manifest(e) => e.code(),
        }
    }

    /// This error as a problem.
    pub fn to_problem(&self) -> Problem {
        match self {
            Self::NoManifest => Problem::error(self.code(), self.to_string()),
            Self::Manifest(e) => {
                let mut p = e.to_problem();
                p.location = std::mem::take(&mut p.location).in_zip_entry("imsmanifest.xml");
                p
            }
        }
    }
}

/// Joins a relative reference to the directory of `base` (`items/a.xml` + `../img/b.png` →
/// `img/b.png`). Absolute URLs are returned unchanged.
pub fn resolve(base: &str, reference: &str) -> String {
    if reference.contains("://") {
        return reference.to_owned();
    }
    let reference = reference.split(['#', '?']).next().unwrap_or(reference);
    let mut parts: Vec<&str> = if reference.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').collect()
    };
    if !reference.starts_with('/') {
        parts.pop();
    }
    for seg in reference.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    percent_decode(&joined)
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        // Hex digits read as bytes: slicing the `str` could split a multi-byte character.
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|c| char::from(*c).to_digit(16)),
                b.get(i + 2).and_then(|c| char::from(*c).to_digit(16)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads and checks a package.
pub fn read_package(
    src: &dyn PackageSource,
    opts: &ReadOptions,
) -> Result<(QtiPackage, Report), PackageError> {
    let bytes = src
        .read("imsmanifest.xml")
        .ok_or(PackageError::NoManifest)?;
    let (manifest, mreport) = parse_manifest(&bytes, &opts.limits)?;
    let mut report = Report::new();
    report.extend_in_entry("imsmanifest.xml", mreport.problems);
    report.extend_in_entry("imsmanifest.xml", manifest.check().problems);
    let mut declared: HashSet<String> = HashSet::new();
    for r in &manifest.resources.resources {
        let base = r.base.as_deref().unwrap_or("");
        for f in &r.files {
            declared.insert(resolve(&format!("{base}x"), &f.href));
        }
        if let Some(h) = &r.href {
            declared.insert(resolve(&format!("{base}x"), h));
        }
    }
    let manifest_loc =
        |span: lti_core::xml::Span, path: &str| span.location(path).in_zip_entry("imsmanifest.xml");
    let mut resources = Vec::new();
    for r in &manifest.resources.resources {
        let path = "/manifest/resources/resource";
        for f in &r.files {
            let p = resolve(&format!("{}x", r.base.as_deref().unwrap_or("")), &f.href);
            if !p.contains("://") && !src.exists(&p) {
                report.push(
                    Problem::error(
                        codes::PACKAGE_FILE_MISSING,
                        format!(
                            "the file {p:?} of resource {:?} is not in the package",
                            r.identifier
                        ),
                    )
                    .at(manifest_loc(f.span, "/manifest/resources/resource/file")),
                );
            }
        }
        let Some((kind, version)) = resource_type(&r.resource_type) else {
            continue;
        };
        let href = r
            .href
            .as_ref()
            .map(|h| resolve(&format!("{}x", r.base.as_deref().unwrap_or("")), h));
        let mut res = PackageResource {
            identifier: r.identifier.clone(),
            kind,
            version,
            href: href.clone(),
            document: None,
        };
        if kind == ResourceKind::Qti12 {
            report.push(
                Problem::info(
                    codes::PACKAGE_QTI12,
                    format!(
                        "resource {:?} is QTI 1.2, which this crate does not read",
                        r.identifier
                    ),
                )
                .at(manifest_loc(r.span, path)),
            );
            resources.push(res);
            continue;
        }
        let Some(href) = href else {
            report.push(
                Problem::error(
                    codes::PACKAGE_HREF_MISSING,
                    format!("the QTI resource {:?} has no href", r.identifier),
                )
                .at(manifest_loc(r.span, path)),
            );
            resources.push(res);
            continue;
        };
        let Some(bytes) = src.read(&href) else {
            report.push(
                Problem::error(
                    codes::PACKAGE_FILE_MISSING,
                    format!(
                        "the resource {:?} names {href:?}, which is not in the package",
                        r.identifier
                    ),
                )
                .at(manifest_loc(r.span, path)),
            );
            resources.push(res);
            continue;
        };
        match crate::parse(&bytes, opts) {
            Err(e) => report.push({
                let mut p = e.to_problem();
                p.location = std::mem::take(&mut p.location).in_zip_entry(&href);
                p
            }),
            Ok((doc, rep)) => {
                report.extend_in_entry(&href, rep.problems);
                report.extend_in_entry(&href, crate::validate(&doc).problems);
                let doc_kind = match &doc {
                    QtiDocument::Item(_) => ResourceKind::Item,
                    QtiDocument::Test(_) => ResourceKind::Test,
                    QtiDocument::Section(_) => ResourceKind::Section,
                    QtiDocument::Stimulus(_) => ResourceKind::Stimulus,
                    QtiDocument::Result(_) => ResourceKind::Results,
                };
                if doc_kind != kind {
                    report.push(
                        Problem::error(
                            codes::PACKAGE_TYPE_MISMATCH,
                            format!(
                                "resource {:?} has type {:?} but {href:?} is a {}",
                                r.identifier,
                                r.resource_type,
                                doc.kind_name()
                            ),
                        )
                        .at(manifest_loc(r.span, path)),
                    );
                }
                if let Some(v) = version
                    && v != doc.version()
                {
                    report.push(
                        Problem::warning(
                            codes::PACKAGE_VERSION_MISMATCH,
                            format!(
                                "resource {:?} has type {:?} but {href:?} is QTI {}",
                                r.identifier,
                                r.resource_type,
                                doc.version()
                            ),
                        )
                        .at(manifest_loc(r.span, path)),
                    );
                }
                for (reference, what) in references(&doc) {
                    let target = resolve(&href, &reference);
                    if target.contains("://") {
                        continue;
                    }
                    if !src.exists(&target) {
                        report.push(
                            Problem::error(
                                codes::PACKAGE_REFERENCE_UNRESOLVED,
                                format!("{what} {reference:?} of {href:?} is not in the package"),
                            )
                            .at(Location::zip_entry(&href)),
                        );
                    } else if !declared.contains(&target) {
                        report.push(
                            Problem::warning(codes::PACKAGE_UNDECLARED_FILE, format!("{what} {reference:?} of {href:?} exists but no manifest resource lists it"))
                                .at(Location::zip_entry(&href)),
                        );
                    }
                }
                res.document = Some(doc);
            }
        }
        resources.push(res);
    }
    Ok((
        QtiPackage {
            manifest,
            resources,
        },
        report,
    ))
}

/// The references a document makes to other package files: item and section references of
/// tests and sections, stimulus references of items.
fn references(doc: &QtiDocument) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    fn parts(p: &SectionPart, out: &mut Vec<(String, &'static str)>) {
        match p {
            SectionPart::ItemRef(r) => out.push((r.href.clone(), "the item reference")),
            SectionPart::SectionRef(r) => out.push((r.href.clone(), "the section reference")),
            SectionPart::Section(s) => {
                for c in &s.children {
                    parts(c, out);
                }
            }
            SectionPart::Include(_) => {}
        }
    }
    match doc {
        QtiDocument::Test(t) => {
            for p in &t.test_parts {
                for s in &p.sections {
                    parts(s, &mut out);
                }
            }
        }
        QtiDocument::Section(s) => {
            for c in &s.children {
                parts(c, &mut out);
            }
        }
        QtiDocument::Item(i) => {
            for s in &i.stimulus_refs {
                out.push((s.href.clone(), "the stimulus reference"));
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m"><organizations/><resources>
<resource identifier="T" type="imsqti_test_xmlv2p1" href="test.xml"><file href="test.xml"/><dependency identifierref="I"/></resource>
<resource identifier="I" type="imsqti_item_xmlv2p1" href="items/a.xml"><file href="items/a.xml"/><file href="items/missing.png"/></resource>
<resource identifier="X" type="imsqti_test_xmlv2p1" href="items/a.xml"/>
</resources></manifest>"#;
    const TEST: &str = r#"<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="t" title="t"><testPart identifier="P" navigationMode="linear" submissionMode="individual"><assessmentSection identifier="S" title="s" visible="true"><assessmentItemRef identifier="A" href="items/a.xml"/><assessmentItemRef identifier="B" href="items/b.xml"/></assessmentSection></testPart></assessmentTest>"#;
    const ITEM: &str = r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="a" title="a" adaptive="false" timeDependent="false"/>"#;

    #[test]
    fn fuzz_regression_percent_escape_before_a_multibyte_character() {
        // `%a` followed by `é` once sliced the string inside the `é` and panicked.
        assert_eq!(resolve("x", "%aé.xml"), "%aé.xml");
        assert_eq!(resolve("x", "a%C3%A9%"), "aé%");
        assert_eq!(resolve("x", "%é%"), "%é%");
        let m = MANIFEST.replace("items/missing.png", "items/%aé.png");
        let src = MemorySource::new().with("imsmanifest.xml", m.as_bytes());
        assert!(read_package(&src, &ReadOptions::default()).is_ok());
    }

    #[test]
    fn resolves_and_reports() {
        let src = MemorySource::new()
            .with("imsmanifest.xml", MANIFEST)
            .with("test.xml", TEST)
            .with("items/a.xml", ITEM);
        let (pkg, report) = read_package(&src, &ReadOptions::default()).unwrap();
        assert_eq!(pkg.resources.len(), 3);
        assert!(matches!(
            pkg.resources[0].document,
            Some(QtiDocument::Test(_))
        ));
        assert!(report.has_code(codes::PACKAGE_FILE_MISSING), "{report:?}");
        assert!(
            report.has_code(codes::PACKAGE_REFERENCE_UNRESOLVED),
            "{report:?}"
        );
        assert!(report.has_code(codes::PACKAGE_TYPE_MISMATCH), "{report:?}");
        let p = report
            .iter()
            .find(|p| p.code == codes::PACKAGE_REFERENCE_UNRESOLVED)
            .unwrap();
        assert!(matches!(&p.location, Location::Zip { entry, .. } if entry == "test.xml"));
    }

    #[test]
    fn no_manifest_and_bad_manifest() {
        let e = read_package(&MemorySource::new(), &ReadOptions::default()).unwrap_err();
        assert_eq!(e.code(), codes::PACKAGE_NO_MANIFEST);
        let e = read_package(
            &MemorySource::new().with("imsmanifest.xml", "<manifest"),
            &ReadOptions::default(),
        )
        .unwrap_err();
        assert!(e.to_problem().code.as_str().starts_with("xml."));
    }

    #[test]
    fn resource_types_and_paths() {
        assert_eq!(
            resource_type("imsqti_item_xmlv3p0"),
            Some((ResourceKind::Item, Some(Version::V3p0)))
        );
        assert_eq!(
            resource_type("imsqti_test_xmlv2p2"),
            Some((ResourceKind::Test, Some(Version::V2p2)))
        );
        assert_eq!(
            resource_type("imsqti_xmlv1p2"),
            Some((ResourceKind::Qti12, None))
        );
        assert_eq!(resource_type("webcontent"), None);
        assert_eq!(resolve("items/a.xml", "../img/b%20c.png"), "img/b c.png");
        assert_eq!(resolve("test.xml", "./items/a.xml#x"), "items/a.xml");
        assert_eq!(resolve("a/b.xml", "https://x/y"), "https://x/y");
    }
}
