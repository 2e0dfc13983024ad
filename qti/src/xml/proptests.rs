//! Property tests: generated models (items with declarations, processing and body content;
//! tests with structure and outcome processing) round-trip through XML in 2.1, 2.2 and 3.0,
//! and through conversion chains.

use lti_core::xml::Span;
use proptest::prelude::*;

use crate::content::{BodyNode, ConditionalContent, HtmlElement, ItemBody};
use crate::declarations::{
    LookupTable, MapEntry, Mapping, MatchTableEntry, OutcomeDeclaration, ResponseDeclaration,
    ValueElement, ValueSet, VariableHeader,
};
use crate::interactions::{
    Choice, ChoiceInteraction, ChoiceKind, Interaction, InteractionKind, TextInteraction,
};
use crate::item::AssessmentItem;
use crate::processing::{
    Branch, Condition, Exit, Expression, ExpressionKind, Literal, MathConstantName,
    OutcomeProcessing, OutcomeRule, ResponseProcessing, ResponseRule, RoundingMode, SetValue,
};
use crate::test::{
    AssessmentItemRef, AssessmentSection, AssessmentTest, BranchRule, Control, ItemSessionControl,
    NavigationMode, Ordering, SectionPart, Selection, SubmissionMode, TestPart, TimeLimits, Weight,
};
use crate::value::{
    BaseType, Cardinality, Float, FloatOrRef, Identifier, IntOrRef, SingleValue, View,
};
use crate::{QtiDocument, ReadOptions, Version, parse, write};

fn ident() -> impl Strategy<Value = Identifier> {
    "[A-Z][A-Z0-9_]{0,5}".prop_map(Identifier::new)
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 <>&\"'.,é]{1,12}".prop_map(|s| s)
}

fn quarter() -> impl Strategy<Value = f64> {
    (-400i32..400).prop_map(|n| f64::from(n) / 4.0)
}

fn single_value() -> impl Strategy<Value = SingleValue> {
    prop_oneof![
        ident().prop_map(SingleValue::Identifier),
        any::<bool>().prop_map(SingleValue::Boolean),
        (-1000i64..1000).prop_map(SingleValue::Integer),
        quarter().prop_map(SingleValue::Float),
        "[a-z]{1,8}".prop_map(SingleValue::String),
    ]
}

fn leaf() -> impl Strategy<Value = Expression> {
    prop_oneof![
        single_value().prop_map(|v| Expression::new(ExpressionKind::BaseValue {
            base_type: v.base_type(),
            value: Literal::of(v),
        })),
        (ident(), proptest::option::of(ident())).prop_map(|(i, w)| Expression::new(
            ExpressionKind::Variable {
                identifier: i,
                weight_identifier: w,
            }
        )),
        ident().prop_map(|i| Expression::new(ExpressionKind::Correct { identifier: i })),
        ident().prop_map(|i| Expression::new(ExpressionKind::Default { identifier: i })),
        Just(Expression::new(ExpressionKind::Null)),
        Just(Expression::new(ExpressionKind::MathConstant {
            name: MathConstantName::Pi
        })),
        (0i64..5, 5i64..20, proptest::option::of(ident())).prop_map(|(a, b, r)| {
            Expression::new(ExpressionKind::RandomInteger {
                min: Some(IntOrRef::Int(a)),
                max: r.map_or(IntOrRef::Int(b), IntOrRef::Ref),
                step: None,
            })
        }),
    ]
}

/// Operands the XSDs allow in numeric operators (`sum` and friends take no boolean-valued
/// operators).
fn numeric_leaf() -> impl Strategy<Value = Expression> {
    prop_oneof![
        (-100i64..100).prop_map(|n| Expression::new(ExpressionKind::BaseValue {
            base_type: BaseType::Integer,
            value: Literal::of(SingleValue::Integer(n)),
        })),
        quarter().prop_map(|f| Expression::new(ExpressionKind::BaseValue {
            base_type: BaseType::Float,
            value: Literal::of(SingleValue::Float(f)),
        })),
        ident().prop_map(|i| Expression::new(ExpressionKind::Variable {
            identifier: i,
            weight_identifier: None,
        })),
        Just(Expression::new(ExpressionKind::MathConstant {
            name: MathConstantName::E
        })),
    ]
}

