//! Every problem code this crate emits. Codes are stable: match on them, not on messages.
//!
//! Rule references in brackets point to `../shared/reference/common-cartridge.md` §3 (the
//! profile rules) and to the Schematron rule ids of the official CC 1.1 schemas (`X11 …` for the
//! content-packaging profile, `Q …` for the CC-QTI profile).
//!
//! Codes from the shared core also appear in reports: `xml.*` (well-formedness, limits) and
//! `cp.*` (generic content-packaging structure, from `lti_core::content_packaging`).

// ---------------------------------------------------------------------------------------------
// Package and zip safety
// ---------------------------------------------------------------------------------------------

/// The input is not a readable zip archive.
pub const PACKAGE_NOT_A_ZIP: &str = "cc.package.not-a-zip";
/// No `imsmanifest.xml` at the root (or under one wrapping folder) [rule 1].
pub const PACKAGE_MANIFEST_MISSING: &str = "cc.package.manifest-missing";
/// `imsmanifest.xml` is inside one wrapping folder, not at the root (tolerated) [rule 1].
pub const PACKAGE_MANIFEST_IN_FOLDER: &str = "cc.package.manifest-in-folder";
/// More entries than `Limits::max_entries`.
pub const PACKAGE_TOO_MANY_ENTRIES: &str = "cc.package.too-many-entries";
/// An entry is larger (uncompressed) than `Limits::max_entry_bytes`.
pub const PACKAGE_ENTRY_TOO_LARGE: &str = "cc.package.entry-too-large";
/// The entries together are larger (uncompressed) than `Limits::max_total_bytes`.
pub const PACKAGE_TOTAL_TOO_LARGE: &str = "cc.package.total-too-large";
/// An entry's compression ratio exceeds `Limits::max_compression_ratio` (a zip bomb).
pub const PACKAGE_COMPRESSION_RATIO: &str = "cc.package.compression-ratio";
/// An entry name is an absolute path (`/x`, `C:\x`) (zip slip).
pub const PACKAGE_ABSOLUTE_PATH: &str = "cc.package.absolute-path";
/// An entry name contains a `..` segment (zip slip) [rule 4].
pub const PACKAGE_PARENT_PATH: &str = "cc.package.parent-path";
/// An entry is a symbolic link.
pub const PACKAGE_SYMLINK: &str = "cc.package.symlink";
/// An entry name uses backslashes as separators (read as `/`).
pub const PACKAGE_BACKSLASH: &str = "cc.package.backslash";
/// Two entries have the same name.
pub const PACKAGE_DUPLICATE_ENTRY: &str = "cc.package.duplicate-entry";
/// An entry is encrypted.
pub const PACKAGE_ENCRYPTED_ENTRY: &str = "cc.package.encrypted-entry";
/// An entry could not be read or decompressed.
pub const PACKAGE_ENTRY_UNREADABLE: &str = "cc.package.entry-unreadable";
/// An entry decompresses to more bytes than its header declares.
pub const PACKAGE_SIZE_MISMATCH: &str = "cc.package.size-mismatch";
/// An entry is itself an archive; it is not opened (remark).
pub const PACKAGE_NESTED_ARCHIVE: &str = "cc.package.nested-archive";
/// A file the manifest references is not in the package [rule 3].
pub const PACKAGE_MISSING_FILE: &str = "cc.package.missing-file";
/// A `file/@href` or `resource/@href` is not a relative path inside the package (absolute, a
/// URL, or climbing above the root).
pub const FILE_HREF_INVALID: &str = "cc.file.href-invalid";

// ---------------------------------------------------------------------------------------------
// Version and manifest metadata
// ---------------------------------------------------------------------------------------------

