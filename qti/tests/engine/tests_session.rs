//! Test sessions over `fixtures/engine/test/`.

use std::collections::HashMap;

use qti::runtime::results::{ResultContext, test_assessment_result};
use qti::runtime::{CompiledTest, EngineError, OperatorRegistry, TestSession, plan};
use qti::{QtiDocument, ReadOptions, SingleValue, Value};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/engine/test");

fn load(name: &str) -> (qti::AssessmentTest, HashMap<String, qti::AssessmentItem>) {
    let read = |f: &str| {
        let bytes = std::fs::read(format!("{DIR}/{f}")).unwrap();
        qti::parse(&bytes, &ReadOptions::default()).unwrap().0
    };
    let QtiDocument::Test(t) = read(name) else {
        panic!()
    };
    let mut items = HashMap::new();
    for r in t.item_refs() {
        if let QtiDocument::Item(i) = read(&r.href) {
            items.insert(r.href.clone(), i);
        }
    }
    (t, items)
}

fn compiled(name: &str) -> CompiledTest {
    let (t, items) = load(name);
    let resolve = |h: &str| items.get(h);
    CompiledTest::compile(&t, &resolve, &OperatorRegistry::new()).unwrap()
}

fn a(x: &str) -> (&'static str, Value) {
    ("RESPONSE", Value::Single(SingleValue::Identifier(x.into())))
}

fn val(t: &CompiledTest, s: &TestSession, k: &str) -> Value {
    t.value(s, k).cloned().unwrap()
}

fn f(x: f64) -> Value {
    Value::Single(SingleValue::Float(x))
}
fn i(x: i64) -> Value {
    Value::Single(SingleValue::Integer(x))
}

#[test]
fn linear_individual_with_branching_weights_and_categories() {
    let t = compiled("linear.xml");
    assert_eq!(t.items().len(), 1, "one href, compiled once");
    let mut s = t.start(1).unwrap();
    let ids: Vec<&str> = s.route().iter().map(|o| o.identifier.as_str()).collect();
    assert_eq!(ids, ["Q1", "Q2", "Q3", "Q4"]);
    assert_eq!(s.current().unwrap().identifier.as_str(), "Q1");
    // allowSkipping=false: moving on without a submission is refused.
    assert!(matches!(
        t.next(&mut s, 1.0),
        Err(EngineError::NotAllowed(_))
    ));
    t.submit(&mut s, [a("A")], 10.0).unwrap();
    assert!(t.submit(&mut s, [a("A")], 1.0).is_err(), "maxAttempts=1");
    assert_eq!(t.shown_test_feedback(&s), ["fail"], "'during' feedback");
    // Suspend / resume.
    let saved = serde_json::to_string(&s).unwrap();
    let mut s: TestSession = serde_json::from_str(&saved).unwrap();
    t.next(&mut s, 1.0).unwrap();
    assert_eq!(s.current().unwrap().identifier.as_str(), "Q2");
    t.submit(&mut s, [a("B")], 5.0).unwrap();
    // Branch rule Q2 -> Q4 (Q3 skipped).
    t.next(&mut s, 1.0).unwrap();
    assert_eq!(s.current().unwrap().identifier.as_str(), "Q4");
    assert!(s.route()[2].skipped);
    t.submit(&mut s, [a("A")], 3.0).unwrap();
    t.next(&mut s, 1.0).unwrap();
    assert!(s.is_ended());
    assert_eq!(val(&t, &s, "SCORE"), f(2.0));
    assert_eq!(val(&t, &s, "WSCORE"), f(3.0), "Q1 weighted by 2");
    assert_eq!(val(&t, &s, "EASY"), f(2.0), "Q1 and Q4");
    assert_eq!(val(&t, &s, "NCORRECT"), i(2));
    assert_eq!(val(&t, &s, "NINCORRECT"), i(1));
    assert_eq!(val(&t, &s, "NPRESENTED"), i(3));
    assert_eq!(val(&t, &s, "NRESPONDED"), i(2), "hard items excluded");
    assert_eq!(val(&t, &s, "NSELECTED"), i(4));
    assert_eq!(
        val(&t, &s, "MAXES"),
        Value::Multiple(vec![
            SingleValue::Float(2.0),
            SingleValue::Float(1.0),
            SingleValue::Float(1.0),
            SingleValue::Float(1.0)
        ])
    );
    assert_eq!(
        val(&t, &s, "Q1SCORE"),
        f(1.0),
        "variableMapping SCORE -> POINTS"
    );
    assert_eq!(
        val(&t, &s, "PASS"),
        Value::Single(SingleValue::Identifier("pass".into()))
    );
    assert_eq!(t.shown_test_feedback(&s), ["pass"]);
    assert!(
        (s.duration() - 23.0).abs() < 1e-9,
        "refused actions take time too"
    );
    // Results.
    let r = test_assessment_result(
        &t,
        &s,
        "2024-05-01T10:00:00Z",
        qti::Version::V2p1,
        &ResultContext::candidate("s-1"),
    );
    assert_eq!(r.item_results.len(), 4);
    assert_eq!(r.item_results[3].sequence_index, Some(4));
    let xml = qti::write(&QtiDocument::Result(r.clone()), qti::Version::V2p1).xml;
    let (back, report) = qti::parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
    assert!(report.is_valid(false), "{report:?}\n{xml}");
    let QtiDocument::Result(back) = back else {
        panic!()
    };
    assert_eq!(
        back.test_result.unwrap().variables.len(),
        r.test_result.unwrap().variables.len()
    );
}

