//! The processing engine: response, template and outcome processing, item and test sessions,
//! scoring and results reporting (QTI 2.1 info model §13–16 and §"Item session lifecycle";
//! the same semantics for 2.0, 2.2 and 3.0 documents).
//!
//! An item is compiled once into a [`CompiledItem`] (variables resolved to slots, literals
//! typed, mappings and patterns compiled, standard templates expanded); every candidate then gets
//! an [`ItemSession`], a small serialisable value that can be stored and resumed. Nothing here
//! reads a clock or a random source: durations and elapsed times come from the caller, and
//! randomness from a caller-seeded [`Prng`].
//!
//! ```
//! use qti::runtime::{CompiledItem, OperatorRegistry};
//! use qti::{QtiDocument, ReadOptions, SingleValue, Value};
//! let xml = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"
//!     identifier="q1" title="Capital" adaptive="false" timeDependent="false">
//!   <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
//!     <correctResponse><value>B</value></correctResponse>
//!   </responseDeclaration>
//!   <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
//!   <itemBody><choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">
//!     <simpleChoice identifier="A">Lyon</simpleChoice><simpleChoice identifier="B">Paris</simpleChoice>
//!   </choiceInteraction></itemBody>
//!   <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
//! </assessmentItem>"#;
//! let (QtiDocument::Item(item), _) = qti::parse(xml, &ReadOptions::default()).unwrap() else { panic!() };
//! let compiled = CompiledItem::compile(&item, &OperatorRegistry::with_builtins()).unwrap();
//! let mut session = compiled.new_session(42).unwrap();
//! session
//!     .submit(&compiled, [("RESPONSE", Value::Single(SingleValue::Identifier("B".into())))])
//!     .unwrap();
//! assert_eq!(session.value(&compiled, "SCORE"), Some(&Value::Single(SingleValue::Float(1.0))));
//! ```

pub mod codes;
mod compile;
mod eval;
mod exec;
mod expr;
pub mod feedback;
mod item;
pub mod json;
pub mod mapping;
mod operators;
pub mod plan;
pub mod results;
pub mod rng;
pub mod shuffle;
pub mod templates;
pub mod test_session;
mod validity;
pub mod values;
pub mod xsd_regex;

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::value::{BaseType, Cardinality, Identifier, Value};

pub use feedback::{FeedbackKind, ShownFeedback, format_printed_variable};
pub use item::{
    CompileError, CompiledItem, ItemSession, MAX_REPEAT_VALUES, SessionInit,
    TEMPLATE_CONSTRAINT_LIMIT,
};
pub use mapping::{CompiledAreaMapping, CompiledLookup, CompiledMapping};
pub use rng::Prng;
pub use shuffle::ChoiceOrder;
pub use test_session::{CompiledTest, Occurrence, SessionControl, TestSession};

/// An error of evaluation or of a session action.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// A variable that is not declared.
    #[error("unknown variable {identifier:?}")]
    UnknownVariable {
        /// The identifier.
        identifier: String,
    },
    /// An operand of the wrong base type or cardinality.
    #[error("{operator}: {detail}")]
    TypeMismatch {
        /// The operator (element name).
        operator: String,
        /// What was wrong.
        detail: String,
    },
    /// An attribute value that is invalid when evaluated.
    #[error("{operator}: {detail}")]
    InvalidArgument {
        /// The operator (element name).
        operator: String,
        /// What was wrong.
        detail: String,
    },
    /// A pattern taken from a variable that is not a valid XML Schema regular expression.
    #[error("invalid pattern {pattern:?}: {detail}")]
    InvalidPattern {
        /// The pattern.
        pattern: String,
        /// What is wrong.
        detail: String,
    },
    /// A registered custom operator failed.
    #[error("custom operator failed: {0}")]
    CustomOperatorFailed(String),
    /// A construct that cannot be evaluated here.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// A response value that does not fit its declaration.
    #[error("invalid response for {identifier:?}: {detail}")]
    InvalidResponse {
        /// The response identifier.
        identifier: String,
        /// What is wrong.
        detail: String,
    },
    /// A session used with another item or test than the one it was created for.
    #[error("the session belongs to {expected:?}, not to {found:?}")]
    SessionMismatch {
        /// The identifier the session records.
        expected: String,
        /// The identifier of the item or test given.
        found: String,
    },
    /// An action the session's state does not allow.
    #[error("not allowed: {0}")]
    NotAllowed(String),
    /// An item referenced by a test that was not supplied.
    #[error("item {0:?} was not supplied")]
    MissingItem(String),
}

impl EngineError {
    /// The stable code (see [`codes`]).
    pub const fn code(&self) -> &'static str {
        match self {
            Self::UnknownVariable { .. } => codes::UNKNOWN_VARIABLE,
            Self::TypeMismatch { .. } => codes::TYPE_MISMATCH,
            Self::InvalidArgument { .. } => codes::INVALID_ARGUMENT,
            Self::InvalidPattern { .. } => codes::INVALID_PATTERN,
            Self::CustomOperatorFailed(_) => codes::CUSTOM_OPERATOR_FAILED,
            Self::Unsupported(_) => codes::UNSUPPORTED,
            Self::InvalidResponse { .. } => codes::INVALID_RESPONSE,
            Self::SessionMismatch { .. } => codes::SESSION_MISMATCH,
            Self::NotAllowed(_) => codes::NOT_ALLOWED,
            Self::MissingItem(_) => codes::MISSING_ITEM,
        }
    }

    pub(crate) fn type_mismatch(op: &str, detail: impl Into<String>) -> Self {
        Self::TypeMismatch {
            operator: op.to_owned(),
            detail: detail.into(),
        }
    }

    pub(crate) fn invalid_argument(op: &str, detail: impl Into<String>) -> Self {
        Self::InvalidArgument {
            operator: op.to_owned(),
            detail: detail.into(),
        }
    }

    pub(crate) fn unknown_variable(id: impl Into<String>) -> Self {
        Self::UnknownVariable {
            identifier: id.into(),
        }
    }
}

