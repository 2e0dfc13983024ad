//! `assessmentItem` (QTI info model §3 "Items").

use lti_core::xml::{Attribute, Element, NamespaceDeclaration, Span};
use serde::{Deserialize, Serialize};

use crate::catalog::{CatalogInfo, CompanionMaterialsInfo};
use crate::content::{ItemBody, ModalFeedback, Stylesheet};
use crate::declarations::{
    ContextDeclaration, OutcomeDeclaration, ResponseDeclaration, TemplateDeclaration,
};
use crate::processing::{ResponseProcessing, TemplateProcessing};
use crate::stimulus::StimulusRef;
use crate::value::Identifier;
use crate::version::Version;

/// An assessment item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssessmentItem {
    /// The version the item was read from (or is meant for); the writer converts from it.
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
    /// `adaptive`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adaptive: Option<bool>,
    /// `timeDependent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_dependent: Option<bool>,
    /// `toolName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_name: Option<String>,
    /// `toolVersion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_version: Option<String>,
    /// `qti-context-declaration`s (3.0).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context_declarations: Vec<ContextDeclaration>,
    /// `responseDeclaration`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response_declarations: Vec<ResponseDeclaration>,
    /// `outcomeDeclaration`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcome_declarations: Vec<OutcomeDeclaration>,
    /// `templateDeclaration`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub template_declarations: Vec<TemplateDeclaration>,
    /// `templateProcessing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_processing: Option<TemplateProcessing>,
    /// `assessmentStimulusRef`s (2.2, 3.0).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stimulus_refs: Vec<StimulusRef>,
    /// `qti-companion-materials-info` (3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub companion_materials: Option<CompanionMaterialsInfo>,
    /// `stylesheet`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stylesheets: Vec<Stylesheet>,
    /// `itemBody`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_body: Option<ItemBody>,
    /// `qti-catalog-info` (3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_info: Option<CatalogInfo>,
    /// `responseProcessing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_processing: Option<ResponseProcessing>,
    /// `modalFeedback`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modal_feedbacks: Vec<ModalFeedback>,
    /// `apipAccessibility` (2.1, 2.2) and other elements the model does not place, kept as
    /// trees and written last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Attributes not modelled (`xsi:schemaLocation`, extensions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Namespace declarations of the root element (kept so that output uses the same prefixes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespace_declarations: Vec<NamespaceDeclaration>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl AssessmentItem {
    /// An empty item (no declarations, no body).
    pub fn new(
        version: Version,
        identifier: impl Into<Identifier>,
        title: impl Into<String>,
    ) -> Self {
        Self {
            version,
            identifier: identifier.into(),
            title: title.into(),
            label: None,
            lang: None,
            adaptive: None,
            time_dependent: None,
            tool_name: None,
            tool_version: None,
            context_declarations: Vec::new(),
            response_declarations: Vec::new(),
            outcome_declarations: Vec::new(),
            template_declarations: Vec::new(),
            template_processing: None,
            stimulus_refs: Vec::new(),
            companion_materials: None,
            stylesheets: Vec::new(),
            item_body: None,
            catalog_info: None,
            response_processing: None,
            modal_feedbacks: Vec::new(),
            extensions: Vec::new(),
            other_attributes: Vec::new(),
            namespace_declarations: Vec::new(),
            span: Span::default(),
        }
    }

    /// The response declaration with this identifier.
    pub fn response_declaration(&self, id: &str) -> Option<&ResponseDeclaration> {
        self.response_declarations
            .iter()
            .find(|d| d.header.identifier == id)
    }

    /// The outcome declaration with this identifier.
    pub fn outcome_declaration(&self, id: &str) -> Option<&OutcomeDeclaration> {
        self.outcome_declarations
            .iter()
            .find(|d| d.header.identifier == id)
    }

    /// The template declaration with this identifier.
    pub fn template_declaration(&self, id: &str) -> Option<&TemplateDeclaration> {
        self.template_declarations
            .iter()
            .find(|d| d.header.identifier == id)
    }

    /// Every interaction of the item body, depth first.
    pub fn interactions(&self) -> Vec<&crate::interactions::Interaction> {
        let mut out = Vec::new();
        if let Some(b) = &self.item_body {
            crate::content::walk_body(&b.content, &mut |n| {
                if let crate::content::BodyNode::Interaction(i) = n {
                    out.push(&**i);
                }
            });
        }
        out
    }
}
