//! Stable problem and error codes of the processing engine (`qti.engine.*`).

/// A variable referenced by processing is not declared.
pub const UNKNOWN_VARIABLE: &str = "qti.engine.unknown-variable";
/// An operand has a base type or cardinality the operator does not accept.
pub const TYPE_MISMATCH: &str = "qti.engine.type-mismatch";
/// An operator has the wrong number of operands.
pub const ARITY: &str = "qti.engine.arity";
/// A `customOperator` whose class/definition no registered operator handles.
pub const UNKNOWN_CUSTOM_OPERATOR: &str = "qti.engine.unknown-custom-operator";
/// A registered custom operator reported a failure.
pub const CUSTOM_OPERATOR_FAILED: &str = "qti.engine.custom-operator-failed";
/// A construct the engine cannot evaluate (`xi:include` left unresolved, unknown elements,
/// a response processing template that is neither standard nor given inline).
pub const UNSUPPORTED: &str = "qti.engine.unsupported";
/// A `patternMatch` pattern that is not a valid (supported) XML Schema regular expression.
pub const INVALID_PATTERN: &str = "qti.engine.invalid-pattern";
/// An invalid attribute value met at run time (a negative `index`, an unknown `shape`…).
pub const INVALID_ARGUMENT: &str = "qti.engine.invalid-argument";
/// A literal (`baseValue`, `value`, table entry) whose text does not fit its base type.
pub const INVALID_LITERAL: &str = "qti.engine.invalid-literal";
/// A float value was assigned to an integer variable and truncated (warning).
pub const FLOAT_TRUNCATED: &str = "qti.engine.float-truncated";
/// A response value given by the caller does not fit the declaration.
pub const INVALID_RESPONSE: &str = "qti.engine.invalid-response";
/// A session was used with an item or test it was not created for.
pub const SESSION_MISMATCH: &str = "qti.engine.session-mismatch";
/// A session action that the current state does not allow (no attempts left, item closed,
/// navigation not allowed, skipping not allowed, time limit exceeded…).
pub const NOT_ALLOWED: &str = "qti.engine.not-allowed";
/// An item referenced by a test was not supplied by the caller.
pub const MISSING_ITEM: &str = "qti.engine.missing-item";
/// `templateConstraint` was still false after the retry limit (warning).
pub const TEMPLATE_CONSTRAINT_LIMIT: &str = "qti.engine.template-constraint-limit";
/// A value could not be read from JSON (PCI or plain form).
pub const INVALID_JSON_VALUE: &str = "qti.engine.invalid-json-value";

/// Every code, for documentation and tests.
pub const ALL: &[&str] = &[
    UNKNOWN_VARIABLE,
    TYPE_MISMATCH,
    ARITY,
    UNKNOWN_CUSTOM_OPERATOR,
    CUSTOM_OPERATOR_FAILED,
    UNSUPPORTED,
    INVALID_PATTERN,
    INVALID_ARGUMENT,
    INVALID_LITERAL,
    FLOAT_TRUNCATED,
    INVALID_RESPONSE,
    SESSION_MISMATCH,
    NOT_ALLOWED,
    MISSING_ITEM,
    TEMPLATE_CONSTRAINT_LIMIT,
    INVALID_JSON_VALUE,
];
