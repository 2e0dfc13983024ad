//! Item variables (QTI info model §5 "Item variables"): response, outcome, template and (3.0)
//! context declarations, with their default and correct values, mappings and lookup tables.

use lti_core::xml::{Attribute, Element, Span};
use serde::{Deserialize, Serialize};

use crate::value::{
    BaseType, Cardinality, Coords, Float, Identifier, Shape, SingleValue, Value, View,
};

/// A `<value>`: text, with `fieldIdentifier` and `baseType` for record fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ValueElement {
    /// `fieldIdentifier` (records only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_identifier: Option<Identifier>,
    /// `baseType` (records only: each field has its own type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_type: Option<BaseType>,
    /// The text as written.
    pub text: String,
    /// The typed value: parsed with the element's own `baseType`, else the declaration's.
    /// `None` when no base type is known or the text does not fit it (validation reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<SingleValue>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl ValueElement {
    /// A value element holding `value`.
    pub fn new(value: SingleValue) -> Self {
        Self {
            field_identifier: None,
            base_type: None,
            text: value.to_text(),
            value: Some(value),
            other_attributes: Vec::new(),
            span: Span::default(),
        }
    }

    /// (Re)parses [`ValueElement::value`] from the text, with the element's own base type or
    /// `declared`.
    pub fn reparse(&mut self, declared: Option<BaseType>) {
        self.value = self
            .base_type
            .or(declared)
            .and_then(|b| SingleValue::parse(b, &self.text).ok());
    }
}

/// `defaultValue` or `correctResponse`: an optional `interpretation` and the values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ValueSet {
    /// `interpretation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation: Option<String>,
    /// The `<value>`s.
    pub values: Vec<ValueElement>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl ValueSet {
    /// A set of values.
    pub fn new(values: Vec<ValueElement>) -> Self {
        Self {
            values,
            ..Self::default()
        }
    }

    /// The values as a typed [`Value`] of the given cardinality (values that did not parse are
    /// skipped; a single-cardinality set uses its first value).
    pub fn to_value(&self, cardinality: Cardinality) -> Value {
        let typed = || self.values.iter().filter_map(|v| v.value.clone());
        match cardinality {
            Cardinality::Single => typed().next().map_or(Value::Null, Value::Single),
            Cardinality::Multiple => Value::Multiple(typed().collect()),
            Cardinality::Ordered => Value::Ordered(typed().collect()),
            Cardinality::Record => Value::Record(
                self.values
                    .iter()
                    .map(|v| {
                        (
                            v.field_identifier.clone().unwrap_or_default(),
                            v.value.clone(),
                        )
                    })
                    .collect(),
            ),
        }
    }
}

/// A `mapEntry`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MapEntry {
    /// `mapKey`: a value of the response's base type, as text.
    pub map_key: String,
    /// `mappedValue`.
    pub mapped_value: Float,
    /// `caseSensitive` (string responses; default true in 2.1+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_sensitive: Option<bool>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `mapping`: response values to scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Mapping {
    /// `lowerBound`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower_bound: Option<Float>,
    /// `upperBound`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper_bound: Option<Float>,
    /// `defaultValue` (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Float>,
    /// The entries.
    pub entries: Vec<MapEntry>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl Mapping {
    /// The effective default value (0 when absent).
    pub fn effective_default(&self) -> f64 {
        self.default_value.as_ref().map_or(0.0, Float::get)
    }
}

/// An `areaMapEntry`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AreaMapEntry {
    /// `shape`.
    pub shape: Shape,
    /// `coords`.
    pub coords: Coords,
    /// `mappedValue`.
    pub mapped_value: Float,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `areaMapping`: point responses to scores by area.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AreaMapping {
    /// `lowerBound`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower_bound: Option<Float>,
    /// `upperBound`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper_bound: Option<Float>,
    /// `defaultValue` (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Float>,
    /// The entries.
    pub entries: Vec<AreaMapEntry>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// A `matchTableEntry`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MatchTableEntry {
    /// `sourceValue`.
    pub source_value: i64,
    /// `targetValue` (a value of the outcome's base type, as text).
    pub target_value: String,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// An `interpolationTableEntry`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InterpolationTableEntry {
    /// `sourceValue`: the lower bound of the range.
    pub source_value: Float,
    /// `targetValue` (a value of the outcome's base type, as text).
    pub target_value: String,
    /// `includeBoundary` (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_boundary: Option<bool>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// A lookup table of an outcome (`matchTable` or `interpolationTable`), used by
/// `lookupOutcomeValue`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum LookupTable {
    /// `matchTable`: exact integer matches.
    MatchTable {
        /// `defaultValue` (a value of the outcome's base type, as text).
        default_value: Option<String>,
        /// The entries.
        entries: Vec<MatchTableEntry>,
        /// Attributes not modelled.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        other_attributes: Vec<Attribute>,
        /// Where the element starts (not compared).
        #[serde(default, skip_serializing_if = "Span::is_unknown")]
        span: Span,
    },
    /// `interpolationTable`: ranges.
    InterpolationTable {
        /// `defaultValue`.
        default_value: Option<String>,
        /// The entries (ordered by decreasing `sourceValue` per the spec).
        entries: Vec<InterpolationTableEntry>,
        /// Attributes not modelled.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        other_attributes: Vec<Attribute>,
        /// Where the element starts (not compared).
        #[serde(default, skip_serializing_if = "Span::is_unknown")]
        span: Span,
    },
}

