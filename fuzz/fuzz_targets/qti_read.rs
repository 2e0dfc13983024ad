//! QTI 2.x/3.0 items, tests, sections, stimuli and results: read (lenient, strict, unchecked),
//! validate. Never a panic; every read error has a code.
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
    let _ = qti::parse_item(data, &ReadOptions::unchecked());
    let _ = qti::parse_test(data, &ReadOptions::unchecked());
    let _ = qti::parse_result(data, &ReadOptions::unchecked());
});
