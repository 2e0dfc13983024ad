//! QTI 3.0 accessibility catalogs (`qti-catalog-info`) and companion materials
//! (`qti-companion-materials-info`).

use lti_core::xml::{Attribute, Element, Span};
use serde::{Deserialize, Serialize};

use crate::content::BodyNode;

/// `qti-catalog-info`: catalogs of support content referenced by `data-catalog-idref`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CatalogInfo {
    /// The catalogs.
    pub catalogs: Vec<Catalog>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `qti-catalog`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Catalog {
    /// `id` (referenced by `data-catalog-idref`).
    pub id: String,
    /// The cards.
    pub cards: Vec<Card>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `qti-card` and `qti-card-entry`: support content of one kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Card {
    /// `support` (cards; `glossary-on-screen`, `braille`, `ext:…`); `None` for card entries.
    pub support: Option<String>,
    /// `default` (card entries).
    pub default: Option<bool>,
    /// `qti-html-content`.
    pub html_content: Option<HtmlContent>,
    /// `qti-file-href`s.
    pub file_hrefs: Vec<FileHref>,
    /// `qti-card-entry`s (cards only).
    pub entries: Vec<Self>,
    /// The other attributes (`xml:lang`, `data-*`), in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `qti-html-content`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HtmlContent {
    /// The attributes, in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// The content.
    pub content: Vec<BodyNode>,
}

/// `qti-file-href`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileHref {
    /// The URI (text content).
    pub href: String,
    /// `mime-type`.
    pub mime_type: Option<String>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
}

/// `qti-companion-materials-info`: calculators, rulers, protractors and other materials the
/// candidate may use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CompanionMaterialsInfo {
    /// The materials, in order.
    pub materials: Vec<CompanionMaterial>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// A file-based material (`qti-calculator-info`, `qti-digital-material`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileInfo {
    /// `label`.
    pub label: Option<String>,
    /// `mime-type`.
    pub mime_type: Option<String>,
    /// `qti-file-href`s.
    pub file_hrefs: Vec<String>,
    /// `qti-resource-icon`.
    pub resource_icon: Option<String>,
}

/// A measure with a unit (`qti-minor-increment`, `qti-major-increment`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Measure {
    /// `unit` (`Millimeter`, `Inch`, `Degree`, `Radian`…).
    pub unit: String,
    /// The decimal value as written.
    pub value: String,
}

/// A ruler or protractor scale (`qti-rule-system-si`/`-us`, `qti-increment-si`/`-us`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Scale {
    /// `qti-minimum-length` (rulers).
    pub minimum_length: Option<String>,
    /// `qti-minor-increment`.
    pub minor_increment: Option<Measure>,
    /// `qti-major-increment`.
    pub major_increment: Option<Measure>,
}

/// One companion material.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum CompanionMaterial {
    /// `qti-calculator`.
    Calculator {
        /// `qti-calculator-type` (`basic`, `standard`, `scientific`, `graphing`).
        calculator_type: String,
        /// `qti-description`.
        description: Option<String>,
        /// `qti-calculator-info`.
        info: Option<FileInfo>,
    },
    /// `qti-rule` (a ruler).
    Rule {
        /// `qti-description`.
        description: Option<String>,
        /// `qti-rule-system-si`.
        si: Option<Scale>,
        /// `qti-rule-system-us`.
        us: Option<Scale>,
    },
    /// `qti-protractor`.
    Protractor {
        /// `qti-description`.
        description: Option<String>,
        /// `qti-increment-si`.
        si: Option<Scale>,
        /// `qti-increment-us`.
        us: Option<Scale>,
    },
    /// `qti-digital-material`.
    DigitalMaterial(FileInfo),
    /// `qti-physical-material`.
    PhysicalMaterial(String),
    /// An extension element (the schema allows any other namespace here).
    Other(Element),
}
