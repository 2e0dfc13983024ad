use super::*;
use lti_core::Severity;

const NS: &str = r#"xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/ims_qtiasiv1p2 http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_qtiasiv1p2p1_v1p0.xsd""#;

fn md(profile: &str, extra: &str) -> String {
    format!(
        "<itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>{profile}</fieldentry></qtimetadatafield>{extra}</qtimetadata></itemmetadata>"
    )
}

fn field(label: &str, entry: &str) -> String {
    format!(
        "<qtimetadatafield><fieldlabel>{label}</fieldlabel><fieldentry>{entry}</fieldentry></qtimetadatafield>"
    )
}

fn choice_item(
    ident: &str,
    profile: &str,
    card: &str,
    labels: &[&str],
    correct: &[&str],
) -> String {
    let ls: String = labels
        .iter()
        .map(|l| format!("<response_label ident=\"{l}\"><material><mattext>{l}</mattext></material></response_label>"))
        .collect();
    let cond = if correct.len() == 1 {
        format!("<varequal respident=\"R\">{}</varequal>", correct[0])
    } else {
        let inner: String = correct
            .iter()
            .map(|c| format!("<varequal respident=\"R\">{c}</varequal>"))
            .collect();
        format!("<and>{inner}</and>")
    };
    format!(
        r#"<item ident="{ident}" title="{ident}">{md}<presentation><material><mattext texttype="text/html">Q?</mattext></material><response_lid ident="R" rcardinality="{card}"><render_choice>{ls}</render_choice></response_lid></presentation><resprocessing><outcomes><decvar varname="SCORE" vartype="Decimal" minvalue="0" maxvalue="100"/></outcomes><respcondition title="Correct"><conditionvar>{cond}</conditionvar><setvar action="Set" varname="SCORE">100</setvar><displayfeedback feedbacktype="Response" linkrefid="correct_fb"/></respcondition></resprocessing><itemfeedback ident="correct_fb"><flow_mat><material><mattext>Right</mattext></material></flow_mat></itemfeedback></item>"#,
        md = md(profile, &field("cc_weighting", "2"))
    )
}

fn text_item(ident: &str, profile: &str, conds: &str, extra_md: &str) -> String {
    format!(
        r#"<item ident="{ident}">{md}<presentation><material><mattext>Fill [___]</mattext></material><response_str ident="R"><render_fib rows="1"/></response_str></presentation><resprocessing><outcomes><decvar varname="SCORE" vartype="Decimal"/></outcomes><respcondition><conditionvar>{conds}</conditionvar><setvar varname="SCORE" action="Set">100</setvar></respcondition></resprocessing></item>"#,
        md = md(profile, extra_md)
    )
}

fn assessment(items: &str, amd: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><questestinterop {NS}><assessment ident="A1" title="Quiz"><qtimetadata>{amd}</qtimetadata><section ident="S1">{items}</section></assessment></questestinterop>"#
    )
}

