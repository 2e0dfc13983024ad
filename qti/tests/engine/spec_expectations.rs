//! Expected outcomes worked out by hand from the QTI 2.1 definitions (mapResponse: distinct
//! values summed once, default for unmapped values, bounds applied to the total; pair
//! unordered and directedPair ordered; mapResponsePoint: each area counted once, first area
//! wins; match on ordered containers is sequence equality; empty strings and empty containers
//! are NULL, which the map_response templates score 0), for corpus items. The numbers below
//! come from reading each item's declarations, not from running the engine.

use qti::runtime::{CompiledItem, OperatorRegistry, json};
use qti::{QtiDocument, ReadOptions, SingleValue, Value};
use serde_json::json;

use super::corpus::corpus_dir;

fn load(rel: &str) -> Option<CompiledItem> {
    let dir = corpus_dir()?;
    let bytes = std::fs::read(dir.join(rel)).ok()?;
    let (QtiDocument::Item(item), _) = qti::parse(&bytes, &ReadOptions::default()).ok()? else {
        return None;
    };
    Some(
        CompiledItem::compile(&item, &OperatorRegistry::with_builtins())
            .unwrap_or_else(|e| panic!("{rel}: {e}")),
    )
}

fn score_of(v: Option<&Value>) -> f64 {
    match v {
        Some(Value::Single(SingleValue::Float(f))) => *f,
        #[allow(clippy::cast_precision_loss)]
        Some(Value::Single(SingleValue::Integer(i))) => *i as f64,
        other => panic!("SCORE is {other:?}"),
    }
}

const IMS: &str = "qti-sdk-samples/test/samples/ims/items/2_1/";

