//! Processing (QTI info model §13 "Response processing", §14 "Template processing", §16
//! "Outcome processing"): the rules of response, outcome and template processing, with the
//! [`expressions`] they evaluate. Typed for direct evaluation; the engine is a separate module.

pub mod expressions;

use lti_core::xml::{Attribute, Element, Span};
use serde::{Deserialize, Serialize};

pub use expressions::{
    Expression, ExpressionKind, ItemSubset, Literal, MathConstantName, MathOperatorName,
    RoundingMode, StatsOperatorName, ToleranceMode, walk_expression,
};

use crate::value::Identifier;

/// A rule kind: [`ResponseRule`], [`OutcomeRule`] or [`TemplateRule`]. Lets [`Condition`] and
/// the walkers be shared.
pub trait Rule: Sized {
    /// The rule's conditions and nested rules, for walking.
    fn children(&self) -> RuleChildren<'_, Self>;

    /// The element kept in place of a rule: an unknown or out-of-place element (not an
    /// unresolved `xi:include`). `None` for typed rules.
    fn kept(&self) -> Option<&Element> {
        None
    }
}

/// What a rule contains, for walking rule trees generically.
#[derive(Debug)]
#[non_exhaustive]
pub enum RuleChildren<'a, R> {
    /// Nothing to walk into.
    None,
    /// Expressions evaluated by the rule itself.
    Expressions(Vec<&'a Expression>),
    /// A condition.
    Condition(&'a Condition<R>),
    /// A fragment's rules.
    Rules(&'a [R]),
}

/// `setOutcomeValue`, `lookupOutcomeValue`, `setTemplateValue`, `setCorrectResponse`,
/// `setDefaultValue`: a variable and the expression giving its new value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SetValue {
    /// `identifier`: the variable set.
    pub identifier: Identifier,
    /// The expression (`None` when the element has none: invalid, reported by validation).
    pub expression: Option<Expression>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl SetValue {
    /// Sets `identifier` to the value of `expression`.
    pub fn new(identifier: impl Into<Identifier>, expression: Expression) -> Self {
        Self {
            identifier: identifier.into(),
            expression: Some(expression),
            other_attributes: Vec::new(),
            span: Span::default(),
        }
    }
}

/// `exitResponse`, `exitTest`, `exitTemplate`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Exit {
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// One branch of a condition: `responseIf` / `responseElseIf` (and the outcome and template
/// forms): a condition and the rules run when it is true. An `else` branch has no condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Branch<R> {
    /// The condition (`None` for an `else` branch, or when missing).
    pub condition: Option<Expression>,
    /// The rules.
    pub rules: Vec<R>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl<R> Branch<R> {
    /// A branch.
    pub fn new(condition: Option<Expression>, rules: Vec<R>) -> Self {
        Self {
            condition,
            rules,
            other_attributes: Vec::new(),
            span: Span::default(),
        }
    }
}

/// `responseCondition`, `outcomeCondition`, `templateCondition`: an if, any number of else-ifs,
/// and an optional else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(serialize = "R: Serialize", deserialize = "R: Deserialize<'de>"))]
#[non_exhaustive]
pub struct Condition<R> {
    /// The `if` branch.
    pub if_branch: Branch<R>,
    /// The `else if` branches, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub else_if: Vec<Branch<R>>,
    /// The `else` branch (its condition is `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub else_branch: Option<Branch<R>>,
    /// Elements read after the else branch (a second else, an else-if, or anything else there:
    /// not valid QTI, which the schema check reports), kept as unknown rules in the order read,
    /// so that writing puts them back after the else branch instead of moving them before it.
    /// Processing is not run with them (the engine reports each as unsupported). Meant for
    /// unknown rules next to an else branch; the writer writes them at the end of the condition
    /// whatever they are, so a kept `responseElse` here without an else branch would read back
    /// as the else branch.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after_else: Vec<R>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl<R> Condition<R> {
    /// A condition from its branches.
    pub fn new(
        if_branch: Branch<R>,
        else_if: Vec<Branch<R>>,
        else_branch: Option<Branch<R>>,
    ) -> Self {
        Self {
            if_branch,
            else_if,
            else_branch,
            after_else: Vec::new(),
            other_attributes: Vec::new(),
            span: Span::default(),
        }
    }
}

/// `responseProcessingFragment` / `outcomeProcessingFragment`: a group of rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(serialize = "R: Serialize", deserialize = "R: Deserialize<'de>"))]
#[non_exhaustive]
pub struct Fragment<R> {
    /// The rules.
    pub rules: Vec<R>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// A response rule (content of `responseProcessing`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum ResponseRule {
    /// `responseCondition`.
    Condition(Box<Condition<Self>>),
    /// `responseProcessingFragment`.
    Fragment(Fragment<Self>),
    /// `setOutcomeValue`.
    SetOutcomeValue(SetValue),
    /// `lookupOutcomeValue`: the expression's value looked up in the outcome's match or
    /// interpolation table.
    LookupOutcomeValue(SetValue),
    /// `exitResponse`.
    ExitResponse(Exit),
    /// `xi:include` (not resolved).
    Include(Box<Element>),
    /// An element that is not a response rule, kept in place.
    Unknown(Box<Element>),
}

/// An outcome rule (content of `outcomeProcessing`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum OutcomeRule {
    /// `outcomeCondition`.
    Condition(Box<Condition<Self>>),
    /// `outcomeProcessingFragment`.
    Fragment(Fragment<Self>),
    /// `setOutcomeValue`.
    SetOutcomeValue(SetValue),
    /// `lookupOutcomeValue`.
    LookupOutcomeValue(SetValue),
    /// `exitTest`.
    ExitTest(Exit),
    /// `xi:include` (not resolved).
    Include(Box<Element>),
    /// An element that is not an outcome rule, kept in place.
    Unknown(Box<Element>),
}

/// A template rule (content of `templateProcessing`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum TemplateRule {
    /// `templateCondition`.
    Condition(Box<Condition<Self>>),
    /// `setTemplateValue`.
    SetTemplateValue(SetValue),
    /// `setCorrectResponse`.
    SetCorrectResponse(SetValue),
    /// `setDefaultValue`.
    SetDefaultValue(SetValue),
    /// `exitTemplate`.
    ExitTemplate(Exit),
    /// `templateConstraint`: when the expression is false (or NULL), template processing
    /// restarts.
    TemplateConstraint {
        /// The condition.
        expression: Option<Expression>,
        /// Attributes not modelled.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        other_attributes: Vec<Attribute>,
        /// Where the element starts (not compared).
        #[serde(default, skip_serializing_if = "Span::is_unknown")]
        span: Span,
    },
    /// `xi:include` (not resolved).
    Include(Box<Element>),
    /// An element that is not a template rule, kept in place.
    Unknown(Box<Element>),
}