#[test]
fn pre_condition_skips_an_item() {
    let t = compiled("linear.xml");
    let mut s = t.start(1).unwrap();
    t.submit(&mut s, [a("A")], 1.0).unwrap();
    t.next(&mut s, 0.0).unwrap();
    t.submit(&mut s, [a("A")], 1.0).unwrap();
    t.next(&mut s, 0.0).unwrap();
    // Q3's preCondition is false: straight to Q4.
    assert_eq!(s.current().unwrap().identifier.as_str(), "Q4");
    assert!(s.route()[2].skipped && !s.route()[2].presented);
}

#[test]
fn nonlinear_simultaneous_selection_time_limits_and_exit_test() {
    let t = compiled("nonlinear.xml");
    let s1 = t.start(9).unwrap();
    assert_eq!(s1, t.start(9).unwrap(), "selection and ordering are seeded");
    let part1: Vec<&str> = s1
        .route()
        .iter()
        .filter(|o| o.part == 0)
        .map(|o| o.identifier.as_str())
        .collect();
    assert_eq!(part1.len(), 3);
    assert!(part1.contains(&"Y"), "required item always selected");
    let mut seen_repeat = false;
    let mut orders = std::collections::HashSet::new();
    for seed in 0..30 {
        let s = t.start(seed).unwrap();
        let ids: Vec<String> = s
            .route()
            .iter()
            .filter(|o| o.part == 0)
            .map(|o| o.identifier.to_string())
            .collect();
        let mut u = ids.clone();
        u.sort();
        u.dedup();
        seen_repeat |= u.len() < ids.len();
        orders.insert(ids);
    }
    assert!(
        seen_repeat,
        "with replacement, an item can be selected twice"
    );
    assert!(orders.len() > 3, "shuffled");

    let mut s = t.start(9).unwrap();
    // Simultaneous: responses are kept, not scored, until the part ends.
    t.submit(&mut s, [a("A")], 5.0).unwrap();
    assert_eq!(val(&t, &s, "SCORE"), f(0.0));
    t.select(&mut s, "2", 5.0).unwrap();
    t.submit(&mut s, [a("A")], 5.0).unwrap();
    assert!(
        t.next(&mut s, 0.0).is_err(),
        "last item of a nonlinear part"
    );
    // Time limit of the test part (100s): a late submission is refused.
    assert!(matches!(
        t.submit(&mut s, [a("A")], 200.0),
        Err(EngineError::NotAllowed(_))
    ));
    t.end_test_part(&mut s, 0.0).unwrap();
    assert_eq!(val(&t, &s, "SCORE"), f(2.0));
    // Part 2 (SCORE < 3): linear, minTime 5s on E.
    assert_eq!(s.current().unwrap().identifier.as_str(), "E");
    t.submit(&mut s, [a("A")], 1.0).unwrap();
    // E.SCORE >= 1 triggers exitTest in outcome processing.
    assert!(s.is_ended());
    assert_eq!(val(&t, &s, "SCORE"), f(3.0));
}

