use super::*;
use crate::content::BodyNode;
use crate::interactions::InteractionKind;
use crate::processing::{ExpressionKind, ResponseRule};

const ITEM21: &[u8] = include_bytes!("../../../tests/fixtures/item21_choice.xml");
const ITEM30: &[u8] = include_bytes!("../../../tests/fixtures/item30_text.xml");

#[test]
fn reads_a_2_1_item() {
    let (doc, report) = parse(ITEM21, &ReadOptions::strict()).unwrap();
    assert!(report.is_valid(true), "{report:?}");
    let QtiDocument::Item(item) = doc else {
        panic!("not an item")
    };
    assert_eq!(item.version, Version::V2p1);
    assert_eq!(item.identifier, "choice");
    assert_eq!(item.lang.as_deref(), Some("en"));
    let rd = item.response_declaration("RESPONSE").unwrap();
    let mapping = rd.mapping.as_ref().unwrap();
    assert_eq!(
        mapping.default_value.as_ref().map(|f| f.to_string()),
        Some("0.0".to_owned())
    );
    assert_eq!(mapping.entries[0].mapped_value.get(), 1.0);
    let interactions = item.interactions();
    assert_eq!(interactions.len(), 1);
    let InteractionKind::Choice(c) = &interactions[0].kind else {
        panic!()
    };
    assert_eq!(c.choices.len(), 2);
    assert_eq!(c.max_choices, Some(1));
    assert_eq!(c.choices[1].fixed, Some(true));
    let body = item.item_body.as_ref().unwrap();
    assert!(
        body.content
            .iter()
            .any(|n| matches!(n, BodyNode::FeedbackBlock(_)))
    );
    let rp = item.response_processing.as_ref().unwrap();
    let ResponseRule::Condition(cond) = &rp.rules[0] else {
        panic!()
    };
    assert!(matches!(
        cond.if_branch.condition.as_ref().unwrap().kind,
        ExpressionKind::Match(_)
    ));
    assert!(cond.else_branch.is_some());
}

#[test]
fn reads_a_3_0_item_with_kebab_names() {
    let (doc, report) = parse(ITEM30, &ReadOptions::strict()).unwrap();
    assert!(report.is_valid(true), "{report:?}");
    let QtiDocument::Item(item) = doc else {
        panic!()
    };
    assert_eq!(item.version, Version::V3p0);
    assert_eq!(item.time_dependent, Some(false));
    let rd = item.response_declaration("RESPONSE").unwrap();
    assert_eq!(
        rd.mapping.as_ref().unwrap().entries[0].case_sensitive,
        Some(false)
    );
    let i = item.interactions();
    assert!(matches!(&i[0].kind, InteractionKind::TextEntry(t) if t.expected_length == Some(10)));
    assert_eq!(
        item.modal_feedbacks[0].content.len(),
        1,
        "qti-content-body unwrapped"
    );
    assert_eq!(
        item.response_processing
            .as_ref()
            .unwrap()
            .standard_template(),
        Some(crate::processing::StandardTemplate::MapResponse)
    );
}

