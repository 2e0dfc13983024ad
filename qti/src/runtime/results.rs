//! Results reporting: an `assessmentResult` ([`crate::results`]) for a finished item or test
//! session. The datestamp is the caller's (no clock here).

use lti_core::xml::Span;

use crate::declarations::{ValueElement, ValueSet};
use crate::results::{
    AssessmentResult, Context, ItemResult, OutcomeVariable, PlainVariable, ResponseVariable,
    ResultVariable, SessionIdentifier, SessionStatus, TestResult,
};
use crate::value::{Identifier, SingleValue, Value};
use crate::version::Version;

use super::VariableKind;
use super::item::{CompiledItem, ItemSession};
use super::test_session::{CompiledTest, TestSession};

/// Who and which session a result is for.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[serde(default)]
pub struct ResultContext {
    /// The candidate's `sourcedId`.
    pub sourced_id: Option<String>,
    /// `sessionIdentifier`s: (sourceID, identifier).
    pub session_identifiers: Vec<(String, String)>,
}

impl ResultContext {
    /// A context for a candidate.
    pub fn candidate(sourced_id: impl Into<String>) -> Self {
        Self {
            sourced_id: Some(sourced_id.into()),
            session_identifiers: Vec::new(),
        }
    }
}

fn value_elements(v: &Value) -> Vec<ValueElement> {
    match v {
        Value::Null => Vec::new(),
        Value::Single(s) => vec![ValueElement::new(s.clone())],
        Value::Multiple(x) | Value::Ordered(x) => {
            x.iter().cloned().map(ValueElement::new).collect()
        }
        Value::Record(f) => f
            .iter()
            .filter_map(|(k, v)| {
                let s: &SingleValue = v.as_ref()?;
                let mut e = ValueElement::new(s.clone());
                e.field_identifier = Some(k.clone());
                e.base_type = Some(s.base_type());
                Some(e)
            })
            .collect(),
    }
}

fn item_variables(item: &CompiledItem, s: &ItemSession) -> Vec<ResultVariable> {
    let mut out = Vec::new();
    for (d, v) in s.values_of(item, VariableKind::Response) {
        let correct = s
            .correct_response(item, &d.identifier)
            .cloned()
            .unwrap_or(Value::Null);
        out.push(ResultVariable::Response(ResponseVariable {
            identifier: d.identifier.clone(),
            cardinality: d.cardinality,
            base_type: d.base_type,
            choice_sequence: None,
            answered_status: None,
            score_status: None,
            correct_response: (!correct.is_null()).then(|| ValueSet::new(value_elements(&correct))),
            candidate_response: Some(value_elements(v)),
            other_attributes: Vec::new(),
            span: Span::default(),
        }));
    }
    for (d, v) in s.values_of(item, VariableKind::Template) {
        out.push(ResultVariable::Template(PlainVariable {
            identifier: d.identifier.clone(),
            cardinality: d.cardinality,
            base_type: d.base_type,
            values: value_elements(v),
            other_attributes: Vec::new(),
            span: Span::default(),
        }));
    }
    for (d, v) in s.values_of(item, VariableKind::Outcome) {
        out.push(outcome(d, v));
    }
    out
}

fn outcome(d: &super::Variable, v: &Value) -> ResultVariable {
    ResultVariable::Outcome(OutcomeVariable {
        identifier: d.identifier.clone(),
        cardinality: d.cardinality,
        base_type: d.base_type,
        view: None,
        interpretation: None,
        long_interpretation: None,
        normal_maximum: d.normal_maximum.map(Into::into),
        normal_minimum: d.normal_minimum.map(Into::into),
        mastery_value: None,
        external_scored: None,
        variable_identifier_ref: None,
        values: value_elements(v),
        extensions: Vec::new(),
        other_attributes: Vec::new(),
        span: Span::default(),
    })
}

fn status(item: &CompiledItem, s: &ItemSession) -> SessionStatus {
    if s.num_attempts(item) == 0 {
        SessionStatus::Initial
    } else if s.is_closed() || s.completion_status(item) == "completed" {
        SessionStatus::Final
    } else {
        SessionStatus::PendingSubmission
    }
}

fn context(c: &ResultContext) -> Option<Context> {
    (c.sourced_id.is_some() || !c.session_identifiers.is_empty()).then(|| Context {
        sourced_id: c.sourced_id.clone(),
        session_identifiers: c
            .session_identifiers
            .iter()
            .map(|(s, i)| SessionIdentifier {
                source_id: s.clone(),
                identifier: i.clone(),
            })
            .collect(),
        other_attributes: Vec::new(),
        span: Span::default(),
    })
}

fn result(version: Version, ctx: &ResultContext) -> AssessmentResult {
    AssessmentResult {
        version,
        context: context(ctx),
        test_result: None,
        item_results: Vec::new(),
        extensions: Vec::new(),
        other_attributes: Vec::new(),
        namespace_declarations: Vec::new(),
        span: Span::default(),
    }
}

/// The `itemResult` of an item session.
pub fn item_result(item: &CompiledItem, s: &ItemSession, datestamp: &str) -> ItemResult {
    ItemResult {
        identifier: item.identifier().clone(),
        sequence_index: None,
        datestamp: datestamp.to_owned(),
        session_status: status(item, s),
        variables: item_variables(item, s),
        candidate_comment: None,
        extensions: Vec::new(),
        other_attributes: Vec::new(),
        span: Span::default(),
    }
}

/// An `assessmentResult` for one item session.
pub fn item_assessment_result(
    item: &CompiledItem,
    s: &ItemSession,
    datestamp: &str,
    version: Version,
    ctx: &ResultContext,
) -> AssessmentResult {
    let mut r = result(version, ctx);
    r.item_results.push(item_result(item, s, datestamp));
    r
}

/// An `assessmentResult` for a test session: the test's outcomes (and `duration`) in
/// `testResult`, one `itemResult` per presented or selected item occurrence, identified by its
/// item reference with `sequenceIndex` giving the delivery position (1-based).
pub fn test_assessment_result(
    test: &CompiledTest,
    s: &TestSession,
    datestamp: &str,
    version: Version,
    ctx: &ResultContext,
) -> AssessmentResult {
    let mut r = result(version, ctx);
    let mut vars = Vec::new();
    for (d, v) in test.variables().iter().zip(s.values()) {
        if d.kind == VariableKind::Outcome {
            vars.push(outcome(d, v));
        } else if d.identifier.as_str() == "duration" {
            vars.push(ResultVariable::Response(ResponseVariable {
                identifier: Identifier::new("duration"),
                cardinality: d.cardinality,
                base_type: d.base_type,
                choice_sequence: None,
                answered_status: None,
                score_status: None,
                correct_response: None,
                candidate_response: Some(value_elements(&Value::Single(SingleValue::Duration(
                    s.duration(),
                )))),
                other_attributes: Vec::new(),
                span: Span::default(),
            }));
        }
    }
    r.test_result = Some(TestResult {
        identifier: test.identifier().clone(),
        datestamp: datestamp.to_owned(),
        variables: vars,
        extensions: Vec::new(),
        other_attributes: Vec::new(),
        span: Span::default(),
    });
    for (i, o) in s.route().iter().enumerate() {
        let (Some(sess), Some(item)) = (&o.session, test.item_of(o)) else {
            continue;
        };
        let mut ir = item_result(item, sess, datestamp);
        ir.identifier = o.identifier.clone();
        ir.sequence_index = Some(i64::try_from(i + 1).unwrap_or(i64::MAX));
        r.item_results.push(ir);
    }
    r
}
