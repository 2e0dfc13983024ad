//! QTI 2.x/3.0 items, tests, sections, stimuli and results: read (lenient, strict, unchecked),
//! validate. Never a panic; every read error has a code; reading without the schema checks
//! builds the same model as reading with them (the reader takes shortcuts, such as stepping over
//! indentation without events, that must change nothing), or fails with the same error code;
//! and the checked read's problems are those of the unchecked read plus those of the schema
//! check run over every event.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qti::ReadOptions;

fuzz_target!(|data: &[u8]| {
    let lenient = qti::parse(data, &ReadOptions::lenient());
    let strict = qti::parse(data, &ReadOptions::strict());
    let unchecked = qti::parse(data, &ReadOptions::unchecked());
    for read in [&lenient, &strict, &unchecked] {
        match read {
            Ok((doc, _)) => {
                let _ = qti::validate(doc);
            }
            Err(e) => {
                assert!(!e.code().is_empty());
                let _ = e.to_problem();
            }
        }
    }
    match (&lenient, &unchecked) {
        (Ok((checked, checked_report)), Ok((unchecked, unchecked_report))) => {
            assert_eq!(checked, unchecked);
            // Unless the root is not in a namespace with a schema (`parse` runs no checker).
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
        (a, b) => panic!(
            "checked: {:?}\nunchecked: {:?}",
            a.as_ref().map(|_| ()),
            b.as_ref().map(|_| ())
        ),
    }
    let _ = qti::parse_item(data, &ReadOptions::unchecked());
    let _ = qti::parse_test(data, &ReadOptions::unchecked());
    let _ = qti::parse_result(data, &ReadOptions::unchecked());
});
