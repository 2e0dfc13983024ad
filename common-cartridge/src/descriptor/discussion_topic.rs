//! Discussion topic descriptors (`imsdt_xmlv1pN`, root `topic`), CC 1.0–1.3 [S11 4.7].

use lti_core::Report;
use lti_core::xml::{Attribute, Element, Namespace};
use serde::{Deserialize, Serialize};

use super::{DescriptorKind, Text, expect_root, schema_location, unexpected};
use crate::codes;
use crate::version::CcVersion;
use crate::xmlutil::{el, keep, loc, other_attrs, push, push_all, same_ns, sub, text_el};

/// An attachment of a topic: a file of the package, relative to the descriptor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Attachment {
    /// `href`.
    pub href: String,
    /// Other attributes (kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
}

impl Attachment {
    /// An attachment.
    pub fn new(href: impl Into<String>) -> Self {
        Self {
            href: href.into(),
            other_attributes: Vec::new(),
        }
    }
}

/// A discussion topic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DiscussionTopic {
    /// `<title>`.
    pub title: String,
    /// `<text texttype>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// `<attachments>`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// The namespace as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Foreign elements (kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
}

impl DiscussionTopic {
    /// A topic with a title and an HTML text.
    pub fn new(title: impl Into<String>, html: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            text: Some(Text::html(html)),
            ..Self::default()
        }
    }

    /// Reads a `topic` element.
    pub fn read(e: &Element) -> (Self, Report) {
        let mut report = Report::new();
        let path = "/topic";
        expect_root(e, DescriptorKind::DiscussionTopic, &mut report);
        let mut t = Self {
            namespace: e.name.ns.as_ref().map(|n| n.as_str().to_owned()),
            ..Self::default()
        };
        let mut title = None;
        for c in e.elements() {
            if !same_ns(e, c) {
                t.extensions.push(keep(c));
                continue;
            }
            match c.name.local.as_str() {
                "title" if title.is_none() => title = Some(c.text().trim().to_owned()),
                "text" if t.text.is_none() => {
                    t.text = Some(Text::read(c, &sub(path, "text"), &mut report));
                }
                "attachments" => {
                    for a in c.elements() {
                        if same_ns(c, a) && a.name.local == "attachment" {
                            t.attachments.push(Attachment {
                                href: a.attr("href").unwrap_or_default().to_owned(),
                                other_attributes: other_attrs(a, &["href"]),
                            });
                        } else {
                            unexpected(&mut report, &sub(path, "attachments"), a);
                        }
                    }
                }
                _ => {
                    unexpected(&mut report, path, c);
                    t.extensions.push(keep(c));
                }
            }
        }
        match title {
            Some(s) if !s.is_empty() => t.title = s,
            _ => report.error(
                codes::TOPIC_TITLE_MISSING,
                loc(path, e.span),
                "a discussion topic requires a non-empty <title>",
            ),
        }
        if t.text.is_none() {
            report.error(
                codes::TOPIC_TEXT_MISSING,
                loc(path, e.span),
                "a discussion topic requires a <text>",
            );
        }
        (t, report)
    }

    /// The descriptor element for `version`.
    pub fn to_element(&self, version: CcVersion) -> Element {
        let n = version.namespaces();
        let ns = Namespace::new(self.namespace.as_deref().unwrap_or(n.discussion_topic));
        let mut root = el(&ns, "", "topic");
        schema_location(&mut root, &ns, n.discussion_topic_schema);
        push(&mut root, text_el(&ns, "", "title", &self.title));
        let text = self.text.clone().unwrap_or_else(|| Text::plain(""));
        push(&mut root, text.to_element(&ns, "text"));
        if !self.attachments.is_empty() {
            let mut a = el(&ns, "", "attachments");
            for x in &self.attachments {
                let mut ae = el(&ns, "", "attachment").with_attr("href", &x.href);
                ae.attributes.extend(x.other_attributes.iter().cloned());
                push(&mut a, ae);
            }
            push(&mut root, a);
        }
        push_all(&mut root, &self.extensions);
        root
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lti_core::xml::{Limits, parse_element};

    fn parse(x: &str) -> (DiscussionTopic, Report) {
        DiscussionTopic::read(&parse_element(x.as_bytes(), &Limits::default()).expect("xml"))
    }

    #[test]
    fn reads_and_writes() {
        let (t, r) = parse(
            r#"<dt:topic xmlns:dt="http://www.imsglobal.org/xsd/imsccv1p3/imsdt_v1p3"><dt:title>Faces</dt:title><dt:text texttype="text/html">&lt;img src="$IMS-CC-FILEBASE$../m/d.jpg"/&gt;</dt:text><dt:attachments><dt:attachment href="../m/a.jpg"/></dt:attachments></dt:topic>"#,
        );
        assert!(r.is_empty(), "{r:?}");
        assert_eq!(t.title, "Faces");
        let text = t.text.as_ref().expect("text");
        assert!(text.is_html());
        assert!(text.value.contains("$IMS-CC-FILEBASE$"));
        assert_eq!(t.attachments[0].href, "../m/a.jpg");
        let (back, r) = DiscussionTopic::read(&t.to_element(CcVersion::V1_3));
        assert!(r.is_empty(), "{r:?}");
        assert_eq!(back, t);
        let built = DiscussionTopic::new("T", "<p>x</p>");
        let (b2, r) = DiscussionTopic::read(&built.to_element(CcVersion::V1_2));
        assert!(r.is_empty());
        assert_eq!(b2.title, "T");
    }

    #[test]
    fn problems() {
        let (_, r) = parse(
            r#"<topic xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1"><text texttype="text/rtf">x</text><attachments><other/></attachments><junk/></topic>"#,
        );
        assert!(r.has_code(codes::TOPIC_TITLE_MISSING));
        assert!(r.has_code(codes::TEXTTYPE_INVALID));
        assert!(r.has_code(codes::DESCRIPTOR_UNEXPECTED_ELEMENT));
        let (_, r) = parse(
            r#"<topic xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1"><title>t</title></topic>"#,
        );
        assert!(r.has_code(codes::TOPIC_TEXT_MISSING));
    }
}
