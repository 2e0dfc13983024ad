//! A CC-QTI `assessment` to a QTI `assessmentTest` model.

use std::collections::{BTreeMap, BTreeSet};

use lti_core::Problem;
use lti_core::xml::Element;
use qti::declarations::{OutcomeDeclaration, ValueElement, ValueSet, VariableHeader};
use qti::processing::{Expression, ExpressionKind, OutcomeProcessing, OutcomeRule, SetValue};
use qti::test::{
    AssessmentItemRef, AssessmentSection, AssessmentTest, ItemSessionControl, NavigationMode,
    Ordering, SectionPart, Selection, SubmissionMode, TestPart, TimeLimits, Weight,
};
use qti::value::Float;
use qti::{BaseType, Cardinality, SingleValue};

use super::{Converted, Doc, qti_identifier};
use crate::codes;
use crate::qti::{Assessment, Section};

/// Assessment metadata the conversion uses (others are reported).
const CONVERTED_METADATA: &[&str] = &[
    "cc_profile",
    "qmd_timelimit",
    "cc_allow_late_submission",
    "qmd_feedbackpermitted",
    "qmd_solutionspermitted",
];

/// The weight identifier of item references (`cc_weighting`, 1 when absent).
const WEIGHT: &str = "WEIGHT";

struct TestCx<'a, 'b> {
    doc: &'a Doc<'b>,
    by_ident: &'a BTreeMap<String, String>,
    out: &'a mut Converted,
    /// Identifiers used in the test (parts, sections, item refs must be unique).
    used: BTreeSet<String>,
    refs: usize,
}

impl TestCx<'_, '_> {
    fn unique(&mut self, id: &str) -> String {
        let mut candidate = id.to_owned();
        let mut n = 1;
        while !self.used.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{id}_{n}");
        }
        candidate
    }

    fn warn(&mut self, span: lti_core::xml::Span, message: String) {
        self.out.report.push(
            Problem::warning(codes::CONVERT_UNSUPPORTED, message)
                .at(self.doc.location(span, "//assessment")),
        );
    }

    fn section(&mut self, s: &Section) -> Option<AssessmentSection> {
        let id = self.unique(&qti_identifier(&s.ident));
        let mut sec = AssessmentSection::new(
            self.out.target.version(),
            id,
            s.title.clone().unwrap_or_else(|| s.ident.clone()),
            true,
        );
        for e in &s.extensions {
            if e.name.local == "selection_ordering" {
                self.selection_ordering(e, &mut sec, s);
            } else {
                self.warn(
                    s.span,
                    format!(
                        "<{}> in section {:?} has no conversion; it is left out",
                        e.name.local, s.ident
                    ),
                );
            }
        }
        for it in &s.items {
            let Some(path) = self.by_ident.get(&it.ident).cloned() else {
                continue;
            };
            let Some(item) = self.out.item(&path) else {
                continue;
            };
            let weight = item.weight.unwrap_or(1.0);
            let item_id = item.item.identifier.to_string();
            let ref_id = self.unique(&item_id);
            let mut r = AssessmentItemRef::new(ref_id, format!("../{path}"));
            r.weights.push(Weight::new(WEIGHT, weight));
            sec.children.push(SectionPart::ItemRef(Box::new(r)));
            self.refs += 1;
        }
        for sub in &s.sections {
            if let Some(x) = self.section(sub) {
                sec.children.push(SectionPart::Section(Box::new(x)));
            }
        }
        if sec.children.is_empty() {
            self.warn(
                s.span,
                format!(
                    "section {:?} has no convertible item; it is left out",
                    s.ident
                ),
            );
            return None;
        }
        if let Some(sel) = &sec.selection
            && sel.select > i64::try_from(sec.children.len()).unwrap_or(i64::MAX)
        {
            self.warn(
                s.span,
                format!(
                    "section {:?} selects {} of {} converted items; the selection is left out",
                    s.ident,
                    sel.select,
                    sec.children.len()
                ),
            );
            sec.selection = None;
        }
        Some(sec)
    }

    /// `selection_ordering`: `selection/selection_number` → `selection select`, `order
    /// order_type="Random"` → `ordering shuffle`; bank references and other rules are reported.
    fn selection_ordering(&mut self, e: &Element, sec: &mut AssessmentSection, s: &Section) {
        for c in e.elements() {
            match c.name.local.as_str() {
                "selection" => {
                    let mut number = None;
                    for x in c.elements() {
                        match x.name.local.as_str() {
                            "selection_number" => number = x.text().trim().parse::<i64>().ok(),
                            "selection_extension" => {}
                            other => self.warn(
                                s.span,
                                format!(
                                    "<{other}> in the selection of section {:?} (items drawn from elsewhere) has no conversion; it is left out",
                                    s.ident
                                ),
                            ),
                        }
                    }
                    match number.filter(|n| *n > 0) {
                        Some(n) => sec.selection = Some(Selection::new(n)),
                        None => self.warn(
                            s.span,
                            format!("a selection without a number in section {:?} is left out", s.ident),
                        ),
                    }
                }
                "order" => {
                    let random = c
                        .attr("order_type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("random"));
                    if random {
                        let mut o = Ordering::default();
                        o.shuffle = Some(true);
                        sec.ordering = Some(o);
                    }
                }
                other => self.warn(
                    s.span,
                    format!(
                        "<{other}> in the selection_ordering of section {:?} has no conversion; it is left out",
                        s.ident
                    ),
                ),
            }
        }
    }
}

