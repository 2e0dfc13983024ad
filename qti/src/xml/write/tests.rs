use crate::{QtiDocument, ReadOptions, Version, parse, write};

const ITEM21: &[u8] = include_bytes!("../../../tests/fixtures/item21_choice.xml");
const ITEM30: &[u8] = include_bytes!("../../../tests/fixtures/item30_text.xml");

fn canon(xml: &[u8]) -> lti_core::xml::Element {
    let mut e = lti_core::xml::parse_element(xml, &lti_core::xml::Limits::default()).unwrap();
    e.strip_insignificant_whitespace();
    e
}

#[test]
fn same_version_output_is_canonical_equal() {
    for src in [ITEM21, ITEM30] {
        let (doc, _) = parse(src, &ReadOptions::default()).unwrap();
        let out = write(&doc, doc.version());
        assert!(out.report.problems.is_empty());
        assert_eq!(canon(src), canon(out.xml.as_bytes()));
    }
}

#[test]
fn converts_2_1_to_3_0_and_back() {
    let (doc, _) = parse(ITEM21, &ReadOptions::default()).unwrap();
    let v3 = write(&doc, Version::V3p0);
    assert!(
        v3.xml
            .contains("<qti-choice-interaction response-identifier=\"RESPONSE\""),
        "{}",
        v3.xml
    );
    assert!(
        v3.xml.contains("<qti-content-body>"),
        "feedback block content is wrapped"
    );
    let (doc3, report) = parse(v3.xml.as_bytes(), &ReadOptions::strict()).unwrap();
    assert!(report.is_valid(true), "{report:?}");
    let QtiDocument::Item(i3) = &doc3 else {
        panic!()
    };
    assert_eq!(i3.version, Version::V3p0);
    let back = write(&doc3, Version::V2p1);
    let (doc21, report) = parse(back.xml.as_bytes(), &ReadOptions::strict()).unwrap();
    assert!(report.is_valid(true), "{report:?}");
    assert_eq!(
        canon(ITEM21),
        canon(write(&doc21, Version::V2p1).xml.as_bytes())
    );
}

#[test]
fn what_2_1_cannot_express_is_reported() {
    let (doc, _) = parse(ITEM30, &ReadOptions::default()).unwrap();
    let QtiDocument::Item(mut item) = doc else {
        panic!()
    };
    item.stimulus_refs.push(crate::stimulus::StimulusRef {
        identifier: "s".into(),
        href: "s.xml".into(),
        title: None,
        other_attributes: vec![],
        span: Default::default(),
    });
    let out = write(&QtiDocument::Item(item), Version::V2p1);
    assert!(
        out.report.has_code(crate::codes::CONVERT_UNSUPPORTED),
        "{:?}",
        out.report
    );
    let (_, report) = parse(out.xml.as_bytes(), &ReadOptions::strict()).unwrap();
    assert!(report.is_valid(true), "{report:?}");
}