fn expression() -> impl Strategy<Value = Expression> {
    leaf().prop_recursive(3, 24, 3, |inner| {
        let ops = proptest::collection::vec(inner.clone(), 1..3);
        let two = proptest::collection::vec(inner.clone(), 2..=2);
        prop_oneof![
            ops.clone()
                .prop_map(|o| Expression::new(ExpressionKind::And(o))),
            proptest::collection::vec(numeric_leaf(), 1..3)
                .prop_map(|o| Expression::new(ExpressionKind::Sum(o))),
            ops.clone()
                .prop_map(|o| Expression::new(ExpressionKind::Multiple(o))),
            two.clone()
                .prop_map(|o| Expression::new(ExpressionKind::Match(o))),
            two.prop_map(|o| Expression::new(ExpressionKind::Equal {
                tolerance_mode: Some(crate::processing::ToleranceMode::Absolute),
                tolerance: Some(vec![FloatOrRef::Float(Float::new(0.5))]),
                include_lower_bound: Some(false),
                include_upper_bound: None,
                operands: o,
            })),
            (inner.clone(), 1i64..4).prop_map(|(e, f)| Expression::new(ExpressionKind::RoundTo {
                rounding_mode: Some(RoundingMode::DecimalPlaces),
                figures: IntOrRef::Int(f),
                operands: vec![e],
            })),
            (ops.clone(), 0i64..2, 2i64..4).prop_map(|(o, a, b)| Expression::new(
                ExpressionKind::AnyN {
                    min: IntOrRef::Int(a),
                    max: IntOrRef::Int(b),
                    operands: o,
                }
            )),
            (ops, "[a-z]{1,6}").prop_map(|(o, c)| Expression::new(
                ExpressionKind::CustomOperator {
                    class: Some(c),
                    definition: None,
                    operands: o,
                }
            )),
            inner.prop_map(|e| Expression::new(ExpressionKind::Not(vec![e]))),
        ]
    })
}

fn response_rules() -> impl Strategy<Value = Vec<ResponseRule>> {
    fn set() -> impl Strategy<Value = ResponseRule> {
        (ident(), expression())
            .prop_map(|(i, e)| ResponseRule::SetOutcomeValue(SetValue::new(i, e)))
    }
    let cond = (
        expression(),
        proptest::collection::vec(set(), 0..2),
        proptest::option::of((expression(), proptest::collection::vec(set(), 1..2))),
        any::<bool>(),
        proptest::collection::vec(kept_rule(), 0..3),
    )
        .prop_map(|(c, rules, elif, with_else, kept)| {
            let else_if = elif
                .map(|(e, r)| vec![Branch::new(Some(e), r)])
                .unwrap_or_default();
            let else_branch = with_else
                .then(|| Branch::new(None, vec![ResponseRule::ExitResponse(Exit::default())]));
            let mut condition = Condition::new(Branch::new(Some(c), rules), else_if, else_branch);
            // Elements after the else branch (not valid QTI, kept in place): only next to an
            // else branch, which is where the reader keeps them.
            if with_else {
                condition.after_else = kept;
            }
            ResponseRule::Condition(Box::new(condition))
        });
    proptest::collection::vec(prop_oneof![set(), cond], 0..3)
}

/// An element the model does not know, kept as a rule: a foreign element with text (its
/// namespace declared on it, as the reader records it).
fn kept_rule() -> impl Strategy<Value = ResponseRule> {
    ("[a-z][a-zA-Z]{0,8}", text()).prop_map(|(local, t)| {
        let ns = lti_core::xml::Namespace::new("urn:x-test:kept");
        let mut el = lti_core::xml::Element::new(lti_core::xml::QName::prefixed(&ns, "k", local));
        el.namespace_declarations
            .push(lti_core::xml::NamespaceDeclaration::new(
                Some("k"),
                Some(&ns),
            ));
        el.children.push(lti_core::xml::Node::Text(t));
        ResponseRule::Unknown(Box::new(el))
    })
}

