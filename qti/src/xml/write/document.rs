//! Writing document roots: items, tests, sections, stimuli and results.

use super::Wr;
use crate::codes;
use crate::item::AssessmentItem;
use crate::results::{AssessmentResult, ResultVariable};
use crate::stimulus::AssessmentStimulus;
use crate::test::{
    AssessmentItemRef, AssessmentSection, AssessmentTest, Control, HrefRef, SectionPart, TestPart,
    TimeLimits,
};

impl Wr {
    fn root_start(&mut self, canonical: &str, decls: &[lti_core::xml::NamespaceDeclaration]) {
        self.start(canonical);
        self.namespace_declarations(decls);
    }

    pub(super) fn assessment_item(&mut self, i: &AssessmentItem) {
        self.root_start("assessmentItem", &i.namespace_declarations);
        self.attr("identifier", &i.identifier);
        self.attr("title", &i.title);
        self.opt_str("label", i.label.as_deref());
        if let Some(l) = &i.lang {
            self.w.attr_qname(
                &lti_core::xml::QName::prefixed(
                    &lti_core::xml::Namespace::new(lti_core::xml::XML_NS),
                    "xml",
                    "lang",
                ),
                l,
            );
        }
        self.opt_bool("adaptive", i.adaptive);
        self.opt_bool("timeDependent", i.time_dependent);
        self.opt_str("toolName", i.tool_name.as_deref());
        self.opt_str("toolVersion", i.tool_version.as_deref());
        self.attributes(&i.other_attributes);
        for d in &i.context_declarations {
            self.context_declaration(d);
        }
        for d in &i.response_declarations {
            self.response_declaration(d);
        }
        for d in &i.outcome_declarations {
            self.outcome_declaration(d);
        }
        for d in &i.template_declarations {
            self.template_declaration(d);
        }
        if let Some(tp) = &i.template_processing {
            self.template_processing(tp);
        }
        for r in &i.stimulus_refs {
            if !self.v.has_2_2_additions() {
                self.lost(
                    codes::CONVERT_UNSUPPORTED,
                    format!("the stimulus reference {:?} needs QTI 2.2 or 3.0", r.href),
                );
                continue;
            }
            self.start("assessmentStimulusRef");
            self.attr("identifier", &r.identifier);
            self.attr("href", &r.href);
            self.opt_str("title", r.title.as_deref());
            self.attributes(&r.other_attributes);
            self.end();
        }
        if let Some(c) = &i.companion_materials {
            self.companion_materials(c);
        }
        for s in &i.stylesheets {
            self.stylesheet(s);
        }
        if let Some(b) = &i.item_body {
            self.start("itemBody");
            self.attributes(&b.attributes);
            self.body(&b.content);
            self.end();
        }
        if let Some(c) = &i.catalog_info {
            self.catalog_info(c);
        }
        if let Some(rp) = &i.response_processing {
            self.response_processing(rp);
        }
        for m in &i.modal_feedbacks {
            self.modal_feedback(m);
        }
        for e in &i.extensions {
            self.foreign(e);
        }
        self.end();
    }

    pub(super) fn assessment_stimulus(&mut self, s: &AssessmentStimulus) {
        if !self.v.has_2_2_additions() {
            self.lost(
                codes::CONVERT_UNSUPPORTED,
                "assessmentStimulus needs QTI 2.2 or 3.0; written in the target namespace anyway",
            );
        }
        self.root_start("assessmentStimulus", &s.namespace_declarations);
        self.attr("identifier", &s.identifier);
        self.attr("title", &s.title);
        self.opt_str("label", s.label.as_deref());
        if let Some(l) = &s.lang {
            self.w.attr_qname(
                &lti_core::xml::QName::prefixed(
                    &lti_core::xml::Namespace::new(lti_core::xml::XML_NS),
                    "xml",
                    "lang",
                ),
                l,
            );
        }
        self.opt_str("toolName", s.tool_name.as_deref());
        self.opt_str("toolVersion", s.tool_version.as_deref());
        self.attributes(&s.other_attributes);
        for st in &s.stylesheets {
            self.stylesheet(st);
        }
        self.start("stimulusBody");
        self.attributes(&s.body_attributes);
        self.body(&s.body);
        self.end();
        if let Some(c) = &s.catalog_info {
            self.catalog_info(c);
        }
        for e in &s.extensions {
            self.foreign(e);
        }
        self.end();
    }

