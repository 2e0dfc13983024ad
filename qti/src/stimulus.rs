//! Shared stimuli: `assessmentStimulus` (2.2) / `qti-assessment-stimulus` (3.0) and the references
//! items make to them.

use lti_core::xml::{Attribute, Element, NamespaceDeclaration, Span};
use serde::{Deserialize, Serialize};

use crate::catalog::CatalogInfo;
use crate::content::{BodyNode, Stylesheet};
use crate::value::Identifier;
use crate::version::Version;

/// `assessmentStimulusRef` (2.2) / `qti-assessment-stimulus-ref` (3.0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StimulusRef {
    /// `identifier`.
    pub identifier: Identifier,
    /// `href`.
    pub href: String,
    /// `title` (3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// A shared stimulus document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssessmentStimulus {
    /// The version the stimulus was read from.
    pub version: Version,
    /// `identifier`.
    pub identifier: Identifier,
    /// `title`.
    pub title: String,
    /// `label`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `xml:lang`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// `toolName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_name: Option<String>,
    /// `toolVersion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_version: Option<String>,
    /// `stylesheet`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stylesheets: Vec<Stylesheet>,
    /// The attributes of `stimulusBody`, in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body_attributes: Vec<Attribute>,
    /// The content of `stimulusBody`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<BodyNode>,
    /// `qti-catalog-info` (3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_info: Option<CatalogInfo>,
    /// `apipAccessibility` (2.2) and other elements not modelled.
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
