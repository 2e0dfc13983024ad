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
/// A 3.0 (or 2.2 HTML5) `video` or `audio` was written as a 2.x `object` (a 2.x media
/// interaction requires `object`).
pub const CONVERT_MEDIA_AS_OBJECT: &str = "qti.convert.media-as-object";
/// A value the target version requires was added with its conventional default (for example
/// `use="instructions"` on a 3.0 rubric block).
pub const CONVERT_DEFAULT_ADDED: &str = "qti.convert.default-added";

/// An identifier is declared or used twice where it must be unique (variables of an item,
/// choices of an interaction, parts/sections/item references of a test, weights of an item
/// reference).
pub const IDENTIFIER_DUPLICATE: &str = "qti.identifier.duplicate";
/// A built-in variable (`numAttempts`, `duration`, `completionStatus`) is declared again.
pub const BUILT_IN_REDECLARED: &str = "qti.identifier.built-in-redeclared";
/// A reference (response, outcome, template, string identifier, section, item) names nothing
/// declared.
pub const REFERENCE_UNDECLARED: &str = "qti.reference.undeclared";
/// A reference names a variable of the wrong kind (an outcome where a response is needed…).
pub const REFERENCE_WRONG_KIND: &str = "qti.reference.wrong-kind";
/// An interaction is bound to a response variable whose cardinality or base type it cannot
/// produce (or its choice counts need another cardinality).
pub const INTERACTION_DECLARATION_MISMATCH: &str = "qti.interaction.declaration-mismatch";
/// A minimum is larger than its maximum (choices, associations, matchMin/Max, slider bounds).
pub const INTERACTION_MIN_MAX: &str = "qti.interaction.min-max";
/// Several interactions set the same response variable.
pub const INTERACTION_SHARED_RESPONSE: &str = "qti.interaction.shared-response";
/// A correct response names a choice the bound interaction does not have.
pub const CORRECT_RESPONSE_UNKNOWN_CHOICE: &str = "qti.correct-response.unknown-choice";
/// A declaration's base type is missing (non-record) or present (record).
pub const DECLARATION_BASE_TYPE: &str = "qti.declaration.base-type";
/// A value (default, correct, base value, result) does not fit its base type.
pub const VALUE_INVALID: &str = "qti.value.invalid";
/// More values than the cardinality allows.
pub const VALUE_CARDINALITY: &str = "qti.value.cardinality";
/// A value's own baseType differs from its declaration's.
pub const VALUE_BASE_TYPE: &str = "qti.value.base-type";
/// A record value lacks fieldIdentifier or baseType.
pub const VALUE_RECORD_FIELD: &str = "qti.value.record-field";
/// A map key does not fit the response's base type.
pub const MAPPING_KEY_INVALID: &str = "qti.mapping.key-invalid";
/// A map key appears twice.
pub const MAPPING_KEY_DUPLICATE: &str = "qti.mapping.key-duplicate";
/// mapping on a point response, or areaMapping on a non-point one.
pub const MAPPING_BASE_TYPE: &str = "qti.mapping.base-type";
/// lowerBound larger than upperBound.
pub const MAPPING_BOUNDS: &str = "qti.mapping.bounds";
/// mapResponse / mapResponsePoint on a response without mapping / areaMapping.
pub const MAPPING_MISSING: &str = "qti.mapping.missing";
/// Coordinates that do not fit their shape.
pub const SHAPE_COORDS: &str = "qti.shape.coords";
/// normalMinimum larger than normalMaximum.
pub const OUTCOME_NORMAL_RANGE: &str = "qti.outcome.normal-range";
/// A lookup table that does not fit its outcome (cardinality, target values, repeated source
/// values).
pub const LOOKUP_TABLE_INVALID: &str = "qti.lookup-table.invalid";
/// Interpolation table entries not in decreasing order.
pub const LOOKUP_TABLE_ORDER: &str = "qti.lookup-table.order";
/// lookupOutcomeValue on an outcome without a lookup table.
pub const LOOKUP_TABLE_MISSING: &str = "qti.lookup-table.missing";
/// A standard response processing template without the variables it uses.
pub const TEMPLATE_VARIABLES: &str = "qti.response-processing.template-variables";
/// A non-standard response processing template (not fetched; nothing checked).
pub const TEMPLATE_CUSTOM: &str = "qti.response-processing.custom-template";
/// A test-level aggregate expression in item processing.
pub const EXPRESSION_TEST_ONLY: &str = "qti.expression.test-only";
/// A min larger than a max in randomInteger / anyN.
pub const EXPRESSION_RANGE: &str = "qti.expression.range";
/// An element that is not an expression where one is expected.
pub const EXPRESSION_UNKNOWN: &str = "qti.expression.unknown";
/// A customOperator with neither class nor definition.
pub const CUSTOM_OPERATOR_UNIDENTIFIED: &str = "qti.custom-operator.unidentified";
/// A branch rule target that is no item, section or test part of the test.
pub const BRANCH_TARGET_UNKNOWN: &str = "qti.branch-rule.unknown-target";
/// A weight named by an expression that no item reference defines.
pub const WEIGHT_UNKNOWN: &str = "qti.weight.unknown";
/// A selection that selects more children than exist without replacement.
pub const SELECTION_TOO_LARGE: &str = "qti.selection.too-large";

/// The package has no `imsmanifest.xml`.
pub const PACKAGE_NO_MANIFEST: &str = "qti.package.no-manifest";
/// A file named by the manifest (resource href or file) is not in the package.
pub const PACKAGE_FILE_MISSING: &str = "qti.package.file-missing";
/// A QTI resource without href.
pub const PACKAGE_HREF_MISSING: &str = "qti.package.href-missing";
/// A resource's type names another kind of document than its file holds.
pub const PACKAGE_TYPE_MISMATCH: &str = "qti.package.type-mismatch";
/// A resource's type names another QTI version than its file's namespace.
pub const PACKAGE_VERSION_MISMATCH: &str = "qti.package.version-mismatch";
/// A test's item/section reference or an item's stimulus reference names a file that is not in
/// the package.
pub const PACKAGE_REFERENCE_UNRESOLVED: &str = "qti.package.reference-unresolved";
/// A referenced file exists but no manifest resource lists it.
pub const PACKAGE_UNDECLARED_FILE: &str = "qti.package.undeclared-file";
/// A QTI 1.2 resource (not read by this crate).
pub const PACKAGE_QTI12: &str = "qti.package.qti-1.2";
/// An identifier value that is not an XML NCName (accepted, as QTI 2.0 content uses them).
pub const VALUE_IDENTIFIER_SYNTAX: &str = "qti.value.identifier-syntax";

/// `assessmentSectionRef`: the caller's lookup has no section for the href.
pub const SECTION_REF_NOT_FOUND: &str = "qti.section-ref.not-found";
/// `assessmentSectionRef`: the href is absolute or leaves the package root.
pub const SECTION_REF_OUTSIDE_PACKAGE: &str = "qti.section-ref.outside-package";
/// `assessmentSectionRef`: the referenced section includes itself.
pub const SECTION_REF_CYCLE: &str = "qti.section-ref.cycle";
/// `assessmentSectionRef`: nesting depth or reference count limit reached.
pub const SECTION_REF_LIMIT: &str = "qti.section-ref.limit";
