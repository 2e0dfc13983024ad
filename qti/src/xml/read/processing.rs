//! Reading expressions and the rules of response, outcome and template processing.

use lti_core::xml::{StartTag, XmlError};

use super::Rd;
use crate::processing::{
    Branch, Condition, Exit, Expression, ExpressionKind, Fragment, ItemSubset, Literal,
    MathConstantName, MathOperatorName, OutcomeProcessing, OutcomeRule, ResponseProcessing,
    ResponseRule, RoundingMode, SetValue, StatsOperatorName, TemplateProcessing, TemplateRule,
    ToleranceMode,
};
use crate::value::{BaseType, Coords, FloatOrRef, IntOrRef, Shape, StringOrRef};

impl<'a> Rd<'a> {
    /// The operands: every child element read as an expression.
    fn operands(&mut self) -> Result<Vec<Expression>, XmlError> {
        // Read onto a stack shared by all operators, then moved into a list of exactly the
        // operands' number: one allocation per operator, with no room left unused.
        let base = self.operand_stack.len();
        let read = self.children(Self::push_expression);
        if let Err(e) = read {
            self.operand_stack.truncate(base);
            return Err(e);
        }
        Ok(self.operand_stack.split_off(base))
    }

    /// The single expression child of a rule-like element (`None` when absent; more than one is
    /// reported by the schema checker and the extra ones are dropped into an `Unknown`-free
    /// reading: only the first is kept).
    pub(super) fn single_expression(&mut self) -> Result<Option<Expression>, XmlError> {
        let base = self.operand_stack.len();
        let read = self.children(|rd, t| {
            rd.push_expression(t)?;
            // Only the first is kept.
            rd.operand_stack.truncate(base + 1);
            Ok(())
        });
        if let Err(e) = read {
            self.operand_stack.truncate(base);
            return Err(e);
        }
        if self.operand_stack.len() > base {
            Ok(self.operand_stack.pop())
        } else {
            Ok(None)
        }
    }

    /// Reads an expression element (see [`Rd::push_expression`]).
    pub(super) fn expression(&mut self, tag: &StartTag<'a>) -> Result<Expression, XmlError> {
        let base = self.operand_stack.len();
        self.push_expression(tag)?;
        debug_assert_eq!(
            self.operand_stack.len(),
            base + 1,
            "push_expression pushes exactly one expression"
        );
        match self.operand_stack.pop() {
            Some(e) if self.operand_stack.len() == base => Ok(e),
            other => {
                // Not reached: `push_expression` pushes exactly one expression when it succeeds.
                self.operand_stack.truncate(base);
                Ok(other.unwrap_or_else(|| Expression::new(ExpressionKind::Null)))
            }
        }
    }

    fn subset(a: &mut super::Attrs<'_>) -> Box<ItemSubset> {
        Box::new(ItemSubset {
            section_identifier: a.ident("sectionIdentifier"),
            include_category: a.ident_list("includeCategory"),
            exclude_category: a.ident_list("excludeCategory"),
        })
    }

