//! The 64 expressions (QTI 2.1 info model §15 "Expressions"; 3.0 `qti-*` forms), typed so that
//! an evaluator can dispatch on [`ExpressionKind`] directly.

use lti_core::xml::{Attribute, Element, Span};
use serde::{Deserialize, Serialize};

use crate::value::{
    BaseType, Coords, FloatOrRef, Identifier, IntOrRef, Shape, SingleValue, StringOrRef, Text,
};

/// An expression element: its kind (with typed attributes and operands), the attributes this
/// crate does not model (kept for output), and where it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Expression {
    /// What the expression is.
    pub kind: ExpressionKind,
    /// Attributes not modelled by [`ExpressionKind`] (extensions, and every attribute of a
    /// `customOperator` other than `class` and `definition`), in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_attributes: Vec<Attribute>,
    /// Where the element starts (not compared).
    #[serde(default, skip_serializing_if = "Span::is_unknown")]
    pub span: Span,
}

impl Expression {
    /// An expression without extra attributes or position.
    pub fn new(kind: ExpressionKind) -> Self {
        Self {
            kind,
            other_attributes: Vec::new(),
            span: Span::default(),
        }
    }

    /// The operands (sub-expressions), in order.
    pub fn operands(&self) -> &[Self] {
        self.kind.operands()
    }
}

/// The literal of a `baseValue`: the text as written and, when it parses as the base type, the
/// typed value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Literal {
    /// The text content as written.
    pub text: Text,
    /// The typed value (`None` when the text does not fit the base type; validation reports it).
    pub value: Option<SingleValue>,
}

impl Literal {
    /// Parses `text` as `base_type`.
    pub fn parse(base_type: BaseType, text: impl Into<Text>) -> Self {
        let text = text.into();
        let value = SingleValue::parse(base_type, &text).ok();
        Self { text, value }
    }

    /// A literal of a typed value.
    pub fn of(value: SingleValue) -> Self {
        Self {
            text: Text::new(value.to_text()),
            value: Some(value),
        }
    }
}

/// The item subset of the test-level aggregate expressions (`sectionIdentifier`,
/// `includeCategory`, `excludeCategory`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ItemSubset {
    /// `sectionIdentifier`: only items in this section (at any depth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_identifier: Option<Identifier>,
    /// `includeCategory`: only items in one of these categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_category: Option<Vec<Identifier>>,
    /// `excludeCategory`: no items in any of these categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_category: Option<Vec<Identifier>>,
}

/// `mathConstant/@name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum MathConstantName {
    /// π.
    Pi,
    /// e.
    E,
}

/// `roundTo/@roundingMode` and `equalRounded/@roundingMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum RoundingMode {
    /// `decimalPlaces`.
    DecimalPlaces,
    /// `significantFigures` (the default).
    SignificantFigures,
}

/// `equal/@toleranceMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ToleranceMode {
    /// `exact` (the default).
    Exact,
    /// `absolute`.
    Absolute,
    /// `relative` (percent).
    Relative,
}

/// `statsOperator/@name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum StatsOperatorName {
    /// Arithmetic mean.
    Mean,
    /// Sample variance.
    SampleVariance,
    /// Sample standard deviation.
    #[serde(rename = "sampleSD")]
    SampleSd,
    /// Population variance.
    PopVariance,
    /// Population standard deviation.
    #[serde(rename = "popSD")]
    PopSd,
}

/// `mathOperator/@name` (28 functions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[allow(
    missing_docs,
    reason = "the variants are the function names of the specification"
)]
pub enum MathOperatorName {
    Sin,
    Cos,
    Tan,
    Sec,
    Csc,
    Cot,
    Asin,
    Acos,
    Atan,
    Atan2,
    Asec,
    Acsc,
    Acot,
    Sinh,
    Cosh,
    Tanh,
    Sech,
    Csch,
    Coth,
    Log,
    Ln,
    Exp,
    Abs,
    Signum,
    Floor,
    Ceil,
    ToDegrees,
    ToRadians,
}