/// `metadata/schema` is missing [rule 5].
pub const METADATA_SCHEMA_MISSING: &str = "cc.metadata.schema-missing";
/// `metadata/schema` is not `IMS Common Cartridge` / `IMS Thin Common Cartridge` [rule 5].
pub const METADATA_SCHEMA_INVALID: &str = "cc.metadata.schema-invalid";
/// `metadata/schemaversion` is missing [rule 5].
pub const METADATA_SCHEMAVERSION_MISSING: &str = "cc.metadata.schemaversion-missing";
/// `metadata/schemaversion` is not a CC version, or not written `1.N.0` [rule 5].
pub const METADATA_SCHEMAVERSION_INVALID: &str = "cc.metadata.schemaversion-invalid";
/// The manifest has no `<metadata>`.
pub const METADATA_MISSING: &str = "cc.metadata.missing";
/// The manifest metadata has no LOM record (required from CC 1.1 on).
pub const METADATA_LOM_MISSING: &str = "cc.metadata.lom-missing";
/// A LOM record has elements outside the CC LOM profile [rule 6].
pub const LOM_NOT_IN_PROFILE: &str = "cc.lom.not-in-profile";
/// A LOM record is in a namespace of another version.
pub const LOM_NAMESPACE_MISMATCH: &str = "cc.lom.namespace-mismatch";
/// A LOM vocabulary value is not in the CC vocabulary (intended end-user role, context…).
pub const LOM_VOCABULARY: &str = "cc.lom.vocabulary";
/// The root namespace is not a CC content-packaging namespace.
pub const MANIFEST_NAMESPACE_UNKNOWN: &str = "cc.manifest.namespace-unknown";
/// The version cannot be determined from the manifest.
pub const VERSION_UNDETERMINED: &str = "cc.version.undetermined";
/// `schemaversion` and the root namespace name different versions.
pub const VERSION_MISMATCH: &str = "cc.version.mismatch";
/// A Thin cartridge of a version that has no Thin profile (1.0, 1.1).
pub const VERSION_THIN_UNSUPPORTED: &str = "cc.version.thin-unsupported";
/// The CP `version` attribute on `<manifest>` (prohibited from 1.1 on) [rule 2].
pub const MANIFEST_VERSION_ATTRIBUTE: &str = "cc.manifest.version-attribute";
/// A sub-manifest (prohibited) [rule 2].
pub const MANIFEST_SUBMANIFEST: &str = "cc.manifest.submanifest";
/// An identifier is not an XML NCName (`xs:ID`).
pub const IDENTIFIER_NOT_NCNAME: &str = "cc.identifier.not-ncname";
/// An identifier is used twice [rule 14].
pub const IDENTIFIER_DUPLICATE: &str = "cc.identifier.duplicate";

// ---------------------------------------------------------------------------------------------
// Organizations and items
// ---------------------------------------------------------------------------------------------

/// More than one `<organization>` [rule 7].
pub const ORGANIZATIONS_TOO_MANY: &str = "cc.organizations.too-many";
/// `organizations/@default` (prohibited) [rule 7].
pub const ORGANIZATIONS_DEFAULT: &str = "cc.organizations.default-attribute";
/// `organization/@structure` is not `rooted-hierarchy` [rule 8].
pub const ORGANIZATION_STRUCTURE: &str = "cc.organization.structure";
/// The organization does not have exactly one root item [rule 9].
pub const ORGANIZATION_ROOT_ITEM: &str = "cc.organization.root-item";
/// The root item has a title or an `identifierref` [rule 9].
pub const ORGANIZATION_ROOT_ITEM_CONTENT: &str = "cc.organization.root-item-content";
/// An item other than the root has no title [rule 9].
pub const ITEM_TITLE_MISSING: &str = "cc.item.title-missing";
/// `item/@isvisible` or `item/@parameters` (prohibited) [rule 10].
pub const ITEM_PROHIBITED_ATTRIBUTE: &str = "cc.item.prohibited-attribute";
/// A link item (with `identifierref`) has child items [rule 11, X11 8b].
pub const ITEM_LINK_HAS_CHILDREN: &str = "cc.item.link-has-children";
/// An item's `identifierref` names no resource [rule 11].
pub const ITEM_UNRESOLVED_REF: &str = "cc.item.unresolved-identifierref";
/// An item references a question bank [rule 12, X11 8a].
pub const ITEM_REFERENCES_QUESTION_BANK: &str = "cc.item.references-question-bank";

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

