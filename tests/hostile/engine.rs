//! QTI processing that would divide by zero, overflow integers, produce NaN or infinity, build
//! huge containers, or loop through `templateConstraint`: each gives a defined value (NULL, as
//! QTI 2.1 §15 specifies for undefined results), a located engine error, or — for the
//! constraint — gives up after `TEMPLATE_CONSTRAINT_LIMIT` tries with a warning.

use qti::runtime::{CompiledItem, OperatorRegistry, TEMPLATE_CONSTRAINT_LIMIT};
use qti::{QtiDocument, ReadOptions, SingleValue, Value};

use crate::{MIB, bounded};

fn item(decls: &str, template: &str, response: &str) -> CompiledItem {
    let xml = format!(
        r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="i" title="t" adaptive="false" timeDependent="false">
{decls}
<outcomeDeclaration identifier="OUT" cardinality="single" baseType="float"/>
<outcomeDeclaration identifier="IOUT" cardinality="single" baseType="integer"/>
<outcomeDeclaration identifier="LIST" cardinality="ordered" baseType="integer"/>
{template}
<responseProcessing>{response}</responseProcessing></assessmentItem>"#
    );
    let (QtiDocument::Item(i), _) = qti::parse(xml.as_bytes(), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{e}\n{xml}"))
    else {
        panic!("not an item")
    };
    CompiledItem::compile(&i, &OperatorRegistry::with_builtins())
        .unwrap_or_else(|e| panic!("{e:?}\n{xml}"))
}

/// Runs response processing; returns the value of `id` or the engine error's code.
fn outcome(expr: &str, id: &str) -> Result<Value, String> {
    let c = item(
        "",
        "",
        &format!(r#"<setOutcomeValue identifier="{id}">{expr}</setOutcomeValue>"#),
    );
    let mut s = c.new_session(1).map_err(|e| e.code().to_owned())?;
    s.submit(&c, []).map_err(|e| e.code().to_owned())?;
    Ok(s.value(&c, id).cloned().unwrap_or(Value::Null))
}

fn f(v: &str) -> String {
    format!(r#"<baseValue baseType="float">{v}</baseValue>"#)
}
fn i(v: &str) -> String {
    format!(r#"<baseValue baseType="integer">{v}</baseValue>"#)
}

#[test]
fn division_by_zero_is_null() {
    assert_eq!(
        outcome(&format!("<divide>{}{}</divide>", f("1"), f("0")), "OUT"),
        Ok(Value::Null)
    );
    assert_eq!(
        outcome(&format!("<divide>{}{}</divide>", f("0"), f("0")), "OUT"),
        Ok(Value::Null)
    );
    assert_eq!(
        outcome(&format!("<divide>{}{}</divide>", i("1"), i("0")), "OUT"),
        Ok(Value::Null)
    );
    for op in ["integerDivide", "integerModulus"] {
        let r = outcome(&format!("<{op}>{}{}</{op}>", i("7"), i("0")), "IOUT");
        assert!(matches!(r, Ok(Value::Null)) || r.is_err(), "{op}: {r:?}");
    }
}

#[test]
fn integer_overflow_is_an_error_or_null_never_a_wrap() {
    let max = i64::MAX.to_string();
    let min = i64::MIN.to_string();
    for expr in [
        format!("<sum>{}{}</sum>", i(&max), i("1")),
        format!("<product>{}{}</product>", i(&max), i("2")),
        format!("<subtract>{}{}</subtract>", i(&min), i("1")),
        format!("<integerDivide>{}{}</integerDivide>", i(&min), i("-1")),
        format!("<integerModulus>{}{}</integerModulus>", i(&min), i("-1")),
        format!(r#"<mathOperator name="abs">{}</mathOperator>"#, i(&min)),
        format!("<truncate>{}</truncate>", f("1e300")),
        format!("<round>{}</round>", f("-1e300")),
        format!(
            r#"<roundTo roundingMode="decimalPlaces" figures="2">{}</roundTo>"#,
            f("1e308")
        ),
        format!("<integerToFloat>{}</integerToFloat>", i(&max)),
    ] {
        let r = outcome(&expr, "IOUT");
        match r {
            Err(code) => assert!(code.starts_with("qti.engine."), "{expr}: {code}"),
            Ok(Value::Null) => {}
            Ok(Value::Single(SingleValue::Integer(n))) => {
                assert!(
                    n != i64::MIN && n != i64::MAX.wrapping_add(1),
                    "{expr}: wrapped to {n}"
                )
            }
            Ok(other) => panic!("{expr}: {other:?}"),
        }
    }
    // An integer literal that does not fit is refused when the item is read or compiled.
    let xml = format!(
        r#"<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="i" title="t" adaptive="false" timeDependent="false">
<outcomeDeclaration identifier="IOUT" cardinality="single" baseType="integer"/>
<responseProcessing><setOutcomeValue identifier="IOUT">{}</setOutcomeValue></responseProcessing></assessmentItem>"#,
        i("99999999999999999999999")
    );
    let (QtiDocument::Item(it), report) =
        qti::parse(xml.as_bytes(), &ReadOptions::default()).expect("reads")
    else {
        panic!()
    };
    let compiled = CompiledItem::compile(&it, &OperatorRegistry::new());
    assert!(report.has_errors() || compiled.is_err(), "{report:?}");
}

/// Results that are not finite are NULL (QTI has no NaN or infinite outcome values).
#[test]
fn nan_and_infinity_become_null() {
    for expr in [
        format!("<power>{}{}</power>", f("10"), f("400")),
        format!("<power>{}{}</power>", f("-8"), f("0.5")),
        format!("<power>{}{}</power>", f("0"), f("-1")),
        format!("<product>{}{}</product>", f("1e308"), f("10")),
        format!("<sum>{}{}</sum>", f("1.7e308"), f("1.7e308")),
        format!("<subtract>{}{}</subtract>", f("-1.7e308"), f("1.7e308")),
        format!(r#"<mathOperator name="log">{}</mathOperator>"#, f("-1")),
        format!(r#"<mathOperator name="ln">{}</mathOperator>"#, f("0")),
        format!(r#"<mathOperator name="asin">{}</mathOperator>"#, f("2")),
        format!(r#"<mathOperator name="exp">{}</mathOperator>"#, f("1000")),
        format!(r#"<mathOperator name="sinh">{}</mathOperator>"#, f("1000")),
        format!(r#"<mathOperator name="tan">{}</mathOperator>"#, f("INF")),
        format!(
            r#"<statsOperator name="sampleVariance"><ordered>{}</ordered></statsOperator>"#,
            f("1")
        ),
        format!(
            r#"<statsOperator name="mean"><ordered>{}{}</ordered></statsOperator>"#,
            f("1.7e308"),
            f("1.7e308")
        ),
        format!("<divide>{}{}</divide>", f("1e308"), f("1e-308")),
        format!("<sum>{}{}</sum>", f("INF"), f("1")),
        format!("<product>{}{}</product>", f("NaN"), f("2")),
        format!("<subtract>{}{}</subtract>", f("INF"), f("INF")),
        format!("<divide>{}{}</divide>", f("-INF"), f("2")),
    ] {
        match outcome(&expr, "OUT") {
            Ok(Value::Null) => {}
            Ok(Value::Single(SingleValue::Float(x))) => assert!(x.is_finite(), "{expr}: {x}"),
            Ok(other) => panic!("{expr}: {other:?}"),
            Err(code) => assert!(code.starts_with("qti.engine."), "{expr}: {code}"),
        }
    }
    // A literal NaN or INF is an xsd:double the author wrote: kept as written (a defined
    // result), never an error or a panic; arithmetic on it is NULL (above).
    for lit in ["NaN", "INF", "-INF"] {
        match outcome(&f(lit), "OUT") {
            Ok(Value::Single(SingleValue::Float(x))) => assert!(!x.is_finite(), "{lit}: {x}"),
            other => panic!("{lit}: {other:?}"),
        }
    }
}

/// `repeat` with a huge count: bounded by the engine's container limit, whatever the operand
/// (including operands that add nothing, which must not spin for 2^63 iterations).
#[test]
fn huge_repeat_counts_are_bounded() {
    for operand in [i("1"), "<null/>".to_owned(), "<ordered/>".to_owned()] {
        let expr = format!(r#"<repeat numberRepeats="9223372036854775807">{operand}</repeat>"#);
        let r = bounded("repeat", 64 * MIB, move || outcome(&expr, "LIST"));
        match r {
            Ok(Value::Null) => {}
            Err(code) => assert_eq!(code, "qti.engine.invalid-argument"),
            Ok(other) => panic!("{other:?}"),
        }
    }
}

/// A `templateConstraint` that is never true: template processing runs exactly
/// TEMPLATE_CONSTRAINT_LIMIT times, then the session starts with a warning (QTI 2.1 §14.3).
#[test]
fn an_unsatisfiable_template_constraint_gives_up() {
    assert_eq!(TEMPLATE_CONSTRAINT_LIMIT, 100);
    let c = item(
        r#"<templateDeclaration identifier="T" cardinality="single" baseType="integer" paramVariable="false" mathVariable="false"/>"#,
        r#"<templateProcessing>
             <setTemplateValue identifier="T"><randomInteger min="1" max="10"/></setTemplateValue>
             <templateConstraint><gt><variable identifier="T"/><baseValue baseType="integer">100</baseValue></gt></templateConstraint>
           </templateProcessing>"#,
        "",
    );
    let s = bounded("template-constraint", 4 * MIB, move || {
        c.new_session(7).map(|s| s.warnings().to_vec())
    });
    let warnings = s.expect("the session starts");
    assert!(
        warnings
            .iter()
            .any(|p| p.code.as_str() == qti::runtime::codes::TEMPLATE_CONSTRAINT_LIMIT),
        "{warnings:?}"
    );
}
