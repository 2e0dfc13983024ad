//! Property tests for results reports (`assessmentResult`), which the model-level property
//! tests do not generate: results documents are generated as XML, read, written in every
//! version and read back unchanged.

use proptest::prelude::*;
use qti::{QtiDocument, ReadOptions, Version};

fn ident() -> impl Strategy<Value = String> {
    "[A-Z][A-Z0-9_]{0,5}"
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 .,é]{1,12}"
        .prop_map(|s| s.trim().to_owned())
        .prop_filter("non-empty", |s| !s.is_empty())
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

/// A typed value list: (cardinality, baseType, values as XML text).
fn values() -> impl Strategy<Value = (&'static str, &'static str, Vec<String>)> {
    let single = prop_oneof![
        (-1000i64..1000).prop_map(|n| ("integer", n.to_string())),
        (-400i32..400).prop_map(|n| ("float", (f64::from(n) / 4.0).to_string())),
        any::<bool>().prop_map(|b| ("boolean", b.to_string())),
        ident().prop_map(|i| ("identifier", i)),
        text().prop_map(|t| ("string", t)),
        (ident(), ident()).prop_map(|(a, b)| ("pair", format!("{a} {b}"))),
        (0i32..500, 0i32..500).prop_map(|(x, y)| ("point", format!("{x} {y}"))),
    ];
    prop_oneof![
        single.clone().prop_map(|(bt, v)| ("single", bt, vec![v])),
        proptest::collection::vec(-50i64..50, 1..4).prop_map(|v| (
            "multiple",
            "integer",
            v.into_iter().map(|n| n.to_string()).collect()
        )),
        proptest::collection::vec(ident(), 1..4).prop_map(|v| ("ordered", "identifier", v)),
    ]
}

fn value_xml(vs: &[String]) -> String {
    vs.iter()
        .map(|v| format!("<value>{}</value>", esc(v)))
        .collect()
}

fn variable() -> impl Strategy<Value = String> {
    (0usize..3, ident(), values(), proptest::option::of(text()), proptest::option::of(proptest::collection::vec(ident(), 1..3)))
        .prop_map(|(kind, id, (card, bt, vs), interp, seq)| match kind {
            0 => format!(
                r#"<responseVariable identifier="{id}" cardinality="{card}" baseType="{bt}"{}><correctResponse>{}</correctResponse><candidateResponse>{}</candidateResponse></responseVariable>"#,
                seq.map(|s| format!(r#" choiceSequence="{}""#, s.join(" "))).unwrap_or_default(),
                value_xml(&vs),
                value_xml(&vs)
            ),
            1 => format!(
                r#"<outcomeVariable identifier="{id}" cardinality="{card}" baseType="{bt}"{} normalMaximum="10" normalMinimum="0">{}</outcomeVariable>"#,
                interp.map(|t| format!(r#" interpretation="{}""#, esc(&t))).unwrap_or_default(),
                value_xml(&vs)
            ),
            _ => format!(
                r#"<templateVariable identifier="{id}" cardinality="{card}" baseType="{bt}">{}</templateVariable>"#,
                value_xml(&vs)
            ),
        })
}

fn results_doc() -> impl Strategy<Value = String> {
    let status = prop_oneof![
        Just("initial"),
        Just("pendingSubmission"),
        Just("pendingResponseProcessing"),
        Just("final")
    ];
    let item = (ident(), proptest::option::of(1i64..20), status, proptest::collection::vec(variable(), 0..4), proptest::option::of(text()))
        .prop_map(|(id, seq, st, vars, comment)| {
            format!(
                r#"<itemResult identifier="{id}"{} datestamp="2024-05-01T10:15:00Z" sessionStatus="{st}">{}{}</itemResult>"#,
                seq.map(|s| format!(r#" sequenceIndex="{s}""#)).unwrap_or_default(),
                vars.concat(),
                comment.map(|c| format!("<candidateComment>{}</candidateComment>", esc(&c))).unwrap_or_default()
            )
        });
    (
        proptest::option::of(text()),
        proptest::collection::vec((text(), ident()), 0..3),
        proptest::option::of((ident(), proptest::collection::vec(variable(), 0..3))),
        proptest::collection::vec(item, 0..4),
    )
        .prop_map(|(sourced, sessions, test, items)| {
            let ctx = format!(
                "<context{}>{}</context>",
                sourced.map(|s| format!(r#" sourcedId="{}""#, esc(&s))).unwrap_or_default(),
                sessions
                    .iter()
                    .map(|(src, id)| format!(r#"<sessionIdentifier sourceID="{}" identifier="{id}"/>"#, esc(src)))
                    .collect::<String>()
            );
            let test = test
                .map(|(id, vars)| format!(r#"<testResult identifier="{id}" datestamp="2024-05-01T10:00:00Z">{}</testResult>"#, vars.concat()))
                .unwrap_or_default();
            format!(
                r#"<assessmentResult xmlns="http://www.imsglobal.org/xsd/imsqti_result_v2p1">{ctx}{test}{}</assessmentResult>"#,
                items.concat()
            )
        })
}

fn normalised(doc: QtiDocument, v: Version) -> QtiDocument {
    match doc {
        QtiDocument::Result(mut r) => {
            r.namespace_declarations.clear();
            r.version = v;
            QtiDocument::Result(r)
        }
        other => panic!("not a results report: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn results_reports_round_trip_in_every_version(xml in results_doc()) {
        let (doc, report) = qti::parse(xml.as_bytes(), &ReadOptions::unchecked())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert!(!report.has_errors(), "{report:?}\n{xml}");
        for v in [Version::V2p1, Version::V2p2, Version::V3p0] {
            let expected = normalised(doc.clone(), v);
            let out = qti::write(&expected, v);
            prop_assert!(!out.report.has_errors(), "{:?}", out.report);
            let (back, report) = qti::parse(out.xml.as_bytes(), &ReadOptions::unchecked())
                .map_err(|e| TestCaseError::fail(format!("{e}\n{}", out.xml)))?;
            prop_assert!(!report.has_errors(), "{v}: {report:?}\n{}", out.xml);
            prop_assert_eq!(normalised(back, v), expected, "{}", out.xml);
        }
    }
}
