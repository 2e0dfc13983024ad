use super::*;
use crate::{ReadOptions, parse};

fn item(body: &str) -> Report {
    let xml = format!(
        r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="i" title="t" adaptive="false" timeDependent="false">{body}</assessmentItem>"#
    );
    let (doc, _) = parse(xml.as_bytes(), &ReadOptions::unchecked()).unwrap();
    validate(&doc)
}

fn codes_of(r: &Report) -> Vec<&str> {
    r.iter().map(|p| p.code.as_str()).collect()
}

const RD: &str = r#"<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"><correctResponse><value>A</value></correctResponse></responseDeclaration><outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>"#;

#[test]
fn a_correct_item_has_no_problems() {
    let r = item(&format!(
        r#"{RD}<itemBody><choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><simpleChoice identifier="A">a</simpleChoice><simpleChoice identifier="B">b</simpleChoice></choiceInteraction></itemBody><responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>"#
    ));
    assert!(r.problems.is_empty(), "{r:?}");
}

#[test]
fn duplicate_and_undeclared_identifiers() {
    let r = item(&format!(
        r#"{RD}<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/><itemBody><choiceInteraction responseIdentifier="NOPE"><simpleChoice identifier="A">a</simpleChoice></choiceInteraction><feedbackInline outcomeIdentifier="FB" identifier="x">f</feedbackInline><printedVariable identifier="SCORE"/></itemBody>"#
    ));
    let c = codes_of(&r);
    assert!(c.contains(&codes::IDENTIFIER_DUPLICATE), "{c:?}");
    assert_eq!(
        c.iter()
            .filter(|x| **x == codes::REFERENCE_UNDECLARED)
            .count(),
        2,
        "{c:?}"
    );
    let p = r
        .iter()
        .find(|p| p.code == codes::IDENTIFIER_DUPLICATE)
        .unwrap();
    assert!(
        matches!(&p.location, Location::Xml(x) if x.line == 1 && x.path == "/assessmentItem/outcomeDeclaration")
    );
}

#[test]
fn interaction_declaration_mismatch() {
    let r = item(
        r#"<responseDeclaration identifier="R" cardinality="single" baseType="string"/><responseDeclaration identifier="M" cardinality="single" baseType="identifier"/><itemBody><choiceInteraction responseIdentifier="R"><simpleChoice identifier="A">a</simpleChoice></choiceInteraction><choiceInteraction responseIdentifier="M" maxChoices="0" minChoices="2"><simpleChoice identifier="A">a</simpleChoice><simpleChoice identifier="A">b</simpleChoice></choiceInteraction></itemBody>"#,
    );
    let c = codes_of(&r);
    assert_eq!(
        c.iter()
            .filter(|x| **x == codes::INTERACTION_DECLARATION_MISMATCH)
            .count(),
        2,
        "{c:?}"
    );
    assert!(c.contains(&codes::IDENTIFIER_DUPLICATE), "{c:?}");
}

#[test]
fn values_mappings_and_tables() {
    let r = item(
        r#"<responseDeclaration identifier="R" cardinality="single" baseType="integer"><defaultValue><value>x</value><value>2</value></defaultValue><mapping lowerBound="3" upperBound="1"><mapEntry mapKey="1" mappedValue="1"/><mapEntry mapKey="1" mappedValue="2"/><mapEntry mapKey="y" mappedValue="2"/></mapping><areaMapping><areaMapEntry shape="circle" coords="1,2" mappedValue="1"/></areaMapping></responseDeclaration>
        <outcomeDeclaration identifier="O" cardinality="multiple" baseType="integer"><matchTable><matchTableEntry sourceValue="1" targetValue="a"/><matchTableEntry sourceValue="1" targetValue="2"/></matchTable></outcomeDeclaration>
        <outcomeDeclaration identifier="P" cardinality="single" baseType="float"><interpolationTable><interpolationTableEntry sourceValue="1" targetValue="1"/><interpolationTableEntry sourceValue="5" targetValue="2"/></interpolationTable></outcomeDeclaration>
        <outcomeDeclaration identifier="Q" cardinality="record"/>
        <responseProcessing><setOutcomeValue identifier="Q"><mapResponsePoint identifier="R"/></setOutcomeValue><lookupOutcomeValue identifier="Q"><baseValue baseType="integer">x</baseValue></lookupOutcomeValue></responseProcessing>"#,
    );
    let c = codes_of(&r);
    for code in [
        codes::VALUE_INVALID,
        codes::VALUE_CARDINALITY,
        codes::MAPPING_BOUNDS,
        codes::MAPPING_KEY_DUPLICATE,
        codes::MAPPING_KEY_INVALID,
        codes::MAPPING_BASE_TYPE,
        codes::SHAPE_COORDS,
        codes::LOOKUP_TABLE_INVALID,
        codes::LOOKUP_TABLE_ORDER,
        codes::LOOKUP_TABLE_MISSING,
    ] {
        assert!(c.contains(&code), "{code} missing from {c:?}");
    }
}