#[test]
fn min_time_and_linear_select() {
    let t = compiled("nonlinear.xml");
    let mut s = t.start(3).unwrap();
    for _ in 0..3 {
        t.submit(&mut s, [a("B")], 1.0).ok();
        if t.next(&mut s, 0.0).is_err() {
            break;
        }
    }
    t.end_test_part(&mut s, 0.0).unwrap();
    assert_eq!(s.current().unwrap().identifier.as_str(), "E");
    assert!(
        t.select(&mut s, "E", 0.0).is_err(),
        "no free selection in linear parts"
    );
    t.submit(&mut s, [a("B")], 1.0).unwrap();
    assert!(
        matches!(t.next(&mut s, 1.0), Err(EngineError::NotAllowed(m)) if m.contains("minimum time"))
    );
    t.next(&mut s, 5.0).unwrap();
    assert!(s.is_ended());
}

#[test]
fn scripted_plan() {
    let t = compiled("linear.xml");
    let p: plan::Plan = serde_json::from_str(
        r#"{"seed": 1, "actions": [
            {"submit": {"RESPONSE": "A"}, "elapsed": 3},
            {"next": true},
            {"submit": {"RESPONSE": {"base": {"identifier": "A"}}}},
            {"next": true},
            {"submit": {"RESPONSE": "B"}},
            {"next": true}
        ]}"#,
    )
    .unwrap();
    let (s, log) = plan::run(&t, &p).unwrap();
    assert!(s.is_ended());
    assert!(log.iter().all(|l| l.error.is_none()), "{log:?}");
    assert_eq!(val(&t, &s, "SCORE"), f(2.0));
    let bad: Result<plan::Plan, _> = serde_json::from_str(r#"{"actions": [{"jump": 1}]}"#);
    assert!(bad.is_err());
}

#[test]
fn missing_items_are_compile_errors() {
    let (t, _) = load("linear.xml");
    let none = |_: &str| None;
    let e = CompiledTest::compile(&t, &none, &OperatorRegistry::new()).unwrap_err();
    assert_eq!(e.code(), qti::runtime::codes::MISSING_ITEM);
}

#[test]
fn adaptive_selection_is_refused_not_delivered_statically() {
    let (mut t, items) = load("linear.xml");
    let qti::test::SectionPart::Section(s) = &mut t.test_parts[0].sections[0] else {
        panic!("a section")
    };
    s.adaptive_selection = Some(qti::test::AdaptiveSelection::default());
    let resolve = |h: &str| items.get(h);
    let e = CompiledTest::compile(&t, &resolve, &OperatorRegistry::new()).unwrap_err();
    assert_eq!(e.code(), qti::runtime::codes::UNSUPPORTED);
    assert!(e.to_string().contains("qti-adaptive-selection"), "{e}");
}

#[test]
fn tampered_sessions_are_refused_not_panicked() {
    let t = compiled("linear.xml");
    let s = t.start(1).unwrap();
    let mut j = serde_json::to_value(&s).unwrap();
    j["route"][0]["node"] = serde_json::json!(0);
    j["position"] = serde_json::json!(99);
    let mut bad: TestSession = serde_json::from_value(j).unwrap();
    assert!(matches!(
        t.next(&mut bad, 0.0),
        Err(EngineError::SessionMismatch { .. })
    ));
    assert!(t.shown_test_feedback(&bad).is_empty());
    assert!(t.lookup(&bad, "Q1.SCORE").is_err());
    let other = compiled("nonlinear.xml");
    let mut s2 = s;
    assert!(matches!(
        other.submit(&mut s2, [a("A")], 0.0),
        Err(EngineError::SessionMismatch { .. })
    ));
}

const FEEDBACK_ITEM: &str = r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="fb" title="fb" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>B</value></correctResponse></responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <outcomeDeclaration identifier="FEEDBACK" cardinality="single" baseType="identifier"/>
  <templateDeclaration identifier="T" cardinality="single" baseType="identifier">
    <defaultValue><value>on</value></defaultValue></templateDeclaration>
  <itemBody>
    <choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">
      <simpleChoice identifier="A">a</simpleChoice><simpleChoice identifier="B">b</simpleChoice></choiceInteraction>
    <p><feedbackInline outcomeIdentifier="FEEDBACK" identifier="A" showHide="show">Not quite.</feedbackInline>
      <templateInline templateIdentifier="T" identifier="on" showHide="show">Version on.</templateInline></p>
  </itemBody>
  <responseProcessing>
    <responseCondition><responseIf><match><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></match>
      <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseIf></responseCondition>
    <setOutcomeValue identifier="FEEDBACK"><variable identifier="RESPONSE"/></setOutcomeValue>
  </responseProcessing>
  <modalFeedback outcomeIdentifier="FEEDBACK" identifier="A" showHide="show">Try B.</modalFeedback>
