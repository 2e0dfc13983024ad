//! Caliper JSON: read, validate (lenient and strict), write, re-read (unchanged).
#![no_main]
use caliper::ValidateOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let doc = match caliper::read(data) {
        Ok(d) => d,
        Err(e) => {
            assert!(!e.code().is_empty());
            return;
        }
    };
    let _ = caliper::validate(&doc);
    let _ = caliper::validate_with(&doc, &ValidateOptions::new().strict(true));
    for text in [caliper::to_string(&doc), caliper::to_string_pretty(&doc)] {
        let again = caliper::read(text.as_bytes())
            .unwrap_or_else(|e| panic!("our output does not read: {e}\n{text}"));
        assert_eq!(again, doc, "{text}");
    }
    let _ = caliper::sensor::parse_config(data);
});