    fn time_limits(&mut self, t: &TimeLimits) {
        self.start("timeLimits");
        self.opt("minTime", t.min_time.as_ref());
        self.opt("maxTime", t.max_time.as_ref());
        self.opt_bool("allowLateSubmission", t.allow_late_submission);
        self.attributes(&t.other_attributes);
        self.end();
    }

    fn control(&mut self, c: &Control) {
        for p in &c.pre_conditions {
            self.start("preCondition");
            if let Some(e) = &p.expression {
                self.expression(e);
            }
            self.end();
        }
        for b in &c.branch_rules {
            self.start("branchRule");
            self.attr("target", &b.target);
            if let Some(e) = &b.expression {
                self.expression(e);
            }
            self.end();
        }
        if let Some(s) = &c.item_session_control {
            self.start("itemSessionControl");
            self.opt("maxAttempts", s.max_attempts.as_ref());
            self.opt_bool("showFeedback", s.show_feedback);
            self.opt_bool("allowReview", s.allow_review);
            self.opt_bool("showSolution", s.show_solution);
            self.opt_bool("allowComment", s.allow_comment);
            self.opt_bool("allowSkipping", s.allow_skipping);
            self.opt_bool("validateResponses", s.validate_responses);
            self.attributes(&s.other_attributes);
            self.end();
        }
        if let Some(t) = &c.time_limits {
            self.time_limits(t);
        }
    }

    pub(super) fn assessment_test(&mut self, t: &AssessmentTest) {
        self.root_start("assessmentTest", &t.namespace_declarations);
        self.attr("identifier", &t.identifier);
        self.attr("title", &t.title);
        self.opt_str("toolName", t.tool_name.as_deref());
        self.opt_str("toolVersion", t.tool_version.as_deref());
        self.attributes(&t.other_attributes);
        for d in &t.context_declarations {
            self.context_declaration(d);
        }
        for d in &t.outcome_declarations {
            self.outcome_declaration(d);
        }
        if let Some(tl) = &t.time_limits {
            self.time_limits(tl);
        }
        for s in &t.stylesheets {
            self.stylesheet(s);
        }
        for r in &t.rubric_blocks {
            if self.v.is_v3() {
                self.rubric_block(r);
            } else {
                self.lost(
                    codes::CONVERT_UNSUPPORTED,
                    "test-level rubric blocks need QTI 3.0",
                );
            }
        }
        for p in &t.test_parts {
            self.test_part(p);
        }
        if let Some(op) = &t.outcome_processing {
            self.outcome_processing(op);
        }
        for f in &t.test_feedbacks {
            self.test_feedback(f);
        }
        for e in &t.extensions {
            self.foreign(e);
        }
        self.end();
    }

    fn test_part(&mut self, p: &TestPart) {
        self.start("testPart");
        self.attr("identifier", &p.identifier);
        self.attr("navigationMode", p.navigation_mode.as_str());
        self.attr("submissionMode", p.submission_mode.as_str());
        if let Some(t) = &p.title {
            if self.v.is_v3() {
                self.w.attr("title", t);
            } else {
                self.lost(
                    codes::CONVERT_UNSUPPORTED,
                    "the title of a test part needs QTI 3.0",
                );
            }
        }
        self.attributes(&p.other_attributes);
        self.control(&p.control);
        for r in &p.rubric_blocks {
            if self.v.is_v3() {
                self.rubric_block(r);
            } else {
                self.lost(
                    codes::CONVERT_UNSUPPORTED,
                    "test part rubric blocks need QTI 3.0",
                );
            }
        }
        for s in &p.sections {
            self.section_part(s);
        }
        for f in &p.test_feedbacks {
            self.test_feedback(f);
        }
        for e in &p.extensions {
            self.foreign(e);
        }
        self.end();
    }

