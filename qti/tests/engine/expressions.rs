//! One test per expression (normal values, NULL, type errors), evaluated against the
//! variables of `fixtures/engine/expressions.xml`.

use qti::processing::{Expression, ResponseRule};
use qti::runtime::{CompiledItem, EngineError, ItemSession, OperatorRegistry};
use qti::value::{Pair, Point};
use qti::{QtiDocument, ReadOptions, SingleValue, Value};

const FIXTURE: &str = include_str!("../fixtures/engine/expressions.xml");

struct Env {
    item: CompiledItem,
    session: ItemSession,
    registry: OperatorRegistry,
}

fn id(s: &str) -> SingleValue {
    SingleValue::Identifier(s.into())
}

fn env() -> Env {
    let (QtiDocument::Item(item), _) =
        qti::parse(FIXTURE.as_bytes(), &ReadOptions::default()).unwrap()
    else {
        panic!("fixture is an item")
    };
    let mut registry = OperatorRegistry::with_builtins();
    registry.register_class(
        "com.example.Double",
        |args: &[Value], _: &qti::runtime::CustomArgs<'_>| match args {
            [Value::Single(SingleValue::Integer(i))] => {
                Ok(Value::Single(SingleValue::Integer(i * 2)))
            }
            [Value::Null] => Ok(Value::Null),
            _ => Err("expects one integer".to_owned()),
        },
    );
    let compiled = CompiledItem::compile(&item, &registry).unwrap();
    let mut session = compiled.new_session(7).unwrap();
    session.begin_attempt(&compiled).unwrap();
    let set = |s: &mut ItemSession, k: &str, v: Value| s.set_response(&compiled, k, v).unwrap();
    set(&mut session, "RID", Value::Single(id("A")));
    set(
        &mut session,
        "RMULT",
        Value::Multiple(vec![id("A"), id("B"), id("B")]),
    );
    set(
        &mut session,
        "RORD",
        Value::Ordered(vec![id("A"), id("B"), id("C")]),
    );
    set(
        &mut session,
        "RPAIR",
        Value::Multiple(vec![SingleValue::Pair(Pair::new("A", "B"))]),
    );
    set(
        &mut session,
        "RDP",
        Value::Multiple(vec![SingleValue::DirectedPair(Pair::new("A", "B"))]),
    );
    set(
        &mut session,
        "RPOINT",
        Value::Multiple(vec![
            SingleValue::Point(Point::new(1, 1)),
            SingleValue::Point(Point::new(2, 2)),
            SingleValue::Point(Point::new(50, 52)),
            SingleValue::Point(Point::new(90, 90)),
        ]),
    );
    set(
        &mut session,
        "RSTR",
        Value::Single(SingleValue::String("Hello".into())),
    );
    set(&mut session, "RINT", Value::Single(SingleValue::Integer(7)));
    set(
        &mut session,
        "RFLOAT",
        Value::Single(SingleValue::Float(2.5)),
    );
    set(
        &mut session,
        "RDUR",
        Value::Single(SingleValue::Duration(30.0)),
    );
    set(
        &mut session,
        "RREC",
        Value::Record(vec![
            ("x".into(), Some(SingleValue::Integer(1))),
            ("y".into(), None),
        ]),
    );
    set(
        &mut session,
        "RNUMS",
        Value::Ordered(vec![
            SingleValue::Float(2.0),
            SingleValue::Float(4.0),
            SingleValue::Float(6.0),
        ]),
    );
    Env {
        item: compiled,
        session,
        registry,
    }
}

/// Parses one expression (2.1 syntax) by wrapping it in an item's response processing.
fn parse_expr(xml: &str) -> Expression {
    let doc = format!(
        r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x" title="x" adaptive="false" timeDependent="false"><outcomeDeclaration identifier="O" cardinality="single" baseType="float"/><responseProcessing><setOutcomeValue identifier="O">{xml}</setOutcomeValue></responseProcessing></assessmentItem>"#
    );
    let (QtiDocument::Item(item), _) =
        qti::parse(doc.as_bytes(), &ReadOptions::unchecked()).unwrap()
    else {
        panic!()
    };
    match &item.response_processing.unwrap().rules[0] {
        ResponseRule::SetOutcomeValue(s) => s.expression.clone().unwrap(),
        _ => panic!(),
    }
}

fn ev(e: &mut Env, xml: &str) -> Result<Value, EngineError> {
    let x = parse_expr(xml);
    e.item.evaluate(&mut e.session, &x, &e.registry)
}

fn ok(e: &mut Env, xml: &str) -> Value {
    ev(e, xml).unwrap_or_else(|err| panic!("{xml}: {err}"))
}

fn type_error(e: &mut Env, xml: &str) {
    let r = ev(e, xml);
    assert!(r.is_err(), "{xml} should be a type error, got {r:?}");
}