/// `externalScored` of an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ExternalScored {
    /// `human`.
    Human,
    /// `externalMachine`.
    ExternalMachine,
}

impl ExternalScored {
    /// The XML value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Human => "human",
            Self::ExternalMachine => "externalMachine",
        }
    }

    /// Parses the XML value.
    pub fn parse(s: &str) -> Option<Self> {
        match lti_core::xml::attr::trim_xml(s) {
            "human" => Some(Self::Human),
            "externalMachine" => Some(Self::ExternalMachine),
            _ => None,
        }
    }
}

/// The parts every variable declaration has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VariableHeader {
    /// `identifier`.
    pub identifier: Identifier,
    /// `cardinality`.
    pub cardinality: Cardinality,
    /// `baseType` (absent for records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_type: Option<BaseType>,
}

impl VariableHeader {
    /// A header.
    pub fn new(
        identifier: impl Into<Identifier>,
        cardinality: Cardinality,
        base_type: Option<BaseType>,
    ) -> Self {
        Self {
            identifier: identifier.into(),
            cardinality,
            base_type,
        }
    }
}

/// `responseDeclaration`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResponseDeclaration {
    /// Identifier, cardinality, base type.
    #[serde(flatten)]
    pub header: VariableHeader,
    /// `defaultValue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<ValueSet>,
    /// `correctResponse`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct_response: Option<ValueSet>,
    /// `mapping`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapping: Option<Mapping>,
    /// `areaMapping`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_mapping: Option<AreaMapping>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Child elements not modelled (kept, written after the modelled ones).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl ResponseDeclaration {
    /// A declaration with nothing but its header.
    pub fn new(header: VariableHeader) -> Self {
        Self {
            header,
            default_value: None,
            correct_response: None,
            mapping: None,
            area_mapping: None,
            other_attributes: Vec::new(),
            extensions: Vec::new(),
            span: Span::default(),
        }
    }
}

/// `outcomeDeclaration` (items and tests).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutcomeDeclaration {
    /// Identifier, cardinality, base type.
    #[serde(flatten)]
    pub header: VariableHeader,
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
    /// `externalScored` (2.2, 3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_scored: Option<ExternalScored>,
    /// `variableIdentifierRef` (2.2, 3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variable_identifier_ref: Option<String>,
    /// `defaultValue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<ValueSet>,
    /// `matchTable` or `interpolationTable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup_table: Option<LookupTable>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Child elements not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl OutcomeDeclaration {
    /// A declaration with nothing but its header.
    pub fn new(header: VariableHeader) -> Self {
        Self {
            header,
            view: None,
            interpretation: None,
            long_interpretation: None,
            normal_maximum: None,
            normal_minimum: None,
            mastery_value: None,
            external_scored: None,
            variable_identifier_ref: None,
            default_value: None,
            lookup_table: None,
            other_attributes: Vec::new(),
            extensions: Vec::new(),
            span: Span::default(),
        }
    }
}

/// `templateDeclaration`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TemplateDeclaration {
    /// Identifier, cardinality, base type.
    #[serde(flatten)]
    pub header: VariableHeader,
    /// `paramVariable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param_variable: Option<bool>,
    /// `mathVariable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub math_variable: Option<bool>,
    /// `defaultValue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<ValueSet>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Child elements not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `qti-context-declaration` (3.0 only): a variable whose value the delivery system supplies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContextDeclaration {
    /// Identifier, cardinality, base type.
    #[serde(flatten)]
    pub header: VariableHeader,
    /// `qti-default-value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<ValueSet>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Child elements not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Element>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}
