//! Results reporting (QTI Results Reporting 2.1, 2.2, 3.0): `assessmentResult` with its
//! context, test result and item results. Element names are camelCase in every version
//! (3.0 included); only the namespace differs.

use lti_core::xml::{Attribute, Element, NamespaceDeclaration, Span};
use serde::{Deserialize, Serialize};

use crate::declarations::{ExternalScored, ValueElement, ValueSet};
use crate::value::{BaseType, Cardinality, Float, Identifier, View};
use crate::version::Version;

/// `assessmentResult`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssessmentResult {
    /// The results version (from the namespace).
    pub version: Version,
    /// `context`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    /// `testResult`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_result: Option<TestResult>,
    /// `itemResult`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item_results: Vec<ItemResult>,
    /// Elements not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Namespace declarations of the root element.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespace_declarations: Vec<NamespaceDeclaration>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `context`: who and which session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Context {
    /// `sourcedId` of the candidate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sourced_id: Option<String>,
    /// `sessionIdentifier`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub session_identifiers: Vec<SessionIdentifier>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `sessionIdentifier`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionIdentifier {
    /// `sourceID`: the system that assigned the identifier.
    pub source_id: String,
    /// `identifier`.
    pub identifier: String,
}

/// `sessionStatus` of an item result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum SessionStatus {
    /// `initial`.
    Initial,
    /// `pendingSubmission`.
    PendingSubmission,
    /// `pendingResponseProcessing`.
    PendingResponseProcessing,
    /// `pendingExternalScoring` (3.0).
    PendingExternalScoring,
    /// `final`.
    Final,
}

impl SessionStatus {
    /// The XML value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Initial => "initial",
            Self::PendingSubmission => "pendingSubmission",
            Self::PendingResponseProcessing => "pendingResponseProcessing",
            Self::PendingExternalScoring => "pendingExternalScoring",
            Self::Final => "final",
        }
    }
    /// Parses the XML value.
    pub fn parse(s: &str) -> Option<Self> {
        let t = lti_core::xml::attr::trim_xml(s);
        [
            Self::Initial,
            Self::PendingSubmission,
            Self::PendingResponseProcessing,
            Self::PendingExternalScoring,
            Self::Final,
        ]
        .into_iter()
        .find(|v| v.as_str() == t)
    }
}

/// `testResult`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestResult {
    /// `identifier`.
    pub identifier: Identifier,
    /// `datestamp` (an `xs:dateTime`, kept as written).
    pub datestamp: String,
    /// The variables, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<ResultVariable>,
    /// Elements not modelled (3.0 `support`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `itemResult`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ItemResult {
    /// `identifier` (the item reference's identifier in a test).
    pub identifier: Identifier,
    /// `sequenceIndex`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_index: Option<i64>,
    /// `datestamp`.
    pub datestamp: String,
    /// `sessionStatus`.
    pub session_status: SessionStatus,
    /// The variables, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<ResultVariable>,
    /// `candidateComment`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate_comment: Option<String>,
    /// Elements not modelled (3.0 `support`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// A variable in a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum ResultVariable {
    /// `responseVariable`.
    Response(ResponseVariable),
    /// `outcomeVariable`.
    Outcome(OutcomeVariable),
    /// `templateVariable`.
    Template(PlainVariable),
    /// `contextVariable` (3.0).
    Context(PlainVariable),
}

impl ResultVariable {
    /// The variable's identifier.
    pub fn identifier(&self) -> &Identifier {
        match self {
            Self::Response(v) => &v.identifier,
            Self::Outcome(v) => &v.identifier,
            Self::Template(v) | Self::Context(v) => &v.identifier,
        }
    }
}

/// `responseVariable`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResponseVariable {
    /// `identifier`.
    pub identifier: Identifier,
    /// `cardinality`.
    pub cardinality: Cardinality,
    /// `baseType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_type: Option<BaseType>,
    /// `choiceSequence`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice_sequence: Option<Vec<Identifier>>,
    /// `answeredStatus` (3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_status: Option<String>,
    /// `scoreStatus` (3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_status: Option<String>,
    /// `correctResponse`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct_response: Option<ValueSet>,
    /// The `value`s of `candidateResponse` (`None`: no `candidateResponse` element).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate_response: Option<Vec<ValueElement>>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `outcomeVariable`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutcomeVariable {
    /// `identifier`.
    pub identifier: Identifier,
    /// `cardinality`.
    pub cardinality: Cardinality,
    /// `baseType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_type: Option<BaseType>,
    /// `view`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<Vec<View>>,
    /// `interpretation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation: Option<String>,
    /// `longInterpretation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_interpretation: Option<String>,
    /// `normalMaximum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal_maximum: Option<Float>,
    /// `normalMinimum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal_minimum: Option<Float>,
    /// `masteryValue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mastery_value: Option<Float>,
    /// `external-scored` (3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_scored: Option<ExternalScored>,
    /// `variable-identifier-ref` (3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variable_identifier_ref: Option<String>,
    /// The `value`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<ValueElement>,
    /// Elements not modelled (3.0 `outcomeInformation`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `templateVariable` and `contextVariable`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlainVariable {
    /// `identifier`.
    pub identifier: Identifier,
    /// `cardinality`.
    pub cardinality: Cardinality,
    /// `baseType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_type: Option<BaseType>,
    /// The `value`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<ValueElement>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}