    fn section_part(&mut self, s: &SectionPart) {
        match s {
            SectionPart::Section(s) => self.section(s, None),
            SectionPart::SectionRef(r) => {
                self.start("assessmentSectionRef");
                self.attr("identifier", &r.identifier);
                self.attr("href", &r.href);
                self.attributes(&r.other_attributes);
                self.end();
            }
            SectionPart::ItemRef(r) => self.item_ref(r),
            SectionPart::Include(e) => self.foreign(e),
        }
    }

    pub(super) fn standalone_section(&mut self, s: &AssessmentSection) {
        self.section(s, Some(&s.namespace_declarations));
    }

    fn href_ref(&mut self, name: &str, r: Option<&HrefRef>) {
        if let Some(r) = r {
            self.start(name);
            self.w.attr("identifier", &r.identifier);
            self.w.attr("href", &r.href);
            self.end();
        }
    }

    fn section(
        &mut self,
        s: &AssessmentSection,
        decls: Option<&[lti_core::xml::NamespaceDeclaration]>,
    ) {
        match decls {
            Some(d) => self.root_start("assessmentSection", d),
            None => self.start("assessmentSection"),
        }
        self.attr("identifier", &s.identifier);
        self.attr("title", &s.title);
        self.attr("visible", if s.visible { "true" } else { "false" });
        self.opt_bool("required", s.required);
        self.opt_bool("fixed", s.fixed);
        self.opt_bool("keepTogether", s.keep_together);
        self.attributes(&s.other_attributes);
        self.control(&s.control);
        if let Some(a) = &s.adaptive_selection {
            if self.v.is_v3() {
                self.start("qti-adaptive-selection");
                self.href_ref("qti-adaptive-engine-ref", a.engine_ref.as_ref());
                self.href_ref("qti-adaptive-settings-ref", a.settings_ref.as_ref());
                self.href_ref("qti-usagedata-ref", a.usagedata_ref.as_ref());
                self.href_ref("qti-metadata-ref", a.metadata_ref.as_ref());
                self.end();
            } else {
                self.lost(
                    codes::CONVERT_UNSUPPORTED,
                    "adaptive selection needs QTI 3.0",
                );
            }
        }
        if let Some(sel) = &s.selection {
            self.start("selection");
            self.attr("select", &sel.select.to_string());
            self.opt_bool("withReplacement", sel.with_replacement);
            self.attributes(&sel.other_attributes);
            for e in &sel.extensions {
                self.foreign(e);
            }
            self.end();
        }
        if let Some(o) = &s.ordering {
            self.start("ordering");
            self.opt_bool("shuffle", o.shuffle);
            self.attributes(&o.other_attributes);
            for e in &o.extensions {
                self.foreign(e);
            }
            self.end();
        }
        for r in &s.rubric_blocks {
            self.rubric_block(r);
        }
        for c in &s.children {
            self.section_part(c);
        }
        for e in &s.extensions {
            self.foreign(e);
        }
        self.end();
    }

    fn item_ref(&mut self, r: &AssessmentItemRef) {
        self.start("assessmentItemRef");
        self.attr("identifier", &r.identifier);
        self.attr("href", &r.href);
        self.list("category", r.category.as_ref());
        self.opt_bool("required", r.required);
        self.opt_bool("fixed", r.fixed);
        self.attributes(&r.other_attributes);
        self.control(&r.control);
        for m in &r.variable_mappings {
            self.start("variableMapping");
            self.attr("sourceIdentifier", &m.source_identifier);
            self.attr("targetIdentifier", &m.target_identifier);
            self.end();
        }
        for w in &r.weights {
            self.start("weight");
            self.attr("identifier", &w.identifier);
            self.attr("value", &w.value.to_string());
            self.end();
        }
        for t in &r.template_defaults {
            self.start("templateDefault");
            self.attr("templateIdentifier", &t.template_identifier);
            if let Some(e) = &t.expression {
                self.expression(e);
            }
            self.end();
        }
        for e in &r.extensions {
            self.foreign(e);
        }
        self.end();
    }

