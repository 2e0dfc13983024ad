//! Tests (QTI info model §8 "Tests"): `assessmentTest`, `testPart`, `assessmentSection` (also
//! as a standalone document), references, selection and ordering, item session control, time
//! limits, pre-conditions, branch rules, weights, variable mappings, template defaults and test
//! feedback.

use lti_core::xml::{Attribute, Element, NamespaceDeclaration, Span};
use serde::{Deserialize, Serialize};

use crate::catalog::CatalogInfo;
use crate::content::{BodyNode, RubricBlock, Stylesheet};
use crate::declarations::{ContextDeclaration, OutcomeDeclaration};
use crate::processing::{Expression, OutcomeProcessing};
use crate::value::{Float, Identifier, ShowHide};
use crate::version::Version;

/// `assessmentTest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssessmentTest {
    /// The version the test was read from.
    pub version: Version,
    /// `identifier`.
    pub identifier: Identifier,
    /// `title`.
    pub title: String,
    /// `toolName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_name: Option<String>,
    /// `toolVersion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_version: Option<String>,
    /// `qti-context-declaration`s (3.0).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context_declarations: Vec<ContextDeclaration>,
    /// `outcomeDeclaration`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcome_declarations: Vec<OutcomeDeclaration>,
    /// `timeLimits`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limits: Option<TimeLimits>,
    /// `stylesheet`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stylesheets: Vec<Stylesheet>,
    /// `qti-rubric-block`s at test level (3.0).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rubric_blocks: Vec<RubricBlock>,
    /// `testPart`s.
    pub test_parts: Vec<TestPart>,
    /// `outcomeProcessing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_processing: Option<OutcomeProcessing>,
    /// `testFeedback`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub test_feedbacks: Vec<TestFeedback>,
    /// Elements not modelled, kept as trees and written last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Attributes not modelled (`class` in 3.0, `xsi:schemaLocation`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Namespace declarations of the root element.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespace_declarations: Vec<NamespaceDeclaration>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl AssessmentTest {
    /// Every item reference, depth first (sections included inline; section references are not
    /// resolved).
    pub fn item_refs(&self) -> Vec<&AssessmentItemRef> {
        let mut out = Vec::new();
        for p in &self.test_parts {
            for s in &p.sections {
                s.collect_item_refs(&mut out);
            }
        }
        out
    }
}

/// `navigationMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum NavigationMode {
    /// `linear`.
    Linear,
    /// `nonlinear`.
    Nonlinear,
}

impl NavigationMode {
    /// The XML value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Linear => "linear",
            Self::Nonlinear => "nonlinear",
        }
    }
    /// Parses the XML value.
    pub fn parse(s: &str) -> Option<Self> {
        match lti_core::xml::attr::trim_xml(s) {
            "linear" => Some(Self::Linear),
            "nonlinear" => Some(Self::Nonlinear),
            _ => None,
        }
    }
}

/// `submissionMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum SubmissionMode {
    /// `individual`.
    Individual,
    /// `simultaneous`.
    Simultaneous,
}

impl SubmissionMode {
    /// The XML value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Individual => "individual",
            Self::Simultaneous => "simultaneous",
        }
    }
    /// Parses the XML value.
    pub fn parse(s: &str) -> Option<Self> {
        match lti_core::xml::attr::trim_xml(s) {
            "individual" => Some(Self::Individual),
            "simultaneous" => Some(Self::Simultaneous),
            _ => None,
        }
    }
}

/// `testPart`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestPart {
    /// `identifier`.
    pub identifier: Identifier,
    /// `navigationMode`.
    pub navigation_mode: NavigationMode,
    /// `submissionMode`.
    pub submission_mode: SubmissionMode,
    /// `title` (3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `preCondition`s, `branchRule`s, `itemSessionControl`, `timeLimits`.
    #[serde(flatten)]
    pub control: Control,
    /// `qti-rubric-block`s (3.0).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rubric_blocks: Vec<RubricBlock>,
    /// The sections (and section references), in order.
    pub sections: Vec<SectionPart>,
    /// `testFeedback`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub test_feedbacks: Vec<TestFeedback>,
    /// Elements not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// The control elements shared by test parts, sections and item references.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Control {
    /// `preCondition`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pre_conditions: Vec<PreCondition>,
    /// `branchRule`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branch_rules: Vec<BranchRule>,
    /// `itemSessionControl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_session_control: Option<ItemSessionControl>,
    /// `timeLimits`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limits: Option<TimeLimits>,
}

/// `preCondition`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PreCondition {
    /// The condition.
    pub expression: Option<Expression>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `branchRule`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BranchRule {
    /// `target`: an item, section or test part identifier, or `EXIT_SECTION`, `EXIT_TESTPART`,
    /// `EXIT_TEST`.
    pub target: Identifier,
    /// The condition.
    pub expression: Option<Expression>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `itemSessionControl`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ItemSessionControl {
    /// `maxAttempts` (default 1; 0 = unlimited).
    pub max_attempts: Option<i64>,
    /// `showFeedback` (default false).
    pub show_feedback: Option<bool>,
    /// `allowReview` (default true).
    pub allow_review: Option<bool>,
    /// `showSolution` (default false).
    pub show_solution: Option<bool>,
    /// `allowComment` (default false).
    pub allow_comment: Option<bool>,
    /// `allowSkipping` (default true).
    pub allow_skipping: Option<bool>,
    /// `validateResponses` (default false).
    pub validate_responses: Option<bool>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
}

/// `timeLimits`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimeLimits {
    /// `minTime` (seconds).
    pub min_time: Option<Float>,
    /// `maxTime` (seconds).
    pub max_time: Option<Float>,
    /// `allowLateSubmission` (default false).
    pub allow_late_submission: Option<bool>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
}