fn value_set(values: Vec<SingleValue>) -> ValueSet {
    ValueSet::new(values.into_iter().map(ValueElement::new).collect())
}

fn body() -> impl Strategy<Value = Vec<BodyNode>> {
    let choice = (ident(), text())
        .prop_map(|(i, t)| Choice::new(ChoiceKind::SimpleChoice, i, vec![BodyNode::text(t)]));
    let interaction = (
        proptest::collection::vec(choice, 1..4),
        proptest::option::of(1u32..3),
        any::<bool>(),
    )
        .prop_map(|(choices, max, shuffle)| {
            let mut ids = std::collections::HashSet::new();
            let choices = choices
                .into_iter()
                .filter(|c| ids.insert(c.identifier.clone()))
                .collect();
            BodyNode::Interaction(Box::new(Interaction::new(
                "RESPONSE",
                InteractionKind::Choice(ChoiceInteraction {
                    shuffle: Some(shuffle),
                    max_choices: max,
                    min_choices: None,
                    orientation: None,
                    choices,
                }),
            )))
        });
    let para = (text(), text(), proptest::option::of(1u32..20)).prop_map(|(a, b, len)| {
        let mut p = HtmlElement::new("p");
        p.attributes
            .push(lti_core::xml::Attribute::new("class", "q"));
        let mut t = Interaction::new(
            "TEXT",
            InteractionKind::TextEntry(TextInteraction::default()),
        );
        if let InteractionKind::TextEntry(k) = &mut t.kind {
            k.expected_length = len;
        }
        let mut b_el = HtmlElement::new("b");
        b_el.children.push(BodyNode::text(b));
        p.children = vec![
            BodyNode::text(a),
            BodyNode::Html(Box::new(b_el)),
            BodyNode::Interaction(Box::new(t)),
        ];
        BodyNode::Html(Box::new(p))
    });
    let feedback = (ident(), text()).prop_map(|(i, t)| {
        let mut p = HtmlElement::new("p");
        p.children.push(BodyNode::text(t));
        BodyNode::FeedbackBlock(Box::new(ConditionalContent {
            variable: Identifier::new("FEEDBACK"),
            identifier: i,
            show_hide: Some(crate::value::ShowHide::Show),
            attributes: Vec::new(),
            stylesheets: Vec::new(),
            content: vec![BodyNode::Html(Box::new(p))],
            catalog_info: None,
            span: Span::default(),
        }))
    });
    (interaction, para, proptest::option::of(feedback)).prop_map(|(i, p, f)| {
        let mut v = vec![p, i];
        v.extend(f);
        v
    })
}

