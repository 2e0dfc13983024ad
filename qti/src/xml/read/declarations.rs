//! Reading variable declarations, values, mappings and lookup tables.

use lti_core::xml::{StartTag, XmlError};

use super::Rd;
use crate::declarations::{
    AreaMapEntry, AreaMapping, ContextDeclaration, ExternalScored, InterpolationTableEntry,
    LookupTable, MapEntry, Mapping, MatchTableEntry, OutcomeDeclaration, ResponseDeclaration,
    TemplateDeclaration, ValueElement, ValueSet, VariableHeader,
};
use crate::value::{BaseType, Cardinality, Coords, Float, Shape, View};

impl<'a> Rd<'a> {
    fn header(a: &mut super::Attrs<'_>) -> VariableHeader {
        VariableHeader {
            identifier: a.req_ident("identifier"),
            cardinality: a.req("cardinality", Cardinality::parse, Cardinality::Single),
            base_type: a.parse("baseType", BaseType::parse),
        }
    }

    /// A `<value>`, typed with its own base type or `declared`.
    pub(super) fn value_element(
        &mut self,
        tag: &StartTag<'a>,
        declared: Option<BaseType>,
    ) -> Result<ValueElement, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let field_identifier = a.ident("fieldIdentifier");
        let base_type = a.parse("baseType", BaseType::parse);
        let other_attributes = a.rest();
        let text = self.text()?;
        let mut v = ValueElement {
            field_identifier,
            base_type,
            text,
            value: None,
            other_attributes,
            span,
        };
        v.reparse(declared);
        Ok(v)
    }

    /// `defaultValue` / `correctResponse`.
    pub(super) fn value_set(
        &mut self,
        tag: &StartTag<'a>,
        declared: Option<BaseType>,
    ) -> Result<ValueSet, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let interpretation = a.str("interpretation");
        let other_attributes = a.rest();
        let mut values = Vec::new();
        self.children(|rd, t| {
            if rd.canon(t) == Some("value") {
                values.push(rd.value_element(t, declared)?);
            } else {
                rd.skip()?;
            }
            Ok(())
        })?;
        Ok(ValueSet {
            interpretation,
            values,
            other_attributes,
            span,
        })
    }

    fn mapping(&mut self, tag: &StartTag<'a>) -> Result<Mapping, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let lower_bound = a.float("lowerBound");
        let upper_bound = a.float("upperBound");
        let default_value = a.float("defaultValue");
        let other_attributes = a.rest();
        let mut entries = Vec::new();
        self.children(|rd, t| {
            if rd.canon(t) == Some("mapEntry") {
                let span = t.span();
                let mut a = rd.attrs(t);
                let e = MapEntry {
                    map_key: a.str("mapKey").unwrap_or_default(),
                    mapped_value: a.req("mappedValue", Float::parse, Float::default()),
                    case_sensitive: a.bool("caseSensitive"),
                    other_attributes: a.rest(),
                    span,
                };
                entries.push(e);
            }
            rd.skip()
        })?;
        Ok(Mapping {
            lower_bound,
            upper_bound,
            default_value,
            entries,
            other_attributes,
            span,
        })
    }

    fn area_mapping(&mut self, tag: &StartTag<'a>) -> Result<AreaMapping, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let lower_bound = a.float("lowerBound");
        let upper_bound = a.float("upperBound");
        let default_value = a.float("defaultValue");
        let other_attributes = a.rest();
        let mut entries = Vec::new();
        self.children(|rd, t| {
            if rd.canon(t) == Some("areaMapEntry") {
                let span = t.span();
                let mut a = rd.attrs(t);
                entries.push(AreaMapEntry {
                    shape: a.req("shape", Shape::parse, Shape::Default),
                    coords: Coords(a.str("coords").unwrap_or_default()),
                    mapped_value: a.req("mappedValue", Float::parse, Float::default()),
                    other_attributes: a.rest(),
                    span,
                });
            }
            rd.skip()
        })?;
        Ok(AreaMapping {
            lower_bound,
            upper_bound,
            default_value,
            entries,
            other_attributes,
            span,
        })
    }

    fn lookup_table(
        &mut self,
        tag: &StartTag<'a>,
        matching: bool,
    ) -> Result<LookupTable, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let default_value = a.str("defaultValue");
        let other_attributes = a.rest();
        let mut m_entries = Vec::new();
        let mut i_entries = Vec::new();
        self.children(|rd, t| {
            let span = t.span();
            let mut a = rd.attrs(t);
            match rd.canon(t) {
                Some("matchTableEntry") => m_entries.push(MatchTableEntry {
                    source_value: a.req("sourceValue", lti_core::xml::attr::parse_integer, 0),
                    // QTI 2.1's XSD spells it targetType.
                    target_value: a
                        .str("targetValue")
                        .or_else(|| a.str("targetType"))
                        .unwrap_or_default(),
                    other_attributes: a.rest(),
                    span,
                }),
                Some("interpolationTableEntry") => i_entries.push(InterpolationTableEntry {
                    source_value: a.req("sourceValue", Float::parse, Float::default()),
                    target_value: a.str("targetValue").unwrap_or_default(),
                    include_boundary: a.bool("includeBoundary"),
                    other_attributes: a.rest(),
                    span,
                }),
                _ => {}
            }
            rd.skip()
        })?;
        Ok(if matching {
            LookupTable::MatchTable {
                default_value,
                entries: m_entries,
                other_attributes,
                span,
            }
        } else {
            LookupTable::InterpolationTable {
                default_value,
                entries: i_entries,
                other_attributes,
                span,
            }
        })
    }

    pub(super) fn response_declaration(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<ResponseDeclaration, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let header = Self::header(&mut a);
        let mut d = ResponseDeclaration::new(header);
        d.other_attributes = a.rest();
        d.span = span;
        let bt = d.header.base_type;
        self.children(|rd, t| {
            match rd.canon(t) {
                Some("defaultValue") if d.default_value.is_none() => {
                    d.default_value = Some(rd.value_set(t, bt)?);
                }
                Some("correctResponse") if d.correct_response.is_none() => {
                    d.correct_response = Some(rd.value_set(t, bt)?);
                }
                Some("mapping") if d.mapping.is_none() => d.mapping = Some(rd.mapping(t)?),
                Some("areaMapping") if d.area_mapping.is_none() => {
                    d.area_mapping = Some(rd.area_mapping(t)?);
                }
                _ => d.extensions.push(rd.ext_tree(t)?),
            }
            Ok(())
        })?;
        Ok(d)
    }

    pub(super) fn outcome_declaration(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<OutcomeDeclaration, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let header = Self::header(&mut a);
        let mut d = OutcomeDeclaration::new(header);
        d.view = a.parse("view", View::parse_list);
        d.interpretation = a.str("interpretation");
        d.long_interpretation = a.str("longInterpretation");
        d.normal_maximum = a.float("normalMaximum");
        d.normal_minimum = a.float("normalMinimum");
        d.mastery_value = a.float("masteryValue");
        d.external_scored = a.parse("externalScored", ExternalScored::parse);
        d.variable_identifier_ref = a.str("variableIdentifierRef");
        d.other_attributes = a.rest();
        d.span = span;
        let bt = d.header.base_type;
        self.children(|rd, t| {
            match rd.canon(t) {
                Some("defaultValue") if d.default_value.is_none() => {
                    d.default_value = Some(rd.value_set(t, bt)?);
                }
                Some("matchTable") if d.lookup_table.is_none() => {
                    d.lookup_table = Some(rd.lookup_table(t, true)?);
                }
                Some("interpolationTable") if d.lookup_table.is_none() => {
                    d.lookup_table = Some(rd.lookup_table(t, false)?);
                }
                _ => d.extensions.push(rd.ext_tree(t)?),
            }
            Ok(())
        })?;
        Ok(d)
    }

    pub(super) fn template_declaration(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<TemplateDeclaration, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let header = Self::header(&mut a);
        let param_variable = a.bool("paramVariable");
        let math_variable = a.bool("mathVariable");
        let other_attributes = a.rest();
        let bt = header.base_type;
        let mut default_value = None;
        let mut extensions = Vec::new();
        self.children(|rd, t| {
            match rd.canon(t) {
                Some("defaultValue") if default_value.is_none() => {
                    default_value = Some(rd.value_set(t, bt)?);
                }
                _ => extensions.push(rd.ext_tree(t)?),
            }
            Ok(())
        })?;
        Ok(TemplateDeclaration {
            header,
            param_variable,
            math_variable,
            default_value,
            other_attributes,
            extensions,
            span,
        })
    }

    pub(super) fn context_declaration(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<ContextDeclaration, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let header = Self::header(&mut a);
        let other_attributes = a.rest();
        let bt = header.base_type;
        let mut default_value = None;
        let mut extensions = Vec::new();
        self.children(|rd, t| {
            match rd.canon(t) {
                Some("defaultValue") if default_value.is_none() => {
                    default_value = Some(rd.value_set(t, bt)?);
                }
                _ => extensions.push(rd.ext_tree(t)?),
            }
            Ok(())
        })?;
        Ok(ContextDeclaration {
            header,
            default_value,
            other_attributes,
            extensions,
            span,
        })
    }
}
