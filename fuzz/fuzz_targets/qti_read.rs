//! QTI 2.x/3.0 items, tests, sections, stimuli and results: read (lenient, strict, unchecked),
//! validate. Never a panic; every read error has a code; reading without the schema checks (which
//! takes shortcuts, such as stepping over indentation without events) builds the same model as
//! reading with them, or fails with the same error.
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
        (Ok((checked, _)), Ok((unchecked, _))) => assert_eq!(checked, unchecked),
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
        (a, b) => panic!("checked: {:?}\nunchecked: {:?}", a.map(|_| ()), b.map(|_| ())),
    }
    let _ = qti::parse_item(data, &ReadOptions::unchecked());
    let _ = qti::parse_test(data, &ReadOptions::unchecked());
    let _ = qti::parse_result(data, &ReadOptions::unchecked());
});
