//! Compiling the model's expressions and rules ([`crate::processing`]) into the engine's form.

use std::sync::Arc;

use lti_core::Problem;
use lti_core::xml::Span;

use crate::processing::{
    Condition, Expression, ExpressionKind, OutcomeRule, ResponseRule, RoundingMode, SetValue,
    TemplateRule, ToleranceMode,
};
use crate::value::{FloatOrRef, Identifier, IntOrRef, SingleValue, StringOrRef, Value};

use super::codes;
use super::expr::{
    CustomCall, Expr, FloatArg, IntArg, NumberKind, Op, PatternArg, Rule, SetKind, VarRef,
};
use super::mapping::CompiledShape;
use super::{OperatorRegistry, VariableKind};

/// What a compiler needs to know about the variable table.
pub(crate) trait Resolver {
    /// The slot of a variable, when the table has it.
    fn slot(&self, id: &str) -> Option<usize>;
    /// The kind of a slot.
    fn kind(&self, slot: usize) -> VariableKind;
    /// Whether the slot has a lookup table.
    fn has_lookup(&self, slot: usize) -> bool;
    /// Whether the slot has a mapping (`area`: an area mapping).
    fn has_mapping(&self, slot: usize, area: bool) -> bool;
    /// Whether unresolved names are kept for run-time resolution (tests).
    fn late_names(&self) -> bool;
}

/// A compiler: collects problems while lowering.
pub(crate) struct Compiler<'a> {
    pub(crate) registry: &'a OperatorRegistry,
    pub(crate) resolver: &'a dyn Resolver,
    pub(crate) problems: Vec<Problem>,
}

fn loc(span: Span, name: &str) -> lti_core::Location {
    span.location(name)
}

