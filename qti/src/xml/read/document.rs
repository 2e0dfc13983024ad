//! Reading the document roots: items, tests, sections, stimuli and results.

use lti_core::xml::{StartTag, XmlError};

use super::{Rd, namespace_declarations};
use crate::declarations::{ExternalScored, ValueElement};
use crate::item::AssessmentItem;
use crate::results::{
    AssessmentResult, Context, ItemResult, OutcomeVariable, PlainVariable, ResponseVariable,
    ResultVariable, SessionIdentifier, SessionStatus, TestResult,
};
use crate::stimulus::{AssessmentStimulus, StimulusRef};
use crate::test::{
    AdaptiveSelection, AssessmentItemRef, AssessmentSection, AssessmentTest, BranchRule, Control,
    HrefRef, ItemSessionControl, NavigationMode, Ordering, PreCondition, SectionPart, SectionRef,
    Selection, SubmissionMode, TemplateDefault, TestPart, TimeLimits, VariableMapping, Weight,
};
use crate::value::{BaseType, Cardinality, Float, View};

impl<'a> Rd<'a> {
    pub(super) fn assessment_item(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<AssessmentItem, XmlError> {
        let span = tag.span();
        let ns_decls = namespace_declarations(tag);
        let mut a = self.attrs(tag);
        let mut item = AssessmentItem::new(
            self.doc_version,
            a.req_ident("identifier"),
            a.str("title").unwrap_or_default(),
        );
        item.label = a.str("label");
        item.lang = a.lang();
        item.adaptive = a.bool("adaptive");
        item.time_dependent = a.bool("timeDependent");
        item.tool_name = a.str("toolName");
        item.tool_version = a.str("toolVersion");
        item.other_attributes = a.rest();
        item.namespace_declarations = ns_decls;
        item.span = span;
        self.children(|rd, t| {
            match rd.canon(t) {
                Some("qti-context-declaration") => {
                    item.context_declarations.push(rd.context_declaration(t)?);
                }
                Some("responseDeclaration") => {
                    item.response_declarations.push(rd.response_declaration(t)?);
                }
                Some("outcomeDeclaration") => {
                    item.outcome_declarations.push(rd.outcome_declaration(t)?);
                }
                Some("templateDeclaration") => {
                    item.template_declarations.push(rd.template_declaration(t)?);
                }
                Some("templateProcessing") if item.template_processing.is_none() => {
                    item.template_processing = Some(rd.template_processing(t)?);
                }
                // New in 2.2 (like the elements new in 3.0, kept as read in an earlier version).
                Some("assessmentStimulusRef") if rd.v.has_2_2_additions() => {
                    item.stimulus_refs.push(rd.stimulus_ref(t)?);
                }
                Some("qti-companion-materials-info") if item.companion_materials.is_none() => {
                    item.companion_materials = Some(rd.companion_materials(t)?);
                }
                Some("stylesheet") => item.stylesheets.push(rd.stylesheet(t)?),
                Some("itemBody") if item.item_body.is_none() => {
                    item.item_body = Some(rd.item_body(t)?);
                }
                Some("qti-catalog-info") if item.catalog_info.is_none() => {
                    item.catalog_info = Some(rd.catalog_info(t)?);
                }
                Some("responseProcessing") if item.response_processing.is_none() => {
                    item.response_processing = Some(rd.response_processing(t)?);
                }
                Some("modalFeedback") => item.modal_feedbacks.push(rd.modal_feedback(t)?),
                _ => item.extensions.push(rd.tree(t)?),
            }
            Ok(())
        })?;
        Ok(item)
    }

    fn stimulus_ref(&mut self, tag: &StartTag<'a>) -> Result<StimulusRef, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let r = StimulusRef {
            identifier: a.req_ident("identifier"),
            href: a.str("href").unwrap_or_default(),
            title: a.str("title"),
            other_attributes: a.rest(),
            span,
        };
        self.skip()?;
        Ok(r)
    }

