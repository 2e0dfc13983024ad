//! One CC-QTI item to a QTI `assessmentItem` model.

use std::collections::BTreeSet;

use lti_core::xml::{Attribute, Span};
use lti_core::{Problem, Report};
use qti::content::{BodyNode, HtmlElement, ItemBody, ModalFeedback};
use qti::declarations::{
    ExternalScored, OutcomeDeclaration, ResponseDeclaration, ValueElement, ValueSet, VariableHeader,
};
use qti::interactions::{
    Choice, ChoiceInteraction, ChoiceKind, Interaction, InteractionKind, Prompt, TextInteraction,
};
use qti::processing::{
    Branch, Condition as QCondition, Expression, ExpressionKind, Literal, ResponseProcessing,
    ResponseRule, SetValue,
};
use qti::value::{Float, ShowHide};
use qti::{AssessmentItem, BaseType, Cardinality, SingleValue};

use super::content::{Changes, Fit};
use super::{ConvertedItem, Doc, MediaFile, QtiTarget, qti_identifier};
use crate::codes;
use crate::qti::{
    Condition, FeedbackBlock, Item, PresentationContent, QuestionProfile, RespCondition, Response,
    ResponseKind,
};

/// Item metadata fields the conversion uses (others are reported once per document).
pub(super) const CONVERTED_METADATA: &[&str] =
    &["cc_profile", "cc_weighting", "qmd_computerscored"];

/// The most `responseCondition`s nested in `responseElse` branches (QTI 1.2 conditions that
/// alternate between stopping and continuing nest one level each).
const MAX_NESTING: usize = 32;

/// The default `decvar` maximum when none is given (the CC profile's 0–100 scale).
const DEFAULT_MAX: f64 = 100.0;

/// A response of the item and what it became.
#[derive(Debug, Clone)]
struct Resp {
    /// The CC `ident`.
    cc: String,
    /// The QTI response identifier.
    id: String,
    base: BaseType,
    cardinality: Cardinality,
    /// The choice identifiers (choice responses).
    choices: Vec<String>,
}

/// A numeric outcome declared by a `decvar` other than `SCORE`.
#[derive(Debug, Clone)]
struct Outcome {
    cc: String,
    id: String,
    base: BaseType,
}

/// The conversion context of one item.
pub(super) struct ItemCx<'a> {
    pub(super) doc: &'a Doc<'a>,
    report: &'a mut Report,
    pub(super) media: &'a mut Vec<MediaFile>,
    span: Span,
    ident: &'a str,
    responses: Vec<Resp>,
    outcomes: Vec<Outcome>,
    max_score: f64,
    pub(super) changes: Changes,
    /// Warnings already given for this item (each is reported once).
    said: BTreeSet<String>,
}