fn good_items() -> String {
    [
        choice_item("mc", "cc.multiple_choice.v0p1", "Single", &["a", "b", "c"], &["a"]),
        choice_item("mr", "cc.multiple_response.v0p1", "Multiple", &["a", "b", "c"], &["a", "b"]),
        choice_item("tf", "cc.true_false.v0p1", "Single", &["t", "f"], &["t"]),
        text_item("fib", "cc.fib.v0p1", r#"<varequal respident="R" case="No">Skinner Box</varequal>"#, ""),
        text_item(
            "pm",
            "cc.pattern_match.v0p1",
            r#"<varequal respident="R" case="Yes">Needs</varequal><varsubstring respident="R">needs</varsubstring>"#,
            "",
        ),
        text_item("es", "cc.essay.v0p1", "<other/>", &field("qmd_computerscored", "No")),
    ]
    .concat()
}

fn amd_good() -> String {
    [
        field("cc_profile", "cc.exam.v0p1"),
        field("qmd_assessmenttype", "Examination"),
        field("qmd_scoretype", "Percentage"),
        field("qmd_feedbackpermitted", "Yes"),
        field("qmd_timelimit", "120"),
        field("cc_maxattempts", "unlimited"),
        field("cc_allow_late_submission", "No"),
    ]
    .concat()
}

fn check(xml: &str) -> Report {
    let out = validate_questestinterop(xml.as_bytes(), &ReadOptions::default());
    out.report
}

#[test]
fn six_profiles_valid_and_typed() {
    let xml = assessment(&good_items(), &amd_good());
    let out = validate_questestinterop(xml.as_bytes(), &ReadOptions::default());
    assert!(out.cc_profile);
    assert!(out.report.is_empty(), "{:#?}", out.report);
    let q = out.document.expect("doc");
    let items = q.all_items();
    assert_eq!(items.len(), 6);
    let profiles: Vec<_> = items.iter().filter_map(|i| i.profile()).collect();
    assert_eq!(profiles, QuestionProfile::ALL.to_vec());
    let mc = items[0];
    assert_eq!(mc.responses()[0].labels().len(), 3);
    assert_eq!(mc.resprocessing[0].conditions[0].setvars[0].value, "100");
    assert_eq!(
        mc.feedback_by_ident("correct_fb")
            .map(|f| f.materials().len()),
        Some(1)
    );
    assert_eq!(q.title(), Some("Quiz"));
    assert_eq!(content_kind(&q), Some(ResourceKind::Assessment));
    assert_eq!(q.assessments[0].metadata.get("qmd_timelimit"), Some("120"));
}

#[test]
fn round_trip_is_lossless() {
    let xml = assessment(&good_items(), &amd_good());
    let (q, _) = Questestinterop::parse(xml.as_bytes(), &ReadOptions::default()).expect("parse");
    let out = q.to_xml(CcVersion::V1_3);
    let (q2, r) = Questestinterop::parse(out.as_bytes(), &ReadOptions::default()).expect("again");
    assert!(r.is_empty(), "{r:?}");
    assert_eq!(q, q2, "{out}");
    // Built in code: gets the namespace and the version's schema location.
    let bank = ObjectBank {
        ident: "B".into(),
        items: q.all_items().into_iter().cloned().collect(),
        ..ObjectBank::default()
    };
    let doc = Questestinterop::object_bank(bank);
    let xml = doc.to_xml(CcVersion::V1_1);
    assert!(xml.contains("ccv1p1_qtiasiv1p2p1_v1p0.xsd"), "{xml}");
    let out = validate_questestinterop(xml.as_bytes(), &ReadOptions::default());
    assert!(out.report.is_empty(), "{:?}", out.report);
    assert_eq!(
        content_kind(out.document.as_ref().expect("d")),
        Some(ResourceKind::QuestionBank)
    );
}

#[test]
fn choice_profile_rules() {
    let cases = [
        (
            choice_item("x", "cc.true_false.v0p1", "Multiple", &["t", "f"], &["t"]),
            codes::QTI_CARDINALITY,
        ),
        (
            choice_item(
                "x",
                "cc.true_false.v0p1",
                "Single",
                &["t", "f", "m"],
                &["t"],
            ),
            codes::QTI_CHOICE_COUNT,
        ),
        (
            choice_item(
                "x",
                "cc.multiple_choice.v0p1",
                "Single",
                &["a", "b"],
                &["a"],
            ),
            codes::QTI_CHOICE_COUNT,
        ),
        (
            choice_item(
                "x",
                "cc.multiple_response.v0p1",
                "Single",
                &["a", "b"],
                &["a"],
            ),
            codes::QTI_CARDINALITY,
        ),
        (
            choice_item("x", "cc.multiple_response.v0p1", "Multiple", &["a"], &["a"]),
            codes::QTI_CHOICE_COUNT,
        ),
        (
            choice_item(
                "x",
                "cc.multiple_choice.v0p1",
                "Single",
                &["a", "b", "c"],
                &["z"],
            ),
            codes::QTI_VAREQUAL_LABEL,
        ),
        (
            choice_item("x", "cc.bogus.v0p1", "Single", &["a", "b", "c"], &["a"]),
            codes::QTI_PROFILE_UNKNOWN,
        ),
    ];
    for (item, code) in cases {
        let r = check(&assessment(&item, ""));
        assert!(r.has_code(code), "{code}: {r:#?}");
    }
    // response_str, render_fib and varsubstring in a choice item.
    let bad = r#"<item ident="x"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.multiple_choice.v0p1</fieldentry></qtimetadatafield></qtimetadata></itemmetadata><presentation><response_lid ident="R"><render_fib/></response_lid><response_str ident="S"><render_fib/></response_str></presentation><resprocessing><outcomes><decvar/></outcomes><respcondition><conditionvar><varsubstring respident="S">x</varsubstring></conditionvar></respcondition></resprocessing></item>"#;
    let r = check(&assessment(bad, ""));
    for code in [
        codes::QTI_RESPONSE_TYPE,
        codes::QTI_CONDITION_NOT_ALLOWED,
        codes::QTI_RESPIDENT,
        codes::QTI_CHOICE_COUNT,
    ] {
        assert!(r.has_code(code), "{code}: {r:#?}");
    }
}

#[test]
fn text_profile_rules() {
    let r = check(&assessment(
        &text_item(
            "f",
            "cc.fib.v0p1",
            r#"<varsubstring respident="R">x</varsubstring>"#,
            "",
        ),
        "",
    ));
    assert!(r.has_code(codes::QTI_CONDITION_NOT_ALLOWED));
    assert!(
        r.has_code(codes::QTI_RESPIDENT),
        "no varequal on the response"
    );
    let r = check(&assessment(
        &text_item(
            "e",
            "cc.essay.v0p1",
            r#"<varequal respident="R">x</varequal>"#,
            "",
        ),
        "",
    ));
    assert!(r.has_code(codes::QTI_CONDITION_NOT_ALLOWED));
    assert!(r.has_code(codes::QTI_ESSAY_COMPUTERSCORED));
    let r = check(&assessment(
        &text_item(
            "p",
            "cc.pattern_match.v0p1",
            r#"<varequal respident="Q">x</varequal>"#,
            "",
        ),
        "",
    ));
    assert!(r.has_code(codes::QTI_RESPIDENT));
    let lid_in_text = r#"<item ident="x"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.essay.v0p1</fieldentry></qtimetadatafield><qtimetadatafield><fieldlabel>qmd_computerscored</fieldlabel><fieldentry>No</fieldentry></qtimetadatafield></qtimetadata></itemmetadata><presentation><response_lid ident="R"><render_choice/></response_lid><response_str ident="S"><render_choice/></response_str></presentation><itemfeedback ident="s1"><solution><solutionmaterial><material><mattext>a</mattext></material></solutionmaterial></solution></itemfeedback><itemfeedback ident="s2"><solution><solutionmaterial><material><mattext>b</mattext></material></solutionmaterial></solution></itemfeedback></item>"#;
    let r = check(&assessment(lid_in_text, ""));
    assert!(r.has_code(codes::QTI_RESPONSE_TYPE));
    assert!(r.has_code(codes::QTI_SOLUTION_COUNT));
}

#[test]
fn metadata_rules() {
    let amd = [
        field("cc_profile", "cc.quiz"),
        field("qmd_assessmenttype", "Survey"),
        field("qmd_timelimit", "0"),
        field("cc_maxattempts", "9"),
        field("qmd_hintspermitted", "maybe"),
        field("qmd_scoretype", "Points"),
        field("qmd_scoretype", "Percentage"),
        field("canvas_thing", "x"),
    ]
    .concat();
    let r = check(&assessment(
        &text_item(
            "e",
            "cc.essay.v0p1",
            "<other/>",
            &[
                field("qmd_computerscored", "No"),
                field("cc_weighting", "100"),
                field("qmd_scoringpermitted", "No"),
                field("cc_profile", "cc.essay.v0p1"),
                field("points", "1"),
            ]
            .concat(),
        ),
        &amd,
    ));
    assert!(r.has_code(codes::QTI_METADATA_VALUE));
    assert!(
        r.with_code(codes::QTI_METADATA_VALUE).count() >= 8,
        "{r:#?}"
    );
    assert!(r.has_code(codes::QTI_METADATA_REPEATED));
    assert_eq!(r.with_code(codes::QTI_METADATA_FIELD).count(), 2);
    assert!(
        r.with_code(codes::QTI_METADATA_FIELD)
            .all(|p| p.severity == Severity::Warning)
    );
    let no_profile = r#"<item ident="n"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_weighting</fieldlabel><fieldentry>1</fieldentry></qtimetadatafield></qtimetadata></itemmetadata></item>"#;
    let xml = format!(
        r#"<questestinterop {NS}><assessment ident="A" title="t"><section ident="S">{no_profile}</section></assessment></questestinterop>"#
    );
    let r = check(&xml);
    assert!(r.has_code(codes::QTI_PROFILE_MISSING), "{r:#?}");
}

#[test]
fn feedback_hint_solution_rules() {
    let item = r#"<item ident="h"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.fib.v0p1</fieldentry></qtimetadatafield></qtimetadata></itemmetadata><presentation><response_str ident="R"><render_fib/></response_str></presentation><resprocessing><outcomes><decvar/></outcomes><respcondition><conditionvar><varequal respident="R">a</varequal></conditionvar><displayfeedback feedbacktype="Solution" linkrefid="hint"/><displayfeedback feedbacktype="Hint" linkrefid="solution"/><displayfeedback linkrefid="missing"/><displayfeedback feedbacktype="Response" linkrefid="sol2"/><displayfeedback feedbacktype="Bogus" linkrefid="unused"/></respcondition></resprocessing><itemfeedback ident="hint"><flow_mat><material><mattext>x</mattext></material></flow_mat><hint><hintmaterial><material><mattext>h</mattext></material></hintmaterial></hint></itemfeedback><itemfeedback ident="solution"><hint><hintmaterial><material><mattext>h</mattext></material></hintmaterial></hint></itemfeedback><itemfeedback ident="sol2"><solution><solutionmaterial><material><mattext>s</mattext></material></solutionmaterial></solution></itemfeedback><itemfeedback ident="unused"><material><mattext>u</mattext></material></itemfeedback><itemfeedback ident="never"><material><mattext>n</mattext></material></itemfeedback></item>"#;
    let r = check(&assessment(item, ""));
    for code in [
        codes::QTI_HINT_SOLUTION,
        codes::QTI_FEEDBACK_UNRESOLVED,
        codes::QTI_FEEDBACK_TYPE,
        codes::QTI_FEEDBACK_UNUSED,
    ] {
        assert!(r.has_code(code), "{code}: {r:#?}");
    }
    assert!(r.with_code(codes::QTI_HINT_SOLUTION).count() >= 4, "{r:#?}");
}

#[test]
fn structure_rules() {
    // Two assessments, a nested section, a duplicate item, wrong score variables, <or>,
    // response_num and an unknown root child.
    let item = r#"<item ident="d"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.fib.v0p1</fieldentry></qtimetadatafield></qtimetadata></itemmetadata><presentation><response_num ident="R"><render_slider/></response_num></presentation><resprocessing><outcomes><decvar varname="POINTS" vartype="String"/></outcomes><respcondition><conditionvar><or><varequal respident="R">1</varequal></or><vargt respident="R">0</vargt></conditionvar><setvar action="Add">1</setvar></respcondition></resprocessing><rubric/></item>"#;
    let xml = format!(
        r#"<questestinterop {NS}><assessment ident="A" title="t"><section ident="S">{item}{item}<section ident="S2"/></section></assessment><assessment ident="B"><section ident="S3"/></assessment></questestinterop>"#
    );
    let r = check(&xml);
    for code in [
        codes::QTI_STRUCTURE,
        codes::QTI_DUPLICATE_IDENT,
        codes::QTI_SCORE_VARIABLE,
        codes::QTI_NOT_IN_PROFILE,
    ] {
        assert!(r.has_code(code), "{code}: {r:#?}");
    }
    // A respcondition without conditionvar, a resprocessing without outcomes, an item without
    // ident.
    let xml = format!(
        r#"<questestinterop {NS}><objectbank ident="B"><item><resprocessing><respcondition/></resprocessing></item></objectbank></questestinterop>"#
    );
    let r = check(&xml);
    assert!(r.with_code(codes::QTI_STRUCTURE).count() >= 3, "{r:#?}");
    // Wrong root.
    let r = check("<assessment/>");
    assert!(r.has_code(codes::QTI_NOT_QUESTESTINTEROP));
    // Not XML.
    let out = validate_questestinterop(b"<questestinterop>", &ReadOptions::default());
    assert!(out.document.is_none());
    assert!(out.report.has_errors());
    // Kind expected by the resource.
    let (q, _) = Questestinterop::parse(
        assessment(&good_items(), "").as_bytes(),
        &ReadOptions::default(),
    )
    .expect("parse");
    let r = validate(
        &q,
        QtiProfileMode::Cc,
        Some(ResourceKind::QuestionBank),
        &ReadOptions::default(),
    );
    assert!(r.has_code(codes::QTI_ASSESSMENT_KIND));
    let mut bank_only = q;
    bank_only.object_banks.push(ObjectBank::default());
    bank_only.assessments.clear();
    let r = validate(
        &bank_only,
        QtiProfileMode::Cc,
        Some(ResourceKind::Assessment),
        &ReadOptions::default(),
    );
    assert!(r.has_code(codes::QTI_ASSESSMENT_KIND));
}

#[test]
fn generic_documents_get_generic_checks() {
    let xml = r#"<questestinterop><item ident="i1"><presentation><response_lid ident="R"><render_choice><response_label ident="a"/><response_label ident="a"/></render_choice></response_lid></presentation><resprocessing><outcomes><decvar/></outcomes><respcondition><conditionvar><varequal respident="Z">a</varequal></conditionvar><displayfeedback linkrefid="nope"/></respcondition></resprocessing></item></questestinterop>"#;
    let out = validate_questestinterop(xml.as_bytes(), &ReadOptions::default());
    assert!(!out.cc_profile);
    let r = &out.report;
    assert!(r.has_code(codes::QTI_NOT_CC_PROFILE));
    assert!(
        !r.has_errors(),
        "generic documents: references are warnings: {r:#?}"
    );
    for code in [
        codes::QTI_RESPIDENT,
        codes::QTI_DUPLICATE_IDENT,
        codes::QTI_FEEDBACK_UNRESOLVED,
    ] {
        assert!(r.has_code(code), "{code}: {r:#?}");
    }
    assert!(!r.has_code(codes::QTI_PROFILE_MISSING));
}

#[test]
fn question_profile_strings() {
    for p in QuestionProfile::ALL {
        assert_eq!(QuestionProfile::parse(p.as_str()), p);
    }
    assert_eq!(QuestionProfile::parse("x").to_string(), "x".to_owned());
}

#[test]
fn latin1_documents_are_read() {
    let mut bytes = br#"<?xml version="1.0" encoding="ISO-8859-1"?><questestinterop><item ident="i" title="caf"#.to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(br#""/></questestinterop>"#);
    let out = validate_questestinterop(&bytes, &ReadOptions::default());
    assert!(out.report.has_code(codes::XML_TRANSCODED));
    let q = out.document.expect("doc");
    assert_eq!(q.items[0].title.as_deref(), Some("caf\u{e9}"));
}

/// Fuzz finding (`cc_qti12`, crash-59dd28c8…): an item with two `presentation` elements (the
/// second is kept as an extension) was written with the extension first, so reading the output
/// modelled the other one and every write swapped them.
#[test]
fn fuzz_regression_second_presentation_keeps_its_place() {
    let item = r#"<item ident="two"><presentation><material><mattext>first</mattext></material><response_lid ident="R" rcardinality="Single"><render_choice><response_label ident="a"><material><mattext>a</mattext></material></response_label></render_choice></response_lid></presentation><presentation><material><mattext>second</mattext></material><response_str ident="R"><render_fib/></response_str></presentation><unknown_child/><resprocessing><outcomes><decvar varname="SCORE" vartype="Decimal"/></outcomes></resprocessing></item>"#;
    let xml = assessment(item, "");
    let (q, _) = Questestinterop::parse(xml.as_bytes(), &ReadOptions::default()).expect("parse");
    let out = q.to_xml(CcVersion::V1_3);
    let first = out.find("first").expect("first presentation written");
    let second = out.find("second").expect("second presentation kept");
    assert!(first < second, "{out}");
    let (again, _) =
        Questestinterop::parse(out.as_bytes(), &ReadOptions::default()).expect("again");
    assert_eq!(again.to_xml(CcVersion::V1_3), out, "writing is not stable");
    assert!(out.contains("<unknown_child/>"), "{out}");
    assert_eq!(
        again.assessments[0].sections[0].items[0].extensions.len(),
        2
    );
}

#[test]
fn question_profiles_read_back_through_serde_as_parse_makes_them() {
    for p in QuestionProfile::ALL {
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<QuestionProfile>(&json).unwrap(), p);
        // The profile's string written as `other` reads back as the profile.
        let other = serde_json::json!({ "other": p.as_str() });
        assert_eq!(serde_json::from_value::<QuestionProfile>(other).unwrap(), p);
    }
    for kept in ["cc.custom.v0p1", " cc.essay.v0p1 "] {
        let q = QuestionProfile::Other(kept.to_owned());
        let json = serde_json::to_string(&q).unwrap();
        assert_eq!(serde_json::from_str::<QuestionProfile>(&json).unwrap(), q);
    }
}