    /// Reads an expression element (any of the 64, `xi:include`, or an unknown element kept
    /// as a tree) onto the operand stack. Built where it stays until its operator takes it:
    /// returned by value, the 128-byte expression was copied twice right after it was
    /// written, which stalls.
    fn push_expression(&mut self, tag: &StartTag<'a>) -> Result<(), XmlError> {
        if Self::is_include(tag) {
            let span = tag.span();
            let e = self.tree(tag)?;
            self.operand_stack.push(Expression {
                kind: ExpressionKind::Include(Box::new(e)),
                other_attributes: Vec::new(),
                span,
            });
            return Ok(());
        }
        let Some(name) = self.canon(tag) else {
            let e = self.tree(tag)?;
            self.operand_stack.push(Expression {
                kind: ExpressionKind::Unknown(Box::new(e)),
                other_attributes: Vec::new(),
                span: tag.span(),
            });
            return Ok(());
        };
        let mut a = self.attrs(tag);
        macro_rules! ops {
            ($v:ident) => {
                ExpressionKind::$v(self.operands()?)
            };
        }
        let kind = match name {
            "baseValue" => {
                let base_type = a.req("baseType", BaseType::parse, BaseType::String);
                let text = self.text_cow()?;
                ExpressionKind::BaseValue {
                    base_type,
                    value: Literal::parse(base_type, &*text),
                }
            }
            "variable" => {
                let k = ExpressionKind::Variable {
                    identifier: a.req_ident("identifier"),
                    weight_identifier: a.ident("weightIdentifier"),
                };
                self.skip()?;
                k
            }
            "default" | "correct" | "mapResponse" | "mapResponsePoint" => {
                let identifier = a.req_ident("identifier");
                self.skip()?;
                match name {
                    "default" => ExpressionKind::Default { identifier },
                    "correct" => ExpressionKind::Correct { identifier },
                    "mapResponse" => ExpressionKind::MapResponse { identifier },
                    _ => ExpressionKind::MapResponsePoint { identifier },
                }
            }
            "mathConstant" => {
                let n = a.parse("name", MathConstantName::parse);
                self.skip()?;
                match n {
                    Some(name) => ExpressionKind::MathConstant { name },
                    None => {
                        let e = self.unknown_after(name, a, tag.span())?;
                        self.operand_stack.push(e);
                        return Ok(());
                    }
                }
            }
            "null" => {
                self.skip()?;
                ExpressionKind::Null
            }
            "randomInteger" => {
                let min = a.parse("min", IntOrRef::parse);
                let max = a.req("max", IntOrRef::parse, IntOrRef::Int(0));
                let step = a.parse("step", IntOrRef::parse);
                self.skip()?;
                ExpressionKind::RandomInteger { min, max, step }
            }
            "randomFloat" => {
                let min = a.parse("min", FloatOrRef::parse);
                let max = a.req("max", FloatOrRef::parse, FloatOrRef::Float(0.0.into()));
                self.skip()?;
                ExpressionKind::RandomFloat { min, max }
            }
            "numberCorrect" | "numberIncorrect" | "numberPresented" | "numberResponded"
            | "numberSelected" => {
                let s = Self::subset(&mut a);
                self.skip()?;
                match name {
                    "numberCorrect" => ExpressionKind::NumberCorrect(s),
                    "numberIncorrect" => ExpressionKind::NumberIncorrect(s),
                    "numberPresented" => ExpressionKind::NumberPresented(s),
                    "numberResponded" => ExpressionKind::NumberResponded(s),
                    _ => ExpressionKind::NumberSelected(s),
                }
            }
            "outcomeMaximum" | "outcomeMinimum" => {
                let subset = Self::subset(&mut a);
                let outcome_identifier = a.req_ident("outcomeIdentifier");
                let weight_identifier = a.ident("weightIdentifier");
                self.skip()?;
                if name == "outcomeMaximum" {
                    ExpressionKind::OutcomeMaximum {
                        subset,
                        outcome_identifier,
                        weight_identifier,
                    }
                } else {
                    ExpressionKind::OutcomeMinimum {
                        subset,
                        outcome_identifier,
                        weight_identifier,
                    }
                }
            }
            "testVariables" => {
                let subset = Self::subset(&mut a);
                let variable_identifier = a.req_ident("variableIdentifier");
                let weight_identifier = a.ident("weightIdentifier");
                let base_type = a.parse("baseType", BaseType::parse);
                self.skip()?;
                ExpressionKind::TestVariables {
                    subset,
                    variable_identifier,
                    weight_identifier,
                    base_type,
                }
            }
            "multiple" => ops!(Multiple),
            "ordered" => ops!(Ordered),
            "containerSize" => ops!(ContainerSize),
            "isNull" => ops!(IsNull),
            "index" => {
                let n = a.req("n", IntOrRef::parse, IntOrRef::Int(1));
                ExpressionKind::Index {
                    n,
                    operands: self.operands()?,
                }
            }
            "fieldValue" => ExpressionKind::FieldValue {
                field_identifier: a.req_ident("fieldIdentifier"),
                operands: self.operands()?,
            },
            "random" => ops!(Random),
            "member" => ops!(Member),
            "delete" => ops!(Delete),
            "contains" => ops!(Contains),
            "repeat" => {
                let number_repeats = a.req("numberRepeats", IntOrRef::parse, IntOrRef::Int(1));
                ExpressionKind::Repeat {
                    number_repeats,
                    operands: self.operands()?,
                }
            }
            "and" => ops!(And),
            "or" => ops!(Or),
            "not" => ops!(Not),
            "anyN" => {
                let min = a.req("min", IntOrRef::parse, IntOrRef::Int(0));
                let max = a.req("max", IntOrRef::parse, IntOrRef::Int(0));
                ExpressionKind::AnyN {
                    min,
                    max,
                    operands: self.operands()?,
                }
            }
            "match" => ops!(Match),
            "stringMatch" => ExpressionKind::StringMatch {
                case_sensitive: a.req_bool("caseSensitive", true),
                substring: a.bool("substring"),
                operands: self.operands()?,
            },
            "patternMatch" => ExpressionKind::PatternMatch {
                pattern: a
                    .str("pattern")
                    .map_or(StringOrRef::String(String::new()), |p| {
                        StringOrRef::parse(&p)
                    }),
                operands: self.operands()?,
            },
            "equal" => ExpressionKind::Equal {
                tolerance_mode: a.parse("toleranceMode", ToleranceMode::parse),
                tolerance: a.parse("tolerance", |v| {
                    v.split(' ')
                        .map(FloatOrRef::parse)
                        .collect::<Option<Vec<_>>>()
                }),
                include_lower_bound: a.bool("includeLowerBound"),
                include_upper_bound: a.bool("includeUpperBound"),
                operands: self.operands()?,
            },
            "equalRounded" => ExpressionKind::EqualRounded {
                rounding_mode: a.parse("roundingMode", RoundingMode::parse),
                figures: a.req("figures", IntOrRef::parse, IntOrRef::Int(1)),
                operands: self.operands()?,
            },
            "inside" => {
                let shape = a.req("shape", Shape::parse, Shape::Default);
                let coords = Coords(a.str("coords").unwrap_or_default());
                ExpressionKind::Inside {
                    shape,
                    coords,
                    operands: self.operands()?,
                }
            }
            "lt" => ops!(Lt),
            "gt" => ops!(Gt),
            "lte" => ops!(Lte),
            "gte" => ops!(Gte),
            "durationLT" => ops!(DurationLt),
            "durationGTE" => ops!(DurationGte),
            "substring" => ExpressionKind::Substring {
                case_sensitive: a.bool("caseSensitive"),
                operands: self.operands()?,
            },
            "sum" => ops!(Sum),
            "product" => ops!(Product),
            "subtract" => ops!(Subtract),
            "divide" => ops!(Divide),
            "power" => ops!(Power),
            "integerDivide" => ops!(IntegerDivide),
            "integerModulus" => ops!(IntegerModulus),
            "truncate" => ops!(Truncate),
            "round" => ops!(Round),
            "roundTo" => ExpressionKind::RoundTo {
                rounding_mode: a.parse("roundingMode", RoundingMode::parse),
                figures: a.req("figures", IntOrRef::parse, IntOrRef::Int(1)),
                operands: self.operands()?,
            },
            "integerToFloat" => ops!(IntegerToFloat),
            "min" => ops!(Min),
            "max" => ops!(Max),
            "gcd" => ops!(Gcd),
            "lcm" => ops!(Lcm),
            "mathOperator" => match a.parse("name", MathOperatorName::parse) {
                Some(name) => ExpressionKind::MathOperator {
                    name,
                    operands: self.operands()?,
                },
                None => {
                    let e = self.unknown_with_operands(name, a, tag.span())?;
                    self.operand_stack.push(e);
                    return Ok(());
                }
            },
            "statsOperator" => match a.parse("name", StatsOperatorName::parse) {
                Some(name) => ExpressionKind::StatsOperator {
                    name,
                    operands: self.operands()?,
                },
                None => {
                    let e = self.unknown_with_operands(name, a, tag.span())?;
                    self.operand_stack.push(e);
                    return Ok(());
                }
            },
            "customOperator" => ExpressionKind::CustomOperator {
                class: a.str("class"),
                definition: a.str("definition"),
                operands: self.operands()?,
            },
            _ => {
                drop(a);
                let e = self.tree(tag)?;
                self.operand_stack.push(Expression {
                    kind: ExpressionKind::Unknown(Box::new(e)),
                    other_attributes: Vec::new(),
                    span: tag.span(),
                });
                return Ok(());
            }
        };
        // The span is read last: the tag was written just before this call, and reading it
        // at once (as one wide load of narrower stores) stalls.
        self.operand_stack.push(Expression {
            kind,
            other_attributes: a.rest(),
            span: tag.span(),
        });
        Ok(())
    }