</assessmentItem>"#;

const FEEDBACK_TEST: &str = r#"<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="fbt" title="fbt">
  <testPart identifier="P" navigationMode="nonlinear" submissionMode="individual">
    <itemSessionControl maxAttempts="2"/>
    <assessmentSection identifier="S" title="S" visible="true">
      <assessmentItemRef identifier="SHOWN" href="fb.xml">
        <itemSessionControl showFeedback="true" showSolution="true"/></assessmentItemRef>
      <assessmentItemRef identifier="HIDDEN" href="fb.xml"/>
    </assessmentSection>
  </testPart>
</assessmentTest>"#;

#[test]
fn show_feedback_and_show_solution_are_enforced() {
    let QtiDocument::Test(test) = qti::parse(FEEDBACK_TEST.as_bytes(), &ReadOptions::default())
        .unwrap()
        .0
    else {
        panic!("a test")
    };
    let QtiDocument::Item(item) = qti::parse(FEEDBACK_ITEM.as_bytes(), &ReadOptions::default())
        .unwrap()
        .0
    else {
        panic!("an item")
    };
    let resolve = |h: &str| (h == "fb.xml").then_some(&item);
    let t = CompiledTest::compile(&test, &resolve, &OperatorRegistry::new()).unwrap();
    let mut s = t.start(7).unwrap();
    let shown = |s: &TestSession, k: usize| -> Vec<String> {
        t.shown_item_feedback(s, k)
            .unwrap()
            .iter()
            .map(|f| format!("{}:{}", f.kind.element_name(), f.identifier))
            .collect()
    };
    let template_only = ["templateInline:on"];
    let all = ["feedbackInline:A", "templateInline:on", "modalFeedback:A"];
    for (k, id) in [(0, "SHOWN"), (1, "HIDDEN")] {
        if k == 1 {
            t.select(&mut s, id, 1.0).unwrap();
        }
        assert_eq!(s.current().unwrap().identifier.as_str(), id);
        // First attempt wrong: between attempts the item's own feedback rules decide,
        // whatever showFeedback says (it governs feedback after the last attempt).
        t.submit(&mut s, [a("A")], 1.0).unwrap();
        assert!(!s.route()[k].session.as_ref().unwrap().is_closed());
        assert_eq!(shown(&s, k), all, "{id} between attempts");
        assert_eq!(
            t.solution(&s, k).unwrap(),
            None,
            "{id}: no solution while open"
        );
        // Last attempt wrong again: the session closes.
        t.submit(&mut s, [a("A")], 1.0).unwrap();
        assert!(s.route()[k].session.as_ref().unwrap().is_closed());
    }
    assert_eq!(
        shown(&s, 0),
        all,
        "showFeedback=true after the last attempt"
    );
    assert_eq!(
        shown(&s, 1),
        template_only,
        "showFeedback=false hides modal and integrated feedback, not template content"
    );
    assert_eq!(
        t.solution(&s, 0).unwrap(),
        Some(vec![(
            qti::value::Identifier::new("RESPONSE"),
            Value::Single(SingleValue::Identifier("B".into()))
        )])
    );
    assert_eq!(t.solution(&s, 1).unwrap(), None, "showSolution=false");
    assert!(matches!(
        t.shown_item_feedback(&s, 9),
        Err(EngineError::NotAllowed(_))
    ));
    assert!(matches!(t.solution(&s, 9), Err(EngineError::NotAllowed(_))));
}

