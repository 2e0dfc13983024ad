//! Writing expressions, rules and declarations.

use super::Wr;
use crate::declarations::{
    ContextDeclaration, LookupTable, OutcomeDeclaration, ResponseDeclaration, TemplateDeclaration,
    ValueElement, ValueSet, VariableHeader,
};
use crate::processing::{
    Branch, Condition, Exit, Expression, ExpressionKind, Fragment, ItemSubset, OutcomeProcessing,
    OutcomeRule, ResponseProcessing, ResponseRule, SetValue, TemplateProcessing, TemplateRule,
};

impl Wr {
    fn subset(&mut self, s: &ItemSubset) {
        self.opt("sectionIdentifier", s.section_identifier.as_ref());
        self.list("includeCategory", s.include_category.as_ref());
        self.list("excludeCategory", s.exclude_category.as_ref());
    }

    pub(super) fn expression(&mut self, e: &Expression) {
        use ExpressionKind as K;
        let k = &e.kind;
        match k {
            K::Include(el) | K::Unknown(el) => {
                self.foreign(el);
                return;
            }
            _ => {}
        }
        self.start(k.element_name());
        match k {
            K::BaseValue { base_type, .. } => self.attr("baseType", base_type.as_str()),
            K::Variable {
                identifier,
                weight_identifier,
            } => {
                self.attr("identifier", identifier);
                self.opt("weightIdentifier", weight_identifier.as_ref());
            }
            K::Default { identifier }
            | K::Correct { identifier }
            | K::MapResponse { identifier }
            | K::MapResponsePoint { identifier } => self.attr("identifier", identifier),
            K::MathConstant { name } => self.attr("name", name.as_str()),
            K::RandomInteger { min, max, step } => {
                if let Some(m) = min {
                    self.attr("min", &m.to_text(false));
                }
                self.attr("max", &max.to_text(false));
                if let Some(s) = step {
                    self.attr("step", &s.to_text(false));
                }
            }
            K::RandomFloat { min, max } => {
                if let Some(m) = min {
                    self.attr("min", &m.to_text());
                }
                self.attr("max", &max.to_text());
            }
            K::NumberCorrect(s)
            | K::NumberIncorrect(s)
            | K::NumberPresented(s)
            | K::NumberResponded(s)
            | K::NumberSelected(s) => self.subset(s),
            K::OutcomeMaximum {
                subset,
                outcome_identifier,
                weight_identifier,
            }
            | K::OutcomeMinimum {
                subset,
                outcome_identifier,
                weight_identifier,
            } => {
                self.subset(subset);
                self.attr("outcomeIdentifier", outcome_identifier);
                self.opt("weightIdentifier", weight_identifier.as_ref());
            }
            K::TestVariables {
                subset,
                variable_identifier,
                weight_identifier,
                base_type,
            } => {
                self.subset(subset);
                self.attr("variableIdentifier", variable_identifier);
                self.opt("weightIdentifier", weight_identifier.as_ref());
                self.opt_str("baseType", base_type.map(|b| b.as_str()));
            }
            K::Index { n, .. } => self.attr("n", &n.to_text(false)),
            K::FieldValue {
                field_identifier, ..
            } => self.attr("fieldIdentifier", field_identifier),
            K::Repeat { number_repeats, .. } => {
                self.attr("numberRepeats", &number_repeats.to_text(false));
            }
            K::AnyN { min, max, .. } => {
                self.attr("min", &min.to_text(false));
                self.attr("max", &max.to_text(false));
            }
            K::StringMatch {
                case_sensitive,
                substring,
                ..
            } => {
                self.opt_bool("caseSensitive", Some(*case_sensitive));
                self.opt_bool("substring", *substring);
            }
            K::PatternMatch { pattern, .. } => self.attr("pattern", &pattern.to_text()),
            K::Equal {
                tolerance_mode,
                tolerance,
                include_lower_bound,
                include_upper_bound,
                ..
            } => {
                self.opt_str("toleranceMode", tolerance_mode.map(|t| t.as_str()));
                if let Some(t) = tolerance {
                    let s: Vec<String> = t.iter().map(|x| x.to_text()).collect();
                    self.attr("tolerance", &s.join(" "));
                }
                self.opt_bool("includeLowerBound", *include_lower_bound);
                self.opt_bool("includeUpperBound", *include_upper_bound);
            }
            K::EqualRounded {
                rounding_mode,
                figures,
                ..
            }
            | K::RoundTo {
                rounding_mode,
                figures,
                ..
            } => {
                self.opt_str("roundingMode", rounding_mode.map(|r| r.as_str()));
                self.attr("figures", &figures.to_text(false));
            }
            K::Inside { shape, coords, .. } => {
                self.attr("shape", shape.as_str());
                self.attr("coords", &coords.0);
            }
            K::Substring { case_sensitive, .. } => {
                self.opt_bool("caseSensitive", *case_sensitive);
            }
            K::MathOperator { name, .. } => self.attr("name", name.as_str()),
            K::StatsOperator { name, .. } => self.attr("name", name.as_str()),
            K::CustomOperator {
                class, definition, ..
            } => {
                self.opt_str("class", class.as_deref());
                self.opt_str("definition", definition.as_deref());
            }
            _ => {}
        }
        self.attributes(&e.other_attributes);
        if let K::BaseValue { value, .. } = k {
            self.w.text(&value.text);
        }
        for o in k.operands() {
            self.expression(o);
        }
        self.end();
    }

