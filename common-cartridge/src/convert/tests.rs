use super::*;
use crate::manifest::ReadOptions;

const QUIZ: &str = include_str!("../../../examples/data/cc/sample-course/quiz/assessment.xml");

fn quiz() -> Questestinterop {
    Questestinterop::parse(QUIZ.as_bytes(), &ReadOptions::default())
        .expect("quiz")
        .0
}

#[test]
fn six_profiles_to_qti_2_2() {
    let c = convert_questestinterop(&quiz(), "quiz/", "Q_", Some("A quiz"), QtiTarget::V2_2);
    assert_eq!(c.items.len(), 6, "{:#?}", c.report);
    assert!(c.report.is_empty(), "{:#?}", c.report);
    let mc = &c.items[0];
    assert_eq!(mc.path, "items/Q_q1.xml");
    assert!(
        mc.xml.contains("http://www.imsglobal.org/xsd/imsqti_v2p2"),
        "{}",
        mc.xml
    );
    assert!(
        mc.xml.contains(
            r#"<choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">"#
        ),
        "{}",
        mc.xml
    );
    assert!(mc.xml.contains("<value>q1_b</value>"), "{}", mc.xml);
    assert!(mc.xml.contains("<modalFeedback"), "{}", mc.xml);
    assert!(
        mc.xml.contains("<p>What mainly causes the tides?</p>"),
        "{}",
        mc.xml
    );
    let mr = &c.items[1].xml;
    assert!(
        mr.contains(r#"cardinality="multiple""#) && mr.contains("<member>"),
        "{mr}"
    );
    assert!(
        mr.contains("<value>q2_a</value>") && mr.contains("<value>q2_b</value>"),
        "{mr}"
    );
    assert!(mr.contains("<not>"), "{mr}");
    let fib = &c.items[3].xml;
    assert!(
        fib.contains("textEntryInteraction")
            && fib.contains(r#"<stringMatch caseSensitive="false">"#),
        "{fib}"
    );
    assert!(fib.contains("<value>bulge</value>"), "{fib}");
    let pm = &c.items[4].xml;
    assert!(pm.contains("<substring caseSensitive=\"false\">"), "{pm}");
    let essay = &c.items[5].xml;
    assert!(
        essay.contains("extendedTextInteraction") && !essay.contains("correctResponse"),
        "{essay}"
    );
    // Every output is well-formed XML.
    for f in &c.items {
        lti_core::xml::parse_document(f.xml.as_bytes(), &lti_core::xml::Limits::default())
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", f.path, f.xml));
    }
    assert_eq!(c.tests.len(), 1);
    assert!(
        c.tests[0].xml.contains(r#"href="../items/Q_q1.xml""#),
        "{}",
        c.tests[0].xml
    );
}

#[test]
fn qti_3_0_vocabulary() {
    let c = convert_questestinterop(&quiz(), "quiz/", "", Some("T"), QtiTarget::V3_0);
    let mc = &c.items[0].xml;
    assert!(mc.contains("<qti-assessment-item"), "{mc}");
    assert!(
        mc.contains("http://www.imsglobal.org/xsd/imsqtiasi_v3p0"),
        "{mc}"
    );
    assert!(mc.contains(r#"<qti-choice-interaction response-identifier="RESPONSE" shuffle="false" max-choices="1">"#), "{mc}");
    assert!(
        mc.contains("<qti-simple-choice identifier=\"q1_a\">"),
        "{mc}"
    );
    assert!(
        mc.contains("<p>What mainly causes the tides?</p>"),
        "XHTML stays as is: {mc}"
    );
    assert!(c.tests[0].xml.contains("<qti-assessment-test"));
    assert_eq!(kebab("responseIdentifier"), "response-identifier");
}

#[test]
fn unsupported_constructs_are_reported() {
    let xml = r#"<questestinterop><item ident="n"><presentation><response_num ident="R"><render_fib/></response_num></presentation></item><item ident="e"/><item ident="h"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.fib.v0p1</fieldentry></qtimetadatafield></qtimetadata></itemmetadata><presentation><material><mattext texttype="text/html">&lt;p&gt;Unclosed &lt;br&gt; tag $IMS-CC-FILEBASE$img/a.png</mattext><matref linkrefid="m1"/></material><response_str ident="R"><render_fib/></response_str></presentation><resprocessing><outcomes><decvar/></outcomes><respcondition><conditionvar><varequal respident="X">a</varequal><vargt respident="R">1</vargt></conditionvar><setvar action="Multiply">2</setvar><setvar varname="OTHER">1</setvar><setvar>lots</setvar></respcondition></resprocessing></item></questestinterop>"#;
    let (q, _) = Questestinterop::parse(xml.as_bytes(), &ReadOptions::default()).expect("q");
    let c = convert_questestinterop(&q, "d/", "", None, QtiTarget::V2_2);
    assert_eq!(c.items.len(), 1, "{:#?}", c.report);
    assert!(
        c.report
            .iter()
            .all(|p| p.code == codes::CONVERT_UNSUPPORTED)
    );
    assert!(c.report.len() >= 8, "{:#?}", c.report);
    assert_eq!(
        c.media,
        [MediaFile {
            from: "d/img/a.png".into(),
            to: "media/d/img/a.png".into()
        }]
    );
    assert!(
        c.items[0].xml.contains("../media/d/img/a.png"),
        "{}",
        c.items[0].xml
    );
    assert!(c.tests.is_empty());
    assert_eq!(qti_identifier("1 a"), "_1_a");
    assert_eq!(format_score(0.5), "0.5");
    assert_eq!(format_score(1.0), "1");
    assert_eq!(strip_tags("<b>x</b> y"), "x y");
}

#[test]
fn html_is_sanitised() {
    let xml = r##"<questestinterop><item ident="h"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.essay.v0p1</fieldentry></qtimetadatafield></qtimetadata></itemmetadata><presentation><material><mattext texttype="text/html">&lt;p style="color:red" onclick="x()"&gt;&lt;a id="" href="#"&gt;a&lt;/a&gt;&lt;img src="i.png"/&gt;&lt;/p&gt;</mattext></material><response_str ident="R"><render_fib/></response_str></presentation></item></questestinterop>"##;
    let (q, _) = Questestinterop::parse(xml.as_bytes(), &ReadOptions::default()).expect("q");
    let c = convert_questestinterop(&q, "", "", None, QtiTarget::V2_2);
    let x = &c.items[0].xml;
    assert!(
        !x.contains("style=") && !x.contains("onclick") && !x.contains("id=\"\""),
        "{x}"
    );
    assert!(x.contains(r#"<img src="i.png" alt=""/>"#), "{x}");
    assert!(
        c.report
            .iter()
            .any(|p| p.message.contains("onclick, style")),
        "{:#?}",
        c.report
    );
}
