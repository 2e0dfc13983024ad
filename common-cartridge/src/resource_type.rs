//! Resource type strings (`resource/@type`): what kind of resource, and which version's
//! vocabulary the string comes from.
//!
//! Every minor-version suffix is accepted on read (`imsdt_xmlv1p0` … `imsdt_xmlv1p3`), as real
//! exports mix versions (Canvas writes CC 1.3 manifests with CC 1.1 type strings); validation
//! reports a mismatch with the cartridge's version. Unknown strings are kept as
//! [`ResourceKind::Other`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::version::CcVersion;

/// What a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ResourceKind {
    /// `webcontent`: files delivered as they are (HTML, images, documents).
    WebContent,
    /// `associatedcontent/imscc_xmlvNpM/learning-application-resource`: files that belong to a
    /// learning application object (attachments of a topic, images of an assessment).
    AssociatedContent,
    /// `imsdt_xmlvNpM`: a discussion topic.
    DiscussionTopic,
    /// `imswl_xmlvNpM`: a web link.
    WebLink,
    /// `imsqti_xmlv1p2/imscc_xmlvNpM/assessment`: a CC-QTI 1.2.1 assessment.
    Assessment,
    /// `imsqti_xmlv1p2/imscc_xmlvNpM/question-bank`: a CC-QTI 1.2.1 question bank.
    QuestionBank,
    /// `imsbasiclti_xmlv1p0` / `imsbasiclti_xmlv1p3`: a basic LTI link.
    BasicLtiLink,
    /// `assignment_xmlv1p0`: an assignment (CC 1.3 extension resource).
    Assignment,
    /// A type outside the Common Cartridge vocabulary (kept as written).
    Other,
}

impl ResourceKind {
    /// A short stable name (`web-link`, `assessment`…), used in summaries.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::WebContent => "webcontent",
            Self::AssociatedContent => "associated-content",
            Self::DiscussionTopic => "discussion-topic",
            Self::WebLink => "web-link",
            Self::Assessment => "assessment",
            Self::QuestionBank => "question-bank",
            Self::BasicLtiLink => "basic-lti-link",
            Self::Assignment => "assignment",
            Self::Other => "other",
        }
    }

    /// Whether the resource is described by one descriptor XML file (a "learning application
    /// object": topic, web link, assessment, question bank, LTI link, assignment).
    pub const fn has_descriptor(self) -> bool {
        matches!(
            self,
            Self::DiscussionTopic
                | Self::WebLink
                | Self::Assessment
                | Self::QuestionBank
                | Self::BasicLtiLink
                | Self::Assignment
        )
    }

    /// The type string this kind has in `version` (`None` when the kind does not exist in that
    /// version, such as LTI links in 1.0 or assignments before 1.3, or for [`Self::Other`]).
    pub fn type_string(self, version: CcVersion) -> Option<String> {
        let t = version.token();
        Some(match self {
            Self::WebContent => "webcontent".to_owned(),
            Self::AssociatedContent => {
                format!("associatedcontent/imscc_xml{t}/learning-application-resource")
            }
            Self::DiscussionTopic => format!("imsdt_xml{t}"),
            Self::WebLink => format!("imswl_xml{t}"),
            Self::Assessment => format!("imsqti_xmlv1p2/imscc_xml{t}/assessment"),
            Self::QuestionBank => format!("imsqti_xmlv1p2/imscc_xml{t}/question-bank"),
            Self::BasicLtiLink => match version {
                CcVersion::V1_0 => return None,
                _ => "imsbasiclti_xmlv1p0".to_owned(),
            },
            Self::Assignment => match version {
                CcVersion::V1_3 => "assignment_xmlv1p0".to_owned(),
                _ => return None,
            },
            Self::Other => return None,
        })
    }
}

impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed `resource/@type`.
///
/// In serde, the fields are written (`lti_form` and `nonstandard` only when set); reading one
/// back parses `raw` again
/// ([`ResourceType::parse_owned`]), so the other fields always agree with the string (which
/// is what a manifest writer emits) whatever the input said.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "ResourceTypeRepr")]
#[non_exhaustive]
pub struct ResourceType {
    /// The kind.
    pub kind: ResourceKind,
    /// The Common Cartridge version whose vocabulary the string belongs to (`None` for
    /// `webcontent`, which every version shares, and for unknown strings).
    pub version: Option<CcVersion>,
    /// For LTI links: the LTI-link form (`imsbasiclti_xmlv1p0` = 1.0 form; `…v1p3` = 1.3 form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lti_form: Option<CcVersion>,
    /// Whether the string is a known spelling that is not in any official vocabulary (a bare
    /// `assignment`, `imsbasiclti_xmlv1p1`): accepted leniently, reported by validation.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nonstandard: bool,
    /// The string as written.
    pub raw: String,
}