macro_rules! str_enum {
    ($t:ty { $($v:ident = $s:literal),* $(,)? }) => {
        impl $t {
            /// The XML value.
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),* }
            }
            /// Parses the XML value.
            pub fn parse(s: &str) -> Option<Self> {
                match lti_core::xml::attr::trim_xml(s) { $($s => Some(Self::$v),)* _ => None }
            }
        }
    };
}

str_enum!(MathConstantName { Pi = "pi", E = "e" });
str_enum!(RoundingMode {
    DecimalPlaces = "decimalPlaces",
    SignificantFigures = "significantFigures"
});
str_enum!(ToleranceMode {
    Exact = "exact",
    Absolute = "absolute",
    Relative = "relative"
});
str_enum!(StatsOperatorName {
    Mean = "mean",
    SampleVariance = "sampleVariance",
    SampleSd = "sampleSD",
    PopVariance = "popVariance",
    PopSd = "popSD"
});
str_enum!(MathOperatorName {
    Sin = "sin",
    Cos = "cos",
    Tan = "tan",
    Sec = "sec",
    Csc = "csc",
    Cot = "cot",
    Asin = "asin",
    Acos = "acos",
    Atan = "atan",
    Atan2 = "atan2",
    Asec = "asec",
    Acsc = "acsc",
    Acot = "acot",
    Sinh = "sinh",
    Cosh = "cosh",
    Tanh = "tanh",
    Sech = "sech",
    Csch = "csch",
    Coth = "coth",
    Log = "log",
    Ln = "ln",
    Exp = "exp",
    Abs = "abs",
    Signum = "signum",
    Floor = "floor",
    Ceil = "ceil",
    ToDegrees = "toDegrees",
    ToRadians = "toRadians",
});

