//! Resource descriptors: the XML file (or inline element, in flat manifests) that describes a
//! typed resource — web links, discussion topics, basic LTI links, assignments and CC-QTI
//! assessments and question banks.
//!
//! [`read_descriptor`] parses descriptor bytes for a resource kind into a typed [`Descriptor`]
//! plus the problems found; [`Descriptor::to_xml`] writes one for a cartridge version.

pub mod assignment;
pub mod basic_lti_link;
pub mod discussion_topic;
pub mod web_link;

use lti_core::xml::{Document, Element, Namespace, QName, XSI_NS, writer};
use lti_core::{Problem, Report};
use serde::{Deserialize, Serialize};

pub use assignment::Assignment;
pub use basic_lti_link::BasicLtiLink;
pub use discussion_topic::DiscussionTopic;
pub use web_link::WebLink;

use crate::codes;
use crate::manifest::{ReadOptions, ns_attr};
use crate::qti::Questestinterop;
use crate::resource_type::ResourceKind;
use crate::version::CcVersion;
use crate::xmlutil::{el, loc};

/// The kinds of descriptor, by root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DescriptorKind {
    /// `webLink`.
    WebLink,
    /// `topic`.
    DiscussionTopic,
    /// `cartridge_basiclti_link`.
    BasicLtiLink,
    /// `assignment`.
    Assignment,
    /// `questestinterop` (assessments and question banks).
    Qti,
}

impl DescriptorKind {
    /// The root element's local name.
    pub const fn root(self) -> &'static str {
        match self {
            Self::WebLink => "webLink",
            Self::DiscussionTopic => "topic",
            Self::BasicLtiLink => "cartridge_basiclti_link",
            Self::Assignment => "assignment",
            Self::Qti => "questestinterop",
        }
    }

    /// The descriptor kind of a resource kind (`None` for web content, associated content and
    /// unknown types).
    pub const fn for_resource(kind: ResourceKind) -> Option<Self> {
        Some(match kind {
            ResourceKind::WebLink => Self::WebLink,
            ResourceKind::DiscussionTopic => Self::DiscussionTopic,
            ResourceKind::BasicLtiLink => Self::BasicLtiLink,
            ResourceKind::Assignment => Self::Assignment,
            ResourceKind::Assessment | ResourceKind::QuestionBank => Self::Qti,
            _ => return None,
        })
    }
}

/// The `texttype` of a text (`text/plain` or `text/html`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Text {
    /// `texttype` as written (`text/plain`, `text/html`).
    pub texttype: String,
    /// The text; HTML stays escaped-as-text (it is character data in the descriptor).
    pub value: String,
}

impl Text {
    /// An HTML text.
    pub fn html(value: impl Into<String>) -> Self {
        Self {
            texttype: "text/html".to_owned(),
            value: value.into(),
        }
    }

    /// A plain text.
    pub fn plain(value: impl Into<String>) -> Self {
        Self {
            texttype: "text/plain".to_owned(),
            value: value.into(),
        }
    }

    /// Whether the text is HTML.
    pub fn is_html(&self) -> bool {
        self.texttype.eq_ignore_ascii_case("text/html")
    }

    pub(crate) fn read(e: &Element, path: &str, report: &mut Report) -> Self {
        let texttype = e.attr("texttype").unwrap_or_default().to_owned();
        if texttype != "text/plain" && texttype != "text/html" {
            report.error(
                codes::TEXTTYPE_INVALID,
                loc(path, e.span),
                format!("texttype {texttype:?} must be text/plain or text/html"),
            );
        }
        Self {
            texttype,
            value: e.text(),
        }
    }

    pub(crate) fn to_element(&self, ns: &Namespace, local: &str) -> Element {
        el(ns, "", local)
            .with_attr("texttype", &self.texttype)
            .with_text(&self.value)
    }
}

/// Reports a wrong root element.
pub(crate) fn expect_root(e: &Element, kind: DescriptorKind, report: &mut Report) {
    if e.name.local != kind.root() {
        report.error(
            codes::DESCRIPTOR_WRONG_ROOT,
            loc(&format!("/{}", e.name.local), e.span),
            format!(
                "the descriptor's root element is <{}>, expected <{}>",
                e.name.local,
                kind.root()
            ),
        );
    }
}

/// Reports an element the descriptor schema does not define at that place.
pub(crate) fn unexpected(report: &mut Report, parent: &str, c: &Element) {
    report.warning(
        codes::DESCRIPTOR_UNEXPECTED_ELEMENT,
        loc(&format!("{parent}/{}", c.name.local), c.span),
        format!(
            "<{}> is not defined here by the descriptor schema; it is kept",
            c.name.local
        ),
    );
}

/// Sets `xsi:schemaLocation` on a descriptor root.
pub(crate) fn schema_location(root: &mut Element, ns: &Namespace, schema: &str) {
    root.attributes.push(ns_attr(
        QName::prefixed(&Namespace::new(XSI_NS), "xsi", "schemaLocation"),
        format!("{} {schema}", ns.as_str()),
    ));
}

/// A typed descriptor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Descriptor {
    /// A web link.
    WebLink(WebLink),
    /// A discussion topic.
    DiscussionTopic(DiscussionTopic),
    /// A basic LTI link.
    BasicLtiLink(BasicLtiLink),
    /// An assignment.
    Assignment(Assignment),
    /// A CC-QTI assessment or question bank.
    Qti(Box<Questestinterop>),
}

