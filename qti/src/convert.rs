//! Conversion between QTI versions.
//!
//! [`crate::write`] writes any model in any version's vocabulary and reports what the target
//! cannot express (`qti.convert.*` codes). [`convert`] does the same and reads the result back,
//! giving the model as the target version sees it (for example to inspect or validate it).
//!
//! What changes between versions: element and attribute names (2.x camelCase, 3.0 `qti-`
//! kebab-case, through the generated name tables); the 3.0 `qti-content-body` wrappers of
//! feedback, template and rubric blocks and of modal and test feedback; the namespace of the
//! QTI 2.2 HTML5 elements (`qh5:`); `img` (3.0) versus `object` (2.x) in graphic interactions;
//! `centrePoint` / `center-point`. Parts only one version has (3.0 context declarations,
//! catalogs, companion materials, portable custom interactions, adaptive selection, test-level
//! rubric blocks; 2.x `infoControl`; 2.2+ stimulus references when writing 2.1) are left out and
//! reported, and the output is checked against the target schema (anything still not allowed
//! there is removed and reported).

use lti_core::Report;

use crate::QtiDocument;
use crate::version::Version;
use crate::xml::read::{ReadError, ReadOptions, parse};
use crate::xml::write::write;

/// Converts a document to `target`: the converted model, and the conversion report followed by
/// the problems of reading the converted document.
pub fn convert(doc: &QtiDocument, target: Version) -> Result<(QtiDocument, Report), ReadError> {
    let written = write(doc, target);
    let (converted, read_report) = parse(written.xml.as_bytes(), &ReadOptions::lenient())?;
    let mut report = written.report;
    report.extend(read_report.problems);
    Ok((converted, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_reads_back() {
        let xml = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="i" title="t" adaptive="false" timeDependent="false"><itemBody><infoControl title="Hint"><p>Look closely.</p></infoControl></itemBody></assessmentItem>"#;
        let (doc, _) = parse(xml, &ReadOptions::default()).unwrap();
        let (v3, report) = convert(&doc, Version::V3p0).unwrap();
        assert_eq!(v3.version(), Version::V3p0);
        assert!(
            report.has_code(crate::codes::CONVERT_HTML_UNWRAPPED),
            "{report:?}"
        );
        let QtiDocument::Item(item) = v3 else {
            panic!()
        };
        let body = item.item_body.unwrap();
        assert!(matches!(&body.content[0], crate::content::BodyNode::Html(p) if p.name == "p"));
    }
}