    fn set_value(&mut self, name: &str, s: &SetValue) {
        self.start(name);
        self.attr("identifier", &s.identifier);
        self.attributes(&s.other_attributes);
        if let Some(e) = &s.expression {
            self.expression(e);
        }
        self.end();
    }

    fn exit(&mut self, name: &str, e: &Exit) {
        self.start(name);
        self.attributes(&e.other_attributes);
        self.end();
    }

    fn condition<R>(&mut self, names: [&str; 4], c: &Condition<R>, rule: &dyn Fn(&mut Self, &R)) {
        self.start(names[0]);
        self.attributes(&c.other_attributes);
        let branch = |wr: &mut Self, name: &str, b: &Branch<R>| {
            wr.start(name);
            wr.attributes(&b.other_attributes);
            if let Some(e) = &b.condition {
                wr.expression(e);
            }
            for r in &b.rules {
                rule(wr, r);
            }
            wr.end();
        };
        // An out-of-place element kept before the else branch is a branch without a condition
        // holding it; what was read after the else branch (a second else, say) is written after
        // it again — written before it, a second else would be read back as the else branch.
        branch(self, names[1], &c.if_branch);
        for b in &c.else_if {
            if b.condition.is_none() {
                for r in &b.rules {
                    rule(self, r);
                }
                continue;
            }
            branch(self, names[2], b);
        }
        if let Some(b) = &c.else_branch {
            branch(self, names[3], b);
        }
        for r in &c.after_else {
            rule(self, r);
        }
        self.end();
    }

    fn fragment<R>(&mut self, name: &str, f: &Fragment<R>, rule: &dyn Fn(&mut Self, &R)) {
        self.start(name);
        self.attributes(&f.other_attributes);
        for r in &f.rules {
            rule(self, r);
        }
        self.end();
    }

    fn response_rule(&mut self, r: &ResponseRule) {
        match r {
            ResponseRule::Condition(c) => self.condition(
                [
                    "responseCondition",
                    "responseIf",
                    "responseElseIf",
                    "responseElse",
                ],
                c,
                &|wr, r| wr.response_rule(r),
            ),
            ResponseRule::Fragment(f) => {
                self.fragment("responseProcessingFragment", f, &|wr, r| {
                    wr.response_rule(r)
                });
            }
            ResponseRule::SetOutcomeValue(s) => self.set_value("setOutcomeValue", s),
            ResponseRule::LookupOutcomeValue(s) => self.set_value("lookupOutcomeValue", s),
            ResponseRule::ExitResponse(e) => self.exit("exitResponse", e),
            ResponseRule::Include(e) | ResponseRule::Unknown(e) => self.foreign(e),
        }
    }