/// A 3.0 media interaction playing an HTML `video` (here through a `source` child) becomes a
/// 2.x media interaction with an `object` (2.x requires one), reported; writing what was read
/// back gives the same XML (found by the `qti_roundtrip` fuzz target: the video used to be
/// dropped, leaving only whitespace that the next read discarded).
#[test]
fn media_video_becomes_an_object_in_2_x() {
    let item = br#"<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="m" title="m" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="R" cardinality="single" base-type="integer"/>
  <qti-item-body>
    <qti-media-interaction response-identifier="R" autostart="false" max-plays="0">
      <video width="384" height="288" controls="true">
        <source src="video/clip.webm" type="video/webm"/>
      </video>
    </qti-media-interaction>
    <qti-media-interaction response-identifier="R" autostart="true"><audio src="a/b.mp3"/></qti-media-interaction>
  </qti-item-body>
</qti-assessment-item>"#;
    let (doc, report) = parse(item, &ReadOptions::default()).unwrap();
    assert!(report.is_valid(true), "{report:?}");
    for v in [Version::V2p1, Version::V2p2] {
        let out = write(&doc, v);
        assert_eq!(
            out.report
                .with_code(crate::codes::CONVERT_MEDIA_AS_OBJECT)
                .count(),
            2,
            "{:?}",
            out.report
        );
        assert!(
            out.xml.contains(
                r#"<object data="video/clip.webm" type="video/webm" width="384" height="288"/>"#
            ) && out
                .xml
                .contains(r#"<object data="a/b.mp3" type="audio/mpeg"/>"#),
            "{}",
            out.xml
        );
        let (again, report) = parse(out.xml.as_bytes(), &ReadOptions::strict()).unwrap();
        assert!(report.is_valid(true), "{report:?}\n{}", out.xml);
        assert_eq!(write(&again, v).xml, out.xml);
    }
}

/// A 2.2 item carrying the 3.0 spelling `max-choices` (qti-sdk's `ruby_html5.xml` does): 2.2
/// processors ignore it, a 3.0 reader would obey it, so the conversion to 3.0 leaves it out and
/// reports it; a 2.2 write keeps it (found by `qti_roundtrip`: the converted output was not a
/// writer fixed point, the next read typed the attribute and moved it).
#[test]
fn an_attribute_in_3_0_spelling_in_a_2_x_item_is_not_carried_into_3_0() {
    let item = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="r" title="r" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"/>
  <itemBody>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="true" max-choices="2" class="c">
      <simpleChoice identifier="A">a</simpleChoice><simpleChoice identifier="B">b</simpleChoice>
    </choiceInteraction>
  </itemBody>
</assessmentItem>"#;
    let (doc, _) = parse(item, &ReadOptions::lenient()).unwrap();
    let same = write(&doc, Version::V2p2);
    assert!(same.xml.contains(r#"max-choices="2""#), "{}", same.xml);
    let v3 = write(&doc, Version::V3p0);
    assert!(!v3.xml.contains("max-choices"), "{}", v3.xml);
    assert!(v3.xml.contains(r#"class="c""#), "{}", v3.xml);
    assert!(
        v3.report.has_code(crate::codes::CONVERT_UNSUPPORTED),
        "{:?}",
        v3.report
    );
    let (again, report) = parse(v3.xml.as_bytes(), &ReadOptions::strict()).unwrap();
    assert!(report.is_valid(true), "{report:?}\n{}", v3.xml);
    assert_eq!(write(&again, Version::V3p0).xml, v3.xml);
}

/// Writes `doc` in `v`, reads it back and writes it again: the output must read, and the second
/// write must equal the first.
fn write_reads_back(doc: &QtiDocument, v: Version) -> crate::xml::write::Written {
    let out = write(doc, v);
    let (again, _) = parse(out.xml.as_bytes(), &ReadOptions::unchecked())
        .unwrap_or_else(|e| panic!("{v:?} output does not read: {e}\n{}", out.xml));
    assert_eq!(write(&again, v).xml, out.xml, "{v:?} does not converge");
    out
}

/// Fuzz finding `qti_roundtrip` crash-0bbf94cc (fuzz/README.md): a 3.0 item with both
/// `tool-name` and the 2.x spelling `toolName`, which a 3.0 reader keeps as another attribute
/// under its canonical name. The 3.0 writer wrote both as `tool-name`.
#[test]
fn fuzz_regression_3_0_item_with_tool_name_in_both_spellings() {
    let item = br#"<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="i" title="t" toolName="false" time-dependent="false" tool-name="TAO" tool-version="3">
  <qti-item-body>
    <qti-unknown-thing toolName="a" tool-name="b" max-choices="1"/>
  </qti-item-body>
</qti-assessment-item>"#;
    let (doc, _) = parse(item, &ReadOptions::lenient()).unwrap();

    let v3 = write_reads_back(&doc, Version::V3p0);
    assert!(v3.xml.contains(r#"toolName="false""#), "{}", v3.xml);
    assert!(v3.xml.contains(r#"tool-name="TAO""#), "{}", v3.xml);
    assert!(
        v3.xml
            .contains(r#"<qti-unknown-thing toolName="a" tool-name="b" max-choices="1"/>"#),
        "a kept element is written as read: {}",
        v3.xml
    );

    for v in [Version::V2p1, Version::V2p2] {
        let out = write_reads_back(&doc, v);
        assert!(out.xml.contains(r#"toolName="TAO""#), "{}", out.xml);
        assert_eq!(out.xml.matches("toolName=").count(), 1, "{}", out.xml);
        // The kept element is no 2.x element: left out by the schema repair, which needs the
        // output well-formed (its `toolName` and `tool-name` both map to `toolName`).
        assert!(!out.xml.contains("nknown"), "{}", out.xml);
        assert!(
            out.report.has_code(crate::codes::CONVERT_UNSUPPORTED),
            "the left-out toolName is reported: {:?}",
            out.report
        );
    }
}

/// Writes `doc` in its own version (which must read back and converge) and asserts that the
/// output contains each of `kept` and that nothing was reported left out; `ns` names the case.
fn own_version_write_keeps(
    doc: &QtiDocument,
    kept: &[&str],
    ns: &str,
) -> crate::xml::write::Written {
    let out = write_reads_back(doc, doc.version());
    for k in kept {
        assert!(out.xml.contains(k), "{ns}: {k} kept: {}", out.xml);
    }
    assert!(
        !out.report.has_code(crate::codes::CONVERT_UNSUPPORTED),
        "{ns}: nothing is left out of a same-version write: {:?}",
        out.report
    );
    out
}

/// Fuzz finding `qti_roundtrip` crash-da1b3a83 (fuzz/README.md): a 2.0 item with three
/// `qti-companion-materials-info` elements, an element that exists only in 3.0. The 2.x reader
/// typed the first as the item's companion materials (the rest were kept), which a 2.x write
/// leaves out as unsupported; each round of writing lost one more. In a document with 2.x names
/// an element new in 3.0 is unknown and kept as written.
#[test]
fn fuzz_regression_3_0_only_elements_in_a_2_x_item_are_kept() {
    for ns in ["imsqti_v2p0", "imsqti_v2p1", "imsqti_v2p2"] {
        let item = format!(
            r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/{ns}" identifier="i" title="t" adaptive="false" timeDependent="false"><qti-companion-materials-info/><qti-companion-materials-info/><qti-catalog-info/><qti-context-declaration identifier="C" cardinality="single" base-type="string"/><itemBody><choiceInteraction responseIdentifier="R" maxChoices="1"><qti-label>x</qti-label><simpleChoice identifier="A">a</simpleChoice></choiceInteraction></itemBody></assessmentItem>"#
        );
        let (doc, _) = parse(item.as_bytes(), &ReadOptions::lenient()).unwrap();
        let QtiDocument::Item(it) = &doc else {
            panic!("an item")
        };
        assert!(it.companion_materials.is_none(), "{ns}: not typed");
        assert!(it.catalog_info.is_none(), "{ns}: not typed");
        assert!(it.context_declarations.is_empty(), "{ns}: not typed");
        let out = own_version_write_keeps(
            &doc,
            &[
                "<qti-catalog-info/>",
                r#"<qti-context-declaration identifier="C" cardinality="single" base-type="string"/>"#,
                "<qti-label>x</qti-label>",
            ],
            ns,
        );
        assert_eq!(
            out.xml.matches("<qti-companion-materials-info/>").count(),
            2,
            "{ns}: {}",
            out.xml
        );
    }
}

/// Review of the fuzz finding above: the same holds for elements and attributes new in 2.2 or
/// 3.0 that have 2.x-style names — the label of an inline choice interaction and item stimulus
/// references (2.2), test-level and test-part rubric blocks and a test part's `title` (3.0). In
/// a document of an earlier version they are kept as read, so a same-version write keeps them.
#[test]
fn elements_new_in_a_later_version_are_kept_in_an_earlier_one() {
    for ns in ["imsqti_v2p0", "imsqti_v2p1"] {
        let item = format!(
            r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/{ns}" identifier="i" title="t" adaptive="false" timeDependent="false"><assessmentStimulusRef identifier="S" href="s.xml"/><itemBody><p>a <inlineChoiceInteraction responseIdentifier="R"><label>one</label><label>two</label><inlineChoice identifier="A">a</inlineChoice></inlineChoiceInteraction></p><figure><details>d</details></figure></itemBody></assessmentItem>"#
        );
        let (doc, _) = parse(item.as_bytes(), &ReadOptions::lenient()).unwrap();
        own_version_write_keeps(
            &doc,
            &[
                r#"<assessmentStimulusRef identifier="S" href="s.xml"/>"#,
                "<label>one</label><label>two</label>",
                // HTML5 of 2.2 and HTML only 3.0 has: unknown in 2.0/2.1, kept (not unwrapped).
                "<figure><details>d</details></figure>",
            ],
            ns,
        );
    }
    // The 2.2 item: both typed, and written back.
    let item = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="i" title="t" adaptive="false" timeDependent="false"><assessmentStimulusRef identifier="S" href="s.xml"/><itemBody><p>a <inlineChoiceInteraction responseIdentifier="R"><label>one</label><inlineChoice identifier="A">a</inlineChoice></inlineChoiceInteraction></p></itemBody></assessmentItem>"#;
    let (doc, _) = parse(item, &ReadOptions::lenient()).unwrap();
    let QtiDocument::Item(it) = &doc else {
        panic!("an item")
    };
    assert_eq!(it.stimulus_refs.len(), 1);
    let out = write_reads_back(&doc, Version::V2p2);
    assert!(out.xml.contains("<label>one</label>"), "{}", out.xml);

    for ns in ["imsqti_v2p1", "imsqti_v2p2"] {
        let test = format!(
            r#"<assessmentTest xmlns="http://www.imsglobal.org/xsd/{ns}" identifier="T" title="t"><rubricBlock view="candidate"><p>r</p></rubricBlock><testPart identifier="P" navigationMode="linear" submissionMode="individual" title="Part"><rubricBlock view="candidate"><p>p</p></rubricBlock><assessmentSection identifier="S" title="s" visible="true"><assessmentItemRef identifier="I" href="i.xml"/></assessmentSection></testPart></assessmentTest>"#
        );
        let (doc, _) = parse(test.as_bytes(), &ReadOptions::lenient()).unwrap();
        own_version_write_keeps(
            &doc,
            &[
                r#"<rubricBlock view="candidate"><p>r</p></rubricBlock>"#,
                r#"title="Part""#,
                r#"<rubricBlock view="candidate"><p>p</p></rubricBlock>"#,
            ],
            ns,
        );
    }
}

/// Two attributes of a kept 3.0 element that map to one 2.x name: the mapped tree stays
/// well-formed (the second keeps its own spelling), so the schema repair after a conversion can
/// read it (before, the repair could not parse it and the ill-formed output was returned).
#[test]
fn a_kept_element_never_gets_an_attribute_twice() {
    let item = br#"<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="i" title="t" time-dependent="false">
  <qti-item-body>
    <qti-unknown-thing max-choices="1" maxChoices="2"/>
  </qti-item-body>
</qti-assessment-item>"#;
    let (doc, _) = parse(item, &ReadOptions::lenient()).unwrap();
    for v in [Version::V2p1, Version::V2p2] {
        let out = write_reads_back(&doc, v);
        assert!(!out.xml.contains("nknown"), "{}", out.xml);
        assert!(
            out.report.has_code(crate::codes::CONVERT_ELEMENT_DROPPED),
            "{:?}",
            out.report
        );
    }
    let out = write_reads_back(&doc, Version::V3p0);
    assert!(
        out.xml
            .contains(r#"<qti-unknown-thing max-choices="1" maxChoices="2"/>"#),
        "{}",
        out.xml
    );
}

/// Comments and processing instructions in the block content of a gap-match or hottext
/// interaction are kept in order (processing instructions were dropped there).
#[test]
fn block_content_of_an_interaction_keeps_comments_and_processing_instructions() {
    let gap = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="g" title="g" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="directedPair"/>
  <itemBody>
    <gapMatchInteraction responseIdentifier="RESPONSE"><gapText identifier="W" matchMax="1">w</gapText><!-- c --><?gap-editor x?><p>A <gap identifier="G"/>.</p></gapMatchInteraction>
  </itemBody>
</assessmentItem>"#;
    let (doc, _) = parse(gap, &ReadOptions::lenient()).unwrap();
    let out = write(&doc, Version::V2p1);
    assert!(
        out.xml.contains("<!-- c --><?gap-editor x?><p>"),
        "{}",
        out.xml
    );

    let item = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="h" title="h" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"/>
  <itemBody>
    <hottextInteraction responseIdentifier="RESPONSE" maxChoices="1">
      <!-- before --><?editor keep="1"?><p>Pick <hottext identifier="A">this</hottext><![CDATA[ & ]]>or<?mark x?> that.</p><?tail?>
    </hottextInteraction>
  </itemBody>
</assessmentItem>"#;
    let (doc, _) = parse(item, &ReadOptions::lenient()).unwrap();
    let out = write(&doc, Version::V2p2);
    for part in [
        "<!-- before -->",
        r#"<?editor keep="1"?>"#,
        "<?mark x?>",
        "<?tail?>",
    ] {
        assert!(out.xml.contains(part), "{part} missing: {}", out.xml);
    }
    assert!(
        out.xml.find("<!-- before -->") < out.xml.find("<?editor")
            && out.xml.find("<?editor") < out.xml.find("<p>"),
        "order: {}",
        out.xml
    );
    assert!(out.xml.contains("<![CDATA[ & ]]>"), "{}", out.xml);
    let v3 = write_reads_back(&doc, Version::V3p0);
    assert!(
        v3.xml.contains(r#"<?editor keep="1"?>"#) && v3.xml.contains("<?tail?>"),
        "{}",
        v3.xml
    );
}

/// Fuzz finding `qti_roundtrip` crash-e50fec14 (fuzz/README.md): a condition with two `else`
/// branches (invalid; the first is the else branch, the second is kept as an out-of-place
/// element). The second was written before the first, so every round trip swapped them.
#[test]
fn fuzz_regression_second_else_branch_stays_after_the_first() {
    let item = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="e" title="e" adaptive="false" timeDependent="false">
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <responseProcessing>
    <responseCondition>
      <responseIf><isNull><variable identifier="SCORE"/></isNull><setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseIf>
      <responseIf><isNull><variable identifier="SCORE"/></isNull><setOutcomeValue identifier="SCORE"><baseValue baseType="float">2</baseValue></setOutcomeValue></responseIf>
      <responseElse><setOutcomeValue identifier="SCORE"><baseValue baseType="float">3</baseValue></setOutcomeValue></responseElse>
      <responseElse><setOutcomeValue identifier="SCORE"><baseValue baseType="float">4</baseValue></setOutcomeValue></responseElse>
    </responseCondition>
  </responseProcessing>
</assessmentItem>"#;
    let (doc, _) = parse(item, &ReadOptions::lenient()).unwrap();
    // Converted, the invalid branches are left out (schema repair); the output converges.
    for v in [Version::V2p1, Version::V2p2, Version::V3p0] {
        write_reads_back(&doc, v);
    }
    let out = write_reads_back(&doc, Version::V2p2);
    let at = |n: &str| out.xml.find(&format!(r#"baseType="float">{n}<"#));
    assert!(
        at("1") < at("2") && at("2") < at("3") && at("3") < at("4") && at("1").is_some(),
        "order: {}",
        out.xml
    );
    let (again, _) = parse(out.xml.as_bytes(), &ReadOptions::lenient()).unwrap();
    assert_eq!(again, doc, "same model after a same-version round trip");
}

/// Many kept attributes on one element (the writer's name check switches to a set above 16):
/// all written once, the colliding one as spelt.
#[test]
fn many_kept_attributes_are_each_written_once() {
    let extra: String = (0..40).map(|i| format!(r#" data-x{i}="{i}""#)).collect();
    let item = format!(
        r#"<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="i" title="t"{extra} toolName="a" time-dependent="false" tool-name="b"><qti-item-body><qti-unknown-thing{extra} max-choices="1" maxChoices="2"/></qti-item-body></qti-assessment-item>"#
    );
    let (doc, _) = parse(item.as_bytes(), &ReadOptions::lenient()).unwrap();
    let out = write_reads_back(&doc, Version::V3p0);
    for i in 0..40 {
        assert_eq!(
            out.xml.matches(&format!(r#" data-x{i}="{i}""#)).count(),
            2,
            "{}",
            out.xml
        );
    }
    assert!(
        out.xml.contains(r#"toolName="a""#) && out.xml.contains(r#"tool-name="b""#),
        "{}",
        out.xml
    );
    // Converted: `data-*` is no 2.x attribute (left out by the schema repair); the rest reads.
    for v in [Version::V2p1, Version::V2p2] {
        let out = write_reads_back(&doc, v);
        assert!(out.xml.contains(r#"toolName="b""#), "{}", out.xml);
    }
}

/// The same collision on an interaction, whose kept attributes were written before its typed
/// ones: a 3.0 choice interaction with both `max-choices` and `maxChoices`.
#[test]
fn an_interaction_with_an_attribute_in_both_spellings_is_written_once() {
    let item = br#"<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="i" title="t" time-dependent="false">
  <qti-response-declaration identifier="R" cardinality="multiple" base-type="identifier"/>
  <qti-item-body>
    <qti-choice-interaction maxChoices="2" response-identifier="R" max-choices="1" class="c"><qti-simple-choice identifier="A">a</qti-simple-choice></qti-choice-interaction>
    <qti-slider-interaction response-identifier="R" lowerBound="9" lower-bound="0" upper-bound="10"/>
  </qti-item-body>
</qti-assessment-item>"#;
    let (doc, _) = parse(item, &ReadOptions::lenient()).unwrap();
    let out = write_reads_back(&doc, Version::V3p0);
    assert!(
        out.xml.contains(r#"max-choices="1""#) && out.xml.contains(r#"maxChoices="2""#),
        "{}",
        out.xml
    );
    assert!(
        out.xml.contains(r#"lower-bound="0""#) && out.xml.contains(r#"lowerBound="9""#),
        "{}",
        out.xml
    );
    for v in [Version::V2p1, Version::V2p2] {
        let out = write_reads_back(&doc, v);
        assert!(
            out.xml.contains(r#"maxChoices="1""#) && !out.xml.contains(r#"maxChoices="2""#),
            "{}",
            out.xml
        );
        assert!(out.xml.contains(r#"lowerBound="0""#), "{}", out.xml);
    }
}

/// Both spellings kept (the 3.0 one does not parse, or the element does not know the name): each
/// value stays under the name it was written with, whichever came first.
#[test]
fn both_spellings_kept_keep_their_names() {
    let item = br#"<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="i" title="t" time-dependent="false">
  <qti-response-declaration identifier="R" cardinality="multiple" base-type="identifier"/>
  <qti-item-body>
    <qti-choice-interaction response-identifier="R" maxChoices="2" max-choices="x" min-choices="1"><qti-prompt maxChoices="3" max-choices="4">p</qti-prompt><qti-simple-choice identifier="A">a</qti-simple-choice></qti-choice-interaction>
  </qti-item-body>
</qti-assessment-item>"#;
    let (doc, _) = parse(item, &ReadOptions::lenient()).unwrap();
    let out = write_reads_back(&doc, Version::V3p0);
    for kept in [
        r#"max-choices="x""#,
        r#"maxChoices="2""#,
        r#"maxChoices="3""#,
        r#"max-choices="4""#,
    ] {
        assert!(out.xml.contains(kept), "{kept}: {}", out.xml);
    }
}

#[test]
fn output_that_cannot_be_read_back_is_reported_not_passed_silently() {
    // The writers produce well-formed XML; the repair pass still says so when what it is given
    // cannot be read back, rather than returning it unchecked without a word.
    let (doc, _) = parse(ITEM21, &ReadOptions::default()).unwrap();
    let broken = "<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\"><qti-item-body>";
    let mut report = lti_core::problem::Report::default();
    let out = super::repair(
        broken,
        &doc,
        Version::V3p0,
        &super::WriteOptions::default(),
        &mut report,
    );
    assert_eq!(out, broken, "returned as it was");
    assert_eq!(report.problems.len(), 1, "{report:?}");
    let p = &report.problems[0];
    assert_eq!(p.code, crate::codes::CONVERT_INVALID);
    assert!(
        p.message.contains("could not be read back"),
        "{}",
        p.message
    );
    assert!(p.message.contains("3.0"), "{}", p.message);
    assert_eq!(
        p.severity,
        lti_core::Severity::Error,
        "not well-formed: an error"
    );
    // Deeper than the default reading limit: a warning (the output may well be fine).
    let depth = lti_core::xml::Limits::default().max_depth + 10;
    let deep = format!(
        "<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\"><qti-item-body>{}{}</qti-item-body></qti-assessment-item>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let mut report = lti_core::problem::Report::default();
    let out = super::repair(
        &deep,
        &doc,
        Version::V3p0,
        &super::WriteOptions::default(),
        &mut report,
    );
    assert_eq!(out, deep);
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert_eq!(report.problems[0].severity, lti_core::Severity::Warning);
    assert_eq!(report.problems[0].code, crate::codes::CONVERT_INVALID);
}

/// Anything read after the else branch of a condition (an if, an else-if, a second else — none
/// valid there) stays after it: it is kept in the condition's `after_else` list, written where
/// it was read, and not run by the engine (which reports it).
#[test]
fn elements_after_the_else_branch_keep_their_place() {
    let item = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="e" title="e" adaptive="false" timeDependent="false">
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <responseProcessing>
    <responseCondition>
      <responseIf><isNull><variable identifier="SCORE"/></isNull><setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseIf>
      <responseElse><setOutcomeValue identifier="SCORE"><baseValue baseType="float">2</baseValue></setOutcomeValue></responseElse>
      <responseIf><isNull><variable identifier="SCORE"/></isNull><setOutcomeValue identifier="SCORE"><baseValue baseType="float">3</baseValue></setOutcomeValue></responseIf>
      <responseElseIf><isNull><variable identifier="SCORE"/></isNull><setOutcomeValue identifier="SCORE"><baseValue baseType="float">4</baseValue></setOutcomeValue></responseElseIf>
    </responseCondition>
  </responseProcessing>
</assessmentItem>"#;
    let (doc, report) = parse(item, &ReadOptions::lenient()).unwrap();
    assert!(
        report.has_code(crate::codes::SCHEMA_ELEMENT_UNEXPECTED),
        "{report:?}"
    );
    let QtiDocument::Item(i) = &doc else { panic!() };
    let rules = &i.response_processing.as_ref().unwrap().rules;
    let crate::processing::ResponseRule::Condition(c) = &rules[0] else {
        panic!("{rules:?}")
    };
    assert!(c.else_if.is_empty(), "{c:?}");
    assert!(c.else_branch.is_some());
    assert_eq!(c.after_else.len(), 2, "{c:?}");
    let out = write_reads_back(&doc, Version::V2p2);
    let at = |n: &str| out.xml.find(&format!(r#"baseType="float">{n}<"#));
    assert!(
        at("1").is_some() && at("1") < at("2") && at("2") < at("3") && at("3") < at("4"),
        "order: {}",
        out.xml
    );
    let (again, _) = parse(out.xml.as_bytes(), &ReadOptions::lenient()).unwrap();
    assert_eq!(again, doc, "same model after a same-version round trip");
    // Converted to 3.0, the out-of-place elements are left out by the schema repair (reported).
    let v3 = write_reads_back(&doc, Version::V3p0);
    assert!(
        !v3.xml.contains(">3<") && !v3.xml.contains(">4<"),
        "{}",
        v3.xml
    );
    assert_eq!(
        v3.report
            .problems
            .iter()
            .filter(|p| p.code == crate::codes::CONVERT_ELEMENT_DROPPED)
            .count(),
        2,
        "{:?}",
        v3.report
    );
}

/// A kept element of a 2.x document (here an out-of-place `simpleChoice`) with an attribute
/// spelt as a 3.0 QTI attribute: as on typed elements, a conversion to 3.0 leaves the attribute
/// out and says so (it would gain a meaning there); a same-version write keeps it. (The schema
/// repair then removes the out-of-place element from the 3.0 output as well, so the report is
/// what shows the attribute's own treatment: one removal of `match-max`, and `matchMax` taking
/// its 3.0 name rather than being counted twice.)
#[test]
fn a_kept_element_does_not_carry_a_3_0_spelt_attribute_into_3_0() {
    let item = br#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="r" title="r" adaptive="false" timeDependent="false">
  <itemBody><p>x</p><simpleChoice identifier="A" matchMax="1" match-max="2" fixed="true">a</simpleChoice></itemBody>
</assessmentItem>"#;
    let (doc, _) = parse(item, &ReadOptions::lenient()).unwrap();
    let same = write_reads_back(&doc, Version::V2p2);
    assert!(
        same.xml.contains(r#"matchMax="1" match-max="2""#),
        "{}",
        same.xml
    );
    let mut v3 = write(&doc, Version::V3p0);
    assert!(!v3.xml.contains("match-max"), "{}", v3.xml);
    v3.report
        .problems
        .retain(|p| p.code == crate::codes::CONVERT_UNSUPPORTED);
    assert_eq!(v3.report.problems.len(), 1, "{:?}", v3.report);
    assert!(
        v3.report.problems[0]
            .message
            .contains(r#"the attribute "match-max" of a kept element is not a QTI 2.2 attribute"#),
        "{:?}",
        v3.report
    );
}

/// The name mapping of kept trees itself (before the schema repair, which removes out-of-place
/// elements from a converted document): `matchMax` takes its 3.0 name `match-max`, the 2.x
/// document's own `match-max` (no 2.x attribute) is left out, the rest is kept.
#[test]
fn kept_tree_mapping_gives_a_2_x_name_its_3_0_spelling_and_leaves_out_a_3_0_spelt_one() {
    let wr = super::Wr {
        w: lti_core::xml::Writer::new(lti_core::xml::WriteOptions::default()),
        v: Version::V3p0,
        from: Version::V2p2,
        results: false,
        ns: lti_core::xml::Namespace::new(Version::V3p0.namespace()),
        from_ns: lti_core::xml::Namespace::new(Version::V2p2.namespace()),
        h5: lti_core::xml::Namespace::new(crate::version::QTI_V2P2_HTML5_NS),
        report: lti_core::problem::Report::default(),
        path: Vec::new(),
    };
    let mut el = lti_core::xml::parse_element(
        br#"<simpleChoice xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" matchMax="1" match-max="2" fixed="true" data-x="y"/>"#,
        &lti_core::xml::Limits::default(),
    )
    .unwrap();
    let mut dropped = Vec::new();
    wr.map_in_place(&mut el, &mut dropped);
    assert_eq!(el.name.local.as_str(), "qti-simple-choice");
    let attrs: Vec<(&str, &str)> = el
        .attributes
        .iter()
        .map(|a| (a.name.local.as_str(), a.value.as_str()))
        .collect();
    assert_eq!(
        attrs,
        [("match-max", "1"), ("fixed", "true"), ("data-x", "y")],
        "{dropped:?}"
    );
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert!(dropped[0].contains(r#""match-max""#), "{dropped:?}");
}
