//! Differential fuzzing of the XML tokenizer: for any bytes without a DOCTYPE, our
//! `parse_document` accepts exactly when roxmltree accepts, and both read the same elements,
//! namespaces, attributes, text, comments and processing instructions. The oracle and the
//! documented, intentional differences live in `lti-core/tests/xml_differential/compare.rs`
//! (shared with the proptest there).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../lti-core/tests/xml_differential/compare.rs"]
mod compare;

fuzz_target!(|data: &[u8]| {
    if let compare::Verdict::Disagree(why) = compare::compare(data) {
        panic!(
            "disagreement on {:?}:\n{why}",
            String::from_utf8_lossy(data)
        );
    }
});