impl ItemCx<'_> {
    pub(super) fn warn(&mut self, code: &'static str, message: String) {
        if self.said.insert(format!("{code} {message}")) {
            let at = self
                .doc
                .location(self.span, &format!("//item[@ident='{}']", self.ident));
            self.report.push(Problem::warning(code, message).at(at));
        }
    }

    fn response(&self, cc: &str) -> Option<&Resp> {
        self.responses.iter().find(|r| r.cc == cc)
    }

    /// Reports what fitting the HTML changed.
    fn report_changes(&mut self) {
        let c = std::mem::take(&mut self.changes);
        let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
        if !c.attributes.is_empty() {
            self.warn(
                codes::CONVERT_HTML_CHANGED,
                format!(
                    "HTML attributes QTI does not allow there were removed: {}",
                    list(&c.attributes)
                ),
            );
        }
        if !c.unwrapped.is_empty() {
            self.warn(
                codes::CONVERT_HTML_CHANGED,
                format!(
                    "HTML elements QTI does not have were replaced by their content: {}",
                    list(&c.unwrapped)
                ),
            );
        }
        if !c.removed.is_empty() {
            self.warn(
                codes::CONVERT_HTML_CHANGED,
                format!("HTML removed with its content: {}", list(&c.removed)),
            );
        }
        if !c.restructured.is_empty() {
            self.warn(
                codes::CONVERT_HTML_CHANGED,
                format!(
                    "HTML nesting repaired for the QTI content model: {}",
                    list(&c.restructured)
                ),
            );
        }
        if c.as_text > 0 {
            self.warn(
                codes::CONVERT_HTML_AS_TEXT,
                format!(
                    "{} piece(s) of HTML are not well-formed and were kept as text",
                    c.as_text
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Expression helpers
// ---------------------------------------------------------------------------------------------

fn ex(kind: ExpressionKind) -> Expression {
    Expression::new(kind)
}

fn var(id: &str) -> Expression {
    ex(ExpressionKind::Variable {
        identifier: id.into(),
        weight_identifier: None,
    })
}

fn value(v: SingleValue) -> Expression {
    let base_type = match &v {
        SingleValue::Identifier(_) => BaseType::Identifier,
        SingleValue::Boolean(_) => BaseType::Boolean,
        SingleValue::Integer(_) => BaseType::Integer,
        SingleValue::String(_) => BaseType::String,
        _ => BaseType::Float,
    };
    ex(ExpressionKind::BaseValue {
        base_type,
        value: Literal::of(v),
    })
}

fn boolean(b: bool) -> Expression {
    value(SingleValue::Boolean(b))
}

fn float(f: f64) -> Expression {
    value(SingleValue::Float(f))
}

/// `and`/`or` of several expressions (one is returned as is; none is `empty`).
fn join(mut parts: Vec<Expression>, or: bool, empty: bool) -> Expression {
    match parts.len() {
        0 => boolean(empty),
        1 => parts.pop().unwrap_or_else(|| boolean(empty)),
        _ if or => ex(ExpressionKind::Or(parts)),
        _ => ex(ExpressionKind::And(parts)),
    }
}

fn set_outcome(id: &str, e: Expression) -> ResponseRule {
    ResponseRule::SetOutcomeValue(SetValue::new(id, e))
}

fn parse_number(s: &str) -> Option<f64> {
    lti_core::xml::attr::parse_double(s.trim())
}

/// The literal of a response value (`None` when the text does not fit the base type).
fn literal(base: BaseType, text: &str) -> Option<SingleValue> {
    match base {
        BaseType::Identifier => Some(SingleValue::Identifier(qti_identifier(text.trim()).into())),
        BaseType::String => Some(SingleValue::String(text.to_owned())),
        BaseType::Integer => text.trim().parse().ok().map(SingleValue::Integer),
        _ => parse_number(text).map(SingleValue::Float),
    }
}

// ---------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------

impl ItemCx<'_> {
    /// The test of one `conditionvar` child. `negated`: inside a `not`, where a test on an
    /// unanswered response must read as false (QTI 1.2) rather than NULL (QTI 2).
    fn condition(&mut self, c: &Condition, negated: bool) -> Expression {
        match c {
            Condition::VarEqual {
                respident,
                case_sensitive,
                value: v,
                ..
            } => {
                let Some(r) = self.response(respident).cloned() else {
                    return self.unknown_response(respident);
                };
                let Some(lit) = literal(r.base, v) else {
                    self.warn(
                        codes::CONVERT_CONDITION_UNSUPPORTED,
                        format!(
                            "varequal {v:?} is not a {} value; the test reads as false",
                            r.base.as_str()
                        ),
                    );
                    return boolean(false);
                };
                let test = match (r.base, r.cardinality) {
                    (BaseType::Identifier, Cardinality::Single) => {
                        ex(ExpressionKind::Match(vec![var(&r.id), value(lit)]))
                    }
                    (BaseType::Identifier, _) => {
                        ex(ExpressionKind::Member(vec![value(lit), var(&r.id)]))
                    }
                    (BaseType::String, _) => ex(ExpressionKind::StringMatch {
                        case_sensitive: *case_sensitive,
                        substring: None,
                        operands: vec![var(&r.id), value(lit)],
                    }),
                    (BaseType::Integer, _) => {
                        ex(ExpressionKind::Match(vec![var(&r.id), value(lit)]))
                    }
                    _ => ex(ExpressionKind::Equal {
                        tolerance_mode: None,
                        tolerance: None,
                        include_lower_bound: None,
                        include_upper_bound: None,
                        operands: vec![var(&r.id), value(lit)],
                    }),
                };
                guard(test, &r.id, negated)
            }
            Condition::VarSubstring {
                respident,
                case_sensitive,
                value: v,
                ..
            } => {
                let Some(r) = self.response(respident).cloned() else {
                    return self.unknown_response(respident);
                };
                if r.base != BaseType::String {
                    self.warn(
                        codes::CONVERT_CONDITION_UNSUPPORTED,
                        format!(
                            "varsubstring on the {} response {respident:?} has no conversion; the test reads as false",
                            r.base.as_str()
                        ),
                    );
                    return boolean(false);
                }
                let test = ex(ExpressionKind::Substring {
                    case_sensitive: Some(*case_sensitive),
                    operands: vec![value(SingleValue::String(v.clone())), var(&r.id)],
                });
                guard(test, &r.id, negated)
            }
            Condition::Other => boolean(true),
            Condition::And(xs) => {
                let parts = xs.iter().map(|x| self.condition(x, negated)).collect();
                join(parts, false, true)
            }
            Condition::Or(xs) => {
                let parts = xs.iter().map(|x| self.condition(x, negated)).collect();
                join(parts, true, false)
            }
            Condition::Not(xs) => {
                let parts = xs.iter().map(|x| self.condition(x, !negated)).collect();
                ex(ExpressionKind::Not(vec![join(parts, false, true)]))
            }
            Condition::Extension(e) => self.extension_condition(e, negated),
        }
    }

    fn unknown_response(&mut self, respident: &str) -> Expression {
        self.warn(
            codes::CONVERT_CONDITION_UNSUPPORTED,
            format!(
                "a condition tests the unknown response {respident:?}; the test reads as false"
            ),
        );
        boolean(false)
    }

    /// `varlt`, `varlte`, `vargt`, `vargte` on numeric responses; `unanswered`.
    fn extension_condition(&mut self, e: &lti_core::xml::Element, negated: bool) -> Expression {
        let name = e.name.local.as_str();
        let respident = e.attr("respident").unwrap_or("");
        let Some(r) = self.response(respident).cloned() else {
            if matches!(name, "varlt" | "varlte" | "vargt" | "vargte" | "unanswered") {
                return self.unknown_response(respident);
            }
            self.warn(
                codes::CONVERT_CONDITION_UNSUPPORTED,
                format!("the condition <{name}> has no conversion; the test reads as false"),
            );
            return boolean(false);
        };
        if name == "unanswered" {
            return ex(ExpressionKind::IsNull(vec![var(&r.id)]));
        }
        let numeric = matches!(r.base, BaseType::Float | BaseType::Integer);
        let bound = parse_number(&e.text());
        let (true, Some(bound), Some(kind)) = (
            numeric,
            bound,
            match name {
                "varlt" => Some(ExpressionKind::Lt as fn(Vec<Expression>) -> ExpressionKind),
                "varlte" => Some(ExpressionKind::Lte as fn(Vec<Expression>) -> ExpressionKind),
                "vargt" => Some(ExpressionKind::Gt as fn(Vec<Expression>) -> ExpressionKind),
                "vargte" => Some(ExpressionKind::Gte as fn(Vec<Expression>) -> ExpressionKind),
                _ => None,
            },
        ) else {
            self.warn(
                codes::CONVERT_CONDITION_UNSUPPORTED,
                format!(
                    "the condition <{name}> on the {} response {respident:?} has no conversion; the test reads as false",
                    r.base.as_str()
                ),
            );
            return boolean(false);
        };
        guard(ex(kind(vec![var(&r.id), float(bound)])), &r.id, negated)
    }

    /// The tests of one `respcondition`: all required, except that `varequal`s of one
    /// single-valued response — which can never all hold — are alternatives.
    fn conditionvar(&mut self, rc: &RespCondition) -> Expression {
        if let Some(alts) = self.alternatives(rc) {
            self.warn(
                codes::CONVERT_IMPLICIT_OR,
                format!(
                    "several varequal tests of the single-valued response {alts:?} in one conditionvar are read as alternatives (QTI 1.2 requires all; none could hold)"
                ),
            );
            let parts = rc
                .conditions
                .iter()
                .map(|c| self.condition(c, false))
                .collect();
            return join(parts, true, false);
        }
        let parts = rc
            .conditions
            .iter()
            .map(|c| self.condition(c, false))
            .collect();
        join(parts, false, true)
    }

    /// The response whose `varequal`s a `conditionvar` lists as alternatives, if it does.
    fn alternatives(&self, rc: &RespCondition) -> Option<String> {
        if rc.conditions.len() < 2 {
            return None;
        }
        let mut respident: Option<&str> = None;
        let mut values = BTreeSet::new();
        for c in &rc.conditions {
            let Condition::VarEqual {
                respident: r,
                value: v,
                ..
            } = c
            else {
                return None;
            };
            if respident.is_some_and(|x| x != r) {
                return None;
            }
            respident = Some(r);
            values.insert(v.trim().to_owned());
        }
        let r = self.response(respident?)?;
        (r.cardinality == Cardinality::Single && values.len() > 1).then(|| r.cc.clone())
    }

    /// The actions of one `respcondition`.
    fn actions(&mut self, it: &Item, rc: &RespCondition) -> Vec<ResponseRule> {
        let mut rules = Vec::new();
        for s in &rc.setvars {
            let name = s.var();
            let is_score = name.eq_ignore_ascii_case("SCORE");
            let target = if is_score {
                Some(("SCORE".to_owned(), BaseType::Float))
            } else {
                self.outcomes
                    .iter()
                    .find(|o| o.cc == name)
                    .map(|o| (o.id.clone(), o.base))
            };
            let Some((id, base)) = target else {
                self.warn(
                    codes::CONVERT_SETVAR_UNSUPPORTED,
                    format!("setvar on the undeclared or non-numeric variable {name:?} has no conversion"),
                );
                continue;
            };
            let Some(v) = parse_number(&s.value) else {
                self.warn(
                    codes::CONVERT_SETVAR_UNSUPPORTED,
                    format!("setvar value {:?} is not a number; it is left out", s.value),
                );
                continue;
            };
            let action = s.effective_action();
            // SCORE is normalised to 0–1; the factor of Multiply/Divide is not.
            let scale = if is_score && matches!(action, "Set" | "Add" | "Subtract") {
                self.max_score
            } else {
                1.0
            };
            let operand = if base == BaseType::Integer && scale == 1.0 && v.fract() == 0.0 {
                value(SingleValue::Integer(v as i64))
            } else {
                float(v / scale)
            };
            let e = match action {
                "Set" => operand,
                "Add" => ex(ExpressionKind::Sum(vec![var(&id), operand])),
                "Subtract" => ex(ExpressionKind::Subtract(vec![var(&id), operand])),
                "Multiply" => ex(ExpressionKind::Product(vec![var(&id), operand])),
                "Divide" => ex(ExpressionKind::Divide(vec![var(&id), operand])),
                other => {
                    self.warn(
                        codes::CONVERT_SETVAR_UNSUPPORTED,
                        format!("setvar action {other:?} has no conversion; it is left out"),
                    );
                    continue;
                }
            };
            rules.push(set_outcome(&id, e));
        }
        for f in &rc.feedback {
            if it.feedback_by_ident(&f.linkrefid).is_some() {
                rules.push(set_outcome(
                    "FEEDBACK",
                    ex(ExpressionKind::Multiple(vec![
                        var("FEEDBACK"),
                        value(SingleValue::Identifier(qti_identifier(&f.linkrefid).into())),
                    ])),
                ));
            } else {
                self.warn(
                    codes::CONVERT_FEEDBACK_UNSUPPORTED,
                    format!(
                        "displayfeedback names {:?}, which is no itemfeedback of the item; left out",
                        f.linkrefid
                    ),
                );
            }
        }
        for e in &rc.extensions {
            self.warn(
                codes::CONVERT_CONDITION_UNSUPPORTED,
                format!(
                    "<{}> in a respcondition has no conversion; it is left out",
                    e.name.local
                ),
            );
        }
        rules
    }

    /// The rules of one `resprocessing`: QTI 1.2 stops at the first matching condition unless
    /// it says `continue="Yes"`. A run of stopping conditions becomes one `responseCondition`
    /// (if / else-if); what follows the run goes into its `else`.
    fn processing(&mut self, it: &Item, conds: &[RespCondition]) -> Vec<ResponseRule> {
        // Depth = number of stopping runs followed by more conditions.
        let mut depth = 0;
        let mut cut = conds.len();
        for (i, w) in conds.windows(2).enumerate() {
            if !w[0].continues() && w[1].continues() {
                depth += 1;
                if depth > MAX_NESTING {
                    cut = i + 1;
                    break;
                }
            }
        }
        if cut < conds.len() {
            self.warn(
                codes::CONVERT_CONDITION_UNSUPPORTED,
                format!(
                    "{} respcondition(s) after {MAX_NESTING} alternations of stopping and continuing conditions are left out",
                    conds.len() - cut
                ),
            );
        }
        let conds = &conds[..cut];
        let translated: Vec<(Expression, Vec<ResponseRule>, bool)> = conds
            .iter()
            .map(|rc| (self.conditionvar(rc), self.actions(it, rc), rc.continues()))
            .collect();
        // Build from the end: `tail` holds the rules that run after position i.
        let mut tail: Vec<ResponseRule> = Vec::new();
        let mut i = translated.len();
        let mut items = translated.into_iter().rev().peekable();
        while let Some((cond, actions, continues)) = items.next() {
            i -= 1;
            if continues {
                let c = QCondition::new(Branch::new(Some(cond), actions), Vec::new(), None);
                tail.insert(0, ResponseRule::Condition(Box::new(c)));
                continue;
            }
            // A run of stopping conditions ending at i.
            let mut run = vec![Branch::new(Some(cond), actions)];
            while items.peek().is_some_and(|(_, _, c)| !c) {
                if let Some((c, a, _)) = items.next() {
                    i -= 1;
                    run.push(Branch::new(Some(c), a));
                }
            }
            run.reverse();
            let mut branches = run.into_iter();
            let Some(first) = branches.next() else {
                continue;
            };
            let else_branch =
                (!tail.is_empty()).then(|| Branch::new(None, std::mem::take(&mut tail)));
            let c = QCondition::new(first, branches.collect(), else_branch);
            tail = vec![ResponseRule::Condition(Box::new(c))];
        }
        let _ = i;
        tail
    }
}

/// `and(not(isNull(var)), test)`: false rather than NULL when the response is unanswered.
fn guard(test: Expression, id: &str, negated: bool) -> Expression {
    if negated {
        ex(ExpressionKind::And(vec![
            ex(ExpressionKind::Not(vec![ex(ExpressionKind::IsNull(vec![
                var(id),
            ]))])),
            test,
        ]))
    } else {
        test
    }
}

// ---------------------------------------------------------------------------------------------
// Correct responses
// ---------------------------------------------------------------------------------------------

/// Values that satisfy a condition, by CC response ident (the first alternative of an `or`).
fn positives(c: &Condition, out: &mut Vec<(String, String)>, numeric: &dyn Fn(&str) -> bool) {
    match c {
        Condition::VarEqual {
            respident, value, ..
        }
        | Condition::VarSubstring {
            respident, value, ..
        } => out.push((respident.clone(), value.clone())),
        Condition::And(x) => x.iter().for_each(|y| positives(y, out, numeric)),
        Condition::Or(x) => {
            if let Some(y) = x.first() {
                positives(y, out, numeric);
            }
        }
        Condition::Extension(e)
            if matches!(e.name.local.as_str(), "vargte" | "varlte")
                && e.attr("respident").is_some_and(numeric) =>
        {
            out.push((e.attr("respident").unwrap_or("").to_owned(), e.text()));
        }
        _ => {}
    }
}

impl ItemCx<'_> {
    /// The correct response of each response: the values tested by the first condition that
    /// sets `SCORE` to its highest value (`None` when no condition scores above the minimum).
    fn correct_values(&self, it: &Item, min: f64) -> Vec<(String, Vec<String>)> {
        let set_score = |rc: &RespCondition| -> Option<f64> {
            rc.setvars
                .iter()
                .filter(|s| s.var().eq_ignore_ascii_case("SCORE") && s.effective_action() == "Set")
                .filter_map(|s| parse_number(&s.value))
                .next_back()
        };
        let best = it
            .resprocessing
            .iter()
            .flat_map(|p| &p.conditions)
            .filter_map(set_score)
            .fold(None, |b: Option<f64>, v| Some(b.map_or(v, |b| b.max(v))));
        let Some(best) = best.filter(|b| *b > min) else {
            return Vec::new();
        };
        let Some(rc) = it
            .resprocessing
            .iter()
            .flat_map(|p| &p.conditions)
            .find(|rc| set_score(rc) == Some(best))
        else {
            return Vec::new();
        };
        let numeric = |id: &str| {
            self.response(id)
                .is_some_and(|r| matches!(r.base, BaseType::Float | BaseType::Integer))
        };
        let mut found = Vec::new();
        if self.alternatives(rc).is_some() {
            if let Some(c) = rc.conditions.first() {
                positives(c, &mut found, &numeric);
            }
        } else {
            for c in &rc.conditions {
                positives(c, &mut found, &numeric);
            }
        }
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for (r, v) in found {
            match out.iter_mut().find(|(x, _)| *x == r) {
                Some((_, vs)) => {
                    if !vs.contains(&v) {
                        vs.push(v);
                    }
                }
                None => out.push((r, vec![v])),
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// The item
// ---------------------------------------------------------------------------------------------

fn attr<'a>(attrs: &'a [Attribute], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| a.name.ns.is_none() && a.name.local == name)
        .map(|a| a.value.as_str())
}

/// What a response becomes: `None` when it has no conversion.
fn response_shape(r: &Response, essay: bool) -> Option<(BaseType, Cardinality, &'static str)> {
    let render = r.render_element()?;
    let card = r.cardinality();
    match (r.kind, render) {
        (ResponseKind::Lid, "render_choice") => match card {
            "Single" => Some((BaseType::Identifier, Cardinality::Single, "choice")),
            "Multiple" => Some((BaseType::Identifier, Cardinality::Multiple, "choice")),
            _ => None,
        },
        (ResponseKind::Str | ResponseKind::Num, "render_fib") if card == "Single" => {
            let numtype = match r.kind {
                ResponseKind::Num => attr(&r.other_attributes, "numtype").or(Some("Integer")),
                _ => r.render.as_ref().and_then(|x| x.attr("fibtype")),
            };
            let base = match numtype.map(str::trim) {
                Some("Integer") => BaseType::Integer,
                Some("Decimal" | "Scientific") => BaseType::Float,
                _ => BaseType::String,
            };
            let kind = if essay && base == BaseType::String {
                "extended"
            } else {
                "entry"
            };
            Some((base, Cardinality::Single, kind))
        }
        _ => None,
    }
}

fn positive_u32(s: Option<&str>) -> Option<u32> {
    s.and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|v| *v > 0)
}

/// Converts one item; `None` when its shape has no conversion (reported).
pub(super) fn convert_item(
    it: &Item,
    doc: &Doc<'_>,
    target: QtiTarget,
    report: &mut Report,
    media: &mut Vec<MediaFile>,
) -> Option<ConvertedItem> {
    let profile = it.profile();
    let essay = profile == Some(QuestionProfile::Essay);
    let mut cx = ItemCx {
        doc,
        report,
        media,
        span: it.span,
        ident: &it.ident,
        responses: Vec::new(),
        outcomes: Vec::new(),
        max_score: DEFAULT_MAX,
        changes: Changes::default(),
        said: BTreeSet::new(),
    };
    // Responses.
    let responses = it.responses();
    let mut shapes = Vec::new();
    for (i, r) in responses.iter().enumerate() {
        let Some(shape) = response_shape(r, essay) else {
            cx.warn(
                codes::CONVERT_RESPONSE_UNSUPPORTED,
                format!(
                    "the response {:?} ({} rcardinality={} with {}) has no conversion; the item is not converted",
                    r.ident,
                    r.kind.element(),
                    r.cardinality(),
                    r.render_element().unwrap_or("no rendering")
                ),
            );
            return None;
        };
        let id = if responses.len() == 1 {
            "RESPONSE".to_owned()
        } else {
            format!("RESPONSE_{}", i + 1)
        };
        cx.responses.push(Resp {
            cc: r.ident.clone(),
            id,
            base: shape.0,
            cardinality: shape.1,
            choices: r
                .labels()
                .iter()
                .map(|l| qti_identifier(&l.ident))
                .collect(),
        });
        shapes.push(shape.2);
    }
    if let Some(QuestionProfile::Other(p)) = &profile {
        cx.warn(
            codes::CONVERT_PROFILE_UNKNOWN,
            format!("{p:?} is not a CC question profile; the item is converted by its shape"),
        );
    }
    // Outcomes (decvar).
    let mut min_score = 0.0;
    let mut declared_max = false;
    for d in it.resprocessing.iter().flat_map(|p| &p.outcomes) {
        let name = d.var();
        if name.eq_ignore_ascii_case("SCORE") {
            if let Some(max) = d
                .maxvalue
                .as_deref()
                .and_then(parse_number)
                .filter(|m| *m > 0.0)
            {
                cx.max_score = max;
                declared_max = true;
            }
            if let Some(min) = d.minvalue.as_deref().and_then(parse_number) {
                min_score = min;
            }
            continue;
        }
        let base = match d.vartype.as_deref().map(str::trim).unwrap_or("Integer") {
            "Integer" => BaseType::Integer,
            "Decimal" | "Scientific" => BaseType::Float,
            other => {
                cx.warn(
                    codes::CONVERT_SETVAR_UNSUPPORTED,
                    format!("the {other} outcome {name:?} has no conversion; it is left out"),
                );
                continue;
            }
        };
        if !cx.outcomes.iter().any(|o| o.cc == name) {
            cx.outcomes.push(Outcome {
                cc: name.to_owned(),
                id: qti_identifier(name),
                base,
            });
        }
    }
    // The starting score: `defaultval` of the decvar, else 0 (not below the minimum).
    let default_raw = it
        .resprocessing
        .iter()
        .flat_map(|p| &p.outcomes)
        .find(|d| d.var().eq_ignore_ascii_case("SCORE"))
        .and_then(|d| attr(&d.other_attributes, "defaultval"))
        .and_then(parse_number)
        .unwrap_or(0.0)
        .max(min_score);
    // The highest score the conditions give: the best `Set` (else the default), plus every
    // positive `Add`.
    let mut best_set: Option<f64> = None;
    let mut adds = 0.0;
    let mut scores = false;
    for s in it
        .resprocessing
        .iter()
        .flat_map(|p| &p.conditions)
        .flat_map(|rc| &rc.setvars)
        .filter(|s| s.var().eq_ignore_ascii_case("SCORE"))
    {
        scores = true;
        match (s.effective_action(), parse_number(&s.value)) {
            ("Set", Some(v)) => best_set = Some(best_set.map_or(v, |b: f64| b.max(v))),
            ("Add", Some(v)) if v > 0.0 => adds += v,
            _ => {}
        }
    }
    let attainable = (best_set.is_some() || adds > 0.0)
        .then(|| best_set.unwrap_or(default_raw).max(default_raw) + adds)
        .filter(|a| *a > 0.0);
    // The scale: the decvar maximum; without one, the CC profile's 0–100, else the highest
    // score the conditions give.
    let cc_profile = matches!(&profile, Some(p) if !matches!(p, QuestionProfile::Other(_)));
    if !declared_max {
        match attainable {
            Some(a) if !cc_profile || a > DEFAULT_MAX => {
                cx.max_score = a;
                cx.warn(
                    codes::CONVERT_SCORE_SCALE,
                    format!(
                        "SCORE has no decvar maxvalue; the highest score its conditions give ({}) is taken as the maximum",
                        qti::value::format_double(a)
                    ),
                );
            }
            _ if scores && !cc_profile => cx.warn(
                codes::CONVERT_SCORE_SCALE,
                format!("SCORE has no decvar maxvalue; scores are read on a 0–{DEFAULT_MAX} scale"),
            ),
            _ => {}
        }
    }
    let min_normalised = min_score / cx.max_score;

    let mut item = AssessmentItem::new(
        target.version(),
        qti_identifier(&it.ident),
        it.title.clone().unwrap_or_else(|| it.ident.clone()),
    );
    item.adaptive = Some(false);
    item.time_dependent = Some(false);
    item.other_attributes.push(super::schema_location(target));

    // Response declarations with correct responses.
    let correct = if essay {
        Vec::new()
    } else {
        cx.correct_values(it, min_score)
    };
    for r in &cx.responses {
        let mut d = ResponseDeclaration::new(VariableHeader::new(
            r.id.as_str(),
            r.cardinality,
            Some(r.base),
        ));
        if let Some((_, values)) = correct.iter().find(|(cc, _)| *cc == r.cc) {
            let mut typed: Vec<ValueElement> = values
                .iter()
                .filter_map(|v| literal(r.base, v))
                .filter(|v| match v {
                    SingleValue::Identifier(id) => r.choices.iter().any(|c| c == id.as_str()),
                    _ => true,
                })
                .map(ValueElement::new)
                .collect();
            if r.cardinality == Cardinality::Single {
                typed.truncate(1);
            }
            if !typed.is_empty() {
                d.correct_response = Some(ValueSet::new(typed));
            }
        }
        item.response_declarations.push(d);
    }
    // Outcome declarations.
    let mut score = OutcomeDeclaration::new(VariableHeader::new(
        "SCORE",
        Cardinality::Single,
        Some(BaseType::Float),
    ));
    // MAXSCORE: the highest score the conditions give (1 for items scored elsewhere).
    let max_normalised = attainable.map_or(1.0, |a| a / cx.max_score);
    score.default_value = Some(ValueSet::new(vec![ValueElement::new(SingleValue::Float(
        default_raw / cx.max_score,
    ))]));
    score.normal_maximum = Some(Float::new(max_normalised.max(1.0)));
    if it
        .metadata
        .get("qmd_computerscored")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("no"))
    {
        score.external_scored = Some(ExternalScored::Human);
    }
    if min_normalised != 0.0 {
        score.normal_minimum = Some(Float::new(min_normalised));
    }
    item.outcome_declarations.push(score);
    let mut maxscore = OutcomeDeclaration::new(VariableHeader::new(
        "MAXSCORE",
        Cardinality::Single,
        Some(BaseType::Float),
    ));
    maxscore.default_value = Some(ValueSet::new(vec![ValueElement::new(SingleValue::Float(
        max_normalised,
    ))]));
    item.outcome_declarations.push(maxscore);
    for o in &cx.outcomes {
        let mut d = OutcomeDeclaration::new(VariableHeader::new(
            o.id.as_str(),
            Cardinality::Single,
            Some(o.base),
        ));
        d.default_value = Some(ValueSet::new(vec![ValueElement::new(match o.base {
            BaseType::Integer => SingleValue::Integer(0),
            _ => SingleValue::Float(0.0),
        })]));
        item.outcome_declarations.push(d);
    }
    if !it.feedback.is_empty() {
        item.outcome_declarations
            .push(OutcomeDeclaration::new(VariableHeader::new(
                "FEEDBACK",
                Cardinality::Multiple,
                Some(BaseType::Identifier),
            )));
    }

    // Body, in presentation order.
    let mut body = Vec::new();
    if let Some(p) = &it.presentation {
        let mut n = 0;
        cx.presentation(&p.content, &responses, &shapes, &mut n, &mut body);
    }
    let content = cx.fit(body, Fit::Block);
    if !content.is_empty() {
        // An item body needs content; an item with nothing to show has none.
        let mut item_body = ItemBody::default();
        item_body.content = content;
        item.item_body = Some(item_body);
    }

    // Response processing.
    let mut rules = Vec::new();
    for p in &it.resprocessing {
        rules.extend(cx.processing(it, &p.conditions));
        for e in &p.extensions {
            cx.warn(
                codes::CONVERT_CONDITION_UNSUPPORTED,
                format!(
                    "<{}> in resprocessing has no conversion; it is left out",
                    e.name.local
                ),
            );
        }
    }
    if !rules.is_empty() {
        let mut rp = ResponseProcessing::default();
        rp.rules = rules;
        item.response_processing = Some(rp);
    }

    // Feedback.
    for f in &it.feedback {
        let mut mf = ModalFeedback::new("FEEDBACK", qti_identifier(&f.ident), ShowHide::Show);
        mf.title.clone_from(&f.title);
        let mut nodes = Vec::new();
        for block in &f.blocks {
            match block {
                FeedbackBlock::FlowMat(ms)
                | FeedbackBlock::Solution(ms)
                | FeedbackBlock::Hint(ms) => {
                    for m in ms {
                        nodes.extend(cx.material(m));
                    }
                }
                FeedbackBlock::Material(m) => nodes.extend(cx.material(m)),
                FeedbackBlock::Other(e) => cx.warn(
                    codes::CONVERT_FEEDBACK_UNSUPPORTED,
                    format!(
                        "feedback <{}> has no conversion; it is left out",
                        e.name.local
                    ),
                ),
            }
        }
        mf.content = cx.fit(nodes, Fit::Flow);
        item.modal_feedbacks.push(mf);
    }
    cx.report_changes();
    let weight = it
        .metadata
        .get("cc_weighting")
        .and_then(parse_number)
        .filter(|w| *w >= 0.0);
    Some(ConvertedItem {
        path: String::new(),
        source_ident: it.ident.clone(),
        profile,
        weight,
        item,
        xml: String::new(),
    })
}

impl ItemCx<'_> {
    /// Presentation content in order: materials and interactions (flows flattened).
    fn presentation(
        &mut self,
        content: &[PresentationContent],
        responses: &[&Response],
        shapes: &[&'static str],
        n: &mut usize,
        out: &mut Vec<BodyNode>,
    ) {
        for c in content {
            match c {
                PresentationContent::Material(m) => out.extend(self.material(m)),
                PresentationContent::Response(r) => {
                    let i = *n;
                    *n += 1;
                    let (Some(resp), Some(shape)) = (self.responses.get(i).cloned(), shapes.get(i))
                    else {
                        continue;
                    };
                    let r = responses.get(i).copied().unwrap_or(r);
                    self.interaction(r, &resp, shape, out);
                }
                PresentationContent::Flow { content, .. } => {
                    self.presentation(content, responses, shapes, n, out);
                }
                PresentationContent::Other(e) => self.warn(
                    codes::CONVERT_MATERIAL_UNSUPPORTED,
                    format!(
                        "presentation <{}> has no conversion; it is left out",
                        e.name.local
                    ),
                ),
            }
        }
    }

    fn interaction(&mut self, r: &Response, resp: &Resp, shape: &str, out: &mut Vec<BodyNode>) {
        let render = r.render.as_ref();
        let render_attr = |name: &str| render.and_then(|x| x.attr(name));
        match shape {
            "choice" => {
                let mut ci = ChoiceInteraction::default();
                let shuffle =
                    render_attr("shuffle").is_some_and(|s| s.trim().eq_ignore_ascii_case("yes"));
                ci.shuffle = Some(shuffle);
                ci.max_choices = Some(if resp.cardinality == Cardinality::Single {
                    1
                } else {
                    positive_u32(render_attr("maxnumber")).unwrap_or(0)
                });
                ci.min_choices = positive_u32(render_attr("minnumber"));
                for l in r.labels() {
                    let content = self.materials(&l.material, Fit::Flow);
                    let mut choice =
                        Choice::new(ChoiceKind::SimpleChoice, qti_identifier(&l.ident), content);
                    if shuffle
                        && attr(&l.other_attributes, "rshuffle")
                            .is_some_and(|s| s.trim().eq_ignore_ascii_case("no"))
                    {
                        choice.fixed = Some(true);
                    }
                    if !l.extensions.is_empty() {
                        self.warn(
                            codes::CONVERT_MATERIAL_UNSUPPORTED,
                            "response_label content other than material has no conversion; it is left out".to_owned(),
                        );
                    }
                    ci.choices.push(choice);
                }
                let mut interaction =
                    Interaction::new(resp.id.as_str(), InteractionKind::Choice(ci));
                let prompt_materials = r
                    .material_before
                    .iter()
                    .chain(render.map_or(&[][..], |x| &x.material));
                let prompt = self.materials(prompt_materials, Fit::Flow);
                if prompt
                    .iter()
                    .any(|n| !matches!(n, BodyNode::Text(t) if t.trim().is_empty()))
                {
                    let mut p = Prompt::default();
                    p.content = prompt;
                    interaction.prompt = Some(p);
                }
                out.push(BodyNode::Interaction(Box::new(interaction)));
                out.extend(self.materials(&r.material_after, Fit::Flow));
            }
            "extended" => {
                let mut ti = TextInteraction::default();
                ti.expected_lines = positive_u32(render_attr("rows"));
                ti.expected_length = positive_u32(render_attr("columns"))
                    .map(|c| c.saturating_mul(ti.expected_lines.unwrap_or(1)));
                let mut interaction =
                    Interaction::new(resp.id.as_str(), InteractionKind::ExtendedText(ti));
                let prompt = self.materials(&r.material_before, Fit::Flow);
                if !prompt.is_empty() {
                    let mut p = Prompt::default();
                    p.content = prompt;
                    interaction.prompt = Some(p);
                }
                out.push(BodyNode::Interaction(Box::new(interaction)));
                out.extend(self.materials(&r.material_after, Fit::Flow));
            }
            _ => {
                let mut ti = TextInteraction::default();
                ti.expected_length = positive_u32(render_attr("columns"))
                    .or_else(|| positive_u32(render_attr("maxchars")));
                let interaction =
                    Interaction::new(resp.id.as_str(), InteractionKind::TextEntry(ti));
                // Material around the blank stays on its line when it is inline.
                let before = self.materials(&r.material_before, Fit::Flow);
                let after = self.materials(&r.material_after, Fit::Flow);
                let inline_before = !before.iter().any(super::content::is_block);
                let inline_after = !after.iter().any(super::content::is_block);
                let mut line = Vec::new();
                if inline_before {
                    line.extend(before);
                } else {
                    out.extend(before);
                }
                line.push(BodyNode::Interaction(Box::new(interaction)));
                if inline_after {
                    line.extend(after);
                    let mut p = HtmlElement::new("p");
                    p.children = line;
                    out.push(BodyNode::Html(Box::new(p)));
                } else {
                    let mut p = HtmlElement::new("p");
                    p.children = line;
                    out.push(BodyNode::Html(Box::new(p)));
                    out.extend(after);
                }
            }
        }
        if render.is_some_and(|x| !x.extensions.is_empty()) {
            self.warn(
                codes::CONVERT_MATERIAL_UNSUPPORTED,
                "rendering content other than response labels and material has no conversion; it is left out".to_owned(),
            );
        }
    }
}