#[test]
fn section_refs_are_resolved_rebased_and_delivered() {
    use qti::section_ref::SectionRefError;
    const TEST: &str = r#"<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="refs" title="refs">
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <testPart identifier="P" navigationMode="nonlinear" submissionMode="individual">
    <assessmentSection identifier="MAIN" title="Main" visible="true">
      <assessmentSectionRef identifier="PART_A" href="sections/a.xml"/>
      <assessmentItemRef identifier="LOCAL" href="items/fb.xml"/>
    </assessmentSection>
  </testPart>
  <outcomeProcessing><setOutcomeValue identifier="SCORE"><sum><testVariables variableIdentifier="SCORE"/></sum></setOutcomeValue></outcomeProcessing>
</assessmentTest>"#;
    let section = |xml: &str| match qti::parse(xml.as_bytes(), &ReadOptions::default()) {
        Ok((QtiDocument::Section(s), _)) => s,
        other => panic!("{other:?}"),
    };
    let part_a = section(
        r#"<assessmentSection xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="ownId" title="A" visible="true">
  <assessmentItemRef identifier="A1" href="../items/fb.xml"/>
  <assessmentSectionRef identifier="NESTED" href="deeper/b.xml"/>
</assessmentSection>"#,
    );
    let b = section(
        r#"<assessmentSection xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="b" title="B" visible="true">
  <assessmentItemRef identifier="B1" href="../../items/fb.xml"/>
</assessmentSection>"#,
    );
    let looping = section(
        r#"<assessmentSection xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="l" title="L" visible="true">
  <assessmentSectionRef identifier="AGAIN" href="loop.xml"/>
</assessmentSection>"#,
    );
    let QtiDocument::Test(mut test) = qti::parse(TEST.as_bytes(), &ReadOptions::default())
        .unwrap()
        .0
    else {
        panic!("a test")
    };
    let lookup = |h: &str| match h {
        "sections/a.xml" => Some(part_a.clone()),
        "sections/deeper/b.xml" => Some(b.clone()),
        "sections/loop.xml" => Some(looping.clone()),
        _ => None,
    };
    let errors = test.resolve_section_refs(&lookup);
    assert!(errors.is_empty(), "{errors:?}");
    let hrefs: Vec<(&str, &str)> = test
        .item_refs()
        .iter()
        .map(|r| (r.identifier.as_str(), r.href.as_str()))
        .collect();
    assert_eq!(
        hrefs,
        [
            ("A1", "items/fb.xml"),
            ("B1", "items/fb.xml"),
            ("LOCAL", "items/fb.xml")
        ],
        "hrefs rebased onto the test's folder, nested references resolved"
    );
    // The inserted section takes the reference's identifier.
    let written = qti::write(&QtiDocument::Test(test.clone()), qti::Version::V2p1).xml;
    assert!(written.contains(r#"identifier="PART_A""#) && !written.contains("ownId"));
    assert!(written.contains(r#"identifier="NESTED""#));
    // The resolved test compiles and delivers its three items.
    let QtiDocument::Item(item) = qti::parse(FEEDBACK_ITEM.as_bytes(), &ReadOptions::default())
        .unwrap()
        .0
    else {
        panic!("an item")
    };
    let resolve = |h: &str| (h == "items/fb.xml").then_some(&item);
    let t = CompiledTest::compile(&test, &resolve, &OperatorRegistry::new()).unwrap();
    let mut s = t.start(1).unwrap();
    assert_eq!(s.route().len(), 3);
    t.submit(&mut s, [a("B")], 1.0).unwrap();
    assert_eq!(val(&t, &s, "SCORE"), f(1.0));

    // Every unresolvable reference is reported, with its own code; nothing loops.
    const BAD: &str = r#"<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="bad" title="bad">
  <testPart identifier="P" navigationMode="nonlinear" submissionMode="individual">
    <assessmentSection identifier="S" title="S" visible="true">
      <assessmentSectionRef identifier="MISSING" href="sections/none.xml"/>
      <assessmentSectionRef identifier="ESCAPE" href="../outside.xml"/>
      <assessmentSectionRef identifier="LOOP" href="sections/loop.xml"/>
    </assessmentSection>
  </testPart>
</assessmentTest>"#;
    let QtiDocument::Test(mut bad) = qti::parse(BAD.as_bytes(), &ReadOptions::default())
        .unwrap()
        .0
    else {
        panic!("a test")
    };
    let errors = bad.resolve_section_refs(&lookup);
    let codes: Vec<&str> = errors.iter().map(SectionRefError::code).collect();
    assert_eq!(
        codes,
        [
            "qti.section-ref.not-found",
            "qti.section-ref.outside-package",
            "qti.section-ref.cycle"
        ],
        "{errors:?}"
    );
}