    pub(super) fn assessment_result(&mut self, r: &AssessmentResult) {
        self.root_start("assessmentResult", &r.namespace_declarations);
        self.attributes(&r.other_attributes);
        if let Some(c) = &r.context {
            self.start("context");
            self.opt_str("sourcedId", c.sourced_id.as_deref());
            self.attributes(&c.other_attributes);
            for s in &c.session_identifiers {
                self.start("sessionIdentifier");
                self.attr("sourceID", &s.source_id);
                self.attr("identifier", &s.identifier);
                self.end();
            }
            self.end();
        }
        if let Some(t) = &r.test_result {
            self.start("testResult");
            self.attr("identifier", &t.identifier);
            self.attr("datestamp", &t.datestamp);
            self.attributes(&t.other_attributes);
            self.result_variables(&t.variables);
            for e in &t.extensions {
                self.foreign(e);
            }
            self.end();
        }
        for i in &r.item_results {
            self.start("itemResult");
            self.attr("identifier", &i.identifier);
            self.opt("sequenceIndex", i.sequence_index.as_ref());
            self.attr("datestamp", &i.datestamp);
            self.attr("sessionStatus", i.session_status.as_str());
            self.attributes(&i.other_attributes);
            self.result_variables(&i.variables);
            if let Some(c) = &i.candidate_comment {
                self.text_element("candidateComment", c);
            }
            for e in &i.extensions {
                self.foreign(e);
            }
            self.end();
        }
        for e in &r.extensions {
            self.foreign(e);
        }
        self.end();
    }

    fn result_variables(&mut self, vars: &[ResultVariable]) {
        for v in vars {
            match v {
                ResultVariable::Response(v) => {
                    self.start("responseVariable");
                    self.attr("identifier", &v.identifier);
                    self.attr("cardinality", v.cardinality.as_str());
                    self.opt_str("baseType", v.base_type.map(|b| b.as_str()));
                    self.list("choiceSequence", v.choice_sequence.as_ref());
                    self.opt_str("answeredStatus", v.answered_status.as_deref());
                    self.opt_str("scoreStatus", v.score_status.as_deref());
                    self.attributes(&v.other_attributes);
                    if let Some(c) = &v.correct_response {
                        self.value_set("correctResponse", c);
                    }
                    if let Some(c) = &v.candidate_response {
                        self.start("candidateResponse");
                        for x in c {
                            self.value_element(x);
                        }
                        self.end();
                    }
                    self.end();
                }
                ResultVariable::Outcome(v) => {
                    self.start("outcomeVariable");
                    self.attr("identifier", &v.identifier);
                    self.attr("cardinality", v.cardinality.as_str());
                    self.opt_str("baseType", v.base_type.map(|b| b.as_str()));
                    if let Some(view) = &v.view {
                        let s: Vec<&str> = view.iter().map(|x| x.as_str()).collect();
                        self.attr("view", &s.join(" "));
                    }
                    self.opt_str("interpretation", v.interpretation.as_deref());
                    self.opt_str("longInterpretation", v.long_interpretation.as_deref());
                    self.opt("normalMaximum", v.normal_maximum.as_ref());
                    self.opt("normalMinimum", v.normal_minimum.as_ref());
                    self.opt("masteryValue", v.mastery_value.as_ref());
                    if let Some(e) = v.external_scored {
                        self.w.attr("external-scored", e.as_str());
                    }
                    if let Some(e) = &v.variable_identifier_ref {
                        self.w.attr("variable-identifier-ref", e);
                    }
                    self.attributes(&v.other_attributes);
                    for x in &v.values {
                        self.value_element(x);
                    }
                    for e in &v.extensions {
                        self.foreign(e);
                    }
                    self.end();
                }
                ResultVariable::Template(v) => self.plain_variable("templateVariable", v),
                ResultVariable::Context(v) => self.plain_variable("contextVariable", v),
            }
        }
    }

    fn plain_variable(&mut self, name: &str, v: &crate::results::PlainVariable) {
        self.start(name);
        self.attr("identifier", &v.identifier);
        self.attr("cardinality", v.cardinality.as_str());
        self.opt_str("baseType", v.base_type.map(|b| b.as_str()));
        self.attributes(&v.other_attributes);
        for x in &v.values {
            self.value_element(x);
        }
        self.end();
    }
}
