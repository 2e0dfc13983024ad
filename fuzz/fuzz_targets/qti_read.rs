//! QTI 2.x/3.0 items, tests, sections, stimuli and results: read (lenient, strict, unchecked),
//! validate. Never a panic; every read error has a code; reading without the schema checks (which
//! takes shortcuts, such as stepping over indentation without events) builds the same model as
//! reading with them, or fails with the same error, and its problems are those of the
//! unchecked read plus those of the schema check run over every event.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qti::ReadOptions;

fuzz_target!(|data: &[u8]| {
    for opts in [ReadOptions::lenient(), ReadOptions::strict(), ReadOptions::unchecked()] {
        match qti::parse(data, &opts) {
            Ok((doc, _)) => {
                let _ = qti::validate(&doc);
            }
            Err(e) => {
                assert!(!e.code().is_empty());
                let _ = e.to_problem();
            }
        }
    }
    match (qti::parse(data, &ReadOptions::lenient()), qti::parse(data, &ReadOptions::unchecked())) {
        (Ok((checked, checked_report)), Ok((unchecked, unchecked_report))) => {
            assert_eq!(checked, unchecked);
            // The checked read's problems are the unchecked read's plus the schema checker's
            // over every event (unless the root is not in a namespace with a schema, where
            // `parse` runs no checker).
            let schema = qti::schema::check_document(data, false).unwrap_or_default();
            if !schema.iter().any(|p| p.code == "qti.schema.root-unknown") {
                let key = |p: &lti_core::Problem| p.to_string();
                let mut want: Vec<String> =
                    unchecked_report.iter().chain(schema.iter()).map(key).collect();
                let mut got: Vec<String> = checked_report.iter().map(key).collect();
                want.sort();
                got.sort();
                assert_eq!(got, want);
            }
        }
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
        (a, b) => panic!("checked: {:?}\nunchecked: {:?}", a.map(|_| ()), b.map(|_| ())),
    }
    let _ = qti::parse_item(data, &ReadOptions::unchecked());
    let _ = qti::parse_test(data, &ReadOptions::unchecked());
    let _ = qti::parse_result(data, &ReadOptions::unchecked());
});