fn set_exprs(s: &SetValue) -> Vec<&Expression> {
    s.expression.iter().collect()
}

impl Rule for ResponseRule {
    fn children(&self) -> RuleChildren<'_, Self> {
        match self {
            Self::Condition(c) => RuleChildren::Condition(c),
            Self::Fragment(f) => RuleChildren::Rules(&f.rules),
            Self::SetOutcomeValue(s) | Self::LookupOutcomeValue(s) => {
                RuleChildren::Expressions(set_exprs(s))
            }
            _ => RuleChildren::None,
        }
    }

    fn kept(&self) -> Option<&Element> {
        match self {
            Self::Unknown(e) => Some(e),
            _ => None,
        }
    }
}

impl Rule for OutcomeRule {
    fn children(&self) -> RuleChildren<'_, Self> {
        match self {
            Self::Condition(c) => RuleChildren::Condition(c),
            Self::Fragment(f) => RuleChildren::Rules(&f.rules),
            Self::SetOutcomeValue(s) | Self::LookupOutcomeValue(s) => {
                RuleChildren::Expressions(set_exprs(s))
            }
            _ => RuleChildren::None,
        }
    }

    fn kept(&self) -> Option<&Element> {
        match self {
            Self::Unknown(e) => Some(e),
            _ => None,
        }
    }
}

impl Rule for TemplateRule {
    fn children(&self) -> RuleChildren<'_, Self> {
        match self {
            Self::Condition(c) => RuleChildren::Condition(c),
            Self::SetTemplateValue(s) | Self::SetCorrectResponse(s) | Self::SetDefaultValue(s) => {
                RuleChildren::Expressions(set_exprs(s))
            }
            Self::TemplateConstraint { expression, .. } => {
                RuleChildren::Expressions(expression.iter().collect())
            }
            _ => RuleChildren::None,
        }
    }

    fn kept(&self) -> Option<&Element> {
        match self {
            Self::Unknown(e) => Some(e),
            _ => None,
        }
    }
}

