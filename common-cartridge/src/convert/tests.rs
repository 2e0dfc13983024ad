use qti::content::BodyNode;
use qti::interactions::InteractionKind;
use qti::runtime::{CompiledItem, OperatorRegistry};
use qti::value::Float;
use qti::{BaseType, Cardinality, SingleValue, Value};

use super::*;
use crate::manifest::ReadOptions;
use qti::test::SectionPart;

const QUIZ: &str = include_str!("../../../examples/data/cc/sample-course/quiz/assessment.xml");

fn parse(xml: &str) -> Questestinterop {
    Questestinterop::parse(xml.as_bytes(), &ReadOptions::default())
        .expect("CC-QTI")
        .0
}

fn quiz() -> Questestinterop {
    parse(QUIZ)
}

/// A `questestinterop` with one item: `body` is the item's content after `<item ident="i">`.
fn one_item(profile: &str, body: &str) -> Questestinterop {
    parse(&format!(
        r#"<questestinterop><item ident="i" title="T"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>{profile}</fieldentry></qtimetadatafield></qtimetadata></itemmetadata>{body}</item></questestinterop>"#
    ))
}

fn float_of(v: Option<&Value>) -> f64 {
    match v {
        Some(Value::Single(SingleValue::Float(f))) => *f,
        Some(Value::Single(SingleValue::Integer(i))) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// Scores `responses` on an item: (SCORE, MAXSCORE, FEEDBACK).
fn score(item: &AssessmentItem, responses: Vec<(&str, Value)>) -> (f64, f64, Value) {
    let c = CompiledItem::compile(item, &OperatorRegistry::with_builtins()).expect("compiles");
    let s = c.score(7, responses).expect("scores");
    (
        float_of(s.value(&c, "SCORE")),
        float_of(s.value(&c, "MAXSCORE")),
        s.value(&c, "FEEDBACK").cloned().unwrap_or_default(),
    )
}

fn id(s: &str) -> SingleValue {
    SingleValue::Identifier(s.into())
}

fn string(s: &str) -> Value {
    Value::Single(SingleValue::String(s.to_owned()))
}

#[test]
fn six_profiles_convert_to_valid_items_and_a_test_in_both_versions() {
    for target in [QtiTarget::V2_2, QtiTarget::V3_0] {
        let c =
            convert_questestinterop(&quiz(), "quiz/assessment.xml", "Q_", Some("A quiz"), target);
        assert_eq!(c.items.len(), 6, "{:#?}", c.report);
        // Only remarks: the assessment metadata QTI has no place for.
        assert!(
            c.report
                .iter()
                .all(|p| p.severity == lti_core::Severity::Info),
            "{:#?}",
            c.report
        );
        assert_eq!(c.report.len(), 1, "{:#?}", c.report);
        assert!(
            c.report.iter().all(|p| p
                .message
                .contains("cc_maxattempts, qmd_assessmenttype, qmd_scoretype")),
            "{:#?}",
            c.report
        );
        let kinds: Vec<&str> = c
            .items
            .iter()
            .map(|i| i.item.interactions()[0].element_name())
            .collect();
        assert_eq!(
            kinds,
            [
                "choiceInteraction",
                "choiceInteraction",
                "choiceInteraction",
                "textEntryInteraction",
                "textEntryInteraction",
                "extendedTextInteraction"
            ]
        );
        let profiles: Vec<_> = c.items.iter().map(|i| i.profile.clone()).collect();
        assert_eq!(profiles, QuestionProfile::ALL.map(Some).to_vec());
        assert!(c.items.iter().all(|i| i.weight == Some(1.0)));
        let mc = &c.items[0];
        assert_eq!(mc.path, "items/Q_q1.xml");
        assert_eq!(mc.item.version, target.version());
        let rd = mc.item.response_declaration("RESPONSE").expect("declared");
        assert_eq!(rd.header.cardinality, Cardinality::Single);
        assert_eq!(
            rd.correct_response
                .as_ref()
                .map(|c| c.to_value(Cardinality::Single)),
            Some(Value::Single(id("q1_b")))
        );
        let mr = c.items[1]
            .item
            .response_declaration("RESPONSE")
            .expect("declared");
        assert_eq!(mr.header.cardinality, Cardinality::Multiple);
        assert_eq!(
            mr.correct_response
                .as_ref()
                .map(|c| c.to_value(Cardinality::Multiple)),
            Some(Value::Multiple(vec![id("q2_a"), id("q2_b")]))
        );
        let InteractionKind::Choice(ci) = &c.items[1].item.interactions()[0].kind else {
            panic!("choice")
        };
        assert_eq!(ci.max_choices, Some(0));
        assert_eq!(c.items[0].item.modal_feedbacks.len(), 1);
        // Essays have no correct response and no score rules, but show their solution.
        let essay = &c.items[5].item;
        assert!(
            essay
                .response_declaration("RESPONSE")
                .expect("d")
                .correct_response
                .is_none()
        );
        assert_eq!(
            essay
                .outcome_declaration("SCORE")
                .and_then(|d| d.external_scored),
            Some(qti::declarations::ExternalScored::Human),
            "qmd_computerscored=No"
        );
        // The question text is XHTML in a paragraph.
        let Some(BodyNode::Html(p)) = mc.item.item_body.as_ref().and_then(|b| b.content.first())
        else {
            panic!("{:?}", mc.item.item_body)
        };
        assert_eq!(p.name, "p");
        // Written in the target's vocabulary; every document valid (also checked by the
        // converter, whose report is empty).
        let marker = match target {
            QtiTarget::V2_2 => "<choiceInteraction",
            QtiTarget::V3_0 => "<qti-choice-interaction",
        };
        assert!(mc.xml.contains(marker), "{}", mc.xml);
        assert!(mc.xml.contains(target.namespace()));
        for i in &c.items {
            assert!(qti::validate(&QtiDocument::Item(i.item.clone())).is_empty());
        }
        // The test: one part, the section, six weighted refs, outcome processing.
        assert_eq!(c.tests.len(), 1);
        let t = &c.tests[0].test;
        assert_eq!(t.identifier, "A_quiz");
        assert_eq!(c.tests[0].path, "tests/A_quiz.xml");
        let refs = t.item_refs();
        assert_eq!(refs.len(), 6);
        assert_eq!(refs[0].href, "../items/Q_q1.xml");
        assert_eq!(refs[0].weights[0].value.get(), 1.0);
        assert_eq!(
            t.time_limits
                .as_ref()
                .and_then(|l| l.max_time.as_ref())
                .map(Float::get),
            Some(1200.0),
            "qmd_timelimit is in minutes"
        );
        assert!(t.outcome_processing.is_some());
        assert!(qti::validate(&QtiDocument::Test(t.clone())).is_empty());
    }
}

#[test]
fn converted_items_keep_their_scoring() {
    let c = convert_questestinterop(&quiz(), "quiz/assessment.xml", "", None, QtiTarget::V2_2);
    let item = |n: usize| &c.items[n].item;
    // Multiple choice: right, wrong, unanswered; feedback shown when right.
    let (s, max, fb) = score(item(0), vec![("RESPONSE", Value::Single(id("q1_b")))]);
    assert_eq!((s, max), (1.0, 1.0));
    assert_eq!(fb, Value::Multiple(vec![id("q1_correct")]));
    assert_eq!(
        score(item(0), vec![("RESPONSE", Value::Single(id("q1_a")))]).0,
        0.0
    );
    assert_eq!(score(item(0), vec![]).0, 0.0);
    // Multiple response: exactly a and b.
    let mr = |ids: &[&str]| Value::Multiple(ids.iter().map(|i| id(i)).collect());
    assert_eq!(
        score(item(1), vec![("RESPONSE", mr(&["q2_a", "q2_b"]))]).0,
        1.0
    );
    assert_eq!(
        score(item(1), vec![("RESPONSE", mr(&["q2_a", "q2_b", "q2_c"]))]).0,
        0.0
    );
    assert_eq!(score(item(1), vec![("RESPONSE", mr(&["q2_a"]))]).0, 0.0);
    // True/false.
    assert_eq!(
        score(item(2), vec![("RESPONSE", Value::Single(id("q3_t")))]).0,
        1.0
    );
    assert_eq!(
        score(item(2), vec![("RESPONSE", Value::Single(id("q3_f")))]).0,
        0.0
    );
    // Fill in the blank: case-insensitive (case="No").
    assert_eq!(score(item(3), vec![("RESPONSE", string("Bulge"))]).0, 1.0);
    assert_eq!(score(item(3), vec![("RESPONSE", string("wave"))]).0, 0.0);
    // Pattern match: "neap tides" and containing "neap" (both tests required).
    assert_eq!(
        score(item(4), vec![("RESPONSE", string("Neap Tides"))]).0,
        1.0
    );
    assert_eq!(
        score(item(4), vec![("RESPONSE", string("spring tides"))]).0,
        0.0
    );
    // Essay: no score, the solution shown whatever the answer.
    let (s, _, fb) = score(item(5), vec![("RESPONSE", string("High water at noon."))]);
    assert_eq!(s, 0.0);
    assert_eq!(fb, Value::Multiple(vec![id("solution")]));
}

const MC_BODY: &str = r#"<presentation><material><mattext>Pick</mattext></material><response_lid ident="R" rcardinality="Single"><render_choice><response_label ident="a"><material><mattext>A</mattext></material></response_label><response_label ident="b"><material><mattext>B</mattext></material></response_label><response_label ident="c"><material><mattext>C</mattext></material></response_label></render_choice></response_lid></presentation>"#;

#[test]
fn stopping_and_continuing_conditions_keep_their_order() {
    // a: 100 and stop; b: 50 and continue (feedback), then +10; c and anything else: nothing.
    let q = one_item(
        "cc.multiple_choice.v0p1",
        &format!(
            r#"{MC_BODY}<resprocessing><outcomes><decvar varname="SCORE" vartype="Decimal" minvalue="0" maxvalue="100"/></outcomes>
            <respcondition><conditionvar><varequal respident="R">a</varequal></conditionvar><setvar action="Set">100</setvar></respcondition>
            <respcondition continue="Yes"><conditionvar><varequal respident="R">b</varequal></conditionvar><setvar action="Set">50</setvar><displayfeedback linkrefid="fb"/></respcondition>
            <respcondition><conditionvar><varequal respident="R">b</varequal></conditionvar><setvar action="Add">10</setvar></respcondition>
            <respcondition><conditionvar><other/></conditionvar><setvar action="Set">0</setvar></respcondition>
            </resprocessing><itemfeedback ident="fb"><material><mattext>Half</mattext></material></itemfeedback>"#
        ),
    );
    let c = convert_questestinterop(&q, "", "", None, QtiTarget::V3_0);
    assert!(c.report.is_empty(), "{:#?}", c.report);
    let item = &c.items[0].item;
    assert_eq!(
        score(item, vec![("RESPONSE", Value::Single(id("a")))]).0,
        1.0
    );
    let (s, _, fb) = score(item, vec![("RESPONSE", Value::Single(id("b")))]);
    assert!((s - 0.6).abs() < 1e-9, "{s}");
    assert_eq!(fb, Value::Multiple(vec![id("fb")]));
    assert_eq!(
        score(item, vec![("RESPONSE", Value::Single(id("c")))]).0,
        0.0
    );
    // The structure: if(a) else { if(b); if(b) elseif(other) }.
    let rules = &item.response_processing.as_ref().expect("rp").rules;
    assert_eq!(rules.len(), 1);
    let qti::processing::ResponseRule::Condition(top) = &rules[0] else {
        panic!("{rules:?}")
    };
    assert!(top.else_if.is_empty());
    assert_eq!(top.else_branch.as_ref().map(|b| b.rules.len()), Some(2));
    assert_eq!(
        c.items[0]
            .item
            .response_declaration("RESPONSE")
            .and_then(|d| d.correct_response.clone())
            .map(|v| v.to_value(Cardinality::Single)),
        Some(Value::Single(id("a")))
    );
}

#[test]
fn canvas_alternatives_numeric_blanks_and_negation() {
    // Sibling varequals of one blank are accepted answers (Canvas), reported as a reading.
    let fib = one_item(
        "cc.fib.v0p1",
        r#"<presentation><material><mattext texttype="text/html">&lt;p&gt;Blank&lt;/p&gt;</mattext></material><response_str ident="R" rcardinality="Single"><render_fib><response_label ident="a1"/></render_fib></response_str></presentation><resprocessing><outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/></outcomes><respcondition continue="No"><conditionvar><varequal respident="R">FITB</varequal><varequal respident="R">fitb</varequal></conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition></resprocessing>"#,
    );
    let c = convert_questestinterop(&fib, "", "", None, QtiTarget::V2_2);
    assert!(
        c.report.has_code(codes::CONVERT_IMPLICIT_OR),
        "{:#?}",
        c.report
    );
    assert_eq!(c.report.errors(), 0, "{:#?}", c.report);
    let item = &c.items[0].item;
    assert_eq!(score(item, vec![("RESPONSE", string("fitb"))]).0, 1.0);
    assert_eq!(score(item, vec![("RESPONSE", string("FITB"))]).0, 1.0);
    assert_eq!(score(item, vec![("RESPONSE", string("other"))]).0, 0.0);
    // A numeric blank (Canvas numerical question): equal, or within bounds.
    let num = one_item(
        "canvas.numerical",
        r#"<presentation><response_str ident="R" rcardinality="Single"><render_fib fibtype="Decimal"/></response_str></presentation><resprocessing><outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/></outcomes><respcondition><conditionvar><or><varequal respident="R">4.0</varequal><and><vargte respident="R">3.5</vargte><varlte respident="R">4.5</varlte></and></or></conditionvar><setvar action="Set">100</setvar></respcondition></resprocessing>"#,
    );
    let c = convert_questestinterop(&num, "", "", None, QtiTarget::V3_0);
    assert!(
        c.report.has_code(codes::CONVERT_PROFILE_UNKNOWN),
        "{:#?}",
        c.report
    );
    assert_eq!(c.report.errors(), 0, "{:#?}", c.report);
    let item = &c.items[0].item;
    let f = |x: f64| Value::Single(SingleValue::Float(x));
    assert_eq!(score(item, vec![("RESPONSE", f(4.0))]).0, 1.0);
    assert_eq!(score(item, vec![("RESPONSE", f(4.4))]).0, 1.0);
    assert_eq!(score(item, vec![("RESPONSE", f(5.0))]).0, 0.0);
    assert_eq!(
        item.response_declaration("RESPONSE")
            .and_then(|d| d.header.base_type),
        Some(BaseType::Float)
    );
    // `not` of an unanswered response is true in QTI 1.2: the guard keeps it so.
    let neg = one_item(
        "cc.multiple_choice.v0p1",
        &format!(
            r#"{MC_BODY}<resprocessing><outcomes><decvar maxvalue="10"/></outcomes><respcondition><conditionvar><not><varequal respident="R">a</varequal></not></conditionvar><setvar>5</setvar></respcondition><respcondition><conditionvar><unanswered respident="R"/></conditionvar><setvar action="Add">1</setvar></respcondition></resprocessing>"#
        ),
    );
    let c = convert_questestinterop(&neg, "", "", None, QtiTarget::V2_2);
    assert_eq!(c.report.errors(), 0, "{:#?}", c.report);
    let item = &c.items[0].item;
    assert_eq!(
        score(item, vec![]).0,
        0.5,
        "unanswered: not(a) holds and stops"
    );
    assert_eq!(
        score(item, vec![("RESPONSE", Value::Single(id("a")))]).0,
        0.0
    );
    assert_eq!(
        score(item, vec![("RESPONSE", Value::Single(id("b")))]).0,
        0.5
    );
}

#[test]
fn other_outcomes_actions_and_scales() {
    let q = one_item(
        "cc.multiple_choice.v0p1",
        &format!(
            r#"{MC_BODY}<resprocessing><outcomes><decvar varname="SCORE" minvalue="0" maxvalue="4"/><decvar varname="TRIES" vartype="Integer"/><decvar varname="NAME" vartype="String"/></outcomes>
            <respcondition continue="Yes"><conditionvar><other/></conditionvar><setvar varname="TRIES" action="Add">1</setvar><setvar varname="NAME">x</setvar></respcondition>
            <respcondition continue="Yes"><conditionvar><varequal respident="R">a</varequal></conditionvar><setvar>2</setvar></respcondition>
            <respcondition><conditionvar><varequal respident="R">a</varequal></conditionvar><setvar action="Multiply">2</setvar><setvar action="Divide">1</setvar><setvar action="Power">2</setvar><setvar>lots</setvar></respcondition>
            </resprocessing>"#
        ),
    );
    let c = convert_questestinterop(&q, "", "", None, QtiTarget::V2_2);
    let item = &c.items[0].item;
    assert!(item.outcome_declaration("TRIES").is_some());
    assert!(item.outcome_declaration("NAME").is_none());
    for needle in [
        "String outcome",
        "undeclared or non-numeric variable \"NAME\"",
        "\"Power\"",
        "\"lots\"",
    ] {
        assert!(
            c.report
                .iter()
                .any(|p| p.code == codes::CONVERT_SETVAR_UNSUPPORTED && p.message.contains(needle)),
            "{needle}: {:#?}",
            c.report
        );
    }
    let compiled = CompiledItem::compile(item, &OperatorRegistry::with_builtins()).expect("c");
    let s = compiled
        .score(1, [("RESPONSE", Value::Single(id("a")))])
        .expect("s");
    assert_eq!(float_of(s.value(&compiled, "SCORE")), 1.0, "2/4 × 2 ÷ 1");
    assert_eq!(
        s.value(&compiled, "TRIES"),
        Some(&Value::Single(SingleValue::Integer(1)))
    );
}

#[test]
fn unsupported_constructs_are_reported_never_dropped_silently() {
    let xml = r#"<questestinterop><objectbank ident="bank">
      <item ident="xy"><presentation><response_xy ident="R"><render_hotspot/></response_xy></presentation></item>
      <item ident="ordered"><presentation><response_lid ident="R" rcardinality="Ordered"><render_choice/></response_lid></presentation></item>
      <item ident="info"><presentation><material><mattext>Just reading.</mattext></material></presentation></item>
      <item ident="h"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.fib.v0p1</fieldentry></qtimetadatafield><qtimetadatafield><fieldlabel>question_type</fieldlabel><fieldentry>x</fieldentry></qtimetadatafield></qtimetadata></itemmetadata>
        <presentation><material><mattext texttype="text/html">&lt;p&gt;Unclosed &lt;b&gt; tag $IMS-CC-FILEBASE$img/a.png</mattext><matref linkrefid="m1"/><mataudio uri="a.mp3"/><matimage uri="$IMS-CC-FILEBASE$../pics/dog%20one.png" label="A dog"/></material><response_str ident="R"><render_fib/></response_str></presentation>
        <resprocessing><outcomes><decvar/></outcomes><respcondition><conditionvar><varequal respident="X">a</varequal><varinside respident="R" areatype="Ellipse">1,1,2,2</varinside></conditionvar><setvar>100</setvar><displayfeedback linkrefid="nowhere"/></respcondition></resprocessing>
        <itemfeedback ident="f"><flow_mat><material><mattext>ok</mattext></material></flow_mat><solution><solutionmaterial/></solution></itemfeedback></item>
    </objectbank></questestinterop>"#;
    let q = parse(xml);
    let c = convert_questestinterop(&q, "res/bank.xml", "", Some("B1"), QtiTarget::V2_2);
    let paths: Vec<&str> = c.items.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["items/info.xml", "items/h.xml"], "{:#?}", c.report);
    assert!(
        c.items[0].item.interactions().is_empty(),
        "an informational item has no interaction"
    );
    for code in [
        codes::CONVERT_RESPONSE_UNSUPPORTED,
        codes::CONVERT_HTML_AS_TEXT,
        codes::CONVERT_MATERIAL_UNSUPPORTED,
        codes::CONVERT_CONDITION_UNSUPPORTED,
        codes::CONVERT_FEEDBACK_UNSUPPORTED,
        codes::CONVERT_METADATA_DROPPED,
    ] {
        assert!(c.report.has_code(code), "{code}: {:#?}", c.report);
    }
    assert_eq!(
        c.report
            .with_code(codes::CONVERT_RESPONSE_UNSUPPORTED)
            .count(),
        2
    );
    // Every problem is located in the descriptor.
    assert!(
        c.report
            .iter()
            .all(|p| format!("{}", p.location).contains("res/bank.xml")),
        "{:#?}",
        c.report
    );
    assert_eq!(c.report.errors(), 0, "{:#?}", c.report);
    // The bank keeps its items; media are rewritten to the package's media folder.
    assert_eq!(c.banks.len(), 1);
    assert_eq!(c.banks[0].items, ["items/info.xml", "items/h.xml"]);
    assert_eq!(
        c.media,
        [
            MediaFile {
                from: "res/img/a.png".into(),
                to: "media/res/img/a.png".into()
            },
            MediaFile {
                from: "pics/dog one.png".into(),
                to: "media/pics/dog one.png".into()
            },
        ]
    );
    let h = &c.items[1].xml;
    assert!(h.contains("../media/res/img/a.png"), "{h}");
    assert!(
        h.contains(r#"<img src="../media/pics/dog%20one.png" alt="A dog"/>"#),
        "{h}"
    );
    assert!(
        c.manifest.contains(r#"href="media/pics/dog%20one.png""#),
        "{}",
        c.manifest
    );
    assert!(c.manifest.contains("QUESTION_BANKS"), "{}", c.manifest);
}

#[test]
fn html_is_fitted_to_the_qti_content_model() {
    let html = |s: &str| {
        let q = one_item(
            "cc.essay.v0p1",
            &format!(
                r#"<presentation><material><mattext texttype="text/html">{}</mattext></material><response_str ident="R"><render_fib rows="5"/></response_str></presentation>"#,
                s.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            ),
        );
        let c = convert_questestinterop(&q, "", "", None, QtiTarget::V3_0);
        assert_eq!(
            c.report.errors(),
            0,
            "{s}\n{:#?}\n{}",
            c.report,
            c.items[0].xml
        );
        (c.items[0].xml.clone(), c.report)
    };
    // HTML entities, void elements, upper-case names, attributes QTI does not allow.
    let (x, r) = html(
        r##"<P style="color:red" onclick="x()">A&nbsp;B<BR>C &copy; <img src="i.png"><a id="" href="#">l</a></P>"##,
    );
    assert!(
        x.contains("A\u{a0}B<br/>C © <img src=\"i.png\" alt=\"\"/>"),
        "{x}"
    );
    assert!(
        !x.contains("style") && !x.contains("onclick") && !x.contains("id=\"\""),
        "{x}"
    );
    assert!(
        r.iter().any(|p| p.message.contains("id, onclick, style")),
        "{r:#?}"
    );
    // Scripts removed, unknown elements unwrapped, blocks inside inline flattened.
    let (x, r) =
        html("<script>alert(1)</script><font color=red>red</font> text<span>x<div>in</div></span>");
    assert!(
        !x.contains("alert") && x.contains("<p>red text<span>x<br/>in</span></p>"),
        "{x}"
    );
    assert!(r.iter().any(|p| p.message.contains("script")), "{r:#?}");
    assert!(r.iter().any(|p| p.message.contains("font")), "{r:#?}");
    // Tables get a tbody; stray list items and cells are repaired.
    let (x, _) = html("<table><tr><td>1</td></tr></table><li>loose</li><ul>text<li>ok</li></ul>");
    assert!(
        x.contains("<table><tbody><tr><td>1</td></tr></tbody></table>"),
        "{x}"
    );
    assert!(x.contains("<p>loose</p>"), "{x}");
    assert!(x.contains("<ul><li>text</li><li>ok</li></ul>"), "{x}");
    // Duplicate ids are dropped (xs:ID); HTML that does not parse becomes text.
    let (x, _) = html(r#"<p id="a">1</p><p id="a">2</p>"#);
    assert_eq!(x.matches(r#"id="a""#).count(), 1, "{x}");
    let (x, r) = html("<p>a <b>bold</p> &amp; <i>x</b></i>");
    assert!(x.contains("a bold &amp; x"), "{x}");
    assert!(r.has_code(codes::CONVERT_HTML_AS_TEXT));
    assert_eq!(
        content::prepare_html("a & b &#65; &#x41; &bogus; <br></br><hr/>"),
        "a &amp; b &#65; &#x41; &amp;bogus; <br/><hr/>"
    );
    assert_eq!(
        content::strip_tags("<b>x</b> &lt;y&gt; &eacute;&#233;"),
        "x <y> éé"
    );
    assert_eq!(content::escape_href("a b/é#.png"), "a%20b/%C3%A9%23.png");
    assert_eq!(qti_identifier("1 a"), "_1_a");
}

#[test]
fn assessments_keep_sections_selection_and_metadata() {
    let xml = r#"<questestinterop><assessment ident="A" title="Exam"><qtimetadata>
        <qtimetadatafield><fieldlabel>qmd_timelimit</fieldlabel><fieldentry>30</fieldentry></qtimetadatafield>
        <qtimetadatafield><fieldlabel>cc_maxattempts</fieldlabel><fieldentry>2</fieldentry></qtimetadatafield>
        <qtimetadatafield><fieldlabel>qmd_feedbackpermitted</fieldlabel><fieldentry>Yes</fieldentry></qtimetadatafield>
        <qtimetadatafield><fieldlabel>cc_allow_late_submission</fieldlabel><fieldentry>No</fieldentry></qtimetadatafield>
      </qtimetadata><section ident="root"><section ident="G" title="Group">
        <selection_ordering><selection><selection_number>1</selection_number></selection><order order_type="Random"/></selection_ordering>
        <item ident="A"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_weighting</fieldlabel><fieldentry>3</fieldentry></qtimetadatafield></qtimetadata></itemmetadata><presentation><response_str ident="R"><render_fib/></response_str></presentation></item>
        <item ident="q2"><presentation><response_str ident="R"><render_fib/></response_str></presentation></item>
      </section><section ident="empty"><itemref linkrefid="elsewhere"/></section></section></assessment></questestinterop>"#;
    let c = convert_questestinterop(&parse(xml), "", "", Some("A"), QtiTarget::V2_2);
    assert_eq!(c.report.errors(), 0, "{:#?}", c.report);
    let t = &c.tests[0].test;
    let refs = t.item_refs();
    assert_eq!(refs.len(), 2);
    assert_eq!(
        refs[0].identifier, "A_2",
        "identifiers are unique in the test"
    );
    assert_eq!(refs[0].weights[0].value.get(), 3.0);
    let SectionPart::Section(root) = &t.test_parts[0].sections[0] else {
        panic!()
    };
    let SectionPart::Section(g) = &root.children[0] else {
        panic!()
    };
    assert_eq!(g.selection.as_ref().map(|s| s.select), Some(1));
    assert_eq!(g.ordering.as_ref().and_then(|o| o.shuffle), Some(true));
    assert_eq!(root.children.len(), 1, "the empty section is left out");
    assert_eq!(
        t.test_parts[0]
            .control
            .item_session_control
            .as_ref()
            .and_then(|c| c.show_feedback),
        Some(true)
    );
    assert_eq!(
        t.time_limits.as_ref().and_then(|l| l.allow_late_submission),
        Some(false)
    );
    assert!(
        c.report.iter().any(|p| p.message.contains("itemref")),
        "{:#?}",
        c.report
    );
    assert!(
        c.report
            .iter()
            .any(|p| p.code == codes::CONVERT_METADATA_DROPPED
                && p.message.contains("cc_maxattempts")),
        "{:#?}",
        c.report
    );
    // An assessment without convertible items gives no test.
    let empty = r#"<questestinterop><assessment ident="E"><section ident="s"><item ident="x"><presentation><response_xy ident="R"/></presentation></item></section></assessment></questestinterop>"#;
    let c = convert_questestinterop(&parse(empty), "", "", Some("E"), QtiTarget::V2_2);
    assert!(c.tests.is_empty() && c.items.is_empty());
    assert!(
        c.report
            .iter()
            .any(|p| p.message.contains("no test is written"))
    );
}

#[test]
fn the_package_reads_back_with_the_qti_crate() {
    for target in [QtiTarget::V2_2, QtiTarget::V3_0] {
        let c = convert_questestinterop(&quiz(), "quiz/assessment.xml", "", Some("quiz"), target);
        let mut src =
            qti::package::MemorySource::new().with("imsmanifest.xml", c.manifest.as_bytes());
        for f in c
            .items
            .iter()
            .map(|i| (&i.path, &i.xml))
            .chain(c.tests.iter().map(|t| (&t.path, &t.xml)))
        {
            src = src.with(f.0, f.1.as_bytes());
        }
        let (pkg, report) =
            qti::package::read_package(&src, &qti::ReadOptions::default()).expect("package");
        assert!(report.is_empty(), "{report:#?}\n{}", c.manifest);
        assert_eq!(pkg.resources.len(), 7);
        assert!(
            pkg.resources
                .iter()
                .all(|r| r.version == Some(target.version()))
        );
    }
}