impl Descriptor {
    /// The kind.
    pub fn kind(&self) -> DescriptorKind {
        match self {
            Self::WebLink(_) => DescriptorKind::WebLink,
            Self::DiscussionTopic(_) => DescriptorKind::DiscussionTopic,
            Self::BasicLtiLink(_) => DescriptorKind::BasicLtiLink,
            Self::Assignment(_) => DescriptorKind::Assignment,
            Self::Qti(_) => DescriptorKind::Qti,
        }
    }

    /// The title (web link, topic, LTI link, assignment title; assessment title).
    pub fn title(&self) -> Option<&str> {
        match self {
            Self::WebLink(x) => Some(&x.title),
            Self::DiscussionTopic(x) => Some(&x.title),
            Self::BasicLtiLink(x) => Some(&x.title),
            Self::Assignment(x) => Some(&x.title),
            Self::Qti(q) => q.title(),
        }
    }

    /// The descriptor's root element for `version`.
    pub fn to_element(&self, version: CcVersion) -> Element {
        match self {
            Self::WebLink(x) => x.to_element(version),
            Self::DiscussionTopic(x) => x.to_element(version),
            Self::BasicLtiLink(x) => x.to_element(version),
            Self::Assignment(x) => x.to_element(),
            Self::Qti(q) => q.to_element(version),
        }
    }

    /// The descriptor as an XML document (UTF-8, indented) for `version`.
    pub fn to_xml(&self, version: CcVersion) -> String {
        let doc = Document::new(self.to_element(version));
        writer::write_document(&doc, &writer::WriteOptions::indented(2))
    }

    /// Reads a descriptor element of the given kind.
    pub fn from_element(kind: DescriptorKind, e: &Element, opts: &ReadOptions) -> (Self, Report) {
        match kind {
            DescriptorKind::WebLink => {
                let (x, r) = WebLink::read(e);
                (Self::WebLink(x), r)
            }
            DescriptorKind::DiscussionTopic => {
                let (x, r) = DiscussionTopic::read(e);
                (Self::DiscussionTopic(x), r)
            }
            DescriptorKind::BasicLtiLink => {
                let (x, r) = BasicLtiLink::read(e);
                (Self::BasicLtiLink(x), r)
            }
            DescriptorKind::Assignment => {
                let (x, r) = Assignment::read(e);
                (Self::Assignment(x), r)
            }
            DescriptorKind::Qti => {
                let (x, r) = Questestinterop::read(e, opts);
                (Self::Qti(Box::new(x)), r)
            }
        }
    }
}

/// Why a descriptor could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DescriptorError {
    /// The XML is not well-formed or breaks a limit.
    #[error(transparent)]
    Xml(#[from] lti_core::xml::XmlError),
}

impl DescriptorError {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Xml(e) => e.code(),
        }
    }

    /// This error as a problem.
    pub fn to_problem(&self) -> Problem {
        match self {
            Self::Xml(e) => e.to_problem(),
        }
    }
}

/// Parses descriptor bytes of the given kind. XML warnings, a transcoding and the descriptor's
/// own problems go into the report.
pub fn read_descriptor(
    kind: DescriptorKind,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<(Descriptor, Report), DescriptorError> {
    read_descriptor_root(kind, bytes, opts).map(|(d, r, _)| (d, r))
}

/// [`read_descriptor`], also returning the root element's namespace.
pub(crate) fn read_descriptor_root(
    kind: DescriptorKind,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<(Descriptor, Report, Option<Namespace>), DescriptorError> {
    let mut report = Report::new();
    let doc = crate::encoding::parse_document_lenient(bytes, opts, &mut report)?;
    report.extend(doc.problems);
    let (d, r) = Descriptor::from_element(kind, &doc.root, opts);
    report.extend(r);
    Ok((d, report, doc.root.name.ns))
}

/// The version a descriptor's namespace belongs to, when it carries one.
pub fn descriptor_version(e: &Element) -> Option<CcVersion> {
    let ns = e.name.ns.as_deref()?;
    match ns {
        crate::version::LTI_CC_V1P2 => Some(CcVersion::V1_2),
        crate::version::LTI_CC_V1P3 => Some(CcVersion::V1_3),
        _ => crate::version::version_of_namespace(ns),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_roots() {
        assert_eq!(
            DescriptorKind::for_resource(ResourceKind::QuestionBank),
            Some(DescriptorKind::Qti)
        );
        assert_eq!(DescriptorKind::for_resource(ResourceKind::WebContent), None);
        assert_eq!(
            DescriptorKind::BasicLtiLink.root(),
            "cartridge_basiclti_link"
        );
    }

    #[test]
    fn reads_bytes_and_reports_xml_errors() {
        let ok = br#"<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p2/imswl_v1p2"><title>t</title><url href="https://a"/></webLink>"#;
        let (d, r) =
            read_descriptor(DescriptorKind::WebLink, ok, &ReadOptions::default()).expect("ok");
        assert!(r.is_empty(), "{r:?}");
        assert_eq!(d.title(), Some("t"));
        assert_eq!(d.kind(), DescriptorKind::WebLink);
        let root = lti_core::xml::parse_element(ok, &lti_core::xml::Limits::default()).expect("x");
        assert_eq!(descriptor_version(&root), Some(CcVersion::V1_2));
        let xml = d.to_xml(CcVersion::V1_2);
        assert!(xml.contains("ccv1p2_imswl_v1p2.xsd"), "{xml}");
        let err = read_descriptor(
            DescriptorKind::WebLink,
            b"<webLink>",
            &ReadOptions::default(),
        )
        .expect_err("not well-formed");
        assert!(err.code().starts_with("xml."));
        assert!(err.to_problem().is_error());
        let t = Text::plain("x");
        assert!(!t.is_html());
    }
}