#[test]
fn errors_are_reported_not_panicked() {
    let e = parse(b"<html/>", &ReadOptions::default()).unwrap_err();
    assert_eq!(e.code(), codes::NOT_QTI);
    let e = parse(b"<assessmentItem", &ReadOptions::default()).unwrap_err();
    assert!(e.code().starts_with("xml."), "{}", e.code());
    assert!(e.to_problem().message.len() > 5);
    // Missing namespace: read, with an error.
    let (doc, report) = parse(
        b"<assessmentItem identifier=\"a\" title=\"t\" adaptive=\"false\" timeDependent=\"false\"/>",
        &ReadOptions::default(),
    )
    .unwrap();
    assert!(matches!(doc, QtiDocument::Item(_)));
    assert!(report.has_code(codes::NAMESPACE_UNKNOWN));
    // 3.0 names in a 2.2 namespace.
    let (_, report) = parse(
        b"<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p2\" identifier=\"a\" title=\"t\" time-dependent=\"false\"/>",
        &ReadOptions::default(),
    )
    .unwrap();
    assert!(report.has_code(codes::NAMESPACE_MISMATCH));
    // A 2.x root in the 3.0 namespace with 3.0 interactions inside (qti-sdk's `aqti_tmh`
    // samples): both vocabularies are typed, and writing is a fixed point after one round.
    let mixed = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="a" title="t" adaptive="false" timeDependent="false">
<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"/>
<itemBody><p>Pick</p>
<qti-choice-interaction response-identifier="RESPONSE" max-choices="1"><qti-prompt>Which?</qti-prompt>
<qti-simple-choice identifier="A">a</qti-simple-choice><simpleChoice identifier="B">b</simpleChoice>
</qti-choice-interaction></itemBody></assessmentItem>"#;
    let (doc, report) = parse(mixed, &ReadOptions::default()).unwrap();
    assert!(report.has_code(codes::NAMESPACE_MISMATCH));
    let QtiDocument::Item(item) = &doc else {
        panic!()
    };
    let interactions = item.interactions();
    assert_eq!(interactions.len(), 1, "{item:?}");
    assert_eq!(interactions[0].response_identifier.as_str(), "RESPONSE");
    let first = crate::write(&doc, Version::V3p0).xml;
    let (again, report) = parse(first.as_bytes(), &ReadOptions::strict()).unwrap();
    assert!(report.is_valid(true), "{report:?}\n{first}");
    assert_eq!(crate::write(&again, Version::V3p0).xml, first);
}

#[test]
fn lenient_and_strict_unknown_elements() {
    let xml = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="a" title="t" adaptive="false" timeDependent="false" vendor="x"><itemBody><p>hi</p></itemBody><vendorThing/></assessmentItem>"#;
    let (doc, lenient) = parse(xml, &ReadOptions::lenient()).unwrap();
    assert!(lenient.is_valid(false), "{lenient:?}");
    assert!(!lenient.is_valid(true));
    assert!(lenient.has_code(codes::SCHEMA_ATTRIBUTE_UNKNOWN));
    assert!(lenient.has_code(codes::SCHEMA_ELEMENT_UNKNOWN));
    let QtiDocument::Item(item) = doc else {
        panic!()
    };
    assert_eq!(item.extensions.len(), 1, "unknown element kept");
    assert_eq!(item.other_attributes.len(), 1, "unknown attribute kept");
    let (_, strict) = parse(xml, &ReadOptions::strict()).unwrap();
    assert!(strict.has_errors());
    let (_, unchecked) = parse(xml, &ReadOptions::unchecked()).unwrap();
    assert!(unchecked.problems.is_empty());
}

#[test]
fn invalid_values_are_errors_with_locations() {
    let xml = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="a" title="t" adaptive="maybe" timeDependent="false">
<responseDeclaration identifier="R" cardinality="SINGLE"/></assessmentItem>"#;
    let (_, report) = parse(xml, &ReadOptions::default()).unwrap();
    let p: Vec<_> = report
        .iter()
        .filter(|p| p.code == codes::SCHEMA_ATTRIBUTE_INVALID)
        .collect();
    assert_eq!(p.len(), 2, "{report:?}");
    let lti_core::Location::Xml(pos) = &p[1].location else {
        panic!()
    };
    assert_eq!(pos.line, 2);
    assert_eq!(pos.path, "/assessmentItem/responseDeclaration");
}

#[test]
fn typed_entry_points_check_the_kind() {
    assert!(parse_item(ITEM21, &ReadOptions::default()).is_ok());
    let e = parse_test(ITEM21, &ReadOptions::default()).unwrap_err();
    assert_eq!(e.code(), codes::WRONG_KIND);
    assert!(e.to_string().contains("item"), "{e}");
    let e = parse_result(ITEM30, &ReadOptions::default()).unwrap_err();
    assert_eq!(e.code(), codes::WRONG_KIND);
}

