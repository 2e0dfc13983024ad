//! The compiled form of expressions and rules: variables resolved to slots, literals typed,
//! patterns compiled, attributes checked — built once per item or test, evaluated many times.

use std::sync::Arc;

use regex::Regex;

use crate::processing::{
    ItemSubset, MathOperatorName, RoundingMode, StatsOperatorName, ToleranceMode,
};
use crate::value::{BaseType, Identifier, Value};

use super::CustomOperator;
use super::mapping::CompiledShape;

/// A variable reference: a slot of the current variable table, or (in a test) a name resolved
/// when evaluated (`itemRef.VAR`, or a built-in the scope provides).
#[derive(Debug, Clone)]
pub(crate) enum VarRef {
    Slot(usize),
    Name(Identifier),
}

/// An integer attribute: a literal or a variable.
#[derive(Debug, Clone)]
pub(crate) enum IntArg {
    Lit(i64),
    Var(VarRef),
}

/// A float attribute: a literal or a variable.
#[derive(Debug, Clone)]
pub(crate) enum FloatArg {
    Lit(f64),
    Var(VarRef),
}

/// A pattern: compiled once, or taken from a variable (compiled when evaluated).
#[derive(Debug, Clone)]
pub(crate) enum PatternArg {
    Lit(Arc<Regex>),
    Var(VarRef),
}

/// A registered custom operator and the attributes of its element.
#[derive(Clone)]
pub(crate) struct CustomCall {
    pub(crate) operator: Arc<dyn CustomOperator>,
    pub(crate) class: Option<String>,
    pub(crate) definition: Option<String>,
    pub(crate) attributes: Vec<(String, String)>,
}

impl std::fmt::Debug for CustomCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CustomCall")
            .field("class", &self.class)
            .field("definition", &self.definition)
            .finish_non_exhaustive()
    }
}

/// What a test-level aggregate counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    Correct,
    Incorrect,
    Presented,
    Responded,
    Selected,
}

/// An operator with its resolved attributes.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Const(Value),
    Var {
        var: VarRef,
        weight: Option<Identifier>,
    },
    Default(VarRef),
    Correct(VarRef),
    MapResponse(usize),
    MapResponsePoint(usize),
    RandomInteger {
        min: IntArg,
        max: IntArg,
        step: IntArg,
    },
    RandomFloat {
        min: FloatArg,
        max: FloatArg,
    },
    Number(NumberKind, ItemSubset),
    OutcomeExtreme {
        max: bool,
        subset: ItemSubset,
        outcome: Identifier,
        weight: Option<Identifier>,
    },
    TestVariables {
        subset: ItemSubset,
        variable: Identifier,
        weight: Option<Identifier>,
        base_type: Option<BaseType>,
    },
    Multiple,
    Ordered,
    ContainerSize,
    IsNull,
    Index(IntArg),
    FieldValue(Identifier),
    Random,
    Member,
    Delete,
    Contains,
    Repeat(IntArg),
    And,
    Or,
    Not,
    AnyN {
        min: IntArg,
        max: IntArg,
    },
    Match,
    StringMatch {
        case_sensitive: bool,
        substring: bool,
    },
    PatternMatch(PatternArg),
    Equal {
        mode: ToleranceMode,
        t0: FloatArg,
        t1: FloatArg,
        include_lower: bool,
        include_upper: bool,
    },
    EqualRounded {
        mode: RoundingMode,
        figures: IntArg,
    },
    Inside(CompiledShape),
    Lt,
    Gt,
    Lte,
    Gte,
    DurationLt,
    DurationGte,
    Substring {
        case_sensitive: bool,
    },
    Sum,
    Product,
    Subtract,
    Divide,
    Power,
    IntegerDivide,
    IntegerModulus,
    Truncate,
    Round,
    RoundTo {
        mode: RoundingMode,
        figures: IntArg,
    },
    IntegerToFloat,
    Min,
    Max,
    Gcd,
    Lcm,
    Math(MathOperatorName),
    Stats(StatsOperatorName),
    Custom(Box<CustomCall>),
}

/// A compiled expression.
#[derive(Debug, Clone)]
pub(crate) struct Expr {
    pub(crate) op: Op,
    pub(crate) args: Box<[Self]>,
    /// The element name, for error messages.
    pub(crate) name: &'static str,
}

/// What a set rule sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetKind {
    /// `setOutcomeValue`, `setTemplateValue`: the variable's value.
    Value,
    /// `setCorrectResponse`.
    Correct,
    /// `setDefaultValue`.
    Default,
}

/// A compiled rule (response, outcome or template processing).
#[derive(Debug, Clone)]
pub(crate) enum Rule {
    /// Branches in order; the `else` branch has no condition.
    Condition(Vec<(Option<Expr>, Vec<Self>)>),
    Set {
        target: usize,
        kind: SetKind,
        expr: Expr,
    },
    Lookup {
        target: usize,
        expr: Expr,
    },
    Exit,
    Constraint(Expr),
}