/// A resource type outside the Common Cartridge vocabulary [rule 13].
pub const RESOURCE_UNKNOWN_TYPE: &str = "cc.resource.unknown-type";
/// A resource type from another version's vocabulary (a 1.3 manifest with 1.1 types) [rule 13].
pub const RESOURCE_TYPE_VERSION_MISMATCH: &str = "cc.resource.type-version-mismatch";
/// A resource type spelled in a known but nonstandard way (a bare `assignment`).
pub const RESOURCE_NONSTANDARD_TYPE: &str = "cc.resource.nonstandard-type";
/// A 1.3 resource type this crate does not model (APIP, IWB, EPUB 3).
pub const RESOURCE_UNSUPPORTED_TYPE: &str = "cc.resource.unsupported-type";
/// More than one question bank [rule 15, X11 4a].
pub const RESOURCE_QUESTION_BANK_COUNT: &str = "cc.resource.question-bank-count";
/// A descriptor-typed resource (topic, link, assessment, bank, LTI) has `href` [rule 16].
pub const RESOURCE_DESCRIPTOR_HREF: &str = "cc.resource.descriptor-href";
/// A descriptor-typed resource does not have exactly one `file` [rule 16].
pub const RESOURCE_DESCRIPTOR_FILE_COUNT: &str = "cc.resource.descriptor-file-count";
/// A resource with `href` has no `file` with that href [rule 21, X11 10a/10b].
pub const RESOURCE_HREF_WITHOUT_FILE: &str = "cc.resource.href-without-file";
/// Web content or associated content linked from an item has no `href` [rule 19, X11 5g/6g].
pub const RESOURCE_LINKED_WITHOUT_HREF: &str = "cc.resource.linked-without-href";
/// `intendeduse` is not in the vocabulary.
pub const RESOURCE_INTENDED_USE: &str = "cc.resource.intendeduse-invalid";
/// A Thin cartridge holds a resource other than a web link or an LTI link.
pub const THIN_RESOURCE_TYPE: &str = "cc.thin.resource-type";
/// Two `file` elements of one resource have the same href [rule 20, X11 9a].
pub const FILE_DUPLICATE: &str = "cc.file.duplicate";
/// A dependency names no resource.
pub const DEPENDENCY_UNRESOLVED: &str = "cc.dependency.unresolved";
/// A resource depends on itself [rule 20, X11 7a].
pub const DEPENDENCY_SELF: &str = "cc.dependency.self";
/// A resource depends on the same resource twice [rule 20, X11 7b].
pub const DEPENDENCY_DUPLICATE: &str = "cc.dependency.duplicate";
/// A dependency kind the profile does not allow [rules 17, 18; X11 1d–6f, 2d, 11a–f].
pub const DEPENDENCY_PROHIBITED: &str = "cc.dependency.prohibited";
/// An associated-content resource references files outside its LAO folder [rule 22].
pub const LAO_FILE_OUTSIDE_FOLDER: &str = "cc.lao.file-outside-folder";
/// A `cpx:variant` names no resource, or is used before CC 1.3.
pub const VARIANT_INVALID: &str = "cc.variant.invalid";
/// `authorizations` is malformed (access value, missing cartridge id) [rule 23].
pub const AUTHORIZATION_INVALID: &str = "cc.authorization.invalid";
/// A resource is `protected` but the cartridge declares no authorization [rule 23].
pub const AUTHORIZATION_PROTECTED_WITHOUT: &str =
    "cc.authorization.protected-without-authorizations";

// ---------------------------------------------------------------------------------------------
// Descriptors
// ---------------------------------------------------------------------------------------------

/// A descriptor could not be read (missing, unreadable, not well-formed: see the `xml.*`
/// problem beside it).
pub const DESCRIPTOR_UNREADABLE: &str = "cc.descriptor.unreadable";
/// A descriptor's root element is not the one its resource type requires.
pub const DESCRIPTOR_WRONG_ROOT: &str = "cc.descriptor.wrong-root";
/// A descriptor's namespace belongs to another CC version than the cartridge.
pub const DESCRIPTOR_NAMESPACE_MISMATCH: &str = "cc.descriptor.namespace-mismatch";
/// A descriptor has an element the schema does not define there (kept as an extension).
pub const DESCRIPTOR_UNEXPECTED_ELEMENT: &str = "cc.descriptor.unexpected-element";
/// Web link: `title` missing [rule 24].
pub const WEBLINK_TITLE_MISSING: &str = "cc.weblink.title-missing";
/// Web link: `url` or `url/@href` missing [rule 24].
pub const WEBLINK_URL_MISSING: &str = "cc.weblink.url-missing";
/// Web link: the URL is not an absolute URL.
pub const WEBLINK_URL_INVALID: &str = "cc.weblink.url-invalid";
/// Discussion topic: `title` missing.
pub const TOPIC_TITLE_MISSING: &str = "cc.topic.title-missing";
/// Discussion topic: `text` missing.
pub const TOPIC_TEXT_MISSING: &str = "cc.topic.text-missing";
/// `texttype` is not `text/plain` or `text/html` (topics, assignments).
pub const TEXTTYPE_INVALID: &str = "cc.descriptor.texttype-invalid";
/// An attachment (topic, assignment) names a file that is not in the package.
pub const ATTACHMENT_MISSING: &str = "cc.descriptor.attachment-missing";
/// LTI link: `blti:title` missing [rule 25].
pub const LTI_TITLE_MISSING: &str = "cc.lti.title-missing";
/// LTI link: neither `launch_url` nor `secure_launch_url` [rule 25].
pub const LTI_LAUNCH_URL_MISSING: &str = "cc.lti.launch-url-missing";
/// LTI link: `blti:vendor` missing (required by the LTI link schema).
pub const LTI_VENDOR_MISSING: &str = "cc.lti.vendor-missing";
/// LTI link: `cartridge_icon`/`cartridge_bundle` names no resource.
pub const LTI_REF_UNRESOLVED: &str = "cc.lti.identifierref-unresolved";
/// LTI link: a custom or extension property has no `name`.
pub const LTI_PROPERTY_NAME_MISSING: &str = "cc.lti.property-name-missing";
/// Assignment: `title` missing.
pub const ASSIGNMENT_TITLE_MISSING: &str = "cc.assignment.title-missing";
/// Assignment: `instructor_text` missing (required by the extension schema).
pub const ASSIGNMENT_INSTRUCTOR_TEXT_MISSING: &str = "cc.assignment.instructor-text-missing";
/// Assignment: a `format/@type`, `attachment/@role` or `gradable` value outside the vocabulary.
pub const ASSIGNMENT_VALUE_INVALID: &str = "cc.assignment.value-invalid";
/// A file-base token points to a file that is not in the package.
pub const FILEBASE_UNRESOLVED: &str = "cc.filebase.unresolved";

