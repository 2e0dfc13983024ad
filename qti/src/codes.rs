//! Every problem code this crate emits. Codes are stable: match on them, never on messages.
//!
//! Areas: `qti.xml.*` (reading), `qti.schema.*` (XSD-equivalent checks), `qti.*` semantic rules
//! (named after the element they concern), `qti.convert.*` (what a target version cannot express),
//! `qti.package.*` (content packages).

/// The root element is not declared by the schema of its namespace.
pub const SCHEMA_ROOT_UNKNOWN: &str = "qti.schema.root-unknown";
/// A known element appears where the content model does not allow it (wrong place, order, or too
/// many occurrences).
pub const SCHEMA_ELEMENT_UNEXPECTED: &str = "qti.schema.element-unexpected";
/// An element the schema does not know at all (kept as a foreign node).
pub const SCHEMA_ELEMENT_UNKNOWN: &str = "qti.schema.element-unknown";
/// A required child element is missing.
pub const SCHEMA_ELEMENT_MISSING: &str = "qti.schema.element-missing";
/// An attribute that is not declared on this element (kept as a foreign attribute).
pub const SCHEMA_ATTRIBUTE_UNKNOWN: &str = "qti.schema.attribute-unknown";
/// A required attribute is missing.
pub const SCHEMA_ATTRIBUTE_MISSING: &str = "qti.schema.attribute-missing";
/// An attribute value does not match its type (syntax, enumeration, pattern, bounds).
pub const SCHEMA_ATTRIBUTE_INVALID: &str = "qti.schema.attribute-invalid";
/// Text content does not match the element's simple type.
pub const SCHEMA_VALUE_INVALID: &str = "qti.schema.value-invalid";
/// Text where only child elements are allowed.
pub const SCHEMA_TEXT_UNEXPECTED: &str = "qti.schema.text-unexpected";
/// An `xs:ID` value used twice in one document.
pub const SCHEMA_ID_DUPLICATE: &str = "qti.schema.id-duplicate";

/// The root element is not a QTI 2.x/3.0 document.
pub const NOT_QTI: &str = "qti.document.not-qti";
/// The document is not the kind asked for (an item was expected, a test was found…).
pub const WRONG_KIND: &str = "qti.document.wrong-kind";
/// The root element is not in a QTI namespace (read anyway with the names it uses).
pub const NAMESPACE_UNKNOWN: &str = "qti.namespace.unknown";
/// The element names do not belong to the version of the namespace (3.0 names in a 2.x
/// namespace or the reverse).
pub const NAMESPACE_MISMATCH: &str = "qti.namespace.mismatch";

/// A converted document is still not valid against the target schema (a problem that leaving
/// out attributes or elements cannot fix).
pub const CONVERT_INVALID: &str = "qti.convert.invalid";
/// An attribute cannot be expressed in the target version and was left out.
pub const CONVERT_ATTRIBUTE_DROPPED: &str = "qti.convert.attribute-dropped";
/// An element cannot be expressed in the target version (at that place) and was left out.
pub const CONVERT_ELEMENT_DROPPED: &str = "qti.convert.element-dropped";
/// A model part has no equivalent in the target version and was left out (context
/// declarations, catalogs, companion materials, stimulus references before 2.2, …).
pub const CONVERT_UNSUPPORTED: &str = "qti.convert.unsupported";
/// An HTML element the target version does not have was replaced by its content.
pub const CONVERT_HTML_UNWRAPPED: &str = "qti.convert.html-unwrapped";
/// A 3.0 `img` was written as a 2.x `object` (2.x graphic interactions require `object`).
pub const CONVERT_IMG_AS_OBJECT: &str = "qti.convert.img-as-object";
/// A value the target version requires was added with its conventional default (for example
/// `use="instructions"` on a 3.0 rubric block).
pub const CONVERT_DEFAULT_ADDED: &str = "qti.convert.default-added";
