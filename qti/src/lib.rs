//! # qti
//!
//! QTI 2.1, 2.2 and 3.0 (and 2.0 input): one data model for items, tests, sections, stimuli and
//! results reports; lossless XML reading and writing in every version; XSD-equivalent and
//! semantic validation; conversion between 2.x and 3.0; QTI content packages.
//!
//! ```
//! use qti::{QtiDocument, ReadOptions, Version};
//! let xml = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"
//!     identifier="q1" title="Capital" adaptive="false" timeDependent="false">
//!   <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
//!     <correctResponse><value>B</value></correctResponse>
//!   </responseDeclaration>
//!   <itemBody><choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">
//!     <simpleChoice identifier="A">Lyon</simpleChoice><simpleChoice identifier="B">Paris</simpleChoice>
//!   </choiceInteraction></itemBody>
//! </assessmentItem>"#;
//! let (doc, report) = qti::parse(xml, &ReadOptions::default()).unwrap();
//! assert!(report.is_valid(true), "{report:?}");
//! let QtiDocument::Item(item) = &doc else { panic!() };
//! assert_eq!(item.interactions().len(), 1);
//! let v3 = qti::write(&doc, Version::V3p0);
//! assert!(v3.xml.contains("<qti-choice-interaction"));
//! ```
//!
//! ## Design
//!
//! - **One model, name tables per version.** The model uses the QTI 2.x names as canonical;
//!   [`Version`] maps them to the 3.0 `qti-` kebab-case vocabulary (elements and attributes;
//!   enumerated values do not change). Results reports keep camelCase in every version.
//! - **Typed where it matters, lossless everywhere.** Declarations, processing (the 64
//!   [`processing::ExpressionKind`]s and every rule), interactions and their choices, tests and
//!   results are typed; (X)HTML, MathML and foreign content are kept as written
//!   ([`content::BodyNode`]); attributes and elements the model does not know are kept in
//!   `other_attributes` / `extensions` and written back.
//! - **One pass.** [`parse`] reads with the streaming reader of `lti_core::xml` and checks the
//!   document against tables compiled from the official XSDs on the same events
//!   ([`ReadOptions::schema_checks`]); [`validate()`] adds the semantic rules.
//! - **No I/O.** Bytes in, values and reports out; packages are read through a small
//!   [`package::PackageSource`] trait the caller implements.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod catalog;
pub mod codes;
mod constructors;
pub mod content;
pub mod convert;
pub mod declarations;
pub mod interactions;
pub mod item;
mod names;
pub mod package;
pub mod processing;
pub mod results;
pub mod runtime;
#[doc(hidden)]
pub mod schema;
pub mod section_ref;
pub mod stimulus;
pub mod test;
pub mod validate;
pub mod value;
pub mod version;
pub mod xml;

use serde::{Deserialize, Serialize};

pub use convert::convert;
pub use item::AssessmentItem;
pub use results::AssessmentResult;
pub use stimulus::AssessmentStimulus;
pub use test::{AssessmentSection, AssessmentTest};
pub use validate::validate;
pub use value::{BaseType, Cardinality, Identifier, SingleValue, Value};
pub use version::Version;
pub use xml::read::{ReadError, ReadOptions, parse, parse_item, parse_result, parse_test};
pub use xml::write::{Written, write};

/// Any QTI document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[non_exhaustive]
pub enum QtiDocument {
    /// `assessmentItem`.
    Item(AssessmentItem),
    /// `assessmentTest`.
    Test(AssessmentTest),
    /// A standalone `assessmentSection`.
    Section(AssessmentSection),
    /// `assessmentStimulus`.
    Stimulus(AssessmentStimulus),
    /// `assessmentResult`.
    Result(AssessmentResult),
}

impl QtiDocument {
    /// The version the document was read from.
    pub fn version(&self) -> Version {
        match self {
            Self::Item(i) => i.version,
            Self::Test(t) => t.version,
            Self::Section(s) => s.version,
            Self::Stimulus(s) => s.version,
            Self::Result(r) => r.version,
        }
    }

    /// `item`, `test`, `section`, `stimulus` or `results`.
    pub const fn kind_name(&self) -> &'static str {
        match self {
            Self::Item(_) => "item",
            Self::Test(_) => "test",
            Self::Section(_) => "section",
            Self::Stimulus(_) => "stimulus",
            Self::Result(_) => "results",
        }
    }
}