/// A member of a test part or section: a section, a section reference or an item reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum SectionPart {
    /// `assessmentSection`.
    Section(Box<AssessmentSection>),
    /// `assessmentSectionRef`.
    SectionRef(Box<SectionRef>),
    /// `assessmentItemRef`.
    ItemRef(Box<AssessmentItemRef>),
    /// `xi:include` (not resolved).
    Include(Box<Element>),
}

impl SectionPart {
    fn collect_item_refs<'a>(&'a self, out: &mut Vec<&'a AssessmentItemRef>) {
        match self {
            Self::Section(s) => {
                for c in &s.children {
                    c.collect_item_refs(out);
                }
            }
            Self::ItemRef(r) => out.push(r),
            _ => {}
        }
    }
}

/// `assessmentSection` (in a test part, nested, or as a standalone document).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssessmentSection {
    /// The version (meaningful for standalone section documents).
    pub version: Version,
    /// `identifier`.
    pub identifier: Identifier,
    /// `title`.
    pub title: String,
    /// `visible`.
    pub visible: bool,
    /// `required`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// `fixed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<bool>,
    /// `keepTogether`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_together: Option<bool>,
    /// Pre-conditions, branch rules, session control, time limits.
    #[serde(flatten)]
    pub control: Control,
    /// `qti-adaptive-selection` (3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adaptive_selection: Option<AdaptiveSelection>,
    /// `selection`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection: Option<Selection>,
    /// `ordering`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordering: Option<Ordering>,
    /// `rubricBlock`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rubric_blocks: Vec<RubricBlock>,
    /// Items, sections and section references, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<SectionPart>,
    /// Elements not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Namespace declarations (standalone documents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespace_declarations: Vec<NamespaceDeclaration>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl AssessmentSection {
    /// Every item reference in this section, depth first.
    pub fn item_refs(&self) -> Vec<&AssessmentItemRef> {
        let mut out = Vec::new();
        for c in &self.children {
            c.collect_item_refs(&mut out);
        }
        out
    }
}

/// `assessmentSectionRef`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SectionRef {
    /// `identifier`.
    pub identifier: Identifier,
    /// `href`.
    pub href: String,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `assessmentItemRef`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssessmentItemRef {
    /// `identifier`.
    pub identifier: Identifier,
    /// `href`.
    pub href: String,
    /// `category`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Vec<Identifier>>,
    /// `required`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// `fixed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<bool>,
    /// Pre-conditions, branch rules, session control, time limits.
    #[serde(flatten)]
    pub control: Control,
    /// `variableMapping`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variable_mappings: Vec<VariableMapping>,
    /// `weight`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weights: Vec<Weight>,
    /// `templateDefault`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub template_defaults: Vec<TemplateDefault>,
    /// Elements not modelled (kept, written last).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `selection`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Selection {
    /// `select`: how many children to select.
    pub select: i64,
    /// `withReplacement` (default false).
    pub with_replacement: Option<bool>,
    /// Extension content (the schema allows any element).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
}

/// `ordering`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Ordering {
    /// `shuffle` (default false).
    pub shuffle: Option<bool>,
    /// Extension content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
}

/// An `href` with an identifier (3.0 adaptive selection references).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HrefRef {
    /// `identifier`.
    pub identifier: Identifier,
    /// `href`.
    pub href: String,
}

/// `qti-adaptive-selection` (3.0).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AdaptiveSelection {
    /// `qti-adaptive-engine-ref`.
    pub engine_ref: Option<HrefRef>,
    /// `qti-adaptive-settings-ref`.
    pub settings_ref: Option<HrefRef>,
    /// `qti-usagedata-ref`.
    pub usagedata_ref: Option<HrefRef>,
    /// `qti-metadata-ref`.
    pub metadata_ref: Option<HrefRef>,
}

/// `weight`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Weight {
    /// `identifier`.
    pub identifier: Identifier,
    /// `value`.
    pub value: Float,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `variableMapping`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VariableMapping {
    /// `sourceIdentifier` (the item's variable).
    pub source_identifier: Identifier,
    /// `targetIdentifier` (the name used in the test).
    pub target_identifier: Identifier,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `templateDefault`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TemplateDefault {
    /// `templateIdentifier`.
    pub template_identifier: Identifier,
    /// The value expression.
    pub expression: Option<Expression>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `testFeedback/@access`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum FeedbackAccess {
    /// `atEnd`.
    AtEnd,
    /// `during`.
    During,
}

impl FeedbackAccess {
    /// The XML value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AtEnd => "atEnd",
            Self::During => "during",
        }
    }
    /// Parses the XML value.
    pub fn parse(s: &str) -> Option<Self> {
        match lti_core::xml::attr::trim_xml(s) {
            "atEnd" => Some(Self::AtEnd),
            "during" => Some(Self::During),
            _ => None,
        }
    }
}

/// `testFeedback`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestFeedback {
    /// `access`.
    pub access: FeedbackAccess,
    /// `outcomeIdentifier`.
    pub outcome_identifier: Identifier,
    /// `identifier`.
    pub identifier: Identifier,
    /// `showHide`.
    pub show_hide: ShowHide,
    /// `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `stylesheet`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stylesheets: Vec<Stylesheet>,
    /// The content (3.0: of `qti-content-body`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<BodyNode>,
    /// `qti-catalog-info` (3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_info: Option<CatalogInfo>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}