// ---------------------------------------------------------------------------------------------
// CC-QTI 1.2.1
// ---------------------------------------------------------------------------------------------

/// The root is not `questestinterop`.
pub const QTI_NOT_QUESTESTINTEROP: &str = "cc.qti.not-questestinterop";
/// An assessment resource holds an object bank, or a question bank holds an assessment.
pub const QTI_ASSESSMENT_KIND: &str = "cc.qti.assessment-kind";
/// A required element or attribute is missing, or the structure breaks the schema.
pub const QTI_STRUCTURE: &str = "cc.qti.structure";
/// An element outside the CC-QTI profile (kept).
pub const QTI_NOT_IN_PROFILE: &str = "cc.qti.not-in-profile";
/// A metadata field label the profile does not define [Q 1a, 2a].
pub const QTI_METADATA_FIELD: &str = "cc.qti.metadata-field";
/// A metadata field value outside its vocabulary [Q 1b–1j, 2c–2e].
pub const QTI_METADATA_VALUE: &str = "cc.qti.metadata-value";
/// A metadata field repeated [Q 1k–1s, 2g–2j].
pub const QTI_METADATA_REPEATED: &str = "cc.qti.metadata-repeated";
/// An item has no `cc_profile` [Q 2f].
pub const QTI_PROFILE_MISSING: &str = "cc.qti.profile-missing";
/// An item's `cc_profile` is not one of the six question profiles [Q 2b].
pub const QTI_PROFILE_UNKNOWN: &str = "cc.qti.profile-unknown";
/// Wrong `rcardinality` for the profile [Q 3a, 4a, 5a].
pub const QTI_CARDINALITY: &str = "cc.qti.cardinality";
/// A response element or rendering the profile forbids [Q 3b, 3c, 4b, 4c, 5b, 5c, 6a, 6b, 7a,
/// 7b, 8a, 8b].
pub const QTI_RESPONSE_TYPE: &str = "cc.qti.response-type";
/// Wrong number of choices for the profile [Q 3d, 4d, 5d].
pub const QTI_CHOICE_COUNT: &str = "cc.qti.choice-count";
/// A condition's `respident` names no response of the item [Q 3e, 4e, 5e, 6c, 7c].
pub const QTI_RESPIDENT: &str = "cc.qti.respident";
/// A condition the profile forbids (`varsubstring` in choice items, `varequal` in essays)
/// [Q 3f, 4f, 5f, 6d, 8c, 8d].
pub const QTI_CONDITION_NOT_ALLOWED: &str = "cc.qti.condition-not-allowed";
/// A `varequal` value names no choice of the response [Q 9a].
pub const QTI_VAREQUAL_LABEL: &str = "cc.qti.varequal-label";
/// An essay has more than one solution [Q 8e].
pub const QTI_SOLUTION_COUNT: &str = "cc.qti.solution-count";
/// An essay without `qmd_computerscored = No` [Q 8f].
pub const QTI_ESSAY_COMPUTERSCORED: &str = "cc.qti.essay-computerscored";
/// Hint/solution feedback structure broken [Q 10a–10d, 11a–11d].
pub const QTI_HINT_SOLUTION: &str = "cc.qti.hint-solution";
/// `displayfeedback` of type Response used for a hint or solution [Q 12a, 12b].
pub const QTI_FEEDBACK_TYPE: &str = "cc.qti.feedback-type";
/// `displayfeedback/@linkrefid` names no `itemfeedback` [Q 12c].
pub const QTI_FEEDBACK_UNRESOLVED: &str = "cc.qti.feedback-unresolved";
/// An `itemfeedback` no `displayfeedback` triggers [Q 12d].
pub const QTI_FEEDBACK_UNUSED: &str = "cc.qti.feedback-unused";
/// Two items (or response labels of one response) have the same identifier [Q 13a].
pub const QTI_DUPLICATE_IDENT: &str = "cc.qti.duplicate-ident";
/// `decvar`/`setvar` variable is not `SCORE`, or an action other than `Set`.
pub const QTI_SCORE_VARIABLE: &str = "cc.qti.score-variable";
/// A standalone QTI 1.2 document that does not claim the CC profile: profile rules were not
/// applied (remark).
pub const QTI_NOT_CC_PROFILE: &str = "cc.qti.not-cc-profile";