/// (item, responses as plain JSON, expected SCORE).
fn cases() -> Vec<(&'static str, serde_json::Value, f64)> {
    vec![
        // associate: pair, mapping {A P:2, C M:1, D L:1}, default 0, no bounds.
        (
            "associate.xml",
            json!({"RESPONSE": ["A P", "C M", "D L"]}),
            4.0,
        ),
        ("associate.xml", json!({"RESPONSE": ["P A", "M C"]}), 3.0), // pairs are unordered
        ("associate.xml", json!({"RESPONSE": ["A P", "P A"]}), 2.0), // the same pair counts once
        ("associate.xml", json!({"RESPONSE": ["A B"]}), 0.0),
        ("associate.xml", json!({"RESPONSE": []}), 0.0), // empty container = NULL -> 0
        ("associate.xml", json!({}), 0.0),
        // match: directedPair, {C R:1, D M:.5, L M:.5, P T:1}, default 0.
        (
            "match.xml",
            json!({"RESPONSE": ["C R", "D M", "L M", "P T"]}),
            3.0,
        ),
        ("match.xml", json!({"RESPONSE": ["R C", "M D"]}), 0.0), // directedPair is ordered
        ("match.xml", json!({"RESPONSE": ["C R", "D M"]}), 1.5),
        // choice_multiple: {H:1, O:1, Cl:-1}, default -2, bounds [0, 2].
        ("choice_multiple.xml", json!({"RESPONSE": ["H", "O"]}), 2.0),
        (
            "choice_multiple.xml",
            json!({"RESPONSE": ["H", "O", "Cl"]}),
            1.0,
        ),
        ("choice_multiple.xml", json!({"RESPONSE": ["H", "N"]}), 0.0), // 1 - 2 = -1 -> lowerBound 0
        ("choice_multiple.xml", json!({"RESPONSE": ["H"]}), 1.0),
        ("choice_multiple.xml", json!({"RESPONSE": ["Cl"]}), 0.0),
        ("choice_multiple.xml", json!({"RESPONSE": null}), 0.0),
        // gap_match: directedPair {W G1:1, Su G2:2}, default -1, lowerBound 0.
        ("gap_match.xml", json!({"RESPONSE": ["W G1", "Su G2"]}), 3.0),
        ("gap_match.xml", json!({"RESPONSE": ["W G1"]}), 1.0),
        ("gap_match.xml", json!({"RESPONSE": ["W G1", "Su G1"]}), 0.0), // 1 - 1
        ("gap_match.xml", json!({"RESPONSE": ["G1 W"]}), 0.0),          // -1 -> 0
        ("gap_match.xml", json!({"RESPONSE": ["Su G2", "W G2"]}), 1.0), // 2 - 1
        // graphic_associate: pair {A B:-1, A C:-1, A D:-1, B C:1, B D:-1, C D:1}, default 0, lowerBound 0.
        (
            "graphic_associate.xml",
            json!({"RESPONSE": ["C B", "C D"]}),
            2.0,
        ),
        (
            "graphic_associate.xml",
            json!({"RESPONSE": ["A B", "C D"]}),
            0.0,
        ),
        ("graphic_associate.xml", json!({"RESPONSE": ["D C"]}), 1.0),
        ("graphic_associate.xml", json!({"RESPONSE": ["B A"]}), 0.0), // -1 -> 0
        // graphic_gap_match: directedPair {GLA A, EDI B, MAN C: 1 each}, default -1, lowerBound 0.
        (
            "graphic_gap_match.xml",
            json!({"RESPONSE": ["GLA A", "EDI B", "MAN C"]}),
            3.0,
        ),
        (
            "graphic_gap_match.xml",
            json!({"RESPONSE": ["GLA A", "EDI C"]}),
            0.0,
        ),
        (
            "graphic_gap_match.xml",
            json!({"RESPONSE": ["GLA A", "EDI B", "MAN A"]}),
            1.0,
        ),
        // order: ordered, match_correct (DriverC, DriverA, DriverB).
        (
            "order.xml",
            json!({"RESPONSE": ["DriverC", "DriverA", "DriverB"]}),
            1.0,
        ),
        (
            "order.xml",
            json!({"RESPONSE": ["DriverA", "DriverC", "DriverB"]}),
            0.0,
        ),
        ("order.xml", json!({"RESPONSE": null}), 0.0), // match with NULL is NULL: the else branch
        // graphic_order: ordered, match_correct (A, D, C, B).
        (
            "graphic_order.xml",
            json!({"RESPONSE": ["A", "D", "C", "B"]}),
            1.0,
        ),
        (
            "graphic_order.xml",
            json!({"RESPONSE": ["A", "B", "C", "D"]}),
            0.0,
        ),
        // select_point: single point, circle (102,113) r 16 -> 1, default 0.
        ("select_point.xml", json!({"RESPONSE": "102 113"}), 1.0),
        ("select_point.xml", json!({"RESPONSE": "110 120"}), 1.0), // 8^2 + 7^2 = 113 <= 256
        ("select_point.xml", json!({"RESPONSE": "118 113"}), 1.0), // on the circle
        ("select_point.xml", json!({"RESPONSE": "119 113"}), 0.0),
        ("select_point.xml", json!({"RESPONSE": null}), 0.0),
        // position_object: points, three circles r 12 worth 1 each, default 0.
        (
            "position_object.xml",
            json!({"RESPONSE": ["118 184", "150 235", "96 114"]}),
            3.0,
        ),
        (
            "position_object.xml",
            json!({"RESPONSE": ["118 184", "120 186"]}),
            1.0,
        ), // one area, counted once
        (
            "position_object.xml",
            json!({"RESPONSE": ["118 184", "0 0"]}),
            1.0,
        ),
        ("position_object.xml", json!({"RESPONSE": []}), 0.0),
        // text_entry: string {York:1, york:0.5}, case sensitive, default 0.
        ("text_entry.xml", json!({"RESPONSE": "York"}), 1.0),
        ("text_entry.xml", json!({"RESPONSE": "york"}), 0.5),
        ("text_entry.xml", json!({"RESPONSE": "YORK"}), 0.0),
        ("text_entry.xml", json!({"RESPONSE": ""}), 0.0), // empty string is NULL
        // slider: integer mapping 12,13,19,20 -> .5; 14..18 -> 1; default 0.
        ("slider.xml", json!({"RESPONSE": 16}), 1.0),
        ("slider.xml", json!({"RESPONSE": 12}), 0.5),
        ("slider.xml", json!({"RESPONSE": 25}), 0.0),
        // match_correct singles.
        ("hotspot.xml", json!({"RESPONSE": "A"}), 1.0),
        ("hotspot.xml", json!({"RESPONSE": "B"}), 0.0),
        ("inline_choice.xml", json!({"RESPONSE": "Y"}), 1.0),
        ("inline_choice.xml", json!({"RESPONSE": "G"}), 0.0),
        ("hottext.xml", json!({"RESPONSE": "B"}), 1.0),
        ("hottext.xml", json!({"RESPONSE": null}), 0.0),
    ]
}