    /// An expression whose required enumerated attribute is unusable: kept as an unknown
    /// element with the same name and attributes (operands read as trees).
    fn unknown_with_operands(
        &mut self,
        name: &str,
        a: super::Attrs<'_>,
        span: lti_core::xml::Span,
    ) -> Result<Expression, XmlError> {
        let mut el = lti_core::xml::Element::new(self.qname(name));
        el.attributes = a.rest();
        el.span = span;
        self.children(|rd, t| {
            let child = rd.tree(t)?;
            el.children.push(lti_core::xml::Node::Element(child));
            Ok(())
        })?;
        Ok(Expression {
            kind: ExpressionKind::Unknown(Box::new(el)),
            other_attributes: Vec::new(),
            span,
        })
    }

    fn unknown_after(
        &mut self,
        name: &str,
        a: super::Attrs<'_>,
        span: lti_core::xml::Span,
    ) -> Result<Expression, XmlError> {
        let mut el = lti_core::xml::Element::new(self.qname(name));
        el.attributes = a.rest();
        el.span = span;
        Ok(Expression {
            kind: ExpressionKind::Unknown(Box::new(el)),
            other_attributes: Vec::new(),
            span,
        })
    }

    /// The qualified name of a QTI element of the document's vocabulary, for trees built while
    /// reading.
    pub(super) fn qname(&self, canonical: &str) -> lti_core::xml::QName {
        let ns = lti_core::xml::Namespace::new(&self.qti_ns);
        let local = if self.v.is_v3() {
            crate::version::v3_name_of(canonical)
        } else {
            canonical.to_owned()
        };
        lti_core::xml::QName::ns(&ns, local)
    }