/// Visits every expression (at any depth) of a list of rules.
pub fn walk_rule_expressions<'a, R: Rule>(rules: &'a [R], f: &mut dyn FnMut(&'a Expression)) {
    for r in rules {
        match r.children() {
            RuleChildren::None => {}
            RuleChildren::Expressions(es) => {
                for e in es {
                    walk_expression(e, f);
                }
            }
            RuleChildren::Rules(rs) => walk_rule_expressions(rs, f),
            RuleChildren::Condition(c) => {
                for b in std::iter::once(&c.if_branch)
                    .chain(&c.else_if)
                    .chain(&c.else_branch)
                {
                    if let Some(e) = &b.condition {
                        walk_expression(e, f);
                    }
                    walk_rule_expressions(&b.rules, f);
                }
                walk_rule_expressions(&c.after_else, f);
            }
        }
    }
}

/// `responseProcessing`: a standard template reference and/or rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResponseProcessing {
    /// `template`: the URI of a standard or custom template (`…/rptemplates/match_correct`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// `templateLocation`: where the template can be fetched (never fetched by this crate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_location: Option<String>,
    /// The rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<ResponseRule>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// A standard response processing template, recognised by the last segment of its URI
/// (`match_correct`, `map_response`, `map_response_point`, and the Common Cartridge `CC2_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum StandardTemplate {
    /// `match_correct`.
    MatchCorrect,
    /// `map_response`.
    MapResponse,
    /// `map_response_point`.
    MapResponsePoint,
    /// `CC2_match`.
    Cc2Match,
    /// `CC2_match_basic`.
    Cc2MatchBasic,
    /// `CC2_map_response`.
    Cc2MapResponse,
}

impl ResponseProcessing {
    /// The standard template named by [`ResponseProcessing::template`], recognised by URI
    /// suffix as every peer implementation does (never fetched).
    pub fn standard_template(&self) -> Option<StandardTemplate> {
        let t = self.template.as_deref()?.trim();
        let last = t.rsplit('/').next().unwrap_or(t);
        let last = last.strip_suffix(".xml").unwrap_or(last);
        Some(match last {
            "match_correct" => StandardTemplate::MatchCorrect,
            "map_response" => StandardTemplate::MapResponse,
            "map_response_point" => StandardTemplate::MapResponsePoint,
            "CC2_match" => StandardTemplate::Cc2Match,
            "CC2_match_basic" => StandardTemplate::Cc2MatchBasic,
            "CC2_map_response" => StandardTemplate::Cc2MapResponse,
            _ => return None,
        })
    }
}

/// `outcomeProcessing` of a test.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutcomeProcessing {
    /// The rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<OutcomeRule>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

/// `templateProcessing` of an item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TemplateProcessing {
    /// The rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<TemplateRule>,
    /// Attributes not modelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{BaseType, SingleValue};

    #[test]
    fn standard_templates_by_suffix() {
        let rp = |t: &str| ResponseProcessing {
            template: Some(t.to_owned()),
            ..Default::default()
        };
        assert_eq!(
            rp("http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct")
                .standard_template(),
            Some(StandardTemplate::MatchCorrect)
        );
        assert_eq!(
            rp("https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response_point.xml")
                .standard_template(),
            Some(StandardTemplate::MapResponsePoint)
        );
        assert_eq!(
            rp("CC2_match_basic").standard_template(),
            Some(StandardTemplate::Cc2MatchBasic)
        );
        assert_eq!(rp("x/custom").standard_template(), None);
    }

    #[test]
    fn walking_finds_nested_expressions() {
        let var = |id: &str| {
            Expression::new(ExpressionKind::Variable {
                identifier: id.into(),
                weight_identifier: None,
            })
        };
        let cond = Condition {
            if_branch: Branch::new(
                Some(Expression::new(ExpressionKind::Match(vec![
                    var("R"),
                    Expression::new(ExpressionKind::Correct {
                        identifier: "R".into(),
                    }),
                ]))),
                vec![ResponseRule::SetOutcomeValue(SetValue {
                    identifier: "SCORE".into(),
                    expression: Some(Expression::new(ExpressionKind::BaseValue {
                        base_type: BaseType::Float,
                        value: Literal::of(SingleValue::Float(1.0)),
                    })),
                    other_attributes: vec![],
                    span: Span::default(),
                })],
            ),
            else_if: vec![],
            after_else: vec![],
            else_branch: Some(Branch::new(
                None,
                vec![ResponseRule::ExitResponse(Exit::default())],
            )),
            other_attributes: vec![],
            span: Span::default(),
        };
        let rules = vec![ResponseRule::Condition(Box::new(cond))];
        let mut names = Vec::new();
        walk_rule_expressions(&rules, &mut |e| names.push(e.kind.element_name()));
        assert_eq!(names, ["match", "variable", "correct", "baseValue"]);
    }
}
