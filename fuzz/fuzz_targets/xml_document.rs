//! Any bytes into the XML reader and tree builder: never a panic, and every error has a code.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lti_core::xml::{self, Event, Limits, Reader};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    if let Err(e) = xml::parse_document(data, &limits) {
        assert!(e.code().starts_with("xml."));
    }
    let _ = xml::sniff_root(data, &limits);
    if let Ok(mut r) = Reader::new(data, &limits) {
        for _ in 0..100_000 {
            match r.next() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }
});