#[test]
fn operands_and_literal_texts_are_read_whole_and_round_trip() {
    // Operators with one, two and three operands nested in each other (they share the reader's
    // operand stack), a short literal (kept inline), a long one and one with a reference
    // (kept on the heap, the latter decoded).
    let long = "a literal text longer than twenty-four bytes";
    let xml = format!(
        r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="i" title="t" adaptive="false" timeDependent="false">
  <outcomeDeclaration identifier="S" cardinality="single" baseType="string"/>
  <outcomeDeclaration identifier="B" cardinality="single" baseType="boolean"/>
  <responseProcessing>
    <setOutcomeValue identifier="B"><and><not><isNull><variable identifier="S"/></isNull></not><match><baseValue baseType="string">x</baseValue><variable identifier="S"/></match><baseValue baseType="boolean">true</baseValue></and></setOutcomeValue>
    <setOutcomeValue identifier="S"><baseValue baseType="string">{long}</baseValue></setOutcomeValue>
    <setOutcomeValue identifier="S"><baseValue baseType="string">a &amp; b</baseValue></setOutcomeValue>
  </responseProcessing>
</assessmentItem>"#
    );
    let (doc, report) = parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
    assert!(report.is_valid(true), "{report:?}");
    let QtiDocument::Item(item) = &doc else {
        panic!("not an item")
    };
    let rules = &item.response_processing.as_ref().unwrap().rules;
    let expr = |i: usize| match &rules[i] {
        ResponseRule::SetOutcomeValue(s) => s.expression.as_ref().unwrap(),
        other => panic!("{other:?}"),
    };
    let ExpressionKind::And(and) = &expr(0).kind else {
        panic!()
    };
    assert_eq!(and.len(), 3);
    let ExpressionKind::Not(not) = &and[0].kind else {
        panic!()
    };
    assert_eq!(not.len(), 1);
    assert_eq!(not[0].operands().len(), 1);
    assert_eq!(and[1].operands().len(), 2);
    assert!(and[2].operands().is_empty());
    let text = |e: &crate::processing::Expression| match &e.kind {
        ExpressionKind::BaseValue { value, .. } => value.text.as_str().to_owned(),
        other => panic!("{other:?}"),
    };
    assert_eq!(text(&and[1].operands()[0]), "x");
    assert_eq!(text(expr(1)), long);
    assert_eq!(text(expr(2)), "a & b");
    // Written and read again: the same model.
    let written = crate::xml::write::write(&doc, Version::V2p1);
    let (again, _) = parse(written.xml.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(again, doc);
}

#[test]
fn a_rule_with_two_expressions_keeps_the_first_and_conditions_are_read_whole() {
    // Expressions are built on the reader's operand stack: a rule that takes one expression
    // keeps the first of two (the schema checker reports the second), leaves nothing behind
    // for the rules after it, and a condition followed by rules is read as one expression.
    let xml = r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="i" title="t" adaptive="false" timeDependent="false">
  <outcomeDeclaration identifier="S" cardinality="single" baseType="float"/>
  <responseProcessing>
    <setOutcomeValue identifier="S"><baseValue baseType="float">1</baseValue><sum><baseValue baseType="float">2</baseValue><baseValue baseType="float">3</baseValue></sum></setOutcomeValue>
    <responseCondition><responseIf><gt><variable identifier="S"/><baseValue baseType="float">0</baseValue></gt><setOutcomeValue identifier="S"><baseValue baseType="float">4</baseValue></setOutcomeValue></responseIf></responseCondition>
    <setOutcomeValue identifier="S"><null/></setOutcomeValue>
  </responseProcessing>
</assessmentItem>"#;
    let (doc, report) = parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
    assert!(!report.is_valid(true), "the second expression is reported");
    let QtiDocument::Item(item) = &doc else {
        panic!("not an item")
    };
    let rules = &item.response_processing.as_ref().unwrap().rules;
    assert_eq!(rules.len(), 3);
    let ResponseRule::SetOutcomeValue(first) = &rules[0] else {
        panic!("{:?}", rules[0])
    };
    let Some(ExpressionKind::BaseValue { value, .. }) = first.expression.as_ref().map(|e| &e.kind)
    else {
        panic!("{first:?}")
    };
    assert_eq!(value.text.as_str(), "1");
    let ResponseRule::Condition(c) = &rules[1] else {
        panic!("{:?}", rules[1])
    };
    let cond = c.if_branch.condition.as_ref().unwrap();
    assert!(matches!(cond.kind, ExpressionKind::Gt(ref ops) if ops.len() == 2));
    assert_eq!(c.if_branch.rules.len(), 1);
    let ResponseRule::SetOutcomeValue(last) = &rules[2] else {
        panic!("{:?}", rules[2])
    };
    assert!(matches!(
        last.expression.as_ref().map(|e| &e.kind),
        Some(ExpressionKind::Null)
    ));
}

#[test]
fn a_2_x_spelling_in_a_3_0_document_is_read_and_named_in_the_warning() {
    let xml = br#"<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="a" title="t" adaptive="false" time-dependent="false" toolName="Tao">
<qti-response-declaration identifier="RESPONSE" cardinality="single" baseType="identifier"/>
<qti-item-body><qti-choice-interaction response-identifier="RESPONSE" maxChoices="2" max-choices="1">
<qti-simple-choice identifier="A">a</qti-simple-choice></qti-choice-interaction></qti-item-body></qti-assessment-item>"#;
    let (doc, report) = parse(xml, &ReadOptions::lenient()).unwrap();
    assert!(report.is_valid(false), "warnings only: {report:?}");
    let messages: Vec<&str> = report
        .problems
        .iter()
        .filter(|p| p.code == codes::SCHEMA_ATTRIBUTE_UNKNOWN)
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[0].ends_with("it is the QTI 2.x spelling of tool-name, the name QTI 3.0 requires"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("2.x spelling of base-type"),
        "{messages:?}"
    );
    assert!(
        messages[2]
            .ends_with("it is the QTI 2.x spelling of max-choices, which the element also has"),
        "{messages:?}"
    );
    // Read as the 3.0 attribute when that spelling is absent; the 3.0 spelling wins otherwise.
    let QtiDocument::Item(item) = &doc else {
        panic!()
    };
    assert_eq!(item.tool_name.as_deref(), Some("Tao"));
    assert_eq!(
        item.response_declarations[0].header.base_type,
        Some(crate::value::BaseType::Identifier)
    );
    let interactions = item.interactions();
    let InteractionKind::Choice(choice) = &interactions[0].kind else {
        panic!("{interactions:?}")
    };
    assert_eq!(
        choice.max_choices,
        Some(1),
        "the 3.0 spelling is the attribute"
    );
    let (_, strict) = parse(xml, &ReadOptions::strict()).unwrap();
    assert_eq!(
        strict
            .problems
            .iter()
            .filter(|p| p.code == codes::SCHEMA_ATTRIBUTE_UNKNOWN
                && p.severity == lti_core::Severity::Error)
            .count(),
        3,
        "{strict:?}"
    );
    // An attribute 3.0 does not declare under any spelling keeps the plain message.
    let (_, plain) = parse(
        br#"<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="a" title="t" adaptive="false" time-dependent="false" vendor="x"/>"#,
        &ReadOptions::lenient(),
    )
    .unwrap();
    assert!(
        plain
            .problems
            .iter()
            .any(|p| p.message == "attribute vendor is not allowed on <qti-assessment-item>"),
        "{plain:?}"
    );
}