    fn set_value(&mut self, tag: &StartTag<'a>) -> Result<SetValue, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let identifier = a.req_ident("identifier");
        let other_attributes = a.rest();
        let expression = self.single_expression()?;
        Ok(SetValue {
            identifier,
            expression,
            other_attributes,
            span,
        })
    }

    fn exit(&mut self, tag: &StartTag<'a>) -> Result<Exit, XmlError> {
        let span = tag.span();
        let other_attributes = self.attrs(tag).rest();
        self.skip()?;
        Ok(Exit {
            other_attributes,
            span,
        })
    }

    /// Reads an `if`/`elseIf` branch (`cond` true) or an `else` branch.
    fn branch<R>(
        &mut self,
        tag: &StartTag<'a>,
        cond: bool,
        rule: &mut dyn FnMut(&mut Self, &StartTag<'a>) -> Result<R, XmlError>,
    ) -> Result<Branch<R>, XmlError> {
        let span = tag.span();
        let other_attributes = self.attrs(tag).rest();
        let mut condition = None;
        let mut rules = Vec::new();
        let mut first = cond;
        self.children(|rd, t| {
            if first {
                first = false;
                condition = Some(rd.expression(t)?);
            } else {
                rules.push(rule(rd, t)?);
            }
            Ok(())
        })?;
        Ok(Branch {
            condition,
            rules,
            other_attributes,
            span,
        })
    }

    fn condition<R>(
        &mut self,
        tag: &StartTag<'a>,
        names: [&str; 3],
        rule: &mut dyn FnMut(&mut Self, &StartTag<'a>) -> Result<R, XmlError>,
        unknown: &dyn Fn(lti_core::xml::Element) -> R,
    ) -> Result<Condition<R>, XmlError> {
        let span = tag.span();
        let other_attributes = self.attrs(tag).rest();
        let mut if_branch = None;
        let mut else_if = Vec::new();
        let mut else_branch = None;
        let mut after_else = Vec::new();
        self.children(|rd, t| {
            let n = rd.canon(t);
            if else_branch.is_some() {
                // Nothing may follow the else branch: keep what does where it was.
                let e = rd.tree(t)?;
                after_else.push(unknown(e));
            } else if n == Some(names[0]) && if_branch.is_none() {
                if_branch = Some(rd.branch(t, true, rule)?);
            } else if n == Some(names[1]) {
                else_if.push(rd.branch(t, true, rule)?);
            } else if n == Some(names[2]) {
                else_branch = Some(rd.branch(t, false, rule)?);
            } else {
                // Out of place: keep it inside the else-if list as a branch holding it.
                let e = rd.tree(t)?;
                else_if.push(Branch::new(None, vec![unknown(e)]));
            }
            Ok(())
        })?;
        Ok(Condition {
            if_branch: if_branch.unwrap_or_else(|| Branch::new(None, Vec::new())),
            else_if,
            else_branch,
            after_else,
            other_attributes,
            span,
        })
    }

    fn fragment<R>(
        &mut self,
        tag: &StartTag<'a>,
        rule: &mut dyn FnMut(&mut Self, &StartTag<'a>) -> Result<R, XmlError>,
    ) -> Result<Fragment<R>, XmlError> {
        let span = tag.span();
        let other_attributes = self.attrs(tag).rest();
        let mut rules = Vec::new();
        self.children(|rd, t| {
            rules.push(rule(rd, t)?);
            Ok(())
        })?;
        Ok(Fragment {
            rules,
            other_attributes,
            span,
        })
    }

    pub(super) fn response_rule(&mut self, tag: &StartTag<'a>) -> Result<ResponseRule, XmlError> {
        if Self::is_include(tag) {
            return Ok(ResponseRule::Include(Box::new(self.tree(tag)?)));
        }
        Ok(match self.canon(tag) {
            Some("responseCondition") => ResponseRule::Condition(Box::new(self.condition(
                tag,
                ["responseIf", "responseElseIf", "responseElse"],
                &mut |rd, t| rd.response_rule(t),
                &|e| ResponseRule::Unknown(Box::new(e)),
            )?)),
            Some("responseProcessingFragment") => {
                ResponseRule::Fragment(self.fragment(tag, &mut |rd, t| rd.response_rule(t))?)
            }
            Some("setOutcomeValue") => ResponseRule::SetOutcomeValue(self.set_value(tag)?),
            Some("lookupOutcomeValue") => ResponseRule::LookupOutcomeValue(self.set_value(tag)?),
            Some("exitResponse") => ResponseRule::ExitResponse(self.exit(tag)?),
            _ => ResponseRule::Unknown(Box::new(self.tree(tag)?)),
        })
    }

    pub(super) fn outcome_rule(&mut self, tag: &StartTag<'a>) -> Result<OutcomeRule, XmlError> {
        if Self::is_include(tag) {
            return Ok(OutcomeRule::Include(Box::new(self.tree(tag)?)));
        }
        Ok(match self.canon(tag) {
            Some("outcomeCondition") => OutcomeRule::Condition(Box::new(self.condition(
                tag,
                ["outcomeIf", "outcomeElseIf", "outcomeElse"],
                &mut |rd, t| rd.outcome_rule(t),
                &|e| OutcomeRule::Unknown(Box::new(e)),
            )?)),
            Some("outcomeProcessingFragment") => {
                OutcomeRule::Fragment(self.fragment(tag, &mut |rd, t| rd.outcome_rule(t))?)
            }
            Some("setOutcomeValue") => OutcomeRule::SetOutcomeValue(self.set_value(tag)?),
            Some("lookupOutcomeValue") => OutcomeRule::LookupOutcomeValue(self.set_value(tag)?),
            Some("exitTest") => OutcomeRule::ExitTest(self.exit(tag)?),
            _ => OutcomeRule::Unknown(Box::new(self.tree(tag)?)),
        })
    }

    pub(super) fn template_rule(&mut self, tag: &StartTag<'a>) -> Result<TemplateRule, XmlError> {
        if Self::is_include(tag) {
            return Ok(TemplateRule::Include(Box::new(self.tree(tag)?)));
        }
        Ok(match self.canon(tag) {
            Some("templateCondition") => TemplateRule::Condition(Box::new(self.condition(
                tag,
                ["templateIf", "templateElseIf", "templateElse"],
                &mut |rd, t| rd.template_rule(t),
                &|e| TemplateRule::Unknown(Box::new(e)),
            )?)),
            Some("setTemplateValue") => TemplateRule::SetTemplateValue(self.set_value(tag)?),
            Some("setCorrectResponse") => TemplateRule::SetCorrectResponse(self.set_value(tag)?),
            Some("setDefaultValue") => TemplateRule::SetDefaultValue(self.set_value(tag)?),
            Some("exitTemplate") => TemplateRule::ExitTemplate(self.exit(tag)?),
            Some("templateConstraint") => {
                let span = tag.span();
                let other_attributes = self.attrs(tag).rest();
                TemplateRule::TemplateConstraint {
                    expression: self.single_expression()?,
                    other_attributes,
                    span,
                }
            }
            _ => TemplateRule::Unknown(Box::new(self.tree(tag)?)),
        })
    }

    pub(super) fn response_processing(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<ResponseProcessing, XmlError> {
        let span = tag.span();
        let mut a = self.attrs(tag);
        let template = a.str("template");
        let template_location = a.str("templateLocation");
        let other_attributes = a.rest();
        let mut rules = Vec::new();
        self.children(|rd, t| {
            rules.push(rd.response_rule(t)?);
            Ok(())
        })?;
        Ok(ResponseProcessing {
            template,
            template_location,
            rules,
            other_attributes,
            span,
        })
    }

    pub(super) fn outcome_processing(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<OutcomeProcessing, XmlError> {
        let span = tag.span();
        let other_attributes = self.attrs(tag).rest();
        let mut rules = Vec::new();
        self.children(|rd, t| {
            rules.push(rd.outcome_rule(t)?);
            Ok(())
        })?;
        Ok(OutcomeProcessing {
            rules,
            other_attributes,
            span,
        })
    }

    pub(super) fn template_processing(
        &mut self,
        tag: &StartTag<'a>,
    ) -> Result<TemplateProcessing, XmlError> {
        let span = tag.span();
        let other_attributes = self.attrs(tag).rest();
        let mut rules = Vec::new();
        self.children(|rd, t| {
            rules.push(rd.template_rule(t)?);
            Ok(())
        })?;
        Ok(TemplateProcessing {
            rules,
            other_attributes,
            span,
        })
    }
}