/// The kind of a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum VariableKind {
    /// A response variable (including the built-ins `numAttempts` and `duration`).
    Response,
    /// An outcome variable (including the built-in `completionStatus`).
    Outcome,
    /// A template variable.
    Template,
    /// A context variable (3.0).
    Context,
}

impl VariableKind {
    /// `response`, `outcome`, `template` or `context`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Response => "response",
            Self::Outcome => "outcome",
            Self::Template => "template",
            Self::Context => "context",
        }
    }
}

/// A compiled variable declaration.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Variable {
    /// The identifier.
    pub identifier: Identifier,
    /// The kind.
    pub kind: VariableKind,
    /// The cardinality.
    pub cardinality: Cardinality,
    /// The base type (`None` for records).
    pub base_type: Option<BaseType>,
    /// The declared default value (NULL when none; 0 for single numeric outcomes without one).
    pub default: Value,
    /// The declared correct response (responses only; NULL when none).
    pub correct: Value,
    /// The compiled mapping (responses).
    pub mapping: Option<CompiledMapping>,
    /// The compiled area mapping (point responses).
    pub area_mapping: Option<CompiledAreaMapping>,
    /// The compiled lookup table (outcomes).
    pub lookup: Option<CompiledLookup>,
    /// `normalMaximum` (outcomes).
    pub normal_maximum: Option<f64>,
    /// `normalMinimum` (outcomes).
    pub normal_minimum: Option<f64>,
    /// Whether this is a built-in variable the item did not declare.
    pub builtin: bool,
}

impl Variable {
    pub(crate) fn new(
        identifier: Identifier,
        kind: VariableKind,
        cardinality: Cardinality,
        base_type: Option<BaseType>,
    ) -> Self {
        Self {
            identifier,
            kind,
            cardinality,
            base_type,
            default: Value::Null,
            correct: Value::Null,
            mapping: None,
            area_mapping: None,
            lookup: None,
            normal_maximum: None,
            normal_minimum: None,
            builtin: false,
        }
    }
}

/// The attributes of a `customOperator` call, passed to the operator.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct CustomArgs<'a> {
    /// `class`.
    pub class: Option<&'a str>,
    /// `definition`.
    pub definition: Option<&'a str>,
    /// The element's other attributes (local name, value).
    pub attributes: &'a [(String, String)],
}

/// A `customOperator` implementation. Operands are evaluated first (NULL included) and passed
/// in order; the result may be any value. Errors abort processing with
/// [`EngineError::CustomOperatorFailed`].
pub trait CustomOperator: Send + Sync {
    /// Evaluates the operator.
    fn evaluate(&self, args: &[Value], call: &CustomArgs<'_>) -> Result<Value, String>;
}

impl<F> CustomOperator for F
where
    F: Fn(&[Value], &CustomArgs<'_>) -> Result<Value, String> + Send + Sync,
{
    fn evaluate(&self, args: &[Value], call: &CustomArgs<'_>) -> Result<Value, String> {
        self(args, call)
    }
}

/// The custom operators an item or test may call, found by `class` first, then `definition`.
#[derive(Clone, Default)]
pub struct OperatorRegistry {
    by_class: HashMap<String, Arc<dyn CustomOperator>>,
    by_definition: HashMap<String, Arc<dyn CustomOperator>>,
}

impl std::fmt::Debug for OperatorRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Sorted: the maps' own order changes from run to run.
        fn sorted(m: &HashMap<String, Arc<dyn CustomOperator>>) -> Vec<&String> {
            let mut v: Vec<&String> = m.keys().collect();
            v.sort();
            v
        }
        f.debug_struct("OperatorRegistry")
            .field("classes", &sorted(&self.by_class))
            .field("definitions", &sorted(&self.by_definition))
            .finish()
    }
}

impl OperatorRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// A registry with this crate's built-in operators (listed in CONFORMANCE.md):
    /// `Trim`/`trim` (also as `qtism.runtime.expressions.operators.custom.Trim`),
    /// `ParseCommaDecimal`, `ToAscii`, `StringToNumber`, `CsvToMultiple`, `CsvToOrdered`,
    /// `Explode`, `Implode`.
    pub fn with_builtins() -> Self {
        let mut r = Self::new();
        operators::register_builtins(&mut r);
        r
    }

    /// Registers an operator under a `class` name (matched exactly, and also by its last
    /// `.`-separated segment).
    pub fn register_class(&mut self, class: impl Into<String>, op: impl CustomOperator + 'static) {
        self.by_class.insert(class.into(), Arc::new(op));
    }

    /// Registers an operator under a `definition` URI.
    pub fn register_definition(
        &mut self,
        definition: impl Into<String>,
        op: impl CustomOperator + 'static,
    ) {
        self.by_definition.insert(definition.into(), Arc::new(op));
    }

    pub(crate) fn find(
        &self,
        class: Option<&str>,
        definition: Option<&str>,
    ) -> Option<Arc<dyn CustomOperator>> {
        if let Some(c) = class {
            if let Some(o) = self.by_class.get(c) {
                return Some(o.clone());
            }
            let last = c.rsplit(['.', '\\']).next().unwrap_or(c);
            if let Some(o) = self.by_class.get(last) {
                return Some(o.clone());
            }
        }
        definition.and_then(|d| self.by_definition.get(d).cloned())
    }
}
