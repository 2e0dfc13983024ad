//! CC-QTI: the Common Cartridge profile of QTI 1.2.1 (`questestinterop`), used by assessments
//! (`imsqti_xmlv1p2/imscc_xmlvNpM/assessment`) and question banks (`…/question-bank`).
//!
//! - [`model`]: the typed model (assessment, object bank, sections, items, presentation,
//!   response processing, feedback, metadata).
//! - [`Questestinterop::read`] / [`Questestinterop::to_element`]: reading and writing.
//! - [`validate`](mod@validate): the profile rules (the six question profiles, metadata vocabularies,
//!   feedback, hints and solutions), each with a stable code.
//! - [`validate_questestinterop`]: validates a standalone document (`ims validate` kind
//!   `qti-1.2`); documents that do not claim the CC profile get the generic QTI 1.2 checks only.

pub mod model;
mod read;
pub mod validate;
mod write;

use std::fmt;

use lti_core::Report;
use lti_core::xml::{Document, Element, Namespace, QName, XSI_NS, writer};
use serde::{Deserialize, Serialize};

pub use model::{
    Assessment, Condition, DecVar, DisplayFeedback, FeedbackBlock, Item, ItemFeedback, Material,
    MaterialContent, Metadata, MetadataField, ObjectBank, Presentation, PresentationContent,
    Questestinterop, Render, ResProcessing, RespCondition, Response, ResponseKind, ResponseLabel,
    Section, SetVar,
};
pub use validate::{QtiProfileMode, validate};

use crate::codes;
use crate::manifest::{ReadOptions, ns_attr};
use crate::resource_type::ResourceKind;
use crate::version::{CcVersion, QTI_ASI_V1P2};

/// The CC question profiles (`cc_profile` item metadata).
///
/// Reading one back through serde, an `other` holding exactly one of the six profile strings
/// is that profile (as [`QuestionProfile::parse`] makes it); any other value is kept as is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", from = "QuestionProfileRepr")]
#[non_exhaustive]
pub enum QuestionProfile {
    /// `cc.multiple_choice.v0p1`: one correct choice among more than two.
    MultipleChoice,
    /// `cc.multiple_response.v0p1`: several correct choices.
    MultipleResponse,
    /// `cc.true_false.v0p1`: two choices.
    TrueFalse,
    /// `cc.fib.v0p1`: fill in the blank (exact string match).
    FillInTheBlank,
    /// `cc.pattern_match.v0p1`: string match with substrings.
    PatternMatch,
    /// `cc.essay.v0p1`: free text, scored by a person.
    Essay,
    /// Any other value (kept as written).
    Other(String),
}

/// The serde shape of [`QuestionProfile`], read before `other` is parsed.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum QuestionProfileRepr {
    MultipleChoice,
    MultipleResponse,
    TrueFalse,
    FillInTheBlank,
    PatternMatch,
    Essay,
    Other(String),
}

impl From<QuestionProfileRepr> for QuestionProfile {
    fn from(r: QuestionProfileRepr) -> Self {
        match r {
            QuestionProfileRepr::MultipleChoice => Self::MultipleChoice,
            QuestionProfileRepr::MultipleResponse => Self::MultipleResponse,
            QuestionProfileRepr::TrueFalse => Self::TrueFalse,
            QuestionProfileRepr::FillInTheBlank => Self::FillInTheBlank,
            QuestionProfileRepr::PatternMatch => Self::PatternMatch,
            QuestionProfileRepr::Essay => Self::Essay,
            // Exactly one of the six strings (no trimming: any other value is kept as is).
            QuestionProfileRepr::Other(s) => Self::ALL
                .into_iter()
                .find(|p| p.as_str() == s)
                .unwrap_or(Self::Other(s)),
        }
    }
}

impl QuestionProfile {
    /// The six profiles.
    pub const ALL: [Self; 6] = [
        Self::MultipleChoice,
        Self::MultipleResponse,
        Self::TrueFalse,
        Self::FillInTheBlank,
        Self::PatternMatch,
        Self::Essay,
    ];