impl Compiler<'_> {
    fn error(&mut self, code: &'static str, span: Span, name: &str, msg: String) {
        self.problems
            .push(Problem::error(code, msg).at(loc(span, name)));
    }

    fn var(&mut self, id: &Identifier, span: Span, name: &str) -> Option<VarRef> {
        if let Some(s) = self.resolver.slot(id) {
            return Some(VarRef::Slot(s));
        }
        if self.resolver.late_names() {
            return Some(VarRef::Name(id.clone()));
        }
        self.error(
            codes::UNKNOWN_VARIABLE,
            span,
            name,
            format!("{name} refers to undeclared variable {id:?}"),
        );
        None
    }

    fn int_arg(&mut self, a: &IntOrRef, span: Span, name: &str) -> Option<IntArg> {
        Some(match a {
            IntOrRef::Int(i) => IntArg::Lit(*i),
            IntOrRef::Ref(r) => IntArg::Var(self.var(r, span, name)?),
        })
    }

    fn float_arg(&mut self, a: &FloatOrRef, span: Span, name: &str) -> Option<FloatArg> {
        Some(match a {
            FloatOrRef::Float(f) => FloatArg::Lit(f.get()),
            FloatOrRef::Ref(r) => FloatArg::Var(self.var(r, span, name)?),
        })
    }

    /// Lowers an expression (`None` after recording a problem).
    #[allow(
        clippy::too_many_lines,
        reason = "one arm per expression of the specification"
    )]
    pub(crate) fn expr(&mut self, e: &Expression) -> Option<Expr> {
        use ExpressionKind as K;
        let name = e.kind.element_name();
        let span = e.span;
        let operands = e.kind.operands();
        let (min, max): (usize, usize) = match &e.kind {
            K::Multiple(_) | K::Ordered(_) | K::CustomOperator { .. } => (0, usize::MAX),
            K::ContainerSize(_)
            | K::IsNull(_)
            | K::Index { .. }
            | K::FieldValue { .. }
            | K::Random(_)
            | K::Not(_)
            | K::Truncate(_)
            | K::Round(_)
            | K::RoundTo { .. }
            | K::IntegerToFloat(_)
            | K::Inside { .. }
            | K::PatternMatch { .. }
            | K::StatsOperator { .. } => (1, 1),
            K::Member(_)
            | K::Delete(_)
            | K::Contains(_)
            | K::Match(_)
            | K::StringMatch { .. }
            | K::Equal { .. }
            | K::EqualRounded { .. }
            | K::Lt(_)
            | K::Gt(_)
            | K::Lte(_)
            | K::Gte(_)
            | K::DurationLt(_)
            | K::DurationGte(_)
            | K::Substring { .. }
            | K::Subtract(_)
            | K::Divide(_)
            | K::Power(_)
            | K::IntegerDivide(_)
            | K::IntegerModulus(_) => (2, 2),
            K::MathOperator { name, .. } => {
                if *name == crate::processing::MathOperatorName::Atan2 {
                    (2, 2)
                } else {
                    (1, 1)
                }
            }
            K::Repeat { .. }
            | K::And(_)
            | K::Or(_)
            | K::AnyN { .. }
            | K::Sum(_)
            | K::Product(_)
            | K::Min(_)
            | K::Max(_)
            | K::Gcd(_)
            | K::Lcm(_) => (1, usize::MAX),
            _ => (0, 0),
        };
        if operands.len() < min || operands.len() > max {
            self.error(
                codes::ARITY,
                span,
                name,
                format!(
                    "{name} takes {} operand(s), found {}",
                    if max == usize::MAX {
                        format!("at least {min}")
                    } else if min == max {
                        min.to_string()
                    } else {
                        format!("{min} to {max}")
                    },
                    operands.len()
                ),
            );
            return None;
        }
        let mut args = Vec::with_capacity(operands.len());
        let mut ok = true;
        for o in operands {
            match self.expr(o) {
                Some(x) => args.push(x),
                None => ok = false,
            }
        }
        let op = match &e.kind {
            K::BaseValue { base_type, value } => match &value.value {
                Some(v) => Op::Const(Value::Single(v.clone())),
                None => match super::values::parse_lenient(*base_type, &value.text) {
                    Some((v, _)) => Op::Const(Value::Single(v)),
                    None => {
                        self.error(
                            codes::INVALID_LITERAL,
                            span,
                            name,
                            format!(
                                "baseValue {:?} is not a valid {base_type}",
                                value.text.as_str()
                            ),
                        );
                        return None;
                    }
                },
            },
            K::Variable {
                identifier,
                weight_identifier,
            } => Op::Var {
                var: self.var(identifier, span, name)?,
                weight: weight_identifier.clone(),
            },
            K::Default { identifier } => Op::Default(self.var(identifier, span, name)?),
            K::Correct { identifier } => Op::Correct(self.var(identifier, span, name)?),
            K::MapResponse { identifier } | K::MapResponsePoint { identifier } => {
                let area = matches!(e.kind, K::MapResponsePoint { .. });
                let VarRef::Slot(s) = self.var(identifier, span, name)? else {
                    self.error(
                        codes::UNSUPPORTED,
                        span,
                        name,
                        format!("{name} of {identifier:?} outside an item"),
                    );
                    return None;
                };
                if self.resolver.kind(s) != VariableKind::Response {
                    self.error(
                        codes::TYPE_MISMATCH,
                        span,
                        name,
                        format!("{name}: {identifier:?} is not a response variable"),
                    );
                    return None;
                }
                if !self.resolver.has_mapping(s, area) {
                    // The spec requires the mapping; without one the result is the default 0.
                    self.problems.push(
                        Problem::warning(
                            codes::INVALID_ARGUMENT,
                            format!(
                                "{name}: {identifier:?} declares no {}; the result is always 0",
                                if area { "areaMapping" } else { "mapping" }
                            ),
                        )
                        .at(loc(span, name)),
                    );
                }
                if area {
                    Op::MapResponsePoint(s)
                } else {
                    Op::MapResponse(s)
                }
            }
            K::MathConstant { name: c } => Op::Const(Value::Single(SingleValue::Float(match c {
                crate::processing::MathConstantName::Pi => std::f64::consts::PI,
                crate::processing::MathConstantName::E => std::f64::consts::E,
            }))),
            K::Null => Op::Const(Value::Null),
            K::RandomInteger { min, max, step } => Op::RandomInteger {
                min: match min {
                    Some(m) => self.int_arg(m, span, name)?,
                    None => IntArg::Lit(0),
                },
                max: self.int_arg(max, span, name)?,
                step: match step {
                    Some(m) => self.int_arg(m, span, name)?,
                    None => IntArg::Lit(1),
                },
            },
            K::RandomFloat { min, max } => Op::RandomFloat {
                min: match min {
                    Some(m) => self.float_arg(m, span, name)?,
                    None => FloatArg::Lit(0.0),
                },
                max: self.float_arg(max, span, name)?,
            },
            K::NumberCorrect(s) => Op::Number(NumberKind::Correct, (**s).clone()),
            K::NumberIncorrect(s) => Op::Number(NumberKind::Incorrect, (**s).clone()),
            K::NumberPresented(s) => Op::Number(NumberKind::Presented, (**s).clone()),
            K::NumberResponded(s) => Op::Number(NumberKind::Responded, (**s).clone()),
            K::NumberSelected(s) => Op::Number(NumberKind::Selected, (**s).clone()),
            K::OutcomeMaximum {
                subset,
                outcome_identifier,
                weight_identifier,
            }
            | K::OutcomeMinimum {
                subset,
                outcome_identifier,
                weight_identifier,
            } => Op::OutcomeExtreme {
                max: matches!(e.kind, K::OutcomeMaximum { .. }),
                subset: (**subset).clone(),
                outcome: outcome_identifier.clone(),
                weight: weight_identifier.clone(),
            },
            K::TestVariables {
                subset,
                variable_identifier,
                weight_identifier,
                base_type,
            } => Op::TestVariables {
                subset: (**subset).clone(),
                variable: variable_identifier.clone(),
                weight: weight_identifier.clone(),
                base_type: *base_type,
            },
            K::Multiple(_) => Op::Multiple,
            K::Ordered(_) => Op::Ordered,
            K::ContainerSize(_) => Op::ContainerSize,
            K::IsNull(_) => Op::IsNull,
            K::Index { n, .. } => Op::Index(self.int_arg(n, span, name)?),
            K::FieldValue {
                field_identifier, ..
            } => Op::FieldValue(field_identifier.clone()),
            K::Random(_) => Op::Random,
            K::Member(_) => Op::Member,
            K::Delete(_) => Op::Delete,
            K::Contains(_) => Op::Contains,
            K::Repeat { number_repeats, .. } => {
                Op::Repeat(self.int_arg(number_repeats, span, name)?)
            }
            K::And(_) => Op::And,
            K::Or(_) => Op::Or,
            K::Not(_) => Op::Not,
            K::AnyN { min, max, .. } => Op::AnyN {
                min: self.int_arg(min, span, name)?,
                max: self.int_arg(max, span, name)?,
            },
            K::Match(_) => Op::Match,
            K::StringMatch {
                case_sensitive,
                substring,
                ..
            } => Op::StringMatch {
                case_sensitive: *case_sensitive,
                substring: substring.unwrap_or(false),
            },
            K::PatternMatch { pattern, .. } => match pattern {
                StringOrRef::String(p) => match super::xsd_regex::compile(p) {
                    Ok(r) => Op::PatternMatch(PatternArg::Lit(Arc::new(r))),
                    Err(err) => {
                        self.error(codes::INVALID_PATTERN, span, name, err.to_string());
                        return None;
                    }
                },
                StringOrRef::Ref(r) => Op::PatternMatch(PatternArg::Var(self.var(r, span, name)?)),
            },
            K::Equal {
                tolerance_mode,
                tolerance,
                include_lower_bound,
                include_upper_bound,
                ..
            } => {
                let mode = tolerance_mode.unwrap_or(ToleranceMode::Exact);
                let t = tolerance.as_deref().unwrap_or(&[]);
                if mode != ToleranceMode::Exact && t.is_empty() {
                    self.error(
                        codes::INVALID_ARGUMENT,
                        span,
                        name,
                        "equal: a tolerance is required unless toleranceMode is exact".to_owned(),
                    );
                    return None;
                }
                let t0 = match t.first() {
                    Some(a) => self.float_arg(a, span, name)?,
                    None => FloatArg::Lit(0.0),
                };
                let t1 = match t.get(1) {
                    Some(a) => self.float_arg(a, span, name)?,
                    None => t0.clone(),
                };
                Op::Equal {
                    mode,
                    t0,
                    t1,
                    include_lower: include_lower_bound.unwrap_or(true),
                    include_upper: include_upper_bound.unwrap_or(true),
                }
            }
            K::EqualRounded {
                rounding_mode,
                figures,
                ..
            } => Op::EqualRounded {
                mode: rounding_mode.unwrap_or(RoundingMode::SignificantFigures),
                figures: self.int_arg(figures, span, name)?,
            },
            K::Inside { shape, coords, .. } => match CompiledShape::new(*shape, coords) {
                Some(s) => Op::Inside(s),
                None => {
                    self.error(
                        codes::INVALID_ARGUMENT,
                        span,
                        name,
                        format!(
                            "inside: coords {:?} do not fit shape {}",
                            coords.0,
                            shape.as_str()
                        ),
                    );
                    return None;
                }
            },
            K::Lt(_) => Op::Lt,
            K::Gt(_) => Op::Gt,
            K::Lte(_) => Op::Lte,
            K::Gte(_) => Op::Gte,
            K::DurationLt(_) => Op::DurationLt,
            K::DurationGte(_) => Op::DurationGte,
            K::Substring { case_sensitive, .. } => Op::Substring {
                case_sensitive: case_sensitive.unwrap_or(true),
            },
            K::Sum(_) => Op::Sum,
            K::Product(_) => Op::Product,
            K::Subtract(_) => Op::Subtract,
            K::Divide(_) => Op::Divide,
            K::Power(_) => Op::Power,
            K::IntegerDivide(_) => Op::IntegerDivide,
            K::IntegerModulus(_) => Op::IntegerModulus,
            K::Truncate(_) => Op::Truncate,
            K::Round(_) => Op::Round,
            K::RoundTo {
                rounding_mode,
                figures,
                ..
            } => Op::RoundTo {
                mode: rounding_mode.unwrap_or(RoundingMode::SignificantFigures),
                figures: self.int_arg(figures, span, name)?,
            },
            K::IntegerToFloat(_) => Op::IntegerToFloat,
            K::Min(_) => Op::Min,
            K::Max(_) => Op::Max,
            K::Gcd(_) => Op::Gcd,
            K::Lcm(_) => Op::Lcm,
            K::MathOperator { name: n, .. } => Op::Math(*n),
            K::StatsOperator { name: n, .. } => Op::Stats(*n),
            K::CustomOperator {
                class, definition, ..
            } => {
                let Some(operator) = self.registry.find(class.as_deref(), definition.as_deref())
                else {
                    self.error(
                        codes::UNKNOWN_CUSTOM_OPERATOR,
                        span,
                        name,
                        format!(
                            "no custom operator is registered for class {class:?} / definition {definition:?}"
                        ),
                    );
                    return None;
                };
                Op::Custom(Box::new(CustomCall {
                    operator,
                    class: class.clone(),
                    definition: definition.clone(),
                    attributes: e
                        .other_attributes
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                }))
            }
            K::Include(_) => {
                self.error(
                    codes::UNSUPPORTED,
                    span,
                    name,
                    "an unresolved xi:include stands in place of an expression".to_owned(),
                );
                return None;
            }
            K::Unknown(el) => {
                self.error(
                    codes::UNSUPPORTED,
                    span,
                    name,
                    format!("{:?} is not an expression", el.name.local),
                );
                return None;
            }
        };
        ok.then(|| Expr {
            op,
            args: args.into_boxed_slice(),
            name,
        })
    }

    fn required_expr(&mut self, e: Option<&Expression>, span: Span, name: &str) -> Option<Expr> {
        match e {
            Some(e) => self.expr(e),
            None => {
                self.error(
                    codes::ARITY,
                    span,
                    name,
                    format!("{name} has no expression"),
                );
                None
            }
        }
    }

    fn set(
        &mut self,
        s: &SetValue,
        name: &str,
        kind: SetKind,
        allowed: &[VariableKind],
        lookup: bool,
    ) -> Option<Rule> {
        let Some(target) = self.resolver.slot(&s.identifier) else {
            self.error(
                codes::UNKNOWN_VARIABLE,
                s.span,
                name,
                format!("{name} sets undeclared variable {:?}", s.identifier),
            );
            return None;
        };
        if !allowed.contains(&self.resolver.kind(target)) {
            self.error(
                codes::TYPE_MISMATCH,
                s.span,
                name,
                format!(
                    "{name} cannot set {:?}, a {} variable",
                    s.identifier,
                    self.resolver.kind(target).as_str()
                ),
            );
            return None;
        }
        if lookup && !self.resolver.has_lookup(target) {
            self.error(
                codes::INVALID_ARGUMENT,
                s.span,
                name,
                format!(
                    "lookupOutcomeValue: {:?} has no matchTable or interpolationTable",
                    s.identifier
                ),
            );
            return None;
        }
        let expr = self.required_expr(s.expression.as_ref(), s.span, name)?;
        Some(if lookup {
            Rule::Lookup { target, expr }
        } else {
            Rule::Set { target, kind, expr }
        })
    }

    fn condition<R: crate::processing::Rule>(
        &mut self,
        c: &Condition<R>,
        name: &str,
        lower: &mut dyn FnMut(&mut Self, &R) -> Option<Rule>,
    ) -> Option<Rule> {
        let mut branches = Vec::new();
        let mut ok = true;
        for (i, b) in std::iter::once(&c.if_branch)
            .chain(&c.else_if)
            .chain(&c.else_branch)
            .enumerate()
        {
            let is_else = c.else_branch.is_some() && i == 1 + c.else_if.len();
            if i > 0 && !is_else && b.condition.is_none() {
                // Not an else-if: what the reader keeps of elements read out of place between
                // the branches.
                self.out_of_place(&b.rules, c.span, name, "between the branches");
                ok = false;
                continue;
            }
            let cond = if is_else {
                None
            } else {
                match self.required_expr(b.condition.as_ref(), b.span, name) {
                    Some(e) => Some(e),
                    None => {
                        ok = false;
                        continue;
                    }
                }
            };
            let mut rules = Vec::new();
            for r in &b.rules {
                match lower(self, r) {
                    Some(r) => rules.push(r),
                    None => ok = false,
                }
            }
            branches.push((cond, rules));
        }
        if !c.after_else.is_empty() {
            self.out_of_place(&c.after_else, c.span, name, "after the else branch");
            ok = false;
        }
        ok.then_some(Rule::Condition(branches))
    }

    /// Reports rules kept out of place in a condition (not valid QTI; not run), each by the
    /// name of the element kept, where it is known.
    fn out_of_place<R: crate::processing::Rule>(
        &mut self,
        rules: &[R],
        span: Span,
        name: &str,
        place: &str,
    ) {
        for r in rules {
            let (what, at) = match r.kept() {
                Some(e) => (format!("<{}>", e.name.local), e.span),
                None => ("a rule".to_owned(), span),
            };
            self.error(
                codes::UNSUPPORTED,
                if at.is_unknown() { span } else { at },
                name,
                format!("{what} {place} of {name} is out of place (not valid QTI) and is not run"),
            );
        }
    }

    fn unsupported_rule(&mut self, el: &lti_core::xml::Element, include: bool) -> Option<Rule> {
        let span = Span::default();
        let msg = if include {
            "an unresolved xi:include stands in place of a rule".to_owned()
        } else {
            format!("{:?} is not a rule", el.name.local)
        };
        self.error(codes::UNSUPPORTED, span, &el.name.local, msg);
        None
    }

    /// Lowers response rules.
    pub(crate) fn response_rules(&mut self, rules: &[ResponseRule]) -> Option<Vec<Rule>> {
        let mut out = Vec::with_capacity(rules.len());
        let mut ok = true;
        for r in rules {
            match self.response_rule(r) {
                Some(r) => out.push(r),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn response_rule(&mut self, r: &ResponseRule) -> Option<Rule> {
        const OUT: &[VariableKind] = &[VariableKind::Outcome];
        match r {
            ResponseRule::Condition(c) => {
                self.condition(c, "responseCondition", &mut |s, r| s.response_rule(r))
            }
            ResponseRule::Fragment(f) => Some(Rule::Condition(vec![(
                None,
                self.response_rules(&f.rules)?,
            )])),
            ResponseRule::SetOutcomeValue(s) => {
                self.set(s, "setOutcomeValue", SetKind::Value, OUT, false)
            }
            ResponseRule::LookupOutcomeValue(s) => {
                self.set(s, "lookupOutcomeValue", SetKind::Value, OUT, true)
            }
            ResponseRule::ExitResponse(_) => Some(Rule::Exit),
            ResponseRule::Include(e) => self.unsupported_rule(e, true),
            ResponseRule::Unknown(e) => self.unsupported_rule(e, false),
        }
    }

    /// Lowers outcome rules (tests).
    pub(crate) fn outcome_rules(&mut self, rules: &[OutcomeRule]) -> Option<Vec<Rule>> {
        let mut out = Vec::with_capacity(rules.len());
        let mut ok = true;
        for r in rules {
            match self.outcome_rule(r) {
                Some(r) => out.push(r),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn outcome_rule(&mut self, r: &OutcomeRule) -> Option<Rule> {
        const OUT: &[VariableKind] = &[VariableKind::Outcome];
        match r {
            OutcomeRule::Condition(c) => {
                self.condition(c, "outcomeCondition", &mut |s, r| s.outcome_rule(r))
            }
            OutcomeRule::Fragment(f) => {
                Some(Rule::Condition(vec![(None, self.outcome_rules(&f.rules)?)]))
            }
            OutcomeRule::SetOutcomeValue(s) => {
                self.set(s, "setOutcomeValue", SetKind::Value, OUT, false)
            }
            OutcomeRule::LookupOutcomeValue(s) => {
                self.set(s, "lookupOutcomeValue", SetKind::Value, OUT, true)
            }
            OutcomeRule::ExitTest(_) => Some(Rule::Exit),
            OutcomeRule::Include(e) => self.unsupported_rule(e, true),
            OutcomeRule::Unknown(e) => self.unsupported_rule(e, false),
        }
    }

    /// Lowers template rules.
    pub(crate) fn template_rules(&mut self, rules: &[TemplateRule]) -> Option<Vec<Rule>> {
        let mut out = Vec::with_capacity(rules.len());
        let mut ok = true;
        for r in rules {
            match self.template_rule(r) {
                Some(r) => out.push(r),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn template_rule(&mut self, r: &TemplateRule) -> Option<Rule> {
        use VariableKind as V;
        match r {
            TemplateRule::Condition(c) => {
                self.condition(c, "templateCondition", &mut |s, r| s.template_rule(r))
            }
            TemplateRule::SetTemplateValue(s) => {
                self.set(s, "setTemplateValue", SetKind::Value, &[V::Template], false)
            }
            TemplateRule::SetCorrectResponse(s) => self.set(
                s,
                "setCorrectResponse",
                SetKind::Correct,
                &[V::Response],
                false,
            ),
            TemplateRule::SetDefaultValue(s) => self.set(
                s,
                "setDefaultValue",
                SetKind::Default,
                &[V::Response, V::Outcome],
                false,
            ),
            TemplateRule::ExitTemplate(_) => Some(Rule::Exit),
            TemplateRule::TemplateConstraint {
                expression, span, ..
            } => Some(Rule::Constraint(self.required_expr(
                expression.as_ref(),
                *span,
                "templateConstraint",
            )?)),
            TemplateRule::Include(e) => self.unsupported_rule(e, true),
            TemplateRule::Unknown(e) => self.unsupported_rule(e, false),
        }
    }
}