/// Every expression of QTI 2.1, 2.2 and 3.0 (the 64 of `Logic1toMany.Type`), plus `xi:include`
/// and unknown elements kept in place.
///
/// Attributes with a default in the XSD are `Option`s (`None`: not written); each has an
/// accessor returning the effective value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum ExpressionKind {
    // --- general item-level values ---
    /// `baseValue`: a literal.
    BaseValue {
        /// `baseType`.
        base_type: BaseType,
        /// The literal.
        value: Literal,
    },
    /// `variable`: the value of an item or test variable.
    Variable {
        /// `identifier` (in a test, may be `itemId.VAR`).
        identifier: Identifier,
        /// `weightIdentifier`.
        weight_identifier: Option<Identifier>,
    },
    /// `default`: a variable's default value.
    Default {
        /// `identifier`.
        identifier: Identifier,
    },
    /// `correct`: a response variable's correct value.
    Correct {
        /// `identifier`.
        identifier: Identifier,
    },
    /// `mapResponse`: a response mapped through its `mapping`.
    MapResponse {
        /// `identifier`.
        identifier: Identifier,
    },
    /// `mapResponsePoint`: a point response mapped through its `areaMapping`.
    MapResponsePoint {
        /// `identifier`.
        identifier: Identifier,
    },
    /// `mathConstant`.
    MathConstant {
        /// `name`.
        name: MathConstantName,
    },
    /// `null`.
    Null,
    /// `randomInteger`.
    RandomInteger {
        /// `min` (default 0).
        min: Option<IntOrRef>,
        /// `max`.
        max: IntOrRef,
        /// `step` (default 1).
        step: Option<IntOrRef>,
    },
    /// `randomFloat`.
    RandomFloat {
        /// `min` (default 0).
        min: Option<FloatOrRef>,
        /// `max`.
        max: FloatOrRef,
    },
    // --- test-level aggregates (outcome processing) ---
    /// `numberCorrect`.
    NumberCorrect(Box<ItemSubset>),
    /// `numberIncorrect`.
    NumberIncorrect(Box<ItemSubset>),
    /// `numberPresented`.
    NumberPresented(Box<ItemSubset>),
    /// `numberResponded`.
    NumberResponded(Box<ItemSubset>),
    /// `numberSelected`.
    NumberSelected(Box<ItemSubset>),
    /// `outcomeMaximum`.
    OutcomeMaximum {
        /// The item subset.
        subset: Box<ItemSubset>,
        /// `outcomeIdentifier`.
        outcome_identifier: Identifier,
        /// `weightIdentifier`.
        weight_identifier: Option<Identifier>,
    },
    /// `outcomeMinimum`.
    OutcomeMinimum {
        /// The item subset.
        subset: Box<ItemSubset>,
        /// `outcomeIdentifier`.
        outcome_identifier: Identifier,
        /// `weightIdentifier`.
        weight_identifier: Option<Identifier>,
    },
    /// `testVariables`.
    TestVariables {
        /// The item subset.
        subset: Box<ItemSubset>,
        /// `variableIdentifier`.
        variable_identifier: Identifier,
        /// `weightIdentifier`.
        weight_identifier: Option<Identifier>,
        /// `baseType`: only variables of this type.
        base_type: Option<BaseType>,
    },
    // --- containers and cardinality ---
    /// `multiple`.
    Multiple(Vec<Expression>),
    /// `ordered`.
    Ordered(Vec<Expression>),
    /// `containerSize`.
    ContainerSize(Vec<Expression>),
    /// `isNull`.
    IsNull(Vec<Expression>),
    /// `index`.
    Index {
        /// `n` (1-based; an integer or a variable name).
        n: IntOrRef,
        /// The container.
        operands: Vec<Expression>,
    },
    /// `fieldValue`.
    FieldValue {
        /// `fieldIdentifier`.
        field_identifier: Identifier,
        /// The record.
        operands: Vec<Expression>,
    },
    /// `random`.
    Random(Vec<Expression>),
    /// `member`.
    Member(Vec<Expression>),
    /// `delete`.
    Delete(Vec<Expression>),
    /// `contains`.
    Contains(Vec<Expression>),
    /// `repeat`.
    Repeat {
        /// `numberRepeats` (an integer or a variable name).
        number_repeats: IntOrRef,
        /// The expressions repeated.
        operands: Vec<Expression>,
    },
    // --- logic ---
    /// `and`.
    And(Vec<Expression>),
    /// `or`.
    Or(Vec<Expression>),
    /// `not`.
    Not(Vec<Expression>),
    /// `anyN`.
    AnyN {
        /// `min`.
        min: IntOrRef,
        /// `max`.
        max: IntOrRef,
        /// The conditions.
        operands: Vec<Expression>,
    },
    // --- comparison and matching ---
    /// `match`.
    Match(Vec<Expression>),
    /// `stringMatch`.
    StringMatch {
        /// `caseSensitive`.
        case_sensitive: bool,
        /// `substring` (deprecated; default false).
        substring: Option<bool>,
        /// The two strings.
        operands: Vec<Expression>,
    },
    /// `patternMatch`.
    PatternMatch {
        /// `pattern` (an XML Schema regular expression, or a variable reference).
        pattern: StringOrRef,
        /// The string.
        operands: Vec<Expression>,
    },
    /// `equal`.
    Equal {
        /// `toleranceMode` (default exact).
        tolerance_mode: Option<ToleranceMode>,
        /// `tolerance`: one or two values.
        tolerance: Option<Vec<FloatOrRef>>,
        /// `includeLowerBound` (default true).
        include_lower_bound: Option<bool>,
        /// `includeUpperBound` (default true).
        include_upper_bound: Option<bool>,
        /// The two numbers.
        operands: Vec<Expression>,
    },
    /// `equalRounded`.
    EqualRounded {
        /// `roundingMode` (default significantFigures).
        rounding_mode: Option<RoundingMode>,
        /// `figures`.
        figures: IntOrRef,
        /// The two numbers.
        operands: Vec<Expression>,
    },
    /// `inside`.
    Inside {
        /// `shape`.
        shape: Shape,
        /// `coords`.
        coords: Coords,
        /// The point(s).
        operands: Vec<Expression>,
    },
    /// `lt`.
    Lt(Vec<Expression>),
    /// `gt`.
    Gt(Vec<Expression>),
    /// `lte`.
    Lte(Vec<Expression>),
    /// `gte`.
    Gte(Vec<Expression>),
    /// `durationLT`.
    DurationLt(Vec<Expression>),
    /// `durationGTE`.
    DurationGte(Vec<Expression>),
    // --- strings ---
    /// `substring`.
    Substring {
        /// `caseSensitive` (default true).
        case_sensitive: Option<bool>,
        /// The two strings.
        operands: Vec<Expression>,
    },
    // --- arithmetic ---
    /// `sum`.
    Sum(Vec<Expression>),
    /// `product`.
    Product(Vec<Expression>),
    /// `subtract`.
    Subtract(Vec<Expression>),
    /// `divide`.
    Divide(Vec<Expression>),
    /// `power`.
    Power(Vec<Expression>),
    /// `integerDivide`.
    IntegerDivide(Vec<Expression>),
    /// `integerModulus`.
    IntegerModulus(Vec<Expression>),
    /// `truncate`.
    Truncate(Vec<Expression>),
    /// `round`.
    Round(Vec<Expression>),
    /// `roundTo`.
    RoundTo {
        /// `roundingMode` (default significantFigures).
        rounding_mode: Option<RoundingMode>,
        /// `figures`.
        figures: IntOrRef,
        /// The number.
        operands: Vec<Expression>,
    },
    /// `integerToFloat`.
    IntegerToFloat(Vec<Expression>),
    /// `min`.
    Min(Vec<Expression>),
    /// `max`.
    Max(Vec<Expression>),
    /// `gcd`.
    Gcd(Vec<Expression>),
    /// `lcm`.
    Lcm(Vec<Expression>),
    /// `mathOperator`.
    MathOperator {
        /// `name`.
        name: MathOperatorName,
        /// The arguments.
        operands: Vec<Expression>,
    },
    /// `statsOperator`.
    StatsOperator {
        /// `name`.
        name: StatsOperatorName,
        /// The container.
        operands: Vec<Expression>,
    },
    // --- extension ---
    /// `customOperator`: its other attributes are in [`Expression::other_attributes`].
    CustomOperator {
        /// `class`.
        class: Option<String>,
        /// `definition`.
        definition: Option<String>,
        /// The arguments.
        operands: Vec<Expression>,
    },
    /// `xi:include` in place of an expression (not resolved; the caller may resolve it).
    Include(Box<Element>),
    /// An element that is not an expression, kept where it was (reported by validation).
    Unknown(Box<Element>),
}