    /// Parses a `cc_profile` value.
    pub fn parse(value: &str) -> Self {
        match value.trim() {
            "cc.multiple_choice.v0p1" => Self::MultipleChoice,
            "cc.multiple_response.v0p1" => Self::MultipleResponse,
            "cc.true_false.v0p1" => Self::TrueFalse,
            "cc.fib.v0p1" => Self::FillInTheBlank,
            "cc.pattern_match.v0p1" => Self::PatternMatch,
            "cc.essay.v0p1" => Self::Essay,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The `cc_profile` value.
    pub fn as_str(&self) -> &str {
        match self {
            Self::MultipleChoice => "cc.multiple_choice.v0p1",
            Self::MultipleResponse => "cc.multiple_response.v0p1",
            Self::TrueFalse => "cc.true_false.v0p1",
            Self::FillInTheBlank => "cc.fib.v0p1",
            Self::PatternMatch => "cc.pattern_match.v0p1",
            Self::Essay => "cc.essay.v0p1",
            Self::Other(s) => s,
        }
    }
}

impl fmt::Display for QuestionProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The assessment-level `cc_profile` value.
pub const ASSESSMENT_PROFILE: &str = "cc.exam.v0p1";

impl Questestinterop {
    /// Reads a `questestinterop` element. Structural problems (missing `ident`, a
    /// `respcondition` without `conditionvar`) go into the report; profile rules are applied by
    /// [`validate()`].
    pub fn read(e: &Element, _opts: &ReadOptions) -> (Self, Report) {
        let mut report = Report::new();
        if e.name.local != "questestinterop" {
            report.error(
                codes::QTI_NOT_QUESTESTINTEROP,
                e.span.location(format!("/{}", e.name.local)),
                format!(
                    "the root element is <{}>, not <questestinterop>",
                    e.name.local
                ),
            );
        }
        let q = read::QtiReader::new(e, &mut report).document(e);
        (q, report)
    }

    /// Parses bytes (Latin-1 documents are transcoded with a warning).
    pub fn parse(
        bytes: &[u8],
        opts: &ReadOptions,
    ) -> Result<(Self, Report), lti_core::xml::XmlError> {
        let mut report = Report::new();
        let doc = crate::encoding::parse_document_lenient(bytes, opts, &mut report)?;
        report.extend(doc.problems);
        let (q, r) = Self::read(&doc.root, opts);
        report.extend(r);
        Ok((q, report))
    }

    /// An assessment document in the CC QTI namespace.
    pub fn assessment(assessment: Assessment) -> Self {
        Self {
            assessments: vec![assessment],
            namespace: Some(QTI_ASI_V1P2.to_owned()),
            ..Self::default()
        }
    }

    /// A question-bank document in the CC QTI namespace.
    pub fn object_bank(bank: ObjectBank) -> Self {
        Self {
            object_banks: vec![bank],
            namespace: Some(QTI_ASI_V1P2.to_owned()),
            ..Self::default()
        }
    }

    /// Whether the document claims the CC profile: a CC-QTI schema location, or `cc_profile`
    /// metadata on the assessment or an item.
    pub fn claims_cc_profile(&self) -> bool {
        let schema = self.other_attributes.iter().any(|a| {
            a.name.local == "schemaLocation"
                && a.value.contains("/profile/cc/")
                && a.value.contains("qtiasiv1p2")
        });
        schema
            || self
                .assessments
                .iter()
                .any(|a| a.metadata.get("cc_profile").is_some())
            || self
                .all_items()
                .iter()
                .any(|i| i.metadata.get("cc_profile").is_some())
    }

    /// The root element. Documents built in code (no root attributes) get the CC-QTI
    /// `xsi:schemaLocation` of `version`.
    pub fn to_element(&self, version: CcVersion) -> Element {
        let mut root = write::QtiWriter::new(self.write_namespace()).document(self);
        let has_location = root
            .attributes
            .iter()
            .any(|a| a.name.local == "schemaLocation");
        if !has_location && let Some(ns) = &self.namespace {
            root.attributes.push(ns_attr(
                QName::prefixed(&Namespace::new(XSI_NS), "xsi", "schemaLocation"),
                format!("{ns} {}", version.namespaces().qti_schema),
            ));
        }
        root
    }

    /// The document as XML (UTF-8, indented).
    pub fn to_xml(&self, version: CcVersion) -> String {
        let doc = Document::new(self.to_element(version));
        writer::write_document(&doc, &writer::WriteOptions::indented(2))
    }
}

/// What a standalone QTI 1.2 validation found.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct QtiOutcome {
    /// The document, when it could be read.
    pub document: Option<Questestinterop>,
    /// Whether the CC profile rules were applied.
    pub cc_profile: bool,
    /// The problems.
    pub report: Report,
}

/// Validates a standalone `questestinterop` document (the `qti-1.2` kind of `ims validate`).
///
/// Documents that claim the CC profile (a CC-QTI schema location or `cc_profile` metadata) get
/// every profile rule; other QTI 1.2 documents get the structural checks and a remark that the
/// profile rules were not applied. `strict` turns leniencies into errors.
pub fn validate_questestinterop(bytes: &[u8], opts: &ReadOptions) -> QtiOutcome {
    let (q, mut report) = match Questestinterop::parse(bytes, opts) {
        Ok(x) => x,
        Err(e) => {
            let mut r = Report::new();
            r.push(e.to_problem());
            return QtiOutcome {
                document: None,
                cc_profile: false,
                report: r,
            };
        }
    };
    let cc = q.claims_cc_profile();
    let mode = if cc {
        QtiProfileMode::Cc
    } else {
        report.info(
            codes::QTI_NOT_CC_PROFILE,
            lti_core::Location::Unknown,
            "this QTI 1.2 document does not claim the Common Cartridge profile (no CC-QTI schema location, no cc_profile metadata): only the generic QTI 1.2 checks were applied",
        );
        QtiProfileMode::Generic
    };
    report.extend(validate(&q, mode, None, opts));
    QtiOutcome {
        document: Some(q),
        cc_profile: cc,
        report,
    }
}

/// The resource kind a document's content suits: an assessment for `<assessment>`, a question
/// bank for `<objectbank>`.
pub fn content_kind(q: &Questestinterop) -> Option<ResourceKind> {
    match (q.assessments.is_empty(), q.object_banks.is_empty()) {
        (false, true) => Some(ResourceKind::Assessment),
        (true, false) => Some(ResourceKind::QuestionBank),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