fn ex(kind: ExpressionKind) -> Expression {
    Expression::new(kind)
}

/// `sum(testVariables(var, weighted by WEIGHT))`.
fn weighted_sum(variable: &str) -> Expression {
    ex(ExpressionKind::Sum(vec![ex(
        ExpressionKind::TestVariables {
            subset: Box::default(),
            variable_identifier: variable.into(),
            weight_identifier: Some(WEIGHT.into()),
            base_type: None,
        },
    )]))
}

fn float_outcome(id: &str) -> OutcomeDeclaration {
    let mut d = OutcomeDeclaration::new(VariableHeader::new(
        id,
        Cardinality::Single,
        Some(BaseType::Float),
    ));
    d.default_value = Some(ValueSet::new(vec![ValueElement::new(SingleValue::Float(
        0.0,
    ))]));
    d
}

fn yes(v: Option<&str>) -> Option<bool> {
    v.map(|v| v.trim().eq_ignore_ascii_case("yes"))
}

/// Converts an assessment to a test referring to the converted items (`by_ident`: CC item
/// ident → output path). `None` when no item of it was converted (reported).
pub(super) fn convert_assessment(
    a: &Assessment,
    identifier: &str,
    doc: &Doc<'_>,
    by_ident: &BTreeMap<String, String>,
    out: &mut Converted,
) -> Option<AssessmentTest> {
    let target = out.target;
    let mut cx = TestCx {
        doc,
        by_ident,
        out,
        used: BTreeSet::new(),
        refs: 0,
    };
    let tid = qti_identifier(identifier);
    cx.used.insert(tid.clone());
    let part_id = cx.unique("P1");
    let mut part = TestPart::new(
        part_id,
        NavigationMode::Nonlinear,
        SubmissionMode::Simultaneous,
    );
    for s in &a.sections {
        if let Some(sec) = cx.section(s) {
            part.sections.push(SectionPart::Section(Box::new(sec)));
        }
    }
    if cx.refs == 0 {
        cx.warn(
            a.span,
            format!(
                "assessment {:?} has no convertible item; no test is written",
                a.ident
            ),
        );
        return None;
    }
    // Metadata.
    let md = &a.metadata;
    let mut control = ItemSessionControl::default();
    control.show_feedback = yes(md.get("qmd_feedbackpermitted"));
    control.show_solution = yes(md.get("qmd_solutionspermitted"));
    if control != ItemSessionControl::default() {
        part.control.item_session_control = Some(control);
    }
    let mut test = AssessmentTest::new(
        target.version(),
        tid,
        a.title.clone().unwrap_or_else(|| a.ident.clone()),
    );
    let minutes = md
        .get("qmd_timelimit")
        .and_then(|t| t.trim().parse::<f64>().ok());
    let late = yes(md.get("cc_allow_late_submission"));
    if minutes.is_some() || late.is_some() {
        let mut tl = TimeLimits::default();
        tl.max_time = minutes.filter(|m| *m > 0.0).map(|m| Float::new(m * 60.0));
        tl.allow_late_submission = late;
        test.time_limits = Some(tl);
    }
    let unused: Vec<&str> = md
        .fields
        .iter()
        .map(|f| f.label.as_str())
        .filter(|l| !CONVERTED_METADATA.contains(l))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !unused.is_empty() {
        cx.out.report.push(
            Problem::info(
                codes::CONVERT_METADATA_DROPPED,
                format!(
                    "assessment metadata without a QTI 2/3 equivalent is not carried over: {}{}",
                    unused.join(", "),
                    if unused.contains(&"cc_maxattempts") {
                        " (cc_maxattempts limits attempts at the whole assessment, which a QTI test cannot express)"
                    } else {
                        ""
                    }
                ),
            )
            .at(doc.location(a.span, "//assessment")),
        );
    }
    for (what, present) in [
        ("rubric", a.rubric.is_some()),
        ("presentation_material", a.presentation_material.is_some()),
    ] {
        if present {
            cx.warn(
                a.span,
                format!("the assessment's <{what}> has no conversion; it is left out"),
            );
        }
    }
    for e in &a.extensions {
        cx.warn(
            a.span,
            format!(
                "<{}> in the assessment has no conversion; it is left out",
                e.name.local
            ),
        );
    }
    test.test_parts.push(part);
    test.outcome_declarations.push(float_outcome("SCORE"));
    test.outcome_declarations.push(float_outcome("MAXSCORE"));
    let mut op = OutcomeProcessing::default();
    op.rules = vec![
        OutcomeRule::SetOutcomeValue(SetValue::new("SCORE", weighted_sum("SCORE"))),
        OutcomeRule::SetOutcomeValue(SetValue::new("MAXSCORE", weighted_sum("MAXSCORE"))),
    ];
    test.outcome_processing = Some(op);
    test.other_attributes.push(super::schema_location(target));
    Some(test)
}