#[test]
fn ims_examples_score_as_the_spec_defines() {
    if corpus_dir().is_none() {
        println!("skipping: shared/corpus/qti not found");
        return;
    }
    let mut checked = 0;
    for (file, responses, expected) in cases() {
        let Some(item) = load(&format!("{IMS}{file}")) else {
            panic!("{file} missing from the corpus");
        };
        let mut s = item.new_session(0).unwrap();
        let rs = json::read_responses(&item, &responses).unwrap_or_else(|e| panic!("{file}: {e}"));
        s.submit(&item, rs.iter().map(|(k, v)| (k.as_str(), v.clone())))
            .unwrap();
        let got = score_of(s.value(&item, "SCORE"));
        assert!(
            (got - expected).abs() < 1e-9,
            "{file} {responses}: SCORE {got}, spec says {expected}"
        );
        checked += 1;
    }
    assert_eq!(checked, cases().len());
}

#[test]
fn template_item_follows_its_template_rules() {
    // template.xml: A in {2,3,4}; B in {4,6,8,10,12} when A=2, {6,12} when A=3, {8,12} when
    // A=4; MIN = 120 div A; the correct RESPONSE is 120 div B (integerDivide, rounded down).
    let Some(item) = load(&format!("{IMS}template.xml")) else {
        println!("skipping: shared/corpus/qti not found");
        return;
    };
    let int = |v: Option<&Value>| match v {
        Some(Value::Single(SingleValue::Integer(i))) => *i,
        other => panic!("{other:?}"),
    };
    let mut seen = std::collections::HashSet::new();
    for seed in 0..60 {
        let s = item.new_session(seed).unwrap();
        let a = int(s.value(&item, "A"));
        let b = int(s.value(&item, "B"));
        let allowed: &[i64] = match a {
            2 => &[4, 6, 8, 10, 12],
            3 => &[6, 12],
            4 => &[8, 12],
            other => panic!("A = {other}"),
        };
        assert!(allowed.contains(&b), "A {a}, B {b}");
        assert_eq!(int(s.value(&item, "MIN")), 120 / a);
        #[allow(clippy::cast_precision_loss)]
        let correct = (120 / b) as f64;
        assert_eq!(
            s.correct_response(&item, "RESPONSE"),
            Some(&Value::Single(SingleValue::Float(correct)))
        );
        let mut right = s.clone();
        right
            .submit(
                &item,
                [("RESPONSE", Value::Single(SingleValue::Float(correct)))],
            )
            .unwrap();
        assert_eq!(score_of(right.value(&item, "SCORE")), 1.0);
        let mut wrong = s.clone();
        wrong
            .submit(
                &item,
                [("RESPONSE", Value::Single(SingleValue::Float(correct + 1.0)))],
            )
            .unwrap();
        assert_eq!(score_of(wrong.value(&item, "SCORE")), 0.0);
        seen.insert((a, b));
    }
    assert!(seen.len() > 4, "the seed varies the template values");
}

#[test]
fn qti3_area_mappings_score_as_the_spec_defines() {
    const K: &str = "kennisnet-php-qti3-tests/tests/Unit/AssessmentItem/Service/resources/";
    if corpus_dir().is_none() {
        println!("skipping: shared/corpus/qti not found");
        return;
    }
    // Areas: circle (408,427) r 51; a polygon around (490,260); rect (115,147)-(163,279); each
    // worth 1, default 0. The 3.0 map_response_point template (by its purl URI).
    let template = load(&format!("{K}map-response-point-template.xml")).unwrap();
    // The custom processing: SCORE = 0 + (mapResponsePoint / 3) * 1; FEEDBACK = correct when
    // SCORE equals 1.
    let custom = load(&format!("{K}select-point-processing.xml")).unwrap();
    let cases = [
        (json!(["408 427", "130 200"]), 2.0),
        (json!(["408 427", "410 430"]), 1.0), // one area, counted once
        (json!(["408 427", "130 200", "490 260"]), 3.0),
        (json!(["0 0"]), 0.0),
        (json!([]), 0.0),
    ];
    for (points, expected) in cases {
        for (item, scale) in [(&template, 1.0), (&custom, 3.0)] {
            let mut s = item.new_session(0).unwrap();
            let rs = json::read_responses(item, &json!({ "RESPONSE": points })).unwrap();
            s.submit(item, rs.iter().map(|(k, v)| (k.as_str(), v.clone())))
                .unwrap();
            let got = score_of(s.value(item, "SCORE"));
            assert!(
                (got - expected / scale).abs() < 1e-9,
                "{points}: {got} vs {}",
                expected / scale
            );
            if scale > 1.0 {
                let fb = if (expected - 3.0).abs() < 1e-9 {
                    "correct"
                } else {
                    "incorrect"
                };
                assert_eq!(
                    s.value(item, "FEEDBACK"),
                    Some(&Value::Single(SingleValue::Identifier(fb.into()))),
                    "{points}"
                );
            }
        }
    }
}
