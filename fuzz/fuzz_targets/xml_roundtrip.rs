//! read → write → read gives the same tree, for every document the reader accepts.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lti_core::xml::{self, Limits, WriteOptions, writer};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let Ok(doc) = xml::parse_document(data, &limits) else { return };
    let out = writer::write_document(&doc, &WriteOptions::default());
    let again = match xml::parse_document(out.as_bytes(), &limits) {
        Ok(d) => d,
        Err(e) => panic!("our own output does not parse: {e}\n{out}"),
    };
    assert_eq!(again.root, doc.root, "round trip changed the tree:\n{out}");
});