fn item() -> impl Strategy<Value = AssessmentItem> {
    (
        ident(),
        text(),
        proptest::collection::vec(ident(), 1..3),
        proptest::collection::vec((text(), quarter()), 0..3),
        proptest::option::of(quarter()),
        response_rules(),
        body(),
        proptest::collection::vec((1i64..5, -3i64..3), 0..3),
    )
        .prop_map(|(id, title, correct, map, default, rules, body, table)| {
            let mut item = AssessmentItem::new(Version::V2p1, id, title);
            item.adaptive = Some(false);
            item.time_dependent = Some(false);
            let mut rd = ResponseDeclaration::new(VariableHeader::new(
                "RESPONSE",
                Cardinality::Multiple,
                Some(BaseType::Identifier),
            ));
            rd.correct_response = Some(value_set(
                correct.into_iter().map(SingleValue::Identifier).collect(),
            ));
            if !map.is_empty() {
                let mut m = Mapping {
                    default_value: default.map(Float::new),
                    ..Mapping::default()
                };
                for (k, v) in map {
                    let mut e = MapEntry {
                        map_key: k,
                        mapped_value: Float::new(v),
                        case_sensitive: Some(false),
                        other_attributes: Vec::new(),
                        span: Span::default(),
                    };
                    e.span = Span::default();
                    m.entries.push(e);
                }
                rd.mapping = Some(m);
            }
            item.response_declarations.push(rd);
            item.response_declarations
                .push(ResponseDeclaration::new(VariableHeader::new(
                    "TEXT",
                    Cardinality::Single,
                    Some(BaseType::String),
                )));
            let mut score = OutcomeDeclaration::new(VariableHeader::new(
                "SCORE",
                Cardinality::Single,
                Some(BaseType::Float),
            ));
            score.default_value = Some(value_set(vec![SingleValue::Float(0.0)]));
            score.view = Some(vec![View::Candidate, View::Scorer]);
            score.normal_maximum = Some(Float::new(10.0));
            if !table.is_empty() {
                score.lookup_table = Some(LookupTable::MatchTable {
                    default_value: Some("0".to_owned()),
                    entries: table
                        .into_iter()
                        .map(|(s, t)| MatchTableEntry {
                            source_value: s,
                            target_value: t.to_string(),
                            other_attributes: Vec::new(),
                            span: Span::default(),
                        })
                        .collect(),
                    other_attributes: Vec::new(),
                    span: Span::default(),
                });
            }
            item.outcome_declarations.push(score);
            item.outcome_declarations
                .push(OutcomeDeclaration::new(VariableHeader::new(
                    "FEEDBACK",
                    Cardinality::Single,
                    Some(BaseType::Identifier),
                )));
            item.item_body = Some(ItemBody {
                attributes: Vec::new(),
                content: body,
                span: Span::default(),
            });
            item.response_processing = Some(ResponseProcessing {
                template: None,
                template_location: None,
                rules,
                other_attributes: Vec::new(),
                span: Span::default(),
            });
            item
        })
}

fn test_doc() -> impl Strategy<Value = AssessmentTest> {
    let item_ref = (
        ident(),
        proptest::option::of(quarter()),
        proptest::option::of(expression()),
        any::<bool>(),
    )
        .prop_map(|(id, w, pre, control)| {
            let mut r = AssessmentItemRef {
                identifier: id.clone(),
                href: format!("items/{id}.xml"),
                category: Some(vec![Identifier::new("cat")]),
                required: None,
                fixed: Some(true),
                control: Control::default(),
                variable_mappings: Vec::new(),
                weights: Vec::new(),
                template_defaults: Vec::new(),
                extensions: Vec::new(),
                other_attributes: Vec::new(),
                span: Span::default(),
            };
            if let Some(w) = w {
                r.weights.push(Weight {
                    identifier: Identifier::new("W"),
                    value: Float::new(w),
                    span: Span::default(),
                });
            }
            if let Some(e) = pre {
                r.control.branch_rules.push(BranchRule {
                    target: Identifier::new("EXIT_TEST"),
                    expression: Some(e),
                    span: Span::default(),
                });
            }
            if control {
                r.control.item_session_control = Some(ItemSessionControl {
                    max_attempts: Some(2),
                    allow_skipping: Some(false),
                    ..ItemSessionControl::default()
                });
                r.control.time_limits = Some(TimeLimits {
                    max_time: Some(Float::new(90.5)),
                    ..TimeLimits::default()
                });
            }
            r
        });
    (
        ident(),
        text(),
        proptest::collection::vec(item_ref, 1..4),
        any::<bool>(),
        (ident(), expression()),
    )
        .prop_map(|(id, title, refs, shuffle, (out, e))| {
            let mut ids = std::collections::HashSet::new();
            let refs: Vec<SectionPart> = refs
                .into_iter()
                .filter(|r| ids.insert(r.identifier.clone()))
                .map(|r| SectionPart::ItemRef(Box::new(r)))
                .collect();
            let n = i64::try_from(refs.len()).unwrap_or(1);
            let section = AssessmentSection {
                version: Version::V2p1,
                identifier: Identifier::new("S1"),
                title: "Section".to_owned(),
                visible: true,
                required: None,
                fixed: None,
                keep_together: None,
                control: Control::default(),
                adaptive_selection: None,
                selection: Some(Selection {
                    select: n,
                    with_replacement: None,
                    extensions: Vec::new(),
                    other_attributes: Vec::new(),
                }),
                ordering: Some(Ordering {
                    shuffle: Some(shuffle),
                    ..Ordering::default()
                }),
                rubric_blocks: Vec::new(),
                children: refs,
                extensions: Vec::new(),
                other_attributes: Vec::new(),
                namespace_declarations: Vec::new(),
                span: Span::default(),
            };
            AssessmentTest {
                version: Version::V2p1,
                identifier: id,
                title,
                tool_name: None,
                tool_version: None,
                context_declarations: Vec::new(),
                outcome_declarations: vec![OutcomeDeclaration::new(VariableHeader::new(
                    out.clone(),
                    Cardinality::Single,
                    Some(BaseType::Float),
                ))],
                time_limits: None,
                stylesheets: Vec::new(),
                rubric_blocks: Vec::new(),
                test_parts: vec![TestPart {
                    identifier: Identifier::new("P1"),
                    navigation_mode: NavigationMode::Nonlinear,
                    submission_mode: SubmissionMode::Simultaneous,
                    title: None,
                    control: Control::default(),
                    rubric_blocks: Vec::new(),
                    sections: vec![SectionPart::Section(Box::new(section))],
                    test_feedbacks: Vec::new(),
                    extensions: Vec::new(),
                    other_attributes: Vec::new(),
                    span: Span::default(),
                }],
                outcome_processing: Some(OutcomeProcessing {
                    rules: vec![OutcomeRule::SetOutcomeValue(SetValue::new(out, e))],
                    other_attributes: Vec::new(),
                    span: Span::default(),
                }),
                test_feedbacks: Vec::new(),
                extensions: Vec::new(),
                other_attributes: Vec::new(),
                namespace_declarations: Vec::new(),
                span: Span::default(),
            }
        })
}