    pub(super) fn assessment_stimulus(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<AssessmentStimulus, XmlError> {
        let span = tag.span();
        let namespace_declarations = namespace_declarations(tag);
        let mut a = self.attrs(tag);
        let mut s = AssessmentStimulus {
            version: self.doc_version,
            identifier: a.req_ident("identifier"),
            title: a.str("title").unwrap_or_default(),
            label: a.str("label"),
            lang: a.lang(),
            tool_name: a.str("toolName"),
            tool_version: a.str("toolVersion"),
            stylesheets: Vec::new(),
            body_attributes: Vec::new(),
            body: Vec::new(),
            catalog_info: None,
            extensions: Vec::new(),
            other_attributes: a.rest(),
            namespace_declarations,
            span,
        };
        self.children(|rd, t| {
            match rd.canon(t) {
                Some("stylesheet") => s.stylesheets.push(rd.stylesheet(t)?),
                Some("stimulusBody") => {
                    s.body_attributes = rd.attrs(t).rest();
                    s.body = rd.body_content()?;
                }
                Some("qti-catalog-info") if s.catalog_info.is_none() => {
                    s.catalog_info = Some(rd.catalog_info(t)?);
                }
                _ => s.extensions.push(rd.tree(t)?),
            }
            Ok(())
        })?;
        Ok(s)
    }

    pub(super) fn assessment_test(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<AssessmentTest, XmlError> {
        let span = tag.span();
        let namespace_declarations = namespace_declarations(tag);
        let mut a = self.attrs(tag);
        let mut t = AssessmentTest {
            version: self.doc_version,
            identifier: a.req_ident("identifier"),
            title: a.str("title").unwrap_or_default(),
            tool_name: a.str("toolName"),
            tool_version: a.str("toolVersion"),
            context_declarations: Vec::new(),
            outcome_declarations: Vec::new(),
            time_limits: None,
            stylesheets: Vec::new(),
            rubric_blocks: Vec::new(),
            test_parts: Vec::new(),
            outcome_processing: None,
            test_feedbacks: Vec::new(),
            extensions: Vec::new(),
            other_attributes: a.rest(),
            namespace_declarations,
            span,
        };
        self.children(|rd, c| {
            match rd.canon(c) {
                Some("qti-context-declaration") => {
                    t.context_declarations.push(rd.context_declaration(c)?);
                }
                Some("outcomeDeclaration") => {
                    t.outcome_declarations.push(rd.outcome_declaration(c)?);
                }
                Some("timeLimits") if t.time_limits.is_none() => {
                    t.time_limits = Some(rd.time_limits(c)?);
                }
                Some("stylesheet") => t.stylesheets.push(rd.stylesheet(c)?),
                // Test-level rubric blocks are new in 3.0: kept as read in a 2.x test.
                Some("rubricBlock") if rd.v.is_v3() => t.rubric_blocks.push(rd.rubric_block(c)?),
                Some("testPart") => t.test_parts.push(rd.test_part(c)?),
                Some("outcomeProcessing") if t.outcome_processing.is_none() => {
                    t.outcome_processing = Some(rd.outcome_processing(c)?);
                }
                Some("testFeedback") => t.test_feedbacks.push(rd.test_feedback(c)?),
                _ => t.extensions.push(rd.tree(c)?),
            }
            Ok(())
        })?;
        Ok(t)
    }

    fn time_limits(&mut self, tag: &StartTag<'a>) -> Result<TimeLimits, XmlError> {
        let mut a = self.attrs(tag);
        let t = TimeLimits {
            min_time: a.float("minTime"),
            max_time: a.float("maxTime"),
            allow_late_submission: a.bool("allowLateSubmission"),
            other_attributes: a.rest(),
        };
        self.skip()?;
        Ok(t)
    }

    fn item_session_control(&mut self, tag: &StartTag<'a>) -> Result<ItemSessionControl, XmlError> {
        let mut a = self.attrs(tag);
        let c = ItemSessionControl {
            max_attempts: a.i64("maxAttempts"),
            show_feedback: a.bool("showFeedback"),
            allow_review: a.bool("allowReview"),
            show_solution: a.bool("showSolution"),
            allow_comment: a.bool("allowComment"),
            allow_skipping: a.bool("allowSkipping"),
            validate_responses: a.bool("validateResponses"),
            other_attributes: a.rest(),
        };
        self.skip()?;
        Ok(c)
    }

    /// Reads a control element into `control` if it is one; returns whether it was.
    fn control_child(
        &mut self,
        control: &mut Control,
        name: Option<&str>,
        t: &StartTag<'a>,
    ) -> Result<bool, XmlError> {
        match name {
            Some("preCondition") => {
                let span = t.span();
                super::push_tight(
                    &mut control.pre_conditions,
                    PreCondition {
                        expression: self.single_expression()?,
                        span,
                    },
                );
            }
            Some("branchRule") => {
                let span = t.span();
                let target = self.attrs(t).req_ident("target");
                super::push_tight(
                    &mut control.branch_rules,
                    BranchRule {
                        target,
                        expression: self.single_expression()?,
                        span,
                    },
                );
            }
            Some("itemSessionControl") if control.item_session_control.is_none() => {
                control.item_session_control = Some(self.item_session_control(t)?);
            }
            Some("timeLimits") if control.time_limits.is_none() => {
                control.time_limits = Some(self.time_limits(t)?);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn test_part(&mut self, tag: &StartTag<'a>) -> Result<TestPart, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let mut p = TestPart {
            identifier: a.req_ident("identifier"),
            navigation_mode: a.req(
                "navigationMode",
                NavigationMode::parse,
                NavigationMode::Linear,
            ),
            submission_mode: a.req(
                "submissionMode",
                SubmissionMode::parse,
                SubmissionMode::Individual,
            ),
            // New in 3.0: in a 2.x test part the attribute stays among the other attributes.
            title: if self.v.is_v3() { a.str("title") } else { None },
            control: Control::default(),
            rubric_blocks: Vec::new(),
            sections: Vec::new(),
            test_feedbacks: Vec::new(),
            extensions: Vec::new(),
            other_attributes: a.rest(),
            span,
        };
        self.children(|rd, t| {
            let n = rd.canon(t);
            if rd.control_child(&mut p.control, n, t)? {
                return Ok(());
            }
            match n {
                // New in 3.0: kept as read in a 2.x test part.
                Some("rubricBlock") if rd.v.is_v3() => p.rubric_blocks.push(rd.rubric_block(t)?),
                Some("assessmentSection") => {
                    p.sections
                        .push(SectionPart::Section(Box::new(rd.assessment_section(t)?)));
                }
                Some("assessmentSectionRef") => {
                    p.sections
                        .push(SectionPart::SectionRef(Box::new(rd.section_ref(t)?)));
                }
                Some("testFeedback") => p.test_feedbacks.push(rd.test_feedback(t)?),
                _ => p.extensions.push(rd.tree(t)?),
            }
            Ok(())
        })?;
        Ok(p)
    }

    fn section_ref(&mut self, tag: &StartTag<'a>) -> Result<SectionRef, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let r = SectionRef {
            identifier: a.req_ident("identifier"),
            href: a.str("href").unwrap_or_default(),
            other_attributes: a.rest(),
            span,
        };
        self.skip()?;
        Ok(r)
    }

    fn href_ref(&mut self, tag: &StartTag<'a>) -> Result<HrefRef, XmlError> {
        let mut a = self.attrs(tag);
        let r = HrefRef {
            identifier: a.req_ident("identifier"),
            href: a.str("href").unwrap_or_default(),
        };
        self.skip()?;
        Ok(r)
    }

    pub(super) fn assessment_section(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<AssessmentSection, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let mut s = AssessmentSection {
            version: self.doc_version,
            identifier: a.req_ident("identifier"),
            title: a.str("title").unwrap_or_default(),
            visible: a.req_bool("visible", true),
            required: a.bool("required"),
            fixed: a.bool("fixed"),
            keep_together: a.bool("keepTogether"),
            control: Control::default(),
            adaptive_selection: None,
            selection: None,
            ordering: None,
            rubric_blocks: Vec::new(),
            children: Vec::new(),
            extensions: Vec::new(),
            other_attributes: a.rest(),
            namespace_declarations: Vec::new(),
            span,
        };
        self.children(|rd, t| {
            if Self::is_include(t) {
                s.children.push(SectionPart::Include(Box::new(rd.tree(t)?)));
                return Ok(());
            }
            let n = rd.canon(t);
            if rd.control_child(&mut s.control, n, t)? {
                return Ok(());
            }
            match n {
                Some("qti-adaptive-selection") if s.adaptive_selection.is_none() => {
                    let mut ad = AdaptiveSelection::default();
                    rd.children(|rd, t| {
                        match rd.canon(t) {
                            Some("qti-adaptive-engine-ref") => {
                                ad.engine_ref = Some(rd.href_ref(t)?)
                            }
                            Some("qti-adaptive-settings-ref") => {
                                ad.settings_ref = Some(rd.href_ref(t)?);
                            }
                            Some("qti-usagedata-ref") => ad.usagedata_ref = Some(rd.href_ref(t)?),
                            Some("qti-metadata-ref") => ad.metadata_ref = Some(rd.href_ref(t)?),
                            _ => rd.skip()?,
                        }
                        Ok(())
                    })?;
                    s.adaptive_selection = Some(ad);
                }
                Some("selection") if s.selection.is_none() => {
                    let mut a = rd.attrs(t);
                    let select = a.req("select", lti_core::xml::attr::parse_integer, 0);
                    let with_replacement = a.bool("withReplacement");
                    let other_attributes = a.rest();
                    let mut extensions = Vec::new();
                    rd.children(|rd, t| {
                        extensions.push(rd.ext_tree(t)?);
                        Ok(())
                    })?;
                    s.selection = Some(Selection {
                        select,
                        with_replacement,
                        extensions,
                        other_attributes,
                    });
                }
                Some("ordering") if s.ordering.is_none() => {
                    let mut a = rd.attrs(t);
                    let shuffle = a.bool("shuffle");
                    let other_attributes = a.rest();
                    let mut extensions = Vec::new();
                    rd.children(|rd, t| {
                        extensions.push(rd.ext_tree(t)?);
                        Ok(())
                    })?;
                    s.ordering = Some(Ordering {
                        shuffle,
                        extensions,
                        other_attributes,
                    });
                }
                Some("rubricBlock") => s.rubric_blocks.push(rd.rubric_block(t)?),
                Some("assessmentItemRef") => {
                    s.children
                        .push(SectionPart::ItemRef(Box::new(rd.item_ref(t)?)));
                }
                Some("assessmentSection") => {
                    s.children
                        .push(SectionPart::Section(Box::new(rd.assessment_section(t)?)));
                }
                Some("assessmentSectionRef") => {
                    s.children
                        .push(SectionPart::SectionRef(Box::new(rd.section_ref(t)?)));
                }
                _ => s.extensions.push(rd.tree(t)?),
            }
            Ok(())
        })?;
        Ok(s)
    }

    fn item_ref(&mut self, tag: &StartTag<'a>) -> Result<AssessmentItemRef, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let mut r = AssessmentItemRef {
            identifier: a.req_ident("identifier"),
            href: a.str("href").unwrap_or_default(),
            category: a.ident_list("category"),
            required: a.bool("required"),
            fixed: a.bool("fixed"),
            control: Control::default(),
            variable_mappings: Vec::new(),
            weights: Vec::new(),
            template_defaults: Vec::new(),
            extensions: Vec::new(),
            other_attributes: a.rest(),
            span,
        };
        self.children(|rd, t| {
            let n = rd.canon(t);
            if rd.control_child(&mut r.control, n, t)? {
                return Ok(());
            }
            let span = t.span();
            match n {
                Some("variableMapping") => {
                    let mut a = rd.attrs(t);
                    super::push_tight(
                        &mut r.variable_mappings,
                        VariableMapping {
                            source_identifier: a.req_ident("sourceIdentifier"),
                            target_identifier: a.req_ident("targetIdentifier"),
                            span,
                        },
                    );
                    rd.skip()?;
                }
                Some("weight") => {
                    let mut a = rd.attrs(t);
                    super::push_tight(
                        &mut r.weights,
                        Weight {
                            identifier: a.req_ident("identifier"),
                            value: a.req("value", Float::parse, Float::default()),
                            span,
                        },
                    );
                    rd.skip()?;
                }
                Some("templateDefault") => {
                    let template_identifier = rd.attrs(t).req_ident("templateIdentifier");
                    super::push_tight(
                        &mut r.template_defaults,
                        TemplateDefault {
                            template_identifier,
                            expression: rd.single_expression()?,
                            span,
                        },
                    );
                }
                _ => r.extensions.push(rd.ext_tree(t)?),
            }
            Ok(())
        })?;
        Ok(r)
    }

    // ----- results -----

    pub(super) fn assessment_result(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<AssessmentResult, XmlError> {
        let span = tag.span();
        let namespace_declarations = namespace_declarations(tag);
        let other_attributes = self.attrs(tag).rest();
        let mut r = AssessmentResult {
            version: self.doc_version,
            context: None,
            test_result: None,
            item_results: Vec::new(),
            extensions: Vec::new(),
            other_attributes,
            namespace_declarations,
            span,
        };
        self.children(|rd, t| {
            match rd.canon(t) {
                Some("context") if r.context.is_none() => {
                    let span = t.span();
                    let mut a = rd.attrs(t);
                    let mut c = Context {
                        sourced_id: a.str("sourcedId"),
                        other_attributes: a.rest(),
                        span,
                        ..Context::default()
                    };
                    rd.children(|rd, t| {
                        if rd.canon(t) == Some("sessionIdentifier") {
                            let mut a = rd.attrs(t);
                            c.session_identifiers.push(SessionIdentifier {
                                source_id: a.str("sourceID").unwrap_or_default(),
                                identifier: a.str("identifier").unwrap_or_default(),
                            });
                        }
                        rd.skip()
                    })?;
                    r.context = Some(c);
                }
                Some("testResult") if r.test_result.is_none() => {
                    let span = t.span();
                    let mut a = rd.attrs(t);
                    let identifier = a.req_ident("identifier");
                    let datestamp = a.str("datestamp").unwrap_or_default();
                    let other_attributes = a.rest();
                    let (variables, _, extensions) = rd.result_variables()?;
                    r.test_result = Some(TestResult {
                        identifier,
                        datestamp,
                        variables,
                        extensions,
                        other_attributes,
                        span,
                    });
                }
                Some("itemResult") => {
                    let span = t.span();
                    let mut a = rd.attrs(t);
                    let identifier = a.req_ident("identifier");
                    let sequence_index = a.i64("sequenceIndex");
                    let datestamp = a.str("datestamp").unwrap_or_default();
                    let session_status = a.req(
                        "sessionStatus",
                        SessionStatus::parse,
                        SessionStatus::Initial,
                    );
                    let other_attributes = a.rest();
                    let (variables, candidate_comment, extensions) = rd.result_variables()?;
                    r.item_results.push(ItemResult {
                        identifier,
                        sequence_index,
                        datestamp,
                        session_status,
                        variables,
                        candidate_comment,
                        extensions,
                        other_attributes,
                        span,
                    });
                }
                _ => r.extensions.push(rd.tree(t)?),
            }
            Ok(())
        })?;
        Ok(r)
    }

    #[allow(
        clippy::type_complexity,
        reason = "private helper returning three parts"
    )]
    fn result_variables(
        &mut self,
    ) -> Result<
        (
            Vec<ResultVariable>,
            Option<String>,
            Vec<lti_core::xml::Element>,
        ),
        XmlError,
    > {
        let mut vars = Vec::new();
        let mut comment = None;
        let mut ext = Vec::new();
        self.children(|rd, t| {
            let span = t.span();
            match rd.canon(t) {
                Some("responseVariable") => {
                    let mut a = rd.attrs(t);
                    let mut v = ResponseVariable {
                        identifier: a.req_ident("identifier"),
                        cardinality: a.req("cardinality", Cardinality::parse, Cardinality::Single),
                        base_type: a.parse("baseType", BaseType::parse),
                        choice_sequence: a.ident_list("choiceSequence"),
                        answered_status: a.str("answeredStatus"),
                        score_status: a.str("scoreStatus"),
                        correct_response: None,
                        candidate_response: None,
                        other_attributes: a.rest(),
                        span,
                    };
                    let bt = v.base_type;
                    rd.children(|rd, t| {
                        match rd.canon(t) {
                            Some("correctResponse") => {
                                v.correct_response = Some(rd.value_set(t, bt)?);
                            }
                            Some("candidateResponse") => {
                                let mut values = Vec::new();
                                rd.children(|rd, t| {
                                    values.push(rd.value_element(t, bt)?);
                                    Ok(())
                                })?;
                                v.candidate_response = Some(values);
                            }
                            _ => rd.skip()?,
                        }
                        Ok(())
                    })?;
                    vars.push(ResultVariable::Response(v));
                }
                Some("outcomeVariable") => {
                    let mut a = rd.attrs(t);
                    let mut v = OutcomeVariable {
                        identifier: a.req_ident("identifier"),
                        cardinality: a.req("cardinality", Cardinality::parse, Cardinality::Single),
                        base_type: a.parse("baseType", BaseType::parse),
                        view: a.parse("view", View::parse_list),
                        interpretation: a.str("interpretation"),
                        long_interpretation: a.str("longInterpretation"),
                        normal_maximum: a.float("normalMaximum"),
                        normal_minimum: a.float("normalMinimum"),
                        mastery_value: a.float("masteryValue"),
                        external_scored: a
                            .parse("external-scored", ExternalScored::parse)
                            .or_else(|| a.parse("externalScored", ExternalScored::parse)),
                        variable_identifier_ref: a
                            .str("variable-identifier-ref")
                            .or_else(|| a.str("variableIdentifierRef")),
                        values: Vec::new(),
                        extensions: Vec::new(),
                        other_attributes: a.rest(),
                        span,
                    };
                    let bt = v.base_type;
                    rd.children(|rd, t| {
                        if rd.canon(t) == Some("value") {
                            v.values.push(rd.value_element(t, bt)?);
                        } else {
                            v.extensions.push(rd.ext_tree(t)?);
                        }
                        Ok(())
                    })?;
                    vars.push(ResultVariable::Outcome(v));
                }
                Some(n @ ("templateVariable" | "contextVariable")) => {
                    let mut a = rd.attrs(t);
                    let mut v = PlainVariable {
                        identifier: a.req_ident("identifier"),
                        cardinality: a.req("cardinality", Cardinality::parse, Cardinality::Single),
                        base_type: a.parse("baseType", BaseType::parse),
                        values: Vec::new(),
                        other_attributes: a.rest(),
                        span,
                    };
                    let bt = v.base_type;
                    let mut values: Vec<ValueElement> = Vec::new();
                    rd.children(|rd, t| {
                        values.push(rd.value_element(t, bt)?);
                        Ok(())
                    })?;
                    v.values = values;
                    vars.push(if n == "templateVariable" {
                        ResultVariable::Template(v)
                    } else {
                        ResultVariable::Context(v)
                    });
                }
                Some("candidateComment") if comment.is_none() => comment = Some(rd.text()?),
                _ => ext.push(rd.ext_tree(t)?),
            }
            Ok(())
        })?;
        Ok((vars, comment, ext))
    }
}