// ---------------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------------

/// A document declaring ISO-8859-1/Windows-1252 that is not UTF-8 was transcoded.
pub const XML_TRANSCODED: &str = "cc.xml.transcoded";

// ---------------------------------------------------------------------------------------------
// Writing and conversion
// ---------------------------------------------------------------------------------------------

/// A construct that cannot be converted to QTI 2.x/3.0 (reported by the converter).
pub const CONVERT_UNSUPPORTED: &str = "cc.convert.unsupported";
/// An item whose response (interaction) has no QTI 2/3 conversion (`response_xy`,
/// `response_grp`, ordered choices, `render_hotspot`…); the item is left out.
pub const CONVERT_RESPONSE_UNSUPPORTED: &str = "cc.convert.response-unsupported";
/// A response-processing test without a conversion (`varinside`, `varsubset`, duration tests,
/// tests of unknown responses…); it reads as false.
pub const CONVERT_CONDITION_UNSUPPORTED: &str = "cc.convert.condition-unsupported";
/// Several `varequal` tests of one single-valued response in a `conditionvar` — which QTI 1.2
/// requires to hold together, and never can — were read as alternatives (the Canvas reading).
pub const CONVERT_IMPLICIT_OR: &str = "cc.convert.implicit-or";
/// A `setvar` or `decvar` without a conversion (non-numeric variable, unknown action, value
/// that is not a number).
pub const CONVERT_SETVAR_UNSUPPORTED: &str = "cc.convert.setvar-unsupported";
/// `SCORE` has no `decvar maxvalue`: scores are normalised on the profile's 0–100 scale.
pub const CONVERT_SCORE_SCALE: &str = "cc.convert.score-scale";
/// Feedback that cannot be converted (a `displayfeedback` naming no `itemfeedback`, feedback
/// content other than material).
pub const CONVERT_FEEDBACK_UNSUPPORTED: &str = "cc.convert.feedback-unsupported";
/// Material without a conversion (`matref`, `mataudio`, `matvideo`, `altmaterial`, embedded
/// images, file-base references leaving the package…).
pub const CONVERT_MATERIAL_UNSUPPORTED: &str = "cc.convert.material-unsupported";
/// HTML changed to fit the QTI content model: attributes removed, unknown elements replaced by
/// their content, scripts and embeds removed, nesting repaired.
pub const CONVERT_HTML_CHANGED: &str = "cc.convert.html-changed";
/// HTML that is not well-formed even after repair was kept as text.
pub const CONVERT_HTML_AS_TEXT: &str = "cc.convert.html-as-text";
/// An item's `cc_profile` is not one of the six CC question profiles; it was converted by its
/// shape.
pub const CONVERT_PROFILE_UNKNOWN: &str = "cc.convert.profile-unknown";
/// Item metadata without a QTI 2/3 equivalent was not carried over (remark).
pub const CONVERT_METADATA_DROPPED: &str = "cc.convert.metadata-dropped";
/// An assessment or question bank resource whose descriptor could not be read is not
/// converted.
pub const CONVERT_DESCRIPTOR_MISSING: &str = "cc.convert.descriptor-missing";
/// A media file the converted items reference is not in the cartridge.
pub const CONVERT_MEDIA_MISSING: &str = "cc.convert.media-missing";
/// A converted document does not read back with the `qti` crate (its own problems are
/// reported with their `qti.*` codes).
pub const CONVERT_INVALID: &str = "cc.convert.invalid";