fn section_versions(parts: &mut [SectionPart], v: Version) {
    for p in parts {
        if let SectionPart::Section(s) = p {
            s.version = v;
            section_versions(&mut s.children, v);
        }
    }
}

fn with_version(doc: &QtiDocument, v: Version) -> QtiDocument {
    let mut d = doc.clone();
    match &mut d {
        QtiDocument::Item(i) => i.version = v,
        QtiDocument::Test(t) => {
            t.version = v;
            for p in &mut t.test_parts {
                section_versions(&mut p.sections, v);
            }
        }
        QtiDocument::Section(s) => s.version = v,
        QtiDocument::Stimulus(s) => s.version = v,
        QtiDocument::Result(r) => r.version = v,
    }
    d
}

/// Namespace declarations are how the XML was written, not part of the comparison.
fn without_ns_decls(mut d: QtiDocument) -> QtiDocument {
    match &mut d {
        QtiDocument::Item(i) => i.namespace_declarations.clear(),
        QtiDocument::Test(t) => t.namespace_declarations.clear(),
        QtiDocument::Section(s) => s.namespace_declarations.clear(),
        QtiDocument::Stimulus(s) => s.namespace_declarations.clear(),
        QtiDocument::Result(r) => r.namespace_declarations.clear(),
    }
    d
}