    fn outcome_rule(&mut self, r: &OutcomeRule) {
        match r {
            OutcomeRule::Condition(c) => self.condition(
                [
                    "outcomeCondition",
                    "outcomeIf",
                    "outcomeElseIf",
                    "outcomeElse",
                ],
                c,
                &|wr, r| wr.outcome_rule(r),
            ),
            OutcomeRule::Fragment(f) => {
                self.fragment("outcomeProcessingFragment", f, &|wr, r| wr.outcome_rule(r));
            }
            OutcomeRule::SetOutcomeValue(s) => self.set_value("setOutcomeValue", s),
            OutcomeRule::LookupOutcomeValue(s) => self.set_value("lookupOutcomeValue", s),
            OutcomeRule::ExitTest(e) => self.exit("exitTest", e),
            OutcomeRule::Include(e) | OutcomeRule::Unknown(e) => self.foreign(e),
        }
    }

    fn template_rule(&mut self, r: &TemplateRule) {
        match r {
            TemplateRule::Condition(c) => self.condition(
                [
                    "templateCondition",
                    "templateIf",
                    "templateElseIf",
                    "templateElse",
                ],
                c,
                &|wr, r| wr.template_rule(r),
            ),
            TemplateRule::SetTemplateValue(s) => self.set_value("setTemplateValue", s),
            TemplateRule::SetCorrectResponse(s) => self.set_value("setCorrectResponse", s),
            TemplateRule::SetDefaultValue(s) => self.set_value("setDefaultValue", s),
            TemplateRule::ExitTemplate(e) => self.exit("exitTemplate", e),
            TemplateRule::TemplateConstraint {
                expression,
                other_attributes,
                ..
            } => {
                self.start("templateConstraint");
                self.attributes(other_attributes);
                if let Some(e) = expression {
                    self.expression(e);
                }
                self.end();
            }
            TemplateRule::Include(e) | TemplateRule::Unknown(e) => self.foreign(e),
        }
    }

    pub(super) fn response_processing(&mut self, rp: &ResponseProcessing) {
        self.start("responseProcessing");
        self.opt_str("template", rp.template.as_deref());
        self.opt_str("templateLocation", rp.template_location.as_deref());
        self.attributes(&rp.other_attributes);
        for r in &rp.rules {
            self.response_rule(r);
        }
        self.end();
    }

    pub(super) fn outcome_processing(&mut self, op: &OutcomeProcessing) {
        self.start("outcomeProcessing");
        self.attributes(&op.other_attributes);
        for r in &op.rules {
            self.outcome_rule(r);
        }
        self.end();
    }

    pub(super) fn template_processing(&mut self, tp: &TemplateProcessing) {
        self.start("templateProcessing");
        self.attributes(&tp.other_attributes);
        for r in &tp.rules {
            self.template_rule(r);
        }
        self.end();
    }

    // ----- declarations -----

    fn header(&mut self, h: &VariableHeader) {
        self.attr("identifier", &h.identifier);
        self.attr("cardinality", h.cardinality.as_str());
        self.opt_str("baseType", h.base_type.map(|b| b.as_str()));
    }

    pub(super) fn value_element(&mut self, v: &ValueElement) {
        self.start("value");
        self.opt("fieldIdentifier", v.field_identifier.as_ref());
        self.opt_str("baseType", v.base_type.map(|b| b.as_str()));
        self.attributes(&v.other_attributes);
        self.w.text(&v.text);
        self.end();
    }

    pub(super) fn value_set(&mut self, name: &str, s: &ValueSet) {
        self.start(name);
        self.opt_str("interpretation", s.interpretation.as_deref());
        self.attributes(&s.other_attributes);
        for v in &s.values {
            self.value_element(v);
        }
        self.end();
    }

    pub(super) fn response_declaration(&mut self, d: &ResponseDeclaration) {
        self.start("responseDeclaration");
        self.header(&d.header);
        self.attributes(&d.other_attributes);
        if let Some(v) = &d.default_value {
            self.value_set("defaultValue", v);
        }
        if let Some(v) = &d.correct_response {
            self.value_set("correctResponse", v);
        }
        if let Some(m) = &d.mapping {
            self.start("mapping");
            self.opt("lowerBound", m.lower_bound.as_ref());
            self.opt("upperBound", m.upper_bound.as_ref());
            self.opt("defaultValue", m.default_value.as_ref());
            self.attributes(&m.other_attributes);
            for e in &m.entries {
                self.start("mapEntry");
                self.attr("mapKey", &e.map_key);
                self.attr("mappedValue", &e.mapped_value.to_string());
                self.opt_bool("caseSensitive", e.case_sensitive);
                self.attributes(&e.other_attributes);
                self.end();
            }
            self.end();
        }
        if let Some(m) = &d.area_mapping {
            self.start("areaMapping");
            self.opt("lowerBound", m.lower_bound.as_ref());
            self.opt("upperBound", m.upper_bound.as_ref());
            self.opt("defaultValue", m.default_value.as_ref());
            self.attributes(&m.other_attributes);
            for e in &m.entries {
                self.start("areaMapEntry");
                self.attr("shape", e.shape.as_str());
                self.attr("coords", &e.coords.0);
                self.attr("mappedValue", &e.mapped_value.to_string());
                self.attributes(&e.other_attributes);
                self.end();
            }
            self.end();
        }
        for e in &d.extensions {
            self.foreign(e);
        }
        self.end();
    }

