//! Rules (response, template), item session lifecycle, feedback, printed variables, serde.

use qti::runtime::{CompiledItem, EngineError, FeedbackKind, OperatorRegistry, codes};
use qti::{QtiDocument, ReadOptions, SingleValue, Value};

pub(crate) fn item(xml: &str) -> qti::AssessmentItem {
    let doc = format!(
        r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="t" title="t" adaptive="false" timeDependent="false">{xml}</assessmentItem>"#
    );
    match qti::parse(doc.as_bytes(), &ReadOptions::unchecked()) {
        Ok((QtiDocument::Item(i), _)) => i,
        other => panic!("{other:?}"),
    }
}

pub(crate) fn compile(xml: &str) -> CompiledItem {
    CompiledItem::compile(&item(xml), &OperatorRegistry::with_builtins())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn f(x: f64) -> Value {
    Value::Single(SingleValue::Float(x))
}
fn i(x: i64) -> Value {
    Value::Single(SingleValue::Integer(x))
}
fn id(x: &str) -> Value {
    Value::Single(SingleValue::Identifier(x.into()))
}

const RESP: &str =
    r#"<responseDeclaration identifier="R" cardinality="single" baseType="integer"/>"#;

#[test]
fn response_condition_branches_and_exit_response() {
    let c = compile(&format!(
        r#"{RESP}<outcomeDeclaration identifier="O" cardinality="single" baseType="identifier"/>
        <outcomeDeclaration identifier="AFTER" cardinality="single" baseType="boolean"/>
        <responseProcessing>
          <responseCondition>
            <responseIf><lt><variable identifier="R"/><baseValue baseType="integer">0</baseValue></lt>
              <setOutcomeValue identifier="O"><baseValue baseType="identifier">neg</baseValue></setOutcomeValue><exitResponse/></responseIf>
            <responseElseIf><equal toleranceMode="exact"><variable identifier="R"/><baseValue baseType="integer">0</baseValue></equal>
              <setOutcomeValue identifier="O"><baseValue baseType="identifier">zero</baseValue></setOutcomeValue></responseElseIf>
            <responseElse><setOutcomeValue identifier="O"><baseValue baseType="identifier">pos</baseValue></setOutcomeValue></responseElse>
          </responseCondition>
          <responseProcessingFragment>
            <setOutcomeValue identifier="AFTER"><baseValue baseType="boolean">true</baseValue></setOutcomeValue>
          </responseProcessingFragment>
        </responseProcessing>"#
    ));
    for (r, o, after) in [
        (-1, "neg", None),
        (0, "zero", Some(true)),
        (5, "pos", Some(true)),
    ] {
        let mut s = c.new_session(0).unwrap();
        s.submit(&c, [("R", i(r))]).unwrap();
        assert_eq!(s.value(&c, "O"), Some(&id(o)));
        let a = after.map_or(Value::Null, |b| Value::Single(SingleValue::Boolean(b)));
        assert_eq!(
            s.value(&c, "AFTER"),
            Some(&a),
            "exitResponse stops processing"
        );
    }
    // A NULL condition counts as false: the else branch runs.
    let mut s = c.new_session(0).unwrap();
    s.submit(&c, [("R", Value::Null)]).unwrap();
    assert_eq!(s.value(&c, "O"), Some(&id("pos")));
}

#[test]
fn condition_must_be_boolean() {
    let c = compile(&format!(
        r#"{RESP}<outcomeDeclaration identifier="O" cardinality="single" baseType="float"/>
        <responseProcessing><responseCondition><responseIf><variable identifier="R"/>
          <setOutcomeValue identifier="O"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseIf></responseCondition></responseProcessing>"#
    ));
    let mut s = c.new_session(0).unwrap();
    assert!(matches!(
        s.submit(&c, [("R", i(1))]),
        Err(EngineError::TypeMismatch { .. })
    ));
}

#[test]
fn set_outcome_value_conversions() {
    let c = compile(&format!(
        r#"{RESP}<outcomeDeclaration identifier="I" cardinality="single" baseType="integer"/>
        <outcomeDeclaration identifier="F" cardinality="single" baseType="float"/>
        <outcomeDeclaration identifier="M" cardinality="multiple" baseType="identifier"/>
        <responseProcessing>
          <setOutcomeValue identifier="I"><divide><variable identifier="R"/><baseValue baseType="integer">2</baseValue></divide></setOutcomeValue>
          <setOutcomeValue identifier="F"><variable identifier="R"/></setOutcomeValue>
          <setOutcomeValue identifier="M"><baseValue baseType="identifier">A</baseValue></setOutcomeValue>
        </responseProcessing>"#
    ));
    let mut s = c.new_session(0).unwrap();
    s.submit(&c, [("R", i(-7))]).unwrap();
    assert_eq!(s.value(&c, "I"), Some(&i(-3)), "-3.5 truncated toward zero");
    assert!(
        s.warnings()
            .iter()
            .any(|w| w.code.as_str() == codes::FLOAT_TRUNCATED)
    );
    assert_eq!(s.value(&c, "F"), Some(&f(-7.0)), "integer promoted");
    assert_eq!(
        s.value(&c, "M"),
        Some(&Value::Multiple(vec![SingleValue::Identifier("A".into())]))
    );
    let bad = compile(&format!(
        r#"{RESP}<outcomeDeclaration identifier="F" cardinality="single" baseType="float"/>
        <responseProcessing><setOutcomeValue identifier="F"><baseValue baseType="identifier">A</baseValue></setOutcomeValue></responseProcessing>"#
    ));
    let mut s = bad.new_session(0).unwrap();
    assert!(matches!(
        s.submit(&bad, []),
        Err(EngineError::TypeMismatch { .. })
    ));
}

#[test]
fn lookup_outcome_value_tables() {
    let c = compile(&format!(
        r#"{RESP}<responseDeclaration identifier="X" cardinality="single" baseType="float"/>
        <outcomeDeclaration identifier="GRADE" cardinality="single" baseType="identifier">
          <matchTable defaultValue="none"><matchTableEntry sourceValue="1" targetValue="one"/><matchTableEntry sourceValue="2" targetValue="two"/></matchTable>
        </outcomeDeclaration>
        <outcomeDeclaration identifier="BAND" cardinality="single" baseType="identifier">
          <interpolationTable defaultValue="F">
            <interpolationTableEntry sourceValue="90" targetValue="A"/>
            <interpolationTableEntry sourceValue="70" includeBoundary="false" targetValue="B"/>
            <interpolationTableEntry sourceValue="50" targetValue="C"/>
          </interpolationTable>
        </outcomeDeclaration>
        <responseProcessing>
          <lookupOutcomeValue identifier="GRADE"><variable identifier="R"/></lookupOutcomeValue>
          <lookupOutcomeValue identifier="BAND"><variable identifier="X"/></lookupOutcomeValue>
        </responseProcessing>"#
    ));
    for (r, x, g, band) in [
        (Value::Single(SingleValue::Integer(2)), f(95.0), "two", "A"),
        (i(1), f(90.0), "one", "A"),
        (i(3), f(70.0), "none", "C"),
        (i(3), f(70.5), "none", "B"),
        (Value::Null, f(10.0), "none", "F"),
        (i(1), Value::Null, "one", "F"),
    ] {
        let mut s = c.new_session(0).unwrap();
        s.submit(&c, [("R", r.clone()), ("X", x.clone())]).unwrap();
        assert_eq!(s.value(&c, "GRADE"), Some(&id(g)), "{r:?}");
        assert_eq!(s.value(&c, "BAND"), Some(&id(band)), "{x:?}");
    }
    let e = CompiledItem::compile(
        &item(&format!(
            r#"{RESP}<outcomeDeclaration identifier="O" cardinality="single" baseType="float"/>
            <responseProcessing><lookupOutcomeValue identifier="O"><variable identifier="R"/></lookupOutcomeValue></responseProcessing>"#
        )),
        &OperatorRegistry::new(),
    )
    .unwrap_err();
    assert_eq!(e.code(), codes::INVALID_ARGUMENT, "no table");
}

#[test]
fn compile_errors_are_all_listed() {
    let e = CompiledItem::compile(
        &item(
            r#"<outcomeDeclaration identifier="O" cardinality="single" baseType="float"/>
            <responseProcessing>
              <setOutcomeValue identifier="NOPE"><baseValue baseType="float">1</baseValue></setOutcomeValue>
              <setOutcomeValue identifier="O"><variable identifier="MISSING"/></setOutcomeValue>
              <setOutcomeValue identifier="O"><customOperator class="x.Y"/></setOutcomeValue>
            </responseProcessing>"#,
        ),
        &OperatorRegistry::new(),
    )
    .unwrap_err();
    assert_eq!(e.problems.len(), 3, "{e}");
    assert!(
        e.problems
            .iter()
            .any(|p| p.code.as_str() == codes::UNKNOWN_CUSTOM_OPERATOR)
    );
    let t = CompiledItem::compile(
        &item(r#"<responseProcessing template="http://example.com/custom_rp"/>"#),
        &OperatorRegistry::new(),
    )
    .unwrap_err();
    assert_eq!(
        t.code(),
        codes::UNSUPPORTED,
        "unknown template, not fetched"
    );
}

const TEMPLATE_ITEM: &str = r#"
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="integer"/>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <outcomeDeclaration identifier="FEEDBACK" cardinality="single" baseType="identifier"/>
  <templateDeclaration identifier="A" cardinality="single" baseType="integer" mathVariable="true"/>
  <templateDeclaration identifier="B" cardinality="single" baseType="integer" mathVariable="true"/>
  <templateDeclaration identifier="KIND" cardinality="single" baseType="identifier"/>
  <templateProcessing>
    <setTemplateValue identifier="A"><randomInteger min="1" max="9"/></setTemplateValue>
    <setTemplateValue identifier="B"><randomInteger min="1" max="9"/></setTemplateValue>
    <templateConstraint><gt><variable identifier="A"/><variable identifier="B"/></gt></templateConstraint>
    <templateCondition>
      <templateIf><gt><subtract><variable identifier="A"/><variable identifier="B"/></subtract><baseValue baseType="integer">4</baseValue></gt>
        <setTemplateValue identifier="KIND"><baseValue baseType="identifier">far</baseValue></setTemplateValue></templateIf>
      <templateElse><setTemplateValue identifier="KIND"><baseValue baseType="identifier">near</baseValue></setTemplateValue></templateElse>
    </templateCondition>
    <setCorrectResponse identifier="RESPONSE"><subtract><variable identifier="A"/><variable identifier="B"/></subtract></setCorrectResponse>
    <setDefaultValue identifier="FEEDBACK"><baseValue baseType="identifier">unanswered</baseValue></setDefaultValue>
    <exitTemplate/>
    <setTemplateValue identifier="KIND"><baseValue baseType="identifier">never</baseValue></setTemplateValue>
  </templateProcessing>
  <itemBody><p>What is <printedVariable identifier="A"/> - <printedVariable identifier="B"/>?</p>
    <templateInline templateIdentifier="KIND" identifier="far" showHide="show">far apart</templateInline>
    <feedbackBlock outcomeIdentifier="FEEDBACK" identifier="correct" showHide="show"><p>Right</p></feedbackBlock>
  </itemBody>
  <responseProcessing>
    <responseCondition><responseIf><match><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></match>
      <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue>
      <setOutcomeValue identifier="FEEDBACK"><baseValue baseType="identifier">correct</baseValue></setOutcomeValue></responseIf></responseCondition>
  </responseProcessing>
  <modalFeedback outcomeIdentifier="FEEDBACK" identifier="unanswered" showHide="show">Try</modalFeedback>"#;

#[test]
fn template_processing_is_seeded_and_constrained() {
    let c = compile(TEMPLATE_ITEM);
    assert!(c.has_template_processing());
    for seed in 0..40 {
        let s = c.new_session(seed).unwrap();
        let (
            Some(Value::Single(SingleValue::Integer(a))),
            Some(Value::Single(SingleValue::Integer(b))),
        ) = (s.value(&c, "A").cloned(), s.value(&c, "B").cloned())
        else {
            panic!("A and B set")
        };
        assert!(a > b, "templateConstraint: {a} > {b}");
        let kind = if a - b > 4 { "far" } else { "near" };
        assert_eq!(
            s.value(&c, "KIND"),
            Some(&id(kind)),
            "exitTemplate stops before 'never'"
        );
        assert_eq!(
            s.correct_response(&c, "RESPONSE"),
            Some(&i(a - b)),
            "setCorrectResponse"
        );
        assert_eq!(
            s.value(&c, "FEEDBACK"),
            Some(&id("unanswered")),
            "setDefaultValue applies to the session"
        );
        assert_eq!(s, c.new_session(seed).unwrap(), "same seed, same session");
        let shown = c.shown_feedback(&s);
        assert!(
            shown
                .iter()
                .any(|f| f.kind == FeedbackKind::Modal && f.identifier.as_str() == "unanswered")
        );
        assert_eq!(
            shown.iter().any(|f| f.kind == FeedbackKind::TemplateInline),
            a - b > 4
        );
        // Answer correctly, then the default (set by template processing) is the reset value.
        let mut s2 = s.clone();
        s2.submit(&c, [("RESPONSE", i(a - b))]).unwrap();
        assert_eq!(s2.value(&c, "SCORE"), Some(&f(1.0)));
        assert!(
            c.shown_feedback(&s2)
                .iter()
                .any(|f| f.kind == FeedbackKind::Block && f.identifier.as_str() == "correct")
        );
        let mut s3 = s.clone();
        s3.submit(&c, [("RESPONSE", i(a - b + 1))]).unwrap();
        assert_eq!(s3.value(&c, "SCORE"), Some(&f(0.0)));
        assert_eq!(s3.value(&c, "FEEDBACK"), Some(&id("unanswered")));
    }
}

#[test]
fn template_constraint_retry_limit() {
    let c = compile(
        r#"<templateDeclaration identifier="A" cardinality="single" baseType="integer"><defaultValue><value>42</value></defaultValue></templateDeclaration>
        <templateProcessing>
          <setTemplateValue identifier="A"><randomInteger min="1" max="9"/></setTemplateValue>
          <templateConstraint><gt><variable identifier="A"/><baseValue baseType="integer">100</baseValue></gt></templateConstraint>
        </templateProcessing>"#,
    );
    let s = c.new_session(1).unwrap();
    assert_eq!(s.value(&c, "A"), Some(&i(42)), "defaults after the limit");
    assert!(
        s.warnings()
            .iter()
            .any(|w| w.code.as_str() == codes::TEMPLATE_CONSTRAINT_LIMIT)
    );
    assert_eq!(qti::runtime::TEMPLATE_CONSTRAINT_LIMIT, 100);
}

#[test]
fn non_adaptive_lifecycle_and_builtins() {
    let c = compile(&format!(
        r#"{RESP}<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
        <outcomeDeclaration identifier="TRIES" cardinality="single" baseType="integer"/>
        <outcomeDeclaration identifier="SLOW" cardinality="single" baseType="boolean"/>
        <responseProcessing>
          <setOutcomeValue identifier="TRIES"><variable identifier="numAttempts"/></setOutcomeValue>
          <setOutcomeValue identifier="SLOW"><durationGTE><variable identifier="duration"/><baseValue baseType="duration">PT1M</baseValue></durationGTE></setOutcomeValue>
          <responseCondition><responseIf><isNull><variable identifier="R"/></isNull><exitResponse/></responseIf></responseCondition>
          <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><integerToFloat><variable identifier="R"/></integerToFloat></sum></setOutcomeValue>
        </responseProcessing>"#
    ));
    let mut s = c.new_session(0).unwrap();
    assert_eq!(s.completion_status(&c), "not_attempted");
    assert_eq!(s.num_attempts(&c), 0);
    s.begin_attempt(&c).unwrap();
    assert_eq!(s.completion_status(&c), "unknown");
    s.set_response(&c, "R", i(2)).unwrap();
    s.set_duration(&c, 75.0).unwrap();
    s.end_attempt(&c).unwrap();
    assert_eq!(s.value(&c, "SCORE"), Some(&f(2.0)));
    assert_eq!(s.value(&c, "TRIES"), Some(&i(1)));
    assert_eq!(
        s.value(&c, "SLOW"),
        Some(&Value::Single(SingleValue::Boolean(true)))
    );
    assert_eq!(s.completion_status(&c), "completed");
    // Second attempt: non-adaptive outcomes are reset first (SCORE is not accumulated).
    s.submit(&c, [("R", i(3))]).unwrap();
    assert_eq!(s.value(&c, "SCORE"), Some(&f(3.0)));
    assert_eq!(s.value(&c, "TRIES"), Some(&i(2)));
    assert!(s.set_duration(&c, -1.0).is_err());
    assert!(matches!(
        s.set_response(&c, "R", f(1.5)),
        Err(EngineError::InvalidResponse { .. })
    ));
    assert!(matches!(
        s.set_response(&c, "NOPE", i(1)),
        Err(EngineError::InvalidResponse { .. })
    ));
    assert!(
        s.set_response(&c, "numAttempts", i(9)).is_err(),
        "built-ins are not responses"
    );
    s.close();
    assert!(matches!(
        s.begin_attempt(&c),
        Err(EngineError::NotAllowed(_))
    ));
}

#[test]
fn adaptive_items_keep_outcomes_and_close_when_completed() {
    let doc = r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="ad" title="ad" adaptive="true" timeDependent="false">
      <responseDeclaration identifier="R" cardinality="single" baseType="identifier"><correctResponse><value>B</value></correctResponse></responseDeclaration>
      <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"><defaultValue><value>3</value></defaultValue></outcomeDeclaration>
      <responseProcessing>
        <responseCondition><responseIf><match><variable identifier="R"/><correct identifier="R"/></match>
          <setOutcomeValue identifier="completionStatus"><baseValue baseType="identifier">completed</baseValue></setOutcomeValue></responseIf>
          <responseElse><setOutcomeValue identifier="SCORE"><subtract><variable identifier="SCORE"/><baseValue baseType="float">1</baseValue></subtract></setOutcomeValue></responseElse>
        </responseCondition>
      </responseProcessing></assessmentItem>"#;
    let (QtiDocument::Item(it), _) = qti::parse(doc.as_bytes(), &ReadOptions::unchecked()).unwrap()
    else {
        panic!()
    };
    let c = CompiledItem::compile(&it, &OperatorRegistry::new()).unwrap();
    assert!(c.is_adaptive());
    let mut s = c.new_session(0).unwrap();
    s.submit(&c, [("R", id("A"))]).unwrap();
    assert_eq!(s.completion_status(&c), "unknown");
    s.submit(&c, [("R", id("C"))]).unwrap();
    assert_eq!(
        s.value(&c, "SCORE"),
        Some(&f(1.0)),
        "outcomes carried between attempts"
    );
    // Suspend and resume through serde.
    let saved = serde_json::to_string(&s).unwrap();
    let mut s: qti::runtime::ItemSession = serde_json::from_str(&saved).unwrap();
    s.submit(&c, [("R", id("B"))]).unwrap();
    assert_eq!(s.completion_status(&c), "completed");
    assert!(s.is_closed());
    assert_eq!(s.num_attempts(&c), 3);
    assert!(s.submit(&c, [("R", id("B"))]).is_err());
    // A session of another item is refused.
    let other = compile(RESP);
    let mut fresh = other.new_session(0).unwrap();
    assert!(matches!(
        fresh.begin_attempt(&c),
        Err(EngineError::SessionMismatch { .. })
    ));
}

#[test]
fn printed_variables() {
    use qti::content::{BodyNode, walk_body};
    use qti::runtime::format_printed_variable;
    let it = item(
        r#"<templateDeclaration identifier="X" cardinality="single" baseType="float"><defaultValue><value>3.14159</value></defaultValue></templateDeclaration>
        <templateDeclaration identifier="L" cardinality="ordered" baseType="integer"><defaultValue><value>10</value><value>255</value></defaultValue></templateDeclaration>
        <itemBody><p><printedVariable identifier="X" format="%.2f"/> <printedVariable identifier="L" base="16" delimiter=", "/>
        <printedVariable identifier="L" index="2"/> <printedVariable identifier="X" format="%e" powerForm="true"/></p></itemBody>"#,
    );
    let c = CompiledItem::compile(&it, &OperatorRegistry::new()).unwrap();
    let s = c.new_session(0).unwrap();
    let mut out = Vec::new();
    walk_body(&it.item_body.as_ref().unwrap().content, &mut |n| {
        if let BodyNode::PrintedVariable(p) = n {
            let v = s.value(&c, &p.identifier).cloned().unwrap_or_default();
            out.push(format_printed_variable(p, &v, &|k: &str| {
                s.value(&c, k).cloned()
            }));
        }
    });
    assert_eq!(out, ["3.14", "a, ff", "255", "3.141590 x 10^0"]);
}

#[test]
fn score_many_submissions_with_one_compiled_item() {
    let c = compile(&format!(
        r#"{RESP}<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
        <responseProcessing><setOutcomeValue identifier="SCORE"><integerToFloat><product><variable identifier="R"/><variable identifier="R"/></product></integerToFloat></setOutcomeValue></responseProcessing>"#
    ));
    for r in -5..5 {
        let s = c.score(0, [("R", i(r))]).unwrap();
        #[allow(clippy::cast_precision_loss)]
        let expected = (r * r) as f64;
        assert_eq!(s.value(&c, "SCORE"), Some(&f(expected)));
    }
}

#[test]
fn shuffled_choices_keep_fixed_positions_and_are_stable_per_seed() {
    const SHUFFLED: &str = r#"
      <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"/>
      <responseDeclaration identifier="PAIRS" cardinality="multiple" baseType="directedPair"/>
      <templateDeclaration identifier="N" cardinality="single" baseType="integer"/>
      <templateProcessing><setTemplateValue identifier="N"><randomInteger min="1" max="1000000"/></setTemplateValue></templateProcessing>
      <itemBody>
        <choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="1">
          <simpleChoice identifier="A">a</simpleChoice><simpleChoice identifier="B">b</simpleChoice>
          <simpleChoice identifier="C" fixed="true">c</simpleChoice><simpleChoice identifier="D">d</simpleChoice>
          <simpleChoice identifier="E">e</simpleChoice><simpleChoice identifier="NONE" fixed="true">none</simpleChoice>
        </choiceInteraction>
        <matchInteraction responseIdentifier="PAIRS" shuffle="true" maxAssociations="3">
          <simpleMatchSet><simpleAssociableChoice identifier="S1" matchMax="1">1</simpleAssociableChoice>
            <simpleAssociableChoice identifier="S2" matchMax="1">2</simpleAssociableChoice>
            <simpleAssociableChoice identifier="S3" matchMax="1">3</simpleAssociableChoice></simpleMatchSet>
          <simpleMatchSet><simpleAssociableChoice identifier="T1" matchMax="1">x</simpleAssociableChoice>
            <simpleAssociableChoice identifier="T2" matchMax="1">y</simpleAssociableChoice></simpleMatchSet>
        </matchInteraction>
      </itemBody>"#;
    let c = compile(SHUFFLED);
    let plain = compile(&SHUFFLED.replace(r#"shuffle="true""#, r#"shuffle="false""#));
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..200u64 {
        let s = c.new_session(seed).unwrap();
        let orders = s.choice_orders();
        assert_eq!(orders.len(), 3, "the choice list and both match sets");
        assert_eq!(
            (orders[1].set, orders[2].set),
            (0, 1),
            "match sets are shuffled one by one"
        );
        let order: Vec<&str> = s
            .choice_order("RESPONSE")
            .unwrap()
            .iter()
            .map(|x| x.as_str())
            .collect();
        assert_eq!(order[2], "C", "fixed choices keep their position");
        assert_eq!(order[5], "NONE");
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, ["A", "B", "C", "D", "E", "NONE"], "a permutation");
        let mut targets: Vec<&str> = orders[2].choices.iter().map(|x| x.as_str()).collect();
        targets.sort_unstable();
        assert_eq!(targets, ["T1", "T2"]);
        seen.insert(order.join(","));
        // Same seed, same order; the order survives suspend/resume.
        assert_eq!(c.new_session(seed).unwrap().choice_orders(), orders);
        let resumed: qti::runtime::ItemSession =
            serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(resumed.choice_orders(), orders);
        // Shuffling draws from its own generator: template values do not change.
        let p = plain.new_session(seed).unwrap();
        assert!(p.choice_orders().is_empty(), "shuffle=false: nothing drawn");
        assert_eq!(s.value(&c, "N"), p.value(&plain, "N"));
    }
    // 4 movable choices: 24 orders; 200 seeds see most of them.
    assert!(seen.len() >= 20, "{} distinct orders", seen.len());
}

/// A condition with elements after its else branch (not valid QTI; kept in place by the reader)
/// is not run: each kept element is reported, and the item does not compile.
#[test]
fn elements_after_an_else_branch_are_reported_not_run() {
    let e = CompiledItem::compile(
        &item(
            r#"<outcomeDeclaration identifier="O" cardinality="single" baseType="float"/>
            <responseProcessing>
              <responseCondition>
                <responseIf><isNull><variable identifier="O"/></isNull><setOutcomeValue identifier="O"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseIf>
                <responseElse><setOutcomeValue identifier="O"><baseValue baseType="float">2</baseValue></setOutcomeValue></responseElse>
                <responseElseIf><isNull><variable identifier="O"/></isNull><setOutcomeValue identifier="O"><baseValue baseType="float">3</baseValue></setOutcomeValue></responseElseIf>
                <responseElse><setOutcomeValue identifier="O"><baseValue baseType="float">4</baseValue></setOutcomeValue></responseElse>
              </responseCondition>
            </responseProcessing>"#,
        ),
        &OperatorRegistry::with_builtins(),
    )
    .unwrap_err();
    assert_eq!(e.problems.len(), 2, "{e}");
    assert!(
        e.problems
            .iter()
            .all(|p| p.code.as_str() == codes::UNSUPPORTED),
        "{e}"
    );
    assert!(e.to_string().contains("responseElseIf"), "{e}");
}

/// A rule placed after the else branch in code (the reader only keeps unknown elements there)
/// is reported as not run, not silently dropped with the rest of processing.
#[test]
fn a_typed_rule_after_an_else_branch_is_reported() {
    let mut it = item(
        r#"<outcomeDeclaration identifier="O" cardinality="single" baseType="float"/>
        <responseProcessing>
          <responseCondition>
            <responseIf><isNull><variable identifier="O"/></isNull><setOutcomeValue identifier="O"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseIf>
            <responseElse><setOutcomeValue identifier="O"><baseValue baseType="float">2</baseValue></setOutcomeValue></responseElse>
          </responseCondition>
        </responseProcessing>"#,
    );
    let rp = it.response_processing.as_mut().unwrap();
    let qti::processing::ResponseRule::Condition(c) = &mut rp.rules[0] else {
        panic!()
    };
    let moved = c.if_branch.rules[0].clone();
    c.after_else.push(moved);
    let e = CompiledItem::compile(&it, &OperatorRegistry::with_builtins()).unwrap_err();
    assert_eq!(e.problems.len(), 1, "{e}");
    assert_eq!(e.code(), codes::UNSUPPORTED);
    assert!(
        e.to_string()
            .contains("a rule after the else branch of responseCondition is out of place"),
        "{e}"
    );
}

/// An element read out of place between the branches of a condition (kept by the reader) is
/// reported by its name, not as a branch without an expression.
#[test]
fn an_element_between_the_branches_is_reported_by_name() {
    let e = CompiledItem::compile(
        &item(
            r#"<outcomeDeclaration identifier="O" cardinality="single" baseType="float"/>
            <responseProcessing>
              <responseCondition>
                <responseIf><isNull><variable identifier="O"/></isNull><setOutcomeValue identifier="O"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseIf>
                <setOutcomeValue identifier="O"><baseValue baseType="float">5</baseValue></setOutcomeValue>
                <responseElse><setOutcomeValue identifier="O"><baseValue baseType="float">2</baseValue></setOutcomeValue></responseElse>
              </responseCondition>
            </responseProcessing>"#,
        ),
        &OperatorRegistry::with_builtins(),
    )
    .unwrap_err();
    assert_eq!(e.problems.len(), 1, "{e}");
    assert_eq!(e.code(), codes::UNSUPPORTED);
    assert!(
        e.to_string().contains(
            "<setOutcomeValue> between the branches of responseCondition is out of place"
        ),
        "{e}"
    );
}