fn round_trip(doc: &QtiDocument) -> Result<(), TestCaseError> {
    for v in [Version::V2p1, Version::V2p2, Version::V3p0] {
        let d = with_version(doc, v);
        let out = write(&d, v);
        prop_assert!(out.report.problems.is_empty(), "{:?}", out.report);
        // Generated expression trees do not follow the XSDs' typed operand groups (a boolean
        // inside sum…), so the schema checks are off here; schema validity of written
        // documents is tested with xmllint and the corpus.
        let (back, report) = parse(out.xml.as_bytes(), &ReadOptions::unchecked())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", out.xml)))?;
        prop_assert!(report.problems.is_empty(), "{v}: {:?}\n{}", report, out.xml);
        prop_assert_eq!(&without_ns_decls(back), &d, "{}", out.xml);
    }
    // Conversion chain 2.1 → 3.0 → 2.2 → 2.1 loses nothing of the common vocabulary. Elements
    // kept out of place after an else branch are not valid in the target version: the first
    // conversion leaves them out and says so.
    let mut expected = with_version(doc, Version::V2p1);
    let kept = without_kept_rules(&mut expected);
    let mut cur = with_version(doc, Version::V2p1);
    for v in [Version::V3p0, Version::V2p2, Version::V2p1] {
        let out = write(&cur, v);
        prop_assert!(!out.report.has_errors(), "{:?}", out.report);
        if v == Version::V3p0 {
            // One removal reported per kept element (and nothing else of the item removed).
            let dropped = out
                .report
                .problems
                .iter()
                .filter(|p| p.code == crate::codes::CONVERT_ELEMENT_DROPPED)
                .count();
            prop_assert_eq!(dropped, kept, "{:?}", out.report);
        }
        cur = without_ns_decls(
            parse(out.xml.as_bytes(), &ReadOptions::default())
                .map_err(|e| TestCaseError::fail(e.to_string()))?
                .0,
        );
    }
    prop_assert_eq!(&cur, &expected);
    Ok(())
}

/// Removes the rules kept after else branches (`Condition::after_else`) of the item's response
/// processing; how many there were.
fn without_kept_rules(doc: &mut QtiDocument) -> usize {
    let QtiDocument::Item(item) = doc else {
        return 0;
    };
    let Some(rp) = item.response_processing.as_mut() else {
        return 0;
    };
    let mut n = 0;
    for rule in &mut rp.rules {
        if let ResponseRule::Condition(c) = rule {
            n += c.after_else.len();
            c.after_else.clear();
        }
    }
    n
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn items_round_trip(item in item()) {
        round_trip(&QtiDocument::Item(item))?;
    }

    #[test]
    fn tests_round_trip(t in test_doc()) {
        round_trip(&QtiDocument::Test(t))?;
    }
}

/// Writes generated documents as seeds for the `qti_read`, `qti_roundtrip` and `qti_engine`
/// fuzz targets (fuzz/README.md; `fuzz/seed.sh` runs it): 150 items and 150 tests, each in 2.1,
/// 2.2 and 3.0, every one checked to read back. With `QTI_FUZZ_SEEDS=DIR` (an absolute path)
/// they go to DIR, otherwise to a temporary folder that is removed.
///
/// ```text
/// QTI_FUZZ_SEEDS=$PWD/fuzz/corpus/qti_read cargo test -p qti --lib write_fuzz_seeds -- --ignored
/// ```
/// (from the repository root).
#[test]
#[ignore = "writes 900 files; run on demand to seed the fuzz corpora"]
fn write_fuzz_seeds() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let (dir, temporary) = match std::env::var_os("QTI_FUZZ_SEEDS") {
        Some(d) => (std::path::PathBuf::from(d), false),
        None => (
            std::env::temp_dir().join(format!("qti-fuzz-seeds-{}", std::process::id())),
            true,
        ),
    };
    std::fs::create_dir_all(&dir).expect("seed folder");
    // Deterministic: the same seeds on every run.
    let mut runner = TestRunner::deterministic();
    let mut written = 0;
    for n in 0..150 {
        let item = item().new_tree(&mut runner).expect("an item").current();
        let test = test_doc().new_tree(&mut runner).expect("a test").current();
        for (kind, doc) in [
            ("item", QtiDocument::Item(item)),
            ("test", QtiDocument::Test(test)),
        ] {
            for v in [Version::V2p1, Version::V2p2, Version::V3p0] {
                let out = write(&with_version(&doc, v), v);
                assert!(
                    parse(out.xml.as_bytes(), &ReadOptions::unchecked()).is_ok(),
                    "{}",
                    out.xml
                );
                let name = format!("gen-{kind}-{}-{n:03}.xml", v.as_str().replace('.', "p"));
                std::fs::write(dir.join(name), out.xml).expect("seed written");
                written += 1;
            }
        }
    }
    assert_eq!(written, 900);
    if temporary {
        std::fs::remove_dir_all(&dir).expect("temporary folder removed");
    }
}