impl ExpressionKind {
    /// The canonical (QTI 2.x) element name.
    pub const fn element_name(&self) -> &'static str {
        match self {
            Self::BaseValue { .. } => "baseValue",
            Self::Variable { .. } => "variable",
            Self::Default { .. } => "default",
            Self::Correct { .. } => "correct",
            Self::MapResponse { .. } => "mapResponse",
            Self::MapResponsePoint { .. } => "mapResponsePoint",
            Self::MathConstant { .. } => "mathConstant",
            Self::Null => "null",
            Self::RandomInteger { .. } => "randomInteger",
            Self::RandomFloat { .. } => "randomFloat",
            Self::NumberCorrect(_) => "numberCorrect",
            Self::NumberIncorrect(_) => "numberIncorrect",
            Self::NumberPresented(_) => "numberPresented",
            Self::NumberResponded(_) => "numberResponded",
            Self::NumberSelected(_) => "numberSelected",
            Self::OutcomeMaximum { .. } => "outcomeMaximum",
            Self::OutcomeMinimum { .. } => "outcomeMinimum",
            Self::TestVariables { .. } => "testVariables",
            Self::Multiple(_) => "multiple",
            Self::Ordered(_) => "ordered",
            Self::ContainerSize(_) => "containerSize",
            Self::IsNull(_) => "isNull",
            Self::Index { .. } => "index",
            Self::FieldValue { .. } => "fieldValue",
            Self::Random(_) => "random",
            Self::Member(_) => "member",
            Self::Delete(_) => "delete",
            Self::Contains(_) => "contains",
            Self::Repeat { .. } => "repeat",
            Self::And(_) => "and",
            Self::Or(_) => "or",
            Self::Not(_) => "not",
            Self::AnyN { .. } => "anyN",
            Self::Match(_) => "match",
            Self::StringMatch { .. } => "stringMatch",
            Self::PatternMatch { .. } => "patternMatch",
            Self::Equal { .. } => "equal",
            Self::EqualRounded { .. } => "equalRounded",
            Self::Inside { .. } => "inside",
            Self::Lt(_) => "lt",
            Self::Gt(_) => "gt",
            Self::Lte(_) => "lte",
            Self::Gte(_) => "gte",
            Self::DurationLt(_) => "durationLT",
            Self::DurationGte(_) => "durationGTE",
            Self::Substring { .. } => "substring",
            Self::Sum(_) => "sum",
            Self::Product(_) => "product",
            Self::Subtract(_) => "subtract",
            Self::Divide(_) => "divide",
            Self::Power(_) => "power",
            Self::IntegerDivide(_) => "integerDivide",
            Self::IntegerModulus(_) => "integerModulus",
            Self::Truncate(_) => "truncate",
            Self::Round(_) => "round",
            Self::RoundTo { .. } => "roundTo",
            Self::IntegerToFloat(_) => "integerToFloat",
            Self::Min(_) => "min",
            Self::Max(_) => "max",
            Self::Gcd(_) => "gcd",
            Self::Lcm(_) => "lcm",
            Self::MathOperator { .. } => "mathOperator",
            Self::StatsOperator { .. } => "statsOperator",
            Self::CustomOperator { .. } => "customOperator",
            Self::Include(_) => "include",
            Self::Unknown(_) => "unknown",
        }
    }

    /// The operands, in order (empty for leaf expressions).
    pub fn operands(&self) -> &[Expression] {
        match self {
            Self::Multiple(o)
            | Self::Ordered(o)
            | Self::ContainerSize(o)
            | Self::IsNull(o)
            | Self::Random(o)
            | Self::Member(o)
            | Self::Delete(o)
            | Self::Contains(o)
            | Self::And(o)
            | Self::Or(o)
            | Self::Not(o)
            | Self::Match(o)
            | Self::Lt(o)
            | Self::Gt(o)
            | Self::Lte(o)
            | Self::Gte(o)
            | Self::DurationLt(o)
            | Self::DurationGte(o)
            | Self::Sum(o)
            | Self::Product(o)
            | Self::Subtract(o)
            | Self::Divide(o)
            | Self::Power(o)
            | Self::IntegerDivide(o)
            | Self::IntegerModulus(o)
            | Self::Truncate(o)
            | Self::Round(o)
            | Self::IntegerToFloat(o)
            | Self::Min(o)
            | Self::Max(o)
            | Self::Gcd(o)
            | Self::Lcm(o) => o,
            Self::Index { operands, .. }
            | Self::FieldValue { operands, .. }
            | Self::Repeat { operands, .. }
            | Self::AnyN { operands, .. }
            | Self::StringMatch { operands, .. }
            | Self::PatternMatch { operands, .. }
            | Self::Equal { operands, .. }
            | Self::EqualRounded { operands, .. }
            | Self::Inside { operands, .. }
            | Self::Substring { operands, .. }
            | Self::RoundTo { operands, .. }
            | Self::MathOperator { operands, .. }
            | Self::StatsOperator { operands, .. }
            | Self::CustomOperator { operands, .. } => operands,
            _ => &[],
        }
    }

    /// The operands, mutably.
    pub fn operands_mut(&mut self) -> Option<&mut Vec<Expression>> {
        match self {
            Self::Multiple(o)
            | Self::Ordered(o)
            | Self::ContainerSize(o)
            | Self::IsNull(o)
            | Self::Random(o)
            | Self::Member(o)
            | Self::Delete(o)
            | Self::Contains(o)
            | Self::And(o)
            | Self::Or(o)
            | Self::Not(o)
            | Self::Match(o)
            | Self::Lt(o)
            | Self::Gt(o)
            | Self::Lte(o)
            | Self::Gte(o)
            | Self::DurationLt(o)
            | Self::DurationGte(o)
            | Self::Sum(o)
            | Self::Product(o)
            | Self::Subtract(o)
            | Self::Divide(o)
            | Self::Power(o)
            | Self::IntegerDivide(o)
            | Self::IntegerModulus(o)
            | Self::Truncate(o)
            | Self::Round(o)
            | Self::IntegerToFloat(o)
            | Self::Min(o)
            | Self::Max(o)
            | Self::Gcd(o)
            | Self::Lcm(o) => Some(o),
            Self::Index { operands, .. }
            | Self::FieldValue { operands, .. }
            | Self::Repeat { operands, .. }
            | Self::AnyN { operands, .. }
            | Self::StringMatch { operands, .. }
            | Self::PatternMatch { operands, .. }
            | Self::Equal { operands, .. }
            | Self::EqualRounded { operands, .. }
            | Self::Inside { operands, .. }
            | Self::Substring { operands, .. }
            | Self::RoundTo { operands, .. }
            | Self::MathOperator { operands, .. }
            | Self::StatsOperator { operands, .. }
            | Self::CustomOperator { operands, .. } => Some(operands),
            _ => None,
        }
    }

    /// The identifiers of variables this expression itself reads (`variable`, `default`,
    /// `correct`, `mapResponse`, `mapResponsePoint`, and variable references in attributes).
    pub fn referenced_variables(&self) -> Vec<&Identifier> {
        let mut out = Vec::new();
        match self {
            Self::Variable { identifier, .. }
            | Self::Default { identifier }
            | Self::Correct { identifier }
            | Self::MapResponse { identifier }
            | Self::MapResponsePoint { identifier } => out.push(identifier),
            Self::RandomInteger { min, max, step } => {
                for r in [min.as_ref(), Some(max), step.as_ref()]
                    .into_iter()
                    .flatten()
                {
                    if let IntOrRef::Ref(i) = r {
                        out.push(i);
                    }
                }
            }
            Self::RandomFloat { min, max } => {
                for r in [min.as_ref(), Some(max)].into_iter().flatten() {
                    if let FloatOrRef::Ref(i) = r {
                        out.push(i);
                    }
                }
            }
            Self::Index {
                n: IntOrRef::Ref(i),
                ..
            }
            | Self::Repeat {
                number_repeats: IntOrRef::Ref(i),
                ..
            }
            | Self::EqualRounded {
                figures: IntOrRef::Ref(i),
                ..
            }
            | Self::RoundTo {
                figures: IntOrRef::Ref(i),
                ..
            }
            | Self::PatternMatch {
                pattern: StringOrRef::Ref(i),
                ..
            } => out.push(i),
            Self::AnyN { min, max, .. } => {
                for r in [min, max] {
                    if let IntOrRef::Ref(i) = r {
                        out.push(i);
                    }
                }
            }
            Self::Equal {
                tolerance: Some(t), ..
            } => {
                for r in t {
                    if let FloatOrRef::Ref(i) = r {
                        out.push(i);
                    }
                }
            }
            _ => {}
        }
        out
    }

    /// Effective `randomInteger/@step`, `stringMatch/@substring` etc. are on the variants; this
    /// returns the effective rounding mode of `roundTo` / `equalRounded`.
    pub fn effective_rounding_mode(&self) -> Option<RoundingMode> {
        match self {
            Self::RoundTo { rounding_mode, .. } | Self::EqualRounded { rounding_mode, .. } => {
                Some(rounding_mode.unwrap_or(RoundingMode::SignificantFigures))
            }
            _ => None,
        }
    }
}

/// Visits an expression tree depth-first (the expression itself first).
pub fn walk_expression<'a>(e: &'a Expression, f: &mut dyn FnMut(&'a Expression)) {
    f(e);
    for o in e.kind.operands() {
        walk_expression(o, f);
    }
}