/// The serde shape of [`ResourceType`]: only `raw` is read, the rest is derived from it.
#[derive(Deserialize)]
struct ResourceTypeRepr {
    raw: String,
}

impl From<ResourceTypeRepr> for ResourceType {
    fn from(r: ResourceTypeRepr) -> Self {
        Self::parse_owned(r.raw)
    }
}

/// 1.3 types that some platforms know (Canvas lists them) but that this crate does not model:
/// APIP packages, interactive whiteboard files, EPUB 3.
pub const KNOWN_UNSUPPORTED_TYPES: &[&str] =
    &["imsapip_zipv1p0", "imsiwb_iwbv1p0", "idpfepub_epubv3p0"];

fn token_version(s: &str) -> Option<CcVersion> {
    CcVersion::from_token(s)
}

impl ResourceType {
    /// Parses a type string. Never fails: unknown strings give [`ResourceKind::Other`].
    pub fn parse(raw: &str) -> Self {
        Self::parse_owned(raw.to_owned())
    }

    /// [`ResourceType::parse`] taking ownership of the string (no copy).
    pub fn parse_owned(raw: String) -> Self {
        let mut out = Self::classify(&raw);
        out.raw = raw;
        out
    }

    /// Everything but `raw` (left empty): no allocation for lowercase type strings.
    pub(crate) fn classify(raw: &str) -> Self {
        let s = raw.trim();
        let mut out = Self {
            kind: ResourceKind::Other,
            version: None,
            lti_form: None,
            nonstandard: s.len() != raw.len(),
            raw: String::new(),
        };
        let lower;
        let s = if s.bytes().any(|c| c.is_ascii_uppercase()) {
            out.nonstandard = true;
            lower = s.to_ascii_lowercase();
            lower.as_str()
        } else {
            s
        };
        if s == "webcontent" {
            out.kind = ResourceKind::WebContent;
        } else if let Some(rest) = s.strip_prefix("associatedcontent/imscc_xml") {
            if let Some(tok) = rest.strip_suffix("/learning-application-resource") {
                out.kind = ResourceKind::AssociatedContent;
                out.version = token_version(tok);
            }
        } else if let Some(tok) = s.strip_prefix("imsdt_xml") {
            out.kind = ResourceKind::DiscussionTopic;
            out.version = token_version(tok);
        } else if let Some(tok) = s.strip_prefix("imswl_xml") {
            out.kind = ResourceKind::WebLink;
            out.version = token_version(tok);
        } else if let Some(rest) = s.strip_prefix("imsqti_xmlv1p2/imscc_xml") {
            if let Some(tok) = rest.strip_suffix("/assessment") {
                out.kind = ResourceKind::Assessment;
                out.version = token_version(tok);
            } else if let Some(tok) = rest.strip_suffix("/question-bank") {
                out.kind = ResourceKind::QuestionBank;
                out.version = token_version(tok);
            }
        } else if let Some(tok) = s.strip_prefix("imsbasiclti_xml") {
            out.kind = ResourceKind::BasicLtiLink;
            out.lti_form = token_version(tok);
            match out.lti_form {
                Some(CcVersion::V1_0) => {}
                Some(CcVersion::V1_3) => out.version = Some(CcVersion::V1_3),
                Some(_) => out.nonstandard = true,
                None => {}
            }
        } else if s == "assignment_xmlv1p0" {
            out.kind = ResourceKind::Assignment;
            out.version = Some(CcVersion::V1_3);
        } else if s == "assignment" {
            out.kind = ResourceKind::Assignment;
            out.version = Some(CcVersion::V1_3);
            out.nonstandard = true;
        }
        // A recognised prefix with an unknown version token ("imsdt_xmlv2p0") stays unknown.
        let versioned = matches!(
            out.kind,
            ResourceKind::AssociatedContent
                | ResourceKind::DiscussionTopic
                | ResourceKind::WebLink
                | ResourceKind::Assessment
                | ResourceKind::QuestionBank
        );
        if (versioned && out.version.is_none())
            || (out.kind == ResourceKind::BasicLtiLink && out.lti_form.is_none())
        {
            out.kind = ResourceKind::Other;
            out.version = None;
            out.lti_form = None;
        }
        out
    }

    /// Whether this type string is allowed in a cartridge of version `v` (exact vocabulary).
    pub fn allowed_in(&self, v: CcVersion) -> bool {
        if self.nonstandard {
            return false;
        }
        match self.kind {
            ResourceKind::WebContent => true,
            ResourceKind::BasicLtiLink => match self.lti_form {
                Some(CcVersion::V1_0) => v >= CcVersion::V1_1,
                Some(CcVersion::V1_3) => v == CcVersion::V1_3,
                _ => false,
            },
            ResourceKind::Assignment => v == CcVersion::V1_3,
            ResourceKind::Other => false,
            _ => self.version == Some(v),
        }
    }