#[test]
fn processing_references() {
    let r = item(&format!(
        r#"{RD}<templateDeclaration identifier="T" cardinality="single" baseType="integer"/><templateProcessing><setTemplateValue identifier="SCORE"><randomInteger min="5" max="1"/></setTemplateValue><setCorrectResponse identifier="T"><null/></setCorrectResponse></templateProcessing>
        <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"><responseCondition><responseIf><match><variable identifier="X"/><correct identifier="SCORE"/></match><setOutcomeValue identifier="RESPONSE"><numberCorrect/></setOutcomeValue></responseIf></responseCondition></responseProcessing>"#
    ));
    let c = codes_of(&r);
    for code in [
        codes::REFERENCE_WRONG_KIND,
        codes::REFERENCE_UNDECLARED,
        codes::EXPRESSION_RANGE,
        codes::EXPRESSION_TEST_ONLY,
        codes::TEMPLATE_VARIABLES,
    ] {
        assert!(c.contains(&code), "{code} missing from {c:?}");
    }
}

#[test]
fn test_rules() {
    let xml = br#"<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="t" title="t">
<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
<testPart identifier="P" navigationMode="linear" submissionMode="individual">
<assessmentSection identifier="S" title="s" visible="true"><selection select="5"/>
<assessmentItemRef identifier="I1" href="i1.xml"><branchRule target="NOWHERE"><baseValue baseType="boolean">true</baseValue></branchRule><weight identifier="W" value="2"/><weight identifier="W" value="3"/></assessmentItemRef>
<assessmentItemRef identifier="I1" href="i2.xml"/>
</assessmentSection></testPart>
<outcomeProcessing><setOutcomeValue identifier="TOTAL"><sum><testVariables variableIdentifier="SCORE" weightIdentifier="X" sectionIdentifier="S2"/><variable identifier="I9.SCORE"/></sum></setOutcomeValue></outcomeProcessing>
<testFeedback access="atEnd" outcomeIdentifier="NOPE" identifier="x" showHide="show">t</testFeedback>
</assessmentTest>"#;
    let (doc, _) = parse(xml, &ReadOptions::unchecked()).unwrap();
    let r = validate(&doc);
    let c = codes_of(&r);
    for code in [
        codes::IDENTIFIER_DUPLICATE,
        codes::BRANCH_TARGET_UNKNOWN,
        codes::SELECTION_TOO_LARGE,
        codes::REFERENCE_UNDECLARED,
        codes::WEIGHT_UNKNOWN,
    ] {
        assert!(c.contains(&code), "{code} missing from {c:?}");
    }
    assert!(
        c.iter()
            .filter(|x| **x == codes::REFERENCE_UNDECLARED)
            .count()
            >= 4,
        "{c:?}"
    );
}

#[test]
fn results_values() {
    let xml = br#"<assessmentResult xmlns="http://www.imsglobal.org/xsd/imsqti_result_v2p1"><context/>
<itemResult identifier="i" datestamp="2024-01-01T00:00:00" sessionStatus="final">
<outcomeVariable identifier="SCORE" cardinality="single" baseType="float"><value>x</value></outcomeVariable>
</itemResult></assessmentResult>"#;
    let (doc, _) = parse(xml, &ReadOptions::unchecked()).unwrap();
    assert!(validate(&doc).has_code(codes::VALUE_INVALID));
}

#[test]
fn shared_response_warnings_come_in_document_order_on_every_run() {
    // Four variables, each bound to two text entries; first occurrences D, B, C, A.
    let decl = |id: &str| {
        format!(
            r#"<responseDeclaration identifier="{id}" cardinality="single" baseType="string"/>"#
        )
    };
    let entry = |id: &str| format!(r#"<textEntryInteraction responseIdentifier="{id}"/>"#);
    let order = ["D", "B", "C", "A"];
    let decls: String = order.iter().map(|id| decl(id)).collect();
    let entries: String = order
        .iter()
        .chain(order.iter().rev())
        .map(|id| entry(id))
        .collect();
    // Each validation uses new maps (new random hash keys): the order must not follow them.
    for _ in 0..16 {
        let r = item(&format!("{decls}<itemBody><p>{entries}</p></itemBody>"));
        let named: Vec<&str> = r
            .iter()
            .filter(|p| p.code == codes::INTERACTION_SHARED_RESPONSE)
            .map(|p| {
                let m = p.message.as_str();
                &m[m.len() - 2..m.len() - 1]
            })
            .collect();
        assert_eq!(named, order, "{r:?}");
    }
}
