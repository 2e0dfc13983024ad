//! XML reading errors.

use std::fmt;

use crate::location::{Location, XmlPosition};
use crate::problem::Problem;

/// Which limit was exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LimitKind {
    /// [`Limits::max_input_bytes`](super::Limits::max_input_bytes).
    InputSize,
    /// [`Limits::max_depth`](super::Limits::max_depth).
    Depth,
    /// [`Limits::max_nodes`](super::Limits::max_nodes).
    Nodes,
    /// [`Limits::max_attributes`](super::Limits::max_attributes).
    Attributes,
    /// [`Limits::max_attribute_bytes`](super::Limits::max_attribute_bytes).
    AttributeSize,
    /// [`Limits::max_text_bytes`](super::Limits::max_text_bytes).
    TextSize,
    /// [`Limits::max_namespaces`](super::Limits::max_namespaces).
    Namespaces,
}

impl LimitKind {
    /// The kebab-case name, also the last segment of the problem code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InputSize => "input-size",
            Self::Depth => "depth",
            Self::Nodes => "nodes",
            Self::Attributes => "attributes",
            Self::AttributeSize => "attribute-size",
            Self::TextSize => "text-size",
            Self::Namespaces => "namespaces",
        }
    }
}

impl fmt::Display for LimitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What went wrong while reading XML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum XmlErrorKind {
    /// The input is not UTF-8 (UTF-16 or UTF-32 detected), or declares an encoding this reader
    /// does not decode.
    #[error("unsupported encoding: {detail}; convert the document to UTF-8")]
    Encoding {
        /// What was detected.
        detail: String,
    },
    /// A byte sequence is not valid UTF-8.
    #[error("invalid UTF-8 byte sequence")]
    InvalidUtf8,
    /// A character that XML 1.0 does not allow (a control character, for example).
    #[error("character U+{code:04X} is not allowed in XML 1.0")]
    InvalidChar {
        /// The code point.
        code: u32,
    },
    /// The document is not well-formed.
    #[error("not well-formed: {message}")]
    Syntax {
        /// What the parser reported.
        message: String,
    },
    /// An end tag does not match the open element.
    #[error("end tag </{found}> does not match the open element <{expected}>")]
    MismatchedEnd {
        /// The open element.
        expected: String,
        /// The end tag found.
        found: String,
    },
    /// The input ended inside an element.
    #[error("unexpected end of input: element <{open}> is not closed")]
    UnexpectedEof {
        /// The innermost open element.
        open: String,
    },
    /// There is no root element.
    #[error("no root element")]
    NoRoot,
    /// Markup or text outside the root element (a second root, or text).
    #[error("content outside the root element: {what}")]
    OutsideRoot {
        /// What was found.
        what: String,
    },
    /// A reference to an entity other than the five predefined ones.
    #[error(
        "reference to undefined entity &{name}; (only amp, lt, gt, apos and quot are defined; DTDs are not processed)"
    )]
    UndefinedEntity {
        /// The entity name.
        name: String,
    },
    /// A character reference to a code point XML does not allow.
    #[error("invalid character reference &{reference};")]
    InvalidCharRef {
        /// The reference text (`#x0`, `#1234567`…).
        reference: String,
    },
    /// A DOCTYPE was found and [`Limits::allow_doctype`](super::Limits::allow_doctype) is false.
    #[error("DOCTYPE declarations are not allowed")]
    DoctypeForbidden,
    /// A DOCTYPE internal subset declares entities (entity expansion attacks).
    #[error("the DOCTYPE declares entities; entity declarations are refused")]
    EntityDeclaration,
    /// A namespace prefix is used without a declaration in scope.
    #[error("namespace prefix `{prefix}` is not declared")]
    UnboundPrefix {
        /// The prefix.
        prefix: String,
    },
    /// The same attribute appears twice on one element.
    #[error("attribute `{name}` appears more than once")]
    DuplicateAttribute {
        /// The attribute's name as written.
        name: String,
    },
    /// A configured limit was exceeded.
    #[error("limit exceeded: {limit} (maximum {max})")]
    LimitExceeded {
        /// Which limit.
        limit: LimitKind,
        /// The configured maximum.
        max: usize,
    },
}

impl XmlErrorKind {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Encoding { .. } => "xml.encoding",
            Self::InvalidUtf8 => "xml.encoding.invalid-utf8",
            Self::InvalidChar { .. } => "xml.invalid-char",
            Self::Syntax { .. } => "xml.syntax",
            Self::MismatchedEnd { .. } => "xml.syntax.mismatched-end",
            Self::UnexpectedEof { .. } => "xml.syntax.unexpected-eof",
            Self::NoRoot => "xml.no-root",
            Self::OutsideRoot { .. } => "xml.outside-root",
            Self::UndefinedEntity { .. } => "xml.entity.undefined",
            Self::InvalidCharRef { .. } => "xml.entity.invalid-char-ref",
            Self::DoctypeForbidden => "xml.dtd.forbidden",
            Self::EntityDeclaration => "xml.dtd.entity-declaration",
            Self::UnboundPrefix { .. } => "xml.namespace.unbound-prefix",
            Self::DuplicateAttribute { .. } => "xml.attribute.duplicate",
            Self::LimitExceeded { limit, .. } => match limit {
                LimitKind::InputSize => "xml.limit.input-size",
                LimitKind::Depth => "xml.limit.depth",
                LimitKind::Nodes => "xml.limit.nodes",
                LimitKind::Attributes => "xml.limit.attributes",
                LimitKind::AttributeSize => "xml.limit.attribute-size",
                LimitKind::TextSize => "xml.limit.text-size",
                LimitKind::Namespaces => "xml.limit.namespaces",
            },
        }
    }
}

/// An error reading XML, with the position where it happened.
///
/// Boxed inside so that `Result<T, XmlError>` stays small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: XmlErrorKind,
    position: XmlPosition,
}

impl XmlError {
    /// An error of the given kind at the given position.
    pub fn new(kind: XmlErrorKind, position: XmlPosition) -> Self {
        Self(Box::new(Inner { kind, position }))
    }

    /// What went wrong.
    pub fn kind(&self) -> &XmlErrorKind {
        &self.0.kind
    }

    /// Where: element path, line, column and byte offset.
    pub fn position(&self) -> &XmlPosition {
        &self.0.position
    }

    /// The position as a [`Location`].
    pub fn location(&self) -> Location {
        Location::Xml(self.0.position.clone())
    }

    /// The stable problem code (see [`XmlErrorKind::code`]).
    pub fn code(&self) -> &'static str {
        self.0.kind.code()
    }

    /// This error as an error-severity [`Problem`] with its location.
    pub fn to_problem(&self) -> Problem {
        Problem::error(self.code(), self.0.kind.to_string()).at(self.location())
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {}",
            self.0.kind,
            Location::Xml(self.0.position.clone())
        )
    }
}

impl std::error::Error for XmlError {}

impl From<XmlError> for Problem {
    fn from(e: XmlError) -> Self {
        e.to_problem()
    }
}