    /// Whether this is one of [`KNOWN_UNSUPPORTED_TYPES`].
    pub fn is_known_unsupported(&self) -> bool {
        KNOWN_UNSUPPORTED_TYPES.contains(&self.raw.trim())
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_reads_back_the_type_from_its_string() {
        for raw in [
            "webcontent",
            "imsdt_xmlv1p3",
            "imsbasiclti_xmlv1p1",
            "assignment",
            "x-y",
        ] {
            let t = ResourceType::parse(raw);
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(
                serde_json::from_str::<ResourceType>(&json).unwrap(),
                t,
                "{json}"
            );
        }
        // Fields that disagree with the string are derived again from it.
        let lying = r#"{"kind":"webContent","version":null,"raw":"imsdt_xmlv1p3"}"#;
        let t: ResourceType = serde_json::from_str(lying).unwrap();
        assert_eq!(t, ResourceType::parse("imsdt_xmlv1p3"));
    }

    #[test]
    fn every_version_vocabulary_parses() {
        let kinds = [
            ResourceKind::AssociatedContent,
            ResourceKind::DiscussionTopic,
            ResourceKind::WebLink,
            ResourceKind::Assessment,
            ResourceKind::QuestionBank,
        ];
        for v in CcVersion::ALL {
            for k in kinds {
                let s = k.type_string(v).expect("exists");
                let t = ResourceType::parse(&s);
                assert_eq!((t.kind, t.version), (k, Some(v)), "{s}");
                assert!(t.allowed_in(v));
                for other in CcVersion::ALL.into_iter().filter(|o| *o != v) {
                    assert!(!t.allowed_in(other), "{s} in {other}");
                }
            }
            assert!(ResourceType::parse("webcontent").allowed_in(v));
        }
    }

    #[test]
    fn lti_and_assignment() {
        let t = ResourceType::parse("imsbasiclti_xmlv1p0");
        assert_eq!(t.kind, ResourceKind::BasicLtiLink);
        assert_eq!(t.lti_form, Some(CcVersion::V1_0));
        assert!(!t.allowed_in(CcVersion::V1_0));
        assert!(t.allowed_in(CcVersion::V1_1) && t.allowed_in(CcVersion::V1_3));
        let t13 = ResourceType::parse("imsbasiclti_xmlv1p3");
        assert!(t13.allowed_in(CcVersion::V1_3) && !t13.allowed_in(CcVersion::V1_2));
        let t11 = ResourceType::parse("imsbasiclti_xmlv1p1");
        assert_eq!(t11.kind, ResourceKind::BasicLtiLink);
        assert!(t11.nonstandard && !t11.allowed_in(CcVersion::V1_1));
        let a = ResourceType::parse("assignment_xmlv1p0");
        assert_eq!(a.kind, ResourceKind::Assignment);
        assert!(a.allowed_in(CcVersion::V1_3) && !a.allowed_in(CcVersion::V1_1));
        let bare = ResourceType::parse("assignment");
        assert_eq!(bare.kind, ResourceKind::Assignment);
        assert!(bare.nonstandard);
        assert_eq!(ResourceKind::Assignment.type_string(CcVersion::V1_2), None);
        assert_eq!(
            ResourceKind::BasicLtiLink.type_string(CcVersion::V1_0),
            None
        );
    }

    #[test]
    fn unknown_and_odd_spellings() {
        let t = ResourceType::parse("imsqti_xmlv2p1");
        assert_eq!(t.kind, ResourceKind::Other);
        assert_eq!(t.raw, "imsqti_xmlv2p1");
        assert_eq!(
            ResourceType::parse("imsdt_xmlv2p0").kind,
            ResourceKind::Other
        );
        assert_eq!(
            ResourceType::parse("imsbasiclti_xmlv9p9").kind,
            ResourceKind::Other
        );
        let upper = ResourceType::parse("WebContent");
        assert_eq!(upper.kind, ResourceKind::WebContent);
        assert!(upper.nonstandard);
        assert!(ResourceType::parse("imsapip_zipv1p0").is_known_unsupported());
        assert!(ResourceKind::WebLink.has_descriptor());
        assert!(!ResourceKind::WebContent.has_descriptor());
        assert_eq!(ResourceKind::Other.type_string(CcVersion::V1_3), None);
        assert_eq!(ResourceType::parse("x").to_string(), "x");
    }
}