    pub(super) fn outcome_declaration(&mut self, d: &OutcomeDeclaration) {
        self.start("outcomeDeclaration");
        self.header(&d.header);
        if let Some(v) = &d.view {
            let s: Vec<&str> = v.iter().map(|x| x.as_str()).collect();
            self.attr("view", &s.join(" "));
        }
        self.opt_str("interpretation", d.interpretation.as_deref());
        self.opt_str("longInterpretation", d.long_interpretation.as_deref());
        self.opt("normalMaximum", d.normal_maximum.as_ref());
        self.opt("normalMinimum", d.normal_minimum.as_ref());
        self.opt("masteryValue", d.mastery_value.as_ref());
        self.opt_str("externalScored", d.external_scored.map(|e| e.as_str()));
        self.opt_str(
            "variableIdentifierRef",
            d.variable_identifier_ref.as_deref(),
        );
        self.attributes(&d.other_attributes);
        if let Some(v) = &d.default_value {
            self.value_set("defaultValue", v);
        }
        match &d.lookup_table {
            Some(LookupTable::MatchTable {
                default_value,
                entries,
                other_attributes,
                ..
            }) => {
                self.start("matchTable");
                self.opt_str("defaultValue", default_value.as_deref());
                self.attributes(other_attributes);
                for e in entries {
                    self.start("matchTableEntry");
                    self.attr("sourceValue", &e.source_value.to_string());
                    // targetValue in every version (the information model's name; the 2.1
                    // XSD's targetType is an erratum, see CONFORMANCE.md).
                    self.attr("targetValue", &e.target_value);
                    self.attributes(&e.other_attributes);
                    self.end();
                }
                self.end();
            }
            Some(LookupTable::InterpolationTable {
                default_value,
                entries,
                other_attributes,
                ..
            }) => {
                self.start("interpolationTable");
                self.opt_str("defaultValue", default_value.as_deref());
                self.attributes(other_attributes);
                for e in entries {
                    self.start("interpolationTableEntry");
                    self.attr("sourceValue", &e.source_value.to_string());
                    self.attr("targetValue", &e.target_value);
                    self.opt_bool("includeBoundary", e.include_boundary);
                    self.attributes(&e.other_attributes);
                    self.end();
                }
                self.end();
            }
            None => {}
        }
        for e in &d.extensions {
            self.foreign(e);
        }
        self.end();
    }

    pub(super) fn template_declaration(&mut self, d: &TemplateDeclaration) {
        self.start("templateDeclaration");
        self.header(&d.header);
        self.opt_bool("paramVariable", d.param_variable);
        self.opt_bool("mathVariable", d.math_variable);
        self.attributes(&d.other_attributes);
        if let Some(v) = &d.default_value {
            self.value_set("defaultValue", v);
        }
        for e in &d.extensions {
            self.foreign(e);
        }
        self.end();
    }

    pub(super) fn context_declaration(&mut self, d: &ContextDeclaration) {
        if !self.v.is_v3() {
            self.lost(
                crate::codes::CONVERT_UNSUPPORTED,
                format!(
                    "the context declaration {:?} needs QTI 3.0; it was left out",
                    d.header.identifier.as_str()
                ),
            );
            return;
        }
        self.start("qti-context-declaration");
        self.header(&d.header);
        self.attributes(&d.other_attributes);
        if let Some(v) = &d.default_value {
            self.value_set("defaultValue", v);
        }
        for e in &d.extensions {
            self.foreign(e);
        }
        self.end();
    }
}