fn b(x: bool) -> Value {
    Value::Single(SingleValue::Boolean(x))
}
fn i(x: i64) -> Value {
    Value::Single(SingleValue::Integer(x))
}
fn f(x: f64) -> Value {
    Value::Single(SingleValue::Float(x))
}
fn s(x: &str) -> Value {
    Value::Single(SingleValue::String(x.into()))
}
fn iv(x: &str) -> Value {
    Value::Single(id(x))
}
fn bv(t: &str, v: &str) -> String {
    format!(r#"<baseValue baseType="{t}">{v}</baseValue>"#)
}
fn var(v: &str) -> String {
    format!(r#"<variable identifier="{v}"/>"#)
}
fn op(name: &str, inner: &[String]) -> String {
    format!("<{name}>{}</{name}>", inner.concat())
}
fn int(v: i64) -> String {
    bv("integer", &v.to_string())
}
fn fl(v: f64) -> String {
    bv("float", &v.to_string())
}
const NULL: &str = "<null/>";

#[test]
fn base_value_variable_default_correct() {
    let e = &mut env();
    assert_eq!(
        ok(e, &bv("pair", "A B")),
        Value::Single(SingleValue::Pair(Pair::new("A", "B")))
    );
    assert_eq!(
        ok(e, &bv("duration", "PT1M")),
        Value::Single(SingleValue::Duration(60.0))
    );
    assert_eq!(ok(e, &var("RINT")), i(7));
    assert_eq!(ok(e, &var("RNULL")), Value::Null);
    assert!(matches!(
        ev(e, &var("NOPE")),
        Err(EngineError::UnknownVariable { .. })
    ));
    assert_eq!(ok(e, r#"<default identifier="RID"/>"#), iv("Z"));
    assert_eq!(ok(e, r#"<default identifier="RNULL"/>"#), Value::Null);
    assert_eq!(ok(e, r#"<default identifier="N"/>"#), i(2));
    assert_eq!(ok(e, r#"<correct identifier="RID"/>"#), iv("A"));
    assert_eq!(ok(e, r#"<correct identifier="RORD"/>"#), Value::Null);
    assert_eq!(
        ok(e, r#"<correct identifier="RMULT"/>"#),
        Value::Multiple(vec![id("A"), id("B")])
    );
    assert!(
        ev(e, &bv("integer", "1.5")).is_err(),
        "a literal of the wrong type"
    );
}

#[test]
fn map_response_and_map_response_point() {
    let e = &mut env();
    assert_eq!(ok(e, r#"<mapResponse identifier="RID"/>"#), f(2.0));
    // {A,B,B}: A=1, B=1 once -> 2 (upper bound 2.5 not reached).
    assert_eq!(ok(e, r#"<mapResponse identifier="RMULT"/>"#), f(2.0));
    // Points (1,1),(2,2) in the rect (once: 1), (50,52) in the circle (3), (90,90) nowhere
    // (default 0.25): 4.25.
    assert_eq!(ok(e, r#"<mapResponsePoint identifier="RPOINT"/>"#), f(4.25));
    // No mapping declared: 0 (with a compile warning).
    assert_eq!(ok(e, r#"<mapResponse identifier="RORD"/>"#), f(0.0));
    assert!(
        ev(e, r#"<mapResponse identifier="SCORE"/>"#).is_err(),
        "not a response"
    );
}

#[test]
fn math_constant_null_random() {
    let e = &mut env();
    assert_eq!(
        ok(e, r#"<mathConstant name="pi"/>"#),
        f(std::f64::consts::PI)
    );
    assert_eq!(ok(e, r#"<mathConstant name="e"/>"#), f(std::f64::consts::E));
    assert_eq!(ok(e, NULL), Value::Null);
    for _ in 0..50 {
        let Value::Single(SingleValue::Integer(x)) =
            ok(e, r#"<randomInteger min="2" max="12" step="5"/>"#)
        else {
            panic!()
        };
        assert!([2, 7, 12].contains(&x));
        let Value::Single(SingleValue::Float(y)) = ok(e, r#"<randomFloat min="1" max="2"/>"#)
        else {
            panic!()
        };
        assert!((1.0..=2.0).contains(&y));
        let Value::Single(SingleValue::Integer(z)) = ok(e, r#"<randomInteger max="N"/>"#) else {
            panic!()
        };
        assert!((0..=2).contains(&z), "max from template variable N");
    }
    assert!(ev(e, r#"<randomInteger min="5" max="1"/>"#).is_err());
    assert!(ev(e, r#"<randomFloat min="5" max="1"/>"#).is_err());
}

#[test]
fn test_level_aggregates_need_a_test() {
    let e = &mut env();
    for x in [
        "<numberCorrect/>",
        "<numberIncorrect/>",
        "<numberPresented/>",
        "<numberResponded/>",
        "<numberSelected/>",
        r#"<outcomeMaximum outcomeIdentifier="SCORE"/>"#,
        r#"<outcomeMinimum outcomeIdentifier="SCORE"/>"#,
        r#"<testVariables variableIdentifier="SCORE"/>"#,
    ] {
        assert!(matches!(ev(e, x), Err(EngineError::Unsupported(_))), "{x}");
    }
}

#[test]
fn multiple_and_ordered() {
    let e = &mut env();
    assert_eq!(
        ok(
            e,
            &op(
                "multiple",
                &[bv("identifier", "A"), NULL.into(), var("RMULT")]
            )
        ),
        Value::Multiple(vec![id("A"), id("A"), id("B"), id("B")])
    );
    assert_eq!(
        ok(e, &op("multiple", &[NULL.into()])),
        Value::Null,
        "all NULL: NULL"
    );
    assert_eq!(ok(e, "<multiple/>"), Value::Null);
    type_error(e, &op("multiple", &[bv("identifier", "A"), int(1)]));
    type_error(e, &op("multiple", &[var("RORD")]));
    assert_eq!(
        ok(e, &op("ordered", &[var("RORD"), bv("identifier", "D")])),
        Value::Ordered(vec![id("A"), id("B"), id("C"), id("D")])
    );
    assert_eq!(ok(e, &op("ordered", &[NULL.into()])), Value::Null);
    type_error(e, &op("ordered", &[var("RMULT")]));
}

#[test]
fn container_size_is_null_index_field_value_random() {
    let e = &mut env();
    assert_eq!(ok(e, &op("containerSize", &[var("RMULT")])), i(3));
    assert_eq!(ok(e, &op("containerSize", &[NULL.into()])), i(0));
    type_error(e, &op("containerSize", &[var("RID")]));
    assert_eq!(ok(e, &op("isNull", &[NULL.into()])), b(true));
    assert_eq!(
        ok(e, &op("isNull", &[bv("string", "")])),
        b(true),
        "empty string is NULL"
    );
    assert_eq!(ok(e, &op("isNull", &[var("RID")])), b(false));
    assert_eq!(
        ok(e, &format!(r#"<index n="2">{}</index>"#, var("RORD"))),
        iv("B")
    );
    assert_eq!(
        ok(e, &format!(r#"<index n="N">{}</index>"#, var("RORD"))),
        iv("B"),
        "n from a variable"
    );
    assert_eq!(
        ok(e, &format!(r#"<index n="9">{}</index>"#, var("RORD"))),
        Value::Null
    );
    assert_eq!(
        ok(e, &format!(r#"<index n="1">{NULL}</index>"#)),
        Value::Null
    );
    type_error(e, &format!(r#"<index n="1">{}</index>"#, var("RMULT")));
    assert!(ev(e, &format!(r#"<index n="0">{}</index>"#, var("RORD"))).is_err());
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<fieldValue fieldIdentifier="x">{}</fieldValue>"#,
                var("RREC")
            )
        ),
        i(1)
    );
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<fieldValue fieldIdentifier="y">{}</fieldValue>"#,
                var("RREC")
            )
        ),
        Value::Null
    );
    assert_eq!(
        ok(
            e,
            &format!(r#"<fieldValue fieldIdentifier="x">{NULL}</fieldValue>"#)
        ),
        Value::Null
    );
    type_error(
        e,
        &format!(
            r#"<fieldValue fieldIdentifier="x">{}</fieldValue>"#,
            var("RID")
        ),
    );
    let r = ok(e, &op("random", &[var("RORD")]));
    assert!([iv("A"), iv("B"), iv("C")].contains(&r));
    assert_eq!(ok(e, &op("random", &[NULL.into()])), Value::Null);
    type_error(e, &op("random", &[var("RREC")]));
}

#[test]
fn member_delete_contains() {
    let e = &mut env();
    assert_eq!(
        ok(e, &op("member", &[bv("identifier", "B"), var("RMULT")])),
        b(true)
    );
    assert_eq!(
        ok(e, &op("member", &[bv("identifier", "D"), var("RMULT")])),
        b(false)
    );
    assert_eq!(
        ok(e, &op("member", &[bv("pair", "B A"), var("RPAIR")])),
        b(true),
        "pair is unordered"
    );
    assert_eq!(
        ok(e, &op("member", &[bv("directedPair", "B A"), var("RDP")])),
        b(false),
        "directedPair is ordered"
    );
    assert_eq!(
        ok(e, &op("member", &[NULL.into(), var("RMULT")])),
        Value::Null
    );
    type_error(e, &op("member", &[int(1), var("RMULT")]));
    type_error(e, &op("member", &[var("RMULT"), var("RMULT")]));
    assert_eq!(
        ok(e, &op("delete", &[bv("identifier", "B"), var("RMULT")])),
        Value::Multiple(vec![id("A")])
    );
    assert_eq!(
        ok(
            e,
            &op(
                "delete",
                &[
                    bv("identifier", "A"),
                    op("multiple", &[bv("identifier", "A")])
                ]
            )
        ),
        Value::Null
    );
    assert_eq!(
        ok(e, &op("delete", &[bv("identifier", "B"), var("RORD")])),
        Value::Ordered(vec![id("A"), id("C")])
    );
    assert_eq!(
        ok(e, &op("delete", &[NULL.into(), var("RORD")])),
        Value::Null
    );
    type_error(e, &op("delete", &[var("RORD"), bv("identifier", "B")]));
    // contains: multiset inclusion for multiple (repeats count), contiguous subsequence for
    // ordered — not an intersection test.
    let m = |xs: &[&str]| {
        op(
            "multiple",
            &xs.iter().map(|x| bv("identifier", x)).collect::<Vec<_>>(),
        )
    };
    let o = |xs: &[&str]| {
        op(
            "ordered",
            &xs.iter().map(|x| bv("identifier", x)).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        ok(e, &op("contains", &[var("RMULT"), m(&["B", "B"])])),
        b(true)
    );
    assert_eq!(
        ok(e, &op("contains", &[var("RMULT"), m(&["A", "A"])])),
        b(false),
        "repeats count"
    );
    assert_eq!(
        ok(e, &op("contains", &[var("RMULT"), m(&["A", "D"])])),
        b(false),
        "not an intersection"
    );
    assert_eq!(
        ok(e, &op("contains", &[var("RORD"), o(&["B", "C"])])),
        b(true)
    );
    assert_eq!(
        ok(e, &op("contains", &[var("RORD"), o(&["A", "C"])])),
        b(false),
        "contiguous"
    );
    assert_eq!(
        ok(e, &op("contains", &[var("RORD"), o(&["C", "B"])])),
        b(false),
        "ordered"
    );
    assert_eq!(
        ok(e, &op("contains", &[NULL.into(), m(&["A"])])),
        Value::Null
    );
    type_error(e, &op("contains", &[var("RMULT"), var("RORD")]));
    type_error(
        e,
        &op("contains", &[var("RMULT"), op("multiple", &[int(1)])]),
    );
}

#[test]
fn repeat() {
    let e = &mut env();
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<repeat numberRepeats="2">{}{}</repeat>"#,
                bv("identifier", "X"),
                NULL
            )
        ),
        Value::Ordered(vec![id("X"), id("X")])
    );
    assert_eq!(
        ok(
            e,
            &format!(r#"<repeat numberRepeats="N">{}</repeat>"#, var("RORD"))
        )
        .cardinality(),
        Some(qti::Cardinality::Ordered)
    );
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<repeat numberRepeats="0">{}</repeat>"#,
                bv("identifier", "X")
            )
        ),
        Value::Null
    );
    assert_eq!(
        ok(e, &format!(r#"<repeat numberRepeats="3">{NULL}</repeat>"#)),
        Value::Null
    );
    type_error(
        e,
        &format!(r#"<repeat numberRepeats="2">{}</repeat>"#, var("RMULT")),
    );
}

#[test]
fn logic_and_or_not_any_n() {
    let e = &mut env();
    let t = || bv("boolean", "true");
    let fa = || bv("boolean", "false");
    let n = || NULL.to_owned();
    assert_eq!(ok(e, &op("and", &[t(), t()])), b(true));
    assert_eq!(ok(e, &op("and", &[t(), fa()])), b(false));
    assert_eq!(ok(e, &op("and", &[t(), n()])), Value::Null);
    assert_eq!(
        ok(e, &op("and", &[n(), fa()])),
        b(false),
        "false dominates NULL"
    );
    type_error(e, &op("and", &[t(), int(1)]));
    assert_eq!(ok(e, &op("or", &[fa(), t()])), b(true));
    assert_eq!(ok(e, &op("or", &[fa(), fa()])), b(false));
    assert_eq!(ok(e, &op("or", &[fa(), n()])), Value::Null);
    assert_eq!(
        ok(e, &op("or", &[n(), t()])),
        b(true),
        "true dominates NULL"
    );
    type_error(e, &op("or", &[s_lit("x")]));
    assert_eq!(ok(e, &op("not", &[t()])), b(false));
    assert_eq!(ok(e, &op("not", &[n()])), Value::Null);
    type_error(e, &op("not", &[int(0)]));
    let any = |min: i64, max: i64, xs: &[String]| {
        format!(r#"<anyN min="{min}" max="{max}">{}</anyN>"#, xs.concat())
    };
    assert_eq!(ok(e, &any(1, 2, &[t(), fa(), fa()])), b(true));
    assert_eq!(ok(e, &any(2, 3, &[t(), fa(), fa()])), b(false));
    assert_eq!(
        ok(e, &any(1, 1, &[t(), t(), fa()])),
        b(false),
        "too many true"
    );
    assert_eq!(
        ok(e, &any(2, 3, &[t(), n(), fa()])),
        Value::Null,
        "undecided"
    );
    assert_eq!(
        ok(e, &any(1, 3, &[t(), n(), fa()])),
        b(true),
        "decided whatever the NULL is"
    );
    assert_eq!(
        ok(e, &any(3, 3, &[t(), n(), fa()])),
        b(false),
        "decided whatever the NULL is"
    );
    type_error(e, &any(1, 1, &[int(1)]));
}

fn s_lit(x: &str) -> String {
    bv("string", x)
}

#[test]
fn match_string_match_pattern_match() {
    let e = &mut env();
    assert_eq!(
        ok(
            e,
            &op(
                "match",
                &[var("RID"), r#"<correct identifier="RID"/>"#.into()]
            )
        ),
        b(true)
    );
    assert_eq!(
        ok(
            e,
            &op(
                "match",
                &[
                    op(
                        "multiple",
                        &[
                            bv("identifier", "B"),
                            bv("identifier", "A"),
                            bv("identifier", "B")
                        ]
                    ),
                    var("RMULT")
                ]
            )
        ),
        b(true),
        "multiple: order ignored, repeats counted"
    );
    assert_eq!(
        ok(
            e,
            &op(
                "match",
                &[
                    op("multiple", &[bv("identifier", "A"), bv("identifier", "B")]),
                    var("RMULT")
                ]
            )
        ),
        b(false)
    );
    assert_eq!(
        ok(
            e,
            &op(
                "match",
                &[op("multiple", &[bv("pair", "B A")]), var("RPAIR")]
            )
        ),
        b(true)
    );
    assert_eq!(
        ok(
            e,
            &op(
                "match",
                &[op("multiple", &[bv("directedPair", "B A")]), var("RDP")]
            )
        ),
        b(false)
    );
    assert_eq!(
        ok(e, &op("match", &[var("RNULL"), bv("identifier", "A")])),
        Value::Null
    );
    type_error(e, &op("match", &[var("RID"), var("RMULT")]));
    type_error(e, &op("match", &[int(1), fl(1.0)]));
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<stringMatch caseSensitive="false">{}{}</stringMatch>"#,
                var("RSTR"),
                s_lit("HELLO")
            )
        ),
        b(true)
    );
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<stringMatch caseSensitive="true">{}{}</stringMatch>"#,
                var("RSTR"),
                s_lit("HELLO")
            )
        ),
        b(false)
    );
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<stringMatch caseSensitive="true" substring="true">{}{}</stringMatch>"#,
                var("RSTR"),
                s_lit("ell")
            )
        ),
        b(true)
    );
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<stringMatch caseSensitive="true">{}{NULL}</stringMatch>"#,
                var("RSTR")
            )
        ),
        Value::Null
    );
    type_error(
        e,
        &format!(
            r#"<stringMatch caseSensitive="true">{}{}</stringMatch>"#,
            var("RSTR"),
            int(1)
        ),
    );
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<patternMatch pattern="H[a-z]+">{}</patternMatch>"#,
                var("RSTR")
            )
        ),
        b(true)
    );
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<patternMatch pattern="ell">{}</patternMatch>"#,
                var("RSTR")
            )
        ),
        b(false),
        "anchored"
    );
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<patternMatch pattern="{{PAT}}">{}</patternMatch>"#,
                s_lit("abc")
            )
        ),
        b(true),
        "pattern from a variable"
    );
    assert_eq!(
        ok(
            e,
            &format!(r#"<patternMatch pattern="x">{NULL}</patternMatch>"#)
        ),
        Value::Null
    );
    type_error(
        e,
        &format!(r#"<patternMatch pattern="x">{}</patternMatch>"#, int(1)),
    );
    assert!(
        ev(
            e,
            &format!(
                r#"<patternMatch pattern="[a">{}</patternMatch>"#,
                var("RSTR")
            )
        )
        .is_err()
    );
}

#[test]
fn equal_and_equal_rounded() {
    let e = &mut env();
    assert_eq!(
        ok(e, &op("equal", &[int(2), fl(2.0)])),
        b(true),
        "numeric, across int and float"
    );
    let eq = |attrs: &str, x: String, y: String| format!("<equal {attrs}>{x}{y}</equal>");
    assert_eq!(
        ok(
            e,
            &eq(
                r#"toleranceMode="absolute" tolerance="0.5""#,
                fl(10.0),
                fl(10.5)
            )
        ),
        b(true)
    );
    assert_eq!(
        ok(
            e,
            &eq(
                r#"toleranceMode="absolute" tolerance="0.5" includeUpperBound="false""#,
                fl(10.0),
                fl(10.5)
            )
        ),
        b(false)
    );
    assert_eq!(
        ok(
            e,
            &eq(
                r#"toleranceMode="absolute" tolerance="0.1 1""#,
                fl(10.0),
                fl(10.9)
            )
        ),
        b(true),
        "two tolerances"
    );
    assert_eq!(
        ok(
            e,
            &eq(
                r#"toleranceMode="absolute" tolerance="0.1 1""#,
                fl(10.0),
                fl(9.8)
            )
        ),
        b(false)
    );
    assert_eq!(
        ok(
            e,
            &eq(
                r#"toleranceMode="relative" tolerance="10""#,
                fl(100.0),
                fl(109.0)
            )
        ),
        b(true)
    );
    assert_eq!(
        ok(
            e,
            &eq(
                r#"toleranceMode="relative" tolerance="10""#,
                fl(100.0),
                fl(111.0)
            )
        ),
        b(false)
    );
    assert_eq!(ok(e, &eq("", fl(1.0), NULL.into())), Value::Null);
    type_error(e, &eq("", fl(1.0), s_lit("1")));
    let er =
        |attrs: &str, x: String, y: String| format!("<equalRounded {attrs}>{x}{y}</equalRounded>");
    assert_eq!(
        ok(e, &er(r#"figures="3""#, fl(3.175), fl(3.18))),
        b(true),
        "3 significant figures"
    );
    assert_eq!(
        ok(
            e,
            &er(
                r#"roundingMode="decimalPlaces" figures="1""#,
                fl(1.26),
                fl(1.34)
            )
        ),
        b(true)
    );
    assert_eq!(
        ok(
            e,
            &er(
                r#"roundingMode="decimalPlaces" figures="1""#,
                fl(1.24),
                fl(1.26)
            )
        ),
        b(false)
    );
    assert_eq!(
        ok(e, &er(r#"figures="2""#, NULL.into(), fl(1.0))),
        Value::Null
    );
    type_error(e, &er(r#"figures="2""#, s_lit("1"), fl(1.0)));
    assert!(
        ev(e, &er(r#"figures="0""#, fl(1.0), fl(1.0))).is_err(),
        "0 significant figures"
    );
}

#[test]
fn inside() {
    let e = &mut env();
    let ins = |shape: &str, coords: &str, x: String| {
        format!(r#"<inside shape="{shape}" coords="{coords}">{x}</inside>"#)
    };
    assert_eq!(
        ok(e, &ins("rect", "0,0,10,10", bv("point", "5 5"))),
        b(true)
    );
    assert_eq!(ok(e, &ins("circle", "0,0,3", bv("point", "5 5"))), b(false));
    assert_eq!(
        ok(e, &ins("circle", "50,50,3", var("RPOINT"))),
        b(true),
        "any point of a container"
    );
    assert_eq!(
        ok(e, &ins("poly", "0,0,10,0,0,10", bv("point", "8 8"))),
        b(false)
    );
    assert_eq!(ok(e, &ins("rect", "0,0,10,10", NULL.into())), Value::Null);
    type_error(e, &ins("rect", "0,0,10,10", int(1)));
    assert!(
        ev(e, &ins("rect", "0,0,10", bv("point", "1 1"))).is_err(),
        "bad coords"
    );
}

#[test]
fn comparisons() {
    let e = &mut env();
    for (name, expect) in [
        ("lt", [true, false, false]),
        ("gt", [false, false, true]),
        ("lte", [true, true, false]),
        ("gte", [false, true, true]),
    ] {
        assert_eq!(ok(e, &op(name, &[int(1), fl(2.0)])), b(expect[0]), "{name}");
        assert_eq!(ok(e, &op(name, &[int(2), int(2)])), b(expect[1]), "{name}");
        assert_eq!(
            ok(e, &op(name, &[var("RINT"), fl(2.5)])),
            b(expect[2]),
            "{name}"
        );
        assert_eq!(ok(e, &op(name, &[NULL.into(), int(1)])), Value::Null);
        type_error(e, &op(name, &[s_lit("1"), int(1)]));
        type_error(e, &op(name, &[var("RNUMS"), int(1)]));
    }
    assert_eq!(
        ok(e, &op("durationLT", &[var("RDUR"), bv("duration", "PT1M")])),
        b(true)
    );
    assert_eq!(
        ok(e, &op("durationLT", &[var("RDUR"), bv("duration", "30")])),
        b(false)
    );
    assert_eq!(
        ok(e, &op("durationGTE", &[var("RDUR"), bv("duration", "30")])),
        b(true)
    );
    assert_eq!(
        ok(e, &op("durationGTE", &[NULL.into(), bv("duration", "30")])),
        Value::Null
    );
    type_error(e, &op("durationLT", &[fl(1.0), bv("duration", "30")]));
    type_error(e, &op("durationGTE", &[fl(1.0), bv("duration", "30")]));
}

#[test]
fn substring() {
    let e = &mut env();
    assert_eq!(
        ok(e, &op("substring", &[s_lit("ell"), var("RSTR")])),
        b(true)
    );
    assert_eq!(
        ok(e, &op("substring", &[s_lit("ELL"), var("RSTR")])),
        b(false),
        "case sensitive by default"
    );
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<substring caseSensitive="false">{}{}</substring>"#,
                s_lit("ELL"),
                var("RSTR")
            )
        ),
        b(true)
    );
    assert_eq!(
        ok(e, &op("substring", &[NULL.into(), var("RSTR")])),
        Value::Null
    );
    type_error(e, &op("substring", &[int(1), var("RSTR")]));
}

#[test]
fn arithmetic() {
    let e = &mut env();
    assert_eq!(
        ok(e, &op("sum", &[int(1), int(2), var("RINT")])),
        i(10),
        "all integers: integer"
    );
    assert_eq!(ok(e, &op("sum", &[int(1), fl(0.5)])), f(1.5));
    assert_eq!(
        ok(e, &op("sum", &[var("RNUMS")])),
        f(12.0),
        "containers allowed"
    );
    assert_eq!(ok(e, &op("sum", &[int(1), NULL.into()])), Value::Null);
    type_error(e, &op("sum", &[int(1), s_lit("2")]));
    assert_eq!(ok(e, &op("product", &[int(3), int(4)])), i(12));
    assert_eq!(ok(e, &op("product", &[int(3), fl(0.5)])), f(1.5));
    assert_eq!(ok(e, &op("product", &[NULL.into(), int(4)])), Value::Null);
    type_error(e, &op("product", &[bv("boolean", "true")]));
    assert_eq!(ok(e, &op("subtract", &[int(3), int(5)])), i(-2));
    assert_eq!(ok(e, &op("subtract", &[fl(3.5), int(1)])), f(2.5));
    assert_eq!(ok(e, &op("subtract", &[NULL.into(), int(1)])), Value::Null);
    type_error(e, &op("subtract", &[var("RNUMS"), int(1)]));
    assert_eq!(
        ok(e, &op("divide", &[int(7), int(2)])),
        f(3.5),
        "always float"
    );
    assert_eq!(
        ok(e, &op("divide", &[int(7), int(0)])),
        Value::Null,
        "division by zero"
    );
    assert_eq!(ok(e, &op("divide", &[NULL.into(), int(2)])), Value::Null);
    type_error(e, &op("divide", &[s_lit("1"), int(2)]));
    assert_eq!(ok(e, &op("power", &[int(2), int(10)])), f(1024.0));
    assert_eq!(
        ok(e, &op("power", &[int(0), int(-1)])),
        Value::Null,
        "infinite"
    );
    assert_eq!(
        ok(e, &op("power", &[fl(-8.0), fl(0.5)])),
        Value::Null,
        "not a real"
    );
    assert_eq!(ok(e, &op("power", &[NULL.into(), int(2)])), Value::Null);
    type_error(e, &op("power", &[s_lit("2"), int(2)]));
    assert_eq!(ok(e, &op("integerDivide", &[int(7), int(2)])), i(3));
    assert_eq!(
        ok(e, &op("integerDivide", &[int(-7), int(2)])),
        i(-4),
        "rounded down"
    );
    assert_eq!(ok(e, &op("integerDivide", &[int(7), int(0)])), Value::Null);
    assert_eq!(
        ok(e, &op("integerDivide", &[NULL.into(), int(2)])),
        Value::Null
    );
    type_error(e, &op("integerDivide", &[fl(7.0), int(2)]));
    assert_eq!(ok(e, &op("integerModulus", &[int(7), int(3)])), i(1));
    assert_eq!(
        ok(e, &op("integerModulus", &[int(-7), int(3)])),
        i(2),
        "x - y * floor(x/y)"
    );
    assert_eq!(ok(e, &op("integerModulus", &[int(7), int(0)])), Value::Null);
    assert_eq!(
        ok(e, &op("integerModulus", &[NULL.into(), int(3)])),
        Value::Null
    );
    type_error(e, &op("integerModulus", &[fl(7.0), int(3)]));
}

#[test]
fn rounding_and_conversion() {
    let e = &mut env();
    assert_eq!(ok(e, &op("truncate", &[fl(-6.7)])), i(-6));
    assert_eq!(ok(e, &op("truncate", &[fl(6.7)])), i(6));
    assert_eq!(ok(e, &op("truncate", &[bv("float", "INF")])), Value::Null);
    assert_eq!(ok(e, &op("truncate", &[NULL.into()])), Value::Null);
    type_error(e, &op("truncate", &[s_lit("1")]));
    assert_eq!(ok(e, &op("round", &[fl(6.5)])), i(7));
    assert_eq!(
        ok(e, &op("round", &[fl(-6.5)])),
        i(-6),
        "ties toward positive infinity"
    );
    assert_eq!(ok(e, &op("round", &[fl(-6.51)])), i(-7));
    assert_eq!(ok(e, &op("round", &[NULL.into()])), Value::Null);
    type_error(e, &op("round", &[bv("boolean", "true")]));
    assert_eq!(
        ok(
            e,
            &format!(r#"<roundTo figures="3">{}</roundTo>"#, fl(3.175))
        ),
        f(3.18)
    );
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<roundTo roundingMode="decimalPlaces" figures="2">{}</roundTo>"#,
                fl(3.175)
            )
        ),
        f(3.18)
    );
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<roundTo roundingMode="decimalPlaces" figures="N">{}</roundTo>"#,
                fl(1.005)
            )
        ),
        f(1.01)
    );
    assert_eq!(
        ok(e, &format!(r#"<roundTo figures="2">{NULL}</roundTo>"#)),
        Value::Null
    );
    type_error(
        e,
        &format!(r#"<roundTo figures="2">{}</roundTo>"#, s_lit("1")),
    );
    assert_eq!(ok(e, &op("integerToFloat", &[int(3)])), f(3.0));
    assert_eq!(ok(e, &op("integerToFloat", &[NULL.into()])), Value::Null);
    type_error(e, &op("integerToFloat", &[fl(3.0)]));
}

#[test]
fn min_max_gcd_lcm() {
    let e = &mut env();
    assert_eq!(ok(e, &op("min", &[int(3), int(-1)])), i(-1));
    assert_eq!(ok(e, &op("min", &[int(3), fl(2.5)])), f(2.5));
    assert_eq!(ok(e, &op("max", &[var("RNUMS"), int(1)])), f(6.0));
    assert_eq!(ok(e, &op("max", &[int(3), int(9)])), i(9));
    assert_eq!(ok(e, &op("min", &[int(3), NULL.into()])), Value::Null);
    assert_eq!(ok(e, &op("max", &[NULL.into()])), Value::Null);
    type_error(e, &op("min", &[s_lit("a")]));
    type_error(e, &op("max", &[s_lit("a")]));
    assert_eq!(ok(e, &op("gcd", &[int(12), int(-18)])), i(6));
    assert_eq!(ok(e, &op("gcd", &[int(0), int(0)])), i(0));
    assert_eq!(ok(e, &op("gcd", &[int(0), int(5)])), i(5));
    assert_eq!(ok(e, &op("gcd", &[int(12), NULL.into()])), Value::Null);
    type_error(e, &op("gcd", &[fl(12.0)]));
    assert_eq!(ok(e, &op("lcm", &[int(4), int(6)])), i(12));
    assert_eq!(ok(e, &op("lcm", &[int(4), int(0)])), i(0));
    assert_eq!(ok(e, &op("lcm", &[NULL.into(), int(6)])), Value::Null);
    type_error(e, &op("lcm", &[fl(4.0), int(6)]));
}

#[test]
fn math_operator() {
    let e = &mut env();
    let m = |name: &str, args: &[String]| {
        format!(
            r#"<mathOperator name="{name}">{}</mathOperator>"#,
            args.concat()
        )
    };
    let close = |v: Value, x: f64| matches!(v, Value::Single(SingleValue::Float(y)) if (y - x).abs() < 1e-12);
    assert!(close(ok(e, &m("sin", &[fl(0.0)])), 0.0));
    assert!(close(ok(e, &m("cos", &[fl(0.0)])), 1.0));
    assert!(close(ok(e, &m("tan", &[fl(0.0)])), 0.0));
    assert!(close(ok(e, &m("sec", &[fl(0.0)])), 1.0));
    assert_eq!(
        ok(e, &m("csc", &[fl(0.0)])),
        Value::Null,
        "outside the domain"
    );
    assert!(close(
        ok(e, &m("cot", &[fl(std::f64::consts::FRAC_PI_4)])),
        1.0
    ));
    assert!(close(
        ok(e, &m("asin", &[fl(1.0)])),
        std::f64::consts::FRAC_PI_2
    ));
    assert_eq!(ok(e, &m("asin", &[fl(2.0)])), Value::Null);
    assert!(close(ok(e, &m("acos", &[fl(1.0)])), 0.0));
    assert!(close(
        ok(e, &m("atan", &[fl(1.0)])),
        std::f64::consts::FRAC_PI_4
    ));
    assert!(close(
        ok(e, &m("atan2", &[fl(1.0), fl(1.0)])),
        std::f64::consts::FRAC_PI_4
    ));
    assert!(close(ok(e, &m("asec", &[fl(1.0)])), 0.0));
    assert!(close(
        ok(e, &m("acsc", &[fl(1.0)])),
        std::f64::consts::FRAC_PI_2
    ));
    assert!(close(
        ok(e, &m("acot", &[fl(1.0)])),
        std::f64::consts::FRAC_PI_4
    ));
    assert!(close(ok(e, &m("sinh", &[fl(0.0)])), 0.0));
    assert!(close(ok(e, &m("cosh", &[fl(0.0)])), 1.0));
    assert!(close(ok(e, &m("tanh", &[fl(0.0)])), 0.0));
    assert!(close(ok(e, &m("sech", &[fl(0.0)])), 1.0));
    assert_eq!(ok(e, &m("csch", &[fl(0.0)])), Value::Null);
    assert_eq!(ok(e, &m("coth", &[fl(0.0)])), Value::Null);
    assert!(close(ok(e, &m("log", &[fl(1000.0)])), 3.0));
    assert_eq!(ok(e, &m("log", &[fl(0.0)])), Value::Null);
    assert!(close(
        ok(
            e,
            &m("ln", &[bv("float", &std::f64::consts::E.to_string())])
        ),
        1.0
    ));
    assert!(close(ok(e, &m("exp", &[fl(0.0)])), 1.0));
    assert_eq!(ok(e, &m("abs", &[int(-3)])), i(3), "integer stays integer");
    assert_eq!(ok(e, &m("abs", &[fl(-2.5)])), f(2.5));
    assert_eq!(ok(e, &m("signum", &[fl(-2.5)])), i(-1));
    assert_eq!(ok(e, &m("floor", &[fl(-2.5)])), i(-3));
    assert_eq!(ok(e, &m("ceil", &[fl(-2.5)])), i(-2));
    assert!(close(
        ok(e, &m("toDegrees", &[fl(std::f64::consts::PI)])),
        180.0
    ));
    assert!(close(
        ok(e, &m("toRadians", &[fl(180.0)])),
        std::f64::consts::PI
    ));
    assert_eq!(ok(e, &m("sin", &[NULL.into()])), Value::Null);
    type_error(e, &m("sin", &[s_lit("0")]));
    assert!(
        ev(e, &m("atan2", &[fl(1.0)])).is_err(),
        "atan2 takes two operands"
    );
}

#[test]
fn stats_operator() {
    let e = &mut env();
    let st = |name: &str, x: String| format!(r#"<statsOperator name="{name}">{x}</statsOperator>"#);
    assert_eq!(ok(e, &st("mean", var("RNUMS"))), f(4.0));
    assert_eq!(ok(e, &st("sampleVariance", var("RNUMS"))), f(4.0));
    assert_eq!(ok(e, &st("sampleSD", var("RNUMS"))), f(2.0));
    assert_eq!(ok(e, &st("popVariance", var("RNUMS"))), f(8.0 / 3.0));
    assert_eq!(ok(e, &st("popSD", var("RNUMS"))), f((8.0f64 / 3.0).sqrt()));
    assert_eq!(
        ok(e, &st("sampleVariance", op("ordered", &[fl(1.0)]))),
        Value::Null,
        "n < 2"
    );
    assert_eq!(ok(e, &st("mean", NULL.into())), Value::Null);
    type_error(e, &st("mean", var("RMULT")));
}

#[test]
fn custom_operator() {
    let e = &mut env();
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<customOperator class="com.example.Double">{}</customOperator>"#,
                int(21)
            )
        ),
        i(42)
    );
    assert_eq!(
        ok(
            e,
            &format!(r#"<customOperator class="com.example.Double">{NULL}</customOperator>"#)
        ),
        Value::Null
    );
    assert!(matches!(
        ev(
            e,
            &format!(
                r#"<customOperator class="com.example.Double">{}</customOperator>"#,
                s_lit("x")
            )
        ),
        Err(EngineError::CustomOperatorFailed(_))
    ));
    assert!(ev(e, r#"<customOperator class="com.example.Unknown"/>"#).is_err());
    assert_eq!(
        ok(
            e,
            &format!(
                r#"<customOperator class="qtism.runtime.expressions.operators.custom.Trim">{}</customOperator>"#,
                s_lit("  x ")
            )
        ),
        s("x")
    );
}

#[test]
fn arity_is_checked() {
    let e = &mut env();
    assert!(ev(e, &op("match", &[int(1)])).is_err());
    assert!(ev(e, &op("not", &[])).is_err());
    assert!(ev(e, &op("subtract", &[int(1), int(2), int(3)])).is_err());
}

/// Found by the hostile-input suite: float `sum`, `product` and `subtract` that overflowed
/// returned infinity (QTI has no infinite values; divide and power already gave NULL).
#[test]
fn hostile_regression_float_overflow_is_null() {
    let e = &mut env();
    assert_eq!(ok(e, &op("product", &[fl(1e308), fl(10.0)])), Value::Null);
    assert_eq!(ok(e, &op("sum", &[fl(1.7e308), fl(1.7e308)])), Value::Null);
    assert_eq!(
        ok(e, &op("subtract", &[fl(-1.7e308), fl(1.7e308)])),
        Value::Null
    );
    assert_eq!(ok(e, &op("product", &[fl(1e154), fl(1e154)])), f(1e308));
}

/// Found by the hostile-input suite: `repeat` with a huge count over operands that add nothing
/// (NULL, an empty container) looped 2^63 times; over real values it built up to a million
/// values before noticing. The size is now checked before anything is built.
#[test]
fn hostile_regression_repeat_huge_count() {
    let e = &mut env();
    let max = i64::MAX;
    assert_eq!(
        ok(
            e,
            &format!(r#"<repeat numberRepeats="{max}"><null/></repeat>"#)
        ),
        Value::Null
    );
    assert_eq!(
        ok(
            e,
            &format!(r#"<repeat numberRepeats="{max}"><ordered/></repeat>"#)
        ),
        Value::Null
    );
    let err = ev(
        e,
        &format!(r#"<repeat numberRepeats="{max}">{}</repeat>"#, int(1)),
    )
    .expect_err("too large");
    assert_eq!(err.code(), "qti.engine.invalid-argument");
    let n = qti::runtime::MAX_REPEAT_VALUES;
    match ok(
        e,
        &format!(r#"<repeat numberRepeats="{n}">{}</repeat>"#, int(1)),
    ) {
        Value::Ordered(v) => assert_eq!(v.len(), n),
        other => panic!("{other:?}"),
    }
}
