//! Constructors for model types that are built by hand rather than read (tests, sections, item
//! references, modal feedback, weights, selections), so that other crates can build documents
//! despite `#[non_exhaustive]`. Every constructor sets the required fields and leaves the
//! optional ones empty.

use lti_core::xml::Span;

use crate::content::ModalFeedback;
use crate::test::{
    AssessmentItemRef, AssessmentSection, AssessmentTest, Control, NavigationMode, Selection,
    SubmissionMode, TestPart, Weight,
};
use crate::value::{Float, Identifier, ShowHide};
use crate::version::Version;

impl AssessmentTest {
    /// A test without parts (push [`TestPart`]s into [`AssessmentTest::test_parts`]).
    pub fn new(
        version: Version,
        identifier: impl Into<Identifier>,
        title: impl Into<String>,
    ) -> Self {
        Self {
            version,
            identifier: identifier.into(),
            title: title.into(),
            tool_name: None,
            tool_version: None,
            context_declarations: Vec::new(),
            outcome_declarations: Vec::new(),
            time_limits: None,
            stylesheets: Vec::new(),
            rubric_blocks: Vec::new(),
            test_parts: Vec::new(),
            outcome_processing: None,
            test_feedbacks: Vec::new(),
            extensions: Vec::new(),
            other_attributes: Vec::new(),
            namespace_declarations: Vec::new(),
            span: Span::default(),
        }
    }
}

impl TestPart {
    /// A test part without sections.
    pub fn new(
        identifier: impl Into<Identifier>,
        navigation_mode: NavigationMode,
        submission_mode: SubmissionMode,
    ) -> Self {
        Self {
            identifier: identifier.into(),
            navigation_mode,
            submission_mode,
            title: None,
            control: Control::default(),
            rubric_blocks: Vec::new(),
            sections: Vec::new(),
            test_feedbacks: Vec::new(),
            extensions: Vec::new(),
            other_attributes: Vec::new(),
            span: Span::default(),
        }
    }
}

impl AssessmentSection {
    /// A section without children. `version` matters for standalone section documents only.
    pub fn new(
        version: Version,
        identifier: impl Into<Identifier>,
        title: impl Into<String>,
        visible: bool,
    ) -> Self {
        Self {
            version,
            identifier: identifier.into(),
            title: title.into(),
            visible,
            required: None,
            fixed: None,
            keep_together: None,
            control: Control::default(),
            adaptive_selection: None,
            selection: None,
            ordering: None,
            rubric_blocks: Vec::new(),
            children: Vec::new(),
            extensions: Vec::new(),
            other_attributes: Vec::new(),
            namespace_declarations: Vec::new(),
            span: Span::default(),
        }
    }
}

impl AssessmentItemRef {
    /// A reference to the item document at `href` (relative to the test document).
    pub fn new(identifier: impl Into<Identifier>, href: impl Into<String>) -> Self {
        Self {
            identifier: identifier.into(),
            href: href.into(),
            category: None,
            required: None,
            fixed: None,
            control: Control::default(),
            variable_mappings: Vec::new(),
            weights: Vec::new(),
            template_defaults: Vec::new(),
            extensions: Vec::new(),
            other_attributes: Vec::new(),
            span: Span::default(),
        }
    }
}

impl Weight {
    /// A weight.
    pub fn new(identifier: impl Into<Identifier>, value: f64) -> Self {
        Self {
            identifier: identifier.into(),
            value: Float::new(value),
            span: Span::default(),
        }
    }
}

impl Selection {
    /// Selects `select` children (without replacement).
    pub fn new(select: i64) -> Self {
        Self {
            select,
            with_replacement: None,
            extensions: Vec::new(),
            other_attributes: Vec::new(),
        }
    }
}

impl ModalFeedback {
    /// Modal feedback shown (or hidden) when `outcome_identifier` has the value `identifier`;
    /// no content yet.
    pub fn new(
        outcome_identifier: impl Into<Identifier>,
        identifier: impl Into<Identifier>,
        show_hide: ShowHide,
    ) -> Self {
        Self {
            outcome_identifier: outcome_identifier.into(),
            identifier: identifier.into(),
            show_hide,
            title: None,
            stylesheets: Vec::new(),
            content: Vec::new(),
            catalog_info: None,
            other_attributes: Vec::new(),
            span: Span::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::QtiDocument;
    use crate::test::SectionPart;

    #[test]
    fn a_built_test_writes_and_validates() {
        let mut t = AssessmentTest::new(Version::V2p2, "T", "Test");
        let mut part = TestPart::new("P", NavigationMode::Nonlinear, SubmissionMode::Individual);
        let mut s = AssessmentSection::new(Version::V2p2, "S", "Section", true);
        s.selection = Some(Selection::new(1));
        let mut r = AssessmentItemRef::new("I", "items/i.xml");
        r.weights.push(Weight::new("W", 2.0));
        s.children.push(SectionPart::ItemRef(Box::new(r)));
        part.sections.push(SectionPart::Section(Box::new(s)));
        t.test_parts.push(part);
        let doc = QtiDocument::Test(t);
        assert!(crate::validate(&doc).is_empty());
        for v in [Version::V2p2, Version::V3p0] {
            let w = crate::write(&doc, v);
            assert!(w.report.is_empty(), "{:?}", w.report);
            let (back, report) =
                crate::parse(w.xml.as_bytes(), &crate::ReadOptions::default()).expect("reads back");
            assert!(report.is_empty(), "{report:?}\n{}", w.xml);
            let QtiDocument::Test(back) = back else {
                panic!("not a test")
            };
            assert_eq!(back.item_refs()[0].weights[0].value.get(), 2.0);
        }
        let mf = ModalFeedback::new("FEEDBACK", "F1", ShowHide::Show);
        assert_eq!(mf.identifier, "F1");
    }
}
