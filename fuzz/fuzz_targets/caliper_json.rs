//! Caliper JSON: read, validate (lenient and strict), write, re-read. Writing normalises (date-times
//! in the exact Caliper form), so the properties are: our output reads; writing what was re-read
//! gives the same JSON (a fixed point after one round, up to member order); compact and pretty
//! output read equal.
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
    let text = caliper::to_string(&doc);
    let again = caliper::read(text.as_bytes())
        .unwrap_or_else(|e| panic!("our output does not read: {e}\n{text}"));
    // Member order may change (an untyped object read back typed): compare as JSON values.
    let rewritten = caliper::to_string(&again);
    let json = |t: &str| serde_json::from_str::<serde_json::Value>(t).expect("our output is JSON");
    assert_eq!(json(&rewritten), json(&text), "writing is not stable");
    let pretty = caliper::to_string_pretty(&doc);
    let from_pretty = caliper::read(pretty.as_bytes())
        .unwrap_or_else(|e| panic!("our pretty output does not read: {e}\n{pretty}"));
    assert_eq!(from_pretty, again, "{pretty}");
    let _ = caliper::sensor::parse_config(data);
});
